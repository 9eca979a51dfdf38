#!/usr/bin/env bash
# Whole-run benchmark: generates a deterministic submission (default 10 units × 100
# files) and times `evcheck check` on it, with every rule on and with the period rule
# off, and with contents read in-process; each three times, printing the median.
#
#   bash scripts/bench.sh [UNITS] [FILES_PER_UNIT] [JOBS]
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
# Runs one configuration three times and prints the median wall time.
run() {
    local label=$1 rules=$2 extra=${3:-}
    local times=()
    for _ in 1 2 3; do
        local start end
        start=$(date +%s.%N)
        "$bin" check "$work/in" --rules "$rules" --out "$work/out-$label" --quiet --no-cache --jobs "$jobs" $extra > /dev/null || true
        end=$(date +%s.%N)
        times+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')")
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
    awk -v l="$label" -v t="$median" -v n="$files" -v all="${times[*]}" \
        'BEGIN { printf "%-12s %6d files  %7.2f s (median of %s)  %8.1f files/s\n", l, n, t, all, n / t }'
}
echo "evcheck benchmark: $units units x $per files, --jobs $jobs, $(nproc) cores"
run warmup "$work/rules-on.toml" > /dev/null
run all-rules "$work/rules-on.toml"
run period-off "$work/rules-off.toml"
run in-process "$work/rules-on.toml" --no-isolation
