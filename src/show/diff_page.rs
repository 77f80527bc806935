//! `diff --html`: the changed records of two runs on one page, old and new values side by
//! side, and each changed item's old and new span highlighted in the page text when the
//! input is still there.
//!
//! The page is written as the comparison streams: a head (removed and added records), one
//! section per changed pair, a foot. Each section is rendered and written before the next
//! pair is read, so memory holds one pair, never the whole diff. Page text is included for
//! the first [`MAX_TEXTS`] changed records; the rest get their table of changes only.

use super::input;
use super::nest::{self, Event, Highlight, Layer, Placer};
use crate::diff::Changed;
use crate::error::BatchError;
use crate::output::AtomicFile;
use crate::read;
use crate::record::Format;
use crate::span::Span;
use askama::Template;
use serde_json::Value;
use std::path::Path;

/// Changed records shown with their page text.
pub const MAX_TEXTS: usize = 200;

#[derive(Template)]
#[template(path = "show/diff_head.html")]
struct Head<'a> {
    csp: &'static str,
    style: &'static str,
    version: &'static str,
    old_name: &'a str,
    new_name: &'a str,
    old_len: usize,
    new_len: usize,
    by: &'a str,
    removed: &'a [String],
    added: &'a [String],
}

/// One row of a section's table.
struct Row {
    field: String,
    old: String,
    new: String,
    /// The highlight group of the item the field belongs to.
    item: Option<usize>,
}

#[derive(Template)]
#[template(path = "show/diff_record.html")]
struct Section<'a> {
    n: usize,
    key: String,
    old_path: &'a str,
    new_path: &'a str,
    changes: Vec<Row>,
    note: Option<String>,
    events: Vec<Event<'a, 'a>>,
}

#[derive(Template)]
#[template(path = "show/diff_foot.html")]
struct Foot {
    script: &'static str,
    changed: usize,
    shown: usize,
    omitted: usize,
}

/// The page being written.
pub struct DiffPage {
    file: AtomicFile,
    changed: usize,
    next_id: usize,
}

/// What the head lists.
pub struct Runs<'a> {
    pub old_name: &'a str,
    pub new_name: &'a str,
    pub old_len: usize,
    pub new_len: usize,
    pub by: &'a str,
    pub removed: &'a [String],
    pub added: &'a [String],
}

impl DiffPage {
    /// Starts the page at `dest` (it appears there only when [`DiffPage::finish`]ed).
    pub fn create(dest: &Path, runs: &Runs<'_>) -> Result<DiffPage, BatchError> {
        let mut page = DiffPage {
            file: AtomicFile::create(dest)?,
            changed: 0,
            next_id: 0,
        };
        let head = Head {
            csp: super::csp(),
            style: super::STYLE,
            version: env!("CARGO_PKG_VERSION"),
            old_name: runs.old_name,
            new_name: runs.new_name,
            old_len: runs.old_len,
            new_len: runs.new_len,
            by: runs.by,
            removed: runs.removed,
            added: runs.added,
        };
        page.put(&head)?;
        Ok(page)
    }

    /// Adds the section of one changed pair; its page text is read from `c.new_file`.
    pub fn record(&mut self, c: &Changed) -> Result<(), BatchError> {
        self.changed += 1;
        let with_text = self.changed <= MAX_TEXTS;
        // Group changes by the item (the nearest object with a span) they belong to.
        let mut groups: Vec<(String, Option<Span>, Option<Span>)> = Vec::new();
        let mut rows = Vec::new();
        for f in &c.changes {
            let old = item_span(&c.old, &f.field);
            let new = item_span(&c.new, &f.field);
            let path = old.as_ref().or(new.as_ref()).map(|(p, _)| p.clone());
            let item = path.map(|p| match groups.iter().position(|g| g.0 == p) {
                Some(i) => self.next_id + i,
                None => {
                    groups.push((p, old.map(|o| o.1), new.map(|n| n.1)));
                    self.next_id + groups.len() - 1
                }
            });
            let shown =
                |v: &Option<Value>| v.as_ref().map_or("(absent)".to_owned(), Value::to_string);
            rows.push(Row {
                field: if f.field.is_empty() {
                    "(record)".into()
                } else {
                    f.field.clone()
                },
                old: shown(&f.old),
                new: shown(&f.new),
                item,
            });
        }
        let mut hls = Vec::new();
        for (i, (_, old, new)) in groups.iter().enumerate() {
            let id = self.next_id + i;
            let mut push = |span: Span, class: &'static str| {
                hls.push(Highlight {
                    item: id,
                    span,
                    layer: Layer::Value,
                    class,
                    tag: None,
                })
            };
            match (old, new) {
                (Some(o), Some(n)) if o == n => push(*n, "k-old k-new"),
                _ => {
                    if let Some(o) = old {
                        push(*o, "k-old");
                    }
                    if let Some(n) = new {
                        push(*n, "k-new");
                    }
                }
            }
        }
        self.next_id += groups.len();
        let format = c
            .new
            .get("format")
            .and_then(Value::as_str)
            .and_then(Format::from_name)
            .unwrap_or(Format::Unknown);
        let (found, mut note) = if !with_text {
            (None, None)
        } else {
            // Read with the format the run recorded, so the text is the one its spans index.
            let read = read::Options {
                forced: Some(format),
                ..read::Options::default()
            };
            match input::find(&c.new_file, &read) {
                Ok(f) => (Some(f), None),
                Err(e) => (None, Some(format!("page text not shown: {e}"))),
            }
        };
        let shown = found
            .as_ref()
            .map(|f| super::text::display(format, &f.bytes, f.base));
        let placer = shown.as_ref().map(Placer::new);
        let events = match &placer {
            Some(p) => {
                let (events, ranges) = nest::layout(p, &hls, super::MAX_SHOWN);
                let off = ranges.iter().filter(|r| r.is_none()).count();
                if off > 0 {
                    note = Some(format!("{off} spans lie past the shown text"));
                }
                events
            }
            None => Vec::new(),
        };
        let section = Section {
            n: self.changed,
            key: c.key.to_string(),
            old_path: &c.old_path,
            new_path: &c.new_path,
            changes: rows,
            note,
            events,
        };
        self.put(&section)
    }

    /// Writes the foot and puts the page in place.
    pub fn finish(mut self) -> Result<(), BatchError> {
        let foot = Foot {
            script: super::SCRIPT,
            changed: self.changed,
            shown: self.changed.min(MAX_TEXTS),
            omitted: self.changed.saturating_sub(MAX_TEXTS),
        };
        self.put(&foot)?;
        self.file.finish()
    }

    fn put(&mut self, t: &impl Template) -> Result<(), BatchError> {
        Template::write_into(t, &mut self.file).map_err(|source| BatchError::Write {
            path: self.file.dest().to_string_lossy().into_owned(),
            source,
        })
    }
}

