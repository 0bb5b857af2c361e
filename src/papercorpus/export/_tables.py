"""Tabular exports: pandas DataFrames and Arrow tables (for Parquet), with explicit types.

pandas and pyarrow are optional (`pip install papercorpus[pandas]` / `[parquet]`) and are
imported inside the functions that need them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from papercorpus.errors import PapercorpusError

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd
    import pyarrow as pa

    from papercorpus.models import Paper

__all__ = ["ARROW_SCHEMA_FIELDS", "arrow_schema", "to_arrow", "to_pandas"]

# name -> Arrow type, in column order. "str", "int", "date", "strings" (list<string>),
# "authors" (list<struct<name, affiliations>>), "source" (struct<path, line>).
ARROW_SCHEMA_FIELDS: dict[str, str] = {
    "arxiv_id": "str",
    "version": "int",
    "abstract": "str",
    "comments": "str",
    "doi": "str",
    "created": "date",
    "title": "str",
    "authors": "authors",
    "categories": "strings",
    "primary_category": "str",
    "published": "date",
    "updated": "date",
    "journal_ref": "str",
    "latest_version": "int",
    "source": "source",
    "abstract_text": "str",
    "title_text": "str",
    "urls": "strings",
    "code_url": "str",
    "pages": "int",
    "figures": "int",
    "tables": "int",
    "venue": "str",
    "venue_year": "int",
    "status": "str",
    "related_ids": "strings",
    "abs_url": "str",
    "pdf_url": "str",
    "year": "int",
    "month": "int",
}


def _require(module: str, extra: str) -> Any:  # noqa: ANN401 (a module)
    try:
        return __import__(module)
    except ImportError as exc:
        raise PapercorpusError(
            f"this export needs {module}: pip install 'papercorpus[{extra}]'"
        ) from exc


def arrow_schema() -> pa.Schema:
    """The Arrow schema of a paper table: one column per field, authors as list<struct>."""
    pa = _require("pyarrow", "parquet")
    author = pa.struct([("name", pa.string()), ("affiliations", pa.list_(pa.string()))])
    kinds = {
        "str": pa.string(),
        "int": pa.int32(),
        "date": pa.date32(),
        "strings": pa.list_(pa.string()),
        "authors": pa.list_(author),
        "source": pa.struct([("path", pa.string()), ("line", pa.int32())]),
    }
    nullable = {"arxiv_id", "abs_url", "pdf_url", "year", "month"}
    return pa.schema(
        [
            pa.field(name, kinds[kind], nullable=name not in nullable)
            for name, kind in ARROW_SCHEMA_FIELDS.items()
        ],
        metadata={"papercorpus": "Paper"},
    )


def to_arrow(papers: Iterable[Paper]) -> pa.Table:
    """An Arrow table of the papers, with `arrow_schema()`."""
    pa = _require("pyarrow", "parquet")
    rows = [paper.model_dump() for paper in papers]
    return pa.Table.from_pylist(rows, schema=arrow_schema())


def to_pandas(papers: Iterable[Paper]) -> pd.DataFrame:
    """A DataFrame, one row per paper, with nullable integer and string dtypes.

    Dates are datetime64, authors a list of names, the source two columns, `source_path`
    and `source_line`.
    """
    pandas = _require("pandas", "pandas")
    rows = []
    for paper in papers:
        row = paper.model_dump()
        row["authors"] = [author.name for author in paper.authors]
        for name in ("categories", "urls", "related_ids"):
            row[name] = list(row[name])
        source = row.pop("source")
        row["source_path"] = source["path"] if source else None
        row["source_line"] = source["line"] if source else None
        rows.append(row)
    columns = [name for name in ARROW_SCHEMA_FIELDS if name != "source"]
    frame: pd.DataFrame = pandas.DataFrame(rows, columns=[*columns, "source_path", "source_line"])
    for name, kind in ARROW_SCHEMA_FIELDS.items():
        if kind == "str":
            frame[name] = frame[name].astype("string")
        elif kind == "int":
            frame[name] = frame[name].astype("Int64")
        elif kind == "date":
            frame[name] = pandas.to_datetime(frame[name])
    frame["source_path"] = frame["source_path"].astype("string")
    frame["source_line"] = frame["source_line"].astype("Int64")
    return frame
