//! What the first bytes of an input are: an archive, a compressed stream, JSON, or a page.
//!
//! Only magic numbers are trusted, never a file name: users rename downloads, and
//! `ctg-studies.json.zip` unpacked is a folder of `.json` files.

/// How many leading bytes [`sniff`] wants (a tar header's magic sits at 257).
pub const HEAD: usize = 512;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Zip,
    Gzip,
    Tar,
    /// A compression we do not read, with its name for the message.
    Unsupported(&'static str),
    /// Starts like a JSON value that may hold several studies (`[` or `{`, after a BOM and
    /// whitespace, followed by what JSON allows next).
    Json,
    /// Anything else: one page.
    Page,
}

/// Magic numbers of formats we recognise but do not read.
const UNSUPPORTED: &[(&[u8], &str)] = &[
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"Rar!\x1a\x07", "RAR"),
];

/// Classify an input by its first bytes (at least [`HEAD`] of them when it has that many).
pub fn sniff(head: &[u8]) -> Kind {
    // An empty zip holds only its end record.
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Kind::Zip;
    }
    if head.starts_with(b"\x1f\x8b") {
        return Kind::Gzip;
    }
    if head.get(257..262) == Some(b"ustar") {
        return Kind::Tar;
    }
    if let Some((_, name)) = UNSUPPORTED.iter().find(|(m, _)| head.starts_with(m)) {
        return Kind::Unsupported(name);
    }
    if looks_like_json(head) {
        return Kind::Json;
    }
    Kind::Page
}

/// `[` or `{` and then a byte JSON allows there. Prose such as "[Inclusion]" or "{see below}"
/// is a page.
fn looks_like_json(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut it = head.iter().copied().filter(|b| !b.is_ascii_whitespace());
    match (it.next(), it.next()) {
        (Some(b'{'), Some(b'"' | b'}')) => true,
        (Some(b'['), Some(next)) => matches!(
            next,
            b'{' | b'[' | b']' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'
        ),
        // Only the opener fits in the head: let the reader look further.
        (Some(b'{' | b'['), None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Kind::Zip);
        assert_eq!(sniff(b"PK\x05\x06\0\0"), Kind::Zip);
        assert_eq!(sniff(b"\x1f\x8b\x08\0"), Kind::Gzip);
        let mut tar = vec![0u8; 512];
        tar[257..263].copy_from_slice(b"ustar\0");
        assert_eq!(sniff(&tar), Kind::Tar);
        assert_eq!(sniff(b"BZh91AY"), Kind::Unsupported("bzip2"));
        assert_eq!(sniff(b"\x28\xb5\x2f\xfd\0"), Kind::Unsupported("zstd"));
    }

    #[test]
    fn json_starts_and_pages() {
        for json in [
            "[{\"a\": 1}]",
            "\u{feff}\n  [\n  {",
            "{\"studies\": []}",
            "{}",
            "[]",
            "[1, 2]",
            "{",
        ] {
            assert_eq!(sniff(json.as_bytes()), Kind::Json, "{json:?}");
        }
        for page in [
            "[Inclusion criteria]",
            "{see below}",
            "Quick facts",
            "<clinical_study>",
            "",
            "   ",
        ] {
            assert_eq!(sniff(page.as_bytes()), Kind::Page, "{page:?}");
        }
    }
}
