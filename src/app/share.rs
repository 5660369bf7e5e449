//! The share link: the case, compressed into the URL fragment (`#case=…`). Browsers never send the fragment to a
//! server, so the patient's data stays between the two browsers.
//!
//! A link comes from outside, so reading one is bounded twice: the compressed data may be at most
//! `MAX_LINK_CHARS` long, and it is unpacked by `unpack`, which stops as soon as the text would pass
//! `MAX_CASE_BYTES` (lz-str's own decompressor has no limit: a short link could unpack to gigabytes).

use crate::clinical::case::Case;
use crate::clinical::errors::{ErrorCode, InputError};
use crate::clinical::parse::{parse_case, MAX_CASE_BYTES};
use crate::clinical::validate::lists_over_limits;

const PREFIX: &str = "case=";

/// The fragment of a calculator tab the clinic list opens (issue 25): `#open=<key>`, the key of a one-time entry in
/// the tab's sessionStorage (`handoff::hand_over`) that holds the case. The address, which the browser's
/// history keeps, then holds no patient data.
const OPEN_PREFIX: &str = "open=";

/// The fragment (without `#`) that hands over the case stored under `key`.
pub fn open_fragment(key: &str) -> String {
    format!("{OPEN_PREFIX}{key}")
}

/// Whether a fragment is the clinic list's hand-over: the tab was opened for that patient, so it is a new tab,
/// whatever sessionStorage it was given a copy of.
pub fn is_handoff(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with(OPEN_PREFIX)
}

/// Whether a fragment (with or without `#`) carries a case: a share link's.
pub fn carries_case(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with(PREFIX)
}

/// The longest compressed data a link may carry (characters after `#case=`). The largest case the list limits
/// allow — 200 injections, 100 DXA, fracture and history entries, every number with 17 digits, random dates, a
/// 200-character Chinese name: 38 KB of JSON — makes a link of about 18 600 characters
/// (tests/limits.rs, `the_largest_case_the_limits_allow_fits_in_a_link`); a typical case a few hundred.
pub const MAX_LINK_CHARS: usize = 64 * 1024;

/// `case` without the patient's name and ID: what a share link carries unless the user chooses to send them (a link
/// lands in the receiver's browser history; issue 25). Everything else is kept.
pub fn without_identity(case: &Case) -> Case {
    let mut case = case.clone();
    case.patient.name = None;
    case.patient.id = None;
    case
}

/// The fragment (without `#`) that carries `case`.
pub fn encode(case: &Case) -> String {
    let json = serde_json::to_string(case).unwrap_or_default();
    format!("{PREFIX}{}", lz_str::compress_to_encoded_uri_component(&json))
}

/// The case in a fragment (with or without `#`): `None` when the fragment carries no case, `Some(Err)` when it
/// carries one that cannot be read: a link too long (`out_of_range`), one that unpacks to more than a case may be
/// (`out_of_range`), a truncated or altered link (`malformed`), a document that is not a case or has unknown fields,
/// or a list over its limit (`out_of_range` at the list: 5 000 injections would fill the form with 5 000 rows).
/// Other wrong or missing values load, to be marked in the form, as the link of a case in progress has them.
///
/// `#open=<key>`: the case handed over by the clinic list, read and removed from this tab's storage, so that it is
/// read once; read as a link's data is.
pub fn decode(fragment: &str) -> Option<Result<Case, Vec<InputError>>> {
    let fragment = fragment.trim_start_matches('#');
    if let Some(key) = fragment.strip_prefix(OPEN_PREFIX) {
        return Some(match take_handed(key).as_deref().and_then(|d| d.strip_prefix(PREFIX)) {
            Some(data) => read(data),
            None => Err(vec![InputError::new(
                "",
                ErrorCode::Malformed,
                "the patient opened from the clinic list is no longer here (it is handed over once, to the tab the \
                 list opens); open the patient again from the list"
                    .to_string(),
            )]),
        });
    }
    let data = fragment.strip_prefix(PREFIX)?;
    Some(read(data))
}

