//! Where a batch's inputs come from: paths on the command line (files, directories walked
//! recursively in path order, `-` for standard input), a JSON Lines stream of
//! `{"path", "content"}` objects, or the members and elements an input expands to.
//!
//! Inputs are produced lazily, so a run over a million files holds one directory listing per
//! level of the walk, never the whole corpus. Anything that cannot be listed or decoded becomes
//! an [`Input::Failed`] carrying its [`BatchError`]: the batch reports it and goes on.

use super::filter::Filter;
use super::{path, Document};
use crate::error::BatchError;
use crate::record::Record;
use std::ffi::OsString;
use std::fs;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// One unit of work: a page to parse, or something that opens into pages.
#[derive(Debug)]
pub enum Input {
    /// A file to read; `path` is its record path (the name as given or enumerated, escaped
    /// as [`path`] says). `explicit`: named on the command line, not found by a walk.
    File {
        path: String,
        fs_path: PathBuf,
        explicit: bool,
    },
    /// All of standard input, named `-`.
    Stdin,
    /// A page whose content came inside a JSON Lines object.
    Inline { path: String, content: String },
    /// An archive member's bytes, to be looked at like a file's.
    Member { path: String, bytes: Vec<u8> },
    /// A zip member's raw bytes, inflated by the worker that takes it.
    Zipped {
        path: String,
        raw: Vec<u8>,
        method: super::zip::Method,
        size: u64,
        crc: u32,
    },
    /// A document ready to parse (a container's element).
    Document(Document),
    /// A record with nothing to parse: values of a container that are not studies.
    Report(Box<Record>),
    /// An input that could not even be reached.
    Failed { path: String, error: BatchError },
}

impl Input {
    /// The name this input's record carries.
    pub fn path(&self) -> &str {
        match self {
            Input::File { path, .. }
            | Input::Inline { path, .. }
            | Input::Member { path, .. }
            | Input::Zipped { path, .. }
            | Input::Failed { path, .. } => path,
            Input::Document(d) => &d.path,
            Input::Report(r) => &r.path,
            Input::Stdin => "-",
        }
    }

    /// Bytes this input holds in memory before it is opened (windows are bounded by them).
    pub fn held_bytes(&self) -> usize {
        match self {
            Input::Inline { content, .. } => content.len(),
            Input::Member { bytes, .. } => bytes.len(),
            Input::Zipped { raw, .. } => raw.len(),
            Input::Document(d) => d.bytes.len(),
            _ => 0,
        }
    }
}

/// A deterministic share of the inputs: worker `k` of `n` takes the record paths whose
/// FNV-1a hash is `k` modulo `n`. It depends only on the path, not on listing order or on
/// other inputs, so `n` workers over the same inputs together see each record exactly once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    k: u64,
    n: u64,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("bad shard {0:?}: expected K/N with N >= 1 and 0 <= K < N, e.g. 0/4")]
pub struct ShardError(pub String);

impl Shard {
    pub fn new(k: u64, n: u64) -> Result<Shard, ShardError> {
        if n == 0 || k >= n {
            return Err(ShardError(format!("{k}/{n}")));
        }
        Ok(Shard { k, n })
    }

    /// Whether this shard owns `path`.
    pub fn owns(&self, path: &str) -> bool {
        fnv1a(path.as_bytes()) % self.n == self.k
    }
}

impl std::str::FromStr for Shard {
    type Err = ShardError;

    fn from_str(s: &str) -> Result<Shard, ShardError> {
        let bad = || ShardError(s.to_owned());
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k = k.trim().parse().map_err(|_| bad())?;
        let n = n.trim().parse().map_err(|_| bad())?;
        Shard::new(k, n).map_err(|_| bad())
    }
}

/// 64-bit FNV-1a: tiny, stable across versions and platforms (unlike `std`'s hasher).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The identity of a file (device and inode), to recognise the run's own outputs in a walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FileId(u64, u64);

impl FileId {
    fn of(meta: &fs::Metadata) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileId(meta.dev(), meta.ino()))
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }
}

/// Lazily walks command-line arguments: files as given, directories recursively with the
/// entries of each directory sorted by name (so the whole walk is in path order).
///
/// Symbolic links to files are read like files (a dangling one fails when read); links to
/// directories met *inside* a walk are not followed, so a link cycle cannot make it endless.
/// A walk skips hidden entries (a name starting with `.`: among them this tool's own
/// temporary outputs `.NAME.tmp-PID`), the run's own output files and table directories, and
/// what the [`Filter`] leaves out.
pub struct PathInputs {
    args: std::vec::IntoIter<OsString>,
    /// One sorted listing per directory being walked, deepest last, with its root.
    stack: Vec<std::vec::IntoIter<PathBuf>>,
    /// The directory argument being walked (globs match paths relative to it).
    root: PathBuf,
    filter: Filter,
    skip: Vec<FileId>,
}

