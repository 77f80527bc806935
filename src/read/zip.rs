//! Zip archives, read member by member in archive order without unpacking to disk.
//!
//! The central directory is read as a stream, one entry at a time, so memory does not grow
//! with the number of members: the registry's `AllPublicXML.zip` holds some 500 000. (The
//! `zip` crate holds the whole directory in memory, about 220 bytes a member — 100 MB for
//! that archive — which is why this module exists.) For each member the producer reads only
//! its raw, still-compressed bytes; workers inflate them ([`inflate`]) and check the CRC, so
//! decompression runs in parallel.
//!
//! What is read: stored and deflated members, zip64, archives with data prepended
//! (self-extracting), and archives cut short (a truncated download has no central directory:
//! its members are then found by their local headers, in file order, up to the cut or to the
//! first member whose local header does not give its size). What is refused, per member, with a message: encryption and other
//! compression methods. Sizes are checked before anything is allocated: a member that says
//! it inflates past the cap, or that inflates past what it says, is an error (a zip bomb),
//! as is a member whose data overlaps the previous one (the overlapping-files bomb).

use std::io::{self, Read, Seek, SeekFrom};

const EOCD_SIG: u32 = 0x0605_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
const ZIP64_EOCD_SIG: u32 = 0x0606_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const LOCAL_SIG: u32 = 0x0403_4b50;
const EOCD_LEN: u64 = 22;
/// The end record sits in the last 22 bytes plus a comment of at most 64 KiB.
const EOCD_SEARCH: u64 = EOCD_LEN + 0xFFFF;

/// Why an archive, or one member, cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ZipError {
    #[error("not a complete zip archive: no end-of-central-directory record (truncated?)")]
    NoEnd,
    #[error("corrupt zip archive: {0}")]
    Corrupt(String),
    #[error("zip archive: {0}")]
    Io(#[from] io::Error),
}

/// How a member's data is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Stored,
    Deflated,
    /// Another method, by number; the member is refused with its name.
    Other(u16),
}

impl Method {
    fn from_code(code: u16) -> Method {
        match code {
            0 => Method::Stored,
            8 => Method::Deflated,
            n => Method::Other(n),
        }
    }

    /// Name of a method we do not read, for messages.
    pub fn name(self) -> String {
        match self {
            Method::Stored => "stored".into(),
            Method::Deflated => "deflate".into(),
            Method::Other(9) => "deflate64".into(),
            Method::Other(12) => "bzip2".into(),
            Method::Other(14) => "LZMA".into(),
            Method::Other(93) => "zstd".into(),
            Method::Other(95) => "xz".into(),
            Method::Other(99) => "AES encryption".into(),
            Method::Other(n) => format!("method {n}"),
        }
    }
}

/// One central-directory entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The name as stored (UTF-8, or the legacy code page when the UTF-8 flag is not set:
    /// kept as bytes, escaped in record paths).
    pub name: Vec<u8>,
    pub method: Method,
    pub encrypted: bool,
    pub crc: u32,
    pub compressed: u64,
    pub size: u64,
    /// Offset of the member's local header (after the archive's prefix shift).
    pub header: u64,
}

impl Entry {
    pub fn is_dir(&self) -> bool {
        self.name.ends_with(b"/")
    }
}

/// Iterates the central directory of a zip archive, then reads members' raw bytes.
pub struct ZipReader<R> {
    /// Reads the central directory, sequentially.
    dir: io::BufReader<R>,
    /// Reads member data (a second handle on the same archive).
    data: R,
    remaining: u64,
    /// Bytes of data before the archive proper (self-extracting archives).
    shift: u64,
    /// Data range of the previous member, to spot overlapping members.
    previous: Option<(u64, u64)>,
    /// No central directory: members come from their local headers.
    local: Option<LocalScan>,
}

/// Where a scan of local headers is, and why it stopped.
struct LocalScan {
    pos: u64,
    len: u64,
    members: u64,
    stopped: Option<String>,
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8).map_or(0, |s| {
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        u64::from_le_bytes(a)
    })
}

