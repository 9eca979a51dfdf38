#!/usr/bin/env python3
"""Fits the convolutional second look of the seal verifier (src/seal/conv.rs) on
training data only, and measures blends of it with the tree verifier.

    SEAL_DUMP_GRID=1 cargo run --release --example seal_dump -- dir d/t > d/t.csv
    ...   (every training family of scripts/seal-set/README.md, as for train_verifier.py)
    python3 scripts/seal-set/train_conv.py fit d/s1.csv d/s3.csv d/tune.csv ... \
        --out d/conv.txt
    python3 scripts/seal-set/train_conv.py blend --conv d/conv.txt \
        --trees src/seal/verify_weights.txt v/e.csv v/f.csv ...

Needs numpy and jax (CPU). Dump lines are those of examples/seal_dump.rs with the
polar picture (SEAL_DUMP_GRID=1) as the last field. Candidates are labelled as in
train_verifier.py: in a file without a seal every candidate at or above the gate is
no seal; in a file with a seal the candidate with the highest rules' score is the
seal (when it reaches the gate) and the others are left out.

The network (the same arithmetic as src/seal/conv.rs): on the 2 × 24 × 128 polar
picture (channels × radii × angles), three 3 × 3 convolutions with ReLU (8, 16 and
24 channels), circular padding along the angle and zeros along the radius, a 2 × 2
max pool after the first two; then, per channel and radius row, the mean and the
maximum over all angles (288 values), a dense layer of 16 with ReLU and one output:
the log-odds that the candidate is a seal. Training shifts every picture by a random
angle. Deterministic for a given --seed (CPU).

`blend` reads the dumps of validation sets and reports file-level precision and
recall per source and kind for log-odds z = z_trees + weight * (z_conv - centre),
read against the detector's THRESHOLD as the Rust code does.
"""

import argparse
import math
import os
import sys
from collections import defaultdict

import numpy as np

GATE = 0.3
THRESHOLD = 0.6
END_MIN = 0.9
CC, CR, CA = 2, 32, 128
# Rows of the polar picture (conv::radius): CORE rows of CORE_STEP of the outline, then
# rows of BAND_STEP up to R_MAX.
CORE, CORE_STEP, BAND_STEP = 8, 0.07, 0.026
R_MAX = CORE * CORE_STEP + (CR - CORE) * BAND_STEP
CH = [8, 16, 24]
HID = [16]


def load(paths):
    """Candidates at or above the gate: pictures (uint8), tree inputs, labels (1, 0,
    -1 unknown), file keys, end flags; and files: key -> (seal, kind, sub)."""
    pics, feats, lab, keys, ends = [], [], [], [], []
    files = {}
    for p in paths:
        src = os.path.basename(p).rsplit(".", 1)[0]
        rows = defaultdict(list)
        with open(p) as f:
            for line in f:
                r = line.rstrip("\n").split(",")
                if len(r) < 9 or not r[-1].startswith("g"):
                    continue
                key = src + "/" + r[1]
                rows[key].append(r)
        for key, rs in rows.items():
            seal = int(rs[0][2])
            files[key] = (seal, rs[0][3], rs[0][4])
            rules = [float(r[5]) for r in rs]
            best = int(np.argmax(rules))
            for i, r in enumerate(rs):
                if rules[i] < GATE:
                    continue
                g = bytes.fromhex(r[-1][1:])
                if len(g) != CC * CR * CA:
                    continue
                pics.append(np.frombuffer(g, np.uint8))
                feats.append([float(x) for x in r[7:-1]])
                lab.append(-1 if seal and i != best else seal)
                keys.append(key)
                ends.append(int(r[6]))
    X = np.stack(pics).reshape(-1, CC, CR, CA) if pics else np.zeros((0, CC, CR, CA), np.uint8)
    return X, np.array(feats, np.float32), np.array(lab), keys, np.array(ends, bool), files


# ---------------------------------------------------------------- the network


