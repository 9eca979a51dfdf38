#!/usr/bin/env bash
# Whole-run benchmark: generates a deterministic submission (default 10 units × 100
# files) and times `evcheck check` on it, with every rule on and with the period rule
# off, and with contents read in-process; ROUNDS (default 5) interleaved rounds, printing
# the median of each and the ratio that the period rule costs.
#
#   bash scripts/bench-mix.sh [UNITS] [FILES_PER_UNIT] [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
units=${1:-10}
per=${2:-100}
jobs=${3:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --examples --bin evcheck
target/release/examples/gen_bench "$work/in" "$units" "$per" 42
bin=target/release/evcheck
"$bin" rules show > "$work/rules-on.toml"
# Same scheme with dates ignored everywhere.
sed -e 's/^default = "required"/default = "off"/' \
    -e 's/^kinds = {.*}/kinds = {}/' "$work/rules-on.toml" > "$work/rules-off.toml"
files=$((units * per))
rounds=${ROUNDS:-5}
# One timed run of a configuration; prints its wall time in seconds.
once() {
    local label=$1 rules=$2 extra=${3:-}
    local start end
    start=$(date +%s.%N)
    "$bin" check "$work/in" --rules "$rules" --out "$work/out-$label" --quiet --no-cache --jobs "$jobs" $extra > /dev/null || true
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}
# The configurations run interleaved (one of each per round), so that a change in the
# machine's load during the benchmark affects all of them alike.
labels=(all-rules period-off in-process)
declare -A times
"$bin" check "$work/in" --rules "$work/rules-on.toml" --out "$work/out-warmup" --quiet --no-cache --jobs "$jobs" > /dev/null || true
for _ in $(seq "$rounds"); do
    times[all-rules]+="$(once all-rules "$work/rules-on.toml") "
    times[period-off]+="$(once period-off "$work/rules-off.toml") "
    times[in-process]+="$(once in-process "$work/rules-on.toml" --no-isolation) "
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "evcheck benchmark: $units units x $per files, --jobs $jobs, $(nproc) cores, median of $rounds interleaved rounds"
declare -A med
for l in "${labels[@]}"; do
    med[$l]=$(echo "${times[$l]}" | median)
    awk -v l="$l" -v t="${med[$l]}" -v n="$files" -v all="${times[$l]}" \
        'BEGIN { printf "%-12s %6d files  %7.2f s  %8.1f files/s  (runs: %s)\n", l, n, t, n / t, all }'
done
awk -v on="${med[all-rules]}" -v off="${med[period-off]}" \
    'BEGIN { printf "period rule cost: all-rules / period-off = %.2fx\n", on / off }'
