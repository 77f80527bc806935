//! Many inputs in, records out in input order: the engine behind `trialparse extract`.
//!
//! Inputs are taken in windows; each window is opened and parsed in parallel on a rayon
//! pool, encoded for the output in parallel too, then written in order. A window holds at
//! most [`Options::window`] inputs and about [`WINDOW_BYTES`] of input bytes held in memory,
//! and each file's bytes live only while that file is parsed, so peak memory depends on the
//! window and the largest document, not on the size of the corpus.
//!
//! An input that opens into many (an archive, a JSON container: see [`crate::read`]) is
//! expanded where it stands: its members go through windows of their own, and only then
//! does the run go on with the inputs after it, so records stay in input order.
//!
//! The library never prints: progress goes to a [`Progress`] the caller supplies, and the
//! totals come back as a [`Summary`].

pub mod bench;
pub mod scaling;

pub use crate::read::input;
pub use crate::read::{fnv1a, sharded, Input, JsonlInputs, PathInputs, Shard, ShardError};

use crate::output::Sink;
use crate::read::{self, Document, Expansion, Opened};
use crate::record::{Format, Record};
use rayon::prelude::*;
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

pub use crate::error::BatchError;

/// Input bytes a window may hold before it is processed (members and studies already in
/// memory; files are read by the workers).
pub const WINDOW_BYTES: usize = 16 << 20;

/// Told about each finished record, from worker threads, in no particular order.
pub trait Progress: Sync {
    fn record_done(&self, record: &Record, bytes: u64);

    /// The number of records to expect changed by `delta`: an input opened into `n`
    /// members or studies (told as they are found, and `-1` for the input itself).
    fn units_found(&self, _delta: i64) {}
}

/// Reports nothing.
pub struct NoProgress;

impl Progress for NoProgress {
    fn record_done(&self, _: &Record, _: u64) {}
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// How inputs are read: `--as`, `--max-file-size`, member globs, shard.
    pub read: read::Options,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Inputs per window; bounds memory (0 means a default scaled to the thread count).
    pub window: usize,
}

/// Totals of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Records written.
    pub pages: u64,
    /// Records whose input could not be read (`error` set).
    pub errors: u64,
    pub warnings: u64,
    pub bytes: u64,
    /// Records per layout, in [`Format::ALL`] order (formats with no record left out).
    pub formats: Vec<(Format, u64)>,
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

    /// Records read as `format`.
    pub fn count(&self, format: Format) -> u64 {
        self.formats
            .iter()
            .find(|(f, _)| *f == format)
            .map_or(0, |(_, n)| *n)
    }

    fn add(&mut self, c: &Counts) {
        self.pages += 1;
        self.bytes += c.bytes;
        self.warnings += c.warnings;
        self.errors += u64::from(c.error);
        match self.formats.iter_mut().find(|(f, _)| *f == c.format) {
            Some((_, n)) => *n += 1,
            None => {
                self.formats.push((c.format, 1));
                let order = |f: &Format| Format::ALL.iter().position(|(g, _)| g == f);
                self.formats.sort_by_key(|(f, _)| order(f));
            }
        }
    }
}

/// Opens and parses one input on the calling thread, expanding archives and containers:
/// every record it gives, in order. For a few inputs; [`run`] is the parallel engine.
pub fn records(input: Input, options: &read::Options) -> Vec<Record> {
    let mut out = Vec::new();
    for_each_record(input, options, &mut |r| out.push(r));
    out
}

/// [`records`], handing each record to `f` as soon as it is parsed (an archive of any size
/// streams through).
pub fn for_each_record(input: Input, options: &read::Options, f: &mut dyn FnMut(Record)) {
    for_each_unit(input, options, &mut |unit| {
        f(unit.into_record());
        ControlFlow::Continue(())
    });
}

/// One thing an input holds, before parsing: a document, or a record that is ready as it is
/// (an input that could not be read, values of a container that are not studies).
pub enum Unit {
    Document(Document),
    Record(Box<Record>),
}

impl Unit {
    /// The record path of the unit.
    pub fn path(&self) -> &str {
        match self {
            Unit::Document(doc) => &doc.path,
            Unit::Record(rec) => &rec.path,
        }
    }

    /// The unit's record: a document parsed, or the ready record.
    pub fn into_record(self) -> Record {
        match self {
            Unit::Document(doc) => crate::page::parse_document(&doc),
            Unit::Record(rec) => *rec,
        }
    }
}

/// Opens one input on the calling thread and hands `f` every unit it holds, in order,
/// expanding archives and containers; `f` returns `Break` to stop early. For callers that
/// need a record's bytes as well as the record (the `show` pages).
pub fn for_each_unit(
    input: Input,
    options: &read::Options,
    f: &mut dyn FnMut(Unit) -> ControlFlow<()>,
) {
    let _ = visit(input, options, 0, f);
}

