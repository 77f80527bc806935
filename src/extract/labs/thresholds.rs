//! Lab values and other measurements: `[measurement] [comparator] [number] [unit]`, and
//! the measurement written after the value ("≥ 20 % blasts in the marrow").
//!
//! Every value expression nobody else claimed is kept when the words make it a threshold:
//! a comparator or a range, or a known analyte right before it. Doses, counts ("2 cycles")
//! and time windows ("within 4 weeks") are dropped unless the measurement itself is one
//! (life expectancy, "proteinuria < 1 g/day").

use super::bounds;
use crate::extract::lex::Tok;
use crate::extract::number::scan::SCALE_TOPS;
use crate::extract::number::{comparator, Value};
use crate::extract::phrase;
use crate::extract::text::located;
use crate::extract::vocab::{Analyte, UnitKind, VOCAB};
use crate::extract::{Extracted, Scanned};
use crate::record::{Comparator, Kind, LabThreshold, Normalized, Number};
use std::ops::Range;

/// How far back in its clause a measurement may be named, in bytes.
const REACH: u32 = 60;

/// A measurement a value belongs to: the analyte (if known), the words as written, their
/// tokens, and where the item's text starts.
#[derive(Clone)]
struct Member {
    analyte: Option<&'static Analyte>,
    /// Byte range of the words as written.
    words: Range<usize>,
    toks: Range<usize>,
    start: usize,
}

impl Member {
    /// The tokens of the words as written (none when the member has no words of its own).
    fn word_toks<'t>(&self, toks: &'t [Tok]) -> &'t [Tok] {
        if self.words.is_empty() {
            return &[];
        }
        toks.get(self.toks.clone()).unwrap_or(&[])
    }
}

