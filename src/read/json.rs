//! JSON containers of registry studies, split as a stream.
//!
//! Users hold API v2 studies as API response pages (`{"studies": [...], "nextPageToken": …}`),
//! JSON arrays (the registry's `ctg-studies.json` download, pretty-printed or not) and JSON
//! Lines (one study, or one page, per line). [`Splitter`] finds each study's byte range with a
//! byte scanner that tracks only strings, nesting depth and the keys of the top levels, so a
//! container of any size is read in memory bounded by its largest study; each study becomes a
//! document whose spans count from the study's offset in the stream.
//!
//! Values that are not studies are never dropped silently: a run of them becomes one record
//! whose warning says what was found ("a JSON array of 3 objects without protocolSection").
//! If the input turns out not to be JSON before any study was found, it is one page after all.
//!
//! Paths: `FILE#/3` is element 3 of a top-level array, `FILE#/studies/3` study 3 of an API
//! page, `FILE#L7` the value starting on line 7 when the file holds several values (JSON
//! Lines), `FILE#L7/studies/3` a study of the page on line 7. A lone value keeps `FILE`.

use crate::warning::{Warning, WarningCode};
use memchr::memchr3;

/// The key that makes an object a registry study.
const STUDY_KEY: &[u8] = b"protocolSection";

/// A list of studies inside a top-level object: the keys that lead to it, and the key that
/// makes one of its elements a study.
#[derive(Debug)]
struct StudyList {
    keys: &'static [&'static str],
    study_key: &'static [u8],
    /// What the object is, for messages.
    what: &'static str,
}

/// The lists of studies that responses hold: API v2 pages, and the retired API v1
/// `full_studies` responses (each element `{"Rank": 1, "Study": {"ProtocolSection": …}}`).
const STUDY_LISTS: &[StudyList] = &[
    StudyList {
        keys: &["studies"],
        study_key: STUDY_KEY,
        what: "an API page",
    },
    StudyList {
        keys: &["FullStudiesResponse", "FullStudies"],
        study_key: b"Study",
        what: "an API v1 full_studies response",
    },
];
/// Keys longer than this are cut when captured (no key we look for is that long).
const KEY_CAP: usize = 64;
/// Keys of a non-study object named in a message.
const KEYS_SHOWN: usize = 8;
/// Only the top levels are tracked: a study's own inside is opaque.
const TRACKED: usize = 4;
/// How far into an input that starts like JSON we can still decide it is one page after all
/// (prose that opens with `[1]`): its bytes are held until then.
const PAGE_FALLBACK: u64 = 4 << 20;

/// What the splitter found: a document to parse, or a record that only reports.
#[derive(Debug, PartialEq)]
pub enum Item {
    Doc {
        path: String,
        bytes: Vec<u8>,
        /// Offset of `bytes[0]` in the stream.
        base: u64,
        /// The value has `protocolSection`: parse it as registry JSON.
        study: bool,
        warnings: Vec<Warning>,
    },
    /// A record with no document: values that are not studies, an empty container, the rest
    /// of a stream that is not JSON.
    Note { path: String, warning: Warning },
    /// A value larger than the cap: a record with this `error`.
    Failed { path: String, message: String },
}

impl Item {
    fn path_mut(&mut self) -> &mut String {
        match self {
            Item::Doc { path, .. } | Item::Note { path, .. } | Item::Failed { path, .. } => path,
        }
    }
}

/// What an input that starts like JSON turned out to be, from as many bytes as it took.
#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    /// One value (or not JSON after all): a single document, with the warning to give it
    /// when it is a JSON object that is not a study.
    Single { warning: Option<String> },
    /// An array, an API page or several values: split it.
    Container,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Scan the caller's bytes only until the [`Decision`] is known.
    Decide,
    /// Buffer and emit every study.
    Emit,
    /// Not JSON after all: collect the whole input as one page.
    Page,
}

/// Kinds of JSON values, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ValueKind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
    Other,
}

impl ValueKind {
    fn of(first: u8) -> ValueKind {
        match first {
            b'{' => ValueKind::Object,
            b'[' => ValueKind::Array,
            b'"' => ValueKind::String,
            b'-' | b'0'..=b'9' => ValueKind::Number,
            b't' | b'f' => ValueKind::Bool,
            b'n' => ValueKind::Null,
            _ => ValueKind::Other,
        }
    }

