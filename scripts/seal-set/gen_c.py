#!/usr/bin/env python3
"""A second, separately written evaluation set for the seal detector (never tune on it).

Where gen.py pastes rotated glyph pictures with Pillow and writes PDF paths itself,
this one lays pages and marks out as HTML with inline SVG (arc text on an SVG
textPath, set by the browser in Noto Serif/Sans CJK of several weights) and lets
Chromium print them all in one run (vector PDFs whose seal text is real font text). Raster pages (rendered by poppler) are then scanned-looking
(noise/blur/rotation with Pillow and numpy), photographed (Pillow quad perspective, vignette,
colour cast, glare, EXIF written by exiftool), wrapped in PDF by img2pdf, sometimes as
JPEG 2000 (ImageMagick) or as the second page of a multi-page TIFF (ImageMagick), and some PDFs are rewritten by
qpdf. Seal pictures are pasted into Excel sheets (openpyxl) or Word documents
(python-docx) and turned into PDF by LibreOffice.

    python3 scripts/seal-set/gen_c.py --n 200 OUT
    cargo run --release --example seal_eval -- --dir OUT

Seeds 5000+i (`--family eval`, the default: evaluation only); `--family train` uses
seeds 15000+i, a training family no evaluation uses. Needs chromium, poppler-utils, ImageMagick, exiftool, qpdf, libreoffice,
fonts-noto-cjk, numpy, Pillow, python-docx, openpyxl, img2pdf. OUT/labels.csv: file,kind,seal,sub
(kinds scan, vector, pasted, photo, screenshot).
"""

import argparse
import csv
import html
import io
import math
import os
import random
import shutil
import subprocess
import tempfile

import numpy as np
from PIL import Image

KINDS = ["scan", "vector", "pasted", "photo", "screenshot"]
BASE = 5000

UNITS = [
    "平桥区人民政府办公室", "平桥区财政局", "平桥区公安分局", "羊山新区管理委员会",
    "光山县行政审批服务局", "罗山县政务服务中心", "潢川县人力资源和社会保障局",
    "固始县市场监督管理局", "新县交通运输局", "商城县医疗保障局", "息县民政局",
    "淮滨县农业农村局", "平桥区明港镇人民政府", "浉河区老城街道办事处", "信阳市不动产登记中心",
    "平桥区住房和城乡建设局", "光山县税务局", "罗山县自然资源局",
]
TEXT = [
    "按照全区政务服务工作要点，我单位认真组织开展窗口服务能力提升行动。",
    "全年通过政务服务网受理申请八百余件，群众满意率保持在百分之九十九以上。",
    "严格执行限时办结、首问负责、一次告知等制度，没有发生超时办理情况。",
    "现将相关佐证材料汇总上报，请予审核。",
    "本表数据截至十二月三十一日，由单位统计人员核对无误。",
    "我局高度重视营商环境建设，成立了由主要负责同志任组长的工作专班。",
    "开展“好差评”数据核查，对差评件逐件回访并整改到位。",
    "积极推行“一件事一次办”，梳理高频事项清单二十项。",
]
RECT = ["已审核", "APPROVED", "收文", "已核对", "RECEIVED", "已登记", "同意"]
REDS = ["#d4202a", "#c8161d", "#e03a3a", "#b5121b", "#e4393c", "#cf2d2d"]
FONTS = ["Noto Serif CJK SC", "Noto Sans CJK SC"]
WEIGHTS = [400, 500, 700, 900]

POS = ["normal", "normal", "partial", "beside-stamp", "faint", "purple", "pink", "oval",
       "signature-over", "text-over", "double-ring"]
NEG = ["plain", "badge", "badge", "open-arc", "hand-circle", "rect-stamp", "redhead",
       "red-table", "red-hand"]


