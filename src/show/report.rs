//! `show --batch`: a view page per input and an index of the run.
//!
//! ```text
//! DIR/index.html                     one row per input: format, id, counts, warnings
//! DIR/pages/00001-NCT06307600.txt.html
//! DIR/pages/00002-….html
//! ```
//!
//! Pages are numbered in input order and each is written atomically; the index is written
//! last, so a run that stops early leaves the previous index (and pages it links to, at worst
//! overwritten with this run's view of the same number). After the index is in place, pages
//! of an earlier, longer run (`NNNNN-*.html` beyond this run's set) are removed, so the
//! directory never links or holds two runs. Inputs are read, parsed and rendered in parallel
//! in windows, so memory depends on the window and the largest page, not on the run.

use super::input;
use crate::batch::{self, BatchError, Input};
use crate::output::AtomicFile;
use crate::record::{Format, Record};
use askama::Template;
use rayon::prelude::*;
use std::collections::{BinaryHeap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub forced: Option<Format>,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Show only this many inputs, chosen by [`sample`].
    pub sample: Option<Sample>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    pub n: usize,
    pub seed: u64,
}

/// Totals of a report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub pages: u64,
    pub errors: u64,
    pub warnings: u64,
}

/// One index row.
pub struct Row {
    pub n: usize,
    pub href: String,
    pub path: String,
    pub format: &'static str,
    pub nct_id: String,
    pub title: String,
    pub inclusion: usize,
    pub exclusion: usize,
    pub other: usize,
    pub ages: usize,
    pub labs: usize,
    pub performance: usize,
    pub mutations: usize,
    pub warnings: usize,
    pub codes: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "show/index.html")]
struct IndexTemplate<'a> {
    csp: &'static str,
    style: &'static str,
    script: &'static str,
    version: &'static str,
    title: String,
    sampled: Option<usize>,
    errors: u64,
    warnings: u64,
    rows: &'a [Row],
}

/// The `n` inputs whose paths rank lowest under a hash seeded by `seed`, in input order.
/// Like `--shard`, the choice depends only on the paths and the seed, not on listing
/// order; memory holds `n` inputs, whatever the run's size.
pub fn sample(inputs: impl Iterator<Item = Input>, s: Sample) -> Vec<Input> {
    struct Ranked(u64, usize, Input);
    impl PartialEq for Ranked {
        fn eq(&self, o: &Ranked) -> bool {
            (self.0, self.1) == (o.0, o.1)
        }
    }
    impl Eq for Ranked {}
    impl PartialOrd for Ranked {
        fn partial_cmp(&self, o: &Ranked) -> Option<std::cmp::Ordering> {
            Some(self.cmp(o))
        }
    }
    impl Ord for Ranked {
        fn cmp(&self, o: &Ranked) -> std::cmp::Ordering {
            (self.0, self.1).cmp(&(o.0, o.1))
        }
    }
    let mut keep: BinaryHeap<Ranked> = BinaryHeap::with_capacity(s.n + 1);
    for (seq, input) in inputs.enumerate() {
        let rank = mix(batch::fnv1a(input.path().as_bytes()) ^ mix(s.seed));
        if keep.len() < s.n {
            keep.push(Ranked(rank, seq, input));
        } else if keep.peek().is_some_and(|top| (rank, seq) < (top.0, top.1)) {
            keep.pop();
            keep.push(Ranked(rank, seq, input));
        }
    }
    let mut chosen = keep.into_vec();
    chosen.sort_by_key(|r| r.1);
    chosen.into_iter().map(|r| r.2).collect()
}

