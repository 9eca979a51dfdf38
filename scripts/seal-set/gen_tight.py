#!/usr/bin/env python3
"""Pictures cut tight round a square seal, and red-ground pictures that are none.

A tuning family for the search of square seals inside a margin (`detect.rs`,
`square_in_margin`): a 名章 saved as a picture of its own (as pasted into a Word
file or a PDF) has its frame or red block on the picture's borders; a logo, banner
or poster printed on a red ground has red ink along the borders too.

    python3 gen_tight.py OUT [--n 120] [--seed 41000]

Half the files hold a seal (sub `tight-plain`: red characters in a frame,
`tight-carved`: white characters cut out of a red block), half none (`red-logo`: a
red or magenta ground with a white, gold and dark emblem and words; `red-banner`:
white and black or gold words on a red ground; `red-icon`: a red square with one
white sign). Sizes 60-600 px, PNG with or without transparency, or JPEG. Uses
Pillow, numpy and the CJK faces of fonts-noto-cjk, fonts-arphic-*, fonts-wqy-zenhei
and fonts-lxgw-wenkai (any found). Never evaluate on this family.
"""

import argparse
import glob
import io
import os
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FACES = [
    f
    for pat in (
        "/usr/share/fonts/opentype/noto/NotoS*CJK-*.ttc",
        "/usr/share/fonts/truetype/arphic/u*.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-*.ttf",
    )
    for f in sorted(glob.glob(pat))
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
WORDS = ["人民银行", "储蓄银行", "建设集团", "科技有限公司", "文化传媒", "欢迎光临", "新年快乐",
         "热烈庆祝", "开业大吉", "优秀团队", "安全生产月", "喜迎国庆"]
REDS = [(200, 20, 30), (220, 30, 40), (180, 10, 20), (230, 0, 120), (190, 0, 90), (235, 60, 30),
        (170, 30, 40)]


def face(rng, size):
    return ImageFont.truetype(rng.choice(FACES), size)


def ink(rng):
    r = rng.randint(175, 235)
    return (r, rng.randint(0, 45), rng.randint(10, 55))


def glyph(img, ch, box, colour, rng):
    """Draws `ch` stretched to fill `box` (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    w, h = max(1, int(x1 - x0)), max(1, int(y1 - y0))
    f = face(rng, 200)
    g = Image.new("L", (240, 240), 0)
    ImageDraw.Draw(g).text((120, 120), ch, font=f, fill=255, anchor="mm")
    bb = g.getbbox()
    if not bb:
        return
    g = g.crop(bb).resize((w, h), Image.LANCZOS)
    if rng.random() < 0.5:
        g = g.filter(ImageFilter.MaxFilter(3))
    img.paste(Image.new("RGB", (w, h), colour), (int(x0), int(y0)), g)


def seal(rng, carved):
    side = rng.randint(60, 600)
    high = side if rng.random() < 0.6 else int(side / rng.uniform(0.8, 0.95))
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))
    chars = name + ("之印" if len(name) == 2 else "印")
    red = ink(rng)
    img = Image.new("RGB", (side, high), red if carved else (255, 255, 255))
    d = ImageDraw.Draw(img)
    fw = max(2, int(side * rng.uniform(0.03, 0.09)))
    if not carved:
        d.rectangle([0, 0, side - 1, high - 1], outline=red, width=fw)
    pad = fw + side * rng.uniform(0.03, 0.08)
    cw, ch = (side - 2 * pad) / 2, (high - 2 * pad) / 2
    k = 0
    for c in (1, 0):
        for r in (0, 1):
            if k < len(chars):
                x, y = pad + c * cw, pad + r * ch
                glyph(img, chars[k], (x + cw * 0.04, y + ch * 0.04, x + cw * 0.96, y + ch * 0.96),
                      (255, 255, 255) if carved else red, rng)
                k += 1
    return img, ("tight-carved" if carved else "tight-plain")


def red_ground(rng, kind):
    w = rng.randint(200, 900)
    h = int(w * rng.uniform(0.75, 1.3))
    ground = rng.choice(REDS)
    img = Image.new("RGB", (w, h), ground)
    d = ImageDraw.Draw(img)
    if kind == "red-logo":
        r = int(min(w, h) * rng.uniform(0.2, 0.32))
        cx, cy = w // 2, int(h * rng.uniform(0.3, 0.45))
        gold = (rng.randint(180, 220), rng.randint(140, 180), rng.randint(40, 90))
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=gold, outline=(90, 60, 20), width=max(2, r // 12))
        d.ellipse([cx - r // 2, cy - r // 2, cx + r // 2, cy + r // 2], fill=(110, 70, 30))
        f = face(rng, max(12, w // 9))
        d.text((w // 2, int(h * 0.8)), rng.choice(WORDS)[:4], font=f, fill=(255, 255, 255), anchor="mm")
        if rng.random() < 0.6:
            f = face(rng, max(10, w // 22))
            d.text((w // 2, int(h * 0.92)), rng.choice(WORDS), font=f, fill=(30, 20, 20), anchor="mm")
    elif kind == "red-banner":
        for i, colour in enumerate([(255, 255, 255), rng.choice([(20, 20, 20), (240, 200, 80)])]):
            f = face(rng, max(12, w // (6 + 4 * i)))
            d.text((w // 2, int(h * (0.35 + 0.3 * i))), rng.choice(WORDS), font=f, fill=colour, anchor="mm")
    else:
        s = int(min(w, h) * 0.5)
        sign = rng.choice(["+", "✓", "福", "A", "!"])
        f = face(rng, s)
        d.text((w // 2, h // 2), sign, font=f, fill=(255, 255, 255), anchor="mm")
    return img, kind


def encode(img, rng):
    a = np.asarray(img).astype(np.float32)
    a += np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, rng.uniform(0, 6), a.shape)
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if rng.random() < 0.3:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.0)))
    buf = io.BytesIO()
    if rng.random() < 0.35:
        img.save(buf, "JPEG", quality=rng.randint(70, 95))
        return buf.getvalue(), "jpg"
    if rng.random() < 0.5:
        # Transparent where the picture is white (an e-seal's background).
        rgba = img.convert("RGBA")
        px = np.asarray(rgba).copy()
        white = (px[..., :3].min(axis=2) > 235)
        px[white, 3] = 0
        rgba = Image.fromarray(px)
        rgba.save(buf, "PNG")
    else:
        img.save(buf, "PNG")
    return buf.getvalue(), "png"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--seed", type=int, default=41000)
    args = ap.parse_args()
    if not FACES:
        raise SystemExit("no CJK face found")
    os.makedirs(args.out, exist_ok=True)
    rows = []
    for i in range(args.n):
        rng = random.Random(args.seed + i)
        if i % 2 == 0:
            img, sub = seal(rng, rng.random() < 0.4)
            sealed = 1
        else:
            img, sub = red_ground(rng, rng.choice(["red-logo", "red-logo", "red-banner", "red-icon"]))
            sealed = 0
        data, ext = encode(img, rng)
        name = f"t{i:04d}.{ext}"
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
        rows.append(f"{name},seal-only,{sealed},{sub}")
    with open(os.path.join(args.out, "labels.csv"), "w") as f:
        f.write("file,kind,seal,sub\n" + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
