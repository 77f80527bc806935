//! Bad input: whatever the bytes, `parse_bytes` returns a record (never panics, never hangs),
//! every span it reports lies inside the input on character boundaries, and one bad file in a
//! batch does not change any other file's record.

use proptest::prelude::*;
use serde_json::Value;
use trialparse::batch::{self, Input, Options, PathInputs};
use trialparse::output::{jsonl, Sink};
use trialparse::warning::WarningCode;
use trialparse::{parse_bytes, Format, Record};

const FIND_PAGE: &str = "Imatinib for CML\n\nA Phase II Study of Imatinib\n\n\
PHASE2 · Example Hospital · NCT01234567\n\nQuick facts\n\nPhasePhase 2\nStudy typeInterventional\n\
Enrollment40 (estimated)\nAges18 Years and older\nSexAll\n\nEligibility criteria\n\n\
Inclusion Criteria:\n\n* Age \\>= 18 years\n* ECOG 0-2\n* Platelets \\>= 100,000/mm³\n\
  * ANC \\>= 1.5 x 10^9/L\n\nExclusion Criteria:\n\n* BCR-ABL T315I mutation\n* Pregnancy\n";

const STUDY_VIEW: &str =
    "Viewing Study NCT01234567\n\nStudy NCT ID: NCT01234567\nStatus: RECRUITING\n\n\
Brief Title: Imatinib for CML\n\nRaw JSON\n\n{'protocolSection': {'identificationModule': \
{'nctId': 'NCT01234567', 'briefTitle': 'Imatinib for CML'}, 'eligibilityModule': \
{'eligibilityCriteria': 'Inclusion Criteria:\\n\\n* Age >= 18\\n* Bilirubin <= 1.5 x ULN\\n\\n\
Exclusion Criteria:\\n\\n* HIV', 'minimumAge': '18 Years'}}}\n";

const REGISTRY: &str = r#"{"protocolSection": {"identificationModule": {"nctId": "NCT01234567", "briefTitle": "Imatinib for CML"}, "eligibilityModule": {"eligibilityCriteria": "Inclusion Criteria:\n\n* Age >= 18\n* Hemoglobin >= 9 g/dL\n\nExclusion Criteria:\n\n* Prior imatinib", "minimumAge": "18 Years", "sex": "ALL"}}}"#;

const HTML: &str = "<!DOCTYPE html><html><body><h1>Imatinib &amp; CML</h1><h2>Quick facts</h2>\
<dl><dt>Ages</dt><dd>18 Years and older</dd></dl><h2>Eligibility criteria</h2>\
<p>Inclusion Criteria:</p><ul><li>Age &gt;= 18</li><li>Creatinine &lt;= 1.5 mg/dL</li></ul></body></html>";

const FIXTURES: [&str; 4] = [FIND_PAGE, STUDY_VIEW, REGISTRY, HTML];

fn json(rec: &Record) -> Value {
    serde_json::to_value(rec).expect("records serialise")
}

/// Every `[start, end]` under a "span" key or inside "field_spans", anywhere in the record.
fn spans(v: &Value) -> Vec<(u64, u64)> {
    let pair = |v: &Value| match v.as_array().map(Vec::as_slice) {
        Some([Value::Number(a), Value::Number(b)]) => a.as_u64().zip(b.as_u64()),
        _ => None,
    };
    let mut out = Vec::new();
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    if k == "span" && !child.is_null() {
                        out.push(pair(child).unwrap_or_else(|| panic!("bad span {child}")));
                    } else if k == "field_spans" {
                        for s in child.as_object().expect("field_spans is a map").values() {
                            out.push(pair(s).unwrap_or_else(|| panic!("bad span {s}")));
                        }
                    } else {
                        stack.push(child);
                    }
                }
            }
            Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    out
}