/// SplitMix64's finaliser: spreads FNV's weak low bits so a seed reshuffles every rank.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Writes the report for `inputs` into `dir` (created if missing).
pub fn write(
    inputs: impl Iterator<Item = Input>,
    dir: &Path,
    options: &Options,
) -> Result<Summary, BatchError> {
    let write_err = |path: &Path, source| BatchError::Write {
        path: path.to_string_lossy().into_owned(),
        source,
    };
    let pages_dir = dir.join("pages");
    std::fs::create_dir_all(&pages_dir).map_err(|e| write_err(&pages_dir, e))?;
    let inputs: Box<dyn Iterator<Item = Input>> = match options.sample {
        Some(s) => Box::new(sample(inputs, s).into_iter()),
        None => Box::new(inputs),
    };
    let pool = batch::pool(options.jobs)?;
    let window = pool.current_num_threads() * 4;
    let mut rows = Vec::new();
    let mut written = HashSet::new();
    let mut inputs = inputs.enumerate().peekable();
    while inputs.peek().is_some() {
        let chunk: Vec<(usize, Input)> = inputs.by_ref().take(window).collect();
        let done: Vec<Result<Row, BatchError>> = pool.install(|| {
            chunk
                .into_par_iter()
                .map(|(i, input)| one_page(i + 1, input, &pages_dir, options.forced))
                .collect()
        });
        for row in done {
            let row = row?;
            written.insert(row.href.trim_start_matches("pages/").to_owned());
            rows.push(row);
        }
    }
    let summary = Summary {
        pages: rows.len() as u64,
        errors: rows.iter().filter(|r| r.error.is_some()).count() as u64,
        warnings: rows.iter().map(|r| r.warnings as u64).sum(),
    };
    let index = IndexTemplate {
        csp: super::csp(),
        style: super::STYLE,
        script: super::SCRIPT,
        version: env!("CARGO_PKG_VERSION"),
        title: format!("trialparse report: {}", dir.to_string_lossy()),
        sampled: options.sample.map(|s| s.n),
        errors: summary.errors,
        warnings: summary.warnings,
        rows: &rows,
    };
    let html = index
        .render()
        .unwrap_or_else(|e| format!("template error: {e}"));
    write_atomic(&dir.join("index.html"), html.as_bytes())?;
    remove_stale_pages(&pages_dir, &written)?;
    Ok(summary)
}

/// Reads, parses and renders input number `n`, writes its page and returns its index row.
fn one_page(
    n: usize,
    input: Input,
    pages_dir: &Path,
    forced: Option<Format>,
) -> Result<Row, BatchError> {
    let loaded = input::load(input);
    let (rec, html) = match &loaded.bytes {
        Ok(bytes) => {
            let rec = crate::parse_bytes(&loaded.path, bytes, forced);
            let html = super::page(&rec, bytes);
            (rec, html)
        }
        Err(e) => {
            let rec = Record::failed(loaded.path.as_str(), e.to_string());
            let html = super::page(&rec, &[]);
            (rec, html)
        }
    };
    let name = page_name(n, &loaded.path);
    write_atomic(&pages_dir.join(&name), html.as_bytes())?;
    Ok(row(n, format!("pages/{name}"), &rec))
}

