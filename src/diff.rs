//! Compare two runs record by record: what changed between yesterday's JSON Lines and today's.
//!
//! Records are paired by a [`Key`]: their `path` (with `--strip-prefix` prefixes removed), or
//! the value of a field (`--key nct_id`). The n-th record with a key in one run pairs with the
//! n-th with that key in the other. A record without the key field (null or absent) is keyed
//! by its path instead, in a namespace of its own, so it can never pair with a field value.
//! Within a pair, objects are compared key by key and arrays index by index, down to the
//! leaves; each difference is one [`FieldChange`] with a dotted field path like
//! `eligibility.inclusion[3].text`.
//!
//! **Memory**: a [`Run`] holds only each record's key and the byte offset and length of its
//! line; records are parsed one pair at a time when compared (a run read from a pipe is kept
//! as bytes, not as parsed values). Pairs whose lines are byte-identical are not parsed.

use crate::error::BatchError;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// How records are paired and which `path` prefixes do not count.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Pair records by this field (a dotted path into the record, e.g. `nct_id`) instead of
    /// by `path`.
    pub key: Option<String>,
    /// Literal prefixes removed from every `path` (the longest that matches) before pairing
    /// and comparing, for runs made from different directories.
    pub strip_prefixes: Vec<String>,
}

/// What a key's value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyKind {
    /// The record's (stripped) path.
    Path,
    /// The key field's value, a string.
    Field,
    /// The key field's value, not a string: its JSON text.
    FieldJson,
}

/// A record's identity within a run: never built by joining strings, so no real path or
/// value can collide with the key of another record (`x#2` is just a path).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub kind: KeyKind,
    pub value: String,
    /// 1 for the first record with this key in its run, 2 for the second, …
    pub occurrence: u32,
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.value)?;
        if self.occurrence > 1 {
            write!(f, " (#{})", self.occurrence)?;
        }
        Ok(())
    }
}

/// One record of a run: its key, its path (prefix stripped) and where its line is.
#[derive(Clone, Debug)]
pub struct Entry {
    pub key: Key,
    pub path: String,
    line: u64,
    offset: u64,
    len: usize,
}

/// Where a run's lines are read back from.
enum Lines {
    File(File),
    Memory(Vec<u8>),
}

/// One run, indexed: keys and line positions, in file order.
pub struct Run {
    name: String,
    lines: Lines,
    entries: Vec<Entry>,
    index: HashMap<Key, usize>,
    strip: Vec<String>,
    /// Keys that occur more than once (paired in order).
    pub duplicates: usize,
    /// Records without the key field, keyed by path instead.
    pub unkeyed: usize,
}

impl Run {
    /// Indexes the JSON Lines file at `path`. A regular file is read once here and again,
    /// line by line, when compared; anything else (a pipe) is kept in memory as bytes.
    pub fn open(path: &Path, options: &Options) -> Result<Run, BatchError> {
        let name = path.to_string_lossy().into_owned();
        let read_err = |source| BatchError::Read {
            path: name.clone(),
            source,
        };
        let file = File::open(path).map_err(read_err)?;
        if file.metadata().map_err(read_err)?.is_file() {
            let reader = BufReader::with_capacity(1 << 16, file.try_clone().map_err(read_err)?);
            Run::index(name, reader, Lines::File(file), options)
        } else {
            let mut bytes = Vec::new();
            BufReader::new(file)
                .read_to_end(&mut bytes)
                .map_err(read_err)?;
            Run::from_bytes(&name, bytes, options)
        }
    }

    /// Indexes JSON Lines held in memory.
    pub fn from_bytes(name: &str, bytes: Vec<u8>, options: &Options) -> Result<Run, BatchError> {
        let reader = std::io::Cursor::new(&bytes[..]);
        let mut run = Run::index(name.to_owned(), reader, Lines::Memory(Vec::new()), options)?;
        run.lines = Lines::Memory(bytes);
        Ok(run)
    }

