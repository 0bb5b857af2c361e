"""Text writers: JSON Lines, JSON, CSV, a readable table, and listings again."""

from __future__ import annotations

import csv
import json
import shutil
from typing import IO, TYPE_CHECKING, Any

from papercorpus._text import cell, json_safe
from papercorpus._warn import warn
from papercorpus.errors import ExportWarning
from papercorpus.export._dump import dumped, dumped_json
from papercorpus.models import DERIVED_FIELDS, Paper

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

__all__ = [
    "CSV_COLUMNS",
    "paper_row",
    "render_table",
    "write_csv",
    "write_json",
    "write_jsonl",
    "write_table",
]

#: The columns of CSV output, in order: every field of `Paper`, then the derived ones.
CSV_COLUMNS = (*Paper.model_fields, *DERIVED_FIELDS)


# A cell a spreadsheet would run as a formula (OWASP's list, ASVS 5.0): = + - @, tab, CR,
# and NUL.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\x00")


def _defused(value: object) -> object:
    """Prefix a formula-leading text cell with `'`: spreadsheets show it, never run it."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def paper_row(paper: Paper, *, escape_formulas: bool = True) -> dict[str, Any]:
    """Flatten a paper for one CSV row: authors joined by '; ', other lists by spaces."""
    data = dumped(paper)
    data["authors"] = "; ".join(author.name for author in paper.authors)
    for name in ("categories", "dois", "urls", "related_ids"):
        data[name] = " ".join(data[name])
    data["source"] = str(paper.source) if paper.source is not None else None
    # "v1 2007-04-02T19:18:42+00:00 23kb; v2 ... 0kb withdrawn": one cell, oldest first.
    data["versions"] = "; ".join(
        f"v{v.number} {v.created.isoformat()}"
        + ("" if v.size_kb is None else f" {v.size_kb}kb")
        + (" withdrawn" if v.withdrawn else "")
        for v in paper.versions
    )
    row = {column: data.get(column) for column in CSV_COLUMNS}
    return {k: _defused(v) for k, v in row.items()} if escape_formulas else row


def write_jsonl(papers: Iterable[Paper], stream: IO[str]) -> int:
    """Write one `model_dump(mode="json")` object a line; return how many were written."""
    count = 0
    for paper in papers:
        stream.write(json_safe(dumped_json(paper)))
        stream.write("\n")
        count += 1
    return count


def write_json(papers: Iterable[Paper], stream: IO[str]) -> int:
    """Write the papers as one JSON array (indented); return how many were written."""
    items = [dumped(paper) for paper in papers]
    stream.write(json_safe(json.dumps(items, ensure_ascii=False, indent=2)))
    stream.write("\n")
    return len(items)


#: The most characters an Excel cell holds; a longer one is cut when Excel opens the file.
EXCEL_CELL_LIMIT = 32_767


def write_csv(
    papers: Iterable[Paper], stream: IO[str], *, escape_formulas: bool = True, excel: bool = False
) -> int:
    """Write a header and one flattened row a paper (see `CSV_COLUMNS`), RFC 4180 style.

    Cells that begin with `=`, `+`, `-`, `@`, a tab, a CR or NUL get a leading `'` (OWASP's
    advice against formula injection); `escape_formulas=False` writes them as they are, for
    programs rather than spreadsheets. Rows end in CRLF, so every field that holds a CR or
    an LF is quoted and a paper is always one record. `excel=True` starts the file with a
    UTF-8 byte order mark (so that Excel reads it as UTF-8, not as the local code page) and
    warns, naming the papers, when a cell is longer than Excel holds (32,767 characters).
    """
    if excel:
        stream.write("\ufeff")
    writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    count = 0
    too_long: list[str] = []
    for paper in papers:
        row = paper_row(paper, escape_formulas=escape_formulas)
        if excel and any(
            isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT for value in row.values()
        ):
            too_long.append(paper.arxiv_id)
        writer.writerow(row)
        count += 1
    if too_long:
        shown = ", ".join(too_long[:5]) + (
            f" and {len(too_long) - 5:,} more" if len(too_long) > 5 else ""
        )
        warn(
            ExportWarning(
                f"{len(too_long):,} papers have a cell longer than Excel's "
                f"{EXCEL_CELL_LIMIT:,} characters ({shown}): Excel will cut it"
            )
        )
    return count


def render_table(papers: Iterable[Paper], width: int = 120) -> Iterator[str]:
    """Yield the lines of a fixed-width table: identifier, version, date, title, comments.

    Where a paper has no title yet (not enriched), its abstract stands in.
    """
    fixed = 16 + 3 + 10 + 6  # id, version, date and the gaps between columns
    free = max(width - fixed, 30)
    text_width = free * 2 // 3
    note_width = free - text_width
    yield f"{'arxiv_id':<16} {'v':>2} {'date':<10} {'title / abstract':<{text_width}} comments"
    yield "-" * min(width, fixed + free)
    for paper in papers:
        date = paper.created or paper.published
        yield (
            f"{paper.arxiv_id:<16} {paper.version or '':>2} {date.isoformat() if date else '':<10} "
            f"{cell(paper.title_text if paper.title else paper.abstract, text_width)} "
            f"{cell(paper.comments, note_width).rstrip()}"
        ).rstrip()


def write_table(papers: Iterable[Paper], stream: IO[str]) -> int:
    """Write `render_table` as wide as the terminal (120 columns when there is none)."""
    count = -2  # the header and the rule
    for line in render_table(papers, shutil.get_terminal_size((120, 24)).columns):
        stream.write(line + "\n")
        count += 1
    return count