/// The span invariant: inside the input, start <= end, and on char boundaries when the
/// input is UTF-8 (for invalid input, offsets are still byte offsets of the raw file).
fn check_spans(bytes: &[u8], rec: &Record) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).ok();
    for (s, e) in spans(&json(rec)) {
        let (s, e) = (s as usize, e as usize);
        if s > e || e > bytes.len() {
            return Err(format!(
                "span [{s}, {e}] outside input of {} bytes",
                bytes.len()
            ));
        }
        if let Some(t) = text {
            if !t.is_char_boundary(s) || !t.is_char_boundary(e) {
                return Err(format!("span [{s}, {e}] splits a character"));
            }
        }
    }
    Ok(())
}

fn parse_checked(bytes: &[u8]) -> Record {
    checked(bytes, parse_bytes("t", bytes, None))
}

fn parse_checked_as(bytes: &[u8], format: Format) -> Record {
    checked(bytes, parse_bytes("t", bytes, Some(format)))
}

fn checked(bytes: &[u8], rec: Record) -> Record {
    if let Err(e) = check_spans(bytes, &rec) {
        panic!("{e}");
    }
    rec
}

/// The input text a span covers.
fn at(page: &str, span: &Value) -> String {
    let (s, e) = (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
    page[s as usize..e as usize].to_owned()
}

/// Every criterion's text and span, depth first, inclusion then exclusion then other.
fn criteria(rec: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for section in ["inclusion", "exclusion", "other"] {
        let mut stack: Vec<&Value> = rec["eligibility"][section]
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .collect();
        while let Some(c) = stack.pop() {
            out.push((c["text"].as_str().unwrap().to_owned(), c["span"].clone()));
            stack.extend(c["children"].as_array().unwrap().iter().rev());
        }
    }
    out
}

fn codes(rec: &Record) -> Vec<WarningCode> {
    rec.warnings.iter().map(|w| w.code).collect()
}

#[test]
fn empty_and_blank_inputs_warn() {
    for input in [&b""[..], b"   \n\r\n\t"] {
        let rec = parse_checked(input);
        assert!(
            codes(&rec).contains(&WarningCode::EmptyInput),
            "{:?}",
            codes(&rec)
        );
        assert!(rec.error.is_none());
    }
}

#[test]
fn binary_input_is_decoded_lossily_and_warned() {
    let bytes: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let rec = parse_checked(&bytes);
    let c = codes(&rec);
    assert!(
        c.contains(&WarningCode::InvalidUtf8) && c.contains(&WarningCode::NulBytes),
        "{c:?}"
    );
    let w = rec
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::InvalidUtf8)
        .unwrap();
    assert_eq!(
        w.span.map(|s| s.start),
        Some(128),
        "first invalid byte is 0x80"
    );
}

#[test]
fn invalid_utf8_inside_a_page_keeps_spans_on_the_raw_bytes() {
    let mut bytes = FIND_PAGE.as_bytes().to_vec();
    let at = FIND_PAGE.find("Pregnancy").unwrap();
    bytes.splice(at..at, [0xFF, 0xFE]);
    let rec = parse_checked(&bytes);
    let w = rec
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::InvalidUtf8)
        .unwrap();
    assert_eq!(w.span.unwrap().start, at);
}

#[test]
fn bom_and_nul_are_normalised_with_warnings() {
    let page = FIND_PAGE.replace('\n', "\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(page.as_bytes());
    let rec = parse_checked(&bytes);
    assert!(codes(&rec).contains(&WarningCode::Bom));
    let nul = FIND_PAGE.replace("Pregnancy", "Preg\0nancy");
    assert!(codes(&parse_checked(nul.as_bytes())).contains(&WarningCode::NulBytes));
}

/// The record without its spans (the `span` keys and `field_spans`).
fn without_spans(mut v: Value) -> Value {
    let mut stack = vec![&mut v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                m.remove("span");
                m.remove("field_spans");
                stack.extend(m.values_mut());
            }
            Value::Array(a) => stack.extend(a.iter_mut()),
            _ => {}
        }
    }
    v
}

