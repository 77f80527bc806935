//! One value-tree parser for JSON and Python literals.
//!
//! Registry files hold an API v2 record as JSON; study-view pages hold the same record as a
//! Python literal (`{'a': 'x', 'b': True, 'c': None}`). The two dialects differ only in
//! quotes, keywords and a few escapes, so one parser reads both.
//!
//! Design choices, each forced by the inputs:
//! - Tokens (strings, numbers, keywords) are small nom parsers; nesting is an explicit stack,
//!   so 100 000 levels of `[[[[` cost heap, not call stack. A deep tree is also dropped from
//!   a heap stack ([`Parsed`]'s `Drop`); shallow ones, all real records, drop the plain way.
//! - Finished values wait on one shared stack until their container closes, then move into
//!   a vector of exactly their number: no per-container growth, one allocation each.
//! - Strings are not decoded while parsing: a value keeps its source slice (quotes included)
//!   and [`decode_string`] unescapes on demand into a [`Mapped`] whose spans point at the
//!   escaped source bytes. Parsing only checks escapes, jumping between quotes and
//!   backslashes with memchr.
//! - A cut or broken input still yields a tree: open containers are closed where the input
//!   stopped, so the fields before the cut survive, and the error says where it happened.
//! - Leniency never hides a problem: a key given twice in one dict, and (in the JSON
//!   [`Dialect`]) a number JSON does not allow (`01`, `+1`, `1.`, `.5`) are read and warned
//!   about. Python's string prefixes (`u'…'`, `b'…'`, `r'…'`) are read, a raw string's
//!   backslashes kept as written.

use crate::record::Number;
use crate::span::{Mapped, MappedBuilder, Span};
use memchr::{memchr, memchr2};
use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::character::complete::{char, digit0, digit1, one_of};
use nom::combinator::{opt, recognize};
use nom::sequence::{pair, tuple};
use nom::IResult;
use std::borrow::Cow;
use std::ops::Range;

/// Deepest nesting kept. Real records nest about eight levels; the limit only bounds the
/// memory an adversarial `[[[[…` can claim (each level costs a frame and a value).
pub const MAX_DEPTH: usize = 1 << 17;

/// Most values kept in one tree (at most about 200 MB of tree): a 200 MB input of `1,1,1,…`
/// would otherwise need gigabytes. A real record of a few hundred KB holds some thousands.
pub const MAX_VALUES: usize = 1 << 21;

/// Which language the literal is written in: it decides which numbers are warned about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// Registry JSON files.
    Json,
    /// Study views' `repr()` of the record.
    Python,
}

/// Something wrong in a literal, with the byte offset into the input file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LiteralError {
    #[error("unexpected character {found:?} at byte {offset}")]
    UnexpectedChar { offset: usize, found: char },
    #[error("string starting at byte {offset} is never closed")]
    UnterminatedString { offset: usize },
    #[error("input ends inside the literal at byte {offset}")]
    Truncated { offset: usize },
    #[error("bad escape sequence at byte {offset}")]
    BadEscape { offset: usize },
    #[error("unpaired UTF-16 surrogate escape at byte {offset}, read as U+FFFD")]
    LoneSurrogate { offset: usize },
    #[error("nesting deeper than {MAX_DEPTH} levels at byte {offset}; the rest is not read")]
    TooDeep { offset: usize },
    #[error("more than {MAX_VALUES} values by byte {offset}; the rest is not read")]
    TooManyValues { offset: usize },
    #[error("key {key:?} given again at byte {offset}; the last value is used")]
    DuplicateKey { offset: usize, key: String },
    #[error("{found} at byte {offset} is not a JSON number; read as {value}")]
    BadNumber {
        offset: usize,
        found: String,
        value: String,
    },
}

impl LiteralError {
    pub fn offset(&self) -> usize {
        match *self {
            LiteralError::UnexpectedChar { offset, .. }
            | LiteralError::UnterminatedString { offset }
            | LiteralError::Truncated { offset }
            | LiteralError::BadEscape { offset }
            | LiteralError::LoneSurrogate { offset }
            | LiteralError::TooDeep { offset }
            | LiteralError::TooManyValues { offset }
            | LiteralError::DuplicateKey { offset, .. }
            | LiteralError::BadNumber { offset, .. } => offset,
        }
    }
}

/// What a value is. Strings keep only whether they hold escapes; their text is decoded on
/// demand from [`Value::raw`].
#[derive(Debug)]
pub enum Kind<'a> {
    /// Keys and values alternating (`k0, v0, k1, v1, …`), in source order; keys are scalar
    /// values (strings in practice). Flat, so closing a dict is one copy of its items.
    Dict(Vec<Value<'a>>),
    /// A list or a Python tuple.
    List(Vec<Value<'a>>),
    Str {
        escaped: bool,
        /// Length of a Python prefix before the quote (`u`, `b`, `rb`, …).
        prefix: u8,
        /// A raw string (`r'…'`): backslashes are text.
        raw: bool,
    },
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
}

/// A parsed value: its source slice (of the parsed [`Mapped`]'s text) and its kind.
#[derive(Debug)]
pub struct Value<'a> {
    /// The value as written, quotes and brackets included. For a container closed early
    /// because the input was cut, it runs to the cut.
    pub raw: &'a str,
    pub kind: Kind<'a>,
}

/// Trees at most this deep are dropped by the derived (recursive) drop glue.
const RECURSIVE_DROP_DEPTH: usize = 256;

