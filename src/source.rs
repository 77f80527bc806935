//! Stage 1, *read*: raw bytes → text that every later stage can trust.
//!
//! Parsers downstream see valid UTF-8 with `\n` line ends only. Whatever was changed to get
//! there (a BOM dropped, invalid bytes replaced by U+FFFD, `\r\n` or a lone `\r` turned into
//! `\n`, NUL bytes replaced) is recorded in the [`Mapped`] map, so spans still point at the
//! bytes exactly as read, and in a warning, so the user knows the file was not clean.

use crate::record::Warning;
use crate::span::{Mapped, MappedBuilder, Span};
use crate::warning::WarningCode;

/// Decoded input plus the warnings about what decoding had to change.
pub struct Decoded {
    pub text: Mapped,
    pub warnings: Vec<Warning>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decode bytes lossily; never fails.
pub fn decode(bytes: &[u8]) -> Decoded {
    decode_at(bytes, 0)
}

/// Decode bytes that sit at offset `base` of the input the spans count in (a study inside
/// a JSON container); spans of the text are `base` + the offset in `bytes`.
pub fn decode_at(bytes: &[u8], base: usize) -> Decoded {
    let mut warnings = Vec::new();
    let mut b = MappedBuilder::new();
    let mut pos = 0;
    if bytes.starts_with(BOM) {
        pos = BOM.len();
        warnings.push(Warning::new(
            WarningCode::Bom,
            "byte-order mark skipped",
            Some(Span::new(base, base + 3)),
        ));
    }
    let mut invalid = 0usize;
    let mut first_invalid = None;
    let mut rest = &bytes[pos..];
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                b.push_source(s, base + pos);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                // Safe: from_utf8 vouched for these bytes.
                let s = std::str::from_utf8(&rest[..good]).unwrap_or_default();
                b.push_source(s, base + pos);
                let bad = e.error_len().unwrap_or(rest.len() - good);
                let at = pos + good;
                b.push_replace("\u{FFFD}", Span::new(base + at, base + at + bad));
                invalid += 1;
                first_invalid.get_or_insert(base + at);
                pos = at + bad;
                rest = &bytes[pos..];
            }
        }
    }
    if let Some(at) = first_invalid {
        warnings.push(Warning::new(
            WarningCode::InvalidUtf8,
            format!("{invalid} invalid UTF-8 sequence(s) replaced by U+FFFD; first at byte {at}"),
            Some(Span::new(at, at + 1)),
        ));
    }
    let text = b.finish();
    let nul = memchr::memchr(0, bytes).is_some();
    let text = if nul || memchr::memchr(b'\r', text.as_str().as_bytes()).is_some() {
        if nul {
            warnings.push(Warning::new(
                WarningCode::NulBytes,
                "NUL bytes replaced by spaces",
                None,
            ));
        }
        normalise_controls(&text)
    } else {
        text
    };
    Decoded { text, warnings }
}

/// `\r\n` and lone `\r` → `\n`, NUL → space, keeping the map.
fn normalise_controls(text: &Mapped) -> Mapped {
    let s = text.as_str();
    let bytes = s.as_bytes();
    let mut b = MappedBuilder::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr2(b'\r', 0, &bytes[i..]) {
        let at = i + off;
        b.push_from(text, start..at);
        if bytes[at] == 0 {
            b.push_replace(" ", text.span(at..at + 1));
            i = at + 1;
        } else if bytes.get(at + 1) == Some(&b'\n') {
            b.push_replace("\n", text.span(at..at + 2));
            i = at + 2;
        } else {
            b.push_replace("\n", text.span(at..at + 1));
            i = at + 1;
        }
        start = i;
    }
    b.push_from(text, start..s.len());
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_identity() {
        let d = decode("Ages≥3\n".as_bytes());
        assert_eq!(d.text.as_str(), "Ages≥3\n");
        assert!(d.warnings.is_empty());
        assert_eq!(d.text.span(4..7), Span::new(4, 7));
    }

    #[test]
    fn bom_is_skipped_and_spans_stay_on_bytes() {
        let d = decode(b"\xEF\xBB\xBFabc");
        assert_eq!(d.text.as_str(), "abc");
        assert_eq!(d.text.span(1..2), Span::new(4, 5));
        assert_eq!(d.warnings[0].code, WarningCode::Bom);
    }

    #[test]
    fn invalid_utf8_is_replaced_and_warned() {
        let d = decode(b"ab\xFFcd\xC3");
        assert_eq!(d.text.as_str(), "ab\u{FFFD}cd\u{FFFD}");
        // "cd" sits after the 3-byte replacement but at source bytes 3..5.
        assert_eq!(d.text.span(5..7), Span::new(3, 5));
        assert_eq!(d.text.full_span(), Span::new(0, 6));
        assert_eq!(d.warnings[0].code, WarningCode::InvalidUtf8);
    }

    #[test]
    fn crlf_and_lone_cr_become_newlines() {
        let d = decode(b"a\r\nb\rc\x00d");
        assert_eq!(d.text.as_str(), "a\nb\nc d");
        assert_eq!(d.text.span(2..3), Span::new(3, 4));
        assert_eq!(d.text.span(6..7), Span::new(7, 8));
        assert_eq!(d.warnings[0].code, WarningCode::NulBytes);
    }

    #[test]
    fn a_base_offset_moves_every_span() {
        let d = decode_at(b"\xEF\xBB\xBFab\xFFc", 100);
        assert_eq!(d.text.as_str(), "ab\u{FFFD}c");
        assert_eq!(d.text.span(0..2), Span::new(103, 105));
        assert_eq!(d.warnings[0].span, Some(Span::new(100, 103)));
        assert_eq!(d.warnings[1].span, Some(Span::new(105, 106)));
        assert_eq!(d.text.span(5..6), Span::new(106, 107));
    }

    #[test]
    fn empty_input() {
        let d = decode(b"");
        assert_eq!(d.text.as_str(), "");
        assert!(d.warnings.is_empty());
    }
}