fn corrupt(msg: impl Into<String>) -> ZipError {
    ZipError::Corrupt(msg.into())
}

impl<R: Read + Seek> ZipReader<R> {
    /// Opens an archive from two handles on it (one walks the directory, one reads data).
    /// An archive without its end record (cut short) is read from its local headers.
    pub fn new(mut dir: R, mut data: R) -> Result<ZipReader<R>, ZipError> {
        match ZipReader::directory(&mut dir) {
            Ok((entries, shift)) => Ok(ZipReader {
                dir: io::BufReader::with_capacity(1 << 16, dir),
                data,
                remaining: entries,
                shift,
                previous: None,
                local: None,
            }),
            Err(ZipError::NoEnd) => {
                let len = data.seek(SeekFrom::End(0))?;
                Ok(ZipReader {
                    dir: io::BufReader::with_capacity(1 << 16, dir),
                    data,
                    remaining: 0,
                    shift: 0,
                    previous: None,
                    local: Some(LocalScan {
                        pos: 0,
                        len,
                        members: 0,
                        stopped: None,
                    }),
                })
            }
            Err(e) => Err(e),
        }
    }

    /// For an archive read from its local headers: why the rest of it could not be read.
    pub fn truncation(&self) -> Option<String> {
        let scan = self.local.as_ref()?;
        let why = scan.stopped.as_deref().unwrap_or("the archive ends");
        Some(format!(
            "not a complete zip archive (no central directory: truncated?); {} member(s) read \
             from their local headers, then {why}; the rest is not read",
            scan.members
        ))
    }

    /// Finds the central directory: its number of entries and the prefix shift; leaves
    /// `dir` at its first entry.
    fn directory(dir: &mut R) -> Result<(u64, u64), ZipError> {
        let len = dir.seek(SeekFrom::End(0))?;
        let search = len.min(EOCD_SEARCH);
        dir.seek(SeekFrom::Start(len - search))?;
        let mut tail = vec![0u8; search as usize];
        dir.read_exact(&mut tail)?;
        // The last end record whose comment length reaches exactly the end of the file, else
        // the last one at all (some writers get the comment length wrong).
        let candidates: Vec<usize> = (0..tail.len().saturating_sub(EOCD_LEN as usize - 1))
            .rev()
            .filter(|&i| u32_at(&tail, i) == EOCD_SIG)
            .collect();
        let at = candidates
            .iter()
            .copied()
            .find(|&i| i + EOCD_LEN as usize + usize::from(u16_at(&tail, i + 20)) == tail.len())
            .or_else(|| candidates.first().copied())
            .ok_or(ZipError::NoEnd)?;
        let eocd_pos = len - search + at as u64;
        let e = &tail[at..];
        let mut entries = u64::from(u16_at(e, 10));
        let mut cd_size = u64::from(u32_at(e, 12));
        let mut cd_offset = u64::from(u32_at(e, 16));
        let mut cd_end = eocd_pos;
        let zip64 = entries == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF;
        if let Some(loc) = at
            .checked_sub(20)
            .filter(|&l| u32_at(&tail, l) == ZIP64_LOCATOR_SIG)
        {
            let rec_pos = u64_at(&tail, loc + 8);
            dir.seek(SeekFrom::Start(rec_pos))?;
            let mut rec = [0u8; 56];
            match dir.read_exact(&mut rec) {
                Ok(()) if u32_at(&rec, 0) == ZIP64_EOCD_SIG => {
                    entries = u64_at(&rec, 32);
                    cd_size = u64_at(&rec, 40);
                    cd_offset = u64_at(&rec, 48);
                    cd_end = rec_pos;
                }
                _ if zip64 => return Err(corrupt("the zip64 end record is missing")),
                _ => {}
            }
        } else if zip64 {
            return Err(corrupt("zip64 sizes without a zip64 end record"));
        }
        // Data in front of the archive moves every offset by the same amount.
        let shift = cd_end
            .checked_sub(cd_offset.saturating_add(cd_size))
            .ok_or_else(|| corrupt("the central directory runs past the end record"))?;
        dir.seek(SeekFrom::Start(cd_offset + shift))?;
        Ok((entries, shift))
    }

