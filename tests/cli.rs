//! The `trialparse` binary end to end: inputs, order, exit codes, outputs, diff, bench.

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

mod common;
use common::{bin, records, run, run_with_stdin, s};

const PAGE: &str = "Quick facts\n\nAges18 Years and older\n\nInclusion Criteria:\n\n* Age >= 18\n";

fn paths(recs: &[Value]) -> Vec<String> {
    recs.iter()
        .map(|r| r["path"].as_str().unwrap().to_owned())
        .collect()
}

/// A directory of `n` small pages named p000.txt, p001.txt, …
fn corpus(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..n {
        std::fs::write(dir.path().join(format!("p{i:03}.txt")), PAGE).unwrap();
    }
    dir
}

#[test]
fn files_and_directories_come_out_in_input_order() {
    let dir = corpus(300);
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("z.txt"), PAGE).unwrap();
    let single = s(&dir.path().join("p150.txt"));
    let out = run(&["extract", "-q", "-j", "2", &single, &s(dir.path())]);
    assert_eq!(out.status.code(), Some(0));
    let got = paths(&records(&out.stdout));
    assert_eq!(got.len(), 302);
    assert_eq!(got[0], single);
    assert_eq!(got[1], s(&dir.path().join("p000.txt")));
    assert_eq!(got[300], s(&dir.path().join("p299.txt")));
    assert_eq!(got[301], s(&sub.join("z.txt")));
    assert!(out.stderr.is_empty(), "--quiet prints nothing");
}

#[test]
fn summary_line_goes_to_stderr() {
    let dir = corpus(3);
    let out = run(&["extract", &s(dir.path())]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("trialparse: 3 records (3 find_a_trial), 0 errors, "),
        "{err}"
    );
    assert!(err.contains("MB/s") && err.contains("records/s"), "{err}");
    assert_eq!(
        err.lines().count(),
        1,
        "no progress bar when stderr is not a terminal"
    );
}

#[test]
fn unreadable_inputs_get_error_records_and_exit_1() {
    let dir = corpus(2);
    let d = dir.path();
    let missing = s(&d.join("nope.txt"));
    std::os::unix::fs::symlink(d.join("gone"), d.join("dangling")).unwrap();
    let locked = d.join("locked.txt");
    std::fs::write(&locked, PAGE).unwrap();
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    // As root, chmod 000 does not stop reads: then that file is simply read.
    let root_reads = std::fs::read(&locked).is_ok();
    let out = run(&["extract", "-q", &missing, &s(d)]);
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    assert_eq!(
        paths(&recs),
        [
            missing.clone(),
            s(&d.join("dangling")),
            s(&locked),
            s(&d.join("p000.txt")),
            s(&d.join("p001.txt"))
        ]
    );
    let err = |i: usize| recs[i]["error"].as_str().map(str::to_owned);
    assert!(err(0)
        .unwrap()
        .starts_with(&format!("{missing}: cannot read:")));
    assert!(err(1).unwrap().contains("cannot read"));
    if root_reads {
        assert_eq!(err(2), None);
    } else {
        assert!(err(2).unwrap().contains("ermission denied"), "{:?}", err(2));
    }
    assert_eq!((err(3), err(4)), (None, None));
    assert_eq!(recs[3]["format"], "find_a_trial");
}

#[test]
fn unlistable_directory_is_an_error_record() {
    let dir = corpus(1);
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("x.txt"), PAGE).unwrap();
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    let root_reads = std::fs::read_dir(&locked).is_ok();
    let out = run(&["extract", "-q", &s(dir.path())]);
    let recs = records(&out.stdout);
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    if root_reads {
        assert_eq!(out.status.code(), Some(0));
        return;
    }
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(recs.len(), 2);
    assert!(recs[0]["error"]
        .as_str()
        .unwrap()
        .contains("cannot list directory"));
    assert!(recs[1]["error"].is_null());
}

