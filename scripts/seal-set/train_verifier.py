#!/usr/bin/env python3
"""Fits the seal candidate verifier (src/seal/verify.rs) on tuning data only.

    cargo run --release --example seal_dump -- synth 1 640 > d/s1.csv
    cargo run --release --example seal_dump -- synth 3 640 > d/s3.csv
    python3 scripts/seal-set/gen.py --family tune --n 800 d/tune
    cargo run --release --example seal_dump -- dir d/tune > d/tune.csv
    python3 scripts/seal-set/train_verifier.py d/s1.csv d/s3.csv d/tune.csv \
        --out src/seal/verify_weights.txt

Needs numpy and scikit-learn (gradient-boosted trees, written out as plain text that
src/seal/verify.rs evaluates). Labels are per file; a candidate is labelled:
- in a file without a seal: no seal;
- in a file with a seal: the candidate with the highest rules' score is the seal when
  that score reaches the gate; the file's other candidates are left out (unknown).
Only candidates at or above the gate (VERIFY_GATE in src/seal/detect.rs) are used: the
verifier judges only those. The operating point is chosen on 5-fold out-of-fold
predictions (file level: a file is a seal when one of its candidates passes) as the
lowest threshold whose precision reaches --precision, and the output bias is shifted so
that this threshold reads as the detector's THRESHOLD (0.6). Deterministic
(fixed random_state).
"""

import argparse
import csv
import math
import sys
from collections import defaultdict

import numpy as np
from sklearn.model_selection import GroupKFold
from sklearn.ensemble import HistGradientBoostingClassifier

GATE = 0.3
THRESHOLD = 0.6


def load(paths):
    rows = []
    for p in paths:
        with open(p) as f:
            for r in csv.reader(f):
                if len(r) < 7:
                    continue
                rows.append((r[0] + "/" + r[1], int(r[2]), r[3], r[4], float(r[5]), [float(x) for x in r[6:]]))
    return rows


def label(rows):
    by = defaultdict(list)
    for i, r in enumerate(rows):
        by[r[0]].append(i)
    X, y, g, kinds = [], [], [], []
    files = {}
    for key, idx in by.items():
        seal = rows[idx[0]][1]
        files[key] = (seal, rows[idx[0]][2], rows[idx[0]][3])
        best = max(idx, key=lambda i: rows[i][4])
        for i in idx:
            r = rows[i]
            if r[4] < GATE:
                continue
            if seal and i != best:
                continue
            X.append(r[5])
            y.append(seal)
            g.append(key)
            kinds.append(r[2] + "/" + r[3])
    return np.array(X, np.float64), np.array(y), np.array(g), kinds, files


def make_model(seed):
    return HistGradientBoostingClassifier(max_iter=150, learning_rate=0.1, max_leaf_nodes=15,
                                          l2_regularization=1.0, early_stopping=False, random_state=seed)


def file_level(probs, g, files, thr):
    best = defaultdict(float)
    for p, k in zip(probs, g):
        best[k] = max(best[k], p)
    tp = fp = fn = 0
    errs = defaultdict(int)
    for k, (seal, kind, sub) in files.items():
        hit = best.get(k, 0.0) >= thr
        if seal and hit:
            tp += 1
        elif seal:
            fn += 1
            errs[kind + "/" + sub + " missed"] += 1
        elif hit:
            fp += 1
            errs[kind + "/" + sub + " false"] += 1
    return tp, fp, fn, errs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv", nargs="+")
    ap.add_argument("--out", required=True)
    ap.add_argument("--precision", type=float, default=0.995)
    args = ap.parse_args()
    rows = load(args.csv)
    X, y, g, kinds, files = label(rows)
    print("candidates %d (seal %d), files %d" % (len(y), int(y.sum()), len(files)), file=sys.stderr)
    Z = X
    oof = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=5).split(Z, y, g):
        m = make_model(0).fit(Z[tr], y[tr])
        oof[te] = m.predict_proba(Z[te])[:, 1]
    chosen = 0.5
    for thr in np.linspace(0.05, 0.99, 95):
        tp, fp, fn, _ = file_level(oof, g, files, thr)
        if tp / max(tp + fp, 1) >= args.precision:
            chosen = thr
            break
    tp, fp, fn, errs = file_level(oof, g, files, chosen)
    print("out-of-fold, threshold %.2f: precision %.4f recall %.4f (tp %d fp %d fn %d)"
          % (chosen, tp / max(tp + fp, 1), tp / max(tp + fn, 1), tp, fp, fn), file=sys.stderr)
    for k, v in sorted(errs.items()):
        print("  %-40s %d" % (k, v), file=sys.stderr)
    m = make_model(0).fit(Z, y)
    base = float(np.ravel(m._baseline_prediction)[0])
    # Shift the output so that `chosen` reads as THRESHOLD.
    logit = lambda p: math.log(p / (1 - p))
    shift = logit(THRESHOLD) - logit(chosen)
    trees = [it[0].nodes for it in m._predictors]
    # Check the export against the library's own raw score.
    raw = np.full(len(Z), base)
    for nodes in trees:
        for i, x in enumerate(Z):
            k = 0
            while not nodes[k]["is_leaf"]:
                k = nodes[k]["left"] if x[nodes[k]["feature_idx"]] <= nodes[k]["num_threshold"] else nodes[k]["right"]
            raw[i] += nodes[k]["value"]
    assert np.allclose(raw, m._raw_predict(Z)[:, 0], atol=1e-6)
    with open(args.out, "w") as f:
        f.write("# Seal candidate verifier: gradient-boosted trees over the %d inputs of\n" % X.shape[1])
        f.write("# src/seal/verify.rs, written by scripts/seal-set/train_verifier.py.\n")
        f.write("# base RAW: starting score; per tree `tree`, then one line per node:\n")
        f.write("# leaf VALUE | split FEATURE THRESHOLD LEFT RIGHT (left when x <= THRESHOLD).\n")
        f.write("inputs %d\n" % X.shape[1])
        f.write("base %.9g\n" % (base + shift))
        for nodes in trees:
            f.write("tree\n")
            for n in nodes:
                if n["is_leaf"]:
                    f.write("leaf %.6g\n" % n["value"])
                else:
                    f.write("split %d %.9g %d %d\n" % (n["feature_idx"], n["num_threshold"], n["left"], n["right"]))
    print("wrote %s (%d inputs, %d trees)" % (args.out, X.shape[1], len(trees)), file=sys.stderr)


if __name__ == "__main__":
    main()
