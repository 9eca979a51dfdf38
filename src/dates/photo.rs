//! A photo's capture date, read in exiftool's order: EXIF `DateTimeOriginal`, then
//! the XMP packet's `exif:DateTimeOriginal`, `xmp:CreateDate`,
//! `photoshop:DateCreated`, then EXIF `DateTimeDigitized`, and only as a last resort
//! IFD0 `DateTime` (a modification time, said so).
//!
//! EXIF is read with kamadak-exif going on past a malformed IFD (a broken maker-note
//! pointer, an editing app's odd entry), so that a photo whose date is readable
//! yields it. The XMP packet of a JPEG sits in an APP1 segment named
//! `http://ns.adobe.com/xap/1.0/`; it is parsed with quick-xml (properties written
//! as attributes or as elements).

use super::Date;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::Cursor;

/// The capture date of a photo and the tag it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    /// The day the photo was taken, as the tag says (the time of day is dropped).
    pub date: Date,
    /// The value as written (at most 40 characters).
    pub text: String,
    /// `EXIF DateTimeOriginal`, `XMP exif:DateTimeOriginal`, …
    pub location: &'static str,
}

/// Most bytes of one XMP packet looked at.
const MAX_XMP: usize = 256 * 1024;
/// The XMP properties read, in exiftool's order.
const XMP_KEYS: [(&str, &str); 3] = [
    ("exif:DateTimeOriginal", "XMP exif:DateTimeOriginal"),
    ("xmp:CreateDate", "XMP xmp:CreateDate"),
    ("photoshop:DateCreated", "XMP photoshop:DateCreated"),
];

/// `2022:03:05 10:20:30`, `2022-03-05T10:20:30+08:00`, `2022-03-05`: the date.
pub fn date_of(raw: &[u8]) -> Option<Date> {
    let t = std::str::from_utf8(raw).ok()?.trim();
    let b = t.as_bytes();
    if b.len() < 10 || !matches!(b[4], b':' | b'-') || b[7] != b[4] {
        return None;
    }
    let y: i32 = t.get(0..4)?.parse().ok()?;
    let m: u8 = t.get(5..7)?.parse().ok()?;
    let d: u8 = t.get(8..10)?.parse().ok()?;
    if y < 1900 {
        return None;
    }
    Date::new(y, m, d)
}

fn capture(raw: &[u8], location: &'static str) -> Option<Capture> {
    Some(Capture {
        date: date_of(raw)?,
        text: String::from_utf8_lossy(&raw[..raw.len().min(40)]).into_owned(),
        location,
    })
}

/// The capture date of the photo `data` (`jpeg` says whether to look for XMP in
/// APP1 segments).
pub fn capture_date(data: &[u8], jpeg: bool) -> Option<Capture> {
    use exif::{In, Tag, Value};
    let exif = {
        let mut cur = Cursor::new(data);
        match exif::Reader::new()
            .continue_on_error(true)
            .read_from_container(&mut cur)
        {
            Ok(e) => Some(e),
            Err(e) => e.distill_partial_result(|_| {}).ok(),
        }
    };
    let tag = |t: Tag, location: &'static str| -> Option<Capture> {
        let f = exif.as_ref()?.get_field(t, In::PRIMARY)?;
        match &f.value {
            Value::Ascii(v) => v.iter().find_map(|raw| capture(raw, location)),
            _ => None,
        }
    };
    if let Some(c) = tag(Tag::DateTimeOriginal, "EXIF DateTimeOriginal") {
        return Some(c);
    }
    if jpeg {
        if let Some(c) = xmp_packets(data).find_map(xmp_date) {
            return Some(c);
        }
    }
    if let Some(c) = tag(Tag::DateTimeDigitized, "EXIF DateTimeDigitized") {
        return Some(c);
    }
    tag(Tag::DateTime, super::found::MODIFIED_LOCATION)
}

