//! Accuracy of the extractors against the Chia annotations (the `gold/` folder of the
//! development data, `../shared/gold` beside a checkout; see its README).
//!
//! `cargo run --release --example chia -- GOLD_DIR` scores exactly as the judge's
//! `eval.py chia` does: a gold value is found when an item overlaps its span and carries its
//! first number; a lab item is right when it overlaps any gold span. Prints the figures, the
//! most missed measurements and the most common false positives, and the throughput
//! (`-v` lists every miss and false positive; `--bench-dir DIR` times the `*.txt` files of
//! another folder read as criteria).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Instant;
use trialparse::{parse_bytes, Format, Record};

struct Gold {
    doc: String,
    start: usize,
    end: usize,
    num: Option<f64>,
    measurement: String,
    text: String,
    value: String,
}

/// The first number of a gold value, as `eval.py` reads it: a decimal comma when the first
/// number is one ("1,5 mg/dL", not "0,1, or 2"), else digits with commas dropped and an
/// optional decimal point.
fn first_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let first_digit = b.iter().position(u8::is_ascii_digit);
    if let Some(d) = first_digit {
        let int = b[d..].iter().take_while(|c| c.is_ascii_digit()).count();
        let after = d + int;
        if b.get(after) == Some(&b',') {
            let frac = b[after + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let next = b.get(after + 1 + frac);
            let ends = !next.is_some_and(|c| c.is_ascii_digit() || *c == b',');
            if (1..=2).contains(&frac) && ends {
                let text = format!("{}.{}", &s[d..after], &s[after + 1..after + 1 + frac]);
                return text.parse().ok();
            }
        }
    }
    // `\d[\d,]*(?:\.\d+)?|\.\d+`, the earliest match.
    let start = (0..b.len()).find(|&i| {
        b[i].is_ascii_digit() || (b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
    })?;
    let mut i = start;
    if b[i] == b'.' {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        return s[start..i].parse().ok();
    }
    while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b',') {
        i += 1;
    }
    if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    s[start..i].replace(',', "").parse().ok()
}

/// Every number of a text, as `eval.py` finds a performance item's written numbers.
fn numbers_in(s: &str) -> Vec<f64> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        out.extend(s[start..i].parse::<f64>().ok());
    }
    out
}

fn load(path: &Path, starts: &HashMap<String, Vec<usize>>) -> Vec<Gold> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut out = Vec::new();
    for line in text.lines() {
        let Ok(r) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let doc = r["doc"].as_str().unwrap_or("").to_string();
        let Some(st) = starts.get(&doc) else { continue };
        let Some(&ls) = r["line"].as_u64().and_then(|l| st.get(l as usize)) else {
            continue;
        };
        let a = r["span_bytes"][0].as_u64().unwrap_or(0) as usize;
        let b = r["span_bytes"][1].as_u64().unwrap_or(0) as usize;
        let value = r["value"].as_str().unwrap_or("").to_string();
        out.push(Gold {
            doc,
            start: ls + a,
            end: ls + b,
            num: first_number(&value),
            measurement: r["measurement"]
                .as_str()
                .or(r["person"].as_str())
                .unwrap_or("")
                .to_lowercase(),
            text: r["text"].as_str().unwrap_or("").trim().to_string(),
            value,
        });
    }
    out
}

struct Pred {
    start: usize,
    end: usize,
    nums: Vec<f64>,
    lab: bool,
    label: String,
    text: String,
}

fn preds(rec: &Record, ages: bool) -> Vec<Pred> {
    let mut out = Vec::new();
    if ages {
        for a in &rec.ages {
            let nums = [&a.min, &a.max]
                .iter()
                .filter_map(|b| b.as_ref().map(|b| b.value.0))
                .collect();
            out.push(Pred {
                start: a.span.start,
                end: a.span.end,
                nums,
                lab: false,
                label: "age".into(),
                text: a.text.clone(),
            });
        }
        return out;
    }
    for l in &rec.lab_thresholds {
        let mut nums = vec![l.value.0];
        nums.extend(l.value_high.map(|n| n.0));
        nums.extend([l.min, l.max].iter().flatten().map(|b| b.value.0));
        let label = l.analyte.map_or_else(
            || format!("? {}", l.measurement.to_lowercase()),
            str::to_string,
        );
        out.push(Pred {
            start: l.span.start,
            end: l.span.end,
            nums,
            lab: true,
            label,
            text: l.text.clone(),
        });
    }
    for p in &rec.performance_status {
        let mut nums: Vec<f64> = [p.min, p.max].iter().flatten().map(|n| n.0).collect();
        nums.push(p.value.0);
        nums.extend(p.value_high.map(|n| n.0));
        // eval.py also counts the numbers written in a named scale's text.
        if p.scale.is_some() {
            nums.extend(numbers_in(&p.text));
        }
        out.push(Pred {
            start: p.span.start,
            end: p.span.end,
            nums,
            lab: false,
            label: p.scale.map_or("performance", |s| s.as_str()).into(),
            text: p.text.clone(),
        });
    }
    out
}

