#!/usr/bin/env python3
"""Labelled period set, generator B: written separately from generator A, used only
for evaluation. Its own templates and layouts (minutes, 公示 with a dotted range,
成文日期 lines, dates in Word headers, footers and text boxes, 二O二二 dates,
8-digit cell dates, 出生年月 rosters, exiftool-written photos, image-only PDFs), body
sentences drawn from the source documents (seeds directory, first argument).

  python3 scripts/period-set/gen_b.py SEEDS_DIR OUT SEED [ROUNDS]

Expected verdict per file for the period 2022-01-01..2022-10-31: in / out / unknown.
"""

import csv
import datetime as dt
import glob
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import writers as W  # noqa: E402

P0, P1 = dt.date(2022, 1, 1), dt.date(2022, 10, 31)
ORGS = ["浉河区行政审批服务局", "东双河街道便民服务中心", "柳林乡人民政府", "区住房和城乡建设局",
        "区医疗保障局", "老城街道办事处", "区公安分局户政科", "谭家河乡便民服务中心"]
DIG = "〇一二三四五六七八九"


def pick(rng, a, b):
    return a + dt.timedelta(days=rng.randrange((b - a).days + 1))


def inside(rng):
    return pick(rng, P0, P1)


def outside(rng):
    return rng.choice([pick(rng, dt.date(2020, 6, 1), dt.date(2021, 12, 31)),
                       pick(rng, dt.date(2022, 11, 1), dt.date(2022, 12, 31))])


def seed_sentences(seeds_dir):
    out = []
    for f in sorted(glob.glob(os.path.join(seeds_dir, "0*.txt"))):
        for s in re.split(r"[。\n]", open(f, encoding="utf-8").read()):
            s = s.strip()
            # Sentences without any 4-digit year: filler that cannot decide.
            if 12 < len(s) < 70 and not re.search(r"\d{4}|[〇○一二]{4}年", s):
                out.append(s + "。")
    return out


def ymd(d, style):
    if style == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "cn0":
        return f"{d.year}年{d.month:02d}月{d.day:02d}日"
    if style == "dot":
        return f"{d.year}.{d.month}.{d.day}"
    if style == "hzO":
        return _hz(d, "O")
    if style == "hz":
        return _hz(d, "○")
    return d.isoformat()


def _n(n):
    if n < 10:
        return DIG[n]
    t, o = divmod(n, 10)
    return ("" if t == 1 else DIG[t]) + "十" + (DIG[o] if o else "")


def _hz(d, zero):
    return "".join(DIG[int(c)] for c in str(d.year)).replace("〇", zero) + f"年{_n(d.month)}月{_n(d.day)}日"


def cited(rng):
    y = rng.choice([2017, 2019, 2020, 2021])
    return rng.choice([
        f"依据《中华人民共和国行政许可法》（{y}年修正）和上级有关要求，",
        f"按照市政府办公室{y}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日印发的文件精神，",
        f"本中心于{y}年{rng.randint(1, 12)}月正式启用，",
        f"与{y}年同期相比，",
        f"营业执照有效期至{rng.randint(2025, 2035)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日，",
    ])


