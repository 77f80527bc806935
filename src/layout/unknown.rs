//! Any page we do not recognise (`unknown`): best effort, never a failure.
//!
//! We take only what is hard to get wrong: an NCT id when the page names exactly one,
//! sections under heading-like lines, and the criteria block from its first "Inclusion
//! Criteria" / "Eligibility" line. Registry criteria are full of short heading-like lines
//! ("Age", "PATIENT CHARACTERISTICS:"), so the block ends only at a heading that clearly
//! belongs to the rest of a page; when unsure it runs to the end of the text.

use super::{html, lines};
use crate::record::{PageSection, Record};
use crate::span::Mapped;
use crate::warning::WarningCode;
use memchr::memmem;
use std::collections::HashSet;
use std::ops::Range;

/// Starts of the lines (lower case, without `#` and a trailing `:`) that open the criteria;
/// sub-headings inside the block start with one of these too.
const CRITERIA_STARTS: &[&str] = &[
    "inclusion",
    "exclusion",
    "eligibility",
    "key inclusion",
    "key exclusion",
    "main inclusion",
    "main exclusion",
];

/// Headings that end the criteria block: the parts of a trial page that follow it.
const AFTER_CRITERIA: &[&str] = &[
    "where this trial is running",
    "study contacts",
    "how to participate",
    "contacts and locations",
    "locations",
    "contacts",
    "contact",
    "study contact",
    "study locations",
    "outcome measures",
    "primary outcome measures",
    "secondary outcome measures",
    "arms and interventions",
    "interventions",
    "study design",
    "sponsor",
    "sponsors",
    "collaborators and investigators",
    "references",
    "publications",
    "more information",
    "study record dates",
];

/// Headings longer than this are prose, not headings.
const MAX_HEADING: usize = 80;

/// A heading with its body right under it has at most this many words.
const MAX_TITLE_WORDS: usize = 5;

/// Read HTML that is not a page we know: its visible text (see [`html::readable`]) as an
/// unknown page. Spans point into the HTML source.
pub fn parse_html(html: &Mapped, rec: &mut Record) -> Option<Mapped> {
    parse(&html::readable(html), rec)
}

/// Read an unknown page into `rec`; returns the criteria block if one is found.
pub fn parse(text: &Mapped, rec: &mut Record) -> Option<Mapped> {
    rec.warn(
        WarningCode::UnknownLayout,
        "the page matches no known layout; fields are a best guess",
        None,
    );
    nct_id(text, rec);
    let s = text.as_str();
    let lines = lines::split(s);
    let heads: Vec<usize> = (0..lines.len())
        .filter(|&i| heading_like(s, &lines, i))
        .collect();
    for (k, &h) in heads.iter().enumerate() {
        let next = heads.get(k + 1).copied().unwrap_or(lines.len());
        let end = lines::last_nonblank_end(s, &lines[h..next]).unwrap_or(lines[h].end);
        rec.sections.push(PageSection {
            heading: heading_text(&s[lines[h].clone()]).to_string(),
            span: text.span(lines[h].start..end),
        });
    }
    criteria(text, &lines, rec)
}

/// `## Eligibility:` → `Eligibility`.
fn heading_text(line: &str) -> &str {
    line.trim()
        .trim_start_matches('#')
        .trim()
        .trim_end_matches(':')
        .trim_end()
}

/// A markdown `#` heading, a short line ending in `:`, or a short line standing alone that
/// is not a bullet, a list or a sentence.
fn heading_like(s: &str, lines: &[Range<usize>], i: usize) -> bool {
    let t = s[lines[i].clone()].trim();
    if t.is_empty() || t.len() > MAX_HEADING || heading_text(t).is_empty() {
        return false;
    }
    if t.starts_with('#') {
        return true;
    }
    let bullet = t.starts_with(['*', '-', '•', '+'])
        || t.split_once(['.', ')']).is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 3 && n.bytes().all(|c| c.is_ascii_alphanumeric())
        });
    if bullet || t.split_whitespace().count() > 10 {
        return false;
    }
    if t.ends_with(':') {
        return true;
    }
    // A comma reads as a list or a place ("Madrid, Spain"), not a heading.
    if t.contains(',') || t.ends_with(['.', ';', '?', '!']) {
        return false;
    }
    let after_blank = i == 0 || lines::is_blank(s, lines, i - 1);
    // Exported pages often put the body right under its heading ("Background\nRelapse…"):
    // a short capitalised line after a blank line is a heading too.
    after_blank && (lines::is_blank(s, lines, i + 1) || titled(t))
}

