"""CSV of papers, as `to_csv` writes it, read back: each row a Paper or a diagnostic.

Every cell is read as text and turned into its field by the field's own rule, so that an
identifier stays an identifier (`2104.08700` is never the number 2104.087), lists are split
as `to_csv` joined them, and a formula-escaped cell loses the `'` `to_csv` put before it.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from papercorpus.errors import Diagnostic, DiagnosticCode
from papercorpus.models import Author, Paper, Source, Version

if TYPE_CHECKING:
    import os
    from collections.abc import Iterator

    from papercorpus.parsing._records import Item

__all__ = ["read_csv"]

_EXPECTED = "a paper as `to_csv` writes it: one row, its columns named in the header"
_ESCAPED = ("'=", "'+", "'-", "'@", "'\t", "'\r", "'\x00")
_VERSION = re.compile(r"v([0-9]{1,4}) ([0-9T:+.-]{10,40})(?: ([0-9]{1,9})kb)?( withdrawn)?")
_SOURCE = re.compile(r"(.*):([0-9]{1,12})")


def _unescaped(value: str, *, escaped: bool) -> str:
    return value[1:] if escaped and value.startswith(_ESCAPED) else value


def _versions(cell: str) -> tuple[Version, ...]:
    versions = []
    for part in filter(None, (p.strip() for p in cell.split(";"))):
        match = _VERSION.fullmatch(part)
        if match is None:
            raise ValueError(f"a version as `v1 2007-04-02T19:18:42+00:00 23kb`, not {part!r}")
        number, created, size, gone = match.groups()
        versions.append(
            Version(
                number=int(number),
                created=dt.datetime.fromisoformat(created),
                size_kb=None if size is None else int(size),
                withdrawn=gone is not None,
            )
        )
    return tuple(versions)


def _values(row: dict[str, str]) -> dict[str, Any]:
    """The stored fields of a row, each from its text (derived columns are recomputed)."""
    values: dict[str, Any] = {}
    for name in Paper.model_fields:
        cell = row.get(name)
        if cell is None or cell == "":
            continue
        if name == "authors":
            values[name] = [Author(name=n.strip()) for n in cell.split("; ") if n.strip()]
        elif name in {"categories", "dois"}:
            values[name] = cell.split()
        elif name == "versions":
            values[name] = _versions(cell)
        elif name == "withdrawn":
            values[name] = cell == "True"
        elif name == "source":
            match = _SOURCE.fullmatch(cell)
            if match is None:
                raise ValueError(f"a source as `path:line`, not {cell!r}")
            path = None if match.group(1) == "<string>" else match.group(1)
            values[name] = Source(path=path, line=int(match.group(2)))
        else:
            values[name] = cell
    return values


def read_csv(path: str | os.PathLike[str], *, escape_formulas: bool = True) -> Iterator[Item]:
    """Every row of `path` as a Paper, or a diagnostic that says why it is not.

    `escape_formulas` says the file was written with `to_csv`'s default: a cell that starts
    with `'` and a formula start (`'=`, `'+`, `'-`, `'@`...) had the `'` added, and loses it.
    """
    name = str(path)
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # an abstract is one cell, any length
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or "arxiv_id" not in reader.fieldnames:
            found = ", ".join(reader.fieldnames or [])[:200] or "no header"
            yield Diagnostic(
                name, 1, 1, DiagnosticCode.MALFORMED_RECORD,
                "a header with an arxiv_id column, as `to_csv` writes", found,
            )  # fmt: skip
            return
        start = reader.line_num + 1
        for row in reader:
            cells = {
                key: _unescaped(value or "", escaped=escape_formulas)
                for key, value in row.items()
                if isinstance(key, str)
            }
            try:
                yield Paper.model_validate(_values(cells))
            except (ValidationError, ValueError) as exc:
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                if isinstance(exc, ValidationError):
                    error = exc.errors(include_url=False)[0]
                    where = ".".join(str(part) for part in error["loc"])
                    reason = f"{where}: {error['msg']}" if where else error["msg"]
                yield Diagnostic(
                    name, start, 1, DiagnosticCode.MALFORMED_RECORD, _EXPECTED, reason,
                    arxiv_id=cells.get("arxiv_id") or None,
                )  # fmt: skip
            start = reader.line_num + 1
