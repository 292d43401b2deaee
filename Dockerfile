# Socialite: a local emulator of AWS End User Messaging Social (WhatsApp).
#
#   docker build -t socialite .
#   docker run --rm -p 4576:4576 socialite
#
# Every RUN step is checked by tests/contract/dockerfile.test.mjs, and tests/docker/run.sh
# builds, runs and contract-tests the image.

# ---- build: Debian 12, its packages, then the server target alone -------------------------------
FROM debian:12 AS build
WORKDIR /src
# Dependencies first, in their own layers: a change to the sources does not reinstall them.
COPY docker/install-deps.sh docker/toolchain-packages.txt docker/packages.txt docker/
RUN bash docker/install-deps.sh docker/toolchain-packages.txt docker/packages.txt
# Only what the server's build reads (README.md, the tests and the compose files are not in it,
# so changing them does not rebuild).
COPY docker/build.sh docker/
COPY CMakeLists.txt ./
COPY fixtures fixtures
COPY storage storage
COPY server server
RUN SOCIALITE_BUILD_TESTS=OFF bash docker/build.sh socialite
# The final image's whole file system, in /rootfs: the binary, the libraries ldd names, the CA
# trust store, the fixtures, the socialite user and /data. (Copied after the build, so a change
# to it does not recompile.)
COPY docker/collect-runtime.sh docker/
RUN bash docker/collect-runtime.sh build/socialite /rootfs

# ---- runtime: nothing but /rootfs (about 20 MB) -----------------------------------------------
FROM scratch
COPY --from=build /rootfs/ /

ENV SOCIALITE_HOST=0.0.0.0 \
    SOCIALITE_PORT=4576 \
    SOCIALITE_DB=/data/socialite.db \
    SOCIALITE_S3_DIR=/data/s3
WORKDIR /data
VOLUME /data
EXPOSE 4576
USER 10001:10001

# No shell or curl in the image: the binary asks GET /_socialite/health of itself, on
# SOCIALITE_HOST and SOCIALITE_PORT, and exits 0 on a 200. Docker runs the first check one
# interval after the start, so a short one lets `docker compose up --wait` and Testcontainers'
# health-check wait return within about 2 s; a check costs a few milliseconds of CPU.
HEALTHCHECK --interval=2s --timeout=3s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/socialite", "--health-check"]

ENTRYPOINT ["/usr/local/bin/socialite"]
