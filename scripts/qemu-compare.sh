#!/usr/bin/env bash
# qemu-compare.sh X86_BIN ARM64_BIN: runs the ARM64 binary under qemu-user on the shipped samples
# and requires byte-identical outputs to the x86_64 binary's. qemu-user here hangs in any program
# that starts a thread, so only the single-threaded paths run: `stats --json`, and `render` of the
# bulletin.md that the x86_64 binary composed. Compose renders the template on a watchdog thread, so
# neither `build` nor `check` (which composes the bulletin to measure its header texts) is run under
# qemu. Each qemu run is bounded by `timeout`.
set -euo pipefail
x86=$1
a64=$2
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
q() { timeout 300 qemu-aarch64 -L /usr/aarch64-linux-gnu "$a64" "$@"; }

for sample in "$root"/sample-data/*/; do
  name=$(basename "$sample")
  [ -f "$sample/campaign.yaml" ] || continue
  "$x86" build "$sample" --format md --out "$tmp/$name/md" >/dev/null
  for fmt in html pdf docx; do
    "$x86" render "$tmp/$name/md/bulletin.md" --format "$fmt" --out "$tmp/$name/x86" >/dev/null
    q render "$tmp/$name/md/bulletin.md" --format "$fmt" --out "$tmp/$name/a64" >/dev/null
    cmp "$tmp/$name/x86/bulletin.$fmt" "$tmp/$name/a64/bulletin.$fmt"
  done
  "$x86" stats "$sample" --json >"$tmp/$name/stats-x86.json" 2>/dev/null
  q stats "$sample" --json >"$tmp/$name/stats-a64.json" 2>/dev/null
  cmp "$tmp/$name/stats-x86.json" "$tmp/$name/stats-a64.json"
  echo "== aarch64 under qemu, $name: stats --json, render html/pdf/docx byte-identical to x86_64"
done
