"""Shared fixtures: the repository's `corpus/`, and the CLI built from the same sources, whose
JSON lines and Parquet tables the Python results must equal."""

import json
import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def _cli() -> str:
    env = os.environ.get("TRIALPARSE_BIN")
    if env:
        return env
    for profile in ("debug", "release"):
        candidate = ROOT / "target" / profile / "trialparse"
        if candidate.exists():
            return str(candidate)
    found = shutil.which("trialparse")
    if found:
        return found
    raise RuntimeError("no trialparse binary: run `cargo build` or set TRIALPARSE_BIN")


@pytest.fixture(scope="session")
def cli() -> str:
    return _cli()


def run_cli(cli: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([cli, *args], capture_output=True, check=False)


def cli_records(cli: str, *args: str) -> list:
    """The records `trialparse extract ARGS` writes, parsed from its JSON lines."""
    out = run_cli(cli, "extract", "--quiet", *args)
    assert out.returncode in (0, 1), out.stderr.decode()
    return [json.loads(line) for line in out.stdout.splitlines()]


def fixtures() -> list:
    """Every fixture file in corpus/, in path order."""
    return sorted(p for p in CORPUS.rglob("*") if p.is_file())


def pages() -> list:
    """The fixtures that are one page each (not a container or an archive of several)."""
    several = {CORPUS / "archives", CORPUS / "containers"}
    return [p for p in fixtures() if p.parent not in several]


@pytest.fixture()
def copies(tmp_path):
    """A directory of `n` pages: the corpus fixtures copied under new names, in rotation."""

    def make(n: int) -> pathlib.Path:
        files = pages()
        out = tmp_path / "pages"
        out.mkdir()
        for i in range(n):
            src = files[i % len(files)]
            (out / f"p{i:05d}_{src.name}").write_bytes(src.read_bytes())
        return out

    return make
