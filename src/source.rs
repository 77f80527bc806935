//! Stage 1, *read*: raw bytes → text that every later stage can trust.
//!
//! Parsers downstream see valid UTF-8 with `\n` line ends only. Whatever was changed to get
//! there (a BOM dropped, invalid bytes replaced by U+FFFD, `\r\n` or a lone `\r` turned into
//! `\n`, NUL bytes replaced) is recorded in the [`Mapped`] map, so spans still point at the
//! bytes exactly as read, and in a warning, so the user knows the file was not clean.

use crate::limits::{TooLarge, DECODE_RUNS};
use crate::record::Warning;
use crate::span::{Mapped, MappedBuilder, Span};
use crate::warning::WarningCode;

/// Decoded input plus the warnings about what decoding had to change.
pub struct Decoded {
    pub text: Mapped,
    pub warnings: Vec<Warning>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decode bytes lossily. Fails only when the map would pass its cap
/// ([`DECODE_RUNS`]): a file changed that densely is not text.
///
/// One pass over the bytes: valid UTF-8 is copied, and each change is a replacement piece in
/// the map. Runs of the same change (a block of NUL bytes, of invalid bytes, of blank CRLF
/// lines) share one map segment, so the map stays small however many bytes were changed.
pub fn decode(bytes: &[u8]) -> Result<Decoded, TooLarge> {
    decode_at(bytes, 0)
}

/// Decode bytes that sit at offset `base` of the input the spans count in (a study inside
/// a JSON container); spans of the text are `base` + the offset in `bytes`.
pub fn decode_at(bytes: &[u8], base: usize) -> Result<Decoded, TooLarge> {
    let cap = DECODE_RUNS.of(bytes.len());
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
    let mut nul = false;
    while pos < bytes.len() {
        let rest = &bytes[pos..];
        let (valid, bad) = match std::str::from_utf8(rest) {
            Ok(s) => (s, 0),
            Err(e) => {
                let good = e.valid_up_to();
                // Safe: from_utf8 vouched for these bytes.
                let s = std::str::from_utf8(&rest[..good]).unwrap_or_default();
                (s, e.error_len().unwrap_or(rest.len() - good))
            }
        };
        nul |= push_controls(&mut b, valid, base + pos, cap)?;
        pos += valid.len();
        if bad > 0 {
            if b.segments() > cap {
                return Err(TooLarge::Decode { cap });
            }
            b.push_replace("\u{FFFD}", Span::new(base + pos, base + pos + bad));
            invalid += 1;
            first_invalid.get_or_insert(base + pos);
            pos += bad;
        }
    }
    if let Some(at) = first_invalid {
        warnings.push(Warning::new(
            WarningCode::InvalidUtf8,
            format!("{invalid} invalid UTF-8 sequence(s) replaced by U+FFFD; first at byte {at}"),
            Some(Span::new(at, at + 1)),
        ));
    }
    if nul {
        warnings.push(Warning::new(
            WarningCode::NulBytes,
            "NUL bytes replaced by spaces",
            None,
        ));
    }
    Ok(Decoded {
        text: b.finish(),
        warnings,
    })
}

/// Appends valid UTF-8 `s` (at source byte `at`) with `\r\n` and lone `\r` turned into
/// `\n` and NUL into a space. Returns whether there was a NUL.
fn push_controls(b: &mut MappedBuilder, s: &str, at: usize, cap: usize) -> Result<bool, TooLarge> {
    let bytes = s.as_bytes();
    let mut nul = false;
    let mut start = 0;
    for i in memchr::memchr2_iter(b'\r', 0, bytes) {
        if i < start {
            // The `\n` of a `\r\n` already taken.
            continue;
        }
        if b.segments() > cap {
            return Err(TooLarge::Decode { cap });
        }
        b.push_source(&s[start..i], at + start);
        if bytes[i] == 0 {
            nul = true;
            b.push_replace(" ", Span::new(at + i, at + i + 1));
            start = i + 1;
        } else if bytes.get(i + 1) == Some(&b'\n') {
            b.push_replace("\n", Span::new(at + i, at + i + 2));
            start = i + 2;
        } else {
            b.push_replace("\n", Span::new(at + i, at + i + 1));
            start = i + 1;
        }
    }
    b.push_source(&s[start..], at + start);
    Ok(nul)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(bytes: &[u8]) -> Decoded {
        decode(bytes).expect("within the cap")
    }

    #[test]
    fn clean_text_is_identity() {
        let d = ok("Ages≥3\n".as_bytes());
        assert_eq!(d.text.as_str(), "Ages≥3\n");
        assert!(d.warnings.is_empty());
        assert_eq!(d.text.span(4..7), Span::new(4, 7));
    }

    #[test]
    fn a_base_offset_moves_every_span() {
        let d = decode_at(b"\xEF\xBB\xBFab\xFFc\r\n", 100).expect("within the cap");
        assert_eq!(d.text.as_str(), "ab\u{FFFD}c\n");
        assert_eq!(d.text.span(0..2), Span::new(103, 105));
        assert_eq!(d.warnings[0].span, Some(Span::new(100, 103)));
        assert_eq!(d.warnings[1].span, Some(Span::new(105, 106)));
        assert_eq!(d.text.span(5..6), Span::new(106, 107));
        assert_eq!(d.text.span(6..7), Span::new(107, 109));
    }

    #[test]
    fn bom_is_skipped_and_spans_stay_on_bytes() {
        let d = ok(b"\xEF\xBB\xBFabc");
        assert_eq!(d.text.as_str(), "abc");
        assert_eq!(d.text.span(1..2), Span::new(4, 5));
        assert_eq!(d.warnings[0].code, WarningCode::Bom);
    }

    #[test]
    fn invalid_utf8_is_replaced_and_warned() {
        let d = ok(b"ab\xFFcd\xC3");
        assert_eq!(d.text.as_str(), "ab\u{FFFD}cd\u{FFFD}");
        // "cd" sits after the 3-byte replacement but at source bytes 3..5.
        assert_eq!(d.text.span(5..7), Span::new(3, 5));
        assert_eq!(d.text.full_span(), Span::new(0, 6));
        assert_eq!(d.warnings[0].code, WarningCode::InvalidUtf8);
    }

    #[test]
    fn crlf_and_lone_cr_become_newlines() {
        let d = ok(b"a\r\nb\rc\x00d");
        assert_eq!(d.text.as_str(), "a\nb\nc d");
        assert_eq!(d.text.span(2..3), Span::new(3, 4));
        assert_eq!(d.text.span(6..7), Span::new(7, 8));
        assert_eq!(d.warnings[0].code, WarningCode::NulBytes);
    }

    #[test]
    fn runs_of_changed_bytes_cost_one_segment() {
        for (byte, text) in [(0u8, " "), (b'\r', "\n"), (0xFF, "\u{FFFD}")] {
            let mut bytes = b"ab".to_vec();
            bytes.extend(std::iter::repeat(byte).take(100_000));
            bytes.extend(b"cd");
            let d = ok(&bytes);
            assert!(d.text.segments() <= 3, "{byte:#x}: {}", d.text.segments());
            let n = d.text.len();
            assert_eq!(d.text.as_str()[2..n - 2], text.repeat(100_000));
            // The text after the run still points at its own bytes, and each replaced
            // byte at itself.
            assert_eq!(d.text.span(n - 2..n), Span::new(100_002, 100_004));
            let k = text.len();
            assert_eq!(d.text.span(2 + 7 * k..2 + 8 * k), Span::new(9, 10));
        }
        let d = ok(&b"a\r\n".repeat(1000));
        assert_eq!(d.text.as_str(), "a\n".repeat(1000));
        assert_eq!(d.text.span(1996..1998), Span::new(2994, 2997));
        let d = ok(&b"\r\n".repeat(1000));
        assert_eq!(d.text.segments(), 1);
        assert_eq!(d.text.span(10..11), Span::new(20, 22));
    }

    #[test]
    fn densely_changed_bytes_pass_the_cap() {
        // Every other byte invalid: a map segment per byte.
        let n = 2 * DECODE_RUNS.free + 64;
        let bytes: Vec<u8> = b"a\xFF".iter().copied().cycle().take(n).collect();
        let cap = DECODE_RUNS.of(n);
        assert_eq!(decode(&bytes).err(), Some(TooLarge::Decode { cap }));
        let lines = b"a\r\n".repeat(n / 3);
        assert!(decode(&lines).is_err());
        // The same bytes in long runs are one segment each.
        let mut runs = vec![b'a'; n / 2];
        runs.extend(vec![0xFF; n / 2]);
        assert_eq!(ok(&runs).text.segments(), 2);
    }

    #[test]
    fn empty_input() {
        let d = ok(b"");
        assert_eq!(d.text.as_str(), "");
        assert!(d.warnings.is_empty());
    }
}
