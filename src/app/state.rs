//! The app's state and its one reducer, free of any UI or browser code so it tests natively.
//! The Yew root wraps it (`ui::Store`) and owns the side effects (localStorage, the clock, the URL).
//!
//! The state is the case being entered plus what cannot live in a case: text typed into number and date fields (so
//! "2.", "2025/3/6" or "abc" shows back exactly as typed until the field is left) and the unit chosen for an empty
//! lab field. The report is derived from the case on every render, never stored; what is stored is which draft the
//! result column shows (the last one that gave a report, while a field is half-typed) and which fields the user has
//! left (issue 24: calm while typing).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::app::edit;
use crate::app::follow_up::{marker_word, pasted_lines, study_paths, MarkerWord};
use crate::app::settings;
use crate::clinical::case::{
    BtmResult, BtmTest, BtmUnit, Case, CaseDate, DenosumabBlock, DrugPeriod, DxaEntry, Fracture, PreviousDxa, Site,
    CASE_FORMAT,
};
use crate::clinical::evaluate;
use crate::clinical::report::Report;
use crate::clinical::units::{convert, Lab};
use crate::input::problems::{Problems, TypingError};
use crate::input::small_map::SmallMap;
use crate::words::lang::Lang;
use crate::words::messages::field_messages;

/// Everything the form holds; saved to localStorage as one document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub case: Case,
    /// Text typed into number and date fields, by case path.
    #[serde(default, skip_serializing_if = "SmallMap::is_empty")]
    pub typed: SmallMap<String, String>,
    /// The unit picked for a lab that has no value yet (unit ids from `clinical::units`).
    #[serde(default, skip_serializing_if = "SmallMap::is_empty")]
    pub units: SmallMap<Lab, String>,
    /// The case as a JSON tree, made once for the form's fields (a follow-up has a hundred).
    #[serde(skip)]
    tree: Tree,
}

/// A cache of the case's tree for `Draft::text`: empty in a clone (a clone is made to be edited), and never part
/// of a draft's value.
#[derive(Default)]
struct Tree(std::cell::OnceCell<Option<Value>>);

impl Clone for Tree {
    fn clone(&self) -> Tree {
        Tree::default()
    }
}

impl PartialEq for Tree {
    fn eq(&self, _: &Tree) -> bool {
        true
    }
}

impl std::fmt::Debug for Tree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tree")
    }
}

impl Draft {
    /// A blank case assessed on `today`.
    pub fn new(today: &str) -> Draft {
        Draft::from_case(Case {
            format: Some(CASE_FORMAT.into()),
            assessed_on: Some(CaseDate(today.into())),
            ..Case::default()
        })
    }

    /// A new patient's draft with nothing entered yet: nothing worth keeping in storage.
    /// The clinic's settings filled in (`app::settings`) do not count as entered.
    pub fn is_blank(&self) -> bool {
        self.case.assessed_on.as_ref().is_some_and(|date| {
            let mut blank = Draft::new(&date.0);
            let (case, own) = (&mut blank.case, &self.case);
            (case.profile, case.lsc_percent, case.btm_reference) = (own.profile, own.lsc_percent, own.btm_reference);
            *self == blank
        })
    }

    /// A loaded case (import, share link, host, saved draft). Every `osteoplan-case/1` and `/2` is a valid `/3`
    /// case, so it is carried forward: export and autosave write `/3`.
    pub fn from_case(mut case: Case) -> Draft {
        if case.format.as_deref().is_some_and(|f| crate::clinical::case::PRE_V3_FORMATS.contains(&f)) {
            case.format = Some(CASE_FORMAT.into());
        }
        Draft { case, ..Draft::default() }
    }

    /// What a number field shows: the text as typed, else the case's value.
    pub fn text(&self, path: &str) -> String {
        if let Some(text) = self.typed.get(path) {
            return text.clone();
        }
        let tree = self.tree.0.get_or_init(|| edit::to_tree(&self.case));
        match tree.as_ref().and_then(|t| edit::get_in(t, path)) {
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        }
    }

    /// The unit a lab is shown in: where its value is stored, else the user's pick, else the first (SI) unit.
    pub fn unit(&self, lab: Lab) -> &'static str {
        let [first, second] = lab.units();
        for unit in [first, second] {
            if edit::get(&self.case, unit.path).is_some_and(|v| !v.is_null()) || self.typed.contains_key(unit.path) {
                return unit.id;
            }
        }
        self.units.get(&lab).and_then(|id| lab.unit(id)).map_or(first.id, |u| u.id)
    }

    /// Number and date fields whose text is not a number or a date, with what was expected.
    pub fn typing_errors(&self) -> Vec<(String, TypingError)> {
        self.typed.iter().filter_map(|(path, text)| read_typed(path, text).err().map(|e| (path.clone(), e))).collect()
    }

    /// A number or date field's text: its value goes into the case, and the text is kept to show back unless the
    /// case holds it as it is (`2025-03-06`, a date picked). A date that is not one stays in the case as typed, for
    /// the engine to name as well; an empty injection stays a row.
    fn type_text(&mut self, path: String, text: String) {
        let read = read_typed(&path, &text);
        let as_kept = matches!(&read, Ok(Some(Value::String(iso))) if *iso == text);
        let value = match read {
            Ok(value) => value.or_else(|| path.ends_with(']').then(|| Value::String(String::new()))),
            Err(_) => is_date_field(&path).then(|| Value::String(text.clone())),
        };
        if let Some(case) = edit::set(&self.case, &path, value) {
            self.case = case;
            if text.trim().is_empty() || as_kept {
                self.typed.remove(&path);
            } else {
                self.typed.insert(path, text);
            }
        }
    }

    /// Whether the draft gives a report (checked without running the rules).
    pub fn is_valid(&self) -> bool {
        self.typing_errors().is_empty() && crate::clinical::validate::validate(&self.case).is_ok()
    }

    /// The report, or every reason there is none yet: typing errors first, then the engine's.
    pub fn evaluate(&self) -> Result<Report, Problems> {
        let typing = self.typing_errors();
        match evaluate(&self.case) {
            Ok(report) if typing.is_empty() => Ok(report),
            Ok(_) => Err(Problems { typing, engine: Vec::new() }),
            Err(mut engine) => {
                // A date typed wrong is in the case as typed: the engine's word on it would say the same again.
                engine.retain(|e| !typing.iter().any(|(path, _)| *path == e.path));
                Err(Problems { typing, engine })
            }
        }
    }
}

