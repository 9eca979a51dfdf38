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

#![warn(missing_docs)]

use serde::{Deserialize, Serialize};
use std::io::{Read, Seek, SeekFrom};

mod magic;
mod ole;
mod package;
mod text;

/// A file format as evcheck tells them apart. Serialised and deserialised as its
/// [`id`](Format::id) (`"pdf"`, `"7z"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// PDF (`%PDF-`).
    Pdf,
    /// Word 97–2003 (OLE2 `WordDocument`).
    Doc,
    /// Excel 97–2003 (OLE2 `Workbook`/`Book`).
    Xls,
    /// PowerPoint 97–2003 (OLE2 `PowerPoint Document`).
    Ppt,
    /// WPS 文字: Word binary streams plus WPS markers, named `.wps`/`.wpt`
    /// (only [`identify_named`] answers it; see the module documentation).
    Wps,
    /// WPS 表格: Excel binary streams plus WPS markers, named `.et`/`.ett`.
    Et,
    /// WPS 演示: PowerPoint binary streams plus WPS markers, named `.dps`/`.dpt`.
    Dps,
    /// Microsoft Works word processor (also `.wps`, not WPS Office).
    Works,
    /// Word (OOXML package with `word/document.xml`).
    Docx,
    /// Excel (OOXML package with `xl/workbook.xml` or `.bin`).
    Xlsx,
    /// PowerPoint (OOXML package with `ppt/presentation.xml`).
    Pptx,
    /// Password-protected Office file: OOXML in OLE2 (`EncryptionInfo` +
    /// `EncryptedPackage`), or a legacy `.doc`/`.xls`/`.ppt` with its encryption flag set.
    #[serde(rename = "encrypted-office")]
    EncryptedOffice,
    /// An OLE2 compound file of no known kind.
    Ole2,
    /// OFD (GB/T 33190).
    Ofd,
    /// 方正 CEB.
    Ceb,
    /// CNKI CAJ family.
    Caj,
    /// JPEG picture.
    Jpeg,
    /// PNG picture.
    Png,
    /// GIF picture.
    Gif,
    /// BMP picture.
    Bmp,
    /// TIFF picture (one or more pages).
    Tiff,
    /// WebP picture.
    Webp,
    /// HEIC/HEIF picture (identified, not decoded).
    Heic,
    /// ZIP archive (not a document package).
    Zip,
    /// RAR archive (not opened).
    Rar,
    #[serde(rename = "7z")]
    /// 7z archive (not opened).
    SevenZip,
    /// Plain text or CSV.
    Text,
    /// A file of zero bytes.
    Empty,
    /// Content evcheck does not recognise.
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

    /// The extensions people commonly write for this format, the first ones of
    /// [`Format::extensions`]: a name that repeats one before its own (`x.pdf.pdf`,
    /// `x.docx.pdf`) has a doubled extension. Template and macro variants, `.jpe`,
    /// `.jfif`, `.tsv` and CAJ's extensions are rare in names and not counted.
    pub fn usual_extensions(self) -> &'static [&'static str] {
        let all = self.extensions();
        let n = match self {
            Format::Jpeg | Format::Tiff | Format::Text => 2,
            Format::Caj => 0,
            _ => 1,
        };
        &all[..n.min(all.len())]
    }

    /// Whether [`crate::opens::check`] opens files of this format the way a viewer
    /// would (documents and pictures; not text, archives, which the walker opens, or
    /// HEIC, which cannot be decoded here).
    pub fn is_opened(self) -> bool {
        matches!(
            self,
            Format::Pdf
                | Format::Docx
                | Format::Xlsx
                | Format::Pptx
                | Format::Ofd
                | Format::Doc
                | Format::Xls
                | Format::Ppt
                | Format::Wps
                | Format::Et
                | Format::Dps
                | Format::Ole2
        ) || (self.is_image() && self != Format::Heic)
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

    /// Whether files of this format are ZIP packages with a main part (OOXML, OFD).
    /// Their extensions ([`Format::extensions`]) include WPS Office's `.wps`/`.et`/`.dps`,
    /// which it also uses for OOXML packages.
    pub fn is_zip_package(self) -> bool {
        matches!(
            self,
            Format::Docx | Format::Xlsx | Format::Pptx | Format::Ofd
        )
    }
}

