"""trialparse.spark really runs in PySpark (local[2]) and gives the CLI's records."""

import os
import pathlib
import shutil
import sys

import pytest

import trialparse
import trialparse.spark
from conftest import cli_records

# CI sets TRIALPARSE_REQUIRE_SPARK=1: there a missing PySpark or Java is a failure, not a skip.
REQUIRED = os.environ.get("TRIALPARSE_REQUIRE_SPARK") == "1"


def _spark_available() -> str:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed"
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        return "no Java runtime"
    return ""


missing = _spark_available()
if missing and REQUIRED:
    raise RuntimeError(f"TRIALPARSE_REQUIRE_SPARK=1 but {missing}")
pytestmark = pytest.mark.skipif(bool(missing), reason=missing)


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # Workers run this interpreter (the one with trialparse and pyarrow), not `python3`.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("trialparse-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        # Small Arrow batches: every task parses several batches.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
        .getOrCreate()
    )
    yield session
    session.stop()


def _local(uri: str) -> str:
    """`file:/tmp/x` (binaryFile's path) as a local path."""
    return uri[len("file:"):] if uri.startswith("file:") else uri


def test_spark_extract_gives_the_cli_records(spark, cli, copies):
    pages = copies(320)
    records = {r["path"]: r for r in cli_records(cli, str(pages))}
    df = spark.read.format("binaryFile").load(str(pages)).repartition(4)

    trials = trialparse.spark.extract(df).collect()
    # Spark's file sources skip zero-length files, so the empty fixture's copies never reach
    # the parser; every other file gives one row.
    empty = {p for p in records if os.path.getsize(p) == 0}
    assert empty
    assert sorted(_local(r["path"]) for r in trials) == sorted(set(records) - empty)
    for row in trials:
        row = row.asDict(recursive=True)
        rec = records[_local(row["path"])]
        qf = rec["quick_facts"]
        assert row["nct_id"] == rec["nct_id"]
        assert row["format"] == rec["format"]
        assert row["title_official"] == rec["titles"]["official"]
        assert row["conditions"] == rec["conditions"]
        assert row["phases"] == qf["phases"]
        assert (row["last_reviewed"] and row["last_reviewed"].isoformat()) == rec["last_reviewed"]
        assert row["locations_listed"] == (qf["locations"] and qf["locations"]["listed"])
        assert row["warning_count"] == len(rec["warnings"])
        assert row["error"] == rec["error"]

    tables = trialparse.spark.tables(df, names=["criteria", "lab_thresholds"])
    crit = tables["criteria"].groupBy("path").count().collect()

    def count(items):
        return sum(1 + count(c["children"]) for c in items)

    for row in crit:
        rec = records[_local(row["path"])]
        assert row["count"] == count(sum(rec["eligibility"].values(), []))
    labs = tables["lab_thresholds"].select("path", "analyte", "value", "span_start").collect()
    want = sorted(
        (p, t["analyte"] or "", float(t["value"]), t["span"][0])
        for p, r in records.items()
        for t in r["lab_thresholds"]
    )
    got = sorted((_local(r["path"]), r["analyte"] or "", r["value"], r["span_start"]) for r in labs)
    assert got == want and len(got) > 100


def test_spark_arguments_are_checked(spark, copies):
    df = spark.read.format("binaryFile").load(str(copies(2)))
    with pytest.raises(ValueError, match="unknown table 'trial'"):
        trialparse.spark.extract(df, table="trial")
    with pytest.raises(ValueError, match="no content column 'body'"):
        trialparse.spark.extract(df, content="body")
    assert [f.name for f in trialparse.spark.spark_schema("warnings")] == [
        "path", "nct_id", "code", "message", "span_start", "span_end"
    ]
