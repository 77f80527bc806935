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

/// One step of the key hash (64-bit FNV-1a): the lexer hashes a word as it reads it.
fn mix(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
}

/// The key of a token's folded bytes.
fn key_bytes(b: &[u8]) -> u64 {
    b.iter().fold(FNV_OFFSET, |h, &x| mix(h, x))
}

/// The key of one character, folded.
fn key_char(c: char) -> u64 {
    let mut buf = [0u8; 4];
    key_bytes(c.encode_utf8(&mut buf).as_bytes())
}

/// The key of a word, ASCII letters lowercased and other letters folded ([`fold_letter`]).
fn key_word(w: &str) -> u64 {
    let mut buf = [0u8; 4];
    w.chars().fold(FNV_OFFSET, |h, c| {
        let f = fold_letter(c);
        f.encode_utf8(&mut buf)
            .as_bytes()
            .iter()
            .fold(h, |h, &x| mix(h, x))
    })
}

/// What an ASCII byte starts or continues.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Byte {
    /// Whitespace, and the backslash of a markdown escape left in the text ("LVSF\<30%").
    Space,
    Digit,
    Letter,
    Symbol,
    /// The first byte of a non-ASCII character.
    High,
}

const fn classify(b: u8) -> Byte {
    match b {
        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | b'\\' => Byte::Space,
        b'0'..=b'9' => Byte::Digit,
        b'a'..=b'z' | b'A'..=b'Z' => Byte::Letter,
        0x80.. => Byte::High,
        _ => Byte::Symbol,
    }
}

static BYTES: [Byte; 256] = {
    let mut t = [Byte::Symbol; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = classify(i as u8);
        i += 1;
    }
    t
};

/// A letter as keys read it: ASCII lowercased, the micro sign and Greek mu as `u`.
fn fold_letter(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'µ' | 'μ' | 'Μ' => 'u',
        _ => c,
    }
}

/// [`vocab::SYMBOL_FOLDS`] as pairs sorted by the look-alike, for binary search.
static FOLDS: std::sync::LazyLock<Vec<(char, char)>> = std::sync::LazyLock::new(|| {
    let mut v: Vec<(char, char)> = vocab::SYMBOL_FOLDS
        .iter()
        .flat_map(|(from, to)| from.chars().map(move |c| (c, *to)))
        .collect();
    v.sort_unstable();
    v
});

/// A symbol as keys read it ([`vocab::SYMBOL_FOLDS`]).
pub fn fold_symbol(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    FOLDS
        .binary_search_by_key(&c, |p| p.0)
        .map_or(c, |k| FOLDS[k].1)
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

/// The character starting at byte `i` of `s` (a char boundary).
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|t| t.chars().next())
}

/// The key of one token's text, folded as the lexer folds it.
pub fn key_of(text: &str) -> u64 {
    match text.chars().next() {
        Some(c) if word_char(c) => key_word(text),
        Some(c) if text.len() == c.len_utf8() => key_char(fold_symbol(c)),
        _ => key_bytes(text.as_bytes()),
    }
}

/// The keys of a phrase's tokens (for building the tables).
pub fn keys(phrase: &str) -> Vec<u64> {
    lex_plain(phrase).toks.iter().map(|t| t.key).collect()
}

/// Tokens of a table's text, without vocabulary flags (the tables build the index).
pub fn lex_plain(s: &str) -> Tokens {
    let mut out = Tokens::default();
    lex_with_into(s, &mut out, |_| Flags::NONE);
    out
}

/// Tokenizes `s`, flagging words from the vocabulary index.
#[cfg(test)]
pub fn lex(s: &str) -> Tokens {
    let mut out = Tokens::default();
    lex_into(s, &mut out);
    out
}

/// Whether a criterion may hold a value at all: it has an ASCII digit, or a word the
/// index flags as able to start one without digits (a number word, a class or grade name).
/// One pass over the bytes that builds no tokens, so criteria with no value (most of
/// them) cost little.
pub fn may_hold_values(s: &str) -> bool {
    let b = s.as_bytes();
    if has_digit(b) {
        return true;
    }
    let v = &*vocab::VOCAB;
    let starts = Flags::NUMBER_WORD.with(Flags::CLASS);
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let mut h = FNV_OFFSET;
        while i < b.len() {
            let l = b[i] | 0x20;
            if l.wrapping_sub(b'a') >= 26 {
                break;
            }
            h = mix(h, l);
            i += 1;
        }
        // A word running on into a non-ASCII letter is not a table word; it is skipped
        // whole, like the lexer reads it.
        if b.get(i).is_some_and(|&c| c >= 0x80) {
            while i < b.len() && (b[i] >= 0x80 || b[i].is_ascii_alphanumeric()) {
                i += 1;
            }
            continue;
        }
        if v.flags_of(h).has(starts) {
            return true;
        }
    }
    false
}

