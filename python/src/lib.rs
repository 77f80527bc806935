//! `trialparse._trialparse`: the native half of the `trialparse` Python package. Records become
//! dicts through their `Serialize` impls (`to_py`: the same impls as the CLI's JSON lines, no
//! JSON text in between); tables leave as Arrow streams (`stream`). All parsing runs in the library with
//! the GIL released, through the one adapter in `engine`. The public API, its argument
//! checks and docstrings are in `python/trialparse/__init__.py`.

mod engine;
mod stream;
mod to_py;

use engine::{Inputs, RecordStream, Settings};
use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use std::sync::Mutex;
use stream::ArrowStream;
use trialparse::batch::BatchError;
use trialparse::output::tables::TABLES;
use trialparse::{Format, Record};

/// `format=` names: every `Format` name, full or alias, as the CLI takes them.
fn format_names() -> Vec<&'static str> {
    Format::names().collect()
}

fn forced(format: Option<&str>) -> PyResult<Option<Format>> {
    match format {
        None => Ok(None),
        Some(name) => Format::from_name(name).map(Some).ok_or_else(|| {
            PyValueError::new_err(format!(
                "unknown format {name:?}; expected one of: {}",
                format_names().join(", ")
            ))
        }),
    }
}

fn settings(jobs: Option<i64>, format: Option<&str>) -> PyResult<Settings> {
    let jobs = match jobs {
        None => 0,
        Some(n) if n >= 1 => {
            usize::try_from(n).map_err(|_| PyValueError::new_err("jobs too large"))?
        }
        Some(n) => {
            return Err(PyValueError::new_err(format!(
                "jobs must be a positive number of threads (or None for one per core), not {n}"
            )))
        }
    };
    Ok(Settings {
        forced: forced(format)?,
        jobs,
    })
}

fn batch_err(e: BatchError) -> PyErr {
    PyOSError::new_err(e.to_string())
}

fn to_dict<'py>(py: Python<'py>, record: &Record) -> PyResult<Bound<'py, PyAny>> {
    to_py::to_py(py, record)
}

/// parse(data, path="<memory>", format=None) -> dict
///
/// One page's record, field for field the JSON line `trialparse extract` writes for a file
/// holding the same bytes. `data` is `bytes` (spans are byte offsets into it) or `str` (its
/// UTF-8 encoding). Never raises on content: what could not be read is in the record's
/// `warnings` or `error`. Bytes holding several records (a container, an archive) raise
/// `ValueError`: `extract([(path, data)])` gives them all.
#[pyfunction]
#[pyo3(signature = (data, path="<memory>".to_owned(), format=None))]
fn parse<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    path: String,
    format: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let forced = forced(format.as_deref())?;
    let bytes = if let Ok(b) = data.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else if let Ok(s) = data.cast::<PyString>() {
        s.to_cow()?.as_bytes().to_vec()
    } else {
        return Err(PyTypeError::new_err(format!(
            "data must be bytes or str, not {}",
            data.get_type().name()?
        )));
    };
    let shown = path.clone();
    let one = py.detach(|| engine::parse_bytes(path, bytes, forced));
    the_one(py, one, &shown, "extract([(path, data)])")
}

/// parse_file(path, format=None) -> dict
///
/// The record of one file, exactly as `trialparse extract PATH` writes it; a file that cannot
/// be read is a record whose `error` says why (no exception). A file holding several records
/// (a container, an archive) raises `ValueError`: `extract([path])` gives them all.
#[pyfunction]
#[pyo3(signature = (path, format=None))]
fn parse_file<'py>(
    py: Python<'py>,
    path: std::path::PathBuf,
    format: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let forced = forced(format.as_deref())?;
    let shown = path.to_string_lossy().into_owned();
    let one = py.detach(|| engine::parse_file(path.into_os_string(), forced));
    the_one(py, one, &shown, "extract([path])")
}

