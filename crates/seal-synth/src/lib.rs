//! Generator of the labelled seal evaluation set: synthetic scanned pages, photos and
//! screenshots, with and without seals, and every hard negative (red-headed
//! documents, red table borders and text, markup circles on screenshots, red logos,
//! banners, flags and lanterns).
//!
//! Pages are drawn from primitives (pseudo-CJK glyphs made of strokes, tables, rules);
//! seals with realistic variation: ring width, oval or round, text along the arc,
//! star, ink density 30–100 %, uneven pressure, speckle, rotation, occlusion by black
//! text, red tinted towards purple or orange, cut at the page edge (骑缝章). The
//! pictures are then JPEG-encoded at quality 40–95 with scan noise. Everything is
//! seeded, so a set is reproduced exactly from its seed.
//!
//! A development crate: the seal examples and the integration tests use it, the
//! program never does. It draws into evcheck's own picture type
//! (`evcheck::seal::raster::Rgb`), so its pictures go straight into the detector.

#![warn(missing_docs)]

use evcheck::seal::raster::Rgb;

/// A small, fast, seeded random generator (xorshift64*).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed` (any value; the same seed, the same sequence).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in 0..1.
    pub fn f(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
    /// Uniform in lo..hi.
    pub fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.f()
    }
    /// Uniform integer in lo..=hi.
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1).max(1) as u64)) as i64
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f32) -> bool {
        self.f() < p
    }
    /// One element of `v` (not empty), each as likely.
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next_u64() % v.len() as u64) as usize]
    }
}

type Color = [u8; 3];
const BLACK: Color = [20, 20, 22];

/// Darkens pixel `(x, y)` towards `c` by `a` (ink on paper: multiply).
#[inline]
fn ink(img: &mut Rgb, x: i64, y: i64, c: Color, a: f32) {
    if x < 0 || y < 0 || x as usize >= img.w || y as usize >= img.h || a <= 0.0 {
        return;
    }
    let i = (y as usize * img.w + x as usize) * 3;
    let a = a.min(1.0);
    for (px, ck) in img.px[i..i + 3].iter_mut().zip(c) {
        *px = (*px as f32 * (1.0 - a * (1.0 - ck as f32 / 255.0))) as u8;
    }
}

/// Paints pixel `(x, y)` with `c` at opacity `a` (screen markup, printed colour).
#[inline]
fn paint(img: &mut Rgb, x: i64, y: i64, c: Color, a: f32) {
    if x < 0 || y < 0 || x as usize >= img.w || y as usize >= img.h || a <= 0.0 {
        return;
    }
    let i = (y as usize * img.w + x as usize) * 3;
    let a = a.min(1.0);
    for (px, ck) in img.px[i..i + 3].iter_mut().zip(c) {
        let p = *px as f32;
        *px = (p + (ck as f32 - p) * a) as u8;
    }
}

/// A coverage plane (0..1) for shapes composited later.
struct Plane {
    w: usize,
    h: usize,
    v: Vec<f32>,
}

impl Plane {
    fn new(w: usize, h: usize) -> Plane {
        Plane {
            w,
            h,
            v: vec![0.0; w * h],
        }
    }
    fn put(&mut self, x: i64, y: i64, a: f32) {
        if x >= 0 && y >= 0 && (x as usize) < self.w && (y as usize) < self.h {
            let i = y as usize * self.w + x as usize;
            if a > self.v[i] {
                self.v[i] = a.min(1.0);
            }
        }
    }
}

/// Calls `f(x, y, coverage)` for the pixels of a thick segment.
fn segment(ax: f32, ay: f32, bx: f32, by: f32, half: f32, mut f: impl FnMut(i64, i64, f32)) {
    let x0 = (ax.min(bx) - half - 1.0).floor() as i64;
    let x1 = (ax.max(bx) + half + 1.0).ceil() as i64;
    let y0 = (ay.min(by) - half - 1.0).floor() as i64;
    let y1 = (ay.max(by) + half + 1.0).ceil() as i64;
    let (dx, dy) = (bx - ax, by - ay);
    let l2 = (dx * dx + dy * dy).max(1e-6);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let (px, py) = (x as f32 + 0.5 - ax, y as f32 + 0.5 - ay);
            let t = ((px * dx + py * dy) / l2).clamp(0.0, 1.0);
            let (qx, qy) = (px - t * dx, py - t * dy);
            let d = (qx * qx + qy * qy).sqrt();
            let c = (half + 0.5 - d).clamp(0.0, 1.0);
            if c > 0.0 {
                f(x, y, c);
            }
        }
    }
}

/// Stroke segments of one pseudo-CJK glyph in a unit box (0..1, y down).
fn glyph_strokes(rng: &mut Rng) -> Vec<[f32; 4]> {
    let n = rng.int(3, 7);
    (0..n)
        .map(|_| {
            let kind = rng.int(0, 4);
            let (x, y) = (rng.range(0.05, 0.95), rng.range(0.05, 0.95));
            match kind {
                0 | 1 => {
                    let (a, b) = (rng.range(0.0, 0.5), rng.range(0.5, 1.0));
                    [a, y, b, y]
                }
                2 => {
                    let (a, b) = (rng.range(0.0, 0.5), rng.range(0.5, 1.0));
                    [x, a, x, b]
                }
                3 => [
                    x,
                    y,
                    (x + rng.range(-0.5, 0.5)).clamp(0.0, 1.0),
                    (y + 0.4).min(1.0),
                ],
                _ => [x, y, x + 0.1, y + 0.12],
            }
        })
        .collect()
}

