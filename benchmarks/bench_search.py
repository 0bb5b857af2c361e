"""Benchmark: a fully cached search of 4,500 results against a cached enrich of the same ids.

Run with `uv run python benchmarks/bench_search.py` (`--papers N`, `--matches N`,
`--repeat N`).

A standard-library HTTP server on 127.0.0.1 answers `/api/query` as arXiv does: a search
for `cat:cs.CV` among `--papers` papers (`--matches` of them in cs.CV), sorted by
submission date, paged with start/max_results. One run:

1. searches once, filling the cache (its pages, and an entry per result);
2. the anchor: `enrich` of the same identifiers, every one from the cache;
3. the same search again, every page from the cache.

Target (#22): the cached search takes no longer than the cached enrich (ratio <= 1.0).
Both make no request; each is the best of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import warnings
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import papercorpus
from papercorpus.enrichment import ArxivEnricher

sys.path.insert(0, str(Path(__file__).parent))
from _feed import FEED_HEAD, FeedHandler

ENTRY = (
    "<entry><id>http://arxiv.org/abs/{id}v1</id><title>Paper {id} on diffusion models</title>"
    "<updated>{day}T00:00:00Z</updated><published>{day}T00:00:00Z</published>"
    "<summary>An abstract of paper {id}, long enough to look like one: we study how "
    "diffusion models denoise images, and measure what they cost.</summary>"
    "<author><name>Ada Lovelace</name></author><author><name>Alan Turing</name></author>"
    "<arxiv:comment>12 pages, 4 figures</arxiv:comment>"
    '<category term="{cat}" scheme="http://arxiv.org/schemas/atom"/>'
    '<arxiv:primary_category term="{cat}"/></entry>'
)


class _Server(ThreadingHTTPServer):
    entries: dict[str, str]
    matching: list[str]  # the cs.CV papers in submission order
    requests: int


class _Handler(FeedHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        query = parse_qs(urlsplit(self.path).query)
        self.server.requests += 1
        start = int(query.get("start", ["0"])[0])
        count = int(query.get("max_results", ["10"])[0])
        ids = [i for i in query.get("id_list", [""])[0].split(",") if i]
        chosen = ids or self.server.matching
        page = chosen[start : start + count]
        body = (
            FEED_HEAD.format(total=len(chosen), start=start, count=len(page))
            + "".join(self.server.entries[i] for i in page if i in self.server.entries)
            + "</feed>"
        ).encode()
        self.send_feed(body)


def _serve(papers: int, matches: int) -> _Server:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.entries, server.matching, server.requests = {}, [], 0
    step = papers / matches
    wanted = {round(n * step) for n in range(matches)}
    for number in range(papers):
        arxiv_id = f"2101.{number + 1:05d}"
        day = f"2021-{1 + number % 12:02d}-{1 + number % 28:02d}"
        cat = "cs.CV" if number in wanted else "math.PR"
        server.entries[arxiv_id] = ENTRY.format(id=arxiv_id, day=day, cat=cat)
        if cat == "cs.CV":
            server.matching.append(arxiv_id)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _check(condition: bool, problem: str) -> None:  # noqa: FBT001 (a check and its message)
    if not condition:
        raise SystemExit(f"bench_search: {problem}")


def _best(repeat: int, run: object) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--matches", type=int, default=4_500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    server = _serve(args.papers, args.matches)
    url = f"http://127.0.0.1:{server.server_address[1]}/api/query"
    with tempfile.TemporaryDirectory() as folder:
        options = {
            "api_url": url,
            "cache": Path(folder) / "cache.sqlite",
            "delay_seconds": 0.0,
            "progress": False,
        }
        with ArxivEnricher(**options) as enricher, warnings.catch_warnings():  # type: ignore[arg-type]
            warnings.simplefilter("error")  # a search that comes back short fails the run
            search = {"max_results": args.matches, "sort_by": "submittedDate"}
            first = enricher.search("cat:cs.CV", **search)
            ids = first.ids
            _check(len(ids) == args.matches, str(first.report))
            asked = server.requests
            enrich_s = _best(args.repeat, lambda: enricher.enrich(ids))
            search_s = _best(args.repeat, lambda: enricher.search("cat:cs.CV", **search))
            _check(enricher.enrich(ids).report.cached == ids, "the anchor was not all cached")
            again = papercorpus.search("cat:cs.CV", **search, **options)  # type: ignore[arg-type]
            _check(again == first, "a cached search gave other papers")
            _check(server.requests == asked, "a cached run made a request")
    server.shutdown()
    ratio = search_s / enrich_s
    print(f"{args.matches:,} results of {args.papers:,} papers, best of {args.repeat}")
    print("| run | seconds | results/s | ÷ anchor |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| cached `enrich` of the same ids (anchor) | {enrich_s:.3f} | "
          f"{args.matches / enrich_s:,.0f} | 1.00 |")  # fmt: skip
    print(f"| cached `search` | {search_s:.3f} | {args.matches / search_s:,.0f} | {ratio:.2f} |")
    print(f"target: cached search <= cached enrich (1.00): {'met' if ratio <= 1.0 else 'MISSED'}")


if __name__ == "__main__":
    main()