pub(super) fn extract(c: &Scanned, used: &mut [bool], out: &mut Extracted) {
    let (s, toks, values) = (c.s(), c.toks, c.values);
    if values.is_empty() {
        return;
    }
    let names = phrase::Names::new(toks);
    let mut floor = 0;
    let mut last: Option<(Member, usize)> = None;
    let mut last_end: Option<usize> = None;
    let mut last_value: Option<&Value> = None;
    for (i, v) in values.iter().enumerate() {
        // Words before a value reach back to the last value someone claimed, not over it;
        // an unclaimed one ("Apgar score at 5 minutes >7") is part of the words.
        let this_floor = floor;
        if used[i] {
            floor = v.tok_end;
        }
        if used[i] || v.ordinal {
            continue;
        }
        // "< 8.0 mg/dl (2.00 mmol/L)": the same threshold again in other units.
        if last_end.is_some_and(|e| is_restatement(toks, e, v)) {
            used[i] = true;
            floor = v.tok_end;
            continue;
        }
        if inside_name(&names, v) {
            continue;
        }
        let mut meas = phrase::measurement_before(s, toks, v.tok_start, this_floor);
        // "Resting bradycardia (< 50 beats/min)": a value opening a bracket belongs to the
        // words before the bracket.
        let opens_bracket = v.tok_start > this_floor && toks[v.tok_start - 1].is_sym('(');
        if meas.is_none() && opens_bracket {
            // Without a unit, only an analyte's name vouches for the words ("prior
            // recurrent (>2) falls" counts falls).
            meas = phrase::measurement_before(s, toks, v.tok_start - 1, this_floor)
                .filter(|r| v.unit.is_some() || !names.within(r.clone()).is_empty());
        }
        if is_reference_range(toks, v)
            || meas
                .as_ref()
                .is_some_and(|r| is_label(toks, r, v) || not_of_participant(toks, r))
        {
            continue;
        }
        let mut members = match &meas {
            Some(r) => members(toks, &names, r.clone(), this_floor),
            None => Vec::new(),
        };
        let mut inherited = false;
        let mut joined = false;
        if let (true, Some((m, at))) = (members.is_empty(), &last) {
            let gap = &toks[(*at).min(v.tok_start)..v.tok_start];
            let gap_bytes = v
                .start
                .saturating_sub(toks.get(*at).map_or(v.start, |t| t.start as usize));
            // The byte distance first: the gap is only read when it is short.
            let near = meas.is_none() && gap_bytes <= REACH as usize;
            if near && !gap.iter().any(|t| t.is_sym(';') || t.is_sym('.')) {
                members.push(Member {
                    start: v.start,
                    ..m.clone()
                });
                inherited = true;
                let inner = match gap.first() {
                    Some(t) if t.is_sym('(') => &gap[1..],
                    _ => gap,
                };
                let enumerated = gap.last().is_some_and(|t| t.is_sym('('))
                    && toks.get(v.tok_end).is_some_and(|t| t.is_sym(')'));
                joined = !enumerated
                    && !inner.is_empty()
                    && phrase::only_separators(inner, 0..inner.len());
            }
        }
        if members.is_empty() {
            let r = meas.clone().unwrap_or(v.tok_start..v.tok_start);
            let start = meas
                .as_ref()
                .map_or(v.start, |r| toks[r.start].start as usize);
            members.push(Member {
                analyte: None,
                words: 0..0,
                toks: r,
                start,
            });
        }
        let mut end = v.end;
        let mut v = v.clone();
        // "PSA > 3.0 ng/mL (or 1.5 if …)": a bare alternative shares the last value's
        // comparator and unit.
        if let (true, Some(l)) = (joined, last_value) {
            if v.unit.is_none() && v.lo_cmp.is_none() && v.hi.is_none() && !v.word_number {
                v.lo_cmp = l.lo_cmp;
                v.unit = l.unit;
            }
        }
        if members.iter().all(|m| m.analyte.is_none()) {
            if let Some((m, e, cmp)) = named_after(toks, &v) {
                members = vec![m];
                end = e;
                if let Some(cmp) = cmp {
                    v.lo_cmp = Some(cmp);
                }
            }
        }
        let analyte = members.last().and_then(|m| m.analyte);
        let time_words = members.iter().any(|m| has_time_word(toks, m.toks.clone()))
            || has_time_word(toks, clause_before(toks, members[0].toks.start, this_floor));
        // An inherited analyte vouches for a value only when the value has the shape of the
        // one it follows ("QTc ≥2 for men and ≥3 for women").
        let same_shape = last_value.is_some_and(|l| {
            l.unit.is_none() == v.unit.is_none() && l.lo_cmp.is_some() && v.lo_cmp.is_some()
        });
        let judged = if inherited && !same_shape {
            None
        } else {
            analyte
        };
        let has_words = meas.is_some() || joined;
        let around = Around {
            has_words,
            analyte: judged,
            known: analyte,
            time_words,
            inherited,
        };
        if !is_threshold(toks, &v, &around) {
            continue;
        }
        if v.out_of.is_some() && !is_score(toks, analyte, &members) {
            continue;
        }
        used[i] = true;
        floor = v.tok_end;
        if let Some(m) = members.last() {
            last = Some((m.clone(), v.tok_end));
        }
        last_end = Some(v.tok_end);
        last_value = Some(&values[i]);
        let low = meas
            .as_ref()
            .and_then(|r| two_sided_low(toks, values, used, i, r.start));
        if let Some((j, inclusive)) = low {
            let lo = &values[j];
            for u in used.iter_mut().take(i).skip(j) {
                *u = true;
            }
            let mut both = v.clone();
            both.start = lo.start;
            both.hi = Some(v.lo);
            both.hi_cmp = v.lo_cmp;
            both.lo = lo.lo;
            both.lo_cmp = (!inclusive).then_some(Comparator::Gt);
            both.unit = v.unit.or(lo.unit);
            if let Some(m) = members.pop() {
                push(c, &both, m, lo.start..end, out);
            }
            continue;
        }
        for m in members {
            let start = m.start;
            push(c, &v, m, start..end, out);
        }
    }
}

