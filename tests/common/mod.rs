//! Helpers shared by the test files that run the binary (`cli.rs`, `inputs.rs`).

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// The `trialparse` binary this build made.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_trialparse"))
}

/// Runs the binary with `args` and waits for it.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

/// The JSON Lines records of an output, one per line.
pub fn records(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// A path as an argument.
pub fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}
