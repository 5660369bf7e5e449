//! Input problems as messages next to their fields, in the user's language.
//! English uses the engine's own message (it names the range or the conflict); Chinese says the same by code.

use crate::clinical::errors::{ErrorCode, InputError};
use crate::input::problems::{Problems, TypingError};
use crate::input::small_map::SmallMap;
use crate::words::i18n::{Lang, Text};

/// Every problem as (field path, message): what was typed first, then what the engine found.
pub fn problem_messages(problems: &Problems, lang: Lang) -> impl Iterator<Item = (&str, String)> {
    let typing = problems.typing.iter().map(move |(path, e)| (path.as_str(), typing_message(*e, lang).to_string()));
    let engine = problems.engine.iter().map(move |e| (e.path.as_str(), engine_message(e, lang)));
    typing.chain(engine)
}

/// Field path → message, for the fields `shows` lets through. A path with several problems shows the first.
pub fn field_messages(problems: &Problems, lang: Lang, shows: &dyn Fn(&str) -> bool) -> SmallMap<String, String> {
    let mut out = SmallMap::new();
    for (path, message) in problem_messages(problems, lang) {
        if shows(path) {
            out.insert_if_absent(path.to_string(), message);
        }
    }
    out
}

pub fn typing_message(error: TypingError, lang: Lang) -> &'static str {
    match error {
        TypingError::NotANumber => Text::ErrNotNumber.get(lang),
        TypingError::NotAWholeNumber => Text::ErrNotWhole.get(lang),
        // The clinic list's words for a cell serve the form's date fields as well.
        TypingError::NotADate => Text::ListCellNotDate.get(lang),
        TypingError::YearLast => Text::ListCellYearLast.get(lang),
    }
}

pub fn engine_message(error: &InputError, lang: Lang) -> String {
    match lang {
        Lang::En => error.message.clone(),
        Lang::Zh => code_text(error.code).get(Lang::Zh).to_string(),
    }
}

fn code_text(code: ErrorCode) -> Text {
    match code {
        ErrorCode::Missing => Text::ErrMissing,
        ErrorCode::OutOfRange => Text::ErrOutOfRange,
        ErrorCode::InvalidDate => Text::ErrInvalidDate,
        ErrorCode::UnknownValue => Text::ErrUnknownValue,
        ErrorCode::UnknownField => Text::ErrUnknownField,
        ErrorCode::Duplicate => Text::ErrDuplicate,
        ErrorCode::Inconsistent => Text::ErrInconsistent,
        ErrorCode::Malformed => Text::ErrMalformed,
    }
}

/// A readable name for a field path, for lists of problems away from the form ("DXA 2 · T-score").
pub fn field_label(path: &str, lang: Lang) -> String {
    let mut parts = Vec::new();
    for segment in path.split('.') {
        let (key, index) = match segment.split_once('[') {
            Some((key, rest)) => (key, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (segment, None),
        };
        let text = match key {
            "assessed_on" => Some(Text::AssessedOn),
            "patient" | "labs" | "conditions" | "frax" | "reference" => None,
            "sex" => Some(Text::Sex),
            "age_years" => Some(Text::Age),
            "menopause" => Some(Text::MenopauseField),
            "weight_kg" => Some(Text::Weight),
            "height_cm" => Some(Text::Height),
            "dxa" => Some(Text::SectionDxa),
            "t_score" => Some(Text::TScore),
            "z_score" => Some(Text::ZScore),
            "bmd_g_cm2" => Some(Text::Bmd),
            "mean" => Some(Text::RefMean),
            "sd" => Some(Text::RefSd),
            "fractures" => Some(Text::SectionFractures),
            "site" => Some(Text::Site),
            "date" => Some(Text::Date),
            "mof_percent" => Some(Text::FraxMof),
            "hip_percent" => Some(Text::FraxHip),
            "falls_last_12_months" => Some(Text::Falls),
            "mg_per_day" => Some(Text::GcDose),
            "months" => Some(Text::GcMonths),
            "egfr_ml_min" => Some(Text::Egfr),
            "creatinine_umol_l" | "creatinine_mg_dl" => Some(Text::Creatinine),
            "calcium_mmol_l" | "calcium_mg_dl" => Some(Text::Calcium),
            "vitamin_d_nmol_l" | "vitamin_d_ng_ml" => Some(Text::VitaminD),
            "albumin_g_l" => Some(Text::Albumin),
            "pre_treatment_t_score" => Some(Text::PreTreatmentT),
            "history" => Some(Text::SectionHistory),
            "drug" => Some(Text::DrugField),
            "start" => Some(Text::Start),
            "end" => Some(Text::End),
            "denosumab" => Some(Text::SectionDenosumab),
            "injections" => Some(Text::Injections),
            _ => None,
        };
        let name = text.map_or_else(|| key.to_string(), |t| t.get(lang).to_string());
        if text.is_some() || !matches!(key, "patient" | "labs" | "conditions" | "frax" | "reference") {
            parts.push(match index {
                Some(i) => format!("{name} {}", i + 1),
                None => name,
            });
        }
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_field_names() {
        assert_eq!(field_label("dxa[1].t_score", Lang::En), "DXA 2 · T-score");
        assert_eq!(field_label("patient.age_years", Lang::Zh), "年龄");
        assert_eq!(field_label("denosumab.injections[0]", Lang::En), "Denosumab · Injection dates 1");
    }

    #[test]
    fn chinese_messages_come_from_the_code_and_english_from_the_engine() {
        let problems = Problems {
            typing: vec![("patient.weight_kg".into(), TypingError::NotANumber)],
            engine: vec![InputError::new("patient.age_years", ErrorCode::OutOfRange, "age must be 18–120")],
        };
        let zh = field_messages(&problems, Lang::Zh, &|_| true);
        assert_eq!(zh["patient.weight_kg"], "不是有效数字");
        assert_eq!(zh["patient.age_years"], "超出允许范围");
        assert_eq!(field_messages(&problems, Lang::En, &|_| true)["patient.age_years"], "age must be 18–120");
        let left = field_messages(&problems, Lang::En, &|path| path == "patient.weight_kg");
        assert_eq!((left.len(), left.contains_key("patient.weight_kg")), (1, true), "only the fields let through");
    }
}
