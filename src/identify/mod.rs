//! Format identification by content, never by extension alone.
//!
//! Cheapest evidence first: magic bytes, then container structure (the ZIP central
//! directory for OOXML/OFD, the OLE2 directory for Word/Excel/PowerPoint/WPS). Every
//! answer records its basis, so a report can say why a file was taken for what it is.
//!
//! Reads are bounded: at most [`HEAD_LEN`] bytes from the start for magic and text, the
//! ZIP central directory plus at most 1 MiB of `[Content_Types].xml`, and for OLE2 the
//! directory plus a few capped stream prefixes (FIB flags, first BIFF records, the
//! `Current User` atom, the summary property sets).
//!
//! # WPS Office files
//!
//! WPS Office writes its own formats (`.wps` WPS 文字, `.et` WPS 表格, `.dps` WPS 演示) in
//! the Word/Excel/PowerPoint 97–2003 binary formats plus its own markers: a root
//! `WpsCustomData` stream (文字), a root `ETExtData` stream (表格), and the
//! `KSOProductBuildVer` property in the summary property sets (all three). The very same
//! bytes are written when a user of WPS saves as `.doc`/`.xls`/`.ppt`, and such a file is a
//! Word/Excel/PowerPoint document to anyone who opens it. Content alone therefore cannot
//! tell a WPS-native file from a WPS-made Office file, so:
//!
//! - [`identify`] answers [`Format::Doc`]/[`Format::Xls`]/[`Format::Ppt`] and says in the
//!   basis that WPS Office made the file;
//! - [`identify_named`] answers [`Format::Wps`]/[`Format::Et`]/[`Format::Dps`] only when the
//!   content carries WPS markers **and** the file is named as WPS's own format
//!   (`.wps`/`.wpt`, `.et`/`.ett`, `.dps`/`.dpt`). The name never changes the kind of
//!   content, only which of two names for the same bytes is shown.
//!
//! WPS-made OOXML (`.docx`/`.xlsx`/`.pptx`) is plain OOXML and identified as such.
//! Microsoft Works `.wps` (root CLSID `0EA45AB2-9E0A-11D1-A407-00C04FB932BA`, or root
//! `CONTENTS` + `SPELLING` streams) is a different format: [`Format::Works`].

use serde::Serialize;
use std::io::{Read, Seek, SeekFrom};

mod magic;
mod ole;
mod package;
mod text;

/// A file format as evcheck tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    /// Word 97–2003 (OLE2 `WordDocument`).
    Doc,
    /// Excel 97–2003 (OLE2 `Workbook`/`Book`).
    Xls,
    /// PowerPoint 97–2003 (OLE2 `PowerPoint Document`).
    Ppt,
    /// WPS 文字 (OLE2 Word streams plus WPS markers).
    Wps,
    /// WPS 表格.
    Et,
    /// WPS 演示.
    Dps,
    /// Microsoft Works word processor (also `.wps`, not WPS Office).
    Works,
    Docx,
    Xlsx,
    Pptx,
    /// Password-protected OOXML (OLE2 `EncryptionInfo` + `EncryptedPackage`).
    EncryptedOffice,
    /// An OLE2 compound file of no known kind.
    Ole2,
    /// OFD (GB/T 33190).
    Ofd,
    /// 方正 CEB.
    Ceb,
    /// CNKI CAJ family.
    Caj,
    Jpeg,
    Png,
    Gif,
    Bmp,
    Tiff,
    Webp,
    Heic,
    Zip,
    Rar,
    #[serde(rename = "7z")]
    SevenZip,
    /// Plain text or CSV.
    Text,
    /// A file of zero bytes.
    Empty,
    Unknown,
}

impl Format {
    /// Every format, for documentation and rule validation.
    pub const ALL: [Format; 29] = [
        Format::Pdf,
        Format::Doc,
        Format::Xls,
        Format::Ppt,
        Format::Wps,
        Format::Et,
        Format::Dps,
        Format::Works,
        Format::Docx,
        Format::Xlsx,
        Format::Pptx,
        Format::EncryptedOffice,
        Format::Ole2,
        Format::Ofd,
        Format::Ceb,
        Format::Caj,
        Format::Jpeg,
        Format::Png,
        Format::Gif,
        Format::Bmp,
        Format::Tiff,
        Format::Webp,
        Format::Heic,
        Format::Zip,
        Format::Rar,
        Format::SevenZip,
        Format::Text,
        Format::Empty,
        Format::Unknown,
    ];

