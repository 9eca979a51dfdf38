//! Bounded, reduced-scale decoding of raster images into a small RGB buffer.
//!
//! A seal is large (about a fifth of a page's width), so pictures are decoded at a
//! reduced scale: JPEG in the DCT domain (1/2 … 1/8), other formats through `image`
//! with an allocation limit, then block-averaged down. The result is an [`Rgb`] whose
//! longer side is close to [`WORK_LONG_SIDE`]. Decoding never panics out: decoder
//! panics become errors.

use super::jpeg_dc::RowMarks;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The longer side, in pixels, at which pictures are searched.
pub const WORK_LONG_SIDE: usize = 420;

/// An 8-bit RGB picture, row-major, 3 bytes a pixel.
#[derive(Debug, Clone, PartialEq)]
pub struct Rgb {
    /// Width in pixels.
    pub w: usize,
    /// Height in pixels.
    pub h: usize,
    /// `w × h × 3` bytes: R, G, B of each pixel, rows top to bottom.
    pub px: Vec<u8>,
}

impl Rgb {
    /// A white picture.
    pub fn white(w: usize, h: usize) -> Rgb {
        Rgb {
            w,
            h,
            px: vec![255; w.saturating_mul(h).saturating_mul(3)],
        }
    }

    /// Block-averages by an integer factor `f` (≥ 1).
    pub fn shrink(&self, f: usize) -> Rgb {
        if f <= 1 {
            return self.clone();
        }
        let (w, h) = (self.w / f, self.h / f);
        let mut out = Vec::with_capacity(w * h * 3);
        let n = (f * f) as u32;
        for by in 0..h {
            for bx in 0..w {
                let mut acc = [0u32; 3];
                for y in by * f..by * f + f {
                    let row = (y * self.w + bx * f) * 3;
                    for p in self.px[row..row + f * 3].chunks_exact(3) {
                        acc[0] += p[0] as u32;
                        acc[1] += p[1] as u32;
                        acc[2] += p[2] as u32;
                    }
                }
                out.extend(acc.iter().map(|a| (a / n) as u8));
            }
        }
        Rgb { w, h, px: out }
    }

    /// Shrinks so that the longer side is at most about `2 × target`.
    pub fn normalise(self, target: usize) -> Rgb {
        let long = self.w.max(self.h);
        let f = long / target.max(1);
        if f >= 2 {
            self.shrink(f)
        } else {
            self
        }
    }
}

/// Why a picture could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

fn panic_text(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "decoder crashed".into())
}

/// Decodes a JPEG at the smallest DCT scale whose longer side still reaches
/// `WORK_LONG_SIDE`, then averages down. `max_pixels` bounds the decoded size.
pub fn decode_jpeg(data: &[u8], max_pixels: u64) -> Result<Rgb, DecodeError> {
    decode_jpeg_marked(data, max_pixels).map(|(img, _)| img)
}

/// As [`decode_jpeg`], with where each row of MCUs starts in the scan when the
/// 1/8-scale decoder read it (for the closer looks: see [`super::jpeg_cut`]).
pub(crate) fn decode_jpeg_marked(
    data: &[u8],
    max_pixels: u64,
) -> Result<(Rgb, Option<RowMarks>), DecodeError> {
    let r = catch_unwind(AssertUnwindSafe(|| decode_jpeg_inner(data, max_pixels)));
    match r {
        Ok(r) => r,
        Err(p) => Err(DecodeError(format!(
            "JPEG decoder crashed: {}",
            panic_text(p)
        ))),
    }
}

/// Longer side a JPEG is decoded at again for a closer look at its small red marks
/// ([`decode_jpeg_closer`]): four times the working size, so that a 名章 of 18 mm on a
/// scanned A4 page, some 25 px at working size, is judged at about 100 px.
pub(crate) const CLOSER_LONG_SIDE: usize = 4 * WORK_LONG_SIDE;

/// The size to ask the DCT-domain decoder for: the longer side brought down to
/// `WORK_LONG_SIDE` (rounded up), or the picture's own size if it is smaller.
fn requested_size(w: usize, h: usize) -> (usize, usize) {
    requested_size_for(w, h, WORK_LONG_SIDE)
}