/// The result of a parse: the tree (partial when `error` is set) and non-fatal issues.
///
/// The tree is only lent ([`Parsed::value`]), never given away, so that `Parsed` alone
/// decides how it is dropped: a tree of 100 000 levels must not be dropped recursively.
#[derive(Debug, Default)]
pub struct Parsed<'a> {
    value: Option<Value<'a>>,
    /// Deepest nesting in the tree.
    depth: usize,
    /// Why parsing stopped early; the tree holds everything before that point.
    pub error: Option<LiteralError>,
    /// Escapes that were read leniently (kept verbatim or replaced by U+FFFD).
    pub warnings: Vec<LiteralError>,
}

impl<'a> Parsed<'a> {
    /// The root value (partial when `error` is set); `None` if nothing could be read.
    pub fn value(&self) -> Option<&Value<'a>> {
        self.value.as_ref()
    }
}

impl Drop for Parsed<'_> {
    /// Takes a deep tree apart from a heap stack; the drop glue would recurse once per level.
    fn drop(&mut self) {
        if self.depth <= RECURSIVE_DROP_DEPTH {
            return;
        }
        let mut stack: Vec<Value<'_>> = self.value.take().into_iter().collect();
        while let Some(mut v) = stack.pop() {
            match &mut v.kind {
                Kind::List(items) | Kind::Dict(items) => stack.append(items),
                _ => {}
            }
        }
    }
}

/// Parses the whole text as one literal.
pub fn parse(text: &Mapped, dialect: Dialect) -> Parsed<'_> {
    parse_from(text, 0, dialect)
}

/// Parses the literal starting at byte `start` of `text` (which runs to the end of text).
pub fn parse_from(text: &Mapped, start: usize, dialect: Dialect) -> Parsed<'_> {
    Parser {
        text,
        s: text.as_str(),
        dialect,
        warnings: Vec::new(),
    }
    .run(start)
}

/// The decoded text of a string value, mapped to the escaped source bytes: runs without
/// escapes map byte for byte, each escape maps to its whole sequence. `None` if not a string.
pub fn decode_string(text: &Mapped, v: &Value<'_>) -> Option<Mapped> {
    let (inner, escaped) = v.str_inner()?;
    let r = text.range_of(inner);
    if !escaped {
        return Some(text.slice(r));
    }
    let mut b = MappedBuilder::new();
    let mut buf = [0u8; 4];
    walk_escapes(inner, |piece| match piece {
        Piece::Run(range) | Piece::Escape(range, Out::Verbatim) => {
            b.push_from(text, r.start + range.start..r.start + range.end)
        }
        Piece::Escape(range, Out::Char(c)) => b.push_replace(
            c.encode_utf8(&mut buf),
            text.span(r.start + range.start..r.start + range.end),
        ),
        Piece::Escape(_, Out::Nothing) => {}
    });
    Some(b.finish())
}

/// A dict's (key, value) pairs, in source order.
#[derive(Clone, Debug)]
pub struct Entries<'v, 'a>(std::slice::ChunksExact<'v, Value<'a>>);

impl<'v, 'a> Iterator for Entries<'v, 'a> {
    type Item = (&'v Value<'a>, &'v Value<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        match self.0.next()? {
            [k, v] => Some((k, v)),
            _ => None,
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Entries<'_, '_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self.0.next_back()? {
            [k, v] => Some((k, v)),
            _ => None,
        }
    }
}

impl ExactSizeIterator for Entries<'_, '_> {}

impl<'a> Value<'a> {
    /// Span of the value in the input file (a string's quotes included).
    pub fn span(&self, text: &Mapped) -> Span {
        text.span_of(self.raw)
    }

    /// Span of what the value says: a string's escaped content without its quotes, as the
    /// spans of decoded text are; any other value as [`Value::span`].
    pub fn content_span(&self, text: &Mapped) -> Span {
        text.span_of(self.str_inner().map_or(self.raw, |(inner, _)| inner))
    }

    /// The entry for `key` of a dict (the last one if a key repeats, as loaders do).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.as_dict()?
            .rev()
            .find(|(k, _)| k.str_eq(key))
            .map(|(_, v)| v)
    }

    /// The value at a path of dict keys.
    #[cfg(test)]
    pub fn path(&self, keys: &[&str]) -> Option<&Value<'a>> {
        keys.iter().try_fold(self, |v, k| v.get(k))
    }

    /// The entries of a dict as (key, value) pairs.
    pub fn as_dict(&self) -> Option<Entries<'_, 'a>> {
        match &self.kind {
            Kind::Dict(e) => Some(Entries(e.chunks_exact(2))),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match &self.kind {
            Kind::List(items) => Some(items),
            _ => None,
        }
    }

    /// The decoded string (borrowed when it holds no escapes).
    pub fn as_str(&self) -> Option<Cow<'a, str>> {
        let (inner, escaped) = self.str_inner()?;
        if !escaped {
            return Some(Cow::Borrowed(inner));
        }
        let mut out = String::with_capacity(inner.len());
        walk_escapes(inner, |piece| match piece {
            Piece::Run(r) | Piece::Escape(r, Out::Verbatim) => {
                out.push_str(inner.get(r).unwrap_or(""))
            }
            Piece::Escape(_, Out::Char(c)) => out.push(c),
            Piece::Escape(_, Out::Nothing) => {}
        });
        Some(Cow::Owned(out))
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self.kind {
            Kind::Int(i) => Some(i),
            Kind::Float(f) => Number(f).as_whole(),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self.kind {
            Kind::Int(i) => Some(i as f64),
            Kind::Float(f) => Some(f),
            _ => None,
        }
    }

    #[cfg(test)]
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    /// A short name of the kind, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::Dict(_) => "dict",
            Kind::List(_) => "list",
            Kind::Str { .. } => "string",
            Kind::Int(_) => "integer",
            Kind::Float(_) => "number",
            Kind::Bool(_) => "boolean",
            Kind::Null => "null",
        }
    }

    /// A string's content as written (escapes not undone), without its quotes; `None` if
    /// not a string. The `show` pages put the decoded text in its place.
    pub fn str_source(&self) -> Option<&'a str> {
        self.str_inner().map(|(inner, _)| inner)
    }

    /// The text between the quotes, and whether it holds escapes to decode.
    fn str_inner(&self) -> Option<(&'a str, bool)> {
        match self.kind {
            Kind::Str {
                escaped,
                prefix,
                raw,
            } => {
                let src = self.raw;
                let open = usize::from(prefix) + 1;
                src.get(open..src.len().saturating_sub(1))
                    .map(|s| (s, escaped && !raw))
            }
            _ => None,
        }
    }

    fn str_eq(&self, want: &str) -> bool {
        match self.str_inner() {
            Some((inner, false)) => inner == want,
            Some(_) => self.as_str().is_some_and(|s| s == want),
            None => false,
        }
    }
}

