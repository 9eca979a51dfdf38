//! The calendar: days since 1970-01-01 to a civil date and back, in the proleptic
//! Gregorian calendar, and the length of a month. One place for the arithmetic that
//! file times (`dates::legacy`), report times (`output`) and day counts
//! (`checks::haocha`) all need. A ground-floor module: it imports nothing of the crate.
//!
//! Days are counted from 0000-03-01 in 400-year cycles of 146 097 days, so that the
//! leap day falls at the end of each counted year.

/// Days from 0000-03-01 to 1970-01-01.
const EPOCH_SHIFT: i64 = 719_468;
/// Days in a 400-year cycle.
const CYCLE: i64 = 146_097;

/// Days since 1970-01-01 (negative: before) → (year, month 1–12, day 1–31); `None`
/// when the count is so large the arithmetic would overflow.
pub fn civil_from_days(days: i64) -> Option<(i64, u32, u32)> {
    let z = days.checked_add(EPOCH_SHIFT)?;
    let cycle = z.div_euclid(CYCLE);
    let day_of_cycle = z.rem_euclid(CYCLE);
    let year_of_cycle =
        (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36_524 - day_of_cycle / 146_096) / 365;
    let day_of_year =
        day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = cycle
        .checked_mul(400)?
        .checked_add(year_of_cycle + i64::from(month <= 2))?;
    Some((year, month as u32, day as u32))
}

/// (year, month 1–12, day) → days since 1970-01-01 (the inverse of
/// [`civil_from_days`] for valid dates).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = year - i64::from(month <= 2);
    let cycle = y.div_euclid(400);
    let year_of_cycle = y.rem_euclid(400);
    let month_from_march = (m + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + d - 1;
    let day_of_cycle = year_of_cycle * 365 + year_of_cycle / 4 - year_of_cycle / 100 + day_of_year;
    cycle * CYCLE + day_of_cycle - EPOCH_SHIFT
}

/// Whether `year` has a 29 February.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in a month (0 for a month out of range).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_days() {
        for (days, want) in [
            (0, (1970, 1, 1)),
            (-1, (1969, 12, 31)),
            (11_016, (2000, 2, 29)),
            (19_417, (2023, 3, 1)),
            (-719_468, (0, 3, 1)),
            (2_932_896, (9999, 12, 31)),
        ] {
            assert_eq!(civil_from_days(days), Some(want), "{days}");
            assert_eq!(days_from_civil(want.0, want.1, want.2), days, "{want:?}");
        }
        assert_eq!(civil_from_days(i64::MAX), None);
    }

    #[test]
    fn every_day_of_four_centuries_goes_there_and_back() {
        let mut prev: Option<(i64, u32, u32)> = None;
        for days in -150_000..150_000i64 {
            let (y, m, d) = civil_from_days(days).unwrap();
            assert_eq!(days_from_civil(y, m, d), days);
            assert!(d >= 1 && u32::from(days_in_month(y as i32, m as u8)) >= d);
            if let Some((py, pm, pd)) = prev {
                // The next day: one more in the month, else the 1st of the next month.
                let next = if pd < u32::from(days_in_month(py as i32, pm as u8)) {
                    (py, pm, pd + 1)
                } else if pm < 12 {
                    (py, pm + 1, 1)
                } else {
                    (py + 1, 1, 1)
                };
                assert_eq!((y, m, d), next);
            }
            prev = Some((y, m, d));
        }
    }

    #[test]
    fn month_lengths() {
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(2023, 4), 30);
        assert_eq!(days_in_month(2023, 13), 0);
    }
}