/// ZIP-based document types evcheck does not read, by extension (OpenDocument, EPUB,
/// Java and Android packages): files, not archives.
const OTHER_ZIP_DOCUMENTS: &[&str] = &["odt", "ods", "odp", "epub", "jar", "apk"];

/// Archive formats evcheck neither identifies nor opens, by extension (tar, gzip, CAB,
/// ISO, …); RAR and 7z come from the table ([`Format::Rar`], [`Format::SevenZip`]).
const OTHER_ARCHIVES: &[&str] = &[
    "tar", "gz", "tgz", "bz2", "xz", "cab", "arj", "lzh", "iso", "zipx",
];

/// Whether the name says the file is an archive other than a ZIP (`.rar`, `.7z`,
/// `.tar`, `.gz`, …): such a file cannot stand for a unit (only folders and ZIPs can).
pub fn named_as_other_archive(name: &str) -> bool {
    extension(name).is_some_and(|ext| {
        let ext = ext.as_str();
        OTHER_ARCHIVES.contains(&ext)
            || [Format::Rar, Format::SevenZip]
                .iter()
                .any(|f| f.extensions().contains(&ext))
    })
}

/// Whether `ext` (lower case, no dot) is an extension people commonly write for some
/// format ([`Format::usual_extensions`]).
pub fn is_usual_extension(ext: &str) -> bool {
    Format::ALL
        .iter()
        .any(|f| f.usual_extensions().contains(&ext))
}

/// The lower-case extension of a file name (`None` without one, or for `.docx` alone).
fn extension(name: &str) -> Option<String> {
    name.rsplit_once('.')
        .filter(|(stem, _)| !stem.is_empty())
        .map(|(_, e)| e.to_ascii_lowercase())
}

/// Whether the name says the file is a ZIP package document (`.docx`, `.xlsx`, `.pptx`,
/// `.ofd`, WPS Office's `.wps`/`.et`/`.dps`, …): one whose content is a ZIP but not a
/// readable package is a damaged document.
pub fn named_as_zip_package(name: &str) -> bool {
    extension(name).is_some_and(|ext| {
        Format::ALL
            .iter()
            .any(|f| f.is_zip_package() && f.extensions().contains(&ext.as_str()))
    })
}

/// Whether the name says the file is a ZIP-based document of any kind
/// ([`named_as_zip_package`], or OpenDocument, EPUB, …): such a file that fails to open
/// as a ZIP is a damaged document, not a damaged archive.
pub fn named_as_zip_document(name: &str) -> bool {
    named_as_zip_package(name)
        || extension(name).is_some_and(|ext| OTHER_ZIP_DOCUMENTS.contains(&ext.as_str()))
}

