//! Age limits as criteria write them.

use crate::extract::check::check;
use expect_test::expect;

#[test]
fn ages_with_words() {
    check(
        "Aged ≥3 and ≤70 years, gender and race unrestricted.",
        expect![[r#"
            age [3 years,70 years] "Aged ≥3 and ≤70 years"
        "#]],
    );
    check(
        "18 years of age or older",
        expect![[r#"
            age [18 years,-) "18 years of age or older"
        "#]],
    );
    check(
        "Age between 18 and 65",
        expect![[r#"
            age [18 years,65 years] "Age between 18 and 65"
        "#]],
    );
    check(
        "≥ 16 years",
        expect![[r#"
            age [16 years,-) "≥ 16 years"
        "#]],
    );
    check(
        "Ages 6 months to 17 years",
        expect![[r#"
            age [6 months,17 years] "Ages 6 months to 17 years"
        "#]],
    );
    check(
        "at least 18",
        expect![[r#"
            age [18 years,-) "at least 18"
        "#]],
    );
    check(
        "over 21",
        expect![[r#"
            age (21 years,-) "over 21"
        "#]],
    );
    check(
        "18 and over",
        expect![[r#"
            age [18 years,-) "18 and over"
        "#]],
    );
    check(
        "Men and women 18-89 years old",
        expect![[r#"
            age [18 years,89 years] "18-89 years old"
        "#]],
    );
    check(
        "Subjects ≥ 18 years",
        expect![[r#"
            age [18 years,-) "≥ 18 years"
        "#]],
    );
    check(
        "Male or female subjects aged =18 to =65 years",
        expect![[r#"
            age [18 years,65 years] "aged =18 to =65 years"
        "#]],
    );
    check(
        "Aged 18 or over (up to the age of 35 which is the limit)",
        expect![[r#"
            age [18 years,-) "Aged 18 or over"
            age (-,35 years] "up to the age of 35"
        "#]],
    );
    check(
        "age under 18y or over 85y",
        expect![[r#"
            age (-,18 years) "age under 18y"
            age (85 years,-) "over 85y"
        "#]],
    );
    check(
        "Hospitalised children aged 3-mo to 5-yrs",
        expect![[r#"
            age [3 months,5 years] "aged 3-mo to 5-yrs"
        "#]],
    );
    check(
        "Patients older than 18 years",
        expect![[r#"
            age (18 years,-) "older than 18 years"
        "#]],
    );
    check(
        "Age = 75 years",
        expect![[r#"
            age [75 years,75 years] "Age = 75 years"
            warning age_comparator_unclear
        "#]],
    );
    check(
        "Male or female, aged 18-65 years, inclusive",
        expect![[r#"
            age [18 years,65 years] "aged 18-65 years"
        "#]],
    );
    check(
        "Age18-65",
        expect![[r#"
            age [18 years,65 years] "Age18-65"
        "#]],
    );
}

#[test]
fn abbreviations_and_forms() {
    check(
        "18 yo or older",
        expect![[r#"
            age [18 years,-) "18 yo or older"
        "#]],
    );
    check(
        "patients 18 y/o and above",
        expect![[r#"
            age [18 years,-) "18 y/o and above"
        "#]],
    );
    check(
        "45 y.o. or older",
        expect![[r#"
            age [45 years,-) "45 y.o. or older"
        "#]],
    );
    check(
        "20-70 age",
        expect![[r#"
            age [20 years,70 years] "20-70 age"
        "#]],
    );
    check(
        "Age > or = to 65 years",
        expect![[r#"
            age [65 years,-) "Age > or = to 65 years"
        "#]],
    );
    check(
        "10- to 13-year-olds",
        expect![[r#"
            age [10 years,13 years] "10- to 13-year-olds"
        "#]],
    );
    check(
        "before the 12th birthday",
        expect![[r#"
            age (-,12 years) "before the 12th birthday"
        "#]],
    );
    check(
        "children after their 2nd birthday",
        expect![[r#"
            age [2 years,-) "after their 2nd birthday"
        "#]],
    );
    check(
        "<30 or >69 years old",
        expect![[r#"
            age (-,30 years) "<30"
            age (69 years,-) ">69 years old"
        "#]],
    );
    check(
        "under 18 or over 50 years of age",
        expect![[r#"
            age (-,18 years) "under 18"
            age (50 years,-) "over 50 years of age"
        "#]],
    );
    check(
        "Subjects = 19 or = 75 years of age",
        expect![[r#"
            age [19 years,19 years] "= 19"
            age [75 years,75 years] "= 75 years of age"
            warning age_comparator_unclear
            warning age_comparator_unclear
        "#]],
    );
    check(
        "between 18 and 65 years old",
        expect![[r#"
            age [18 years,65 years] "between 18 and 65 years old"
        "#]],
    );
    check(
        "A male or female between, and including, 18 and 50 years of age",
        expect![[r#"
            age [18 years,50 years] "between, and including, 18 and 50 years of age"
        "#]],
    );
    check(
        "Patients under 18",
        expect![[r#"
            age (-,18 years) "under 18"
        "#]],
    );
}

#[test]
fn not_ages() {
    check(
        "Gestational age ≥ 37 weeks",
        expect![[r#"
            time gestational_age >= 37 weeks [37,-) "Gestational age ≥ 37 weeks"
        "#]],
    );
    check("Diabetes for at least 10 years", expect![[""]]);
    check(
        "Life expectancy > 3 months",
        expect![[r#"
            time life_expectancy > 3 months (3,-) "Life expectancy > 3 months"
        "#]],
    );
    check("≥ 2 years since diagnosis", expect![[""]]);
    check(
        "Women of child-bearing potential must use contraception for 6 months after",
        expect![[""]],
    );
    check(
        "women of childbearing age within 7 days of dosing",
        expect![[""]],
    );
    check(
        "bone age of at least 12 years",
        expect![[r#"
            time ?"bone age" >= 12 years [12,-) "bone age of at least 12 years"
        "#]],
    );
}
