//! Rounding for the report: half away from zero (clinical-rules.md §2).

/// Rounds to `decimals` places, half away from zero. The tiny relative nudge keeps values such as 49.305,
/// whose binary form falls just below the half, rounding as written.
pub fn round_to(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    let scaled = x * scale;
    let nudged = scaled + scaled.signum() * scaled.abs().max(1.0) * 1e-12;
    nudged.round() / scale
}

pub fn round2(x: f64) -> f64 {
    round_to(x, 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_round_away_from_zero() {
        assert_eq!(round2(49.305), 49.31);
        assert_eq!(round2(-2.555), -2.56);
        assert_eq!(round2(2.345), 2.35);
        assert_eq!(round_to(-3.05, 1), -3.1);
        assert_eq!(round_to(0.25, 1), 0.3);
    }

    #[test]
    fn other_values_round_to_nearest() {
        assert_eq!(round2(-2.5583), -2.56);
        assert_eq!(round2(-2.0833), -2.08);
        assert_eq!(round2(1.0), 1.0);
        assert_eq!(round2(0.0), 0.0);
    }
}