/// The answer: a format and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identified {
    /// The format.
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

    fn plain_id(id: Identified) -> Self {
        Detected {
            id,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_table_says_which_names_are_zip_documents() {
        for (name, package, document) in [
            ("a.docx", true, true),
            ("b.XLSM", true, true),
            ("c.ppsx", true, true),
            ("d.ofd", true, true),
            ("e.wps", true, true),
            ("f.et", true, true),
            ("g.dps", true, true),
            ("h.odt", false, true),
            ("i.epub", false, true),
            ("j.zip", false, false),
            ("k.doc", false, false),
            ("l.pdf", false, false),
            ("docx", false, false),
            (".docx", false, false),
        ] {
            assert_eq!(named_as_zip_package(name), package, "{name}");
            assert_eq!(named_as_zip_document(name), document, "{name}");
        }
    }
    use std::io::{Cursor, Write};

    fn ident(bytes: &[u8]) -> Identified {
        identify(&mut Cursor::new(bytes), bytes.len() as u64)
    }

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        for (name, data) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn content_types(main_part: &str, main_type: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="{main_part}" ContentType="{main_type}"/></Types>"#
        )
    }

    const RELS: &[u8] = br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>"#;

    fn docx() -> Vec<u8> {
        let ct = content_types(
            "/word/document.xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        );
        zip_of(&[
            ("[Content_Types].xml", ct.as_bytes()),
            ("_rels/.rels", RELS),
            ("word/document.xml", b"<w:document/>"),
        ])
    }

    fn pptx() -> Vec<u8> {
        let ct = content_types(
            "/ppt/presentation.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        );
        zip_of(&[
            ("[Content_Types].xml", ct.as_bytes()),
            ("_rels/.rels", RELS),
            ("ppt/presentation.xml", b"<p:presentation/>"),
        ])
    }

    fn xlsx() -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().write_string(0, 0, "统计表").unwrap();
        wb.save_to_buffer().unwrap()
    }

    fn ofd() -> Vec<u8> {
        // OFD.xml deliberately not first.
        zip_of(&[
            ("Doc_0/Document.xml", b"<ofd:Document/>"),
            ("Doc_0/Pages/Page_0/Content.xml", b"<ofd:Page/>"),
            ("OFD.xml", b"<ofd:OFD DocType=\"OFD\"/>"),
        ])
    }

    /// An OLE2 file with the given root streams (and an optional root CLSID).
    fn ole(streams: &[(&str, &[u8])], clsid: Option<&str>) -> Vec<u8> {
        let mut comp = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        for (path, data) in streams {
            if let Some((dir, _)) = path.rsplit_once('/') {
                if !dir.is_empty() {
                    comp.create_storage_all(dir).unwrap();
                }
            }
            comp.create_stream(path).unwrap().write_all(data).unwrap();
        }
        if let Some(c) = clsid {
            comp.set_storage_clsid("/", uuid::Uuid::parse_str(c).unwrap())
                .unwrap();
        }
        comp.flush().unwrap();
        comp.into_inner().into_inner()
    }

    /// A Word FIB prefix with the given flags word.
    fn fib(flags: u16) -> Vec<u8> {
        let mut v = vec![0xEC, 0xA5, 0xC1, 0x00, 0, 0, 0x04, 0x08, 0, 0];
        v.extend_from_slice(&flags.to_le_bytes());
        v.extend_from_slice(&[0; 20]);
        v
    }

    /// BIFF8 records: BOF, optionally FILEPASS, then BOUNDSHEET and EOF.
    fn biff(filepass: bool) -> Vec<u8> {
        let mut v = vec![0x09, 0x08, 0x10, 0x00];
        v.extend_from_slice(&[0; 16]);
        if filepass {
            v.extend_from_slice(&[0x2F, 0x00, 0x06, 0x00, 1, 0, 1, 0, 1, 0]);
        }
        v.extend_from_slice(&[0x85, 0x00, 0x02, 0x00, 0, 0]);
        v.extend_from_slice(&[0x0A, 0x00, 0x00, 0x00]);
        v
    }

    /// A property set holding WPS's build property name (UTF-16LE, as WPS writes it).
    fn wps_props() -> Vec<u8> {
        let mut v = vec![0xFE, 0xFF, 0, 0, 6, 2, 0, 0];
        v.extend(
            "KSOProductBuildVer"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        v.extend_from_slice(&[0; 8]);
        v
    }

    fn current_user(token: u32) -> Vec<u8> {
        let mut v = vec![0, 0, 0xF6, 0x0F, 0x14, 0, 0, 0, 0x14, 0, 0, 0];
        v.extend_from_slice(&token.to_le_bytes());
        v.extend_from_slice(&[0; 16]);
        v
    }

    fn image(format: image::ImageFormat) -> Vec<u8> {
        let img =
            image::RgbImage::from_fn(8, 8, |x, y| image::Rgb([x as u8 * 30, y as u8 * 30, 90]));
        let mut out = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut out, format)
            .unwrap();
        out.into_inner()
    }

    fn pdf() -> Vec<u8> {
        use lopdf::{Dictionary, Object};
        let mut doc = lopdf::Document::with_version("1.7");
        let mut pages = Dictionary::new();
        pages.set("Type", Object::Name(b"Pages".to_vec()));
        pages.set("Kids", Object::Array(vec![]));
        pages.set("Count", Object::Integer(0));
        let pages = doc.add_object(pages);
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference(pages));
        let catalog = doc.add_object(catalog);
        doc.trailer.set("Root", Object::Reference(catalog));
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    fn truncated_zip() -> Vec<u8> {
        let full = docx();
        full[..full.len() / 2].to_vec()
    }

    #[test]
    fn generated_files_table() {
        use image::ImageFormat as I;
        let wps_doc = ole(
            &[
                ("/WordDocument", &fib(0)),
                ("/1Table", b"t"),
                ("/WpsCustomData", b"w"),
                ("/\u{5}DocumentSummaryInformation", &wps_props()),
            ],
            None,
        );
        let embedded_sheet_in_doc = ole(
            &[
                ("/WordDocument", &fib(0)),
                ("/ObjectPool/_1/Workbook", &biff(false)),
                ("/ObjectPool/_1/ETExtData", b"e"),
            ],
            None,
        );
        let cases: Vec<(&str, Vec<u8>, Format, &str)> = vec![
            ("empty", vec![], Format::Empty, "0 bytes"),
            ("pdf", pdf(), Format::Pdf, "magic %PDF-1.7"),
            ("docx", docx(), Format::Docx, "main part /word/document.xml"),
            ("xlsx", xlsx(), Format::Xlsx, "main part /xl/workbook.xml"),
            (
                "pptx",
                pptx(),
                Format::Pptx,
                "main part /ppt/presentation.xml",
            ),
            (
                "ooxml without content types entry for main",
                zip_of(&[
                    ("[Content_Types].xml", b"<Types/>"),
                    ("xl/workbook.xml", b"<workbook/>"),
                ]),
                Format::Xlsx,
                "part xl/workbook.xml",
            ),
            ("ofd", ofd(), Format::Ofd, "OFD.xml at root"),
            (
                "OFD.xml not at root",
                zip_of(&[("a/OFD.xml", b"x")]),
                Format::Zip,
                "1 entries",
            ),
            (
                "plain zip",
                zip_of(&[("东双河镇-04-建筑面积.pdf", b"%PDF-1.4")]),
                Format::Zip,
                "ZIP archive",
            ),
            ("empty zip", zip_of(&[]), Format::Zip, "empty archive"),
            (
                "truncated zip",
                truncated_zip(),
                Format::Zip,
                "central directory unreadable",
            ),
            (
                "doc",
                ole(&[("/WordDocument", &fib(0)), ("/0Table", b"t")], None),
                Format::Doc,
                "OLE2: WordDocument",
            ),
            (
                "wps-made doc",
                wps_doc.clone(),
                Format::Doc,
                "WpsCustomData",
            ),
            (
                "embedded workbook does not make a workbook",
                embedded_sheet_in_doc,
                Format::Doc,
                "OLE2: WordDocument",
            ),
            (
                "encrypted doc",
                ole(&[("/WordDocument", &fib(0x0100)), ("/1Table", b"t")], None),
                Format::EncryptedOffice,
                "fEncrypted",
            ),
            (
                "xls",
                ole(&[("/Workbook", &biff(false))], None),
                Format::Xls,
                "OLE2: Workbook",
            ),
            (
                "biff5 book",
                ole(&[("/Book", &biff(false))], None),
                Format::Xls,
                "OLE2: Book",
            ),
            (
                "wps-made xls",
                ole(&[("/Workbook", &biff(false)), ("/ETExtData", b"e")], None),
                Format::Xls,
                "ETExtData (saved by WPS Office)",
            ),
            (
                "encrypted xls",
                ole(&[("/Workbook", &biff(true))], None),
                Format::EncryptedOffice,
                "FILEPASS",
            ),
            (
                "ppt",
                ole(
                    &[
                        ("/PowerPoint Document", b"p"),
                        ("/Current User", &current_user(0xE391C05F)),
                    ],
                    None,
                ),
                Format::Ppt,
                "OLE2: PowerPoint Document",
            ),
            (
                "wps-made ppt",
                ole(
                    &[
                        ("/PowerPoint Document", b"p"),
                        ("/\u{5}DocumentSummaryInformation", &wps_props()),
                    ],
                    None,
                ),
                Format::Ppt,
                "KSOProductBuildVer",
            ),
            (
                "encrypted ppt",
                ole(
                    &[
                        ("/PowerPoint Document", b"p"),
                        ("/Current User", &current_user(0xF3D1C4DF)),
                    ],
                    None,
                ),
                Format::EncryptedOffice,
                "0xF3D1C4DF",
            ),
            (
                "works by clsid",
                ole(
                    &[("/CompObj", b"c")],
                    Some("0EA45AB2-9E0A-11D1-A407-00C04FB932BA"),
                ),
                Format::Works,
                "root CLSID",
            ),
            (
                "works by streams",
                ole(&[("/CONTENTS", b"c"), ("/SPELLING", b"s")], None),
                Format::Works,
                "CONTENTS + SPELLING",
            ),
            (
                "encrypted package",
                ole(
                    &[
                        ("/EncryptionInfo", b"i"),
                        ("/EncryptedPackage", b"p"),
                        ("/\u{6}DataSpaces/Version", b"v"),
                    ],
                    None,
                ),
                Format::EncryptedOffice,
                "EncryptionInfo + EncryptedPackage",
            ),
            (
                "embedded Word object only, nothing at root",
                ole(
                    &[
                        ("/MBD0001/WordDocument", &fib(0)),
                        ("/MBD0001/WpsCustomData", b"w"),
                    ],
                    None,
                ),
                Format::Ole2,
                "root: MBD0001",
            ),
            (
                "other ole2",
                ole(&[("/VisioDocument", b"v")], None),
                Format::Ole2,
                "VisioDocument",
            ),
            (
                "broken ole2",
                [&ole::MAGIC[..], &[0xFF; 600][..]].concat(),
                Format::Ole2,
                "could not be parsed",
            ),
            ("jpeg", image(I::Jpeg), Format::Jpeg, "FF D8 FF"),
            ("png", image(I::Png), Format::Png, "PNG"),
            ("gif", image(I::Gif), Format::Gif, "GIF89a"),
            ("bmp", image(I::Bmp), Format::Bmp, "BM"),
            ("tiff", image(I::Tiff), Format::Tiff, "TIFF"),
            ("webp", image(I::WebP), Format::Webp, "WEBP"),
            (
                "heic",
                b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\x08free".to_vec(),
                Format::Heic,
                "heic",
            ),
            (
                "ceb",
                b"Founder CEB\x02\x00\x00\x10\x00".to_vec(),
                Format::Ceb,
                "Founder CEB",
            ),
            ("caj", b"CAJ\0\x9a\x01\x00\x00".to_vec(), Format::Caj, "CAJ"),
            (
                "rar",
                b"Rar!\x1A\x07\x00\xCF\x90\x73\0\0".to_vec(),
                Format::Rar,
                "RAR",
            ),
            (
                "7z",
                b"7z\xBC\xAF\x27\x1C\x00\x04\0\0\0\0".to_vec(),
                Format::SevenZip,
                "7z",
            ),
            (
                "utf8 text",
                "单位,日期\n区发改委,2022-01-01\n".as_bytes().to_vec(),
                Format::Text,
                "UTF-8",
            ),
            (
                "gbk text",
                encoding_rs::GBK
                    .encode("佐证材料清单\r\n东双河镇\r\n")
                    .0
                    .into_owned(),
                Format::Text,
                "GB18030",
            ),
            (
                "garbage",
                (0..4096u32)
                    .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
                    .collect(),
                Format::Unknown,
                "no known signature",
            ),
        ];
        for (name, bytes, want, basis) in cases {
            let got = ident(&bytes);
            assert_eq!(got.format, want, "{name}: {}", got.basis);
            assert!(
                got.basis.contains(basis),
                "{name}: basis {:?} lacks {basis:?}",
                got.basis
            );
        }
    }

    #[test]
    fn wps_name_chooses_wps_format_only_for_wps_made_content() {
        let wps_doc = ole(
            &[("/WordDocument", &fib(0)), ("/WpsCustomData", b"w")],
            None,
        );
        let ms_doc = ole(&[("/WordDocument", &fib(0))], None);
        let wps_xls = ole(&[("/Workbook", &biff(false)), ("/ETExtData", b"e")], None);
        let wps_ppt = ole(
            &[
                ("/PowerPoint Document", b"p"),
                ("/\u{5}SummaryInformation", &wps_props()),
            ],
            None,
        );
        let cases: Vec<(&str, &[u8], &str, Format)> = vec![
            ("wps doc named .wps", &wps_doc, "报告.wps", Format::Wps),
            ("wps doc named .WPS", &wps_doc, "报告.WPS", Format::Wps),
            ("wps doc named .doc", &wps_doc, "报告.doc", Format::Doc),
            ("word doc named .wps", &ms_doc, "报告.wps", Format::Doc),
            ("wps xls named .et", &wps_xls, "表.et", Format::Et),
            ("wps xls named .xls", &wps_xls, "表.xls", Format::Xls),
            ("wps ppt named .dps", &wps_ppt, "演示.dps", Format::Dps),
            ("wps ppt named .wps", &wps_ppt, "演示.wps", Format::Ppt),
            ("no extension", &wps_doc, "报告", Format::Doc),
        ];
        for (name, bytes, file, want) in cases {
            let got = identify_named(&mut Cursor::new(bytes), bytes.len() as u64, file);
            assert_eq!(got.format, want, "{name}: {}", got.basis);
        }
        let named = identify_named(&mut Cursor::new(&wps_doc), wps_doc.len() as u64, "a.wps");
        assert!(
            named.basis.contains("WPS Office's own format"),
            "{}",
            named.basis
        );
    }

    #[test]
    fn hostile_content_types_is_capped() {
        // 8 MiB of whitespace before the Override: beyond the cap, so no main part is
        // found and the part-name fallback answers.
        let mut ct = vec![b' '; 8 << 20];
        ct.extend_from_slice(
            content_types(
                "/word/document.xml",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            )
            .as_bytes(),
        );
        let z = zip_of(&[("[Content_Types].xml", &ct), ("word/document.xml", b"x")]);
        let got = ident(&z);
        assert_eq!(got.format, Format::Docx);
        assert!(got.basis.contains("no main part"), "{}", got.basis);
    }

    #[test]
    fn declared_size_lies_are_harmless() {
        // A central directory declaring a 4 GiB [Content_Types].xml: reading stops at
        // the real data (or the cap) without allocating the declared size.
        let mut z = docx();
        let name = b"[Content_Types].xml";
        let cd = z
            .windows(4)
            .rposition(|w| w == b"PK\x01\x02")
            .map(|last| {
                // Find the central header of [Content_Types].xml (the first one).
                let first = z.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
                assert!(first <= last);
                first
            })
            .unwrap();
        assert_eq!(&z[cd + 46..cd + 46 + name.len()], name);
        z[cd + 24..cd + 28].copy_from_slice(&u32::MAX.to_le_bytes());
        let got = ident(&z);
        assert!(matches!(got.format, Format::Docx | Format::Zip), "{got:?}");
    }

    #[test]
    fn text_after_head_does_not_matter_and_long_text_is_text() {
        let mut t = "考评周期 2022年1月1日至2022年10月31日。\n"
            .repeat(1000)
            .into_bytes();
        assert_eq!(ident(&t).format, Format::Text);
        t.extend_from_slice(&[0, 1, 2, 3]);
        assert_eq!(ident(&t).format, Format::Text);
        assert_eq!(ident(b"\0\0\0\0").format, Format::Unknown);
    }

    #[test]
    fn read_errors_are_reported_not_panicked() {
        struct Failing;
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk gone"))
            }
        }
        impl Seek for Failing {
            fn seek(&mut self, _: SeekFrom) -> std::io::Result<u64> {
                Ok(0)
            }
        }
        let got = identify(&mut Failing, 100);
        assert_eq!(got.format, Format::Unknown);
        assert!(got.basis.contains("disk gone"), "{}", got.basis);
        // Declared non-empty but nothing there.
        let got = identify(&mut Cursor::new(Vec::new()), 10);
        assert_eq!(got.format, Format::Unknown);
    }

    #[test]
    fn extension_knowledge_comes_from_the_table() {
        for n in ["x.rar", "x.7Z", "x.tar", "x.tar.gz", "x.iso", "x.zipx"] {
            assert!(named_as_other_archive(n), "{n}");
        }
        for n in ["x.zip", "x.docx", "rar", "x.pdf"] {
            assert!(!named_as_other_archive(n), "{n}");
        }
        for e in ["pdf", "docx", "wps", "jpeg", "tiff", "csv", "heic", "7z"] {
            assert!(is_usual_extension(e), "{e}");
        }
        for e in ["jfif", "caj", "docm", "tsv", "nh", "x"] {
            assert!(!is_usual_extension(e), "{e}");
        }
        for f in Format::ALL {
            let all = f.extensions();
            assert!(all.starts_with(f.usual_extensions()), "{f:?}");
        }
    }

    #[test]
    fn every_format_id_round_trips() {
        for f in Format::ALL {
            assert_eq!(Format::from_id(f.id()), Some(f), "{f:?}");
            assert!(!f.display_name().is_empty());
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.id()), "{f:?}");
            assert_eq!(serde_json::from_str::<Format>(&json).unwrap(), f);
        }
        let mut ids: Vec<&str> = Format::ALL.iter().map(|f| f.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Format::ALL.len());
        assert_eq!(Format::from_id("nonsense"), None);
    }
}

