"""The index's rows kept as Arrow (`IndexColumns`), and identifiers looked up in DuckDB."""

from __future__ import annotations

import bisect
import itertools
from typing import TYPE_CHECKING, Any

from papercorpus._columns import Columns
from papercorpus._extras import require
from papercorpus._gc import gc_paused
from papercorpus.ids import ArxivId
from papercorpus.snapshot._layout import current_rows, sql_path
from papercorpus.snapshot._rows import ENTRY_COLUMNS, ENTRY_SQL, Rows, arrow_table, python_rows
from papercorpus.snapshot._stored import stored_columns

if TYPE_CHECKING:
    from collections.abc import Sequence

    import duckdb
    import pyarrow as pa

    from papercorpus.models import Entry, Paper
    from papercorpus.snapshot._pinned import Pinned

__all__ = ["NARROW_PER_GROUP", "IndexColumns", "lookup", "selected", "taken", "wanted_table"]

#: What a row of `IndexColumns` holds: the identifier as asked for (`base`, `version`),
#: then the index's own columns.
_ASKED = ("base", "version")
#: The answer's columns an enrichment reads at once (`enrich`'s outcomes, the corpus's ids).
_READ_AT_ONCE = ("pos", *_ASKED, "latest_version")


def selected(relation: str, where: str = "", tail: str = "") -> str:
    """The SQL giving `IndexColumns` rows of `relation` (each paper as itself, no version)."""
    return (
        f"SELECT arxiv_id AS base, NULL::INTEGER AS version, {ENTRY_SQL} "  # noqa: S608 (quoted paths)
        f"FROM {relation}{where}{tail}"
    )


def wanted_table(
    keys: Sequence[str],
    bases: Sequence[str] | None,
    versions: Sequence[int | None] | None,
    positions: Sequence[int] | None,
) -> pa.Table:
    """The identifiers asked for, as `lookup` takes them (see `Snapshot.lookup_rows`).

    Each may be a list or an Arrow array (taken as it is).
    """
    pa = require("pyarrow", feature="Snapshot")
    count = len(keys)
    key = pa.array(keys, pa.string())
    if positions is None:  # 0, 1, ...: summed by Arrow, not made a Python int at a time
        pc = require("pyarrow.compute", feature="Snapshot")
        ones = pc.fill_null(pa.nulls(count, pa.int64()), 1)
        positions = pc.subtract(pc.cumulative_sum(ones), 1)
    return pa.table(
        {
            "pos": pa.array(positions, pa.int64()),
            "key": key,
            "base": key if bases is None else pa.array(bases, pa.string()),
            "version": pa.nulls(count, pa.int32())
            if versions is None
            else pa.array(versions, pa.int32()),
        }
    )


#: A request of at most this many identifiers for each row group of the base is looked up
#: in two steps (`lookup`); a larger one would read most row groups anyway.
NARROW_PER_GROUP = 1.0


def lookup(
    cursor: duckdb.DuckDBPyConnection, files: Pinned, relation: str, wanted: pa.Table
) -> pa.Table:
    """The index's row for each row of `wanted` whose `key` it holds, in no set order.

    `wanted` has `pos`, `key` (canonical), `base` and `version`; the answer has `pos`, then
    `IndexColumns`' columns. One join in DuckDB of `relation` (the index's current rows,
    read from `files`): only the rows asked for leave the engine, as they come (no sort: it
    would hold them all twice; `pos` puts them in order).

    A small request is narrowed first: the base's rows that hold its identifiers are found
    by reading that column alone, then the join reads only the row groups holding them
    (the deltas, small, are read whole). Both steps read the files held open (`_pinned`).
    """
    cursor.register("papercorpus_wanted", wanted)
    try:
        rows = _base_rows(cursor, files, wanted.num_rows)
        if rows is not None:
            relation = current_rows(files.base, files.deltas, rows)
        return _join(cursor, relation, wanted)
    finally:
        cursor.unregister("papercorpus_wanted")


def _join(cursor: duckdb.DuckDBPyConnection, relation: str, wanted: pa.Table) -> pa.Table:
    columns = ", ".join(f"i.{name}" for name in ENTRY_COLUMNS)
    return arrow_table(
        cursor.sql(
            f"SELECT w.pos, w.base, w.version, {columns} "  # noqa: S608 (quoted paths)
            f"FROM papercorpus_wanted w JOIN {relation} i ON i.arxiv_id = w.key"
        ),
        expected_rows=wanted.num_rows,
        kept=_READ_AT_ONCE,
    )


def _base_rows(cursor: duckdb.DuckDBPyConnection, files: Pinned, asked: int) -> list[int] | None:
    """The base's row numbers holding `papercorpus_wanted`'s keys; None if too many to help."""
    if asked == 0 or asked > files.row_groups * NARROW_PER_GROUP:
        return None
    found = cursor.execute(
        f"SELECT file_row_number FROM read_parquet({sql_path(files.base)}, "  # noqa: S608
        "file_row_number = true) WHERE arxiv_id IN (SELECT key FROM papercorpus_wanted)"
    ).fetchall()
    return sorted(row for (row,) in found)


