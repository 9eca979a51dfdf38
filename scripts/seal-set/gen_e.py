#!/usr/bin/env python3
"""Evaluation-only labelled seal set ("family e"), written apart from the other
generators in this folder and from the detector's own synthesiser.

Never choose a threshold, a feature or a weight on files made by this script: it
exists only to measure the seal detector on pictures it was not shaped on.

Writers: pages are HTML/CSS with seals drawn as inline SVG (ring, unit name on an
arc with <textPath> in an installed CJK font, star, bottom line), printed to PDF or
screenshotted by headless Chromium; raster kinds are rasterised by poppler
(pdftoppm) and degraded with numpy/Pillow; scans are wrapped into PDF by img2pdf;
photo EXIF is written by piexif.

Install (Debian 12):

    apt-get install chromium poppler-utils fonts-noto-cjk fonts-droid-fallback fonts-dejavu-core fonts-liberation2
    pip install numpy Pillow piexif img2pdf

Usage:

    python3 scripts/seal-set/gen_e.py --n 300 OUT
    cargo run --release --example seal_eval -- --dir OUT

Writes OUT/labels.csv (file,kind,seal,sub) and OUT/meta.jsonl (the drawn
parameters of every file, for reading wrong answers). File i depends only on
i (seed 9000 + i) and the installed fonts and tools. Kinds rotate over
scan, vector, pasted, photo, screenshot; within a kind, files alternate
between with and without a seal.
"""

import argparse
import base64
import io
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from PIL import Image, ImageFilter

SEED_BASE = 9000
KINDS = ["scan", "vector", "pasted", "photo", "screenshot"]

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--mute-audio",
]

# ---------------------------------------------------------------- text material

UNITS = [
    "湛河区政务服务和大数据管理局",
    "浉河区人民政府办公室",
    "台前县市场监督管理局",
    "如东县行政审批局",
    "湛河区曹镇乡人民政府",
    "浉河区老城街道办事处",
    "平顶山市湛河区人力资源和社会保障局",
    "台前县不动产登记中心",
    "如东县掘港街道为民服务中心",
    "湛河区北渡街道办事处",
    "浉河区住房和城乡建设局",
    "台前县医疗保障局",
    "湛河区民政局",
    "如东县税务局第一税务分局",
    "浉河区政务服务中心",
    "湛河区九里山街道便民服务中心",
    "台前县公共资源交易中心",
    "浉河区应急管理局",
]

BOTTOMS = ["", "", "", "", "业务专用章", "行政审批专用章", "办公室", "政务服务专用章"]

TITLES = [
    "关于开展政务服务事项标准化梳理工作的通知",
    "关于2025年度政务服务绩效考评自查情况的报告",
    "政务服务“好差评”工作开展情况说明",
    "关于进一步规范便民服务中心窗口管理的通知",
    "关于报送一网通办工作进展情况的函",
    "政务服务事项进驻情况统计表",
    "关于落实首问负责和一次性告知制度的通知",
    "帮办代办服务工作总结",
    "关于印发《政务服务窗口工作人员考核办法》的通知",
    "延时错时服务开展情况说明",
]

SENTS = [
    "为持续推进政务服务标准化、规范化、便利化建设，进一步优化营商环境，现将有关事项通知如下。",
    "各单位要高度重视，明确专人负责，认真对照考评细则逐项开展自查，确保各项工作落到实处。",
    "便民服务中心设置综合受理窗口，实行“一窗受理、集成服务”，群众办事只进一扇门。",
    "全年共受理各类政务服务事项一万二千余件，按时办结率达到百分之百，未发生群众投诉。",
    "严格落实首问负责制、一次性告知制和限时办结制，窗口工作人员统一着装、挂牌上岗。",
    "依托一体化在线政务服务平台，推动高频事项网上可办、掌上可办，减少群众跑腿次数。",
    "政务服务“好差评”评价覆盖所有办事窗口，差评件均已在规定时限内完成回访整改。",
    "对照事项清单，逐项核对办事指南要素，做到办事指南准确完整、线上线下标准一致。",
    "设立帮办代办窗口，为老年人、残疾人等特殊群体提供预约服务、上门服务和全程代办。",
    "建立周例会和月通报制度，对工作进度滞后的单位进行督办，确保按期完成各项任务。",
    "大厅内配有自助服务终端、复印机、打印机等设备，设置休息等候区和政务公开栏。",
    "请各单位于规定时间前将佐证材料按要求命名后报送至区政务服务中心，逾期视为未报送。",
    "推行延时服务和错时服务，在中午和周末安排工作人员值班，方便群众错峰办事。",
    "加强窗口工作人员业务培训，全年组织集中培训六次，参训人员考试合格率达到百分之九十八。",
    "进一步压缩办理时限，承诺时限较法定时限平均压缩百分之六十以上。",
    "对群众反映的问题建立台账，明确整改责任人和整改时限，实行销号管理。",
    "村级便民服务站配备专职代办员，实现高频事项就近办、家门口办。",
    "本单位已按要求完成事项认领和办事指南编制工作，现将有关情况报告如下。",
    "下一步，我们将继续深化“放管服”改革，不断提升企业和群众的满意度和获得感。",
    "特此报告。",
    "以上材料真实有效，如有不实，本单位愿承担相应责任。",
]

TABLE_ROWS = [
    ("政务服务事项进驻", "100%", "已完成"),
    ("网上可办率", "98.6%", "已完成"),
    ("好差评评价率", "96.2%", "已完成"),
    ("按时办结率", "100%", "已完成"),
    ("帮办代办件数", "326件", "持续推进"),
    ("窗口人员培训", "6次", "已完成"),
    ("群众投诉办结", "4件", "已完成"),
]

NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周强", "吴丽"]

REDS = ["#d0021b", "#e60012", "#c8161d", "#d7262b", "#cc1f2f", "#e3242b", "#b8141f"]
ORANGES = ["#f04e23", "#e8552a", "#ee4b2b", "#f2542d"]
PURPLES = ["#ad2567", "#a4286a", "#b0306a", "#9e2a5e"]
PINKS = ["#f299b2", "#ef8fa8", "#f4a3b9", "#ee9bb0"]

SEAL_FONTS = [
    ("Noto Serif CJK SC", 700),
    ("Noto Serif CJK SC", 900),
    ("Noto Sans CJK SC", 700),
    ("Noto Sans CJK SC", 500),
    ("Droid Sans Fallback", 400),
    ("Noto Serif CJK TC", 700),
    ("Noto Sans CJK JP", 700),
]
BODY_FONTS = ["Noto Serif CJK SC", "Noto Sans CJK SC", "Droid Sans Fallback"]

# Sub-kinds with a seal and without, per kind (drawn uniformly from the list).
POS_SUBS = {
    "vector": ["normal", "normal", "partial", "partial", "purple", "pink", "orange", "faint",
               "double", "oval", "square", "beside_stamp", "beside_stamp", "beside_hand",
               "red_table", "redhead", "text_over"],
    "pasted": ["normal", "normal", "partial", "partial", "purple", "pink", "faint", "double",
               "oval", "square", "beside_stamp", "beside_stamp", "beside_hand", "white_bg",
               "redhead", "text_over"],
    "scan": ["normal", "normal", "partial", "partial", "partial", "purple", "faint", "double",
             "oval", "square", "beside_stamp", "beside_stamp", "beside_hand", "red_table",
             "redhead", "text_over", "page2"],
    "photo": ["normal", "normal", "partial", "partial", "faint", "faint", "purple", "pink",
              "oval", "square", "beside_stamp", "beside_hand", "red_table", "blur_cast",
              "blur_cast", "glare"],
    "screenshot": ["normal", "normal", "partial", "partial", "faint", "purple", "pink",
                   "double", "oval", "square", "beside_stamp", "beside_hand", "red_table",
                   "redhead", "small_zoom"],
}
NEG_COMMON = ["plain", "plain", "badge_rays", "badge_wheat", "badge_dots", "logo_arc",
              "pen_circle", "rect_stamp", "rect_stamp", "circled_num", "date_stamp",
              "redhead", "red_table", "red_hand"]
NEG_SUBS = {
    "vector": NEG_COMMON,
    "pasted": NEG_COMMON[:1] + ["rect_stamp_img", "rect_stamp_img", "badge_img", "logo_img",
                                "date_stamp_img", "circled_num_img", "redhead_img"] + NEG_COMMON[2:],
    "scan": NEG_COMMON,
    "photo": NEG_COMMON,
    "screenshot": NEG_COMMON + ["ui_icon", "ui_icon"],
}


def pick(rng, xs):
    return xs[rng.randrange(len(xs))]


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------- SVG pieces
# All SVG coordinates are millimetres, centred on the mark.


def star_points(r, cx=0.0, cy=0.0, rot=0.0):
    pts = []
    for k in range(10):
        rr = r if k % 2 == 0 else r * 0.382
        a = math.radians(rot + k * 36)
        pts.append(f"{cx + rr * math.sin(a):.3f},{cy - rr * math.cos(a):.3f}")
    return " ".join(pts)


