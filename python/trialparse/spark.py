"""trialparse on Spark: parse pages inside the executors with ``mapInArrow``.

Read the pages with Spark's ``binaryFile`` source (one row per file: ``path``, ``content``
and some metadata), then::

    import trialparse.spark
    pages = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(DIR)
    trials = trialparse.spark.extract(pages)                  # the trials table
    tables = trialparse.spark.tables(pages)                   # every table, by name
    tables["lab_thresholds"].write.parquet("out/lab_thresholds")

Each Arrow batch of pages is parsed by the Rust library in the executor that holds it and
comes back as Arrow batches of the chosen table (native types: lists, dates), so nothing
passes through the driver. Spark's file sources skip zero-length files: an empty page gets
no row (``trialparse.extract`` gives it a record with an ``empty_input`` warning). The executors need the ``trialparse`` wheel installed (or shipped
with ``--py-files``/``spark.archives``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Iterable, Iterator, Optional

import trialparse

if TYPE_CHECKING:
    import pyarrow
    from pyspark.sql import DataFrame
    from pyspark.sql.types import DataType, StructType

__all__ = ["extract", "tables", "spark_schema"]


def _spark_type(arrow_type: "pyarrow.DataType") -> "DataType":
    import pyarrow as pa
    from pyspark.sql import types as T

    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return T.StringType()
    if pa.types.is_int64(arrow_type):
        return T.LongType()
    if pa.types.is_float64(arrow_type):
        return T.DoubleType()
    if pa.types.is_boolean(arrow_type):
        return T.BooleanType()
    if pa.types.is_date32(arrow_type):
        return T.DateType()
    if pa.types.is_list(arrow_type):
        return T.ArrayType(_spark_type(arrow_type.value_type), containsNull=True)
    if pa.types.is_struct(arrow_type):
        return T.StructType(
            [T.StructField(f.name, _spark_type(f.type), nullable=True) for f in arrow_type]
        )
    raise TypeError(f"no Spark type for Arrow type {arrow_type}")


def spark_schema(table: str = "trials") -> "StructType":
    """The Spark schema of one trialparse table (one of :data:`trialparse.TABLES`)."""
    from pyspark.sql import types as T

    schema = trialparse.schema(table)
    return T.StructType(
        [T.StructField(f.name, _spark_type(f.type), nullable=True) for f in schema]
    )


def _parser(
    table: str, path: str, content: str, jobs: Optional[int], format: Optional[str]
):
    """The ``mapInArrow`` function: batches of pages in, batches of ``table`` out."""

    def parse_batches(
        batches: Iterable["pyarrow.RecordBatch"],
    ) -> Iterator["pyarrow.RecordBatch"]:
        import trialparse as tp

        for batch in batches:
            paths = batch.column(path).to_pylist()
            contents = batch.column(content).to_pylist()
            # A null content (a file Spark could not read) parses as an empty page, which
            # gives an `empty_input` warning in its row.
            pages = [(p, b"" if c is None else c) for p, c in zip(paths, contents)]
            if not pages:
                continue
            built = tp.tables(pages, jobs=jobs, format=format, names=[table])[table]
            yield from built.to_batches()

    return parse_batches


def extract(
    df: "DataFrame",
    content: str = "content",
    path: str = "path",
    table: str = "trials",
    jobs: Optional[int] = 1,
    format: Optional[str] = None,
) -> "DataFrame":
    """Parse the pages of ``df`` on the executors; returns one table as a DataFrame.

    ``df`` has a string column ``path`` (the records' ``path``) and a binary (or string)
    column ``content`` (the page), as ``spark.read.format("binaryFile")`` gives. ``table`` is
    one of :data:`trialparse.TABLES` (default ``trials``, one row per page); its columns and
    types are those of :func:`trialparse.tables`. ``jobs`` is the Rust threads per Spark task
    (default 1: Spark already runs one task per core). ``format`` forces a layout.
    """
    if table not in trialparse.TABLES:
        raise ValueError(f"unknown table {table!r}; expected one of: {', '.join(trialparse.TABLES)}")
    for name, role in ((path, "path"), (content, "content")):
        if name not in df.columns:
            raise ValueError(
                f"the DataFrame has no {role} column {name!r} (columns: {', '.join(df.columns)})"
            )
    parse_batches = _parser(table, path, content, jobs, format)
    return df.select(path, content).mapInArrow(parse_batches, spark_schema(table))


def tables(
    df: "DataFrame",
    content: str = "content",
    path: str = "path",
    names: Optional[Iterable[str]] = None,
    jobs: Optional[int] = 1,
    format: Optional[str] = None,
) -> Dict[str, "DataFrame"]:
    """Every table (or those in ``names``) of the pages of ``df``, as lazy DataFrames.

    Each DataFrame parses the pages again when it is computed (parsing is cheap next to
    reading them); cache ``df`` if reading is what costs.
    """
    chosen = list(trialparse.TABLES if names is None else names)
    return {
        name: extract(df, content=content, path=path, table=name, jobs=jobs, format=format)
        for name in chosen
    }
