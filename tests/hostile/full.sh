#!/bin/sh
# make hostile-full: generates the hostile inputs at the full profile
# (100k-level nesting, 50 MB page, 1M attributes, 10 GiB gzip bomb ...) into
# a temporary directory and runs test_hostile on them.  Writes the per-case
# figures (file bytes exit cpu_ms rss_kb outcome) to BUILD/hostile-full.tsv.
#
#   tests/hostile/full.sh [BUILD]

set -eu

build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
gen=$root/../shared/tools/gen-hostile.py

if [ ! -f "$gen" ]; then
    echo "1..0 # SKIP $gen absent"
    exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/reader-hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

python3 "$gen" "$work" --profile full >/dev/null
rm -f "$root/$build/hostile-full.tsv"

cd "$root"
HOSTILE_DIR=$work HOSTILE_REPORT=$build/hostile-full.tsv \
READER_EXTRACT=$build/reader-extract prove --exec '' "$build/tests/test_hostile.t"
