//! The extractors one by one, timed: what the scaling benchmark (`trialparse bench
//! --scaling`) measures on growing inputs, so a stage that turns quadratic shows.

use super::{ages, labs, lex, mutations, number, performance, Extracted, Scanned};
use crate::record::Section;
use crate::span::Mapped;
use std::time::{Duration, Instant};

/// The stages of [`super::extract_text`], in the order it runs them.
pub const STAGES: [&str; 6] = ["lex", "scan", "performance", "ages", "labs", "mutations"];

/// Runs every stage over `s` read as one inclusion criterion; the time each took, in
/// [`STAGES`] order, and how many items they found.
pub fn stage_times(s: &str) -> ([Duration; 6], usize) {
    let text = Mapped::identity(s, 0);
    let mut out = Extracted::default();
    let mut times = [Duration::ZERO; 6];
    let mut tokens = lex::Tokens::default();
    let t = Instant::now();
    lex::lex_into(s, &mut tokens);
    times[0] = t.elapsed();
    let words = tokens.flags.has(super::vocab::Flags::NUMBER_WORD);
    let t = Instant::now();
    let values = number::scan(s, &tokens.toks, words);
    times[1] = t.elapsed();
    let mut used = vec![false; values.len()];
    let c = Scanned {
        text: &text,
        toks: &tokens.toks,
        flags: tokens.flags,
        values: &values,
        section: Section::Inclusion,
    };
    let t = Instant::now();
    performance::extract(&c, &mut used, &mut out);
    times[2] = t.elapsed();
    let t = Instant::now();
    ages::extract(&c, &mut used, &mut out);
    times[3] = t.elapsed();
    let t = Instant::now();
    labs::extract(&c, &mut used, &mut out);
    times[4] = t.elapsed();
    let t = Instant::now();
    mutations::extract(&text, &tokens, Section::Inclusion, &mut out);
    times[5] = t.elapsed();
    let found = out.ages.len()
        + out.lab_thresholds.len()
        + out.performance_status.len()
        + out.mutations.len();
    (times, found)
}
