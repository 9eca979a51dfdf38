//! Decoding one part of a JPEG at a reduced DCT scale, for the closer looks of
//! [`super::zoom`].
//!
//! A closer look needs the picture at two to four times the working size around one
//! mark, a few per cent of its area. Decoding the whole picture at that scale costs
//! more than the whole search at working size; decoding the part costs what reading
//! the entropy-coded data up to the part's last row costs (the Huffman codes of every
//! block before it have to be read to know where the part's blocks start), plus the
//! inverse DCT of the part's blocks only. The blocks outside the part are stepped over
//! as the 1/8-scale decoder of [`super::jpeg_dc`] steps over them, and reading stops
//! after the part's last row of MCUs. When the picture was decoded at working size by
//! that decoder, it noted where each row of MCUs starts ([`RowMarks`]: the bit
//! reader's place, the DC predictions, the restart count), and reading starts at the
//! part's first row instead: a seal at the foot of a scanned page no longer costs a
//! second reading of the whole page above it.
//!
//! Scale: 1/1, 1/2, 1/4 or 1/8, chosen as `jpeg-decoder` chooses it for the same
//! requested size ([`scaled_size`]), so the pixel grid is the one the whole-picture
//! decoding gives. Each block becomes `8/s × 8/s` pixels by the inverse DCT of its
//! low-frequency coefficients sampled at the centres of those pixels (what libjpeg's
//! reduced-size inverse DCTs compute); chroma is brought to full resolution by linear
//! interpolation between sample centres (the triangle filter of `jpeg-decoder` for
//! 2× ratios). The result matches `jpeg-decoder` at the same scale to within a few
//! units (its integer transforms round differently).
//!
//! Frames [`super::jpeg_dc`] does not take (progressive, arithmetic, CMYK, …) and
//! any scan that breaks off before the part give `None`, and the caller decodes the
//! whole picture with `jpeg-decoder` instead; nothing here decides that a picture is
//! broken. Memory is bounded by the part (with a margin of one MCU), work by the
//! blocks up to its last row.

pub(super) use super::jpeg_dc::{header, Header};
use super::jpeg_dc::{Bits, RowMarks};
use super::raster::Rgb;

/// Natural (row-major) position of each zigzag index (JPEG Annex A, figure A.6).
const NATURAL: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
    13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
    52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/// The DCT scale divisor (1, 2, 4 or 8) at which `jpeg-decoder`, asked for
/// `(rw, rh)`, decodes a `w`×`h` picture: the largest at which either side still
/// reaches the size asked for (also what the working-size decoding in
/// [`super::raster`] relies on).
pub(super) fn divisor(w: usize, h: usize, rw: usize, rh: usize) -> usize {
    [8, 4, 2]
        .into_iter()
        .find(|&s| w.div_ceil(s) >= rw.min(65535) || h.div_ceil(s) >= rh.min(65535))
        .unwrap_or(1)
}

/// The size of the picture whose header is `hd` decoded at DCT scale 1/`s`, where `s`
/// is what `pick(w, h)` returns for its size, and `s`.
pub(super) fn scaled_size(
    hd: &Header,
    pick: impl Fn(usize, usize) -> usize,
) -> Option<(usize, usize, usize)> {
    let s = pick(hd.w, hd.h);
    if ![1, 2, 4, 8].contains(&s) {
        return None;
    }
    Some((hd.w.div_ceil(s), hd.h.div_ceil(s), s))
}

/// Inverse DCT of the top-left `n`×`n` coefficients of a dequantised block (natural
/// order), sampled at the centres of an `n`×`n` grid; level-shifted and clamped.
struct Idct {
    n: usize,
    /// `t[x * 8 + u]`: ½·C(u)·cos((2x+1)uπ / 2n).
    t: [f32; 64],
}

impl Idct {
    fn new(n: usize) -> Idct {
        let mut t = [0f32; 64];
        for x in 0..n.min(8) {
            for u in 0..n.min(8) {
                let c = if u == 0 {
                    std::f32::consts::FRAC_1_SQRT_2
                } else {
                    1.0
                };
                let a = (2 * x + 1) as f32 * u as f32 * std::f32::consts::PI / (2 * n) as f32;
                t[x * 8 + u] = 0.5 * c * a.cos();
            }
        }
        Idct { n: n.min(8), t }
    }

