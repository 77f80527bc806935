//! A study of the retired ClinicalTrials.gov API v1 (`full_studies` responses, still found in
//! old dumps) → the record's page fields.
//!
//! API v1 wrote the same modules as v2 with other names (`ProtocolSection`,
//! `IdentificationModule.NCTId`), lists wrapped in objects (`ConditionList.Condition`), every
//! value a string, and the legacy vocabulary of the XML records (`Completed`, `Phase 2`,
//! `Anticipated`): values are mapped to API v2 by the shared [`super::legacy`] tables, and a
//! value outside them is warned about (`unmapped_value`), not kept.

use super::legacy::{
    map_or_warn, AGENCY_CLASSES, ENROLLMENT_TYPES, PHASES, SEXES, STATUS, STUDY_TYPES,
};
use super::literal::Value;
use super::registry::{Filler, Need};
use crate::age::parse_registry_age;
use crate::record::{Enrollment, Record, Sponsor};
use crate::span::{Mapped, Span};
use crate::warning::WarningCode;

const P: &str = "ProtocolSection";

/// Fills `rec` from the v1 `study` (its `ProtocolSection` is `ps`); returns the criteria.
pub fn fill(study: &Value<'_>, ps: &Value<'_>, text: &Mapped, rec: &mut Record) -> Option<Mapped> {
    let mut f = Filler { text, rec };
    if ps.as_dict().is_none() {
        f.wrong_type(P, ps, "dict");
        return None;
    }
    f.sections(study);
    let identification = f_module(&mut f, ps, "IdentificationModule", Need::Required);
    f.ids_and_titles(
        identification,
        "ProtocolSection.IdentificationModule",
        ["NCTId", "BriefTitle", "OfficialTitle", "Acronym"],
    );
    let status = f_module(&mut f, ps, "StatusModule", Need::Required);
    if let Some((code, span)) = vocab(&mut f, status, "StatusModule", "OverallStatus", STATUS) {
        f.rec.status = Some(code.to_owned());
        f.rec.mark("status", span);
    }
    let conditions = f_module(&mut f, ps, "ConditionsModule", Need::Optional);
    if let Some((items, span)) = wrapped(
        &mut f,
        conditions,
        "ConditionsModule",
        "ConditionList",
        "Condition",
    ) {
        f.rec.conditions = items
            .iter()
            .filter_map(|v| v.as_str())
            .map(|s| s.into_owned())
            .collect();
        f.rec.mark("conditions", span);
    }
    let design_module = f_module(&mut f, ps, "DesignModule", Need::Required);
    design(&mut f, design_module);
    let sponsor_collaborators_module =
        f_module(&mut f, ps, "SponsorCollaboratorsModule", Need::Optional);
    sponsor(&mut f, sponsor_collaborators_module);
    let arms = f_module(&mut f, ps, "ArmsInterventionsModule", Need::Optional);
    if let Some((items, span)) = wrapped(
        &mut f,
        arms,
        "ArmsInterventionsModule",
        "InterventionList",
        "Intervention",
    ) {
        let path = "ProtocolSection.ArmsInterventionsModule.InterventionList.Intervention[]";
        f.interventions_from(items, span, path, "InterventionName");
    }
    let contacts_locations_module = f_module(&mut f, ps, "ContactsLocationsModule", Need::Optional);
    locations(&mut f, contacts_locations_module);
    let eligibility_module = f_module(&mut f, ps, "EligibilityModule", Need::Required);
    eligibility(&mut f, eligibility_module)
}

/// A module of the protocol section; warned about when required and absent.
fn f_module<'v, 'a>(
    f: &mut Filler<'_, '_>,
    ps: &'v Value<'a>,
    name: &str,
    need: Need,
) -> Option<&'v Value<'a>> {
    f.field(Some(ps), P, name, need)
}

/// `Module.XList.X`: the items of a wrapped list, and the span of the wrapper.
fn wrapped<'v, 'a>(
    f: &mut Filler<'_, '_>,
    m: Option<&'v Value<'a>>,
    module: &str,
    wrapper: &str,
    key: &str,
) -> Option<(&'v [Value<'a>], Span)> {
    let w = f.field(m, &format!("{P}.{module}"), wrapper, Need::Optional)?;
    f.list(
        Some(w),
        &format!("{P}.{module}.{wrapper}"),
        key,
        Need::Optional,
    )
}

