//! Outputs that appear only when complete, and never replace what they must not.
//!
//! An [`AtomicFile`] is written under a temporary name beside its destination (a rename
//! across file systems is not atomic) and renamed when complete. Temporary names are
//! `.NAME.tmp-PID-N`: hidden, never matching a glob for `*.csv` or `*.jsonl`, so a job that
//! picks up finished outputs cannot take a partial one, and made with `O_EXCL`, so two
//! writers never share one. A destination that is not a regular file (`/dev/null`,
//! `/dev/full`, a terminal, a FIFO) is written straight into, as a shell redirection would:
//! renaming over it would replace the device. A symbolic link to a regular file gets its
//! temporary file beside the link's target, and the rename replaces the target, not the
//! link; a descriptor link (`/dev/stdout`, `/proc/self/fd/N`) is written through, appending
//! to what the shell opened.
//!
//! A [`StagedDir`] does the same for a set of files (the tables): they are written into one
//! temporary directory beside the destination directory and published together (see
//! [`StagedDir::publish`]), so a failed run leaves the earlier set whole.
//!
//! Every temporary file and directory is known to this module until it is renamed into
//! place or removed, so [`abandon_all`] can remove them when a signal ends the run. Dropping
//! an unfinished `AtomicFile` or `StagedDir`, or a failed finish, removes its temporaries; only
//! a process killed outright (`kill -9`) leaves them, under their hidden names.

use crate::error::BatchError;
use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// This process's temporaries (path → is a directory), and whether the run was abandoned.
struct Temporaries {
    paths: BTreeMap<PathBuf, bool>,
    abandoned: bool,
}

static TEMPORARIES: Mutex<Temporaries> = Mutex::new(Temporaries {
    paths: BTreeMap::new(),
    abandoned: false,
});

/// The registry, locked. Renames into place hold the lock, so [`abandon_all`] runs either
/// before a publish or after it, never in its middle.
fn temporaries() -> MutexGuard<'static, Temporaries> {
    TEMPORARIES.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes every temporary file and staging directory of this process, and makes every
