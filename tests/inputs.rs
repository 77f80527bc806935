//! Files as data teams hold them, end to end through the binary: registry containers and
//! archives, broken and hostile archives, special files, odd file names, filters and the
//! exit status that tells a pipeline something fell back to `unknown`.

use serde_json::Value;
use std::io::{Cursor, Write};
use std::process::Command;
use zip::write::SimpleFileOptions;

mod common;
use common::{bin, records, run, run_with_stdin, s};

fn field<'a>(recs: &'a [Value], key: &str) -> Vec<&'a str> {
    recs.iter()
        .map(|r| r[key].as_str().unwrap_or("-"))
        .collect()
}

/// A small registry study as API v2 JSON.
fn study(id: &str) -> String {
    format!(
        r#"{{"protocolSection": {{"identificationModule": {{"nctId": "{id}", "briefTitle": "Study {id}"}}, "statusModule": {{"overallStatus": "RECRUITING"}}, "designModule": {{"studyType": "INTERVENTIONAL"}}, "eligibilityModule": {{"eligibilityCriteria": "Inclusion Criteria:\n\n* Age >= 18 years\n\nExclusion Criteria:\n\n* Pregnancy"}}}}}}"#
    )
}

/// A small legacy XML record.
fn xml(id: &str) -> String {
    format!(
        "<clinical_study>\n  <id_info>\n    <nct_id>{id}</nct_id>\n  </id_info>\n  <brief_title>X {id}</brief_title>\n  \
         <overall_status>Completed</overall_status>\n  <study_type>Interventional</study_type>\n  <eligibility>\n    <criteria>\n      \
         <textblock>\n        Inclusion Criteria:&#xD;\n&#xD;\n          -  Age &gt;= 18 years&#xD;\n      </textblock>\n    </criteria>\n  \
         </eligibility>\n</clinical_study>\n"
    )
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut g = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    g.write_all(data).unwrap();
    g.finish().unwrap()
}

#[test]
fn every_study_of_every_container_is_a_record_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (a, b, c) = (
        study("NCT00000001"),
        study("NCT00000002"),
        study("NCT00000003"),
    );
    std::fs::write(
        d.join("1-page.json"),
        format!("{{\"studies\": [{a}, {b}], \"nextPageToken\": \"x\"}}"),
    )
    .unwrap();
    std::fs::write(d.join("2-array.json"), format!("[\n  {a},\n  {c}\n]\n")).unwrap();
    std::fs::write(d.join("3-lines.jsonl"), format!("{b}\n{c}\n")).unwrap();
    let z = zip_of(&[
        ("NCT0000xxxx/NCT00000004.xml", xml("NCT00000004").as_bytes()),
        ("b.json", a.as_bytes()),
    ]);
    std::fs::write(d.join("4-AllPublicXML.zip"), z).unwrap();
    std::fs::write(d.join("5-one.json.gz"), gzip(c.as_bytes())).unwrap();
    let out = run(&["extract", &s(d)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out.stdout);
    let rel: Vec<String> = field(&recs, "path")
        .iter()
        .map(|p| p.strip_prefix(&format!("{}/", s(d))).unwrap().to_owned())
        .collect();
    assert_eq!(
        rel,
        [
            "1-page.json#/studies/0",
            "1-page.json#/studies/1",
            "2-array.json#/0",
            "2-array.json#/1",
            "3-lines.jsonl#L1",
            "3-lines.jsonl#L2",
            "4-AllPublicXML.zip!NCT0000xxxx/NCT00000004.xml",
            "4-AllPublicXML.zip!b.json",
            "5-one.json.gz",
        ]
    );
    assert_eq!(
        field(&recs, "nct_id"),
        [
            "NCT00000001",
            "NCT00000002",
            "NCT00000001",
            "NCT00000003",
            "NCT00000002",
            "NCT00000003",
            "NCT00000004",
            "NCT00000001",
            "NCT00000003"
        ]
    );
    // Each study's criteria come out, wherever it was.
    for r in &recs {
        assert_eq!(
            r["eligibility"]["inclusion"][0]["text"], "Age >= 18 years",
            "{}",
            r["path"]
        );
    }
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("trialparse: 9 records (8 registry_json, 1 registry_xml), 0 errors,"),
        "{err}"
    );
}

