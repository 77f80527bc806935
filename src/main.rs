//! The `trialparse` command line: `extract` pages to JSON Lines or tables, `show` them as
//! HTML audit views, `diff` two runs, `bench` the pipeline. All the work is in the library; this file parses arguments, shows
//! progress and turns outcomes into exit codes.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{CommandFactory, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::ffi::OsString;
use std::io::{BufReader, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use trialparse::batch::bench::{self, Corpus};
use trialparse::batch::{
    self, BatchError, Input, JsonlInputs, PathInputs, Progress, Shard, Summary,
};
use trialparse::output::jsonl::JsonlSink;
use trialparse::output::tables::{TableFormat, TableSink};
use trialparse::output::{self, Outputs, Sink};
use trialparse::read::{self, Filter};
use trialparse::show::{self, diff_page, report};
use trialparse::{diff, Format, Record};

/// Exit code for bad usage and for runs that could not proceed (clap uses it too).
const USAGE: u8 = 2;

/// Worker threads allowed per core: parsing is CPU-bound, so more threads only add memory
/// (a window holds 32 inputs per thread) and switching.
const MAX_JOBS_PER_CORE: usize = 4;

/// Inputs with an `error` named one by one on stderr; the rest are counted.
const MAX_NAMED_ERRORS: u64 = 20;

#[derive(Parser)]
#[command(
    name = "trialparse",
    version,
    about = "Turn scraped clinical-trial pages into structured, auditable JSON records",
    long_about = "Turn scraped clinical-trial pages (patient-facing pages as text or HTML, \
                  study views) and registry files (API v2 JSON alone, in API pages, arrays or \
                  JSON Lines; legacy XML; zip, gzip and tar archives of them) into one \
                  structured JSON record per page or study, with the byte span of every \
                  extracted value."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse pages and registry files and write one record per page or study (JSON Lines by
    /// default).
    #[command(
        after_help = "Inputs are read by content, whatever their names: pages (text, HTML), \
                            registry JSON (one study, an API response page {\"studies\": [...]}, \
                            a JSON array, JSON Lines), legacy registry XML (<clinical_study>), \
                            and .zip, .gz and .tar.gz archives of any of these, one record per \
                            study. Exit status: 0 when every input was read, 1 when some input \
                            could not be read (its record has an \"error\"; all others are \
                            still written) or a --fail-on condition was met, 2 on bad usage or \
                            when the output cannot be written."
    )]
    Extract(ExtractArgs),
    /// Write an HTML audit view of a page: its text with every extracted span highlighted
    /// (with --batch, a view per input and an index of the run).
    #[command(
        after_help = "Exit status: 0 when every input was read, 1 when some input could \
                            not be read (its page shows the error), 2 on bad usage or when \
                            the output cannot be written."
    )]
    Show(ShowArgs),
    /// Compare two JSON Lines runs record by record (matched by path, or by --key).
    #[command(
        after_help = "Exit status: 0 when the runs are equal, 1 when they differ, 2 on bad \
                            usage or an unreadable file."
    )]
    Diff(DiffArgs),
    /// Time extraction of a directory held in memory, per layout and in total, on one
    /// thread and on all cores.
    Bench(BenchArgs),
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Files, archives or directories to read (directories recursively, in path order, hidden
    /// files and this run's own outputs left out); `-` reads standard input.
    #[arg(
        value_name = "INPUT",
        required_unless_present = "input_jsonl",
        value_parser = clap::value_parser!(OsString)
    )]
    inputs: Vec<OsString>,

    /// Write JSON Lines to FILE instead of standard output. The file appears only when complete.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Read every input as this layout instead of detecting it.
    #[arg(long = "as", value_name = "FORMAT", value_parser = format_parser())]
    forced: Option<Format>,

    /// Worker threads [default: one per core].
    #[arg(short, long, value_name = "N")]
    jobs: Option<NonZeroUsize>,

    /// Read inputs from JSON Lines, one {"path": ..., "content": ...} object per line (`-` for
    /// standard input), e.g. when run under Spark's RDD.pipe.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "inputs",
        value_parser = clap::value_parser!(OsString)
    )]
    input_jsonl: Option<OsString>,

    /// Process only share K of N (0-based): the records whose path hashes to K modulo N (files
    /// of a walk by their path; an archive or container named here member by member). Run N
    /// workers with K = 0..N-1 to cover every record exactly once.
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,

    /// Write flat tables instead of JSON Lines: `--to csv DIR` (DIR/TABLE.csv) or `--to
    /// parquet DIR` (DIR/TABLE/part-NNNNN.parquet). Add `-o FILE` to also write JSON Lines in
    /// the same pass.
    #[arg(long, num_args = 2, value_names = ["KIND", "DIR"])]
    to: Vec<String>,

    /// Walk only files matching GLOB (ripgrep's rules: relative to the walked directory, no
    /// `/` matches at any depth, `!GLOB` excludes, the last match decides); also filters
    /// archive members. Repeatable.
    #[arg(short, long = "glob", value_name = "GLOB")]
    globs: Vec<String>,

    /// Leave out files and archive members matching GLOB (as `--glob '!GLOB'`, given last),
    /// e.g. `--exclude '*.truth.json'`. Repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,

    /// The most bytes one document (file, archive member, study) may take; a larger one is
    /// a record with an error. Accepts K, M, G suffixes (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    max_file_size: u64,

    /// Exit with status 1 when a record meets CONDITION: `unknown` (read with no known
    /// layout, `format` "unknown"), `warning` (any warning). Repeatable.
    #[arg(long, value_name = "CONDITION", value_delimiter = ',')]
    fail_on: Vec<FailOn>,

    /// No progress bar and no summary line.
    #[arg(short, long)]
    quiet: bool,
}

