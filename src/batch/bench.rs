//! `trialparse bench`: throughput of the whole per-page pipeline (decode, detect, layout,
//! criteria, extractors, serialise to a JSON line) on a corpus held in memory, so the disk
//! does not blur the figure. Each layout is timed on its own and then the whole corpus, once
//! with one thread and once with many.
//!
//! On a shared machine wall-clock time also counts the time other processes held the cores,
//! so the CPU time the run's threads actually got is measured too (Linux only): bytes per
//! CPU-second is the per-core throughput whatever the load.

use super::{pool, BatchError, Input, PathInputs};
use crate::output::jsonl;
use crate::record::Format;
use rayon::prelude::*;
use std::time::{Duration, Instant};

/// One file held in memory, with the layout detection gives it (or the one forced on it).
pub struct Page {
    pub path: String,
    pub bytes: Vec<u8>,
    pub format: Format,
    /// The layout every run reads it as (`--as`), skipping detection; `None` detects.
    pub forced: Option<Format>,
}

/// A corpus loaded into memory, grouped by layout (in [`Format::ALL`] order), then by path.
pub struct Corpus {
    pub pages: Vec<Page>,
}

/// The part of a file name after its first dot: `find.txt` for `NCT1.find.txt`, `json` for
/// `NCT1.json`, `truth.json` for `NCT1.truth.json`.
pub fn full_extension(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.split_once('.').map_or("", |(_, ext)| ext)
}

impl Corpus {
    /// Reads every file under `dir` (walked like `extract` does) whose
    /// [`full_extension`] is one of `exts` (all files when `exts` is empty).
    pub fn load(dir: &str, exts: &[String]) -> Result<Corpus, BatchError> {
        Corpus::load_as(dir, exts, None)
    }

    /// [`Corpus::load`], every file read as `forced` when given (`bench --as criteria`
    /// times bare criteria text).
    pub fn load_as(
        dir: &str,
        exts: &[String],
        forced: Option<Format>,
    ) -> Result<Corpus, BatchError> {
        let mut pages = Vec::new();
        for input in PathInputs::new(vec![dir.into()]) {
            match input {
                Input::File { path, fs_path, .. } => {
                    if !exts.is_empty() && !exts.iter().any(|e| e == full_extension(&path)) {
                        continue;
                    }
                    let bytes = std::fs::read(&fs_path).map_err(|source| BatchError::Read {
                        path: path.clone(),
                        source,
                    })?;
                    let format = forced.unwrap_or_else(|| {
                        crate::source::decode(&bytes)
                            .map_or(Format::Unknown, |d| crate::detect::detect(d.text.as_str()))
                    });
                    pages.push(Page {
                        path,
                        bytes,
                        format,
                        forced,
                    });
                }
                Input::Failed { error, .. } => return Err(error),
                _ => {}
            }
        }
        pages.sort_by_key(|p| Format::ALL.iter().position(|(f, _)| *f == p.format));
        Ok(Corpus { pages })
    }

    pub fn bytes(&self) -> u64 {
        bytes(&self.pages)
    }

    /// The pages of each layout present, in [`Format::ALL`] order.
    pub fn layouts(&self) -> Vec<(Format, &[Page])> {
        self.pages
            .chunk_by(|a, b| a.format == b.format)
            .filter_map(|group| Some((group.first()?.format, group)))
            .collect()
    }
}

fn bytes(pages: &[Page]) -> u64 {
    pages.iter().map(|p| p.bytes.len() as u64).sum()
}

/// The best of several timed runs with a given number of threads.
#[derive(Clone, Debug, PartialEq)]
pub struct Timing {
    pub threads: usize,
    /// Wall-clock time of the fastest run.
    pub best: Duration,
    /// CPU time the pool's threads got during that run (`None` where it cannot be read).
    pub cpu: Option<Duration>,
    pub pages: u64,
    pub bytes: u64,
}

impl Timing {
    pub fn mb_per_sec(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.best.as_secs_f64().max(1e-9)
    }

    /// Megabytes per CPU-second: the throughput of one core, however loaded the machine.
    pub fn mb_per_cpu_sec(&self) -> Option<f64> {
        let cpu = self.cpu?.as_secs_f64();
        (cpu > 0.0).then(|| self.bytes as f64 / 1e6 / cpu)
    }
}

/// One thread and many threads over the same pages.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The layout timed, or `None` for the whole corpus.
    pub layout: Option<Format>,
    pub single: Timing,
    pub parallel: Timing,
}

impl Row {
    pub fn speedup(&self) -> f64 {
        self.single.best.as_secs_f64() / self.parallel.best.as_secs_f64().max(1e-9)
    }
}

