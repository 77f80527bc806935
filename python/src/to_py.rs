//! Any `Serialize` value (the record) straight into Python dicts, lists, strings and numbers:
//! the same data model as `serde_json` (struct → dict, sequence → list, unit variant → its
//! name, `None` → `None`), so a record here equals the CLI's JSON line parsed by `json.loads`.
//!
//! Written for the hot path instead of using `pythonize`: struct field names and enum variant
//! names are `&'static str`, so their Python strings are made once per thread and reused
//! (a record has hundreds of dict keys but a few dozen distinct ones), which made building a
//! record's dicts about twice as fast.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use pyo3::IntoPyObjectExt;
use serde::ser::{self, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::mem::ManuallyDrop;

/// Converts `value` to Python objects.
pub fn to_py<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    value.serialize(ToPy { py }).map_err(|e| e.0)
}

/// A conversion error: a Python error, or a serde message as `ValueError`.
pub struct Error(PyErr);

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<M: std::fmt::Display>(msg: M) -> Error {
        Error(PyValueError::new_err(msg.to_string()))
    }
}

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Error {
        Error(e)
    }
}

type Result<T> = std::result::Result<T, Error>;

/// Interned names by the address and length of their `&'static str`.
type Names = HashMap<(usize, usize), ManuallyDrop<Py<PyString>>>;

thread_local! {
    /// Python strings of `&'static str` names, by address and length (the same bytes). Never
    /// released: a few dozen interned strings, kept for the life of the process (so no
    /// reference is dropped during interpreter shutdown).
    static NAMES: RefCell<Names> = RefCell::new(HashMap::new());
}

/// The Python string of a static name, made once per thread.
fn name<'py>(py: Python<'py>, s: &'static str) -> Bound<'py, PyString> {
    NAMES.with(|names| {
        names
            .borrow_mut()
            .entry((s.as_ptr() as usize, s.len()))
            .or_insert_with(|| ManuallyDrop::new(PyString::intern(py, s).unbind()))
            .bind(py)
            .clone()
    })
}

#[derive(Clone, Copy)]
struct ToPy<'py> {
    py: Python<'py>,
}

impl<'py> ToPy<'py> {
    fn obj<T: IntoPyObjectExt<'py>>(self, v: T) -> Result<Bound<'py, PyAny>> {
        Ok(v.into_bound_py_any(self.py)?)
    }
}

/// Elements of a list being built.
pub struct Seq<'py> {
    py: Python<'py>,
    items: Vec<Bound<'py, PyAny>>,
}

impl<'py> Seq<'py> {
    fn push<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<()> {
        self.items.push(v.serialize(ToPy { py: self.py })?);
        Ok(())
    }

    fn list(self) -> Result<Bound<'py, PyAny>> {
        Ok(PyList::new(self.py, self.items)?.into_any())
    }
}

/// A dict being built; `key` holds a map key until its value comes.
pub struct Dict<'py> {
    py: Python<'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

/// `serialize_*` methods that hand the value to PyO3's own conversion (`bool`, `int`).
macro_rules! by_pyo3 {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(
            fn $method(self, v: $ty) -> Result<Self::Ok> {
                self.obj(v)
            }
        )*
    };
}

impl<'py> ser::Serializer for ToPy<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    type SerializeSeq = Seq<'py>;
    type SerializeTuple = Seq<'py>;
    type SerializeTupleStruct = Seq<'py>;
    type SerializeTupleVariant = ser::Impossible<Bound<'py, PyAny>, Error>;
    type SerializeMap = Dict<'py>;
    type SerializeStruct = Dict<'py>;
    type SerializeStructVariant = ser::Impossible<Bound<'py, PyAny>, Error>;

    by_pyo3! {
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok> {
        // As serde_json: a non-finite number has no JSON form and becomes null.
        if v.is_finite() {
            self.obj(v)
        } else {
            self.serialize_none()
        }
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok> {
        self.obj(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok> {
        Ok(PyString::new(self.py, v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok> {
        // As serde_json: a list of byte values.
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.push(b)?;
        }
        seq.list()
    }
    fn serialize_none(self) -> Result<Self::Ok> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Self::Ok> {
        Ok(name(self.py, variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        let dict = PyDict::new(self.py);
        dict.set_item(name(self.py, variant), value.serialize(self)?)?;
        Ok(dict.into_any())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'py>> {
        Ok(Seq {
            py: self.py,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'py>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'py>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(ser::Error::custom(format!(
            "tuple variant {name}::{variant} is not supported"
        )))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Dict<'py>> {
        Ok(Dict {
            py: self.py,
            dict: PyDict::new(self.py),
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Dict<'py>> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(ser::Error::custom(format!(
            "struct variant {name}::{variant} is not supported"
        )))
    }
}

/// Sequences, tuples and tuple structs are all lists, as in JSON: each of the three traits
/// pushes its elements (`$element` is the trait's name for the method) and ends as a list.
macro_rules! list {
    ($($serialize:ident::$element:ident),* $(,)?) => {
        $(
            impl<'py> ser::$serialize for Seq<'py> {
                type Ok = Bound<'py, PyAny>;
                type Error = Error;
                fn $element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<()> {
                    self.push(v)
                }
                fn end(self) -> Result<Self::Ok> {
                    self.list()
                }
            }
        )*
    };
}

list! {
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
}

impl<'py> ser::SerializeMap for Dict<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.key = Some(key.serialize(ToPy { py: self.py })?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let key = self
            .key
            .take()
            .ok_or_else(|| <Error as ser::Error>::custom("a map value without its key"))?;
        self.dict
            .set_item(key, value.serialize(ToPy { py: self.py })?)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok> {
        Ok(self.dict.into_any())
    }
}

impl<'py> ser::SerializeStruct for Dict<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        let value = value.serialize(ToPy { py: self.py })?;
        self.dict.set_item(name(self.py, key), value)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok> {
        Ok(self.dict.into_any())
    }
}
