//! OLE2 compound files: Word/Excel/PowerPoint 97–2003, their WPS Office variants,
//! Microsoft Works, password-protected Office files, or an OLE2 file of no known kind.
//!
//! Classification looks at the ROOT storage only: embedded objects repeat `WordDocument`,
//! `Workbook` and the like under `/ObjectPool/…` or `/MBD…`, so a Word file with an
//! embedded sheet must not pass for a workbook. Only small, capped stream prefixes are
//! read: the FIB flags of `WordDocument`, the first BIFF records of `Workbook`/`Book`, the
//! `Current User` atom, and the summary property sets (for the WPS build marker).

use super::{Detected, Format, Identified};
use std::io::{Read, Seek, SeekFrom};

/// The OLE2 (Compound File Binary) signature.
pub(super) const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Root CLSID of Microsoft Works word-processor files.
const WORKS_CLSID: &str = "0ea45ab2-9e0a-11d1-a407-00c04fb932ba";

/// At most this many root entries are looked at.
const MAX_ROOT_ENTRIES: usize = 4096;

/// How much of a summary property set is searched for the WPS marker.
const PROPERTY_SET_CAP: u64 = 256 * 1024;

/// How much of a workbook stream is scanned for a FILEPASS record.
const BIFF_SCAN_CAP: u64 = 64 * 1024;

/// The name WPS Office gives its build property.
const WPS_BUILD_PROPERTY: &str = "KSOProductBuildVer";

/// Classifies a file that starts with the OLE2 signature.
pub(super) fn classify<R: Read + Seek>(r: &mut R) -> Detected {
    if let Err(e) = r.seek(SeekFrom::Start(0)) {
        return plain(Format::Ole2, format!("OLE2 signature; could not seek: {e}"));
    }
    let mut comp = match cfb::CompoundFile::open(&mut *r) {
        Ok(c) => c,
        Err(e) => {
            return plain(
                Format::Ole2,
                format!("OLE2 signature; compound file could not be parsed: {e}"),
            )
        }
    };
    let root = Root::read(&comp);

    if let (Some(info), Some(pkg)) = (
        root.stream("EncryptionInfo"),
        root.stream("EncryptedPackage"),
    ) {
        return plain(
            Format::EncryptedOffice,
            format!("OLE2: {info} + {pkg} (password-protected OOXML)"),
        );
    }

    let main = root
        .stream("WordDocument")
        .map(|n| (Format::Doc, n))
        .or_else(|| root.stream("Workbook").map(|n| (Format::Xls, n)))
        .or_else(|| root.stream("Book").map(|n| (Format::Xls, n)))
        .or_else(|| root.stream("PowerPoint Document").map(|n| (Format::Ppt, n)));
    if let Some((format, name)) = main {
        let name = name.to_string();
        let encrypted = match format {
            Format::Doc => word_encrypted(&mut comp, &name),
            Format::Xls => workbook_encrypted(&mut comp, &name),
            _ => root
                .stream("Current User")
                .map(str::to_string)
                .and_then(|cu| powerpoint_encrypted(&mut comp, &cu)),
        };
        if let Some(why) = encrypted {
            return plain(Format::EncryptedOffice, format!("OLE2: {name}, {why}"));
        }
        let wps_stream = match format {
            Format::Doc => root.stream("WpsCustomData"),
            Format::Xls => root.stream("ETExtData"),
            _ => None,
        };
        let build = wps_build_marker(&mut comp, &root);
        let mut basis = format!("OLE2: {name}");
        if let Some(s) = wps_stream {
            basis.push_str(&format!(" + {s}"));
        }
        if let Some(ps) = &build {
            basis.push_str(&format!(", {WPS_BUILD_PROPERTY} in {ps}"));
        }
        let wps_made = wps_stream.is_some() || build.is_some();
        if wps_made {
            basis.push_str(" (saved by WPS Office)");
        }
        return Detected {
            id: Identified { format, basis },
            wps_made,
        };
    }

    let clsid = comp.root_entry().clsid().to_string();
    if clsid.eq_ignore_ascii_case(WORKS_CLSID) {
        return plain(
            Format::Works,
            format!("OLE2: root CLSID {clsid} (Microsoft Works)"),
        );
    }
    if let (Some(c), Some(s)) = (root.stream("CONTENTS"), root.stream("SPELLING")) {
        return plain(Format::Works, format!("OLE2: {c} + {s} (Microsoft Works)"));
    }
    let shown: Vec<String> = root
        .entries
        .iter()
        .take(8)
        .map(|(n, _)| printable(n))
        .collect();
    let more = if root.entries.len() > 8 { ", …" } else { "" };
    plain(
        Format::Ole2,
        format!(
            "OLE2: no Word/Excel/PowerPoint/Works root stream (root: {}{more})",
            shown.join(", ")
        ),
    )
}