def star(cx, cy, r, rot=-90):
    pts = []
    for k in range(10):
        rr = r if k % 2 == 0 else r * 0.382
        a = math.radians(rot + k * 36)
        pts.append("%.2f,%.2f" % (cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return " ".join(pts)


def seal_svg(rng, d, col, sub, uid):
    """An SVG seal `d` css px across: ring, unit name on a textPath, star, word."""
    oval = sub == "oval"
    w, h = d, (d / rng.uniform(1.3, 1.55) if oval else d)
    cx, cy = w / 2 + 4, h / 2 + 4
    rw = d * rng.uniform(0.028, 0.05)
    rx, ry = w / 2 - rw / 2, h / 2 - rw / 2
    font = rng.choice(FONTS)
    weight = rng.choice(WEIGHTS[1:])
    name = rng.choice(UNITS)
    fs = d * rng.uniform(0.12, 0.16) * (0.85 if len(name) > 11 else 1.0)
    trx, try_ = rx - rw / 2 - fs * 0.95, ry - rw / 2 - fs * 0.95
    span = math.radians(rng.uniform(210, 280) if not oval else rng.uniform(150, 200))
    a0 = math.pi / 2 + (2 * math.pi - span) / 2
    a1 = a0 + span
    x0, y0 = cx + trx * math.cos(a0), cy + try_ * math.sin(a0)
    x1, y1 = cx + trx * math.cos(a1), cy + try_ * math.sin(a1)
    large = 1 if span > math.pi else 0
    parts = []
    defs = []
    mask = ""
    if sub == "partial":
        side = rng.uniform(0, 360)
        defs.append('<linearGradient id="g%s" gradientTransform="rotate(%.0f .5 .5)">'
                    '<stop offset="0" stop-color="white" stop-opacity="1"/>'
                    '<stop offset="%.2f" stop-color="white" stop-opacity="1"/>'
                    '<stop offset="%.2f" stop-color="white" stop-opacity="%.2f"/></linearGradient>'
                    '<mask id="m%s"><rect width="100%%" height="100%%" fill="url(#g%s)"/></mask>'
                    % (uid, side, rng.uniform(0.35, 0.5), rng.uniform(0.7, 0.9), rng.uniform(0.0, 0.12), uid, uid))
        mask = ' mask="url(#m%s)"' % uid
    defs.append('<path id="p%s" d="M %.2f %.2f A %.2f %.2f 0 %d 1 %.2f %.2f" fill="none"/>'
                % (uid, x0, y0, trx, try_, large, x1, y1))
    parts.append('<ellipse cx="%.2f" cy="%.2f" rx="%.2f" ry="%.2f" fill="none" stroke="%s" stroke-width="%.2f"/>'
                 % (cx, cy, rx, ry, col, rw))
    if sub == "double-ring":
        parts.append('<ellipse cx="%.2f" cy="%.2f" rx="%.2f" ry="%.2f" fill="none" stroke="%s" stroke-width="%.2f"/>'
                     % (cx, cy, rx - rw * 1.8, ry - rw * 1.8, col, rw * 0.4))
    ls = rng.uniform(0.0, 0.15) * fs
    parts.append('<text font-family="%s" font-weight="%d" font-size="%.2f" fill="%s" letter-spacing="%.2f">'
                 '<textPath href="#p%s" startOffset="50%%" text-anchor="middle" lengthAdjust="spacingAndGlyphs" '
                 'textLength="%.2f">%s</textPath></text>'
                 % (font, weight, fs, col, ls, uid, trx * span * 0.97, html.escape(name)))
    if not oval or rng.random() < 0.5:
        sr = d * rng.uniform(0.14, 0.19) * (0.7 if oval else 1.0)
        parts.append('<polygon points="%s" fill="%s"/>' % (star(cx, cy - (h * 0.06 if oval else 0), sr), col))
    if rng.random() < 0.6 or oval:
        word = rng.choice(["公章", "专用章", "行政审批专用章", "财务专用章", "业务专用章"])
        ws = d * rng.uniform(0.08, 0.1)
        parts.append('<text x="%.2f" y="%.2f" font-family="%s" font-weight="%d" font-size="%.2f" fill="%s" '
                     'text-anchor="middle">%s</text>' % (cx, cy + h * 0.3, font, weight, ws, col, word))
    return (w + 8, h + 8, '<svg xmlns="http://www.w3.org/2000/svg" width="%.1f" height="%.1f"><defs>%s</defs><g%s>%s</g></svg>'
            % (w + 8, h + 8, "".join(defs), mask, "".join(parts)))


def badge_svg(rng, d, col):
    """A round badge: ring(s), star, and rays / dots / wheat ears / gear teeth; no text."""
    cx = cy = d / 2 + 4
    r = d / 2 - d * 0.03
    rw = d * rng.uniform(0.025, 0.06)
    p = ['<circle cx="%.2f" cy="%.2f" r="%.2f" fill="none" stroke="%s" stroke-width="%.2f"/>' % (cx, cy, r, col, rw)]
    if rng.random() < 0.5:
        p.append('<circle cx="%.2f" cy="%.2f" r="%.2f" fill="none" stroke="%s" stroke-width="%.2f"/>'
                 % (cx, cy, r * rng.uniform(0.75, 0.88), col, rw * 0.5))
    sr = d * rng.uniform(0.14, 0.24)
    p.append('<polygon points="%s" fill="%s"/>' % (star(cx, cy, sr, rng.uniform(-90, -60)), col))
    style = rng.choice(["rays", "triangles", "dots", "wheat", "gear", "laurel"])
    n = rng.randint(10, 32)
    if style == "rays":
        for i in range(n):
            t = 2 * math.pi * i / n
            p.append('<line x1="%.2f" y1="%.2f" x2="%.2f" y2="%.2f" stroke="%s" stroke-width="%.2f" stroke-linecap="round"/>'
                     % (cx + sr * 1.15 * math.cos(t), cy + sr * 1.15 * math.sin(t),
                        cx + r * 0.78 * math.cos(t), cy + r * 0.78 * math.sin(t), col, d * rng.uniform(0.008, 0.025)))
    elif style == "triangles":
        for i in range(n):
            t = 2 * math.pi * i / n
            dt = math.pi / n * 0.5
            pts = [(cx + sr * 1.1 * math.cos(t - dt), cy + sr * 1.1 * math.sin(t - dt)),
                   (cx + r * 0.8 * math.cos(t), cy + r * 0.8 * math.sin(t)),
                   (cx + sr * 1.1 * math.cos(t + dt), cy + sr * 1.1 * math.sin(t + dt))]
            p.append('<polygon points="%s" fill="%s"/>' % (" ".join("%.2f,%.2f" % q for q in pts), col))
    elif style == "dots":
        for ring_r in ([0.68] if rng.random() < 0.6 else [0.55, 0.72]):
            for i in range(n):
                t = 2 * math.pi * i / n
                p.append('<circle cx="%.2f" cy="%.2f" r="%.2f" fill="%s"/>'
                         % (cx + r * ring_r * math.cos(t), cy + r * ring_r * math.sin(t), d * rng.uniform(0.015, 0.03), col))
    elif style in ("wheat", "laurel"):
        for side in (-1, 1):
            for i in range(rng.randint(6, 9)):
                t = math.pi / 2 + side * (0.35 + i * 0.3)
                x, y = cx + r * 0.66 * math.cos(t), cy + r * 0.66 * math.sin(t)
                ang = math.degrees(t) + 90 + side * 25
                p.append('<ellipse cx="%.2f" cy="%.2f" rx="%.2f" ry="%.2f" fill="%s" transform="rotate(%.1f %.2f %.2f)"/>'
                         % (x, y, d * 0.06, d * 0.025, col, ang, x, y))
    else:
        for i in range(n):
            t = 2 * math.pi * i / n
            p.append('<rect x="%.2f" y="%.2f" width="%.2f" height="%.2f" fill="%s" transform="rotate(%.1f %.2f %.2f)"/>'
                     % (cx + r * 0.62, cy - d * 0.02, d * 0.12, d * 0.04, col, math.degrees(t), cx, cy))
    return d + 8, d + 8, '<svg xmlns="http://www.w3.org/2000/svg" width="%.1f" height="%.1f">%s</svg>' % (d + 8, d + 8, "".join(p))


def open_arc_svg(rng, d, col):
    cx = cy = d / 2 + 4
    r = d / 2 - d * 0.07
    gap = math.radians(rng.uniform(35, 160))
    a0 = rng.uniform(0, 2 * math.pi)
    a1 = a0 + 2 * math.pi - gap
    sw = d * rng.uniform(0.04, 0.14)
    p = ['<path d="M %.2f %.2f A %.2f %.2f 0 1 1 %.2f %.2f" fill="none" stroke="%s" stroke-width="%.2f" stroke-linecap="%s"/>'
         % (cx + r * math.cos(a0), cy + r * math.sin(a0), r, r, cx + r * math.cos(a1), cy + r * math.sin(a1), col, sw,
            rng.choice(["butt", "round"]))]
    inner = rng.choice(["letter", "star", "leaf", "word"])
    if inner == "letter":
        p.append('<text x="%.2f" y="%.2f" font-family="Noto Sans CJK SC" font-weight="900" font-size="%.2f" fill="%s" '
                 'text-anchor="middle" dominant-baseline="central">%s</text>' % (cx, cy, d * 0.45, col, rng.choice("政民信ABGHMS")))
    elif inner == "star":
        p.append('<polygon points="%s" fill="%s"/>' % (star(cx, cy, d * 0.25), col))
    elif inner == "leaf":
        p.append('<path d="M %.2f %.2f Q %.2f %.2f %.2f %.2f Q %.2f %.2f %.2f %.2f" fill="%s"/>'
                 % (cx - d * 0.2, cy + d * 0.15, cx, cy - d * 0.35, cx + d * 0.2, cy - d * 0.15,
                    cx, cy + d * 0.05, cx - d * 0.2, cy + d * 0.15, col))
    else:
        p.append('<text x="%.2f" y="%.2f" font-family="Noto Serif CJK SC" font-weight="700" font-size="%.2f" fill="%s" '
                 'text-anchor="middle" dominant-baseline="central">%s</text>' % (cx, cy, d * 0.16, col, rng.choice(["政务", "便民", "服务"])))
    return d + 8, d + 8, '<svg xmlns="http://www.w3.org/2000/svg" width="%.1f" height="%.1f">%s</svg>' % (d + 8, d + 8, "".join(p))


def pen_circle_svg(rng, d, col):
    w, h = d * 1.5, d * 1.2
    cx, cy = w / 2, h / 2
    rx, ry = d * rng.uniform(0.5, 0.68), d * rng.uniform(0.4, 0.55)
    t0 = rng.uniform(0, 2 * math.pi)
    sweep = 2 * math.pi * rng.uniform(0.95, 1.2)
    wob = [rng.uniform(-0.05, 0.05) for _ in range(4)]
    pts = []
    for k in range(90):
        t = t0 + sweep * k / 89
        f = 1 + sum(a * math.sin((i + 2) * t + i * 1.3) for i, a in enumerate(wob))
        pts.append("%.2f,%.2f" % (cx + rx * f * math.cos(t), cy + ry * f * math.sin(t)))
    p = ['<polyline points="%s" fill="none" stroke="%s" stroke-width="%.2f" stroke-linecap="round" stroke-linejoin="round"/>'
         % (" ".join(pts), col, rng.uniform(1.2, 3.0))]
    if rng.random() < 0.65:
        note = rng.choice(["核实", "重点看", "已改正", "待补", "√", "?!", "有误"])
        p.append('<text x="%.2f" y="%.2f" font-family="Noto Sans CJK SC" font-weight="300" font-size="%.2f" fill="%s" '
                 'text-anchor="middle" transform="rotate(%.1f %.2f %.2f)">%s</text>'
                 % (cx, cy + d * 0.08, d * 0.22, col, rng.uniform(-15, 15), cx, cy, note))
    return w, h, '<svg xmlns="http://www.w3.org/2000/svg" width="%.1f" height="%.1f">%s</svg>' % (w, h, "".join(p))


def rect_svg(rng, d, col):
    word = rng.choice(RECT)
    fs = d * (0.2 if word.isascii() else 0.26)
    w = fs * (len(word) * (0.62 if word.isascii() else 1.05)) + d * 0.3
    date = rng.random() < 0.5
    h = fs * (2.4 if date else 1.5)
    sw = d * rng.uniform(0.025, 0.05)
    p = ['<rect x="%.2f" y="%.2f" width="%.2f" height="%.2f" rx="%.2f" fill="none" stroke="%s" stroke-width="%.2f"/>'
         % (sw, sw, w, h, rng.choice([0, sw * 2]), col, sw),
         '<text x="%.2f" y="%.2f" font-family="Noto Sans CJK SC" font-weight="700" font-size="%.2f" fill="%s" text-anchor="middle">%s</text>'
         % (sw + w / 2, sw + fs * 1.1, fs, col, word)]
    if date:
        p.append('<text x="%.2f" y="%.2f" font-family="Noto Sans CJK SC" font-size="%.2f" fill="%s" text-anchor="middle">2023.%02d.%02d</text>'
                 % (sw + w / 2, sw + fs * 2.1, fs * 0.6, col, rng.randint(1, 12), rng.randint(1, 28)))
    rot = rng.uniform(-10, 10)
    W, H = w + 2 * sw + 10, h + 2 * sw + 10
    return W, H, ('<svg xmlns="http://www.w3.org/2000/svg" width="%.1f" height="%.1f"><g transform="rotate(%.1f %.1f %.1f)">%s</g></svg>'
                  % (W, H, rot, W / 2, H / 2, "".join(p)))


def scribble_svg(rng, w, h, col):
    pts = []
    x = 5.0
    while x < w - 5:
        pts.append("%.1f,%.1f" % (x, h / 2 + rng.uniform(-0.4, 0.4) * h))
        x += rng.uniform(4, 14)
    return w, h, ('<svg xmlns="http://www.w3.org/2000/svg" width="%.1f" height="%.1f"><polyline points="%s" fill="none" '
                  'stroke="%s" stroke-width="%.1f" stroke-linejoin="round"/></svg>' % (w, h, " ".join(pts), col, rng.uniform(1.2, 2.5)))


def seal_colour(rng, sub):
    return {"purple": "#ad2567", "pink": "#f299b2"}.get(sub, rng.choice(REDS))


UID = [0]


def marks(rng, sub, seal, d):
    """[(svg width, height, svg, opacity, dx, dy)] relative to the signature spot."""
    out = []
    if seal:
        col = seal_colour(rng, sub)
        UID[0] += 1
        w, h, s = seal_svg(rng, d, col, sub, "u%d" % UID[0])
        op = rng.uniform(0.3, 0.55) if sub == "faint" else rng.uniform(0.75, 1.0)
        out.append((w, h, s, op, rng.uniform(-0.2, 0.2) * d, rng.uniform(-0.3, 0.1) * d))
        if sub == "beside-stamp":
            w2, h2, s2 = rect_svg(rng, d * rng.uniform(0.6, 0.9), rng.choice(REDS))
            side = rng.choice([-1, 1])
            gap = rng.uniform(-0.12, 0.3) * d
            dx = out[0][4] + (w / 2 + gap + w2 / 2) * side
            out.append((w2, h2, s2, rng.uniform(0.8, 1.0), dx, out[0][5] + rng.uniform(-0.2, 0.3) * d))
        return out
    col = rng.choice(REDS)
    if sub == "badge":
        w, h, s = badge_svg(rng, d * rng.uniform(0.8, 1.1), col)
    elif sub == "open-arc":
        w, h, s = open_arc_svg(rng, d * rng.uniform(0.6, 1.1), col)
    elif sub == "hand-circle":
        w, h, s = pen_circle_svg(rng, d * rng.uniform(0.8, 1.2), col)
    elif sub == "rect-stamp":
        w, h, s = rect_svg(rng, d * rng.uniform(0.6, 0.9), col)
    elif sub == "red-hand":
        w, h, s = scribble_svg(rng, d * 1.6, d * 0.4, col)
    else:
        return out
    out.append((w, h, s, rng.uniform(0.75, 1.0), rng.uniform(-0.3, 0.3) * d, rng.uniform(-0.3, 0.2) * d))
    return out


def page_div(rng, sub, seal):
    """An A4 page (794 x 1123 css px) as one <div class=pg>: text, a signature block and
    the marks of `sub`. Returns (html, (x, y) of the signature spot in css px)."""
    font = rng.choice(FONTS)
    d = 96 / 25.4 * rng.uniform(38, 45)  # seal diameter, css px
    body = []
    if sub == "redhead" or rng.random() < 0.1:
        body.append('<div style="color:#d4202a;font:700 40px \'Noto Serif CJK SC\';text-align:center;letter-spacing:4px">%s文件</div>'
                    '<hr style="border:0;border-top:3px solid #d4202a;margin:8px 0 24px">' % html.escape(rng.choice(UNITS)))
    body.append('<h2 style="text-align:center;font-weight:700">关于%s的情况报告</h2>' % rng.choice(["政务服务能力提升", "窗口服务", "好差评整改"]))
    for _ in range(rng.randint(3, 6)):
        body.append("<p style='text-indent:2em;margin:6px 0'>%s</p>" % "".join(rng.choice(TEXT) for _ in range(rng.randint(1, 3))))
    if sub == "red-table" or rng.random() < 0.25:
        c = "#d4202a" if sub == "red-table" else "#222"
        rows = "".join("<tr>%s</tr>" % "".join("<td style='border:1px solid %s;padding:3px 8px'>%d</td>" % (c, rng.randint(1, 999)) for _ in range(5)) for _ in range(4))
        body.append("<table style='border-collapse:collapse;margin:10px auto'>%s</table>" % rows)
    unit = rng.choice(UNITS)
    sy = rng.randint(700, 930)
    sx = 794 * rng.uniform(0.62, 0.75)
    layers = ["<div style='position:absolute;left:%.0fpx;top:%dpx;line-height:2;font-size:16px'>%s<br>2023年%d月%d日</div>"
              % (sx - 90, sy - 16, unit, rng.randint(1, 12), rng.randint(1, 28))]
    for (w, h, s, op, dx, dy) in marks(rng, sub, seal, d):
        layers.append("<div style='position:absolute;left:%.1fpx;top:%.1fpx;opacity:%.2f;mix-blend-mode:multiply'>%s</div>"
                      % (sx + dx - w / 2, sy + dy - h / 2, op, s))
    if seal and sub == "signature-over":
        pts = " ".join("%.1f,%.1f" % (i * 9, 20 + 14 * math.sin(i * 1.3 + rng.random())) for i in range(16))
        layers.append("<svg style='position:absolute;left:%.1fpx;top:%.1fpx' width='150' height='45'>"
                      "<polyline points='%s' fill='none' stroke='#111' stroke-width='2'/></svg>" % (sx - 70, sy - 20, pts))
    if seal and sub == "text-over":
        layers.append("<div style='position:absolute;left:%.1fpx;top:%.1fpx;font:16px \"%s\";color:#111'>%s</div>"
                      % (sx - 90, sy - 10, font, unit))
    return ("<div class='pg' style=\"font-family:'%s'\"><div class='in'>%s</div>%s</div>"
            % (font, "".join(body), "".join(layers))), (sx, sy)


def mark_div(rng, sub, seal):
    """A page holding only the first mark of `sub` at its top left (for pasting)."""
    d = 96 / 25.4 * rng.uniform(38, 45)
    ms = marks(rng, sub, seal, d)
    if not ms:
        return "<div class='pg'></div>", None
    w, h, s, op, _, _ = ms[0]
    return "<div class='pg'><div style='position:absolute;left:20px;top:20px;opacity:%.2f'>%s</div></div>" % (op, s), (w, h)


CSS = ("@page{size:794px 1123px;margin:0}body{margin:0}"
       ".pg{width:794px;height:1123px;position:relative;overflow:hidden;background:#fff;color:#111;"
       "font-size:16px;page-break-after:always;break-after:page}.in{padding:70px 80px}")


def chromium_pdf(pages, tmp, out):
    p = os.path.join(tmp, "all.html")
    with open(p, "w") as f:
        f.write("<!doctype html><html><head><meta charset='utf-8'><style>%s</style></head><body>%s</body></html>"
                % (CSS, "".join(pages)))
    cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + os.path.join(tmp, "chrome"),
           "--no-pdf-header-footer", "--print-to-pdf=" + out, "file://" + p]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800)


