//! The two units each lab value may be entered in (case-format.md: one or the other, not both), their domains, and
//! the factor to the unit the rules compare in. Validation and the form's unit switch both read this table.

use serde::{Deserialize, Serialize};

/// A lab value that can be entered in either of two units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lab {
    Creatinine,
    VitaminD,
    Calcium,
}

/// One unit of a lab: its case field, symbol and domain, and the factor to the rules' unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabUnit {
    /// The unit's short name in the form (`umol_l`).
    pub id: &'static str,
    /// The case path (`labs.creatinine_umol_l`).
    pub path: &'static str,
    pub symbol: &'static str,
    pub lo: f64,
    pub hi: f64,
    /// Multiply by this to get the rules' unit: creatinine mg/dL, calcium mmol/L, 25(OH)D nmol/L.
    pub to_rule_unit: f64,
    /// Decimals worth showing after converting between units.
    pub decimals: usize,
    /// For English messages, e.g. "creatinine (µmol/L)".
    pub what: &'static str,
}

impl Lab {
    pub const ALL: [Lab; 3] = [Lab::Creatinine, Lab::VitaminD, Lab::Calcium];

    /// The form field's name (`labs.creatinine`).
    pub fn field(self) -> &'static str {
        match self {
            Lab::Creatinine => "labs.creatinine",
            Lab::VitaminD => "labs.vitamin_d",
            Lab::Calcium => "labs.calcium",
        }
    }

    /// The two units; the first is the default in the form (SI, as Chinese labs report).
    pub fn units(self) -> [LabUnit; 2] {
        match self {
            Lab::Creatinine => [
                LabUnit {
                    id: "umol_l",
                    path: "labs.creatinine_umol_l",
                    symbol: "µmol/L",
                    lo: 10.0,
                    hi: 2000.0,
                    to_rule_unit: 1.0 / 88.4,
                    decimals: 0,
                    what: "creatinine (µmol/L)",
                },
                LabUnit {
                    id: "mg_dl",
                    path: "labs.creatinine_mg_dl",
                    symbol: "mg/dL",
                    lo: 0.1,
                    hi: 25.0,
                    to_rule_unit: 1.0,
                    decimals: 2,
                    what: "creatinine (mg/dL)",
                },
            ],
            Lab::VitaminD => [
                LabUnit {
                    id: "nmol_l",
                    path: "labs.vitamin_d_nmol_l",
                    symbol: "nmol/L",
                    lo: 2.0,
                    hi: 500.0,
                    to_rule_unit: 1.0,
                    decimals: 0,
                    what: "25(OH)D (nmol/L)",
                },
                LabUnit {
                    id: "ng_ml",
                    path: "labs.vitamin_d_ng_ml",
                    symbol: "ng/mL",
                    lo: 1.0,
                    hi: 200.0,
                    to_rule_unit: 2.496,
                    decimals: 1,
                    what: "25(OH)D (ng/mL)",
                },
            ],
            Lab::Calcium => [
                LabUnit {
                    id: "mmol_l",
                    path: "labs.calcium_mmol_l",
                    symbol: "mmol/L",
                    lo: 1.0,
                    hi: 4.0,
                    to_rule_unit: 1.0,
                    decimals: 2,
                    what: "calcium (mmol/L)",
                },
                LabUnit {
                    id: "mg_dl",
                    path: "labs.calcium_mg_dl",
                    symbol: "mg/dL",
                    lo: 4.0,
                    hi: 16.0,
                    to_rule_unit: 0.2495,
                    decimals: 1,
                    what: "calcium (mg/dL)",
                },
            ],
        }
    }

    pub fn unit(self, id: &str) -> Option<LabUnit> {
        self.units().into_iter().find(|u| u.id == id)
    }
}

/// The same quantity in another unit, rounded to that unit's useful decimals.
pub fn convert(value: f64, from: &LabUnit, to: &LabUnit) -> f64 {
    let scale = 10f64.powi(to.decimals as i32);
    (value * from.to_rule_unit / to.to_rule_unit * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_use_the_rule_book_factors() {
        let [umol, mg] = Lab::Creatinine.units();
        assert_eq!(convert(88.4, &umol, &mg), 1.0);
        assert_eq!(convert(1.0, &mg, &umol), 88.0);
        let [nmol, ng] = Lab::VitaminD.units();
        assert_eq!(convert(20.0, &ng, &nmol), 50.0);
        assert_eq!(convert(50.0, &nmol, &ng), 20.0);
        let [mmol, mg] = Lab::Calcium.units();
        assert_eq!(convert(10.0, &mg, &mmol), 2.5);
        assert_eq!(convert(2.1, &mmol, &mg), 8.4);
    }
}
