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

/// Words that can carry a value without a digit: number words, and classes written in
/// numerals ("NYHA class III").
static NUMBER_WORDS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    let words = vocab::NUMBER_WORDS.iter().map(|(w, _)| *w);
    let classes = vocab::CLASS_SCALES.iter().map(|(w, _)| *w);
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(words.chain(classes).chain(["class", "grade", "stage"]))
        .ok()
});

/// Runs every extractor over one criterion's text.
pub fn extract_text(text: &Mapped, section: Section, out: &mut Extracted) {
    let s = text.as_str();
    let has_digit = s.bytes().any(|b| b.is_ascii_digit());
    if !has_digit && !NUMBER_WORDS.as_ref().is_some_and(|ac| ac.is_match(s)) {
        return;
    }
    if has_digit {
        mutations::extract(text, section, out);
    }
    let values = number::scan(s);
    let mut used = vec![false; values.len()];
    performance::extract(text, &values, &mut used, section, out);
    ages::extract(text, &values, &mut used, section, out);
    labs::extract(text, &values, &mut used, section, out);
}

/// The item text and span for a byte range of a criterion.
fn located(text: &Mapped, range: std::ops::Range<usize>) -> (String, crate::span::Span) {
    let s = text.as_str();
    let a = number::floor_boundary(s, range.start);
    let b = number::floor_boundary(s, range.end.max(a));
    (s[a..b].to_string(), text.span(a..b))
}
