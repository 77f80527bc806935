//! Write to a temporary name, rename when complete.
//!
//! The temporary file sits in the destination's directory (a rename across file systems is
//! not atomic) and is named `.NAME.tmp-PID`: hidden, and never matching a glob for `*.csv` or
//! `*.jsonl`, so a job that picks up finished outputs cannot take a partial one. Dropping an
//! unfinished `AtomicFile` removes the temporary file; a killed process leaves it behind under
//! its temporary name only.

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

    /// The name it is written under until then.
    pub fn temp_path(&self) -> &Path {
        &self.tmp
    }

    /// Flushes, syncs and renames the file to its final name.
    pub fn finish(mut self) -> Result<(), BatchError> {
        let err = |source| BatchError::Write {
            path: self.dest.to_string_lossy().into_owned(),
            source,
        };
        if let Some(w) = self.file.take() {
            let file = w.into_inner().map_err(|e| err(e.into_error()))?;
            file.sync_all().map_err(err)?;
        }
        std::fs::rename(&self.tmp, &self.dest).map_err(err)
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

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_name_appears_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.jsonl");
        let mut f = AtomicFile::create(&dest).unwrap();
        f.write_all(b"{}\n").unwrap();
        f.flush().unwrap();
        let tmp = f.temp_path().to_path_buf();
        assert!(tmp.exists() && !dest.exists());
        let tmp_name = tmp.file_name().unwrap().to_string_lossy().into_owned();
        assert!(tmp_name.starts_with('.') && !tmp_name.ends_with(".jsonl"));
        f.finish().unwrap();
        assert!(!tmp.exists());
        assert_eq!(std::fs::read(&dest).unwrap(), b"{}\n");
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
