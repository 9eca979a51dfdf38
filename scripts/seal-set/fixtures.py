#!/usr/bin/env python3
"""Small fixtures for tests/stamp_seal.rs, one per failure kind of the seal detector,
drawn with gen.py (real CJK glyphs) and kept small (a part of a 150 dpi page).

    python3 scripts/seal-set/fixtures.py fixtures/seal

Writes partial-seal.jpg, seal-beside-approved.jpg, badge-no-text.jpg,
purple-vector-seal.pdf, pink-vector-seal.pdf, badge-vector.pdf, open-arc-logo.jpg,
pen-circle-note.jpg, and, when the training generator gen_t.py is beside this script
(its seal shapes), oval-seal.jpg, square-seal.jpg, badge-wheat.jpg, badge-dots.jpg,
date-ring.jpg, faint-seal.jpg, partial-seal-2.jpg, oval-screenshot.png and
square-seal-page.jpg.
"""

import math
import os
import random
import sys

import numpy as np
from PIL import Image, ImageDraw

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402


def paper(rng, w, h):
    """The lower part of a page: black text lines and a signature block."""
    im = Image.new("RGB", (w, h), (250, 249, 244))
    d = ImageDraw.Draw(im)
    f = gen.font("regular", 24)
    y = 30
    while y < h - 60:
        d.text((40, y), rng.choice(gen.SENTENCES)[:30], fill=(20, 20, 20), font=f)
        y += 44
    return np.asarray(im, np.float32) / 255.0


def save_jpeg(page, path):
    gen.to_img(page).save(path, "JPEG", quality=85)