/// Whether `b` holds an ASCII digit, eight bytes at a time: for each byte below 0x80 (the
/// top bit masked off first, so nothing carries between bytes), `b + 0x50` sets the top bit
/// from `0x30` up and `b + 0x46` from `0x3a` up.
fn has_digit(b: &[u8]) -> bool {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const TOP: u64 = 0x8080_8080_8080_8080;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w);
        let y = x & LOW;
        let from_0 = y + 0x5050_5050_5050_5050;
        let from_colon = y + 0x4646_4646_4646_4646;
        if from_0 & !from_colon & !x & TOP != 0 {
            return true;
        }
    }
    chunks.remainder().iter().any(u8::is_ascii_digit)
}

/// Tokenizes `s` into a buffer reused from criterion to criterion, flagging words from
/// the vocabulary index.
pub fn lex_into(s: &str, out: &mut Tokens) {
    let v = &*vocab::VOCAB;
    lex_with_into(s, out, |key| v.flags_of(key));
}

fn lex_with_into(s: &str, out: &mut Tokens, flags_of: impl Fn(u64) -> Flags) {
    let b = s.as_bytes();
    out.toks.clear();
    out.toks.reserve(b.len() / 5 + 4);
    out.flags = Flags::NONE;
    out.has_digits = false;
    let mut i = 0;
    while i < b.len() {
        let c0 = b[i];
        match BYTES[c0 as usize] {
            Byte::Space => {
                i += 1;
                continue;
            }
            Byte::Digit => {
                let j = number_end(b, i);
                out.has_digits = true;
                push_run(out, b, i, j, TokKind::Num);
                i = j;
                continue;
            }
            Byte::Letter => {
                i = word(s, b, i, out, &flags_of);
                continue;
            }
            Byte::Symbol => {
                let h = key_bytes(&b[i..i + 1]);
                push(out, i, i + 1, TokKind::Sym, char::from(c0), h, Flags::NONE);
                i += 1;
                continue;
            }
            Byte::High => {}
        }
        let Some(c) = char_at(s, i) else {
            i += 1;
            continue;
        };
        let clen = c.len_utf8();
        if c.is_whitespace() {
            i += clen;
            continue;
        }
        if superscript_digit(c).is_some() {
            let mut j = i;
            while let Some(d) = char_at(s, j).filter(|d| superscript_digit(*d).is_some()) {
                j += d.len_utf8();
            }
            push_run(out, b, i, j, TokKind::Sup);
            i = j;
            continue;
        }
        if word_char(c) {
            i = word(s, b, i, out, &flags_of);
            continue;
        }
        let f = fold_symbol(c);
        push(out, i, i + clen, TokKind::Sym, f, key_char(f), Flags::NONE);
        i += clen;
    }
}

/// The end of the number starting at `i`: digits with inner `.` before a digit, and commas
/// only between thousands ("100,000"); "2,5" and "0,1, or 2" are read by the number
/// reader, which sees what follows.
fn number_end(b: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    loop {
        match b.get(j) {
            Some(d) if d.is_ascii_digit() => j += 1,
            Some(b'.') if b.get(j + 1).is_some_and(u8::is_ascii_digit) => j += 1,
            Some(b',') if thousands_group(b, j) && b[i] != b'0' => j += 1,
            _ => return j,
        }
    }
}

