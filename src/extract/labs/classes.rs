//! Classes, grades and stages written with numerals: "NYHA class III or IV", "ASA I-II",
//! "Functional Class II by the New York Heart Association", "≥ grade 2", "stage 3-5",
//! "Clinical stage T1c-T2b", "METAVIR F2 or greater".
//!
//! A lone numeral after "grade" or "stage" ("stage II", "Grade 3 fatigue") names a disease
//! or an event, not a limit; it is kept only with a comparator or as a list.

use super::bounds;
use crate::extract::lex::{glued, Tok, TokKind};
use crate::extract::number::comparator;
use crate::extract::text::located;
use crate::extract::vocab::{scales, Flags, VOCAB};
use crate::extract::{Extracted, Scanned};
use crate::record::{Comparator, Kind, LabThreshold, Number};

/// How far back in its clause the words that make a code a stage code may stand, in bytes.
const REACH: u32 = 60;

/// Longest bracket skipped between a scale's name and its numerals, in bytes.
const BRACKET_BYTES: u32 = 50;

/// A class or grade found: its tokens, which scale, and what the numerals say.
struct ClassHit {
    start: usize,
    end: usize,
    id: &'static str,
    kind: Kind,
    name: String,
    cmp: Option<Comparator>,
    nums: Vec<f64>,
}

pub(super) fn extract(c: &Scanned, used: &mut [bool], out: &mut Extracted) {
    let (toks, values) = (c.toks, c.values);
    let mut hits = Vec::new();
    if c.flags.has(Flags::STAGE) {
        stage_codes(c, &mut hits);
    }
    if c.flags.has(Flags::CLASS) {
        named_classes(c, &mut hits);
        class_first(c, &mut hits);
        grades(c, &mut hits);
    }
    hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
    let mut taken_to = 0;
    for mut h in hits {
        if h.start < taken_to || h.nums.is_empty() {
            continue;
        }
        taken_to = h.end;
        h.nums.sort_by(f64::total_cmp);
        let lo = h.nums[0];
        let hi = h.nums[h.nums.len() - 1];
        let (comparator, value_high) = match h.cmp {
            Some(c) => (c, None),
            None if hi > lo => (Comparator::Between, Some(hi)),
            None => (Comparator::Eq, None),
        };
        let (a, b) = (toks[h.start].start as usize, toks[h.end - 1].end as usize);
        // Values are in text order: the ones inside the hit are a run.
        let first = values.partition_point(|v| v.num_start < a);
        for (k, v) in values.iter().enumerate().skip(first) {
            if v.num_start >= b {
                break;
            }
            used[k] = true;
        }
        let (min, max) = bounds(comparator, lo, value_high, true, true);
        let (t, span) = located(c.text, a..b);
        out.lab_thresholds.push(LabThreshold {
            analyte: Some(h.id),
            kind: h.kind,
            measurement: h.name,
            comparator,
            value: Number(lo),
            value_high: value_high.map(Number),
            min,
            max,
            unit: None,
            uln_multiple: false,
            normalized: None,
            text: t,
            span,
            section: c.section,
        });
    }
}

/// The value of a class numeral token ("III", "IIIb", "3", "3A"): (value, token after it).
fn numeral(s: &str, toks: &[Tok], i: usize) -> Option<(f64, usize)> {
    let t = toks.get(i)?;
    // "4 weeks": a number of something, not a class.
    if t.is_num()
        && toks
            .get(i + 1)
            .is_some_and(|n| n.is_word() && crate::age::unit(n.text(s)).is_some())
    {
        return None;
    }
    match t.kind {
        TokKind::Num => {
            let text = t.text(s);
            // "stage 1.5" (Hoehn and Yahr's half stages) as well as "stage 3".
            let half = text.len() == 3 && text.ends_with(".5");
            if text.len() != 1 && !half {
                return None;
            }
            let v: f64 = text.parse().ok()?;
            // "3A": a subclass letter glued to the digit.
            let sub = toks
                .get(i + 1)
                .is_some_and(|n| n.is_word() && glued(t, n) && is_subclass(n.text(s)));
            Some((v, if sub { i + 2 } else { i + 1 }))
        }
        TokKind::Word => {
            let w = t.text(s).to_ascii_lowercase();
            if let Some(v) = VOCAB.roman.get(&t.key) {
                return Some((*v, i + 1));
            }
            let base = w.strip_suffix(scales_subclass)?;
            if base.is_empty() {
                return None;
            }
            let key = crate::extract::lex::key_of(base);
            VOCAB.roman.get(&key).map(|v| (*v, i + 1))
        }
        _ => None,
    }
}

