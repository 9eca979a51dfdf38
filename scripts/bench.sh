#!/usr/bin/env bash
# Streaming and memory benchmark: generates a deterministic district-shaped submission
# (examples/gen_district.rs: units whose evidence is mostly ZIPs of 4000×3000 phone
# photos) and prints evcheck's five figures side by side with the peers measured in the
# same run:
#
#   1. format/naming/size/count only   vs  libmagic (`file`) on every file + `unzip -l` on every ZIP
#   2. period rule only (seal off)     vs  `exiftool -r -fast`, with the built-in
#      `[reading] verify = "auto"` (every file of a dated question opened, every ZIP
#      member read to its end except compressed photos read only for their dates) and
#      with `verify = "head"` (only what the dates need)
#   3. full check, built-in rules      vs  `djpeg -scale 1/8 -dct fast` on the JPEGs it seal-checks
#   4. nothing changed since last run (cache) as a share of a full run
#   5. peak resident memory (GNU time %M: the largest process of the run) at --jobs 1, 2, 4
#   and the speed-up of 2 threads over 1.
#
#   bash scripts/bench.sh [--full] [--jobs N] [--rounds R] [--corpus DIR]
#
# --corpus DIR checks a corpus generated before (`gen_district DIR [small|full] 42`)
# instead of generating one into a temporary folder.
# --full generates the issue's shape (20 units, 1,560 files, 108 photo ZIPs, ~4.9 GiB);
# the default is a smaller corpus of the same mix (~0.5 GiB) that runs in minutes.
# Timings are medians of R interleaved rounds (default 3) after a warm-up run, so the
# page cache is warm for evcheck and peers alike. Each timing is wall-clock and CPU time
# (user + system of the process and its children, GNU time): on a shared machine the
# CPU time is the steadier figure; the load average is printed before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
shape=small
jobs=2
rounds=${ROUNDS:-3}
corpus=""
while [ $# -gt 0 ]; do
    case $1 in
        --full) shape=full ;;
        --jobs) jobs=$2; shift ;;
        --rounds) rounds=$2; shift ;;
        --corpus) corpus=$2; shift ;;
        *) echo "usage: bash scripts/bench.sh [--full] [--jobs N] [--rounds R] [--corpus DIR]" >&2; exit 2 ;;
    esac
    shift
done

# The peers (Debian packages), installed when missing.
need=()
command -v file > /dev/null || need+=(file)
command -v exiftool > /dev/null || need+=(libimage-exiftool-perl)
command -v djpeg > /dev/null || need+=(libjpeg-turbo-progs)
command -v unzip > /dev/null || need+=(unzip)
[ -x /usr/bin/time ] || need+=(time)
command -v python3 > /dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${need[@]}"
fi

cargo build --release --quiet --example gen_district --bin evcheck
bin=target/release/evcheck
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "$corpus" ]; then
    in=$corpus
    shape="given ($corpus)"
else
    in=$work/in
    target/release/examples/gen_district "$in" "$shape" 42
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# Rule files: all rules; seal off; seal and period off (format, naming, size, count).
"$bin" rules show > "$work/all.toml"
sed -e 's/^seal = true/seal = false/' "$work/all.toml" > "$work/period.toml"
sed -e 's/^default = "required"/default = "off"/' -e 's/^kinds = {.*}/kinds = {}/' \
    "$work/period.toml" > "$work/format.toml"
grep -q '^verify = "auto"' "$work/all.toml" || { echo "the built-in rules write no [reading] verify" >&2; exit 1; }
sed -e 's/^verify = "auto"/verify = "head"/' "$work/period.toml" > "$work/period-head.toml"

# Wall and CPU seconds (user + system, children included) of a command, output
# discarded: "WALL CPU".
secs() {
    /usr/bin/time -f "%e %U %S" -o "$work/time" bash -c '"$@"' _ "$@" > /dev/null 2>&1 || true
    # (GNU time writes "Command exited with non-zero status N" first when it did.)
    tail -n 1 "$work/time" | awk '{ printf "%.3f %.3f", $1, $2 + $3 }'
}
check() { # RULES OUT [extra…]
    local rules=$1 out=$2
    shift 2
    "$bin" check "$in" --rules "$rules" --out "$out" --quiet "$@"
}
peer_format() {
    find "$in" -type f -print0 | xargs -0 file -b --mime-type
    find "$in" -type f -name '*.zip' -print0 | xargs -0 -n1 unzip -l
}
peer_dates() { exiftool -r -fast -q -q -DateTimeOriginal -CreateDate "$in"; }

# The JPEGs the full check searches for seals (loose files and ZIP members), copied out
# for djpeg (not timed).
check "$work/all.toml" "$work/out-list" --no-cache --jobs "$jobs" > /dev/null || true
mkdir -p "$work/floor"
python3 - "$in" "$work/out-list" "$work/floor" <<'PY'
import json, os, sys, zipfile
root, out, dest = sys.argv[1:4]
n = 0
for unit in sorted(os.listdir(root)):
    rep = os.path.join(out, unit, "report.json")
    if not os.path.exists(rep):
        continue
    for f in json.load(open(rep, encoding="utf-8"))["files"]:
        if f.get("format") != "jpeg" or f.get("seal") is None:
            continue
        n += 1
        target = os.path.join(dest, f"{n:05}.jpg")
        if ".zip/" in f["path"]:
            zpath, member = f["path"].split(".zip/", 1)
            with zipfile.ZipFile(os.path.join(root, unit, zpath + ".zip")) as z:
                with open(target, "wb") as w:
                    w.write(z.read(member))
        else:
            with open(os.path.join(root, unit, f["path"]), "rb") as r, open(target, "wb") as w:
                w.write(r.read())