    /// The identifier used in rule files and JSON (`pdf`, `docx`, `7z`, …).
    pub fn id(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Doc => "doc",
            Format::Xls => "xls",
            Format::Ppt => "ppt",
            Format::Wps => "wps",
            Format::Et => "et",
            Format::Dps => "dps",
            Format::Works => "works",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
            Format::Pptx => "pptx",
            Format::EncryptedOffice => "encrypted-office",
            Format::Ole2 => "ole2",
            Format::Ofd => "ofd",
            Format::Ceb => "ceb",
            Format::Caj => "caj",
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::Gif => "gif",
            Format::Bmp => "bmp",
            Format::Tiff => "tiff",
            Format::Webp => "webp",
            Format::Heic => "heic",
            Format::Zip => "zip",
            Format::Rar => "rar",
            Format::SevenZip => "7z",
            Format::Text => "text",
            Format::Empty => "empty",
            Format::Unknown => "unknown",
        }
    }

    /// Parses a rule-file identifier.
    pub fn from_id(id: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.id() == id)
    }

    /// A name for people (`PDF`, `Word 97-2003 (.doc)`, `WPS 表格`, …).
    pub fn display_name(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Doc => "Word 97-2003 (.doc)",
            Format::Xls => "Excel 97-2003 (.xls)",
            Format::Ppt => "PowerPoint 97-2003 (.ppt)",
            Format::Wps => "WPS 文字 (.wps)",
            Format::Et => "WPS 表格 (.et)",
            Format::Dps => "WPS 演示 (.dps)",
            Format::Works => "Microsoft Works (.wps)",
            Format::Docx => "Word (.docx)",
            Format::Xlsx => "Excel (.xlsx)",
            Format::Pptx => "PowerPoint (.pptx)",
            Format::EncryptedOffice => "加密的 Office 文件",
            Format::Ole2 => "OLE2 复合文档",
            Format::Ofd => "OFD",
            Format::Ceb => "CEB",
            Format::Caj => "CAJ",
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Gif => "GIF",
            Format::Bmp => "BMP",
            Format::Tiff => "TIFF",
            Format::Webp => "WebP",
            Format::Heic => "HEIC",
            Format::Zip => "ZIP",
            Format::Rar => "RAR",
            Format::SevenZip => "7z",
            Format::Text => "文本/CSV",
            Format::Empty => "空文件",
            Format::Unknown => "未知格式",
        }
    }

    /// File extensions (lower case, no dot) that fit this format.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Pdf => &["pdf"],
            Format::Doc => &["doc", "dot", "wps"],
            Format::Xls => &["xls", "xlt", "et"],
            Format::Ppt => &["ppt", "pps", "pot", "dps"],
            Format::Wps => &["wps", "doc", "wpt"],
            Format::Et => &["et", "xls", "ett"],
            Format::Dps => &["dps", "ppt", "dpt"],
            Format::Works => &["wps"],
            Format::Docx => &["docx", "docm", "dotx", "wps"],
            Format::Xlsx => &["xlsx", "xlsm", "xltx", "et"],
            Format::Pptx => &["pptx", "pptm", "ppsx", "dps"],
            Format::EncryptedOffice => &["docx", "xlsx", "pptx", "doc", "xls", "ppt"],
            Format::Ole2 => &[],
            Format::Ofd => &["ofd"],
            Format::Ceb => &["ceb"],
            Format::Caj => &["caj", "kdh", "nh", "teb"],
            Format::Jpeg => &["jpg", "jpeg", "jpe", "jfif"],
            Format::Png => &["png"],
            Format::Gif => &["gif"],
            Format::Bmp => &["bmp", "dib"],
            Format::Tiff => &["tif", "tiff"],
            Format::Webp => &["webp"],
            Format::Heic => &["heic", "heif"],
            Format::Zip => &["zip"],
            Format::Rar => &["rar"],
            Format::SevenZip => &["7z"],
            Format::Text => &["txt", "csv", "tsv"],
            Format::Empty => &[],
            Format::Unknown => &[],
        }
    }

    /// Whether the file can be edited as it stands (Word/Excel/WPS/text): such a file
    /// cannot serve as a stamped, non-editable version.
    pub fn is_editable(self) -> bool {
        matches!(
            self,
            Format::Doc
                | Format::Xls
                | Format::Ppt
                | Format::Wps
                | Format::Et
                | Format::Dps
                | Format::Works
                | Format::Docx
                | Format::Xlsx
                | Format::Pptx
                | Format::Text
        )
    }

    /// Whether this is a raster image format.
    pub fn is_image(self) -> bool {
        matches!(
            self,
            Format::Jpeg
                | Format::Png
                | Format::Gif
                | Format::Bmp
                | Format::Tiff
                | Format::Webp
                | Format::Heic
        )
    }

    /// Whether this is a spreadsheet.
    pub fn is_spreadsheet(self) -> bool {
        matches!(self, Format::Xls | Format::Xlsx | Format::Et)
    }
}