fn scales_subclass(c: char) -> bool {
    crate::extract::vocab::numbers::SUBCLASS_LETTERS.contains(&c)
}

fn is_subclass(w: &str) -> bool {
    w.len() == 1 && w.chars().all(|c| scales_subclass(c.to_ascii_lowercase()))
}

/// Numerals joined into a list or range from token `i` ("II-IV", "4 or 5", "II and III",
/// "class II to class III"): (values, token after the last).
fn numerals(s: &str, toks: &[Tok], i: usize, opener: bool) -> Option<(Vec<f64>, usize)> {
    let voc = &*VOCAB;
    let (first, mut end) = numeral(s, toks, i)?;
    let mut nums = vec![first];
    while let Some((j, _)) = voc.numeral_joins.longest_at(toks, end) {
        let mut k = j;
        if opener && toks.get(k).is_some_and(|t| voc.numeral_openers.contains(t)) {
            k += 1;
        }
        match numeral(s, toks, k) {
            Some((v, e)) => {
                nums.push(v);
                end = e;
            }
            None => break,
        }
    }
    Some((nums, end))
}

/// "v4.0", "version 5", "v5": a version between a scale and its grade.
fn version(s: &str, toks: &[Tok], k: usize) -> Option<usize> {
    let t = toks.get(k).filter(|t| t.is_word())?;
    let w = t.text(s);
    let mut end = if VOCAB.version_words.contains(t) {
        toks.get(k + 1).filter(|n| n.is_num())?;
        k + 2
    } else if w.len() > 1 && w.starts_with(['v', 'V']) && w[1..].bytes().all(|b| b.is_ascii_digit())
    {
        k + 1
    } else {
        return None;
    };
    // "v4.0" lexes as "v4", ".", "0".
    while toks.get(end).is_some_and(|d| d.is_sym('.'))
        && toks
            .get(end + 1)
            .is_some_and(|n| n.is_num() && glued(&toks[end], n))
    {
        end += 2;
    }
    Some(end)
}

/// "NYHA class III", "ASA physical status I-II", "Killip class ≥ 2", "Fitzpatrick skin
/// phototype III-V", "ASA 4 or 5".
fn named_classes(c: &Scanned, hits: &mut Vec<ClassHit>) {
    let (s, toks) = (c.s(), c.toks);
    let voc = &*VOCAB;
    let mut i = 0;
    while i < toks.len() {
        let found = toks[i]
            .has(Flags::CLASS)
            .then(|| voc.classes.longest_at(toks, i))
            .flatten();
        let Some((name_end, scale)) = found else {
            i += 1;
            continue;
        };
        let name = s[toks[i].start as usize..toks[name_end - 1].end as usize].to_string();
        let mut k = name_end;
        let mut saw_class_word = false;
        // Brackets, filler words and versions between the name and its numerals.
        while let Some(t) = toks.get(k) {
            if t.is_sym('(') {
                let close = (k + 1..toks.len())
                    .take_while(|&j| toks[j].end - t.start <= BRACKET_BYTES)
                    .find(|&j| toks[j].is_sym(')'));
                match close {
                    Some(j) => {
                        k = j + 1;
                        continue;
                    }
                    None => break,
                }
            }
            if let Some(e) = version(s, toks, k) {
                k = e;
                continue;
            }
            // "physical-health status": fillers joined by hyphens.
            let hyphen = t.is_sym('-')
                && k > 0
                && glued(&toks[k - 1], t)
                && toks
                    .get(k + 1)
                    .is_some_and(|n| glued(t, n) && voc.class_fillers.contains(n));
            if hyphen {
                k += 1;
                continue;
            }
            if voc.class_fillers.contains(t) && numeral(s, toks, k).is_none() {
                saw_class_word |= voc.says_class.contains(t);
                k += 1;
                continue;
            }
            break;
        }
        let mut cmp = comparator::at(toks, k).map(|(c, j)| {
            k = j;
            c
        });
        if toks.get(k).is_some_and(|t| voc.numeral_openers.contains(t)) {
            saw_class_word |= voc.says_class.contains(&toks[k]);
            k += 1;
            if cmp.is_none() {
                cmp = comparator::at(toks, k).map(|(c, j)| {
                    k = j;
                    c
                });
            }
        }
        let Some((nums, mut end)) = numerals(s, toks, k, true) else {
            i = name_end;
            continue;
        };
        if cmp.is_none() {
            if let Some((j, c2)) = voc.numeral_after.longest_at(toks, end) {
                cmp = Some(*c2);
                end = j;
            }
        }
        let pre = comparator::before(toks, i);
        // "Since ASA I have had no pain": a lone "I" is a pronoun unless something marks it.
        let lone_i = nums.len() == 1
            && voc.pronoun_numerals.contains(&toks[k])
            && pre.is_none()
            && cmp.is_none()
            && !saw_class_word
            && !toks
                .get(end)
                .map_or(true, |t| matches!(t.sym, ',' | ';' | '.' | ')'));
        if lone_i {
            i = name_end;
            continue;
        }
        hits.push(ClassHit {
            start: pre.map_or(i, |p| p.1),
            end,
            id: scale.id,
            kind: scale.kind,
            name,
            cmp: pre.map(|p| p.0).or(cmp),
            nums,
        });
        i = end;
    }
}

