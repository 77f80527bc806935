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
    performance::extract(text, &values, &mut used, hints, section, out);
    ages::extract(text, &values, &mut used, hints, section, out);
    labs::extract(text, &values, &mut used, hints, section, out);
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
