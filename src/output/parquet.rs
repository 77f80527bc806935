//! Tables as Parquet: a directory per table of part files (`trials/part-00000.parquet`,
//! `trials/part-00001.parquet`, …), the layout Spark, DuckDB, pandas and Polars read as one
//! table. Written with the `parquet` crate's low-level column writer: no Arrow dependency,
//! which keeps the build small.
//!
//! Every column is `OPTIONAL` (strings are `BYTE_ARRAY` annotated UTF-8, integers `INT64`,
//! floats `DOUBLE`, flags `BOOLEAN`), Snappy-compressed. Memory is bounded on both sides of
//! the writer: rows are buffered per table and written as a row group once they hold about
//! [`ROW_GROUP_BYTES`], and a part is closed after [`ROW_GROUPS_PER_PART`] row groups,
//! because a Parquet footer lists every row group of its file and stays in memory until
//! the file is closed: one file per table would grow with the corpus.
//!
//! Closed parts stay under hidden temporary names until [`TableWriter::finish`], which
//! renames every table's parts into place and only then removes the parts of an earlier
//! run numbered beyond the new ones. A run that fails or is killed before that leaves the
//! earlier run's tables whole (plus, if killed, hidden `.part-*.tmp-PID` files).

use super::atomic::{AtomicFile, Completed};
use super::tables::{Cell, Kind, Row, Table, TableWriter, TABLES};
use crate::error::BatchError;
use parquet::basic::{Compression, ConvertedType, LogicalType, Repetition, Type as Physical};
use parquet::column::writer::ColumnWriter;
use parquet::data_type::ByteArray;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// One table's directory and the part being written in it.
struct TableParts {
    dir: PathBuf,
    table: &'static Table,
    schema: Arc<Type>,
    props: Arc<WriterProperties>,
    /// The part being written, with its number and row groups so far.
    open: Option<(SerializedFileWriter<AtomicFile>, String, usize)>,
    /// Parts started so far.
    parts: usize,
    /// Closed parts, renamed into place by `finish`.
    closed: Vec<Completed>,
    buffered: Vec<Row>,
    /// Approximate size of `buffered`.
    buffered_bytes: usize,
}

pub struct ParquetTables {
    tables: Vec<TableParts>,
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

fn schema(table: &Table) -> parquet::errors::Result<Type> {
    let mut fields = Vec::with_capacity(table.columns.len());
    for &(name, kind) in table.columns {
        let field = match kind {
            Kind::Str => Type::primitive_type_builder(name, Physical::BYTE_ARRAY)
                .with_logical_type(Some(LogicalType::String))
                .with_converted_type(ConvertedType::UTF8),
            Kind::Int => Type::primitive_type_builder(name, Physical::INT64),
            Kind::Float => Type::primitive_type_builder(name, Physical::DOUBLE),
            Kind::Bool => Type::primitive_type_builder(name, Physical::BOOLEAN),
        };
        fields.push(Arc::new(
            field.with_repetition(Repetition::OPTIONAL).build()?,
        ));
    }
    Type::group_type_builder(table.name)
        .with_fields(fields)
        .build()
}

impl ParquetTables {
    pub fn create(dir: &Path) -> Result<ParquetTables, BatchError> {
        ParquetTables::with_limits(dir, Limits::default())
    }

    /// Makes `DIR/TABLE/` for every table. Parts of an earlier run stay until `finish`.
    pub fn with_limits(dir: &Path, limits: Limits) -> Result<ParquetTables, BatchError> {
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                // Page-level statistics (the column index) stay in memory until the footer
                // is written; chunk statistics are enough here.
                .set_statistics_enabled(EnabledStatistics::Chunk)
                .set_statistics_truncate_length(Some(64))
                .build(),
        );
        let mut tables = Vec::with_capacity(TABLES.len());
        for table in &TABLES {
            let dir = dir.join(table.name);
            let name = dir.to_string_lossy().into_owned();
            std::fs::create_dir_all(&dir).map_err(|source| BatchError::Write {
                path: name.clone(),
                source,
            })?;
            tables.push(TableParts {
                dir,
                table,
                schema: Arc::new(schema(table).map_err(|e| err(&name, e))?),
                props: props.clone(),
                open: None,
                parts: 0,
                closed: Vec::new(),
                buffered: Vec::new(),
                buffered_bytes: 0,
            });
        }
        Ok(ParquetTables { tables, limits })
    }
}

impl TableParts {
    /// The part being written, started if none is.
    fn part(
        &mut self,
    ) -> Result<&mut (SerializedFileWriter<AtomicFile>, String, usize), BatchError> {
        if self.open.is_none() {
            let path = self.dir.join(part_name(self.parts));
            let name = path.to_string_lossy().into_owned();
            let writer = SerializedFileWriter::new(
                AtomicFile::create(&path)?,
                self.schema.clone(),
                self.props.clone(),
            )
            .map_err(|e| err(&name, e))?;
            self.parts += 1;
            self.open = Some((writer, name, 0));
        }
        self.open
            .as_mut()
            .ok_or_else(|| err(&self.dir.to_string_lossy(), "no open part"))
    }

