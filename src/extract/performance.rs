//! Performance status: "ECOG score 0-2", "ECOG ≤ 1", "Karnofsky ≥ 60%", and scales that
//! share one value with an age condition each ("Lansky (age <16 years) or Karnofsky (age
//! ≥16 years) score of 50 or greater").

use super::number::Value;
use super::{ages, located, vocab, Extracted, Scanned};
use crate::record::{AgeRangeCondition, Number, PerformanceStatus, Warning};
use crate::warning::WarningCode;
use regex::Regex;
use std::sync::LazyLock;

static SCALE: LazyLock<Regex> = LazyLock::new(|| {
    let names = vocab::alternation(vocab::SCALES.iter().map(|(a, _)| *a));
    super::vocab::re(&format!(r"(?i){names}")).expect("scale regex")
});

/// Scale names joined so they share the value after the last ("Lansky (…) or Karnofsky").
static JOIN: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(r"(?i)^[\s,]*(?:or|and|and/or|/)[\s,]*$").expect("join regex")
});

/// Values joined into a list of scores ("0, 1, or 2").
static LIST: LazyLock<Regex> =
    LazyLock::new(|| super::vocab::re(r"(?i)^[\s,]*(?:or|and|/|,)?[\s,]*$").expect("list regex"));

/// Farthest a score may be written after its scale's name.
const WINDOW: usize = 70;

struct Mention {
    start: usize,
    scale: &'static str,
    condition: Option<AgeRangeCondition>,
    /// Values inside the bracket after the name (its age condition), not scores.
    skip_to: usize,
}

pub(super) fn extract(c: &Scanned, used: &mut [bool], out: &mut Extracted) {
    let (text, values, hints, section) = (c.text, c.values, c.hints, c.section);
    let s = text.as_str();
    if !hints.scale() {
        return;
    }
    let mut mentions = Vec::new();
    for m in SCALE.find_iter(s) {
        if mentions
            .last()
            .is_some_and(|l: &Mention| m.start() < l.skip_to)
        {
            continue;
        }
        let key = m
            .as_str()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_lowercase();
        let Some(scale) = vocab::SCALES
            .iter()
            .find(|(a, _)| *a == key)
            .map(|(_, v)| *v)
        else {
            continue;
        };
        let (condition, skip_to) = condition_after(s, m.end(), values);
        mentions.push(Mention {
            start: m.start(),
            scale,
            condition,
            skip_to,
        });
    }
    let mut found: Vec<Option<(usize, usize)>> = vec![None; mentions.len()];
    for k in (0..mentions.len()).rev() {
        let m = &mentions[k];
        let limit = mentions
            .get(k + 1)
            .map_or(s.len(), |n| n.start)
            .min(m.skip_to + WINDOW);
        let at = values.partition_point(|v| v.start < m.skip_to);
        let first = values
            .get(at)
            .filter(|v| v.start < limit && !s[m.skip_to..v.start].contains([';', '.']))
            .map(|_| at);
        found[k] = match first {
            Some(i) => Some(list_from(s, values, i)),
            None => match (mentions.get(k + 1), found.get(k + 1).copied().flatten()) {
                (Some(n), Some(shared)) if JOIN.is_match(&s[m.skip_to..n.start]) => Some(shared),
                _ => None,
            },
        };
    }
    for (m, f) in mentions.iter().zip(found) {
        let Some((i, j)) = f else { continue };
        let Some((min, max)) = score_bounds(m.scale, &values[i..=j]) else {
            continue;
        };
        for u in used.iter_mut().take(j + 1).skip(i) {
            *u = true;
        }
        let end = values[j].end;
        let (t, span) = located(text, m.start..end);
        let bare = values[i..=j].len() == 1 && values[i].hi.is_none() && values[i].lo_cmp.is_none();
        if bare && matches!(m.scale, "KARNOFSKY" | "LANSKY") {
            out.warnings.push(Warning::new(
                WarningCode::PerformanceBoundUnclear,
                format!(
                    "{} score without a comparator ({t}); read as exactly that score",
                    m.scale
                ),
                Some(span),
            ));
        }
        out.performance_status.push(PerformanceStatus {
            scale: m.scale,
            min: min.map(Number),
            max: max.map(Number),
            condition: m.condition.clone(),
            text: t,
            span,
            section,
        });
    }
}

/// An age condition in a bracket right after a scale name: (condition, where scores may start).
fn condition_after(s: &str, at: usize, values: &[Value]) -> (Option<AgeRangeCondition>, usize) {
    let rest = &s[at..];
    let t = rest.trim_start();
    if !t.starts_with('(') {
        return (None, at);
    }
    let open = at + (rest.len() - t.len());
    let Some(close) = t.find(')').map(|j| open + j + 1) else {
        return (None, at);
    };
    let inner = s[open..close].to_ascii_lowercase();
    if !inner.contains("age") && !inner.contains("year") {
        return (None, close);
    }
    let at = values.partition_point(|v| v.num_start <= open);
    let cond = values
        .get(at)
        .filter(|v| v.end <= close)
        .and_then(|v| ages::bounds(v, None));
    (cond, close)
}