/// "CA 19-9", "IL-6 > 10": a number that is part of an analyte's name is not its value.
fn inside_name(names: &phrase::Names, v: &Value) -> bool {
    names
        .within(v.tok_num..v.tok_num + 1)
        .iter()
        .any(|n| n.0 < v.tok_num)
}

/// The measurement written after a value, and a comparator after it ("37 weeks gestation
/// or greater", "≥ 20 % blasts", "500 copies/mL of HIV RNA"): (member, end byte,
/// comparator). Not when the name starts a threshold of its own ("9 g/dL ALT ≤ 3").
fn named_after(toks: &[Tok], v: &Value) -> Option<(Member, usize, Option<Comparator>)> {
    let voc = &*VOCAB;
    let mut k = v.tok_end;
    if let Some((j, _)) = voc.named_after_gap.longest_at(toks, k) {
        k = j;
    }
    let (e, a) = voc.analytes.longest_at(toks, k)?;
    let starts_own = comparator::at(toks, e).is_some()
        || toks.get(e).is_some_and(|t| t.is_num())
        || toks
            .get(e + 1)
            .is_some_and(|t| t.is_num() && !toks[e].is_sym('('));
    if starts_own {
        return None;
    }
    let mut end = toks[e - 1].end as usize;
    let mut cmp = None;
    if v.lo_cmp.is_none() && v.hi.is_none() {
        if let Some((c, j)) = comparator::after(toks, e) {
            cmp = Some(c);
            end = toks[j - 1].end as usize;
        }
    }
    let words = toks[k].start as usize..toks[e - 1].end as usize;
    Some((
        Member {
            analyte: Some(*a),
            words,
            toks: k..e,
            start: v.start,
        },
        end,
        cmp,
    ))
}

/// Whether tokens `r` hold a word that names a length of time ("time on steroids").
fn has_time_word(toks: &[Tok], r: Range<usize>) -> bool {
    toks.get(r)
        .is_some_and(|t| t.iter().any(|t| VOCAB.time_measures.contains(t)))
}

/// The clause a measurement phrase starting at token `at` sits in, up to it.
fn clause_before(toks: &[Tok], at: usize, floor: usize) -> Range<usize> {
    let at_byte = toks.get(at).map_or(u32::MAX, |t| t.start);
    let mut k = at.min(toks.len());
    while k > floor.min(at) && at_byte.saturating_sub(toks[k - 1].start) <= REACH {
        let t = &toks[k - 1];
        if matches!(t.sym, ';' | '.' | ',' | ':' | '(') {
            break;
        }
        k -= 1;
    }
    k..at.min(toks.len())
}

/// A value in brackets right after a threshold repeats it in other units.
fn is_restatement(toks: &[Tok], prev_end: usize, v: &Value) -> bool {
    v.unit.is_some()
        && toks
            .get(prev_end..v.tok_start)
            .is_some_and(|g| g.len() == 1 && (g[0].is_sym('(') || g[0].is_sym('[')))
}

/// Measurements of something other than the participant ("a contraceptive method with a
/// failure rate < 1%", "a country with HIV prevalence > 1%").
fn not_of_participant(toks: &[Tok], r: &Range<usize>) -> bool {
    !VOCAB
        .not_participant
        .find_all(toks, r.start, r.end)
        .is_empty()
}

/// A number after a label word is a name ("Day 7-13", "group 1~5", "n=12").
fn is_label(toks: &[Tok], r: &Range<usize>, v: &Value) -> bool {
    let Some(last) = toks[r.clone()].iter().rev().find(|t| t.is_word()) else {
        return false;
    };
    let uncompared = matches!(v.lo_cmp, None | Some(Comparator::Eq));
    (uncompared && VOCAB.labels.contains(last)) || VOCAB.not_measurements.contains(last)
}