    fn noun(self, n: u64) -> String {
        let (one, many) = match self {
            ValueKind::Object => ("object", "objects"),
            ValueKind::Array => ("array", "arrays"),
            ValueKind::String => ("string", "strings"),
            ValueKind::Number => ("number", "numbers"),
            ValueKind::Bool => ("boolean", "booleans"),
            ValueKind::Null => ("null", "nulls"),
            ValueKind::Other => ("value that is not JSON", "values that are not JSON"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

/// Which list a value sits in: it names the value in paths and messages.
#[derive(Clone, Copy, Debug)]
enum List {
    /// A top-level JSON array.
    Array,
    /// The list of studies of a response (see [`STUDY_LISTS`]).
    Studies(&'static StudyList),
}

/// One value of a list, being read.
#[derive(Clone, Debug)]
struct Element {
    start: u64,
    line: u64,
    kind: ValueKind,
    study: bool,
    keys: Vec<String>,
    /// Larger than the cap: its bytes are not kept.
    oversized: bool,
}

/// Consecutive values that are not studies, reported as one record.
#[derive(Debug)]
struct Run {
    first_index: u64,
    last_index: u64,
    first_line: u64,
    last_line: u64,
    counts: Vec<(ValueKind, u64)>,
    keys: Vec<String>,
}

/// A list whose values are units: an array at the top of the stream or an API page's
/// `studies`. (The stream's own values are handled by [`Splitter`] directly.)
#[derive(Debug)]
struct Seq {
    list: List,
    /// Depth of the list's values.
    depth: usize,
    /// Path of the whole list (`FILE` or `FILE#L3`) and of its values (`FILE#/studies`).
    whole: String,
    prefix: String,
    index: u64,
    studies: u64,
    current: Option<Element>,
    run: Option<Run>,
}

/// An open container at a tracked depth.
#[derive(Debug)]
struct Frame {
    obj: bool,
    /// The next string is a key (objects only).
    want_key: bool,
    /// The key whose value comes next.
    key: Option<Vec<u8>>,
}

/// The first top-level value, held until we know whether others follow: its name depends
/// on it (`FILE` alone, `FILE#L1` among several).
#[derive(Debug)]
struct First {
    item: Item,
    element: Element,
}

/// Splits a JSON stream into studies; see the module docs.
pub struct Splitter {
    path: String,
    mode: Mode,
    cap: u64,
    /// The file name says JSON Lines: values are named by line from the first.
    lines_hint: bool,
    /// Bytes held: `buf[0]` is stream offset `buf_base`.
    buf: Vec<u8>,
    buf_base: u64,
    /// Stream offset of the next byte to scan.
    pos: u64,
    line: u64,
    /// Offset just past the last byte of a value token.
    last_end: u64,
    // Lexical state.
    in_str: bool,
    esc: bool,
    capture: Option<Vec<u8>>,
    depth: usize,
    frames: Vec<Frame>,
    /// Inside a unit already known to be a study: only its end matters, so only braces
    /// (outside strings) are counted; this is how many are open.
    skipping: usize,
    // Structure.
    /// The top-level value being read, when it is an object that may be a unit.
    top: Option<Element>,
    /// The list being split inside the current top-level value.
    inner: Option<Seq>,
    /// Top-level values started.
    values: u64,
    /// Top-level values that were studies.
    stream_studies: u64,
    /// Top-level values that were lists (arrays, API pages).
    lists: u64,
    stream_run: Option<Run>,
    first: Option<First>,
    /// A newline was seen inside the current top-level value.
    value_has_newline: bool,
    /// Values are one per line (seen, not guessed from the name): a newline inside a value
    /// means the line was cut.
    lines_mode: bool,
    /// Items waiting while the input may still turn out to be one page.
    held: Vec<Item>,
    study_out: bool,
    /// Every byte from offset 0 is still in `buf`.
    keep_raw: bool,
    stopped: bool,
    decision: Option<Decision>,
    top_keys: Vec<String>,
    top_study: bool,
    out: Vec<Item>,
}

/// Whether `bytes` can only be one registry study: an object on one line (no line break
/// before its end) whose first key is `protocolSection`. Such a file needs no scan: several
/// values would need line breaks (JSON Lines), and a study is never an API page. (Values glued
/// on one line, `}{`, are left to the parser, which reports the second as an error.)
pub fn lone_compact_study(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let end = body
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |e| e + 1);
    let Some(inner) = body.get(start..end) else {
        return false;
    };
    let Some(rest) = inner.strip_prefix(b"{") else {
        return false;
    };
    let first = rest
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(rest.len());
    rest[first..].starts_with(b"\"protocolSection\"") && memchr::memchr(b'\n', inner).is_none()
}

/// Whether a file name says JSON Lines.
pub fn lines_hint(path: &str) -> bool {
    let p = path
        .strip_suffix(".gz")
        .unwrap_or(path)
        .to_ascii_lowercase();
    [".jsonl", ".ndjson", ".jsonlines", ".ldjson"]
        .iter()
        .any(|e| p.ends_with(e))
}

impl Splitter {
    /// A splitter that emits every study of the stream named `path`; a value larger than
    /// `cap` bytes is reported, not kept.
    pub fn new(path: &str, cap: u64) -> Splitter {
        Splitter::with_mode(path, cap, Mode::Emit)
    }

    /// A scanner that only decides whether the input is a container: feed it with
    /// [`Splitter::feed`] until [`Splitter::decision`] is set or the input ends.
    pub fn decider() -> Splitter {
        Splitter::with_mode("", u64::MAX, Mode::Decide)
    }

    fn with_mode(path: &str, cap: u64, mode: Mode) -> Splitter {
        Splitter {
            path: path.to_owned(),
            mode,
            cap,
            lines_hint: lines_hint(path),
            buf: Vec::new(),
            buf_base: 0,
            pos: 0,
            line: 1,
            last_end: 0,
            in_str: false,
            esc: false,
            capture: None,
            depth: 0,
            frames: Vec::new(),
            skipping: 0,
            top: None,
            inner: None,
            values: 0,
            stream_studies: 0,
            lists: 0,
            stream_run: None,
            first: None,
            value_has_newline: false,
            lines_mode: false,
            held: Vec::new(),
            study_out: false,
            keep_raw: true,
            stopped: false,
            decision: None,
            top_keys: Vec::new(),
            top_study: false,
            out: Vec::new(),
        }
    }

    /// Scans the next bytes of the stream; returns the items that became complete.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<Item> {
        match self.mode {
            _ if self.stopped || self.decision.is_some() => {}
            Mode::Decide => self.scan(chunk),
            Mode::Page => {
                if self.buf.len() as u64 + chunk.len() as u64 > self.cap {
                    self.too_large_page();
                } else {
                    self.buf.extend_from_slice(chunk);
                }
            }
            Mode::Emit => {
                // Every byte fed before was scanned: the chunk is what `scan` has not seen.
                self.buf.extend_from_slice(chunk);
                self.scan(chunk);
                if self.mode == Mode::Emit {
                    self.check_sizes();
                    self.trim_buffer();
                }
            }
        }
        std::mem::take(&mut self.out)
    }

    /// Ends the stream: whatever is open is finished (a cut value is emitted as it is, for
    /// its parser to report); returns the last items.
    pub fn finish(mut self) -> Vec<Item> {
        match self.mode {
            _ if self.stopped => {}
            Mode::Page => {
                let bytes = std::mem::take(&mut self.buf);
                self.out.push(Item::Doc {
                    path: self.path.clone(),
                    bytes,
                    base: 0,
                    study: false,
                    warnings: Vec::new(),
                });
            }
            Mode::Emit | Mode::Decide => {
                self.close_open_values();
                self.flush_stream_run(true);
                if let Some(first) = self.first.take() {
                    self.emit(first.item);
                }
                self.keep_raw = false;
                self.release();
            }
        }
        self.out
    }

    /// Whether the stream so far is at most one value that is no list: a lone study or
    /// page (nothing has been split out of it).
    pub fn lone_value(&self) -> bool {
        self.values <= 1 && self.lists == 0
    }

    /// For [`Splitter::decider`]: the decision, once the bytes fed so far settle it.
    pub fn decision(&self) -> Option<&Decision> {
        self.decision.as_ref()
    }

    /// For [`Splitter::decider`] at the end of the input.
    pub fn decide_at_end(self) -> Decision {
        if let Some(d) = self.decision {
            return d;
        }
        let warning = (!self.top_study).then(|| describe_object(&self.top_keys));
        Decision::Single { warning }
    }

    /// Drops the bytes nothing needs any more.
    fn trim_buffer(&mut self) {
        if self.keep_raw {
            return;
        }
        let mut keep = self.pos;
        let open = [
            self.top.as_ref(),
            self.inner.as_ref().and_then(|s| s.current.as_ref()),
        ];
        for e in open.into_iter().flatten() {
            if !e.oversized {
                keep = keep.min(e.start);
            }
        }
        let drop = (keep.saturating_sub(self.buf_base) as usize).min(self.buf.len());
        if drop > 0 {
            self.buf.drain(..drop);
            self.buf_base += drop as u64;
        }
    }

    /// Values growing past the cap stop being kept.
    fn check_sizes(&mut self) {
        let (pos, cap) = (self.pos, self.cap);
        if let Some(e) = self.inner.as_mut().and_then(|s| s.current.as_mut()) {
            e.oversized |= pos - e.start > cap;
        }
        if let Some(e) = self.top.as_mut() {
            e.oversized |= pos - e.start > cap;
        }
        if self.keep_raw && pos > cap.min(PAGE_FALLBACK) {
            self.keep_raw = false;
            self.release();
        }
    }

    fn bytes(&self, start: u64, end: u64) -> Vec<u8> {
        let a = (start.saturating_sub(self.buf_base) as usize).min(self.buf.len());
        let b = (end.saturating_sub(self.buf_base) as usize).clamp(a, self.buf.len());
        self.buf[a..b].to_vec()
    }

    fn scan(&mut self, chunk: &[u8]) {
        let base = self.pos;
        let mut i = 0;
        while i < chunk.len() && self.mode != Mode::Page && !self.stopped && self.decision.is_none()
        {
            if self.skipping > 0 {
                i = self.skip_study(chunk, i, base);
                continue;
            }
            if self.in_str {
                i = self.scan_string(chunk, i, base);
                continue;
            }
            let b = chunk[i];
            let at = base + i as u64;
            i += 1;
            self.pos = at + 1;
            match b {
                b'\n' => {
                    self.line += 1;
                    if self.depth > 0 {
                        self.value_has_newline = true;
                        if self.lines_mode {
                            self.broken_line(at);
                        }
                    }
                }
                b' ' | b'\t' | b'\r' => {}
                b'"' => {
                    self.value_start(at, b);
                    self.in_str = true;
                    self.esc = false;
                    let key_here = self.depth <= TRACKED
                        && self.frames.last().is_some_and(|f| f.obj && f.want_key);
                    self.capture = key_here.then(Vec::new);
                }
                b'{' | b'[' => {
                    self.value_start(at, b);
                    self.last_end = at + 1;
                    self.open(b);
                }
                b'}' | b']' => self.close(at, b),
                b',' => {
                    if let Some(seq) = &self.inner {
                        if self.depth == seq.depth {
                            self.end_inner_element();
                        }
                    }
                    if self.depth <= TRACKED {
                        if let Some(f) = self.frames.last_mut().filter(|f| f.obj) {
                            f.want_key = true;
                            f.key = None;
                        }
                    }
                }
                b':' => {}
                // A BOM before the first value.
                0xEF | 0xBB | 0xBF if self.values == 0 && self.depth == 0 && at < 3 => {}
                _ => {
                    self.value_start(at, b);
                    self.last_end = at + 1;
                }
            }
        }
        if self.mode == Mode::Page {
            // The rest of this chunk belongs to the page (already in `buf`).
            return;
        }
        if !self.stopped && self.decision.is_none() {
            self.pos = base + chunk.len() as u64;
        }
    }

    /// Inside a study: counts braces outside strings up to the one that closes it. A byte
    /// loop on local state: the gaps between quotes are too short for `memchr` to pay off.
    fn skip_study(&mut self, chunk: &[u8], i: usize, base: u64) -> usize {
        let (mut in_str, mut esc, mut open) = (self.in_str, self.esc, self.skipping);
        let mut lines = 0;
        let mut j = i;
        let mut end = None;
        while j < chunk.len() {
            let b = chunk[j];
            j += 1;
            if in_str {
                if esc {
                    esc = false;
                } else if b == b'"' {
                    in_str = false;
                } else if b == b'\\' {
                    esc = true;
                } else if b == b'\n' {
                    lines += 1;
                    if self.lines_mode {
                        end = Some(j - 1);
                        break;
                    }
                }
                continue;
            }
            match b {
                b'"' => in_str = true,
                b'{' => open += 1,
                b'}' => {
                    open -= 1;
                    if open == 0 {
                        break;
                    }
                }
                b'\n' => {
                    lines += 1;
                    if self.lines_mode {
                        end = Some(j - 1);
                        break;
                    }
                }
                _ => {}
            }
        }
        if lines > 0 {
            self.value_has_newline = true;
        }
        self.in_str = in_str;
        self.esc = esc;
        if let Some(at) = end {
            // A line break inside a value in JSON Lines: the byte scanner ends the line there
            // (and counts it).
            self.line += lines - 1;
            self.skipping = 0;
            return at;
        }
        self.line += lines;
        self.skipping = open;
        if open == 0 {
            // The study's own brace: the byte scanner takes over after it.
            let abs = base + (j - 1) as u64;
            self.pos = abs + 1;
            self.close(abs, b'}');
        } else {
            self.pos = base + chunk.len() as u64;
        }
        j
    }

    /// Inside a string: jumps to its closing quote (or the chunk's end).
    fn scan_string(&mut self, chunk: &[u8], mut i: usize, base: u64) -> usize {
        while i < chunk.len() {
            if self.esc {
                self.esc = false;
                self.capture_bytes(&chunk[i..=i]);
                i += 1;
                continue;
            }
            let rest = &chunk[i..];
            let Some(k) = memchr3(b'"', b'\\', b'\n', rest) else {
                self.capture_bytes(rest);
                i = chunk.len();
                break;
            };
            self.capture_bytes(&rest[..k]);
            let at = i + k;
            i = at + 1;
            let abs = base + at as u64;
            match chunk[at] {
                b'\\' => {
                    self.esc = true;
                    self.capture_bytes(b"\\");
                }
                b'\n' => {
                    // JSON strings hold no raw newline: in JSON Lines the line was cut.
                    self.line += 1;
                    self.value_has_newline = true;
                    if self.lines_mode {
                        self.pos = abs + 1;
                        self.broken_line(abs);
                        return i;
                    }
                }
                _ => {
                    self.in_str = false;
                    self.last_end = abs + 1;
                    self.pos = abs + 1;
                    if let Some(key) = self.capture.take() {
                        self.key(key);
                    }
                    return i;
                }
            }
        }
        self.pos = base + chunk.len() as u64;
        i
    }

    fn capture_bytes(&mut self, s: &[u8]) {
        if let Some(c) = self.capture.as_mut() {
            let room = (KEY_CAP + 1).saturating_sub(c.len());
            c.extend_from_slice(&s[..s.len().min(room)]);
        }
    }

    /// A key of a tracked object was read (escapes are compared as written).
    fn key(&mut self, key: Vec<u8>) {
        let depth = self.depth;
        let name = || String::from_utf8_lossy(&key[..key.len().min(KEY_CAP)]).into_owned();
        let top_study = key == STUDY_KEY;
        if depth == 1 && self.inner.is_none() && self.values == 1 {
            self.top_study |= top_study;
            if self.top_keys.len() < KEYS_SHOWN {
                self.top_keys.push(name());
            }
        }
        let (element, study) = match &mut self.inner {
            Some(seq) if depth == seq.depth + 1 => {
                let study = key == seq.list.study_key();
                (seq.current.as_mut(), study)
            }
            _ if depth == 1 => (self.top.as_mut(), top_study),
            _ => (None, false),
        };
        if let Some(e) = element {
            e.study |= study;
            if e.keys.len() < KEYS_SHOWN {
                e.keys.push(name());
            }
            // A unit's own object that is a study: nothing more inside it is needed.
            if study && e.kind == ValueKind::Object {
                self.skipping = 1;
            }
        }
        if let Some(f) = self.frames.last_mut() {
            f.want_key = false;
            f.key = Some(key);
        }
    }

    /// A value starts at `at` with byte `b`, at the current depth.
    fn value_start(&mut self, at: u64, b: u8) {
        if self.depth == 0 {
            self.top_value_start(at, b);
            return;
        }
        let (depth, line) = (self.depth, self.line);
        if let Some(seq) = self.inner.as_mut() {
            if depth == seq.depth && seq.current.is_none() {
                seq.current = Some(Element::new(at, line, b));
            }
        }
    }

    fn top_value_start(&mut self, at: u64, b: u8) {
        if !matches!(b, b'{' | b'[') {
            self.not_json(at, b);
            return;
        }
        if self.values > 0 {
            if self.mode == Mode::Decide {
                self.decision = Some(Decision::Container);
                return;
            }
            if self.values == 1 && !self.value_has_newline {
                self.lines_mode = true;
            }
            self.second_value_seen();
        }
        self.values += 1;
        self.value_has_newline = false;
        let line = self.line;
        if b == b'[' {
            if self.mode == Mode::Decide {
                self.decision = Some(Decision::Container);
                return;
            }
            self.flush_stream_run(false);
            self.lists += 1;
            let (whole, prefix) = self.list_paths(line);
            self.inner = Some(Seq::new(List::Array, 1, whole, prefix));
        } else {
            self.top = Some(Element::new(at, line, b));
        }
    }

    /// Paths of a list in the current top-level value: the whole and its values' prefix.
    fn list_paths(&self, line: u64) -> (String, String) {
        if self.values <= 1 && !self.lines_hint {
            (self.path.clone(), format!("{}#", self.path))
        } else {
            let whole = format!("{}#L{line}", self.path);
            (whole.clone(), whole)
        }
    }

    /// A second top-level value starts: the first is named by its line now.
    fn second_value_seen(&mut self) {
        let Some(first) = self.first.take() else {
            return;
        };
        let line = first.element.line;
        match first.item {
            Item::Doc { study: false, .. } => {
                // Not a study after all, but one of several values: it starts a run.
                self.stream_run = Some(Run::new(0, &first.element));
            }
            mut item => {
                let path = item.path_mut();
                if *path == self.path {
                    *path = format!("{}#L{line}", self.path);
                }
                self.emit(item);
            }
        }
    }

    /// The study list an array opened now (at `self.depth`) is, if any: its key path from
    /// the top-level object is one of [`STUDY_LISTS`].
    fn study_list(&self) -> Option<&'static StudyList> {
        if self.inner.is_some() || self.top.is_none() {
            return None;
        }
        STUDY_LISTS.iter().find(|l| {
            self.depth == l.keys.len() + 1
                && self.frames.len() > l.keys.len()
                && l.keys
                    .iter()
                    .zip(&self.frames)
                    .all(|(k, f)| f.key.as_deref() == Some(k.as_bytes()))
        })
    }

    fn open(&mut self, b: u8) {
        self.depth += 1;
        if self.depth <= TRACKED {
            self.frames.push(Frame {
                obj: b == b'{',
                want_key: b == b'{',
                key: None,
            });
        }
        // `"studies": [` in a top-level object: an API page (or a v1 response).
        let list = if b == b'[' { self.study_list() } else { None };
        if let Some(list) = list {
            if self.mode == Mode::Decide {
                self.decision = Some(Decision::Container);
                return;
            }
            let line = self.top.take().map_or(self.line, |e| e.line);
            self.flush_stream_run(false);
            self.lists += 1;
            let (whole, prefix) = self.list_paths(line);
            let pointer: String = list.keys.iter().map(|k| format!("/{k}")).collect();
            self.inner = Some(Seq::new(
                List::Studies(list),
                self.depth,
                whole,
                format!("{prefix}{pointer}"),
            ));
        }
    }

    fn close(&mut self, at: u64, b: u8) {
        if self.depth == 0 {
            self.not_json(at, b);
            return;
        }
        if self.inner.as_ref().is_some_and(|s| s.depth == self.depth) {
            // The list closes: its last value ended at the last token before the bracket.
            self.end_inner_element();
            if let Some(seq) = self.inner.take() {
                self.finish_seq(seq);
            }
        }
        self.last_end = at + 1;
        if self.depth <= TRACKED {
            self.frames.pop();
        }
        self.depth -= 1;
        if self.depth == 0 {
            self.top_value_end();
        }
    }

    fn end_inner_element(&mut self) {
        let end = self.last_end;
        if let Some(mut seq) = self.inner.take() {
            if let Some(e) = seq.current.take() {
                self.seq_element_done(&mut seq, e, end);
            }
            self.inner = Some(seq);
        }
    }

    /// A value of a list is complete: a study is emitted, anything else joins a run.
    fn seq_element_done(&mut self, seq: &mut Seq, e: Element, end: u64) {
        let index = seq.index;
        seq.index += 1;
        let oversized = e.oversized || end - e.start > self.cap;
        if e.study || oversized {
            if let Some(run) = seq.run.take() {
                self.note_seq_run(seq, &run, false);
            }
            seq.studies += u64::from(e.study);
            let path = format!("{}/{index}", seq.prefix);
            let item = self.unit(path, &e, end);
            self.emit(item);
            return;
        }
        match seq.run.as_mut() {
            Some(run) => run.add(index, &e),
            None => seq.run = Some(Run::new(index, &e)),
        }
    }

    /// A study, or the note for a value too large to keep.
    fn unit(&self, path: String, e: &Element, end: u64) -> Item {
        if e.oversized || end - e.start > self.cap {
            let message = format!(
                "{} bytes, more than --max-file-size ({} bytes); not read",
                end - e.start,
                self.cap
            );
            return Item::Failed { path, message };
        }
        Item::Doc {
            path,
            bytes: self.bytes(e.start, end),
            base: e.start,
            study: e.study,
            warnings: Vec::new(),
        }
    }

    /// A list ended: report its trailing run of non-studies, or that it was empty.
    fn finish_seq(&mut self, mut seq: Seq) {
        if seq.index == 0 {
            let what = match seq.list {
                List::Studies(l) => format!("{} whose list of studies is empty", l.what),
                List::Array => "an empty JSON array".into(),
            };
            let warning = Warning::new(WarningCode::EmptyContainer, what, None);
            let path = seq.whole.clone();
            self.emit(Item::Note { path, warning });
            return;
        }
        if let Some(run) = seq.run.take() {
            self.note_seq_run(&seq, &run, true);
        }
    }

    fn note_seq_run(&mut self, seq: &Seq, run: &Run, at_end: bool) {
        let what = run.describe();
        let whole = at_end && seq.studies == 0 && run.first_index == 0;
        let (path, message) = if whole {
            let message = match seq.list {
                List::Studies(l) => format!("{} whose list of studies holds {what}", l.what),
                List::Array => format!("a JSON array of {what}"),
            };
            (
                seq.whole.clone(),
                format!("{message}; no registry studies in it"),
            )
        } else {
            let of = match seq.list {
                List::Studies(_) => "the list of studies",
                List::Array => "the JSON array",
            };
            (
                format!("{}/{}", seq.prefix, run.first_index),
                format!(
                    "{} of {of}: {what}, not registry studies; not read",
                    span_phrase("element", run.first_index, run.last_index)
                ),
            )
        };
        let warning = Warning::new(WarningCode::UnknownContainer, message, None);
        self.emit(Item::Note { path, warning });
    }

    /// A top-level value is complete.
    fn top_value_end(&mut self) {
        let end = self.last_end;
        let Some(e) = self.top.take() else {
            // A top-level array or an API page: its list did the work.
            return;
        };
        if self.mode == Mode::Decide {
            return;
        }
        let index = self.values - 1;
        let oversized = e.oversized || end - e.start > self.cap;
        if e.study || oversized {
            self.flush_stream_run(false);
            self.stream_studies += u64::from(e.study);
        }
        let several = self.values > 1 || self.lines_hint;
        if index == 0 && !several {
            // Perhaps the only value: held until we know (a lone non-study object is one
            // page, like a file, with a warning that says what it is).
            let mut item = self.unit(self.path.clone(), &e, end);
            if let Item::Doc {
                study: false,
                warnings,
                ..
            } = &mut item
            {
                warnings.push(Warning::new(
                    WarningCode::UnknownContainer,
                    describe_object(&e.keys),
                    None,
                ));
            }
            self.first = Some(First { item, element: e });
            return;
        }
        if e.study || oversized {
            let path = format!("{}#L{}", self.path, e.line);
            let item = self.unit(path, &e, end);
            self.emit(item);
            return;
        }
        match self.stream_run.as_mut() {
            Some(run) => run.add(index, &e),
            None => self.stream_run = Some(Run::new(index, &e)),
        }
    }

    /// Reports the run of non-study top-level values; `at_end` when the stream ends with it.
    fn flush_stream_run(&mut self, at_end: bool) {
        let Some(run) = self.stream_run.take() else {
            return;
        };
        let what = run.describe();
        let whole = at_end && self.stream_studies == 0 && self.lists == 0 && run.first_index == 0;
        let (path, message) = if whole {
            (
                self.path.clone(),
                format!("JSON values one after another (JSON Lines): {what}; no registry studies in them"),
            )
        } else {
            (
                format!("{}#L{}", self.path, run.first_line),
                format!(
                    "{}: {what}, not registry studies; not read",
                    span_phrase("line", run.first_line, run.last_line)
                ),
            )
        };
        let warning = Warning::new(WarningCode::UnknownContainer, message, None);
        self.emit(Item::Note { path, warning });
    }

    fn emit(&mut self, item: Item) {
        if matches!(item, Item::Doc { study: true, .. }) {
            self.study_out = true;
        }
        self.held.push(item);
        self.release();
    }

    /// Hands the held items out once the input can no longer be one page.
    fn release(&mut self) {
        if self.study_out || !self.keep_raw {
            self.out.append(&mut self.held);
            self.keep_raw = false;
        }
    }

    /// Bytes at the top level that are not JSON values.
    fn not_json(&mut self, at: u64, b: u8) {
        if self.mode == Mode::Decide {
            self.decision = Some(Decision::Single { warning: None });
            return;
        }
        if self.keep_raw && !self.study_out {
            // Nothing has gone out: the whole input is one page after all. Every byte since
            // offset 0 is still in `buf`; what comes next is added by `feed`.
            self.held.clear();
            self.first = None;
            self.mode = Mode::Page;
            return;
        }
        self.close_open_values();
        self.flush_stream_run(true);
        if let Some(first) = self.first.take() {
            self.emit(first.item);
        }
        let message = format!(
            "the input is not JSON from byte {at} on (found {:?}); the rest is not read",
            char::from(b)
        );
        let warning = Warning::new(WarningCode::UnknownContainer, message, None);
        let path = format!("{}#@{at}", self.path);
        self.emit(Item::Note { path, warning });
        self.stopped = true;
    }

    fn too_large_page(&mut self) {
        let message = format!("more than --max-file-size ({} bytes); not read", self.cap);
        self.out.push(Item::Failed {
            path: self.path.clone(),
            message,
        });
        self.buf = Vec::new();
        self.stopped = true;
    }

    /// JSON Lines: a line ended inside a value, which is therefore cut there.
    fn broken_line(&mut self, at: u64) {
        self.last_end = self.last_end.max(at);
        self.close_open_values();
        self.in_str = false;
        self.esc = false;
        self.capture = None;
    }

    /// Finishes whatever is open, innermost first, as if the input ended here.
    fn close_open_values(&mut self) {
        self.skipping = 0;
        if self.mode == Mode::Decide {
            return;
        }
        if self.in_str {
            self.last_end = self.pos;
        }
        if let Some(mut seq) = self.inner.take() {
            if let Some(e) = seq.current.take() {
                let end = self.last_end;
                self.seq_element_done(&mut seq, e, end);
            }
            self.finish_seq(seq);
        }
        if self.depth > 0 {
            self.depth = 0;
            self.frames.clear();
            self.top_value_end();
        }
    }
}

impl Element {
    fn new(start: u64, line: u64, first: u8) -> Element {
        Element {
            start,
            line,
            kind: ValueKind::of(first),
            study: false,
            keys: Vec::new(),
            oversized: false,
        }
    }
}

impl List {
    /// The key that makes an element of this list a study.
    fn study_key(self) -> &'static [u8] {
        match self {
            List::Array => STUDY_KEY,
            List::Studies(l) => l.study_key,
        }
    }
}

impl Seq {
    fn new(list: List, depth: usize, whole: String, prefix: String) -> Seq {
        Seq {
            list,
            depth,
            whole,
            prefix,
            index: 0,
            studies: 0,
            current: None,
            run: None,
        }
    }
}

impl Run {
    fn new(index: u64, e: &Element) -> Run {
        let mut run = Run {
            first_index: index,
            last_index: index,
            first_line: e.line,
            last_line: e.line,
            counts: Vec::new(),
            keys: e.keys.clone(),
        };
        run.count(e.kind);
        run
    }

