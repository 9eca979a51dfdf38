#!/usr/bin/env python3
"""Labelled period set, generator A (tuning family: seeds 1-99; evaluation family:
seeds 1001+). Writes OUT/files/* and OUT/labels.csv (name, kind, expected, shape),
expected being what a careful reviewer answers for the period 2022-01-01..2022-10-31:
`in`, `out` or `unknown`.

  python3 scripts/period-set/gen_a.py OUT SEED [N_PER_SHAPE]
"""

import csv
import datetime as dt
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import writers as W  # noqa: E402

START, END = dt.date(2022, 1, 1), dt.date(2022, 10, 31)
UNITS = ["区市场监督管理局", "区人力资源和社会保障局", "区政务服务和大数据管理局", "曹镇乡人民政府",
         "南环路街道办事处", "区民政局", "区卫生健康委员会", "区自然资源局", "九里山街道办事处", "区税务局"]
WORK = ["窗口受理企业开办业务", "开展“好差评”回访", "组织窗口人员业务培训", "开展帮办代办服务",
        "开展政务服务进社区活动", "对便民服务站进行督导检查", "开展延时错时服务", "推行“一窗通办”"]
HZ = "〇一二三四五六七八九"


def rdate(rng, a, b):
    return a + dt.timedelta(days=rng.randrange((b - a).days + 1))


def d_in(rng):
    return rdate(rng, START, END)