def arc_path(rx, ry, span_deg, bottom=False):
    """An arc centred on the top (or bottom) of an ellipse, drawn so that text
    on it reads left to right with glyph tops facing outwards."""
    h = math.radians(span_deg / 2)
    large = 1 if span_deg > 180 else 0
    if not bottom:
        x1, y1 = -rx * math.sin(h), -ry * math.cos(h)
        x2, y2 = rx * math.sin(h), -ry * math.cos(h)
        return f"M {x1:.3f} {y1:.3f} A {rx:.3f} {ry:.3f} 0 {large} 1 {x2:.3f} {y2:.3f}"
    x1, y1 = -rx * math.sin(h), ry * math.cos(h)
    x2, y2 = rx * math.sin(h), ry * math.cos(h)
    return f"M {x1:.3f} {y1:.3f} A {rx:.3f} {ry:.3f} 0 {large} 0 {x2:.3f} {y2:.3f}"


def ellipse_arc_len(rx, ry, span_deg, steps=200):
    h = math.radians(span_deg / 2)
    tot = 0.0
    px, py = rx * math.sin(-h), -ry * math.cos(-h)
    for k in range(1, steps + 1):
        t = -h + 2 * h * k / steps
        x, y = rx * math.sin(t), -ry * math.cos(t)
        tot += math.hypot(x - px, y - py)
        px, py = x, y
    return tot


def text_on_path(pid, d, text, fs, font, weight, color, path_len, stretch=1.0):
    n = len(text)
    spacing = max(0.0, (path_len - n * fs) / max(1, n - 1)) if n > 1 else 0.0
    return (
        f'<path id="{pid}" d="{d}" fill="none"/>'
        f'<text font-family="{font}" font-weight="{weight}" font-size="{fs:.3f}" fill="{color}" '
        f'letter-spacing="{spacing:.3f}">'
        f'<textPath href="#{pid}" startOffset="0">{esc(text)}</textPath></text>'
    )


def ink_filter(fid, rng, strength):
    """Uneven ink: a small displacement of the outline and speckled coverage."""
    bf = rng.uniform(0.25, 0.6)
    disp = rng.uniform(0.15, 0.45) * strength
    bf2 = rng.uniform(0.6, 1.6)
    a = rng.uniform(2.2, 3.5)
    b = rng.uniform(-0.55, -0.25) - 0.2 * (strength - 1)
    return (
        f'<filter id="{fid}" x="-10%" y="-10%" width="120%" height="120%" '
        f'color-interpolation-filters="sRGB">'
        f'<feTurbulence type="fractalNoise" baseFrequency="{bf:.3f}" numOctaves="2" '
        f'seed="{rng.randrange(1000)}" result="n"/>'
        f'<feDisplacementMap in="SourceGraphic" in2="n" scale="{disp:.3f}" '
        f'xChannelSelector="R" yChannelSelector="G" result="d"/>'
        f'<feTurbulence type="fractalNoise" baseFrequency="{bf2:.3f}" numOctaves="3" '
        f'seed="{rng.randrange(1000)}" result="n2"/>'
        f'<feColorMatrix in="n2" type="matrix" values="0 0 0 0 0  0 0 0 0 0  0 0 0 0 0  '
        f'0 0 0 {a:.3f} {b:.3f}" result="m"/>'
        f'<feComposite in="d" in2="m" operator="in"/></filter>'
    )


def wrap_svg(inner, w, h, defs="", extra_style=""):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.2f}mm" height="{h:.2f}mm" '
        f'viewBox="{-w / 2:.3f} {-h / 2:.3f} {w:.3f} {h:.3f}" style="overflow:visible;{extra_style}">'
        f"<defs>{defs}</defs>{inner}</svg>"
    )


def effects_group(uid, rng, inner, w, h, fx, vector):
    """Wrap a mark's drawing in its ink effects. Returns (defs, group)."""
    defs = ""
    attrs = ""
    op = fx.get("opacity", 1.0)
    if fx.get("rough") and not vector:
        defs += ink_filter(f"f{uid}", rng, fx.get("rough_strength", 1.0))
        attrs += f' filter="url(#f{uid})"'
    part = fx.get("partial")
    if part is None:
        return defs, f'<g opacity="{op:.3f}"{attrs}>{inner}</g>'
    ang, cut, floor = part  # direction towards the faded side, cut offset (fraction of R), ink left there
    ux, uy = math.sin(math.radians(ang)), -math.cos(math.radians(ang))
    R = max(w, h) / 2
    if vector:
        # Clip: the inked side fully, the other side at a low opacity (or not at all).
        c = cut * R
        big = 4 * R
        px, py = -uy, ux  # along the cut line

        def half(sign):
            a1 = (c * ux + px * big, c * uy + py * big)
            a2 = (c * ux - px * big, c * uy - py * big)
            b1 = (a2[0] + sign * ux * big, a2[1] + sign * uy * big)
            b2 = (a1[0] + sign * ux * big, a1[1] + sign * uy * big)
            return " ".join(f"{x:.3f},{y:.3f}" for x, y in (a1, a2, b1, b2))

        defs += f'<clipPath id="ci{uid}"><polygon points="{half(-1)}"/></clipPath>'
        defs += f'<clipPath id="co{uid}"><polygon points="{half(1)}"/></clipPath>'
        g = f'<g opacity="{op:.3f}" clip-path="url(#ci{uid})">{inner}</g>'
        if floor > 0.02:
            g += f'<g opacity="{op * floor:.3f}" clip-path="url(#co{uid})">{inner}</g>'
        return defs, g
    # Raster: a luminance mask fading from the inked side to the faded side.
    x1, y1 = -ux * R, -uy * R
    x2, y2 = ux * R, uy * R
    s0 = 0.5 + cut / 2 - 0.1
    s1 = min(0.98, s0 + 0.25)
    lv = int(255 * floor)
    defs += (
        f'<linearGradient id="lg{uid}" gradientUnits="userSpaceOnUse" x1="{x1:.3f}" y1="{y1:.3f}" '
        f'x2="{x2:.3f}" y2="{y2:.3f}"><stop offset="0" stop-color="#fff"/>'
        f'<stop offset="{s0:.3f}" stop-color="#fff"/>'
        f'<stop offset="{s1:.3f}" stop-color="rgb({lv},{lv},{lv})"/>'
        f'<stop offset="1" stop-color="rgb({lv},{lv},{lv})"/></linearGradient>'
        f'<mask id="mk{uid}" maskUnits="userSpaceOnUse" x="{-w:.2f}" y="{-h:.2f}" '
        f'width="{2 * w:.2f}" height="{2 * h:.2f}"><rect x="{-w:.2f}" y="{-h:.2f}" '
        f'width="{2 * w:.2f}" height="{2 * h:.2f}" fill="url(#lg{uid})"/></mask>'
    )
    return defs, f'<g opacity="{op:.3f}" mask="url(#mk{uid})"><g{attrs}>{inner}</g></g>'


