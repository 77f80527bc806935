//! Writes the three criteria corpora the README's extractor-speed figures are measured on,
//! from the development data, into a directory of your choice:
//!
//! `cargo run --release --example bench_corpus -- PAGES_DIR XML_DIR CHIA_TEXT_DIR OUT_DIR`
//!
//! - `OUT_DIR/ordinary/`: the registry's criteria text (`NCT….json` records, then the legacy
//!   `NCT….xml` records' `textblock`s), concatenated in file order into documents of about
//!   5 KB;
//! - `OUT_DIR/dense/`: 400 documents of about 5 KB made of lab-limit lines ("Hemoglobin >= 9
//!   g/dL, platelets > 100,000/mm3, …"), the same every run;
//! - `OUT_DIR/chia/`: the Chia criteria files as they are (about 500 bytes each).
//!
//! Then `trialparse bench OUT_DIR/ordinary --as criteria`, and so on. Nothing is written
//! anywhere else; the data stays outside the repository.

use std::path::Path;

mod common;
use common::{json_criteria, nct_files, xml_criteria};

/// Lab limits the dense documents are made of.
const LINES: &[&str] = &[
    "Hemoglobin >= 9 g/dL",
    "platelets > 100,000/mm3",
    "ANC ≥ 1.5 x 10^9/L",
    "total bilirubin ≤ 1.5 x ULN",
    "AST and ALT ≤ 2.5 × ULN (≤ 5 × ULN with liver metastases)",
    "serum creatinine < 1.5 mg/dL or creatinine clearance ≥ 60 mL/min",
    "INR ≤ 1.5",
    "aPTT < 1.5 times the upper limit of normal",
    "albumin > 3.0 g/dL",
    "HbA1c between 7.0% and 10.5%",
    "LVEF ≥ 50%",
    "QTcF < 470 ms",
    "systolic blood pressure < 160 mmHg and diastolic < 100 mmHg",
    "BMI 18.5-35 kg/m2",
    "eGFR > 30 mL/min/1.73 m2",
    "potassium 3.5-5.0 mmol/L",
    "WBC > 3,000/μL",
    "fasting glucose < 126 mg/dL",
    "TSH within normal limits",
    "ECOG performance status 0-1",
    "Karnofsky ≥ 70%",
    "life expectancy > 12 weeks",
    "age ≥ 18 years",
    "HBV DNA < 2000 IU/mL",
    "CD4 count > 200 cells/mm3",
];

/// Target size of an ordinary or dense document, in bytes.
const DOC_BYTES: usize = 5000;

fn write(dir: &Path, name: &str, text: &str) -> std::io::Result<()> {
    std::fs::write(dir.join(name), text)
}

/// A small deterministic generator (xorshift), so the dense corpus is the same every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [pages, xml, chia, out] = args.as_slice() else {
        eprintln!("usage: bench_corpus PAGES_DIR XML_DIR CHIA_TEXT_DIR OUT_DIR");
        std::process::exit(2);
    };
    let out = Path::new(out);
    let (ordinary, dense, chia_out) = (out.join("ordinary"), out.join("dense"), out.join("chia"));
    for d in [&ordinary, &dense, &chia_out] {
        std::fs::create_dir_all(d)?;
    }
    let texts = nct_files(Path::new(pages), ".json")
        .into_iter()
        .filter_map(|p| json_criteria(&p))
        .chain(
            nct_files(Path::new(xml), ".xml")
                .into_iter()
                .filter_map(|p| xml_criteria(&p)),
        );
    let (mut doc, mut n) = (String::new(), 0);
    for t in texts {
        doc.push_str(&t);
        doc.push_str("\n\n");
        if doc.len() >= DOC_BYTES {
            write(&ordinary, &format!("ord{n:04}.txt"), &doc)?;
            doc.clear();
            n += 1;
        }
    }
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for k in 0..400 {
        let mut d = String::from("Inclusion Criteria:\n\n");
        while d.len() < DOC_BYTES {
            let parts: Vec<&str> = (0..3 + rng.below(4))
                .map(|_| LINES[rng.below(LINES.len())])
                .collect();
            d.push_str("* ");
            d.push_str(&parts.join(", "));
            d.push('\n');
        }
        write(&dense, &format!("dense{k:03}.txt"), &d)?;
    }
    let mut copied = 0;
    for e in std::fs::read_dir(chia)? {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "txt") {
            if let Some(name) = p.file_name() {
                std::fs::copy(&p, chia_out.join(name))?;
                copied += 1;
            }
        }
    }
    println!(
        "{n} ordinary, 400 dense, {copied} chia documents under {}",
        out.display()
    );
    Ok(())
}
