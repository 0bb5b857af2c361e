"""A small request reads only the index's row groups that hold its papers (#26 item 1)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papercorpus import Snapshot
from papercorpus.errors import SnapshotError
from papercorpus.snapshot import _lookup as lookup_module
from papercorpus.snapshot._build import INDEX_FORMAT
from tests.snapshot.helpers import record, write_snapshot

if TYPE_CHECKING:
    import pyarrow as pa

PAPERS = 3 * 4096 + 100  # four row groups or more


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("narrowed")
    lines = [
        record(f"2101.{n:05d}", title=f"Paper number {n}", abstract=f"The abstract of {n}.")
        for n in range(1, PAPERS + 1)
    ]
    Snapshot.build(write_snapshot(folder / "snapshot.json", lines), folder / "index.parquet",
                   progress=False)  # fmt: skip
    return folder / "index.parquet"


def _rows(snapshot: Snapshot, keys: list[str], *, narrowed: bool) -> list[dict[str, Any]]:
    """The rows `lookup_rows` gives, in the order asked, looked up in two steps or in one."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lookup_module, "NARROW_PER_GROUP", 1e9 if narrowed else 0.0)
        table: pa.Table = snapshot.lookup_rows(keys)
    rows: list[dict[str, Any]] = table.take(pc.sort_indices(table.column("pos"))).to_pylist()
    return rows


def _ids_of_group(index: Path, group: int) -> list[str]:
    column = pq.ParquetFile(index).read_row_group(group, columns=["arxiv_id"]).column(0)
    return [str(key) for key in column.to_pylist()]


def test_the_index_is_written_in_small_row_groups(index: Path) -> None:
    metadata = pq.read_metadata(index)
    assert metadata.num_rows == PAPERS
    assert metadata.num_row_groups >= 4  # 4,096 rows a group at most


@settings(max_examples=40, deadline=None)
@given(
    picks=st.lists(st.integers(1, PAPERS + 50), max_size=12),
)
def test_two_steps_give_the_rows_one_join_gives(index: Path, picks: list[int]) -> None:
    """Present and absent identifiers, repeats: the same rows, whichever way."""
    snapshot = Snapshot(index)
    keys = [f"2101.{n:05d}" for n in picks]
    narrowed = _rows(snapshot, keys, narrowed=True)
    assert narrowed == _rows(snapshot, keys, narrowed=False)
    assert [row["arxiv_id"] for row in narrowed] == [f"2101.{n:05d}" for n in picks if n <= PAPERS]
    assert all(row["title"] == f"Paper number {int(row['arxiv_id'][5:])}" for row in narrowed)


def test_a_small_request_never_reads_the_row_groups_it_does_not_need(
    index: Path, tmp_path: Path
) -> None:
    """Damage one row group's abstracts: a lookup elsewhere still works; a full scan fails."""
    damaged = tmp_path / "index.parquet"
    shutil.copy(index, damaged)
    chunk = (
        pq.read_metadata(damaged)
        .row_group(2)
        .column(pq.read_schema(damaged).get_field_index("abstract"))
    )
    start = chunk.dictionary_page_offset or chunk.data_page_offset
    with damaged.open("r+b") as out:
        out.seek(start)
        out.write(b"\xff" * chunk.total_compressed_size)
    # More than DuckDB's own filter takes from a join (50): it would read every group.
    wanted = [*_ids_of_group(index, 0)[:30], *_ids_of_group(index, 3)[-30:]]
    assert set(wanted).isdisjoint(_ids_of_group(index, 2))
    snapshot = Snapshot(damaged)
    found = _rows(snapshot, wanted, narrowed=True)
    assert [row["arxiv_id"] for row in found] == wanted
    with pytest.raises(SnapshotError, match="damaged"):
        _rows(snapshot, wanted, narrowed=False)


