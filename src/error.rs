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
            | BatchError::Write { path, .. } => path,
            BatchError::Pool { .. } => "",
        }
    }
}
