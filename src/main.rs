//! The `trialparse` command line: `extract` pages to JSON Lines or tables, `diff` two runs,
//! `bench` the pipeline. All the work is in the library; this file parses arguments, shows
//! progress and turns outcomes into exit codes.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{CommandFactory, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::io::{BufReader, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;
use trialparse::batch::bench::{self, Corpus};
use trialparse::batch::{self, Input, JsonlInputs, PathInputs, Progress, Shard, Summary};
use trialparse::output::jsonl::JsonlSink;
use trialparse::output::tables::{TableFormat, TableSink};
use trialparse::output::{Outputs, Sink};
use trialparse::{diff, Format, Record};

/// Exit code for bad usage and for runs that could not proceed (clap uses it too).
const USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "trialparse",
    version,
    about = "Turn scraped clinical-trial pages into structured, auditable JSON records",
    long_about = "Turn scraped clinical-trial pages (patient-facing pages as text or HTML, \
                  study views, registry JSON) into one structured JSON record per page, with \
                  the byte span of every extracted value."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse pages and write one record per page (JSON Lines by default).
    #[command(
        after_help = "Exit status: 0 when every input was read, 1 when some input could \
                            not be read (its record has an \"error\"; all others are still \
                            written), 2 on bad usage or when the output cannot be written."
    )]
    Extract(ExtractArgs),
    /// Compare two JSON Lines runs record by record (matched by path).
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
    /// Files or directories to read (directories recursively, in path order); `-` reads
    /// standard input as one page.
    #[arg(value_name = "INPUT", required_unless_present = "input_jsonl")]
    inputs: Vec<String>,

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
    #[arg(long, value_name = "FILE", conflicts_with = "inputs")]
    input_jsonl: Option<String>,

    /// Process only share K of N (0-based): the inputs whose path hashes to K modulo N. Run N
    /// workers with K = 0..N-1 to cover every input exactly once.
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,

    /// Write flat tables instead of JSON Lines: `--to csv DIR` (DIR/TABLE.csv) or `--to
    /// parquet DIR` (DIR/TABLE/part-NNNNN.parquet). Add `-o FILE` to also write JSON Lines in
    /// the same pass.
    #[arg(long, num_args = 2, value_names = ["KIND", "DIR"])]
    to: Vec<String>,

    /// No progress bar and no summary line.
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

