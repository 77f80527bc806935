//! The analyte named after its value.

use crate::extract::check::check;
use expect_test::expect;

#[test]
fn analyte_after_the_value() {
    check(
        "≥ 20 % blasts in the marrow",
        expect![[r#"
            lab bone_marrow_blasts >= 20 % [20,-) "≥ 20 % blasts"
        "#]],
    );
    check(
        "≥ 20% bone marrow blasts",
        expect![[r#"
            lab bone_marrow_blasts >= 20 % [20,-) "≥ 20% bone marrow blasts"
        "#]],
    );
    check(
        "</= 4 ppm CO on breath testing",
        expect![[r#"
            other carbon_monoxide <= 4 ppm (-,4] "</= 4 ppm CO"
        "#]],
    );
    check(
        "at least 500 copies/mL of HIV RNA",
        expect![[r#"
            lab viral_load >= 500 copies/mL [500,-) "at least 500 copies/mL of HIV RNA"
        "#]],
    );
    check(
        "more than 1,000 IU/mL of HBV DNA",
        expect![[r#"
            lab hbv_dna > 1000 IU/mL (1000,-) "more than 1,000 IU/mL of HBV DNA"
        "#]],
    );
    check(
        "women at less than 37 weeks of gestation",
        expect![[r#"
            time gestational_age < 37 weeks (-,37) "less than 37 weeks of gestation"
        "#]],
    );
    check(
        "37 weeks gestation or greater",
        expect![[r#"
            time gestational_age >= 37 weeks [37,-) "37 weeks gestation or greater"
        "#]],
    );
    check(
        "at least 150 cm of height",
        expect![[r#"
            anthropometric height >= 150 cm [150,-) "at least 150 cm of height"
        "#]],
    );
    check(
        "more than 100 kg body weight",
        expect![[r#"
            anthropometric body_weight > 100 kg (100,-) "more than 100 kg body weight"
        "#]],
    );
}

#[test]
fn a_name_that_starts_its_own_threshold_is_not_taken() {
    check(
        "9 g/dL, ALT ≤ 3 x ULN",
        expect![[r#"
            lab alt <= 3 ULN (-,3] "ALT ≤ 3 x ULN"
        "#]],
    );
    check(
        "≥ 50% of the doses",
        expect![[r#"
            other ?"" >= 50 % [50,-) "≥ 50%"
        "#]],
    );
    check(
        "more than 2 cm in diameter",
        expect![[r#"
            other ?"" > 2 cm (2,-) "more than 2 cm"
        "#]],
    );
}
