//! Where records go: JSON Lines (the default) or flat tables as CSV or Parquet.
//!
//! Every output is a [`Sink`]: `encode` runs on worker threads (serialising is as much work
//! as parsing, so it is done in parallel), `write` runs on one thread in input order.
//! Files are written through [`AtomicFile`] and table sets through a staging directory
//! ([`atomic::StagedDir`]), so an interrupted run never leaves a half-written file under its
//! final name; [`check_targets`] refuses, before anything is written, outputs that would
//! overwrite each other or an input.

pub mod arrow;
pub mod atomic;
pub mod csv;
pub mod jsonl;
pub mod parquet;
pub mod tables;

pub use atomic::AtomicFile;

use crate::error::BatchError;
use crate::record::Record;
use std::path::{Component, Path, PathBuf};
use tables::TableFormat;

/// An output for records, written in input order.
pub trait Sink: Sync {
    /// A record turned into what this sink writes; built in parallel.
    type Encoded: Send;

    /// Takes the record: a sink may keep it to write later (see [`jsonl::Line`]).
    fn encode(&self, record: Record) -> Self::Encoded;

    fn write(&mut self, encoded: Self::Encoded) -> Result<(), BatchError>;

    /// Completes the output (flush, footer, rename into place).
    fn finish(self) -> Result<(), BatchError>;
}

/// JSON Lines, tables, or both in one pass.
pub struct Outputs {
    pub jsonl: Option<jsonl::JsonlSink>,
    pub tables: Option<tables::TableSink>,
}

impl Sink for Outputs {
    type Encoded = (Option<jsonl::Line>, Option<tables::Rows>);

    fn encode(&self, record: Record) -> Self::Encoded {
        let rows = self.tables.as_ref().map(|_| tables::rows(&record));
        (self.jsonl.as_ref().map(|s| s.encode(record)), rows)
    }

    fn write(&mut self, (json, rows): Self::Encoded) -> Result<(), BatchError> {
        if let (Some(sink), Some(json)) = (self.jsonl.as_mut(), json) {
            sink.write(json)?;
        }
        if let (Some(sink), Some(rows)) = (self.tables.as_mut(), rows) {
            sink.write(rows)?;
        }
        Ok(())
    }

    fn finish(self) -> Result<(), BatchError> {
        if let Some(sink) = self.jsonl {
            sink.finish()?;
        }
        if let Some(sink) = self.tables {
            sink.finish()?;
        }
        Ok(())
    }
}

/// Outputs of one run that are one file, or an output that is an input.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Clash {
    #[error("-o {output} is one of the tables that --to {kind} {dir} writes")]
    OutputIsTable {
        output: String,
        kind: &'static str,
        dir: String,
    },
    #[error("-o {output} is also an input: the records would replace it")]
    OutputIsInput { output: String },
    #[error(
        "input {input} is one of the tables that --to {kind} {dir} writes: it would be replaced"
    )]
    InputIsTable {
        input: String,
        kind: &'static str,
        dir: String,
    },
}

/// Refuses a run whose JSON Lines file is one of its tables, or whose outputs would replace
/// one of its `inputs` (files named on the command line, or the `--input-jsonl` file). Paths
/// are compared where they really are: links followed, `..` and `.` resolved, hard links
/// seen as one file.
pub fn check_targets(
    jsonl: Option<&Path>,
    tables: Option<(TableFormat, &Path)>,
    inputs: &[&Path],
) -> Result<(), Clash> {
    let show = |p: &Path| p.to_string_lossy().into_owned();
    let table_of = |p: &Path| {
        let (kind, dir) = tables?;
        let rel = real_path(p)?
            .strip_prefix(real_path(dir)?)
            .ok()?
            .to_path_buf();
        kind.owns(&rel, false).then_some((kind.name(), show(dir)))
    };
    if let Some(out) = jsonl {
        if let Some((kind, dir)) = table_of(out) {
            return Err(Clash::OutputIsTable {
                output: show(out),
                kind,
                dir,
            });
        }
        if inputs.iter().any(|i| same_file(i, out)) {
            return Err(Clash::OutputIsInput { output: show(out) });
        }
    }
    for input in inputs {
        if let Some((kind, dir)) = table_of(input) {
            return Err(Clash::InputIsTable {
                input: show(input),
                kind,
                dir,
            });
        }
    }
    Ok(())
}

/// Where `path` really is: links followed and `.`, `..` resolved in the part that exists,
/// the rest (not there yet) appended.
fn real_path(path: &Path) -> Option<PathBuf> {
    real_path_within(path, 40)
}

/// [`real_path`], following at most `links` dangling links (a loop of them ends).
fn real_path_within(path: &Path, links: usize) -> Option<PathBuf> {
    let mut base = path;
    let mut rest = Vec::new();
    loop {
        if let Ok(mut real) = std::fs::canonicalize(if base.as_os_str().is_empty() {
            Path::new(".")
        } else {
            base
        }) {
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        real.pop();
                    }
                    Component::CurDir => {}
                    other => real.push(other),
                }
            }
            return Some(real);
        }
        // A dangling link: where it points.
        if let Ok(target) = std::fs::read_link(base) {
            let target = base.parent().map_or(target.clone(), |up| up.join(&target));
            let mut resolved = real_path_within(&target, links.checked_sub(1)?)?;
            for part in rest.iter().rev() {
                resolved.push(part);
            }
            return Some(resolved);
        }
        let mut parts = base.components();
        rest.push(parts.next_back()?);
        base = parts.as_path();
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    real_path(a).is_some_and(|a| real_path(b) == Some(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clashing_targets_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let tables = d.join("tables");
        std::fs::create_dir(&tables).unwrap();
        std::fs::create_dir(tables.join("trials")).unwrap();
        std::os::unix::fs::symlink("loop", d.join("loop")).unwrap();
        assert_eq!(check_targets(Some(&d.join("loop")), None, &[]), Ok(()));
        let page = d.join("page.txt");
        std::fs::write(&page, "x").unwrap();
        std::os::unix::fs::symlink("page.txt", d.join("link.txt")).unwrap();
        std::fs::hard_link(&page, d.join("hard.txt")).unwrap();
        let csv = Some((TableFormat::Csv, tables.as_path()));
        let parquet = Some((TableFormat::Parquet, tables.as_path()));
        let refused =
            |out: &Path, t, inputs: &[&Path]| check_targets(Some(out), t, inputs).is_err();
        assert!(refused(&tables.join("trials.csv"), csv, &[]));
        assert!(refused(
            &d.join("tables/../tables/./criteria.csv"),
            csv,
            &[]
        ));
        assert!(refused(
            &tables.join("trials/part-00003.parquet"),
            parquet,
            &[]
        ));
        assert!(refused(&page, None, &[&page]));
        assert!(refused(&d.join("link.txt"), None, &[&page]));
        assert!(refused(&d.join("hard.txt"), None, &[&page]));
        let e = check_targets(None, csv, &[&tables.join("warnings.csv")]).unwrap_err();
        assert!(matches!(e, Clash::InputIsTable { .. }), "{e}");
        // Beside the tables, or not a table name: fine.
        for out in [
            "tables/records.jsonl",
            "tables/trials.parquet",
            "records.jsonl",
        ] {
            assert_eq!(
                check_targets(Some(&d.join(out)), csv, &[&page]),
                Ok(()),
                "{out}"
            );
        }
        assert_eq!(
            check_targets(Some(&tables.join("trials.csv")), parquet, &[]),
            Ok(())
        );
    }
}
