#!/bin/sh
# Engine speed over ../shared/corpus, beside the bare libxml2 parse.
#
#   tools/bench.sh [--iterations N] [--callgrind [--sample N]] [READER_BENCH]
#   tools/bench.sh --stages [--passes N] [READER_STAGES]
#
# Default: build/reader-bench over every corpus page; the per-page TSV goes
# to <bench dir>/bench.tsv, and the summary (total:, scale:, big:) and the
# pages where the engine costs most relative to the parse are printed.
# --callgrind: runs reader-bench under valgrind's callgrind on a fixed sample
# of about 20 pages (--sample N: about N; 0: every page, some minutes) and
# prints instruction counts per page for the parse, the engine and
# engine+gzip (repeatable, unlike wall time on a busy machine).
# --stages: build/reader-stages over every page (default 3 passes): wall
# milliseconds per engine stage beside the bare parse.
# Skips (exit 0) when the corpus is absent.  CORPUS=DIR overrides it.

set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
bench=$root/build/reader-bench
corpus=${CORPUS:-$root/../shared/corpus}
iterations=5
callgrind=0
stages=0
sample=20
passes=3

while [ $# -gt 0 ]; do
    case $1 in
    --callgrind)  callgrind=1 ;;
    --stages)     stages=1; bench=$root/build/reader-stages ;;
    --iterations) iterations=$2; shift ;;
    --sample)     sample=$2; shift ;;
    --passes)     passes=$2; shift ;;
    -h|--help)    sed -n '2,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
    -*)           echo "bench: unknown option $1" >&2; exit 1 ;;
    *)            bench=$1 ;;
    esac
    shift
done

if [ ! -d "$corpus" ]; then
    echo "bench: skipped: $corpus not present"
    exit 0
fi
corpus=$(cd "$corpus" && pwd)

if [ ! -x "$bench" ]; then
    echo "bench: $bench not built (run make)" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

find "$corpus" -name source.html | LC_ALL=C sort > "$tmp/files"
pages=$(wc -l < "$tmp/files")

if [ "$pages" -eq 0 ]; then
    echo "bench: skipped: no source.html under $corpus"
    exit 0
fi


if [ $stages -eq 1 ]; then
    echo "bench: $pages pages, $passes passes after a warm-up"
    # shellcheck disable=SC2046
    "$bench" --passes "$passes" $(cat "$tmp/files")
    exit 0
fi


if [ $callgrind -eq 0 ]; then
    tsv=$(dirname "$bench")/bench.tsv
    echo "bench: $pages pages, median of $iterations runs each ($tsv)"

    # one argument list; the corpus paths hold no spaces or newlines
    # shellcheck disable=SC2046
    "$bench" --iterations "$iterations" $(cat "$tmp/files") > "$tsv"

    grep -E '^(total|scale|big):' "$tsv"
    echo "highest engine/parse ratios (engine_us / parse_us):"
    grep -vE '^(total|scale|big):' "$tsv" \
        | awk -F'\t' '$3 > 0 { printf "%6.2f  %8d us  %s\n", $4 / $3, $4, $1 }' \
        | sort -rn | head -5
    exit 0
fi


if ! command -v valgrind > /dev/null; then
    echo "bench: valgrind is not installed" >&2
    exit 1
fi

# every k-th page of the sorted list: the same sample on every run
[ "$sample" -gt 0 ] 2>/dev/null || sample=$pages
k=$(( (pages + sample - 1) / sample ))
awk -v k="$k" 'NR % k == 1 || k == 1' "$tmp/files" > "$tmp/sample"
n=$(wc -l < "$tmp/sample")

echo "bench: callgrind over $n of $pages pages (about 2 s a page)"

# shellcheck disable=SC2046
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
    "$bench" --iterations 1 --no-heap $(cat "$tmp/sample") \
    > "$tmp/out" 2> "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }

# Inclusive Ir of the bench_* functions (gcc may name a clone
# bench_gzip.isra.0); each ran twice per page: the warm-up and one timed run.
callgrind_annotate --inclusive=yes --threshold=100 "$tmp/cg.out" 2> /dev/null \
    | awk -v n="$n" '
        !/=>/ && match($0, /:bench_[a-z]+/) {
            f = substr($0, RSTART + 1, RLENGTH - 1)
            gsub(",", "", $1)
            ir[f] += $1
        }
        END {
            p = ir["bench_parse"]
            e = ir["bench_engine"] + ir["bench_free"]
            z = e + ir["bench_gzip"]
            if (p == 0) { print "bench: no bench_parse in the profile"; exit 1 }
            d = 2 * n
            printf "callgrind: pages=%d parse_Ir=%.0f engine_Ir=%.0f" \
                   " gzip_Ir=%.0f ratio=%.2f gzip_ratio=%.2f (per page)\n",
                   n, p / d, e / d, z / d, e / p, z / p
        }'