/// "Normal homocysteine levels are 4.3-9.9 µmol/L": a reference range, not a limit.
fn is_reference_range(toks: &[Tok], v: &Value) -> bool {
    if v.lo_cmp.is_some() {
        return false;
    }
    let clause = clause_before(toks, v.tok_start, 0);
    let first_normal = toks
        .get(clause.start)
        .is_some_and(|t| VOCAB.reference_openers.contains(t));
    first_normal
        || VOCAB
            .reference_range
            .find_all(toks, clause.start, clause.end)
            .iter()
            .any(|(a, b, _)| b - a > 1)
}

/// "130 mmHg ≤ SBP < 180 mmHg", "20=AHI=65": a lower bound written before the
/// measurement, joined to it by a comparator. Returns the lower value's index and whether
/// it is allowed itself.
fn two_sided_low(
    toks: &[Tok],
    values: &[Value],
    used: &[bool],
    i: usize,
    meas_start: usize,
) -> Option<(usize, bool)> {
    let v = &values[i];
    v.lo_cmp?;
    let mut j = i.checked_sub(1)?;
    let mut gap_from = values[j].tok_end;
    // "5.6 mmol/L (100 mg/dl) ≤ FPG": skip a restatement in brackets.
    if toks.get(gap_from).is_some_and(|t| t.is_sym(')')) {
        let k = j.checked_sub(1)?;
        if !is_restatement(toks, values[k].tok_end, &values[j]) {
            return None;
        }
        gap_from += 1;
        j = k;
    }
    let lo = &values[j];
    let gap = toks.get(gap_from..meas_start)?;
    let all_symbols = !gap.is_empty()
        && gap
            .iter()
            .all(|t| t.kind == crate::extract::lex::TokKind::Sym);
    let (c, after) = comparator::at(toks, gap_from)?;
    let ok = !used[j]
        && lo.lo_cmp.is_none()
        && lo.hi.is_none()
        && lo.lo <= v.lo
        && all_symbols
        && after == meas_start;
    ok.then_some((j, !c.is_strict()))
}

