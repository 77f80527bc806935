"""Records from Python equal the CLI's JSON lines, field for field."""

import itertools
import os
import pathlib

import pytest

import trialparse
from conftest import CORPUS, cli_records, fixtures


@pytest.mark.parametrize("path", fixtures(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_parse_file_equals_the_cli_line_for_every_fixture(cli, path):
    expected = cli_records(cli, str(path))
    if len(expected) == 1:
        assert trialparse.parse_file(str(path)) == expected[0]
        assert trialparse.parse_file(pathlib.Path(path)) == expected[0]
    else:
        # A container or an archive: one dict cannot hold it; extract() gives every record.
        with pytest.raises(ValueError, match="several records" if expected else "no record"):
            trialparse.parse_file(path)
        assert list(trialparse.extract([path])) == expected


@pytest.mark.parametrize("path", fixtures(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_parse_of_the_bytes_equals_the_cli_line(cli, path):
    expected = cli_records(cli, str(path))
    data = path.read_bytes()
    if len(expected) == 1:
        assert trialparse.parse(data, path=str(path)) == expected[0]
    else:
        with pytest.raises(ValueError, match="several records" if expected else "no record"):
            trialparse.parse(data, path=str(path))
        assert list(trialparse.extract([(str(path), data)])) == expected


def test_parse_of_str_reads_its_utf8_encoding(cli):
    path = CORPUS / "004_d666156634f9ad67.txt"
    [expected] = cli_records(cli, str(path))
    expected["path"] = "<memory>"
    assert trialparse.parse(path.read_text(encoding="utf-8")) == expected


def test_types_are_json_types():
    rec = trialparse.parse_file(CORPUS / "004_d666156634f9ad67.txt")
    assert rec["schema_version"] == trialparse.SCHEMA_VERSION
    assert isinstance(rec["eligibility"]["inclusion"][0]["span"], list)
    assert rec["quick_facts"]["enrollment"] == {"count": 9, "type": "ESTIMATED"}
    values = [t["value"] for t in rec["lab_thresholds"]]
    assert values[:5] == [5, 2, 3, 3, 1.5]
    assert [type(v) for v in values[:5]] == [int, int, int, int, float]
    assert rec["error"] is None


def test_extract_of_the_corpus_equals_the_cli_run(cli):
    expected = cli_records(cli, str(CORPUS))
    # Containers and archives hold several records each.
    assert len(expected) > len(fixtures())
    assert list(trialparse.extract(str(CORPUS))) == expected
    assert list(trialparse.extract([CORPUS])) == expected


def test_extract_keeps_input_order_in_parallel(cli, copies):
    pages = copies(700)
    expected = cli_records(cli, str(pages))
    names = sorted(str(p) for p in pages.iterdir())
    assert [r["path"] for r in expected] == names
    for jobs in (1, 2, 4):
        assert list(trialparse.extract(pages, jobs=jobs)) == expected, jobs
    # Arguments keep the order given, as on the command line.
    args = [names[5], names[1], str(pages), names[0]]
    got = [r["path"] for r in trialparse.extract(args, jobs=2)]
    assert got == [names[5], names[1], *names, names[0]]


def test_extract_of_pages_in_memory_equals_the_files(copies):
    pages = copies(50)
    files = sorted(pages.iterdir())
    in_memory = [(str(p), p.read_bytes()) for p in files]
    assert list(trialparse.extract(in_memory, jobs=2)) == list(trialparse.extract(pages))


def test_forced_format_matches_the_cli(cli):
    path = str(CORPUS / "edge" / "criteria_only.criteria.txt")
    assert list(trialparse.extract(path, format="criteria")) == cli_records(cli, "--as", "criteria", path)
    assert trialparse.parse_file(path, format="criteria_text")["format"] == "criteria_text"


def test_bad_inputs_are_records_not_exceptions(cli, tmp_path):
    good = str(CORPUS / "004_d666156634f9ad67.txt")
    missing = str(tmp_path / "no-such-file.txt")
    expected = cli_records(cli, missing, good)
    got = list(trialparse.extract([missing, good]))
    assert got == expected
    assert got[0]["error"].startswith(f"{missing}: cannot read:")
    assert got[1]["error"] is None and got[1]["nct_id"] == "NCT06307600"
    assert trialparse.parse_file(missing) == expected[0]
    assert trialparse.parse_file(tmp_path)["error"].startswith(f"{tmp_path}: cannot read:")

    binary = trialparse.parse(bytes(range(256)) * 64, path="junk.bin")
    assert binary["format"] == "unknown"
    codes = {w["code"] for w in binary["warnings"]}
    assert {"invalid_utf8", "nul_bytes"} <= codes
    empty = trialparse.parse(b"")
    assert [w["code"] for w in empty["warnings"]] == ["empty_input"]


def test_a_huge_input_gives_a_whole_record():
    n = 100_000
    # 4.4 MB, 100k criteria: dense, but within the caps on what one input may cost
    # (SCHEMA.md, Per-file errors).
    criterion = b"Age >= 18 years at the time of signing consent"
    page = b"Inclusion Criteria:\n" + (b"* " + criterion + b"\n") * n
    rec = trialparse.parse(page, format="criteria")
    assert rec["error"] is None
    assert len(rec["eligibility"]["inclusion"]) == n
    assert len(rec["ages"]) == n
    last = rec["eligibility"]["inclusion"][-1]
    assert page[last["span"][0]:last["span"][1]] == criterion
    [again] = trialparse.extract([("big.txt", page)], format="criteria")
    assert again["path"] == "big.txt" and len(again["ages"]) == n


def test_stopping_early_ends_the_run(copies):
    pages = copies(600)
    first = list(itertools.islice(trialparse.extract(pages, jobs=2), 3))
    assert len(first) == 3
    # The abandoned run does not hold anything up: a new one runs to the end.
    assert sum(1 for _ in trialparse.extract(pages, jobs=2)) == 600


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: trialparse.parse(123), TypeError, "data must be bytes or str, not int"),
        (lambda: trialparse.parse(b"x", format="pdf"), ValueError, "unknown format \"pdf\"; expected one of: find_a_trial"),
        (lambda: trialparse.parse_file(CORPUS, format=3), TypeError, ""),
        (lambda: trialparse.extract(CORPUS, jobs=0), ValueError, "jobs must be a positive number of threads"),
        (lambda: trialparse.extract(CORPUS, jobs=-2), ValueError, "not -2"),
        (lambda: trialparse.extract(CORPUS, jobs="2"), TypeError, "jobs must be an int or None, not str"),
        (lambda: trialparse.extract(CORPUS, jobs=True), TypeError, "jobs must be an int or None, not bool"),
        (lambda: trialparse.extract(CORPUS, format=1), TypeError, "format must be a str or None, not int"),
        (lambda: trialparse.extract(42), TypeError, "inputs must be a path, an iterable of paths"),
        (lambda: trialparse.extract(b"corpus"), TypeError, "inputs must be a path"),
        (lambda: trialparse.extract([CORPUS, 7]), TypeError, "each input must be a path"),
        (lambda: trialparse.extract([CORPUS, ("a", b"x")]), TypeError, "inputs mix paths and (path, content) pairs"),
        (lambda: trialparse.extract([("a", 5)]), TypeError, "a page's content must be bytes or str, not int (page 'a')"),
        (lambda: trialparse.extract([(5, b"x")]), TypeError, "a page's path must be str, not int"),
        (lambda: trialparse.tables(CORPUS, names=["trial"]), ValueError, "unknown table \"trial\"; expected one of: trials, criteria"),
        (lambda: trialparse.schema("nope"), ValueError, "unknown table"),
    ],
)
def test_bad_arguments_raise_with_a_clear_message(call, error, message):
    with pytest.raises(error) as info:
        call()
    assert message in str(info.value)


def test_module_constants():
    assert trialparse.TABLES == ["trials", "criteria", "lab_thresholds", "ages", "performance_status", "mutations", "warnings"]
    assert "study_view" in trialparse.FORMATS and "html" in trialparse.FORMATS
    assert trialparse.__version__.count(".") == 2
