//! The words around a value: the measurement phrase before it, and the analytes named in a
//! stretch of tokens.

use super::lex::{self, glued, Tok, TokKind};
use super::vocab::{Analyte, Flags, VOCAB};
use std::ops::Range;

/// How far before a value its measurement phrase is looked for, in bytes.
const WINDOW: u32 = 120;

/// Longest measurement phrase, in words.
const MAX_WORDS: usize = 6;

/// Farthest a bracket group reaches, in bytes ("(ANC)", "(SGOT)").
const GROUP_BYTES: u32 = 48;

/// A stretch of tokens read as one: a word (with what is glued inside it: "COVID-19",
/// "CD4+", "ALT/AST"), a bracketed group, or punctuation.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Unit {
    Word,
    Group,
    Punct,
}

/// Whether a symbol glued between two words belongs to them ("life-span", "AST/ALT").
fn inner_symbol(c: char) -> bool {
    matches!(c, '-' | '/' | '+' | '\'' | '.')
}

/// The unit ending at token `end - 1` (not reaching before `floor`): (its kind, first token).
fn unit_before(toks: &[Tok], end: usize, floor: usize) -> (Unit, usize) {
    let last = &toks[end - 1];
    if last.is_sym(')') || last.is_sym(']') {
        let open = if last.sym == ')' { '(' } else { '[' };
        let mut k = end - 1;
        while k > floor {
            k -= 1;
            let t = &toks[k];
            if last.end - t.start > GROUP_BYTES + 1 || t.is_sym(')') || t.is_sym(']') {
                break;
            }
            if t.is_sym(open) {
                return (Unit::Group, k);
            }
            if t.is_sym('(') || t.is_sym('[') {
                break;
            }
        }
        return (Unit::Punct, end - 1);
    }
    let wordish = |t: &Tok| matches!(t.kind, TokKind::Word | TokKind::Num | TokKind::Sup);
    // "CD4+": a plus sign may end a word.
    let mut k = end - 1;
    if last.is_sym('+') && k > floor && glued(&toks[k - 1], last) && wordish(&toks[k - 1]) {
        k -= 1;
    }
    if !wordish(&toks[k]) {
        return (Unit::Punct, end - 1);
    }
    while k > floor {
        let (p, q) = (&toks[k - 1], &toks[k]);
        if !glued(p, q) {
            break;
        }
        if wordish(p) {
            k -= 1;
        } else if p.kind == TokKind::Sym
            && inner_symbol(p.sym)
            && k - 1 > floor
            && wordish(&toks[k - 2])
            && glued(&toks[k - 2], p)
        {
            k -= 2;
        } else {
            break;
        }
    }
    (Unit::Word, k)
}

/// The measurement phrase ending just before token `at` (not reaching before token
/// `floor`): the nearest words before a comparator, function words in between dropped.
/// `None` when the value follows punctuation or a stop word. Returns a token range.
pub fn measurement_before(s: &str, toks: &[Tok], at: usize, floor: usize) -> Option<Range<usize>> {
    let v = &*VOCAB;
    let at_byte = toks.get(at).map_or(s.len() as u32, |t| t.start);
    // The window start, walked back from the value (never from `floor` forwards: that
    // would cost the whole text per value).
    let mut lo = at.min(toks.len());
    while lo > floor && at_byte.saturating_sub(toks[lo - 1].start) <= WINDOW {
        lo -= 1;
    }
    let floor = lo;
    let single = |a: usize, b: usize| b == a + 1;
    let mut k = at;
    // Trailing function words and ':' '=' '-' between the measurement and its value.
    while k > floor {
        let (u, a) = unit_before(toks, k, floor);
        let filler = match u {
            Unit::Word => single(a, k) && v.fillers.contains(&toks[a]),
            Unit::Punct => matches!(toks[a].sym, ':' | '=' | '-'),
            Unit::Group => false,
        };
        if !filler {
            break;
        }
        k = a;
    }
    let end = k;
    let mut first = end;
    let mut words = 0;
    while k > floor {
        let (u, a) = unit_before(toks, k, floor);
        match u {
            Unit::Word if single(a, k) && v.stops.contains(&toks[a]) => break,
            Unit::Word if words >= MAX_WORDS => break,
            Unit::Word => {
                words += 1;
                first = a;
            }
            Unit::Group => {}
            Unit::Punct => break,
        }
        k = a;
    }
    if words == 0 || first >= end {
        return None;
    }
    Some(first..end)
}

/// The byte range of a token range.
pub fn bytes(toks: &[Tok], r: &Range<usize>) -> Range<usize> {
    match (
        toks.get(r.start),
        r.end.checked_sub(1).and_then(|e| toks.get(e)),
    ) {
        (Some(a), Some(b)) if r.start < r.end => a.start as usize..b.end as usize,
        _ => 0..0,
    }
}

