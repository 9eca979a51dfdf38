#!/usr/bin/env python3
"""Fits the seal candidate verifier (src/seal/verify.rs) on tuning data only.

    cargo run --release --example seal_dump -- synth 1 640 > d/s1.csv
    cargo run --release --example seal_dump -- synth 3 640 > d/s3.csv
    python3 scripts/seal-set/gen.py --family tune --n 800 d/tune
    cargo run --release --example seal_dump -- dir d/tune > d/tune.csv
    python3 scripts/seal-set/gen_t.py --n 1200 d/t
    cargo run --release --example seal_dump -- dir d/t > d/t.csv
    python3 scripts/seal-set/train_verifier.py d/s1.csv d/s3.csv d/tune.csv d/t.csv \
        --out src/seal/verify_weights.txt

(scripts/seal-set/README.md lists the training families used for the committed weights.)

Needs numpy and scikit-learn (gradient-boosted trees, written out as plain text that
src/seal/verify.rs evaluates). Dump lines are `source,file,seal,kind,sub,rules,end,
f0,f1,...` (examples/seal_dump.rs). Labels are per file; a candidate is labelled:
- in a file without a seal: no seal;
- in a file with a seal: the candidate with the highest rules' score is the seal when
  that score reaches the gate; the file's other candidates are left out of the fit
  (unknown), but still judged when the file is scored.
Only candidates at or above the gate (VERIFY_GATE in src/seal/detect.rs) are used: the
verifier judges only those. The operating point is chosen on 5-fold out-of-fold
predictions (file level, as the detector decides: a file is a seal when one of its
candidates passes; an end of a joined red part passes only at END_MIN) as the lowest
threshold whose precision reaches --precision on the sources named by --choose-on, and
the output bias is shifted so that this threshold reads as the detector's THRESHOLD
(0.6). Deterministic (fixed random_state).
"""

import argparse
import csv
import math
import os
import sys
from collections import defaultdict

import numpy as np

GATE = 0.3
THRESHOLD = 0.6
END_MIN = 0.95


def source_name(key):
    return os.path.basename(key.rsplit("/", 1)[0])


def load(paths):
    """Rows of the dumps: (file key, seal, kind, sub, rules, end, features)."""
    rows = []
    for p in paths:
        with open(p) as f:
            for r in csv.reader(f):
                if len(r) < 8:
                    continue
                rows.append((r[0] + "/" + r[1], int(r[2]), r[3], r[4], float(r[5]), int(r[6]),
                             [float(x) for x in r[7:]]))
    return rows


# Sub-kinds of square seals in the training families (gen_t.py `sq`, `sq2` and the
# `square` seals of the others); under --square, every seal of a family whose name
# starts with `sq` is square.
SQUARE_SUBS = {"square", "baiwen", "zhuwen", "zhuwen-joined"}


def square_seal(key, sub):
    return sub in SQUARE_SUBS or source_name(key).startswith("sq")


def label(rows, square=False, with_rules=False):
    """Candidates at or above the gate: features, label (1, 0, or -1 unknown), file key,
    end flag; and every file seen: key -> (seal, kind, sub).

    `square` (dumps of square outlines, SEAL_DUMP_SQUARES=1): every candidate counts,
    whatever the square rules gave it (they decide nothing once a square model is in
    use), and a file counts as a seal only when its seal is square: the square outlines
    of a file with a round or oval seal are other marks (a framed stamp beside it)."""
    by = defaultdict(list)
    for i, r in enumerate(rows):
        by[r[0]].append(i)
    X, y, g, end, rules = [], [], [], [], []
    files = {}
    gate = 0.0 if square else GATE
    for key, idx in by.items():
        seal = rows[idx[0]][1]
        if square and seal and not square_seal(key, rows[idx[0]][3]):
            seal = 0
        files[key] = (seal, rows[idx[0]][2], rows[idx[0]][3])
        best = max(idx, key=lambda i: rows[i][4])
        for i in idx:
            r = rows[i]
            if r[4] < gate:
                continue
            X.append(r[6])
            y.append(-1 if seal and i != best else seal)
            g.append(key)
            end.append(r[5])
            rules.append(r[4])
    out = (np.array(X, np.float64), np.array(y), np.array(g), np.array(end, bool), files)
    return out + (np.array(rules),) if with_rules else out


def blend(probs, rules, weight):
    """The square model's score as src/seal/verify.rs gives it: the trees' log-odds plus
    `weight` × (the square rules' score − 0.5)."""
    return 1 / (1 + np.exp(-(logit(probs) + weight * (rules - 0.5))))