    /// Writes the block's `n`×`n` pixels to `out` (row stride `stride`); `flat`: only
    /// the DC coefficient is set.
    fn run(&self, coef: &[f32; 64], flat: bool, out: &mut [u8], stride: usize) -> Option<()> {
        let n = self.n;
        if flat {
            // ½·C(0) on both axes: DC / 8.
            let v = (coef[0] / 8.0 + 128.5).clamp(0.0, 255.0) as u8;
            for y in 0..n {
                out.get_mut(y * stride..y * stride + n)?.fill(v);
            }
            return Some(());
        }
        // Rows first: tmp[v][x] = Σ_u t[x][u] · F[v][u].
        let mut tmp = [0f32; 64];
        for v in 0..n {
            let f = &coef[v * 8..v * 8 + n];
            for x in 0..n {
                let t = &self.t[x * 8..x * 8 + n];
                tmp[v * 8 + x] = t.iter().zip(f).map(|(a, b)| a * b).sum();
            }
        }
        for y in 0..n {
            let t = &self.t[y * 8..y * 8 + n];
            let row = out.get_mut(y * stride..y * stride + n)?;
            for (x, o) in row.iter_mut().enumerate() {
                let mut s = 0.0;
                for (v, &tv) in t.iter().enumerate() {
                    s += tv * tmp[v * 8 + x];
                }
                *o = (s + 128.5).clamp(0.0, 255.0) as u8;
            }
        }
        Some(())
    }
}

/// One component's samples over the MCUs of the part.
struct Plane {
    /// Blocks per MCU across and down.
    bh: usize,
    bv: usize,
    /// Samples across and down (the part's MCUs, at the component's resolution).
    w: usize,
    h: usize,
    px: Vec<u8>,
}

