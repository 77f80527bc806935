//! Thresholds on measured quantities: classes, grades and stages written with numerals
//! ([`classes`]: "NYHA class III", "grade ≥ 2", "T2N0"), then every other value expression
//! whose words make it a limit ([`thresholds`]: "ANC ≥ 1.5 × 10^9/L", "BMI > 18 and < 30").

mod classes;
mod thresholds;

use super::{Extracted, Scanned};
use crate::record::{Bound, Comparator, Number};

pub(super) fn extract(c: &Scanned, used: &mut [bool], out: &mut Extracted) {
    classes::extract(c, used, out);
    thresholds::extract(c, used, out);
}

/// The range a comparison allows: (min, max). `lo_inclusive` and `hi_inclusive` say
/// whether a range's ends are allowed (they are, unless written `>` / `<`).
pub(super) fn bounds(
    comparator: Comparator,
    lo: f64,
    hi: Option<f64>,
    lo_inclusive: bool,
    hi_inclusive: bool,
) -> (Option<Bound>, Option<Bound>) {
    let b = |value: f64, inclusive: bool| {
        Some(Bound {
            value: Number(value),
            inclusive,
        })
    };
    match (comparator, hi) {
        (Comparator::Between, Some(h)) => (b(lo, lo_inclusive), b(h, hi_inclusive)),
        (Comparator::Ge, _) => (b(lo, true), None),
        (Comparator::Gt, _) => (b(lo, false), None),
        (Comparator::Le, _) => (None, b(lo, true)),
        (Comparator::Lt, _) => (None, b(lo, false)),
        _ => (b(lo, true), b(lo, true)),
    }
}