/// The analytes a measurement phrase names, one per list member ("ALT and AST"), each with
/// the words as written. Unknown words give one member with no analyte.
fn members(toks: &[Tok], names: &phrase::Names, meas: Range<usize>, floor: usize) -> Vec<Member> {
    let text = |r: Range<usize>| phrase::bytes(toks, &r);
    let found = names.within(meas.clone());
    if found.is_empty() {
        // "bone marrow blasts during the screening period is ≥5%": the analyte sits earlier
        // in the same clause.
        let clause = clause_before(toks, meas.start, floor);
        if let Some((a, _, an)) = names.nearest(clause) {
            return vec![Member {
                analyte: Some(an),
                words: text(a..meas.end),
                start: toks[a].start as usize,
                toks: a..meas.end,
            }];
        }
        return vec![Member {
            analyte: None,
            words: text(meas.clone()),
            start: toks[meas.start].start as usize,
            toks: meas,
        }];
    }
    // Reach back over "X and", "X/", "X (x) and" to earlier list members.
    let mut start = meas.start;
    loop {
        let reach = clause_reach(toks, start, floor);
        let before = names.within(reach..start);
        match before.last() {
            Some(&(a, b, _))
                if b <= start
                    && b > reach
                    && phrase::only_separators(toks, b..start)
                    && a < start =>
            {
                start = a
            }
            _ => break,
        }
    }
    let all = names.within(start..meas.end);
    let mut groups: Vec<(usize, usize, &'static Analyte)> = Vec::new();
    for (a, b, an) in all.iter().copied() {
        match groups.last_mut() {
            Some(g) if g.2.id == an.id => g.1 = b,
            _ => groups.push((a, b, an)),
        }
    }
    let is_list = groups.len() > 1
        && groups
            .windows(2)
            .all(|w| phrase::only_separators(toks, w[0].1..w[1].0));
    if is_list {
        let last = groups.len() - 1;
        return groups
            .iter()
            .enumerate()
            .map(|(k, &(a, b, an))| {
                let end = if k == last {
                    meas.end
                } else {
                    closing_paren(toks, b)
                };
                Member {
                    analyte: Some(an),
                    words: text(a..end),
                    start: toks[a].start as usize,
                    toks: a..end,
                }
            })
            .collect();
    }
    let an = names.nearest(meas.clone()).map(|x| x.2);
    vec![Member {
        analyte: an,
        words: text(meas.clone()),
        start: toks[meas.start].start as usize,
        toks: meas,
    }]
}

/// The first token within [`REACH`] bytes before token `at`, not before `floor`.
fn clause_reach(toks: &[Tok], at: usize, floor: usize) -> usize {
    let at_byte = toks.get(at).map_or(u32::MAX, |t| t.start);
    let mut k = at;
    while k > floor && at_byte.saturating_sub(toks[k - 1].start) <= REACH {
        k -= 1;
    }
    k
}

/// Extends a list member over a bracket right after it ("AST (SGOT)").
fn closing_paren(toks: &[Tok], b: usize) -> usize {
    if !toks.get(b).is_some_and(|t| t.is_sym('(')) {
        return b;
    }
    let open = toks[b].start;
    (b + 1..toks.len())
        .take_while(|&k| toks[k].end - open <= 49)
        .find(|&k| toks[k].is_sym(')'))
        .map_or(b, |k| k + 1)
}

/// Whether a value scored against a scale top ("22/30") belongs to a score.
fn is_score(toks: &[Tok], analyte: Option<&Analyte>, members: &[Member]) -> bool {
    analyte.is_some_and(|a| a.kind == Kind::Score)
        || members.iter().any(|m| {
            m.word_toks(toks)
                .iter()
                .any(|t| VOCAB.score_words.contains(t))
        })
}

/// What the words around a value say, as [`is_threshold`] weighs it.
struct Around<'a> {
    /// Measurement words name the value (or it joins a list that has them).
    has_words: bool,
    /// The analyte the words name here.
    analyte: Option<&'a Analyte>,
    /// The analyte, also counting one inherited from an earlier value of the same list.
    known: Option<&'a Analyte>,
    /// Time words ("duration", "history of") sit in the value's clause.
    time_words: bool,
    /// The analyte came from an earlier value of the list.
    inherited: bool,
}

/// Whether a value with these words around it is a threshold.
fn is_threshold(toks: &[Tok], v: &Value, around: &Around) -> bool {
    let Around {
        has_words,
        analyte,
        known,
        time_words,
        inherited,
    } = *around;
    let voc = &*VOCAB;
    if voc.list_count.longest_at(toks, v.tok_end).is_some() {
        return false;
    }
    let next = toks.get(v.tok_end);
    // "tumour within 10 cm from the anal verge": a place, not a measurement.
    let length = matches!(v.unit_norm(), Some("cm" | "mm" | "m"));
    if length && next.is_some_and(|t| voc.place_after_length.contains(t)) {
        return false;
    }
    let known_time = known.is_some_and(|a| a.kind == Kind::Time);
    // "within 7 days", "for at least 3 months": a time window, not a length measured.
    let window = v.tok_start > 0 && voc.window_openers.contains(&toks[v.tok_start - 1])
        || toks
            .get(v.tok_start)
            .is_some_and(|t| v.tok_start < v.tok_num && voc.window_openers.contains(t));
    match v.unit_kind() {
        Some(UnitKind::Count) => return false,
        Some(UnitKind::Amount) if known.is_none() => return false,
        Some(UnitKind::Duration) if !(known_time || (time_words && !window)) => return false,
        _ => {}
    }
    let stated = v.comparator().is_some() || v.pair.is_some();
    if !stated {
        // A score right after its name needs no comparator ("MMSE 24", "GCS 15/15").
        let score = known.is_some_and(|a| a.kind == Kind::Score) && v.tok_start > 0;
        return known.is_some()
            && has_words
            && (v.unit.is_some() || v.hi.is_some() || v.out_of.is_some() || score);
    }
    if v.unit.is_none() {
        if !has_words && analyte.is_none() {
            return false;
        }
        // "1 or more antihypertensive drugs": a word after a bare number counts things,
        // whatever the measurement it would inherit.
        if let Some(w) = next.filter(|t| t.is_word()) {
            if (analyte.is_none() || inherited) && !voc.followers.contains(w) {
                return false;
            }
        }
        // Years and other bare integers are kept only with a comparator and words.
        if v.lo.fract() == 0.0 && (1900.0..=2100.0).contains(&v.lo) && analyte.is_none() {
            return false;
        }
    }
    true
}