/// As [`requested_size`], for a longer side of `target`.
pub(super) fn requested_size_for(w: usize, h: usize, target: usize) -> (usize, usize) {
    let long = w.max(h);
    if long > target {
        (
            (w * target).div_ceil(long).max(1),
            (h * target).div_ceil(long).max(1),
        )
    } else {
        (w, h)
    }
}

/// Whether `jpeg-decoder`, asked for [`requested_size`], decodes a `w`×`h` picture
/// at 1/8 scale: it takes the smallest of 1/8, 1/4, 1/2 and 1/1 at which either side
/// still reaches the size asked for, so 1/8 exactly when one side does at 1/8.
fn decoded_at_eighth(w: usize, h: usize) -> bool {
    let (rw, rh) = requested_size(w, h);
    super::jpeg_cut::divisor(w, h, rw, rh) == 8
}

fn decode_jpeg_inner(data: &[u8], max_pixels: u64) -> Result<(Rgb, Option<RowMarks>), DecodeError> {
    // The common case (a baseline photo wanted at 1/8) by the DC-only decoder; any
    // other JPEG, or one it does not take, by `jpeg-decoder`.
    if let Some((rgb, marks)) = super::jpeg_dc::decode_eighth(data, max_pixels, decoded_at_eighth) {
        return Ok((rgb.normalise(WORK_LONG_SIDE), Some(marks)));
    }
    decode_jpeg_general(data, max_pixels).map(|img| (img, None))
}

/// Decodes any JPEG `jpeg-decoder` takes, at the reduced scale `decode_jpeg` wants.
pub(super) fn decode_jpeg_general(data: &[u8], max_pixels: u64) -> Result<Rgb, DecodeError> {
    Ok(decode_jpeg_scaled(data, max_pixels, &|_, _| WORK_LONG_SIDE)?.normalise(WORK_LONG_SIDE))
}

/// The DCT divisor (1, 2, 4 or 8) a `w`×`h` JPEG is decoded at for a closer look:
/// the smallest scale whose longer side reaches [`CLOSER_LONG_SIDE`] (full size when
/// it is smaller), or, when that many pixels exceed `max_pixels`, the largest scale
/// within them. A scanned A4 page of 250 dpi (2066×2923) reaches the closer size
/// only at full size (6 million pixels) and is looked at half size (1033×1462, still
/// three and a half times the working size) instead of not at all. `None` when even
/// 1/8 exceeds the budget.
pub(crate) fn closer_divisor(w: usize, h: usize, max_pixels: u64) -> Option<usize> {
    let (rw, rh) = requested_size_for(w, h, CLOSER_LONG_SIDE);
    let first = super::jpeg_cut::divisor(w, h, rw, rh);
    [1, 2, 4, 8]
        .into_iter()
        .filter(|&s| s >= first)
        .find(|&s| (w.div_ceil(s) as u64) * (h.div_ceil(s) as u64) <= max_pixels)
}

/// Decodes a JPEG again at the scale [`closer_divisor`] picks, for a closer look at
/// the small red marks the search at working size could not judge (see
/// [`super::zoom`]). `max_pixels` bounds the decoded size.
pub(crate) fn decode_jpeg_closer(data: &[u8], max_pixels: u64) -> Result<Rgb, DecodeError> {
    let target = |w: usize, h: usize| {
        // The longer side at the divisor picked: the decoder takes the smallest
        // scale that still reaches it, which is that divisor.
        let s = closer_divisor(w, h, max_pixels).unwrap_or(8);
        w.max(h).div_ceil(s)
    };
    let r = catch_unwind(AssertUnwindSafe(|| {
        decode_jpeg_scaled(data, max_pixels, &target)
    }));
    match r {
        Ok(r) => r,
        Err(p) => Err(DecodeError(format!(
            "JPEG decoder crashed: {}",
            panic_text(p)
        ))),
    }
}