impl PathInputs {
    pub fn new(args: Vec<OsString>) -> PathInputs {
        PathInputs {
            args: args.into_iter(),
            stack: Vec::new(),
            root: PathBuf::new(),
            filter: Filter::default(),
            skip: Vec::new(),
        }
    }

    /// Leaves out what `filter` excludes from every walk.
    pub fn filter(mut self, filter: Filter) -> PathInputs {
        self.filter = filter;
        self
    }

    /// Leaves the run's own outputs (files, or table directories) out of every walk. Paths
    /// that do not exist yet need no skipping: their temporary files are hidden.
    pub fn skip_outputs<'a>(mut self, outputs: impl IntoIterator<Item = &'a Path>) -> PathInputs {
        self.skip = outputs
            .into_iter()
            .filter_map(|p| fs::metadata(p).ok())
            .filter_map(|m| FileId::of(&m))
            .collect();
        self
    }

    /// Lists `dir` into the walk, or returns why it cannot be listed.
    fn push_dir(&mut self, dir: &Path) -> Result<(), BatchError> {
        let list_err = |source| BatchError::ListDir {
            path: path::from_os(dir.as_os_str()),
            source,
        };
        let mut entries = Vec::new();
        for entry in fs::read_dir(dir).map_err(list_err)? {
            let entry = entry.map_err(list_err)?;
            if entry.file_name().as_encoded_bytes().first() == Some(&b'.') {
                continue;
            }
            entries.push(entry.path());
        }
        entries.sort();
        self.stack.push(entries.into_iter());
        Ok(())
    }

    /// The next entry of the innermost directory still being walked.
    fn next_in_walk(&mut self) -> Option<Input> {
        while let Some(listing) = self.stack.last_mut() {
            let Some(entry) = listing.next() else {
                self.stack.pop();
                continue;
            };
            // symlink_metadata: a link to a directory is not descended into.
            let meta = fs::symlink_metadata(&entry);
            let is_dir = meta.as_ref().is_ok_and(|m| m.is_dir());
            let followed = if is_dir {
                None
            } else {
                fs::metadata(&entry).ok()
            };
            let is_dir_link = followed.as_ref().is_some_and(|m| m.is_dir());
            let own = meta
                .as_ref()
                .ok()
                .and_then(FileId::of)
                .is_some_and(|id| self.skip.contains(&id));
            let rel = entry.strip_prefix(&self.root).unwrap_or(&entry);
            if own || is_dir_link || !self.filter.walks(rel.as_os_str(), is_dir) {
                continue;
            }
            if is_dir {
                if let Err(error) = self.push_dir(&entry) {
                    return Some(failed(error));
                }
            } else if let Some(kind) = followed.as_ref().and_then(special_kind) {
                // A FIFO would block the walk forever, a device never ends: not opened.
                return Some(failed(BatchError::NotRegular {
                    path: path::from_os(entry.as_os_str()),
                    kind,
                }));
            } else {
                return Some(Input::File {
                    path: path::from_os(entry.as_os_str()),
                    fs_path: entry,
                    explicit: false,
                });
            }
        }
        None
    }
}

/// What kind of file this is when it is neither a regular file nor a directory.
fn special_kind(meta: &fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() || t.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("FIFO");
        }
        if t.is_socket() {
            return Some("socket");
        }
        if t.is_char_device() {
            return Some("character device");
        }
        if t.is_block_device() {
            return Some("block device");
        }
    }
    Some("special file")
}

fn failed(error: BatchError) -> Input {
    Input::Failed {
        path: error.path().to_owned(),
        error,
    }
}

impl Iterator for PathInputs {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            if let Some(input) = self.next_in_walk() {
                return Some(input);
            }
            let arg = self.args.next()?;
            if arg == "-" {
                return Some(Input::Stdin);
            }
            let fs_path = PathBuf::from(&arg);
            if fs::metadata(&fs_path).is_ok_and(|m| m.is_dir()) {
                self.root.clone_from(&fs_path);
                if let Err(error) = self.push_dir(&fs_path) {
                    return Some(failed(error));
                }
                continue;
            }
            return Some(Input::File {
                path: path::from_os(&arg),
                fs_path,
                explicit: true,
            });
        }
    }
}

/// One JSON Lines input object.
#[derive(serde::Deserialize)]
struct Line {
    path: String,
    content: String,
}

