//! Deterministic mutations of real files: truncation, byte flips, 4-byte fields
//! overwritten with boundary values, duplicated chunks. Offsets are biased towards the
//! places parsers read first (headers, trailers, ZIP directories, PDF cross-reference
//! tables, PNG chunk headers, JPEG markers), where damage reaches the most code.

use super::gen::{Below, Rng};

/// One way of damaging a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Truncate,
    Flip,
    Field,
    Duplicate,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Truncate, Kind::Flip, Kind::Field, Kind::Duplicate];
    pub fn tag(self) -> &'static str {
        match self {
            Kind::Truncate => "trunc",
            Kind::Flip => "flip",
            Kind::Field => "field",
            Kind::Duplicate => "dup",
        }
    }
}

/// Byte patterns whose positions are worth damaging.
const MARKERS: &[&[u8]] = &[
    b"PK\x03\x04",
    b"PK\x01\x02",
    b"PK\x05\x06",
    b"xref",
    b"trailer",
    b"startxref",
    b" obj",
    b"/Length",
    b"stream",
    b"IHDR",
    b"IDAT",
    b"IEND",
    b"\xFF\xC0",
    b"\xFF\xC4",
    b"\xFF\xDA",
    b"\xFF\xE1",
    b"Exif",
    b"uniqueCount",
    b"<dimension",
];

/// Offsets near which damage is most telling: start, end and every marker.
fn anchors(data: &[u8]) -> Vec<usize> {
    let mut v = vec![
        0,
        data.len().saturating_sub(22),
        data.len().saturating_sub(64),
    ];
    for m in MARKERS {
        let mut i = 0;
        while i + m.len() <= data.len() {
            if &data[i..i + m.len()] == *m {
                v.push(i);
                i += m.len();
            } else {
                i += 1;
            }
        }
    }
    v
}

/// A position in `0..len`, near an anchor half of the time.
fn pos(rng: &mut Rng, data: &[u8], anchors: &[usize]) -> usize {
    let len = data.len().max(1);
    if rng.below(2) == 0 && !anchors.is_empty() {
        let a = anchors[rng.below(anchors.len() as u64) as usize];
        (a + rng.below(48) as usize).min(len - 1)
    } else {
        rng.below(len as u64) as usize
    }
}

/// Damages `data` one way; the same seed always gives the same bytes.
pub fn mutate(data: &[u8], kind: Kind, rng: &mut Rng) -> Vec<u8> {
    let mut out = data.to_vec();
    if out.is_empty() {
        return out;
    }
    let anchors = anchors(data);
    match kind {
        Kind::Truncate => {
            let at = pos(rng, data, &anchors);
            out.truncate(at);
        }
        Kind::Flip => {
            let n = 1 + rng.below(8);
            for _ in 0..n {
                let at = pos(rng, data, &anchors);
                out[at] ^= (rng.below(255) + 1) as u8;
            }
        }
        Kind::Field => {
            let n = 1 + rng.below(3);
            for _ in 0..n {
                let at = pos(rng, data, &anchors).min(out.len().saturating_sub(4));
                let v: u32 = match rng.below(3) {
                    0 => 0,
                    1 => 0xFFFF_FFFF,
                    _ => 0x7FFF_FFFF,
                };
                let bytes = if rng.below(2) == 0 {
                    v.to_le_bytes()
                } else {
                    v.to_be_bytes()
                };
                let end = (at + 4).min(out.len());
                out[at..end].copy_from_slice(&bytes[..end - at]);
            }
        }
        Kind::Duplicate => {
            let from = pos(rng, data, &anchors);
            let len = (1 + rng.below(512) as usize).min(data.len() - from);
            let chunk = data[from..from + len].to_vec();
            let to = pos(rng, data, &anchors);
            let times = 1 + rng.below(3) as usize;
            for _ in 0..times {
                out.splice(to..to, chunk.iter().copied());
            }
        }
    }
    out
}
