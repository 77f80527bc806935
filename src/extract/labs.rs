//! Lab values and other measurements: `[measurement] [comparator] [number] [unit]`.
//!
//! The generic path takes every value expression nobody else claimed and keeps it when the
//! words make it a threshold: a comparator or a range, or a known analyte right before it.
//! Doses, counts ("2 cycles") and time windows ("within 4 weeks") are dropped unless the
//! measurement itself is a time (life expectancy). Classes written in numerals ("NYHA class
//! III", "ASA I-II", "≥ grade 2") have their own small path.

use super::number::{self, Value};
use super::vocab::{self, UnitKind};
use super::{located, phrase, Extracted, Hints, Scanned, WordSet};
use crate::record::{LabThreshold, Normalized, Number, Section};
use crate::span::Mapped;
use regex::Regex;
use std::sync::LazyLock;

/// How far back in its clause a measurement may be named.
const REACH: usize = 60;

/// Words that may follow a bare threshold; any other word means the number counts things
/// ("more than 2 prior regimens").
const FOLLOWERS: &[&str] = &[
    "and", "or", "in", "on", "at", "for", "unless", "except", "if", "with", "without", "as", "by",
    "from", "during", "when", "while", "but", "nor", "measured", "despite", "after", "before",
    "within", "is", "are", "was", "were", "should", "must",
];

/// A measurement named after its value ("< 37 weeks of gestation", "150 cm of height").
static NAMED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(r"(?i)^\s*(?:of\s+)?(?:completed\s+)?(?:(?P<g>gestation|gestational\s+age)|height|body\s+weight|weight)\b")
        .expect("named-after regex")
});

/// Words after a number that make it a count of list items.
static LIST_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(r"(?i)^\s*(?:of\s+(?:the\s+)?(?:following|these|those|which|them)|criteria)\b")
        .expect("list regex")
});

pub(super) fn extract(c: &Scanned, used: &mut [bool], out: &mut Extracted) {
    let (text, values, section) = (c.text, c.values, c.section);
    let s = text.as_str();
    classes(c, used, out);
    let mut floor = 0;
    let mut last: Option<(Option<&'static str>, String, usize)> = None;
    let mut last_end = None;
    let mut last_value: Option<&Value> = None;
    for (i, v) in values.iter().enumerate() {
        let this_floor = floor;
        floor = v.end;
        if used[i] {
            continue;
        }
        // "< 8.0 mg/dl (2.00 mmol/L)": the same threshold again in other units.
        if last_end.is_some_and(|e| is_restatement(s, e, v)) {
            used[i] = true;
            continue;
        }
        let meas = phrase::measurement_before(s, v.start, this_floor);
        if is_reference_range(s, v)
            || meas
                .as_ref()
                .is_some_and(|r| is_label(&s[r.clone()], v) || not_of_participant(&s[r.clone()]))
        {
            continue;
        }
        let mut members = match &meas {
            Some(r) => members(s, r.clone(), this_floor),
            None => Vec::new(),
        };
        let mut inherited = false;
        let mut joined = false;
        if members.is_empty() {
            if let Some((analyte, m, at)) = &last {
                let gap = s
                    .get(*at..v.start)
                    .filter(|g| g.len() <= REACH)
                    .unwrap_or(";");
                if meas.is_none() && !gap.contains([';', '.']) {
                    members.push((*analyte, m.clone(), v.start));
                    inherited = true;
                    let g = gap.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
                    let enumerated =
                        gap.trim_end().ends_with('(') && s[v.end..].trim_start().starts_with(')');
                    joined = !enumerated && !g.trim().is_empty() && phrase::only_separators(g);
                }
            }
        }
        if members.is_empty() {
            members.push((
                None,
                String::new(),
                meas.as_ref().map_or(v.start, |r| r.start),
            ));
        }
        let mut end = v.end;
        let owned;
        let mut v = v;
        let shared;
        // "PSA > 3.0 ng/mL (or 1.5 if …)": a bare alternative shares the last value's
        // comparator and unit.
        if let (true, Some(l)) = (joined, last_value) {
            if v.unit.is_none() && v.lo_cmp.is_none() && v.hi.is_none() && !v.word_number {
                let mut w = v.clone();
                w.lo_cmp = l.lo_cmp;
                w.unit = l.unit.clone();
                shared = w;
                v = &shared;
            }
        }
        if members.iter().all(|m| m.0.is_none()) {
            if let Some((id, words, len, cmp)) = named_after(s, v) {
                members = vec![(Some(id), words, v.start)];
                end = v.end + len;
                if cmp.is_some() {
                    let mut w = v.clone();
                    w.lo_cmp = cmp;
                    owned = w;
                    v = &owned;
                }
            }
        }
        let analyte = members.last().and_then(|m| m.0);
        let time_words = members.iter().any(|m| has_time_word(&m.1))
            || has_time_word(clause_before(s, members[0].2, this_floor));
        let judged = if inherited { None } else { analyte };
        if !is_threshold(s, v, meas.is_some() || joined, judged, analyte, time_words) {
            continue;
        }
        used[i] = true;
        last = Some((
            analyte,
            members.last().map_or(String::new(), |m| m.1.clone()),
            v.end,
        ));
        last_end = Some(v.end);
        last_value = Some(&values[i]);
        let low = meas
            .as_ref()
            .and_then(|r| two_sided_low(s, values, used, i, r.start));
        if let Some(j) = low {
            let lo = &values[j];
            for u in used.iter_mut().take(i).skip(j) {
                *u = true;
            }
            let mut both = v.clone();
            both.start = lo.start;
            both.hi = Some(v.lo);
            both.lo = lo.lo;
            both.lo_cmp = None;
            both.unit = v.unit.clone().or_else(|| lo.unit.clone());
            if let Some((analyte, measurement, _)) = members.pop() {
                push(
                    text,
                    &both,
                    analyte,
                    measurement,
                    lo.start..end,
                    section,
                    out,
                );
            }
            continue;
        }
        for (analyte, measurement, start) in members {
            push(text, v, analyte, measurement, start..end, section, out);
        }
    }
}

/// The measurement written after a value, and a comparator after it ("37 weeks gestation
/// or greater"): (analyte, words, length after the value, comparator).
fn named_after(s: &str, v: &Value) -> Option<(&'static str, String, usize, Option<&'static str>)> {
    let rest = &s[v.end..];
    let c = NAMED_AFTER.captures(rest)?;
    let m = c.get(0)?;
    let id = if c.name("g").is_some() {
        "gestational_age"
    } else {
        phrase::nearest(rest, 0..m.end(), &phrase::ANALYTES)?.2
    };
    let mut len = m.end();
    let mut cmp = None;
    if v.lo_cmp.is_none() && v.hi.is_none() {
        if let Some((c, l)) = number::comparator_after(&rest[len..]) {
            cmp = Some(c);
            len += l;
        }
    }
    Some((id, m.as_str().trim().to_string(), len, cmp))
}

static TIME_MEASURES: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(vocab::TIME_MEASURES));

