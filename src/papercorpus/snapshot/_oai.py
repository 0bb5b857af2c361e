"""arXiv's OAI-PMH, as its server speaks it: `ListRecords` pages, read into index rows.

The protocol facts papercorpus relies on, all seen in arXiv's own server code (see
docs/snapshot.md): dates only (`YYYY-MM-DD`; a datetime, or a date before 2005-09-16, is
`badArgument`), stateless resumption tokens, an empty `<resumptionToken/>` on the last page
of a sequence and none on a one-page answer, errors as HTTP 200 XML (`noRecordsMatch` for
an empty window, which is no error here), 503 with `Retry-After` when busy.

`arXivRaw` gives every version (date, size, source type; `I` marks a withdrawal) and the
text as arXiv stores it; `arXiv` gives the authors as arXiv parsed them (keyname,
forenames, suffix), which the raw format holds as one string of TeX.

Why not `oaipmh-scythe`: it owns its HTTP client (httpx), so neither papercorpus's cache
turn shared with the API, its deadlines, its size caps nor its Retry-After floor can sit
under it; the loop it would save is the twenty lines of `pages` below.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from lxml import etree

from papercorpus._dates import read_date
from papercorpus._parts import withdrawn_by_comment
from papercorpus._text import squash
from papercorpus.errors import SnapshotError
from papercorpus.ids import ArxivId

__all__ = [
    "DEFAULT_OAI_URL",
    "EARLIEST",
    "OAI_URL_ENV",
    "OaiError",
    "OaiPage",
    "Window",
    "list_url",
    "parse_page",
]

DEFAULT_OAI_URL = "https://oaipmh.arxiv.org/oai"
OAI_URL_ENV = "PAPERCORPUS_OAI_URL"
EARLIEST = dt.date(2005, 9, 16)  # arXiv's earliestDatestamp

_OAI = "{http://www.openarchives.org/OAI/2.0/}"
_RAW = "{http://arxiv.org/OAI/arXivRaw/}"
_ARXIV = "{http://arxiv.org/OAI/arXiv/}"
_SIZE = re.compile(r"\s*([0-9]{1,9})\s*kb\s*", re.IGNORECASE)
_ID_PREFIX = "oai:arXiv.org:"


class OaiError(SnapshotError):
    """The OAI-PMH server refused a request or answered something that is no OAI-PMH."""


@dataclass(frozen=True, slots=True)
class OaiPage:
    """One `ListRecords` answer: its rows, the token for the next page (None: the last)."""

    rows: tuple[dict[str, Any], ...]
    token: str | None
    datestamps: tuple[dt.date, ...] = ()


@dataclass(frozen=True, slots=True)
class Window:
    """What a harvest asks for: datestamps from `start` to `until` (inclusive), one set."""

    start: dt.date | None = None
    until: dt.date | None = None
    set_spec: str | None = None


def list_url(base: str, prefix: str, window: Window, token: str | None) -> str:
    """The URL of a `ListRecords` request: the first of a harvest, or the one a token names."""
    if token is not None:
        return f"{base}?{urlencode({'verb': 'ListRecords', 'resumptionToken': token})}"
    query = {"verb": "ListRecords", "metadataPrefix": prefix}
    if window.start is not None:
        query["from"] = max(window.start, EARLIEST).isoformat()
    if window.until is not None:
        query["until"] = window.until.isoformat()
    if window.set_spec:
        query["set"] = window.set_spec
    return f"{base}?{urlencode(query)}"


def _parse_xml(body: bytes, url: str) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        start = body[:60].decode("utf-8", "replace").strip()
        raise OaiError(
            f"{_bare(url)} answered what is no XML ({exc}; it starts {start!r})"
        ) from None
    if root is None or root.tag != f"{_OAI}OAI-PMH":
        raise OaiError(f"{_bare(url)} answered XML that is no OAI-PMH (root {root.tag!r})")
    return root


def _bare(url: str) -> str:
    return url.split("?", 1)[0]


def parse_page(body: bytes, url: str, prefix: str) -> OaiPage:
    """Read one `ListRecords` answer in `prefix` (arXivRaw or arXiv).

    Raises:
        OaiError: an OAI-PMH error other than `noRecordsMatch`, or an answer that is no
            OAI-PMH; its message names the URL and says arXiv's words.
    """
    root = _parse_xml(body, url)
    error = root.find(f"{_OAI}error")
    if error is not None:
        code = error.get("code") or "error"
        if code == "noRecordsMatch":
            return OaiPage((), None)
        text = " ".join((error.text or "").split())[:300]
        raise OaiError(f"the OAI-PMH server refused {url}: {code}: {text}")
    listing = root.find(f"{_OAI}ListRecords")
    if listing is None:
        raise OaiError(f"{_bare(url)} answered OAI-PMH without ListRecords")
    rows: list[dict[str, Any]] = []
    stamps: list[dt.date] = []
    for record in listing.iterfind(f"{_OAI}record"):
        header = record.find(f"{_OAI}header")
        if header is None or header.get("status") == "deleted":
            continue
        stamp = read_date(_text(header.find(f"{_OAI}datestamp")))
        metadata = record.find(f"{_OAI}metadata")
        if metadata is None:
            continue
        row = _raw_row(metadata) if prefix == "arXivRaw" else _authors_row(metadata)
        if row is None:
            continue
        if prefix == "arXivRaw":
            row["update_date"] = stamp
        rows.append(row)
        if stamp is not None:
            stamps.append(stamp)
    token_node = listing.find(f"{_OAI}resumptionToken")
    token = (token_node.text or "").strip() if token_node is not None else ""
    return OaiPage(tuple(rows), token or None, tuple(stamps))


def _text(node: etree._Element | None) -> str:
    if node is None:
        return ""
    if len(node) == 0:  # no child elements: its text is all (nearly every field)
        return node.text or ""
    return "".join(str(part) for part in node.itertext())


def _squashed(node: etree._Element | None) -> str | None:
    return squash(_text(node)) or None


def _identifier(metadata: etree._Element, space: str) -> str | None:
    node = metadata.find(f"{space}{'arXivRaw' if space == _RAW else 'arXiv'}/{space}id")
    try:
        return ArxivId.parse(_text(node).strip()).canonical if node is not None else None
    except ValueError:
        return None


_MONTHS = {
    m: n
    for n, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}
_GMT_TIME = re.compile(
    r"\s*[A-Z][a-z]{2}, ([0-9]{1,2}) ([A-Z][a-z]{2}) ([0-9]{4}) "
    r"([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT\s*"
)


def _gmt(text: str) -> dt.datetime | None:
    """`Mon, 2 Apr 2007 19:18:42 GMT` (as arXivRaw dates a version), in UTC without a zone."""
    match = _GMT_TIME.fullmatch(text)
    if match is None or match.group(2) not in _MONTHS:
        return None
    day, _, year, hour, minute, second = match.groups()
    try:
        return dt.datetime(  # noqa: DTZ001 (UTC, kept without a zone as the index stores it)
            int(year), _MONTHS[match.group(2)], int(day), int(hour), int(minute), int(second)
        )
    except ValueError:
        return None


def _versions(nodes: list[etree._Element]) -> list[dict[str, Any]]:
    versions = []
    for node in nodes:
        match = re.fullmatch(r"v([1-9][0-9]{0,3})", node.get("version") or "")
        parts = {child.tag: _text(child) for child in node}
        created = _gmt(parts.get(f"{_RAW}date", ""))
        if match is None or created is None:
            continue
        size = _SIZE.fullmatch(parts.get(f"{_RAW}size", ""))
        versions.append(
            {
                "number": int(match.group(1)),
                "created": created,
                "size_kb": int(size.group(1)) if size else None,
                "withdrawn": parts.get(f"{_RAW}source_type", "").strip() == "I",
            }
        )
    return versions


def _raw_row(metadata: etree._Element) -> dict[str, Any] | None:
    """An index row from an arXivRaw record (authors as arXiv's raw string, for now)."""
    raw = metadata.find(f"{_RAW}arXivRaw")
    if raw is None:
        return None
    field: dict[str, str | None] = {}
    version_nodes = []
    for child in raw:  # one pass over the record's elements
        if child.tag == f"{_RAW}version":
            version_nodes.append(child)
        elif isinstance(child.tag, str):
            field[child.tag[len(_RAW) :]] = squash(_text(child)) or None
    try:
        key = ArxivId.parse(field.get("id") or "").canonical
    except ValueError:
        return None
    versions = _versions(version_nodes)
    categories = (field.get("categories") or "").split()
    comments = field.get("comments")
    return {
        "arxiv_id": key,
        "title": field.get("title"),
        "raw_authors": field.get("authors"),
        "abstract": field.get("abstract"),
        "comments": comments,
        "journal_ref": field.get("journal-ref"),
        "doi": field.get("doi"),
        "categories": categories,
        "primary_category": categories[0] if categories else None,
        "published": versions[0]["created"].date() if versions else None,
        "updated": versions[-1]["created"].date() if versions else None,
        "latest_version": versions[-1]["number"] if versions else None,
        "report_no": field.get("report-no"),
        "license": field.get("license"),
        "submitter": field.get("submitter"),
        "versions": versions,
        "withdrawn": bool(versions and versions[-1]["withdrawn"]) or withdrawn_by_comment(comments),
    }


def _authors_row(metadata: etree._Element) -> dict[str, Any] | None:
    """`{"arxiv_id", "authors"}` from an `arXiv` record: names as `forenames keyname suffix`."""
    record = metadata.find(f"{_ARXIV}arXiv")
    key = _identifier(metadata, _ARXIV)
    if record is None or key is None:
        return None
    names = []
    for author in record.iterfind(f"{_ARXIV}authors/{_ARXIV}author"):
        parts = (
            _squashed(author.find(f"{_ARXIV}{part}")) for part in ("forenames", "keyname", "suffix")
        )
        name = " ".join(part for part in parts if part)
        if name:
            names.append(name)
    return {"arxiv_id": key, "authors": names}