/// The string field `key` of `parent` (at `path`) in the legacy vocabulary, mapped to its
/// API v2 code; a value outside the table is warned, not taken.
fn vocab(
    f: &mut Filler<'_, '_>,
    parent: Option<&Value<'_>>,
    path: &str,
    key: &str,
    table: &[(&str, &'static str)],
) -> Option<(&'static str, Span)> {
    let (v, span) = f.string(parent, path, key, Need::Optional)?;
    map_or_warn(f.rec, table, &v, &format!("{path}.{key}"), span).map(|c| (c, span))
}

fn design(f: &mut Filler<'_, '_>, m: Option<&Value<'_>>) {
    const M: &str = "ProtocolSection.DesignModule";
    if let Some((code, span)) = vocab(f, m, M, "StudyType", STUDY_TYPES) {
        f.rec.quick_facts.study_type = Some(code.to_owned());
        f.rec.mark("quick_facts.study_type", span);
    }
    if let Some((items, span)) = wrapped(f, m, "DesignModule", "PhaseList", "Phase") {
        let mut phases: Vec<String> = Vec::new();
        for it in items {
            let Some(v) = it.as_str() else {
                f.wrong_type(&format!("{M}.PhaseList.Phase[]"), it, "string");
                continue;
            };
            let what = format!("{M}.PhaseList.Phase");
            let span = it.content_span(f.text);
            if let Some(code) = map_or_warn(f.rec, PHASES, &v, &what, span) {
                if !phases.iter().any(|p| p == code) {
                    phases.push(code.to_owned());
                }
            }
        }
        f.rec.quick_facts.phases = phases;
        f.rec.mark("quick_facts.phases", span);
    }
    let Some(info) = f.field(m, M, "EnrollmentInfo", Need::Optional) else {
        return;
    };
    let path = "ProtocolSection.DesignModule.EnrollmentInfo";
    let Some(count) = f.field(Some(info), path, "EnrollmentCount", Need::Required) else {
        return;
    };
    // v1 wrote numbers as strings.
    let n = count
        .as_i64()
        .or_else(|| count.as_str().and_then(|s| s.trim().parse().ok()))
        .and_then(|n| u64::try_from(n).ok());
    let Some(n) = n else {
        f.wrong_type(
            &format!("{path}.EnrollmentCount"),
            count,
            "non-negative integer",
        );
        return;
    };
    let kind = vocab(f, Some(info), path, "EnrollmentType", ENROLLMENT_TYPES)
        .map(|(code, _)| code.to_owned());
    f.rec.quick_facts.enrollment = Some(Enrollment { count: n, kind });
    f.rec.mark("quick_facts.enrollment", info.span(f.text));
}

fn sponsor(f: &mut Filler<'_, '_>, m: Option<&Value<'_>>) {
    const M: &str = "ProtocolSection.SponsorCollaboratorsModule";
    let Some(lead) = f.field(m, M, "LeadSponsor", Need::Optional) else {
        return;
    };
    let path = "ProtocolSection.SponsorCollaboratorsModule.LeadSponsor";
    let Some((name, _)) = f.string(Some(lead), path, "LeadSponsorName", Need::Required) else {
        return;
    };
    let class = vocab(f, Some(lead), path, "LeadSponsorClass", AGENCY_CLASSES)
        .map(|(code, _)| code.to_owned());
    f.rec.quick_facts.sponsor = Some(Sponsor { name, class });
    f.rec.mark("quick_facts.sponsor", lead.span(f.text));
}

fn locations(f: &mut Filler<'_, '_>, m: Option<&Value<'_>>) {
    let Some((items, span)) = wrapped(f, m, "ContactsLocationsModule", "LocationList", "Location")
    else {
        return;
    };
    let path = "ProtocolSection.ContactsLocationsModule.LocationList.Location[]";
    let keys = ["LocationCity", "LocationState", "LocationCountry"];
    f.locations_from(items, span, path, keys);
}

fn eligibility(f: &mut Filler<'_, '_>, m: Option<&Value<'_>>) -> Option<Mapped> {
    const M: &str = "ProtocolSection.EligibilityModule";
    for (key, field) in [
        ("MinimumAge", "quick_facts.ages.min"),
        ("MaximumAge", "quick_facts.ages.max"),
    ] {
        let Some((s, span)) = f.string(m, M, key, Need::Optional) else {
            continue;
        };
        let age = parse_registry_age(&s);
        match age {
            Some(_) => f.rec.mark(field, span),
            None if s.eq_ignore_ascii_case("N/A") => {}
            None => f.rec.warn(
                WarningCode::UnparsedAge,
                format!("{M}.{key}: cannot read {s:?} as an age"),
                Some(span),
            ),
        }
        if key == "MinimumAge" {
            f.rec.quick_facts.ages.min = age;
        } else {
            f.rec.quick_facts.ages.max = age;
        }
    }
    if let Some((code, span)) = vocab(f, m, M, "Gender", SEXES) {
        f.rec.quick_facts.sex = Some(code.to_owned());
        f.rec.mark("quick_facts.sex", span);
    }
    f.criteria(m, M, "EligibilityCriteria")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::registry::tests::run;
    use crate::record::Number;

    const STUDY: &str = r#"{"Rank": 1, "Study": {"ProtocolSection": {"IdentificationModule": {"NCTId": "NCT00000102", "BriefTitle": "Calcium Channels in CAH", "OfficialTitle": "Calcium Channel Blockers in Congenital Adrenal Hyperplasia", "Acronym": "CAH"}, "StatusModule": {"OverallStatus": "Active, not recruiting"}, "SponsorCollaboratorsModule": {"LeadSponsor": {"LeadSponsorName": "NCRR", "LeadSponsorClass": "NIH"}}, "ConditionsModule": {"ConditionList": {"Condition": ["Adrenal Hyperplasia"]}}, "DesignModule": {"StudyType": "Interventional", "PhaseList": {"Phase": ["Phase 1", "Phase 2"]}, "EnrollmentInfo": {"EnrollmentCount": "40", "EnrollmentType": "Anticipated"}}, "ArmsInterventionsModule": {"InterventionList": {"Intervention": [{"InterventionType": "Drug", "InterventionName": "Nifedipine"}]}}, "EligibilityModule": {"EligibilityCriteria": "Inclusion Criteria:\n\n  - Age 7 to 16 years\n\nExclusion Criteria:\n\n  - Weight < 25 kg", "Gender": "All", "MinimumAge": "7 Years", "MaximumAge": "N/A"}, "ContactsLocationsModule": {"LocationList": {"Location": [{"LocationFacility": "NIH Clinical Center", "LocationCity": "Bethesda", "LocationState": "Maryland", "LocationCountry": "United States"}]}}}, "DerivedSection": {}}}"#;

    #[test]
    fn fills_every_field_in_the_v2_vocabulary() {
        let (rec, crit) = run(STUDY);
        assert_eq!(rec.warnings, vec![]);
        assert_eq!(rec.nct_id.as_deref(), Some("NCT00000102"));
        assert_eq!(rec.titles.brief.as_deref(), Some("Calcium Channels in CAH"));
        assert_eq!(rec.titles.acronym.as_deref(), Some("CAH"));
        assert_eq!(rec.status.as_deref(), Some("ACTIVE_NOT_RECRUITING"));
        assert_eq!(rec.conditions, ["Adrenal Hyperplasia"]);
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
        assert_eq!(q.ages.min.as_ref().unwrap().value, Number(7.0));
        assert_eq!(q.ages.max, None);
        assert_eq!(q.sex.as_deref(), Some("ALL"));
        assert_eq!(
            q.sponsor,
            Some(Sponsor {
                name: "NCRR".into(),
                class: Some("NIH".into())
            })
        );
        assert_eq!(q.interventions, ["Nifedipine"]);
        assert_eq!(q.locations.as_ref().unwrap().listed[0].city, "Bethesda");
        assert!(crit.unwrap().as_str().starts_with("Inclusion Criteria:"));
        let s = rec.field_spans["nct_id"];
        assert_eq!(&STUDY[s.start..s.end], "NCT00000102");
        let headings: Vec<&str> = rec.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings[0], "ProtocolSection.IdentificationModule");
    }

    #[test]
    fn values_outside_the_vocabulary_are_warned() {
        let src = STUDY
            .replace("Active, not recruiting", "Sort of active")
            .replace("\"Phase 2\"", "\"Phase 9\"")
            .replace("\"40\"", "\"forty\"");
        let (rec, _) = run(&src);
        assert_eq!(rec.status, None);
        assert_eq!(rec.quick_facts.phases, ["PHASE1"]);
        assert_eq!(rec.quick_facts.enrollment, None);
        let codes: Vec<WarningCode> = rec.warnings.iter().map(|w| w.code).collect();
        assert_eq!(
            codes,
            [
                WarningCode::UnmappedValue,
                WarningCode::UnmappedValue,
                WarningCode::WrongType
            ]
        );
    }
}