fn visit(
    input: Input,
    options: &read::Options,
    depth: usize,
    f: &mut dyn FnMut(Unit) -> ControlFlow<()>,
) -> Result<(), ()> {
    let flow = match read::open(input, options) {
        Opened::Document(doc) => f(Unit::Document(doc)),
        Opened::Record(rec) => f(Unit::Record(rec)),
        Opened::Skip => ControlFlow::Continue(()),
        Opened::Expand(e) if depth >= read::MAX_NESTING => f(Unit::Record(Box::new(too_deep(&e)))),
        Opened::Expand(e) => {
            return e.expand(options, &mut |i| visit(i, options, depth + 1, f));
        }
    };
    match flow {
        ControlFlow::Continue(()) => Ok(()),
        ControlFlow::Break(()) => Err(()),
    }
}

fn too_deep(e: &Expansion) -> Record {
    let error = BatchError::Archive {
        path: e.path().to_owned(),
        message: format!(
            "archives and containers nested more than {} deep are not read",
            read::MAX_NESTING
        ),
    };
    Record::failed(e.path().to_owned(), error.to_string())
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

/// Parses every input and writes its records to `sink`, in input order. Per-input failures
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
    let mut runner = Runner {
        pool,
        sink,
        read: &options.read,
        progress,
        window,
        pending: Vec::new(),
        pending_bytes: 0,
        depth: 0,
        summary: Summary::default(),
    };
    for input in inputs {
        runner.push(input)?;
    }
    runner.flush()?;
    let mut summary = runner.summary;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

struct Counts {
    bytes: u64,
    warnings: u64,
    error: bool,
    format: Format,
}

/// What a worker made of one input.
enum Outcome<E> {
    Done(E, Counts),
    Expand(Expansion),
    Skip,
}

struct Runner<'a, S: Sink> {
    pool: rayon::ThreadPool,
    sink: &'a mut S,
    read: &'a read::Options,
    progress: &'a dyn Progress,
    window: usize,
    pending: Vec<Input>,
    pending_bytes: usize,
    /// How many expansions are open around the inputs being pushed.
    depth: usize,
    summary: Summary,
}

impl<S: Sink> Runner<'_, S> {
    fn push(&mut self, input: Input) -> Result<(), BatchError> {
        if self.depth > 0 {
            self.progress.units_found(1);
        }
        self.pending_bytes += input.held_bytes();
        self.pending.push(input);
        if self.pending.len() >= self.window || self.pending_bytes >= WINDOW_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Processes the pending window and writes its records; expansions run in place.
    fn flush(&mut self) -> Result<(), BatchError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::take(&mut self.pending);
        self.pending_bytes = 0;
        let (sink, read, progress) = (&*self.sink, self.read, self.progress);
        let outcomes: Vec<Outcome<S::Encoded>> = self.pool.install(|| {
            chunk
                .into_par_iter()
                .map(|input| {
                    let (rec, bytes) = match read::open(input, read) {
                        Opened::Document(doc) => {
                            let rec = crate::page::parse_document(&doc);
                            (rec, doc.bytes.len() as u64)
                        }
                        Opened::Record(rec) => (*rec, 0),
                        Opened::Expand(e) => return Outcome::Expand(e),
                        Opened::Skip => return Outcome::Skip,
                    };
                    progress.record_done(&rec, bytes);
                    let counts = Counts {
                        bytes,
                        warnings: rec.warnings.len() as u64,
                        error: rec.error.is_some(),
                        format: rec.format,
                    };
                    Outcome::Done(sink.encode(rec), counts)
                })
                .collect()
        });
        for outcome in outcomes {
            match outcome {
                Outcome::Done(enc, counts) => {
                    self.summary.add(&counts);
                    self.sink.write(enc)?;
                }
                Outcome::Expand(e) => self.expand(e)?,
                Outcome::Skip => self.progress.units_found(-1),
            }
        }
        Ok(())
    }

    /// Runs an expansion's inputs through windows of their own before anything after it.
    fn expand(&mut self, e: Expansion) -> Result<(), BatchError> {
        self.progress.units_found(-1);
        if self.depth >= read::MAX_NESTING {
            let rec = too_deep(&e);
            self.progress.units_found(1);
            self.progress.record_done(&rec, 0);
            self.summary.add(&Counts {
                bytes: 0,
                warnings: 0,
                error: true,
                format: rec.format,
            });
            let enc = self.sink.encode(rec);
            return self.sink.write(enc);
        }
        self.depth += 1;
        let read = self.read;
        let result = e
            .expand(read, &mut |input| self.push(input))
            .and_then(|()| self.flush());
        self.depth -= 1;
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_input_gives_error_record_with_path() {
        let input = Input::File {
            path: "no/such/file".into(),
            fs_path: "no/such/file".into(),
            explicit: true,
        };
        let recs = records(input, &read::Options::default());
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].path, "no/such/file");
        let err = recs[0].error.as_deref().unwrap();
        assert!(err.starts_with("no/such/file: cannot read:"), "{err}");
    }

    #[test]
    fn summary_counts_records_per_format_in_format_order() {
        let mut s = Summary::default();
        for format in [Format::Unknown, Format::RegistryJson, Format::Unknown] {
            s.add(&Counts {
                bytes: 1,
                warnings: 0,
                error: false,
                format,
            });
        }
        assert_eq!(s.formats, [(Format::RegistryJson, 1), (Format::Unknown, 2)]);
        assert_eq!(s.count(Format::Unknown), 2);
        assert_eq!(s.count(Format::FindATrial), 0);
    }
}
