#!/usr/bin/env python3
"""Rebuild the real-picture seal evaluation set from public repository snapshots.

Every picture in this set was made by somebody else and published in a public
repository; manifest.csv (next to this script) says where each one comes from
(repository, commit, path), under which licence, and how a reader labels it.
Nothing of the pictures is committed here: this script takes them out of git
snapshots of those repositories and writes them, with labels.csv, into OUT.

Rows of kind `pasted` are composed here: the picture named in `source_file`
(a seal, or a red look-alike, alone on a white or transparent background) is
placed on page `host_page` of the document `host_path` of `host_repository`.
A host that ends in `.pdf` in `file` keeps the real PDF page (text stays
vector) and gets the picture as an image with transparency; a `.jpg` file is
the host page rasterised at 200 dpi with the picture multiplied in like ink.
`size_mm` is the picture's longer side on the page, `cx`/`cy` its centre as a
fraction of the page width/height, `angle` its rotation in degrees. A row with
`source2_file` gets a second picture (`size2_mm`, `cx2`, `cy2`, `angle2`) on the
same page, e.g. a red rectangular stamp beside a seal.

Usage:
    python3 build.py --snapshots DIR --out OUT

DIR holds one git snapshot per repository, found as DIR/owner+name,
DIR/owner+name/repo, DIR/owner+name/repo/.git, DIR/owner/name or
DIR/owner/name.git (bare or not). Needs git, Pillow, numpy and PyMuPDF
(`pip install pymupdf`). Pictures taken out of git keep their original bytes;
composed PDFs may differ from run to run in their trailer ID only.
"""

import argparse
import csv
import io
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RASTER_DPI = 200


def find_git_dir(root, repo):
    owner, name = repo.split("/", 1)
    candidates = [
        os.path.join(root, f"{owner}+{name}", "repo", ".git"),
        os.path.join(root, f"{owner}+{name}", "repo"),
        os.path.join(root, f"{owner}+{name}"),
        os.path.join(root, owner, name + ".git"),
        os.path.join(root, owner, name, ".git"),
        os.path.join(root, owner, name),
    ]
    for c in candidates:
        if os.path.isdir(c) and (
            os.path.isfile(os.path.join(c, "HEAD")) or os.path.isdir(os.path.join(c, ".git"))
        ):
            return c
    return None


def git_blob(root, repo, commit, path):
    gd = find_git_dir(root, repo)
    if gd is None:
        raise FileNotFoundError(f"no snapshot of {repo} under the snapshot directory")
    out = subprocess.run(
        ["git", "--git-dir=" + gd, "show", f"{commit}:{path}"], capture_output=True
    )
    if out.returncode != 0:
        raise FileNotFoundError(
            f"{repo}@{commit[:10]}:{path}: {out.stderr.decode(errors='replace').strip()}"
        )
    return out.stdout


def ink_layer(data, size_px, angle):
    """The picture as RGBA: its own alpha if it has one, else white made clear."""
    import numpy as np
    from PIL import Image

    im = Image.open(io.BytesIO(data))
    im.seek(0)
    rgba = im.convert("RGBA")
    a = np.asarray(rgba).astype(np.float32)
    alpha = a[..., 3]
    if alpha.min() > 250:  # no real transparency: white paper becomes clear
        darkest = np.minimum(a[..., 1], a[..., 2])
        alpha = np.clip((255.0 - darkest) * 1.15, 0, 255)
        a[..., 3] = alpha
    rgba = Image.fromarray(a.astype(np.uint8), "RGBA")
    scale = size_px / max(rgba.size)
    w = max(1, round(rgba.size[0] * scale))
    h = max(1, round(rgba.size[1] * scale))
    rgba = rgba.resize((w, h), Image.LANCZOS)
    return rgba.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=(255, 255, 255, 0))


