"""Read arXiv's Atom answers: the page's place in the results, and one `Entry` per paper.

The `arxiv` package cannot serve here, though it is the public way to query arXiv: its
`Client` owns its HTTP session (so neither the cache, the shared rate limit, a deadline nor
a size cap can sit under it), pages on its own without telling `totalResults` or
`startIndex` (so a short page cannot be told from an absent paper), and parses with
feedparser, which drops the text after an undefined entity. papercorpus speaks arXiv's
documented API protocol itself: one lxml parser for every answer, from the network or the
cache, that never resolves an entity, never loads a DTD, and keeps every character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from papercorpus._dates import read_date
from papercorpus._text import squash
from papercorpus._trusted import trusted
from papercorpus.ids import ArxivId
from papercorpus.models import Author, Entry

__all__ = ["FeedError", "Page", "parse_page"]

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_SEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_ABS_PATH = re.compile(r"/abs/([^\s?#]+)$")
_CULPRIT = re.compile(r"incorrect id format for ([^\s<&]+)")
# The one error an answer may hold and still be read whole: an entity nobody defined
# ("&nbsp;" in a summary). Its reference is kept as text; anything else (a cut-off body,
# bad markup) makes the answer unusable.
_MAX_ERROR = 300  # characters of an error message worth repeating to a user
_HARMLESS = frozenset({"ERR_UNDECLARED_ENTITY", "WAR_UNDECLARED_ENTITY"})


class FeedError(Exception):
    """An answer that is not a whole, well-formed Atom feed."""


@dataclass(frozen=True, slots=True)
class Page:
    """One answer: where it stands in the results, its entries, and the ids it names wrongly.

    `total` is opensearch's totalResults (arXiv counts the papers it found), `start` its
    startIndex; the answer covers every identifier asked for when `start + len(entries)`
    reaches `total`. `foreign` lists entry ids that are not arXiv identifiers; `culprit` is
    the identifier an error entry blames (`incorrect id format for abc`); `error` is the
    message of an error entry (arXiv's words for a request it refused).
    """

    total: int | None
    start: int
    entries: tuple[Entry, ...]
    foreign: tuple[str, ...] = ()
    culprit: str | None = None
    error: str | None = None

    @property
    def is_complete(self) -> bool:
        """Whether no result lies beyond this page."""
        return self.total is None or self.start + len(self.entries) >= self.total


def _parse_xml(body: bytes) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    root = etree.fromstring(body, parser)
    problems = [e for e in parser.error_log if e.type_name not in _HARMLESS]
    if root is None or problems:
        detail = problems[0].message if problems else "no document"
        raise FeedError(f"malformed or truncated feed ({detail})")
    if root.tag != f"{_ATOM}feed":
        raise FeedError(f"not an Atom feed (root {root.tag})")
    return root


def _text(node: etree._Element | None) -> str:
    """All the text of an element, an unresolved entity as written (`&nbsp;`), squashed."""
    if node is None:
        return ""
    parts = [node.text or ""]
    for child in node:
        # An entity reference (lxml's _Entity) keeps its text as written: `&nbsp;`.
        is_entity = child.tag is etree.Entity
        parts.append((child.text or "") if is_entity else _text(child))
        parts.append(child.tail or "")
    return squash("".join(parts))


def _int(node: etree._Element | None) -> int | None:
    text = _text(node)
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def _authors(entry: etree._Element) -> tuple[Author, ...]:
    return tuple(
        trusted(
            Author,
            {
                "name": _text(author.find(f"{_ATOM}name")),
                "affiliations": tuple(
                    _text(a) for a in author.iterfind(f"{_ARXIV}affiliation") if _text(a)
                ),
            },
        )
        for author in entry.iterfind(f"{_ATOM}author")
    )


def _entry(node: etree._Element, arxiv_id: ArxivId) -> Entry:
    primary = node.find(f"{_ARXIV}primary_category")
    return Entry(
        id=arxiv_id,
        title=_text(node.find(f"{_ATOM}title")),
        authors=_authors(node),
        summary=_text(node.find(f"{_ATOM}summary")) or None,
        # arXiv hard-wraps a comment at ~80 columns: one comment, one line.
        comment=_text(node.find(f"{_ARXIV}comment")) or None,
        journal_ref=_text(node.find(f"{_ARXIV}journal_ref")) or None,
        doi=_text(node.find(f"{_ARXIV}doi")) or None,
        primary_category=(primary.get("term") or None) if primary is not None else None,
        categories=tuple(
            term for c in node.iterfind(f"{_ATOM}category") if (term := c.get("term"))
        ),
        published=read_date(_text(node.find(f"{_ATOM}published"))),
        updated=read_date(_text(node.find(f"{_ATOM}updated"))),
    )


def parse_page(body: bytes) -> Page:
    """Read one answer of the query API.

    Raises:
        FeedError: the body is not a whole, well-formed Atom feed.
    """
    root = _parse_xml(body)
    entries: list[Entry] = []
    foreign: list[str] = []
    culprit: str | None = None
    error: str | None = None
    for node in root.iterfind(f"{_ATOM}entry"):
        entry_id = _text(node.find(f"{_ATOM}id"))
        match = _ABS_PATH.search(entry_id)
        try:
            arxiv_id = ArxivId.parse(match.group(1)) if match else None
        except ValueError:
            arxiv_id = None
        if arxiv_id is not None:
            entries.append(_entry(node, arxiv_id))
            continue
        summary = _text(node.find(f"{_ATOM}summary"))
        if "/api/errors" in entry_id:
            error = error or summary[:_MAX_ERROR] or None
        blamed = _CULPRIT.search(summary)
        if blamed is not None:
            culprit = blamed.group(1)
        else:
            foreign.append(entry_id)
    return Page(
        total=_int(root.find(f"{_SEARCH}totalResults")),
        start=_int(root.find(f"{_SEARCH}startIndex")) or 0,
        entries=tuple(entries),
        foreign=tuple(foreign),
        culprit=culprit,
        error=error,
    )
