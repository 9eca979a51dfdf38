#!/usr/bin/env python3
"""Training-only pictures for the seal candidate verifier: many badge styles without
arc text (the false seals the verifier must turn down) and varied seals (round, oval,
square; four Noto CJK faces; partial, faint, purple, pink). Never evaluate on it.

    python3 scripts/seal-set/gen_t.py --n 600 OUT

Seeds 5000 + i. Kinds (`kind` column of `labels.csv`):
- `pic`: the mark alone on white or tinted paper, 110-460 px across, PNG or JPEG,
  sometimes blurred (a picture pasted into a document);
- `page`: an A4 page at 100-220 dpi with the mark by the signature, scan tone, noise,
  blur, JPEG 60-92;
- `screen`: the same page at 60-110 dpi, as PNG (a screenshot's scale);
- `photo` (`--family pos` only): the page at 110-150 dpi photographed (gen.py's
  perspective, desk, vignetting, colour cast, glare, noise and blur), 1600-3200 px,
  JPEG 60-90.
`--family sq`: square 名章 only (sub-kinds `grid`, `relief`, `rounded`, `double`, `two`,
`three`) and square-ish marks that are none (`dated` approval stamps, `boxed-word`,
`square-icon`, `red-block`), drawn as `pos`.
`--family sq2`: carved 名章 only (`baiwen`, `zhuwen`, `zhuwen-joined`: 2-6 thickened,
squared-off characters, rough edges, 12-28 mm) and square marks that are none
(`framed-word`, `red-label`, `square-icon`, `table-cells`, `red-block`, `qr`, `logo`),
drawn as `pos`.
`--family sq4`: as `sq3`, with half of its marks that are none filing and approval
stamps (`filed`, `filed-unit`, `filed-number`: a word such as 存档 or 已审核 over a date
line in an oblong or nearly square frame).
Sub-kinds (`sub`): seals `round`, `oval`, `square`; no seal: the badge style drawn
(`wheat`, `dots`, `rays`, `inner-ring`, `gear`, `laurel`, `emblem`, `stars`,
`ribbon`, `mid-text`, `progress`, `number`, `scallop`, `concentric`).

Uses the drawing helpers of gen.py (its `tune` family is also tuning data); nothing of
gen_c.py, gen_d.py or gen_e.py.
"""

import argparse
import csv
import io
import math
import os
import random
import sys

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen as G  # noqa: E402

BASE = 5000
FACES = ["NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc", "NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"]
FONT_DIRS = ["/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto"]
NAMES = G.UNITS + [
    "平顶山市湛河区人民法院", "信阳市浉河区市场监督管理局", "如东县政务服务管理办公室",
    "河南省某某建设工程有限公司", "浉河区老城街道社区卫生服务中心", "湛河区曹镇乡人民政府",
    "信阳市第九中学", "浉河区东双河镇财政所", "南通市如东县掘港街道办事处",
]
COLOURS = [(230, 0, 18), (214, 30, 40), (200, 20, 30), (225, 40, 60), (190, 30, 45), (240, 60, 70),
           (173, 37, 103), (160, 30, 90), (242, 153, 178), (235, 120, 150), (250, 80, 80)]
BADGES = ["wheat", "dots", "rays", "inner-ring", "gear", "laurel", "emblem", "stars", "ribbon",
          "mid-text", "progress", "number", "scallop", "concentric"]

_faces = {}


# Other CJK faces of Debian (fonts-arphic-ukai, fonts-arphic-uming, fonts-wqy-zenhei,
# fonts-droid-fallback) for `--family wide`; those not installed are left out.
OTHER_FACES = ["/usr/share/fonts/truetype/arphic/ukai.ttc", "/usr/share/fonts/truetype/arphic/uming.ttc",
               "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
               "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"]


# Marks are drawn at SS times their size and shrunk, for smooth edges.
SS = 2


def shrink(im):
    """A mark drawn at SS times its size, brought back to it."""
    return im.resize((im.width // SS, im.height // SS), Image.LANCZOS)


def face(name, size):
    key = (name, int(size))
    if key not in _faces:
        if os.path.isabs(name):
            _faces[key] = ImageFont.truetype(name, max(6, int(size)), index=0)
            return _faces[key]
        path = next((os.path.join(d, name) for d in FONT_DIRS if os.path.exists(os.path.join(d, name))), None)
        if path is None:
            raise SystemExit("fonts-noto-cjk is needed (%s)" % name)
        _faces[key] = ImageFont.truetype(path, max(6, int(size)), index=2)
    return _faces[key]


def glyph(ch, size, fc, squeeze=1.0):
    f = face(fc, size)
    im = Image.new("L", (int(size * 1.6) + 4, int(size * 1.6) + 4), 0)
    ImageDraw.Draw(im).text((im.width / 2, im.height / 2), ch, fill=255, font=f, anchor="mm")
    bb = im.getbbox()
    if bb is None:
        return im
    im = im.crop(bb)
    return im.resize((max(1, int(im.width * squeeze)), im.height), Image.BILINEAR)


def paste(canvas, g, cx, cy):
    x0, y0 = int(round(cx - g.width / 2)), int(round(cy - g.height / 2))
    tile = Image.new("L", canvas.size, 0)
    tile.paste(g, (x0, y0))
    return ImageChops.lighter(canvas, tile)


def cut(canvas, g, cx, cy):
    """As `paste`, but the glyph is cut out of the ink (white characters of a 白文 block)."""
    tile = Image.new("L", canvas.size, 0)
    tile.paste(g, (int(round(cx - g.width / 2)), int(round(cy - g.height / 2))))
    return ImageChops.subtract(canvas, tile)


def arc_text(canvas, text, cx, cy, rx, ry, start, span, size, fc, squeeze, inward=True):
    n = len(text)
    for i, ch in enumerate(text):
        t = start + (i * span / (n - 1) if n > 1 else 0)
        g = glyph(ch, size, fc, squeeze)
        ang = -math.degrees(t + math.pi / 2) if inward else -math.degrees(t - math.pi / 2)
        g = g.rotate(ang, resample=Image.BILINEAR, expand=True)
        canvas = paste(canvas, g, cx + rx * math.cos(t), cy + ry * math.sin(t))
    return canvas


def hline_text(canvas, text, cx, cy, size, fc, squeeze=0.9):
    n = len(text)
    for i, ch in enumerate(text):
        canvas = paste(canvas, glyph(ch, size, fc, squeeze), cx + (i - (n - 1) / 2) * size * squeeze * 1.05, cy)
    return canvas


def star(cx, cy, r, rot=-math.pi / 2):
    return [(cx + (r if i % 2 == 0 else r * 0.382) * math.cos(rot + i * math.pi / 5),
             cy + (r if i % 2 == 0 else r * 0.382) * math.sin(rot + i * math.pi / 5)) for i in range(10)]


def ellipse(dr, cx, cy, rx, ry, width, fill=None):
    dr.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], outline=None if width <= 0 else 255,
               width=max(1, int(width)) if width > 0 else 0, fill=fill)


def leaf(cx, cy, length, width, ang):
    ca, sa = math.cos(ang), math.sin(ang)
    pts = []
    for k in range(12):
        t = k / 11 * math.pi
        u, v = (math.cos(t) - 0) * length / 2, math.sin(t) * width / 2
        pts.append((u, v))
    pts += [(u, -v) for (u, v) in reversed(pts)]
    return [(cx + u * ca - v * sa, cy + u * sa + v * ca) for u, v in pts]


# ---------------------------------------------------------------- seals


WIDE = False
POS = False
LURE = False
LURE2 = False
SQ = False
SQ2 = False
SQ3 = False
SQ4 = False
WIDE_FACES = []


def seal(rng, d, style):
    """An 'L' picture of a seal `d` px across (drawn at twice the size)."""
    if WIDE:
        return seal_wide(rng, d, style)
    D = int(d * SS)
    fc = rng.choice(FACES)
    if style == "square":
        im = Image.new("L", (D + 8, D + 8), 0)
        dr = ImageDraw.Draw(im)
        bw = D * rng.uniform(0.04, 0.1)
        dr.rectangle([4 + bw / 2, 4 + bw / 2, D + 4 - bw / 2, D + 4 - bw / 2], outline=255, width=int(bw))
        chars = rng.choice(["王建国印", "李红梅印", "张伟之印", "陈静私印", "财务专用", "合同专用", "刘洋印章"])
        g = (D - 2 * bw) * rng.uniform(0.36, 0.44)
        c = D / 2 + 4
        for i, ch in enumerate(chars):
            x = c + (0.22 if i < 2 else -0.22) * D
            y = c + (-0.22 if i % 2 == 0 else 0.22) * D
            im = paste(im, glyph(ch, g, fc, 0.95), x, y)
        return shrink(im)
    ratio = rng.uniform(1.25, 1.6) if style == "oval" else 1.0
    W, H = D, int(D / ratio)
    im = Image.new("L", (W + 8, H + 8), 0)
    dr = ImageDraw.Draw(im)
    cx, cy = im.width / 2, im.height / 2
    rw = D * rng.uniform(0.018, 0.06)
    rx, ry = W / 2 - rw / 2, H / 2 - rw / 2
    ellipse(dr, cx, cy, rx, ry, rw)
    if rng.random() < 0.15:
        ellipse(dr, cx, cy, rx - rw * 2.2, ry - rw * 2.2, max(2, rw * 0.35))
    name = rng.choice(NAMES)
    size = D * rng.uniform(0.11, 0.19) * (0.85 if len(name) > 12 else 1.0)
    if style == "oval":
        size *= 0.8
    inset = rw + size * 0.62 + D * 0.01
    span = math.radians(rng.uniform(190, 300) if style == "round" else rng.uniform(140, 210))
    im = arc_text(im, name, cx, cy, rx - inset, ry - inset, -math.pi / 2 - span / 2, span, size, fc,
                  rng.uniform(0.55, 0.95))
    dr = ImageDraw.Draw(im)
    if style == "round":
        if rng.random() < 0.85:
            dr.polygon(star(cx, cy, D * rng.uniform(0.12, 0.21)), fill=255)
        if rng.random() < 0.55:
            word = rng.choice(["公章", "专用章", "业务专用章", "办公室", "政务服务专用章", "行政审批专用章"])
            im = hline_text(im, word, cx, cy + D * rng.uniform(0.22, 0.3), D * rng.uniform(0.07, 0.11), fc, 0.85)
    else:
        word = rng.choice(["财务专用章", "合同专用章", "发票专用章", "业务专用章"])
        im = hline_text(im, word, cx, cy + H * rng.uniform(0.08, 0.2), D * rng.uniform(0.07, 0.1), fc, 0.8)
        if rng.random() < 0.4:
            dr.polygon(star(cx, cy - H * 0.1, H * 0.1), fill=255)
    if rng.random() < 0.3:
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(8, 13)))
        sp = math.radians(rng.uniform(60, 100))
        im = arc_text(im, digits, cx, cy, rx - rw - D * 0.05, ry - rw - D * 0.05, math.pi / 2 + sp / 2, -sp,
                      D * 0.05, FACES[0], 0.8, inward=False)
    return shrink(im)


