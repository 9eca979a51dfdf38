//! Calendar dates: the [`Date`] type used by the rules (assessment period) and by the
//! date extraction that tells which dates a piece of evidence belongs to.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date (proleptic Gregorian), ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, proleptic Gregorian (any `i32`; [`Date::packed`] holds only
    /// 0..=9999).
    pub year: i32,
    /// 1..=12 in a date made by [`Date::new`] or parsed.
    pub month: u8,
    /// 1..=the month's last day in a date made by [`Date::new`] or parsed.
    pub day: u8,
}

impl Date {
    /// A valid date, or `None` (month 13, 30 February, …).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The last day of `month` in `year`.
    pub fn last_of_month(year: i32, month: u8) -> Option<Date> {
        Date::new(year, month, days_in_month(year, month))
    }
}

pub use crate::calendar::days_in_month;

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Date {
    /// `YYYYMMDD` as one number (for compact interchange); `None` for years outside
    /// 0..=9999.
    pub fn packed(&self) -> Option<u32> {
        let y = u32::try_from(self.year).ok().filter(|y| *y <= 9999)?;
        Some(y * 10_000 + u32::from(self.month) * 100 + u32::from(self.day))
    }

    /// The date of a [`Date::packed`] number, when it is a valid date.
    pub fn from_packed(n: u32) -> Option<Date> {
        let y = i32::try_from(n / 10_000).ok()?;
        Date::new(y, ((n / 100) % 100) as u8, (n % 100) as u8)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Written without the formatting machinery: dates are serialized by the
        // thousand (record lists between processes, reports).
        match self.packed() {
            Some(n) => {
                let mut b = *b"0000-00-00";
                let digits = [
                    n / 10_000_000,
                    n / 1_000_000,
                    n / 100_000,
                    n / 10_000,
                    n / 1_000,
                    n / 100,
                    n / 10,
                    n,
                ];
                for (slot, d) in [0, 1, 2, 3, 5, 6, 8, 9].into_iter().zip(digits) {
                    b[slot] = b'0' + (d % 10) as u8;
                }
                s.serialize_str(std::str::from_utf8(&b).map_err(serde::ser::Error::custom)?)
            }
            None => s.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

impl std::str::FromStr for Date {
    type Err = String;
    /// Parses `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut it = s.trim().splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (it.next(), it.next(), it.next()) else {
            return Err(format!("not a date (YYYY-MM-DD): {s}"));
        };
        let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>()) else {
            return Err(format!("not a date (YYYY-MM-DD): {s}"));
        };
        Date::new(y, m, d).ok_or_else(|| format!("no such date: {s}"))
    }
}

/// An inclusive range of dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    /// The first day in the range.
    pub start: Date,
    /// The last day in the range (a range whose `end` is before its `start` holds no
    /// day).
    pub end: Date,
}

impl DateRange {
    /// Whether `d` is one of the range's days (both ends included).
    pub fn contains(&self, d: Date) -> bool {
        self.start <= d && d <= self.end
    }

    /// Whether two ranges share at least one day.
    pub fn overlaps(&self, other: &DateRange) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity() {
        assert!(Date::new(2022, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2022, 13, 1).is_none());
        assert_eq!(
            "2022-10-31".parse::<Date>().map(|d| d.to_string()),
            Ok("2022-10-31".into())
        );
        assert!("2022-11-31".parse::<Date>().is_err());
    }

    #[test]
    fn serialized_as_iso_text_and_read_back() {
        for (d, text) in [
            (Date::new(2022, 3, 5), "\"2022-03-05\""),
            (Date::new(1901, 12, 31), "\"1901-12-31\""),
            (Date::new(9999, 1, 1), "\"9999-01-01\""),
            (Date::new(12345, 1, 1), "\"12345-01-01\""),
        ] {
            let d = d.unwrap();
            assert_eq!(serde_json::to_string(&d).unwrap(), text);
            assert_eq!(serde_json::from_str::<Date>(text).unwrap(), d);
        }
        assert!(serde_json::from_str::<Date>("\"2022-02-30\"").is_err());
        assert!(serde_json::from_str::<Date>("20220305").is_err());
        assert_eq!(Date::new(2022, 3, 5).unwrap().packed(), Some(20220305));
        assert_eq!(Date::from_packed(20220305), Date::new(2022, 3, 5));
        assert_eq!(Date::from_packed(20221331), None);
        assert_eq!(Date::new(-5, 1, 1).unwrap().packed(), None);
    }
}

pub mod extract;
pub mod found;
mod legacy;
mod office;
pub mod parse;
pub mod pdf;
pub mod photo;
pub mod sheet;
pub mod word97;
pub use extract::extract;
pub use found::{DateFacts, FoundDate};