/// Fields the case format wants as whole numbers.
fn is_whole_number_field(path: &str) -> bool {
    ["age_years", "falls_last_12_months"].iter().any(|f| path.ends_with(f))
}

/// Fields the case format holds dates in: `assessed_on`, `…date`, a drug's `start` and `end`, and an injection
/// (`denosumab.injections[2]`, the case's one list of bare dates).
fn is_date_field(path: &str) -> bool {
    ["date", "_on", ".start", ".end", "]"].iter().any(|f| path.ends_with(f))
}

/// A typed field's text as its case value: a date in the ISO form, or a number (see `parse_number`).
fn read_typed(path: &str, text: &str) -> Result<Option<Value>, TypingError> {
    if !is_date_field(path) {
        return parse_number(text, is_whole_number_field(path));
    }
    if text.trim().is_empty() {
        return Ok(None);
    }
    crate::input::dates::read_date(text).map(|iso| Some(Value::String(iso))).map_err(TypingError::from)
}

/// A number field's text: `Ok(None)` when empty or half-typed ("-", "."), `Ok(Some)` for a number.
fn parse_number(text: &str, integer: bool) -> Result<Option<Value>, TypingError> {
    let plain = crate::input::decimal::plain_number(text);
    let text = plain.as_str();
    if matches!(text, "" | "-" | "." | "-." | "+") {
        return Ok(None);
    }
    // Whole numbers through the same reader (no integer parser linked for them): `72` or `72.`, not `72.5`.
    match crate::input::decimal::read_decimal(text) {
        Some(n) if integer && n.fract() == 0.0 && n.abs() < 1e15 => Ok(Some(Value::from(n as i64))),
        Some(n) if !integer && n.is_finite() => Ok(serde_json::Number::from_f64(n).map(Value::Number)),
        _ if integer => Err(TypingError::NotAWholeNumber),
        _ => Err(TypingError::NotANumber),
    }
}

/// Everything the app remembers.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub lang: Lang,
    pub draft: Draft,
    /// The clinic's line at the top of the printed sheet; a setting of this device, not part of any case.
    pub clinic_header: String,
    /// Fields the user has left: only their problems show beside them, so a new form does not open in red.
    pub touched: Vec<String>,
    /// Every problem shows: the user asked for the result, or a case was loaded.
    pub show_all: bool,
    /// The last draft of this patient that gave a report: the result column keeps it on screen, dimmed, while the
    /// draft has a problem (a date half-typed), rather than jumping to a list of errors at every keystroke.
    pub last_valid: Option<Draft>,
    /// The clinic's settings (`app::settings`) as a partial case, with what was typed into them.
    pub settings: Draft,
    /// Whether the settings were chosen on this device (and are kept), rather than suggested by the language.
    pub settings_chosen: bool,
}

/// Lists the form adds rows to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    Fractures,
    History,
    Injections,
    /// Bone turnover marker results.
    Btm,
}

impl List {
    pub fn path(self) -> &'static str {
        match self {
            List::Fractures => "fractures",
            List::History => "history",
            List::Injections => "denosumab.injections",
            List::Btm => "btm",
        }
    }
}

/// Every change the user can make.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SetLang(Lang),
    SetClinicHeader(String),
    /// A text, date, choice or checkbox field: its JSON value, or `None` to clear it.
    Set {
        path: String,
        value: Option<Value>,
    },
    /// A number or date field, as typed.
    Type {
        path: String,
        text: String,
    },
    /// A lab's unit; a value already entered is converted.
    SetUnit {
        lab: Lab,
        unit: String,
    },
    AddDxa(Site),
    AddRow(List),
    /// Removes row `index` of the list at `list` (a case path such as `dxa`).
    RemoveRow {
        list: String,
        index: usize,
    },
    /// Whether the case has a denosumab block.
    SetDenosumab(bool),
    /// Replaces the whole case (new patient, import, share link); the clinic's settings fill what it does not carry.
    Load(Box<Draft>),
    /// An earlier DXA study: one entry per site of today's DXA.
    AddStudy,
    /// A table pasted into the earlier DXA (`dxa: true`) or the marker list: one row (study) per line.
    Paste {
        dxa: bool,
        text: String,
    },
    /// The user left the field at this path: its problem shows from now on, and its text is shown in the form
    /// the case keeps it in (`2025/3/6` → `2025-03-06`, `−3,1` → `-3.1`).
    Leave(String),
    /// The user asked for the result: every problem shows.
    ShowAll,
    /// Several dates pasted into an injection field: every injection row and the pasted dates, sorted, without
    /// duplicates; each piece that is not a date kept as a row of its own, with its problem shown.
    PasteDates(String),
    /// A field of the clinic settings (a `Set` or `Type` on the settings' partial case).
    Setting(Box<Action>),
    /// Back to the language's suggestion, nothing kept (forget this device's data).
    ForgetSettings,
}

impl AppState {
    /// The state at start-up: the user's saved choice of language wins; on a first visit, the browser's.
    pub fn initial(saved_lang: Option<Lang>, browser_tag: Option<&str>, draft: Draft) -> AppState {
        let lang = Lang::at_start(saved_lang, browser_tag);
        let state = AppState {
            lang,
            draft,
            clinic_header: String::new(),
            touched: Vec::new(),
            show_all: false,
            last_valid: None,
            settings: Draft::default(),
            settings_chosen: false,
        }
        .with_settings(None);
        let last_valid = state.draft.is_valid().then(|| state.draft.clone());
        AppState { last_valid, ..state }
    }

    /// Whether the problem of the field at `path` shows beside it.
    pub fn shows(&self, path: &str) -> bool {
        self.show_all || self.touched.iter().any(|t| t == path)
    }