def test_updates_beside_the_base_win_in_a_narrowed_lookup(index: Path, tmp_path: Path) -> None:
    """Rows of a delta file replace the base's, and add papers, read in two steps too."""
    base = shutil.copy(index, tmp_path / "index.parquet")
    updates = tmp_path / "index.parquet.updates"
    updates.mkdir()
    changed = ["2101.00007", "2101.09000"]
    with duckdb.connect() as connection:
        connection.execute(
            f"COPY (SELECT * REPLACE ('Changed: ' || title AS title) FROM read_parquet('{base}') "
            f"WHERE arxiv_id IN {tuple(changed)} UNION ALL "
            f"SELECT * REPLACE ('2102.00001' AS arxiv_id) FROM read_parquet('{base}') "
            f"WHERE arxiv_id = '2101.00001') TO '{updates / 'delta-000001.parquet'}' "
            "(FORMAT parquet)"
        )
    snapshot = Snapshot(base)
    keys = [*changed, "2101.00008", "2102.00001", "2102.00002"]
    narrowed = _rows(snapshot, keys, narrowed=True)
    assert narrowed == _rows(snapshot, keys, narrowed=False)
    assert [row["title"] for row in narrowed] == [
        "Changed: Paper number 7",
        "Changed: Paper number 9000",
        "Paper number 8",
        "Paper number 1",
    ]


REPLACER = """
import os, shutil, sys, time
index, first, second, stop = sys.argv[1:5]
turn = 0
while not os.path.exists(stop):
    source = (first, second)[turn % 2]
    shutil.copy(source, index + ".next")
    os.replace(index + ".next", index)  # as an update folding its deltas does
    turn += 1
print(turn)
"""


@pytest.mark.parametrize("narrowed", [True, False])
def test_a_base_replaced_during_lookups_never_gives_wrong_rows(
    index: Path, tmp_path: Path, *, narrowed: bool
) -> None:
    """A base replaced by another process, again and again, its rows in another order.

    Every lookup still finds each paper it asks for, with its own row.
    """
    first = tmp_path / "first.parquet"
    second = tmp_path / "second.parquet"
    shutil.copy(index, first)
    with duckdb.connect() as connection:
        connection.execute(
            f"COPY (SELECT * FROM read_parquet('{index}') ORDER BY arxiv_id DESC) "
            f"TO '{second}' (FORMAT parquet, ROW_GROUP_SIZE 4096, "
            f"KV_METADATA {{papercorpus: '{INDEX_FORMAT}'}})"
        )
    live, stop = tmp_path / "index.parquet", tmp_path / "stop"
    shutil.copy(first, live)
    snapshot = Snapshot(live)
    replacer = subprocess.Popen(
        [sys.executable, "-c", REPLACER, str(live), str(first), str(second), str(stop)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        keys = [f"2101.{n:05d}" for n in range(1, PAPERS + 1, PAPERS // 20)]
        for _ in range(40):
            found = _rows(snapshot, keys, narrowed=narrowed)
            assert [row["arxiv_id"] for row in found] == keys
            assert [row["title"] for row in found] == [f"Paper number {int(k[5:])}" for k in keys]
    finally:
        stop.touch()
        out, _ = replacer.communicate(timeout=60)
    assert int(out) > 1  # the base was replaced while the lookups ran


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="files are held open on Linux")
def test_a_snapshot_reads_its_index_as_it_was_opened(index: Path, tmp_path: Path) -> None:
    """Its delta deleted and its base replaced (as a fold of the deltas does): still read."""
    base = tmp_path / "index.parquet"
    shutil.copy(index, base)
    updates = tmp_path / "index.parquet.updates"
    updates.mkdir()
    delta = updates / "delta-000001.parquet"
    with duckdb.connect() as connection:
        connection.execute(
            f"COPY (SELECT * REPLACE ('Changed: ' || title AS title) FROM read_parquet('{base}') "
            f"WHERE arxiv_id = '2101.00007') TO '{delta}' (FORMAT parquet)"
        )
        opened = Snapshot(base)
        connection.execute(
            f"COPY (SELECT * REPLACE ('Rebuilt: ' || title AS title) FROM read_parquet('{index}')) "
            f"TO '{tmp_path / 'new.parquet'}' "
            f"(FORMAT parquet, KV_METADATA {{papercorpus: '{INDEX_FORMAT}'}})"
        )
    (tmp_path / "new.parquet").replace(base)
    delta.unlink()
    keys = ["2101.00007", "2101.00008"]
    for narrowed in (True, False):
        titles = [row["title"] for row in _rows(opened, keys, narrowed=narrowed)]
        assert titles == ["Changed: Paper number 7", "Paper number 8"]
    assert len(opened.to_arrow(["arxiv_id"])) == PAPERS
    again = [row["title"] for row in _rows(Snapshot(base), keys, narrowed=True)]
    assert again == ["Rebuilt: Paper number 7", "Rebuilt: Paper number 8"]
