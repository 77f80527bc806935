//! Records as flat tables a data team loads directly: one row per trial, criterion, lab
//! threshold, age limit, performance-status limit, mutation variant and warning, every row
//! keyed by `path` and `nct_id`.
//!
//! The schemas are data ([`TABLES`]); rows are built from a [`Record`] in parallel
//! ([`rows`]) and handed to a [`TableWriter`] (CSV or Parquet). Cells keep native types:
//! list-valued trial fields (phases, conditions, …) are lists and `last_reviewed` a date, which
//! Arrow and Parquet store as such (`super::arrow`) and CSV writes as JSON array and
//! `YYYY-MM-DD` text.

use super::atomic::StagedDir;
use super::Sink;
use crate::error::BatchError;
use crate::record::{
    AgeBound, AgeValue, Criterion, Number, PerformanceScale, Place, Record, Section,
};
use crate::span::Span;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

/// The type of a column; every column is nullable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Str,
    Int,
    Float,
    Bool,
    /// A calendar date.
    Date,
    /// A list of strings.
    StrList,
    /// A list of `{city, region}` places.
    Places,
}

/// One value of a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// Days since 1970-01-01 (Arrow's `date32`).
    Date(i32),
    StrList(Vec<String>),
    Places(Vec<Place>),
}

pub type Row = Vec<Cell>;

pub struct Table {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Kind)],
}

use Kind::{Bool, Date, Float, Int, Places, Str, StrList};

macro_rules! columns {
    ($($name:literal : $kind:ident),* $(,)?) => { &[("path", Str), ("nct_id", Str), $(($name, $kind)),*] };
}

/// Every table, in the order of [`Rows::tables`].
pub const TABLES: [Table; 7] = [
    Table {
        name: "trials",
        columns: columns![
            "schema_version": Int, "format": Str, "status": Str, "title_display": Str,
            "title_brief": Str, "title_official": Str, "title_acronym": Str,
            "conditions": StrList, "last_reviewed": Date, "phases": StrList, "study_type": Str,
            "enrollment_count": Int, "enrollment_type": Str, "age_min_value": Float,
            "age_min_unit": Str, "age_min_years": Float, "age_max_value": Float,
            "age_max_unit": Str, "age_max_years": Float, "sex": Str, "sponsor_name": Str,
            "sponsor_class": Str,
            "interventions": StrList, "locations_count": Int, "locations_listed": Places,
            "locations_more": Int, "extra_facts": StrList, "criteria_count": Int,
            "warning_count": Int, "error": Str,
        ],
    },
    Table {
        name: "criteria",
        columns: columns![
            "section": Str, "depth": Int, "index": Str, "text": Str,
            "span_start": Int, "span_end": Int,
        ],
    },
    Table {
        name: "lab_thresholds",
        columns: columns![
            "section": Str, "analyte": Str, "kind": Str, "measurement": Str, "comparator": Str,
            "value": Float, "value_high": Float, "min": Float, "min_inclusive": Bool,
            "max": Float, "max_inclusive": Bool, "unit": Str, "uln_multiple": Bool,
            "normalized_value": Float, "normalized_value_high": Float, "normalized_unit": Str,
            "text": Str, "span_start": Int, "span_end": Int,
        ],
    },
    Table {
        name: "ages",
        columns: columns![
            "section": Str, "min_value": Float, "min_unit": Str, "min_years": Float,
            "min_inclusive": Bool, "max_value": Float, "max_unit": Str, "max_years": Float,
            "max_inclusive": Bool, "text": Str, "span_start": Int, "span_end": Int,
        ],
    },
    Table {
        name: "performance_status",
        columns: columns![
            "section": Str, "scale": Str, "comparator": Str, "value": Float,
            "value_high": Float, "min": Float, "max": Float,
            "condition_min_years": Float, "condition_min_inclusive": Bool,
            "condition_max_years": Float, "condition_max_inclusive": Bool,
            "text": Str, "span_start": Int, "span_end": Int,
        ],
    },
    Table {
        name: "mutations",
        columns: columns![
            "section": Str, "list_index": Int, "gene": Str, "variant": Str, "hgvs": Str,
            "text": Str, "span_start": Int, "span_end": Int,
        ],
    },
    Table {
        name: "warnings",
        columns: columns![
            "code": Str, "message": Str, "span_start": Int, "span_end": Int,
        ],
    },
];

