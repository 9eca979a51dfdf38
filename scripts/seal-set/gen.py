#!/usr/bin/env python3
"""Independent labelled evaluation set for the seal detector.

Written apart from the detector's own generator (crates/seal-synth): seals are drawn
with real CJK glyphs (fonts-noto-cjk) along the arc, pages carry real CJK text, and
files are real containers: scanned pages wrapped in PDF, vector seals written as PDF
paths from glyph outlines, seal pictures pasted into Word documents that LibreOffice
turns into PDF, phone photos (perspective, blur, vignetting, colour cast, glare,
JPEG 60-90) and PNG screenshots.

    python3 scripts/seal-set/gen.py --family eval --n 500 OUT
    python3 scripts/seal-set/gen.py --family tune --n 500 OUT

`--family tune` uses seeds 1000+i, `--family eval` seeds 2000+i: tune only on the
first. OUT/labels.csv lists file,kind,seal,sub (kind: scan, vector, pasted, photo,
screenshot; sub: what is on the page, e.g. partial, beside-stamp, badge, open-arc).
The output depends only on the family, the index and the installed fonts.
"""

import argparse
import csv
import glob
import io
import math
import os
import random
import shutil
import subprocess
import tempfile
import zlib

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

KINDS = ["scan", "vector", "pasted", "photo", "screenshot"]
FAMILY_BASE = {"tune": 1000, "eval": 2000}

UNITS = [
    "浉河区人民政府办公室", "浉河区发展和改革委员会", "浉河区人力资源和社会保障局",
    "浉河区民政局", "浉河区交通运输局", "浉河区自然资源局", "浉河区教育体育局",
    "浉河区应急管理局", "浉河区水利局", "浉河区卫生健康委员会", "浉河区住房和城乡建设局",
    "浉河区农业农村局", "浉河区医疗保障局", "浉河区司法局", "浉河区城市管理局",
    "浉河区市场监督管理局", "浉河区退役军人事务局", "湛河区政务服务和大数据管理局",
    "如东县行政审批局", "五星街道办事处", "董家河镇人民政府", "吴家店镇人民政府",
    "湛河区北渡街道办事处", "信阳市公积金中心浉河管理部", "浉河区残疾人联合会",
]
SENTENCES = [
    "根据年度政务服务指标服务能力绩效考评工作安排，现将有关情况报告如下。",
    "本单位进驻政务服务中心窗口的事项已全部实现一窗受理、集成服务。",
    "窗口工作人员按要求统一着装、亮证上岗，落实首问负责和一次性告知制度。",
    "考评期内共受理各类政务服务事项一千二百余件，按时办结率百分之百。",
    "网上可办率达到百分之九十以上，全程网办事项持续增加。",
    "建立健全好差评制度，群众评价实现全覆盖，差评整改率百分之百。",
    "请务必提供经参评部门盖章确认的不可编辑版本。",
    "特此说明，附件为相关工作台账及统计数据。",
    "各乡镇街道便民服务中心均已设置帮办代办窗口。",
    "落实证明事项告知承诺制，减少群众办事提交材料。",
    "进一步优化营商环境，推进政务服务标准化、规范化、便利化。",
    "对照考评问卷逐项梳理，形成佐证材料清单并报送考评办。",
]
RECT_WORDS = ["已审核", "APPROVED", "收文", "同意", "已核对", "RECEIVED", "已归档", "审核通过", "COPY", "急件"]
HEADERS = ["浉河区人民政府文件", "浉河区政务服务中心文件", "中共浉河区委办公室", "湛河区人民政府办公室文件"]

# Ink colours (RGB 0-255): seal reds, a purple-red and a pale pink.
REDS = [(230, 0, 18), (214, 30, 40), (200, 20, 30), (225, 40, 60), (190, 30, 45), (240, 60, 70)]
PURPLE = (173, 37, 103)
PINK = (242, 153, 178)


def find_fonts(extra):
    dirs = [extra] if extra else []
    dirs += ["/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto", "/usr/share/fonts"]
    found = {}
    for d in dirs:
        for p in glob.glob(os.path.join(d, "**", "Noto*CJK*.ttc"), recursive=True):
            found.setdefault(os.path.basename(p), p)
    sans = found.get("NotoSansCJK-Bold.ttc") or found.get("NotoSansCJK-Regular.ttc")
    serif = found.get("NotoSerifCJK-Bold.ttc") or found.get("NotoSerifCJK-Regular.ttc")
    regular = found.get("NotoSansCJK-Regular.ttc") or sans
    if not (sans and serif):
        raise SystemExit("fonts-noto-cjk is needed (NotoSansCJK/NotoSerifCJK .ttc)")
    return {"sans": sans, "serif": serif, "regular": regular}


FONTS = {}
_font_cache = {}


def font(kind, size):
    key = (kind, int(size))
    if key not in _font_cache:
        # Index 2 of the Noto CJK collections is the Simplified Chinese face.
        _font_cache[key] = ImageFont.truetype(FONTS[kind], max(6, int(size)), index=2)
    return _font_cache[key]


# ---------------------------------------------------------------- ink shapes (alpha)


def glyph_img(ch, size, kind, squeeze):
    """A glyph as an 'L' image, `size` px tall, squeezed horizontally."""
    f = font(kind, size)
    im = Image.new("L", (int(size * 1.5), int(size * 1.5)), 0)
    ImageDraw.Draw(im).text((size * 0.75, size * 0.75), ch, fill=255, font=f, anchor="mm")
    bb = im.getbbox()
    if bb is None:
        return im
    im = im.crop(bb)
    w = max(1, int(im.width * squeeze))
    return im.resize((w, max(1, im.height)), Image.BILINEAR)


def paste_max(canvas, im, cx, cy):
    """Pastes an 'L' image onto a float canvas (max), centred at cx, cy."""
    a = np.asarray(im, dtype=np.float32) / 255.0
    h, w = a.shape
    x0, y0 = int(round(cx - w / 2)), int(round(cy - h / 2))
    H, W = canvas.shape
    xa, ya, xb, yb = max(0, x0), max(0, y0), min(W, x0 + w), min(H, y0 + h)
    if xa >= xb or ya >= yb:
        return
    sub = a[ya - y0:yb - y0, xa - x0:xb - x0]
    np.maximum(canvas[ya:yb, xa:xb], sub, out=canvas[ya:yb, xa:xb])


def star_points(cx, cy, r, rot=-math.pi / 2):
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.382
        t = rot + i * math.pi / 5
        pts.append((cx + rr * math.cos(t), cy + rr * math.sin(t)))
    return pts


def arc_text(canvas, text, cx, cy, rx, ry, span, gsize, kind, squeeze, start=None, upright=True):
    """Glyphs along the upper arc of an ellipse, each turned to face the centre."""
    n = len(text)
    if start is None:
        start = -math.pi / 2 - span / 2
    step = span / max(1, n - 1) if n > 1 else 0
    for i, ch in enumerate(text):
        t = start + i * step if n > 1 else -math.pi / 2
        x, y = cx + rx * math.cos(t), cy + ry * math.sin(t)
        g = glyph_img(ch, gsize, kind, squeeze)
        ang = -math.degrees(t + math.pi / 2) if upright else -math.degrees(t - math.pi / 2)
        g = g.rotate(ang, resample=Image.BILINEAR, expand=True)
        paste_max(canvas, g, x, y)


