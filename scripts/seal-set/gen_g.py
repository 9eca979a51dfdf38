#!/usr/bin/env python3
"""Sixth independent evaluation set for the seal detector (family g, seeds 20000 + i).

Written without reading the other generators, the detector's synthesiser or the
detector. Its tools differ from theirs: marks are drawn by Skia (skia-python) from the
glyph outlines of real CJK fonts; pages are LibreOffice Draw documents (flat ODG written
here) or Word documents (python-docx), made into PDF by LibreOffice itself, so vector
seals are LibreOffice's own paths; Ghostscript and pdftocairo rasterise; ImageMagick
makes scans, photos and screenshots; Ghostscript wraps scans into image-only PDFs;
exiftool writes camera EXIF. Never tune on this set.

    python3 gen_g.py --n 500 --seeds SOURCE_DOCS OUT/g
"""
import argparse
import base64
import csv
import io
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import skia
from PIL import Image

KINDS = ["scan", "vector", "pasted", "photo", "screenshot"]
SEAL_SUBS = ["normal", "partial", "faint", "purple", "pink", "beside-stamp", "red-hand",
             "red-table", "text-over", "oval", "square", "double"]
NOSEAL_SUBS = ["plain", "badge", "open-arc", "hand-circle", "rect-stamp", "date-stamp",
               "circled-num", "redhead", "red-table", "red-hand"]

FONTS_SEAL = [("Noto Serif CJK SC", True), ("Noto Sans CJK SC", True), ("AR PL UMing CN", False),
              ("AR PL UKai CN", False), ("WenQuanYi Zen Hei", False), ("Noto Serif CJK SC", False),
              ("Droid Sans Fallback", False)]
BODY_FONTS = ["Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UMing CN", "WenQuanYi Zen Hei"]
KAI = "AR PL UKai CN"

FALLBACK_SENTENCES = [
    "本次填报工作采取的方式为线上填报，各单位应按要求上传佐证材料。",
    "统计数据须加盖单位公章，并以不可编辑的格式提交。",
    "各单位要高度重视，明确专人负责，确保材料真实、准确、完整。",
]
EXTRA_UNITS = ["浉河区政务服务和大数据管理局", "湛河区行政审批服务局", "台前县人民政府办公室",
               "如东县政务服务管理办公室", "信阳市浉河区市场监督管理局", "浉河区人力资源和社会保障局",
               "湛河区曹镇乡人民政府", "浉河区五星街道办事处", "台前县医疗保障局", "如东县自然资源和规划局"]
