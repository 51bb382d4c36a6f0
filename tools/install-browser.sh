#!/bin/sh
# Install what the real-browser tests need (tests/browser/): Debian's
# Chromium and the fonts for CJK and Arabic/Hebrew screenshots, then
# playwright-core from the npm registry.  playwright-core never downloads a
# browser of its own: the tests point it at /usr/bin/chromium.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)

if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -q 'Noto Sans CJK'; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium fonts-noto-cjk fonts-noto-core >/dev/null
fi

cd "$here/tests/browser"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
else
    npm install --no-audit --no-fund --loglevel=error
fi
/usr/bin/chromium --version