    /// The messages beside the fields (the fields the user has left; all once the result is asked for) and, while
    /// the result on screen (`shown`) is an earlier one, the note over it.
    pub fn field_notes(&self, shown: &Result<Report, Problems>) -> (SmallMap<String, String>, Option<&'static str>) {
        let own = if self.on_screen().1 { self.draft.evaluate().err() } else { None };
        match own.as_ref().or(shown.as_ref().err()) {
            Some(problems) => (
                field_messages(problems, self.lang, &|path| self.shows(path)),
                own.is_some().then(|| crate::words::i18n::Text::Updating.get(self.lang)),
            ),
            None => Default::default(),
        }
    }

    /// The draft whose result is on screen, and whether it is an earlier one than the draft (the draft has a
    /// problem; the result is dimmed).
    pub fn on_screen(&self) -> (&Draft, bool) {
        match &self.last_valid {
            Some(last) => (last, *last != self.draft),
            None => (&self.draft, false),
        }
    }

    /// The clinic's settings as kept on this device (`None`: never chosen; the language suggests the profile),
    /// filled into the case.
    pub fn with_settings(mut self, saved: Option<Draft>) -> AppState {
        self.settings_chosen = saved.is_some();
        self.settings = saved.unwrap_or_default();
        if !self.settings_chosen {
            self.settings.case.profile = settings::suggested_profile(self.lang);
        }
        let new_patient = self.draft.is_blank();
        settings::fill(&mut self.draft.case, &self.settings.case, new_patient);
        self
    }

    /// Changes the settings, and with them the values of the open case that came from them.
    fn change_settings(&mut self, new: Draft) {
        settings::follow(&mut self.draft.case, &self.settings.case, &new.case);
        self.settings = new;
    }

    pub fn apply(&self, action: Action) -> AppState {
        let mut next = self.clone();
        let draft = &mut next.draft;
        match action {
            Action::SetLang(lang) => next.lang = lang,
            Action::SetClinicHeader(text) => next.clinic_header = text,
            Action::Set { path, value } => {
                // A study's date and machine are every one of its entries' (`app::follow_up`).
                let edited = study_paths(&draft.case.dxa_previous, &path)
                    .iter()
                    .try_fold(draft.case.clone(), |case, path| edit::set(&case, path, value.clone()));
                if let Some(case) = edited {
                    draft.case = case;
                }
            }
            Action::Type { path, text } => draft.type_text(path, text),
            Action::SetUnit { lab, unit } => set_unit(draft, lab, &unit),
            Action::AddDxa(site) => {
                if !draft.case.dxa.iter().any(|e| e.site == Some(site)) {
                    draft.case.dxa.push(DxaEntry { site: Some(site), ..DxaEntry::default() });
                }
            }
            Action::AddRow(List::Fractures) => draft.case.fractures.push(Fracture::default()),
            Action::AddRow(List::History) => draft.case.history.push(DrugPeriod::default()),
            Action::AddRow(List::Injections) => draft
                .case
                .denosumab
                .get_or_insert_with(DenosumabBlock::default)
                .injections
                .push(CaseDate(String::new())),
            Action::RemoveRow { list, index } => {
                if let Some(case) = edit::edit_list(&draft.case, &list, |rows| {
                    if index < rows.len() {
                        rows.remove(index);
                    }
                }) {
                    draft.case = case;
                    draft.typed = std::mem::take(&mut draft.typed)
                        .into_iter()
                        .filter_map(|(path, text)| edit::renumber(&path, &list, index).map(|p| (p, text)))
                        .collect();
                }
            }
            Action::SetDenosumab(on) => match (on, draft.case.denosumab.is_some()) {
                (true, false) => draft.case.denosumab = Some(DenosumabBlock::default()),
                (false, true) => draft.case.denosumab = None,
                _ => {}
            },
            Action::Load(new) => {
                *draft = *new;
                let new_patient = draft.is_blank();
                settings::fill(&mut draft.case, &next.settings.case, new_patient);
                next.touched.clear();
                next.show_all = !draft.is_blank();
                next.last_valid = None;
            }
            Action::Leave(path) => {
                if draft.typed.get(&path).is_some_and(|text| read_typed(&path, text).is_ok()) {
                    draft.typed.remove(&path);
                }
                if !path.is_empty() && !next.touched.contains(&path) {
                    next.touched.push(path);
                }
            }
            Action::ShowAll => next.show_all = true,
            Action::PasteDates(text) => paste_dates(&mut next, &text),
            Action::AddRow(List::Btm) => {
                // A new result is most often the same test, in the same unit, as the one before.
                let last = draft.case.btm.last();
                let test = last.and_then(|b| b.test).unwrap_or(BtmTest::Ctx);
                let unit = last.and_then(|b| b.unit).unwrap_or(BtmUnit::NgMl);
                draft.case.btm.push(BtmResult { test: Some(test), unit: Some(unit), ..BtmResult::default() });
            }
            Action::AddStudy => add_study(draft, None, &[]),
            Action::Setting(inner) => {
                let mut settings = next.settings.clone();
                match *inner {
                    Action::Type { path, text } => settings.type_text(path, text),
                    Action::Set { path, value: Some(value) } => {
                        if let Some(case) = edit::set(&settings.case, &path, Some(value)) {
                            settings.case = case;
                        }
                    }
                    _ => {}
                }
                settings::tidy(&mut settings.case);
                next.change_settings(settings);
                next.settings_chosen = true;
            }
            Action::ForgetSettings => {
                let mut suggested = Draft::default();
                suggested.case.profile = settings::suggested_profile(next.lang);
                next.change_settings(suggested);
                next.settings_chosen = false;
            }
            Action::Paste { dxa, text } => {
                // What a pasted line could not fill is named at once, as after a paste of injection dates.
                let rows = |d: &Draft| if dxa { d.case.dxa_previous.len() } else { d.case.btm.len() };
                let before = rows(draft);
                paste(draft, dxa, &text);
                let list = if dxa { "dxa_previous" } else { "btm" };
                for i in before..rows(draft) {
                    for field in ["date", "value", "bmd_g_cm2"] {
                        next.touched.push(format!("{list}[{i}].{field}"));
                    }
                }
            }
        }
        if next.draft.is_valid() {
            next.last_valid = Some(next.draft.clone());
        }
        next
    }
}

