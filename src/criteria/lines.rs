//! Line classification: every line of a criteria block is blank, a section header
//! ("Inclusion Criteria:"), a list item (`* `, `1.`, `(a)`, `①` ...) or prose.
//!
//! Classification looks at one line only; how lines nest is decided in [`super`].

use std::ops::Range;

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while_m_n};
use nom::character::complete::{char, one_of, satisfy};
use nom::combinator::{map, recognize};
use nom::sequence::{delimited, pair, preceded};
use nom::IResult;

use crate::record::Section;

/// Which list an item marker belongs to: items continue a list only with the same family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// `*`, `-`, `•` ...: each glyph is its own list, as in markdown.
    Bullet(char),
    /// `1.` `1)` `(1)`: the char is the delimiter (`(` for the parenthesised form).
    Number(char),
    /// `a.` `B)` `(c)` `ii.` `(iv)`: letters and roman numerals share a family because
    /// `i.` `v.` `x.` are both.
    Letter { upper: bool, delim: char },
    /// `①` ... `⑳`.
    Circled,
}

/// What a line is, with byte ranges relative to the block text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Empty, whitespace, or punctuation only (`\-`, `---`): no words to keep.
    Blank,
    /// A line that switches the list; `rest` is a criterion written on the same line.
    Header {
        section: Section,
        rest: Option<Range<usize>>,
    },
    /// A list item; `text` excludes the marker and may be empty (`*` alone).
    Item { family: Family, text: Range<usize> },
    /// Anything else; `hashes` is true for a markdown `#` heading (marks stripped).
    Prose { text: Range<usize>, hashes: bool },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Leading whitespace width in columns (tab = to the next multiple of 4).
    pub indent: usize,
    pub kind: Kind,
}

/// Classify the line `s`, which starts at byte `base` of the block.
pub fn classify(s: &str, base: usize) -> Line {
    let (indent, body) = split_indent(s);
    let off = base + (s.len() - body.len());
    // A lone marker may have its text on the next line; a lone escaped one is a dash.
    let lone_marker = !body.starts_with('\\') && marker(body).is_some();
    let kind = if !body.chars().any(char::is_alphanumeric) && !lone_marker {
        Kind::Blank
    } else if let Some((section, rest)) = section_header(body) {
        Kind::Header {
            section,
            rest: rest.map(|r| off + r.start..off + r.end),
        }
    } else if let Some((family, len)) = marker(body) {
        let text = trim_range(body, len..body.len());
        Kind::Item {
            family,
            text: off + text.start..off + text.end,
        }
    } else {
        let hashes = body.starts_with('#');
        let start = if hashes {
            body.len() - body.trim_start_matches('#').len()
        } else {
            0
        };
        let text = trim_range(body, start..body.len());
        Kind::Prose {
            text: off + text.start..off + text.end,
            hashes,
        }
    };
    Line { indent, kind }
}

fn split_indent(s: &str) -> (usize, &str) {
    let mut cols = 0;
    for (i, c) in s.char_indices() {
        match c {
            ' ' | '\u{a0}' | '\u{3000}' => cols += 1,
            '\t' => cols = (cols / 4 + 1) * 4,
            _ => return (cols, &s[i..]),
        }
    }
    (cols, "")
}

/// `r` shrunk to exclude surrounding whitespace of `s[r]`.
pub fn trim_range(s: &str, r: Range<usize>) -> Range<usize> {
    let Some(sub) = s.get(r.clone()) else {
        return r.start..r.start;
    };
    let lead = sub.len() - sub.trim_start().len();
    let t = sub.trim();
    r.start + lead..r.start + lead + t.len()
}

/// Whether `s` (a line without its indent) opens with a list marker: the family and the
/// byte length of marker plus the whitespace after it. A marker needs whitespace (or the
/// end of the line) after it, so `1.5 mg` and `e.g.` are text; `①` needs nothing.
pub fn marker(s: &str) -> Option<(Family, usize)> {
    let (rest, family) = alt((circled, bullet, number, letter))(s).ok()?;
    let after = rest.trim_start();
    // Full-width delimiters (`1、`) are followed by text directly in CJK writing.
    let spaced = after.len() < rest.len() || !s[..s.len() - rest.len()].is_ascii();
    let ok = match family {
        Family::Circled => true,
        // A lone `o` is a word unless it is followed by text, as in `o Item`.
        Family::Bullet('o') => spaced && !after.is_empty(),
        _ => spaced || rest.is_empty(),
    };
    ok.then(|| (family, s.len() - after.len()))
}