#[test]
fn spans_of_a_contained_study_point_into_the_container() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!("[{}, {}]", study("NCT00000001"), study("NCT00000002"));
    let f = dir.path().join("a.json");
    std::fs::write(&f, &body).unwrap();
    let out = run(&["extract", &s(&f)]);
    for r in records(&out.stdout) {
        let span = &r["field_spans"]["nct_id"];
        let (a, b) = (
            span[0].as_u64().unwrap() as usize,
            span[1].as_u64().unwrap() as usize,
        );
        assert_eq!(&body[a..b], r["nct_id"].as_str().unwrap());
        let c = &r["eligibility"]["exclusion"][0];
        let (a, b) = (
            c["span"][0].as_u64().unwrap() as usize,
            c["span"][1].as_u64().unwrap() as usize,
        );
        assert_eq!(&body[a..b], "Pregnancy");
    }
}

#[test]
fn a_page_with_one_broken_study_still_gives_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let broken = study("NCT00000002").replacen("\"statusModule\"", "\"statusModule\" \"oops\"", 1);
    let body = format!(
        "{{\"studies\": [{}, {broken}, 7, {}]}}",
        study("NCT00000001"),
        study("NCT00000003")
    );
    let f = dir.path().join("page.json");
    std::fs::write(&f, body).unwrap();
    let out = run(&["extract", &s(&f)]);
    assert_eq!(out.status.code(), Some(0));
    let recs = records(&out.stdout);
    assert_eq!(
        field(&recs, "nct_id"),
        ["NCT00000001", "NCT00000002", "-", "NCT00000003"]
    );
    let codes = |r: &Value| -> Vec<String> {
        r["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        codes(&recs[1]).contains(&"literal_error".to_owned()),
        "{:?}",
        codes(&recs[1])
    );
    assert_eq!(codes(&recs[2]), ["unknown_container"]);
    assert!(recs[2]["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("element 2"));
    assert_eq!(recs[3]["eligibility"]["exclusion"][0]["text"], "Pregnancy");
}

#[test]
fn a_container_not_understood_says_what_it_holds_and_fails_on_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("records.json");
    std::fs::write(
        &f,
        r#"[{"path": "a", "nct_id": null}, {"path": "b"}, {"path": "c"}]"#,
    )
    .unwrap();
    let out = run(&["extract", &s(&f)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning alone does not fail the run"
    );
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["format"], "unknown");
    let w = &recs[0]["warnings"][0];
    assert_eq!(w["code"], "unknown_container");
    assert_eq!(
        w["message"],
        "a JSON array of 3 objects without protocolSection (keys path, nct_id); no registry studies in it"
    );
    let out = run(&["extract", "--fail-on", "unknown", &s(&f)]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--fail-on") && err.contains("1 record(s)"),
        "{err}"
    );
}

#[test]
fn a_zip_bomb_is_a_member_error_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let zeros = vec![0u8; 2 << 20];
    let mut z = zip_of(&[
        ("bomb.txt", &zeros),
        ("ok.xml", xml("NCT00000001").as_bytes()),
    ]);
    // Make the first member claim to inflate to 100 bytes: in the central directory and in
    // its local header.
    let cd = z.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    z[cd + 24..cd + 28].copy_from_slice(&100u32.to_le_bytes());
    z[22..26].copy_from_slice(&100u32.to_le_bytes());
    let bomb = dir.path().join("bomb.zip");
    std::fs::write(&bomb, &z).unwrap();
    let big = dir.path().join("big.zip");
    std::fs::write(&big, zip_of(&[("zeros.txt", &zeros)])).unwrap();
    let out = run(&["extract", "--max-file-size", "1M", &s(&bomb), &s(&big)]);
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 3);
    let err0 = recs[0]["error"].as_str().unwrap();
    assert!(
        err0.contains("bomb.zip!bomb.txt") && err0.contains("past its declared size"),
        "{err0}"
    );
    assert_eq!(recs[1]["nct_id"], "NCT00000001");
    let err2 = recs[2]["error"].as_str().unwrap();
    assert!(
        err2.contains("more than --max-file-size (1048576 bytes)"),
        "{err2}"
    );
}

