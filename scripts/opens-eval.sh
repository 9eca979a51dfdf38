#!/usr/bin/env bash
# Agreement of evcheck's open check with poppler's pdfinfo (opens or not) on a folder of
# PDFs (e.g. the test files of pdf.js, qpdf and the PDF Cabinet of Horrors).
#
#   scripts/opens-eval.sh DIR
#
# pdfinfo "opens" a file unless it exits 1 (exit 99, a page-range error after opening, counts
# as opened; a pdfinfo that runs past 120 s is left out). evcheck's verdict comes from the
# `opens_eval` example (the same check `evcheck check` runs on every PDF).
set -euo pipefail
dir=${1:?usage: scripts/opens-eval.sh DIR}
cargo build --release --example opens_eval >/dev/null
bin=target/release/examples/opens_eval
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find "$dir" -type f -iname '*.pdf' -print0 | sort -z | while IFS= read -r -d '' f; do
  rc=0; timeout 120 pdfinfo "$f" >/dev/null 2>&1 || rc=$?
  v=$(timeout 120 "$bin" "$f" 2>/dev/null | cut -f1) || v=CRASH
  printf '%s\t%s\t%s\n' "$rc" "${v:-CRASH}" "$f"
done >"$tmp/all.tsv"
awk -F'\t' '
  $1 == 124 { hung++; next }
  { n++; p = ($1 != 1); e = ($2 == "OPEN"); if (p == e) ok++; else { bad++; print "disagree:", ($1 != 1 ? "poppler opens" : "poppler fails"), $2, $3 } }
  END { printf "agreement %d/%d = %.4f (pdfinfo timed out on %d)\n", ok, n, ok / n, hung }
' "$tmp/all.tsv"
