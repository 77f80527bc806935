//! Where records go: JSON Lines (the default) or flat tables as CSV or Parquet.
//!
//! Every output is a [`Sink`]: `encode` runs on worker threads (serialising is as much work
//! as parsing, so it is done in parallel), `write` runs on one thread in input order.
//! Files are written through [`AtomicFile`], so an interrupted run never leaves a
//! half-written file under its final name.

pub mod arrow;
pub mod atomic;
pub mod csv;
pub mod jsonl;
pub mod parquet;
pub mod tables;

pub use atomic::AtomicFile;

use crate::error::BatchError;
use crate::record::Record;

/// An output for records, written in input order.
pub trait Sink: Sync {
    /// A record turned into what this sink writes; built in parallel.
    type Encoded: Send;

    fn encode(&self, record: &Record) -> Self::Encoded;

    fn write(&mut self, encoded: Self::Encoded) -> Result<(), BatchError>;

    /// Completes the output (flush, footer, rename into place).
    fn finish(self) -> Result<(), BatchError>;
}

/// JSON Lines, tables, or both in one pass.
pub struct Outputs {
    pub jsonl: Option<jsonl::JsonlSink>,
    pub tables: Option<tables::TableSink>,
}

impl Sink for Outputs {
    type Encoded = (Option<Vec<u8>>, Option<tables::Rows>);

    fn encode(&self, record: &Record) -> Self::Encoded {
        (
            self.jsonl.as_ref().map(|s| s.encode(record)),
            self.tables.as_ref().map(|s| s.encode(record)),
        )
    }

    fn write(&mut self, (json, rows): Self::Encoded) -> Result<(), BatchError> {
        if let (Some(sink), Some(json)) = (self.jsonl.as_mut(), json) {
            sink.write(json)?;
        }
        if let (Some(sink), Some(rows)) = (self.tables.as_mut(), rows) {
            sink.write(rows)?;
        }
        Ok(())
    }

    fn finish(self) -> Result<(), BatchError> {
        if let Some(sink) = self.jsonl {
            sink.finish()?;
        }
        if let Some(sink) = self.tables {
            sink.finish()?;
        }
        Ok(())
    }
}
