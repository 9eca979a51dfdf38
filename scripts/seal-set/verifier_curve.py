#!/usr/bin/env python3
"""Precision and recall over the verifier's threshold, per kind, for one or more
weights files, from a candidate dump of a labelled folder (no rebuild, no rerun):

    cargo run --release --example seal_dump -- dir OUT/e > d/e.csv
    python3 scripts/seal-set/verifier_curve.py d/e.csv OUT/e/labels.csv \
        src/seal/verify_weights.txt d/weights.txt

A file counts as a seal when one of its candidates at or above the gate scores at least
the threshold (an end of a joined red part: at least END_MIN too). The dump is made with
the rules alone deciding where the search stops, so this is close to, not the same as,
`seal_eval` (which, with a model, also searches the faint ink when the strong ink's
best candidate fails): use it to compare models over the whole curve, and `seal_eval`
for the figures at the operating point. Curves on an evaluation set are for comparing
models only: never choose a threshold on them.
"""

import argparse
import csv
import os
import sys
from collections import defaultdict

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_verifier as T  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dump")
    ap.add_argument("labels")
    ap.add_argument("weights", nargs="+")
    ap.add_argument("--end-min", type=float, default=T.END_MIN)
    ap.add_argument("--thresholds", default="0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,0.95")
    args = ap.parse_args()
    files = {}
    with open(args.labels) as f:
        for r in csv.DictReader(f):
            files[r["file"]] = (r["seal"] == "1", r["kind"], r["sub"])
    rows = T.load([args.dump])
    keep = [r for r in rows if r[4] >= T.GATE]
    X = np.array([r[6] for r in keep], np.float64)
    g = [r[0].rsplit("/", 1)[1] for r in keep]
    end = np.array([r[5] for r in keep], bool)
    kinds = sorted({v[1] for v in files.values()})
    thrs = [float(t) for t in args.thresholds.split(",")]
    for w in args.weights:
        p = T.predict_weights(T.read_weights(w), X) if len(X) else np.zeros(0)
        print("## %s" % w)
        print("| threshold | " + " | ".join(kinds + ["all"]) + " |")
        print("|---" * (len(kinds) + 2) + "|")
        for t in thrs:
            ok = (p >= t) & (~end | (p >= max(args.end_min, t)))
            hit = defaultdict(bool)
            for o, k in zip(ok, g):
                if o:
                    hit[k] = True
            cells = []
            for kind in kinds + ["all"]:
                tp = fp = fn = 0
                for k, (seal, kk, _) in files.items():
                    if kind != "all" and kk != kind:
                        continue
                    h = hit.get(k, False)
                    tp += seal and h
                    fp += (not seal) and h
                    fn += seal and not h
                pp, rr = T.pr(tp, fp, fn)
                cells.append("%.3f/%.3f" % (pp, rr))
            print("| %.2f | %s |" % (t, " | ".join(cells)))
        print()


if __name__ == "__main__":
    main()
