//! Age limits: "Aged ≥3 and ≤70 years", "18 years of age or older", "between 18 and 65".
//!
//! A value is an age when the words say so: "age"/"aged" before it, "of age"/"old" after
//! it, a person ("women 18-89 years") before a number of years, or a criterion that is
//! nothing but the value ("at least 18"). Other ages ("gestational age") are measurements.

use super::number::{Unit, Value};
use super::vocab::UnitKind;
use super::{contains_ci, located, phrase, Extracted, Scanned};
use crate::record::{AgeBound, AgeLimit, AgeRangeCondition, Number};
use crate::warning::WarningCode;
use regex::Regex;
use std::sync::LazyLock;

static AGE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(r"(?i)\b(?:ages?|aged)\b[^.;,\d<>=≤≥]{0,30}$").expect("age regex")
});

static NOT_AGE: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(r"(?i)\b(?:gestational|corrected|bone|post-?menstrual|post-?conceptional|mental|skeletal|reading|developmental|fetal|gestation)\s*ages?\b")
        .expect("age regex")
});

static AGE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(r"(?i)^\s*(?:-\s*)?(?:of\s+age|old\b|of\s+the\s+age|y/o\b|yo\b|years?[\s-]+old\b|years?\s+of\s+age)(?:\s+or\s+(?:older|younger|over|above|more))?")
        .expect("age regex")
});

static PERSON_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(r"(?i)\b(?:men|women|males?|females?|patients?|subjects?|adults?|children|child|volunteers?|participants?|individuals?|persons?|people|infants?|neonates?|boys|girls|adolescents?|outpatients|inpatients|population)\b[^.;\d]{0,30}$")
        .expect("person regex")
});

static TIME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(r"(?i)^\s*(?:after|since|before|prior|ago|following|from|post|duration|history|of\s+(?:follow|treatment|therapy|disease|diabetes|experience|smoking|use|exposure))")
        .expect("time regex")
});

static CMP_AGE: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(r"(?i)\b(up\s+to|under|over|above|below|older\s+than|younger\s+than|at\s+least|less\s+than|more\s+than|greater\s+than)\s+(?:the\s+)?ages?\s+(?:of\s+)?$")
        .expect("age regex")
});

static JOINED: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(r"(?i)^[\s,]*(?:or|and|and/or|,)[\s,]*$").expect("join regex")
});

pub(super) fn extract(c: &Scanned, used: &mut [bool], out: &mut Extracted) {
    let (text, values, hints, section) = (c.text, c.values, c.hints, c.section);
    let s = text.as_str();
    let age_word = hints.age();
    let mut prev_age_end: Option<usize> = None;
    for (i, v) in values.iter().enumerate() {
        if used[i] {
            continue;
        }
        let Some((start, end, cmp)) = age_context(s, v, prev_age_end, age_word) else {
            continue;
        };
        let Some(cond) = bounds(v, cmp) else { continue };
        used[i] = true;
        prev_age_end = Some(end);
        let (t, span) = located(text, start..end);
        if cond.min.is_some() && cond.min == cond.max && v.lo_cmp == Some("=") {
            out.warnings.push(crate::record::Warning::new(
                WarningCode::AgeComparatorUnclear,
                format!("age written with a bare '=' ({t}); read as exactly that age"),
                Some(span),
            ));
        }
        out.ages.push(AgeLimit {
            min: cond.min,
            max: cond.max,
            text: t,
            span,
            section,
        });
    }
}

