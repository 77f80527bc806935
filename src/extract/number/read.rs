//! Numbers from tokens: digits with thousands separators or a decimal comma ("100,000",
//! "10,5"), dotted thousands ("100.000"), leading-dot decimals (".5"), number words ("six",
//! "twenty-five", "one and a half") and a number restated in brackets ("six (6)").

use crate::extract::lex::{glued, Tok, TokKind};
use crate::extract::vocab::{Flags, VOCAB};

/// A number read from tokens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Numeral {
    pub value: f64,
    /// Token index after the number.
    pub end: usize,
    /// Written as a word ("six"), with no digits restating it.
    pub word: bool,
}

/// The value of a `Num` token's text: "100,000" → 100000, "1.5" → 1.5. Several dots are a
/// code or a version ("1.2.3") unless every group after the first has three digits, as
/// dotted thousands do ("1.500.000"): those are read as thousands.
pub fn digits_value(t: &str) -> Option<f64> {
    // Without float parsing: the digits (thousands commas skipped) as one integer and the
    // count of digits after a single dot. An integer below 2^53 over an exact power of ten
    // divides to the correctly rounded value, exactly what parsing gives.
    let mut n: u64 = 0;
    let mut decimals: Option<i32> = None;
    let mut exact = true;
    for b in t.bytes() {
        match b {
            b'0'..=b'9' => {
                match n
                    .checked_mul(10)
                    .and_then(|w| w.checked_add(u64::from(b - b'0')))
                {
                    Some(w) if w < 1 << 53 => n = w,
                    _ => exact = false,
                }
                if let Some(d) = decimals.as_mut() {
                    *d += 1;
                }
            }
            b',' if decimals.is_none() => {}
            b'.' if decimals.is_none() => decimals = Some(0),
            _ => exact = false,
        }
    }
    match decimals {
        _ if !exact => {}
        None => return Some(n as f64),
        Some(d) if (1..=15).contains(&d) => return Some(n as f64 / 10f64.powi(d)),
        _ => {}
    }
    let dots = t.bytes().filter(|&b| b == b'.').count();
    let v = if t.contains(',') {
        t.replace(',', "").parse().ok()?
    } else if dots > 1 {
        dotted_thousands(t)?
    } else {
        t.parse().ok()?
    };
    f64::is_finite(v).then_some(v)
}

/// "150.000" → 150000: groups of three digits after dots.
pub fn dotted_thousands(t: &str) -> Option<f64> {
    let mut parts = t.split('.');
    let head = parts.next()?;
    let mut digits = head.to_string();
    let mut groups = 0;
    for p in parts {
        if p.len() != 3 || !p.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        digits.push_str(p);
        groups += 1;
    }
    let ok =
        groups > 0 && (1..=3).contains(&head.len()) && head.bytes().all(|c| c.is_ascii_digit());
    ok.then(|| digits.parse().ok()).flatten()
}

/// The number starting at token `i`, if one does.
pub fn numeral_at(s: &str, toks: &[Tok], i: usize) -> Option<Numeral> {
    let t = toks.get(i)?;
    let mut n = match t.kind {
        TokKind::Num => digits_at(s, toks, i)?,
        TokKind::Sym if t.sym == '.' => {
            // ".5": a leading dot, not the end of a sentence or a decimal already read.
            let next = toks.get(i + 1).filter(|n| n.is_num() && glued(t, n))?;
            let prev = i.checked_sub(1).map(|p| &toks[p]);
            if prev.is_some_and(|p| glued(p, t) && matches!(p.kind, TokKind::Word | TokKind::Num)) {
                return None;
            }
            let v: f64 = format!("0.{}", next.text(s)).parse().ok()?;
            Numeral {
                value: v,
                end: i + 2,
                word: false,
            }
        }
        TokKind::Word if t.has(Flags::NUMBER_WORD) => word_at(toks, i)?,
        _ => return None,
    };
    restated(s, toks, &mut n);
    Some(n)
}

