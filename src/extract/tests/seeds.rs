//! The criteria of the three original pages, as whole items.

use crate::extract::check::check;
use expect_test::expect;

#[test]
fn seed_labs() {
    check(
        "Absolute neutrophil count (ANC) ≥ 500/μL unless, in the opinion of the investigator",
        expect![[r#"
            lab absolute_neutrophil_count >= 500 /uL [500,-) = 0.5 10^9/L "Absolute neutrophil count (ANC) ≥ 500/μL"
        "#]],
    );
    check(
        "Platelet count ≥ 50,000/μL unless",
        expect![[r#"
            lab platelet_count >= 50000 /uL [50000,-) = 50 10^9/L "Platelet count ≥ 50,000/μL"
        "#]],
    );
    check(
        "Absolute lymphocyte count ≥ 100/μL.",
        expect![[r#"
            lab absolute_lymphocyte_count >= 100 /uL [100,-) = 0.1 10^9/L "Absolute lymphocyte count ≥ 100/μL"
        "#]],
    );
    check(
        "cardiac echocardiography with LVSF<30% or LVEF<40%; or clinically significant pericardial effusion.",
        expect![[r#"
            other lvsf < 30 % (-,30) "LVSF<30%"
            other lvef < 40 % (-,40) "LVEF<40%"
        "#]],
    );
    check(
        r"cardiac echocardiography with LVSF\<30% or LVEF\<40%",
        expect![[r#"
            other lvsf < 30 % (-,30) "LVSF\\<30%"
            other lvef < 40 % (-,40) "LVEF\\<40%"
        "#]],
    );
    check(
        "GFR <30 ml/min or bilirubin >3 times the upper limit of normality (unless due to Gilbert's syndrome).",
        expect![[r#"
            lab gfr < 30 mL/min (-,30) = 30 mL/min "GFR <30 ml/min"
            lab total_bilirubin > 3 ULN (3,-) "bilirubin >3 times the upper limit of normality"
        "#]],
    );
    check(
        "Life expectancy greater than 12 weeks.",
        expect![[r#"
            time life_expectancy > 12 weeks (12,-) "Life expectancy greater than 12 weeks"
        "#]],
    );
}

#[test]
fn seed_004_organ_function() {
    check(
        "Serum total bilirubin <2× upper limit of normal (ULN), serum ALT and AST both <3× ULN, serum creatinine <1.5× ULN; Coagulation function: International normalized ratio (INR) ≤1.5× ULN, or prothrombin time (PT) ≤1.5× ULN; Transthoracic echocardiogram shows left ventricular ejection fraction (LVEF) ≥50%; Resting oxygen saturation (SpO2) ≥92% in ambient air; Estimated survival period of more than 3 months;",
        expect![[r#"
            lab total_bilirubin < 2 ULN (-,2) "Serum total bilirubin <2× upper limit of normal (ULN)"
            lab alt < 3 ULN (-,3) "ALT and AST both <3× ULN"
            lab ast < 3 ULN (-,3) "AST both <3× ULN"
            lab creatinine < 1.5 ULN (-,1.5) "serum creatinine <1.5× ULN"
            lab inr <= 1.5 ULN (-,1.5] "International normalized ratio (INR) ≤1.5× ULN"
            lab prothrombin_time <= 1.5 ULN (-,1.5] "prothrombin time (PT) ≤1.5× ULN"
            other lvef >= 50 % [50,-) "left ventricular ejection fraction (LVEF) ≥50%"
            vital_sign spo2 >= 92 % [92,-) "Resting oxygen saturation (SpO2) ≥92%"
            time life_expectancy > 3 months (3,-) "Estimated survival period of more than 3 months"
        "#]],
    );
    check(
        "The proportion of bone marrow blasts during the screening period is ≥5% (morphological).",
        expect![[r#"
            lab bone_marrow_blasts >= 5 % [5,-) "bone marrow blasts during the screening period is ≥5%"
        "#]],
    );
}

#[test]
fn normalized_to_reference_units() {
    check(
        "Platelets ≥ 100,000/mm3",
        expect![[r#"
            lab platelet_count >= 100000 /uL [100000,-) = 100 10^9/L "Platelets ≥ 100,000/mm3"
        "#]],
    );
    check(
        "ANC ≥ 1500/μL",
        expect![[r#"
            lab absolute_neutrophil_count >= 1500 /uL [1500,-) = 1.5 10^9/L "ANC ≥ 1500/μL"
        "#]],
    );
    check(
        "Hemoglobin ≥ 90 g/L",
        expect![[r#"
            lab hemoglobin >= 90 g/L [90,-) = 9 g/dL "Hemoglobin ≥ 90 g/L"
        "#]],
    );
    check(
        "creatinine ≤ 1.5 mg/dL",
        expect![[r#"
            lab creatinine <= 1.5 mg/dL (-,1.5] = 132.63 umol/L "creatinine ≤ 1.5 mg/dL"
        "#]],
    );
    check(
        "total bilirubin < 2 mg/dL",
        expect![[r#"
            lab total_bilirubin < 2 mg/dL (-,2) = 34.2 umol/L "total bilirubin < 2 mg/dL"
        "#]],
    );
    check(
        "fasting glucose > 126 mg/dL",
        expect![[r#"
            lab glucose > 126 mg/dL (126,-) = 6.993783 mmol/L "fasting glucose > 126 mg/dL"
        "#]],
    );
    check(
        "albumin ≥ 30 g/L",
        expect![[r#"
            lab albumin >= 30 g/L [30,-) = 3 g/dL "albumin ≥ 30 g/L"
        "#]],
    );
    check(
        "HbA1c 53-75 mmol/mol",
        expect![[r#"
            lab hba1c between 53 75 mmol/mol [53,75] = 7.00044 9.013 % "HbA1c 53-75 mmol/mol"
        "#]],
    );
    check(
        "calcium > 10.5 mg/dL",
        expect![[r#"
            lab calcium > 10.5 mg/dL (10.5,-) = 2.61975 mmol/L "calcium > 10.5 mg/dL"
        "#]],
    );
    check(
        "ferritin > 500 ng/mL",
        expect![[r#"
            lab ferritin > 500 ng/mL (500,-) "ferritin > 500 ng/mL"
        "#]],
    );
    check(
        "creatinine > 2 g/dL",
        expect![[r#"
            lab creatinine > 2 g/dL (2,-) "creatinine > 2 g/dL"
        "#]],
    );
}