/// The run of values from `i` that lists scores ("0, 1, or 2"): (first, last) index.
fn list_from(s: &str, values: &[Value], i: usize) -> (usize, usize) {
    let mut j = i;
    while let Some(n) = values.get(j + 1) {
        let cur = &values[j];
        if cur.hi.is_some()
            || cur.lo_cmp.is_some()
            || n.lo_cmp.is_some()
            || !LIST.is_match(&s[cur.end..n.start])
        {
            break;
        }
        j += 1;
    }
    (i, j)
}

/// Inclusive score bounds from the written values; strict comparators move by the scale's step.
fn score_bounds(scale: &str, vals: &[Value]) -> Option<(Option<f64>, Option<f64>)> {
    let step = vocab::SCALE_STEPS
        .iter()
        .find(|(k, _)| *k == scale)
        .map_or(1.0, |(_, v)| *v);
    let top = if step > 1.0 { 100.0 } else { 5.0 };
    let v = vals.first()?;
    let bad_unit = |x: &Value| x.unit.as_ref().is_some_and(|u| u.norm != "%");
    if vals
        .iter()
        .any(|x| bad_unit(x) || x.lo < 0.0 || x.lo > top || x.hi.is_some_and(|h| h > top))
    {
        return None;
    }
    if vals.len() > 1 {
        let lo = vals.iter().map(|x| x.lo).fold(f64::INFINITY, f64::min);
        let hi = vals.iter().map(|x| x.lo).fold(f64::NEG_INFINITY, f64::max);
        return Some((Some(lo), Some(hi)));
    }
    if let Some(h) = v.hi {
        return Some((Some(v.lo), Some(h)));
    }
    Some(match v.lo_cmp {
        Some(">=") => (Some(v.lo), None),
        Some(">") => (Some(v.lo + step), None),
        Some("<=") => (None, Some(v.lo)),
        Some("<") => (None, Some(v.lo - step)),
        _ => (Some(v.lo), Some(v.lo)),
    })
}

#[cfg(test)]
mod tests {
    use crate::extract::run;

    fn ps(s: &str) -> Vec<(&'static str, Option<f64>, Option<f64>)> {
        run(s)
            .performance_status
            .into_iter()
            .map(|p| (p.scale, p.min.map(|n| n.0), p.max.map(|n| n.0)))
            .collect()
    }

    #[test]
    fn scores() {
        assert_eq!(ps("ECOG score 0-2;"), vec![("ECOG", Some(0.0), Some(2.0))]);
        assert_eq!(ps("ECOG ≤ 1"), vec![("ECOG", None, Some(1.0))]);
        assert_eq!(ps("Karnofsky ≥ 60%"), vec![("KARNOFSKY", Some(60.0), None)]);
        assert_eq!(
            ps("ECOG performance status of 0,1, or 2."),
            vec![("ECOG", Some(0.0), Some(2.0))]
        );
        assert_eq!(
            ps("Eastern Cooperative Oncology Group (ECOG) 0 or 1"),
            vec![("ECOG", Some(0.0), Some(1.0))]
        );
        assert_eq!(
            ps("ECOG performance status < 2"),
            vec![("ECOG", None, Some(1.0))]
        );
        assert_eq!(
            ps("Have a Karnofsky performance score of 60 or higher."),
            vec![("KARNOFSKY", Some(60.0), None)]
        );
        assert_eq!(
            ps("WHO performance status 2 or less"),
            vec![("WHO", None, Some(2.0))]
        );
        assert!(run("ECOG 0-1").lab_thresholds.is_empty());
    }

    #[test]
    fn conditional_scales_share_a_value() {
        let out =
            run("Lansky (age <16 years) or Karnofsky (age ≥16 years) score of 50 or greater.");
        let p = &out.performance_status;
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].scale, p[0].min.map(|n| n.0)), ("LANSKY", Some(50.0)));
        assert_eq!(
            (p[1].scale, p[1].min.map(|n| n.0)),
            ("KARNOFSKY", Some(50.0))
        );
        let c0 = p[0].condition.as_ref().unwrap();
        assert_eq!(
            (
                c0.min.is_none(),
                c0.max.as_ref().map(|b| (b.value.0, b.inclusive))
            ),
            (true, Some((16.0, false)))
        );
        let c1 = p[1].condition.as_ref().unwrap();
        assert_eq!(
            c1.min.as_ref().map(|b| (b.value.0, b.inclusive)),
            Some((16.0, true))
        );
        assert_eq!(out.ages.len(), 2);
        assert!(out.lab_thresholds.is_empty());
    }

    #[test]
    fn not_scores() {
        assert!(ps("ECOG assessment within 14 days of registration").is_empty());
        assert!(ps("KPS was recorded. 3 samples").is_empty());
    }
}
