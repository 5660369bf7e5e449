//! Case text → `Case`, with errors in the spec's vocabulary.
//!
//! serde stops at its first error. An unknown field does not make the rest unreadable, so it is recorded, removed
//! and parsing goes on, to report every unknown field together with every value error. Anything else serde rejects
//! (not JSON, a wrong JSON type, an unknown enum value) stops there, as the spec allows for a malformed document.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::case::Case;
use super::errors::{ErrorCode, InputError};

/// A readable case, and the unknown fields that were dropped to read it (each an error to report).
#[derive(Debug)]
pub struct Parsed {
    pub case: Case,
    pub unknown_fields: Vec<InputError>,
}

/// The largest case document read (bytes of JSON): a real case is a few KB even with 200 injections. Every
/// entry point (command line, browser API, import, share link) refuses a larger one before parsing it.
pub const MAX_CASE_BYTES: usize = 256 * 1024;

/// Parses a case document. `Err` means it could not be read at all; `validate` finds the value errors.
pub fn parse_case(text: &str) -> Result<Parsed, Vec<InputError>> {
    if text.len() > MAX_CASE_BYTES {
        let message = format!("the case is larger than {} KB of JSON, the most a case may be", MAX_CASE_BYTES / 1024);
        return Err(vec![InputError::new("", ErrorCode::OutOfRange, message)]);
    }
    // Fast path: a well-formed case straight from the text, without building a JSON tree or tracking paths. serde
    // also reads a struct from a positional array (`["osteoplan-case/2", …]`), which the format does not allow:
    // a text with an array anywhere but a list takes the slow path, which names it.
    if let Ok(case) = serde_json::from_str::<Case>(text) {
        if arrays_only_for_lists(text) {
            return Ok(Parsed { case, unknown_fields: Vec::new() });
        }
    }
    // serde_json keeps the last of two equal keys in a tree; read from the text, a case rejects them.
    if let Some((path, field)) = first_repeated_key(text) {
        return Err(vec![InputError::new(path, ErrorCode::Duplicate, format!("field `{field}` appears twice"))]);
    }
    let mut doc: Value = serde_json::from_str(text)
        .map_err(|e| vec![InputError::new("", ErrorCode::Malformed, format!("not a JSON document: {e}"))])?;
    if let Some(kind) = not_an_object(&doc) {
        let message = format!("the case must be a JSON object, not {kind}");
        return Err(vec![InputError::new("", ErrorCode::Malformed, message)]);
    }
    // One pass over the tree removes every unknown field (each reported at its path) and finds every value that
    // should be an object and is not, so the loop below reads the document once more at most: linear in its size,
    // however many unknown fields it has.
    let mut unknown_fields = Vec::new();
    if !strip_unknown(&mut doc, Shape::Case, "", &mut unknown_fields) {
        return Err(unknown_fields);
    }
    loop {
        // Read from compact text so that serde's error column points into `text`, and `path_at` names the field.
        let text = doc.to_string();
        let err = match serde_json::from_str::<Case>(&text) {
            Ok(case) => return Ok(Parsed { case, unknown_fields }),
            Err(err) => err,
        };
        let path = path_at(&text, err.column());
        let message = strip_position(&err.to_string());
        if let Some(field) = name_in(&message, "unknown field `") {
            let parent = path.strip_suffix(field).map(|p| p.trim_end_matches('.')).unwrap_or("");
            if remove_field(&mut doc, parent, field) {
                unknown_fields.push(InputError::new(path, ErrorCode::UnknownField, format!("unknown field `{field}`")));
                continue;
            }
        }
        let code = if message.starts_with("unknown variant") { ErrorCode::UnknownValue } else { ErrorCode::Malformed };
        unknown_fields.push(InputError::new(path, code, message));
        return Err(unknown_fields);
    }
}

/// The objects of a case, each with the fields its serde derive accepts.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    Case,
    Patient,
    Dxa,
    Reference,
    Fracture,
    Frax,
    Glucocorticoids,
    Labs,
    Conditions,
    Period,
    Denosumab,
    PreviousDxa,
    Lsc,
    Btm,
    BtmReference,
}

