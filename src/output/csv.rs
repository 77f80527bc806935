//! Tables as CSV files (`trials.csv`, `criteria.csv`, …), one header line each; null is an
//! empty field, numbers print as integers when whole, booleans as `true`/`false`, dates as
//! `YYYY-MM-DD`, lists as JSON array text.

use super::tables::{iso_from_days, Cell, Row, TableWriter, TABLES};
use super::AtomicFile;
use crate::error::BatchError;
use crate::record::Number;
use std::path::Path;

pub struct CsvTables {
    writers: Vec<(String, csv::Writer<AtomicFile>)>,
}

fn write_err(path: &str, e: csv::Error) -> BatchError {
    let source = match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    };
    BatchError::Write {
        path: path.to_owned(),
        source,
    }
}

impl CsvTables {
    /// Creates every table file in `dir` (under temporary names) with its header.
    pub fn create(dir: &Path) -> Result<CsvTables, BatchError> {
        let mut writers = Vec::with_capacity(TABLES.len());
        for table in &TABLES {
            let path = dir.join(format!("{}.csv", table.name));
            let name = path.to_string_lossy().into_owned();
            let mut w = csv::Writer::from_writer(AtomicFile::create(&path)?);
            w.write_record(table.columns.iter().map(|(c, _)| c))
                .map_err(|e| write_err(&name, e))?;
            writers.push((name, w));
        }
        Ok(CsvTables { writers })
    }
}

/// A cell as CSV field text.
pub fn field(cell: &Cell) -> std::borrow::Cow<'_, str> {
    match cell {
        Cell::Null => "".into(),
        Cell::Str(s) => s.as_str().into(),
        Cell::Int(i) => i.to_string().into(),
        Cell::Float(f) => match Number(*f).as_whole() {
            Some(i) => i.to_string().into(),
            None => f.to_string().into(),
        },
        Cell::Bool(b) => if *b { "true" } else { "false" }.into(),
        Cell::Date(days) => iso_from_days(*days).into(),
        Cell::StrList(v) => json(v),
        Cell::Places(v) => json(v),
    }
}

fn json<T: serde::Serialize>(v: &T) -> std::borrow::Cow<'static, str> {
    serde_json::to_string(v).unwrap_or_default().into()
}

impl TableWriter for CsvTables {
    fn write_rows(&mut self, table: usize, rows: Vec<Row>) -> Result<(), BatchError> {
        let Some((name, w)) = self.writers.get_mut(table) else {
            return Ok(());
        };
        for row in &rows {
            for cell in row {
                w.write_field(field(cell).as_bytes())
                    .map_err(|e| write_err(name, e))?;
            }
            w.write_record(None::<&[u8]>)
                .map_err(|e| write_err(name, e))?;
        }
        Ok(())
    }

    /// Completes every table before renaming any, so a failure leaves the earlier run's
    /// tables as they were rather than a mix of two runs.
    fn finish(self: Box<Self>) -> Result<(), BatchError> {
        let mut done = Vec::with_capacity(self.writers.len());
        for (name, w) in self.writers {
            let file = w.into_inner().map_err(|e| BatchError::Write {
                path: name.clone(),
                source: std::io::Error::other(e.to_string()),
            })?;
            done.push(file.complete()?);
        }
        done.into_iter().try_for_each(|f| f.rename())
    }
}