/// What `--fail-on` can make a run fail for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Unknown,
    Warning,
}

/// `1G`, `512M`, `64k`, `1000`: a size in bytes (suffixes are powers of 1024).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let lower = t.to_ascii_lowercase();
    let body = lower
        .strip_suffix("ib")
        .or_else(|| lower.strip_suffix('b'))
        .unwrap_or(&lower);
    let (digits, shift) = match body.char_indices().last() {
        Some((i, 'k')) => (&body[..i], 10),
        Some((i, 'm')) => (&body[..i], 20),
        Some((i, 'g')) => (&body[..i], 30),
        Some((i, 't')) => (&body[..i], 40),
        _ => (body, 0),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("expected a size such as 1G, 512M or 100000, not {t:?}"))?;
    n.checked_mul(1 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("size {t:?} is zero or too large"))
}

#[derive(clap::Args)]
struct ShowArgs {
    /// The page to view; with --batch, files or directories (recursively, in path order).
    #[arg(value_name = "INPUT", required = true)]
    inputs: Vec<OsString>,

    /// Write the page to FILE instead of standard output; with --batch, the report
    /// directory (required). Files appear only when complete.
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,

    /// A view per input plus DIR/index.html, a sortable, filterable table of the run.
    #[arg(long)]
    batch: bool,

    /// With --batch: view only N inputs, a sample that depends only on the paths and --seed.
    #[arg(long, value_name = "N", requires = "batch")]
    sample: Option<usize>,

    /// The sample's seed [default: 0].
    #[arg(long, value_name = "S", requires = "sample")]
    seed: Option<u64>,

    /// Read every input as this layout instead of detecting it.
    #[arg(long = "as", value_name = "FORMAT", value_parser = format_parser())]
    forced: Option<Format>,

    /// Worker threads for --batch [default: one per core].
    #[arg(short, long, value_name = "N")]
    jobs: Option<NonZeroUsize>,

    /// No summary line.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The earlier run (JSON Lines from `trialparse extract`).
    old: PathBuf,
    /// The later run.
    new: PathBuf,
    /// Print the differences as one JSON object instead of text.
    #[arg(long)]
    json: bool,
    /// Pair records by this field (dotted path, e.g. `nct_id`) instead of by path; records
    /// without it pair by path. Duplicates pair in order (the n-th with the n-th).
    #[arg(long, value_name = "FIELD")]
    key: Option<String>,
    /// Remove this literal prefix from every path before pairing and comparing (repeat for
    /// several; the longest that matches is removed), e.g. `--strip-prefix /ci/build-1/`.
    #[arg(long, value_name = "PREFIX")]
    strip_prefix: Vec<String>,
    /// Also write the changed records as an HTML page: values side by side, spans
    /// highlighted in the page text when the inputs are still there.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
}

