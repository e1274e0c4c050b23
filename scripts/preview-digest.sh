#!/usr/bin/env bash
# Screenshots the sample digest (scripts/preview-digest.js) in headless
# Chromium, as a check that the HTML renders well: a phone width (400 px) and
# a desktop width (800 px) per language. Debian: apt-get install chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/digest-preview}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "preview-digest: chromium is not installed (apt-get install chromium)" >&2; exit 1; }
node scripts/preview-digest.js "$out" >/dev/null
for lang in en ru ro; do
  for width in 400 800; do
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$width,4200" \
      --screenshot="$out/digest-$lang-$width.png" "file://$out/digest-$lang.html" >/dev/null 2>&1
  done
done
ls "$out"/digest-*.png
