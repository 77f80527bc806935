"""Python vs CLI throughput on the same files (a benchmark, not a test).

    cargo build --release
    maturin develop --release            # or: pip install .
    python python/benchmarks/bench.py ../shared/corpus/pages [--cli target/release/trialparse]

Measures, each over ROUNDS rounds with the Python and CLI runs taken in turn (so a drift of
the machine's speed hits both), and reports medians:

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


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


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
        row = next(l for l in out.splitlines() if l.startswith("all"))
        return float(row.split()[3])  # the "1t MB/s" column

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
    results = {k: [] for k in ("parse_py", "parse_cli", "extract_py", "extract_cli", "tables_py", "parquet_cli")}
    for _ in range(args.rounds):
        results["parse_py"].append(mb_pages / timed(py_parse))
        results["parse_cli"].append(cli_parse_mb_s())
        results["extract_py"].append(timed(py_extract))
        results["extract_cli"].append(timed(cli_extract))
        results["tables_py"].append(timed(py_tables))
        results["parquet_cli"].append(timed(cli_parquet))
    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"median of {args.rounds} rounds, {os.cpu_count()} cores")
    print(f"parse, 1 thread:  Python {med['parse_py']:.1f} MB/s   CLI bench {med['parse_cli']:.1f} MB/s   Python/CLI {med['parse_py'] / med['parse_cli']:.2f}")
    print(f"extract, all cores: Python {med['extract_py']:.3f} s ({len(every) / med['extract_py']:.0f} pages/s)   CLI {med['extract_cli']:.3f} s ({len(every) / med['extract_cli']:.0f} pages/s)   Python/CLI throughput {med['extract_cli'] / med['extract_py']:.2f}")
    print(f"tables: Python tables() {med['tables_py']:.3f} s   CLI --to parquet {med['parquet_cli']:.3f} s")
    print("all rounds:", {k: [round(x, 3) for x in v] for k, v in results.items()})


if __name__ == "__main__":
    sys.exit(main())
