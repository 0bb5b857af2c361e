"""Benchmark: enriching 1,000 identifiers against a local arXiv-like server.

Run with `uv run python benchmarks/bench_enrich.py` (`--ids N`, `--delay S`).

A standard-library HTTP server on 127.0.0.1 answers `/api/query` as arXiv does (one feed
per request, paging with start/max_results, HTTP 414 past 600 identifiers). In one run it
measures, for the same identifiers and the same delay:

- papercorpus: requests made and wall time, then a second run served from its cache;
- the `arxiv` package used one identifier at a time (`Client(delay_seconds=delay)`);
- the `arxiv` package with one `Search(id_list=all of them)`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sqlite3
import sys
import tempfile
import threading
import time
from contextlib import closing
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import arxiv

from papercorpus import Author, Paper
from papercorpus.enrichment import ArxivEnricher, EnrichmentReport

sys.path.insert(0, str(Path(__file__).parent))
from _feed import FEED_HEAD, FeedHandler

if TYPE_CHECKING:
    from collections.abc import Callable

Report = EnrichmentReport

MAX_IDS_PER_URL = 600  # arXiv answers 414 somewhere past this many identifiers

ENTRY = (
    "<entry><id>http://arxiv.org/abs/{id}v2</id><title>Paper {id}</title>"
    "<updated>2021-05-01T00:00:00Z</updated><published>2021-04-26T00:00:00Z</published>"
    "<summary>An abstract of paper {id}, long enough to look like one.</summary>"
    "<author><name>Ada Lovelace</name></author><author><name>Alan Turing</name></author>"
    '<category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>'
    '<arxiv:primary_category term="cs.LG"/></entry>'
)


class _Handler(FeedHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        query = parse_qs(urlsplit(self.path).query)
        ids = [i for i in query.get("id_list", [""])[0].split(",") if i]
        self.server.log.append(time.monotonic())
        if len(ids) > MAX_IDS_PER_URL:
            self.send_response(414)
            self.end_headers()
            return
        start = int(query.get("start", ["0"])[0])
        count = int(query.get("max_results", ["10"])[0])
        page = ids[start : start + count]
        body = (
            FEED_HEAD.format(total=len(ids), start=start, count=len(page))
            + "".join(ENTRY.format(id=i) for i in page)
            + "</feed>"
        ).encode()
        self.send_feed(body)


class _Server(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.log: list[float] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/api/query"


def _timed(function: Callable[[], object]) -> tuple[object, float]:
    started = time.perf_counter()
    value = function()
    return value, time.perf_counter() - started


def _enrich(server: _Server, ids: list[str], delay: float, cache: Path) -> Callable[[], Report]:
    def run() -> Report:
        with ArxivEnricher(
            api_url=server.url, cache=cache, delay_seconds=delay, progress=False
        ) as enricher:
            return enricher.enrich(ids).report

    return run


def _anchor(papers: list[Paper], folder: Path) -> Callable[[], int]:
    """The same papers as JSON rows in SQLite, read back with IN queries and validated."""
    database = folder / "anchor.sqlite"
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("CREATE TABLE papers (id TEXT PRIMARY KEY, json TEXT)")
        connection.executemany(
            "INSERT INTO papers VALUES (?, ?)",
            ((p.arxiv_id, p.model_dump_json(include=set(Paper.model_fields))) for p in papers),
        )
        connection.commit()
    ids = [paper.arxiv_id for paper in papers]

    def run() -> int:
        count = 0
        with closing(sqlite3.connect(database)) as connection:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = connection.execute(
                    f"SELECT json FROM papers WHERE id IN ({marks})",  # noqa: S608 (placeholders)
                    chunk,
                ).fetchall()
                count += len([Paper.model_validate_json(row[0]) for row in rows])
        return count

    return run


def _served_paper(arxiv_id: str) -> Paper:
    """The paper the server's entry describes, every field the entry has."""
    return Paper(
        arxiv_id=arxiv_id,
        latest_version=2,
        title=f"Paper {arxiv_id}",
        abstract=f"An abstract of paper {arxiv_id}, long enough to look like one.",
        authors=[Author(name="Ada Lovelace"), Author(name="Alan Turing")],
        categories=("cs.LG",),
        primary_category="cs.LG",
        published=dt.date(2021, 4, 26),
        created=dt.date(2021, 4, 26),
        updated=dt.date(2021, 5, 1),
    )