/// A short line that starts with a capital and holds no sentence punctuation.
fn titled(t: &str) -> bool {
    t.split_whitespace().count() <= MAX_TITLE_WORDS
        && t.chars().next().is_some_and(char::is_uppercase)
        && !t.contains([':', '(', '='])
}

/// Lower-case heading words, for table lookups.
fn key(line: &str) -> String {
    heading_text(line).to_lowercase()
}

/// Words that, anywhere in a heading, make it a criteria heading ("Participant inclusion
/// criteria", "E.3 Principal inclusion criteria").
const CRITERIA_WORDS: &[&str] = &[
    "inclusion criteria",
    "exclusion criteria",
    "eligibility criteria",
];

fn is_criteria_heading(line: &str) -> bool {
    let k = key(line);
    CRITERIA_STARTS.iter().any(|c| k.starts_with(c)) || CRITERIA_WORDS.iter().any(|w| k.contains(w))
}

/// From the first criteria heading to the first heading that clearly follows the criteria.
fn criteria(text: &Mapped, lines: &[Range<usize>], rec: &mut Record) -> Option<Mapped> {
    let s = text.as_str();
    // Prose may start with "Inclusion of …": the opening line must look like a heading.
    let first = (0..lines.len())
        .find(|&i| heading_like(s, lines, i) && is_criteria_heading(&s[lines[i].clone()]))?;
    let k = key(&s[lines[first].clone()]);
    // A bare "Eligibility" heading is not part of the block; "Inclusion Criteria:" is.
    let start = if k.starts_with("eligibility") {
        first + 1
    } else {
        first
    };
    let end = (first + 1..lines.len())
        .find(|&i| {
            let t = &s[lines[i].clone()];
            let k = key(t);
            heading_like(s, lines, i)
                && !is_criteria_heading(t)
                && (t.trim_start().starts_with('#') || AFTER_CRITERIA.contains(&k.as_str()))
        })
        .unwrap_or(lines.len());
    let body = lines.get(start..end)?;
    let a = body
        .iter()
        .find(|r| !s[(*r).clone()].trim().is_empty())?
        .start;
    let b = lines::last_nonblank_end(s, body)?;
    let block = text.slice(a..b);
    if end == lines.len() {
        rec.warn(
            WarningCode::CriteriaEndUnsure,
            "no heading after the criteria; the block runs to the end of the page",
            Some(block.full_span()),
        );
    }
    Some(block)
}