/// The XMP packets of a JPEG's APP1 segments (markers walked up to the scan).
fn xmp_packets(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    const NS: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
    let mut at = 2usize;
    let ok = data.starts_with(&[0xFF, 0xD8]);
    std::iter::from_fn(move || {
        if !ok {
            return None;
        }
        loop {
            let marker = *data.get(at + 1)?;
            if *data.get(at)? != 0xFF {
                return None;
            }
            if marker == 0xFF {
                at += 1;
                continue;
            }
            // Start of scan or end of image: no more metadata segments.
            if marker == 0xDA || marker == 0xD9 {
                return None;
            }
            if (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
                at += 2;
                continue;
            }
            let len = usize::from(u16::from_be_bytes([*data.get(at + 2)?, *data.get(at + 3)?]));
            let body = data.get(at + 4..(at + 2).checked_add(len)?)?;
            at = at + 2 + len;
            if marker == 0xE1 && body.starts_with(NS) {
                let p = &body[NS.len()..];
                return Some(&p[..p.len().min(MAX_XMP)]);
            }
        }
    })
}

/// The first of [`XMP_KEYS`] found in a packet, in their order.
fn xmp_date(packet: &[u8]) -> Option<Capture> {
    let mut found: [Option<Capture>; 3] = [None, None, None];
    let mut reader = Reader::from_reader(packet);
    let mut buf = Vec::new();
    let mut open: Option<usize> = None;
    let mut budget = 100_000usize;
    loop {
        budget = budget.checked_sub(1)?;
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = e.name();
                let name: &str = name.as_ref();
                open = XMP_KEYS.iter().position(|(k, _)| *k == name);
                for a in e.attributes().flatten() {
                    let key: &str = a.key.as_ref();
                    if let Some(i) = XMP_KEYS.iter().position(|(k, _)| *k == key) {
                        if found[i].is_none() {
                            let v: &str = a.value.as_ref();
                            found[i] = capture(v.as_bytes(), XMP_KEYS[i].1);
                        }
                    }
                }
            }
            Ok(Event::Text(t)) => {
                if let Some(i) = open {
                    if found[i].is_none() {
                        let raw: &str = t.as_ref();
                        let raw = raw.as_bytes();
                        found[i] = capture(raw, XMP_KEYS[i].1);
                    }
                }
            }
            Ok(Event::End(_)) => open = None,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    found.into_iter().flatten().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg_with_xmp(xmp: &str) -> Vec<u8> {
        let mut body = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
        body.extend_from_slice(xmp.as_bytes());
        let mut v = vec![0xFF, 0xD8, 0xFF, 0xE1];
        v.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
        v.extend_from_slice(&body);
        v.extend_from_slice(&[0xFF, 0xD9]);
        v
    }

    #[test]
    fn date_forms() {
        for (s, want) in [
            ("2022:03:05 10:20:30", Some("2022-03-05")),
            ("2022-03-05T10:20:30+08:00", Some("2022-03-05")),
            ("2022-03-05", Some("2022-03-05")),
            ("0000:00:00 00:00:00", None),
            ("    :  :     :  :  ", None),
            ("2022:13:05 10:20:30", None),
            ("2022-03", None),
        ] {
            assert_eq!(
                date_of(s.as_bytes()).map(|d| d.to_string()).as_deref(),
                want,
                "{s}"
            );
        }
    }

    #[test]
    fn xmp_attributes_and_elements_in_order() {
        let attr = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmp:CreateDate="2021-12-30T10:00:00" exif:DateTimeOriginal="2022-03-05T08:00:00"/></rdf:RDF></x:xmpmeta>"#;
        let c = capture_date(&jpeg_with_xmp(attr), true).unwrap();
        assert_eq!(
            (c.date.to_string().as_str(), c.location),
            ("2022-03-05", "XMP exif:DateTimeOriginal")
        );
        let elem = r#"<x:xmpmeta><rdf:RDF><rdf:Description><photoshop:DateCreated>2022-06-01</photoshop:DateCreated><xmp:CreateDate>2022-11-02T09:00:00</xmp:CreateDate></rdf:Description></rdf:RDF></x:xmpmeta>"#;
        let c = capture_date(&jpeg_with_xmp(elem), true).unwrap();
        assert_eq!(
            (c.date.to_string().as_str(), c.location),
            ("2022-11-02", "XMP xmp:CreateDate")
        );
        assert_eq!(capture_date(&jpeg_with_xmp("<broken"), true), None);
        assert_eq!(
            capture_date(&[0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF], true),
            None
        );
    }
}