/// Whether a measurement word names a length of time ("time on steroids", "duration").
fn has_time_word(words: &str) -> bool {
    words
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .any(|w| TIME_MEASURES.contains(w))
}

/// The clause a measurement phrase starting at `at` sits in, up to it.
fn clause_before(s: &str, at: usize, floor: usize) -> &str {
    let reach = number::floor_boundary(s, at.saturating_sub(REACH)).max(floor.min(at));
    let seg = &s[reach..at];
    seg.rfind([';', '.', ',', ':', '('])
        .map_or(seg, |p| &seg[p + 1..])
}

/// A value in brackets right after a threshold repeats it in other units.
fn is_restatement(s: &str, prev_end: usize, v: &Value) -> bool {
    v.unit.is_some()
        && s.get(prev_end..v.start)
            .is_some_and(|g| matches!(g.trim(), "(" | "["))
}

/// Measurements of something other than the participant ("a contraceptive method with a
/// failure rate < 1%", "a country with HIV prevalence > 1%").
fn not_of_participant(meas: &str) -> bool {
    let m = meas.to_ascii_lowercase();
    vocab::NOT_PARTICIPANT.iter().any(|w| m.contains(w))
}

/// A number after a label word is a name ("Day 7-13", "group 1~5", "n=12").
fn is_label(meas: &str, v: &Value) -> bool {
    let last = meas
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let uncompared = matches!(v.lo_cmp, None | Some("=")) && v.unit.is_none();
    uncompared
        && vocab::LABEL_WORDS
            .iter()
            .any(|w| w.eq_ignore_ascii_case(last))
}

/// "Normal homocysteine levels are 4.3-9.9 µmol/L": a reference range, not a limit.
fn is_reference_range(s: &str, v: &Value) -> bool {
    if v.lo_cmp.is_some() {
        return false;
    }
    let clause = clause_before(s, v.start, 0)
        .trim_start()
        .to_ascii_lowercase();
    clause.starts_with("normal")
        || [
            "normal range",
            "reference range",
            "reference interval",
            "normal values",
        ]
        .iter()
        .any(|w| clause.contains(w))
}

/// "130 mmHg ≤ SBP < 180 mmHg", "20=AHI=65": a lower bound written before the
/// measurement, joined to it by a comparator. Returns the lower value's index.
fn two_sided_low(
    s: &str,
    values: &[Value],
    used: &[bool],
    i: usize,
    meas_start: usize,
) -> Option<usize> {
    let v = &values[i];
    v.lo_cmp?;
    let mut j = i.checked_sub(1)?;
    let mut gap = s.get(values[j].end..meas_start)?.trim();
    // "5.6 mmol/L (100 mg/dl) ≤ FPG": skip a restatement in brackets.
    if let Some(g) = gap.strip_prefix(')') {
        let k = j.checked_sub(1)?;
        if !is_restatement(s, values[k].end, &values[j]) {
            return None;
        }
        gap = g.trim();
        j = k;
    }
    let lo = &values[j];
    let ok = !used[j]
        && lo.lo_cmp.is_none()
        && lo.hi.is_none()
        && lo.lo <= v.lo
        && !gap.is_empty()
        && gap
            .chars()
            .all(|c| !c.is_alphanumeric() && !c.is_whitespace())
        && number::comparator_phrase(gap).is_some();
    ok.then_some(j)
}