def _run_papercorpus(server: _Server, ids: list[str], delay: float, folder: Path) -> list[str]:
    """The first run, the cached rerun and the anchor, as table rows."""
    cache = folder / "http.sqlite"
    before = len(server.log)
    first, first_seconds = _timed(_enrich(server, ids, delay, cache))
    sent = len(server.log) - before
    before = len(server.log)
    again, again_seconds = _timed(_enrich(server, ids, delay, cache))
    assert isinstance(first, EnrichmentReport)  # noqa: S101
    assert isinstance(again, EnrichmentReport)  # noqa: S101
    assert len(server.log) == before  # noqa: S101
    assert len(again.cached) == len(ids)  # noqa: S101
    anchor = _anchor([_served_paper(i) for i in ids], folder)
    anchor()  # warm the page cache, as the rerun's cache file is warm
    _, anchor_seconds = _timed(anchor)
    bound = max(sent - 1, 0) * delay
    return [
        f"| papercorpus, first run (batch 100) | {sent} | {first_seconds:.2f} s | "
        f"{first_seconds / bound if bound else float('nan'):.2f} × (requests - 1) × delay |",
        f"| papercorpus, second run (all {len(again.cached):,} cached) | 0 | "
        f"{again_seconds:.2f} s | {again_seconds / anchor_seconds:.2f} × anchor |",
        f"| **anchor**: the same papers as JSON rows in SQLite, `IN` queries + validation | 0 | "
        f"{anchor_seconds:.2f} s | 1.00 |",
    ]


def _arxiv_client(server: _Server, delay: float) -> arxiv.Client:
    client = arxiv.Client(delay_seconds=delay, num_retries=0)
    client.query_url_format = server.url + "?{}"
    return client


def _run_one_at_a_time(server: _Server, ids: list[str], delay: float) -> str:
    client = _arxiv_client(server, delay)
    before = len(server.log)
    found, seconds = _timed(
        lambda: sum(len(list(client.results(arxiv.Search(id_list=[i])))) for i in ids)
    )
    return (
        f"| `arxiv` package, one identifier a request | {len(server.log) - before:,} | "
        f"{seconds:.2f} s | {found} results |"
    )


def _run_one_search(server: _Server, ids: list[str], delay: float) -> str:
    client = _arxiv_client(server, delay)
    before = len(server.log)
    started = time.perf_counter()
    try:
        found = len(list(client.results(arxiv.Search(id_list=ids))))
        outcome = f"{found} results (max_results defaults to 100)"
    except arxiv.HTTPError as exc:
        outcome = f"fails: HTTP {exc.status}"
    seconds = time.perf_counter() - started
    return (
        f"| `arxiv` package, one `Search(id_list=all {len(ids):,})` | "
        f"{len(server.log) - before} | {seconds:.2f} s | {outcome} |"
    )


def main() -> None:
    """Start the server, run the three ways, print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ids", type=int, default=1000)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--cached-ids", type=int, default=10_000, help="ids of the cached rerun")
    parser.add_argument(
        "--skip-one-at-a-time", action="store_true", help="skip the slow (ids x delay) baseline"
    )
    args = parser.parse_args()
    ids = [f"2104.{n:05d}" for n in range(1, args.ids + 1)]
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(
        f"{args.ids} identifiers, delay {args.delay} s, batch 100: "
        f"target <= {math.ceil(args.ids / 100)} requests"
    )
    rows = ["| run | requests | time | ratio |", "| --- | ---: | ---: | ---: |"]
    try:
        with tempfile.TemporaryDirectory() as folder:
            rows += _run_papercorpus(server, ids, args.delay, Path(folder))
        with tempfile.TemporaryDirectory() as folder:
            many = [f"2105.{n + 1:05d}" for n in range(args.cached_ids)]
            rows += _run_papercorpus(server, many, 0.0, Path(folder))[1:]
        if not args.skip_one_at_a_time:
            rows.append(_run_one_at_a_time(server, ids, args.delay))
        rows.append(_run_one_search(server, ids, args.delay))
    finally:
        server.shutdown()
    print()
    print("\n".join(rows))


if __name__ == "__main__":
    main()
