//! A cache of content findings between runs, for nightly runs over a shared drive
//! where little changes from one night to the next.
//!
//! Reading a file's content (dates, seals) is the expensive part of a check. Its result
//! depends only on the file's bytes and on what was asked, so it is kept in
//! `OUT/.evcheck-cache.json` under a key made of: for a file on disk, its absolute path,
//! size and modification time (the file is not read again when they are unchanged); for
//! an archive member, the same of its ZIP file plus the member's place, CRC-32 and sizes
//! from the central directory (nothing is inflated to make the key); and in both cases
//! the request (format, what
//! was looked for, the seal bounds). Entries written by another version of evcheck, or in
//! another layout, are ignored. Only entries used by the current run are saved, so files that disappear
//! leave the cache. Names, formats, sizes and counts are always checked afresh.

use crate::isolate::{Request, Response};
use crate::walk::MemberAddr;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;
use std::time::SystemTime;

/// The cache file's name inside the output folder.
pub const FILE_NAME: &str = ".evcheck-cache.json";

/// The version of evcheck and of the cache's layout: entries stored under another
/// one are ignored (raise the number after `/` when [`Response`] changes shape).
const FORMAT: &str = concat!(env!("CARGO_PKG_VERSION"), "/4");

#[derive(Serialize, Deserialize)]
struct Stored {
    version: String,
    entries: BTreeMap<String, Response>,
}

/// Findings of earlier runs, and the ones this run uses.
#[derive(Default)]
pub struct Cache {
    old: HashMap<String, Response>,
    used: Mutex<BTreeMap<String, Response>>,
}

impl Cache {
    /// Loads the cache file; a missing, damaged or foreign file gives an empty cache.
    pub fn load(path: &Path) -> Cache {
        let old = std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Stored>(&b).ok())
            .filter(|s| s.version == FORMAT)
            .map(|s| s.entries.into_iter().collect())
            .unwrap_or_default();
        Cache {
            old,
            used: Mutex::new(BTreeMap::new()),
        }
    }

    /// The key of a file on disk.
    pub fn key_disk(
        path: &Path,
        len: u64,
        modified: Option<SystemTime>,
        req: &Request,
    ) -> Option<String> {
        let modified = modified?.duration_since(SystemTime::UNIX_EPOCH).ok()?;
        let abs = std::fs::canonicalize(path).ok()?;
        Some(format!(
            "disk:{}:{len}:{}.{:09}:{}",
            abs.display(),
            modified.as_secs(),
            modified.subsec_nanos(),
            request_key(req)
        ))
    }

    /// The key of an archive member, read from the walk alone (nothing inflated): its
    /// ZIP file's absolute path, size and modification time, the member's place in it,
    /// and its CRC-32 and sizes from the central directory.
    pub fn key_member(addr: &MemberAddr, req: &Request) -> Option<String> {
        let modified = addr
            .zip_modified?
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?;
        let abs = std::fs::canonicalize(&addr.zip).ok()?;
        let steps: Vec<String> = addr.steps.iter().map(|s| s.index.to_string()).collect();
        Some(format!(
            "zip:{}:{}:{}.{:09}:{}:{:08x}:{}:{}:{}",
            abs.display(),
            addr.zip_len,
            modified.as_secs(),
            modified.subsec_nanos(),
            steps.join("/"),
            addr.crc32,
            addr.size,
            addr.compressed,
            request_key(req)
        ))
    }

    /// A finding of an earlier run (or of this one), if any.
    pub fn get(&self, key: &str) -> Option<Response> {
        let mut used = self.used.lock().ok()?;
        if let Some(r) = used.get(key) {
            return Some(r.clone());
        }
        let r = self.old.get(key)?.clone();
        used.insert(key.to_owned(), r.clone());
        Some(r)
    }

    /// Records a finding of this run.
    pub fn put(&self, key: String, resp: &Response) {
        if resp.panic.is_some() {
            return;
        }
        if let Ok(mut used) = self.used.lock() {
            used.insert(key, resp.clone());
        }
    }

    /// How many findings came from earlier runs.
    pub fn reused(&self) -> usize {
        self.used
            .lock()
            .map(|u| u.keys().filter(|k| self.old.contains_key(*k)).count())
            .unwrap_or(0)
    }

    /// Saves the findings this run used (atomically).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let entries = self.used.lock().map(|u| u.clone()).unwrap_or_default();
        let stored = Stored {
            version: FORMAT.to_owned(),
            entries,
        };
        let bytes = serde_json::to_vec(&stored).map_err(std::io::Error::other)?;
        crate::atomic::write_atomic(path, &bytes)
    }
}

