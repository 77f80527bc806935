import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple, Union

import pyarrow

__version__: str
SCHEMA_VERSION: int
FORMATS: List[str]
TABLES: List[str]

PathLike = Union[str, os.PathLike[str]]
Page = Tuple[str, Union[bytes, str]]
Record = Dict[str, Any]

def parse(data: Union[bytes, str], path: str = "<memory>", format: Optional[str] = None) -> Record:
    """One page's record, field for field the JSON line `trialparse extract` writes
    (ValueError when the bytes hold several records: use `extract`)."""

def parse_file(path: PathLike, format: Optional[str] = None) -> Record:
    """One file's record, exactly as `trialparse extract PATH` writes it (ValueError
    when the file holds several records: use `extract`)."""

def extract(
    inputs: Union[PathLike, Iterable[PathLike], Iterable[Page]],
    jobs: Optional[int] = None,
    format: Optional[str] = None,
) -> Iterator[Record]:
    """Records of many inputs, in input order, parsed in parallel in Rust."""

def tables(
    inputs: Union[PathLike, Iterable[PathLike], Iterable[Page]],
    jobs: Optional[int] = None,
    format: Optional[str] = None,
    names: Optional[Iterable[str]] = None,
) -> Dict[str, pyarrow.Table]:
    """The tables of `trialparse extract --to parquet`, as pyarrow Tables."""

def schema(name: str) -> pyarrow.Schema:
    """The Arrow schema of one table."""