/// A record's rows for every table, in [`TABLES`] order.
#[derive(Debug, Default)]
pub struct Rows {
    pub tables: [Vec<Row>; 7],
}

fn s(v: impl Into<String>) -> Cell {
    Cell::Str(v.into())
}

fn opt_s(v: Option<impl Into<String>>) -> Cell {
    v.map_or(Cell::Null, s)
}

fn int(v: impl TryInto<i64>) -> Cell {
    v.try_into().map_or(Cell::Null, Cell::Int)
}

fn num(v: Option<Number>) -> Cell {
    v.map_or(Cell::Null, |n| Cell::Float(n.0))
}

fn list<S: AsRef<str>>(v: &[S]) -> Cell {
    Cell::StrList(v.iter().map(|s| s.as_ref().to_owned()).collect())
}

/// A `YYYY-MM-DD` date; null when it is not a calendar date (the record keeps the text).
fn date(v: Option<&str>) -> Cell {
    v.and_then(days_from_iso).map_or(Cell::Null, Cell::Date)
}

/// Days since 1970-01-01 of a proleptic Gregorian `YYYY-MM-DD` date (H. Hinnant's
/// `days_from_civil`).
pub fn days_from_iso(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<i32> {
        let part = b.get(r)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, &d| n * 10 + i32::from(d - b'0')))
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > month_days[(m - 1) as usize] {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// `YYYY-MM-DD` of days since 1970-01-01 (`civil_from_days`, the inverse of
/// [`days_from_iso`]).
pub fn iso_from_days(days: i32) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn span_cells(span: Option<Span>) -> [Cell; 2] {
    span.map_or([Cell::Null, Cell::Null], |sp| [int(sp.start), int(sp.end)])
}

/// A row starting with the `path`, `nct_id` key.
fn keyed(rec: &Record, cells: impl IntoIterator<Item = Cell>) -> Row {
    let mut row = vec![s(rec.path.as_str()), opt_s(rec.nct_id.as_deref())];
    row.extend(cells);
    row
}

fn age_value(v: Option<&AgeValue>) -> [Cell; 3] {
    match v {
        Some(a) => [Cell::Float(a.value.0), s(a.unit), Cell::Float(a.years.0)],
        None => [Cell::Null, Cell::Null, Cell::Null],
    }
}

fn age_bound(b: Option<&AgeBound>) -> [Cell; 4] {
    match b {
        Some(b) => [
            Cell::Float(b.value.0),
            s(b.unit),
            Cell::Float(b.years.0),
            Cell::Bool(b.inclusive),
        ],
        None => [Cell::Null, Cell::Null, Cell::Null, Cell::Null],
    }
}

/// Splits a record into table rows.
pub fn rows(rec: &Record) -> Rows {
    let mut out = Rows::default();
    let [trials, criteria, labs, ages, perf, mutations, warnings] = &mut out.tables;
    let criterion_rows = criterion_rows(rec);
    let qf = &rec.quick_facts;
    let enrollment = qf.enrollment.as_ref();
    let sponsor = qf.sponsor.as_ref();
    let locations = qf.locations.as_ref();
    let extra: Vec<&str> = qf.extra.iter().map(|f| f.text.as_str()).collect();
    trials.push(keyed(
        rec,
        [
            int(rec.schema_version),
            s(rec.format.name()),
            opt_s(rec.status.as_deref()),
            opt_s(rec.titles.display.as_deref()),
            opt_s(rec.titles.brief.as_deref()),
            opt_s(rec.titles.official.as_deref()),
            opt_s(rec.titles.acronym.as_deref()),
            list(&rec.conditions),
            date(rec.last_reviewed.as_deref()),
            list(&qf.phases),
            opt_s(qf.study_type.as_deref()),
            enrollment.map_or(Cell::Null, |e| int(e.count)),
            opt_s(enrollment.and_then(|e| e.kind.as_deref())),
        ]
        .into_iter()
        .chain(age_value(qf.ages.min.as_ref()))
        .chain(age_value(qf.ages.max.as_ref()))
        .chain([
            opt_s(qf.sex.as_deref()),
            opt_s(sponsor.map(|sp| sp.name.as_str())),
            opt_s(sponsor.and_then(|sp| sp.class.as_deref())),
            list(&qf.interventions),
            locations.map_or(Cell::Null, |l| int(l.count)),
            locations.map_or(Cell::Null, |l| Cell::Places(l.listed.clone())),
            locations.map_or(Cell::Null, |l| int(l.more)),
            list(&extra),
            int(criterion_rows.len()),
            int(rec.warnings.len()),
            opt_s(rec.error.as_deref()),
        ]),
    ));
    criteria.extend(criterion_rows.into_iter().map(|cells| keyed(rec, cells)));
    for t in &rec.lab_thresholds {
        let norm = t.normalized.as_ref();
        labs.push(keyed(
            rec,
            [
                s(t.section.name()),
                opt_s(t.analyte),
                s(t.kind.name()),
                s(t.measurement.as_str()),
                s(t.comparator.as_str()),
                Cell::Float(t.value.0),
                num(t.value_high),
                num(t.min.map(|b| b.value)),
                t.min.map_or(Cell::Null, |b| Cell::Bool(b.inclusive)),
                num(t.max.map(|b| b.value)),
                t.max.map_or(Cell::Null, |b| Cell::Bool(b.inclusive)),
                opt_s(t.unit),
                Cell::Bool(t.uln_multiple),
                num(norm.map(|n| n.value)),
                num(norm.and_then(|n| n.value_high)),
                opt_s(norm.map(|n| n.unit)),
                s(t.text.as_str()),
            ]
            .into_iter()
            .chain(span_cells(Some(t.span))),
        ));
    }
    for a in &rec.ages {
        ages.push(keyed(
            rec,
            [s(a.section.name())]
                .into_iter()
                .chain(age_bound(a.min.as_ref()))
                .chain(age_bound(a.max.as_ref()))
                .chain([s(a.text.as_str())])
                .chain(span_cells(Some(a.span))),
        ));
    }
    for p in &rec.performance_status {
        let cond = p.condition.as_ref();
        let [_, _, min_years, min_incl] = age_bound(cond.and_then(|c| c.min.as_ref()));
        let [_, _, max_years, max_incl] = age_bound(cond.and_then(|c| c.max.as_ref()));
        perf.push(keyed(
            rec,
            [
                s(p.section.name()),
                opt_s(p.scale.map(PerformanceScale::as_str)),
                s(p.comparator.as_str()),
                Cell::Float(p.value.0),
                num(p.value_high),
                num(p.min),
                num(p.max),
                min_years,
                min_incl,
                max_years,
                max_incl,
                s(p.text.as_str()),
            ]
            .into_iter()
            .chain(span_cells(Some(p.span))),
        ));
    }
    for (i, m) in rec.mutations.iter().enumerate() {
        let variants: Vec<[Cell; 2]> = if m.variants.is_empty() {
            vec![[Cell::Null, Cell::Null]]
        } else {
            m.variants
                .iter()
                .map(|v| [s(v.name.as_str()), s(v.hgvs.as_str())])
                .collect()
        };
        for [name, hgvs] in variants {
            mutations.push(keyed(
                rec,
                [
                    s(m.section.name()),
                    int(i),
                    opt_s(m.gene),
                    name,
                    hgvs,
                    s(m.text.as_str()),
                ]
                .into_iter()
                .chain(span_cells(Some(m.span))),
            ));
        }
    }
    for w in &rec.warnings {
        warnings.push(keyed(
            rec,
            [s(w.code.as_str()), s(w.message.as_str())]
                .into_iter()
                .chain(span_cells(w.span)),
        ));
    }
    out
}

/// Criteria rows without the key: section, depth (0 for a top-level criterion), index path
/// (`2.1` = first child of the second criterion of its section), text, span. Depth first,
/// with an explicit stack: nesting depth comes from the input.
fn criterion_rows(rec: &Record) -> Vec<Vec<Cell>> {
    struct Level<'a> {
        prefix: String,
        rest: &'a [Criterion],
        n: usize,
    }
    let e = &rec.eligibility;
    let mut out = Vec::new();
    for (section, items) in [
        (Section::Inclusion, &e.inclusion),
        (Section::Exclusion, &e.exclusion),
        (Section::Other, &e.other),
    ] {
        let mut stack = vec![Level {
            prefix: String::new(),
            rest: items,
            n: 0,
        }];
        while let Some(top) = stack.last_mut() {
            let Some((c, tail)) = top.rest.split_first() else {
                stack.pop();
                continue;
            };
            top.rest = tail;
            top.n += 1;
            let index = if top.prefix.is_empty() {
                top.n.to_string()
            } else {
                format!("{}.{}", top.prefix, top.n)
            };
            out.push(vec![
                s(section.name()),
                int(stack.len() - 1),
                s(index.as_str()),
                s(c.text.as_str()),
                int(c.span.start),
                int(c.span.end),
            ]);
            if !c.children.is_empty() {
                stack.push(Level {
                    prefix: index,
                    rest: &c.children,
                    n: 0,
                });
            }
        }
    }
    out
}

