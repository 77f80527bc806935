//! Age limits: "Aged ≥3 and ≤70 years", "18 years of age or older", "between 18 and 65",
//! "18 y/o", "20-70 age", "under 18 or over 50 years of age", "before the 12th birthday".
//!
//! A value is an age when the words say so: "age"/"aged" before it, "of age"/"old" after
//! it, a person ("women 18-89 years") before a number of years, a criterion that is nothing
//! but the value ("at least 18"), or an age it is joined to. Other ages ("gestational age")
//! are measurements.

use super::lex::Tok;
use super::number::{Unit, Value};
use super::phrase;
use super::text::located;
use super::vocab::{Flags, UnitKind, VOCAB};
use super::{Extracted, Scanned};
use crate::record::{AgeBound, AgeLimit, AgeRangeCondition, Comparator, Number, Warning};
use crate::warning::WarningCode;

/// How far before a value its "age" word may stand, in bytes.
const AGE_WORD_REACH: u32 = 30;

/// How far back a person ("women") may stand before a number of years, in bytes.
const PERSON_REACH: u32 = 30;

/// An age found: (value index, item start, item end, comparator the words give).
type Found = (usize, usize, usize, Option<Comparator>);

pub(super) fn extract(c: &Scanned, used: &mut [bool], out: &mut Extracted) {
    let values = c.values;
    let age_word = c.flags.has(Flags::AGE);
    let mut prev_age_end: Option<usize> = None;
    let mut found: Vec<Found> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        if used[i] {
            continue;
        }
        let Some((start, end, cmp)) = age_context(c, v, prev_age_end, age_word) else {
            continue;
        };
        used[i] = true;
        prev_age_end = Some(v.tok_end);
        found.push((i, start, end, cmp));
    }
    // "under 18 or over 50 years of age": a value joined to the age after it, sharing its
    // unit, is an age too.
    let mut is_age = vec![false; values.len()];
    for f in &found {
        is_age[f.0] = true;
    }
    for k in (0..values.len().saturating_sub(1)).rev() {
        if !used[k] && values[k].unit_shared && is_age[k + 1] && plausible(&values[k]) {
            used[k] = true;
            is_age[k] = true;
            found.push((k, values[k].start, values[k].end, None));
        }
    }
    found.sort_by_key(|f| f.0);
    for (i, start, end, cmp) in found {
        let v = &values[i];
        let Some(cond) = bounds(v, cmp) else { continue };
        let (t, span) = located(c.text, start..end);
        if cond.min.is_some() && cond.min == cond.max && v.lo_cmp == Some(Comparator::Eq) {
            out.warnings.push(Warning::new(
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
            section: c.section,
        });
    }
}

/// A number that can be an age at all: no unit or a unit of time, 0 to 130.
fn plausible(v: &Value) -> bool {
    let unit_ok = v.unit.map_or(true, |u| u.kind == UnitKind::Duration);
    unit_ok && v.lo >= 0.0 && v.lo <= 130.0 && v.pair.is_none() && v.out_of.is_none()
}

