//! Small helpers every extractor shares: word sets over token keys, char-boundary
//! arithmetic and an item's text and span. A leaf: it uses only the lexer and the span
//! types.

use super::lex::{self, Tok};
use super::lexicon::KeyMap;
use crate::span::{Mapped, Span};

/// A word list looked up by token key: one probe per token, in any ASCII case.
pub struct WordSet(KeyMap<u64, ()>);

impl WordSet {
    pub fn new(words: &[&str]) -> WordSet {
        WordSet(words.iter().map(|w| (lex::key_of(w), ())).collect())
    }

    pub fn contains(&self, t: &Tok) -> bool {
        self.0.contains_key(&t.key)
    }

    /// Whether a word given as text is in the set.
    pub fn contains_str(&self, w: &str) -> bool {
        self.0.contains_key(&lex::key_of(w))
    }
}

/// The largest char boundary of `s` not above `i`.
pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The item text and span for a byte range of a criterion.
pub fn located(text: &Mapped, range: std::ops::Range<usize>) -> (String, Span) {
    let s = text.as_str();
    let a = floor_boundary(s, range.start);
    let b = floor_boundary(s, range.end.max(a));
    (s[a..b].to_string(), text.span(a..b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_set_ignores_ascii_case() {
        let set = WordSet::new(&["and", "Or", "participants"]);
        let t = lex::lex("AND or Participants participantss an");
        let got: Vec<bool> = t.toks.iter().map(|t| set.contains(t)).collect();
        assert_eq!(got, [true, true, true, false, false]);
        assert!(set.contains_str("OR"));
    }

    #[test]
    fn boundaries() {
        assert_eq!(floor_boundary("a≥b", 2), 1);
        assert_eq!(floor_boundary("ab", 9), 2);
    }
}