/// Reads `{"path", "content"}` objects, one per line; blank lines are skipped. A line that is
/// not such an object becomes a failed input named `SOURCE:LINE` (its own path when it has one);
/// so does a line longer than the cap, which is skipped without being held in memory. A line
/// that does not end within twice the cap (an endless stream such as `/dev/zero`) ends the
/// stream.
pub struct JsonlInputs<R> {
    reader: R,
    /// The stream's name for messages (`-` for standard input).
    source: String,
    line: u64,
    offset: u64,
    buf: Vec<u8>,
    done: bool,
    max_line: u64,
}

impl<R: BufRead> JsonlInputs<R> {
    pub fn new(source: impl Into<String>, reader: R) -> JsonlInputs<R> {
        JsonlInputs {
            reader,
            source: source.into(),
            line: 0,
            offset: 0,
            buf: Vec::new(),
            done: false,
            max_line: super::DEFAULT_MAX_FILE_SIZE,
        }
    }

    /// Lines longer than `bytes` are failed inputs, not read into memory.
    pub fn max_line(mut self, bytes: u64) -> JsonlInputs<R> {
        self.max_line = bytes;
        self
    }

    fn bad_line(&self, path: Option<String>, message: String) -> Input {
        let path = path.unwrap_or_else(|| format!("{}:{}", self.source, self.line));
        Input::Failed {
            path,
            error: BatchError::JsonlLine {
                path: self.source.clone(),
                line: self.line,
                offset: self.offset,
                message,
            },
        }
    }