fn top<K: Ord + Clone>(counts: &BTreeMap<K, usize>, n: usize) -> Vec<(K, usize)> {
    let mut v: Vec<(K, usize)> = counts.iter().map(|(k, c)| (k.clone(), *c)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

/// Throughput over other criteria text: every `*.txt` file in `dir` read as criteria.
fn bench_dir(dir: &Path) {
    let inputs: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| std::fs::read(p).ok())
        .collect();
    for d in &inputs {
        std::hint::black_box(parse_bytes("warm-up", d, Some(Format::CriteriaText)));
    }
    // Whole rounds until at least two seconds have passed, so small folders time well.
    let t = Instant::now();
    let once: usize = inputs.iter().map(Vec::len).sum();
    let mut bytes = 0;
    while bytes == 0 || t.elapsed().as_secs_f64() < 2.0 {
        for d in &inputs {
            std::hint::black_box(parse_bytes("bench", d, Some(Format::CriteriaText)));
        }
        bytes += once;
    }
    let secs = t.elapsed().as_secs_f64().max(1e-9);
    println!(
        "throughput over {} files in {}: {:.1} MB/s ({bytes} bytes)",
        inputs.len(),
        dir.display(),
        bytes as f64 / 1e6 / secs
    );
}

fn main() {
    if let Some(i) = std::env::args().position(|a| a == "--bench-dir") {
        if let Some(d) = std::env::args().nth(i + 1) {
            bench_dir(Path::new(&d));
            return;
        }
    }
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/gold".into());
    let dir = Path::new(&dir);
    let mut files: Vec<_> = std::fs::read_dir(dir.join("chia_text"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    let mut starts = HashMap::new();
    let mut recs = HashMap::new();
    let mut bytes_total = 0usize;
    let mut elapsed = 0.0;
    let inputs: Vec<(String, std::path::PathBuf, Vec<u8>)> = files
        .iter()
        .map(|f| {
            let doc = f
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (doc, f.clone(), std::fs::read(f).unwrap_or_default())
        })
        .collect();
    for (doc, f, data) in &inputs {
        let mut st = vec![0];
        st.extend(
            data.iter()
                .enumerate()
                .filter(|(_, c)| **c == b'\n')
                .map(|(i, _)| i + 1),
        );
        starts.insert(doc.clone(), st);
        recs.insert(
            doc.clone(),
            parse_bytes(&f.to_string_lossy(), data, Some(Format::CriteriaText)),
        );
    }
    // Timed after a first pass, so one-time set-up (compiling the patterns) is not counted.
    const PASSES: usize = 5;
    let t = Instant::now();
    for _ in 0..PASSES {
        for (_, f, data) in &inputs {
            let r = parse_bytes(&f.to_string_lossy(), data, Some(Format::CriteriaText));
            bytes_total += data.len();
            std::hint::black_box(r);
        }
    }
    elapsed += t.elapsed().as_secs_f64();
    let th = load(&dir.join("chia_threshold_mentions.jsonl"), &starts);
    let ag = load(&dir.join("chia_age_mentions.jsonl"), &starts);
    let p_lab: HashMap<&String, Vec<Pred>> =
        recs.iter().map(|(d, r)| (d, preds(r, false))).collect();
    let p_age: HashMap<&String, Vec<Pred>> =
        recs.iter().map(|(d, r)| (d, preds(r, true))).collect();
    let score = |gold: &[Gold], p: &HashMap<&String, Vec<Pred>>| -> (usize, Vec<usize>) {
        let mut hit = 0;
        let mut miss = Vec::new();
        for (i, g) in gold.iter().enumerate() {
            let ok = p.get(&g.doc).is_some_and(|ps| {
                ps.iter().any(|x| {
                    x.start < g.end
                        && g.start < x.end
                        && g.num
                            .map_or(true, |n| x.nums.iter().any(|v| (n - v).abs() < 1e-9))
                })
            });
            if ok {
                hit += 1
            } else {
                miss.push(i)
            }
        }
        (hit, miss)
    };
    let (th_hit, th_miss) = score(&th, &p_lab);
    let (ag_hit, ag_miss) = score(&ag, &p_age);
    let mut gold_spans: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for g in th.iter().chain(&ag) {
        gold_spans.entry(&g.doc).or_default().push((g.start, g.end));
    }
    let (mut right, mut n_lab) = (0, 0);
    let mut fp_kinds = BTreeMap::new();
    let mut fp_examples = Vec::new();
    for (doc, ps) in &p_lab {
        for p in ps.iter().filter(|p| p.lab) {
            n_lab += 1;
            let ok = gold_spans
                .get(doc.as_str())
                .is_some_and(|gs| gs.iter().any(|&(a, b)| p.start < b && a < p.end));
            if ok {
                right += 1;
            } else {
                *fp_kinds.entry(p.label.clone()).or_insert(0) += 1;
                fp_examples.push(format!("{doc}: {}", p.text));
            }
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!("chia: {} criteria files", files.len());
    println!("thresholds recall {:.2}% ({th_hit}/{})  lab items overlapping gold {:.2}% ({right}/{n_lab})", pct(th_hit, th.len()), th.len(), pct(right, n_lab));
    println!(
        "ages recall {:.2}% ({ag_hit}/{})",
        pct(ag_hit, ag.len()),
        ag.len()
    );
    let mut miss_kinds = BTreeMap::new();
    for &i in &th_miss {
        *miss_kinds.entry(th[i].measurement.clone()).or_insert(0) += 1;
    }
    println!("most missed measurements: {:?}", top(&miss_kinds, 15));
    println!("most common false positives: {:?}", top(&fp_kinds, 15));
    let verbose = std::env::args().any(|a| a == "-v");
    if verbose {
        for &i in &th_miss {
            println!(
                "  miss: {} | {} | {}",
                th[i].text.chars().take(120).collect::<String>(),
                th[i].measurement,
                th[i].value
            );
        }
        for &i in &ag_miss {
            println!(
                "  age miss: {} | {}",
                ag[i].text.chars().take(120).collect::<String>(),
                ag[i].value
            );
        }
        fp_examples.sort();
        for e in &fp_examples {
            println!("  fp: {e}");
        }
    }
    println!(
        "parse throughput {:.1} MB/s over {} bytes (whole pipeline, one core)",
        bytes_total as f64 / 1e6 / elapsed.max(1e-9),
        bytes_total
    );
}
