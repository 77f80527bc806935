//! The words around a value: the measurement phrase before it and table aliases in it.

use super::{vocab, WordSet};
use aho_corasick::AhoCorasick;
use std::ops::Range;
use std::sync::LazyLock;

/// Function words dropped between a measurement and its value ("life expectancy *of* at
/// least", "ALT and AST *both* < 3× ULN").
const TRAILING_FILLERS: &[&str] = &[
    "of", "is", "are", "be", "been", "being", "must", "should", "was", "were", "has", "have",
    "had", "a", "an", "the", "both", "either", "all", "each", "to", "remains", "that",
];

/// Words a measurement phrase never reaches across.
const STOP_WORDS: &[&str] = &[
    "and",
    "or",
    "with",
    "without",
    "if",
    "in",
    "on",
    "at",
    "by",
    "for",
    "as",
    "than",
    "who",
    "that",
    "which",
    "where",
    "when",
    "while",
    "but",
    "not",
    "no",
    "including",
    "include",
    "includes",
    "defined",
    "e.g.",
    "i.e.",
    "patients",
    "patient",
    "subjects",
    "participants",
    "either",
    "both",
    "any",
    "following",
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "be",
    "must",
    "should",
    "will",
    "due",
    "such",
    "unless",
    "except",
    "versus",
    "vs",
    "per",
    "whose",
    "after",
    "before",
    "during",
    "within",
    "from",
    "to",
    "requiring",
    "require",
    "shows",
    "show",
    "showing",
    "confirms",
    "of",
    "old",
];

/// How far before a value its measurement phrase is looked for, in bytes.
const WINDOW: usize = 120;

/// Longest measurement phrase, in words.
const MAX_WORDS: usize = 6;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Tok {
    Word,
    Paren,
    Punct,
}

/// Splits `s[floor..at]` into words, bracketed groups and punctuation.
fn tokens(s: &str, floor: usize, at: usize) -> Vec<(Tok, Range<usize>)> {
    let mut out = Vec::with_capacity(32);
    let Some(seg) = s.get(floor..at) else {
        return out;
    };
    let b = seg.as_bytes();
    let mut i = 0;
    while let Some(c) = char_at(seg, i) {
        let len = c.len_utf8();
        // A markdown escape left in the text ("LVSF\\<30%") separates like a space.
        if c.is_whitespace() || c == '\\' {
            i += len;
            continue;
        }
        if c == '(' || c == '[' {
            let close = if c == '(' { b')' } else { b']' };
            let reach = &b[i..b.len().min(i + 49)];
            let group = reach
                .iter()
                .position(|&x| x == close)
                .filter(|&j| !reach[1..j].iter().any(|&x| x == b'(' || x == b'['));
            if let Some(j) = group {
                out.push((Tok::Paren, floor + i..floor + i + j + 1));
                i += j + 1;
                continue;
            }
            out.push((Tok::Punct, floor + i..floor + i + len));
            i += len;
            continue;
        }
        if is_word_char(c) {
            let mut end = i + len;
            while let Some(d) = char_at(seg, end) {
                let dot_inside =
                    d == '.' && char_at(seg, end + 1).is_some_and(|e| e.is_alphanumeric());
                if is_word_char(d) || dot_inside {
                    end += d.len_utf8();
                } else {
                    break;
                }
            }
            out.push((Tok::Word, floor + i..floor + end));
            i = end;
            continue;
        }
        out.push((Tok::Punct, floor + i..floor + i + len));
        i += len;
    }
    out
}

/// The character at byte `i` of `s` (a char boundary), read without decoding for ASCII.
fn char_at(s: &str, i: usize) -> Option<char> {
    match s.as_bytes().get(i) {
        Some(&x) if x.is_ascii() => Some(char::from(x)),
        Some(_) => s.get(i..)?.chars().next(),
        None => None,
    }
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '+' | '\'')
    } else {
        c == '’' || c.is_alphanumeric()
    }
}

fn is_in(list: &[&str], w: &str) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

static FILLERS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(TRAILING_FILLERS));
static STOPS: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(STOP_WORDS));

/// The measurement phrase ending just before `at` (not reaching before `floor`): the
/// nearest words before a comparator, function words in between dropped. `None` when the
/// value follows punctuation or a stop word.
pub fn measurement_before(s: &str, at: usize, floor: usize) -> Option<Range<usize>> {
    let floor = floor.max(at.saturating_sub(WINDOW));
    let floor = (floor..=at).find(|&i| s.is_char_boundary(i)).unwrap_or(at);
    let toks = tokens(s, floor, at);
    let mut k = toks.len();
    while k > 0 {
        let (t, r) = &toks[k - 1];
        let filler = match t {
            Tok::Word => FILLERS.contains(&s[r.clone()]),
            Tok::Punct => matches!(&s[r.clone()], ":" | "=" | "-" | "–"),
            Tok::Paren => false,
        };
        if !filler {
            break;
        }
        k -= 1;
    }
    let end = k;
    let mut words = 0;
    while k > 0 {
        let (t, r) = &toks[k - 1];
        match t {
            Tok::Word if STOPS.contains(&s[r.clone()]) || words >= MAX_WORDS => break,
            Tok::Word => words += 1,
            Tok::Paren if words == 0 && k == end => {}
            Tok::Paren => {}
            Tok::Punct => break,
        }
        k -= 1;
    }
    // A phrase does not start with a bracket.
    while k < end && toks[k].0 == Tok::Paren {
        k += 1;
    }
    if k >= end || words == 0 {
        return None;
    }
    Some(toks[k].1.start..toks[end - 1].1.end)
}

