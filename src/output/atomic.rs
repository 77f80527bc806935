//! Write to a temporary name, rename when complete.
//!
//! The temporary file sits in the destination's directory (a rename across file systems is
//! not atomic) and is named `.NAME.tmp-PID`: hidden, and never matching a glob for `*.csv` or
//! `*.jsonl`, so a job that picks up finished outputs cannot take a partial one. Dropping an
//! unfinished `AtomicFile`, or a failed `finish`, removes the temporary file; a killed process
//! leaves it behind under its temporary name only.

use crate::error::BatchError;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

pub struct AtomicFile {
    file: Option<BufWriter<File>>,
    tmp: PathBuf,
    dest: PathBuf,
}

impl AtomicFile {
    pub fn create(dest: impl AsRef<Path>) -> Result<AtomicFile, BatchError> {
        let dest = dest.as_ref().to_path_buf();
        let tmp = temp_name(&dest);
        let file = File::create(&tmp).map_err(|source| BatchError::Write {
            path: dest.to_string_lossy().into_owned(),
            source,
        })?;
        Ok(AtomicFile {
            file: Some(BufWriter::with_capacity(1 << 16, file)),
            tmp,
            dest,
        })
    }

    /// The name the file gets when finished.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Flushes, syncs and renames the file to its final name. On failure the temporary
    /// file is removed.
    pub fn finish(self) -> Result<(), BatchError> {
        self.complete()?.rename()
    }

    /// Flushes and syncs the file but leaves it under its temporary name, so several files
    /// can be completed first and renamed together (see [`Completed`]). On failure the
    /// temporary file is removed.
    pub fn complete(mut self) -> Result<Completed, BatchError> {
        // From here `done` owns the temporary file: every early return removes it.
        let done = Completed {
            tmp: std::mem::take(&mut self.tmp),
            dest: std::mem::take(&mut self.dest),
            renamed: false,
        };
        if let Some(w) = self.file.take() {
            let file = w.into_inner().map_err(|e| done.err(e.into_error()))?;
            file.sync_all().map_err(|e| done.err(e))?;
        }
        Ok(done)
    }

    fn writer(&mut self) -> io::Result<&mut BufWriter<File>> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("file already finished"))
    }
}

fn temp_name(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    dest.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer()?.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer()?.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer()?.flush()
    }
}

/// A complete file still under its temporary name. Dropping it without [`Completed::rename`]
/// removes it.
pub struct Completed {
    tmp: PathBuf,
    dest: PathBuf,
    renamed: bool,
}

impl Completed {
    /// Renames the file to its final name, replacing any file there.
    pub fn rename(mut self) -> Result<(), BatchError> {
        std::fs::rename(&self.tmp, &self.dest).map_err(|e| self.err(e))?;
        self.renamed = true;
        Ok(())
    }

    fn err(&self, source: io::Error) -> BatchError {
        BatchError::Write {
            path: self.dest.to_string_lossy().into_owned(),
            source,
        }
    }
}

impl Drop for Completed {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The names in a directory, sorted (shared with the parquet tests).
    pub(crate) fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn final_name_appears_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.jsonl");
        let mut f = AtomicFile::create(&dest).unwrap();
        f.write_all(b"{}\n").unwrap();
        f.flush().unwrap();
        let tmp = format!(".out.jsonl.tmp-{}", std::process::id());
        assert_eq!(names(dir.path()), [tmp.as_str()]);
        assert_eq!(std::fs::read(dir.path().join(&tmp)).unwrap(), b"{}\n");
        f.finish().unwrap();
        assert_eq!(names(dir.path()), ["out.jsonl"]);
        assert_eq!(std::fs::read(&dest).unwrap(), b"{}\n");
    }

    #[test]
    fn failed_rename_removes_the_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.csv");
        let mut f = AtomicFile::create(&dest).unwrap();
        f.write_all(b"a,b\n").unwrap();
        // A non-empty directory where the file should go: the rename fails.
        std::fs::create_dir(&dest).unwrap();
        std::fs::write(dest.join("keep"), "x").unwrap();
        let e = f.finish().unwrap_err();
        assert!(
            e.to_string()
                .starts_with(&dest.to_string_lossy().into_owned()),
            "{e}"
        );
        assert_eq!(names(dir.path()), ["out.csv"]);
        assert_eq!(names(&dest), ["keep"]);
    }

    #[test]
    fn completed_files_appear_only_when_renamed() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, "old").unwrap();
        let mut fa = AtomicFile::create(&a).unwrap();
        fa.write_all(b"new a").unwrap();
        let mut fb = AtomicFile::create(&b).unwrap();
        fb.write_all(b"new b").unwrap();
        let (fa, fb) = (fa.complete().unwrap(), fb.complete().unwrap());
        assert_eq!(std::fs::read(&a).unwrap(), b"old");
        assert!(!b.exists());
        fa.rename().unwrap();
        drop(fb);
        assert_eq!(std::fs::read(&a).unwrap(), b"new a");
        assert_eq!(names(dir.path()), ["a"]);
    }

    #[test]
    fn abandoned_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("t.csv");
        let mut f = AtomicFile::create(&dest).unwrap();
        f.write_all(b"partial").unwrap();
        drop(f);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
