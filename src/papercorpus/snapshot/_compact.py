"""Folding an index's updates into a new base once they have grown."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from papercorpus._files import atomic_path
from papercorpus.snapshot._build import _COPY_OPTIONS
from papercorpus.snapshot._layout import current_rows, deltas, sql_path

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["compact_if_due"]

log = logging.getLogger("papercorpus.snapshot")

_COMPACT_SHARE = 0.1  # deltas past this share of the base are folded into a new base


def compact_if_due(index: Path, connection: Any) -> None:  # noqa: ANN401
    """Fold the deltas into a new base when they hold more than a tenth of its rows."""
    found = deltas(index)
    if not found:
        return
    files = ", ".join(sql_path(p) for p in found)
    ((delta_rows,),) = connection.execute(
        f"SELECT count(*) FROM read_parquet([{files}])"  # noqa: S608
    ).fetchall()
    ((base_rows,),) = connection.execute(
        f"SELECT count(*) FROM read_parquet({sql_path(index)})"  # noqa: S608
    ).fetchall()
    if delta_rows <= _COMPACT_SHARE * base_rows and len(found) < 64:
        return
    log.info("folding %d delta files (%d rows) into %s", len(found), delta_rows, index)
    with atomic_path(index) as temporary:
        connection.execute(
            f"COPY (SELECT * FROM {current_rows(index, found)}) TO {sql_path(temporary)} "  # noqa: S608
            f"{_COPY_OPTIONS}"
        )
    for path in found:
        path.unlink(missing_ok=True)
