#!/usr/bin/env bash
# deb-check.sh DEB: installs the .deb (as root), runs the installed tongbao on a copy of the
# installed sample, checks that the fonts come from /usr/share/tongbao/fonts, then removes the
# package and checks that nothing of it is left.
set -euo pipefail
deb=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if dpkg -s tongbao >/dev/null 2>&1; then
  echo "deb-check.sh: a tongbao package is installed already; remove it first (dpkg -r tongbao)" >&2
  exit 1
fi
dpkg -i "$deb" >/dev/null
files=$(dpkg -L tongbao | grep -v '^/\.$')
/usr/bin/tongbao --version
cp -r /usr/share/tongbao/sample-data/linyi-kindergarten "$tmp/"
(cd "$tmp" && /usr/bin/tongbao check linyi-kindergarten >"$tmp/check.txt" 2>&1)
grep -q '/usr/share/tongbao/fonts/FandolFang-Regular.otf' "$tmp/check.txt" || {
  echo "deb-check.sh: the installed tongbao does not take its fonts from /usr/share/tongbao/fonts:" >&2
  cat "$tmp/check.txt" >&2
  exit 1
}
(cd "$tmp" && /usr/bin/tongbao build linyi-kindergarten --out "$tmp/out" >/dev/null)
for f in bulletin.md bulletin.html bulletin.pdf bulletin.docx; do
  [ -s "$tmp/out/$f" ] || { echo "deb-check.sh: $f not built" >&2; exit 1; }
done
man -l /usr/share/man/man1/tongbao.1.gz >/dev/null 2>&1 || true
dpkg -r tongbao >/dev/null
left=""
while IFS= read -r f; do
  if [ -e "$f" ] && [ ! -d "$f" ]; then left="$left $f"; fi
done <<<"$files"
if [ -n "$left" ]; then
  echo "deb-check.sh: left after dpkg -r:$left" >&2
  exit 1
fi
[ ! -e /usr/share/tongbao ] || { echo "deb-check.sh: /usr/share/tongbao left after dpkg -r" >&2; exit 1; }
echo "== $(basename "$deb"): installed, tongbao --version, check (fonts from /usr/share/tongbao/fonts) and build of the installed sample, removed cleanly"
