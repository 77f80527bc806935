//! Extractors: the numbers inside eligibility criteria as data.
//!
//! Every criterion of every layout goes through [`extract_text`]: one scan finds the value
//! expressions ([`number::scan`]), then performance status, ages, lab thresholds and
//! mutations each claim the ones they understand, in that order, so a value lands in one
//! list only. Vocabularies live in [`vocab`].

mod ages;
mod labs;
mod mutations;
mod number;
mod performance;
mod phrase;
pub mod vocab;

use crate::record::{
    AgeLimit, Eligibility, LabThreshold, MutationList, PerformanceStatus, Section, Warning,
};
use crate::span::Mapped;
use aho_corasick::AhoCorasick;
use std::sync::LazyLock;

/// What the extractors found in one record's criteria.
#[derive(Debug, Default)]
pub struct Extracted {
    pub ages: Vec<AgeLimit>,
    pub lab_thresholds: Vec<LabThreshold>,
    pub performance_status: Vec<PerformanceStatus>,
    pub mutations: Vec<MutationList>,
    pub warnings: Vec<Warning>,
}

/// Runs every extractor over every criterion.
pub fn extract(el: &Eligibility) -> Extracted {
    let mut out = Extracted::default();
    for (section, c) in el.walk() {
        extract_text(&c.text, section, &mut out);
    }
    out
}

/// Which extractors a criterion's words call for, from one pass over it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Hints(u8);

impl Hints {
    /// A number word or a class written in numerals ("three months", "NYHA class III").
    const WORDED: u8 = 1;
    /// A class or grade scale's name, "class", "grade" or "stage".
    const CLASS: u8 = 2;
    /// Words that introduce stage codes ("stage", "classification", "fibrosis").
    const STAGE: u8 = 4;
    /// A performance-status scale's name.
    const SCALE: u8 = 8;
    /// "age" somewhere in the text.
    const AGE: u8 = 16;
    const ALL: u8 = 31;

    fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }
    pub(crate) fn class(self) -> bool {
        self.has(Self::CLASS)
    }
    pub(crate) fn stage(self) -> bool {
        self.has(Self::STAGE)
    }
    pub(crate) fn scale(self) -> bool {
        self.has(Self::SCALE)
    }
    pub(crate) fn age(self) -> bool {
        self.has(Self::AGE)
    }
}

/// Every hint word with the flags it sets. Substrings are enough (a hint only lets an
/// extractor look), except that a hint must start a word.
static HINTS: LazyLock<Option<(AhoCorasick, Vec<u8>)>> = LazyLock::new(|| {
    let mut words: Vec<(&str, u8)> = Vec::new();
    words.extend(vocab::NUMBER_WORDS.iter().map(|(w, _)| (*w, Hints::WORDED)));
    let class = Hints::WORDED | Hints::CLASS;
    words.extend(vocab::CLASS_SCALES.iter().map(|(w, _)| (*w, class)));
    // "class" also stands for "classification": with one leftmost scan the longer word
    // would not be reported.
    words.push(("class", class | Hints::STAGE));
    words.push(("grade", class));
    words.push(("stag", class | Hints::STAGE));
    words.extend(vocab::STAGE_HINTS.iter().map(|w| (*w, Hints::STAGE)));
    words.extend(vocab::SCALES.iter().map(|(w, _)| (*w, Hints::SCALE)));
    words.push(("age", Hints::AGE));
    let ac = AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .build(words.iter().map(|(w, _)| *w))
        .ok()?;
    Some((ac, words.iter().map(|(_, f)| *f).collect()))
});

/// The hints of a text: one scan of every hint word (where two overlap, the one ending
/// first is seen, so the tables avoid hints hidden inside longer hints).
pub(crate) fn hints(s: &str) -> Hints {
    let Some((ac, flags)) = HINTS.as_ref() else {
        return Hints(Hints::ALL);
    };
    let mut got = 0;
    for m in ac.find_iter(s) {
        let starts_word = s[..m.start()]
            .chars()
            .next_back()
            .map_or(true, |c| !c.is_alphanumeric());
        if starts_word {
            got |= flags.get(m.pattern().as_usize()).copied().unwrap_or(0);
            if got == Hints::ALL {
                break;
            }
        }
    }
    Hints(got)
}

