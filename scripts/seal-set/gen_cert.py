#!/usr/bin/env python3
"""Certificates on tinted, pattern-printed paper, with or without a seal.

Award certificates (荣誉证书, 奖状, 聘书) and licences are common evidence, and the
seal on them is hard to see: pale or faint ink, often printed in halftone dots, over
a fine guilloche pattern on cream, pink, blue or green paper, beside a red or gold
title and border. This family draws such pages:

- paper: a pale tint, a guilloche of waves, rosettes or a fine lattice in grey,
  green, blue, pink or gold;
- a border of one to three frames with corner ornaments (some red), a title in red
  or gold, the body in black or dark brown, the issuer and date;
- with a seal (`seal` 1): a round or oval seal of `gen_i.py`'s drawing, over the
  issuer, in one of four inks (sub `normal`, `faint`: low density, `pale`: a pale
  pink ink, `halftone`: printed as a dot screen);
- without (`seal` 0): sub `plain`, `medallion` (red guilloche rosettes in the corners
  or the centre), `emblem` (a round badge over the title, `gen_i.py`'s badge),
  `red-frame` (a red ornamental border with red corner roses).

Written as scans (JPEG, PNG or a PDF of a JPEG page, 150-300 dpi, tone, tilt,
blur, noise) and phone photos (perspective, light, cast, blur; `gen_i.py`'s photo
finish). Uses `gen_i.py` (Cairo, numpy, cjpeg) and its fonts.

    python3 gen_cert.py OUT [--start 0] [--n 160] [--seed 42000] [--jobs 2]

Writes OUT/labels.csv (file,kind,seal,sub). A tuning family at the default seed;
a validation family at another seed range (scripts/seal-set/README.md).
"""

import argparse
import csv
import math
import multiprocessing as mp
import os
import sys

import cairo
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_i as G  # noqa: E402

SEAL_SUBS = ["normal", "faint", "pale", "halftone"]
NOSEAL_SUBS = ["plain", "medallion", "emblem", "red-frame"]
KINDS = ["scan", "photo"]

TITLES = ["荣誉证书", "奖状", "聘书", "获奖证书", "结业证书", "证书", "荣誉证书", "奖状"]
HONOURS = ["优秀窗口工作人员", "先进个人", "服务标兵", "优秀共产党员", "先进集体", "文明窗口",
           "优秀志愿者", "岗位能手", "业务骨干", "优质服务示范岗"]
TINTS = [(1.0, 0.97, 0.88), (1.0, 0.95, 0.93), (0.94, 0.97, 1.0), (0.95, 0.99, 0.94),
         (1.0, 0.99, 0.9), (0.99, 0.99, 0.99), (1.0, 0.96, 0.97)]
PATTERN = [(0.55, 0.55, 0.55), (0.45, 0.65, 0.5), (0.5, 0.6, 0.8), (0.9, 0.6, 0.65),
           (0.8, 0.68, 0.4), (0.6, 0.6, 0.65)]
GOLD = (0.78, 0.6, 0.22)
DARK = [(0.08, 0.08, 0.08), (0.25, 0.15, 0.1), (0.1, 0.1, 0.2)]


def col(rng, c, amt=0.04):
    return G.jitter_color(rng, c, amt)


def waves(ctx, rng, w, h, colour, alpha):
    """Full-page guilloche: bundles of phase-shifted sine curves."""
    lam = float(rng.uniform(12, 40))
    amp = float(rng.uniform(2, 8))
    gap = float(rng.uniform(1.2, 3.5))
    ph = float(rng.uniform(0, 6.28))
    ctx.set_source_rgba(*colour, alpha)
    ctx.set_line_width(float(rng.uniform(0.08, 0.22)))
    y0 = -amp
    k = 0
    while y0 < h + amp:
        phase = ph + k * float(rng.uniform(0.2, 0.5))
        ctx.move_to(0, y0 + amp * math.sin(phase))
        x = 0.0
        while x <= w:
            x += 1.0
            ctx.line_to(x, y0 + amp * math.sin(2 * math.pi * x / lam + phase))
        ctx.stroke()
        y0 += gap
        k += 1