/// The answer: a format and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identified {
    pub format: Format,
    /// Why this format was chosen (e.g. `"magic %PDF-"`, `"OLE2 stream WordDocument + WpsCustomData"`).
    pub basis: String,
}

/// How many bytes from the start are read for magic numbers and the text test.
pub const HEAD_LEN: usize = 8192;

/// Identifies the content of `r` (`len` bytes long), reading only what it needs.
///
/// Never fails: an unreadable input is [`Format::Unknown`] with the error in the basis.
pub fn identify<R: Read + Seek>(r: &mut R, len: u64) -> Identified {
    detect(r, len).id
}

/// Like [`identify`], and with the file name to choose between the two names WPS Office
/// gives the same bytes (see the module documentation): a WPS-made Word/Excel/PowerPoint
/// binary file named `.wps`/`.wpt`, `.et`/`.ett` or `.dps`/`.dpt` is answered as
/// [`Format::Wps`]/[`Format::Et`]/[`Format::Dps`]. Every other answer is `identify`'s.
pub fn identify_named<R: Read + Seek>(r: &mut R, len: u64, name: &str) -> Identified {
    let found = detect(r, len);
    let mut id = found.id;
    if found.wps_made {
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let native = match (id.format, ext.as_str()) {
            (Format::Doc, "wps" | "wpt") => Some(Format::Wps),
            (Format::Xls, "et" | "ett") => Some(Format::Et),
            (Format::Ppt, "dps" | "dpt") => Some(Format::Dps),
            _ => None,
        };
        if let Some(f) = native {
            id.format = f;
            id.basis
                .push_str(&format!("; named .{ext}: WPS Office's own format"));
        }
    }
    id
}

/// An answer plus what only [`identify_named`] needs.
struct Detected {
    id: Identified,
    /// The content carries WPS Office markers.
    wps_made: bool,
}

impl Detected {
    fn plain(format: Format, basis: impl Into<String>) -> Self {
        Detected {
            id: Identified {
                format,
                basis: basis.into(),
            },
            wps_made: false,
        }
    }
}

fn detect<R: Read + Seek>(r: &mut R, len: u64) -> Detected {
    let head = match read_head(r) {
        Ok(h) => h,
        Err(e) => return Detected::plain(Format::Unknown, format!("could not read: {e}")),
    };
    if head.is_empty() {
        return if len == 0 {
            Detected::plain(Format::Empty, "0 bytes")
        } else {
            Detected::plain(
                Format::Unknown,
                format!("no bytes could be read of {len} declared"),
            )
        };
    }
    if head.starts_with(&ole::MAGIC) {
        return ole::classify(r);
    }
    if package::has_zip_magic(&head) {
        return Detected::plain_id(package::classify(r));
    }
    if let Some(id) = magic::sniff(&head) {
        return Detected::plain_id(id);
    }
    if let Some(basis) = text::sniff(&head, head.len() == HEAD_LEN) {
        return Detected::plain(Format::Text, basis);
    }
    Detected::plain(Format::Unknown, magic::unknown_basis(&head))
}

impl Detected {
    fn plain_id(id: Identified) -> Self {
        Detected {
            id,
            wps_made: false,
        }
    }
}

/// Reads up to [`HEAD_LEN`] bytes from the start.
fn read_head<R: Read + Seek>(r: &mut R) -> std::io::Result<Vec<u8>> {
    r.seek(SeekFrom::Start(0))?;
    let mut head = Vec::with_capacity(HEAD_LEN);
    r.by_ref().take(HEAD_LEN as u64).read_to_end(&mut head)?;
    Ok(head)
}

fn id(format: Format, basis: impl Into<String>) -> Identified {
    Identified {
        format,
        basis: basis.into(),
    }
}
