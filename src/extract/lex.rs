//! Tokens of a criterion, from one pass over its text: words, numbers, runs of superscript
//! digits and single symbols, each with its byte range and a [`key`] for the vocabulary
//! tables. Everything after this reads tokens and tables; nothing rescans the text.
//!
//! A key is a hash of the token's *folded* text: ASCII letters lowercased, `µ`/`μ` read as
//! `u`, and look-alike symbols (`＞`, `⩾`, `˃`, the fraction slash …) read as the symbol
//! the tables spell ([`vocab::SYMBOL_FOLDS`]). So a table entry written once matches every
//! way people and encodings type it.

use super::vocab::{self, Flags};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// Letters, then letters or ASCII digits ("ALT", "HbA1c", "T315I", "mm3").
    Word,
    /// ASCII digits with single inner `.` or `,` between digits ("100,000", "1.5", "2,5").
    Num,
    /// A run of superscript digits ("10⁹": the `⁹`).
    Sup,
    /// Any other character, one per token.
    Sym,
}

#[derive(Clone, Copy, Debug)]
pub struct Tok {
    pub start: u32,
    pub end: u32,
    pub kind: TokKind,
    /// The symbol as folded (`Sym` only; `'\0'` otherwise).
    pub sym: char,
    /// The vocabulary flags of the word ([`vocab::Flags`]); empty for other tokens.
    pub flags: Flags,
    /// Hash of the folded text.
    pub key: u64,
}

impl Tok {
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn text<'a>(&self, s: &'a str) -> &'a str {
        s.get(self.range()).unwrap_or("")
    }

    pub fn is_sym(&self, c: char) -> bool {
        self.kind == TokKind::Sym && self.sym == c
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }

    pub fn is_num(&self) -> bool {
        self.kind == TokKind::Num
    }

    pub fn has(&self, f: Flags) -> bool {
        self.flags.has(f)
    }
}

/// A criterion's tokens, and every flag any of its words carries.
#[derive(Debug, Default)]
pub struct Tokens {
    pub toks: Vec<Tok>,
    pub flags: Flags,
    /// Whether any token holds an ASCII digit (a number, or a word such as "T315I").
    pub has_digits: bool,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn mix(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
}

fn mix_char(mut h: u64, c: char) -> u64 {
    let mut buf = [0u8; 4];
    for &b in c.encode_utf8(&mut buf).as_bytes() {
        h = mix(h, b);
    }
    h
}

/// A letter as keys read it: ASCII lowercased, the micro sign and Greek mu as `u`.
fn fold_letter(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'µ' | 'μ' | 'Μ' => 'u',
        _ => c,
    }
}

/// A symbol as keys read it ([`vocab::SYMBOL_FOLDS`]).
pub fn fold_symbol(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    vocab::SYMBOL_FOLDS
        .iter()
        .find(|(from, _)| from.contains(c))
        .map_or(c, |(_, to)| *to)
}

/// The digit a superscript stands for.
pub fn superscript_digit(c: char) -> Option<u8> {
    match c {
        '⁰' => Some(0),
        '¹' => Some(1),
        '²' => Some(2),
        '³' => Some(3),
        '⁴'..='⁹' => u8::try_from(c as u32 - 0x2070).ok(),
        _ => None,
    }
}

/// Whether `c` continues a word. The ordinal indicators (`º`, `ª`) are letters to
/// Unicode but stand for degrees in "38ºC".
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphabetic() && !matches!(c, 'º' | 'ª'))
}

/// Whether the comma at `j` is followed by exactly three digits.
fn thousands_group(b: &[u8], j: usize) -> bool {
    b.get(j + 1..j + 4)
        .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
        && !b.get(j + 4).is_some_and(u8::is_ascii_digit)
}

/// The key of one token's text, folded as the lexer folds it.
pub fn key_of(text: &str) -> u64 {
    let mut h = FNV_OFFSET;
    for c in text.chars() {
        let f = if word_char(c) {
            fold_letter(c)
        } else {
            fold_symbol(c)
        };
        h = mix_char(h, f);
    }
    h
}

/// The keys of a phrase's tokens (for building the tables).
pub fn keys(phrase: &str) -> Vec<u64> {
    let t = lex_with(phrase, |_| Flags::NONE);
    t.toks.iter().map(|t| t.key).collect()
}

/// Tokenizes `s`, flagging words from the vocabulary index.
pub fn lex(s: &str) -> Tokens {
    let index = &vocab::VOCAB.index;
    lex_with(s, |key| index.get(&key).copied().unwrap_or(Flags::NONE))
}