#[derive(clap::Args)]
struct BenchArgs {
    /// Directory of pages (read recursively into memory once).
    #[arg(required_unless_present = "scaling")]
    dir: Option<String>,
    /// Instead of a directory: time each extractor on one ever longer criterion of several
    /// shapes and report how its time grows (1 is linear, 2 quadratic).
    #[arg(long, conflicts_with_all = ["ext", "forced"])]
    scaling: bool,
    /// Threads for the parallel run [default: one per core].
    #[arg(short, long, value_name = "N")]
    jobs: Option<NonZeroUsize>,
    /// Timed runs per thread count; the best is reported.
    #[arg(long, default_value_t = 3, value_name = "R")]
    repeat: usize,
    /// Only files whose name after its first dot is EXT (`find.txt`, `json`: not
    /// `truth.json`); repeat or separate with commas [default: all files].
    #[arg(long, value_name = "EXT", value_delimiter = ',')]
    ext: Vec<String>,
    /// Read every file as this layout instead of detecting it (`--as criteria` times bare
    /// criteria text: the criteria tree and the extractors).
    #[arg(long = "as", value_name = "FORMAT", value_parser = format_parser())]
    forced: Option<Format>,
}

/// `--as` values: every format name, full or alias.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    PossibleValuesParser::new(Format::names())
        .map(|s| Format::from_name(&s).unwrap_or(Format::Unknown))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => {
            clean_up_on_signals();
            extract(args)
        }
        Command::Show(args) => {
            clean_up_on_signals();
            run_show(args)
        }
        Command::Diff(args) => run_diff(args),
        Command::Bench(args) => run_bench(args),
    }
}

/// Exits with status 2 and a clap-formatted usage error.
fn usage_error(message: &str) -> ! {
    Cli::command()
        .error(clap::error::ErrorKind::ArgumentConflict, message)
        .exit()
}

fn fatal(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("trialparse: error: {message}");
    ExitCode::from(USAGE)
}

/// A reader of our output went away (`trialparse extract | head`): the run ends quietly and
/// successfully, as ripgrep's does.
fn broken_pipe(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::BrokenPipe
}

/// The end of a run that failed: quiet on a closed pipe, else the error and status 2.
fn failed(e: BatchError) -> ExitCode {
    match &e {
        BatchError::Write { source, .. } if broken_pipe(source) => ExitCode::SUCCESS,
        _ => fatal(e),
    }
}

/// Prints `text` to stdout: a closed pipe is a quiet success, another failure status 2.
fn print(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => fatal(format!("<stdout>: {e}")),
    }
}

/// On SIGINT or SIGTERM, removes the run's temporary outputs and staging directories, then
/// exits with 128 + the signal (130, 143) as shells expect. The signal handler only wakes
/// this thread (signal-hook's self-pipe, async-signal-safe); the removing happens here.
fn clean_up_on_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    match signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) {
        Ok(mut signals) => {
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    output::atomic::abandon_all();
                    std::process::exit(128 + signal);
                }
            });
        }
        Err(e) => eprintln!(
            "trialparse: warning: cannot watch for signals ({e}); an interrupted run may \
             leave hidden temporary files"
        ),
    }
}

/// The worker threads for `--jobs` (0: one per core), at most [`MAX_JOBS_PER_CORE`] per
/// core; a larger request is lowered with a message.
fn job_count(asked: Option<NonZeroUsize>) -> usize {
    let Some(asked) = asked.map(NonZeroUsize::get) else {
        return 0;
    };
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let cap = cores * MAX_JOBS_PER_CORE;
    if asked > cap {
        eprintln!(
            "trialparse: --jobs {asked} is more than {MAX_JOBS_PER_CORE} per core ({cores} \
             cores): using {cap}"
        );
        return cap;
    }
    asked
}

/// Names each input whose record has an `error` on stderr, in input order (ripgrep's
/// habit), besides the record's own `error`: the first [`MAX_NAMED_ERRORS`], then a count.
struct NameErrors<S> {
    inner: S,
    bar: ProgressBar,
    named: u64,
    more: u64,
}

impl<S: Sink> Sink for NameErrors<S> {
    type Encoded = (S::Encoded, Option<String>);

    fn encode(&self, record: Record) -> Self::Encoded {
        let error = record.error.clone();
        (self.inner.encode(record), error)
    }

    fn write(&mut self, (encoded, error): Self::Encoded) -> Result<(), BatchError> {
        if let Some(error) = error {
            if self.named < MAX_NAMED_ERRORS {
                self.bar.suspend(|| eprintln!("trialparse: {error}"));
                self.named += 1;
            } else {
                self.more += 1;
            }
        }
        self.inner.write(encoded)
    }

