//! `trialparse bench --scaling`: each extractor timed on one ever longer criterion of each
//! of several shapes (number words, comma numbers, lab lists, brackets, …), with the
//! exponent of its growth fitted on a log-log scale. A stage that scans to the end of the
//! text per number, or rescans a window per match, shows an exponent near 2 where linear
//! code shows 1; this is how a quadratic path is caught before a user's 1 MB line finds
//! it (issue 10: "one " and "1," repeated once took seconds).

use crate::extract::timing::{stage_times, STAGES};
use std::time::Duration;

/// Criterion shapes: a name and the unit repeated to build it.
pub const SHAPES: &[(&str, &str)] = &[
    ("number words", "one "),
    ("number-word prose", "at least one prior therapy. "),
    ("comma numbers", "1,"),
    (
        "lab list",
        "Hemoglobin >= 9 g/dL, platelets > 100,000/mm3, ALT <= 2.5 x ULN, ",
    ),
    (
        "ranges and ages",
        "aged 18-65 years or 6 months to 17 years, ",
    ),
    ("comparators", "less than or equal to "),
    ("brackets", "(((( ANC ( ≥ 3 "),
    ("classes", "NYHA class II or III, grade ≥ 2, stage T2N0, "),
    ("variants", "T315I/A/V, E255K, "),
    ("open brackets", "ECOG (age < 16 Karnofsky ( "),
    ("spaced groups", "100 000 "),
    ("grade lists", "grade grade 1 or 2 or "),
    (
        "far values",
        "ALT > 3 x ULN 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, ",
    ),
    (
        "words",
        "the participant must have had a documented history of ",
    ),
];

/// Sizes of the criterion, in bytes (each twice the last).
pub const SIZES: [usize; 5] = [32 << 10, 64 << 10, 128 << 10, 256 << 10, 512 << 10];

/// One stage on one shape: its best time at each size and the fitted exponent.
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    pub shape: &'static str,
    pub stage: &'static str,
    pub times: Vec<(usize, Duration)>,
    /// The slope of log(time) over log(size): 1 is linear, 2 quadratic.
    pub exponent: f64,
}

/// A criterion of about `size` bytes made of `unit` repeated.
pub fn criterion(unit: &str, size: usize) -> String {
    let n = size.div_ceil(unit.len().max(1));
    unit.repeat(n)
}

/// Times every stage on every shape at every size, each the best of `repeats` runs.
pub fn curves(repeats: usize) -> Vec<Curve> {
    let mut out = Vec::new();
    for &(shape, unit) in SHAPES {
        let mut per_stage: Vec<Vec<(usize, Duration)>> = vec![Vec::new(); STAGES.len()];
        for &size in &SIZES {
            let text = criterion(unit, size);
            let mut best = [Duration::MAX; 6];
            for _ in 0..repeats.max(1) {
                let (times, found) = stage_times(&text);
                std::hint::black_box(found);
                for (b, t) in best.iter_mut().zip(times) {
                    *b = (*b).min(t);
                }
            }
            for (k, b) in best.iter().enumerate() {
                per_stage[k].push((text.len(), *b));
            }
        }
        for (k, times) in per_stage.into_iter().enumerate() {
            out.push(Curve {
                shape,
                stage: STAGES[k],
                exponent: exponent(&times),
                times,
            });
        }
    }
    out
}

/// Least-squares slope of log(time) over log(size). Times under a microsecond say nothing
/// about growth and are left out; fewer than two points give 0.
pub fn exponent(points: &[(usize, Duration)]) -> f64 {
    let xy: Vec<(f64, f64)> = points
        .iter()
        .filter(|(_, t)| t.as_secs_f64() > 1e-6)
        .map(|(n, t)| ((*n as f64).ln(), t.as_secs_f64().ln()))
        .collect();
    if xy.len() < 2 {
        return 0.0;
    }
    let n = xy.len() as f64;
    let mx = xy.iter().map(|p| p.0).sum::<f64>() / n;
    let my = xy.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = xy.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = xy.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx > 0.0 {
        sxy / sxx
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponent_of_known_curves() {
        let lin: Vec<(usize, Duration)> = (1..6)
            .map(|k| (1000 * k, Duration::from_micros(50 * k as u64)))
            .collect();
        assert!((exponent(&lin) - 1.0).abs() < 1e-9);
        let quad: Vec<(usize, Duration)> = (1..6)
            .map(|k| (1000 * k, Duration::from_micros(50 * (k * k) as u64)))
            .collect();
        assert!((exponent(&quad) - 2.0).abs() < 1e-9);
        assert_eq!(exponent(&[(10, Duration::from_millis(1))]), 0.0);
    }

    #[test]
    fn criteria_reach_their_size() {
        let c = criterion("1,", 1001);
        assert_eq!(c.len(), 1002);
        assert!(c.starts_with("1,1,"));
    }
}
