//! Compare two runs record by record: what changed between yesterday's JSON Lines and today's.
//!
//! Records are matched by `path` (the n-th record of a path in one run with the n-th of the
//! same path in the other). Within a record, objects are compared key by key and arrays index
//! by index, down to the leaves; each difference is one [`FieldChange`] with a dotted field
//! path like `eligibility.inclusion[3].text`.

use crate::error::BatchError;
use serde_json::Value;
use std::collections::HashMap;
use std::io::BufRead;

/// One run: records in file order, keyed by path.
pub struct Run {
    records: Vec<(String, Value)>,
}

impl Run {
    /// Reads JSON Lines; blank lines are skipped; every other line must be an object with a
    /// string `path`. A line that is not is a [`BatchError::JsonlLine`] naming `name`, the line
    /// and its byte offset.
    pub fn read(name: &str, mut reader: impl BufRead) -> Result<Run, BatchError> {
        let mut records = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let (mut line_no, mut offset) = (0u64, 0u64);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let n = reader
                .read_until(b'\n', &mut buf)
                .map_err(|source| BatchError::Read {
                    path: name.to_owned(),
                    source,
                })?;
            if n == 0 {
                break;
            }
            line_no += 1;
            let line_offset = offset;
            offset += n as u64;
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let bad = |message: String| BatchError::JsonlLine {
                path: name.to_owned(),
                line: line_no,
                offset: line_offset,
                message,
            };
            let value: Value = serde_json::from_slice(&buf).map_err(|e| bad(e.to_string()))?;
            let path = value
                .get("path")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("record has no string \"path\"".into()))?
                .to_owned();
            let n = seen.entry(path.clone()).or_insert(0);
            *n += 1;
            let key = if *n == 1 { path } else { format!("{path}#{n}") };
            records.push((key, value));
        }
        Ok(Run { records })
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// One differing leaf. `old`/`new` are `None` where the field is absent on that side.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RecordChange {
    pub path: String,
    pub changes: Vec<FieldChange>,
}

/// Everything that differs between two runs.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Diff {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<RecordChange>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Compares two runs. Changed and removed records come in the old run's order, added ones in
/// the new run's order.
pub fn diff_runs(old: &Run, new: &Run) -> Diff {
    let new_index: HashMap<&str, &Value> =
        new.records.iter().map(|(p, v)| (p.as_str(), v)).collect();
    let old_keys: HashMap<&str, ()> = old.records.iter().map(|(p, _)| (p.as_str(), ())).collect();
    let mut out = Diff::default();
    for (path, old_v) in &old.records {
        match new_index.get(path.as_str()) {
            None => out.removed.push(path.clone()),
            Some(new_v) => {
                let changes = diff_values(old_v, new_v);
                if !changes.is_empty() {
                    out.changed.push(RecordChange {
                        path: path.clone(),
                        changes,
                    });
                }
            }
        }
    }
    out.added = new
        .records
        .iter()
        .filter(|(p, _)| !old_keys.contains_key(p.as_str()))
        .map(|(p, _)| p.clone())
        .collect();
    out
}

/// Leaf-level differences between two JSON values, depth first. Object keys come in sorted
/// order, not the order of the JSON text (serde_json is built without `preserve_order`), keys
/// only in `new` after those in `old`; array elements by index. Uses an explicit stack, so the
/// depth of the documents does not matter.
pub fn diff_values(old: &Value, new: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, Option<&Value>, Option<&Value>)> =
        vec![(String::new(), Some(old), Some(new))];
    while let Some((field, a, b)) = stack.pop() {
        let mut children = Vec::new();
        match (a, b) {
            (Some(Value::Object(x)), Some(Value::Object(y))) => {
                for (k, va) in x {
                    children.push((join_key(&field, k), Some(va), y.get(k)));
                }
                for (k, vb) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                    children.push((join_key(&field, k), None, Some(vb)));
                }
            }
            (Some(Value::Array(x)), Some(Value::Array(y))) => {
                for i in 0..x.len().max(y.len()) {
                    children.push((format!("{field}[{i}]"), x.get(i), y.get(i)));
                }
            }
            (a, b) if a != b => out.push(FieldChange {
                field: field.clone(),
                old: a.cloned(),
                new: b.cloned(),
            }),
            _ => {}
        }
        stack.extend(children.into_iter().rev());
    }
    out
}

