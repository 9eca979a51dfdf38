#!/usr/bin/env python3
"""Fifth evaluation set for the seal detector (family f, seeds 12000 + i).

Written without reading the other generators, the detector's synthesiser or the
detector. Never tune on it. Toolchain: reportlab draws every page and every mark
(seal glyphs are TrueType outlines read with fontTools from the AR PL UMing/UKai and
WenQuanYi fonts, placed one by one along the ring), mupdf's `mutool draw`
rasterises, numpy gives raster marks uneven ink, OpenCV makes scans, photos and
JPEGs. See README.md in this folder.
"""

import argparse
import json
import math
import os
import random
import re
import subprocess
import tempfile

import cv2
import numpy as np
from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTCollection
from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas

MM = 72.0 / 25.4
A4 = (210 * MM, 297 * MM)
FONT_FILES = {
    "ming": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    "kai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    "hei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
}
RL_NAMES = {"ming": "FMing", "kai": "FKai", "hei": "FHei"}

# ---------------------------------------------------------------- fonts / glyphs


def register_fonts():
    for key, (path, idx) in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(RL_NAMES[key], path, subfontIndex=idx))


_FT = {}


def ft_font(key):
    if key not in _FT:
        path, idx = FONT_FILES[key]
        f = TTCollection(path).fonts[idx]
        _FT[key] = (f, f.getGlyphSet(), f.getBestCmap(), f["head"].unitsPerEm)
    return _FT[key]


class PathPen(BasePen):
    """Sends a glyph outline, through an affine map, into a reportlab path."""

    def __init__(self, glyphset, path, m):
        super().__init__(glyphset)
        self.p, self.m = path, m
        self.cur = (0, 0)

    def _t(self, pt):
        a, b, c, d, e, f = self.m
        return (a * pt[0] + c * pt[1] + e, b * pt[0] + d * pt[1] + f)

    def _moveTo(self, pt):
        self.p.moveTo(*self._t(pt))
        self.cur = pt

    def _lineTo(self, pt):
        self.p.lineTo(*self._t(pt))
        self.cur = pt

    def _curveToOne(self, p1, p2, p3):
        self.p.curveTo(*self._t(p1), *self._t(p2), *self._t(p3))
        self.cur = p3

    def _qCurveToOne(self, p1, p2):
        p0 = self.cur
        c1 = (p0[0] + 2 / 3 * (p1[0] - p0[0]), p0[1] + 2 / 3 * (p1[1] - p0[1]))
        c2 = (p2[0] + 2 / 3 * (p1[0] - p2[0]), p2[1] + 2 / 3 * (p1[1] - p2[1]))
        self._curveToOne(c1, c2, p2)

    def _closePath(self):
        self.p.close()


def glyph(c, key, ch, x, y, size, theta, xscale=1.0, path=None):
    """Adds glyph `ch` centred at (x, y), em `size` pt, its up direction turned
    by `theta` radians from +y, to `path` (or fills it at once)."""
    f, gs, cmap, upm = ft_font(key)
    name = cmap.get(ord(ch))
    if name is None:
        return
    adv = gs[name].width
    s = size / upm
    ct, st = math.cos(theta), math.sin(theta)
    # local glyph coords -> centred, scaled -> rotated -> translated
    ox, oy = -adv / 2.0, -0.38 * upm
    a, b = s * xscale * ct, s * xscale * st
    cc, d = -s * st, s * ct
    e = x + a * ox + cc * oy
    f_ = y + b * ox + d * oy
    own = path is None
    if own:
        path = c.beginPath()
    gs[name].draw(PathPen(gs, path, (a, b, cc, d, e, f_)))
    if own:
        c.drawPath(path, stroke=0, fill=1, fillMode=rl_canvas.FILL_NON_ZERO)


def star(c, x, y, r, rot=0.0):
    p = c.beginPath()
    for k in range(10):
        rr = r if k % 2 == 0 else r * 0.382
        a = math.pi / 2 + rot + k * math.pi / 5
        px, py = x + rr * math.cos(a), y + rr * math.sin(a)
        p.moveTo(px, py) if k == 0 else p.lineTo(px, py)
    p.close()
    c.drawPath(p, stroke=0, fill=1, fillMode=rl_canvas.FILL_NON_ZERO)


def arc_text(c, key, text, r, size, mid_deg, span_deg, xscale, outward=True):
    """Glyphs along a circle of radius r (to glyph centres). outward: tops point
    away from the centre (upper arc, read clockwise); else toward it (lower arc)."""
    n = len(text)
    path = c.beginPath()
    for k, ch in enumerate(text):
        t = 0.5 if n == 1 else k / (n - 1)
        if outward:
            phi = math.radians(mid_deg + span_deg / 2 - t * span_deg)
            theta = phi - math.pi / 2
        else:
            phi = math.radians(mid_deg - span_deg / 2 + t * span_deg)
            theta = phi + math.pi / 2
        glyph(c, key, ch, r * math.cos(phi), r * math.sin(phi), size, theta, xscale, path)
    c.drawPath(path, stroke=0, fill=1, fillMode=rl_canvas.FILL_NON_ZERO)


def line_text(c, key, text, x, y, size, xscale=1.0, spacing=1.0):
    n = len(text)
    path = c.beginPath()
    w = size * xscale * spacing
    for k, ch in enumerate(text):
        glyph(c, key, ch, x + (k - (n - 1) / 2) * w, y, size, 0.0, xscale, path)
    c.drawPath(path, stroke=0, fill=1, fillMode=rl_canvas.FILL_NON_ZERO)


# ---------------------------------------------------------------- marks
# Each mark draws itself centred at the origin in points with the current colour.


def mark_round(c, p):
    R = p["d_mm"] / 2 * MM
    w = p["ring_mm"] * MM
    c.setLineWidth(w)
    c.circle(0, 0, R - w / 2, stroke=1, fill=0)
    inner = R - w
    if p.get("double"):
        c.setLineWidth(0.35 * MM)
        inner = R - w - 0.9 * MM
        c.circle(0, 0, inner - 0.175 * MM, stroke=1, fill=0)
        inner -= 0.35 * MM
    size = p["glyph_mm"] * MM
    arc_text(c, p["font"], p["text"], inner - 0.6 * MM - size * 0.5, size, 90, p["span"], p["xscale"])
    if p.get("star", True):
        star(c, 0, 0 if not p.get("code") else R * 0.04, R * p["star_frac"])
    if p.get("bottom"):
        bs = p["bottom_mm"] * MM
        line_text(c, p["font"], p["bottom"], 0, -R * 0.52, bs, p["xscale"])
    if p.get("code"):
        cs = 2.0 * MM
        arc_text(c, "hei", p["code"], inner - 0.5 * MM - cs * 0.5, cs, 270, 62, 0.6, outward=False)


def mark_oval(c, p):
    rx, ry = p["w_mm"] / 2 * MM, p["h_mm"] / 2 * MM
    w = p["ring_mm"] * MM
    c.setLineWidth(w)
    c.ellipse(-rx + w / 2, -ry + w / 2, rx - w / 2, ry - w / 2, stroke=1, fill=0)
    size = p["glyph_mm"] * MM
    ax, ay = rx - w - 0.6 * MM - size / 2, ry - w - 0.6 * MM - size / 2
    text = p["text"]
    n = len(text)
    span = math.radians(p["span"])
    path = c.beginPath()
    for k, ch in enumerate(text):
        t = math.pi / 2 + span / 2 - (k / max(1, n - 1)) * span
        x, y = ax * math.cos(t), ay * math.sin(t)
        nx, ny = math.cos(t) / ax, math.sin(t) / ay
        theta = math.atan2(ny, nx) - math.pi / 2
        glyph(c, p["font"], ch, x, y, size, theta, p["xscale"], path)
    c.drawPath(path, stroke=0, fill=1, fillMode=rl_canvas.FILL_NON_ZERO)
    line_text(c, p["font"], p["middle"], 0, -ry * 0.12, p["middle_mm"] * MM, 0.8)
    if p.get("code"):
        line_text(c, "hei", p["code"], 0, -ry * 0.62, 2.2 * MM, 0.55)
    if p.get("star"):
        star(c, 0, ry * 0.28, ry * 0.16)


