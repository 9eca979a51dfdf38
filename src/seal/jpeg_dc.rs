//! A JPEG decoder for the one case the seal search needs most: a baseline photo
//! decoded at 1/8 scale.
//!
//! At 1/8 scale each 8×8 block becomes one pixel whose value is the block's DC
//! coefficient alone (`DC × q0 / 8 + 128`). So this decoder Huffman-decodes the DC
//! differences and *skips* the AC coefficients (it reads each AC code and steps over
//! its extra bits, without dequantising or storing anything). That is most of the
//! work a full decoder does at this scale, done with a 64-bit bit buffer refilled
//! eight bytes at a time where no `0xFF` byte is in the way, and a 10-bit lookahead
//! table per Huffman table.
//!
//! What it takes: baseline or extended sequential Huffman frames (SOF0/SOF1), 8-bit
//! samples, one component (grey) or three (YCbCr, judged the same way
//! `jpeg-decoder` judges it), any integer sampling ratio, restart markers, one scan
//! holding every component and ending in EOI. Chroma is upsampled and converted to
//! RGB the way `jpeg-decoder` does at the same scale (its "fancy" triangle filter for
//! 2× ratios, replication otherwise), so the picture matches what that decoder gives
//! to within a unit in a few pixels (its SIMD colour conversion rounds a little
//! differently).
//!
//! Everything else: progressive, arithmetic, lossless, 12-bit, Adobe/CMYK/RGB
//! colour, several scans, a restart marker out of place, a scan that is cut short
//! or has bytes left over, a broken table: [`decode_eighth`] returns `None` and the
//! caller decodes with `jpeg-decoder`, which either decodes it or says why not. So
//! this module never decides on its own that a picture is broken.
//!
//! Input is untrusted: every index derived from it is checked, memory is bounded by
//! the caller's pixel budget (checked from the header before anything is allocated),
//! and the work is bounded by the number of blocks, itself bounded by that budget.

use super::raster::Rgb;

/// Lookahead bits of the Huffman tables' fast path.
const LOOK: u32 = 10;

/// Flag of [`Huff::skip`]: end of block.
const AC_EOB: u16 = 1 << 15;

/// A Huffman table: a lookahead table for codes of up to [`LOOK`] bits, and the
/// canonical-code limits for longer ones (JPEG Annex F.2.2.3).
pub(super) struct Huff {
    /// `(length << 8) | symbol` for a code of at most `LOOK` bits starting with the
    /// index; 0 where the code is longer (or there is none).
    fast: Vec<u16>,
    /// For an AC table, what a code of at most `LOOK` bits means to a decoder that
    /// skips the coefficient: `total | advance << 8`, where `total` is the code's
    /// length plus its extra bits and `advance` how far the block position moves;
    /// [`AC_EOB`] set for the end of the block; 0 where the slow path decides.
    skip: Vec<u16>,
    /// Largest code of each length (index 1..=16), -1 where there is none.
    maxcode: [i32; 18],
    /// Offset from a code of each length to its symbol's index in `vals`.
    valoff: [i32; 17],
    vals: Vec<u8>,
}

impl Huff {
    /// Builds a table from the DHT counts per length and the symbols.
    fn new(counts: &[u8; 16], vals: &[u8]) -> Option<Huff> {
        let total: usize = counts.iter().map(|&c| c as usize).sum();
        if total == 0 || total > 256 || vals.len() != total {
            return None;
        }
        let mut fast = vec![0u16; 1 << LOOK];
        let mut maxcode = [-1i32; 18];
        let mut valoff = [0i32; 17];
        let mut code: u32 = 0;
        let mut k: usize = 0;
        for len in 1..=16u32 {
            let n = counts[len as usize - 1] as u32;
            valoff[len as usize] = k as i32 - code as i32;
            for _ in 0..n {
                if code >= (1 << len) {
                    return None;
                }
                if len <= LOOK {
                    let shift = LOOK - len;
                    let first = (code << shift) as usize;
                    let entry = ((len as u16) << 8) | *vals.get(k)? as u16;
                    for e in fast.get_mut(first..first + (1 << shift))? {
                        *e = entry;
                    }
                }
                code += 1;
                k += 1;
            }
            if n > 0 {
                maxcode[len as usize] = code as i32 - 1;
            }
            code <<= 1;
        }
        maxcode[17] = i32::MAX;
        let skip = fast
            .iter()
            .map(|&e| {
                let (len, sym) = (e >> 8, e & 0xFF);
                let (r, s) = (sym >> 4, sym & 15);
                match (len, r, s) {
                    (0, _, _) => 0,
                    (_, 0, 0) => len | AC_EOB,
                    (_, 15, 0) => len | 16 << 8,
                    (_, _, 1..=10) => (len + s) | (r + 1) << 8,
                    _ => 0,
                }
            })
            .collect();
        Some(Huff {
            fast,
            skip,
            maxcode,
            valoff,
            vals: vals.to_vec(),
        })
    }
}

