//! Comparators as people type them and as encodings mangle them.

use crate::extract::check::check;
use expect_test::expect;

#[test]
fn symbols() {
    check(
        "ANC ≥ 1500/µL",
        expect![[r#"
            lab absolute_neutrophil_count >= 1500 /uL [1500,-) = 1.5 10^9/L "ANC ≥ 1500/µL"
        "#]],
    );
    check(
        "ANC >= 1500/µL",
        expect![[r#"
            lab absolute_neutrophil_count >= 1500 /uL [1500,-) = 1.5 10^9/L "ANC >= 1500/µL"
        "#]],
    );
    check(
        "ANC => 1500/µL",
        expect![[r#"
            lab absolute_neutrophil_count >= 1500 /uL [1500,-) = 1.5 10^9/L "ANC => 1500/µL"
        "#]],
    );
    check(
        "ANC > = 1500/µL",
        expect![[r#"
            lab absolute_neutrophil_count >= 1500 /uL [1500,-) = 1.5 10^9/L "ANC > = 1500/µL"
        "#]],
    );
    check(
        "ANC >_ 1500/µL",
        expect![[r#"
            lab absolute_neutrophil_count >= 1500 /uL [1500,-) = 1.5 10^9/L "ANC >_ 1500/µL"
        "#]],
    );
    check(
        "ANC >/= 1500/µL",
        expect![[r#"
            lab absolute_neutrophil_count >= 1500 /uL [1500,-) = 1.5 10^9/L "ANC >/= 1500/µL"
        "#]],
    );
    check(
        "ANC > or = 1500/µL",
        expect![[r#"
            lab absolute_neutrophil_count >= 1500 /uL [1500,-) = 1.5 10^9/L "ANC > or = 1500/µL"
        "#]],
    );
    check(
        "ANC ⩾ 1500/µL",
        expect![[r#"
            lab absolute_neutrophil_count >= 1500 /uL [1500,-) = 1.5 10^9/L "ANC ⩾ 1500/µL"
        "#]],
    );
    check(
        "ANC ≧ 1500/µL",
        expect![[r#"
            lab absolute_neutrophil_count >= 1500 /uL [1500,-) = 1.5 10^9/L "ANC ≧ 1500/µL"
        "#]],
    );
    check(
        "ANC ＞＝ 1500/µL",
        expect![[r#"
            lab absolute_neutrophil_count >= 1500 /uL [1500,-) = 1.5 10^9/L "ANC ＞＝ 1500/µL"
        "#]],
    );
    check(
        "ANC ˃ 1500/µL",
        expect![[r#"
            lab absolute_neutrophil_count > 1500 /uL (1500,-) = 1.5 10^9/L "ANC ˃ 1500/µL"
        "#]],
    );
    check(
        "ANC ＞1500/µL",
        expect![[r#"
            lab absolute_neutrophil_count > 1500 /uL (1500,-) = 1.5 10^9/L "ANC ＞1500/µL"
        "#]],
    );
    check(
        "ANC <U+2265> 1500/µL",
        expect![[r#"
            lab absolute_neutrophil_count >= 1500 /uL [1500,-) = 1.5 10^9/L "ANC <U+2265> 1500/µL"
        "#]],
    );
    check(
        "ANC ³ 1500/µL",
        expect![[r#"
            lab absolute_neutrophil_count >= 1500 /uL [1500,-) = 1.5 10^9/L "ANC ³ 1500/µL"
        "#]],
    );
    check(
        "creatinine =< 1.5 mg/dL",
        expect![[r#"
            lab creatinine <= 1.5 mg/dL (-,1.5] = 132.63 umol/L "creatinine =< 1.5 mg/dL"
        "#]],
    );
    check(
        "creatinine <_ 1.5 mg/dL",
        expect![[r#"
            lab creatinine <= 1.5 mg/dL (-,1.5] = 132.63 umol/L "creatinine <_ 1.5 mg/dL"
        "#]],
    );
    check(
        "creatinine </= 1.5 mg/dL",
        expect![[r#"
            lab creatinine <= 1.5 mg/dL (-,1.5] = 132.63 umol/L "creatinine </= 1.5 mg/dL"
        "#]],
    );
    check(
        "creatinine < or = 1.5 mg/dL",
        expect![[r#"
            lab creatinine <= 1.5 mg/dL (-,1.5] = 132.63 umol/L "creatinine < or = 1.5 mg/dL"
        "#]],
    );
    check(
        "creatinine ⩽1.5 mg/dL",
        expect![[r#"
            lab creatinine <= 1.5 mg/dL (-,1.5] = 132.63 umol/L "creatinine ⩽1.5 mg/dL"
        "#]],
    );
    check(
        "creatinine ≦ 1.5 mg/dL",
        expect![[r#"
            lab creatinine <= 1.5 mg/dL (-,1.5] = 132.63 umol/L "creatinine ≦ 1.5 mg/dL"
        "#]],
    );
    check(
        "creatinine ˂ 1.5 mg/dL",
        expect![[r#"
            lab creatinine < 1.5 mg/dL (-,1.5) = 132.63 umol/L "creatinine ˂ 1.5 mg/dL"
        "#]],
    );
    check(
        "creatinine £ 1.5 mg/dL",
        expect![[r#"
            lab creatinine <= 1.5 mg/dL (-,1.5] = 132.63 umol/L "creatinine £ 1.5 mg/dL"
        "#]],
    );
    check(
        "creatinine ＜ 1.5 mg/dL",
        expect![[r#"
            lab creatinine < 1.5 mg/dL (-,1.5) = 132.63 umol/L "creatinine ＜ 1.5 mg/dL"
        "#]],
    );
    check(
        "creatinine <or=1.5mg/dL",
        expect![[r#"
            lab creatinine <= 1.5 mg/dL (-,1.5] = 132.63 umol/L "creatinine <or=1.5mg/dL"
        "#]],
    );
}

#[test]
fn words() {
    check(
        "hemoglobin no greater than 16 g/dL",
        expect![[r#"
            lab hemoglobin <= 16 g/dL (-,16] = 16 g/dL "hemoglobin no greater than 16 g/dL"
        "#]],
    );
    check(
        "hemoglobin not exceeding 16 g/dL",
        expect![[r#"
            lab hemoglobin <= 16 g/dL (-,16] = 16 g/dL "hemoglobin not exceeding 16 g/dL"
        "#]],
    );
    check(
        "hemoglobin should not exceed 16 g/dL",
        expect![[r#"
            lab hemoglobin <= 16 g/dL (-,16] = 16 g/dL "hemoglobin should not exceed 16 g/dL"
        "#]],
    );
    check(
        "platelets a minimum of 100,000/mm3",
        expect![[r#"
            lab platelet_count >= 100000 /uL [100000,-) = 100 10^9/L "platelets a minimum of 100,000/mm3"
        "#]],
    );
    check(
        "platelets of at least 100 x 10^9/L",
        expect![[r#"
            lab platelet_count >= 100 10^9/L [100,-) = 100 10^9/L "platelets of at least 100 x 10^9/L"
        "#]],
    );
    check(
        "platelets not less than 100 x 10^9/L",
        expect![[r#"
            lab platelet_count >= 100 10^9/L [100,-) = 100 10^9/L "platelets not less than 100 x 10^9/L"
        "#]],
    );
    check(
        "creatinine up to 1.5 mg/dL",
        expect![[r#"
            lab creatinine <= 1.5 mg/dL (-,1.5] = 132.63 umol/L "creatinine up to 1.5 mg/dL"
        "#]],
    );
    check(
        "bilirubin over 2 mg/dL",
        expect![[r#"
            lab total_bilirubin > 2 mg/dL (2,-) = 34.2 umol/L "bilirubin over 2 mg/dL"
        "#]],
    );
    check(
        "bilirubin in excess of 2 mg/dL",
        expect![[r#"
            lab total_bilirubin > 2 mg/dL (2,-) = 34.2 umol/L "bilirubin in excess of 2 mg/dL"
        "#]],
    );
    check(
        "albumin less then 3 g/dL",
        expect![[r#"
            lab albumin < 3 g/dL (-,3) = 3 g/dL "albumin less then 3 g/dL"
        "#]],
    );
    check(
        "HbA1c greater than or equal to 7%",
        expect![[r#"
            lab hba1c >= 7 % [7,-) = 7 % "HbA1c greater than or equal to 7%"
        "#]],
    );
    check(
        "HbA1c equal to or greater than 7%",
        expect![[r#"
            lab hba1c >= 7 % [7,-) = 7 % "HbA1c equal to or greater than 7%"
        "#]],
    );
    check(
        "HbA1c of 7% or more",
        expect![[r#"
            lab hba1c >= 7 % [7,-) = 7 % "HbA1c of 7% or more"
        "#]],
    );
    check(
        "HbA1c 10% or less",
        expect![[r#"
            lab hba1c <= 10 % (-,10] = 10 % "HbA1c 10% or less"
        "#]],
    );
    check(
        "potassium a maximum of 5.5 mmol/L",
        expect![[r#"
            lab potassium <= 5.5 mmol/L (-,5.5] = 5.5 mmol/L "potassium a maximum of 5.5 mmol/L"
        "#]],
    );
    check(
        "systolic blood pressure less than (<) 95 mmHg",
        expect![[r#"
            vital_sign systolic_bp < 95 mmHg (-,95) "systolic blood pressure less than (<) 95 mmHg"
        "#]],
    );
    check(
        "ejection fraction less than or equal to (=<) 35 percent",
        expect![[r#"
            other lvef <= 35 % (-,35] "ejection fraction less than or equal to (=<) 35 percent"
        "#]],
    );
}
