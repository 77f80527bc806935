//! Protein variants and their genes.

use crate::extract::check::check;
use expect_test::expect;

#[test]
fn lists_forms_and_genes() {
    check(
        "TKI-resistant mutations such as T315I/A, V299L, F317L/V/I/C, G250E, Y253H, E255K/V, F359V/C/I",
        expect![[r#"
            mutation ABL1 T315I p.Thr315Ile, T315A p.Thr315Ala, V299L p.Val299Leu, F317L p.Phe317Leu, F317V p.Phe317Val, F317I p.Phe317Ile, F317C p.Phe317Cys, G250E p.Gly250Glu, Y253H p.Tyr253His, E255K p.Glu255Lys, E255V p.Glu255Val, F359V p.Phe359Val, F359C p.Phe359Cys, F359I p.Phe359Ile "T315I/A, V299L, F317L/V/I/C, G250E, Y253H, E255K/V, F359V/C/I"
        "#]],
    );
    check(
        "BRAF p.V600E mutation",
        expect![[r#"
            mutation BRAF V600E p.Val600Glu "p.V600E"
        "#]],
    );
    check(
        "EGFR Thr790Met",
        expect![[r#"
            mutation EGFR T790M p.Thr790Met "Thr790Met"
        "#]],
    );
    check(
        "known BCR-ABL T315I mutation",
        expect![[r#"
            mutation ABL1 T315I p.Thr315Ile "T315I"
        "#]],
    );
    check(
        "activating mutation (L858R) of unknown gene",
        expect![[r#"
            mutation - L858R p.Leu858Arg "L858R"
        "#]],
    );
    check(
        "ABL1 p.T315I or Thr315Ile",
        expect![[r#"
            mutation ABL1 T315I p.Thr315Ile "p.T315I or Thr315Ile"
        "#]],
    );
    check(
        "T315I (p.Thr315Ile) in BCR-ABL1",
        expect![[r#"
            mutation ABL1 T315I p.Thr315Ile "T315I (p.Thr315Ile"
        "#]],
    );
}

#[test]
fn not_protein_variants() {
    check("homozygous C677T in MTHFR", expect![[""]]);
    check(
        "HbA1C below 7%, eGFR > 60",
        expect![[r#"
            lab hba1c < 7 % (-,7) = 7 % "HbA1C below 7%"
            lab gfr > 60 (60,-) "eGFR > 60"
        "#]],
    );
    check("stage T2N0M0 disease, H1N1 vaccine", expect![[""]]);
    check("Patients with score S100 in room A12B", expect![[""]]);
}
