#!/usr/bin/env bash
# Installs what scripts/dist.sh needs on Debian 12 (as root): zig and cargo-zigbuild from PyPI;
# Debian's rustc-web with its aarch64 standard library, the aarch64 C toolchain and libc, qemu-user;
# lintian, desktop-file-utils, binutils (objdump), dpkg-dev.
set -euo pipefail
python3 -c "import ziglang" 2>/dev/null && command -v cargo-zigbuild >/dev/null 2>&1 || {
  python3 -m pip install -q ziglang cargo-zigbuild \
    || python3 -m pip install -q --break-system-packages ziglang cargo-zigbuild
}
need=()
[ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/aarch64-unknown-linux-gnu ] || need+=(rustc-web libstd-rust-web-dev:arm64)
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || need+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
command -v qemu-aarch64 >/dev/null 2>&1 || need+=(qemu-user)
command -v lintian >/dev/null 2>&1 || need+=(lintian)
command -v desktop-file-validate >/dev/null 2>&1 || need+=(desktop-file-utils)
command -v objdump >/dev/null 2>&1 || need+=(binutils)
command -v dpkg-deb >/dev/null 2>&1 || need+=(dpkg)
if [ ${#need[@]} -gt 0 ]; then
  dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