/// Whether `v` is an age: (item start, item end, comparator read from "up to the age of").
fn age_context(
    c: &Scanned,
    v: &Value,
    prev_age_end: Option<usize>,
    age_word: bool,
) -> Option<(usize, usize, Option<Comparator>)> {
    let (s, toks) = (c.s(), c.toks);
    let voc = &*VOCAB;
    if v.ordinal {
        return birthday(c, v);
    }
    if !plausible(v) {
        return None;
    }
    let own = &toks[v.tok_start..v.tok_num];
    let older = toks
        .get(v.tok_start..v.tok_end.min(toks.len()))
        .unwrap_or(&[])
        .iter()
        .any(|t| voc.age_comparison_words.contains(t));
    let stated = v.lo_cmp.is_some() || v.hi.is_some();
    // "Patients under 18", "women over 40": a person right before a compared whole number
    // of plausible years, with nothing else said about it.
    let person_right_before = v.tok_start > 0 && voc.persons.contains(&toks[v.tok_start - 1]);
    let ends_clause = toks.get(v.tok_end).map_or(true, |t| {
        matches!(t.sym, '.' | ',' | ';' | ':' | ')') || voc.age_clause_ends.contains(t)
    });
    if person_right_before
        && v.unit.is_none()
        && stated
        && v.lo.fract() == 0.0
        && (1.0..=120.0).contains(&v.lo)
        && ends_clause
    {
        return Some((v.start, v.end, None));
    }
    // Without a unit, only "age" words, "or older" or a bare criterion make a number an age.
    if v.unit.is_none() && !age_word && prev_age_end.is_none() && v.tok_start > 0 && !older {
        return None;
    }
    let left_from = {
        let mut k = v.tok_start;
        while k > 0 && v.start as u32 - toks[k - 1].start <= 60 {
            k -= 1;
        }
        k
    };
    let left = left_from..v.tok_start;
    // "gestational age ≥ 37 weeks", "bone age": other ages.
    let other_age = |r: std::ops::Range<usize>| {
        r.into_iter().any(|k| {
            voc.age_words.contains(&toks[k]) && voc.not_age.longest_before(toks, k).is_some()
        })
    };
    if other_age(left.clone()) || other_age(v.tok_start..v.tok_num) {
        return None;
    }
    let after = age_after(s, toks, v);
    let mut end = after.map_or(v.end, |j| toks[j - 1].end as usize);
    let mut after_cmp = None;
    if let Some(j) = after {
        if let Some((k, cmp)) = voc.age_after_cmp.longest_at(toks, j) {
            after_cmp = Some(*cmp);
            end = toks[k - 1].end as usize;
        }
    }
    if let Some((k, cmp)) = age_word_before(toks, v, left_from) {
        return Some((toks[k].start as usize, end, cmp.or(after_cmp)));
    }
    let own_age = own.iter().any(|t| voc.age_words.contains(t));
    if own_age || after.is_some() || older {
        return Some((v.start, end, after_cmp));
    }
    if let Some(p) = prev_age_end {
        let gap = toks.get(p..v.tok_start).unwrap_or(&[]);
        let joined = !gap.is_empty()
            && gap
                .iter()
                .all(|t| t.is_sym(',') || t.is_sym('/') || voc.conjunctions.contains(t));
        if p <= v.tok_start && joined {
            return Some((v.start, end, None));
        }
    }
    let years = v.unit_norm() == Some("years");
    if voc.time_after.longest_at(toks, v.tok_end).is_some() {
        return None;
    }
    let windowish = v.tok_start > 0 && voc.time_window.contains(&toks[v.tok_start - 1]);
    let at_start = v.tok_start == 0;
    if years && stated && !windowish {
        let phrase_ok = match phrase::measurement_before(s, toks, v.tok_start, 0) {
            None => true,
            Some(r) => person_before(s, toks, r.end),
        };
        if phrase_ok && (at_start || person_before(s, toks, v.tok_start)) {
            return Some((v.start, end, None));
        }
    }
    // A criterion that is nothing but the value: "at least 18", "18 and over".
    let rest_empty = toks[v.tok_end..]
        .iter()
        .all(|t| t.is_sym('.') || t.is_sym(';') || t.is_sym(','));
    if at_start && rest_empty && v.unit.is_none() && v.lo >= 1.0 && stated {
        return Some((v.start, end, None));
    }
    None
}

/// Age words after the value ("of age", "years old", "y/o", "yo", "-year-olds"): the token
/// after them.
fn age_after(s: &str, toks: &[Tok], v: &Value) -> Option<usize> {
    let voc = &*VOCAB;
    if let Some((j, _)) = voc.age_after.longest_at(toks, v.tok_end) {
        return Some(j);
    }
    // "18 y/o", "18 y.o.": the age words start at what was read as the unit.
    let u = v.tok_unit?;
    let (j, _) = voc.age_after.longest_at(toks, u)?;
    let _ = s;
    (j > v.tok_end).then_some(j)
}