/// "Functional Class II and III by the New York Heart Association (NYHA)".
fn class_first(c: &Scanned, hits: &mut Vec<ClassHit>) {
    let (s, toks) = (c.s(), c.toks);
    let voc = &*VOCAB;
    let mut from = 0;
    for i in 0..toks.len() {
        if i < from {
            continue;
        }
        let t = &toks[i];
        if !voc.class_words.contains(t) {
            continue;
        }
        let Some((nums, end)) = numerals(s, toks, i + 1, false) else {
            continue;
        };
        from = end;
        let start = if i > 0 && voc.class_qualifiers.contains(&toks[i - 1]) {
            i - 1
        } else {
            i
        };
        // Up to three words, then "by", "according to" or "of", "the", and the scale.
        for k in end..end + 6 {
            if let Some((j, scale)) = voc.classes.longest_at(toks, k) {
                hits.push(ClassHit {
                    start,
                    end: j,
                    id: scale.id,
                    kind: scale.kind,
                    name: s[toks[k].start as usize..toks[j - 1].end as usize].to_string(),
                    cmp: None,
                    nums: nums.clone(),
                });
                break;
            }
            if !toks.get(k).is_some_and(Tok::is_word) {
                break;
            }
        }
    }
}

/// "grade 2 or higher", "≥ grade 2", "grade ≥ 2", "Grade 2 or 3", "stage 3-5", "stage IIIa
/// or IIIb".
fn grades(c: &Scanned, hits: &mut Vec<ClassHit>) {
    let (s, toks) = (c.s(), c.toks);
    let voc = &*VOCAB;
    // Each token is read once: after a hit, the words it took are skipped.
    let mut from = 0;
    for i in 0..toks.len() {
        if i < from || !toks[i].has(Flags::CLASS) {
            continue;
        }
        let Some((k0, (id, kind))) = voc.grade_words.longest_at(toks, i) else {
            continue;
        };
        let pre = comparator::before(toks, i);
        let mut k = k0;
        let mut cmp = None;
        if let Some((c, j)) = comparator::at(toks, k) {
            cmp = Some(c);
            k = j;
        }
        let Some((nums, mut end)) = numerals(s, toks, k, true) else {
            continue;
        };
        if cmp.is_some() && nums.len() > 1 {
            // "grade ≥ 2 or 3" is not a form people write; read only the first numeral.
            end = numeral(s, toks, k).map_or(end, |n| n.1);
        }
        if cmp.is_none() {
            if let Some((j, c2)) = voc.numeral_after.longest_at(toks, end) {
                cmp = Some(*c2);
                end = j;
            }
        }
        let cmp = pre.map(|p| p.0).or(cmp);
        if cmp.is_none() && nums.len() < 2 {
            continue;
        }
        let nums = if cmp.is_some() { vec![nums[0]] } else { nums };
        let kind = if *kind == Kind::ToxicityGrade && disease_grade(toks, i, end) {
            Kind::DiseaseStage
        } else {
            *kind
        };
        hits.push(ClassHit {
            start: pre.map_or(i, |p| p.1),
            end,
            id,
            kind,
            name: toks[i].text(s).to_string(),
            cmp,
            nums,
        });
        from = end;
    }
}

