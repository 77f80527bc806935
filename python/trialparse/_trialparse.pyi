from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

__version__: str
SCHEMA_VERSION: int
FORMATS: List[str]
TABLES: List[str]

class ArrowStream:
    """One table's record batches, exported through the Arrow PyCapsule interface."""
    @property
    def num_rows(self) -> int: ...
    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...
    def __arrow_c_schema__(self) -> object: ...

class Records(Iterator[Dict[str, Any]]):
    def __iter__(self) -> "Records": ...
    def __next__(self) -> Dict[str, Any]: ...

def parse(data: Union[bytes, str], path: str = "<memory>", format: Optional[str] = None) -> Dict[str, Any]: ...
def parse_file(path: Any, format: Optional[str] = None) -> Dict[str, Any]: ...
def _extract(
    paths: Optional[List[str]] = None,
    pages: Optional[List[Tuple[str, bytes]]] = None,
    jobs: Optional[int] = None,
    format: Optional[str] = None,
) -> Records: ...
def _tables(
    paths: Optional[List[str]] = None,
    pages: Optional[List[Tuple[str, bytes]]] = None,
    tables: Optional[List[str]] = None,
    jobs: Optional[int] = None,
    format: Optional[str] = None,
) -> List[Tuple[str, ArrowStream]]: ...
def _empty_table(name: str) -> ArrowStream: ...
