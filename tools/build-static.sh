#!/bin/sh
# A static nginx with the reader module compiled in (--add-module), from the
# pristine sources of Debian 12's nginx source package, and the checks that
# it works: -V names the module, the module sits right before gzip in the
# filter chain, and a configuration with `reader on;` serves a reader page.
#
#   sh tools/build-static.sh [--tests] [OUTDIR]     (default build/static)
#
#   --tests   also run the nginx tests (tests/nginx) against the binary
#
# Result: OUTDIR/nginx.  The sources come from tools/nginx-source.sh (kept
# in build/nginx-src/bookworm); the HTTP modules are those of the installed
# nginx.  Needs a compiler, libxml2-dev, zlib1g-dev, libpcre2-dev,
# libssl-dev and curl (tools/install-deps.sh installs them with nginx-dev).

set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
tests=0
if [ "${1:-}" = --tests ]; then
    tests=1
    shift
fi
out=${1:-$repo/build/static}
mkdir -p "$out"
out=$(cd "$out" && pwd)

say() {
    echo "build-static: $*"
}

die() {
    echo "build-static: FAILED: $*" >&2
    exit 1
}

tree=$(sh "$repo/tools/nginx-source.sh" bookworm "$repo/build/nginx-src/bookworm")

rm -rf "$out/nginx-src"
cp -a "$tree" "$out/nginx-src"
cd "$out/nginx-src"

# the HTTP modules of Debian's nginx, which the nginx tests may use
modules=$(sh "$repo/tools/nginx-source.sh" --modules)

say "configure --add-module=$repo" $modules
# shellcheck disable=SC2086
./configure --prefix="$out/prefix" $modules \
    --add-module="$repo" > "$out/configure.log" 2>&1 \
    || { tail -n 30 "$out/configure.log" >&2; die "configure"; }

say "make (log: $out/make.log)"
make -f objs/Makefile -j2 > "$out/make.log" 2>&1 \
    || { grep -E 'error' "$out/make.log" | head -n 30 >&2;
         tail -n 20 "$out/make.log" >&2; die "make"; }

cp objs/nginx "$out/nginx"
nginx=$out/nginx


# 1. nginx -V names the module among the configure arguments
"$nginx" -V 2>&1 | grep -q -- "--add-module=$repo\( \|$\)" \
    || die "nginx -V does not list --add-module=$repo"
say "ok: $("$nginx" -v 2>&1), -V lists --add-module=$repo"

# 2. filters run in the reverse of the list: reader right after gzip in
#    ngx_modules.c runs right before it
order=$(sed -n 's/^ *"\(ngx_http_[a-z_]*_filter_module\)",$/\1/p' \
        objs/ngx_modules.c)
next=$(echo "$order" | grep -A1 -x ngx_http_gzip_filter_module | tail -n 1)
[ "$next" = ngx_http_reader_filter_module ] \
    || die "ngx_modules.c: after gzip comes $next, not the reader module"
say "ok: the reader filter runs right before gzip"

# 3. a configuration with reader on serves a reader page
run=$(mktemp -d "${TMPDIR:-/tmp}/nginx-reader-static.XXXXXX")
pid=
trap '[ -z "$pid" ] || kill -QUIT "$pid" 2>/dev/null; sleep 0.3; rm -rf "$run"' EXIT

# workers run as nobody when started as root: they serve a copy of the
# site in this scratch folder, readable whatever the clone's folder allows
chmod 755 "$run"
mkdir -p "$run/logs" "$run/tmp"
cp -R "$repo/docs/examples/site" "$run/site"
chmod -R a+rX "$run/site"
port=$(perl -MIO::Socket::INET -e '
    print IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1",
                                LocalPort => 0)->sockport')

cat > "$run/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $run/logs/nginx.pid;
events { worker_connections 64; }
http {
    include $out/nginx-src/conf/mime.types;
    client_body_temp_path $run/tmp/body;
    proxy_temp_path $run/tmp/proxy;
    fastcgi_temp_path $run/tmp/fastcgi;
    uwsgi_temp_path $run/tmp/uwsgi;
    scgi_temp_path $run/tmp/scgi;
    log_format reader '\$request_uri \$status reader=\$reader_status';
    access_log $run/logs/access.log reader;
    server {
        listen 127.0.0.1:$port;
        root $run/site;
        reader on;
    }
}
EOF

"$nginx" -t -q -p "$run/" -c nginx.conf -e "$run/logs/error.log" \
    || { cat "$run/logs/error.log" >&2; die "nginx -t"; }

"$nginx" -p "$run/" -c nginx.conf -e "$run/logs/error.log" &
pid=$!

i=0
until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
    i=$((i + 1))
    [ $i -lt 100 ] && kill -0 "$pid" 2>/dev/null \
        || { cat "$run/logs/error.log" >&2; die "nginx did not start"; }
    sleep 0.1
done

curl -sS -D "$run/h" -o "$run/b" "http://127.0.0.1:$port/blog/tide-clock.html"
grep -qi '^Content-Security-Policy: ' "$run/h" \
    && grep -q 'rel="canonical"' "$run/b" \
    && grep -q 'reader=applied' "$run/logs/access.log" \
    || { cat "$run/h" "$run/logs/error.log" >&2; die "no reader page"; }

kill -QUIT "$pid"
wait "$pid" || true
pid=

if grep -E '\[(alert|crit|emerg)\]' "$run/logs/error.log" >&2; then
    die "alerts in the error log"
fi
say "ok: reader on serves a reader page ($(wc -c < "$run/b") bytes)"

# 4. the nginx tests, with the module compiled in
if [ "$tests" = 1 ]; then
    say "prove tests/nginx/ against $nginx"
    make -C "$repo" -s build/reader-extract >/dev/null
    cd "$repo"
    READER_MODULE=static NGINX_BINARY="$nginx" \
    READER_EXTRACT="$repo/build/reader-extract" prove tests/nginx/
fi
