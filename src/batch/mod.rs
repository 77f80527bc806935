//! Many inputs in, records out in input order: the engine behind `trialparse extract`.
//!
//! Inputs are taken in windows of a few hundred; each window is read and parsed in parallel
//! on a rayon pool, encoded for the output in parallel too, then written in order. Only one
//! window of encoded records is in memory at a time, and each file's bytes live only while
//! that file is parsed, so peak memory depends on the window and the largest file, not on the
//! size of the corpus.
//!
//! The library never prints: progress goes to a [`Progress`] the caller supplies, and the
//! totals come back as a [`Summary`].

pub mod bench;
pub mod input;
pub mod scaling;

pub use input::{sharded, Input, JsonlInputs, PathInputs};

use crate::output::Sink;
use crate::record::{Format, Record};
use rayon::prelude::*;
use std::io::Read;
use std::time::{Duration, Instant};

pub use crate::error::BatchError;

/// A deterministic share of the inputs: worker `k` of `n` takes the paths whose FNV-1a hash
/// is `k` modulo `n`. It depends only on the path, not on listing order or on other inputs,
/// so `n` workers over the same inputs together see each input exactly once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    k: u64,
    n: u64,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("bad shard {0:?}: expected K/N with N >= 1 and 0 <= K < N, e.g. 0/4")]
pub struct ShardError(pub String);

impl Shard {
    pub fn new(k: u64, n: u64) -> Result<Shard, ShardError> {
        if n == 0 || k >= n {
            return Err(ShardError(format!("{k}/{n}")));
        }
        Ok(Shard { k, n })
    }

    /// Whether this shard owns `path`.
    pub fn owns(&self, path: &str) -> bool {
        fnv1a(path.as_bytes()) % self.n == self.k
    }
}

impl std::str::FromStr for Shard {
    type Err = ShardError;

    fn from_str(s: &str) -> Result<Shard, ShardError> {
        let bad = || ShardError(s.to_owned());
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k = k.trim().parse().map_err(|_| bad())?;
        let n = n.trim().parse().map_err(|_| bad())?;
        Shard::new(k, n).map_err(|_| bad())
    }
}

/// 64-bit FNV-1a: tiny, stable across versions and platforms (unlike `std`'s hasher).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Told about each finished record, from worker threads, in no particular order.
pub trait Progress: Sync {
    fn record_done(&self, record: &Record, bytes: u64);
}

/// Reports nothing.
pub struct NoProgress;

impl Progress for NoProgress {
    fn record_done(&self, _: &Record, _: u64) {}
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Skip detection and read every input as this layout.
    pub forced: Option<Format>,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Inputs per window; bounds memory (0 means a default scaled to the thread count).
    pub window: usize,
}

/// Totals of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub pages: u64,
    /// Records whose input could not be read (`error` set).
    pub errors: u64,
    pub warnings: u64,
    pub bytes: u64,
    pub elapsed: Duration,
}

impl Summary {
    pub fn mb(&self) -> f64 {
        self.bytes as f64 / 1e6
    }

    pub fn mb_per_sec(&self) -> f64 {
        self.mb() / self.elapsed.as_secs_f64().max(1e-9)
    }

    pub fn pages_per_sec(&self) -> f64 {
        self.pages as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Reads and parses one input. Never fails: an unreadable input gives a record with `error`.
/// Returns the record and the number of input bytes.
pub fn process(input: Input, forced: Option<Format>) -> (Record, u64) {
    let read = |path: &str, r: std::io::Result<Vec<u8>>| match r {
        Ok(bytes) => {
            let rec = crate::parse_bytes(path, &bytes, forced);
            (rec, bytes.len() as u64)
        }
        Err(source) => {
            let error = BatchError::Read {
                path: path.to_owned(),
                source,
            };
            (Record::failed(path, error.to_string()), 0)
        }
    };
    match input {
        Input::File { path, fs_path } => read(&path, std::fs::read(fs_path)),
        Input::Stdin => {
            let mut bytes = Vec::new();
            let r = std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map(|_| bytes);
            read("-", r)
        }
        Input::Inline { path, content } => {
            let rec = crate::parse_bytes(&path, content.as_bytes(), forced);
            (rec, content.len() as u64)
        }
        Input::Failed { path, error } => (Record::failed(path, error.to_string()), 0),
    }
}

/// A rayon pool with `jobs` threads (0: one per core).
pub fn pool(jobs: usize) -> Result<rayon::ThreadPool, BatchError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| BatchError::Pool {
            threads: jobs,
            message: e.to_string(),
        })
}

/// Parses every input and writes its record to `sink`, in input order. Per-input failures
/// are records with `error`; only a failure to write the output stops the run.
pub fn run<S: Sink>(
    inputs: impl Iterator<Item = Input>,
    sink: &mut S,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Summary, BatchError> {
    let started = Instant::now();
    let pool = pool(options.jobs)?;
    let window = match options.window {
        0 => (pool.current_num_threads() * 32).max(64),
        w => w,
    };
    let mut summary = Summary::default();
    let mut inputs = inputs.peekable();
    while inputs.peek().is_some() {
        let chunk: Vec<Input> = inputs.by_ref().take(window).collect();
        let encoded: Vec<(S::Encoded, Counts)> = pool.install(|| {
            chunk
                .into_par_iter()
                .map(|input| {
                    let (rec, bytes) = process(input, options.forced);
                    progress.record_done(&rec, bytes);
                    let counts = Counts {
                        bytes,
                        warnings: rec.warnings.len() as u64,
                        error: rec.error.is_some(),
                    };
                    (sink.encode(&rec), counts)
                })
                .collect()
        });
        for (enc, counts) in encoded {
            summary.pages += 1;
            summary.bytes += counts.bytes;
            summary.warnings += counts.warnings;
            summary.errors += u64::from(counts.error);
            sink.write(enc)?;
        }
    }
    summary.elapsed = started.elapsed();
    Ok(summary)
}

struct Counts {
    bytes: u64,
    warnings: u64,
    error: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_parses_and_validates() {
        assert_eq!("1/4".parse(), Shard::new(1, 4));
        assert!(Shard::new(1, 4).is_ok());
        for bad in ["4/4", "0/0", "1", "a/2", "-1/2", "1/2/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn fnv1a_matches_reference_values() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn unreadable_input_gives_error_record_with_path() {
        let input = Input::File {
            path: "no/such/file".into(),
            fs_path: "no/such/file".into(),
        };
        let (rec, bytes) = process(input, None);
        assert_eq!(bytes, 0);
        assert_eq!(rec.path, "no/such/file");
        let err = rec.error.unwrap();
        assert!(err.starts_with("no/such/file: cannot read:"), "{err}");
    }
}
