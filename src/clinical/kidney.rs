//! Kidney function for the CI and DMAB rules: Cockcroft–Gault creatinine clearance, eGFR, dialysis.
//! `validate` computes both figures once into `Facts`.

use super::case::Sex;

/// Cockcroft–Gault: (140 − age) × weight / (72 × creatinine mg/dL), × 0.85 for women (mL/min).
pub fn cockcroft_gault(age_years: i64, weight_kg: f64, sex: Sex, creatinine_mg_dl: f64) -> f64 {
    let crcl = (140 - age_years) as f64 * weight_kg / (72.0 * creatinine_mg_dl);
    match sex {
        Sex::Female => crcl * 0.85,
        Sex::Male => crcl,
    }
}

/// The kidney function the rules use (mL/min): the lower of CrCl and eGFR; dialysis counts as below 15,
/// represented as 0. `None` when nothing is known (CI-RENAL-UNKNOWN).
pub fn kidney_function(crcl: Option<f64>, egfr: Option<f64>, dialysis: bool) -> Option<f64> {
    if dialysis {
        return Some(0.0);
    }
    match (crcl, egfr) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
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