/// "Age ≥ 18", "aged 18-65", "up to the age of 35": the age word before the value, with
/// nothing between them but words, within [`AGE_WORD_REACH`] bytes: (its token, the
/// comparator written before it).
fn age_word_before(toks: &[Tok], v: &Value, floor: usize) -> Option<(usize, Option<Comparator>)> {
    let voc = &*VOCAB;
    let mut k = v.tok_start;
    while k > floor {
        k -= 1;
        let t = &toks[k];
        if voc.age_words.contains(t) {
            if v.start as u32 - t.end > AGE_WORD_REACH {
                return None;
            }
            let between = &toks[k + 1..v.tok_start];
            let of_only = between.iter().all(|t| voc.age_of.contains(t));
            let mut cmp = None;
            if of_only {
                let mut b = k;
                if b > 0 && voc.age_articles.contains(&toks[b - 1]) {
                    b -= 1;
                }
                cmp = voc
                    .cmp_before
                    .longest_before(toks, b)
                    .or_else(|| voc.age_cmp_words.longest_before(toks, b))
                    .map(|(_, c)| *c);
                if let Some((st, _)) = voc
                    .cmp_before
                    .longest_before(toks, b)
                    .or_else(|| voc.age_cmp_words.longest_before(toks, b))
                {
                    return Some((st.min(k), cmp));
                }
            }
            return Some((k, cmp));
        }
        if t.is_num() || matches!(t.sym, '.' | ';' | ',' | '<' | '>' | '=' | '≤' | '≥') {
            return None;
        }
    }
    None
}

/// A person word before token `end`, within [`PERSON_REACH`] bytes, with no clause end or
/// number between.
fn person_before(s: &str, toks: &[Tok], end: usize) -> bool {
    let voc = &*VOCAB;
    let to = toks.get(end.saturating_sub(1)).map_or(0, |t| t.end);
    let mut k = end;
    while k > 0 {
        k -= 1;
        let t = &toks[k];
        if to - t.end > PERSON_REACH {
            return false;
        }
        if voc.persons.contains(t) {
            return true;
        }
        if t.is_num() || t.is_sym('.') || t.is_sym(';') {
            return false;
        }
    }
    let _ = s;
    false
}

/// "before the 12th birthday": an ordinal age.
fn birthday(c: &Scanned, v: &Value) -> Option<(usize, usize, Option<Comparator>)> {
    let voc = &*VOCAB;
    let toks = c.toks;
    let (j, _) = voc.birthday.longest_at(toks, v.tok_end)?;
    let (st, cmp) = voc.birthday_before.longest_before(toks, v.tok_start)?;
    Some((
        toks[st].start as usize,
        toks[j - 1].end as usize,
        Some(*cmp),
    ))
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
pub(super) fn bounds(v: &Value, cmp: Option<Comparator>) -> Option<AgeRangeCondition> {
    let unit = v.unit.as_ref();
    if let Some(hi) = v.hi {
        let lo_unit = v.lo_unit.as_ref().or(unit);
        return Some(AgeRangeCondition {
            min: Some(bound(v.lo, lo_unit, v.lo_cmp != Some(Comparator::Gt))),
            max: Some(bound(hi, unit, v.hi_cmp != Some(Comparator::Lt))),
        });
    }
    let b = |inc| bound(v.lo, unit, inc);
    Some(match v.lo_cmp.or(cmp) {
        Some(Comparator::Ge) => AgeRangeCondition {
            min: Some(b(true)),
            max: None,
        },
        Some(Comparator::Gt) => AgeRangeCondition {
            min: Some(b(false)),
            max: None,
        },
        Some(Comparator::Le) => AgeRangeCondition {
            min: None,
            max: Some(b(true)),
        },
        Some(Comparator::Lt) => AgeRangeCondition {
            min: None,
            max: Some(b(false)),
        },
        _ => AgeRangeCondition {
            min: Some(b(true)),
            max: Some(b(true)),
        },
    })
}