/// An open container on the parser's stack. Its finished items (for a dict: key, value,
/// key, …) are the values on the pending stack from `first` on.
struct Frame {
    start: usize,
    first: usize,
    /// The closing byte: `]`, `)` or `}`.
    close: u8,
}

/// What the parser accepts next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A value (after `:` or at the top).
    Value,
    /// A value or the closer (after `[` or a comma in a list).
    ValueOrClose,
    /// A key or `}` (after `{` or a comma in a dict).
    KeyOrClose,
    Colon,
    CommaOrClose,
}

struct Parser<'a> {
    text: &'a Mapped,
    s: &'a str,
    dialect: Dialect,
    warnings: Vec<LiteralError>,
}

impl<'a> Parser<'a> {
    fn file_offset(&self, pos: usize) -> usize {
        self.text.src_start(pos)
    }

    fn run(mut self, start: usize) -> Parsed<'a> {
        let s = self.s;
        let bytes = s.as_bytes();
        let mut pos = start.min(s.len());
        let mut stack: Vec<Frame> = Vec::new();
        let mut pending: Vec<Value<'a>> = Vec::new();
        let mut depth = 0;
        let mut expect = Expect::Value;
        let mut values = 0usize;
        let error = loop {
            while bytes.get(pos).is_some_and(|b| b.is_ascii_whitespace()) {
                pos += 1;
            }
            let Some(&b) = bytes.get(pos) else {
                if stack.is_empty() && !pending.is_empty() {
                    break None;
                }
                break Some(LiteralError::Truncated {
                    offset: self.file_offset(pos),
                });
            };
            let closes_top = stack.last().is_some_and(|f| f.close == b);
            let done: Option<Value<'a>> = match expect {
                Expect::Colon if b == b':' => {
                    pos += 1;
                    expect = Expect::Value;
                    None
                }
                Expect::CommaOrClose if b == b',' && !stack.is_empty() => {
                    pos += 1;
                    expect = match stack.last() {
                        Some(f) if f.close == b'}' => Expect::KeyOrClose,
                        _ => Expect::ValueOrClose,
                    };
                    None
                }
                Expect::CommaOrClose | Expect::ValueOrClose | Expect::KeyOrClose if closes_top => {
                    pos += 1;
                    stack.pop().map(|f| {
                        let v = close(f, &mut pending, &s[..pos]);
                        self.check_keys(&v);
                        v
                    })
                }
                Expect::Value | Expect::ValueOrClose if matches!(b, b'[' | b'(' | b'{') => {
                    if stack.len() >= MAX_DEPTH {
                        break Some(LiteralError::TooDeep {
                            offset: self.file_offset(pos),
                        });
                    }
                    values += 1;
                    if values > MAX_VALUES {
                        break Some(LiteralError::TooManyValues {
                            offset: self.file_offset(pos),
                        });
                    }
                    let (close, next) = match b {
                        b'{' => (b'}', Expect::KeyOrClose),
                        b'[' => (b']', Expect::ValueOrClose),
                        _ => (b')', Expect::ValueOrClose),
                    };
                    stack.push(Frame {
                        start: pos,
                        first: pending.len(),
                        close,
                    });
                    depth = depth.max(stack.len());
                    pos += 1;
                    expect = next;
                    None
                }
                Expect::Value | Expect::ValueOrClose | Expect::KeyOrClose => {
                    values += 1;
                    if values > MAX_VALUES {
                        break Some(LiteralError::TooManyValues {
                            offset: self.file_offset(pos),
                        });
                    }
                    match self.scalar(pos) {
                        Ok((v, end)) => {
                            pos = end;
                            if expect == Expect::KeyOrClose {
                                pending.push(v);
                                expect = Expect::Colon;
                                None
                            } else {
                                Some(v)
                            }
                        }
                        Err(e) => break Some(e),
                    }
                }
                Expect::Colon | Expect::CommaOrClose => {
                    break Some(self.unexpected(pos));
                }
            };
            if let Some(v) = done {
                pending.push(v);
                expect = Expect::CommaOrClose;
            }
        };
        // Close what is still open where the input stopped, innermost first.
        let upto = s.get(..pos).unwrap_or(s);
        while let Some(f) = stack.pop() {
            let v = close(f, &mut pending, upto);
            pending.push(v);
        }
        Parsed {
            value: pending.pop(),
            depth,
            error,
            warnings: self.warnings,
        }
    }

    /// A string, number or keyword at `pos`; its value and end.
    fn scalar(&mut self, pos: usize) -> Result<(Value<'a>, usize), LiteralError> {
        let s = self.s;
        let input = s.get(pos..).unwrap_or("");
        let res = match string_prefix(input) {
            Some((prefix, raw)) => {
                let quoted = input.get(prefix..).unwrap_or("");
                let Ok((rest, scan)) = string_token(quoted) else {
                    return Err(LiteralError::UnterminatedString {
                        offset: self.file_offset(pos),
                    });
                };
                // A raw string keeps its backslashes: nothing in it is a bad escape.
                if !raw {
                    for (at, issue) in scan.issues {
                        let offset = self.file_offset(pos + prefix + at);
                        self.warnings.push(match issue {
                            Issue::BadEscape => LiteralError::BadEscape { offset },
                            Issue::LoneSurrogate => LiteralError::LoneSurrogate { offset },
                        });
                    }
                }
                let kind = Kind::Str {
                    escaped: scan.escaped,
                    prefix: prefix as u8,
                    raw,
                };
                Ok((rest, kind))
            }
            None => alt((number, keyword))(input),
        };
        match res {
            Ok((rest, kind)) => {
                let end = s.len() - rest.len();
                if matches!(kind, Kind::Int(_) | Kind::Float(_)) {
                    self.check_number(&s[pos..end], pos, &kind);
                }
                Ok((
                    Value {
                        raw: &s[pos..end],
                        kind,
                    },
                    end,
                ))
            }
            Err(_) => {
                // A token cut by the end of input (`Tru`, `-`) is truncation, not a typo.
                let token_end = input
                    .bytes()
                    .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
                    .unwrap_or(input.len());
                if token_end == input.len() {
                    Err(LiteralError::Truncated {
                        offset: self.file_offset(s.len()),
                    })
                } else {
                    Err(self.unexpected(pos))
                }
            }
        }
    }

    /// Warns about a number the dialect does not allow (it is still read).
    fn check_number(&mut self, raw: &str, pos: usize, kind: &Kind<'_>) {
        let ok = match self.dialect {
            Dialect::Json => json_number_ok(raw),
            Dialect::Python => python_number_ok(raw),
        };
        if ok {
            return;
        }
        let value = match *kind {
            Kind::Int(i) => i.to_string(),
            Kind::Float(f) => Number(f)
                .as_whole()
                .map_or(f.to_string(), |i| i.to_string()),
            _ => String::new(),
        };
        self.warnings.push(LiteralError::BadNumber {
            offset: self.file_offset(pos),
            found: raw.to_owned(),
            value,
        });
    }

    /// Warns about each key a finished dict gives twice.
    fn check_keys(&mut self, dict: &Value<'a>) {
        let Some(entries) = dict.as_dict() else {
            return;
        };
        let keys: Vec<&Value<'a>> = match entries.len() {
            0 | 1 => return,
            // Small dicts, nearly all of them: compared pairwise, without allocating.
            2..=16 => {
                let mut seen: [Option<(&str, bool)>; 16] = [None; 16];
                for (i, (k, _)) in entries.enumerate() {
                    let Some(inner) = k.str_inner() else { continue };
                    let dup = seen[..i].iter().flatten().any(|&(s, escaped)| {
                        if escaped || inner.1 {
                            decoded_eq(s, escaped, inner)
                        } else {
                            s == inner.0
                        }
                    });
                    if dup {
                        self.duplicate(k);
                    }
                    seen[i] = Some(inner);
                }
                return;
            }
            _ => entries.map(|(k, _)| k).collect(),
        };
        let mut seen = std::collections::HashSet::with_capacity(keys.len());
        for k in keys {
            if let Some(name) = k.as_str() {
                if !seen.insert(name) {
                    self.duplicate(k);
                }
            }
        }
    }

    fn duplicate(&mut self, key: &Value<'a>) {
        let offset = self.text.span_of(key.raw).start;
        let key = key.as_str().map(Cow::into_owned).unwrap_or_default();
        self.warnings
            .push(LiteralError::DuplicateKey { offset, key });
    }

    fn unexpected(&self, pos: usize) -> LiteralError {
        LiteralError::UnexpectedChar {
            offset: self.file_offset(pos),
            found: self
                .s
                .get(pos..)
                .and_then(|r| r.chars().next())
                .unwrap_or('\u{FFFD}'),
        }
    }
}