/// later rename into place fail. For a run ended by a signal: the caller exits right after.
pub fn abandon_all() {
    let mut t = temporaries();
    t.abandoned = true;
    for (path, dir) in std::mem::take(&mut t.paths) {
        let _ = if dir {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
    }
}

fn abandoned() -> io::Error {
    io::Error::other("the run was interrupted")
}

fn write_err(path: &Path, source: io::Error) -> BatchError {
    BatchError::Write {
        path: path.to_string_lossy().into_owned(),
        source,
    }
}

static SEQUENCE: AtomicUsize = AtomicUsize::new(0);

/// `DIR/.NAME.KIND-PID-N`, a fresh name on every call.
fn temp_name(dir: &Path, name: &OsStr, kind: &str) -> PathBuf {
    let n = SEQUENCE.fetch_add(1, Ordering::Relaxed);
    let mut file = OsString::from(".");
    file.push(name);
    file.push(format!(".{kind}-{}-{n}", std::process::id()));
    dir.join(file)
}

/// Creates a fresh temporary file or directory named after `name` in `dir`.
fn create_temp<T>(
    dir: &Path,
    name: &OsStr,
    kind: &str,
    create: impl Fn(&Path) -> io::Result<T>,
) -> io::Result<(PathBuf, T)> {
    loop {
        let path = temp_name(dir, name, kind);
        match create(&path) {
            // A name left by a killed process with the same id: take the next one.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            r => return r.map(|t| (path, t)),
        }
    }
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Where a file output goes.
#[derive(Debug, PartialEq, Eq)]
enum Place {
    /// A regular file (existing or not) replaced by renaming a temporary file onto this path.
    Replace(PathBuf),
    /// Something that is not a regular file, or a descriptor link: written straight into.
    Direct { append: bool },
}

/// Symbolic links followed before giving up, as the kernel does (`ELOOP`).
const MAX_LINKS: usize = 40;

/// The target of `link`, resolved against the link's directory.
fn read_link(link: &Path) -> io::Result<PathBuf> {
    let target = fs::read_link(link)?;
    Ok(if target.is_absolute() {
        target
    } else {
        parent(link).join(target)
    })
}

/// Each path on the way from `path` through its symbolic links, ending with the first that
/// is not a link (which may not exist).
fn link_chain(path: &Path) -> io::Result<Vec<PathBuf>> {
    let mut chain = vec![path.to_path_buf()];
    while let Some(last) = chain.last() {
        match fs::symlink_metadata(last) {
            Ok(m) if m.file_type().is_symlink() => {
                if chain.len() > MAX_LINKS {
                    return Err(io::Error::other("too many levels of symbolic links"));
                }
                let next = read_link(last)?;
                chain.push(next);
            }
            _ => break,
        }
    }
    Ok(chain)
}

/// Whether a link on the way sits in `/proc` (`/dev/stdout` → `/proc/self/fd/1`): its
/// target is an open descriptor, not a path to replace.
fn through_descriptor_link(chain: &[PathBuf]) -> bool {
    chain[..chain.len().saturating_sub(1)]
        .iter()
        .any(|link| fs::canonicalize(parent(link)).is_ok_and(|dir| dir.starts_with("/proc")))
}

fn place(dest: &Path) -> io::Result<Place> {
    let chain = link_chain(dest)?;
    let last = chain.last().map_or(dest, PathBuf::as_path);
    match fs::metadata(dest) {
        Ok(m) if m.is_dir() => Err(io::Error::other("is a directory")),
        Ok(m) if !m.is_file() => Ok(Place::Direct { append: false }),
        Ok(_) if through_descriptor_link(&chain) => Ok(Place::Direct { append: true }),
        Ok(_) => Ok(Place::Replace(last.to_path_buf())),
        // Not there yet (or a dangling link): the file is created where the links lead.
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Place::Replace(last.to_path_buf())),
        Err(e) => Err(e),
    }
}

pub struct AtomicFile {
    file: Option<BufWriter<File>>,
    /// The path as given, for messages.
    dest: PathBuf,
    /// The temporary file and the path it is renamed to; `None` when written in place.
    tmp: Option<(PathBuf, PathBuf)>,
}

impl AtomicFile {
    pub fn create(dest: impl AsRef<Path>) -> Result<AtomicFile, BatchError> {
        let dest = dest.as_ref().to_path_buf();
        let err = |e| write_err(&dest, e);
        let (file, tmp) = match place(&dest).map_err(err)? {
            Place::Direct { append } => {
                let file = OpenOptions::new()
                    .write(true)
                    .append(append)
                    .open(&dest)
                    .map_err(err)?;
                (file, None)
            }
            Place::Replace(target) => {
                let name = target.file_name().unwrap_or(OsStr::new("output"));
                let mut registry = temporaries();
                if registry.abandoned {
                    return Err(err(abandoned()));
                }
                let (tmp, file) = create_temp(parent(&target), name, "tmp", |p| {
                    OpenOptions::new().write(true).create_new(true).open(p)
                })
                .map_err(err)?;
                registry.paths.insert(tmp.clone(), false);
                (file, Some((tmp, target)))
            }
        };
        Ok(AtomicFile {
            file: Some(BufWriter::with_capacity(1 << 16, file)),
            dest,
            tmp,
        })
    }

    /// The name the file gets when finished, as given.
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
            tmp: self.tmp.take(),
            dest: std::mem::take(&mut self.dest),
        };
        if let Some(w) = self.file.take() {
            let file = w.into_inner().map_err(|e| done.err(e.into_error()))?;
            // A device or a pipe has nothing to sync (and `/dev/null` refuses to).
            if done.tmp.is_some() {
                file.sync_all().map_err(|e| done.err(e))?;
            }
        }
        Ok(done)
    }

    fn writer(&mut self) -> io::Result<&mut BufWriter<File>> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("file already finished"))
    }
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

/// Removes a temporary file and forgets it.
fn discard(tmp: &Path) {
    let mut registry = temporaries();
    if registry.paths.remove(tmp).is_some() {
        let _ = fs::remove_file(tmp);
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            if let Some((tmp, _)) = &self.tmp {
                discard(tmp);
            }
        }
    }
}

/// A complete file still under its temporary name. Dropping it without [`Completed::rename`]
/// removes it.
pub struct Completed {
    tmp: Option<(PathBuf, PathBuf)>,
    dest: PathBuf,
}

impl Completed {
    /// Renames the file to its final name, replacing any file there.
    pub fn rename(mut self) -> Result<(), BatchError> {
        let Some((tmp, target)) = self.tmp.take() else {
            return Ok(());
        };
        let mut registry = temporaries();
        let renamed = if registry.abandoned {
            Err(abandoned())
        } else {
            fs::rename(&tmp, &target)
        };
        registry.paths.remove(&tmp);
        if renamed.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        renamed.map_err(|e| self.err(e))
    }

