"""trialparse: clinical-trial pages in, structured and auditable records out.

The parser is the Rust library of the same name; this package is a thin layer over it.

- :func:`parse` / :func:`parse_file`: one page's record as a dict, field for field the JSON
  line ``trialparse extract`` writes (see ``SCHEMA.md``).
- :func:`extract`: many inputs (files, directories, or in-memory pages), records in input
  order, parsed in parallel in Rust with the GIL released.
- :func:`tables`: the seven flat tables of ``trialparse extract --to parquet`` as
  ``pyarrow.Table`` objects with native types, handed over without a copy.
- :mod:`trialparse.spark`: the same on a Spark cluster (``mapInArrow``).

A bad input never raises: it is a record with ``warnings``, or with ``error`` when it could
not be read. Bad arguments raise ``TypeError`` or ``ValueError``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union

from . import _trialparse
from ._trialparse import FORMATS, SCHEMA_VERSION, TABLES, __version__, parse, parse_file

if TYPE_CHECKING:
    import pyarrow

__all__ = [
    "FORMATS",
    "SCHEMA_VERSION",
    "TABLES",
    "__version__",
    "extract",
    "parse",
    "parse_file",
    "schema",
    "tables",
]

PathLike = Union[str, "os.PathLike[str]"]
Page = Tuple[str, Union[bytes, str]]


def _path(item: Any) -> Optional[str]:
    """A path argument as a string, or None when ``item`` is not a path."""
    if isinstance(item, (str, os.PathLike)):
        path = os.fspath(item)
        return path if isinstance(path, str) else os.fsdecode(path)
    return None


def _page(item: Any) -> Optional[Tuple[str, bytes]]:
    """A ``(path, content)`` pair as ``(str, bytes)``, or None when ``item`` is not one."""
    if not isinstance(item, tuple) or len(item) != 2:
        return None
    path, content = item
    if not isinstance(path, str):
        raise TypeError(f"a page's path must be str, not {type(path).__name__}: {item!r:.80}")
    if isinstance(content, str):
        return path, content.encode("utf-8")
    if isinstance(content, (bytes, bytearray, memoryview)):
        return path, bytes(content)
    raise TypeError(
        f"a page's content must be bytes or str, not {type(content).__name__} (page {path!r})"
    )


def _inputs(inputs: Any) -> Dict[str, Any]:
    """``inputs`` as the native module's ``paths=`` or ``pages=`` argument."""
    single = _path(inputs)
    if single is not None:
        return {"paths": [single]}
    if isinstance(inputs, (bytes, bytearray)) or not isinstance(inputs, Iterable):
        raise TypeError(
            "inputs must be a path, an iterable of paths (files or directories), or an "
            f"iterable of (path, content) pairs; got {type(inputs).__name__}"
        )
    paths: List[str] = []
    pages: List[Tuple[str, bytes]] = []
    for item in inputs:
        path = _path(item)
        if path is not None:
            paths.append(path)
            continue
        page = _page(item)
        if page is None:
            raise TypeError(
                "each input must be a path (str or os.PathLike) or a (path, content) tuple, "
                f"not {type(item).__name__}: {item!r:.80}"
            )
        pages.append(page)
    if paths and pages:
        raise TypeError("inputs mix paths and (path, content) pairs; pass one kind per call")
    return {"pages": pages} if pages else {"paths": paths}


def _jobs(jobs: Any) -> Optional[int]:
    if jobs is None:
        return None
    if isinstance(jobs, bool) or not isinstance(jobs, int):
        raise TypeError(f"jobs must be an int or None, not {type(jobs).__name__}")
    return jobs


def _format(format: Any) -> Optional[str]:
    if format is not None and not isinstance(format, str):
        raise TypeError(f"format must be a str or None, not {type(format).__name__}")
    return format


def extract(
    inputs: Union[PathLike, Iterable[PathLike], Iterable[Page]],
    jobs: Optional[int] = None,
    format: Optional[str] = None,
) -> Iterator[Dict[str, Any]]:
    """Records of many inputs, in input order, as dicts (one per study: a container or an
    archive gives one per study or member).

    ``inputs`` is what ``trialparse extract`` takes: a path or an iterable of paths — files
    as given, directories walked recursively in path order — or an iterable of
    ``(path, content)`` pairs of pages already in memory (``content`` bytes or str).

    Pages are parsed in parallel by ``jobs`` Rust threads (default: one per core) with the
    GIL released, a window ahead of the consumer: memory stays bounded however many inputs
    there are, and breaking out of the loop stops the work. ``format`` reads every input as
    that layout instead of detecting it (one of :data:`FORMATS`).

    An unreadable input is a record with ``error`` set; the run goes on.
    """
    args = _inputs(inputs)
    return _trialparse._extract(**args, jobs=_jobs(jobs), format=_format(format))


def tables(
    inputs: Union[PathLike, Iterable[PathLike], Iterable[Page]],
    jobs: Optional[int] = None,
    format: Optional[str] = None,
    names: Optional[Iterable[str]] = None,
) -> Dict[str, "pyarrow.Table"]:
    """The flat tables of ``trialparse extract --to parquet`` as pyarrow Tables.

    ``inputs``, ``jobs`` and ``format`` are as for :func:`extract`. Returns a dict from table
    name (:data:`TABLES`: ``trials``, ``criteria``, ``lab_thresholds``, ``ages``,
    ``performance_status``, ``mutations``, ``warnings``) to a ``pyarrow.Table`` with native
    types: lists are list columns, ``last_reviewed`` a date, spans ``span_start``/``span_end``
    int64 columns. Every row starts with ``path`` and ``nct_id``, the keys to join on.
    ``names`` builds only those tables. The tables are built in Rust and imported without a
    copy (Arrow C stream interface). ``pl.from_arrow(t)`` gives Polars, ``t.to_pandas()``
    pandas.
    """
    import pyarrow as pa

    args = _inputs(inputs)
    wanted = None if names is None else [str(n) for n in names]
    built = _trialparse._tables(**args, tables=wanted, jobs=_jobs(jobs), format=_format(format))
    return {name: pa.table(stream) for name, stream in built}


def schema(name: str) -> "pyarrow.Schema":
    """The Arrow schema of one table (one of :data:`TABLES`)."""
    import pyarrow as pa

    return pa.schema(_trialparse._empty_table(name))