/// Digits, joined to a decimal comma when the comma cannot be a list ("0,1, or 2") or a
/// thousands separator.
fn digits_at(s: &str, toks: &[Tok], i: usize) -> Option<Numeral> {
    let t = &toks[i];
    let text = t.text(s);
    let value = digits_value(text)?;
    if let Some(v) = decimal_comma(s, toks, i) {
        return Some(Numeral {
            value: v,
            end: i + 3,
            word: false,
        });
    }
    if let Some((v, end)) = spaced_thousands(s, toks, i) {
        return Some(Numeral {
            value: v,
            end,
            word: false,
        });
    }
    Some(Numeral {
        value,
        end: i + 1,
        word: false,
    })
}

/// "100 000/µL": thousands separated by spaces, as French and Scandinavian texts write
/// them; read only right before a per-volume slash, where a run of numbers cannot be a
/// list.
fn spaced_thousands(s: &str, toks: &[Tok], i: usize) -> Option<(f64, usize)> {
    let next = toks.get(i + 1)?;
    if !next.is_num() || next.end - next.start != 3 || glued(&toks[i], next) {
        return None;
    }
    let head = toks[i].text(s);
    if head.len() > 3 || !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut digits = head.to_string();
    let mut k = i + 1;
    // At most four groups (up to 10^15): a longer run of spaced numbers is a list.
    while let Some(g) = toks.get(k).filter(|g| {
        k <= i + 4
            && g.is_num()
            && !glued(&toks[k - 1], g)
            && g.text(s).len() == 3
            && g.text(s).bytes().all(|b| b.is_ascii_digit())
    }) {
        digits.push_str(g.text(s));
        k += 1;
    }
    let slash = toks
        .get(k)
        .is_some_and(|t| t.is_sym('/') && glued(&toks[k - 1], t));
    // "100 109/L": the last group is ten to a power whose superscript was lost.
    let power = toks[k - 1].text(s).starts_with("10");
    (k > i + 1 && slash && !power)
        .then(|| digits.parse().ok().map(|v| (v, k)))
        .flatten()
}

/// "2,5 mg/dl", "18,5": a decimal written with a comma. The integer part has at most three
/// digits and no separator, the comma is followed by one or two digits, and what follows is
/// a unit or the end, not another list item.
fn decimal_comma(s: &str, toks: &[Tok], i: usize) -> Option<f64> {
    let (a, comma, b) = (toks.get(i)?, toks.get(i + 1)?, toks.get(i + 2)?);
    if !comma.is_sym(',') || !glued(a, comma) || !glued(comma, b) || !b.is_num() {
        return None;
    }
    let int = a.text(s);
    let frac = b.text(s);
    if !comma.is_sym(',')
        || !glued(a, comma)
        || !glued(comma, b)
        || !b.is_num()
        || int.contains([',', '.'])
        || int.len() > 3
        || !(1..=2).contains(&frac.len())
        || frac.contains([',', '.'])
    {
        return None;
    }
    let after = toks.get(i + 3);
    // "0,1, or 2", "0,1 or 2": a list of scores; "between 18,5 and 30", "18,5 or more",
    // "18,5-24,9": a decimal.
    let voc = &*VOCAB;
    let opens_range = i > 0 && voc.decimal_range_openers.contains(&toks[i - 1]);
    let conjunction = after.is_some_and(|n| voc.conjunctions.contains(n));
    let list = after.is_some_and(|n| matches!(n.sym, ',' | '/'))
        || (conjunction && !opens_range && toks.get(i + 4).is_some_and(Tok::is_num));
    // "0,1" alone lists scores; "0,5 g/l" is a decimal.
    let unitish = match after {
        None => int != "0",
        Some(n) => {
            n.is_word()
                || n.is_sym('%')
                || (int != "0" && matches!(n.sym, '<' | '>' | ')' | '.' | ';' | '-' | '–'))
        }
    };
    if list || !unitish {
        return None;
    }
    format!("{int}.{frac}").parse().ok()
}

/// A number word, with a compound ("twenty-five"), a hundred ("one hundred") or a half
/// ("one and a half") after it.
fn word_at(toks: &[Tok], i: usize) -> Option<Numeral> {
    let v = &*VOCAB;
    let t = &toks[i];
    let mut value = *v.number_words.get(&t.key)?;
    let mut end = i + 1;
    let is_tens = (20.0..100.0).contains(&value) && value % 10.0 == 0.0;
    if let (true, Some(dash), Some(unit)) = (is_tens, toks.get(end), toks.get(end + 1)) {
        let ones = v.number_words.get(&unit.key).copied();
        if dash.is_sym('-') && glued(t, dash) && glued(dash, unit) {
            if let Some(o) = ones.filter(|o| (1.0..10.0).contains(o)) {
                value += o;
                end += 2;
            }
        }
    }
    if let Some(h) = toks.get(end) {
        if v.number_words.get(&h.key) == Some(&100.0) && value < 100.0 {
            value *= 100.0;
            end += 1;
        }
    }
    if let Some((j, _)) = v.half.longest_at(toks, end) {
        value += 0.5;
        end = j;
    }
    Some(Numeral {
        value,
        end,
        word: true,
    })
}

