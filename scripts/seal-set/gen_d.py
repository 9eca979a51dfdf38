#!/usr/bin/env python3
"""A third labelled seal set, for evaluation only (never tune on it).

Written apart from gen.py and gen_c.py, with other writers:
- seals are drawn by ImageMagick (`convert -draw`, one rotated glyph per character, in
  Noto Serif/Sans CJK SC at regular and bold weight), round, double-ring, oval and
  square (名章 / 专用章), with bottom lines such as 财务专用章 / 合同专用章, partly inked,
  speckled, faint, in red, purple-red or pink ink;
- pages are made by LibreOffice Writer from HTML (report text, a table, a signature
  line) and rasterised by poppler;
- vector PDFs are SVG pages drawn by librsvg (cairo's PDF writer);
- scans are wrapped in a PDF written here (one DCT image per page, sometimes after a
  page without a seal); photos get ImageMagick perspective, blur, vignetting, a
  colour cast, glare and JPEG 60–90; screenshots are PNG windows at screen zoom with
  red UI dots; pasted pictures are PNGs (transparent or white) in HTML pages turned
  into PDF by LibreOffice Writer.

    apt-get install imagemagick librsvg2-bin poppler-utils libreoffice-writer fonts-noto-cjk
    python3 scripts/seal-set/gen_d.py --n 250 OUT
    cargo run --release --example seal_eval -- --dir OUT

Files depend only on the index (seed 7000 + i; `--family train`: 17000 + i, a training
family no evaluation uses) and the installed fonts and tools.
"""

import argparse
import csv
import io
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

KINDS = ["scan", "vector", "pasted", "photo", "screenshot"]
FONTS = ["Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC-Bold", "Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC"]
SVG_FONTS = [("Noto Serif CJK SC", "bold"), ("Noto Sans CJK SC", "bold"), ("Noto Serif CJK SC", "normal")]
UNITS = [
    "区人力资源和社会保障局", "市生态环境局城东分局", "城关街道办事处", "区市场监督管理局",
    "区卫生健康委员会", "区教育局", "区财政局", "区住房和城乡建设局", "东风镇人民政府",
    "区应急管理局", "区医疗保障局", "区退役军人事务局", "区行政审批服务局", "区司法局",
    "区交通运输局", "区农业农村局", "区政务服务和大数据管理局", "新华路街道办事处",
]
BOTTOM = ["", "", "财务专用章", "合同专用章", "业务专用章", "办公室", "党委"]
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏"]
STAMPS = ["已审核", "APPROVED", "收文", "已核对", "同意", "RECEIVED", "已归档"]
PARAS = [
    "根据考评办关于开展年度政务服务绩效评价工作的通知要求，现将我单位有关情况报告如下。",
    "一是健全工作机制，明确分管领导和具体责任人，建立周调度、月通报制度。",
    "二是优化办事流程，推行一窗受理、集成服务，平均办理时限压缩百分之四十。",
    "三是加强队伍建设，组织业务培训十二场次，参训人员三百余人次。",
    "以上数据均经核实，真实有效。如有不实，本单位愿承担相应责任。",
    "附件：相关工作台账及统计数据明细表。",
]
INKS = {
    "red": [(205, 28, 36), (190, 20, 30), (220, 50, 45), (176, 30, 40)],
    "purple": [(173, 37, 103), (150, 40, 110)],
    "pink": [(242, 153, 178), (235, 130, 160)],
}


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


# ---------------------------------------------------------------- seal masks (ImageMagick)

def star(cx, cy, r):
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.38
        pts.append(f"{cx + rr * math.cos(a):.1f},{cy + rr * math.sin(a):.1f}")
    return "polygon " + " ".join(pts)


def im_mask(size, draws, tmp):
    """Runs one `convert` drawing white on black; returns the mask as floats 0..1."""
    path = os.path.join(tmp, "m.png")
    run(["convert", "-size", f"{size}x{size}", "xc:black"] + draws + ["-depth", "8", path])
    return np.asarray(Image.open(path).convert("L"), np.float32) / 255.0