def mark_square(c, p):
    s = p["side_mm"] * MM
    w = p["ring_mm"] * MM
    c.setLineWidth(w)
    c.rect(-s / 2 + w / 2, -s / 2 + w / 2, s - w, s - w, stroke=1, fill=0)
    g = (s - 2 * w) * 0.46
    t = p["text"]  # 4 chars, read in columns right to left
    pos = [(s * 0.22, s * 0.21), (s * 0.22, -s * 0.21), (-s * 0.22, s * 0.21), (-s * 0.22, -s * 0.21)]
    path = c.beginPath()
    for ch, (x, y) in zip(t, pos):
        glyph(c, p["font"], ch, x, y, g, 0.0, 0.95, path)
    c.drawPath(path, stroke=0, fill=1, fillMode=rl_canvas.FILL_NON_ZERO)


def mark_badge(c, p):
    R = p["d_mm"] / 2 * MM
    c.setLineWidth(p["ring_mm"] * MM)
    c.circle(0, 0, R - p["ring_mm"] * MM / 2, stroke=1, fill=0)
    if p.get("inner"):
        c.setLineWidth(0.4 * MM)
        c.circle(0, 0, R * 0.78, stroke=1, fill=0)
    star(c, 0, 0, R * p["star_frac"])
    style = p["style"]
    if style == "rays":
        c.setLineWidth(0.45 * MM)
        for k in range(p["n"]):
            a = 2 * math.pi * k / p["n"]
            c.line(R * 0.45 * math.cos(a), R * 0.45 * math.sin(a), R * 0.72 * math.cos(a), R * 0.72 * math.sin(a))
    elif style == "dots":
        for k in range(p["n"]):
            a = 2 * math.pi * k / p["n"]
            c.circle(R * 0.72 * math.cos(a), R * 0.72 * math.sin(a), R * 0.05, stroke=0, fill=1)
    else:  # wheat: leaves along both lower sides
        for side in (-1, 1):
            for k in range(9):
                a = math.radians(200 + k * 14) if side < 0 else math.radians(340 - k * 14)
                x, y = R * 0.7 * math.cos(a), R * 0.7 * math.sin(a)
                c.saveState()
                c.translate(x, y)
                c.rotate(math.degrees(a) + 90 * side * 0.3)
                c.ellipse(-R * 0.05, -R * 0.11, R * 0.05, R * 0.11, stroke=0, fill=1)
                c.restoreState()


def mark_logo(c, p):
    R = p["d_mm"] / 2 * MM
    c.setLineWidth(p["ring_mm"] * MM)
    c.setLineCap(1)
    for k, (a0, ext) in enumerate(p["arcs"]):
        r = R * (1 - 0.22 * k)
        c.arc(-r, -r, r, r, startAng=a0, extent=ext)
    if p.get("letter"):
        line_text(c, "hei", p["letter"], 0, 0, R * 0.9, 1.0)
    else:
        star(c, 0, 0, R * 0.35)


def mark_rect(c, p):
    w, h = p["w_mm"] * MM, p["h_mm"] * MM
    c.setLineWidth(p["ring_mm"] * MM)
    c.roundRect(-w / 2, -h / 2, w, h, p["radius_mm"] * MM, stroke=1, fill=0)
    if p.get("inner"):
        c.setLineWidth(0.3 * MM)
        c.rect(-w / 2 + 1 * MM, -h / 2 + 1 * MM, w - 2 * MM, h - 2 * MM, stroke=1, fill=0)
    t = p["text"]
    if re.match(r"^[A-Z]", t):
        c.setFont("Helvetica-Bold", h * 0.42)
        c.drawCentredString(0, -h * 0.15 if not p.get("date") else h * 0.02, t)
    else:
        size = min(h * 0.42, w * 0.85 / len(t))
        line_text(c, p["font"], t, 0, h * 0.12 if p.get("date") else 0, size, 0.9)
    if p.get("date"):
        c.setFont("Helvetica", h * 0.2)
        c.drawCentredString(0, -h * 0.36, p["date"])


def mark_date(c, p):
    R = p["d_mm"] / 2 * MM
    c.setLineWidth(p["ring_mm"] * MM)
    c.circle(0, 0, R, stroke=1, fill=0)
    c.setLineWidth(0.4 * MM)
    c.line(-R * 0.85, R * 0.22, R * 0.85, R * 0.22)
    c.line(-R * 0.85, -R * 0.22, R * 0.85, -R * 0.22)
    c.setFont("Helvetica-Bold", R * 0.3)
    c.drawCentredString(0, -R * 0.1, p["date"])
    if p.get("top"):
        c.setFont("Helvetica", R * 0.25)
        c.drawCentredString(0, R * 0.45, p["top"])
        c.drawCentredString(0, -R * 0.65, p["bottom"])


def mark_circled(c, p):
    R = p["d_mm"] / 2 * MM
    c.setLineWidth(p["ring_mm"] * MM)
    c.circle(0, 0, R, stroke=1, fill=0)
    c.setFont("Helvetica-Bold", R * 1.2)
    c.drawCentredString(0, -R * 0.42, p["num"])


def mark_pen(c, p):
    """Seal-sized red pen loop(s), optional note inside."""
    rnd = random.Random(p["seed"])
    R = p["d_mm"] / 2 * MM
    c.setLineWidth(p["pen_mm"] * MM)
    c.setLineCap(1)
    c.setLineJoin(1)
    pth = c.beginPath()
    turns = p["turns"]
    n = int(60 * turns)
    a0 = rnd.uniform(0, 6.28)
    ph = [rnd.uniform(0, 6.28) for _ in range(3)]
    for k in range(n + 1):
        a = a0 + 2 * math.pi * turns * k / n
        r = R * (1 + 0.05 * math.sin(3 * a + ph[0]) + 0.03 * math.sin(5 * a + ph[1]) + 0.04 * k / n)
        x, y = r * math.cos(a) * p["ecc"], r * math.sin(a)
        pth.moveTo(x, y) if k == 0 else pth.lineTo(x, y)
    c.drawPath(pth, stroke=1, fill=0)
    if p.get("note"):
        line_text(c, "kai", p["note"], 0, 0, R * 0.45, 1.0)


def mark_sig(c, p):
    """A handwritten-looking signature: UKai glyphs, slanted, plus a flourish."""
    rnd = random.Random(p["seed"])
    size = p["size_mm"] * MM
    n = len(p["text"])
    for k, ch in enumerate(p["text"]):
        glyph(c, "kai", ch, (k - (n - 1) / 2) * size * 0.8, rnd.uniform(-1, 1) * MM, size, rnd.uniform(-0.25, 0.1), 0.85)
    c.setLineWidth(0.5 * MM)
    c.setLineCap(1)
    pth = c.beginPath()
    x0 = -n * size * 0.45
    pth.moveTo(x0, -size * 0.55)
    pth.curveTo(x0 + size, -size * 0.9, x0 + n * size * 0.6, -size * 0.2, x0 + n * size * 0.95, -size * 0.7)
    c.drawPath(pth, stroke=1, fill=0)


