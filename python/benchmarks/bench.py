"""Python vs CLI throughput on the same files (a benchmark, not a test).

    cargo build --release
    maturin develop --release            # or: pip install .
    python python/benchmarks/bench.py ../shared/corpus/pages [--cli target/release/trialparse]

Measures, each over ROUNDS rounds with the Python and CLI runs taken in turn (so a drift of
the machine's speed hits both), and reports medians of wall-clock and of CPU time (user +
system of all threads: what the work costs, which other load on a shared machine barely
moves):

1. parse per page, one thread, pages in memory: `trialparse.parse(bytes)` for every page vs
   `trialparse bench DIR --jobs 1` (the CLI's in-memory pipeline, serialising each record to a
   JSON line);
2. extract, all cores: `for r in trialparse.extract(DIR)` vs `trialparse extract DIR > /dev/null`
   (the CLI's start-up included, so its figure is slightly pessimistic);
3. tables: `trialparse.tables(DIR)` (parse + seven Arrow tables) vs
   `trialparse extract --to parquet` (parse + the same tables written as Parquet).
"""

import argparse
import os
import resource
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import time

import trialparse


def files(root: pathlib.Path, exts):
    out = []
    for p in sorted(root.rglob("*")):
        if p.is_file() and (not exts or p.name.split(".", 1)[-1] in exts):
            out.append(p)
    return out


def cpu_seconds():
    """CPU seconds used so far by this process (all threads) and by its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def timed(fn):
    """(wall seconds, CPU seconds of this process or of the child it ran)."""
    wall, (own, kids) = time.perf_counter(), cpu_seconds()
    fn()
    wall = time.perf_counter() - wall
    own2, kids2 = cpu_seconds()
    return wall, (kids2 - kids) if kids2 > kids else (own2 - own)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=pathlib.Path)
    ap.add_argument("--cli", default="target/release/trialparse")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    cli = args.cli

    every = files(args.dir, None)
    pages_ext = ["find.txt", "find.html", "view.txt", "json"]
    pages = [(str(p), p.read_bytes()) for p in files(args.dir, pages_ext)]
    mb_pages = sum(len(b) for _, b in pages) / 1e6
    mb_all = sum(p.stat().st_size for p in every) / 1e6
    print(f"{args.dir}: {len(every)} files, {mb_all:.1f} MB; {len(pages)} pages ({mb_pages:.1f} MB) for parse")

    def py_parse():
        for path, data in pages:
            trialparse.parse(data, path=path)

    def cli_parse_mb_s():
        out = subprocess.run(
            [cli, "bench", str(args.dir), "--jobs", "1", "--repeat", "1", "--ext", ",".join(pages_ext)],
            capture_output=True, text=True, check=True,
        ).stdout
        row = next(l for l in out.splitlines() if l.startswith("all")).split()
        return float(row[3]), float(row[6])  # the "1t MB/s" and "1t cpu" columns

    def py_extract():
        for _ in trialparse.extract(str(args.dir)):
            pass

    def cli_extract():
        with open(os.devnull, "wb") as null:
            subprocess.run([cli, "extract", "--quiet", str(args.dir)], stdout=null, check=True)

    out_dir = tempfile.mkdtemp(prefix="tp-bench-")

    def py_tables():
        t = trialparse.tables(str(args.dir))
        assert t["trials"].num_rows == len(every)

    def cli_parquet():
        subprocess.run([cli, "extract", "--quiet", "--to", "parquet", out_dir, str(args.dir)], check=True)

    py_tables()  # warm: page cache, regex caches
    runs = {k: [] for k in ("parse_py", "parse_cli", "extract_py", "extract_cli", "tables_py", "parquet_cli")}
    for _ in range(args.rounds):
        wall, cpu = timed(py_parse)
        runs["parse_py"].append((mb_pages / wall, mb_pages / cpu))
        runs["parse_cli"].append(cli_parse_mb_s())
        runs["extract_py"].append(timed(py_extract))
        runs["extract_cli"].append(timed(cli_extract))
        runs["tables_py"].append(timed(py_tables))
        runs["parquet_cli"].append(timed(cli_parquet))
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
    n = len(every)
    print(f"median of {args.rounds} rounds, {os.cpu_count()} cores; wall clock, then per CPU-second")
    (pw, pc), (cw, cc) = med["parse_py"], med["parse_cli"]
    print(f"parse, 1 thread, MB/s:   Python {pw:.1f} (cpu {pc:.1f})   CLI bench {cw:.1f} (cpu {cc:.1f})   Python/CLI {pw / cw:.2f} (cpu {pc / cc:.2f})")
    (pw, pc), (cw, cc) = med["extract_py"], med["extract_cli"]
    print(f"extract, all cores, s:   Python {pw:.3f} (cpu {pc:.3f}, {n / pw:.0f} pages/s)   CLI {cw:.3f} (cpu {cc:.3f}, {n / cw:.0f} pages/s)   Python/CLI throughput {cw / pw:.2f} (cpu {cc / pc:.2f})")
    (pw, pc), (cw, cc) = med["tables_py"], med["parquet_cli"]
    print(f"tables, s:   Python tables() {pw:.3f} (cpu {pc:.3f})   CLI --to parquet {cw:.3f} (cpu {cc:.3f})")
    print("all rounds (wall, cpu):", {k: [(round(w, 3), round(c, 3)) for w, c in v] for k, v in runs.items()})

if __name__ == "__main__":
    sys.exit(main())
