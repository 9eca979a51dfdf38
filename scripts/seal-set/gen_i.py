#!/usr/bin/env python3
"""Eighth independent seal evaluation set (family i, seeds 40000 + index).

Drawn with Cairo (pycairo) for pages, seals and windows, fpdf2 and a small
hand-written DOCX/PDF writer for the containers, numpy for scan and photo
effects, libjpeg-turbo's cjpeg for JPEG and piexif for photo EXIF. Glyphs
come from the AR PL faces (UMing, UKai, KaitiM GB) and Droid Sans Fallback.

    python3 scripts/seal-set/gen_i.py OUT [--start 0] [--n 500] [--jobs 2]

Writes OUT/labels.csv (file,kind,seal,sub) and OUT/meta.jsonl.
"""

import argparse
import csv
import glob
import io
import json
import math
import os
import re
import subprocess
import sys
import zipfile

import cairo
import numpy as np

KINDS = ["scan", "vector", "pasted", "photo", "screenshot"]
SEED_BASE = 40000

F_MING = "AR PL UMing CN"
F_UKAI = "AR PL UKai CN"
F_GKAI = "AR PL KaitiM GB"
F_SANS = "Droid Sans Fallback"
F_LATIN = "DejaVu Sans"
F_LATIN_SERIF = "DejaVu Serif"
TTF_SANS = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
TTF_KAI = "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf"
TTF_LATIN = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

FONT_FILES = {F_MING: ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
              F_UKAI: ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
              F_GKAI: (TTF_KAI, None), F_SANS: (TTF_SANS, None)}
_COVER = {}


def covers(font, ch):
    """Whether a face has a glyph for ch (Cairo's toy text API does not fall back)."""
    if font not in FONT_FILES:
        return True
    if font not in _COVER:
        from fontTools.ttLib import TTCollection, TTFont
        path, idx = FONT_FILES[font]
        f = TTCollection(path, lazy=True).fonts[idx] if idx is not None else TTFont(path, lazy=True)
        _COVER[font] = set(f.getBestCmap())
    return ord(ch) in _COVER[font]


def face_for(font, ch):
    if covers(font, ch):
        return font
    if ord(ch) < 128 or ch in "“”‘’":
        return F_LATIN
    if font == F_GKAI:
        return F_SANS
    return F_MING if covers(F_MING, ch) else F_SANS


SEAL_FONTS = [F_MING, F_UKAI, F_GKAI, F_SANS]
BODY_FONTS = [F_MING, F_SANS]

RED = (0.86, 0.09, 0.11)
PURPLE = (0.678, 0.145, 0.404)
PINK = (0.949, 0.6, 0.698)
ORANGE = (0.93, 0.33, 0.14)
BLACK = (0.08, 0.08, 0.08)
BLUE_PEN = (0.12, 0.2, 0.55)

SEAL_SUBS = {
    "scan": ["normal", "partial", "faint", "purple", "beside-stamp", "oval", "square",
             "text-over", "signature-over", "red-table", "double", "cross-page", "pink",
             "red-hand", "date-over", "redhead", "orange", "page2", "partial", "normal"],
    "vector": ["normal", "partial", "purple", "pink", "beside-stamp", "oval", "double",
               "text-over", "signature-over", "red-table", "faint", "cross-page", "square",
               "orange", "red-hand", "date-over", "redhead", "page2", "partial", "normal"],
    "pasted": ["normal", "partial", "faint", "purple", "beside-stamp", "oval", "square",
               "text-over", "signature-over", "red-table", "pink", "double", "red-hand",
               "date-over", "redhead", "orange", "page2", "scan-crop", "partial", "normal"],
    "photo": ["normal", "partial", "faint", "blur-cast", "glare", "beside-stamp", "oval",
              "square", "purple", "signature-over", "red-table", "text-over", "shadow",
              "cross-page", "red-hand", "double", "pink", "date-over", "partial", "normal"],
    "screenshot": ["normal", "small-zoom", "chat", "partial", "faint", "purple",
                   "beside-stamp", "oval", "square", "text-over", "signature-over",
                   "red-table", "pink", "small-zoom", "chat", "double", "red-hand",
                   "date-over", "redhead", "normal"],
}
NOSEAL_SUBS = {
    "scan": ["plain", "badge", "date-stamp", "open-arc", "rect-stamp", "circled-num",
             "hand-circle", "redhead", "red-table", "red-hand", "badge", "plain"],
    "vector": ["plain", "badge", "date-stamp", "open-arc", "rect-stamp", "circled-num",
               "hand-circle", "redhead", "red-table", "red-hand", "badge", "plain"],
    "pasted": ["plain", "badge", "date-stamp", "logo", "rect-stamp", "redhead-img",
               "red-text", "signature-img", "red-table", "hand-circle", "badge", "plain"],
    "photo": ["plain", "badge", "date-stamp", "open-arc", "rect-stamp", "hand-circle",
              "hand-circle", "redhead", "red-table", "red-hand", "circled-num", "plain"],
    "screenshot": ["plain", "ui-icon", "badge", "date-stamp", "open-arc", "rect-stamp",
                   "ui-icon", "redhead", "red-table", "red-hand", "hand-circle", "plain"],
}

UNITS = ["发展和改革委员会", "人力资源和社会保障局", "民政局", "交通运输局", "自然资源局",
         "教育体育局", "应急管理局", "水利局", "卫生健康委员会", "住房和城乡建设局",
         "农业农村局", "文化广电和旅游局", "医疗保障局", "司法局", "城市管理局",
         "市场监督管理局", "林业和茶产业局", "退役军人事务局", "残疾人联合会", "商务局",
         "档案局", "统计局", "财政局", "政务服务和大数据管理局", "审计局", "生态环境局"]
TOWNS = ["五星乡", "董家河镇", "浉河港镇", "谭家河乡", "十三里桥乡", "游河乡", "吴家店镇",
         "东双河镇", "柳林乡", "老城街道", "民权街道", "车站街道", "金牛山街道"]
BOTTOM_LINES = ["办公室", "行政审批专用章", "业务专用章", "政务服务专用章", "党组", "机关党委"]
OVAL_MID = ["财务专用章", "合同专用章", "发票专用章", "业务专用章"]
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌玉兰春海波"
STAMP_WORDS = ["已审核", "收文", "APPROVED", "RECEIVED", "复印件与原件一致", "已核对", "存档",
               "此件已阅", "经办", "COPY"]
HAND_WORDS = ["同意，请按程序办理。", "已阅", "请办公室核实后报送", "属实", "同意上报",
              "请抓紧落实", "已核 属实", "按要求整改", "请张主任阅示"]

_SENTENCES = None
SEEDS_DIR = os.environ.get("SEAL_SEEDS", "")


def sentences():
    global _SENTENCES
    if _SENTENCES is None:
        dirs = [SEEDS_DIR]
        out = []
        for d in dirs:
            for f in sorted(glob.glob(os.path.join(d, "*.txt"))):
                if os.path.basename(f).lower() == "readme.md":
                    continue
                for p in re.split(r"[。；\n]", open(f, encoding="utf-8").read()):
                    p = re.sub(r"\s+", "", p.replace("---", ""))
                    if 12 <= len(p) <= 70 and "[" not in p and "http" not in p:
                        out.append(p + "。")
            if out:
                break
        if not out:
            out = ["各单位要高度重视政务服务绩效考评工作，按时报送佐证材料。"]
        _SENTENCES = out
    return _SENTENCES


# ---------------------------------------------------------------- small utilities

def pick(rng, seq):
    return seq[int(rng.integers(len(seq)))]


def unit_name(rng):
    r = rng.random()
    if r < 0.7:
        return "信阳市浉河区" + pick(rng, UNITS)
    if r < 0.85:
        return "信阳市浉河区" + pick(rng, TOWNS) + "人民政府"
    return "浉河区" + pick(rng, UNITS)


def person_name(rng):
    n = 1 if rng.random() < 0.35 else 2
    return pick(rng, SURNAMES) + "".join(pick(rng, GIVEN) for _ in range(n))


def jitter_color(rng, c, amt=0.04):
    return tuple(float(np.clip(v + rng.normal(0, amt), 0, 1)) for v in c)


