//! Seals in OFD files (GB/T 33190): an OFD is a ZIP package; an electronic seal is
//! a signature listed in a `Signatures.xml` part (referenced from `OFD.xml`), with
//! `Type="Seal"` signatures or a seal file (`.esl`) beside it. Pictures in the
//! package (`Res/…`) are searched like scans when there is no signature.

use super::detect as raster_detect;
use super::{absence_confidence, decode_picture, SealFacts, SealKind};
use crate::outcome::ReadOutcome;
use crate::rules::SealLimits;
use std::io::{Cursor, Read};

/// Largest part read (bytes).
const MAX_PART: u64 = 16 << 20;

/// Looks for a seal in an OFD package.
pub fn detect(data: &[u8], limits: &SealLimits) -> SealFacts {
    let mut zip = match zip::ZipArchive::new(Cursor::new(data)) {
        Ok(z) => z,
        Err(e) => return SealFacts::unread(ReadOutcome::damaged(format!("OFD 无法解析: {e}"))),
    };
    let names: Vec<String> = (0..zip.len().min(10_000))
        .filter_map(|i| {
            zip.by_index_data(i)
                .ok()
                .map(|e| String::from_utf8_lossy(e.name_raw()).into_owned())
        })
        .collect();
    for name in &names {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with("signatures.xml") {
            if let Some(text) = read_part(&mut zip, name) {
                let t = String::from_utf8_lossy(&text);
                if t.contains("Signature") && (t.contains("BaseLoc") || t.contains("Type=\"Seal\""))
                {
                    let mut f = SealFacts::found(SealKind::Signature, None, 1.0);
                    f.searched = 1;
                    return f;
                }
            }
        }
    }
    if names
        .iter()
        .any(|n| n.to_ascii_lowercase().ends_with(".esl"))
    {
        let mut f = SealFacts::found(SealKind::Signature, None, 0.9);
        f.searched = 1;
        return f;
    }
    // Pictures in the package.
    let mut best = None;
    let mut searched = 0u32;
    let pictures: Vec<&String> = names
        .iter()
        .filter(|n| {
            let l = n.to_ascii_lowercase();
            [".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff"]
                .iter()
                .any(|e| l.ends_with(e))
        })
        .take(limits.max_images_per_file)
        .collect();
    for name in pictures {
        let Some(bytes) = read_part(&mut zip, name) else {
            continue;
        };
        searched += 1;
        if let Ok(img) = decode_picture(&bytes, limits.max_pixels) {
            if let Some(c) = raster_detect::best_in_whole(&img, &limits.shapes) {
                if c.confidence >= raster_detect::THRESHOLD {
                    let mut f = SealFacts::found(SealKind::Scanned, None, c.confidence);
                    f.position = Some((c.cx, c.cy));
                    f.shape = Some(c.shape);
                    f.searched = searched;
                    return f;
                }
                if best.is_none_or(|b: raster_detect::Candidate| c.confidence > b.confidence) {
                    best = Some(c);
                }
            }
        }
    }
    SealFacts::none(searched.max(1), absence_confidence(best))
}

/// Reads one part, at most [`MAX_PART`] bytes; `None` when larger or unreadable.
pub(crate) fn read_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Option<Vec<u8>> {
    let i = zip.index_for_name(name)?;
    let f = zip.by_index(i).ok()?;
    let mut out = Vec::new();
    f.take(MAX_PART + 1).read_to_end(&mut out).ok()?;
    if out.len() as u64 > MAX_PART {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> SealLimits {
        SealLimits {
            max_pixels: 4_000_000,
            max_images_per_file: 8,
            max_pages: 10,
            shapes: crate::rules::SealShape::ALL.to_vec(),
        }
    }

    #[test]
    fn signed_sample_has_a_seal_and_plain_one_not() {
        let Ok(signed) = std::fs::read("../shared/samples/ofdrw-signed-seal.ofd") else {
            return; // samples folder not beside the repository
        };
        let f = detect(&signed, &limits());
        assert!(f.found);
        assert_eq!(f.kind, Some(SealKind::Signature));
        let plain = std::fs::read("../shared/samples/ofdrw-helloworld.ofd").unwrap();
        let f = detect(&plain, &limits());
        assert!(f.absent(), "{f:?}");
    }

    #[test]
    fn not_a_zip_is_undetermined() {
        assert!(detect(b"not a zip", &limits()).read.is_failure());
    }
}