/// Whether two key texts (inner, with whether they hold escapes) decode to the same string.
fn decoded_eq(a: &str, a_escaped: bool, b: (&str, bool)) -> bool {
    let decode = |s: &str, escaped: bool| -> String {
        if !escaped {
            return s.to_owned();
        }
        let mut out = String::with_capacity(s.len());
        walk_escapes(s, |piece| match piece {
            Piece::Run(r) | Piece::Escape(r, Out::Verbatim) => out.push_str(s.get(r).unwrap_or("")),
            Piece::Escape(_, Out::Char(c)) => out.push(c),
            Piece::Escape(_, Out::Nothing) => {}
        });
        out
    };
    decode(a, a_escaped) == decode(b.0, b.1)
}

/// Turns an open frame into a value whose source runs from its opener to the end of `upto`,
/// taking its items off `pending`. A dict whose last key has no value yet (closed by a cut)
/// drops that key.
fn close<'a>(frame: Frame, pending: &mut Vec<Value<'a>>, upto: &'a str) -> Value<'a> {
    let first = frame.first.min(pending.len());
    let kind = if frame.close == b'}' {
        if (pending.len() - first) % 2 == 1 {
            pending.pop();
        }
        Kind::Dict(pending.split_off(first))
    } else {
        Kind::List(pending.split_off(first))
    };
    Value {
        raw: upto.get(frame.start..).unwrap_or(""),
        kind,
    }
}