/// Draws a line of `n` glyphs of height `size` from `(x, y)` (top-left).
#[allow(clippy::too_many_arguments)]
fn text_line(
    img: &mut Rgb,
    rng: &mut Rng,
    x: f32,
    y: f32,
    size: f32,
    n: usize,
    c: Color,
    opaque: bool,
) {
    let half = (size * 0.045).max(0.6);
    for i in 0..n {
        let gx = x + i as f32 * size * 1.05;
        for s in glyph_strokes(rng) {
            segment(
                gx + s[0] * size,
                y + s[1] * size,
                gx + s[2] * size,
                y + s[3] * size,
                half,
                |px, py, a| {
                    if opaque {
                        paint(img, px, py, c, a)
                    } else {
                        ink(img, px, py, c, a)
                    }
                },
            );
        }
    }
}

/// Off-white paper, `w × h`.
fn paper(rng: &mut Rng, w: usize, h: usize) -> Rgb {
    let mut img = Rgb::white(w, h);
    let tint = [
        rng.int(240, 255) as u8,
        rng.int(238, 252) as u8,
        rng.int(225, 250) as u8,
    ];
    for p in img.px.chunks_exact_mut(3) {
        p.copy_from_slice(&tint);
    }
    img
}

/// A body of text over rows `y0..y1`; `mm` is pixels per millimetre.
fn body_text(img: &mut Rgb, rng: &mut Rng, mm: f32, y0: f32, y1: f32, c: Color) {
    let size = mm * rng.range(3.5, 5.0);
    let left = mm * 25.0;
    let width = img.w as f32 - 2.0 * left;
    let per_line = (width / (size * 1.05)) as usize;
    let mut y = y0;
    while y + size < y1 {
        let indent = if rng.chance(0.15) { 2 } else { 0 };
        let n = if rng.chance(0.2) {
            rng.int(3, per_line as i64 - 2) as usize
        } else {
            per_line - indent
        };
        text_line(
            img,
            rng,
            left + indent as f32 * size * 1.05,
            y,
            size,
            n,
            c,
            false,
        );
        y += size * rng.range(1.6, 2.0);
    }
}

/// A table with text in its cells.
fn table(img: &mut Rgb, rng: &mut Rng, mm: f32, y0: f32, y1: f32, border: Color, text: Color) {
    let left = mm * 20.0;
    let right = img.w as f32 - left;
    let rows = rng.int(6, 18);
    let cols = rng.int(3, 7);
    let rh = (y1 - y0) / rows as f32;
    let cw = (right - left) / cols as f32;
    let half = mm * rng.range(0.12, 0.3);
    for r in 0..=rows {
        let y = y0 + r as f32 * rh;
        segment(left, y, right, y, half, |x, y, a| ink(img, x, y, border, a));
    }
    for c in 0..=cols {
        let x = left + c as f32 * cw;
        segment(x, y0, x, y1, half, |x, y, a| ink(img, x, y, border, a));
    }
    let size = (rh * 0.45).min(mm * 4.5);
    for r in 0..rows {
        for c in 0..cols {
            let n = rng.int(1, ((cw / size / 1.1) as i64 - 1).max(1)) as usize;
            text_line(
                img,
                rng,
                left + c as f32 * cw + size * 0.4,
                y0 + r as f32 * rh + (rh - size) / 2.0,
                size,
                n,
                text,
                false,
            );
        }
    }
}

/// A five-pointed star into a plane.
fn star(p: &mut Plane, cx: f32, cy: f32, r: f32, rot: f32) {
    let mut pts = [(0.0f32, 0.0f32); 10];
    for (i, q) in pts.iter_mut().enumerate() {
        let rr = if i % 2 == 0 { r } else { r * 0.382 };
        let a = rot - std::f32::consts::FRAC_PI_2 + i as f32 * std::f32::consts::PI / 5.0;
        *q = (cx + rr * a.cos(), cy + rr * a.sin());
    }
    let (x0, x1) = ((cx - r) as i64, (cx + r) as i64 + 1);
    let (y0, y1) = ((cy - r) as i64, (cy + r) as i64 + 1);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
            let mut inside = false;
            let mut j = 9;
            for i in 0..10 {
                let (a, b) = (pts[i], pts[j]);
                if (a.1 > py) != (b.1 > py) && px < (b.0 - a.0) * (py - a.1) / (b.1 - a.1) + a.0 {
                    inside = !inside;
                }
                j = i;
            }
            if inside {
                p.put(x, y, 1.0);
            }
        }
    }
}