/// Whether `v` is an age: (item start, item end, comparator read from "up to the age of").
fn age_context(
    s: &str,
    v: &Value,
    prev_age_end: Option<usize>,
    age_word: bool,
) -> Option<(usize, usize, Option<&'static str>)> {
    let unit_ok = match &v.unit {
        None => true,
        Some(u) => u.kind == UnitKind::Duration,
    };
    if !unit_ok || v.lo < 0.0 || v.lo > 130.0 || v.pair.is_some() {
        return None;
    }
    // Without a unit, only "age" words, "or older" or a bare criterion make a number an age.
    if v.unit.is_none() && !age_word && prev_age_end.is_none() {
        let t = &s[v.start..v.end];
        let whole = s[..v.start].trim().is_empty();
        if !whole && !contains_ci(t, "older") && !contains_ci(t, "younger") {
            return None;
        }
    }
    let left_start = super::number::floor_boundary(s, v.start.saturating_sub(60));
    let left = &s[left_start..v.start];
    let own = &s[v.start..v.num_start];
    // Every age regex below names "age", so a window without it skips them.
    let left_age = contains_ci(left, "age");
    let own_age = contains_ci(own, "age");
    if (left_age && NOT_AGE.is_match(left)) || (own_age && NOT_AGE.is_match(own)) {
        return None;
    }
    let after = starts_with_any(&s[v.end..], "oOyY")
        .then(|| AGE_AFTER.find(&s[v.end..]))
        .flatten();
    let end = v.end + after.map_or(0, |m| m.end());
    let vtext = &s[v.start..v.end];
    let after_text = after.map_or("", |m| m.as_str());
    let after_cmp = if contains_ci(after_text, "younger") {
        Some("<=")
    } else if ["older", "over", "above", "more"]
        .iter()
        .any(|w| contains_ci(after_text, w))
    {
        Some(">=")
    } else {
        None
    };
    if let Some(m) = left_age.then(|| AGE_BEFORE.find(left)).flatten() {
        let cmp = CMP_AGE
            .captures(left)
            .and_then(|c| c.get(1))
            .and_then(|m| super::number::comparator_phrase(m.as_str()));
        return Some((left_start + m.start(), end, cmp.or(after_cmp)));
    }
    if own_age || after.is_some() || contains_ci(vtext, "older") || contains_ci(vtext, "younger") {
        return Some((v.start, end, after_cmp));
    }
    if let Some(p) = prev_age_end {
        if p <= v.start && JOINED.is_match(&s[p..v.start]) {
            return Some((v.start, end, None));
        }
    }
    let years = v.unit.as_ref().is_some_and(|u| u.norm == "years");
    let stated = v.lo_cmp.is_some() || v.hi.is_some();
    if starts_with_any(&s[v.end..], "aAsSſbBpPfFdDhHoO") && TIME_AFTER.is_match(&s[v.end..]) {
        return None;
    }
    let before = left.trim_end();
    let word_before = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let windowish = super::vocab::TIME_WINDOW_WORDS
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word_before));
    let at_start = s[..v.start].trim().is_empty();
    if years && stated && !windowish {
        let phrase_ok = match phrase::measurement_before(s, v.start, 0) {
            None => true,
            Some(r) => {
                let from = super::number::floor_boundary(s, r.end.saturating_sub(60));
                PERSON_BEFORE.is_match(&s[from..r.end])
            }
        };
        if phrase_ok && (at_start || PERSON_BEFORE.is_match(left)) {
            return Some((v.start, end, None));
        }
    }
    // A criterion that is nothing but the value: "at least 18", "18 and over".
    let rest = s[v.end..].trim_matches(|c: char| c.is_whitespace() || ".;,".contains(c));
    if at_start
        && rest.is_empty()
        && v.unit.is_none()
        && v.lo >= 1.0
        && (stated || v.lo_cmp.is_some())
    {
        return Some((v.start, end, None));
    }
    None
}

/// Whether the first character of `rest` after spaces and a hyphen is one of `first`: a
/// cheap test before an anchored regex whose phrases all start with those letters.
fn starts_with_any(rest: &str, first: &str) -> bool {
    let t = rest.trim_start();
    let t = t.strip_prefix('-').map_or(t, str::trim_start);
    t.chars().next().is_some_and(|c| first.contains(c))
}

fn bound(value: f64, unit: Option<&Unit>, inclusive: bool) -> AgeBound {
    let (u, per) = unit
        .and_then(|u| crate::age::unit(u.norm))
        .unwrap_or(("years", 1.0));
    AgeBound {
        value: Number(value),
        unit: u,
        years: crate::age::years(value, per),
        inclusive,
    }
}

/// The age bounds a value states; `cmp` overrides a missing comparator.
pub(super) fn bounds(v: &Value, cmp: Option<&'static str>) -> Option<AgeRangeCondition> {
    let unit = v.unit.as_ref();
    if let Some(hi) = v.hi {
        let lo_unit = v.lo_unit.as_ref().or(unit);
        return Some(AgeRangeCondition {
            min: Some(bound(v.lo, lo_unit, v.lo_cmp != Some(">"))),
            max: Some(bound(hi, unit, v.hi_cmp != Some("<"))),
        });
    }
    let c = v.lo_cmp.or(cmp);
    let b = |inc| bound(v.lo, unit, inc);
    Some(match c {
        Some(">=") => AgeRangeCondition {
            min: Some(b(true)),
            max: None,
        },
        Some(">") => AgeRangeCondition {
            min: Some(b(false)),
            max: None,
        },
        Some("<=") => AgeRangeCondition {
            min: None,
            max: Some(b(true)),
        },
        Some("<") => AgeRangeCondition {
            min: None,
            max: Some(b(false)),
        },
        _ => AgeRangeCondition {
            min: Some(b(true)),
            max: Some(b(true)),
        },
    })
}