def seal_mask(rng, shape, tmp, text=None):
    """A seal as an ink mask at 600 px (round/double), oval or square."""
    S = 600
    c = S / 2
    font = rng.choice(FONTS)
    text = text or rng.choice(UNITS)
    d = ["-fill", "none", "-stroke", "white"]
    if shape in ("round", "double"):
        R = 285
        sw = rng.uniform(12, 22)
        d += ["-strokewidth", f"{sw:.1f}", "-draw", f"circle {c},{c} {c},{c - R + sw / 2}"]
        tr = R - sw - 8
        if shape == "double":
            d += ["-strokewidth", "4", "-draw", f"circle {c},{c} {c},{c - R + sw + 12}"]
            tr -= 16
        n = len(text)
        span = rng.uniform(200, 290)
        ps = min(84, max(44, span / 360 * 2 * math.pi * (tr - 40) / n * 0.9))
        d += ["-stroke", "none", "-fill", "white", "-font", font, "-pointsize", f"{ps:.0f}"]
        for i, ch in enumerate(text):
            a = -span / 2 + span * (i + 0.5) / n
            d += ["-draw", f"translate {c},{c} rotate {a:.2f} text {-ps / 2:.0f},{-(tr - ps * 0.95):.0f} '{ch}'"]
        if rng.random() < 0.9:
            d += ["-draw", star(c, c - 6, rng.uniform(60, 90))]
        bottom = rng.choice(BOTTOM)
        if bottom:
            d += ["-font", rng.choice(FONTS), "-pointsize", f"{rng.uniform(36, 48):.0f}", "-gravity", "center",
                  "-draw", f"text 0,{rng.uniform(120, 150):.0f} '{bottom}'", "-gravity", "northwest"]
        if rng.random() < 0.5:
            code = "".join(rng.choice("0123456789") for _ in range(13))
            d += ["-font", "Noto-Sans-CJK-SC", "-pointsize", "22"]
            for i, ch in enumerate(code):
                a = 180 - 60 + 120 * (i + 0.5) / len(code)
                d += ["-draw", f"translate {c},{c} rotate {a:.1f} text -6,{-(R - sw - 30):.0f} '{ch}'"]
        return im_mask(S, d, tmp)
    if shape == "oval":
        A, B = 290, rng.uniform(185, 215)
        sw = rng.uniform(10, 16)
        d += ["-strokewidth", f"{sw:.1f}", "-draw", f"ellipse {c},{c} {A - sw / 2:.0f},{B - sw / 2:.0f} 0,360"]
        n = len(text)
        span = rng.uniform(180, 240)
        ps = 50
        d += ["-stroke", "none", "-fill", "white", "-font", font, "-pointsize", f"{ps}"]
        for i, ch in enumerate(text):
            t = math.radians(-90 - span / 2 + span * (i + 0.5) / n)
            x, y = c + (A - sw - 42) * math.cos(t), c + (B - sw - 42) * math.sin(t)
            nx, ny = math.cos(t) / (A - sw - 42), math.sin(t) / (B - sw - 42)
            rot = math.degrees(math.atan2(ny, nx)) + 90
            d += ["-draw", f"translate {x:.0f},{y:.0f} rotate {rot:.1f} text -25,18 '{ch}'"]
        d += ["-font", rng.choice(FONTS), "-pointsize", "44", "-gravity", "center",
              "-draw", f"text 0,40 '{rng.choice(['财务专用章', '合同专用章', '业务专用章'])}'", "-gravity", "northwest"]
        return im_mask(S, d, tmp)
    # square: a personal 名章 (2×2 characters) or a square 专用章.
    sw = rng.uniform(14, 26)
    m = 40
    d += ["-strokewidth", f"{sw:.1f}", "-draw", f"rectangle {m},{m} {S - m},{S - m}"]
    d += ["-stroke", "none", "-fill", "white", "-font", rng.choice(FONTS[:2])]
    name = rng.choice(NAMES)
    chars = list(name + "之印") if len(name) == 2 else list(name + "印")
    ps = 210
    d += ["-pointsize", f"{ps}"]
    for i, ch in enumerate(chars[:4]):
        col, row = 1 - i // 2, i % 2  # read right column first, top to bottom
        x = m + 30 + col * 260
        y = m + 215 + row * 255
        d += ["-draw", f"text {x},{y} '{ch}'"]
    return im_mask(S, d, tmp)


def negative_mask(rng, sub, tmp):
    """Red marks that are no seal."""
    S = 600
    c = S / 2
    d = ["-fill", "none", "-stroke", "white"]
    if sub == "badge":
        R = 285
        d += ["-strokewidth", "16", "-draw", f"circle {c},{c} {c},{c - R + 8}"]
        d += ["-stroke", "none", "-fill", "white", "-draw", star(c, c, rng.uniform(70, 110))]
        style = rng.choice(["rays", "dots", "wheat", "ring2"])
        if style == "rays":
            n = rng.choice([16, 20, 24, 32])
            d += ["-stroke", "white", "-strokewidth", f"{rng.uniform(5, 12):.0f}"]
            for i in range(n):
                a = 2 * math.pi * i / n
                r0, r1 = 130, R - 40
                d += ["-draw", f"line {c + r0 * math.cos(a):.0f},{c + r0 * math.sin(a):.0f} {c + r1 * math.cos(a):.0f},{c + r1 * math.sin(a):.0f}"]
        elif style == "dots":
            n = rng.choice([18, 24, 30])
            for i in range(n):
                a = 2 * math.pi * i / n
                x, y = c + 215 * math.cos(a), c + 215 * math.sin(a)
                d += ["-draw", f"circle {x:.0f},{y:.0f} {x + 14:.0f},{y:.0f}"]
        elif style == "wheat":
            for side in (-1, 1):
                for i in range(9):
                    a = math.radians(90 + side * (30 + i * 14))
                    x, y = c + 215 * math.cos(a), c + 215 * math.sin(a)
                    d += ["-draw", f"translate {x:.0f},{y:.0f} rotate {math.degrees(a) + 90 + side * 30:.0f} ellipse 0,0 12,26 0,360"]
        else:
            d += ["-fill", "none", "-stroke", "white", "-strokewidth", "8", "-draw", f"circle {c},{c} {c},{c - 200}"]
        return im_mask(S, d, tmp)
    if sub == "open-arc":
        gap = rng.uniform(50, 110)
        a0 = rng.uniform(0, 360)
        d += ["-strokewidth", f"{rng.uniform(30, 60):.0f}",
              "-draw", f"arc {c - 250},{c - 250} {c + 250},{c + 250} {a0:.0f},{a0 + 360 - gap:.0f}"]
        d += ["-stroke", "none", "-fill", "white", "-font", "Noto-Sans-CJK-SC-Bold", "-pointsize", "240",
              "-gravity", "center", "-draw", f"text 0,0 '{rng.choice('ABCDEHKMZ')}'"]
        return im_mask(S, d, tmp)
    if sub == "pen-circle":
        pts = []
        k = rng.uniform(1.05, 1.25)
        for i in range(60):
            t = 2 * math.pi * i / 56
            rr = 260 * (1 + 0.06 * math.sin(3 * t + rng.random()))
            pts.append(f"{c + rr * math.cos(t):.0f},{c + rr * math.sin(t) / k:.0f}")
        d += ["-strokewidth", f"{rng.uniform(5, 10):.0f}", "-draw", "polyline " + " ".join(pts)]
        if rng.random() < 0.5:
            d += ["-stroke", "none", "-fill", "white", "-font", "Noto-Sans-CJK-SC", "-pointsize", "70",
                  "-gravity", "center", "-draw", f"text 0,0 '{rng.choice(['请核实', '重点', '待补充'])}'"]
        return im_mask(S, d, tmp)
    raise ValueError(sub)