def make_model(seed, iters=150, leaves=15, max_features=1.0):
    from sklearn.ensemble import HistGradientBoostingClassifier
    extra = {"max_features": max_features} if max_features < 1.0 else {}
    return HistGradientBoostingClassifier(max_iter=iters, learning_rate=0.1, max_leaf_nodes=leaves,
                                          l2_regularization=1.0, early_stopping=False, random_state=seed,
                                          **extra)


def logit(p):
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(p / (1 - p))


def passes(probs, end, thr, end_min=END_MIN):
    """Whether each candidate counts as a seal when `thr` is read as THRESHOLD."""
    z = logit(probs) + math.log(THRESHOLD / (1 - THRESHOLD)) - float(logit(np.array([thr]))[0])
    q = 1 / (1 + np.exp(-z))
    return (q >= THRESHOLD) & (~end | (q >= end_min))


def file_level(probs, g, end, files, thr, end_min=END_MIN):
    hit = defaultdict(bool)
    for ok, k in zip(passes(probs, end, thr, end_min), g):
        if ok:
            hit[k] = True
    tp = fp = fn = 0
    errs = defaultdict(int)
    for k, (seal, kind, sub) in files.items():
        h = hit.get(k, False)
        if seal and h:
            tp += 1
        elif seal:
            fn += 1
            errs[kind + "/" + sub + " missed"] += 1
        elif h:
            fp += 1
            errs[kind + "/" + sub + " false"] += 1
    return tp, fp, fn, errs


def pr(tp, fp, fn):
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def read_weights(path):
    """A weights file of src/seal/verify.rs: (base, trees as node lists)."""
    base, trees = 0.0, []
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w or w[0].startswith("#"):
                continue
            if w[0] == "base":
                base = float(w[1])
            elif w[0] == "tree":
                trees.append([])
            elif w[0] == "leaf":
                trees[-1].append((-1, float(w[1]), 0, 0))
            elif w[0] == "split":
                trees[-1].append((int(w[1]), float(w[2]), int(w[3]), int(w[4])))
    return base, trees


def predict_weights(model, X):
    """The probabilities src/seal/verify.rs gives (vectorised tree walk)."""
    base, trees = model
    z = np.full(len(X), base)
    for nodes in trees:
        feat = np.array([n[0] for n in nodes])
        val = np.array([n[1] for n in nodes])
        left = np.array([n[2] for n in nodes])
        right = np.array([n[3] for n in nodes])
        k = np.zeros(len(X), int)
        for _ in range(64):
            inner = feat[k] >= 0
            if not inner.any():
                break
            idx = np.nonzero(inner)[0]
            x = X[idx, feat[k[idx]]]
            k[idx] = np.where(x <= val[k[idx]], left[k[idx]], right[k[idx]])
        z += val[k]
    return 1 / (1 + np.exp(-z))


def export(m, shift, n_inputs, out, square=False):
    base = float(np.ravel(m._baseline_prediction)[0])
    trees = [it[0].nodes for it in m._predictors]
    with open(out, "w") as f:
        what = "Square seal verifier" if square else "Seal candidate verifier"
        f.write("# %s: gradient-boosted trees over the %d inputs of\n" % (what, n_inputs))
        f.write("# src/seal/verify.rs, written by scripts/seal-set/train_verifier.py%s.\n"
                % (" --square" if square else ""))
        f.write("# base RAW: starting score; per tree `tree`, then one line per node:\n")
        f.write("# leaf VALUE | split FEATURE THRESHOLD LEFT RIGHT (left when x <= THRESHOLD).\n")
        f.write("inputs %d\n" % n_inputs)
        f.write("base %.9g\n" % (base + shift))
        for nodes in trees:
            f.write("tree\n")
            for n in nodes:
                if n["is_leaf"]:
                    f.write("leaf %.9g\n" % n["value"])
                else:
                    f.write("split %d %.17g %d %d\n" % (n["feature_idx"], n["num_threshold"], n["left"], n["right"]))
    return len(trees)


def seal_groups(files):
    """The seal files per (source, kind), for groups of at least 15."""
    groups = defaultdict(list)
    for k, (seal, kind, sub) in files.items():
        if seal:
            groups[(source_name(k), kind)].append(k)
    return {k: v for k, v in groups.items() if len(v) >= 15}


def group_recall(probs, g, end, files, thr, end_min, groups):
    """Recall per (source, kind) group of seal files at `thr`."""
    hit = defaultdict(bool)
    for ok, k in zip(passes(probs, end, thr, end_min), g):
        if ok:
            hit[k] = True
    out = {}
    for grp, keys in groups.items():
        out[grp] = sum(hit.get(k, False) for k in keys) / len(keys)
    return out