def seal_svg(uid, rng, shape, color, D, fx, vector, unit=None):
    """A seal as an <svg> element of D mm (width). Returns (svg, w_mm, h_mm)."""
    font, weight = pick(rng, SEAL_FONTS)
    if unit is None or rng.random() < 0.2:
        unit = pick(rng, UNITS)
    parts = []
    if shape in ("round", "double"):
        R = D / 2
        w = D * rng.uniform(0.028, 0.045)
        parts.append(f'<circle r="{R - w / 2:.3f}" fill="none" stroke="{color}" stroke-width="{w:.3f}"/>')
        inner_r = R - w
        if shape == "double":
            w2 = rng.uniform(0.25, 0.5)
            gap = rng.uniform(0.6, 1.1)
            parts.append(f'<circle r="{inner_r - gap - w2 / 2:.3f}" fill="none" stroke="{color}" '
                         f'stroke-width="{w2:.3f}"/>')
            inner_r -= gap + w2
        text = unit
        if rng.random() < 0.25 and len(text) < 14:
            text = "平顶山市" + text if "平顶山" not in text and "如东" not in text else text
        n = len(text)
        span = min(300.0, max(190.0, 14.0 * n + rng.uniform(40, 80)))
        fs = D * rng.uniform(0.13, 0.16)
        gap = rng.uniform(0.4, 1.0)
        for _ in range(20):
            rb = inner_r - gap - fs * 0.88
            L = rb * math.radians(span)
            if n * fs <= L * 0.97:
                break
            fs *= 0.94
        rb = inner_r - gap - fs * 0.88
        L = rb * math.radians(span)
        parts.append(text_on_path(f"p{uid}", arc_path(rb, rb, span), text, fs, font, weight, color, L))
        sr = D * rng.uniform(0.12, 0.17)
        sy = -D * rng.uniform(-0.02, 0.04)
        parts.append(f'<polygon fill="{color}" points="{star_points(sr, 0, sy)}"/>')
        bottom = pick(rng, BOTTOMS)
        if bottom:
            bfs = fs * rng.uniform(0.75, 0.95)
            by = sy + sr + bfs * 1.25 + D * 0.02
            parts.append(f'<text x="0" y="{by:.3f}" text-anchor="middle" font-family="{font}" '
                         f'font-weight="{weight}" font-size="{bfs:.3f}" fill="{color}">{bottom}</text>')
        if rng.random() < 0.35:
            code = "".join(str(rng.randrange(10)) for _ in range(13))
            cfs = D * 0.045
            rc = inner_r - gap - 0.2
            cspan = rng.uniform(70, 100)
            d = arc_path(rc, rc, cspan, bottom=True)
            parts.append(text_on_path(f"c{uid}", d, code, cfs, "Noto Sans CJK SC", 400, color,
                                      rc * math.radians(cspan)))
        W = H = D
    elif shape == "oval":
        rx, ry = D / 2, D / 2 * rng.uniform(0.64, 0.72)
        w = rng.uniform(0.9, 1.4)
        parts.append(f'<ellipse rx="{rx - w / 2:.3f}" ry="{ry - w / 2:.3f}" fill="none" stroke="{color}" '
                     f'stroke-width="{w:.3f}"/>')
        if rng.random() < 0.4:
            parts.append(f'<ellipse rx="{rx - w - 0.8:.3f}" ry="{ry - w - 0.8:.3f}" fill="none" '
                         f'stroke="{color}" stroke-width="0.3"/>')
            w += 1.1
        text = unit
        n = len(text)
        fs = ry * rng.uniform(0.30, 0.36)
        span = rng.uniform(230, 270)
        for _ in range(20):
            ax, ay = rx - w - 0.6 - fs * 0.88, ry - w - 0.6 - fs * 0.88
            L = ellipse_arc_len(ax, ay, span)
            if n * fs <= L * 0.97:
                break
            fs *= 0.94
        ax, ay = rx - w - 0.6 - fs * 0.88, ry - w - 0.6 - fs * 0.88
        L = ellipse_arc_len(ax, ay, span)
        parts.append(text_on_path(f"p{uid}", arc_path(ax, ay, span), text, fs, font, weight, color, L))
        bottom = pick(rng, ["合同专用章", "财务专用章", "发票专用章"])
        bfs = ry * rng.uniform(0.28, 0.34)
        parts.append(f'<text x="0" y="{ry * 0.42:.3f}" text-anchor="middle" font-family="{font}" '
                     f'font-weight="{weight}" font-size="{bfs:.3f}" fill="{color}">{bottom}</text>')
        code = "".join(str(rng.randrange(10)) for _ in range(rng.choice([10, 13])))
        parts.append(f'<text x="0" y="{ry * 0.02:.3f}" text-anchor="middle" font-family="Noto Sans CJK SC" '
                     f'font-size="{ry * 0.2:.3f}" fill="{color}">{code}</text>')
        if rng.random() < 0.4:
            parts.append(f'<polygon fill="{color}" points="{star_points(ry * 0.18, 0, -ry * 0.25)}"/>')
        W, H = 2 * rx, 2 * ry
    else:  # square personal seal (名章)
        S = D
        name = pick(rng, NAMES)
        chars = name + ("之印" if len(name) == 2 and rng.random() < 0.5 else "印")
        if len(chars) == 3:
            chars = chars[0] + chars[1] + chars[2] + "章" if rng.random() < 0.5 else chars[:2] + "私印"
        inverse = rng.random() < 0.35
        w = S * rng.uniform(0.05, 0.08)
        h2 = S / 2
        if inverse:
            parts.append(f'<rect x="{-h2:.3f}" y="{-h2:.3f}" width="{S:.3f}" height="{S:.3f}" rx="{S * 0.05:.3f}" '
                         f'fill="{color}"/>')
            tc = "#fff"
        else:
            parts.append(f'<rect x="{-h2 + w / 2:.3f}" y="{-h2 + w / 2:.3f}" width="{S - w:.3f}" '
                         f'height="{S - w:.3f}" rx="{S * 0.04:.3f}" fill="none" stroke="{color}" '
                         f'stroke-width="{w:.3f}"/>')
            tc = color
        fs = (S - 2 * w) * 0.44
        # right column first, top to bottom
        pos = [(S * 0.22, -S * 0.02), (S * 0.22, S * 0.42), (-S * 0.22, -S * 0.02), (-S * 0.22, S * 0.42)]
        for ch, (x, y) in zip(chars, pos):
            parts.append(f'<text x="{x:.3f}" y="{y:.3f}" text-anchor="middle" font-family="{font}" '
                         f'font-weight="{weight}" font-size="{fs:.3f}" fill="{tc}">{ch}</text>')
        W = H = S
    defs, g = effects_group(uid, rng, "".join(parts), W, H, fx, vector)
    return wrap_svg(g, W, H, defs), W, H


def rect_stamp_svg(uid, rng, color, fx, vector):
    kind = rng.randrange(6)
    date = "2026年3月15日"
    font = pick(rng, ["Noto Sans CJK SC", "Noto Serif CJK SC", "Droid Sans Fallback"])
    if kind == 0:
        lines, W, H = ["已审核"], rng.uniform(30, 42), rng.uniform(12, 16)
    elif kind == 1:
        lines, W, H = ["APPROVED"], rng.uniform(38, 55), rng.uniform(12, 17)
        font = pick(rng, ["DejaVu Sans", "Liberation Sans", "Noto Sans CJK SC"])
    elif kind == 2:
        lines, W, H = ["收  文", date, "第    号"], rng.uniform(34, 44), rng.uniform(20, 26)
    elif kind == 3:
        lines, W, H = ["复印件与原件一致"], rng.uniform(42, 55), rng.uniform(11, 15)
    elif kind == 4:
        lines, W, H = ["审核通过", date], rng.uniform(34, 44), rng.uniform(16, 20)
    else:
        lines, W, H = ["已归档"], rng.uniform(28, 38), rng.uniform(11, 15)
    bw = rng.uniform(0.6, 1.3)
    parts = [f'<rect x="{-W / 2 + bw / 2:.3f}" y="{-H / 2 + bw / 2:.3f}" width="{W - bw:.3f}" height="{H - bw:.3f}" '
             f'rx="{rng.choice([0, 0, 1.2]):.2f}" fill="none" stroke="{color}" stroke-width="{bw:.3f}"/>']
    if rng.random() < 0.4:
        parts.append(f'<rect x="{-W / 2 + bw + 0.8:.3f}" y="{-H / 2 + bw + 0.8:.3f}" width="{W - 2 * bw - 1.6:.3f}" '
                     f'height="{H - 2 * bw - 1.6:.3f}" fill="none" stroke="{color}" stroke-width="0.35"/>')
    n = len(lines)
    lh = (H - 2 * bw - 2) / n
    for k, t in enumerate(lines):
        per_char = 0.72 if t.isascii() else 1.0  # advance of a bold Latin capital vs a CJK glyph
        fs = min(lh * (0.8 if k == 0 else 0.6), (W - 2 * bw - 3) / (max(1, len(t)) * per_char))
        y = -H / 2 + bw + 1 + lh * (k + 0.5) + fs * 0.35
        parts.append(f'<text x="0" y="{y:.3f}" text-anchor="middle" font-family="{font}" font-weight="700" '
                     f'font-size="{fs:.3f}" fill="{color}">{esc(t)}</text>')
    defs, g = effects_group(uid, rng, "".join(parts), W, H, fx, vector)
    return wrap_svg(g, W, H, defs), W, H


def badge_svg(uid, rng, color, D, variant, fx, vector):
    R = D / 2
    parts = []
    if variant != "wheat" or rng.random() < 0.6:
        w = rng.uniform(0.8, 1.8)
        parts.append(f'<circle r="{R - w / 2:.3f}" fill="none" stroke="{color}" stroke-width="{w:.3f}"/>')
        if rng.random() < 0.5:
            parts.append(f'<circle r="{R * 0.78:.3f}" fill="none" stroke="{color}" stroke-width="{w * 0.4:.3f}"/>')
    sr = R * rng.uniform(0.28, 0.4)
    parts.append(f'<polygon fill="{color}" points="{star_points(sr)}"/>')
    if variant == "rays":
        n = rng.choice([16, 20, 24, 32])
        for k in range(n):
            a = 2 * math.pi * k / n
            r1, r2 = sr * 1.15, R * rng.uniform(0.66, 0.74)
            hw = math.radians(360 / n) * 0.22
            pts = [(r1 * math.sin(a), -r1 * math.cos(a)),
                   (r2 * math.sin(a - hw), -r2 * math.cos(a - hw)),
                   (r2 * math.sin(a + hw), -r2 * math.cos(a + hw))]
            parts.append(f'<polygon fill="{color}" points="' + " ".join(f"{x:.3f},{y:.3f}" for x, y in pts) + '"/>')
    elif variant == "wheat":
        for side in (-1, 1):
            for k in range(9):
                t = math.radians(200 - k * 14) if side < 0 else math.radians(-20 + k * 14)
                rr = R * 0.7
                x, y = rr * math.cos(t) * (1 if side > 0 else 1), rr * math.sin(t)
                x = abs(x) * side
                y = abs(y) * (1 if k < 6 else -1) * (0.9 if k < 6 else 0.6)
                ang = math.degrees(math.atan2(y, x)) + 90 * side
                parts.append(f'<ellipse cx="{x:.3f}" cy="{y:.3f}" rx="{R * 0.05:.3f}" ry="{R * 0.12:.3f}" '
                             f'transform="rotate({ang:.1f} {x:.3f} {y:.3f})" fill="{color}"/>')
            parts.append(f'<path d="M {side * R * 0.2:.3f} {R * 0.75:.3f} Q {side * R * 0.75:.3f} {R * 0.55:.3f} '
                         f'{side * R * 0.62:.3f} {-R * 0.3:.3f}" fill="none" stroke="{color}" stroke-width="{R * 0.03:.3f}"/>')
        parts.append(f'<rect x="{-R * 0.35:.3f}" y="{R * 0.62:.3f}" width="{R * 0.7:.3f}" height="{R * 0.1:.3f}" fill="{color}"/>')
    else:  # dots
        n = rng.choice([24, 30, 36, 48])
        rr = R * rng.uniform(0.62, 0.7)
        for k in range(n):
            a = 2 * math.pi * k / n
            parts.append(f'<circle cx="{rr * math.sin(a):.3f}" cy="{-rr * math.cos(a):.3f}" r="{R * 0.035:.3f}" fill="{color}"/>')
        if rng.random() < 0.5:
            parts.append(f'<circle r="{R * 0.5:.3f}" fill="none" stroke="{color}" stroke-width="{R * 0.02:.3f}"/>')
    defs, g = effects_group(uid, rng, "".join(parts), D, D, fx, vector)
    return wrap_svg(g, D, D, defs), D, D


