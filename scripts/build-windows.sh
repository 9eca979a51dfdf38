#!/usr/bin/env bash
# Cross-builds evcheck.exe for 64-bit Windows on Debian 12 and packs the download
# handed to users: dist/evcheck-<version>-windows-x86_64.zip holding evcheck.exe,
# 使用说明.txt (the Chinese guide for clerks), rules/ and a sample submission.
#
#   bash scripts/build-windows.sh            # build, then pack
#   bash scripts/build-windows.sh --pack     # pack an exe built before
#
# Everything comes from Debian packages (no rustup download): rustc-web, cargo-web,
# rust-web-src and libstd-rust-web-dev (Rust 1.96 with the standard library's
# sources) and gcc-mingw-w64-x86-64 (the linker). The standard library for
# x86_64-pc-windows-gnu is compiled from those sources (-Zbuild-std, enabled on a
# stable compiler by RUSTC_BOOTSTRAP=1). A rustup installation puts its proxies first
# on PATH, so Debian's cargo and rustc are named by full path.
#
# Environment: TARGET_DIR (default target/windows, kept apart from the Linux
# builds), PROFILE (default dist, see Cargo.toml), CARGO_PROFILE_DIST_LTO etc. to try
# other settings, DEB_CARGO / DEB_RUSTC to use other compilers, FEATURES to build with
# cargo features: `FEATURES=test-hooks` makes the build the Wine smoke test needs for its
# crash, hang and lock cases (the worker fault seam is never in the download); its ZIP is
# named `…-windows-x86_64-test-hooks.zip`, and only evcheck itself is compiled again
# (build once more without FEATURES before `--pack`).
# Takes about 17 minutes from clean on 2 cores; the .exe imports only Windows
# system DLLs, so nothing else needs shipping.
set -euo pipefail
cd "$(dirname "$0")/.."

triple=x86_64-pc-windows-gnu
target_dir=${TARGET_DIR:-target/windows}
profile=${PROFILE:-dist}
features=${FEATURES:-}
deb_cargo=${DEB_CARGO:-/usr/bin/cargo}
deb_rustc=${DEB_RUSTC:-/usr/bin/rustc}
linker=x86_64-w64-mingw32-gcc
pack_only=0
[ "${1:-}" = "--pack" ] && pack_only=1

need_pkgs=()
[ -x "$deb_cargo" ] || need_pkgs+=(cargo-web)
[ -x "$deb_rustc" ] || need_pkgs+=(rustc-web libstd-rust-web-dev)
command -v "$linker" > /dev/null || need_pkgs+=(gcc-mingw-w64-x86-64)
command -v python3 > /dev/null || need_pkgs+=(python3)
if [ -x "$deb_rustc" ]; then
    sysroot=$("$deb_rustc" --print sysroot)
    [ -f "$sysroot/lib/rustlib/src/rust/library/std/Cargo.toml" ] || need_pkgs+=(rust-web-src)
else
    need_pkgs+=(rust-web-src)
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
        echo "installing ${need_pkgs[*]}" >&2
        apt-get install -y "${need_pkgs[@]}"
    else
        echo "missing Debian packages: ${need_pkgs[*]} (apt-get install ${need_pkgs[*]})" >&2
        exit 2
    fi
fi

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
exe="$target_dir/$triple/$profile/evcheck.exe"

if [ $pack_only = 0 ]; then
    start=$(date +%s)
    RUSTC="$deb_rustc" RUSTDOC="${deb_rustc%rustc}rustdoc" RUSTC_BOOTSTRAP=1 \
        CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER="$linker" \
        "$deb_cargo" build --locked --bin evcheck --profile "$profile" ${features:+--features "$features"} \
        -Zbuild-std=std,panic_abort --target "$triple" --target-dir "$target_dir"
    echo "build took $(($(date +%s) - start)) s" >&2
fi
[ -f "$exe" ] || { echo "no $exe: build it first" >&2; exit 1; }

# Only Windows system DLLs may be imported: a MinGW runtime DLL would be missing on
# the user's PC.
imports=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^\s*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u)
for dll in $imports; do
    case $dll in
        kernel32.dll | ntdll.dll | advapi32.dll | bcrypt.dll | bcryptprimitives.dll | ws2_32.dll | \
            userenv.dll | user32.dll | shell32.dll | ole32.dll | oleaut32.dll | msvcrt.dll | \
            api-ms-win-*.dll | synchronization.dll | secur32.dll | crypt32.dll) ;;
        *) echo "evcheck.exe imports $dll, which is not a Windows system DLL" >&2; exit 1 ;;
    esac
done

name="evcheck-$version-windows-x86_64${features:+-${features//[, ]/-}}"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/rules" "$stage/$name/示例"
cp "$exe" "$stage/$name/evcheck.exe"
cp rules/*.toml "$stage/$name/rules/"
cp -r fixtures/demo/. "$stage/$name/示例/"
# Notepad on older Windows needs the byte-order mark to read UTF-8, and CRLF lines.
{
    printf '\xef\xbb\xbf'
    sed -e "s/@VERSION@/$version/g" -e 's/$/\r/' scripts/windows/使用说明.txt
} > "$stage/$name/使用说明.txt"
mkdir -p dist
# Names are stored as UTF-8 with the language-encoding flag set (Python's zipfile does
# so for non-ASCII names), which Windows Explorer and the common Chinese unzip tools
# read; fixed timestamps keep the archive the same from one build to the next.
python3 - "$stage" "$name" "dist/$name.zip.tmp" <<'PY'
import os, sys, zipfile
stage, name, out = sys.argv[1:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for dirpath, dirnames, filenames in os.walk(os.path.join(stage, name)):
        dirnames.sort()
        for f in sorted(filenames):
            full = os.path.join(dirpath, f)
            info = zipfile.ZipInfo(os.path.relpath(full, stage), (2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(full, "rb") as fh:
                z.writestr(info, fh.read())
PY
mv "dist/$name.zip.tmp" "dist/$name.zip"
echo "dist/$name.zip: $(stat -c %s "dist/$name.zip") bytes; evcheck.exe $(stat -c %s "$exe") bytes" >&2