/// Decodes a JPEG with `jpeg-decoder` at the smallest DCT scale whose longer side
/// still reaches `target(width, height)`, without averaging down.
fn decode_jpeg_scaled(
    data: &[u8],
    max_pixels: u64,
    target: &dyn Fn(usize, usize) -> usize,
) -> Result<Rgb, DecodeError> {
    use jpeg_decoder::{Decoder, PixelFormat};
    let mut d = Decoder::new(Cursor::new(data));
    d.read_info()
        .map_err(|e| DecodeError(format!("JPEG header: {e}")))?;
    let info = d.info().ok_or_else(|| DecodeError("JPEG header".into()))?;
    let (w, h) = (info.width as usize, info.height as usize);
    if w == 0 || h == 0 {
        return Err(DecodeError("JPEG of zero size".into()));
    }
    let (rw, rh) = requested_size_for(w, h, target(w, h));
    let (sw, sh) = d
        .scale(rw.min(65535) as u16, rh.min(65535) as u16)
        .map_err(|e| DecodeError(format!("JPEG scale: {e}")))?;
    let pixels = sw as u64 * sh as u64;
    if pixels > max_pixels {
        return Err(DecodeError(format!(
            "JPEG too large: {w}×{h} still {sw}×{sh} at 1/8 scale"
        )));
    }
    d.set_max_decoding_buffer_size((max_pixels.saturating_mul(4)).min(usize::MAX as u64) as usize);
    let raw = d
        .decode()
        .map_err(|e| DecodeError(format!("JPEG data: {e}")))?;
    let info = d.info().ok_or_else(|| DecodeError("JPEG header".into()))?;
    let (w, h) = (info.width as usize, info.height as usize);
    let n = w * h;
    let mut px = Vec::with_capacity(n.min(raw.len()) * 3);
    match info.pixel_format {
        PixelFormat::L8 => {
            for &l in raw.iter().take(n) {
                px.extend_from_slice(&[l, l, l]);
            }
        }
        PixelFormat::L16 => {
            for c in raw.chunks_exact(2).take(n) {
                px.extend_from_slice(&[c[0], c[0], c[0]]);
            }
        }
        PixelFormat::RGB24 => px.extend_from_slice(&raw[..(n * 3).min(raw.len())]),
        PixelFormat::CMYK32 => {
            for c in raw.chunks_exact(4).take(n) {
                let k = 255 - c[3] as u32;
                let f = |v: u8| ((255 - v as u32) * k / 255) as u8;
                px.extend_from_slice(&[f(c[0]), f(c[1]), f(c[2])]);
            }
        }
    }
    if px.len() != n * 3 {
        return Err(DecodeError("JPEG data truncated".into()));
    }
    Ok(Rgb { w, h, px })
}

/// Decodes any other picture format known to `image`, bounded by `max_pixels`
/// (of the full-size picture, since these formats cannot decode at reduced scale),
/// composited on white when it has transparency.
pub fn decode_other(data: &[u8], max_pixels: u64) -> Result<Rgb, DecodeError> {
    Ok(decode_other_full(data, max_pixels)?.normalise(WORK_LONG_SIDE))
}

/// As [`decode_other`], at the picture's own size (for looking closer at small red
/// marks of a screenshot, see [`super::zoom`]).
pub(crate) fn decode_other_full(data: &[u8], max_pixels: u64) -> Result<Rgb, DecodeError> {
    let r = catch_unwind(AssertUnwindSafe(|| {
        decode_other_full_inner(data, max_pixels)
    }));
    match r {
        Ok(r) => r,
        Err(p) => Err(DecodeError(format!(
            "image decoder crashed: {}",
            panic_text(p)
        ))),
    }
}

