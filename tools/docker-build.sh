#!/bin/sh
# Every build step of the Dockerfile, one subcommand each, so that CI runs
# exactly what the image build runs, without a Docker engine, in a scratch
# root (`ci`).
#
#   tools/docker-build.sh runtime-deps [--clean]   nginx and libxml2 (apt)
#   tools/docker-build.sh build-deps [--clean]     compiler, headers, curl, and
#                                nginx-dev of exactly the installed nginx
#   tools/docker-build.sh install DESTDIR          build the module against the
#                                installed nginx (tools/build-module.sh) and lay
#                                out under DESTDIR what the runtime image carries
#   tools/docker-build.sh user                     the non-root user (uid and
#                                gid 10001)
#                                and its state directory (runtime image, root)
#   tools/docker-build.sh selftest DESTDIR         run the tree in DESTDIR on
#                                free localhost ports: the Debian snippet, the
#                                site, origin and proxy modes, the health probe
#   tools/docker-build.sh ci                       deps, install into a scratch
#                                DESTDIR, selftest, clean up (.ci/run)
#
# --clean removes apt's lists and caches afterwards (inside an image only).
# Environment: NGINX_BINARY (default /usr/sbin/nginx).

set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
nginx=${NGINX_BINARY:-/usr/sbin/nginx}
uid=10001
state_dir=/var/lib/nginx-reader


die() {
    echo "docker-build: $*" >&2
    exit 1
}


