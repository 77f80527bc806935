//! The record: one per input page. Field names are a public contract (see `SCHEMA.md`);
//! change them only with a `SCHEMA_VERSION` bump.
//!
//! Everything here is plain data. Parsers fill it; the output stage serialises it.

use crate::span::{Mapped, Span};
pub use crate::warning::{Warning, WarningCode};
use serde::ser::{Serialize, Serializer};
use std::collections::BTreeMap;

/// Bumped whenever a field is renamed, removed or changes meaning.
pub const SCHEMA_VERSION: u32 = 2;

/// A registry id: `NCT` and exactly eight digits.
pub fn is_nct_id(s: &str) -> bool {
    s.len() == 11 && s.starts_with("NCT") && s.bytes().skip(3).all(|b| b.is_ascii_digit())
}

/// Which layout a page was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    FindATrial,
    FindATrialHtml,
    StudyView,
    RegistryJson,
    RegistryXml,
    CriteriaText,
    Unknown,
}

impl Format {
    /// All formats with their names as used on the command line and in records.
    pub const ALL: [(Format, &'static str); 7] = [
        (Format::FindATrial, "find_a_trial"),
        (Format::FindATrialHtml, "find_a_trial_html"),
        (Format::StudyView, "study_view"),
        (Format::RegistryJson, "registry_json"),
        (Format::RegistryXml, "registry_xml"),
        (Format::CriteriaText, "criteria_text"),
        (Format::Unknown, "unknown"),
    ];

    pub fn name(self) -> &'static str {
        Format::ALL
            .iter()
            .find(|(f, _)| *f == self)
            .map_or("unknown", |(_, n)| n)
    }

    /// Short names accepted besides the full ones (`--as criteria`, `format="json"`).
    pub const ALIASES: [(Format, &'static str); 4] = [
        (Format::CriteriaText, "criteria"),
        (Format::FindATrialHtml, "html"),
        (Format::RegistryJson, "json"),
        (Format::RegistryXml, "xml"),
    ];

    /// Every name a format may be given by: the full names, then the aliases.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Format::ALL
            .iter()
            .chain(Format::ALIASES.iter())
            .map(|(_, n)| *n)
    }

    /// Parses a format name, full or alias.
    pub fn from_name(s: &str) -> Option<Format> {
        Format::ALL
            .iter()
            .chain(Format::ALIASES.iter())
            .find(|(_, n)| *n == s)
            .map(|(f, _)| *f)
    }
}

/// A number that prints as an integer when it is one (`50000`, not `50000.0`).
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Default)]
pub struct Number(pub f64);

impl Number {
    /// The value as an integer when it is a whole number that an `f64` holds exactly.
    pub fn as_whole(self) -> Option<i64> {
        (self.0.fract() == 0.0 && self.0.abs() < 9.0e15).then_some(self.0 as i64)
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.as_whole() {
            Some(i) => s.serialize_i64(i),
            None => s.serialize_f64(self.0),
        }
    }
}

/// Where a criterion sits in the eligibility block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Inclusion,
    Exclusion,
    Other,
}

