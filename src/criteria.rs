//! Interim criteria stage: one criterion per non-blank line, headers switch the list.
//! Replaced by the full tree parser.

use crate::record::{Criterion, Eligibility, Warning};
use crate::span::Mapped;

pub fn parse(block: &Mapped, _warnings: &mut Vec<Warning>) -> Eligibility {
    let mut el = Eligibility::default();
    let mut list = 2;
    let text = block.as_str();
    for line in text.split('\n') {
        let t = line.trim();
        let low = t.to_ascii_lowercase();
        if low.starts_with("inclusion criteria") {
            list = 0;
            continue;
        }
        if low.starts_with("exclusion criteria") {
            list = 1;
            continue;
        }
        let t = t.trim_start_matches(['*', '-', ' ']);
        if t.is_empty() {
            continue;
        }
        let m = block.slice(block.range_of(t));
        let c = Criterion {
            span: m.full_span(),
            text: m,
            children: Vec::new(),
        };
        match list {
            0 => el.inclusion.push(c),
            1 => el.exclusion.push(c),
            _ => el.other.push(c),
        }
    }
    el
}