class Gen:
    def __init__(self, seeds, out, seed):
        self.rng = random.Random(seed * 7919 + 13)
        self.sent = seed_sentences(seeds)
        self.out, self.seed = out, seed
        self.files = os.path.join(out, "files")
        self.tmp = os.path.join(out, "tmp")
        os.makedirs(self.files, exist_ok=True)
        os.makedirs(self.tmp, exist_ok=True)
        self.rows, self.pdf, self.doc, self.xls = [], [], [], []
        self.k = 0

    def filler(self, n=2):
        return "".join(self.rng.choice(self.sent) for _ in range(n))

    def stem(self, what):
        self.k += 1
        return f"b{self.seed}-{self.k:03d}-{what}"

    def word(self, what, blocks, label, shape, **kw):
        name = self.stem(what)
        fmt = self.rng.choice(["pdf", "doc", "docx", "pdf"])
        dst = self.files if fmt == "docx" else self.tmp
        W.write_docx(os.path.join(dst, name + ".docx"), blocks, **kw)
        if fmt == "pdf":
            self.pdf.append(os.path.join(dst, name + ".docx"))
        elif fmt == "doc":
            self.doc.append(os.path.join(dst, name + ".docx"))
        self.rows.append((f"{name}.{fmt}", fmt, label, shape))

    def when(self, label):
        return inside(self.rng) if label == "in" else outside(self.rng)

    # documents
    def minutes(self, label):
        r = self.rng
        d = self.when(label)
        style = r.choice(["hzO", "hz", "cn", "cn0"])
        blocks = [("title", "政务服务工作推进会会议纪要"),
                  ("para", f"会议时间：{ymd(d, style)}上午9时"),
                  ("para", f"会议地点：{r.choice(ORGS)}三楼会议室"),
                  ("para", cited(r) + self.filler(1)),
                  ("para", self.filler(2))]
        self.word("会议纪要", blocks, label, "minutes-" + style)

    def notice_board(self, label):
        r = self.rng
        d = self.when(label)
        e = d + dt.timedelta(days=6)
        if label == "in" and e > P1:
            d, e = d - dt.timedelta(days=10), e - dt.timedelta(days=10)
        style = r.choice(["dot", "cn"])
        rng_txt = (f"{d.year}.{d.month}.{d.day}-{e.year}.{e.month}.{e.day}" if style == "dot"
                   else f"{ymd(d, 'cn')}至{ymd(e, 'cn')}")
        blocks = [("title", "评议结果公示"),
                  ("para", self.filler(1)),
                  ("para", f"公示期：{rng_txt}。如有异议，请在公示期内反映。"),
                  ("para", ""), ("right", r.choice(ORGS)), ("right", ymd(d, "cn"))]
        self.word("结果公示", blocks, label, "notice-board-" + style)

    def plan_with_issue_date(self, label):
        r = self.rng
        d = self.when(label)
        later = pick(r, dt.date(2022, 1, 1), dt.date(2022, 12, 31))
        blocks = [("title", f"{r.choice(ORGS)}“一网通办”推进方案"),
                  ("para", f"成文日期：{ymd(d, 'cn')}"),
                  ("para", cited(r) + self.filler(1)),
                  ("para", f"到{later.year}年{later.month}月底前，全面完成事项梳理。" + self.filler(1))]
        self.word("推进方案", blocks, label, "plan-issue-date")

    def header_dated(self, label):
        r = self.rng
        d = self.when(label)
        blocks = [("title", "政务服务信息"), ("para", self.filler(2)), ("para", cited(r) + self.filler(1))]
        self.word("政务信息", blocks, label, "header-dated",
                  header=f"{r.choice(ORGS)}  {ymd(d, 'cn')}")

    def footer_signed(self, label):
        r = self.rng
        d = self.when(label)
        blocks = [("title", "便民服务站运行情况说明"), ("para", self.filler(2)),
                  ("para", f"{cited(r)}我站持续做好代办服务。")]
        self.word("情况说明", blocks, label, "footer-dated",
                  footer=f"{r.choice(ORGS)}  {ymd(d, 'cn')}印制")

    def textbox_signed(self, label):
        r = self.rng
        d = self.when(label)
        blocks = [("title", "关于窗口服务情况的通报"), ("para", self.filler(2)),
                  ("para", cited(r) + self.filler(1))]
        self.word("情况通报", blocks, label, "textbox-signed",
                  textbox=f"{r.choice(ORGS)}  {ymd(d, 'cn')}")

    def old_signed_new_plans(self):
        r = self.rng
        d = pick(r, dt.date(2021, 10, 1), dt.date(2021, 12, 31))
        blocks = [("title", "2022年政务服务工作计划"),
                  ("para", f"2022年3月起开展窗口服务提升行动，2022年6月底前完成自助服务区建设。"),
                  ("para", self.filler(2)), ("right", r.choice(ORGS)), ("right", ymd(d, "cn"))]
        self.word("工作计划", blocks, "out", "old-signed-new-plans")

    def new_signed_old_history(self):
        r = self.rng
        d = inside(r)
        blocks = [("title", "关于政务服务中心建设情况的报告"),
                  ("para", "自2019年6月以来，我中心先后完成两次改造，2019年12月通过验收，2020年1月1日起全面运行。"),
                  ("para", self.filler(2)), ("right", r.choice(ORGS)), ("right", ymd(d, r.choice(["cn", "hz"])))]
        self.word("建设情况报告", blocks, "in", "new-signed-old-history")

    def scan(self, label="unknown"):
        name = self.stem("扫描件")
        img = os.path.join(self.tmp, name + ".jpg")
        W.photo(img, self.rng, None, size=(600, 800))
        from PIL import Image
        Image.open(img).convert("RGB").save(os.path.join(self.files, name + ".pdf"), "PDF", resolution=150)
        self.rows.append((name + ".pdf", "pdf", label, "scan-no-text"))

    # lists
    def visits(self, label, fmt):
        r = self.rng
        rows = [["编号", "走访对象", "走访日期", "联系电话", "备注"]]
        n = r.randint(6, 30)
        bad = set(r.sample(range(n), r.randint(1, 2))) if label == "out" else set()
        for i in range(n):
            d = outside(r) if i in bad else inside(r)
            cell = d.strftime("%Y%m%d") if fmt == "csv" else (d if r.random() < 0.6 else f"{d:%Y/%m/%d}")
            rows.append([f"ZF{i + 1:03d}", r.choice(ORGS), cell, f"139{r.randint(10000000, 99999999)}", ""])
        rows.append(["", "", "", "", f"制表时间：{ymd(pick(r, dt.date(2022, 11, 1), dt.date(2022, 11, 20)), 'cn')}"])
        self.table("走访台账", rows, label, fmt, "visits")

    def permits(self, label, fmt):
        r = self.rng
        rows = [["序号", "申请人", "申请日期", "办结日期", "许可证有效期至"]]
        n = r.randint(5, 25)
        bad = r.randrange(n) if label == "out" else -1
        for i in range(n):
            a = outside(r) if i == bad else pick(r, P0, P1 - dt.timedelta(days=10))
            b = a + dt.timedelta(days=r.randint(1, 5)) if i != bad else a
            v = pick(r, dt.date(2026, 1, 1), dt.date(2032, 12, 31))
            rows.append([i + 1, f"某某公司{i + 1}", a, b, v])
        self.table("许可办理登记", rows, label, fmt, "permits")

    def roster_months(self, fmt):
        r = self.rng
        rows = [["姓名", "出生年月", "参加工作时间", "身份证号码", "职务"]]
        for i in range(r.randint(5, 15)):
            b = pick(r, dt.date(1966, 1, 1), dt.date(1998, 12, 31))
            j = pick(r, dt.date(1988, 1, 1), dt.date(2020, 12, 31))
            rows.append([f"赵{i}", f"{b.year}.{b.month:02d}", f"{j.year}年{j.month}月",
                         f"41150{r.randint(1, 9)}{b:%Y%m%d}{r.randint(1000, 9999)}", "科员"])
        self.table("工作人员名册", rows, "unknown", fmt, "roster-months")

    def table(self, what, rows, label, fmt, shape):
        name = self.stem(what)
        if fmt == "csv":
            rows = [[x.strftime("%Y-%m-%d") if isinstance(x, dt.date) else x for x in row] for row in rows]
            W.write_csv_gbk(os.path.join(self.files, name + ".csv"), rows)
        else:
            dst = self.files if fmt == "xlsx" else self.tmp
            W.write_xlsx(os.path.join(dst, name + ".xlsx"), [(what, rows)])
            if fmt == "xls":
                self.xls.append(os.path.join(dst, name + ".xlsx"))
        self.rows.append((f"{name}.{fmt}", fmt, label, shape))

    # photos written by exiftool
    def shot(self, label):
        r = self.rng
        d = self.when(label)
        t = f"{d:%Y:%m:%d} {r.randint(7, 19):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}"
        o = f"{(inside(r) if label == 'out' else outside(r)):%Y:%m:%d} 12:00:00"
        how = r.choice(["alldates", "dto-vs-modify", "xmp-create", "photoshop", "name8", "none", "dto-only"])
        name = self.stem("入户走访") + ".jpg"
        if how == "name8":
            name = f"{d:%Y%m%d}入户走访_{self.seed}_{self.k}.jpg"
        path = os.path.join(self.files, name)
        W.photo(path, r, None, size=(400, 300))
        expected = label
        if how == "alldates":
            W.exiftool(path, f"-AllDates={t}", "-Make=HUAWEI", "-Model=ELS-AN00")
        elif how == "dto-vs-modify":
            W.exiftool(path, f"-DateTimeOriginal={t}", f"-ModifyDate={o}", "-Make=Xiaomi")
        elif how == "dto-only":
            W.exiftool(path, f"-EXIF:DateTimeOriginal={t}")
        elif how == "xmp-create":
            W.exiftool(path, f"-XMP-xmp:CreateDate={t}", f"-EXIF:ModifyDate={o}")
        elif how == "photoshop":
            W.exiftool(path, f"-XMP-photoshop:DateCreated={d:%Y:%m:%d}")
        elif how == "none":
            W.exiftool(path, "-Make=OPPO")
            expected = "unknown"
        self.rows.append((name, "photo", expected, "shot-" + how))

    def done(self):
        W.convert(self.pdf, "pdf", self.files)
        W.convert(self.doc, "doc", self.files)
        W.convert(self.xls, "xls", self.files)
        with open(os.path.join(self.out, "labels.csv"), "a", newline="") as f:
            w = csv.writer(f)
            for row in self.rows:
                if os.path.exists(os.path.join(self.files, row[0])):
                    w.writerow(row)
                else:
                    print("missing", row[0], file=sys.stderr)


def main():
    seeds, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    g = Gen(seeds, out, seed)
    for _ in range(rounds):
        for label in ("in", "out"):
            g.minutes(label)
            g.notice_board(label)
            g.plan_with_issue_date(label)
            g.header_dated(label)
            g.footer_signed(label)
            g.textbox_signed(label)
            g.visits(label, g.rng.choice(["csv", "xlsx", "xls"]))
            g.permits(label, g.rng.choice(["csv", "xlsx", "xls"]))
            g.shot(label)
            g.shot(label)
        g.old_signed_new_plans()
        g.new_signed_old_history()
        g.roster_months(g.rng.choice(["csv", "xlsx", "xls"]))
        g.scan()
    g.done()


if __name__ == "__main__":
    main()
