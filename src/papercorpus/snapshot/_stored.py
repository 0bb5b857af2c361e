"""The stored fields of papers from the index, as Arrow columns: an export builds no Paper.

`IndexColumns.build` makes each row a Paper (`Rows.paper_of`: the row as an `Entry`, then
`paper_of_entry`); an export needs only the fields, and most of them are the index's own
columns as they are. The same values, column by column (property-tested against the
Papers): text that is empty is no text, a paper has no authors, categories or versions
rather than null ones, and the DOI field is split as `split_dois` splits it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from papercorpus._extras import require
from papercorpus.dois import split_dois
from papercorpus.snapshot._rows import arrow_versions

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["stored_columns"]

#: The index's text columns, named as a Paper names them: an empty one is no text.
_TEXT = ("title", "abstract", "comments", "journal_ref", "primary_category")


def stored_columns(part: pa.Table, authors_type: pa.DataType) -> dict[str, Any]:
    """The stored fields of the papers of `part` (`IndexColumns`' rows), column by column.

    `authors_type` is the export's type of the authors column (list of name and
    affiliations): the index's names become it without a Python object a name.
    """
    pa = require("pyarrow", feature="Snapshot")
    pc = require("pyarrow.compute", feature="Snapshot")
    part = part.combine_chunks()
    columns: dict[str, Any] = {"arxiv_id": part.column("base"), "version": part.column("version")}
    for name in _TEXT:
        column = part.column(name)
        columns[name] = pc.if_else(pc.equal(column, ""), pa.scalar(None, column.type), column)
    found = [split_dois(doi) if doi else () for doi in part.column("doi").to_pylist()]
    columns["doi"] = [dois[0] if dois else None for dois in found]
    columns["dois"] = found
    columns["authors"] = _authors(pa, pc, part.column("authors"), authors_type)
    categories = part.column("categories").to_pylist()
    columns["categories"] = [names or [] for names in categories]
    columns["published"] = columns["created"] = part.column("published")
    columns["updated"] = part.column("updated")
    columns["latest_version"] = part.column("latest_version")
    columns["versions"] = arrow_versions(part.column("versions").chunk(0))
    columns["withdrawn"] = pc.fill_null(part.column("withdrawn"), False)  # noqa: FBT003 (the fill value)
    return columns


def _authors(pa: Any, pc: Any, names: Any, kind: pa.DataType) -> pa.Array:  # noqa: ANN401 (pyarrow)
    """list<string> of names as list<struct<name, affiliations>>, with no affiliation."""
    names = names.chunk(0)  # the part's chunks are combined: one
    lengths = pc.fill_null(pc.list_value_length(names), 0)
    offsets = pa.concat_arrays(
        [pa.array([0], pa.int32()), pc.cumulative_sum(lengths).cast(pa.int32())]
    )
    flat = pc.list_flatten(names)
    struct = kind.value_type
    none = pa.ListArray.from_arrays(
        pa.array([0] * (len(flat) + 1), pa.int32()), pa.array([], pa.string())
    )
    authors = pa.StructArray.from_arrays(
        [flat, none.cast(struct.field(1).type)], fields=list(struct)
    )
    return pa.ListArray.from_arrays(offsets, authors, type=kind)
