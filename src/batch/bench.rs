//! `trialparse bench`: throughput of the whole per-page pipeline (parse + serialise to JSON)
//! on a corpus held in memory, with one thread and with many, so I/O does not blur the figure.

use super::{pool, BatchError, Input, PathInputs};
use crate::output::jsonl;
use rayon::prelude::*;
use std::time::{Duration, Instant};

/// A corpus loaded into memory: (path, bytes) per file.
pub struct Corpus {
    pub files: Vec<(String, Vec<u8>)>,
}

impl Corpus {
    /// Reads every file under `dir` (walked like `extract` does).
    pub fn load(dir: &str) -> Result<Corpus, BatchError> {
        let mut files = Vec::new();
        for input in PathInputs::new(vec![dir.to_owned()]) {
            match input {
                Input::File { path, fs_path } => {
                    let bytes = std::fs::read(&fs_path).map_err(|source| BatchError::Read {
                        path: path.clone(),
                        source,
                    })?;
                    files.push((path, bytes));
                }
                Input::Failed { error, .. } => return Err(error),
                Input::Stdin | Input::Inline { .. } => {}
            }
        }
        Ok(Corpus { files })
    }

    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|(_, b)| b.len() as u64).sum()
    }
}

/// The best of several timed runs with a given number of threads.
#[derive(Clone, Debug, PartialEq)]
pub struct Timing {
    pub threads: usize,
    pub best: Duration,
    pub pages: u64,
    pub bytes: u64,
}

impl Timing {
    pub fn mb_per_sec(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.best.as_secs_f64().max(1e-9)
    }

    pub fn pages_per_sec(&self) -> f64 {
        self.pages as f64 / self.best.as_secs_f64().max(1e-9)
    }
}

/// One thread and `jobs` threads (0: all cores), each the best of `repeats` runs.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchReport {
    pub single: Timing,
    pub parallel: Timing,
}

impl BenchReport {
    pub fn speedup(&self) -> f64 {
        self.single.best.as_secs_f64() / self.parallel.best.as_secs_f64().max(1e-9)
    }
}

/// Parses and serialises the whole corpus on a fresh pool of `threads` threads (0: all
/// cores), `repeats` times; returns the fastest run. Output bytes are counted, then dropped.
pub fn time(corpus: &Corpus, threads: usize, repeats: usize) -> Result<Timing, BatchError> {
    let pool = pool(threads)?;
    let mut best = Duration::MAX;
    for _ in 0..repeats.max(1) {
        let started = Instant::now();
        let out: usize = pool.install(|| {
            corpus
                .files
                .par_iter()
                .map(|(path, bytes)| jsonl::encode(&crate::parse_bytes(path, bytes, None)).len())
                .sum()
        });
        std::hint::black_box(out);
        best = best.min(started.elapsed());
    }
    Ok(Timing {
        threads: pool.current_num_threads(),
        best,
        pages: corpus.files.len() as u64,
        bytes: corpus.bytes(),
    })
}

pub fn bench(corpus: &Corpus, jobs: usize, repeats: usize) -> Result<BenchReport, BatchError> {
    Ok(BenchReport {
        single: time(corpus, 1, repeats)?,
        parallel: time(corpus, jobs, repeats)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bench_counts_every_page_and_byte() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Inclusion Criteria:\n- Age 18\n").unwrap();
        std::fs::write(dir.path().join("b.txt"), "x").unwrap();
        let corpus = Corpus::load(&dir.path().to_string_lossy()).unwrap();
        let report = bench(&corpus, 2, 1).unwrap();
        assert_eq!(report.single.threads, 1);
        assert_eq!(report.parallel.threads, 2);
        assert_eq!(report.parallel.pages, 2);
        assert_eq!(report.parallel.bytes, 30);
        assert!(report.single.mb_per_sec() > 0.0);
    }
}
