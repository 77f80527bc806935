//! Clinical scores and scales beyond performance status.

use crate::extract::check::check;
use expect_test::expect;

#[test]
fn scores_with_comparators() {
    check(
        "ASA physical status I-II",
        expect![[r#"
            score asa_class between 1 2 [1,2] "ASA physical status I-II"
        "#]],
    );
    check(
        "ASA class ≤ 3",
        expect![[r#"
            score asa_class <= 3 (-,3] "ASA class ≤ 3"
        "#]],
    );
    check(
        "American Society of Anesthesiologists physical-health status classification (ASA-PS)>3",
        expect![[r#"
            score asa_class > 3 (3,-) "American Society of Anesthesiologists physical-health status classification (ASA-PS)>3"
        "#]],
    );
    check(
        "Gleason score ≥ 7",
        expect![[r#"
            score gleason_score >= 7 [7,-) "Gleason score ≥ 7"
        "#]],
    );
    check(
        "Gleason score of 6 or less",
        expect![[r#"
            score gleason_score <= 6 (-,6] "Gleason score of 6 or less"
        "#]],
    );
    check(
        "Glasgow Coma Scale (GCS) 15/15",
        expect![[r#"
            score gcs = 15 /15 [15,15] "Glasgow Coma Scale (GCS) 15/15"
        "#]],
    );
    check(
        "GCS score < 8",
        expect![[r#"
            score gcs < 8 (-,8) "GCS score < 8"
        "#]],
    );
    check(
        "MMSE ≥ 24",
        expect![[r#"
            score mmse >= 24 [24,-) "MMSE ≥ 24"
        "#]],
    );
    check(
        "Mini-Mental State Examination score between 20 and 26",
        expect![[r#"
            score mmse between 20 26 [20,26] "Mini-Mental State Examination score between 20 and 26"
        "#]],
    );
    check(
        "MoCA score < 26",
        expect![[r#"
            score moca < 26 (-,26) "MoCA score < 26"
        "#]],
    );
    check(
        "CDR global score of 0.5 or 1",
        expect![[r#"
            score cdr = 0.5 [0.5,0.5] "CDR global score of 0.5"
            score cdr = 1 [1,1] "1"
        "#]],
    );
    check(
        "NYHA class III or IV heart failure",
        expect![[r#"
            score nyha_class between 3 4 [3,4] "NYHA class III or IV"
        "#]],
    );
    check(
        "New York Heart Association (NYHA) functional class ≥ II",
        expect![[r#"
            score nyha_class >= 2 [2,-) "New York Heart Association (NYHA) functional class ≥ II"
        "#]],
    );
    check(
        "Child-Pugh score ≤ 7",
        expect![[r#"
            score child_pugh_score <= 7 (-,7] "Child-Pugh score ≤ 7"
        "#]],
    );
    check("Child-Pugh class B or C", expect![[""]]);
    check(
        "CHA2DS2-VASc score ≥ 2",
        expect![[r#"
            score cha2ds2_vasc >= 2 [2,-) "CHA2DS2-VASc score ≥ 2"
        "#]],
    );
    check(
        "AUDIT score > 8",
        expect![[r#"
            score audit > 8 (8,-) "AUDIT score > 8"
        "#]],
    );
    check(
        "pain > 2/10 on the numeric rating scale",
        expect![[r#"
            score pain_score > 2 /10 (2,-) "pain > 2/10"
        "#]],
    );
    check(
        "average pain score ≥ 4 on a 0-10 scale",
        expect![[r#"
            score pain_score >= 4 [4,-) "average pain score ≥ 4"
        "#]],
    );
    check(
        "VAS pain ≥ 40 mm",
        expect![[r#"
            score pain_score >= 40 mm [40,-) "VAS pain ≥ 40 mm"
        "#]],
    );
    check(
        "Apgar score < 7 at 5 minutes",
        expect![[r#"
            score apgar < 7 (-,7) "Apgar score < 7"
        "#]],
    );
    check(
        "modified Rankin Scale score of 0 to 2",
        expect![[r#"
            score mrs between 0 2 [0,2] "modified Rankin Scale score of 0 to 2"
        "#]],
    );
    check(
        "EDSS score between 2.0 and 6.5",
        expect![[r#"
            score edss between 2 6.5 [2,6.5] "EDSS score between 2.0 and 6.5"
        "#]],
    );
    check(
        "HAM-D total score ≥ 18",
        expect![[r#"
            score hamd >= 18 [18,-) "HAM-D total score ≥ 18"
        "#]],
    );
    check(
        "PHQ-9 > 10",
        expect![[r#"
            score phq9 > 10 (10,-) "PHQ-9 > 10"
        "#]],
    );
}

#[test]
fn scales_without_limits() {
    check("pain rated on a scale of 0-10", expect![[""]]);
    check("Since ASA I have had no pain", expect![[""]]);
    check("assessed by the MMSE at screening", expect![[""]]);
}
