//! The I/O errors of a batch run, shared by the input side ([`crate::batch`]) and the output
//! side ([`crate::output`]). Parsing has no errors: it reports warnings in the record.

/// Why one input, or the whole run, could not be processed. Each names the file concerned.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: cannot list directory: {source}")]
    ListDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: line {line} (byte {offset}): {message}")]
    JsonlLine {
        path: String,
        line: u64,
        offset: u64,
        message: String,
    },
    #[error("{path}: {}; not read", too_large(*size, *limit))]
    TooLarge {
        path: String,
        /// The size when known (a regular file, a member that says it).
        size: Option<u64>,
        limit: u64,
    },
    #[error("{path}: a {kind}, not a regular file; skipped")]
    NotRegular { path: String, kind: &'static str },
    /// An archive, compressed stream or container that cannot be read (or one of its members).
    #[error("{path}: {message}")]
    Archive { path: String, message: String },
    #[error("{path}: cannot write: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot start {threads} worker threads: {message}")]
    Pool { threads: usize, message: String },
}

impl BatchError {
    /// The file (or stream) the error is about.
    pub fn path(&self) -> &str {
        match self {
            BatchError::Read { path, .. }
            | BatchError::ListDir { path, .. }
            | BatchError::JsonlLine { path, .. }
            | BatchError::TooLarge { path, .. }
            | BatchError::NotRegular { path, .. }
            | BatchError::Archive { path, .. }
            | BatchError::Write { path, .. } => path,
            BatchError::Pool { .. } => "",
        }
    }
}

fn too_large(size: Option<u64>, limit: u64) -> String {
    match size {
        Some(n) => format!("{n} bytes, more than --max-file-size ({limit} bytes)"),
        None => format!("more than --max-file-size ({limit} bytes)"),
    }
}