fn join_key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// The readable form: `path: field: old → new`, one line per change, and a line for each
/// added or removed record.
pub fn render(diff: &Diff) -> String {
    let show = |v: &Option<Value>| v.as_ref().map_or("(absent)".to_owned(), Value::to_string);
    let mut out = String::new();
    for c in &diff.changed {
        for f in &c.changes {
            let field = if f.field.is_empty() {
                "(record)"
            } else {
                &f.field
            };
            out.push_str(&format!(
                "{}: {field}: {} → {}\n",
                c.path,
                show(&f.old),
                show(&f.new)
            ));
        }
    }
    for p in &diff.removed {
        out.push_str(&format!("{p}: removed\n"));
    }
    for p in &diff.added {
        out.push_str(&format!("{p}: added\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(lines: &str) -> Run {
        Run::read("t", lines.as_bytes()).unwrap()
    }

    #[test]
    fn equal_runs_have_no_diff() {
        let a = run("{\"path\":\"a\",\"x\":[1,{\"y\":2}]}\n\n{\"path\":\"b\"}\n");
        assert!(diff_runs(&a, &a).is_empty());
    }

    #[test]
    fn leaf_changes_are_named_by_field_path() {
        let old = json!({"path":"a","q":{"ages":[{"x":1},{"x":2}]},"gone":true});
        let new = json!({"path":"a","q":{"ages":[{"x":1},{"x":3},{"x":4}]},"new":null});
        let changes = diff_values(&old, &new);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        // Keys sorted, not in text order; `new` (only in the new value) comes last.
        assert_eq!(fields, ["gone", "q.ages[1].x", "q.ages[2]", "new"]);
        assert_eq!(changes[0].new, None);
        assert_eq!(changes[1].old, Some(json!(2)));
        assert_eq!(changes[1].new, Some(json!(3)));
        assert_eq!(changes[2].old, None);
        assert_eq!(changes[3].new, Some(Value::Null));
    }

    #[test]
    fn records_match_by_path_not_position() {
        let old = run("{\"path\":\"a\",\"v\":1}\n{\"path\":\"b\",\"v\":1}\n{\"path\":\"c\"}\n");
        let new = run("{\"path\":\"b\",\"v\":2}\n{\"path\":\"a\",\"v\":1}\n{\"path\":\"d\"}\n");
        let d = diff_runs(&old, &new);
        assert_eq!(d.removed, ["c"]);
        assert_eq!(d.added, ["d"]);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(render(&d), "b: v: 1 → 2\nc: removed\nd: added\n");
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let e = Run::read("old.jsonl", "{\"path\":\"a\"}\n{\"nopath\":1}\n".as_bytes())
            .err()
            .unwrap();
        assert_eq!(
            e.to_string(),
            "old.jsonl: line 2 (byte 13): record has no string \"path\""
        );
        let e = Run::read("x", "{oops\n".as_bytes()).err().unwrap();
        assert!(e.to_string().starts_with("x: line 1 (byte 0): "), "{e}");
        let e = Run::read("x", &b"\n{\"path\":\"a\"}\n\xff\n"[..])
            .err()
            .unwrap();
        assert!(
            matches!(
                e,
                BatchError::JsonlLine {
                    line: 3,
                    offset: 14,
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn duplicate_paths_match_in_order() {
        let old = run("{\"path\":\"a\",\"v\":1}\n{\"path\":\"a\",\"v\":2}\n");
        let new = run("{\"path\":\"a\",\"v\":1}\n{\"path\":\"a\",\"v\":3}\n");
        let d = diff_runs(&old, &new);
        assert_eq!(render(&d), "a#2: v: 2 → 3\n");
    }
}
