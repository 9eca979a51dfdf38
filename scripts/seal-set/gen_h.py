#!/usr/bin/env python3
"""Seventh evaluation set for the seal detector (family h, seeds 30000 + i).

Written without reading the detector, its synthesiser or the other generators.
Typst lays out every page and draws every seal and look-alike as vector marks;
PDFium (pypdfium2) rasterises; numpy/scipy give raster marks uneven ink;
scikit-image bends pages into phone photos; cjpeg writes JPEGs, pikepdf wraps
scans into PDFs, openpyxl (and LibreOffice Calc) make spreadsheets with a seal
picture, exiftool writes camera EXIF. Never tune on this set.

    python3 scripts/seal-set/gen_h.py --n 500 --seeds SOURCE_DOCS OUT/h
"""

import argparse
import json
import math
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from multiprocessing import Pool

import numpy as np
import pypdfium2 as pdfium
import typst
from scipy import ndimage
from skimage import transform as sktf

KINDS = ["scan", "vector", "pasted", "photo", "screenshot"]
BASE_SEED = 30000
MM = 72 / 25.4  # points per mm

# ---------------------------------------------------------------- text material

FALLBACK_SENTENCES = [
    "为进一步优化营商环境，提升政务服务水平，现将有关事项通知如下。",
    "各单位要高度重视，明确专人负责，按时报送佐证材料。",
    "窗口工作人员应严格落实首问负责、一次性告知和限时办结制度。",
    "考评结果将作为年度绩效考核的重要依据。",
    "请于规定时间前将加盖单位公章的材料报送至区政务服务中心。",
]

CITIES = ["信阳市", "南阳市", "洛阳市", "开封市", "周口市", "驻马店市", "许昌市", "新乡市", "商丘市", "平顶山市"]
COUNTIES = ["浉河区", "平桥区", "罗山县", "光山县", "息县", "淮滨县", "潢川县", "固始县", "商城县", "新县",
            "西峡县", "宛城区", "卧龙区", "涧西区", "龙亭区", "项城市", "西平县", "鄢陵县", "卫辉市", "睢县"]
DEPTS = ["发展和改革委员会", "人力资源和社会保障局", "民政局", "交通运输局", "自然资源局", "教育体育局",
         "应急管理局", "水利局", "卫生健康委员会", "住房和城乡建设局", "农业农村局", "文化广电和旅游局",
         "医疗保障局", "司法局", "城市管理局", "市场监督管理局", "退役军人事务局", "残疾人联合会",
         "政务服务和大数据管理局", "行政审批服务局", "人民政府办公室", "财政局", "统计局", "商务局",
         "档案馆", "林业局", "生态环境分局", "公共资源交易中心", "社会保险中心", "不动产登记中心"]
