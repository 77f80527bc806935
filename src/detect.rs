//! Stage 2, *detect*: which layout is this page?
//!
//! Detection looks only at cheap, stable markers near the top of the text, so a 200 MB file
//! costs nothing here. Order matters: a legacy registry XML root first, then HTML (a saved
//! page may quote anything), then the study-view header, then bare registry JSON, then the
//! patient-facing page's "Quick facts". HTML is our patient page only when it carries that
//! page's own markers; any other HTML (another registry, an error page) is `Unknown`.

use crate::record::Format;

/// How far into the text detection looks for its markers.
const HEAD: usize = 64 * 1024;

pub fn detect(text: &str) -> Format {
    let head = head(text);
    let trimmed = head.trim_start();
    if first_element(head).is_some_and(|name| name == "clinical_study") {
        return Format::RegistryXml;
    }
    if looks_like_html(head) {
        return if patient_page_html(head) {
            Format::FindATrialHtml
        } else {
            Format::Unknown
        };
    }
    if trimmed.starts_with("Viewing Study NCT")
        || has_line(head, "Raw JSON") && head.contains("Study NCT ID:")
    {
        return Format::StudyView;
    }
    if trimmed.starts_with('{') && head.contains("\"protocolSection\"") {
        return Format::RegistryJson;
    }
    if has_line(head, "Quick facts") {
        return Format::FindATrial;
    }
    Format::Unknown
}

/// The name of the first element, after an XML declaration, comments and a doctype.
fn first_element(head: &str) -> Option<&str> {
    let mut rest = skip_prolog(head)?;
    while let Some(r) = rest.strip_prefix("<!") {
        // A doctype (or a stray declaration) before the root.
        rest = r.get(r.find('>')? + 1..)?.trim_start();
        rest = skip_prolog(rest)?;
    }
    let name = rest.strip_prefix('<')?;
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')))
        .unwrap_or(name.len());
    (end > 0).then(|| &name[..end])
}

/// Skips leading whitespace, `<?…?>` declarations and `<!--…-->` comments; `None` when one
/// is not closed in the head.
fn skip_prolog(head: &str) -> Option<&str> {
    let mut rest = head.trim_start();
    while rest.starts_with("<!--") || rest.starts_with("<?") {
        let close = if rest.starts_with("<!--") {
            "-->"
        } else {
            "?>"
        };
        rest = rest[rest.find(close)? + close.len()..].trim_start();
    }
    Some(rest)
}

/// What only the patient-facing page's HTML has: its "Quick facts" heading as an element's
/// whole text, or the site's name closing the title.
fn patient_page_html(head: &str) -> bool {
    let b = head.as_bytes();
    let quick_facts = memchr::memmem::find_iter(b, b"Quick facts").any(|at| {
        let before = head[..at].trim_end_matches(char::is_whitespace);
        let after = head[at + "Quick facts".len()..].trim_start_matches(char::is_whitespace);
        before.ends_with('>') && after.starts_with('<')
    });
    quick_facts || memchr::memmem::find(b, b"| Find a Trial</title>").is_some()
}

/// Whether the text is HTML: a doctype or `<html>` first (after comments and an XML
/// declaration), or an `<html>`/`<body>` tag near the top.
pub fn is_html(text: &str) -> bool {
    looks_like_html(head(text))
}

/// A doctype or `<html>` first (after comments such as a browser's `<!-- saved from url -->`
/// and an XML declaration), or an `<html`/`<body` tag anywhere in the head.
fn looks_like_html(head: &str) -> bool {
    let Some(rest) = skip_prolog(head) else {
        return false;
    };
    let start = rest.get(..14).unwrap_or(rest).to_ascii_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html") || {
        let b = head.as_bytes();
        [&b"<html"[..], b"<body", b"<HTML", b"<BODY"]
            .iter()
            .any(|tag| memchr::memmem::find(b, tag).is_some())
    }
}

fn head(text: &str) -> &str {
    if text.len() <= HEAD {
        return text;
    }
    let mut end = HEAD;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Whether some line of `text`, trimmed, is `line`. Finds `line` with memmem and checks only
/// around the hits: walking every line of a 64 KB head costed more than the rest of detection.
fn has_line(text: &str, line: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), line.as_bytes()).any(|at| {
        // Each check stops at the first character that is not blank, so hits packed on one
        // long line cost no more than the line.
        let blank = |c: char| c != '\n' && c.is_whitespace();
        let before = text.get(..at).unwrap_or("");
        let after = text.get(at + line.len()..).unwrap_or("");
        let start_ok = before.chars().rev().find(|&c| !blank(c)).unwrap_or('\n') == '\n';
        start_ok && after.chars().find(|&c| !blank(c)).unwrap_or('\n') == '\n'
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_layout() {
        assert_eq!(
            detect("<!DOCTYPE html>\n<html><h2>Quick facts</h2>"),
            Format::FindATrialHtml
        );
        assert_eq!(
            detect("<html><head><title>X | Find a Trial</title>"),
            Format::FindATrialHtml
        );
        assert_eq!(
            detect("<!DOCTYPE html>\n<html><h1>Not found</h1>"),
            Format::Unknown
        );
        assert_eq!(
            detect("<html><p>See the Quick facts below</p>"),
            Format::Unknown
        );
        assert_eq!(
            detect("Viewing Study NCT06709469\n\nRaw JSON\n{}"),
            Format::StudyView
        );
        assert_eq!(detect("{\"protocolSection\": {}}"), Format::RegistryJson);
        assert_eq!(
            detect("<?xml version=\"1.0\"?>\n<!-- c -->\n<clinical_study>\n"),
            Format::RegistryXml
        );
        assert_eq!(detect("<clinical_study rank=\"1\">"), Format::RegistryXml);
        assert_eq!(detect("<clinical_studyx>"), Format::Unknown);
        assert_eq!(
            detect("Title\n\nQuick facts\n\nPhasePHASE1\n"),
            Format::FindATrial
        );
        assert_eq!(detect("Inclusion Criteria:\n* adults"), Format::Unknown);
        assert_eq!(detect(""), Format::Unknown);
        assert_eq!(
            detect("<!-- saved from url=(0014)about:internet -->\n<!DOCTYPE html><style></style><h2>\nQuick facts\n</h2>"),
            Format::FindATrialHtml
        );
        assert_eq!(
            detect("<?xml version=\"1.0\"?>\n<html><h2>Quick facts</h2>"),
            Format::FindATrialHtml
        );
        assert!(is_html("<?xml version=\"1.0\"?>\n<html>"));
    }

    #[test]
    fn has_line_wants_the_whole_trimmed_line() {
        assert!(has_line("a\n  Quick facts \nb", "Quick facts"));
        assert!(has_line("Quick facts", "Quick facts"));
        assert!(has_line("x Quick facts\n\u{a0}Quick facts", "Quick facts"));
        assert!(!has_line("x Quick facts\nQuick factsy", "Quick facts"));
        assert!(!has_line("é Quick facts é", "Quick facts"));
        assert!(!has_line("", "Quick facts"));
    }

    #[test]
    fn long_input_cut_on_char_boundary() {
        let s = "é".repeat(HEAD);
        assert_eq!(detect(&s), Format::Unknown);
    }
}
