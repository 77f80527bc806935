//! What the extractors take and leave in real criteria: a study aid for vocabulary work.
//!
//! `cargo run --release --example criteria_report -- [--pages DIR] [--xml DIR] [--half even|odd]
//! [--top N] [--show WORDS] [--durations]` reads the registry's own criteria text (`NCT….json` API v2
//! records: `eligibilityModule.eligibilityCriteria`; legacy `NCT….xml` records: the criteria
//! `textblock`), runs each as bare criteria, and prints
//!
//! - the numbers no extracted item covers, grouped by the words before them, by the words
//!   after them, and by both (a number is a digit run or a number word; numbers before a
//!   unit of time are only counted unless `--durations`);
//! - what was taken, grouped by list and kind/analyte, with an example each.
//!
//! `--half even|odd` keeps the studies whose NCT number is even or odd, so one half can be
//! studied and the other kept for checking. `--show WORDS` lists every unclaimed number whose
//! context key contains WORDS. The data stays where it is: nothing is written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use trialparse::extract::vocab;
use trialparse::{parse_bytes, Format, Record};

mod common;
use common::{json_criteria, nct_files, xml_criteria};

struct Args {
    pages: Option<PathBuf>,
    xml: Option<PathBuf>,
    half: Option<u64>,
    top: usize,
    show: Option<String>,
    durations: bool,
}

fn args() -> Args {
    let mut a = Args {
        pages: None,
        xml: None,
        half: None,
        top: 60,
        show: None,
        durations: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        if k == "--durations" {
            a.durations = true;
            continue;
        }
        let v = it.next();
        match (k.as_str(), v) {
            ("--pages", Some(v)) => a.pages = Some(v.into()),
            ("--xml", Some(v)) => a.xml = Some(v.into()),
            ("--half", Some(v)) => a.half = Some(u64::from(v == "odd")),
            ("--top", Some(v)) => a.top = v.parse().unwrap_or(60),
            ("--show", Some(v)) => a.show = Some(v.to_lowercase()),
            _ => {
                eprintln!("usage: criteria_report [--pages DIR] [--xml DIR] [--half even|odd] [--top N] [--show WORDS]");
                std::process::exit(2);
            }
        }
    }
    a
}

fn nct_number(path: &Path) -> Option<u64> {
    let name = path.file_name()?.to_str()?;
    name.strip_prefix("NCT")?.get(..8)?.parse().ok()
}

fn inputs(a: &Args) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |dir: &Path, ext: &str, read: fn(&Path) -> Option<String>| {
        for f in nct_files(dir, ext) {
            let keep = match (a.half, nct_number(&f)) {
                (Some(h), Some(n)) => n % 2 == h,
                _ => true,
            };
            if let (true, Some(text)) = (keep, read(&f)) {
                out.push((f.to_string_lossy().into_owned(), text));
            }
        }
    };
    if let Some(d) = &a.pages {
        add(d, ".json", json_criteria);
    }
    if let Some(d) = &a.xml {
        add(d, ".xml", xml_criteria);
    }
    out
}

/// Byte ranges of every extracted item.
fn spans(r: &Record) -> Vec<(usize, usize)> {
    let mut v: Vec<(usize, usize)> = Vec::new();
    v.extend(r.ages.iter().map(|x| (x.span.start, x.span.end)));
    v.extend(r.lab_thresholds.iter().map(|x| (x.span.start, x.span.end)));
    v.extend(
        r.performance_status
            .iter()
            .map(|x| (x.span.start, x.span.end)),
    );
    v.extend(r.mutations.iter().map(|x| (x.span.start, x.span.end)));
    v
}

/// Tokens for context keys: words lowercased, numbers as `#`, other characters alone.
fn tokens(s: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() || c == '\\' {
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                let inner = (d == '.' || d == ',') && c.is_ascii_digit();
                if d.is_alphanumeric() || inner {
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            let w = s[i..end].trim_end_matches([',', '.']);
            let end = i + w.len();
            out.push((i, end, w.to_lowercase()));
        } else {
            out.push((i, i + c.len_utf8(), c.to_string()));
        }
    }
    out
}

fn is_number(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit())
        && w.chars().all(|c| c.is_ascii_digit() || ",.".contains(c))
        || vocab::NUMBER_WORDS.iter().any(|(n, _)| *n == w)
}

/// "1." or "2)" opening a line (or after a bullet): a list number, not a value.
fn is_list_marker(s: &str, toks: &[(usize, usize, String)], k: usize) -> bool {
    let line_start = s[..toks[k].0].rfind('\n').map_or(0, |i| i + 1);
    let lead = s[line_start..toks[k].0].trim();
    let next = toks.get(k + 1).map_or("", |t| t.2.as_str());
    (lead.is_empty() || lead == "*" || lead == "-") && (next == "." || next == ")")
}