# apt-get install of what is missing; NAME=VERSION pins a version
apt_install() {
    clean=$1
    shift

    missing=
    for p in "$@"; do
        name=${p%%=*}
        want=${p#"$name"}
        want=${want#=}
        have=$(dpkg-query -W -f='${db:Status-Status} ${Version}' "$name" \
               2>/dev/null || true)

        case $have in
        installed\ *)
            if [ -z "$want" ] || [ "$have" = "installed $want" ]; then
                continue
            fi
            ;;
        esac

        missing="$missing $p"
    done

    if [ -z "$missing" ]; then
        echo "docker-build: present: $*"
        return 0
    fi

    [ "$(id -u)" = 0 ] || die "missing:$missing (run as root)"

    echo "docker-build: installing$missing"

    # no service start from a package's postinst (nginx would take port 80)
    policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        policy=/usr/sbin/policy-rc.d
    fi

    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
           --no-install-recommends -o DPkg::Lock::Timeout=300 $missing \
    || { rm -f $policy; die "apt-get failed"; }

    rm -f $policy

    if [ "$clean" = 1 ]; then
        apt-get clean
        rm -rf /var/lib/apt/lists/*
    fi
}


clean_flag() {
    case ${1:-} in
    --clean) echo 1 ;;
    '')      echo 0 ;;
    *)       die "unknown option $1" ;;
    esac
}


runtime_deps() {
    apt_install "$(clean_flag "${1:-}")" nginx libxml2 zlib1g
}


# nginx-dev of the very version of the installed nginx: the module's
# nginx_version and signature must match the binary that loads it
build_deps() {
    v=$(dpkg-query -W -f='${Version}' nginx 2>/dev/null) \
        || die "nginx is not installed (runtime-deps first)"

    apt_install "$(clean_flag "${1:-}")" gcc make libc6-dev libxml2-dev \
        zlib1g-dev curl "nginx-dev=$v"
}


# the layout of the runtime image, under $1
install_tree() {
    [ $# -eq 1 ] || die "usage: install DESTDIR"
    mkdir -p "$1"
    dest=$(cd "$1" && pwd)
    [ "$dest" != / ] || die "refusing to install into /"

    build=$(mktemp -d "${TMPDIR:-/tmp}/nginx-reader-build.XXXXXX")
    trap 'rm -rf "$build"' EXIT

    sh "$repo/tools/build-module.sh" "$build"

    install -D -m 644 "$build/ngx_http_reader_filter_module.so" \
        "$dest/usr/lib/nginx/modules/ngx_http_reader_filter_module.so"

    # Debian's way to load a module: modules-available + modules-enabled
    install -D -m 644 "$repo/docs/examples/debian/mod-http-reader.conf" \
        "$dest/usr/share/nginx/modules-available/mod-http-reader.conf"
    mkdir -p "$dest/etc/nginx/modules-enabled"
    ln -sfn /usr/share/nginx/modules-available/mod-http-reader.conf \
        "$dest/etc/nginx/modules-enabled/50-mod-http-reader.conf"

    mkdir -p "$dest/etc/nginx-reader"
    for f in "$repo"/docs/examples/docker/*.conf; do
        install -m 644 "$f" "$dest/etc/nginx-reader/"
    done

    rm -rf "$dest/usr/share/nginx-reader/site"
    mkdir -p "$dest/usr/share/nginx-reader/site"
    cp -R "$repo/docs/examples/site/." "$dest/usr/share/nginx-reader/site/"

    install -D -m 755 "$repo/tools/docker-entrypoint.sh" \
        "$dest/usr/local/bin/nginx-reader"

    {
        echo "nginx $(dpkg-query -W -f='${Version}' nginx)"
        sed -n 's/^#define READER_VERSION *"\(.*\)"$/nginx-reader \1/p' \
            "$repo/src/reader.h"
    } > "$dest/usr/share/nginx-reader/BUILD"

    # workers run as nobody when a test starts nginx as root
    chmod -R go+rX,go-w "$dest"

    echo "docker-build: installed into $dest ($(cat "$dest/usr/share/nginx-reader/BUILD" | tr '\n' ' '))"
}


user_setup() {
    [ "$(id -u)" = 0 ] || die "user: run as root"

    if ! id reader >/dev/null 2>&1; then
        groupadd --system --gid "$uid" reader
        useradd --system --uid "$uid" --gid "$uid" --no-create-home \
            --home-dir "$state_dir" --shell /usr/sbin/nologin reader
    fi

    install -d -o reader -g reader -m 750 "$state_dir"
}


# ---- selftest -------------------------------------------------------------

failed=0
checks=0

pass() {
    checks=$((checks + 1))
    echo "ok $checks - $1"
}

fail() {
    checks=$((checks + 1))
    failed=$((failed + 1))
    echo "not ok $checks - $1"
}

check() {
    name=$1
    shift
    if "$@"; then pass "$name"; else fail "$name"; fi
}


free_port() {
    perl -MIO::Socket::INET -e '
        my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1",
                                      LocalPort => 0, Proto => "tcp")
            or die "no free port: $!\n";
        print $s->sockport, "\n";'
}


# start NAME MODE PORT [UPSTREAM]: the entrypoint's "run" in the background,
# as $run_as (a command prefix) when set; the access log in $work/NAME.log
start() {
    mkdir -p "$work/$1"
    [ -z "$run_as" ] || chown nobody "$work/$1"

    $run_as env READER_MODE="$2" LISTEN="127.0.0.1:$3" UPSTREAM="${4:-}" \
        READER_STATE="$work/$1/state" ACCESS_LOG="$work/$1/access.log" \
        sh "$entry" run 2> "$work/$1.err" &
    echo $! > "$work/$1.pid"

    i=0
    until LISTEN=127.0.0.1:$3 sh "$entry" health 2>/dev/null; do
        i=$((i + 1))
        if [ $i -gt 100 ] || ! kill -0 "$(cat "$work/$1.pid")" 2>/dev/null
        then
            cat "$work/$1.err" >&2
            return 1
        fi
        sleep 0.1
    done
}


stop_all() {
    for f in "$work"/*.pid; do
        [ -f "$f" ] || continue
        pid=$(cat "$f")
        kill -QUIT "$pid" 2>/dev/null || continue
        i=0
        while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
            sleep 0.1
            i=$((i + 1))
        done
        kill -KILL "$pid" 2>/dev/null || true
        rm -f "$f"
    done
}


# get NAME URL [curl options]: headers in $work/NAME.h, body in $work/NAME.b
get() {
    n=$1
    u=$2
    shift 2
    curl -sS --max-time 20 -D "$work/$n.h" -o "$work/$n.b" "$@" "$u"
}

status_is() {
    head -n 1 "$work/$1.h" | grep -q "^HTTP/1.1 $2 "
}

header_has() {
    grep -qi "^$2" "$work/$1.h"
}

gunzipped_has() {
    gzip -dc < "$work/$1.b" | grep -q "$2"
}

same_as_file() {
    cmp -s "$work/$1.b" "$dest/usr/share/nginx-reader/site/$2"
}

log_has() {
    grep -q "\"$2\" 200 .* reader=$3 " "$work/$1/access.log"
}

quiet_log() {
    ! grep -E '\[(alert|crit|emerg)\]' "$work/$1.err"
}


selftest() {
    [ $# -eq 1 ] || die "usage: selftest DESTDIR"
    dest=$(cd "$1" && pwd)
    entry=$dest/usr/local/bin/nginx-reader

    [ -x "$nginx" ] || die "$nginx not found"
    [ -f "$entry" ] || die "$entry not found (install first)"
    command -v curl >/dev/null || die "curl not found (build-deps)"

    work=$(mktemp -d "${TMPDIR:-/tmp}/nginx-reader-selftest.XXXXXX")
    chmod 755 "$work"
    trap 'stop_all; rm -rf "$work"' EXIT
    trap 'exit 130' INT TERM

    export READER_ROOT="$dest" NGINX_BINARY="$nginx" WORKER_PROCESSES=1

    echo "# $(cat "$dest/usr/share/nginx-reader/BUILD" | tr '\n' ' ')"
    echo "# nginx here: $("$nginx" -v 2>&1)"

    # the Debian snippet, in Debian's layout (prefix/modules -> the .so)
    mkdir -p "$work/debian"
    ln -s "$dest/usr/lib/nginx/modules" "$work/debian/modules"
    cat > "$work/debian/nginx.conf" <<EOF
include $dest/usr/share/nginx/modules-available/mod-http-reader.conf;
events { }
http { server { listen 127.0.0.1:$(free_port); reader on; } }
EOF
    check "modules-enabled link names the snippet" \
        test "$(readlink "$dest/etc/nginx/modules-enabled/50-mod-http-reader.conf")" \
             = /usr/share/nginx/modules-available/mod-http-reader.conf
    check "the Debian snippet loads the module (nginx -t)" \
        "$nginx" -t -q -p "$work/debian/" -c nginx.conf -e stderr

    check "nginx-reader check (site)" env READER_STATE="$work/check" \
        LISTEN=127.0.0.1:1 sh "$entry" check
    check "a LISTEN that would add a directive is refused" \
        sh -c '! env READER_STATE="$1/bad" LISTEN="80; user root" \
               sh "$2" check 2>/dev/null' sh "$work" "$entry"

    p_site=$(free_port)
    p_origin=$(free_port)
    p_proxy=$(free_port)

    run_as=
    check "site mode starts and is healthy" start site site "$p_site"
    check "origin mode starts and is healthy" start origin origin "$p_origin"
    check "proxy mode starts and is healthy" \
        start proxy proxy "$p_proxy" "127.0.0.1:$p_origin"

    # as in the image: the master process is not root
    if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
        run_as="setpriv --reuid=nobody --regid=nogroup --clear-groups"
        p_user=$(free_port)
        check "site mode as a non-root user starts and is healthy" \
            start user site "$p_user"
        get user "http://127.0.0.1:$p_user/read/blog/tide-clock.html"
        check "non-root: a reader page" log_has user \
            "GET /read/blog/tide-clock.html HTTP/1.1" applied
        run_as=
    fi

    site=http://127.0.0.1:$p_site
    origin=http://127.0.0.1:$p_origin
    proxy=http://127.0.0.1:$p_proxy

    # site: the reader view, by prefix and by argument; the original intact
    get read "$site/read/blog/tide-clock.html" -H 'Accept-Encoding: gzip'
    check "site /read/: 200" status_is read 200
    check "site /read/: gzip" header_has read 'Content-Encoding: gzip'
    check "site /read/: CSP" header_has read 'Content-Security-Policy: '
    check "site /read/: a reader page" gunzipped_has read 'rel="canonical"'
    check "site /read/: no script" \
        sh -c '! gzip -dc < "$1" | grep -qi "<script"' sh "$work/read.b"
    check "site /read/: logged as applied" \
        log_has site "GET /read/blog/tide-clock.html HTTP/1.1" applied

    get gbk "$site/news/night-shelf.html?reader=1"
    check "site ?reader=1 on a GBK page: utf-8" \
        header_has gbk 'Content-Type: text/html; charset=utf-8'

    get plain "$site/blog/tide-clock.html" -H 'Accept-Encoding: gzip'
    check "site without reader: the file, untouched" \
        same_as_file plain blog/tide-clock.html

    get listing "$site/read/news/index.html"
    check "site /read/ of a listing: passed through" \
        same_as_file listing news/index.html
    check "site /read/ of a listing: logged as not_article" \
        log_has site "GET /read/news/index.html HTTP/1.1" not_article

    # origin: gzip on, no reader
    get o "$origin/blog/tide-clock.html" -H 'Accept-Encoding: gzip'
    check "origin: gzip" header_has o 'Content-Encoding: gzip'
    check "origin: no reader view" \
        sh -c '! grep -qi "^Content-Security-Policy" "$1"' sh "$work/o.h"

    # proxy: the module inflates the origin's gzip
    get pread "$proxy/read/blog/tide-clock.html" -H 'Accept-Encoding: gzip'
    check "proxy /read/: a reader page from a gzip upstream" \
        gunzipped_has pread 'rel="canonical"'
    check "proxy /read/: logged as applied" \
        log_has proxy "GET /read/blog/tide-clock.html HTTP/1.1" applied

    get praw "$proxy/blog/tide-clock.html?reader=1&raw=1"
    check "proxy bypass, identity client: the file (gunzip on)" \
        same_as_file praw blog/tide-clock.html
    check "proxy bypass: logged as bypass" \
        log_has proxy "GET /blog/tide-clock.html?reader=1&raw=1 HTTP/1.1" bypass

    stop_all
    for f in "$work"/*.err; do
        m=$(basename "$f" .err)
        check "$m: no alert, crit or emerg in the error log" quiet_log "$m"
    done

    echo "selftest: $checks checks, $failed failed"
    [ "$failed" -eq 0 ]
}


ci() {
    runtime_deps
    build_deps

    root=$(mktemp -d "${TMPDIR:-/tmp}/nginx-reader-root.XXXXXX")
    trap 'rm -rf "$root"' EXIT

    start_s=$(date +%s)
    (install_tree "$root")
    echo "docker-build: install took $(( $(date +%s) - start_s ))s"

    (selftest "$root")
}


case ${1:-} in
runtime-deps) shift; runtime_deps "$@" ;;
build-deps)   shift; build_deps "$@" ;;
install)      shift; install_tree "$@" ;;
user)         user_setup ;;
selftest)     shift; selftest "$@" ;;
ci)           ci ;;
*)            sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2; exit 1 ;;
esac
