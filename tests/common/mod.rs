//! Case builders shared by the boundary test files (each test file is its own crate; not every one uses all).
#![allow(dead_code)]

use osteoplan::clinical::case::*;

pub const TODAY: &str = "2026-11-22";

pub fn date(s: &str) -> CaseDate {
    CaseDate(s.to_string())
}

/// A valid postmenopausal woman, 68, assessed 2026-11-22, with one femoral-neck T-score.
pub fn woman(t: f64) -> Case {
    Case {
        format: Some(CASE_FORMAT.into()),
        assessed_on: Some(date(TODAY)),
        patient: Patient {
            sex: Some(Sex::Female),
            age_years: Some(68),
            menopause: Some(Menopause::Postmenopausal),
            ..Patient::default()
        },
        dxa: vec![DxaEntry { site: Some(Site::FemoralNeck), t_score: Some(t), ..DxaEntry::default() }],
        ..Case::default()
    }
}