BOTTOM_LINES = ["", "", "", "办公室", "行政审批专用章", "业务专用章", "党建工作专用章", "信访专用章", "综合科"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "建国明华伟芳军强敏静丽勇磊洋艳杰娟涛超秀英平刚桂兰志红玉梅海燕春霞晓东文斌"

RECT_WORDS = ["已审核", "收文", "APPROVED", "RECEIVED", "复印件与原件一致", "已核对", "已登记", "存档", "已办结",
              "审核通过", "COPY", "作废"]
HAND_WORDS = ["同意。", "请按规定办理", "已阅", "拟同意，请领导审批", "请核实后报送", "材料齐全", "重点", "此项需补充佐证",
              "已核", "请尽快办理"]

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
HEI = "WenQuanYi Zen Hei"
KAI = "LXGW WenKai"
SEAL_FONTS = [SERIF, SERIF, SANS, SANS, HEI, KAI]

INK = {
    "red": [(213, 24, 38), (200, 30, 45), (226, 38, 44), (190, 22, 40), (230, 20, 30)],
    "purple": [(173, 37, 103), (160, 40, 110), (180, 34, 96)],
    "pink": [(242, 153, 178), (238, 140, 170), (245, 160, 185)],
    "orange": [(232, 84, 40), (236, 96, 50), (225, 70, 36)],
}


def load_sentences(folder):
    out = []
    if folder and os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8", errors="ignore") as f:
                text = f.read()
            for part in re.split(r"(?<=[。；！？])", text.replace("\n", "")):
                part = part.strip()
                cjk = sum(1 for ch in part if "\u4e00" <= ch <= "\u9fff")
                if 14 <= len(part) <= 90 and cjk >= 0.6 * len(part) and not re.search(r"[#$\\<>@_*`]", part):
                    out.append(part)
    return out or FALLBACK_SENTENCES


# ---------------------------------------------------------------- small functions

def ts(s):
    """A Typst string literal."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def col(c):
    return f"rgb({int(c[0])},{int(c[1])},{int(c[2])})"


def mm(v):
    return f"{v:.3f}mm"


def person(r):
    return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice([1, 2, 2])))


def unit_name(r):
    d = r.choice(DEPTS)
    if r.random() < 0.25:
        return r.choice(CITIES) + d
    return r.choice(CITIES) + r.choice(COUNTIES) + d


def cn_date(r):
    y, m, d = r.choice([2024, 2025, 2025, 2026]), r.randint(1, 12), r.randint(1, 28)
    if r.random() < 0.4:
        digits = "〇一二三四五六七八九"
        ys = "".join(digits[int(ch)] for ch in str(y))

        def num(n):
            if n <= 10:
                return "十" if n == 10 else digits[n]
            if n < 20:
                return "十" + digits[n - 10]
            return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
        return f"{ys}年{num(m)}月{num(d)}日", (y, m, d)
    return f"{y}年{m}月{d}日", (y, m, d)


def star_pts(cx, cy, r, rot=0.0, inner=0.382):
    pts = []
    for k in range(10):
        a = math.radians(rot) + k * math.pi / 5
        rr = r if k % 2 == 0 else r * inner
        pts.append((cx + rr * math.sin(a), cy - rr * math.cos(a)))
    return pts


def poly(pts, fill=None, stroke=None):
    p = ", ".join(f"({mm(x)}, {mm(y)})" for x, y in pts)
    args = []
    if fill:
        args.append(f"fill: {fill}")
    if stroke:
        args.append(f"stroke: {stroke}")
    return f"place(top+left, polygon({', '.join(args)}, {p}))"


def circ(cx, cy, r, stroke=None, fill=None):
    a = [f"radius: {mm(r)}"]
    if stroke:
        a.append(f"stroke: {stroke}")
    if fill:
        a.append(f"fill: {fill}")
    return f"place(top+left, dx: {mm(cx - r)}, dy: {mm(cy - r)}, circle({', '.join(a)}))"


def ell(cx, cy, rx, ry, stroke=None, fill=None):
    a = [f"width: {mm(2 * rx)}", f"height: {mm(2 * ry)}"]
    if stroke:
        a.append(f"stroke: {stroke}")
    if fill:
        a.append(f"fill: {fill}")
    return f"place(top+left, dx: {mm(cx - rx)}, dy: {mm(cy - ry)}, ellipse({', '.join(a)}))"


def glyph(cx, cy, ch, font, size_mm, fill, rot_deg, xscale=1.0, weight="regular"):
    """One character centred at (cx, cy) mm, turned by rot_deg (clockwise)."""
    b = size_mm * 1.3
    body = f"text(font: {ts(font)}, size: {mm(size_mm)}, weight: {ts(weight)}, fill: {fill}, top-edge: \"bounds\", bottom-edge: \"bounds\", {ts(ch)})"
    if abs(xscale - 1) > 1e-3:
        body = f"scale(x: {xscale * 100:.1f}%, {body})"
    return (f"place(top+left, dx: {mm(cx - b / 2)}, dy: {mm(cy - b / 2)}, rotate({rot_deg:.2f}deg, "
            f"box(width: {mm(b)}, height: {mm(b)}, align(center+horizon, {body}))))")


def hline_text(cx, cy, s, font, size_mm, fill, xscale=1.0, weight="regular", rot=0.0):
    w = size_mm * len(s) * 1.2 + 4
    body = f"text(font: {ts(font)}, size: {mm(size_mm)}, weight: {ts(weight)}, fill: {fill}, {ts(s)})"
    if abs(xscale - 1) > 1e-3:
        body = f"scale(x: {xscale * 100:.1f}%, reflow: false, {body})"
    return (f"place(top+left, dx: {mm(cx - w / 2)}, dy: {mm(cy - size_mm)}, rotate({rot:.2f}deg, box(width: {mm(w)}, "
            f"height: {mm(size_mm * 2)}, align(center+horizon, {body}))))")


def arc_band(cx, cy, r0, r1, a0, a1, n=40):
    outer = [(cx + r1 * math.sin(math.radians(a0 + (a1 - a0) * k / n)),
              cy - r1 * math.cos(math.radians(a0 + (a1 - a0) * k / n))) for k in range(n + 1)]
    inner = [(cx + r0 * math.sin(math.radians(a0 + (a1 - a0) * k / n)),
              cy - r0 * math.cos(math.radians(a0 + (a1 - a0) * k / n))) for k in range(n, -1, -1)]
    return outer + inner


# ---------------------------------------------------------------- marks (Typst, in a box of w x h mm)

def seal_round(r, p, fill):
    """Round 公章: returns (typst items, w, h). p carries the drawn parameters."""
    D = p["diam"]
    R = D / 2
    c = R + 0.5
    items = []
    ring = p["ring"]
    items.append(circ(c, c, R - ring / 2, stroke=f"{mm(ring)} + {fill}"))
    if p.get("double"):
        items.append(circ(c, c, R - ring - 1.0 - 0.25, stroke=f"{mm(0.5)} + {fill}"))
    name = p["name"]
    n = len(name)
    span = min(240.0 if p.get("code") else 265.0, 110 + 9.5 * n) if n > 3 else 80.0
    font = p["font"]
    inset = ring + (1.6 if p.get("double") else 0.6)
    gs = min(0.19 * D, max(0.11 * D, 2 * math.pi * (R - inset - 0.1 * D) * span / 360 / max(n, 1) * 1.25))
    rt = R - inset - gs * 0.62
    pitch = 2 * math.pi * rt * (span / 360) / max(n - 1, 1)
    xs = max(0.5, min(0.95, pitch * 0.95 / gs))
    for k, ch in enumerate(name):
        a = -span / 2 + span * k / max(n - 1, 1)
        x = c + rt * math.sin(math.radians(a))
        y = c - rt * math.cos(math.radians(a))
        items.append(glyph(x, y, ch, font, gs, fill, a, xs, p.get("weight", "regular")))
    sr = p["star"] * D
    scy = c - (0.02 * D if p.get("bottom") else 0)
    items.append(poly(star_pts(c, scy, sr), fill=fill))
    if p.get("bottom"):
        b = p["bottom"]
        bs = min(0.095 * D, 0.46 * D / max(len(b), 1) / 0.85)
        items.append(hline_text(c, c + 0.25 * D, b, font, bs, fill, xscale=0.85))
    if p.get("code"):
        code = p["code"]
        cs = 0.055 * D
        rc = R - inset - cs * 0.7
        sp = 80.0
        for k, ch in enumerate(code):
            t = -sp / 2 + sp * k / (len(code) - 1)
            x = c + rc * math.sin(math.radians(t))
            y = c + rc * math.cos(math.radians(t))
            items.append(glyph(x, y, ch, SANS, cs, fill, -t, 0.8))
    return items, 2 * c, 2 * c


def seal_oval(r, p, fill):
    W, H = p["w"], p["h"]
    a, b = W / 2, H / 2
    cx, cy = a + 0.5, b + 0.5
    ring = p["ring"]
    items = [ell(cx, cy, a - ring / 2, b - ring / 2, stroke=f"{mm(ring)} + {fill}")]
    if p.get("double"):
        items.append(ell(cx, cy, a - ring - 1.0, b - ring - 1.0, stroke=f"{mm(0.4)} + {fill}"))
    name = p["name"]
    n = len(name)
    gs = 0.2 * H
    ia, ib = a - ring - 0.8 - gs * 0.6, b - ring - 0.8 - gs * 0.6
    span = min(230.0, 90 + 10 * n)
    # even spacing along the ellipse arc
    phis = np.linspace(math.radians(-span / 2), math.radians(span / 2), 600)
    px, py = ia * np.sin(phis), -ib * np.cos(phis)
    seg = np.hypot(np.diff(px), np.diff(py))
    cum = np.concatenate([[0], np.cumsum(seg)])
    pitch = cum[-1] / max(n - 1, 1)
    xs = max(0.5, min(0.95, pitch * 0.95 / gs))
    for k, ch in enumerate(name):
        j = int(np.searchsorted(cum, cum[-1] * k / max(n - 1, 1)))
        j = min(j, len(phis) - 1)
        ph = phis[j]
        nx, ny = math.sin(ph) * ib, -math.cos(ph) * ia
        rot = math.degrees(math.atan2(nx, -ny))
        items.append(glyph(cx + px[j], cy + py[j], ch, p["font"], gs, fill, rot, xs))
    items.append(hline_text(cx, cy + 0.08 * H, p["middle"], p["font"], 0.16 * H, fill, xscale=0.8))
    if p.get("code"):
        items.append(hline_text(cx, cy + 0.33 * H, p["code"], SANS, 0.085 * H, fill, xscale=0.8))
    elif p.get("star"):
        items.append(poly(star_pts(cx, cy - 0.17 * H, 0.12 * H), fill=fill))
    return items, 2 * a + 1, 2 * b + 1


def seal_square(r, p, fill):
    S = p["size"]
    o = 0.5
    chars = p["chars"]
    items = []
    intaglio = p["intaglio"]
    if intaglio:
        items.append(f"place(top+left, dx: {mm(o)}, dy: {mm(o)}, rect(width: {mm(S)}, height: {mm(S)}, fill: {fill}, radius: {mm(p['radius'])}))")
        gf = "white"
    else:
        items.append(f"place(top+left, dx: {mm(o + p['ring'] / 2)}, dy: {mm(o + p['ring'] / 2)}, rect(width: {mm(S - p['ring'])}, "
                     f"height: {mm(S - p['ring'])}, stroke: {mm(p['ring'])} + {fill}, radius: {mm(p['radius'])}))")
        gf = fill
    n = len(chars)
    inner = S - 2 * p["ring"] - 0.8
    base = o + p["ring"] + 0.4
    if n == 1:
        cells = [(0.5, 0.5, 1.0, 1.0)]
    elif n == 2:
        cells = [(0.5, 0.25, 0.5, 1.0), (0.5, 0.75, 0.5, 1.0)]
    elif n == 3:
        cells = [(0.75, 0.5, 1.0, 0.5), (0.25, 0.25, 0.5, 0.5), (0.25, 0.75, 0.5, 0.5)]
    else:
        cells = [(0.75, 0.25, 0.5, 0.5), (0.75, 0.75, 0.5, 0.5), (0.25, 0.25, 0.5, 0.5), (0.25, 0.75, 0.5, 0.5)]
    for ch, (fx, fy, fh, fw) in zip(chars, cells):
        gs = inner * fh * 0.78
        items.append(glyph(base + inner * fx, base + inner * fy, ch, p["font"], gs, gf, 0.0,
                           min(1.0, fw / fh * 1.0), weight="bold" if p["font"] != KAI else "regular"))
    return items, S + 1, S + 1


def badge(r, p, fill):
    """Ring + star + rays/dots/wheat/gear, no arc text."""
    D = p["diam"]
    R = D / 2
    c = R + 0.5
    items = []
    style = p["style"]
    ring = p["ring"]
    if style == "gear":
        teeth = 18
        for k in range(teeth):
            a0 = k * 360 / teeth
            items.append(poly(arc_band(c, c, R - 1.2, R, a0, a0 + 360 / teeth / 2, 4), fill=fill))
        items.append(circ(c, c, R - 1.2 - ring / 2, stroke=f"{mm(ring)} + {fill}"))
    else:
        items.append(circ(c, c, R - ring / 2, stroke=f"{mm(ring)} + {fill}"))
    if p.get("inner"):
        items.append(circ(c, c, R * 0.72, stroke=f"{mm(0.6)} + {fill}"))
    sr = p["star"] * D
    items.append(poly(star_pts(c, c, sr), fill=fill))
    if style == "rays":
        nr = p["nrays"]
        for k in range(nr):
            a = math.radians(k * 360 / nr + 360 / nr / 2)
            r0, r1 = sr * 1.25, R - ring - 1.2
            w = 0.035 * D
            ca, sa = math.cos(a), math.sin(a)
            pts = [(c + r0 * sa - w / 4 * ca, c - r0 * ca - w / 4 * sa), (c + r0 * sa + w / 4 * ca, c - r0 * ca + w / 4 * sa),
                   (c + r1 * sa + w * ca, c - r1 * ca + w * sa), (c + r1 * sa - w * ca, c - r1 * ca - w * sa)]
            items.append(poly(pts, fill=fill))
    elif style == "dots":
        nd = p["ndots"]
        rr = R - ring - 0.06 * D
        for k in range(nd):
            a = math.radians(k * 360 / nd)
            items.append(circ(c + rr * math.sin(a), c - rr * math.cos(a), 0.028 * D, fill=fill))
    elif style == "wheat":
        rr = R - ring - 0.12 * D
        for side in (-1, 1):
            for k in range(9):
                a = side * (150 - k * 14)
                x, y = c + rr * math.sin(math.radians(a)), c - rr * math.cos(math.radians(a))
                items.append(f"place(top+left, dx: {mm(x - 0.05 * D)}, dy: {mm(y - 0.025 * D)}, rotate({a + side * 35:.1f}deg, "
                             f"ellipse(width: {mm(0.1 * D)}, height: {mm(0.05 * D)}, fill: {fill})))")
            pts = [(c + (rr - 0.02 * D) * math.sin(math.radians(side * a)), c - (rr - 0.02 * D) * math.cos(math.radians(side * a)))
                   for a in range(30, 165, 5)]
            segs = [f"curve.move(({mm(pts[0][0])}, {mm(pts[0][1])}))"] + [f"curve.line(({mm(x)}, {mm(y)}))" for x, y in pts[1:]]
            items.append(f"place(top+left, curve(stroke: {mm(0.5)} + {fill}, " + ", ".join(segs) + "))")
    elif style == "stars":
        rr = R - ring - 0.08 * D
        for k in range(12):
            a = k * 30
            items.append(poly(star_pts(c + rr * math.sin(math.radians(a)), c - rr * math.cos(math.radians(a)), 0.045 * D, a), fill=fill))
    elif style == "gear":
        items.append(circ(c, c, sr * 1.5, stroke=f"{mm(0.5)} + {fill}"))
    return items, 2 * c, 2 * c


def date_stamp(r, p, fill):
    D = p["diam"]
    R = D / 2
    c = R + 0.5
    items = [circ(c, c, R - 0.5, stroke=f"{mm(1.0)} + {fill}"), circ(c, c, R - 2.2, stroke=f"{mm(0.35)} + {fill}")]
    half = math.sqrt((R - 2.2) ** 2 - (0.14 * D) ** 2)
    for dy in (-0.14 * D, 0.14 * D):
        items.append(f"place(top+left, dx: {mm(c - half)}, dy: {mm(c + dy)}, line(length: {mm(2 * half)}, stroke: {mm(0.4)} + {fill}))")
    y, m, d = p["date"]
    items.append(hline_text(c, c + 0.05 * D, f"{y}.{m:02d}.{d:02d}", SANS, 0.1 * D, fill, xscale=0.85, weight="bold"))
    items.append(hline_text(c, c - 0.2 * D, p["top"], p["font"], 0.12 * D, fill))
    if p.get("bottom"):
        items.append(hline_text(c, c + 0.3 * D, p["bottom"], SANS, 0.08 * D, fill))
    return items, 2 * c, 2 * c


def open_arc(r, p, fill):
    D = p["diam"]
    R = D / 2
    c = R + 0.5
    items = []
    gaps = p["gaps"]
    th = p["thick"]
    a = p["rot"]
    seg = 360 / gaps
    for k in range(gaps):
        a0 = a + k * seg + p["gap"] / 2
        a1 = a + (k + 1) * seg - p["gap"] / 2
        items.append(poly(arc_band(c, c, R - th, R, a0, a1), fill=fill))
    if p["inner"] == "star":
        items.append(poly(star_pts(c, c, 0.22 * D), fill=fill))
    else:
        items.append(hline_text(c, c + 0.14 * D, p["inner"], SANS, 0.34 * D, fill, weight="bold"))
    return items, 2 * c, 2 * c


def rect_stamp(r, p, fill):
    w, h = p["w"], p["h"]
    items = [f"place(top+left, dx: {mm(0.5)}, dy: {mm(0.5)}, rect(width: {mm(w)}, height: {mm(h)}, stroke: {mm(p['ring'])} + {fill}, radius: {mm(p['radius'])}))"]
    word = p["word"]
    if p.get("date"):
        y, m, d = p["date"]
        items.append(hline_text(0.5 + w / 2, 0.5 + h * 0.4, word, p["font"], h * 0.3, fill, xscale=0.9, weight="bold"))
        items.append(hline_text(0.5 + w / 2, 0.5 + h * 0.8, f"{y}.{m}.{d}", SANS, h * 0.17, fill))
    else:
        items.append(hline_text(0.5 + w / 2, 0.5 + h * 0.56, word, p["font"], h * 0.42, fill, xscale=0.9, weight="bold"))
    return items, w + 1, h + 1


MARKS = {"round": seal_round, "oval": seal_oval, "square": seal_square, "badge": badge,
         "date": date_stamp, "arc": open_arc, "rect": rect_stamp}


def mark_box(m, fill):
    items, w, h = MARKS[m["type"]](None, m, fill)
    return f"box(width: {mm(w)}, height: {mm(h)})[\n" + "\n".join("#" + it for it in items) + "\n]", w, h


# ---------------------------------------------------------------- drawing choices

def pick_color(r, sub):
    if sub in ("purple", "pink", "orange"):
        fam = sub
    else:
        fam = r.choices(["red", "purple", "orange"], [0.88, 0.06, 0.06])[0]
    c = list(r.choice(INK[fam]))
    c = [min(255, max(0, v + r.randint(-8, 8))) for v in c]
    return fam, c


def make_seal(r, sub, unit):
    shape = "round"
    if sub == "oval":
        shape = "oval"
    elif sub == "square":
        shape = "square"
    elif sub in ("normal", "partial", "faint", "beside-stamp") and r.random() < 0.12:
        shape = r.choice(["oval", "square"])
    font = r.choice(SEAL_FONTS)
    if shape == "round":
        name = unit
        bottom = r.choice(BOTTOM_LINES)
        if bottom == "办公室" and not name.endswith("人民政府办公室"):
            name = name.replace("人民政府办公室", "人民政府")
        return {"type": "round", "diam": r.uniform(38, 45), "ring": r.uniform(0.8, 1.5), "name": name,
                "font": font, "weight": r.choice(["regular", "regular", "bold"]) if font in (SERIF, SANS) else "regular",
                "star": r.uniform(0.16, 0.22), "bottom": bottom, "double": sub == "double" or r.random() < 0.1,
                "code": "".join(str(r.randint(0, 9)) for _ in range(13)) if r.random() < 0.3 else ""}
    if shape == "oval":
        return {"type": "oval", "w": r.uniform(40, 46), "h": r.uniform(28, 32), "ring": r.uniform(0.7, 1.2),
                "name": unit, "font": font, "middle": r.choice(["财务专用章", "合同专用章", "发票专用章"]),
                "double": r.random() < 0.3, "star": r.random() < 0.4,
                "code": "".join(str(r.randint(0, 9)) for _ in range(r.choice([13, 15, 18]))) if r.random() < 0.5 else ""}
    nm = person(r)
    chars = r.choice([nm, nm + "印", nm + "之印"] if len(nm) == 2 else [nm, nm + "印"])
    if r.random() < 0.1:
        chars = nm[0]
    return {"type": "square", "size": r.uniform(18, 25), "chars": chars, "intaglio": r.random() < 0.45,
            "ring": r.uniform(0.8, 1.6), "radius": r.choice([0, 0, 0.8]), "font": r.choice([SERIF, KAI, HEI])}


def make_lookalike(r, sub):
    if sub == "badge":
        return {"type": "badge", "diam": r.uniform(30, 46), "ring": r.uniform(0.8, 2.2), "star": r.uniform(0.14, 0.24),
                "style": r.choice(["rays", "dots", "wheat", "stars", "gear", "plain"]), "inner": r.random() < 0.3,
                "nrays": r.choice([8, 12, 16, 24]), "ndots": r.choice([16, 20, 24, 30])}
    if sub == "date-stamp":
        return {"type": "date", "diam": r.uniform(30, 42), "date": cn_date(r)[1],
                "top": r.choice(["收讫", "收文", "付讫", "已收", "现金收讫", "转讫"]),
                "bottom": r.choice(["", "", "经办", "01", "窗口"]), "font": r.choice([SANS, SERIF, KAI])}
    if sub == "open-arc":
        return {"type": "arc", "diam": r.uniform(22, 40), "gaps": r.choice([1, 2, 3]), "gap": r.uniform(30, 70),
                "thick": r.uniform(2.5, 5), "rot": r.uniform(0, 360),
                "inner": r.choice(["star", "star", "Z", "G", "政", "e", "H"])}
    if sub in ("rect-stamp", "beside-stamp"):
        word = r.choice(RECT_WORDS)
        h = r.uniform(10, 18)
        w = max(h * r.uniform(2.2, 3.2), h * 0.42 * len(word) * (0.68 if word.isascii() else 1.05) + 6)
        return {"type": "rect", "w": w, "h": h, "word": word, "ring": r.uniform(0.5, 1.3), "radius": r.choice([0, 0, 1.5]),
                "font": r.choice([SANS, SERIF, HEI]), "date": cn_date(r)[1] if r.random() < 0.35 else None}
    raise ValueError(sub)


def ink_params(r, sub):
    return {"uneven": r.uniform(0.15, 0.5), "grain": r.uniform(0.05, 0.25), "bleed": r.uniform(0.2, 0.9),
            "density": r.uniform(0.35, 0.55) if sub == "faint" else r.uniform(0.78, 1.0),
            "partial": ({"dir": r.uniform(0, 360), "start": r.uniform(-0.05, 0.3), "floor": r.uniform(0.0, 0.3),
                         "width": r.uniform(0.15, 0.5)} if sub == "partial" else None),
            "rot": r.uniform(-25, 25), "seed": r.randint(0, 2 ** 31)}


# ---------------------------------------------------------------- page layout

DOC_TYPES = ["notice", "report", "table"]


def page_text(r, sentences, doctype, unit, red_table):
    yr = r.choice([2024, 2025])
    topics = ["政务服务绩效考评佐证材料报送", "窗口服务能力提升", "“一网通办”推进", "营商环境优化", "政务服务事项清单动态调整",
              "“好差评”制度落实", "帮办代办服务", "12345热线工单办理"]
    topic = r.choice(topics)
    if doctype == "notice":
        title = f"关于做好{yr}年度{topic}工作的通知"
    elif doctype == "report":
        title = f"{unit}关于{yr}年度{topic}工作情况的报告"
    else:
        title = f"{yr}年度{topic}情况统计表"
    paras = []
    for _ in range(r.randint(3, 6) if doctype != "table" else r.randint(1, 2)):
        paras.append("".join(r.choice(sentences) for _ in range(r.randint(2, 4))))
    rows = []
    if doctype == "table" or (doctype == "report" and r.random() < 0.3) or red_table:
        for k in range(r.randint(4, 7)):
            rows.append([str(k + 1), r.choice(DEPTS), str(r.randint(20, 3000)), f"{r.uniform(90, 100):.1f}%",
                         r.choice(["", "", "按时办结", "已整改", "—"])])
    return title, paras, rows


def typst_page_header(extra=""):
    return ("#set document(date: none)\n"
            "#set page(paper: \"a4\", margin: (left: 26mm, right: 24mm, top: 25mm, bottom: 20mm))\n"
            f"#set text(font: ({ts(SERIF)}, {ts(SANS)}), size: 12pt, lang: \"zh\")\n"
            "#set par(first-line-indent: (amount: 2em, all: true), leading: 0.85em, justify: true, spacing: 0.9em)\n" + extra)


def at(x, y, body):
    """Place body with its top-left corner at page position (x, y) mm."""
    return f"#place(top+left, dx: {mm(x - 26)}, dy: {mm(y - 25)}, {body})\n"


def redhead_typ(r, unit, color_red):
    head = unit.replace("人民政府办公室", "人民政府") + "文件" if r.random() < 0.6 else unit
    fs = min(22, 150 / max(len(head), 1) * 1.6)
    s = f"#align(center, text(font: {ts(r.choice([SERIF, SANS]))}, weight: \"bold\", size: {fs:.1f}pt, fill: {col(color_red)}, tracking: 0.05em, {ts(head)}))\n"
    s += f"#v(1mm)#align(center, text(size: 10.5pt, {ts(unit[:2] + '〔' + str(r.choice([2024, 2025])) + '〕' + str(r.randint(1, 99)) + '号')}))\n"
    star = r.random() < 0.5
    if star:
        s += (f"#grid(columns: (1fr, 9mm, 1fr), align: horizon, line(length: 100%, stroke: 0.9mm + {col(color_red)}), "
              f"align(center, polygon(fill: {col(color_red)}, " + ", ".join(f"({mm(x)}, {mm(y)})" for x, y in star_pts(3, 3, 3)) +
              f")), line(length: 100%, stroke: 0.9mm + {col(color_red)}))\n")
    else:
        s += f"#line(length: 100%, stroke: 0.9mm + {col(color_red)})\n"
    return s + "#v(3mm)\n"


def table_typ(rows, stroke_col, head_fill):
    hdr = ["序号", "单位/事项", "办件量", "按时办结率", "备注"]
    cells = ", ".join(f"[{ts(c)[1:-1]}]" if False else f"text({ts(c)})" for c in hdr)
    body = ", ".join(f"text(size: 10.5pt, {ts(c)})" for row in rows for c in row)
    fill = f", fill: (x, y) => if y == 0 {{ {head_fill} }}" if head_fill else ""
    return (f"#table(columns: (10mm, 1fr, 20mm, 24mm, 22mm), align: center + horizon, inset: 1.8mm, "
            f"stroke: 0.6pt + {stroke_col}{fill}, {cells}, {body})\n")


def hand_text_typ(x, y, s, color, size_mm, rot):
    return at(x, y, f"rotate({rot:.1f}deg, origin: top + left, text(font: {ts(KAI)}, size: {mm(size_mm)}, fill: {col(color)}, {ts(s)}))")


def scribble_pts(r, x, y, w, h):
    pts = []
    n = r.randint(5, 9)
    for k in range(n):
        pts.append((x + w * k / (n - 1) + r.uniform(-2, 2), y + r.uniform(-h / 2, h / 2)))
    return pts


def scribble_typ(r, x, y, w, h, color):
    pts = scribble_pts(r, x, y, w, h)
    segs = [f"curve.move(({mm(pts[0][0] - 26)}, {mm(pts[0][1] - 25)}))"]
    for a, b in zip(pts[:-1], pts[1:]):
        cxp = (a[0] + b[0]) / 2 + r.uniform(-3, 3)
        cyp = (a[1] + b[1]) / 2 + r.uniform(-h, h)
        segs.append(f"curve.quad(({mm(cxp - 26)}, {mm(cyp - 25)}), ({mm(b[0] - 26)}, {mm(b[1] - 25)}))")
    return f"#place(top+left, curve(stroke: (paint: {col(color)}, thickness: {mm(r.uniform(0.35, 0.7))}, cap: \"round\"), {', '.join(segs)}))\n"


def hand_circle_typ(r, cx, cy, rx, ry, color):
    n = 40
    turns = r.uniform(1.05, 1.3)
    a0 = r.uniform(0, 2 * math.pi)
    pts = []
    for k in range(n + 1):
        a = a0 + 2 * math.pi * turns * k / n
        s = 1 + 0.06 * math.sin(3 * a + a0) + 0.04 * (k / n)
        pts.append((cx + rx * s * math.cos(a), cy + ry * s * math.sin(a)))
    segs = [f"curve.move(({mm(pts[0][0] - 26)}, {mm(pts[0][1] - 25)}))"]
    segs += [f"curve.line(({mm(x - 26)}, {mm(y - 25)}))" for x, y in pts[1:]]
    return f"#place(top+left, curve(stroke: (paint: {col(color)}, thickness: {mm(r.uniform(0.5, 0.9))}, cap: \"round\", join: \"round\"), {', '.join(segs)}))\n"


def build_page(r, sentences, spec, marks_inline):
    """Typst source of one page. spec: layout decisions; marks_inline: list of (typst box, x, y) to place
    as vector marks. Returns (source, signature block centre)."""
    unit = spec["unit"]
    red = spec["red_other"]
    s = typst_page_header()
    if spec.get("redhead"):
        s += redhead_typ(r, unit, red)
    elif spec.get("header_badge"):
        pass
    title, paras, rows = spec["text"]
    if title:
        s += f"#align(center, text(font: {ts(SANS if r.random() < 0.5 else SERIF)}, weight: \"bold\", size: {r.choice([15, 16, 18])}pt, {ts(title)}))\n#v(3mm)\n"
    body = ""
    if spec["doctype"] == "notice" and not spec.get("continued"):
        body += f"#par(first-line-indent: 0em, {ts('各有关单位：')})\n"
    for ptxt in paras:
        body += f"#par({ts(ptxt)})\n"
    if rows:
        stroke = col(red) if spec.get("red_table") else "black"
        hf = f"rgb({red[0]},{red[1]},{red[2]},40)" if spec.get("red_table") and r.random() < 0.5 else None
        body += table_typ(rows, stroke, hf)
    top = 25.0
    if spec.get("redhead"):
        top += 40
    if title:
        top += 9.5 * math.ceil(len(title) / 26) + 5
    if spec["doctype"] == "notice" and not spec.get("continued"):
        top += 7
    avail = spec["sig_y"] - 15 - top
    s += f"#block(height: {mm(max(avail, 40))}, clip: true, width: 100%)[\n{body}]\n"
    # signature block
    sx, sy = spec["sig_x"], spec["sig_y"]
    s += at(sx - 40, sy - 8, f"box(width: 80mm, align(center, text(size: 12pt, {ts(unit)})))")
    s += at(sx - 40, sy + 2, f"box(width: 80mm, align(center, text(size: 12pt, {ts(spec['date'])})))")
    if spec.get("sign_line"):
        s += at(28, sy - 8, f"text(size: 12pt, {ts('负责人（签字）：')})")
    for body_t, x, y in marks_inline:
        s += at(x, y, body_t)
    for extra in spec.get("extras", []):
        s += extra
    return s


# ---------------------------------------------------------------- raster functions

def render_pdf(path, dpi, page=0, alpha=False):
    doc = pdfium.PdfDocument(path)
    pg = doc[page]
    kw = {"scale": dpi / 72, "rev_byteorder": True}
    if alpha:
        kw["fill_color"] = (255, 255, 255, 0)
    bm = pg.render(**kw)
    a = bm.to_numpy().copy()
    n = len(doc)
    doc.close()
    return a, n


def render_mark_mask(mbox, w, h, dpi, tmp):
    """Coverage mask (0..1) of a mark drawn black, at dpi."""
    src = ("#set document(date: none)\n"
           f"#set page(width: {mm(w + 2)}, height: {mm(h + 2)}, margin: 1mm)\n" + "#" + mbox + "\n")
    tp = os.path.join(tmp, "mark.typ")
    with open(tp, "w", encoding="utf-8") as f:
        f.write(src)
    typst.compile(tp, output=os.path.join(tmp, "mark.pdf"))
    a, _ = render_pdf(os.path.join(tmp, "mark.pdf"), dpi)
    return 1.0 - a[..., :3].astype(np.float32).mean(axis=2) / 255.0


def smooth_noise(rng, shape, sigma):
    n = rng.standard_normal(shape).astype(np.float32)
    n = ndimage.gaussian_filter(n, sigma)
    return n / (n.std() + 1e-6)


def ink(mask, ip, px_per_mm, rot):
    """Alpha of a stamped mark from its coverage mask: rotation, bleed, uneven pressure, grain, partial ink."""
    rng = np.random.default_rng(ip["seed"])
    m = ndimage.rotate(mask, rot, reshape=True, order=1, mode="constant", cval=0.0)
    m = np.clip(m, 0, 1)
    if ip["bleed"] > 0:
        m = np.clip(ndimage.gaussian_filter(m, ip["bleed"] * px_per_mm * 0.12) * 1.15, 0, 1)
    h, w = m.shape
    press = 1 - ip["uneven"] * np.clip(smooth_noise(rng, (h, w), 4 * px_per_mm) * 0.5 + 0.5, 0, 1)
    grain = smooth_noise(rng, (h, w), max(0.6, 0.15 * px_per_mm))
    holes = (grain > 2.2 - ip["grain"] * 3).astype(np.float32)
    a = m * press * (1 - 0.85 * holes) * ip["density"]
    if ip.get("partial"):
        pp = ip["partial"]
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        d = math.radians(pp["dir"])
        t = ((xx - w / 2) * math.cos(d) + (yy - h / 2) * math.sin(d)) / (min(h, w) / 2)
        edge = smooth_noise(rng, (h, w), 3 * px_per_mm) * 0.08
        f = np.clip((t + edge - pp["start"]) / pp["width"], 0, 1)
        a = a * (1 - f * (1 - pp["floor"]))
    return np.clip(a, 0, 1)


def composite(page, alpha, color, x0, y0):
    """Multiply an ink layer onto an RGB float page at pixel (x0, y0) (top-left), clipped to the page."""
    H, W = page.shape[:2]
    h, w = alpha.shape
    xa, ya = max(0, x0), max(0, y0)
    xb, yb = min(W, x0 + w), min(H, y0 + h)
    if xa >= xb or ya >= yb:
        return
    a = alpha[ya - y0:yb - y0, xa - x0:xb - x0, None]
    c = np.array(color, np.float32)[None, None, :] / 255.0
    page[ya:yb, xa:xb] *= 1 - a * (1 - c)


def write_png(path, arr):
    arr = np.ascontiguousarray(arr.astype(np.uint8))
    h, w = arr.shape[:2]
    ch = 1 if arr.ndim == 2 else arr.shape[2]
    ctype = {1: 0, 3: 2, 4: 6}[ch]
    raw = b"".join(b"\x00" + arr[y].tobytes() for y in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, ctype, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def write_jpeg(path, arr, q):
    arr = np.ascontiguousarray(np.clip(arr, 0, 255).astype(np.uint8))
    h, w = arr.shape[:2]
    ppm = f"P6\n{w} {h}\n255\n".encode() + arr.tobytes()
    out = subprocess.run(["cjpeg", "-quality", str(q), "-optimize"], input=ppm, capture_output=True, check=True).stdout
    with open(path, "wb") as f:
        f.write(out)


def jpegs_to_pdf(path, jpgs, dpi_list):
    import pikepdf
    pdf = pikepdf.new()
    for jp, (w, h), dpi in jpgs_iter(jpgs, dpi_list):
        data = open(jp, "rb").read()
        img = pikepdf.Stream(pdf, data)
        img.Type = pikepdf.Name.XObject
        img.Subtype = pikepdf.Name.Image
        img.Width, img.Height = w, h
        img.ColorSpace = pikepdf.Name.DeviceRGB
        img.BitsPerComponent = 8
        img.Filter = pikepdf.Name.DCTDecode
        pw, ph = w * 72 / dpi, h * 72 / dpi
        content = pikepdf.Stream(pdf, f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im0 Do Q".encode())
        page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, round(pw, 2), round(ph, 2)],
                                  Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=img)), Contents=content)
        pdf.pages.append(pikepdf.Page(page))
    pdf.save(path, deterministic_id=True)


def jpgs_iter(jpgs, dpi_list):
    for (jp, shape), dpi in zip(jpgs, dpi_list):
        yield jp, (shape[1], shape[0]), dpi


def compile_typ(src, tmp, name="page", fmt="pdf"):
    tp = os.path.join(tmp, name + ".typ")
    with open(tp, "w", encoding="utf-8") as f:
        f.write(src)
    out = os.path.join(tmp, name + "." + fmt)
    typst.compile(tp, output=out, root=tmp)
    return out


# ---------------------------------------------------------------- one file

# Sub-kinds per kind, 50 files each with and without a seal; "normal" / "plain" fill the rest.
SEAL_SUBS = {"partial": 8, "faint": 3, "purple": 3, "pink": 3, "orange": 2, "double": 2, "oval": 3, "square": 3,
             "beside-stamp": 4, "red-hand": 2, "red-table": 2, "redhead": 2, "text-over": 2, "signature-over": 2,
             "cross-page": 2}
SEAL_EXTRA = {"scan": {"page2": 2}, "vector": {"page2": 2}, "pasted": {"page2": 2},
              "photo": {"blur-cast": 3, "glare": 2}, "screenshot": {"small-zoom": 4}}
NOSEAL_SUBS = {"badge": 8, "date-stamp": 4, "open-arc": 5, "rect-stamp": 5, "circled-num": 3, "hand-circle": 4,
               "redhead": 4, "red-table": 4, "red-hand": 4}
NOSEAL_EXTRA = {"photo": {"hand-circle": 2}, "screenshot": {"ui-icon": 5}}


def sub_kind(kind, seal, j):
    """The j-th sub-kind of a kind's seal (or no-seal) files: a fixed shuffle of the counts above."""
    table = dict(SEAL_SUBS if seal else NOSEAL_SUBS)
    for k, v in (SEAL_EXTRA if seal else NOSEAL_EXTRA).get(kind, {}).items():
        table[k] = table.get(k, 0) + v
    subs = [k for k, v in table.items() for _ in range(v)]
    subs += ["normal" if seal else "plain"] * (50 - len(subs))
    random.Random(f"h-{kind}-{int(seal)}").shuffle(subs)
    return subs[j % len(subs)]


def plan(i, sentences):
    r = random.Random(BASE_SEED + i)
    kind = KINDS[i % 5]
    seal = (i // 5) % 2 == 0
    sub = sub_kind(kind, seal, (i // 5) // 2)
    unit = unit_name(r)
    fam, color = pick_color(r, sub if seal else "")
    red_other = list(r.choice(INK["red"]))
    doctype = r.choice(DOC_TYPES)
    red_table = sub == "red-table"
    if red_table and doctype == "notice":
        doctype = "table"
    date, ymd = cn_date(r)
    spec = {"unit": unit, "red_other": red_other, "doctype": doctype, "red_table": red_table, "date": date,
            "redhead": sub == "redhead" or (r.random() < 0.15 and sub not in ("plain",)),
            "sig_x": r.uniform(128, 158), "sig_y": r.uniform(215, 248), "extras": [], "sign_line": sub == "signature-over"}
    spec["text"] = page_text(r, sentences, doctype, unit, red_table)
    if sub == "redhead" and not seal:
        spec["focus"] = (105, 40)
    if sub == "red-table" and not seal:
        spec["focus"] = (105, 95)
    marks = []  # dict: box params + centre + colour + ink
    sx, sy = spec["sig_x"], spec["sig_y"]
    if seal:
        m = make_seal(r, sub, unit)
        ip = ink_params(r, sub)
        cx, cy = sx + r.uniform(-9, 9), sy - 3 + r.uniform(-6, 6)
        if sub == "text-over":
            cx, cy = r.uniform(70, 150), sy - r.uniform(38, 70)
        if sub == "red-table":
            cy = (95 if spec["redhead"] else 62) + r.uniform(15, 35)
            cx = r.uniform(80, 150)
        if sub == "cross-page":
            cx, cy = 210 + r.uniform(-3, 2), r.uniform(90, 200)
        if sub == "signature-over":
            cx = r.uniform(60, 100)
            cy = sy - 8 + r.uniform(-4, 4)
        marks.append({"m": m, "cx": cx, "cy": cy, "color": color, "ink": ip, "role": "seal"})
        if sub == "signature-over":
            spec["extras"].append(scribble_typ(r, cx - 18, cy + r.uniform(-4, 4), r.uniform(26, 38), 8,
                                               r.choice([(20, 20, 25), (25, 40, 140), (10, 30, 90)])))
        elif r.random() < 0.25:
            spec["extras"].append(scribble_typ(r, sx - 12, sy - 14, 24, 6, r.choice([(20, 20, 25), (25, 40, 140)])))
    if sub in ("beside-stamp", "rect-stamp"):
        rm = make_lookalike(r, "rect-stamp")
        if seal:
            d = marks[0]["m"].get("diam", marks[0]["m"].get("w", marks[0]["m"].get("size", 40)))
            side = r.choice([-1, 1, 0])
            if side == 0:
                rx, ry = marks[0]["cx"] + r.uniform(-10, 10), marks[0]["cy"] + d / 2 + rm["h"] / 2 + r.uniform(-4, 4)
            else:
                rx = marks[0]["cx"] + side * (d / 2 + rm["w"] / 2 + r.uniform(-5, 6))
                ry = marks[0]["cy"] + r.uniform(-14, 14)
            rx = min(max(rx, 20 + rm["w"] / 2), 200 - rm["w"] / 2)
        else:
            rx, ry = r.uniform(60, 160), r.choice([sy - 2, r.uniform(60, 200)])
        marks.append({"m": rm, "cx": rx, "cy": ry, "color": list(r.choice(INK["red"] + INK["purple"])),
                      "ink": ink_params(r, ""), "role": "other"})
    if not seal and sub in ("badge", "date-stamp", "open-arc"):
        lm = make_lookalike(r, sub)
        if sub in ("badge", "open-arc") and r.random() < 0.35:
            lm["diam"] = r.uniform(15, 21)
            lx, ly = r.uniform(18, 36), r.uniform(11, 14)  # an emblem in the top margin
        else:
            lx, ly = sx + r.uniform(-9, 9), sy - 3 + r.uniform(-6, 6)
        marks.append({"m": lm, "cx": lx, "cy": ly, "color": color, "ink": ink_params(r, ""), "role": "other"})
        if r.random() < 0.3 and sub == "badge":
            lm2 = make_lookalike(r, "badge")
            marks.append({"m": lm2, "cx": r.uniform(40, 170), "cy": r.uniform(110, 190), "color": color,
                          "ink": ink_params(r, ""), "role": "other"})
    if sub in ("red-hand",) or (seal and r.random() < 0.08):
        hc = list(r.choice(INK["red"]))
        hx0, hy0 = r.uniform(110, 150), r.uniform(30, 45)
        spec["extras"].append(hand_text_typ(hx0, hy0, r.choice(HAND_WORDS), hc, r.uniform(5, 8), r.uniform(-8, 4)))
        spec.setdefault("focus", (hx0 + 20, hy0))
        spec["extras"].append(hand_text_typ(r.uniform(40, 90), sy + r.uniform(10, 22), r.choice(HAND_WORDS) + " " + person(r), hc,
                                            r.uniform(5, 7), r.uniform(-6, 3)))
        if not seal:
            spec["extras"].append(hand_text_typ(sx - 20, sy - 2, person(r) + f" {ymd[1]}.{ymd[2]}", hc, r.uniform(6, 9), r.uniform(-10, 0)))
    if sub == "hand-circle" or (kind == "photo" and not seal and r.random() < 0.1):
        hc = list(r.choice(INK["red"]))
        d = r.uniform(34, 48) / 2
        hx, hy = r.uniform(60, 160), r.choice([sy - 3, r.uniform(80, 190)])
        spec["extras"].append(hand_circle_typ(r, hx, hy, d * r.uniform(0.9, 1.2), d * r.uniform(0.8, 1.05), hc))
        spec.setdefault("focus", (hx, hy))
        if r.random() < 0.5:
            spec["extras"].append(hand_text_typ(hx - 8, hy - 4, r.choice(["重点", "核实", "?", "补充", "注意"]), hc, 6, r.uniform(-8, 5)))
    if sub == "circled-num":
        for k in range(r.randint(2, 4)):
            y = r.uniform(70, 190)
            spec.setdefault("focus", (60, y))
            rad = r.uniform(2.5, 4.5)
            c = col(r.choice(INK["red"]))
            spec["extras"].append(at(r.uniform(12, 19), y, f"circle(radius: {mm(rad)}, stroke: {mm(0.35)} + {c}, "
                                                            f"align(center + horizon, text(size: {mm(rad * 1.2)}, fill: {c}, \"{k + 1}\")))"))
    return {"i": i, "kind": kind, "seal": seal, "sub": sub, "spec": spec, "marks": marks, "color_family": fam,
            "rseed": r.randint(0, 2 ** 31)}


def vector_mark(mk):
    """Typst for a mark drawn as paths (vector), rotated, with partial ink by a clipped full-colour copy."""
    m, c, ip = mk["m"], mk["color"], mk["ink"]
    dens = ip["density"]
    full = [round(255 - (255 - v) * dens) for v in c]
    body, w, h = mark_box(m, col(full))
    pp = ip.get("partial")
    if pp:
        floor = pp["floor"]
        pale = [round(255 - (255 - v) * floor) for v in full]
        pbody, _, _ = mark_box(m, col(pale))
        mid = [round((a + b) / 2) for a, b in zip(full, pale)]
        mbody, _, _ = mark_box(m, col(mid))
        side = int(((pp["dir"] + 45) % 360) // 90)  # 0 right, 1 bottom, 2 left, 3 top faded
        keep = 0.5 + pp["start"] * 0.5 + pp["width"] * 0.2
        if side in (0, 2):
            cw, ch = w * keep, h
            ox = 0 if side == 0 else -(w - cw)
            oy = 0
        else:
            cw, ch = w, h * keep
            ox, oy = 0, (0 if side == 1 else -(h - ch))
        def clipped(b, cw, ch, ox, oy):
            return (f"place(top+left, dx: {mm(-ox)}, dy: {mm(-oy)}, box(clip: true, width: {mm(cw)}, height: {mm(ch)}, "
                    f"place(top+left, dx: {mm(ox)}, dy: {mm(oy)}, {b})))")
        grow = 0.09 * (w if side in (0, 2) else h)
        mcw, mch = (cw + grow, ch) if side in (0, 2) else (cw, ch + grow)
        mox, moy = (ox - (grow if side == 2 else 0), oy) if side in (0, 2) else (ox, oy - (grow if side == 3 else 0))
        body = (f"box(width: {mm(w)}, height: {mm(h)})[#place(top+left, {pbody}) #{clipped(mbody, mcw, mch, mox, moy)} "
                f"#{clipped(body, cw, ch, ox, oy)}]")
    return f"rotate({ip['rot']:.1f}deg, {body})", w, h


def raster_mark(mk, px_per_mm, tmp):
    m, ip = mk["m"], mk["ink"]
    mbox, w, h = mark_box(m, "black")
    mask = render_mark_mask(mbox, w, h, px_per_mm * 25.4, tmp)
    return ink(mask, ip, px_per_mm, -ip["rot"])


def page_source(r, sentences, pl, inline_marks, spec_over=None):
    spec = dict(pl["spec"])
    if spec_over:
        spec.update(spec_over)
    return build_page(r, sentences, spec, inline_marks)


def first_page_source(r, sentences, pl):
    """Page 1 of a two-page file: letterhead, title and body, no signature and no mark."""
    spec = pl["spec"]
    s = typst_page_header()
    if spec.get("redhead"):
        s += redhead_typ(r, spec["unit"], spec["red_other"])
    s += f"#align(center, text(font: {ts(SANS)}, weight: \"bold\", size: 16pt, {ts(spec['text'][0])}))\n#v(3mm)\n"
    body = ""
    for _ in range(r.randint(5, 8)):
        body += f"#par({ts(''.join(r.choice(sentences) for _ in range(r.randint(2, 4))))})\n"
    s += f"#block(height: 200mm, clip: true, width: 100%)[\n{body}]\n"
    return s


def continued(pl):
    """The signed page of a two-page file: no letterhead, no title."""
    sp = dict(pl["spec"])
    sp["redhead"] = False
    sp["text"] = ("", sp["text"][1], sp["text"][2])
    sp["continued"] = True
    out = dict(pl)
    out["spec"] = sp
    return out


def place_inline(mk, vm):
    body, w, h = vm
    return body, mk["cx"] - w / 2, mk["cy"] - h / 2


def merge_pdfs(out, parts):
    import pikepdf
    pdf = pikepdf.new()
    for p in parts:
        src = pikepdf.open(p)
        pdf.pages.extend(src.pages)
    pdf.save(out, deterministic_id=True)


def raster_page(r, sentences, pl, dpi, tmp, name="page"):
    """The page rasterised by PDFium at dpi with every stamp-like mark inked on (float 0..1 RGB)."""
    src = page_source(r, sentences, pl, [])
    pdf = compile_typ(src, tmp, name)
    a, _ = render_pdf(pdf, dpi)
    page = a[..., :3].astype(np.float32) / 255.0
    ppm = dpi / 25.4
    for mk in pl["marks"]:
        al = raster_mark(mk, ppm, tmp)
        h, w = al.shape
        composite(page, al, mk["color"], int(round(mk["cx"] * ppm - w / 2)), int(round(mk["cy"] * ppm - h / 2)))
    return page


def filler_raster(r, sentences, pl, dpi, tmp):
    pdf = compile_typ(first_page_source(r, sentences, pl), tmp, "filler")
    a, _ = render_pdf(pdf, dpi)
    return a[..., :3].astype(np.float32) / 255.0


def scan_effects(r, rng, page, dpi):
    t = r.uniform(0.92, 0.99)
    tone = np.array([t, t - r.uniform(0, 0.02), t - r.uniform(0.01, 0.06)], np.float32)
    img = page * tone
    ang = r.uniform(-1.5, 1.5)
    if abs(ang) > 0.1:
        img = np.stack([ndimage.rotate(img[..., k], ang, reshape=False, order=1, mode="constant", cval=float(tone[k]))
                        for k in range(3)], axis=2)
    img = ndimage.gaussian_filter(img, (r.uniform(0.3, 0.8) * dpi / 200, r.uniform(0.3, 0.8) * dpi / 200, 0))
    g = 1 / r.uniform(0.85, 1.15)
    img = np.clip(img, 0, 1) ** g
    img = img * 255 + rng.normal(0, r.uniform(1.5, 5), img.shape[:2])[..., None].astype(np.float32)
    if r.random() < 0.4:
        sp = rng.random(img.shape[:2]) < r.uniform(2e-5, 2e-4)
        img[sp] = r.uniform(40, 120)
    return np.clip(img, 0, 255)


def make_scan(r, rng, sentences, pl, tmp, out):
    dpi = r.choice([150, 200, 200, 300])
    pages = []
    if pl["sub"] == "page2" or (not pl["seal"] and r.random() < 0.12):
        pages.append(filler_raster(r, sentences, pl, dpi, tmp))
        pl = continued(pl)
    pages.append(raster_page(r, sentences, pl, dpi, tmp))
    jpgs = []
    q = r.randint(60, 90)
    for k, pg in enumerate(pages):
        img = scan_effects(r, rng, pg, dpi)
        jp = os.path.join(tmp, f"scan{k}.jpg")
        write_jpeg(jp, img, q)
        jpgs.append((jp, img.shape))
    name = f"h{pl['i']:04d}.pdf"
    jpegs_to_pdf(os.path.join(out, name), jpgs, [dpi] * len(jpgs))
    return name, {"dpi": dpi, "q": q, "pages": len(pages)}


def typst_pdf(r, sentences, pl, inline, tmp, out):
    """Writes the file's page (with `inline` marks) as a Typst PDF; a second page comes
    first for `page2` files and some files without a seal. Returns the file name."""
    two = pl["sub"] == "page2" or (not pl["seal"] and r.random() < 0.15)
    src = page_source(r, sentences, continued(pl) if two else pl, inline)
    name = f"h{pl['i']:04d}.pdf"
    main = compile_typ(src, tmp, "page")
    if two:
        filler = compile_typ(first_page_source(r, sentences, pl), tmp, "filler")
        merge_pdfs(os.path.join(out, name), [filler, main])
    else:
        shutil.copy(main, os.path.join(out, name))
    return name


def make_vector(r, rng, sentences, pl, tmp, out):
    inline = [place_inline(mk, vector_mark(mk)) for mk in pl["marks"]]
    return typst_pdf(r, sentences, pl, inline, tmp, out), {}


def mark_picture(r, mk, tmp, stem, style=None):
    """A stamped mark as a picture file: transparent PNG, PNG on white or JPEG. Returns (file name, w mm, h mm)."""
    ppm = r.uniform(7, 16)
    al = raster_mark(mk, ppm, tmp)
    h, w = al.shape
    style = style or r.choices(["png-alpha", "png-white", "jpeg"], [0.5, 0.25, 0.25])[0]
    c = np.array(mk["color"], np.float32)
    if style == "png-alpha":
        rgba = np.zeros((h, w, 4), np.float32)
        rgba[..., :3] = c
        rgba[..., 3] = al * 255
        fn = stem + ".png"
        write_png(os.path.join(tmp, fn), np.round(rgba))
    else:
        bg = np.array([r.uniform(246, 255)] * 3, np.float32)
        rgb = bg * (1 - al[..., None] * (1 - c / 255))
        if style == "png-white":
            fn = stem + ".png"
            write_png(os.path.join(tmp, fn), np.round(rgb))
        else:
            fn = stem + ".jpg"
            write_jpeg(os.path.join(tmp, fn), rgb, r.randint(70, 95))
    return fn, w / ppm, h / ppm, style


def make_pasted(r, rng, sentences, pl, tmp, out):
    pics = [mark_picture(r, mk, tmp, f"pic{k}") for k, mk in enumerate(pl["marks"])]
    target = r.choices(["pdf", "xlsx", "calc-pdf"], [0.62, 0.23, 0.15])[0]
    if pl["sub"] == "page2":
        target = "pdf"
    if target == "pdf":
        inline = []
        for mk, (fn, w, h, _) in zip(pl["marks"], pics):
            inline.append((f"image({ts(fn)}, width: {mm(w)}, height: {mm(h)})", mk["cx"] - w / 2, mk["cy"] - h / 2))
        if not pl["marks"] and r.random() < 0.5:
            # a black signature picture, so that a picture alone is no hint
            sig = np.full((90, 300), 255, np.float32)
            yy, xx = np.mgrid[0:90, 0:300]
            for _ in range(4):
                f = r.uniform(0.02, 0.06)
                ph = r.uniform(0, 6)
                yc = 45 + 22 * np.sin(xx * f + ph)
                sig[(np.abs(yy - yc) < 2.2) & (xx > r.uniform(10, 60)) & (xx < r.uniform(200, 290))] = 25
            write_png(os.path.join(tmp, "sig.png"), np.stack([sig] * 3, 2))
            inline.append(("image(\"sig.png\", width: 30mm, height: 9mm)", pl["spec"]["sig_x"] - 40, pl["spec"]["sig_y"] - 20))
        name = typst_pdf(r, sentences, pl, inline, tmp, out)
        return name, {"target": target, "pictures": [p[3] for p in pics]}
    # spreadsheet
    import openpyxl
    from openpyxl.drawing.image import Image as XImage
    from openpyxl.styles import Alignment, Border, Font, Side
    wb = openpyxl.Workbook()
    import datetime
    stamp = datetime.datetime(2025, 1, 1) + datetime.timedelta(minutes=pl["i"])
    wb.properties.created = wb.properties.modified = stamp
    ws = wb.active
    ws.title = "统计表"
    title, paras, rows = pl["spec"]["text"]
    if not rows:
        rows = [[str(k + 1), r.choice(DEPTS), str(r.randint(20, 3000)), f"{r.uniform(90, 100):.1f}%", ""] for k in range(r.randint(5, 9))]
    ws.merge_cells("A1:E1")
    ws["A1"] = title
    ws["A1"].font = Font(name="宋体", size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    red = pl["spec"]["red_table"]
    side = Side(style="thin", color=("D0202A" if red else "000000"))
    hdr = ["序号", "单位/事项", "办件量", "按时办结率", "备注"]
    for j, v in enumerate(hdr):
        ws.cell(row=3, column=j + 1, value=v).font = Font(bold=True)
    for k, row in enumerate(rows):
        for j, v in enumerate(row):
            ws.cell(row=4 + k, column=j + 1, value=v)
    for rr in range(3, 4 + len(rows)):
        for j in range(1, 6):
            ws.cell(row=rr, column=j).border = Border(left=side, right=side, top=side, bottom=side)
    for letter, wdt in zip("ABCDE", [8, 34, 12, 14, 14]):
        ws.column_dimensions[letter].width = wdt
    base = 5 + len(rows)
    ws.cell(row=base + 1, column=1, value=f"填报单位（盖章）：{pl['spec']['unit']}")
    ws.cell(row=base + 2, column=1, value=f"填报日期：{pl['spec']['date']}")
    ws.cell(row=base + 3, column=1, value="说明：" + r.choice(sentences)[:40])
    anchor_rows = [base + 1, base - 2, base + 2]
    for k, (mk, (fn, w, h, style)) in enumerate(zip(pl["marks"], pics)):
        img = XImage(os.path.join(tmp, fn))
        img.width, img.height = int(w * 96 / 25.4), int(h * 96 / 25.4)
        ws.add_image(img, f"{r.choice('BC')}{anchor_rows[k % 3] if mk['role'] == 'seal' else anchor_rows[(k + 1) % 3]}")
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    xl = os.path.join(tmp, "book.xlsx")
    wb.save(xl)
    if target == "xlsx":
        name = f"h{pl['i']:04d}.xlsx"
        shutil.copy(xl, os.path.join(out, name))
    else:
        prof = os.path.join(tmp, "lo")
        subprocess.run(["soffice", f"-env:UserInstallation=file://{prof}", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, xl], capture_output=True, timeout=180, check=True)
        name = f"h{pl['i']:04d}.pdf"
        shutil.copy(os.path.join(tmp, "book.pdf"), os.path.join(out, name))
    return name, {"target": target, "pictures": [p[3] for p in pics]}


def make_photo(r, rng, sentences, pl, tmp, out):
    dpi = r.choice([170, 200, 230])
    page = raster_page(r, sentences, pl, dpi, tmp)
    ph, pw = page.shape[:2]
    W, H = r.choice([(2448, 3264), (3024, 4032), (2160, 2880), (1800, 2400), (3000, 4000)])
    landscape = r.random() < 0.15
    if landscape:
        W, H = H, W
    frac = r.uniform(0.7, 0.93) if not landscape else r.uniform(0.8, 0.97)
    bh = H * frac
    bw = bh * 210 / 297
    if bw > W * 0.96:
        bw = W * 0.96
        bh = bw * 297 / 210
    cx, cy = W / 2 + r.uniform(-0.05, 0.05) * W, H / 2 + r.uniform(-0.04, 0.04) * H
    rot = math.radians(r.uniform(-7, 7))
    corners = []
    j = 0.055 if pl["sub"] != "blur-cast" else 0.075
    for sx, sy in [(-1, -1), (1, -1), (1, 1), (-1, 1)]:
        x, y = sx * bw / 2, sy * bh / 2
        x, y = x * math.cos(rot) - y * math.sin(rot), x * math.sin(rot) + y * math.cos(rot)
        corners.append((cx + x + r.uniform(-j, j) * bw, cy + y + r.uniform(-j, j) * bh))
    if r.random() < 0.4:  # keystone: the far edge narrower
        k = r.uniform(0.03, 0.1) * bw
        corners[0] = (corners[0][0] + k, corners[0][1])
        corners[1] = (corners[1][0] - k, corners[1][1])
    src_q = np.array(corners)
    dst_q = np.array([(0, 0), (pw - 1, 0), (pw - 1, ph - 1), (0, ph - 1)], float)
    if hasattr(sktf.ProjectiveTransform, "from_estimate"):
        tf = sktf.ProjectiveTransform.from_estimate(src_q, dst_q)
    else:
        tf = sktf.ProjectiveTransform()
        tf.estimate(src_q, dst_q)
    warped = sktf.warp(page, tf, output_shape=(H, W), order=1, mode="constant", cval=-1.0, preserve_range=True).astype(np.float32)
    inside = warped[..., 0] >= 0
    # desk
    base = np.array(r.choice([(150, 110, 72), (118, 118, 122), (196, 192, 184), (70, 60, 52), (168, 140, 108), (40, 44, 52)]), np.float32) / 255
    small = (H // 8, W // 8)
    grain = smooth_noise(rng, small, r.uniform(1, 6))
    stripes = np.sin(np.linspace(0, r.uniform(20, 80), small[1]))[None, :] * r.uniform(0, 0.4)
    desk = ndimage.zoom((1 + 0.06 * grain + 0.05 * stripes).astype(np.float32), (H / small[0], W / small[1]), order=1)[:H, :W]
    img = np.where(inside[..., None], warped, desk[..., None] * base[None, None, :])
    # shadow of the page on the desk
    sh = ndimage.gaussian_filter(inside.astype(np.float32), W * 0.01)
    img = np.where(inside[..., None], img, img * (1 - 0.35 * sh[..., None]))
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    # lighting plane and vignetting
    gx, gy = r.uniform(-0.25, 0.25), r.uniform(-0.25, 0.25)
    light = 1 + gx * (xx / W - 0.5) + gy * (yy / H - 0.5)
    rr = ((xx - W / 2) / (W / 2)) ** 2 + ((yy - H / 2) / (H / 2)) ** 2
    vig = 1 - r.uniform(0.12, 0.45) * rr / 2
    expo = r.uniform(0.82, 1.05)
    img = img * (light * vig * expo)[..., None]
    # white balance
    strong = pl["sub"] == "blur-cast"
    cast = r.choice([(1.06, 1.0, 0.86), (0.9, 1.0, 1.1), (1.0, 1.05, 0.92), (1.04, 0.98, 0.95), (1, 1, 1)])
    if strong:
        cast = r.choice([(1.12, 1.0, 0.78), (0.84, 0.98, 1.16), (0.96, 1.08, 0.86)])
    else:
        cast = tuple(1 + 0.6 * (v - 1) for v in cast)
    img = img * np.array(cast, np.float32)[None, None, :]
    # glare
    glare = None
    nglare = 1 if pl["sub"] == "glare" else (1 if r.random() < 0.35 else 0)
    for _ in range(nglare):
        if pl["sub"] == "glare" and pl["marks"]:
            mk = pl["marks"][0]
            ang = r.uniform(0, 2 * math.pi)
            dist = r.uniform(0.7, 1.1) * 21
            px_, py_ = (mk["cx"] + dist * math.cos(ang)) * dpi / 25.4, (mk["cy"] + dist * math.sin(ang)) * dpi / 25.4
            gxy = tf.inverse(np.array([[px_, py_]]))[0]
            rad = r.uniform(0.05, 0.1) * W
        else:
            gxy = (r.uniform(0.15, 0.85) * W, r.uniform(0.1, 0.5) * H)
            rad = r.uniform(0.06, 0.16) * W
        amp = r.uniform(0.3, 0.65)
        g = amp * np.exp(-(((xx - gxy[0]) / rad) ** 2 + ((yy - gxy[1]) / (rad * r.uniform(0.5, 1))) ** 2))
        img = img + g[..., None] * (1.2 - img)
        glare = [float(gxy[0]), float(gxy[1]), float(rad)]
    # blur
    if strong:
        sig = r.uniform(1.8, 3.2) * W / 3000
    else:
        sig = r.uniform(0.5, 1.6) * W / 3000
    if r.random() < 0.3:
        ln = max(3, int(sig * 4))
        img = ndimage.uniform_filter1d(img, ln, axis=r.choice([0, 1]))
        blur = ["motion", ln]
    else:
        img = ndimage.gaussian_filter(img, (sig, sig, 0))
        blur = ["gauss", round(sig, 2)]
    img = np.clip(img, 0, 1.2) * 255
    img = img + rng.normal(0, r.uniform(2, 7), (H, W, 1)).astype(np.float32) + rng.normal(0, 1.5, (H, W, 3)).astype(np.float32)
    q = r.randint(60, 90)
    name = f"h{pl['i']:04d}.jpg"
    path = os.path.join(out, name)
    write_jpeg(path, img, q)
    make, model = r.choice([("HUAWEI", "ELS-AN00"), ("Xiaomi", "M2102K1C"), ("OPPO", "PEEM00"), ("vivo", "V2055A"),
                            ("Apple", "iPhone 12"), ("HONOR", "ANY-AN00")])
    y, m, d = r.choice([2025, 2026]), r.randint(1, 12), r.randint(1, 28)
    subprocess.run(["exiftool", "-q", "-overwrite_original", f"-Make={make}", f"-Model={model}",
                    f"-DateTimeOriginal={y}:{m:02d}:{d:02d} {r.randint(8, 18):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}",
                    f"-FNumber={r.choice([1.8, 1.9, 2.0, 2.2])}", f"-ISO={r.choice([100, 200, 400, 800])}",
                    f"-ExposureTime=1/{r.choice([30, 50, 60, 100, 125])}", f"-FocalLength={r.choice([4.7, 5.6, 6.2])}",
                    "-Orientation=1", "-n", path], check=True, capture_output=True)
    return name, {"dpi": dpi, "size": [W, H], "q": q, "blur": blur, "cast": cast, "glare": glare}


UI_MENU = ["首页", "待办事项", "佐证材料", "考评问卷", "消息通知", "统计分析", "系统设置"]


def make_screenshot(r, rng, sentences, pl, tmp, out):
    W, H = r.choice([(1366, 768), (1440, 900), (1920, 1080), (1280, 800), (1536, 864)])
    small = pl["sub"] == "small-zoom" or (not pl["seal"] and r.random() < 0.3)
    chat = r.random() < 0.3
    if small:
        zoom = r.uniform(0.35, 0.55)
    else:
        zoom = r.uniform(1.0, 1.5)
    dpi = 96 * zoom
    page = raster_page(r, sentences, pl, dpi, tmp)
    write_png(os.path.join(tmp, "shot_page.png"), np.round(np.clip(page, 0, 1) * 255))
    ph, pw = page.shape[:2]
    red = col(r.choice(INK["red"]))
    s = ("#set document(date: none)\n"
         f"#set page(width: {W}pt, height: {H}pt, margin: 0pt, fill: rgb(245,246,248))\n"
         f"#set text(font: ({ts(SANS)},), size: 13pt)\n")

    def P(x, y, body):
        return f"#place(top+left, dx: {x:.1f}pt, dy: {y:.1f}pt, {body})\n"

    def badge_(x, y, n, rad=9):
        return P(x - rad, y - rad, f"circle(radius: {rad}pt, fill: {red}, align(center + horizon, text(size: {rad * 1.15:.1f}pt, fill: white, \"{n}\")))")
    tb = 34
    s += P(0, 0, f"rect(width: {W}pt, height: {tb}pt, fill: {r.choice(['rgb(232,234,237)', 'rgb(33,90,170)', 'rgb(250,250,250)'])})")
    s += P(14, 9, f"text(size: 13pt, {ts(('政务协同' if chat else '政务服务绩效考评系统') + ' — ' + pl['spec']['text'][0][:18])})")
    for k, c in enumerate(["rgb(255,95,86)", "rgb(255,189,46)", "rgb(39,201,63)"] if r.random() < 0.5 else []):
        s += P(W - 80 + 22 * k, 11, f"circle(radius: 6pt, fill: {c})")
    side = r.randint(170, 230)
    if chat:
        s += P(0, tb, f"rect(width: {side + 60}pt, height: {H - tb}pt, fill: rgb(233,233,233))")
        for k in range(min(9, (H - tb) // 70)):
            y = tb + 14 + 70 * k
            s += P(12, y, f"rect(width: 42pt, height: 42pt, radius: 4pt, fill: rgb({r.randint(120, 220)},{r.randint(120, 220)},{r.randint(120, 220)}))")
            s += P(62, y + 2, f"text(size: 12pt, {ts(r.choice(['工作群', '考评办', person(r), '政务服务中心', '文件传输助手', person(r)]))})")
            s += P(62, y + 22, f"text(size: 10pt, fill: gray, {ts(r.choice(sentences)[:12])})")
            if r.random() < 0.4:
                s += badge_(54, y + 2, r.randint(1, 30), 8)
        left = side + 60
    else:
        s += P(0, tb, f"rect(width: {side}pt, height: {H - tb}pt, fill: rgb(40,52,72))")
        for k, it in enumerate(UI_MENU):
            y = tb + 24 + 44 * k
            s += P(24, y, f"text(fill: white, size: 13pt, {ts(it)})")
            if it in ("待办事项", "消息通知") or r.random() < 0.15:
                s += badge_(side - 30, y + 9, r.randint(1, 99), 9)
        left = side
        # toolbar
        s += P(left, tb, f"rect(width: {W - left}pt, height: 44pt, fill: white, stroke: (bottom: 0.5pt + gray))")
        bx = left + 16
        for label, fillc, tc in [("下载", "rgb(240,240,240)", "black"), ("打印", "rgb(240,240,240)", "black"),
                                 ("退回", red, "white"), ("通过", "rgb(24,144,255)", "white")]:
            s += P(bx, tb + 8, f"rect(width: 58pt, height: 28pt, radius: 3pt, fill: {fillc}, align(center + horizon, text(fill: {tc}, {ts(label)})))")
            bx += 70
        s += P(W - 90, tb + 14, f"text({ts(str(int(round(zoom * 100))) + '%')})")
        s += P(W - 130, tb + 12, "circle(radius: 9pt, stroke: 1pt + gray)") + badge_(W - 118, tb + 12, "", 4)
    top = tb + (0 if chat else 44)
    vw, vh = W - left, H - top
    # the document view
    if pl["sub"] == "ui-icon" or r.random() < 0.2:
        strip = 0
        for k in range(r.randint(3, 5)):
            rad = r.randint(20, 32)
            x = left + 30 + k * 150
            if x + 2 * rad > W:
                break
            s += P(x, top + 10, f"circle(radius: {rad}pt, fill: {red if r.random() < 0.7 else 'rgb(24,144,255)'}, align(center + horizon, text(fill: white, size: {rad}pt, weight: \"bold\", {ts(r.choice(['!', '办', '急', '审', '+', '?']))})))")
            s += P(x - 4, top + 16 + 2 * rad, f"text(size: 11pt, {ts(r.choice(['待审核', '已退回', '预警', '督办', '超期', '新消息']))})")
            if r.random() < 0.5:
                s += badge_(x + 2 * rad - 2, top + 12, r.randint(1, 9), 8)
            strip = 2 * rad + 40
        top += strip
        vh -= strip
    if chat:
        # the page as a picture in a chat bubble
        scale = min(1.0, (vh - 120) / ph, (vw * 0.7) / pw) if small else 1.0
        iw, ih = pw * scale, ph * scale
        x0 = left + 90
        y0 = top + 60
        s += P(left + 30, top + 60, "rect(width: 42pt, height: 42pt, radius: 4pt, fill: rgb(90,140,200))")
        s += P(left, top, f"rect(width: {vw}pt, height: 40pt, fill: rgb(245,245,245))")
        s += P(left + 20, top + 10, f"text({ts(r.choice(['工作群（36）', '考评办', '政务服务中心']))})")
        y_scroll = 0
    else:
        iw, ih = pw, ph
        x0 = left + max(10, (vw - iw) / 2)
        y0 = top + 12
        y_scroll = 0
        s += P(left, top, f"rect(width: {vw}pt, height: {vh}pt, fill: {r.choice(['rgb(82,86,89)', 'rgb(230,230,230)', 'rgb(200,204,208)'])})")
        scale = 1.0
    if not small and pl["marks"]:
        mk = pl["marks"][0]
        my = mk["cy"] * dpi / 25.4 * scale
        y_scroll = max(0, min(ih - vh + 24, my - r.uniform(0.3, 0.7) * vh))
    elif not small:
        fy = pl["spec"].get("focus", (0, pl["spec"]["sig_y"]))[1]
        y_scroll = max(0, min(ih - vh + 24, fy * dpi / 25.4 * scale - r.uniform(0.3, 0.7) * vh))
    if x0 + iw > W:
        # page wider than the view: scroll so that the mark is in view horizontally
        mx = (pl["marks"][0]["cx"] if pl["marks"] else pl["spec"]["sig_x"]) * dpi / 25.4 * scale
        x0 = left + min(0, max(vw - iw, vw / 2 - mx))
    body = f"image(\"shot_page.png\", width: {iw:.2f}pt, height: {ih:.2f}pt)"
    s += (f"#place(top+left, dx: {left}pt, dy: {top}pt, box(width: {vw}pt, height: {vh}pt, clip: true, "
          f"place(top+left, dx: {x0 - left:.2f}pt, dy: {y0 - top - y_scroll:.2f}pt, {body})))\n")
    pdf = compile_typ(s, tmp, "window")
    a, _ = render_pdf(pdf, 72)
    img = a[..., :3]
    if r.random() < 0.3:
        name = f"h{pl['i']:04d}.jpg"
        write_jpeg(os.path.join(out, name), img.astype(np.float32), r.randint(80, 95))
    else:
        name = f"h{pl['i']:04d}.png"
        write_png(os.path.join(out, name), img)
    return name, {"window": [W, H], "zoom": round(zoom, 3), "chat": chat, "small": small}


MAKERS = {"scan": make_scan, "vector": make_vector, "pasted": make_pasted, "photo": make_photo, "screenshot": make_screenshot}


def make_one(args):
    i, out, seeds_dir = args
    sentences = load_sentences(seeds_dir)
    pl = plan(i, sentences)
    r = random.Random(pl["rseed"])
    rng = np.random.default_rng(pl["rseed"])
    tmp = tempfile.mkdtemp(prefix=f"h{i:04d}_")
    try:
        name, info = MAKERS[pl["kind"]](r, rng, sentences, pl, tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    meta = {"file": name, "kind": pl["kind"], "seal": int(pl["seal"]), "sub": pl["sub"], "color": pl["color_family"],
            "marks": [{"type": mk["m"]["type"], "role": mk["role"], "cx": round(mk["cx"], 1), "cy": round(mk["cy"], 1),
                       "color": mk["color"], "rot": round(mk["ink"]["rot"], 1),
                       "density": round(mk["ink"]["density"], 2), "partial": mk["ink"]["partial"],
                       **{k: v for k, v in mk["m"].items() if k in ("diam", "w", "h", "size", "name", "font", "style", "word",
                                                                      "bottom", "code", "double", "middle", "chars", "intaglio")}}
                      for mk in pl["marks"]], **info}
    return i, name, pl["kind"], int(pl["seal"]), pl["sub"], meta


def safe_one(args):
    """make_one, or a line saying which file failed and why (the other files go on)."""
    try:
        return make_one(args)
    except Exception as e:  # report and go on with the other files
        return f"file {args[0]} failed: {type(e).__name__}: {e}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seeds", default=None, help="folder of source documents (*.txt) for body sentences")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    jobs = [(i, os.path.abspath(a.out), a.seeds) for i in range(a.start, a.n)]
    rows = {}
    metas = {}
    lab = os.path.join(a.out, "labels.csv")
    if os.path.exists(lab):
        with open(lab, encoding="utf-8") as f:
            for line in f.read().splitlines()[1:]:
                p = line.split(",")
                if len(p) == 4 and p[0].startswith("h"):
                    rows[int(p[0][1:5])] = line
    mpath = os.path.join(a.out, "meta.jsonl")
    if os.path.exists(mpath):
        with open(mpath, encoding="utf-8") as f:
            for line in f:
                m = json.loads(line)
                metas[int(m["file"][1:5])] = line.rstrip("\n")

    def flush():
        with open(lab + ".tmp", "w", encoding="utf-8") as f:
            f.write("file,kind,seal,sub\n")
            for k in sorted(rows):
                f.write(rows[k] + "\n")
        os.replace(lab + ".tmp", lab)
        with open(mpath + ".tmp", "w", encoding="utf-8") as f:
            for k in sorted(metas):
                f.write(metas[k] + "\n")
        os.replace(mpath + ".tmp", mpath)

    done = 0
    failed = []
    with Pool(a.jobs) as pool:
        for res in pool.imap_unordered(safe_one, jobs):
            if isinstance(res, str):
                failed.append(res)
                print(res, file=sys.stderr, flush=True)
                continue
            i, name, kind, seal, sub, meta = res
            rows[i] = f"{name},{kind},{seal},{sub}"
            metas[i] = json.dumps(meta, ensure_ascii=False)
            done += 1
            if done % 10 == 0:
                flush()
                print(f"{done}/{len(jobs)}", file=sys.stderr, flush=True)
    flush()
    if failed:
        print(f"{len(failed)} files failed", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
