#!/bin/sh
# Times the closer look's decoding of one part of a scanned page beside libjpeg-turbo's
# `djpeg -scale 1/S -crop` on the same pages and parts (needs libjpeg-turbo-progs).
# Usage: scripts/bench-cut.sh [N]
set -eu
n=${1:-12}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cargo run --release --quiet --example seal_cut_bench -- "$n" 2 "$dir"
command -v djpeg >/dev/null || { echo "djpeg not found: install libjpeg-turbo-progs"; exit 0; }
djpeg -version 2>&1 | head -1
# One djpeg process per part: the figure includes starting it (measured alone below).
start=$(date +%s%N)
while read -r file scale x y w h; do
    djpeg -scale "1/$scale" -crop "${w}x${h}+${x}+${y}" -outfile /dev/null "$dir/$file"
done < "$dir/parts.txt"
end=$(date +%s%N)
parts=$(wc -l < "$dir/parts.txt")
echo "djpeg -scale -crop, one part: $(( (end - start) / parts / 1000 )) µs (wall, with process start)"
start=$(date +%s%N)
while read -r file scale x y w h; do
    djpeg -scale "1/$scale" -crop 8x8+0+0 -outfile /dev/null "$dir/$file"
done < "$dir/parts.txt"
end=$(date +%s%N)
echo "djpeg -scale -crop, an 8x8 part at the top-left (process start and headers): $(( (end - start) / parts / 1000 )) µs"