/// The analytes a measurement phrase names, one per list member ("ALT and AST"), each with
/// the words as written and where they start. Unknown words give one member with no id.
fn members(
    s: &str,
    meas: std::ops::Range<usize>,
    floor: usize,
) -> Vec<(Option<&'static str>, String, usize)> {
    let mut start = meas.start;
    let found = phrase::aliases(s, meas.clone(), &phrase::ANALYTES);
    if found.is_empty() {
        // "bone marrow blasts during the screening period is ≥5%": the analyte sits earlier
        // in the same clause.
        let reach = number::floor_boundary(s, meas.start.saturating_sub(REACH)).max(floor);
        let clause = s[reach..meas.start]
            .rfind([';', '.', ',', ':'])
            .map_or(reach, |p| reach + p + 1);
        if let Some((a, _, id)) = phrase::nearest(s, clause..meas.start, &phrase::ANALYTES) {
            return vec![(Some(id), s[a..meas.end].to_string(), a)];
        }
        return vec![(None, s[meas.clone()].to_string(), meas.start)];
    }
    // Reach back over "X and", "X/", "X (x) and" to earlier list members.
    loop {
        let reach = number::floor_boundary(s, start.saturating_sub(REACH)).max(floor);
        let before = phrase::aliases(s, reach..start, &phrase::ANALYTES);
        match before.last() {
            Some(&(a, b, _)) if b < start && phrase::only_separators(&s[b..start]) => start = a,
            _ => break,
        }
    }
    let all = phrase::aliases(s, start..meas.end, &phrase::ANALYTES);
    let mut groups: Vec<(usize, usize, &'static str)> = Vec::new();
    for (a, b, id) in all.iter().copied() {
        match groups.last_mut() {
            Some(g) if g.2 == id => g.1 = b,
            _ => groups.push((a, b, id)),
        }
    }
    let is_list = groups.len() > 1
        && groups
            .windows(2)
            .all(|w| phrase::only_separators(&s[w[0].1..w[1].0]));
    if is_list {
        let last = groups.len() - 1;
        return groups
            .iter()
            .enumerate()
            .map(|(k, &(a, b, id))| {
                let end = if k == last {
                    meas.end
                } else {
                    closing_paren(s, b)
                };
                (Some(id), s[a..end].trim().to_string(), a)
            })
            .collect();
    }
    let id = phrase::nearest(s, meas.clone(), &phrase::ANALYTES).map(|x| x.2);
    vec![(id, s[meas.clone()].to_string(), meas.start)]
}

/// Extends a list member over a bracket right after it ("AST (SGOT)").
fn closing_paren(s: &str, b: usize) -> usize {
    let rest = &s[b..];
    let t = rest.trim_start();
    if t.starts_with('(') {
        if let Some(j) = t.find(')').filter(|&j| j <= 48) {
            return b + (rest.len() - t.len()) + j + 1;
        }
    }
    b
}

fn starts_with_word(rest: &str, w: &str) -> bool {
    let t = rest.trim_start();
    t.get(..w.len()).is_some_and(|h| h.eq_ignore_ascii_case(w))
        && !t[w.len()..].starts_with(|c: char| c.is_alphanumeric())
}

/// Whether a value with these words around it is a threshold.
/// `analyte` is the one the words name here; `known` also counts one inherited from an
/// earlier value of the same list.
fn is_threshold(
    s: &str,
    v: &Value,
    has_words: bool,
    analyte: Option<&str>,
    known: Option<&str>,
    time_words: bool,
) -> bool {
    let rest = &s[v.end..];
    if LIST_COUNT.is_match(rest) {
        return false;
    }
    // "tumour within 10 cm from the anal verge": a place, not a measurement.
    let length = v
        .unit
        .as_ref()
        .is_some_and(|u| matches!(u.norm, "cm" | "mm" | "m"));
    if length && starts_with_word(rest, "from") {
        return false;
    }
    match v.unit_kind() {
        Some(UnitKind::Count) => return false,
        Some(UnitKind::Dose) if known.is_none() => return false,
        Some(UnitKind::Duration) if !(known == Some("life_expectancy") || time_words) => {
            return false
        }
        _ => {}
    }
    let stated = v.comparator().is_some() || v.pair.is_some();
    if !stated {
        return known.is_some() && has_words && (v.unit.is_some() || v.hi.is_some());
    }
    if v.unit.is_none() {
        if !has_words && analyte.is_none() {
            return false;
        }
        let next: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        if analyte.is_none()
            && !next.is_empty()
            && !FOLLOWERS.iter().any(|f| f.eq_ignore_ascii_case(&next))
        {
            return false;
        }
        // Years and other bare integers are kept only with a comparator and words.
        if v.lo.fract() == 0.0 && (1900.0..=2100.0).contains(&v.lo) && analyte.is_none() {
            return false;
        }
    }
    true
}

fn push(
    text: &Mapped,
    v: &Value,
    analyte: Option<&'static str>,
    measurement: String,
    range: std::ops::Range<usize>,
    section: Section,
    out: &mut Extracted,
) {
    let (t, span) = located(text, range.start.min(v.start)..range.end.max(v.end));
    let unit = v.unit.as_ref().map(|u| u.norm);
    let uln = v.unit_kind() == Some(UnitKind::Uln);
    let comparator = v.comparator().unwrap_or("=");
    if let Some(dia) = v.pair {
        let (sys_id, dia_id) = if matches!(analyte, None | Some("blood_pressure")) {
            (Some("systolic_bp"), Some("diastolic_bp"))
        } else {
            (analyte, analyte)
        };
        for (id, val) in [(sys_id, v.lo), (dia_id, dia)] {
            out.lab_thresholds.push(LabThreshold {
                analyte: id,
                measurement: measurement.clone(),
                comparator,
                value: Number(val),
                value_high: None,
                unit: unit.map(str::to_string),
                uln_multiple: false,
                normalized: None,
                text: t.clone(),
                span,
                section,
            });
        }
        return;
    }
    out.lab_thresholds.push(LabThreshold {
        analyte,
        measurement,
        comparator,
        value: Number(v.lo),
        value_high: v.hi.map(Number),
        unit: unit.map(str::to_string),
        uln_multiple: uln,
        normalized: normalized(analyte, unit, v.lo, v.hi),
        text: t,
        span,
        section,
    });
}

/// The value in the analyte's reference unit, from [`vocab::CONVERSIONS`]; `None` when no
/// row applies (unknown analyte or unit, multiples of the ULN).
fn normalized(
    analyte: Option<&str>,
    unit: Option<&str>,
    lo: f64,
    hi: Option<f64>,
) -> Option<Normalized> {
    let (analyte, unit) = (analyte?, unit?);
    let c = vocab::CONVERSIONS
        .iter()
        .find(|c| c.analytes.contains(&analyte) && c.from == unit)?;
    let conv = |x: f64| Number(round6(x * c.factor + c.offset));
    Some(Normalized {
        value: conv(lo),
        value_high: hi.map(conv),
        unit: c.to,
    })
}

/// Six decimals: enough for any lab value, and no "0.9000000000000001" from the factors.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A class numeral, with the sub-stage letter some scales add ("IIIb", "3A").
const NUMERAL: &str = r"(?:iv|v?i{1,3}|v|vi|[0-9])[abc]?";

fn cmp_alt() -> String {
    vocab::alternation(vocab::COMPARATORS_BEFORE.iter().map(|(a, _)| *a))
}

fn names_alt() -> String {
    vocab::alternation(vocab::CLASS_SCALES.iter().map(|(a, _)| *a))
}

static CLASS_NAME: LazyLock<Regex> =
    LazyLock::new(|| super::vocab::re(&format!(r"(?i){}", names_alt())).expect("class regex"));

/// What may follow a class scale's name up to its numerals.
static CLASS_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(&format!(
        r"(?i)^(?:\s*\([^)]{{0,50}}\)|\s*(?:functional|physical|status|class(?:ification)?|category|score|grade|stage|state|skin|phototype|type|heart\s+failure|of|v(?:ersion)?\s*\d+(?:\.\d+)*)\b|\s*:)*\s*(?P<cmp>(?:{cmp})\s*)?(?:(?:class|grade|stage|status|category)\s*)?(?P<nums>\b{NUMERAL}\b(?:\s*(?:-|–|to|or|and|/|,|&|e)\s*(?:class\s*)?\b{NUMERAL}\b)*)(?P<post>\s*(?:or\s+(?:higher|greater|more|above|worse)|and\s+above|or\s+less|or\s+lower|or\s+better))?",
        cmp = cmp_alt()
    ))
    .expect("class regex")
});