    fn finish(self) -> Result<(), BatchError> {
        if self.more > 0 {
            eprintln!("trialparse: … and {} more inputs with errors", self.more);
        }
        self.inner.finish()
    }
}

/// Progress bar on a terminal; counts records as workers finish them.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn record_done(&self, _: &Record, _: u64) {
        self.0.inc(1);
    }

    fn units_found(&self, delta: i64) {
        if let Some(len) = self.0.length() {
            self.0.set_length(len.saturating_add_signed(delta));
        }
    }
}

fn rate(state: &ProgressState, w: &mut dyn std::fmt::Write) {
    let _ = write!(w, "{:.0} pages/s", state.per_sec());
}

fn progress_bar(total: Option<u64>, show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = match total {
        Some(n) => ProgressBar::new(n).with_style(
            ProgressStyle::with_template(
                "{elapsed_precise} [{bar:40}] {pos}/{len} pages  {rate}  ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key("rate", rate)
            .progress_chars("=> "),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{elapsed_precise} {spinner} {pos} pages  {rate}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner())
                .with_key("rate", rate),
        ),
    };
    bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
    bar
}

fn extract(args: ExtractArgs) -> ExitCode {
    let stdin_inputs = args.inputs.iter().filter(|a| *a == "-").count();
    if stdin_inputs > 1 {
        usage_error("`-` (standard input) can be given only once");
    }
    let table_format = match args.to.first().map(String::as_str) {
        None => None,
        Some("csv") => Some(TableFormat::Csv),
        Some("parquet") => Some(TableFormat::Parquet),
        Some(other) => usage_error(&format!(
            "--to takes `csv DIR` or `parquet DIR`, not `{other}`"
        )),
    };
    let table_dir = args.to.get(1).map(Path::new);
    let named_inputs: Vec<&Path> = args
        .inputs
        .iter()
        .chain(&args.input_jsonl)
        .filter(|a| *a != "-")
        .map(Path::new)
        .collect();
    let targets = output::check_targets(
        args.output.as_deref(),
        table_format.zip(table_dir),
        &named_inputs,
    );
    if let Err(clash) = targets {
        usage_error(&clash.to_string());
    }
    let filter = match Filter::new(&args.globs, &args.exclude) {
        Ok(f) => f,
        Err(e) => usage_error(&e.to_string()),
    };
    // A walk never reads this run's own outputs (nor the last run's under the same names).
    let outputs: Vec<PathBuf> = args
        .output
        .iter()
        .cloned()
        .chain(args.to.get(1).map(PathBuf::from))
        .collect();
    let walk = |args: Vec<OsString>| {
        PathInputs::new(args)
            .filter(filter.clone())
            .skip_outputs(outputs.iter().map(PathBuf::as_path))
    };
    // Inputs first: a run that cannot start must not touch the outputs of the last one.
    let show = !args.quiet && std::io::stderr().is_terminal();
    let (inputs, total): (Box<dyn Iterator<Item = Input> + Send>, Option<u64>) =
        match &args.input_jsonl {
            Some(source) => match open_jsonl(source, args.max_file_size) {
                Ok(inputs) => (Box::new(batch::sharded(inputs, args.shard)), None),
                Err(e) => return fatal(e),
            },
            None => {
                // Counting first costs one extra directory walk; only worth it for the ETA.
                let total = show
                    .then(|| batch::sharded(walk(args.inputs.clone()), args.shard).count() as u64);
                let inputs = batch::sharded(walk(args.inputs.clone()), args.shard);
                (Box::new(inputs), total)
            }
        };
    let jsonl = match (&args.output, table_format) {
        (Some(path), _) => match JsonlSink::file(path) {
            Ok(sink) => Some(sink),
            Err(e) => return fatal(e),
        },
        (None, None) => Some(JsonlSink::stdout()),
        (None, Some(_)) => None,
    };
    let tables = match (table_format, args.to.get(1)) {
        (Some(kind), Some(dir)) => match TableSink::open(kind, dir.as_ref()) {
            Ok(sink) => Some(sink),
            Err(e) => return fatal(e),
        },
        _ => None,
    };
    let options = batch::Options {
        read: read::Options {
            forced: args.forced,
            max_file_size: args.max_file_size,
            members: filter,
            shard: args.shard,
        },
        jobs: job_count(args.jobs),
        window: 0,
    };
    let bar = progress_bar(total, show);
    let mut sink = NameErrors {
        inner: Outputs { jsonl, tables },
        bar: bar.clone(),
        named: 0,
        more: 0,
    };
    let result = batch::run(inputs, &mut sink, &options, &Bar(bar.clone()));
    bar.finish_and_clear();
    let summary = match result.and_then(|s| sink.finish().map(|()| s)) {
        Ok(s) => s,
        Err(e) => return failed(e),
    };
    if !args.quiet {
        eprintln!("{}", summary_line(&summary));
    }
    let failed_on = args.fail_on.iter().find(|c| match c {
        FailOn::Unknown => summary.count(Format::Unknown) > 0,
        FailOn::Warning => summary.warnings > 0,
    });
    if let (Some(c), false) = (failed_on, args.quiet) {
        let what = match c {
            FailOn::Unknown => format!(
                "{} record(s) read with no known layout (format \"unknown\")",
                summary.count(Format::Unknown)
            ),
            FailOn::Warning => format!("{} warning(s)", summary.warnings),
        };
        eprintln!("trialparse: failing (--fail-on): {what}");
    }
    ExitCode::from(u8::from(summary.errors > 0 || failed_on.is_some()))
}