/// The entropy-coded data of a scan, read through a left-aligned 64-bit buffer.
/// Stuffed `FF 00` pairs become `FF`; at a marker reading stops and zero bits are fed
/// instead (counted in `pad`, so that reading into them is caught).
pub(super) struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    acc: u64,
    /// Valid bits at the top of `acc` (zero below).
    n: u32,
    /// How many of the `n` bits at the bottom are padding, not data.
    pad: u32,
    /// The marker byte that ended the data, once met; `Some(0)` at the end of the
    /// input or at anything that is not a well-formed marker.
    marker: Option<u8>,
}

/// Where a [`Bits`] reader stands, to go on from there later over the same data
/// ([`Bits::resume`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct BitState {
    /// The next byte to read.
    pub(super) pos: usize,
    acc: u64,
    n: u32,
    pad: u32,
    marker: Option<u8>,
}

/// Where each row of MCUs of a scan starts, as the 1/8-scale decoder read it: enough to
/// decode a part of the picture from its first row on ([`super::jpeg_cut`]) instead of
/// reading the Huffman codes of every row above it again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RowMarks {
    /// MCUs in a row.
    pub(super) across: usize,
    pub(super) rows: Vec<RowMark>,
}

/// The state of the scan at the start of one row of MCUs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct RowMark {
    pub(super) bits: BitState,
    /// DC predictions per component.
    pub(super) pred: [i32; 3],
    /// The restart marker expected next.
    pub(super) next_rst: u8,
    /// MCUs before this row.
    pub(super) mcus: usize,
}

impl<'a> Bits<'a> {
    /// Where the reader stands.
    pub(super) fn save(&self) -> BitState {
        BitState {
            pos: self.pos,
            acc: self.acc,
            n: self.n,
            pad: self.pad,
            marker: self.marker,
        }
    }