#[test]
fn line_ends_change_only_the_spans() {
    let lf = json(&parse_checked(FIND_PAGE.as_bytes()));
    // A lone CR is one byte for one: the record is identical, spans included.
    let cr_page = FIND_PAGE.replace('\n', "\r");
    let cr = json(&parse_checked(cr_page.as_bytes()));
    assert_eq!(cr, lf);
    let crlf_page = FIND_PAGE.replace('\n', "\r\n");
    let crlf = json(&parse_checked(crlf_page.as_bytes()));
    assert_eq!(without_spans(crlf.clone()), without_spans(lf.clone()));
    assert_ne!(crlf["eligibility"], lf["eligibility"], "CRLF spans shift");
    // Spans still point at the right bytes of each input.
    for (page, rec) in [(&cr_page, &cr), (&crlf_page, &crlf)] {
        assert_eq!(at(page, &rec["field_spans"]["nct_id"]), "NCT01234567");
        assert_eq!(
            at(page, &rec["field_spans"]["titles.display"]),
            "Imatinib for CML"
        );
        let found = criteria(rec);
        assert_eq!(found.len(), 6);
        for (text, span) in found {
            assert_eq!(at(page, &span).replace('\\', ""), text);
        }
    }
}

/// The page with `line` inserted as a line of its own after criteria line `after` (counted
/// from the "Inclusion Criteria:" line).
fn with_line_in_criteria(after: usize, line: &[u8]) -> Vec<u8> {
    let start = FIND_PAGE.find("Inclusion Criteria:").unwrap();
    let ends: Vec<usize> = FIND_PAGE[start..]
        .match_indices('\n')
        .map(|(i, _)| start + i + 1)
        .collect();
    let at = ends[after % ends.len()].min(FIND_PAGE.len());
    let mut page = FIND_PAGE.as_bytes()[..at].to_vec();
    page.extend_from_slice(line);
    page.push(b'\n');
    page.extend_from_slice(&FIND_PAGE.as_bytes()[at..]);
    page
}

/// Criteria texts, and the bytes each criterion's span covers, of a page.
fn criteria_bytes(page: &[u8]) -> Vec<(String, Vec<u8>)> {
    let rec = json(&parse_checked(page));
    criteria(&rec)
        .into_iter()
        .map(|(text, span)| {
            let (s, e) = (span[0].as_u64().unwrap(), span[1].as_u64().unwrap());
            (text, page[s as usize..e as usize].to_vec())
        })
        .collect()
}

/// A line of a byte run decoding changes (NUL, invalid bytes, CR line ends) is one map
/// segment however long; the criteria around it keep their text and exact spans.
fn check_run_keeps_spans_exact(after: usize, run: &[u8], len: usize) {
    static CLEAN: std::sync::OnceLock<Vec<(String, Vec<u8>)>> = std::sync::OnceLock::new();
    let clean = CLEAN.get_or_init(|| criteria_bytes(FIND_PAGE.as_bytes()));
    let line: Vec<u8> = run.iter().copied().cycle().take(len * run.len()).collect();
    let page = with_line_in_criteria(after, &line);
    assert_eq!(&criteria_bytes(&page), clean, "run of {run:?} x {len}");
}

#[test]
fn runs_of_replaced_bytes_keep_spans_exact() {
    for run in [&b"\0"[..], b"\xFF", b"\r", b"\r\n", b"\xE2\x89", b"\xC3"] {
        for after in 0..8 {
            check_run_keeps_spans_exact(after, run, 30_000);
        }
    }
}

#[test]
fn mixed_scripts_keep_spans_on_char_boundaries() {
    let page = FIND_PAGE.replace("Pregnancy", "妊娠中 Беременность حامل 🤰 Schwangerschaft");
    parse_checked(page.as_bytes());
}