/// "Functional Class II and III by the New York Heart Association".
static CLASS_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(&format!(
        r"(?i)\b(?:functional\s+)?class(?:es)?\s+(?P<nums>\b{NUMERAL}\b(?:\s*(?:-|–|to|or|and|/|,|&)\s*\b{NUMERAL}\b)*)\s+(?:\w+\s+){{0,3}}?(?:by\s+|according\s+to\s+|of\s+)?(?:the\s+)?(?P<name>{names})",
        names = names_alt()
    ))
    .expect("class regex")
});

static GRADE_WORD: LazyLock<Regex> =
    LazyLock::new(|| super::vocab::re(r"(?i)\b(?:grade|stage)\b").expect("grade regex"));

/// After "grade" or "stage": a comparator and a numeral, numerals and "or higher", or a
/// list or range of numerals ("Grade 2 or 3", "stage 3-5"). A lone numeral ("stage II")
/// names a disease stage, not a limit.
static GRADE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(&format!(
        r"(?i)^\s*(?:(?P<cmp>{cmp})\s*(?P<nums>\b{NUMERAL}\b)|(?P<nums2>\b{NUMERAL}\b(?:\s*(?:-|to)\s*\b{NUMERAL}\b)?)\s*(?P<post>or\s+(?:higher|greater|more|above|worse)|and\s+above)|(?P<nums3>\b{NUMERAL}\b(?:\s*(?:-|–|to|or|and|,|/)\s*(?:(?:grade|stage)\s+)?\b{NUMERAL}\b)+)|(?P<nums4>\b{NUMERAL}\b))",
        cmp = cmp_alt()
    ))
    .expect("grade regex")
});

/// Stage codes: TNM ("cT1-2-3", "T1b-T2a", "Nx or N0"), fibrosis ("F3 or F4") and
/// extent ("E1 or E2"), letters from [`vocab::STAGE_CODES`].
static STAGE_CODE: LazyLock<Regex> = LazyLock::new(|| {
    let letters: String = vocab::STAGE_CODES.iter().map(|(c, _)| *c).collect();
    super::vocab::re(&format!(
        r"\b[cpy]?(?P<l>[{letters}])(?:[0-4]|x|is)[a-c]?(?:\s*(?:-|–|to|or|and|/)\s*[cpy]?(?:[{letters}])?(?:[0-4]|x)[a-c]?\b)*(?P<post>\s*or\s+(?:greater|higher|more|above|worse))?\b"
    ))
    .expect("stage code regex")
});

/// Words in the clause before a stage code that say it is one ("Clinical Stage T2b").
static STAGE_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    super::vocab::re(
        r"(?i)\b(?:stag(?:e|es|ing)|classification|fibrosis|metavir|tnm|index|score)\b",
    )
    .expect("stage context regex")
});

fn stage_code_hits(s: &str, hits: &mut Vec<ClassHit>) {
    for c in STAGE_CODE.captures_iter(s) {
        let (Some(all), Some(l)) = (c.get(0), c.name("l")) else {
            continue;
        };
        let from = number::floor_boundary(s, all.start().saturating_sub(REACH));
        let clause = s[from..all.start()].rsplit([';', '.']).next().unwrap_or("");
        if !STAGE_CONTEXT.is_match(clause) {
            continue;
        }
        let nums: String = all
            .as_str()
            .chars()
            .map(|ch| if ch.is_ascii_digit() { ch } else { ' ' })
            .collect();
        let Some(id) = vocab::STAGE_CODES
            .iter()
            .find(|(k, _)| l.as_str().starts_with(*k))
            .map(|(_, id)| *id)
        else {
            continue;
        };
        hits.push(ClassHit {
            start: all.start(),
            end: all.end(),
            id,
            name: l.as_str().to_string(),
            cmp: c
                .name("post")
                .and_then(|x| number::comparator_after(x.as_str()).map(|y| y.0)),
            nums,
        });
    }
}