def ring(canvas, cx, cy, rx, ry, width, a0=0.0, a1=2 * math.pi):
    H, W = canvas.shape
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    u, v = (xx - cx) / rx, (yy - cy) / ry
    rho = np.sqrt(u * u + v * v)
    band = np.clip(1.0 - np.abs(rho - 1.0) * min(rx, ry) / (width / 2.0) + 0.5, 0, 1)
    if a1 - a0 < 2 * math.pi - 1e-6:
        t = np.mod(np.arctan2(v, u) - a0, 2 * math.pi)
        band = band * (t <= (a1 - a0))
    np.maximum(canvas, band, out=canvas)


def polygon(canvas, pts, value=1.0):
    H, W = canvas.shape
    im = Image.new("L", (W * 2, H * 2), 0)
    ImageDraw.Draw(im).polygon([(x * 2, y * 2) for x, y in pts], fill=int(255 * value))
    im = im.resize((W, H), Image.BILINEAR)
    np.maximum(canvas, np.asarray(im, dtype=np.float32) / 255.0, out=canvas)


def lines(canvas, segs, width):
    H, W = canvas.shape
    im = Image.new("L", (W * 2, H * 2), 0)
    d = ImageDraw.Draw(im)
    for seg in segs:
        d.line([(x * 2, y * 2) for x, y in seg], fill=255, width=max(1, int(width * 2)), joint="curve")
    im = im.resize((W, H), Image.BILINEAR)
    np.maximum(canvas, np.asarray(im, dtype=np.float32) / 255.0, out=canvas)


def seal_shape(rng, d, style):
    """Alpha of a seal `d` px across. style: round, oval, square."""
    if style == "oval":
        w, h = int(d), int(d / rng.uniform(1.3, 1.6))
    else:
        w = h = int(d)
    pad = 4
    c = np.zeros((h + 2 * pad, w + 2 * pad), np.float32)
    cx, cy = c.shape[1] / 2, c.shape[0] / 2
    kind = rng.choice(["sans", "serif", "sans"])
    name = rng.choice(UNITS)
    if style == "square":
        bw = d * rng.uniform(0.05, 0.09)
        s = d / 2 - bw / 2 - 1
        for seg in [[(cx - s, cy - s), (cx + s, cy - s), (cx + s, cy + s), (cx - s, cy + s), (cx - s, cy - s)]]:
            lines(c, [seg], bw)
        chars = rng.choice(["王建国印", "李红梅印", "张伟之印", "财务专用", "合同专用"])
        g = (d - 2 * bw) * 0.42
        for i, ch in enumerate(chars):
            x = cx + (0.22 if i < 2 else -0.22) * d
            y = cy + (-0.22 if i % 2 == 0 else 0.22) * d
            paste_max(c, glyph_img(ch, g, kind, 0.95), x, y)
        return c
    rx, ry = w / 2 - pad / 2 - 1, h / 2 - pad / 2 - 1
    rw = d * rng.uniform(0.025, 0.055)
    ring(c, cx, cy, rx, ry, rw)
    if rng.random() < 0.15:
        ring(c, cx, cy, rx - rw * 2.2, ry - rw * 2.2, rw * 0.35)
    gsize = d * rng.uniform(0.13, 0.19)
    if len(name) > 12:
        gsize *= 0.85
    inset = rw + gsize * 0.62 + d * 0.01
    span = math.radians(rng.uniform(200, 270)) if style == "round" else math.radians(rng.uniform(150, 200))
    arc_text(c, name, cx, cy, rx - inset, ry - inset, span, gsize, kind, rng.uniform(0.62, 0.9))
    if style == "round":
        if rng.random() < 0.88:
            polygon(c, star_points(cx, cy, d * rng.uniform(0.15, 0.2)))
        if rng.random() < 0.55:
            word = rng.choice(["公章", "专用章", "业务专用章", "办公室", "政务服务专用章"])
            g = d * rng.uniform(0.08, 0.11)
            y = cy + d * rng.uniform(0.25, 0.3)
            n = len(word)
            for i, ch in enumerate(word):
                paste_max(c, glyph_img(ch, g, kind, 0.85), cx + (i - (n - 1) / 2) * g * 0.95, y)
        if rng.random() < 0.3:
            digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(8, 13)))
            sp = math.radians(rng.uniform(60, 90))
            arc_text(c, digits, cx, cy, rx - rw - d * 0.05, ry - rw - d * 0.05, sp,
                     d * 0.05, "sans", 0.8, start=math.pi / 2 + sp / 2, upright=False)
    else:
        word = rng.choice(["合同专用章", "财务专用章", "业务专用章"])
        g = d * 0.1
        n = len(word)
        for i, ch in enumerate(word):
            paste_max(c, glyph_img(ch, g, kind, 0.8), cx + (i - (n - 1) / 2) * g * 0.9, cy + h * 0.15)
        if rng.random() < 0.5:
            polygon(c, star_points(cx, cy - h * 0.08, h * 0.12))
    return c


def badge_shape(rng, d):
    """A round badge: ring, star, rays or dots, no arc text."""
    c = np.zeros((int(d) + 8, int(d) + 8), np.float32)
    cx = cy = c.shape[0] / 2
    r = d / 2 - 1
    rw = d * rng.uniform(0.03, 0.06)
    ring(c, cx, cy, r, r, rw)
    if rng.random() < 0.5:
        ring(c, cx, cy, r * 0.82, r * 0.82, rw * 0.5)
    sr = d * rng.uniform(0.15, 0.25)
    polygon(c, star_points(cx, cy, sr))
    style = rng.choice(["rays", "rays", "dots", "wheat"])
    n = rng.randint(12, 28)
    if style == "rays":
        segs = []
        for i in range(n):
            t = i * 2 * math.pi / n
            segs.append([(cx + sr * 1.1 * math.cos(t), cy + sr * 1.1 * math.sin(t)),
                         (cx + r * 0.8 * math.cos(t), cy + r * 0.8 * math.sin(t))])
        lines(c, segs, d * rng.uniform(0.01, 0.03))
    elif style == "dots":
        for i in range(n):
            t = i * 2 * math.pi / n
            x, y, rr = cx + r * 0.7 * math.cos(t), cy + r * 0.7 * math.sin(t), d * 0.025
            polygon(c, [(x + rr * math.cos(k / 6 * math.pi), y + rr * math.sin(k / 6 * math.pi)) for k in range(12)])
    else:
        for side in (-1, 1):
            for i in range(7):
                t = math.pi / 2 + side * (0.4 + i * 0.28)
                x, y = cx + r * 0.66 * math.cos(t), cy + r * 0.66 * math.sin(t)
                a = t + side * math.pi / 2
                pts = [(x + d * 0.06 * math.cos(a + k * math.pi / 4), y + d * 0.03 * math.sin(a + k * math.pi / 4)) for k in range(8)]
                polygon(c, pts)
    return c


