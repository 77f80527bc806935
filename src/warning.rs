//! Diagnostics: what a parser noticed, did not trust, or could not place.
//!
//! Every warning a record can carry is one [`WarningCode`]. The table below is the only place
//! a code is named: its JSON string, the stage that raises it, its [`Level`] and what it
//! means come from here, and a test checks that `SCHEMA.md` lists exactly these codes.

use crate::span::Span;
use serde::ser::{Serialize, Serializer};

/// The pipeline stage that raises a warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    Read,
    Detect,
    Layout,
    Criteria,
    Extract,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::Detect => "detect",
            Stage::Layout => "layout",
            Stage::Criteria => "criteria",
            Stage::Extract => "extractors",
        }
    }
}

/// How bad a warning is. `Error`: part of the input was not read at all (the message says
/// which); `Warning`: the input was read, but something in it was odd or not trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    Warning,
    Error,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

macro_rules! warning_codes {
    ($($variant:ident => $code:literal, $stage:ident, $level:ident, $meaning:literal;)*) => {
        /// A stable, machine-readable warning code (serialised as its string).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum WarningCode {
            $(#[doc = $meaning] $variant,)*
        }

        impl WarningCode {
            /// Every code, in the order `SCHEMA.md` lists them.
            pub const ALL: &'static [WarningCode] = &[$(WarningCode::$variant,)*];

            /// The code as it appears in records.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(WarningCode::$variant => $code,)*
                }
            }

            pub fn stage(self) -> Stage {
                match self {
                    $(WarningCode::$variant => Stage::$stage,)*
                }
            }

            pub fn level(self) -> Level {
                match self {
                    $(WarningCode::$variant => Level::$level,)*
                }
            }

            /// What the warning means, for people.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(WarningCode::$variant => $meaning,)*
                }
            }
        }
    };
}

warning_codes! {
    EmptyInput => "empty_input", Read, Warning, "the input holds no text";
    UnknownContainer => "unknown_container", Read, Error, "JSON that holds no registry studies where studies were expected (the message says what was found: \"a JSON array of 3 objects without protocolSection\"); those values are not read";
    EmptyContainer => "empty_container", Read, Warning, "an archive, JSON array or API page with nothing in it";
    Bom => "bom", Read, Warning, "a byte-order mark was skipped (spans still count its 3 bytes)";
    InvalidUtf8 => "invalid_utf8", Read, Warning, "invalid UTF-8 replaced by U+FFFD; the span points at the first bad byte";
    NulBytes => "nul_bytes", Read, Warning, "NUL bytes replaced by spaces";
    UnknownLayout => "unknown_layout", Detect, Warning, "no known layout: sections and criteria are a best guess";
    AmbiguousNctId => "ambiguous_nct_id", Layout, Warning, "several different NCT ids on the page; none taken";
    CriteriaEndUnsure => "criteria_end_unsure", Layout, Warning, "no heading after the criteria; the block runs to the end";
    MissingMetaLine => "missing_meta_line", Layout, Warning, "no `PHASE · Sponsor · NCT…` line";
    MissingNctId => "missing_nct_id", Layout, Warning, "no NCT id on the page";
    NctIdMismatch => "nct_id_mismatch", Layout, Warning, "the meta line and the Trial ID row disagree";
    UnknownQuickFact => "unknown_quick_fact", Layout, Warning, "a quick-fact row with a label we do not know (kept in `quick_facts.extra`)";
    BadQuickFact => "bad_quick_fact", Layout, Warning, "a known row whose value did not parse; the field is left null";
    DuplicateQuickFact => "duplicate_quick_fact", Layout, Warning, "a row given twice; the first is kept";
    UnknownHeading => "unknown_heading", Layout, Warning, "a section heading the layout does not know (kept in `sections`)";
    BadLastReviewed => "bad_last_reviewed", Layout, Warning, "a \"Last reviewed\" line without a `YYYY-MM-DD` date";
    NoCriteria => "no_criteria", Layout, Warning, "no \"Eligibility criteria\" section";
    EmptyCriteria => "empty_criteria", Layout, Warning, "an \"Eligibility criteria\" section with nothing in it";
    MissingRawJson => "missing_raw_json", Layout, Warning, "no \"Raw JSON\" line";
    MissingLiteral => "missing_literal", Layout, Warning, "nothing after the \"Raw JSON\" line";
    UnparsedHeaderLine => "unparsed_header_line", Layout, Warning, "a header line that is not `Key: value`";
    HeaderMismatch => "header_mismatch", Layout, Warning, "the header and the literal disagree (the literal wins)";
    LiteralError => "literal_error", Layout, Error, "the literal is malformed, truncated or too deep; the span says where; fields before the cut are kept";
    BadEscape => "bad_escape", Layout, Warning, "an unknown escape or lone surrogate in a literal string";
    BadNctId => "bad_nct_id", Layout, Warning, "an id that is not `NCT` and eight digits; not taken";
    DuplicateKey => "duplicate_key", Layout, Warning, "a key given twice in one object; the last value is used, as JSON loaders do";
    BadNumber => "bad_number", Layout, Warning, "a number JSON does not allow (`01`, `+1`, `1.`, `.5`); read as its value";
    XmlError => "xml_error", Layout, Error, "the XML is malformed or truncated; the span says where; fields before it are kept";
    BadEntity => "bad_entity", Layout, Warning, "an XML entity or character reference that is unknown or malformed; kept as written";
    UnmappedValue => "unmapped_value", Layout, Warning, "a legacy registry value with no API v2 equivalent in the vocabulary; the field is left null";
    NotARegistryRecord => "not_a_registry_record", Layout, Warning, "the value has no `protocolSection`";
    MissingField => "missing_field", Layout, Warning, "a field the registry always writes is absent";
    WrongType => "wrong_type", Layout, Warning, "a field has the wrong type";
    UnparsedAge => "unparsed_age", Layout, Warning, "`minimumAge`/`maximumAge` that is not `N unit`";
    CriteriaEmpty => "criteria_empty", Criteria, Warning, "the criteria block holds no criteria";
    CriteriaDepth => "criteria_depth", Criteria, Warning, "nesting deeper than 32 levels; deeper items are kept as siblings";
    AgeComparatorUnclear => "age_comparator_unclear", Extract, Warning, "an age with a bare `=` or no clear direction (kept, flagged)";
    PerformanceBoundUnclear => "performance_bound_unclear", Extract, Warning, "a performance score without a clear bound (kept, flagged)";
}

