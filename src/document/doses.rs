//! The usual adult dose of each drug a plan starts, as a clinician writes it after the drug's name.

use crate::clinical::case::Drug;
use crate::words::i18n::Lang;

pub fn dose(drug: Drug, lang: Lang) -> Option<&'static str> {
    let pair = match drug {
        Drug::Alendronate => (
            "70 mg once weekly, fasting, with a full glass of water, upright for 30 minutes",
            "70 mg每周1次，空腹，200–300 mL白水送服，服药后30分钟内保持直立",
        ),
        Drug::Risedronate => {
            ("35 mg once weekly, fasting, upright for 30 minutes", "35 mg每周1次，空腹，服药后30分钟内保持直立")
        }
        Drug::Ibandronate => {
            ("150 mg monthly by mouth or 3 mg IV every 3 months", "口服150 mg每月1次，或静脉注射3 mg每3个月1次")
        }
        Drug::ZoledronicAcid => {
            ("5 mg IV over at least 15 minutes, once a year", "5 mg静脉滴注（不少于15分钟），每年1次")
        }
        Drug::Denosumab => ("60 mg s.c. every 6 months", "60 mg皮下注射，每6个月1次"),
        Drug::Teriparatide => ("20 µg s.c. daily", "20 µg皮下注射，每日1次"),
        Drug::Abaloparatide => ("80 µg s.c. daily", "80 µg皮下注射，每日1次"),
        Drug::Romosozumab => ("210 mg s.c. monthly for 12 months", "210 mg皮下注射，每月1次，共12个月"),
        Drug::Raloxifene => ("60 mg daily", "60 mg每日1次"),
        _ => return None,
    };
    Some(lang.pick(pair))
}

/// The dose of an exit drug after denosumab: one infusion, or a tablet for 12–24 months (DMAB-EXIT-SHORT/LONG).
/// Only the long exit checks CTX and repeats the infusion (DMAB-EXIT-LONG); the short one has no CTX checks.
pub fn exit_dose(drug: Drug, long: bool, lang: Lang) -> Option<&'static str> {
    let pair = match drug {
        Drug::ZoledronicAcid if !long => {
            ("5 mg IV over at least 15 minutes, a single infusion", "5 mg静脉滴注（不少于15分钟），单次")
        }
        Drug::ZoledronicAcid => (
            "5 mg IV over at least 15 minutes, a single infusion (again if serum β-CTX is high at 3 or 6 months)",
            "5 mg静脉滴注（不少于15分钟），单次（3或6个月时血清β-CTX偏高则再次输注）",
        ),
        Drug::Alendronate => ("70 mg once weekly for 12–24 months", "70 mg每周1次，持续12–24个月"),
        Drug::Risedronate => ("35 mg once weekly for 12–24 months", "35 mg每周1次，持续12–24个月"),
        _ => return dose(drug, lang),
    };
    Some(lang.pick(pair))
}