def open_arc_logo(rng, d):
    c = np.zeros((int(d) + 8, int(d) + 8), np.float32)
    cx = cy = c.shape[0] / 2
    r = d / 2 - d * 0.05
    gap = math.radians(rng.uniform(40, 150))
    a0 = rng.uniform(0, 2 * math.pi)
    ring(c, cx, cy, r, r, d * rng.uniform(0.05, 0.12), a0, a0 + 2 * math.pi - gap)
    inner = rng.choice(["swoosh", "letter", "bars", "star"])
    if inner == "swoosh":
        lines(c, [[(cx - r * 0.6 + k * r * 0.12, cy + r * 0.3 * math.sin(k * 0.7)) for k in range(11)]], d * 0.06)
    elif inner == "letter":
        ch = rng.choice("政服务民安ABCEHR")
        paste_max(c, glyph_img(ch, d * 0.5, "sans", 1.0), cx, cy)
    elif inner == "bars":
        for k in range(3):
            polygon(c, [(cx - r * 0.5, cy - r * 0.3 + k * r * 0.25), (cx + r * 0.5, cy - r * 0.3 + k * r * 0.25),
                        (cx + r * 0.5, cy - r * 0.18 + k * r * 0.25), (cx - r * 0.5, cy - r * 0.18 + k * r * 0.25)])
    else:
        polygon(c, star_points(cx, cy, r * 0.45))
    return c


def rect_stamp(rng, d):
    word = rng.choice(RECT_WORDS)
    latin = word.isascii()
    g = d * (0.22 if latin else 0.3)
    kind = "sans"
    if latin:
        f = font("sans", g)
        tw = int(f.getlength(word)) + 4
        t = Image.new("L", (tw, int(g * 1.5)), 0)
        ImageDraw.Draw(t).text((2, g * 0.1), word, fill=255, font=f)
        t = t.crop(t.getbbox() or (0, 0, tw, int(g)))
    else:
        gl = [glyph_img(ch, g, kind, 1.0) for ch in word]
        tw = sum(x.width for x in gl) + int(g * 0.15) * (len(gl) - 1)
        t = Image.new("L", (tw, max(x.height for x in gl)), 0)
        x = 0
        for im in gl:
            t.paste(im, (x, 0))
            x += im.width + int(g * 0.15)
    extra = rng.random() < 0.4
    w = t.width + int(d * 0.3)
    h = t.height + int(d * (0.55 if extra else 0.3))
    c = np.zeros((h + 8, w + 8), np.float32)
    bw = d * rng.uniform(0.03, 0.06)
    box = [(4 + bw / 2, 4 + bw / 2), (w + 4 - bw / 2, 4 + bw / 2), (w + 4 - bw / 2, h + 4 - bw / 2), (4 + bw / 2, h + 4 - bw / 2), (4 + bw / 2, 4 + bw / 2)]
    lines(c, [box], bw)
    if rng.random() < 0.35:
        k = bw * 2.5
        lines(c, [[(4 + k, 4 + k), (w + 4 - k, 4 + k), (w + 4 - k, h + 4 - k), (4 + k, h + 4 - k), (4 + k, 4 + k)]], bw * 0.4)
    paste_max(c, t, (w + 8) / 2, 4 + d * 0.15 + t.height / 2)
    if extra:
        date = "2022.%02d.%02d" % (rng.randint(1, 12), rng.randint(1, 28))
        f = font("sans", d * 0.14)
        im = Image.new("L", (int(d * 1.5), int(d * 0.25)), 0)
        ImageDraw.Draw(im).text((0, 0), date, fill=255, font=f)
        im = im.crop(im.getbbox() or (0, 0, 1, 1))
        paste_max(c, im, (w + 8) / 2, h + 4 - d * 0.2)
    if rng.random() < 0.3:
        c = np.asarray(Image.fromarray((c * 255).astype(np.uint8)).rotate(rng.uniform(-12, 12), expand=True, resample=Image.BILINEAR), np.float32) / 255
    return c


def hand_circle(rng, d, with_note):
    c = np.zeros((int(d * 1.3) + 10, int(d * 1.5) + 10), np.float32)
    cx, cy = c.shape[1] / 2, c.shape[0] / 2
    rx, ry = d * rng.uniform(0.55, 0.7), d * rng.uniform(0.45, 0.6)
    t0 = rng.uniform(0, 2 * math.pi)
    sweep = 2 * math.pi * rng.uniform(1.0, 1.15)
    pts = []
    wob = [rng.uniform(-0.06, 0.06) for _ in range(5)]
    for k in range(120):
        t = t0 + sweep * k / 119
        f = 1 + sum(w * math.sin((i + 2) * t + i) for i, w in enumerate(wob))
        pts.append((cx + rx * f * math.cos(t), cy + ry * f * math.sin(t)))
    lines(c, [pts], max(1.5, d * rng.uniform(0.012, 0.03)))
    if with_note:
        word = rng.choice(["请核实", "重点", "已改", "√", "?", "补充"])
        for i, ch in enumerate(word):
            paste_max(c, glyph_img(ch, d * 0.25, "regular", 0.9), cx - d * 0.25 + i * d * 0.25, cy + rng.uniform(-0.1, 0.1) * d)
    return c


def red_scribble(rng, w, h):
    c = np.zeros((h, w), np.float32)
    segs = []
    x = 5
    while x < w - 20:
        pts = []
        for k in range(12):
            pts.append((x + k * rng.uniform(2, 5), h / 2 + rng.uniform(-h / 3, h / 3)))
        segs.append(pts)
        x += rng.uniform(40, 70)
    lines(c, segs, max(1.5, h * 0.04))
    return c


# ---------------------------------------------------------------- ink on a page


def ink_effects(rng, a, partial, faint):
    """Pressure, speckle, partial inking and fading on a seal's alpha."""
    h, w = a.shape
    a = a.copy()
    # Low-frequency pressure field.
    lf = np.asarray(Image.fromarray((np.random.default_rng(rng.randint(0, 1 << 30)).random((6, 6)) * 255).astype(np.uint8)).resize((w, h), Image.BICUBIC), np.float32) / 255
    a *= 0.75 + 0.35 * lf
    if partial:
        t = rng.uniform(0, 2 * math.pi)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        s = ((xx - w / 2) * math.cos(t) + (yy - h / 2) * math.sin(t)) / (max(w, h) / 2)
        cut = rng.uniform(-0.3, 0.35)
        soft = rng.uniform(0.1, 0.4)
        floor = rng.uniform(0.0, 0.15)
        a *= floor + (1 - floor) * np.clip((s - cut) / soft + 0.5, 0, 1)
    if rng.random() < 0.5:
        sp = np.random.default_rng(rng.randint(0, 1 << 30)).random((h, w)).astype(np.float32)
        a *= np.where(sp < rng.uniform(0.02, 0.15), 0.2, 1.0)
    a *= faint
    return np.clip(a, 0, 1)


def apply_ink(page, alpha, colour, x, y):
    """Multiplies ink of `colour` into an RGB float page at top-left x, y."""
    H, W, _ = page.shape
    h, w = alpha.shape
    x0, y0 = int(x), int(y)
    xa, ya, xb, yb = max(0, x0), max(0, y0), min(W, x0 + w), min(H, y0 + h)
    if xa >= xb or ya >= yb:
        return
    a = alpha[ya - y0:yb - y0, xa - x0:xb - x0][..., None]
    col = np.array(colour, np.float32) / 255.0
    page[ya:yb, xa:xb] *= 1.0 - a * (1.0 - col)