/// The page's NCT id when it names exactly one (repeats of the same id are fine).
fn nct_id(text: &Mapped, rec: &mut Record) {
    let s = text.as_str();
    let b = s.as_bytes();
    let mut found: Option<(usize, &str)> = None;
    let mut others: HashSet<&str> = HashSet::new();
    for at in memmem::find_iter(b, b"NCT") {
        let digits = b.get(at + 3..at + 11);
        let ok = digits.is_some_and(|d| d.iter().all(u8::is_ascii_digit))
            && !b.get(at + 11).is_some_and(u8::is_ascii_alphanumeric)
            && !(at > 0 && b[at - 1].is_ascii_alphanumeric());
        if !ok {
            continue;
        }
        let id = &s[at..at + 11];
        match found {
            None => found = Some((at, id)),
            Some((_, f)) if f != id => {
                others.insert(id);
            }
            Some(_) => {}
        }
    }
    match found {
        Some((at, id)) if others.is_empty() => {
            rec.nct_id = Some(id.to_string());
            rec.mark("nct_id", text.span(at..at + 11));
        }
        Some(_) => {
            let msg = format!(
                "{} different NCT ids on the page; none taken",
                others.len() + 1
            );
            rec.warn(WarningCode::AmbiguousNctId, msg, None);
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Format;

    fn run(page: &str) -> (Record, Option<String>) {
        let mut rec = Record::new("u", Format::Unknown);
        let block = parse(&Mapped::identity(page, 0), &mut rec);
        (rec, block.map(|b| b.as_str().to_string()))
    }

    const PAGE: &str = "\
# Trial NCT01234567

Summary

A study of things. See NCT01234567 again.

Eligibility

Inclusion Criteria:

* Adults
* ECOG 0-1

PATIENT CHARACTERISTICS:

Age

* 18 and over

Exclusion Criteria:

* Pregnancy

## Locations

Madrid, Spain
";

    #[test]
    fn sections_nct_and_criteria() {
        let (rec, block) = run(PAGE);
        assert_eq!(rec.nct_id.as_deref(), Some("NCT01234567"));
        let s = rec.field_spans["nct_id"];
        assert_eq!(&PAGE[s.start..s.end], "NCT01234567");
        let block = block.unwrap();
        assert!(block.starts_with("Inclusion Criteria:\n"));
        assert!(block.ends_with("* Pregnancy"));
        let heads: Vec<&str> = rec.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(
            heads,
            [
                "Trial NCT01234567",
                "Summary",
                "Eligibility",
                "Inclusion Criteria",
                "PATIENT CHARACTERISTICS",
                "Age",
                "Exclusion Criteria",
                "Locations"
            ]
        );
        let sum = &rec.sections[1];
        assert_eq!(
            &PAGE[sum.span.start..sum.span.end],
            "Summary\n\nA study of things. See NCT01234567 again."
        );
        let codes: Vec<WarningCode> = rec.warnings.iter().map(|w| w.code).collect();
        assert_eq!(codes, [WarningCode::UnknownLayout]);
    }

    #[test]
    fn several_ids_give_none() {
        let (rec, _) = run("NCT00000001 and NCT00000002 and XNCT00000003");
        assert!(rec.nct_id.is_none());
        assert_eq!(rec.warnings[1].code, WarningCode::AmbiguousNctId);
        assert_eq!(
            rec.warnings[1].message,
            "2 different NCT ids on the page; none taken"
        );
    }

    #[test]
    fn repeats_of_a_second_id_count_once() {
        let (rec, _) = run("NCT01234567 and NCT07654321, NCT07654321, NCT07654321");
        assert!(rec.nct_id.is_none());
        assert_eq!(
            rec.warnings[1].message,
            "2 different NCT ids on the page; none taken"
        );
    }

    #[test]
    fn unsure_end_runs_to_the_end() {
        let (rec, block) =
            run("Intro\n\nExclusion Criteria\n\n- smokers\n\nSomething else\n\nmore");
        assert_eq!(
            block.as_deref(),
            Some("Exclusion Criteria\n\n- smokers\n\nSomething else\n\nmore")
        );
        assert_eq!(
            rec.warnings.last().unwrap().code,
            WarningCode::CriteriaEndUnsure
        );
    }

    #[test]
    fn headings_with_the_body_right_under_them() {
        let page = "Title line\n\nBackground\nRelapse is common.\n\nInclusion Criteria\n1. Age 18-75 years\n2. In remission\n\nContact\nStudy office\n";
        let (rec, block) = run(page);
        let heads: Vec<&str> = rec.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(
            heads,
            ["Title line", "Background", "Inclusion Criteria", "Contact"]
        );
        assert_eq!(
            block.as_deref(),
            Some("Inclusion Criteria\n1. Age 18-75 years\n2. In remission")
        );
    }

    #[test]
    fn no_criteria_no_block() {
        let (rec, block) = run("Inclusion of minors is a paragraph of text.\n* eligibility\n");
        assert!(block.is_none());
        assert!(rec.sections.is_empty());
        assert!(rec.nct_id.is_none());
    }

    #[test]
    fn odd_inputs() {
        for page in ["", "#", "NCT", "NCT1234567", ":\n\n", "é:\n#é\nEligibility"] {
            let (rec, _) = run(page);
            assert_eq!(rec.warnings[0].code, WarningCode::UnknownLayout);
        }
        let big = "Eligibility:\n".repeat(50_000);
        let (_, block) = run(&big);
        assert!(block.unwrap().len() < big.len());
    }
}
