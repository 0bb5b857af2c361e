"""A spilled answer (#26): rows on the mapped file, the columns read at once in memory."""

from __future__ import annotations

import sys
import tempfile
from typing import TYPE_CHECKING

import pyarrow as pa
import pytest

from papercorpus.snapshot import _spill as spill
from papercorpus.snapshot._spill import collected

if TYPE_CHECKING:
    from pathlib import Path

_ROWS = 3_000


def _answer() -> pa.Table:
    return pa.table(
        {
            "pos": pa.array(range(_ROWS), pa.int64()),
            "abstract": pa.array([f"abstract {n} " * 20 for n in range(_ROWS)]),
            "latest_version": pa.array([n % 7 or None for n in range(_ROWS)], pa.int32()),
        }
    )


def _answer_files() -> list[tuple[int, int]]:
    """The address ranges this process maps from (deleted) answer files."""
    ranges = []
    with open("/proc/self/maps", encoding="utf-8") as maps:  # noqa: PTH123 (a proc file)
        for line in maps:
            if "papercorpus-answer-" in line:
                start, end = line.split()[0].split("-")
                ranges.append((int(start, 16), int(end, 16)))
    return ranges


def _inside(array: pa.Array, ranges: list[tuple[int, int]]) -> bool:
    data = array.buffers()[-1]
    return any(start <= data.address < end for start, end in ranges)


@pytest.mark.skipif(sys.platform != "linux", reason="reads the process's mappings in /proc")
def test_the_rows_past_the_limit_are_mapped_and_the_kept_columns_are_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(spill, "SPILL_BYTES", 1)  # past the first batch: to the file
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    answer = _answer()
    reader = pa.RecordBatchReader.from_batches(answer.schema, answer.to_batches(max_chunksize=500))
    table = collected(reader, _ROWS, kept=("pos", "latest_version"))
    assert table.equals(answer)
    assert list(tmp_path.iterdir()) == []  # unlinked at once
    ranges = _answer_files()
    assert ranges  # mapped, while the table lives
    spilled = range(1, table.column("abstract").num_chunks)  # the first batch was held
    assert len(spilled) == 5
    for chunk in spilled:
        assert _inside(table.column("abstract").chunk(chunk), ranges)
        assert not _inside(table.column("pos").chunk(chunk), ranges)
        assert not _inside(table.column("latest_version").chunk(chunk), ranges)
    del table
    assert _answer_files() == []  # the mapping goes with the last buffer pointing into it


@pytest.mark.skipif(sys.platform != "linux", reason="reads the process's mappings in /proc")
def test_an_answer_under_the_limit_stays_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    answer = _answer()
    reader = pa.RecordBatchReader.from_batches(answer.schema, answer.to_batches(max_chunksize=500))
    table = collected(reader, _ROWS, kept=("pos",))
    assert table.equals(answer)
    assert _answer_files() == []
    assert list(tmp_path.iterdir()) == []
