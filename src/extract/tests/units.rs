//! Units as written: typographic slashes, squared-letter symbols, spelled prefixes,
//! superscripts, powers of ten and the upper limit of normal.

use crate::extract::check::check;
use expect_test::expect;

#[test]
fn slashes_symbols_and_spellings() {
    check(
        "creatinine ≤ 1.5 mg⁄dL",
        expect![[r#"
            lab creatinine <= 1.5 mg/dL (-,1.5] = 132.63 umol/L "creatinine ≤ 1.5 mg⁄dL"
        "#]],
    );
    check(
        "creatinine ≤ 1.5 mg∕dl",
        expect![[r#"
            lab creatinine <= 1.5 mg/dL (-,1.5] = 132.63 umol/L "creatinine ≤ 1.5 mg∕dl"
        "#]],
    );
    check(
        "platelets ≥ 100 000/㎕",
        expect![[r#"
            lab platelet_count >= 100000 /uL [100000,-) = 100 10^9/L "platelets ≥ 100 000/㎕"
        "#]],
    );
    check(
        "platelets ≥ 100,000/㎕",
        expect![[r#"
            lab platelet_count >= 100000 /uL [100000,-) = 100 10^9/L "platelets ≥ 100,000/㎕"
        "#]],
    );
    check(
        "vitamin B12 < 200 mikrog/l",
        expect![[r#"
            lab vitamin_b12 < 200 ug/L (-,200) "vitamin B12 < 200 mikrog/l"
        "#]],
    );
    check(
        "ferritin < 30 µg/L",
        expect![[r#"
            lab ferritin < 30 ug/L (-,30) "ferritin < 30 µg/L"
        "#]],
    );
    check(
        "ferritin < 30 μg/L",
        expect![[r#"
            lab ferritin < 30 ug/L (-,30) "ferritin < 30 μg/L"
        "#]],
    );
    check(
        "ferritin < 30 mcg/L",
        expect![[r#"
            lab ferritin < 30 ug/L (-,30) "ferritin < 30 mcg/L"
        "#]],
    );
    check(
        "creatinine ≤ 133 µmol/l",
        expect![[r#"
            lab creatinine <= 133 umol/L (-,133] = 133 umol/L "creatinine ≤ 133 µmol/l"
        "#]],
    );
    check(
        "creatinine ≤ 133 micromol/L",
        expect![[r#"
            lab creatinine <= 133 umol/L (-,133] = 133 umol/L "creatinine ≤ 133 micromol/L"
        "#]],
    );
    check(
        "GFR ≥ 60 ml/min/1.73m²",
        expect![[r#"
            lab gfr >= 60 mL/min/1.73m2 [60,-) = 60 mL/min/1.73m2 "GFR ≥ 60 ml/min/1.73m²"
        "#]],
    );
    check(
        "eGFR > 45 mL/min per 1.73 m^2",
        expect![[r#"
            lab gfr > 45 mL/min/1.73m2 (45,-) = 45 mL/min/1.73m2 "eGFR > 45 mL/min per 1.73 m^2"
        "#]],
    );
    check(
        "BMI < 35 kg/m²",
        expect![[r#"
            anthropometric bmi < 35 kg/m2 (-,35) "BMI < 35 kg/m²"
        "#]],
    );
    check(
        "BMI < 35 kilograms per square meter",
        expect![[r#"
            anthropometric bmi < 35 kg/m2 (-,35) "BMI < 35 kilograms per square meter"
        "#]],
    );
    check(
        "temperature > 38ºC",
        expect![[r#"
            vital_sign temperature > 38 °C (38,-) "temperature > 38ºC"
        "#]],
    );
    check(
        "temperature > 38 °C",
        expect![[r#"
            vital_sign temperature > 38 °C (38,-) "temperature > 38 °C"
        "#]],
    );
    check(
        "CD4 count ≥ 200 cells/mm(3)",
        expect![[r#"
            lab cd4_count >= 200 /uL [200,-) "CD4 count ≥ 200 cells/mm(3)"
        "#]],
    );
}

#[test]
fn powers_of_ten() {
    check(
        "ANC ≥ 1.5 x 10^9/L",
        expect![[r#"
            lab absolute_neutrophil_count >= 1.5 10^9/L [1.5,-) = 1.5 10^9/L "ANC ≥ 1.5 x 10^9/L"
        "#]],
    );
    check(
        "ANC ≥ 1.5 × 10⁹/L",
        expect![[r#"
            lab absolute_neutrophil_count >= 1.5 10^9/L [1.5,-) = 1.5 10^9/L "ANC ≥ 1.5 × 10⁹/L"
        "#]],
    );
    check(
        "ANC ≥ 1.5x10^9/l",
        expect![[r#"
            lab absolute_neutrophil_count >= 1.5 10^9/L [1.5,-) = 1.5 10^9/L "ANC ≥ 1.5x10^9/l"
        "#]],
    );
    check(
        "ANC ≥ 1.5 109/L",
        expect![[r#"
            lab absolute_neutrophil_count >= 1.5 10^9/L [1.5,-) = 1.5 10^9/L "ANC ≥ 1.5 109/L"
        "#]],
    );
    check(
        "ANC ≥ 1.5 10E9/L",
        expect![[r#"
            lab absolute_neutrophil_count >= 1.5 10^9/L [1.5,-) = 1.5 10^9/L "ANC ≥ 1.5 10E9/L"
        "#]],
    );
    check(
        "platelets ≥ 100 G/L",
        expect![[r#"
            lab platelet_count >= 100 10^9/L [100,-) = 100 10^9/L "platelets ≥ 100 G/L"
        "#]],
    );
    check(
        "platelets ≥ 100 g/L",
        expect![[r#"
            lab platelet_count >= 100 g/L [100,-) = 100 10^9/L "platelets ≥ 100 g/L"
        "#]],
    );
    check(
        "WBC > 3 x 10^3/uL",
        expect![[r#"
            lab white_blood_cell_count > 3 10^3/uL (3,-) = 3 10^9/L "WBC > 3 x 10^3/uL"
        "#]],
    );
    check(
        "WBC > 3 x 10³/mm³",
        expect![[r#"
            lab white_blood_cell_count > 3 10^3/uL (3,-) = 3 10^9/L "WBC > 3 x 10³/mm³"
        "#]],
    );
    check(
        "WBC ≥ 3 K/µL",
        expect![[r#"
            lab white_blood_cell_count >= 3 10^3/uL [3,-) = 3 10^9/L "WBC ≥ 3 K/µL"
        "#]],
    );
}

#[test]
fn multiples_of_normal() {
    check(
        "ALT ≤ 2.5 × ULN",
        expect![[r#"
            lab alt <= 2.5 ULN (-,2.5] "ALT ≤ 2.5 × ULN"
        "#]],
    );
    check(
        "ALT ≤ 2.5xULN",
        expect![[r#"
            lab alt <= 2.5 ULN (-,2.5] "ALT ≤ 2.5xULN"
        "#]],
    );
    check(
        "ALT ≤ x2.5 ULN",
        expect![[r#"
            lab alt <= 2.5 ULN (-,2.5] "ALT ≤ x2.5 ULN"
        "#]],
    );
    check(
        "ALT > 3 times the upper limit of normal",
        expect![[r#"
            lab alt > 3 ULN (3,-) "ALT > 3 times the upper limit of normal"
        "#]],
    );
    check(
        "ALT > 5 x the ULN",
        expect![[r#"
            lab alt > 5 ULN (5,-) "ALT > 5 x the ULN"
        "#]],
    );
    check(
        "ALT > 3 UNL",
        expect![[r#"
            lab alt > 3 ULN (3,-) "ALT > 3 UNL"
        "#]],
    );
    check(
        "ASAT or ALAT > 3N",
        expect![[r#"
            lab ast > 3 ULN (3,-) "ASAT or ALAT > 3N"
            lab alt > 3 ULN (3,-) "ALAT > 3N"
        "#]],
    );
    check(
        "AST > 2.5-fold the normal upper limit",
        expect![[r#"
            lab ast > 2.5 ULN (2.5,-) "AST > 2.5-fold the normal upper limit"
        "#]],
    );
    check(
        "total bilirubin ≤ 1.5 × upper limit of normal (ULN)",
        expect![[r#"
            lab total_bilirubin <= 1.5 ULN (-,1.5] "total bilirubin ≤ 1.5 × upper limit of normal (ULN)"
        "#]],
    );
    check(
        "ALT more than four times normal",
        expect![[r#"
            lab alt > 4 ULN (4,-) "ALT more than four times normal"
        "#]],
    );
    check(
        "bilirubin more than twice normal range",
        expect![[r#"
            lab total_bilirubin > 2 ULN (2,-) "bilirubin more than twice normal range"
        "#]],
    );
    check(
        "transaminases elevated by a factor of at least 3 above the ULN",
        expect![[r#"
            lab transaminases >= 3 ULN [3,-) "transaminases elevated by a factor of at least 3 above the ULN"
        "#]],
    );
    check(
        "INR ≤ 1.5 x the upper limit of the normal range",
        expect![[r#"
            lab inr <= 1.5 ULN (-,1.5] "INR ≤ 1.5 x the upper limit of the normal range"
        "#]],
    );
}
