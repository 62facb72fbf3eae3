#!/bin/sh
# Writes scripts/hot-symbols.txt: the functions `tongbao build` runs on the shipped samples and
# on a generated national campaign, by their symbol names, which build.rs hands to the linker
# so that they lie together in the binary (a smaller resident binary: see build.rs). Run it
# after changes that add or rename many functions on the build's path; a stale list costs
# memory, never correctness.
# Needs valgrind (callgrind records every function a run enters).
set -eu
cd "$(dirname "$0")/.."
bin="${CARGO_TARGET_DIR:-target}/release/tongbao"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A national campaign (the bench's generator, tests/common/generate.rs): its load and PDF run
# on a second thread (src/parallel.rs).
cat > "$work/gen.rs" <<RUST
#[path = "$PWD/tests/common/generate.rs"]
mod generate;
fn main() {
    let dir = std::env::args().nth(1).expect("folder");
    generate::campaign(std::path::Path::new(&dir), 3000);
}
RUST
rustc -O --edition 2024 -o "$work/gen" "$work/gen.rs"
"$work/gen" "$work/national"
n=0
run() {
    n=$((n + 1))
    valgrind --tool=callgrind --demangle=no --compress-strings=no --compress-pos=no \
        --callgrind-out-file="$work/cg.$n" "$bin" "$@" >/dev/null 2>&1 || true
}
runs() {
    for sample in sample-data/*/; do
        run build "$sample" --out "$work/out$n"
        run build "$sample" --format xlsx --out "$work/out$n"
    done
    run build "$work/national" --out "$work/out$n"
}
# The binary as `cargo build --release` links it, then as `cargo bench` does: the benches'
# dev-dependencies change some crates' features, and with them the hashes in the symbols'
# names, so the list holds both spellings.
cargo build --release --quiet
runs
cargo bench --no-run --quiet 2>/dev/null
runs
# The `fn=` lines of the binary's own object (`ob=`), without addresses and valgrind's names.
for f in "$work"/cg.*; do
    awk '/^ob=/ { ob = $0 } /^fn=/ && ob ~ /tongbao$/ { sub(/^fn=/, ""); sub(/'"'"'[0-9]+$/, ""); print }' "$f"
done | grep -v -e '^0x' -e '^(below main)' | LC_ALL=C sort -u > scripts/hot-symbols.txt
echo "scripts/hot-symbols.txt: $(wc -l < scripts/hot-symbols.txt) functions"