/// "six (6) months", "6 (six) months": the same number again in brackets is part of it.
fn restated(s: &str, toks: &[Tok], n: &mut Numeral) {
    let (Some(open), Some(inner)) = (toks.get(n.end), toks.get(n.end + 1)) else {
        return;
    };
    if !open.is_sym('(') {
        return;
    }
    let other = match inner.kind {
        TokKind::Num => digits_value(inner.text(s)).map(|v| (v, n.end + 2, false)),
        TokKind::Word if inner.has(Flags::NUMBER_WORD) => {
            word_at(toks, n.end + 1).map(|w| (w.value, w.end, true))
        }
        _ => None,
    };
    let Some((v, after, word)) = other else {
        return;
    };
    if v == n.value && toks.get(after).is_some_and(|c| c.is_sym(')')) && word != n.word {
        n.end = after + 1;
        n.word = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lex::lex;

    fn read(s: &str) -> Option<(f64, usize, bool)> {
        let t = lex(s);
        numeral_at(s, &t.toks, 0).map(|n| (n.value, n.end, n.word))
    }

    #[test]
    fn digits() {
        assert_eq!(read("50,000"), Some((50000.0, 1, false)));
        assert_eq!(read("1.5"), Some((1.5, 1, false)));
        for t in [
            "0.1", "1.73", "0.07", "3.14159", "123.456", "0.000001", "2.675",
        ] {
            assert_eq!(digits_value(t), t.parse().ok(), "{t}");
        }
        assert_eq!(read("1.500.000"), Some((1_500_000.0, 1, false)));
        assert_eq!(read("1.2.3"), None);
        assert_eq!(read(".5 mg"), Some((0.5, 2, false)));
    }

    #[test]
    fn decimal_commas_and_lists() {
        assert_eq!(read("10,5 g/dl"), Some((10.5, 3, false)));
        assert_eq!(read("2,5 mg/dl").map(|r| r.0), Some(2.5));
        assert_eq!(read("18,5").map(|r| r.0), Some(18.5));
        assert_eq!(read("0,5 g/l").map(|r| r.0), Some(0.5));
        assert_eq!(read("0,1, or 2").map(|r| r.0), Some(0.0));
        assert_eq!(read("0,1").map(|r| r.0), Some(0.0));
        assert_eq!(read("1,2 or 3").map(|r| r.0), Some(1.0));
        assert_eq!(read("100,000/mm3").map(|r| r.0), Some(100000.0));
        assert_eq!(read("1,500").map(|r| r.0), Some(1500.0));
        assert_eq!(read("18,5 or more").map(|r| r.0), Some(18.5));
        assert_eq!(read("18,5-24,9 kg").map(|r| r.0), Some(18.5));
        assert_eq!(read("100 000/µL"), Some((100000.0, 2, false)));
        assert_eq!(read("100 200 mg").map(|r| r.0), Some(100.0));
        assert_eq!(read("100 109/l").map(|r| r.0), Some(100.0));
    }

    #[test]
    fn words() {
        assert_eq!(read("six months"), Some((6.0, 1, true)));
        assert_eq!(read("twenty-five years"), Some((25.0, 3, true)));
        assert_eq!(read("one hundred"), Some((100.0, 2, true)));
        assert_eq!(read("one and a half times"), Some((1.5, 4, true)));
        assert_eq!(read("twice the ULN").map(|r| r.0), Some(2.0));
        assert_eq!(read("six (6) months"), Some((6.0, 4, false)));
        assert_eq!(read("6 (six) months"), Some((6.0, 4, false)));
        assert_eq!(read("6 (seven)"), Some((6.0, 1, false)));
        assert_eq!(read("word"), None);
    }
}
