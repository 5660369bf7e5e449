//! Reading a plain decimal ("2.5", "-2.8", ".5") without linking Rust's own float parser.

/// A plain decimal as people type it ("2.", ".5", "+1", "007"; no exponent), read by the JSON number parser that the app ships
/// anyway. Why not `str::parse::<f64>`: it links a second float parser with large tables — measured at 14.1 KB
/// gzip of the release page, which would leave under 1 KB of the 320 KB budget (issue 14); the clinic list's CSV reader uses it for the same reason. For plain decimals of up
/// to 14 digits the JSON parser is exact too; a proptest checks both give the same value.
pub fn read_decimal(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) || (whole.is_empty() && fraction.is_empty()) {
        return None;
    }
    // JSON wants no leading zeros and a digit after the point; people type both ways.
    let whole = whole.trim_start_matches('0');
    let mut json = String::from(if negative { "-" } else { "" });
    json.push_str(if whole.is_empty() { "0" } else { whole });
    if !fraction.is_empty() {
        json.push('.');
        json.push_str(fraction);
    }
    serde_json::from_str(&json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Plain decimals read exactly as Rust's own float parser reads them.
        #[test]
        fn typed_decimals_read_like_rusts_parser(text in "[-+]?[0-9]{0,7}[.]?[0-9]{0,7}") {
            let rusts = text.parse::<f64>().ok();
            proptest::prop_assert_eq!(read_decimal(&text).map(f64::to_bits), rusts.map(f64::to_bits), "{:?}", text);
        }

        /// Anything else typed is either refused or read as Rust would read it.
        #[test]
        fn other_text_is_refused_or_read_the_same(text in "[-+0-9.eE ,x]{0,8}") {
            if let Some(ours) = read_decimal(&text) {
                proptest::prop_assert_eq!(Some(ours.to_bits()), text.parse::<f64>().ok().map(f64::to_bits), "{:?}", text);
            }
        }
    }

    #[test]
    fn typed_decimals_people_write() {
        for (text, value) in
            [("2.", 2.0), (".5", 0.5), ("-.5", -0.5), ("+1", 1.0), ("007", 7.0), ("-2.75", -2.75), ("0.812", 0.812)]
        {
            assert_eq!(read_decimal(text), Some(value), "{text}");
        }
        for text in ["", ".", "e5", "1e5", "1,5", "--1", "+-1", "1.2.3", "abc", "0x10", "inf", "NaN"] {
            assert_eq!(read_decimal(text), None, "{text}");
        }
    }
}