/// Numerals of a class list ("II-IV", "4 or 5"): their values, low to high.
fn numerals(s: &str) -> Vec<f64> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter_map(|w| {
            let l = w.to_ascii_lowercase();
            let l = match l.strip_suffix(['a', 'b', 'c']) {
                Some(t) if !t.is_empty() => t.to_string(),
                _ => l,
            };
            vocab::ROMAN
                .iter()
                .find(|(r, _)| *r == l)
                .map(|(_, v)| *v)
                .or_else(|| l.parse::<f64>().ok())
        })
        .collect()
}

/// A class or grade found: where, which, and what the numerals say.
struct ClassHit {
    start: usize,
    end: usize,
    id: &'static str,
    name: String,
    cmp: Option<&'static str>,
    nums: String,
}

/// The [`vocab::CLASS_SCALES`] id of a scale name as written (any spacing, any case).
fn class_scale(name: &str) -> Option<&'static str> {
    let key = name.split_whitespace().collect::<Vec<_>>().join(" ");
    vocab::CLASS_SCALES
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(&key))
        .map(|(_, id)| *id)
}

/// The comparator a class or grade pattern captured: before the numerals (`cmp`) or after
/// them ("or higher", `post`).
fn written_cmp(c: &regex::Captures) -> Option<&'static str> {
    c.name("cmp")
        .and_then(|x| number::comparator_phrase(x.as_str()))
        .or_else(|| {
            c.name("post")
                .and_then(|x| number::comparator_after(x.as_str()).map(|y| y.0))
        })
}

fn class_hits(s: &str, hints: Hints) -> Vec<ClassHit> {
    let mut hits = Vec::new();
    if hints.stage() {
        stage_code_hits(s, &mut hits);
    }
    if !hints.class() {
        return hits;
    }
    for m in CLASS_NAME.find_iter(s) {
        let Some(c) = CLASS_TAIL.captures(&s[m.end()..]) else {
            continue;
        };
        let (Some(all), Some(nums)) = (c.get(0), c.name("nums")) else {
            continue;
        };
        let pre = number::comparator_before(s, m.start());
        let Some(id) = class_scale(m.as_str()) else {
            continue;
        };
        let closes = s[m.end() + all.end()..]
            .chars()
            .next()
            .map_or(true, |ch| ",;.)".contains(ch));
        let lone_i = nums.as_str().eq_ignore_ascii_case("i")
            && pre.is_none()
            && c.name("cmp").is_none()
            && !closes
            && !all.as_str()[..nums.start()]
                .to_ascii_lowercase()
                .contains("class");
        if lone_i {
            continue;
        }
        let cmp = pre.map(|p| p.0).or_else(|| written_cmp(&c));
        hits.push(ClassHit {
            start: pre.map_or(m.start(), |p| p.1),
            end: m.end() + all.end(),
            id,
            name: m.as_str().to_string(),
            cmp,
            nums: nums.as_str().to_string(),
        });
    }
    for c in CLASS_FIRST.captures_iter(s) {
        let (Some(all), Some(nums), Some(name)) = (c.get(0), c.name("nums"), c.name("name")) else {
            continue;
        };
        let Some(id) = class_scale(name.as_str()) else {
            continue;
        };
        hits.push(ClassHit {
            start: all.start(),
            end: all.end(),
            id,
            name: name.as_str().to_string(),
            cmp: None,
            nums: nums.as_str().to_string(),
        });
    }
    for m in GRADE_WORD.find_iter(s) {
        let pre = number::comparator_before(s, m.start());
        let Some(c) = GRADE_TAIL.captures(&s[m.end()..]) else {
            continue;
        };
        let (Some(all), Some(nums)) = (
            c.get(0),
            c.name("nums")
                .or(c.name("nums2"))
                .or(c.name("nums3"))
                .or(c.name("nums4")),
        ) else {
            continue;
        };
        let cmp = pre.map(|p| p.0).or_else(|| written_cmp(&c));
        if cmp.is_none() && c.name("nums3").is_none() {
            continue;
        }
        hits.push(ClassHit {
            start: pre.map_or(m.start(), |p| p.1),
            end: m.end() + all.end(),
            id: if m.as_str().eq_ignore_ascii_case("stage") {
                "stage"
            } else {
                "grade"
            },
            name: m.as_str().to_string(),
            cmp,
            nums: nums.as_str().to_string(),
        });
    }
    hits
}