def seal_wide(rng, d, style):
    """`--family wide`: seals set more differently than gen.py's: any CJK face of the
    machine, glyphs narrow or wide, close or spread, thin or heavy rings, inner rings,
    codes on the lower arc, text that starts anywhere on the arc."""
    D = int(d * SS)
    fc = rng.choice(WIDE_FACES)
    if style == "square":
        im = Image.new("L", (D + 8, D + 8), 0)
        dr = ImageDraw.Draw(im)
        bw = D * rng.uniform(0.03, 0.14)
        dr.rectangle([4 + bw / 2, 4 + bw / 2, D + 4 - bw / 2, D + 4 - bw / 2], outline=255, width=max(2, int(bw)))
        if rng.random() < 0.2:
            w2 = max(2, int(bw * 0.4))
            dr.rectangle([4 + bw * 2, 4 + bw * 2, D + 4 - bw * 2, D + 4 - bw * 2], outline=255, width=w2)
        chars = rng.choice(["王建国印", "李红梅印", "张伟之印", "陈静私印", "财务专用", "合同专用", "刘洋印章",
                            "赵敏之印", "孙立新印", "周海燕印", "吴志强印", "郑文华印"])
        g = (D - 2 * bw) * rng.uniform(0.34, 0.46)
        c = D / 2 + 4
        off = rng.uniform(0.19, 0.24)
        for i, ch in enumerate(chars):
            x = c + (off if i < 2 else -off) * D
            y = c + (-off if i % 2 == 0 else off) * D
            im = paste(im, glyph(ch, g, fc, rng.uniform(0.8, 1.05)), x, y)
        return shrink(im)
    ratio = rng.uniform(1.2, 1.7) if style == "oval" else 1.0
    W, H = D, int(D / ratio)
    im = Image.new("L", (W + 8, H + 8), 0)
    dr = ImageDraw.Draw(im)
    cx, cy = im.width / 2, im.height / 2
    rw = D * rng.uniform(0.012, 0.08)
    rx, ry = W / 2 - rw / 2, H / 2 - rw / 2
    ellipse(dr, cx, cy, rx, ry, rw)
    inner = rng.random() < (0.7 if NEAR2 else 0.3)
    if inner:
        ellipse(dr, cx, cy, rx - rw * 1.8 - D * 0.01, ry - rw * 1.8 - D * 0.01, max(2, rw * rng.uniform(0.25, 0.6)))
    name = rng.choice(NAMES)
    size = D * rng.uniform(0.09, 0.2) * (0.85 if len(name) > 12 else 1.0)
    if NEAR2 and rng.random() < 0.6:
        size = D * rng.uniform(0.05, 0.1)
    if style == "oval":
        size *= 0.8
    inset = rw + size * rng.uniform(0.55, 0.8) + D * (0.03 if inner else 0.01)
    span = math.radians(rng.uniform(160, 320) if style == "round" else rng.uniform(130, 220))
    im = arc_text(im, name, cx, cy, rx - inset, ry - inset, -math.pi / 2 - span / 2, span, size, fc,
                  rng.uniform(0.5, 1.05))
    dr = ImageDraw.Draw(im)
    if style == "round":
        if rng.random() < 0.8:
            dr.polygon(star(cx, cy, D * rng.uniform(0.1, 0.22)), fill=255)
        if rng.random() < 0.6:
            word = rng.choice(["公章", "专用章", "业务专用章", "办公室", "政务服务专用章", "行政审批专用章", "党委", "印"])
            im = hline_text(im, word, cx, cy + D * rng.uniform(0.2, 0.32), D * rng.uniform(0.06, 0.12), fc,
                            rng.uniform(0.7, 1.0))
    else:
        word = rng.choice(["财务专用章", "合同专用章", "发票专用章", "业务专用章"])
        im = hline_text(im, word, cx, cy + H * rng.uniform(0.05, 0.22), D * rng.uniform(0.06, 0.11), fc,
                        rng.uniform(0.7, 0.95))
        if rng.random() < 0.4:
            dr.polygon(star(cx, cy - H * 0.1, H * 0.1), fill=255)
    if rng.random() < 0.45:
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(8, 15)))
        sp = math.radians(rng.uniform(50, 110))
        im = arc_text(im, digits, cx, cy, rx - rw - D * 0.05, ry - rw - D * 0.05, math.pi / 2 + sp / 2, -sp,
                      D * rng.uniform(0.04, 0.06), rng.choice(WIDE_FACES), 0.8, inward=False)
    return shrink(im)


