//! A ClinicalTrials.gov API v2 record → the record's page fields.
//!
//! The same tree comes from a registry JSON file ([`parse_json`]) or from the Python literal
//! of a study-view page (which calls [`fill_from_value`]). Fields are copied as the registry
//! writes them; every missing required field or value of an unexpected type becomes a
//! warning, never a guess.

use crate::age::parse_registry_age;
use crate::layout::literal::{self, decode_string, LiteralError, Parsed, Value};
use crate::record::{
    is_nct_id, AgeValue, Enrollment, Locations, PageSection, Place, Record, Sponsor,
};
use crate::span::{Mapped, Span};
use crate::warning::WarningCode;

/// Reads a registry JSON file; returns the eligibility criteria text.
pub fn parse_json(text: &Mapped, rec: &mut Record) -> Option<Mapped> {
    let parsed = literal::parse(text, literal::Dialect::Json);
    report(&parsed, rec);
    match parsed.value() {
        Some(root) => fill_from_value(root, text, rec),
        None => {
            rec.warn(
                WarningCode::NotARegistryRecord,
                "no record could be read from the input",
                None,
            );
            None
        }
    }
}

/// Turns a literal's fatal error and lenient escapes into record warnings.
pub fn report(parsed: &Parsed<'_>, rec: &mut Record) {
    if let Some(e) = &parsed.error {
        let at = e.offset();
        rec.warn(
            WarningCode::LiteralError,
            e.to_string(),
            Some(Span::new(at, at)),
        );
    }
    for w in &parsed.warnings {
        let at = w.offset();
        let code = match w {
            LiteralError::DuplicateKey { .. } => WarningCode::DuplicateKey,
            LiteralError::BadNumber { .. } => WarningCode::BadNumber,
            _ => WarningCode::BadEscape,
        };
        rec.warn(code, w.to_string(), Some(Span::new(at, at)));
    }
}

/// Fills `rec` from an API v2 record tree parsed from `text`; returns the eligibility
/// criteria decoded (spans point at the escaped source bytes).
pub fn fill_from_value(root: &Value<'_>, text: &Mapped, rec: &mut Record) -> Option<Mapped> {
    let Some(ps) = root.get("protocolSection") else {
        // The retired API v1: `{"Rank": 1, "Study": {"ProtocolSection": …}}` or the study.
        let study = root.get("Study").unwrap_or(root);
        if let Some(ps) = study.get("ProtocolSection") {
            return super::registry_v1::fill(study, ps, text, rec);
        }
        rec.warn(
            WarningCode::NotARegistryRecord,
            "the record has no protocolSection",
            Some(root.span(text)),
        );
        return None;
    };
    let mut f = Filler { text, rec };
    if ps.as_dict().is_none() {
        f.wrong_type("protocolSection", ps, "dict");
        return None;
    }
    f.sections(root);
    f.identification(ps.get("identificationModule"));
    f.status(ps.get("statusModule"));
    f.conditions(ps.get("conditionsModule"));
    f.design(ps.get("designModule"));
    f.sponsor(ps.get("sponsorCollaboratorsModule"));
    f.interventions(ps.get("armsInterventionsModule"));
    f.locations(ps.get("contactsLocationsModule"));
    f.eligibility(ps.get("eligibilityModule"))
}

/// Whether an absent field is worth a warning: the registry always writes these.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Need {
    Required,
    Optional,
}

/// Reads fields out of a registry value tree into a record, warning about what is missing or
/// of the wrong type (shared with [`super::registry_v1`]).
pub(super) struct Filler<'t, 'r> {
    pub(super) text: &'t Mapped,
    pub(super) rec: &'r mut Record,
}

impl Filler<'_, '_> {
    pub(super) fn wrong_type(&mut self, path: &str, v: &Value<'_>, want: &str) {
        let span = v.span(self.text);
        // Several fields read through one malformed parent: say so once.
        let seen =
            |w: &crate::record::Warning| w.code == WarningCode::WrongType && w.span == Some(span);
        if self.rec.warnings.iter().rev().take(8).any(seen) {
            return;
        }
        self.rec.warn(
            WarningCode::WrongType,
            format!("{path}: expected a {want}, found a {}", v.kind_name()),
            Some(span),
        );
    }