def logo_arc_svg(uid, rng, color, D, fx, vector):
    R = D / 2
    parts = []
    for k in range(rng.choice([1, 2, 3])):
        r = R * (0.95 - 0.2 * k)
        span = rng.uniform(200, 300)
        start = rng.uniform(0, 360)
        a1, a2 = math.radians(start), math.radians(start + span)
        x1, y1 = r * math.sin(a1), -r * math.cos(a1)
        x2, y2 = r * math.sin(a2), -r * math.cos(a2)
        sw = R * rng.uniform(0.07, 0.16)
        parts.append(f'<path d="M {x1:.3f} {y1:.3f} A {r:.3f} {r:.3f} 0 {1 if span > 180 else 0} 1 {x2:.3f} {y2:.3f}" '
                     f'fill="none" stroke="{color}" stroke-width="{sw:.3f}" stroke-linecap="round"/>')
    c = rng.randrange(3)
    if c == 0:
        parts.append(f'<circle r="{R * 0.18:.3f}" fill="{color}"/>')
    elif c == 1:
        parts.append(f'<path d="M {-R * 0.3:.3f} {R * 0.15:.3f} L 0 {-R * 0.3:.3f} L {R * 0.3:.3f} {R * 0.15:.3f} Z" fill="{color}"/>')
    else:
        parts.append(f'<path d="M {-R * 0.3:.3f} 0 Q 0 {-R * 0.5:.3f} {R * 0.3:.3f} 0 Q 0 {R * 0.5:.3f} {-R * 0.3:.3f} 0 Z" fill="{color}"/>')
    defs, g = effects_group(uid, rng, "".join(parts), D, D, fx, vector)
    return wrap_svg(g, D, D, defs), D, D


def date_stamp_svg(uid, rng, color, D, fx, vector):
    R = D / 2
    w = rng.uniform(0.7, 1.2)
    parts = [f'<circle r="{R - w / 2:.3f}" fill="none" stroke="{color}" stroke-width="{w:.3f}"/>']
    if rng.random() < 0.6:
        parts.append(f'<circle r="{R * 0.8:.3f}" fill="none" stroke="{color}" stroke-width="0.4"/>')
    parts.append(f'<line x1="{-R * 0.78:.3f}" y1="{-R * 0.22:.3f}" x2="{R * 0.78:.3f}" y2="{-R * 0.22:.3f}" stroke="{color}" stroke-width="0.4"/>')
    parts.append(f'<line x1="{-R * 0.78:.3f}" y1="{R * 0.22:.3f}" x2="{R * 0.78:.3f}" y2="{R * 0.22:.3f}" stroke="{color}" stroke-width="0.4"/>')
    fs = R * 0.26
    date = pick(rng, ["2026.03.15", "2026-03-15", "26.03.15"])
    parts.append(f'<text x="0" y="{fs * 0.36:.3f}" text-anchor="middle" font-family="DejaVu Sans Mono" '
                 f'font-weight="700" font-size="{fs:.3f}" fill="{color}">{date}</text>')
    parts.append(f'<text x="0" y="{-R * 0.42:.3f}" text-anchor="middle" font-family="DejaVu Sans Mono" '
                 f'font-size="{fs * 0.8:.3f}" fill="{color}">{rng.randrange(8, 18):02d}</text>')
    parts.append(f'<text x="0" y="{R * 0.6:.3f}" text-anchor="middle" font-family="DejaVu Sans Mono" '
                 f'font-size="{fs * 0.8:.3f}" fill="{color}">{rng.randrange(100, 999)}</text>')
    defs, g = effects_group(uid, rng, "".join(parts), D, D, fx, vector)
    return wrap_svg(g, D, D, defs), D, D


def circled_num_svg(uid, rng, color, D, fx, vector):
    R = D / 2
    w = rng.uniform(0.5, 1.4)
    num = str(rng.randrange(1, 10))
    parts = [f'<circle r="{R - w / 2:.3f}" fill="none" stroke="{color}" stroke-width="{w:.3f}"/>',
             f'<text x="0" y="{R * 0.4:.3f}" text-anchor="middle" font-family="DejaVu Sans" font-weight="700" '
             f'font-size="{R * 1.15:.3f}" fill="{color}">{num}</text>']
    defs, g = effects_group(uid, rng, "".join(parts), D, D, fx, vector)
    return wrap_svg(g, D, D, defs), D, D


def smooth_path(pts, closed=False):
    """Catmull-Rom through pts as cubic Béziers."""
    if closed:
        pts = pts + pts[:3]
    d = f"M {pts[0][0]:.3f} {pts[0][1]:.3f}"
    for k in range(len(pts) - 3 if closed else len(pts) - 1):
        p0 = pts[max(0, k - 1)]
        p1, p2 = pts[k], pts[k + 1]
        p3 = pts[min(len(pts) - 1, k + 2)]
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        d += f" C {c1[0]:.3f} {c1[1]:.3f} {c2[0]:.3f} {c2[1]:.3f} {p2[0]:.3f} {p2[1]:.3f}"
    return d


def pen_circle_svg(uid, rng, color, D):
    R = D / 2
    n = 26
    over = rng.uniform(0.15, 0.7)
    ph = rng.uniform(0, 6.28)
    ex = rng.uniform(0.75, 1.0)
    pts = []
    for k in range(n + 1):
        t = ph + (2 * math.pi + over) * k / n
        rr = R * (0.92 + 0.06 * math.sin(2 * t + ph) + rng.uniform(-0.02, 0.02) + 0.05 * k / n)
        pts.append((rr * math.cos(t), rr * math.sin(t) * ex))
    sw = rng.uniform(0.45, 1.0)
    g = f'<path d="{smooth_path(pts)}" fill="none" stroke="{color}" stroke-width="{sw:.3f}" stroke-linecap="round"/>'
    return wrap_svg(g, D, D), D, D


def hand_svg(uid, rng, color, W, H):
    """Red pen handwriting: a short line of scribbled characters and a flourish."""
    parts = []
    nch = rng.randrange(3, 7)
    cw = W / (nch + 1.5)
    sw = rng.uniform(0.35, 0.7)
    for c in range(nch):
        x0 = -W / 2 + c * cw * 1.05
        y0 = -H / 2 + rng.uniform(0, H * 0.2)
        for _ in range(rng.randrange(3, 7)):
            pts = [(x0 + rng.uniform(0, cw), y0 + rng.uniform(0, cw)) for _ in range(rng.choice([2, 3, 4]))]
            parts.append(f'<path d="{smooth_path(pts)}" fill="none" stroke="{color}" stroke-width="{sw:.3f}" '
                         f'stroke-linecap="round"/>')
    pts = [(-W / 2 + W * k / 6 + rng.uniform(-2, 2), H / 2 - H * 0.25 + rng.uniform(-2, 2)) for k in range(7)]
    parts.append(f'<path d="{smooth_path(pts)}" fill="none" stroke="{color}" stroke-width="{sw:.3f}" stroke-linecap="round"/>')
    return wrap_svg("".join(parts), W, H), W, H


# ---------------------------------------------------------------- page layout