    fn err(&self, source: io::Error) -> BatchError {
        write_err(&self.dest, source)
    }
}

impl Drop for Completed {
    fn drop(&mut self) {
        if let Some((tmp, _)) = &self.tmp {
            discard(tmp);
        }
    }
}

/// Which entries of a table directory a run owns, by path relative to it (and whether the
/// entry is a directory): a run replaces and removes those, and never touches any other.
pub type Owns = dyn Fn(&Path, bool) -> bool;

/// A directory of outputs written as a set: into a fresh temporary directory, published
/// into the destination only when every file of the set is complete.
pub struct StagedDir {
    /// The directory as given, for messages.
    dest: PathBuf,
    /// Where it really is (links to a directory followed).
    target: PathBuf,
    staging: PathBuf,
    /// Whether `staging` sits beside `target` (else inside it, when its parent is not ours to
    /// write).
    beside: bool,
}

impl StagedDir {
    /// Makes the staging directory (and the destination's parents). The destination itself
    /// is not touched until [`StagedDir::publish`].
    pub fn create(dest: &Path) -> Result<StagedDir, BatchError> {
        let err = |e| write_err(dest, e);
        let target = match fs::metadata(dest) {
            Ok(m) if m.is_dir() => fs::canonicalize(dest).map_err(err)?,
            Ok(_) => return Err(err(io::Error::other("not a directory"))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let up = parent(dest);
                fs::create_dir_all(up).map_err(err)?;
                let name = dest
                    .file_name()
                    .ok_or_else(|| err(io::Error::other("not a directory name")))?;
                fs::canonicalize(up).map_err(err)?.join(name)
            }
            Err(e) => return Err(err(e)),
        };
        let mut registry = temporaries();
        if registry.abandoned {
            return Err(err(abandoned()));
        }
        let name = target.file_name().unwrap_or(OsStr::new("tables"));
        let beside = create_temp(parent(&target), name, "tmp", |p| fs::create_dir(p));
        let (staging, beside) = match beside {
            Ok((p, ())) => (p, true),
            Err(_) if target.is_dir() => {
                let (p, ()) =
                    create_temp(&target, name, "tmp", |p| fs::create_dir(p)).map_err(err)?;
                (p, false)
            }
            Err(e) => return Err(err(e)),
        };
        registry.paths.insert(staging.clone(), true);
        Ok(StagedDir {
            dest: dest.to_path_buf(),
            target,
            staging,
            beside,
        })
    }

    /// Where the set is written.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Puts the staged set in place of the destination's earlier set (the entries `owns`
    /// accepts), leaving every other entry alone. A destination that does not exist, or
    /// holds only an earlier set, is swapped with the staging directory in one rename (on
    /// Linux, `renameat2(RENAME_EXCHANGE)`), so readers see the old set or the new one. Any
    /// other destination gets the new files one by one after the old ones are moved aside,
    /// and on any failure everything moved is moved back: a failed publish leaves the
    /// earlier set as it was.
    pub fn publish(self, owns: &Owns) -> Result<(), BatchError> {
        let mut registry = temporaries();
        if registry.abandoned {
            return Err(write_err(&self.dest, abandoned()));
        }
        let result = self.publish_locked(owns);
        registry.paths.remove(&self.staging);
        match result {
            Ok(Published::Swapped) => self.remove_earlier_set(owns),
            // Left: empty directories, or after a failure the new set; all ours.
            Ok(Published::Moved) | Err(_) => {
                if self.staging.exists() {
                    let _ = fs::remove_dir_all(&self.staging);
                }
            }
        }
        result.map(drop).map_err(|e| write_err(&self.dest, e))
    }