def lookalike(rng, d, style):
    """`--family wide` negatives: a ring with only digits (a date stamp), a filled red
    round icon with a white sign, a circled number, a rectangular stamp."""
    D = int(d * SS)
    fc = rng.choice(WIDE_FACES)
    if style == "date-ring":
        im = Image.new("L", (D + 8, D + 8), 0)
        dr = ImageDraw.Draw(im)
        cx = cy = im.width / 2
        rw = D * rng.uniform(0.02, 0.06)
        ellipse(dr, cx, cy, D / 2 - rw / 2, D / 2 - rw / 2, rw)
        if rng.random() < 0.5:
            ellipse(dr, cx, cy, D * 0.36, D * 0.36, max(2, rw * 0.5))
        txt = rng.choice(["%04d.%02d.%02d" % (rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)),
                          "%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28)), str(rng.randint(1, 999))])
        g = face(fc, D * rng.uniform(0.1, 0.16))
        dr.text((cx, cy), txt, fill=255, font=g, anchor="mm")
        if rng.random() < 0.5:
            digits = "".join(rng.choice("0123456789.-") for _ in range(rng.randint(8, 14)))
            sp = math.radians(rng.uniform(120, 240))
            im = arc_text(im, digits, cx, cy, D * 0.4, D * 0.4, -math.pi / 2 - sp / 2, sp, D * 0.07, fc, 0.8)
        return shrink(im)
    if style in ("ui-icon", "circled-num"):
        D = max(16, D // 3) if style == "circled-num" and rng.random() < 0.5 else D
        im = Image.new("L", (D + 8, D + 8), 0)
        dr = ImageDraw.Draw(im)
        cx = cy = im.width / 2
        if style == "ui-icon" or rng.random() < 0.5:
            dr.ellipse([4, 4, D + 4, D + 4], fill=255)
            ink = 0
        else:
            dr.ellipse([4, 4, D + 4, D + 4], outline=255, width=max(2, int(D * 0.06)))
            ink = 255
        txt = rng.choice(["!", "+", "i", "?", "99+", "12", "7", "新", "荐", "急"]) if style == "ui-icon" else str(rng.randint(1, 20))
        dr.text((cx, cy), txt, fill=ink, font=face(fc, D * 0.55), anchor="mm")
        return shrink(im)
    W, H = D, int(D * rng.uniform(0.35, 0.6))
    im = Image.new("L", (W + 8, H + 8), 0)
    dr = ImageDraw.Draw(im)
    bw = max(2, int(H * rng.uniform(0.04, 0.1)))
    if rng.random() < 0.5:
        dr.rounded_rectangle([4, 4, W + 4, H + 4], radius=int(H * 0.2), outline=255, width=bw)
    else:
        dr.rectangle([4, 4, W + 4, H + 4], outline=255, width=bw)
    txt = rng.choice(["已审核", "APPROVED", "收文", "复印件与原件一致", "已付款", "作废", "已核对", "RECEIVED"])
    dr.text((W / 2 + 4, H / 2 + 4), txt, fill=255, font=face(fc, min(H * 0.5, W * 1.5 / max(len(txt), 2))), anchor="mm")
    return shrink(im)


LOOKALIKES = ["date-ring", "date-ring", "ui-icon", "circled-num", "rect-stamp", "rect-stamp"]


def date_bars(rng, d):
    """`--family lure`: a dater's ring: the date across the middle between two
    horizontal bars, a word above and sometimes a number below, single or double
    ring, no arc text."""
    D = int(d * SS)
    fc = rng.choice(WIDE_FACES)
    im = Image.new("L", (D + 8, D + 8), 0)
    dr = ImageDraw.Draw(im)
    cx = cy = im.width / 2
    r = D / 2
    rw = D * rng.uniform(0.015, 0.06)
    ellipse(dr, cx, cy, r - rw / 2, r - rw / 2, rw)
    if rng.random() < 0.35:
        ellipse(dr, cx, cy, r - rw * 2.5 - D * 0.02, r - rw * 2.5 - D * 0.02, max(2, rw * 0.5))
    hb = D * rng.uniform(0.08, 0.13)
    bw = max(2, int(D * rng.uniform(0.01, 0.03)))
    if rng.random() < 0.8:
        for sgn in (-1, 1):
            y = cy + sgn * hb
            half = math.sqrt(max(1.0, (r - rw) ** 2 - (y - cy) ** 2)) * rng.uniform(0.8, 1.0)
            dr.line([(cx - half, y), (cx + half, y)], fill=255, width=bw)
    sep = rng.choice([".", "-", " ", "年"])
    y4, mo, da = rng.randint(2018, 2026), rng.randint(1, 12), rng.randint(1, 28)
    txt = rng.choice(["%04d%s%02d%s%02d" % (y4, sep, mo, sep, da), "%02d%s%02d%s%02d" % (y4 % 100, sep, mo, sep, da),
                      "%s%02d" % (["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"][mo - 1], da)])
    size = min(hb * 1.5, D * 0.75 / max(4, len(txt)) * 1.7)
    dr.text((cx, cy), txt, fill=255, font=face(fc, size), anchor="mm")
    if rng.random() < 0.75:
        word = rng.choice(["收讫", "已付", "受理", "办结", "收文", "核销", "付讫", "RECEIVED", "PAID", "已审"])
        dr.text((cx, cy - hb - D * rng.uniform(0.1, 0.16)), word, fill=255,
                font=face(fc, D * rng.uniform(0.09, 0.14) * (0.6 if len(word) > 4 else 1.0)), anchor="mm")
    if rng.random() < 0.5:
        dr.text((cx, cy + hb + D * rng.uniform(0.1, 0.15)), str(rng.randint(1, 99)) if rng.random() < 0.5 else
                rng.choice(["(1)", "No.3", "经办", "专用"]), fill=255, font=face(fc, D * rng.uniform(0.07, 0.11)), anchor="mm")
    if rng.random() < 0.2:
        dr.polygon(star(cx, cy - r * 0.62, D * 0.05), fill=255)
    return shrink(im)


def lure2(rng, d):
    """`--family lure2`: badges whose band ornament sits where arc text would (an arc of
    160-330°, dense wheat grains on a stalk, one or two rows of dots, short rays), and
    dater rings with ornaments in the band; the style drawn and the picture."""
    D = int(d * SS)
    im = Image.new("L", (D + 8, D + 8), 0)
    dr = ImageDraw.Draw(im)
    cx = cy = im.width / 2
    r = D / 2 - 2
    fc = rng.choice(WIDE_FACES)
    rw = D * rng.uniform(0.012, 0.06)
    if rng.random() < 0.9:
        ellipse(dr, cx, cy, r - rw / 2, r - rw / 2, rw)
    if rng.random() < 0.3:
        ellipse(dr, cx, cy, r - rw * 2 - D * 0.02, r - rw * 2 - D * 0.02, max(2, rw * 0.4))
    style = rng.choice(["wheat2", "wheat2", "dots2", "dots2", "rays2", "date3", "date3"])
    span = math.radians(rng.uniform(160, 330))
    a0 = -math.pi / 2 - span / 2  # centred on the top, as arc text is
    rr = r * rng.uniform(0.6, 0.78)
    if style == "wheat2":
        # Two stalks rising from the bottom, grains in pairs along each.
        n = rng.randint(8, 20)
        top = rng.uniform(0.05, 0.4) * math.pi
        gl, gw = D * rng.uniform(0.035, 0.07), D * rng.uniform(0.015, 0.03)
        for side in (-1, 1):
            pts = []
            for i in range(n):
                t = math.pi / 2 + side * (0.12 + i / (n - 1) * (math.pi - top - 0.12))
                x, y = cx + rr * math.cos(t), cy + rr * math.sin(t)
                pts.append((x, y))
                tang = t + side * math.pi / 2
                for k in (-1, 1):
                    a = tang + k * rng.uniform(0.3, 0.8)
                    if rng.random() < 0.5:
                        dr.polygon(leaf(x + math.cos(a) * gl * 0.5, y + math.sin(a) * gl * 0.5, gl, gw, a), fill=255)
                    else:
                        ex, ey = x + math.cos(a) * gl * 0.5, y + math.sin(a) * gl * 0.5
                        dr.ellipse([ex - gw, ey - gw, ex + gw, ey + gw], fill=255)
            if rng.random() < 0.7:
                dr.line(pts, fill=255, width=max(2, int(D * rng.uniform(0.006, 0.015))))
    elif style == "dots2":
        rows = rng.choice([1, 1, 2])
        n = rng.randint(10, 40)
        for row in range(rows):
            rho = rr * (1.0 - 0.14 * row)
            dot = D * rng.uniform(0.01, 0.035)
            for i in range(n):
                t = a0 + (i + 0.5 * row) * span / n
                x, y = cx + rho * math.cos(t), cy + rho * math.sin(t)
                q = dot * (1.0 if rng.random() < 0.8 else 0.6)
                if rng.random() < 0.15:
                    dr.polygon(star(x, y, q * 1.6, t), fill=255)
                else:
                    dr.ellipse([x - q, y - q, x + q, y + q], fill=255)
    elif style == "rays2":
        n = rng.randint(10, 36)
        r0, r1 = r * rng.uniform(0.45, 0.6), r * rng.uniform(0.72, 0.86)
        wd = max(2, int(D * rng.uniform(0.008, 0.03)))
        for i in range(n):
            t = a0 + (i + 0.5) * span / n
            dr.line([(cx + r0 * math.cos(t), cy + r0 * math.sin(t)), (cx + r1 * math.cos(t), cy + r1 * math.sin(t))],
                    fill=255, width=wd)
    if style == "date3":
        y4, mo, da = rng.randint(2018, 2026), rng.randint(1, 12), rng.randint(1, 28)
        txt = rng.choice(["%04d.%02d.%02d" % (y4, mo, da), "%04d-%02d-%02d" % (y4, mo, da), "%04d年%d月%d日" % (y4, mo, da)])
        size = D * 0.8 / max(5, len(txt)) * rng.uniform(1.3, 1.8)
        dr.text((cx, cy), txt, fill=255, font=face(fc, size), anchor="mm")
        if rng.random() < 0.6:
            for sgn in (-1, 1):
                y = cy + sgn * size * rng.uniform(0.8, 1.1)
                half = math.sqrt(max(1.0, (r * 0.85) ** 2 - (y - cy) ** 2))
                dr.line([(cx - half, y), (cx + half, y)], fill=255, width=max(2, int(D * 0.012)))
        orn = rng.choice(["stars", "dots", "none", "word"])
        if orn in ("stars", "dots"):
            n = rng.randint(5, 14)
            for i in range(n):
                t = a0 + (i + 0.5) * span / n
                x, y = cx + rr * math.cos(t), cy + rr * math.sin(t)
                if orn == "stars":
                    dr.polygon(star(x, y, D * 0.03, t), fill=255)
                else:
                    dr.ellipse([x - D * 0.015, y - D * 0.015, x + D * 0.015, y + D * 0.015], fill=255)
        elif orn == "word":
            dr.text((cx, cy - size * 1.9), rng.choice(["收讫", "已付", "受理", "办结", "现金付讫", "转账"]), fill=255,
                    font=face(fc, size * 0.9), anchor="mm")
    elif rng.random() < 0.8:
        centre = rng.choice(["star", "star", "text", "emblem"])
        sr = D * rng.uniform(0.1, 0.2)
        if centre == "star":
            dr.polygon(star(cx, cy, sr), fill=255)
        elif centre == "emblem":
            dr.polygon(star(cx, cy - sr * 0.5, sr * 0.6), fill=255)
            dr.rectangle([cx - sr, cy + sr * 0.3, cx + sr, cy + sr * 0.45], fill=255)
        else:
            im = hline_text(im, rng.choice(["服务", "先锋", "优秀", "示范", "荣誉"]), cx, cy, D * 0.12, fc)
    if style != "date3" and rng.random() < 0.3:
        im = hline_text(im, rng.choice(["为人民服务", "文明窗口", "先进集体", "二〇二二"]), cx, cy + r * 0.5, D * 0.08, fc)
    return shrink(im), style


# `--family lure`: the look-alikes the verifier passes most (badges whose band holds
# wheat, dots or rays; dater rings; red round icons; circled numbers).
LURES = ["wheat", "dots", "rays", "ribbon", "emblem", "stars", "laurel", "date-bars", "date-bars", "date-ring",
         "ui-icon", "circled-num", "progress", "number"]


# ---------------------------------------------------------------- badges (no arc text)


def band_ornament(rng, im, style, cx, cy, r, D, fc):
    """Fills the band where a seal has its arc text (0.5-0.85 of the radius)."""
    dr = ImageDraw.Draw(im)
    if style == "wheat":
        n = rng.randint(5, 11)
        top = rng.uniform(0.25, 0.45) * math.pi
        rr = r * rng.uniform(0.62, 0.78)
        ln, wd = D * rng.uniform(0.06, 0.11), D * rng.uniform(0.025, 0.05)
        for side in (-1, 1):
            a0 = math.pi / 2 + side * rng.uniform(0.15, 0.35)
            pts = []
            for i in range(n):
                t = a0 + side * (i / max(1, n - 1)) * (math.pi - top)
                x, y = cx + rr * math.cos(t), cy + rr * math.sin(t)
                pts.append((x, y))
                tang = t + side * math.pi / 2
                for k in (-1, 1):
                    a = tang + k * rng.uniform(0.4, 0.7)
                    dr.polygon(leaf(x + math.cos(a) * ln * 0.4, y + math.sin(a) * ln * 0.4, ln, wd, a), fill=255)
            dr.line(pts, fill=255, width=max(2, int(D * 0.012)))
    elif style == "dots":
        n = rng.randint(8, 44)
        rr, dot = r * rng.uniform(0.6, 0.8), D * rng.uniform(0.012, 0.04)
        for i in range(n):
            t = i * 2 * math.pi / n
            x, y = cx + rr * math.cos(t), cy + rr * math.sin(t)
            dr.ellipse([x - dot, y - dot, x + dot, y + dot], fill=255)
    elif style == "rays":
        n = rng.randint(12, 48)
        r0, r1 = r * rng.uniform(0.2, 0.45), r * rng.uniform(0.7, 0.88)
        wd = max(2, int(D * rng.uniform(0.008, 0.025)))
        tri = rng.random() < 0.4
        for i in range(n):
            t = i * 2 * math.pi / n
            if tri:
                h = math.pi / n * rng.uniform(0.3, 0.7)
                dr.polygon([(cx + r0 * math.cos(t - h), cy + r0 * math.sin(t - h)), (cx + r1 * math.cos(t), cy + r1 * math.sin(t)),
                            (cx + r0 * math.cos(t + h), cy + r0 * math.sin(t + h))], fill=255)
            else:
                dr.line([(cx + r0 * math.cos(t), cy + r0 * math.sin(t)), (cx + r1 * math.cos(t), cy + r1 * math.sin(t))], fill=255, width=wd)
    elif style == "inner-ring":
        for _ in range(rng.randint(1, 3)):
            rr = r * rng.uniform(0.5, 0.85)
            ellipse(dr, cx, cy, rr, rr, D * rng.uniform(0.008, 0.05))
    elif style == "gear":
        n = rng.randint(10, 30)
        r0 = r * rng.uniform(0.6, 0.75)
        r1 = r0 + D * rng.uniform(0.04, 0.08)
        ellipse(dr, cx, cy, r0, r0, D * rng.uniform(0.02, 0.05))
        for i in range(n):
            t = i * 2 * math.pi / n
            h = math.pi / n * 0.5
            dr.polygon([(cx + r0 * math.cos(t - h), cy + r0 * math.sin(t - h)), (cx + r1 * math.cos(t - h * 0.7), cy + r1 * math.sin(t - h * 0.7)),
                        (cx + r1 * math.cos(t + h * 0.7), cy + r1 * math.sin(t + h * 0.7)), (cx + r0 * math.cos(t + h), cy + r0 * math.sin(t + h))], fill=255)
    elif style == "laurel":
        rr = r * rng.uniform(0.62, 0.78)
        n = rng.randint(6, 14)
        ln, wd = D * rng.uniform(0.07, 0.12), D * rng.uniform(0.03, 0.05)
        for side in (-1, 1):
            for i in range(n):
                t = math.pi / 2 + side * (0.3 + i / n * rng.uniform(2.3, 2.7))
                x, y = cx + rr * math.cos(t), cy + rr * math.sin(t)
                a = t + side * math.pi / 2 + rng.choice([-1, 1]) * 0.5
                dr.polygon(leaf(x, y, ln, wd, a), fill=255)
    elif style == "stars":
        n = rng.randint(5, 16)
        rr, sr = r * rng.uniform(0.6, 0.78), D * rng.uniform(0.03, 0.06)
        for i in range(n):
            t = i * 2 * math.pi / n + rng.uniform(0, 0.2)
            dr.polygon(star(cx + rr * math.cos(t), cy + rr * math.sin(t), sr, t), fill=255)
    elif style == "scallop":
        n = rng.randint(16, 40)
        rr = r * rng.uniform(0.65, 0.8)
        pts = [(cx + (rr + D * 0.025 * math.sin(n * k / 400 * 2 * math.pi)) * math.cos(k / 400 * 2 * math.pi),
                cy + (rr + D * 0.025 * math.sin(n * k / 400 * 2 * math.pi)) * math.sin(k / 400 * 2 * math.pi)) for k in range(401)]
        dr.line(pts, fill=255, width=max(2, int(D * rng.uniform(0.01, 0.03))))
    elif style == "concentric":
        for k in range(rng.randint(2, 5)):
            rr = r * (0.85 - k * rng.uniform(0.1, 0.16))
            if rr > 0.2 * r:
                ellipse(dr, cx, cy, rr, rr, D * rng.uniform(0.01, 0.04))
    return im


def badge(rng, d, style):
    D = int(d * SS)
    im = Image.new("L", (D + 8, D + 8), 0)
    dr = ImageDraw.Draw(im)
    cx = cy = im.width / 2
    r = D / 2 - 2
    fc = rng.choice(FACES)
    rw = D * rng.uniform(0.015, 0.07)
    if style != "progress" and rng.random() < 0.92:
        ellipse(dr, cx, cy, r - rw / 2, r - rw / 2, rw)
        if rng.random() < 0.3:
            ellipse(dr, cx, cy, r - rw * 2.5, r - rw * 2.5, max(2, rw * 0.4))
    if style in ("progress", "number"):
        if style == "progress":
            a0 = rng.uniform(0, 360)
            dr.arc([cx - r + rw, cy - r + rw, cx + r - rw, cy + r - rw], a0, a0 + rng.uniform(200, 350), fill=255, width=int(rw * 2))
        txt = rng.choice(["85%", "12", "3", "100", "7", "98分", "60%", "A+"])
        g = face(FACES[rng.randint(0, 3)], D * rng.uniform(0.25, 0.4))
        dr.text((cx, cy), txt, fill=255, font=g, anchor="mm")
        return shrink(im)
    if style == "mid-text":
        word = rng.choice(["政务服务", "便民服务", "文明单位", "党员先锋岗", "青年文明号", "示范窗口", "优质服务"])
        im = hline_text(im, word, cx, cy + rng.uniform(-0.1, 0.1) * D, D * rng.uniform(0.1, 0.16) * (4 / max(4, len(word))), fc)
        if rng.random() < 0.6:
            im = band_ornament(rng, im, rng.choice(["dots", "stars", "inner-ring", "laurel"]), cx, cy, r, D, fc)
        return shrink(im)
    if style == "ribbon":
        band = rng.choice(["wheat", "laurel", "dots", "rays", "inner-ring", "stars"])
        im = band_ornament(rng, im, band, cx, cy, r, D, fc)
    elif style == "emblem":
        im = band_ornament(rng, im, rng.choice(["wheat", "gear", "laurel", "rays"]), cx, cy, r, D, fc)
    else:
        im = band_ornament(rng, im, style, cx, cy, r, D, fc)
        if rng.random() < 0.3:
            im = band_ornament(rng, im, rng.choice(BADGES[:9]), cx, cy, r, D, fc)
    dr = ImageDraw.Draw(im)
    centre = rng.choice(["star", "star", "emblem", "party", "text", "none"] if style != "emblem" else ["emblem", "party"])
    sr = D * rng.uniform(0.1, 0.2)
    if centre == "star":
        dr.polygon(star(cx, cy, sr), fill=255)
    elif centre == "emblem":
        # A large star with four small ones and a gate-like building below.
        dr.polygon(star(cx, cy - sr * 0.8, sr * 0.6), fill=255)
        for k in range(4):
            t = -math.pi * (0.15 + 0.23 * k)
            dr.polygon(star(cx + sr * 1.1 * math.cos(t) * 1.3, cy - sr * 0.6 + sr * 0.9 * math.sin(t), sr * 0.22), fill=255)
        dr.rectangle([cx - sr * 1.1, cy + sr * 0.2, cx + sr * 1.1, cy + sr * 0.35], fill=255)
        dr.polygon([(cx - sr * 0.8, cy + sr * 0.35), (cx + sr * 0.8, cy + sr * 0.35), (cx + sr * 0.7, cy + sr * 0.8), (cx - sr * 0.7, cy + sr * 0.8)], fill=255)
    elif centre == "party":
        # A sickle (an arc) and a hammer (two bars), filled shapes.
        dr.arc([cx - sr, cy - sr, cx + sr, cy + sr], 100, 330, fill=255, width=int(sr * 0.3))
        dr.polygon([(cx - sr * 0.6, cy + sr * 0.5), (cx + sr * 0.5, cy - sr * 0.6), (cx + sr * 0.65, cy - sr * 0.45), (cx - sr * 0.45, cy + sr * 0.65)], fill=255)
        dr.rectangle([cx + sr * 0.1, cy - sr * 0.9, cx + sr * 0.8, cy - sr * 0.6], fill=255)
    elif centre == "text":
        im = hline_text(im, rng.choice(["服务", "先锋", "优秀", "政务", "示范"]), cx, cy, D * 0.12, fc)
    if style == "ribbon" or rng.random() < 0.25:
        dr = ImageDraw.Draw(im)
        y = cy + r * rng.uniform(0.45, 0.62)
        bw, bh = r * rng.uniform(0.8, 1.3), D * rng.uniform(0.07, 0.11)
        solid = rng.random() < 0.5
        if solid:
            dr.rectangle([cx - bw, y - bh / 2, cx + bw, y + bh / 2], fill=255)
            dr.polygon([(cx - bw, y - bh / 2), (cx - bw - bh, y + bh), (cx - bw * 0.8, y + bh / 2)], fill=255)
            dr.polygon([(cx + bw, y - bh / 2), (cx + bw + bh, y + bh), (cx + bw * 0.8, y + bh / 2)], fill=255)
        else:
            im = hline_text(im, rng.choice(["为人民服务", "文明窗口", "二〇二二", "先进集体", "便民"]), cx, y, bh * 0.9, fc)
    return shrink(im)


# ---------------------------------------------------------------- `--family lure3`

LURE3 = False
LURES3 = ["wreath", "wreath", "dot-ring", "dot-ring", "star-ring", "cog", "rosette", "dater", "dater", "dater",
          "icon", "markup", "markup"]


def centre_piece(rng, im, cx, cy, D, fc):
    """What sits in a badge's middle: a star, a word, a number, a year, or nothing."""
    dr = ImageDraw.Draw(im)
    kind = rng.choice(["star", "star", "word", "number", "year", "none", "star-word"])
    sr = D * rng.uniform(0.08, 0.2)
    if kind in ("star", "star-word"):
        dr.polygon(star(cx, cy - (sr * 0.4 if kind == "star-word" else 0), sr), fill=255)
    if kind in ("word", "star-word"):
        word = rng.choice(["优秀", "先进", "服务", "荣誉", "示范", "文明", "标兵", "奖"])
        im = hline_text(im, word, cx, cy + (sr * 0.9 if kind == "star-word" else 0), D * rng.uniform(0.08, 0.14), fc)
    elif kind == "number":
        dr.text((cx, cy), str(rng.randint(1, 99)), fill=255, font=face(fc, D * rng.uniform(0.2, 0.35)), anchor="mm")
    elif kind == "year":
        dr.text((cx, cy), str(rng.randint(1990, 2026)), fill=255, font=face(fc, D * rng.uniform(0.1, 0.16)), anchor="mm")
    return im


def wreath(rng, dr, cx, cy, rr, D):
    """Two branches rising from the bottom along the circle `rr`, with leaves or grain
    ears on both sides of each stalk (sizes taper to the tips), meeting or not at the
    top, tied at the bottom or not."""
    ear = rng.random() < 0.5
    n = rng.randint(6, 16)
    reach = rng.uniform(0.55, 0.97) * math.pi
    ln0 = D * rng.uniform(0.05, 0.12)
    wd0 = ln0 * rng.uniform(0.3, 0.55)
    splay = rng.uniform(0.25, 0.9)
    stalk = rng.random() < 0.75
    for side in (-1, 1):
        t0 = math.pi / 2 + side * rng.uniform(0.05, 0.3)
        pts = []
        for i in range(n):
            f = i / max(1, n - 1)
            t = t0 + side * f * reach
            x, y = cx + rr * math.cos(t), cy + rr * math.sin(t)
            pts.append((x, y))
            tang = t + side * math.pi / 2
            taper = 1.0 - 0.45 * f
            for k in ((-1, 1) if rng.random() < 0.9 else (rng.choice([-1, 1]),)):
                a = tang + k * splay
                ln, wd = ln0 * taper, wd0 * taper
                ex, ey = x + math.cos(a) * ln * 0.45, y + math.sin(a) * ln * 0.45
                if ear:
                    dr.ellipse([ex - wd * 0.6, ey - wd * 0.6, ex + wd * 0.6, ey + wd * 0.6], fill=255)
                else:
                    dr.polygon(leaf(ex, ey, ln, wd, a), fill=255)
        if ear:
            tip = t0 + side * (reach + 0.08)
            dr.polygon(leaf(cx + rr * math.cos(tip), cy + rr * math.sin(tip), ln0 * 0.8, wd0 * 0.6, tip + side * math.pi / 2), fill=255)
        if stalk:
            dr.line(pts, fill=255, width=max(2, int(D * rng.uniform(0.006, 0.02))))
    if rng.random() < 0.5:
        y = cy + rr
        bw = D * rng.uniform(0.04, 0.1)
        dr.polygon([(cx - bw, y - bw * 0.4), (cx + bw, y + bw * 0.4), (cx + bw, y - bw * 0.4), (cx - bw, y + bw * 0.4)], fill=255)


def lure3(rng, d, style):
    """`--family lure3`: look-alikes drawn another way than `lure`/`lure2`: full wheat or
    laurel wreaths (leaves or grains on both sides of a curved stalk), rings of dots of
    one to three rows and sizes, rings of stars, cogwheels (teeth on the ring), rosettes
    (petals around the ring), dater rings with the date in a middle band between two
    rules and 收讫 / 日期 / a unit's short name above or below (with or without a star),
    red round icons with a white or red sign, and hand-drawn markup loops."""
    D = int(d * SS)
    fc = rng.choice(WIDE_FACES)
    im = Image.new("L", (D + 8, D + 8), 0)
    dr = ImageDraw.Draw(im)
    cx = cy = im.width / 2
    r = D / 2 - 2
    rw = D * rng.uniform(0.01, 0.06)
    ringed = style in ("dater", "cog") or rng.random() < 0.8
    if style == "markup":
        # A loop drawn by hand: one stroke, open or overlapping, uneven width.
        ry = r * rng.uniform(0.55, 1.0)
        t0 = rng.uniform(0, 2 * math.pi)
        sweep = 2 * math.pi * rng.uniform(0.85, 1.2)
        wob = [rng.uniform(-0.04, 0.04) for _ in range(4)]
        w0 = max(2.0, D * rng.uniform(0.01, 0.04))
        prev = None
        for k in range(160):
            t = t0 + sweep * k / 159
            f = 1 + sum(wv * math.sin((i + 2) * t + i) for i, wv in enumerate(wob)) + 0.05 * k / 159
            p = (cx + r * 0.95 * f * math.cos(t), cy + ry * f * math.sin(t))
            if prev is not None:
                dr.line([prev, p], fill=255, width=max(1, int(w0 * (0.6 + 0.6 * math.sin(k / 40.0) ** 2))))
            prev = p
        if rng.random() < 0.4:
            im = hline_text(im, rng.choice(["重点", "请核", "改", "?", "注意", "补"]), cx + r * 0.7, cy - ry * 0.9,
                            D * 0.12, fc)
        return shrink(im)
    if style == "icon":
        filled = rng.random() < 0.7
        if filled:
            dr.ellipse([cx - r, cy - r, cx + r, cy + r], fill=255)
        else:
            ellipse(dr, cx, cy, r - rw, r - rw, max(3, rw * 1.5))
        ink = 0 if filled else 255
        sign = rng.choice(["check", "bang", "play", "plus", "cross", "pin", "bell", "text"])
        q = r * rng.uniform(0.4, 0.6)
        wd = max(3, int(r * rng.uniform(0.1, 0.2)))
        if sign == "check":
            dr.line([(cx - q, cy), (cx - q * 0.2, cy + q * 0.7), (cx + q, cy - q * 0.6)], fill=ink, width=wd, joint="curve")
        elif sign == "bang":
            dr.rectangle([cx - wd / 2, cy - q, cx + wd / 2, cy + q * 0.35], fill=ink)
            dr.ellipse([cx - wd * 0.7, cy + q * 0.6, cx + wd * 0.7, cy + q * 0.6 + wd * 1.4], fill=ink)
        elif sign == "play":
            dr.polygon([(cx - q * 0.6, cy - q), (cx - q * 0.6, cy + q), (cx + q, cy)], fill=ink)
        elif sign == "plus":
            dr.rectangle([cx - q, cy - wd / 2, cx + q, cy + wd / 2], fill=ink)
            dr.rectangle([cx - wd / 2, cy - q, cx + wd / 2, cy + q], fill=ink)
        elif sign == "cross":
            dr.line([(cx - q, cy - q), (cx + q, cy + q)], fill=ink, width=wd)
            dr.line([(cx - q, cy + q), (cx + q, cy - q)], fill=ink, width=wd)
        elif sign == "pin":
            dr.ellipse([cx - q * 0.6, cy - q, cx + q * 0.6, cy + q * 0.2], fill=ink)
            dr.polygon([(cx - q * 0.5, cy - q * 0.2), (cx + q * 0.5, cy - q * 0.2), (cx, cy + q)], fill=ink)
            dr.ellipse([cx - q * 0.2, cy - q * 0.6, cx + q * 0.2, cy - q * 0.2], fill=255 - ink)
        elif sign == "bell":
            dr.pieslice([cx - q * 0.7, cy - q, cx + q * 0.7, cy + q * 0.8], 180, 360, fill=ink)
            dr.rectangle([cx - q * 0.7, cy - q * 0.1, cx + q * 0.7, cy + q * 0.5], fill=ink)
            dr.rectangle([cx - q, cy + q * 0.5, cx + q, cy + q * 0.65], fill=ink)
        else:
            dr.text((cx, cy), rng.choice(["热", "新", "荐", "急", "办", "问", "HOT", "NEW"]), fill=ink,
                    font=face(fc, r * rng.uniform(0.6, 0.9)), anchor="mm")
        return shrink(im)
    if ringed:
        ellipse(dr, cx, cy, r - rw / 2, r - rw / 2, rw)
        if rng.random() < 0.35:
            ri = r - rw - D * rng.uniform(0.02, 0.05)
            ellipse(dr, cx, cy, ri, ri, max(2, rw * rng.uniform(0.3, 0.8)))
    if style == "dater":
        hb = D * rng.uniform(0.07, 0.13)
        bw = max(2, int(D * rng.uniform(0.008, 0.025)))
        if rng.random() < 0.85:
            for sgn in (-1, 1):
                y = cy + sgn * hb
                half = math.sqrt(max(1.0, (r - rw) ** 2 - (y - cy) ** 2))
                dr.line([(cx - half, y), (cx + half, y)], fill=255, width=bw)
        y4, mo, da = rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28)
        txt = rng.choice(["%04d.%02d.%02d" % (y4, mo, da), "%04d-%d-%d" % (y4, mo, da), "%04d %02d %02d" % (y4, mo, da),
                          "%02d.%02d.%02d" % (y4 % 100, mo, da), "%04d年%02d月%02d日" % (y4, mo, da)])
        size = min(hb * 1.6, D * 0.85 / max(4, len(txt)) * rng.uniform(1.4, 1.9))
        dr.text((cx, cy), txt, fill=255, font=face(fc, size), anchor="mm")
        top = rng.choice(["收讫", "日期", "已收", "现金收讫", "转账收讫", "财务", "受理", "发文", "归档", "收件"])
        unit = rng.choice(["湛河区财政局", "信阳市档案馆", "如东县税务所", "政务服务中心", "老城街道", "人民医院"])
        star_top = rng.random() < 0.5
        if star_top:
            dr.polygon(star(cx, cy - hb - D * 0.14, D * rng.uniform(0.05, 0.09)), fill=255)
        else:
            im = hline_text(im, top if rng.random() < 0.6 else unit[:4], cx, cy - hb - D * rng.uniform(0.1, 0.15),
                            D * rng.uniform(0.07, 0.11), fc)
        if rng.random() < 0.7:
            im = hline_text(im, top if star_top else rng.choice(["经办", "专用", "(1)", "01"]), cx,
                            cy + hb + D * rng.uniform(0.1, 0.15), D * rng.uniform(0.07, 0.1), fc)
        return shrink(im)
    rr = r * rng.uniform(0.6, 0.8)
    if style == "wreath":
        wreath(rng, dr, cx, cy, rr, D)
    elif style == "dot-ring":
        rows = rng.choice([1, 1, 2, 3])
        for row in range(rows):
            rho = rr * (1.0 - 0.13 * row)
            n = rng.randint(12, 60)
            dot = D * rng.uniform(0.008, 0.035)
            full = rng.random() < 0.7
            span = 2 * math.pi if full else math.radians(rng.uniform(200, 320))
            a0 = -math.pi / 2 - span / 2
            for i in range(n):
                t = a0 + i * span / n
                x, y = cx + rho * math.cos(t), cy + rho * math.sin(t)
                q = dot * (1.0 if i % rng.choice([2, 3, 100]) else 1.6)
                dr.ellipse([x - q, y - q, x + q, y + q], fill=255)
    elif style == "star-ring":
        n = rng.randint(6, 24)
        sr = D * rng.uniform(0.02, 0.055)
        full = rng.random() < 0.6
        span = 2 * math.pi if full else math.radians(rng.uniform(180, 300))
        a0 = -math.pi / 2 - span / 2
        for i in range(n):
            t = a0 + i * span / n
            dr.polygon(star(cx + rr * math.cos(t), cy + rr * math.sin(t), sr, t + rng.choice([0, math.pi / 2])), fill=255)
    elif style == "cog":
        n = rng.randint(12, 40)
        r0 = r - rw - D * rng.uniform(0.0, 0.03)
        depth = D * rng.uniform(0.025, 0.07)
        for i in range(n):
            t = i * 2 * math.pi / n
            h = math.pi / n * rng.uniform(0.4, 0.7)
            dr.polygon([(cx + (r0 - depth) * math.cos(t - h), cy + (r0 - depth) * math.sin(t - h)),
                        (cx + r0 * math.cos(t - h * 0.7), cy + r0 * math.sin(t - h * 0.7)),
                        (cx + r0 * math.cos(t + h * 0.7), cy + r0 * math.sin(t + h * 0.7)),
                        (cx + (r0 - depth) * math.cos(t + h), cy + (r0 - depth) * math.sin(t + h))], fill=255)
        ri = r0 - depth - D * rng.uniform(0.0, 0.05)
        ellipse(dr, cx, cy, ri, ri, max(2, D * rng.uniform(0.01, 0.03)))
    elif style == "rosette":
        n = rng.randint(8, 24)
        pl, pw = D * rng.uniform(0.08, 0.16), D * rng.uniform(0.03, 0.07)
        for i in range(n):
            t = i * 2 * math.pi / n
            x, y = cx + rr * math.cos(t), cy + rr * math.sin(t)
            if rng.random() < 0.95:
                dr.polygon(leaf(x, y, pl, pw, t), fill=255)
        if rng.random() < 0.5:
            ellipse(dr, cx, cy, rr - pl * 0.6, rr - pl * 0.6, max(2, D * 0.01))
    return shrink(centre_piece(rng, im, cx, cy, D, fc))


LURE4 = False
LURES4 = ["praise", "praise", "praise", "ring-words", "ring-words", "dater2", "dater2"]
PRAISE = ["优秀", "很棒", "真棒", "加油", "好", "已阅", "表扬", "进步", "满分", "赞", "棒", "你真棒", "继续努力",
          "GOOD", "GREAT", "Excellent", "OK", "よくできました", "がんばりました", "たいへんよくできました", "すごい"]


def outline(rng, cx, cy, r, shape):
    """A closed outline that is not a plain circle: a flower of round lobes, a scalloped
    or saw-toothed edge, a cloud, or a wobbly hand-drawn round."""
    n = rng.randint(5, 9) if shape in ("flower", "cloud") else rng.randint(14, 30)
    amp = {"flower": rng.uniform(0.12, 0.25), "cloud": rng.uniform(0.06, 0.12),
           "scallop": rng.uniform(0.04, 0.08), "saw": rng.uniform(0.05, 0.1), "wobble": 0.0}[shape]
    wob = [rng.uniform(-0.03, 0.03) for _ in range(3)]
    rot = rng.uniform(0, 2 * math.pi)
    pts = []
    for k in range(360):
        t = 2 * math.pi * k / 360
        u = (n * (t + rot) / (2 * math.pi)) % 1.0
        if shape in ("flower", "cloud", "scallop"):
            bump = math.sin(math.pi * u)
        else:
            bump = 1 - abs(2 * u - 1) if shape == "saw" else 0.0
        f = 1 - amp + amp * bump + sum(w * math.sin((i + 2) * t + i) for i, w in enumerate(wob))
        pts.append((cx + r * f * math.cos(t), cy + r * f * math.sin(t)))
    return pts


def lure4(rng, d, style):
    """`--family lure4`: round-ish marks with words set in horizontal rows and no arc
    text: praise stamps (a flower, cloud, scalloped, saw-toothed or hand-drawn outline,
    single or doubled, around one to three rows of CJK, kana or Latin praise), plain or
    double rings around rows of words, and daters whose ring is doubled (thick outside,
    thin inside) with a large word above the date and a short one or a number below."""
    D = int(d * SS)
    fc = rng.choice(WIDE_FACES)
    im = Image.new("L", (D + 8, D + 8), 0)
    dr = ImageDraw.Draw(im)
    cx = cy = im.width / 2
    r = D / 2 - 2
    lw = max(3, int(D * rng.uniform(0.015, 0.06)))
    if style == "praise":
        shape = rng.choice(["flower", "flower", "cloud", "scallop", "saw", "wobble"])
        pts = outline(rng, cx, cy, r - lw, shape)
        dr.line(pts + [pts[0]], fill=255, width=lw, joint="curve")
        if rng.random() < 0.35:
            inner = outline(rng, cx, cy, (r - lw) * rng.uniform(0.78, 0.88), shape)
            dr.line(inner + [inner[0]], fill=255, width=max(2, lw // 2), joint="curve")
        word = rng.choice(PRAISE)
        per = max(1, min(len(word), rng.choice([2, 3, 4, 5])))
        rows = [word[i:i + per] for i in range(0, len(word), per)][:3]
        size = D * min(0.5 / max(len(x) for x in rows), 0.55 / len(rows)) * rng.uniform(0.9, 1.2)
        y0 = cy - (len(rows) - 1) * size * 0.6
        for i, row in enumerate(rows):
            if row.isascii():
                dr.text((cx, y0 + i * size * 1.2), row, fill=255, font=face(fc, size * 1.1), anchor="mm")
            else:
                im = hline_text(im, row, cx, y0 + i * size * 1.2, size, fc)
        if rng.random() < 0.3:
            dr.polygon(star(cx, cy + r * 0.62, D * 0.05), fill=255)
        return shrink(im)
    rw = max(3, int(D * rng.uniform(0.02, 0.06)))
    ellipse(dr, cx, cy, r - rw / 2, r - rw / 2, rw)
    if style == "dater2" or rng.random() < 0.4:
        ri = r - rw - D * rng.uniform(0.015, 0.04)
        ellipse(dr, cx, cy, ri, ri, max(2, rw * rng.uniform(0.25, 0.6)))
    if style == "ring-words":
        words = rng.sample(["受理", "专用", "审核", "合格", "检验", "通过", "收发", "登记", "已办", "存档", "核对",
                            "质检", "确认", "签收", "第一", "二〇二三", "办结"], rng.randint(1, 3))
        size = D * rng.uniform(0.1, 0.17)
        y0 = cy - (len(words) - 1) * size * 0.65
        for i, w in enumerate(words):
            im = hline_text(im, w, cx, y0 + i * size * 1.3, size, fc)
        return shrink(im)
    hb = D * rng.uniform(0.08, 0.12)
    bw = max(2, int(D * rng.uniform(0.008, 0.02)))
    if rng.random() < 0.7:
        for sgn in (-1, 1):
            y = cy + sgn * hb
            half = math.sqrt(max(1.0, (r - rw * 2) ** 2 - (y - cy) ** 2))
            dr.line([(cx - half, y), (cx + half, y)], fill=255, width=bw)
    y4, mo, da = rng.randint(2015, 2026), rng.randint(1, 12), rng.randint(1, 28)
    txt = rng.choice(["%04d.%02d.%02d" % (y4, mo, da), "%04d.%d.%d" % (y4, mo, da), "%04d年%d月%d日" % (y4, mo, da),
                      "%04d-%02d-%02d" % (y4, mo, da)])
    dr.text((cx, cy), txt, fill=255, font=face(fc, min(hb * 1.5, D * 0.8 / len(txt) * 1.7)), anchor="mm")
    top = rng.choice(["付讫", "收文", "收讫", "已付", "转讫", "现金付讫", "已核", "已审", "发讫", "已收"])
    im = hline_text(im, top, cx, cy - hb - D * rng.uniform(0.11, 0.16), D * rng.uniform(0.1, 0.16), fc)
    if rng.random() < 0.6:
        im = hline_text(im, rng.choice(["财务科", "办公室", "No.3", "001", "经办人", "会计"]), cx,
                        cy + hb + D * rng.uniform(0.1, 0.14), D * rng.uniform(0.07, 0.1), fc)
    return shrink(im)


NEAR = False
# `--family near2`: as `near`, seals mostly with an inner ring and many with small arc
# text (a few pixels high in a photo), photos twice as often, and half the look-alikes
# ring-and-star badges with an inner ring and nothing between the rings.
NEAR2 = False


def companions(rng, shape, d):
    """`--family near`: red marks beside or across a mark of `shape` (its alpha's
    height, width): a rectangular stamp touching or overlapping it, a red table's rules
    through it, or red handwriting across or beside it. Each as (alpha, x, y) relative
    to the mark's top-left corner."""
    h, w = shape
    out = []
    what = rng.choice(["stamp", "stamp", "table", "hand", "stamp-hand"])
    if what in ("stamp", "stamp-hand"):
        b = np.asarray(lookalike(rng, d * rng.uniform(0.7, 1.1), "rect-stamp"), np.float32) / 255.0
        b = G.ink_effects(rng, b, False, rng.uniform(0.6, 1.0))
        gap = rng.uniform(-0.25, 0.15) * d
        side = rng.choice(["l", "r", "b"])
        if side == "l":
            out.append((b, -b.shape[1] - gap, rng.uniform(-0.3, 0.6) * h))
        elif side == "r":
            out.append((b, w + gap, rng.uniform(-0.3, 0.6) * h))
        else:
            out.append((b, rng.uniform(-0.4, 0.4) * w, h + gap))
    if what == "table":
        tw, th = int(w * rng.uniform(2.0, 3.5)), int(h * rng.uniform(1.6, 2.6))
        t = np.zeros((th, tw), np.float32)
        lw = rng.randint(1, 3)
        rows = rng.randint(3, 7)
        cols = rng.randint(2, 5)
        for i in range(rows + 1):
            y = int(i * (th - lw) / rows)
            t[y:y + lw, :] = 1.0
        for j in range(cols + 1):
            x = int(j * (tw - lw) / cols)
            t[:, x:x + lw] = 1.0
        out.append((t * rng.uniform(0.6, 1.0), -rng.uniform(0.2, 0.8) * (tw - w), -rng.uniform(0.2, 0.8) * (th - h)))
    if what in ("hand", "stamp-hand"):
        sc = G.red_scribble(rng, int(d * rng.uniform(1.0, 1.8)), int(d * rng.uniform(0.3, 0.6)))
        out.append((sc, rng.uniform(-0.5, 0.5) * w, rng.uniform(0.1, 0.9) * h - sc.shape[0] / 2))
    return out


def paste_alpha(a, b, x, y):
    """`a` grown to hold `b` at (x, y) relative to its corner, the larger ink kept."""
    x, y = int(round(x)), int(round(y))
    x0, y0 = min(0, x), min(0, y)
    x1, y1 = max(a.shape[1], x + b.shape[1]), max(a.shape[0], y + b.shape[0])
    c = np.zeros((y1 - y0, x1 - x0), np.float32)
    c[-y0:-y0 + a.shape[0], -x0:-x0 + a.shape[1]] = a
    c[y - y0:y - y0 + b.shape[0], x - x0:x - x0 + b.shape[1]] = np.maximum(
        c[y - y0:y - y0 + b.shape[0], x - x0:x - x0 + b.shape[1]], b)
    return c


# ---------------------------------------------------------------- squares (`--family sq`)

SQ_NAMES = ["王建国印", "李红梅印", "张伟之印", "陈静私印", "赵敏之印", "孙立新印", "周海燕印", "吴志强印",
            "郑文华印", "刘洋印章", "黄敏之印", "马丽", "杨帆", "林涛之印", "何平", "高峰印", "罗琳"]
SQ_STYLES = ["grid", "grid", "relief", "relief", "rounded", "double", "two", "three"]
SQ_LOOKALIKES = ["dated", "dated", "dated", "boxed-word", "square-icon", "red-block"]


def sq_grid(n):
    """Cell centres (fractions of the inside) of a 名章's n characters, read right to
    left in columns: 4 as 2x2, 3 as a long right column and two on the left, 2 side by
    side or stacked."""
    if n >= 4:
        return [(0.75, 0.25), (0.75, 0.75), (0.25, 0.25), (0.25, 0.75)], (0.5, 0.5)
    if n == 3:
        return [(0.75, 0.5), (0.25, 0.25), (0.25, 0.75)], (0.5, 0.5)
    return [(0.75, 0.5), (0.25, 0.5)], (0.5, 1.0)


def sq_seal(rng, d, style):
    """A personal 名章 `d` px across: 2-4 characters filling a square frame; `relief`
    white characters on a red block, `rounded` a rounded frame, `double` an inner
    frame; `two` / `three` two or three characters."""
    D = int(d * SS)
    fc = rng.choice(WIDE_FACES)
    ratio = rng.uniform(0.85, 1.0)
    W, H = (D, int(D * ratio)) if rng.random() < 0.5 else (int(D * ratio), D)
    im = Image.new("L", (W + 8, H + 8), 0)
    dr = ImageDraw.Draw(im)
    bw = min(W, H) * rng.uniform(0.03, 0.12)
    box = [4 + bw / 2, 4 + bw / 2, W + 4 - bw / 2, H + 4 - bw / 2]
    relief = style == "relief"
    if relief:
        dr.rounded_rectangle([4, 4, W + 4, H + 4], radius=int(min(W, H) * rng.uniform(0, 0.12)), fill=255)
    elif style == "rounded":
        dr.rounded_rectangle(box, radius=int(min(W, H) * rng.uniform(0.08, 0.2)), outline=255, width=max(2, int(bw)))
    else:
        dr.rectangle(box, outline=255, width=max(2, int(bw)))
        if style == "double":
            w2 = max(2, int(bw * 0.5))
            k = bw * rng.uniform(1.6, 2.4)
            dr.rectangle([4 + k, 4 + k, W + 4 - k, H + 4 - k], outline=255, width=w2)
    name = rng.choice(SQ_NAMES)
    if style == "two":
        name = rng.choice([n for n in SQ_NAMES if len(n) == 2] + ["之印", "私印"])
    elif style == "three":
        name = rng.choice([n for n in SQ_NAMES if len(n) == 3] + ["李红印", "陈静印"])
    cells, (fw, fh) = sq_grid(len(name))
    stacked = len(name) == 2 and rng.random() < 0.5
    m = bw * (3.2 if style == "double" else 1.6)
    iw, ih = W - 2 * m, H - 2 * m
    for i, ch in enumerate(name):
        u, v = cells[i]
        gw, gh = iw * fw, ih * fh
        if len(name) == 3 and i == 0:
            gh = ih
        if stacked:
            u, v = 0.5, 0.25 + 0.5 * i
            gw, gh = iw, ih * 0.5
        g = glyph(ch, min(gw, gh) * rng.uniform(0.85, 0.98), fc)
        g = g.resize((max(1, int(gw * rng.uniform(0.82, 0.95))), max(1, int(gh * rng.uniform(0.82, 0.95)))), Image.BILINEAR)
        x, y = 4 + m + u * iw, 4 + m + v * ih
        im = cut(im, g, x, y) if relief else paste(im, g, x, y)
    return shrink(im)


def sq_lookalike(rng, d, style):
    """Square-ish red marks that are no 名章: an approval stamp with a line of words and
    a date line (aspect 0.6-1, thin text, wide margins), a framed word, a square icon
    with a white sign, a solid red block."""
    D = int(d * SS)
    fc = rng.choice(WIDE_FACES)
    if style in ("dated", "boxed-word"):
        W, H = D, int(D * rng.uniform(0.6, 1.0))
        if rng.random() < 0.5:
            W, H = H, W
        im = Image.new("L", (W + 8, H + 8), 0)
        dr = ImageDraw.Draw(im)
        bw = max(2, int(min(W, H) * rng.uniform(0.025, 0.08)))
        if rng.random() < 0.4:
            dr.rounded_rectangle([4, 4, W + 4, H + 4], radius=int(min(W, H) * 0.15), outline=255, width=bw)
        else:
            dr.rectangle([4, 4, W + 4, H + 4], outline=255, width=bw)
        if rng.random() < 0.3:
            k = bw * 2.5
            dr.rectangle([4 + k, 4 + k, W + 4 - k, H + 4 - k], outline=255, width=max(2, bw // 2))
        word = rng.choice(["已审核", "收文", "APPROVED", "已核对", "已付款", "同意", "审核", "已阅", "RECEIVED",
                           "已登记", "核准", "作废", "收讫"])
        size = min(H * rng.uniform(0.18, 0.3), W * 0.8 / max(len(word), 2) * (1.8 if word.isascii() else 1.0))
        ty = H * (rng.uniform(0.3, 0.4) if style == "dated" else 0.5) + 4
        dr.text((W / 2 + 4, ty), word, fill=255, font=face(fc, size), anchor="mm")
        if style == "dated":
            date = rng.choice(["%04d.%02d.%02d", "%04d-%02d-%02d", "%04d年%02d月%02d日"]) % (
                rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))
            ds = min(size * rng.uniform(0.45, 0.7), W * 0.85 / max(len(date), 1) * 1.7)
            dr.text((W / 2 + 4, H * rng.uniform(0.66, 0.78) + 4), date, fill=255, font=face(fc, ds), anchor="mm")
            if rng.random() < 0.4:
                y = H * rng.uniform(0.52, 0.58) + 4
                dr.line([(4 + W * 0.1, y), (W * 0.9 + 4, y)], fill=255, width=max(2, bw // 2))
        return shrink(im)
    W = H = D // 2 if style == "square-icon" else D
    im = Image.new("L", (W + 8, H + 8), 0)
    dr = ImageDraw.Draw(im)
    dr.rounded_rectangle([4, 4, W + 4, H + 4], radius=int(W * rng.uniform(0, 0.25)), fill=255)
    if style == "square-icon" or rng.random() < 0.5:
        txt = rng.choice(["!", "+", "i", "新", "荐", "急", "热", "HOT", "NEW", "PDF"])
        dr.text((W / 2 + 4, H / 2 + 4), txt, fill=0, font=face(fc, W * 0.5 / max(1, len(txt) * 0.6)), anchor="mm")
    return shrink(im)


# ---------------------------------------------------------------- carved squares (`--family sq2`)

SQ2_NAMES = ["王建国印", "李红梅印", "张伟", "陈静", "赵敏之印", "孙立新", "周海燕", "吴志强印", "郑文华",
             "刘洋私印", "黄敏", "马丽之印", "杨帆印", "林涛", "何平之印", "高峰", "罗琳印信", "欧阳明月",
             "诸葛文远印", "司马清风之印", "月桂", "山水清音", "长乐未央"]
SQ2_STYLES = ["baiwen", "baiwen", "baiwen", "zhuwen", "zhuwen", "zhuwen-joined"]
SQ2_LOOKALIKES = ["framed-word", "framed-word", "red-label", "red-label", "square-icon", "table-cells", "red-block",
                  "qr", "logo"]


def rough(rng, im, amount):
    """Hand-cut, worn edges: the alpha `im` (L) eaten and grown by blurred noise."""
    a = np.asarray(im, np.float32) / 255.0
    h, w = a.shape
    g = np.random.default_rng(rng.randint(0, 1 << 30))
    side = min(h, w)
    k = max(2, int(side * rng.uniform(0.008, 0.02)))
    n = np.asarray(Image.fromarray((g.random((max(1, h // k), max(1, w // k))) * 255).astype(np.uint8))
                   .resize((w, h), Image.BICUBIC), np.float32) / 255.0
    blur = max(0.5, side * rng.uniform(0.003, 0.008))
    soft = np.asarray(Image.fromarray((a * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(blur)),
                      np.float32) / 255.0
    out = (soft + (n - 0.5) * amount > 0.5).astype(np.float32)
    # Speckles of paper in the ink.
    out *= (g.random((h, w)) > rng.uniform(0.0, 0.06)).astype(np.float32)
    return Image.fromarray((out * 255).astype(np.uint8))


def carved_glyph(rng, ch, gw, gh, fc, thick):
    """A seal-script-like character: a glyph stretched to fill its cell, strokes thickened
    and squared off (grown with a square filter), its ends and corners eroded."""
    g = glyph(ch, max(8, min(gw, gh)), fc)
    g = g.resize((max(1, int(gw)), max(1, int(gh))), Image.BILINEAR)
    size = max(3, int(thick) | 1)
    g = g.filter(ImageFilter.MaxFilter(size))
    if rng.random() < 0.5:
        g = g.filter(ImageFilter.MinFilter(3))
    return g.point(lambda v: 255 if v > 100 else 0)


def column_cells(n, cols, rows, m, iw, ih):
    """Where a 名章's n characters go: (index, x, y, cell width, cell height) in reading
    order, in columns from the right inside a margin m (pictures padded by 8); the last
    column may hold fewer characters."""
    k = 0
    for c in range(cols):
        left = n - k
        nr = min(rows, left) if c < cols - 1 else left
        for r_ in range(nr):
            gw, gh = iw / cols, ih / nr
            yield k, 8 + m + iw - (c + 0.5) * gw, 8 + m + (r_ + 0.5) * gh, gw, gh
            k += 1
        if k >= n:
            break


def sq2_seal(rng, d, style):
    """A carved personal 名章 `d` px across, 2-6 characters in columns read right to left:
    `baiwen` white characters cut out of a red block (strokes may run into the block's
    edge), `zhuwen` red characters in a thin, broken or uneven frame, `zhuwen-joined`
    red characters whose strokes run into a thick frame; edges rough."""
    D = int(d * SS)
    fc = rng.choice(WIDE_FACES)
    ratio = rng.uniform(0.88, 1.0)
    W, H = (D, int(D * ratio)) if rng.random() < 0.5 else (int(D * ratio), D)
    im = Image.new("L", (W + 16, H + 16), 0)
    dr = ImageDraw.Draw(im)
    name = rng.choice(SQ2_NAMES)
    n = len(name)
    cols = 1 if n <= 2 and rng.random() < 0.3 else 2 if n <= 4 else 3
    rows = math.ceil(n / cols)
    baiwen = style == "baiwen"
    if baiwen:
        dr.rectangle([8, 8, W + 8, H + 8], fill=255)
        bw = min(W, H) * rng.uniform(0.05, 0.12)
    elif style == "zhuwen":
        bw = max(2, min(W, H) * rng.uniform(0.015, 0.05))
        dr.rectangle([8, 8, W + 8, H + 8], outline=255, width=int(bw))
        # Broken frame: a few gaps cut across it.
        for _ in range(rng.randint(0, 4)):
            side = rng.randint(0, 3)
            t = rng.uniform(0.1, 0.9)
            gl = min(W, H) * rng.uniform(0.02, 0.1)
            if side in (0, 1):
                x = 8 + t * W
                y0 = 8 if side == 0 else H + 8 - bw - 1
                dr.rectangle([x, y0 - 1, x + gl, y0 + bw + 1], fill=0)
            else:
                y = 8 + t * H
                x0 = 8 if side == 2 else W + 8 - bw - 1
                dr.rectangle([x0 - 1, y, x0 + bw + 1, y + gl], fill=0)
    else:
        bw = min(W, H) * rng.uniform(0.06, 0.12)
        dr.rectangle([8, 8, W + 8, H + 8], outline=255, width=int(bw))
    m = bw * rng.uniform(0.9, 1.4) if style != "zhuwen-joined" else bw * 0.7
    iw, ih = W - 2 * m, H - 2 * m
    thick = min(iw / cols, ih / rows) * rng.uniform(0.02, 0.06)
    for k, x, y, gw, gh in column_cells(n, cols, rows, m, iw, ih):
        fill = rng.uniform(0.86, 1.0) if style != "zhuwen-joined" else rng.uniform(0.98, 1.08)
        g = carved_glyph(rng, name[k], gw * fill, gh * fill, fc, thick)
        im = cut(im, g, x, y) if baiwen else paste(im, g, x, y)
    im = rough(rng, im, rng.uniform(0.1, 0.35))
    return shrink(im)


def sq2_lookalike(rng, d, style):
    """Square red marks that are no 名章: a word stamp in a square or oblong frame (已审核,
    收文, 作废 ...), a red label with white words, a square icon with a white sign, red table cells with words, a solid
    block, a QR-like pattern, a square logo (a white letter or shape in a rounded
    square); edges sometimes rough."""
    D = int(d * SS)
    fc = rng.choice(WIDE_FACES)
    W = D
    H = int(D * rng.uniform(0.7 if style in ("framed-word", "red-label") else 0.85, 1.0))
    if rng.random() < 0.5:
        W, H = H, W
    im = Image.new("L", (W + 16, H + 16), 0)
    dr = ImageDraw.Draw(im)
    if style == "red-label":
        dr.rounded_rectangle([8, 8, W + 8, H + 8], radius=int(min(W, H) * rng.uniform(0, 0.15)), fill=255)
        words = rng.choice(["已审核", "收文", "作废", "加急", "机密", "已阅", "同意", "核准", "已付款", "审核通过",
                            "急件", "样本", "副本", "存档", "NEW", "APPROVED", "PAID"])
        if len(words) >= 4 and not words.isascii() and rng.random() < 0.7:
            lines = [words[:2], words[2:]]
        else:
            lines = [words]
        size = min(H * 0.7 / len(lines), W * 0.8 / max(len(l) for l in lines) * (1.7 if words.isascii() else 1.0))
        for i, l in enumerate(lines):
            dr.text((W / 2 + 8, 8 + H * (i + 0.5) / len(lines)), l, fill=0, font=face(fc, size), anchor="mm")
    elif style == "framed-word":
        bw = max(2, int(min(W, H) * rng.uniform(0.03, 0.08)))
        dr.rectangle([8, 8, W + 8, H + 8], outline=255, width=bw)
        words = rng.choice(["已审核", "收文", "作废", "已阅", "同意", "核准", "已付款", "收讫", "已登记", "审核通过",
                            "急件", "样本", "副本", "存档"])
        if len(words) >= 4 and rng.random() < 0.7:
            lines = [words[:2], words[2:]]
        else:
            lines = [words]
        size = min(H * 0.7 / len(lines), W * 0.8 / max(len(l) for l in lines))
        for i, l in enumerate(lines):
            y = 8 + H * (i + 0.5) / len(lines)
            dr.text((W / 2 + 8, y), l, fill=255, font=face(fc, size), anchor="mm")
    elif style == "square-icon":
        dr.rounded_rectangle([8, 8, W + 8, H + 8], radius=int(W * rng.uniform(0, 0.2)), fill=255)
        txt = rng.choice(["!", "+", "i", "新", "荐", "急", "热", "HOT", "NEW", "PDF", "?", "✓"])
        try:
            dr.text((W / 2 + 8, H / 2 + 8), txt, fill=0, font=face(fc, W * 0.55 / max(1, len(txt) * 0.6)), anchor="mm")
        except Exception:
            pass
    elif style == "table-cells":
        n = rng.randint(2, 4)
        lw = max(2, int(W * rng.uniform(0.01, 0.025)))
        for i in range(n + 1):
            x = 8 + W * i / n
            y = 8 + H * i / n
            dr.line([(x, 8), (x, H + 8)], fill=255, width=lw)
            dr.line([(8, y), (W + 8, y)], fill=255, width=lw)
        for i in range(n):
            for j in range(n):
                if rng.random() < 0.6:
                    ch = rng.choice("序号名称单位数量金额合计备注审核意见年月日")
                    dr.text((8 + W * (j + 0.5) / n, 8 + H * (i + 0.5) / n), ch, fill=255,
                            font=face(fc, W / n * 0.45), anchor="mm")
    elif style == "red-block":
        dr.rectangle([8, 8, W + 8, H + 8], fill=255)
    elif style == "qr":
        q = rng.choice([21, 25, 29])
        cell = W / q
        g = np.random.default_rng(rng.randint(0, 1 << 30))
        bits = g.random((q, q)) < 0.5
        for (fy, fx) in [(0, 0), (0, q - 7), (q - 7, 0)]:
            bits[fy:fy + 7, fx:fx + 7] = False
            bits[fy, fx:fx + 7] = bits[fy + 6, fx:fx + 7] = True
            bits[fy:fy + 7, fx] = bits[fy:fy + 7, fx + 6] = True
            bits[fy + 2:fy + 5, fx + 2:fx + 5] = True
        for i in range(q):
            for j in range(q):
                if bits[i, j]:
                    dr.rectangle([8 + j * cell, 8 + i * cell * H / W, 8 + (j + 1) * cell, 8 + (i + 1) * cell * H / W], fill=255)
    else:
        dr.rounded_rectangle([8, 8, W + 8, H + 8], radius=int(W * rng.uniform(0.1, 0.3)), fill=255)
        kind = rng.randint(0, 2)
        if kind == 0:
            txt = rng.choice(["A", "M", "政", "税", "e", "G", "中"])
            dr.text((W / 2 + 8, H / 2 + 8), txt, fill=0, font=face(fc, W * 0.6), anchor="mm")
        elif kind == 1:
            r = W * rng.uniform(0.2, 0.32)
            dr.ellipse([W / 2 + 8 - r, H / 2 + 8 - r, W / 2 + 8 + r, H / 2 + 8 + r], outline=0, width=max(2, int(W * 0.06)))
        else:
            dr.polygon(star(W / 2 + 8, H / 2 + 8, W * 0.32), fill=0)
    if rng.random() < 0.5:
        im = rough(rng, im, rng.uniform(0.05, 0.3))
    return shrink(im)


# ---------------------------------------------------------------- plain-type squares (`--family sq3`)

SQ3_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
SQ3_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力鹏飞斌宇浩凯健俊帆琳晨欣怡佳雪梅海波亮国庆志新春"
SQ3_SUFFIXES = ["", "", "印", "印", "之印", "之印", "私印", "之印章", "印章", "印信", "之章"]
SQ3_STYLES = ["zhuwen", "zhuwen", "zhuwen", "double", "baiwen", "baiwen", "oblong"]


def sq3_name(rng):
    given = "".join(rng.choice(SQ3_GIVEN) for _ in range(rng.choice([1, 2, 2])))
    return rng.choice(SQ3_SURNAMES) + given + rng.choice(SQ3_SUFFIXES)


def sq3_seal(rng, d, style):
    """A personal 名章 `d` px across cut in a plain typeface (a photosensitive or atomic
    stamp): 2-6 characters in columns read right to left, glyphs as the face draws them
    (thin Song/Kai strokes as well as bold Hei), 0.6-0.95 of their cell, wide
    or narrow margins: `zhuwen` red characters in a thin or medium frame, `double` with
    an inner frame, `baiwen` white characters on a red block (speckled or not), `oblong`
    a frame 0.65-0.85 as wide as high."""
    D = int(d * SS)
    fc = rng.choice(WIDE_FACES)
    ratio = rng.uniform(0.65, 0.85) if style == "oblong" else rng.uniform(0.9, 1.0)
    W, H = (int(D * ratio), D) if style == "oblong" or rng.random() < 0.5 else (D, int(D * ratio))
    im = Image.new("L", (W + 16, H + 16), 0)
    dr = ImageDraw.Draw(im)
    name = sq3_name(rng)
    n = len(name)
    cols = 1 if n == 2 and rng.random() < 0.35 else 2 if n <= 4 else rng.choice([2, 3]) if n == 6 else 2
    if n == 5 and rng.random() < 0.5:
        cols = 3
    rows = math.ceil(n / cols)
    bw = min(W, H) * rng.uniform(0.015, 0.07)
    if style == "baiwen":
        dr.rounded_rectangle([8, 8, W + 8, H + 8], radius=int(min(W, H) * rng.uniform(0, 0.06)), fill=255)
        m = min(W, H) * rng.uniform(0.06, 0.16)
    else:
        dr.rectangle([8, 8, W + 8, H + 8], outline=255, width=max(2, int(bw)))
        m = bw + min(W, H) * rng.uniform(0.04, 0.14)
        if style == "double":
            k = bw + min(W, H) * rng.uniform(0.025, 0.05)
            dr.rectangle([8 + k, 8 + k, W + 8 - k, H + 8 - k], outline=255, width=max(2, int(bw * rng.uniform(0.4, 0.8))))
            m = k + min(W, H) * rng.uniform(0.04, 0.1)
    iw, ih = W - 2 * m, H - 2 * m
    fill = rng.uniform(0.6, 0.95)
    stretch = rng.uniform(0.9, 1.35)
    for k, x, y, gw, gh in column_cells(n, cols, rows, m, iw, ih):
        size = min(gw, gh / stretch) * fill
        g = glyph(name[k], max(8, size), fc)
        if g.getbbox() is None:
            continue
        gww = min(gw * 0.96, g.width * rng.uniform(0.95, 1.05))
        ghh = min(gh * 0.96, g.height * stretch)
        g = g.resize((max(1, int(gww)), max(1, int(ghh))), Image.BILINEAR)
        im = cut(im, g, x, y) if style == "baiwen" else paste(im, g, x, y)
    if style == "baiwen" and rng.random() < 0.6:
        a = np.asarray(im, np.float32)
        g = np.random.default_rng(rng.randint(0, 1 << 30))
        a *= (g.random(a.shape) > rng.uniform(0.005, 0.03))
        im = Image.fromarray(a.astype(np.uint8))
    if rng.random() < 0.25:
        im = rough(rng, im, rng.uniform(0.03, 0.12))
    return shrink(im)


SQ3_LOOKALIKES = ["empty-frame", "empty-frame", "big-sign"]


def sq3_lookalike(rng, d, style):
    """Square marks that are no 名章 and hold no red characters: `empty-frame` a red
    square or oblong frame, single or double, with nothing red inside (set over the
    page's text it is a red box around black words, as a letterhead's); `big-sign` a
    red block crossed by one white sign that spans most of it (a cross, a bar, a tick,
    a ring)."""
    D = int(d * SS)
    W = D
    H = int(D * rng.uniform(0.6, 1.0) if style == "empty-frame" else D * rng.uniform(0.9, 1.0))
    if rng.random() < 0.5:
        W, H = H, W
    im = Image.new("L", (W + 16, H + 16), 0)
    dr = ImageDraw.Draw(im)
    if style == "empty-frame":
        bw = max(2, int(min(W, H) * rng.uniform(0.012, 0.06)))
        if rng.random() < 0.25:
            dr.rounded_rectangle([8, 8, W + 8, H + 8], radius=int(min(W, H) * rng.uniform(0.05, 0.2)), outline=255, width=bw)
        else:
            dr.rectangle([8, 8, W + 8, H + 8], outline=255, width=bw)
        if rng.random() < 0.3:
            k = bw + min(W, H) * rng.uniform(0.02, 0.05)
            dr.rectangle([8 + k, 8 + k, W + 8 - k, H + 8 - k], outline=255, width=max(2, bw // 2))
        if rng.random() < 0.3:
            # A rule across, as a form's box.
            y = 8 + H * rng.uniform(0.3, 0.7)
            dr.line([(8, y), (W + 8, y)], fill=255, width=max(2, bw // 2))
    else:
        dr.rounded_rectangle([8, 8, W + 8, H + 8], radius=int(min(W, H) * rng.uniform(0, 0.2)), fill=255)
        t = max(3, int(min(W, H) * rng.uniform(0.08, 0.2)))
        span = rng.uniform(0.65, 0.9)
        cx, cy = W / 2 + 8, H / 2 + 8
        hw, hh = W * span / 2, H * span / 2
        sign = rng.choice(["cross", "cross", "bar", "tick", "ring", "x"])
        if sign in ("cross", "bar"):
            dr.rectangle([cx - hw, cy - t / 2, cx + hw, cy + t / 2], fill=0)
            if sign == "cross":
                dr.rectangle([cx - t / 2, cy - hh, cx + t / 2, cy + hh], fill=0)
        elif sign == "x":
            dr.line([(cx - hw, cy - hh), (cx + hw, cy + hh)], fill=0, width=t)
            dr.line([(cx - hw, cy + hh), (cx + hw, cy - hh)], fill=0, width=t)
        elif sign == "tick":
            dr.line([(cx - hw, cy), (cx - hw * 0.2, cy + hh * 0.8), (cx + hw, cy - hh)], fill=0, width=t, joint="curve")
        else:
            dr.ellipse([cx - hw, cy - hh, cx + hw, cy + hh], outline=0, width=t)
    if rng.random() < 0.3:
        im = rough(rng, im, rng.uniform(0.05, 0.2))
    return shrink(im)


# ---------------------------------------------------------------- filing stamps (`--family sq4`)

SQ4_WORDS = ["存档", "归档", "已存档", "已归档", "收文", "已审核", "已核对", "已阅", "已登记", "备案", "已备案",
             "核讫", "收讫", "付讫", "已入账", "复核", "已复核", "校对", "已校对", "审讫", "存查", "留存",
             "已办结", "已处理", "签收"]
SQ4_LOOKALIKES = ["filed", "filed", "filed", "filed-unit", "filed-number"]


def sq4_lookalike(rng, d, style):
    """A filing or approval stamp that is no 名章, set as offices cut them: an oblong or
    nearly square frame (single, or double with a gap of 3-12 % of its side), a word of
    2-3 bold or plain characters spanning 35-80 % of the inside, a date line below it
    spanning 45-90 %; `filed-unit` adds a small line of the unit's name above the word,
    `filed-number` a line with a file number (编号 / 第…号) under the date. Edges worn
    or clean, speckled or not."""
    D = int(d * SS)
    fc = rng.choice(["NotoSansCJK-Bold.ttc", "NotoSerifCJK-Bold.ttc"]) if rng.random() < 0.5 else rng.choice(WIDE_FACES)
    ratio = rng.uniform(0.7, 0.95) if rng.random() < 0.8 else rng.uniform(0.95, 1.0)
    W, H = D, int(D * ratio)
    if rng.random() < 0.25:
        W, H = H, W
    im = Image.new("L", (W + 16, H + 16), 0)
    dr = ImageDraw.Draw(im)
    side = min(W, H)
    bw = max(2, int(side * rng.uniform(0.02, 0.06)))
    rounded = rng.random() < 0.3
    box = [8, 8, W + 8, H + 8]
    if rounded:
        dr.rounded_rectangle(box, radius=int(side * rng.uniform(0.05, 0.18)), outline=255, width=bw)
    else:
        dr.rectangle(box, outline=255, width=bw)
    inset = bw
    if rng.random() < 0.5:
        k = bw + side * rng.uniform(0.03, 0.12)
        bw2 = max(2, int(bw * rng.uniform(0.4, 1.0)))
        dr.rectangle([8 + k, 8 + k, W + 8 - k, H + 8 - k], outline=255, width=bw2)
        inset = k + bw2
    iw, ih = W - 2 * inset, H - 2 * inset
    lines = []
    if style == "filed-unit":
        unit = rng.choice(NAMES)
        lines.append((unit, rng.uniform(0.09, 0.14), rng.uniform(0.7, 0.92)))
    word = rng.choice(SQ4_WORDS)
    lines.append((word, rng.uniform(0.24, 0.4), rng.uniform(0.35, 0.8)))
    date = rng.choice(["%04d.%02d.%02d", "%04d-%02d-%02d", "%04d年%02d月%02d日", "%04d %02d %02d"]) % (
        rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28))
    lines.append((date, rng.uniform(0.1, 0.18), rng.uniform(0.45, 0.9)))
    if style == "filed-number":
        num = rng.choice(["编号：%03d", "第%04d号", "No.%05d", "%d-%03d"])
        num = num % ((rng.randint(1, 999),) if num.count("%") == 1 else (rng.randint(2019, 2026), rng.randint(1, 999)))
        lines.append((num, rng.uniform(0.09, 0.14), rng.uniform(0.35, 0.7)))
    # Each line's height as a share of the inside, then scaled so that the lines and
    # the gaps between them fill 60-90 % of it.
    gap = rng.uniform(0.04, 0.1)
    total = sum(h for _, h, _ in lines) + gap * (len(lines) - 1)
    scale = min(1.0, rng.uniform(0.6, 0.9) / total)
    y = 8 + inset + ih * (1 - total * scale) / 2
    for text, hh, span in lines:
        gh = ih * hh * scale
        g = glyph_line(text, gh, fc)
        if g is None:
            continue
        gw = min(iw * span, g.width * gh / max(1, g.height) * rng.uniform(0.9, 1.6))
        g = g.resize((max(1, int(gw)), max(1, int(gh))), Image.BILINEAR)
        im = paste(im, g, 8 + inset + iw / 2, y + gh / 2)
        y += gh + ih * gap * scale
    if rng.random() < 0.3:
        y = 8 + inset + ih * rng.uniform(0.5, 0.6)
        dr = ImageDraw.Draw(im)
        dr.line([(8 + inset + iw * 0.08, y), (8 + inset + iw * 0.92, y)], fill=255, width=max(2, bw // 2))
    if rng.random() < 0.3:
        # Ink spread by a full pad: every stroke thicker.
        im = im.filter(ImageFilter.MaxFilter(3 if D < 200 else 5))
    if rng.random() < 0.5:
        im = rough(rng, im, rng.uniform(0.03, 0.15))
    return shrink(im)


def glyph_line(text, h, fc):
    """A line of text as an 'L' picture about `h` px high, cropped to its ink."""
    f = face(fc, max(8, h))
    x0, y0, x1, y1 = f.getbbox(text)
    im = Image.new("L", (max(1, x1 - x0 + 4), max(1, y1 - y0 + 4)), 0)
    ImageDraw.Draw(im).text((2 - x0, 2 - y0), text, fill=255, font=f)
    box = im.getbbox()
    return im.crop(box) if box else None


# ---------------------------------------------------------------- output


def mark(rng, is_seal, d):
    if SQ4 and not is_seal and rng.random() < 0.5:
        style = rng.choice(SQ4_LOOKALIKES)
        im = sq4_lookalike(rng, d * rng.uniform(0.35, 0.8), style)
    elif SQ3 and is_seal:
        style = rng.choice(SQ3_STYLES)
        im = sq3_seal(rng, d * rng.uniform(0.3, 0.6), style)
    elif SQ3:
        pick = rng.random()
        if pick < 0.3:
            style = rng.choice(SQ3_LOOKALIKES)
            im = sq3_lookalike(rng, d * rng.uniform(0.3, 0.75), style)
        elif pick < 0.65:
            style = rng.choice(SQ2_LOOKALIKES)
            im = sq2_lookalike(rng, d * rng.uniform(0.3, 0.75), style)
        else:
            style = rng.choice(SQ_LOOKALIKES)
            im = sq_lookalike(rng, d * rng.uniform(0.4, 0.9), style)
    elif SQ2 and is_seal:
        style = rng.choice(SQ2_STYLES)
        im = sq2_seal(rng, d * rng.uniform(0.3, 0.6), style)
    elif SQ2:
        style = rng.choice(SQ2_LOOKALIKES)
        im = sq2_lookalike(rng, d * rng.uniform(0.3, 0.75), style)
    elif SQ and is_seal:
        style = rng.choice(SQ_STYLES)
        im = sq_seal(rng, d * rng.uniform(0.45, 0.75), style)
    elif SQ:
        style = rng.choice(SQ_LOOKALIKES)
        im = sq_lookalike(rng, d * rng.uniform(0.5, 1.0), style)
    elif is_seal:
        style = rng.choice(["round"] * 6 + ["oval"] * 2 + ["square"] * 2)
        im = seal(rng, d * (0.62 if style == "square" else 1.0), style)
    elif LURE4:
        style = rng.choice(LURES4)
        im = lure4(rng, d * rng.uniform(0.5, 1.15), style)
    elif NEAR2 and rng.random() < 0.5:
        style = "inner-ring"
        im = badge(rng, d * rng.uniform(0.7, 1.1), style)
    elif LURE3 or NEAR:
        style = rng.choice(LURES3)
        im = lure3(rng, d * rng.uniform(0.5, 1.15), style)
    elif LURE2:
        im, style = lure2(rng, d * rng.uniform(0.6, 1.1))
    elif LURE:
        style = rng.choice(LURES)
        if style == "date-bars":
            im = date_bars(rng, d * rng.uniform(0.6, 1.1))
        elif style in ("date-ring", "ui-icon", "circled-num"):
            im = lookalike(rng, d * rng.uniform(0.5, 1.1), style)
        else:
            im = badge(rng, d * rng.uniform(0.7, 1.1), style)
    elif WIDE and rng.random() < 0.4:
        style = rng.choice(LOOKALIKES)
        im = lookalike(rng, d * rng.uniform(0.5, 1.1), style)
    else:
        style = rng.choice(BADGES)
        im = badge(rng, d * rng.uniform(0.7, 1.1), style)
    a = np.asarray(im, np.float32) / 255.0
    partial = is_seal and rng.random() < (0.15 if SQ2 or SQ3 else 0.1 if SQ else 0.45 if LURE3 or LURE4 else 0.4 if POS else 0.25)
    faint = rng.uniform(0.3, 0.55) if rng.random() < (0.3 if SQ2 or SQ3 else 0.35 if LURE3 or LURE4 else 0.25 if POS else 0.15) else rng.uniform(0.65, 1.0)
    a = G.ink_effects(rng, a, partial, faint)
    if rng.random() < (0.5 if SQ2 or SQ3 else 0.3 if SQ else 0.6):
        a = np.asarray(Image.fromarray((a * 255).astype(np.uint8)).rotate(rng.uniform(-30, 30), resample=Image.BILINEAR, expand=True), np.float32) / 255
    if NEAR:
        if not is_seal and rng.random() < 0.4:
            a = np.zeros((int(d), int(d)), np.float32)
            style = "marks-only"
        for b, x, y in companions(rng, a.shape, d):
            a = paste_alpha(a, b, x, y)
    return a, style


def encode(rng, im, png_ok=True):
    if rng.random() < 0.3:
        im = im.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.4)))
    b = io.BytesIO()
    if png_ok and rng.random() < 0.4:
        im.save(b, "PNG")
        return b.getvalue(), "png"
    im.save(b, "JPEG", quality=rng.randint(60, 92))
    return b.getvalue(), "jpg"


def make(rng, kind, is_seal):
    if kind == "pic":
        d = rng.randint(110, 460)
        a, style = mark(rng, is_seal, d)
        pad = rng.randint(2, 40)
        a = np.pad(a, pad)
        paper = np.array([rng.uniform(0.92, 1), rng.uniform(0.9, 1), rng.uniform(0.86, 1)], np.float32)
        if rng.random() < 0.4:
            paper[:] = 1.0
        page = np.ones(a.shape + (3,), np.float32) * paper
        G.apply_ink(page, a, rng.choice(COLOURS), 0, 0)
        data, ext = encode(rng, G.to_img(page))
        return data, ext, style
    if kind == "photo":
        dpi = rng.uniform(110, 150)
    elif kind == "page":
        dpi = rng.uniform(100, 220)
    else:
        dpi = rng.uniform(50, 110) if POS else rng.uniform(60, 110)
    W, H = int(8.27 * dpi), int(11.69 * dpi)
    page, (sx, sy) = G.draw_text_page(rng, W, H, dpi)
    d = dpi / 25.4 * rng.uniform(36, 46)
    a, style = mark(rng, is_seal, d)
    G.apply_ink(page, a, rng.choice(COLOURS), sx - a.shape[1] / 2 + rng.uniform(-0.3, 0.3) * d,
                sy - a.shape[0] / 2 + rng.uniform(-0.3, 0.3) * d)
    if kind == "photo":
        sizes = [1000, 1300, 1600, 2000, 2600] if LURE3 or LURE4 else [1600, 2000, 2600, 3200]
        im = G.photo_effects(rng, G.to_img(page), rng.choice(sizes))
        return G.jpeg_bytes(im, rng.randint(60, 90)), "jpg", style
    if kind == "screen" and (LURE3 or LURE4) and rng.random() < 0.5:
        return G.jpeg_bytes(G.to_img(page), rng.randint(55, 85)), "jpg", style
    if kind == "page":
        im = G.scan_effects(rng, page)
        b = io.BytesIO()
        im.save(b, "JPEG", quality=rng.randint(60, 92))
        return b.getvalue(), "jpg", style
    b = io.BytesIO()
    G.to_img(page).save(b, "PNG")
    return b.getvalue(), "png", style


# Each family: the switches it sets, its seed base, and its share of seals when
# --seal-share is left at 0.4.
FAMILIES = {
    "t": ((), 5000, None),
    "wide": (("WIDE",), 6000, None),
    "pos": (("WIDE", "POS"), 21000, 0.65),
    "lure": (("WIDE", "POS", "LURE"), 24000, 0.45),
    "lure2": (("WIDE", "POS", "LURE2"), 25000, None),
    "lure3": (("WIDE", "POS", "LURE3"), 26000, 0.45),
    "near": (("WIDE", "POS", "NEAR"), 27000, 0.55),
    "lure4": (("WIDE", "POS", "LURE4"), 28000, 0.45),
    "near2": (("WIDE", "POS", "NEAR", "NEAR2"), 29000, 0.55),
    "sq": (("WIDE", "POS", "SQ"), 31000, 0.5),
    "sq2": (("WIDE", "POS", "SQ2"), 33000, 0.5),
    "sq3": (("WIDE", "POS", "SQ3"), 35000, 0.5),
    "sq4": (("WIDE", "POS", "SQ3", "SQ4"), 37000, 0.5),
}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--seal-share", type=float, default=0.4)
    ap.add_argument("--start", type=int, default=0,
                    help="make files START.. only (the same files as in a full run; labels.csv lists these)")
    ap.add_argument("--family", choices=list(FAMILIES),
                    default="t",
                    help="t: seeds 5000, Noto faces, badges; wide: seeds 6000, any CJK face, more varied "
                         "seals, and date-stamp rings, red icons, circled numbers, rectangular stamps; "
                         "pos: seeds 21000, as wide with more seals (partial, faint), phone photos and "
                         "screenshots down to 50 dpi; lure: seeds 24000, as pos with 45 %% seals and "
                         "the look-alikes passed most (wheat/dots/rays badges, dater rings, icons, "
                         "circled numbers); lure2: seeds 25000, as lure with band ornaments set where "
                         "arc text would be (wheat grains, dots, short rays) and dater rings with ornaments; "
                         "sq: seeds 31000, as pos with square 名章 only (2x2, relief, rounded, double, two or "
                         "three characters) and square-ish red marks that are none (approval stamps with a "
                         "date line, framed words, square icons, solid blocks); lure3: seeds 26000, as pos "
                         "with 45 %% seals (more partial and faint ink, photos shrunk to 1000-2600 px, JPEG "
                         "screenshots) and wreaths, rings of dots or stars, cogwheels, rosettes, dater rings "
                         "with a middle band, red icons and hand-drawn markup loops; near: seeds 27000, as "
                         "lure3 with 55 %% seals, each mark with a rectangular stamp touching it, a red table's "
                         "rules through it or red handwriting across it (and such marks alone); near2: seeds 29000, as near "
                         "with seals mostly double-ringed, many with small arc text, photos twice as often, and "
                         "ring-and-star badges with an inner ring; lure4: seeds 28000, as "
                         "lure3 with praise stamps (flower, cloud, scalloped or saw-toothed outlines around rows of "
                         "words), rings around rows of words, and doubled dater rings with a large word above the date; "
                         "sq2: seeds 33000, as sq with carved 名章 12-28 mm (white characters cut from a red block, "
                         "red characters in a thin broken frame or run into a thick one; 2-6 thickened, squared-off, "
                         "eroded characters; rough edges) and square marks that are none (framed words, red labels, "
                         "icons, red table cells, solid blocks, QR-like patterns, square logos); sq3: seeds 35000, as sq with "
                         "名章 cut in plain typefaces (thin Song/Kai or bold Hei strokes, glyphs 0.6-0.95 "
                         "of their cell, thin or double frames, white characters on a speckled block, oblong frames) "
                         "and the look-alikes of sq and sq2, empty red frames (red boxes around black words) and red "
                         "blocks crossed by one large white sign; sq4: seeds 37000, as sq3 with half of its "
                         "look-alikes filing and approval stamps (存档, 收文, 已审核 ... over a date line, oblong or "
                         "nearly square, single or double frames, bold or plain words, sometimes a unit's name or "
                         "a file number, worn or spread ink)")
    args = ap.parse_args()
    global BASE
    flags, base, share = FAMILIES[args.family]
    for name in flags:
        globals()[name] = True
    BASE = base
    if WIDE:
        WIDE_FACES.extend(FACES + [f for f in OTHER_FACES if os.path.exists(f)])
    if share is not None and args.seal_share == 0.4:
        args.seal_share = share
    G.FONTS.update(G.find_fonts(None))
    os.makedirs(args.out, exist_ok=True)
    rows = []
    kinds = ["pic", "page", "photo", "screen"] if POS else ["pic", "pic", "page", "screen"]
    if NEAR2:
        kinds = ["pic", "page", "photo", "screen", "photo"]
    for i in range(args.start, args.n):
        rng = random.Random(BASE * 1_000_003 + i)
        kind = kinds[i % len(kinds)]
        is_seal = rng.random() < args.seal_share
        data, ext, sub = make(rng, kind, is_seal)
        name = "%s-%04d.%s" % (kind, i, ext)
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
        rows.append((name, kind, int(is_seal), sub))
    with open(os.path.join(args.out, "labels.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "kind", "seal", "sub"])
        w.writerows(rows)
    print("%d files in %s" % (len(rows), args.out))


if __name__ == "__main__":
    main()
