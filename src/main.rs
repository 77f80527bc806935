//! Minimal driver until the batch CLI lands: `trialparse extract [--as FORMAT] FILE...`.

use std::io::Write;
use trialparse::{parse_bytes, Format};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut forced = None;
    let mut files = Vec::new();
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        if a == "--as" {
            forced = it.next().and_then(|n| Format::from_name(n));
        } else {
            files.push(a.clone());
        }
    }
    let out = std::io::stdout();
    let mut out = out.lock();
    for f in files {
        let rec = match std::fs::read(&f) {
            Ok(b) => parse_bytes(&f, &b, forced),
            Err(e) => trialparse::Record::failed(&f, e.to_string()),
        };
        let _ = serde_json::to_writer(&mut out, &rec);
        let _ = out.write_all(b"\n");
    }
}