def rosette(ctx, rng, cx, cy, r, colour, alpha, lw=None):
    """A hypotrochoid rosette of outer radius about `r`."""
    big = float(rng.integers(5, 13))
    small = big / float(rng.choice([3.0, 4.0, 5.0, 7.0]))
    d = small * float(rng.uniform(0.6, 1.4))
    scale = r / (big - small + d)
    ctx.set_source_rgba(*colour, alpha)
    ctx.set_line_width(lw if lw else float(rng.uniform(0.08, 0.2)))
    steps = 2400
    turns = 2 * math.pi * small
    for n in range(steps + 1):
        t = turns * n / steps
        x = (big - small) * math.cos(t) + d * math.cos((big - small) / small * t)
        y = (big - small) * math.sin(t) - d * math.sin((big - small) / small * t)
        if n == 0:
            ctx.move_to(cx + x * scale, cy + y * scale)
        else:
            ctx.line_to(cx + x * scale, cy + y * scale)
    ctx.stroke()


def lattice(ctx, rng, w, h, colour, alpha):
    """A fine diagonal lattice of thin lines."""
    step = float(rng.uniform(1.0, 2.5))
    ctx.set_source_rgba(*colour, alpha)
    ctx.set_line_width(float(rng.uniform(0.06, 0.15)))
    x = -h
    while x < w:
        ctx.move_to(x, 0)
        ctx.line_to(x + h, h)
        ctx.move_to(x + h, 0)
        ctx.line_to(x, h)
        x += step
    ctx.stroke()


def frames(ctx, rng, w, h, colour, red_roses):
    m = float(rng.uniform(7, 14))
    n = int(rng.integers(1, 4))
    for k in range(n):
        inset = m + k * float(rng.uniform(2.0, 4.5))
        ctx.set_source_rgb(*colour)
        ctx.set_line_width(float(rng.choice([0.3, 0.6, 1.2, 2.2])))
        ctx.rectangle(inset, inset, w - 2 * inset, h - 2 * inset)
        ctx.stroke()
    if rng.random() < 0.5:  # a band of diamonds along the outer frame
        ctx.set_source_rgb(*colour)
        s = float(rng.uniform(1.5, 3.0))
        x = m
        while x < w - m:
            for y in (m - s - 1, h - m + 1):
                ctx.move_to(x, y + s / 2)
                ctx.line_to(x + s / 2, y)
                ctx.line_to(x + s, y + s / 2)
                ctx.line_to(x + s / 2, y + s)
                ctx.close_path()
            x += s * 1.6
        ctx.fill()
    rc = col(rng, G.RED, 0.05) if red_roses else colour
    r = float(rng.uniform(4, 9))
    for (cx, cy) in ((m, m), (w - m, m), (m, h - m), (w - m, h - m)):
        if red_roses or rng.random() < 0.5:
            ctx.set_source_rgb(*rc)
            for p in range(int(rng.integers(5, 9))):
                a = 2 * math.pi * p / 6
                ctx.arc(cx + r * 0.5 * math.cos(a), cy + r * 0.5 * math.sin(a), r * 0.45, 0, 2 * math.pi)
                ctx.fill()
            ctx.set_source_rgb(1, 0.95, 0.6)
            ctx.arc(cx, cy, r * 0.25, 0, 2 * math.pi)
            ctx.fill()


def text(ctx, x, y, size, font, colour, s, bold=False, spacing=0.0):
    for k, ch in enumerate(s):
        G.run_ops(ctx, [("text", x + k * (size + spacing), y, size, font, colour, ch, bold)])