/// Runs every extractor over one criterion's text.
pub fn extract_text(text: &Mapped, section: Section, out: &mut Extracted) {
    let s = text.as_str();
    let has_digit = s.bytes().any(|b| b.is_ascii_digit());
    let hints = hints(s);
    if !has_digit && !hints.has(Hints::WORDED) {
        return;
    }
    if has_digit {
        mutations::extract(text, section, out);
    }
    let values = number::scan(s, hints.has(Hints::WORDED));
    let mut used = vec![false; values.len()];
    let c = Scanned {
        text,
        values: &values,
        hints,
        section,
    };
    performance::extract(&c, &mut used, out);
    ages::extract(&c, &mut used, out);
    labs::extract(&c, &mut used, out);
}

/// One criterion as the value extractors read it: its text, the value expressions in it
/// (each claimed at most once, through the `used` flags passed beside), its hints and its
/// section.
#[derive(Clone, Copy)]
struct Scanned<'a> {
    text: &'a Mapped,
    values: &'a [number::Value],
    hints: Hints,
    section: Section,
}

/// A word list for case-insensitive lookups of one word: grouped by length, with a bit
/// per first letter, so most words are rejected without comparing any text.
pub(crate) struct WordSet {
    by_len: Vec<Vec<&'static [u8]>>,
    first: Vec<u32>,
}

impl WordSet {
    pub(crate) fn new(words: &[&'static str]) -> WordSet {
        let longest = words.iter().map(|w| w.len()).max().unwrap_or(0);
        let mut by_len = vec![Vec::new(); longest + 1];
        let mut first = vec![0; longest + 1];
        for w in words {
            let b = w.as_bytes();
            if let (Some(&c), Some(list)) = (b.first(), by_len.get_mut(b.len())) {
                list.push(b);
                first[b.len()] |= letter_bit(c);
            }
        }
        WordSet { by_len, first }
    }

    /// Whether `w` is in the list, in any ASCII case.
    pub(crate) fn contains(&self, w: &str) -> bool {
        let b = w.as_bytes();
        let (Some(&c), Some(&mask)) = (b.first(), self.first.get(b.len())) else {
            return false;
        };
        mask & letter_bit(c) != 0
            && self
                .by_len
                .get(b.len())
                .is_some_and(|l| l.iter().any(|x| x.eq_ignore_ascii_case(b)))
    }
}

/// A bit per ASCII letter (either case); every other byte shares the top bit.
fn letter_bit(c: u8) -> u32 {
    let l = c.to_ascii_lowercase();
    if l.is_ascii_lowercase() {
        1 << (l - b'a')
    } else {
        1 << 31
    }
}

/// Whether `hay` contains `needle` (lowercase ASCII) in any ASCII case, without
/// lowering a copy.
pub(crate) fn contains_ci(hay: &str, needle: &str) -> bool {
    let n = needle.as_bytes();
    !n.is_empty()
        && hay
            .as_bytes()
            .windows(n.len())
            .any(|w| w.eq_ignore_ascii_case(n))
}

/// The item text and span for a byte range of a criterion.
fn located(text: &Mapped, range: std::ops::Range<usize>) -> (String, crate::span::Span) {
    let s = text.as_str();
    let a = number::floor_boundary(s, range.start);
    let b = number::floor_boundary(s, range.end.max(a));
    (s[a..b].to_string(), text.span(a..b))
}

/// Everything the extractors find in one inclusion criterion (for the tests).
#[cfg(test)]
pub(crate) fn run(s: &str) -> Extracted {
    let mut out = Extracted::default();
    extract_text(&Mapped::identity(s, 0), Section::Inclusion, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::{contains_ci, WordSet};

    #[test]
    fn word_set_ignores_ascii_case() {
        let set = WordSet::new(&["and", "Or", "e.g.", "participants"]);
        assert!(set.contains("AND"));
        assert!(set.contains("or"));
        assert!(set.contains("E.G."));
        assert!(set.contains("Participants"));
        assert!(!set.contains("an"));
        assert!(!set.contains("participantss"));
        assert!(!set.contains(""));
    }

    #[test]
    fn contains_ignores_ascii_case() {
        assert!(contains_ci("Gestational AGE", "age"));
        assert!(!contains_ci("ag e", "age"));
        assert!(!contains_ci("", "age"));
    }
}