    fn publish_locked(&self, owns: &Owns) -> io::Result<Published> {
        if self.beside {
            match fs::symlink_metadata(&self.target) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    return fs::rename(&self.staging, &self.target).map(|()| Published::Moved);
                }
                Ok(_)
                    if holds_only(&self.target, owns)? && exchange(&self.staging, &self.target) =>
                {
                    return Ok(Published::Swapped);
                }
                _ => {}
            }
        }
        self.publish_files(owns).map(|()| Published::Moved)
    }

    /// After a swap the staging directory holds the earlier set: removes what belongs to it
    /// and moves back anything else (a file someone put in the destination meanwhile).
    fn remove_earlier_set(&self, owns: &Owns) {
        let Ok(found) = entries(&self.staging, None) else {
            return;
        };
        for (rel, dir) in found.iter().filter(|(_, dir)| !dir) {
            let (from, to) = (self.staging.join(rel), self.target.join(rel));
            if owns(rel, *dir) {
                let _ = fs::remove_file(&from);
            } else if fs::create_dir_all(parent(&to)).is_ok() && !to.exists() {
                let _ = fs::rename(&from, &to);
            }
        }
        for (rel, _) in found.iter().rev().filter(|(_, dir)| *dir) {
            let _ = fs::remove_dir(self.staging.join(rel));
        }
        // Fails, keeping it, if something could not be moved back.
        let _ = fs::remove_dir(&self.staging);
    }

    /// Moves the earlier set into a backup directory inside the destination, the new files
    /// into place, then removes the backup; undoes every step on failure.
    fn publish_files(&self, owns: &Owns) -> io::Result<()> {
        let old = entries(&self.target, Some(owns))?;
        let new = entries(&self.staging, None)?;
        let name = self.target.file_name().unwrap_or(OsStr::new("tables"));
        let (backup, ()) = create_temp(&self.target, name, "old", |p| fs::create_dir(p))?;
        let mut undo = Undo::default();
        let result = (|| {
            for (rel, _) in old.iter().filter(|(_, dir)| !dir) {
                let to = backup.join(rel);
                fs::create_dir_all(parent(&to))?;
                fs::rename(self.target.join(rel), &to)?;
                undo.moved.push((to, self.target.join(rel)));
            }
            for (rel, dir) in &new {
                let to = self.target.join(rel);
                if *dir {
                    if !to.is_dir() {
                        fs::create_dir(&to)?;
                        undo.made.push(to);
                    }
                } else {
                    fs::rename(self.staging.join(rel), &to)?;
                    undo.moved.push((to, self.staging.join(rel)));
                }
            }
            Ok(())
        })();
        match result {
            Ok(()) => {
                undo.moved.clear();
                undo.made.clear();
                fs::remove_dir_all(&backup)
            }
            Err(e) => {
                if undo.roll_back() {
                    let _ = fs::remove_dir_all(&backup);
                }
                Err(e)
            }
        }
    }
}

/// How a publish went.
#[derive(Clone, Copy)]
enum Published {
    /// The staging directory was swapped with the destination: it holds the earlier set.
    Swapped,
    /// The new files were moved into place (or the staging directory became the destination).
    Moved,
}

