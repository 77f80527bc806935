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

use super::input::{self, Shown};
use crate::batch::{self, BatchError, Input, Unit};
use crate::output::AtomicFile;
use crate::read;
use crate::record::Record;
use askama::Template;
use rayon::prelude::*;
use std::collections::{BinaryHeap, HashSet};
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// How inputs are read (`--as`, size cap, member globs).
    pub read: read::Options,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Show only this many records, chosen by [`Sampler`].
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

/// Keeps the `n` items whose record paths rank lowest under a hash seeded by `seed`, and
/// gives them back in the order they came. Like `--shard`, the choice depends only on the
/// paths and the seed, not on listing order; memory holds `n` items, whatever the run's size.
pub struct Sampler<T> {
    sample: Sample,
    seq: usize,
    keep: BinaryHeap<Ranked<T>>,
}

struct Ranked<T>(u64, usize, T);

impl<T> PartialEq for Ranked<T> {
    fn eq(&self, o: &Ranked<T>) -> bool {
        (self.0, self.1) == (o.0, o.1)
    }
}
impl<T> Eq for Ranked<T> {}
impl<T> PartialOrd for Ranked<T> {
    fn partial_cmp(&self, o: &Ranked<T>) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl<T> Ord for Ranked<T> {
    fn cmp(&self, o: &Ranked<T>) -> std::cmp::Ordering {
        (self.0, self.1).cmp(&(o.0, o.1))
    }
}

impl<T> Sampler<T> {
    pub fn new(sample: Sample) -> Sampler<T> {
        Sampler {
            sample,
            seq: 0,
            keep: BinaryHeap::with_capacity(sample.n + 1),
        }
    }

    pub fn push(&mut self, path: &str, item: T) {
        let rank = mix(batch::fnv1a(path.as_bytes()) ^ mix(self.sample.seed));
        let seq = self.seq;
        self.seq += 1;
        if self.keep.len() < self.sample.n {
            self.keep.push(Ranked(rank, seq, item));
        } else if self
            .keep
            .peek()
            .is_some_and(|top| (rank, seq) < (top.0, top.1))
        {
            self.keep.pop();
            self.keep.push(Ranked(rank, seq, item));
        }
    }

    /// The kept items, in the order they were pushed.
    pub fn finish(self) -> Vec<T> {
        let mut chosen = self.keep.into_vec();
        chosen.sort_by_key(|r| r.1);
        chosen.into_iter().map(|r| r.2).collect()
    }
}

/// SplitMix64's finaliser: spreads FNV's weak low bits so a seed reshuffles every rank.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Writes the report for every record of `inputs` (an archive or container gives one page
/// per record) into `dir` (created if missing).
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
    let pool = batch::pool(options.jobs)?;
    let mut pages = Pages {
        dir: &pages_dir,
        window: pool.current_num_threads() * 4,
        pool,
        pending: Vec::new(),
        rows: Vec::new(),
        written: HashSet::new(),
    };
    match options.sample {
        Some(s) => {
            // Every record is read to rank it; only the chosen are parsed and drawn.
            let mut sampler = Sampler::new(s);
            for i in inputs {
                input::units(i, &options.read, &mut |unit| {
                    let path = unit.path().to_owned();
                    sampler.push(&path, unit);
                    ControlFlow::Continue(())
                });
            }
            for unit in sampler.finish() {
                pages.push(unit)?;
            }
        }
        None => {
            for i in inputs {
                let mut failed = None;
                input::units(i, &options.read, &mut |unit| match pages.push(unit) {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(e) => {
                        failed = Some(e);
                        ControlFlow::Break(())
                    }
                });
                if let Some(e) = failed {
                    return Err(e);
                }
            }
        }
    }
    pages.flush()?;
    let Pages { rows, written, .. } = pages;
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

/// The pages of a report, numbered in record order, parsed and drawn in parallel windows.
struct Pages<'a> {
    dir: &'a Path,
    pool: rayon::ThreadPool,
    window: usize,
    pending: Vec<Unit>,
    rows: Vec<Row>,
    written: HashSet<String>,
}

impl Pages<'_> {
    fn push(&mut self, unit: Unit) -> Result<(), BatchError> {
        self.pending.push(unit);
        if self.pending.len() >= self.window {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), BatchError> {
        let first = self.rows.len() + 1;
        let chunk = std::mem::take(&mut self.pending);
        let dir = self.dir;
        let done: Vec<Result<Row, BatchError>> = self.pool.install(|| {
            chunk
                .into_par_iter()
                .enumerate()
                .map(|(i, unit)| one_page(first + i, unit, dir))
                .collect()
        });
        for row in done {
            let row = row?;
            self.written
                .insert(row.href.trim_start_matches("pages/").to_owned());
            self.rows.push(row);
        }
        Ok(())
    }
}

/// Parses and renders record number `n`, writes its page and returns its index row.
fn one_page(n: usize, unit: Unit, pages_dir: &Path) -> Result<Row, BatchError> {
    let shown = Shown::from(unit);
    let html = super::page(&shown.record, &shown.bytes, shown.base);
    let name = page_name(n, &shown.record.path);
    write_atomic(&pages_dir.join(&name), html.as_bytes())?;
    Ok(row(n, format!("pages/{name}"), &shown.record))
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

    fn sample(paths: &[&str], s: Sample) -> Vec<String> {
        let mut sampler = Sampler::new(s);
        for p in paths {
            sampler.push(p, p.to_string());
        }
        sampler.finish()
    }

    #[test]
    fn samples_depend_on_paths_and_seed_not_order() {
        let names: Vec<String> = (0..200).map(|i| format!("d/p{i}.txt")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut rev = refs.clone();
        rev.reverse();
        let s = Sample { n: 10, seed: 7 };
        let a = sample(&refs, s);
        let mut b = sample(&rev, s);
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
        let c = sample(&refs, Sample { n: 10, seed: 8 });
        assert_ne!(a, c, "another seed, another sample");
        assert_eq!(sample(&refs[..3], s).len(), 3);
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
        let all = || batch::PathInputs::new(vec![src.clone().into_os_string()]);
        let missing = batch::PathInputs::new(vec![dir.path().join("missing.txt").into()]);
        let s = write(all().chain(missing), &out, &Options::default()).unwrap();
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
