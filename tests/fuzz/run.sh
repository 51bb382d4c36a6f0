#!/bin/sh
# Runs the libFuzzer harness (make fuzz).
#
#   tests/fuzz/run.sh FUZZER [SECONDS]
#
# The corpus is a temporary copy of tests/fuzz/corpus plus, when
# ../shared/corpus is present, a fixed sample of its pages (first 64 KiB,
# behind the options byte 0x01): third-party pages are used in place and
# never committed.  Crashes, leaks and timeouts land in build/fuzz/artifacts;
# turn each into a file under tests/fuzz/regressions (test_fuzz_regress
# replays them).

set -eu

fuzzer=$1
seconds=${2:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
shared=$root/../shared/corpus
work=$(mktemp -d "${TMPDIR:-/tmp}/reader-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

mkdir -p "$work/corpus" "$root/build/fuzz/artifacts"
cp "$root"/tests/fuzz/corpus/* "$work/corpus/"

if [ -d "$shared" ]; then
    find "$shared" -name source.html | sort | awk 'NR % 20 == 1' \
    | while read -r page; do
        seed=$work/corpus/shared-$(echo "$page" | cksum | cut -d' ' -f1)
        printf '\001' > "$seed"
        head -c 65536 "$page" >> "$seed"
    done
else
    echo "# ../shared/corpus absent: seed corpus only"
fi

"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -dict="$root/tests/fuzz/html.dict" \
    -artifact_prefix="$root/build/fuzz/artifacts/" -print_final_stats=1 \
    "$work/corpus"
