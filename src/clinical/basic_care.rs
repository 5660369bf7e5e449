//! Basic care (BASE-*): lifestyle and calcium + vitamin D for everyone, plus the flags that need action.

use serde::Serialize;

use super::facts::Facts;
use super::rules::RuleId::{self, *};

/// Below this 25(OH)D (nmol/L), vitamin D deficiency is flagged (BASE-VITD-LOW).
pub const VITAMIN_D_LOW_NMOL_L: f64 = 50.0;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BasicCare {
    pub rules: Vec<RuleId>,
}

pub fn basic_care(facts: &Facts) -> BasicCare {
    let mut rules = vec![BaseLifestyle, BaseCaVitd];
    if facts.vitamin_d_nmol_l.is_some_and(|v| v < VITAMIN_D_LOW_NMOL_L) {
        rules.push(BaseVitdLow);
    }
    if !facts.secondary_causes.is_empty() {
        rules.push(BaseSecondary);
    }
    BasicCare { rules }
}
