//! Performance status: "ECOG score 0-2", "ECOG ≤ 1", "Karnofsky > 60", "performance status
//! 0 or 1", and scales that share one value with an age condition each ("Lansky (age <16
//! years) or Karnofsky (age ≥16 years) score of 50 or greater").
//!
//! Each item keeps the comparison as written next to the inclusive bounds it means:
//! "Karnofsky > 60" is `>` 60 and `min` 70, since Karnofsky scores step by ten.

use super::lex::{self, Tok};
use super::number::Value;
use super::text::located;
use super::vocab::{Flags, PerformanceScale, VOCAB};
use super::{ages, Extracted, Scanned};
use crate::record::{AgeRangeCondition, Comparator, Number, PerformanceStatus, Warning};
use crate::warning::WarningCode;

/// Farthest a score may be written after its scale's name, in bytes.
const WINDOW: usize = 70;

/// Tokens within which a scale-less "performance status" belongs to a named scale.
const NAMED_NEAR: usize = 6;

/// Longest bracket after a scale name read as its age condition, in bytes.
const BRACKET_BYTES: u32 = 60;

struct Mention {
    /// First token of the name, and the byte it starts at.
    tok: usize,
    start: usize,
    scale: Option<PerformanceScale>,
    condition: Option<AgeRangeCondition>,
    /// Token where scores may start (after the name and its bracketed age condition).
    skip_to: usize,
}

pub(super) fn extract(c: &Scanned, used: &mut [bool], out: &mut Extracted) {
    if !c.flags.has(Flags::PERFORMANCE) {
        return;
    }
    let (s, toks, values) = (c.s(), c.toks, c.values);
    let mentions = mentions(c);
    let mut found: Vec<Option<(usize, usize)>> = vec![None; mentions.len()];
    for k in (0..mentions.len()).rev() {
        let m = &mentions[k];
        let from_byte = toks.get(m.skip_to).map_or(s.len(), |t| t.start as usize);
        let limit = mentions
            .get(k + 1)
            .map_or(s.len(), |n| n.start)
            .min(from_byte + WINDOW);
        let at = values.partition_point(|v| v.tok_start < m.skip_to);
        let first = values
            .get(at)
            .filter(|v| v.start < limit && !crosses_clause(toks, m.skip_to, v.tok_start))
            .map(|_| at);
        found[k] = match first {
            Some(i) => Some(list_from(toks, values, i)),
            None => match (mentions.get(k + 1), found.get(k + 1).copied().flatten()) {
                (Some(n), Some(shared)) if joined(toks, m.skip_to, n.tok) => Some(shared),
                _ => None,
            },
        };
    }
    for (m, f) in mentions.iter().zip(found) {
        let Some((i, j)) = f else { continue };
        let vals = &values[i..=j];
        let Some(score) = score(m.scale, vals) else {
            continue;
        };
        for u in used.iter_mut().take(j + 1).skip(i) {
            *u = true;
        }
        let end = values[j].end;
        let (t, span) = located(c.text, m.start..end);
        let bare = vals.len() == 1 && vals[0].hi.is_none() && vals[0].lo_cmp.is_none();
        if bare
            && matches!(
                m.scale,
                Some(PerformanceScale::Karnofsky | PerformanceScale::Lansky)
            )
        {
            out.warnings.push(Warning::new(
                WarningCode::PerformanceBoundUnclear,
                format!(
                    "{} score without a comparator ({t}); read as exactly that score",
                    m.scale.map_or("performance", PerformanceScale::as_str)
                ),
                Some(span),
            ));
        }
        out.performance_status.push(PerformanceStatus {
            scale: m.scale,
            comparator: score.comparator,
            value: Number(score.value),
            value_high: score.value_high.map(Number),
            min: score.min.map(Number),
            max: score.max.map(Number),
            condition: m.condition.clone(),
            text: t,
            span,
            section: c.section,
        });
    }
}

/// The scale names in the criterion, in order.
fn mentions(c: &Scanned) -> Vec<Mention> {
    let toks = c.toks;
    let mut out: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let hit = toks[i]
            .has(Flags::PERFORMANCE)
            .then(|| VOCAB.performance_scales.longest_at(toks, i))
            .flatten();
        let Some((j, scale)) = hit else {
            i += 1;
            continue;
        };
        // "ASA-PS": an abbreviation glued to another by a hyphen names something else.
        if lex::hyphen_prefixed(toks, i) && scale.is_none() {
            i = j;
            continue;
        }
        let (condition, skip_to) = condition_after(c, j);
        // "performance status (ECOG) ≤ 1": the scale named in the bracket.
        let named_inside = (j..skip_to).find_map(|k| {
            VOCAB
                .performance_scales
                .longest_at(toks, k)
                .and_then(|(_, sc)| *sc)
        });
        out.push(Mention {
            tok: i,
            start: toks[i].start as usize,
            scale: scale.or(named_inside),
            condition,
            skip_to,
        });
        i = skip_to.max(j);
    }
    // "ECOG performance status 0-1", "performance status (ECOG) 0-1": a scale-less name
    // next to a named one is the same mention.
    let named: Vec<usize> = out
        .iter()
        .filter(|m| m.scale.is_some())
        .map(|m| m.tok)
        .collect();
    out.retain(|m| {
        // The named mentions nearest before and after, found by bisection.
        let k = named.partition_point(|&n| n < m.tok);
        let near = |n: usize| {
            let (a, b) = if n < m.tok { (n, m.tok) } else { (m.tok, n) };
            b - a <= NAMED_NEAR && !crosses_clause(toks, a, b)
        };
        m.scale.is_some()
            || !(k
                .checked_sub(1)
                .and_then(|p| named.get(p))
                .is_some_and(|&n| near(n))
                || named.get(k).is_some_and(|&n| near(n)))
    });
    out
}