impl Section {
    pub fn name(self) -> &'static str {
        match self {
            Section::Inclusion => "inclusion",
            Section::Exclusion => "exclusion",
            Section::Other => "other",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Titles {
    /// The page's own headline (plain-language title on patient-facing pages).
    pub display: Option<String>,
    pub brief: Option<String>,
    pub official: Option<String>,
    pub acronym: Option<String>,
}

/// An age as written on the page: `3 Years` → value 3, unit "years", years 3.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AgeValue {
    pub value: Number,
    /// One of years, months, weeks, days, hours, minutes.
    pub unit: &'static str,
    /// The value converted to years.
    pub years: Number,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct AgeRange {
    pub min: Option<AgeValue>,
    pub max: Option<AgeValue>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Enrollment {
    pub count: u64,
    /// `ESTIMATED` or `ACTUAL`; null when the page does not say.
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Sponsor {
    pub name: String,
    /// Registry vocabulary: OTHER, OTHER_GOV, INDUSTRY, NIH, FED, NETWORK, INDIV, UNKNOWN, AMBIG.
    pub class: Option<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Place {
    pub city: String,
    pub region: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Locations {
    pub count: u64,
    pub listed: Vec<Place>,
    /// Sites counted but not listed ("and 29 other locations").
    pub more: u64,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct QuickFacts {
    pub phases: Vec<String>,
    pub study_type: Option<String>,
    pub enrollment: Option<Enrollment>,
    pub ages: AgeRange,
    pub sex: Option<String>,
    pub sponsor: Option<Sponsor>,
    pub interventions: Vec<String>,
    pub locations: Option<Locations>,
    /// Rows whose label we do not know, kept verbatim (each also warned about).
    pub extra: Vec<RawFact>,
}

/// A quick-fact row we could not type.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RawFact {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PageSection {
    pub heading: String,
    /// The whole section, heading included.
    pub span: Span,
}

/// One eligibility criterion. `text` has markdown escapes undone; `span` covers its source.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Criterion {
    /// Serialises as the plain text; keeps the map to the input for the extractors.
    pub text: Mapped,
    pub span: Span,
    pub children: Vec<Criterion>,
}

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Eligibility {
    pub inclusion: Vec<Criterion>,
    pub exclusion: Vec<Criterion>,
    pub other: Vec<Criterion>,
}

impl Eligibility {
    /// Every criterion, depth first, with the list it sits in.
    pub fn walk(&self) -> Vec<(Section, &Criterion)> {
        fn rec<'a>(sec: Section, items: &'a [Criterion], out: &mut Vec<(Section, &'a Criterion)>) {
            for c in items {
                out.push((sec, c));
                rec(sec, &c.children, out);
            }
        }
        let mut out = Vec::new();
        rec(Section::Inclusion, &self.inclusion, &mut out);
        rec(Section::Exclusion, &self.exclusion, &mut out);
        rec(Section::Other, &self.other, &mut out);
        out
    }

    pub fn is_empty(&self) -> bool {
        self.inclusion.is_empty() && self.exclusion.is_empty() && self.other.is_empty()
    }
}

/// One bound of an age limit found in criteria text.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AgeBound {
    pub value: Number,
    pub unit: &'static str,
    pub years: Number,
    pub inclusive: bool,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AgeLimit {
    pub min: Option<AgeBound>,
    pub max: Option<AgeBound>,
    pub text: String,
    pub span: Span,
    pub section: Section,
}

/// A comparison as written: `<` `<=` `>` `>=` `=`, or `between` for a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparator {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Between,
}

impl Comparator {
    /// Every comparator with its spelling in records.
    pub const ALL: [(Comparator, &'static str); 6] = [
        (Comparator::Lt, "<"),
        (Comparator::Le, "<="),
        (Comparator::Gt, ">"),
        (Comparator::Ge, ">="),
        (Comparator::Eq, "="),
        (Comparator::Between, "between"),
    ];

    pub fn as_str(self) -> &'static str {
        Comparator::ALL
            .iter()
            .find(|(c, _)| *c == self)
            .map_or("=", |(_, s)| s)
    }

    /// `>` or `>=`: the value is a lower bound.
    pub fn is_lower(self) -> bool {
        matches!(self, Comparator::Gt | Comparator::Ge)
    }

    /// `<` or `<=`: the value is an upper bound.
    pub fn is_upper(self) -> bool {
        matches!(self, Comparator::Lt | Comparator::Le)
    }

    /// `<` or `>`: the bound itself is excluded.
    pub fn is_strict(self) -> bool {
        matches!(self, Comparator::Lt | Comparator::Gt)
    }
}

impl Serialize for Comparator {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Comparator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of quantity a threshold limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A laboratory value (blood counts, chemistry, serology, urine).
    Lab,
    /// Blood pressure, heart rate, temperature, oxygen saturation, respiratory rate.
    VitalSign,
    /// Weight, height, body mass index, circumferences.
    Anthropometric,
    /// A clinical score or scale (NYHA class, ASA, MMSE, Gleason, pain scores).
    Score,
    /// An adverse-event grade (CTCAE "grade 2 or higher").
    ToxicityGrade,
    /// A disease stage, class or histological grade (TNM, "stage III", fibrosis F3).
    DiseaseStage,
    /// A length of time that is itself the measurement (life expectancy, gestational age).
    Time,
    /// Anything else (ejection fraction, QTc, lesion size, an unknown measurement).
    Other,
}

impl Kind {
    /// Every kind with its spelling in records.
    pub const ALL: [(Kind, &'static str); 8] = [
        (Kind::Lab, "lab"),
        (Kind::VitalSign, "vital_sign"),
        (Kind::Anthropometric, "anthropometric"),
        (Kind::Score, "score"),
        (Kind::ToxicityGrade, "toxicity_grade"),
        (Kind::DiseaseStage, "disease_stage"),
        (Kind::Time, "time"),
        (Kind::Other, "other"),
    ];

    pub fn name(self) -> &'static str {
        Kind::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("other", |(_, s)| s)
    }
}

/// One end of the range a threshold allows.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Bound {
    pub value: Number,
    /// Whether the value itself is allowed (`<=`, `>=`, a written range) or not (`<`, `>`).
    pub inclusive: bool,
}

/// A value converted to the analyte's reference unit (e.g. platelets in 10^9/L).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Normalized {
    pub value: Number,
    pub value_high: Option<Number>,
    pub unit: &'static str,
}

/// A limit on a measured quantity, of any [`Kind`] (the list keeps its historical name).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct LabThreshold {
    /// Canonical id from the analyte table; null for a measurement we do not know.
    pub analyte: Option<&'static str>,
    pub kind: Kind,
    /// The words as written.
    pub measurement: String,
    /// As written: `between` for a range (`value` to `value_high`).
    pub comparator: Comparator,
    pub value: Number,
    pub value_high: Option<Number>,
    /// The lowest value allowed, if any, and whether it is allowed itself.
    pub min: Option<Bound>,
    /// The highest value allowed, if any, and whether it is allowed itself.
    pub max: Option<Bound>,
    /// Normalised unit spelling; "ULN" with `uln_multiple` for multiples of the upper limit.
    pub unit: Option<&'static str>,
    pub uln_multiple: bool,
    pub normalized: Option<Normalized>,
    pub text: String,
    pub span: Span,
    pub section: Section,
}

/// A performance-status scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PerformanceScale {
    Ecog,
    Zubrod,
    Who,
    Karnofsky,
    Lansky,
}