/// The item a changed field belongs to and its span: the deepest object on the field's path
/// with a `span`, or the longest `field_spans` key the field starts with (a quick fact).
/// A change inside `field_spans` itself is that field's span.
pub fn item_span(rec: &Value, field: &str) -> Option<(String, Span)> {
    let as_span = |v: &Value| {
        let a = v.get(0)?.as_u64()? as usize;
        let b = v.get(1)?.as_u64()? as usize;
        Some(Span::new(a, b))
    };
    let spans = rec.get("field_spans");
    if let Some(rest) = field.strip_prefix("field_spans.") {
        let key = rest.split('[').next().unwrap_or(rest);
        return Some((key.to_owned(), as_span(spans?.get(key)?)?));
    }
    // Walk the field path; remember the deepest object that has a span.
    let mut best = None;
    let mut v = rec;
    for (seg, end) in segments(field) {
        let next = match v {
            Value::Object(map) => map.get(seg),
            Value::Array(items) => seg.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        let Some(next) = next else { break };
        v = next;
        if let Some(s) = v.get("span").and_then(as_span) {
            best = Some((field[..end].to_owned(), s));
        }
    }
    if best.is_some() {
        return best;
    }
    let spans = spans?.as_object()?;
    spans
        .iter()
        .filter(|(k, _)| {
            field == k.as_str()
                || (field.starts_with(k.as_str()) && field[k.len()..].starts_with(['.', '[']))
        })
        .max_by_key(|(k, _)| k.len())
        .and_then(|(k, s)| Some((k.clone(), as_span(s)?)))
}

/// A field path's steps (`a.b[2].c` → `a`, `b`, `2`, `c`), each with where it ends.
fn segments(field: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < field.len() {
        let rest = &field[at..];
        if let Some(inner) = rest.strip_prefix('[') {
            let (seg, used) = match inner.find(']') {
                Some(k) => (&inner[..k], k + 2),
                None => (inner, rest.len()),
            };
            out.push((seg, at + used));
            at += used;
        } else if rest.starts_with('.') {
            at += 1;
        } else {
            let len = rest.find(['.', '[']).unwrap_or(rest.len());
            out.push((&rest[..len], at + len));
            at += len;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changed_fields_find_their_item_span() {
        let rec = json!({
            "field_spans": {"quick_facts.enrollment": [10, 20], "nct_id": [1, 5]},
            "lab_thresholds": [{"value": 1, "span": [30, 40]}, {"value": 2, "span": [50, 60], "normalized": {"value": 3}}],
            "eligibility": {"inclusion": [{"span": [70, 90], "children": [{"text": "x", "span": [80, 85]}]}]},
        });
        let got = |f: &str| item_span(&rec, f);
        assert_eq!(
            got("lab_thresholds[1].normalized.value"),
            Some(("lab_thresholds[1]".into(), Span::new(50, 60)))
        );
        assert_eq!(
            got("eligibility.inclusion[0].children[0].text"),
            Some((
                "eligibility.inclusion[0].children[0]".into(),
                Span::new(80, 85)
            ))
        );
        assert_eq!(
            got("quick_facts.enrollment.count"),
            Some(("quick_facts.enrollment".into(), Span::new(10, 20)))
        );
        assert_eq!(
            got("field_spans.nct_id[1]"),
            Some(("nct_id".into(), Span::new(1, 5)))
        );
        assert_eq!(got("nct_id"), Some(("nct_id".into(), Span::new(1, 5))));
        assert_eq!(got("status"), None);
        assert_eq!(got("lab_thresholds[7].value"), None);
        assert_eq!(
            segments("a.b[2].c"),
            [("a", 1), ("b", 3), ("2", 6), ("c", 8)]
        );
        assert_eq!(segments("x[1"), [("x", 1), ("1", 3)]);
    }
}
