//! trialparse: clinical-trial pages in, structured and auditable records out.
//!
//! The pipeline (see `ARCHITECTURE.md`): **read** ([`source`]) → **detect** ([`detect`]) →
//! **sections and structured parts** ([`layout`]) → **criteria tree** ([`criteria`]) →
//! **extractors** ([`extract`]) → **record** ([`record`]) → **output** (the binary and
//! [`batch`]). [`page::parse_bytes`] runs the first six for one input and never fails:
//! whatever the bytes, it returns a [`Record`] with its warnings.

pub mod age;
pub mod batch;
pub mod criteria;
pub mod detect;
pub mod diff;
pub mod error;
pub mod extract;
pub mod layout;
pub mod limits;
pub mod output;
pub mod page;
pub mod read;
pub mod record;
pub mod show;
pub mod source;
pub mod span;
pub mod warning;

pub use page::parse_bytes;
pub use record::{Format, Record};
