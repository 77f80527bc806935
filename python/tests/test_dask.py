"""The README's Dask recipe (map_partitions over a DataFrame of paths) gives the trials table."""

import pytest

import trialparse

dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")


def trials(part):
    return trialparse.tables(part["path"].tolist(), jobs=1, names=["trials"])["trials"].to_pandas()


def test_dask_map_partitions_recipe(copies):
    pages = copies(120)
    paths = sorted(str(p) for p in pages.iterdir())
    frame = dd.from_pandas(pd.DataFrame({"path": paths}), npartitions=4)
    meta = trialparse.schema("trials").empty_table().to_pandas()
    got = frame.map_partitions(trials, meta=meta).compute(scheduler="threads")
    want = trialparse.tables(pages)["trials"].to_pandas()
    assert got["path"].tolist() == paths
    assert got.reset_index(drop=True).equals(want)