/// A non-fatal problem inside a string, at a byte offset of the token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Issue {
    BadEscape,
    LoneSurrogate,
}

#[derive(Debug, Default, PartialEq)]
struct StrScan {
    escaped: bool,
    issues: Vec<(usize, Issue)>,
}

/// A quoted string token (either quote); checks its escapes without decoding.
fn string_token(input: &str) -> IResult<&str, StrScan> {
    let err = || nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Char));
    let bytes = input.as_bytes();
    let quote = match bytes.first() {
        Some(&q @ (b'\'' | b'"')) => q,
        _ => return Err(err()),
    };
    let mut scan = StrScan::default();
    let mut i = 1;
    loop {
        let k = memchr2(quote, b'\\', bytes.get(i..).unwrap_or(&[])).ok_or_else(err)?;
        i += k;
        if bytes[i] == quote {
            return Ok((&input[i + 1..], scan));
        }
        scan.escaped = true;
        let e = escape(input.get(i..).unwrap_or(""));
        if let Some(issue) = e.issue {
            scan.issues.push((i, issue));
        }
        i += e.len;
    }
}

/// A Python string prefix (`u`, `b`, `r`, `br`, `rb` in any case) before a quote, or a bare
/// quote: the prefix's length and whether the string is raw.
fn string_prefix(input: &str) -> Option<(usize, bool)> {
    let b = input.as_bytes();
    let is_quote = |i: usize| matches!(b.get(i), Some(b'\'' | b'"'));
    if is_quote(0) {
        return Some((0, false));
    }
    let letter = |i: usize| b.get(i).map(u8::to_ascii_lowercase);
    match (letter(0), letter(1)) {
        (Some(b'u' | b'b'), _) if is_quote(1) => Some((1, false)),
        (Some(b'r'), _) if is_quote(1) => Some((1, true)),
        (Some(b'b'), Some(b'r')) | (Some(b'r'), Some(b'b')) if is_quote(2) => Some((2, true)),
        _ => None,
    }
}

/// JSON's number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn json_number_ok(raw: &str) -> bool {
    let b = raw.strip_prefix('-').unwrap_or(raw).as_bytes();
    let int = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if int == 0 || (int > 1 && b[0] == b'0') {
        return false;
    }
    let rest = &b[int..];
    match rest.first() {
        Some(b'.') => rest.get(1).is_some_and(u8::is_ascii_digit),
        _ => true,
    }
}

/// Python's: what the tokenizer reads, without leading zeros on a non-zero integer (`01`).
fn python_number_ok(raw: &str) -> bool {
    let b = raw.trim_start_matches(['+', '-']).as_bytes();
    let int = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let is_int = int == b.len();
    !(is_int && int > 1 && b[0] == b'0' && b.iter().any(|&c| c != b'0'))
}

/// An optionally signed decimal number with fraction and exponent.
fn number(input: &str) -> IResult<&str, Kind<'static>> {
    let (rest, raw) = recognize(tuple((
        opt(one_of("+-")),
        alt((
            recognize(pair(digit1, opt(pair(char('.'), digit0)))),
            recognize(pair(char('.'), digit1)),
        )),
        opt(tuple((one_of("eE"), opt(one_of("+-")), digit1))),
    )))(input)?;
    let is_float = raw.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'));
    let kind = match raw.parse::<i64>() {
        Ok(i) if !is_float => Kind::Int(i),
        _ => Kind::Float(raw.parse::<f64>().unwrap_or(f64::NAN)),
    };
    Ok((rest, kind))
}

/// `True False None` and `true false null`.
fn keyword(input: &str) -> IResult<&str, Kind<'static>> {
    let (rest, word) = alt((
        tag("True"),
        tag("true"),
        tag("False"),
        tag("false"),
        tag("None"),
        tag("null"),
    ))(input)?;
    let kind = match word.as_bytes().first() {
        Some(b'T' | b't') => Kind::Bool(true),
        Some(b'F' | b'f') => Kind::Bool(false),
        _ => Kind::Null,
    };
    Ok((rest, kind))
}

/// What one escape sequence stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Out {
    Char(char),
    /// Unknown escape: kept as written, as Python does (`\<` stays `\<`).
    Verbatim,
    /// Backslash-newline: a line continuation, no text.
    Nothing,
}

#[derive(Debug, PartialEq, Eq)]
struct Esc {
    len: usize,
    out: Out,
    issue: Option<Issue>,
}