MARKS = {
    "round": mark_round,
    "oval": mark_oval,
    "square": mark_square,
    "badge": mark_badge,
    "logo": mark_logo,
    "rect": mark_rect,
    "date": mark_date,
    "circled": mark_circled,
    "pen": mark_pen,
    "sig": mark_sig,
}


def mark_extent_mm(m):
    p = m["p"]
    if "d_mm" in p:
        return p["d_mm"] * 1.25
    if "w_mm" in p:
        return max(p["w_mm"], p.get("h_mm", 0)) * 1.2
    if "side_mm" in p:
        return p["side_mm"] * 1.3
    if "size_mm" in p:
        return p["size_mm"] * (len(p["text"]) + 2)
    return 50


# ---------------------------------------------------------------- colours / ink


def hex_rgb(h):
    return tuple(int(h[i : i + 2], 16) for i in (1, 3, 5))


def set_colour(c, rgb, cmyk=False, alpha=1.0):
    r, g, b = [v / 255 for v in rgb]
    if cmyk:
        k = 1 - max(r, g, b)
        if k >= 1:
            col = CMYKColor(0, 0, 0, 1)
        else:
            col = CMYKColor((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k)
    else:
        col = Color(r, g, b)
    c.setFillColor(col)
    c.setStrokeColor(col)


def mark_mask(m, dpi, tmp):
    """Renders a mark alone, black on white, through mupdf; returns coverage 0..1."""
    ext = mark_extent_mm(m) * MM
    pdf = os.path.join(tmp, "mark.pdf")
    c = rl_canvas.Canvas(pdf, pagesize=(ext, ext))
    c.translate(ext / 2, ext / 2)
    c.rotate(m["rot"])
    c.setFillColorRGB(0, 0, 0)
    c.setStrokeColorRGB(0, 0, 0)
    MARKS[m["shape"]](c, m["p"])
    c.showPage()
    c.save()
    png = os.path.join(tmp, "mark.png")
    subprocess.run(["mutool", "draw", "-q", "-r", str(dpi), "-c", "gray", "-o", png, pdf, "1"], check=True, stderr=subprocess.DEVNULL)
    g = cv2.imread(png, cv2.IMREAD_GRAYSCALE)
    return 1.0 - g.astype(np.float32) / 255.0


def smooth_noise(rng, shape, cells):
    h, w = shape
    small = rng.random((max(2, cells), max(2, cells))).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def ink(mask, ink_p, rng):
    """Uneven stamp ink on a coverage mask: pressure, grain, partial side, bleed."""
    h, w = mask.shape
    a = mask.copy()
    if ink_p.get("bleed", 0) > 0:
        a = cv2.GaussianBlur(a, (0, 0), ink_p["bleed"])
        a = np.clip(a * 1.25, 0, 1)
    low = smooth_noise(rng, (h, w), 5)
    grain = rng.random((h, w)).astype(np.float32)
    grain = cv2.GaussianBlur(grain, (0, 0), 1.0)
    dens = ink_p["density"] * (0.8 + 0.35 * low)
    holes = grain < ink_p.get("holes", 0.0) * (1.3 - low)
    dens = np.where(holes, dens * 0.25, dens)
    if ink_p.get("partial"):
        ang = math.radians(ink_p["partial_dir"])
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        proj = ((xx - w / 2) * math.cos(ang) + (yy - h / 2) * math.sin(ang)) / (w / 2)
        # proj > start: fading toward floor
        f = np.clip(1 - (proj - ink_p["partial_start"]) / ink_p["partial_width"], ink_p["partial_floor"], 1)
        dens = dens * f
    return np.clip(a * dens, 0, 1)


def composite(img, alpha, rgb, x0, y0):
    """Multiplies ink of colour rgb (RGB) into img (BGR float 0..1) at top-left x0, y0."""
    h, w = alpha.shape
    H, W = img.shape[:2]
    xa, ya, xb, yb = max(0, x0), max(0, y0), min(W, x0 + w), min(H, y0 + h)
    if xa >= xb or ya >= yb:
        return
    a = alpha[ya - y0 : yb - y0, xa - x0 : xb - x0][..., None]
    col = np.array([rgb[2], rgb[1], rgb[0]], np.float32) / 255.0
    reg = img[ya:yb, xa:xb]
    img[ya:yb, xa:xb] = reg * (1 - a * (1 - col))


def mark_rgba(m, dpi, rng, tmp):
    a = ink(mark_mask(m, dpi, tmp), m["ink"], rng)
    rgb = np.array(hex_rgb(m["colour"]), np.float32)
    out = np.zeros(a.shape + (4,), np.uint8)
    out[..., 0] = rgb[2]
    out[..., 1] = rgb[1]
    out[..., 2] = rgb[0]
    out[..., 3] = np.clip(a * 255, 0, 255).astype(np.uint8)
    return out


# ---------------------------------------------------------------- text content

CITIES = ["信阳市", "郑州市", "洛阳市", "南阳市", "开封市", "新乡市", "许昌市", "驻马店市"]
DISTRICTS = ["浉河区", "平桥区", "金水区", "二七区", "涧西区", "卧龙区", "龙亭区", "红旗区", "魏都区", "驿城区", "光山县", "罗山县"]
BUREAUS = ["人力资源和社会保障局", "市场监督管理局", "行政审批服务局", "民政局", "自然资源局", "住房和城乡建设局",
           "交通运输局", "卫生健康委员会", "农业农村局", "医疗保障局", "司法局", "城市管理局", "退役军人事务局",
           "文化广电和旅游局", "应急管理局", "水利局", "政务服务和大数据管理局", "税务局", "教育体育局"]
SUBUNITS = ["", "", "", "政务服务中心", "社会保险中心", "综合行政执法大队"]
BOTTOMS = ["", "", "", "行政审批专用章", "业务专用章", "政务服务专用章"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国红"
FALLBACK = ["为进一步优化营商环境，提升政务服务能力，现将有关事项通知如下。",
            "各单位要高度重视，认真组织填报，确保材料真实、准确、完整。",
            "窗口工作人员应当严格执行首问负责制、一次性告知制和限时办结制。",
            "请于规定时间内将佐证材料报送至考评办公室，逾期视为放弃。"]


def load_sentences(seeds):
    out = []
    if seeds and os.path.isdir(seeds):
        for fn in sorted(os.listdir(seeds)):
            if not fn.endswith(".txt"):
                continue
            with open(os.path.join(seeds, fn), encoding="utf-8", errors="replace") as f:
                for line in f:
                    line = line.replace("\t", " ")
                    for s in re.split(r"(?<=[。；！？])", line.strip()):
                        s = s.strip()
                        if 12 <= len(s) <= 160 and re.search(r"[\u4e00-\u9fff]", s) and "\ufffd" not in s:
                            out.append(s)
    return out or FALLBACK


def unit_name(rng):
    name = rng.choice(CITIES) + rng.choice(DISTRICTS) + rng.choice(BUREAUS) + rng.choice(SUBUNITS)
    return name[:20]


def person(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def date_cn(rng):
    return f"{rng.randint(2022, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"


# ---------------------------------------------------------------- parameter draws

RED = ["#d81e06", "#e60012", "#c8161d", "#dd2c2c", "#e3242b", "#cf2a27", "#ef3b2c"]
PURPLE = ["#ad2567", "#a3245f", "#b52b6e", "#9e2a62"]
PINK = ["#f299b2", "#ee8fa9", "#f4a3ba", "#ec8aa5"]


def seal_params(rng, unit, shape):
    if shape == "oval":
        return {"w_mm": rng.uniform(42, 46), "h_mm": rng.uniform(28, 32), "ring_mm": rng.uniform(0.9, 1.3),
                "glyph_mm": rng.uniform(4.2, 5.0), "font": rng.choice(["ming", "ming", "kai"]),
                "text": unit[:14], "span": rng.uniform(190, 220), "xscale": rng.uniform(0.7, 0.85),
                "middle": rng.choice(["合同专用章", "财务专用章", "发票专用章"]), "middle_mm": 4.5,
                "code": "".join(str(rng.randint(0, 9)) for _ in range(13)) if rng.random() < 0.7 else "",
                "star": rng.random() < 0.3}
    if shape == "square":
        nm = person(rng)
        txt = (nm + "之印")[:4] if len(nm) == 2 else (nm + "印")[:4]
        return {"side_mm": rng.uniform(18, 24), "ring_mm": rng.uniform(0.8, 1.5), "font": rng.choice(["ming", "kai"]),
                "text": txt}
    n = len(unit)
    return {"d_mm": rng.uniform(38, 45), "ring_mm": rng.uniform(0.9, 1.4), "double": shape == "double",
            "glyph_mm": rng.uniform(5.2, 6.6) if n <= 14 else rng.uniform(4.5, 5.4),
            "font": rng.choice(["ming", "ming", "ming", "kai", "hei"]), "text": unit,
            "span": rng.uniform(200, 250) if n > 8 else rng.uniform(150, 200),
            "xscale": rng.uniform(0.62, 0.85), "star_frac": rng.uniform(0.28, 0.36),
            "bottom": rng.choice(BOTTOMS), "bottom_mm": rng.uniform(3.5, 4.3),
            "code": "".join(str(rng.randint(0, 9)) for _ in range(13)) if rng.random() < 0.25 else ""}


def ink_params(rng, sub):
    p = {"density": rng.uniform(0.8, 1.0), "holes": rng.uniform(0.0, 0.25), "bleed": rng.uniform(0.0, 1.2)}
    if sub == "partial":
        p.update(partial=True, partial_dir=rng.uniform(0, 360), partial_start=rng.uniform(-0.05, 0.3),
                 partial_width=rng.uniform(0.15, 0.5), partial_floor=rng.choice([0.0, 0.05, 0.15, 0.3]))
    if sub == "faint":
        p.update(density=rng.uniform(0.4, 0.6), holes=rng.uniform(0.1, 0.35))
    return p


def seal_mark(rng, sub, unit):
    shape = {"oval": "oval", "square": "square", "double": "double"}.get(sub, "round")
    if shape == "round" and rng.random() < 0.15:
        shape = "double"
    colour = rng.choice(PURPLE if sub == "purple" else PINK if sub == "pink" else RED)
    return {"shape": "square" if shape == "square" else "oval" if shape == "oval" else "round",
            "p": seal_params(rng, unit, shape), "rot": rng.uniform(-25, 25), "colour": colour,
            "ink": ink_params(rng, sub), "seal": True}


def lookalike(rng, what):
    rot = rng.uniform(-12, 12)
    col = rng.choice(RED)
    ink_p = {"density": rng.uniform(0.8, 1.0), "holes": rng.uniform(0, 0.2), "bleed": rng.uniform(0, 1.0)}
    if what == "badge":
        p = {"d_mm": rng.uniform(30, 45), "ring_mm": rng.uniform(1.0, 2.0), "inner": rng.random() < 0.5,
             "star_frac": rng.uniform(0.25, 0.4), "style": rng.choice(["rays", "dots", "wheat"]), "n": rng.randint(12, 28)}
    elif what == "logo":
        k = rng.randint(1, 3)
        p = {"d_mm": rng.uniform(25, 42), "ring_mm": rng.uniform(1.5, 3.0),
             "arcs": [(rng.uniform(0, 360), rng.uniform(200, 300)) for _ in range(k)],
             "letter": rng.choice(["", "政", "Z", "e", "服"])}
    elif what == "rect":
        t = rng.choice(["已审核", "APPROVED", "收文", "复印件与原件一致", "已核验", "RECEIVED", "已录入", "审核通过"])
        p = {"w_mm": rng.uniform(28, 50), "h_mm": rng.uniform(11, 18), "ring_mm": rng.uniform(0.8, 1.6),
             "radius_mm": rng.choice([0, 0, 1.5, 3]), "inner": rng.random() < 0.3, "text": t, "font": rng.choice(["ming", "hei"]),
             "date": (f"{rng.randint(2022, 2025)}.{rng.randint(1, 12):02d}.{rng.randint(1, 28):02d}" if rng.random() < 0.5 else "")}
        p["w_mm"] = max(p["w_mm"], 6.5 * len(t) if not t.isascii() else 3.2 * len(t))
    elif what == "date":
        p = {"d_mm": rng.uniform(28, 40), "ring_mm": rng.uniform(0.8, 1.4),
             "date": f"{rng.randint(2022, 2025)}.{rng.randint(1, 12):02d}.{rng.randint(1, 28):02d}",
             "top": str(rng.randint(1, 99)).zfill(2) if rng.random() < 0.6 else "", "bottom": str(rng.randint(100, 999))}
    elif what == "circled":
        p = {"d_mm": rng.uniform(10, 22), "ring_mm": rng.uniform(0.5, 1.0), "num": str(rng.randint(1, 9))}
    elif what == "pen":
        p = {"d_mm": rng.uniform(32, 48), "pen_mm": rng.uniform(0.5, 1.0), "turns": rng.choice([1.05, 1.2, 1.9]),
             "ecc": rng.uniform(0.85, 1.2), "seed": rng.randint(0, 1 << 30), "note": rng.choice(["", "", "重点", "已阅", "注意"])}
        rot = rng.uniform(0, 360)
        ink_p = {"density": rng.uniform(0.85, 1.0), "holes": 0.0, "bleed": 0.3}
    else:
        raise ValueError(what)
    return {"shape": what, "p": p, "rot": rot, "colour": col, "ink": ink_p, "seal": False}


# ---------------------------------------------------------------- page drawing


def wrap(text, n):
    return [text[i : i + n] for i in range(0, len(text), n)]


def draw_page(c, rng, sents, doc, vector_marks, image_marks):
    """One A4 page in points. doc: title, unit, date, red extras. Marks given in mm
    from the page's top-left."""
    W, H = A4
    y = H - 30 * MM
    if doc.get("redhead"):
        c.setFillColorRGB(0.86, 0.08, 0.05)
        t = doc["unit"][:12] + "文件"
        size = min(22 * MM / 1.2, 150 * MM / len(t))
        c.setFont(RL_NAMES["ming"], size)
        c.drawCentredString(W / 2, y - size, t)
        y -= size + 12 * MM
        c.setFillColorRGB(0, 0, 0)
        c.setFont(RL_NAMES["ming"], 12)
        c.drawCentredString(W / 2, y + 6 * MM, f"{doc['unit'][:4]}〔{rng.randint(2022, 2025)}〕{rng.randint(1, 60)}号")
        c.setStrokeColorRGB(0.86, 0.08, 0.05)
        c.setLineWidth(1.6)
        c.line(25 * MM, y, W / 2 - 6 * MM, y)
        c.line(W / 2 + 6 * MM, y, W - 25 * MM, y)
        c.setFillColorRGB(0.86, 0.08, 0.05)
        star(c, W / 2, y, 4.5 * MM)
        y -= 12 * MM
    c.setFillColorRGB(0, 0, 0)
    ts = doc["title_pt"]
    c.setFont(RL_NAMES[doc["title_font"]], ts)
    for ln in wrap(doc["title"], int(150 * MM / ts)):
        c.drawCentredString(W / 2, y, ln)
        y -= ts * 1.6
    y -= 4 * MM
    bs = doc["body_pt"]
    c.setFont(RL_NAMES[doc["body_font"]], bs)
    per = int(160 * MM / bs)
    stop = 80 * MM if not doc.get("full_text") else 30 * MM
    while y > stop + (50 * MM if doc.get("red_table") else 0):
        s = rng.choice(sents)
        for k, ln in enumerate(wrap(s, per - 2)):
            if y <= stop:
                break
            c.drawString(25 * MM + (2 * bs if k == 0 else 0), y, ln)
            y -= bs * 1.75
    if doc.get("red_table"):
        col = (0.85, 0.1, 0.1)
        c.setStrokeColorRGB(*col)
        c.setLineWidth(0.8)
        top = y - 2 * MM
        rows, cols = 5, 4
        x0, x1 = 25 * MM, W - 25 * MM
        rh = 8 * MM
        for r in range(rows + 1):
            c.line(x0, top - r * rh, x1, top - r * rh)
        for k in range(cols + 1):
            x = x0 + (x1 - x0) * k / cols
            c.line(x, top, x, top - rows * rh)
        c.setFont(RL_NAMES["ming"], 9)
        heads = ["序号", "事项名称", "办理时限", "备注"]
        for r in range(rows):
            for k in range(cols):
                txt = heads[k] if r == 0 else (str(r) if k == 0 else rng.choice(["即办", "3个工作日", "已完成", "材料齐全", "现场核查"]))
                c.setFillColorRGB(*(col if r == 0 or rng.random() < 0.3 else (0, 0, 0)))
                c.drawString(x0 + (x1 - x0) * k / cols + 2 * MM, top - r * rh - 5.5 * MM, txt)
        c.setFillColorRGB(0, 0, 0)
    if doc.get("sign"):
        c.setFont(RL_NAMES[doc["body_font"]], bs + 1)
        c.drawRightString(W - 30 * MM, 62 * MM, doc["unit"][:16])
        c.drawRightString(W - 34 * MM, 62 * MM - bs * 2, doc["date"])
    for m in vector_marks:
        c.saveState()
        c.translate(m["x_mm"] * MM, H - m["y_mm"] * MM)
        c.rotate(m["rot"])
        draw_vector_mark(c, m)
        c.restoreState()
    for m, path in image_marks:
        ext = m["ext_mm"] * MM
        c.drawImage(ImageReader(path), m["x_mm"] * MM - ext / 2, H - m["y_mm"] * MM - ext / 2, ext, ext, mask="auto")


def draw_vector_mark(c, m):
    rgb = hex_rgb(m["colour"])
    cmyk = m.get("cmyk", False)
    p_ink = m["ink"]
    dens = p_ink["density"]
    faded = tuple(255 - (255 - v) * dens for v in rgb)
    if p_ink.get("partial"):
        # the faded side first, then the full side clipped to a half-plane
        floor = p_ink["partial_floor"]
        if floor > 0:
            set_colour(c, tuple(255 - (255 - v) * max(floor, 0.12) for v in faded), cmyk)
            MARKS[m["shape"]](c, m["p"])
        c.saveState()
        ang = math.radians(-m["ink"]["partial_dir"] - m["rot"])
        big = 200 * MM
        s = p_ink["partial_start"] * mark_extent_mm(m) * MM / 2.5
        nx, ny = math.cos(ang), math.sin(ang)
        tx, ty = -ny, nx
        pth = c.beginPath()
        cx, cy = nx * s, ny * s
        pts = [(cx + tx * big, cy + ty * big), (cx - tx * big, cy - ty * big),
               (cx - tx * big - nx * big, cy - ty * big - ny * big), (cx + tx * big - nx * big, cy + ty * big - ny * big)]
        pth.moveTo(*pts[0])
        for q in pts[1:]:
            pth.lineTo(*q)
        pth.close()
        c.clipPath(pth, stroke=0, fill=0)
        set_colour(c, faded, cmyk)
        MARKS[m["shape"]](c, m["p"])
        c.restoreState()
    else:
        set_colour(c, faded, cmyk)
        MARKS[m["shape"]](c, m["p"])


# ---------------------------------------------------------------- document plans

SEAL_SUBS = ["normal", "normal", "partial", "partial", "partial", "partial", "faint", "purple", "pink", "double", "oval", "square",
             "beside-stamp", "beside-stamp", "beside-hand", "red-table", "redhead", "text-over", "signature-over"]
NOSEAL_SUBS = ["plain", "plain", "badge", "badge", "badge", "logo-arc", "logo-arc", "rect-stamp", "rect-stamp",
               "date-stamp", "circled-num", "redhead", "red-table", "red-hand"]
EXTRA = {
    ("scan", True): ["page2", "page2"],
    ("photo", True): ["blur-cast", "glare", "faint"],
    ("photo", False): ["pen-circle", "pen-circle", "pen-circle"],
    ("screenshot", True): ["small-zoom"],
    ("screenshot", False): ["ui-icon", "ui-icon"],
    ("pasted", False): ["rect-stamp", "badge", "date-stamp"],
}


def plan(i, args_sents):
    rng = random.Random(12000 + i)
    kind = ["scan", "vector", "pasted", "photo", "screenshot"][i % 5]
    has = (i // 5) % 2 == 0
    subs = (SEAL_SUBS if has else NOSEAL_SUBS) + EXTRA.get((kind, has), [])
    if kind == "vector" and not has:
        subs = subs + ["badge"]
    sub = rng.choice(subs)
    if kind == "vector" and sub == "square":
        sub = "normal"
    unit = unit_name(rng)
    doc = {"unit": unit, "date": date_cn(rng), "title": rng.choice(args_sents)[:rng.randint(12, 30)].rstrip("，。；"),
           "title_pt": rng.choice([16, 18, 20, 22]), "title_font": rng.choice(["hei", "ming"]),
           "body_pt": rng.choice([11, 12, 13, 14, 15, 16]), "body_font": rng.choice(["ming", "ming", "kai"]),
           "sign": True, "redhead": sub == "redhead", "red_table": sub == "red-table", "full_text": sub == "text-over"}
    # where the seal / look-alike sits: over the unit name and date, lower right
    sx, sy = rng.uniform(130, 160), rng.uniform(225, 240)
    marks = []
    if has:
        sm = seal_mark(rng, sub, unit)
        if sub == "text-over":
            sx, sy = rng.uniform(70, 150), rng.uniform(120, 230)
        sm.update(x_mm=sx, y_mm=sy)
        marks.append(sm)
    else:
        what = {"badge": "badge", "logo-arc": "logo", "rect-stamp": "rect", "date-stamp": "date",
                "circled-num": "circled", "pen-circle": "pen"}.get(sub)
        if what:
            lm = lookalike(rng, what)
            if what == "circled":
                sx, sy = rng.uniform(25, 60), rng.uniform(80, 200)
            if what in ("badge", "logo") and rng.random() < 0.35:
                sx, sy = rng.uniform(25, 45), rng.uniform(18, 30)  # letterhead emblem
            lm.update(x_mm=sx, y_mm=sy)
            marks.append(lm)
    if sub == "beside-stamp":
        lm = lookalike(rng, "rect")
        d = rng.choice([-1, 1])
        lm.update(x_mm=sx + d * rng.uniform(18, 45), y_mm=sy + rng.uniform(-30, 25))
        marks.append(lm)
    if sub in ("beside-hand", "red-hand"):
        note = rng.choice(["同意，请按程序办理。", "已核，材料齐全", "请政务办阅处", "拟同意", "请尽快落实"])
        marks.append({"shape": "sig", "p": {"text": note[:8], "size_mm": rng.uniform(6, 9), "seed": rng.randint(0, 1 << 30)},
                      "rot": rng.uniform(-10, 5), "colour": rng.choice(RED), "ink": {"density": 0.95, "holes": 0, "bleed": 0.2},
                      "seal": False, "x_mm": rng.uniform(60, 120), "y_mm": sy + rng.choice([-1, 1]) * rng.uniform(25, 40)})
    if sub == "signature-over":
        marks.append({"shape": "sig", "p": {"text": person(rng), "size_mm": rng.uniform(7, 10), "seed": rng.randint(0, 1 << 30)},
                      "rot": rng.uniform(-12, 5), "colour": rng.choice(["#1a1a1a", "#14237a", "#202020"]),
                      "ink": {"density": 1.0, "holes": 0, "bleed": 0.1}, "seal": False,
                      "x_mm": sx + rng.uniform(-8, 8), "y_mm": sy + rng.uniform(-5, 5), "over": True})
    return rng, kind, has, sub, doc, marks


# ---------------------------------------------------------------- kinds


def mutool_png(pdf, dpi, out, page=1, colorspace="rgb"):
    subprocess.run(["mutool", "draw", "-q", "-r", f"{dpi:.2f}", "-c", colorspace, "-o", out, pdf, str(page)], check=True, stderr=subprocess.DEVNULL)
    return cv2.imread(out, cv2.IMREAD_COLOR)


def page_pdf(path, rng, sents, doc, vmarks, imarks, pages):
    c = rl_canvas.Canvas(path, pagesize=A4)
    for k in range(pages):
        last = k == pages - 1
        d = dict(doc) if last else dict(doc, sign=False, redhead=doc["redhead"] and k == 0, red_table=False)
        draw_page(c, rng, sents, d, vmarks if last else [], imarks if last else [])
        c.showPage()
    c.save()


def raster_page(rng, sents, doc, marks, dpi, tmp, pages=1, meta=None):
    """Pages rasterised by mupdf with the marks inked in by numpy; last page carries marks."""
    pdf = os.path.join(tmp, "page.pdf")
    overs = [m for m in marks if m.get("over")]
    under = [m for m in marks if not m.get("over")]
    page_pdf(pdf, random.Random(rng.random()), sents, doc, [], [], pages)
    imgs = []
    for k in range(pages):
        img = mutool_png(pdf, dpi, os.path.join(tmp, f"p{k}.png"), k + 1).astype(np.float32) / 255.0
        if k == pages - 1:
            for m in under + overs:
                a = ink(mark_mask(m, dpi, tmp), m["ink"], np.random.default_rng(rng.randint(0, 1 << 30)))
                h, w = a.shape
                cx, cy = m["x_mm"] / 25.4 * dpi, m["y_mm"] / 25.4 * dpi
                composite(img, a, hex_rgb(m["colour"]), int(cx - w / 2), int(cy - h / 2))
        imgs.append(img)
    return imgs


def jpeg_bytes(img8, q):
    ok, buf = cv2.imencode(".jpg", img8, [cv2.IMWRITE_JPEG_QUALITY, int(q)])
    return buf.tobytes()


def make_scan(out, rng, sents, doc, marks, sub, tmp, meta):
    dpi = rng.choice([150, 200, 200, 300])
    pages = 2 if sub == "page2" or rng.random() < 0.15 else 1
    imgs = raster_page(rng, sents, doc, marks, dpi, tmp, pages)
    nrng = np.random.default_rng(rng.randint(0, 1 << 30))
    q = rng.randint(60, 90)
    t0, warm = rng.uniform(0.9, 0.98), rng.uniform(0.0, 0.03)
    tone = np.array([t0 - warm, t0 - warm / 3, t0], np.float32)  # BGR: white to slightly warm paper
    ang = rng.uniform(-1.5, 1.5)
    blur = rng.uniform(0.3, 1.1)
    meta.update(dpi=dpi, pages=pages, jpeg_q=q, rot=ang, blur=blur)
    c = rl_canvas.Canvas(out, pagesize=A4)
    for k, img in enumerate(imgs):
        h, w = img.shape[:2]
        img = img * tone + nrng.normal(0, 0.02, img.shape).astype(np.float32)
        M = cv2.getRotationMatrix2D((w / 2, h / 2), ang, 1.0)
        img = cv2.warpAffine(img, M, (w, h), borderValue=tuple(float(t) for t in tone))
        img = cv2.GaussianBlur(img, (0, 0), blur)
        img = np.clip((img - 0.04) * 1.06, 0, 1)
        p = os.path.join(tmp, f"scan{k}.jpg")
        with open(p, "wb") as f:
            f.write(jpeg_bytes((img * 255).astype(np.uint8), q))
        c.drawImage(p, 0, 0, A4[0], A4[1])
        c.showPage()
    c.save()


def make_vector(out, rng, sents, doc, marks, sub, tmp, meta):
    cmyk = rng.random() < 0.3
    for m in marks:
        m["cmyk"] = cmyk
    pages = 2 if rng.random() < 0.2 else 1
    meta.update(cmyk=cmyk, pages=pages)
    page_pdf(out, rng, sents, doc, marks, [], pages)


def make_pasted(out, rng, sents, doc, marks, sub, tmp, meta):
    dpi = rng.choice([150, 200, 300])
    vmarks, imarks = [], []
    style = rng.choice(["png-alpha", "png-alpha", "jpeg-white", "png-white"])
    meta.update(img_dpi=dpi, img_style=style)
    for k, m in enumerate(marks):
        if m["shape"] in ("sig",):
            vmarks.append(m)
            continue
        rgba = mark_rgba(m, dpi, np.random.default_rng(rng.randint(0, 1 << 30)), tmp)
        m["ext_mm"] = mark_extent_mm(m)
        if style == "png-alpha":
            p = os.path.join(tmp, f"img{k}.png")
            cv2.imwrite(p, rgba)
        else:
            a = rgba[..., 3:4].astype(np.float32) / 255
            bg = np.full(rgba.shape[:2] + (3,), 255, np.float32) * np.array([rng.uniform(0.95, 1)] * 3, np.float32)
            bgr = bg * (1 - a) + rgba[..., :3].astype(np.float32) * a
            p = os.path.join(tmp, f"img{k}." + ("jpg" if style == "jpeg-white" else "png"))
            if style == "jpeg-white":
                with open(p, "wb") as f:
                    f.write(jpeg_bytes(bgr.astype(np.uint8), rng.randint(70, 92)))
            else:
                cv2.imwrite(p, bgr.astype(np.uint8))
        imarks.append((m, p))
    if not marks and rng.random() < 0.5:
        # a plain page with a harmless grey picture (a chart)
        g = np.full((300, 500, 3), 255, np.uint8)
        for k in range(6):
            v = rng.randint(40, 180)
            cv2.rectangle(g, (30 + k * 75, 280 - rng.randint(40, 250)), (80 + k * 75, 280), (v, v, v), -1)
        p = os.path.join(tmp, "chart.png")
        cv2.imwrite(p, g)
        imarks.append(({"ext_mm": 60, "x_mm": 105, "y_mm": 200}, p))
    pages = 2 if rng.random() < 0.2 else 1
    meta.update(pages=pages)
    page_pdf(out, rng, sents, doc, vmarks, imarks, pages)


def desk(rng, nrng, h, w):
    base = np.array(rng.choice([(0.35, 0.45, 0.6), (0.55, 0.55, 0.55), (0.2, 0.25, 0.3), (0.75, 0.78, 0.8), (0.3, 0.3, 0.32)]), np.float32)
    tex = smooth_noise(nrng, (h, w), 8)[..., None] * 0.2 + 0.9
    stripes = (np.sin(np.linspace(0, rng.uniform(20, 80), w))[None, :, None] * 0.04)
    return np.clip(base * tex + stripes, 0, 1).astype(np.float32)


def make_photo(out, rng, sents, doc, marks, sub, tmp, meta):
    nrng = np.random.default_rng(rng.randint(0, 1 << 30))
    long_side = rng.randint(2000, 4000)
    landscape = rng.random() < 0.25
    H, W = (long_side, int(long_side * 0.75)) if not landscape else (int(long_side * 0.75), long_side)
    fill = rng.uniform(0.7, 0.95)
    page_h_px = (H if not landscape else H * 1.05) * fill
    dpi = min(300, max(90, page_h_px / (297 / 25.4)))
    img = raster_page(rng, sents, doc, marks, dpi, tmp)[0]
    ph, pw = img.shape[:2]
    cx, cy = W / 2 + rng.uniform(-0.05, 0.05) * W, H / 2 + rng.uniform(-0.05, 0.05) * H
    s = page_h_px / ph
    src = np.float32([[0, 0], [pw, 0], [pw, ph], [0, ph]])
    hw, hh = pw * s / 2, ph * s / 2
    dst = np.float32([[cx - hw, cy - hh], [cx + hw, cy - hh], [cx + hw, cy + hh], [cx - hw, cy + hh]])
    j = 0.08 * min(hw, hh)
    dst += nrng.uniform(-j, j, dst.shape).astype(np.float32)
    tilt = rng.uniform(-0.07, 0.07)  # keystone
    dst[0, 0] += tilt * hw
    dst[1, 0] -= tilt * hw
    ang = rng.uniform(-6, 6) + (90 if landscape and rng.random() < 0.5 else 0)
    Mr = cv2.getRotationMatrix2D((cx, cy), ang, 1.0)
    dst = cv2.transform(dst[None], Mr)[0].astype(np.float32)
    Hm = cv2.getPerspectiveTransform(src, dst)
    bg = desk(rng, nrng, H, W)
    warped = cv2.warpPerspective(img, Hm, (W, H), flags=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR, borderValue=(0, 0, 0))
    m = cv2.warpPerspective(np.ones((ph, pw), np.float32), Hm, (W, H))[..., None]
    photo = warped * m + bg * (1 - m)
    # lighting: gradient, vignette, white balance, glare
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    gdir = rng.uniform(0, 2 * math.pi)
    grad = 1 + rng.uniform(0.05, 0.25) * (((xx / W - 0.5) * math.cos(gdir) + (yy / H - 0.5) * math.sin(gdir)))
    r2 = ((xx - W / 2) / (W / 2)) ** 2 + ((yy - H / 2) / (H / 2)) ** 2
    vig = 1 - rng.uniform(0.1, 0.45) * np.clip(r2 / 2, 0, 1)
    cast = rng.choice(["none", "warm", "cool", "green", "warm", "cool"]) if sub != "blur-cast" else rng.choice(["warm", "cool", "green"])
    gains = {"none": (1, 1, 1), "warm": (0.82, 0.95, 1.08), "cool": (1.1, 1.0, 0.86), "green": (0.92, 1.06, 0.9)}[cast]
    k = rng.uniform(0.6, 1.0)
    gains = tuple(1 + (gv - 1) * k for gv in gains)  # BGR
    photo = photo * (grad * vig)[..., None] * np.array(gains, np.float32) * rng.uniform(0.8, 1.0)
    glare = sub == "glare" or rng.random() < 0.2
    if glare:
        # glare kept off the seal (and off look-alikes): its centre at least 2.2 sigma
        # plus the mark's radius away from each mark's centre in the photo
        sg = rng.uniform(0.04, 0.1) * W
        pts = np.float32([[[mk["x_mm"] / 25.4 * dpi, mk["y_mm"] / 25.4 * dpi] for mk in marks if mk["shape"] != "sig"]])
        pts = cv2.perspectiveTransform(pts, Hm)[0] if pts.shape[1] else np.zeros((0, 2), np.float32)
        keep = 2.2 * sg + 30 * s * dpi / 25.4
        for _ in range(20):
            gx, gy = rng.uniform(0.1, 0.9) * W, rng.uniform(0.1, 0.9) * H
            if all(math.hypot(gx - px, gy - py) > keep for px, py in pts):
                break
        else:
            glare = False
    if glare:
        photo = photo + rng.uniform(0.3, 0.6) * np.exp(-(((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * sg * sg)))[..., None]
    blur = rng.uniform(0.5, 2.0) if sub != "blur-cast" else rng.uniform(2.0, 3.5)
    blur *= W / 3000
    motion = rng.random() < 0.3
    if motion:
        L = max(3, int(blur * 4))
        kern = np.zeros((L, L), np.float32)
        kern[L // 2, :] = 1
        kern = cv2.warpAffine(kern, cv2.getRotationMatrix2D((L / 2 - 0.5, L / 2 - 0.5), rng.uniform(0, 180), 1), (L, L))
        photo = cv2.filter2D(photo, -1, kern / max(kern.sum(), 1e-6))
    else:
        photo = cv2.GaussianBlur(photo, (0, 0), max(0.3, blur))
    photo = photo + nrng.normal(0, rng.uniform(0.01, 0.03), photo.shape).astype(np.float32)
    q = rng.randint(60, 90)
    with open(out, "wb") as f:
        f.write(jpeg_bytes((np.clip(photo, 0, 1) * 255).astype(np.uint8), q))
    meta.update(size=[W, H], page_dpi=round(dpi, 1), cast=cast, glare=glare, blur=round(blur, 2), motion=motion, jpeg_q=q, rot=ang)


def make_screenshot(out, rng, sents, doc, marks, sub, tmp, meta):
    W, H = rng.choice([(1280, 800), (1366, 768), (1440, 900), (1600, 900), (1920, 1080)])
    zoom = rng.uniform(0.6, 0.75) if sub == "small-zoom" else rng.uniform(0.75, 1.3)
    px_per_mm = 96 / 25.4 * zoom
    dpi = 96 * zoom
    # the page raster (with inked marks) from mupdf, placed in a window drawn by reportlab
    img = raster_page(rng, sents, doc, marks, dpi, tmp)[0]
    pimg = os.path.join(tmp, "pageimg.png")
    cv2.imwrite(pimg, (np.clip(img, 0, 1) * 255).astype(np.uint8))
    ph, pw = img.shape[:2]
    pdf = os.path.join(tmp, "win.pdf")
    c = rl_canvas.Canvas(pdf, pagesize=(W, H))
    dark = rng.random() < 0.3
    bgc = (0.2, 0.21, 0.23) if dark else (0.93, 0.94, 0.95)
    c.setFillColorRGB(*bgc)
    c.rect(0, 0, W, H, stroke=0, fill=1)
    top = 36
    c.setFillColorRGB(*((0.13, 0.14, 0.16) if dark else (0.98, 0.98, 0.99)))
    c.rect(0, H - top, W, top, stroke=0, fill=1)
    c.setFillColorRGB(*((0.9, 0.9, 0.9) if dark else (0.15, 0.15, 0.15)))
    c.setFont(RL_NAMES["hei"], 13)
    app = rng.choice(["政务服务绩效考评系统", "佐证材料管理平台", "文档预览", "办公自动化系统 - 公文查看"])
    c.drawString(14, H - 24, app)
    # window buttons
    for k, colr in enumerate([(0.9, 0.3, 0.3), (0.95, 0.75, 0.2), (0.3, 0.75, 0.35)]):
        c.setFillColorRGB(*colr)
        c.circle(W - 20 - 22 * k, H - top / 2, 6, stroke=0, fill=1)
    side = rng.choice([0, 180, 220])
    if side:
        c.setFillColorRGB(*((0.16, 0.17, 0.19) if dark else (0.99, 0.99, 1.0)))
        c.rect(0, 0, side, H - top, stroke=0, fill=1)
        items = ["首页", "待办事项", "材料上传", "审核记录", "消息通知", "统计报表", "系统设置"]
        for k, it in enumerate(items):
            y = H - top - 40 - k * 40
            c.setFillColorRGB(*((0.85, 0.85, 0.85) if dark else (0.2, 0.2, 0.2)))
            c.setFont(RL_NAMES["hei"], 13)
            c.drawString(24, y, it)
    # document area
    area_x, area_w = side + 10, W - side - 20
    s = 1.0
    dw, dh = pw * s, ph * s
    x0 = area_x + max(0, (area_w - dw) / 2)
    # scroll so that the seal (or look-alike, or the signature) is well inside the view
    visible_h = H - top - 10
    focus = [m for m in marks if m["shape"] != "sig"]
    fy = (focus[0]["y_mm"] if focus else 232) * px_per_mm
    scroll = min(max(0.0, 5 + fy - rng.uniform(0.3, 0.65) * visible_h), max(0.0, dh - visible_h))
    y0 = (H - top - 5) - dh + scroll
    c.saveState()
    pth = c.beginPath()
    pth.rect(area_x, 0, area_w, H - top)
    c.clipPath(pth, stroke=0, fill=0)
    c.setFillColorRGB(0.6, 0.6, 0.6)
    c.rect(x0 + 3, y0 - 3, dw, dh, stroke=0, fill=1)
    c.drawImage(pimg, x0, y0, dw, dh)
    c.restoreState()
    seal_px = None
    for m in marks:
        if m.get("seal"):
            sx = x0 + m["x_mm"] * px_per_mm
            sy = y0 + dh - m["y_mm"] * px_per_mm
            seal_px = (sx, H - sy)
    # red UI bits: number badges, buttons, notification dots, icons
    n_badges = rng.randint(1, 4) if sub != "ui-icon" else rng.randint(3, 7)
    c.setFont("Helvetica-Bold", 10)
    for k in range(n_badges):
        if side and k < 4:
            bx, by = side - 30, H - top - 36 - rng.randint(0, 6) * 40
        else:
            bx, by = rng.uniform(W * 0.55, W - 60), H - top - rng.uniform(8, 60) if rng.random() < 0.5 else rng.uniform(20, H - 80)
        r = rng.uniform(7, 11) if sub != "ui-icon" else rng.uniform(10, 40)
        c.setFillColorRGB(*rng.choice([(0.96, 0.26, 0.21), (0.9, 0.1, 0.1), (1.0, 0.3, 0.3)]))
        c.circle(bx, by, r, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        if r > 16 and rng.random() < 0.5:
            star(c, bx, by, r * 0.55)
        else:
            c.setFont("Helvetica-Bold", r * 1.0)
            c.drawCentredString(bx, by - r * 0.35, str(rng.randint(1, 99)))
    for k in range(rng.randint(1, 3)):
        bw = rng.uniform(60, 110)
        bx, by = W - 30 - (k + 1) * (bw + 12), 14
        c.setFillColorRGB(*rng.choice([(0.86, 0.2, 0.2), (0.2, 0.45, 0.85), (0.95, 0.3, 0.25)]))
        c.roundRect(bx, by, bw, 30, 4, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        c.setFont(RL_NAMES["hei"], 13)
        c.drawCentredString(bx + bw / 2, by + 10, rng.choice(["提交", "退回", "删除", "通过", "下载"]))
    c.showPage()
    c.save()
    png = os.path.join(tmp, "win.png")
    im = mutool_png(pdf, 72, png)
    cv2.imwrite(out, im)
    meta.update(window=[W, H], zoom=round(zoom, 3), dark=dark, seal_px=seal_px)
    return seal_px


# ---------------------------------------------------------------- main

EXT = {"scan": "pdf", "vector": "pdf", "pasted": "pdf", "photo": "jpg", "screenshot": "png"}
MAKERS = {"scan": make_scan, "vector": make_vector, "pasted": make_pasted, "photo": make_photo, "screenshot": make_screenshot}


def jsonable(o):
    if isinstance(o, dict):
        return {k: jsonable(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [jsonable(v) for v in o]
    if isinstance(o, float):
        return round(o, 3)
    if isinstance(o, (np.floating, np.integer)):
        return jsonable(o.item())
    return o


def make_one(i, outdir, sents):
    rng, kind, has, sub, doc, marks = plan(i, sents)
    name = f"f{i:04d}_{kind}.{EXT[kind]}"
    meta = {"file": name, "kind": kind, "seal": int(has), "sub": sub, "seed": 12000 + i}
    # PDF streams: plain filters (as scanners and most writers make them); a few keep
    # reportlab's default ASCII85 wrapping ([/ASCII85Decode /DCTDecode] for JPEGs)
    a85 = kind in ("scan", "pasted", "vector") and random.Random(77000 + i).random() < 0.15
    rl_config.useA85 = 1 if a85 else 0
    meta["a85"] = a85
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(outdir, name)
        part = os.path.join(outdir, f".part{i:04d}.{EXT[kind]}")
        MAKERS[kind](part, rng, sents, doc, marks, sub, tmp, meta)
        os.replace(part, out)
    meta["marks"] = [{k: v for k, v in m.items() if k != "p"} | {"p": {k: v for k, v in m["p"].items() if k != "seed"}} for m in marks]
    return name, kind, has, sub, meta


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--seeds", help="folder of source documents (*.txt) to take sentences from")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    cv2.setNumThreads(1)
    register_fonts()
    sents = load_sentences(args.seeds)
    rows, metas = [], []
    for i in range(args.start, args.n):
        name, kind, has, sub, meta = make_one(i, args.out, sents)
        rows.append(f"{name},{kind},{int(has)},{sub}")
        metas.append(json.dumps(jsonable(meta), ensure_ascii=False))
        if (i + 1) % 25 == 0:
            print(f"{i + 1}/{args.n}", flush=True)
    suffix = "" if args.start == 0 else f".{args.start}"
    with open(os.path.join(args.out, f"labels.csv{suffix}"), "w") as f:
        f.write("file,kind,seal,sub\n" + "\n".join(rows) + "\n")
    with open(os.path.join(args.out, f"meta.jsonl{suffix}"), "w") as f:
        f.write("\n".join(metas) + "\n")


if __name__ == "__main__":
    main()
