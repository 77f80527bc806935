//! The one adapter between the Python module and the library's batch engine
//! (`trialparse::batch`): every run the module makes goes through here, so a change of the
//! engine's input API is a change of this file only.
//!
//! Nothing here touches Python: the module calls these functions with the GIL released.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;
use trialparse::batch::{self, BatchError, Input, NoProgress, PathInputs};
use trialparse::output::arrow::{self as arrow_out, RowBuffer};
use trialparse::output::tables::{self, Rows, TABLES};
use trialparse::output::Sink;
use trialparse::{Format, Record};

/// What to read: paths as the CLI takes them (files, directories walked in path order), or
/// pages already in memory as `(path, bytes)`.
pub enum Inputs {
    Paths(Vec<String>),
    Pages(Vec<(String, Vec<u8>)>),
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Settings {
    /// Read every input as this layout instead of detecting it.
    pub forced: Option<Format>,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
}

impl Settings {
    fn options(&self) -> batch::Options {
        batch::Options {
            forced: self.forced,
            jobs: self.jobs,
            window: 0,
        }
    }
}

/// One file, exactly as `trialparse extract FILE` reads it (an unreadable file is a record
/// with `error`).
pub fn parse_file(path: String, forced: Option<Format>) -> Record {
    let input = Input::File {
        fs_path: path.clone().into(),
        path,
    };
    batch::process(input, forced).0
}

/// Runs `sink` over `inputs` in input order, in parallel windows.
fn run<S: Sink>(inputs: Inputs, sink: &mut S, settings: Settings) -> Result<(), BatchError> {
    let options = settings.options();
    match inputs {
        Inputs::Paths(paths) => {
            batch::run(PathInputs::new(paths), sink, &options, &NoProgress)?;
        }
        Inputs::Pages(pages) => {
            // Pages are bytes, which `Input::Inline` (a JSON Lines string) cannot carry; they
            // are parsed as `batch::run` does, window by window on the engine's pool.
            let pool = batch::pool(options.jobs)?;
            let window = (pool.current_num_threads() * 32).max(64);
            let mut pages = pages.into_iter().peekable();
            while pages.peek().is_some() {
                let chunk: Vec<(String, Vec<u8>)> = pages.by_ref().take(window).collect();
                let encoded: Vec<S::Encoded> = pool.install(|| {
                    use rayon::prelude::*;
                    chunk
                        .into_par_iter()
                        .map(|(path, bytes)| {
                            sink.encode(&trialparse::parse_bytes(&path, &bytes, options.forced))
                        })
                        .collect()
                });
                for enc in encoded {
                    sink.write(enc)?;
                }
            }
        }
    }
    Ok(())
}

/// Records handed to a consumer through a bounded channel, in chunks (one wake-up of the
/// consumer per chunk, not per record): at most [`QUEUED`] chunks wait for the consumer,
/// however large the corpus.
struct ChannelSink {
    tx: SyncSender<Vec<Record>>,
    chunk: Vec<Record>,
}

/// Records per chunk.
const CHUNK: usize = 64;

/// Chunks waiting for the consumer at most (the engine adds one window being parsed).
const QUEUED: usize = 4;

impl ChannelSink {
    fn send(&mut self) -> Result<(), BatchError> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.chunk, Vec::with_capacity(CHUNK));
        self.tx.send(chunk).map_err(|_| BatchError::Write {
            path: "<python iterator>".into(),
            source: std::io::Error::other("the consumer stopped reading"),
        })
    }
}

impl Sink for ChannelSink {
    type Encoded = Record;

    fn encode(&self, record: &Record) -> Record {
        record.clone()
    }

