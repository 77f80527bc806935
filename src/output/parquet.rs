//! Tables as Parquet: a directory per table of part files (`trials/part-00000.parquet`,
//! `trials/part-00001.parquet`, …), the layout Spark, DuckDB, pandas and Polars read as one
//! table. Each row group is one Arrow record batch from [`super::arrow`] written by the
//! `parquet` crate's `ArrowWriter`, so Parquet files and the Python package's Arrow tables
//! have the same columns and types (lists as lists, dates as dates), built by one code path.
//!
//! Every column is optional, Snappy-compressed. Memory is bounded on both sides of the
//! writer: rows are buffered per table and written as a row group once they hold about
//! [`ROW_GROUP_BYTES`], and a part is closed after [`ROW_GROUPS_PER_PART`] row groups,
//! because a Parquet footer lists every row group of its file and stays in memory until
//! the file is closed: one file per table would grow with the corpus.
//!
//! Closed parts stay under hidden temporary names until [`TableWriter::finish`], which
//! renames every table's parts into place and only then removes the parts of an earlier
//! run numbered beyond the new ones (all in [`ParquetTables::publish`]). A run that fails or
//! is killed before that leaves the earlier run's tables whole (plus, if killed, hidden
//! `.part-*.tmp-PID` files).

use super::arrow::RowBuffer;
use super::atomic::{AtomicFile, Completed};
use super::tables::{Row, Table, TableWriter, TABLES};
use crate::error::BatchError;
use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use std::path::{Path, PathBuf};

/// Buffered row data per table before a row group is written: large enough for good
/// compression, small enough that seven tables add only a few MB to peak memory.
pub const ROW_GROUP_BYTES: usize = 1 << 20;

/// Row groups per part file: about 32 MB of row data, some MB on disk. Each row group
/// costs tens of KB of footer metadata in memory until its part is closed.
pub const ROW_GROUPS_PER_PART: usize = 32;

/// When to cut row groups and parts.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub row_group_bytes: usize,
    pub row_groups_per_part: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            row_group_bytes: ROW_GROUP_BYTES,
            row_groups_per_part: ROW_GROUPS_PER_PART,
        }
    }
}

/// The part being written: its writer, file name and row groups so far.
struct OpenPart {
    writer: ArrowWriter<AtomicFile>,
    name: String,
    groups: usize,
}

/// One table's directory and the part being written in it.
struct TableParts {
    dir: PathBuf,
    table: &'static Table,
    schema: SchemaRef,
    open: Option<OpenPart>,
    /// Parts started so far.
    parts: usize,
    /// Closed parts, renamed into place by `finish`.
    closed: Vec<Completed>,
    buffered: RowBuffer,
}

pub struct ParquetTables {
    tables: Vec<TableParts>,
    props: WriterProperties,
    limits: Limits,
}

/// `part-00042.parquet`: sorts in write order, so the parts read back in input order.
pub fn part_name(n: usize) -> String {
    format!("part-{n:05}.parquet")
}

/// The number of a file named like [`part_name`].
fn part_number(name: &str) -> Option<usize> {
    name.strip_prefix("part-")
        .and_then(|r| r.strip_suffix(".parquet"))
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|n| n.parse().ok())
}

fn err(path: &str, e: impl std::fmt::Display) -> BatchError {
    BatchError::Write {
        path: path.to_owned(),
        source: std::io::Error::other(e.to_string()),
    }
}

impl ParquetTables {
    pub fn create(dir: &Path) -> Result<ParquetTables, BatchError> {
        ParquetTables::with_limits(dir, Limits::default())
    }

    /// Makes `DIR/TABLE/` for every table. Parts of an earlier run stay until `finish`.
    pub fn with_limits(dir: &Path, limits: Limits) -> Result<ParquetTables, BatchError> {
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            // Page-level statistics (the column index) stay in memory until the footer is
            // written; chunk statistics are enough here.
            .set_statistics_enabled(EnabledStatistics::Chunk)
            .set_statistics_truncate_length(Some(64))
            .build();
        let mut tables = Vec::with_capacity(TABLES.len());
        for table in &TABLES {
            let dir = dir.join(table.name);
            std::fs::create_dir_all(&dir).map_err(|source| BatchError::Write {
                path: dir.to_string_lossy().into_owned(),
                source,
            })?;
            tables.push(TableParts {
                dir,
                table,
                schema: super::arrow::schema(table),
                open: None,
                parts: 0,
                closed: Vec::new(),
                buffered: RowBuffer::default(),
            });
        }
        Ok(ParquetTables {
            tables,
            props,
            limits,
        })
    }