def lure_fixtures(out, gen_t):
    """Look-alikes the verifier used to pass and weak seals it must keep (gen_t.py's
    drawings): a wheat-ear badge and a badge with a ring of dots (no arc text), a
    dater's ring (the date between two bars), a faint seal and a partly inked one."""
    gen_t.WIDE_FACES.extend(gen_t.FACES + [f for f in gen_t.OTHER_FACES if os.path.exists(f)])
    for name, seed, what in [("badge-wheat.jpg", 30_001, "wheat"), ("badge-dots.jpg", 30_100, "dots"),
                             ("date-ring.jpg", 30_208, "date"), ("faint-seal.jpg", 30_300, "faint"),
                             ("partial-seal-2.jpg", 30_400, "partial")]:
        rng = random.Random(seed)
        page = paper(rng, 900, 640)
        col = (214, 30, 40)
        if what in ("wheat", "dots"):
            a = np.asarray(gen_t.badge(rng, 240, what), np.float32) / 255.0
            col = (220, 30, 40)
        elif what == "date":
            a = np.asarray(gen_t.date_bars(rng, 220), np.float32) / 255.0
        elif what == "partial":
            a = np.asarray(gen_t.seal(rng, 240, "round"), np.float32) / 255.0
            a = gen.ink_effects(rng, a, True, 1.0)
        else:
            a = np.asarray(gen_t.seal(rng, 240, "round"), np.float32) / 255.0 * 0.45
        gen.apply_ink(page, a, col, 560, 300)
        save_jpeg(page, os.path.join(out, name))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "fixtures/seal"
    os.makedirs(out, exist_ok=True)
    gen.FONTS.update(gen.find_fonts(None))
    d = 240  # a 40 mm seal at 150 dpi

    # A seal inked on one side only (the other side faded to almost nothing).
    rng = random.Random(10_001)
    page = paper(rng, 900, 640)
    a = gen.seal_shape(rng, d, "round")
    h, w = a.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    s = (xx - w / 2) / (w / 2)
    a = a * (0.04 + 0.96 * np.clip((0.15 - s) / 0.25 + 0.5, 0, 1))
    gen.apply_ink(page, a, (214, 30, 40), 560, 300)
    save_jpeg(page, os.path.join(out, "partial-seal.jpg"))

    # A seal with an APPROVED stamp right beside it, touching its ring.
    rng = random.Random(10_002)
    page = paper(rng, 900, 640)
    a = gen.seal_shape(rng, d, "round")
    gen.apply_ink(page, a, (214, 30, 40), 560, 300)
    b = np.zeros((120, 330), np.float32)
    gen.lines(b, [[(6, 6), (324, 6), (324, 114), (6, 114), (6, 6)]], 8)
    f = gen.font("sans", 64)
    t = Image.new("L", (330, 120), 0)
    ImageDraw.Draw(t).text((165, 60), "APPROVED", fill=255, font=f, anchor="mm")
    np.maximum(b, np.asarray(t, np.float32) / 255.0, out=b)
    gen.apply_ink(page, b, (222, 36, 44), 560 - 330 + 4, 300 + 70)
    save_jpeg(page, os.path.join(out, "seal-beside-approved.jpg"))

    # A round badge: ring, star and rays, no arc text.
    rng = random.Random(10_003)
    page = paper(rng, 900, 640)
    c = np.zeros((d + 8, d + 8), np.float32)
    cx = cy = c.shape[0] / 2
    r = d / 2 - 1
    gen.ring(c, cx, cy, r, r, d * 0.045)
    gen.polygon(c, gen.star_points(cx, cy, d * 0.2))
    segs = []
    for i in range(20):
        t_ = i * 2 * math.pi / 20
        segs.append([(cx + d * 0.22 * math.cos(t_), cy + d * 0.22 * math.sin(t_)),
                     (cx + r * 0.8 * math.cos(t_), cy + r * 0.8 * math.sin(t_))])
    gen.lines(c, segs, d * 0.02)
    gen.apply_ink(page, c, (220, 30, 40), 560, 300)
    save_jpeg(page, os.path.join(out, "badge-no-text.jpg"))

    # Vector seals in purple-red and in pale pink, and a vector badge.
    for name, col, maker in [("purple-vector-seal.pdf", gen.PURPLE, "seal"),
                             ("pink-vector-seal.pdf", gen.PINK, "seal"),
                             ("badge-vector.pdf", (220, 30, 40), "badge")]:
        rng = random.Random(10_004)
        rng.random = (lambda r: (lambda: 0.5))(rng)  # RGB colours, no CMYK
        body = gen.pdf_text_lines(random.Random(7), False)
        if maker == "seal":
            body += b"\n" + gen.pdf_seal(rng, 420, 200, 120, col, "round")
        else:
            body += b"\n" + gen.pdf_badge(rng, 420, 200, 120, col)
        pdf = gen.Pdf()
        with open(os.path.join(out, name), "wb") as fh:
            fh.write(pdf.build([(body, {})]))
    # An open-arc logo with a letter inside, and a red pen circle with a note in it.
    rng = random.Random(10_005)
    page = paper(rng, 900, 640)
    c = np.zeros((d + 8, d + 8), np.float32)
    cx = cy = c.shape[0] / 2
    r = d / 2 - d * 0.05
    gen.ring(c, cx, cy, r, r, d * 0.08, 2.4, 2.4 + 2 * math.pi - math.radians(70))
    gen.paste_max(c, gen.glyph_img("政", d * 0.5, "sans", 1.0), cx, cy)
    gen.apply_ink(page, c, (220, 30, 40), 560, 300)
    save_jpeg(page, os.path.join(out, "open-arc-logo.jpg"))

    rng = random.Random(10_006)
    page = paper(rng, 900, 640)
    orig = rng.random
    rng.random = lambda: 0.0  # with a note
    c = gen.hand_circle(rng, d, True)
    rng.random = orig
    gen.apply_ink(page, c, (200, 25, 35), 330, 150)
    save_jpeg(page, os.path.join(out, "pen-circle-note.jpg"))

    # An oval 专用章 and a square 名章 (gen_t.py's seal shapes).
    try:
        import gen_t  # noqa: E402
    except ImportError:
        gen_t = None
        print("gen_t.py not found: oval-seal.jpg and square-seal.jpg not written")
    if gen_t is not None:
        for name, style, size in [("oval-seal.jpg", "oval", 270), ("square-seal.jpg", "square", 150)]:
            rng = random.Random(21_000)
            page = paper(rng, 900, 640)
            a = np.asarray(gen_t.seal(rng, size, style), np.float32) / 255.0
            gen.apply_ink(page, a, (214, 30, 40), 560, 300)
            save_jpeg(page, os.path.join(out, name))
        lure_fixtures(out, gen_t)
        # A screenshot of a page with an oval 专用章: file 891 of gen_t.py's family t
        # (the same seed and draws as `gen_t.py --family t`).
        gen_t.G.FONTS.update(gen_t.G.find_fonts(None))
        rng = random.Random(5000 * 1_000_003 + 891)
        is_seal = rng.random() < 0.4
        data, ext, sub = gen_t.make(rng, "screen", is_seal)
        if ext == "png" and is_seal and sub == "oval":
            with open(os.path.join(out, "oval-screenshot.png"), "wb") as f:
                f.write(data)
        square_seal_page(out)
        ray_badge_photo(out)
    print("fixtures written to", out)


def gen_t_file(out, family, name, fixture):
    """Copies file `name` (e.g. page-0233.jpg) of `gen_t.py --family FAMILY` to
    `out/fixture`: the families set module-wide switches, so such files are drawn by
    gen_t.py itself, with as many files as it takes to reach that one."""
    import shutil
    import subprocess
    import tempfile

    index = int(name.rsplit("-", 1)[1].split(".")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, os.path.join(here, "gen_t.py"), "--family", family, "--n", str(index + 1), tmp],
            check=True,
        )
        shutil.copyfile(os.path.join(tmp, name), os.path.join(out, fixture))


def square_seal_page(out):
    """A 150 dpi page with a small carved 名章 (17 mm, red strokes run into a thick
    frame) under black text: file page-0233.jpg of `gen_t.py --family sq2`."""
    gen_t_file(out, "sq2", "page-0233.jpg", "square-seal-page.jpg")


def ray_badge_photo(out):
    """A phone photo (1346 x 2000, JPEG) of a page with a purple-red badge beside the
    signature: a ring, a sun of rays and no arc text, some 60 px across at working
    size: file photo-0070.jpg of `gen_t.py --family lure`."""
    gen_t_file(out, "lure", "photo-0070.jpg", "ray-badge-photo.jpg")


if __name__ == "__main__":
    main()