def draw_text_page(rng, W, H, dpi, redhead=False, table=False):
    """White page with black CJK text at `dpi`: title, paragraphs, signature block.
    Returns (float RGB page, signature block centre)."""
    im = Image.new("RGB", (W, H), (255, 255, 255))
    d = ImageDraw.Draw(im)
    mm = dpi / 25.4
    left, right = int(25 * mm), W - int(25 * mm)
    y = int(25 * mm)
    if redhead:
        t = rng.choice(HEADERS)
        f = font("serif", 16 * mm)
        tw = f.getlength(t)
        d.text(((W - tw) / 2, y), t, fill=(220, 20, 30), font=f)
        y += int(26 * mm)
        d.rectangle([left, y, right, y + max(2, int(0.8 * mm))], fill=(220, 20, 30))
        if rng.random() < 0.5:
            cx = W / 2
            d.polygon(star_points(cx, y, 3 * mm), fill=(220, 20, 30))
        y += int(8 * mm)
    f = font("regular", 4.2 * mm)
    title = rng.choice(["关于政务服务能力建设情况的报告", "窗口服务工作情况说明", "政务服务事项办理统计表", "关于落实一次性告知制度的说明"])
    ft = font("sans", 6 * mm)
    d.text(((W - ft.getlength(title)) / 2, y), title, fill=(0, 0, 0), font=ft)
    y += int(14 * mm)
    line_h = int(7.5 * mm)
    per_line = max(8, int((right - left) / (4.2 * mm)))
    nlines = rng.randint(8, 22)
    text = "".join(rng.choice(SENTENCES) for _ in range(nlines))
    k = 0
    for _ in range(nlines):
        if y > H * 0.66:
            break
        d.text((left, y), text[k:k + per_line], fill=(0, 0, 0), font=f)
        k += per_line
        y += line_h
    if table and y < H * 0.62:
        rows, cols = rng.randint(3, 6), rng.randint(3, 5)
        th = int(8 * mm)
        col = (0, 0, 0) if rng.random() < 0.5 else (210, 30, 40)
        for r in range(rows + 1):
            d.line([left, y + r * th, right, y + r * th], fill=col, width=max(1, int(0.3 * mm)))
        for cc in range(cols + 1):
            x = left + (right - left) * cc // cols
            d.line([x, y, x, y + rows * th], fill=col, width=max(1, int(0.3 * mm)))
        y += rows * th + line_h
    # Signature block (unit, date) at the bottom right.
    unit = rng.choice(UNITS)
    sy = max(y + line_h, int(H * 0.72))
    sx = right - int(f.getlength(unit)) - int(5 * mm)
    d.text((sx, sy), unit, fill=(0, 0, 0), font=f)
    d.text((sx + int(10 * mm), sy + line_h), "2022年%d月%d日" % (rng.randint(1, 11), rng.randint(1, 28)), fill=(0, 0, 0), font=f)
    page = np.asarray(im, np.float32) / 255.0
    return page.copy(), (sx + f.getlength(unit) / 2, sy + line_h * 0.6)


def signature_strokes(rng, page, x, y, size, colour=(20, 20, 30)):
    h, w = int(size * 0.5), int(size * 1.4)
    a = red_scribble(rng, w, h)
    apply_ink(page, a, colour, x - w / 2, y - h / 2)


POS_SUBS = ["normal", "normal", "partial", "partial", "beside-stamp", "beside-stamp", "faint", "purple", "pink",
            "oval", "text-over", "signature-over", "beside-red-hand", "red-table"]
NEG_SUBS = ["plain", "badge", "badge", "open-arc", "open-arc", "hand-circle", "hand-circle", "rect-stamp",
            "rect-stamp", "redhead", "red-table", "red-hand"]


def seal_colour(rng, sub):
    if sub == "purple":
        return PURPLE
    if sub == "pink":
        return PINK
    return rng.choice(REDS)


def make_mark(rng, sub, d):
    """(alpha, is_seal) for one sub-kind; d = seal diameter in px."""
    if sub in ("badge",):
        return badge_shape(rng, d * rng.uniform(0.8, 1.1))
    if sub == "open-arc":
        return open_arc_logo(rng, d * rng.uniform(0.6, 1.1))
    if sub == "hand-circle":
        return hand_circle(rng, d * rng.uniform(0.8, 1.2), rng.random() < 0.6)
    if sub == "rect-stamp":
        return rect_stamp(rng, d * rng.uniform(0.6, 0.9))
    style = "oval" if sub == "oval" else ("square" if sub == "square" else "round")
    return seal_shape(rng, d * (0.7 if style == "square" else 1.0), style)


def compose_page(rng, sub, seal, W, H, dpi, photo=False):
    """A page (float RGB) with the marks of `sub` inked on it."""
    redhead = sub == "redhead" or (rng.random() < 0.12 and sub not in ("plain",))
    page, (sx, sy) = draw_text_page(rng, W, H, dpi, redhead=redhead, table=(sub == "red-table"))
    mm = dpi / 25.4
    d = mm * rng.uniform(38, 45)
    if sub in ("red-hand", "beside-red-hand"):
        a = red_scribble(rng, int(d * 1.6), int(d * 0.5))
        apply_ink(page, a, (200, 30, 40), rng.uniform(0.1, 0.5) * W, rng.uniform(0.4, 0.65) * H)
    if seal:
        a = make_mark(rng, sub, d)
        partial = sub == "partial"
        faint = rng.uniform(0.25, 0.55) if sub == "faint" else rng.uniform(0.6, 1.0)
        a = ink_effects(rng, a, partial, faint)
        if rng.random() < 0.7:
            a = np.asarray(Image.fromarray((a * 255).astype(np.uint8)).rotate(rng.uniform(-25, 25), resample=Image.BILINEAR), np.float32) / 255
        x = sx - a.shape[1] / 2 + rng.uniform(-0.3, 0.3) * d
        y = sy - a.shape[0] / 2 + rng.uniform(-0.3, 0.3) * d
        apply_ink(page, a, seal_colour(rng, sub), x, y)
        if sub == "beside-stamp":
            b = ink_effects(rng, rect_stamp(rng, d * rng.uniform(0.6, 0.9)), False, rng.uniform(0.7, 1.0))
            gap = rng.uniform(-0.15, 0.4) * d
            bx = x - b.shape[1] - gap if rng.random() < 0.5 else x + a.shape[1] + gap
            apply_ink(page, b, rng.choice(REDS), bx, y + rng.uniform(-0.2, 0.4) * d)
        if sub == "signature-over":
            signature_strokes(rng, page, sx, sy, d)
        return page
    if sub in ("badge", "open-arc", "hand-circle", "rect-stamp"):
        a = make_mark(rng, sub, d)
        a = ink_effects(rng, a, False, rng.uniform(0.6, 1.0))
        if sub == "hand-circle":
            x, y = rng.uniform(0.1, 0.6) * W, rng.uniform(0.2, 0.7) * H
        else:
            x, y = sx - a.shape[1] / 2, sy - a.shape[0] / 2
        apply_ink(page, a, rng.choice(REDS), x, y)
    return page