    /// Puts every table's closed parts in place, then removes an earlier run's parts
    /// numbered beyond them. The only place that touches final names.
    fn publish(&mut self) -> Result<(), BatchError> {
        for t in &mut self.tables {
            for part in t.closed.drain(..) {
                part.rename()?;
            }
        }
        for t in &self.tables {
            t.remove_stale_parts()?;
        }
        Ok(())
    }
}

impl TableParts {
    /// The part being written, started if none is.
    fn part(&mut self, props: &WriterProperties) -> Result<&mut OpenPart, BatchError> {
        if self.open.is_none() {
            let path = self.dir.join(part_name(self.parts));
            let name = path.to_string_lossy().into_owned();
            let writer = ArrowWriter::try_new(
                AtomicFile::create(&path)?,
                self.schema.clone(),
                Some(props.clone()),
            )
            .map_err(|e| err(&name, e))?;
            self.parts += 1;
            self.open = Some(OpenPart {
                writer,
                name,
                groups: 0,
            });
        }
        self.open
            .as_mut()
            .ok_or_else(|| err(&self.dir.to_string_lossy(), "no open part"))
    }

    /// Writes the footer of the open part; `publish` renames it into place.
    fn close_part(&mut self) -> Result<(), BatchError> {
        if let Some(part) = self.open.take() {
            let file = part.writer.into_inner().map_err(|e| err(&part.name, e))?;
            self.closed.push(file.complete()?);
        }
        Ok(())
    }

    /// Removes the `part-NNNNN.parquet` files numbered at or beyond this run's parts.
    fn remove_stale_parts(&self) -> Result<(), BatchError> {
        let name = self.dir.to_string_lossy().into_owned();
        let io_err = |source| BatchError::Write {
            path: name.clone(),
            source,
        };
        for entry in std::fs::read_dir(&self.dir).map_err(io_err)? {
            let path = entry.map_err(io_err)?.path();
            let stale = path
                .file_name()
                .and_then(|n| part_number(&n.to_string_lossy()))
                .is_some_and(|n| n >= self.parts);
            if stale {
                std::fs::remove_file(&path).map_err(io_err)?;
            }
        }
        Ok(())
    }

    /// Writes the buffered rows as one row group; closes the part when it holds `limits`'
    /// row groups.
    fn flush(&mut self, props: &WriterProperties, limits: Limits) -> Result<(), BatchError> {
        let table = self.table;
        let Some(batch) = self.buffered.take_batch(table) else {
            return Ok(());
        };
        let part = self.part(props)?;
        let name = part.name.as_str();
        let batch = batch.map_err(|e| err(name, e))?;
        part.writer.write(&batch).map_err(|e| err(name, e))?;
        part.writer.flush().map_err(|e| err(name, e))?;
        part.groups += 1;
        if part.groups >= limits.row_groups_per_part {
            self.close_part()?;
        }
        Ok(())
    }
}

impl TableWriter for ParquetTables {
    fn write_rows(&mut self, table: usize, rows: Vec<Row>) -> Result<(), BatchError> {
        let limits = self.limits;
        let Some(t) = self.tables.get_mut(table) else {
            return Ok(());
        };
        if t.buffered.push(rows, limits.row_group_bytes) {
            t.flush(&self.props, limits)?;
        }
        Ok(())
    }