/// No time limit here: the parsers use explicit stacks, and a hang shows as the test harness
/// timing out. What is asserted is the outcome.
#[test]
fn deeply_nested_literals_warn_and_keep_what_came_before() {
    let deep_arrays = "[".repeat(100_000);
    let deep_objects = "{\"a\":".repeat(100_000);
    for deep in [&deep_arrays, &deep_objects] {
        // Inside a page's literal, after the fields and criteria.
        let view = STUDY_VIEW.replace(
            "'minimumAge': '18 Years'",
            &format!("'minimumAge': '18 Years', 'x': {deep}"),
        );
        let registry = REGISTRY.replace("\"ALL\"", &format!("\"ALL\", \"x\": {deep}"));
        for (page, format, first) in [
            (view, "study_view", "Age >= 18"),
            (registry, "registry_json", "Age >= 18"),
        ] {
            let rec = parse_checked(page.as_bytes());
            assert_eq!(rec.format.name(), format);
            assert!(rec.error.is_none());
            assert_eq!(rec.nct_id.as_deref(), Some("NCT01234567"), "{format}");
            assert_eq!(rec.titles.brief.as_deref(), Some("Imatinib for CML"));
            let v = json(&rec);
            let texts: Vec<String> = criteria(&v).into_iter().map(|(t, _)| t).collect();
            assert_eq!(texts.len(), 3, "{format}: {texts:?}");
            assert_eq!(texts[0], first);
            assert_eq!(v["quick_facts"]["ages"]["min"]["years"], 18, "{format}");
            let deep_at = page.find("\"x\"").or_else(|| page.find("'x'")).unwrap();
            let w = rec
                .warnings
                .iter()
                .find(|w| w.code == WarningCode::LiteralError)
                .unwrap_or_else(|| panic!("{format}: {:?}", codes(&rec)));
            let span = w.span.unwrap();
            assert!(span.start > deep_at, "{format}: {span:?}");
        }
        // A bare deep literal read as a registry record: cut off, warned, nothing extracted.
        let rec = parse_checked_as(deep.as_bytes(), Format::RegistryJson);
        let w = rec
            .warnings
            .iter()
            .find(|w| w.code == WarningCode::LiteralError)
            .unwrap_or_else(|| panic!("{:?}", codes(&rec)));
        assert!(
            w.message.contains("input ends inside the literal"),
            "{}",
            w.message
        );
        assert_eq!(w.span.map(|s| s.start), Some(deep.len()));
        assert!(codes(&rec).contains(&WarningCode::NotARegistryRecord));
        assert_eq!(rec.nct_id, None);
        assert!(criteria(&json(&rec)).is_empty());
        // Detected, it matches no layout.
        let rec = parse_checked(deep.as_bytes());
        assert_eq!(rec.format, Format::Unknown);
        assert_eq!(codes(&rec), [WarningCode::UnknownLayout]);
    }
}

const BIG_LINE: &[u8] =
    b"* Platelets \\>= 100,000/mm\xC2\xB3 and bilirubin \\<= 1.5 x ULN within 14 days\n";

/// FIND_PAGE followed by copies of [`BIG_LINE`] (exclusion criteria) up to `target` bytes;
/// returns the page and the number of copies.
fn big_page(target: usize) -> (Vec<u8>, usize) {
    let mut page = FIND_PAGE.as_bytes().to_vec();
    let mut n = 0;
    while page.len() < target {
        page.extend_from_slice(BIG_LINE);
        n += 1;
    }
    (page, n)
}

/// Every copy of the line is one exclusion criterion with two thresholds, the last one
/// included, with spans on the right bytes.
fn check_big_page(target: usize) {
    let (page, n) = big_page(target);
    let rec = parse_checked(&page);
    assert!(rec.error.is_none());
    assert_eq!(rec.nct_id.as_deref(), Some("NCT01234567"));
    assert_eq!(rec.eligibility.inclusion.len(), 4);
    assert_eq!(rec.eligibility.exclusion.len(), 2 + n);
    assert_eq!(rec.lab_thresholds.len(), 2 + 2 * n);
    let last = rec.eligibility.exclusion.last().unwrap();
    assert_eq!(
        last.text.as_str(),
        "Platelets >= 100,000/mm³ and bilirubin <= 1.5 x ULN within 14 days"
    );
    assert_eq!(last.span.end, page.len() - 1);
    let bilirubin = rec.lab_thresholds.last().unwrap();
    assert_eq!(bilirubin.analyte, Some("total_bilirubin"));
    assert_eq!(
        &page[bilirubin.span.start..bilirubin.span.end],
        b"bilirubin \\<= 1.5 x ULN"
    );
    let platelets = &rec.lab_thresholds[rec.lab_thresholds.len() - 2];
    assert_eq!(platelets.analyte, Some("platelet_count"));
}

