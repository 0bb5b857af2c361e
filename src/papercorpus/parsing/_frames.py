"""Reading papers back from tables: Arrow data and pandas frames, a row at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from papercorpus._extras import require
from papercorpus.parsing._jsonl import read_rows

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pandas as pd

    from papercorpus.errors import Diagnostic
    from papercorpus.models import Paper

__all__ = ["read_arrow", "read_pandas"]


def read_arrow(data: object, source: str) -> Iterator[Paper | Diagnostic]:
    """Each row's Paper or Diagnostic of what `to_arrow()` gives (or any Arrow stream)."""
    pa = require("pyarrow", feature="from_arrow()")

    return read_rows(pa.table(data).to_pylist(), source)


def read_pandas(frame: pd.DataFrame) -> Iterator[Paper | Diagnostic]:
    """Each row's Paper or Diagnostic of what `to_pandas()` gives.

    Authors are names (a list, or one cell of names separated by `;`), the source two
    columns; pandas' missing values are missing fields.
    """
    pd = require("pandas", feature="from_pandas()")

    rows = []
    for row in frame.to_dict(orient="records"):
        data: dict[str, Any] = {str(k): (None if _is_missing(v, pd) else v) for k, v in row.items()}
        for name, value in data.items():
            if isinstance(value, pd.Timestamp):
                data[name] = value.date()
            elif hasattr(value, "tolist"):  # a list cell read as a numpy array
                data[name] = value.tolist()
        authors = data.get("authors") or ()
        if isinstance(authors, str):  # one cell of names, as a spreadsheet holds them
            authors = [name.strip() for name in authors.split(";") if name.strip()]
        data["authors"] = [{"name": name} for name in authors]
        path, line = data.pop("source_path", None), data.pop("source_line", None)
        data["source"] = None if line is None else {"path": path, "line": int(line)}
        rows.append(data)
    return read_rows(rows, "<pandas>")


def _is_missing(value: object, pd: Any) -> bool:  # noqa: ANN401 (the pandas module)
    """Whether a cell is pandas' NA, NaT or NaN (lists and strings are values)."""
    if isinstance(value, str) or hasattr(value, "__len__"):  # text, lists, numpy arrays
        return False
    return bool(pd.isna(value))
