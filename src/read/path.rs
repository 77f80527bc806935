//! Record paths: where a record came from, as one lossless string.
//!
//! A file's record path is its OS path as given or as listed by a walk. On Unix a file name is
//! any bytes, so the string form escapes what UTF-8 cannot hold: each byte of an invalid UTF-8
//! sequence becomes `\xNN` (two lower-case hex digits) and a literal backslash becomes `\\`.
//! Every other character stands for itself, so ordinary names are unchanged, and two different
//! names never give the same string ([`unescape`] gives the bytes back).
//!
//! Inside an input, a suffix names the part: `!member/path` for an archive member (escaped the
//! same way, zip names in the legacy code page included: their bytes are kept, not guessed),
//! `#/3` or `#/studies/3` for a container element (a JSON Pointer, RFC 6901), `#L7` for the
//! value starting on line 7 of a JSON Lines file.

use std::ffi::OsStr;
use std::fmt::Write;

/// The record path of an OS path (see the module docs for the escaping).
pub fn from_os(path: &OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        escape_bytes(path.as_bytes())
    }
    #[cfg(not(unix))]
    {
        // Windows names are UTF-16; only an unpaired surrogate is lost here.
        path.to_string_lossy().into_owned()
    }
}

/// Bytes as a record path: UTF-8 runs as they are (backslashes doubled), other bytes `\xNN`.
pub fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        if valid.contains('\\') {
            out.push_str(&valid.replace('\\', "\\\\"));
        } else {
            out.push_str(valid);
        }
        for b in chunk.invalid() {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out
}

/// The bytes a record path stands for (the inverse of [`escape_bytes`]); `None` for a string
/// that no path escapes to (a lone backslash, a bad `\x`).
pub fn unescape(path: &str) -> Option<Vec<u8>> {
    let b = path.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        match b.get(i + 1) {
            Some(b'\\') => {
                out.push(b'\\');
                i += 2;
            }
            Some(b'x') => {
                // Exactly two hex digits (`from_str_radix` alone would take `+f`).
                let hex = path.get(i + 2..i + 4)?;
                if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 4;
            }
            _ => return None,
        }
    }
    Some(out)
}

/// `archive!member`: the record path of an archive member.
pub fn member(archive: &str, name: &[u8]) -> String {
    format!("{archive}!{}", escape_bytes(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_names_are_unchanged() {
        for p in [
            "corpus/a.txt",
            "dir with space/NCT1.json",
            "é/ß.html",
            "C#-notes!.txt",
        ] {
            assert_eq!(escape_bytes(p.as_bytes()), p);
            assert_eq!(unescape(p).unwrap(), p.as_bytes());
        }
    }

    #[test]
    fn invalid_bytes_and_backslashes_escape_losslessly() {
        let cases: [(&[u8], &str); 4] = [
            (b"a\xffb", "a\\xffb"),
            (b"\xc3", "\\xc3"),
            (b"a\\b", "a\\\\b"),
            (b"a\\xffb", "a\\\\xffb"),
        ];
        for (bytes, want) in cases {
            assert_eq!(escape_bytes(bytes), want);
            assert_eq!(unescape(want).unwrap(), bytes);
        }
        // The two names that lossy decoding collapses stay apart.
        assert_ne!(escape_bytes(b"x\xff"), escape_bytes(b"x\xfe"));
        assert_ne!(escape_bytes(b"x\xff"), escape_bytes("x\u{fffd}".as_bytes()));
    }

    #[test]
    fn strings_no_path_gives_are_refused() {
        for bad in ["a\\", "a\\q", "a\\xz1", "a\\x1", "a\\x+f"] {
            assert_eq!(unescape(bad), None, "{bad}");
        }
    }

    #[test]
    fn members_join_with_a_bang() {
        assert_eq!(member("a.zip", b"d/NCT1.xml"), "a.zip!d/NCT1.xml");
        assert_eq!(member("a.zip", b"d/\x81.xml"), "a.zip!d/\\x81.xml");
    }

    #[cfg(unix)]
    #[test]
    fn os_paths_keep_their_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let p = OsStr::from_bytes(b"dir/\xe9t\xe9.txt");
        assert_eq!(from_os(p), "dir/\\xe9t\\xe9.txt");
    }
}
