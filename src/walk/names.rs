//! Names met during a walk: decoding ZIP entry names (UTF-8, GBK/GB18030, CP437),
//! making them safe to show and to use as virtual path components, and telling junk
//! (`__MACOSX/`, `Thumbs.db`, `~$` lock files, …) from evidence.

use std::ffi::OsStr;

/// Decodes a ZIP entry name.
///
/// - pure ASCII: as is;
/// - the UTF-8 flag (bit 11) set and valid UTF-8: as is;
/// - otherwise valid UTF-8 is kept too (macOS Archive Utility writes UTF-8 without the
///   flag; a GBK name of Chinese characters is almost never valid UTF-8);
/// - otherwise GB18030 (a superset of GBK, what Chinese Windows, WinRAR and 7-Zip write),
///   without replacement characters;
/// - CP437 only when GB18030 fails.
pub fn decode_zip_name(raw: &[u8], utf8_flag: bool) -> String {
    if raw.is_ascii() {
        return String::from_utf8_lossy(raw).into_owned();
    }
    if let Ok(s) = std::str::from_utf8(raw) {
        return s.to_owned();
    }
    let _ = utf8_flag; // A flagged name that is not UTF-8 is decoded like an unflagged one.
    decode_legacy(raw)
}

/// GB18030 without replacement, CP437 when that fails.
fn decode_legacy(raw: &[u8]) -> String {
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(raw) {
        Some(s) => s.into_owned(),
        None => decode_cp437(raw),
    }
}

/// The upper half of code page 437 (0x80..=0xFF).
const CP437_HIGH: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', //
    'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', '¢', '£', '¥', '₧', 'ƒ', //
    'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', '⌐', '¬', '½', '¼', '¡', '«', '»', //
    '░', '▒', '▓', '│', '┤', '╡', '╢', '╖', '╕', '╣', '║', '╗', '╝', '╜', '╛', '┐', //
    '└', '┴', '┬', '├', '─', '┼', '╞', '╟', '╚', '╔', '╩', '╦', '╠', '═', '╬', '╧', //
    '╨', '╤', '╥', '╙', '╘', '╒', '╓', '╫', '╪', '┘', '┌', '█', '▄', '▌', '▐', '▀', //
    'α', 'ß', 'Γ', 'π', 'Σ', 'σ', 'µ', 'τ', 'Φ', 'Θ', 'Ω', 'δ', '∞', 'φ', 'ε', '∩', //
    '≡', '±', '≥', '≤', '⌠', '⌡', '÷', '≈', '°', '∙', '·', '√', 'ⁿ', '²', '■', '\u{a0}',
];

/// Decodes bytes as code page 437.
pub fn decode_cp437(raw: &[u8]) -> String {
    raw.iter()
        .map(|&b| {
            if b < 0x80 {
                char::from(b)
            } else {
                CP437_HIGH[usize::from(b - 0x80)]
            }
        })
        .collect()
}

/// A file name from the file system as text: UTF-8 when it is, else (bytes on Unix)
/// decoded like an unflagged ZIP name, so a GBK name copied onto Linux still reads right.
pub fn os_name(name: &OsStr) -> String {
    if let Some(s) = name.to_str() {
        return s.to_owned();
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        decode_legacy(name.as_bytes())
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}

/// A member name made safe: `/`-separated components, none empty, `.` or `..`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeName {
    pub components: Vec<String>,
    /// The name tried to leave the archive (`..`, absolute, drive letter).
    pub traversal: bool,
}

impl SafeName {
    pub fn joined(&self) -> String {
        self.components.join("/")
    }
}

/// Splits a decoded member name into safe components. Backslashes are separators
/// (old Windows tools write them); `..`, a leading `/` and a drive letter are dropped
/// and reported; control characters become `_`.
pub fn sanitize(name: &str) -> SafeName {
    let unified = name.replace('\\', "/");
    let mut traversal = unified.starts_with('/');
    let mut components = Vec::new();
    for (i, part) in unified.split('/').enumerate() {
        match part {
            "" | "." => {}
            ".." => traversal = true,
            p if i == 0 && is_drive(p) => traversal = true,
            p => components.push(
                p.chars()
                    .map(|c| if c.is_control() { '_' } else { c })
                    .collect(),
            ),
        }
    }
    SafeName {
        components,
        traversal,
    }
}

fn is_drive(p: &str) -> bool {
    let b = p.as_bytes();
    b.len() == 2 && b[0].is_ascii_alphabetic() && b[1] == b':'
}