def match_recall(args, oof, X, g, end, files):
    """The highest threshold below which the out-of-fold recall per (source, kind)
    reaches that of the reference weights at their own operating point (THRESHOLD),
    less a slack (larger on the sources the reference was fitted on)."""
    ref = read_weights(args.match_recall)
    n_ref = max((n[0] for t in ref[1] for n in t), default=0) + 1
    if n_ref > X.shape[1]:
        raise SystemExit("--match-recall: the weights use inputs the dumps lack")
    ref_p = predict_weights(ref, X)
    unseen = set(args.unseen.split(",")) if args.unseen else set()
    groups = seal_groups(files)
    want = group_recall(ref_p, g, end, files, THRESHOLD, args.end_min, groups)
    floor = {k: want[k] - (args.match_slack if k[0] in unseen else args.seen_slack) for k in groups}
    chosen = highest_matching(oof, g, end, files, args.end_min, floor, groups) or 0.05
    got = group_recall(oof, g, end, files, chosen, args.end_min, groups)
    print("recall matched per source/kind at threshold %.2f (reference -> out of fold):" % chosen, file=sys.stderr)
    for k in sorted(groups):
        print("  %-24s %4d seal files  %.3f -> %.3f" % ("%s/%s" % k, len(groups[k]), want[k], got[k]), file=sys.stderr)
    return chosen


def reference_oof(args, X, y, known, g, end, files, folds):
    """Main's recipe, refitted with the candidate's folds on the same dumps: the first
    --ref-inputs inputs, the default trees, fitted on every source (or on --ref-fit-on
    only: a file of another source is then out of sample for every fold's model), its
    operating point the lowest threshold whose out-of-fold precision on the sources
    --ref-sources (those main's weights were fitted and set on) reaches
    --ref-precision. Returns its out-of-fold recall per (source, kind) group of at
    least 15 seal files."""
    names = set(args.ref_sources.split(","))
    fit_on = set(args.ref_fit_on.split(",")) if args.ref_fit_on else None
    src = np.array([fit_on is None or source_name(k) in fit_on for k in g])
    Xr = X[:, :args.ref_inputs]
    oof = np.zeros(len(y))
    for tr, te in folds:
        tr = tr[known[tr] & src[tr]]
        m = make_model(0).fit(Xr[tr], y[tr])
        oof[te] = m.predict_proba(Xr[te])[:, 1]
    pick = {k: v for k, v in files.items() if source_name(k) in names}
    ref_end = args.ref_end_min
    thr_ref = 0.5
    for thr in np.linspace(0.05, 0.99, 95):
        tp, fp, fn, _ = file_level(oof, g, end, pick, thr, ref_end)
        if pr(tp, fp, fn)[0] >= args.ref_precision:
            thr_ref = float(thr)
            break
    groups = seal_groups(files)
    print("reference (main's recipe, out of fold): threshold %.2f, END_MIN %.2f" % (thr_ref, ref_end),
          file=sys.stderr)
    for src_name in [None] + sorted({source_name(k) for k in files}):
        sub = {k: v for k, v in files.items() if src_name is None or source_name(k) == src_name}
        p, r = pr(*file_level(oof, g, end, sub, thr_ref, ref_end)[:3])
        print("  %-8s %.3f/%.3f" % (src_name or "all", p, r), file=sys.stderr)
    return group_recall(oof, g, end, files, thr_ref, ref_end, groups), groups


def highest_matching(oof, g, end, files, end_min, want, groups):
    """The highest threshold below which the out-of-fold recall per (source, kind)
    group stays at least `want` (no slack), with ends of joined parts at `end_min`."""
    chosen = None
    for thr in np.linspace(0.05, 0.99, 95):
        got = group_recall(oof, g, end, files, float(thr), end_min, groups)
        if not all(got[k] >= want[k] - 1e-9 for k in groups):
            break
        chosen = float(thr)
    return chosen