/// A grade near words of a disease ("follicular lymphoma grade 1-3a") is the disease's.
fn disease_grade(toks: &[Tok], at: usize, end: usize) -> bool {
    let from = at.saturating_sub(6);
    let to = (end + 3).min(toks.len());
    toks[from..to]
        .iter()
        .any(|t| VOCAB.disease_grade.contains(t))
}

/// Stage codes: TNM ("cT1-2-3", "T1b-T2a", "Nx or N0"), fibrosis ("F3 or F4") and extent
/// ("E1 or E2"), letters from [`scales::STAGE_CODES`], where the clause speaks of stages.
fn stage_codes(c: &Scanned, hits: &mut Vec<ClassHit>) {
    let (s, toks) = (c.s(), c.toks);
    let voc = &*VOCAB;
    let mut i = 0;
    while i < toks.len() {
        let Some((letter, first)) = stage_code(toks[i].text(s)).filter(|_| toks[i].is_word())
        else {
            i += 1;
            continue;
        };
        if !stage_context(toks, i) {
            i += 1;
            continue;
        }
        let mut nums: Vec<f64> = first.into_iter().collect();
        let mut end = i + 1;
        while let Some((j, _)) = voc.numeral_joins.longest_at(toks, end) {
            let Some(t) = toks.get(j) else { break };
            let next = match t.kind {
                TokKind::Word => stage_code(t.text(s))
                    .filter(|(l, _)| *l == letter)
                    .map(|(_, n)| n),
                TokKind::Num if t.text(s).len() == 1 && t.text(s) <= "4" => {
                    Some(t.text(s).parse().ok())
                }
                _ => None,
            };
            match next {
                Some(n) => {
                    nums.extend(n);
                    end = j + 1;
                }
                None => break,
            }
        }
        let mut cmp = None;
        if let Some((j, c2)) = voc.numeral_after.longest_at(toks, end) {
            if *c2 == Comparator::Ge {
                cmp = Some(*c2);
                end = j;
            }
        }
        let Some(id) = scales::STAGE_CODES
            .iter()
            .find(|(l, _)| *l == letter)
            .map(|(_, id)| *id)
        else {
            i = end;
            continue;
        };
        hits.push(ClassHit {
            start: i,
            end,
            id,
            kind: Kind::DiseaseStage,
            name: letter.to_string(),
            cmp,
            nums,
        });
        i = end;
    }
}

/// A stage code as written ("T2", "cT1b", "N0", "M1a", "Tis", "Nx"): its letter and
/// number (none for "x" and "is").
fn stage_code(w: &str) -> Option<(char, Option<f64>)> {
    let w = w.strip_prefix(['c', 'p', 'y']).unwrap_or(w);
    let mut chars = w.chars();
    let letter = chars.next()?;
    if !scales::STAGE_CODES.iter().any(|(l, _)| *l == letter) {
        return None;
    }
    let rest = chars.as_str();
    let (n, tail) = if let Some(t) = rest.strip_prefix("is") {
        (None, t)
    } else if let Some(t) = rest.strip_prefix('x') {
        (None, t)
    } else {
        let d = rest.chars().next().filter(|d| ('0'..='4').contains(d))?;
        (d.to_digit(10).map(f64::from), &rest[1..])
    };
    let ok = tail.is_empty() || (tail.len() == 1 && ('a'..='c').contains(&tail.chars().next()?));
    ok.then_some((letter, n))
}

/// Whether the clause before token `i` speaks of stages ("Clinical stage T2b").
fn stage_context(toks: &[Tok], i: usize) -> bool {
    let at = toks[i].start;
    toks[..i]
        .iter()
        .rev()
        .take_while(|t| at - t.start <= REACH && !t.is_sym(';') && !t.is_sym('.'))
        .any(|t| VOCAB.stage_context.contains(t))
}