class Page:
    """An A4 page: flowing text and absolutely placed marks (mm)."""

    count = 0

    def __init__(self, rng, redhead=False, red_table=False, table=None, cover=False):
        Page.count += 1
        self.cls = f"sheet{Page.count}"
        self.rng = rng
        self.marks = []  # (html, cx, cy, w, h, rot, blend)
        self.redhead = redhead
        self.red_table = red_table
        self.table = rng.random() < 0.45 if table is None else table
        self.font = pick(rng, BODY_FONTS)
        self.fs = rng.uniform(11.5, 14.5)  # pt
        self.left = rng.uniform(22, 30)
        self.top = rng.uniform(22, 34)
        self.sig_x = rng.uniform(118, 150)  # left of signature block
        self.sig_y = rng.uniform(185, 235)
        self.unit = pick(rng, UNITS)
        self.title = pick(rng, TITLES)
        self.paras = []
        for _ in range(rng.randrange(3, 7)):
            k = rng.randrange(1, 4)
            self.paras.append("".join(pick(rng, SENTS) for _ in range(k)))
        self.extra_html = ""
        self.cover = cover
        if cover:  # a first page: text down to the bottom margin, no signature
            self.sig_y = 290

    def seal_spot(self):
        """Centre of a seal placed over the signature and date."""
        rng = self.rng
        return self.sig_x + rng.uniform(12, 30), self.sig_y + rng.uniform(-2, 12)

    def add(self, svg, cx, cy, w, h, rot=0.0, blend=False, img=False):
        self.marks.append((svg, cx, cy, w, h, rot, blend, img))

    def css(self):
        col = "#c00" if self.red_table else "#222"
        return (
            f".{self.cls}{{position:relative;width:210mm;height:297mm;overflow:hidden;background:#fff;"
            f"font-family:'{self.font}';color:#111}}"
            f".{self.cls} .body{{position:absolute;left:{self.left:.1f}mm;top:{self.top:.1f}mm;"
            f"width:{210 - 2 * self.left:.1f}mm;height:{self.sig_y - self.top - 4:.1f}mm;overflow:hidden}}"
            f".{self.cls} p{{margin:0;text-indent:2em;line-height:1.7;font-size:{self.fs:.1f}pt;text-align:justify}}"
            f".{self.cls} h1{{font-size:{self.fs * 1.45:.1f}pt;text-align:center;margin:2mm 0 5mm 0;font-weight:700}}"
            f".{self.cls} table{{border-collapse:collapse;width:100%;margin:3mm 0;font-size:{self.fs * 0.85:.1f}pt}}"
            f".{self.cls} td,.{self.cls} th{{border:{0.5 if self.red_table else 0.3}mm solid {col};padding:1mm 2mm;text-align:center}}"
            f".{self.cls} .sig{{position:absolute;left:{self.sig_x:.1f}mm;top:{self.sig_y:.1f}mm;"
            f"font-size:{self.fs:.1f}pt;line-height:2;text-align:center}}"
            f".{self.cls} .rh{{color:#d40000;text-align:center;font-size:{self.fs * 2.1:.1f}pt;font-weight:700;"
            f"letter-spacing:1mm;margin-top:2mm}}"
            f".{self.cls} .rl{{border-top:0.8mm solid #d40000;margin:2mm 0 4mm 0}}"
            f".{self.cls} .no{{text-align:center;font-size:{self.fs:.1f}pt;margin-top:3mm}}"
        )

    def html(self):
        rng = self.rng
        b = []
        if self.redhead:
            b.append(f'<div class="rh">{esc(self.unit)}文件</div>')
            b.append(f'<div class="no">{self.unit[:2]}政〔2026〕{rng.randrange(3, 40)}号</div>')
            b.append('<div class="rl"></div>')
        b.append(f"<h1>{esc(self.title)}</h1>")
        if rng.random() < 0.6:
            b.append('<p style="text-indent:0">各乡镇人民政府、街道办事处，区直有关单位：</p>')
        for k, p in enumerate(self.paras):
            b.append(f"<p>{esc(p)}</p>")
            if self.table and k == 1:
                rows = rng.sample(TABLE_ROWS, rng.randrange(3, 6))
                t = ["<table><tr><th>序号</th><th>考核指标</th><th>完成情况</th><th>备注</th></tr>"]
                for j, (a, v, s) in enumerate(rows):
                    t.append(f"<tr><td>{j + 1}</td><td>{a}</td><td>{v}</td><td>{s}</td></tr>")
                t.append("</table>")
                b.append("".join(t))
        body = '<div class="body">' + "".join(b) + "</div>"
        sig = "" if self.cover else f'<div class="sig">{esc(self.unit)}<br>2026年3月15日</div>'
        marks = []
        for svg, cx, cy, w, h, rot, blend, img in self.marks:
            style = (f"position:absolute;left:{cx - w / 2:.2f}mm;top:{cy - h / 2:.2f}mm;"
                     f"width:{w:.2f}mm;height:{h:.2f}mm;transform:rotate({rot:.1f}deg);")
            if blend:
                style += "mix-blend-mode:multiply;"
            if img:
                marks.append(f'<img src="{svg}" style="{style}">')
            else:
                marks.append(f'<div style="{style}">{svg}</div>')
        return f'<div class="{self.cls}">{body}{sig}{self.extra_html}{"".join(marks)}</div>'


def standalone_html(css, inner, bg="#fff"):
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
        "@page{size:210mm 297mm;margin:0}html,body{margin:0;padding:0;"
        f"background:{bg}}}{css}</style></head><body>{inner}</body></html>"
    )


# ---------------------------------------------------------------- tools


def chromium(args, tmp, timeout=120):
    ud = tempfile.mkdtemp(prefix="ud", dir=tmp)
    cmd = ["nice", "-n", "5", "chromium"] + CHROMIUM_FLAGS + [f"--user-data-dir={ud}"] + args
    for attempt in range(2):
        try:
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout, check=True)
            break
        except (subprocess.TimeoutExpired, subprocess.CalledProcessError):
            if attempt == 1:
                raise
    shutil.rmtree(ud, ignore_errors=True)


def print_pdf(html, tmp, name="page"):
    src = os.path.join(tmp, name + ".html")
    out = os.path.join(tmp, name + ".pdf")
    with open(src, "w", encoding="utf-8") as f:
        f.write(html)
    chromium(["--no-pdf-header-footer", f"--print-to-pdf={out}", "file://" + src], tmp)
    return out


def screenshot(html, tmp, w, h, scale=1.0, transparent=False, name="shot"):
    src = os.path.join(tmp, name + ".html")
    out = os.path.join(tmp, name + ".png")
    with open(src, "w", encoding="utf-8") as f:
        f.write(html)
    args = [f"--screenshot={out}", f"--window-size={w},{h}", "--hide-scrollbars",
            f"--force-device-scale-factor={scale}"]
    if transparent:
        args.append("--default-background-color=00000000")
    chromium(args + ["file://" + src], tmp)
    return Image.open(out).convert("RGBA" if transparent else "RGB")


def rasterise(pdf, dpi, tmp):
    base = os.path.join(tmp, f"r{dpi}")
    subprocess.run(["nice", "-n", "5", "pdftoppm", "-r", str(dpi), "-png", pdf, base], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pages = sorted(p for p in os.listdir(tmp) if p.startswith(f"r{dpi}") and p.endswith(".png"))
    return [Image.open(os.path.join(tmp, p)).convert("RGB") for p in pages]


def render_alone(svg, w, h, tmp, px_per_mm, transparent=True, name="alone"):
    """A mark rendered on its own by Chromium, cropped to its ink."""
    pad = 3.0
    W, H = w + 2 * pad, h + 2 * pad
    css = f"body{{width:{W}mm;height:{H}mm}}.m{{position:absolute;left:{pad}mm;top:{pad}mm}}"
    html = standalone_html(css, f'<div class="m">{svg}</div>', "transparent" if transparent else "#fff")
    scale = px_per_mm / (96 / 25.4)
    # generous window (headless windows have a minimum size); cropped to the ink below
    img = screenshot(html, tmp, max(400, int(math.ceil(W * 96 / 25.4)) + 40),
                     max(400, int(math.ceil(H * 96 / 25.4)) + 40), scale=scale, transparent=True, name=name)
    a = np.asarray(img)[:, :, 3]
    ys, xs = np.nonzero(a > 8)
    if len(xs):
        m = int(px_per_mm * 1.5)
        img = img.crop((max(0, xs.min() - m), max(0, ys.min() - m),
                        min(img.width, xs.max() + m + 1), min(img.height, ys.max() + m + 1)))
    return img


def data_uri(img, fmt="PNG", quality=90):
    buf = io.BytesIO()
    if fmt == "JPEG":
        img.convert("RGB").save(buf, "JPEG", quality=quality)
        mime = "image/jpeg"
    else:
        img.save(buf, "PNG", optimize=False)
        mime = "image/png"
    return f"data:{mime};base64," + base64.b64encode(buf.getvalue()).decode()


# ---------------------------------------------------------------- degradations


def to_np(img):
    return np.asarray(img, dtype=np.float32) / 255.0


def from_np(a):
    return Image.fromarray(np.clip(a * 255.0 + 0.5, 0, 255).astype(np.uint8))


def scan_look(img, rng, nrng, dpi):
    a = to_np(img)
    paper = np.array([rng.uniform(0.90, 0.97), rng.uniform(0.89, 0.96), rng.uniform(0.85, 0.94)], np.float32)
    a = a * paper
    c = rng.uniform(0.9, 1.1)
    a = (a - 0.5) * c + 0.5 + rng.uniform(-0.03, 0.02)
    sat = rng.uniform(0.8, 1.0)
    g = a.mean(axis=2, keepdims=True)
    a = g + (a - g) * sat
    a += nrng.normal(0, rng.uniform(0.008, 0.03), a.shape[:2])[:, :, None].astype(np.float32)
    if rng.random() < 0.4:  # dark band at one edge (lid not closed)
        band = int(dpi / 25.4 * rng.uniform(2, 8))
        side = rng.randrange(4)
        ramp = np.linspace(0.55, 1.0, band, dtype=np.float32)
        if side == 0:
            a[:band] *= ramp[:, None, None]
        elif side == 1:
            a[-band:] *= ramp[::-1][:, None, None]
        elif side == 2:
            a[:, :band] *= ramp[None, :, None]
        else:
            a[:, -band:] *= ramp[::-1][None, :, None]
    out = from_np(a)
    fill = tuple(int(255 * x) for x in paper)
    out = out.rotate(rng.uniform(-1.5, 1.5), resample=Image.BICUBIC, fillcolor=fill)
    out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9) * dpi / 200))
    return out