def match_oof(args, oof, g, end, files, want, groups):
    """The operating point (threshold, END_MIN) of the candidate: for each END_MIN of
    --end-min-grid (or --end-min alone) the highest threshold at which its out-of-fold
    recall per (source, kind) group stays at least the reference's; of those, the pair
    with the highest out-of-fold F1 over every file (the goal asks precision and recall
    alike), then the higher precision."""
    grid = [float(x) for x in args.end_min_grid.split(",")] if args.end_min_grid else [args.end_min]
    best = None
    print("operating points matching the reference's recall (END_MIN, threshold: out-of-fold precision/recall):",
          file=sys.stderr)
    for em in grid:
        thr = highest_matching(oof, g, end, files, em, want, groups)
        if thr is None:
            print("  END_MIN %.2f: none" % em, file=sys.stderr)
            continue
        p, r = pr(*file_level(oof, g, end, files, thr, em)[:3])
        print("  END_MIN %.2f, threshold %.2f: %.4f/%.4f" % (em, thr, p, r), file=sys.stderr)
        f1 = 2 * p * r / max(p + r, 1e-9)
        if best is None or (round(f1, 6), p) > best[0]:
            best = ((round(f1, 6), p), thr, em)
    if best is None:
        raise SystemExit("--match-oof: no operating point keeps the reference's recall")
    _, chosen, args.end_min = best
    got = group_recall(oof, g, end, files, chosen, args.end_min, groups)
    print("recall matched per source/kind at threshold %.2f, END_MIN %.2f (reference -> candidate, both out of fold):"
          % (chosen, args.end_min), file=sys.stderr)
    for k in sorted(groups):
        print("  %-24s %4d seal files  %.3f -> %.3f" % ("%s/%s" % k, len(groups[k]), want[k], got[k]), file=sys.stderr)
    return chosen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv", nargs="+")
    ap.add_argument("--out", required=True)
    ap.add_argument("--precision", type=float, default=0.995)
    ap.add_argument("--choose-on", default=None,
                    help="comma-separated sources (dump folder names, `synth`) the threshold is chosen on")
    ap.add_argument("--end-min", type=float, default=END_MIN,
                    help="END_MIN of src/seal/detect.rs the file-level scores assume")
    ap.add_argument("--weight", action="append", default=[],
                    help="SOURCE=W: weight of that source's candidates in the fit (default 1)")
    ap.add_argument("--square", action="store_true",
                    help="the dumps hold square outlines (SEAL_DUMP_SQUARES=1): fit the square model "
                         "(src/seal/verify_square_weights.txt); see label()")
    ap.add_argument("--rules-weight", type=float, default=0.0,
                    help="with --square: the weight of the square rules' score in the square model's "
                         "log-odds (SQUARE_RULES_WEIGHT of src/seal/verify.rs)")
    ap.add_argument("--threshold", type=float, default=None,
                    help="the operating point (of the blended score), chosen elsewhere; overrides --precision")
    ap.add_argument("--leave-out-sub", default=None,
                    help="comma-separated sub-kinds whose files are left out of the fit")
    ap.add_argument("--iters", type=int, default=150)
    ap.add_argument("--leaves", type=int, default=15)
    ap.add_argument("--max-features", type=float, default=1.0,
                    help="share of the inputs each split may look at (below 1: feature subsampling)")
    ap.add_argument("--oof-cache", default=None, help="keep the out-of-fold predictions here (.npy) and reuse them")
    ap.add_argument("--inputs", type=int, default=0, help="use the first N inputs only (0: all in the dumps)")
    ap.add_argument("--match-recall", default=None,
                    help="WEIGHTS: choose the highest threshold below which the out-of-fold recall per source "
                         "and kind (groups of at least 15 seal files) stays at least what WEIGHTS gives on the "
                         "same files, less --match-slack on the sources WEIGHTS was not fitted on (--unseen) "
                         "and less --seen-slack on the others (where WEIGHTS' recall is in-sample); "
                         "overrides --precision")
    ap.add_argument("--unseen", default=None,
                    help="comma-separated sources the --match-recall weights were not fitted on")
    ap.add_argument("--match-slack", type=float, default=0.01)
    ap.add_argument("--match-oof", action="store_true",
                    help="choose the highest threshold below which the out-of-fold recall per source and kind "
                         "(groups of at least 15 seal files) stays at least the out-of-fold recall of main's "
                         "recipe (--ref-sources, --ref-inputs, --ref-precision) refitted with the same folds "
                         "on the same dumps; overrides --precision and --match-recall")
    ap.add_argument("--ref-sources", default="synth,tune",
                    help="sources main's recipe sets its operating point on (those main's weights were fitted on)")
    ap.add_argument("--ref-fit-on", default=None, help="sources main's recipe is refitted on (default: all)")
    ap.add_argument("--ref-inputs", type=int, default=130, help="inputs main's recipe reads")
    ap.add_argument("--ref-precision", type=float, default=0.995,
                    help="out-of-fold precision on --ref-sources that sets main's recipe's operating point")
    ap.add_argument("--seen-slack", type=float, default=0.03)
    ap.add_argument("--ref-end-min", type=float, default=END_MIN,
                    help="END_MIN main's recipe is scored with under --match-oof (main's detector)")
    ap.add_argument("--end-min-grid", default=None,
                    help="comma-separated END_MIN values --match-oof chooses from together with the threshold "
                         "(the pair of highest out-of-fold F1 whose recall per source and kind is at least "
                         "the reference's); set the chosen END_MIN in src/seal/detect.rs")
    args = ap.parse_args()
    from sklearn.model_selection import GroupKFold
    rows = load(args.csv)
    if args.leave_out_sub:
        # Files of these sub-kinds are left out whole (all their candidates).
        out = set(args.leave_out_sub.split(","))
        rows = [r for r in rows if r[3] not in out]
    X, y, g, end, files, rules = label(rows, args.square, with_rules=True)
    if args.inputs:
        X = X[:, :args.inputs]
    known = y >= 0
    print("candidates %d (seal %d, unknown %d), files %d"
          % (len(y), int((y == 1).sum()), int((~known).sum()), len(files)), file=sys.stderr)
    wsrc = {}
    for s in args.weight:
        k, v = s.split("=")
        wsrc[k] = float(v)
    sw = np.array([wsrc.get(source_name(k), 1.0) for k in g])
    folds = list(GroupKFold(n_splits=5).split(X, y, g))
    oof = None
    if args.oof_cache and os.path.exists(args.oof_cache):
        oof = np.load(args.oof_cache)
        if len(oof) != len(y):
            oof = None
    if oof is None:
        oof = np.zeros(len(y))
        for tr, te in folds:
            tr = tr[known[tr]]
            m = make_model(0, args.iters, args.leaves, args.max_features).fit(X[tr], y[tr], sample_weight=sw[tr])
            oof[te] = m.predict_proba(X[te])[:, 1]
        if args.oof_cache:
            np.save(args.oof_cache, oof)
    if args.square and args.rules_weight:
        oof = blend(oof, rules, args.rules_weight)
    # The out-of-fold curve, over all tuning files and per source.
    sources = sorted({source_name(k) for k in files})
    for thr in [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]:
        line = []
        for src in [None] + sources:
            sub = {k: v for k, v in files.items() if src is None or source_name(k) == src}
            p, r = pr(*file_level(oof, g, end, sub, thr, args.end_min)[:3])
            line.append("%s %.3f/%.3f" % (src or "all", p, r))
        print("  thr %.2f: %s" % (thr, "  ".join(line)), file=sys.stderr)
    # The operating point is chosen on the files of the sources named by --choose-on
    # (all when absent).
    pick = files
    if args.choose_on:
        names = args.choose_on.split(",")
        pick = {k: v for k, v in files.items() if source_name(k) in names}
    chosen = 0.5
    for thr in np.linspace(0.05, 0.99, 95):
        tp, fp, fn, _ = file_level(oof, g, end, pick, thr, args.end_min)
        if pr(tp, fp, fn)[0] >= args.precision:
            chosen = float(thr)
            break
    if args.match_recall:
        chosen = match_recall(args, oof, X, g, end, files)
    if args.match_oof:
        want, groups = reference_oof(args, X, y, known, g, end, files, folds)
        chosen = match_oof(args, oof, g, end, files, want, groups)
    if args.threshold is not None:
        chosen = args.threshold
    tp, fp, fn, errs = file_level(oof, g, end, pick, chosen, args.end_min)
    print("out-of-fold, threshold %.2f, END_MIN %.2f: precision %.4f recall %.4f (tp %d fp %d fn %d)"
          % ((chosen, args.end_min) + pr(tp, fp, fn) + (tp, fp, fn)), file=sys.stderr)
    for k, v in sorted(errs.items()):
        print("  %-40s %d" % (k, v), file=sys.stderr)
    m = make_model(0, args.iters, args.leaves, args.max_features).fit(X[known], y[known], sample_weight=sw[known])
    # Shift the output so that `chosen` reads as THRESHOLD.
    shift = math.log(THRESHOLD / (1 - THRESHOLD)) - math.log(chosen / (1 - chosen))
    n = export(m, shift, X.shape[1], args.out, args.square)
    # Check the export against the library's own score.
    got = predict_weights(read_weights(args.out), X)
    want = 1 / (1 + np.exp(-(m._raw_predict(X)[:, 0] + shift)))
    diff = float(np.abs(got - want).max()) if len(got) else 0.0
    assert diff < 1e-3, diff
    print("wrote %s (%d inputs, %d trees)" % (args.out, X.shape[1], n), file=sys.stderr)


if __name__ == "__main__":
    main()
