//! JSON Lines: one record per line, to standard output or a file.
//!
//! Lines are serialised on the worker threads, except the line of a huge record (past
//! [`LINE_IN_MEMORY`]): that record is kept and serialised straight into the output when
//! its turn comes, so its JSON, often several times the size of its input, never sits in
//! memory whole.

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

/// Lines up to this many bytes are built in memory on the worker threads.
pub const LINE_IN_MEMORY: usize = 1 << 20;

/// A record ready to be written.
pub enum Line {
    /// The JSON line, with its newline.
    Bytes(Vec<u8>),
    /// A record whose line passed [`LINE_IN_MEMORY`].
    Record(Box<Record>),
}

/// A buffer that refuses to grow past its cap.
struct Capped(Vec<u8>);

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.0.len() + buf.len() > LINE_IN_MEMORY {
            return Err(io::Error::other("line too long to buffer"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
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
    type Encoded = Line;

    fn encode(&self, record: Record) -> Line {
        let mut buf = Capped(Vec::with_capacity(4096));
        // A Record holds only strings, numbers and maps with string keys: only the cap fails.
        match serde_json::to_writer(&mut buf, &record) {
            Ok(()) => {
                buf.0.push(b'\n');
                Line::Bytes(buf.0)
            }
            Err(_) => Line::Record(Box::new(record)),
        }
    }

    fn write(&mut self, line: Line) -> Result<(), BatchError> {
        let out: &mut dyn Write = match &mut self.out {
            Target::Stdout(w) => w,
            Target::File(w) => w,
        };
        let r = match line {
            Line::Bytes(bytes) => out.write_all(&bytes),
            Line::Record(record) => serde_json::to_writer(&mut *out, &record)
                .map_err(io::Error::from)
                .and_then(|()| out.write_all(b"\n")),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Format;
    use crate::span::Mapped;

    #[test]
    fn a_huge_record_is_written_as_the_same_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let mut sink = JsonlSink::file(&path).unwrap();
        let small = Record::new("small", Format::Unknown);
        let mut huge = Record::new("huge", Format::CriteriaText);
        let text = "a \"quoted\" criterion ".repeat(LINE_IN_MEMORY / 10);
        huge.eligibility.other.push(crate::record::Criterion {
            text: Mapped::identity(&text, 0),
            span: crate::span::Span::new(0, text.len()),
            children: Vec::new(),
        });
        let want = [encode(&small), encode(&huge), encode(&small)].concat();
        for rec in [small.clone(), huge, small] {
            let line = sink.encode(rec.clone());
            let deferred = matches!(line, Line::Record(_));
            assert_eq!(deferred, rec.path == "huge");
            sink.write(line).unwrap();
        }
        sink.finish().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), want);
    }
}