    /// The next central-directory entry, in archive order.
    pub fn next_entry(&mut self) -> Option<Result<Entry, ZipError>> {
        if self.local.is_some() {
            return self.next_local().map(Ok);
        }
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let r = self.read_entry();
        if r.is_err() {
            // A broken directory cannot be walked further.
            self.remaining = 0;
        }
        Some(r)
    }

    fn read_entry(&mut self) -> Result<Entry, ZipError> {
        let mut h = [0u8; 46];
        self.dir
            .read_exact(&mut h)
            .map_err(|_| corrupt("the central directory is cut short"))?;
        if u32_at(&h, 0) != CENTRAL_SIG {
            return Err(corrupt("bad central directory entry"));
        }
        let flags = u16_at(&h, 8);
        let method = Method::from_code(u16_at(&h, 10));
        let crc = u32_at(&h, 16);
        let mut compressed = u64::from(u32_at(&h, 20));
        let mut size = u64::from(u32_at(&h, 24));
        let name_len = usize::from(u16_at(&h, 28));
        let extra_len = usize::from(u16_at(&h, 30));
        let comment_len = usize::from(u16_at(&h, 32));
        let mut header = u64::from(u32_at(&h, 42));
        let mut var = vec![0u8; name_len + extra_len + comment_len];
        self.dir
            .read_exact(&mut var)
            .map_err(|_| corrupt("the central directory is cut short"))?;
        let name = var[..name_len].to_vec();
        // Zip64 extended information: the fields that overflowed, in this order.
        let mut extra = &var[name_len..name_len + extra_len];
        while extra.len() >= 4 {
            let id = u16_at(extra, 0);
            let n = usize::from(u16_at(extra, 2)).min(extra.len() - 4);
            if id == 0x0001 {
                let mut field = &extra[4..4 + n];
                let mut take = |v: &mut u64, full: u64| {
                    if *v == full && field.len() >= 8 {
                        *v = u64_at(field, 0);
                        field = &field[8..];
                    }
                };
                take(&mut size, 0xFFFF_FFFF);
                take(&mut compressed, 0xFFFF_FFFF);
                take(&mut header, 0xFFFF_FFFF);
            }
            extra = &extra[4 + n..];
        }
        Ok(Entry {
            name,
            method,
            encrypted: flags & 1 != 0,
            crc,
            compressed,
            size,
            header: header
                .checked_add(self.shift)
                .ok_or_else(|| corrupt("a member's offset is past the end of any file"))?,
        })
    }