# ---------------------------------------------------------------- photo and scan transforms


def to_img(page):
    return Image.fromarray((np.clip(page, 0, 1) * 255).astype(np.uint8))


def scan_effects(rng, page):
    tone = np.array([rng.uniform(0.92, 1.0), rng.uniform(0.91, 0.99), rng.uniform(0.86, 0.97)], np.float32)
    page = page * tone
    noise = np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, rng.uniform(0.005, 0.03), page.shape[:2])
    page = page + noise[..., None].astype(np.float32)
    im = to_img(page)
    if rng.random() < 0.6:
        im = im.rotate(rng.uniform(-1.5, 1.5), resample=Image.BILINEAR, fillcolor=(245, 245, 245))
    if rng.random() < 0.5:
        im = im.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.0)))
    return im


def perspective_coeffs(src, dst):
    """Coefficients for Image.transform(PERSPECTIVE) mapping output dst -> input src."""
    m = []
    for (x, y), (u, v) in zip(dst, src):
        m.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        m.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    A = np.array(m, np.float64)
    b = np.array([c for p in src for c in p], np.float64)
    return np.linalg.solve(A, b).tolist()


def photo_effects(rng, page_img, out_long):
    W, H = page_img.size
    bg = tuple(int(v) for v in rng.choice([(120, 100, 80), (60, 60, 65), (180, 170, 150), (200, 200, 205), (90, 70, 50)]))
    cw, ch = int(W * rng.uniform(1.05, 1.25)), int(H * rng.uniform(1.05, 1.2))
    canvas = Image.new("RGB", (cw, ch), bg)
    ox, oy = (cw - W) // 2, (ch - H) // 2
    j = lambda s: rng.uniform(-s, s)
    s = 0.06
    dst = [(ox + j(W * s), oy + j(H * s)), (ox + W + j(W * s), oy + j(H * s)), (ox + W + j(W * s), oy + H + j(H * s)), (ox + j(W * s), oy + H + j(H * s))]
    src = [(0, 0), (W, 0), (W, H), (0, H)]
    coeffs = perspective_coeffs(src, dst)
    warped = page_img.transform((cw, ch), Image.PERSPECTIVE, coeffs, resample=Image.BILINEAR, fillcolor=bg)
    mask = Image.new("L", (W, H), 255).transform((cw, ch), Image.PERSPECTIVE, coeffs, resample=Image.BILINEAR, fillcolor=0)
    canvas.paste(warped, (0, 0), mask)
    scale = out_long / max(cw, ch)
    canvas = canvas.resize((max(1, int(cw * scale)), max(1, int(ch * scale))), Image.BILINEAR)
    a = np.asarray(canvas, np.float32) / 255.0
    h, w, _ = a.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    r2 = ((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2
    a *= (1 - rng.uniform(0.1, 0.45) * np.clip(r2 / 2, 0, 1))[..., None]
    # White balance / colour cast and exposure.
    cast = rng.choice([(1.0, 0.95, 0.82), (0.88, 0.95, 1.05), (1.0, 1.0, 1.0), (1.05, 0.97, 0.9), (0.95, 1.0, 0.92)])
    a *= np.array(cast, np.float32) * rng.uniform(0.75, 1.05)
    if rng.random() < 0.4:
        gx, gy, gr = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h, rng.uniform(0.1, 0.3) * w
        a += (rng.uniform(0.15, 0.4) * np.exp(-(((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * gr * gr))))[..., None]
    a += np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, rng.uniform(0.01, 0.04), a.shape).astype(np.float32)
    im = to_img(a)
    if rng.random() < 0.7:
        im = im.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 2.2)))
    return im


def jpeg_bytes(im, q):
    b = io.BytesIO()
    im.save(b, "JPEG", quality=q)
    return b.getvalue()


# ---------------------------------------------------------------- minimal PDF writer


class Pdf:
    def __init__(self):
        self.objs = []

    def add(self, body):
        self.objs.append(body)
        return len(self.objs)

    def stream(self, d, data, flate=True):
        if flate:
            data = zlib.compress(data)
            d = d + b" /Filter /FlateDecode"
        return self.add(b"<< " + d + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")

    def build(self, pages):
        """pages: list of (content bytes, {name: obj id} images)."""
        pages_id = self.add(b"")
        kids = []
        for content, images in pages:
            cid = self.stream(b"", content)
            xo = b" ".join(b"/%s %d 0 R" % (n.encode(), i) for n, i in images.items())
            pid = self.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources << /XObject << %s >> >> >>" % (pages_id, cid, xo))
            kids.append(pid)
        self.objs[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
        cat = self.add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
        out = io.BytesIO()
        out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
        offs = []
        for i, body in enumerate(self.objs):
            offs.append(out.tell())
            out.write(b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n")
        x = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objs) + 1))
        for o in offs:
            out.write(b"%010d 00000 n \n" % o)
        out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(self.objs) + 1, cat, x))
        return out.getvalue()


def image_page(pdf, im, jpeg_q=None):
    w, h = im.size
    if jpeg_q:
        iid = pdf.stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode" % (w, h), jpeg_bytes(im, jpeg_q), flate=False)
    else:
        iid = pdf.stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8" % (w, h), im.convert("RGB").tobytes())
    return (b"q 595 0 0 842 0 0 cm /Im0 Do Q", {"Im0": iid})


# ---------------------------------------------------------------- vector seals (glyph outlines)

_glyph_sets = {}


def glyph_outline(ch, kind="serif"):
    """Glyph outline as a list of path ops in font units (1000 per em)."""
    from fontTools.pens.recordingPen import RecordingPen
    from fontTools.ttLib import TTCollection

    if kind not in _glyph_sets:
        coll = TTCollection(FONTS[kind], lazy=True)
        f = coll.fonts[2]
        _glyph_sets[kind] = (f.getGlyphSet(), f.getBestCmap(), {})
    gs, cmap, cache = _glyph_sets[kind]
    if ch not in cache:
        name = cmap.get(ord(ch))
        pen = RecordingPen()
        if name:
            gs[name].draw(pen)
        cache[ch] = pen.value
    return cache[ch]


def fmt(v):
    return ("%.2f" % v).rstrip("0").rstrip(".").encode()


def pdf_glyph(ch, m, kind="serif"):
    """PDF path ops of a glyph through matrix m = (a, b, c, d, e, f) from em units/1000."""
    a, b, c, d, e, f = m
    T = lambda x, y: (a * x + c * y + e, b * x + d * y + f)
    out = []
    for op, args in glyph_outline(ch, kind):
        if op == "moveTo":
            x, y = T(*args[0])
            out.append(b"%s %s m" % (fmt(x), fmt(y)))
        elif op == "lineTo":
            x, y = T(*args[0])
            out.append(b"%s %s l" % (fmt(x), fmt(y)))
        elif op == "curveTo":
            pts = [T(*p) for p in args]
            out.append(b" ".join(fmt(v) for p in pts for v in p) + b" c")
        elif op == "qCurveTo":
            for p in args:
                x, y = T(*p)
                out.append(b"%s %s l" % (fmt(x), fmt(y)))
        elif op in ("closePath", "endPath"):
            out.append(b"h")
    return b"\n".join(out)


