//! Stage 0, *read*: inputs as users hold them → documents, one per study or page.
//!
//! An input — a file, standard input, a JSON Lines object, an archive member — is opened by
//! [`open`] (on a worker thread). Most inputs are one page: [`Opened::Document`]. Some hold
//! many: a zip, gzip or tar archive, or a JSON container of registry studies (an API page,
//! an array, JSON Lines). Those come back as an [`Expansion`], which the batch runs on its
//! own thread, in order, pushing one [`Input`] per member or study ([`Expansion::expand`]);
//! those are opened on workers in turn, so a zip member that is itself a JSON array, or a
//! `.tar.gz` of XML records, is read like the same files on disk. Nesting is capped at
//! [`MAX_NESTING`].
//!
//! Memory stays bounded: archives and containers are streamed (a zip's central directory
//! one entry at a time, a JSON container by [`json::Splitter`]), and nothing is read into
//! memory past [`Options::max_file_size`] — a file, member or study larger than that is a
//! record with an `error`, as is a file in a walk that is not a regular file.
//!
//! What is an archive, a container or a page is decided by content (magic numbers, the first
//! JSON tokens), never by file name.
//!
//! For a library caller (the Python layer), the whole input side is one iterator and one
//! options value:
//!
//! ```no_run
//! use trialparse::{batch, read};
//! let inputs = read::PathInputs::new(vec!["ctg-studies.json.zip".into(), "pages/".into()])
//!     .filter(read::Filter::new(&[], &["*.truth.json".into()]).unwrap());
//! let options = read::Options::default();
//! for input in inputs {
//!     batch::for_each_record(input, &options, &mut |record| println!("{}", record.path));
//! }
//! ```
//!
//! ([`crate::batch::run`] takes the same inputs and options for the ordered parallel run.)

pub mod filter;
pub mod input;
pub mod json;
pub mod path;
pub mod sniff;
pub mod zip;

pub use filter::Filter;
pub use input::{fnv1a, sharded, Input, JsonlInputs, PathInputs, Shard, ShardError};

use crate::error::BatchError;
use crate::record::{Format, Record};
use crate::warning::{Warning, WarningCode};
use sniff::Kind;
use std::fs::File;
use std::io::{self, Cursor, Read, Seek};
use std::path::Path;
use std::sync::Arc;

/// `--max-file-size` unless given: the most bytes one document may take in memory.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1 << 30;

/// Archives and containers nest at most this deep (a JSON array in a zip in a tar is 3).
pub const MAX_NESTING: usize = 4;

/// Bytes read from an input to decide what it is.
const HEAD: usize = 64 * 1024;

/// How inputs are read.
#[derive(Clone, Debug)]
pub struct Options {
    /// Read every page as this layout (`--as`); containers are still split for `registry_json`.
    pub forced: Option<Format>,
    /// The largest document (file, archive member, study) read into memory, in bytes.
    pub max_file_size: u64,
    /// Which archive members are read (the same globs that filter walks).
    pub members: Filter,
    /// Only this share of the records. Files found by a walk are shared out by their path
    /// before they are opened ([`sharded`]); an archive or container named on the command line
    /// is opened by every shard and shared out member by member.
    pub shard: Option<Shard>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            forced: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            members: Filter::default(),
            shard: None,
        }
    }
}

impl Options {
    /// Whether JSON containers are split (not when another layout is forced).
    fn splits_json(&self) -> bool {
        matches!(self.forced, None | Some(Format::RegistryJson))
    }
}

/// One document to parse: its record path, its bytes, and where they sit in the input the
/// spans count in (a study of a JSON array starts at its offset in the array's file).
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub path: String,
    pub bytes: Vec<u8>,
    /// Offset of `bytes[0]` in the file (or member) the record's spans count in.
    pub base: usize,
    /// The layout, when known without detection (`--as`, or a container's study).
    pub format: Option<Format>,
    /// Warnings about the document as a whole, found while reading it.
    pub warnings: Vec<Warning>,
}