def cn_date(rng):
    y = int(rng.integers(2022, 2025))
    m = int(rng.integers(1, 13))
    d = int(rng.integers(1, 29))
    if rng.random() < 0.3:
        digits = "〇一二三四五六七八九"
        ys = "".join(digits[int(c)] for c in str(y))
        tens = ["", "十", "二十"]
        def num(v):
            if v < 10:
                return digits[v]
            return tens[v // 10] + (digits[v % 10] if v % 10 else "")
        return f"{ys}年{num(m)}月{num(d)}日"
    return f"{y}年{m}月{d}日"


def text_w(s, size):
    w = 0.0
    for ch in s:
        w += size * (0.55 if ord(ch) < 128 else 1.0)
    return w


# ---------------------------------------------------------------- glyph drawing (Cairo)

def glyph(ctx, ch, font, h, sx=0.8, sy=1.0, as_text=False, bold=True, embolden=0.035):
    """One character centred at the origin, em height h, squeezed by sx."""
    ctx.save()
    font = face_for(font, ch)
    ctx.select_font_face(font, cairo.FONT_SLANT_NORMAL,
                         cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
    ctx.set_font_size(h)
    xb, yb, w, hh, _, _ = ctx.text_extents(ch)
    ctx.scale(sx, sy)
    ctx.move_to(-(xb + w / 2), -(yb + hh / 2))
    if as_text:
        # fake bold the way many PDF writers do it: the glyph shown a few times, shifted
        d = h * 0.022
        for ox, oy in ((0, 0), (d, 0), (0, d), (d, d)):
            ctx.move_to(-(xb + w / 2) + ox, -(yb + hh / 2) + oy)
            ctx.show_text(ch)
    else:
        ctx.text_path(ch)
        ctx.set_line_width(h * embolden)
        ctx.fill_preserve()
        ctx.stroke()
    ctx.restore()


def star(ctx, r, cx=0.0, cy=0.0, rot=0.0):
    for k in range(10):
        a = rot - math.pi / 2 + k * math.pi / 5
        rr = r if k % 2 == 0 else r * 0.382
        x, y = cx + rr * math.cos(a), cy + rr * math.sin(a)
        if k == 0:
            ctx.move_to(x, y)
        else:
            ctx.line_to(x, y)
    ctx.close_path()
    ctx.fill()


def ring(ctx, r, w):
    ctx.new_sub_path()
    ctx.arc(0, 0, r, 0, 2 * math.pi)
    ctx.set_line_width(w)
    ctx.stroke()


def ellipse_stroke(ctx, a, b, w):
    ctx.save()
    ctx.scale(a, b)
    ctx.new_sub_path()
    ctx.arc(0, 0, 1, 0, 2 * math.pi)
    ctx.restore()
    ctx.set_line_width(w)
    ctx.stroke()


def arc_text(ctx, text, rt, h, span_deg, font, sx, as_text, lower=False):
    n = len(text)
    if n == 0:
        return
    span = math.radians(span_deg)
    step = span / max(n - 1, 1) if n > 1 else 0
    for k, ch in enumerate(text):
        if lower:
            a = math.pi + span / 2 - k * step
        else:
            a = -span / 2 + k * step
        ctx.save()
        ctx.rotate(a)
        ctx.translate(0, -rt)
        if lower:
            ctx.rotate(math.pi)
        glyph(ctx, ch, font, h, sx, as_text=as_text)
        ctx.restore()


def draw_round_seal(ctx, m, as_text=False):
    R = m["r"]
    w = R * m["ringw"]
    ring(ctx, R - w / 2, w)
    rt = R * 0.70
    h = R * 0.27
    if m.get("double"):
        ring(ctx, R * 0.84, R * 0.022)
        rt = R * 0.60
        h = R * 0.23
    name = m["name"]
    n = len(name)
    span = min(max(n * 19.0, 150.0), 262.0) + m.get("span_j", 0.0)
    per = rt * math.radians(span) / max(n - 1, 1)
    sx = min(m["sx"], 0.95 * per / h)
    arc_text(ctx, name, rt, h, span, m["font"], sx, as_text)
    sr = R * m["star"]
    sy = -R * 0.04 if m.get("bottom") else 0.0
    star(ctx, sr, 0, sy)
    if m.get("bottom"):
        b = m["bottom"]
        bh = R * 0.19
        cw = bh * 0.92
        x0 = -cw * (len(b) - 1) / 2
        for k, ch in enumerate(b):
            ctx.save()
            ctx.translate(x0 + k * cw, R * 0.52)
            glyph(ctx, ch, m["font"], bh, 0.85, as_text=as_text)
            ctx.restore()
    if m.get("code"):
        arc_text(ctx, m["code"], R * 0.80, R * 0.11, 78, F_LATIN, 0.8, as_text, lower=True)


def draw_oval_seal(ctx, m, as_text=False):
    a, b = m["a"], m["b"]
    w = 0.9
    ellipse_stroke(ctx, a - w / 2, b - w / 2, w)
    if m.get("double"):
        ellipse_stroke(ctx, a - 2.2, b - 2.2, 0.3)
    name = m["name"]
    n = len(name)
    h = b * 0.27
    ai, bi = a - h * 0.75 - 1.2, b - h * 0.75 - 1.2
    span = math.radians(min(max(n * 17.0, 140.0), 230.0))
    for k, ch in enumerate(name):
        t = -span / 2 + span * k / max(n - 1, 1)
        x, y = ai * math.sin(t), -bi * math.cos(t)
        nx, ny = math.sin(t) / ai, -math.cos(t) / bi
        ang = math.atan2(nx, -ny)
        ctx.save()
        ctx.translate(x, y)
        ctx.rotate(ang)
        glyph(ctx, ch, m["font"], h, m["sx"], as_text=as_text)
        ctx.restore()
    mid = m["mid"]
    mh = b * 0.3
    cw = mh * 0.95
    x0 = -cw * (len(mid) - 1) / 2
    for k, ch in enumerate(mid):
        ctx.save()
        ctx.translate(x0 + k * cw, b * 0.2)
        glyph(ctx, ch, m["font"], mh, 0.82, as_text=as_text)
        ctx.restore()
    if m.get("code"):
        ch = b * 0.15
        x0 = -ch * 0.55 * (len(m["code"]) - 1) / 2
        for k, c in enumerate(m["code"]):
            ctx.save()
            ctx.translate(x0 + k * ch * 0.55, b * 0.62)
            glyph(ctx, c, F_LATIN, ch, 0.8, as_text=as_text)
            ctx.restore()
    else:
        star(ctx, b * 0.2, 0, -b * 0.22)


def draw_square_seal(ctx, m, as_text=False):
    s = m["s"]
    chars = m["name"]
    n = len(chars)
    cells = []
    if n == 1:
        cells = [(0, 0, s * 0.78, 1.0, 1.0)]
    elif n == 2:
        cells = [(0, -s * 0.22, s * 0.42, 1.8, 1.0), (0, s * 0.22, s * 0.42, 1.8, 1.0)]
    elif n == 3:
        cells = [(s * 0.2, 0, s * 0.8, 0.5, 1.0), (-s * 0.2, -s * 0.2, s * 0.4, 1.0, 1.0),
                 (-s * 0.2, s * 0.2, s * 0.4, 1.0, 1.0)]
    else:
        cells = [(s * 0.2, -s * 0.2, s * 0.4, 1.0, 1.0), (s * 0.2, s * 0.2, s * 0.4, 1.0, 1.0),
                 (-s * 0.2, -s * 0.2, s * 0.4, 1.0, 1.0), (-s * 0.2, s * 0.2, s * 0.4, 1.0, 1.0)]
    if m.get("intaglio"):
        ctx.push_group()
        ctx.rectangle(-s / 2, -s / 2, s, s)
        ctx.fill()
        ctx.set_operator(cairo.OPERATOR_CLEAR)
        for (x, y, h, sx, sy), ch in zip(cells, chars):
            ctx.save()
            ctx.translate(x, y)
            glyph(ctx, ch, m["font"], h, sx * 0.92, sy, as_text=False, embolden=0.05)
            ctx.restore()
        ctx.set_operator(cairo.OPERATOR_OVER)
        ctx.pop_group_to_source()
        ctx.paint()
    else:
        w = s * 0.06
        ctx.rectangle(-s / 2 + w / 2, -s / 2 + w / 2, s - w, s - w)
        ctx.set_line_width(w)
        ctx.stroke()
        for (x, y, h, sx, sy), ch in zip(cells, chars):
            ctx.save()
            ctx.translate(x, y)
            glyph(ctx, ch, m["font"], h * 0.92, sx * 0.9, sy, as_text=as_text, embolden=0.06)
            ctx.restore()


def draw_rect_stamp(ctx, m, as_text=False):
    w, h = m["w"], m["h"]
    lw = m.get("lw", 0.8)
    rr = min(w, h) * 0.15
    def rrect(x, y, ww, hh, r):
        ctx.new_sub_path()
        ctx.arc(x + ww - r, y + r, r, -math.pi / 2, 0)
        ctx.arc(x + ww - r, y + hh - r, r, 0, math.pi / 2)
        ctx.arc(x + r, y + hh - r, r, math.pi / 2, math.pi)
        ctx.arc(x + r, y + r, r, math.pi, 1.5 * math.pi)
        ctx.close_path()
    rrect(-w / 2, -h / 2, w, h, rr)
    ctx.set_line_width(lw)
    ctx.stroke()
    if m.get("double"):
        rrect(-w / 2 + 1.3, -h / 2 + 1.3, w - 2.6, h - 2.6, max(rr - 1.3, 0.2))
        ctx.set_line_width(0.3)
        ctx.stroke()
    txt = m["text"]
    latin = all(ord(c) < 128 for c in txt)
    font = F_LATIN if latin else m["font"]
    th = h * (0.42 if m.get("date") else 0.55)
    cw = min(th * (0.62 if latin else 1.0), (w - 4) / max(len(txt), 1))
    x0 = -cw * (len(txt) - 1) / 2
    ty = -h * 0.14 if m.get("date") else 0
    for k, ch in enumerate(txt):
        if ch == " ":
            continue
        ctx.save()
        ctx.translate(x0 + k * cw, ty)
        glyph(ctx, ch, font, th, min(0.9, cw / th * 0.95), as_text=as_text)
        ctx.restore()
    if m.get("date"):
        d = m["date"]
        dh = h * 0.22
        cw = dh * 0.6
        x0 = -cw * (len(d) - 1) / 2
        for k, ch in enumerate(d):
            ctx.save()
            ctx.translate(x0 + k * cw, h * 0.28)
            glyph(ctx, ch, F_LATIN, dh, 0.8, as_text=as_text)
            ctx.restore()


def draw_badge(ctx, m, as_text=False):
    R = m["r"]
    style = m["style"]
    ring(ctx, R * 0.93, R * 0.07)
    if m.get("inner"):
        ring(ctx, R * 0.8, R * 0.025)
    star(ctx, R * m.get("star", 0.45))
    if style == "rays":
        k = m.get("nrays", 32)
        for i in range(k):
            a = 2 * math.pi * i / k
            r0, r1 = R * 0.5, R * 0.74
            da = math.pi / k * 0.45
            ctx.move_to(r0 * math.cos(a - da), r0 * math.sin(a - da))
            ctx.line_to(r1 * math.cos(a), r1 * math.sin(a))
            ctx.line_to(r0 * math.cos(a + da), r0 * math.sin(a + da))
            ctx.close_path()
        ctx.fill()
    elif style == "dots":
        k = m.get("ndots", 24)
        for i in range(k):
            a = 2 * math.pi * i / k
            ctx.new_sub_path()
            ctx.arc(R * 0.68 * math.cos(a), R * 0.68 * math.sin(a), R * 0.05, 0, 2 * math.pi)
        ctx.fill()
    elif style == "wheat":
        for side in (-1, 1):
            for i in range(9):
                a = math.radians(110 + i * 17)
                x, y = side * R * 0.66 * math.sin(a), -R * 0.66 * math.cos(a)
                ctx.save()
                ctx.translate(x, y)
                ctx.rotate(side * (a + 0.5))
                ctx.scale(R * 0.05, R * 0.11)
                ctx.arc(0, 0, 1, 0, 2 * math.pi)
                ctx.restore()
                ctx.fill()
    elif style == "gear":
        k = m.get("nteeth", 20)
        for i in range(k):
            a = 2 * math.pi * i / k
            ctx.save()
            ctx.rotate(a)
            ctx.rectangle(-R * 0.05, -R * 1.08, R * 0.1, R * 0.16)
            ctx.restore()
        ctx.fill()
    elif style == "stars":
        k = m.get("nstars", 8)
        for i in range(k):
            a = 2 * math.pi * i / k
            star(ctx, R * 0.08, R * 0.68 * math.sin(a), -R * 0.68 * math.cos(a), a)


def draw_date_stamp(ctx, m, as_text=False):
    R = m["r"]
    ring(ctx, R * 0.95, R * 0.06)
    ring(ctx, R * 0.84, R * 0.02)
    top = m["top"]
    th = R * 0.3
    x0 = -th * 0.95 * (len(top) - 1) / 2
    for k, ch in enumerate(top):
        ctx.save()
        ctx.translate(x0 + k * th * 0.95, -R * 0.45)
        glyph(ctx, ch, m["font"], th, 0.85, as_text=as_text)
        ctx.restore()
    for y in (-R * 0.18, R * 0.26):
        half = math.sqrt(max((R * 0.84) ** 2 - y * y, 0))
        ctx.move_to(-half, y)
        ctx.line_to(half, y)
    ctx.set_line_width(R * 0.035)
    ctx.stroke()
    d = m["date"]
    dh = R * 0.22
    cw = dh * 0.58
    x0 = -cw * (len(d) - 1) / 2
    for k, ch in enumerate(d):
        ctx.save()
        ctx.translate(x0 + k * cw, R * 0.04)
        glyph(ctx, ch, F_LATIN, dh, 0.8, as_text=as_text)
        ctx.restore()
    bot = m.get("bottom", "")
    bh = R * 0.2
    x0 = -bh * (len(bot) - 1) / 2
    for k, ch in enumerate(bot):
        ctx.save()
        ctx.translate(x0 + k * bh, R * 0.5)
        glyph(ctx, ch, m["font"], bh, 0.85, as_text=as_text)
        ctx.restore()


def draw_open_arc(ctx, m, as_text=False):
    R = m["r"]
    w = R * m.get("w", 0.14)
    ctx.set_line_width(w)
    ctx.set_line_cap(cairo.LINE_CAP_ROUND)
    style = m["style"]
    if style == "two":
        for a0 in (0.35, math.pi + 0.35):
            ctx.new_sub_path()
            ctx.arc(0, 0, R * 0.85, a0, a0 + math.pi * 0.72)
            ctx.stroke()
    elif style == "c":
        ctx.new_sub_path()
        ctx.arc(0, 0, R * 0.85, 0.7, 2 * math.pi - 0.7)
        ctx.stroke()
    else:
        for i, rr in enumerate((0.9, 0.68)):
            a0 = 0.3 + i * 2.2
            ctx.new_sub_path()
            ctx.arc(0, 0, R * rr, a0, a0 + math.pi * 1.15)
            ctx.stroke()
    if m.get("letter"):
        glyph(ctx, m["letter"], F_LATIN, R * 0.9, 0.9, as_text=as_text)
    else:
        star(ctx, R * 0.42)


def draw_hand_circle(ctx, m, as_text=False):
    pts = m["pts"]
    ctx.set_line_width(m["lw"])
    ctx.set_line_cap(cairo.LINE_CAP_ROUND)
    ctx.move_to(*pts[0])
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        if i == 1:
            ctx.line_to(*p1)
        ctx.curve_to(c1[0], c1[1], c2[0], c2[1], p2[0], p2[1])
    ctx.stroke()
    if m.get("word"):
        draw_hand_text(ctx, {"text": m["word"], "h": m["wordh"], "jit": m["wordjit"],
                             "font": m["font"]}, as_text)


def draw_hand_text(ctx, m, as_text=False):
    t = m["text"]
    h = m["h"]
    jit = m["jit"]
    x = -h * 0.9 * (len(t) - 1) / 2
    for k, ch in enumerate(t):
        dx, dy, da, ds = jit[k % len(jit)]
        ctx.save()
        ctx.translate(x + dx, dy)
        ctx.rotate(da)
        ctx.transform(cairo.Matrix(1, 0, -0.2, 1, 0, 0))
        glyph(ctx, ch, m["font"], h * ds, 0.9, as_text=False, bold=False, embolden=0.05)
        ctx.restore()
        x += h * 0.9 * ds
    if m.get("check"):
        ctx.set_line_width(h * 0.08)
        ctx.move_to(x + h * 0.2, 0)
        ctx.line_to(x + h * 0.5, h * 0.35)
        ctx.line_to(x + h * 1.2, -h * 0.6)
        ctx.stroke()


def draw_signature(ctx, m, as_text=False):
    draw_hand_text(ctx, m, as_text)
    pts = m["flourish"]
    ctx.set_line_width(m["h"] * 0.06)
    ctx.move_to(*pts[0])
    for i in range(1, len(pts) - 2, 3):
        ctx.curve_to(*pts[i], *pts[i + 1], *pts[i + 2])
    ctx.stroke()


def draw_circled(ctx, m, as_text=False):
    r = m["r"]
    ring(ctx, r, r * 0.12)
    glyph(ctx, m["digit"], F_LATIN, r * 1.2, 0.85, as_text=as_text, bold=False)


DRAW = {"round": draw_round_seal, "oval": draw_oval_seal, "square": draw_square_seal,
        "rect": draw_rect_stamp, "badge": draw_badge, "date": draw_date_stamp,
        "openarc": draw_open_arc, "handcircle": draw_hand_circle, "handtext": draw_hand_text,
        "sign": draw_signature, "circled": draw_circled}


def mark_extent(m):
    """Half-size of a mark's bounding square in mm (before rotation)."""
    t = m["type"]
    if t == "round":
        return m["r"] + 1
    if t == "oval":
        return m["a"] + 1
    if t == "square":
        return m["s"] * 0.75 + 1
    if t == "rect":
        return math.hypot(m["w"], m["h"]) / 2 + 1
    if t in ("badge", "date", "openarc"):
        return m["r"] * 1.15 + 1
    if t == "handcircle":
        return max(max(abs(p[0]), abs(p[1])) for p in m["pts"]) + 3
    if t in ("handtext", "sign"):
        return m["h"] * (len(m["text"]) + 3) * 0.6 + 3
    if t == "circled":
        return m["r"] + 1
    return 30


# ---------------------------------------------------------------- marks

def make_seal(rng, sub, unit=None):
    color = jitter_color(rng, RED, 0.05)
    if sub == "purple":
        color = jitter_color(rng, PURPLE, 0.03)
    elif sub == "pink":
        color = jitter_color(rng, PINK, 0.03)
    elif sub == "orange":
        color = jitter_color(rng, ORANGE, 0.03)
    elif rng.random() < 0.12:
        color = jitter_color(rng, pick(rng, [PURPLE, ORANGE, (0.8, 0.15, 0.3)]), 0.03)
    font = pick(rng, SEAL_FONTS)
    ink = {"density": float(rng.uniform(0.8, 1.0)), "uneven": float(rng.uniform(0.1, 0.45)),
           "speck": float(rng.uniform(0.0, 0.12))}
    if sub == "faint":
        ink["density"] = float(rng.uniform(0.35, 0.55))
    if sub == "partial":
        ink["fade"] = {"dir": float(rng.uniform(0, 2 * math.pi)), "t0": float(rng.uniform(-0.15, 0.2)),
                       "min": float(rng.uniform(0.0, 0.3))}
    rot = float(rng.uniform(-25, 25))
    if sub == "oval":
        m = {"type": "oval", "a": float(rng.uniform(20, 23)), "b": float(rng.uniform(14, 16)),
             "name": unit if unit and rng.random() < 0.85 else unit_name(rng), "mid": pick(rng, OVAL_MID), "font": font,
             "sx": float(rng.uniform(0.7, 0.85)), "double": bool(rng.random() < 0.3)}
        if rng.random() < 0.6:
            m["code"] = "".join(str(int(rng.integers(10))) for _ in range(13))
    elif sub == "square":
        nm = person_name(rng)
        unit = None
        k = int(rng.integers(4))
        name = [nm, nm + "印", nm + "之印", nm][k]
        if len(name) > 4:
            name = name[:4]
        m = {"type": "square", "s": float(rng.uniform(18, 25)), "name": name,
             "font": pick(rng, [F_MING, F_UKAI, F_GKAI]), "intaglio": bool(rng.random() < 0.45)}
        rot = float(rng.uniform(-8, 8))
    else:
        m = {"type": "round", "r": float(rng.uniform(19, 22.5)), "name": unit if unit and rng.random() < 0.85 else unit_name(rng),
             "font": font, "sx": float(rng.uniform(0.68, 0.9)), "ringw": float(rng.uniform(0.055, 0.08)),
             "star": float(rng.uniform(0.26, 0.33)), "span_j": float(rng.uniform(-10, 10)),
             "double": sub == "double" or bool(rng.random() < 0.08)}
        if rng.random() < 0.35:
            m["bottom"] = pick(rng, BOTTOM_LINES)
        if rng.random() < 0.3:
            m["code"] = "".join(str(int(rng.integers(10))) for _ in range(13))
    m.update({"color": color, "rot": rot, "ink": ink, "role": "seal"})
    return m


def red_ink(rng):
    return {"density": float(rng.uniform(0.75, 1.0)), "uneven": float(rng.uniform(0.1, 0.4)),
            "speck": float(rng.uniform(0.0, 0.1))}


def pen_ink(rng):
    return {"density": float(rng.uniform(0.85, 1.0)), "uneven": 0.1, "speck": 0.0}


def make_rect_stamp(rng):
    txt = pick(rng, STAMP_WORDS)
    h = float(rng.uniform(12, 20))
    w = max(text_w(txt, h * 0.55) + 8, h * 1.6)
    m = {"type": "rect", "w": w, "h": h, "text": txt, "font": pick(rng, [F_MING, F_SANS, F_GKAI]),
         "double": bool(rng.random() < 0.4), "lw": float(rng.uniform(0.6, 1.1)),
         "color": jitter_color(rng, pick(rng, [RED, RED, PURPLE, (0.2, 0.3, 0.7)]), 0.04),
         "rot": float(rng.uniform(-12, 12)), "ink": red_ink(rng), "role": "rect-stamp"}
    if rng.random() < 0.45:
        m["date"] = f"{int(rng.integers(2022, 2025))}.{int(rng.integers(1, 13)):02d}.{int(rng.integers(1, 29)):02d}"
    return m


def make_badge(rng, r=None):
    return {"type": "badge", "r": r or float(rng.uniform(12, 22)),
            "style": pick(rng, ["rays", "dots", "wheat", "gear", "stars", "rays"]),
            "inner": bool(rng.random() < 0.5), "star": float(rng.uniform(0.35, 0.5)),
            "nrays": int(rng.integers(20, 40)), "ndots": int(rng.integers(16, 32)),
            "nteeth": int(rng.integers(14, 28)), "nstars": int(rng.integers(5, 11)),
            "color": jitter_color(rng, RED, 0.05), "rot": float(rng.uniform(-5, 5)),
            "ink": red_ink(rng), "role": "badge"}


def make_date_stamp(rng):
    return {"type": "date", "r": float(rng.uniform(14, 20)), "top": pick(rng, ["收讫", "收文", "已收", "付讫", "现金收讫"]),
            "date": f"{int(rng.integers(2022, 2025))}.{int(rng.integers(1, 13)):02d}.{int(rng.integers(1, 29)):02d}",
            "bottom": pick(rng, ["", "经办", "登记", ""]), "font": pick(rng, [F_MING, F_SANS]),
            "color": jitter_color(rng, pick(rng, [RED, RED, PURPLE]), 0.04),
            "rot": float(rng.uniform(-15, 15)), "ink": red_ink(rng), "role": "date-stamp"}


def make_open_arc(rng):
    return {"type": "openarc", "r": float(rng.uniform(11, 20)), "style": pick(rng, ["two", "c", "spiral"]),
            "w": float(rng.uniform(0.1, 0.2)),
            "letter": pick(rng, ["", "", "G", "E", "S", "Z"]),
            "color": jitter_color(rng, RED, 0.05), "rot": float(rng.uniform(-30, 30)),
            "ink": {"density": 1.0, "uneven": 0.05, "speck": 0.0}, "role": "open-arc"}


def make_hand_circle(rng, rx=None, ry=None):
    rx = rx or float(rng.uniform(16, 26))
    ry = ry or rx * float(rng.uniform(0.55, 1.0))
    turns = float(rng.uniform(1.05, 1.3))
    n = 28
    a0 = float(rng.uniform(0, 2 * math.pi))
    pts = []
    wob = rng.normal(0, 0.05, 6)
    for i in range(n + 1):
        t = a0 + 2 * math.pi * turns * i / n
        s = 1 + wob[0] * math.sin(2 * t) + wob[1] * math.cos(3 * t) + 0.04 * i / n
        pts.append((rx * s * math.cos(t), ry * s * math.sin(t)))
    m = {"type": "handcircle", "pts": pts, "lw": float(rng.uniform(0.45, 0.9)),
         "color": jitter_color(rng, pick(rng, [RED, RED, (0.9, 0.2, 0.2)]), 0.04),
         "rot": float(rng.uniform(-20, 20)), "ink": pen_ink(rng), "role": "hand-circle",
         "font": pick(rng, [F_UKAI, F_GKAI])}
    if rng.random() < 0.4:
        w = pick(rng, ["重点", "请核", "补充", "?", "改"])
        m["word"] = w
        m["wordh"] = float(rng.uniform(6, 9))
        m["wordjit"] = [tuple(rng.normal(0, [0.4, 0.5, 0.08, 0.06]) + [0, 0, 0, 1]) for _ in range(4)]
    return m


def make_hand_text(rng, color=None):
    t = pick(rng, HAND_WORDS)
    return {"type": "handtext", "text": t, "h": float(rng.uniform(5.5, 9)),
            "jit": [tuple(rng.normal(0, [0.4, 0.6, 0.07, 0.07]) + [0, 0, 0, 1]) for _ in range(12)],
            "font": pick(rng, [F_UKAI, F_GKAI]), "check": bool(rng.random() < 0.3),
            "color": color or jitter_color(rng, (0.85, 0.12, 0.12), 0.05),
            "rot": float(rng.uniform(-8, 8)), "ink": pen_ink(rng), "role": "red-hand"}


def make_signature(rng):
    h = float(rng.uniform(7, 11))
    nm = person_name(rng)
    x = h * 0.9 * len(nm) / 2
    pts = [(-x * 0.8, h * 0.3)]
    for _ in range(3):
        pts += [tuple(rng.normal([x * 0.5, h * 0.6], 3)), tuple(rng.normal([x * 1.2, -h * 0.2], 3)),
                tuple(rng.normal([x * 1.6, h * 0.1], 2))]
    return {"type": "sign", "text": nm, "h": h,
            "jit": [tuple(rng.normal(0, [0.5, 0.7, 0.1, 0.08]) + [0, 0, 0, 1]) for _ in range(4)],
            "font": pick(rng, [F_UKAI, F_GKAI]), "flourish": pts,
            "color": pick(rng, [BLACK, BLUE_PEN, (0.1, 0.1, 0.3)]),
            "rot": float(rng.uniform(-12, 5)), "ink": pen_ink(rng), "role": "signature"}


# ---------------------------------------------------------------- page layout (mm)

PAGE_W, PAGE_H = 210.0, 297.0


def build_page(rng, sub, with_seal, kind):
    """A page as primitive ops and ink marks (all in mm)."""
    ops = []
    marks = []
    font = pick(rng, BODY_FONTS)
    left, right = 26.0, 184.0
    y = float(rng.uniform(22, 32))
    redhead = sub in ("redhead",) or (sub not in ("plain", "cross-page") and rng.random() < 0.12)
    unit = unit_name(rng)
    if redhead:
        title = unit + "文件" if len(unit) < 16 else unit
        size = min(15.0, 150.0 / len(title))
        ops.append(("text", PAGE_W / 2 - text_w(title, size) / 2, y + size, size,
                    pick(rng, [F_MING, F_GKAI]), jitter_color(rng, RED, 0.03), title, True))
        y += size + 9
        no = f"浉{pick(rng, ['政', '发', '办', '人社'])}〔{int(rng.integers(2022, 2025))}〕{int(rng.integers(1, 80))}号"
        ops.append(("text", PAGE_W / 2 - text_w(no, 5) / 2, y, 5.0, font, BLACK, no, False))
        y += 4
        ops.append(("line", left - 4, y, right + 4, y, 0.9, jitter_color(rng, RED, 0.03)))
        if rng.random() < 0.5:
            ops.append(("line", left - 4, y + 1.3, right + 4, y + 1.3, 0.3, jitter_color(rng, RED, 0.03)))
        y += 12
    doc = pick(rng, ["通知", "报告", "统计表", "情况说明", "证明"])
    topic = pick(rng, ["2023年度政务服务绩效考评佐证材料", "政务服务窗口建设", "“一网通办”推进工作",
                       "惠企政策落实情况", "帮办代办服务开展情况", "政务服务满意度调查"])
    title = f"关于{topic}的{doc}"
    ts = min(7.5, 150 / len(title))
    ops.append(("text", PAGE_W / 2 - text_w(title, ts) / 2, y + ts, ts, pick(rng, [F_MING, F_SANS, F_GKAI]),
                BLACK, title, True))
    y += ts + 9
    fs = float(rng.uniform(4.6, 5.6))
    lh = fs * float(rng.uniform(1.55, 1.85))
    ops.append(("text", left, y, fs, font, BLACK, pick(rng, ["各乡镇（街道）、区直各单位：", "区政务服务和大数据管理局：",
                                                         "各有关单位："]), False))
    y += lh
    table = sub == "red-table" or doc == "统计表" or rng.random() < 0.15
    body_end = 150 if table else float(rng.uniform(175, 205))
    body_lines = []
    sents = sentences()
    while y < body_end:
        para = "".join(pick(rng, sents) for _ in range(int(rng.integers(1, 4))))
        para = "　　" + para
        while para and y < body_end:
            line, w = "", 0.0
            while para and w + (fs * 0.55 if ord(para[0]) < 128 else fs) <= right - left:
                w += fs * 0.55 if ord(para[0]) < 128 else fs
                line += para[0]
                para = para[1:]
            ops.append(("text", left, y, fs, font, BLACK, line, False))
            body_lines.append(y)
            y += lh
        y += lh * 0.2
    if table:
        rows = int(rng.integers(5, 9))
        cols = int(rng.integers(3, 6))
        th = 8.0
        tc = jitter_color(rng, RED, 0.04) if sub == "red-table" else BLACK
        x0, x1 = left - 2, right + 2
        ty = y + 2
        for r in range(rows + 1):
            ops.append(("line", x0, ty + r * th, x1, ty + r * th, 0.5 if r in (0, rows) else 0.3, tc))
        for c in range(cols + 1):
            x = x0 + (x1 - x0) * c / cols
            ops.append(("line", x, ty, x, ty + rows * th, 0.5 if c in (0, cols) else 0.3, tc))
        heads = ["序号", "单位", "办件量", "按时办结", "满意度", "备注", "指标", "得分"]
        for r in range(rows):
            for c in range(cols):
                if r == 0:
                    s = heads[(c + int(rng.integers(2))) % len(heads)]
                elif c == 0:
                    s = str(r)
                elif c == 1:
                    s = pick(rng, UNITS)[:6]
                else:
                    s = str(int(rng.integers(0, 9999))) if rng.random() < 0.7 else f"{rng.uniform(80, 100):.1f}%"
                cs = 3.8
                x = x0 + (x1 - x0) * c / cols + 2
                ops.append(("text", x, ty + r * th + th * 0.68, cs, font, BLACK, s, r == 0))
        table_box = (x0, ty, x1, ty + rows * th)
        y = ty + rows * th + 8
    else:
        table_box = None
    # signature block
    ys = max(y + 14, float(rng.uniform(222, 238)))
    ys = min(ys, 262)
    sx = float(rng.uniform(125, 150))
    ops.append(("text", sx - text_w(unit, fs) / 2, ys, fs, font, BLACK, unit, False))
    date = cn_date(rng)
    ops.append(("text", sx - text_w(date, fs) / 2, ys + lh * 1.2, fs, font, BLACK, date, False))
    if rng.random() < 0.35 and sub not in ("signature-over",):
        ops.append(("text", left, ys + lh * 0.6, fs, font, BLACK, "负责人：", False))
        if rng.random() < 0.6:
            sg = make_signature(rng)
            sg.update({"cx": left + 28, "cy": ys})
            marks.append(sg)
    if rng.random() < 0.5:
        ops.append(("text", left, 280, 3.5, font, (0.3, 0.3, 0.3), f"联系人：{person_name(rng)}  电话：0376-{int(rng.integers(1000000, 9999999))}", False))
    anchor = (sx + float(rng.uniform(-8, 10)), ys + float(rng.uniform(-6, 6)))
    mid_body = (float(rng.uniform(70, 140)), pick(rng, body_lines) if body_lines else 120.0)

    if with_seal:
        seal = make_seal(rng, sub, unit)
        if sub == "text-over":
            seal["cx"], seal["cy"] = mid_body
        elif sub == "date-over":
            seal["cx"], seal["cy"] = sx + float(rng.uniform(-4, 4)), ys + lh * 1.2 - 1.5
        elif sub == "cross-page":
            seal["cx"] = PAGE_W + float(rng.uniform(-2, 2))
            seal["cy"] = float(rng.uniform(90, 220))
            seal["rot"] = float(rng.uniform(-10, 10))
        elif sub == "red-table" and table_box:
            seal["cx"] = float(rng.uniform(table_box[0] + 30, table_box[2] - 30))
            seal["cy"] = float(rng.uniform(table_box[1] + 10, table_box[3] - 5))
        else:
            seal["cx"], seal["cy"] = anchor
        marks.append(seal)
        ext = mark_extent(seal)
        if sub == "beside-stamp":
            st = make_rect_stamp(rng)
            side = pick(rng, ["left", "below", "touch", "above"])
            dx = {"left": -ext - st["w"] / 2 - 3, "below": 0, "touch": -ext - st["w"] / 2 + 8, "above": 0}[side]
            dy = {"left": 0, "below": ext + st["h"] / 2 + 3, "touch": 6, "above": -ext - st["h"] / 2 - 3}[side]
            st.update({"cx": seal["cx"] + dx, "cy": seal["cy"] + dy})
            marks.append(st)
        if sub == "signature-over":
            sg = make_signature(rng)
            sg.update({"cx": seal["cx"] + float(rng.uniform(-6, 6)), "cy": seal["cy"] + float(rng.uniform(-5, 5))})
            marks.append(sg)
        if sub == "red-hand":
            ht = make_hand_text(rng)
            ht.update({"cx": float(rng.uniform(70, 120)), "cy": float(rng.uniform(y - 10, y + 5)) if not table else 40.0})
            if abs(ht["cy"] - seal["cy"]) < 25:
                ht["cy"] = seal["cy"] - 35
            marks.append(ht)
    else:
        if sub == "badge":
            b = make_badge(rng)
            if rng.random() < 0.33:
                b["r"] = float(rng.uniform(7, 11))
                b["cx"], b["cy"] = float(rng.uniform(25, 45)), 14.0
            else:
                b["cx"], b["cy"] = anchor
            marks.append(b)
        elif sub == "date-stamp":
            d = make_date_stamp(rng)
            d["cx"], d["cy"] = anchor
            marks.append(d)
        elif sub in ("open-arc", "logo"):
            o = make_open_arc(rng)
            if rng.random() < 0.5:
                o["cx"], o["cy"] = anchor
            else:
                o["r"] = min(o["r"], 12.0)
                o["cx"], o["cy"] = float(rng.uniform(25, 40)), 16.0
            marks.append(o)
        elif sub == "rect-stamp":
            st = make_rect_stamp(rng)
            st["cx"], st["cy"] = anchor
            marks.append(st)
        elif sub == "circled-num":
            for k in range(int(rng.integers(2, 5))):
                c = {"type": "circled", "r": float(rng.uniform(2.6, 4.2)), "digit": str(k + 1),
                     "color": jitter_color(rng, RED, 0.04), "rot": 0.0,
                     "ink": {"density": 1.0, "uneven": 0.05, "speck": 0}, "role": "circled-num",
                     "cx": left - 9.0, "cy": (body_lines[min(len(body_lines) - 1, 2 + k * 3)] - 1.5) if body_lines else 60.0 + k * 20}
                marks.append(c)
        elif sub == "hand-circle":
            hc = make_hand_circle(rng)
            hc["cx"], hc["cy"] = (anchor if rng.random() < 0.5 else mid_body)
            marks.append(hc)
        elif sub == "red-hand":
            ht = make_hand_text(rng)
            ht["cx"], ht["cy"] = float(rng.uniform(80, 130)), min(y + 4, ys - 20)
            marks.append(ht)
        elif sub == "signature-img":
            sg = make_signature(rng)
            sg["cx"], sg["cy"] = anchor
            marks.append(sg)
        elif sub == "red-text":
            ht = make_hand_text(rng)
            ht["font"] = F_MING
            ht["jit"] = [(0, 0, 0, 1)]
            ht["text"] = pick(rng, ["特急", "内部资料 注意保存", "已办结", "重要提示", "请于3日内反馈"])
            ht["cx"], ht["cy"], ht["rot"] = float(rng.uniform(80, 130)), float(rng.uniform(20, 30)), 0.0
            ht["check"] = False
            marks.append(ht)
        elif sub == "redhead-img":
            pass
        # other red marks now and then
        if rng.random() < 0.15 and sub not in ("red-hand",):
            ht = make_hand_text(rng)
            ht["cx"], ht["cy"] = float(rng.uniform(70, 130)), float(rng.uniform(50, 70))
            marks.append(ht)
    return {"ops": ops, "marks": marks, "redhead": redhead, "unit": unit, "table": table_box is not None}


def blank_or_plain_page(rng):
    """A first page without a seal (for page2)."""
    return build_page(rng, "plain", False, "scan")


# ---------------------------------------------------------------- rendering with Cairo

def runs(font, s):
    out = []
    for ch in s:
        f = face_for(font, ch)
        if out and out[-1][0] == f:
            out[-1][1] += ch
        else:
            out.append([f, ch])
    return out


def run_ops(ctx, ops):
    for op in ops:
        if op[0] == "text":
            _, x, y, size, font, color, s, bold = op
            ctx.set_font_size(size)
            ctx.set_source_rgb(*color)
            ctx.move_to(x, y)
            for face, run in runs(font, s):
                ctx.select_font_face(face, cairo.FONT_SLANT_NORMAL,
                                     cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
                ctx.show_text(run)
        elif op[0] == "line":
            _, x1, y1, x2, y2, w, color = op
            ctx.set_source_rgb(*color)
            ctx.set_line_width(w)
            ctx.move_to(x1, y1)
            ctx.line_to(x2, y2)
            ctx.stroke()


def vector_mark(ctx, m, as_text):
    ctx.save()
    ctx.translate(m["cx"], m["cy"])
    ctx.rotate(math.radians(m["rot"]))
    ink = m["ink"]
    ctx.push_group()
    ctx.set_operator(cairo.OPERATOR_OVER)
    ctx.set_source_rgb(*m["color"])
    DRAW[m["type"]](ctx, m, as_text)
    ctx.pop_group_to_source()
    # the mark as a whole multiplies onto the page, like ink over print
    ctx.set_operator(cairo.OPERATOR_MULTIPLY)
    fade = ink.get("fade")
    if fade:
        R = mark_extent(m)
        dx, dy = math.cos(fade["dir"]), math.sin(fade["dir"])
        t0 = fade["t0"] * R
        g = cairo.LinearGradient(dx * t0, dy * t0, dx * (t0 + 0.35 * R), dy * (t0 + 0.35 * R))
        g.add_color_stop_rgba(0, 0, 0, 0, ink["density"])
        g.add_color_stop_rgba(1, 0, 0, 0, ink["density"] * fade["min"])
        ctx.mask(g)
    elif ink["density"] < 0.97:
        ctx.paint_with_alpha(ink["density"])
    else:
        ctx.paint()
    ctx.restore()


def surface_to_rgb(surf):
    surf.flush()
    h, w, st = surf.get_height(), surf.get_width(), surf.get_stride()
    a = np.ndarray((h, st // 4, 4), np.uint8, surf.get_data())[:, :w, :3]
    return a[:, :, ::-1].astype(np.float32) / 255.0


def rgb_to_surface(img):
    h, w = img.shape[:2]
    surf = cairo.ImageSurface(cairo.FORMAT_RGB24, w, h)
    st = surf.get_stride()
    a = np.ndarray((h, st // 4, 4), np.uint8, surf.get_data())
    a[:, :w, 2::-1] = np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8)
    a[:, :w, 3] = 255
    surf.mark_dirty()
    return surf


def smooth_noise(rng, h, w, cells, lo, hi):
    g = rng.uniform(lo, hi, (cells + 2, cells + 2)).astype(np.float32)
    ys = np.linspace(0, cells, h, dtype=np.float32)
    xs = np.linspace(0, cells, w, dtype=np.float32)
    y0 = ys.astype(int)
    x0 = xs.astype(int)
    fy = (ys - y0)[:, None]
    fx = (xs - x0)[None, :]
    a = g[y0][:, x0] * (1 - fx) + g[y0][:, x0 + 1] * fx
    b = g[y0 + 1][:, x0] * (1 - fx) + g[y0 + 1][:, x0 + 1] * fx
    return a * (1 - fy) + b * fy


def box_blur(img, r):
    r = int(r)
    if r < 1:
        return img
    out = img
    for axis in (0, 1):
        pad = [(0, 0)] * img.ndim
        pad[axis] = (r + 1, r)
        p = np.pad(out, pad, mode="edge")
        c = np.cumsum(p, axis=axis, dtype=np.float32)
        n = out.shape[axis]
        hi = np.take(c, np.arange(2 * r + 1, 2 * r + 1 + n), axis=axis)
        lo = np.take(c, np.arange(0, n), axis=axis)
        out = (hi - lo) / (2 * r + 1)
    return out


def gauss_blur(img, sigma):
    if sigma < 0.3:
        return img
    r = max(1, int(round(sigma * 0.9)))
    for _ in range(3):
        img = box_blur(img, r)
    return img


def mark_alpha(m, pxmm, rng, texture=True):
    """Render one mark into an alpha map; returns (alpha, x0, y0) in page pixels."""
    ext = mark_extent(m) * 1.45
    size = int(math.ceil(2 * ext * pxmm)) + 4
    surf = cairo.ImageSurface(cairo.FORMAT_A8, size, size)
    ctx = cairo.Context(surf)
    ctx.scale(pxmm, pxmm)
    ctx.translate(size / 2 / pxmm, size / 2 / pxmm)
    ctx.rotate(math.radians(m["rot"]))
    ctx.set_source_rgba(0, 0, 0, 1)
    DRAW[m["type"]](ctx, m, False)
    surf.flush()
    st = surf.get_stride()
    a = np.ndarray((size, st), np.uint8, surf.get_data())[:, :size].astype(np.float32) / 255.0
    ink = m["ink"]
    if texture:
        a = gauss_blur(a, 0.06 * pxmm)
        field = smooth_noise(rng, size, size, 6, 1 - ink["uneven"], 1.0)
        field *= smooth_noise(rng, size, size, 25, 1 - ink["uneven"] * 0.5, 1.0)
        a = a * field
        if ink["speck"] > 0:
            sp = (rng.random((size, size)) > ink["speck"]).astype(np.float32)
            a = a * gauss_blur(sp, 0.04 * pxmm)
        a = np.clip(a * 1.15, 0, 1)
    a = a * ink["density"]
    fade = ink.get("fade")
    if fade:
        R = mark_extent(m) * pxmm
        yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
        t = ((xx - size / 2) * math.cos(fade["dir"]) + (yy - size / 2) * math.sin(fade["dir"])) / R
        f = np.clip((t - fade["t0"]) / 0.35, 0, 1)
        a = a * (1 - f * (1 - fade["min"]))
    x0 = int(round(m["cx"] * pxmm - size / 2))
    y0 = int(round(m["cy"] * pxmm - size / 2))
    return a, x0, y0


def composite(img, a, x0, y0, color):
    H, W = img.shape[:2]
    h, w = a.shape
    xa, ya = max(0, x0), max(0, y0)
    xb, yb = min(W, x0 + w), min(H, y0 + h)
    if xa >= xb or ya >= yb:
        return
    sub = a[ya - y0:yb - y0, xa - x0:xb - x0][:, :, None]
    col = np.array(color, np.float32)[None, None, :]
    img[ya:yb, xa:xb] *= 1 - sub * (1 - col)


def render_raster(page, pxmm, rng, texture=True):
    W, H = int(round(PAGE_W * pxmm)), int(round(PAGE_H * pxmm))
    surf = cairo.ImageSurface(cairo.FORMAT_RGB24, W, H)
    ctx = cairo.Context(surf)
    ctx.set_source_rgb(1, 1, 1)
    ctx.paint()
    ctx.scale(pxmm, pxmm)
    run_ops(ctx, page["ops"])
    img = surface_to_rgb(surf).copy()
    for m in page["marks"]:
        a, x0, y0 = mark_alpha(m, pxmm, rng, texture)
        composite(img, a, x0, y0, m["color"])
    return img


# ---------------------------------------------------------------- image output

def write_jpeg(img, path, quality, exif=None):
    h, w = img.shape[:2]
    data = np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8)
    ppm = b"P6\n%d %d\n255\n" % (w, h) + data.tobytes()
    out = subprocess.run(["cjpeg", "-quality", str(quality), "-optimize"], input=ppm,
                         stdout=subprocess.PIPE, check=True).stdout
    if exif is not None:
        import piexif
        buf = io.BytesIO()
        piexif.insert(piexif.dump(exif), out, buf)
        out = buf.getvalue()
    if path is None:
        return out
    with open(path, "wb") as f:
        f.write(out)
    return out


def write_png(img, path):
    rgb_to_surface(img).write_to_png(path)


def rgba_png_bytes(rgb, alpha):
    h, w = alpha.shape
    surf = cairo.ImageSurface(cairo.FORMAT_ARGB32, w, h)
    st = surf.get_stride()
    a = np.ndarray((h, st // 4, 4), np.uint8, surf.get_data())
    al = np.clip(alpha, 0, 1)
    pre = rgb * al[:, :, None]
    a[:, :w, 2::-1] = np.clip(pre * 255 + 0.5, 0, 255).astype(np.uint8)
    a[:, :w, 3] = np.clip(al * 255 + 0.5, 0, 255).astype(np.uint8)
    surf.mark_dirty()
    buf = io.BytesIO()
    surf.write_to_png(buf)
    return buf.getvalue()


def jpeg_pdf(pages, path):
    """Write a PDF whose pages are JPEG images: [(jpeg bytes, w px, h px, dpi)]."""
    objs = []
    kids = []
    n = len(pages)
    # object numbers: 1 catalog, 2 pages, then per page: page, content, image
    for i, (jpg, w, h, dpi) in enumerate(pages):
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        po, co, io_ = 3 + 3 * i, 4 + 3 * i, 5 + 3 * i
        kids.append(po)
        content = f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode()
        objs.append((po, f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.2f} {ph:.2f}] "
                         f"/Resources << /XObject << /Im0 {io_} 0 R >> >> /Contents {co} 0 R >>".encode()))
        objs.append((co, b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"))
        objs.append((io_, (f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB "
                           f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpg)} >>\nstream\n").encode()
                     + jpg + b"\nendstream"))
    objs.insert(0, (2, f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {n} >>".encode()))
    objs.insert(0, (1, b"<< /Type /Catalog /Pages 2 0 R >>"))
    objs.sort()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = {}
    for num, body in objs:
        offs[num] = len(out)
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    total = len(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % total
    for num in range(1, total):
        out += b"%010d 00000 n \n" % offs[num]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (total, xref)
    with open(path, "wb") as f:
        f.write(out)


# ---------------------------------------------------------------- geometry for scans and photos

def homography(src, dst):
    A = []
    for (x, y), (u, v) in zip(src, dst):
        A.append([x, y, 1, 0, 0, 0, -u * x, -u * y, -u])
        A.append([0, 0, 0, x, y, 1, -v * x, -v * y, -v])
    _, _, vt = np.linalg.svd(np.array(A, np.float64))
    Hm = vt[-1].reshape(3, 3)
    return Hm / Hm[2, 2]


def warp(src, Hinv, out_h, out_w, fill):
    """Sample src at Hinv * (x, y, 1) for each output pixel, bilinear; fill outside."""
    out = np.empty((out_h, out_w, 3), np.float32)
    mask = np.empty((out_h, out_w), np.float32)
    sh, sw = src.shape[:2]
    xs = np.arange(out_w, dtype=np.float64)
    step = 256
    for y0 in range(0, out_h, step):
        ys = np.arange(y0, min(out_h, y0 + step), dtype=np.float64)
        X, Y = np.meshgrid(xs, ys)
        d = Hinv[2, 0] * X + Hinv[2, 1] * Y + Hinv[2, 2]
        u = (Hinv[0, 0] * X + Hinv[0, 1] * Y + Hinv[0, 2]) / d
        v = (Hinv[1, 0] * X + Hinv[1, 1] * Y + Hinv[1, 2]) / d
        inside = ((u >= 0) & (u <= sw - 1) & (v >= 0) & (v <= sh - 1)).astype(np.float32)
        uc = np.clip(u, 0, sw - 1.001)
        vc = np.clip(v, 0, sh - 1.001)
        ui = uc.astype(np.int32)
        vi = vc.astype(np.int32)
        fu = (uc - ui).astype(np.float32)[:, :, None]
        fv = (vc - vi).astype(np.float32)[:, :, None]
        p = (src[vi, ui] * (1 - fu) + src[vi, ui + 1] * fu) * (1 - fv) + \
            (src[vi + 1, ui] * (1 - fu) + src[vi + 1, ui + 1] * fu) * fv
        # soft edge
        out[y0:y0 + len(ys)] = p
        mask[y0:y0 + len(ys)] = inside
    m = mask[:, :, None]
    if isinstance(fill, np.ndarray):
        return out * m + fill * (1 - m), mask
    return out * m + np.array(fill, np.float32) * (1 - m), mask


def rot_homography(w, h, deg, shift=(0, 0)):
    a = math.radians(deg)
    c, s = math.cos(a), math.sin(a)
    cx, cy = w / 2, h / 2
    T1 = np.array([[1, 0, -cx], [0, 1, -cy], [0, 0, 1]])
    R = np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])
    T2 = np.array([[1, 0, cx + shift[0]], [0, 1, cy + shift[1]], [0, 0, 1]])
    return T2 @ R @ T1


# ---------------------------------------------------------------- kinds

def make_scan(i, rng, sub, seal, out):
    dpi = int(pick(rng, [150, 200, 200, 300, 300, 250]))
    pxmm = dpi / 25.4
    pages = []
    if sub == "page2" or (not seal and rng.random() < 0.1):
        pages.append(blank_or_plain_page(rng))
    page = build_page(rng, sub, seal, "scan")
    pages.append(page)
    q = int(rng.integers(60, 91))
    t0 = rng.uniform(0.9, 0.99)
    tone = np.array([t0, t0 - rng.uniform(0, 0.02), t0 - rng.uniform(0.02, 0.07)], np.float32)
    out_pages = []
    meta = {"dpi": dpi, "quality": q}
    for pg in pages:
        img = render_raster(pg, pxmm, rng)
        H, W = img.shape[:2]
        img = img * tone[None, None, :] * smooth_noise(rng, H, W, 4, 0.94, 1.0)[:, :, None]
        deg = float(rng.uniform(-1.8, 1.8))
        Hm = rot_homography(W, H, deg, (rng.uniform(-15, 15), rng.uniform(-15, 15)))
        img, _ = warp(img, np.linalg.inv(Hm), H, W, tone * 0.97)
        if rng.random() < 0.3:
            band = int(rng.integers(8, 40))
            img[:, :band] *= 0.35
        img = gauss_blur(img, float(rng.uniform(0.2, 1.0)) * dpi / 200)
        img += rng.normal(0, rng.uniform(0.008, 0.03), img.shape).astype(np.float32)
        for _ in range(int(rng.integers(0, 30))):
            y, x = int(rng.integers(H)), int(rng.integers(W))
            img[y:y + 2, x:x + 2] *= 0.3
        jpg = write_jpeg(img, None, q)
        out_pages.append((jpg, W, H, dpi))
        meta["rot"] = deg
    name = f"i{i:04d}_scan.pdf"
    jpeg_pdf(out_pages, os.path.join(out, name))
    return name, page, meta


def make_vector(i, rng, sub, seal, out):
    name = f"i{i:04d}_vector.pdf"
    pt = 72 / 25.4
    surf = cairo.PDFSurface(os.path.join(out, name), PAGE_W * pt, PAGE_H * pt)
    surf.set_metadata(cairo.PDF_METADATA_CREATE_DATE, "2024-01-01T00:00:00")
    pages = []
    if sub == "page2" or (not seal and rng.random() < 0.1):
        pages.append(blank_or_plain_page(rng))
    page = build_page(rng, sub, seal, "vector")
    pages.append(page)
    as_text = bool(rng.random() < 0.5)
    ctx = cairo.Context(surf)
    for pg in pages:
        ctx.save()
        ctx.scale(pt, pt)
        run_ops(ctx, pg["ops"])
        for m in pg["marks"]:
            vector_mark(ctx, m, as_text and m.get("role") == "seal")
        ctx.restore()
        ctx.show_page()
    surf.finish()
    return name, page, {"glyphs_as_text": as_text}


def mark_picture(m, rng, dpi, crop_scan=False):
    """A mark as a picture: (png or jpeg bytes, kind, width mm, height mm, left mm, top mm)."""
    pxmm = dpi / 25.4
    a, x0, y0 = mark_alpha(m, pxmm, rng, True)
    ys, xs = np.nonzero(a > 0.02)
    if len(xs) == 0:
        return None
    pad = int(2 * pxmm)
    ya, yb = max(0, ys.min() - pad), min(a.shape[0], ys.max() + pad)
    xa, xb = max(0, xs.min() - pad), min(a.shape[1], xs.max() + pad)
    a = a[ya:yb, xa:xb]
    h, w = a.shape
    left, top = (x0 + xa) / pxmm, (y0 + ya) / pxmm
    col = np.array(m["color"], np.float32)
    if crop_scan:
        paper = np.array([rng.uniform(0.9, 0.98), rng.uniform(0.9, 0.97), rng.uniform(0.86, 0.95)], np.float32)
        img = np.ones((h, w, 3), np.float32) * paper
        img *= 1 - a[:, :, None] * (1 - col)
        img += rng.normal(0, 0.015, img.shape).astype(np.float32)
        data = write_jpeg(img, None, int(rng.integers(70, 92)))
        return data, "jpg", w / pxmm, h / pxmm, left, top
    rgb = np.ones((h, w, 3), np.float32) * col
    return rgba_png_bytes(rgb, a), "png", w / pxmm, h / pxmm, left, top


def fpdf_page(pdf, pg, rng, pictures):
    pdf.add_page()
    for op in pg["ops"]:
        if op[0] == "text":
            _, x, y, size, font, color, s, bold = op
            base = F_GKAI if font in (F_GKAI, F_UKAI) else F_SANS
            pdf.set_text_color(*[int(c * 255) for c in color])
            for face, run in runs(base, s):
                fam = {F_GKAI: "kai", F_SANS: "sans"}.get(face, "latin")
                pdf.set_font(fam, size=size * 72 / 25.4)
                pdf.text(x, y, run)
                x += pdf.get_string_width(run)
        elif op[0] == "line":
            _, x1, y1, x2, y2, w, color = op
            pdf.set_draw_color(*[int(c * 255) for c in color])
            pdf.set_line_width(w)
            pdf.line(x1, y1, x2, y2)
    for data, ext, w, h, left, top in pictures:
        pdf.image(io.BytesIO(data), x=left, y=top, w=w, h=h)


def docx_bytes(pg, pictures, rng):
    """A minimal WordprocessingML package: the page's text lines as paragraphs and each
    picture anchored at its place on the page."""
    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    emu = 36000
    paras = []
    lasty = 20.0
    for op in pg["ops"]:
        if op[0] != "text":
            continue
        _, x, y, size, font, color, s, bold = op
        before = max(0, int((y - lasty - size) * 56.7))
        lasty = y
        hexc = "%02X%02X%02X" % tuple(int(c * 255) for c in color)
        ind = max(0, int((x - 25) * 56.7))
        paras.append(
            f'<w:p><w:pPr><w:spacing w:before="{before}" w:after="0" w:line="{int(size * 56.7 * 1.05)}" w:lineRule="exact"/>'
            f'<w:ind w:left="{ind}"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="SimSun" w:eastAsia="宋体"/>'
            + ("<w:b/>" if bold else "") +
            f'<w:color w:val="{hexc}"/><w:sz w:val="{int(size * 72 / 25.4 * 2)}"/></w:rPr>'
            f'<w:t xml:space="preserve">{esc(s)}</w:t></w:r></w:p>')
    rels = []
    anchors = []
    ctypes = set()
    for k, (data, ext, w, h, left, top) in enumerate(pictures):
        rid = f"rIdImg{k + 1}"
        rels.append(f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image{k + 1}.{ext}"/>')
        ctypes.add(ext)
        cx, cy = int(w * emu), int(h * emu)
        anchors.append(
            f'<w:p><w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{10 + k}" '
            f'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="page"><wp:posOffset>{int(left * emu)}</wp:posOffset></wp:positionH>'
            f'<wp:positionV relativeFrom="page"><wp:posOffset>{int(top * emu)}</wp:posOffset></wp:positionV>'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
            f'<wp:docPr id="{k + 1}" name="图片 {k + 1}"/><wp:cNvGraphicFramePr/>'
            f'<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            f'<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:nvPicPr><pic:cNvPr id="{k + 1}" name="image{k + 1}.{ext}"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            f'</wp:anchor></w:drawing></w:r></w:p>')
    # the pictures hang on a near-empty first paragraph, so they stay on the first page
    holder = ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr>'
              + "".join(a[len("<w:p>"):-len("</w:p>")] for a in anchors) + "</w:p>")
    body = holder + "".join(paras)
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
           'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
           f'<w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
           '<w:pgMar w:top="1134" w:right="1418" w:bottom="1134" w:left="1418" w:header="0" w:footer="0" w:gutter="0"/>'
           '</w:sectPr></w:body></w:document>')
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          + "".join(f'<Default Extension="{e}" ContentType="image/{"jpeg" if e == "jpg" else e}"/>' for e in sorted(ctypes)) +
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '</Types>')
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                 '</Relationships>')
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + "".join(rels) + '</Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for nm, data in [("[Content_Types].xml", ct), ("_rels/.rels", root_rels),
                         ("word/document.xml", doc), ("word/_rels/document.xml.rels", doc_rels)]:
            zi = zipfile.ZipInfo(nm, (2024, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
        for k, (data, ext, *_rest) in enumerate(pictures):
            zi = zipfile.ZipInfo(f"word/media/image{k + 1}.{ext}", (2024, 1, 1, 0, 0, 0))
            z.writestr(zi, data)
    return buf.getvalue()


DOCX_OK = {"normal", "partial", "faint", "purple", "pink", "orange", "oval", "square", "text-over",
           "signature-over", "date-over", "beside-stamp", "double", "scan-crop",
           "plain", "badge", "rect-stamp", "logo", "date-stamp", "signature-img", "red-text"}


def make_pasted(i, rng, sub, seal, out):
    from fpdf import FPDF
    psub = "normal" if sub == "scan-crop" else sub
    pages = []
    if sub == "page2":
        pages.append(blank_or_plain_page(rng))
    page = build_page(rng, psub, seal, "pasted")
    if sub == "redhead-img":
        page["ops"] = [op for op in page["ops"]]
        rh = {"type": "handtext", "text": page["unit"][-8:] + "文件", "h": 13.0, "jit": [(0, 0, 0, 1)],
              "font": F_MING, "check": False, "color": jitter_color(rng, RED, 0.03), "rot": 0.0,
              "ink": {"density": 1.0, "uneven": 0.02, "speck": 0}, "role": "redhead-img",
              "cx": PAGE_W / 2, "cy": 16.0}
        page["marks"].append(rh)
    pages.append(page)
    dpi = int(pick(rng, [200, 300, 300, 400]))
    use_docx = sub in DOCX_OK and rng.random() < 0.35 and not page["table"]
    all_pics = []
    for pg in pages:
        pics = []
        for m in pg["marks"]:
            crop = (sub == "scan-crop" and m.get("role") == "seal") or (m.get("role") == "seal" and rng.random() < 0.15)
            p = mark_picture(m, rng, dpi, crop)
            if p:
                pics.append(p)
        all_pics.append(pics)
    meta = {"dpi": dpi, "container": "docx" if use_docx else "pdf"}
    if use_docx:
        name = f"i{i:04d}_pasted.docx"
        with open(os.path.join(out, name), "wb") as f:
            f.write(docx_bytes(pages[-1], all_pics[-1], rng))
        return name, page, meta
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(__import__("datetime").datetime(2024, 1, 1, tzinfo=__import__("datetime").timezone.utc))
    pdf.add_font("sans", "", TTF_SANS)
    pdf.add_font("kai", "", TTF_KAI)
    pdf.add_font("latin", "", TTF_LATIN)
    for pg, pics in zip(pages, all_pics):
        fpdf_page(pdf, pg, rng, pics)
    name = f"i{i:04d}_pasted.pdf"
    pdf.output(os.path.join(out, name))
    return name, page, meta


def desk(rng, h, w):
    base = np.array(pick(rng, [(0.55, 0.38, 0.24), (0.42, 0.42, 0.44), (0.8, 0.8, 0.78),
                               (0.3, 0.22, 0.16), (0.62, 0.6, 0.55)]), np.float32)
    img = np.ones((h, w, 3), np.float32) * base
    img *= smooth_noise(rng, h, w, 5, 0.8, 1.1)[:, :, None]
    if rng.random() < 0.5:  # wood grain
        grain = np.sin(np.linspace(0, rng.uniform(40, 120), w, dtype=np.float32)
                       + smooth_noise(rng, h, w, 3, 0, 6)) * 0.04
        img *= (1 + grain)[:, :, None]
    return img


def seal_point(marks, Hm, pxmm):
    """Where the (last) seal among `marks` lands in the photo, through homography `Hm`
    from page pixels at `pxmm`; None without a seal."""
    pt = None
    for m in marks:
        if m.get("role") == "seal":
            p = Hm @ np.array([m["cx"] * pxmm, m["cy"] * pxmm, 1.0])
            pt = (p[0] / p[2], p[1] / p[2])
    return pt


def photo_finish(img, rng, sub, seal_pt, blur_strong=False):
    H, W = img.shape[:2]
    # lighting: gradient, vignette, hand shadow, glare
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    gx, gy = rng.uniform(-0.25, 0.25, 2)
    light = 1 + gx * (xx / W - 0.5) + gy * (yy / H - 0.5)
    r2 = ((xx / W - 0.5) ** 2 + (yy / H - 0.5) ** 2) / 0.5
    vig = 1 - rng.uniform(0.15, 0.45) * r2
    img = img * (light * vig)[:, :, None]
    if sub == "shadow" or rng.random() < 0.25:
        cx, cy = pick(rng, [(0, rng.uniform(0.3, 1)), (1, rng.uniform(0.3, 1)), (rng.uniform(0, 1), 1)])
        d = np.sqrt(((xx / W - cx) / rng.uniform(0.3, 0.6)) ** 2 + ((yy / H - cy) / rng.uniform(0.3, 0.6)) ** 2)
        sh = 1 - rng.uniform(0.3, 0.55) * np.clip(1.2 - d, 0, 1)
        img = img * gauss_blur(sh, W / 80)[:, :, None]
    if sub == "glare" or rng.random() < 0.2:
        if sub == "glare" and seal_pt is not None:
            gxp, gyp = seal_pt[0] + rng.uniform(-0.08, 0.08) * W, seal_pt[1] + rng.uniform(-0.08, 0.08) * H
        else:
            gxp, gyp = rng.uniform(0.2, 0.8) * W, rng.uniform(0.2, 0.8) * H
        s = rng.uniform(0.04, 0.1) * W
        g = np.exp(-((xx - gxp) ** 2 + (yy - gyp) ** 2) / (2 * s * s)) * rng.uniform(0.4, 0.8)
        img = img + g[:, :, None]
    del xx, yy
    # white balance cast
    if sub == "blur-cast":
        cast = pick(rng, [(1.15, 1.0, 0.78), (0.82, 0.95, 1.18), (0.9, 1.1, 0.85)])
    else:
        cast = (rng.uniform(0.9, 1.1), rng.uniform(0.95, 1.05), rng.uniform(0.85, 1.12))
    img = img * np.array(cast, np.float32)[None, None, :]
    # blur
    sig = rng.uniform(3.0, 6.0) if blur_strong else rng.uniform(0.3, 2.0) * W / 2500
    img = gauss_blur(img, sig)
    if blur_strong or rng.random() < 0.2:
        k = int(rng.integers(3, 14 if blur_strong else 9))
        dx, dy = pick(rng, [(1, 0), (0, 1), (1, 1), (1, -1)])
        acc = np.zeros_like(img)
        for t in range(k):
            acc += np.roll(img, (t * dy, t * dx), axis=(0, 1))
        img = acc / k
    # tone curve, noise
    img = np.clip(img, 0, 1.2) ** rng.uniform(0.9, 1.15)
    n = rng.uniform(0.01, 0.04)
    img = img + rng.normal(0, n, (H, W, 1)).astype(np.float32) + rng.normal(0, n * 0.5, img.shape).astype(np.float32)
    return np.clip(img, 0, 1), {"blur": float(sig), "cast": [float(c) for c in cast]}


def make_photo(i, rng, sub, seal, out):
    page = build_page(rng, sub, seal, "photo")
    L = int(rng.integers(1600, 4001))
    portrait = rng.random() < 0.85
    W, H = (int(L * 0.75), L) if portrait else (L, int(L * 0.75))
    fill = rng.uniform(0.7, 0.95)
    ph = H * fill if portrait else H * fill * 1.0
    pxmm_out = ph / PAGE_H
    pxmm = pxmm_out * 1.15
    img = render_raster(page, pxmm, rng)
    sh, sw = img.shape[:2]
    paper = np.array([rng.uniform(0.93, 1), rng.uniform(0.93, 1), rng.uniform(0.9, 0.98)], np.float32)
    img *= paper
    pw, phh = PAGE_W * pxmm_out, PAGE_H * pxmm_out
    cx, cy = W / 2 + rng.uniform(-0.06, 0.06) * W, H / 2 + rng.uniform(-0.04, 0.04) * H
    ang = math.radians(rng.uniform(-8, 8) if portrait else rng.uniform(-8, 8) + 90 * (rng.random() < 0.5) * 0)
    if not portrait:
        pw, phh = pw * 0.95, phh * 0.95
        scale = min(1.0, H * 0.95 / phh)
        pw, phh = pw * scale, phh * scale
    corners = [(-pw / 2, -phh / 2), (pw / 2, -phh / 2), (pw / 2, phh / 2), (-pw / 2, phh / 2)]
    dst = []
    persp = rng.uniform(0.0, 0.09)
    for (x, y) in corners:
        x2 = x * math.cos(ang) - y * math.sin(ang)
        y2 = x * math.sin(ang) + y * math.cos(ang)
        dst.append((cx + x2 + rng.normal(0, persp) * pw, cy + y2 + rng.normal(0, persp) * phh * 0.6))
    src = [(0, 0), (sw - 1, 0), (sw - 1, sh - 1), (0, sh - 1)]
    Hm = homography(src, dst)
    bg = desk(rng, H, W)
    out_img, _ = warp(img, np.linalg.inv(Hm), H, W, bg)
    del img
    seal_pt = seal_point(page["marks"], Hm, pxmm)
    out_img, fin = photo_finish(out_img, rng, sub, seal_pt, blur_strong=(sub == "blur-cast"))
    q = int(rng.integers(60, 91))
    exif = {"0th": {271: pick(rng, [b"HUAWEI", b"Xiaomi", b"OPPO", b"vivo", b"Apple"]),
                    272: pick(rng, [b"P40", b"Mi 10", b"Reno5", b"X60", b"iPhone 12"]),
                    274: 1, 306: b"2023:06:18 10:21:33"},
            "Exif": {36867: b"2023:06:18 10:21:33", 33434: (1, int(rng.integers(30, 200))), 34855: int(rng.integers(50, 1600))},
            "GPS": {}, "1st": {}, "thumbnail": None}
    name = f"i{i:04d}_photo.jpg"
    write_jpeg(out_img, os.path.join(out, name), q, exif)
    fin.update({"size": [W, H], "quality": q, "persp": float(persp)})
    return name, page, fin


def ui_text(ctx, x, y, s, size, color, bold=False, font=F_SANS):
    ctx.set_font_size(size)
    ctx.set_source_rgb(*color)
    ctx.move_to(x, y)
    for face, run in runs(font, s):
        ctx.select_font_face(face, cairo.FONT_SLANT_NORMAL,
                             cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
        ctx.show_text(run)


def red_dot(ctx, x, y, r, num=None):
    ctx.set_source_rgb(0.96, 0.22, 0.2)
    ctx.arc(x, y, r, 0, 2 * math.pi)
    ctx.fill()
    if num is not None:
        ui_text(ctx, x - r * 0.35 * len(num), y + r * 0.4, num, r * 1.2, (1, 1, 1), True, F_LATIN)


def ui_icon(ctx, x, y, r, sign):
    ctx.set_source_rgb(*pick_static_red(x))
    ctx.arc(x, y, r, 0, 2 * math.pi)
    ctx.fill()
    ctx.set_source_rgb(1, 1, 1)
    ctx.set_line_width(r * 0.18)
    if sign == "!":
        ctx.move_to(x, y - r * 0.5)
        ctx.line_to(x, y + r * 0.15)
        ctx.stroke()
        ctx.arc(x, y + r * 0.45, r * 0.1, 0, 2 * math.pi)
        ctx.fill()
    elif sign == "x":
        for s in (1, -1):
            ctx.move_to(x - r * 0.4, y - s * r * 0.4)
            ctx.line_to(x + r * 0.4, y + s * r * 0.4)
        ctx.stroke()
    elif sign == "bell":
        ctx.arc(x, y, r * 0.4, math.pi, 2 * math.pi)
        ctx.line_to(x + r * 0.5, y + r * 0.35)
        ctx.line_to(x - r * 0.5, y + r * 0.35)
        ctx.close_path()
        ctx.fill()
    else:
        ctx.move_to(x - r * 0.45, y)
        ctx.line_to(x + r * 0.45, y)
        ctx.move_to(x, y - r * 0.45)
        ctx.line_to(x, y + r * 0.45)
        ctx.stroke()


def pick_static_red(x):
    return [(0.93, 0.2, 0.2), (0.85, 0.1, 0.15), (0.98, 0.3, 0.25)][int(x) % 3]


def make_screenshot(i, rng, sub, seal, out):
    page = build_page(rng, sub if sub not in ("small-zoom", "chat") else "normal", seal, "screenshot")
    sw, sh = pick(rng, [(1366, 768), (1440, 900), (1920, 1080), (1600, 900), (1280, 800), (1920, 1200)])
    mode = sub if sub in ("small-zoom", "chat") else pick(rng, ["viewer", "viewer", "editor", "small-zoom", "chat"])
    if not seal and rng.random() < 0.3:
        mode = "small-zoom"
    surf = cairo.ImageSurface(cairo.FORMAT_RGB24, sw, sh)
    ctx = cairo.Context(surf)
    dark = rng.random() < 0.3
    bgc = (0.2, 0.21, 0.23) if dark else (0.93, 0.94, 0.95)
    ctx.set_source_rgb(*bgc)
    ctx.paint()
    fg = (0.9, 0.9, 0.9) if dark else (0.15, 0.15, 0.15)
    # title bar and toolbar
    ctx.set_source_rgb(*((0.15, 0.15, 0.17) if dark else (0.98, 0.98, 0.98)))
    ctx.rectangle(0, 0, sw, 70)
    ctx.fill()
    title = pick(rng, ["佐证材料.pdf - 福昕阅读器", "关于报送材料的通知.pdf - WPS Office", "政务服务绩效考评填报系统",
                       "文档预览 - 浏览器"])
    if mode == "chat":
        title = pick(rng, ["微信", "政务微信", "钉钉"])
    ui_text(ctx, 16, 24, title, 14, fg)
    for k in range(int(rng.integers(4, 9))):
        ui_text(ctx, 16 + k * 78, 56, pick(rng, ["文件", "编辑", "视图", "批注", "工具", "页面", "帮助", "转换", "签名"]), 13, fg)
    ctx.set_source_rgb(0.9, 0.25, 0.22)
    ctx.rectangle(sw - 46, 0, 46, 30)
    ctx.fill()
    ui_text(ctx, sw - 30, 21, "×", 16, (1, 1, 1), False, F_LATIN)
    meta = {"window": [sw, sh], "mode": mode}
    if mode == "chat":
        # chat list, message pane with an image bubble of the page
        ctx.set_source_rgb(*((0.17, 0.17, 0.18) if dark else (0.9, 0.9, 0.9)))
        ctx.rectangle(0, 70, 260, sh - 70)
        ctx.fill()
        for k in range(int((sh - 80) / 64)):
            ui_text(ctx, 64, 105 + k * 64, pick(rng, ["政务服务群", "办公室", "张科长", "绩效考评工作群", "文件传输助手"]), 14, fg)
            ctx.set_source_rgb(*pick(rng, [(0.3, 0.6, 0.9), (0.4, 0.75, 0.45), (0.95, 0.6, 0.2)]))
            ctx.rectangle(14, 82 + k * 64, 40, 40)
            ctx.fill()
            if rng.random() < 0.3:
                red_dot(ctx, 54, 84 + k * 64, 8, str(int(rng.integers(1, 30))))
        bubble_h = int(sh * rng.uniform(0.6, 0.82))
        pxmm = bubble_h / PAGE_H
        img = render_raster(page, pxmm * 1.0, rng)
        # the picture in the chat is itself a phone photo or scan: give it a tone
        img *= np.array([rng.uniform(0.9, 1), rng.uniform(0.9, 1), rng.uniform(0.85, 0.97)], np.float32)
        img = gauss_blur(img, rng.uniform(0.3, 1.0))
        bx = int(rng.integers(300, max(301, sw - img.shape[1] - 80)))
        by = int(rng.integers(90, max(91, sh - img.shape[0] - 10)))
        ui_text(ctx, bx, by - 6, person_name(rng) + "  " + f"{int(rng.integers(8, 18))}:{int(rng.integers(10, 59))}", 12, (0.5, 0.5, 0.5))
        base = surface_to_rgb(surf).copy()
        hh, ww = img.shape[:2]
        hh, ww = min(hh, sh - by), min(ww, sw - bx)
        base[by:by + hh, bx:bx + ww] = img[:hh, :ww]
        meta["zoom_pxmm"] = pxmm
    else:
        side = 0
        if mode != "small-zoom" and rng.random() < 0.6:
            side = int(rng.integers(140, 220))
            ctx.set_source_rgb(*((0.18, 0.18, 0.2) if dark else (0.88, 0.89, 0.9)))
            ctx.rectangle(0, 70, side, sh - 70)
            ctx.fill()
            for k in range(3):
                ctx.set_source_rgb(1, 1, 1)
                ctx.rectangle(30, 90 + k * 160, side - 60, (side - 60) * 1.41)
                ctx.fill()
        if mode == "small-zoom":
            zoom = rng.uniform(0.35, 0.55)
        else:
            zoom = rng.uniform(1.0, 1.5)
        pxmm = 96 / 25.4 * zoom
        img = render_raster(page, pxmm, rng)
        ph, pw = img.shape[:2]
        vx0, vy0, vw, vh = side, 74, sw - side - 16, sh - 74 - 26
        # scroll so the seal (or a random spot) is in view
        target = None
        for m in page["marks"]:
            if m.get("role") == "seal":
                target = (m["cx"] * pxmm, m["cy"] * pxmm)
        if target is None:
            target = (rng.uniform(0.3, 0.7) * pw, rng.uniform(0.2, 0.9) * ph)
        ox = int(np.clip(target[0] - vw / 2 + rng.uniform(-0.2, 0.2) * vw, 0, max(0, pw - vw)))
        oy = int(np.clip(target[1] - vh / 2 + rng.uniform(-0.25, 0.25) * vh, 0, max(0, ph - vh)))
        crop = img[oy:oy + vh, ox:ox + vw]
        ch, cw = crop.shape[:2]
        px = vx0 + max(0, (vw - cw) // 2)
        py = vy0 + max(0, (vh - ch) // 2)
        base = surface_to_rgb(surf).copy()
        # shadow around the page
        base[py + 3:py + ch + 3, px + 3:px + cw + 3] *= 0.8
        base[py:py + ch, px:px + cw] = crop
        meta["zoom"] = float(zoom)
    surf = rgb_to_surface(base)
    ctx = cairo.Context(surf)
    # status bar, red notification dots and UI
    ctx.set_source_rgb(*((0.15, 0.15, 0.17) if dark else (0.96, 0.96, 0.96)))
    ctx.rectangle(0, sh - 24, sw, 24)
    ctx.fill()
    ui_text(ctx, 12, sh - 7, f"第 {1} 页 / 共 {int(rng.integers(1, 6))} 页    {int(meta.get('zoom', 1) * 100)}%", 12, fg)
    if rng.random() < 0.85:
        for _ in range(int(rng.integers(1, 4))):
            red_dot(ctx, float(rng.uniform(40, sw - 40)), float(rng.uniform(8, 64)), float(rng.uniform(6, 10)),
                    str(int(rng.integers(1, 99))) if rng.random() < 0.7 else None)
    if sub == "ui-icon":
        for _ in range(int(rng.integers(2, 5))):
            r = float(rng.uniform(14, 32))
            ui_icon(ctx, float(rng.uniform(r + 10, sw - r - 10)), float(rng.uniform(90, sh - r - 30)), r,
                    pick(rng, ["!", "x", "bell", "+"]))
    img = surface_to_rgb(surf)
    if rng.random() < 0.35:
        name = f"i{i:04d}_screenshot.jpg"
        q = int(rng.integers(75, 93))
        write_jpeg(img, os.path.join(out, name), q)
        meta["quality"] = q
    else:
        name = f"i{i:04d}_screenshot.png"
        write_png(img, os.path.join(out, name))
    return name, page, meta


MAKERS = {"scan": make_scan, "vector": make_vector, "pasted": make_pasted, "photo": make_photo,
          "screenshot": make_screenshot}


def plan(i):
    kind = KINDS[i % 5]
    seal = (i // 5) % 2 == 0
    n = i // 10
    subs = SEAL_SUBS[kind] if seal else NOSEAL_SUBS[kind]
    return kind, seal, subs[n % len(subs)]


def one(args):
    i, out, seeds = args
    global SEEDS_DIR
    SEEDS_DIR = seeds
    kind, seal, sub = plan(i)
    rng = np.random.default_rng(SEED_BASE + i)
    try:
        name, page, meta = MAKERS[kind](i, rng, sub, seal, out)
    except Exception:
        import traceback
        traceback.print_exc()
        print(f"file {i} ({kind} {sub}) failed", file=sys.stderr)
        return None
    marks = [{k: v for k, v in m.items() if k not in ("pts", "jit", "flourish", "wordjit")} for m in page["marks"]]
    meta.update({"file": name, "kind": kind, "seal": int(seal), "sub": sub, "marks": marks,
                 "redhead": page["redhead"]})
    return name, kind, int(seal), sub, meta


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", type=int, nargs="*")
    ap.add_argument("--seeds", default=os.environ.get("SEAL_SEEDS", ""),
                    help="folder of the source documents (*.txt) the body sentences come from")
    a = ap.parse_args()
    global SEEDS_DIR
    SEEDS_DIR = a.seeds
    os.makedirs(a.out, exist_ok=True)
    idx = a.only if a.only else list(range(a.start, a.start + a.n))
    jobs = [(i, a.out, a.seeds) for i in idx]
    # every file in a fresh process: Cairo's glyph caches otherwise make a file's
    # anti-aliased glyph pixels depend on the files drawn before it
    import multiprocessing as mp
    with mp.Pool(max(1, a.jobs), maxtasksperchild=1) as pool:
        res = list(pool.imap_unordered(one, jobs))
    rows = {}
    metas = {}
    lab = os.path.join(a.out, "labels.csv")
    if os.path.exists(lab):
        with open(lab, newline="") as f:
            for r in csv.DictReader(f):
                if os.path.exists(os.path.join(a.out, r["file"])):
                    rows[r["file"]] = (r["file"], r["kind"], r["seal"], r["sub"])
    mp_ = os.path.join(a.out, "meta.jsonl")
    if os.path.exists(mp_):
        for line in open(mp_):
            d = json.loads(line)
            if os.path.exists(os.path.join(a.out, d["file"])):
                metas[d["file"]] = line.rstrip("\n")
    for r in res:
        if r is None:
            continue
        name, kind, seal, sub, meta = r
        rows[name] = (name, kind, str(seal), sub)
        metas[name] = json.dumps(meta, ensure_ascii=False, default=float)
    with open(lab + ".tmp", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "kind", "seal", "sub"])
        for k in sorted(rows):
            w.writerow(rows[k])
    os.replace(lab + ".tmp", lab)
    with open(mp_ + ".tmp", "w") as f:
        for k in sorted(metas):
            f.write(metas[k] + "\n")
    os.replace(mp_ + ".tmp", mp_)


if __name__ == "__main__":
    main()