def build(rng, sub, with_seal):
    landscape = rng.random() < 0.7
    w, h = (297.0, 210.0) if landscape else (210.0, 297.0)
    if rng.random() < 0.3:
        w, h = w * 0.88, h * 0.88
    ops = []  # callables on a Cairo context in mm
    tint = col(rng, G.pick(rng, TINTS), 0.01)
    pat = col(rng, G.pick(rng, PATTERN), 0.05)
    style = G.pick(rng, ["waves", "rosettes", "lattice", "waves", "none"])
    alpha = float(rng.uniform(0.15, 0.55))
    seed = int(rng.integers(1 << 30))

    def ground(ctx):
        r2 = np.random.default_rng(seed)
        if style == "waves":
            waves(ctx, r2, w, h, pat, alpha)
            if r2.random() < 0.5:
                waves(ctx, r2, w, h, pat, alpha * 0.7)
        elif style == "rosettes":
            for _ in range(int(r2.integers(3, 9))):
                rosette(ctx, r2, float(r2.uniform(0, w)), float(r2.uniform(0, h)),
                        float(r2.uniform(25, 70)), pat, alpha)
        elif style == "lattice":
            lattice(ctx, r2, w, h, pat, alpha * 0.8)
    ops.append(ground)
    frame_colour = col(rng, G.RED, 0.05) if sub == "red-frame" else col(rng, G.pick(rng, [GOLD, GOLD, G.RED, (0.2, 0.35, 0.6)]), 0.05)
    fseed = int(rng.integers(1 << 30))
    ops.append(lambda ctx: frames(ctx, np.random.default_rng(fseed), w, h, frame_colour, sub == "red-frame"))
    marks = []
    if sub == "medallion":
        mseed = int(rng.integers(1 << 30))
        spots = [(w / 2, h / 2)] if rng.random() < 0.4 else [(28, 28), (w - 28, 28), (28, h - 28), (w - 28, h - 28)]
        red = col(rng, G.RED, 0.05)

        def med(ctx):
            r2 = np.random.default_rng(mseed)
            for (cx, cy) in spots:
                rosette(ctx, r2, cx, cy, float(r2.uniform(12, 22)), red, float(r2.uniform(0.5, 0.9)),
                        float(r2.uniform(0.15, 0.4)))
        ops.append(med)
    title = G.pick(rng, TITLES)
    tsize = float(rng.uniform(16, 26)) if landscape else float(rng.uniform(14, 22))
    tcol = col(rng, G.pick(rng, [G.RED, G.RED, GOLD]), 0.04)
    tfont = G.pick(rng, [G.F_MING, G.F_GKAI, G.F_SANS])
    gap = tsize * float(rng.uniform(0.1, 0.8))
    tw = len(title) * tsize + (len(title) - 1) * gap
    ty = h * float(rng.uniform(0.2, 0.27))
    if sub == "emblem":
        b = G.make_badge(rng, float(rng.uniform(9, 14)))
        b.update({"cx": w / 2, "cy": ty - tsize - b["r"] * 0.9, "rot": 0.0})
        marks.append(b)
        ty += 6
    ops.append(lambda ctx: text(ctx, w / 2 - tw / 2, ty, tsize, tfont, tcol, title, True, gap))
    body = G.pick(rng, DARK)
    fs = float(rng.uniform(6, 9)) if landscape else float(rng.uniform(5, 7.5))
    bfont = G.pick(rng, [G.F_MING, G.F_GKAI, G.F_UKAI])
    name = G.person_name(rng)
    year = int(rng.integers(2022, 2026))
    lines = [f"{name}同志：",
             f"　　在{year}年度政务服务工作中表现突出，成绩显著，",
             f"被评为“{G.pick(rng, HONOURS)}”。",
             "　　特发此证，以资鼓励。"]
    if title == "聘书":
        lines = [f"兹聘请{name}同志为", f"{G.unit_name(rng)}政务服务监督员，",
                 f"聘期自{year}年1月至{year + 1}年12月。"]
    left = w * float(rng.uniform(0.16, 0.24))
    fs = min(fs, (w - 2 * left) / max(len(t) for t in lines))
    y = ty + tsize * 0.9 + fs * 1.5
    body_ops = []
    for s in lines:
        body_ops.append(("text", left, y, fs, bfont, body, s, False))
        y += fs * float(rng.uniform(1.6, 2.0))
    unit = G.unit_name(rng)
    isize = fs * 0.95
    iw = len(unit) * isize
    ix = min(w * 0.78 - iw / 2, w - 22 - iw)
    iy = max(y + fs, h * 0.7)
    if iy + isize * 2.2 > h - 16:
        iy = h - 16 - isize * 2.2
    body_ops.append(("text", ix, iy, isize, bfont, body, unit, False))
    date = f"{year}年{int(rng.integers(1, 13))}月{int(rng.integers(1, 29))}日"
    body_ops.append(("text", ix + iw / 2 - len(date) * isize * 0.4, iy + isize * 1.8, isize, bfont, body, date, False))
    ops.append(lambda ctx: G.run_ops(ctx, body_ops))
    if with_seal:
        m = G.make_seal(rng, "oval" if rng.random() < 0.1 else "normal", unit)
        if sub == "faint":
            m["ink"]["density"] = float(rng.uniform(0.3, 0.5))
        elif sub == "pale":
            m["color"] = col(rng, G.pick(rng, [G.PINK, (0.93, 0.45, 0.52), (0.95, 0.55, 0.5)]), 0.03)
            m["ink"]["density"] = float(rng.uniform(0.6, 0.95))
        elif sub == "halftone":
            m["ink"]["density"] = float(rng.uniform(0.55, 0.95))
            m["halftone"] = {"pitch": float(rng.uniform(0.17, 0.3)), "angle": float(rng.choice([15, 45, 75]))}
        m.update({"cx": ix + iw / 2 + float(rng.uniform(-8, 8)), "cy": iy + float(rng.uniform(-6, 4))})
        marks.append(m)
    return {"w": w, "h": h, "tint": tint, "ops": ops, "marks": marks}


