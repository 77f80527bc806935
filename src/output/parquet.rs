//! Tables as Parquet files (`trials.parquet`, …), written with the `parquet` crate's
//! low-level column writer: no Arrow dependency, which keeps the build small.
//!
//! Every column is `OPTIONAL` (strings are `BYTE_ARRAY` annotated UTF-8, integers `INT64`,
//! floats `DOUBLE`, flags `BOOLEAN`), Snappy-compressed. Rows are buffered per table and
//! written as a row group once they hold about [`ROW_GROUP_BYTES`], so memory stays bounded
//! whatever the corpus size.

use super::tables::{Cell, Kind, Row, Table, TableWriter, TABLES};
use super::AtomicFile;
use crate::batch::BatchError;
use parquet::basic::{Compression, ConvertedType, LogicalType, Repetition, Type as Physical};
use parquet::column::writer::ColumnWriter;
use parquet::data_type::ByteArray;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use std::path::Path;
use std::sync::Arc;

/// Buffered row data per table before a row group is written: large enough for good
/// compression, small enough that seven tables add only a few MB to peak memory.
pub const ROW_GROUP_BYTES: usize = 1 << 20;

struct TableFile {
    name: String,
    table: &'static Table,
    writer: SerializedFileWriter<AtomicFile>,
    buffered: Vec<Row>,
    /// Approximate size of `buffered`.
    buffered_bytes: usize,
}

pub struct ParquetTables {
    files: Vec<TableFile>,
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
        let props = Arc::new(
            WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                // Page-level statistics (the column index) stay in memory until the footer
                // is written, growing with the corpus; chunk statistics are enough here.
                .set_statistics_enabled(EnabledStatistics::Chunk)
                .set_statistics_truncate_length(Some(64))
                .build(),
        );
        let mut files = Vec::with_capacity(TABLES.len());
        for table in &TABLES {
            let path = dir.join(format!("{}.parquet", table.name));
            let name = path.to_string_lossy().into_owned();
            let schema = Arc::new(schema(table).map_err(|e| err(&name, e))?);
            let writer =
                SerializedFileWriter::new(AtomicFile::create(&path)?, schema, props.clone())
                    .map_err(|e| err(&name, e))?;
            files.push(TableFile {
                name,
                table,
                writer,
                buffered: Vec::new(),
                buffered_bytes: 0,
            });
        }
        Ok(ParquetTables { files })
    }
}

impl TableFile {
    /// Writes the buffered rows as one row group, column by column.
    fn flush(&mut self) -> Result<(), BatchError> {
        if self.buffered.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.buffered);
        self.buffered_bytes = 0;
        let name = self.name.as_str();
        let mut group = self.writer.next_row_group().map_err(|e| err(name, e))?;
        let mut col_index = 0;
        while let Some(mut col) = group.next_column().map_err(|e| err(name, e))? {
            let cells = rows.iter().map(|r| r.get(col_index).unwrap_or(&Cell::Null));
            let defs: Vec<i16> = cells
                .clone()
                .map(|c| i16::from(!matches!(c, Cell::Null)))
                .collect();
            let written = match col.untyped() {
                ColumnWriter::ByteArrayColumnWriter(w) => {
                    let v: Vec<ByteArray> = cells
                        .filter_map(|c| match c {
                            Cell::Str(s) => Some(ByteArray::from(s.as_str())),
                            _ => None,
                        })
                        .collect();
                    w.write_batch(&v, Some(&defs), None)
                }
                ColumnWriter::Int64ColumnWriter(w) => {
                    let v: Vec<i64> = cells
                        .filter_map(|c| match c {
                            Cell::Int(i) => Some(*i),
                            _ => None,
                        })
                        .collect();
                    w.write_batch(&v, Some(&defs), None)
                }
                ColumnWriter::DoubleColumnWriter(w) => {
                    let v: Vec<f64> = cells
                        .filter_map(|c| match c {
                            Cell::Float(f) => Some(*f),
                            _ => None,
                        })
                        .collect();
                    w.write_batch(&v, Some(&defs), None)
                }
                ColumnWriter::BoolColumnWriter(w) => {
                    let v: Vec<bool> = cells
                        .filter_map(|c| match c {
                            Cell::Bool(b) => Some(*b),
                            _ => None,
                        })
                        .collect();
                    w.write_batch(&v, Some(&defs), None)
                }
                _ => Err(parquet::errors::ParquetError::General(format!(
                    "unexpected column type in table {}",
                    self.table.name
                ))),
            };
            written.map_err(|e| err(name, e))?;
            col.close().map_err(|e| err(name, e))?;
            col_index += 1;
        }
        group.close().map_err(|e| err(name, e))?;
        Ok(())
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
        let Some(file) = self.files.get_mut(table) else {
            return Ok(());
        };
        file.buffered_bytes += rows.iter().flatten().map(cell_bytes).sum::<usize>();
        file.buffered.extend(rows);
        if file.buffered_bytes >= ROW_GROUP_BYTES {
            file.flush()?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), BatchError> {
        for mut file in self.files {
            file.flush()?;
            let inner = file.writer.into_inner().map_err(|e| err(&file.name, e))?;
            inner.finish()?;
        }
        Ok(())
    }
}
