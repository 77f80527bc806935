//! Which bytes a record's spans index: the one place that knows.
//!
//! An input may hold many records (an archive's members, a JSON container's studies); each
//! record's spans count in its document's bytes from the document's `base` offset (a study's
//! offset in its container, 0 for a file or an archive member). `show` reads its inputs
//! through [`each`], and `diff --html` finds a record again by its path through [`find`].

use crate::batch::{self, Input, Unit};
use crate::read::{self, path};
use crate::record::Record;
use std::ops::ControlFlow;

/// A record with the bytes its spans index (empty for a record that has no document: an
/// input that could not be read).
pub struct Shown {
    pub record: Record,
    pub bytes: Vec<u8>,
    /// Offset of `bytes[0]` in the input the spans count in.
    pub base: usize,
}

impl From<Unit> for Shown {
    fn from(unit: Unit) -> Shown {
        match unit {
            Unit::Document(doc) => Shown {
                record: crate::page::parse_document(&doc),
                bytes: doc.bytes,
                base: doc.base,
            },
            Unit::Record(record) => Shown {
                record: *record,
                bytes: Vec::new(),
                base: 0,
            },
        }
    }
}

/// Every record `input` holds, parsed, with its bytes, in order; `f` returns `Break` to
/// stop early.
pub fn each(input: Input, options: &read::Options, f: &mut dyn FnMut(Shown) -> ControlFlow<()>) {
    batch::for_each_unit(input, options, &mut |unit| f(Shown::from(unit)));
}

/// The units `input` holds, unparsed, in order (`show --batch` parses them on workers).
pub fn units(input: Input, options: &read::Options, f: &mut dyn FnMut(Unit) -> ControlFlow<()>) {
    batch::for_each_unit(input, options, f);
}

/// The record a run gave under `record_path`, read again from the file the path names (the
/// path itself, or the part before a member `!` or element `#` suffix).
pub fn find(record_path: &str, options: &read::Options) -> Result<Shown, String> {
    let file = file_of(record_path)
        .ok_or_else(|| format!("{record_path}: no file of that name to read the page from"))?;
    let mut found = None;
    let input = Input::File {
        path: path::from_os(&file),
        fs_path: file.into(),
        explicit: true,
    };
    units(input, options, &mut |unit| {
        if unit.path() == record_path {
            found = Some(unit);
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    found
        .map(Shown::from)
        .ok_or_else(|| format!("{record_path}: not found in the file it names"))
}

/// The file a record path names: the whole path when it is a file, else its shortest prefix
/// ending before a `!` or `#` that is one.
fn file_of(record_path: &str) -> Option<std::ffi::OsString> {
    let cuts = record_path
        .match_indices(['!', '#'])
        .map(|(i, _)| i)
        .chain([record_path.len()]);
    let mut cuts: Vec<usize> = cuts.collect();
    cuts.rotate_right(1);
    cuts.into_iter().find_map(|i| {
        let os = os_path(&record_path[..i])?;
        std::fs::metadata(&os)
            .is_ok_and(|m| m.is_file())
            .then_some(os)
    })
}

/// The OS path a record path's file part stands for (see `read::path`).
fn os_path(record_path: &str) -> Option<std::ffi::OsString> {
    let bytes = path::unescape(record_path)?;
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        String::from_utf8(bytes).ok().map(Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_found_again_in_its_container() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.json");
        let study = |id: &str| {
            format!(
                r#"{{"protocolSection":{{"identificationModule":{{"nctId":"{id}","briefTitle":"T"}}}}}}"#
            )
        };
        std::fs::write(
            &page,
            format!(
                r#"{{"studies":[{},{}]}}"#,
                study("NCT00000001"),
                study("NCT00000002")
            ),
        )
        .unwrap();
        let name = page.to_string_lossy().into_owned();
        let options = read::Options::default();
        let second = format!("{name}#/studies/1");
        let shown = find(&second, &options).unwrap();
        assert_eq!(shown.record.path, second);
        assert_eq!(shown.record.nct_id.as_deref(), Some("NCT00000002"));
        // Spans count in the container: the id's span reads as the id there.
        let span = shown.record.field_spans["nct_id"];
        let whole = std::fs::read(&page).unwrap();
        assert_eq!(&whole[span.start..span.end], b"NCT00000002");
        assert_eq!(
            &shown.bytes[span.start - shown.base..span.end - shown.base],
            b"NCT00000002"
        );
        assert!(find(&format!("{name}#/studies/7"), &options).is_err());
        assert!(find("no/such/file.json#/3", &options).is_err());
    }
}
