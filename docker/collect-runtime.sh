#!/usr/bin/env bash
# Lays out the whole file system of the final image in DEST (the Dockerfile's last stage is
# FROM scratch and copies DEST to /):
#
#   bash docker/collect-runtime.sh BINARY DEST
#
# - BINARY, stripped, as /usr/local/bin/socialite;
# - exactly the shared libraries `ldd BINARY` names, the dynamic loader included, at the paths
#   ldd found them (the loader looks there by default, so no ld.so.cache is needed);
# - the CA trust store (for https:// webhook, SNS and S3 endpoints), where OpenSSL looks;
# - fixtures/default.json and fixtures/template_library.json in /opt/socialite/fixtures (the
#   binary has them built in; the copies are there to read or start a custom file from);
# - /etc/passwd and /etc/group naming root and socialite (uid and gid 10001), /data owned by
#   socialite, and /tmp (SQLite's fallback temp directory).
# Run from the repository root, as root (to chown). The result runs under `chroot DEST`, which
# is how tests/contract/dockerfile.test.mjs checks it without Docker.
set -euo pipefail

binary="${1:?usage: collect-runtime.sh BINARY DEST}"
dest="${2:?usage: collect-runtime.sh BINARY DEST}"
uid=10001

# DEST becomes /: everyone may traverse it (mktemp -d would leave it 0700).
mkdir -p "$dest"
chmod 0755 "$dest"
mkdir -p "$dest"/usr/local/bin "$dest"/etc "$dest"/opt/socialite/fixtures "$dest"/data/s3 "$dest"/tmp
install -m 0755 "$binary" "$dest/usr/local/bin/socialite"
# The Release build keeps its symbol table; the image does not need it.
if command -v strip >/dev/null 2>&1; then strip --strip-unneeded "$dest/usr/local/bin/socialite"; fi

# ldd prints "libx.so.N => /path/libx.so.N (0x...)" per library and "/path/ld-linux... (0x...)"
# for the loader; a library ldd cannot find ("=> not found") is an error here, not a gap in the
# image found at run time.
ldd_out="$(ldd "$binary")"
if grep -q 'not found' <<<"$ldd_out"; then
  echo "collect-runtime: $binary needs libraries that are not installed:" >&2
  grep 'not found' <<<"$ldd_out" >&2
  exit 1
fi
mapfile -t libs < <(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$ldd_out")
if [ "${#libs[@]}" -eq 0 ]; then
  echo "collect-runtime: ldd found no libraries in $binary (a static build needs no collection)" >&2
fi
for lib in "${libs[@]}"; do
  # -L: the file itself under the name the binary asks for (Debian's names are symlinks to
  # versioned files); --parents: at the same path.
  cp -L --parents "$lib" "$dest/"
done

# Debian's OpenSSL looks for its default trust store at /usr/lib/ssl/cert.pem, a link to the
# bundle that update-ca-certificates writes.
bundle=/etc/ssl/certs/ca-certificates.crt
[ -s "$bundle" ] || { echo "collect-runtime: no CA bundle at $bundle (install ca-certificates)" >&2; exit 1; }
cp -L --parents "$bundle" "$dest/"
mkdir -p "$dest/usr/lib/ssl"
ln -sfn "$bundle" "$dest/usr/lib/ssl/cert.pem"

cp fixtures/default.json fixtures/template_library.json "$dest/opt/socialite/fixtures/"

printf '%s\n' 'root:x:0:0:root:/root:/usr/sbin/nologin' \
  "socialite:x:$uid:$uid:Socialite:/data:/usr/sbin/nologin" >"$dest/etc/passwd"
printf '%s\n' 'root:x:0:' "socialite:x:$uid:" >"$dest/etc/group"
chmod 1777 "$dest/tmp"
chown -R "$uid:$uid" "$dest/data"

echo "collect-runtime: $dest holds $(du -sh "$dest" | cut -f1) (${#libs[@]} libraries)"