    pub(super) fn missing(&mut self, path: &str) {
        self.rec.warn(
            WarningCode::MissingField,
            format!("{path} is missing"),
            None,
        );
    }

    /// The value at `key` of `obj`, treating null as absent; warns if required and absent.
    /// An absent parent was reported already, so its children are not; a parent that is not
    /// a dict is reported as such, not as missing children.
    pub(super) fn field<'v, 'a>(
        &mut self,
        obj: Option<&'v Value<'a>>,
        path: &str,
        key: &str,
        need: Need,
    ) -> Option<&'v Value<'a>> {
        let obj = obj?;
        if obj.as_dict().is_none() {
            self.wrong_type(path, obj, "dict");
            return None;
        }
        let v = obj.get(key).filter(|v| !v.is_null());
        if v.is_none() && need == Need::Required {
            self.missing(&format!("{path}.{key}"));
        }
        v
    }

    /// A string field with its span.
    pub(super) fn string(
        &mut self,
        obj: Option<&Value<'_>>,
        path: &str,
        key: &str,
        need: Need,
    ) -> Option<(String, Span)> {
        let v = self.field(obj, path, key, need)?;
        match v.as_str() {
            Some(s) => Some((s.into_owned(), v.content_span(self.text))),
            None => {
                self.wrong_type(&format!("{path}.{key}"), v, "string");
                None
            }
        }
    }