def halftone(a, pxmm, ht):
    """Turns an alpha map into a dot screen of the same mean cover."""
    h, w = a.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32) / pxmm
    t = math.radians(ht["angle"])
    u = (xx * math.cos(t) + yy * math.sin(t)) / ht["pitch"]
    v = (-xx * math.sin(t) + yy * math.cos(t)) / ht["pitch"]
    fu, fv = u - np.floor(u) - 0.5, v - np.floor(v) - 0.5
    dist = np.sqrt(fu * fu + fv * fv) / 0.7071
    cover = a / max(float(a.max()), 1e-3)
    dots = (dist < np.sqrt(np.clip(cover, 0, 1))).astype(np.float32)
    return G.gauss_blur(dots, 0.3) * float(a.max())


def render(page, pxmm, rng):
    W, H = int(round(page["w"] * pxmm)), int(round(page["h"] * pxmm))
    surf = cairo.ImageSurface(cairo.FORMAT_RGB24, W, H)
    ctx = cairo.Context(surf)
    ctx.set_source_rgb(*page["tint"])
    ctx.paint()
    ctx.scale(pxmm, pxmm)
    for op in page["ops"]:
        ctx.save()
        op(ctx)
        ctx.restore()
    img = G.surface_to_rgb(surf).copy()
    for m in page["marks"]:
        a, x0, y0 = G.mark_alpha(m, pxmm, rng)
        if m.get("halftone"):
            a = halftone(a, pxmm, m["halftone"])
        G.composite(img, a, x0, y0, m["color"])
    return img


def make_scan(i, rng, sub, seal, out):
    page = build(rng, sub, seal)
    dpi = int(G.pick(rng, [150, 200, 200, 300, 300, 250]))
    pxmm = dpi / 25.4
    img = render(page, pxmm, rng)
    H, W = img.shape[:2]
    t0 = rng.uniform(0.92, 1.0)
    tone = np.array([t0, t0 - rng.uniform(0, 0.02), t0 - rng.uniform(0.0, 0.06)], np.float32)
    img = img * tone[None, None, :] * G.smooth_noise(rng, H, W, 4, 0.94, 1.0)[:, :, None]
    deg = float(rng.uniform(-1.5, 1.5))
    Hm = G.rot_homography(W, H, deg, (rng.uniform(-12, 12), rng.uniform(-12, 12)))
    img, _ = G.warp(img, np.linalg.inv(Hm), H, W, tone * 0.97)
    img = G.gauss_blur(img, float(rng.uniform(0.2, 1.0)) * dpi / 200)
    img += rng.normal(0, rng.uniform(0.005, 0.025), img.shape).astype(np.float32)
    q = int(rng.integers(60, 93))
    form = G.pick(rng, ["jpg", "jpg", "pdf", "png"])
    name = f"c{i:04d}_scan.{form}"
    path = os.path.join(out, name)
    if form == "jpg":
        G.write_jpeg(img, path, q)
    elif form == "png":
        G.write_png(np.clip(img, 0, 1), path)
    else:
        G.jpeg_pdf([(G.write_jpeg(img, None, q), W, H, dpi)], path)
    return name


