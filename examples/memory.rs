//! Peak memory of one input, by shape and size: the benchmark behind the README's
//! "Reliability" figures.
//!
//! `cargo run --release --example memory -- [BIN] [--sizes 10,50,100] [--shapes a,b]`
//! writes each input shape at each size (MB) into a temporary directory, runs
//! `BIN extract -q -j 1 FILE -o OUT` on it (BIN defaults to `target/release/trialparse`),
//! and prints the child's peak RSS (`ru_maxrss` from `wait4`, what `/usr/bin/time -v`
//! reports as "Maximum resident set size"), its ratio to the input, and whether the input
//! gave a record or a per-file error. The first row is a tiny page: the constant every run
//! pays. Timings are not the point (the machine may be shared); peak memory does not
//! depend on the load.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const MB: usize = 1_000_000;

/// An input shape: a name, what it stands for, and how to write `size` bytes of it.
struct Shape {
    name: &'static str,
    about: &'static str,
    write: fn(&Path, usize) -> std::io::Result<()>,
}

/// `head`, then `unit` repeated up to about `size` bytes, then `tail`.
fn repeat(path: &Path, size: usize, head: &[u8], unit: &[u8], tail: &[u8]) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    f.write_all(head)?;
    let chunk = unit.repeat((1 << 16) / unit.len().max(1) + 1);
    let mut left = size.saturating_sub(head.len() + tail.len());
    while left > 0 {
        let n = left.min(chunk.len()) / unit.len() * unit.len();
        let n = if n == 0 { left.min(chunk.len()) } else { n };
        f.write_all(&chunk[..n])?;
        left -= n;
    }
    f.write_all(tail)?;
    f.flush()
}

const CRITERIA: &[u8] = b"Inclusion Criteria:\n\n";

const SHAPES: &[Shape] = &[
    Shape {
        name: "nul",
        about: "NUL bytes",
        write: |p, n| repeat(p, n, b"", b"\0", b""),
    },
    Shape {
        name: "sparse",
        about: "a sparse file (a hole: reads as NUL bytes)",
        write: |p, n| std::fs::File::create(p)?.set_len(n as u64),
    },
    Shape {
        name: "cr",
        about: "CR bytes (lone line ends)",
        write: |p, n| repeat(p, n, b"", b"\r", b""),
    },
    Shape {
        name: "invalid",
        about: "invalid UTF-8 (0xFF bytes)",
        write: |p, n| repeat(p, n, b"", b"\xFF", b""),
    },
    Shape {
        name: "bullets",
        about: "`* a` bullets under a criteria header",
        write: |p, n| repeat(p, n, CRITERIA, b"* a\n", b""),
    },
    Shape {
        name: "line",
        about: "one criterion line of words",
        write: |p, n| {
            repeat(
                p,
                n,
                b"Inclusion Criteria:\n\n* ",
                b"patients with a history of ",
                b"\n",
            )
        },
    },
    Shape {
        name: "page",
        about: "a page of real-looking criteria (a criterion and two thresholds per 72 bytes)",
        write: |p, n| {
            repeat(
                p,
                n,
                CRITERIA,
                b"* Platelets >= 100,000/mm3 and bilirubin <= 1.5 x ULN within 14 days\n",
                b"",
            )
        },
    },
    Shape {
        name: "crlf",
        about: "`a` lines with CRLF ends (a map segment per 1.5 bytes: past the decode cap)",
        write: |p, n| repeat(p, n, b"", b"a\r\n", b""),
    },
    Shape {
        name: "alternating",
        about: "every other byte invalid (past the decode cap)",
        write: |p, n| repeat(p, n, b"", b"a\xFF", b""),
    },
];

/// Runs `bin` on `input` and returns (peak RSS in bytes, the record's error if any).
fn measure(bin: &Path, input: &Path, out: &Path) -> Result<(u64, Option<String>), String> {
    let child = Command::new(bin)
        .args(["extract", "-q", "-j", "1"])
        .arg(input)
        .arg("-o")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is a child of this process, not yet reaped; the pointers are valid.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if r != pid {
        return Err(format!("wait4: {}", std::io::Error::last_os_error()));
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) > 1 {
        return Err(format!("{}: exit status {status}", input.display()));
    }
    // A record with an error is small; a big one is a record. Reading a big one would grow
    // this process, whose size the next child's peak RSS starts from.
    let len = std::fs::metadata(out).map_or(0, |m| m.len());
    let error = if len < 1 << 16 {
        let text = std::fs::read(out).map_err(|e| format!("{}: {e}", out.display()))?;
        let record: serde_json::Value =
            serde_json::from_slice(&text).map_err(|e| format!("{}: {e}", out.display()))?;
        record["error"].as_str().map(|e| {
            let e = e.split_once(": ").map_or(e, |(_, rest)| rest);
            e.to_owned()
        })
    } else {
        None
    };
    // ru_maxrss is in kilobytes on Linux.
    Ok((usage.ru_maxrss as u64 * 1024, error))
}

fn main() {
    let mut bin = PathBuf::from("target/release/trialparse");
    let mut sizes = vec![10, 50, 100];
    let mut only: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--sizes" => {
                sizes = args
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|s| s.trim().parse().ok())
                    .collect();
            }
            "--shapes" => {
                only = args
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(str::to_owned)
                    .collect();
            }
            _ => bin = PathBuf::from(a),
        }
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let input = dir.path().join("input");
    let out = dir.path().join("out.jsonl");
    let page = b"Inclusion Criteria:\n\n* Age >= 18 years\n";
    std::fs::write(&input, page).expect("write the tiny page");
    let base = match measure(&bin, &input, &out) {
        Ok((rss, _)) => rss,
        Err(e) => {
            eprintln!("memory: {e}");
            std::process::exit(2);
        }
    };
    println!("command: {} extract -q -j 1 FILE -o OUT", bin.display());
    println!(
        "baseline (a 40-byte page): {:.1} MB peak RSS",
        base as f64 / 1e6
    );
    println!(
        "{:<12} {:>6} {:>10} {:>8} {:>9}  outcome",
        "shape", "MB", "peak MB", "x input", "x (-base)"
    );
    for shape in SHAPES {
        if !only.is_empty() && !only.iter().any(|o| o == shape.name) {
            continue;
        }
        for &mb in &sizes {
            let size = mb * MB;
            if let Err(e) = (shape.write)(&input, size) {
                eprintln!("memory: {}: {e}", input.display());
                std::process::exit(2);
            }
            match measure(&bin, &input, &out) {
                Ok((rss, error)) => println!(
                    "{:<12} {:>6} {:>10.1} {:>8.2} {:>9.2}  {}",
                    shape.name,
                    mb,
                    rss as f64 / 1e6,
                    rss as f64 / size as f64,
                    rss.saturating_sub(base) as f64 / size as f64,
                    error.map_or_else(|| "record".to_owned(), |e| format!("error: {e}")),
                ),
                Err(e) => println!("{:<12} {:>6}  failed: {e}", shape.name, mb),
            }
        }
        println!("  ({}: {})", shape.name, shape.about);
    }
}
