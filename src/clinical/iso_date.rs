//! Dates in the report as `YYYY-MM-DD`, written straight into the JSON string. chrono's own `Serialize` goes
//! through `Display` and the formatter one character at a time, which was the largest single cost of writing a
//! report (the command line writes tens of thousands a second). Use with `#[serde(serialize_with = "…")]`.

use chrono::{Datelike, NaiveDate};
use serde::ser::{SerializeSeq, Serializer};

/// The ISO form; dates are 1900–2100 here, so the year always has four digits.
fn iso(date: NaiveDate) -> [u8; 10] {
    let (y, m, d) = (date.year().clamp(0, 9999) as u32, date.month(), date.day());
    let digit = |n: u32| b'0' + (n % 10) as u8;
    [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(d / 10),
        digit(d),
    ]
}

/// The ISO form as a string (without chrono's formatter, which would cost page size).
pub fn iso_string(date: NaiveDate) -> String {
    iso(date).iter().map(|&b| char::from(b)).collect()
}

fn write<S: Serializer>(date: NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    let bytes = iso(date);
    // The bytes are ASCII digits and dashes.
    serializer.serialize_str(std::str::from_utf8(&bytes).unwrap_or("0000-00-00"))
}

pub fn one<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
    write(*date, serializer)
}

pub fn option<S: Serializer>(date: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => write(*d, serializer),
        None => serializer.serialize_none(),
    }
}

struct Iso(NaiveDate);

impl serde::Serialize for Iso {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        write(self.0, serializer)
    }
}

pub fn list<S: Serializer>(dates: &[NaiveDate], serializer: S) -> Result<S::Ok, S::Error> {
    let mut seq = serializer.serialize_seq(Some(dates.len()))?;
    for &d in dates {
        seq.serialize_element(&Iso(d))?;
    }
    seq.end()
}

pub fn pair<S: Serializer>(dates: &[NaiveDate; 2], serializer: S) -> Result<S::Ok, S::Error> {
    list(dates, serializer)
}

pub fn option_pair<S: Serializer>(dates: &Option<[NaiveDate; 2]>, serializer: S) -> Result<S::Ok, S::Error> {
    match dates {
        Some(d) => list(d, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_what_chrono_writes() {
        for text in ["1900-01-01", "2026-02-28", "2028-02-29", "2100-12-31", "2026-11-24"] {
            let date: NaiveDate = text.parse().unwrap();
            let mut out = Vec::new();
            one(&date, &mut serde_json::Serializer::new(&mut out)).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&date).unwrap());
        }
    }
}
