//! Helpers shared by the test files that run the binary (`cli.rs`, `inputs.rs`).

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The `trialparse` binary this build made.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_trialparse"))
}

/// Runs the binary with `args` and waits for it.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

/// Runs the binary with `args`, `input` on its standard input, and waits for it.
pub fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
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