def one_page(big, n, out):
    subprocess.run(["qpdf", "--empty", "--pages", big, str(n), "--", out], check=True, timeout=300)


def raster(big, n, dpi, tmp):
    stem = os.path.join(tmp, "r")
    subprocess.run(["pdftoppm", "-f", str(n), "-l", str(n), "-r", "%.1f" % dpi, "-singlefile", "-png", big, stem],
                   check=True, timeout=300)
    return stem + ".png"


def magick(args):
    subprocess.run(["convert"] + args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)


def jpeg_pdf(img_path, out, dpi):
    import img2pdf
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    with open(out, "wb") as f:
        f.write(img2pdf.convert(img_path, layout_fun=layout))


def noisy(rng, im, sigma):
    a = np.asarray(im, np.float32)
    nrng = np.random.default_rng(rng.randint(0, 2**31))
    a = a + nrng.normal(0, sigma, a.shape[:2])[..., None]
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def make_scan(rng, it, big, tmp, out_stem):
    from PIL import ImageFilter
    dpi = rng.choice([150, 200, 300])
    im = Image.open(raster(big, it["page"], dpi, tmp)).convert("RGB")
    im = im.rotate(rng.uniform(-1.5, 1.5), resample=Image.BILINEAR, fillcolor=(255, 255, 255))
    tone = np.array(rng.choice([(244, 239, 228), (240, 240, 240), (251, 247, 238)]), np.float32) / 255
    im = Image.fromarray((np.asarray(im, np.float32) * tone).astype(np.uint8))
    im = noisy(rng, im.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.9))), rng.uniform(2, 7))
    mid = os.path.join(tmp, "s.jpg")
    im.save(mid, "JPEG", quality=rng.randint(60, 90))
    form = rng.choice(["pdf", "pdf", "pdf", "tiff2", "jp2pdf"])
    if form == "tiff2":
        blank = raster(big, it["blank"], dpi, tmp)
        out = out_stem + ".tif"
        magick([blank, mid, "-compress", "lzw", out])
    elif form == "jp2pdf":
        jp2 = os.path.join(tmp, "s.jp2")
        magick([mid, "-quality", "30", jp2])
        out = out_stem + ".pdf"
        jpeg_pdf(jp2, out, dpi)
    else:
        out = out_stem + ".pdf"
        jpeg_pdf(mid, out, dpi)
        if rng.random() < 0.5:
            q = out + ".q.pdf"
            subprocess.run(["qpdf", "--object-streams=generate", out, q], check=False, timeout=120)
            if os.path.exists(q):
                os.replace(q, out)
    return out


