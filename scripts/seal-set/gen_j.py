#!/usr/bin/env python3
"""Seal evaluation set, family j: drawn with matplotlib, PyMuPDF and scipy.

Pages, seals and look-alikes are built as matplotlib paths in millimetres (glyph
outlines from matplotlib.textpath.TextPath).  Raster pages come from matplotlib's Agg
canvas, vector pages from its PDF backend (or PyMuPDF shapes in CMYK), ink texture and
scan/photo effects are numpy and scipy.ndimage, PDFs are assembled by PyMuPDF, pictures
are encoded by Pillow and photo EXIF is written by piexif.

    python3 gen_j.py OUT --n 500 [--start K] [--jobs 2] --seeds SOURCE_DOCS
"""
import argparse
import csv
import glob
import io
import json
import math
import os
import re
import sys
from multiprocessing import Pool

import numpy as np

import matplotlib
matplotlib.use("Agg")
matplotlib.rcParams["pdf.fonttype"] = 42
matplotlib.rcParams["pdf.compression"] = 6
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.patches import PathPatch, Wedge, Rectangle, Circle, FancyBboxPatch  # noqa: E402
from matplotlib.path import Path  # noqa: E402
from matplotlib.textpath import TextPath  # noqa: E402
from matplotlib.transforms import Affine2D  # noqa: E402
from scipy import ndimage  # noqa: E402

import fitz  # PyMuPDF  # noqa: E402
from PIL import Image  # noqa: E402
import piexif  # noqa: E402

KINDS = ["scan", "vector", "pasted", "photo", "screenshot"]
SEAL_SUBS = ["normal", "partial", "faint", "purple", "pink", "double", "oval", "square",
             "beside-stamp", "red-hand", "red-table", "text-over", "redhead"]
NOSEAL_SUBS = ["plain", "badge", "open-arc", "hand-circle", "rect-stamp", "date-stamp",
               "praise-stamp", "circled-num", "redhead", "red-table", "red-hand", "ui-icon"]

A4W, A4H = 210.0, 297.0
MM2PT = 72.0 / 25.4

F = {
    "droid": "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "wenkai": "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf",
    "wenkai_b": "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Bold.ttf",
    "gkai": "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf",
    "serif_b": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "serif": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "sans_b": "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "uming": "/usr/share/fonts/truetype/arphic/uming.ttc",
    "ukai": "/usr/share/fonts/truetype/arphic/ukai.ttc",
    "zenhei": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "dejavu": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "dejavu_b": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "dejavu_c": "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
}
# faces used for page text in PDFs (plain TrueType files embed cleanly)
# Page text avoids AR PL UMing (Agg draws nothing with it here) and the Noto CJK
# collections (MuPDF does not draw matplotlib's embedding of them); both stay in use
# for glyph outlines.
PAGE_FONTS = ["ukai", "wenkai", "gkai", "zenhei"]
TITLE_FONTS = ["wenkai_b", "zenhei", "droid", "wenkai"]
SEAL_FONTS = ["serif_b", "uming", "zenhei", "droid", "sans_b", "gkai"]
HAND_FONTS = ["wenkai", "ukai", "gkai", "wenkai_b"]

_FP = {}
_CMAP = {}


def covers(key, s):
    """True when the font has a glyph for every non-space character of s."""
    if key not in _CMAP:
        from fontTools.ttLib import TTFont
        _CMAP[key] = set(TTFont(F[key], fontNumber=0, lazy=True).getBestCmap())
    return all(ord(c) in _CMAP[key] for c in s if not c.isspace())


def font_for(key, s, fallback=("uming", "serif_b", "sans_b")):
    if covers(key, s):
        return key
    for k in fallback:
        if covers(k, s):
            return k
    return key


def fp(key):
    if key not in _FP:
        if key == "droid":
            # Droid Sans Fallback has no Latin letters or digits: DejaVu Sans first
            from matplotlib import font_manager as fm
            fm.fontManager.addfont(F["droid"])
            fm.fontManager.addfont(F["dejavu"])
            _FP[key] = FontProperties(family=["DejaVu Sans", "Droid Sans Fallback"])
        else:
            _FP[key] = FontProperties(fname=F[key])
    return _FP[key]


# ---------------------------------------------------------------- source text

CITY = {"浉河区": "信阳市", "湛河区": "平顶山市", "台前县": "濮阳市", "如东县": "南通市"}
DEPTS = ["教育体育局", "人力资源和社会保障局", "民政局", "交通运输局", "自然资源局", "应急管理局",
         "水利局", "卫生健康委员会", "住房和城乡建设局", "农业农村局", "文化广电和旅游局",
         "医疗保障局", "司法局", "城市管理局", "市场监督管理局", "退役军人事务局",
         "政务服务和大数据管理局", "行政审批服务局", "人民政府办公室", "发展和改革委员会",
         "财政局", "统计局", "残疾人联合会", "林业局", "住房公积金管理中心"]
BOTTOM_LINES = ["行政审批专用章", "业务专用章", "政务服务专用章", "办公室", "党组", "机关党委",
                "人事专用章"]