def pdf_circle(cx, cy, rx, ry):
    k = 0.5523
    return (b"%s %s m %s %s %s %s %s %s c %s %s %s %s %s %s c %s %s %s %s %s %s c %s %s %s %s %s %s c h" % tuple(fmt(v) for v in [
        cx + rx, cy,
        cx + rx, cy + k * ry, cx + k * rx, cy + ry, cx, cy + ry,
        cx - k * rx, cy + ry, cx - rx, cy + k * ry, cx - rx, cy,
        cx - rx, cy - k * ry, cx - k * rx, cy - ry, cx, cy - ry,
        cx + k * rx, cy - ry, cx + rx, cy - k * ry, cx + rx, cy]))


def pdf_colour(rng, col, stroke=False):
    r, g, b = (v / 255 for v in col)
    if rng.random() < 0.25:
        k = 1 - max(r, g, b)
        c, m, y = ((1 - v - k) / (1 - k) if k < 1 else 0 for v in (r, g, b))
        return b"%s %s %s %s %s" % (fmt(c), fmt(m), fmt(y), fmt(k), b"K" if stroke else b"k")
    return b"%s %s %s %s" % (fmt(r), fmt(g), fmt(b), b"RG" if stroke else b"rg")


def pdf_seal(rng, cx, cy, d, col, style="round"):
    """Content ops of a vector seal centred at cx, cy (points), d across."""
    ops = [b"q", pdf_colour(rng, col, True), pdf_colour(rng, col)]
    rx = d / 2
    ry = rx / rng.uniform(1.3, 1.55) if style == "oval" else rx
    lw = d * rng.uniform(0.025, 0.05)
    ops.append(b"%s w" % fmt(lw))
    ops.append(pdf_circle(cx, cy, rx - lw / 2, ry - lw / 2) + b" S")
    name = rng.choice(UNITS)
    n = len(name)
    g = d * rng.uniform(0.13, 0.18) * (0.85 if n > 12 else 1)
    inset = lw + g * 0.62
    span = math.radians(rng.uniform(200, 260) if style == "round" else rng.uniform(150, 190))
    sq = rng.uniform(0.65, 0.9)
    kind = rng.choice(["serif", "sans"])
    body = []
    for i, ch in enumerate(name):
        t = math.pi / 2 + span / 2 - i * span / max(1, n - 1)  # PDF y is up: top arc around +90°
        x, y = cx + (rx - inset) * math.cos(t), cy + (ry - inset) * math.sin(t)
        rot = t - math.pi / 2
        s = g / 1000.0
        ca, sa = math.cos(rot), math.sin(rot)
        # glyph centred: em box 0..1000 horizontally, baseline at -120 below centre
        m0 = (s * sq * ca, s * sq * sa, -s * sa, s * ca, 0, 0)
        ox, oy = -500, -380
        e = x + m0[0] * ox + m0[2] * oy
        f = y + m0[1] * ox + m0[3] * oy
        body.append(pdf_glyph(ch, (m0[0], m0[1], m0[2], m0[3], e, f), kind))
    if style == "round" and rng.random() < 0.9:
        pts = star_points(cx, cy, d * rng.uniform(0.15, 0.2), rot=math.pi / 2)
        body.append(b"%s %s m " % (fmt(pts[0][0]), fmt(pts[0][1])) + b" ".join(b"%s %s l" % (fmt(x), fmt(y)) for x, y in pts[1:]) + b" h")
    if rng.random() < 0.6:
        word = rng.choice(["公章", "专用章", "业务专用章", "合同专用章"])
        gg = d * 0.09
        for i, ch in enumerate(word):
            x = cx + (i - (len(word) - 1) / 2) * gg * 0.95
            y = cy - ry * 0.55
            s = gg / 1000.0
            body.append(pdf_glyph(ch, (s * 0.85, 0, 0, s, x - 500 * s * 0.85, y - 380 * s), kind))
    ops.append(b"\n".join(body) + b"\nf")
    ops.append(b"Q")
    return b"\n".join(ops)


def pdf_text_lines(rng, redhead):
    """Black page text (glyph paths for a few lines, bars for the rest) and an optional red header."""
    ops = [b"0 0 0 rg"]
    y = 700
    if redhead:
        t = rng.choice(HEADERS)
        s = 26 / 1000
        ops.append(b"q 0.86 0.08 0.12 rg")
        body = []
        x0 = 297 - len(t) * 26 / 2
        for i, ch in enumerate(t):
            body.append(pdf_glyph(ch, (s, 0, 0, s, x0 + i * 26, 740), "serif"))
        ops.append(b"\n".join(body) + b"\nf")
        ops.append(b"70 725 455 2 re f")
        if rng.random() < 0.5:
            pts = star_points(297, 726, 8, rot=math.pi / 2)
            ops.append(b"%s %s m " % (fmt(pts[0][0]), fmt(pts[0][1])) + b" ".join(b"%s %s l" % (fmt(x), fmt(yy)) for x, yy in pts[1:]) + b" h f")
        ops.append(b"Q")
        y = 690
    text = rng.choice(SENTENCES)
    body = []
    for i, ch in enumerate(text[:24]):
        body.append(pdf_glyph(ch, (0.012, 0, 0, 0.012, 70 + i * 12, y), "sans"))
    ops.append(b"\n".join(body) + b"\nf")
    for k in range(rng.randint(8, 24)):
        yy = y - 24 - k * 20
        if yy < 250:
            break
        ops.append(b"70 %d %d 8 re f" % (yy, rng.randint(300, 455)))
    return b"\n".join(ops)


def pdf_badge(rng, cx, cy, d, col):
    ops = [b"q", pdf_colour(rng, col, True), pdf_colour(rng, col)]
    r = d / 2
    lw = d * 0.04
    ops.append(b"%s w" % fmt(lw) + b"\n" + pdf_circle(cx, cy, r, r) + b" S")
    sr = d * rng.uniform(0.15, 0.25)
    pts = star_points(cx, cy, sr, rot=math.pi / 2)
    ops.append(b"%s %s m " % (fmt(pts[0][0]), fmt(pts[0][1])) + b" ".join(b"%s %s l" % (fmt(x), fmt(y)) for x, y in pts[1:]) + b" h f")
    n = rng.randint(12, 28)
    ops.append(b"%s w" % fmt(d * 0.015))
    for i in range(n):
        t = i * 2 * math.pi / n
        ops.append(b"%s %s m %s %s l S" % (fmt(cx + sr * 1.1 * math.cos(t)), fmt(cy + sr * 1.1 * math.sin(t)), fmt(cx + r * 0.8 * math.cos(t)), fmt(cy + r * 0.8 * math.sin(t))))
    ops.append(b"Q")
    return b"\n".join(ops)