/// Decodes the escape at the start of `s` (which starts with a backslash).
fn escape(s: &str) -> Esc {
    let ok = |len, c| Esc {
        len,
        out: Out::Char(c),
        issue: None,
    };
    let bad = |len| Esc {
        len,
        out: Out::Verbatim,
        issue: Some(Issue::BadEscape),
    };
    let Some(c) = s.get(1..).and_then(|r| r.chars().next()) else {
        return bad(s.len().min(1));
    };
    let simple = match c {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'v' => Some('\u{b}'),
        'a' => Some('\u{7}'),
        '\'' | '"' | '\\' | '/' => Some(c),
        _ => None,
    };
    if let Some(ch) = simple {
        return ok(2, ch);
    }
    match c {
        '\n' => Esc {
            len: 2,
            out: Out::Nothing,
            issue: None,
        },
        'x' => match hex(s, 2, 2) {
            Some(v) => ok(4, char::from_u32(v).unwrap_or('\u{FFFD}')),
            None => bad(2),
        },
        'U' => match hex(s, 2, 8) {
            Some(v) => match char::from_u32(v) {
                Some(ch) => ok(10, ch),
                None => Esc {
                    len: 10,
                    out: Out::Char('\u{FFFD}'),
                    issue: Some(Issue::BadEscape),
                },
            },
            None => bad(2),
        },
        'u' => match hex(s, 2, 4) {
            Some(hi @ 0xD800..=0xDBFF) => {
                let lo = s
                    .get(6..8)
                    .filter(|p| *p == "\\u")
                    .and_then(|_| hex(s, 8, 4))
                    .filter(|lo| (0xDC00..=0xDFFF).contains(lo));
                match lo {
                    Some(lo) => {
                        let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        ok(12, char::from_u32(cp).unwrap_or('\u{FFFD}'))
                    }
                    None => Esc {
                        len: 6,
                        out: Out::Char('\u{FFFD}'),
                        issue: Some(Issue::LoneSurrogate),
                    },
                }
            }
            Some(v) => match char::from_u32(v) {
                Some(ch) => ok(6, ch),
                None => Esc {
                    len: 6,
                    out: Out::Char('\u{FFFD}'),
                    issue: Some(Issue::LoneSurrogate),
                },
            },
            None => bad(2),
        },
        '0'..='7' => {
            let digits = s
                .bytes()
                .skip(1)
                .take(3)
                .take_while(|b| (b'0'..=b'7').contains(b))
                .count();
            let v = s
                .get(1..1 + digits)
                .and_then(|d| u32::from_str_radix(d, 8).ok())
                .unwrap_or(0);
            ok(1 + digits, char::from_u32(v).unwrap_or('\u{FFFD}'))
        }
        _ => bad(1 + c.len_utf8()),
    }
}

/// `n` hex digits of `s` at byte `at`.
fn hex(s: &str, at: usize, n: usize) -> Option<u32> {
    let d = s.get(at..at + n)?;
    if d.bytes().all(|b| b.is_ascii_hexdigit()) {
        u32::from_str_radix(d, 16).ok()
    } else {
        None
    }
}

/// A piece of a string's inner text: a run without escapes, or one escape sequence.
enum Piece {
    Run(Range<usize>),
    Escape(Range<usize>, Out),
}