    /// The next member found by its local header (an archive without central directory).
    fn next_local(&mut self) -> Option<Entry> {
        let scan = self.local.as_mut()?;
        if scan.stopped.is_some() {
            return None;
        }
        let stop = |scan: &mut LocalScan, why: &str| {
            scan.stopped = Some(why.to_owned());
            None
        };
        let mut h = [0u8; 30];
        let read = self.data.seek(SeekFrom::Start(scan.pos)).is_ok()
            && self.data.read_exact(&mut h).is_ok();
        if !read {
            return stop(scan, "it is cut inside a local header");
        }
        match u32_at(&h, 0) {
            LOCAL_SIG => {}
            CENTRAL_SIG => return stop(scan, "it is cut inside the central directory"),
            _ => return stop(scan, "no local header follows"),
        }
        let flags = u16_at(&h, 6);
        let name_len = usize::from(u16_at(&h, 26));
        let extra_len = usize::from(u16_at(&h, 28));
        let mut var = vec![0u8; name_len + extra_len];
        if self.data.read_exact(&mut var).is_err() {
            return stop(scan, "it is cut inside a local header");
        }
        if flags & 0x08 != 0 {
            return stop(
                scan,
                "a member whose size only the lost central directory gives (written with a \
                 data descriptor)",
            );
        }
        let mut compressed = u64::from(u32_at(&h, 18));
        let mut size = u64::from(u32_at(&h, 22));
        if compressed == 0xFFFF_FFFF || size == 0xFFFF_FFFF {
            // Zip64: both sizes are in the extra field, uncompressed first.
            let mut extra = &var[name_len..];
            while extra.len() >= 4 {
                let id = u16_at(extra, 0);
                let n = usize::from(u16_at(extra, 2)).min(extra.len() - 4);
                if id == 0x0001 && n >= 16 {
                    size = u64_at(extra, 4);
                    compressed = u64_at(extra, 12);
                }
                extra = &extra[4 + n..];
            }
        }
        let data_start = scan.pos + 30 + (name_len + extra_len) as u64;
        if data_start.saturating_add(compressed) > scan.len {
            return stop(scan, "it is cut inside a member's data");
        }
        let entry = Entry {
            name: var[..name_len].to_vec(),
            method: Method::from_code(u16_at(&h, 8)),
            encrypted: flags & 1 != 0,
            crc: u32_at(&h, 14),
            compressed,
            size,
            header: scan.pos,
        };
        scan.pos = data_start + compressed;
        if !entry.is_dir() {
            scan.members += 1;
        }
        Some(entry)
    }

    /// The raw (still compressed) bytes of `entry`; `cap` bounds what may be read. Errors
    /// are the member's, not the archive's: the next member can still be read.
    pub fn raw(&mut self, entry: &Entry, cap: u64) -> Result<Vec<u8>, String> {
        if entry.encrypted {
            return Err("the member is encrypted; not read".into());
        }
        if let Method::Other(_) = entry.method {
            return Err(format!(
                "the member is compressed with {}, which is not supported; not read",
                entry.method.name()
            ));
        }
        if entry.size > cap || entry.compressed > cap {
            return Err(format!(
                "the member inflates to {} bytes, more than --max-file-size ({cap} bytes); not read",
                entry.size
            ));
        }
        let io = |e: io::Error| format!("cannot read the member: {e}");
        self.data.seek(SeekFrom::Start(entry.header)).map_err(io)?;
        let mut h = [0u8; 30];
        self.data.read_exact(&mut h).map_err(|_| {
            "the member's local header is cut short (truncated archive?)".to_owned()
        })?;
        if u32_at(&h, 0) != LOCAL_SIG {
            return Err("the member's local header is missing (corrupt archive)".into());
        }
        // Offsets come from the archive: a corrupt one must not overflow.
        let past =
            || "the member's offsets run past the end of any file (corrupt archive)".to_owned();
        let start = entry
            .header
            .checked_add(30 + u64::from(u16_at(&h, 26)) + u64::from(u16_at(&h, 28)))
            .ok_or_else(past)?;
        let end = start.checked_add(entry.compressed).ok_or_else(past)?;
        if let Some((p_start, p_end)) = self.previous {
            if entry.header >= p_start && entry.header < p_end {
                return Err(
                    "the member overlaps the previous one (an overlapping-files zip bomb?); not read"
                        .into(),
                );
            }
        }
        self.previous = Some((entry.header, end));
        self.data.seek(SeekFrom::Start(start)).map_err(io)?;
        let mut raw = Vec::with_capacity(entry.compressed.min(1 << 24) as usize);
        (&mut self.data)
            .take(entry.compressed)
            .read_to_end(&mut raw)
            .map_err(io)?;
        if (raw.len() as u64) < entry.compressed {
            return Err(format!(
                "the member's data is cut short: {} of {} bytes (truncated archive?)",
                raw.len(),
                entry.compressed
            ));
        }
        Ok(raw)
    }
}