def homography(src, dst):
    """Coefficients mapping dst points to src points (PIL PERSPECTIVE)."""
    A, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        A.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        A.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return np.linalg.solve(np.array(A, float), np.array(b, float))


def apply_h(h, x, y):
    d = h[6] * x + h[7] * y + 1
    return (h[0] * x + h[1] * y + h[2]) / d, (h[3] * x + h[4] * y + h[5]) / d


def photo_look(page, rng, nrng, keep, glare=False):
    """A phone photo of a page. keep: (x, y, r) page pixels of the seal to spare from glare."""
    L = rng.randrange(3000, 4001)
    portrait = rng.random() < 0.75
    W, H = (int(L * 0.75), L) if portrait else (L, int(L * 0.75))
    pw, ph = page.size
    scale = min(W / pw, H / ph) * rng.uniform(0.72, 0.95)
    cw, chh = pw * scale, ph * scale
    cx, cy = W / 2 + rng.uniform(-0.06, 0.06) * W, H / 2 + rng.uniform(-0.05, 0.05) * H
    j = rng.uniform(0.02, 0.09)
    quad = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        quad.append((cx + sx * cw / 2 + rng.uniform(-j, j) * cw, cy + sy * chh / 2 + rng.uniform(-j, j) * chh))
    # keep the page inside the frame
    quad = [(min(max(x, W * 0.01), W * 0.99), min(max(y, H * 0.01), H * 0.99)) for x, y in quad]
    src = [(0, 0), (pw, 0), (pw, ph), (0, ph)]
    h_in = homography(src, quad)  # photo -> page
    h_out = homography(quad, src)  # page -> photo
    desk = np.empty((H, W, 3), np.float32)
    base = pick(rng, [(0.45, 0.32, 0.2), (0.35, 0.35, 0.36), (0.72, 0.7, 0.66), (0.2, 0.2, 0.22), (0.58, 0.45, 0.32)])
    desk[:] = base
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    low = Image.fromarray((nrng.random((6, 8)) * 255).astype(np.uint8)).resize((W, H), Image.BICUBIC)
    desk *= (0.85 + 0.3 * to_np(low))[:, :, None]
    desk += nrng.normal(0, 0.015, (H, W)).astype(np.float32)[:, :, None]
    warped = page.transform((W, H), Image.PERSPECTIVE, tuple(h_in), resample=Image.BICUBIC)
    mask = Image.new("L", page.size, 255).transform((W, H), Image.PERSPECTIVE, tuple(h_in), resample=Image.BILINEAR)
    m = to_np(mask)[:, :, None]
    a = to_np(warped) * m + desk * (1 - m)
    # light: a smooth gradient, vignetting, white balance, exposure
    gx, gy = rng.uniform(-0.25, 0.25), rng.uniform(-0.25, 0.25)
    a *= (1 + gx * (xx / W - 0.5) + gy * (yy / H - 0.5))[:, :, None]
    r2 = ((xx - W / 2) / (W / 2)) ** 2 + ((yy - H / 2) / (H / 2)) ** 2
    a *= (1 - rng.uniform(0.12, 0.4) * r2 / 2)[:, :, None]
    cast = pick(rng, [(1.06, 1.0, 0.84), (0.9, 0.97, 1.1), (0.95, 1.05, 0.9), (1.1, 0.98, 0.78), (1.0, 1.0, 1.0),
                      (1.03, 1.0, 0.93)])
    a *= np.array(cast, np.float32)
    a = np.clip(a, 0, 1) ** rng.uniform(0.8, 1.2)
    glare_at = None
    if glare or rng.random() < 0.55:
        for _ in range(20):
            gxp, gyp = rng.uniform(0.15, 0.85) * W, rng.uniform(0.15, 0.85) * H
            sig = rng.uniform(0.05, 0.14) * L
            if keep is None:
                break
            sx, sy = apply_h(h_out, keep[0], keep[1])
            if math.hypot(gxp - sx, gyp - sy) > sig * 1.2 + keep[2] * scale:
                break
        amp = rng.uniform(0.3, 0.75)
        gl = amp * np.exp(-(((xx - gxp) ** 2 + (yy - gyp) ** 2) / (2 * sig * sig)))
        a = a + gl[:, :, None] * (1 - a)
        glare_at = (round(gxp), round(gyp), round(sig))
    del xx, yy, r2
    a += nrng.normal(0, rng.uniform(0.006, 0.02), a.shape).astype(np.float32)
    out = from_np(a)
    if rng.random() < 0.3:  # motion blur
        n = rng.randrange(3, 9)
        ang = rng.uniform(0, math.pi)
        acc = np.zeros_like(np.asarray(out), dtype=np.float32)
        base_a = np.asarray(out, dtype=np.float32)
        for k in range(n):
            dx = int(round((k - n / 2) * math.cos(ang)))
            dy = int(round((k - n / 2) * math.sin(ang)))
            acc += np.roll(np.roll(base_a, dy, axis=0), dx, axis=1)
        out = Image.fromarray((acc / n).astype(np.uint8))
    out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 2.6)))
    return out, {"size": [W, H], "glare": glare_at, "cast": cast}


def exif_bytes(rng, w, h):
    import piexif

    make, model = pick(rng, [("HUAWEI", "ELS-AN00"), ("Xiaomi", "2211133C"), ("Apple", "iPhone 13"),
                             ("OPPO", "PGEM10"), ("vivo", "V2229A"), ("HONOR", "ANY-AN00")])
    dt = f"2026:03:{rng.randrange(10, 20):02d} {rng.randrange(8, 18):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
    ex = {
        "0th": {piexif.ImageIFD.Make: make.encode(), piexif.ImageIFD.Model: model.encode(),
                piexif.ImageIFD.Orientation: 1, piexif.ImageIFD.DateTime: dt.encode(),
                piexif.ImageIFD.Software: b"camera"},
        "Exif": {piexif.ExifIFD.DateTimeOriginal: dt.encode(), piexif.ExifIFD.DateTimeDigitized: dt.encode(),
                 piexif.ExifIFD.PixelXDimension: w, piexif.ExifIFD.PixelYDimension: h,
                 piexif.ExifIFD.FocalLength: (rng.randrange(400, 700), 100),
                 piexif.ExifIFD.ISOSpeedRatings: rng.choice([50, 100, 200, 400, 800])},
    }
    return piexif.dump(ex)


# ---------------------------------------------------------------- one file


def seal_color(rng, sub):
    if sub == "purple":
        return pick(rng, PURPLES)
    if sub == "pink":
        return pick(rng, PINKS)
    if sub == "orange":
        return pick(rng, ORANGES)
    return pick(rng, REDS + REDS + ORANGES[:1])


def mark_fx(rng, sub, kind, vector):
    fx = {"opacity": rng.uniform(0.85, 1.0), "rough": not vector and rng.random() < 0.75,
          "rough_strength": rng.uniform(0.6, 1.3)}
    if sub == "partial":
        # at least about half of the seal stays fully inked
        fx["partial"] = (rng.uniform(0, 360), rng.uniform(0.0, 0.4), rng.choice([0.0, rng.uniform(0.03, 0.25)]))
        fx["rough"] = not vector
    if sub == "faint":
        fx["opacity"] = rng.uniform(0.4, 0.6) if kind != "photo" else rng.uniform(0.45, 0.62)
    return fx