impl Drop for StagedDir {
    fn drop(&mut self) {
        let mut registry = temporaries();
        if registry.paths.remove(&self.staging).is_some() {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// The steps of a publish, to undo in reverse.
#[derive(Default)]
struct Undo {
    /// Files moved: (where it is now, where it was).
    moved: Vec<(PathBuf, PathBuf)>,
    /// Directories made.
    made: Vec<PathBuf>,
}

impl Undo {
    /// Whether every step was undone.
    fn roll_back(&mut self) -> bool {
        let mut whole = true;
        for (now, was) in self.moved.drain(..).rev() {
            whole &= fs::rename(&now, &was).is_ok();
        }
        for dir in self.made.drain(..).rev() {
            let _ = fs::remove_dir(&dir);
        }
        whole
    }
}

/// The entries under `dir`, relative to it, directories before their contents; only those
/// `owns` accepts (and only inside directories it accepts) when given. An explicit stack:
/// the depth is whatever is on disk.
fn entries(dir: &Path, owns: Option<&Owns>) -> io::Result<Vec<(PathBuf, bool)>> {
    let mut out = Vec::new();
    let mut todo = vec![PathBuf::new()];
    while let Some(rel) = todo.pop() {
        for entry in fs::read_dir(dir.join(&rel))? {
            let entry = entry?;
            let path = rel.join(entry.file_name());
            let is_dir = entry.file_type()?.is_dir();
            if owns.is_some_and(|owns| !owns(&path, is_dir)) {
                continue;
            }
            if is_dir {
                todo.push(path.clone());
            }
            out.push((path, is_dir));
        }
    }
    out.sort();
    Ok(out)
}

/// Whether everything under `dir` belongs to an earlier set.
fn holds_only(dir: &Path, owns: &Owns) -> io::Result<bool> {
    Ok(entries(dir, None)?
        .iter()
        .all(|(rel, is_dir)| owns(rel, *is_dir)))
}

/// Swaps two directories in one step; false where the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The names in a directory, sorted (shared with the parquet tests).
    pub(crate) fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn is_temp(name: &str) -> bool {
        name.starts_with('.') && name.contains(&format!(".tmp-{}-", std::process::id()))
    }

    #[test]
    fn final_name_appears_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.jsonl");
        let mut f = AtomicFile::create(&dest).unwrap();
        f.write_all(b"{}\n").unwrap();
        f.flush().unwrap();
        let listed = names(dir.path());
        assert_eq!(listed.len(), 1);
        assert!(is_temp(&listed[0]) && listed[0].starts_with(".out.jsonl.tmp-"));
        assert_eq!(fs::read(dir.path().join(&listed[0])).unwrap(), b"{}\n");
        f.finish().unwrap();
        assert_eq!(names(dir.path()), ["out.jsonl"]);
        assert_eq!(fs::read(&dest).unwrap(), b"{}\n");
    }

    #[test]
    fn two_writers_of_one_name_get_their_own_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("t.csv");
        let mut a = AtomicFile::create(&dest).unwrap();
        let mut b = AtomicFile::create(&dest).unwrap();
        a.write_all(b"a").unwrap();
        b.write_all(b"b").unwrap();
        assert_eq!(names(dir.path()).len(), 2);
        a.finish().unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"a");
        b.finish().unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"b", "whole files, never a mix");
    }

    #[test]
    fn a_directory_is_refused_up_front() {
        let dir = tempfile::tempdir().unwrap();
        let e = AtomicFile::create(dir.path()).err().unwrap();
        assert!(e.to_string().ends_with("is a directory"), "{e}");
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn failed_rename_removes_the_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.csv");
        let mut f = AtomicFile::create(&dest).unwrap();
        f.write_all(b"a,b\n").unwrap();
        // A non-empty directory where the file should go: the rename fails.
        fs::create_dir(&dest).unwrap();
        fs::write(dest.join("keep"), "x").unwrap();
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
        fs::write(&a, "old").unwrap();
        let mut fa = AtomicFile::create(&a).unwrap();
        fa.write_all(b"new a").unwrap();
        let mut fb = AtomicFile::create(&b).unwrap();
        fb.write_all(b"new b").unwrap();
        let (fa, fb) = (fa.complete().unwrap(), fb.complete().unwrap());
        assert_eq!(fs::read(&a).unwrap(), b"old");
        assert!(!b.exists());
        fa.rename().unwrap();
        drop(fb);
        assert_eq!(fs::read(&a).unwrap(), b"new a");
        assert_eq!(names(dir.path()), ["a"]);
    }

    #[test]
    fn abandoned_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("t.csv");
        let mut f = AtomicFile::create(&dest).unwrap();
        f.write_all(b"partial").unwrap();
        drop(f);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_link_to_a_file_replaces_the_target_and_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real_dir = dir.path().join("real");
        fs::create_dir(&real_dir).unwrap();
        let target = real_dir.join("records.jsonl");
        fs::write(&target, "old").unwrap();
        let link = dir.path().join("out.jsonl");
        std::os::unix::fs::symlink("real/records.jsonl", &link).unwrap();
        let mut f = AtomicFile::create(&link).unwrap();
        f.write_all(b"new").unwrap();
        assert_eq!(
            names(&real_dir).len(),
            2,
            "the temporary file is beside the target"
        );
        f.finish().unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(names(&real_dir), ["records.jsonl"]);
        // A dangling link: the file is made where it points.
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink("real/fresh.jsonl", &dangling).unwrap();
        let mut f = AtomicFile::create(&dangling).unwrap();
        f.write_all(b"x").unwrap();
        f.finish().unwrap();
        assert_eq!(fs::read(real_dir.join("fresh.jsonl")).unwrap(), b"x");
        assert!(fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink());
    }

    #[test]
    fn places_of_devices_and_descriptor_links() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|st| st.success()));
        assert_eq!(place(&fifo).unwrap(), Place::Direct { append: false });
        fs::remove_file(&fifo).unwrap();
        let file = dir.path().join("f");
        let mut open = File::create(&file).unwrap();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&open);
        let via_proc = PathBuf::from(format!("/proc/self/fd/{fd}"));
        if via_proc.exists() {
            assert_eq!(place(&via_proc).unwrap(), Place::Direct { append: true });
            let mut f = AtomicFile::create(&via_proc).unwrap();
            open.write_all(b"shell ").unwrap();
            f.write_all(b"ours").unwrap();
            f.finish().unwrap();
            assert_eq!(fs::read(&file).unwrap(), b"shell ours");
            assert_eq!(names(dir.path()), ["f"]);
        } else {
            println!("skipped the /proc part: no /proc/self/fd here");
        }
    }

    fn owns_csv(rel: &Path, dir: bool) -> bool {
        !dir && rel.extension().is_some_and(|e| e == "csv")
    }

    fn owns_parts(rel: &Path, dir: bool) -> bool {
        let name = rel.file_name().unwrap().to_string_lossy();
        match rel.components().count() {
            1 => dir && name.starts_with('t'),
            2 => !dir && name.starts_with("part-"),
            _ => false,
        }
    }

    fn stage(dest: &Path, files: &[(&str, &str)]) -> StagedDir {
        let staged = StagedDir::create(dest).unwrap();
        for (rel, text) in files {
            let path = staged.path().join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        staged
    }

    /// Every file under `dir`, relative, with its contents.
    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = entries(dir, None)
            .unwrap()
            .into_iter()
            .filter(|(_, d)| !d)
            .map(|(rel, _)| {
                let text = fs::read_to_string(dir.join(&rel)).unwrap();
                (rel.to_string_lossy().into_owned(), text)
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_new_set_appears_whole_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("tables");
        let staged = stage(&dest, &[("a.csv", "1"), ("b.csv", "2")]);
        assert_eq!(names(dir.path()).len(), 1, "only the staging directory");
        assert!(!dest.exists());
        staged.publish(&owns_csv).unwrap();
        assert_eq!(names(dir.path()), ["tables"]);
        assert_eq!(
            tree(&dest),
            [("a.csv".into(), "1".into()), ("b.csv".into(), "2".into())]
        );
        // A second run over a directory of only our tables swaps the whole set.
        let staged = stage(&dest, &[("a.csv", "3")]);
        staged.publish(&owns_csv).unwrap();
        assert_eq!(names(dir.path()), ["tables"]);
        assert_eq!(tree(&dest), [("a.csv".into(), "3".into())]);
    }

    #[test]
    fn other_files_in_the_directory_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("tables");
        fs::create_dir_all(dest.join("trials")).unwrap();
        fs::write(dest.join("notes.txt"), "mine").unwrap();
        fs::write(dest.join("trials/part-00000.parquet"), "old 0").unwrap();
        fs::write(dest.join("trials/part-00001.parquet"), "old 1").unwrap();
        fs::write(dest.join("trials/_SUCCESS"), "").unwrap();
        let staged = stage(&dest, &[("trials/part-00000.parquet", "new 0")]);
        staged.publish(&owns_parts).unwrap();
        assert_eq!(
            tree(&dest),
            [
                ("notes.txt".into(), "mine".into()),
                ("trials/_SUCCESS".into(), "".into()),
                ("trials/part-00000.parquet".into(), "new 0".into()),
            ]
        );
        assert_eq!(names(dir.path()), ["tables"]);
        assert_eq!(names(&dest), ["notes.txt", "trials"]);
    }

    #[test]
    fn a_failed_publish_leaves_the_earlier_set_whole() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("tables");
        fs::create_dir(&dest).unwrap();
        fs::write(dest.join("a.csv"), "old a").unwrap();
        fs::write(dest.join("b.csv"), "old b").unwrap();
        // Not ours, and in the way of the last file: its rename fails.
        fs::create_dir(dest.join("c.csv")).unwrap();
        fs::write(dest.join("c.csv/keep"), "mine").unwrap();
        let before = tree(&dest);
        let staged = stage(
            &dest,
            &[("a.csv", "new a"), ("b.csv", "new b"), ("c.csv", "new c")],
        );
        let e = staged.publish(&owns_csv).unwrap_err();
        assert!(e.to_string().starts_with(&*dest.to_string_lossy()), "{e}");
        assert_eq!(tree(&dest), before);
        assert_eq!(names(dir.path()), ["tables"]);
        assert_eq!(names(&dest), ["a.csv", "b.csv", "c.csv"]);
    }
}