def make_vector(rng, it, big, tmp, out_stem):
    out = out_stem + ".pdf"
    one_page(big, it["page"], out)
    if rng.random() < 0.4:
        q = out + ".q.pdf"
        subprocess.run(["qpdf", "--linearize", out, q], check=False, timeout=120)
        if os.path.exists(q):
            os.replace(q, out)
    return out


def make_photo(rng, it, big, tmp, out_stem):
    from PIL import ImageFilter
    long_side = rng.randint(1600, 4000)
    dpi = long_side / 11.7 * rng.uniform(0.9, 1.1)
    page = Image.open(raster(big, it["page"], dpi, tmp)).convert("RGB")
    w, h = page.size
    W, H = int(w * 1.15), int(h * 1.15)
    desk = Image.new("RGB", (W, H), rng.choice([(107, 90, 72), (61, 63, 68), (138, 125, 107), (201, 194, 181)]))
    desk.paste(page, ((W - w) // 2, (H - h) // 2))
    # Perspective: the page corners move by up to 6 % (Pillow's quad transform).
    j = lambda v: v * rng.uniform(-0.06, 0.06)
    quad = (j(W), j(H), j(W), H + j(H), W + j(W), H + j(H), W + j(W), j(H))
    im = desk.transform((W, H), Image.QUAD, quad, resample=Image.BILINEAR, fillcolor=(60, 60, 60))
    a = np.asarray(im, np.float32)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    r2 = ((xx - W * rng.uniform(0.4, 0.6)) / W) ** 2 + ((yy - H * rng.uniform(0.4, 0.6)) / H) ** 2
    a = a * (1 - rng.uniform(0.2, 0.55) * np.clip(r2 / 0.5, 0, 1))[..., None]
    cast = np.array([rng.uniform(0.9, 1.08), rng.uniform(0.92, 1.05), rng.uniform(0.85, 1.08)], np.float32)
    a = np.clip(a * cast, 0, 255)
    if rng.random() < 0.3:  # glare
        gx, gy = rng.uniform(0.2, 0.8) * W, rng.uniform(0.2, 0.8) * H
        g = np.exp(-(((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * (0.12 * W) ** 2)))
        a = a + (255 - a) * g[..., None] * rng.uniform(0.3, 0.7)
    im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.8)))
    im = noisy(rng, im, rng.uniform(2, 8))
    out = out_stem + ".jpg"
    im.save(out, "JPEG", quality=rng.randint(60, 90))
    subprocess.run(["exiftool", "-overwrite_original", "-q", "-Make=Xiaomi", "-Model=Redmi Note 12",
                    "-DateTimeOriginal=2023:%02d:%02d 10:%02d:00" % (rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 59)),
                    out], check=False, timeout=60)
    return out