/// Decodes the part `x0..x1` × `y0..y1` (pixels of the picture at DCT scale 1/`s`,
/// see [`scaled_size`]) of the JPEG `data`, whose header [`header`] read as `hd`.
/// `None`: the part is empty or outside the picture, or the data ended or broke
/// before the part was read (decode it another way). A JPEG this module does not
/// take has no `hd`. With `marks` (where the 1/8-scale decoding of the same data found
/// each row of MCUs to start), reading starts at the part's first row of MCUs instead
/// of the scan's first.
pub(super) fn decode_cut(
    data: &[u8],
    hd: &Header,
    s: usize,
    (x0, y0, x1, y1): (usize, usize, usize, usize),
    marks: Option<&RowMarks>,
) -> Option<Rgb> {
    if ![1, 2, 4, 8].contains(&s) {
        return None;
    }
    let (fw, fh) = (hd.w.div_ceil(s), hd.h.div_ceil(s));
    if x0 >= x1 || y0 >= y1 || x1 > fw || y1 > fh {
        return None;
    }
    let n = 8 / s;
    let single = hd.comps.len() == 1;
    let hmax = hd.comps.iter().map(|c| c.h).max()?;
    let vmax = hd.comps.iter().map(|c| c.v).max()?;
    let (hmax, vmax) = if single { (1, 1) } else { (hmax, vmax) };
    let (mx, my) = (hd.w.div_ceil(8 * hmax), hd.h.div_ceil(8 * vmax));
    // MCU size in output pixels, and the MCUs of the part with one more each side
    // (for the chroma interpolation at its edges).
    let (mw, mh) = (n * hmax, n * vmax);
    let mc0 = (x0 / mw).saturating_sub(1);
    let mc1 = (x1.div_ceil(mw) + 1).min(mx);
    let mr0 = (y0 / mh).saturating_sub(1);
    let mr1 = (y1.div_ceil(mh) + 1).min(my);
    if mc0 >= mc1 || mr0 >= mr1 {
        return None;
    }
    let idct = Idct::new(n);
    let mut planes = Vec::with_capacity(hd.comps.len());
    let mut tables = Vec::with_capacity(hd.comps.len());
    for c in &hd.comps {
        let (bh, bv) = if single { (1, 1) } else { (c.h, c.v) };
        let (w, h) = ((mc1 - mc0) * bh * n, (mr1 - mr0) * bv * n);
        planes.push(Plane {
            bh,
            bv,
            w,
            h,
            px: vec![0u8; w.checked_mul(h)?],
        });
        tables.push((
            hd.dc.get(c.td)?.as_ref()?,
            hd.ac.get(c.ta)?.as_ref()?,
            hd.quant.get(c.tq)?.as_ref()?,
        ));
    }
    // Where the part's first row starts, when the marks are of a scan of this shape.
    let start = marks
        .filter(|m| m.across == mx && m.rows.len() == my)
        .and_then(|m| m.rows.get(mr0))
        .filter(|r| r.mcus == mr0 * mx);
    let (mut bits, mut pred, mut next_rst, mut i, first) = match start {
        Some(r) => (Bits::resume(data, r.bits), r.pred, r.next_rst, r.mcus, mr0),
        None => (Bits::new(data, hd.scan), [0i32; 3], 0u8, 0usize, 0),
    };
    let total = mx.checked_mul(my)?;
    let mut zz = [0i32; 64];
    let mut coef = [0f32; 64];
    for y in first..mr1 {
        let rows_in = y >= mr0;
        for x in 0..mx {
            let inside = rows_in && (mc0..mc1).contains(&x);
            for ((p, &(dc, ac, q)), pr) in planes.iter_mut().zip(&tables).zip(pred.iter_mut()) {
                for v in 0..p.bv {
                    for hh in 0..p.bh {
                        if !inside {
                            let diff = bits.block(dc, ac)?;
                            *pr = pr.wrapping_add(diff);
                            continue;
                        }
                        zz.fill(0);
                        let diff = bits.block_coeffs(dc, ac, &mut zz)?;
                        *pr = pr.wrapping_add(diff);
                        zz[0] = *pr;
                        coef.fill(0.0);
                        let mut flat = true;
                        for (k, (&z, &at)) in zz.iter().zip(&NATURAL).enumerate() {
                            if z != 0 && at % 8 < n && at / 8 < n {
                                coef[at] = z as f32 * q[k] as f32;
                                flat &= k == 0;
                            }
                        }
                        let bx = ((x - mc0) * p.bh + hh) * n;
                        let by = ((y - mr0) * p.bv + v) * n;
                        let at = by * p.w + bx;
                        idct.run(&coef, flat, p.px.get_mut(at..)?, p.w)?;
                    }
                }
            }
            if bits.overrun() {
                return None;
            }
            i += 1;
            if hd.restart > 0 && i.is_multiple_of(hd.restart) && i < total {
                if !bits.at_marker(0xD0 + next_rst) {
                    return None;
                }
                bits.restart();
                pred = [0; 3];
                next_rst = (next_rst + 1) & 7;
            }
        }
    }
    // The part, from the planes: pixel (px, py) of the picture is sample
    // (px - mc0·mw, py - mr0·mh) of a full-resolution plane.
    let (ox, oy) = (mc0 * mw, mr0 * mh);
    let (fx0, fx1) = (x0.checked_sub(ox)?, x1.checked_sub(ox)?);
    let (w, h) = (x1 - x0, y1 - y0);
    let mut out = Vec::with_capacity(w.checked_mul(h)?.checked_mul(3)?);
    let mut rows: Vec<Vec<u8>> = vec![Vec::with_capacity(w); planes.len()];
    let mut tmp = Vec::new();
    for py in y0..y1 {
        let fy = py.checked_sub(oy)?;
        for (p, row) in planes.iter().zip(rows.iter_mut()) {
            full_row(p, hmax, vmax, fy, fx0, fx1, &mut tmp, row)?;
        }
        match rows.as_slice() {
            [l] => {
                for &v in l {
                    out.extend_from_slice(&[v, v, v]);
                }
            }
            [l, cb, cr] => {
                for ((&y, &b), &r) in l.iter().zip(cb).zip(cr) {
                    out.extend_from_slice(&super::jpeg_dc::ycbcr_to_rgb(y, b, r));
                }
            }
            _ => return None,
        }
    }
    if out.len() != w * h * 3 {
        return None;
    }
    Some(Rgb { w, h, px: out })
}

