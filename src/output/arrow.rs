//! Table rows as Arrow record batches with native types: the one columnar form of the tables,
//! written to Parquet by [`super::parquet`] and handed to Python (zero-copy, through the Arrow
//! C data interface) by the `trialparse` Python package.
//!
//! Column types follow [`Kind`]: strings `utf8`, integers `int64`, numbers `float64`, flags
//! `bool`, dates `date32`, string lists `list<utf8>`, places `list<struct<city, region>>`.
//! Every column is nullable, as in [`super::tables`]. Rows are buffered per table
//! ([`RowBuffer`]) and cut into batches of about a fixed size, so neither Parquet nor Python
//! callers hold more than one batch of unconverted rows per table.

use super::tables::{Cell, Kind, Row, Table, TABLES};
use crate::record::Place;
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, ListArray, RecordBatch,
    StringArray, StructArray,
};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{ArrowError, DataType, Field, Fields, Schema, SchemaRef};
use std::sync::Arc;

/// The fields of a `{city, region}` place.
fn place_fields() -> Fields {
    Fields::from(vec![
        Field::new("city", DataType::Utf8, true),
        Field::new("region", DataType::Utf8, true),
    ])
}

/// The element field of a list column.
fn item(data_type: DataType) -> Arc<Field> {
    Arc::new(Field::new("item", data_type, true))
}

/// The Arrow type of a column kind.
pub fn data_type(kind: Kind) -> DataType {
    match kind {
        Kind::Str => DataType::Utf8,
        Kind::Int => DataType::Int64,
        Kind::Float => DataType::Float64,
        Kind::Bool => DataType::Boolean,
        Kind::Date => DataType::Date32,
        Kind::StrList => DataType::List(item(DataType::Utf8)),
        Kind::Places => DataType::List(item(DataType::Struct(place_fields()))),
    }
}

/// The Arrow schema of a table.
pub fn schema(table: &Table) -> SchemaRef {
    let fields: Vec<Field> = table
        .columns
        .iter()
        .map(|&(name, kind)| Field::new(name, data_type(kind), true))
        .collect();
    Arc::new(Schema::new(fields))
}

/// The schema of every table, in [`TABLES`] order.
pub fn schemas() -> Vec<SchemaRef> {
    TABLES.iter().map(schema).collect()
}

/// One record batch of `rows` (each in the table's column order; a missing or mistyped cell
/// is null).
pub fn batch(table: &Table, rows: &[Row]) -> Result<RecordBatch, ArrowError> {
    let columns = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, &(_, kind))| column(kind, rows.iter().map(|r| r.get(i).unwrap_or(&Cell::Null))))
        .collect();
    RecordBatch::try_new(schema(table), columns)
}

/// One column from its cells.
fn column<'c>(kind: Kind, cells: impl Iterator<Item = &'c Cell>) -> ArrayRef {
    match kind {
        Kind::Str => Arc::new(StringArray::from_iter(cells.map(|c| match c {
            Cell::Str(s) => Some(s.as_str()),
            _ => None,
        }))),
        Kind::Int => Arc::new(Int64Array::from_iter(cells.map(|c| match c {
            Cell::Int(i) => Some(*i),
            _ => None,
        }))),
        Kind::Float => Arc::new(Float64Array::from_iter(cells.map(|c| match c {
            Cell::Float(f) => Some(*f),
            _ => None,
        }))),
        Kind::Bool => Arc::new(BooleanArray::from_iter(cells.map(|c| match c {
            Cell::Bool(b) => Some(*b),
            _ => None,
        }))),
        Kind::Date => Arc::new(Date32Array::from_iter(cells.map(|c| match c {
            Cell::Date(d) => Some(*d),
            _ => None,
        }))),
        Kind::StrList => list(cells, |c| match c {
            Cell::StrList(v) => Some(v.as_slice()),
            _ => None,
        }),
        Kind::Places => list(cells, |c| match c {
            Cell::Places(v) => Some(v.as_slice()),
            _ => None,
        }),
    }
}

/// Items that make up the values of a list column.
trait ListItems: Sized {
    fn values(items: Vec<&Self>) -> ArrayRef;
}

impl ListItems for String {
    fn values(items: Vec<&String>) -> ArrayRef {
        Arc::new(StringArray::from_iter_values(items))
    }
}

impl ListItems for Place {
    fn values(items: Vec<&Place>) -> ArrayRef {
        let city = StringArray::from_iter_values(items.iter().map(|p| p.city.as_str()));
        let region = StringArray::from_iter(items.iter().map(|p| p.region.as_deref()));
        Arc::new(StructArray::new(
            place_fields(),
            vec![Arc::new(city), Arc::new(region)],
            None,
        ))
    }
}