/// An analyte named in a criterion: (first token, token after the last, analyte).
pub type Name = (usize, usize, &'static Analyte);

/// Every analyte a criterion names, found once: left to right, longest at each place, not
/// overlapping. Lookups in a stretch of tokens are slices of it.
pub struct Names(Vec<Name>);

impl Names {
    pub fn new(toks: &[Tok]) -> Names {
        let mut found = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            // Names start with a word the index flags, or with a number ("24-hour urine").
            let t = &toks[i];
            let hit = (t.has(Flags::ANALYTE) || t.is_num())
                .then(|| VOCAB.analytes.longest_at(toks, i))
                .flatten();
            match hit {
                Some((j, an)) => {
                    if !lex::hyphen_prefixed(toks, i) {
                        found.push((i, j, *an));
                    }
                    i = j;
                }
                None => i += 1,
            }
        }
        Names(found)
    }

    /// The names that overlap tokens `r`.
    pub fn within(&self, r: Range<usize>) -> &[Name] {
        let lo = self.0.partition_point(|n| n.1 <= r.start);
        let hi = self.0.partition_point(|n| n.0 < r.end);
        self.0.get(lo..hi.max(lo)).unwrap_or(&[])
    }

    /// The name nearest the end of tokens `r` (the one a value after it belongs to).
    pub fn nearest(&self, r: Range<usize>) -> Option<Name> {
        self.within(r)
            .iter()
            .copied()
            .max_by_key(|&(a, b, _)| (b, std::cmp::Reverse(a)))
    }
}

/// Tokens `r` are only separators between list members ("ALT and AST", "AST (SGOT) /
/// ALT"); bracketed groups are skipped.
pub fn only_separators(toks: &[Tok], r: Range<usize>) -> bool {
    let v = &*VOCAB;
    let mut depth = 0usize;
    toks.get(r).unwrap_or(&[]).iter().all(|t| {
        if t.is_sym('(') {
            depth += 1;
            return true;
        }
        if t.is_sym(')') {
            depth = depth.saturating_sub(1);
            return true;
        }
        depth > 0 || v.list_separators.contains(t)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lex::lex;

    fn before(s: &str, marker: &str) -> Option<String> {
        let t = lex(s);
        let at_byte = s.find(marker).unwrap() as u32;
        let at = t.toks.iter().position(|t| t.start >= at_byte).unwrap();
        let r = measurement_before(s, &t.toks, at, 0)?;
        Some(s[bytes(&t.toks, &r)].to_string())
    }

    #[test]
    fn phrase_before_value() {
        assert_eq!(
            before("Absolute neutrophil count (ANC) ≥ 500/μL", "≥").as_deref(),
            Some("Absolute neutrophil count (ANC)")
        );
        assert_eq!(
            before("Life expectancy of at least 6 weeks", "at least").as_deref(),
            Some("Life expectancy")
        );
        assert_eq!(
            before("serum ALT and AST both <3× ULN", "<").as_deref(),
            Some("AST")
        );
        assert_eq!(
            before("Patients with BMI > 30", ">").as_deref(),
            Some("BMI")
        );
        assert_eq!(before("echo with LVSF<30%", "<").as_deref(), Some("LVSF"));
        assert_eq!(
            before("received more than", "more").as_deref(),
            Some("received")
        );
        assert_eq!(before("Aged ≥3", "≥").as_deref(), Some("Aged"));
        assert_eq!(before("x, ≥3", "≥"), None);
        assert_eq!(
            before("CD4+ count: 200", "200").as_deref(),
            Some("CD4+ count")
        );
        assert_eq!(
            before("COVID-19 test value 3", "3").as_deref(),
            Some("COVID-19 test value")
        );
    }

    #[test]
    fn alias_lookup_prefers_nearest_and_longest() {
        let near = |s: &str| {
            let t = lex(s);
            Names::new(&t.toks).nearest(0..t.toks.len()).map(|x| x.2.id)
        };
        assert_eq!(near("Hemoglobin A1c (HbA1C)"), Some("hba1c"));
        assert_eq!(
            near("serum creatinine clearance"),
            Some("creatinine_clearance")
        );
        assert_eq!(near("last contact"), None);
        assert_eq!(near("non-HDL"), Some("non_hdl_cholesterol"));
        assert_eq!(near("anti-ALT"), None);
    }

    #[test]
    fn separators() {
        let sep = |s: &str| {
            let t = lex(s);
            only_separators(&t.toks, 0..t.toks.len())
        };
        assert!(sep(" and "));
        assert!(sep(" (SGOT) and "));
        assert!(sep("/"));
        assert!(sep("and/or"));
        assert!(!sep(" > 3 and "));
    }
}