#[cfg(test)]
mod robustness {
    //! Damaged inputs: byte flips and truncations of real-looking files must give an
    //! answer, never a panic.
    use super::*;
    use std::io::Cursor;

    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    fn seeds() -> Vec<Vec<u8>> {
        let mut out = vec![
            super::tests_support::ole_doc(),
            super::tests_support::docx(),
        ];
        let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/samples");
        for name in [
            "tika-wps-made.xls",
            "tika-msworks.wps",
            "ofdrw-helloworld.ofd",
        ] {
            if let Ok(b) = std::fs::read(samples.join(name)) {
                out.push(b);
            }
        }
        out
    }

    /// Rounds per seed file; `IDENTIFY_FUZZ_ROUNDS` raises it for a longer local run.
    fn rounds() -> usize {
        std::env::var("IDENTIFY_FUZZ_ROUNDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(150)
    }

    #[test]
    fn ole2_directory_cycles_end() {
        let base = super::tests_support::ole_doc();
        let root: Vec<u8> = "Root Entry"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let dir = base
            .windows(root.len())
            .position(|w| w == root.as_slice())
            .unwrap();
        // Point siblings and children of the first entries back at themselves and at
        // each other.
        for (entry, field, target) in [(1usize, 68usize, 1u32), (1, 72, 0), (2, 76, 2), (0, 76, 0)]
        {
            let mut b = base.clone();
            let at = dir + entry * 128 + field;
            b[at..at + 4].copy_from_slice(&target.to_le_bytes());
            let got = identify(&mut Cursor::new(&b), b.len() as u64);
            assert!(
                matches!(got.format, Format::Ole2 | Format::Doc),
                "{entry}/{field}: {got:?}"
            );
        }
    }

    #[test]
    fn damaged_files_never_panic() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for seed in seeds() {
            for round in 0..rounds() {
                let mut b = seed.clone();
                let flips = 1 + rng.below(16);
                for _ in 0..flips {
                    let i = rng.below(b.len());
                    b[i] = rng.next() as u8;
                }
                if round % 3 == 0 {
                    let keep = 8 + rng.below(b.len());
                    b.truncate(keep);
                }
                let got =
                    std::panic::catch_unwind(|| identify(&mut Cursor::new(&b), b.len() as u64));
                assert!(got.is_ok(), "panic on round {round} (len {})", b.len());
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests_support {
    //! Small generated files shared by tests in this module tree.
    use std::io::{Cursor, Write};

    /// A Word 97 OLE2 file: `WordDocument` + `1Table` streams.
    pub(crate) fn ole_doc() -> Vec<u8> {
        let mut comp = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        let mut fib = vec![0xEC, 0xA5, 0xC1, 0x00, 0, 0, 0x04, 0x08, 0, 0, 0, 0];
        fib.extend_from_slice(&[0; 500]);
        comp.create_stream("/WordDocument")
            .unwrap()
            .write_all(&fib)
            .unwrap();
        comp.create_stream("/1Table")
            .unwrap()
            .write_all(&[7; 5000])
            .unwrap();
        comp.create_storage("/ObjectPool").unwrap();
        comp.flush().unwrap();
        comp.into_inner().into_inner()
    }

    /// A minimal DOCX package.
    pub(crate) fn docx() -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        w.start_file("[Content_Types].xml", opts).unwrap();
        w.write_all(br#"<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
        w.start_file("word/document.xml", opts).unwrap();
        w.write_all(b"<w:document/>").unwrap();
        w.finish().unwrap().into_inner()
    }
}
