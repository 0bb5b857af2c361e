"""Tabular exports: pandas DataFrames and Arrow tables (for Parquet), with explicit types.

pandas and pyarrow are optional (`pip install papercorpus[pandas]` / `[parquet]`) and are
imported inside the functions that need them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from operator import attrgetter
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin

from papercorpus._columns import Built, SourceColumns
from papercorpus._extras import require
from papercorpus._gc import gc_paused
from papercorpus.derive import derived_columns
from papercorpus.models import Author, Paper, Source, Version

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    import pandas as pd
    import pyarrow as pa

    #: What an export converts at once: Papers, or a Corpus's stored fields as columns.
    Group = list[Paper] | dict[str, Sequence[Any]]

__all__ = [
    "BATCH",
    "COLUMNS",
    "ROW_GROUP",
    "arrow_schema",
    "groups",
    "table_of",
    "to_arrow",
    "to_pandas",
]


def _kind(annotation: object) -> tuple[str, bool]:
    """The column kind of a field's annotation, and whether it may be null."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    nullable = type(None) in get_args(annotation)
    if nullable and len(args) == 1:
        return _kind(args[0])[0], True
    origin = get_origin(annotation)
    if origin is tuple:
        return {Author: "authors", Version: "versions"}.get(args[0], "strings"), False
    if origin is Literal or annotation is str:
        return "str", nullable
    kinds = {int: "int", bool: "bool", dt.date: "date", Source: "source"}
    return kinds[annotation], nullable  # type: ignore[index]  # a new field type: add it here


def _columns() -> dict[str, tuple[str, bool]]:
    fields = {name: info.annotation for name, info in Paper.model_fields.items()}
    derived = {name: info.return_type for name, info in Paper.model_computed_fields.items()}
    return {name: _kind(annotation) for name, annotation in {**fields, **derived}.items()}


#: name -> (kind, nullable), in `Paper`'s declared order, read off the model itself. Kinds:
#: "str", "int", "date", "strings" (list<string>), "authors" (list<struct<name,
#: affiliations>>), "source" (struct<path, line>).
COLUMNS: dict[str, tuple[str, bool]] = _columns()


def VERSION_TYPE() -> pa.DataType:  # noqa: N802 (a type, built when pyarrow is there)
    """A version as Arrow holds it: number, created (UTC, microseconds), size_kb, withdrawn."""
    pa = require("pyarrow", feature="this export")
    return pa.struct(
        [
            ("number", pa.int32()),
            ("created", pa.timestamp("us", tz="UTC")),
            ("size_kb", pa.int32()),
            ("withdrawn", pa.bool_()),
        ]
    )


def arrow_schema() -> pa.Schema:
    """The Arrow schema of a paper table: one column per field, authors as list<struct>."""
    pa = require("pyarrow", feature="this export")
    author = pa.struct([("name", pa.string()), ("affiliations", pa.list_(pa.string()))])
    kinds = {
        "str": pa.string(),
        "int": pa.int32(),
        "date": pa.date32(),
        "strings": pa.list_(pa.string()),
        "authors": pa.list_(author),
        "bool": pa.bool_(),
        "versions": pa.list_(VERSION_TYPE()),
        "source": pa.struct([("path", pa.string()), ("line", pa.int32())]),
    }
    return pa.schema(
        [
            pa.field(name, kinds[kind], nullable=nullable)
            for name, (kind, nullable) in COLUMNS.items()
        ],
        metadata={"papercorpus": "Paper"},
    )


def _array(
    pyarrow: ModuleType, values: Sequence[Any], kind: str, kind_type: pa.DataType
) -> pa.Array:
    """One column's Arrow array; nested kinds are built from flat child arrays."""
    if isinstance(values, (pyarrow.Array, pyarrow.ChunkedArray)):  # Arrow's already
        return values.cast(kind_type)
    if kind == "authors":
        offsets = [0]
        names: list[str] = []
        affiliations: list[tuple[str, ...]] = []
        for authors in values:
            for author in authors:
                names.append(author.name)
                affiliations.append(author.affiliations)
            offsets.append(len(names))
        struct = kind_type.value_type
        children = pyarrow.StructArray.from_arrays(
            [
                pyarrow.array(names, pyarrow.string()),
                pyarrow.array(affiliations, struct.field(1).type),
            ],
            fields=list(struct),
        )
        return pyarrow.ListArray.from_arrays(
            pyarrow.array(offsets, pyarrow.int32()), children, type=kind_type
        )
    if kind == "versions":
        rows = [
            [
                {
                    "number": v.number,
                    "created": v.created,
                    "size_kb": v.size_kb,
                    "withdrawn": v.withdrawn,
                }
                for v in versions
            ]
            for versions in values
        ]
        return pyarrow.array(rows, type=kind_type)
    if kind == "source":
        paths: Sequence[str | None]
        lines: Sequence[int | None]
        if isinstance(values, SourceColumns):  # a listing's columns: every paper has one
            paths, lines, mask = values.paths, values.lines, None
        else:
            mask = pyarrow.array([s is None for s in values], pyarrow.bool_())
            paths = [None if s is None else s.path for s in values]
            lines = [None if s is None else s.line for s in values]
        return pyarrow.StructArray.from_arrays(
            [pyarrow.array(paths, pyarrow.string()), pyarrow.array(lines, pyarrow.int32())],
            fields=list(kind_type),
            mask=mask,
        )
    return pyarrow.array(values, type=kind_type)