OVAL_TYPES = ["财务专用章", "合同专用章", "发票专用章"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐韩冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红新宇海波亮晨晓东文"


class Seeds:
    def __init__(self, folder):
        self.sent = []
        self.towns = set()
        for fn in sorted(glob.glob(os.path.join(folder, "*.txt")) if folder else []):
            txt = open(fn, encoding="utf-8", errors="ignore").read()
            for s in re.split(r"[。；！？\n]", txt):
                s = re.sub(r"\s+", "", s)
                if 14 <= len(s) <= 90 and re.search(r"[\u4e00-\u9fa5]{6}", s):
                    self.sent.append(s + "。")
        self.towns = ["东双河镇", "董家河镇", "吴家店镇", "老城街道", "五里墩街道", "湖东街道",
                      "曙光街道", "城关镇", "打渔陈镇"]
        if not self.sent:
            self.sent = ["为进一步提升政务服务水平，现将有关事项通知如下。"]

    def unit(self, rng, lo=8, hi=16):
        for _ in range(50):
            county = rng.choice(sorted(CITY))
            r = rng.random()
            if r < 0.15:
                town = str(rng.choice(self.towns))
                name = CITY[county] + county + town + ("人民政府" if town.endswith("镇") else "办事处")
            elif r < 0.55:
                name = CITY[county] + county + rng.choice(DEPTS)
            else:
                name = county + rng.choice(DEPTS)
            if lo <= len(name) <= hi:
                return name
        return "信阳市浉河区民政局"

    def para(self, rng, n):
        k = int(rng.integers(0, len(self.sent)))
        return "".join(self.sent[(k + j) % len(self.sent)] for j in range(n))


def person(rng):
    return str(rng.choice(list(SURNAMES))) + "".join(rng.choice(list(GIVEN), size=int(rng.integers(1, 3))))


def cn_date(rng, style=None):
    y = int(rng.integers(2022, 2025))
    m = int(rng.integers(1, 13))
    d = int(rng.integers(1, 29))
    if style is None:
        style = int(rng.integers(0, 2))
    if style == 0:
        return f"{y}年{m}月{d}日", (y, m, d)
    digs = "〇一二三四五六七八九"
    ys = "".join(digs[int(c)] for c in str(y))

    def num(v):
        if v < 10:
            return digs[v]
        if v == 10:
            return "十"
        if v < 20:
            return "十" + digs[v - 10]
        return digs[v // 10] + "十" + (digs[v % 10] if v % 10 else "")
    return f"{ys}年{num(m)}月{num(d)}日", (y, m, d)


# ---------------------------------------------------------------- geometry helpers

def circle_path(r, n=180, reverse=False, cx=0.0, cy=0.0, ry=None):
    ry = r if ry is None else ry
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    if reverse:
        t = t[::-1]
    v = np.c_[cx + r * np.cos(t), cy + ry * np.sin(t)]
    v = np.vstack([v, v[:1]])
    codes = [Path.MOVETO] + [Path.LINETO] * (n - 1) + [Path.CLOSEPOLY]
    return Path(v, codes)


def ring_path(r_out, width, ry_out=None, n=240):
    """Filled annulus (or elliptic ring): outer anticlockwise, inner clockwise."""
    ry_out = r_out if ry_out is None else ry_out
    a = circle_path(r_out, n, False, ry=ry_out)
    b = circle_path(r_out - width, n, True, ry=ry_out - width)
    return Path.make_compound_path(a, b)


def star_path(r, inner=0.382, rot=0.0):
    pts = []
    for k in range(10):
        rr = r if k % 2 == 0 else r * inner
        a = math.pi / 2 + rot + k * math.pi / 5
        pts.append((rr * math.cos(a), rr * math.sin(a)))
    pts.append(pts[0])
    return Path(pts, [Path.MOVETO] + [Path.LINETO] * 9 + [Path.CLOSEPOLY])


def poly_path(pts, closed=True):
    pts = list(pts)
    if closed:
        pts = pts + [pts[0]]
        return Path(pts, [Path.MOVETO] + [Path.LINETO] * (len(pts) - 2) + [Path.CLOSEPOLY])
    return Path(pts, [Path.MOVETO] + [Path.LINETO] * (len(pts) - 1))


def rect_path(x0, y0, x1, y1):
    return poly_path([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


def glyph(ch, font, h, sx=1.0, rot_deg=0.0, cx=0.0, cy=0.0, skew=0.0):
    """Glyph outline of one character scaled so its em box is h mm high,
    centred on (cx, cy), condensed by sx and rotated."""
    tp = TextPath((0, 0), ch, size=1.0, prop=fp(font_for(font, ch)))
    ex = tp.get_extents()
    # centre on the em box horizontally (advance ~1) and vertically on the ink
    mx = (ex.x0 + ex.x1) / 2 if ex.width > 0 else 0.5
    my = 0.38 if ex.height <= 0 else (ex.y0 + ex.y1) / 2
    t = (Affine2D().translate(-mx, -my).scale(h * sx, h).skew_deg(skew, 0)
         .rotate_deg(rot_deg).translate(cx, cy))
    return tp.transformed(t)


def text_line(s, font, h, sx=1.0, cx=0.0, cy=0.0, spacing=1.0, rot_deg=0.0, skew=0.0):
    """A horizontal row of glyphs centred on (cx, cy), then rotated about it."""
    n = len(s)
    step = h * sx * spacing
    paths = []
    for k, ch in enumerate(s):
        if ch == " ":
            continue
        x = (k - (n - 1) / 2) * step
        g = glyph(ch, font, h, sx, 0.0, x, 0.0, skew)
        paths.append(g.transformed(Affine2D().rotate_deg(rot_deg).translate(cx, cy)))
    return paths


def latin_line(s, font, h, cx=0.0, cy=0.0, rot_deg=0.0, sx=1.0):
    tp = TextPath((0, 0), s, size=h, prop=fp(font_for(font, s, ("dejavu", "sans_b"))))
    ex = tp.get_extents()
    t = (Affine2D().translate(-(ex.x0 + ex.x1) / 2, -(ex.y0 + ex.y1) / 2).scale(sx, 1)
         .rotate_deg(rot_deg).translate(cx, cy))
    return tp.transformed(t)


def arc_text(s, font, h, sx, radius, span_deg, centre_deg=90.0, inward=True, ry=None):
    """Glyphs along a circle (or ellipse with semi-axes radius, ry) centred on the arc
    angle centre_deg.  inward=True: tops point outwards (upper arc text read from
    inside); inward=False: tops point to the centre (lower arc, read left to right)."""
    n = len(s)
    paths = []
    ry = radius if ry is None else ry
    if n == 1:
        angs = [centre_deg]
    elif inward:
        angs = np.linspace(centre_deg + span_deg / 2, centre_deg - span_deg / 2, n)
    else:
        angs = np.linspace(centre_deg - span_deg / 2, centre_deg + span_deg / 2, n)
    if ry != radius:
        angs = ellipse_even(radius, ry, angs[0], angs[-1], n)
    for ch, a in zip(s, angs):
        t = math.radians(a)
        x, y = radius * math.cos(t), ry * math.sin(t)
        # outward normal direction
        nx, ny = math.cos(t) / radius, math.sin(t) / ry
        na = math.degrees(math.atan2(ny, nx))
        rot = na - 90 if inward else na + 90
        paths.append(glyph(ch, font, h, sx, rot, x, y))
    return paths


def ellipse_even(a, b, t0, t1, n):
    """Parameter angles (deg) spaced evenly by arc length between t0 and t1."""
    ts = np.radians(np.linspace(t0, t1, 400))
    xy = np.c_[a * np.cos(ts), b * np.sin(ts)]
    seg = np.r_[0, np.cumsum(np.hypot(*np.diff(xy, axis=0).T))]
    want = np.linspace(0, seg[-1], n)
    return np.degrees(np.interp(want, seg, ts))


# ---------------------------------------------------------------- marks

class Mark:
    """An inked mark: paths in mm around (0, 0); items are (path, mode, lw_mm)
    with mode 'fill', 'stroke' or 'knock' (paper-coloured fill)."""

    def __init__(self, kind, role, items, extent, color, **ink):
        self.kind = kind
        self.role = role          # 'seal' or 'lookalike' or 'other'
        self.items = items
        self.extent = extent      # radius of a bounding circle in mm
        self.color = color
        self.cx = 0.0
        self.cy = 0.0
        self.rot = 0.0
        self.ink = dict(level=1.0, partial=None, grain=0.3, holes=0, pressure=0.2,
                        bleed=0.6)
        self.ink.update(ink)
        self.info = {}

    def meta(self):
        d = dict(type=self.kind, role=self.role, cx_mm=round(self.cx, 1),
                 cy_mm=round(self.cy, 1), extent_mm=round(self.extent, 1),
                 rot=round(self.rot, 1), color=[round(c, 3) for c in self.color])
        ink = dict(self.ink)
        d["ink"] = {k: (round(v, 3) if isinstance(v, float) else v) for k, v in ink.items()}
        d.update(self.info)
        return d

    def placed(self):
        t = Affine2D().rotate_deg(self.rot)
        return [(p.transformed(t), m, lw) for p, m, lw in self.items]


def jitter(rng, base, amt):
    return tuple(float(np.clip(c + rng.uniform(-amt, amt), 0, 1)) for c in base)


def ink_color(rng, tone):
    if tone == "purple":
        return jitter(rng, (0.678, 0.145, 0.404), 0.05)
    if tone == "pink":
        return jitter(rng, (0.949, 0.600, 0.698), 0.04)
    if tone == "orange":
        return jitter(rng, (0.93, 0.30, 0.08), 0.04)
    return jitter(rng, (0.847, 0.118, 0.024), 0.06)


def make_round_seal(rng, seeds, double=False):
    D = rng.uniform(38, 45)
    R = D / 2
    ring = rng.uniform(1.0, 1.5)
    font = str(rng.choice(SEAL_FONTS))
    name = seeds.unit(rng, 8, 16)
    n = len(name)
    items = [(ring_path(R, ring), "fill", 0)]
    inner = R - ring
    if double:
        gap = rng.uniform(0.8, 1.3)
        w2 = rng.uniform(0.35, 0.55)
        items.append((ring_path(inner - gap, w2), "fill", 0))
        inner = inner - gap - w2
    span = float(np.clip(150 + n * rng.uniform(8.5, 10.5), 180, 290))
    h = rng.uniform(0.155, 0.19) * D
    # keep glyphs from touching on short spans: width along the arc
    rc = inner - rng.uniform(0.5, 1.0) - h / 2
    arc_len = math.radians(span) * rc / max(n - 1, 1)
    sx = float(np.clip(arc_len / h * rng.uniform(0.78, 0.92), 0.5, 0.9))
    items += [(p, "fill", 0) for p in arc_text(name, font, h, sx, rc, span, 90, True)]
    sr = rng.uniform(0.16, 0.2) * D
    sy = rng.uniform(-0.02, 0.04) * D
    items.append((star_path(sr).transformed(Affine2D().translate(0, sy)), "fill", 0))
    info = dict(name=name, font=font, diameter_mm=round(D, 1), ring_mm=round(ring, 2),
                span_deg=round(span, 1), glyph_mm=round(h, 2), squeeze=round(sx, 2),
                double=double)
    if rng.random() < 0.4:
        line = str(rng.choice(BOTTOM_LINES))
        lh = rng.uniform(0.1, 0.12) * D
        lsx = min(0.9, (0.9 * D * 0.62) / (lh * len(line)))
        items += [(p, "fill", 0) for p in text_line(line, font, lh, lsx, 0, -0.27 * D)]
        info["bottom_line"] = line
    if rng.random() < 0.35:
        code = "".join(str(int(d)) for d in rng.integers(0, 10, 13))
        ch = rng.uniform(2.0, 2.6)
        crad = inner - 0.5 - ch / 2
        items += [(p, "fill", 0) for p in arc_text(code, "dejavu_c", ch, 0.55, crad,
                                                   rng.uniform(55, 75), 270, False)]
        info["code"] = code
    return Mark("round", "seal", items, R + 0.5, None), info


def make_oval_seal(rng, seeds):
    a = rng.uniform(42, 46) / 2
    b = rng.uniform(28, 32) / 2
    ring = rng.uniform(0.9, 1.3)
    font = str(rng.choice(SEAL_FONTS))
    name = seeds.unit(rng, 8, 14)
    n = len(name)
    items = [(ring_path(a, ring, b), "fill", 0)]
    h = rng.uniform(4.6, 5.6)
    ra, rb = a - ring - 0.6 - h / 2, b - ring - 0.6 - h / 2
    span = float(np.clip(110 + n * 7, 150, 210))
    items += [(p, "fill", 0) for p in arc_text(name, font, h, 0.7, ra, span, 90, True, ry=rb)]
    typ = str(rng.choice(OVAL_TYPES))
    info = dict(name=name, font=font, axes_mm=[round(2 * a, 1), round(2 * b, 1)], type_line=typ)
    if rng.random() < 0.5:
        tax = "91" + "".join(str(int(d)) for d in rng.integers(0, 10, 16))
        items += [(latin_line(tax, "dejavu_c", 2.6, 0, -0.5, 0, 0.8), "fill", 0)]
        items += [(p, "fill", 0) for p in text_line(typ, font, 3.8, 0.85, 0, -rb * 0.62)]
        info["tax"] = tax
    else:
        items += [(p, "fill", 0) for p in text_line(typ, font, 4.6, 0.8, 0, -1.6)]
        code = "".join(str(int(d)) for d in rng.integers(0, 10, 13))
        items += [(latin_line(code, "dejavu_c", 2.2, 0, -rb * 0.7, 0, 0.8), "fill", 0)]
        if rng.random() < 0.5:
            items.append((star_path(2.6).transformed(Affine2D().translate(0, 3.5)), "fill", 0))
    return Mark("oval", "seal", items, a + 0.5, None), info


def make_square_seal(rng):
    S = rng.uniform(18, 24)
    font = str(rng.choice(["serif_b", "uming", "zenhei", "sans_b"]))
    nm = person(rng)
    cols = 2
    if len(nm) == 2:
        chars = nm + "之印"
        rows = 2
    elif rng.random() < 0.5:
        chars = nm + "印"
        rows = 2
    else:
        chars = nm + "之印章"[: 6 - len(nm)]
        chars = (chars + "印")[:6]
        rows = 3
    intaglio = rng.random() < 0.45
    items = []
    half = S / 2
    if intaglio:
        items.append((rect_path(-half, -half, half, half), "fill", 0))
    else:
        fw = rng.uniform(0.8, 1.3)
        items.append((Path.make_compound_path(
            rect_path(-half, -half, half, half),
            poly_path([(-half + fw, -half + fw), (-half + fw, half - fw),
                       (half - fw, half - fw), (half - fw, -half + fw)])), "fill", 0))
    pad = S * 0.12
    cw = (S - 2 * pad) / cols
    chh = (S - 2 * pad) / rows
    k = 0
    # read right column top to bottom, then left column
    for c in range(cols - 1, -1, -1):
        for r in range(rows):
            if k >= len(chars):
                break
            x = -half + pad + cw * (c + 0.5)
            y = half - pad - chh * (r + 0.5)
            g = glyph(chars[k], font, chh * 0.98, min(1.0, cw / chh * 0.98), 0, x, y)
            items.append((g, "knock" if intaglio else "fill", 0))
            k += 1
    info = dict(chars=chars, font=font, size_mm=round(S, 1), intaglio=intaglio, rows=rows)
    return Mark("square", "seal", items, S * 0.72, None), info


def make_badge(rng):
    R = rng.uniform(15, 22)
    items = [(ring_path(R, rng.uniform(0.8, 1.6)), "fill", 0)]
    style = str(rng.choice(["rays", "wheat", "dots", "stars"]))
    if rng.random() < 0.4:
        items.append((ring_path(R - 2.2, 0.4), "fill", 0))
    sr = R * rng.uniform(0.3, 0.42)
    items.append((star_path(sr), "fill", 0))
    if style == "rays":
        k = int(rng.integers(16, 33))
        for j in range(k):
            a = 2 * math.pi * j / k
            r0, r1 = sr * 1.15, R * 0.78
            w = 0.05
            pts = [(r0 * math.cos(a - w / 2), r0 * math.sin(a - w / 2)),
                   (r1 * math.cos(a), r1 * math.sin(a)),
                   (r0 * math.cos(a + w / 2), r0 * math.sin(a + w / 2))]
            items.append((poly_path(pts), "fill", 0))
    elif style == "wheat":
        for side in (-1, 1):
            for j in range(9):
                a = math.radians(-60 + j * 17)
                rr = R * 0.72
                x, y = side * rr * math.cos(a), rr * math.sin(a)
                leaf = circle_path(1.7, 24, ry=0.8).transformed(
                    Affine2D().rotate_deg(side * (math.degrees(a) + 90 + 25 * side)).translate(x, y))
                items.append((leaf, "fill", 0))
    elif style == "dots":
        k = int(rng.integers(20, 40))
        for j in range(k):
            a = 2 * math.pi * j / k
            items.append((circle_path(0.55, 16, cx=R * 0.75 * math.cos(a), cy=R * 0.75 * math.sin(a)), "fill", 0))
    else:
        for j in range(5):
            a = math.pi / 2 + 2 * math.pi * j / 5 + math.pi / 5
            items.append((star_path(1.8).transformed(Affine2D().translate(R * 0.68 * math.cos(a), R * 0.68 * math.sin(a))), "fill", 0))
    m = Mark("badge", "lookalike", items, R + 0.5, None)
    m.info = dict(style=style, radius_mm=round(R, 1))
    return m


def make_open_arc(rng):
    R = rng.uniform(14, 21)
    w = rng.uniform(1.5, 3.5)
    items = []
    narcs = int(rng.integers(1, 4))
    gap = rng.uniform(25, 70)
    start = rng.uniform(0, 360)
    for j in range(narcs):
        a0 = start + j * 360 / narcs
        a1 = a0 + 360 / narcs - gap
        t = np.radians(np.linspace(a0, a1, 80))
        outer = np.c_[R * np.cos(t), R * np.sin(t)]
        inner = np.c_[(R - w) * np.cos(t[::-1]), (R - w) * np.sin(t[::-1])]
        items.append((poly_path(np.vstack([outer, inner])), "fill", 0))
    centre = str(rng.choice(["star", "letter", "swoosh"]))
    if centre == "star":
        items.append((star_path(R * 0.45), "fill", 0))
    elif centre == "letter":
        items.append((latin_line(str(rng.choice(list("AGHMQRSZ"))), "sans_b", R * 1.1), "fill", 0))
    else:
        t = np.linspace(-1, 1, 40)
        top = np.c_[t * R * 0.7, R * 0.25 * np.sin(t * 2.5)]
        bot = np.c_[t[::-1] * R * 0.7, R * 0.25 * np.sin(t[::-1] * 2.5) - R * 0.18 * (1 - t[::-1] ** 2)]
        items.append((poly_path(np.vstack([top, bot])), "fill", 0))
    m = Mark("open-arc", "lookalike", items, R + 0.5, None)
    m.info = dict(arcs=narcs, centre=centre, radius_mm=round(R, 1))
    return m


def wobbly_loop(rng, rx, ry, turns=1.15):
    t = np.linspace(0, 2 * np.pi * turns, 160)
    wob = 1 + 0.06 * np.sin(t * rng.uniform(1.5, 3) + rng.uniform(0, 6)) + rng.normal(0, 0.006, t.size)
    drift = np.linspace(0, rng.uniform(-0.12, 0.12), t.size)
    x = rx * wob * np.cos(t) + drift * rx
    y = ry * wob * np.sin(t) * (1 + drift)
    return Path(np.c_[x, y])


def make_hand_circle(rng):
    rx = rng.uniform(16, 23)
    ry = rx * rng.uniform(0.75, 1.0)
    items = [(wobbly_loop(rng, rx, ry), "stroke", rng.uniform(0.5, 0.9))]
    word = None
    if rng.random() < 0.6:
        word = str(rng.choice(["重点", "已阅", "注意", "请核实", "OK", "改", "待办"]))
        f = str(rng.choice(HAND_FONTS))
        items += [(p, "fill", 0) for p in text_line(word, f, rng.uniform(6, 9), 1.0, 0, 0,
                                                   rot_deg=rng.uniform(-12, 12), skew=-10)]
    m = Mark("hand-circle", "lookalike", items, max(rx, ry) * 1.2, None, grain=0.1, holes=0)
    m.info = dict(word=word, rx_mm=round(rx, 1))
    return m


RECT_WORDS = ["已审核", "APPROVED", "收文", "复印件与原件一致", "RECEIVED", "已核对", "存档", "PAID"]


def make_rect_stamp(rng):
    word = str(rng.choice(RECT_WORDS))
    latin = word.isascii()
    h = rng.uniform(5.5, 8) if len(word) < 6 else rng.uniform(4.2, 5.5)
    font = "sans_b" if latin else str(rng.choice(["serif_b", "zenhei", "sans_b"]))
    if latin:
        tw = 0.62 * h * len(word)
        items = [(latin_line(word, font, h, 0, 2.2 if rng.random() < 0.7 else 0), "fill", 0)]
    else:
        tw = h * 0.95 * len(word)
        items = [(p, "fill", 0) for p in text_line(word, font, h, 0.95, 0, 2.2)]
    d = f"{int(rng.integers(2022, 2025))}.{int(rng.integers(1, 13)):02d}.{int(rng.integers(1, 29)):02d}"
    items.append((latin_line(d, "dejavu_c", 3.0, 0, -3.6), "fill", 0))
    W = tw / 2 + 4
    H = 8.0
    lw = rng.uniform(0.5, 1.0)
    outer = rect_path(-W, -H, W, H)
    inner = poly_path([(-W + lw, -H + lw), (-W + lw, H - lw), (W - lw, H - lw), (W - lw, -H + lw)])
    items.append((Path.make_compound_path(outer, inner), "fill", 0))
    if rng.random() < 0.35:
        o2 = W + 1.2
        items.append((Path.make_compound_path(
            rect_path(-o2, -H - 1.2, o2, H + 1.2),
            poly_path([(-o2 + 0.35, -H - 0.85), (-o2 + 0.35, H + 0.85), (o2 - 0.35, H + 0.85), (o2 - 0.35, -H - 0.85)])), "fill", 0))
    m = Mark("rect-stamp", "lookalike", items, math.hypot(W + 1.5, H + 1.5), None)
    m.info = dict(word=word, date=d, size_mm=[round(2 * W, 1), round(2 * H, 1)])
    return m


def make_date_stamp(rng):
    R = rng.uniform(14, 19)
    items = [(ring_path(R, rng.uniform(0.6, 1.0)), "fill", 0)]
    if rng.random() < 0.6:
        items.append((ring_path(R - 1.6, 0.35), "fill", 0))
    d = f"{int(rng.integers(2022, 2025))}.{int(rng.integers(1, 13)):02d}.{int(rng.integers(1, 29)):02d}"
    dl = latin_line(d, "dejavu_c", R * 0.26)
    dw = dl.get_extents().width
    items.append((dl.transformed(Affine2D().scale(min(1.0, 1.45 * R / dw), 1)), "fill", 0))
    bw = R * 0.88
    for y in (R * 0.25, -R * 0.25):
        items.append((rect_path(-bw, y - 0.3, bw, y + 0.3), "fill", 0))
    word = str(rng.choice(["收讫", "付讫", "已收", "受理", "现金收讫"]))
    items += [(p, "fill", 0) for p in text_line(word, "serif_b", R * 0.26, 0.9, 0, R * 0.52)]
    if rng.random() < 0.6:
        items += [(p, "fill", 0) for p in text_line(str(rng.choice(["一", "二", "1", "A"])), "sans_b", R * 0.2, 1, 0, -R * 0.52)]
    m = Mark("date-stamp", "lookalike", items, R + 0.5, None)
    m.info = dict(date=d, word=word, radius_mm=round(R, 1))
    return m


def make_praise(rng):
    R = rng.uniform(11, 16)
    n = int(rng.integers(10, 17))
    t = np.linspace(0, 2 * np.pi, 600)
    r = R * (1 + 0.07 * np.abs(np.sin(n * t / 2)) - 0.035)
    outer = np.c_[r * np.cos(t), r * np.sin(t)]
    w = rng.uniform(0.7, 1.1)
    inner = np.c_[(r - w) * np.cos(t), (r - w) * np.sin(t)][::-1]
    items = [(Path.make_compound_path(poly_path(outer), poly_path(inner)), "fill", 0)]
    rows = [["よく", "できました"], ["たいへん", "よく", "できました"], ["优秀"], ["很好", "加油"], ["GOOD", "JOB"]][int(rng.integers(0, 5))]
    hh = min(R * 1.2 / len(rows), R * 0.55)
    for j, row in enumerate(rows):
        y = (len(rows) - 1) / 2 * hh * 1.05 - j * hh * 1.05
        if row.isascii():
            items.append((latin_line(row, "sans_b", hh * 0.8, 0, y), "fill", 0))
        else:
            sx = min(1.0, (R * 1.5) / (hh * len(row)))
            items += [(p, "fill", 0) for p in text_line(row, "sans_b", hh * 0.92, sx, 0, y)]
    if rng.random() < 0.5:
        items.append((circle_path(0.8, 16, cx=-R * 0.55, cy=R * 0.55), "fill", 0))
    m = Mark("praise-stamp", "lookalike", items, R * 1.1, None)
    m.info = dict(words=rows, radius_mm=round(R, 1), petals=n)
    return m


# Look-alikes (no seal) by sub-kind.
LOOKALIKE_MAKERS = {
    "badge": make_badge,
    "open-arc": make_open_arc,
    "hand-circle": make_hand_circle,
    "rect-stamp": make_rect_stamp,
    "date-stamp": make_date_stamp,
    "praise-stamp": make_praise,
}


def make_circled(rng, num):
    r = rng.uniform(3.5, 5.5)
    items = [(ring_path(r, 0.45), "fill", 0), (latin_line(str(num), "dejavu_b", r * 1.05), "fill", 0)]
    m = Mark("circled-num", "lookalike", items, r + 0.5, None, grain=0.05, holes=0)
    m.info = dict(num=num)
    return m


def make_hand_note(rng, color_key="red"):
    s = str(rng.choice(["同意，请按程序办理。", "请核实后报送。", "已阅，按要求落实。", "请办公室存档",
                        "数据有误，请修改", "拟同意", "请尽快整改"]))
    nm = person(rng)
    f = str(rng.choice(HAND_FONTS))
    h = rng.uniform(5, 7)
    items = [(p, "fill", 0) for p in text_line(s, f, h, 0.9, 0, 3, spacing=0.92, skew=-8)]
    items += [(p, "fill", 0) for p in text_line(nm + f" {int(rng.integers(1, 13))}.{int(rng.integers(1, 29))}", f, h * 0.9, 0.9, len(s) * h * 0.2, -5, skew=-8)]
    m = Mark("red-hand", "other", items, len(s) * h * 0.5 + 3, None, grain=0.05, holes=0,
             pressure=0.1)
    m.info = dict(text=s, name=nm, font=f)
    return m


def make_signature(rng):
    nm = person(rng)
    f = str(rng.choice(HAND_FONTS))
    h = rng.uniform(7, 10)
    items = [(p, "fill", 0) for p in text_line(nm, f, h, 0.85, 0, 0, spacing=0.8, skew=-18,
                                               rot_deg=rng.uniform(-6, 10))]
    t = np.linspace(0, 1, 40)
    flour = np.c_[(t - 0.5) * h * len(nm) * 1.1, -h * 0.5 + h * 0.25 * np.sin(t * 7)]
    items.append((Path(flour), "stroke", 0.35))
    m = Mark("signature", "other", items, h * len(nm) * 0.7, None, grain=0.02, holes=0,
             pressure=0.05, bleed=0.3)
    m.info = dict(name=nm, font=f)
    return m


def make_seal(rng, seeds, sub):
    if sub == "oval" or (sub in ("normal", "text-over", "red-table") and rng.random() < 0.12):
        m, info = make_oval_seal(rng, seeds)
    elif sub == "square":
        m, info = make_square_seal(rng)
    else:
        m, info = make_round_seal(rng, seeds, double=(sub == "double" or rng.random() < 0.08))
    tone = {"purple": "purple", "pink": "pink"}.get(sub)
    if tone is None:
        tone = "orange" if rng.random() < 0.12 else "red"
    m.color = ink_color(rng, tone)
    m.info = info
    m.info["tone"] = tone
    m.rot = float(rng.uniform(-8, 8) if m.kind == "square" else
                  (rng.uniform(-180, 180) if rng.random() < 0.25 else rng.uniform(-25, 25)))
    lvl = rng.uniform(0.8, 1.0)
    if sub == "faint":
        lvl = rng.uniform(0.3, 0.55)
    m.ink.update(level=float(lvl), grain=float(rng.uniform(0.15, 0.5)),
                 holes=int(rng.integers(0, 40)), pressure=float(rng.uniform(0.05, 0.35)),
                 bleed=float(rng.uniform(0.3, 1.0)))
    if sub == "partial":
        m.ink["partial"] = dict(centre=float(rng.uniform(0, 360)),
                                width=float(rng.uniform(60, 100)),
                                low=float(rng.uniform(0.0, 0.3)))
    return m


# ---------------------------------------------------------------- page

class Page:
    """Page content in mm, origin bottom left, drawn onto a matplotlib Axes."""

    def __init__(self):
        self.ops = []
        self.anchor = {}

    def text(self, x, y, s, size, font, color=(0, 0, 0), ha="left", va="baseline", rot=0.0):
        font = font_for(font, s, ("wenkai", "zenhei"))
        self.ops.append(("text", x, y, s, size, font, color, ha, va, rot))

    def line(self, x0, y0, x1, y1, lw, color=(0, 0, 0)):
        self.ops.append(("line", x0, y0, x1, y1, lw, color))

    def path(self, p, color, mode="fill", lw=0.0):
        self.ops.append(("path", p, color, mode, lw))

    def draw(self, ax):
        for op in self.ops:
            if op[0] == "text":
                _, x, y, s, size, font, color, ha, va, rot = op
                ax.text(x, y, s, fontsize=size, fontproperties=fp(font), color=color, ha=ha,
                        va=va, rotation=rot)
            elif op[0] == "line":
                _, x0, y0, x1, y1, lw, color = op
                ax.plot([x0, x1], [y0, y1], color=color, lw=lw * MM2PT, solid_capstyle="butt")
            else:
                _, p, color, mode, lw = op
                if mode == "fill":
                    ax.add_patch(PathPatch(p, facecolor=color, edgecolor="none", lw=0))
                else:
                    ax.add_patch(PathPatch(p, facecolor="none", edgecolor=color, lw=lw * MM2PT))


TITLES = ["关于报送{y}年度政务服务绩效考评佐证材料的通知", "关于{y}年度政务服务工作情况的报告",
          "关于开展政务服务“好差评”工作的情况说明", "{y}年度政务服务事项办理情况统计表",
          "关于进一步做好政务服务第三方评估工作的通知", "证明", "关于政务服务窗口整改落实情况的报告"]


def wrap(s, n):
    return [s[i:i + n] for i in range(0, len(s), n)]


def build_page(rng, seeds, sub, unit, want_table=None, red_head=None, first=False):
    pg = Page()
    font = str(rng.choice(PAGE_FONTS))
    left = rng.uniform(24, 30)
    right = A4W - rng.uniform(24, 30)
    y = A4H - rng.uniform(25, 35)
    red = jitter(rng, (0.85, 0.08, 0.06), 0.05)
    if red_head is None:
        red_head = sub == "redhead" or rng.random() < 0.1
    if red_head and not first:
        head = unit + str(rng.choice(["文件", "", "办公室文件"]))
        sz = min(30, 150 / max(len(head), 1) / 0.3528 * 0.95)
        pg.text(A4W / 2, y - 8, head, sz, str(rng.choice(["wenkai_b", "zenhei", "droid"])), red, ha="center")
        y -= 20
        pg.text(A4W / 2, y, f"{unit[:2]}〔{int(rng.integers(2022, 2025))}〕{int(rng.integers(1, 60))}号", 12, font, ha="center")
        y -= 5
        if rng.random() < 0.5:
            pg.line(left, y, A4W / 2 - 5, y, 0.8, red)
            pg.line(A4W / 2 + 5, y, right, y, 0.8, red)
            pg.path(star_path(3.2).transformed(Affine2D().translate(A4W / 2, y)), red)
        else:
            pg.line(left, y, right, y, 0.9, red)
            if rng.random() < 0.5:
                pg.line(left, y - 1.3, right, y - 1.3, 0.3, red)
        y -= 14
        pg.anchor["redhead"] = True
    yr = int(rng.integers(2022, 2025))
    title = str(rng.choice(TITLES)).format(y=yr)
    tfont = str(rng.choice(TITLE_FONTS))
    if not first:
        tsz = 18 if len(title) < 22 else 15
        for ln in wrap(title, 24):
            pg.text(A4W / 2, y, ln, tsz, tfont, ha="center")
            y -= tsz * 0.3528 * 1.6
        y -= 4
        pg.text(left, y, "各有关单位：", 14, font)
        y -= 9
    size = float(rng.choice([12, 13, 14]))
    cw = size * 0.3528
    per = int((right - left) / cw)
    lh = cw * float(rng.uniform(1.55, 1.9))
    npara = int(rng.integers(2, 5)) if not first else 5
    body_top = y
    if want_table is None:
        want_table = sub == "red-table" or rng.random() < 0.2
    tbl_after = int(rng.integers(0, npara)) if want_table else -1
    for pi in range(npara):
        lines = wrap("\u3000\u3000" + seeds.para(rng, int(rng.integers(1, 4))), per)
        for ln in lines:
            if y < 60 and not first:
                break
            if y < 25:
                break
            pg.text(left, y, ln, size, font)
            y -= lh
        y -= lh * 0.2
        if pi == tbl_after and y > 110:
            tcolor = red if sub == "red-table" else (0, 0, 0)
            rows, cols = int(rng.integers(4, 7)), int(rng.integers(3, 6))
            rh = rng.uniform(7, 9)
            tw = right - left
            ty0 = y - 2
            for r in range(rows + 1):
                pg.line(left, ty0 - r * rh, right, ty0 - r * rh, 0.35 if r else 0.6, tcolor)
            for c in range(cols + 1):
                x = left + tw * c / cols
                pg.line(x, ty0, x, ty0 - rows * rh, 0.35, tcolor)
            heads = ["序号", "单位", "事项", "办件量", "评价数", "满意率", "备注"]
            for r in range(rows):
                for c in range(cols):
                    if r == 0:
                        s = heads[c % len(heads)]
                    elif c == 0:
                        s = str(r)
                    elif c == 1:
                        s = str(rng.choice(DEPTS))[:6]
                    else:
                        s = str(int(rng.integers(3, 999)))
                    pg.text(left + tw * (c + 0.5) / cols, ty0 - (r + 0.68) * rh, s, 10, font, ha="center")
            pg.anchor["table"] = (left, ty0 - rows * rh, right, ty0)
            y = ty0 - rows * rh - 8
    pg.anchor["body"] = (left, y, right, body_top)
    if first:
        return pg
    # signature block
    y = min(y - 10, 95.0)
    y = max(y, 45.0)
    ux = right - rng.uniform(0, 8)
    pg.text(ux, y, unit, 14, font, ha="right")
    date, _ = cn_date(rng)
    pg.text(ux - 4, y - 9, date, 14, font, ha="right")
    uw = len(unit) * 14 * 0.3528
    pg.anchor["sign"] = (ux - uw / 2, y - 3)
    pg.anchor["date_y"] = y - 9
    if rng.random() < 0.35:
        pg.text(left, y - 22, f"联系人：{person(rng)}    联系电话：0376-{int(rng.integers(1000000, 9999999))}", 11, font)
    pg.anchor["left"] = left
    pg.anchor["right"] = right
    pg.anchor["font"] = font
    return pg


def page_figure(pg, dpi=100, paper=True):
    fig = Figure(figsize=(A4W / 25.4, A4H / 25.4), dpi=dpi)
    fig.patch.set_facecolor("white")
    # PDF pages leave the paper unpainted so that marks can be put beneath the text
    fig.patch.set_visible(paper)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, A4W)
    ax.set_ylim(0, A4H)
    ax.axis("off")
    pg.draw(ax)
    return fig, ax


def fig_rgb(fig):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    a = np.asarray(canvas.buffer_rgba())[:, :, :3].astype(np.float32) / 255.0
    return a


# ---------------------------------------------------------------- ink rendering

def render_mask(mark, dpi):
    """Ink density (0..1) of a mark at dpi, a square array centred on the mark."""
    E = mark.extent + 1.5
    px = int(math.ceil(2 * E / 25.4 * dpi))
    E = px * 25.4 / dpi / 2
    fig = Figure(figsize=(2 * E / 25.4, 2 * E / 25.4), dpi=dpi)
    fig.patch.set_facecolor("white")
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(-E, E)
    ax.set_ylim(-E, E)
    ax.axis("off")
    for p, mode, lw in mark.placed():
        if mode == "fill":
            ax.add_patch(PathPatch(p, facecolor="black", edgecolor="none", lw=0))
        elif mode == "knock":
            ax.add_patch(PathPatch(p, facecolor="white", edgecolor="none", lw=0))
        else:
            ax.add_patch(PathPatch(p, facecolor="none", edgecolor="black", lw=lw * MM2PT,
                                   capstyle="round", joinstyle="round"))
    g = fig_rgb(fig)[:, :, 0]
    return 1.0 - g


def ink_texture(rng, mark, dens, dpi):
    ink = mark.ink
    h, w = dens.shape
    pxmm = dpi / 25.4
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    xx -= w / 2
    yy = h / 2 - yy
    f = np.full(dens.shape, ink["level"], np.float32)
    # uneven pressure: a ramp in a random direction
    a = rng.uniform(0, 2 * np.pi)
    ramp = (xx * math.cos(a) + yy * math.sin(a)) / (mark.extent * pxmm)
    f *= (1 - ink["pressure"] * (0.5 + 0.5 * np.clip(ramp, -1, 1))).astype(np.float32)
    if ink.get("partial"):
        pa = ink["partial"]
        ang = np.degrees(np.arctan2(yy, xx))
        d = np.abs((ang - pa["centre"] + 180) % 360 - 180)
        half = pa["width"] / 2
        s = np.clip((d - half) / 18.0, 0, 1)
        s = s * s * (3 - 2 * s)
        f *= (pa["low"] + (1 - pa["low"]) * s).astype(np.float32)
    if ink["grain"] > 0:
        sig = max(0.6, pxmm * 0.12)
        n = ndimage.gaussian_filter(rng.normal(0, 1, dens.shape).astype(np.float32), sig)
        n /= n.std() + 1e-6
        f *= np.clip(1 - ink["grain"] * 0.35 * np.maximum(n, 0) ** 1.5, 0.15, 1)
    for _ in range(ink.get("holes", 0)):
        cx, cy = rng.integers(0, w), rng.integers(0, h)
        r = max(1.0, pxmm * rng.uniform(0.1, 0.35))
        y0, y1 = int(max(0, cy - r - 1)), int(min(h, cy + r + 2))
        x0, x1 = int(max(0, cx - r - 1)), int(min(w, cx + r + 2))
        sub = (np.mgrid[y0:y1, x0:x1][0] - cy) ** 2 + (np.mgrid[y0:y1, x0:x1][1] - cx) ** 2 < r * r
        f[y0:y1, x0:x1][sub] *= 0.15
    out = dens * f
    if ink["bleed"] > 0:
        out = ndimage.gaussian_filter(out, ink["bleed"] * pxmm * 0.06 + 0.3)
        out = np.clip(out * 1.08, 0, 1)
    return out.astype(np.float32)


def apply_ink(rng, img, mark, dpi, xoff=0.0, yoff=0.0):
    """Multiply a mark onto an RGB page image at dpi (page origin bottom left)."""
    dens = ink_texture(rng, mark, render_mask(mark, dpi), dpi)
    H, W = img.shape[:2]
    h, w = dens.shape
    cxp = (mark.cx + xoff) / 25.4 * dpi
    cyp = H - (mark.cy + yoff) / 25.4 * dpi
    x0 = int(round(cxp - w / 2))
    y0 = int(round(cyp - h / 2))
    sx0, sy0 = max(0, -x0), max(0, -y0)
    ex, ey = min(w, W - x0), min(h, H - y0)
    if ex <= sx0 or ey <= sy0:
        return
    d = dens[sy0:ey, sx0:ex, None]
    c = np.array(mark.color, np.float32)[None, None, :]
    region = img[y0 + sy0:y0 + ey, x0 + sx0:x0 + ex]
    region *= 1 - d * (1 - c)


def mark_png(rng, mark, dpi):
    dens = ink_texture(rng, mark, render_mask(mark, dpi), dpi)
    rgba = np.zeros(dens.shape + (4,), np.uint8)
    rgba[..., :3] = (np.array(mark.color) * 255).astype(np.uint8)
    rgba[..., 3] = np.clip(dens * 255, 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buf, "PNG", optimize=False)
    return buf.getvalue(), dens.shape


def mark_jpeg(rng, mark, dpi, q):
    dens = ink_texture(rng, mark, render_mask(mark, dpi), dpi)
    paper = np.array([rng.uniform(0.95, 1), rng.uniform(0.94, 1), rng.uniform(0.9, 0.99)], np.float32)
    img = np.ones(dens.shape + (3,), np.float32) * paper
    img *= 1 - dens[..., None] * (1 - np.array(mark.color, np.float32))
    img += rng.normal(0, 0.012, img.shape).astype(np.float32)
    return jpeg_bytes(img, q), dens.shape


def to_u8(img):
    return (np.clip(img, 0, 1) * 255 + 0.5).astype(np.uint8)


def jpeg_bytes(img, q, exif=None):
    buf = io.BytesIO()
    kw = dict(quality=int(q), subsampling=2 if q < 85 else 0)
    if exif:
        kw["exif"] = exif
    Image.fromarray(to_u8(img)).save(buf, "JPEG", **kw)
    return buf.getvalue()


# ---------------------------------------------------------------- vector marks

def mpl_mark(ax, mark, sectors=None):
    """Draw a mark as vector PathPatches in page mm (matplotlib PDF)."""
    t = Affine2D().translate(mark.cx, mark.cy)
    lvl = mark.ink["level"]
    if sectors is None:
        sectors = [(None, None, 1.0)]
    for a0, a1, fac in sectors:
        clip = None
        if a0 is not None:
            clip = Wedge((mark.cx, mark.cy), mark.extent + 2, a0, a1, transform=ax.transData)
        for p, mode, lw in mark.placed():
            pp = p.transformed(t)
            if mode == "stroke":
                patch = PathPatch(pp, facecolor="none", edgecolor=mark.color, lw=lw * MM2PT,
                                  alpha=lvl * fac)
            else:
                col = "white" if mode == "knock" else mark.color
                patch = PathPatch(pp, facecolor=col, edgecolor="none", lw=0,
                                  alpha=(1.0 if mode == "knock" else lvl * fac))
            # under the page's text and rules, as ink under a laser print would look
            patch.set_zorder(0.5)
            ax.add_patch(patch)
            if clip is not None:
                patch.set_clip_path(clip)


def partial_sectors(pa, rot=0.0):
    c = pa["centre"]
    half = pa["width"] / 2
    out = [(c + half + 18, c - half - 18 + 360, 1.0)]
    steps = 4
    for k in range(steps):
        f = pa["low"] + (1 - pa["low"]) * (k + 0.5) / steps
        a = c + half + 18 * k / steps
        b = c + half + 18 * (k + 1) / steps
        out.append((a, b, f))
        out.append((2 * c - b, 2 * c - a, f))
    out.append((c - half, c + half, pa["low"]))
    return out


def cmyk_of(rgb, rng):
    r, g, b = rgb
    k = 1 - max(r, g, b)
    if k >= 1:
        return (0, 0, 0, 1)
    return ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k)


def fitz_mark(page, mark, color, opacity, under=False):
    """Draw a mark as PyMuPDF vector polygons (page in pt, y down)."""
    t = Affine2D().translate(mark.cx, mark.cy).scale(MM2PT, -MM2PT).translate(0, A4H * MM2PT)
    fills = []
    for p, mode, lw in mark.placed():
        pp = p.transformed(t)
        if mode == "stroke":
            sh = page.new_shape()
            for poly in pp.to_polygons(closed_only=False):
                sh.draw_polyline([fitz.Point(float(x), float(y)) for x, y in poly])
            sh.finish(color=color, width=lw * MM2PT, closePath=False, stroke_opacity=opacity,
                      lineCap=1, lineJoin=1)
            sh.commit(overlay=not under)
        else:
            fills.append((pp, mode))
    # fills one shape per mode group, nonzero winding
    # with under=True each commit goes beneath the earlier ones: paper-white knock-outs first
    for mode in (("knock", "fill") if under else ("fill", "knock")):
        polys = [pp for pp, m in fills if m == mode]
        if not polys:
            continue
        sh = page.new_shape()
        for pp in polys:
            for poly in pp.to_polygons(closed_only=True):
                if len(poly) > 2:
                    sh.draw_polyline([fitz.Point(float(x), float(y)) for x, y in poly])
        if mode == "fill":
            sh.finish(fill=color, color=None, even_odd=False, fill_opacity=opacity, closePath=True)
        else:
            sh.finish(fill=(1, 1, 1) if len(color) == 3 else (0, 0, 0, 0), color=None,
                      even_odd=False, closePath=True)
        sh.commit(overlay=not under)


# ---------------------------------------------------------------- composing a file

def place_marks(rng, seeds, pg, sub, seal, kind):
    """Choose the marks for a page and put them at page positions."""
    marks = []
    sign = pg.anchor.get("sign", (140, 70))
    main = None
    if seal:
        main = make_seal(rng, seeds, sub)
        if sub == "text-over":
            b = pg.anchor["body"]
            main.cx = rng.uniform(b[0] + 25, b[2] - 25)
            main.cy = rng.uniform(max(b[1], 80) + 10, max(b[3] - 15, max(b[1], 80) + 12))
        elif sub == "red-table" and "table" in pg.anchor:
            t = pg.anchor["table"]
            main.cx = rng.uniform(t[0] + 30, t[2] - 25)
            main.cy = (t[1] + t[3]) / 2 + rng.uniform(-8, 8)
        elif main.kind == "square":
            main.cx = sign[0] + rng.uniform(20, 35)
            main.cy = sign[1] + rng.uniform(12, 22)
        else:
            main.cx = sign[0] + rng.uniform(-10, 10)
            main.cy = sign[1] + rng.uniform(-8, 8)
        main.cx = float(np.clip(main.cx, 25, A4W - 25))
        main.cy = float(np.clip(main.cy, 25, A4H - 25))
        marks.append(main)
    else:
        maker = LOOKALIKE_MAKERS.get(sub)
        lk = maker(rng) if maker is not None else None
        if lk is not None:
            lk.color = ink_color(rng, str(rng.choice(["red", "red", "purple", "orange"])))
            lk.rot = float(rng.uniform(-20, 20)) if lk.kind != "badge" else float(rng.uniform(-5, 5))
            lk.ink.update(level=float(rng.uniform(0.65, 1.0)), grain=float(rng.uniform(0.1, 0.4)),
                          holes=int(rng.integers(0, 20)) if lk.kind not in ("hand-circle",) else 0)
            if lk.kind == "badge" and rng.random() < 0.35:
                lk.extent *= 1.0
                lk.cx, lk.cy = A4W / 2, A4H - 18
            elif lk.kind == "hand-circle" and rng.random() < 0.5:
                b = pg.anchor["body"]
                lk.cx = rng.uniform(b[0] + 20, b[2] - 20)
                lk.cy = rng.uniform(max(b[1], 90), max(b[3] - 10, 100))
            else:
                lk.cx = sign[0] + rng.uniform(-10, 10)
                lk.cy = sign[1] + rng.uniform(-8, 8)
            marks.append(lk)
        if sub == "circled-num":
            b = pg.anchor["body"]
            for k in range(int(rng.integers(2, 5))):
                c = make_circled(rng, k + 1)
                c.color = ink_color(rng, "red")
                c.cx = b[0] - rng.uniform(6, 12)
                c.cy = b[3] - 10 - k * rng.uniform(18, 30)
                c.ink["level"] = float(rng.uniform(0.75, 1))
                marks.append(c)
    if sub == "beside-stamp" and main is not None:
        st = make_rect_stamp(rng)
        st.color = ink_color(rng, str(rng.choice(["red", "purple", "red"])))
        st.rot = float(rng.uniform(-10, 10))
        side = str(rng.choice(["left", "above", "below", "touch"]))
        dx = {"left": -(main.extent + st.extent * 0.9), "above": 0, "below": 0,
              "touch": -(main.extent + st.extent * 0.55)}[side]
        dy = {"left": 0, "above": main.extent + 10, "below": -(main.extent + 10), "touch": 4}[side]
        st.cx = float(np.clip(main.cx + dx, st.extent, A4W - st.extent))
        st.cy = float(np.clip(main.cy + dy, 20, A4H - 20))
        st.info["side"] = side
        marks.append(st)
    if sub == "red-hand" or (not seal and sub not in ("red-hand",) and rng.random() < 0.12):
        hn = make_hand_note(rng)
        hn.color = ink_color(rng, "red")
        hn.rot = float(rng.uniform(-8, 6))
        hn.cx = rng.uniform(120, 150)
        hn.cy = A4H - rng.uniform(14, 20)
        if rng.random() < 0.5:
            b = pg.anchor["body"]
            hn.cx, hn.cy = rng.uniform(70, 110), max(b[1] - 5, 30)
        marks.append(hn)
    if rng.random() < 0.35 and sub != "red-hand":
        sg = make_signature(rng)
        sg.color = (0.05, 0.05, 0.08) if rng.random() < 0.7 else (0.1, 0.15, 0.55)
        sg.cx = sign[0] - rng.uniform(30, 55)
        sg.cy = sign[1] - rng.uniform(-2, 6)
        sg.ink["level"] = 0.9
        marks.insert(0, sg)
    return marks, main


def paper_effects(rng, img, dpi):
    H, W = img.shape[:2]
    tone = np.array([rng.uniform(0.95, 1.0), rng.uniform(0.94, 0.995), rng.uniform(0.88, 0.97)], np.float32)
    img *= tone
    low = ndimage.zoom(rng.normal(0, 1, (6, 5)).astype(np.float32), (H / 6, W / 5), order=1)[:H, :W]
    if low.shape != (H, W):
        low = np.pad(low, ((0, H - low.shape[0]), (0, W - low.shape[1])), mode="edge")
    img *= (1 - 0.025 * low)[..., None]
    return img


def rotate_img(img, deg, fill):
    H, W = img.shape[:2]
    a = math.radians(deg)
    c, s = math.cos(a), math.sin(a)
    m = np.array([[c, -s], [s, c]])
    ctr = np.array([H / 2, W / 2])
    off = ctr - m @ ctr
    out = np.empty_like(img)
    for k in range(3):
        out[..., k] = ndimage.affine_transform(img[..., k], m, offset=off, order=1, cval=float(fill[k]))
    return out


def raster_page(rng, pg, marks, dpi):
    fig, ax = page_figure(pg, dpi)
    img = fig_rgb(fig)
    for m in marks:
        apply_ink(rng, img, m, dpi)
    return img


def scan_effects(rng, img, dpi, meta):
    img = paper_effects(rng, img, dpi)
    rot = float(rng.uniform(-1.5, 1.5))
    if abs(rot) > 0.15:
        img = rotate_img(img, rot, img[5, 5])
    sig = float(rng.uniform(0.3, 0.9)) * dpi / 200
    img = ndimage.gaussian_filter(img, (sig, sig, 0))
    nz = float(rng.uniform(0.008, 0.025))
    img += rng.normal(0, nz, img.shape[:2]).astype(np.float32)[..., None]
    meta.update(rotation=round(rot, 2), blur=round(sig, 2), noise=round(nz, 3))
    return img


def make_scan(rng, seeds, idx, seal, sub, path, meta):
    unit = seeds.unit(rng)
    dpi = int(rng.choice([150, 150, 200, 200, 250, 300]))
    q = int(rng.integers(60, 91))
    two = rng.random() < 0.25
    pages = []
    if two:
        pages.append((build_page(rng, seeds, sub, unit, first=False, want_table=False), []))
        pg = build_page(rng, seeds, sub, unit, first=False)
    else:
        pg = build_page(rng, seeds, sub, unit)
    marks, main = place_marks(rng, seeds, pg, sub, seal, "scan")
    pages.append((pg, marks))
    doc = fitz.open()
    for k, (p, mk) in enumerate(pages):
        if k == 0 and two:
            p.ops = [o for o in p.ops if not (o[0] == "text" and o[3] == unit)]
        img = raster_page(rng, p, mk, dpi)
        img = scan_effects(rng, img, dpi, meta)
        data = jpeg_bytes(img, q)
        page = doc.new_page(width=A4W * MM2PT, height=A4H * MM2PT)
        page.insert_image(page.rect, stream=data)
    doc.save(path, garbage=3, deflate=True, no_new_id=True)
    meta.update(dpi=dpi, jpeg_q=q, pages=len(pages), seal_page=len(pages) if seal else None)
    return marks


def make_vector(rng, seeds, idx, seal, sub, path, meta):
    unit = seeds.unit(rng)
    pg = build_page(rng, seeds, sub, unit)
    marks, main = place_marks(rng, seeds, pg, sub, seal, "vector")
    use_fitz = sub != "partial" and rng.random() < 0.35
    fig, ax = page_figure(pg, 72, paper=False)
    if not use_fitz:
        for m in marks:
            if m.ink.get("partial"):
                mpl_mark(ax, m, partial_sectors(m.ink["partial"]))
            else:
                mpl_mark(ax, m)
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf", metadata={"CreationDate": None, "Producer": None, "Creator": None})
    doc = fitz.open("pdf", buf.getvalue())
    if use_fitz:
        page = doc[0]
        cmyk = rng.random() < 0.6
        under = rng.random() < 0.6
        meta["under_text"] = under
        for m in marks:
            col = cmyk_of(m.color, rng) if cmyk else tuple(m.color)
            fitz_mark(page, m, col, m.ink["level"], under=under)
        meta["colour_space"] = "cmyk" if cmyk else "rgb"
    else:
        meta["colour_space"] = "rgb"
    out = fitz.open()
    if rng.random() < 0.15:
        pg0 = build_page(rng, seeds, "plain", unit, want_table=False, red_head=False, first=True)
        f0, _ = page_figure(pg0, 72, paper=False)
        b0 = io.BytesIO()
        f0.savefig(b0, format="pdf", metadata={"CreationDate": None})
        out.insert_pdf(fitz.open("pdf", b0.getvalue()))
        meta["pages"] = 2
    out.insert_pdf(doc)
    out.save(path, garbage=3, deflate=True, no_new_id=True)
    meta["drawn_by"] = "pymupdf" if use_fitz else "matplotlib-pdf"
    return marks


def make_pasted(rng, seeds, idx, seal, sub, path, meta):
    unit = seeds.unit(rng)
    pg = build_page(rng, seeds, sub, unit)
    marks, main = place_marks(rng, seeds, pg, sub, seal, "pasted")
    fig, ax = page_figure(pg, 72, paper=False)
    buf = io.BytesIO()
    fig.savefig(buf, format="pdf", metadata={"CreationDate": None})
    doc = fitz.open("pdf", buf.getvalue())
    page = doc[0]
    pics = []
    for m in marks:
        dpi = int(rng.choice([150, 200, 300, 400]))
        as_jpeg = m.role in ("seal", "lookalike") and rng.random() < 0.25
        if as_jpeg:
            data, shp = mark_jpeg(rng, m, dpi, int(rng.integers(65, 93)))
        else:
            data, shp = mark_png(rng, m, dpi)
        wmm = shp[1] / dpi * 25.4
        hmm = shp[0] / dpi * 25.4
        x0 = (m.cx - wmm / 2) * MM2PT
        y0 = (A4H - m.cy - hmm / 2) * MM2PT
        page.insert_image(fitz.Rect(x0, y0, x0 + wmm * MM2PT, y0 + hmm * MM2PT), stream=data)
        pics.append(dict(type=m.kind, dpi=dpi, fmt="jpeg" if as_jpeg else "png"))
    doc.save(path, garbage=3, deflate=True, no_new_id=True)
    meta["pictures"] = pics
    return marks


def homography(src, dst):
    A = []
    b = []
    for (x, y), (u, v) in zip(src, dst):
        A.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        A.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    h = np.linalg.solve(np.array(A, float), np.array(b, float))
    return np.append(h, 1).reshape(3, 3)


def make_photo(rng, seeds, idx, seal, sub, path, meta):
    unit = seeds.unit(rng)
    pg = build_page(rng, seeds, sub, unit)
    marks, main = place_marks(rng, seeds, pg, sub, seal, "photo")
    long_side = int(rng.choice([2134, 2400, 2592, 3000, 3264, 4000], p=[.3, .22, .16, .12, .12, .08]))
    portrait = rng.random() < 0.75
    OW, OH = (int(long_side * 0.75), long_side) if portrait else (long_side, int(long_side * 0.75))
    fill = rng.uniform(0.68, 0.92)
    pdpi = OH * fill / (A4H / 25.4) if portrait else OH * fill / (A4H / 25.4) * 1.0
    pdpi = float(np.clip(pdpi, 90, 300))
    img = raster_page(rng, pg, marks, pdpi)
    tint = np.array([rng.uniform(0.96, 1), rng.uniform(0.95, 1), rng.uniform(0.9, 0.98)], np.float32)
    img *= tint
    ph, pw = img.shape[:2]
    # page corners in the photo
    cx, cy = OW / 2 + rng.uniform(-0.05, 0.05) * OW, OH / 2 + rng.uniform(-0.04, 0.04) * OH
    rot = math.radians(rng.uniform(-8, 8)) + (math.pi / 2 if not portrait and rng.random() < 0.3 else 0)
    sc = 1.0
    corners = []
    for (u, v) in [(-pw / 2, -ph / 2), (pw / 2, -ph / 2), (pw / 2, ph / 2), (-pw / 2, ph / 2)]:
        x = cx + sc * (u * math.cos(rot) - v * math.sin(rot))
        y = cy + sc * (u * math.sin(rot) + v * math.cos(rot))
        x += rng.uniform(-0.06, 0.06) * pw
        y += rng.uniform(-0.05, 0.05) * ph
        corners.append((x, y))
    # perspective: narrow the far edge
    k = rng.uniform(0, 0.08)
    corners[0] = (corners[0][0] + k * pw, corners[0][1])
    corners[1] = (corners[1][0] - k * pw, corners[1][1])
    Hm = homography(corners, [(0, 0), (pw, 0), (pw, ph), (0, ph)])
    yy, xx = np.mgrid[0:OH, 0:OW].astype(np.float32)
    den = Hm[2, 0] * xx + Hm[2, 1] * yy + Hm[2, 2]
    u = (Hm[0, 0] * xx + Hm[0, 1] * yy + Hm[0, 2]) / den
    v = (Hm[1, 0] * xx + Hm[1, 1] * yy + Hm[1, 2]) / den
    inside = (u >= 0) & (u <= pw - 1) & (v >= 0) & (v <= ph - 1)
    desk_kind = str(rng.choice(["wood", "grey", "white", "dark"]))
    base = {"wood": (0.55, 0.38, 0.22), "grey": (0.5, 0.5, 0.52), "white": (0.85, 0.85, 0.83),
            "dark": (0.18, 0.17, 0.17)}[desk_kind]
    out = np.empty((OH, OW, 3), np.float32)
    grain = ndimage.gaussian_filter(rng.normal(0, 1, (OH // 8 + 1, OW // 8 + 1)).astype(np.float32), (0.6, 6))
    grain = ndimage.zoom(grain, 8, order=1)[:OH, :OW]
    for c in range(3):
        ch = ndimage.map_coordinates(img[..., c], [v, u], order=1, mode="nearest")
        d = base[c] * (1 + (0.12 if desk_kind == "wood" else 0.03) * grain)
        out[..., c] = np.where(inside, ch, d)
    del u, v, den
    # soften the page edge a touch
    # lighting: gradient + vignette + glare
    a = rng.uniform(0, 2 * np.pi)
    g = ((xx - OW / 2) * math.cos(a) + (yy - OH / 2) * math.sin(a)) / max(OW, OH)
    light = 1 - rng.uniform(0.08, 0.3) * (g + 0.5)
    r2 = ((xx - OW / 2) / OW) ** 2 + ((yy - OH / 2) / OH) ** 2
    light *= 1 - rng.uniform(0.15, 0.45) * r2 * 2
    out *= light[..., None]
    glare = rng.random() < 0.3
    if glare:
        if main is not None and rng.random() < 0.5:
            gx, gy = OW / 2, OH / 2
        else:
            gx, gy = rng.uniform(0.2, 0.8) * OW, rng.uniform(0.2, 0.8) * OH
        gs = rng.uniform(0.05, 0.15) * OW
        out += (rng.uniform(0.15, 0.35) * np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * gs * gs)))[..., None]
    del xx, yy, g, r2, light
    cast = np.array([rng.uniform(0.9, 1.08), rng.uniform(0.95, 1.03), rng.uniform(0.82, 1.06)], np.float32)
    out *= cast
    sig = float(rng.uniform(0.5, 1.6)) * long_side / 2400
    out = ndimage.gaussian_filter(out, (sig, sig, 0))
    nz = float(rng.uniform(0.01, 0.03))
    out += rng.normal(0, nz, (OH, OW, 1)).astype(np.float32)
    out = np.clip(out, 0, 1) ** float(rng.uniform(0.85, 1.1))
    q = int(rng.integers(60, 91))
    makers = [("Xiaomi", "Redmi Note 12"), ("HUAWEI", "P40"), ("Apple", "iPhone 13"),
              ("OPPO", "Reno8"), ("vivo", "X80"), ("samsung", "SM-G9910")]
    mk, md = makers[int(rng.integers(0, len(makers)))]
    y, mo, d = int(rng.integers(2022, 2025)), int(rng.integers(1, 13)), int(rng.integers(1, 29))
    ts = f"{y}:{mo:02d}:{d:02d} {int(rng.integers(8, 19)):02d}:{int(rng.integers(0, 60)):02d}:{int(rng.integers(0, 60)):02d}"
    iso = int(rng.choice([100, 160, 200, 320, 400, 640]))
    exif = {"0th": {piexif.ImageIFD.Make: mk.encode(), piexif.ImageIFD.Model: md.encode(),
                    piexif.ImageIFD.DateTime: ts.encode(), piexif.ImageIFD.Software: b"camera"},
            "Exif": {piexif.ExifIFD.DateTimeOriginal: ts.encode(),
                     piexif.ExifIFD.ExposureTime: (1, int(rng.choice([30, 50, 60, 100, 125]))),
                     piexif.ExifIFD.ISOSpeedRatings: iso,
                     piexif.ExifIFD.FNumber: (int(rng.choice([16, 18, 22])), 10),
                     piexif.ExifIFD.FocalLength: (int(rng.integers(40, 70)), 10)}}
    data = jpeg_bytes(out, q, piexif.dump(exif))
    open(path, "wb").write(data)
    meta.update(size=[OW, OH], page_dpi=round(pdpi, 1), blur=round(sig, 2), noise=round(nz, 3),
                desk=desk_kind, glare=glare, cast=[round(float(c), 3) for c in cast], jpeg_q=q,
                camera=f"{mk} {md}", rotation=round(math.degrees(rot), 1))
    return marks


def make_screenshot(rng, seeds, idx, seal, sub, path, meta):
    unit = seeds.unit(rng)
    pg = build_page(rng, seeds, sub, unit)
    marks, main = place_marks(rng, seeds, pg, sub, seal, "screenshot")
    W, H = [(1280, 800), (1366, 768), (1440, 900), (1600, 900), (1920, 1080), (1280, 720)][int(rng.integers(0, 6))]
    dark = rng.random() < 0.3
    small = rng.random() < 0.4
    target = marks[-1] if marks else None
    focus = main or (next((m for m in marks if m.role == "lookalike"), None))
    side = int(rng.choice([0, 0, 180, 220]))
    top = 34 + 44
    bottom = 26
    vw, vh = W - side - 24, H - top - bottom
    if small:
        ext = focus.extent * 2 if focus else 42
        spx = rng.uniform(50, 80)
        dpi = spx / (ext / 25.4)
    else:
        dpi = 96 * float(rng.uniform(0.8, 1.5))
    img = raster_page(rng, pg, marks, dpi)
    ph, pw = img.shape[:2]
    if focus is not None:
        fx, fy = focus.cx / 25.4 * dpi, ph - focus.cy / 25.4 * dpi
    else:
        fx, fy = pw / 2, ph - 70 / 25.4 * dpi
    x0 = int(np.clip(fx - vw / 2 + rng.uniform(-0.2, 0.2) * vw, 0, max(0, pw - vw)))
    y0 = int(np.clip(fy - vh / 2 + rng.uniform(-0.2, 0.2) * vh, 0, max(0, ph - vh)))
    crop = img[y0:y0 + vh, x0:x0 + vw]
    fig = Figure(figsize=(W / 100, H / 100), dpi=100)
    bg = (0.17, 0.18, 0.2) if dark else (0.93, 0.94, 0.95)
    fg = (0.9, 0.9, 0.9) if dark else (0.15, 0.15, 0.15)
    fig.patch.set_facecolor(bg)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(0, W)
    ax.set_ylim(H, 0)
    ax.axis("off")
    ui = fp("zenhei")
    ax.add_patch(Rectangle((0, 0), W, 34, color=(0.1, 0.1, 0.12) if dark else (0.85, 0.86, 0.88)))
    ax.text(12, 22, str(rng.choice(["文档查看器", "政务服务平台 - 材料审核", "PDF 阅读器", "公文流转系统"])) + f" - {unit[:10]}.pdf",
            fontproperties=ui, fontsize=10, color=fg)
    for k, colr in enumerate([(0.9, 0.25, 0.2), (0.95, 0.7, 0.1), (0.2, 0.75, 0.3)]):
        ax.add_patch(Circle((W - 20 - k * 22, 17), 6, color=colr if rng.random() < 0.6 or k == 0 else fg))
    ax.add_patch(Rectangle((0, 34), W, 44, color=(0.22, 0.23, 0.25) if dark else (0.98, 0.98, 0.98)))
    bx = 12
    for lab in ["文件", "编辑", "视图", "批注", "帮助"]:
        ax.text(bx, 61, lab, fontproperties=ui, fontsize=10, color=fg)
        bx += 48
    # red buttons
    for lab in ["退回", "驳回", "删除", "提交"][: int(rng.integers(1, 3))]:
        ax.add_patch(FancyBboxPatch((bx + 20, 44), 56, 24, boxstyle="round,pad=0,rounding_size=4",
                                    color=(0.86, 0.15, 0.15)))
        ax.text(bx + 48, 60, lab, fontproperties=ui, fontsize=10, color="white", ha="center")
        bx += 70
    # notification badges
    icons = []
    nb = int(rng.integers(1, 4))
    for k in range(nb):
        x = W - 60 - k * 50
        ax.add_patch(Circle((x, 56), 10, color=fg, alpha=0.35))
        ax.add_patch(Circle((x + 8, 48), 7, color=(0.93, 0.2, 0.18)))
        ax.text(x + 8, 51.5, str(int(rng.integers(1, 99))), fontsize=7, color="white", ha="center",
                fontproperties=ui)
    if sub == "ui-icon":
        for k in range(int(rng.integers(3, 7))):
            x = 220 + bx + k * 36 if bx + 300 < W - 220 else 40 + k * 36
            r = float(rng.uniform(9, 14))
            ax.add_patch(Circle((x, 56), r, color=(0.88, 0.16, 0.16)))
            sym = str(rng.choice(["!", "+", "×", "✓", "i", "?"]))
            ax.text(x, 56 + r * 0.4, sym, fontsize=r * 0.9, color="white", ha="center",
                    fontproperties=fp("dejavu_b"))
            icons.append(sym)
    if side:
        ax.add_patch(Rectangle((0, top), side, H - top, color=(0.2, 0.21, 0.23) if dark else (0.97, 0.97, 0.98)))
        for k in range(int((H - top - bottom) / 36)):
            ax.text(16, top + 26 + k * 36, f"{seeds.unit(rng)[-6:]}-{k + 1}", fontproperties=ui, fontsize=9, color=fg)
            if rng.random() < 0.3:
                ax.add_patch(Circle((side - 22, top + 21 + k * 36), 8, color=(0.93, 0.2, 0.18)))
                ax.text(side - 22, top + 25 + k * 36, str(int(rng.integers(1, 20))), fontsize=7,
                        color="white", ha="center", fontproperties=ui)
    ax.add_patch(Rectangle((side, top), W - side, vh, color=(0.35, 0.36, 0.38) if dark else (0.8, 0.81, 0.83)))
    ch, cw = crop.shape[:2]
    ox = side + 12 + max(0, (vw - cw) // 2)
    ax.imshow(to_u8(crop), extent=(ox, ox + cw, top + ch, top), interpolation="nearest",
              zorder=1.5, aspect="auto")
    ax.set_xlim(0, W)
    ax.set_ylim(H, 0)
    ax.add_patch(Rectangle((0, H - bottom), W, bottom, color=(0.12, 0.12, 0.14) if dark else (0.9, 0.9, 0.91),
                           zorder=2))
    ax.text(12, H - 8, f"第 1 页，共 1 页    {int(dpi / 96 * 100)}%", fontproperties=ui, fontsize=9, color=fg)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    arr = np.asarray(canvas.buffer_rgba())[:, :, :3]
    Image.fromarray(arr.copy()).save(path, "PNG")
    meta.update(window=[W, H], zoom_dpi=round(dpi, 1), small=small, dark=dark, icons=icons,
                seal_px=round(main.extent * 2 / 25.4 * dpi) if main else None)
    return marks


MAKERS = {"scan": (make_scan, "pdf"), "vector": (make_vector, "pdf"), "pasted": (make_pasted, "pdf"),
          "photo": (make_photo, "jpg"), "screenshot": (make_screenshot, "png")}


def plan(idx):
    kind = KINDS[idx % 5]
    seal = (idx // 5) % 2 == 0
    j = idx // 10
    k = idx % 5
    if seal:
        sub = SEAL_SUBS[(j + 3 * k) % len(SEAL_SUBS)]
    else:
        sub = NOSEAL_SUBS[(j + 5 * k) % len(NOSEAL_SUBS)]
        if sub == "ui-icon" and kind != "screenshot":
            sub = "badge" if j % 2 else "rect-stamp"
        if kind == "screenshot" and j % 4 == 3:
            sub = "ui-icon"
    return kind, seal, sub


_SEEDS = None


def work(args):
    idx, out, seeds_dir = args
    global _SEEDS
    if _SEEDS is None:
        _SEEDS = Seeds(seeds_dir)
    kind, seal, sub = plan(idx)
    rng = np.random.default_rng(50000 + idx)
    fn, ext = MAKERS[kind]
    name = f"j{idx:04d}_{kind}.{ext}"
    meta = dict(file=name, index=idx, kind=kind, seal=int(seal), sub=sub, seed=50000 + idx)
    plt.close("all")
    marks = fn(rng, _SEEDS, idx, seal, sub, os.path.join(out, name), meta)
    meta["marks"] = [m.meta() for m in marks]
    return name, kind, int(seal), sub, meta


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", type=int, nargs="*")
    ap.add_argument("--seeds", default=os.environ.get("SEAL_SEEDS", ""),
                    help="folder of the source documents (*.txt); body text and unit names come from them")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    idxs = a.only if a.only else list(range(a.start, a.start + a.n))
    tasks = [(i, a.out, a.seeds) for i in idxs]
    res = []
    if a.jobs > 1:
        with Pool(a.jobs, maxtasksperchild=25) as pool:
            for r in pool.imap_unordered(work, tasks):
                res.append(r)
                print(r[0], r[3], flush=True)
    else:
        for t in tasks:
            r = work(t)
            res.append(r)
            print(r[0], r[3], flush=True)
    lab_path = os.path.join(a.out, "labels.csv")
    meta_path = os.path.join(a.out, "meta.jsonl")
    rows, metas = {}, {}
    if os.path.exists(lab_path):
        for r in csv.DictReader(open(lab_path, encoding="utf-8")):
            rows[r["file"]] = r
    if os.path.exists(meta_path):
        for line in open(meta_path, encoding="utf-8"):
            if line.strip():
                d = json.loads(line)
                metas[d["file"]] = d
    for name, kind, seal, sub, meta in res:
        rows[name] = dict(file=name, kind=kind, seal=seal, sub=sub)
        metas[name] = meta
    with open(lab_path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=["file", "kind", "seal", "sub"])
        w.writeheader()
        for k in sorted(rows):
            w.writerow(rows[k])
    with open(meta_path, "w", encoding="utf-8") as f:
        for k in sorted(metas):
            f.write(json.dumps(metas[k], ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