fn open_jsonl(
    source: &std::ffi::OsStr,
    max_line: u64,
) -> Result<Box<dyn Iterator<Item = Input> + Send>, batch::BatchError> {
    if source == "-" {
        let stdin = BufReader::with_capacity(1 << 16, std::io::stdin());
        return Ok(Box::new(JsonlInputs::new("-", stdin).max_line(max_line)));
    }
    let name = read::path::from_os(source);
    let file = std::fs::File::open(Path::new(source)).map_err(|e| batch::BatchError::Read {
        path: name.clone(),
        source: e,
    })?;
    Ok(Box::new(
        JsonlInputs::new(name, BufReader::with_capacity(1 << 16, file)).max_line(max_line),
    ))
}

/// `trialparse: 1320 records (719 registry_json, 600 registry_xml, 1 unknown), 0 errors, …`
fn summary_line(s: &Summary) -> String {
    let formats: Vec<String> = s
        .formats
        .iter()
        .map(|(f, n)| format!("{n} {}", f.name()))
        .collect();
    let formats = if formats.is_empty() {
        String::new()
    } else {
        format!(" ({})", formats.join(", "))
    };
    format!(
        "trialparse: {} records{formats}, {} errors, {} warnings, {:.1} MB in {:.2} s ({:.1} MB/s, {:.0} records/s)",
        s.pages,
        s.errors,
        s.warnings,
        s.mb(),
        s.elapsed.as_secs_f64(),
        s.mb_per_sec(),
        s.pages_per_sec()
    )
}