    /// Reads every line once, keeping its key and position. A line that is not a record is
    /// a [`BatchError::JsonlLine`] naming the run, the line and its byte offset.
    fn index<R: BufRead>(
        name: String,
        mut reader: R,
        lines: Lines,
        options: &Options,
    ) -> Result<Run, BatchError> {
        let mut run = Run {
            name,
            lines,
            entries: Vec::new(),
            index: HashMap::new(),
            strip: options.strip_prefixes.clone(),
            duplicates: 0,
            unkeyed: 0,
        };
        // `--key path` is the default pairing (prefixes stripped), not a field key.
        let field: Option<Vec<&str>> = options
            .key
            .as_deref()
            .filter(|k| *k != "path")
            .map(|k| k.split('.').collect());
        let mut seen: HashMap<(KeyKind, String), u32> = HashMap::new();
        let (mut line_no, mut offset) = (0u64, 0u64);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let n = reader
                .read_until(b'\n', &mut buf)
                .map_err(|source| BatchError::Read {
                    path: run.name.clone(),
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
                path: run.name.clone(),
                line: line_no,
                offset: line_offset,
                message,
            };
            let head = read_head(&buf, field.as_ref().and_then(|f| f.first().copied()))
                .map_err(|e| bad(e.to_string()))?;
            let path = head
                .path
                .ok_or_else(|| bad("record has no string \"path\"".into()))?;
            let path = strip(&path, &run.strip).to_owned();
            let keyed = field.as_ref().and_then(|f| {
                let v = f[1..]
                    .iter()
                    .try_fold(head.key.as_ref()?, |v, k| v.get(k))?;
                match v {
                    Value::Null => None,
                    Value::String(s) => Some((KeyKind::Field, s.clone())),
                    other => Some((KeyKind::FieldJson, other.to_string())),
                }
            });
            if field.is_some() && keyed.is_none() {
                run.unkeyed += 1;
            }
            let (kind, value) = keyed.unwrap_or_else(|| (KeyKind::Path, path.clone()));
            let n = seen.entry((kind, value.clone())).or_insert(0);
            *n += 1;
            if *n == 2 {
                run.duplicates += 1;
            }
            let key = Key {
                kind,
                value,
                occurrence: *n,
            };
            run.index.insert(key.clone(), run.entries.len());
            run.entries.push(Entry {
                key,
                path,
                line: line_no,
                offset: line_offset,
                len: n_len(&buf),
            });
        }
        Ok(run)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The record of entry `i`: its line, its value with the `path` prefix stripped, and
    /// its path as written.
    fn record(&mut self, i: usize) -> Result<(Vec<u8>, Value, String), BatchError> {
        let e = &self.entries[i];
        let bytes = match &mut self.lines {
            Lines::Memory(all) => all
                .get(e.offset as usize..e.offset as usize + e.len)
                .map(<[u8]>::to_vec)
                .unwrap_or_default(),
            Lines::File(f) => {
                let mut b = vec![0; e.len];
                f.seek(SeekFrom::Start(e.offset))
                    .and_then(|_| f.read_exact(&mut b))
                    .map_err(|source| BatchError::Read {
                        path: self.name.clone(),
                        source,
                    })?;
                b
            }
        };
        let mut v: Value = serde_json::from_slice(&bytes).map_err(|err| BatchError::JsonlLine {
            path: self.name.clone(),
            line: e.line,
            offset: e.offset,
            message: format!("changed while being compared: {err}"),
        })?;
        let mut written = String::new();
        if let Some(Value::String(p)) = v.get_mut("path") {
            written = p.clone();
            *p = strip(p, &self.strip).to_owned();
        }
        Ok((bytes, v, written))
    }
}

/// Length of a line without its line end.
fn n_len(line: &[u8]) -> usize {
    line.strip_suffix(b"\n").map_or(line.len(), <[u8]>::len)
}

/// `path` without the longest of `prefixes` it starts with.
fn strip<'p>(path: &'p str, prefixes: &[String]) -> &'p str {
    prefixes
        .iter()
        .filter(|p| path.starts_with(p.as_str()))
        .max_by_key(|p| p.len())
        .map_or(path, |p| &path[p.len()..])
}

/// What indexing needs of a line: its `path` and the top-level field the key is under.
struct Head {
    path: Option<String>,
    key: Option<Value>,
}

