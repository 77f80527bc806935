//! Extractors: the numbers inside eligibility criteria as data.
//!
//! Every criterion goes through [`extract_text`]: [`lex`] reads its tokens once,
//! [`number::scan`] finds the value expressions in them, then performance status, ages,
//! lab thresholds (classes and grades first) and mutations each claim what they
//! understand, in that order, so a value lands in one list only. Every word they know is a
//! table in [`vocab`]; nothing after the lexer reads the text with patterns of its own.

mod ages;
mod labs;
mod lex;
mod lexicon;
mod mutations;
mod number;
mod performance;
mod phrase;
mod text;
pub mod timing;
pub mod vocab;

#[cfg(test)]
mod check;
#[cfg(test)]
mod tests;

use crate::record::{
    AgeLimit, Eligibility, LabThreshold, MutationList, PerformanceStatus, Section, Warning,
};
use crate::span::Mapped;
use vocab::Flags;

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
    let mut tokens = lex::Tokens::default();
    for (section, c) in el.walk() {
        run(&c.text, section, &mut tokens, &mut out);
    }
    out
}

/// Runs every extractor over one criterion's text.
pub fn extract_text(text: &Mapped, section: Section, out: &mut Extracted) {
    run(text, section, &mut lex::Tokens::default(), out);
}

/// [`extract_text`] with a token buffer reused across criteria.
fn run(text: &Mapped, section: Section, tokens: &mut lex::Tokens, out: &mut Extracted) {
    let s = text.as_str();
    if !lex::may_hold_values(s) {
        return;
    }
    lex::lex_into(s, tokens);
    let words = tokens.flags.has(Flags::NUMBER_WORD);
    let classes = tokens.flags.has(Flags::CLASS) || tokens.flags.has(Flags::STAGE);
    if !tokens.has_digits && !words && !classes {
        return;
    }
    mutations::extract(text, tokens, section, out);
    let values = number::scan(s, &tokens.toks, words);
    let mut used = vec![false; values.len()];
    let c = Scanned {
        text,
        toks: &tokens.toks,
        flags: tokens.flags,
        values: &values,
        section,
    };
    performance::extract(&c, &mut used, out);
    ages::extract(&c, &mut used, out);
    labs::extract(&c, &mut used, out);
}

/// One criterion as the value extractors read it: its text and tokens, the flags of its
/// words, the value expressions in it (each claimed at most once, through the `used` flags
/// passed beside) and its section.
#[derive(Clone, Copy)]
struct Scanned<'a> {
    text: &'a Mapped,
    toks: &'a [lex::Tok],
    flags: Flags,
    values: &'a [number::Value],
    section: Section,
}

impl Scanned<'_> {
    fn s(&self) -> &str {
        self.text.as_str()
    }
}
