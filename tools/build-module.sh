#!/bin/sh
# Builds the dynamic module against the installed nginx (Debian's nginx-dev
# tree), so the .so matches the running binary exactly.
#
#   sh tools/build-module.sh [OUTDIR]   (make module; OUTDIR defaults to build)
#
# Result: OUTDIR/ngx_http_reader_filter_module.so
# Environment: NGX_SRC (default /usr/share/nginx/src), NGX_CC_OPT and
# NGX_LD_OPT (extra --with-cc-opt/--with-ld-opt, e.g. for ASan).

set -eu

out=${1:-build}
repo=$(cd "$(dirname "$0")/.." && pwd)
src=${NGX_SRC:-/usr/share/nginx/src}
pkgs="nginx nginx-dev libxml2-dev zlib1g-dev"

missing=
for p in $pkgs; do
    dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' \
        || missing="$missing $p"
done

if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "build-module: installing$missing" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >&2
    else
        echo "build-module: missing packages; run as root:" >&2
        echo "    apt-get install -y$missing" >&2
        exit 1
    fi
fi

if [ ! -f "$src/conf_flags" ]; then
    echo "build-module: $src/conf_flags not found (is nginx-dev installed?)" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

cp -a "$src" "$tmp/nginx"
mkdir -p "$out"
out=$(cd "$out" && pwd)

# conf_flags is a bash array; configure runs in bash to expand it exactly
bash -euc '
    cd "$1"
    . ./conf_flags
    extra=()
    [ -n "${NGX_CC_OPT:-}" ] && extra+=("--with-cc-opt=$NGX_CC_OPT")
    [ -n "${NGX_LD_OPT:-}" ] && extra+=("--with-ld-opt=$NGX_LD_OPT")
    ./configure "${NGX_CONF_FLAGS[@]}" "${extra[@]}" \
        --add-dynamic-module="$2" > configure.log 2>&1 \
        || { tail -n 30 configure.log >&2; exit 1; }
' sh "$tmp/nginx" "$repo"

# Debian removes the top-level Makefile: call objs/Makefile directly
make -C "$tmp/nginx" -f objs/Makefile -j2 modules >"$tmp/make.log" 2>&1 \
    || { tail -n 40 "$tmp/make.log" >&2; exit 1; }

cp "$tmp/nginx/objs/ngx_http_reader_filter_module.so" \
   "$out/ngx_http_reader_filter_module.so"
echo "build-module: $out/ngx_http_reader_filter_module.so"