fn run_show(args: ShowArgs) -> ExitCode {
    let read = read::Options {
        forced: args.forced,
        ..read::Options::default()
    };
    if args.batch {
        let Some(dir) = &args.output else {
            usage_error("--batch needs -o DIR, the report directory");
        };
        let options = report::Options {
            read,
            jobs: args.jobs.map_or(0, NonZeroUsize::get),
            sample: args.sample.map(|n| report::Sample {
                n,
                seed: args.seed.unwrap_or(0),
            }),
        };
        let summary = match report::write(PathInputs::new(args.inputs), dir, &options) {
            Ok(s) => s,
            Err(e) => return fatal(e),
        };
        if !args.quiet {
            eprintln!(
                "trialparse: {} pages, {} errors, {} warnings → {}",
                summary.pages,
                summary.errors,
                summary.warnings,
                dir.join("index.html").display()
            );
        }
        return ExitCode::from(u8::from(summary.errors > 0));
    }
    let mut inputs = PathInputs::new(args.inputs);
    let (Some(input), None) = (inputs.next(), inputs.next()) else {
        usage_error("show takes one page; use --batch -o DIR for several or a directory");
    };
    // One page: the input must hold exactly one record (a container or archive of several
    // is a report, `--batch`).
    let mut shown = Vec::new();
    show::input::each(input, &read, &mut |s| {
        shown.push(s);
        if shown.len() > 1 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    let one = match (shown.pop(), shown.pop()) {
        (Some(one), None) => one,
        (None, _) => usage_error("that input holds no record to show"),
        (Some(_), Some(_)) => {
            usage_error("that input holds several records; use --batch -o DIR to view them all")
        }
    };
    let rec = one.record;
    let html = show::page(&rec, &one.bytes, one.base);
    let written = match &args.output {
        Some(path) => write_file(path, html.as_bytes()),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(html.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|source| batch::BatchError::Write {
                    path: "<stdout>".into(),
                    source,
                })
        }
    };
    if let Err(e) = written {
        return fatal(e);
    }
    if let Some(e) = &rec.error {
        eprintln!("trialparse: {e}");
    }
    ExitCode::from(u8::from(rec.error.is_some()))
}

fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<(), batch::BatchError> {
    let mut f = trialparse::output::AtomicFile::create(path)?;
    f.write_all(bytes)
        .map_err(|source| batch::BatchError::Write {
            path: path.to_string_lossy().into_owned(),
            source,
        })?;
    f.finish()
}

fn run_diff(args: DiffArgs) -> ExitCode {
    let options = diff::Options {
        key: args.key.clone(),
        strip_prefixes: args.strip_prefix.clone(),
    };
    let (mut old, mut new) = match (
        diff::Run::open(&args.old, &options),
        diff::Run::open(&args.new, &options),
    ) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => return fatal(e),
    };
    for (name, run) in [(&args.old, &old), (&args.new, &new)] {
        if run.duplicates > 0 {
            eprintln!(
                "trialparse: note: {}: {} keys occur more than once; paired in order",
                name.display(),
                run.duplicates
            );
        }
        if run.unkeyed > 0 {
            eprintln!(
                "trialparse: note: {}: {} records have no {}; paired by path",
                name.display(),
                run.unkeyed,
                args.key.as_deref().unwrap_or("key")
            );
        }
    }
    let (old_len, new_len) = (old.len(), new.len());
    let mut cmp = diff::Comparison::new(&mut old, &mut new);
    let label = |run: &diff::Run, i: &usize| run.entries()[*i].key.to_string();
    let removed: Vec<String> = cmp.removed.iter().map(|i| label(cmp.old, i)).collect();
    let added: Vec<String> = cmp.added.iter().map(|i| label(cmp.new, i)).collect();
    let as_json = |run: &diff::Run, idx: &[usize]| {
        let keys: Vec<serde_json::Value> = idx
            .iter()
            .map(|&i| {
                let e = &run.entries()[i];
                diff::key_json(&e.key, &e.path, &options)
            })
            .collect();
        serde_json::Value::Array(keys)
    };
    let (removed_json, added_json) = (as_json(cmp.old, &cmp.removed), as_json(cmp.new, &cmp.added));
    let mut page = match &args.html {
        Some(dest) => {
            let (old_name, new_name) = (args.old.to_string_lossy(), args.new.to_string_lossy());
            let runs = diff_page::Runs {
                old_name: &old_name,
                new_name: &new_name,
                old_len,
                new_len,
                by: args.key.as_deref().unwrap_or("path"),
                removed: &removed,
                added: &added,
            };
            match diff_page::DiffPage::create(dest, &runs) {
                Ok(p) => Some(p),
                Err(e) => return fatal(e),
            }
        }
        None => None,
    };
    let mut out = std::io::stdout().lock();
    let mut changed = 0usize;
    let mut written = if args.json {
        write!(out, "{{\"added\":{added_json},\"changed\":[")
    } else {
        Ok(())
    };
    while let Some(next) = cmp.next_changed() {
        let c = match next {
            Ok(c) => c,
            Err(e) => return fatal(e),
        };
        changed += 1;
        if written.is_ok() {
            written = if args.json {
                let sep = if changed > 1 { "," } else { "" };
                write!(out, "{sep}{}", diff::changed_json(&c, &options))
            } else {
                out.write_all(diff::render_changed(&c).as_bytes())
            };
        }
        if let Some(p) = &mut page {
            if let Err(e) = p.record(&c) {
                return fatal(e);
            }
        }
    }
    let equal = changed == 0 && removed.is_empty() && added.is_empty();
    if written.is_ok() {
        written = if args.json {
            writeln!(out, "],\"equal\":{equal},\"removed\":{removed_json}}}")
        } else if equal {
            writeln!(out, "no differences ({old_len} records)")
        } else {
            let lines: String = removed
                .iter()
                .map(|k| format!("{k}: removed\n"))
                .chain(added.iter().map(|k| format!("{k}: added\n")))
                .collect();
            write!(out, "{lines}").and_then(|()| {
                writeln!(
                    out,
                    "{changed} changed, {} removed, {} added",
                    removed.len(),
                    added.len()
                )
            })
        };
    }
    if let Some(p) = page {
        if let Err(e) = p.finish() {
            return fatal(e);
        }
    }
    match written.and_then(|()| out.flush()) {
        Err(e) if broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => fatal(format!("<stdout>: {e}")),
        Ok(()) => ExitCode::from(u8::from(!equal)),
    }
}

