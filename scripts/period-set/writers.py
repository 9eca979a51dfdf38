"""Real writers for the labelled period sets: python-docx, openpyxl, LibreOffice
(headless, batch conversion to PDF / .doc / .xls), GBK CSV, Pillow + piexif and
exiftool for photos. Shared by both generators; the templates live in each
generator, not here."""

import csv
import io
import os
import shutil
import subprocess
import tempfile

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
import openpyxl
import piexif
from PIL import Image, ImageDraw


def write_docx(path, blocks, header=None, footer=None, footnote=None, textbox=None):
    """blocks: list of ('title'|'para'|'right'|'center'|'table', payload)."""
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(12)
    for kind, payload in blocks:
        if kind == "table":
            rows = payload
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            for i, r in enumerate(rows):
                for j, v in enumerate(r):
                    t.cell(i, j).text = str(v)
            continue
        p = d.add_paragraph(payload)
        if kind in ("title", "center"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "right":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sec = d.sections[0]
    if header:
        sec.header.paragraphs[0].text = header
    if footer:
        sec.footer.paragraphs[0].text = footer
    d.save(path)
    if textbox:
        add_textbox(path, textbox)


def add_textbox(path, text):
    """Appends a paragraph holding a VML text box with `text` (what WPS and old Word
    write) by editing document.xml."""
    import zipfile

    tmp = path + ".tmp"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                s = data.decode("utf-8")
                box = (
                    '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" '
                    'style="width:200pt;height:40pt"><v:textbox><w:txbxContent><w:p><w:r><w:t>'
                    + text
                    + "</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
                )
                i = s.rfind("<w:sectPr")
                s = s[:i] + box + s[i:]
                data = s.encode("utf-8")
            zout.writestr(item, data)
    os.replace(tmp, path)


def write_xlsx(path, sheets):
    """sheets: list of (name, rows); a row item may be a datetime.date (written as a
    date cell with a Chinese date format) or text."""
    import datetime

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(list(r))
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, (datetime.date, datetime.datetime)):
                    c.number_format = 'yyyy"年"m"月"d"日"' if (c.row % 2) else "yyyy-mm-dd"
    wb.save(path)


def write_csv_gbk(path, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for r in rows:
        w.writerow([str(x) for x in r])
    with open(path, "wb") as f:
        f.write(buf.getvalue().encode("gbk"))


def convert(files, fmt, outdir):
    """LibreOffice headless batch conversion (`pdf`, `doc`, `xls`); returns nothing,
    the converted files land in outdir with the same stem."""
    if not files:
        return
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        for i in range(0, len(files), 40):
            subprocess.run(
                [
                    "soffice",
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    fmt,
                    "--outdir",
                    outdir,
                    *files[i : i + 40],
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=900,
            )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def photo(path, rng, exif=None, size=(320, 240)):
    """A small JPEG with a drawn scene; `exif` is a piexif dict (or None)."""
    img = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    dr = ImageDraw.Draw(img)
    for _ in range(6):
        x0, y0 = rng.randrange(size[0]), rng.randrange(size[1])
        dr.rectangle([x0, y0, x0 + rng.randrange(80), y0 + rng.randrange(60)],
                     fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    if exif is None:
        img.save(path, "JPEG", quality=80)
    else:
        img.save(path, "JPEG", quality=80, exif=piexif.dump(exif))


def exif_dict(original=None, digitized=None, modified=None, make=b"Canon", model=b"EOS 80D"):
    zeroth = {piexif.ImageIFD.Make: make, piexif.ImageIFD.Model: model}
    if modified:
        zeroth[piexif.ImageIFD.DateTime] = modified.encode()
    ex = {}
    if original:
        ex[piexif.ExifIFD.DateTimeOriginal] = original.encode()
    if digitized:
        ex[piexif.ExifIFD.DateTimeDigitized] = digitized.encode()
    return {"0th": zeroth, "Exif": ex, "GPS": {}, "1st": {}}


def exiftool(path, *args):
    subprocess.run(["exiftool", "-q", "-overwrite_original", *args, path], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def exiftool_date(path):
    """The capture date exiftool gives (DateTimeOriginal, XMP dates, CreateDate,
    ModifyDate, in that order), as YYYY-MM-DD, or ''."""
    out = subprocess.run(
        ["exiftool", "-s3", "-d", "%Y-%m-%d", "-EXIF:DateTimeOriginal", "-XMP-exif:DateTimeOriginal",
         "-XMP-xmp:CreateDate", "-XMP-photoshop:DateCreated", "-EXIF:CreateDate", "-EXIF:ModifyDate", path],
        capture_output=True, text=True).stdout.split()
    return out[0] if out else ""