def make_photo(i, rng, sub, seal, out):
    page = build(rng, sub, seal)
    L = int(rng.integers(1600, 4001))
    land = page["w"] > page["h"]
    W, H = (L, int(L * 0.75)) if land else (int(L * 0.75), L)
    fill = rng.uniform(0.7, 0.92)
    pxmm_out = min(W * fill / page["w"], H * fill / page["h"])
    pxmm = pxmm_out * 1.15
    img = render(page, pxmm, rng)
    sh, sw = img.shape[:2]
    pw, ph = page["w"] * pxmm_out, page["h"] * pxmm_out
    cx, cy = W / 2 + rng.uniform(-0.05, 0.05) * W, H / 2 + rng.uniform(-0.04, 0.04) * H
    ang = math.radians(rng.uniform(-7, 7))
    persp = rng.uniform(0.0, 0.08)
    dst = []
    for (x, y) in [(-pw / 2, -ph / 2), (pw / 2, -ph / 2), (pw / 2, ph / 2), (-pw / 2, ph / 2)]:
        x2 = x * math.cos(ang) - y * math.sin(ang)
        y2 = x * math.sin(ang) + y * math.cos(ang)
        dst.append((cx + x2 + rng.normal(0, persp) * pw * 0.5, cy + y2 + rng.normal(0, persp) * ph * 0.5))
    Hm = G.homography([(0, 0), (sw - 1, 0), (sw - 1, sh - 1), (0, sh - 1)], dst)
    out_img, _ = G.warp(img, np.linalg.inv(Hm), H, W, G.desk(rng, H, W))
    del img
    out_img, _ = G.photo_finish(out_img, rng, sub, G.seal_point(page["marks"], Hm, pxmm))
    name = f"c{i:04d}_photo.jpg"
    G.write_jpeg(out_img, os.path.join(out, name), int(rng.integers(60, 91)))
    return name


def plan(i):
    kind = KINDS[i % 2]
    seal = (i // 2) % 2 == 0
    subs = SEAL_SUBS if seal else NOSEAL_SUBS
    return kind, seal, subs[(i // 4) % len(subs)]


def one(args):
    i, out, base = args
    kind, seal, sub = plan(i)
    rng = np.random.default_rng(base + i)
    try:
        name = (make_scan if kind == "scan" else make_photo)(i, rng, sub, seal, out)
    except Exception:
        import traceback
        traceback.print_exc()
        print(f"file {i} ({kind} {sub}) failed", file=sys.stderr)
        return None
    return name, kind, int(seal), sub


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--n", type=int, default=160)
    ap.add_argument("--seed", type=int, default=42000)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    jobs = [(i, a.out, a.seed) for i in range(a.start, a.start + a.n)]
    # one file per process, as gen_i.py does: Cairo's glyph caches would otherwise
    # make a file's pixels depend on the files drawn before it
    with mp.Pool(max(1, a.jobs), maxtasksperchild=1) as pool:
        res = [r for r in pool.imap_unordered(one, jobs) if r]
    with open(os.path.join(a.out, "labels.csv.tmp"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "kind", "seal", "sub"])
        for r in sorted(res):
            w.writerow(r)
    os.replace(os.path.join(a.out, "labels.csv.tmp"), os.path.join(a.out, "labels.csv"))


if __name__ == "__main__":
    main()
