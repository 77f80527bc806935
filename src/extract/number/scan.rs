//! The scanner: every value expression of a criterion, left to right, not overlapping.

use super::read::{self, numeral_at};
use super::{comparator, unit, Value};
use crate::extract::lex::{glued, Tok};
use crate::extract::vocab::{Flags, UnitKind, VOCAB};
use crate::record::Comparator;

/// Tops of the scales a score is written against ("22/30", "pain > 2/10"), with the unit
/// such a score gets.
pub const SCALE_TOPS: &[(f64, &str)] = &[
    (3.0, "/3"),
    (4.0, "/4"),
    (5.0, "/5"),
    (10.0, "/10"),
    (15.0, "/15"),
    (20.0, "/20"),
    (25.0, "/25"),
    (30.0, "/30"),
    (40.0, "/40"),
    (50.0, "/50"),
    (100.0, "/100"),
];

/// Every value expression in `s`, from its tokens. `words`: whether number words may
/// occur (a flag of the lexer); without them only digits start values.
pub fn scan(s: &str, toks: &[Tok], words: bool) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    let mut i = 0;
    // Where the last value ended: words before a value never reach into it.
    let mut floor = 0;
    while i < toks.len() {
        let t = &toks[i];
        let start = t.is_num()
            || (t.is_sym('.') && toks.get(i + 1).is_some_and(|n| n.is_num() && glued(t, n)))
            || (words && t.has(Flags::NUMBER_WORD));
        if !start || (t.is_num() && is_code(toks, i)) {
            i += 1;
            continue;
        }
        match value_at(s, toks, i, floor) {
            Some(v) => {
                i = v.tok_end.max(i + 1);
                floor = v.tok_end;
                out.push(v);
            }
            None => i += 1,
        }
    }
    share_units(toks, &mut out);
    out
}

/// A number glued to a name or code ("COVID-19", "v4.0", "10^9", "1/2", "<U+2265>").
fn is_code(toks: &[Tok], i: usize) -> bool {
    let Some(p) = i
        .checked_sub(1)
        .map(|k| &toks[k])
        .filter(|p| glued(p, &toks[i]))
    else {
        return false;
    };
    let before = i.checked_sub(2).map(|k| &toks[k]).filter(|b| glued(b, p));
    match p.sym {
        '.' | '_' | '^' | '/' => true,
        '+' => before.is_some_and(|b| VOCAB.code_point_prefix.contains(b) && b.end - b.start == 1),
        // "COVID-19", or a date's later part ("2026-05-15") no range took.
        '-' => before.is_some_and(|b| b.is_word() || b.is_num()),
        // "status0-2": the lexer split a value off a word it may follow.
        _ => p.is_word() && !p.has(Flags::GLUED),
    }
}

/// Days past whole weeks after a number of weeks ("27 0/7 weeks", "37+2 weeks"): (fraction
/// of a week, token after it).
fn sevenths(s: &str, toks: &[Tok], j: usize) -> Option<(f64, usize)> {
    let t = toks.get(j)?;
    let prev = toks.get(j.checked_sub(1)?)?;
    let (d, k) = if t.is_sym('+') && glued(prev, t) {
        let d = toks.get(j + 1).filter(|d| d.is_num() && glued(t, d))?;
        (d, j + 2)
    } else if t.is_num() && !glued(prev, t) {
        let slash = toks.get(j + 1).filter(|x| x.is_sym('/') && glued(t, x))?;
        toks.get(j + 2)
            .filter(|x| glued(slash, x) && x.text(s) == "7")?;
        (t, j + 3)
    } else {
        return None;
    };
    let days: f64 = d.text(s).parse().ok().filter(|d| (0.0..=6.0).contains(d))?;
    let next = toks.get(k)?;
    let weeks = VOCAB.weeks.contains(next);
    let range = VOCAB
        .range_joins
        .longest_at(toks, k)
        .is_some_and(|(e, _)| toks.get(e).is_some_and(Tok::is_num));
    (weeks || range).then_some((days / 7.0, k))
}

