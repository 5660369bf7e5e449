//! Kidney function for the CI and DMAB rules: Cockcroft–Gault creatinine clearance, eGFR, dialysis.
//! `validate` computes both figures once into `Facts`.

use serde::Serialize;

use super::case::Sex;

/// Where the kidney function the rules use came from (`risk.kidney_from`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KidneyFrom {
    Crcl,
    Egfr,
    Dialysis,
}

/// Cockcroft–Gault: (140 − age) × weight / (72 × creatinine mg/dL), × 0.85 for women (mL/min).
pub fn cockcroft_gault(age_years: i64, weight_kg: f64, sex: Sex, creatinine_mg_dl: f64) -> f64 {
    let crcl = (140 - age_years) as f64 * weight_kg / (72.0 * creatinine_mg_dl);
    match sex {
        Sex::Female => crcl * 0.85,
        Sex::Male => crcl,
    }
}

/// The kidney function the rules use (mL/min) and its source: the lower of CrCl and eGFR (CrCl on a tie);
/// dialysis counts as below 15, represented as 0. `None` when nothing is known (CI-RENAL-UNKNOWN).
pub fn kidney_function(crcl: Option<f64>, egfr: Option<f64>, dialysis: bool) -> Option<(f64, KidneyFrom)> {
    if dialysis {
        return Some((0.0, KidneyFrom::Dialysis));
    }
    match (crcl, egfr) {
        (Some(c), Some(e)) if e < c => Some((e, KidneyFrom::Egfr)),
        (Some(c), _) => Some((c, KidneyFrom::Crcl)),
        (None, Some(e)) => Some((e, KidneyFrom::Egfr)),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cockcroft_gault_matches_the_spec_example() {
        // 68-year-old woman, 52.5 kg, creatinine 80 µmol/L → 49.31 mL/min (case-format.md).
        let crcl = cockcroft_gault(68, 52.5, Sex::Female, 80.0 / 88.4);
        assert!((crcl - 49.31).abs() < 0.005, "{crcl}");
        let male = cockcroft_gault(68, 52.5, Sex::Male, 80.0 / 88.4);
        assert!((male * 0.85 - crcl).abs() < 1e-9);
    }
}
