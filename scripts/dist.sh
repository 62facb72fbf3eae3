#!/usr/bin/env bash
# scripts/dist.sh — builds what an office installs, into dist/:
#   tongbao-<ver>-linux-x86_64/ and -aarch64/   binaries for glibc >= 2.28 (麒麟 V10, 统信UOS), fonts beside
#   tongbao-<ver>-linux-<arch>.tar.gz           the portable archive (binary, fonts, samples, 使用说明.txt)
#   tongbao_<ver>_amd64.deb, tongbao_<ver>_arm64.deb
#
# Each binary is checked: its highest required GLIBC symbol version must be <= 2.28 (objdump -T), or the
# script fails. The ARM64 binary is run under qemu-user on the samples as far as qemu here allows (qemu-user
# hangs in any program that starts a thread, so the commands that compose a bulletin, which render the
# template on a watchdog thread — `build` and `check` — are not run there): `stats --json` and `render` of the x86_64
# build's bulletin.md into html, pdf and docx, whose outputs must be byte-identical to the x86_64 build's.
# The .deb packages are checked with lintian and the desktop entry with desktop-file-validate.
#
# Options: --x86-only (skip the ARM64 binary and package), --no-qemu (skip running the ARM64 binary).
# Needs: cargo (rustup), python3 -m pip install ziglang cargo-zigbuild; for ARM64: Debian's rustc-web,
# libstd-rust-web-dev:arm64, gcc-aarch64-linux-gnu, libc6-dev-arm64-cross, qemu-user; dpkg-deb, lintian,
# desktop-file-utils, binutils. `scripts/dist-deps.sh` installs them on Debian 12.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

arm=1
qemu=1
for a in "$@"; do
  case "$a" in
    --x86-only) arm=0 ;;
    --no-qemu) qemu=0 ;;
    *) echo "dist.sh: unknown option $a" >&2; exit 2 ;;
  esac
done

ver=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
dist="$root/dist"
rm -rf "$dist"
mkdir -p "$dist"
glibc_max=2.28
t0=$(date +%s)

say() { printf '== %s\n' "$*"; }

# The highest GLIBC_x.y a binary requires, and a failure when it is above $glibc_max.
check_glibc() {
  local bin=$1 highest
  highest=$(objdump -T "$bin" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -1)
  if [ -z "$highest" ]; then
    echo "dist.sh: no GLIBC symbol versions found in $bin" >&2
    exit 1
  fi
  if [ "$(printf '%s\n%s\n' "$highest" "$glibc_max" | sort -V | tail -1)" != "$glibc_max" ]; then
    echo "dist.sh: $bin requires GLIBC_$highest, above $glibc_max" >&2
    objdump -T "$bin" | grep "GLIBC_$highest" >&2
    exit 1
  fi
  say "$(basename "$(dirname "$bin")")/$(basename "$bin"): highest GLIBC symbol $highest (<= $glibc_max)"
}

# The folder an office unpacks: binary, fonts (with their licence and fontconfig mapping), samples, notes.
stage_portable() {
  local bin=$1 arch=$2
  local dir="$dist/tongbao-$ver-linux-$arch"
  mkdir -p "$dir"
  install -m 755 "$bin" "$dir/tongbao"
  cp -r fonts "$dir/fonts"
  cp -r sample-data "$dir/sample-data"
  rm -rf "$dir"/sample-data/*/out "$dir"/sample-data/*/archive
  sed "s/@VERSION@/$ver/g" packaging/使用说明.txt > "$dir/使用说明.txt"
  cp LICENSE* "$dir/" 2>/dev/null || true
  tar -C "$dist" --owner=0 --group=0 --sort=name --mtime='2024-01-01 00:00Z' \
    -czf "$dist/tongbao-$ver-linux-$arch.tar.gz" "tongbao-$ver-linux-$arch"
  say "tongbao-$ver-linux-$arch.tar.gz"
}

