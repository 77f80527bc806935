//! The three original pages, end to end: the values a person reads on them, asserted field by
//! field (the snapshots hold the whole records; these say which parts matter and why).

use serde_json::{json, Value};
use std::path::Path;
use trialparse::parse_bytes;

fn record(name: &str) -> (Vec<u8>, Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name);
    let bytes = std::fs::read(&path).expect("seed fixture");
    let rec = parse_bytes(name, &bytes, None);
    (bytes, serde_json::to_value(rec).expect("record serialises"))
}

/// The input bytes under a span.
fn under(bytes: &[u8], span: &Value) -> String {
    let a = span[0].as_u64().expect("span start") as usize;
    let b = span[1].as_u64().expect("span end") as usize;
    String::from_utf8_lossy(&bytes[a..b]).into_owned()
}

fn find<'a>(items: &'a Value, key: &str, want: &str) -> &'a Value {
    items
        .as_array()
        .expect("a list")
        .iter()
        .find(|i| i[key] == want)
        .unwrap_or_else(|| panic!("no item with {key} = {want} in {items}"))
}

#[test]
fn seed_004_patient_page() {
    let (bytes, r) = record("004_d666156634f9ad67.txt");
    assert_eq!(r["format"], "find_a_trial");
    assert_eq!(r["nct_id"], "NCT06307600");
    assert_eq!(
        r["status"],
        Value::Null,
        "the patient page does not state a status"
    );
    assert_eq!(
        r["titles"]["official"],
        "The Safety and Efficacy of RD06-03 CART Cell Injection in Patients With Relapsed or Refractory B-lymphoblastic Leukemia"
    );
    let qf = &r["quick_facts"];
    assert_eq!(qf["phases"], json!(["EARLY_PHASE1"]));
    assert_eq!(qf["study_type"], "INTERVENTIONAL");
    assert_eq!(qf["enrollment"], json!({"count": 9, "type": "ESTIMATED"}));
    assert_eq!(
        qf["ages"]["min"],
        json!({"value": 3, "unit": "years", "years": 3})
    );
    assert_eq!(
        qf["ages"]["max"],
        json!({"value": 70, "unit": "years", "years": 70})
    );
    assert_eq!(qf["sex"], "ALL");
    assert_eq!(
        qf["sponsor"],
        json!({"name": "Anhui Provincial Hospital", "class": "OTHER_GOV"})
    );
    assert_eq!(qf["interventions"], json!(["CAR-T", "chemotherapy"]));
    assert_eq!(qf["locations"]["count"], 2);
    assert_eq!(qf["locations"]["more"], 1);
    assert_eq!(
        r["conditions"],
        json!(["B Lymphoblastic Leukemia/Lymphoma"])
    );
    assert_eq!(r["last_reviewed"], "2026-05-15");
    assert_eq!(under(&bytes, &r["field_spans"]["nct_id"]), "NCT06307600");

    let el = &r["eligibility"];
    assert_eq!(el["inclusion"].as_array().map(Vec::len), Some(7));
    assert!(el["exclusion"].as_array().map(Vec::len) >= Some(9));
    // "Relapsed B-ALL: ① …; or ② …" becomes a sub-heading with one child per circled item.
    let relapsed = &el["inclusion"][1]["children"][0];
    assert_eq!(relapsed["text"], "Relapsed B-ALL:");
    assert_eq!(relapsed["children"].as_array().map(Vec::len), Some(3));

    let age = &r["ages"][0];
    assert_eq!(age["min"]["value"], 3);
    assert_eq!(age["min"]["inclusive"], true);
    assert_eq!(age["max"]["value"], 70);
    assert_eq!(age["section"], "inclusion");

    let labs = &r["lab_thresholds"];
    for (analyte, cmp, value) in [
        ("total_bilirubin", "<", 2.0),
        ("alt", "<", 3.0),
        ("ast", "<", 3.0),
        ("creatinine", "<", 1.5),
        ("inr", "<=", 1.5),
        ("prothrombin_time", "<=", 1.5),
    ] {
        let t = find(labs, "analyte", analyte);
        assert_eq!(t["comparator"], cmp, "{analyte}");
        assert_eq!(t["value"].as_f64(), Some(value), "{analyte}");
        assert_eq!(t["unit"], "ULN", "{analyte}");
        assert_eq!(t["uln_multiple"], true, "{analyte}");
    }
    let lvef = find(labs, "analyte", "lvef");
    assert_eq!(
        (&lvef["comparator"], &lvef["value"], &lvef["unit"]),
        (&json!(">="), &json!(50), &json!("%"))
    );
    assert_eq!(find(labs, "analyte", "spo2")["value"], 92);
    assert_eq!(find(labs, "analyte", "bone_marrow_blasts")["value"], 5);

    let ecog = find(&r["performance_status"], "scale", "ECOG");
    assert_eq!((&ecog["min"], &ecog["max"]), (&json!(0), &json!(2)));

    let m = &r["mutations"][0];
    assert_eq!(m["gene"], "ABL1");
    let names: Vec<&str> = m["variants"]
        .as_array()
        .expect("variants")
        .iter()
        .map(|v| v["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        [
            "T315I", "T315A", "V299L", "F317L", "F317V", "F317I", "F317C", "G250E", "Y253H",
            "E255K", "E255V", "F359V", "F359C", "F359I"
        ]
    );
    assert_eq!(m["variants"][0]["hgvs"], "p.Thr315Ile");
    assert!(under(&bytes, &m["span"]).starts_with("T315I/A"));
}