/// Splits a string's inner text into runs and escapes, in order.
fn walk_escapes(inner: &str, mut f: impl FnMut(Piece)) {
    let bytes = inner.as_bytes();
    let mut i = 0;
    while let Some(k) = memchr(b'\\', bytes.get(i..).unwrap_or(&[])) {
        let at = i + k;
        if at > i {
            f(Piece::Run(i..at));
        }
        let e = escape(inner.get(at..).unwrap_or(""));
        let end = (at + e.len.max(1)).min(inner.len());
        f(Piece::Escape(at..end, e.out));
        i = end;
    }
    if i < inner.len() {
        f(Piece::Run(i..inner.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Mapped {
        Mapped::identity(s, 0)
    }

    #[test]
    fn python_and_json_dialects_give_the_same_tree() {
        for src in [
            "{'a': 'x', 'b': True, 'c': None, 'd': [1, 2.5, -3e2], 'e': (1,)}",
            r#"{"a": "x", "b": true, "c": null, "d": [1, 2.5, -3e2], "e": [1,],}"#,
        ] {
            let t = m(src);
            let p = parse(&t, Dialect::Python);
            assert_eq!(p.error, None, "{src}");
            let v = p.value().unwrap();
            assert_eq!(v.get("a").unwrap().as_str().unwrap(), "x");
            assert_eq!(v.get("b").unwrap().as_bool(), Some(true));
            assert!(v.get("c").unwrap().is_null());
            let d = v.get("d").unwrap().as_array().unwrap();
            assert_eq!(d[0].as_i64(), Some(1));
            assert_eq!(d[1].as_f64(), Some(2.5));
            assert_eq!(d[2].as_f64(), Some(-300.0));
            assert_eq!(v.get("e").unwrap().as_array().unwrap().len(), 1);
            assert!(v.get("zz").is_none());
        }
    }

    #[test]
    fn path_lookup_and_spans() {
        let src = "  {'p': {'id': {'nct': 'NCT01'}}}";
        let t = Mapped::identity(src, 100);
        let p = parse(&t, Dialect::Python);
        let root = p.value().unwrap();
        let v = root.path(&["p", "id", "nct"]).unwrap();
        assert_eq!(v.as_str().unwrap(), "NCT01");
        assert_eq!(v.span(&t), Span::new(100 + 23, 100 + 30));
        assert_eq!(v.content_span(&t), Span::new(100 + 24, 100 + 29));
        assert_eq!(root.span(&t), Span::new(102, 100 + src.len()));
        assert!(root.path(&["p", "nope"]).is_none());
    }

    #[test]
    fn escapes_decode_and_map_to_their_source() {
        let src = r"'a\nb\'c\x41\u00e9\\'";
        let t = m(src);
        let p = parse(&t, Dialect::Python);
        let v = p.value().unwrap();
        let d = decode_string(&t, v).unwrap();
        assert_eq!(d.as_str(), "a\nb'cAé\\");
        // "\n" stands for the two source bytes `\n` at 2..4.
        let nl = d.as_str().find('\n').unwrap();
        assert_eq!(d.span(nl..nl + 1), Span::new(2, 4));
        // 'b' is copied from byte 4.
        assert_eq!(d.span(nl + 1..nl + 2), Span::new(4, 5));
        let e = d.as_str().find('é').unwrap();
        assert_eq!(d.span(e..e + 2), Span::new(12, 18));
        assert_eq!(v.as_str().unwrap(), d.as_str());
    }

    #[test]
    fn json_escapes_and_surrogate_pairs() {
        let t = m(r#"["\/\b\f\t\r", "\ud83d\ude00!", "\U0001F600"]"#);
        let p = parse(&t, Dialect::Python);
        assert!(p.warnings.is_empty());
        let v = p.value().unwrap();
        let a = v.as_array().unwrap();
        assert_eq!(a[0].as_str().unwrap(), "/\u{8}\u{c}\t\r");
        assert_eq!(a[1].as_str().unwrap(), "😀!");
        assert_eq!(a[2].as_str().unwrap(), "😀");
    }

    #[test]
    fn lone_surrogate_and_bad_escape_are_warnings() {
        let t = m(r#"["x\ud83dy", "a\<b", "\u12"]"#);
        let p = parse(&t, Dialect::Python);
        assert_eq!(p.error, None);
        assert_eq!(
            p.warnings,
            vec![
                LiteralError::LoneSurrogate { offset: 3 },
                LiteralError::BadEscape { offset: 15 },
                LiteralError::BadEscape { offset: 22 },
            ]
        );
        let v = p.value().unwrap();
        let a = v.as_array().unwrap();
        assert_eq!(a[0].as_str().unwrap(), "x\u{FFFD}y");
        assert_eq!(a[1].as_str().unwrap(), "a\\<b");
        assert_eq!(decode_string(&t, &a[1]).unwrap().as_str(), "a\\<b");
        assert_eq!(a[2].as_str().unwrap(), "\\u12");
    }

    #[test]
    fn unescaped_string_decodes_by_slicing() {
        let t = Mapped::identity("{'k': \"it's\"}", 7);
        let p = parse(&t, Dialect::Python);
        let v = p.value().unwrap();
        let s = decode_string(&t, v.get("k").unwrap()).unwrap();
        assert_eq!(s.as_str(), "it's");
        assert_eq!(s.full_span(), Span::new(7 + 7, 7 + 11));
        assert!(decode_string(&t, v).is_none());
    }

    #[test]
    fn truncated_input_keeps_what_came_before() {
        let src = "{'a': 1, 'b': [2, 3], 'c': 'cut he";
        let t = Mapped::identity(src, 50);
        let p = parse(&t, Dialect::Python);
        assert_eq!(
            p.error,
            Some(LiteralError::UnterminatedString { offset: 50 + 27 })
        );
        let v = p.value().unwrap();
        assert_eq!(v.get("a").unwrap().as_i64(), Some(1));
        assert_eq!(v.get("b").unwrap().as_array().unwrap().len(), 2);
        assert!(v.get("c").is_none());
        assert_eq!(v.span(&t), Span::new(50, 50 + 27));

        for (src, off) in [("{'a': Tru", 9), ("[1, 2", 5), ("{'a'", 4), ("", 0)] {
            let t = m(src);
            let p = parse(&t, Dialect::Python);
            assert_eq!(
                p.error,
                Some(LiteralError::Truncated { offset: off }),
                "{src}"
            );
        }
    }

    #[test]
    fn every_cut_of_a_record_is_handled() {
        let src = r#"{'x': {'y': [1, -2.5e3, "q\"\u00e9"], 'z': (True, None)}, 'w': 'end'}"#;
        for cut in 0..=src.len() {
            if !src.is_char_boundary(cut) {
                continue;
            }
            let t = m(&src[..cut]);
            let p = parse(&t, Dialect::Python);
            assert_eq!(p.error.is_none(), cut == src.len(), "cut {cut}");
        }
    }

    #[test]
    fn unexpected_characters_are_reported_with_offsets() {
        let cases = [
            ("{'a' 1}", 5, '1'),
            ("[1 2]", 3, '2'),
            ("[1, }", 4, '}'),
            ("{'a': @}", 6, '@'),
            ("[1] x", 4, 'x'),
            ("(1]", 2, ']'),
        ];
        for (src, offset, found) in cases {
            let t = m(src);
            let p = parse(&t, Dialect::Python);
            assert_eq!(
                p.error,
                Some(LiteralError::UnexpectedChar { offset, found }),
                "{src}"
            );
        }
        // The tree before the error survives.
        let t = m("[1, 2, @]");
        let p = parse(&t, Dialect::Python);
        assert_eq!(p.value().unwrap().as_array().unwrap().len(), 2);
    }

    #[test]
    fn numbers() {
        let t = m("[0, -7, 1.5, .5, 2., 1E+3, 99999999999999999999]");
        let p = parse(&t, Dialect::Python);
        let v = p.value().unwrap();
        let a: Vec<f64> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        assert_eq!(a, [0.0, -7.0, 1.5, 0.5, 2.0, 1000.0, 1e20]);
        assert!(matches!(v.as_array().unwrap()[1].kind, Kind::Int(-7)));
        assert!(matches!(number("12x"), Ok(("x", Kind::Int(12)))));
        assert!(matches!(number("-1.5e-2,"), Ok((",", Kind::Float(f))) if f == -0.015));
        assert!(number("-").is_err());
    }

    #[test]
    fn keywords_and_tokens() {
        assert!(matches!(keyword("None,"), Ok((",", Kind::Null))));
        assert!(matches!(keyword("false]"), Ok(("]", Kind::Bool(false)))));
        assert!(keyword("Nope").is_err());
        let (rest, scan) = string_token(r"'a\'b' tail").unwrap();
        assert_eq!(rest, " tail");
        assert!(scan.escaped);
        assert!(string_token("'open").is_err());
        assert_eq!(
            escape(r"\x4"),
            Esc {
                len: 2,
                out: Out::Verbatim,
                issue: Some(Issue::BadEscape)
            }
        );
        assert_eq!(escape("\\\nx").out, Out::Nothing);
        assert_eq!(escape(r"\101").out, Out::Char('A'));
        assert_eq!(escape("\\").len, 1);
    }

    #[test]
    fn deep_nesting_uses_no_call_stack() {
        const N: usize = 100_000;
        let complete = format!("{}{}", "[".repeat(N), "]".repeat(N));
        let t = m(&complete);
        let p = parse(&t, Dialect::Python);
        assert_eq!(p.error, None);
        let mut depth = 0;
        let mut v = p.value();
        while let Some(x) = v {
            depth += 1;
            v = x.as_array().and_then(|a| a.first());
        }
        assert_eq!(depth, N);
        drop(p);

        let cut = "[{'a': ".repeat(N / 2);
        let t = m(&cut);
        let p = parse(&t, Dialect::Python);
        assert_eq!(p.error, Some(LiteralError::Truncated { offset: cut.len() }));
        assert_eq!(p.value().unwrap().as_array().unwrap().len(), 1);

        let deeper = format!("[1, {}", "[".repeat(MAX_DEPTH + 5));
        let t = m(&deeper);
        let p = parse(&t, Dialect::Python);
        assert_eq!(
            p.error,
            Some(LiteralError::TooDeep {
                offset: 4 + MAX_DEPTH - 1
            })
        );
        assert_eq!(p.value().unwrap().as_array().unwrap()[0].as_i64(), Some(1));
    }

    #[test]
    fn value_count_is_bounded() {
        let many = format!("[{}", "0,".repeat(MAX_VALUES + 2));
        let t = m(&many);
        let p = parse(&t, Dialect::Python);
        assert_eq!(
            p.error,
            Some(LiteralError::TooManyValues {
                offset: 1 + 2 * (MAX_VALUES - 1)
            })
        );
        assert_eq!(p.value().unwrap().as_array().unwrap().len(), MAX_VALUES - 1);
    }

    #[test]
    fn repeated_keys_are_warned_and_the_last_wins() {
        let t = m(r#"{"a": 1, "b": {"x": 1, "x": 2}, "a": 3}"#);
        let p = parse(&t, Dialect::Json);
        let v = p.value().unwrap();
        assert_eq!(v.get("a").unwrap().as_i64(), Some(3));
        assert_eq!(
            p.warnings,
            vec![
                LiteralError::DuplicateKey {
                    offset: 23,
                    key: "x".into()
                },
                LiteralError::DuplicateKey {
                    offset: 32,
                    key: "a".into()
                },
            ]
        );
        // Many keys (the set path), one given twice, one written with an escape.
        let keys: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        let src = format!("{{{}, \"\\u006b7\": 0}}", keys.join(", "));
        let t = m(&src);
        let p = parse(&t, Dialect::Json);
        assert_eq!(p.warnings.len(), 1, "{:?}", p.warnings);
        assert!(matches!(&p.warnings[0], LiteralError::DuplicateKey { key, .. } if key == "k7"));
    }

    #[test]
    fn numbers_json_does_not_allow_are_read_and_warned() {
        let t = m("[01, +1, 1., .5, -01, 0, -0, 0.5, 1e5, 10, -2.5E-3]");
        let p = parse(&t, Dialect::Json);
        let found: Vec<&str> = p
            .warnings
            .iter()
            .map(|w| match w {
                LiteralError::BadNumber { found, .. } => found.as_str(),
                _ => "other",
            })
            .collect();
        assert_eq!(found, ["01", "+1", "1.", ".5", "-01"]);
        let a = p.value().unwrap().as_array().unwrap();
        assert_eq!(a[0].as_i64(), Some(1));
        assert_eq!(a[3].as_f64(), Some(0.5));
        assert_eq!(
            p.warnings[2].to_string(),
            "1. at byte 9 is not a JSON number; read as 1"
        );
        // Python allows all but the leading zero.
        let t = m("[01, +1, 1., .5, 00, 007]");
        let p = parse(&t, Dialect::Python);
        let found: Vec<String> = p.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("01 at byte 1"));
        assert!(found[1].starts_with("007 at byte 21"));
    }

    #[test]
    fn python_string_prefixes_are_read() {
        let src = r"{u'a': u'x', 'b': b'y\x41', 'r': r'a\nb\'c', U'br': Rb'\d', 'after': True}";
        let t = m(src);
        let p = parse(&t, Dialect::Python);
        assert_eq!(p.error, None);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let v = p.value().unwrap();
        assert_eq!(v.get("a").unwrap().as_str().unwrap(), "x");
        assert_eq!(v.get("b").unwrap().as_str().unwrap(), "yA");
        assert_eq!(v.get("r").unwrap().as_str().unwrap(), r"a\nb\'c");
        assert_eq!(v.get("br").unwrap().as_str().unwrap(), r"\d");
        assert_eq!(v.get("after").unwrap().as_bool(), Some(true));
        let x = v.get("a").unwrap();
        assert_eq!(x.span(&t), Span::new(7, 11));
        assert_eq!(x.content_span(&t), Span::new(9, 10));
        let r = decode_string(&t, v.get("r").unwrap()).unwrap();
        assert_eq!(r.as_str(), r"a\nb\'c");
        // A prefix-like word that is not one is still an error, as before.
        let t = m("{'a': ub'x'}");
        assert!(parse(&t, Dialect::Python).error.is_some());
    }

    #[test]
    fn garbage_never_panics() {
        for src in [
            "\u{0}",
            "'\\",
            "\"\\u",
            "[\\",
            "{1: 2}",
            "--",
            "é",
            "{'é\\xé': 1}",
        ] {
            let t = m(src);
            let _ = parse(&t, Dialect::Json);
        }
        let t = m("{1: 2}");
        let p = parse(&t, Dialect::Python);
        assert_eq!(p.value().unwrap().as_dict().unwrap().len(), 1);
    }
}