fn decode_other_full_inner(data: &[u8], max_pixels: u64) -> Result<Rgb, DecodeError> {
    use image::ImageDecoder;
    let reader = image::ImageReader::new(Cursor::new(data))
        .with_guessed_format()
        .map_err(|e| DecodeError(format!("image: {e}")))?;
    let mut dec = reader
        .into_decoder()
        .map_err(|e| DecodeError(format!("image: {e}")))?;
    let (w, h) = dec.dimensions();
    // Full-size decoding: allow four times the work budget, as RGBA.
    let budget = max_pixels.saturating_mul(4);
    if w as u64 * h as u64 > budget {
        return Err(DecodeError(format!(
            "image too large to search: {w}×{h} pixels"
        )));
    }
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(budget.saturating_mul(8));
    dec.set_limits(limits)
        .map_err(|e| DecodeError(format!("image: {e}")))?;
    let img =
        image::DynamicImage::from_decoder(dec).map_err(|e| DecodeError(format!("image: {e}")))?;
    let rgba = img.to_rgba8();
    let (w, h) = (rgba.width() as usize, rgba.height() as usize);
    let mut px = Vec::with_capacity(w * h * 3);
    for p in rgba.pixels() {
        let a = p.0[3] as u32;
        for c in &p.0[..3] {
            px.push(((*c as u32 * a + 255 * (255 - a)) / 255) as u8);
        }
    }
    Ok(Rgb { w, h, px })
}

/// Decodes a JPEG 2000 picture (JP2 file or raw codestream, as PDFs embed with
/// `JPXDecode`) at the smallest resolution level whose longer side still reaches
/// `WORK_LONG_SIDE`. `max_pixels` bounds the decoded size.
pub fn decode_jpx(data: &[u8], max_pixels: u64) -> Result<Rgb, DecodeError> {
    let r = catch_unwind(AssertUnwindSafe(|| decode_jpx_inner(data, max_pixels)));
    match r {
        Ok(r) => r,
        Err(p) => Err(DecodeError(format!(
            "JPEG 2000 decoder crashed: {}",
            panic_text(p)
        ))),
    }
}