def build(i, kind, has_seal, sub, rng, tmp, vector):
    """Lay out the page for one file. Returns (Page, seal_centre_mm or None, meta)."""
    meta = {}
    red_table = sub == "red_table"
    page = Page(rng, redhead=sub == "redhead", red_table=red_table, table=True if red_table else None)
    uid = 0

    def nid():
        nonlocal uid
        uid += 1
        return f"{i}_{uid}"

    focus = None
    if has_seal:
        shape = {"double": "double", "oval": "oval", "square": "square"}.get(sub, "round")
        if shape == "round" and rng.random() < 0.15:
            shape = "double"
        if shape == "square":
            D = rng.uniform(18, 28)
        elif shape == "oval":
            D = rng.uniform(40, 50)
        else:
            D = rng.uniform(35, 50)
        color = seal_color(rng, sub)
        fx = mark_fx(rng, sub, kind, vector)
        rot = rng.uniform(-25, 25) if rng.random() < 0.7 else rng.uniform(-60, 60)
        if sub == "text_over":
            cx, cy = rng.uniform(60, 150), rng.uniform(90, page.sig_y - 30)
        else:
            cx, cy = page.seal_spot()
        meta.update(shape=shape, size_mm=round(D, 1), color=color, rot=round(rot, 1),
                    fx={k: (round(v, 3) if isinstance(v, float) else v) for k, v in fx.items()})
        svg, w, h = seal_svg(nid(), rng, shape, color, D, fx, vector, unit=page.unit)
        if kind == "pasted":
            px = rng.uniform(8, 16)
            img = render_alone(svg, w, h, tmp, px, name="seal")
            white = sub == "white_bg" or rng.random() < 0.3
            if white:
                bg = Image.new("RGBA", img.size, (rng.randrange(238, 256),) * 3 + (255,))
                img = Image.alpha_composite(bg, img)
                uri = data_uri(img, "JPEG", rng.randrange(70, 93))
            else:
                uri = data_uri(img, "PNG")
            pw = img.width / px
            ph = img.height / px
            page.add(uri, cx, cy, pw, ph, rot, blend=rng.random() < 0.3 and not white, img=True)
            meta.update(pasted_px_per_mm=round(px, 1), pasted_bg="white" if white else "alpha")
        else:
            page.add(svg, cx, cy, w, h, rot, blend=rng.random() < 0.5)
        focus = (cx, cy, max(w, h) / 2)
        # another red mark beside it
        if sub == "beside_stamp":
            fx2 = mark_fx(rng, "normal", kind, vector)
            s2, w2, h2 = rect_stamp_svg(nid(), rng, seal_color(rng, "normal"), fx2, vector)
            gap = rng.uniform(-4, 12)
            side = rng.randrange(3)
            if side == 0:
                x2, y2 = cx - max(w, h) / 2 - w2 / 2 - gap, cy + rng.uniform(-8, 8)
            elif side == 1:
                x2, y2 = cx + rng.uniform(-10, 10), cy - max(w, h) / 2 - h2 / 2 - gap
            else:
                x2, y2 = cx + rng.uniform(-10, 10), cy + max(w, h) / 2 + h2 / 2 + gap
            x2 = min(max(x2, w2 / 2 + 5), 205 - w2 / 2)
            page.add(s2, x2, y2, w2, h2, rng.uniform(-12, 12), blend=True)
            meta["beside"] = [round(x2, 1), round(y2, 1)]
        elif sub == "beside_hand":
            s2, w2, h2 = hand_svg(nid(), rng, pick(rng, REDS), rng.uniform(35, 60), rng.uniform(12, 20))
            x2 = min(max(cx - rng.uniform(20, 45), w2 / 2 + 5), 205 - w2 / 2)
            page.add(s2, x2, cy - rng.uniform(15, 35), w2, h2, rng.uniform(-8, 8))
        elif sub in ("red_table", "redhead") and rng.random() < 0.3:
            s2, w2, h2 = rect_stamp_svg(nid(), rng, pick(rng, REDS), mark_fx(rng, "normal", kind, vector), vector)
            page.add(s2, rng.uniform(40, 90), rng.uniform(40, 80), w2, h2, rng.uniform(-10, 10), blend=True)
    else:
        color = pick(rng, REDS + ORANGES[:1] + PURPLES[:1])
        fx = mark_fx(rng, "normal", kind, vector)
        cx, cy = page.seal_spot()
        if rng.random() < 0.25 and sub.startswith(("badge", "logo")):
            cx, cy = rng.uniform(30, 50), rng.uniform(18, 30)  # a letterhead emblem
            page.top += 20
        rot = rng.uniform(-15, 15)
        base = sub.replace("_img", "")
        s = None
        if base.startswith("badge_"):
            s, w, h = badge_svg(nid(), rng, color, rng.uniform(22, 45), base[6:], fx, vector)
        elif base == "logo_arc":
            s, w, h = logo_arc_svg(nid(), rng, color, rng.uniform(20, 42), fx, vector)
            txt = pick(rng, ["政务服务", "便民服务中心", "一网通办", "好差评"])
            page.extra_html += (f'<div style="position:absolute;left:{cx + w / 2 + 2:.1f}mm;top:{cy - 5:.1f}mm;'
                                f'color:{color};font-size:18pt;font-weight:700">{txt}</div>')
        elif base == "rect_stamp":
            s, w, h = rect_stamp_svg(nid(), rng, color, fx, vector)
        elif base == "date_stamp":
            s, w, h = date_stamp_svg(nid(), rng, color, rng.uniform(28, 40), fx, vector)
        elif base == "circled_num":
            for _ in range(rng.randrange(1, 4)):
                d = rng.uniform(8, 30)
                s1, w1, h1 = circled_num_svg(nid(), rng, color, d, fx, vector)
                page.add(s1, rng.uniform(18, 190), rng.uniform(40, 260), w1, h1, rng.uniform(-10, 10))
            s, w, h = circled_num_svg(nid(), rng, color, rng.uniform(25, 40), fx, vector)
        elif base == "pen_circle":
            s, w, h = pen_circle_svg(nid(), rng, color, rng.uniform(35, 55))
            cx, cy = rng.uniform(60, 150), rng.uniform(70, page.sig_y - 20)
            if rng.random() < 0.5:
                h2s, w2, h2 = hand_svg(nid(), rng, color, rng.uniform(25, 40), 10)
                page.add(h2s, cx + rng.uniform(20, 35), cy + rng.uniform(-25, -10), w2, h2, 0)
        elif base == "red_hand":
            s, w, h = hand_svg(nid(), rng, color, rng.uniform(40, 70), rng.uniform(14, 22))
        elif base == "ui_icon":
            s = None
        if s is not None:
            if sub.endswith("_img"):
                px = rng.uniform(8, 14)
                img = render_alone(s, w, h, tmp, px, name="mark")
                if rng.random() < 0.4:
                    bg = Image.new("RGBA", img.size, (255, 255, 255, 255))
                    img = Image.alpha_composite(bg, img)
                    uri = data_uri(img, "JPEG", rng.randrange(70, 93))
                else:
                    uri = data_uri(img, "PNG")
                page.add(uri, cx, cy, img.width / px, img.height / px, rot, img=True)
            else:
                page.add(s, cx, cy, w, h, rot, blend=rng.random() < 0.5)
            focus = (cx, cy, max(w, h) / 2)
        if sub == "redhead_img":
            txt = page.unit + "文件"
            fs = 9.0
            svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="170mm" height="22mm" viewBox="0 0 170 22">'
                   f'<text x="85" y="13" text-anchor="middle" font-family="Noto Serif CJK SC" font-weight="900" '
                   f'font-size="{fs}" fill="#d40000">{esc(txt)}</text>'
                   f'<rect x="0" y="19" width="170" height="1.2" fill="#d40000"/></svg>')
            img = render_alone(svg, 170, 22, tmp, rng.uniform(6, 10), name="rh")
            page.add(data_uri(img, "PNG"), 105, 22, 176, 176 * img.height / img.width, 0, img=True)
            page.top += 28
        meta.update(mark_color=color)
    return page, focus, meta


