//! The one adapter between the Python module and the library's batch engine
//! (`trialparse::batch`): every run the module makes goes through here, so a change of the
//! engine's input API is a change of this file only.
//!
//! Nothing here touches Python: the module calls these functions with the GIL released.

use std::ffi::OsString;
use std::ops::ControlFlow;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;
use trialparse::batch::{self, BatchError, Input, NoProgress, PathInputs};
use trialparse::output::arrow::{self as arrow_out, RowBuffer};
use trialparse::output::tables::{self, Rows, TABLES};
use trialparse::output::Sink;
use trialparse::{read, Format, Record};

/// What to read: paths as the CLI takes them (files, directories walked in path order), or
/// pages already in memory as `(path, bytes)`, each read as a file with those bytes would be
/// (a container or archive gives a record per study or member).
pub enum Inputs {
    Paths(Vec<OsString>),
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
            read: read_options(self.forced),
            jobs: self.jobs,
            window: 0,
        }
    }
}

fn read_options(forced: Option<Format>) -> read::Options {
    read::Options {
        forced,
        ..read::Options::default()
    }
}

/// The one record an input holds, or that it holds none (an empty container) or several (a
/// container or an archive).
pub enum One {
    Record(Box<Record>),
    Empty,
    Several,
}

/// The record of one input, read as `trialparse extract` reads it (an unreadable file is a
/// record with `error`). Counting stops at the second record: the caller only says "several".
fn one(input: Input, forced: Option<Format>) -> One {
    let mut records = Vec::new();
    batch::for_each_unit(input, &read_options(forced), &mut |unit| {
        records.push(unit);
        if records.len() > 1 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    match (records.pop(), records.is_empty()) {
        (Some(unit), true) => One::Record(Box::new(unit.into_record())),
        (None, _) => One::Empty,
        (Some(_), false) => One::Several,
    }
}

/// The record of one file on disk.
pub fn parse_file(path: OsString, forced: Option<Format>) -> One {
    let input = Input::File {
        path: read::path::from_os(&path),
        fs_path: path.into(),
        explicit: true,
    };
    one(input, forced)
}

/// The record of bytes in memory, read as a file holding them.
pub fn parse_bytes(path: String, bytes: Vec<u8>, forced: Option<Format>) -> One {
    one(Input::Member { path, bytes }, forced)
}

/// Runs `sink` over `inputs` in input order, in parallel windows.
fn run<S: Sink>(inputs: Inputs, sink: &mut S, settings: Settings) -> Result<(), BatchError> {
    let options = settings.options();
    match inputs {
        Inputs::Paths(paths) => batch::run(PathInputs::new(paths), sink, &options, &NoProgress)?,
        Inputs::Pages(pages) => {
            let pages = pages
                .into_iter()
                .map(|(path, bytes)| Input::Member { path, bytes });
            batch::run(pages, sink, &options, &NoProgress)?
        }
    };
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

    fn encode(&self, record: Record) -> Record {
        record
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
            // A bug, not an input's fault: pass it on (PyO3 raises it as a PanicException).
            Some(Err(panic)) => std::panic::resume_unwind(panic),
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

    fn encode(&self, record: Record) -> Rows {
        tables::rows(&record)
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