/// Seal ink colours: red, purple-red, orange-red.
fn seal_color(rng: &mut Rng) -> Color {
    match rng.int(0, 9) {
        0 | 1 => [
            rng.int(165, 210) as u8,
            rng.int(20, 50) as u8,
            rng.int(90, 140) as u8,
        ],
        2 => [
            rng.int(215, 245) as u8,
            rng.int(60, 100) as u8,
            rng.int(20, 45) as u8,
        ],
        _ => [
            rng.int(190, 240) as u8,
            rng.int(15, 60) as u8,
            rng.int(20, 70) as u8,
        ],
    }
}

/// Draws a seal of radius `r` pixels centred at `(cx, cy)`.
pub fn draw_seal(img: &mut Rgb, rng: &mut Rng, cx: f32, cy: f32, r: f32) {
    let oval = rng.chance(0.12);
    let (ra, rb) = if oval {
        (r, r / rng.range(1.25, 1.5))
    } else {
        (r, r)
    };
    let rot = rng.range(-0.7, 0.7);
    let size = (2.0 * r + 8.0) as usize;
    let mut p = Plane::new(size, size);
    let o = size as f32 / 2.0;
    let ring_w = r * rng.range(0.045, 0.09);
    // Ring.
    for y in 0..size {
        for x in 0..size {
            let (u, v) = (x as f32 + 0.5 - o, y as f32 + 0.5 - o);
            let rho = ((u / ra).powi(2) + (v / rb).powi(2)).sqrt() * ra;
            let c = (ring_w / 2.0 + 0.5 - (rho - (ra - ring_w / 2.0)).abs()).clamp(0.0, 1.0);
            if c > 0.0 {
                p.put(x as i64, y as i64, c);
            }
        }
    }
    if rng.chance(0.15) {
        // Inner thin ring of some seals.
        let ri = ra - ring_w * 2.2;
        for y in 0..size {
            for x in 0..size {
                let (u, v) = (x as f32 + 0.5 - o, y as f32 + 0.5 - o);
                let rho = ((u / ra).powi(2) + (v / rb).powi(2)).sqrt() * ra;
                if (rho - ri).abs() < (ring_w * 0.2).max(0.7) {
                    p.put(x as i64, y as i64, 1.0);
                }
            }
        }
    }
    // Text on the arc, upright towards the outside.
    let ch = r * rng.range(0.17, 0.26);
    let n = rng.int(8, 20);
    let span = rng.range(3.4, 4.9);
    let tr = ra - ring_w - r * 0.05 - ch / 2.0;
    let half = (ch * 0.06).max(0.7);
    for i in 0..n {
        let t = -std::f32::consts::FRAC_PI_2 - span / 2.0 + span * (i as f32 + 0.5) / n as f32;
        let (gx, gy) = (o + tr * t.cos(), o + tr * t.sin() * rb / ra);
        // Glyph axes: "up" = outward radial, "right" = tangent.
        let (ux, uy) = (t.cos(), t.sin());
        let (rx, ry) = (-uy, ux);
        for s in glyph_strokes(rng) {
            let map = |gxu: f32, gyu: f32| {
                let (a, b) = ((gxu - 0.5) * ch * 0.9, (0.5 - gyu) * ch);
                (gx + a * rx + b * ux, gy + a * ry + b * uy)
            };
            let (a, b) = (map(s[0], s[1]), map(s[2], s[3]));
            segment(a.0, a.1, b.0, b.1, half, |x, y, c| p.put(x, y, c));
        }
    }
    // Star, or a horizontal title for ovals.
    if !oval && rng.chance(0.9) {
        star(
            &mut p,
            o,
            o,
            r * rng.range(0.18, 0.28),
            rng.range(-0.1, 0.1),
        );
    }
    if rng.chance(0.6) || oval {
        let hs = r * rng.range(0.12, 0.17);
        let k = rng.int(2, 6) as usize;
        let wdt = k as f32 * hs * 1.05;
        let y = o + if oval { -hs / 2.0 } else { r * 0.38 };
        for i in 0..k {
            let gx = o - wdt / 2.0 + i as f32 * hs * 1.05;
            for s in glyph_strokes(rng) {
                segment(
                    gx + s[0] * hs,
                    y + s[1] * hs,
                    gx + s[2] * hs,
                    y + s[3] * hs,
                    half * 0.8,
                    |x, yy, c| p.put(x, yy, c),
                );
            }
        }
    }
    // Ink: density, uneven pressure, mottling, speckle.
    let density = rng.range(0.3, 1.0);
    let color = seal_color(rng);
    let press_dir = rng.range(0.0, std::f32::consts::TAU);
    let press = if rng.chance(0.4) {
        rng.range(0.2, 0.6)
    } else {
        0.0
    };
    let speckle = if rng.chance(0.5) {
        rng.range(0.0, 0.25)
    } else {
        0.0
    };
    let (f1, f2, ph1, ph2) = (
        rng.range(0.05, 0.2),
        rng.range(0.05, 0.2),
        rng.range(0.0, 6.0),
        rng.range(0.0, 6.0),
    );
    let (cs, sn) = (rot.cos(), rot.sin());
    let mut srng = Rng::new(rng.next_u64());
    let reach = (r + 6.0) as i64;
    for dy in -reach..=reach {
        for dx in -reach..=reach {
            // Rotate the plane about the centre.
            let (u, v) = (
                dx as f32 * cs + dy as f32 * sn,
                -(dx as f32) * sn + dy as f32 * cs,
            );
            let (px, py) = ((u + o) as i64, (v + o) as i64);
            if px < 0 || py < 0 || px as usize >= size || py as usize >= size {
                continue;
            }
            let c = p.v[py as usize * size + px as usize];
            if c <= 0.0 {
                continue;
            }
            if speckle > 0.0 && srng.chance(speckle) {
                continue;
            }
            let ang = (dy as f32).atan2(dx as f32);
            let pr = 1.0 - press * (0.5 + 0.5 * (ang - press_dir).cos());
            let mottle =
                0.85 + 0.075 * ((dx as f32 * f1 + ph1).sin() + (dy as f32 * f2 + ph2).sin());
            ink(
                img,
                cx as i64 + dx,
                cy as i64 + dy,
                color,
                c * (density * pr).max(0.3) * mottle,
            );
        }
    }
}

