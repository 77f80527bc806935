"""Arrow tables from Python equal the CLI's `--to parquet` tables, and have native types."""

import datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import trialparse
from conftest import CORPUS, cli_records, run_cli


@pytest.fixture(scope="module")
def cli_tables(cli, tmp_path_factory):
    out = tmp_path_factory.mktemp("parquet")
    done = run_cli(cli, "extract", "--quiet", "--to", "parquet", str(out), str(CORPUS))
    assert done.returncode == 0, done.stderr.decode()
    return {name: pq.read_table(out / name) for name in trialparse.TABLES}


@pytest.fixture(scope="module")
def py_tables():
    return trialparse.tables(CORPUS, jobs=2)


def test_every_table_equals_the_cli_parquet_table(cli_tables, py_tables):
    assert list(py_tables) == trialparse.TABLES
    for name in trialparse.TABLES:
        got, want = py_tables[name], cli_tables[name]
        assert got.schema.equals(want.schema, check_metadata=False), name
        assert got.num_rows == want.num_rows, name
        assert got.to_pylist() == want.to_pylist(), name
        assert got.schema.equals(trialparse.schema(name)), name


def test_row_counts_follow_the_records(cli, py_tables):
    records = cli_records(cli, str(CORPUS))

    def criteria(items):
        return sum(1 + criteria(c["children"]) for c in items)

    counts = {
        "trials": len(records),
        "criteria": sum(criteria(sum(r["eligibility"].values(), [])) for r in records),
        "lab_thresholds": sum(len(r["lab_thresholds"]) for r in records),
        "ages": sum(len(r["ages"]) for r in records),
        "performance_status": sum(len(r["performance_status"]) for r in records),
        "mutations": sum(max(1, len(m["variants"])) for r in records for m in r["mutations"]),
        "warnings": sum(len(r["warnings"]) for r in records),
    }
    assert {name: t.num_rows for name, t in py_tables.items()} == counts
    assert all(n > 0 for n in counts.values()), counts


def test_trial_rows_hold_native_values(cli, py_tables):
    path = str(CORPUS / "004_d666156634f9ad67.txt")
    [rec] = cli_records(cli, path)
    trials = py_tables["trials"]
    schema = trials.schema
    assert schema.field("conditions").type == pa.list_(pa.string())
    assert schema.field("last_reviewed").type == pa.date32()
    assert schema.field("locations_listed").type == pa.list_(
        pa.struct([("city", pa.string()), ("region", pa.string())])
    )
    row = next(r for r in trials.to_pylist() if r["path"] == path)
    qf = rec["quick_facts"]
    assert row["nct_id"] == rec["nct_id"] == "NCT06307600"
    assert row["conditions"] == rec["conditions"]
    assert row["phases"] == qf["phases"] == ["EARLY_PHASE1"]
    assert row["last_reviewed"] == datetime.date.fromisoformat(rec["last_reviewed"])
    assert row["locations_listed"] == qf["locations"]["listed"]
    assert row["enrollment_count"] == qf["enrollment"]["count"]
    assert row["age_max_years"] == qf["ages"]["max"]["years"]
    assert row["warning_count"] == len(rec["warnings"])


def test_span_columns_point_into_the_file(py_tables):
    labs = py_tables["lab_thresholds"].to_pylist()
    assert labs
    for row in labs:
        if row["path"].endswith(".txt") and "study_view" not in row["path"]:
            data = open(row["path"], "rb").read()
            assert data[row["span_start"]:row["span_end"]].decode("utf-8", "replace")


def test_pages_in_memory_give_the_same_tables(py_tables):
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    pages = [(str(p), p.read_bytes()) for p in files]
    got = trialparse.tables(pages, names=["trials", "criteria"])
    assert list(got) == ["trials", "criteria"]
    for name, table in got.items():
        assert table.equals(py_tables[name]), name


def test_no_inputs_give_empty_tables_with_their_schema():
    empty = trialparse.tables([])
    assert [t.num_rows for t in empty.values()] == [0] * 7
    assert empty["trials"].schema.equals(trialparse.schema("trials"))


def test_pandas_and_polars_read_the_tables(py_tables):
    pl = pytest.importorskip("polars")
    trials = py_tables["trials"].to_pandas()
    labs = py_tables["lab_thresholds"].to_pandas().merge(trials, on=["path", "nct_id"])
    assert len(labs) == py_tables["lab_thresholds"].num_rows
    frame = pl.from_arrow(py_tables["criteria"])
    assert frame.height == py_tables["criteria"].num_rows
    assert frame.schema["depth"] == pl.Int64