fn request_key(r: &Request) -> String {
    format!(
        "{}:{}:{}:{}:{}:{}:{}:{}:{}:{}",
        r.format.id(),
        r.name,
        r.dates,
        r.seal,
        r.seal_max_pixels,
        r.seal_max_images,
        r.seal_max_pages,
        r.seal_shapes
            .iter()
            .map(|s| s.id())
            .collect::<Vec<_>>()
            .join("+"),
        r.open,
        r.through
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req() -> Request {
        Request {
            format: crate::identify::Format::Pdf,
            name: "a.pdf".into(),
            dates: true,
            seal: false,
            seal_max_pixels: 1,
            seal_max_images: 1,
            seal_max_pages: 1,
            seal_shapes: Vec::new(),
            open: false,
            through: false,
            len: 0,
            source: None,
        }
    }

    fn addr(zip: &Path, crc32: u32) -> MemberAddr {
        MemberAddr {
            zip: zip.to_owned(),
            zip_len: 100,
            zip_modified: Some(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1)),
            steps: vec![crate::walk::Step { index: 3, cap: 10 }],
            crc32,
            size: 10,
            compressed: 8,
            stored: false,
            archive: "a.zip".into(),
        }
    }

    #[test]
    fn round_trip_keeps_only_used_entries_and_ignores_other_versions() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join(FILE_NAME);
        let c = Cache::load(&p);
        let k1 = Cache::key_member(&addr(d.path(), 1), &req()).unwrap();
        let k2 = Cache::key_member(&addr(d.path(), 2), &req()).unwrap();
        assert_ne!(k1, k2);
        c.put(k1.clone(), &Response::default());
        c.put(k2.clone(), &Response::default());
        c.save(&p).unwrap();
        let c = Cache::load(&p);
        assert!(c.get(&k1).is_some());
        assert_eq!(c.reused(), 1);
        c.save(&p).unwrap();
        let c = Cache::load(&p);
        assert!(c.get(&k2).is_none(), "unused entries are dropped");
        std::fs::write(&p, br#"{"version":"0.0.0-other","entries":{}}"#).unwrap();
        assert!(Cache::load(&p).old.is_empty());
        std::fs::write(&p, b"garbage").unwrap();
        assert!(Cache::load(&p).old.is_empty());
    }

    #[test]
    fn a_changed_request_is_another_key() {
        let d = tempfile::tempdir().unwrap();
        let mut r = req();
        let a = Cache::key_member(&addr(d.path(), 1), &r).unwrap();
        r.seal = true;
        assert_ne!(a, Cache::key_member(&addr(d.path(), 1), &r).unwrap());
    }

    #[test]
    fn a_member_key_changes_with_its_zip_and_its_directory_entry() {
        let d = tempfile::tempdir().unwrap();
        let base = addr(d.path(), 1);
        let key = |a: &MemberAddr| Cache::key_member(a, &req()).unwrap();
        let k = key(&base);
        assert_eq!(k, key(&base.clone()));
        let mut other = base.clone();
        other.zip_modified = Some(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(2));
        assert_ne!(k, key(&other));
        let mut other = base.clone();
        other.zip_len = 101;
        assert_ne!(k, key(&other));
        let mut other = base.clone();
        other.crc32 = 2;
        assert_ne!(k, key(&other));
        let mut other = base.clone();
        other.steps[0].index = 4;
        assert_ne!(k, key(&other));
        let mut other = base.clone();
        other.compressed = 9;
        assert_ne!(k, key(&other));
        let mut other = base;
        other.zip_modified = None;
        assert!(Cache::key_member(&other, &req()).is_none());
    }

    #[test]
    fn crashed_readers_are_not_cached() {
        let c = Cache::default();
        let r = Response {
            panic: Some("boom".into()),
            ..Response::default()
        };
        c.put("k".into(), &r);
        assert!(c.get("k").is_none());
    }
}