    /// A list field's items.
    pub(super) fn list<'v, 'a>(
        &mut self,
        obj: Option<&'v Value<'a>>,
        path: &str,
        key: &str,
        need: Need,
    ) -> Option<(&'v [Value<'a>], Span)> {
        let v = self.field(obj, path, key, need)?;
        match v.as_array() {
            Some(items) => Some((items, v.span(self.text))),
            None => {
                self.wrong_type(&format!("{path}.{key}"), v, "list");
                None
            }
        }
    }

    /// A list of strings; items of another type are warned about and skipped.
    pub(super) fn strings(
        &mut self,
        obj: Option<&Value<'_>>,
        path: &str,
        key: &str,
    ) -> Option<(Vec<String>, Span)> {
        let (items, span) = self.list(obj, path, key, Need::Optional)?;
        let mut out = Vec::with_capacity(items.len());
        for it in items {
            match it.as_str() {
                Some(s) => out.push(s.into_owned()),
                None => self.wrong_type(&format!("{path}.{key}[]"), it, "string"),
            }
        }
        Some((out, span))
    }

    /// A module (a dict) of the protocol section; `None` and a warning for another type, or
    /// for an absent module that holds fields the registry always writes.
    fn module<'v, 'a>(
        &mut self,
        m: Option<&'v Value<'a>>,
        name: &str,
        need: Need,
    ) -> Option<&'v Value<'a>> {
        let Some(m) = m else {
            if need == Need::Required {
                self.missing(&format!("protocolSection.{name}"));
            }
            return None;
        };
        if m.as_dict().is_some() {
            Some(m)
        } else {
            self.wrong_type(&format!("protocolSection.{name}"), m, "dict");
            None
        }
    }

    /// One section per module, in file order: `protocolSection.eligibilityModule`.
    pub(super) fn sections(&mut self, root: &Value<'_>) {
        for (k, v) in root.as_dict().into_iter().flatten() {
            let (Some(part), Some(modules)) = (k.as_str(), v.as_dict()) else {
                continue;
            };
            for (mk, mv) in modules {
                if let Some(name) = mk.as_str() {
                    self.rec.sections.push(PageSection {
                        heading: format!("{part}.{name}"),
                        span: mk.span(self.text).cover(mv.span(self.text)),
                    });
                }
            }
        }
    }

    /// The id and titles of the identification module `m` (at `path`), by the names this
    /// registry version gives the NCT id, brief title, official title and acronym.
    pub(super) fn ids_and_titles(
        &mut self,
        m: Option<&Value<'_>>,
        path: &str,
        [nct_id, brief_title, official_title, acronym]: [&str; 4],
    ) {
        if let Some((id, span)) = self.string(m, path, nct_id, Need::Required) {
            if is_nct_id(&id) {
                self.rec.nct_id = Some(id);
                self.rec.mark("nct_id", span);
            } else {
                let msg = format!("{nct_id} {id:?} is not NCT and eight digits; not taken");
                self.rec.warn(WarningCode::BadNctId, msg, Some(span));
            }
        }
        if let Some((t, span)) = self.string(m, path, brief_title, Need::Required) {
            self.rec.titles.display = Some(t.clone());
            self.rec.titles.brief = Some(t);
            self.rec.mark("titles.brief", span);
            self.rec.mark("titles.display", span);
        }
        if let Some((t, span)) = self.string(m, path, official_title, Need::Optional) {
            self.rec.titles.official = Some(t);
            self.rec.mark("titles.official", span);
        }
        if let Some((t, span)) = self.string(m, path, acronym, Need::Optional) {
            self.rec.titles.acronym = Some(t);
            self.rec.mark("titles.acronym", span);
        }
    }

    /// `quick_facts.interventions`: the `key` (the name) of each item of a list of
    /// interventions (`path` names an item), its span the list's.
    pub(super) fn interventions_from(
        &mut self,
        items: &[Value<'_>],
        span: Span,
        path: &str,
        key: &str,
    ) {
        let mut names = Vec::with_capacity(items.len());
        for it in items {
            if let Some((n, _)) = self.string(Some(it), path, key, Need::Required) {
                names.push(n);
            }
        }
        self.rec.quick_facts.interventions = names;
        self.rec.mark("quick_facts.interventions", span);
    }

    /// `quick_facts.locations` from a list of locations (`path` names an item), by the names
    /// this registry version gives the city, state and country: every location is counted,
    /// those with a city listed, with the state, else the country, as the region.
    pub(super) fn locations_from(
        &mut self,
        items: &[Value<'_>],
        span: Span,
        path: &str,
        [city, state, country]: [&str; 3],
    ) {
        let mut listed = Vec::with_capacity(items.len());
        for it in items {
            let Some((city, _)) = self.string(Some(it), path, city, Need::Optional) else {
                continue;
            };
            let region = match self.string(Some(it), path, state, Need::Optional) {
                Some((s, _)) => Some(s),
                None => self
                    .string(Some(it), path, country, Need::Optional)
                    .map(|(c, _)| c),
            };
            listed.push(Place { city, region });
        }
        self.rec.quick_facts.locations = Some(Locations {
            count: items.len() as u64,
            listed,
            more: 0,
        });
        self.rec.mark("quick_facts.locations", span);
    }

    /// The eligibility criteria: the required string `key` of `m` (at `path`), decoded (spans
    /// point at the escaped source bytes).
    pub(super) fn criteria(
        &mut self,
        m: Option<&Value<'_>>,
        path: &str,
        key: &str,
    ) -> Option<Mapped> {
        let v = self.field(m, path, key, Need::Required)?;
        let decoded = decode_string(self.text, v);
        if decoded.is_none() {
            self.wrong_type(&format!("{path}.{key}"), v, "string");
        }
        decoded
    }

    fn identification(&mut self, m: Option<&Value<'_>>) {
        let m = self.module(m, "identificationModule", Need::Required);
        self.ids_and_titles(
            m,
            "protocolSection.identificationModule",
            ["nctId", "briefTitle", "officialTitle", "acronym"],
        );
    }

    fn status(&mut self, m: Option<&Value<'_>>) {
        const P: &str = "protocolSection.statusModule";
        let m = self.module(m, "statusModule", Need::Required);
        if let Some((s, span)) = self.string(m, P, "overallStatus", Need::Required) {
            self.rec.status = Some(s);
            self.rec.mark("status", span);
        }
    }

    fn conditions(&mut self, m: Option<&Value<'_>>) {
        const P: &str = "protocolSection.conditionsModule";
        let m = self.module(m, "conditionsModule", Need::Optional);
        if let Some((c, span)) = self.strings(m, P, "conditions") {
            self.rec.conditions = c;
            self.rec.mark("conditions", span);
        }
    }

    fn design(&mut self, m: Option<&Value<'_>>) {
        const P: &str = "protocolSection.designModule";
        let m = self.module(m, "designModule", Need::Required);
        if let Some((p, span)) = self.strings(m, P, "phases") {
            self.rec.quick_facts.phases = p;
            self.rec.mark("quick_facts.phases", span);
        }
        if let Some((t, span)) = self.string(m, P, "studyType", Need::Required) {
            self.rec.quick_facts.study_type = Some(t);
            self.rec.mark("quick_facts.study_type", span);
        }
        let Some(info) = self.field(m, P, "enrollmentInfo", Need::Optional) else {
            return;
        };
        let path = "protocolSection.designModule.enrollmentInfo";
        let Some(count) = self.field(Some(info), path, "count", Need::Required) else {
            return;
        };
        let Some(n) = count.as_i64().and_then(|n| u64::try_from(n).ok()) else {
            self.wrong_type(&format!("{path}.count"), count, "non-negative integer");
            return;
        };
        let kind = self
            .string(Some(info), path, "type", Need::Optional)
            .map(|(t, _)| t);
        self.rec.quick_facts.enrollment = Some(Enrollment { count: n, kind });
        self.rec
            .mark("quick_facts.enrollment", info.span(self.text));
    }

    fn sponsor(&mut self, m: Option<&Value<'_>>) {
        const P: &str = "protocolSection.sponsorCollaboratorsModule";
        let m = self.module(m, "sponsorCollaboratorsModule", Need::Optional);
        let Some(lead) = self.field(m, P, "leadSponsor", Need::Optional) else {
            return;
        };
        let path = "protocolSection.sponsorCollaboratorsModule.leadSponsor";
        let Some((name, _)) = self.string(Some(lead), path, "name", Need::Required) else {
            return;
        };
        let class = self
            .string(Some(lead), path, "class", Need::Optional)
            .map(|(c, _)| c);
        self.rec.quick_facts.sponsor = Some(Sponsor { name, class });
        self.rec.mark("quick_facts.sponsor", lead.span(self.text));
    }

    fn interventions(&mut self, m: Option<&Value<'_>>) {
        const P: &str = "protocolSection.armsInterventionsModule";
        let m = self.module(m, "armsInterventionsModule", Need::Optional);
        let Some((items, span)) = self.list(m, P, "interventions", Need::Optional) else {
            return;
        };
        let path = "protocolSection.armsInterventionsModule.interventions[]";
        self.interventions_from(items, span, path, "name");
    }

    fn locations(&mut self, m: Option<&Value<'_>>) {
        const P: &str = "protocolSection.contactsLocationsModule";
        let m = self.module(m, "contactsLocationsModule", Need::Optional);
        let Some((items, span)) = self.list(m, P, "locations", Need::Optional) else {
            return;
        };
        let path = "protocolSection.contactsLocationsModule.locations[]";
        self.locations_from(items, span, path, ["city", "state", "country"]);
    }

    fn eligibility(&mut self, m: Option<&Value<'_>>) -> Option<Mapped> {
        const P: &str = "protocolSection.eligibilityModule";
        let m = self.module(m, "eligibilityModule", Need::Required);
        self.rec.quick_facts.ages.min = self.age(m, "minimumAge", "quick_facts.ages.min");
        self.rec.quick_facts.ages.max = self.age(m, "maximumAge", "quick_facts.ages.max");
        if let Some((s, span)) = self.string(m, P, "sex", Need::Optional) {
            self.rec.quick_facts.sex = Some(s);
            self.rec.mark("quick_facts.sex", span);
        }
        self.criteria(m, P, "eligibilityCriteria")
    }

    fn age(&mut self, m: Option<&Value<'_>>, key: &str, field: &'static str) -> Option<AgeValue> {
        const P: &str = "protocolSection.eligibilityModule";
        let (s, span) = self.string(m, P, key, Need::Optional)?;
        let age = parse_registry_age(&s);
        match age {
            Some(_) => self.rec.mark(field, span),
            None => self.rec.warn(
                WarningCode::UnparsedAge,
                format!("{P}.{key}: cannot read {s:?} as an age"),
                Some(span),
            ),
        }
        age
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::record::{Format, Number};

    const RECORD: &str = r#"{"protocolSection": {"identificationModule": {"nctId": "NCT00000001", "briefTitle": "Brief \"B\"", "officialTitle": "Official", "acronym": "AC"}, "statusModule": {"overallStatus": "RECRUITING"}, "sponsorCollaboratorsModule": {"leadSponsor": {"name": "Org", "class": "OTHER"}}, "conditionsModule": {"conditions": ["Leukemia", "Lymphoma"]}, "designModule": {"studyType": "INTERVENTIONAL", "phases": ["PHASE1", "PHASE2"], "enrollmentInfo": {"count": 40, "type": "ESTIMATED"}}, "armsInterventionsModule": {"interventions": [{"type": "DRUG", "name": "Drug X"}]}, "eligibilityModule": {"eligibilityCriteria": "Inclusion Criteria:\n\n* Age \\>= 18", "sex": "ALL", "minimumAge": "18 Years", "maximumAge": "6 Months"}, "contactsLocationsModule": {"locations": [{"city": "Boston", "state": "Massachusetts", "country": "United States"}, {"city": "Lyon", "country": "France"}, {"facility": "No city"}]}}, "hasResults": false}"#;

    /// A registry JSON file read as [`parse_json`] reads it (also the API v1 tests' runner).
    pub(in crate::layout) fn run(src: &str) -> (Record, Option<Mapped>) {
        let text = Mapped::identity(src, 0);
        let mut rec = Record::new("t", Format::RegistryJson);
        let crit = parse_json(&text, &mut rec);
        (rec, crit)
    }

    #[test]
    fn fills_every_field() {
        let (rec, crit) = run(RECORD);
        assert_eq!(rec.warnings, vec![]);
        assert_eq!(rec.nct_id.as_deref(), Some("NCT00000001"));
        assert_eq!(rec.status.as_deref(), Some("RECRUITING"));
        assert_eq!(rec.titles.brief.as_deref(), Some("Brief \"B\""));
        assert_eq!(rec.titles.display, rec.titles.brief);
        assert_eq!(rec.titles.official.as_deref(), Some("Official"));
        assert_eq!(rec.titles.acronym.as_deref(), Some("AC"));
        assert_eq!(rec.conditions, ["Leukemia", "Lymphoma"]);
        let q = &rec.quick_facts;
        assert_eq!(q.phases, ["PHASE1", "PHASE2"]);
        assert_eq!(q.study_type.as_deref(), Some("INTERVENTIONAL"));
        assert_eq!(
            q.enrollment,
            Some(Enrollment {
                count: 40,
                kind: Some("ESTIMATED".into())
            })
        );
        assert_eq!(q.ages.min.as_ref().unwrap().value, Number(18.0));
        assert_eq!(q.ages.max.as_ref().unwrap().unit, "months");
        assert_eq!(q.sex.as_deref(), Some("ALL"));
        assert_eq!(
            q.sponsor,
            Some(Sponsor {
                name: "Org".into(),
                class: Some("OTHER".into())
            })
        );
        assert_eq!(q.interventions, ["Drug X"]);
        let loc = q.locations.as_ref().unwrap();
        assert_eq!(loc.count, 3);
        assert_eq!(
            loc.listed,
            vec![
                Place {
                    city: "Boston".into(),
                    region: Some("Massachusetts".into())
                },
                Place {
                    city: "Lyon".into(),
                    region: Some("France".into())
                },
            ]
        );
        let crit = crit.unwrap();
        assert_eq!(crit.as_str(), "Inclusion Criteria:\n\n* Age \\>= 18");
        // The decoded "\\>" maps back to its escaped source.
        let at = crit.as_str().find('>').unwrap();
        let src = &RECORD[crit.span(at - 1..at + 1).start..crit.span(at - 1..at + 1).end];
        assert_eq!(src, r"\\>");
    }

    #[test]
    fn marks_fields_with_source_spans() {
        let (rec, _) = run(RECORD);
        let s = rec.field_spans["nct_id"];
        assert_eq!(&RECORD[s.start..s.end], "NCT00000001");
        let s = rec.field_spans["titles.brief"];
        assert_eq!(&RECORD[s.start..s.end], r#"Brief \"B\""#);
        let s = rec.field_spans["quick_facts.ages.min"];
        assert_eq!(&RECORD[s.start..s.end], "18 Years");
    }

    #[test]
    fn sections_are_modules_in_file_order() {
        let (rec, _) = run(RECORD);
        let h: Vec<&str> = rec.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(h[0], "protocolSection.identificationModule");
        assert_eq!(h[7], "protocolSection.contactsLocationsModule");
        assert_eq!(h.len(), 8);
        let s = rec.sections[1].span;
        assert!(RECORD[s.start..s.end].starts_with("\"statusModule\": {"));
        assert!(RECORD[s.start..s.end].ends_with("\"RECRUITING\"}"));
    }

    #[test]
    fn wrong_types_and_missing_fields_are_warned() {
        let src = r#"{"protocolSection": {"identificationModule": {"nctId": 7}, "designModule": {"phases": "PHASE1", "enrollmentInfo": {"count": -3}}, "eligibilityModule": {"minimumAge": "eighteen"}}}"#;
        let (rec, crit) = run(src);
        assert!(crit.is_none());
        assert_eq!(rec.nct_id, None);
        let codes: Vec<(WarningCode, &str)> = rec
            .warnings
            .iter()
            .map(|w| (w.code, w.message.as_str()))
            .collect();
        for want in [
            (
                WarningCode::WrongType,
                "protocolSection.identificationModule.nctId: expected a string, found a integer",
            ),
            (
                WarningCode::MissingField,
                "protocolSection.identificationModule.briefTitle is missing",
            ),
            (
                WarningCode::MissingField,
                "protocolSection.statusModule is missing",
            ),
            (
                WarningCode::WrongType,
                "protocolSection.designModule.phases: expected a list, found a string",
            ),
            (
                WarningCode::UnparsedAge,
                "protocolSection.eligibilityModule.minimumAge: cannot read \"eighteen\" as an age",
            ),
            (
                WarningCode::MissingField,
                "protocolSection.eligibilityModule.eligibilityCriteria is missing",
            ),
        ] {
            assert!(codes.contains(&want), "{want:?} not in {codes:?}");
        }
        assert!(codes
            .iter()
            .any(|(c, m)| *c == WarningCode::WrongType && m.contains("count")));
    }

    #[test]
    fn not_a_record() {
        for src in [
            "{\"a\": 1}",
            "[1, 2]",
            "garbage",
            "{\"protocolSection\": 5}",
        ] {
            let (rec, crit) = run(src);
            assert!(crit.is_none());
            assert!(
                rec.warnings.iter().any(|w| matches!(
                    w.code,
                    WarningCode::NotARegistryRecord | WarningCode::WrongType
                )),
                "{src}: {:?}",
                rec.warnings
            );
        }
    }

    #[test]
    fn truncated_json_fills_what_came_before() {
        let cut = &RECORD[..RECORD.find("\"eligibilityModule\"").unwrap() + 30];
        let (rec, crit) = run(cut);
        assert_eq!(rec.nct_id.as_deref(), Some("NCT00000001"));
        assert_eq!(rec.quick_facts.interventions, ["Drug X"]);
        assert!(crit.is_none());
        assert!(rec
            .warnings
            .iter()
            .any(|w| w.code == WarningCode::LiteralError));
    }

    #[test]
    fn a_malformed_nct_id_is_not_taken() {
        let mut rec = Record::new("r", crate::record::Format::RegistryJson);
        let src = r#"{"protocolSection": {"identificationModule": {"nctId": "garbage", "briefTitle": "T"}}}"#;
        parse_json(&Mapped::identity(src, 0), &mut rec);
        assert_eq!(rec.nct_id, None);
        assert_eq!(rec.titles.brief.as_deref(), Some("T"));
        assert!(rec.warnings.iter().any(|w| w.code == WarningCode::BadNctId));
    }

    /// Every corpus registry file against its truth file (needs the development corpus).
    #[test]
    #[ignore]
    fn corpus_json_matches_truth() {
        let dir = corpus::pages_dir();
        let (n, bad) = corpus::check(&dir, ".json", true);
        eprintln!("{n} registry files checked");
        assert!(n > 0);
        assert_eq!(
            bad,
            Vec::<String>::new(),
            "{} of {n} studies differ",
            bad.len()
        );
    }
}

/// Comparing records with the corpus truth files (ignored tests only).
#[cfg(test)]
pub(crate) mod corpus {
    use crate::record::{AgeValue, Record};
    use crate::warning::WarningCode;
    use serde_json::{json, Value as J};
    use std::path::{Path, PathBuf};

    /// The development corpus: `$TRIALPARSE_PAGES`, else `../shared/corpus/pages` beside the
    /// checkout. Only `#[ignore]`d tests use it; a user's clone does not have it.
    pub fn pages_dir() -> PathBuf {
        std::env::var_os("TRIALPARSE_PAGES").map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pages"),
            PathBuf::from,
        )
    }

    fn age(a: &Option<AgeValue>) -> J {
        a.as_ref().map_or(
            J::Null,
            |a| json!({"value": serde_json::to_value(a.value).unwrap_or(J::Null), "unit": a.unit}),
        )
    }

    /// The truth fields as this record has them.
    fn fields(rec: &Record) -> J {
        let q = &rec.quick_facts;
        json!({
            "nct_id": rec.nct_id,
            "brief_title": rec.titles.brief,
            "official_title": rec.titles.official,
            "phases": q.phases,
            "study_type": q.study_type,
            "enrollment": q.enrollment,
            "min_age": age(&q.ages.min),
            "max_age": age(&q.ages.max),
            "sex": q.sex,
            "sponsor": q.sponsor,
            "locations_count": q.locations.as_ref().map_or(0, |l| l.count),
            "conditions": rec.conditions,
            "status": rec.status,
        })
    }

    /// Parses every `NCT*{ext}` file in `dir`; returns the count and one line per mismatch.
    pub fn check(dir: &Path, ext: &str, with_criteria: bool) -> (usize, Vec<String>) {
        let mut n = 0;
        let mut bad = Vec::new();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return (0, bad);
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().and_then(|s| s.to_str()).unwrap_or("");
            let Some(id) = name.strip_suffix(ext) else {
                continue;
            };
            if !id.starts_with("NCT") || id.contains('.') {
                continue;
            }
            let truth: J = match std::fs::read(dir.join(format!("{id}.truth.json"))) {
                Ok(b) => serde_json::from_slice(&b).unwrap_or(J::Null),
                Err(_) => continue,
            };
            let bytes = std::fs::read(&p).unwrap_or_default();
            let rec = crate::parse_bytes(name, &bytes, None);
            n += 1;
            let got = fields(&rec);
            for (k, want) in got.as_object().into_iter().flatten() {
                let t = &truth[k.as_str()];
                if t != want {
                    bad.push(format!("{id} {k}: got {want} want {t}"));
                }
            }
            if with_criteria {
                let decoded = crate::source::decode(&bytes).expect("a registry page decodes");
                let mut r = Record::new(name, rec.format);
                let crit = crate::layout::parse(rec.format, &decoded.text, &mut r);
                let want = truth["eligibility_criteria"].as_str();
                if crit.as_ref().map(|c| c.as_str()) != want {
                    bad.push(format!("{id} eligibility_criteria differs"));
                }
            }
            if let Some(w) = rec.warnings.iter().find(|w| {
                matches!(
                    w.code,
                    WarningCode::LiteralError
                        | WarningCode::BadEscape
                        | WarningCode::WrongType
                        | WarningCode::HeaderMismatch
                )
            }) {
                bad.push(format!("{id} warning {}: {}", w.code, w.message));
            }
        }
        (n, bad)
    }
}