#[test]
fn truncated_archives_and_corrupt_gzip_are_errors_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let z = zip_of(&[("a.xml", xml("NCT00000001").as_bytes())]);
    std::fs::write(d.join("a-cut.zip"), &z[..z.len() - 30]).unwrap();
    let mut gz = gzip(study("NCT00000002").as_bytes());
    let mid = gz.len() / 2;
    gz[mid] ^= 0xFF;
    gz[mid + 1] ^= 0xFF;
    std::fs::write(d.join("b-corrupt.json.gz"), gz).unwrap();
    // JSON Lines cut inside the gzip stream: the lines before the cut still come out.
    let lines: String = (1..=50)
        .map(|i| study(&format!("NCT{i:08}")) + "\n")
        .collect();
    let gz = gzip(lines.as_bytes());
    std::fs::write(d.join("c-cut.jsonl.gz"), &gz[..gz.len() / 2]).unwrap();
    std::fs::write(
        d.join("d-page.txt"),
        "Quick facts\n\nInclusion Criteria:\n\n* Adults\n",
    )
    .unwrap();
    let out = run(&["extract", &s(d)]);
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    // The cut zip: its member is found by its local header, then the cut is reported.
    assert_eq!(recs[0]["nct_id"], "NCT00000001", "{}", recs[0]);
    let cut = recs[1]["error"].as_str().unwrap();
    assert!(
        cut.contains("a-cut.zip: not a complete zip archive") && cut.contains("1 member(s) read"),
        "{cut}"
    );
    assert!(
        recs[2]["error"]
            .as_str()
            .unwrap()
            .contains("b-corrupt.json.gz"),
        "{}",
        recs[2]
    );
    let cut: Vec<&Value> = recs
        .iter()
        .filter(|r| r["path"].as_str().unwrap().contains("c-cut"))
        .collect();
    let whole = cut
        .iter()
        .filter(|r| r["error"].is_null() && r["warnings"].as_array().unwrap().is_empty())
        .count();
    assert!(whole >= 3, "the studies before the cut come out: {whole}");
    let last = cut.last().unwrap();
    assert!(
        last["error"]
            .as_str()
            .unwrap()
            .contains("corrupt or truncated gzip stream at byte"),
        "{last}"
    );
    assert_eq!(
        recs.last().unwrap()["format"],
        "find_a_trial",
        "the run goes on after them"
    );
}

#[test]
fn tar_gz_and_gzip_on_standard_input_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut tar = tar::Builder::new(Vec::new());
    for (name, body) in [
        ("r/NCT00000001.xml", xml("NCT00000001")),
        (
            "r/page.json",
            format!("{{\"studies\": [{}]}}", study("NCT00000002")),
        ),
    ] {
        let mut h = tar::Header::new_gnu();
        h.set_size(body.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        tar.append_data(&mut h, name, body.as_bytes()).unwrap();
    }
    let tgz = gzip(&tar.into_inner().unwrap());
    let f = dir.path().join("records.tgz");
    std::fs::write(&f, &tgz).unwrap();
    let out = run(&["extract", &s(&f)]);
    let recs = records(&out.stdout);
    let suffix: Vec<&str> = field(&recs, "path")
        .iter()
        .map(|p| p.rsplit_once('!').unwrap().1)
        .collect();
    assert_eq!(suffix, ["r/NCT00000001.xml", "r/page.json#/studies/0"]);
    assert_eq!(field(&recs, "format"), ["registry_xml", "registry_json"]);

    let out = run_with_stdin(&["extract", "-"], &gzip(study("NCT00000009").as_bytes()));
    let recs = records(&out.stdout);
    assert_eq!(field(&recs, "path"), ["-"]);
    assert_eq!(field(&recs, "nct_id"), ["NCT00000009"]);
}

#[test]
fn shards_share_out_an_archive_member_by_member() {
    let dir = tempfile::tempdir().unwrap();
    let members: Vec<(String, String)> = (0..40)
        .map(|i| (format!("NCT{i:08}.xml"), xml(&format!("NCT{i:08}"))))
        .collect();
    let files: Vec<(&str, &[u8])> = members
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_bytes()))
        .collect();
    let f = dir.path().join("all.zip");
    std::fs::write(&f, zip_of(&files)).unwrap();
    let mut seen = Vec::new();
    for k in 0..3 {
        let out = run(&["extract", "--shard", &format!("{k}/3"), &s(&f)]);
        let recs = records(&out.stdout);
        assert!(
            recs.len() > 5 && recs.len() < 25,
            "shard {k}: {}",
            recs.len()
        );
        seen.extend(field(&recs, "nct_id").into_iter().map(str::to_owned));
    }
    seen.sort();
    let want: Vec<String> = (0..40).map(|i| format!("NCT{i:08}")).collect();
    assert_eq!(seen, want);
}

