//! Which bytes a record's spans index: the one place that knows.
//!
//! Today a record's path names a whole file (or standard input, or the content of a JSON
//! Lines object), and its spans index that file's bytes. When one input may hold many
//! studies (an archive member `archive.zip!member.json`), this is the function to re-point:
//! both `show` (from its inputs) and `diff --html` (from a record's path) read through it.

use crate::batch::{BatchError, Input};
use std::io::Read;
use std::path::PathBuf;

/// An input's record path and the bytes its spans index (or why they could not be read).
pub struct Loaded {
    pub path: String,
    pub bytes: Result<Vec<u8>, BatchError>,
}

/// Reads the bytes behind one input.
pub fn load(input: Input) -> Loaded {
    let read_err = |path: &str, source| BatchError::Read {
        path: path.to_owned(),
        source,
    };
    match input {
        Input::File { path, fs_path } => {
            let bytes = std::fs::read(&fs_path).map_err(|e| read_err(&path, e));
            Loaded { path, bytes }
        }
        Input::Stdin => {
            let mut bytes = Vec::new();
            let r = std::io::stdin().lock().read_to_end(&mut bytes);
            Loaded {
                path: "-".into(),
                bytes: r.map(|_| bytes).map_err(|e| read_err("-", e)),
            }
        }
        Input::Inline { path, content } => Loaded {
            path,
            bytes: Ok(content.into_bytes()),
        },
        Input::Failed { path, error } => Loaded {
            path,
            bytes: Err(error),
        },
    }
}

/// The input a record's `path` names, for reading its bytes again later (`diff --html`).
pub fn named(path: &str) -> Input {
    Input::File {
        path: path.to_owned(),
        fs_path: PathBuf::from(path),
    }
}