/// 20 MB in the normal suite; see `two_hundred_megabyte_page` for the full-size case.
#[test]
fn twenty_megabyte_page() {
    check_big_page(20 << 20);
}

/// The 200 MB case from the robustness requirements: too slow for every CI run with the full
/// parsers in a debug build (and 200 MB of memory per copy), so ignored by
/// default. Run with `cargo test --release --test robustness -- --ignored`.
#[test]
#[ignore]
fn two_hundred_megabyte_page() {
    check_big_page(200 << 20);
}

/// Runs `inputs` through the batch engine, returning each record as JSON.
fn run_batch(inputs: Vec<Input>) -> Vec<Value> {
    struct Collect(Vec<Value>);
    impl Sink for Collect {
        type Encoded = Vec<u8>;
        fn encode(&self, r: Record) -> Vec<u8> {
            jsonl::encode(&r)
        }
        fn write(&mut self, e: Vec<u8>) -> Result<(), batch::BatchError> {
            self.0.push(serde_json::from_slice(&e).unwrap());
            Ok(())
        }
        fn finish(self) -> Result<(), batch::BatchError> {
            Ok(())
        }
    }
    let mut sink = Collect(Vec::new());
    let options = Options {
        window: 3,
        jobs: 2,
        ..Options::default()
    };
    batch::run(inputs.into_iter(), &mut sink, &options, &batch::NoProgress).unwrap();
    sink.0
}

#[test]
fn a_bad_file_does_not_change_its_neighbours() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut files: Vec<(&str, Vec<u8>)> = vec![
        ("a_find.txt", FIND_PAGE.into()),
        ("b_binary.bin", (0..=255u8).collect()),
        ("c_view.txt", STUDY_VIEW.into()),
        ("d_empty.txt", Vec::new()),
        (
            "e_deep.json",
            format!("{{\"a\": {}", "[".repeat(100_000)).into_bytes(),
        ),
        ("f_registry.json", REGISTRY.into()),
        (
            "g_nul.txt",
            b"Quick facts\0\0\r\rInclusion Criteria:\r\n* x".to_vec(),
        ),
        ("h_page.html", HTML.into()),
    ];
    for (name, bytes) in &files {
        std::fs::write(d.join(name), bytes).unwrap();
    }
    std::os::unix::fs::symlink(d.join("missing"), d.join("c_dangling")).unwrap();
    files.push(("c_dangling", Vec::new()));
    files.sort();
    let root = d.to_string_lossy().into_owned();
    let together = run_batch(PathInputs::new(vec![root.into()]).collect());
    assert_eq!(together.len(), files.len());
    for (rec, (name, _)) in together.iter().zip(&files) {
        let path = d.join(name).to_string_lossy().into_owned();
        assert_eq!(rec["path"], path.as_str());
        let alone = run_batch(PathInputs::new(vec![path.clone().into()]).collect());
        assert_eq!(
            alone.as_slice(),
            std::slice::from_ref(rec),
            "{name} differs when run alone"
        );
        if *name == "c_dangling" {
            let err = rec["error"].as_str().unwrap();
            assert!(err.starts_with(&format!("{path}: cannot read:")), "{err}");
        } else {
            assert!(rec["error"].is_null(), "{name}: {}", rec["error"]);
        }
    }
}

#[test]
fn inputs_past_the_caps_get_an_error_record_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bullets = format!("Inclusion Criteria:\n{}", "* a\n".repeat(700_000));
    let files: [(&str, Vec<u8>, &str); 4] = [
        ("a_page.txt", FIND_PAGE.into(), ""),
        ("b_bullets.txt", bullets.into_bytes(), "lines"),
        (
            "c_binary.bin",
            b"a\xFF".repeat(1_100_000),
            "decoding changes more than",
        ),
        ("d_page.txt", FIND_PAGE.into(), ""),
    ];
    for (name, bytes, _) in &files {
        std::fs::write(d.join(name), bytes).unwrap();
    }
    let recs = run_batch(PathInputs::new(vec![d.as_os_str().to_owned()]).collect());
    assert_eq!(recs.len(), 4);
    for (rec, (name, _, error)) in recs.iter().zip(&files) {
        if error.is_empty() {
            assert!(rec["error"].is_null(), "{name}");
            assert_eq!(rec["nct_id"], "NCT01234567");
            continue;
        }
        let path = d.join(name).to_string_lossy().into_owned();
        let got = rec["error"].as_str().unwrap();
        assert!(
            got.starts_with(&format!("{path}: too large to parse: ")) && got.contains(error),
            "{got}"
        );
        assert_eq!(rec["eligibility"]["other"], serde_json::json!([]));
    }
}