/// What opening an input gave.
pub enum Opened {
    Document(Document),
    /// A record to write as it is: the input could not be read (its `error` says why), or it
    /// only reports (values of a container that are not studies).
    Record(Box<Record>),
    /// An archive or container: its members and studies are pushed by [`Expansion::expand`].
    Expand(Expansion),
    /// Not this shard's.
    Skip,
}

fn failed(error: BatchError) -> Opened {
    Opened::Record(Box::new(Record::failed(
        error.path().to_owned(),
        error.to_string(),
    )))
}

fn too_large(path: &str, size: Option<u64>, opts: &Options) -> Opened {
    failed(BatchError::TooLarge {
        path: path.to_owned(),
        size,
        limit: opts.max_file_size,
    })
}

/// Opens one input: reads it (up to the size cap) and says what it is. Never fails: an
/// unreadable input is a record with `error`.
pub fn open(input: Input, opts: &Options) -> Opened {
    match input {
        Input::File {
            path,
            fs_path,
            explicit,
        } => open_file(path, &fs_path, explicit, opts),
        Input::Stdin => match read_head(&mut io::stdin()) {
            Ok(head) => open_stream("-".into(), head, Box::new(io::stdin()), None, true, opts),
            Err(source) => failed(BatchError::Read {
                path: "-".into(),
                source,
            }),
        },
        Input::Inline { path, content } => open_bytes(path, content.into_bytes(), false, opts),
        Input::Member { path, bytes } => open_bytes(path, bytes, false, opts),
        Input::Zipped {
            path,
            raw,
            method,
            size,
            crc,
        } => match zip::inflate(&raw, method, size, crc, opts.max_file_size) {
            Ok(bytes) => {
                drop(raw);
                open_bytes(path, bytes, false, opts)
            }
            Err(message) => failed(BatchError::Archive { path, message }),
        },
        Input::Document(doc) => Opened::Document(doc),
        Input::Report(rec) => Opened::Record(rec),
        Input::Failed { path, error } => {
            Opened::Record(Box::new(Record::failed(path, error.to_string())))
        }
    }
}

/// Regular files up to this size are read in one go, like `fs::read`, and looked at in
/// memory; larger ones (and pipes) are streamed from a first chunk.
const READ_WHOLE: u64 = 16 << 20;

fn open_file(path: String, fs_path: &Path, explicit: bool, opts: &Options) -> Opened {
    let read_err = |path: String, source| failed(BatchError::Read { path, source });
    // The walk left out special files; one named on the command line is read as a stream
    // (opening a FIFO waits for its writer, as `cat` does).
    let mut file = match File::open(fs_path) {
        Ok(f) => f,
        Err(source) => return read_err(path, source),
    };
    let meta = match file.metadata() {
        Ok(m) => m,
        Err(source) => return read_err(path, source),
    };
    if meta.is_file() && meta.len() <= READ_WHOLE {
        let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
        if let Err(source) = file.read_to_end(&mut bytes) {
            return read_err(path, source);
        }
        return open_bytes(path, bytes, explicit, opts);
    }
    let head = match read_head(&mut file) {
        Ok(h) => h,
        Err(source) => return read_err(path, source),
    };
    if sniff::sniff(&head) == Kind::Zip && meta.is_file() {
        return open_zip_file(path, fs_path, file, explicit);
    }
    let len = meta.is_file().then_some(meta.len());
    open_stream(path, head, Box::new(file), len, explicit, opts)
}

fn open_zip_file(path: String, fs_path: &Path, file: File, share: bool) -> Opened {
    let second = match File::open(fs_path) {
        Ok(f) => f,
        Err(source) => return failed(BatchError::Read { path, source }),
    };
    let dir: Box<dyn ReadSeek> = Box::new(file);
    let data: Box<dyn ReadSeek> = Box::new(second);
    match zip::ZipReader::new(dir, data) {
        Ok(z) => Opened::Expand(Expansion {
            path,
            source: Source::Zip(Box::new(z)),
            share,
        }),
        Err(e) => failed(BatchError::Archive {
            path,
            message: e.to_string(),
        }),
    }
}