def to_arrow(papers: Iterable[Paper]) -> pa.Table:
    """An Arrow table of the papers, with `arrow_schema()`, built a column at a time.

    Stored fields are read with one C-level getter a paper (or as a Corpus's columns
    hold them); derived fields are made from them a column at a time (`derived_columns`),
    for a group of papers at once, and not kept. The papers are taken
    `ROW_GROUP` at a time: of papers built on demand (a Corpus held as columns), only
    that many are alive at once.
    """
    pyarrow = require("pyarrow", feature="this export")
    with gc_paused():  # millions of short-lived tuples: the collector would scan each time
        if isinstance(papers, list):
            return table_of(pyarrow, papers)
        tables = [table_of(pyarrow, group) for group in groups(papers)]
        if not tables:
            return table_of(pyarrow, [])
        return pyarrow.concat_tables(tables) if len(tables) > 1 else tables[0]


def groups(papers: Iterable[Paper], size: int | None = None) -> Iterator[Group]:
    """The papers `size` (`ROW_GROUP`) at a time: lists, or a Corpus's stored columns."""
    iterator = iter(papers)
    if isinstance(iterator, Built):  # a Corpus held as columns: no Paper built to be read
        yield from iterator.chunks(size or ROW_GROUP)
        return
    while group := list(itertools.islice(iterator, size or ROW_GROUP)):
        yield group


_STORED = tuple(Paper.model_fields)
#: Each stored field's value in a Paper that was not given it.
_DEFAULTS: dict[str, object] = {
    name: field.get_default(call_default_factory=True) for name, field in Paper.model_fields.items()
}


def _given(values: Sequence[Any] | None, name: str, size: int) -> Sequence[Any]:
    """A stored column as given (a list, or Arrow's), or the field's default for each row."""
    if values is None or (isinstance(values, list) and not values):
        return [_DEFAULTS[name]] * size
    return values


def _python(values: Sequence[Any]) -> Sequence[Any]:
    """A column as Python values: Arrow's converted, a list as it is."""
    to_pylist = getattr(values, "to_pylist", None)
    return values if to_pylist is None else to_pylist()


def table_of(pyarrow: ModuleType, items: Group) -> pa.Table:
    """The papers of a group (a list, or their stored fields as columns) as an Arrow table."""
    if isinstance(items, dict):
        size = len(items["arxiv_id"])
        columns = {name: _given(items.get(name), name, size) for name in _STORED}
    else:
        rows = list(map(attrgetter(*_STORED), items))
        columns = dict(zip(_STORED, zip(*rows, strict=True), strict=True)) if rows else {}
    if columns:  # a Paper's derived values are a function of these: made again, not read
        texts = (columns[name] for name in ("arxiv_id", "version", "abstract", "title", "comments"))
        columns.update(derived_columns(*map(_python, texts), squashed=True))
    schema = arrow_schema()
    arrays = [
        _array(pyarrow, columns.get(name, ()), kind, schema.field(name).type)
        for name, (kind, _) in COLUMNS.items()
    ]
    return pyarrow.Table.from_arrays(arrays, schema=schema)


def to_pandas(papers: Iterable[Paper]) -> pd.DataFrame:
    """A DataFrame, one row per paper, with nullable integer and string dtypes.

    Dates are datetime64, authors a list of names, the source two columns, `source_path`
    and `source_line`. Built from `to_arrow()`: one Arrow path for every table export.
    """
    pandas = require("pandas", feature="this export")
    pyarrow = require("pyarrow", feature="this export")
    table = to_arrow(papers)
    lists = {"authors", "categories", "urls", "related_ids", "versions"}
    flat = [name for name in COLUMNS if name not in lists and name != "source"]
    mapping = {pyarrow.string(): pandas.StringDtype(), pyarrow.int32(): pandas.Int64Dtype()}
    frame: pd.DataFrame = table.select(flat).to_pandas(
        types_mapper=mapping.get, date_as_object=False
    )
    # Dates at the resolution pandas gives `datetime.date`s, whichever its version.
    resolution = pandas.to_datetime(pandas.Series([dt.date(2000, 1, 1)])).dtype
    for name, (kind, _) in COLUMNS.items():
        if kind == "date":
            frame[name] = frame[name].astype(resolution)
    # List columns hold Python lists (of names, for authors), as users index them.
    order = [name for name in COLUMNS if name != "source"]
    for name in sorted(lists, key=order.index):
        column = table.column(name).combine_chunks()
        values = column.flatten()
        values = values.field("name") if name == "authors" else values
        if name == "versions":  # each a dict: number, created, size_kb, withdrawn
            frame.insert(order.index(name), name, pandas.Series(column.to_pylist(), dtype=object))
            continue
        frame.insert(order.index(name), name, pandas.Series(_lists(column, values), dtype=object))
    source = table.column("source").combine_chunks()
    struct_field = pyarrow.compute.struct_field
    frame["source_path"] = pandas.Series(struct_field(source, "path").to_pylist(), dtype="string")
    frame["source_line"] = pandas.Series(struct_field(source, "line").to_pylist(), dtype="Int64")
    return frame


def _lists(column: pa.ListArray, values: pa.Array) -> list[list[Any]]:
    """Each row's list of `values`, cut at the column's offsets (ten times `to_pylist()`)."""
    flat = values.to_pylist()
    offsets = column.offsets.to_numpy().tolist()
    with gc_paused():  # a list a row, no cycles: the collector would walk the corpus again
        return [flat[start:end] for start, end in itertools.pairwise(offsets)]


#: Papers a Parquet row group holds: each is built while the one before is written.
ROW_GROUP = 4096
#: Papers alive at once while a row group is built (they become Arrow this many at a time).
BATCH = 1024
