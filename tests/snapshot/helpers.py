"""Snapshot lines in the exact layout of arXiv's published `arxiv-metadata-oai-snapshot.json`."""

from __future__ import annotations

import gzip
import json
import textwrap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence
    from pathlib import Path

    from papercorpus.models import Entry

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def created(day: dt.date, time: str = "19:18:42") -> str:
    """A version's date as the snapshot writes it: `Mon, 2 Apr 2007 19:18:42 GMT`."""
    return f"{DAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year} {time} GMT"


def record(arxiv_id: str, **fields: Any) -> dict[str, Any]:
    """A record of paper 0704.0001 of the real file, under `arxiv_id`, with `fields` replaced."""
    base: dict[str, Any] = {
        "id": arxiv_id,
        "submitter": "Pavel Nadolsky",
        "authors": "C. Bal\\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan",
        "title": "Calculation of prompt diphoton production cross sections at Tevatron and\n"
        "  LHC energies",
        "comments": "37 pages, 15 figures; published version",
        "journal-ref": "Phys.Rev.D76:013009,2007",
        "doi": "10.1103/PhysRevD.76.013009",
        "report-no": "ANL-HEP-PR-07-12",
        "categories": "hep-ph",
        "license": None,
        "abstract": "  A fully differential calculation in perturbative quantum chromodynamics is\n"
        "presented for the production of massive photon pairs at hadron colliders.\n",
        "versions": [
            {"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"},
            {"version": "v2", "created": "Tue, 24 Jul 2007 20:10:27 GMT"},
        ],
        "update_date": "2008-11-13",
        "authors_parsed": [
            ["Balázs", "C.", ""],
            ["Berger", "E. L.", ""],
            ["Nadolsky", "P. M.", ""],
            ["Yuan", "C. -P.", ""],
        ],
    }
    base.update(fields)
    return base


def write_snapshot(path: Path, lines: Sequence[dict[str, Any] | str], *, gz: bool = False) -> Path:
    """Write records (dicts, as JSON) and raw lines (strings, as they are), one a line."""
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    if gz:
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def wrap(text: str, width: int) -> list[str]:
    """Hard wraps at spaces, as arXiv's are (never inside a word or after a hyphen)."""
    return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)


def record_of(entry: Entry) -> dict[str, Any]:
    """The snapshot's record of a paper the API described, wrapped and laid out as arXiv does."""
    assert entry.published is not None
    assert entry.updated is not None
    latest = entry.id.version or 1
    versions = [{"version": "v1", "created": created(entry.published)}]
    versions += [
        {"version": f"v{n}", "created": created(entry.updated, "08:00:00")}
        for n in range(2, latest + 1)
    ]
    parsed = []
    for author in entry.authors:
        first, _, last = author.name.rpartition(" ")
        parsed.append([last, first, ""])
    return {
        "id": entry.id.canonical,
        "submitter": entry.authors[0].name if entry.authors else None,
        "authors": ", ".join(a.name for a in entry.authors),
        "title": "\n  ".join(wrap(entry.title, 70)),
        "comments": "\n".join(wrap(entry.comment, 60)) if entry.comment else None,
        "journal-ref": entry.journal_ref,
        "doi": entry.doi,
        "report-no": None,
        "categories": " ".join(entry.categories),
        "license": None,
        "abstract": "  " + "\n".join(wrap(entry.summary or "", 78)) + "\n",
        "versions": versions,
        "update_date": entry.updated.isoformat(),
        "authors_parsed": parsed,
    }
