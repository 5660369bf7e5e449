//! Numbers written with a fixed count of decimals, by integer arithmetic. Why not `format!("{x:.1}")`: core's
//! float formatter (Grisu and Dragon with their tables) is the only user of that code in the page and costs it
//! several KB gzip; and this rounds half away from zero like the report (clinical-rules.md §2), so a shown value
//! never disagrees with the verdict made from it.

use crate::clinical::round::round_to;

/// `x` with exactly `places` decimals ("-2.50", "0.812", "3"); no "-0".
pub fn fixed(x: f64, places: u32) -> String {
    let scale = 10i64.pow(places);
    let scaled = (round_to(x, places as i32) * scale as f64).round() as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let (whole, fraction) = (scaled.unsigned_abs() / scale as u64, scaled.unsigned_abs() % scale as u64);
    if places == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction:0width$}", width = places as usize)
    }
}

/// `x` with at most `places` decimals and no trailing zeros ("12.5", "30", "-2.4").
pub fn trimmed(x: f64, places: u32) -> String {
    let text = fixed(x, places);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_decimals_round_half_away_from_zero() {
        for (x, places, text) in [
            (-2.5, 2, "-2.50"),
            (0.812, 3, "0.812"),
            (0.25, 1, "0.3"),
            (-3.05, 1, "-3.1"),
            (49.305, 2, "49.31"),
            (-0.04, 1, "0.0"),
            (2.999, 2, "3.00"),
            (72.0, 0, "72"),
            (1234.5678, 3, "1234.568"),
        ] {
            assert_eq!(fixed(x, places), text, "{x} to {places}");
        }
        assert_eq!(trimmed(12.50, 2), "12.5");
        assert_eq!(trimmed(30.0, 1), "30");
        assert_eq!(trimmed(-0.001, 2), "0");
    }

    proptest::proptest! {
        /// Away from ties, the same text as Rust's own formatter.
        #[test]
        fn same_as_rusts_formatter_away_from_ties(n in -10_000_000i64..10_000_000, places in 0u32..4) {
            let x = n as f64 / 1000.0 + 0.000_123;
            let rusts = format!("{x:.p$}", p = places as usize);
            // Rust writes "-0.00"; a clinician reads "0.00".
            proptest::prop_assume!(!rusts.starts_with('-') || rusts.bytes().any(|b| (b'1'..=b'9').contains(&b)));
            proptest::prop_assert_eq!(fixed(x, places), rusts);
        }
    }
}