fn run_bench(args: BenchArgs) -> ExitCode {
    use std::fmt::Write as _;
    let Some(dir) = args.dir.as_deref().filter(|_| !args.scaling) else {
        return run_scaling(args.repeat);
    };
    let corpus = match Corpus::load_as(dir, &args.ext, args.forced) {
        Ok(c) => c,
        Err(e) => return fatal(e),
    };
    if corpus.pages.is_empty() {
        let filter = if args.ext.is_empty() {
            String::new()
        } else {
            format!(" with extension {}", args.ext.join(", "))
        };
        return fatal(format!("{dir}: no pages{filter} to time"));
    }
    let report = match bench::bench(&corpus, job_count(args.jobs), args.repeat) {
        Ok(r) => r,
        Err(e) => return fatal(e),
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "corpus: {} pages, {:.1} MB; timed: decode, detect, parse, extract, serialise to \
         JSON Lines (output discarded); best of {} runs",
        corpus.pages.len(),
        corpus.bytes() as f64 / 1e6,
        args.repeat.max(1)
    );
    let threads = report.total().map_or(1, |r| r.parallel.threads);
    let _ = writeln!(
        out,
        "{:<18} {:>6} {:>7} {:>10} {:>10} {:>8} {:>10} {:>10}",
        "layout",
        "pages",
        "MB",
        "1t MB/s",
        format!("{threads}t MB/s"),
        "speedup",
        "1t cpu",
        format!("{threads}t cpu"),
    );
    let cpu = |t: &bench::Timing| t.mb_per_cpu_sec().map_or("-".into(), |v| format!("{v:.1}"));
    for row in &report.rows {
        let _ = writeln!(
            out,
            "{:<18} {:>6} {:>7.1} {:>10.1} {:>10.1} {:>7.2}x {:>10} {:>10}",
            row.layout.map_or("all", Format::name),
            row.single.pages,
            row.single.bytes as f64 / 1e6,
            row.single.mb_per_sec(),
            row.parallel.mb_per_sec(),
            row.speedup(),
            cpu(&row.single),
            cpu(&row.parallel),
        );
    }
    let _ = writeln!(
        out,
        "(MB/s: wall clock; cpu: MB per CPU-second of the run's threads, i.e. per core)"
    );
    print(&out)
}

/// `bench --scaling`: each extractor's time on growing criteria of each shape, with the
/// exponent of its growth.
fn run_scaling(repeat: usize) -> ExitCode {
    use std::fmt::Write as _;
    use trialparse::batch::scaling;
    let mut out = String::new();
    let curves = scaling::curves(repeat);
    let sizes: Vec<String> = scaling::SIZES
        .iter()
        .map(|s| format!("{} KB", s >> 10))
        .collect();
    let _ = writeln!(
        out,
        "one criterion of each shape at {}; best of {} runs; exponent of time over size (1 linear, 2 quadratic)",
        sizes.join(", "),
        repeat.max(1)
    );
    let _ = writeln!(
        out,
        "{:<20} {:<12} {:>12} {:>9}",
        "shape", "stage", "ms at max", "exponent"
    );
    for c in &curves {
        let last = c.times.last().map_or(0.0, |t| t.1.as_secs_f64() * 1e3);
        let _ = writeln!(
            out,
            "{:<20} {:<12} {:>12.3} {:>9.2}",
            c.shape, c.stage, last, c.exponent
        );
    }
    let worst = curves
        .iter()
        .filter(|c| c.times.last().is_some_and(|t| t.1.as_secs_f64() > 1e-3))
        .map(|c| c.exponent)
        .fold(0.0, f64::max);
    let _ = writeln!(out, "(largest exponent among stages over 1 ms: {worst:.2})");
    print(&out)
}