fn circled(i: &str) -> IResult<&str, Family> {
    map(satisfy(|c| ('①'..='⑳').contains(&c)), |_| {
        Family::Circled
    })(i)
}

fn bullet(i: &str) -> IResult<&str, Family> {
    alt((
        preceded(char('\\'), map(one_of("-*+"), Family::Bullet)),
        map(one_of("*-+•·▪◦●○■□➢►–—o"), Family::Bullet),
    ))(i)
}

/// `.` `)` and their escaped / full-width forms, normalised to `.` or `)`.
fn delim(i: &str) -> IResult<&str, char> {
    alt((
        map(alt((tag("\\."), tag("."), tag("．"), tag("、"))), |_| '.'),
        map(alt((tag("\\)"), tag(")"), tag("）"))), |_| ')'),
    ))(i)
}

fn open_paren(i: &str) -> IResult<&str, &str> {
    alt((tag("\\("), tag("("), tag("（")))(i)
}

fn close_paren(i: &str) -> IResult<&str, &str> {
    alt((tag("\\)"), tag(")"), tag("）")))(i)
}

fn digits(i: &str) -> IResult<&str, &str> {
    take_while_m_n(1, 3, |c: char| c.is_ascii_digit())(i)
}

/// One letter, or a roman numeral of up to six `i v x`, in one case.
fn letters(i: &str) -> IResult<&str, bool> {
    let roman_lo = take_while_m_n(2, 6, |c| matches!(c, 'i' | 'v' | 'x'));
    let roman_up = take_while_m_n(2, 6, |c| matches!(c, 'I' | 'V' | 'X'));
    alt((
        map(
            alt((roman_lo, recognize(satisfy(|c| c.is_ascii_lowercase())))),
            |_| false,
        ),
        map(
            alt((roman_up, recognize(satisfy(|c| c.is_ascii_uppercase())))),
            |_| true,
        ),
    ))(i)
}

fn number(i: &str) -> IResult<&str, Family> {
    alt((
        map(preceded(digits, delim), Family::Number),
        map(delimited(open_paren, digits, close_paren), |_| {
            Family::Number('(')
        }),
    ))(i)
}

fn letter(i: &str) -> IResult<&str, Family> {
    alt((
        map(pair(letters, delim), |(upper, delim)| Family::Letter {
            upper,
            delim,
        }),
        map(delimited(open_paren, letters, close_paren), |upper| {
            Family::Letter { upper, delim: '(' }
        }),
    ))(i)
}

/// Words that may qualify a header ("Key inclusion criteria", and other registries'
/// "Principal inclusion criteria", "Participant exclusion criteria").
const HEADER_QUALIFIERS: &[&str] = &[
    "key ",
    "main ",
    "general ",
    "principal ",
    "participant ",
    "patient ",
];

/// The section a header line opens, and where a criterion written after it starts.
///
/// A header is what the registry's readers take for one: a line that starts (after `#`,
/// `**` and whitespace) with `[qualifier] inclusion|exclusion criteria` (see
/// [`HEADER_QUALIFIERS`]). Words up
/// to a colon qualify the header ("(Families)", "include", "for cases"); words after the
/// colon are a criterion. Without a colon a long tail is a criterion too.
pub fn section_header(s: &str) -> Option<(Section, Option<Range<usize>>)> {
    let body = s.trim_start_matches('#').trim_start();
    let body = body
        .strip_prefix("**")
        .or_else(|| body.strip_prefix("__"))
        .unwrap_or(body);
    let mut at = s.len() - body.len();
    for q in HEADER_QUALIFIERS {
        if starts_with_ci(&s[at..], q) {
            at += q.len();
            break;
        }
    }
    let section = if starts_with_ci(&s[at..], "inclusion criteria") {
        Section::Inclusion
    } else if starts_with_ci(&s[at..], "exclusion criteria") {
        Section::Exclusion
    } else {
        return None;
    };
    at += "inclusion criteria".len();
    let tail = &s[at..];
    let rest = match tail.find([':', '：']) {
        Some(c) => {
            let colon = tail[c..].chars().next().map_or(1, char::len_utf8);
            let mut r = at + c + colon;
            let after = s[r..].trim_start();
            let after = after
                .strip_prefix("**")
                .or_else(|| after.strip_prefix("__"))
                .unwrap_or(after);
            r = s.len() - after.len();
            if let Some((_, len)) = marker(after) {
                r += len;
            }
            r..s.len()
        }
        None if tail.split_whitespace().count() > 6 => at..s.len(),
        None => at..at,
    };
    let rest = trim_range(s, rest);
    let words = s
        .get(rest.clone())
        .is_some_and(|t| t.chars().any(char::is_alphanumeric));
    Some((section, words.then_some(rest)))
}

