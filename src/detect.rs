//! Stage 2, *detect*: which layout is this page?
//!
//! Detection looks only at cheap, stable markers near the top of the text, so a 200 MB file
//! costs nothing here. Order matters: HTML first (a saved page may quote anything), then the
//! study-view header, then bare registry JSON, then the patient-facing page's "Quick facts".

use crate::record::Format;

/// How far into the text detection looks for its markers.
const HEAD: usize = 64 * 1024;

pub fn detect(text: &str) -> Format {
    let head = head(text);
    let trimmed = head.trim_start();
    let lower_start: String = trimmed
        .chars()
        .take(256)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower_start.starts_with("<!doctype html")
        || lower_start.starts_with("<html")
        || head.contains("<body")
    {
        return Format::FindATrialHtml;
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

fn has_line(text: &str, line: &str) -> bool {
    text.lines().any(|l| l.trim() == line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_layout() {
        assert_eq!(detect("<!DOCTYPE html>\n<html>"), Format::FindATrialHtml);
        assert_eq!(
            detect("Viewing Study NCT06709469\n\nRaw JSON\n{}"),
            Format::StudyView
        );
        assert_eq!(detect("{\"protocolSection\": {}}"), Format::RegistryJson);
        assert_eq!(
            detect("Title\n\nQuick facts\n\nPhasePHASE1\n"),
            Format::FindATrial
        );
        assert_eq!(detect("Inclusion Criteria:\n* adults"), Format::Unknown);
        assert_eq!(detect(""), Format::Unknown);
    }

    #[test]
    fn long_input_cut_on_char_boundary() {
        let s = "é".repeat(HEAD);
        assert_eq!(detect(&s), Format::Unknown);
    }
}