/// Classes and grades written with numerals.
fn classes(c: &Scanned, used: &mut [bool], out: &mut Extracted) {
    let (text, values, hints, section) = (c.text, c.values, c.hints, c.section);
    let s = text.as_str();
    let mut hits = class_hits(s, hints);
    hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
    let mut taken_to = 0;
    for h in hits {
        if h.start < taken_to {
            continue;
        }
        let mut ns = numerals(&h.nums);
        if ns.is_empty() {
            continue;
        }
        taken_to = h.end;
        ns.sort_by(|a, b| a.total_cmp(b));
        let lo = ns[0];
        let hi = ns[ns.len() - 1];
        let (comparator, value_high) = match h.cmp {
            Some(c) => (c, None),
            None if hi > lo => ("between", Some(Number(hi))),
            None => ("=", None),
        };
        let first = values.partition_point(|v| v.end <= h.start);
        for (k, v) in values.iter().enumerate().skip(first) {
            if v.num_start >= h.end {
                break;
            }
            used[k] = true;
        }
        let (t, span) = located(text, h.start..h.end);
        out.lab_thresholds.push(LabThreshold {
            analyte: Some(h.id),
            measurement: h.name,
            comparator,
            value: Number(lo),
            value_high,
            unit: None,
            uln_multiple: false,
            normalized: None,
            text: t,
            span,
            section,
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::run;
    use crate::record::LabThreshold;

    fn labs(s: &str) -> Vec<LabThreshold> {
        run(s).lab_thresholds
    }

    /// (analyte, comparator, value, value_high, unit)
    type Brief = (
        Option<&'static str>,
        &'static str,
        f64,
        Option<f64>,
        Option<String>,
    );

    fn brief(s: &str) -> Vec<Brief> {
        labs(s)
            .into_iter()
            .map(|l| {
                (
                    l.analyte,
                    l.comparator,
                    l.value.0,
                    l.value_high.map(|n| n.0),
                    l.unit,
                )
            })
            .collect()
    }

    fn u(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn seed_labs() {
        assert_eq!(
            brief("Absolute neutrophil count (ANC) ≥ 500/μL unless, in the opinion of the investigator"),
            vec![(Some("absolute_neutrophil_count"), ">=", 500.0, None, u("/uL"))]
        );
        assert_eq!(
            brief("Platelet count ≥ 50,000/μL unless"),
            vec![(Some("platelet_count"), ">=", 50000.0, None, u("/uL"))]
        );
        assert_eq!(
            brief("Absolute lymphocyte count ≥ 100/μL."),
            vec![(
                Some("absolute_lymphocyte_count"),
                ">=",
                100.0,
                None,
                u("/uL")
            )]
        );
        assert_eq!(
            brief("cardiac echocardiography with LVSF<30% or LVEF<40%; or clinically significant pericardial effusion."),
            vec![(Some("lvsf"), "<", 30.0, None, u("%")), (Some("lvef"), "<", 40.0, None, u("%"))]
        );
        assert_eq!(
            brief("GFR <30 ml/min or bilirubin >3 times the upper limit of normality (unless due to Gilbert's syndrome)."),
            vec![(Some("gfr"), "<", 30.0, None, u("mL/min")), (Some("total_bilirubin"), ">", 3.0, None, u("ULN"))]
        );
        assert_eq!(
            brief("Life expectancy greater than 12 weeks."),
            vec![(Some("life_expectancy"), ">", 12.0, None, u("weeks"))]
        );
    }

    #[test]
    fn seed_004_organ_function() {
        let got = brief("Serum total bilirubin <2× upper limit of normal (ULN), serum ALT and AST both <3× ULN, serum creatinine <1.5× ULN; Coagulation function: International normalized ratio (INR) ≤1.5× ULN, or prothrombin time (PT) ≤1.5× ULN; Transthoracic echocardiogram shows left ventricular ejection fraction (LVEF) ≥50%; Resting oxygen saturation (SpO2) ≥92% in ambient air; Estimated survival period of more than 3 months;");
        let want = vec![
            (Some("total_bilirubin"), "<", 2.0, None, u("ULN")),
            (Some("alt"), "<", 3.0, None, u("ULN")),
            (Some("ast"), "<", 3.0, None, u("ULN")),
            (Some("creatinine"), "<", 1.5, None, u("ULN")),
            (Some("inr"), "<=", 1.5, None, u("ULN")),
            (Some("prothrombin_time"), "<=", 1.5, None, u("ULN")),
            (Some("lvef"), ">=", 50.0, None, u("%")),
            (Some("spo2"), ">=", 92.0, None, u("%")),
            (Some("life_expectancy"), ">", 3.0, None, u("months")),
        ];
        assert_eq!(got, want);
        let l = labs("serum ALT and AST both <3× ULN");
        assert_eq!(l[0].measurement, "ALT");
        assert!(l[0].uln_multiple);
        assert_eq!(l[1].measurement, "AST");
        assert_eq!(l[1].text, "AST both <3× ULN");
        assert_eq!(
            brief("The proportion of bone marrow blasts during the screening period is ≥5% (morphological)."),
            vec![(Some("bone_marrow_blasts"), ">=", 5.0, None, u("%"))]
        );
    }

    #[test]
    fn scientific_and_words() {
        assert_eq!(
            brief("ANC ≥ 1.5 x 10^9/L"),
            vec![(
                Some("absolute_neutrophil_count"),
                ">=",
                1.5,
                None,
                u("10^9/L")
            )]
        );
        assert_eq!(
            brief("platelets no less than 100 × 10⁹/L"),
            vec![(Some("platelet_count"), ">=", 100.0, None, u("10^9/L"))]
        );
        assert_eq!(brief("hemoglobin at least 9 g/dl")[0].1, ">=");
        assert_eq!(brief("creatinine not exceeding 1.5 mg/dL")[0].1, "<=");
        assert_eq!(brief("WBC below 3000/mm3")[0].4, u("/uL"));
        assert_eq!(brief("ALT up to 2.5 x ULN")[0].1, "<=");
        assert_eq!(brief("creatinine > 2,5 mg/dl")[0].2, 2.5);
        assert_eq!(brief("CD4 cell count of 50 cells/mm3or less")[0].1, "<=");
        assert_eq!(brief("FSH＞30 mUI/ml")[0].4, u("mIU/mL"));
        assert_eq!(brief("AST/ALT > 3x upper limit of normal").len(), 2);
    }

    #[test]
    fn ranges_and_unknown_measurements() {
        assert_eq!(
            brief("HbA1c 7.0–10.0%"),
            vec![(Some("hba1c"), "between", 7.0, Some(10.0), u("%"))]
        );
        assert_eq!(
            brief("A MoCA score between 19 and 28 (inclusive)"),
            vec![(Some("moca"), "between", 19.0, Some(28.0), None)]
        );
        let l = labs("Serum ferritin level >= 500 ng/mL; fibrinogen-like thing > 7 mmol/L");
        assert_eq!(l.len(), 2);
        assert_eq!(
            (l[1].analyte, l[1].measurement.as_str()),
            (None, "fibrinogen-like thing")
        );
        assert_eq!(brief("weight ≥ 50 kg")[0].4, u("kg"));
        let bp = brief("Blood pressure greater than 140/90 mmHg");
        assert_eq!(bp.len(), 2);
        assert_eq!(
            (bp[0].0, bp[0].2, bp[1].0, bp[1].2),
            (Some("systolic_bp"), 140.0, Some("diastolic_bp"), 90.0)
        );
    }

    #[test]
    fn markdown_escapes_and_dates() {
        assert_eq!(
            brief(r"cardiac echocardiography with LVSF\<30% or LVEF\<40%"),
            vec![
                (Some("lvsf"), "<", 30.0, None, u("%")),
                (Some("lvef"), "<", 40.0, None, u("%"))
            ]
        );
        assert!(labs("Last reviewed 2026-05-15 by the team").is_empty());
    }

    #[test]
    fn stages_and_grades_listed() {
        assert_eq!(
            brief("Chronic kidney disease stage 3 - 5"),
            vec![(Some("stage"), "between", 3.0, Some(5.0), None)]
        );
        assert_eq!(
            brief("follicular lymphoma grade 1-3a")[0],
            (Some("grade"), "between", 1.0, Some(3.0), None)
        );
        assert_eq!(
            brief("stage IIIa or IIIb disease")[0],
            (Some("stage"), "=", 3.0, None, None)
        );
        assert_eq!(
            brief("Kellgren and Lawrence grade II-III")[0].0,
            Some("kellgren_lawrence_grade")
        );
        assert_eq!(brief("TIMI grade 3 flow")[0].0, Some("timi_flow_grade"));
        assert_eq!(brief("fibrosis stage 4 or higher")[0].1, ">=");
    }

    fn norm(s: &str) -> Option<(f64, Option<f64>, &'static str)> {
        let l = labs(s);
        let n = l[0].normalized.as_ref()?;
        Some((n.value.0, n.value_high.map(|x| x.0), n.unit))
    }

    #[test]
    fn normalized_to_reference_units() {
        assert_eq!(
            norm("Platelets ≥ 100,000/mm3"),
            Some((100.0, None, "10^9/L"))
        );
        assert_eq!(norm("ANC ≥ 1500/μL"), Some((1.5, None, "10^9/L")));
        assert_eq!(norm("WBC > 3 x 10^3/uL"), Some((3.0, None, "10^9/L")));
        assert_eq!(
            norm("lymphocytes ≥ 0.5 x 10^9/L"),
            Some((0.5, None, "10^9/L"))
        );
        assert_eq!(norm("Hemoglobin ≥ 90 g/L"), Some((9.0, None, "g/dL")));
        assert_eq!(norm("Hemoglobin ≥ 9 g/dL"), Some((9.0, None, "g/dL")));
        assert_eq!(
            norm("creatinine ≤ 1.5 mg/dL"),
            Some((132.63, None, "umol/L"))
        );
        assert_eq!(
            norm("total bilirubin < 2 mg/dL"),
            Some((34.2, None, "umol/L"))
        );
        assert_eq!(
            norm("fasting glucose > 126 mg/dL"),
            Some((6.993783, None, "mmol/L"))
        );
        assert_eq!(norm("albumin ≥ 30 g/L"), Some((3.0, None, "g/dL")));
        assert_eq!(
            norm("creatinine clearance ≥ 60 mL/min/1.73 m2"),
            Some((60.0, None, "mL/min/1.73m2"))
        );
        assert_eq!(
            norm("HbA1c 53-75 mmol/mol"),
            Some((7.00044, Some(9.013), "%"))
        );
        assert_eq!(norm("HbA1c ≤ 8%"), Some((8.0, None, "%")));
        assert_eq!(norm("ALT ≤ 2.5 x ULN"), None);
        assert_eq!(norm("ferritin > 500 ng/mL"), None);
        assert_eq!(norm("creatinine > 2 g/dL"), None);
    }

    #[test]
    fn stage_codes() {
        assert_eq!(
            brief("Clinical stage T1c-T2b prostate cancer")[0],
            (Some("tumor_stage"), "between", 1.0, Some(2.0), None)
        );
        assert_eq!(
            brief("METAVIR fibrosis F2 or greater")[0],
            (Some("fibrosis_stage"), ">=", 2.0, None, None)
        );
        assert_eq!(brief("Montreal classification E2 or E3")[0].2, 2.0);
        assert!(labs("T1 or T2 weighted images").is_empty());
        assert!(labs("Press F1 for help").is_empty());
    }

    #[test]
    fn two_sided_and_bracketed() {
        assert_eq!(
            brief("16 ≤ BMI ≤ 35 kg/m2"),
            vec![(Some("bmi"), "between", 16.0, Some(35.0), u("kg/m2"))]
        );
        assert_eq!(
            brief("a 110 mmHg=DBP<140 mmHg"),
            vec![(
                Some("diastolic_bp"),
                "between",
                110.0,
                Some(140.0),
                u("mmHg")
            )]
        );
        assert_eq!(
            brief("10=RDI=50 on polysomnography")[0],
            (None, "between", 10.0, Some(50.0), None)
        );
        assert_eq!(
            brief("6.1 mmol/L (110 mg/dl)≤fasting glucose<7.0 mmol/L (126 mg/dl)"),
            vec![(Some("glucose"), "between", 6.1, Some(7.0), u("mmol/L"))]
        );
        assert_eq!(
            brief("calcium < 2.1 mmol/L (8.5 mg/dL)"),
            vec![(Some("calcium"), "<", 2.1, None, u("mmol/L"))]
        );
        assert_eq!(brief("systolic pressure less than (<) 95 mmHg")[0].1, "<");
        assert_eq!(
            labs("ejection fraction less than or equal to (=<) 35 percent")[0].text,
            "ejection fraction less than or equal to (=<) 35 percent"
        );
        assert_eq!(brief("toxicity below or equal to grade 1")[0].1, "<=");
        assert_eq!(brief("Haemoglobin <U+2266>10 g/dl")[0].1, "<=");
    }

    #[test]
    fn multiples_of_normal() {
        assert_eq!(
            brief("ASAT or ALAT > 3N"),
            vec![
                (Some("ast"), ">", 3.0, None, u("ULN")),
                (Some("alt"), ">", 3.0, None, u("ULN"))
            ]
        );
        assert_eq!(
            brief("AST > x2.5 upper normal limit")[0],
            (Some("ast"), ">", 2.5, None, u("ULN"))
        );
        assert_eq!(
            brief("bilirubin more than twice normal range")[0].4,
            u("ULN")
        );
        assert_eq!(brief("ALT more than four times normal")[0].2, 4.0);
    }

    #[test]
    fn labels_and_reference_ranges() {
        for s in [
            "Samples taken on Day 3-5 of the cycle",
            "patients on potent steroids (group 2~4)",
            "responders (n=40) must also have a biopsy",
            "Normal ferritin levels are 30-400 ng/mL for men and 15-150 ng/mL for women",
            "pain rated on a scale of 0-10",
        ] {
            assert!(labs(s).is_empty(), "{s}: {:?}", labs(s));
        }
        assert_eq!(brief("pain scale ≥ 4")[0].1, ">=");
        assert_eq!(
            brief("BP >140/90 mmHg, 2 or more antihypertensive drugs").len(),
            2
        );
        assert_eq!(brief("ECOG Performance status0-1").len(), 0);
    }

    #[test]
    fn not_thresholds() {
        for s in [
            "Active immunosuppressive therapy with the exception of prednisone 10 mg/day (or equivalent), within 7 days prior to enrolment.",
            "Failure to achieve complete remission after 2 cycles of standardized induction chemotherapy",
            "Enrolled in another clinical trial in the previous 4 weeks.",
            "birth control for at least 12 months after the infusion",
            "Received more than 2 prior chemotherapy regimens",
            "Prostate cancer stage II, diagnosed after January 2015",
            "At least 2 of the following criteria",
            "CTCAE version 4.0; see reference [12]",
            "no more than 2 cycles of therapy",
            "dose > 20 mg/kg",
            "history of 3 or more miscarriages",
            "Published 2019; 12 references",
            "lower edge of the tumour at most 12 cm from the anal verge",
            "Diagnosed after 01/2019 (see ref. [3])",
            "Treatment with at least 3 lines of prior therapy",
            "Stage IV melanoma",
            "Received more than 4 doses of vaccine",
            "Participated in the 2 weeks before Visit 1",
            "Type 2 diabetes mellitus",
            "Protocol version 2.1 dated 12 March 2020",
            "use a contraceptive method with a failure rate of < 1% per year",
            "travel from a region with malaria prevalence > 5%",
            "score for those 20 years old: >1",
        ] {
            assert!(labs(s).is_empty(), "{s}: {:?}", labs(s));
        }
    }

    #[test]
    fn negated_and_inherited() {
        let l = brief("no ALT greater than 3 x ULN");
        assert_eq!(l, vec![(Some("alt"), ">", 3.0, None, u("ULN"))]);
        assert_eq!(
            brief("ALT > 3 x ULN (or 5 if liver metastases)")[1],
            (Some("alt"), ">", 5.0, None, u("ULN"))
        );
        let l = brief("Life expectancy >/= 4 months for maintenance cohorts and >/= 6 months for adjuvant cohorts");
        assert_eq!(l.len(), 2);
        assert_eq!(l[1].0, Some("life_expectancy"));
    }

    #[test]
    fn classes_and_grades() {
        let l = brief("New York Heart Association (NYHA) class III or IV heart failure");
        assert_eq!(
            l,
            vec![(Some("nyha_class"), "between", 3.0, Some(4.0), None)]
        );
        assert_eq!(brief("ASA physical status I-II")[0].0, Some("asa_class"));
        assert_eq!(brief("ASA 4 or 5")[0].2, 4.0);
        assert_eq!(brief("NCI CTCAE v4.0 ≥ Grade 2 toxicity")[0].1, ">=");
        assert_eq!(
            brief("Functional Class II and III by the New York Heart Association (NYHA)")[0].0,
            Some("nyha_class")
        );
        assert_eq!(
            brief("grade II to IV active graft-versus-host disease"),
            vec![(Some("grade"), "between", 2.0, Some(4.0), None)]
        );
        assert!(labs("Prostate cancer stage II at diagnosis").is_empty());
        assert!(labs("Grade 3 fatigue").is_empty());
        assert_eq!(brief("Fitzpatrick skin phototype III-V")[0].2, 3.0);
        assert_eq!(brief("Healthy patients (ASA I)")[0].2, 1.0);
        assert!(labs("Since ASA I have had no pain").is_empty());
        let g = labs("women undergoing caesarean section at less than 37 weeks of gestation.");
        assert_eq!(
            (g[0].analyte, g[0].text.as_str()),
            (Some("gestational_age"), "less than 37 weeks of gestation")
        );
    }
}