impl PerformanceScale {
    /// Its name in records.
    pub fn as_str(self) -> &'static str {
        match self {
            PerformanceScale::Ecog => "ECOG",
            PerformanceScale::Zubrod => "ZUBROD",
            PerformanceScale::Who => "WHO",
            PerformanceScale::Karnofsky => "KARNOFSKY",
            PerformanceScale::Lansky => "LANSKY",
        }
    }

    /// Step between the scale's scores, to turn `< 2` into `<= 1` (and `> 50%` into
    /// `>= 60`).
    pub fn step(self) -> f64 {
        match self {
            PerformanceScale::Ecog | PerformanceScale::Zubrod | PerformanceScale::Who => 1.0,
            PerformanceScale::Karnofsky | PerformanceScale::Lansky => 10.0,
        }
    }
}

impl serde::Serialize for PerformanceScale {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PerformanceStatus {
    /// ECOG, ZUBROD, WHO, KARNOFSKY or LANSKY; null when the criterion names no scale
    /// ("performance status 0-2").
    pub scale: Option<PerformanceScale>,
    /// The comparison as written (`>` for "Karnofsky > 60"; `between` for "0-2" and for a
    /// list of scores "0, 1 or 2").
    pub comparator: Comparator,
    /// The number as written (the lowest score of a range or list).
    pub value: Number,
    /// The highest score of a range or list.
    pub value_high: Option<Number>,
    /// Inclusive bounds on the score: "Karnofsky > 60" gives `min` 70 (scores step by 10).
    pub min: Option<Number>,
    pub max: Option<Number>,
    /// The age range this limit applies to ("Lansky for age < 16").
    pub condition: Option<AgeRangeCondition>,
    pub text: String,
    pub span: Span,
    pub section: Section,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AgeRangeCondition {
    pub min: Option<AgeBound>,
    pub max: Option<AgeBound>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Variant {
    /// Short protein form: `T315I`.
    pub name: String,
    /// HGVS protein form: `p.Thr315Ile`.
    pub hgvs: String,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct MutationList {
    pub gene: Option<&'static str>,
    pub variants: Vec<Variant>,
    pub text: String,
    pub span: Span,
    pub section: Section,
}

/// One page, parsed. Always produced, whatever the input; `error` is set only when the file
/// could not be read at all.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Record {
    pub schema_version: u32,
    pub path: String,
    pub format: Format,
    pub nct_id: Option<String>,
    pub status: Option<String>,
    pub titles: Titles,
    pub conditions: Vec<String>,
    pub last_reviewed: Option<String>,
    pub quick_facts: QuickFacts,
    /// Where each scalar field above came from, keyed by its dotted path
    /// (`titles.official`, `quick_facts.enrollment`, …).
    pub field_spans: BTreeMap<&'static str, Span>,
    pub sections: Vec<PageSection>,
    pub eligibility: Eligibility,
    pub ages: Vec<AgeLimit>,
    pub lab_thresholds: Vec<LabThreshold>,
    pub performance_status: Vec<PerformanceStatus>,
    pub mutations: Vec<MutationList>,
    pub warnings: Vec<Warning>,
    pub error: Option<String>,
}

impl Record {
    pub fn new(path: impl Into<String>, format: Format) -> Record {
        Record {
            schema_version: SCHEMA_VERSION,
            path: path.into(),
            format,
            nct_id: None,
            status: None,
            titles: Titles::default(),
            conditions: Vec::new(),
            last_reviewed: None,
            quick_facts: QuickFacts::default(),
            field_spans: BTreeMap::new(),
            sections: Vec::new(),
            eligibility: Eligibility::default(),
            ages: Vec::new(),
            lab_thresholds: Vec::new(),
            performance_status: Vec::new(),
            mutations: Vec::new(),
            warnings: Vec::new(),
            error: None,
        }
    }

    /// A record for a file that could not be read; the batch goes on.
    pub fn failed(path: impl Into<String>, error: impl Into<String>) -> Record {
        let mut r = Record::new(path, Format::Unknown);
        r.error = Some(error.into());
        r
    }

    pub fn warn(&mut self, code: WarningCode, message: impl Into<String>, span: Option<Span>) {
        self.warnings.push(Warning::new(code, message, span));
    }

    /// Remember where a field came from.
    pub fn mark(&mut self, field: &'static str, span: Span) {
        self.field_spans.insert(field, span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_integers_when_whole() {
        assert_eq!(serde_json::to_string(&Number(50000.0)).unwrap(), "50000");
        assert_eq!(serde_json::to_string(&Number(1.5)).unwrap(), "1.5");
    }

    #[test]
    fn nct_ids() {
        assert!(is_nct_id("NCT06709469"));
        for bad in [
            "NCT0670946",
            "NCT067094690",
            "nct06709469",
            "NCT0670946x",
            "garbage",
        ] {
            assert!(!is_nct_id(bad), "{bad}");
        }
    }

    #[test]
    fn format_names_round_trip() {
        for (f, n) in Format::ALL {
            assert_eq!(Format::from_name(n), Some(f));
            assert_eq!(f.name(), n);
            assert_eq!(serde_json::to_value(f).unwrap(), n);
        }
        assert_eq!(Format::from_name("criteria"), Some(Format::CriteriaText));
    }

    #[test]
    fn enrollment_type_field_is_named_type() {
        let e = Enrollment {
            count: 9,
            kind: Some("ESTIMATED".into()),
        };
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"count":9,"type":"ESTIMATED"}"#
        );
    }
}