def pdf_arc_logo(rng, cx, cy, d, col):
    ops = [b"q", pdf_colour(rng, col, True), pdf_colour(rng, col)]
    r = d / 2
    ops.append(b"%s w" % fmt(d * rng.uniform(0.05, 0.1)))
    gap = math.radians(rng.uniform(40, 150))
    a0 = rng.uniform(0, 2 * math.pi)
    pts = [(cx + r * math.cos(a0 + t * (2 * math.pi - gap) / 40), cy + r * math.sin(a0 + t * (2 * math.pi - gap) / 40)) for t in range(41)]
    ops.append(b"%s %s m " % (fmt(pts[0][0]), fmt(pts[0][1])) + b" ".join(b"%s %s l" % (fmt(x), fmt(y)) for x, y in pts[1:]) + b" S")
    ch = rng.choice("政服务民安")
    s = d * 0.5 / 1000
    ops.append(pdf_glyph(ch, (s, 0, 0, s, cx - 500 * s, cy - 380 * s), "sans") + b" f")
    ops.append(b"Q")
    return b"\n".join(ops)


def pdf_rect_stamp(rng, cx, cy, d, col):
    word = rng.choice([w for w in RECT_WORDS if not w.isascii()])
    g = d * 0.3
    w = len(word) * g + d * 0.3
    h = g + d * 0.3
    ops = [b"q", pdf_colour(rng, col, True), pdf_colour(rng, col), b"%s w" % fmt(d * 0.04),
           b"%s %s %s %s re S" % (fmt(cx - w / 2), fmt(cy - h / 2), fmt(w), fmt(h))]
    s = g / 1000
    body = [pdf_glyph(ch, (s, 0, 0, s, cx - w / 2 + d * 0.15 + i * g, cy - 380 * s), "sans") for i, ch in enumerate(word)]
    ops.append(b"\n".join(body) + b"\nf")
    ops.append(b"Q")
    return b"\n".join(ops)


def pdf_red_table(rng):
    ops = [b"q", pdf_colour(rng, rng.choice(REDS), True), b"0.8 w"]
    y0 = rng.uniform(300, 500)
    for r in range(6):
        ops.append(b"70 %s m 525 %s l S" % (fmt(y0 + r * 20), fmt(y0 + r * 20)))
    for c in range(5):
        x = 70 + c * 455 / 4
        ops.append(b"%s %s m %s %s l S" % (fmt(x), fmt(y0), fmt(x), fmt(y0 + 100)))
    ops.append(b"Q")
    return b"\n".join(ops)


VEC_POS = ["normal", "normal", "normal", "purple", "purple", "pink", "pink", "oval", "beside-stamp", "beside-stamp", "red-table"]
VEC_NEG = ["plain", "redhead", "badge", "badge", "open-arc", "open-arc", "rect-stamp", "red-table"]


def make_vector(rng, seal):
    sub = rng.choice(VEC_POS if seal else VEC_NEG)
    content = [pdf_text_lines(rng, sub == "redhead" or rng.random() < 0.15)]
    d = rng.uniform(38, 45) / 25.4 * 72
    cx, cy = rng.uniform(380, 460), rng.uniform(150, 260)
    if sub == "red-table":
        content.append(pdf_red_table(rng))
    if seal:
        col = PURPLE if sub == "purple" else PINK if sub == "pink" else rng.choice(REDS)
        content.append(pdf_seal(rng, cx, cy, d, col, "oval" if sub == "oval" else "round"))
        if sub == "beside-stamp":
            off = d * rng.uniform(0.85, 1.3)
            content.append(pdf_rect_stamp(rng, cx - off - d * 0.3, cy + rng.uniform(-20, 20), d * 0.7, rng.choice(REDS)))
    elif sub == "badge":
        content.append(pdf_badge(rng, cx, cy, d, rng.choice(REDS)))
    elif sub == "open-arc":
        content.append(pdf_arc_logo(rng, cx, cy, d * rng.uniform(0.6, 1.0), rng.choice(REDS)))
    elif sub == "rect-stamp":
        content.append(pdf_rect_stamp(rng, cx, cy, d * 0.8, rng.choice(REDS)))
    pdf = Pdf()
    pages = [(b"\n".join(content), {})]
    if rng.random() < 0.3:
        pages.insert(0, (pdf_text_lines(rng, False), {}))
    return pdf.build(pages), sub


# ---------------------------------------------------------------- kinds


