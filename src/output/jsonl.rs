//! JSON Lines: one record per line, to standard output or a file.

use super::{AtomicFile, Sink};
use crate::error::BatchError;
use crate::record::Record;
use std::io::{self, Write};

pub struct JsonlSink {
    out: Target,
}

enum Target {
    Stdout(io::BufWriter<io::Stdout>),
    File(AtomicFile),
}

impl JsonlSink {
    pub fn stdout() -> JsonlSink {
        JsonlSink {
            out: Target::Stdout(io::BufWriter::with_capacity(1 << 16, io::stdout())),
        }
    }

    pub fn file(path: impl AsRef<std::path::Path>) -> Result<JsonlSink, BatchError> {
        Ok(JsonlSink {
            out: Target::File(AtomicFile::create(path)?),
        })
    }

    fn name(&self) -> String {
        match &self.out {
            Target::Stdout(_) => "<stdout>".into(),
            Target::File(f) => f.dest().to_string_lossy().into_owned(),
        }
    }
}

/// One record as a JSON line (with its newline).
pub fn encode(record: &Record) -> Vec<u8> {
    let mut buf = Vec::with_capacity(4096);
    // A Record holds only strings, numbers and maps with string keys: serialising cannot fail.
    if serde_json::to_writer(&mut buf, record).is_err() {
        buf.clear();
    }
    buf.push(b'\n');
    buf
}

impl Sink for JsonlSink {
    type Encoded = Vec<u8>;

    fn encode(&self, record: &Record) -> Vec<u8> {
        encode(record)
    }

    fn write(&mut self, line: Vec<u8>) -> Result<(), BatchError> {
        let r = match &mut self.out {
            Target::Stdout(w) => w.write_all(&line),
            Target::File(w) => w.write_all(&line),
        };
        r.map_err(|source| BatchError::Write {
            path: self.name(),
            source,
        })
    }

    fn finish(self) -> Result<(), BatchError> {
        let name = self.name();
        match self.out {
            Target::Stdout(mut w) => w
                .flush()
                .map_err(|source| BatchError::Write { path: name, source }),
            Target::File(f) => f.finish(),
        }
    }
}
