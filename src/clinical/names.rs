//! Display names of the engine's values in both languages, with the glossary's terms. The JSON keeps the spec's
//! machine names (`zoledronic_acid`); people read these.

use super::case::{Drug, Regimen};
use super::denosumab::DmabStatus;
use crate::i18n::Lang;

fn pick(lang: Lang, (en, zh): (&'static str, &'static str)) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

impl Drug {
    pub fn label(self, lang: Lang) -> &'static str {
        pick(
            lang,
            match self {
                Drug::Alendronate => ("alendronate", "阿仑膦酸钠"),
                Drug::Risedronate => ("risedronate", "利塞膦酸钠"),
                Drug::Ibandronate => ("ibandronate", "伊班膦酸钠"),
                Drug::ZoledronicAcid => ("zoledronic acid", "唑来膦酸"),
                Drug::Denosumab => ("denosumab", "地舒单抗"),
                Drug::Raloxifene => ("raloxifene", "雷洛昔芬"),
                Drug::Bazedoxifene => ("bazedoxifene", "巴多昔芬"),
                Drug::Calcitonin => ("calcitonin", "降钙素"),
                Drug::Eldecalcitol => ("eldecalcitol", "艾地骨化醇"),
                Drug::Alfacalcidol => ("alfacalcidol", "阿法骨化醇"),
                Drug::Calcitriol => ("calcitriol", "骨化三醇"),
                Drug::Menatetrenone => ("menatetrenone (vitamin K2)", "四烯甲萘醌（维生素K2）"),
                Drug::Teriparatide => ("teriparatide", "特立帕肽"),
                Drug::Abaloparatide => ("abaloparatide", "阿巴洛肽"),
                Drug::Romosozumab => ("romosozumab", "罗莫索珠单抗"),
                Drug::StrontiumRanelate => ("strontium ranelate", "雷奈酸锶"),
                Drug::GrowthHormone => ("growth hormone", "生长激素"),
                Drug::Testosterone => ("testosterone", "睾酮"),
                Drug::HormoneTherapy => ("menopausal hormone therapy", "绝经激素治疗"),
            },
        )
    }
}

impl Regimen {
    pub fn label(self, lang: Lang) -> &'static str {
        pick(
            lang,
            match self {
                Regimen::Osteoporosis60mgQ6m => {
                    ("subcutaneous injection, 60 mg every 6 months", "皮下注射，每6个月60 mg")
                }
                Regimen::Oncology120mgQ4w => ("120 mg every 4 weeks (oncology)", "每4周120 mg（肿瘤）"),
            },
        )
    }
}

impl DmabStatus {
    pub fn label(self, lang: Lang) -> &'static str {
        pick(
            lang,
            match self {
                DmabStatus::NotStarted => ("not started", "尚未开始"),
                DmabStatus::NotDue => ("not yet due", "未到注射时间"),
                DmabStatus::Due => ("due (inside the window)", "应注射（注射窗口内）"),
                DmabStatus::Late => ("late", "延迟"),
                DmabStatus::Overdue => ("overdue", "严重逾期"),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_drug_has_a_name_in_each_language() {
        for drug in Drug::ALL {
            assert!(drug.label(Lang::En).is_ascii(), "{drug:?}");
            assert!(drug.label(Lang::Zh).chars().any(|c| c > '\u{2E80}'), "{drug:?} has no Chinese name");
        }
    }

    #[test]
    fn names_follow_the_glossary() {
        assert_eq!(Drug::ZoledronicAcid.label(Lang::Zh), "唑来膦酸");
        assert_eq!(Drug::Denosumab.label(Lang::Zh), "地舒单抗");
        assert_eq!(DmabStatus::Overdue.label(Lang::Zh), "严重逾期");
        assert_eq!(Regimen::Osteoporosis60mgQ6m.label(Lang::Zh), "皮下注射，每6个月60 mg");
    }
}