/// What kind of quantity an unknown measurement is, from its unit and words.
fn unknown_kind(v: &Value, words: &[Tok]) -> Kind {
    let voc = &*VOCAB;
    if words
        .iter()
        .any(|t| voc.score_words.contains(t) || voc.score_kind_words.contains(t))
    {
        return Kind::Score;
    }
    match v.unit {
        Some(u) if u.kind == UnitKind::Duration => Kind::Time,
        Some(u) if u.kind == UnitKind::Uln => Kind::Lab,
        Some(u) => u.quantity,
        None => Kind::Other,
    }
}

fn push(c: &Scanned, v: &Value, m: Member, range: Range<usize>, out: &mut Extracted) {
    let (t, span) = located(c.text, range.start.min(v.start)..range.end.max(v.end));
    let unit = v.unit_norm();
    let uln = v.unit_kind() == Some(UnitKind::Uln);
    let comparator = v.comparator().unwrap_or(Comparator::Eq);
    let id = m.analyte.map(|a| a.id);
    let words = c.s().get(m.words.clone()).unwrap_or("").trim();
    let kind = m
        .analyte
        .map_or_else(|| unknown_kind(v, m.word_toks(c.toks)), |a| a.kind);
    let (min, max) = bounds(
        comparator,
        v.lo,
        v.hi,
        v.lo_cmp != Some(Comparator::Gt),
        v.hi_cmp != Some(Comparator::Lt),
    );
    let unit = match (unit, v.out_of) {
        (None, Some(top)) => SCALE_TOPS.iter().find(|t| t.0 == top).map(|t| t.1),
        (u, _) => u,
    };
    if let Some(dia) = v.pair {
        let (sys_id, dia_id) = if matches!(id, None | Some("blood_pressure")) {
            (Some("systolic_bp"), Some("diastolic_bp"))
        } else {
            (id, id)
        };
        for (id, val) in [(sys_id, v.lo), (dia_id, dia)] {
            let (min, max) = bounds(comparator, val, None, true, true);
            out.lab_thresholds.push(LabThreshold {
                analyte: id,
                kind: Kind::VitalSign,
                measurement: words.to_string(),
                comparator,
                value: Number(val),
                value_high: None,
                min,
                max,
                unit,
                uln_multiple: false,
                normalized: None,
                text: t.clone(),
                span,
                section: c.section,
            });
        }
        return;
    }
    out.lab_thresholds.push(LabThreshold {
        analyte: id,
        kind,
        measurement: words.to_string(),
        comparator,
        value: Number(v.lo),
        value_high: v.hi.map(Number),
        min,
        max,
        normalized: normalized(id, unit, v.lo, v.hi),
        unit,
        uln_multiple: uln,
        text: t,
        span,
        section: c.section,
    });
}

/// The value in the analyte's reference unit, from [`CONVERSIONS`]; `None` when no row
/// applies (unknown analyte or unit, multiples of the ULN).
fn normalized(
    analyte: Option<&str>,
    unit: Option<&str>,
    lo: f64,
    hi: Option<f64>,
) -> Option<Normalized> {
    let c = VOCAB.conversion(analyte?, unit?)?;
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
