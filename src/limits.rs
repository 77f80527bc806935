//! The caps that bound what one input can cost, in one place.
//!
//! Memory per input is proportional to its size for anything a real page holds. A hostile or
//! misnamed file can ask for far more: a map entry per changed byte, a criterion per four
//! bytes, an extracted value per few bytes, each costing a hundred bytes or more in the
//! record and again in its JSON. Rather than let one such file take the batch down, a stage
//! that would pass a cap stops, and the input gets a per-file `error` (the rest of the batch
//! goes on).
//!
//! Each cap is a density: so many items per input byte, plus an allowance any input gets.
//! The allowances are far above the largest real record seen (the 3 300 development records
//! peak at 1 022 criteria and 1 046 items), and the densities far above real text (criteria
//! average over 100 bytes), so only text that is not a trial's reaches them; a big page of
//! real criteria, however long, does not.

use crate::record::Record;

/// A cap: `free` items for any input, plus one per `bytes_per` bytes of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cap {
    pub free: usize,
    pub bytes_per: usize,
}

impl Cap {
    /// The items allowed for `len` bytes.
    pub fn of(self, len: usize) -> usize {
        self.free + len / self.bytes_per
    }
}

/// Runs of bytes that decoding changes (invalid UTF-8, CR line ends, NUL bytes): each is a
/// map segment of 32 bytes, so the map stays within about twice the input plus 32 MB.
pub const DECODE_RUNS: Cap = Cap {
    free: 1 << 20,
    bytes_per: 16,
};

/// Lines of a page, and of a criteria block: layouts keep a range per line (16 bytes) and
/// the criteria tree a classified line (some 50 bytes) while they work. Real pages average
/// 25 to 3 000 bytes a line.
pub const LINES: Cap = Cap {
    free: 100_000,
    bytes_per: 16,
};

/// Criteria (tree nodes) of a criteria block.
pub const CRITERIA: Cap = Cap {
    free: 20_000,
    bytes_per: 32,
};

/// Items of a record, for the input's size: criteria, extracted values, warnings, sections,
/// unknown quick facts.
pub const RECORD_ITEMS: Cap = Cap {
    free: 50_000,
    bytes_per: 16,
};

/// The largest document parsed, 1 GiB (the default `--max-file-size`): the extractors keep
/// token offsets in 32 bits, and decoding can triple a text (a U+FFFD for each invalid
/// byte), so its text stays under 4 GiB. A larger file allowed by `--max-file-size` is a
/// per-file error.
pub const DOCUMENT_BYTES: usize = 1 << 30;

/// What the record holds that costs memory per item, in the record and in its output.
pub fn record_items(rec: &Record) -> usize {
    rec.eligibility.walk().len()
        + rec.ages.len()
        + rec.lab_thresholds.len()
        + rec.performance_status.len()
        + rec.mutations.len()
        + rec.warnings.len()
        + rec.sections.len()
        + rec.quick_facts.extra.len()
}

/// Which cap an input passed. The record of such an input has only its `path` and an
/// `error` naming the cap.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TooLarge {
    #[error(
        "decoding changes more than {cap} runs of bytes (invalid UTF-8, CR line ends, NUL \
         bytes): not text?"
    )]
    Decode { cap: usize },
    #[error("it is {size} bytes, more than one document may be ({cap} bytes)")]
    Document { size: usize, cap: usize },
    #[error("it has more than {cap} lines")]
    Lines { cap: usize },
    #[error("its criteria block has more than {cap} criteria")]
    Criteria { cap: usize },
    #[error(
        "its record would hold {items} items (criteria, extracted values, warnings, \
         sections), more than {cap}"
    )]
    Record { items: usize, cap: usize },
}

impl TooLarge {
    /// The `error` of the record of input `path`.
    pub fn record_error(&self, path: &str) -> String {
        format!("{path}: too large to parse: {self}")
    }
}