def rect_stamp(rng, tmp):
    """A rectangular 已审核 / APPROVED … stamp mask (w × h)."""
    word = rng.choice(STAMPS)
    w, h = (520, 200) if len(word) > 3 else (420, 190)
    path = os.path.join(tmp, "r.png")
    font = "Noto-Sans-CJK-SC-Bold" if rng.random() < 0.6 else "Noto-Serif-CJK-SC-Bold"
    run(["convert", "-size", f"{w}x{h}", "xc:black", "-fill", "none", "-stroke", "white", "-strokewidth", "14",
         "-draw", f"rectangle 10,10 {w - 10},{h - 10}", "-stroke", "none", "-fill", "white", "-font", font,
         "-pointsize", "110" if len(word) <= 3 else "80", "-gravity", "center", "-draw", f"text 0,0 '{word}'",
         "-depth", "8", path])
    return np.asarray(Image.open(path).convert("L"), np.float32) / 255.0


def wear(rng, m, sub):
    """Uneven ink: speckle everywhere; for `partial` one side faded; `faint` low density."""
    h, w = m.shape
    noise = np.asarray(Image.fromarray((np.random.RandomState(rng.randrange(1 << 30)).rand(h // 12 + 1, w // 12 + 1) * 255).astype(np.uint8)).resize((w, h), Image.BICUBIC), np.float32) / 255.0
    dens = np.clip(0.55 + 0.7 * noise, 0, 1)
    fine = np.random.RandomState(rng.randrange(1 << 30)).rand(h, w).astype(np.float32)
    dens *= (fine > rng.uniform(0.0, 0.15))
    if sub == "partial":
        a = rng.uniform(0, 2 * math.pi)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        s = ((xx - w / 2) * math.cos(a) + (yy - h / 2) * math.sin(a)) / (w / 2)
        lo = rng.uniform(0.0, 0.15)
        dens *= lo + (1 - lo) * np.clip((s + rng.uniform(-0.2, 0.2)) / 0.5 + 0.5, 0, 1)
    if sub == "faint":
        dens *= rng.uniform(0.3, 0.5)
    return m * dens


def resize_mask(m, w, h):
    return np.asarray(Image.fromarray((np.clip(m, 0, 1) * 255).astype(np.uint8)).resize((max(1, w), max(1, h)), Image.LANCZOS), np.float32) / 255.0


def stamp_on(page, m, ink, x, y):
    """Multiplies ink with alpha `m` into the page (float RGB 0..1) at top-left (x, y)."""
    H, W, _ = page.shape
    h, w = m.shape
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(W, x + w), min(H, y + h)
    if x1 <= x0 or y1 <= y0:
        return
    a = m[y0 - y:y1 - y, x0 - x:x1 - x][..., None]
    col = np.array(ink, np.float32)[None, None, :] / 255.0
    region = page[y0:y1, x0:x1]
    page[y0:y1, x0:x1] = region * (1 - a) + region * col * a


def draw_ink_strokes(rng, page, ink, box, n, width):
    """Handwriting-like strokes (random smooth polylines) in a box, ink given as RGB."""
    x0, y0, x1, y1 = box
    im = Image.new("L", (x1 - x0, y1 - y0), 0)
    from PIL import ImageDraw
    dr = ImageDraw.Draw(im)
    for _ in range(n):
        px, py = rng.uniform(0, x1 - x0), rng.uniform(0, y1 - y0)
        pts = [(px, py)]
        ang = rng.uniform(0, 2 * math.pi)
        for _ in range(rng.randint(6, 14)):
            ang += rng.uniform(-1.4, 1.4)
            px += math.cos(ang) * rng.uniform(6, 22) * width / 3
            py += math.sin(ang) * rng.uniform(6, 22) * width / 3
            pts.append((px, py))
        dr.line(pts, fill=255, width=max(1, int(width)), joint="curve")
    m = np.asarray(im, np.float32) / 255.0
    stamp_on(page, m, ink, x0, y0)


# ---------------------------------------------------------------- pages (LibreOffice)

def page_html(rng, red_head=False, red_table=False, img=None, img_w_mm=None):
    title = rng.choice(["关于2022年度政务服务工作情况的报告", "年度绩效评价佐证材料", "工作台账（统计数据）", "情况说明"])
    font = rng.choice(["Noto Serif CJK SC", "Noto Sans CJK SC"])
    parts = [f'<html><head><meta charset="utf-8"><style>body{{font-family:"{font}";font-size:{rng.choice([12, 14, 15])}pt}}'
             'td{border:1px solid %s;padding:3pt}table{border-collapse:collapse}</style></head><body>' % ("#d22" if red_table else "#000")]
    if red_head:
        parts.append(f'<p style="text-align:center;color:#d01c1f;font-size:26pt;font-weight:bold">{rng.choice(UNITS)}文件</p><hr style="border:2px solid #d01c1f">')
    parts.append(f'<h2 style="text-align:center">{title}</h2>')
    for p in rng.sample(PARAS, rng.randint(3, 5)):
        parts.append(f"<p>　　{p}</p>")
    if rng.random() < 0.6 or red_table:
        rows = "".join(f"<tr><td>{i + 1}</td><td>{rng.choice(['办件量', '好评率', '按时办结率', '投诉量'])}</td><td>{rng.randint(10, 9999)}</td></tr>" for i in range(rng.randint(3, 7)))
        parts.append(f"<table><tr><td>序号</td><td>指标</td><td>数值</td></tr>{rows}</table>")
    if img:
        align = rng.choice(["right", "center"])
        parts.append(f'<p style="text-align:{align}"><img src="{img}" style="width:{img_w_mm}mm"></p>')
    parts.append(f'<p style="text-align:right">{rng.choice(UNITS)}（盖章）<br>2022年{rng.randint(1, 12)}月{rng.randint(1, 28)}日</p>')
    parts.append("</body></html>")
    return "".join(parts)


def soffice_pdf(html_paths, outdir):
    """Converts HTML files to PDF with LibreOffice Writer, in one run."""
    if not html_paths:
        return
    run(["soffice", "--headless", "--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export",
         "--outdir", outdir] + html_paths, timeout=1800)


def raster(pdf, dpi, tmp, page=1):
    base = os.path.join(tmp, "r")
    run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", "-png", pdf, base])
    return np.asarray(Image.open(base + ".png").convert("RGB"), np.float32) / 255.0


# ---------------------------------------------------------------- marks on a raster page

def mm(dpi, v):
    return int(round(v / 25.4 * dpi))


def place_marks(rng, page, dpi, seal, sub, tmp):
    """Puts the seal (or the negative's red marks) on a raster page, in its lower half."""
    H, W, _ = page.shape
    ink = rng.choice(INKS["purple" if sub == "purple" else "pink" if sub == "pink" else "red"])
    cx = int(W * rng.uniform(0.55, 0.78))
    cy = int(H * rng.uniform(0.55, 0.85))
    if seal:
        shape = {"double": "double", "oval": "oval", "square": "square"}.get(sub, "round")
        m = seal_mask(rng, shape, tmp)
        m = wear(rng, m, sub)
        if shape == "square":
            dw = dh = mm(dpi, rng.uniform(18, 30))
        elif shape == "oval":  # the mask's ellipse is already 45 × 30 mm in a square canvas
            dw = dh = mm(dpi, rng.uniform(42, 48))
        else:
            dw = dh = mm(dpi, rng.uniform(38, 45))
        m = resize_mask(m, dw, dh)
        m = rotate_mask(m, rng.uniform(-35, 35) if shape != "square" else rng.uniform(-4, 4))
        x, y = cx - m.shape[1] // 2, cy - m.shape[0] // 2
        if sub == "beside-stamp":
            r = resize_mask(rect_stamp(rng, tmp), mm(dpi, 34), mm(dpi, 13))
            r = rotate_mask(r, rng.uniform(-8, 8))
            gap = rng.choice([-mm(dpi, 2), 0, mm(dpi, 3)])
            stamp_on(page, r, rng.choice(INKS["red"]), x - r.shape[1] - gap, cy - r.shape[0] // 2 + rng.randint(-mm(dpi, 8), mm(dpi, 8)))
        if sub == "beside-red-hand":
            draw_ink_strokes(rng, page, (200, 30, 40), (max(0, x - mm(dpi, 60)), y, max(1, x - mm(dpi, 5)), y + m.shape[0]), 4, max(2, dpi / 60))
        stamp_on(page, m, ink, x, y)
        if sub == "signature-over":
            draw_ink_strokes(rng, page, (25, 25, 35), (x - mm(dpi, 10), cy - mm(dpi, 8), x + m.shape[1] + mm(dpi, 10), cy + mm(dpi, 10)), 3, max(2, dpi / 50))
        return
    if sub in ("badge", "open-arc", "pen-circle"):
        m = negative_mask(rng, sub, tmp)
        m = wear(rng, m, "normal")
        d = mm(dpi, rng.uniform(30, 46))
        m = resize_mask(m, d, d if sub != "pen-circle" else int(d * rng.uniform(0.7, 1.0)))
        stamp_on(page, m, ink, cx - m.shape[1] // 2, cy - m.shape[0] // 2)
    elif sub == "rect-stamp":
        r = resize_mask(wear(rng, rect_stamp(rng, tmp), "normal"), mm(dpi, 40), mm(dpi, 16))
        r = rotate_mask(r, rng.uniform(-12, 12))
        stamp_on(page, r, ink, cx - r.shape[1] // 2, cy - r.shape[0] // 2)
    elif sub == "red-hand":
        draw_ink_strokes(rng, page, (205, 30, 40), (int(W * 0.3), int(H * 0.5), int(W * 0.9), int(H * 0.8)), 8, max(2, dpi / 60))


def rotate_mask(m, deg):
    im = Image.fromarray((np.clip(m, 0, 1) * 255).astype(np.uint8))
    return np.asarray(im.rotate(deg, resample=Image.BILINEAR, expand=True), np.float32) / 255.0


def to_img(page):
    return Image.fromarray((np.clip(page, 0, 1) * 255).astype(np.uint8))


# ---------------------------------------------------------------- containers

def pdf_of_jpegs(jpegs, path):
    """A PDF with one DCT-encoded page image per page (A4), written directly."""
    objs = []
    kids = []
    n = len(jpegs)
    # Object numbers: 1 catalog, 2 pages, then per page: page, content, image.
    for i, (data, w, h) in enumerate(jpegs):
        pn, cn, im = 3 + 3 * i, 4 + 3 * i, 5 + 3 * i
        kids.append(f"{pn} 0 R")
        content = b"q 595 0 0 842 0 0 cm /I0 Do Q"
        objs.append((pn, f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {cn} 0 R /Resources << /XObject << /I0 {im} 0 R >> >> >>".encode()))
        objs.append((cn, b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"))
        objs.append((im, (f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceRGB "
                          f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(data)} >>\nstream\n").encode() + data + b"\nendstream"))
    objs = [(1, b"<< /Type /Catalog /Pages 2 0 R >>"), (2, f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {n} >>".encode())] + objs
    objs.sort()
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = {}
    for num, body in objs:
        offs[num] = out.tell()
        out.write(b"%d 0 obj\n" % num + body + b"\nendobj\n")
    xref = out.tell()
    size = max(offs) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for k in range(1, size):
        out.write(b"%010d 00000 n \n" % offs[k])
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    with open(path, "wb") as f:
        f.write(out.getvalue())


def im_jpeg(img, q, tmp, extra=()):
    """Encodes a Pillow image as JPEG through ImageMagick (with optional operators)."""
    src = os.path.join(tmp, "in.png")
    dst = os.path.join(tmp, "out.jpg")
    img.save(src)
    run(["convert", src] + list(extra) + ["-quality", str(q), dst])
    with open(dst, "rb") as f:
        data = f.read()
    w, h = Image.open(dst).size
    return data, w, h


# ---------------------------------------------------------------- kinds

def make_scan(rng, seal, sub, base_pdf, out, tmp, seed):
    dpi = rng.choice([150, 200, 300])
    page = raster(base_pdf, dpi, tmp)
    place_marks(rng, page, dpi, seal, sub, tmp)
    g = rng.uniform(0.9, 1.0)
    tone = np.array([g, g * rng.uniform(0.98, 1.0), g * rng.uniform(0.94, 1.0)], np.float32)
    page = page * tone
    ops = ["-seed", str(seed), "-background", "white", "-rotate", f"{rng.uniform(-1.5, 1.5):.2f}",
           "-attenuate", f"{rng.uniform(0.2, 0.6):.2f}", "+noise", "Gaussian", "-blur", f"0x{rng.uniform(0.3, 0.9):.2f}"]
    pages = []
    if rng.random() < 0.3:
        first = raster(base_pdf, dpi, tmp) * tone
        pages.append(im_jpeg(to_img(first), rng.randint(60, 90), tmp, ops))
    pages.append(im_jpeg(to_img(page), rng.randint(60, 90), tmp, ops))
    pdf_of_jpegs(pages, out)


def svg_seal(rng, sub, cx, cy, fill):
    """A vector seal drawn in SVG at (cx, cy) in points."""
    family, weight = rng.choice(SVG_FONTS)
    text = rng.choice(UNITS)
    R = rng.uniform(56, 64)
    sw = rng.uniform(2.5, 4.2)
    g = [f'<g transform="translate({cx:.1f},{cy:.1f}) rotate({rng.uniform(-30, 30):.1f})" fill="{fill}" fill-opacity="{rng.uniform(0.85, 1):.2f}">']
    if sub == "oval":
        g.append(f'<ellipse rx="{R:.1f}" ry="{R * 0.68:.1f}" fill="none" stroke="{fill}" stroke-width="{sw:.1f}"/>')
        for i, ch in enumerate(text):
            t = math.radians(-90 - 110 + 220 * (i + 0.5) / len(text))
            x, y = (R - 13) * math.cos(t), (R * 0.68 - 13) * math.sin(t)
            rot = math.degrees(math.atan2(math.sin(t) / (R * 0.68), math.cos(t) / R)) + 90
            g.append(f'<text transform="translate({x:.1f},{y:.1f}) rotate({rot:.1f})" text-anchor="middle" dominant-baseline="central" font-family="{family}" font-weight="{weight}" font-size="11">{ch}</text>')
        g.append(f'<text y="12" text-anchor="middle" font-family="{family}" font-size="10">{rng.choice(["财务专用章", "合同专用章"])}</text>')
    else:
        g.append(f'<circle r="{R - sw / 2:.1f}" fill="none" stroke="{fill}" stroke-width="{sw:.1f}"/>')
        if sub == "double":
            g.append(f'<circle r="{R - sw - 3:.1f}" fill="none" stroke="{fill}" stroke-width="1"/>')
        span = rng.uniform(210, 280)
        fs = min(15, span / 360 * 2 * math.pi * (R - 16) / len(text) * 0.9)
        for i, ch in enumerate(text):
            a = -span / 2 + span * (i + 0.5) / len(text)
            g.append(f'<text transform="rotate({a:.1f}) translate(0,{-(R - sw - 4 - fs * 0.85):.1f})" text-anchor="middle" font-family="{family}" font-weight="{weight}" font-size="{fs:.1f}">{ch}</text>')
        s = R * rng.uniform(0.22, 0.3)
        pts = " ".join(f"{(s if k % 2 == 0 else s * 0.38) * math.cos(-math.pi / 2 + k * math.pi / 5):.1f},{(s if k % 2 == 0 else s * 0.38) * math.sin(-math.pi / 2 + k * math.pi / 5):.1f}" for k in range(10))
        g.append(f'<polygon points="{pts}"/>')
        b = rng.choice(BOTTOM)
        if b:
            g.append(f'<text y="{R * 0.5:.1f}" text-anchor="middle" font-family="{family}" font-size="10">{b}</text>')
    g.append("</g>")
    return "".join(g)


def svg_negative(rng, sub, cx, cy, fill):
    R = rng.uniform(45, 62)
    g = [f'<g transform="translate({cx:.1f},{cy:.1f})" fill="{fill}">']
    if sub == "badge":
        g.append(f'<circle r="{R:.1f}" fill="none" stroke="{fill}" stroke-width="3"/>')
        s = R * 0.3
        pts = " ".join(f"{(s if k % 2 == 0 else s * 0.38) * math.cos(-math.pi / 2 + k * math.pi / 5):.1f},{(s if k % 2 == 0 else s * 0.38) * math.sin(-math.pi / 2 + k * math.pi / 5):.1f}" for k in range(10))
        g.append(f'<polygon points="{pts}"/>')
        n = rng.choice([16, 24, 32])
        for i in range(n):
            a = 2 * math.pi * i / n
            g.append(f'<line x1="{R * 0.42 * math.cos(a):.1f}" y1="{R * 0.42 * math.sin(a):.1f}" x2="{R * 0.85 * math.cos(a):.1f}" y2="{R * 0.85 * math.sin(a):.1f}" stroke="{fill}" stroke-width="{rng.uniform(1, 2.5):.1f}"/>')
    elif sub == "rect-stamp":
        w = rng.uniform(100, 140)
        g.append(f'<rect x="{-w / 2:.1f}" y="-22" width="{w:.1f}" height="44" fill="none" stroke="{fill}" stroke-width="3"/>')
        g.append(f'<text y="10" text-anchor="middle" font-family="Noto Sans CJK SC" font-weight="bold" font-size="26">{rng.choice(STAMPS)}</text>')
    elif sub == "open-arc":
        gap = math.radians(rng.uniform(50, 100))
        a0 = rng.uniform(0, 2 * math.pi)
        a1 = a0 + 2 * math.pi - gap
        g.append(f'<path d="M {R * math.cos(a0):.1f} {R * math.sin(a0):.1f} A {R:.1f} {R:.1f} 0 1 1 {R * math.cos(a1):.1f} {R * math.sin(a1):.1f}" fill="none" stroke="{fill}" stroke-width="{rng.uniform(8, 14):.1f}"/>')
        g.append(f'<text y="16" text-anchor="middle" font-family="Noto Sans CJK SC" font-weight="bold" font-size="48">{rng.choice("ABEHKMZ")}</text>')
    g.append("</g>")
    return "".join(g)


def make_vector(rng, seal, sub, out, tmp):
    fill = {"purple": "#ad2567", "pink": "#f299b2"}.get(sub, rng.choice(["#d7000f", "#e60012", "#c8102e", "#ff0000"]))
    family, _ = rng.choice(SVG_FONTS)
    s = ['<svg xmlns="http://www.w3.org/2000/svg" width="595pt" height="842pt" viewBox="0 0 595 842"><rect width="595" height="842" fill="white"/>']
    if sub == "redhead":
        s.append(f'<text x="297" y="90" text-anchor="middle" font-family="{family}" font-weight="bold" font-size="30" fill="#d7000f">{rng.choice(UNITS)}文件</text>')
        s.append('<rect x="60" y="110" width="475" height="2.5" fill="#d7000f"/>')
    y = 160
    for p in rng.sample(PARAS, 5):
        for k in range(0, len(p), 30):
            s.append(f'<text x="72" y="{y}" font-family="{family}" font-size="13" fill="#111">{p[k:k + 30]}</text>')
            y += 22
    if sub == "red-table":
        for r in range(6):
            s.append(f'<line x1="72" y1="{y + r * 20}" x2="520" y2="{y + r * 20}" stroke="#d7000f" stroke-width="1"/>')
        for cx in (72, 200, 360, 520):
            s.append(f'<line x1="{cx}" y1="{y}" x2="{cx}" y2="{y + 100}" stroke="#d7000f" stroke-width="1"/>')
    s.append(f'<text x="360" y="700" font-family="{family}" font-size="13">（盖章）  2022年12月{rng.randint(1, 28)}日</text>')
    cx, cy = rng.uniform(380, 470), rng.uniform(640, 720)
    if seal:
        if sub == "beside-stamp":
            s.append(svg_negative(rng, "rect-stamp", cx - rng.uniform(115, 135), cy + rng.uniform(-15, 15), "#d7000f"))
        s.append(svg_seal(rng, sub, cx, cy, fill))
        if sub == "text-over":
            s.append(f'<text x="{cx - 80:.0f}" y="{cy + 4:.0f}" font-family="{family}" font-size="13">{PARAS[4][:14]}</text>')
    elif sub in ("badge", "rect-stamp", "open-arc"):
        s.append(svg_negative(rng, sub, cx, cy, fill))
    s.append("</svg>")
    svg = os.path.join(tmp, "v.svg")
    with open(svg, "w", encoding="utf-8") as f:
        f.write("".join(s))
    run(["rsvg-convert", "-f", "pdf", "-o", out, svg])


def seal_png(rng, seal, sub, tmp, path):
    """A picture of a seal (or of another red mark) to paste: transparent or on white."""
    ink = rng.choice(INKS["purple" if sub == "purple" else "pink" if sub == "pink" else "red"])
    if seal:
        shape = {"double": "double", "oval": "oval", "square": "square"}.get(sub, "round")
        m = wear(rng, seal_mask(rng, shape, tmp), sub)
    elif sub in ("badge", "open-arc"):
        m = wear(rng, negative_mask(rng, sub, tmp), "normal")
    elif sub == "rect-stamp":
        m = wear(rng, rect_stamp(rng, tmp), "normal")
    else:  # logo-like red text block
        m = np.zeros((200, 600), np.float32)
        p = os.path.join(tmp, "t.png")
        run(["convert", "-size", "600x200", "xc:black", "-fill", "white", "-font", "Noto-Serif-CJK-SC-Bold",
             "-pointsize", "80", "-gravity", "center", "-draw", f"text 0,0 '{rng.choice(['优秀单位', '政务服务', '满意窗口'])}'", p])
        m = np.asarray(Image.open(p).convert("L"), np.float32) / 255.0
    side = rng.choice([200, 300, 420])
    h, w = m.shape
    m = resize_mask(m, side, int(side * h / w))
    col = np.array(ink, np.uint8)
    if rng.random() < 0.5:
        rgba = np.zeros((m.shape[0], m.shape[1], 4), np.uint8)
        rgba[..., :3] = col
        rgba[..., 3] = (m * 255).astype(np.uint8)
        Image.fromarray(rgba, "RGBA").save(path)
    else:
        page = np.ones((m.shape[0] + 20, m.shape[1] + 20, 3), np.float32) * np.array([0.99, 0.98, 0.96], np.float32)
        stamp_on(page, m, ink, 10, 10)
        to_img(page).save(path)
    return 40 if not seal or sub != "square" else 22


def make_photo(rng, seal, sub, base_pdf, out, tmp, seed):
    dpi = rng.choice([120, 150, 200])
    page = raster(base_pdf, dpi, tmp)
    place_marks(rng, page, dpi, seal, sub, tmp)
    H, W, _ = page.shape
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    vx, vy = rng.uniform(0.35, 0.65) * W, rng.uniform(0.35, 0.65) * H
    rr = ((xx - vx) / W) ** 2 + ((yy - vy) / H) ** 2
    page = page * (1 - rng.uniform(0.2, 0.6) * np.clip(rr / 0.5, 0, 1))[..., None]
    desk = rng.choice(["#6b5a48", "#3c3f44", "#8a7f70", "#a89880", "#2e2a26"])
    m = rng.uniform(0.04, 0.14)
    canvas_w, canvas_h = int(W * (1 + 2 * m)), int(H * (1 + 2 * m))
    j = lambda v: v * rng.uniform(-0.06, 0.06)
    ox, oy = int(W * m), int(H * m)
    src = f"0,0 {ox + j(W):.0f},{oy + j(H):.0f}  {W},0 {ox + W + j(W):.0f},{oy + j(H):.0f}  {W},{H} {ox + W + j(W):.0f},{oy + H + j(H):.0f}  0,{H} {ox + j(W):.0f},{oy + H + j(H):.0f}"
    long_side = rng.choice([1600, 2000, 2400, 3000])
    cast = rng.choice([(1.06, 1.0, 0.88), (0.95, 1.0, 1.08), (1.0, 0.97, 0.9), (1.0, 1.0, 1.0)])
    p = os.path.join(tmp, "p.png")
    to_img(page).save(p)
    ops = ["convert", p, "-background", desk, "-virtual-pixel", "background",
           "-define", f"distort:viewport={canvas_w}x{canvas_h}+0+0", "+distort", "Perspective", src,
           "-resize", f"{long_side}x{long_side}",
           "-channel", "R", "-evaluate", "multiply", f"{cast[0]}", "-channel", "G", "-evaluate", "multiply", f"{cast[1]}",
           "-channel", "B", "-evaluate", "multiply", f"{cast[2]}", "+channel",
           "-brightness-contrast", f"{rng.uniform(-18, 5):.0f}x{rng.uniform(-15, 5):.0f}",
           "-blur", f"0x{rng.uniform(0.4, 1.8):.1f}", "-seed", str(seed), "-attenuate", f"{rng.uniform(0.3, 0.8):.1f}", "+noise", "Gaussian"]
    if rng.random() < 0.4:
        gx, gy = rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8)
        ops += ["(", "-size", f"{long_side // 3}x{long_side // 3}", "radial-gradient:white-black", "-evaluate", "multiply", f"{rng.uniform(0.3, 0.6):.2f}", ")",
                "-gravity", "northwest", "-geometry", f"+{int(gx * long_side * 0.6)}+{int(gy * long_side * 0.6)}", "-compose", "screen", "-composite"]
    ops += ["-quality", str(rng.randint(60, 90)), out]
    run(ops)


def make_screenshot(rng, seal, sub, base_pdf, out, tmp):
    dpi = rng.choice([72, 90, 110])
    page = raster(base_pdf, dpi, tmp)
    place_marks(rng, page, dpi, seal, sub, tmp)
    H, W, _ = page.shape
    top = int(H * rng.uniform(0.3, 0.5))
    view = page[top:top + int(H * 0.55)]
    vw = view.shape[1]
    win_w, win_h = vw + 240, view.shape[0] + 90
    win = np.ones((win_h, win_w, 3), np.float32) * np.array([0.93, 0.94, 0.95], np.float32)
    win[:40] = np.array([0.2, 0.24, 0.3], np.float32)
    win[90:90 + view.shape[0], 200:200 + vw] = view
    img = to_img(win)
    from PIL import ImageDraw
    d = ImageDraw.Draw(img)
    d.ellipse((win_w - 30, 12, win_w - 14, 28), fill=(232, 17, 35))
    for k in range(rng.randint(1, 4)):
        y = 60 + k * 50
        d.rectangle((10, y, 180, y + 30), fill=(255, 255, 255))
        if rng.random() < 0.7:
            d.ellipse((160, y - 6, 176, y + 10), fill=(245, 34, 45))
    if rng.random() < 0.5:
        d.rounded_rectangle((win_w - 140, 50, win_w - 20, 80), radius=6, fill=(214, 40, 40))
    img.save(out, "PNG")


# ---------------------------------------------------------------- the set

POS_SUBS = ["normal", "normal", "partial", "partial", "faint", "beside-stamp", "signature-over", "double",
            "oval", "square", "purple", "pink", "beside-red-hand", "text-over"]
NEG_SUBS = {
    "scan": ["plain", "badge", "badge", "open-arc", "pen-circle", "rect-stamp", "red-hand", "redhead", "red-table"],
    "photo": ["plain", "badge", "badge", "open-arc", "pen-circle", "rect-stamp", "red-hand", "redhead"],
    "screenshot": ["plain", "badge", "open-arc", "rect-stamp", "red-hand", "redhead"],
    "vector": ["plain", "badge", "badge", "rect-stamp", "open-arc", "redhead", "red-table"],
    "pasted": ["badge", "badge", "open-arc", "rect-stamp", "red-text", "none"],
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=250)
    ap.add_argument("--only", help="write only the files of this sub-kind (labels are written for all)")
    ap.add_argument("--family", choices=["eval", "train"], default="eval",
                    help="eval: seeds 7000 (the evaluation set); train: seeds 17000, for training the verifier only")
    ap.add_argument("out")
    a = ap.parse_args()
    seed0 = 7000 if a.family == "eval" else 17000
    os.makedirs(a.out, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="seal-d-")
    plan = []
    for i in range(a.n):
        rng = random.Random(seed0 + i)
        kind = KINDS[i % len(KINDS)]
        seal = (i // len(KINDS)) % 2 == 0
        subs = POS_SUBS if seal else NEG_SUBS[kind]
        sub = rng.choice(subs)
        if kind == "vector" and sub in ("square", "signature-over", "faint", "partial", "beside-red-hand"):
            sub = "normal"
        if kind == "pasted" and sub in ("beside-stamp", "signature-over", "text-over", "beside-red-hand"):
            sub = "normal"
        plan.append((i, kind, seal, sub, rng))
    # LibreOffice pages: a pool of base pages for raster kinds, and one page per pasted file.
    pool_dir = os.path.join(tmp, "pool")
    os.makedirs(pool_dir)
    htmls = []
    prng = random.Random(seed0 - 1)
    for k in range(12):
        p = os.path.join(pool_dir, f"base{k}.html")
        with open(p, "w", encoding="utf-8") as f:
            f.write(page_html(prng, red_head=(k % 4 == 1), red_table=(k % 4 == 3)))
        htmls.append(p)
    for i, kind, seal, sub, rng in plan:
        if kind == "pasted" and a.only in (None, sub):
            img = os.path.join(pool_dir, f"img{i}.png")
            width = seal_png(rng, seal, sub, tmp, img)
            p = os.path.join(pool_dir, f"pasted-{i:04d}.html")
            with open(p, "w", encoding="utf-8") as f:
                f.write(page_html(rng, img=os.path.basename(img), img_w_mm=width))
            htmls.append(p)
    soffice_pdf(htmls, pool_dir)
    plain = [os.path.join(pool_dir, f"base{k}.pdf") for k in (0, 2, 4, 5, 6, 8, 9, 10)]
    redhead = [os.path.join(pool_dir, f"base{k}.pdf") for k in (1, 5, 9)]
    redtable = [os.path.join(pool_dir, f"base{k}.pdf") for k in (3, 7, 11)]
    rows = []
    for i, kind, seal, sub, rng in plan:
        ext = {"photo": "jpg", "screenshot": "png"}.get(kind, "pdf")
        name = f"{kind}-{i:04d}.{ext}"
        out = os.path.join(a.out, name)
        base = rng.choice(redhead if sub == "redhead" else redtable if sub == "red-table" else plain)
        if a.only not in (None, sub):
            rows.append((name, kind, int(seal), sub))
            continue
        try:
            if kind == "scan":
                make_scan(rng, seal, sub, base, out, tmp, seed0 + i)
            elif kind == "vector":
                make_vector(rng, seal, sub, out, tmp)
            elif kind == "pasted":
                shutil.copy(os.path.join(pool_dir, f"pasted-{i:04d}.pdf"), out)
            elif kind == "photo":
                make_photo(rng, seal, sub, base, out, tmp, seed0 + i)
            else:
                make_screenshot(rng, seal, sub, base, out, tmp)
        except (subprocess.CalledProcessError, OSError) as e:
            print(f"{name}: {e}", file=sys.stderr)
            continue
        rows.append((name, kind, int(seal), sub))
        print(name, sub, flush=True)
    with open(os.path.join(a.out, "labels.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "kind", "seal", "sub"])
        w.writerows(rows)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
