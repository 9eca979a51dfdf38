#!/usr/bin/env bash
# Makes and measures the seal detector's validation and test sets in one place, with the
# file ranges every figure of docs/benchmarks-seal.md uses.
#
#   scripts/seal-set/sets.sh make OUT SOURCE_DOCS [SET ...]
#   scripts/seal-set/sets.sh eval OUT [SET ...] [-- SEAL_EVAL_OPTIONS ...]
#
# SET is one of (default: the validation sets):
#   validation: e  (gen_e.py files 0-299)      f  (gen_f.py files 0-499)
#               jv (gen_j.py files 1000-1199)  gj (gen_j.py files 3000-3299)
#               gk (gen_j.py files 3600-3899)  iv (gen_i.py files 2000-2299)
#               iw (gen_i.py files 2300-2599)  gm (gen_j.py files 4000-4299)
#               cv (gen_cert.py files 0-159 at seed 43000: certificates)
#   test:       g  (gen_g.py files 0-499)      i  (gen_i.py files 0-499)
#               j  (gen_j.py files 0-499)
#   or `validation` / `test` for the whole group.
# Choices are made on the validation sets only; the test sets are measured once, after a
# choice (scripts/seal-set/README.md). The real-picture set is built by real/build.py
# from repository snapshots and measured with `seal_eval --dir` like the others.
#
# `make` writes OUT/SET (a set already made is left alone; its generator's log is
# OUT/SET.log). SOURCE_DOCS is the folder of the source documents (*.txt) the
# generators take sentences and unit names from. The generators' own requirements are
# in scripts/seal-set/README.md.
#
# `eval` builds the seal_eval example, runs it on each OUT/SET (options after `--` go
# to seal_eval before `--dir`, e.g. `--conv FILE`), keeps its full output with every
# wrong answer in OUT/eval-SET.txt and prints each set's precision, recall, false
# seals and misses, then the totals.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# The usage is the comment block at the top of this file.
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 2; }

expand() {
  local s
  for s in "$@"; do
    case $s in
      validation) echo e f jv gj gk iv iw gm cv ;;
      test) echo g i j ;;
      e | f | jv | gj | gk | iv | iw | gm | cv | g | i | j) echo "$s" ;;
      *) echo "unknown set: $s" >&2; exit 2 ;;
    esac
  done
}

make_set() {
  local out=$1 docs=$2 s=$3 dir=$1/$3
  if [ -f "$dir/labels.csv" ]; then
    echo "$s: already made ($dir)"
    return
  fi
  echo "$s: making $dir"
  case $s in
    e) python3 "$here/gen_e.py" --n 300 "$dir" ;;
    f) python3 "$here/gen_f.py" --n 500 --seeds "$docs" "$dir" ;;
    jv) python3 "$here/gen_j.py" "$dir" --start 1000 --n 200 --seeds "$docs" ;;
    gj) python3 "$here/gen_j.py" "$dir" --start 3000 --n 300 --seeds "$docs" ;;
    gk) python3 "$here/gen_j.py" "$dir" --start 3600 --n 300 --seeds "$docs" ;;
    iv) python3 "$here/gen_i.py" "$dir" --seeds "$docs" --start 2000 --n 300 ;;
    iw) python3 "$here/gen_i.py" "$dir" --seeds "$docs" --start 2300 --n 300 ;;
    gm) python3 "$here/gen_j.py" "$dir" --start 4000 --n 300 --seeds "$docs" ;;
    cv) python3 "$here/gen_cert.py" "$dir" --n 160 --seed 43000 ;;
    g) python3 "$here/gen_g.py" --n 500 --seeds "$docs" "$dir" ;;
    i) python3 "$here/gen_i.py" "$dir" --seeds "$docs" --n 500 ;;
    j) python3 "$here/gen_j.py" "$dir" --n 500 --seeds "$docs" ;;
  esac >"$out/$s.log" 2>&1 || { echo "$s: generator failed, see $out/$s.log" >&2; return 1; }
}

cmd=${1:-}
[ -n "$cmd" ] || usage
shift
case $cmd in
  make)
    [ $# -ge 2 ] || usage
    out=$1 docs=$2
    shift 2
    list=$(expand "${@:-validation}")
    mkdir -p "$out"
    for s in $list; do make_set "$out" "$docs" "$s"; done
    ;;
  eval)
    [ $# -ge 1 ] || usage
    out=$1
    shift
    sets=() opts=()
    while [ $# -gt 0 ]; do
      if [ "$1" = "--" ]; then shift; opts=("$@"); break; fi
      sets+=("$1")
      shift
    done
    (cd "$root" && cargo build -q --release --example seal_eval)
    bin=$root/target/release/examples/seal_eval
    list=$(expand "${sets[@]:-validation}")
    fp=0 fn=0
    for s in $list; do
      if [ ! -f "$out/$s/labels.csv" ]; then
        echo "$s: not made (run: $0 make $out SOURCE_DOCS $s)" >&2
        continue
      fi
      SEAL_EVAL_VERBOSE=1 "$bin" "${opts[@]}" --dir "$out/$s" >"$out/eval-$s.txt" 2>&1
      line=$(grep -E '^\| all ' "$out/eval-$s.txt" || true)
      if [ -z "$line" ]; then
        echo "$s: seal_eval failed, see $out/eval-$s.txt" >&2
        continue
      fi
      # | all | files | precision | recall | false seals | missed | ms per file |
      IFS='|' read -r _ _ files p r f m _ <<<"$line"
      printf '%-3s files %4d  precision %s  recall %s  false %3d  missed %3d\n' \
        "$s" $files $p $r $f $m
      fp=$((fp + f)) fn=$((fn + m))
    done
    echo "total false $fp missed $fn"
    ;;
  *) usage ;;
esac
