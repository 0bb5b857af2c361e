"""Everything that touches the `arxiv` package: queries, parsing, and `Result` conversion.

This is the only module that imports `arxiv`; each `arxiv.Result` becomes an `Entry` at
once, so the rest of papercorpus never sees the package's (untyped) objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import arxiv
from lxml import etree

from papercorpus.ids import ArxivId
from papercorpus.models import Entry

if TYPE_CHECKING:
    import requests

__all__ = [
    "Entry",
    "FeedShape",
    "entry_from_result",
    "error_culprit",
    "feed_shape",
    "fetch",
    "join_feeds",
    "make_client",
    "query_url",
    "split_feed",
]

HTTPError = arxiv.HTTPError

_ATOM = "http://www.w3.org/2005/Atom"
_NS = {"atom": _ATOM}
_FEED_NAMESPACES = {
    None: _ATOM,
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}
_CULPRIT = re.compile(r"incorrect id format for ([^\s<&]+)")
_ABS_PATH = re.compile(r"/abs/(.+)$")
# Never resolve entities, never fetch a DTD: a response is data, not instructions.
_SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


def entry_from_result(result: arxiv.Result) -> Entry:
    """Convert an `arxiv.Result` into an `Entry` (see `Entry.from_arxiv_result`).

    Raises:
        InvalidArxivIdError: the result's id is not an arXiv identifier.
    """
    return Entry.from_arxiv_result(result)


def make_client(session: requests.Session, api_url: str) -> arxiv.Client:
    """An `arxiv.Client` that sends through `session` to `api_url`, with no delay or retry.

    `session` decides when a request may go out and what a failure means.
    """
    client = arxiv.Client(delay_seconds=0.0, num_retries=0)
    client.query_url_format = f"{api_url}?{{}}"
    # arxiv.Client takes no session argument; this attribute is where it keeps its own
    # (arxiv 4.x, the range pinned in pyproject.toml).
    client._session = session  # noqa: SLF001
    return client


def fetch(client: arxiv.Client, ids: list[str]) -> list[Entry]:
    """Ask for `ids` in one request (the page size is the batch); return the entries.

    The `arxiv` package builds the query and parses the feed. It would stop at 100
    results with its default page size, hence the page size set per call.

    Raises:
        FeedError: from the session, when the request did not give a usable feed.
        arxiv.HTTPError: an error status the session let through (a cache-only miss).
    """
    client.page_size = max(len(ids), 1)
    search = arxiv.Search(id_list=ids, max_results=len(ids))
    entries = []
    try:
        for result in client.results(search):
            try:
                entries.append(entry_from_result(result))
            except ValueError:  # noqa: PERF203 (one error entry at most)
                continue  # not a paper (an error entry): the ids it answers for go missing
    except arxiv.UnexpectedEmptyPageError:
        pass  # the session's empty answer to a second page: the first was all there is
    return entries


def query_url(client: arxiv.Client, ids: list[str]) -> str:
    """The URL `fetch` requests for `ids`, to check its length before sending it."""
    search = arxiv.Search(id_list=ids, max_results=len(ids))
    return str(client._format_url(search, 0, max(len(ids), 1)))  # noqa: SLF001


@dataclass(frozen=True, slots=True)
class FeedShape:
    """What a response body is: a whole Atom feed (how many entries), or not."""

    is_feed: bool
    entries: int
    problem: str | None


def feed_shape(body: bytes) -> FeedShape:
    """Check that `body` is a complete, well-formed Atom feed, and count its entries."""
    try:
        root = etree.fromstring(body, _SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        return FeedShape(is_feed=False, entries=0, problem=f"malformed or truncated feed ({exc})")
    if root.tag != f"{{{_ATOM}}}feed":
        return FeedShape(is_feed=False, entries=0, problem=f"not an Atom feed (root {root.tag})")
    return FeedShape(is_feed=True, entries=len(root.findall("atom:entry", _NS)), problem=None)


def error_culprit(body: bytes) -> str | None:
    """The identifier arXiv names in a 400 error entry (`incorrect id format for X`)."""
    match = _CULPRIT.search(body.decode("utf-8", errors="replace"))
    return match.group(1) if match else None


def split_feed(body: bytes) -> dict[str, bytes]:
    """Cut a feed into one small feed per entry, keyed by the entry's base identifier.

    Each piece is what the API would answer for that one identifier: the cache keeps them
    so that a later run over an overlapping list needs no request for these papers.
    """
    root = etree.fromstring(body, _SAFE_PARSER)
    pieces: dict[str, bytes] = {}
    for entry in root.findall("atom:entry", _NS):
        entry_id = entry.findtext("atom:id", default="", namespaces=_NS)
        match = _ABS_PATH.search(entry_id.strip())
        if match is None:
            continue
        try:
            key = ArxivId.parse(match.group(1)).base
        except ValueError:
            continue
        for reference in list(entry.iter(etree.Entity)):  # unresolved: drop, keep the text
            _drop(reference)
        feed = etree.Element(f"{{{_ATOM}}}feed", nsmap=_FEED_NAMESPACES)  # type: ignore[arg-type]
        feed.append(entry)
        pieces[key] = etree.tostring(feed, xml_declaration=True, encoding="UTF-8")
    return pieces


def join_feeds(bodies: list[bytes]) -> bytes:
    """One feed holding the entries of several (the per-identifier pieces of the cache)."""
    feed = etree.Element(f"{{{_ATOM}}}feed", nsmap=_FEED_NAMESPACES)  # type: ignore[arg-type]
    for body in bodies:
        try:
            root = etree.fromstring(body, _SAFE_PARSER)
        except etree.XMLSyntaxError:  # a damaged cache entry is a miss, not a crash
            continue
        feed.extend(root.findall("atom:entry", _NS))
    return bytes(etree.tostring(feed, xml_declaration=True, encoding="UTF-8"))


def _drop(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)