fn row(n: usize, href: String, rec: &Record) -> Row {
    let count = |items: &[crate::record::Criterion]| {
        let mut n = 0;
        let mut stack: Vec<&crate::record::Criterion> = items.iter().collect();
        while let Some(c) = stack.pop() {
            n += 1;
            stack.extend(&c.children);
        }
        n
    };
    let mut codes: Vec<&str> = rec.warnings.iter().map(|w| w.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    Row {
        n,
        href,
        path: rec.path.clone(),
        format: rec.format.name(),
        nct_id: rec.nct_id.clone().unwrap_or_default(),
        title: rec.titles.display.clone().unwrap_or_default(),
        inclusion: count(&rec.eligibility.inclusion),
        exclusion: count(&rec.eligibility.exclusion),
        other: count(&rec.eligibility.other),
        ages: rec.ages.len(),
        labs: rec.lab_thresholds.len(),
        performance: rec.performance_status.len(),
        mutations: rec.mutations.len(),
        warnings: rec.warnings.len(),
        codes: codes.join(", "),
        error: rec.error.clone(),
    }
}

/// `00042-NCT06307600.find.txt.html`: the number keeps pages unique and in input order; the
/// input's file name, reduced to safe characters, tells a person which page it is.
pub fn page_name(n: usize, path: &str) -> String {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let mut slug: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    if slug.is_empty() || slug.starts_with('.') {
        slug.insert(0, '_');
    }
    format!("{n:05}-{slug}.html")
}

fn write_atomic(dest: &Path, bytes: &[u8]) -> Result<(), BatchError> {
    let mut f = AtomicFile::create(dest)?;
    f.write_all(bytes).map_err(|source| BatchError::Write {
        path: dest.to_string_lossy().into_owned(),
        source,
    })?;
    f.finish()
}

/// Removes `NNNNN-*.html` pages this run did not write (left by an earlier, longer run).
fn remove_stale_pages(pages_dir: &Path, written: &HashSet<String>) -> Result<(), BatchError> {
    let list_err = |source| BatchError::ListDir {
        path: pages_dir.to_string_lossy().into_owned(),
        source,
    };
    let mut stale: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(pages_dir).map_err(list_err)? {
        let name = entry.map_err(list_err)?.file_name();
        let name = name.to_string_lossy();
        let ours = name.len() > 11
            && name.as_bytes()[..5].iter().all(u8::is_ascii_digit)
            && name.as_bytes()[5] == b'-'
            && name.ends_with(".html");
        if ours && !written.contains(name.as_ref()) {
            stale.push(pages_dir.join(name.as_ref()));
        }
    }
    for p in stale {
        std::fs::remove_file(&p).map_err(|source| BatchError::Write {
            path: p.to_string_lossy().into_owned(),
            source,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs<'a>(names: &'a [&'a str]) -> impl Iterator<Item = Input> + 'a {
        names.iter().map(|n| input::named(n))
    }

    #[test]
    fn samples_depend_on_paths_and_seed_not_order() {
        let names: Vec<String> = (0..200).map(|i| format!("d/p{i}.txt")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut rev = refs.clone();
        rev.reverse();
        let paths = |v: Vec<Input>| v.iter().map(|i| i.path().to_owned()).collect::<Vec<_>>();
        let s = Sample { n: 10, seed: 7 };
        let a = paths(sample(inputs(&refs), s));
        let mut b = paths(sample(inputs(&rev), s));
        assert_eq!(a.len(), 10);
        // Same set whatever the order; each comes out in its own input order.
        let mut sorted_a = a.clone();
        sorted_a.sort();
        b.sort();
        assert_eq!(sorted_a, b);
        let idx: Vec<usize> = a
            .iter()
            .map(|p| refs.iter().position(|r| r == p).unwrap())
            .collect();
        assert!(idx.windows(2).all(|w| w[0] < w[1]), "{idx:?}");
        let c = paths(sample(inputs(&refs), Sample { n: 10, seed: 8 }));
        assert_ne!(a, c, "another seed, another sample");
        assert_eq!(paths(sample(inputs(&refs[..3]), s)).len(), 3);
    }

    #[test]
    fn page_names_are_numbered_and_safe() {
        assert_eq!(
            page_name(3, "a/b/NCT1.find.txt"),
            "00003-NCT1.find.txt.html"
        );
        assert_eq!(page_name(12, "x/<script>.txt"), "00012-_script_.txt.html");
        assert_eq!(page_name(1, "../.hidden"), "00001-_.hidden.html");
        assert_eq!(page_name(1, ""), "00001-_.html");
        assert_eq!(
            page_name(1, "archive.zip!m.json"),
            "00001-archive.zip_m.json.html"
        );
    }

    #[test]
    fn a_report_has_an_index_and_a_page_per_input_and_drops_stale_pages() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("in");
        std::fs::create_dir(&src).unwrap();
        for i in 0..3 {
            std::fs::write(
                src.join(format!("p{i}.txt")),
                "Inclusion Criteria:\n\n* Age >= 18\n",
            )
            .unwrap();
        }
        let out = dir.path().join("report");
        let all = || batch::PathInputs::new(vec![src.to_string_lossy().into_owned()]);
        let missing = input::named(&dir.path().join("missing.txt").to_string_lossy());
        let s = write(all().chain([missing]), &out, &Options::default()).unwrap();
        // Each page: `unknown_layout` and `criteria_end_unsure`.
        assert_eq!(
            s,
            Summary {
                pages: 4,
                errors: 1,
                warnings: 6
            }
        );
        let index = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert_eq!(index.matches("<tr").count(), 5);
        assert!(index.contains("href=\"pages/00001-p0.txt.html\""));
        assert!(index.contains("cannot read"));
        let mut names = crate::output::atomic::tests::names(&out.join("pages"));
        assert_eq!(names.len(), 4);
        std::fs::write(out.join("pages/keep.html"), "mine").unwrap();
        let s = write(all().take(1), &out, &Options::default()).unwrap();
        assert_eq!(s.pages, 1);
        names = crate::output::atomic::tests::names(&out.join("pages"));
        assert_eq!(names, ["00001-p0.txt.html", "keep.html"]);
    }
}