#[test]
fn standard_input_is_one_page_named_dash() {
    let out = run_with_stdin(&["extract", "-q", "-"], PAGE.as_bytes());
    assert_eq!(out.status.code(), Some(0));
    let recs = records(&out.stdout);
    assert_eq!(paths(&recs), ["-"]);
    assert_eq!(recs[0]["format"], "find_a_trial");
}

#[test]
fn forced_format_applies_to_every_input() {
    let dir = corpus(2);
    let out = run(&["extract", "-q", "--as", "criteria", &s(dir.path())]);
    let recs = records(&out.stdout);
    assert!(recs.iter().all(|r| r["format"] == "criteria_text"));
}

#[test]
fn bad_usage_exits_2() {
    let dir = corpus(1);
    let d = s(dir.path());
    for args in [
        vec!["extract"],
        vec!["extract", "--shard", "3/3", &d],
        vec!["extract", "--shard", "x", &d],
        vec!["extract", "--jobs", "0", &d],
        vec!["extract", "--as", "pdf", &d],
        vec!["extract", "--to", "xml", "out", &d],
        vec!["extract", "-", "-"],
        vec!["extract", "--input-jsonl", "-", &d],
        vec!["nonsense"],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn input_jsonl_reads_objects_and_reports_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let good = serde_json::json!({"path": "a.txt", "content": PAGE}).to_string();
    let text = format!("{good}\nnot json\n\n{{\"path\": \"b.txt\"}}\n{good}\n");
    std::fs::write(&input, text).unwrap();
    let out = run(&["extract", "-q", "--input-jsonl", &s(&input)]);
    assert_eq!(out.status.code(), Some(1));
    let recs = records(&out.stdout);
    assert_eq!(
        paths(&recs),
        ["a.txt", &format!("{}:2", s(&input)), "b.txt", "a.txt"]
    );
    assert_eq!(recs[0]["format"], "find_a_trial");
    assert!(recs[1]["error"]
        .as_str()
        .unwrap()
        .contains(": line 2 (byte "));
    assert!(recs[2]["error"].as_str().unwrap().contains("line 4"));
    assert_eq!(recs[0], recs[3]);
}

#[test]
fn input_jsonl_from_a_pipe() {
    let mut child = bin()
        .args(["extract", "-q", "--input-jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for i in 0..50 {
        let line = serde_json::json!({"path": format!("p{i}"), "content": PAGE});
        writeln!(stdin, "{line}").unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let got = paths(&records(&out.stdout));
    let want: Vec<String> = (0..50).map(|i| format!("p{i}")).collect();
    assert_eq!(got, want);
}

#[test]
fn shards_partition_the_inputs_whatever_the_listing_order() {
    let dir = corpus(60);
    let mut union = Vec::new();
    for k in 0..3 {
        let shard = format!("{k}/3");
        let out = run(&["extract", "-q", "--shard", &shard, &s(dir.path())]);
        let mine = paths(&records(&out.stdout));
        assert!(!mine.is_empty());
        // The same share when the files are given one by one in reverse order.
        let mut files: Vec<String> = (0..60)
            .rev()
            .map(|i| s(&dir.path().join(format!("p{i:03}.txt"))))
            .collect();
        files.insert(0, shard.clone());
        let mut args = vec!["extract", "-q", "--shard"];
        args.extend(files.iter().map(String::as_str));
        let mut reversed = paths(&records(&run(&args).stdout));
        reversed.reverse();
        assert_eq!(reversed, mine);
        union.extend(mine);
    }
    union.sort();
    let all = paths(&records(&run(&["extract", "-q", &s(dir.path())]).stdout));
    assert_eq!(union, all);
}

#[test]
fn output_file_appears_only_when_complete() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("run.jsonl");
    let mut child = bin()
        .args(["extract", "-q", "--input-jsonl", "-", "-o", &s(&dest)])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let line = serde_json::json!({"path": "a", "content": PAGE});
    writeln!(stdin, "{line}").unwrap();
    // While input is still open, only a hidden temporary file exists. It is created soon
    // after start; no deadline here (a hang is the harness's to report).
    let temp = loop {
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        if let Some(n) = names.first() {
            break n.clone();
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "exited before creating its output"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(temp.starts_with(".run.jsonl.tmp-"), "{temp}");
    assert!(!dest.exists());
    drop(stdin);
    assert!(child.wait().unwrap().success());
    assert_eq!(records(&std::fs::read(&dest).unwrap()).len(), 1);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn csv_tables_are_written() {
    let dir = corpus(2);
    let out_dir = tempfile::tempdir().unwrap();
    let tables = out_dir.path().join("tables");
    let out = run(&["extract", "-q", "--to", "csv", &s(&tables), &s(dir.path())]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "tables replace JSON Lines on stdout");
    let mut names: Vec<String> = std::fs::read_dir(&tables)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "ages.csv",
            "criteria.csv",
            "lab_thresholds.csv",
            "mutations.csv",
            "performance_status.csv",
            "trials.csv",
            "warnings.csv"
        ]
    );
    let trials = std::fs::read_to_string(tables.join("trials.csv")).unwrap();
    let mut lines = trials.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("path,nct_id,schema_version,format,"));
    let row = lines.next().unwrap();
    assert!(row.starts_with(&format!(
        "{},,2,find_a_trial,",
        s(&dir.path().join("p000.txt"))
    )));
    assert_eq!(lines.count(), 1);
    let criteria = std::fs::read_to_string(tables.join("criteria.csv")).unwrap();
    assert_eq!(
        criteria.lines().next(),
        Some("path,nct_id,section,depth,index,text,span_start,span_end")
    );
}

#[test]
fn tables_and_jsonl_in_one_pass() {
    let dir = corpus(2);
    let out_dir = tempfile::tempdir().unwrap();
    let jsonl = out_dir.path().join("run.jsonl");
    let tables = out_dir.path().join("t");
    let out = run(&[
        "extract",
        "-q",
        "--to",
        "csv",
        &s(&tables),
        "-o",
        &s(&jsonl),
        &s(dir.path()),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(records(&std::fs::read(&jsonl).unwrap()).len(), 2);
    assert!(tables.join("trials.csv").exists());
}

#[test]
fn parquet_tables_read_back() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::RowAccessor;
    let dir = corpus(5);
    let out_dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "extract",
        "-q",
        "--to",
        "parquet",
        &s(out_dir.path()),
        &s(dir.path()),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let names = |table: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(out_dir.path().join(table))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    for table in ["trials", "criteria", "ages", "warnings", "mutations"] {
        assert_eq!(names(table), ["part-00000.parquet"], "{table}");
    }
    let part = |table: &str| {
        std::fs::File::open(out_dir.path().join(table).join("part-00000.parquet")).unwrap()
    };
    let file = part("trials");
    let reader = SerializedFileReader::new(file).unwrap();
    let meta = reader.metadata().file_metadata();
    assert_eq!(meta.num_rows(), 5);
    let cols: Vec<&str> = meta
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name())
        .collect();
    assert_eq!(&cols[..4], ["path", "nct_id", "schema_version", "format"]);
    let first = reader.get_row_iter(None).unwrap().next().unwrap().unwrap();
    assert_eq!(
        first.get_string(0).unwrap(),
        &s(&dir.path().join("p000.txt"))
    );
    assert_eq!(first.get_long(2).unwrap(), 2);
    let json = run(&["extract", "-q", &s(dir.path())]);
    let expected: usize = records(&json.stdout)
        .iter()
        .map(|r| r["warnings"].as_array().map_or(0, Vec::len))
        .sum();
    let reader = SerializedFileReader::new(part("warnings")).unwrap();
    assert_eq!(
        reader.metadata().file_metadata().num_rows() as usize,
        expected
    );
}

/// Every file under `dir` (relative name and content), sorted.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = s(p.strip_prefix(dir).unwrap());
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_run_that_cannot_start_leaves_the_last_tables_alone() {
    let dir = corpus(3);
    for kind in ["parquet", "csv"] {
        let out_dir = tempfile::tempdir().unwrap();
        let good = run(&[
            "extract",
            "-q",
            "--to",
            kind,
            &s(out_dir.path()),
            &s(dir.path()),
        ]);
        assert_eq!(good.status.code(), Some(0), "{kind}");
        let before = tree(out_dir.path());
        assert!(before.len() >= 7, "{kind}: {before:?}");
        let missing = s(&dir.path().join("nope.jsonl"));
        let out = run(&[
            "extract",
            "-q",
            "--input-jsonl",
            &missing,
            "--to",
            kind,
            &s(out_dir.path()),
        ]);
        assert_eq!(out.status.code(), Some(2), "{kind}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("nope.jsonl: cannot read"), "{stderr}");
        assert!(tree(out_dir.path()) == before, "{kind}: tables changed");
        // Nothing is created either: the inputs are opened before any output.
        let fresh = out_dir.path().join("fresh");
        let out = run(&[
            "extract",
            "--input-jsonl",
            &missing,
            "--to",
            kind,
            &s(&fresh),
        ]);
        assert_eq!(out.status.code(), Some(2), "{kind}");
        assert!(!fresh.exists(), "{kind}");
    }
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    s(&p)
}

/// Two runs to compare, `old.jsonl` and `new.jsonl` in a new directory: (the directory, their
/// paths).
fn diff_inputs(old: &str, new: &str) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.jsonl", old);
    let new = write(dir.path(), "new.jsonl", new);
    (dir, old, new)
}

#[test]
fn diff_reports_field_changes_and_exit_codes() {
    let (dir, old, new) = diff_inputs(
        "{\"path\":\"a\",\"ages\":[{\"min\":18}]}\n{\"path\":\"b\"}\n",
        "{\"path\":\"a\",\"ages\":[{\"min\":21}]}\n{\"path\":\"c\"}\n",
    );
    let d = dir.path();
    let same = run(&["diff", &old, &old]);
    assert_eq!(same.status.code(), Some(0));
    let out = run(&["diff", &old, &new]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "a: ages[0].min: 18 → 21\nb: removed\nc: added\n1 changed, 1 removed, 1 added\n"
    );
    let out = run(&["diff", "--json", &old, &new]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["equal"], false);
    assert_eq!(v["changed"][0]["changes"][0]["field"], "ages[0].min");
    assert_eq!(v["changed"][0]["changes"][0]["new"], 21);
    assert_eq!(
        v["added"],
        serde_json::json!([{"by": "path", "key": "c", "occurrence": 1, "path": "c"}])
    );
    assert_eq!(v["removed"][0]["key"], "b");
    assert_eq!(v["changed"][0]["old_path"], "a");
    assert_eq!(
        run(&["diff", &old, &s(&d.join("missing"))]).status.code(),
        Some(2)
    );
    let bad = write(d, "bad.jsonl", "{\"path\":\"a\"}\n{broken\n");
    let out = run(&["diff", &old, &bad]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.jsonl: line 2 (byte 13):"));
}

#[test]
fn diff_pairs_by_key_strips_prefixes_and_writes_html() {
    let (dir, old, new) = diff_inputs(
        "{\"path\":\"/a/x.txt\",\"nct_id\":\"NCT1\",\"v\":1}\n{\"path\":\"/a/y.txt\",\"nct_id\":\"NCT2\",\"v\":1}\n",
        "{\"path\":\"/b/y2.txt\",\"nct_id\":\"NCT2\",\"v\":1}\n{\"path\":\"/b/x.txt\",\"nct_id\":\"NCT1\",\"v\":2}\n",
    );
    let d = dir.path();
    let out = run(&[
        "diff",
        &old,
        &new,
        "--key",
        "nct_id",
        "--strip-prefix",
        "/a/",
        "--strip-prefix",
        "/b/",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "NCT1: v: 1 → 2\nNCT2: path: \"y.txt\" → \"y2.txt\"\n2 changed, 0 removed, 0 added\n"
    );
    let html = d.join("diff.html");
    let out = run(&[
        "diff",
        &old,
        &new,
        "--strip-prefix",
        "/a/",
        "--strip-prefix",
        "/b/",
        "--html",
        &s(&html),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "x.txt: v: 1 → 2\ny.txt: removed\ny2.txt: added\n1 changed, 1 removed, 1 added\n"
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<table class=\"changes\">"), "{page}");
    assert!(
        page.contains("page text not shown: /b/x.txt: no file of that name"),
        "{page}"
    );
}

#[test]
fn show_writes_one_page_or_a_report() {
    let dir = corpus(5);
    let out = tempfile::tempdir().unwrap();
    let page = out.path().join("p.html");
    let one = s(&dir.path().join("p001.txt"));
    let r = run(&["show", &one, "-o", &s(&page)]);
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("data-span=\""));
    // Standard output without -o.
    let r = run(&["show", &one]);
    assert_eq!(String::from_utf8_lossy(&r.stdout), html);
    // A directory needs --batch; a missing file is a page with the error, exit 1.
    assert_eq!(run(&["show", &s(dir.path())]).status.code(), Some(2));
    assert_eq!(
        run(&["show", "--batch", &s(dir.path())]).status.code(),
        Some(2)
    );
    let r = run(&["show", &s(&dir.path().join("nope.txt")), "-o", &s(&page)]);
    assert_eq!(r.status.code(), Some(1));
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("cannot read"));
    let report = out.path().join("report");
    let r = run(&[
        "show",
        "--batch",
        "-q",
        &s(dir.path()),
        "-o",
        &s(&report),
        "--sample",
        "2",
        "--seed",
        "3",
    ]);
    assert_eq!(r.status.code(), Some(0));
    assert!(r.stderr.is_empty());
    let index = std::fs::read_to_string(report.join("index.html")).unwrap();
    assert_eq!(
        index.matches("<tr ").count() + index.matches("<tr>").count(),
        3
    );
    assert_eq!(std::fs::read_dir(report.join("pages")).unwrap().count(), 2);
    assert_eq!(run(&["show", &one, "--sample", "2"]).status.code(), Some(2));
}

#[test]
fn diff_of_two_extract_runs_is_clean() {
    let dir = corpus(4);
    let out_dir = tempfile::tempdir().unwrap();
    let a = s(&out_dir.path().join("a.jsonl"));
    let b = s(&out_dir.path().join("b.jsonl"));
    run(&["extract", "-q", "-j", "1", "-o", &a, &s(dir.path())]);
    run(&["extract", "-q", "-j", "2", "-o", &b, &s(dir.path())]);
    let out = run(&["diff", &a, &b]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "no differences (4 records)\n"
    );
}

#[test]
fn bench_prints_a_row_per_layout_and_the_total() {
    let dir = corpus(10);
    std::fs::write(dir.path().join("x.truth.json"), "{}").unwrap();
    let out = run(&["bench", &s(dir.path()), "--jobs", "2", "--repeat", "1"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("corpus: 11 pages"), "{text}");
    assert!(
        text.contains("1t MB/s") && text.contains("2t MB/s"),
        "{text}"
    );
    let rows: Vec<&str> = text.lines().skip(2).collect();
    assert!(
        rows[0].starts_with("find_a_trial ") && rows[0].contains(" 10 "),
        "{text}"
    );
    assert!(
        rows[1].starts_with("unknown ") && rows[2].starts_with("all "),
        "{text}"
    );
    let out = run(&["bench", &s(dir.path()), "--ext", "txt", "--repeat", "1"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("corpus: 10 pages"), "{text}");
}

#[test]
fn help_explains_the_commands() {
    let out = run(&["--help"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for cmd in ["extract", "show", "diff", "bench"] {
        assert!(text.contains(cmd), "{text}");
    }
    let out = run(&["extract", "--help"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for opt in [
        "--input-jsonl",
        "--shard",
        "--to",
        "--jobs",
        "--as",
        "Exit status",
    ] {
        assert!(text.contains(opt), "{opt}");
    }
}

/// Whether this process may make device nodes (root); prints why a test part is skipped.
fn can_mknod(why: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    let ok = Command::new("mknod")
        .args([&s(&probe), "c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|st| st.success());
    if !ok {
        println!("skipped {why}: mknod needs root here");
    }
    ok
}

fn file_type(p: &Path) -> std::fs::FileType {
    std::fs::symlink_metadata(p).unwrap().file_type()
}

#[test]
fn outputs_that_are_not_regular_files_are_written_into() {
    use std::os::unix::fs::FileTypeExt;
    let dir = corpus(3);
    let inputs = s(dir.path());
    // The system's devices, where they are devices (a machine whose /dev/null some other
    // program replaced by a file cannot tell us anything here).
    let device = |p: &str| std::fs::metadata(p).is_ok_and(|m| m.file_type().is_char_device());
    if device("/dev/null") {
        let out = run(&["extract", "-q", "-o", "/dev/null", &inputs]);
        assert_eq!(out.status.code(), Some(0));
        assert!(device("/dev/null"));
    } else {
        println!("skipped /dev/null: it is not a character device on this machine");
    }
    if device("/dev/full") {
        // A full device: a clean write error, and the device is still a device.
        let out = run(&["extract", "-q", "-o", "/dev/full", &inputs]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("/dev/full: cannot write:"), "{err}");
        assert!(device("/dev/full"));
    } else {
        println!("skipped /dev/full: it is not a character device on this machine");
    }
    let scratch = tempfile::tempdir().unwrap();
    if can_mknod("the character-device case") {
        let null = scratch.path().join("null");
        assert!(Command::new("mknod")
            .args([&s(&null), "c", "1", "3"])
            .status()
            .unwrap()
            .success());
        let out = run(&["extract", "-q", "-o", &s(&null), &inputs]);
        assert_eq!(out.status.code(), Some(0));
        assert!(file_type(&null).is_char_device());
    }
    // A FIFO: the records come out of it, and it stays a FIFO.
    let fifo = scratch.path().join("fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let out = run(&["extract", "-q", "-o", &s(&fifo), &inputs]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(records(&reader.join().unwrap()).len(), 3);
    assert!(file_type(&fifo).is_fifo());
    // A link to the process's own standard output writes to it, and stays a link.
    let link = scratch.path().join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &link).unwrap();
    let out = run(&["extract", "-q", "-o", &s(&link), &inputs]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(records(&out.stdout).len(), 3);
    assert!(file_type(&link).is_symlink());
    // Nothing else appeared in the scratch directory (no temporary files left).
    let mut names: Vec<String> = std::fs::read_dir(scratch.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "null")
        .collect();
    names.sort();
    assert_eq!(names, ["fifo", "stdout"]);
}

#[test]
fn a_link_to_a_file_replaces_the_file_not_the_link() {
    let dir = corpus(2);
    let scratch = tempfile::tempdir().unwrap();
    let real = scratch.path().join("real.jsonl");
    std::fs::write(&real, "old").unwrap();
    let link = scratch.path().join("out.jsonl");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = run(&["extract", "-q", "-o", &s(&link), &s(dir.path())]);
    assert_eq!(out.status.code(), Some(0));
    assert!(file_type(&link).is_symlink());
    assert_eq!(records(&std::fs::read(&real).unwrap()).len(), 2);
}

#[test]
fn outputs_that_clash_are_refused_before_anything_is_written() {
    let dir = corpus(2);
    let scratch = tempfile::tempdir().unwrap();
    let tables = scratch.path().join("tables");
    let page = s(&dir.path().join("p000.txt"));
    let cases: [(Vec<String>, &str); 4] = [
        (
            vec![
                "--to".into(),
                "csv".into(),
                s(&tables),
                "-o".into(),
                s(&tables.join("trials.csv")),
            ],
            "is one of the tables that --to csv",
        ),
        (
            vec![
                "--to".into(),
                "parquet".into(),
                s(&tables),
                "-o".into(),
                s(&tables.join("trials/part-00000.parquet")),
            ],
            "is one of the tables that --to parquet",
        ),
        (vec!["-o".into(), page.clone()], "is also an input"),
        (
            vec!["--to".into(), "csv".into(), s(dir.path())],
            "would be replaced",
        ),
    ];
    std::fs::write(dir.path().join("trials.csv"), "mine").unwrap();
    for (args, message) in cases {
        let mut all = vec!["extract".to_owned(), "-q".into(), page.clone()];
        all.extend(args);
        all.push(s(&dir.path().join("trials.csv")));
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let out = run(&all);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{all:?}: {err}");
        assert!(!tables.exists(), "{all:?}");
        assert_eq!(std::fs::read_to_string(&page).unwrap(), PAGE);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("trials.csv")).unwrap(),
            "mine"
        );
    }
}

#[test]
fn a_failed_publish_leaves_the_earlier_tables_and_other_files_whole() {
    let dir = corpus(3);
    for kind in ["csv", "parquet"] {
        let out_dir = tempfile::tempdir().unwrap();
        let tables = out_dir.path().join("t");
        let first = run(&["extract", "-q", "--to", kind, &s(&tables), &s(dir.path())]);
        assert_eq!(first.status.code(), Some(0), "{kind}");
        // A file of the user's beside the tables, and one in the way of the new set:
        // `warnings` (a Parquet table's directory) as a file, `warnings.csv` as a directory.
        std::fs::write(tables.join("notes.txt"), "mine").unwrap();
        let blocker = tables.join(if kind == "csv" {
            "warnings.csv"
        } else {
            "warnings"
        });
        if blocker.is_dir() {
            std::fs::remove_dir_all(&blocker).unwrap();
        } else {
            std::fs::remove_file(&blocker).unwrap();
        }
        if kind == "csv" {
            std::fs::create_dir(&blocker).unwrap();
            std::fs::write(blocker.join("keep"), "mine").unwrap();
        } else {
            std::fs::write(&blocker, "mine").unwrap();
        }
        let before = tree(&tables);
        let more = corpus(5);
        let out = run(&["extract", "-q", "--to", kind, &s(&tables), &s(more.path())]);
        assert_eq!(out.status.code(), Some(2), "{kind}");
        assert_eq!(tree(&tables), before, "{kind}: the earlier set changed");
        let left: Vec<_> = std::fs::read_dir(out_dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "{kind}: no staging directory left");
        // Without the blocker the new set replaces the old and the user's file stays.
        if blocker.is_dir() {
            std::fs::remove_dir_all(&blocker).unwrap();
        } else {
            std::fs::remove_file(&blocker).unwrap();
        }
        let out = run(&["extract", "-q", "--to", kind, &s(&tables), &s(more.path())]);
        assert_eq!(out.status.code(), Some(0), "{kind}");
        assert_eq!(
            std::fs::read_to_string(tables.join("notes.txt")).unwrap(),
            "mine"
        );
        let hidden: Vec<String> = tree(&tables)
            .into_iter()
            .map(|(n, _)| n)
            .filter(|n| n.contains("/.") || n.starts_with('.'))
            .collect();
        assert!(hidden.is_empty(), "{kind}: {hidden:?}");
    }
}

#[test]
fn jobs_are_capped_at_a_multiple_of_the_cores() {
    let dir = corpus(1);
    let out = run(&["extract", "-q", "--jobs", "100000", &s(dir.path())]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(records(&out.stdout).len(), 1);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("trialparse: --jobs 100000 is more than 4 per core"),
        "{err}"
    );
}

#[test]
fn unreadable_inputs_are_named_on_stderr_up_to_a_cap() {
    let dir = corpus(1);
    let missing: Vec<String> = (0..25)
        .map(|i| s(&dir.path().join(format!("gone{i:02}.txt"))))
        .collect();
    let mut args = vec!["extract", "-q"];
    args.extend(missing.iter().map(String::as_str));
    let page = s(&dir.path().join("p000.txt"));
    args.push(&page);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(records(&out.stdout).len(), 26);
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 21, "{err}");
    for (line, path) in lines[..20].iter().zip(&missing) {
        assert!(
            line.starts_with(&format!("trialparse: {path}: cannot read:")),
            "{line}"
        );
    }
    assert_eq!(lines[20], "trialparse: … and 5 more inputs with errors");
}

/// Runs the binary with stdout a pipe whose reader takes `keep` bytes and then goes away.
fn closed_stdout(args: &[&str], keep: usize) -> Output {
    use std::io::Read;
    let mut child = bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut head = vec![0; keep];
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    let dir = corpus(400);
    let out = closed_stdout(
        &["extract", "-q", "-j", "1", &s(dir.path()), &s(dir.path())],
        10,
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    // diff: two runs that differ in every record.
    let scratch = tempfile::tempdir().unwrap();
    let (a, b) = (scratch.path().join("a"), scratch.path().join("b"));
    let line = |i: usize, v: usize| format!("{{\"path\": \"p{i}\", \"v\": {v}}}\n");
    std::fs::write(&a, (0..20_000).map(|i| line(i, 1)).collect::<String>()).unwrap();
    std::fs::write(&b, (0..20_000).map(|i| line(i, 2)).collect::<String>()).unwrap();
    let out = closed_stdout(&["diff", &s(&a), &s(&b)], 10);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    // bench: the reader is gone before the report is printed.
    let out = closed_stdout(&["bench", &s(dir.path()), "--repeat", "1"], 0);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn bench_of_nothing_fails() {
    let out = run(&["bench", "/no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
    let empty = tempfile::tempdir().unwrap();
    let out = run(&["bench", &s(empty.path())]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no pages to time"), "{err}");
    let dir = corpus(2);
    let out = run(&["bench", &s(dir.path()), "--ext", "html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no pages with extension html"));
}

#[test]
fn an_interrupted_run_leaves_no_temporary_files() {
    for (signal, status) in [("INT", 130), ("TERM", 143)] {
        let scratch = tempfile::tempdir().unwrap();
        std::fs::create_dir(scratch.path().join("tables")).unwrap();
        std::fs::write(scratch.path().join("tables/notes.txt"), "mine").unwrap();
        let before = tree(scratch.path());
        let mut child = bin()
            .args(["extract", "-q", "--input-jsonl", "-", "--to", "csv"])
            .arg(scratch.path().join("tables"))
            .arg("-o")
            .arg(scratch.path().join("run.jsonl"))
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        // Standard input that never ends: the run is mid-way, its temporaries exist.
        let mut stdin = child.stdin.take().unwrap();
        let line = serde_json::json!({"path": "a", "content": PAGE});
        writeln!(stdin, "{line}").unwrap();
        while std::fs::read_dir(scratch.path()).unwrap().count() < 3 {
            assert!(child.try_wait().unwrap().is_none(), "exited early");
            std::thread::sleep(Duration::from_millis(20));
        }
        let kill = Command::new("kill")
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success());
        let st = child.wait().unwrap();
        assert_eq!(st.code(), Some(status), "SIG{signal}");
        drop(stdin);
        assert_eq!(
            tree(scratch.path()),
            before,
            "SIG{signal}: temporaries left"
        );
        let names: Vec<_> = std::fs::read_dir(scratch.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "SIG{signal}: only the table directory");
    }
}