/// Builds the value expression around the number at token `i`; nothing before token
/// `floor` belongs to it.
fn value_at(s: &str, toks: &[Tok], i: usize, floor: usize) -> Option<Value> {
    let v = &*VOCAB;
    let n = numeral_at(s, toks, i)?;
    let mut lo = n.value;
    let word = n.word;
    let mut tok_num = i;
    // A minus sign after a space or a comparator is a sign, not a hyphen.
    if let Some(m) = i.checked_sub(1).map(|k| &toks[k]) {
        if m.is_sym('-') && glued(m, &toks[i]) {
            let before = i.checked_sub(2).map(|k| &toks[k]);
            let sign = before.map_or(true, |b| {
                !glued(b, m) || matches!(b.sym, '<' | '>' | '=' | '≤' | '≥' | '(')
            });
            if sign {
                lo = -lo;
                tok_num = i - 1;
            }
        }
    }
    let mut end = n.end;
    let ordinal = toks[i].is_num()
        && toks.get(end).is_some_and(|o| {
            o.is_word() && glued(&toks[end - 1], o) && v.ordinal_suffixes.contains(o)
        });
    // "the 12th birthday" is an ordinal; "the 5th percentile" a value.
    if ordinal && unit::unit_at(s, toks, end).is_none() {
        return Some(plain_value(toks, tok_num, tok_num, end + 1, lo, true));
    }
    // "> x3 ULN": the comparator stands before the multiplication sign.
    let cmp_at = match tok_num.checked_sub(1).map(|k| &toks[k]) {
        Some(x) if tok_num > floor && matches!(x.sym, 'x' | '×') && glued(x, &toks[tok_num]) => {
            tok_num - 1
        }
        _ => tok_num,
    };
    let (lo_cmp, mut tok_start) = match comparator::before(toks, cmp_at) {
        Some((c, st)) if st >= floor => (Some(c), st),
        _ => (None, cmp_at),
    };
    // "a factor of at least 3 above the ULN".
    if let Some((st, _)) = v
        .factor
        .longest_before(toks, tok_start)
        .filter(|f| f.0 >= floor)
    {
        tok_start = st;
    }
    let mut between_word = false;
    if lo_cmp.is_none() {
        if let Some((st, _)) = v
            .between
            .longest_before(toks, tok_num)
            .filter(|b| b.0 >= floor)
        {
            between_word = true;
            tok_start = st;
        }
    }
    if !word {
        if let Some((days, k)) = sevenths(s, toks, end) {
            lo += days;
            end = k;
        }
    }
    let mut pair = None;
    let mut out_of = None;
    if !word && lo_cmp != Some(Comparator::Eq) {
        if let Some((p, k)) = slash_number(s, toks, end) {
            let second_slash = toks.get(k).is_some_and(|x| x.is_sym('/'));
            if (60.0..300.0).contains(&lo) && p >= 30.0 && p < lo && !second_slash {
                pair = Some(p);
                end = k;
            } else if SCALE_TOPS.iter().any(|t| t.0 == p) && lo <= p && !second_slash {
                out_of = Some(p);
                end = k;
            }
        }
    }
    let mut unit = None;
    let mut tok_unit = None;
    if let Some((u, j)) = unit::unit_at(s, toks, end) {
        unit = Some(u);
        tok_unit = Some(end);
        end = j;
    }
    // "platelets < 100.000/µl": a dot between thousands, as many languages write it; a
    // count per microlitre is never written with three decimals.
    if unit.is_some_and(|u| u.norm == "/uL") && toks[i].is_num() {
        if let Some(t) = read::dotted_thousands(toks[i].text(s)) {
            lo = if lo < 0.0 { -t } else { t };
        }
    }
    let lo_unit = unit;
    let tok_lo_end = end;
    let mut hi = None;
    let mut hi_cmp = None;
    if pair.is_none() && out_of.is_none() {
        let join = v.range_joins.longest_at(toks, end);
        let (p0, is_and) = match join {
            Some((j, _)) => (
                Some(j),
                j == end + 1 && v.listing_joins.contains(&toks[end]),
            ),
            None => (None, false),
        };
        // "BMI >18 <28": a second comparator with no word between opens the upper bound.
        let second_bound = lo_cmp.is_some_and(Comparator::is_lower)
            && comparator::at(toks, end).is_some_and(|(c, _)| c.is_upper());
        let from = p0.or(second_bound.then_some(end));
        if let Some(mut p) = from {
            let c2 = comparator::at(toks, p);
            if let Some((_, after)) = c2 {
                p = after;
            }
            let ok_join = !is_and || between_word || c2.is_some();
            let h = numeral_at(s, toks, p).filter(|h| ok_join && h.word == word);
            if let Some(h) = h {
                let mut e = h.end;
                let mut hv = h.value;
                if !word {
                    if let Some((days, k)) = sevenths(s, toks, e) {
                        hv += days;
                        e = k;
                    }
                }
                let mut u2 = None;
                let u2_tok = e;
                if let Some((u, k)) = unit::unit_at(s, toks, e) {
                    u2 = Some(u);
                    e = k;
                }
                let plausible = hv >= lo || c2.is_some();
                let units_agree = match (unit, u2) {
                    (Some(x), Some(y)) => {
                        x.norm == y.norm
                            || (x.kind == UnitKind::Duration && y.kind == UnitKind::Duration)
                    }
                    _ => true,
                };
                if plausible && units_agree && (hv > lo || !second_bound) {
                    hi = Some(hv);
                    hi_cmp = c2.map(|c| c.0);
                    if u2.is_some() {
                        unit = u2;
                        tok_unit = Some(u2_tok);
                    }
                    end = e;
                }
            }
        }
    }
    let mut lo_cmp = lo_cmp;
    if hi.is_none() && lo_cmp.is_none() {
        if let Some((c, j)) = comparator::after(toks, end) {
            lo_cmp = Some(c);
            end = j;
        }
    }
    if word && unit.is_none() {
        return None;
    }
    let mut value = plain_value(toks, tok_start, tok_num, end, lo, false);
    value.tok_lo_end = tok_lo_end;
    value.lo_cmp = lo_cmp;
    value.hi = hi;
    value.hi_cmp = hi_cmp;
    value.between_word = between_word;
    value.unit = unit;
    value.tok_unit = tok_unit;
    value.lo_unit = lo_unit;
    value.word_number = word;
    value.pair = pair;
    value.out_of = out_of;
    Some(value)
}

