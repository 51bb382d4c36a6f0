#!/bin/sh
# Install the Debian packages the project needs (Debian 12).
#
#   tools/install-deps.sh [GROUP...]
#
# Groups: build (compile the engine and the nginx module, run it: what
# `make run` needs), test (make test, make eval, make bench), fuzz (clang 14
# libFuzzer and sanitizer runtimes), all (the default: every group, as CI
# needs).  Idempotent and quiet: only missing packages are installed, with
# one `apt-get update` first.  Not root and something missing: prints the
# command to run and exits 1.

set -eu

build="build-essential pkg-config libxml2-dev zlib1g-dev nginx nginx-dev"
test="perl python3 valgrind tidy wrk curl nghttp2-client"
fuzz="clang-14 libclang-rt-14-dev llvm-14"

pkgs=
[ $# -gt 0 ] || set -- all
for g in "$@"; do
    case $g in
    build) pkgs="$pkgs $build" ;;
    test)  pkgs="$pkgs $test" ;;
    fuzz)  pkgs="$pkgs $fuzz" ;;
    all)   pkgs="$pkgs $build $test $fuzz" ;;
    *)     echo "install-deps: unknown group $g (build, test, fuzz, all)" >&2
           exit 1 ;;
    esac
done

missing=
for p in $pkgs; do
    case " $missing " in *" $p "*) continue ;; esac
    s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$s" = installed ] || missing="$missing $p"
done

if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing:$missing" >&2
    echo "install-deps: run as root, or: sudo apt-get install$missing" >&2
    exit 1
fi

echo "install-deps: installing$missing"

export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
policy=

# Debian starts a service when its package is installed; nginx on port 80
# is not wanted here (tests and `make run` start their own).
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy=/usr/sbin/policy-rc.d
fi
trap 'rm -f "$log" $policy' EXIT

# shellcheck disable=SC2086
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends \
           -o DPkg::Lock::Timeout=300 \
           $missing; } > "$log" 2>&1
then
    tail -n 30 "$log" >&2
    echo "install-deps: apt-get failed" >&2
    exit 1
fi

echo "install-deps: done"
