//! Line ranges of a page, shared by the line-oriented layouts (`find_page`, `unknown`).
//!
//! Layouts keep byte ranges rather than `&str` lines so that a section, a row or a block
//! can be sliced out of the [`Mapped`](crate::span::Mapped) page with its source map.

use memchr::memchr_iter;
use std::ops::Range;

/// Line ranges without their `\n` (the text has no other line ends after decoding).
pub fn split(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for nl in memchr_iter(b'\n', s.as_bytes()) {
        out.push(start..nl);
        start = nl + 1;
    }
    if start < s.len() {
        out.push(start..s.len());
    }
    out
}

/// Whether line `i` is blank; a line past either end counts as blank.
pub fn is_blank(s: &str, lines: &[Range<usize>], i: usize) -> bool {
    lines
        .get(i)
        .and_then(|r| s.get(r.clone()))
        .map_or(true, |l| l.trim().is_empty())
}

/// Where the last non-blank line of `lines` ends.
pub fn last_nonblank_end(s: &str, lines: &[Range<usize>]) -> Option<usize> {
    lines
        .iter()
        .rev()
        .find(|r| s.get((*r).clone()).is_some_and(|l| !l.trim().is_empty()))
        .map(|r| r.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_blanks_and_ends() {
        let s = "a\n\n  \nbc\n";
        let lines = split(s);
        assert_eq!(lines, [0..1, 2..2, 3..5, 6..8]);
        assert!(!is_blank(s, &lines, 0));
        assert!(is_blank(s, &lines, 1) && is_blank(s, &lines, 2) && is_blank(s, &lines, 9));
        assert_eq!(last_nonblank_end(s, &lines[..3]), Some(1));
        assert_eq!(split(""), Vec::<Range<usize>>::new());
    }
}
