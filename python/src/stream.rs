//! Record batches leave for Python through the Arrow PyCapsule interface
//! (`__arrow_c_stream__` / `__arrow_c_schema__`): pyarrow (`pa.table(obj)`), Polars and every
//! other Arrow library import the buffers in place, with no copy and no pyarrow ABI coupling.

use arrow_array::ffi::FFI_ArrowSchema;
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{RecordBatch, RecordBatchIterator};
use arrow_schema::SchemaRef;
use pyo3::exceptions::{PyNotImplementedError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

/// One table's record batches, exportable any number of times (batches are shared, not
/// copied).
#[pyclass(module = "trialparse._trialparse", frozen)]
pub struct ArrowStream {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

impl ArrowStream {
    pub fn new(schema: SchemaRef, batches: Vec<RecordBatch>) -> ArrowStream {
        ArrowStream { schema, batches }
    }
}

#[pymethods]
impl ArrowStream {
    /// The batches as an `ArrowArrayStream` capsule (the Arrow PyCapsule interface). The
    /// schema is fixed: a `requested_schema` other than None is refused.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        if requested_schema.is_some_and(|s| !s.is_none()) {
            return Err(PyNotImplementedError::new_err(
                "trialparse tables have a fixed schema; cast after import",
            ));
        }
        let reader = RecordBatchIterator::new(
            self.batches.clone().into_iter().map(Ok),
            self.schema.clone(),
        );
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    /// The schema as an `ArrowSchema` capsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.schema.as_ref())
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        PyCapsule::new_with_value(py, schema, c"arrow_schema")
    }

    /// Rows over all batches.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    fn __repr__(&self) -> String {
        format!(
            "<ArrowStream {} rows in {} batches>",
            self.num_rows(),
            self.batches.len()
        )
    }
}