def taken(table: pa.Table, rows: Sequence[int]) -> pa.Table:
    """The rows of `table` at `rows` (in that order, repeats allowed), as one chunk.

    Arrow's `take` of a table in many chunks (DuckDB's answer comes in batches) joins all
    its chunks first, a copy of the whole table for each take. Here each chunk gives its
    own rows, then the few rows are put in order.
    """
    pyarrow = require("pyarrow", feature="Snapshot")
    batches = table.to_batches()
    ends = list(itertools.accumulate(batch.num_rows for batch in batches))
    order = sorted(range(len(rows)), key=rows.__getitem__)
    local: dict[int, list[int]] = {}  # each chunk's rows, chunks in order (rows are sorted)
    for position in order:
        row = rows[position]
        chunk = bisect.bisect_right(ends, row)
        local.setdefault(chunk, []).append(row - (ends[chunk - 1] if chunk else 0))
    pieces = [batches[chunk].take(pyarrow.array(wanted)) for chunk, wanted in local.items()]
    in_order = pyarrow.Table.from_batches(pieces, schema=table.schema).combine_chunks()
    rank = [0] * len(rows)
    for place, position in enumerate(order):
        rank[position] = place
    return in_order.take(pyarrow.array(rank, pyarrow.int64()))


class IndexColumns(Columns):
    """Papers held as the index's Arrow rows, each built (as `enrich` would) when asked for.

    `slots` gives, for each position, its row of `table`, or -1 for a paper made elsewhere
    (`others`, by position): an enrichment mixes the index's rows with papers from the
    cache or the network. Without `slots`, row i is position i.
    """

    def __init__(
        self,
        table: pa.Table,
        slots: Sequence[int] | None = None,
        others: dict[int, Paper] | None = None,
    ) -> None:
        """Hold `table` (`base`, `version`, then the index's entry columns)."""
        self.table = table.select([*_ASKED, *ENTRY_COLUMNS])
        self.slots = slots
        self.others = others or {}

    def __len__(self) -> int:
        """How many papers."""
        return self.table.num_rows if self.slots is None else len(self.slots)

    def _rows(self, start: int, stop: int) -> list[int]:
        return list(range(start, stop)) if self.slots is None else list(self.slots[start:stop])

    def build(self, start: int, stop: int) -> list[Paper]:
        """The papers at positions `start` to `stop`: the index's rows made into Papers."""
        rows = self._rows(start, stop)
        wanted = [row for row in rows if row >= 0]
        made: list[Paper] = []
        if wanted:
            made = self.papers(self._part(wanted))
        built = iter(made)
        return [next(built) if row >= 0 else self.others[start + i] for i, row in enumerate(rows)]

    def stored(self, start: int, stop: int) -> dict[str, Any] | None:
        """The stored fields of positions `start` to `stop` as columns (`stored_columns`).

        None when a paper among them was made elsewhere (from the cache, the network, or
        a paper given): those are built.
        """
        rows = self._rows(start, stop)
        if not rows or min(rows) < 0:
            return None
        from papercorpus.export import arrow_schema  # noqa: PLC0415 (exports only)

        return stored_columns(self._part(rows), arrow_schema().field("authors").type)

    def _part(self, rows: list[int]) -> pa.Table:
        """The table's `rows` (none -1), in order: a slice where they follow one another."""
        first = rows[0]
        if rows == list(range(first, first + len(rows))):
            return self.table.slice(first, len(rows))
        return taken(self.table, rows)

    @staticmethod
    def papers(part: pa.Table) -> list[Paper]:
        """Each row of `part` as the Paper enriching its identifier from the index gives."""
        rows = Rows()
        made: list[Paper] = []
        with gc_paused():
            for batch in part.combine_chunks().to_batches():
                bases = batch.column("base").to_pylist()
                versions = batch.column("version").to_pylist()
                asked = zip(bases, versions, strict=True)
                made.extend(
                    rows.paper_of(ArxivId(base, version), row)
                    for (base, version), row in zip(asked, python_rows(batch), strict=True)
                )
        return made

    @staticmethod
    def entries(part: pa.Table) -> list[Entry]:
        """Each row of `part` as the index's `Entry`."""
        rows = Rows()
        batches = part.combine_chunks().to_batches()
        return [rows.entry(row) for batch in batches for row in python_rows(batch)]

    def ids(self) -> list[str]:
        """Every paper's base identifier, in order, read from the `base` column."""
        bases: list[str] = self.table.column("base").to_pylist()
        if self.slots is None:
            return bases
        return [
            bases[row] if row >= 0 else self.others[position].arxiv_id
            for position, row in enumerate(self.slots)
        ]

    def take(self, positions: Sequence[int]) -> IndexColumns:
        """The papers at `positions`, still as the index's rows."""
        slots: list[int] = []
        others: dict[int, Paper] = {}
        for new, old in enumerate(positions):
            row = old if self.slots is None else self.slots[old]
            slots.append(row)
            if row < 0:
                others[new] = self.others[old]
        return IndexColumns(self.table, slots, others)
