//! Stub: to be written.

use crate::record::{Eligibility, Warning};
use crate::span::Mapped;

pub fn parse(_block: &Mapped, _warnings: &mut Vec<Warning>) -> Eligibility {
    Eligibility::default()
}
