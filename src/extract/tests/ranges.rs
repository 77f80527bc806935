//! Second bounds, lists and ranges, with strict and inclusive ends kept apart.

use crate::extract::check::check;
use expect_test::expect;

#[test]
fn two_comparators() {
    check(
        "BMI >18 <28",
        expect![[r#"
            anthropometric bmi between 18 28 (18,28) "BMI >18 <28"
        "#]],
    );
    check(
        "BMI >19 and <32 kg/m2",
        expect![[r#"
            anthropometric bmi between 19 32 kg/m2 (19,32) "BMI >19 and <32 kg/m2"
        "#]],
    );
    check(
        "BMI ≥ 18.5 and ≤ 30 kg/m2",
        expect![[r#"
            anthropometric bmi between 18.5 30 kg/m2 [18.5,30] "BMI ≥ 18.5 and ≤ 30 kg/m2"
        "#]],
    );
    check(
        "HbA1c > 7.0% and < 10.5%",
        expect![[r#"
            lab hba1c between 7 10.5 % (7,10.5) = 7 10.5 % "HbA1c > 7.0% and < 10.5%"
        "#]],
    );
    check(
        "HbA1c ≥7.0% up to ≤10.5%",
        expect![[r#"
            lab hba1c between 7 10.5 % [7,10.5] = 7 10.5 % "HbA1c ≥7.0% up to ≤10.5%"
        "#]],
    );
    check(
        "16 ≤ BMI ≤ 35 kg/m2",
        expect![[r#"
            anthropometric bmi between 16 35 kg/m2 [16,35] "16 ≤ BMI ≤ 35 kg/m2"
        "#]],
    );
    check(
        "130 mmHg ≤ SBP < 180 mmHg",
        expect![[r#"
            vital_sign systolic_bp between 130 180 mmHg [130,180) "130 mmHg ≤ SBP < 180 mmHg"
        "#]],
    );
    check(
        "20=AHI=65",
        expect![[r#"
            other ahi between 20 65 [20,65] "20=AHI=65"
        "#]],
    );
    check(
        "6.1 mmol/L (110 mg/dl)≤fasting glucose<7.0 mmol/L (126 mg/dl)",
        expect![[r#"
            lab glucose between 6.1 7 mmol/L [6.1,7) = 6.1 7 mmol/L "6.1 mmol/L (110 mg/dl)≤fasting glucose<7.0 mmol/L"
        "#]],
    );
}

#[test]
fn ranges_with_words() {
    check(
        "HbA1c 7.0–10.0%",
        expect![[r#"
            lab hba1c between 7 10 % [7,10] = 7 10 % "HbA1c 7.0–10.0%"
        "#]],
    );
    check(
        "BMI between 18 and 35 kg/m2",
        expect![[r#"
            anthropometric bmi between 18 35 kg/m2 [18,35] "BMI between 18 and 35 kg/m2"
        "#]],
    );
    check(
        "BMI from 18 to 35 kg/m2",
        expect![[r#"
            anthropometric bmi between 18 35 kg/m2 [18,35] "BMI from 18 to 35 kg/m2"
        "#]],
    );
    check(
        "BMI in the range of 18 to 35 kg/m2",
        expect![[r#"
            anthropometric bmi between 18 35 kg/m2 [18,35] "BMI in the range of 18 to 35 kg/m2"
        "#]],
    );
    check(
        "A MoCA score between 19 and 28 (inclusive)",
        expect![[r#"
            score moca between 19 28 [19,28] "A MoCA score between 19 and 28"
        "#]],
    );
    check(
        "Diastolic blood pressure 60-90 mmHg",
        expect![[r#"
            vital_sign diastolic_bp between 60 90 mmHg [60,90] "Diastolic blood pressure 60-90 mmHg"
        "#]],
    );
}

#[test]
fn outside_a_range_and_lists() {
    check(
        "WBC below 3,000 or above 12,000/mm3",
        expect![[r#"
            lab white_blood_cell_count < 3000 /uL (-,3000) = 3 10^9/L "WBC below 3,000"
            lab white_blood_cell_count > 12000 /uL (12000,-) = 12 10^9/L "above 12,000/mm3"
        "#]],
    );
    check(
        "hemoglobin ≥ 12 g/dL for women and ≥ 13 g/dL for men",
        expect![[r#"
            lab hemoglobin >= 12 g/dL [12,-) = 12 g/dL "hemoglobin ≥ 12 g/dL"
            lab hemoglobin >= 13 g/dL [13,-) = 13 g/dL "≥ 13 g/dL"
        "#]],
    );
    check(
        "QTc ≥2 for men and ≥3 for women",
        expect![[r#"
            other qtc >= 2 [2,-) "QTc ≥2"
            other qtc >= 3 [3,-) "≥3"
        "#]],
    );
    check(
        "QTcF > 450 ms for men or > 470 ms for women",
        expect![[r#"
            other qtc > 450 ms (450,-) "QTcF > 450 ms"
            other qtc > 470 ms (470,-) "> 470 ms"
        "#]],
    );
    check(
        "ALT > 3 x ULN (or 5 if liver metastases)",
        expect![[r#"
            lab alt > 3 ULN (3,-) "ALT > 3 x ULN"
            lab alt > 5 ULN (5,-) "5"
        "#]],
    );
    check(
        "ALT and AST both <3× ULN",
        expect![[r#"
            lab alt < 3 ULN (-,3) "ALT and AST both <3× ULN"
            lab ast < 3 ULN (-,3) "AST both <3× ULN"
        "#]],
    );
    check(
        "AST/ALT > 3x upper limit of normal",
        expect![[r#"
            lab transaminases > 3 ULN (3,-) "AST/ALT > 3x upper limit of normal"
        "#]],
    );
    check(
        "Life expectancy >/= 4 months for maintenance cohorts and >/= 6 months for adjuvant cohorts",
        expect![[r#"
            time life_expectancy >= 4 months [4,-) "Life expectancy >/= 4 months"
            time life_expectancy >= 6 months [6,-) ">/= 6 months"
        "#]],
    );
}

#[test]
fn pressures() {
    check(
        "Blood pressure greater than 140/90 mmHg",
        expect![[r#"
            vital_sign systolic_bp > 140 mmHg (140,-) "Blood pressure greater than 140/90 mmHg"
            vital_sign diastolic_bp > 90 mmHg (90,-) "Blood pressure greater than 140/90 mmHg"
        "#]],
    );
    check(
        "BP >140/90 mmHg, 2 or more antihypertensive drugs",
        expect![[r#"
            vital_sign systolic_bp > 140 mmHg (140,-) "BP >140/90 mmHg"
            vital_sign diastolic_bp > 90 mmHg (90,-) "BP >140/90 mmHg"
        "#]],
    );
    check(
        "uncontrolled hypertension (BP > 160/100)",
        expect![[r#"
            vital_sign systolic_bp > 160 (160,-) "BP > 160/100"
            vital_sign diastolic_bp > 100 (100,-) "BP > 160/100"
        "#]],
    );
}