def screenshot_html(page, rng, focus, vw, vh, small=False):
    """A document viewer in an office web app, with red badges and buttons."""
    top_h, side_w, tool_h = 56, rng.choice([180, 200, 220]), 44
    view_w, view_h = vw - side_w - 40, vh - top_h - tool_h - 30
    pxmm = 96 / 25.4
    if small:  # the whole page small in the viewer
        s = rng.uniform(0.36, 0.5)
    elif rng.random() < 0.5 or focus is None:
        s = min(view_w / (210 * pxmm), view_h / (297 * pxmm)) * rng.uniform(0.92, 1.0)
    else:
        s = min(1.25, view_w / (210 * pxmm)) * rng.uniform(0.7, 1.0)
    if focus is not None:
        s = max(s, 0.36)
    ph = 297 * pxmm * s
    off = 0.0
    if focus is not None and ph > view_h:
        fy = focus[1] * pxmm * s
        off = min(max(fy - view_h * rng.uniform(0.35, 0.65), 0), ph - view_h)
    left = max(10, (view_w - 210 * pxmm * s) / 2)
    menu = ["首页", "待办事项", "佐证材料", "考核评分", "通知公告", "系统设置"]
    badges = {1: rng.randrange(1, 30), 2: rng.randrange(1, 9), 4: rng.randrange(1, 99)}
    side = []
    for k, m in enumerate(menu):
        b = (f'<span class="bd">{badges[k]}</span>' if k in badges and rng.random() < 0.85 else "")
        side.append(f'<div class="mi{" on" if k == 2 else ""}">{m}{b}</div>')
    icons = ""
    if rng.random() < 0.7:
        icons += f'<span class="dot">{rng.randrange(1, 99)}</span>'
    btns = ['<span class="btn">上传</span>', '<span class="btn">下载</span>',
            '<span class="btn red">退回修改</span>' if rng.random() < 0.7 else "",
            '<span class="btn red">删除</span>' if rng.random() < 0.6 else ""]
    head = pick(rng, ["#1f4e8c", "#c81e1e", "#20324d", "#ffffff"])
    hc = "#222" if head == "#ffffff" else "#fff"
    css = (
        f"body{{margin:0;font-family:'Noto Sans CJK SC';background:#eef1f5;width:{vw}px;height:{vh}px;overflow:hidden}}"
        f".top{{height:{top_h}px;background:{head};color:{hc};font-size:20px;line-height:{top_h}px;padding-left:20px;"
        f"border-bottom:1px solid #ddd}}"
        f".top .r{{float:right;margin-right:24px;font-size:14px}}"
        f".side{{position:absolute;top:{top_h}px;left:0;width:{side_w}px;bottom:0;background:#fff;border-right:1px solid #ddd}}"
        f".mi{{padding:12px 20px;font-size:15px;color:#333}}.mi.on{{background:#e6f0ff;color:#1f4e8c}}"
        f".bd{{display:inline-block;background:#f5222d;color:#fff;border-radius:10px;font-size:12px;min-width:18px;"
        f"height:18px;line-height:18px;text-align:center;margin-left:8px;padding:0 4px}}"
        f".dot{{display:inline-block;background:#f5222d;color:#fff;border-radius:50%;width:20px;height:20px;"
        f"line-height:20px;text-align:center;font-size:12px;margin-left:6px}}"
        f".tool{{position:absolute;top:{top_h + 10}px;left:{side_w + 20}px;right:20px;height:{tool_h - 10}px}}"
        f".btn{{display:inline-block;padding:5px 14px;margin-right:10px;border:1px solid #ccc;border-radius:4px;"
        f"background:#fff;font-size:14px}}.btn.red{{background:#e02020;color:#fff;border-color:#e02020}}"
        f".view{{position:absolute;top:{top_h + tool_h + 10}px;left:{side_w + 20}px;width:{view_w}px;"
        f"height:{view_h}px;overflow:hidden;background:#8a8f98}}"
        f".pg{{position:absolute;left:{left:.1f}px;top:{-off + 8:.1f}px;transform:scale({s:.4f});"
        f"transform-origin:0 0;box-shadow:0 0 6px #333}}" + page.css()
    )
    body = (
        f'<div class="top">政务服务绩效考评系统<span class="r">消息{icons}　管理员</span></div>'
        f'<div class="side">{"".join(side)}</div>'
        f'<div class="tool">{"".join(btns)}<span style="font-size:13px;color:#666">'
        f'{esc(page.unit)}-12-佐证材料.pdf　第1页/共1页　{int(s * 100)}%</span></div>'
        f'<div class="view"><div class="pg">{page.html()}</div></div>'
    )
    return standalone_html(css, body), s, off


def ui_icons_html(rng, vw, vh):
    out = []
    for _ in range(rng.randrange(2, 5)):
        d = rng.randrange(28, 90)
        x, y = rng.randrange(vw - d - 10), rng.randrange(60, vh - d - 10)
        glyph = pick(rng, ["!", "✓", "+", "审", "急", "▶", "●"])
        ring = rng.random() < 0.5
        style = (f"position:absolute;left:{x}px;top:{y}px;width:{d}px;height:{d}px;border-radius:50%;"
                 f"text-align:center;line-height:{d}px;font-size:{d // 2}px;font-weight:700;z-index:9;"
                 f"font-family:'Noto Sans CJK SC';")
        if ring:
            style += f"border:{max(2, d // 14)}px solid #e02020;color:#e02020;background:#fff;box-sizing:border-box"
        else:
            style += "background:#e02020;color:#fff"
        out.append(f'<div style="{style}">{glyph}</div>')
    return "".join(out)


def make_one(args):
    i, outdir = args
    rng = random.Random(SEED_BASE + i)
    nrng = np.random.default_rng(SEED_BASE + i)
    kind = KINDS[i % len(KINDS)]
    has_seal = (i // len(KINDS)) % 2 == 0
    sub = pick(rng, POS_SUBS[kind] if has_seal else NEG_SUBS[kind])
    Page.count = 0
    tmp = tempfile.mkdtemp(prefix=f"gen_e_{i}_")
    meta = {"i": i, "seed": SEED_BASE + i, "kind": kind, "seal": int(has_seal), "sub": sub}
    try:
        vector = kind == "vector"
        page, focus, m = build(i, kind, has_seal, sub, rng, tmp, vector)
        meta.update(m)
        if focus is not None:
            meta["at_mm"] = [round(focus[0], 1), round(focus[1], 1)]
        if kind in ("vector", "pasted"):
            name = f"{i:04d}.pdf"
            pages = [page]
            if rng.random() < 0.2:  # a cover page first
                p0 = Page(rng, cover=True)
                pages.insert(0, p0)
                meta["pages"] = 2
            css = "".join(p.css() for p in pages)
            inner = "".join(
                p.html() + ('<div style="page-break-after:always"></div>' if k + 1 < len(pages) else "")
                for k, p in enumerate(pages))
            pdf = print_pdf(standalone_html(css, inner), tmp)
            shutil.copy(pdf, os.path.join(outdir, name))
        elif kind == "scan":
            import img2pdf

            name = f"{i:04d}.pdf"
            dpi = pick(rng, [150, 200, 200, 300])
            pages = [page]
            if sub == "page2" or rng.random() < 0.12:
                p0 = Page(rng, cover=True)
                pages.insert(0, p0)
                meta["pages"] = 2
            jpgs = []
            for k, p in enumerate(pages):
                pdf = print_pdf(standalone_html(p.css(), p.html()), tmp, name=f"p{k}")
                img = rasterise(pdf, dpi, tmp)[0]
                for f in os.listdir(tmp):
                    if f.startswith(f"r{dpi}"):
                        os.remove(os.path.join(tmp, f))
                img = scan_look(img, rng, nrng, dpi)
                buf = io.BytesIO()
                img.save(buf, "JPEG", quality=rng.randrange(65, 93), dpi=(dpi, dpi))
                jpgs.append(buf.getvalue())
            meta["dpi"] = dpi
            with open(os.path.join(outdir, name), "wb") as f:
                f.write(img2pdf.convert(jpgs))
        elif kind == "photo":
            name = f"{i:04d}.jpg"
            dpi = rng.randrange(200, 261)
            pdf = print_pdf(standalone_html(page.css(), page.html()), tmp)
            img = rasterise(pdf, dpi, tmp)[0]
            keep = None
            if focus is not None:
                k = dpi / 25.4
                keep = (focus[0] * k, focus[1] * k, focus[2] * k)
            photo, pm = photo_look(img, rng, nrng, keep, glare=sub == "glare")
            if sub == "blur_cast":
                photo = photo.filter(ImageFilter.GaussianBlur(rng.uniform(1.5, 3.0)))
                a = to_np(photo) * np.array(pick(rng, [(1.12, 0.98, 0.75), (0.85, 0.96, 1.12)]), np.float32)
                photo = from_np(a)
            meta.update(photo=pm, dpi=dpi)
            q = rng.randrange(60, 91)
            photo.save(os.path.join(outdir, name), "JPEG", quality=q, exif=exif_bytes(rng, *photo.size))
            meta["quality"] = q
        else:  # screenshot
            name = f"{i:04d}.png"
            vw, vh = pick(rng, [(1366, 768), (1440, 900), (1920, 1080), (1280, 800), (1536, 864)])
            scale = pick(rng, [1.0, 1.0, 1.0, 1.25, 1.5])
            if sub == "small_zoom":
                scale = 1.0
            html, s, off = screenshot_html(page, rng, focus, vw, vh, small=sub == "small_zoom")
            if sub == "ui_icon":
                html = html.replace("</body>", ui_icons_html(rng, vw, vh) + "</body>")
            img = screenshot(html, tmp, vw, vh, scale=scale)
            img.save(os.path.join(outdir, name), "PNG")
            meta.update(window=[vw, vh], dsf=scale, zoom=round(s, 3), offset_px=round(off))
        meta["file"] = name
        return meta
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--start", type=int, default=0, help="first index (for regenerating a part)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("out")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    idx = list(range(a.start, a.start + a.n))
    metas = []
    with ProcessPoolExecutor(max_workers=a.jobs) as ex:
        for m in ex.map(make_one, [(i, a.out) for i in idx]):
            metas.append(m)
            print(f"{m['file']} {m['kind']} seal={m['seal']} {m['sub']}", file=sys.stderr)
    metas.sort(key=lambda m: m["i"])
    with open(os.path.join(a.out, "labels.csv"), "w", encoding="utf-8") as f:
        f.write("file,kind,seal,sub\n")
        for m in metas:
            f.write(f"{m['file']},{m['kind']},{m['seal']},{m['sub']}\n")
    with open(os.path.join(a.out, "meta.jsonl"), "w", encoding="utf-8") as f:
        for m in metas:
            f.write(json.dumps(m, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