fn decode_jpx_inner(data: &[u8], max_pixels: u64) -> Result<Rgb, DecodeError> {
    use hayro_jpeg2000::{ColorSpace, DecodeSettings, Image};
    let settings = DecodeSettings {
        target_resolution: Some((WORK_LONG_SIDE as u32, WORK_LONG_SIDE as u32)),
        ..DecodeSettings::default()
    };
    let img = Image::new(data, &settings).map_err(|e| DecodeError(format!("JPEG 2000: {e:?}")))?;
    let (w, h) = (img.width() as usize, img.height() as usize);
    if w == 0 || h == 0 {
        return Err(DecodeError("JPEG 2000 of zero size".into()));
    }
    if (w as u64).saturating_mul(h as u64) > max_pixels {
        return Err(DecodeError(format!("JPEG 2000 too large: {w}×{h}")));
    }
    let channels = img.color_space().num_channels() as usize + usize::from(img.has_alpha());
    let kind = match img.color_space() {
        ColorSpace::Gray => 1,
        ColorSpace::RGB => 3,
        ColorSpace::CMYK => 4,
        ColorSpace::Icc { num_channels, .. } if matches!(num_channels, 1 | 3) => {
            *num_channels as usize
        }
        _ => return Err(DecodeError("JPEG 2000 colour space not supported".into())),
    };
    let raw = img
        .decode()
        .map_err(|e| DecodeError(format!("JPEG 2000 data: {e:?}")))?;
    let n = w * h;
    if raw.len() < n * channels {
        return Err(DecodeError("JPEG 2000 data truncated".into()));
    }
    let mut px = Vec::with_capacity(n * 3);
    for p in raw.chunks_exact(channels).take(n) {
        match kind {
            1 => px.extend_from_slice(&[p[0], p[0], p[0]]),
            3 => px.extend_from_slice(&p[..3]),
            _ => {
                let k = 255 - p[3] as u32;
                let f = |v: u8| ((255 - v as u32) * k / 255) as u8;
                px.extend_from_slice(&[f(p[0]), f(p[1]), f(p[2])]);
            }
        }
    }
    Ok(Rgb { w, h, px }.normalise(WORK_LONG_SIDE))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, _| image::Rgb([(x % 256) as u8, 10, 20]));
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
            .encode_image(&img)
            .unwrap();
        out
    }

    #[test]
    fn jpeg_is_decoded_at_reduced_scale() {
        let r = decode_jpeg(&jpeg(2480, 3508), 4_000_000).unwrap();
        assert!(r.w.max(r.h) >= WORK_LONG_SIDE && r.w.max(r.h) < 2 * WORK_LONG_SIDE);
        assert_eq!(r.px.len(), r.w * r.h * 3);
    }

    #[test]
    fn small_jpeg_is_kept_and_garbage_fails() {
        let r = decode_jpeg(&jpeg(100, 60), 4_000_000).unwrap();
        assert_eq!((r.w, r.h), (100, 60));
        assert!(decode_jpeg(b"\xff\xd8\xff\xe0garbage", 1000).is_err());
        assert!(decode_jpeg(&jpeg(2000, 2000), 100).is_err());
    }

    #[test]
    fn closer_scale_fits_the_pixel_budget() {
        // A 300 dpi A4 scan reaches the closer size at half scale.
        assert_eq!(closer_divisor(2480, 3508, 4_000_000), Some(2));
        // A 250 dpi scan reaches it only at full size (6 million pixels): half.
        assert_eq!(closer_divisor(2066, 2923, 4_000_000), Some(2));
        assert_eq!(closer_divisor(2066, 2923, 7_000_000), Some(1));
        // A phone photo of 3264×2448 likewise.
        assert_eq!(closer_divisor(3264, 2448, 4_000_000), Some(2));
        // Smaller than the closer size: as it is.
        assert_eq!(closer_divisor(1233, 1600, 4_000_000), Some(1));
        // Beyond the budget even at 1/8.
        assert_eq!(closer_divisor(20_000, 20_000, 4_000_000), None);
    }

    #[test]
    fn closer_decoding_keeps_within_the_budget() {
        let data = jpeg(2066, 2923);
        let r = decode_jpeg_closer(&data, 4_000_000).unwrap();
        assert_eq!((r.w, r.h), (1033, 1462));
        let r = decode_jpeg_closer(&data, 7_000_000).unwrap();
        assert_eq!((r.w, r.h), (2066, 2923));
        assert!(decode_jpeg_closer(&data, 50_000).is_err());
    }

    #[test]
    fn png_with_alpha_is_composited_on_white() {
        let img = image::RgbaImage::from_fn(40, 40, |x, _| {
            image::Rgba([200, 0, 0, if x < 20 { 0 } else { 255 }])
        });
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        let r = decode_other(&out, 1_000_000).unwrap();
        assert_eq!(&r.px[0..3], &[255, 255, 255]);
        assert_eq!(&r.px[39 * 3..40 * 3], &[200, 0, 0]);
        assert!(decode_other(&out, 10).is_err());
    }
}

#[cfg(test)]
mod scale_choice {
    use super::*;

    /// `decoded_at_eighth` agrees with the scale `jpeg-decoder` picks for the size
    /// `decode_jpeg` asks for, on both sides of each boundary.
    #[test]
    fn eighth_is_chosen_as_jpeg_decoder_chooses_it() {
        for (w, h) in [
            (3352, 9),
            (3353, 9),
            (9, 3352),
            (9, 3353),
            (420, 300),
            (421, 300),
            (3360, 2520),
            (3368, 2526),
            (1, 1),
        ] {
            let img = image::GrayImage::new(w, h);
            let mut data = Vec::new();
            image::codecs::jpeg::JpegEncoder::new(&mut data)
                .encode_image(&img)
                .unwrap();
            let mut d = jpeg_decoder::Decoder::new(&data[..]);
            d.read_info().unwrap();
            let (rw, rh) = requested_size(w as usize, h as usize);
            let got = d.scale(rw as u16, rh as u16).unwrap();
            let at_eighth = got == (w.div_ceil(8) as u16, h.div_ceil(8) as u16);
            assert_eq!(
                decoded_at_eighth(w as usize, h as usize),
                at_eighth,
                "{w}x{h}"
            );
        }
    }
}
