#!/bin/sh
# make bench-server: requests per second of one nginx worker on 127.0.0.1,
# measured with wrk (every run bounded by --duration), for each page:
#
#   static   the original page as a static file, "gzip on" (nginx defaults)
#   reader   the reader page, the engine on every request (no cache)
#   pool     the same with "reader_thread_pool default"
#   cached   the reader page from "reader_cache"
#
# beside the engine's own time for the page (build/reader-bench: decode,
# extract, render and gzip, median of 20 runs in one process).  Targets:
# cached >= 0.8 x static, and reader >= 0.8 x (1 / engine time).  Every
# client accepts gzip; the reader and cached responses are checked to be
# reader pages before they are measured.
#
#   tools/bench-server.sh [--duration S] [--connections N] [--write] [PAGE...]
#
# PAGE defaults to the sample article docs/examples/site/blog/tide-clock.html
# and, when ../shared/corpus is there, the article nearest the median size
# of its pages.  --write puts the table in the "Server" section of
# docs/performance.md.  Environment: READER_MODULE, READER_BENCH,
# READER_EXTRACT, NGINX_BINARY.

set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
module=${READER_MODULE:-$repo/build/ngx_http_reader_filter_module.so}
bench=${READER_BENCH:-$repo/build/reader-bench}
extract=${READER_EXTRACT:-$repo/build/reader-extract}
nginx=${NGINX_BINARY:-/usr/sbin/nginx}
corpus=$repo/../shared/corpus
duration=5
conns=8
write=0

while [ $# -gt 0 ]; do
    case $1 in
    --duration)    duration=$2; shift ;;
    --connections) conns=$2; shift ;;
    --write)       write=1 ;;
    -h|--help)     sed -n '2,23s/^# \{0,1\}//p' "$0"; exit 0 ;;
    -*)            echo "bench-server: unknown option $1" >&2; exit 1 ;;
    *)             break ;;
    esac
    shift
done

for f in "$module" "$bench" "$extract" "$nginx"; do
    [ -e "$f" ] || { echo "bench-server: $f not found (make module all)" >&2
                     exit 1; }
done

# nginx runs in another directory
module=$(cd "$(dirname "$module")" && pwd)/$(basename "$module")

