//! Numbers as written: words, words with figures, decimal commas and thousands separators.

use crate::extract::check::check;
use expect_test::expect;

#[test]
fn number_words() {
    check(
        "Life expectancy of at least six (6) months",
        expect![[r#"
            time life_expectancy >= 6 months [6,-) "Life expectancy of at least six (6) months"
        "#]],
    );
    check(
        "Life expectancy of at least 6 (six) months",
        expect![[r#"
            time life_expectancy >= 6 months [6,-) "Life expectancy of at least 6 (six) months"
        "#]],
    );
    check(
        "life expectancy greater than twelve weeks",
        expect![[r#"
            time life_expectancy > 12 weeks (12,-) "life expectancy greater than twelve weeks"
        "#]],
    );
    check(
        "Expected survival of more than three months",
        expect![[r#"
            time life_expectancy > 3 months (3,-) "Expected survival of more than three months"
        "#]],
    );
    check(
        "Estimated life expectancy of at least twenty-four weeks",
        expect![[r#"
            time life_expectancy >= 24 weeks [24,-) "Estimated life expectancy of at least twenty-four weeks"
        "#]],
    );
    check(
        "bilirubin less than twice the upper limit of normal",
        expect![[r#"
            lab total_bilirubin < 2 ULN (-,2) "bilirubin less than twice the upper limit of normal"
        "#]],
    );
    check(
        "ALT and AST no more than three times the institutional upper normal limit",
        expect![[r#"
            lab alt <= 3 ULN (-,3] "ALT and AST no more than three times the institutional upper normal limit"
            lab ast <= 3 ULN (-,3] "AST no more than three times the institutional upper normal limit"
        "#]],
    );
    check(
        "AST up to one and a half times the ULN",
        expect![[r#"
            lab ast <= 1.5 ULN (-,1.5] "AST up to one and a half times the ULN"
        "#]],
    );
    check(
        "ALT more than thrice the upper limit of normal",
        expect![[r#"
            lab alt > 3 ULN (3,-) "ALT more than thrice the upper limit of normal"
        "#]],
    );
}

#[test]
fn number_words_alone_are_not_values() {
    check("At least one measurable lesion", expect![[""]]);
    check("at least one prior therapy", expect![[""]]);
    check("one of the following", expect![[""]]);
    check("Two or more of the following risk factors", expect![[""]]);
    check("no more than two prior regimens", expect![[""]]);
}

#[test]
fn decimal_commas_and_separators() {
    check(
        "Hemoglobin ≥ 10,5 g/dl",
        expect![[r#"
            lab hemoglobin >= 10.5 g/dL [10.5,-) = 10.5 g/dL "Hemoglobin ≥ 10,5 g/dl"
        "#]],
    );
    check(
        "creatinine > 2,5 mg/dl",
        expect![[r#"
            lab creatinine > 2.5 mg/dL (2.5,-) = 221.05 umol/L "creatinine > 2,5 mg/dl"
        "#]],
    );
    check(
        "BMI between 18,5 and 30 kg/m2",
        expect![[r#"
            anthropometric bmi between 18.5 30 kg/m2 [18.5,30] "BMI between 18,5 and 30 kg/m2"
        "#]],
    );
    check(
        "Proteinuria > 0,5 g/l",
        expect![[r#"
            lab proteinuria > 0.5 g/L (0.5,-) "Proteinuria > 0,5 g/l"
        "#]],
    );
    check(
        "platelets ≥ 100,000/mm3",
        expect![[r#"
            lab platelet_count >= 100000 /uL [100000,-) = 100 10^9/L "platelets ≥ 100,000/mm3"
        "#]],
    );
    check(
        "platelets ≥ 100.000/mm³",
        expect![[r#"
            lab platelet_count >= 100000 /uL [100000,-) = 100 10^9/L "platelets ≥ 100.000/mm³"
        "#]],
    );
    check(
        "Platelets < 1.500.000/µl",
        expect![[r#"
            lab platelet_count < 1500000 /uL (-,1500000) = 1500 10^9/L "Platelets < 1.500.000/µl"
        "#]],
    );
    check(
        "WBC ≥ 3,000/µL and ≤ 12,000/µL",
        expect![[r#"
            lab white_blood_cell_count between 3000 12000 /uL [3000,12000] = 3 12 10^9/L "WBC ≥ 3,000/µL and ≤ 12,000/µL"
        "#]],
    );
    check(
        "ECOG performance status of 0,1, or 2",
        expect![[r#"
            performance ECOG between 0 2 [0,2] "ECOG performance status of 0,1, or 2"
        "#]],
    );
    check(
        "ANC ≥ .5 x 10^9/L",
        expect![[r#"
            lab absolute_neutrophil_count >= 0.5 10^9/L [0.5,-) = 0.5 10^9/L "ANC ≥ .5 x 10^9/L"
        "#]],
    );
}