/// Mutations of a fixture page: truncate, cut a range, insert bytes, duplicate a range.
#[derive(Clone, Debug)]
enum Mutation {
    Truncate(usize),
    Cut(usize, usize),
    Insert(usize, Vec<u8>),
    Duplicate(usize, usize),
}

fn mutate(page: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut b = page.to_vec();
    for m in mutations {
        let n = b.len().max(1);
        match m {
            Mutation::Truncate(at) => b.truncate(at % n),
            Mutation::Cut(at, len) => {
                let s = at % n;
                let e = (s + len).min(b.len());
                if s < e {
                    b.drain(s..e);
                }
            }
            Mutation::Insert(at, bytes) => {
                let s = (at % n).min(b.len());
                b.splice(s..s, bytes.iter().copied());
            }
            Mutation::Duplicate(at, len) => {
                let s = (at % n).min(b.len());
                let e = (s + len).min(b.len());
                let copy = b[s..e].to_vec();
                b.splice(e..e, copy);
            }
        }
    }
    b
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..8),
        Just(b"[[[[[[".to_vec()),
        Just(b"\\".to_vec()),
        Just(b"\r".to_vec()),
        Just("≥".as_bytes().to_vec()),
        Just(b"\xE2\x89".to_vec()),
        Just(b"'".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"<li>".to_vec()),
        Just(b"&#x".to_vec()),
        Just(b"\n* ".to_vec()),
        Just(b"\nExclusion Criteria:\n".to_vec()),
    ];
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 0..64usize).prop_map(|(a, l)| Mutation::Cut(a, l)),
        (any::<usize>(), interesting).prop_map(|(a, b)| Mutation::Insert(a, b)),
        (any::<usize>(), 0..64usize).prop_map(|(a, l)| Mutation::Duplicate(a, l)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic_and_spans_stay_inside(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048)
    ) {
        let rec = parse_bytes("p", &bytes, None);
        prop_assert!(check_spans(&bytes, &rec).is_ok(), "{:?}", check_spans(&bytes, &rec));
    }

    #[test]
    fn mutated_pages_never_panic_and_spans_stay_inside(
        fixture in 0..FIXTURES.len(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let bytes = mutate(FIXTURES[fixture].as_bytes(), &mutations);
        let rec = parse_bytes("p", &bytes, None);
        prop_assert!(check_spans(&bytes, &rec).is_ok(), "{:?}", check_spans(&bytes, &rec));
    }

    #[test]
    fn runs_of_replaced_bytes_anywhere_in_the_criteria_keep_spans_exact(
        after in 0..16usize,
        run in prop_oneof![
            Just(b"\0".to_vec()),
            Just(b"\xFF".to_vec()),
            Just(b"\r".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\xF0\x9F".to_vec()),
            Just(b" \0\xFE".to_vec()),
        ],
        len in 1..5_000usize,
    ) {
        check_run_keeps_spans_exact(after, &run, len);
    }

    #[test]
    fn forced_layouts_never_panic(
        fixture in 0..FIXTURES.len(),
        format in 0..trialparse::Format::ALL.len(),
        mutations in proptest::collection::vec(mutation(), 0..4),
    ) {
        let bytes = mutate(FIXTURES[fixture].as_bytes(), &mutations);
        let rec = parse_bytes("p", &bytes, Some(trialparse::Format::ALL[format].0));
        prop_assert!(check_spans(&bytes, &rec).is_ok(), "{:?}", check_spans(&bytes, &rec));
    }
}