command -v wrk >/dev/null \
    || { echo "bench-server: wrk not found (apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null \
    || { echo "bench-server: curl not found (apt-get install curl)" >&2; exit 1; }

# the default pages: the sample article, and the corpus article nearest the
# median size that the engine takes for an article

if [ $# -eq 0 ]; then
    set -- "$repo/docs/examples/site/blog/tide-clock.html"

    if [ -d "$corpus" ]; then
        median=$(find "$corpus" -name source.html -printf '%s %p\n' \
                 | sort -n | awk '{ p[NR] = $2 }
                     END { m = int((NR + 1) / 2)
                           for (d = 0; d < NR; d++) {
                               if (m + d <= NR) print p[m + d]
                               if (d && m - d >= 1) print p[m - d] } }' \
                 | while read -r p; do
                       if "$extract" "$p" >/dev/null 2>&1; then
                           echo "$p"
                           break
                       fi
                   done)
        [ -n "$median" ] && set -- "$@" "$median"
    fi
fi

prefix=$(mktemp -d "${TMPDIR:-/tmp}/bench-server.XXXXXX")
pid=
cleanup() {
    [ -n "$pid" ] && kill -QUIT "$pid" 2>/dev/null && wait "$pid" || true
    rm -rf "$prefix"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

chmod 755 "$prefix"
mkdir -p "$prefix/conf" "$prefix/logs" "$prefix/html" "$prefix/tmp"
chmod 755 "$prefix/html"

port=$(perl -MIO::Socket::INET -e \
    'print IO::Socket::INET->new(LocalAddr => "127.0.0.1:0", Listen => 1)
           ->sockport')

n=0
for page in "$@"; do
    n=$((n + 1))
    cp "$page" "$prefix/html/p$n.html"
    chmod 644 "$prefix/html/p$n.html"
done

cat > "$prefix/conf/nginx.conf" <<EOF
load_module $module;
worker_processes 1;
daemon off;
pid $prefix/logs/nginx.pid;
error_log $prefix/logs/error.log warn;

events {
    worker_connections 1024;
}

http {
    client_body_temp_path $prefix/tmp/body;
    proxy_temp_path $prefix/tmp/proxy;
    fastcgi_temp_path $prefix/tmp/fastcgi;
    uwsgi_temp_path $prefix/tmp/uwsgi;
    scgi_temp_path $prefix/tmp/scgi;

    types { text/html html; }
    access_log off;
    sendfile on;
    root $prefix/html;

    server {
        listen 127.0.0.1:$port;

        location /static/ {
            rewrite ^/static(/.*)\$ \$1 break;
            gzip on;
        }

        location /reader/ {
            rewrite ^/reader(/.*)\$ \$1 break;
            reader on;
        }

        location /pool/ {
            rewrite ^/pool(/.*)\$ \$1 break;
            reader on;
            reader_thread_pool default;
        }

        location /cached/ {
            rewrite ^/cached(/.*)\$ \$1 break;
            reader on;
            reader_cache zone=bench:16m;
        }
    }
}
EOF

"$nginx" -p "$prefix/" -c conf/nginx.conf -e "$prefix/logs/error.log" &
pid=$!

i=0
until curl -s -o /dev/null "http://127.0.0.1:$port/static/p1.html"; do
    i=$((i + 1))
    [ $i -lt 100 ] && kill -0 "$pid" 2>/dev/null \
        || { echo "bench-server: nginx did not start" >&2
                        cat "$prefix/logs/error.log" >&2; exit 1; }
    sleep 0.1
done

# checks that loc/page answers gzip (and, but for static, a reader page)

check() {
    h=$(curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' \
            "http://127.0.0.1:$port/$1/$2")
    echo "$h" | grep -qi '^content-encoding: gzip' \
        || { echo "bench-server: /$1/$2 is not gzip" >&2; exit 1; }
    [ "$1" = static ] \
        || echo "$h" | grep -qi '^content-security-policy:' \
        || { echo "bench-server: /$1/$2 is not a reader page" >&2; exit 1; }
}

# CPU seconds of the worker, its threads included

hz=$(getconf CLK_TCK)
worker=$(cat "/proc/$pid/task/$pid/children" | awk '{ print $1 }')

cpu() {
    sed 's/.*) //' "/proc/$worker/stat" \
        | awk -v hz="$hz" '{ printf "%.2f", ($12 + $13) / hz }'
}

# one run of loc/page: "requests/s CPU-µs-per-request"

run() {
    check "$1" "$2"
    c0=$(cpu)
    out=$(wrk -t1 -c"$conns" -d"${duration}s" -H 'Accept-Encoding: gzip' \
              "http://127.0.0.1:$port/$1/$2")
    c1=$(cpu)
    echo "$out" | awk -v c0="$c0" -v c1="$c1" '
        / requests in / { n = $1 }
        /^Requests\/sec:/ { r = $2 }
        END { printf "%.0f %.0f", r, n ? (c1 - c0) * 1e6 / n : 0 }'
}

table=$prefix/table.md

# replaces the "## Server" section of the document $1 (up to the next "## "
# heading); a new document gets an empty "## Engine" section too

write_section() {
    section=$prefix/section.md

    cat > "$section" <<EOF
## Server

Measured with \`make bench-server\` ([tools/bench-server.sh](../tools/bench-server.sh))
on $(date -u +%Y-%m-%d):
one worker of $("$nginx" -v 2>&1 | sed 's/^nginx version: //') with the module from \`make module\`, \`sendfile on\`;
wrk (one thread, $conns connections, every client accepting gzip) on 127.0.0.1,
${duration} s per run; $(nproc) cores shared with other work (load average
$(awk '{ print $1 }' /proc/loadavg) after the runs).

$(cat "$table")

- **static+gzip**: the original page as a static file with \`gzip on\`
  (nginx's defaults: level 1, compressed on every request).
- **reader**: the reader page, the engine on every request (extract,
  render, gzip at \`reader_gzip_level 6\`); **pool**: the same with
  \`reader_thread_pool default\`: the engine runs beside the worker, on the
  other core, so one worker serves more than one core's worth; the CPU
  time per request is about that of **reader** (plus the hand-over).
- **cached**: the reader page from \`reader_cache\`: no engine, no
  compression; the static file is opened but not read.
- Each run: requests per second, and in parentheses the worker's CPU time
  per request in µs (its threads included; from /proc, over the run).
- **engine µs**: \`build/reader-bench --iterations 20 PAGE\`, the median of
  decode, extract, render and gzip in one process.
- Targets: **cached/static** (requests per second) at least 0.8, and
  **engine/reader** at least 0.8: the engine's time over the worker's CPU
  time per uncached reader request, that is the reader requests per second
  a worker with a core to itself serves, over the ceiling 1 / engine time.
  The worker's CPU time, not wall time, is the measure: on a shared
  machine the worker also waits for wrk and for other work, which says
  nothing about nginx.

The runs, for each page:

    wrk -t1 -c$conns -d${duration}s -H 'Accept-Encoding: gzip' http://127.0.0.1:PORT/static/PAGE
    wrk -t1 -c$conns -d${duration}s -H 'Accept-Encoding: gzip' http://127.0.0.1:PORT/reader/PAGE
    wrk -t1 -c$conns -d${duration}s -H 'Accept-Encoding: gzip' http://127.0.0.1:PORT/pool/PAGE
    wrk -t1 -c$conns -d${duration}s -H 'Accept-Encoding: gzip' http://127.0.0.1:PORT/cached/PAGE

against these locations of the generated nginx.conf:

    location /static/ { rewrite ^/static(/.*)\$ \$1 break; gzip on; }
    location /reader/ { rewrite ^/reader(/.*)\$ \$1 break; reader on; }
    location /pool/   { rewrite ^/pool(/.*)\$ \$1 break; reader on;
                        reader_thread_pool default; }
    location /cached/ { rewrite ^/cached(/.*)\$ \$1 break; reader on;
                        reader_cache zone=bench:16m; }

EOF

    perl -e '
        my ($doc, $section) = @ARGV;
        local $/;
        open my $s, "<", $section or die "$section: $!";
        my $new = <$s>;
        my $text = "# Performance\n\n## Engine\n\n";
        if (open my $d, "<", $doc) { $text = <$d>; }
        $text .= "\n## Server\n" unless $text =~ /^## Server$/m;
        $text =~ s/^## Server\n.*?(?=^## |\z)/$new/ms;
        open my $o, ">", $doc or die "$doc: $!";
        print $o $text;
    ' "$1" "$section"

    echo "bench-server: wrote the Server section of $1"
}

{
    echo '| page | bytes | engine µs | static+gzip | reader | pool | cached | cached/static | engine/reader |'
    echo '|---|---:|---:|---:|---:|---:|---:|---:|---:|'
} > "$table"

n=0
status=0
for page in "$@"; do
    n=$((n + 1))
    name=$(echo "$page" | sed "s|^$repo/||; s|^.*/shared/corpus/||")
    bytes=$(wc -c < "$page")

    engine_us=$("$bench" --iterations 20 "$page" 2>/dev/null \
                | awk -F'\t' 'NR == 1 { print $5 }')

    static=$(run static "p$n.html")
    reader=$(run reader "p$n.html")
    pool=$(run pool "p$n.html")
    cached=$(run cached "p$n.html")

    line=$(echo "$static $reader $pool $cached" | awk -v name="$name" \
               -v bytes="$bytes" -v us="$engine_us" '
        { cs = $7 / $1; er = us / $4
          printf "| %s | %d | %.0f | %d (%d) | %d (%d) | %d (%d) | %d (%d) | %.2f%s | %.2f%s |\n",
              name, bytes, us, $1, $2, $3, $4, $5, $6, $7, $8,
              cs, (cs >= 0.8 ? "" : " (below 0.8)"),
              er, (er >= 0.8 ? "" : " (below 0.8)")
          exit (cs >= 0.8 && er >= 0.8) ? 0 : 1 }') || status=1
    echo "$line" >> "$table"
done

cat "$table"

if grep -q '\[\(alert\|crit\|emerg\)\]' "$prefix/logs/error.log"; then
    echo "bench-server: alerts in the error log:" >&2
    grep '\[\(alert\|crit\|emerg\)\]' "$prefix/logs/error.log" >&2
    status=1
fi

if [ "$write" = 1 ]; then
    write_section "$repo/docs/performance.md"
fi

[ "$status" = 0 ] || echo "bench-server: a target was missed (see the table)"
exit $status