impl Serialize for WarningCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for WarningCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A diagnostic: something the parser noticed, did not trust, or could not place.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Warning {
    pub code: WarningCode,
    /// For people; may change between versions (the code does not).
    pub message: String,
    pub span: Option<Span>,
}

impl Warning {
    pub fn new(code: WarningCode, message: impl Into<String>, span: Option<Span>) -> Warning {
        Warning {
            code,
            message: message.into(),
            span,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `| code | stage | level | meaning |` rows of SCHEMA.md's warning table.
    fn schema_rows() -> Vec<(String, String, String, String)> {
        let schema = include_str!("../SCHEMA.md");
        let table = schema
            .split("## Warning codes")
            .nth(1)
            .expect("SCHEMA.md has a Warning codes section");
        table
            .lines()
            .filter_map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                let code = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
                let level = cells.get(3)?.to_string();
                let meaning = cells.get(4)?.to_string();
                Some((code.to_owned(), cells.get(2)?.to_string(), level, meaning))
            })
            .collect()
    }

    #[test]
    fn schema_lists_exactly_the_codes_with_their_stages() {
        let rows = schema_rows();
        let listed: Vec<(&str, &str, &str)> =
            rows.iter().map(|(c, s, l, _)| (&**c, &**s, &**l)).collect();
        let want: Vec<(&str, &str, &str)> = WarningCode::ALL
            .iter()
            .map(|c| (c.as_str(), c.stage().name(), c.level().name()))
            .collect();
        assert_eq!(listed, want);
        // The table may say which layout raises a code ("study view: …"), then the meaning.
        for ((_, _, _, meaning), c) in rows.iter().zip(WarningCode::ALL) {
            assert!(meaning.ends_with(c.meaning()), "{c}: {meaning:?}");
        }
    }

    #[test]
    fn codes_are_unique_snake_case_and_serialise_as_strings() {
        let mut seen = std::collections::HashSet::new();
        for c in WarningCode::ALL {
            assert!(seen.insert(c.as_str()), "{c} twice");
            assert!(c
                .as_str()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
    }
}
