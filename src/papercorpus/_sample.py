"""The bundled sample's verified metadata (titles, authors, categories, dates) and its use."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from papercorpus._dates import iso_date
from papercorpus.errors import Diagnostic, DiagnosticCode
from papercorpus.ids import ArxivId
from papercorpus.models import Author, Entry, Paper, merge_entry

__all__ = ["METADATA_FILE", "apply_metadata", "read_metadata"]

METADATA_FILE = "sample-metadata.json"


def read_metadata() -> dict[str, tuple[Entry, int]]:
    """The bundled metadata as Entries, each with the line of its record in the file."""
    text = (resources.files("papercorpus") / "data" / METADATA_FILE).read_text(encoding="utf-8")
    lines = {
        line.split('"arxiv_id":', 1)[1].strip().strip('",'): number
        for number, line in enumerate(text.splitlines(), start=1)
        if '"arxiv_id":' in line
    }
    entries: dict[str, tuple[Entry, int]] = {}
    for record in json.loads(text):
        entries[record["arxiv_id"]] = (_entry(record), lines.get(record["arxiv_id"], 1))
    return entries


def _entry(record: dict[str, Any]) -> Entry:
    return Entry(
        id=ArxivId.parse(record["arxiv_id"]),
        title=record.get("title") or "",
        authors=tuple(Author(name=name) for name in record.get("authors") or ()),
        summary=None,
        comment=None,
        journal_ref=record.get("journal_ref"),
        doi=record.get("doi"),
        primary_category=record.get("primary_category"),
        categories=tuple(record.get("categories") or ()),
        published=iso_date(record.get("published")),
        updated=None,
    )


def _conflicts(paper: Paper, entry: Entry, line: int) -> list[Diagnostic]:
    """Where the listing and the metadata both have a value and they differ."""
    pairs = (("doi", paper.doi, entry.doi), ("created", paper.created, entry.published))
    return [
        Diagnostic(
            METADATA_FILE,
            line,
            1,
            DiagnosticCode.METADATA_CONFLICT,
            f"the listing's {name} for {paper.arxiv_id}, {ours!s} (kept, from {paper.source})",
            f"{theirs!s} in the metadata",
            arxiv_id=paper.arxiv_id,
        )
        for name, ours, theirs in pairs
        if ours is not None and theirs is not None and ours != theirs
    ]


def apply_metadata(papers: list[Paper]) -> tuple[list[Paper], list[Diagnostic]]:
    """Fill the sample papers from the bundled metadata; the listing's own values stay.

    Where both have a value and they differ, a diagnostic names both.
    """
    entries = read_metadata()
    filled: list[Paper] = []
    diagnostics: list[Diagnostic] = []
    for paper in papers:
        found = entries.get(paper.arxiv_id)
        if found is None:
            filled.append(paper)
            continue
        entry, line = found
        diagnostics.extend(_conflicts(paper, entry, line))
        filled.append(merge_entry(paper, entry, overwrite=False))
    return filled, diagnostics
