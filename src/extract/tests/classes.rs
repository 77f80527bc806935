//! Classes, grades and stages written with numerals.

use crate::extract::check::check;
use expect_test::expect;

#[test]
fn classes() {
    check(
        "New York Heart Association (NYHA) class III or IV heart failure",
        expect![[r#"
            score nyha_class between 3 4 [3,4] "New York Heart Association (NYHA) class III or IV"
        "#]],
    );
    check(
        "Functional Class II and III by the New York Heart Association (NYHA)",
        expect![[r#"
            score nyha_class between 2 3 [2,3] "Functional Class II and III by the New York Heart Association"
        "#]],
    );
    check(
        "ASA 4 or 5",
        expect![[r#"
            score asa_class between 4 5 [4,5] "ASA 4 or 5"
        "#]],
    );
    check(
        "Healthy patients (ASA I)",
        expect![[r#"
            score asa_class = 1 [1,1] "ASA I"
        "#]],
    );
    check(
        "Patients ASA III y IV",
        expect![[r#"
            score asa_class between 3 4 [3,4] "ASA III y IV"
        "#]],
    );
    check(
        "Kellgren and Lawrence grade II-III",
        expect![[r#"
            score kellgren_lawrence_grade between 2 3 [2,3] "Kellgren and Lawrence grade II-III"
        "#]],
    );
    check(
        "Fitzpatrick skin phototype III-V",
        expect![[r#"
            score fitzpatrick_skin_type between 3 5 [3,5] "Fitzpatrick skin phototype III-V"
        "#]],
    );
    check(
        "Killip class ≥ 2",
        expect![[r#"
            score killip_class >= 2 [2,-) "Killip class ≥ 2"
        "#]],
    );
    check(
        "Hoehn and Yahr (H&Y) stage 1.5 to 3",
        expect![[r#"
            disease_stage hoehn_yahr_stage between 1.5 3 [1.5,3] "Hoehn and Yahr (H&Y) stage 1.5 to 3"
        "#]],
    );
}

#[test]
fn grades() {
    check(
        "No grade 3 or higher neuropathy",
        expect![[r#"
            toxicity_grade grade >= 3 [3,-) "grade 3 or higher"
        "#]],
    );
    check(
        "NCI CTCAE v4.0 ≥ Grade 2 toxicity",
        expect![[r#"
            toxicity_grade ctcae_grade >= 2 [2,-) "NCI CTCAE v4.0 ≥ Grade 2"
        "#]],
    );
    check(
        "toxicity below or equal to grade 1",
        expect![[r#"
            toxicity_grade grade <= 1 (-,1] "below or equal to grade 1"
        "#]],
    );
    check(
        "peripheral neuropathy grade ≥ 2",
        expect![[r#"
            toxicity_grade grade >= 2 [2,-) "grade ≥ 2"
        "#]],
    );
    check(
        "grade II to IV active graft-versus-host disease",
        expect![[r#"
            toxicity_grade grade between 2 4 [2,4] "grade II to IV"
        "#]],
    );
    check(
        "follicular lymphoma grade 1-3a",
        expect![[r#"
            disease_stage grade between 1 3 [1,3] "grade 1-3a"
        "#]],
    );
    check("Grade 3 fatigue", expect![[""]]);
    check(
        "TIMI grade 3 flow",
        expect![[r#"
            score timi_flow_grade = 3 [3,3] "TIMI grade 3"
        "#]],
    );
}

#[test]
fn stages() {
    check(
        "Chronic kidney disease stage 3 - 5",
        expect![[r#"
            disease_stage stage between 3 5 [3,5] "stage 3 - 5"
        "#]],
    );
    check(
        "stage IIIa or IIIb disease",
        expect![[r#"
            disease_stage stage = 3 [3,3] "stage IIIa or IIIb"
        "#]],
    );
    check("Stage IV melanoma", expect![[""]]);
    check("Prostate cancer stage II at diagnosis", expect![[""]]);
    check(
        "Clinical stage T1c-T2b prostate cancer",
        expect![[r#"
            disease_stage tumor_stage between 1 2 [1,2] "T1c-T2b"
        "#]],
    );
    check(
        "METAVIR fibrosis F2 or greater",
        expect![[r#"
            disease_stage fibrosis_stage >= 2 [2,-) "F2 or greater"
        "#]],
    );
    check(
        "Montreal classification E2 or E3",
        expect![[r#"
            disease_stage montreal_extent between 2 3 [2,3] "E2 or E3"
        "#]],
    );
    check("T1 or T2 weighted images", expect![[""]]);
    check("Press F1 for help", expect![[""]]);
    check("NCI CTCAE criteria within 4 weeks", expect![[""]]);
}
