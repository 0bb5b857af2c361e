"""Listings written from arXiv's own metadata of 503 papers, in both layouts, and what they hold.

`tests/data/oai/arxivraw-records.json` is a full harvest of arXiv's test database in the
`arXivRaw` format. `spaced()` and `compact()` write it as listings the way FORMAT.md shows
them; `expected()` is what each record must parse to: its abstract and comments with
whitespace squashed, and every DOI of its DOI field, in order.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

RECORDS = Path(__file__).parent.parent / "data" / "oai" / "arxivraw-records.json"


def _squash(text: str | None) -> str | None:
    return " ".join(text.split()) or None if text else None


@dataclass(frozen=True)
class Expected:
    """What one record of a listing must parse to."""

    arxiv_id: str
    abstract: str | None
    comments: str | None
    doi_field: str | None  # as arXiv wrote it
    dois: tuple[str, ...]
    created: dt.date


@functools.cache
def expected() -> tuple[Expected, ...]:
    """Every record, in harvest order."""
    rows = json.loads(RECORDS.read_text(encoding="utf-8"))
    found = []
    for row in rows:
        field = _squash(row["doi"])
        first = email.utils.parsedate_to_datetime(row["versions"][0]["date"])
        found.append(
            Expected(
                arxiv_id=row["id"],
                abstract=_squash(row["abstract"]),
                comments=_squash(row["comments"]),
                doi_field=field,
                dois=tuple(re.split(r"[;,]?\s+", field)) if field else (),
                created=first.date(),
            )
        )
    return tuple(found)


def _id_line(record: Expected) -> str:
    return f"arXiv:{record.arxiv_id}" + (f" - doi: {record.doi_field}" if record.doi_field else "")


def spaced() -> str:
    """The records as a spaced listing: blocks between blank lines, a Created: line."""
    parts = []
    for record in expected():
        blocks = [b for b in (record.abstract, record.comments) if b]
        parts.append("\n\n".join([*blocks, f"{_id_line(record)}\nCreated: {record.created}"]))
    return "\n\n".join(parts) + "\n"


def compact() -> str:
    """The records as a compact listing: a block a line, the next abstract glued on."""
    text = ""
    for record in expected():
        lines = [b for b in (record.comments,) if b]
        text += (record.abstract or "") + "\n" + "".join(f"{line}\n" for line in lines)
        text += _id_line(record)
    return text + "\n"


def snapshot_lines() -> list[dict[str, object]]:
    """The records in the layout of arXiv's Kaggle snapshot (as the snapshot index reads it)."""
    rows = json.loads(RECORDS.read_text(encoding="utf-8"))
    return [
        {
            "id": row["id"],
            "submitter": None,
            "title": row["title"],
            "authors": row["authors"],
            "abstract": row["abstract"],
            "comments": row["comments"],
            "doi": row["doi"],
            "journal-ref": row["journal_ref"],
            "categories": row["categories"],
            "versions": [{"version": v["version"], "created": v["date"]} for v in row["versions"]],
            "authors_parsed": [
                [name.strip(), "", ""] for name in (row["authors"] or "").split(",")
            ],
        }
        for row in rows
    ]