/// A list column: offsets from each cell's length (a null cell is an empty, null slot).
fn list<'c, T: ListItems + 'c>(
    cells: impl Iterator<Item = &'c Cell>,
    pick: impl Fn(&'c Cell) -> Option<&'c [T]>,
) -> ArrayRef {
    let lists: Vec<Option<&[T]>> = cells.map(pick).collect();
    let offsets = OffsetBuffer::from_lengths(lists.iter().map(|l| l.map_or(0, <[T]>::len)));
    let nulls = NullBuffer::from_iter(lists.iter().map(Option::is_some));
    let values = T::values(lists.iter().flatten().flat_map(|l| l.iter()).collect());
    let field = item(values.data_type().clone());
    let nulls = (nulls.null_count() > 0).then_some(nulls);
    Arc::new(ListArray::new(field, offsets, values, nulls))
}

/// Rows of one table waiting to become a batch, with their approximate size.
#[derive(Default)]
pub struct RowBuffer {
    rows: Vec<Row>,
    bytes: usize,
}

impl RowBuffer {
    /// Adds rows; returns whether the buffer now holds at least `limit` bytes.
    pub fn push(&mut self, rows: Vec<Row>, limit: usize) -> bool {
        self.bytes += rows.iter().flatten().map(cell_bytes).sum::<usize>();
        self.rows.extend(rows);
        self.bytes >= limit
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The buffered rows as one batch (`None` when empty); the buffer is emptied.
    pub fn take_batch(&mut self, table: &Table) -> Option<Result<RecordBatch, ArrowError>> {
        if self.rows.is_empty() {
            return None;
        }
        let rows = std::mem::take(&mut self.rows);
        self.bytes = 0;
        Some(batch(table, &rows))
    }
}

/// About how much memory a cell holds.
fn cell_bytes(cell: &Cell) -> usize {
    std::mem::size_of::<Cell>()
        + match cell {
            Cell::Str(s) => s.len(),
            Cell::StrList(v) => v.iter().map(|s| s.len() + 24).sum(),
            Cell::Places(v) => v
                .iter()
                .map(|p| p.city.len() + p.region.as_ref().map_or(0, String::len) + 48)
                .sum(),
            _ => 0,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tables::days_from_iso;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Date32Type, Int64Type};

    fn trials_row(listed: Option<Vec<Place>>, date: Option<&str>) -> Row {
        let table = &TABLES[0];
        let mut row: Row = vec![Cell::Null; table.columns.len()];
        let at = |name: &str| table.columns.iter().position(|(c, _)| *c == name).unwrap();
        row[at("path")] = Cell::Str("p/a.txt".into());
        row[at("schema_version")] = Cell::Int(1);
        row[at("conditions")] = Cell::StrList(vec!["Leukemia".into(), "CML".into()]);
        row[at("phases")] = Cell::StrList(vec![]);
        row[at("locations_listed")] = listed.map_or(Cell::Null, Cell::Places);
        row[at("last_reviewed")] = date.and_then(days_from_iso).map_or(Cell::Null, Cell::Date);
        row
    }

    #[test]
    fn every_table_builds_with_its_schema() {
        for table in &TABLES {
            let empty = batch(table, &[]).unwrap();
            assert_eq!(empty.num_rows(), 0);
            assert_eq!(empty.num_columns(), table.columns.len(), "{}", table.name);
            let nulls = batch(table, &[vec![Cell::Null; table.columns.len()]]).unwrap();
            assert_eq!(nulls.num_rows(), 1);
            assert!(nulls.columns().iter().all(|c| c.null_count() == 1));
        }
    }

    #[test]
    fn lists_dates_and_places_are_native_columns() {
        let place = |city: &str, region: Option<&str>| Place {
            city: city.into(),
            region: region.map(Into::into),
        };
        let rows = [
            trials_row(
                Some(vec![place("Hefei", Some("Anhui")), place("Lyon", None)]),
                Some("2026-05-15"),
            ),
            trials_row(None, None),
        ];
        let b = batch(&TABLES[0], &rows).unwrap();
        let col = |name: &str| b.column_by_name(name).unwrap();

        let conditions = col("conditions").as_list::<i32>();
        let first = conditions.value(0);
        let first = first.as_string::<i32>();
        assert_eq!((first.value(0), first.value(1)), ("Leukemia", "CML"));
        assert_eq!(col("phases").as_list::<i32>().value(1).len(), 0);
        assert_eq!(col("phases").null_count(), 0);

        let listed = col("locations_listed").as_list::<i32>();
        assert!(listed.is_null(1));
        let places = listed.value(0);
        let places = places.as_struct();
        let region = places.column(1).as_string::<i32>();
        assert_eq!(places.column(0).as_string::<i32>().value(1), "Lyon");
        assert_eq!(region.value(0), "Anhui");
        assert!(region.is_null(1));

        let reviewed = col("last_reviewed").as_primitive::<Date32Type>();
        assert_eq!(reviewed.value(0), 20_588);
        assert!(reviewed.is_null(1));
        let version = col("schema_version").as_primitive::<Int64Type>();
        assert_eq!(version.value(1), 1);
    }

    #[test]
    fn a_mistyped_cell_is_null_not_a_failure() {
        let mut row = trials_row(None, None);
        row[0] = Cell::Int(3);
        let b = batch(&TABLES[0], &[row]).unwrap();
        assert!(b.column(0).is_null(0));
    }

    #[test]
    fn row_buffer_cuts_batches_by_size() {
        let table = &TABLES[6];
        let row = || vec![Cell::Str("x".repeat(100)); table.columns.len()];
        let mut buf = RowBuffer::default();
        assert!(!buf.push(vec![row()], 10_000));
        assert!(buf.push(vec![row(); 40], 10_000));
        let b = buf.take_batch(table).unwrap().unwrap();
        assert_eq!(b.num_rows(), 41);
        assert!(buf.is_empty());
        assert!(buf.take_batch(table).is_none());
    }
}
