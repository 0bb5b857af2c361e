"""Papers read back from JSON Lines and tables: each line or row a Paper, or a diagnostic."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from papercorpus.errors import Diagnostic, DiagnosticCode
from papercorpus.models import Paper
from papercorpus.parsing._lines import lines_from_bytes
from papercorpus.parsing._records import Item, line_problems

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable, Iterator

__all__ = ["read_jsonl", "read_rows"]

_EXPECTED = "a paper as `to_jsonl` writes it: one JSON object a line"
_AT = re.compile(r" at line \d+ column (\d+)$")  # where pydantic says JSON went wrong


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[Item]:
    """Every non-blank line of `path` as a Paper, or a diagnostic that says why it is not.

    Lines are read as listings are (UTF-8 or a byte order mark's encoding, any line end,
    bad bytes as U+FFFD and a diagnostic, a line over 16 MiB left out): memory stays flat.
    """
    name = str(path)
    with Path(path).open("rb") as handle:
        for line in lines_from_bytes(handle, listing=False):
            yield from line_problems(name, line)
            if line.left_out or not line.text.strip():  # too long to read, or blank
                continue
            try:
                yield Paper.model_validate_json(line.text)
            except ValidationError as exc:
                yield _malformed(name, line.number, line.text, exc)


_ROW = "a row as `to_arrow` writes it: a paper's fields as columns"


def read_rows(rows: Iterable[dict[str, Any]], source: str) -> Iterator[Item]:
    """Each row of a table as a Paper (its fields only), or a diagnostic naming the row."""
    fields = set(Paper.model_fields)
    for number, row in enumerate(rows, 1):
        try:
            yield Paper.model_validate({k: v for k, v in row.items() if k in fields})
        except ValidationError as exc:  # noqa: PERF203 (a row that is no paper is rare)
            yield _invalid_row(source, number, exc, _ROW)


def _invalid_row(source: str, number: int, exc: ValidationError, expected: str) -> Diagnostic:
    """A table's row (numbered from 1) that is no paper: its first problem, and how many more."""
    error = exc.errors(include_url=False)[0]
    where = ".".join(str(part) for part in error["loc"])
    found = f"{where}: {error['msg']}" if where else error["msg"]
    more = exc.error_count() - 1
    if more:
        found += f" (and {more} more)"
    return Diagnostic(source, number, 1, DiagnosticCode.MALFORMED_RECORD, expected, found)


def _malformed(path: str, number: int, text: str, exc: ValidationError) -> Diagnostic:
    """The first thing wrong with a line, and where: a JSON error's column, else column 1."""
    error = exc.errors(include_url=False)[0]
    if error["type"] == "json_invalid":
        reason = str(error.get("ctx", {}).get("error", error["msg"]))
        at = _AT.search(reason)
        column = int(at.group(1)) if at else 1
        found = f"invalid JSON: {_AT.sub('', reason)}"
    else:
        column = 1
        where = ".".join(str(part) for part in error["loc"])
        found = f"{where}: {error['msg']}" if where else error["msg"]
    more = exc.error_count() - 1
    if more:
        found += f" (and {more} more)"
    return Diagnostic(
        path, number, column, DiagnosticCode.MALFORMED_RECORD, _EXPECTED, found, line_text=text
    )