#[cfg(target_arch = "wasm32")]
use handoff::take_handed;

/// Natively there is no browser storage: nothing was handed over.
#[cfg(not(target_arch = "wasm32"))]
fn take_handed(_key: &str) -> Option<String> {
    None
}

/// A case handed from the clinic list to the calculator tab it opens, through sessionStorage: the opener's is
/// copied into a tab `window.open` opens, and it is gone with the tabs.
#[cfg(target_arch = "wasm32")]
pub mod handoff {
    const HANDED_PREFIX: &str = "osteoplan-open-";

    fn session() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok().flatten()
    }

    /// Stores `data` (a `case=` fragment) under a new one-time key for the tab about to be opened; the key, or
    /// `None` without storage.
    pub fn hand_over(data: &str) -> Option<String> {
        let key: String = (0..4).map(|_| format!("{:04x}", (js_sys::Math::random() * 65536.0) as u32)).collect();
        session()?.set_item(&format!("{HANDED_PREFIX}{key}"), data).ok()?;
        Some(key)
    }

    /// Removes a handed case from the opener once the new tab has its copy.
    pub fn forget_handed(key: &str) {
        if let Some(store) = session() {
            let _ = store.remove_item(&format!("{HANDED_PREFIX}{key}"));
        }
    }

    /// The case handed over under `key`, removed as it is read (a reload or a copied address finds nothing).
    pub fn take_handed(key: &str) -> Option<String> {
        if key.is_empty() || key.len() > 32 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let store = session()?;
        let name = format!("{HANDED_PREFIX}{key}");
        let data = store.get_item(&name).ok().flatten();
        let _ = store.remove_item(&name);
        data
    }
}

fn read(data: &str) -> Result<Case, Vec<InputError>> {
    let error = |code, message: String| vec![InputError::new("", code, message)];
    if data.len() > MAX_LINK_CHARS {
        return Err(error(
            ErrorCode::OutOfRange,
            format!(
                "the link carries {} KB of compressed data, more than the {} KB a share link may carry",
                data.len().div_ceil(1024),
                MAX_LINK_CHARS / 1024
            ),
        ));
    }
    let damaged = |why: &str| error(ErrorCode::Malformed, format!("the link is damaged (cut short or altered): {why}"));
    let units = unpack(data, MAX_CASE_BYTES).map_err(|e| match e {
        Unpack::TooLarge => error(
            ErrorCode::OutOfRange,
            format!(
                "the link's case unpacks to more than {} KB of JSON, the most a case may be; unpacking stopped there",
                MAX_CASE_BYTES / 1024
            ),
        ),
        Unpack::Damaged(why) => damaged(why),
    })?;
    if units.is_empty() {
        return Err(damaged("it carries no case"));
    }
    let json = String::from_utf16(&units).map_err(|_| damaged("its text is not valid Unicode"))?;
    let parsed = parse_case(&json)?;
    if !parsed.unknown_fields.is_empty() {
        return Err(parsed.unknown_fields);
    }
    let too_long = lists_over_limits(&parsed.case);
    if !too_long.is_empty() {
        return Err(too_long);
    }
    Ok(parsed.case)
}

/// Why a link's data could not be unpacked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unpack {
    /// The text would be longer than the limit; unpacking stopped there.
    TooLarge,
    /// Not data that lz-string's compressor writes: it ends too early or holds a code that does not exist.
    Damaged(&'static str),
}

