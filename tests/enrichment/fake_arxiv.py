"""A fake arXiv query API for tests: recorded real answers, generated feeds, injected faults.

It runs behind pytest-httpserver on 127.0.0.1 and answers `/api/query?id_list=...` the way
arXiv does: one feed for all known identifiers (latest version in `<id>`), HTTP 400 with an
error entry for a malformed one, and whatever faults a test queues first.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from werkzeug import Response

from tests.enrichment.fake_search import SORT_KEYS, QueryError, Record, parse_query

if TYPE_CHECKING:
    from pytest_httpserver import HTTPServer
    from werkzeug import Request

RECORDED = Path(__file__).parent.parent / "data" / "arxiv-api"
QUERY_PATH = "/api/query"
_FEED_HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
    "  <id>https://arxiv.org/api/test</id>\n"
    "  <title>arXiv Query</title>\n"
    "  <updated>2026-04-12T22:10:19Z</updated>\n"
    "  <opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>\n"
    "  <opensearch:totalResults>{total}</opensearch:totalResults>\n"
    "  <opensearch:startIndex>{start}</opensearch:startIndex>\n"
)
_ENTRY = re.compile(r"<entry>.*?</entry>", re.DOTALL)
_ENTRY_ID = re.compile(r"<id>https?://arxiv\.org/abs/(.+?)v(\d+)</id>")
_WELL_FORMED = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")


def recorded(name: str) -> tuple[int, bytes]:
    """The status and body of a recorded real response (`id_1605.08386.json`...)."""
    data = json.loads((RECORDED / name).read_text(encoding="utf-8"))
    return int(data["status_code"]), data["body"].encode("latin-1")


def make_entry(
    arxiv_id: str,
    *,
    version: int = 1,
    title: str | None = None,
    summary: str | None = None,
    authors: tuple[tuple[str, tuple[str, ...]], ...] = (("Ada Lovelace", ()),),
    categories: tuple[str, ...] = ("cs.CV",),
    doi: str | None = None,
    journal_ref: str | None = None,
    comment: str | None = None,
    published: str = "2021-04-26T12:00:00Z",
) -> str:
    """An `<entry>` element as arXiv writes it."""
    people = "".join(
        "<author><name>{}</name>{}</author>".format(
            escape(name),
            "".join(f"<arxiv:affiliation>{escape(a)}</arxiv:affiliation>" for a in affs),
        )
        for name, affs in authors
    )
    extras = "".join(
        f"<arxiv:{tag}>{escape(value)}</arxiv:{tag}>"
        for tag, value in (("doi", doi), ("journal_ref", journal_ref), ("comment", comment))
        if value
    )
    cats = "".join(
        f'<category term="{c}" scheme="http://arxiv.org/schemas/atom"/>' for c in categories
    )
    return (
        f"<entry><id>http://arxiv.org/abs/{arxiv_id}v{version}</id>"
        f"<title>{escape(title or f'Title of {arxiv_id}')}</title>"
        f"<updated>{published}</updated><published>{published}</published>"
        f"<summary>{escape(summary or f'Summary of {arxiv_id}.')}</summary>"
        f"{people}{extras}{cats}"
        f'<arxiv:primary_category term="{categories[0]}"/></entry>'
    )


def make_feed(entries: list[str], total: int | None = None, start: int = 0) -> bytes:
    """A whole feed around `entries` (`total`: what totalResults claims, if not their count)."""
    count = len(entries) if total is None else total
    head = _FEED_HEAD.format(per_page=max(len(entries), 1), total=count, start=start)
    return (head + "\n".join(entries) + "\n</feed>\n").encode("utf-8")


def error_feed(bad_id: str) -> bytes:
    """ArXiv's HTTP 400 body for a malformed identifier."""
    return recorded("id_abc.json")[1].replace(b"abc", bad_id.encode())


