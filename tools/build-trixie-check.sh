#!/bin/sh
# Compiles the module against Debian 13's nginx (1.26), whose header lists
# changed in 1.23 (ngx_table_elt_t.next, r->headers_out.link), to check
# that the module's nginx_version guards hold on the newer API as well as
# on Debian 12's 1.22 (make module).  Compile only: nginx's own flags,
# -Werror included.
#
#   sh tools/build-trixie-check.sh [--tests] [WORKDIR]
#                                   (default build/trixie-check)
#
#   --tests   also build the nginx 1.26 binary and run the nginx tests
#             (tests/nginx) with the module loaded into it
#
# The sources: the trixie source package (tools/nginx-source.sh, kept in
# build/nginx-src/trixie); the HTTP modules are those of the installed nginx.
# Needs a compiler, libxml2-dev, zlib1g-dev, libpcre2-dev and libssl-dev
# (nginx-dev brings them).  Prints a report; exit 1 when the
# module does not compile.

set -eu

repo=$(cd "$(dirname "$0")/.." && pwd)
tests=0
if [ "${1:-}" = --tests ]; then
    tests=1
    shift
fi
work=${1:-$repo/build/trixie-check}
mkdir -p "$work"
work=$(cd "$work" && pwd)

tree=$(sh "$repo/tools/nginx-source.sh" trixie "$repo/build/nginx-src/trixie")

rm -rf "$work/nginx"
cp -a "$tree" "$work/nginx"
cd "$work/nginx"

num=$(sed -n 's/^#define nginx_version *\([0-9]*\)$/\1/p' src/core/nginx.h)
ver=$(sed -n 's/^#define NGINX_VERSION *"\(.*\)"$/\1/p' src/core/nginx.h)

echo "trixie-check: nginx $ver (nginx_version $num) from $tree"

# the HTTP modules of Debian's nginx, which the nginx tests may use
# shellcheck disable=SC2046
./configure --with-compat $(sh "$repo/tools/nginx-source.sh" --modules) \
    --add-dynamic-module="$repo" > "$work/configure.log" 2>&1 \
    || { tail -n 30 "$work/configure.log" >&2; exit 1; }

target=modules
[ "$tests" = 0 ] || target=
status=0
make -f objs/Makefile -j2 $target > "$work/make.log" 2>&1 || status=$?

# the API the guards are about, as this tree has it
if grep -q 'ngx_table_elt_t *\*next;' src/core/ngx_hash.h; then
    api="ngx_table_elt_t has next (the 1.23+ header lists)"
else
    api="ngx_table_elt_t has no next (the pre-1.23 header lists)"
fi
echo "trixie-check: $api"

# each guard of the module and the branch this nginx compiles
grep -n 'nginx_version' "$repo"/ngx_module/*.c "$repo"/ngx_module/*.h \
    | while IFS= read -r line; do
        want=$(echo "$line" | sed -n 's/.*nginx_version *>= *\([0-9]*\).*/\1/p')
        if [ -n "$want" ] && [ "$num" -ge "$want" ]; then
            branch="taken"
        elif [ -n "$want" ]; then
            branch="not taken"
        else
            branch="(not a >= test)"
        fi
        echo "trixie-check: guard ${line#"$repo"/}: $branch"
    done

if [ "$status" -ne 0 ]; then
    grep -E 'error|warning' "$work/make.log" | head -n 40 >&2 || true
    tail -n 20 "$work/make.log" >&2
    echo "trixie-check: FAILED: the module does not compile against nginx $ver"
    exit 1
fi

so=objs/ngx_http_reader_filter_module.so
[ -f "$so" ] || { echo "trixie-check: FAILED: no $so" >&2; exit 1; }

warnings=$(grep -c 'warning:' "$work/make.log" || true)
echo "trixie-check: ok: $so built against nginx $ver with -Werror" \
     "($warnings warnings)"

if [ "$tests" = 1 ]; then
    echo "trixie-check: prove tests/nginx/ against nginx $ver"
    make -C "$repo" -s build/reader-extract >/dev/null
    cd "$repo"
    READER_MODULE="$work/nginx/$so" NGINX_BINARY="$work/nginx/objs/nginx" \
    READER_EXTRACT="$repo/build/reader-extract" prove tests/nginx/
fi
