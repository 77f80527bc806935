//! One input from bytes to [`Record`]: the library's main entry point.

use crate::limits::{self, TooLarge};
use crate::record::{Format, Record};
use crate::warning::WarningCode;
use crate::{criteria, detect, extract, layout, source};

/// Parse one input. Never panics on any bytes and never fails: what could not be
/// understood is reported in `warnings`. `forced` skips layout detection (`--as`). An input
/// past one of the [`limits`] gets a record with only its path and an `error`.
pub fn parse_bytes(path: &str, bytes: &[u8], forced: Option<Format>) -> Record {
    parse_capped(path, bytes, forced).unwrap_or_else(|e| Record::failed(path, e.record_error(path)))
}

fn parse_capped(path: &str, bytes: &[u8], forced: Option<Format>) -> Result<Record, TooLarge> {
    let decoded = source::decode(bytes)?;
    let text = decoded.text.as_str();
    let format = forced.unwrap_or_else(|| detect::detect(text));
    let mut rec = Record::new(path, format);
    rec.warnings.extend(decoded.warnings);
    if text.trim().is_empty() {
        rec.warn(WarningCode::EmptyInput, "the input holds no text", None);
        return Ok(rec);
    }
    let cap = limits::LINES.of(text.len());
    if memchr::memchr_iter(b'\n', text.as_bytes()).count() >= cap {
        return Err(TooLarge::Lines { cap });
    }
    if let Some(block) = layout::parse(format, &decoded.text, &mut rec) {
        rec.eligibility = criteria::parse(&block, &mut rec.warnings)?;
    }
    let found = extract::extract(&rec.eligibility);
    rec.ages = found.ages;
    rec.lab_thresholds = found.lab_thresholds;
    rec.performance_status = found.performance_status;
    rec.mutations = found.mutations;
    rec.warnings.extend(found.warnings);
    let items = limits::record_items(&rec);
    let cap = limits::RECORD_ITEMS.of(bytes.len());
    if items > cap {
        return Err(TooLarge::Record { items, cap });
    }
    Ok(rec)
}