def marks_of(row):
    """(size_mm, cx, cy, angle) of the first and, if any, the second picture."""
    out = [(float(row["size_mm"]), float(row["cx"]), float(row["cy"]), float(row["angle"]))]
    if row.get("source2_file"):
        out.append(
            (float(row["size2_mm"]), float(row["cx2"]), float(row["cy2"]), float(row["angle2"]))
        )
    return out


def compose(row, marks, host_bytes, out_path):
    """Place each (picture bytes, placement) of `marks` on the host page."""
    import numpy as np
    import pymupdf
    from PIL import Image

    doc = pymupdf.open(stream=host_bytes, filetype="pdf")
    doc.select([int(row["host_page"]) - 1])
    page = doc[0]
    pw, ph = page.rect.width, page.rect.height
    if out_path.endswith(".pdf"):
        for data, (size_mm, cx, cy, angle) in marks:
            size_pt = size_mm / 25.4 * 72.0
            layer = ink_layer(data, round(size_mm / 25.4 * 300), angle)
            w_pt = size_pt * layer.size[0] / max(layer.size)
            h_pt = size_pt * layer.size[1] / max(layer.size)
            x0, y0 = cx * pw - w_pt / 2, cy * ph - h_pt / 2
            buf = io.BytesIO()
            layer.save(buf, "PNG")
            page.insert_image(pymupdf.Rect(x0, y0, x0 + w_pt, y0 + h_pt), stream=buf.getvalue())
        doc.set_metadata({})
        doc.save(out_path, garbage=4, deflate=True, no_new_id=True)
    else:
        pix = page.get_pixmap(dpi=RASTER_DPI, alpha=False)
        canvas = np.asarray(
            Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
        ).astype(np.float32)
        for data, (size_mm, cx, cy, angle) in marks:
            layer = ink_layer(data, round(size_mm / 25.4 * RASTER_DPI), angle)
            x0 = max(0, round(cx * canvas.shape[1] - layer.size[0] / 2))
            y0 = max(0, round(cy * canvas.shape[0] - layer.size[1] / 2))
            ink = np.asarray(layer).astype(np.float32)
            region = canvas[y0 : y0 + ink.shape[0], x0 : x0 + ink.shape[1]]
            ink = ink[: region.shape[0], : region.shape[1]]
            a = ink[..., 3:4] / 255.0
            region[:] = region * (1 - a) + region * (ink[..., :3] / 255.0) * a
        Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8)).save(
            out_path, "JPEG", quality=88, dpi=(RASTER_DPI, RASTER_DPI)
        )
    doc.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--snapshots", required=True, help="directory holding the git snapshots")
    ap.add_argument("--out", required=True, help="directory to write the pictures and labels.csv into")
    ap.add_argument("--manifest", default=os.path.join(HERE, "manifest.csv"))
    args = ap.parse_args()

    with open(args.manifest, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    os.makedirs(args.out, exist_ok=True)
    by_file = {r["file"]: r for r in rows}
    missing = []
    done = []
    for r in rows:
        dest = os.path.join(args.out, r["file"])
        try:
            if r["kind"] == "pasted":
                pictures = []
                for key in ("source_file", "source2_file"):
                    if r.get(key):
                        src = by_file[r[key]]
                        pictures.append(
                            git_blob(args.snapshots, src["repository"], src["commit"], src["path"])
                        )
                host = git_blob(args.snapshots, r["host_repository"], r["host_commit"], r["host_path"])
                compose(r, list(zip(pictures, marks_of(r))), host, dest)
            else:
                data = git_blob(args.snapshots, r["repository"], r["commit"], r["path"])
                with open(dest, "wb") as f:
                    f.write(data)
            done.append(r)
        except FileNotFoundError as e:
            missing.append(f"{r['file']}: {e}")
    with open(os.path.join(args.out, "labels.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "kind", "seal", "sub"])
        for r in done:
            w.writerow([r["file"], r["kind"], r["seal"], r["sub"]])
    print(f"{len(done)} pictures written, {len(missing)} missing")
    for m in missing:
        print("  missing", m, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
