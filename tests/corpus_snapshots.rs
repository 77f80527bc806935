//! Every fixture in `corpus/` has an insta snapshot of its whole record in `snapshots/`.
//!
//! A change in any field of any fixture's record shows up here as a reviewable diff
//! (`INSTA_UPDATE=always cargo test` or `cargo insta review` to accept one).
//! Files named `*.criteria.txt` are read as bare criteria (`--as criteria`).
//!
//! Fixtures are read as `extract` reads a file, so an archive or a JSON container gives all
//! its records: a fixture with one record is snapshotted as that record, one with several as
//! the list of them, in order.

use std::path::{Path, PathBuf};
use trialparse::batch::{records, Input};
use trialparse::{read, Format};

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus/ is part of the repository")
        .map(|e| e.expect("readable corpus entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            fixtures(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn every_fixture_matches_its_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    fixtures(&root.join("corpus"), &mut files);
    assert!(files.len() >= 16, "corpus/ lost fixtures: {}", files.len());
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(root.join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    for f in files {
        let rel = f
            .strip_prefix(root)
            .expect("under the root")
            .to_string_lossy()
            .replace('\\', "/");
        let options = read::Options {
            forced: rel
                .ends_with(".criteria.txt")
                .then_some(Format::CriteriaText),
            ..read::Options::default()
        };
        let input = Input::File {
            path: rel.clone(),
            fs_path: f.clone(),
            explicit: true,
        };
        let mut recs = records(input, &options);
        assert!(!recs.is_empty(), "{rel} gave no record");
        let name = rel.trim_start_matches("corpus/").replace('/', "__");
        settings.set_input_file(&f);
        if recs.len() == 1 {
            let record = recs.remove(0);
            settings.bind(|| insta::assert_json_snapshot!(name, record));
        } else {
            settings.bind(|| insta::assert_json_snapshot!(name, recs));
        }
    }
}