# A .deb built with dpkg-deb from a staged tree (no build-time tool beyond Debian's own).
build_deb() {
  local bin=$1 debarch=$2
  local pkg="$dist/deb-$debarch"
  rm -rf "$pkg"
  install -Dm 755 "$bin" "$pkg/usr/bin/tongbao"
  install -Dm 755 packaging/tongbao-workbench "$pkg/usr/bin/tongbao-workbench"
  mkdir -p "$pkg/usr/share/tongbao"
  cp -r fonts "$pkg/usr/share/tongbao/fonts"
  cp -r sample-data "$pkg/usr/share/tongbao/sample-data"
  rm -rf "$pkg"/usr/share/tongbao/sample-data/*/out "$pkg"/usr/share/tongbao/sample-data/*/archive
  # The fonts' own documents belong under /usr/share/doc (lintian); the licence is kept there.
  install -Dm 644 packaging/tongbao.desktop "$pkg/usr/share/applications/tongbao.desktop"
  install -Dm 644 packaging/tongbao.svg "$pkg/usr/share/icons/hicolor/scalable/apps/tongbao.svg"
  mkdir -p "$pkg/usr/share/man/man1" "$pkg/usr/share/doc/tongbao"
  sed "s/@VERSION@/$ver/g" packaging/tongbao.1 | gzip -9n > "$pkg/usr/share/man/man1/tongbao.1.gz"
  sed "s/@VERSION@/$ver/g" packaging/tongbao-workbench.1 | gzip -9n > "$pkg/usr/share/man/man1/tongbao-workbench.1.gz"
  install -m 644 packaging/copyright "$pkg/usr/share/doc/tongbao/copyright"
  install -Dm 644 packaging/lintian-overrides "$pkg/usr/share/lintian/overrides/tongbao"
  sed "s/@VERSION@/$ver/g" packaging/changelog | gzip -9n > "$pkg/usr/share/doc/tongbao/changelog.gz"
  mkdir -p "$pkg/DEBIAN"
  local size
  size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
  sed -e "s/@VERSION@/$ver/g" -e "s/@ARCH@/$debarch/g" -e "s/@SIZE@/$size/g" \
    packaging/control > "$pkg/DEBIAN/control"
  (cd "$pkg" && find usr -type f -print0 | sort -z | xargs -0 md5sum) > "$pkg/DEBIAN/md5sums"
  find "$pkg" -type d -exec chmod 755 {} +
  local deb="$dist/tongbao_${ver}_${debarch}.deb"
  SOURCE_DATE_EPOCH=1704067200 dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >/dev/null
  rm -rf "$pkg"
  say "$(basename "$deb")"
  if command -v lintian >/dev/null 2>&1; then
    # The package ships its overrides, each with its reason (packaging/lintian-overrides).
    lintian "$deb" 2>/dev/null | tee "$dist/lintian-$debarch.txt"
    if grep -qE '^(E|W):' "$dist/lintian-$debarch.txt"; then
      echo "dist.sh: lintian reports errors or warnings for $deb (see above)" >&2
      exit 1
    fi
  fi
}

# The check can fail: this machine's own /bin/ls, when it needs a newer glibc, must be refused.
host=$(objdump -T /bin/ls | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -1)
if [ "$(printf '%s\n%s\n' "$host" "$glibc_max" | sort -V | tail -1)" != "$glibc_max" ]; then
  if (check_glibc /bin/ls) >/dev/null 2>&1; then
    echo "dist.sh: the GLIBC check passed /bin/ls, which needs GLIBC_$host" >&2
    exit 1
  fi
fi

command -v cargo-zigbuild >/dev/null 2>&1 || {
  echo "dist.sh: cargo-zigbuild is missing: python3 -m pip install ziglang cargo-zigbuild" >&2
  exit 1
}
desktop-file-validate packaging/tongbao.desktop

say "x86_64 binary (glibc $glibc_max)"
cargo zigbuild --release --locked --target "x86_64-unknown-linux-gnu.$glibc_max"
x86="$root/target/x86_64-unknown-linux-gnu/release/tongbao"
check_glibc "$x86"
stage_portable "$x86" x86_64
build_deb "$x86" amd64

if [ "$arm" = 1 ]; then
  say "aarch64 binary (glibc $glibc_max), with Debian's rustc and its aarch64 standard library"
  RUSTC=/usr/bin/rustc cargo zigbuild --release --locked --target "aarch64-unknown-linux-gnu.$glibc_max"
  a64="$root/target/aarch64-unknown-linux-gnu/release/tongbao"
  check_glibc "$a64"
  if [ "$qemu" = 1 ]; then
    scripts/qemu-compare.sh "$x86" "$a64"
  fi
  stage_portable "$a64" aarch64
  build_deb "$a64" arm64
fi

say "dist/ ($(($(date +%s) - t0)) s):"
(cd "$dist" && ls -l --block-size=K ./*.deb ./*.tar.gz)
