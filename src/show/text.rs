//! What a page shows: the input as text, mapped to the input's bytes.
//!
//! Every highlight is placed by looking its record span up in this map, so the text must be
//! one the spans index:
//!
//! - text layouts (`find_a_trial`, `criteria_text`, `unknown`, and `registry_xml`, shown as
//!   its XML source): the input decoded exactly as the parser read it (`source::decode`: CRLF shown as a line break, invalid bytes as
//!   U+FFFD, NUL as a space, a BOM not shown). For clean UTF-8 every highlight's text is the
//!   input bytes under its span, byte for byte.
//! - `find_a_trial_html`: the page's text content, as the HTML layout reads it
//!   (`layout::html::to_text`); an entity shows decoded and tags do not show. Another site's
//!   HTML (`unknown`) shows its visible text, as `layout::unknown` reads it.
//! - `study_view`, `registry_json`: the literal's source, with every string shown decoded in
//!   place (`\n` is a line break, `\u2265` is ≥, `\'` is '), and a line break before each
//!   dict key (and each container in a list), indented by depth. Everything else, quotes
//!   and brackets included, shows as written, in source order, so a highlight covers
//!   exactly the escaped source bytes of its span, decoded the same way.

use crate::layout::literal::{self, Dialect, Kind, Value};
use crate::layout::{html, study_view};
use crate::record::Format;
use crate::span::{Mapped, MappedBuilder, Span};
use crate::{detect, source};

/// Deepest level given its own lines in a literal; deeper values run on.
const MAX_INDENT: usize = 12;

/// The text shown for a document read as `format`, whose bytes sit at `base` of the input
/// its spans count in.
pub fn display(format: Format, bytes: &[u8], base: usize) -> Mapped {
    // An input too densely changed to decode is an error record: nothing to show under it.
    let Ok(decoded) = source::decode_at(bytes, base).map(|d| d.text) else {
        return Mapped::default();
    };
    match format {
        Format::FindATrialHtml => html::to_text(&decoded),
        Format::StudyView => match study_view::literal_start(decoded.as_str()) {
            Some(at) => literal_text(&decoded, at, Dialect::Python),
            None => decoded,
        },
        Format::RegistryJson => literal_text(&decoded, 0, Dialect::Json),
        // Another site's HTML is read as its visible text (`layout::unknown::parse_html`).
        Format::Unknown if detect::is_html(decoded.as_str()) => html::readable(&decoded),
        // Legacy XML is shown as written: spans index the XML source, entities included.
        Format::FindATrial | Format::CriteriaText | Format::RegistryXml | Format::Unknown => {
            decoded
        }
    }
}

/// `text` up to `at` as it is, then the literal from `at` with its strings decoded in place.
fn literal_text(text: &Mapped, at: usize, dialect: Dialect) -> Mapped {
    let parsed = literal::parse_from(text, at, dialect);
    let mut out = MappedBuilder::new();
    let mut cursor = 0;
    if let Some(root) = parsed.value() {
        // Explicit stack, children pushed in reverse: values come off in source order.
        let mut stack: Vec<(&Value<'_>, usize, bool)> = vec![(root, 0, false)];
        while let Some((v, depth, breaks)) = stack.pop() {
            let r = text.range_of(v.raw);
            // Past MAX_INDENT levels no more breaks: a 100 000-deep `[[[…` stays one line.
            if breaks && depth <= MAX_INDENT && r.start >= cursor {
                out.push_from(text, cursor..r.start);
                cursor = r.start;
                let indent = "  ".repeat(depth);
                out.push_replace(
                    &format!("\n{indent}"),
                    Span::new(text.src_start(r.start), text.src_start(r.start)),
                );
            }
            match &v.kind {
                Kind::Dict(items) => {
                    for (i, item) in items.iter().enumerate().rev() {
                        stack.push((item, depth + 1, i % 2 == 0));
                    }
                }
                Kind::List(items) => {
                    for item in items.iter().rev() {
                        let container = matches!(item.kind, Kind::Dict(_) | Kind::List(_));
                        stack.push((item, depth + 1, container));
                    }
                }
                Kind::Str { .. } => {
                    let (Some(inner), Some(decoded)) =
                        (v.str_source(), literal::decode_string(text, v))
                    else {
                        continue;
                    };
                    let ir = text.range_of(inner);
                    if ir.start < cursor {
                        continue;
                    }
                    out.push_from(text, cursor..ir.start);
                    out.push_from(&decoded, 0..decoded.len());
                    cursor = ir.end;
                }
                Kind::Int(_) | Kind::Float(_) | Kind::Bool(_) | Kind::Null => {}
            }
        }
    }
    out.push_from(text, cursor..text.len());
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(format: Format, input: &str) -> String {
        display(format, input.as_bytes(), 0).as_str().to_owned()
    }

    #[test]
    fn text_layouts_show_the_decoded_input() {
        assert_eq!(shown(Format::FindATrial, "a\r\nb"), "a\nb");
        assert_eq!(shown(Format::Unknown, "\u{feff}x"), "x");
        let m = display(Format::CriteriaText, b"ab\xffc", 0);
        assert_eq!(m.as_str(), "ab\u{fffd}c");
        assert_eq!(m.span(2..5), Span::new(2, 3));
    }

    #[test]
    fn html_shows_its_text_content() {
        let m = display(Format::FindATrialHtml, b"<p>a &lt; b</p>", 0);
        assert_eq!(m.as_str().trim(), "a < b");
        let at = m.as_str().find('<').unwrap();
        assert_eq!(m.span(at..at + 1), Span::new(5, 9));
    }

    #[test]
    fn literal_strings_show_decoded_in_place_one_key_per_line() {
        let src = r#"{"a": "x\ny", "b": [1, {"c": "\u2265 3"}], "d": ["p", "q"]}"#;
        let m = display(Format::RegistryJson, src.as_bytes(), 0);
        assert_eq!(
            m.as_str(),
            "{\n  \"a\": \"x\ny\", \n  \"b\": [1, \n    {\n      \"c\": \"≥ 3\"}], \n  \"d\": [\"p\", \"q\"]}"
        );
        // The decoded `≥` stands for its six escaped source bytes.
        let at = m.as_str().find('≥').unwrap();
        let s = src.find("\\u2265").unwrap();
        assert_eq!(m.span(at..at + '≥'.len_utf8()), Span::new(s, s + 6));
        // A span over the whole of "x\ny" maps back to its escaped source.
        let x = m.as_str().find("x\ny").unwrap();
        let xs = src.find("x\\ny").unwrap();
        assert_eq!(m.span(x..x + 3), Span::new(xs, xs + 4));
    }

    #[test]
    fn study_view_header_shows_as_written_and_python_strings_decode() {
        let page = "Viewing Study NCT1\n\nRaw JSON\n\n{'t': 'it\\'s', 'n': None}\n";
        let text = shown(Format::StudyView, page);
        assert_eq!(
            text,
            "Viewing Study NCT1\n\nRaw JSON\n\n{\n  't': 'it's', \n  'n': None}\n"
        );
    }

    #[test]
    fn a_cut_literal_shows_the_rest_as_written() {
        let src = "{\"a\": \"x\", \"b\": \"unterminated";
        let text = shown(Format::RegistryJson, src);
        assert!(text.starts_with("{\n  \"a\": \"x\", "), "{text}");
        assert!(text.ends_with("unterminated"), "{text}");
    }
}
