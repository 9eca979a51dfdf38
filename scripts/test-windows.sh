#!/usr/bin/env bash
# Smoke test of the Windows build under Wine: runs evcheck.exe from the release ZIP (or
# a bare evcheck.exe) and the Linux build side by side on the same inputs and
# requires the same exit status, the same console output and the same reports, but
# for path separators and the drive letter.
#
#   bash scripts/test-windows.sh [dist/evcheck-VERSION-windows-x86_64.zip | path/to/evcheck.exe]
#
# Cases: the bundled sample; a path with spaces and Chinese; a drag-and-drop start
# (one absolute path, no command); exit statuses 0/1/2; a path longer than 260
# characters; a reader that crashes or hangs in a worker; workers ending with evcheck;
# the output folder's lock (held by a running evcheck.exe, taken over from a killed one).
# Not part of .ci/run (it needs Wine and the cross build; about a minute plus Wine's
# first start). Run it after changing Windows code and record the result in
# docs/windows.md.
#
# Needs Debian's wine64 and gcc-mingw-w64-x86-64. Wine 8.0 lacks ProcessPrng
# (bcryptprimitives.dll, Windows 10 and later), which Rust's standard library imports,
# so a stand-in DLL is built from scripts/wine/bcryptprimitives.c and put beside the
# copy of evcheck.exe under test. It exists only in the scratch folder.
#
# Environment: WINE (the wine64 loader), WINEPREFIX (reuse a prefix; default a fresh
# one in the scratch folder), LINUX_EVCHECK (Linux binary; default: cargo build).
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
subject=${1:-dist/evcheck-$version-windows-x86_64.zip}
[ -f "$subject" ] || { echo "no $subject: run scripts/build-windows.sh first" >&2; exit 2; }
subject=$(realpath "$subject")

wine=${WINE:-}
if [ -z "$wine" ]; then
    for w in /usr/lib/wine/wine64 "$(command -v wine64 || true)" "$(command -v wine || true)"; do
        if [ -n "$w" ] && [ -x "$w" ]; then wine=$w; break; fi
    done
fi
[ -n "$wine" ] || { echo "Wine not found (apt-get install wine64)" >&2; exit 2; }
command -v x86_64-w64-mingw32-gcc > /dev/null \
    || { echo "MinGW not found (apt-get install gcc-mingw-w64-x86-64)" >&2; exit 2; }

if [ -z "${LINUX_EVCHECK:-}" ]; then
    cargo build --quiet --locked --bin evcheck || exit 2
    LINUX_EVCHECK=$repo/target/debug/evcheck
fi
linux=$(realpath "$LINUX_EVCHECK")

work=$(mktemp -d)
export WINEPREFIX=${WINEPREFIX:-$work/prefix}
export WINEDEBUG=-all
# No Mono/Gecko install prompts; the native stand-in DLL first.
export WINEDLLOVERRIDES="mscoree,mshtml=;bcryptprimitives=n"
# Wine turns arguments and file names into UTF-16 by the locale's character set.
export LC_ALL=C.UTF-8
cleanup() {
    "$(dirname "$wine")/wineserver" -k > /dev/null 2>&1 || wineserver -k > /dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# The program under test, unpacked as a clerk would.
app=$work/app
mkdir -p "$app"
case $subject in
    *.zip)
        python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$subject" "$app"
        pkg=$(find "$app" -mindepth 1 -maxdepth 1 -type d | head -n 1)
        for f in evcheck.exe 使用说明.txt rules/shihe-2022.toml 示例; do
            [ -e "$pkg/$f" ] || { echo "the ZIP lacks $f" >&2; exit 1; }
        done
        if find "$pkg" -iname '*.dll' | grep -q .; then
            echo "the ZIP ships a DLL" >&2
            exit 1
        fi
        sample=$pkg/示例
        exe=$pkg/evcheck.exe
        ;;
    *)
        pkg=$app
        cp "$subject" "$app/evcheck.exe"
        sample=$repo/fixtures/demo
        exe=$app/evcheck.exe
        ;;
esac
x86_64-w64-mingw32-gcc -shared -O2 -o "$pkg/bcryptprimitives.dll" scripts/wine/bcryptprimitives.c -ladvapi32 \
    || exit 2

echo "Wine prefix: starting Wine (the first start takes a while)"
"$wine" wineboot -i > /dev/null 2>&1

fails=0
pass() { echo "PASS  $1"; }
fail() {
    echo "FAIL  $1"
    fails=$((fails + 1))
}