def init(seed):
    rng = np.random.default_rng(seed)
    params = {}
    cin = CC
    for i, c in enumerate(CH):
        params["w%d" % i] = (rng.standard_normal((c, cin, 3, 3)) * math.sqrt(2.0 / (cin * 9))).astype(np.float32)
        params["b%d" % i] = np.zeros(c, np.float32)
        cin = c
    nin = 2 * CH[-1] * (CR // 4)
    params["d0"] = (rng.standard_normal((nin, HID[0])) * math.sqrt(2.0 / nin)).astype(np.float32)
    params["e0"] = np.zeros(HID[0], np.float32)
    params["d1"] = (rng.standard_normal((HID[0], 1)) * math.sqrt(1.0 / HID[0])).astype(np.float32)
    params["e1"] = np.zeros(1, np.float32)
    return params


def forward(params, x):
    """Log-odds for a batch of pictures x (N, CC, CR, CA) scaled to 0..1."""
    import jax.numpy as jnp
    from jax import lax

    h = x
    for i in range(len(CH)):
        h = jnp.concatenate([h[..., -1:], h, h[..., :1]], axis=-1)  # circular along the angle
        h = lax.conv_general_dilated(h, params["w%d" % i], (1, 1), ((1, 1), (0, 0)),
                                     dimension_numbers=("NCHW", "OIHW", "NCHW"))
        h = jnp.maximum(h + params["b%d" % i][None, :, None, None], 0.0)
        if i < len(CH) - 1:
            h = lax.reduce_window(h, -jnp.inf, lax.max, (1, 1, 2, 2), (1, 1, 2, 2), "VALID")
    pooled = jnp.concatenate([h.mean(axis=-1), h.max(axis=-1)], axis=1)  # (N, 2*C, R)
    z = pooled.reshape(pooled.shape[0], -1)
    z = jnp.maximum(z @ params["d0"] + params["e0"], 0.0)
    return (z @ params["d1"] + params["e1"])[:, 0]


def predict(params, X, batch=512):
    import jax
    import jax.numpy as jnp

    f = jax.jit(forward)
    out = []
    for i in range(0, len(X), batch):
        out.append(np.asarray(f(params, jnp.asarray(X[i:i + batch], jnp.float32) / 255.0)))
    return np.concatenate(out) if out else np.zeros(0)


def degrade(xb, rng):
    """Makes some pictures of a batch worse in place, as stamps, pens and cameras do:
    faint ink, a sector of the ring without ink (a partly inked stamp), strokes across
    the mark, and specks."""
    n = len(xb)
    faint = rng.random(n) < 0.3
    xb[faint, 0] *= rng.uniform(0.45, 1.0, (faint.sum(), 1, 1)).astype(np.float32)
    for i in np.nonzero(rng.random(n) < 0.3)[0]:
        width = int(rng.integers(CA // 12, CA // 3))
        start = int(rng.integers(0, CA))
        cols = (start + np.arange(width)) % CA
        xb[i, 0][:, cols] *= rng.uniform(0.0, 0.4)
    # Strokes across the mark (handwriting, a signature, a table's rule): a straight
    # line at distance d from the centre lies at radius d / cos(angle - direction).
    theta = (np.arange(CA) + 0.5) / CA * 2 * math.pi
    for i in np.nonzero(rng.random(n) < 0.3)[0]:
        for _ in range(int(rng.integers(1, 4))):
            d, phi = rng.uniform(0.0, 0.9), rng.uniform(0, 2 * math.pi)
            c = np.cos(theta - phi)
            on = c > d / 1.175
            rho = d / np.where(on, c, 1.0)
            core = CORE * CORE_STEP
            rows = np.where(rho < core, rho / CORE_STEP, CORE + (rho - core) / BAND_STEP)
            rows = np.clip(rows.astype(int), 0, CR - 1)
            cols = np.nonzero(on)[0]
            xb[i, 0, rows[cols], cols] = np.maximum(xb[i, 0, rows[cols], cols], xb[i, 1, rows[cols], cols])
    speck = rng.random(n) < 0.2
    noise = (rng.random((speck.sum(), CR, CA)) < 0.02).astype(np.float32)
    xb[speck, 0] = np.maximum(xb[speck, 0], noise * xb[speck, 1])


def row_radius(x):
    """Radius (share of the outline) at row position x of the polar picture (conv::radius)."""
    x = np.asarray(x, np.float32)
    return np.where(x < CORE, x * CORE_STEP, CORE * CORE_STEP + (x - CORE) * BAND_STEP)


def radius_row(rho):
    """Row position of radius rho: the inverse of row_radius."""
    rho = np.asarray(rho, np.float32)
    core = CORE * CORE_STEP
    return np.where(rho < core, rho / CORE_STEP, CORE + (rho - core) / BAND_STEP)


def vary(xb, rng):
    """Draws some pictures of a batch another way in place, as other stamp makers, fonts
    and cameras do: the marks inside the ring moved in or out (the ring kept at the
    outline), strokes made bolder or thinner by a cell, and the ink softened."""
    n = len(xb)
    centres = row_radius(np.arange(CR) + 0.5)
    for i in np.nonzero(rng.random(n) < 0.4)[0]:
        s = rng.uniform(0.9, 1.1)
        src = np.clip(radius_row(np.maximum(1.0 + (centres - 1.0) * s, 0.0)) - 0.5, 0, CR - 1)
        r0 = np.floor(src).astype(int)
        r1 = np.minimum(r0 + 1, CR - 1)
        f = (src - r0)[:, None]
        xb[i] = xb[i][:, r0] * (1 - f) + xb[i][:, r1] * f
    pick = rng.random(n)
    for i in np.nonzero(pick < 0.35)[0]:
        a = xb[i, 0]
        nb = [np.roll(a, 1, axis=1), np.roll(a, -1, axis=1), np.vstack([a[:1], a[:-1]]), np.vstack([a[1:], a[-1:]])]
        if pick[i] < 0.2:
            xb[i, 0] = np.maximum.reduce([a] + nb)
        elif pick[i] < 0.28:
            xb[i, 0] = np.minimum.reduce([a] + nb)
        else:
            xb[i, 0] = (a * 2 + sum(nb)) / 6.0


def relabel(params, X, y, groups):
    """Multiple-instance labels: in each file with a seal, the candidate the network
    scores highest is the seal and the file's other candidates are left out. The rules'
    best candidate can be another red mark (an APPROVED stamp beside the seal); the
    detector's answer for a file is its best candidate, so that is the one to teach."""
    cand = np.nonzero(groups >= 0)[0]
    z = predict(params, X[cand])
    best = {}
    for i, zi in zip(cand, z):
        g = groups[i]
        if g not in best or zi > best[g][1]:
            best[g] = (i, zi)
    y = np.where(groups >= 0, -1, y)
    y[[b[0] for b in best.values()]] = 1
    return y


def fit(X, y, seed, epochs, lr=2e-3, batch=128, wd=1e-4, augment=False, groups=None, mil_from=2, varied=False):
    """groups: for each candidate of a file with a seal its file number, else -1; given,
    the seal's candidate is chosen anew by the network from epoch `mil_from` on."""
    import jax
    import jax.numpy as jnp

    params = {k: jnp.asarray(v) for k, v in init(seed).items()}
    pos = max(int((y == 1).sum()), 1)
    neg = max(int((y == 0).sum()), 1)
    wpos, wneg = len(y) / (2 * pos), len(y) / (2 * neg)

    def loss(p, xb, yb):
        z = forward(p, xb)
        w = jnp.where(yb > 0.5, wpos, wneg)
        l = jnp.mean(w * (jnp.maximum(z, 0) - z * yb + jnp.log1p(jnp.exp(-jnp.abs(z)))))
        reg = sum(jnp.sum(p[k] ** 2) for k in p if k[0] in "wd")
        return l + wd * reg

    m = {k: jnp.zeros_like(v) for k, v in params.items()}
    v = {k: jnp.zeros_like(v) for k, v in params.items()}

    @jax.jit
    def step(p, m, v, t, xb, yb, rate):
        l, g = jax.value_and_grad(loss)(p, xb, yb)
        m = {k: 0.9 * m[k] + 0.1 * g[k] for k in p}
        v = {k: 0.999 * v[k] + 0.001 * g[k] ** 2 for k in p}
        p = {k: p[k] - rate * (m[k] / (1 - 0.9 ** t)) / (jnp.sqrt(v[k] / (1 - 0.999 ** t)) + 1e-8) for k in p}
        return p, m, v, l

    rng = np.random.default_rng(seed)
    t = 0
    for ep in range(epochs):
        if groups is not None and ep >= mil_from:
            old = y
            y = relabel(params, X, y, groups)
            print("epoch %d: %d seal candidates changed" % (ep, int(((old == 1) != (y == 1)).sum()) // 2),
                  file=sys.stderr, flush=True)
        order = rng.permutation(np.nonzero(y >= 0)[0])
        n = len(order)
        rate = lr * 0.5 * (1 + math.cos(math.pi * ep / epochs))
        tot = 0.0
        for i in range(0, n - batch + 1, batch):
            idx = order[i:i + batch]
            xb = X[idx].astype(np.float32) / 255.0
            shift = rng.integers(0, CA, len(idx))
            xb = np.stack([np.roll(a, s, axis=-1) for a, s in zip(xb, shift)])
            if varied:
                vary(xb, rng)
            if augment:
                degrade(xb, rng)
            t += 1
            params, m, v, l = step(params, m, v, t, jnp.asarray(xb), jnp.asarray(y[idx], jnp.float32), rate)
            tot += float(l)
        print("epoch %d loss %.4f" % (ep, tot / max(n // batch, 1)), file=sys.stderr, flush=True)
    return {k: np.asarray(val) for k, val in params.items()}


def write(params, out, note, blend=(0.5, 0.0)):
    with open(out, "w") as f:
        f.write("# Convolutional second look of the seal verifier (src/seal/conv.rs), written by\n")
        f.write("# scripts/seal-set/train_conv.py. %s\n" % note)
        f.write("# One line per tensor: NAME DIMS... VALUES... (row-major).\n")
        f.write("conv %d %d %d %s %d\n" % (CC, CR, CA, " ".join(str(c) for c in CH), HID[0]))
        f.write("# How its log-odds z move the trees': by WEIGHT * (z - CENTRE).\n")
        f.write("blend %g %g\n" % blend)
        for k in ["w0", "b0", "w1", "b1", "w2", "b2", "d0", "e0", "d1", "e1"]:
            a = params[k]
            f.write("%s %s %s\n" % (k, " ".join(str(d) for d in a.shape), " ".join("%.7g" % x for x in a.ravel())))
        f.write("# The log-odds of the fixed picture of src/seal/conv.rs (check_picture).\n")
        f.write("check %.6g\n" % float(predict(params, check_picture()[None] * 255.0)[0]))


def check_picture():
    g = np.zeros((CC, CR, CA), np.float32)
    for r in range(CR):
        for t in range(CA):
            g[0, r, t] = ((r * 7 + t * 3) % 11) / 10.0
            g[1, r, t] = 1.0 if t < 100 else 0.5
    return g


def read(path):
    params = {}
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w or w[0].startswith("#") or w[0] in ("conv", "check", "blend", "range"):
                continue
            k = w[0]
            nd = {"w": 4, "b": 1, "d": 2, "e": 1}[k[0]]
            shape = tuple(int(x) for x in w[1:1 + nd])
            params[k] = np.array([float(x) for x in w[1 + nd:]], np.float32).reshape(shape)
    return params


# ---------------------------------------------------------------- file level


def logit(p):
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(p / (1 - p))


def file_pr(z, keys, ends, files, by):
    """File-level counts per group (`by(key, kind, sub)`) for candidate log-odds z
    read as the detector reads a probability."""
    q = 1 / (1 + np.exp(-z))
    ok = (q >= THRESHOLD) & (~ends | (q >= END_MIN))
    hit = defaultdict(bool)
    for o, k in zip(ok, keys):
        if o:
            hit[k] = True
    cnt = defaultdict(lambda: [0, 0, 0])
    for k, (seal, kind, sub) in files.items():
        for gname in (by(k, kind, sub), "all"):
            c = cnt[gname]
            h = hit.get(k, False)
            if seal and h:
                c[0] += 1
            elif seal:
                c[2] += 1
            elif h:
                c[1] += 1
    return cnt


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("fit")
    f.add_argument("csv", nargs="+")
    f.add_argument("--out", required=True)
    f.add_argument("--seed", type=int, default=1)
    f.add_argument("--epochs", type=int, default=12)
    f.add_argument("--channels", default="8,16,24")
    f.add_argument("--degrade", action="store_true", help="train on degraded copies too (faint, partly inked, specks)")
    f.add_argument("--vary", action="store_true",
                   help="train on copies drawn another way too (marks moved in or out, bolder, thinner, softer)")
    f.add_argument("--hidden", type=int, default=16)
    f.add_argument("--blend", default="0.5,0", help="WEIGHT,CENTRE written for the Rust code")
    f.add_argument("--mil", type=int, default=0, metavar="EPOCH",
                   help="from this epoch on, the seal's candidate in each file is the one the network scores highest")
    b = sub.add_parser("blend")
    b.add_argument("csv", nargs="+")
    b.add_argument("--conv", required=True)
    b.add_argument("--trees", required=True)
    b.add_argument("--weights", default="0,0.25,0.5,0.75,1")
    b.add_argument("--centres", default="0")
    b.add_argument("--ranges", default="0,1", help="LO,HI;LO,HI;...: tree probabilities given a second look")
    b.add_argument("--kinds", action="store_true")
    a = ap.parse_args()
    if a.cmd == "fit":
        CH[:] = [int(c) for c in a.channels.split(",")]
        HID[0] = a.hidden
        X, _, y, keys, _, files = load(a.csv)
        known = y >= 0
        print("candidates %d (seal %d, none %d), files %d" % (known.sum(), (y == 1).sum(), (y == 0).sum(),
                                                            len(files)), file=sys.stderr)
        if a.mil:
            number = {k: i for i, k in enumerate(sorted(set(keys)))}
            groups = np.array([number[k] if files[k][0] else -1 for k in keys])
            params = fit(X, y, a.seed, a.epochs, augment=a.degrade, groups=groups, mil_from=a.mil, varied=a.vary)
        else:
            params = fit(X[known], y[known], a.seed, a.epochs, augment=a.degrade, varied=a.vary)
        write(params, a.out, "Fitted on %s." % " ".join(os.path.basename(p).rsplit(".", 1)[0] for p in a.csv),
              tuple(float(x) for x in a.blend.split(",")))
        return
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from train_verifier import predict_weights, read_weights

    trees = read_weights(a.trees)
    params = read(a.conv)
    CH[:] = [params["w%d" % i].shape[0] for i in range(3)]
    HID[0] = params["e0"].shape[0]
    for p in a.csv:
        X, F, _, keys, ends, files = load([p])
        zt = logit(predict_weights(trees, F)) if len(F) else np.zeros(0)
        zc = predict(params, X)
        pt = 1 / (1 + np.exp(-zt))
        for w, c, (lo, hi) in [(float(w), float(c), tuple(float(x) for x in r.split(",")))
                               for w in a.weights.split(",") for c in a.centres.split(",")
                               for r in a.ranges.split(";")]:
            if True:
                inside = (pt >= lo) & (pt <= hi)
                z = zt + np.where(inside, w * (zc - c), 0.0)
                cnt = file_pr(z, keys, ends, files, (lambda k, kind, s: kind) if a.kinds else (lambda *x: "all"))
                line = []
                for gname in sorted(cnt):
                    if gname != "all" and not a.kinds:
                        continue
                    tp, fp, fn = cnt[gname]
                    line.append("%s %.3f/%.3f (%d fp %d fn)" % (gname, tp / max(tp + fp, 1), tp / max(tp + fn, 1),
                                                                fp, fn))
                print("%-10s w=%.2f c=%+.1f r=%g-%g  %s" % (os.path.basename(p), w, c, lo, hi, "  ".join(line)))


if __name__ == "__main__":
    main()