/// An earlier study dated `date` with one entry per site of today's DXA (the spine and hip when there is none yet),
/// its BMDs as typed in `bmd`, in the order of the sites; a cell beyond the last site is kept in the last one.
fn add_study(draft: &mut Draft, date: Option<String>, bmd: &[String]) {
    let mut sites: Vec<Site> = draft.case.dxa.iter().filter_map(|e| e.site).collect();
    if sites.is_empty() {
        sites = vec![Site::LumbarSpine, Site::TotalHip];
    }
    if !bmd.is_empty() {
        sites.truncate(bmd.len());
    }
    let first = draft.case.dxa_previous.len();
    for &site in &sites {
        let date = Some(CaseDate(date.clone().unwrap_or_default()));
        draft.case.dxa_previous.push(PreviousDxa { date, site: Some(site), ..PreviousDxa::default() });
    }
    for k in 0..sites.len().min(bmd.len()) {
        let cells = if k + 1 == sites.len() { &bmd[k..] } else { &bmd[k..k + 1] };
        {
            draft.type_text(format!("dxa_previous[{}].bmd_g_cm2", first + k), cells.join(" "));
        }
    }
}

/// A pasted table: each line an earlier study (date, then a BMD per site of today's DXA) or a marker result
/// (date, value, and optionally the test and unit, else those of the row before). Nothing is dropped: a cell that
/// is not a date or a number goes into its field as written, where its problem shows.
fn paste(draft: &mut Draft, dxa: bool, text: &str) {
    for line in pasted_lines(text) {
        if dxa {
            add_study(draft, Some(line.date), &line.cells);
            continue;
        }
        let last = draft.case.btm.last();
        let (mut test, mut unit) = (last.and_then(|b| b.test), last.and_then(|b| b.unit));
        let mut value = Vec::new();
        for cell in line.cells {
            match marker_word(&cell) {
                Some(MarkerWord::Test(t)) => test = Some(t),
                Some(MarkerWord::Unit(u)) => unit = Some(u),
                None => value.push(cell),
            }
        }
        let date = Some(CaseDate(line.date));
        let (test, unit) = (test.or(Some(BtmTest::Ctx)), unit.or(Some(BtmUnit::NgMl)));
        draft.case.btm.push(BtmResult { test, date, unit, value: None });
        if !value.is_empty() {
            draft.type_text(format!("btm[{}].value", draft.case.btm.len() - 1), value.join(" "));
        }
    }
}

/// See `Action::PasteDates`.
fn paste_dates(state: &mut AppState, text: &str) {
    let row = |i: usize| format!("denosumab.injections[{i}]");
    let draft = &mut state.draft;
    let Some(block) = draft.case.denosumab.as_mut() else { return };
    // The rows as the form shows them, then the pasted text, read piece by piece into the dates in order (each
    // once: an insertion sort, as std's sort would cost KB of wasm) and, after them, what is not a date.
    let mut all = String::new();
    for (i, date) in block.injections.iter().enumerate() {
        all.push_str(&draft.typed.remove(&row(i)).unwrap_or_else(|| date.0.clone()));
        all.push('\n');
    }
    all.push_str(text);
    let (mut rows, mut dates) = (Vec::new(), 0);
    for piece in all.split(['\n', '\r', '\t', ' ', '\u{3000}', ',', ';', '，', '；']).filter(|p| !p.is_empty()) {
        match crate::input::dates::read_date(piece) {
            Ok(date) => {
                if let Err(at) = rows[..dates].binary_search(&date) {
                    rows.insert(at, date);
                    dates += 1;
                }
            }
            Err(_) => rows.push(piece.to_string()),
        }
    }
    block.injections.clear();
    block.injections.resize_with(rows.len(), || CaseDate(String::new()));
    for (i, text) in rows.into_iter().enumerate() {
        if i >= dates {
            state.touched.push(row(i));
        }
        draft.type_text(row(i), text);
    }
}

