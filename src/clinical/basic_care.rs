//! Basic care (BASE-*): lifestyle and calcium + vitamin D for everyone, plus the flags that need action.

use serde::Serialize;

use super::facts::Facts;
use super::rules::RuleId::{self, *};

/// 25(OH)D below this (nmol/L) is deficiency: load first (BASE-VITD-SEVERE).
pub const VITAMIN_D_DEFICIENT_NMOL_L: f64 = 30.0;
/// 25(OH)D below this (nmol/L) is insufficiency: supplement and proceed (BASE-VITD-LOW).
pub const VITAMIN_D_LOW_NMOL_L: f64 = 50.0;
/// Total calcium below this without albumin needs an albumin to adjust it (BASE-CA-ADJ).
pub const CALCIUM_ADJUST_BELOW_MMOL_L: f64 = 2.20;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BasicCare {
    pub rules: Vec<RuleId>,
}

/// BASE-VITD-SEVERE.
pub fn vitamin_d_deficient(facts: &Facts) -> bool {
    facts.vitamin_d_nmol_l.is_some_and(|v| v < VITAMIN_D_DEFICIENT_NMOL_L)
}

/// BASE-CA-ADJ's missing albumin: a low total calcium that cannot be adjusted yet.
pub fn calcium_needs_albumin(facts: &Facts) -> bool {
    facts.albumin_g_l.is_none() && facts.total_calcium_mmol_l.is_some_and(|ca| ca < CALCIUM_ADJUST_BELOW_MMOL_L)
}

pub fn basic_care(facts: &Facts) -> BasicCare {
    let mut rules = vec![BaseLifestyle, BaseCaVitd];
    if vitamin_d_deficient(facts) {
        rules.push(BaseVitdSevere);
    } else if facts.vitamin_d_nmol_l.is_some_and(|v| v < VITAMIN_D_LOW_NMOL_L) {
        rules.push(BaseVitdLow);
    }
    let adjusted = facts.albumin_g_l.is_some() && facts.total_calcium_mmol_l.is_some();
    if adjusted || calcium_needs_albumin(facts) {
        rules.push(BaseCaAdj);
    }
    if !facts.secondary_causes.is_empty() {
        rules.push(BaseSecondary);
    }
    BasicCare { rules }
}
