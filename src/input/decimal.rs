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

/// A number as DXA reports and keyboards write it: a true minus sign (`−3.1`, U+2212) or a dash (`–`, `—`),
/// full-width digits and signs (Chinese input methods), and a comma as the decimal mark (`-3,1`) when there is
/// no point. Everything else as `read_decimal`.
pub fn read_number(text: &str) -> Option<f64> {
    read_decimal(&plain_number(text))
}

/// `text` with its signs, digits and decimal mark written the plain ASCII way (`−3,1` → `-3.1`); what
/// `read_number` reads, and what a field shows once its user has left it.
pub fn plain_number(text: &str) -> String {
    let mut out: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '\u{2212}' | '\u{2013}' | '\u{2014}' | '\u{FF0D}' | '\u{FE63}' => '-',
            '\u{FF0B}' => '+',
            '\u{FF0E}' => '.',
            '\u{FF0C}' => ',',
            '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (c as u32 - 0xFF10) as u8),
            _ => c,
        })
        .collect();
    if !out.contains('.') && out.matches(',').count() == 1 {
        out = out.replace(',', ".");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_dxa_reports_and_keyboards_write_them() {
        for (text, value) in [
            ("\u{2212}3.1", -3.1),
            ("\u{2212}3,1", -3.1),
            ("-3,1", -3.1),
            ("\u{2013}2.5", -2.5),
            ("－２．５", -2.5),
            (" 0,812 ", 0.812),
            ("72", 72.0),
        ] {
            assert_eq!(read_number(text), Some(value), "{text}");
        }
        for text in ["1,000.5", "1,2,3", "3.1.", "\u{2212}", "−−3"] {
            assert_eq!(read_number(text), None, "{text}");
        }
        assert_eq!(plain_number("\u{2212}3,1"), "-3.1");
    }

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