/// Adds scan noise of amplitude `amp`.
fn noise(img: &mut Rgb, rng: &mut Rng, amp: f32) {
    if amp < 0.5 {
        return;
    }
    let a = amp as i64;
    for p in img.px.chunks_exact_mut(3) {
        let n = (rng.next_u64() % (2 * a as u64 + 1)) as i64 - a;
        for c in p.iter_mut() {
            *c = (*c as i64 + n).clamp(0, 255) as u8;
        }
    }
}

/// A red-headed (红头) document top: big red title, red rule, sometimes a red star.
fn red_head(img: &mut Rgb, rng: &mut Rng, mm: f32) -> f32 {
    let red = [
        rng.int(200, 235) as u8,
        rng.int(10, 40) as u8,
        rng.int(15, 45) as u8,
    ];
    let size = mm * rng.range(12.0, 20.0);
    let n = rng.int(6, 11) as usize;
    let x = (img.w as f32 - n as f32 * size * 1.05) / 2.0;
    let y = mm * rng.range(25.0, 40.0);
    let half = size * 0.06;
    for i in 0..n {
        let gx = x + i as f32 * size * 1.05;
        for s in glyph_strokes(rng) {
            segment(
                gx + s[0] * size,
                y + s[1] * size,
                gx + s[2] * size,
                y + s[3] * size,
                half,
                |px, py, a| ink(img, px, py, red, a),
            );
        }
    }
    let ry = y + size * 1.8;
    let (l, r) = (mm * 20.0, img.w as f32 - mm * 20.0);
    let half = mm * rng.range(0.4, 1.0);
    if rng.chance(0.5) {
        let mid = img.w as f32 / 2.0;
        let sr = mm * rng.range(3.0, 5.0);
        segment(l, ry, mid - sr * 1.3, ry, half, |px, py, a| {
            ink(img, px, py, red, a)
        });
        segment(mid + sr * 1.3, ry, r, ry, half, |px, py, a| {
            ink(img, px, py, red, a)
        });
        let mut p = Plane::new((sr * 2.0 + 4.0) as usize, (sr * 2.0 + 4.0) as usize);
        star(&mut p, sr + 2.0, sr + 2.0, sr, 0.0);
        for (i, c) in p.v.iter().enumerate() {
            ink(
                img,
                (mid - sr - 2.0) as i64 + (i % p.w) as i64,
                (ry - sr - 2.0) as i64 + (i / p.w) as i64,
                red,
                *c,
            );
        }
    } else {
        segment(l, ry, r, ry, half, |px, py, a| ink(img, px, py, red, a));
    }
    ry + mm * 10.0
}

/// Kinds of picture in the set; positives first.
pub const POSITIVE_KINDS: &[&str] = &[
    "scan300",
    "scan300-table",
    "scan200",
    "scan150",
    "edge-cut",
    "straddle",
    "redhead-stamped",
    "photo",
    "occluded",
];
/// Hard negatives.
pub const NEGATIVE_KINDS: &[&str] = &[
    "text",
    "redhead",
    "red-table",
    "red-text",
    "markup",
    "logo",
    "banner",
    "flag",
    "lantern",
    "photo-plain",
];

/// One labelled sample.
pub struct Sample {
    /// The kind of picture ([`POSITIVE_KINDS`], [`NEGATIVE_KINDS`]).
    pub kind: &'static str,
    /// Whether it shows a seal.
    pub seal: bool,
    /// Encoded picture (JPEG).
    pub data: Vec<u8>,
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
}