def make_scan(rng, seal):
    subs = POS_SUBS + ["square"] if seal else NEG_SUBS
    sub = rng.choice(subs)
    dpi = rng.choice([150, 200, 300, 300])
    W, H = int(8.27 * dpi), int(11.69 * dpi)
    page = compose_page(rng, sub, seal, W, H, dpi)
    im = scan_effects(rng, page)
    pdf = Pdf()
    pages = [image_page(pdf, im, rng.randint(60, 90))]
    if rng.random() < 0.3:
        blank, _ = draw_text_page(rng, W // 2, H // 2, dpi / 2)
        pages.insert(0, image_page(pdf, scan_effects(rng, blank), 75))
    return pdf.build(pages), sub


def make_photo(rng, seal):
    subs = POS_SUBS + ["faint", "faint", "square"] if seal else NEG_SUBS + ["hand-circle"]
    sub = rng.choice(subs)
    dpi = rng.choice([110, 130, 150])
    W, H = int(8.27 * dpi), int(11.69 * dpi)
    page = compose_page(rng, sub, seal, W, H, dpi, photo=True)
    im = photo_effects(rng, to_img(page), rng.choice([1600, 2000, 3000, 4000]))
    return jpeg_bytes(im, rng.randint(60, 90)), sub


def make_screenshot(rng, seal):
    sub = rng.choice(POS_SUBS if seal else NEG_SUBS + ["ui-badge"])
    sw, sh = rng.choice([(1280, 800), (1366, 768), (1920, 1080), (1600, 900)])
    dpi = rng.uniform(70, 130)
    W, H = int(8.27 * dpi), int(11.69 * dpi)
    page = compose_page(rng, sub if sub != "ui-badge" else "plain", seal, W, H, dpi)
    scr = Image.new("RGB", (sw, sh), (rng.randint(200, 235),) * 3)
    d = ImageDraw.Draw(scr)
    d.rectangle([0, 0, sw, 34], fill=(rng.randint(40, 80),) * 3)
    d.rectangle([0, 34, sw, 80], fill=(245, 245, 245))
    for k in range(rng.randint(3, 8)):
        x = 20 + k * 60
        d.rectangle([x, 44, x + 40, 70], fill=(225, 225, 225))
    if rng.random() < 0.6 or sub == "ui-badge":
        # Red notification dots and a red button.
        for k in range(rng.randint(1, 3)):
            x, y, r = rng.randint(30, sw - 30), rng.randint(40, 75), rng.randint(7, 14)
            d.ellipse([x - r, y - r, x + r, y + r], fill=(230, 40, 40))
            d.text((x - 4, y - 7), str(rng.randint(1, 9)), fill=(255, 255, 255), font=font("sans", 12))
        d.rectangle([sw - 140, 44, sw - 30, 72], fill=(220, 40, 40))
    pg = to_img(page)
    x = (sw - W) // 2
    # Scrolled so that the signature block (about 72 % down the page) is on screen.
    y0 = int(max(0, min(H - 10, H * 0.72 - (sh - 90) * rng.uniform(0.35, 0.7))))
    visible = pg.crop((0, y0, W, H))
    scr.paste(visible, (x, 90))
    b = io.BytesIO()
    scr.save(b, "PNG")
    return b.getvalue(), sub


def seal_picture(rng, sub):
    """A seal (or stamp/badge/logo) picture as a user would paste it: PNG with
    transparency, or a scanned crop (JPEG on tinted paper)."""
    d = rng.randint(180, 420)
    is_seal = sub not in ("badge", "open-arc", "rect-stamp", "logo", "redhead-img")
    if sub == "redhead-img":
        im = Image.new("RGB", (d * 3, d // 2), (255, 255, 255))
        dr = ImageDraw.Draw(im)
        dr.text((10, 5), rng.choice(HEADERS), fill=(220, 20, 30), font=font("serif", d // 4))
        dr.rectangle([0, d // 2 - 8, d * 3, d // 2 - 4], fill=(220, 20, 30))
        return im, "png"
    if is_seal:
        a = make_mark(rng, "oval" if sub == "oval" else "normal", d)
        a = ink_effects(rng, a, sub == "partial", rng.uniform(0.3, 0.55) if sub == "faint" else rng.uniform(0.7, 1.0))
    elif sub == "logo":
        a = open_arc_logo(rng, d)
    else:
        a = make_mark(rng, sub, d)
    col = seal_colour(rng, sub)
    if rng.random() < 0.5:
        rgba = np.zeros(a.shape + (4,), np.uint8)
        rgba[..., 0], rgba[..., 1], rgba[..., 2] = col
        rgba[..., 3] = (a * 255).astype(np.uint8)
        return Image.fromarray(rgba, "RGBA"), "png"
    page = np.ones(a.shape + (3,), np.float32) * np.array([rng.uniform(0.93, 1), rng.uniform(0.92, 0.99), rng.uniform(0.88, 0.97)], np.float32)
    apply_ink(page, a, col, 0, 0)
    if sub == "signature-over":
        signature_strokes(rng, page, a.shape[1] / 2, a.shape[0] / 2, d)
    return to_img(page), "jpeg"


PASTE_POS = ["normal", "normal", "partial", "faint", "purple", "pink", "oval", "signature-over", "beside-stamp"]
PASTE_NEG = ["none", "rect-stamp", "rect-stamp", "badge", "badge", "open-arc", "logo", "redhead-img", "red-text"]


def make_docx(rng, seal, path, tmp):
    from docx import Document
    from docx.shared import Mm, Pt, RGBColor

    sub = rng.choice(PASTE_POS if seal else PASTE_NEG)
    doc = Document()
    doc.add_heading(rng.choice(["窗口服务工作情况说明", "政务服务事项办理情况报告"]), level=1)
    for _ in range(rng.randint(3, 9)):
        p = doc.add_paragraph("".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4))))
        if sub == "red-text" and rng.random() < 0.5:
            r = p.add_run("（重点）")
            r.font.color.rgb = RGBColor(0xE0, 0x10, 0x20)
    if sub == "red-text":
        r = doc.add_paragraph().add_run("已审核")
        r.font.color.rgb = RGBColor(0xE0, 0x10, 0x20)
        r.font.size = Pt(28)
    pics = []
    if sub != "none" and sub != "red-text":
        pics.append(sub)
    if sub == "beside-stamp":
        pics = ["normal", "rect-stamp"]
    doc.add_paragraph(rng.choice(UNITS)).alignment = 2
    p = doc.add_paragraph()
    p.alignment = 2
    for k, s in enumerate(pics):
        im, fmt_ = seal_picture(rng, s)
        ip = os.path.join(tmp, "p%d.%s" % (k, "png" if fmt_ == "png" else "jpg"))
        if fmt_ == "png":
            im.save(ip)
        else:
            im.save(ip, quality=rng.randint(70, 92))
        width = Mm(rng.uniform(36, 46)) if s not in ("rect-stamp", "redhead-img") else Mm(rng.uniform(30, 60))
        p.add_run().add_picture(ip, width=width)
        p.add_run("  ")
    doc.add_paragraph("2022年%d月%d日" % (rng.randint(1, 11), rng.randint(1, 28))).alignment = 2
    doc.save(path)
    return sub


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--family", choices=sorted(FAMILY_BASE), required=True)
    ap.add_argument("--n", type=int, default=500, help="files in all (even split over kinds, half with a seal)")
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--fonts", default=None, help="folder holding the Noto CJK .ttc files")
    ap.add_argument("--resume", action="store_true", help="keep files already in OUT (same family)")
    args = ap.parse_args()
    FONTS.update(find_fonts(args.fonts))
    os.makedirs(args.out, exist_ok=True)
    kinds = args.kinds.split(",")
    base = FAMILY_BASE[args.family]
    rows = []
    docx_jobs = []
    tmp = tempfile.mkdtemp(prefix="sealset-")
    try:
        for i in range(args.n):
            kind = kinds[i % len(kinds)]
            seal = (i // len(kinds)) % 2 == 0
            rng = random.Random(base * 1_000_003 + i)
            stem = "%s-%04d" % (kind, i)
            ext = {"scan": "pdf", "vector": "pdf", "pasted": "pdf", "photo": "jpg", "screenshot": "png"}[kind]
            if args.resume and os.path.exists(os.path.join(args.out, stem + "." + ext)):
                # Every maker draws its sub-kind first.
                subs = {"scan": POS_SUBS + ["square"] if seal else NEG_SUBS,
                        "vector": VEC_POS if seal else VEC_NEG,
                        "pasted": PASTE_POS if seal else PASTE_NEG,
                        "photo": POS_SUBS + ["faint", "faint", "square"] if seal else NEG_SUBS + ["hand-circle"],
                        "screenshot": POS_SUBS if seal else NEG_SUBS + ["ui-badge"]}[kind]
                rows.append((stem + "." + ext, kind, int(seal), rng.choice(subs)))
                continue
            if kind == "pasted":
                dp = os.path.join(tmp, stem + ".docx")
                pic_tmp = os.path.join(tmp, stem)
                os.makedirs(pic_tmp, exist_ok=True)
                sub = make_docx(rng, seal, dp, pic_tmp)
                docx_jobs.append(dp)
                rows.append((stem + ".pdf", kind, int(seal), sub))
                continue
            if kind == "scan":
                data, sub = make_scan(rng, seal)
                ext = "pdf"
            elif kind == "vector":
                data, sub = make_vector(rng, seal)
                ext = "pdf"
            elif kind == "photo":
                data, sub = make_photo(rng, seal)
                ext = "jpg"
            else:
                data, sub = make_screenshot(rng, seal)
                ext = "png"
            with open(os.path.join(args.out, stem + "." + ext), "wb") as f:
                f.write(data)
            rows.append((stem + "." + ext, kind, int(seal), sub))
        if docx_jobs:
            profile = os.path.join(tmp, "lo-profile")
            for k in range(0, len(docx_jobs), 40):
                subprocess.run(["soffice", "-env:UserInstallation=file://" + profile, "--headless",
                                "--convert-to", "pdf", "--outdir", args.out] + docx_jobs[k:k + 40],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rows = [r for r in rows if os.path.exists(os.path.join(args.out, r[0]))]
    with open(os.path.join(args.out, "labels.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "kind", "seal", "sub"])
        w.writerows(rows)
    print("%d files in %s" % (len(rows), args.out))


if __name__ == "__main__":
    main()
