#!/bin/sh
# The nginx-reader container's entrypoint (/usr/local/bin/nginx-reader in
# the image; tools/docker-build.sh selftest runs it from a scratch root).
#
#   nginx-reader [run]    render the configuration, run nginx in the foreground
#   nginx-reader check    render it and test it (nginx -t): the module loads
#   nginx-reader health   GET /healthz on LISTEN; exit 0 when it answers 200
#   nginx-reader CMD...   anything else runs as is (a shell, for instance)
#
# Environment:
#   LISTEN            address:port or port (8080)
#   READER_MODE       site (the sample site), proxy (in front of UPSTREAM)
#                     or origin (the sample site, gzip on, no reader view)
#   UPSTREAM          host:port of the upstream, for READER_MODE=proxy
#   WORKER_PROCESSES  nginx worker_processes (auto)
#   ACCESS_LOG        access log file, or off (/dev/stdout)
#   READER_STATE      writable directory for the rendered configuration,
#                     the pid and temporary files (/var/lib/nginx-reader)
#   READER_ROOT       install root of the files the image carries (empty)
#   NGINX_BINARY      the nginx binary (/usr/sbin/nginx); not NGINX, which
#                     nginx reads itself (inherited sockets)

set -eu

listen=${LISTEN:-8080}
mode=${READER_MODE:-site}
upstream=${UPSTREAM:-}
workers=${WORKER_PROCESSES:-auto}
access_log=${ACCESS_LOG:-/dev/stdout}
state=${READER_STATE:-/var/lib/nginx-reader}
root=${READER_ROOT:-}
nginx=${NGINX_BINARY:-/usr/sbin/nginx}
conf=$root/etc/nginx-reader


die() {
    echo "nginx-reader: $*" >&2
    exit 1
}


# Values go into the configuration (through sed): letters, digits and
# . : [ ] * - _ only, so no value can end a directive or add one.
check_value() {
    case $2 in
    ''|*[!]A-Za-z0-9.:*_[-]*) die "$1=\"$2\" is not a valid value" ;;
    esac
}


check_path() {
    case $2 in
    *[!A-Za-z0-9._/-]*) die "$1=\"$2\": use letters, digits and . _ / - only" ;;
    esac
}


render() {
    check_value LISTEN "$listen"
    check_value WORKER_PROCESSES "$workers"
    check_path READER_STATE "$state"
    check_path READER_ROOT "$root"
    check_path ACCESS_LOG "$access_log"

    case $mode in
    site|origin) ;;
    proxy) check_value UPSTREAM "$upstream" ;;
    *) die "READER_MODE=\"$mode\": site, proxy or origin" ;;
    esac

    [ -f "$conf/$mode.conf" ] || die "$conf/$mode.conf not found"

    case $access_log in
    off) log="off" ;;
    *)   log="$access_log reader" ;;
    esac

    mkdir -p "$state/tmp" || die "cannot create $state (READER_STATE)"

    for f in nginx.conf "$mode.conf"; do
        sed -e "s|@ROOT@|$root|g" \
            -e "s|@STATE@|$state|g" \
            -e "s|@MODE@|$mode|g" \
            -e "s|@WORKERS@|$workers|g" \
            -e "s|@ACCESS_LOG@|$log|g" \
            -e "s|@LISTEN@|$listen|g" \
            -e "s|@UPSTREAM@|$upstream|g" \
            "$conf/$f" > "$state/$f"
    done
}


# LISTEN as a host and port to connect to: a wildcard address means the
# loopback of its family.
health() {
    port=${listen##*:}
    host=127.0.0.1

    case $listen in
    \[::\]:*)    host=::1 ;;
    \[*\]:*)     host=${listen%\]:*}; host=${host#\[} ;;
    *:*)         host=${listen%:*} ;;
    esac

    case $host in
    '*'|0.0.0.0) host=127.0.0.1 ;;
    esac

    # bash's /dev/tcp: no HTTP client needed in the image
    timeout 5 bash -c '
        exec 3<>"/dev/tcp/$1/$2" || exit 1
        printf "GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n" >&3
        IFS= read -r status <&3 || exit 1
        case $status in "HTTP/1."?" 200 "*) exit 0 ;; esac
        echo "nginx-reader: /healthz: $status" >&2
        exit 1
    ' sh "$host" "$port"
}


cmd=${1:-run}

case $cmd in
run)
    render
    exec "$nginx" -p "$state/" -c "$state/nginx.conf" -e stderr
    ;;
check)
    render
    exec "$nginx" -t -q -p "$state/" -c "$state/nginx.conf" -e stderr
    ;;
health)
    health
    ;;
*)
    exec "$@"
    ;;
esac