/// Why a name is junk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Junk {
    /// `__MACOSX/`: resource forks added by macOS.
    MacOsx,
    /// `Thumbs.db`, `desktop.ini`, `.DS_Store`, `._*`, recycle bin and volume folders.
    System,
    /// `~$*`: an Office lock file left while a document was open.
    Lock,
}

/// Is a folder name junk (the whole subtree is)?
pub fn junk_dir(name: &str) -> Option<Junk> {
    let l = name.to_lowercase();
    if l == "__macosx" {
        return Some(Junk::MacOsx);
    }
    match l.as_str() {
        "$recycle.bin"
        | "system volume information"
        | ".trashes"
        | ".spotlight-v100"
        | ".fseventsd" => Some(Junk::System),
        _ => None,
    }
}

/// Is a file name junk?
pub fn junk_file(name: &str) -> Option<Junk> {
    let l = name.to_lowercase();
    if name.starts_with("~$") {
        return Some(Junk::Lock);
    }
    if matches!(
        l.as_str(),
        "thumbs.db" | "desktop.ini" | ".ds_store" | "ehthumbs.db"
    ) || name.starts_with("._")
    {
        return Some(Junk::System);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_names() {
        let cases: &[(&[u8], bool, &str)] = &[
            (b"plain/ascii.pdf", false, "plain/ascii.pdf"),
            ("中文.pdf".as_bytes(), true, "中文.pdf"),
            // UTF-8 without the flag (macOS Archive Utility).
            (
                "东双河镇-04-照片.zip".as_bytes(),
                false,
                "东双河镇-04-照片.zip",
            ),
            // GBK 中文
            (&[0xD6, 0xD0, 0xCE, 0xC4], false, "中文"),
            // GBK 审计 / with the flag wrongly set
            (&[0xC9, 0xF3, 0xBC, 0xC6, b'/'], true, "审计/"),
            // Not GB18030 (0x80 alone, 0xFF): CP437
            (&[b'a', 0x80, 0xFF], false, "aÇ\u{a0}"),
        ];
        for (raw, flag, want) in cases {
            assert_eq!(decode_zip_name(raw, *flag), *want, "{raw:x?}");
        }
    }

    #[test]
    fn cp437_matches_known_mojibake() {
        // What a CP437 decoder makes of GBK 审计压缩 (see the tika sample).
        assert_eq!(
            decode_cp437(&[0xC9, 0xF3, 0xBC, 0xC6, 0xD1, 0xB9]),
            "╔≤╝╞╤╣"
        );
    }

    #[test]
    fn sanitizes() {
        let cases: &[(&str, &str, bool)] = &[
            ("a/b/c.pdf", "a/b/c.pdf", false),
            ("a\\b\\c.pdf", "a/b/c.pdf", false),
            ("../../etc/passwd", "etc/passwd", true),
            ("/abs/x", "abs/x", true),
            ("C:\\Windows\\x.dll", "Windows/x.dll", true),
            ("a/./b//c", "a/b/c", false),
            ("a/../b", "a/b", true),
            ("bad\u{1}name", "bad_name", false),
            ("..", "", true),
        ];
        for (name, want, trav) in cases {
            let s = sanitize(name);
            assert_eq!(s.joined(), *want, "{name}");
            assert_eq!(s.traversal, *trav, "{name}");
        }
    }

    #[test]
    fn junk() {
        assert_eq!(junk_dir("__MACOSX"), Some(Junk::MacOsx));
        assert_eq!(junk_dir("04-照片"), None);
        assert_eq!(junk_file("Thumbs.db"), Some(Junk::System));
        assert_eq!(junk_file("desktop.ini"), Some(Junk::System));
        assert_eq!(junk_file(".DS_Store"), Some(Junk::System));
        assert_eq!(junk_file("~$东双河镇-04-建筑面积.docx"), Some(Junk::Lock));
        assert_eq!(junk_file("._photo.jpg"), Some(Junk::System));
        assert_eq!(junk_file("东双河镇-04-建筑面积.pdf"), None);
    }

    #[cfg(unix)]
    #[test]
    fn os_names_in_gbk() {
        use std::os::unix::ffi::OsStrExt;
        assert_eq!(
            os_name(OsStr::from_bytes(&[0xD6, 0xD0, 0xCE, 0xC4])),
            "中文"
        );
        assert_eq!(os_name(OsStr::new("东双河镇")), "东双河镇");
    }
}
