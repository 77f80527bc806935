//! The legacy registry vocabulary (the classic XML records and the retired API v1 JSON) and
//! its API v2 equivalents: one table per field, shared by [`super::registry_xml`] and
//! [`super::registry_v1`]. A value not in a table has no equivalent and is not guessed.

use crate::record::Record;
use crate::span::Span;
use crate::warning::WarningCode;

/// `overall_status` → API v2 `overallStatus`.
pub const STATUS: &[(&str, &str)] = &[
    ("Active, not recruiting", "ACTIVE_NOT_RECRUITING"),
    ("Approved for marketing", "APPROVED_FOR_MARKETING"),
    ("Available", "AVAILABLE"),
    ("Completed", "COMPLETED"),
    ("Enrolling by invitation", "ENROLLING_BY_INVITATION"),
    ("No longer available", "NO_LONGER_AVAILABLE"),
    ("Not yet recruiting", "NOT_YET_RECRUITING"),
    ("Recruiting", "RECRUITING"),
    ("Suspended", "SUSPENDED"),
    ("Temporarily not available", "TEMPORARILY_NOT_AVAILABLE"),
    ("Terminated", "TERMINATED"),
    ("Unknown status", "UNKNOWN"),
    ("Withdrawn", "WITHDRAWN"),
    ("Withheld", "WITHHELD"),
];

/// One part of `phase` (`Phase 1/Phase 2` has two) → API v2 `phases`. The registry renamed
/// "Phase 0" to "Early Phase 1".
pub const PHASES: &[(&str, &str)] = &[
    ("Early Phase 1", "EARLY_PHASE1"),
    ("Phase 0", "EARLY_PHASE1"),
    ("Phase 1", "PHASE1"),
    ("Phase 2", "PHASE2"),
    ("Phase 3", "PHASE3"),
    ("Phase 4", "PHASE4"),
    ("N/A", "NA"),
    ("Not Applicable", "NA"),
];

/// `study_type` → API v2 `studyType` (a patient registry is an observational study there).
pub const STUDY_TYPES: &[(&str, &str)] = &[
    ("Interventional", "INTERVENTIONAL"),
    ("Observational", "OBSERVATIONAL"),
    ("Observational [Patient Registry]", "OBSERVATIONAL"),
    ("Expanded Access", "EXPANDED_ACCESS"),
];

/// `lead_sponsor/agency_class` → API v2 `leadSponsor.class`.
pub const AGENCY_CLASSES: &[(&str, &str)] = &[
    ("NIH", "NIH"),
    ("U.S. Fed", "FED"),
    ("Industry", "INDUSTRY"),
    ("Other", "OTHER"),
    ("Unknown", "UNKNOWN"),
];

/// `eligibility/gender` → API v2 `sex` (older records say "Both").
pub const SEXES: &[(&str, &str)] = &[
    ("All", "ALL"),
    ("Both", "ALL"),
    ("Female", "FEMALE"),
    ("Male", "MALE"),
];

/// The `type` attribute of `enrollment` → API v2 `enrollmentInfo.type`.
pub const ENROLLMENT_TYPES: &[(&str, &str)] = &[
    ("Actual", "ACTUAL"),
    ("Anticipated", "ESTIMATED"),
    ("Estimated", "ESTIMATED"),
];

/// The value's API v2 code: from the table (any case, spacing collapsed), or the value
/// itself when it already is one of the table's codes.
pub fn map(table: &[(&str, &'static str)], value: &str) -> Option<&'static str> {
    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
    table
        .iter()
        .find(|(legacy, _)| legacy.eq_ignore_ascii_case(&v))
        .or_else(|| table.iter().find(|(_, code)| *code == v))
        .map(|(_, code)| *code)
}

/// [`map`], warning `unmapped_value` for a value outside the table (`what` names the field
/// in the message, `span` where the value is).
pub fn map_or_warn(
    rec: &mut Record,
    table: &[(&str, &'static str)],
    value: &str,
    what: &str,
    span: Span,
) -> Option<&'static str> {
    let code = map(table, value);
    if code.is_none() {
        rec.warn(
            WarningCode::UnmappedValue,
            format!("{what} {value:?} has no API v2 equivalent; not taken"),
            Some(span),
        );
    }
    code
}