/// A page at `dpi` with body text and optionally a table.
fn page(rng: &mut Rng, dpi: f32, table_too: bool, head: bool) -> (Rgb, f32) {
    let mm = dpi / 25.4;
    let (w, h) = ((210.0 * mm) as usize, (297.0 * mm) as usize);
    let mut img = paper(rng, w, h);
    let mut y = mm * rng.range(25.0, 35.0);
    if head {
        y = red_head(&mut img, rng, mm);
    }
    if table_too {
        let ty = y + mm * 20.0;
        body_text(&mut img, rng, mm, y, ty, BLACK);
        let t1 = ty + mm * rng.range(100.0, 180.0);
        table(&mut img, rng, mm, ty, t1, BLACK, BLACK);
        body_text(
            &mut img,
            rng,
            mm,
            t1 + mm * 8.0,
            h as f32 - mm * 70.0,
            BLACK,
        );
    } else {
        let end = h as f32 - mm * rng.range(60.0, 200.0);
        body_text(&mut img, rng, mm, y, end, BLACK);
    }
    // Signature block: unit name and date at the lower right.
    let size = mm * 4.5;
    let sy = h as f32 - mm * 60.0;
    text_line(
        &mut img,
        rng,
        w as f32 - mm * 90.0,
        sy,
        size,
        10,
        BLACK,
        false,
    );
    text_line(
        &mut img,
        rng,
        w as f32 - mm * 80.0,
        sy + size * 1.8,
        size,
        8,
        BLACK,
        false,
    );
    (img, mm)
}

/// A seal near the signature block of a page.
fn stamp_page(img: &mut Rgb, rng: &mut Rng, mm: f32) {
    let r = mm * rng.range(19.0, 22.5);
    let cx = img.w as f32 - mm * rng.range(40.0, 80.0);
    let cy = img.h as f32 - mm * rng.range(45.0, 75.0);
    draw_seal(img, rng, cx, cy, r);
}

/// A screenshot-like picture (UI bars, panels, text) at screen resolution.
fn screenshot(rng: &mut Rng) -> Rgb {
    let (w, h) = if rng.chance(0.5) {
        (1920, 1080)
    } else {
        (1080, 2340)
    };
    let mut img = Rgb::white(w, h);
    let bar = [
        rng.int(30, 90) as u8,
        rng.int(90, 140) as u8,
        rng.int(160, 220) as u8,
    ];
    for y in 0..80 {
        for x in 0..w {
            paint(&mut img, x as i64, y, bar, 1.0);
        }
    }
    for _ in 0..rng.int(3, 8) {
        let (x0, y0) = (rng.int(0, w as i64 - 300), rng.int(100, h as i64 - 200));
        let (pw, ph) = (rng.int(200, 600), rng.int(80, 300));
        let c = [
            rng.int(220, 245) as u8,
            rng.int(225, 245) as u8,
            rng.int(230, 250) as u8,
        ];
        for y in y0..(y0 + ph).min(h as i64) {
            for x in x0..(x0 + pw).min(w as i64) {
                paint(&mut img, x, y, c, 1.0);
            }
        }
    }
    let mut y = 110.0;
    while y < h as f32 - 60.0 {
        let n = rng.int(5, 40) as usize;
        text_line(
            &mut img,
            rng,
            40.0,
            y,
            22.0,
            n.min((w - 80) / 24),
            [50, 50, 60],
            true,
        );
        y += rng.range(40.0, 90.0);
    }
    img
}

/// Hand-drawn screen markup: red ellipses (sometimes open), boxes, arrows.
fn markup(img: &mut Rgb, rng: &mut Rng) {
    let red: Color = if rng.chance(0.7) {
        [255, 0, 0]
    } else {
        [230, 30, 30]
    };
    for _ in 0..rng.int(1, 4) {
        let half = rng.range(1.5, 4.0);
        let (cx, cy) = (
            rng.range(150.0, img.w as f32 - 150.0),
            rng.range(150.0, img.h as f32 - 150.0),
        );
        match rng.int(0, 3) {
            0 | 1 => {
                let (a, b) = (rng.range(60.0, 300.0), rng.range(40.0, 200.0));
                let gap = rng.range(0.0, 0.6);
                let wob = rng.range(0.0, 0.08);
                let ph = rng.range(0.0, 6.0);
                let steps = 90;
                let mut prev = None;
                for i in 0..=steps {
                    let t = i as f32 / steps as f32 * (std::f32::consts::TAU + 0.3 - gap);
                    let k = 1.0 + wob * (3.0 * t + ph).sin();
                    let q = (cx + a * k * t.cos(), cy + b * k * t.sin());
                    if let Some(p) = prev {
                        let (p, q): ((f32, f32), (f32, f32)) = (p, q);
                        segment(p.0, p.1, q.0, q.1, half, |x, y, c| paint(img, x, y, red, c));
                    }
                    prev = Some(q);
                }
                if rng.chance(0.3) {
                    // A red note inside.
                    text_line(img, rng, cx - a * 0.5, cy - 10.0, 20.0, 4, red, true);
                }
            }
            2 => {
                let (a, b) = (rng.range(60.0, 300.0), rng.range(30.0, 150.0));
                let c = [
                    (cx - a, cy - b),
                    (cx + a, cy - b),
                    (cx + a, cy + b),
                    (cx - a, cy + b),
                ];
                for i in 0..4 {
                    let (p, q) = (c[i], c[(i + 1) % 4]);
                    segment(p.0, p.1, q.0, q.1, half, |x, y, cc| {
                        paint(img, x, y, red, cc)
                    });
                }
            }
            _ => {
                let (dx, dy) = (rng.range(-200.0, 200.0), rng.range(-200.0, 200.0));
                segment(cx, cy, cx + dx, cy + dy, half, |x, y, c| {
                    paint(img, x, y, red, c)
                });
                segment(cx, cy, cx + 20.0, cy + 8.0, half, |x, y, c| {
                    paint(img, x, y, red, c)
                });
                segment(cx, cy, cx + 8.0, cy + 20.0, half, |x, y, c| {
                    paint(img, x, y, red, c)
                });
            }
        }
    }
}

