#!/usr/bin/env bash
# Runs evcheck's fuzz targets (fuzz/, cargo-fuzz + libFuzzer), one after the other,
# each for RUNS executions, and prints each target's executions, executions per second
# and whether it found something. Not part of .ci/run (minutes to hours of CPU).
#
#   bash scripts/fuzz.sh [RUNS] [TARGET...]     # RUNS default 1000000; default all targets
#
# Targets: identify zip_walk pdf_dates pdf_seal sheet photo_dates file_name
# document_dates opens jpeg_eighth (see
# docs/fuzzing.md). Needs cargo-fuzz (`cargo install cargo-fuzz`) and a C++ compiler
# (libFuzzer is built from source). cargo-fuzz wants a nightly compiler; a stable one
# takes the flags with RUSTC_BOOTSTRAP=1, which this script sets.
#
# Corpora: fuzz/corpus/TARGET (not committed) starts from fuzz/seeds/TARGET (hand-made,
# see fuzz/make_seeds.py), the repository's fixtures of the target's kind, and the files
# in $EXTRA_SEEDS (a folder of real files, optional) of that kind; it keeps what
# libFuzzer adds, so a second run goes on from the first. Findings land in
# fuzz/artifacts/TARGET/, logs in fuzz/logs/TARGET.log.
#
# Environment: SANITIZER (default none: the crate has no unsafe code of its own on these
# paths, and without AddressSanitizer it runs several times faster; "address" works too),
# TIMEOUT (seconds one input may take, default 10), RSS_MB (memory limit, default 2048),
# MAX_LEN (largest input libFuzzer makes, default per target), JOBS (parallel fuzzing
# processes per target, default 1; each runs RUNS/JOBS executions on the shared corpus,
# and the executions of all of them are counted), MAX_TIME (seconds per target at most,
# default none: a target stops at RUNS executions or at MAX_TIME, whichever comes
# first), NICE (default 19: fuzzing yields the CPU to anything else).
#
# The summary line of each target gives the executions of this run (summed over the
# jobs), executions per second, seconds, the peak memory of a fuzzing process (MB) and
# the result. The zip_walk target writes each input to a scratch folder in the temp
# directory, removed when the process exits; folders left by a crashed or timed-out
# process are removed after each target.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-1000000}
shift || true
all=(identify zip_walk pdf_dates pdf_seal sheet photo_dates file_name document_dates opens jpeg_eighth)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
sanitizer=${SANITIZER:-none}
timeout=${TIMEOUT:-10}
rss=${RSS_MB:-2048}
jobs=${JOBS:-1}
nice_level=${NICE:-19}

command -v cargo-fuzz > /dev/null || { echo "cargo-fuzz not found: cargo install cargo-fuzz" >&2; exit 2; }
export RUSTC_BOOTSTRAP=1

# Fixture extensions that seed each target.
exts_of() {
    case $1 in
        identify) echo "pdf docx xlsx xls doc wps et ofd jpg png tif csv txt zip ceb rar db" ;;
        zip_walk) echo "zip" ;;
        pdf_dates | pdf_seal) echo "pdf" ;;
        sheet) echo "xlsx xls et" ;;
        photo_dates) echo "jpg jpeg png tif tiff heic webp" ;;
        jpeg_eighth) echo "jpg jpeg" ;;
        file_name) echo "" ;;
        document_dates) echo "docx ofd doc wps" ;;
        opens) echo "pdf docx xlsx pptx ofd doc xls ppt wps et dps jpg png tif webp" ;;
    esac
}
max_len_of() {
    # zip_walk: the walker's structure (directory, names, nesting, declared sizes) needs
    # no large input, and every member found is inflated and read back.
    case $1 in
        file_name) echo 512 ;;
        identify | zip_walk) echo 65536 ;;
        *) echo 262144 ;;
    esac
}

