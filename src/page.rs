//! One input from bytes to [`Record`]: the library's main entry point.

use crate::limits::{self, TooLarge};
use crate::read::Document;
use crate::record::{Format, Record};
use crate::warning::WarningCode;
use crate::{criteria, detect, extract, layout, source};

/// Parse one input. Never panics on any bytes and never fails: what could not be
/// understood is reported in `warnings`. `forced` skips layout detection (`--as`). An input
/// past one of the [`limits`] gets a record with only its path and an `error`.
pub fn parse_bytes(path: &str, bytes: &[u8], forced: Option<Format>) -> Record {
    parse_at(path, bytes, 0, forced)
}

/// Parse a document the read stage found (a file, an archive member, a container's study):
/// its spans count from `doc.base`, and its own warnings come first.
pub fn parse_document(doc: &Document) -> Record {
    let mut rec = parse_at(&doc.path, &doc.bytes, doc.base, doc.format);
    if !doc.warnings.is_empty() && rec.error.is_none() {
        rec.warnings.splice(0..0, doc.warnings.iter().cloned());
    }
    rec
}

fn parse_at(path: &str, bytes: &[u8], base: usize, forced: Option<Format>) -> Record {
    parse_capped(path, bytes, base, forced)
        .unwrap_or_else(|e| Record::failed(path, e.record_error(path)))
}

fn parse_capped(
    path: &str,
    bytes: &[u8],
    base: usize,
    forced: Option<Format>,
) -> Result<Record, TooLarge> {
    if bytes.len() > limits::DOCUMENT_BYTES {
        return Err(TooLarge::Document {
            size: bytes.len(),
            cap: limits::DOCUMENT_BYTES,
        });
    }
    let decoded = source::decode_at(bytes, base)?;
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
    // HTML that is not our patient page is read as its visible text, layout unknown.
    let block = if format == Format::Unknown && detect::is_html(text) {
        layout::unknown::parse_html(&decoded.text, &mut rec)
    } else {
        layout::parse(format, &decoded.text, &mut rec)
    };
    if let Some(block) = block {
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