    /// Writes what is buffered and closes the last parts, then puts every table's parts in
    /// place; nothing of an earlier run is touched until all tables are complete. A table
    /// without rows still gets one part with its schema, so readers see every table and its
    /// columns.
    fn finish(mut self: Box<Self>) -> Result<(), BatchError> {
        let limits = self.limits;
        for t in &mut self.tables {
            t.flush(&self.props, limits)?;
            if t.parts == 0 {
                t.part(&self.props)?;
            }
            t.close_part()?;
        }
        self.publish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::atomic::tests::names;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    use crate::output::tables::Cell;

    fn rows(n: usize) -> Vec<Row> {
        (0..n)
            .map(|i| vec![Cell::Str(format!("p{i}")), Cell::Null, Cell::Int(i as i64)])
            .collect()
    }

    fn part_rows(dir: &Path) -> Vec<(String, i64, usize)> {
        let mut parts: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        parts.sort();
        parts
            .iter()
            .map(|p| {
                let r = SerializedFileReader::new(std::fs::File::open(p).unwrap()).unwrap();
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (
                    name,
                    r.metadata().file_metadata().num_rows(),
                    r.num_row_groups(),
                )
            })
            .collect()
    }

    #[test]
    fn parts_roll_over_and_empty_tables_get_one_part() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join("trials").join("part-00007.parquet");
        std::fs::create_dir_all(stale.parent().unwrap()).unwrap();
        std::fs::write(&stale, "old run").unwrap();
        let limits = Limits {
            row_group_bytes: 1,
            row_groups_per_part: 2,
        };
        let mut w = Box::new(ParquetTables::with_limits(dir.path(), limits).unwrap());
        for _ in 0..5 {
            w.write_rows(0, rows(3)).unwrap();
        }
        w.finish().unwrap();
        assert_eq!(
            part_rows(&dir.path().join("trials")),
            [
                ("part-00000.parquet".to_string(), 6, 2),
                ("part-00001.parquet".to_string(), 6, 2),
                ("part-00002.parquet".to_string(), 3, 1),
            ]
        );
        assert_eq!(
            part_rows(&dir.path().join("warnings")),
            [("part-00000.parquet".to_string(), 0, 0)]
        );
    }

    fn small() -> Limits {
        Limits {
            row_group_bytes: 1,
            row_groups_per_part: 1,
        }
    }

    #[test]
    fn unfinished_run_leaves_the_earlier_parts_whole() {
        let dir = tempfile::tempdir().unwrap();
        let trials = dir.path().join("trials");
        let mut w = Box::new(ParquetTables::with_limits(dir.path(), small()).unwrap());
        for _ in 0..3 {
            w.write_rows(0, rows(2)).unwrap();
        }
        w.finish().unwrap();
        let before = part_rows(&trials);
        assert_eq!(before.len(), 3);

        // A second run closes two parts, then fails (dropped before finish).
        let mut w = Box::new(ParquetTables::with_limits(dir.path(), small()).unwrap());
        w.write_rows(0, rows(5)).unwrap();
        w.write_rows(0, rows(5)).unwrap();
        assert_eq!(w.tables[0].closed.len(), 2);
        drop(w);
        assert_eq!(part_rows(&trials), before);
        assert_eq!(
            names(&trials),
            [
                "part-00000.parquet",
                "part-00001.parquet",
                "part-00002.parquet"
            ]
        );
    }

    #[test]
    fn finished_run_replaces_parts_and_removes_the_surplus() {
        let dir = tempfile::tempdir().unwrap();
        let trials = dir.path().join("trials");
        let mut w = Box::new(ParquetTables::with_limits(dir.path(), small()).unwrap());
        for _ in 0..3 {
            w.write_rows(0, rows(2)).unwrap();
        }
        w.finish().unwrap();
        std::fs::write(trials.join("notes.txt"), "kept").unwrap();

        let mut w = Box::new(ParquetTables::with_limits(dir.path(), small()).unwrap());
        w.write_rows(0, rows(4)).unwrap();
        w.finish().unwrap();
        assert_eq!(names(&trials), ["notes.txt", "part-00000.parquet"]);
        let r = SerializedFileReader::new(std::fs::File::open(trials.join(part_name(0))).unwrap())
            .unwrap();
        assert_eq!(r.metadata().file_metadata().num_rows(), 4);
    }

    #[test]
    fn part_names_sort_in_write_order() {
        assert_eq!(part_name(3), "part-00003.parquet");
        assert!(part_name(9) < part_name(10));
        assert_eq!(part_number("part-123456.parquet"), Some(123456));
        for other in [
            "part-.parquet",
            "part-1.parquet.tmp",
            ".part-00001.parquet.tmp-1",
            "x.parquet",
        ] {
            assert_eq!(part_number(other), None, "{other}");
        }
    }
}
