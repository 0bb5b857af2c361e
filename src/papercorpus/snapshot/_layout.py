"""An index on disk: one base Parquet file, and the updates harvested since, beside it.

    arxiv.parquet                  the base: `snapshot build` (Kaggle or OAI-PMH) wrote it
    arxiv.parquet.updates/
        delta-000001.parquet       the papers one `update` found new or changed
        delta-000002.parquet
        state.json                 {"harvested": "2026-12-02", "source": "oai"}

An update costs what its delta costs: it writes one small file, never the base. A reader
takes a paper's newest row: from the newest delta that holds it, else from the base.
When the deltas grow past a tenth of the base, `update` folds them into a new base.
Every file is plain Parquet with the same columns: DuckDB, polars, pyarrow.dataset, Dask
and Spark read them as they are (see docs/snapshot.md for the newest-row rule in each).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any

from papercorpus._files import atomic_writer
from papercorpus.snapshot._sql import literal_path

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

__all__ = [
    "counted_rows",
    "current_rows",
    "deltas",
    "next_delta",
    "read_state",
    "sql_path",
    "updates_folder",
    "write_state",
]

_DELTA = re.compile(r"delta-([0-9]{6})\.parquet")


def updates_folder(index: Path) -> Path:
    """Where the updates of `index` are kept: `<index>.updates/`."""
    return index.with_name(index.name + ".updates")


def deltas(index: Path) -> list[Path]:
    """The index's delta files, oldest first."""
    folder = updates_folder(index)
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if _DELTA.fullmatch(path.name))


def next_delta(index: Path) -> Path:
    """The name of the next delta file."""
    found = deltas(index)
    number = int(_DELTA.fullmatch(found[-1].name).group(1)) + 1 if found else 1  # type: ignore[union-attr]
    return updates_folder(index) / f"delta-{number:06d}.parquet"


def read_state(index: Path) -> dict[str, Any]:
    """What the last harvest recorded (`harvested`: the newest datestamp it saw), or {}."""
    try:
        data = json.loads((updates_folder(index) / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_state(index: Path, harvested: dt.date | None, rows: int | None = None) -> None:
    """Record the newest datestamp harvested into `index`, and its papers (atomically).

    `rows` is counted for the files there are now: a reader trusts it only while the same
    delta files are there (it saves a count of the whole index at each opening).
    """
    folder = updates_folder(index)
    folder.mkdir(exist_ok=True)
    state: dict[str, Any] = {"harvested": None if harvested is None else harvested.isoformat()}
    if rows is not None:
        state.update(rows=rows, deltas=[path.name for path in deltas(index)])
    with atomic_writer(folder / "state.json") as out:
        json.dump(state, out)
        out.write("\n")


def counted_rows(index: Path) -> int | None:
    """The papers the state says the index holds, if it speaks of the files there are."""
    state = read_state(index)
    rows = state.get("rows")
    if isinstance(rows, int) and state.get("deltas") == [path.name for path in deltas(index)]:
        return rows
    return None


def sql_path(path: Path) -> str:
    """`path` as a DuckDB string literal, read literally (no glob)."""
    return "'" + literal_path(str(path)).replace("'", "''") + "'"


def current_rows(base: Path, found: Sequence[Path], rows: Sequence[int] | None = None) -> str:
    """SQL for the index's current rows: the newest row of each paper, base and deltas.

    `base` is the base file to read and `found` its deltas, oldest first (names of open
    files, `_pinned`, or the index's own: `current_rows(index, deltas(index))`). With
    `rows`, only those rows of the base (numbered from 0 in the file) are read: DuckDB
    skips every row group that holds none of them.
    """
    source = f"read_parquet({sql_path(base)})"
    if rows is not None:
        numbers = ", ".join(str(int(row)) for row in rows)
        condition = f"file_row_number IN ({numbers})" if rows else "false"
        source = (
            f"(SELECT * EXCLUDE (file_row_number) FROM read_parquet({sql_path(base)}, "  # noqa: S608
            f"file_row_number = true) WHERE {condition})"
        )
    if not found:
        return source
    # Each delta numbered by its place, newest highest (its file name may be a handle's).
    turns = " UNION ALL ".join(
        f"SELECT *, {turn} AS papercorpus_turn FROM read_parquet({sql_path(path)})"  # noqa: S608
        for turn, path in enumerate(found)
    )
    newest = (
        f"SELECT * EXCLUDE (papercorpus_turn) FROM ({turns}) "  # noqa: S608
        "QUALIFY row_number() OVER (PARTITION BY arxiv_id ORDER BY papercorpus_turn DESC) = 1"
    )
    return (
        f"(WITH papercorpus_delta AS ({newest}) "  # noqa: S608 (paths are quoted literals)
        f"SELECT papercorpus_base.* FROM {source} AS papercorpus_base "
        "ANTI JOIN papercorpus_delta USING (arxiv_id) "
        "UNION ALL SELECT * FROM papercorpus_delta)"
    )