BOTTOM_LINES = ["行政审批专用章", "业务专用章", "政务服务专用章", "", "", ""]
RECT_WORDS = ["已审核", "APPROVED", "收文", "已核对", "RECEIVED", "同意", "已归档", "复印件与原件一致"]
HAND_WORDS = ["同意", "请按时报送", "已阅", "数据已核", "请各科室办理", "属实", "按程序办", "请补充材料"]
NAMES = ["张伟", "王芳", "李强", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周杰", "吴霞"]


# --------------------------------------------------------------------------- text

def load_text(seeds):
    sents, units = [], set()
    if seeds and os.path.isdir(seeds):
        for name in sorted(os.listdir(seeds)):
            if not name.endswith(".txt") or name.lower().startswith("readme"):
                continue
            with open(os.path.join(seeds, name), encoding="utf-8", errors="replace") as f:
                t = f.read()
            for s in re.split(r"(?<=[。；！？])|\n", t):
                s = s.strip()
                if 14 <= len(s) <= 90 and len(re.findall(r"[\u4e00-\u9fff]", s)) >= 10:
                    sents.append(s)
            for m in re.finditer(r"区([\u4e00-\u9fff]{2,8}?(?:局|委|办|中心))", t):
                units.add(m.group(1))
    sents = sents or FALLBACK_SENTENCES
    unit_names = list(EXTRA_UNITS)
    for u in sorted(units):
        for d in ("浉河区", "湛河区"):
            unit_names.append(d + u)
    return sents, unit_names


# --------------------------------------------------------------------------- marks
# A mark is a list of primitives in mm (y down), centred on (0, 0):
#   ("fill", skia.Path, rgb, alpha)            filled path
#   ("stroke", [(x, y), ...], width, rgb, alpha, closed)

_tf_cache = {}


def typeface(name, bold=False):
    key = (name, bold)
    if key not in _tf_cache:
        _tf_cache[key] = skia.Typeface(name, skia.FontStyle.Bold() if bold else skia.FontStyle.Normal())
    return _tf_cache[key]


def glyph_path(ch, fam, bold, size, sx, angle_deg, cx, cy, upright_center=True):
    """Glyph outline of ch, em box centred at (cx, cy), x-scaled by sx, rotated clockwise."""
    font = skia.Font(typeface(fam, bold), size)
    gl = font.textToGlyphs(ch)
    p = font.getPath(gl[0]) if len(gl) else None
    if p is None or p.countVerbs() == 0:
        return None
    adv = font.getWidths(gl)[0] or size
    m = skia.Matrix()
    m.setTranslate(-adv / 2, size * 0.38)
    m.postScale(sx, 1.0)
    m.postRotate(angle_deg)
    m.postTranslate(cx, cy)
    q = skia.Path(p)
    q.transform(m)
    return q


def circle_pts(rx, ry, n=180, a0=0.0, a1=2 * math.pi):
    return [(rx * math.sin(a0 + (a1 - a0) * k / n), -ry * math.cos(a0 + (a1 - a0) * k / n)) for k in range(n + 1)]


def ring_sector(rx, ry, w, a0, a1, n=24):
    """Annulus sector between angles a0..a1 (radians from top, clockwise)."""
    p = skia.Path()
    outer = circle_pts(rx, ry, n, a0, a1)
    inner = circle_pts(rx - w, ry - w, n, a0, a1)[::-1]
    p.moveTo(*outer[0])
    for pt in outer[1:] + inner:
        p.lineTo(*pt)
    p.close()
    return p


def star_path(r, cx=0.0, cy=0.0, rot=0.0):
    p = skia.Path()
    for k in range(10):
        rr = r if k % 2 == 0 else r * 0.382
        a = rot + k * math.pi / 5
        pt = (cx + rr * math.sin(a), cy - rr * math.cos(a))
        (p.moveTo if k == 0 else p.lineTo)(*pt)
    p.close()
    return p


def poly_path(pts):
    p = skia.Path()
    p.moveTo(*pts[0])
    for pt in pts[1:]:
        p.lineTo(*pt)
    p.close()
    return p


def ring_prims(rx, ry, w, col, fade):
    """Ring as sectors; fade(angle) -> alpha multiplier (vector partial ink)."""
    prims = []
    n = 36
    for k in range(n):
        a0, a1 = 2 * math.pi * k / n, 2 * math.pi * (k + 1) / n + 0.002
        al = fade(0.5 * (a0 + a1))
        if al > 0.02:
            prims.append(("fill", ring_sector(rx, ry, w, a0, a1, 8), col, al))
    return prims


def arc_text(text, fam, bold, size, sx, rx, ry, span_deg, col, fade, bottom=False):
    prims = []
    n = len(text)
    if n == 0:
        return prims
    span = math.radians(span_deg)
    for k, ch in enumerate(text):
        t = (k + 0.5) / n
        if not bottom:
            a = -span / 2 + span * t
            rot = math.degrees(a)
        else:
            a = math.pi + span / 2 - span * t
            rot = math.degrees(a) - 180
        # point on ellipse and its normal direction for rotation
        x, y = rx * math.sin(a), -ry * math.cos(a)
        if rx != ry:
            rot = math.degrees(math.atan2(x / rx ** 2, -y / ry ** 2)) + (180 if bottom else 0)
        g = glyph_path(ch, fam, bold, size, sx, rot, x, y)
        if g is not None:
            prims.append(("fill", g, col, fade(a % (2 * math.pi))))
    return prims


def hline_text(text, fam, bold, size, sx, cx, cy, col, alpha=1.0, rot=0.0):
    prims = []
    font = skia.Font(typeface(fam, bold), size)
    widths = [font.measureText(c) * sx for c in text]
    tot = sum(widths)
    x = -tot / 2
    cr, sr = math.cos(math.radians(rot)), math.sin(math.radians(rot))
    for c, wd in zip(text, widths):
        px, py = x + wd / 2, 0.0
        gx, gy = cx + px * cr - py * sr, cy + px * sr + py * cr
        g = glyph_path(c, fam, bold, size, sx * (wd / sx / (font.measureText(c) or 1)), rot, gx, gy)
        if g is not None:
            prims.append(("fill", g, col, alpha))
        x += wd
    return prims


def make_fade(rng, partial):
    if not partial:
        return lambda a: 1.0
    side = rng.uniform(0, 2 * math.pi)
    low = rng.choice([0.0, 0.0, rng.uniform(0.05, 0.3)])
    width = rng.uniform(0.3, 0.6)  # radians of the angular transition
    half = math.pi * rng.uniform(0.18, 0.25)  # the faded side spans 2 * half; over 200 degrees stay fully inked

    def f(a):
        d = abs((a - side + math.pi) % (2 * math.pi) - math.pi)  # 0 at faded side centre
        if d < half:
            return low
        if d < half + width:
            return low + (1 - low) * (d - half) / width
        return 1.0
    f.side = side
    f.low = low
    return f


def seal_round(rng, unit, col, fade, double=False):
    R = rng.uniform(19, 22.5)
    w = rng.uniform(0.9, 1.5)
    fam, bold = rng.choice(FONTS_SEAL)
    prims = ring_prims(R, R, w, col, fade)
    inner_r = None
    if double:
        inner_r = R - w - rng.uniform(1.0, 1.6)
        prims += ring_prims(inner_r, inner_r, rng.uniform(0.35, 0.6), col, fade)
    edge = (inner_r if inner_r else R - w)
    size = rng.uniform(5.2, 7.2) if len(unit) <= 12 else rng.uniform(4.4, 5.6)
    sx = rng.uniform(0.65, 0.85)
    rt = edge - 0.8 - size * 0.5
    span = min(280, max(190, len(unit) * rng.uniform(15, 21)))
    prims += arc_text(unit, fam, bold, size, sx, rt, rt, span, col, fade)
    rs = R * rng.uniform(0.27, 0.36)
    sy = rng.uniform(-1.5, 0.5)
    # the star sits at the centre: a stamp pressed harder on one side still inks its middle
    prims.append(("fill", star_path(rs, 0, sy), col, 1.0))
    bl = rng.choice(BOTTOM_LINES)
    if bl:
        prims += [(k, p, c, a * fade(math.pi)) for (k, p, c, a) in
                  hline_text(bl, fam, bold, rng.uniform(3.6, 4.4), 0.8, 0, R * 0.55, col)]
    if rng.random() < 0.4:
        code = "".join(rng.choice("0123456789") for _ in range(13))
        prims += arc_text(code, "Noto Sans CJK SC", False, 2.2, 0.8, edge - 1.8, edge - 1.8, 80, col, fade, bottom=True)
    return prims, R


def seal_oval(rng, unit, col, fade):
    rx, ry = rng.uniform(21, 23), rng.uniform(14, 16)
    w = rng.uniform(0.8, 1.2)
    fam, bold = rng.choice(FONTS_SEAL)
    prims = ring_prims(rx, ry, w, col, fade)
    size = rng.uniform(3.8, 4.6)
    prims += arc_text(unit, fam, bold, size, 0.75, rx - w - 0.6 - size / 2, ry - w - 0.6 - size / 2,
                      min(250, len(unit) * 17), col, fade)
    prims += hline_text(rng.choice(["财务专用章", "合同专用章", "发票专用章"]), fam, bold, 4.6, 0.85, 0, 2.5, col)
    if rng.random() < 0.6:
        code = "".join(rng.choice("0123456789") for _ in range(13))
        prims += hline_text(code, "Noto Sans CJK SC", False, 2.6, 0.8, 0, ry * 0.62, col)
    return prims, rx


def seal_square(rng, col, fade):
    a = rng.uniform(9, 12)
    w = rng.uniform(0.8, 1.3)
    outer = poly_path([(-a, -a), (a, -a), (a, a), (-a, a)])
    inner = poly_path([(-a + w, -a + w), (-a + w, a - w), (a - w, a - w), (a - w, -a + w)])
    outer.addPath(inner)
    prims = [("fill", outer, col, 1.0)]
    name = rng.choice(NAMES)
    chars = (name + "之印") if len(name) == 2 else name[:4]
    fam, bold = rng.choice([(KAI, False), ("Noto Serif CJK SC", True), ("AR PL UMing CN", False)])
    s = (2 * a - 2 * w) * 0.46
    pos = [(a / 2, -a / 2), (a / 2, a / 2), (-a / 2, -a / 2), (-a / 2, a / 2)]
    for ch, (x, y) in zip(chars, pos):
        g = glyph_path(ch, fam, bold, s, 1.0, 0, x * 0.92, y * 0.92)
        if g is not None:
            prims.append(("fill", g, col, 1.0))
    # partial ink for squares: fade by side
    if getattr(fade, "side", None) is not None:
        ux, uy = math.sin(fade.side), -math.cos(fade.side)
        out = []
        for k, p, c, al in prims:
            b = p.getBounds()
            d = ((b.left() + b.right()) / 2) * ux + ((b.top() + b.bottom()) / 2) * uy
            out.append((k, p, c, al * (fade.low if d > a * 0.35 else 1.0)))
        prims = out
    return prims, a * 1.4


def badge(rng, col):
    R = rng.uniform(17, 22)
    prims = ring_prims(R, R, rng.uniform(1.0, 2.0), col, lambda a: 1.0)
    if rng.random() < 0.5:
        prims += ring_prims(R - 3, R - 3, 0.5, col, lambda a: 1.0)
    rs = R * rng.uniform(0.35, 0.5)
    prims.append(("fill", star_path(rs), col, 1.0))
    style = rng.choice(["rays", "wheat", "dots"])
    if style == "rays":
        n = rng.choice([16, 20, 24, 32])
        for k in range(n):
            a = 2 * math.pi * k / n
            r0, r1 = rs * 1.15, R * 0.78
            da = math.pi / n * 0.45
            pts = [(r0 * math.sin(a - da), -r0 * math.cos(a - da)), (r1 * math.sin(a), -r1 * math.cos(a)),
                   (r0 * math.sin(a + da), -r0 * math.cos(a + da))]
            prims.append(("fill", poly_path(pts), col, 1.0))
    elif style == "wheat":
        for sgn in (-1, 1):
            for k in range(9):
                a = math.pi + sgn * (0.35 + k * 0.2)
                r = R * 0.72
                cx, cy = r * math.sin(a), -r * math.cos(a)
                p = skia.Path()
                p.addOval(skia.Rect(-1.0, -2.4, 1.0, 2.4))
                m = skia.Matrix()
                m.setRotate(math.degrees(a) + sgn * 35)
                m.postTranslate(cx, cy)
                p.transform(m)
                prims.append(("fill", p, col, 1.0))
    else:
        for k in range(28):
            a = 2 * math.pi * k / 28
            r = R * 0.8
            p = skia.Path()
            p.addCircle(r * math.sin(a), -r * math.cos(a), 0.7)
            prims.append(("fill", p, col, 1.0))
    return prims, R


def open_arc(rng, col):
    R = rng.uniform(15, 21)
    prims = []
    gap0 = rng.uniform(0, 2 * math.pi)
    span = rng.uniform(3.6, 5.4)
    prims.append(("fill", ring_sector(R, R, rng.uniform(2, 4), gap0, gap0 + span, 60), col, 1.0))
    if rng.random() < 0.7:
        g1 = gap0 + math.pi + rng.uniform(-0.5, 0.5)
        prims.append(("fill", ring_sector(R * 0.65, R * 0.65, rng.uniform(1.5, 3), g1, g1 + rng.uniform(2.5, 4.5), 50),
                      col, 1.0))
    if rng.random() < 0.5:
        p = skia.Path()
        p.addCircle(0, 0, R * 0.2)
        prims.append(("fill", p, col, 1.0))
    return prims, R


def hand_circle(rng, col):
    R = rng.uniform(16, 23)
    pts = []
    a0 = rng.uniform(0, 2 * math.pi)
    tot = 2 * math.pi * rng.uniform(1.02, 1.25)
    ex = rng.uniform(0.85, 1.15)
    ph = [rng.uniform(0, 6.3) for _ in range(3)]
    for k in range(121):
        a = a0 + tot * k / 120
        r = R * (1 + 0.05 * math.sin(2 * a + ph[0]) + 0.03 * math.sin(3 * a + ph[1]) + 0.04 * k / 120)
        pts.append((r * ex * math.sin(a), -r / ex * math.cos(a)))
    prims = [("stroke", pts, rng.uniform(0.4, 0.8), col, 1.0, False)]
    if rng.random() < 0.5:
        prims += hline_text(rng.choice(["已阅", "重点", "核实", "✓"]) if False else rng.choice(["已阅", "重点", "核实"]),
                            KAI, False, rng.uniform(5, 8), 1.0, 0, 2, col)
    return prims, R


def rect_stamp(rng, col, word=None):
    word = word or rng.choice(RECT_WORDS)
    latin = word.isascii()
    size = rng.uniform(5, 7) if not latin else rng.uniform(5, 6.5)
    fam = "Noto Sans CJK SC" if latin else rng.choice(["Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei"])
    font = skia.Font(typeface(fam, True), size)
    tw = font.measureText(word) * 0.9
    hw, hh = tw / 2 + rng.uniform(2.5, 4), size * 0.5 + rng.uniform(2, 3.5)
    w = rng.uniform(0.6, 1.1)
    rot = rng.uniform(-8, 8)
    outer = poly_path([(-hw, -hh), (hw, -hh), (hw, hh), (-hw, hh)])
    outer.addPath(poly_path([(-hw + w, -hh + w), (-hw + w, hh - w), (hw - w, hh - w), (hw - w, -hh + w)]))
    prims = [("fill", outer, col, 1.0)] + hline_text(word, fam, True, size, 0.9, 0, 0, col)
    if rng.random() < 0.4:
        prims += hline_text("2022.%02d.%02d" % (rng.randint(1, 10), rng.randint(1, 28)), "Noto Sans CJK SC", False, 2.8,
                            0.9, 0, hh + 3, col)
    m = skia.Matrix()
    m.setRotate(rot)
    out = []
    for p in prims:
        q = skia.Path(p[1])
        q.transform(m)
        out.append((p[0], q) + tuple(p[2:]))
    return out, max(hw, hh)


def date_stamp(rng, col):
    R = rng.uniform(14, 20)
    prims = ring_prims(R, R, rng.uniform(0.7, 1.1), col, lambda a: 1.0)
    if rng.random() < 0.5:
        prims += ring_prims(R - 2.2, R - 2.2, 0.4, col, lambda a: 1.0)
    d = "2022.%02d.%02d" % (rng.randint(1, 10), rng.randint(1, 28))
    prims += hline_text(d, "Noto Sans CJK SC", True, R * 0.3, 0.85, 0, R * 0.1, col)
    for y in (-R * 0.28, R * 0.34):
        hw = math.sqrt(max(R * R * 0.8 - y * y, 1))
        prims.append(("fill", poly_path([(-hw, y - 0.25), (hw, y - 0.25), (hw, y + 0.25), (-hw, y + 0.25)]), col, 1.0))
    if rng.random() < 0.5:
        prims += hline_text(rng.choice(["%02d" % rng.randint(1, 30), "A", "08"]), "Noto Sans CJK SC", True, R * 0.22,
                            0.9, 0, -R * 0.5, col)
    return prims, R


def circled_nums(rng, col):
    out = []
    for k in range(rng.randint(2, 4)):
        r = rng.uniform(3.5, 8)
        p = ring_prims(r, r, r * 0.12, col, lambda a: 1.0)
        p += hline_text(str(k + 1), "Noto Sans CJK SC", True, r * 1.3, 1.0, 0, 0, col)
        out.append((p, r))
    return out


def red_hand(rng, col):
    text = rng.choice(HAND_WORDS)
    size = rng.uniform(6, 9)
    prims = []
    x = 0.0
    for ch in text:
        g = glyph_path(ch, KAI, False, size * rng.uniform(0.9, 1.1), rng.uniform(0.85, 1.1), rng.uniform(-10, 6), x,
                       rng.uniform(-1, 1))
        if g is not None:
            prims.append(("fill", g, col, 1.0))
        x += size * rng.uniform(0.85, 1.0)
    # an underline / tick stroke
    pts = [(-size * 0.4 + k * (x + size * 0.4) / 20, size * 0.7 + math.sin(k / 3) * 0.6) for k in range(21)]
    prims.append(("stroke", pts, rng.uniform(0.35, 0.6), col, 1.0, False))
    prims = shift(prims, -x / 2 + size * 0.5, 0)
    return prims, x / 2 + size


def signature(rng):
    name = rng.choice(NAMES)
    size = rng.uniform(8, 11)
    prims = []
    x = 0
    for ch in name:
        g = glyph_path(ch, KAI, False, size, 1.2, -12, x, 0)
        if g is not None:
            prims.append(("fill", g, (20, 20, 35), 1.0))
        x += size * 0.8
    pts = [(-4 + k * (x + 6) / 30, size * 0.35 + 2.5 * math.sin(k / 2.2) * (1 - k / 40)) for k in range(31)]
    prims.append(("stroke", pts, 0.5, (20, 20, 35), 1.0, False))
    return shift(prims, -x / 2 + size * 0.4, 0), x / 2 + size


def shift(prims, dx, dy):
    out = []
    for p in prims:
        if p[0] == "fill":
            q = skia.Path(p[1])
            q.offset(dx, dy)
            out.append(("fill", q) + tuple(p[2:]))
        else:
            out.append(("stroke", [(x + dx, y + dy) for x, y in p[1]]) + tuple(p[2:]))
    return out


# --------------------------------------------------------------------------- colours

def jitter(rng, rgb, d=10):
    return tuple(int(min(255, max(0, c + rng.randint(-d, d)))) for c in rgb)


def ink_colour(rng, sub):
    if sub == "purple":
        return jitter(rng, (0xad, 0x25, 0x67), 12)
    if sub == "pink":
        return jitter(rng, (0xf2, 0x99, 0xb2), 8)
    return rng.choice([(214, 32, 42), (226, 36, 43), (200, 22, 29), (232, 58, 58), (220, 40, 30), (190, 30, 45)])


def hexc(rgb):
    return "#%02x%02x%02x" % rgb


def lighten(rgb, a):
    """Colour of ink at coverage a over white paper."""
    return tuple(int(round(255 - (255 - c) * a)) for c in rgb)


# --------------------------------------------------------------------------- raster marks

def render_mark(prims, half, ppm, seed, texture=True, faint=1.0, fade=None, bg=None):
    """Draw a mark with Skia; returns RGBA numpy array (ink texture by numpy)."""
    size = int(math.ceil((2 * half + 4) * ppm))
    surf = skia.Surface(size, size)
    cv = surf.getCanvas()
    cv.clear(skia.ColorTRANSPARENT)
    cv.translate(size / 2, size / 2)
    cv.scale(ppm, ppm)
    for p in prims:
        if p[0] == "fill":
            _, path, col, al = p
            paint = skia.Paint(AntiAlias=True, Color=skia.Color(*col, int(255 * max(0, min(1, al)))))
            cv.drawPath(path, paint)
        else:
            _, pts, wd, col, al, closed = p
            paint = skia.Paint(AntiAlias=True, Style=skia.Paint.kStroke_Style, StrokeWidth=wd,
                               StrokeCap=skia.Paint.kRound_Cap, StrokeJoin=skia.Paint.kRound_Join,
                               Color=skia.Color(*col, int(255 * al)))
            path = skia.Path()
            path.moveTo(*pts[0])
            for pt in pts[1:]:
                path.lineTo(*pt)
            if closed:
                path.close()
            cv.drawPath(path, paint)
    arr = surf.toarray(colorType=skia.kRGBA_8888_ColorType, alphaType=skia.kUnpremul_AlphaType).astype(np.float32)
    if texture:
        rng = np.random.default_rng(seed)
        a = arr[..., 3] / 255.0
        n1 = rng.random((size // 6 + 2, size // 6 + 2)).astype(np.float32)
        big = np.array(Image.fromarray((n1 * 255).astype(np.uint8)).resize((size, size), Image.BICUBIC),
                       np.float32) / 255
        fine = rng.random((size, size)).astype(np.float32)
        a = a * (0.72 + 0.28 * big) * (0.85 + 0.15 * fine)
        holes = rng.random((size, size)) < 0.012
        a[holes] *= 0.2
        a *= faint
        arr[..., 3] = np.clip(a, 0, 1) * 255
    if bg is not None:
        a = arr[..., 3:4] / 255.0
        rgb = arr[..., :3] * a + np.array(bg, np.float32) * (1 - a)
        arr = np.concatenate([rgb, np.full_like(a, 255)], axis=2)
    return arr.astype(np.uint8)


# --------------------------------------------------------------------------- fodg page

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def path_d(path, ox, oy):
    """SVG path data of a skia path in 1/100 mm, relative to (ox, oy) mm."""
    out = []

    def f(pt):
        return "%d %d" % (round((pt.x() - ox) * 100), round((pt.y() - oy) * 100))
    for verb, pts in skia.Path.Iter(path, False):
        if verb == skia.Path.Verb.kMove_Verb:
            out.append("M" + f(pts[0]))
        elif verb == skia.Path.Verb.kLine_Verb:
            out.append("L" + f(pts[1]))
        elif verb == skia.Path.Verb.kQuad_Verb:
            out.append("Q" + f(pts[1]) + " " + f(pts[2]))
        elif verb == skia.Path.Verb.kCubic_Verb:
            out.append("C" + f(pts[1]) + " " + f(pts[2]) + " " + f(pts[3]))
        elif verb == skia.Path.Verb.kClose_Verb:
            out.append("Z")
        elif verb == skia.Path.Verb.kConic_Verb:
            out.append("L" + f(pts[2]))
    return " ".join(out)


class Page:
    def __init__(self):
        self.items = []
        self.styles = {}

    def _style(self, key, xml):
        if key not in self.styles:
            self.styles[key] = ("s%d" % len(self.styles), xml)
        return self.styles[key][0]

    def text(self, x, y, w, h, s, size=12, col=(0, 0, 0), bold=False, font="Noto Serif CJK SC", align="start",
             lh=150):
        fr = self._style(("fr",), '<style:graphic-properties draw:stroke="none" draw:fill="none" '
                         'draw:textarea-vertical-align="top" draw:auto-grow-height="false" fo:padding-top="0mm" '
                         'fo:padding-bottom="0mm" fo:padding-left="0mm" fo:padding-right="0mm"/>')
        pk = ("p", align, lh)
        ps = self._style(pk, '<style:paragraph-properties fo:text-align="%s" fo:line-height="%d%%"/>' % (align, lh))
        tk = ("t", size, col, bold, font)
        ts = self._style(tk, '<style:text-properties fo:font-size="%.1fpt" style:font-size-asian="%.1fpt" '
                         'fo:font-family="\'%s\'" style:font-family-asian="\'%s\'" fo:color="%s"%s/>'
                         % (size, size, font, font, hexc(col),
                            ' fo:font-weight="bold" style:font-weight-asian="bold"' if bold else ""))
        paras = s if isinstance(s, list) else [s]
        body = "".join('<text:p text:style-name="%s"><text:span text:style-name="%s">%s</text:span></text:p>'
                       % (ps, ts, esc(t)) for t in paras)
        self.items.append('<draw:frame draw:style-name="%s" svg:x="%.2fmm" svg:y="%.2fmm" svg:width="%.2fmm" '
                          'svg:height="%.2fmm"><draw:text-box>%s</draw:text-box></draw:frame>'
                          % (fr, x, y, w, h, body))

    def rect(self, x, y, w, h, col):
        st = self._style(("fill", col, 1.0), '<style:graphic-properties draw:stroke="none" draw:fill="solid" '
                         'draw:fill-color="%s"/>' % hexc(col))
        self.items.append('<draw:rect draw:style-name="%s" svg:x="%.2fmm" svg:y="%.2fmm" svg:width="%.2fmm" '
                          'svg:height="%.2fmm"/>' % (st, x, y, w, h))

    def mark_vector(self, prims, cx, cy):
        for p in prims:
            if p[0] == "stroke":
                # LibreOffice's own paths: the pen stroke as its filled outline
                _, pts, wd, col, al, closed = p
                src = skia.Path()
                src.moveTo(*pts[0])
                for pt in pts[1:]:
                    src.lineTo(*pt)
                paint = skia.Paint(Style=skia.Paint.kStroke_Style, StrokeWidth=wd, StrokeCap=skia.Paint.kRound_Cap,
                                   StrokeJoin=skia.Paint.kRound_Join)
                outl = skia.Path()
                paint.getFillPath(src, outl)
                p = ("fill", outl, col, al)
            if p[0] == "fill":
                try:
                    p = ("fill", skia.Simplify(p[1])) + tuple(p[2:])
                except Exception:
                    pass
                _, path, col, al = p
                colr = lighten(col, max(0.0, min(1.0, al)))
                if al < 0.02:
                    continue
                st = self._style(("fill", colr, 1.0), '<style:graphic-properties draw:stroke="none" '
                                 'draw:fill="solid" draw:fill-color="%s"/>' % hexc(colr))
                b = path.computeTightBounds()
                w, h = max(b.width(), 0.05), max(b.height(), 0.05)
                self.items.append('<draw:path draw:style-name="%s" svg:x="%.3fmm" svg:y="%.3fmm" svg:width="%.3fmm" '
                                  'svg:height="%.3fmm" svg:viewBox="0 0 %d %d" svg:d="%s"/>'
                                  % (st, cx + b.left(), cy + b.top(), w, h, round(w * 100), round(h * 100),
                                     path_d(path, b.left(), b.top())))
            else:
                _, pts, wd, col, al, closed = p
                colr = lighten(col, al)
                st = self._style(("stroke", colr, round(wd, 2)),
                                 '<style:graphic-properties draw:stroke="solid" svg:stroke-color="%s" '
                                 'svg:stroke-width="%.2fmm" draw:stroke-linejoin="round" svg:stroke-linecap="round" '
                                 'draw:fill="none"/>' % (hexc(colr), wd))
                xs, ys = [q[0] for q in pts], [q[1] for q in pts]
                x0, y0 = min(xs), min(ys)
                w, h = max(max(xs) - x0, 0.05), max(max(ys) - y0, 0.05)
                pp = " ".join("%d,%d" % (round((x - x0) * 100), round((y - y0) * 100)) for x, y in pts)
                self.items.append('<draw:polyline draw:style-name="%s" svg:x="%.3fmm" svg:y="%.3fmm" '
                                  'svg:width="%.3fmm" svg:height="%.3fmm" svg:viewBox="0 0 %d %d" svg:points="%s"/>'
                                  % (st, cx + x0, cy + y0, w, h, round(w * 100), round(h * 100), pp))

    def image(self, data, x, y, w, h):
        st = self._style(("img",), '<style:graphic-properties draw:stroke="none" draw:fill="none"/>')
        self.items.append('<draw:frame draw:style-name="%s" svg:x="%.2fmm" svg:y="%.2fmm" svg:width="%.2fmm" '
                          'svg:height="%.2fmm"><draw:image><office:binary-data>%s</office:binary-data></draw:image>'
                          '</draw:frame>' % (st, x, y, w, h, base64.b64encode(data).decode()))

    def xml(self):
        styles = []
        for key, (name, props) in self.styles.items():
            fam = {"p": "paragraph", "t": "text"}.get(key[0], "graphic")
            styles.append('<style:style style:name="%s" style:family="%s">%s</style:style>' % (name, fam, props))
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document %s office:version="1.2" '
                'office:mimetype="application/vnd.oasis.opendocument.graphics"><office:automatic-styles>'
                '<style:page-layout style:name="PM1"><style:page-layout-properties fo:margin-top="0mm" '
                'fo:margin-bottom="0mm" fo:margin-left="0mm" fo:margin-right="0mm" fo:page-width="210mm" '
                'fo:page-height="297mm" style:print-orientation="portrait"/></style:page-layout>'
                '<style:style style:name="dp1" style:family="drawing-page"/>%s</office:automatic-styles>'
                '<office:master-styles><style:master-page style:name="Default" style:page-layout-name="PM1" '
                'draw:style-name="dp1"/></office:master-styles><office:body><office:drawing><draw:page '
                'draw:name="page1" draw:master-page-name="Default">%s</draw:page></office:drawing></office:body>'
                '</office:document>\n' % (NS, "".join(styles), "".join(self.items)))


# --------------------------------------------------------------------------- composition

def paragraphs(rng, sents, k):
    out = []
    for _ in range(k):
        out.append("　　" + "".join(rng.choice(sents) for _ in range(rng.randint(1, 3))))
    return out


def table_rows(rng, sents):
    heads = rng.choice([["序号", "事项名称", "办件量", "好评率"], ["单位", "指标", "得分", "备注"],
                        ["月份", "受理数", "办结数", "满意度"]])
    rows = [heads]
    for r in range(rng.randint(3, 6)):
        rows.append([str(r + 1), rng.choice(sents)[:6], str(rng.randint(10, 999)), "%d%%" % rng.randint(80, 100)])
    return rows


def draw_table(page, rng, rows, x, y, w, col, text_col, font):
    rh = 8.0
    cw = [w * f for f in (0.15, 0.45, 0.2, 0.2)]
    lw = rng.uniform(0.25, 0.6)
    n = len(rows)
    for r in range(n + 1):
        page.rect(x, y + r * rh, w, lw, col)
    cx = x
    for c in range(5):
        page.rect(cx, y, lw, n * rh + lw, col)
        if c < 4:
            cx += cw[c]
    for r, row in enumerate(rows):
        cx = x
        for c, cell in enumerate(row):
            page.text(cx + 1, y + r * rh + 1.6, cw[c] - 2, rh - 2, cell, 10, text_col if r or col == text_col else
                      (0, 0, 0), bold=(r == 0), font=font, align="center", lh=100)
            cx += cw[c]
    return y + n * rh


def compose(rng, seed, kind, seal, sub, sents, units):
    """Returns (page, marks, meta). marks: list of dict(prims, half, cx, cy, z, role)."""
    page_items_after = []
    font = rng.choice(BODY_FONTS)
    unit = rng.choice(units)
    date = "2022年%d月%d日" % (rng.randint(1, 10), rng.randint(1, 28))
    page = Page()
    marks = []
    y = rng.uniform(18, 26)
    redhead = sub == "redhead" or (seal and rng.random() < 0.15)
    red = ink_colour(rng, "normal")
    if redhead:
        head = unit + rng.choice(["文件", "", "通知"]) if rng.random() < 0.7 else unit
        page.text(15, y, 180, 20, head, rng.uniform(24, 30) if len(head) < 12 else 22, red, True,
                  rng.choice(["Noto Serif CJK SC", "AR PL UMing CN", "Noto Sans CJK SC"]), "center", 100)
        y += 24
        page.text(60, y, 90, 6, "%s〔2022〕%d号" % (unit[:2] + "政", rng.randint(1, 99)), 12, (0, 0, 0), False, font,
                  "center", 100)
        y += 9
        if rng.random() < 0.5:
            page.rect(25, y, 72, 0.9, red)
            marks.append(dict(prims=[("fill", star_path(2.6), red, 1.0)], half=3, cx=105, cy=y + 0.45, z=0,
                              role="redhead-star"))
            page.rect(113, y, 72, 0.9, red)
        else:
            page.rect(25, y, 160, rng.uniform(0.6, 1.2), red)
        y += 8
    title = rng.choice(["关于报送2022年度政务服务绩效考评佐证材料的报告", "政务服务事项办理情况统计表",
                        "关于“好差评”工作开展情况的说明", "2022年1-10月政务服务数据统计", "关于窗口服务能力建设情况的报告"])
    page.text(20, y, 170, 10, title, rng.choice([15, 16, 18]), (0, 0, 0), True, font, "center", 100)
    y += 14
    stop = rng.uniform(165, 190)
    table_red = sub == "red-table" and not seal
    if table_red or (rng.random() < 0.2 and sub != "red-table"):
        y = draw_table(page, rng, table_rows(rng, sents), 25, y, 160, red if table_red else (0, 0, 0),
                       red if (table_red and rng.random() < 0.5) else (0, 0, 0), font) + 6
    body, y0 = [], y
    for para in paragraphs(rng, sents, 8):
        units_w = sum(1.0 if ord(c) > 0x2e80 else 0.55 for c in para)
        h = math.ceil(units_w * 1.08 / 37.0) * 4.23 * 1.5
        if y + h > stop:
            break
        body.append(para)
        y += h
    if body:
        page.text(25, y0, 160, y - y0 + 2, body, 12, (0, 0, 0), False, font, "justify", 150)
    ysig = max(y + rng.uniform(8, 20), rng.uniform(205, 225))
    ysig = min(ysig, 255)
    sig_x = rng.uniform(108, 122)
    cx, cy = sig_x + 33 + rng.uniform(-6, 6), ysig + 5 + rng.uniform(-4, 5)
    sig_items = [(sig_x, ysig, 70, 7, unit, 12), (sig_x, ysig + 9, 70, 7, date, 12)]
    meta = dict(cx=round(cx, 1), cy=round(cy, 1), unit=unit, font=font)

    if seal:
        col = ink_colour(rng, sub)
        fade = make_fade(rng, sub == "partial")
        if sub == "oval":
            prims, half = seal_oval(rng, unit, col, fade)
        elif sub == "square":
            prims, half = seal_square(rng, col, fade)
            cx = sig_x + 58 + rng.uniform(-4, 4)
        else:
            prims, half = seal_round(rng, unit, col, fade, double=(sub == "double" or rng.random() < 0.08))
        faint = 1.0
        if sub == "faint":
            faint = rng.uniform(0.3, 0.5)
            if kind == "vector":
                prims = [p[:3] + (p[3] * faint,) if p[0] == "fill" else p for p in prims]
        meta.update(colour=hexc(col), half=round(half, 1), faint=round(faint, 2),
                    fade_side=round(getattr(fade, "side", -1), 2), fade_low=round(getattr(fade, "low", 1), 2))
        seal_mark = dict(prims=prims, half=half, cx=cx, cy=cy, z=5, role="seal", faint=faint)
        if sub == "beside-stamp":
            sp, sh = rect_stamp(rng, jitter(rng, col, 15))
            gap = rng.uniform(-4, 8)
            if rng.random() < 0.6:
                scx, scy = cx - half - sh - gap, cy + rng.uniform(-10, 10)
            else:
                scx, scy = cx + rng.uniform(-10, 5), cy + half + sh * 0.5 + gap
            marks.append(dict(prims=sp, half=sh + 8, cx=scx, cy=scy, z=4, role="stamp"))
        if sub == "red-hand":
            hp, hh = red_hand(rng, jitter(rng, col, 20))
            marks.append(dict(prims=hp, half=hh + 2, cx=cx + rng.uniform(-12, 4), cy=cy + rng.uniform(-4, 12), z=3,
                              role="hand"))
            hp, hh = red_hand(rng, jitter(rng, col, 20))
            marks.append(dict(prims=hp, half=hh + 2, cx=rng.uniform(60, 100), cy=rng.uniform(60, 120), z=3,
                              role="hand"))
        if sub == "red-table":
            rows = table_rows(rng, sents)
            ty = cy - rng.uniform(5, 30)
            page_items_after.append(("table", rows, ty))
        marks.append(seal_mark)
    else:
        col = ink_colour(rng, "normal")
        if sub == "badge":
            p, h = badge(rng, col)
            if rng.random() < 0.3:
                marks.append(dict(prims=p, half=h, cx=38, cy=30, z=5, role="badge"))
            else:
                marks.append(dict(prims=p, half=h, cx=cx, cy=cy, z=5, role="badge"))
        elif sub == "open-arc":
            p, h = open_arc(rng, col)
            marks.append(dict(prims=p, half=h, cx=cx if rng.random() < 0.7 else 35, cy=cy, z=5, role="logo"))
        elif sub == "hand-circle":
            p, h = hand_circle(rng, jitter(rng, col, 20))
            marks.append(dict(prims=p, half=h + 2, cx=cx - rng.uniform(0, 40), cy=cy - rng.uniform(0, 60), z=5,
                              role="pen"))
        elif sub == "rect-stamp":
            p, h = rect_stamp(rng, col)
            marks.append(dict(prims=p, half=h + 8, cx=cx, cy=cy, z=5, role="stamp"))
        elif sub == "date-stamp":
            p, h = date_stamp(rng, col)
            marks.append(dict(prims=p, half=h, cx=cx, cy=cy, z=5, role="date"))
        elif sub == "circled-num":
            for k, (p, r) in enumerate(circled_nums(rng, col)):
                marks.append(dict(prims=p, half=r + 1, cx=18 + (k % 2) * 170, cy=70 + 25 * k, z=5, role="num"))
        elif sub == "red-hand":
            p, h = red_hand(rng, col)
            marks.append(dict(prims=p, half=h + 2, cx=cx - 10, cy=cy + 4, z=5, role="hand"))
            if rng.random() < 0.5:
                p, h = hand_circle(rng, col)
                p = [q for q in p if q[0] == "stroke"]
                m = [(x * 0.5, y * 0.25) for x, y in p[0][1]]
                marks.append(dict(prims=[("stroke", m) + tuple(p[0][2:])], half=h, cx=rng.uniform(60, 140),
                                  cy=rng.uniform(60, 140), z=5, role="pen"))
        elif sub == "ui-icon":
            pass
        meta.update(colour=hexc(col))
    # signature near the seal
    if rng.random() < (0.9 if sub == "text-over" else 0.5):
        sp, sh = signature(rng)
        marks.append(dict(prims=sp, half=sh + 3, cx=sig_x + rng.uniform(5, 30), cy=ysig + 20, z=9 if sub == "text-over"
                          else 2, role="signature"))
    return page, marks, meta, sig_items, page_items_after, font, red


def place_text_after(page, rng, sig_items, after, font, sents, sub, seal_y):
    for kind, rows, ty in after:
        draw_table(page, rng, rows, 25, ty, 160, jitter(rng, (210, 30, 40), 15), (0, 0, 0), font)
    for x, y, w, h, s, size in sig_items:
        page.text(x, y, w, h, s, size, (0, 0, 0), False, font, "center", 100)
    if sub == "text-over":
        para = "".join(rng.choice(sents) for _ in range(3))
        page.text(25, seal_y - rng.uniform(10, 20), 160, 22, "　　" + para, 12, (0, 0, 0), False, font, "justify", 150)


# --------------------------------------------------------------------------- per-file build

def mark_png(m, seed, ppm, fmt, raster_texture=True):
    arr = render_mark(m["prims"], m["half"], ppm, seed, texture=raster_texture and m["role"] != "signature",
                      faint=m.get("faint", 1.0), bg=(255, 255, 255) if fmt != "png" else None)
    im = Image.fromarray(arr, "RGBA")
    buf = io.BytesIO()
    if fmt == "jpeg":
        im.convert("RGB").save(buf, "JPEG", quality=88)
    elif fmt == "pngw":
        im.convert("RGB").save(buf, "PNG")
    else:
        im.save(buf, "PNG")
    return buf.getvalue(), arr.shape[0] / ppm


def build_doc(i, args, sents, units, work):
    seed = 20000 + i
    rng = random.Random(seed)
    kind = KINDS[i % 5]
    seal = 1 if (i // 5) % 2 == 0 else 0
    if seal:
        subs = SEAL_SUBS
    else:
        subs = NOSEAL_SUBS + (["ui-icon"] if kind == "screenshot" else [])
    sub = subs[(i // 10 + i % 5 * 3) % len(subs)]
    if kind == "screenshot" and seal and rng.random() < 0.3:
        small = True
    else:
        small = False
    page, marks, meta, sig_items, after, font, red = compose(rng, seed, kind, seal, sub, sents, units)
    meta.update(file=None, kind=kind, seal=seal, sub=sub, seed=seed)
    marks.sort(key=lambda m: m["z"])
    use_docx = kind == "pasted" and sub in ("normal", "partial", "faint", "purple", "pink", "oval", "double",
                                            "square", "plain", "badge", "rect-stamp", "date-stamp",
                                            "open-arc") and rng.random() < 0.5
    meta["writer"] = "docx" if use_docx else "fodg"
    if use_docx:
        return build_docx(i, rng, seed, page, marks, meta, sig_items, font, sents, work), meta, small
    # sig text under the marks unless the text must be over the seal
    if sub != "text-over":
        place_text_after(page, rng, sig_items, after, font, sents, sub, meta["cy"])
    fmt_choice = rng.random()
    for k, m in enumerate(marks):
        if sub == "text-over" and m["z"] > 5:
            place_text_after(page, rng, sig_items, after, font, sents, sub, meta["cy"])
        if kind == "vector" or m["role"] == "redhead-star":
            page.mark_vector(m["prims"], m["cx"], m["cy"])
        else:
            fmt = "png"
            if kind == "pasted":
                fmt = "png" if fmt_choice < 0.6 else ("pngw" if fmt_choice < 0.8 else "jpeg")
                if m["role"] in ("signature", "hand", "pen"):
                    fmt = "png"  # pen marks are transparent; only stamp-like pictures carry a background
            data, side = mark_png(m, seed * 31 + k, rng.choice([8, 10, 12]) if kind == "pasted" else 12, fmt,
                                  raster_texture=True)
            page.image(data, m["cx"] - side / 2, m["cy"] - side / 2, side, side)
    if sub == "text-over" and not any(m["z"] > 5 for m in marks):
        place_text_after(page, rng, sig_items, after, font, sents, sub, meta["cy"])
    path = os.path.join(work, "%04d.fodg" % i)
    with open(path, "w", encoding="utf-8") as f:
        f.write(page.xml())
    return path, meta, small


def build_docx(i, rng, seed, page, marks, meta, sig_items, font, sents, work):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt
    from docx.oxml.ns import qn
    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = font
    st.font.size = Pt(12)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    h = d.add_paragraph()
    h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = h.add_run(rng.choice(["政务服务事项办理情况说明", "关于报送佐证材料的函", "窗口服务工作总结"]))
    r.bold = True
    r.font.size = Pt(16)
    for para in paragraphs(rng, sents, rng.randint(3, 6)):
        d.add_paragraph(para)
    # marks: each as an inline picture, the seal right-aligned above the unit name
    for k, m in enumerate(marks):
        fmt = rng.choice(["png", "png", "pngw", "jpeg"]) if m["role"] != "signature" else "png"
        data, side = mark_png(m, seed * 31 + k, rng.choice([8, 10, 12]), fmt)
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_run().add_picture(io.BytesIO(data), width=Mm(side))
    for _, _, _, _, s, _ in sig_items:
        p = d.add_paragraph(s)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    path = os.path.join(work, "%04d.docx" % i)
    d.save(path)
    return path


# --------------------------------------------------------------------------- post-processing

def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


def wrap_jpeg_pdf(jpg, w_px, h_px, out):
    W, H = 595.28, 841.89
    ps = ("<< /PageSize [%.2f %.2f] >> setpagedevice %.6f %.6f scale (%s) viewJPEG showpage"
          % (W, H, W / w_px, H / h_px, jpg))
    lib = subprocess.run(["gs", "-q", "-dNODISPLAY", "-dNOSAFER", "-c", "(viewjpeg.ps) findlibfile pop pop = quit"],
                         capture_output=True, text=True).stdout.strip()
    run(["gs", "-q", "-dNOSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite", "-o", out, lib, "-c", ps])


def post_scan(pdf, out, rng, tmp, seed):
    dpi = rng.choice([150, 200, 200, 300])
    png = os.path.join(tmp, "p.ppm")
    run(["gs", "-q", "-dBATCH", "-dNOPAUSE", "-sDEVICE=ppmraw", "-r%d" % dpi, "-dFirstPage=1", "-dLastPage=1",
         "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4", "-o", png, pdf])
    jpg = os.path.join(tmp, "p.jpg")
    tone = jitter(rng, (244, 240, 228), 8)
    run(["convert", png, "-seed", str(seed), "-background", "white", "-rotate", "%.2f" % rng.uniform(-1.5, 1.5),
         "-gravity", "center", "-extent", "%dx%d" % (int(8.27 * dpi), int(11.69 * dpi)),
         "(", "+clone", "-fill", hexc(tone), "-colorize", "100", ")", "-compose", "multiply", "-composite",
         "-modulate", "%d,%d" % (rng.randint(95, 104), rng.randint(85, 105)),
         "-blur", "0x%.2f" % rng.uniform(0.3, 1.0), "-attenuate", "%.2f" % rng.uniform(0.2, 0.6), "+noise", "Gaussian",
         "-quality", str(rng.randint(60, 90)), jpg])
    wrap_jpeg_pdf(jpg, int(8.27 * dpi), int(11.69 * dpi), out)
    return dict(dpi=dpi)


def post_photo(pdf, out, rng, tmp, seed, cy_mm):
    W = rng.choice([rng.randint(2000, 2600), rng.randint(2000, 2600), rng.randint(2600, 3400), rng.randint(3400, 4000)])
    H = int(W * rng.choice([0.75, 1.333, 0.5625, 1.0]))
    if H < 2000 and W < 2000:
        H = 2000
    # page height in photo ~ 75-95% of the short/long axis
    ph = min(H * rng.uniform(0.78, 0.95), W * rng.uniform(0.8, 0.98) * 1.414)
    dpi = max(80, int(ph / 11.69))
    png = os.path.join(tmp, "p.ppm")
    run(["gs", "-q", "-dBATCH", "-dNOPAUSE", "-sDEVICE=ppmraw", "-r%d" % dpi, "-dFirstPage=1", "-dLastPage=1",
         "-dTextAlphaBits=4", "-dGraphicsAlphaBits=4", "-o", png, pdf])
    pw, phh = Image.open(png).size
    x0, y0 = (W - pw) / 2, (H - phh) / 2
    j = lambda s: rng.uniform(-s, s)
    k = 0.07 * min(pw, phh)
    src = [(0, 0), (pw, 0), (pw, phh), (0, phh)]
    dst = [(x0 + j(k), y0 + j(k)), (x0 + pw + j(k), y0 + j(k)), (x0 + pw + j(k), y0 + phh + j(k)),
           (x0 + j(k), y0 + phh + j(k))]
    if rng.random() < 0.5:  # keystone
        t = rng.uniform(0.03, 0.1) * pw
        dst[0] = (dst[0][0] + t, dst[0][1])
        dst[1] = (dst[1][0] - t, dst[1][1])
    persp = " ".join("%d,%d %d,%d" % (s[0], s[1], d[0], d[1]) for s, d in zip(src, dst))
    desk = rng.choice(["#6b5a48", "#8a7560", "#3d3f44", "#c9c4ba", "#5b6d7a", "#9c8f84"])
    cast = rng.choice(["#ffb060", "#80a0ff", "#a0ff90", "#ffd0a0", "#ffffff"])
    glare_x, glare_y = rng.uniform(0.2, 0.8) * W, rng.uniform(0.05, 0.3) * H
    gr = int(rng.uniform(0.15, 0.3) * min(W, H))
    blur = (["-blur", "0x%.1f" % rng.uniform(0.6, 2.2)] if rng.random() < 0.75 else
            ["-motion-blur", "0x%.1f+%d" % (rng.uniform(1.5, 4), rng.randint(0, 180))])
    jpg = out
    cmd = ["convert", "-seed", str(seed), "-size", "%dx%d" % (W // 4, H // 4), "xc:" + desk, "-attenuate", "0.3",
           "+noise", "Multiplicative", "-resize", "%dx%d!" % (W, H),
           "(", png, "-alpha", "set", "-virtual-pixel", "transparent", "-interpolate", "bilinear", "-filter", "point",
           "-define", "distort:viewport=%dx%d+0+0" % (W, H),
           "-distort", "Perspective", persp, ")", "-compose", "over", "-composite",
           "(", "-size", "%dx%d" % (W, H), "radial-gradient:white-gray%d" % rng.randint(45, 75), ")",
           "-compose", "multiply", "-composite",
           "-fill", cast, "-colorize", "%d" % rng.randint(4, 14),
           "(", "-size", "%dx%d" % (2 * gr, 2 * gr), "radial-gradient:gray%d-black" % rng.randint(40, 80), ")",
           "-geometry", "+%d+%d" % (glare_x - gr, glare_y - gr), "-compose", "screen", "-composite",
           "(", "-size", "%dx%d" % (W, H), "radial-gradient:white-gray%d" % rng.randint(20, 50), "-level",
           "0%%,%d%%" % rng.randint(60, 90), ")", "-compose", "multiply", "-composite"] + blur + [
           "-attenuate", "%.2f" % rng.uniform(0.3, 0.9), "+noise", "Gaussian",
           "-quality", str(rng.randint(60, 90)), jpg]
    run(cmd)
    cams = [("Xiaomi", "Redmi Note 11"), ("HUAWEI", "ELS-AN00"), ("Apple", "iPhone 12"), ("OPPO", "PDEM10"),
            ("vivo", "V2049A"), ("HONOR", "ANY-AN00")]
    mk, md = rng.choice(cams)
    run(["exiftool", "-q", "-overwrite_original", "-Make=" + mk, "-Model=" + md,
         "-DateTimeOriginal=2022:%02d:%02d %02d:%02d:%02d" % (rng.randint(1, 10), rng.randint(1, 28),
                                                                rng.randint(8, 18), rng.randint(0, 59),
                                                                rng.randint(0, 59)),
         "-FNumber=1.8", "-ExposureTime=1/%d" % rng.choice([30, 60, 100, 125]), "-ISO=%d" % rng.choice([100, 200, 400]),
         "-FocalLength=4.7", jpg])
    return dict(w=W, h=H, dpi=dpi)


def post_screenshot(pdf, out, rng, tmp, seed, cy_mm, small, sub):
    win = rng.choice([(1366, 768), (1920, 1080), (1600, 900), (1440, 900), (2560, 1440), (1280, 800)])
    zoom = rng.uniform(0.35, 0.55) if small else rng.uniform(0.7, 1.3)
    dpi = 96 * zoom * (2 if win[0] == 2560 else 1)
    base = os.path.join(tmp, "s")
    run(["pdftocairo", "-png", "-singlefile", "-r", "%.1f" % dpi, "-f", "1", "-l", "1", pdf, base])
    pg = Image.open(base + ".png").convert("RGB")
    W, H = win
    ui = W / 1366.0 if W != 2560 else 2.0
    surf = skia.Surface(W, H)
    cv = surf.getCanvas()
    cv.clear(skia.Color(*rng.choice([(230, 230, 230), (243, 243, 243), (62, 62, 66), (210, 214, 222)])))
    tb = int(32 * ui)
    side = int(rng.choice([0, 180, 220]) * ui)
    cv.drawRect(skia.Rect(0, 0, W, tb), skia.Paint(Color=skia.Color(*rng.choice([(43, 87, 154), (250, 250, 250),
                                                                                   (60, 60, 60)]))))
    fnt = skia.Font(typeface("Noto Sans CJK SC"), 13 * ui)
    cv.drawString("%s - 文档查看器" % rng.choice(["佐证材料.pdf", "统计表.pdf", "考评材料.pdf"]), 12 * ui, 22 * ui, fnt,
                  skia.Paint(Color=skia.ColorGRAY))
    red = skia.Paint(AntiAlias=True, Color=skia.Color(*rng.choice([(230, 40, 40), (245, 60, 60), (220, 20, 60)])))
    white = skia.Paint(AntiAlias=True, Color=skia.ColorWHITE)
    if side:
        cv.drawRect(skia.Rect(0, tb, side, H), skia.Paint(Color=skia.Color(246, 247, 249)))
        for k, item in enumerate(["首页", "待办事项", "我的文件", "考评填报", "消息中心", "设置"]):
            yy = tb + (40 + 40 * k) * ui
            cv.drawString(item, 20 * ui, yy, fnt, skia.Paint(AntiAlias=True, Color=skia.Color(60, 60, 60)))
            if rng.random() < 0.4:
                r = 8 * ui
                cv.drawCircle(side - 25 * ui, yy - 5 * ui, r, red)
                cv.drawString(str(rng.randint(1, 99)), side - 30 * ui, yy - 1 * ui, skia.Font(typeface("Noto Sans CJK SC"),
                              10 * ui), white)
    vx, vy, vw, vh = side + int(10 * ui), tb + int(10 * ui), W - side - int(20 * ui), H - tb - int(20 * ui)
    # scroll so that the signature area is visible
    ppm = dpi / 25.4
    top = int(cy_mm * ppm - vh * rng.uniform(0.35, 0.7))
    top = max(0, min(top, max(0, pg.height - vh)))
    left = max(0, (pg.width - vw) // 2)
    crop = pg.crop((left, top, left + min(vw, pg.width), top + min(vh, pg.height - top)))
    px = vx + max(0, (vw - crop.width) // 2)
    arr = np.array(crop.convert("RGBA"))
    img = skia.Image.fromarray(arr, colorType=skia.kRGBA_8888_ColorType)
    cv.drawImage(img, px, vy)
    nicons = rng.randint(1, 3) + (3 if sub == "ui-icon" else 0)
    for k in range(nicons):
        r = rng.uniform(8, 14) * ui if sub != "ui-icon" else rng.uniform(14, 40) * ui
        x = rng.uniform(r, W - r)
        y = rng.choice([tb / 2, rng.uniform(tb + r, H - r)])
        cv.drawCircle(x, y, r, red)
        glyph = rng.choice(["!", str(rng.randint(1, 9)), "文", "审", "+"])
        f2 = skia.Font(typeface("Noto Sans CJK SC", True), r * 1.1)
        cv.drawString(glyph, x - f2.measureText(glyph) / 2, y + r * 0.38, f2, white)
    surf.makeImageSnapshot().save(out, skia.kPNG)
    return dict(win="%dx%d" % win, zoom=round(zoom, 2))


def soffice_batch(paths, outdir, profile):
    if not paths:
        return
    run(["soffice", "-env:UserInstallation=file://" + profile, "--headless", "--convert-to", "pdf", "--outdir", outdir]
        + paths, timeout=3600)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--seeds", default=None)
    ap.add_argument("--only", default=None, help="comma-separated indices (for looking at single files)")
    ap.add_argument("out")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    sents, units = load_text(args.seeds)
    work = tempfile.mkdtemp(prefix="gen_g_")
    profile = os.path.join(work, "lo-profile")
    idx = [int(x) for x in args.only.split(",")] if args.only else list(range(args.start, args.n))
    labels = {}
    lab_path = os.path.join(args.out, "labels.csv")
    if os.path.exists(lab_path):
        with open(lab_path) as f:
            for r in csv.DictReader(f):
                labels[r["file"]] = r
    metaf = open(os.path.join(args.out, "meta.jsonl"), "a")
    batch = 40
    for b0 in range(0, len(idx), batch):
        chunk = idx[b0:b0 + batch]
        docs = {}
        for i in chunk:
            docs[i] = build_doc(i, args, sents, units, work)
        soffice_batch([d[0] for d in docs.values()], work, profile)
        for i in chunk:
            path, meta, small = docs[i]
            pdf = os.path.splitext(path)[0] + ".pdf"
            rng = random.Random(20000 + i + 7777)
            kind = meta["kind"]
            tmp = tempfile.mkdtemp(dir=work)
            ext = {"scan": "pdf", "vector": "pdf", "pasted": "pdf", "photo": "jpg", "screenshot": "png"}[kind]
            name = "g%04d_%s_%s.%s" % (i, kind, meta["sub"], ext)
            out = os.path.join(args.out, name)
            try:
                if kind in ("vector", "pasted"):
                    shutil.copyfile(pdf, out)
                elif kind == "scan":
                    meta.update(post_scan(pdf, out, rng, tmp, 20000 + i))
                elif kind == "photo":
                    meta.update(post_photo(pdf, out, rng, tmp, 20000 + i, meta["cy"]))
                else:
                    meta.update(post_screenshot(pdf, out, rng, tmp, 20000 + i, meta["cy"], small, meta["sub"]))
                    if small:
                        meta["small"] = 1
            except subprocess.CalledProcessError as e:
                print("file %d failed: %s" % (i, e.stderr.decode(errors="replace")[-400:]), file=sys.stderr)
                continue
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            meta["file"] = name
            labels[name] = dict(file=name, kind=kind, seal=meta["seal"], sub=meta["sub"])
            metaf.write(json.dumps(meta, ensure_ascii=False) + "\n")
            metaf.flush()
        for i in chunk:
            for e in (".fodg", ".docx", ".pdf"):
                p = os.path.join(work, "%04d%s" % (i, e))
                if os.path.exists(p):
                    os.remove(p)
        with open(lab_path + ".tmp", "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["file", "kind", "seal", "sub"])
            w.writeheader()
            for k in sorted(labels):
                w.writerow({c: labels[k][c] for c in ("file", "kind", "seal", "sub")})
        os.replace(lab_path + ".tmp", lab_path)
        print("%d/%d" % (min(b0 + batch, len(idx)), len(idx)), file=sys.stderr)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
