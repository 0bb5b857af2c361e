"""What a file that is not a listing looks like, from its first bytes, and what to run instead.

A wrong file passed by mistake (arXiv's metadata snapshot, a CSV or JSON Lines export, a
PDF, a compressed file) would otherwise be read as one long record with no identifier
line. Its first bytes say what it is: the read stops there with one line.
"""

from __future__ import annotations

import json
import re

__all__ = ["looks_like"]

_MAGIC = (
    (b"\x1f\x8b", "gzip-compressed data", "decompress it first (gunzip -k FILE); for "
     "arXiv's metadata snapshot, index it as it is: papercorpus snapshot build FILE -o INDEX"),
    (b"%PDF-", "a PDF document", "papercorpus reads the plain text of arXiv listings"),
    (b"PAR1", "a Parquet file", "read it with papercorpus.Corpus.from_parquet(FILE), or, "
     "if it is a snapshot index, with papercorpus snapshot select FILE"),
    (b"PK\x03\x04", "a ZIP archive (a spreadsheet or a document?)",
     "papercorpus reads the plain text of arXiv listings"),
    (b"SQLite format 3\x00", "an SQLite database (papercorpus's cache?)",
     "papercorpus reads the plain text of arXiv listings"),
    (b"BZh", "bzip2-compressed data", "decompress it first (bunzip2 -k FILE)"),
    (b"\xfd7zXZ\x00", "xz-compressed data", "decompress it first (unxz -k FILE)"),
)  # fmt: skip
_KEY = re.compile(r'\{\s*"[^"\\]{1,64}"\s*:')
_CSV_HEADER = re.compile(r"[\w\"' .-]{1,64}(?:,[\w\"' .-]{1,64}){3,}")
# The snapshot's lines start with the paper's identifier: {"id": "0704.0001", ...
_SNAPSHOT_START = re.compile(
    r'\{\s*"id"\s*:\s*"(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"'
)
_SNAPSHOT_KEYS = ('"submitter"', '"authors_parsed"', '"versions"', '"update_date"')


def _json(text: str) -> tuple[str, str] | None:
    start = text.lstrip("\ufeff \t\r\n")
    array = start.startswith("[")
    body = start[1:].lstrip() if array else start
    if not _KEY.match(body):
        return None
    if _SNAPSHOT_START.match(body) or (
        '"id"' in body[:200] and any(k in body for k in _SNAPSHOT_KEYS)
    ):
        return (
            "arXiv's metadata snapshot (JSON Lines)",
            "index it with: papercorpus snapshot build FILE -o INDEX",
        )
    if '"arxiv_id"' in body:
        return (
            "papercorpus's JSON export" if array else "papercorpus's JSON Lines export",
            "read it with papercorpus.Corpus.from_jsonl(FILE)"
            if not array
            else "read it with json.load, then papercorpus.Paper.model_validate",
        )
    try:
        json.JSONDecoder().raw_decode(body)
    except ValueError:
        if len(body) < 400:  # the whole start, and still not JSON: leave it to the parser
            return None
    return ("JSON" if array else "JSON Lines", "papercorpus reads the plain text of listings")


def _csv(text: str) -> tuple[str, str] | None:
    first = text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    if ", " in first or not _CSV_HEADER.fullmatch(first):
        return None
    if first.startswith("arxiv_id,"):
        return "papercorpus's CSV export", "read it with pandas.read_csv, dtype={'arxiv_id': str}"
    return "CSV (comma-separated values)", "papercorpus reads the plain text of listings"


def looks_like(head: bytes) -> tuple[str, str] | None:
    """What `head` (a file's first bytes) is if it is surely no listing, and what to do.

    None for anything that may be a listing: a listing starts with an abstract's text.
    """
    for magic, what, hint in _MAGIC:
        if head.startswith(magic):
            return what, hint
    text = head.decode("utf-8", "replace")
    if text.lstrip("\ufeff \t\r\n").startswith(("<!DOCTYPE html", "<!doctype html", "<html")):
        return "an HTML page", "save the listing's text, not the page"
    if text.lstrip("\ufeff").startswith("<?xml"):
        return "XML (an arXiv API or OAI-PMH answer?)", "papercorpus.search and enrich read those"
    return _json(text) or _csv(text)