impl Shape {
    /// The field names, from the type's own `Deserialize` (one source of truth: a field added to a struct is known
    /// here at once).
    fn fields(self) -> &'static [&'static str] {
        use super::case::*;
        match self {
            Shape::Case => fields_of::<Case>(),
            Shape::Patient => fields_of::<Patient>(),
            Shape::Dxa => fields_of::<DxaEntry>(),
            Shape::Reference => fields_of::<BmdReference>(),
            Shape::Fracture => fields_of::<Fracture>(),
            Shape::Frax => fields_of::<Frax>(),
            Shape::Glucocorticoids => fields_of::<Glucocorticoids>(),
            Shape::Labs => fields_of::<Labs>(),
            Shape::Conditions => fields_of::<Conditions>(),
            Shape::Period => fields_of::<DrugPeriod>(),
            Shape::Denosumab => fields_of::<DenosumabBlock>(),
            Shape::PreviousDxa => fields_of::<PreviousDxa>(),
            Shape::Lsc => fields_of::<LscPercent>(),
            Shape::Btm => fields_of::<BtmResult>(),
            Shape::BtmReference => fields_of::<BtmReference>(),
        }
    }

    /// The shape of a field's value, and how it holds it.
    fn child(self, field: &str) -> Option<(Shape, Holds)> {
        use Holds::*;
        Some(match (self, field) {
            (Shape::Case, "patient") => (Shape::Patient, One),
            (Shape::Case, "dxa") => (Shape::Dxa, List),
            (Shape::Case, "fractures") => (Shape::Fracture, List),
            (Shape::Case, "frax") => (Shape::Frax, Optional),
            (Shape::Case, "glucocorticoids") => (Shape::Glucocorticoids, Optional),
            (Shape::Case, "labs") => (Shape::Labs, One),
            (Shape::Case, "conditions") => (Shape::Conditions, One),
            (Shape::Case, "history") => (Shape::Period, List),
            (Shape::Case, "denosumab") => (Shape::Denosumab, Optional),
            (Shape::Dxa, "reference") => (Shape::Reference, Optional),
            (Shape::Case, "dxa_previous") => (Shape::PreviousDxa, List),
            (Shape::Case, "lsc_percent") => (Shape::Lsc, Optional),
            (Shape::Case, "btm") => (Shape::Btm, List),
            (Shape::Case, "btm_reference") => (Shape::BtmReference, Optional),
            _ => return None,
        })
    }
}

/// How a field holds its object: always one, one or `null`, or a list of them.
#[derive(Clone, Copy, PartialEq)]
enum Holds {
    One,
    Optional,
    List,
}

/// The fields whose values are JSON arrays: the case's lists and the denosumab block's injections. No other field
/// of any object of a case has one of these names.
const LIST_FIELDS: [&[u8]; 7] =
    [b"dxa", b"fractures", b"secondary_causes", b"history", b"injections", b"dxa_previous", b"btm"];

/// Whether every `[` of `text`, which serde has read as a `Case`, opens the value of a list field. serde reads a
/// struct from an array too, so any other `[` is an object given as an array (or a key written with escapes,
/// which the slow path reads). One scan of the bytes: strings are skipped, and a `[` right after `"key":` is a
/// list when `key` is one of `LIST_FIELDS` (serde accepted the text, so each such key is where it belongs).
fn arrays_only_for_lists(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut key: &[u8] = b"";
    let mut after_colon = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                key = &bytes[start..i.min(bytes.len())];
                after_colon = false;
            }
            b':' => after_colon = true,
            b'[' if !(after_colon && LIST_FIELDS.contains(&key)) => return false,
            b' ' | b'\n' | b'\r' | b'\t' => {}
            _ => after_colon = false,
        }
        i += 1;
    }
    true
}

/// "an array", "a number"…, for a JSON value that is not an object; `None` for an object.
fn not_an_object(value: &Value) -> Option<&'static str> {
    Some(match value {
        Value::Object(_) => return None,
        Value::Array(_) => "an array",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "true or false",
        Value::Null => "null",
    })
}

