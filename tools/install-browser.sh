#!/bin/sh
# Install what the real-browser tests need (tests/browser/): Debian's
# Chromium and the fonts for CJK and Arabic/Hebrew screenshots, then
# playwright-core from the npm registry.  playwright-core never downloads a
# browser of its own: the tests point it at /usr/bin/chromium.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)

pkgs="chromium fonts-noto-cjk fonts-noto-core"
missing=
for p in $pkgs; do
    dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' \
        || missing="$missing $p"
done
if [ -n "$missing" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq $missing >/dev/null
fi

cd "$here/tests/browser"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
# (Debian's wrapper script prints a harmless shell warning on stderr.)
/usr/bin/chromium --version 2>/dev/null
