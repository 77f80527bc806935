//! Comparison phrases around a number: before it ("≥", "no less than", "less than (<)",
//! "(=<)"), at a second bound ("and ≤ 70"), and after it ("or more").

use crate::extract::lex::{Tok, TokKind};
use crate::extract::vocab::VOCAB;
use crate::record::Comparator;

/// The comparator written just before token `at`: (comparator, its first token).
pub fn before(toks: &[Tok], at: usize) -> Option<(Comparator, usize)> {
    // "≥ (1.5)": a bracket may open between the comparator and the number.
    let end = match at.checked_sub(1).map(|p| &toks[p]) {
        Some(t) if t.is_sym('(') || t.is_sym('[') => at - 1,
        _ => at,
    };
    let (c, start) = bracketed(toks, end).or_else(|| plain(toks, end))?;
    // "less than (<) 90", "less than <1 year": a symbol repeating the words before it is
    // one phrase that starts at the words.
    let mut head = start;
    while head > 0 && (toks[head - 1].is_sym('(') || toks[head - 1].is_sym('[')) {
        head -= 1;
    }
    match plain(toks, head) {
        Some((_, st)) => Some((c, st)),
        None => Some((c, start)),
    }
}

fn plain(toks: &[Tok], end: usize) -> Option<(Comparator, usize)> {
    let (start, c) = VOCAB.cmp_before.longest_before(toks, end)?;
    // A symbol font's ≥ and ≤ ("³", "£") only count standing apart from the word before.
    let t = &toks[start];
    if end - start == 1 && matches!(t.kind, TokKind::Sup) || t.is_sym('£') {
        let apart = start == 0 || toks[start - 1].end < t.start;
        if !apart {
            return None;
        }
    }
    Some((*c, start))
}

/// A comparator symbol in brackets just before `end` ("(=<) 40", "[<=] Grade 1").
fn bracketed(toks: &[Tok], end: usize) -> Option<(Comparator, usize)> {
    let close = toks.get(end.checked_sub(1)?)?;
    let open_sym = match close.sym {
        ')' => '(',
        ']' => '[',
        _ => return None,
    };
    let from = end.saturating_sub(6);
    let open = (from..end - 1).rev().find(|&k| toks[k].is_sym(open_sym))?;
    let inner = &toks[open + 1..end - 1];
    if inner.is_empty() || inner.iter().any(|t| t.kind != TokKind::Sym) {
        return None;
    }
    match VOCAB.cmp_at.longest_at(toks, open + 1) {
        Some((j, c)) if j == end - 1 => Some((*c, open)),
        _ => None,
    }
}

/// A comparator starting at token `i` (a second bound): (comparator, token after it).
pub fn at(toks: &[Tok], i: usize) -> Option<(Comparator, usize)> {
    VOCAB.cmp_at.longest_at(toks, i).map(|(j, c)| (*c, j))
}

/// A comparator written after a value ("or more"): (comparator, token after it).
pub fn after(toks: &[Tok], i: usize) -> Option<(Comparator, usize)> {
    VOCAB.cmp_after.longest_at(toks, i).map(|(j, c)| (*c, j))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lex::lex;

    /// The comparator before the first number of `s`, and the text it spans.
    fn cmp(s: &str) -> Option<(Comparator, String)> {
        let t = lex(s);
        let at = t.toks.iter().rposition(|t| t.is_num())?;
        let (c, st) = before(&t.toks, at)?;
        Some((
            c,
            s[t.toks[st].start as usize..t.toks[at].start as usize]
                .trim()
                .to_string(),
        ))
    }

    #[test]
    fn symbols_as_typed_and_mangled() {
        use Comparator::*;
        for (s, c) in [
            ("≥ 500", Ge),
            ("=> 5", Ge),
            (">= 5", Ge),
            ("> = 5", Ge),
            (">_ 5", Ge),
            (">/= 4", Ge),
            ("> or = 4", Ge),
            ("⩾ 4", Ge),
            ("≧ 4", Ge),
            ("＞＝ 4", Ge),
            ("＞ 4", Gt),
            ("˃ 4", Gt),
            ("˂ 4", Lt),
            ("<U+2265> 4", Ge),
            ("ANC ³ 1500", Ge),
            ("creatinine £ 1.5", Le),
            ("=< 4", Le),
            ("<_ 4", Le),
            ("< or = 4", Le),
            ("<or=10", Le),
            ("⩽ 4", Le),
            ("≦ 4", Le),
            ("</= 4", Le),
            ("= 4", Eq),
        ] {
            assert_eq!(cmp(s).map(|x| x.0), Some(c), "{s}");
        }
        assert_eq!(cmp("mm³ 4"), None);
    }

    #[test]
    fn words() {
        use Comparator::*;
        for (s, c) in [
            ("at least 18", Ge),
            ("no less than 2", Ge),
            ("greater than or equal to 500", Ge),
            ("a minimum of 3", Ge),
            ("more than 3", Gt),
            ("over 21", Gt),
            ("in excess of 3", Gt),
            ("below 40", Lt),
            ("less then 5", Lt),
            ("up to 2", Le),
            ("no greater than 1.5", Le),
            ("not exceeding 3", Le),
            ("should not exceed 3", Le),
            ("a maximum of 2", Le),
        ] {
            assert_eq!(cmp(s).map(|x| x.0), Some(c), "{s}");
        }
    }

    #[test]
    fn bracketed_and_repeated() {
        assert_eq!(
            cmp("less than or equal to (=<) 35"),
            Some((Comparator::Le, "less than or equal to (=<)".into()))
        );
        assert_eq!(
            cmp("systolic less than (<) 95"),
            Some((Comparator::Lt, "less than (<)".into()))
        );
        assert_eq!(cmp("[<=] 1").map(|x| x.0), Some(Comparator::Le));
        assert_eq!(cmp("ALT (3) 4"), None);
    }

    #[test]
    fn after_a_value() {
        let t = lex("50 or greater 2 or less 3 and over");
        assert_eq!(after(&t.toks, 1), Some((Comparator::Ge, 3)));
        assert_eq!(after(&t.toks, 4), Some((Comparator::Le, 6)));
        assert_eq!(after(&t.toks, 7), Some((Comparator::Ge, 9)));
    }
}