def make_screenshot(rng, it, big, tmp, out_stem):
    W, H = rng.choice([(1366, 768), (1920, 1080), (1440, 900), (2560, 1440)])
    zoom = rng.uniform(0.9, 1.6) * (2 if W == 2560 else 1)
    page = Image.open(raster(big, it["page"], 96 * zoom, tmp)).convert("RGB")
    win = Image.new("RGB", (W, H), (232, 232, 232))
    # Scroll so that the signature spot is in view.
    sy = it["spot"][1] * zoom
    top = int(min(max(sy - H * rng.uniform(0.35, 0.65), 0), max(page.height - H + 50, 0)))
    x0 = max((W - page.width) // 2, 0)
    win.paste(page.crop((0, top, min(page.width, W), top + H - 50)), (x0, 50))
    from PIL import ImageDraw
    dr = ImageDraw.Draw(win)
    dr.rectangle((0, 0, W, 44), fill=(43, 45, 49))
    dr.ellipse((14, 14, 26, 26), fill=(229, 72, 77))
    dr.ellipse((W - 60, 10, W - 40, 30), fill=(242, 48, 48))
    dr.rectangle((W - 160, 8, W - 90, 34), fill=(217, 48, 37))
    out = out_stem + ".png"
    win.save(out)
    return out


def make_pasted(rng, it, big, tmp, out_stem):
    pic = None
    if it["mark"]:
        w, h = it["mark"]
        scale = rng.uniform(1.5, 3.0)
        src = raster(big, it["markpage"], 96 * scale, tmp)
        im = Image.open(src).convert("RGB").crop((int(15 * scale), int(15 * scale), int((w + 25) * scale), int((h + 25) * scale)))
        a = np.asarray(im, np.float32)
        if rng.random() < 0.6:
            # Transparent background: alpha from the distance to white.
            alpha = np.clip((255 - a.min(2)) * 1.6, 0, 255).astype(np.uint8)
            rgba = np.dstack([a.astype(np.uint8), alpha])
            im = Image.fromarray(rgba, "RGBA")
        pic = os.path.join(tmp, "m.png")
        im.save(pic)
    if rng.random() < 0.5:
        import openpyxl
        from openpyxl.drawing.image import Image as XImage
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["序号", "事项名称", "办件量", "按时办结率", "满意率"])
        for i in range(rng.randint(8, 20)):
            ws.append([i + 1, rng.choice(["企业开办", "不动产登记", "社保转移", "医保报销", "户籍迁移"]),
                       rng.randint(10, 900), "%d%%" % rng.randint(95, 100), "%d%%" % rng.randint(97, 100)])
        ws.cell(row=ws.max_row + 2, column=4, value=rng.choice(UNITS))
        if pic:
            img = XImage(pic)
            img.width, img.height = it["mark"][0], it["mark"][1]
            ws.add_image(img, "D%d" % (ws.max_row - 1))
        src = os.path.join(tmp, os.path.basename(out_stem) + ".xlsx")
        wb.save(src)
    else:
        import docx
        from docx.shared import Mm
        doc = docx.Document()
        doc.add_heading("关于%s的说明" % rng.choice(["窗口服务", "帮办代办", "数据核查"]), 1)
        for _ in range(rng.randint(3, 6)):
            doc.add_paragraph("".join(rng.choice(TEXT) for _ in range(2)))
        doc.add_paragraph(rng.choice(UNITS))
        if pic:
            doc.add_picture(pic, width=Mm(rng.uniform(36, 44)))
        src = os.path.join(tmp, os.path.basename(out_stem) + ".docx")
        doc.save(src)
    return src


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--family", choices=["eval", "train"], default="eval",
                    help="eval: seeds 5000 (the evaluation set); train: seeds 15000, for training the verifier only")
    args = ap.parse_args()
    base = BASE if args.family == "eval" else BASE + 10000
    os.makedirs(args.out, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="sealc-")
    items, pages = [], []
    for i in range(args.n):
        kind = KINDS[i % len(KINDS)]
        seal = (i // len(KINDS)) % 2 == 0
        rng = random.Random(base * 1_000_003 + i)
        subs = POS if seal else NEG
        if kind == "pasted":
            subs = [s for s in subs if s not in ("signature-over", "text-over", "redhead", "red-table", "red-hand", "plain")]
        sub = rng.choice(subs)
        it = {"i": i, "kind": kind, "seal": seal, "sub": sub, "rng": rng}
        if kind == "pasted":
            div, it["mark"] = mark_div(rng, sub, seal)
            pages.append(div)
            it["markpage"] = len(pages)
        else:
            div, it["spot"] = page_div(rng, sub, seal)
            pages.append(div)
            it["page"] = len(pages)
            if kind == "scan":
                div, _ = page_div(rng, "plain", False)
                pages.append(div)
                it["blank"] = len(pages)
        items.append(it)
    rows = []
    try:
        big = os.path.join(tmp, "all.pdf")
        chromium_pdf(pages, tmp, big)
        docs = []
        for it in items:
            stem = os.path.join(args.out, "%s-%04d" % (it["kind"], it["i"]))
            maker = {"scan": make_scan, "vector": make_vector, "pasted": make_pasted,
                     "photo": make_photo, "screenshot": make_screenshot}[it["kind"]]
            try:
                out = maker(it["rng"], it, big, tmp, stem)
            except (subprocess.SubprocessError, OSError) as e:
                print("skip %s: %s" % (stem, e))
                continue
            if it["kind"] == "pasted":
                docs.append(out)
                out = stem + ".pdf"
            rows.append((os.path.basename(out), it["kind"], int(it["seal"]), it["sub"]))
        for k in range(0, len(docs), 40):
            subprocess.run(["soffice", "-env:UserInstallation=file://" + os.path.join(tmp, "lo"), "--headless",
                            "--convert-to", "pdf", "--outdir", args.out] + docs[k:k + 40], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800)
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