fn the_one<'py>(
    py: Python<'py>,
    one: engine::One,
    path: &str,
    instead: &str,
) -> PyResult<Bound<'py, PyAny>> {
    match one {
        engine::One::Record(record) => to_dict(py, &record),
        engine::One::Empty => Err(PyValueError::new_err(format!(
            "{path}: holds no record (an empty container)"
        ))),
        engine::One::Several => Err(PyValueError::new_err(format!(
            "{path}: holds several records (a container or an archive); {instead} gives them all"
        ))),
    }
}

fn inputs(paths: Option<Vec<std::ffi::OsString>>, pages: Option<Vec<(String, Vec<u8>)>>) -> Inputs {
    match (paths, pages) {
        (_, Some(pages)) => Inputs::Pages(pages),
        (paths, None) => Inputs::Paths(paths.unwrap_or_default()),
    }
}

/// Records of a batch run, in input order, parsed ahead on worker threads.
#[pyclass(module = "trialparse._trialparse")]
struct Records {
    stream: Mutex<RecordStream>,
}

#[pymethods]
impl Records {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let lock = || {
            self.stream
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        // The GIL is released only to wait for the next chunk, not for every record.
        let ready = lock().ready();
        let next = match ready {
            Some(record) => Ok(Some(record)),
            None => py.detach(|| lock().next()),
        };
        match next.map_err(batch_err)? {
            Some(record) => Ok(Some(to_dict(py, &record)?)),
            None => Ok(None),
        }
    }
}

#[pyfunction]
#[pyo3(signature = (paths=None, pages=None, jobs=None, format=None))]
fn _extract(
    paths: Option<Vec<std::ffi::OsString>>,
    pages: Option<Vec<(String, Vec<u8>)>>,
    jobs: Option<i64>,
    format: Option<String>,
) -> PyResult<Records> {
    let settings = settings(jobs, format.as_deref())?;
    let stream = RecordStream::start(inputs(paths, pages), settings);
    Ok(Records {
        stream: Mutex::new(stream),
    })
}

fn table_indices(names: Option<Vec<String>>) -> PyResult<Vec<usize>> {
    let Some(names) = names else {
        return Ok((0..TABLES.len()).collect());
    };
    names
        .iter()
        .map(|n| {
            engine::table_index(n).ok_or_else(|| {
                let all: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
                PyValueError::new_err(format!(
                    "unknown table {n:?}; expected one of: {}",
                    all.join(", ")
                ))
            })
        })
        .collect()
}

#[pyfunction]
#[pyo3(signature = (paths=None, pages=None, tables=None, jobs=None, format=None))]
fn _tables(
    py: Python<'_>,
    paths: Option<Vec<std::ffi::OsString>>,
    pages: Option<Vec<(String, Vec<u8>)>>,
    tables: Option<Vec<String>>,
    jobs: Option<i64>,
    format: Option<String>,
) -> PyResult<Vec<(&'static str, ArrowStream)>> {
    let settings = settings(jobs, format.as_deref())?;
    let wanted = table_indices(tables)?;
    let inputs = inputs(paths, pages);
    let built = py
        .detach(|| engine::tables(inputs, wanted, settings))
        .map_err(batch_err)?;
    Ok(built
        .into_iter()
        .map(|(t, batches)| (TABLES[t].name, ArrowStream::new(engine::schema(t), batches)))
        .collect())
}

/// An empty stream with a table's schema.
#[pyfunction]
fn _empty_table(name: String) -> PyResult<ArrowStream> {
    let t = table_indices(Some(vec![name]))?[0];
    Ok(ArrowStream::new(engine::schema(t), Vec::new()))
}

#[pymodule]
fn _trialparse(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(parse, m)?)?;
    m.add_function(wrap_pyfunction!(parse_file, m)?)?;
    m.add_function(wrap_pyfunction!(_extract, m)?)?;
    m.add_function(wrap_pyfunction!(_tables, m)?)?;
    m.add_function(wrap_pyfunction!(_empty_table, m)?)?;
    m.add_class::<Records>()?;
    m.add_class::<ArrowStream>()?;
    let table_names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
    m.add("TABLES", table_names)?;
    m.add("FORMATS", format_names())?;
    m.add("SCHEMA_VERSION", trialparse::record::SCHEMA_VERSION)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