/// lz-string's `decompressFromEncodedURIComponent`, as lz-str 0.2.1 ports it (`decompress_internal` with 6 bits per
/// character; a space reads as `+` and characters outside the alphabet are skipped), giving the same UTF-16 text
/// for every input — but it stops with `TooLarge` as soon as the text would pass `max_units` UTF-16 units (a
/// case's UTF-8 is never shorter than its UTF-16, so `MAX_CASE_BYTES` units bound a case of `MAX_CASE_BYTES`).
///
/// The dictionary holds ranges of the text written so far instead of one vector per entry: every entry is a stretch
/// of the output (a new entry is the previous piece plus the first unit of the one after it, which follow each
/// other there). Each step writes at least one unit, so the work and the memory are linear in `max_units`.
pub fn unpack(data: &str, max_units: usize) -> Result<Vec<u16>, Unpack> {
    const U8_CODE: u32 = 0;
    const U16_CODE: u32 = 1;
    const CLOSE_CODE: u32 = 2;
    const CUT_SHORT: Unpack = Unpack::Damaged("its data ends before the case does");

    let values = data.bytes().filter_map(uri_value);
    let Some(mut bits) = Bits::new(values) else { return Ok(Vec::new()) };
    // Codes 0–2 are the control codes above; entries start at 3.
    let mut dictionary: Vec<(usize, usize)> = vec![(0, 0); 3];
    let first = match bits.read(2).ok_or(CUT_SHORT)? {
        code @ (U8_CODE | U16_CODE) => bits.read(8 + 8 * code).ok_or(CUT_SHORT)? as u16,
        CLOSE_CODE => return Ok(Vec::new()),
        _ => return Err(Unpack::Damaged("it starts with a code that does not exist")),
    };
    if max_units == 0 {
        return Err(Unpack::TooLarge);
    }
    let mut out = vec![first];
    dictionary.push((0, 1));
    // The piece written last, as a range of `out`.
    let mut w = (0, 1);
    let mut num_bits = 3;
    let mut enlarge_in: u64 = 4;
    loop {
        let mut code = bits.read(num_bits).ok_or(CUT_SHORT)?;
        let mut literal = None;
        match code {
            U8_CODE | U16_CODE => {
                literal = Some(bits.read(8 + 8 * code).ok_or(CUT_SHORT)? as u16);
                // The unit is written below, where this entry points.
                dictionary.push((out.len(), 1));
                code = (dictionary.len() - 1) as u32;
                enlarge_in -= 1;
            }
            CLOSE_CODE => return Ok(out),
            _ => {}
        }
        if enlarge_in == 0 {
            enlarge_in = 1 << num_bits;
            num_bits += 1;
        }
        let code = code as usize;
        let (from, len) = match dictionary.get(code) {
            Some(&entry) => entry,
            // The entry being defined: the last piece plus its own first unit.
            None if code == dictionary.len() => (w.0, w.1 + 1),
            None => return Err(Unpack::Damaged("it refers to a piece of text not yet written")),
        };
        let start = out.len();
        if start + len > max_units {
            return Err(Unpack::TooLarge);
        }
        match literal {
            Some(unit) => out.push(unit),
            None => {
                let end = (from + len).min(start);
                out.extend_from_within(from..end);
                // Only the entry being defined reaches past the text: it ends with its own first unit.
                if end < from + len {
                    out.push(out[from]);
                }
            }
        }
        // The last piece and the first unit of this one, which follows it in `out`.
        dictionary.push((w.0, w.1 + 1));
        enlarge_in -= 1;
        w = (start, len);
        if enlarge_in == 0 {
            enlarge_in = 1 << num_bits;
            num_bits += 1;
        }
        // Each step writes at least one unit, so `max_units` bounds the steps and the code width stays small.
        if num_bits > 31 {
            return Err(Unpack::TooLarge);
        }
    }
}

/// The 6-bit value of a character of lz-string's URI alphabet (`A–Z a–z 0–9 + - $`; a space is a `+` that a URL
/// decoder turned into a space). Other characters carry nothing.
fn uri_value(c: u8) -> Option<u16> {
    Some(u16::from(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' | b' ' => 62,
        b'-' => 63,
        b'$' => 64,
        _ => return None,
    }))
}

/// Reads the bits of 6-bit values, low value first, each value's high bit first (lz-str's `DecompressContext`,
/// including its end: reading the last bit of the last value fails, as the compressor always pads past the end).
struct Bits<I> {
    values: I,
    value: u16,
    position: u16,
}