/// Reads only `path` and the `key` field of a record line; other fields are skipped
/// without being built.
fn read_head(line: &[u8], key: Option<&str>) -> Result<Head, serde_json::Error> {
    struct Seed<'k>(Option<&'k str>);
    impl<'de> DeserializeSeed<'de> for Seed<'_> {
        type Value = Head;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Head, D::Error> {
            d.deserialize_map(self)
        }
    }
    impl<'de> Visitor<'de> for Seed<'_> {
        type Value = Head;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a record object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Head, A::Error> {
            let mut head = Head {
                path: None,
                key: None,
            };
            while let Some(k) = map.next_key::<String>()? {
                if k == "path" {
                    let v: Value = map.next_value()?;
                    if self.0 == Some("path") {
                        head.key = Some(v.clone());
                    }
                    head.path = v.as_str().map(str::to_owned);
                } else if self.0 == Some(k.as_str()) {
                    head.key = Some(map.next_value()?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(head)
        }
    }
    let mut de = serde_json::Deserializer::from_slice(line);
    let head = Seed(key).deserialize(&mut de)?;
    de.end()?;
    Ok(head)
}

/// One differing leaf. `old`/`new` are `None` where the field is absent on that side.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// A pair of records that differ, with both records (for pages that show them).
#[derive(Clone, Debug, PartialEq)]
pub struct Changed {
    pub key: Key,
    pub old_path: String,
    pub new_path: String,
    /// The new record's path as written (before prefix stripping): where its input is.
    pub new_file: String,
    pub old: Value,
    pub new: Value,
    pub changes: Vec<FieldChange>,
}

/// Two runs paired: which records were removed and added, and the pairs to compare.
pub struct Comparison<'r> {
    pub old: &'r mut Run,
    pub new: &'r mut Run,
    /// Old entries without a partner, in the old run's order.
    pub removed: Vec<usize>,
    /// New entries without a partner, in the new run's order.
    pub added: Vec<usize>,
    pairs: std::vec::IntoIter<(usize, usize)>,
}

impl<'r> Comparison<'r> {
    pub fn new(old: &'r mut Run, new: &'r mut Run) -> Comparison<'r> {
        let mut removed = Vec::new();
        let mut pairs = Vec::new();
        for (i, e) in old.entries.iter().enumerate() {
            match new.index.get(&e.key) {
                Some(&j) => pairs.push((i, j)),
                None => removed.push(i),
            }
        }
        let added = (0..new.entries.len())
            .filter(|&j| !old.index.contains_key(&new.entries[j].key))
            .collect();
        Comparison {
            old,
            new,
            removed,
            added,
            pairs: pairs.into_iter(),
        }
    }

    /// The next pair that differs, in the old run's order; `None` when all are compared.
    pub fn next_changed(&mut self) -> Option<Result<Changed, BatchError>> {
        for (i, j) in self.pairs.by_ref() {
            let pair = self
                .old
                .record(i)
                .and_then(|a| Ok((a, self.new.record(j)?)));
            let ((old_line, old, _), (new_line, new, new_file)) = match pair {
                Ok(p) => p,
                Err(e) => return Some(Err(e)),
            };
            if old_line == new_line {
                continue;
            }
            let changes = diff_values(&old, &new);
            if changes.is_empty() {
                continue;
            }
            return Some(Ok(Changed {
                key: self.old.entries[i].key.clone(),
                old_path: self.old.entries[i].path.clone(),
                new_path: self.new.entries[j].path.clone(),
                new_file,
                old,
                new,
                changes,
            }));
        }
        None
    }
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

/// The readable lines of one changed pair: `key: field: old → new`.
pub fn render_changed(c: &Changed) -> String {
    let show = |v: &Option<Value>| v.as_ref().map_or("(absent)".to_owned(), Value::to_string);
    let mut out = String::new();
    for f in &c.changes {
        let field = if f.field.is_empty() {
            "(record)"
        } else {
            &f.field
        };
        out.push_str(&format!(
            "{}: {field}: {} → {}\n",
            c.key,
            show(&f.old),
            show(&f.new)
        ));
    }
    out
}

/// A key as JSON: `{"by": "path" | FIELD, "key", "occurrence", "path"}`.
pub fn key_json(key: &Key, path: &str, options: &Options) -> Value {
    let by = match key.kind {
        KeyKind::Path => "path",
        KeyKind::Field | KeyKind::FieldJson => options.key.as_deref().unwrap_or("path"),
    };
    let value = match key.kind {
        KeyKind::FieldJson => serde_json::from_str(&key.value).unwrap_or(Value::Null),
        _ => Value::String(key.value.clone()),
    };
    serde_json::json!({"by": by, "key": value, "occurrence": key.occurrence, "path": path})
}

