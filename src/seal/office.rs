//! Seal pictures pasted into Word (DOCX) and Excel (XLSX) files: the package's
//! `word/media/…` or `xl/media/…` pictures are searched (capped in number and size).
//! A seal found this way is of kind `Pasted`: the file is still editable.

use super::detect as raster_detect;
use super::ofd::read_part;
use super::{absence_confidence, decode_picture, SealFacts, SealKind};
use crate::identify::Format;
use crate::outcome::ReadOutcome;
use crate::rules::SealLimits;
use std::io::Cursor;

/// Looks for a pasted seal picture in an OOXML package.
pub fn detect(data: &[u8], format: Format, limits: &SealLimits) -> SealFacts {
    let prefix = if format == Format::Xlsx {
        "xl/media/"
    } else {
        "word/media/"
    };
    let mut zip = match zip::ZipArchive::new(Cursor::new(data)) {
        Ok(z) => z,
        Err(e) => return SealFacts::unread(ReadOutcome::damaged(format!("文件无法解析: {e}"))),
    };
    let names: Vec<String> = (0..zip.len().min(10_000))
        .filter_map(|i| {
            zip.by_index_data(i)
                .ok()
                .map(|e| String::from_utf8_lossy(e.name_raw()).into_owned())
        })
        .filter(|n| n.starts_with(prefix))
        .take(limits.max_images_per_file)
        .collect();
    let mut best = None;
    let mut searched = 0u32;
    for name in &names {
        let Some(bytes) = read_part(&mut zip, name) else {
            continue;
        };
        searched += 1;
        let Ok(img) = decode_picture(&bytes, limits.max_pixels) else {
            continue;
        };
        if let Some(c) = raster_detect::best_in_whole(&img, &limits.shapes) {
            if c.confidence >= raster_detect::THRESHOLD {
                let mut f = SealFacts::found(SealKind::Pasted, None, c.confidence);
                f.shape = Some(c.shape);
                f.searched = searched;
                return f;
            }
            if best.is_none_or(|b: raster_detect::Candidate| c.confidence > b.confidence) {
                best = Some(c);
            }
        }
    }
    SealFacts::none(searched, absence_confidence(best))
}