#[cfg(test)]
mod tests {
    use crate::extract::run;
    use crate::record::AgeLimit;

    fn ages(s: &str) -> Vec<AgeLimit> {
        run(s).ages
    }

    /// (min value, min inclusive, max value, max inclusive, unit of the last bound)
    fn one(
        s: &str,
    ) -> (
        Option<f64>,
        Option<bool>,
        Option<f64>,
        Option<bool>,
        &'static str,
    ) {
        let a = ages(s);
        assert_eq!(a.len(), 1, "{s}: {a:?}");
        let a = &a[0];
        let unit = a.max.as_ref().or(a.min.as_ref()).map_or("", |b| b.unit);
        (
            a.min.as_ref().map(|b| b.value.0),
            a.min.as_ref().map(|b| b.inclusive),
            a.max.as_ref().map(|b| b.value.0),
            a.max.as_ref().map(|b| b.inclusive),
            unit,
        )
    }

    #[test]
    fn brief_examples() {
        assert_eq!(
            one("Aged ≥3 and ≤70 years, gender and race unrestricted."),
            (Some(3.0), Some(true), Some(70.0), Some(true), "years")
        );
        assert_eq!(
            one("18 years of age or older"),
            (Some(18.0), Some(true), None, None, "years")
        );
        assert_eq!(
            one("Age between 18 and 65"),
            (Some(18.0), Some(true), Some(65.0), Some(true), "years")
        );
        assert_eq!(
            one("≥ 16 years"),
            (Some(16.0), Some(true), None, None, "years")
        );
        assert_eq!(one("Lansky (age <16 years)").2, Some(16.0));
        assert_eq!(one("Lansky (age <16 years)").3, Some(false));
        let a = ages("Ages 6 months to 17 years");
        assert_eq!(a[0].min.as_ref().unwrap().unit, "months");
        assert_eq!(a[0].min.as_ref().unwrap().years.0, 0.5);
        assert_eq!(a[0].max.as_ref().unwrap().value.0, 17.0);
        assert_eq!(
            one("at least 18"),
            (Some(18.0), Some(true), None, None, "years")
        );
        assert_eq!(
            one("over 21"),
            (Some(21.0), Some(false), None, None, "years")
        );
        assert_eq!(
            one("18 and over"),
            (Some(18.0), Some(true), None, None, "years")
        );
    }

    #[test]
    fn more_forms() {
        assert_eq!(one("Men and women 18-89 years old").0, Some(18.0));
        assert_eq!(one("Subjects ≥ 18 years").0, Some(18.0));
        assert_eq!(
            one("Male or female subjects aged =18 to =65 years").2,
            Some(65.0)
        );
        let a = ages("Aged 18 or over (up to the age of 35 which is the limit)");
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].min.as_ref().map(|b| b.value.0), Some(18.0));
        assert_eq!(a[1].max.as_ref().map(|b| b.value.0), Some(35.0));
        assert_eq!(ages("age under 18y or over 85y").len(), 2);
        assert_eq!(one("Hospitalised children aged 3-mo to 5-yrs").2, Some(5.0));
        assert_eq!(one("Patients older than 18 years").1, Some(false));
        let a = ages("Age = 75 years");
        assert_eq!(a[0].min, a[0].max);
    }

    #[test]
    fn not_ages() {
        for s in [
            "Gestational age ≥ 37 weeks",
            "Diabetes for at least 10 years",
            "Life expectancy > 3 months",
            "Patients with life expectancy of at least 2 years",
            "≥ 2 years since diagnosis",
            "Women of child-bearing potential must use contraception for 6 months after",
        ] {
            assert!(ages(s).is_empty(), "{s}: {:?}", ages(s));
        }
    }

    #[test]
    fn span_covers_anchor_and_value() {
        let a = ages("Male or female, aged 18-65 years, inclusive");
        assert_eq!(a[0].text, "aged 18-65 years");
        assert_eq!((a[0].span.start, a[0].span.end), (16, 32));
    }
}