fn key_word(w: &str) -> String {
    if is_number(w) {
        "#".into()
    } else if w.chars().any(|c| c.is_ascii_digit()) {
        "@code".into()
    } else {
        w.to_string()
    }
}

#[derive(Default)]
struct Group {
    count: usize,
    example: String,
}

fn add(map: &mut BTreeMap<String, Group>, key: String, example: &str) {
    let g = map.entry(key).or_default();
    g.count += 1;
    if g.example.is_empty() {
        g.example = example.to_string();
    }
}

fn print_top(title: &str, map: &BTreeMap<String, Group>, n: usize) {
    let mut v: Vec<(&String, &Group)> = map.iter().collect();
    v.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    let total: usize = map.values().map(|g| g.count).sum();
    println!("\n## {title} ({total} in {} groups)", map.len());
    for (k, g) in v.into_iter().take(n) {
        println!("{:>6}  {:<40}  {}", g.count, k, g.example);
    }
}

fn snippet(s: &str, a: usize, b: usize) -> String {
    let mut lo = a.saturating_sub(50);
    while !s.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (b + 40).min(s.len());
    while !s.is_char_boundary(hi) {
        hi += 1;
    }
    s[lo..hi].replace(['\n', '\r'], " ")
}

fn main() {
    let a = args();
    let docs = inputs(&a);
    let mut before = BTreeMap::new();
    let mut after = BTreeMap::new();
    let mut both = BTreeMap::new();
    let mut taken = BTreeMap::new();
    let mut shown = Vec::new();
    let (mut numbers, mut covered, mut durations) = (0usize, 0usize, 0usize);
    for (path, text) in &docs {
        let r = parse_bytes(path, text.as_bytes(), Some(Format::CriteriaText));
        let sp = spans(&r);
        let toks = tokens(text);
        for (k, (a0, b0, w)) in toks.iter().enumerate() {
            if !is_number(w) || is_list_marker(text, &toks, k) {
                continue;
            }
            numbers += 1;
            if sp.iter().any(|&(x, y)| x <= *a0 && *b0 <= y) {
                covered += 1;
                continue;
            }
            let left: Vec<String> = toks[k.saturating_sub(2)..k]
                .iter()
                .map(|t| key_word(&t.2))
                .collect();
            let right: Vec<String> = toks[k + 1..(k + 3).min(toks.len())]
                .iter()
                .map(|t| key_word(&t.2))
                .collect();
            let ex = snippet(text, *a0, *b0);
            let next = toks.get(k + 1).map_or("", |t| t.2.as_str());
            let next = if next == "-" {
                toks.get(k + 2).map_or("", |t| t.2.as_str())
            } else {
                next
            };
            if trialparse::age::unit(next).is_some() {
                durations += 1;
                if !a.durations {
                    continue;
                }
            }
            let l = left.join(" ");
            let rr = right.join(" ");
            add(&mut before, format!("{l} #"), &ex);
            add(&mut after, format!("# {rr}"), &ex);
            let key = format!("{l} # {rr}");
            if a.show.as_ref().is_some_and(|s| key.contains(s.as_str())) {
                shown.push(ex.clone());
            }
            add(&mut both, key, &ex);
        }
        for t in &r.lab_thresholds {
            let key = match t.analyte {
                Some(id) => format!("lab {id}"),
                None => {
                    let m = t.measurement.to_lowercase();
                    let w: Vec<&str> = m.split_whitespace().collect();
                    format!("lab ? {}", w[w.len().saturating_sub(2)..].join(" "))
                }
            };
            add(&mut taken, key, &t.text);
        }
        for x in &r.performance_status {
            add(
                &mut taken,
                format!("performance {}", x.scale.map_or("-", |s| s.as_str())),
                &x.text,
            );
        }
        for x in &r.ages {
            add(&mut taken, "age".into(), &x.text);
        }
        for x in &r.mutations {
            add(
                &mut taken,
                format!("mutation {}", x.gene.unwrap_or("?")),
                &x.text,
            );
        }
    }
    println!(
        "{} documents, {numbers} numbers, {covered} inside an extracted item ({:.1} %), \
         {durations} unclaimed before a unit of time{}",
        docs.len(),
        100.0 * covered as f64 / numbers.max(1) as f64,
        if a.durations { "" } else { " (left out below)" }
    );
    print_top("unclaimed, by the two words before", &before, a.top);
    print_top("unclaimed, by the two words after", &after, a.top);
    print_top("unclaimed, by both", &both, a.top);
    print_top("taken, by list and analyte", &taken, a.top * 2);
    if !shown.is_empty() {
        println!("\n## unclaimed matching {:?}", a.show.unwrap_or_default());
        for s in shown {
            println!("  {s}");
        }
    }
}
