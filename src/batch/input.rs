//! Where a batch's pages come from: paths on the command line (files, directories walked
//! recursively in path order, `-` for standard input) or a JSON Lines stream of
//! `{"path", "content"}` objects.
//!
//! Inputs are produced lazily, so a run over a million files holds one directory listing per
//! level of the walk, never the whole corpus. Anything that cannot be listed or decoded becomes
//! an [`Input::Failed`] carrying its [`BatchError`]: the batch reports it and goes on.

use super::{BatchError, Shard};
use std::fs;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// One page to parse, not read yet (files) or already in memory (JSON Lines input).
#[derive(Debug)]
pub enum Input {
    /// A file to read; `path` is the name as given or enumerated, used in the record.
    File { path: String, fs_path: PathBuf },
    /// All of standard input, named `-`.
    Stdin,
    /// A page whose content came inside a JSON Lines object.
    Inline { path: String, content: String },
    /// An input that could not even be reached.
    Failed { path: String, error: BatchError },
}

impl Input {
    /// The name this input's record carries.
    pub fn path(&self) -> &str {
        match self {
            Input::File { path, .. } | Input::Inline { path, .. } | Input::Failed { path, .. } => {
                path
            }
            Input::Stdin => "-",
        }
    }
}

/// Lazily walks command-line arguments: files as given, directories recursively with the
/// entries of each directory sorted by name (so the whole walk is in path order).
///
/// Symbolic links to files are read like files (a dangling one fails when read); links to
/// directories met *inside* a walk are not followed, so a link cycle cannot make it endless.
pub struct PathInputs {
    args: std::vec::IntoIter<String>,
    /// One sorted listing per directory being walked, deepest last.
    stack: Vec<std::vec::IntoIter<PathBuf>>,
}

impl PathInputs {
    pub fn new(args: Vec<String>) -> PathInputs {
        PathInputs {
            args: args.into_iter(),
            stack: Vec::new(),
        }
    }

    /// Lists `dir` into the walk, or returns why it cannot be listed.
    fn push_dir(&mut self, dir: &Path) -> Result<(), BatchError> {
        let list_err = |source| BatchError::ListDir {
            path: dir.to_string_lossy().into_owned(),
            source,
        };
        let mut entries = Vec::new();
        for entry in fs::read_dir(dir).map_err(list_err)? {
            entries.push(entry.map_err(list_err)?.path());
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
            let is_dir = fs::symlink_metadata(&entry).is_ok_and(|m| m.is_dir());
            let is_dir_link = !is_dir && fs::metadata(&entry).is_ok_and(|m| m.is_dir());
            if is_dir {
                if let Err(error) = self.push_dir(&entry) {
                    return Some(failed(error));
                }
            } else if !is_dir_link {
                return Some(file(entry));
            }
        }
        None
    }
}

fn file(fs_path: PathBuf) -> Input {
    Input::File {
        path: fs_path.to_string_lossy().into_owned(),
        fs_path,
    }
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
            let path = PathBuf::from(&arg);
            if fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
                if let Err(error) = self.push_dir(&path) {
                    return Some(failed(error));
                }
                continue;
            }
            return Some(Input::File {
                path: arg,
                fs_path: path,
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
/// not such an object becomes a failed input named `SOURCE:LINE` (its own path when it has one).
pub struct JsonlInputs<R> {
    reader: R,
    /// The stream's name for messages (`-` for standard input).
    source: String,
    line: u64,
    offset: u64,
    buf: Vec<u8>,
    done: bool,
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
        }
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
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
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

/// Keeps only this worker's share of `inputs` (all of them without a shard).
pub fn sharded<I: Iterator<Item = Input>>(
    inputs: I,
    shard: Option<Shard>,
) -> impl Iterator<Item = Input> {
    inputs.filter(move |i| shard.map_or(true, |s| s.owns(i.path())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(inputs: impl Iterator<Item = Input>) -> Vec<String> {
        inputs.map(|i| i.path().to_owned()).collect()
    }

    #[test]
    fn directories_are_walked_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir_all(d.join("b/inner")).unwrap();
        for f in ["c.txt", "a.txt", "b/z.txt", "b/inner/y.txt", "b.txt"] {
            fs::write(d.join(f), "x").unwrap();
        }
        let root = d.to_string_lossy().into_owned();
        let got = paths(PathInputs::new(vec![root.clone()]));
        let want: Vec<String> = ["a.txt", "b/inner/y.txt", "b/z.txt", "b.txt", "c.txt"]
            .iter()
            .map(|f| d.join(f).to_string_lossy().into_owned())
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn arguments_keep_their_order_and_spelling() {
        let got = paths(PathInputs::new(vec!["z".into(), "-".into(), "./a".into()]));
        assert_eq!(got, ["z", "-", "./a"]);
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
}