/// The field names a struct's derived `Deserialize` passes to `deserialize_struct`, caught by a deserializer that
/// records them and reads nothing.
fn fields_of<T: for<'de> serde::Deserialize<'de>>() -> &'static [&'static str] {
    struct Probe(std::cell::Cell<&'static [&'static str]>);
    impl<'de> Deserializer<'de> for &Probe {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(serde::de::Error::custom("probe"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.set(fields);
            Err(serde::de::Error::custom("probe"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let probe = Probe(std::cell::Cell::new(&[]));
    let _ = T::deserialize(&probe);
    probe.0.get()
}

/// Removes the unknown fields of the object at `path` and, depth first in key order, of the objects inside it,
/// recording each as an error at its own path, and records as `malformed` every value that should be an object
/// and is not (`null` only where the object is optional). Returns false if there was such a value: the document
/// cannot be read. Other wrong types are left for serde to report.
fn strip_unknown(value: &mut Value, shape: Shape, path: &str, errors: &mut Vec<InputError>) -> bool {
    let Value::Object(map) = value else {
        let kind = not_an_object(value).unwrap_or_default();
        errors.push(InputError::new(path, ErrorCode::Malformed, format!("must be a JSON object, not {kind}")));
        return false;
    };
    let known = shape.fields();
    let at = |key: &str| if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
    let mut unknown = Vec::new();
    let mut readable = true;
    for (key, child) in map.iter_mut() {
        if !known.contains(&key.as_str()) {
            errors.push(InputError::new(at(key), ErrorCode::UnknownField, format!("unknown field `{key}`")));
            unknown.push(key.clone());
            continue;
        }
        match (shape.child(key), child) {
            (Some((inner, Holds::List)), Value::Array(items)) => {
                for (i, item) in items.iter_mut().enumerate() {
                    readable &= strip_unknown(item, inner, &format!("{}[{i}]", at(key)), errors);
                }
            }
            (Some((_, Holds::Optional)), Value::Null) => {}
            (Some((inner, Holds::One | Holds::Optional)), child) => {
                readable &= strip_unknown(child, inner, &at(key), errors)
            }
            _ => {}
        }
    }
    for key in unknown {
        map.remove(&key);
    }
    readable
}

/// serde_json's message without its " at line 1 column 42" (the path says where).
fn strip_position(message: &str) -> String {
    message.rfind(" at line ").map_or(message, |i| &message[..i]).to_string()
}

/// The case path (`dxa[0].t_score`) of the value or key that ends at byte `column` (1-based, as serde_json counts)
/// of one-line JSON `text`: a small scan that tracks the current key or index at each level.
fn path_at(text: &str, column: usize) -> String {
    enum Level {
        Object(Option<String>),
        Array(usize),
    }
    let bytes = text.as_bytes();
    let end = column.min(bytes.len());
    let mut levels: Vec<Level> = Vec::new();
    let mut expecting_key = false;
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'{' => {
                levels.push(Level::Object(None));
                expecting_key = true;
            }
            b'[' => levels.push(Level::Array(0)),
            b'}' | b']' => {
                levels.pop();
            }
            b':' => expecting_key = false,
            b',' => match levels.last_mut() {
                Some(Level::Array(index)) => *index += 1,
                Some(Level::Object(_)) => expecting_key = true,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if expecting_key {
                    if let Some(Level::Object(key)) = levels.last_mut() {
                        let raw = &text[start..i.min(text.len())];
                        *key = Some(
                            serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string()),
                        );
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for level in &levels {
        match level {
            Level::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Level::Object(None) => {}
            Level::Array(index) => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// The path and name of the first key repeated within one JSON object, if any (text that is not JSON has none).
fn first_repeated_key(text: &str) -> Option<(String, String)> {
    let found = RefCell::new(None);
    let mut reader = serde_json::Deserializer::from_str(text);
    let _ = KeyCheck { path: String::new(), found: &found }.deserialize(&mut reader);
    found.into_inner()
}

/// Walks a JSON document, noting the first repeated key with its path in the spec's form (`dxa[0].t_score`).
struct KeyCheck<'a> {
    path: String,
    found: &'a RefCell<Option<(String, String)>>,
}

impl<'de> DeserializeSeed<'de> for KeyCheck<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeyCheck<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() { key.clone() } else { format!("{}.{key}", self.path) };
            if !seen.insert(key.clone()) && self.found.borrow().is_none() {
                *self.found.borrow_mut() = Some((path.clone(), key));
            }
            map.next_value_seed(KeyCheck { path, found: self.found })?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while seq.next_element_seed(KeyCheck { path: format!("{}[{i}]", self.path), found: self.found })?.is_some() {
            i += 1;
        }
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// The name in serde's messages such as "unknown field `x`, expected ..." (`prefix` ends with the backtick).
fn name_in<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(prefix)?;
    Some(&rest[..rest.find('`')?])
}

/// Removes `field` from the object at `path` (`dxa[0]`, empty for the top level); false if not found.
fn remove_field(doc: &mut Value, path: &str, field: &str) -> bool {
    let mut node = doc;
    if path != "." && !path.is_empty() {
        for part in path.split('.') {
            let (name, index) = match part.find('[') {
                Some(i) => (&part[..i], part[i + 1..part.len().saturating_sub(1)].parse::<usize>().ok()),
                None => (part, None),
            };
            node = match node.get_mut(name) {
                Some(next) => next,
                None => return false,
            };
            if let Some(i) = index {
                node = match node.get_mut(i) {
                    Some(next) => next,
                    None => return false,
                };
            }
        }
    }
    node.as_object_mut().and_then(|map| map.remove(field)).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<(String, ErrorCode)> {
        let errors = match parse_case(text) {
            Ok(parsed) => parsed.unknown_fields,
            Err(errors) => errors,
        };
        errors.into_iter().map(|e| (e.path, e.code)).collect()
    }

    #[test]
    fn not_json_is_malformed_with_an_empty_path() {
        assert_eq!(codes("{not json"), vec![(String::new(), ErrorCode::Malformed)]);
        assert_eq!(codes("[1,2]"), vec![(String::new(), ErrorCode::Malformed)]);
        assert_eq!(codes(""), vec![(String::new(), ErrorCode::Malformed)]);
    }

    #[test]
    fn every_unknown_field_is_reported_with_its_own_path() {
        let got = codes(
            r#"{"patient": {"weight": 50, "sex": "female"}, "dxa": [{"site": "total_hip", "tscore": -2}], "extra": 1}"#,
        );
        let mut paths: Vec<String> = got.iter().map(|(p, _)| p.clone()).collect();
        paths.sort();
        assert_eq!(paths, ["dxa[0].tscore", "extra", "patient.weight"]);
        assert!(got.iter().all(|(_, c)| *c == ErrorCode::UnknownField));
    }

    #[test]
    fn a_wrong_json_type_is_malformed_at_its_field() {
        assert_eq!(
            codes(r#"{"patient": {"age_years": 68.5}}"#),
            vec![("patient.age_years".into(), ErrorCode::Malformed)]
        );
        assert_eq!(codes(r#"{"dxa": [{"t_score": "-2"}]}"#), vec![("dxa[0].t_score".into(), ErrorCode::Malformed)]);
    }

    #[test]
    fn an_unknown_enum_value_is_unknown_value_at_its_field() {
        assert_eq!(codes(r#"{"patient": {"sex": "x"}}"#), vec![("patient.sex".into(), ErrorCode::UnknownValue)]);
        assert_eq!(
            codes(r#"{"history": [{"drug": "aspirin"}]}"#),
            vec![("history[0].drug".into(), ErrorCode::UnknownValue)]
        );
    }

    #[test]
    fn a_repeated_key_is_a_duplicate_at_its_field() {
        assert_eq!(
            codes(r#"{"dxa": [{"t_score": -1, "t_score": -3}]}"#),
            vec![("dxa[0].t_score".into(), ErrorCode::Duplicate)]
        );
        assert_eq!(codes(r#"{"format": "a", "format": "b"}"#), vec![("format".into(), ErrorCode::Duplicate)]);
        assert_eq!(
            codes(r#"{"denosumab": {"injections": ["2024-01-01"], "plan": "stop", "plan": "continue"}}"#),
            vec![("denosumab.plan".into(), ErrorCode::Duplicate)]
        );
    }

    #[test]
    fn the_field_names_come_from_the_derive() {
        assert!(Shape::Case.fields().contains(&"pre_treatment_t_score"));
        assert!(Shape::Labs.fields().contains(&"albumin_g_l"));
        assert!(Shape::Conditions.fields().contains(&"mi_or_stroke_ever"));
        assert_eq!(Shape::Reference.fields(), ["mean", "sd"]);
    }

    #[test]
    fn the_list_field_names_name_lists_only() {
        // `arrays_only_for_lists` trusts a key's name: a field of one of these names anywhere else would let an
        // object given as an array through the fast path.
        use Shape::*;
        let lists = [
            (Case, "dxa"),
            (Case, "fractures"),
            (Case, "secondary_causes"),
            (Case, "history"),
            (Case, "dxa_previous"),
            (Case, "btm"),
        ];
        let lists = [&lists[..], &[(Denosumab, "injections")]].concat();
        let shapes = [
            Case,
            Patient,
            Dxa,
            Reference,
            Fracture,
            Frax,
            Glucocorticoids,
            Labs,
            Conditions,
            Period,
            Denosumab,
            PreviousDxa,
            Lsc,
            Btm,
            BtmReference,
        ];
        for shape in shapes {
            for &field in shape.fields() {
                let named = LIST_FIELDS.contains(&field.as_bytes());
                assert_eq!(named, lists.contains(&(shape, field)), "{shape:?}.{field}");
            }
        }
        assert_eq!(lists.len(), LIST_FIELDS.len());
    }

    #[test]
    fn arrays_are_found_outside_strings_only() {
        assert!(arrays_only_for_lists(r#"{"dxa" : [ {"site":"x"} ], "patient": {"name": "[a] \"[\" :["}}"#));
        assert!(!arrays_only_for_lists(r#"["osteoplan-case/2"]"#));
        assert!(!arrays_only_for_lists(r#"{"patient": ["x"]}"#));
        assert!(!arrays_only_for_lists(r#"{"dxa": [["x"]]}"#));
        assert!(!arrays_only_for_lists(r#"{"history": [{}, ["x"]]}"#));
        assert!(!arrays_only_for_lists(r#"{"d\u0078a": []}"#));
    }

    #[test]
    fn twenty_thousand_unknown_fields_are_all_reported_in_one_pass() {
        // Before, each unknown field re-serialised the whole document (quadratic: 22 s for 20 000 in the command
        // line). Nested ones too: every path is named.
        let mut text = String::from(r#"{"format":"osteoplan-case/2","patient":{"sex":"female""#);
        for i in 0..10_000 {
            text.push_str(&format!(r#","p{i}":1"#));
        }
        text.push('}');
        for i in 0..10_000 {
            text.push_str(&format!(r#","x{i}":1"#));
        }
        text.push('}');
        let started = std::time::Instant::now();
        let parsed = parse_case(&text).expect("readable once the unknown fields are dropped");
        assert_eq!(parsed.unknown_fields.len(), 20_000);
        assert!(parsed.unknown_fields.iter().any(|e| e.path == "patient.p9999"));
        assert!(parsed.unknown_fields.iter().any(|e| e.path == "x0"));
        assert!(parsed.unknown_fields.iter().all(|e| e.code == ErrorCode::UnknownField));
        eprintln!("20 000 unknown fields parsed in {:?}", started.elapsed());
    }

    #[test]
    fn huge_numbers_do_not_panic() {
        assert_eq!(codes(r#"{"patient": {"age_years": 1e999}}"#)[0].1, ErrorCode::Malformed);
        assert_eq!(codes(r#"{"patient": {"age_years": 123456789012345678901234567890}}"#)[0].1, ErrorCode::Malformed);
        assert!(parse_case(r#"{"dxa": [{"t_score": 1e300}]}"#).is_ok());
    }
}