    fn add(&mut self, index: u64, e: &Element) {
        self.last_index = index;
        self.last_line = e.line;
        if self.keys.is_empty() {
            self.keys = e.keys.clone();
        }
        self.count(e.kind);
    }

    fn count(&mut self, kind: ValueKind) {
        match self.counts.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => self.counts.push((kind, 1)),
        }
    }

    fn describe(&self) -> String {
        let parts: Vec<String> = self
            .counts
            .iter()
            .map(|&(k, n)| {
                let mut s = k.noun(n);
                if k == ValueKind::Object {
                    s.push_str(" without protocolSection");
                    if !self.keys.is_empty() {
                        s.push_str(&format!(" (keys {})", self.keys.join(", ")));
                    }
                }
                s
            })
            .collect();
        parts.join(" and ")
    }
}

fn describe_object(keys: &[String]) -> String {
    if keys.is_empty() {
        "a JSON object with no keys: no protocolSection, no studies list".into()
    } else {
        format!(
            "a JSON object with keys {}: no protocolSection, no studies list",
            keys.join(", ")
        )
    }
}

fn span_phrase(noun: &str, first: u64, last: u64) -> String {
    if first == last {
        format!("{noun} {first}")
    } else {
        format!("{noun}s {first}–{last}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What an item says, compactly: `doc PATH @BASE TEXT`, `note PATH MESSAGE`, `failed PATH`.
    fn show(item: &Item) -> String {
        match item {
            Item::Doc {
                path,
                bytes,
                base,
                study,
                warnings,
            } => {
                let kind = if *study { "study" } else { "doc" };
                let w: Vec<&str> = warnings.iter().map(|w| w.code.as_str()).collect();
                let w = if w.is_empty() {
                    String::new()
                } else {
                    format!(" {w:?}")
                };
                format!(
                    "{kind} {path} @{base} {}{w}",
                    String::from_utf8_lossy(bytes)
                )
            }
            Item::Note { path, warning } => {
                format!("note {path} {}: {}", warning.code, warning.message)
            }
            Item::Failed { path, message } => format!("failed {path}: {message}"),
        }
    }

    /// Splits `input` fed in chunks of `chunk` bytes.
    fn split_in(input: &str, chunk: usize, cap: u64) -> Vec<String> {
        let mut s = Splitter::new("f", cap);
        let mut items = Vec::new();
        for c in input.as_bytes().chunks(chunk.max(1)) {
            items.extend(s.feed(c));
        }
        items.extend(s.finish());
        items.iter().map(show).collect()
    }

    /// The same items whatever the chunk size.
    fn split(input: &str) -> Vec<String> {
        let whole = split_in(input, input.len(), 1 << 20);
        for chunk in [1, 2, 3, 7, 64] {
            assert_eq!(
                split_in(input, chunk, 1 << 20),
                whole,
                "chunks of {chunk}: {input}"
            );
        }
        whole
    }

    fn check(input: &str, want: &[&str]) {
        assert_eq!(split(input), want, "{input}");
    }

    const S1: &str = r#"{"protocolSection": {"id": "a]}"}}"#;
    const S2: &str = r#"{"protocolSection": {"t": "q\"}{["}, "x": [1, {"y": 2}]}"#;

    #[test]
    fn arrays_pages_and_lone_studies() {
        check(
            &format!("[{S1}, {S2}]"),
            &[
                &format!("study f#/0 @1 {S1}"),
                &format!("study f#/1 @{} {S2}", S1.len() + 3),
            ],
        );
        check(
            &format!("{{\"studies\": [\n  {S1}\n], \"nextPageToken\": \"abc\"}}"),
            &[&format!("study f#/studies/0 @16 {S1}")],
        );
        check(
            &format!("{{\"totalCount\": 2, \"studies\":[{S1},{S2}]}}"),
            &[
                &format!("study f#/studies/0 @29 {S1}"),
                &format!("study f#/studies/1 @{} {S2}", 30 + S1.len()),
            ],
        );
        check(&format!("\n{S1}\n"), &[&format!("study f @1 {S1}")]);
        check(
            &format!("\u{feff}[ {S1} ]"),
            &[&format!("study f#/0 @5 {S1}")],
        );
    }

    #[test]
    fn json_lines_name_values_by_line_and_survive_a_cut_line() {
        check(
            &format!("{S1}\n{S2}\n\n{S1}\n"),
            &[
                &format!("study f#L1 @0 {S1}"),
                &format!("study f#L2 @{} {S2}", S1.len() + 1),
                &format!("study f#L4 @{} {S1}", S1.len() + S2.len() + 3),
            ],
        );
        // Line 2 is cut inside a string: it is one (broken) study, line 3 still comes out.
        let cut = &S2[..20];
        let at2 = S1.len() + 1;
        check(
            &format!("{S1}\n{cut}\n{S1}\n"),
            &[
                &format!("study f#L1 @0 {S1}"),
                &format!("study f#L2 @{at2} {cut}"),
                &format!("study f#L3 @{} {S1}", at2 + cut.len() + 1),
            ],
        );
        // A page per line.
        check(
            &format!("{{\"studies\": [{S1}]}}\n{{\"studies\": [{S2}]}}\n"),
            &[
                &format!("study f#/studies/0 @13 {S1}"),
                &format!("study f#L2/studies/0 @{} {S2}", S1.len() + 29),
            ],
        );
    }

    #[test]
    fn a_cut_line_is_found_inside_the_part_of_a_study_that_is_skipped() {
        // The cut falls after `protocolSection`, where only braces are counted.
        let cut = &S2[..S2.len() - 12];
        let at2 = S1.len() + 1;
        check(
            &format!("{S1}\n{cut}\n{S2}\n"),
            &[
                &format!("study f#L1 @0 {S1}"),
                &format!("study f#L2 @{at2} {cut}"),
                &format!("study f#L3 @{} {S2}", at2 + cut.len() + 1),
            ],
        );
    }

    #[test]
    fn values_that_are_not_studies_are_reported_not_dropped() {
        check(
            r#"[{"a": 1}, {"b": 2}, {"c": 3}]"#,
            &["note f unknown_container: a JSON array of 3 objects without protocolSection (keys a); no registry studies in it"],
        );
        check(
            &format!("[{S1}, 1, null, {S2}, {{\"x\": 1}}]"),
            &[
                &format!("study f#/0 @1 {S1}"),
                "note f#/1 unknown_container: elements 1–2 of the JSON array: 1 number and 1 null, not registry studies; not read",
                &format!("study f#/3 @{} {S2}", S1.len() + 12),
                "note f#/4 unknown_container: element 4 of the JSON array: 1 object without protocolSection (keys x), not registry studies; not read",
            ],
        );
        check(
            r#"{"foo": 1, "bar": [1]}"#,
            &[r#"doc f @0 {"foo": 1, "bar": [1]} ["unknown_container"]"#],
        );
        check(
            "{\"a\": 1}\n{\"b\": 2}\n",
            &["note f unknown_container: JSON values one after another (JSON Lines): 2 objects without protocolSection (keys a); no registry studies in them"],
        );
        check(
            &format!("{{\"a\": 1}}\n{S1}\n"),
            &[
                "note f#L1 unknown_container: line 1: 1 object without protocolSection (keys a), not registry studies; not read",
                &format!("study f#L2 @9 {S1}"),
            ],
        );
    }

    #[test]
    fn api_v1_full_studies_responses_are_split() {
        let v1 = r#"{"Rank": 1, "Study": {"ProtocolSection": {"IdentificationModule": {"NCTId": "NCT0"}}}}"#;
        let input = format!(
            r#"{{"FullStudiesResponse": {{"APIVrs": "1.01.05", "NStudiesReturned": 2, "FullStudies": [{v1}, {v1}, {{"Rank": 3}}]}}}}"#
        );
        let at = input.find("[{").unwrap() as u64 + 1;
        check(
            &input,
            &[
                &format!("study f#/FullStudiesResponse/FullStudies/0 @{at} {v1}"),
                &format!(
                    "study f#/FullStudiesResponse/FullStudies/1 @{} {v1}",
                    at + v1.len() as u64 + 2
                ),
                "note f#/FullStudiesResponse/FullStudies/2 unknown_container: element 2 of the list of studies: 1 object without protocolSection (keys Rank), not registry studies; not read",
            ],
        );
        // Only that path: a "FullStudies" list elsewhere is no list of studies.
        assert!(matches!(
            decide(r#"{"FullStudies": [1]}"#),
            Decision::Single { warning: Some(_) }
        ));
        assert_eq!(decide(&input), Decision::Container);
    }

    #[test]
    fn empty_containers_say_so() {
        check("[]", &["note f empty_container: an empty JSON array"]);
        check(
            r#"{"studies": [], "nextPageToken": null}"#,
            &["note f empty_container: an API page whose list of studies is empty"],
        );
    }

    #[test]
    fn input_that_is_not_json_after_all_is_one_page() {
        let prose = "[1] Patients must be adults\n[2] No prior therapy";
        check(prose, &[&format!("doc f @0 {prose}")]);
        // After a study has gone out it is too late: the rest is reported.
        check(
            &format!("[{S1}] trailing words"),
            &[
                &format!("study f#/0 @1 {S1}"),
                &format!(
                    "note f#@{} unknown_container: the input is not JSON from byte {} on (found 't'); the rest is not read",
                    S1.len() + 3,
                    S1.len() + 3
                ),
            ],
        );
    }

    #[test]
    fn a_truncated_container_keeps_every_whole_study_and_the_cut_one() {
        let cut = &S2[..30];
        check(
            &format!("[{S1}, {cut}"),
            &[
                &format!("study f#/0 @1 {S1}"),
                &format!("study f#/1 @{} {cut}", S1.len() + 3),
            ],
        );
    }

    #[test]
    fn a_study_larger_than_the_cap_is_a_failure_of_its_own() {
        let big = format!(r#"{{"protocolSection": {{"t": "{}"}}}}"#, "x".repeat(200));
        let input = format!("[{S1}, {big}, {S1}]");
        for chunk in [1, 16, input.len()] {
            let got = split_in(&input, chunk, 100);
            assert_eq!(got.len(), 3, "{got:?}");
            assert_eq!(got[0], format!("study f#/0 @1 {S1}"));
            let want = format!(
                "failed f#/1: {} bytes, more than --max-file-size",
                big.len()
            );
            assert!(got[1].starts_with(&want), "{got:?}");
            assert!(got[2].starts_with("study f#/2 "), "{got:?}");
        }
    }

    #[test]
    fn memory_is_bounded_by_the_largest_study() {
        let mut s = Splitter::new("f", 1 << 20);
        s.feed(b"[");
        let mut out = 0;
        for _ in 0..2000 {
            out += s.feed(format!("{S2},").as_bytes()).len();
            assert!(s.buf.len() < 4 * S2.len() + PAGE_FALLBACK as usize);
        }
        out += s.finish().len();
        assert_eq!(out, 2000);
    }

    #[test]
    fn file_names_that_say_json_lines_name_the_first_line_too() {
        let mut s = Splitter::new("x.jsonl.gz", 1 << 20);
        let mut items = s.feed(format!("{S1}\n").as_bytes());
        items.extend(s.finish());
        assert_eq!(
            items.iter().map(show).collect::<Vec<_>>(),
            [format!("study x.jsonl.gz#L1 @0 {S1}")]
        );
        assert!(lines_hint("A.NDJSON"));
        assert!(!lines_hint("a.json"));
    }

    #[test]
    fn a_compact_study_needs_no_scan() {
        assert!(lone_compact_study(S1.as_bytes()));
        assert!(lone_compact_study(format!("\u{feff} {S1}\n").as_bytes()));
        assert!(!lone_compact_study(format!("{S1}\n{S1}").as_bytes()));
        assert!(!lone_compact_study(b"{\"studies\": []}"));
        assert!(!lone_compact_study(format!("[{S1}]").as_bytes()));
        assert!(!lone_compact_study(b"{\n  \"protocolSection\": {}\n}"));
    }

    fn decide(input: &str) -> Decision {
        let mut d = Splitter::decider();
        for c in input.as_bytes().chunks(5) {
            d.feed(c);
            if d.decision().is_some() {
                break;
            }
        }
        d.decide_at_end()
    }

    #[test]
    fn the_decider_tells_one_value_from_a_container() {
        assert_eq!(decide(S1), Decision::Single { warning: None });
        assert_eq!(decide(&format!("[{S1}]")), Decision::Container);
        assert_eq!(decide(&format!("{S1}\n{S2}")), Decision::Container);
        assert_eq!(decide("{\"studies\": [1"), Decision::Container);
        assert_eq!(
            decide(r#"{"studies": null, "n": 1}"#),
            Decision::Single {
                warning: Some(
                    "a JSON object with keys studies, n: no protocolSection, no studies list"
                        .into()
                )
            }
        );
        assert_eq!(
            decide(&format!("{S1} and words")),
            Decision::Single { warning: None }
        );
    }
}
