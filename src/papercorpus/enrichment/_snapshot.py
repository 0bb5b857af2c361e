"""Enriching from a local snapshot index: its rows found by one join, kept as Arrow."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from papercorpus.enrichment._fetcher import Result

if TYPE_CHECKING:
    import pyarrow as pa

    from papercorpus.enrichment._requests import Requests
    from papercorpus.snapshot import Snapshot

__all__ = ["from_snapshot", "open_snapshot"]

log = logging.getLogger("papercorpus.enrich")


def open_snapshot(snapshot: Snapshot | str | os.PathLike[str] | None) -> Snapshot | None:
    """The snapshot index `enrich` reads, opened from its path if need be."""
    if snapshot is None:
        return None
    from papercorpus.snapshot import Snapshot  # noqa: PLC0415 (DuckDB only for snapshot runs)

    return snapshot if isinstance(snapshot, Snapshot) else Snapshot(snapshot)


def from_snapshot(
    snapshot: Snapshot | None,
    requests: Requests,
    wanted: list[str],
    results: dict[str, Result],
) -> tuple[pa.Table | None, list[int], list[str]]:
    """The snapshot's rows for the requests it holds (Arrow), each request's row, the rest.

    The rows stay Arrow: the papers of identifiers are built only when asked for. A
    paper given to be filled gets the row's entry now, to be merged into it.
    """
    if snapshot is None:
        return None, [], wanted
    keys = requests.keys
    if None in keys:  # an invalid item: the others are looked up, each at its position
        positions = [p for p, key in enumerate(keys) if key is not None]
        hits = snapshot.lookup_rows(
            [keys[p] for p in positions],  # type: ignore[misc]  # valid: a key
            [requests.bases[p] for p in positions],  # type: ignore[misc]
            [requests.versions[p] for p in positions],
            positions,
        )
    else:
        hits = snapshot.lookup_rows(keys, requests.bases, requests.versions)  # type: ignore[arg-type]  # all valid
    row_of = [-1] * len(keys)
    for row, position in enumerate(hits.column("pos").to_pylist()):
        row_of[position] = row
    given = [row_of[p] for p in requests.papers if row_of[p] >= 0]
    if given:
        from papercorpus.snapshot import IndexColumns, taken  # noqa: PLC0415 (DuckDB runs)

        for entry in IndexColumns.entries(taken(hits, given)):
            results[entry.id.canonical] = Result("snapshot", entry)
    missing = (
        {}  # every request found (the common case): nothing to look for
        if -1 not in row_of
        else dict.fromkeys(k for k, row in zip(keys, row_of, strict=True) if row < 0 and k)
    )
    log.info("snapshot: %d of %d identifiers", len(wanted) - len(missing), len(wanted))
    return hits, row_of, list(missing)
