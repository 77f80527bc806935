//! Ages as the registry writes them (`18 Years`, `6 Months`, `N/A`): one table of units,
//! shared by the quick facts of every layout and by the age extractor.

use crate::record::{AgeValue, Number};

/// Unit words (singular, plural and common abbreviations) → (canonical unit, length in years).
pub const AGE_UNITS: &[(&str, &str, f64)] = &[
    ("year", "years", 1.0),
    ("years", "years", 1.0),
    ("yr", "years", 1.0),
    ("yrs", "years", 1.0),
    ("y", "years", 1.0),
    ("month", "months", 1.0 / 12.0),
    ("months", "months", 1.0 / 12.0),
    ("mo", "months", 1.0 / 12.0),
    ("mos", "months", 1.0 / 12.0),
    ("week", "weeks", 7.0 / 365.25),
    ("weeks", "weeks", 7.0 / 365.25),
    ("wk", "weeks", 7.0 / 365.25),
    ("wks", "weeks", 7.0 / 365.25),
    ("day", "days", 1.0 / 365.25),
    ("days", "days", 1.0 / 365.25),
    ("d", "days", 1.0 / 365.25),
    ("hour", "hours", 1.0 / 8766.0),
    ("hours", "hours", 1.0 / 8766.0),
    ("h", "hours", 1.0 / 8766.0),
    ("hr", "hours", 1.0 / 8766.0),
    ("hrs", "hours", 1.0 / 8766.0),
    ("minute", "minutes", 1.0 / 525_960.0),
    ("minutes", "minutes", 1.0 / 525_960.0),
    ("min", "minutes", 1.0 / 525_960.0),
    ("mins", "minutes", 1.0 / 525_960.0),
];

/// Canonical unit and its length in years, for a unit word in any case.
pub fn unit(word: &str) -> Option<(&'static str, f64)> {
    let w = word.trim().trim_end_matches('.');
    AGE_UNITS
        .iter()
        .find(|(k, _, _)| k.eq_ignore_ascii_case(w))
        .map(|(_, u, y)| (*u, *y))
}

/// Value in years, rounded to 4 decimals so JSON stays readable (`0.5`, not `0.49999…`).
pub fn years(value: f64, unit_years: f64) -> Number {
    Number((value * unit_years * 10_000.0).round() / 10_000.0)
}

/// Parses a registry age (`18 Years`, `6 Months`); `None` for `N/A` or anything unclear.
pub fn parse_registry_age(s: &str) -> Option<AgeValue> {
    let mut it = s.split_whitespace();
    let value: f64 = it.next()?.parse().ok()?;
    let (unit, per) = unit(it.next()?)?;
    if it.next().is_some() || !value.is_finite() || value < 0.0 {
        return None;
    }
    Some(AgeValue {
        value: Number(value),
        unit,
        years: years(value, per),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_ages() {
        let a = parse_registry_age("18 Years").unwrap();
        assert_eq!(
            (a.value, a.unit, a.years),
            (Number(18.0), "years", Number(18.0))
        );
        let m = parse_registry_age("6 Months").unwrap();
        assert_eq!((m.unit, m.years), ("months", Number(0.5)));
        assert_eq!(parse_registry_age("1 Day").unwrap().unit, "days");
        assert!(parse_registry_age("N/A").is_none());
        assert!(parse_registry_age("18").is_none());
        assert!(parse_registry_age("18 Years old").is_none());
    }
}