seed() {
    local t=$1 corpus=fuzz/corpus/$1 ext f
    mkdir -p "$corpus"
    cp -n fuzz/seeds/"$t"/* "$corpus"/ 2> /dev/null || true
    for ext in $(exts_of "$t"); do
        # Seeds larger than the input bound would be cut anyway; the big demo photos
        # only slow the start.
        while IFS= read -r -d '' f; do
            cp -n "$f" "$corpus/fixture-$(cksum < "$f" | cut -d' ' -f1).$ext"
        done < <(find fixtures ${EXTRA_SEEDS:+"$EXTRA_SEEDS"} -type f -iname "*.$ext" -size -1024k -print0)
    done
    if [ "$t" = file_name ]; then
        # Every fixture's file and folder name.
        find fixtures -mindepth 1 -printf '%f\n' | sort -u | while IFS= read -r f; do
            printf '%s' "$f" > "$corpus/name-$(printf '%s' "$f" | cksum | cut -d' ' -f1)"
        done
    fi
}

echo "building the fuzz targets (sanitizer $sanitizer)" >&2
(cd fuzz && nice -n "$nice_level" cargo fuzz build --sanitizer "$sanitizer" --debug-assertions)

# Extra libFuzzer options. With several jobs each job runs its share of the executions
# and writes its own log, fuzz/fuzz-N.log, moved to fuzz/logs/TARGET.job-N.log after.
extra=()
per_job=$runs
if [ "$jobs" -gt 1 ]; then
    per_job=$(((runs + jobs - 1) / jobs))
    extra=(-jobs="$jobs" -workers="$jobs")
fi
[ -n "${MAX_TIME:-}" ] && extra+=(-max_total_time="$MAX_TIME")
mkdir -p fuzz/logs

# Scratch folders of zip_walk processes that are gone (a crash or timeout skips the
# removal at exit).
sweep_scratch() {
    local d pid
    for d in "${TMPDIR:-/tmp}"/evcheck-fuzz-*; do
        [ -d "$d" ] || continue
        pid=${d##*-}
        kill -0 "$pid" 2> /dev/null || rm -rf -- "$d"
    done
}

printf '%-12s %12s %10s %8s %8s %s\n' target executions exec/s seconds rss_mb result
status=0
for t in "${targets[@]}"; do
    seed "$t"
    mkdir -p "fuzz/artifacts/$t"
    log=fuzz/logs/$t.log
    rm -f fuzz/fuzz-*.log fuzz/logs/"$t".job-*.log
    start=$(date +%s)
    set +e
    (cd fuzz && nice -n "$nice_level" cargo fuzz run --sanitizer "$sanitizer" --debug-assertions "$t" \
        "corpus/$t" -- -runs="$per_job" -max_len="${MAX_LEN:-$(max_len_of "$t")}" \
        -timeout="$timeout" -rss_limit_mb="$rss" ${extra[@]+"${extra[@]}"} \
        -print_final_stats=1 -artifact_prefix="artifacts/$t/") > "$log" 2>&1
    rc=$?
    set -e
    secs=$(($(date +%s) - start))
    logs=("$log")
    for j in fuzz/fuzz-*.log; do
        [ -f "$j" ] || continue
        n=${j##*/fuzz-}
        mv "$j" "fuzz/logs/$t.job-$n"
        logs+=("fuzz/logs/$t.job-$n")
    done
    sweep_scratch
    # Each fuzzing process prints its final stats once (the launcher of several jobs
    # prints none of its own).
    execs=$(cat "${logs[@]}" | sed -n 's/^stat::number_of_executed_units: *//p' | awk '{s += $1} END {print s + 0}')
    peak=$(cat "${logs[@]}" | sed -n 's/^stat::peak_rss_mb: *//p' | awk '$1 > m {m = $1} END {print m + 0}')
    rate=$((execs / (secs > 0 ? secs : 1)))
    if [ $rc = 0 ]; then
        result=ok
    else
        result="FOUND (exit $rc): $(cat "${logs[@]}" | grep -m1 -E 'Test unit written to|ERROR:' || echo "see $log")"
        status=1
    fi
    printf '%-12s %12s %10s %8s %8s %s\n' "$t" "$execs" "$rate" "$secs" "$peak" "$result"
done
exit $status