/// Writes rows of one table format.
pub trait TableWriter: Send {
    fn write_rows(&mut self, table: usize, rows: Vec<Row>) -> Result<(), BatchError>;
    fn finish(self: Box<Self>) -> Result<(), BatchError>;
}

/// Tables output: rows built in parallel, written by a CSV or Parquet writer into a staging
/// directory, published into the table directory as one set when the run is complete.
pub struct TableSink {
    /// Only ever used through `&mut self` (`get_mut`, no locking); the mutex makes the sink
    /// `Sync` so `encode` can run on worker threads.
    writer: Mutex<Box<dyn TableWriter>>,
    staged: StagedDir,
    kind: TableFormat,
}

impl TableSink {
    /// Opens CSV (`csv`) or Parquet (`parquet`) tables for `dir`. Nothing in `dir` changes
    /// until [`Sink::finish`]; a run that fails or is interrupted leaves it as it was.
    pub fn open(kind: TableFormat, dir: &Path) -> Result<TableSink, BatchError> {
        let staged = StagedDir::create(dir)?;
        let writer: Box<dyn TableWriter> = match kind {
            TableFormat::Csv => Box::new(super::csv::CsvTables::create(staged.path())?),
            TableFormat::Parquet => Box::new(super::parquet::ParquetTables::create(staged.path())?),
        };
        Ok(TableSink {
            writer: Mutex::new(writer),
            staged,
            kind,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    Csv,
    Parquet,
}

impl TableFormat {
    /// The `--to` value.
    pub fn name(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Parquet => "parquet",
        }
    }

    /// Whether `rel` (relative to a table directory) is one this format's run writes, and so
    /// replaces: `trials.csv`; `trials/` and `trials/part-00042.parquet`. Nothing else in
    /// the directory is touched.
    pub fn owns(self, rel: &Path, is_dir: bool) -> bool {
        let parts: Vec<&std::ffi::OsStr> = rel.iter().collect();
        let table = |name: &std::ffi::OsStr| TABLES.iter().any(|t| name == t.name);
        match (self, parts.as_slice(), is_dir) {
            (TableFormat::Csv, [file], false) => {
                let file = Path::new(file);
                file.extension().is_some_and(|e| e == "csv") && file.file_stem().is_some_and(table)
            }
            (TableFormat::Parquet, [dir], true) => table(dir),
            (TableFormat::Parquet, [dir, part], false) => {
                table(dir) && part.to_str().is_some_and(is_part_name)
            }
            _ => false,
        }
    }
}

/// `part-` digits `.parquet`, the part files of a Parquet table directory.
fn is_part_name(name: &str) -> bool {
    name.strip_prefix("part-")
        .and_then(|r| r.strip_suffix(".parquet"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

impl Sink for TableSink {
    type Encoded = Rows;

    fn encode(&self, record: Record) -> Rows {
        rows(&record)
    }

    fn write(&mut self, rows: Rows) -> Result<(), BatchError> {
        let writer = self
            .writer
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        for (i, rows) in rows.tables.into_iter().enumerate() {
            if !rows.is_empty() {
                writer.write_rows(i, rows)?;
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<(), BatchError> {
        self.writer
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .finish()?;
        let kind = self.kind;
        self.staged
            .publish(&move |rel, is_dir| kind.owns(rel, is_dir))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{
        AgeLimit, Bound, Comparator, Format, LabThreshold, MutationList, PerformanceStatus, Variant,
    };
    use crate::span::Mapped;

    fn criterion(text: &str, at: usize, children: Vec<Criterion>) -> Criterion {
        Criterion {
            text: Mapped::identity(text, at),
            span: Span::new(at, at + text.len()),
            children,
        }
    }

    fn sample() -> Record {
        let mut rec = Record::new("p/a.txt", Format::FindATrial);
        rec.nct_id = Some("NCT01234567".into());
        rec.conditions = vec!["Leukemia".into(), "CML; chronic".into()];
        rec.eligibility.inclusion = vec![
            criterion("Age >= 18", 10, vec![]),
            criterion("Labs:", 30, vec![criterion("ANC >= 1500", 40, vec![])]),
        ];
        rec.eligibility.exclusion = vec![criterion("Pregnant", 80, vec![])];
        rec.lab_thresholds.push(LabThreshold {
            analyte: Some("anc"),
            kind: crate::record::Kind::Lab,
            measurement: "ANC".into(),
            comparator: Comparator::Ge,
            value: Number(1500.0),
            value_high: None,
            min: Some(Bound {
                value: Number(1500.0),
                inclusive: true,
            }),
            max: None,
            unit: None,
            uln_multiple: false,
            normalized: None,
            text: "ANC >= 1500".into(),
            span: Span::new(40, 51),
            section: Section::Inclusion,
        });
        rec.ages.push(AgeLimit {
            min: Some(AgeBound {
                value: Number(18.0),
                unit: "years",
                years: Number(18.0),
                inclusive: true,
            }),
            max: None,
            text: "Age >= 18".into(),
            span: Span::new(10, 19),
            section: Section::Inclusion,
        });
        rec.mutations.push(MutationList {
            gene: Some("ABL1"),
            variants: vec![
                Variant {
                    name: "T315I".into(),
                    hgvs: "p.Thr315Ile".into(),
                },
                Variant {
                    name: "E255K".into(),
                    hgvs: "p.Glu255Lys".into(),
                },
            ],
            text: "T315I or E255K".into(),
            span: Span::new(90, 104),
            section: Section::Exclusion,
        });
        rec.performance_status.push(PerformanceStatus {
            scale: Some(PerformanceScale::Ecog),
            comparator: Comparator::Le,
            value: Number(2.0),
            value_high: None,
            min: None,
            max: Some(Number(2.0)),
            condition: None,
            text: "ECOG 0-2".into(),
            span: Span::new(60, 68),
            section: Section::Inclusion,
        });
        rec.warn(crate::warning::WarningCode::BadEscape, "something", None);
        rec
    }

    fn column<'a>(table: usize, rows: &'a [Row], name: &str) -> Vec<&'a Cell> {
        let i = TABLES[table]
            .columns
            .iter()
            .position(|(c, _)| *c == name)
            .unwrap();
        rows.iter().map(|r| &r[i]).collect()
    }

    #[test]
    fn every_cell_matches_its_column_type() {
        let rows = rows(&sample());
        for (t, table_rows) in rows.tables.iter().enumerate() {
            assert!(!table_rows.is_empty(), "{} has rows", TABLES[t].name);
            for row in table_rows {
                assert_eq!(row.len(), TABLES[t].columns.len(), "{}", TABLES[t].name);
                for (cell, (name, kind)) in row.iter().zip(TABLES[t].columns) {
                    let ok = matches!(
                        (cell, kind),
                        (Cell::Null, _)
                            | (Cell::Str(_), Kind::Str)
                            | (Cell::Int(_), Kind::Int)
                            | (Cell::Float(_), Kind::Float)
                            | (Cell::Bool(_), Kind::Bool)
                            | (Cell::Date(_), Kind::Date)
                            | (Cell::StrList(_), Kind::StrList)
                            | (Cell::Places(_), Kind::Places)
                    );
                    assert!(ok, "{}.{name}: {cell:?}", TABLES[t].name);
                }
            }
        }
    }

    #[test]
    fn criteria_rows_carry_section_depth_and_index_path() {
        let rows = rows(&sample());
        let c = &rows.tables[1];
        let idx: Vec<&Cell> = column(1, c, "index");
        assert_eq!(
            idx,
            [
                &Cell::Str("1".into()),
                &Cell::Str("2".into()),
                &Cell::Str("2.1".into()),
                &Cell::Str("1".into())
            ]
        );
        assert_eq!(column(1, c, "depth")[2], &Cell::Int(1));
        assert_eq!(column(1, c, "section")[3], &Cell::Str("exclusion".into()));
        assert_eq!(column(1, c, "span_start")[2], &Cell::Int(40));
        assert_eq!(c[0][0], Cell::Str("p/a.txt".into()));
        assert_eq!(c[0][1], Cell::Str("NCT01234567".into()));
    }

    #[test]
    fn trial_row_keeps_lists_and_dates_and_counts() {
        let mut rec = sample();
        rec.last_reviewed = Some("2026-05-15".into());
        let rows = rows(&rec);
        let t = &rows.tables[0];
        assert_eq!(
            column(0, t, "conditions")[0],
            &Cell::StrList(vec!["Leukemia".into(), "CML; chronic".into()])
        );
        assert_eq!(column(0, t, "phases")[0], &Cell::StrList(vec![]));
        assert_eq!(column(0, t, "locations_listed")[0], &Cell::Null);
        assert_eq!(
            column(0, t, "last_reviewed")[0],
            &Cell::Date(days_from_iso("2026-05-15").unwrap())
        );
        assert_eq!(column(0, t, "criteria_count")[0], &Cell::Int(4));
        assert_eq!(column(0, t, "format")[0], &Cell::Str("find_a_trial".into()));
        assert_eq!(rows.tables[5].len(), 2, "one mutation row per variant");
    }

    #[test]
    fn dates_are_days_since_1970_and_back() {
        for (iso, days) in [
            ("1970-01-01", Some(0)),
            ("1969-12-31", Some(-1)),
            ("2000-02-29", Some(11_016)),
            ("2026-05-15", Some(20_588)),
            ("0001-01-01", Some(-719_162)),
            ("1900-02-29", None),
            ("2023-02-29", None),
            ("2026-13-01", None),
            ("2026-00-10", None),
            ("2026-04-31", None),
            ("2026-5-15", None),
            ("2026-05-15 ", None),
            ("２０２６-05-15", None),
            ("", None),
        ] {
            assert_eq!(days_from_iso(iso), days, "{iso}");
            if let Some(d) = days {
                assert_eq!(iso_from_days(d), iso);
            }
        }
        assert_eq!(date(Some("2026-02-30")), Cell::Null);
    }

    #[test]
    fn deep_criteria_trees_do_not_recurse() {
        let mut c = criterion("leaf", 0, vec![]);
        for _ in 0..2_000 {
            c = criterion("x", 0, vec![c]);
        }
        let mut rec = Record::new("deep", Format::CriteriaText);
        rec.eligibility.other = vec![c];
        let rows = criterion_rows(&rec);
        assert_eq!(rows.len(), 2_001);
        assert_eq!(rows[2_000][1], Cell::Int(2_000));
    }

    #[test]
    fn formats_own_only_their_table_files() {
        let owns = |kind: TableFormat, rel: &str, dir| kind.owns(Path::new(rel), dir);
        assert!(owns(TableFormat::Csv, "trials.csv", false));
        assert!(owns(TableFormat::Csv, "lab_thresholds.csv", false));
        assert!(!owns(TableFormat::Csv, "trials.csv", true));
        assert!(!owns(TableFormat::Csv, "notes.csv", false));
        assert!(!owns(TableFormat::Csv, "sub/trials.csv", false));
        assert!(!owns(TableFormat::Csv, ".trials.csv.tmp-1-0", false));
        assert!(owns(TableFormat::Parquet, "trials", true));
        assert!(owns(
            TableFormat::Parquet,
            "trials/part-00042.parquet",
            false
        ));
        assert!(!owns(TableFormat::Parquet, "trials", false));
        assert!(!owns(TableFormat::Parquet, "trials/_SUCCESS", false));
        assert!(!owns(TableFormat::Parquet, "trials/part-.parquet", false));
        assert!(!owns(TableFormat::Parquet, "trials/part-1x.parquet", false));
        assert!(!owns(
            TableFormat::Parquet,
            "other/part-00000.parquet",
            false
        ));
        assert!(!owns(TableFormat::Parquet, "trials.csv", false));
    }
}