/// A table of aliases compiled for one pass over a text.
pub struct Lexicon {
    ac: AhoCorasick,
    ids: Vec<&'static str>,
}

impl Lexicon {
    pub fn new(table: &[(&str, &'static str)]) -> Lexicon {
        let ac = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .build(table.iter().map(|(a, _)| *a))
            .expect("alias automaton");
        Lexicon {
            ac,
            ids: table.iter().map(|(_, id)| *id).collect(),
        }
    }
}

/// The analyte table, compiled once.
pub static ANALYTES: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::new(vocab::ANALYTES));

/// Aliases found as whole words in `s[range]`: (start, end, id), left to right, longest
/// match at each place, not overlapping.
pub fn aliases(s: &str, range: Range<usize>, lex: &Lexicon) -> Vec<(usize, usize, &'static str)> {
    let Some(seg) = s.get(range.clone()) else {
        return Vec::new();
    };
    let mut found: Vec<(usize, usize, &'static str)> = lex
        .ac
        .find_overlapping_iter(seg)
        .filter(|m| boundary_before(seg, m.start()) && boundary_after(seg, m.end()))
        .filter_map(|m| {
            let id = lex.ids.get(m.pattern().as_usize())?;
            Some((range.start + m.start(), range.start + m.end(), *id))
        })
        .collect();
    found.sort_by_key(|&(a, b, _)| (a, std::cmp::Reverse(b)));
    let mut out: Vec<(usize, usize, &'static str)> = Vec::new();
    for f in found {
        if out.last().map_or(true, |l| f.0 >= l.1) {
            out.push(f);
        }
    }
    out
}

fn boundary_before(s: &str, a: usize) -> bool {
    s[..a]
        .chars()
        .next_back()
        .map_or(true, |c| !c.is_alphanumeric())
}

fn boundary_after(s: &str, b: usize) -> bool {
    s[b..].chars().next().map_or(true, |c| !c.is_alphanumeric())
}

/// The alias nearest the end of `s[range]` (the one a value after it belongs to).
pub fn nearest(
    s: &str,
    range: Range<usize>,
    lex: &Lexicon,
) -> Option<(usize, usize, &'static str)> {
    aliases(s, range, lex)
        .into_iter()
        .max_by_key(|&(a, b, _)| (b, std::cmp::Reverse(a)))
}

/// Text between two list members is only separators ("ALT and AST", "AST (SGOT)/ALT").
pub fn only_separators(s: &str) -> bool {
    let mut depth = 0usize;
    let mut words = String::new();
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            _ => words.push(c),
        }
    }
    words
        .split(|c: char| c.is_whitespace() || ",/&".contains(c))
        .filter(|w| !w.is_empty())
        .all(|w| is_in(&["and", "or", "and/or", "serum", "both", "either"], w))
}

#[cfg(test)]
mod tests {
    use super::ANALYTES;
    use super::*;

    fn before(s: &str, marker: &str) -> Option<&'static str> {
        let at = s.find(marker).unwrap();
        measurement_before(s, at, 0).map(|r| &*Box::leak(s[r].to_string().into_boxed_str()))
    }

    #[test]
    fn phrase_before_value() {
        assert_eq!(
            before("Absolute neutrophil count (ANC) ≥ 500/μL", "≥"),
            Some("Absolute neutrophil count (ANC)")
        );
        assert_eq!(
            before("Life expectancy of at least 6 weeks", "at least"),
            Some("Life expectancy")
        );
        assert_eq!(before("serum ALT and AST both <3× ULN", "<"), Some("AST"));
        assert_eq!(before("Patients with BMI > 30", ">"), Some("BMI"));
        assert_eq!(
            before("cardiac echocardiography with LVSF<30%", "<"),
            Some("LVSF")
        );
        assert_eq!(before("received more than", "more"), Some("received"));
        assert_eq!(before("Aged ≥3", "≥"), Some("Aged"));
        assert_eq!(before("x, ≥3", "≥"), None);
    }

    #[test]
    fn alias_lookup_prefers_nearest_and_longest() {
        let s = "Hemoglobin A1c (HbA1C)";
        assert_eq!(
            nearest(s, 0..s.len(), &ANALYTES).map(|x| x.2),
            Some("hba1c")
        );
        let s = "serum creatinine clearance";
        assert_eq!(
            nearest(s, 0..s.len(), &ANALYTES).map(|x| x.2),
            Some("creatinine_clearance")
        );
        let s = "last contact";
        assert_eq!(nearest(s, 0..s.len(), &ANALYTES), None);
    }

    #[test]
    fn separators() {
        assert!(only_separators(" and "));
        assert!(only_separators(" (SGOT) and "));
        assert!(only_separators("/"));
        assert!(!only_separators(" > 3 and "));
    }
}