#[test]
fn seed_001_patient_page() {
    let (bytes, r) = record("001_e528972679042d84.txt");
    assert_eq!(r["nct_id"], "NCT06709469");
    let qf = &r["quick_facts"];
    assert_eq!(qf["ages"]["min"], Value::Null, "N/A is no bound");
    assert_eq!(qf["ages"]["max"]["value"], 30);
    assert_eq!(qf["sponsor"]["class"], "OTHER");
    assert_eq!(
        qf["locations"]["listed"],
        json!([{"city": "Madrid", "region": "Madrid"}])
    );

    let ps = &r["performance_status"];
    let lansky = find(ps, "scale", "LANSKY");
    assert_eq!(lansky["min"], 50);
    assert_eq!(lansky["condition"]["max"]["value"], 16);
    assert_eq!(lansky["condition"]["max"]["inclusive"], false);
    let karnofsky = find(ps, "scale", "KARNOFSKY");
    assert_eq!(karnofsky["min"], 50);
    assert_eq!(karnofsky["condition"]["min"]["value"], 16);
    assert_eq!(karnofsky["condition"]["min"]["inclusive"], true);

    let labs = &r["lab_thresholds"];
    let anc = find(labs, "analyte", "absolute_neutrophil_count");
    assert_eq!(
        (&anc["comparator"], &anc["value"], &anc["unit"]),
        (&json!(">="), &json!(500), &json!("/uL"))
    );
    assert_eq!(find(labs, "analyte", "platelet_count")["value"], 50000);
    assert_eq!(
        find(labs, "analyte", "absolute_lymphocyte_count")["value"],
        100
    );
    for (analyte, value) in [("lvsf", 30), ("lvef", 40)] {
        let t = find(labs, "analyte", analyte);
        assert_eq!(
            (&t["comparator"], &t["value"], &t["section"]),
            (&json!("<"), &json!(value), &json!("exclusion"))
        );
    }
    assert_eq!(find(labs, "analyte", "gfr")["unit"], "mL/min");
    let bili = find(labs, "analyte", "total_bilirubin");
    assert_eq!(
        (&bili["comparator"], &bili["value"], &bili["uln_multiple"]),
        (&json!(">"), &json!(3), &json!(true))
    );
    let life = find(labs, "analyte", "life_expectancy");
    assert_eq!(
        (&life["comparator"], &life["value"], &life["unit"]),
        (&json!(">"), &json!(12), &json!("weeks"))
    );
    // The escaped `\<` of the page is inside the span; the text has it undone.
    let lvsf = find(labs, "analyte", "lvsf");
    assert_eq!(lvsf["text"], "LVSF<30%");
    assert_eq!(under(&bytes, &lvsf["span"]), "LVSF\\<30%");
}

#[test]
fn seed_000_study_view_matches_its_patient_page() {
    let (bytes, view) = record("000_12ad7b77f5f507e9.txt");
    let (_, page) = record("001_e528972679042d84.txt");
    assert_eq!(view["format"], "study_view");
    assert_eq!(view["nct_id"], "NCT06709469");
    assert_eq!(view["status"], "RECRUITING");
    assert_eq!(view["titles"]["acronym"], "REALL_CART");
    assert_eq!(
        view["conditions"],
        json!(["Precursor Cell Lymphoblastic Leukemia-Lymphoma"])
    );
    for field in [
        "phases",
        "study_type",
        "enrollment",
        "ages",
        "sex",
        "sponsor",
    ] {
        assert_eq!(
            view["quick_facts"][field], page["quick_facts"][field],
            "{field}"
        );
    }
    // Same criteria, same extractions; only the spans differ (they point into the literal).
    let strip = |items: &Value| -> Vec<Value> {
        items
            .as_array()
            .expect("a list")
            .iter()
            .map(|i| {
                let mut i = i.clone();
                i.as_object_mut().expect("an object").remove("span");
                i
            })
            .collect()
    };
    for key in ["ages", "lab_thresholds", "performance_status"] {
        assert_eq!(strip(&view[key]), strip(&page[key]), "{key}");
    }
    // Inside the literal, the span covers the escaped source: `\\<` is two backslashes there.
    let lvsf = find(&view["lab_thresholds"], "analyte", "lvsf");
    assert_eq!(under(&bytes, &lvsf["span"]), "LVSF\\\\<30%");
}
