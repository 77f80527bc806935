//! Performance status: as written next to the inclusive bounds it means.

use crate::extract::check::check;
use expect_test::expect;

#[test]
fn scales_and_bounds() {
    check(
        "ECOG score 0-2;",
        expect![[r#"
            performance ECOG between 0 2 [0,2] "ECOG score 0-2"
        "#]],
    );
    check(
        "ECOG ≤ 1",
        expect![[r#"
            performance ECOG <= 1 (-,1] "ECOG ≤ 1"
        "#]],
    );
    check(
        "ECOG performance status < 2",
        expect![[r#"
            performance ECOG < 2 (-,1] "ECOG performance status < 2"
        "#]],
    );
    check(
        "ECOG performance status of 0,1, or 2.",
        expect![[r#"
            performance ECOG between 0 2 [0,2] "ECOG performance status of 0,1, or 2"
        "#]],
    );
    check(
        "Eastern Cooperative Oncology Group (ECOG) 0 or 1",
        expect![[r#"
            performance ECOG between 0 1 [0,1] "Eastern Cooperative Oncology Group (ECOG) 0 or 1"
        "#]],
    );
    check(
        "ECOG Performance status0-1",
        expect![[r#"
            performance ECOG between 0 1 [0,1] "ECOG Performance status0-1"
        "#]],
    );
    check(
        "Karnofsky > 60",
        expect![[r#"
            performance KARNOFSKY > 60 [70,-) "Karnofsky > 60"
        "#]],
    );
    check(
        "Karnofsky ≥ 60%",
        expect![[r#"
            performance KARNOFSKY >= 60 [60,-) "Karnofsky ≥ 60%"
        "#]],
    );
    check(
        "Karnofsky performance status of 70",
        expect![[r#"
            performance KARNOFSKY = 70 [70,70] "Karnofsky performance status of 70"
            warning performance_bound_unclear
        "#]],
    );
    check(
        "Have a Karnofsky performance score of 60 or higher.",
        expect![[r#"
            performance KARNOFSKY >= 60 [60,-) "Karnofsky performance score of 60 or higher"
        "#]],
    );
    check(
        "WHO performance status 2 or less",
        expect![[r#"
            performance WHO <= 2 (-,2] "WHO performance status 2 or less"
        "#]],
    );
    check(
        "Zubrod performance status 0-2",
        expect![[r#"
            performance ZUBROD between 0 2 [0,2] "Zubrod performance status 0-2"
        "#]],
    );
    check(
        "SWOG performance status 0-1",
        expect![[r#"
            performance ZUBROD between 0 1 [0,1] "SWOG performance status 0-1"
        "#]],
    );
    check(
        "Performance status 0-2",
        expect![[r#"
            performance - between 0 2 [0,2] "Performance status 0-2"
        "#]],
    );
    check(
        "performance status (ECOG) ≤ 1",
        expect![[r#"
            performance ECOG <= 1 (-,1] "performance status (ECOG) ≤ 1"
        "#]],
    );
    check(
        "PS ≤ 1",
        expect![[r#"
            performance - <= 1 (-,1] "PS ≤ 1"
        "#]],
    );
    check(
        "Lansky or Karnofsky score ≥50",
        expect![[r#"
            performance LANSKY >= 50 [50,-) "Lansky or Karnofsky score ≥50"
            performance KARNOFSKY >= 50 [50,-) "Karnofsky score ≥50"
        "#]],
    );
}

#[test]
fn conditional_scales_share_a_value() {
    check(
        "Lansky (age <16 years) or Karnofsky (age ≥16 years) score of 50 or greater.",
        expect![[r#"
            age (-,16 years) "age <16 years"
            age [16 years,-) "age ≥16 years"
            performance LANSKY >= 50 [50,-) if age (-,16 years) "Lansky (age <16 years) or Karnofsky (age ≥16 years) score of 50 or greater"
            performance KARNOFSKY >= 50 [50,-) if age [16 years,-) "Karnofsky (age ≥16 years) score of 50 or greater"
        "#]],
    );
}

#[test]
fn not_scores() {
    check(
        "ECOG assessment within 14 days of registration",
        expect![[""]],
    );
    check("KPS was recorded. 3 samples", expect![[""]]);
}