fn lex_with(s: &str, flags_of: impl Fn(u64) -> Flags) -> Tokens {
    let b = s.as_bytes();
    let mut out = Tokens {
        toks: Vec::with_capacity(b.len() / 4 + 4),
        ..Tokens::default()
    };
    let mut i = 0;
    while i < b.len() {
        let c0 = b[i];
        let (c, clen) = if c0 < 0x80 {
            (char::from(c0), 1)
        } else {
            match s.get(i..).and_then(|t| t.chars().next()) {
                Some(c) => (c, c.len_utf8()),
                None => {
                    i += 1;
                    continue;
                }
            }
        };
        // A markdown escape left in the text ("LVSF\<30%") separates like a space.
        if c.is_whitespace() || c == '\\' {
            i += clen;
            continue;
        }
        if c0.is_ascii_digit() {
            let mut j = i + 1;
            let mut h = mix(FNV_OFFSET, c0);
            loop {
                match b.get(j) {
                    Some(&d) if d.is_ascii_digit() => {
                        h = mix(h, d);
                        j += 1;
                    }
                    Some(b'.') if b.get(j + 1).is_some_and(u8::is_ascii_digit) => {
                        h = mix(h, b'.');
                        j += 1;
                    }
                    // A comma only between thousands ("100,000"); "2,5" and "0,1, or 2"
                    // are read by the number reader, which sees what follows.
                    Some(b',') if thousands_group(b, j) && b[i] != b'0' => {
                        h = mix(h, b',');
                        j += 1;
                    }
                    _ => break,
                }
            }
            out.has_digits = true;
            push(&mut out, i, j, TokKind::Num, '\0', h, Flags::NONE);
            i = j;
            continue;
        }
        if superscript_digit(c).is_some() {
            let mut j = i;
            let mut h = FNV_OFFSET;
            while let Some(d) = s.get(j..).and_then(|t| t.chars().next()) {
                if superscript_digit(d).is_none() {
                    break;
                }
                h = mix_char(h, d);
                j += d.len_utf8();
            }
            push(&mut out, i, j, TokKind::Sup, '\0', h, Flags::NONE);
            i = j;
            continue;
        }
        if word_char(c) {
            let mut j = i;
            let mut h = FNV_OFFSET;
            // Where a run of digits ending the word starts, and the key of the letters
            // before it ("status0" → "status"); where the last digit ends, with the key
            // up to it ("mm3or" → "mm3").
            let mut digits_from = None;
            let mut after_digit = None;
            while j < b.len() {
                let d0 = b[j];
                let (d, dlen) = if d0 < 0x80 {
                    (char::from(d0), 1)
                } else {
                    match s.get(j..).and_then(|t| t.chars().next()) {
                        Some(d) => (d, d.len_utf8()),
                        None => break,
                    }
                };
                if !word_char(d) {
                    break;
                }
                if d.is_ascii_digit() {
                    if digits_from.is_none() && j > i {
                        digits_from = Some((j, h));
                    }
                } else {
                    digits_from = None;
                }
                h = mix_char(h, fold_letter(d));
                j += dlen;
                if d.is_ascii_digit() {
                    after_digit = Some((j, h));
                    out.has_digits = true;
                }
            }
            // "cells/mm3or less": a joining word typed against a unit.
            if let Some((d, hd)) = after_digit {
                let rest = &b[d..j];
                if d - i >= 2 && (rest.eq_ignore_ascii_case(b"or") || rest.eq_ignore_ascii_case(b"and")) {
                    let f = flags_of(hd);
                    push(&mut out, i, d, TokKind::Word, '\0', hd, f);
                    i = d;
                    continue;
                }
            }
            // "x10^9", "3xULN": a multiplication sign typed as a letter, glued to what it
            // multiplies, is a token of its own.
            let w = &b[i..j];
            let glued_x = matches!(w[0], b'x' | b'X')
                && w.len() > 1
                && (w[1..].iter().all(u8::is_ascii_digit)
                    || out
                        .toks
                        .last()
                        .is_some_and(|p| p.kind == TokKind::Num && p.end as usize == i));
            if glued_x {
                let k = mix(FNV_OFFSET, b'x');
                push(&mut out, i, i + 1, TokKind::Sym, 'x', k, Flags::NONE);
                i += 1;
                continue;
            }
            // "status0-2", "Age18-65": a value typed against a word it may follow.
            if let Some((d, hl)) = digits_from {
                let f = flags_of(hl);
                if f.has(Flags::GLUED) {
                    out.flags = out.flags.with(f);
                    push(&mut out, i, d, TokKind::Word, '\0', hl, f);
                    i = d;
                    continue;
                }
            }
            let f = flags_of(h);
            out.flags = out.flags.with(f);
            push(&mut out, i, j, TokKind::Word, '\0', h, f);
            i = j;
            continue;
        }
        let f = fold_symbol(c);
        let h = mix_char(FNV_OFFSET, f);
        push(&mut out, i, i + clen, TokKind::Sym, f, h, Flags::NONE);
        i += clen;
    }
    out
}