/// Reads up to [`HEAD`] bytes (fewer only at the end of the input).
fn read_head(r: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD);
    r.take(HEAD as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// An input that is a stream: `head` already read from it, `rest` the remainder; `len` is
/// its size when known (a regular file). `share`: named on the command line, so shared out
/// by the shard record by record.
fn open_stream(
    path: String,
    head: Vec<u8>,
    mut rest: Box<dyn Read + Send>,
    len: Option<u64>,
    share: bool,
    opts: &Options,
) -> Opened {
    let expand = |path, source| {
        Opened::Expand(Expansion {
            path,
            source,
            share,
        })
    };
    let chained =
        |head: Vec<u8>, rest| -> Box<dyn Read + Send> { Box::new(Cursor::new(head).chain(rest)) };
    match sniff::sniff(&head) {
        Kind::Zip => failed(BatchError::Archive {
            path,
            message: "a zip archive that is not a regular file cannot be read (it needs \
                      seeking); give its file name"
                .into(),
        }),
        Kind::Gzip => expand(path, Source::Gzip(chained(head, rest))),
        Kind::Tar => expand(path, Source::Tar(chained(head, rest))),
        Kind::Unsupported(name) => failed(unsupported(path, name)),
        Kind::Json if opts.splits_json() => {
            let mut decider = json::Splitter::decider();
            decider.feed(&head);
            let mut bytes = head;
            let mut chunk = vec![0u8; HEAD];
            while decider.decision().is_none() {
                let n = match rest.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(n) => n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(source) => return failed(BatchError::Read { path, source }),
                };
                decider.feed(&chunk[..n]);
                bytes.extend_from_slice(&chunk[..n]);
                if bytes.len() as u64 > opts.max_file_size && decider.decision().is_none() {
                    return too_large(&path, len, opts);
                }
            }
            let decision = match decider.decision() {
                Some(json::Decision::Container) => json::Decision::Container,
                _ => decider.decide_at_end(),
            };
            match decision {
                json::Decision::Container => expand(path, Source::Json(chained(bytes, rest))),
                json::Decision::Single { warning } => {
                    document(path, bytes, rest, len, share, not_a_study(warning), opts)
                }
            }
        }
        Kind::Json | Kind::Page => document(path, head, rest, len, share, Vec::new(), opts),
    }
}

/// The whole input as one document, read up to the cap.
fn document(
    path: String,
    mut bytes: Vec<u8>,
    rest: Box<dyn Read + Send>,
    len: Option<u64>,
    share: bool,
    warnings: Vec<Warning>,
    opts: &Options,
) -> Opened {
    if share && opts.shard.is_some_and(|s| !s.owns(&path)) {
        return Opened::Skip;
    }
    let cap = opts.max_file_size;
    if len.is_some_and(|n| n > cap) {
        return too_large(&path, len, opts);
    }
    let room = (cap + 1).saturating_sub(bytes.len() as u64);
    if let Err(source) = rest.take(room).read_to_end(&mut bytes) {
        return failed(BatchError::Read { path, source });
    }
    if bytes.len() as u64 > cap {
        return too_large(&path, None, opts);
    }
    Opened::Document(Document {
        path,
        bytes,
        base: 0,
        format: opts.forced,
        warnings,
    })
}

/// An input already in memory (a small file, a JSON Lines object's content, an archive
/// member). `share`: named on the command line (see [`open_stream`]).
fn open_bytes(path: String, bytes: Vec<u8>, share: bool, opts: &Options) -> Opened {
    let expand = |path, source| {
        Opened::Expand(Expansion {
            path,
            source,
            share,
        })
    };
    match sniff::sniff(&bytes) {
        Kind::Zip => {
            let shared: Arc<[u8]> = bytes.into();
            let dir: Box<dyn ReadSeek> = Box::new(Cursor::new(shared.clone()));
            let data: Box<dyn ReadSeek> = Box::new(Cursor::new(shared));
            match zip::ZipReader::new(dir, data) {
                Ok(z) => expand(path, Source::Zip(Box::new(z))),
                Err(e) => failed(BatchError::Archive {
                    path,
                    message: e.to_string(),
                }),
            }
        }
        Kind::Gzip => expand(path, Source::Gzip(Box::new(Cursor::new(bytes)))),
        Kind::Tar => expand(path, Source::Tar(Box::new(Cursor::new(bytes)))),
        Kind::Unsupported(name) => failed(unsupported(path, name)),
        Kind::Json if opts.splits_json() && json::lone_compact_study(&bytes) => {
            whole_document(path, bytes, share, Vec::new(), opts)
        }
        Kind::Json if opts.splits_json() => {
            let mut decider = json::Splitter::decider();
            decider.feed(&bytes);
            match decider.decide_at_end() {
                json::Decision::Container => {
                    expand(path, Source::Json(Box::new(Cursor::new(bytes))))
                }
                json::Decision::Single { warning } => {
                    whole_document(path, bytes, share, not_a_study(warning), opts)
                }
            }
        }
        Kind::Json | Kind::Page => whole_document(path, bytes, share, Vec::new(), opts),
    }
}

