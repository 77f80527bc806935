//! Numbers that are not limits on the participant: doses, time windows and durations,
//! counts of lines and cycles, dates, versions, citations, labels and places.

use crate::extract::check::check;
use expect_test::expect;

#[test]
fn doses() {
    check("prednisone > 10 mg/day or equivalent", expect![[""]]);
    check(
        "with the exception of prednisone 10 mg/day (or equivalent)",
        expect![[""]],
    );
    check("dose > 20 mg/kg", expect![[""]]);
    check("aspirin up to 325 mg daily is allowed", expect![[""]]);
    check("received more than 300 mg/m2 of doxorubicin", expect![[""]]);
    check("methotrexate ≤ 25 mg per week", expect![[""]]);
    check("at least 2 tablets a day", expect![[""]]);
}

#[test]
fn time_windows_and_durations() {
    check(
        "Enrolled in another clinical trial in the previous 4 weeks.",
        expect![[""]],
    );
    check(
        "birth control for at least 12 months after the infusion",
        expect![[""]],
    );
    check(
        "major surgery within 4 weeks prior to enrolment",
        expect![[""]],
    );
    check("Participated in the 2 weeks before Visit 1", expect![[""]]);
    check(
        "stable dose for ≥ 4 weeks prior to the first dose",
        expect![[""]],
    );
    check("History of ED for at least 6 months", expect![[""]]);
    check("Diabetes diagnosed more than 10 years ago", expect![[""]]);
    check("no chemotherapy within the last 21 days", expect![[""]]);
    check(
        "women of childbearing age within 7 days of dosing",
        expect![[""]],
    );
    check("Acute pain (less than 3 months in duration)", expect![[""]]);
}

#[test]
fn counts() {
    check(
        "Received more than 2 prior chemotherapy regimens",
        expect![[""]],
    );
    check(
        "Treatment with at least 3 lines of prior therapy",
        expect![[""]],
    );
    check("no more than 2 cycles of therapy", expect![[""]]);
    check(
        "Failure to achieve complete remission after 2 cycles of induction",
        expect![[""]],
    );
    check("Received more than 4 doses of vaccine", expect![[""]]);
    check("history of 3 or more miscarriages", expect![[""]]);
    check("At least 2 of the following criteria", expect![[""]]);
    check(
        "Patients may have received 1-3 prior systemic therapies",
        expect![[""]],
    );
    check(
        "at least one measurable lesion of ≥ 10 mm",
        expect![[r#"
            other ?"least one measurable lesion" >= 10 mm [10,-) "least one measurable lesion of ≥ 10 mm"
        "#]],
    );
    check("smoking more than 20 cigarettes per day", expect![[""]]);
    check("no deviation > 1x/wk at 30 min/session", expect![[""]]);
}

#[test]
fn dates_versions_citations_labels() {
    check(
        "Prostate cancer stage II, diagnosed after January 2015",
        expect![[""]],
    );
    check("Diagnosed after 01/2019 (see ref. [3])", expect![[""]]);
    check("CTCAE version 4.0; see reference [12]", expect![[""]]);
    check("Protocol version 2.1 dated 12 March 2020", expect![[""]]);
    check("Published 2019; 12 references", expect![[""]]);
    check("Last reviewed 2026-05-15 by the team", expect![[""]]);
    check("Samples taken on Day 3-5 of the cycle", expect![[""]]);
    check("patients on potent steroids (group 2~4)", expect![[""]]);
    check("responders (n=40) must also have a biopsy", expect![[""]]);
    check("Type 2 diabetes mellitus", expect![[""]]);
    check("COVID-19 vaccination", expect![[""]]);
    check("IL-6 inhibitors", expect![[""]]);
    check(
        "score for those 20 years old: >1",
        expect![[r#"
            age [20 years,20 years] "20 years old"
        "#]],
    );
    check("per amendment 4/3/96", expect![[""]]);
    check("trisomy 21", expect![[""]]);
}

#[test]
fn places_methods_and_reference_ranges() {
    check(
        "lower edge of the tumour at most 12 cm from the anal verge",
        expect![[""]],
    );
    check(
        "use a contraceptive method with a failure rate of < 1% per year",
        expect![[""]],
    );
    check(
        "travel from a region with malaria prevalence > 5%",
        expect![[""]],
    );
    check(
        "Normal ferritin levels are 30-400 ng/mL for men and 15-150 ng/mL for women",
        expect![[""]],
    );
    check("normal range 3.5-5.0 mmol/L", expect![[""]]);
}