/// A changed pair as JSON: its key, both paths and its field changes.
pub fn changed_json(c: &Changed, options: &Options) -> Value {
    let mut v = key_json(&c.key, &c.new_path, options);
    if let Value::Object(map) = &mut v {
        map.remove("path");
        map.insert("old_path".into(), c.old_path.clone().into());
        map.insert("new_path".into(), c.new_path.clone().into());
        map.insert(
            "changes".into(),
            serde_json::to_value(&c.changes).unwrap_or(Value::Null),
        );
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run_with(lines: &str, options: &Options) -> Run {
        Run::from_bytes("t", lines.as_bytes().to_vec(), options).unwrap()
    }

    fn run(lines: &str) -> Run {
        run_with(lines, &Options::default())
    }

    /// Every change as text, then removed and added keys, as the CLI prints them.
    fn render(old: &mut Run, new: &mut Run) -> String {
        let mut c = Comparison::new(old, new);
        let mut out = String::new();
        while let Some(ch) = c.next_changed() {
            out.push_str(&render_changed(&ch.unwrap()));
        }
        for &i in &c.removed {
            out.push_str(&format!("{}: removed\n", c.old.entries[i].key));
        }
        for &j in &c.added {
            out.push_str(&format!("{}: added\n", c.new.entries[j].key));
        }
        out
    }

    #[test]
    fn equal_runs_have_no_diff() {
        let lines = "{\"path\":\"a\",\"x\":[1,{\"y\":2}]}\n\n{\"path\":\"b\"}\n";
        assert_eq!(render(&mut run(lines), &mut run(lines)), "");
        // Same records, other formatting: parsed and found equal.
        let other = "{\"x\":[1,{\"y\":2}], \"path\":\"a\"}\n{\"path\":\"b\"}";
        assert_eq!(render(&mut run(lines), &mut run(other)), "");
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
        let mut old = run("{\"path\":\"a\",\"v\":1}\n{\"path\":\"b\",\"v\":1}\n{\"path\":\"c\"}\n");
        let mut new = run("{\"path\":\"b\",\"v\":2}\n{\"path\":\"a\",\"v\":1}\n{\"path\":\"d\"}\n");
        assert_eq!(
            render(&mut old, &mut new),
            "b: v: 1 → 2\nc: removed\nd: added\n"
        );
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let bad = |s: &[u8]| {
            Run::from_bytes("old.jsonl", s.to_vec(), &Options::default())
                .err()
                .unwrap()
        };
        assert_eq!(
            bad(b"{\"path\":\"a\"}\n{\"nopath\":1}\n").to_string(),
            "old.jsonl: line 2 (byte 13): record has no string \"path\""
        );
        let e = bad(b"{oops\n");
        assert!(
            e.to_string().starts_with("old.jsonl: line 1 (byte 0): "),
            "{e}"
        );
        let e = bad(b"\n{\"path\":\"a\"}\n\xff\n");
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
        // Trailing garbage after the object is an error too, not ignored.
        let e = bad(b"{\"path\":\"a\"} x\n");
        assert!(matches!(e, BatchError::JsonlLine { line: 1, .. }), "{e}");
    }

    #[test]
    fn duplicate_paths_match_in_order_and_never_collide_with_real_paths() {
        let mut old =
            run("{\"path\":\"a\",\"v\":1}\n{\"path\":\"a\",\"v\":2}\n{\"path\":\"a#2\",\"v\":9}\n");
        let mut new =
            run("{\"path\":\"a\",\"v\":1}\n{\"path\":\"a\",\"v\":3}\n{\"path\":\"a#2\",\"v\":9}\n");
        assert_eq!(old.duplicates, 1);
        assert_eq!(render(&mut old, &mut new), "a (#2): v: 2 → 3\n");
        // The real path `a#2` is its own record: dropping the duplicate removes only it.
        let mut old = run("{\"path\":\"a\"}\n{\"path\":\"a\"}\n");
        let mut new = run("{\"path\":\"a\"}\n{\"path\":\"a#2\"}\n");
        assert_eq!(render(&mut old, &mut new), "a (#2): removed\na#2: added\n");
    }

    #[test]
    fn key_field_pairs_records_whatever_their_paths() {
        let by_id = Options {
            key: Some("nct_id".into()),
            ..Options::default()
        };
        let mut old = run_with(
            "{\"path\":\"x/1.txt\",\"nct_id\":\"NCT1\",\"v\":1}\n{\"path\":\"x/2.txt\",\"nct_id\":\"NCT2\",\"v\":1}\n{\"path\":\"x/e.txt\",\"nct_id\":null}\n",
            &by_id,
        );
        let mut new = run_with(
            "{\"path\":\"y/2.txt\",\"nct_id\":\"NCT2\",\"v\":1}\n{\"path\":\"y/1.txt\",\"nct_id\":\"NCT1\",\"v\":2}\n{\"path\":\"x/e.txt\",\"nct_id\":null}\n",
            &by_id,
        );
        assert_eq!(old.unkeyed, 1);
        // Paired by id; the path change is a real change and shows; the record without an
        // id pairs by path (equal here).
        assert_eq!(
            render(&mut old, &mut new),
            "NCT1: path: \"x/1.txt\" → \"y/1.txt\"\nNCT1: v: 1 → 2\nNCT2: path: \"x/2.txt\" → \"y/2.txt\"\n"
        );
        // A path equal to an id is still a path: the two never pair.
        let mut old = run_with("{\"path\":\"NCT9\",\"nct_id\":null}\n", &by_id);
        let mut new = run_with("{\"path\":\"p\",\"nct_id\":\"NCT9\"}\n", &by_id);
        assert_eq!(render(&mut old, &mut new), "NCT9: removed\nNCT9: added\n");
        // Dotted keys and non-string values.
        let by_count = Options {
            key: Some("quick_facts.enrollment.count".into()),
            ..Options::default()
        };
        let mut old = run_with(
            "{\"path\":\"a\",\"quick_facts\":{\"enrollment\":{\"count\":9}}}\n",
            &by_count,
        );
        let mut new = run_with(
            "{\"path\":\"b\",\"quick_facts\":{\"enrollment\":{\"count\":9}}}\n",
            &by_count,
        );
        assert_eq!(render(&mut old, &mut new), "9: path: \"a\" → \"b\"\n");
    }

    #[test]
    fn strip_prefix_makes_runs_from_other_directories_comparable() {
        let opts = Options {
            strip_prefixes: vec!["/ci/a/".into(), "/ci/".into(), "./".into()],
            ..Options::default()
        };
        let mut old = run_with(
            "{\"path\":\"/ci/a/p.txt\",\"v\":1}\n{\"path\":\"/ci/q.txt\"}\n",
            &opts,
        );
        let mut new = run_with(
            "{\"path\":\"./p.txt\",\"v\":2}\n{\"path\":\"q.txt\"}\n",
            &opts,
        );
        assert_eq!(old.entries()[0].path, "p.txt");
        assert_eq!(render(&mut old, &mut new), "p.txt: v: 1 → 2\n");
    }

    #[test]
    fn files_are_read_back_by_offset() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.jsonl"), dir.path().join("b.jsonl"));
        std::fs::write(
            &a,
            "{\"path\":\"p\",\"v\":1}\r\n{\"path\":\"q\",\"v\":[1,2]}\n",
        )
        .unwrap();
        std::fs::write(&b, "{\"path\":\"q\",\"v\":[1,3]}\n{\"path\":\"p\",\"v\":1}").unwrap();
        let opts = Options::default();
        let (mut old, mut new) = (Run::open(&a, &opts).unwrap(), Run::open(&b, &opts).unwrap());
        assert_eq!(render(&mut old, &mut new), "q: v[1]: 2 → 3\n");
        // A file that changes between indexing and reading back is an error naming the line.
        let (mut old, mut new) = (Run::open(&a, &opts).unwrap(), Run::open(&b, &opts).unwrap());
        std::fs::write(&b, "{\"path\":\"q\",\"v\":[1,3]}\nxxxxxxxxxxxxxxxxxxxxx").unwrap();
        let mut c = Comparison::new(&mut old, &mut new);
        let e = c.next_changed().unwrap().unwrap_err();
        assert!(
            e.to_string().starts_with(&format!(
                "{}: line 2 (byte 23): changed while being compared",
                b.display()
            )),
            "{e}"
        );
    }

    #[test]
    fn key_path_is_the_default_pairing() {
        let opts = Options {
            key: Some("path".into()),
            strip_prefixes: vec!["a/".into()],
        };
        let mut old = run_with("{\"path\":\"a/x\",\"v\":1}\n", &opts);
        let mut new = run_with("{\"path\":\"x\",\"v\":2}\n", &opts);
        assert_eq!(render(&mut old, &mut new), "x: v: 1 → 2\n");
    }
}
