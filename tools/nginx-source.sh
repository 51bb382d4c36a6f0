#!/bin/sh
# The pristine nginx sources of a Debian suite's source package, for builds
# that need the whole tree (tools/build-static.sh, tools/build-trixie-check.sh).
#
#   sh tools/nginx-source.sh SUITE DIR      (SUITE: bookworm, trixie, ...)
#   sh tools/nginx-source.sh --modules
#
# Prints the unpacked tree, DIR/nginx-VERSION, on stdout (progress on
# stderr).  --modules prints the configure options of the HTTP modules
# compiled into the installed nginx (Debian's set, which the nginx tests
# may use: gunzip, sub, gzip_static, ssl...), for a build like it.  The deb-src entries (the machine's Debian entries with
# "Types: deb-src" and SUITE) live in a private apt directory, DIR/apt, with
# its own lists: the machine's apt sources and lists are not touched.
# `apt-get source --download-only` fetches the package; when the newest
# revision's files are gone from the mirror, older ones (apt-cache showsrc)
# are tried.  A second run reuses what DIR holds.

set -eu

if [ "${1:-}" = --modules ]; then
    nginx=${NGINX_BINARY:-/usr/sbin/nginx}
    if [ -x "$nginx" ]; then
        "$nginx" -V 2>&1 | tr ' ' '\n' \
            | grep -E '^--with-(http_[a-z0-9_]+_module|threads)$' || true
    else
        printf '%s\n' --with-threads --with-http_gunzip_module \
            --with-http_gzip_static_module --with-http_sub_module
    fi
    exit 0
fi

[ $# -eq 2 ] || { echo "usage: nginx-source.sh SUITE DIR | --modules" >&2; exit 1; }

suite=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)
apt=$dir/apt


say() {
    echo "nginx-source: $*" >&2
}


# the deb-src twin of the machine's Debian entries, for the suite
write_sources() {
    system=/etc/apt/sources.list.d/debian.sources
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")

    if [ -f "$system" ] && [ -n "$codename" ]; then
        sed -e 's/^Types:.*/Types: deb-src/' \
            -e "/^Suites:/s/$codename/$suite/g" \
            "$system"
        return
    fi

    cat <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}


orig() {
    ls "$dir"/nginx_*.orig.tar.gz 2>/dev/null | sort -V | tail -n 1
}


fetch() {
    mkdir -p "$apt/sources.list.d" "$apt/lists/partial" \
             "$apt/cache/archives/partial"
    write_sources > "$apt/sources.list.d/$suite-src.sources"

    # root: fetch as root (the private directories are not _apt's)
    set -- -o Dir::Etc::SourceList=/dev/null \
           -o Dir::Etc::SourceParts="$apt/sources.list.d" \
           -o Dir::State::Lists="$apt/lists" \
           -o Dir::Cache="$apt/cache" \
           -o APT::Sandbox::User="$(id -un)"

    say "apt-get update ($suite deb-src, private lists in $apt)"
    apt-get "$@" -qq update >&2

    versions=$(apt-cache "$@" showsrc nginx \
               | sed -n 's/^Version: //p' | sort -ruV)
    [ -n "$versions" ] || { say "no nginx source package in $suite"; exit 1; }

    # only the pristine upstream tarball is used: a revision whose Debian
    # files are gone still does when its .orig.tar.gz arrived
    for v in $versions; do
        say "apt-get source --download-only nginx=$v"
        (cd "$dir" && apt-get "$@" -qq source --download-only "nginx=$v" >&2) \
            || true
        if [ -n "$(orig)" ]; then
            return
        fi
        say "nginx=$v could not be fetched; trying an older revision"
    done

    say "no revision of nginx could be fetched from $suite"
    exit 1
}


if [ -z "$(orig)" ]; then
    fetch
fi

tarball=$(orig)
[ -n "$tarball" ] || { say "no nginx_*.orig.tar.gz in $dir"; exit 1; }

version=${tarball##*/nginx_}
version=${version%.orig.tar.gz}
tree=$dir/nginx-$version

if [ ! -f "$tree/configure" ]; then
    rm -rf "$tree"
    tar -xzf "$tarball" -C "$dir"
fi

[ -f "$tree/configure" ] || { say "$tarball did not unpack to $tree"; exit 1; }

say "$tree"
echo "$tree"
