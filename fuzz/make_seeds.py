"""Writes the hand-made seed inputs in seeds/<target>/ (small files that reach corners
the fixtures do not: nested and ZIP64 archives, GBK names, a compressed-ratio member,
a minimal PDF with a date, EXIF in TIFF/PNG/JPEG with XMP, odd file names).
scripts/fuzz.sh adds the repository's fixtures by extension. Run from fuzz/."""
import io
import os
import struct
import zipfile
import zlib


def zbytes(entries, method=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", method) as z:
        for name, data in entries:
            if isinstance(name, bytes):
                # A legacy (non-UTF-8) name: stored as these bytes, flag bit 11 clear.
                zi = zipfile.ZipInfo(name.decode("cp437"))
                zi.compress_type = method
                z.writestr(zi, data)
            else:
                z.writestr(name, data)
    return b.getvalue()


def put(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 12 Tf 72 720 Td (2022-03-05) Tj ET\nendstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R/Info<</CreationDate(D:20220305102030+08'00')>>>>\n%%EOF\n"
)

inner = zbytes([("区税务局-01-案例.pdf", PDF), ("说明.txt", "2022年3月5日 工作记录".encode())])
nested = zbytes([("01/inner.zip", inner), ("02/区税务局-02-总结.txt", b"2021-12-31")])
put("seeds/zip_walk/nested.zip", zbytes([("a.zip", nested)]))
put(
    "seeds/zip_walk/gbk-names.zip",
    zbytes(
        [
            ("审计/区税务局-01-材料.txt".encode("gbk"), b"hello"),
            (b"__MACOSX/._x", b"junk"),
            (b"Thumbs.db", b"x"),
        ]
    ),
)
put("seeds/zip_walk/ratio.zip", zbytes([("zeros.bin", b"\0" * (4 << 20)), ("s.txt", b"stored")]))
put(
    "seeds/zip_walk/stored.zip",
    zbytes([("x/y/z.pdf", PDF), ("dup.txt", b"1")], method=zipfile.ZIP_STORED),
)
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as z:
    with z.open("big.txt", "w", force_zip64=True) as f:
        f.write("2022年1月1日".encode() * 100)
put("seeds/zip_walk/zip64.zip", b.getvalue())
put("seeds/identify/zip64.zip", b.getvalue())

put("seeds/pdf_dates/minimal.pdf", PDF)
put("seeds/pdf_seal/minimal.pdf", PDF)
put("seeds/identify/minimal.pdf", PDF)
put("seeds/identify/gbk.txt", "区税务局 2022年3月5日 工作记录\n".encode("gbk"))
# The identify target takes a short first line as the file name.
put("seeds/identify/named-wps", b"a.wps\n\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def tiff_with_date():
    """Little-endian TIFF: IFD0 pointing at an Exif IFD holding DateTimeOriginal."""
    dt = b"2022:03:05 10:20:30\0"
    exif_off = 8 + 2 + 12 + 4
    ifd0 = struct.pack("<H", 1) + struct.pack("<HHII", 0x8769, 4, 1, exif_off) + struct.pack("<I", 0)
    dt_off = exif_off + 2 + 12 + 4
    exif = struct.pack("<H", 1) + struct.pack("<HHII", 0x9003, 2, len(dt), dt_off) + struct.pack("<I", 0)
    return b"II*\0" + struct.pack("<I", 8) + ifd0 + exif + dt


tif = tiff_with_date()
ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
png = (
    b"\x89PNG\r\n\x1a\n"
    + chunk(b"IHDR", ihdr)
    + chunk(b"eXIf", tif)
    + chunk(b"IDAT", zlib.compress(b"\0\0\0\0"))
    + chunk(b"IEND", b"")
)
put("seeds/photo_dates/exif.png", png)
put("seeds/photo_dates/exif.tif", tif)
xmp = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:DateTimeOriginal="2022-03-05T10:20:30+08:00"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
app1x = b"http://ns.adobe.com/xap/1.0/\0" + xmp
app1e = b"Exif\0\0" + tif
jpg = (
    b"\xff\xd8\xff\xe1" + struct.pack(">H", len(app1e) + 2) + app1e
    + b"\xff\xe1" + struct.pack(">H", len(app1x) + 2) + app1x + b"\xff\xd9"
)
put("seeds/photo_dates/exif-xmp.jpg", jpg)

names = [
    "区税务局-01-延时服务案例.pdf",
    "区人社局-3-平台截图.png",
    "人社局-02-延时服务案例.pdf",
    "区税务局－０１－案例.pdf",
    "区税务局-十二-窗口工作制度.docx",
    "区税务局_01_案例 (1).pdf",
    "区税务局01延时服务.pdf",
    "01-案例.pdf",
    "区税务局-1.2-案例.pdf",
    "区税务局-01-2022年3月巡查记录.jpg",
    "~$区税务局-01.docx",
    "区税务局-第01题-案例.pdf.pdf",
    "区税务局 - 01 - 案例.PDF",
    "区税务局-01-",
    "-",
    "区税务局-01-案例\u200b.pdf",
    "区税务局-两-案例.pdf",
    "第3题",
]
for i, n in enumerate(names):
    put(f"seeds/file_name/{i:02}", n)