    /// A reader of `data` going on from `at` (saved from a reader of the same data).
    pub(super) fn resume(data: &'a [u8], at: BitState) -> Bits<'a> {
        Bits {
            data,
            pos: at.pos,
            acc: at.acc,
            n: at.n,
            pad: at.pad,
            marker: at.marker,
        }
    }

    pub(super) fn new(data: &'a [u8], pos: usize) -> Bits<'a> {
        Bits {
            data,
            pos,
            acc: 0,
            n: 0,
            pad: 0,
            marker: None,
        }
    }

    /// Tops the buffer up to more than 56 bits.
    #[inline]
    fn refill(&mut self) {
        if self.marker.is_none() {
            if let Some(chunk) = self.data.get(self.pos..self.pos.wrapping_add(8)) {
                if let Ok(b) = <[u8; 8]>::try_from(chunk) {
                    let w = u64::from_be_bytes(b);
                    // No byte of `w` is 0xFF: no stuffing and no marker among them.
                    let inv = !w;
                    let has_ff =
                        inv.wrapping_sub(0x0101_0101_0101_0101) & !inv & 0x8080_8080_8080_8080;
                    if has_ff == 0 {
                        let k = (64 - self.n) / 8;
                        let top = if k >= 8 {
                            w
                        } else {
                            w & !(u64::MAX >> (8 * k))
                        };
                        self.acc |= top.checked_shr(self.n).unwrap_or(0);
                        self.n += 8 * k;
                        self.pos += k as usize;
                        return;
                    }
                }
            }
        }
        while self.n <= 56 {
            let byte = if self.marker.is_some() {
                self.pad += 8;
                0
            } else {
                match self.data.get(self.pos) {
                    None => {
                        self.marker = Some(0);
                        self.pad += 8;
                        0
                    }
                    Some(&0xFF) => {
                        let mut p = self.pos + 1;
                        while self.data.get(p) == Some(&0xFF) {
                            p += 1;
                        }
                        match self.data.get(p) {
                            Some(&0x00) if p == self.pos + 1 => {
                                self.pos = p + 1;
                                0xFF
                            }
                            Some(&m) if m != 0x00 => {
                                self.marker = Some(m);
                                self.pos = p + 1;
                                self.pad += 8;
                                0
                            }
                            _ => {
                                self.marker = Some(0);
                                self.pad += 8;
                                0
                            }
                        }
                    }
                    Some(&b) => {
                        self.pos += 1;
                        b
                    }
                }
            };
            self.acc |= (byte as u64) << (56 - self.n);
            self.n += 8;
        }
    }

    #[inline]
    fn peek(&self, bits: u32) -> u32 {
        (self.acc >> (64 - bits)) as u32
    }

    /// Drops `bits` (at most the buffer's `n`, which callers ensure by refilling to
    /// more than 56 bits before reading at most 27).
    #[inline]
    fn consume(&mut self, bits: u32) {
        let bits = bits.min(self.n);
        self.acc = self.acc.checked_shl(bits).unwrap_or(0);
        self.n -= bits;
    }

    /// Whether reading went past the data into the zero padding.
    pub(super) fn overrun(&self) -> bool {
        self.n < self.pad
    }

    /// At a restart marker or the end of the scan: at most 7 bits of data (byte
    /// padding) are left and the data ended in marker `want`.
    pub(super) fn at_marker(&mut self, want: u8) -> bool {
        self.refill();
        !self.overrun() && self.n - self.pad < 8 && self.marker == Some(want)
    }

    /// Starts over after a restart marker.
    pub(super) fn restart(&mut self) {
        self.acc = 0;
        self.n = 0;
        self.pad = 0;
        self.marker = None;
    }

    /// Decodes one Huffman symbol; `None` for a code the table lacks.
    #[inline]
    fn symbol(&mut self, h: &Huff) -> Option<u8> {
        if self.n < 32 {
            self.refill();
        }
        let e = *h.fast.get(self.peek(LOOK) as usize)?;
        if e != 0 {
            self.consume((e >> 8) as u32);
            return Some(e as u8);
        }
        let code16 = self.peek(16) as i32;
        for len in LOOK + 1..=16 {
            let code = code16 >> (16 - len);
            if code <= h.maxcode[len as usize] {
                let i = code + h.valoff[len as usize];
                let v = *h.vals.get(usize::try_from(i).ok()?)?;
                self.consume(len);
                return Some(v);
            }
        }
        None
    }

    /// Reads `s` (≤ 16) bits as a signed value (JPEG's EXTEND).
    #[inline]
    fn receive_extend(&mut self, s: u32) -> i32 {
        if s == 0 {
            return 0;
        }
        let v = self.peek(s) as i32;
        self.consume(s);
        if v < 1 << (s - 1) {
            v - (1 << s) + 1
        } else {
            v
        }
    }

    /// Decodes one block: returns the DC difference and steps over the AC
    /// coefficients. `None` for anything a baseline encoder would not write.
    #[inline]
    pub(super) fn block(&mut self, dc: &Huff, ac: &Huff) -> Option<i32> {
        let s = self.symbol(dc)? as u32;
        if s > 11 {
            return None;
        }
        let diff = self.receive_extend(s);
        let mut k = 1u32;
        while k < 64 {
            if self.n < 32 {
                self.refill();
            }
            let e = *ac.skip.get(self.peek(LOOK) as usize)?;
            if e != 0 {
                // At most 26 bits, and more than 31 are in the buffer.
                let total = (e & 0x1F) as u32;
                self.acc <<= total;
                self.n -= total;
                if e & AC_EOB != 0 {
                    break;
                }
                k += ((e >> 8) & 0x1F) as u32;
                if k > 64 {
                    return None;
                }
                continue;
            }
            let sym = self.symbol(ac)? as u32;
            let (r, s) = (sym >> 4, sym & 15);
            if s == 0 {
                match r {
                    0 => break,
                    15 => k += 16,
                    _ => return None,
                }
            } else {
                k += r;
                if k >= 64 || s > 10 {
                    return None;
                }
                self.consume(s);
                k += 1;
            }
        }
        Some(diff)
    }

    /// Decodes one block with its coefficients: returns the DC difference and
    /// writes the AC coefficients, in zigzag order, to `zz[1..]` (which the caller
    /// has zeroed). `None` for anything a baseline encoder would not write.
    pub(super) fn block_coeffs(&mut self, dc: &Huff, ac: &Huff, zz: &mut [i32; 64]) -> Option<i32> {
        let s = self.symbol(dc)? as u32;
        if s > 11 {
            return None;
        }
        // `symbol` leaves at least 16 bits in the buffer: enough for 11 extra bits.
        let diff = self.receive_extend(s);
        let mut k = 1usize;
        while k < 64 {
            let sym = self.symbol(ac)? as u32;
            let (r, s) = ((sym >> 4) as usize, sym & 15);
            if s == 0 {
                match r {
                    0 => break,
                    15 => k += 16,
                    _ => return None,
                }
                continue;
            }
            k += r;
            if k >= 64 || s > 10 {
                return None;
            }
            *zz.get_mut(k)? = self.receive_extend(s);
            k += 1;
        }
        Some(diff)
    }
}

/// One frame component.
#[derive(Clone, Copy, Default)]
pub(super) struct Comp {
    id: u8,
    /// Horizontal and vertical sampling factors.
    pub(super) h: usize,
    pub(super) v: usize,
    /// Quantisation, DC and AC table numbers.
    pub(super) tq: usize,
    pub(super) td: usize,
    pub(super) ta: usize,
}

fn be16(d: &[u8], at: usize) -> Option<usize> {
    Some(u16::from_be_bytes([*d.get(at)?, *d.get(at + 1)?]) as usize)
}

/// What the segments before the scan say, for the frames this module takes.
pub(super) struct Header {
    pub(super) w: usize,
    pub(super) h: usize,
    pub(super) comps: Vec<Comp>,
    /// Quantisation tables, in zigzag order.
    pub(super) quant: [Option<[u16; 64]>; 4],
    pub(super) dc: [Option<Huff>; 4],
    pub(super) ac: [Option<Huff>; 4],
    /// MCUs between restart markers (0: none).
    pub(super) restart: usize,
    /// Where the entropy-coded data of the scan starts.
    pub(super) scan: usize,
}

/// Reads the segments of `data` up to its scan; `None` for anything this module
/// does not take (see the module docs).
pub(super) fn header(data: &[u8]) -> Option<Header> {
    if data.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut pos = 2;
    let mut quant: [Option<[u16; 64]>; 4] = [None; 4];
    let mut dc: [Option<Huff>; 4] = [None, None, None, None];
    let mut ac: [Option<Huff>; 4] = [None, None, None, None];
    let mut restart = 0usize;
    let mut jfif = false;
    let mut adobe = false;
    let mut frame: Option<(usize, usize, Vec<Comp>)> = None;
    loop {
        if *data.get(pos)? != 0xFF {
            return None;
        }
        while *data.get(pos)? == 0xFF {
            pos += 1;
        }
        let m = *data.get(pos)?;
        pos += 1;
        let len = be16(data, pos)?;
        if len < 2 {
            return None;
        }
        let seg = data.get(pos + 2..pos + len)?;
        pos += len;
        match m {
            0xC0 | 0xC1 => {
                if frame.is_some() || *seg.first()? != 8 {
                    return None;
                }
                let (h, w) = (be16(seg, 1)?, be16(seg, 3)?);
                let n = *seg.get(5)? as usize;
                if w == 0 || h == 0 || !(n == 1 || n == 3) || seg.len() != 6 + 3 * n {
                    return None;
                }
                let mut comps = Vec::with_capacity(n);
                for c in seg.get(6..)?.chunks_exact(3) {
                    let (hs, vs, tq) = ((c[1] >> 4) as usize, (c[1] & 15) as usize, c[2] as usize);
                    if !(1..=4).contains(&hs) || !(1..=4).contains(&vs) || tq > 3 {
                        return None;
                    }
                    comps.push(Comp {
                        id: c[0],
                        h: hs,
                        v: vs,
                        tq,
                        ..Comp::default()
                    });
                }
                frame = Some((w, h, comps));
            }
            0xC4 => {
                let mut s = seg;
                while !s.is_empty() {
                    let tc = s[0] >> 4;
                    let th = (s[0] & 15) as usize;
                    let counts: [u8; 16] = s.get(1..17)?.try_into().ok()?;
                    let total: usize = counts.iter().map(|&c| c as usize).sum();
                    let vals = s.get(17..17 + total)?;
                    let table = Huff::new(&counts, vals)?;
                    match (tc, th) {
                        (0, 0..=3) => dc[th] = Some(table),
                        (1, 0..=3) => ac[th] = Some(table),
                        _ => return None,
                    }
                    s = s.get(17 + total..)?;
                }
            }
            0xDB => {
                let mut s = seg;
                while !s.is_empty() {
                    let (pq, tq) = (s[0] >> 4, (s[0] & 15) as usize);
                    let size = match pq {
                        0 => 64,
                        1 => 128,
                        _ => return None,
                    };
                    let body = s.get(1..1 + size)?;
                    let mut q = [0u16; 64];
                    for (k, v) in q.iter_mut().enumerate() {
                        *v = if pq == 0 {
                            body[k] as u16
                        } else {
                            be16(body, 2 * k)? as u16
                        };
                    }
                    *quant.get_mut(tq)? = Some(q);
                    s = s.get(1 + size..)?;
                }
            }
            0xDD => restart = be16(seg, 0)?,
            0xE0 => jfif |= seg.starts_with(b"JFIF\0"),
            0xEE => adobe |= seg.starts_with(b"Adobe"),
            0xE1..=0xED | 0xEF | 0xFE => {}
            0xDA => {
                let (w, h, mut comps) = frame?;
                let n = comps.len();
                if *seg.first()? as usize != n || seg.len() != 4 + 2 * n {
                    return None;
                }
                for (i, c) in comps.iter_mut().enumerate() {
                    let sel = seg.get(1 + 2 * i..3 + 2 * i)?;
                    if sel[0] != c.id {
                        return None;
                    }
                    c.td = (sel[1] >> 4) as usize;
                    c.ta = (sel[1] & 15) as usize;
                }
                if seg.get(1 + 2 * n..)? != [0, 63, 0] {
                    return None;
                }
                if n == 3 {
                    let ids = (comps[0].id, comps[1].id, comps[2].id);
                    let ycc = match ids {
                        (1, 2, 3) => true,
                        (1, 34, 35) | (82, 71, 66) | (114, 103, 98) => false,
                        _ => jfif || !adobe,
                    };
                    if !ycc {
                        return None;
                    }
                }
                return Some(Header {
                    w,
                    h,
                    comps,
                    quant,
                    dc,
                    ac,
                    restart,
                    scan: pos,
                });
            }
            // Other frame types, DAC, DNL, EOI before a scan, anything unknown.
            _ => return None,
        }
    }
}

/// Decodes `data` at 1/8 scale if it is a JPEG this module takes, `eighth(w, h)`
/// says 1/8 is the scale wanted for a `w`×`h` picture, and the result has at most
/// `max_pixels` pixels. The picture is `⌈w/8⌉ × ⌈h/8⌉`, as `jpeg-decoder` gives it
/// at that scale, with where each row of MCUs starts in the scan. `None`: decode it
/// another way (see the module docs).
pub(crate) fn decode_eighth(
    data: &[u8],
    max_pixels: u64,
    eighth: impl Fn(usize, usize) -> bool,
) -> Option<(Rgb, RowMarks)> {
    let hd = header(data)?;
    let (ow, oh) = (hd.w.div_ceil(8), hd.h.div_ceil(8));
    if !eighth(hd.w, hd.h) || (ow as u64) * (oh as u64) > max_pixels {
        return None;
    }
    let q0 = hd.quant.map(|q| q.map(|q| q[0] as i64));
    scan(
        data, hd.scan, hd.w, hd.h, &hd.comps, &q0, &hd.dc, &hd.ac, hd.restart,
    )
}

/// Decodes the scan starting at `pos` and builds the picture; where each row of MCUs
/// starts comes with it.
#[allow(clippy::too_many_arguments)]
fn scan(
    data: &[u8],
    pos: usize,
    w: usize,
    h: usize,
    comps: &[Comp],
    q0: &[Option<i64>; 4],
    dc: &[Option<Huff>; 4],
    ac: &[Option<Huff>; 4],
    restart: usize,
) -> Option<(Rgb, RowMarks)> {
    let (ow, oh) = (w.div_ceil(8), h.div_ceil(8));
    let single = comps.len() == 1;
    let hmax = comps.iter().map(|c| c.h).max()?;
    let vmax = comps.iter().map(|c| c.v).max()?;
    // A lone component is not interleaved: one block an MCU, as many as the picture needs.
    let (mx, my) = if single {
        (ow, oh)
    } else {
        (w.div_ceil(8 * hmax), h.div_ceil(8 * vmax))
    };
    struct Plane<'t> {
        dc: &'t Huff,
        ac: &'t Huff,
        q: i64,
        h: usize,
        v: usize,
        stride: usize,
        px: Vec<u8>,
    }
    let mut planes = Vec::with_capacity(comps.len());
    for c in comps {
        let (bh, bv) = if single { (1, 1) } else { (c.h, c.v) };
        let stride = mx * bh;
        planes.push(Plane {
            dc: dc.get(c.td)?.as_ref()?,
            ac: ac.get(c.ta)?.as_ref()?,
            q: (*q0.get(c.tq)?)?,
            h: bh,
            v: bv,
            stride,
            px: vec![0u8; stride.checked_mul(my * bv)?],
        });
    }
    let mut bits = Bits::new(data, pos);
    let mut pred = [0i16; 3];
    let total = mx.checked_mul(my)?;
    let mut next_rst = 0u8;
    let mut i = 0usize;
    let mut marks = RowMarks {
        across: mx,
        rows: Vec::with_capacity(my),
    };
    for y in 0..my {
        marks.rows.push(RowMark {
            bits: bits.save(),
            pred: pred.map(i32::from),
            next_rst,
            mcus: i,
        });
        for x in 0..mx {
            for (p, pr) in planes.iter_mut().zip(pred.iter_mut()) {
                for v in 0..p.v {
                    let row = (y * p.v + v) * p.stride + x * p.h;
                    for hh in 0..p.h {
                        let diff = bits.block(p.dc, p.ac)?;
                        *pr = pr.wrapping_add(diff as i16);
                        let val = ((*pr as i64 * p.q + 1024) / 8).clamp(0, 255) as u8;
                        *p.px.get_mut(row + hh)? = val;
                    }
                }
            }
            if bits.overrun() {
                return None;
            }
            i += 1;
            if restart > 0 && i.is_multiple_of(restart) && i < total {
                if !bits.at_marker(0xD0 + next_rst) {
                    return None;
                }
                bits.restart();
                pred = [0; 3];
                next_rst = (next_rst + 1) & 7;
            }
        }
    }
    if !bits.at_marker(0xD9) {
        return None;
    }
    let mut px = Vec::with_capacity(ow * oh * 3);
    if single {
        let p = planes.first()?;
        for r in 0..oh {
            for &l in p.px.get(r * p.stride..r * p.stride + ow)? {
                px.extend_from_slice(&[l, l, l]);
            }
        }
        return Some((Rgb { w: ow, h: oh, px }, marks));
    }
    // Upsampling and colour as `jpeg-decoder` does them at this scale.
    let mut lines: Vec<Vec<u8>> = Vec::with_capacity(3);
    let widths: Vec<(usize, usize)> = comps
        .iter()
        .map(|c| ((w * c.h).div_ceil(hmax * 8), (h * c.v).div_ceil(vmax * 8)))
        .collect();
    let line_len = widths.iter().map(|wh| wh.0).max()? * hmax + ow;
    for _ in 0..3 {
        lines.push(vec![0u8; line_len]);
    }
    for r in 0..oh {
        for ((p, line), &(cw, ch)) in planes.iter().zip(lines.iter_mut()).zip(&widths) {
            upsample_row(
                p.h, p.v, hmax, vmax, &p.px, p.stride, cw, ch, r, ow, oh, line,
            )?;
        }
        let (yl, cb, cr) = (lines.first()?, lines.get(1)?, lines.get(2)?);
        for ((&y, &b), &c) in yl.iter().zip(cb).zip(cr).take(ow) {
            px.extend_from_slice(&ycbcr_to_rgb(y, b, c));
        }
    }
    if px.len() != ow * oh * 3 {
        return None;
    }
    Some((Rgb { w: ow, h: oh, px }, marks))
}

/// One output row of a component, upsampled to the full resolution (`jpeg-decoder`'s
/// choice of filter: triangle for 2×, replication for other integer ratios).
#[allow(clippy::too_many_arguments)]
fn upsample_row(
    hs: usize,
    vs: usize,
    hmax: usize,
    vmax: usize,
    plane: &[u8],
    stride: usize,
    cw: usize,
    ch: usize,
    row: usize,
    ow: usize,
    oh: usize,
    out: &mut [u8],
) -> Option<()> {
    let line = |r: usize| plane.get(r * stride..r * stride + cw);
    let h1 = hs == hmax || ow == 1;
    let v1 = vs == vmax || oh == 1;
    let h2 = hs * 2 == hmax;
    let v2 = vs * 2 == vmax;
    if cw == 0 || ch == 0 {
        return None;
    }
    let rows = || {
        let near = row / 2;
        let far = if row.is_multiple_of(2) {
            near.saturating_sub(1)
        } else {
            (near + 1).min(ch - 1)
        };
        Some((line(near)?, line(far)?))
    };
    if h1 && v1 {
        out.get_mut(..ow)?
            .copy_from_slice(plane.get(row * stride..row * stride + ow)?);
    } else if h2 && v1 {
        let i = line(row)?;
        let o = out.get_mut(..2 * cw)?;
        if cw == 1 {
            o[0] = i[0];
            o[1] = i[0];
            return Some(());
        }
        o[0] = i[0];
        o[1] = ((i[0] as u32 * 3 + i[1] as u32 + 2) >> 2) as u8;
        for x in 1..cw - 1 {
            let s = 3 * i[x] as u32 + 2;
            o[x * 2] = ((s + i[x - 1] as u32) >> 2) as u8;
            o[x * 2 + 1] = ((s + i[x + 1] as u32) >> 2) as u8;
        }
        o[(cw - 1) * 2] = ((i[cw - 1] as u32 * 3 + i[cw - 2] as u32 + 2) >> 2) as u8;
        o[(cw - 1) * 2 + 1] = i[cw - 1];
    } else if h1 && v2 {
        let (near, far) = rows()?;
        let (near, far) = (near.get(..ow)?, far.get(..ow)?);
        for ((o, &a), &b) in out.get_mut(..ow)?.iter_mut().zip(near).zip(far) {
            *o = ((3 * a as u32 + b as u32 + 2) >> 2) as u8;
        }
    } else if h2 && v2 {
        let (near, far) = rows()?;
        let o = out.get_mut(..2 * cw)?;
        if cw == 1 {
            let v = ((3 * near[0] as u32 + far[0] as u32 + 2) >> 2) as u8;
            o[0] = v;
            o[1] = v;
            return Some(());
        }
        let mut t1 = 3 * near[0] as u32 + far[0] as u32;
        o[0] = ((t1 + 2) >> 2) as u8;
        for x in 1..cw {
            let t0 = t1;
            t1 = 3 * near[x] as u32 + far[x] as u32;
            o[x * 2 - 1] = ((3 * t0 + t1 + 8) >> 4) as u8;
            o[x * 2] = ((3 * t1 + t0 + 8) >> 4) as u8;
        }
        o[cw * 2 - 1] = ((t1 + 2) >> 2) as u8;
    } else {
        if !hmax.is_multiple_of(hs) || !vmax.is_multiple_of(vs) {
            return None;
        }
        let (hf, vf) = (hmax / hs, vmax / vs);
        let i = line(row / vf)?;
        let o = out.get_mut(..cw * hf)?;
        for (chunk, &v) in o.chunks_exact_mut(hf).zip(i) {
            chunk.fill(v);
        }
    }
    Some(())
}

/// `jpeg-decoder`'s scalar YCbCr → RGB (20-bit fixed point).
#[inline]
pub(super) fn ycbcr_to_rgb(y: u8, cb: u8, cr: u8) -> [u8; 3] {
    const SHIFT: i32 = 20;
    const fn f(x: f32) -> i32 {
        (x * (1 << SHIFT) as f32 + 0.5) as i32
    }
    let y = y as i32 * (1 << SHIFT) + (1 << (SHIFT - 1));
    let (cb, cr) = (cb as i32 - 128, cr as i32 - 128);
    let c = |v: i32| (v >> SHIFT).clamp(0, 255) as u8;
    [
        c(y + f(1.40200) * cr),
        c(y - f(0.34414) * cb - f(0.71414) * cr),
        c(y + f(1.77200) * cb),
    ]
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// `jpeg-decoder` at 1/8 scale, as `decode_jpeg` used it before this module.
    fn reference(data: &[u8]) -> Option<Rgb> {
        let mut d = jpeg_decoder::Decoder::new(data);
        d.read_info().ok()?;
        let (w, h) = d.scale(1, 1).ok()?;
        let raw = d.decode().ok()?;
        let info = d.info()?;
        let px = match info.pixel_format {
            jpeg_decoder::PixelFormat::L8 => raw.iter().flat_map(|&l| [l, l, l]).collect(),
            jpeg_decoder::PixelFormat::RGB24 => raw,
            _ => return None,
        };
        Some(Rgb {
            w: w as usize,
            h: h as usize,
            px,
        })
    }

    fn eighth(data: &[u8]) -> Option<Rgb> {
        decode_eighth(data, u64::MAX, |_, _| true).map(|(rgb, _)| rgb)
    }

    /// Mean and largest absolute difference per sample.
    fn diff(a: &Rgb, b: &Rgb) -> (f64, u8) {
        assert_eq!((a.w, a.h, a.px.len()), (b.w, b.h, b.px.len()));
        let mut sum = 0u64;
        let mut max = 0u8;
        for (x, y) in a.px.iter().zip(&b.px) {
            let d = x.abs_diff(*y);
            sum += d as u64;
            max = max.max(d);
        }
        (sum as f64 / a.px.len().max(1) as f64, max)
    }

    pub(in crate::seal) fn fixture(name: &str) -> Vec<u8> {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/jpeg")
            .join(name);
        std::fs::read(p).unwrap()
    }

    /// Baseline JPEGs of several writers and samplings, all taken by this module.
    pub(in crate::seal) const TAKEN: [&str; 14] = [
        "pillow-420-q75.jpg",
        "pillow-444-q90.jpg",
        "pillow-422-q60.jpg",
        "pillow-grey-q80.jpg",
        "pillow-optimized-q85.jpg",
        "magick-440-q70.jpg",
        "magick-420-q82.jpg",
        "cjpeg-420-restart2.jpg",
        "cjpeg-422-restart1row.jpg",
        "cjpeg-444-optimized.jpg",
        "cjpeg-grey.jpg",
        "cjpeg-411.jpg",
        "cjpeg-4x2.jpg",
        "exiftool-edited.jpg",
    ];

    #[test]
    fn matches_jpeg_decoder_on_several_writers() {
        for name in TAKEN {
            let data = fixture(name);
            let ours = eighth(&data).unwrap_or_else(|| panic!("{name} not taken"));
            let theirs = reference(&data).unwrap();
            let (mean, max) = diff(&ours, &theirs);
            assert!(mean < 0.2 && max <= 2, "{name}: mean {mean}, max {max}");
        }
    }

    #[test]
    fn leaves_other_kinds_to_jpeg_decoder() {
        for name in [
            "cjpeg-progressive.jpg",
            "cjpeg-arithmetic.jpg",
            "magick-cmyk.jpg",
        ] {
            assert!(eighth(&fixture(name)).is_none(), "{name}");
        }
    }

    fn encoded(w: u32, h: u32, q: u8, grey: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q);
        if grey {
            let img = image::GrayImage::from_fn(w, h, |x, y| {
                image::Luma([((x * 7 + y * 3) % 256) as u8])
            });
            enc.encode_image(&img).unwrap();
        } else {
            let img = image::RgbImage::from_fn(w, h, |x, y| {
                image::Rgb([(x % 256) as u8, ((x ^ y) % 256) as u8, (y * 2 % 256) as u8])
            });
            enc.encode_image(&img).unwrap();
        }
        out
    }