/// A value with its token and byte ranges and nothing else said about it.
fn plain_value(
    toks: &[Tok],
    tok_start: usize,
    tok_num: usize,
    tok_end: usize,
    lo: f64,
    ordinal: bool,
) -> Value {
    let last = tok_end.saturating_sub(1).min(toks.len() - 1);
    Value {
        start: toks[tok_start].start as usize,
        end: toks[last].end as usize,
        num_start: toks[tok_num].start as usize,
        tok_start,
        tok_end,
        tok_num,
        tok_lo_end: tok_end,
        tok_unit: None,
        lo,
        lo_cmp: None,
        hi: None,
        hi_cmp: None,
        between_word: false,
        unit: None,
        lo_unit: None,
        unit_shared: false,
        word_number: false,
        pair: None,
        out_of: None,
        ordinal,
    }
}

/// "/90" glued after a number: (the number, token after it).
fn slash_number(s: &str, toks: &[Tok], j: usize) -> Option<(f64, usize)> {
    let slash = toks
        .get(j)
        .filter(|t| t.is_sym('/') && glued(&toks[j - 1], t))?;
    let n = toks.get(j + 1).filter(|t| t.is_num() && glued(slash, t))?;
    Some((read::digits_value(n.text(s))?, j + 2))
}

/// "<30 or >69 years old", "below 3,000 or above 12,000/mm3": a value with no unit, joined
/// by "or", "and" or a comma to the next one, shares that one's unit.
fn share_units(toks: &[Tok], values: &mut [Value]) {
    for k in (1..values.len()).rev() {
        let (a, b) = (&values[k - 1], &values[k]);
        let Some(u) = b.unit else { continue };
        let gap = toks.get(a.tok_end..b.tok_start).unwrap_or(&[]);
        let joined = gap.len() == 1 && (gap[0].is_sym(',') || VOCAB.conjunctions.contains(&gap[0]));
        if a.unit.is_none()
            && a.hi.is_none()
            && a.lo_cmp.is_some()
            && b.lo_cmp.is_some()
            && a.word_number == b.word_number
            && joined
        {
            values[k - 1].unit = Some(u);
            values[k - 1].unit_shared = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lex::lex;

    fn values(s: &str) -> Vec<Value> {
        let t = lex(s);
        scan(s, &t.toks, true)
    }

    fn one(s: &str) -> Value {
        let v = values(s);
        assert_eq!(v.len(), 1, "{s}: {v:?}");
        v.into_iter().next().unwrap()
    }

    fn text<'a>(s: &'a str, v: &Value) -> &'a str {
        &s[v.start..v.end]
    }

    #[test]
    fn spans_cover_comparator_number_and_unit() {
        let s = "platelets ≥ 100 x 10^9/L or more";
        let v = one(s);
        assert_eq!(text(s, &v), "≥ 100 x 10^9/L");
        let s = "bilirubin 2 mg/dL or less, then";
        assert_eq!(text(s, &one(s)), "2 mg/dL or less");
    }

    #[test]
    fn ranges() {
        let v = one("0-2");
        assert_eq!(
            (v.lo, v.hi, v.comparator()),
            (0.0, Some(2.0), Some(Comparator::Between))
        );
        let v = one("between 18 and 65 years");
        assert_eq!(
            (v.lo, v.hi, v.between_word, v.unit_norm()),
            (18.0, Some(65.0), true, Some("years"))
        );
        let v = one("≥3 and ≤70 years");
        assert_eq!(
            (v.lo_cmp, v.hi_cmp, v.hi),
            (Some(Comparator::Ge), Some(Comparator::Le), Some(70.0))
        );
        let v = one("6 months to 17 years");
        assert_eq!(
            (v.lo, v.hi, v.unit_norm(), v.lo_unit.map(|u| u.norm)),
            (6.0, Some(17.0), Some("years"), Some("months"))
        );
        let v = one("BMI >18 <28");
        assert_eq!(
            (v.lo_cmp, v.hi_cmp, v.hi),
            (Some(Comparator::Gt), Some(Comparator::Lt), Some(28.0))
        );
        let v = one("≥17 up to ≤30");
        assert_eq!((v.lo, v.hi), (17.0, Some(30.0)));
        assert_eq!(values("ALT 40 and AST 50").len(), 2);
        assert_eq!(values("below 3,000 or above 12,000").len(), 2);
        let v = one("10- to 13-year-olds");
        assert_eq!(
            (v.lo, v.hi, v.unit_norm()),
            (10.0, Some(13.0), Some("years"))
        );
    }

    #[test]
    fn shared_units() {
        let v = values("<30 or >69 years old");
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].unit_norm(), v[0].unit_shared), (Some("years"), true));
        let v = values("ECOG 0 or 1 and 2 mg");
        assert_eq!(v[0].unit_norm(), None);
    }

    #[test]
    fn codes_dates_and_pairs() {
        assert!(values("CD19 and T315I, v4.0, COVID-19, IL-6").is_empty());
        let v = one("blood pressure > 140/90 mmHg");
        assert_eq!(
            (v.lo, v.pair, v.unit_norm()),
            (140.0, Some(90.0), Some("mmHg"))
        );
        let v = one("Z-score <-3");
        assert_eq!((v.lo, v.lo_cmp), (-3.0, Some(Comparator::Lt)));
        let v = one("T-score ≤ -2.5");
        assert_eq!(v.lo, -2.5);
        let v = one("GCS 15/15");
        assert_eq!((v.lo, v.out_of), (15.0, Some(15.0)));
        let v = one("pain > 2/10");
        assert_eq!((v.lo, v.out_of), (2.0, Some(10.0)));
        let v = values("diagnosed 2026-05-15");
        assert_eq!(v.len(), 1);
        assert!(one("before the 12th birthday").ordinal);
    }

    #[test]
    fn gestational_days() {
        let v = one("27 0/7 weeks");
        assert!((v.lo - 27.0).abs() < 1e-9);
        let v = one("37+2 weeks");
        assert!((v.lo - (37.0 + 2.0 / 7.0)).abs() < 1e-9);
        let v = one("between 24 0/7 and 32 6/7 weeks");
        assert!((v.hi.unwrap() - (32.0 + 6.0 / 7.0)).abs() < 1e-9);
    }

    #[test]
    fn number_words_need_a_unit() {
        assert!(values("one of the following").is_empty());
        assert!(values("at least one prior therapy").is_empty());
        assert_eq!(one("more than three months").lo, 3.0);
        let v = one("six (6) months");
        assert_eq!(
            (v.lo, v.word_number, v.unit_norm()),
            (6.0, false, Some("months"))
        );
        let v = one("twice the upper limit of normal");
        assert_eq!((v.lo, v.unit_norm()), (2.0, Some("ULN")));
        let v = one("a factor of at least 3 above the ULN");
        assert_eq!(
            (v.lo, v.lo_cmp, v.unit_norm()),
            (3.0, Some(Comparator::Ge), Some("ULN"))
        );
    }

    #[test]
    fn comparators_after() {
        assert_eq!(one("50 or greater").lo_cmp, Some(Comparator::Ge));
        assert_eq!(one("2 mg/dL or less").lo_cmp, Some(Comparator::Le));
        assert_eq!(one("18 and over").lo_cmp, Some(Comparator::Ge));
    }
}