fn plain(format: Format, basis: String) -> Detected {
    Detected::plain(format, basis)
}

/// The names of the root storage's children.
struct Root {
    /// (name, is a stream)
    entries: Vec<(String, bool)>,
}

impl Root {
    fn read<F: Read + Seek>(comp: &cfb::CompoundFile<F>) -> Root {
        let entries = comp
            .read_root_storage()
            .take(MAX_ROOT_ENTRIES)
            .map(|e| (e.name().to_string(), e.is_stream()))
            .collect();
        Root { entries }
    }

    /// The stored name of the root stream called `name` (names compare case-insensitively).
    fn stream(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(n, is_stream)| *is_stream && n.eq_ignore_ascii_case(name))
            .map(|(n, _)| n.as_str())
    }
}

/// Shows control characters (the `\x05` of property-set names) as escapes.
fn printable(name: &str) -> String {
    name.chars()
        .flat_map(|c| {
            if c.is_control() {
                format!("\\x{:02x}", c as u32).chars().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// Reads at most `cap` bytes from the start of the root stream `name`.
fn read_prefix<F: Read + Seek>(
    comp: &mut cfb::CompoundFile<F>,
    name: &str,
    cap: u64,
) -> Option<Vec<u8>> {
    let stream = comp.open_stream(format!("/{name}")).ok()?;
    let mut buf = Vec::new();
    stream.take(cap).read_to_end(&mut buf).ok()?;
    Some(buf)
}

/// Word: FIB `fEncrypted` (bit 8 of the flags word at offset 10).
fn word_encrypted<F: Read + Seek>(comp: &mut cfb::CompoundFile<F>, name: &str) -> Option<String> {
    let fib = read_prefix(comp, name, 12)?;
    let flags = u16::from_le_bytes([*fib.get(10)?, *fib.get(11)?]);
    (flags & 0x0100 != 0).then(|| "FIB fEncrypted set (password to open)".to_string())
}

/// Excel: a FILEPASS record (0x002F) among the first records of the globals substream.
fn workbook_encrypted<F: Read + Seek>(
    comp: &mut cfb::CompoundFile<F>,
    name: &str,
) -> Option<String> {
    let biff = read_prefix(comp, name, BIFF_SCAN_CAP)?;
    let mut pos = 0usize;
    for _ in 0..512 {
        let Some(rec) = biff.get(pos..pos + 4) else {
            break;
        };
        let typ = u16::from_le_bytes([rec[0], rec[1]]);
        let len = u16::from_le_bytes([rec[2], rec[3]]) as usize;
        match typ {
            0x002F => return Some("FILEPASS record (password to open)".to_string()),
            // BOUNDSHEET or EOF: past the place FILEPASS must be.
            0x0085 | 0x000A => break,
            _ => {}
        }
        pos += 4 + len;
    }
    None
}

/// PowerPoint: the `Current User` atom's header token 0xF3D1C4DF marks an encrypted file.
fn powerpoint_encrypted<F: Read + Seek>(
    comp: &mut cfb::CompoundFile<F>,
    name: &str,
) -> Option<String> {
    let cu = read_prefix(comp, name, 16)?;
    let token = u32::from_le_bytes([*cu.get(12)?, *cu.get(13)?, *cu.get(14)?, *cu.get(15)?]);
    (token == 0xF3D1C4DF).then(|| "Current User header token 0xF3D1C4DF (encrypted)".to_string())
}

/// Which summary property set holds WPS Office's build property, if any.
fn wps_build_marker<F: Read + Seek>(
    comp: &mut cfb::CompoundFile<F>,
    root: &Root,
) -> Option<String> {
    let ascii = WPS_BUILD_PROPERTY.as_bytes();
    let utf16: Vec<u8> = WPS_BUILD_PROPERTY
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    for set in ["\u{5}DocumentSummaryInformation", "\u{5}SummaryInformation"] {
        let Some(name) = root.stream(set).map(str::to_string) else {
            continue;
        };
        let Some(bytes) = read_prefix(comp, &name, PROPERTY_SET_CAP) else {
            continue;
        };
        if contains(&bytes, &utf16) || contains(&bytes, ascii) {
            return Some(printable(&name));
        }
    }
    None
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}
