#!/usr/bin/env python3
"""Writes one verifier weights file (src/seal/verify.rs) that judges a candidate by two
fitted models at once: its score is `share` times the first model's log-odds plus
(1 - share) times the second's, shifted so that `--threshold` on that blended score
reads as the detector's THRESHOLD (0.6).

    python3 scripts/seal-set/blend_verifier.py OLD.txt NEW.txt --share 0.35 \
        --threshold 0.5 --out src/seal/verify_weights.txt

Both models are boosted trees in the text format train_verifier.py writes; a sum of
trees with every leaf scaled by its model's share is again such a model, so the
detector reads the blend as it reads any weights file. The first model may read fewer
inputs than the second (a 130-input model blends with a 142-input one).
"""

import argparse
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from train_verifier import THRESHOLD, read_weights  # noqa: E402


def n_inputs(path):
    with open(path) as f:
        for line in f:
            w = line.split()
            if len(w) == 2 and w[0] == "inputs":
                return int(w[1])
    raise SystemExit("%s: no `inputs` line" % path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("first")
    ap.add_argument("second")
    ap.add_argument("--share", type=float, required=True, help="weight of the first model's log-odds (0-1)")
    ap.add_argument("--threshold", type=float, required=True,
                    help="blended probability that is to read as the detector's THRESHOLD")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if not 0.0 <= args.share <= 1.0 or not 0.0 < args.threshold < 1.0:
        raise SystemExit("--share must lie in [0, 1] and --threshold in (0, 1)")
    first, second = read_weights(args.first), read_weights(args.second)
    inputs = max(n_inputs(args.first), n_inputs(args.second))
    shift = math.log(THRESHOLD / (1 - THRESHOLD)) - math.log(args.threshold / (1 - args.threshold))
    base = args.share * first[0] + (1 - args.share) * second[0] + shift
    with open(args.out, "w") as f:
        f.write("# Seal candidate verifier: gradient-boosted trees over the %d inputs of\n" % inputs)
        f.write("# src/seal/verify.rs: a blend written by scripts/seal-set/blend_verifier.py,\n")
        f.write("# %.2f x (%s) + %.2f x (%s) in log-odds, %.2f read as %.1f.\n"
                % (args.share, os.path.basename(args.first), 1 - args.share, os.path.basename(args.second),
                   args.threshold, THRESHOLD))
        f.write("# base RAW: starting score; per tree `tree`, then one line per node:\n")
        f.write("# leaf VALUE | split FEATURE THRESHOLD LEFT RIGHT (left when x <= THRESHOLD).\n")
        f.write("inputs %d\n" % inputs)
        f.write("base %.9g\n" % base)
        trees = 0
        for share, (_, model) in ((args.share, first), (1 - args.share, second)):
            if share == 0.0:
                continue
            for nodes in model:
                f.write("tree\n")
                for feat, val, left, right in nodes:
                    if feat < 0:
                        f.write("leaf %.9g\n" % (share * val))
                    else:
                        f.write("split %d %.9g %d %d\n" % (feat, val, left, right))
                trees += 1
    print("wrote %s (%d inputs, %d trees)" % (args.out, inputs, trees), file=sys.stderr)


if __name__ == "__main__":
    main()
