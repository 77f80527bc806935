//! Stub: to be written.

use crate::record::Record;
use crate::span::Mapped;

pub fn parse(_text: &Mapped, _rec: &mut Record) -> Option<Mapped> {
    None
}
