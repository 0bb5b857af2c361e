"""Enriching from a local snapshot index: its rows found by one join, kept as Arrow."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

from papercorpus._extras import require
from papercorpus.enrichment._fetcher import Result

if TYPE_CHECKING:
    import pyarrow as pa

    from papercorpus.enrichment._requests import Requests
    from papercorpus.snapshot import Snapshot

__all__ = ["from_snapshot", "open_snapshot", "rows_at"]

log = logging.getLogger("papercorpus.enrich")


def open_snapshot(snapshot: Snapshot | str | os.PathLike[str] | None) -> Snapshot | None:
    """The snapshot index `enrich` reads, opened from its path if need be."""
    if snapshot is None:
        return None
    from papercorpus.snapshot import Snapshot  # noqa: PLC0415 (DuckDB only for snapshot runs)

    return snapshot if isinstance(snapshot, Snapshot) else Snapshot(snapshot)


def from_snapshot(
    snapshot: Snapshot | None, requests: Requests, results: dict[str, Result]
) -> tuple[pa.Table | None, pa.Array | None, list[str]]:
    """The snapshot's rows for the requests it holds (Arrow), each request's row, the rest.

    Each request's row of the answer is an Arrow column (null: not in the index). The rows
    stay Arrow: the papers of identifiers are built only when asked for. A paper given to
    be filled gets the row's entry now, to be merged into it. The rest are the keys not
    found, each once, in the order first asked (without a snapshot: every key).
    """
    if snapshot is None:
        return None, None, requests.unique_keys()
    pc = require("pyarrow.compute", feature="Snapshot")
    keys = requests.keys
    hits = snapshot.lookup_rows(*_valid(requests))
    row_of = rows_at(hits.column("pos"), len(keys))
    given = _rows_of_papers(row_of, requests)
    if given:
        from papercorpus.snapshot import IndexColumns, taken  # noqa: PLC0415 (DuckDB runs)

        for entry in IndexColumns.entries(taken(hits, given)):
            results[entry.id.canonical] = Result("snapshot", entry)
    missing = (
        {}  # every request found (the common case): nothing to look for
        if row_of.null_count == 0
        else dict.fromkeys(
            key
            for key in (keys[p] for p in pc.indices_nonzero(row_of.is_null()).to_pylist())
            if key is not None
        )
    )
    if log.isEnabledFor(logging.INFO):  # counting a million keys is not free
        asked = requests.unique_count()
        log.info("snapshot: %d of %d identifiers", asked - len(missing), asked)
    return hits, row_of, list(missing)


def _rows_of_papers(row_of: pa.Array, requests: Requests) -> list[int]:
    """The answer's rows of the papers given to be filled (those the index holds)."""
    if not requests.papers:
        return []
    pa = require("pyarrow", feature="Snapshot")
    rows = row_of.take(pa.array(list(requests.papers), pa.int64())).to_pylist()
    return [row for row in rows if row is not None]


def _valid(requests: Requests) -> tuple[Any, Any, Any, Any]:
    """The valid requests' keys, bases, versions and positions, for `lookup_rows`.

    An invalid item has no key: the others are looked up, each at its position (None:
    every position, in order). Arrow columns go as they are.
    """
    pc = require("pyarrow.compute", feature="Snapshot")
    keys, bases, versions = requests.arrow or (requests.keys, requests.bases, requests.versions)
    if not requests.reasons:
        return keys, bases, versions, None
    if requests.arrow is not None:
        valid = pc.is_valid(keys)
        kept = tuple(column.filter(valid) for column in requests.arrow)
        return (*kept, pc.indices_nonzero(valid))
    positions = [p for p, key in enumerate(keys) if key is not None]
    return (
        [keys[p] for p in positions],
        [bases[p] for p in positions],
        [versions[p] for p in positions],
        positions,
    )


def rows_at(positions: pa.ChunkedArray, count: int) -> pa.Array:
    """For each of `count` positions, the row whose `positions` value it is, else null."""
    pa = require("pyarrow", feature="Snapshot")
    pc = require("pyarrow.compute", feature="Snapshot")
    inverse = getattr(pc, "inverse_permutation", None)  # new in pyarrow's Python API
    if inverse is None or count == 0:
        rows: list[int | None] = [None] * count
        for row, position in enumerate(positions.to_pylist()):
            rows[position] = row
        return pa.array(rows, pa.int64())
    return inverse(positions.combine_chunks(), max_index=count - 1, output_type=pa.int64())
