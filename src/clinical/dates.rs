//! Calendar arithmetic for the rules. Months are calendar months clamped to the month's end
//! (31 Aug + 6 months = 28/29 Feb); results saturate instead of failing (dates are 1900–2100 anyway).

use chrono::{Days, Months, NaiveDate};

pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

pub fn sub_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN)
}

pub fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(NaiveDate::MAX)
}

pub fn sub_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).unwrap_or(NaiveDate::MIN)
}

/// Whole calendar months from `from` to `to` (0 when `to` is earlier).
pub fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut months = 0;
    while months < 2400 && add_months(from, months + 1) <= to {
        months += 1;
    }
    months
}

/// "Within the last N months": on or after `today` minus N calendar months (clinical-rules §2).
pub fn within_months(date: Option<NaiveDate>, today: NaiveDate, months: u32) -> bool {
    date.is_some_and(|d| d >= sub_months(today, months))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn months_clamp_to_the_end_of_the_month() {
        assert_eq!(add_months(d("2025-08-31"), 6), d("2026-02-28"));
        assert_eq!(add_months(d("2023-08-31"), 6), d("2024-02-29"));
        assert_eq!(add_months(d("2026-05-31"), 6), d("2026-11-30"));
        assert_eq!(sub_months(d("2026-03-31"), 1), d("2026-02-28"));
    }

    #[test]
    fn within_months_includes_the_first_day() {
        let today = d("2026-11-22");
        assert!(within_months(Some(d("2024-11-22")), today, 24));
        assert!(!within_months(Some(d("2024-11-21")), today, 24));
        assert!(!within_months(None, today, 24));
    }
}