def d_out(rng):
    if rng.random() < 0.5:
        return rdate(rng, dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    return rdate(rng, dt.date(2022, 11, 1), dt.date(2023, 3, 31))


def cn(d):
    return f"{d.year}年{d.month}月{d.day}日"


def small_hz(n):
    if n < 10:
        return HZ[n]
    t, o = divmod(n, 10)
    return ("" if t == 1 else HZ[t]) + "十" + (HZ[o] if o else "")


def hz(d, zero="〇"):
    y = "".join(HZ[int(c)] for c in str(d.year)).replace("〇", zero)
    return f"{y}年{small_hz(d.month)}月{small_hz(d.day)}日"


def background(rng):
    """Sentences citing dates that never decide."""
    y = rng.choice([2018, 2019, 2020, 2021])
    opts = [
        f"根据《政务服务事项管理办法》（{y}年修订），结合我单位实际，制定本方案。",
        f"自{y}年6月以来，我单位持续推进政务服务标准化建设。",
        f"依据{y}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日印发的《实施意见》开展工作。",
        f"办件量较{y}年同期增长{rng.randint(5, 40)}%。",
        f"相关资质有效期至{rng.choice([2024, 2025, 2026])}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日。",
        f"按照{y}年{rng.randint(1, 12)}月的部署要求，健全工作机制。",
    ]
    return rng.choice(opts)


def deadline(rng):
    d = rdate(rng, dt.date(2022, 11, 1), dt.date(2022, 12, 20))
    return f"请于{cn(d)}前将有关材料报送区政务服务和大数据管理局。"


class Set:
    def __init__(self, out, seed):
        self.out = out
        self.files = os.path.join(out, "files")
        self.tmp = os.path.join(out, "tmp")
        os.makedirs(self.files, exist_ok=True)
        os.makedirs(self.tmp, exist_ok=True)
        self.rng = random.Random(seed)
        self.seed = seed
        self.labels = []
        self.to_pdf, self.to_doc, self.to_xls = [], [], []
        self.n = 0

    def name(self, stem):
        self.n += 1
        return f"a{self.seed}-{self.n:03d}-{stem}"

    def document(self, stem, blocks, expected, shape, **kw):
        """Writes a DOCX; one of docx / pdf / doc by turn."""
        rng = self.rng
        name = self.name(stem)
        target = rng.choice(["docx", "pdf", "pdf", "doc"])
        if target == "docx":
            W.write_docx(os.path.join(self.files, name + ".docx"), blocks, **kw)
            self.labels.append((name + ".docx", "docx", expected, shape))
        else:
            src = os.path.join(self.tmp, name + ".docx")
            W.write_docx(src, blocks, **kw)
            (self.to_pdf if target == "pdf" else self.to_doc).append(src)
            self.labels.append((name + "." + target, target, expected, shape))

    # ---- document shapes ----
    def notice(self, when):
        rng = self.rng
        unit = rng.choice(UNITS)
        own = d_in(rng) if when == "in" else d_out(rng)
        plan = d_in(rng) if when == "out" and own.year == 2021 else rdate(rng, dt.date(2022, 1, 1), dt.date(2022, 12, 31))
        if own.year == 2021:
            plan = d_in(rng)  # a 2021 落款 announcing 2022 plans: out
        blocks = [("title", f"关于做好{rng.choice(['政务服务', '便民服务', '好差评'])}工作的通知"),
                  ("para", "各乡镇人民政府、街道办事处，区直有关单位："),
                  ("para", background(rng)),
                  ("para", f"定于{cn(plan)}{rng.choice(WORK)}，请各单位认真组织。"),
                  ("para", background(rng))]
        if rng.random() < 0.5:
            blocks.append(("para", deadline(rng)))
        blocks += [("para", ""), ("right", unit)]
        blocks.append(("right", hz(own, rng.choice("〇○")) if rng.random() < 0.3 else cn(own)))
        self.document("关于做好工作的通知", blocks, when, "notice-signed")

    def summary_signed(self, when):
        rng = self.rng
        unit = rng.choice(UNITS)
        own = d_in(rng) if when == "in" else d_out(rng)
        y = own.year
        body = [f"今年以来，我单位{rng.choice(WORK)}，累计办件{rng.randint(100, 9000)}件。",
                background(rng), background(rng),
                f"{y}年{rng.randint(1, 9)}月，{rng.choice(WORK)}。"]
        blocks = [("title", f"{unit}{rng.choice(['政务服务工作总结', '工作情况报告', '工作开展情况'])}")]
        blocks += [("para", s) for s in body]
        blocks += [("right", unit), ("right", cn(own))]
        self.document("工作总结", blocks, when, "summary-signed")

    def bulletin(self, when):
        rng = self.rng
        own = d_in(rng) if when == "in" else d_out(rng)
        issue = rng.randint(1, 30)
        blocks = [("title", "政务服务工作简报"),
                  ("center", f"第{small_hz(issue)}期"),
                  ("center", f"{rng.choice(UNITS)}编        {cn(own)}"),
                  ("para", f"{rng.choice(WORK)}。{background(rng)}"),
                  ("para", f"近期，{rng.choice(WORK)}，群众满意率达{rng.randint(95, 100)}%。")]
        self.document("工作简报", blocks, when, "bulletin-header")

    def period_report(self, when):
        rng = self.rng
        inside = ["1-9月", "1-10月", "第一季度", "第二季度", "第三季度", "上半年", "1-6月", "3月"]
        outside = ["1-11月", "第四季度", "1-12月", "下半年", "11月"]
        p = rng.choice(inside if when == "in" else outside)
        y = 2022 if rng.random() < 0.8 or when == "in" else 2021
        if y == 2021:
            p = rng.choice(inside)
        title = f"{rng.choice(UNITS)}{y}年{p}政务服务工作{rng.choice(['总结', '情况汇报', '开展情况'])}"
        blocks = [("title", title),
                  ("para", f"{y}年{p}，{rng.choice(WORK)}。{background(rng)}"),
                  ("para", f"下一步，我们将在{y + 1}年继续{rng.choice(WORK)}。")]
        self.document(f"{y}年{p}工作总结", blocks, when, "period-title")

    def case_record(self, when):
        rng = self.rng
        own = d_in(rng) if when == "in" else d_out(rng)
        blocks = [("title", rng.choice(["帮办代办服务案例", "政务服务典型案例", "上门服务记录"])),
                  ("table", [["服务时间", cn(own)], ["服务对象", "张某某"],
                             ["服务内容", rng.choice(WORK)], ["办理结果", "已办结"]]),
                  ("para", background(rng))]
        self.document("服务案例", blocks, when, "case-table")

    def yearless(self, when):
        rng = self.rng
        own = d_in(rng) if when == "in" else d_out(rng)
        blocks = [("title", f"{own.year}年{rng.choice(['便民服务活动记录', '走访记录'])}"),
                  ("para", f"{own.month}月{own.day}日，{rng.choice(WORK)}，共服务群众{rng.randint(10, 90)}人次。"),
                  ("para", background(rng))]
        self.document("活动记录", blocks, when, "yearless-day")

    def no_date(self):
        rng = self.rng
        blocks = [("title", rng.choice(["窗口服务规范", "政务服务事项清单说明", "服务承诺"])),
                  ("para", f"一、{rng.choice(WORK)}。"),
                  ("para", "二、严格执行首问负责制、一次性告知制。")]
        if rng.random() < 0.5:
            blocks.append(("para", background(rng)))
        self.document("服务规范", blocks, "unknown", "no-own-date")

    # ---- lists ----
    def work_orders(self, when, target):
        rng = self.rng
        n = rng.randint(8, 40)
        rows = [["序号", "工单编号", "办理事项", "受理时间", "办结时间", "申请人出生日期", "证件有效期"]]
        bad = set(rng.sample(range(n), rng.randint(1, 3))) if when == "out" else set()
        for i in range(n):
            a = d_out(rng) if i in bad else rdate(rng, START, END - dt.timedelta(days=5))
            b = a if i in bad else a + dt.timedelta(days=rng.randint(0, 3))
            birth = rdate(rng, dt.date(1950, 1, 1), dt.date(2000, 12, 31))
            valid = rdate(rng, dt.date(2025, 1, 1), dt.date(2040, 12, 31))
            rows.append([i + 1, f"GD{a:%Y%m%d}{i:03d}", rng.choice(WORK), a, b, birth, valid])
        self.sheet("工单台账", [rows], when, target, "work-orders")

    def roster(self, target):
        rng = self.rng
        rows = [["序号", "姓名", "性别", "出生日期", "身份证号", "入职日期", "岗位"]]
        for i in range(rng.randint(6, 20)):
            birth = rdate(rng, dt.date(1965, 1, 1), dt.date(1999, 12, 31))
            join = rdate(rng, dt.date(2005, 1, 1), dt.date(2021, 12, 31))
            rows.append([i + 1, "王" + "明华军丽芳强"[i % 6], "男女"[i % 2], birth,
                         f"4104{rng.randint(10, 99)}{birth:%Y%m%d}{rng.randint(1000, 9999)}", join, "窗口工作人员"])
        self.sheet("窗口人员花名册", [rows], "unknown", target, "roster-birth-only")

    def training(self, when, target):
        rng = self.rng
        rows = [["序号", "姓名", "出生日期", "培训日期", "培训内容"]]
        n = rng.randint(5, 15)
        bad = rng.randrange(n) if when == "out" else -1
        for i in range(n):
            birth = rdate(rng, dt.date(1965, 1, 1), dt.date(1999, 12, 31))
            day = d_out(rng) if i == bad else d_in(rng)
            rows.append([i + 1, "李" + "一二三四五"[i % 5], birth, day, "业务培训"])
        self.sheet("培训记录", [rows], when, target, "training-list")

    def sheet(self, stem, sheets_rows, expected, target, shape):
        name = self.name(stem)
        if target == "csv":
            rows = [[(cn(x) if self.rng.random() < 0.5 else x.strftime("%Y-%m-%d")) if isinstance(x, dt.date) else x
                     for x in r] for r in sheets_rows[0]]
            W.write_csv_gbk(os.path.join(self.files, name + ".csv"), rows)
        elif target == "xlsx":
            W.write_xlsx(os.path.join(self.files, name + ".xlsx"), [("Sheet1", sheets_rows[0])])
        else:
            src = os.path.join(self.tmp, name + ".xlsx")
            W.write_xlsx(src, [("Sheet1", sheets_rows[0])])
            self.to_xls.append(src)
        self.labels.append((f"{name}.{target}", target, expected, shape))

    # ---- photos ----
    def photo(self, when):
        rng = self.rng
        own = d_in(rng) if when == "in" else d_out(rng)
        ts = f"{own:%Y:%m:%d} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}:00"
        other = f"{d_in(rng) if when == 'out' else d_out(rng):%Y:%m:%d} 10:00:00"
        how = rng.choice(["dto", "dto+mod", "xmp", "digitized", "ifd0", "name", "wechat", "nodate", "pillow"])
        stem = "现场照片"
        if how == "name":
            stem = f"IMG_{own:%Y%m%d}_{rng.randint(80000, 180000):06d}"
        elif how == "wechat":
            stem = f"微信图片_{own:%Y%m%d}{rng.randint(80000, 180000):06d}"
        name = self.name(stem) + ".jpg"
        if how in ("name", "wechat"):
            name = stem + f"_{self.seed}_{self.n}.jpg"
        path = os.path.join(self.files, name)
        expected = when
        if how == "dto":
            W.photo(path, rng, W.exif_dict(original=ts))
        elif how == "dto+mod":
            W.photo(path, rng, W.exif_dict(original=ts, digitized=ts, modified=other))
        elif how == "digitized":
            W.photo(path, rng, W.exif_dict(digitized=ts, modified=other))
        elif how == "ifd0":
            W.photo(path, rng, W.exif_dict(modified=ts))
        elif how == "xmp":
            W.photo(path, rng, W.exif_dict(modified=other))
            W.exiftool(path, f"-XMP-exif:DateTimeOriginal={ts}")
        elif how == "pillow":
            from PIL import Image
            W.photo(path, rng, None)
            im = Image.open(path)
            ex = im.getexif()
            ex[0x0132] = other
            ex.get_ifd(0x8769)[0x9003] = ts
            im.save(path, exif=ex, quality=80)
        elif how in ("name", "wechat"):
            W.photo(path, rng, None)
        else:
            W.photo(path, rng, W.exif_dict())
            expected = "unknown"
        self.labels.append((name, "photo", expected, "photo-" + how))

    def finish(self):
        W.convert(self.to_pdf, "pdf", self.files)
        W.convert(self.to_doc, "doc", self.files)
        W.convert(self.to_xls, "xls", self.files)
        with open(os.path.join(self.out, "labels.csv"), "a", newline="") as f:
            w = csv.writer(f)
            for row in self.labels:
                if os.path.exists(os.path.join(self.files, row[0])):
                    w.writerow(row)
                else:
                    print("missing", row[0], file=sys.stderr)


def main():
    out, seed = sys.argv[1], int(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    s = Set(out, seed)
    for _ in range(n):
        for when in ("in", "out"):
            s.notice(when)
            s.summary_signed(when)
            s.bulletin(when)
            s.period_report(when)
            s.case_record(when)
            s.yearless(when)
            for t in ("xlsx", "xls", "csv"):
                s.work_orders(when, t)
            s.training(when, s.rng.choice(["xlsx", "csv", "xls"]))
            s.photo(when)
            s.photo(when)
        s.no_date()
        s.roster(s.rng.choice(["xlsx", "csv", "xls"]))
    s.finish()


if __name__ == "__main__":
    main()