/// Moves a lab's value to the other unit's field, converted, so switching never loses what was entered.
fn set_unit(draft: &mut Draft, lab: Lab, unit: &str) {
    let Some(to) = lab.unit(unit) else { return };
    let from = lab.unit(draft.unit(lab)).unwrap_or(to);
    draft.units.insert(lab, to.id.to_string());
    if from == to {
        return;
    }
    let value = edit::get(&draft.case, from.path).and_then(|v| v.as_f64());
    let typed = draft.typed.remove(from.path);
    let moved = match (value, typed) {
        (Some(v), _) => Some((Value::from(convert(v, &from, &to)), None)),
        // Text that is not a number cannot be converted: it moves as typed, still marked as an error.
        (None, Some(text)) => Some((Value::Null, Some(text))),
        (None, None) => None,
    };
    let Some(cleared) = edit::set(&draft.case, from.path, None) else { return };
    draft.case = cleared;
    if let Some((value, typed)) = moved {
        if !value.is_null() {
            if let Some(case) = edit::set(&draft.case, to.path, Some(value)) {
                draft.case = case;
            }
        }
        if let Some(text) = typed {
            draft.typed.insert(to.path.to_string(), text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clinical::case::Sex;
    use serde_json::json;

    fn start() -> AppState {
        AppState::initial(None, Some("en"), Draft::new("2026-11-22"))
    }

    fn apply_all(state: AppState, actions: Vec<Action>) -> AppState {
        actions.into_iter().fold(state, |s, a| s.apply(a))
    }

    fn set(path: &str, value: Value) -> Action {
        Action::Set { path: path.into(), value: Some(value) }
    }

    fn typed(path: &str, text: &str) -> Action {
        Action::Type { path: path.into(), text: text.into() }
    }

    #[test]
    fn first_visit_follows_the_browser() {
        assert_eq!(AppState::initial(None, Some("zh-CN"), Draft::default()).lang, Lang::Zh);
        assert_eq!(AppState::initial(None, Some("en-GB"), Draft::default()).lang, Lang::En);
        assert_eq!(AppState::initial(None, None, Draft::default()).lang, Lang::En);
    }

    #[test]
    fn saved_choice_beats_the_browser() {
        assert_eq!(AppState::initial(Some(Lang::En), Some("zh-CN"), Draft::default()).lang, Lang::En);
        assert_eq!(AppState::initial(Some(Lang::Zh), Some("en-US"), Draft::default()).lang, Lang::Zh);
    }

    #[test]
    fn the_clinic_header_is_a_setting_apart_from_the_case() {
        let state = start().apply(Action::Type { path: "patient.age_years".into(), text: "70".into() });
        let with_header = state.apply(Action::SetClinicHeader("Ward 7".into()));
        assert_eq!(with_header.clinic_header, "Ward 7");
        assert_eq!(with_header.draft, state.draft, "the case is untouched");
        let new_patient = with_header.apply(Action::Load(Box::new(Draft::new("2026-11-23"))));
        assert_eq!(new_patient.clinic_header, "Ward 7", "a new patient keeps the clinic's header");
    }

    #[test]
    fn only_an_untouched_new_draft_is_blank() {
        assert!(Draft::new("2026-11-22").is_blank());
        let typed = start().apply(Action::Type { path: "patient.age_years".into(), text: "7".into() });
        assert!(!typed.draft.is_blank());
        let named = start().apply(Action::Set { path: "patient.name".into(), value: Some("Li".into()) });
        assert!(!named.draft.is_blank());
    }

    #[test]
    fn set_lang_switches_both_ways() {
        let zh = start().apply(Action::SetLang(Lang::Zh));
        assert_eq!(zh.lang, Lang::Zh);
        assert_eq!(zh.apply(Action::SetLang(Lang::En)), start());
    }

    #[test]
    fn a_complete_case_entered_field_by_field_gives_a_report() {
        let state = apply_all(
            start(),
            vec![
                set("patient.sex", json!("male")),
                typed("patient.age_years", "72"),
                Action::AddDxa(Site::FemoralNeck),
                typed("dxa[0].t_score", "-3.2"),
            ],
        );
        assert_eq!(state.draft.case.patient.sex, Some(Sex::Male));
        let report = state.draft.evaluate().expect("a report");
        assert_eq!(report.diagnosis.lowest_score, Some(-3.2));
    }

    #[test]
    fn text_that_is_not_a_number_is_kept_and_reported_without_touching_other_fields() {
        let state = apply_all(start(), vec![typed("patient.weight_kg", "52.5"), typed("patient.age_years", "abc")]);
        assert_eq!(state.draft.text("patient.age_years"), "abc");
        assert_eq!(state.draft.case.patient.age_years, None);
        assert_eq!(state.draft.case.patient.weight_kg, Some(52.5));
        assert_eq!(state.draft.typing_errors(), vec![("patient.age_years".to_string(), TypingError::NotAWholeNumber)]);
        let state = state.apply(typed("patient.age_years", "12.5"));
        assert_eq!(state.draft.typing_errors()[0].1, TypingError::NotAWholeNumber);
        let state = state.apply(typed("patient.weight_kg", "5o"));
        assert_eq!(state.draft.typing_errors().len(), 2);
        assert!(state.draft.evaluate().is_err());
    }

    #[test]
    fn half_typed_numbers_show_as_typed() {
        let state = start().apply(typed("patient.weight_kg", "52."));
        assert_eq!(state.draft.text("patient.weight_kg"), "52.");
        assert_eq!(state.draft.case.patient.weight_kg, Some(52.0));
        let state = state.apply(typed("patient.weight_kg", "-"));
        assert!(state.draft.typing_errors().is_empty());
        let state = state.apply(typed("patient.weight_kg", ""));
        assert_eq!((state.draft.case.patient.weight_kg, state.draft.text("patient.weight_kg")), (None, String::new()));
    }

    #[test]
    fn removing_a_row_keeps_typed_text_with_its_row() {
        let state = apply_all(
            start(),
            vec![
                Action::AddDxa(Site::LumbarSpine),
                Action::AddDxa(Site::TotalHip),
                Action::AddDxa(Site::TotalHip),
                typed("dxa[0].t_score", "-1"),
                typed("dxa[1].t_score", "x"),
            ],
        );
        assert_eq!(state.draft.case.dxa.len(), 2, "each site once");
        let state = state.apply(Action::RemoveRow { list: "dxa".into(), index: 0 });
        assert_eq!(state.draft.case.dxa[0].site, Some(Site::TotalHip));
        assert_eq!(state.draft.text("dxa[0].t_score"), "x");
        assert!(!state.draft.typed.contains_key("dxa[1].t_score"));
    }

    #[test]
    fn switching_a_lab_unit_converts_the_value() {
        let state = start().apply(typed("labs.creatinine_umol_l", "88.4"));
        assert_eq!(state.draft.unit(Lab::Creatinine), "umol_l");
        let state = state.apply(Action::SetUnit { lab: Lab::Creatinine, unit: "mg_dl".into() });
        assert_eq!(state.draft.unit(Lab::Creatinine), "mg_dl");
        assert_eq!(state.draft.case.labs.creatinine_mg_dl, Some(1.0));
        assert_eq!(state.draft.case.labs.creatinine_umol_l, None);
        assert_eq!(state.draft.text("labs.creatinine_mg_dl"), "1.0");
        // An empty field remembers the unit picked.
        let state = state.apply(Action::SetUnit { lab: Lab::VitaminD, unit: "ng_ml".into() });
        assert_eq!(state.draft.unit(Lab::VitaminD), "ng_ml");
        // Junk text moves as typed and stays an error.
        let state = state
            .apply(typed("labs.calcium_mmol_l", "low"))
            .apply(Action::SetUnit { lab: Lab::Calcium, unit: "mg_dl".into() });
        assert_eq!(state.draft.text("labs.calcium_mg_dl"), "low");
        assert_eq!(state.draft.typing_errors().len(), 1);
    }

    #[test]
    fn denosumab_block_toggles_and_injections_add() {
        let state = start().apply(Action::SetDenosumab(true));
        assert!(state.draft.case.denosumab.is_some());
        let state =
            state.apply(Action::AddRow(List::Injections)).apply(set("denosumab.injections[0]", json!("2026-06-01")));
        assert_eq!(state.draft.case.denosumab.as_ref().unwrap().injections, vec![CaseDate("2026-06-01".into())]);
        assert_eq!(state.apply(Action::SetDenosumab(false)).draft.case.denosumab, None);
    }

    fn with_injections(dates: &[&str]) -> AppState {
        let mut state = start().apply(Action::SetDenosumab(true));
        for (i, date) in dates.iter().enumerate() {
            state =
                state.apply(Action::AddRow(List::Injections)).apply(typed(&format!("denosumab.injections[{i}]"), date));
        }
        state
    }

    fn injections(state: &AppState) -> Vec<String> {
        state.draft.case.denosumab.as_ref().unwrap().injections.iter().map(|d| d.0.clone()).collect()
    }

    #[test]
    fn dates_are_read_as_typed_and_shown_in_the_case_form_once_the_field_is_left() {
        for text in ["2025/3/6", "2025.3.6", "20250306", "2025年3月6日", "２０２５年３月６日", "2025-3-6"] {
            let state = start().apply(typed("assessed_on", text));
            assert_eq!(state.draft.case.assessed_on, Some(CaseDate("2025-03-06".into())), "{text}");
            assert_eq!(state.draft.text("assessed_on"), text, "kept as typed while in the field");
            assert!(state.draft.typing_errors().is_empty(), "{text}");
            let left = state.apply(Action::Leave("assessed_on".into()));
            assert_eq!(left.draft.text("assessed_on"), "2025-03-06", "{text}");
        }
        // A date picked from the calendar arrives in the case's form: nothing kept beside it.
        let picked = start().apply(Action::AddRow(List::Fractures)).apply(typed("fractures[0].date", "2024-05-01"));
        assert_eq!(picked.draft.case.fractures[0].date, Some(CaseDate("2024-05-01".into())));
        assert!(picked.draft.typed.is_empty());
    }

    #[test]
    fn a_date_with_the_year_last_is_refused_with_why_and_kept() {
        let state = start().apply(typed("assessed_on", "06/03/2025"));
        assert_eq!(state.draft.typing_errors(), vec![("assessed_on".to_string(), TypingError::YearLast)]);
        let problems = state.draft.evaluate().unwrap_err();
        assert!(problems.engine.iter().all(|e| e.path != "assessed_on"), "said once: {problems:?}");
        assert!(!problems.engine.is_empty(), "the engine's other problems stay");
        let left = state.apply(Action::Leave("assessed_on".into()));
        assert_eq!(left.draft.text("assessed_on"), "06/03/2025", "a wrong date is not changed on leaving");
        let half = start().apply(Action::AddRow(List::History)).apply(typed("history[0].start", "2025-0"));
        assert_eq!(half.draft.typing_errors(), vec![("history[0].start".to_string(), TypingError::NotADate)]);
        let cleared = half.apply(typed("history[0].start", ""));
        assert_eq!((cleared.draft.case.history[0].start.clone(), cleared.draft.typing_errors()), (None, vec![]));
    }

    #[test]
    fn numbers_as_reports_print_them_read_everywhere_and_show_plainly_once_left() {
        for text in ["\u{2212}3,1", "\u{2212}3.1", "\u{2013}3.1", "-3,1", "－３．１"] {
            let state = start().apply(Action::AddDxa(Site::TotalHip)).apply(typed("dxa[0].t_score", text));
            assert_eq!(state.draft.case.dxa[0].t_score, Some(-3.1), "{text}");
            let left = state.apply(Action::Leave("dxa[0].t_score".into()));
            assert_eq!(left.draft.text("dxa[0].t_score"), "-3.1", "{text}");
        }
        let state = start().apply(typed("patient.age_years", "７２"));
        assert_eq!(state.draft.case.patient.age_years, Some(72));
        let state = start().apply(typed("labs.calcium_mmol_l", "2,35"));
        assert_eq!(state.draft.case.labs.calcium_mmol_l, Some(2.35));
    }

    #[test]
    fn a_pasted_list_fills_the_injections_sorted_without_duplicates_and_keeps_each_bad_piece() {
        let state = with_injections(&["2024-03-01"]).apply(Action::AddRow(List::Injections));
        let pasted = "2025-03-06\n2024/9/6; 2025.3.6, 20240301 06/03/2025\r\nsoon";
        let state = state.apply(Action::PasteDates(pasted.into()));
        assert_eq!(injections(&state), ["2024-03-01", "2024-09-06", "2025-03-06", "06/03/2025", "soon"]);
        assert_eq!(
            state.draft.typing_errors(),
            vec![
                ("denosumab.injections[3]".to_string(), TypingError::YearLast),
                ("denosumab.injections[4]".to_string(), TypingError::NotADate)
            ],
            "each bad piece named on its own row"
        );
        assert!(state.shows("denosumab.injections[3]") && state.shows("denosumab.injections[4]"));
        assert!(!state.shows("denosumab.injections[0]"));
        // Pasting again merges: the bad rows are read again with the rest, nothing is lost.
        let again = state.apply(Action::PasteDates("2023-09-01 2024-09-06".into()));
        assert_eq!(injections(&again), ["2023-09-01", "2024-03-01", "2024-09-06", "2025-03-06", "06/03/2025", "soon"]);
        assert_eq!(again.draft.typed.len(), 2);
        // A row typed but not yet left is read as shown.
        let typed_row = with_injections(&["2024/3/1"]).apply(Action::PasteDates("2023-9-1\n2024-03-01".into()));
        assert_eq!(injections(&typed_row), ["2023-09-01", "2024-03-01"]);
        assert!(typed_row.draft.typed.is_empty());
    }

    #[test]
    fn problems_show_only_for_fields_left_until_the_result_is_asked_for() {
        let state = start();
        assert!(state.draft.evaluate().is_err(), "a blank form has no report");
        assert!(!state.shows("patient.sex") && !state.shows("patient.age_years"), "and opens without errors");
        let state = state.apply(typed("patient.age_years", "abc"));
        assert!(!state.shows("patient.age_years"), "not while typing");
        let state = state.apply(Action::Leave("patient.age_years".into()));
        assert!(state.shows("patient.age_years") && !state.shows("patient.sex"));
        assert_eq!(state.draft.text("patient.age_years"), "abc", "text that is not a number stays on leaving");
        let asked = state.apply(Action::ShowAll);
        assert!(asked.shows("patient.sex"));
        let loaded = asked.apply(Action::Load(Box::new(Draft::new("2026-11-23"))));
        assert!(!loaded.shows("patient.sex") && !loaded.shows("patient.age_years"), "a new patient starts calm");
        let named = state.apply(set("patient.name", json!("Li"))).draft.case;
        let imported = loaded.apply(Action::Load(Box::new(Draft::from_case(named))));
        assert!(imported.shows("patient.sex"), "a loaded case shows its problems");
    }

    #[test]
    fn the_last_valid_result_stays_on_screen_while_a_field_is_half_typed() {
        let blank = start();
        assert_eq!(blank.on_screen(), (&blank.draft, false), "nothing valid yet: the draft itself");
        let valid = apply_all(
            start(),
            vec![
                set("patient.sex", json!("female")),
                set("patient.menopause", json!("postmenopausal")),
                typed("patient.age_years", "70"),
                Action::AddDxa(Site::FemoralNeck),
                typed("dxa[0].t_score", "-2.7"),
                Action::SetDenosumab(true),
                Action::AddRow(List::Injections),
                typed("denosumab.injections[0]", "2026-05-01"),
            ],
        );
        assert!(valid.draft.evaluate().is_ok());
        assert_eq!(valid.on_screen(), (&valid.draft, false));
        // A second injection typed character by character: every half-typed state keeps the last result.
        let mut state = valid.apply(Action::AddRow(List::Injections));
        let mut last = valid.draft.clone();
        let mut kept = 0;
        for end in 1..="2026-11-01".len() {
            state = state.apply(typed("denosumab.injections[1]", &"2026-11-01"[..end]));
            let (shown, earlier) = state.on_screen();
            if state.draft.evaluate().is_ok() {
                assert_eq!((shown, earlier), (&state.draft, false), "{end}");
                last = state.draft.clone();
            } else {
                assert_eq!((shown, earlier), (&last, true), "{end}");
                kept += 1;
            }
        }
        assert!(kept >= 8, "most prefixes are not dates");
        assert_eq!(state.on_screen(), (&state.draft, false), "finished: the new result");
        // Another patient never shows this one's result.
        let other = state.apply(Action::Load(Box::new(Draft::new("2026-11-23"))));
        assert_eq!(other.on_screen(), (&other.draft, false));
        assert_eq!(other.last_valid, None);
    }

    #[test]
    fn an_edit_that_does_not_fit_the_format_changes_nothing() {
        let state = start();
        assert_eq!(state.apply(set("patient.sex", json!("robot"))), state);
    }

    #[test]
    fn the_draft_round_trips_through_json() {
        let state = apply_all(start(), vec![typed("patient.age_years", "7x"), Action::AddDxa(Site::Radius33)]);
        let text = serde_json::to_string(&state.draft).unwrap();
        assert_eq!(serde_json::from_str::<Draft>(&text).unwrap(), state.draft);
    }

    #[test]
    fn a_loaded_v1_case_is_carried_forward_to_v3_and_reads_the_same() {
        let mut v1 = Draft::default().case;
        v1.format = Some("osteoplan-case/1".into());
        v1.assessed_on = Some(CaseDate("2026-11-22".into()));
        let draft = Draft::from_case(v1.clone());
        assert_eq!(draft.case.format.as_deref(), Some("osteoplan-case/3"));
        assert_eq!(Case { format: v1.format.clone(), ..draft.case.clone() }, v1);
        let mut v2 = v1.clone();
        v2.format = Some("osteoplan-case/2".into());
        assert_eq!(Draft::from_case(v2).case.format.as_deref(), Some("osteoplan-case/3"));
        let other = Case { format: Some("osteoplan-case/9".into()), ..v1 };
        assert_eq!(Draft::from_case(other.clone()).case, other, "an unknown format is kept for its error");
    }

    #[test]
    fn a_study_date_and_machine_are_every_entry_of_the_study() {
        let state = apply_all(
            start(),
            vec![
                Action::AddDxa(Site::LumbarSpine),
                Action::AddDxa(Site::TotalHip),
                Action::AddStudy,
                Action::AddStudy,
                set("dxa_previous[0].date", json!("2023-09-01")),
                set("dxa_previous[0].machine", json!("Hologic A")),
                set("dxa_previous[2].date", json!("2024-09-03")),
                typed("dxa_previous[3].bmd_g_cm2", "0.7x"),
            ],
        );
        let previous = &state.draft.case.dxa_previous;
        let dates: Vec<&str> = previous.iter().map(|e| e.date.as_ref().map_or("", |d| d.0.as_str())).collect();
        assert_eq!(dates, ["2023-09-01", "2023-09-01", "2024-09-03", "2024-09-03"]);
        assert_eq!(previous[1].machine.as_deref(), Some("Hologic A"));
        assert_eq!(previous[2].machine, None, "the other study keeps its own");
        assert_eq!(
            previous.iter().map(|e| e.site).collect::<Vec<_>>(),
            [Some(Site::LumbarSpine), Some(Site::TotalHip)].repeat(2)
        );
        assert_eq!(state.draft.text("dxa_previous[3].bmd_g_cm2"), "0.7x", "kept as typed");
    }

    #[test]
    fn a_pasted_marker_table_adds_a_row_per_line_and_loses_nothing() {
        let state = start().apply(Action::Paste {
            dxa: false,
            text: "Date\tCTX\n2024-03-12\t0.31\n2025-09-10 390 pg/mL\n2026-10-20;0,48\nP1NP 2026-10-20 41\n2026-13-01 abc\n".into(),
        });
        let btm = &state.draft.case.btm;
        assert_eq!(btm.len(), 5, "the heading is skipped, every other line is a row");
        assert_eq!((btm[0].test, btm[0].unit, btm[0].value), (Some(BtmTest::Ctx), Some(BtmUnit::NgMl), Some(0.31)));
        assert_eq!(
            (btm[1].date.clone().unwrap().0.as_str(), btm[1].unit, btm[1].value),
            ("2025-09-10", Some(BtmUnit::PgMl), Some(390.0))
        );
        assert_eq!((btm[2].unit, btm[2].value), (Some(BtmUnit::PgMl), Some(0.48)), "the unit of the row before");
        // A date that is not one is kept as written, to be named beside its field.
        assert_eq!((btm[3].test, btm[3].date.clone().unwrap().0.as_str()), (Some(BtmTest::P1np), "2026-10-20"));
        assert_eq!(state.draft.text("btm[3].value"), "41");
        assert_eq!(btm[4].date.clone().unwrap().0, "2026-13-01");
        assert_eq!(state.draft.text("btm[4].value"), "abc");
        let problems = state.draft.evaluate().unwrap_err();
        assert!(problems.typing.iter().any(|(p, _)| p == "btm[4].value"));
        assert!(problems.engine.iter().any(|e| e.path == "btm[4].date"));
        let more = state.apply(Action::AddRow(List::Btm));
        assert_eq!(more.draft.case.btm[5].unit, Some(BtmUnit::PgMl), "a new row takes the last row's unit");
    }

    #[test]
    fn a_pasted_dxa_table_adds_a_study_per_line_with_a_bmd_per_site() {
        let state = apply_all(
            start(),
            vec![
                Action::AddDxa(Site::LumbarSpine),
                Action::AddDxa(Site::TotalHip),
                Action::Paste { dxa: true, text: "2023-09-01\t0.842\t0.731\n2024-09-03 0.83\n".into() },
            ],
        );
        let previous = &state.draft.case.dxa_previous;
        assert_eq!(previous.len(), 3);
        assert_eq!((previous[0].site, previous[0].bmd_g_cm2), (Some(Site::LumbarSpine), Some(0.842)));
        assert_eq!((previous[1].site, previous[1].bmd_g_cm2), (Some(Site::TotalHip), Some(0.731)));
        assert_eq!((previous[2].date.clone().unwrap().0.as_str(), previous[2].bmd_g_cm2), ("2024-09-03", Some(0.83)));
        assert_eq!(crate::app::follow_up::studies(previous), vec![0..2, 2..3]);
    }

    fn with_settings() -> AppState {
        apply_all(
            start(),
            vec![
                Action::Setting(Box::new(set("profile", json!("cn-2022")))),
                Action::Setting(Box::new(typed("lsc_percent.lumbar_spine", "3.2"))),
                Action::Setting(Box::new(typed("btm_reference.ctx_ng_ml", "0.3"))),
            ],
        )
    }

    #[test]
    fn the_clinic_settings_fill_the_open_case_and_every_new_one() {
        assert_eq!(start().draft.case.profile, crate::clinical::case::Profile::Aace2020, "English suggests AACE");
        let state = with_settings();
        assert!(state.settings_chosen);
        let case = &state.draft.case;
        assert_eq!(
            (case.profile, case.lsc_percent.unwrap().lumbar_spine),
            (crate::clinical::case::Profile::Cn2022, Some(3.2))
        );
        assert!(state.draft.is_blank(), "settings are not an entry");
        let new = state.apply(typed("patient.age_years", "70")).apply(Action::Load(Box::new(Draft::new("2026-11-23"))));
        assert_eq!(new.draft.case.btm_reference.unwrap().ctx_ng_ml, Some(0.3));
        assert_eq!(new.draft.case.profile, crate::clinical::case::Profile::Cn2022);
        // A loaded case with its own values keeps them, its profile too.
        let mut own = Draft::new("2026-11-23");
        own.case.patient.age_years = Some(70);
        own.case.profile = crate::clinical::case::Profile::Aace2020;
        own.case.btm_reference = Some(crate::clinical::case::BtmReference { ctx_ng_ml: Some(0.5), p1np_ng_ml: None });
        let loaded = new.apply(Action::Load(Box::new(own.clone())));
        assert_eq!(
            (loaded.draft.case.profile, loaded.draft.case.btm_reference),
            (own.case.profile, own.case.btm_reference)
        );
        assert_eq!(loaded.draft.case.lsc_percent, with_settings().settings.case.lsc_percent, "what it lacks is filled");
        let changed = loaded.apply(Action::Setting(Box::new(typed("btm_reference.ctx_ng_ml", "0.25"))));
        assert_eq!(changed.draft.case.btm_reference, own.case.btm_reference, "never overwritten");
    }

    #[test]
    fn settings_typed_badly_are_kept_and_emptied_settings_are_none() {
        let state = with_settings().apply(Action::Setting(Box::new(typed("lsc_percent.lumbar_spine", "3,x"))));
        assert_eq!(state.settings.text("lsc_percent.lumbar_spine"), "3,x");
        assert_eq!(state.settings.typing_errors().len(), 1);
        let state = state.apply(Action::Setting(Box::new(typed("lsc_percent.lumbar_spine", ""))));
        assert_eq!((state.settings.case.lsc_percent, state.draft.case.lsc_percent), (None, None));
    }

    #[test]
    fn a_chosen_profile_stays_and_forgetting_goes_back_to_the_suggestion() {
        let zh = AppState::initial(None, Some("zh-CN"), Draft::new("2026-11-22"));
        assert_eq!(zh.draft.case.profile, crate::clinical::case::Profile::Cn2022);
        let chosen = with_settings().apply(Action::Setting(Box::new(set("profile", json!("aace-2020")))));
        assert_eq!(
            chosen.apply(Action::SetLang(Lang::Zh)).draft.case.profile,
            crate::clinical::case::Profile::Aace2020
        );
        let forgotten = chosen.apply(Action::ForgetSettings);
        assert!(!forgotten.settings_chosen);
        assert_eq!((forgotten.draft.case.lsc_percent, forgotten.draft.case.btm_reference), (None, None));
    }
}
