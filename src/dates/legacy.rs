//! Dates of legacy binary Office documents (Word `.doc`, WPS `.wps`): the body text of
//! these files is not read, but their summary properties (`\u{5}SummaryInformation`,
//! an OLE property set) usually say when the document was created and last saved.
//! Those dates are metadata: shown to the reviewer, never deciding.
//!
//! The property set is read from at most [`MAX_SUMMARY_BYTES`] of the stream; every
//! offset in it is checked against the bytes read. Times are `FILETIME` values (100 ns
//! ticks since 1601-01-01 UTC), turned into China Standard Time (UTC+8) dates.

use super::found::{DateFacts, DateSource, FoundDate};
use super::parse::DateKind;
use super::Date;
use std::io::{Cursor, Read};

/// Most bytes of the summary stream read.
pub const MAX_SUMMARY_BYTES: u64 = 256 * 1024;
/// Most properties looked at in one property set.
const MAX_PROPERTIES: usize = 1024;
/// Property ids of the creation and last-save times (`PIDSI_CREATE_DTM`,
/// `PIDSI_LASTSAVE_DTM`).
const CREATED: u32 = 0x0C;
const SAVED: u32 = 0x0D;
/// Property type `VT_FILETIME`.
const VT_FILETIME: u16 = 0x40;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        b.get(at..at.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        b.get(at..at.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// The civil date `days` days after 1970-01-01 (negative: before).
fn date_from_days(days: i64) -> Option<Date> {
    let (year, month, day) = crate::calendar::civil_from_days(days)?;
    Date::new(i32::try_from(year).ok()?, month as u8, day as u8)
}

/// The UTC+8 date of a `FILETIME`; `None` for 0 (unset) and for values outside
/// 1980..=2100 (garbage rather than a time).
fn filetime_date(ticks: u64) -> Option<Date> {
    const SECONDS_1601_TO_1970: i64 = 11_644_473_600;
    if ticks == 0 {
        return None;
    }
    let seconds = i64::try_from(ticks / 10_000_000).ok()? - SECONDS_1601_TO_1970 + 8 * 3600;
    let d = date_from_days(seconds.div_euclid(86_400))?;
    (1980..=2100).contains(&d.year).then_some(d)
}

/// The `FILETIME` properties `ids` of the first property set in `stream`, as
/// `(id, date)`.
fn property_times(stream: &[u8], ids: &[u32]) -> Vec<(u32, Date)> {
    let mut out = Vec::new();
    if u16_at(stream, 0) != Some(0xFFFE) {
        return out;
    }
    let Some(set) = u32_at(stream, 44).map(|o| o as usize) else {
        return out;
    };
    let Some(count) = u32_at(stream, set.saturating_add(4)) else {
        return out;
    };
    for i in 0..(count as usize).min(MAX_PROPERTIES) {
        let entry = set.saturating_add(8).saturating_add(i * 8);
        let (Some(id), Some(offset)) = (u32_at(stream, entry), u32_at(stream, entry + 4)) else {
            break;
        };
        if !ids.contains(&id) {
            continue;
        }
        let at = set.saturating_add(offset as usize);
        if u16_at(stream, at) != Some(VT_FILETIME) {
            continue;
        }
        let (Some(lo), Some(hi)) = (u32_at(stream, at + 4), u32_at(stream, at + 8)) else {
            continue;
        };
        if let Some(d) = filetime_date(u64::from(hi) << 32 | u64::from(lo)) {
            out.push((id, d));
        }
    }
    out
}

/// Adds the creation and last-save dates of a legacy Office file to `f.metadata`.
/// Returns whether the summary properties could be read.
pub fn summary_dates(data: &[u8], f: &mut DateFacts) -> bool {
    let Ok(mut comp) = cfb::CompoundFile::open(Cursor::new(data)) else {
        return false;
    };
    let Ok(stream) = comp.open_stream("\u{5}SummaryInformation") else {
        return false;
    };
    let mut bytes = Vec::new();
    if stream
        .take(MAX_SUMMARY_BYTES)
        .read_to_end(&mut bytes)
        .is_err()
    {
        return false;
    }
    for (id, date) in property_times(&bytes, &[CREATED, SAVED]) {
        let location = if id == CREATED {
            "文档属性 创建时间"
        } else {
            "文档属性 最后保存时间"
        };
        f.metadata.push(FoundDate {
            start: date,
            end: date,
            text: date.to_string(),
            location: location.into(),
            kind: DateKind::Day,
            source: DateSource::Text,
            background: false,
            role: Default::default(),
        });
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn filetime(y: i32, m: u8, d: u8, hour: u32) -> u64 {
        // Seconds from 1601-01-01 by counting days: independent of date_from_days.
        let mut days: i64 = 0;
        for year in 1601..y {
            days += if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
                366
            } else {
                365
            };
        }
        for month in 1..m {
            days += i64::from(super::super::days_in_month(y, month));
        }
        days += i64::from(d) - 1;
        ((days * 86_400 + i64::from(hour) * 3600) as u64) * 10_000_000
    }

    /// A summary property set holding `props` (id, FILETIME).
    fn summary(props: &[(u32, u64)]) -> Vec<u8> {
        let mut set = Vec::new();
        let header = 8 + 8 * props.len();
        set.extend_from_slice(&((header + 12 * props.len()) as u32).to_le_bytes());
        set.extend_from_slice(&(props.len() as u32).to_le_bytes());
        for (i, (id, _)) in props.iter().enumerate() {
            set.extend_from_slice(&id.to_le_bytes());
            set.extend_from_slice(&((header + 12 * i) as u32).to_le_bytes());
        }
        for (_, t) in props {
            set.extend_from_slice(&u32::from(VT_FILETIME).to_le_bytes());
            set.extend_from_slice(&t.to_le_bytes());
        }
        let mut s = vec![0xFE, 0xFF, 0, 0, 0x05, 0x01, 0x02, 0x00];
        s.extend_from_slice(&[0; 16]);
        s.extend_from_slice(&1u32.to_le_bytes());
        s.extend_from_slice(&[0xE0, 0x85, 0x9F, 0xF2, 0xF9, 0x4F, 0x68, 0x10]);
        s.extend_from_slice(&[0xAB, 0x91, 0x08, 0x00, 0x2B, 0x27, 0xB3, 0xD9]);
        s.extend_from_slice(&48u32.to_le_bytes());
        s.extend_from_slice(&set);
        s
    }

    fn compound(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut comp = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        for (name, bytes) in streams {
            comp.create_stream(name).unwrap().write_all(bytes).unwrap();
        }
        comp.flush().unwrap();
        comp.into_inner().into_inner()
    }

    #[test]
    fn days_to_dates() {
        for (days, want) in [
            (0, "1970-01-01"),
            (-1, "1969-12-31"),
            (59, "1970-03-01"),
            (11_016, "2000-02-29"),
            (19_056, "2022-03-05"),
            (19_296, "2022-10-31"),
        ] {
            assert_eq!(date_from_days(days).unwrap().to_string(), want, "{days}");
        }
    }

    #[test]
    fn filetimes_are_china_time_dates() {
        assert_eq!(
            filetime_date(filetime(2022, 3, 5, 10)).map(|d| d.to_string()),
            Some("2022-03-05".into())
        );
        // 20:00 UTC on 31 October is 1 November in China.
        assert_eq!(
            filetime_date(filetime(2022, 10, 31, 20)).map(|d| d.to_string()),
            Some("2022-11-01".into())
        );
        assert_eq!(filetime_date(0), None);
        assert_eq!(filetime_date(filetime(1601, 1, 2, 0)), None);
        assert_eq!(filetime_date(u64::MAX), None);
    }

    #[test]
    fn doc_summary_dates_are_metadata() {
        let data = compound(&[
            ("WordDocument", vec![0; 64]),
            (
                "\u{5}SummaryInformation",
                summary(&[
                    (2, 7),
                    (CREATED, filetime(2022, 3, 5, 1)),
                    (SAVED, filetime(2022, 6, 1, 2)),
                ]),
            ),
        ]);
        let mut f = DateFacts::default();
        assert!(summary_dates(&data, &mut f));
        let got: Vec<String> = f
            .metadata
            .iter()
            .map(|d| format!("{} {}", d.start, d.location))
            .collect();
        assert_eq!(
            got,
            vec![
                "2022-03-05 文档属性 创建时间",
                "2022-06-01 文档属性 最后保存时间"
            ]
        );
        assert!(f.found.is_empty());
    }

    #[test]
    fn damaged_property_sets_give_nothing() {
        let good = summary(&[(CREATED, filetime(2022, 3, 5, 1))]);
        assert_eq!(property_times(&good, &[CREATED]).len(), 1);
        for cut in 0..good.len() {
            let _ = property_times(&good[..cut], &[CREATED]);
        }
        let mut bad_offset = good.clone();
        bad_offset[44..48].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(property_times(&bad_offset, &[CREATED]).is_empty());
        let mut huge_count = good.clone();
        huge_count[52..56].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(property_times(&huge_count, &[CREATED]).len(), 1);
        let mut f = DateFacts::default();
        assert!(!summary_dates(b"not a compound file", &mut f));
        let no_summary = compound(&[("WordDocument", vec![0; 64])]);
        assert!(!summary_dates(&no_summary, &mut f));
        assert!(f.metadata.is_empty());
    }
}