/// Whether tokens `a..b` hold a clause end (`;` or `.`).
fn crosses_clause(toks: &[Tok], a: usize, b: usize) -> bool {
    toks.get(a..b)
        .is_some_and(|g| g.iter().any(|t| t.is_sym(';') || t.is_sym('.')))
}

/// Scale names joined so they share the value after the last ("Lansky (…) or Karnofsky").
fn joined(toks: &[Tok], a: usize, b: usize) -> bool {
    toks.get(a..b).is_some_and(|g| {
        g.iter()
            .all(|t| t.is_sym(',') || t.is_sym('/') || VOCAB.conjunctions.contains(t))
    })
}

/// An age condition in a bracket right after a scale name: (condition, token where scores
/// may start).
fn condition_after(c: &Scanned, at: usize) -> (Option<AgeRangeCondition>, usize) {
    let (s, toks, values) = (c.s(), c.toks, c.values);
    if !toks.get(at).is_some_and(|t| t.is_sym('(')) {
        return (None, at);
    }
    let open_byte = toks[at].start;
    let close = (at + 1..toks.len())
        .take_while(|&k| toks[k].start - open_byte <= BRACKET_BYTES)
        .find(|&k| toks[k].is_sym(')'));
    let Some(close) = close else {
        return (None, at);
    };
    let inner = &toks[at + 1..close];
    let about_age = inner.iter().any(|t| {
        VOCAB.age_words.contains(t) || crate::age::unit(t.text(s)) == Some(("years", 1.0))
    });
    if !about_age {
        return (None, close + 1);
    }
    let k = values.partition_point(|v| v.tok_num <= at);
    let cond = values
        .get(k)
        .filter(|v| v.tok_end <= close)
        .and_then(|v| ages::bounds(v, None));
    (cond, close + 1)
}

/// The run of values from `i` that lists scores ("0, 1, or 2"): (first, last) index.
fn list_from(toks: &[Tok], values: &[Value], i: usize) -> (usize, usize) {
    let mut j = i;
    while let Some(n) = values.get(j + 1) {
        let cur = &values[j];
        let gap = toks.get(cur.tok_end..n.tok_start).unwrap_or(&[]);
        let list = gap.len() <= 2
            && gap
                .iter()
                .all(|t| t.is_sym(',') || t.is_sym('/') || VOCAB.conjunctions.contains(t));
        if cur.hi.is_some() || cur.lo_cmp.is_some() || n.lo_cmp.is_some() || !list {
            break;
        }
        j += 1;
    }
    (i, j)
}

/// What a run of values says about a score: as written, and as inclusive bounds.
struct Score {
    comparator: Comparator,
    value: f64,
    value_high: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
}

/// Inclusive score bounds from the written values; strict comparators move by the scale's
/// step. A scale-less score is read on a 0–5 scale, or in tens when over 5.
fn score(scale: Option<PerformanceScale>, vals: &[Value]) -> Option<Score> {
    let v = vals.first()?;
    let largest = vals
        .iter()
        .map(|x| x.hi.unwrap_or(x.lo))
        .fold(f64::NEG_INFINITY, f64::max);
    let step = match scale {
        Some(sc) => sc.step(),
        None if largest > 5.0 => 10.0,
        None => 1.0,
    };
    let top = if step > 1.0 { 100.0 } else { 5.0 };
    let bad_unit = |x: &Value| x.unit.is_some_and(|u| u.norm != "%");
    if vals.iter().any(|x| {
        bad_unit(x)
            || x.out_of.is_some()
            || x.pair.is_some()
            || x.lo < 0.0
            || x.lo > top
            || x.hi.is_some_and(|h| h > top)
    }) {
        return None;
    }
    if vals.len() > 1 {
        let lo = vals.iter().map(|x| x.lo).fold(f64::INFINITY, f64::min);
        return Some(Score {
            comparator: Comparator::Between,
            value: lo,
            value_high: Some(largest),
            min: Some(lo),
            max: Some(largest),
        });
    }
    if let Some(h) = v.hi {
        let lo = if v.lo_cmp == Some(Comparator::Gt) {
            v.lo + step
        } else {
            v.lo
        };
        let hi = if v.hi_cmp == Some(Comparator::Lt) {
            h - step
        } else {
            h
        };
        return Some(Score {
            comparator: Comparator::Between,
            value: v.lo,
            value_high: Some(h),
            min: Some(lo),
            max: Some(hi),
        });
    }
    let written = v.lo_cmp.unwrap_or(Comparator::Eq);
    let (min, max) = match written {
        Comparator::Ge => (Some(v.lo), None),
        Comparator::Gt => (Some(v.lo + step), None),
        Comparator::Le => (None, Some(v.lo)),
        Comparator::Lt => (None, Some(v.lo - step)),
        _ => (Some(v.lo), Some(v.lo)),
    };
    Some(Score {
        comparator: written,
        value: v.lo,
        value_high: None,
        min,
        max,
    })
}