# Runs evcheck.exe under Wine; stdout/stderr to files named by $1, status in $1.rc.
run_win() {
    local tag=$1
    shift
    "$wine" "$exe" "$@" > "$tag.out" 2> "$tag.err" < /dev/null
    echo $? > "$tag.rc"
}
run_linux() {
    local tag=$1
    shift
    "$linux" "$@" > "$tag.out" 2> "$tag.err" < /dev/null
    echo $? > "$tag.rc"
}

# Same text after turning backslashes into slashes and Z:/ into /.
same_text() {
    python3 - "$1" "$2" << 'PY'
import sys
def norm(p):
    t = open(p, encoding="utf-8", errors="replace").read()
    return t.replace("\r\n", "\n").replace("\\\\", "/").replace("\\", "/").replace("Z:/", "/")
sys.exit(0 if norm(sys.argv[1]) == norm(sys.argv[2]) else 1)
PY
}

# Same report folders: the same files, JSON equal as data and other text equal, all
# after the same path normalisation; XLSX compared by its worksheet XML. The cache
# (absolute paths and file times) is left out.
same_reports() {
    python3 - "$1" "$2" << 'PY'
import json, os, re, sys, zipfile
a, b = sys.argv[1:]
def files(root):
    out = set()
    for d, _, fs in os.walk(root):
        for f in fs:
            if f != ".evcheck-cache.json":
                out.add(os.path.relpath(os.path.join(d, f), root))
    return out
# ISO times, and the Chinese minute-level time of reports (`2026年11月27日 00:59`): two
# runs under load may straddle a minute.
STAMP = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?Z?|\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d")
def norm_s(s):
    # The time of the run (checked_at, history) differs between the two runs.
    s = STAMP.sub("TIME", s)
    return s.replace("\r\n", "\n").replace("\\", "/").replace("Z:/", "/")
def norm_j(v):
    if isinstance(v, str):
        return norm_s(v)
    if isinstance(v, list):
        return [norm_j(x) for x in v]
    if isinstance(v, dict):
        return {norm_s(k): norm_j(x) for k, x in v.items()}
    return v
def content(p):
    if p.endswith(".json"):
        return norm_j(json.load(open(p, encoding="utf-8")))
    if p.endswith(".xlsx"):
        z = zipfile.ZipFile(p)
        return {n: norm_s(z.read(n).decode("utf-8")) for n in z.namelist()
                if n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml"}
    return norm_s(open(p, encoding="utf-8", errors="replace").read())
fa, fb = files(a), files(b)
bad = sorted(fa ^ fb)
for f in sorted(fa & fb):
    if content(os.path.join(a, f)) != content(os.path.join(b, f)):
        bad.append(f)
for f in bad:
    print("    differs: " + f)
sys.exit(1 if bad or not fa else 0)
PY
}

# Compares one Linux and one Windows run: status (and its expected value), stdout,
# and optionally report folders.
compare() {
    local name=$1 l=$2 w=$3 want=$4 lrep=${5:-} wrep=${6:-}
    local ok=1
    if [ "$(cat "$l.rc")" != "$want" ] || [ "$(cat "$w.rc")" != "$want" ]; then
        echo "    exit status: Linux $(cat "$l.rc"), Windows $(cat "$w.rc"), expected $want"
        ok=0
    fi
    if ! same_text "$l.out" "$w.out"; then
        echo "    stdout differs:"
        diff "$l.out" "$w.out" | head -n 10 | sed 's/^/      /'
        ok=0
    fi
    if [ -n "$lrep" ] && ! same_reports "$lrep" "$wrep"; then
        ok=0
    fi
    if [ $ok = 1 ]; then pass "$name"; else fail "$name"; fi
}

# 1. The bundled sample, relative paths; the exe must start at all.
mkdir -p "$work/1/linux" "$work/1/win"
cp -r "$sample" "$work/1/linux/示例"
cp -r "$sample" "$work/1/win/示例"
(cd "$work/1/linux" && run_linux ../l check 示例 --out 报告)
(cd "$work/1/win" && run_win ../w check 示例 --out 报告)
if grep -q . "$work/1/w.out"; then
    compare "sample: same exit status 1, output and reports (JSON, HTML, CSV, XLSX)" \
        "$work/1/l" "$work/1/w" 1 "$work/1/linux/报告" "$work/1/win/报告"
else
    fail "sample: evcheck.exe printed nothing (status $(cat "$work/1/w.rc")): $(head -c 300 "$work/1/w.err")"
fi

# 2. Spaces and Chinese in every part of the path, Windows separators on Windows.
for side in linux win; do
    mkdir -p "$work/2/$side/材料 目录 2022/第一批 材料"
    cp -r "$sample/." "$work/2/$side/材料 目录 2022/第一批 材料/"
done
(cd "$work/2/linux" && run_linux ../l check "材料 目录 2022/第一批 材料" --out "报告 输出/第 1 次")
(cd "$work/2/win" && run_win ../w check '材料 目录 2022\第一批 材料' --out '报告 输出\第 1 次')
compare "path with spaces and Chinese" "$work/2/l" "$work/2/w" 1 \
    "$work/2/linux/报告 输出/第 1 次" "$work/2/win/报告 输出/第 1 次"

# 3. Drag and drop: Explorer starts the program with one absolute path. Both runs use
# the same folder in turn (reports go beside it), so only the drive letter differs.
drop="$work/3/拖放 测试"
mkdir -p "$drop"
cp -r "$sample/区税务局" "$sample/东双河镇.zip" "$drop/"
for unit in 区税务局 东双河镇.zip; do
    want=0
    [ "$unit" = 东双河镇.zip ] && want=1
    rm -rf "$drop/evcheck-reports"
    (cd "$work/3" && run_linux "l-$unit" "$drop/$unit")
    mv "$drop/evcheck-reports" "$work/3/linux-reports-$unit"
    winpath=$("$wine" winepath -w "$drop/$unit" 2> /dev/null | tr -d '\r')
    (cd "$work/3" && run_win "w-$unit" "$winpath")
    compare "drag and drop of $unit (exit $want, reports beside it)" "$work/3/l-$unit" "$work/3/w-$unit" "$want" \
        "$work/3/linux-reports-$unit" "$drop/evcheck-reports"
done

# 4. Exit statuses and plain console output.
mkdir -p "$work/4"
cd "$work/4"
printf '[scheme\nid = \n' > 坏规则.toml
run_linux l-codes codes
run_win w-codes codes
compare "codes: exit 0, same Chinese listing" l-codes w-codes 0
run_linux l-show rules show
run_win w-show rules show
compare "rules show: exit 0, same rule file" l-show w-show 0
run_linux l-missing check 不存在的目录
run_win w-missing check 不存在的目录
compare "check of a missing folder: exit 2" l-missing w-missing 2
run_linux l-bad rules check 坏规则.toml
run_win w-bad rules check 坏规则.toml
compare "rules check of a broken rule file: exit 2" l-bad w-bad 2
run_linux l-none
run_win w-none
compare "no arguments (a double click): exit 2, how to use it" l-none w-none 2
run_linux l-opt check --no-such-option x
run_win w-opt check --no-such-option x
compare "unknown option: exit 2" l-opt w-opt 2
cd "$repo"

# 5. A folder deeper than MAX_PATH (260 characters), read and written.
long=材料
for i in 01 02 03 04 05 06 07 08 09 10 11 12; do long="$long/a-rather-long-folder-name-level-$i"; done
for side in linux win; do
    mkdir -p "$work/5/$side/$long"
    cp -r "$sample/区税务局" "$work/5/$side/$long/"
done
abs_len=$(printf 'Z:%s' "$work/5/win/$long/区税务局" | wc -m)
(cd "$work/5/linux" && run_linux ../l check "$long" --out "$long/报告")
(cd "$work/5/win" && run_win ../w check "${long//\//\\}" --out "${long//\//\\}\\报告")
compare "path of $abs_len characters" "$work/5/l" "$work/5/w" 0 "$work/5/linux/$long/报告" "$work/5/win/$long/报告"

# Cases 6 to 8 need the worker fault seam (EVCHECK_WORKER_FAULT), which only a build
# with the test-hooks feature has (FEATURES=test-hooks bash scripts/build-windows.sh);
# the download has none, so they are skipped for it, and said so.
if grep -q EVCHECK_WORKER_FAULT "$exe"; then
    # 6. A reader that aborts, and one that hangs: that file is reported unreadable, the
    # run goes on (and no crash dialog stops it).
    victim="区税务局-14-办件量统计（盖章）.pdf"
    for fault in abort hang; do
        for side in linux win; do
            mkdir -p "$work/6-$fault/$side"
            cp -r "$sample/区税务局" "$work/6-$fault/$side/"
        done
        (cd "$work/6-$fault/linux" && EVCHECK_WORKER_FAULT="$fault:$victim" run_linux ../l \
            check 区税务局 --unit --out 报告 --file-timeout 20 --no-cache)
        (cd "$work/6-$fault/win" && EVCHECK_WORKER_FAULT="$fault:$victim" run_win ../w \
            check 区税务局 --unit --out 报告 --file-timeout 20 --no-cache)
        if grep -q '"rule": "unreadable"' "$work/6-$fault/win/报告/区税务局/report.json" 2> /dev/null; then
            compare "worker $fault: file reported, run completes" "$work/6-$fault/l" "$work/6-$fault/w" 1 \
                "$work/6-$fault/linux/报告" "$work/6-$fault/win/报告"
        else
            fail "worker $fault: no unreadable finding (status $(cat "$work/6-$fault/w.rc"))"
        fi
    done

    # 7. Workers end with evcheck: a worker hangs, evcheck is killed, the worker must go
    # (the Job Object's kill-on-close; on Unix the worker's stdin closing does it).
    mkdir -p "$work/7"
    cp -r "$sample/区税务局" "$work/7/"
    cd "$work/7"
    EVCHECK_WORKER_FAULT="hang:$victim" "$wine" "$exe" check 区税务局 --unit --out 报告 --file-timeout 600 --no-cache \
        > w.out 2> w.err < /dev/null &
    parent=$!
    # Our workers: processes of this Wine prefix whose command line ends in __worker.
    our_workers() {
        local p
        for p in $(pgrep -f -- '__worker' || true); do
            if tr '\0' '\n' < "/proc/$p/environ" 2> /dev/null | grep -qxF "WINEPREFIX=$WINEPREFIX"; then
                echo "$p"
            fi
        done
    }
    seen=""
    for _ in $(seq 1 60); do
        seen=$(our_workers)
        [ -n "$seen" ] && break
        sleep 1
    done
    sleep 3
    kill -9 "$parent" 2> /dev/null
    wait "$parent" 2> /dev/null
    left=$seen
    for _ in $(seq 1 20); do
        left=$(our_workers)
        [ -z "$left" ] && break
        sleep 1
    done
    if [ -z "$seen" ]; then
        fail "workers end with evcheck: no worker process seen"
    elif [ -z "$left" ]; then
        pass "workers end with evcheck (killed parent, hanging worker gone)"
else
    fail "workers end with evcheck: worker still running after its parent was killed"
    kill -9 $left 2> /dev/null
fi
cd "$repo"

# 8. The output folder's lock: a second run waits for a live first one and gives up
# with status 3; the lock of a first run that was killed is taken over (on Windows the
# holder's PID is asked of the system: OpenProcess / GetExitCodeProcess).
mkdir -p "$work/8"
cp -r "$sample/区税务局" "$work/8/"
cd "$work/8"
EVCHECK_WORKER_FAULT="hang:$victim" "$wine" "$exe" check 区税务局 --unit --out 报告 --file-timeout 600 --no-cache \
    > a.out 2> a.err < /dev/null &
holder=$!
for _ in $(seq 1 60); do
    [ -f 报告/.evcheck.lock ] && break
    sleep 1
done
if [ ! -f 报告/.evcheck.lock ]; then
    fail "output lock: the first run took no lock"
else
    run_win b check 区税务局 --unit --out 报告 --lock-wait 0 --no-cache
    if [ "$(cat b.rc)" = 3 ] && grep -q . b.err b.out; then
        pass "output lock held by a running evcheck.exe: second run exits 3 and says who holds it"
    else
        fail "output lock held by a running evcheck.exe: second run exited $(cat b.rc), expected 3"
    fi
    kill -9 "$holder" 2> /dev/null
    wait "$holder" 2> /dev/null
    for p in $(our_workers); do kill -9 "$p" 2> /dev/null; done
    sleep 2
    if [ ! -f 报告/.evcheck.lock ]; then
        fail "output lock: the killed run's lock file is gone, nothing to take over"
    else
        run_win c check 区税务局 --unit --out 报告 --lock-wait 0 --no-cache
        if [ "$(cat c.rc)" = 0 ] && [ -f 报告/区税务局/report.json ]; then
            pass "output lock of a killed evcheck.exe is taken over (exit 0, reports written)"
        else
            fail "output lock of a killed evcheck.exe: exit $(cat c.rc), expected 0: $(head -c 300 c.err)"
        fi
    fi
fi
cd "$repo"
else
    for c in "worker abort / hang" "workers end with evcheck" "output lock held / taken over"; do
        echo "SKIP  $c: this evcheck.exe has no fault seam (build with FEATURES=test-hooks)"
    done
fi

echo
if [ $fails = 0 ]; then
    echo "all Windows smoke tests passed ($(basename "$subject"), $("$wine" --version 2> /dev/null))"
else
    echo "$fails Windows smoke test(s) failed"
fi
[ $fails = 0 ]
