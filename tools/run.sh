#!/bin/sh
# make run: nginx in the foreground with the reader module, serving the
# sample site in docs/examples/site on 127.0.0.1:8080 (or $LISTEN).
#
#   sh tools/run.sh [BUILDDIR]     (BUILDDIR holds the module; default build)
#
# Environment: LISTEN (address:port), NGINX_BINARY (default /usr/sbin/nginx),
# READER_MODULE (default BUILDDIR/ngx_http_reader_filter_module.so).
# Ctrl-C stops it; the temporary prefix is removed.

set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build="$repo/$build" ;; esac

listen=${LISTEN:-127.0.0.1:8080}
nginx=${NGINX_BINARY:-/usr/sbin/nginx}
module=${READER_MODULE:-$build/ngx_http_reader_filter_module.so}

if [ ! -x "$nginx" ]; then
    echo "run: $nginx not found (apt-get install nginx)" >&2
    exit 1
fi

if [ ! -f "$module" ]; then
    echo "run: $module not found (make module)" >&2
    exit 1
fi

prefix=$(mktemp -d "${TMPDIR:-/tmp}/nginx-reader-run.XXXXXX")
trap 'rm -rf "$prefix"' EXIT
trap 'exit 130' INT TERM

# workers run as nobody when started as root: they serve a copy of the
# site in this scratch folder, readable whatever the clone's folder allows
chmod 755 "$prefix"
mkdir -p "$prefix/conf" "$prefix/logs" "$prefix/tmp"
cp -R "$repo/docs/examples/site" "$prefix/site"
chmod -R a+rX "$prefix/site"

sed -e "s|@MODULE@|$module|g" \
    -e "s|@PREFIX@|$prefix|g" \
    -e "s|@LISTEN@|$listen|g" \
    -e "s|@SITE@|$prefix/site|g" \
    "$repo/docs/examples/nginx-site.conf" > "$prefix/conf/nginx.conf"

"$nginx" -t -q -p "$prefix/" -c conf/nginx.conf -e "$prefix/logs/error.log"

cat <<EOF
nginx-reader sample site on http://$listen/
  http://$listen/read/blog/tide-clock.html
  http://$listen/news/night-shelf.html?reader=1
Ctrl-C stops it.
EOF

"$nginx" -p "$prefix/" -c conf/nginx.conf -e "$prefix/logs/error.log" || true