@dataclass
class FakeArxiv:
    """The fake API's state: the papers it knows, faults to serve first, what it was asked."""

    entries: dict[str, str] = field(default_factory=dict)  # base id -> <entry>
    faults: list[Response] = field(default_factory=list)
    requests: list[tuple[float, list[str]]] = field(default_factory=list)  # (time, id_list)
    # arXiv may send fewer entries than max_results: at most `page_size` a page, the rest
    # from `start` on. `ignore_start` plays a broken server that sends page one every time.
    page_size: int | None = None
    ignore_start: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    # As arXiv asks: refuse (429) a request that comes while another is being answered or
    # sooner than `min_gap` seconds after the end of the previous answer; count refusals.
    min_gap: float | None = None
    latency: float = 0.0  # seconds each answer takes, counted as busy
    refused: int = 0
    _busy: bool = False
    _last_end: float | None = None
    # Search: what each paper holds for a query, and arXiv's known search faults to play.
    records: dict[str, Record] = field(default_factory=dict)
    empty_once: set[int] = field(default_factory=set)  # pages from here answer empty once
    repeat_at: set[int] = field(default_factory=set)  # a page from here repeats the last one
    total_drift: list[int] = field(default_factory=list)  # added to totalResults, page by page
    search_queries: list[str] = field(default_factory=list)
    _repeated: list[int] = field(default_factory=list)

    def add(self, arxiv_id: str, **fields: object) -> None:
        """Know a paper (generated entry)."""
        entry = make_entry(arxiv_id, **fields)  # type: ignore[arg-type]
        self.entries[arxiv_id] = entry
        self.records[arxiv_id] = Record.of_entry(arxiv_id, entry)

    def add_sample(self) -> None:
        """Know the 48 papers of the bundled sample, with their real metadata and abstracts."""
        from papercorpus import load_sample  # noqa: PLC0415
        from papercorpus._sample import read_metadata  # noqa: PLC0415

        metadata = read_metadata()
        for paper in load_sample(enriched=False):
            entry = metadata[paper.arxiv_id][0] if paper.arxiv_id in metadata else None
            if entry is None or not entry.title:
                self.add(paper.arxiv_id, summary=paper.abstract)
                continue
            primary = entry.primary_category or "cs.CV"
            self.add(
                paper.arxiv_id,
                version=paper.version or 1,
                title=entry.title,
                summary=paper.abstract,
                authors=tuple((author.name, ()) for author in entry.authors),
                categories=(primary, *(c for c in entry.categories if c != primary)),
                doi=entry.doi,
                journal_ref=entry.journal_ref,
                comment=paper.comments,
                published=f"{entry.published or paper.created or _month_of(paper.arxiv_id)}"
                "T12:00:00Z",
            )

    def add_recorded(self, name: str) -> None:
        """Know the paper(s) of a recorded real response."""
        _, body = recorded(name)
        for entry in _ENTRY.findall(body.decode("utf-8")):
            match = _ENTRY_ID.search(entry)
            assert match is not None
            self.entries[match.group(1)] = entry
            self.records[match.group(1)] = Record.of_entry(match.group(1), entry)

    def fail_with(
        self, status: int, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> None:
        """Serve this response to the next request, before any real answer."""
        self.faults.append(Response(body, status=status, headers=headers or {}))

    @property
    def id_lists(self) -> list[list[str]]:
        """The id_list of every request received, in order."""
        return [ids for _, ids in self.requests]

    def handle(self, request: Request) -> Response:
        """Answer one query like arXiv."""
        query = parse_qs(request.query_string.decode())
        ids = [i for i in query.get("id_list", [""])[0].split(",") if i]
        start = 0 if self.ignore_start else int(query.get("start", ["0"])[0] or 0)
        search = query.get("search_query", [""])[0]
        with self.lock:
            arrived = time.monotonic()
            self.requests.append((arrived, ids))
            if self.min_gap is not None:
                early = self._last_end is not None and arrived - self._last_end < self.min_gap
                if self._busy or early:
                    self.refused += 1
                    return Response(b"Rate exceeded.", status=429)
                self._busy = True
            fault = self.faults.pop(0) if self.faults else None
        if fault is not None:
            return self._done(fault)
        if search:
            size = int(query.get("max_results", ["10"])[0])
            order = (query.get("sortBy", ["relevance"])[0], query.get("sortOrder", [""])[0])
            return self._done(self._search(search, ids, start, size, order))
        return self._done(self._answer(ids, start))

    def _done(self, response: Response) -> Response:
        time.sleep(self.latency)
        with self.lock:
            if self.min_gap is not None and self._busy:
                self._busy = False
                self._last_end = time.monotonic()
        return response

    def _answer(self, ids: list[str], start: int = 0) -> Response:
        for arxiv_id in ids:
            if not _WELL_FORMED.match(arxiv_id):
                return Response(
                    error_feed(arxiv_id), status=400, content_type="application/atom+xml"
                )
        found = [self.entries[i] for i in ids if i in self.entries]
        size = self.page_size or len(found)
        body = make_feed(found[start : start + size], total=len(found), start=start)
        return Response(body, status=200, content_type="application/atom+xml")

    def _search(
        self, text: str, ids: list[str], start: int, size: int, order: tuple[str, str]
    ) -> Response:
        """Answer a search as arXiv does, with the faults queued for it."""
        with self.lock:
            self.search_queries.append(text)
            try:
                predicate = parse_query(text)
            except QueryError as exc:
                body = error_feed("x").replace(b"incorrect id format for x", str(exc).encode())
                return Response(body, status=400, content_type="application/atom+xml")
            pool = [self.records[i] for i in ids if i in self.records] if ids else None
            chosen = [r for r in (self.records.values() if pool is None else pool) if predicate(r)]
            chosen.sort(key=SORT_KEYS[order[0]], reverse=order[1] == "descending")
            keys = [r.arxiv_id for r in chosen]
            if start in self.empty_once:
                self.empty_once.discard(start)
                return Response(make_feed([], total=len(keys), start=start), status=200)
            if start in self.repeat_at:  # the order shifted: the last paper comes again
                self.repeat_at.discard(start)
                self._repeated.append(start)
            for at in sorted(self._repeated, reverse=True):
                if 0 < at <= len(keys):
                    keys.insert(at, keys[at - 1])
            drift = self.total_drift.pop(0) if self.total_drift else 0
            cap = min(size, self.page_size or size)
            page = [self.entries[k] for k in keys[start : start + cap]]
            body = make_feed(page, total=len(keys) + drift, start=start)
        return Response(body, status=200, content_type="application/atom+xml")

    def serve(self, httpserver: HTTPServer) -> str:
        """Install on `httpserver`; return the API URL to give the enricher."""
        httpserver.expect_request(QUERY_PATH).respond_with_handler(self.handle)
        return httpserver.url_for(QUERY_PATH)


def _month_of(arxiv_id: str) -> str:
    """The first day of the month a new-style identifier was given in."""
    return f"20{arxiv_id[:2]}-{arxiv_id[2:4]}-01"


def ids(count: int, start: int = 1) -> list[str]:
    """`count` consecutive new-style identifiers of April 2021, from `start`."""
    return [f"2104.{n:05d}" for n in range(start, start + count)]


def know(fake: FakeArxiv, identifiers: list[str]) -> None:
    """Let the fake know each of these papers (generated entries)."""
    for identifier in identifiers:
        fake.add(identifier)