fn unsupported(path: String, name: &str) -> BatchError {
    BatchError::Archive {
        path,
        message: format!("a {name}-compressed stream, which is not supported; decompress it first"),
    }
}

fn not_a_study(warning: Option<String>) -> Vec<Warning> {
    warning
        .map(|m| Warning::new(WarningCode::UnknownContainer, m, None))
        .into_iter()
        .collect()
}

/// A document whose bytes are all in memory: [`document`] with nothing left to read.
fn whole_document(
    path: String,
    bytes: Vec<u8>,
    share: bool,
    warnings: Vec<Warning>,
    opts: &Options,
) -> Opened {
    let len = Some(bytes.len() as u64);
    document(
        path,
        bytes,
        Box::new(io::empty()),
        len,
        share,
        warnings,
        opts,
    )
}

/// Where a [`Salvage`] reader stopped, and why: shared with the code that reports it.
#[derive(Clone, Default)]
struct Broken(Arc<std::sync::Mutex<Option<(u64, io::Error)>>>);

impl Broken {
    fn take(&self) -> Option<(u64, io::Error)> {
        self.0.lock().ok().and_then(|mut e| e.take())
    }
}

/// A reader whose errors end the stream (after what was read before them), kept in
/// [`Broken`]: a cut `.jsonl.gz` still gives its complete lines.
struct Salvage<R> {
    inner: R,
    read: u64,
    broken: Broken,
}

impl<R: Read> Read for Salvage<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.inner.read(buf) {
            Ok(n) => {
                self.read += n as u64;
                Ok(n)
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(e),
            Err(e) => {
                if let Ok(mut slot) = self.broken.0.lock() {
                    slot.get_or_insert((self.read, e));
                }
                Ok(0)
            }
        }
    }
}

/// Both halves of what a zip needs.
pub trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

enum Source {
    Zip(Box<zip::ZipReader<Box<dyn ReadSeek>>>),
    Gzip(Box<dyn Read + Send>),
    Tar(Box<dyn Read + Send>),
    Json(Box<dyn Read + Send>),
}

/// An archive or container, opened: [`Expansion::expand`] pushes its members or studies.
pub struct Expansion {
    path: String,
    source: Source,
    /// Named on the command line: the shard takes its share of the members.
    share: bool,
}

impl Expansion {
    /// The record path of the archive or container.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Pushes one input per member or study, in order, to `out` (which may process them
    /// before returning). Problems with the archive become failed inputs, after the members
    /// read before them; an error from `out` stops the expansion and is returned.
    pub fn expand<E>(
        self,
        opts: &Options,
        out: &mut dyn FnMut(Input) -> Result<(), E>,
    ) -> Result<(), E> {
        let Expansion {
            path,
            source,
            share,
        } = self;
        let mut x = Expander {
            path,
            share,
            opts,
            out,
            pushed: 0,
        };
        match source {
            Source::Zip(z) => x.zip(*z),
            Source::Gzip(r) => x.gzip(r),
            Source::Tar(r) => x.tar(r),
            Source::Json(r) => x.json(r, None).map(|_| ()),
        }
    }
}