    #[test]
    fn matches_jpeg_decoder_on_the_image_crates_encoder() {
        for (w, h, q, grey) in [
            (1, 1, 80, false),
            (7, 9, 80, false),
            (17, 33, 30, false),
            (250, 120, 95, false),
            (640, 480, 60, true),
            (9, 300, 75, true),
        ] {
            let data = encoded(w, h, q, grey);
            let ours = eighth(&data).unwrap();
            assert_eq!(
                (ours.w, ours.h),
                (w.div_ceil(8) as usize, h.div_ceil(8) as usize)
            );
            let (mean, max) = diff(&ours, &reference(&data).unwrap());
            assert!(mean < 0.2 && max <= 2, "{w}x{h}: mean {mean}, max {max}");
        }
    }

    #[test]
    fn bounds_and_scale_choice_are_respected() {
        let data = encoded(64, 64, 80, false);
        assert!(decode_eighth(&data, 63, |_, _| true).is_none());
        assert!(decode_eighth(&data, 64, |_, _| true).is_some());
        assert!(decode_eighth(&data, 64, |_, _| false).is_none());
    }

    #[test]
    fn cut_or_damaged_input_never_panics_and_is_left_to_the_other_decoder() {
        for name in TAKEN {
            let data = fixture(name);
            // Cut anywhere.
            for end in (0..data.len()).step_by(97) {
                assert!(eighth(&data[..end]).is_none(), "{name} cut at {end}");
            }
            // A byte changed anywhere: either a picture of the right size or none.
            let want = reference(&data).unwrap();
            let mut d = data.clone();
            for i in (0..d.len()).step_by(13) {
                let old = d[i];
                d[i] = old.wrapping_mul(31).wrapping_add(7);
                if let Some(p) = eighth(&d) {
                    assert_eq!(p.px.len(), p.w * p.h * 3);
                    if i > 700 {
                        assert_eq!((p.w, p.h), (want.w, want.h));
                    }
                }
                d[i] = old;
            }
        }
    }
}