#[test]
fn globs_filter_walks_and_archive_members() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::write(d.join("NCT00000001.json"), study("NCT00000001")).unwrap();
    std::fs::write(d.join("NCT00000001.truth.json"), "{\"nct_id\": \"x\"}").unwrap();
    std::fs::write(d.join("sub/NCT00000002.truth.json"), "{}").unwrap();
    let z = zip_of(&[
        ("Contents.txt", b"index"),
        ("NCT00000003.xml", xml("NCT00000003").as_bytes()),
    ]);
    std::fs::write(d.join("bulk.zip"), z).unwrap();
    let out = run(&[
        "extract",
        "--exclude",
        "*.truth.json",
        "--exclude",
        "Contents.txt",
        &s(d),
    ]);
    let recs = records(&out.stdout);
    assert_eq!(field(&recs, "nct_id"), ["NCT00000001", "NCT00000003"]);
    let out = run(&["extract", "-g", "*.zip", "-g", "*.xml", &s(d)]);
    assert_eq!(field(&records(&out.stdout), "nct_id"), ["NCT00000003"]);
    let out = run(&["extract", "-g", "a[", &s(d)]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_runs_own_output_is_never_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.json"), study("NCT00000001")).unwrap();
    let o = d.join("records.jsonl");
    for _ in 0..2 {
        let out = run(&["extract", &s(d), "-o", &s(&o)]);
        assert_eq!(out.status.code(), Some(0));
    }
    let recs = records(&std::fs::read(&o).unwrap());
    assert_eq!(field(&recs, "nct_id"), ["NCT00000001"]);
}

#[test]
fn endless_input_is_cut_at_the_size_cap() {
    let out = run(&["extract", "--max-file-size", "64k", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 1);
    let err = recs[0]["error"].as_str().unwrap();
    assert_eq!(
        err,
        "/dev/zero: more than --max-file-size (65536 bytes); not read"
    );
    let out = run(&[
        "extract",
        "--max-file-size",
        "64k",
        "--input-jsonl",
        "/dev/zero",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(records(&out.stdout).len(), 1);
}

#[test]
fn bad_sizes_are_usage_errors() {
    for bad in ["0", "12Q", "-5", "99999999999T"] {
        let out = run(&["extract", "--max-file-size", bad, "x"]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_walk_is_skipped_with_a_record_saying_so() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.json"), study("NCT00000001")).unwrap();
    let fifo = d.join("b.fifo");
    match Command::new("mkfifo").arg(&fifo).status() {
        Ok(st) if st.success() => {}
        _ => {
            eprintln!("skipped: mkfifo is not available here");
            return;
        }
    }
    std::fs::write(d.join("c.json"), study("NCT00000002")).unwrap();
    // Nobody writes to the FIFO: reading it would block forever.
    let out = run(&["extract", &s(d)]);
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    assert_eq!(field(&recs, "nct_id"), ["NCT00000001", "-", "NCT00000002"]);
    assert_eq!(
        recs[1]["error"].as_str().unwrap(),
        format!("{}: a FIFO, not a regular file; skipped", s(&fifo))
    );
}

#[cfg(unix)]
#[test]
fn non_utf8_file_names_keep_distinct_paths_and_work_as_outputs() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (name, id) in [
        (&b"\xff.json"[..], "NCT00000001"),
        (b"\xfe.json", "NCT00000002"),
    ] {
        std::fs::write(d.join(OsStr::from_bytes(name)), study(id)).unwrap();
    }
    let out_name = d.join(OsStr::from_bytes(b"out-\xe9.jsonl"));
    let out = bin()
        .arg("extract")
        .arg(d)
        .arg("-o")
        .arg(&out_name)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&std::fs::read(&out_name).unwrap());
    assert_eq!(
        field(&recs, "path"),
        [
            format!("{}/\\xfe.json", s(d)),
            format!("{}/\\xff.json", s(d))
        ]
    );
    // Named on the command line too.
    let one = d.join(OsStr::from_bytes(b"\xff.json"));
    let out = bin().arg("extract").arg(&one).output().unwrap();
    assert_eq!(field(&records(&out.stdout), "nct_id"), ["NCT00000001"]);
}