/// A row per layout present, then one for the whole corpus.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchReport {
    pub rows: Vec<Row>,
}

impl BenchReport {
    /// The whole-corpus row.
    pub fn total(&self) -> Option<&Row> {
        self.rows.iter().find(|r| r.layout.is_none())
    }
}

/// Parses and serialises `pages` on `pool`, `repeats` times; returns the fastest run.
/// Output bytes are counted, then dropped.
pub fn time(pool: &rayon::ThreadPool, pages: &[Page], repeats: usize) -> Timing {
    let mut best = Duration::MAX;
    let mut best_cpu = None;
    for _ in 0..repeats.max(1) {
        let cpu_before = cpu_time();
        let started = Instant::now();
        let out: usize = pool.install(|| {
            pages
                .par_iter()
                .map(|p| jsonl::encode(&crate::parse_bytes(&p.path, &p.bytes, p.forced)).len())
                .sum()
        });
        let elapsed = started.elapsed();
        std::hint::black_box(out);
        if elapsed < best {
            best = elapsed;
            best_cpu = cpu_time()
                .zip(cpu_before)
                .map(|(after, before)| after.saturating_sub(before));
        }
    }
    Timing {
        threads: pool.current_num_threads(),
        best,
        cpu: best_cpu,
        pages: pages.len() as u64,
        bytes: bytes(pages),
    }
}

/// Times each layout and then the whole corpus with 1 thread and with `jobs` threads
/// (0: all cores), each the best of `repeats` runs. One untimed pass first builds the
/// lazily compiled patterns, so no row pays for them.
pub fn bench(corpus: &Corpus, jobs: usize, repeats: usize) -> Result<BenchReport, BatchError> {
    let single = pool(1)?;
    let parallel = pool(jobs)?;
    time(&parallel, &corpus.pages, 1);
    let groups = corpus
        .layouts()
        .into_iter()
        .map(|(f, pages)| (Some(f), pages))
        .chain([(None, corpus.pages.as_slice())]);
    let rows = groups
        .map(|(layout, pages)| Row {
            layout,
            single: time(&single, pages, repeats),
            parallel: time(&parallel, pages, repeats),
        })
        .collect();
    Ok(BenchReport { rows })
}

/// CPU time used so far by all threads of this process, from `/proc/self/task/*/schedstat`
/// (nanoseconds on a CPU). Threads that have exited are not counted, so compare two readings
/// taken while the same threads live.
pub fn cpu_time() -> Option<Duration> {
    let mut total = 0u64;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let stat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(Duration::from_nanos(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_extension_is_everything_after_the_first_dot() {
        assert_eq!(full_extension("pages/NCT1.find.txt"), "find.txt");
        assert_eq!(full_extension("pages/NCT1.truth.json"), "truth.json");
        assert_eq!(full_extension("a.b/NCT1.json"), "json");
        assert_eq!(full_extension("README"), "");
    }

    #[test]
    fn bench_times_each_layout_and_the_whole() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Inclusion Criteria:\n- Age 18\n").unwrap();
        std::fs::write(dir.path().join("b.txt"), "Quick facts\n\nx\n").unwrap();
        std::fs::write(dir.path().join("c.json"), "{}").unwrap();
        let corpus = Corpus::load(&dir.path().to_string_lossy(), &[]).unwrap();
        let layouts: Vec<_> = corpus
            .layouts()
            .iter()
            .map(|(f, p)| (*f, p.len()))
            .collect();
        assert_eq!(layouts, [(Format::FindATrial, 1), (Format::Unknown, 2)]);
        let report = bench(&corpus, 2, 1).unwrap();
        assert_eq!(report.rows.len(), 3);
        let total = report.total().unwrap();
        assert_eq!(total.single.threads, 1);
        assert_eq!(total.parallel.threads, 2);
        assert_eq!(total.parallel.pages, 3);
        assert_eq!(total.parallel.bytes, 29 + 15 + 2);
        assert!(total.single.mb_per_sec() > 0.0);
    }

    #[test]
    fn extensions_filter_the_corpus() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.json"), "{}").unwrap();
        std::fs::write(dir.path().join("a.truth.json"), "{}").unwrap();
        let corpus = Corpus::load(&dir.path().to_string_lossy(), &["json".into()]).unwrap();
        assert_eq!(corpus.pages.len(), 1);
        assert!(corpus.pages[0].path.ends_with("a.json"));
    }

    #[test]
    fn cpu_time_grows_with_work() {
        let Some(before) = cpu_time() else { return };
        let mut x = 0u64;
        for i in 0..5_000_000u64 {
            x = std::hint::black_box(x.wrapping_add(i));
        }
        assert!(cpu_time().unwrap() > before);
    }
}