struct Expander<'a, E> {
    path: String,
    share: bool,
    opts: &'a Options,
    out: &'a mut dyn FnMut(Input) -> Result<(), E>,
    pushed: u64,
}

impl<E> Expander<'_, E> {
    fn keeps(&self, path: &str) -> bool {
        !self.share || self.opts.shard.map_or(true, |s| s.owns(path))
    }

    fn push(&mut self, input: Input) -> Result<(), E> {
        self.pushed += 1;
        (self.out)(input)
    }

    /// A failed input for the archive itself, or for the part of a stream from `at` on.
    fn fail(&mut self, at: Option<u64>, message: String) -> Result<(), E> {
        let path = match at {
            Some(at) if self.pushed > 0 => format!("{}#@{at}", self.path),
            _ => self.path.clone(),
        };
        let error = BatchError::Archive {
            path: path.clone(),
            message,
        };
        self.push(Input::Failed { path, error })
    }

    /// A record saying the archive held nothing to read.
    fn empty(&mut self, what: &str) -> Result<(), E> {
        let mut rec = Record::new(self.path.clone(), Format::Unknown);
        rec.warn(WarningCode::EmptyContainer, what, None);
        self.push(Input::Report(Box::new(rec)))
    }

    fn zip(&mut self, mut z: zip::ZipReader<Box<dyn ReadSeek>>) -> Result<(), E> {
        let cap = self.opts.max_file_size;
        let mut members = 0u64;
        while let Some(entry) = z.next_entry() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => return self.fail(None, e.to_string()),
            };
            if entry.is_dir() || !self.opts.members.takes_member(&entry.name) {
                continue;
            }
            members += 1;
            let path = path::member(&self.path, &entry.name);
            if !self.keeps(&path) {
                continue;
            }
            let input = match z.raw(&entry, cap) {
                Ok(raw) => Input::Zipped {
                    path,
                    raw,
                    method: entry.method,
                    size: entry.size,
                    crc: entry.crc,
                },
                Err(message) => Input::Failed {
                    error: BatchError::Archive {
                        path: path.clone(),
                        message,
                    },
                    path,
                },
            };
            self.push(input)?;
        }
        if let Some(why) = z.truncation() {
            return self.fail(None, why);
        }
        if members == 0 {
            return self.empty("a zip archive with no files to read");
        }
        Ok(())
    }

    fn gzip(&mut self, r: Box<dyn Read + Send>) -> Result<(), E> {
        let broken = Broken::default();
        let mut dec = Salvage {
            inner: flate2::read::MultiGzDecoder::new(r),
            read: 0,
            broken: broken.clone(),
        };
        // `Salvage` ends the stream at a corrupt or cut spot instead of failing: what came
        // before it is read, then the problem is reported.
        let head = read_head(&mut dec).unwrap_or_default();
        let rest =
            |head: Vec<u8>| -> Box<dyn Read + Send> { Box::new(Cursor::new(head).chain(dec)) };
        match sniff::sniff(&head) {
            Kind::Tar => self.tar(rest(head))?,
            Kind::Json if self.opts.splits_json() => {
                let lone = self.json(rest(head), Some(&broken))?;
                if lone {
                    // A cut single study is not parsed: the file is an error, as a cut
                    // document is.
                    if let Some((_, e)) = broken.take() {
                        return self.fail(None, format!("corrupt or truncated gzip stream: {e}"));
                    }
                }
            }
            Kind::Zip => {
                return self.fail(
                    None,
                    "a zip archive inside a gzip stream is not read".into(),
                )
            }
            _ => {
                let cap = self.opts.max_file_size;
                let mut bytes = head;
                let room = (cap + 1).saturating_sub(bytes.len() as u64);
                // Cannot fail: `Salvage` reports errors as the end of the stream.
                let _ = rest(Vec::new()).take(room).read_to_end(&mut bytes);
                if let Some((_, e)) = broken.take() {
                    // One document: a cut one is not parsed, the file is an error.
                    return self.fail(None, format!("corrupt or truncated gzip stream: {e}"));
                }
                if !self.keeps(&self.path.clone()) {
                    return Ok(());
                }
                let path = self.path.clone();
                if bytes.len() as u64 > cap {
                    let error = BatchError::TooLarge {
                        path: path.clone(),
                        size: None,
                        limit: cap,
                    };
                    return self.push(Input::Failed { path, error });
                }
                return self.push(Input::Member { path, bytes });
            }
        }
        match broken.take() {
            Some((at, e)) => self.fail(
                Some(at),
                format!(
                    "corrupt or truncated gzip stream at byte {at} of its data: {e}; the rest is \
                     not read"
                ),
            ),
            None => Ok(()),
        }
    }

    fn tar(&mut self, r: Box<dyn Read + Send>) -> Result<(), E> {
        let cap = self.opts.max_file_size;
        let mut archive = tar::Archive::new(r);
        let entries = match archive.entries() {
            Ok(e) => e,
            Err(e) => return self.fail(None, format!("corrupt tar archive: {e}")),
        };
        let mut members = 0u64;
        for entry in entries {
            let mut entry = match entry {
                Ok(e) => e,
                Err(e) => return self.fail(None, format!("corrupt tar archive: {e}")),
            };
            let kind = entry.header().entry_type();
            if !(kind.is_file() || kind == tar::EntryType::Continuous) {
                continue;
            }
            let name = entry.path_bytes().into_owned();
            if !self.opts.members.takes_member(&name) {
                continue;
            }
            members += 1;
            let path = path::member(&self.path, &name);
            if !self.keeps(&path) {
                continue;
            }
            let size = entry.size();
            if size > cap {
                let error = BatchError::TooLarge {
                    path: path.clone(),
                    size: Some(size),
                    limit: cap,
                };
                self.push(Input::Failed { path, error })?;
                continue;
            }
            let mut bytes = Vec::with_capacity(size as usize);
            if let Err(e) = entry.read_to_end(&mut bytes) {
                let error = BatchError::Archive {
                    path: path.clone(),
                    message: format!("cannot read the member (corrupt or truncated archive): {e}"),
                };
                return self.push(Input::Failed { path, error });
            }
            self.push(Input::Member { path, bytes })?;
        }
        if members == 0 {
            return self.empty("a tar archive with no files to read");
        }
        Ok(())
    }

    /// Splits a JSON stream. With `broken` (a stream that may have been cut), a lone value
    /// is held back when the stream broke; returns whether it was (nothing pushed).
    fn json(&mut self, mut r: Box<dyn Read + Send>, broken: Option<&Broken>) -> Result<bool, E> {
        let mut splitter = json::Splitter::new(&self.path, self.opts.max_file_size);
        let mut chunk = vec![0u8; HEAD];
        let mut offset = 0u64;
        loop {
            let n = match r.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    for item in splitter.finish() {
                        self.item(item)?;
                    }
                    self.fail(Some(offset), format!("cannot read further: {e}"))?;
                    return Ok(false);
                }
            };
            offset += n as u64;
            for item in splitter.feed(&chunk[..n]) {
                self.item(item)?;
            }
        }
        let cut = broken.is_some_and(|b| b.0.lock().is_ok_and(|e| e.is_some()));
        if cut && splitter.lone_value() && self.pushed == 0 {
            return Ok(true);
        }
        for item in splitter.finish() {
            self.item(item)?;
        }
        Ok(false)
    }

    fn item(&mut self, item: json::Item) -> Result<(), E> {
        let input = match item {
            json::Item::Doc {
                path,
                bytes,
                base,
                study,
                warnings,
            } => Input::Document(Document {
                path,
                bytes,
                base: base as usize,
                format: self.opts.forced.or(study.then_some(Format::RegistryJson)),
                warnings,
            }),
            json::Item::Note { path, warning } => {
                let mut rec = Record::new(path, Format::Unknown);
                rec.warnings.push(warning);
                Input::Report(Box::new(rec))
            }
            json::Item::Failed { path, message } => Input::Failed {
                error: BatchError::Archive {
                    path: path.clone(),
                    message,
                },
                path,
            },
        };
        if !self.keeps(input.path()) {
            return Ok(());
        }
        self.push(input)
    }
}