/// Reads the word starting at `i` (and splits off what is typed against it); returns
/// where lexing goes on.
fn word(s: &str, b: &[u8], i: usize, out: &mut Tokens, flags_of: &impl Fn(u64) -> Flags) -> usize {
    let mut j = i;
    let mut h = FNV_OFFSET;
    let mut digit = false;
    let n = b.len();
    loop {
        // The hot loop: ASCII letters, lowercased by setting bit 5.
        while j < n {
            let l = b[j] | 0x20;
            if l.wrapping_sub(b'a') >= 26 {
                break;
            }
            h = mix(h, l);
            j += 1;
        }
        match b.get(j) {
            Some(&d) if d.is_ascii_digit() => {
                digit = true;
                h = mix(h, d);
                j += 1;
            }
            Some(&d) if d >= 0x80 => match char_at(s, j).filter(|c| word_char(*c)) {
                Some(c) => {
                    let mut buf = [0u8; 4];
                    for &x in fold_letter(c).encode_utf8(&mut buf).as_bytes() {
                        h = mix(h, x);
                    }
                    j += c.len_utf8();
                }
                None => break,
            },
            _ => break,
        }
    }
    let w = &s[i..j];
    let key = key_word;
    if digit {
        out.has_digits = true;
        let wb = w.as_bytes();
        let last_digit = wb.iter().rposition(u8::is_ascii_digit).map_or(0, |p| p + 1);
        let first_digit = wb.iter().position(u8::is_ascii_digit).unwrap_or(0);
        // "cells/mm3or less": a joining word typed against a unit.
        let rest = &wb[last_digit..];
        if last_digit >= 2
            && (rest.eq_ignore_ascii_case(b"or") || rest.eq_ignore_ascii_case(b"and"))
        {
            let k = key(&w[..last_digit]);
            let f = flags_of(k).with(Flags::DIGITS);
            out.flags = out.flags.with(f);
            push(out, i, i + last_digit, TokKind::Word, '\0', k, f);
            return i + last_digit;
        }
        // "status0-2", "Age18-65": a value typed against a word it may follow.
        if first_digit > 0
            && last_digit == wb.len()
            && wb[first_digit..].iter().all(u8::is_ascii_digit)
        {
            let k = key(&w[..first_digit]);
            let f = flags_of(k);
            if f.has(Flags::GLUED) {
                out.flags = out.flags.with(f);
                push(out, i, i + first_digit, TokKind::Word, '\0', k, f);
                return i + first_digit;
            }
        }
    }
    // "x10^9", "3xULN": a multiplication sign typed as a letter, glued to what it
    // multiplies, is a token of its own.
    let wb = w.as_bytes();
    if matches!(wb[0], b'x' | b'X') && wb.len() > 1 {
        let after_number = out
            .toks
            .last()
            .is_some_and(|p| p.kind == TokKind::Num && p.end as usize == i);
        if after_number || wb[1..].iter().all(u8::is_ascii_digit) {
            push(
                out,
                i,
                i + 1,
                TokKind::Sym,
                'x',
                key_bytes(b"x"),
                Flags::NONE,
            );
            return i + 1;
        }
    }
    let mut f = flags_of(h);
    if digit {
        f = f.with(Flags::DIGITS);
    }
    out.flags = out.flags.with(f);
    push(out, i, j, TokKind::Word, '\0', h, f);
    j
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

/// A run of digits or superscript digits, `b[i..j]`: a token keyed by its bytes, with no
/// symbol and no vocabulary flags.
fn push_run(out: &mut Tokens, b: &[u8], i: usize, j: usize, kind: TokKind) {
    push(out, i, j, kind, '\0', key_bytes(&b[i..j]), Flags::NONE);
}

/// Whether tokens `a` and `b` (in that order) touch, with nothing between them.
pub fn glued(a: &Tok, b: &Tok) -> bool {
    a.end == b.start
}

/// Whether token `a` is glued by a hyphen to a word before it ("non-HDL", "anti-HBs",
/// "ASA-PS"): a name so prefixed names something else.
pub fn hyphen_prefixed(toks: &[Tok], a: usize) -> bool {
    a >= 2
        && a < toks.len()
        && toks[a - 1].is_sym('-')
        && glued(&toks[a - 1], &toks[a])
        && glued(&toks[a - 2], &toks[a - 1])
        && toks[a - 2].is_word()
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
            [
                ("status", Word),
                ("0", Num),
                ("-", Sym),
                ("2", Num),
                ("Age", Word),
                ("18", Num),
                ("CD19", Word)
            ]
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
    fn digits_are_found_eight_bytes_at_a_time() {
        for s in [
            "",
            "abc",
            "abcdefgh/",
            "abcdefghij9",
            "0",
            "////////:::::::;",
            "é9",
            "\u{ff}",
        ] {
            assert_eq!(
                has_digit(s.as_bytes()),
                s.bytes().any(|b| b.is_ascii_digit()),
                "{s:?}"
            );
        }
        for i in 0..=255u8 {
            let mut b = [b'a'; 9];
            b[3] = i;
            assert_eq!(has_digit(&b), i.is_ascii_digit(), "{i}");
        }
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
        for s in [
            "",
            " ",
            "\u{fffd}\u{0}",
            "é",
            "a\u{301}",
            "⁹⁹⁹",
            "1.",
            ",1",
            "x",
            "X1",
        ] {
            let t = lex(s);
            for w in t.toks.windows(2) {
                assert!(w[0].end <= w[1].start);
            }
            assert!(t.toks.iter().all(
                |t| s.is_char_boundary(t.start as usize) && s.is_char_boundary(t.end as usize)
            ));
        }
    }
}
