//! The study-view page: a `Key: value` header, then `Raw JSON` and the registry record
//! written as a Python literal.
//!
//! ```text
//! Viewing Study NCT06709469
//!
//! Study NCT ID: NCT06709469
//! Status: RECRUITING
//! Brief Title: Phase I Clinical Trial of …
//! Sponsor:
//!
//! Raw JSON
//!
//! {'hasResults': False, 'protocolSection': {…}}
//! ```
//!
//! The literal is the record itself, so its values win; the header is a fallback for a
//! literal that is cut or broken, and a cross-check (`header_mismatch`) when both are there.

use crate::layout::literal;
use crate::layout::registry::{fill_from_value, report};
use crate::record::{is_nct_id, PageSection, Record, Sponsor};
use crate::span::{Mapped, Span};
use crate::warning::WarningCode;
use memchr::memchr;
use nom::bytes::complete::{tag, take_till1};
use nom::character::complete::{char, space0, space1};
use nom::combinator::{all_consuming, opt, rest};
use nom::sequence::{pair, preceded, separated_pair, terminated, tuple};
use nom::IResult;

/// After this many lines that are neither header nor marker, the header is over.
const MAX_UNPARSED_LINES: usize = 8;

/// Header keys that carry record fields; every other key is page metadata, kept silently.
const FIELD_KEYS: &[(&str, HeaderField)] = &[
    ("Study NCT ID", HeaderField::NctId),
    ("Status", HeaderField::Status),
    ("Brief Title", HeaderField::BriefTitle),
    ("Sponsor", HeaderField::Sponsor),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HeaderField {
    NctId,
    Status,
    BriefTitle,
    Sponsor,
}

/// `Viewing Study NCT06709469` → the id.
fn viewing_line(line: &str) -> IResult<&str, &str> {
    preceded(pair(tag("Viewing Study"), space1), rest)(line)
}

/// The `Raw JSON` marker line (a trailing colon tolerated).
fn raw_json_line(line: &str) -> IResult<&str, &str> {
    all_consuming(terminated(tag("Raw JSON"), tuple((opt(char(':')), space0))))(line)
}

/// `Key: value` (the value may be empty or hold colons: `2025-12-24 @ 10:55 PM`).
fn header_line(line: &str) -> IResult<&str, (&str, &str)> {
    separated_pair(take_till1(|c| c == ':'), char(':'), preceded(space0, rest))(line)
}

/// What the text before the literal holds.
#[derive(Debug, Default)]
struct Header<'a> {
    /// `(field, value)` for header lines that carry record fields, values non-empty.
    fields: Vec<(HeaderField, &'a str)>,
    /// The header block: first to last header line, and its heading line.
    block: Option<(std::ops::Range<usize>, &'a str)>,
    /// Start of the `Raw JSON` line.
    marker: Option<usize>,
    /// Where the literal starts (after the marker, or a line starting with `{`).
    literal: Option<usize>,
    unparsed: Vec<&'a str>,
}

fn read_header(s: &str) -> Header<'_> {
    let mut h = Header::default();
    let mut pos = 0;
    while pos < s.len() {
        let end = memchr(b'\n', &s.as_bytes()[pos..]).map_or(s.len(), |k| pos + k);
        let line = &s[pos..end];
        let t = line.trim();
        let start = pos;
        pos = end + 1;
        if t.is_empty() {
            continue;
        }
        if raw_json_line(t).is_ok() {
            h.marker = Some(start);
            h.literal = Some(pos.min(s.len()));
            break;
        }
        if t.starts_with('{') {
            h.literal = Some(start + (line.len() - line.trim_start().len()));
            break;
        }
        if let Ok((_, id)) = viewing_line(t) {
            h.extend_block(start..end, t);
            h.fields.push((HeaderField::NctId, id.trim()));
        } else if let Ok((_, (key, value))) = header_line(t) {
            h.extend_block(start..end, "");
            let field = FIELD_KEYS
                .iter()
                .find(|(k, _)| *k == key.trim())
                .map(|(_, f)| *f);
            let value = value.trim();
            if let (Some(f), false) = (field, value.is_empty()) {
                h.fields.push((f, value));
            }
        } else {
            h.unparsed.push(t);
            if h.unparsed.len() >= MAX_UNPARSED_LINES {
                break;
            }
        }
    }
    h
}

impl<'a> Header<'a> {
    /// Grows the header block over a line; the first `Viewing Study` line names it.
    fn extend_block(&mut self, line: std::ops::Range<usize>, heading: &'a str) {
        self.block = Some(match self.block.take() {
            Some((r, "")) => (r.start..line.end, heading),
            Some((r, head)) => (r.start..line.end, head),
            None => (line, heading),
        });
    }
}

/// Where the page's literal starts (after `Raw JSON`, or the first line opening with `{`),
/// if anything follows. The `show` pages use it to render the literal as text.
pub fn literal_start(s: &str) -> Option<usize> {
    literal_at(&read_header(s), s)
}

fn literal_at(h: &Header<'_>, s: &str) -> Option<usize> {
    h.literal
        .filter(|&at| s.get(at..).is_some_and(|r| !r.trim().is_empty()))
}

/// Reads a study-view page; returns the eligibility criteria text.
pub fn parse(text: &Mapped, rec: &mut Record) -> Option<Mapped> {
    let s = text.as_str();
    let h = read_header(s);
    for line in &h.unparsed {
        rec.warn(
            WarningCode::UnparsedHeaderLine,
            format!("header line not read: {line:?}"),
            Some(text.span_of(line)),
        );
    }
    if let Some((range, head)) = &h.block {
        rec.sections.push(PageSection {
            heading: if head.is_empty() { "header" } else { head }.to_string(),
            span: text.span(range.clone()),
        });
    }
    match h.marker {
        Some(m) => rec.sections.push(PageSection {
            heading: "Raw JSON".to_string(),
            span: text.span(m..s.len()),
        }),
        None => rec.warn(
            WarningCode::MissingRawJson,
            "the page has no `Raw JSON` line before the record",
            None,
        ),
    }
    let mut criteria = None;
    match literal_at(&h, s) {
        Some(at) => {
            let parsed = literal::parse_from(text, at, literal::Dialect::Python);
            report(&parsed, rec);
            if let Some(root) = parsed.value() {
                criteria = fill_from_value(root, text, rec);
            }
        }
        None => rec.warn(
            WarningCode::MissingLiteral,
            "the page holds no registry record",
            None,
        ),
    }
    apply_header(&h, text, rec);
    criteria
}

/// Fills fields the literal did not give from the header; warns where the two disagree.
fn apply_header(h: &Header<'_>, text: &Mapped, rec: &mut Record) {
    for &(field, value) in &h.fields {
        let span = text.span_of(value);
        if field == HeaderField::NctId && !is_nct_id(value) {
            let msg = format!("header NCT id {value:?} is not NCT and eight digits; not taken");
            rec.warn(WarningCode::BadNctId, msg, Some(span));
            continue;
        }
        let (name, slot): (&'static str, &mut Option<String>) = match field {
            HeaderField::NctId => ("nct_id", &mut rec.nct_id),
            HeaderField::Status => ("status", &mut rec.status),
            HeaderField::BriefTitle => ("titles.brief", &mut rec.titles.brief),
            HeaderField::Sponsor => {
                sponsor(value, span, rec);
                continue;
            }
        };
        match slot {
            Some(have) if have != value => {
                let msg = format!("header says {value:?}, the record says {have:?} ({name})");
                rec.warn(WarningCode::HeaderMismatch, msg, Some(span));
            }
            Some(_) => {}
            None => {
                *slot = Some(value.to_string());
                rec.mark(name, span);
                if field == HeaderField::BriefTitle && rec.titles.display.is_none() {
                    rec.titles.display = Some(value.to_string());
                    rec.mark("titles.display", span);
                }
            }
        }
    }
}

fn sponsor(value: &str, span: Span, rec: &mut Record) {
    match &rec.quick_facts.sponsor {
        Some(sp) if sp.name != value => {
            let msg = format!(
                "header says {value:?}, the record says {:?} (quick_facts.sponsor)",
                sp.name
            );
            rec.warn(WarningCode::HeaderMismatch, msg, Some(span));
        }
        Some(_) => {}
        None => {
            rec.quick_facts.sponsor = Some(Sponsor {
                name: value.to_string(),
                class: None,
            });
            rec.mark("quick_facts.sponsor", span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Format;

    const PAGE: &str = "Viewing Study NCT06709469\n\n\nIgnite Creation Date: 2025-12-24 @ 10:55 PM\nStudy NCT ID: NCT06709469\nStatus: RECRUITING\nIs NOT Gene Therapy: False\n\nBrief Title: CART Cell Therapy\nSponsor:\nOrganization:\n\nRaw JSON\n\n{'hasResults': False, 'protocolSection': {'identificationModule': {'nctId': 'NCT06709469', 'briefTitle': 'CART Cell Therapy'}, 'statusModule': {'overallStatus': 'RECRUITING'}, 'conditionsModule': {'conditions': ['ALL']}, 'designModule': {'studyType': 'INTERVENTIONAL', 'phases': ['PHASE1']}, 'eligibilityModule': {'eligibilityCriteria': 'Inclusion Criteria:\\n\\n* Age \\\\>= 1 year', 'minimumAge': '1 Year'}}}\n";

    fn run(src: &str) -> (Record, Option<Mapped>) {
        let text = Mapped::identity(src, 0);
        let mut rec = Record::new("t", Format::StudyView);
        let crit = parse(&text, &mut rec);
        (rec, crit)
    }

    #[test]
    fn line_forms() {
        assert_eq!(viewing_line("Viewing Study NCT01"), Ok(("", "NCT01")));
        assert_eq!(
            header_line("Ignite Creation Date: 2025-12-24 @ 10:55 PM"),
            Ok(("", ("Ignite Creation Date", "2025-12-24 @ 10:55 PM")))
        );
        assert_eq!(header_line("Sponsor:"), Ok(("", ("Sponsor", ""))));
        assert!(header_line(": no key").is_err());
        assert!(raw_json_line("Raw JSON").is_ok());
        assert!(raw_json_line("Raw JSON:").is_ok());
        assert!(raw_json_line("Raw JSON data").is_err());
    }

    #[test]
    fn reads_header_and_literal() {
        let (rec, crit) = run(PAGE);
        assert_eq!(rec.warnings, vec![]);
        assert_eq!(rec.nct_id.as_deref(), Some("NCT06709469"));
        assert_eq!(rec.status.as_deref(), Some("RECRUITING"));
        assert_eq!(rec.titles.brief.as_deref(), Some("CART Cell Therapy"));
        assert_eq!(rec.conditions, ["ALL"]);
        assert_eq!(rec.quick_facts.phases, ["PHASE1"]);
        let crit = crit.unwrap();
        assert_eq!(crit.as_str(), "Inclusion Criteria:\n\n* Age \\>= 1 year");
        // Spans point into the literal's escaped bytes.
        let s = crit.full_span();
        assert_eq!(
            &PAGE[s.start..s.end],
            "Inclusion Criteria:\\n\\n* Age \\\\>= 1 year"
        );
        // The literal's value is the marked source, not the header's.
        let s = rec.field_spans["status"];
        assert_eq!(&PAGE[s.start..s.end], "RECRUITING");
        let h: Vec<&str> = rec.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(h[..2], ["Viewing Study NCT06709469", "Raw JSON"]);
        assert!(h.contains(&"protocolSection.eligibilityModule"));
        let s = rec.sections[0].span;
        assert!(PAGE[s.start..s.end].ends_with("Organization:"));
    }

    #[test]
    fn header_fills_in_for_a_cut_literal() {
        let at = PAGE.find("'identificationModule'").unwrap();
        let cut = &PAGE[..at + 5];
        let (rec, crit) = run(cut);
        assert!(crit.is_none());
        assert_eq!(rec.nct_id.as_deref(), Some("NCT06709469"));
        assert_eq!(rec.status.as_deref(), Some("RECRUITING"));
        assert_eq!(rec.titles.brief.as_deref(), Some("CART Cell Therapy"));
        let lit = rec
            .warnings
            .iter()
            .find(|w| w.code == WarningCode::LiteralError)
            .unwrap();
        // The cut string is reported where it opens.
        assert_eq!(lit.span, Some(Span::new(at, at)));
        let s = rec.field_spans["status"];
        assert_eq!(&PAGE[s.start..s.end], "RECRUITING");
    }

    #[test]
    fn every_cut_is_handled() {
        for cut in (0..=PAGE.len()).filter(|&c| PAGE.is_char_boundary(c)) {
            let (rec, _) = run(&PAGE[..cut]);
            if cut > PAGE.find("Raw JSON\n\n{").unwrap() + 11 && cut < PAGE.len() - 1 {
                assert!(
                    rec.warnings
                        .iter()
                        .any(|w| w.code == WarningCode::LiteralError),
                    "cut {cut}"
                );
            }
        }
    }

    #[test]
    fn header_mismatch_is_warned() {
        let page = PAGE.replace("Status: RECRUITING", "Status: COMPLETED");
        let (rec, _) = run(&page);
        assert_eq!(rec.status.as_deref(), Some("RECRUITING"));
        assert_eq!(rec.warnings.len(), 1);
        assert_eq!(rec.warnings[0].code, WarningCode::HeaderMismatch);
    }

    #[test]
    fn missing_marker_and_unknown_lines() {
        let page = PAGE
            .replace("Raw JSON\n", "")
            .replace("Sponsor:\n", "odd line\n");
        let (rec, crit) = run(&page);
        assert!(crit.is_some());
        let codes: Vec<WarningCode> = rec.warnings.iter().map(|w| w.code).collect();
        assert_eq!(
            codes,
            [WarningCode::UnparsedHeaderLine, WarningCode::MissingRawJson]
        );
        let (rec, crit) = run("Viewing Study NCT1\nStatus: X\n\nRaw JSON\n\n");
        assert!(crit.is_none());
        assert_eq!(rec.status.as_deref(), Some("X"));
        assert_eq!(rec.warnings[0].code, WarningCode::MissingLiteral);
    }

    #[test]
    fn header_sponsor_is_a_fallback() {
        let (rec, _) = run("Viewing Study NCT1\nSponsor: Acme\nRaw JSON\n{'a': 1}");
        assert_eq!(rec.quick_facts.sponsor.unwrap().name, "Acme");
    }

    #[test]
    fn a_malformed_header_id_is_not_taken() {
        let (rec, _) = run("Viewing Study NCT0123\nStudy NCT ID: hello world\nRaw JSON\n{'a': 1}");
        assert_eq!(rec.nct_id, None);
        assert!(rec.warnings.iter().any(|w| w.code == WarningCode::BadNctId));
    }

    /// Every corpus study-view page against its truth file (needs the development corpus).
    #[test]
    #[ignore]
    fn corpus_view_matches_truth() {
        use crate::layout::registry::corpus;
        let (n, bad) = corpus::check(&corpus::pages_dir(), ".view.txt", true);
        eprintln!("{n} study-view pages checked");
        assert!(n > 0);
        assert_eq!(bad, Vec::<String>::new(), "{} differ", bad.len());
    }
}