/// A photo-like scene background (wall, floor, light gradient, blotches).
fn scene(rng: &mut Rng, w: usize, h: usize) -> Rgb {
    let mut img = Rgb::white(w, h);
    let top = [
        rng.int(150, 230) as f32,
        rng.int(150, 230) as f32,
        rng.int(140, 220) as f32,
    ];
    let bot = [
        rng.int(60, 160) as f32,
        rng.int(60, 150) as f32,
        rng.int(50, 140) as f32,
    ];
    for y in 0..h {
        let t = y as f32 / h as f32;
        let c = [0, 1, 2].map(|k| (top[k] * (1.0 - t) + bot[k] * t) as u8);
        for x in 0..w {
            img.px[(y * w + x) * 3..(y * w + x) * 3 + 3].copy_from_slice(&c);
        }
    }
    for _ in 0..rng.int(3, 10) {
        let (x0, y0) = (rng.int(0, w as i64), rng.int(0, h as i64));
        let (bw, bh) = (rng.int(30, 300), rng.int(30, 300));
        let c = [
            rng.int(40, 220) as u8,
            rng.int(40, 220) as u8,
            rng.int(40, 220) as u8,
        ];
        for y in y0..(y0 + bh).min(h as i64) {
            for x in x0..(x0 + bw).min(w as i64) {
                paint(&mut img, x, y, c, 0.8);
            }
        }
    }
    img
}

fn fill_ellipse(img: &mut Rgb, cx: f32, cy: f32, a: f32, b: f32, c: Color) {
    for y in (cy - b) as i64..=(cy + b) as i64 {
        for x in (cx - a) as i64..=(cx + a) as i64 {
            let (u, v) = ((x as f32 - cx) / a, (y as f32 - cy) / b);
            if u * u + v * v <= 1.0 {
                paint(img, x, y, c, 1.0);
            }
        }
    }
}

fn fill_rect(img: &mut Rgb, x0: f32, y0: f32, x1: f32, y1: f32, c: Color) {
    for y in y0 as i64..y1 as i64 {
        for x in x0 as i64..x1 as i64 {
            paint(img, x, y, c, 1.0);
        }
    }
}

/// A red logo: a disc with a light symbol, a thick ring round a solid shape, or a
/// red square mark.
fn logo(img: &mut Rgb, rng: &mut Rng, cx: f32, cy: f32, r: f32) {
    let red = [
        rng.int(200, 240) as u8,
        rng.int(10, 50) as u8,
        rng.int(20, 60) as u8,
    ];
    match rng.int(0, 2) {
        0 => {
            fill_ellipse(img, cx, cy, r, r, red);
            let mut p = Plane::new((r * 2.0) as usize, (r * 2.0) as usize);
            star(&mut p, r, r, r * 0.6, 0.0);
            for (i, c) in p.v.iter().enumerate() {
                paint(
                    img,
                    (cx - r) as i64 + (i % p.w) as i64,
                    (cy - r) as i64 + (i / p.w) as i64,
                    [250, 220, 80],
                    *c,
                );
            }
        }
        1 => {
            let t = rng.range(0.2, 0.35);
            for y in (cy - r) as i64..=(cy + r) as i64 {
                for x in (cx - r) as i64..=(cx + r) as i64 {
                    let d = ((x as f32 - cx).powi(2) + (y as f32 - cy).powi(2)).sqrt();
                    if (d <= r && d >= r * (1.0 - t)) || d < r * 0.35 {
                        paint(img, x, y, red, 1.0);
                    }
                }
            }
        }
        _ => {
            fill_rect(img, cx - r, cy - r, cx + r, cy + r, red);
            text_line(
                img,
                rng,
                cx - r * 0.7,
                cy - r * 0.3,
                r * 0.6,
                2,
                [255, 255, 255],
                true,
            );
        }
    }
}

/// Encodes at JPEG quality `q`.
pub fn encode_jpeg(img: &Rgb, q: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q);
    let _ = image::ImageEncoder::write_image(
        enc,
        &img.px,
        img.w as u32,
        img.h as u32,
        image::ExtendedColorType::Rgb8,
    );
    out
}