/// `--as` values: every name in `Format::ALL` plus the short aliases.
fn format_parser() -> impl TypedValueParser<Value = Format> {
    let names = Format::ALL
        .iter()
        .map(|(_, n)| *n)
        .chain(["criteria", "html", "json"]);
    PossibleValuesParser::new(names).map(|s| Format::from_name(&s).unwrap_or(Format::Unknown))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => extract(args),
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

/// Progress bar on a terminal; counts records as workers finish them.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn record_done(&self, _: &Record, _: u64) {
        self.0.inc(1);
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
    // Inputs first: a run that cannot start must not touch the outputs of the last one.
    let show = !args.quiet && std::io::stderr().is_terminal();
    let (inputs, total): (Box<dyn Iterator<Item = Input>>, Option<u64>) = match &args.input_jsonl {
        Some(source) => match open_jsonl(source) {
            Ok(inputs) => (Box::new(batch::sharded(inputs, args.shard)), None),
            Err(e) => return fatal(e),
        },
        None => {
            // Counting first costs one extra directory walk; only worth it for the ETA.
            let total = show.then(|| {
                batch::sharded(PathInputs::new(args.inputs.clone()), args.shard).count() as u64
            });
            let inputs = batch::sharded(PathInputs::new(args.inputs), args.shard);
            (Box::new(inputs), total)
        }
    };
    let jsonl = match (&args.output, table_format) {
        (Some(path), _) => match JsonlSink::file(&path.to_string_lossy()) {
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
    let mut sink = Outputs { jsonl, tables };
    let options = batch::Options {
        forced: args.forced,
        jobs: args.jobs.map_or(0, NonZeroUsize::get),
        window: 0,
    };
    let bar = progress_bar(total, show);
    let result = batch::run(inputs, &mut sink, &options, &Bar(bar.clone()));
    bar.finish_and_clear();
    let summary = match result.and_then(|s| sink.finish().map(|()| s)) {
        Ok(s) => s,
        Err(e) => return fatal(e),
    };
    if !args.quiet {
        eprintln!("{}", summary_line(&summary));
    }
    ExitCode::from(u8::from(summary.errors > 0))
}

fn open_jsonl(source: &str) -> Result<Box<dyn Iterator<Item = Input>>, batch::BatchError> {
    if source == "-" {
        return Ok(Box::new(JsonlInputs::new("-", std::io::stdin().lock())));
    }
    let file = std::fs::File::open(source).map_err(|e| batch::BatchError::Read {
        path: source.to_owned(),
        source: e,
    })?;
    Ok(Box::new(JsonlInputs::new(
        source,
        BufReader::with_capacity(1 << 16, file),
    )))
}

fn summary_line(s: &Summary) -> String {
    format!(
        "trialparse: {} pages, {} errors, {} warnings, {:.1} MB in {:.2} s ({:.1} MB/s, {:.0} pages/s)",
        s.pages,
        s.errors,
        s.warnings,
        s.mb(),
        s.elapsed.as_secs_f64(),
        s.mb_per_sec(),
        s.pages_per_sec()
    )
}

fn run_diff(args: DiffArgs) -> ExitCode {
    let load = |p: &PathBuf| {
        let name = p.to_string_lossy().into_owned();
        let file = std::fs::File::open(p).map_err(|source| batch::BatchError::Read {
            path: name.clone(),
            source,
        })?;
        diff::Run::read(&name, BufReader::new(file))
    };
    let (old, new) = match (load(&args.old), load(&args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => return fatal(e),
    };
    let d = diff::diff_runs(&old, &new);
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        let body = serde_json::json!({
            "equal": d.is_empty(),
            "added": d.added,
            "removed": d.removed,
            "changed": d.changed,
        });
        writeln!(out, "{body}")
    } else if d.is_empty() {
        writeln!(out, "no differences ({} records)", old.len())
    } else {
        write!(out, "{}", diff::render(&d)).and_then(|()| {
            writeln!(
                out,
                "{} changed, {} removed, {} added",
                d.changed.len(),
                d.removed.len(),
                d.added.len()
            )
        })
    };
    if let Err(e) = written.and_then(|()| out.flush()) {
        return fatal(format!("<stdout>: {e}"));
    }
    ExitCode::from(u8::from(!d.is_empty()))
}

fn run_bench(args: BenchArgs) -> ExitCode {
    let Some(dir) = args.dir.as_deref().filter(|_| !args.scaling) else {
        return run_scaling(args.repeat);
    };
    let corpus = match Corpus::load_as(dir, &args.ext, args.forced) {
        Ok(c) => c,
        Err(e) => return fatal(e),
    };
    let jobs = args.jobs.map_or(0, NonZeroUsize::get);
    let report = match bench::bench(&corpus, jobs, args.repeat) {
        Ok(r) => r,
        Err(e) => return fatal(e),
    };
    println!(
        "corpus: {} pages, {:.1} MB; timed: decode, detect, parse, extract, serialise to \
         JSON Lines (output discarded); best of {} runs",
        corpus.pages.len(),
        corpus.bytes() as f64 / 1e6,
        args.repeat.max(1)
    );
    let threads = report.total().map_or(1, |r| r.parallel.threads);
    println!(
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
        println!(
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
    println!("(MB/s: wall clock; cpu: MB per CPU-second of the run's threads, i.e. per core)");
    ExitCode::SUCCESS
}

/// `bench --scaling`: each extractor's time on growing criteria of each shape, with the
/// exponent of its growth.
fn run_scaling(repeat: usize) -> ExitCode {
    use trialparse::batch::scaling;
    let curves = scaling::curves(repeat);
    let sizes: Vec<String> = scaling::SIZES
        .iter()
        .map(|s| format!("{} KB", s >> 10))
        .collect();
    println!(
        "one criterion of each shape at {}; best of {} runs; exponent of time over size          (1 linear, 2 quadratic)",
        sizes.join(", "),
        repeat.max(1)
    );
    println!(
        "{:<20} {:<12} {:>12} {:>9}",
        "shape", "stage", "ms at max", "exponent"
    );
    for c in &curves {
        let last = c.times.last().map_or(0.0, |t| t.1.as_secs_f64() * 1e3);
        println!(
            "{:<20} {:<12} {:>12.3} {:>9.2}",
            c.shape, c.stage, last, c.exponent
        );
    }
    let worst = curves
        .iter()
        .filter(|c| c.times.last().is_some_and(|t| t.1.as_secs_f64() > 1e-3))
        .map(|c| c.exponent)
        .fold(0.0, f64::max);
    println!("(largest exponent among stages over 1 ms: {worst:.2})");
    ExitCode::SUCCESS
}