fn push(out: &mut Tokens, a: usize, b: usize, kind: TokKind, sym: char, key: u64, flags: Flags) {
    out.toks.push(Tok {
        start: a as u32,
        end: b as u32,
        kind,
        sym,
        flags,
        key,
    });
}

/// Whether tokens `a` and `b` (in that order) touch, with nothing between them.
pub fn glued(a: &Tok, b: &Tok) -> bool {
    a.end == b.start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> Vec<(String, TokKind)> {
        lex(s)
            .toks
            .iter()
            .map(|t| (t.text(s).to_string(), t.kind))
            .collect()
    }

    #[test]
    fn splits_words_numbers_and_symbols() {
        use TokKind::*;
        assert_eq!(
            show("ANC ≥1,500/µL, Hb 10,5 g/dl; 10⁹/L x10^9 3xULN"),
            [
                ("ANC", Word),
                ("≥", Sym),
                ("1,500", Num),
                ("/", Sym),
                ("µL", Word),
                (",", Sym),
                ("Hb", Word),
                ("10", Num),
                (",", Sym),
                ("5", Num),
                ("g", Word),
                ("/", Sym),
                ("dl", Word),
                (";", Sym),
                ("10", Num),
                ("⁹", Sup),
                ("/", Sym),
                ("L", Word),
                ("x", Sym),
                ("10", Num),
                ("^", Sym),
                ("9", Num),
                ("3", Num),
                ("x", Sym),
                ("ULN", Word),
            ]
            .map(|(a, b)| (a.to_string(), b))
        );
        assert_eq!(show("12. 1.2.3 0,1, or 1,500,000"), {
            use TokKind::*;
            [
                ("12", Num),
                (".", Sym),
                ("1.2.3", Num),
                ("0", Num),
                (",", Sym),
                ("1", Num),
                (",", Sym),
                ("or", Word),
                ("1,500,000", Num),
            ]
            .map(|(a, b)| (a.to_string(), b))
        });
    }

    #[test]
    fn values_typed_against_words_split_off() {
        use TokKind::*;
        assert_eq!(
            show("status0-2 Age18 CD19"),
            [("status", Word), ("0", Num), ("-", Sym), ("2", Num), ("Age", Word), ("18", Num), ("CD19", Word)]
                .map(|(a, b)| (a.to_string(), b))
        );
    }

    #[test]
    fn keys_fold_case_and_look_alikes() {
        assert_eq!(key_of("ULN"), key_of("uln"));
        assert_eq!(key_of("µmol"), key_of("umol"));
        assert_eq!(key_of("μl"), key_of("ul"));
        assert_eq!(key_of("＞"), key_of(">"));
        assert_eq!(key_of("⩾"), key_of("≥"));
        assert_eq!(key_of("˂"), key_of("<"));
        assert_eq!(key_of("⁄"), key_of("/"));
        assert_ne!(key_of("<"), key_of(">"));
        let t = lex("mg⁄dL");
        assert_eq!(t.toks[1].sym, '/');
    }

    #[test]
    fn superscripts_are_their_own_tokens() {
        assert_eq!(superscript_digit('⁹'), Some(9));
        assert_eq!(superscript_digit('²'), Some(2));
        assert_eq!(superscript_digit('⁴'), Some(4));
        assert_eq!(superscript_digit('9'), None);
        let t = lex("mm³ 10¹²");
        assert_eq!(t.toks.len(), 4);
        assert_eq!(t.toks[1].kind, TokKind::Sup);
    }

    #[test]
    fn any_text_lexes() {
        for s in ["", " ", "\u{fffd}\u{0}", "é", "a\u{301}", "⁹⁹⁹", "1.", ",1", "x", "X1"] {
            let t = lex(s);
            for w in t.toks.windows(2) {
                assert!(w[0].end <= w[1].start);
            }
            assert!(t.toks.iter().all(|t| s.is_char_boundary(t.start as usize)
                && s.is_char_boundary(t.end as usize)));
        }
    }
}
