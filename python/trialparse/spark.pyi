from typing import Dict, Iterable, Optional

from pyspark.sql import DataFrame
from pyspark.sql.types import StructType

def spark_schema(table: str = "trials") -> StructType: ...
def extract(
    df: DataFrame,
    content: str = "content",
    path: str = "path",
    table: str = "trials",
    jobs: Optional[int] = 1,
    format: Optional[str] = None,
) -> DataFrame: ...
def tables(
    df: DataFrame,
    content: str = "content",
    path: str = "path",
    names: Optional[Iterable[str]] = None,
    jobs: Optional[int] = 1,
    format: Optional[str] = None,
) -> Dict[str, DataFrame]: ...