/// Row `fy` of plane `p` brought to the full resolution, columns `fx0..fx1` (of the
/// full-resolution grid over the part's MCUs), into `out`. Ratios of 2 are
/// interpolated between sample centres with weights ¾ and ¼ (the triangle filter of
/// `jpeg-decoder`), other ratios replicated, as it does.
#[allow(clippy::too_many_arguments)]
fn full_row(
    p: &Plane,
    hmax: usize,
    vmax: usize,
    fy: usize,
    fx0: usize,
    fx1: usize,
    tmp: &mut Vec<u16>,
    out: &mut Vec<u8>,
) -> Option<()> {
    out.clear();
    if p.w == 0 || p.h == 0 {
        return None;
    }
    let line = |r: usize| p.px.get(r * p.w..(r + 1) * p.w);
    if p.bh == hmax && p.bv == vmax {
        out.extend_from_slice(line(fy)?.get(fx0..fx1)?);
        return Some(());
    }
    let (hf, vf) = (hmax / p.bh, vmax / p.bv);
    if hf > 2 || vf > 2 || hf * p.bh != hmax || vf * p.bv != vmax {
        let row = line(fy / vf.max(1))?;
        for fx in fx0..fx1 {
            out.push(*row.get(fx / hf.max(1))?);
        }
        return Some(());
    }
    // Vertically: four times the value between the two nearest rows.
    tmp.clear();
    if vf == 2 {
        let near = fy / 2;
        let far = if fy.is_multiple_of(2) {
            near.saturating_sub(1)
        } else {
            (near + 1).min(p.h - 1)
        };
        let (a, b) = (line(near)?, line(far)?);
        tmp.extend(a.iter().zip(b).map(|(&a, &b)| 3 * a as u16 + b as u16));
    } else {
        tmp.extend(line(fy)?.iter().map(|&a| 4 * a as u16));
    }
    // Horizontally.
    if hf == 2 {
        let last = tmp.len() - 1;
        for fx in fx0..fx1 {
            let near = fx / 2;
            let far = if fx.is_multiple_of(2) {
                near.saturating_sub(1)
            } else {
                (near + 1).min(last)
            };
            let v = 3 * *tmp.get(near)? as u32 + *tmp.get(far)? as u32;
            out.push(((v + 8) >> 4) as u8);
        }
    } else {
        for fx in fx0..fx1 {
            out.push(((*tmp.get(fx)? as u32 + 2) >> 2) as u8);
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::super::jpeg_dc::tests::{fixture, TAKEN};
    use super::*;

    /// The part of `data` (`None` also when the header is not taken).
    fn cut(data: &[u8], s: usize, part: (usize, usize, usize, usize)) -> Option<Rgb> {
        decode_cut(data, &header(data)?, s, part, None)
    }

    /// Where each row of MCUs of `data` starts, as the 1/8-scale decoder found it.
    fn marks(data: &[u8]) -> RowMarks {
        super::super::jpeg_dc::decode_eighth(data, u64::MAX, |_, _| true)
            .expect("taken")
            .1
    }

    #[test]
    fn a_part_read_from_its_first_row_is_the_part_read_from_the_start() {
        for name in TAKEN {
            let data = fixture(name);
            let hd = header(&data).unwrap();
            let rows = marks(&data);
            assert!(!rows.rows.is_empty(), "{name}");
            for s in [1, 2, 4] {
                let (w, h, _) = scaled_size(&hd, |_, _| s).unwrap();
                for part in [
                    (w / 5, h / 4, w * 3 / 5 + 3, h * 2 / 3 + 1),
                    (0, 0, w / 3, h / 3),
                    (w / 2, h / 2, w, h),
                    (w / 3, h - h / 5, w / 2, h),
                ] {
                    let from_start = cut(&data, s, part).unwrap();
                    let from_row = decode_cut(&data, &hd, s, part, Some(&rows)).unwrap();
                    assert_eq!(from_row, from_start, "{name} 1/{s} {part:?}");
                    // The rows above the part are not read again: with their bytes
                    // blanked, the part read from its first row is still the same.
                    let vmax = match hd.comps.len() {
                        1 => 1,
                        _ => hd.comps.iter().map(|c| c.v).max().unwrap(),
                    };
                    let mh = 8 / s * vmax;
                    // The part's first row of MCUs (as `decode_cut` picks it).
                    let first = (part.1 / mh).saturating_sub(1);
                    let until = rows.rows.iter().map(|r| r.bits.pos).nth(first).unwrap();
                    if first > 0 && until > hd.scan {
                        let mut blanked = data.clone();
                        blanked[hd.scan..until].fill(0);
                        let again = decode_cut(&blanked, &hd, s, part, Some(&rows));
                        assert_eq!(again.as_ref(), Some(&from_start), "{name} 1/{s} {part:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn marks_of_another_picture_are_not_used() {
        let data = fixture("pillow-420-q75.jpg");
        let other = marks(&fixture("cjpeg-grey.jpg"));
        let hd = header(&data).unwrap();
        let (w, h, _) = scaled_size(&hd, |_, _| 2).unwrap();
        let part = (w / 4, h / 2, w / 2, h);
        // A shape that does not match: read from the start, the same part.
        assert_eq!(
            decode_cut(&data, &hd, 2, part, Some(&other)),
            cut(&data, 2, part)
        );
    }

    /// The whole picture by `jpeg-decoder` at DCT scale 1/`s`.
    fn reference(data: &[u8], s: usize) -> Rgb {
        let mut d = jpeg_decoder::Decoder::new(data);
        d.read_info().unwrap();
        let info = d.info().unwrap();
        let (w, h) = (info.width as usize, info.height as usize);
        let (sw, sh) = d.scale(w.div_ceil(s) as u16, h.div_ceil(s) as u16).unwrap();
        assert_eq!((sw as usize, sh as usize), (w.div_ceil(s), h.div_ceil(s)));
        let raw = d.decode().unwrap();
        let px = match d.info().unwrap().pixel_format {
            jpeg_decoder::PixelFormat::L8 => raw.iter().flat_map(|&l| [l, l, l]).collect(),
            _ => raw,
        };
        Rgb {
            w: sw as usize,
            h: sh as usize,
            px,
        }
    }

    /// Mean and 99th-percentile absolute difference between `cut` and the same part
    /// of `whole`.
    fn diff(cut: &Rgb, whole: &Rgb, x0: usize, y0: usize) -> (f64, u8) {
        let mut d = Vec::with_capacity(cut.px.len());
        for y in 0..cut.h {
            for x in 0..cut.w {
                for c in 0..3 {
                    let a = cut.px[(y * cut.w + x) * 3 + c];
                    let b = whole.px[((y0 + y) * whole.w + x0 + x) * 3 + c];
                    d.push(a.abs_diff(b));
                }
            }
        }
        let mean = d.iter().map(|&v| v as f64).sum::<f64>() / d.len() as f64;
        d.sort_unstable();
        (mean, d[d.len() * 99 / 100])
    }

    #[test]
    fn a_part_matches_the_whole_picture_decoded_by_jpeg_decoder() {
        for name in TAKEN {
            let data = fixture(name);
            for s in [1, 2, 4] {
                let whole = reference(&data, s);
                let (w, h) = (whole.w, whole.h);
                // A part inside, one at the top-left corner, one at the bottom-right.
                for (x0, y0, x1, y1) in [
                    (w / 5, h / 4, w * 3 / 5 + 3, h * 2 / 3 + 1),
                    (0, 0, w / 3, h / 3),
                    (w / 2, h / 2, w, h),
                ] {
                    let cut = cut(&data, s, (x0, y0, x1, y1))
                        .unwrap_or_else(|| panic!("{name} 1/{s} not taken"));
                    assert_eq!((cut.w, cut.h), (x1 - x0, y1 - y0));
                    let (mean, p99) = diff(&cut, &whole, x0, y0);
                    assert!(
                        mean < 1.5 && p99 <= 8,
                        "{name} 1/{s} ({x0},{y0})-({x1},{y1}): mean {mean}, p99 {p99}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_scale_is_the_one_jpeg_decoder_picks() {
        for name in TAKEN {
            let data = fixture(name);
            let hd = header(&data).unwrap();
            for target in [40, 100, 333, 1000, 5000] {
                let long = hd.w.max(hd.h);
                let (rw, rh) = if long > target {
                    (
                        (hd.w * target).div_ceil(long),
                        (hd.h * target).div_ceil(long),
                    )
                } else {
                    (hd.w, hd.h)
                };
                let mut d = jpeg_decoder::Decoder::new(&data[..]);
                d.read_info().unwrap();
                let (sw, sh) = d.scale(rw as u16, rh as u16).unwrap();
                let s = divisor(hd.w, hd.h, rw, rh);
                assert_eq!(
                    scaled_size(&hd, |_, _| s),
                    Some((sw as usize, sh as usize, s)),
                    "{name} target {target}"
                );
            }
        }
    }

    #[test]
    fn other_kinds_and_bad_parts_are_left_to_the_caller() {
        let data = fixture("cjpeg-progressive.jpg");
        assert!(cut(&data, 2, (0, 0, 10, 10)).is_none());
        let data = fixture("pillow-420-q75.jpg");
        let (w, h, _) = scaled_size(&header(&data).unwrap(), |_, _| 2).unwrap();
        assert!(cut(&data, 2, (5, 5, 5, 9)).is_none());
        assert!(cut(&data, 2, (0, 0, w + 1, 4)).is_none());
        assert!(cut(&data, 3, (0, 0, 4, 4)).is_none());
        assert!(cut(&data, 2, (0, h - 1, w, h)).is_some());
    }

    #[test]
    fn cut_or_damaged_data_never_panics() {
        let data = fixture("magick-420-q82.jpg");
        let (w, h, _) = scaled_size(&header(&data).unwrap(), |_, _| 2).unwrap();
        let part = (w / 4, h / 2, w / 2, h);
        // Cut short before the part's last rows: refused, not made up.
        for keep in [data.len() / 3, data.len() / 2, data.len() * 9 / 10] {
            let _ = cut(&data[..keep], 2, part);
        }
        assert!(cut(&data[..data.len() / 3], 2, part).is_none());
        let mut bad = data.clone();
        for i in (600..bad.len()).step_by(97) {
            bad[i] ^= 0x5A;
        }
        let _ = cut(&bad, 2, part);
        let _ = cut(&bad, 1, (0, 0, w, h));
    }
}