PY
floor_files=$(find "$work/floor" -name '*.jpg' | wc -l)
peer_floor() { for f in "$work"/floor/*.jpg; do djpeg -scale 1/8 -dct fast -outfile /dev/null "$f"; done; }

# The cache of a full run, for the no-change rerun.
check "$work/all.toml" "$work/out-cache" --jobs "$jobs" > /dev/null || true

export bin in work
export -f check peer_format peer_dates peer_floor
labels=(format peer-format period period-head peer-dates full full-1 peer-floor rerun)
declare -A t
for _ in $(seq "$rounds"); do
    t[format]+="$(secs check "$work/format.toml" "$work/o1" --no-cache --jobs "$jobs") "
    t[peer-format]+="$(secs peer_format) "
    t[period]+="$(secs check "$work/period.toml" "$work/o2" --no-cache --jobs "$jobs") "
    t[period-head]+="$(secs check "$work/period-head.toml" "$work/o2h" --no-cache --jobs "$jobs") "
    t[peer-dates]+="$(secs peer_dates) "
    t[full]+="$(secs check "$work/all.toml" "$work/o3" --no-cache --jobs "$jobs") "
    t[full-1]+="$(secs check "$work/all.toml" "$work/o4" --no-cache --jobs 1) "
    t[peer-floor]+="$(secs peer_floor) "
    t[rerun]+="$(secs check "$work/all.toml" "$work/out-cache" --jobs "$jobs") "
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
declare -A m
declare -A c
for l in "${labels[@]}"; do
    m[$l]=$(echo "${t[$l]}" | awk '{ for (i = 1; i <= NF; i += 2) print $i }' | median)
    c[$l]=$(echo "${t[$l]}" | awk '{ for (i = 2; i <= NF; i += 2) print $i }' | median)
done

# Peak resident memory of the full check (the largest process: main or a worker).
rss() { # JOBS → MiB
    /usr/bin/time -f %M -o "$work/rss" "$bin" check "$in" --rules "$work/all.toml" \
        --out "$work/o5" --quiet --no-cache --jobs "$1" > /dev/null 2>&1 || true
    tail -n 1 "$work/rss" | awk '{ printf "%.0f", $1 / 1024 }'
}
rss1=$(rss 1)
rss2=$(rss 2)
rss4=$(rss 4)

files=$(find "$in" -type f | wc -l)
zips=$(find "$in" -type f -name '*.zip' | wc -l)
size=$(du -sb "$in" | awk '{ printf "%.2f GiB", $1 / 1073741824 }')
echo "evcheck streaming benchmark: $shape corpus ($files files, $zips ZIPs, $size), --jobs $jobs, $(nproc) cores, median of $rounds interleaved rounds"
echo "load average (1, 5, 15 min): $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
row() { # LABEL KEY PEER-KEY GOAL: wall and CPU seconds, and both ratios
    printf "%-44s %7ss %7ss %7ss %7ss %6sx %6sx  %s\n" "$1" "${m[$2]}" "${c[$2]}" "${m[$3]}" "${c[$3]}" \
        "$(ratio "${m[$2]}" "${m[$3]}")" "$(ratio "${c[$2]}" "${c[$3]}")" "$4"
}
printf "%-44s %8s %8s %8s %8s %7s %7s  %s\n" "job" "wall" "cpu" "peer" "peer cpu" "wall" "cpu" "goal"
row "format/naming/size/count (file + unzip -l)" format peer-format "<= 2x"
row "period only (exiftool -r -fast)" period peer-dates "<= 0.5x"
row "period only, verify = head (exiftool)" period-head peer-dates "<= 0.5x"
row "full check (djpeg 1/8 fast, $floor_files JPEGs)" full peer-floor "<= 1.5x"
printf "%-44s %7ss %7ss %8s %8s %5s%% %5s%%  %s\n" "no change since last run (of full check)" "${m[rerun]}" "${c[rerun]}" "-" "-" \
    "$(awk -v a="${m[rerun]}" -v b="${m[full]}" 'BEGIN { printf "%.1f", 100 * a / b }')" \
    "$(awk -v a="${c[rerun]}" -v b="${c[full]}" 'BEGIN { printf "%.1f", 100 * a / b }')" "<= 5 %"
printf "%-44s %s MiB at --jobs 1, %s MiB at 2, %s MiB at 4  %s\n" "peak RSS, full check (largest process)" "$rss1" "$rss2" "$rss4" "<= 256 MiB, flat"
printf "%-44s %7ss %7ss %7ss %7ss %6sx %7s  %s\n" "2 threads vs 1 (full check; peer = 1 thread)" "${m[full]}" "${c[full]}" "${m[full-1]}" "${c[full-1]}" "$(ratio "${m[full-1]}" "${m[full]}")" "-" ">= 1.8x"
echo "runs (wall cpu, s):"
for l in "${labels[@]}"; do printf "  %-12s %s\n" "$l" "${t[$l]}"; done
