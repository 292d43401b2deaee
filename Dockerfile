# Socialite: a local emulator of AWS End User Messaging Social (WhatsApp).
#
#   docker build -t socialite .
#   docker run --rm -p 4576:4576 socialite
#
# Every RUN step is checked by tests/contract/dockerfile.test.mjs: the build runs the same
# docker/build.sh as README.md and tests/run.sh, and the apt-get steps read their package
# lists from docker/*-packages.txt.

# ---- build: the toolchain, then docker/build.sh (docker/packages.txt + CMake Release) -------
FROM debian:12 AS build
WORKDIR /src
COPY docker/toolchain-packages.txt docker/
RUN apt-get update && sed -e 's/#.*//' docker/toolchain-packages.txt | xargs apt-get install -y --no-install-recommends && rm -rf /var/lib/apt/lists/*
COPY . .
RUN bash docker/build.sh

# ---- runtime: the binary, its shared libraries, the fixtures ---------------------------------
FROM debian:12-slim
WORKDIR /opt/socialite
COPY docker/runtime-packages.txt docker/
RUN apt-get update && sed -e 's/#.*//' docker/runtime-packages.txt | xargs apt-get install -y --no-install-recommends && rm -rf /var/lib/apt/lists/*
RUN groupadd --gid 10001 socialite && useradd --uid 10001 --gid socialite --home-dir /data --no-create-home --shell /usr/sbin/nologin socialite && mkdir -p /data/s3 && chown -R socialite:socialite /data

COPY --from=build /src/build/socialite /usr/local/bin/socialite
# The built-in fixtures are compiled into the binary (SOCIALITE_FIXTURES=default); this copy
# is there to read or to start a custom file from. Mount your own file and point
# SOCIALITE_FIXTURES at it, e.g. -v "$PWD/custom.json:/fixtures/custom.json:ro"
# -e SOCIALITE_FIXTURES=/fixtures/custom.json.
COPY fixtures/default.json fixtures/template_library.json /opt/socialite/fixtures/

ENV SOCIALITE_HOST=0.0.0.0 \
    SOCIALITE_PORT=4576 \
    SOCIALITE_DB=/data/socialite.db \
    SOCIALITE_S3_DIR=/data/s3
WORKDIR /data
VOLUME /data
EXPOSE 4576
USER socialite

# bash's /dev/tcp instead of installing curl: GET /_socialite/health, healthy on a 200.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SOCIALITE_PORT:-4576} && printf 'GET /_socialite/health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && read -r _ code _ <&3 && [ \"$code\" = 200 ]"]

ENTRYPOINT ["/usr/local/bin/socialite"]