/// Header forms the registry's readers do not switch on ("Inclusion:", "Non-inclusion
/// criteria:", a bulleted "* Inclusion Criteria"): trusted only in blocks without a plain
/// header, so placement agrees with how the registry text is read.
const LOOSE_HEADERS: &[(&str, Section)] = &[
    ("inclusion", Section::Inclusion),
    ("inclusions", Section::Inclusion),
    ("inclusion criteria", Section::Inclusion),
    ("criteria for inclusion", Section::Inclusion),
    ("exclusion", Section::Exclusion),
    ("exclusions", Section::Exclusion),
    ("exclusion criteria", Section::Exclusion),
    ("criteria for exclusion", Section::Exclusion),
    ("non-inclusion criteria", Section::Exclusion),
    ("non inclusion criteria", Section::Exclusion),
];

/// The section a loose header names, if `text` is one and nothing else.
pub fn loose_header(text: &str) -> Option<Section> {
    let t = text.trim().trim_matches(['*', '_', ' ']);
    let t = t.strip_suffix([':', '：']).unwrap_or(t).trim_end();
    let t = HEADER_QUALIFIERS
        .iter()
        .find_map(|q| {
            t.get(..q.len())
                .filter(|h| h.eq_ignore_ascii_case(q))
                .map(|_| &t[q.len()..])
        })
        .unwrap_or(t);
    LOOSE_HEADERS
        .iter()
        .find(|(name, _)| t.eq_ignore_ascii_case(name))
        .map(|&(_, sec)| sec)
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether prose text reads as a sub-heading, and its rank: 0 for a major heading
/// (`#`, whole-line bold, ALL CAPS), 1 for a lead-in ("Patients must have:") or a short
/// label right above a list ("Age", "Performance status").
pub fn heading_rank(text: &str, hashes: bool, list_follows: bool) -> Option<u8> {
    let t = text.trim();
    let colon = t.trim_end_matches('*').trim_end().ends_with([':', '：']);
    let bold = t.len() > 4 && t.starts_with("**") && t.ends_with("**");
    let mut letters = t.chars().filter(|c| c.is_alphabetic());
    let caps = letters.clone().count() >= 3 && !letters.any(char::is_lowercase);
    let label = list_follows
        && t.len() <= 50
        && t.split_whitespace().count() <= 5
        && !t.ends_with(['.', ';', ',', '。', '；']);
    if hashes || ((bold || caps) && (colon || list_follows)) {
        Some(0)
    } else if colon || label {
        Some(1)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fam(s: &str) -> Option<Family> {
        marker(s).map(|(f, _)| f)
    }

    #[test]
    fn bullet_markers() {
        for (s, c) in [
            ("* x", '*'),
            ("- x", '-'),
            ("• x", '•'),
            ("· x", '·'),
            ("+ x", '+'),
        ] {
            assert_eq!(marker(s), Some((Family::Bullet(c), s.len() - 1)), "{s}");
        }
        assert_eq!(fam("\\- x"), Some(Family::Bullet('-')));
        assert_eq!(fam("o Male patients"), Some(Family::Bullet('o')));
        assert_eq!(fam("*"), Some(Family::Bullet('*')));
        assert_eq!(fam("**Age:** 18"), None);
        assert_eq!(fam("-5 degrees"), None);
        assert_eq!(fam("or else"), None);
    }

    #[test]
    fn numbered_markers() {
        assert_eq!(marker("1. Adult"), Some((Family::Number('.'), 3)));
        assert_eq!(marker("12) Adult"), Some((Family::Number(')'), 4)));
        assert_eq!(marker("(3) Adult"), Some((Family::Number('('), 4)));
        assert_eq!(fam("5\\. Sign"), Some(Family::Number('.')));
        assert_eq!(fam("2、患者"), Some(Family::Number('.')));
        assert_eq!(fam("1.5 mg/dL"), None);
        assert_eq!(fam("2019. Something"), None);
        assert_eq!(fam("18 years"), None);
    }

    #[test]
    fn letter_and_roman_markers() {
        let lo = |delim| {
            Some(Family::Letter {
                upper: false,
                delim,
            })
        };
        assert_eq!(fam("a) x"), lo(')'));
        assert_eq!(fam("b. x"), lo('.'));
        assert_eq!(fam("ii. x"), lo('.'));
        assert_eq!(fam("(iv) x"), lo('('));
        assert_eq!(fam("(c) x"), lo('('));
        assert_eq!(
            fam("IV. x"),
            Some(Family::Letter {
                upper: true,
                delim: '.'
            })
        );
        assert_eq!(fam("e.g. this"), None);
        assert_eq!(fam("Dr. Smith"), None);
        assert_eq!(fam("III.6 EXCLUSION"), None);
    }

    #[test]
    fn circled_marker_needs_no_space() {
        assert_eq!(marker("①Relapse"), Some((Family::Circled, 3)));
        assert_eq!(marker("⑳ x"), Some((Family::Circled, 4)));
    }

    #[test]
    fn headers() {
        let inc = Some((Section::Inclusion, None));
        let exc = Some((Section::Exclusion, None));
        assert_eq!(section_header("Inclusion Criteria:"), inc);
        assert_eq!(section_header("INCLUSION CRITERIA"), inc);
        assert_eq!(section_header("Key Inclusion Criteria:"), inc);
        assert_eq!(section_header("Main inclusion criteria"), inc);
        assert_eq!(section_header("Inclusion criteria include:"), inc);
        assert_eq!(section_header("Inclusion Criteria (Families):"), inc);
        assert_eq!(section_header("**Exclusion Criteria:**"), exc);
        assert_eq!(section_header("## Exclusion criteria"), exc);
        assert_eq!(
            section_header("Exclusion criteria for optional muscle biopsy"),
            exc
        );
        assert_eq!(section_header("Inclusion of adults"), None);
        assert_eq!(section_header("Non-inclusion criteria:"), None);
    }

    #[test]
    fn loose_headers() {
        assert_eq!(loose_header("Inclusion:"), Some(Section::Inclusion));
        assert_eq!(
            loose_header("Non-Inclusion Criteria:"),
            Some(Section::Exclusion)
        );
        assert_eq!(
            loose_header("**Key Exclusion Criteria**"),
            Some(Section::Exclusion)
        );
        assert_eq!(loose_header("Inclusion criteria include all men"), None);
        assert_eq!(loose_header("Exclusion of smokers"), None);
    }

    #[test]
    fn header_with_trailing_criterion() {
        let s = "Inclusion Criteria: adults with asthma";
        let (sec, rest) = section_header(s).unwrap();
        assert_eq!(sec, Section::Inclusion);
        assert_eq!(&s[rest.unwrap()], "adults with asthma");
        let s = "Inclusion Criteria: - Informed consent - Woman";
        assert_eq!(
            &s[section_header(s).unwrap().1.unwrap()],
            "Informed consent - Woman"
        );
        let s = "Inclusion criteria for matched controls 200 diabetic patients of 18 and older";
        assert_eq!(
            &s[section_header(s).unwrap().1.unwrap()],
            "for matched controls 200 diabetic patients of 18 and older"
        );
    }

    #[test]
    fn classify_lines() {
        let l = classify("  * Age ≥ 18  ", 100);
        assert_eq!(l.indent, 2);
        assert_eq!(
            l.kind,
            Kind::Item {
                family: Family::Bullet('*'),
                text: 104..114
            }
        );
        assert_eq!(classify("   \\-", 0).kind, Kind::Blank);
        assert_eq!(classify("\t1. x", 0).indent, 4);
        assert_eq!(
            classify("## Cohort A", 0).kind,
            Kind::Prose {
                text: 3..11,
                hashes: true
            }
        );
        assert!(matches!(
            classify("Inclusion Criteria:", 0).kind,
            Kind::Header { .. }
        ));
    }

    #[test]
    fn heading_ranks() {
        assert_eq!(
            heading_rank("PATIENT CHARACTERISTICS:", false, false),
            Some(0)
        );
        assert_eq!(heading_rank("Patients must have:", false, false), Some(1));
        assert_eq!(heading_rank("Age", false, true), Some(1));
        assert_eq!(heading_rank("Performance status", false, true), Some(1));
        assert_eq!(heading_rank("Age", false, false), None);
        assert_eq!(heading_rank("Adults are eligible.", false, true), None);
        assert_eq!(heading_rank("HIV POSITIVE", false, false), None);
        assert_eq!(heading_rank("**Cohort A:**", false, false), Some(0));
    }
}