    /// Reads the rest of an over-long line without keeping it, up to `limit` bytes; returns
    /// how many it read and whether the line ended.
    fn skip_line(&mut self, limit: u64) -> std::io::Result<(u64, bool)> {
        let mut skipped = 0;
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok((skipped, true));
            }
            if skipped >= limit {
                return Ok((skipped, false));
            }
            let (used, end) = match memchr::memchr(b'\n', chunk) {
                Some(k) => (k + 1, true),
                None => (chunk.len(), false),
            };
            self.reader.consume(used);
            skipped += used as u64;
            if end {
                return Ok((skipped, true));
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonlInputs<R> {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        while !self.done {
            self.offset += self.buf.len() as u64;
            self.buf.clear();
            // Release a huge line's buffer rather than keep it for the rest of the stream.
            if self.buf.capacity() > 1 << 20 {
                self.buf = Vec::new();
            }
            let limit = self.max_line.saturating_add(1);
            match (&mut self.reader)
                .take(limit)
                .read_until(b'\n', &mut self.buf)
            {
                Ok(0) => self.done = true,
                Ok(n) if n as u64 == limit && self.buf.last() != Some(&b'\n') => {
                    self.line += 1;
                    let (ended, rest) = match self.skip_line(self.max_line) {
                        Ok((rest, ended)) => (ended, rest),
                        Err(_) => (false, 0),
                    };
                    let message = if ended {
                        format!(
                            "the line is longer than --max-file-size ({} bytes); not read",
                            self.max_line
                        )
                    } else {
                        self.done = true;
                        format!(
                            "the line is longer than --max-file-size ({} bytes) and does not \
                             end; the rest of the stream is not read",
                            self.max_line
                        )
                    };
                    let input = self.bad_line(None, message);
                    self.offset += rest;
                    return Some(input);
                }
                Ok(_) => {
                    self.line += 1;
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(match serde_json::from_slice::<Line>(&self.buf) {
                        Ok(l) => Input::Inline {
                            path: l.path,
                            content: l.content,
                        },
                        Err(e) => {
                            let path = serde_json::from_slice::<serde_json::Value>(&self.buf)
                                .ok()
                                .and_then(|v| v.get("path")?.as_str().map(str::to_owned));
                            self.bad_line(
                                path,
                                format!("not a {{\"path\", \"content\"}} object: {e}"),
                            )
                        }
                    });
                }
                Err(e) => {
                    self.done = true;
                    self.line += 1;
                    return Some(self.bad_line(None, format!("cannot read: {e}")));
                }
            }
        }
        None
    }
}

/// Keeps only this worker's share of `inputs` (all of them without a shard). Files named on
/// the command line all pass: each may be an archive or container whose members are shared
/// out one by one when it is opened (see [`super::Options::shard`]).
pub fn sharded<I: Iterator<Item = Input>>(
    inputs: I,
    shard: Option<Shard>,
) -> impl Iterator<Item = Input> {
    inputs.filter(move |i| match (shard, i) {
        (None, _) | (Some(_), Input::File { explicit: true, .. } | Input::Stdin) => true,
        (Some(s), i) => s.owns(i.path()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(inputs: impl Iterator<Item = Input>) -> Vec<String> {
        inputs.map(|i| i.path().to_owned()).collect()
    }

    fn os(s: &str) -> OsString {
        OsString::from(s)
    }

    #[test]
    fn directories_are_walked_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("b/inner")).unwrap();
        for f in ["c.txt", "a.txt", "b/z.txt", "b/inner/y.txt", "b.txt"] {
            fs::write(d.join(f), "x").unwrap();
        }
        let got = paths(PathInputs::new(vec![d.into()]));
        let want: Vec<String> = ["a.txt", "b/inner/y.txt", "b/z.txt", "b.txt", "c.txt"]
            .iter()
            .map(|f| d.join(f).to_string_lossy().into_owned())
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn walks_skip_hidden_entries_and_the_runs_own_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join(".git")).unwrap();
        fs::create_dir_all(d.join("tables")).unwrap();
        for f in [
            "a.txt",
            ".hidden.txt",
            ".out.jsonl.tmp-123",
            ".git/config",
            "out.jsonl",
            "tables/trials.csv",
        ] {
            fs::write(d.join(f), "x").unwrap();
        }
        let outputs = [
            d.join("out.jsonl"),
            d.join("tables"),
            d.join("absent.jsonl"),
        ];
        let inputs =
            PathInputs::new(vec![d.into()]).skip_outputs(outputs.iter().map(PathBuf::as_path));
        assert_eq!(paths(inputs), [d.join("a.txt").to_string_lossy()]);
    }

    #[test]
    fn arguments_keep_their_order_and_spelling() {
        let got = paths(PathInputs::new(vec![os("z"), os("-"), os("./a")]));
        assert_eq!(got, ["z", "-", "./a"]);
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_names_are_walked_and_kept_apart() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for name in [&b"\xff.txt"[..], b"\xfe.txt"] {
            fs::write(d.join(std::ffi::OsStr::from_bytes(name)), "x").unwrap();
        }
        let got = paths(PathInputs::new(vec![d.into()]));
        let root = d.to_string_lossy();
        assert_eq!(
            got,
            [format!("{root}/\\xfe.txt"), format!("{root}/\\xff.txt")]
        );
    }

    #[test]
    fn jsonl_lines_become_inputs_and_bad_lines_name_their_line() {
        let text = "{\"path\":\"a\",\"content\":\"x\"}\n\n{\"path\":\"b\"}\nnot json\n";
        let got: Vec<Input> = JsonlInputs::new("in.jsonl", text.as_bytes()).collect();
        assert_eq!(got.len(), 3);
        assert!(
            matches!(&got[0], Input::Inline { path, content } if path == "a" && content == "x")
        );
        let Input::Failed { path, error } = &got[1] else {
            panic!("line 3 should fail")
        };
        assert_eq!(path, "b");
        assert!(
            error.to_string().starts_with("in.jsonl: line 3 (byte 28):"),
            "{error}"
        );
        assert_eq!(got[2].path(), "in.jsonl:4");
    }

    #[test]
    fn an_over_long_jsonl_line_is_skipped_without_being_held() {
        let long = format!(
            "{{\"path\":\"big\",\"content\":\"{}\"}}\n",
            "x".repeat(5000)
        );
        let text = format!("{long}{{\"path\":\"after\",\"content\":\"y\"}}\n");
        let got: Vec<Input> = JsonlInputs::new("in", text.as_bytes())
            .max_line(100)
            .collect();
        assert_eq!(got.len(), 2);
        let Input::Failed { error, .. } = &got[0] else {
            panic!("the long line fails")
        };
        assert!(error.to_string().contains("--max-file-size"), "{error}");
        assert!(matches!(&got[1], Input::Inline { path, .. } if path == "after"));
        // An endless line (no newline ever, like /dev/zero) ends the stream after one failure.
        let endless = std::io::repeat(b'x');
        let got: Vec<Input> = JsonlInputs::new("-", std::io::BufReader::new(endless))
            .max_line(100)
            .collect();
        assert_eq!(got.len(), 1);
        let Input::Failed { error, .. } = &got[0] else {
            panic!("the endless line fails")
        };
        assert!(error.to_string().contains("does not end"), "{error}");
    }

    #[test]
    fn sharding_partitions_the_inputs() {
        let names: Vec<String> = (0..200).map(|i| format!("p{i}")).collect();
        let mut seen = Vec::new();
        for k in 0..3 {
            let shard = Shard::new(k, 3).unwrap();
            let inputs = names.iter().map(|p| Input::Inline {
                path: p.clone(),
                content: String::new(),
            });
            let share = paths(sharded(inputs, Some(shard)));
            assert!(
                share.len() > 40,
                "shares should be roughly even: {}",
                share.len()
            );
            seen.extend(share);
        }
        seen.sort();
        let mut all = names.clone();
        all.sort();
        assert_eq!(seen, all);
    }

    #[test]
    fn shard_parses_and_validates() {
        assert_eq!("1/4".parse(), Shard::new(1, 4));
        for bad in ["4/4", "0/0", "1", "a/2", "-1/2", "1/2/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn fnv1a_matches_reference_values() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