impl<I: Iterator<Item = u16>> Bits<I> {
    const FIRST: u16 = 1 << 5;

    fn new(mut values: I) -> Option<Self> {
        Some(Bits { value: values.next()?, values, position: Self::FIRST })
    }

    fn bit(&mut self) -> Option<bool> {
        let set = self.value & self.position != 0;
        self.position >>= 1;
        if self.position == 0 {
            self.position = Self::FIRST;
            self.value = self.values.next()?;
        }
        Some(set)
    }

    /// `n` bits (at most 31), least significant first.
    fn read(&mut self, n: u32) -> Option<u32> {
        let mut value = 0;
        for i in 0..n {
            value |= u32::from(self.bit()?) << i;
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::case::{CaseDate, Patient, Sex};

    #[test]
    fn only_the_lists_hand_over_is_a_hand_over() {
        assert!(is_handoff(&format!("#{}", open_fragment("0a1b"))));
        assert!(is_handoff("open=0a1b"));
        assert!(!is_handoff(&format!("#{}", encode(&Case::default()))));
        assert!(!is_handoff("#result"));
        assert!(!is_handoff(""));
    }

    #[test]
    fn a_share_links_fragment_carries_a_case() {
        assert!(carries_case(&format!("#{}", encode(&Case::default()))));
        assert!(carries_case("case=AAAA"));
        assert!(!carries_case(&format!("#{}", open_fragment("0a1b"))));
        assert!(!carries_case("#result"));
        assert!(!carries_case(""));
    }

    #[test]
    fn a_case_round_trips_through_the_fragment() {
        let case = Case {
            assessed_on: Some(CaseDate("2026-11-22".into())),
            patient: Patient { name: Some("王芳 <b>".into()), sex: Some(Sex::Female), ..Patient::default() },
            ..Case::default()
        };
        let fragment = encode(&case);
        assert!(fragment.chars().all(|c| c.is_ascii_alphanumeric() || "=+-$_".contains(c)), "{fragment}");
        assert_eq!(decode(&format!("#{fragment}")), Some(Ok(case)));
    }

    #[test]
    fn other_fragments_carry_no_case_and_damaged_ones_are_errors() {
        assert_eq!(decode(""), None);
        assert_eq!(decode("#top"), None);
        assert!(matches!(decode("#case=%%%"), Some(Err(_))));
        let damaged = &encode(&Case::default())[..12];
        assert!(matches!(decode(damaged), Some(Err(_))));
    }

    #[test]
    fn a_link_without_name_and_id_restores_everything_else() {
        let case = Case {
            assessed_on: Some(CaseDate("2026-11-22".into())),
            patient: Patient {
                name: Some("Wang Fang".into()),
                id: Some("MRN-4711".into()),
                sex: Some(Sex::Female),
                age_years: Some(68),
                ..Patient::default()
            },
            ..Case::default()
        };
        let fragment = encode(&without_identity(&case));
        let json = String::from_utf16(&unpack(&fragment["case=".len()..], MAX_CASE_BYTES).unwrap()).unwrap();
        assert!(!json.contains("Wang") && !json.contains("MRN-4711"), "{json}");
        let restored = decode(&fragment).unwrap().unwrap();
        assert_eq!((restored.patient.name.as_deref(), restored.patient.id.as_deref()), (None, None));
        let expected = Case { patient: Patient { name: None, id: None, ..case.patient.clone() }, ..case };
        assert_eq!(restored, expected);
    }

    #[test]
    fn an_open_fragment_carries_only_a_key_and_without_its_stored_case_says_so() {
        let fragment = open_fragment("0123456789abcdef");
        assert_eq!(fragment, "open=0123456789abcdef");
        // No browser storage natively: the case is not there, as after a reload of the calculator's tab.
        match decode(&format!("#{fragment}")) {
            Some(Err(errors)) => assert!(errors[0].message.contains("no longer here"), "{errors:?}"),
            other => panic!("{other:?}"),
        }
    }
}
