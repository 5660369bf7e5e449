//! Editing a case by its field paths (`dxa[0].t_score`), the same paths the engine uses in its errors, so a form
//! field, its edit and its error message all share one name.
//!
//! An edit goes through the case's JSON form: set or remove one value, then read the case back with serde. An edit
//! that would not make a valid case document (a wrong type) is refused and changes nothing.

use serde_json::{Map, Value};

use crate::clinical::case::Case;

/// One step of a path: an object key or a list index.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if key.is_empty() {
            return None;
        }
        out.push(Step::Key(key));
        while let Some(inner) = rest.strip_prefix('[') {
            let close = inner.find(']')?;
            out.push(Step::Index(inner[..close].parse().ok()?));
            rest = &inner[close + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(out)
}

/// Sets (`Some`) or removes (`None`) the value at `path`, creating objects on the way.
/// Returns the edited case, or `None` when the path or the value does not fit the case format.
pub fn set(case: &Case, path: &str, value: Option<Value>) -> Option<Case> {
    let mut doc = to_tree(case)?;
    let steps = steps(path)?;
    let (last, parents) = steps.split_last()?;
    let mut node = &mut doc;
    for step in parents {
        node = match step {
            Step::Key(key) => {
                let object = node.as_object_mut()?;
                let child = object.entry(key.to_string()).or_insert_with(|| Value::Object(Map::new()));
                if child.is_null() {
                    *child = Value::Object(Map::new());
                }
                child
            }
            Step::Index(i) => node.as_array_mut()?.get_mut(*i)?,
        };
    }
    match (last, value) {
        (Step::Key(key), Some(v)) => {
            node.as_object_mut()?.insert(key.to_string(), v);
        }
        (Step::Key(key), None) => {
            node.as_object_mut()?.remove(*key);
        }
        (Step::Index(i), Some(v)) => *node.as_array_mut()?.get_mut(*i)? = v,
        (Step::Index(_), None) => return None,
    }
    serde_json::from_str(&doc.to_string()).ok()
}

/// The case as a JSON tree. Going through text (rather than `to_value`/`from_value`) reuses the serde code the
/// app already has for storage and parsing, which keeps the wasm small; an edit costs microseconds either way.
pub fn to_tree(case: &Case) -> Option<Value> {
    serde_json::from_str(&serde_json::to_string(case).ok()?).ok()
}

/// Reads the value at `path` (for showing it back in the form).
pub fn get(case: &Case, path: &str) -> Option<Value> {
    get_in(&to_tree(case)?, path).cloned()
}

/// The value at `path` in a case's tree (`to_tree`): a form reads many fields from one tree.
pub fn get_in<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    let mut node = doc;
    for step in steps(path)? {
        node = match step {
            Step::Key(key) => node.get(key)?,
            Step::Index(i) => node.get(i)?,
        };
    }
    Some(node)
}

/// A scalar at `path` as text ("female", "true", "-2.5"); empty when absent.
pub fn text_at(case: &Case, path: &str) -> String {
    match get(case, path) {
        Some(Value::String(s)) => s,
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// The list at `path` with `f` applied (add or remove a row). `None` when there is no such list.
pub fn edit_list(case: &Case, path: &str, f: impl FnOnce(&mut Vec<Value>)) -> Option<Case> {
    let mut list = match get(case, path) {
        Some(Value::Array(items)) => items,
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return None,
    };
    f(&mut list);
    set(case, path, Some(Value::Array(list)))
}

/// After row `removed` of `list` is deleted, the path a later row's field moves to; `None` for the removed row's
/// own fields; unchanged for paths outside the list. Keeps typed text attached to the right row.
pub fn renumber(path: &str, list: &str, removed: usize) -> Option<String> {
    let Some(rest) = path.strip_prefix(list).and_then(|r| r.strip_prefix('[')) else {
        return Some(path.to_string());
    };
    let Some((index, tail)) = rest.split_once(']') else {
        return Some(path.to_string());
    };
    match index.parse::<usize>() {
        Ok(i) if i == removed => None,
        Ok(i) if i > removed => Some(format!("{list}[{}]{tail}", i - 1)),
        _ => Some(path.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::case::{DxaEntry, Site};
    use serde_json::json;

    #[test]
    fn paths_split_into_keys_and_indexes() {
        assert_eq!(
            steps("dxa[1].reference.sd"),
            Some(vec![Step::Key("dxa"), Step::Index(1), Step::Key("reference"), Step::Key("sd")])
        );
        assert_eq!(steps("denosumab.injections[0]").map(|s| s.len()), Some(3));
        assert_eq!(steps("dxa[x]"), None);
        assert_eq!(steps(".a"), None);
    }

    #[test]
    fn set_creates_objects_and_remove_clears() {
        let case = set(&Case::default(), "patient.weight_kg", Some(json!(52.5))).unwrap();
        assert_eq!(case.patient.weight_kg, Some(52.5));
        let case = set(&case, "glucocorticoids.months", Some(json!(6))).unwrap();
        assert_eq!(case.glucocorticoids.unwrap().months, Some(6.0));
        let case = set(&case, "patient.weight_kg", None).unwrap();
        assert_eq!(case.patient.weight_kg, None);
    }

    #[test]
    fn a_value_of_the_wrong_type_is_refused() {
        assert_eq!(set(&Case::default(), "patient.age_years", Some(json!("old"))), None);
        assert_eq!(set(&Case::default(), "patient.nickname", Some(json!("x"))), None, "unknown field");
        assert_eq!(set(&Case::default(), "dxa[0].t_score", Some(json!(-2.0))), None, "no such row");
    }

    #[test]
    fn rows_are_added_edited_and_read_back() {
        let entry = serde_json::to_value(DxaEntry { site: Some(Site::TotalHip), ..DxaEntry::default() }).unwrap();
        let case = edit_list(&Case::default(), "dxa", |rows| rows.push(entry)).unwrap();
        let case = set(&case, "dxa[0].t_score", Some(json!(-2.6))).unwrap();
        assert_eq!(case.dxa[0].t_score, Some(-2.6));
        assert_eq!(get(&case, "dxa[0].site"), Some(json!("total_hip")));
        let case = edit_list(&case, "dxa", |rows| {
            rows.remove(0);
        })
        .unwrap();
        assert!(case.dxa.is_empty());
    }

    #[test]
    fn removing_a_row_renumbers_later_paths() {
        assert_eq!(renumber("fractures[2].date", "fractures", 1).as_deref(), Some("fractures[1].date"));
        assert_eq!(renumber("fractures[1].date", "fractures", 1), None);
        assert_eq!(renumber("fractures[0].date", "fractures", 1).as_deref(), Some("fractures[0].date"));
        assert_eq!(renumber("dxa[3].t_score", "fractures", 1).as_deref(), Some("dxa[3].t_score"));
        assert_eq!(
            renumber("denosumab.injections[4]", "denosumab.injections", 2).as_deref(),
            Some("denosumab.injections[3]")
        );
    }
}