    /// Writes the footer of the open part; `finish` renames it into place.
    fn close_part(&mut self) -> Result<(), BatchError> {
        if let Some((writer, name, _)) = self.open.take() {
            let file = writer.into_inner().map_err(|e| err(&name, e))?;
            self.closed.push(file.complete()?);
        }
        Ok(())
    }

    /// Renames the closed parts into place, then removes an earlier run's parts numbered
    /// beyond them.
    fn publish(&mut self) -> Result<(), BatchError> {
        for part in self.closed.drain(..) {
            part.rename()?;
        }
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

    /// Writes the buffered rows as one row group, column by column; closes the part when
    /// it holds `per_part` row groups.
    fn flush(&mut self, per_part: usize) -> Result<(), BatchError> {
        if self.buffered.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.buffered);
        self.buffered_bytes = 0;
        let table = self.table.name;
        let (writer, name, groups) = self.part()?;
        let name = name.as_str();
        let mut group = writer.next_row_group().map_err(|e| err(name, e))?;
        let mut col_index = 0;
        while let Some(mut col) = group.next_column().map_err(|e| err(name, e))? {
            let cells = rows.iter().map(|r| r.get(col_index).unwrap_or(&Cell::Null));
            write_column(col.untyped(), cells, table).map_err(|e| err(name, e))?;
            col.close().map_err(|e| err(name, e))?;
            col_index += 1;
        }
        group.close().map_err(|e| err(name, e))?;
        *groups += 1;
        if *groups >= per_part {
            self.close_part()?;
        }
        Ok(())
    }
}

/// Writes one column of a row group: definition levels for nulls, values for the rest.
fn write_column<'c>(
    col: &mut ColumnWriter<'_>,
    cells: impl Iterator<Item = &'c Cell> + Clone,
    table: &str,
) -> parquet::errors::Result<usize> {
    let defs: Vec<i16> = cells
        .clone()
        .map(|c| i16::from(!matches!(c, Cell::Null)))
        .collect();
    // The non-null values of one physical type, in row order.
    fn values<'c, T>(
        cells: impl Iterator<Item = &'c Cell>,
        pick: impl Fn(&'c Cell) -> Option<T>,
    ) -> Vec<T> {
        cells.filter_map(pick).collect()
    }
    match col {
        ColumnWriter::ByteArrayColumnWriter(w) => {
            let v = values(cells, |c| match c {
                Cell::Str(s) => Some(ByteArray::from(s.as_str())),
                _ => None,
            });
            w.write_batch(&v, Some(&defs), None)
        }
        ColumnWriter::Int64ColumnWriter(w) => {
            let v = values(cells, |c| match c {
                Cell::Int(i) => Some(*i),
                _ => None,
            });
            w.write_batch(&v, Some(&defs), None)
        }
        ColumnWriter::DoubleColumnWriter(w) => {
            let v = values(cells, |c| match c {
                Cell::Float(f) => Some(*f),
                _ => None,
            });
            w.write_batch(&v, Some(&defs), None)
        }
        ColumnWriter::BoolColumnWriter(w) => {
            let v = values(cells, |c| match c {
                Cell::Bool(b) => Some(*b),
                _ => None,
            });
            w.write_batch(&v, Some(&defs), None)
        }
        _ => Err(parquet::errors::ParquetError::General(format!(
            "unexpected column type in table {table}"
        ))),
    }
}

fn cell_bytes(cell: &Cell) -> usize {
    std::mem::size_of::<Cell>()
        + match cell {
            Cell::Str(s) => s.len(),
            _ => 0,
        }
}

impl TableWriter for ParquetTables {
    fn write_rows(&mut self, table: usize, rows: Vec<Row>) -> Result<(), BatchError> {
        let limits = self.limits;
        let Some(t) = self.tables.get_mut(table) else {
            return Ok(());
        };
        t.buffered_bytes += rows.iter().flatten().map(cell_bytes).sum::<usize>();
        t.buffered.extend(rows);
        if t.buffered_bytes >= limits.row_group_bytes {
            t.flush(limits.row_groups_per_part)?;
        }
        Ok(())
    }

    /// Writes what is buffered and closes the last parts, then puts every table's parts in
    /// place; nothing of an earlier run is touched until all tables are complete. A table
    /// without rows still gets one part with its schema, so readers see every table and its
    /// columns.
    fn finish(mut self: Box<Self>) -> Result<(), BatchError> {
        let per_part = self.limits.row_groups_per_part;
        for t in &mut self.tables {
            t.flush(per_part)?;
            if t.parts == 0 {
                t.part()?;
            }
            t.close_part()?;
        }
        for t in &mut self.tables {
            t.publish()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::atomic::tests::names;
    use parquet::file::reader::{FileReader, SerializedFileReader};

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