/// Inflates a member's raw bytes, checking its declared size (never more than `cap`) and
/// its CRC-32. Runs on the workers.
pub fn inflate(
    raw: &[u8],
    method: Method,
    size: u64,
    crc: u32,
    cap: u64,
) -> Result<Vec<u8>, String> {
    let limit = size.min(cap);
    let mut out = Vec::with_capacity(limit.min(1 << 26) as usize);
    match method {
        Method::Stored => out.extend_from_slice(raw),
        Method::Deflated => {
            // One byte past the limit tells a member that inflates past its size.
            flate2::read::DeflateDecoder::new(raw)
                .take(limit + 1)
                .read_to_end(&mut out)
                .map_err(|e| format!("corrupt deflate data: {e}"))?;
        }
        Method::Other(_) => return Err(format!("{} is not supported", method.name())),
    }
    if out.len() as u64 > limit {
        return Err(if size > cap {
            format!("the member inflates past --max-file-size ({cap} bytes); not read")
        } else {
            format!(
                "the member inflates past its declared size of {size} bytes (a zip bomb?); not read"
            )
        });
    }
    if out.len() as u64 != size {
        return Err(format!(
            "the member inflates to {} bytes, not its declared {size} (corrupt archive)",
            out.len()
        ));
    }
    let got = crc32fast::hash(&out);
    if got != crc {
        return Err(format!(
            "CRC-32 mismatch: the member's data is corrupt (got {got:08x}, expected {crc:08x})"
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};
    use zip::write::SimpleFileOptions;

    fn archive(files: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_method(method);
        for (name, data) in files {
            w.start_file(*name, opts).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn reader(bytes: &[u8]) -> Result<ZipReader<Cursor<Vec<u8>>>, ZipError> {
        ZipReader::new(Cursor::new(bytes.to_vec()), Cursor::new(bytes.to_vec()))
    }

    fn read_all(bytes: &[u8], cap: u64) -> Vec<(String, Result<Vec<u8>, String>)> {
        let mut z = reader(bytes).unwrap();
        let mut out = Vec::new();
        while let Some(e) = z.next_entry() {
            let e = e.unwrap();
            let data = z
                .raw(&e, cap)
                .and_then(|raw| inflate(&raw, e.method, e.size, e.crc, cap));
            out.push((String::from_utf8_lossy(&e.name).into_owned(), data));
        }
        out
    }

    #[test]
    fn members_come_out_in_archive_order_stored_and_deflated() {
        for method in [
            zip::CompressionMethod::Stored,
            zip::CompressionMethod::Deflated,
        ] {
            let z = archive(
                &[
                    ("b/NCT2.xml", b"<two/>"),
                    ("a/NCT1.xml", b"<one/>"),
                    ("e", b""),
                ],
                method,
            );
            let got = read_all(&z, 1 << 20);
            let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names, ["b/NCT2.xml", "a/NCT1.xml", "e"]);
            assert_eq!(got[0].1.as_deref(), Ok(&b"<two/>"[..]));
            assert_eq!(got[2].1.as_deref(), Ok(&b""[..]));
        }
    }

    /// One stored member "m" whose central entry's zip64 extra field gives `header` as its
    /// local header's offset; `prefix` bytes come before the archive.
    fn with_zip64_header_offset(prefix: &[u8], header: u64) -> Vec<u8> {
        let mut z = prefix.to_vec();
        let local = z.len() as u32;
        z.extend(LOCAL_SIG.to_le_bytes());
        // CRC-32 of "x".
        let crc = 0x8cdc_1683u32.to_le_bytes();
        z.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        z.extend(crc);
        z.extend([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, b'm', b'x']);
        let cd = z.len() as u32;
        z.extend(CENTRAL_SIG.to_le_bytes());
        z.extend([45, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        z.extend(crc);
        z.extend([
            1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ]);
        z.extend(0xFFFF_FFFFu32.to_le_bytes());
        z.push(b'm');
        z.extend([1, 0, 8, 0]);
        z.extend(header.to_le_bytes());
        let cd_len = z.len() as u32 - cd;
        z.extend(EOCD_SIG.to_le_bytes());
        z.extend([0, 0, 0, 0, 1, 0, 1, 0]);
        z.extend(cd_len.to_le_bytes());
        z.extend((cd - local).to_le_bytes());
        z.extend([0, 0]);
        z
    }

    #[test]
    fn offsets_past_any_file_are_errors_not_overflows() {
        // The stated offset, found: the hand-built archive is well formed.
        assert_eq!(
            read_all(&with_zip64_header_offset(b"", 0), 1 << 20)[0].1,
            Ok(b"x".to_vec())
        );
        // Shifted by a prefix past u64::MAX: the directory entry is refused.
        let shifted = with_zip64_header_offset(b"prefix", u64::MAX - 2);
        let mut z = reader(&shifted).unwrap();
        let err = z.next_entry().unwrap().unwrap_err().to_string();
        assert!(err.contains("past the end of any file"), "{err}");
        // Near u64::MAX: no local header can be there; the member is refused, the run goes on.
        let high = with_zip64_header_offset(b"", u64::MAX - 10);
        let [(name, data)] = &read_all(&high, 1 << 20)[..] else {
            panic!("one member expected");
        };
        assert_eq!(name, "m");
        let err = data.as_ref().unwrap_err();
        assert!(err.contains("local header is cut short"), "{err}");
    }

    #[test]
    fn zip64_and_prepended_data_are_read() {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().large_file(true);
        w.start_file("big.json", opts).unwrap();
        w.write_all(b"{\"x\": 1}").unwrap();
        let z = w.finish().unwrap().into_inner();
        assert_eq!(
            read_all(&z, 1 << 20)[0].1.as_deref(),
            Ok(&b"{\"x\": 1}"[..])
        );

        let mut sfx = b"#!/bin/sh\nexit 0\n".to_vec();
        sfx.extend(archive(
            &[("m.txt", b"hello")],
            zip::CompressionMethod::Deflated,
        ));
        assert_eq!(read_all(&sfx, 1 << 20)[0].1.as_deref(), Ok(&b"hello"[..]));
    }

    #[test]
    fn a_truncated_archive_is_read_from_its_local_headers_up_to_the_cut() {
        let files: Vec<(String, Vec<u8>)> = (0..5)
            .map(|i| {
                (
                    format!("m{i}.txt"),
                    format!("member {i} text ").repeat(20).into_bytes(),
                )
            })
            .collect();
        let list: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect();
        let z = archive(&list, zip::CompressionMethod::Deflated);
        let cd = (0..z.len() - 4)
            .find(|&i| u32_at(&z, i) == CENTRAL_SIG)
            .unwrap();
        // Cut inside the central directory: every member is still there.
        let got = read_all(&z[..cd + 10], 1 << 20);
        assert_eq!(got.len(), 5);
        assert!(got.iter().all(|(_, d)| d.is_ok()), "{got:?}");
        // Cut inside the third member's data: two whole members, then the reason.
        let third = (0..z.len() - 4)
            .filter(|&i| u32_at(&z, i) == LOCAL_SIG)
            .nth(2)
            .unwrap();
        let mut r = reader(&z[..third + 40]).unwrap();
        let mut names = Vec::new();
        while let Some(e) = r.next_entry() {
            let e = e.unwrap();
            assert!(r.raw(&e, 1 << 20).is_ok());
            names.push(String::from_utf8(e.name).unwrap());
        }
        assert_eq!(names, ["m0.txt", "m1.txt"]);
        let why = r.truncation().unwrap();
        assert!(
            why.contains("2 member(s) read") && why.contains("cut inside a member's data"),
            "{why}"
        );
        // Nothing recognisable at all: no member, and a reason.
        for junk in [&z[..0], &z[..10]] {
            let mut r = reader(junk).unwrap();
            assert!(r.next_entry().is_none());
            assert!(r.truncation().is_some());
        }
    }

    #[test]
    fn members_written_with_data_descriptors_stop_a_local_scan() {
        // A streaming writer (no seeking back) sets bit 3 and leaves sizes to the directory.
        let mut w = zip::ZipWriter::new_stream(Vec::new());
        w.start_file("s.txt", SimpleFileOptions::default()).unwrap();
        w.write_all(b"streamed").unwrap();
        let z = w.finish().unwrap().into_inner();
        assert_eq!(read_all(&z, 1 << 20)[0].1.as_deref(), Ok(&b"streamed"[..]));
        let cd = (0..z.len() - 4)
            .find(|&i| u32_at(&z, i) == CENTRAL_SIG)
            .unwrap();
        let mut r = reader(&z[..cd]).unwrap();
        assert!(r.next_entry().is_none());
        assert!(r.truncation().unwrap().contains("data descriptor"));
    }

    #[test]
    fn sizes_are_checked_before_and_while_inflating() {
        let zeros = vec![0u8; 100_000];
        let z = archive(&[("zeros", &zeros)], zip::CompressionMethod::Deflated);
        // Declared size over the cap: refused without reading.
        let got = read_all(&z, 1000);
        assert!(
            got[0].1.as_ref().unwrap_err().contains("--max-file-size"),
            "{got:?}"
        );
        // A member that lies about its size (a bomb): patch the declared size to 10.
        let mut bomb = z.clone();
        let cd = (0..bomb.len() - 4)
            .find(|&i| u32_at(&bomb, i) == CENTRAL_SIG)
            .unwrap();
        bomb[cd + 24..cd + 28].copy_from_slice(&10u32.to_le_bytes());
        let got = read_all(&bomb, 1 << 20);
        assert!(
            got[0]
                .1
                .as_ref()
                .unwrap_err()
                .contains("past its declared size"),
            "{got:?}"
        );
    }

    #[test]
    fn corrupt_data_fails_the_member_only() {
        let z = archive(
            &[("a", b"first member text"), ("b", b"second member text")],
            zip::CompressionMethod::Stored,
        );
        let mut bad = z.clone();
        let at = memchr::memmem::find(&bad, b"first").unwrap();
        bad[at] = b'F';
        let got = read_all(&bad, 1 << 20);
        assert!(got[0].1.as_ref().unwrap_err().contains("CRC-32"), "{got:?}");
        assert_eq!(got[1].1.as_deref(), Ok(&b"second member text"[..]));
    }

    #[test]
    fn unsupported_methods_and_encryption_are_refused_by_name() {
        let e = Entry {
            name: b"x".to_vec(),
            method: Method::Other(12),
            encrypted: false,
            crc: 0,
            compressed: 1,
            size: 1,
            header: 0,
        };
        let z = archive(&[("a", b"x")], zip::CompressionMethod::Stored);
        let mut r = reader(&z).unwrap();
        assert!(r.raw(&e, 10).unwrap_err().contains("bzip2"));
        let enc = Entry {
            encrypted: true,
            ..e
        };
        assert!(r.raw(&enc, 10).unwrap_err().contains("encrypted"));
    }

    #[test]
    fn overlapping_members_are_refused() {
        let z = archive(&[("a", b"aaaa")], zip::CompressionMethod::Stored);
        let mut r = reader(&z).unwrap();
        let e = r.next_entry().unwrap().unwrap();
        assert!(r.raw(&e, 100).is_ok());
        // The same local header again, as an overlapping-files bomb lists it.
        assert!(r.raw(&e, 100).unwrap_err().contains("overlaps"));
    }

    #[test]
    fn garbage_is_not_an_archive() {
        for junk in [&b""[..], b"PK\x03\x04", b"PK\x05\x06", &[0xFF; 100]] {
            let mut r = reader(junk).unwrap();
            assert!(r.next_entry().is_none(), "{junk:?}");
            assert!(r.truncation().is_some(), "{junk:?}");
        }
    }
}
