//! Temporary: parse every file of a directory as criteria N times (for callgrind).
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args().nth(2).map_or(1, |s| s.parse().unwrap());
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let data: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let mut total = 0;
    for _ in 0..n {
        for d in &data {
            let r = trialparse::parse_bytes("x", d, Some(trialparse::Format::CriteriaText));
            total += trialparse::output::jsonl::encode(&r).len();
        }
    }
    println!("{total}");
}