/// Renders the picture of a sample of `kind` (before encoding).
pub fn render(kind: &str, rng: &mut Rng) -> Rgb {
    let mut img = match kind {
        "scan300" | "occluded" => {
            let (mut img, mm) = {
                let (a1, a2, a3) = (300.0, false, false);
                page(rng, a1, a2, a3)
            };
            stamp_page(&mut img, rng, mm);
            if kind == "occluded" {
                // Black text printed over the seal.
                let size = mm * 4.5;
                let y0 = img.h as f32 - mm * 90.0;
                for i in 0..5 {
                    text_line(
                        &mut img,
                        rng,
                        mm * 25.0,
                        y0 + i as f32 * size * 1.8,
                        size,
                        34,
                        BLACK,
                        false,
                    );
                }
            }
            img
        }
        "scan300-table" => {
            let (mut img, mm) = {
                let (a1, a2, a3) = (300.0, true, false);
                page(rng, a1, a2, a3)
            };
            stamp_page(&mut img, rng, mm);
            img
        }
        "scan200" | "scan150" => {
            let dpi = if kind == "scan200" { 200.0 } else { 150.0 };
            let t = rng.chance(0.5);
            let (mut img, mm) = {
                let (a1, a2, a3) = (dpi, t, false);
                page(rng, a1, a2, a3)
            };
            stamp_page(&mut img, rng, mm);
            img
        }
        "edge-cut" | "straddle" => {
            let dpi = *rng.pick(&[150.0, 200.0, 300.0]);
            let (mut img, mm) = {
                let (a1, a2, a3) = (dpi, rng.chance(0.5), false);
                page(rng, a1, a2, a3)
            };
            let r = mm * rng.range(19.0, 22.5);
            let cut = if kind == "straddle" {
                rng.range(-0.05, 0.1)
            } else {
                rng.range(0.3, 0.8)
            };
            let (cx, cy) = if rng.chance(0.7) {
                (
                    img.w as f32 - r * (1.0 - cut),
                    img.h as f32 * rng.range(0.3, 0.8),
                )
            } else {
                (
                    img.w as f32 * rng.range(0.3, 0.7),
                    img.h as f32 - r * (1.0 - cut),
                )
            };
            draw_seal(&mut img, rng, cx, cy, r);
            img
        }
        "redhead-stamped" => {
            let (mut img, mm) = {
                let (a1, a2, a3) = (*rng.pick(&[150.0, 200.0, 300.0]), false, true);
                page(rng, a1, a2, a3)
            };
            stamp_page(&mut img, rng, mm);
            img
        }
        "photo" | "photo-plain" => {
            let (w, h) = (rng.int(1500, 2400) as usize, rng.int(2000, 3200) as usize);
            let mut img = scene(rng, w, h);
            let dpi = rng.range(0.65, 0.95) * w as f32 / (210.0 / 25.4);
            let (mut pg, mm) = {
                let (a1, a2, a3) = (dpi.max(60.0), rng.chance(0.3), rng.chance(0.2));
                page(rng, a1, a2, a3)
            };
            if kind == "photo" {
                stamp_page(&mut pg, rng, mm);
            }
            let (ox, oy) = (
                rng.int(0, (w as i64 - pg.w as i64).max(0)),
                rng.int(0, (h as i64 - pg.h as i64).max(0)),
            );
            let light = rng.range(0.7, 1.0);
            let warm = rng.range(0.9, 1.0);
            for y in 0..pg.h.min(h) {
                for x in 0..pg.w.min(w) {
                    let (tx, ty) = (x as i64 + ox, y as i64 + oy);
                    if tx as usize >= w || ty as usize >= h {
                        continue;
                    }
                    let s = (y * pg.w + x) * 3;
                    let d = (ty as usize * w + tx as usize) * 3;
                    let g = light * (1.0 - 0.2 * (x as f32 / pg.w as f32));
                    img.px[d] = (pg.px[s] as f32 * g) as u8;
                    img.px[d + 1] = (pg.px[s + 1] as f32 * g * warm) as u8;
                    img.px[d + 2] = (pg.px[s + 2] as f32 * g * warm * warm) as u8;
                }
            }
            img
        }
        "text" => {
            {
                let (a1, a2, a3) = (*rng.pick(&[150.0, 200.0, 300.0]), rng.chance(0.4), false);
                page(rng, a1, a2, a3)
            }
            .0
        }
        "redhead" => {
            {
                let (a1, a2, a3) = (*rng.pick(&[150.0, 200.0, 300.0]), rng.chance(0.3), true);
                page(rng, a1, a2, a3)
            }
            .0
        }
        "red-table" => {
            let mm = *rng.pick(&[150.0f32, 200.0, 300.0]) / 25.4;
            let (w, h) = ((210.0 * mm) as usize, (297.0 * mm) as usize);
            let mut img = paper(rng, w, h);
            let red = [
                rng.int(200, 240) as u8,
                rng.int(10, 60) as u8,
                rng.int(20, 60) as u8,
            ];
            let text = if rng.chance(0.3) { red } else { BLACK };
            body_text(&mut img, rng, mm, mm * 25.0, mm * 50.0, BLACK);
            let end = mm * rng.range(120.0, 260.0);
            table(&mut img, rng, mm, mm * 55.0, end, red, text);
            img
        }
        "red-text" => {
            let (mut img, mm) = {
                let (a1, a2, a3) = (*rng.pick(&[150.0, 200.0, 300.0]), false, false);
                page(rng, a1, a2, a3)
            };
            let red = [
                rng.int(200, 240) as u8,
                rng.int(10, 60) as u8,
                rng.int(20, 60) as u8,
            ];
            body_text(&mut img, rng, mm, mm * 150.0, mm * 230.0, red);
            // A red circled number or mark.
            let r = mm * rng.range(4.0, 12.0);
            let (cx, cy) = (mm * 40.0, mm * 240.0);
            segment(cx - r, cy, cx + r, cy, mm * 0.4, |x, y, a| {
                ink(&mut img, x, y, red, a)
            });
            img
        }
        "markup" => {
            let mut img = screenshot(rng);
            markup(&mut img, rng);
            img
        }
        "logo" => {
            let (mut img, mm) = {
                let (a1, a2, a3) = (*rng.pick(&[150.0, 200.0, 300.0]), false, false);
                page(rng, a1, a2, a3)
            };
            let r = mm * rng.range(8.0, 25.0);
            logo(&mut img, rng, mm * 40.0, mm * 30.0, r);
            img
        }
        "banner" | "flag" | "lantern" => {
            let (w, h) = (rng.int(1200, 2400) as usize, rng.int(900, 1800) as usize);
            let mut img = scene(rng, w, h);
            let red = [
                rng.int(190, 235) as u8,
                rng.int(10, 50) as u8,
                rng.int(20, 50) as u8,
            ];
            match kind {
                "banner" => {
                    let bh = h as f32 * rng.range(0.06, 0.15);
                    let y0 = h as f32 * rng.range(0.05, 0.4);
                    fill_rect(&mut img, w as f32 * 0.05, y0, w as f32 * 0.95, y0 + bh, red);
                    let n = ((w as f32 * 0.85) / (bh * 0.7 * 1.05)) as usize;
                    text_line(
                        &mut img,
                        rng,
                        w as f32 * 0.08,
                        y0 + bh * 0.15,
                        bh * 0.7,
                        n,
                        [255, 240, 200],
                        true,
                    );
                }
                "flag" => {
                    let fw = w as f32 * rng.range(0.15, 0.4);
                    let (x0, y0) = (
                        w as f32 * rng.range(0.05, 0.5),
                        h as f32 * rng.range(0.05, 0.4),
                    );
                    fill_rect(&mut img, x0, y0, x0 + fw, y0 + fw / 1.5, red);
                    let mut p = Plane::new((fw * 0.3) as usize, (fw * 0.3) as usize);
                    star(&mut p, fw * 0.15, fw * 0.15, fw * 0.1, 0.0);
                    for (i, c) in p.v.iter().enumerate() {
                        paint(
                            &mut img,
                            (x0 + fw * 0.05) as i64 + (i % p.w) as i64,
                            (y0 + fw * 0.05) as i64 + (i / p.w) as i64,
                            [255, 220, 0],
                            *c,
                        );
                    }
                }
                _ => {
                    for _ in 0..rng.int(1, 4) {
                        let a = w as f32 * rng.range(0.04, 0.12);
                        let (cx, cy) = (
                            rng.range(a, w as f32 - a),
                            rng.range(a * 1.5, h as f32 * 0.6),
                        );
                        fill_ellipse(&mut img, cx, cy, a, a * rng.range(0.8, 1.0), red);
                        fill_rect(
                            &mut img,
                            cx - a * 0.4,
                            cy - a * 1.1,
                            cx + a * 0.4,
                            cy - a * 0.85,
                            [200, 160, 40],
                        );
                        fill_rect(
                            &mut img,
                            cx - a * 0.4,
                            cy + a * 0.85,
                            cx + a * 0.4,
                            cy + a * 1.1,
                            [200, 160, 40],
                        );
                        for k in 0..5 {
                            let x = cx - a * 0.3 + k as f32 * a * 0.15;
                            segment(x, cy + a * 1.1, x, cy + a * 1.6, 2.0, |px, py, c| {
                                paint(&mut img, px, py, [220, 40, 30], c)
                            });
                        }
                    }
                }
            }
            img
        }
        _ => {
            {
                let (a1, a2, a3) = (150.0, false, false);
                page(rng, a1, a2, a3)
            }
            .0
        }
    };
    let amp = rng.range(0.0, 6.0);
    noise(&mut img, rng, amp);
    img
}

/// Generates sample `i` of the set of seed `seed` (positives and negatives alternate).
pub fn sample(seed: u64, i: usize) -> Sample {
    let mut rng = Rng::new(seed ^ (i as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
    let seal = i.is_multiple_of(2);
    let kind: &'static str = if seal {
        POSITIVE_KINDS[(i / 2) % POSITIVE_KINDS.len()]
    } else {
        NEGATIVE_KINDS[(i / 2) % NEGATIVE_KINDS.len()]
    };
    let img = render(kind, &mut rng);
    let q = rng.int(40, 95) as u8;
    Sample {
        kind,
        seal,
        data: encode_jpeg(&img, q),
        width: img.w,
        height: img.h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_labelled() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let x = render("scan150", &mut a);
        let y = render("scan150", &mut b);
        assert_eq!(x, y);
        // The stamped page has red ink, the plain text page none.
        let red = |img: &Rgb| {
            img.px
                .chunks_exact(3)
                .filter(|p| evcheck::seal::detect::is_red(p[0], p[1], p[2]))
                .count()
        };
        assert!(red(&x) > 500);
        let t = render("text", &mut Rng::new(3));
        assert!(red(&t) < 50);
    }
}