    fn write(&mut self, record: Record) -> Result<(), BatchError> {
        self.chunk.push(record);
        if self.chunk.len() >= CHUNK {
            self.send()?;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<(), BatchError> {
        self.send()
    }
}

/// Records of a run on a background thread, in input order.
pub struct RecordStream {
    rx: Receiver<Vec<Record>>,
    ready: std::vec::IntoIter<Record>,
    worker: Option<JoinHandle<Result<(), BatchError>>>,
}

impl RecordStream {
    pub fn start(inputs: Inputs, settings: Settings) -> RecordStream {
        let (tx, rx) = mpsc::sync_channel(QUEUED);
        let worker = std::thread::spawn(move || {
            let mut sink = ChannelSink {
                tx,
                chunk: Vec::with_capacity(CHUNK),
            };
            run(inputs, &mut sink, settings)?;
            sink.finish()
        });
        RecordStream {
            rx,
            ready: Vec::new().into_iter(),
            worker: Some(worker),
        }
    }

    /// A record already received, if any (no waiting).
    pub fn ready(&mut self) -> Option<Record> {
        self.ready.next()
    }

    /// The next record, waiting for the workers; `Ok(None)` at the end. A failure to run at
    /// all (no threads) is the error, once.
    pub fn next(&mut self) -> Result<Option<Record>, BatchError> {
        if let Some(record) = self.ready.next() {
            return Ok(Some(record));
        }
        if let Ok(chunk) = self.rx.recv() {
            self.ready = chunk.into_iter();
            return Ok(self.ready.next());
        }
        match self.worker.take().map(JoinHandle::join) {
            None | Some(Ok(Ok(()))) => Ok(None),
            Some(Ok(Err(e))) => Err(e),
            Some(Err(_)) => Err(BatchError::Pool {
                threads: 0,
                message: "the parsing thread panicked".into(),
            }),
        }
    }
}

/// Which tables to build, by index into [`TABLES`].
pub fn table_index(name: &str) -> Option<usize> {
    TABLES.iter().position(|t| t.name == name)
}

/// Rows cut into record batches of about this many bytes of row data.
const BATCH_BYTES: usize = 4 << 20;

/// Record batches of the chosen tables.
struct ArrowSink {
    wanted: Vec<usize>,
    buffers: Vec<RowBuffer>,
    batches: Vec<Vec<arrow_array::RecordBatch>>,
}

fn arrow_err(table: &str, e: impl std::fmt::Display) -> BatchError {
    BatchError::Write {
        path: format!("<{table} table>"),
        source: std::io::Error::other(e.to_string()),
    }
}

impl ArrowSink {
    fn cut(&mut self, t: usize) -> Result<(), BatchError> {
        if let Some(batch) = self.buffers[t].take_batch(&TABLES[t]) {
            self.batches[t].push(batch.map_err(|e| arrow_err(TABLES[t].name, e))?);
        }
        Ok(())
    }
}

impl Sink for ArrowSink {
    type Encoded = Rows;

    fn encode(&self, record: &Record) -> Rows {
        tables::rows(record)
    }

    fn write(&mut self, rows: Rows) -> Result<(), BatchError> {
        let mut rows = rows.tables.map(Some);
        for i in 0..self.wanted.len() {
            let t = self.wanted[i];
            if let Some(r) = rows[t].take().filter(|r| !r.is_empty()) {
                if self.buffers[t].push(r, BATCH_BYTES) {
                    self.cut(t)?;
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<(), BatchError> {
        Ok(())
    }
}

/// The chosen tables (indices into [`TABLES`]) of every input, as record batches in input
/// order (an empty table is no batch).
pub fn tables(
    inputs: Inputs,
    wanted: Vec<usize>,
    settings: Settings,
) -> Result<Vec<(usize, Vec<arrow_array::RecordBatch>)>, BatchError> {
    let mut sink = ArrowSink {
        wanted,
        buffers: TABLES.iter().map(|_| RowBuffer::default()).collect(),
        batches: TABLES.iter().map(|_| Vec::new()).collect(),
    };
    run(inputs, &mut sink, settings)?;
    for t in sink.wanted.clone() {
        sink.cut(t)?;
    }
    let mut batches = sink.batches;
    Ok(sink
        .wanted
        .iter()
        .map(|&t| (t, std::mem::take(&mut batches[t])))
        .collect())
}

/// The Arrow schema of a table.
pub fn schema(t: usize) -> arrow_schema::SchemaRef {
    arrow_out::schema(&TABLES[t])
}
