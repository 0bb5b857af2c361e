"""`papercorpus.search`: arXiv's search through the enricher's transport, against a local arXiv.

The fake arXiv knows 10,000 papers, 4,500 of them in cs.CV, and plays arXiv's known search
faults on demand: an empty page amid the results, a paper repeated on the next page, a
`totalResults` that drifts, pages shorter than asked.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from typing import TYPE_CHECKING

import arxiv
import pytest

import papercorpus
from papercorpus import Corpus, EnrichmentError, SearchWarning
from papercorpus.cli import main
from papercorpus.enrichment._query import MAX_RESULTS, make_query
from papercorpus.enrichment._search import SearchReport
from tests.enrichment.fake_arxiv import FakeArxiv, make_entry, recorded
from tests.enrichment.fake_search import Record

if TYPE_CHECKING:
    from pathlib import Path

    from pytest_httpserver import HTTPServer

PAPERS = 10_000
MATCHES = 4_500  # in cs.CV
DELAY = 0.02


@functools.cache
def _library() -> tuple[dict[str, str], dict[str, Record]]:
    """10,000 papers: every 20th of each 20 in cs.CV up to 4,500, dates in shuffled order."""
    entries: dict[str, str] = {}
    records: dict[str, Record] = {}
    start = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    for number in range(PAPERS):
        arxiv_id = f"2101.{number + 1:05d}"
        in_cv = number % 20 < 9  # 9 of every 20: 4,500 of 10,000
        # Submission times not in identifier order, so that sorting shows.
        when = start + dt.timedelta(minutes=(number * 7919) % 100_003)
        entry = make_entry(
            arxiv_id,
            title=f"{'Diffusion' if number % 3 == 0 else 'Graph'} models, part {number}",
            categories=("cs.CV", "cs.LG") if in_cv else ("math.PR",),
            published=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        entries[arxiv_id] = entry
        records[arxiv_id] = Record.of_entry(arxiv_id, entry)
    return entries, records


def _expected(fake: FakeArxiv, category: str, *, descending: bool = False) -> list[str]:
    chosen = [r for r in fake.records.values() if category in r.categories]
    chosen.sort(key=lambda r: (r.published, r.arxiv_id), reverse=descending)
    return [r.arxiv_id for r in chosen]


@pytest.fixture
def big(httpserver: HTTPServer) -> FakeArxiv:
    entries, records = _library()
    api = FakeArxiv(entries=dict(entries), records=dict(records), min_gap=DELAY)
    api.serve(httpserver)
    return api


@pytest.fixture
def options(httpserver: HTTPServer, tmp_path: Path) -> dict[str, object]:
    return {
        "api_url": httpserver.url_for("/api/query"),
        "cache": tmp_path / "cache.sqlite",
        "delay_seconds": DELAY,
        "progress": False,
    }


def _search(
    query: str | arxiv.Search, options: dict[str, object], **kw: object
) -> papercorpus.SearchCorpus:
    return papercorpus.search(query, **kw, **options)  # type: ignore[arg-type]


def test_4500_results_in_order_distinct(big: FakeArxiv, options: dict[str, object]) -> None:
    found = papercorpus.search(
        "cat:cs.CV",
        max_results=4500,
        sort_by="submittedDate",
        sort_order="ascending",
        **options,  # type: ignore[arg-type]
    )
    assert found.ids == _expected(big, "cs.CV")
    assert len(set(found.ids)) == MATCHES
    report = found.report
    assert report.ok
    assert (report.received, report.available, report.expected) == (4500, 4500, 4500)
    assert report.requests == math.ceil(MATCHES / 1000) == len(big.requests)
    assert big.refused == 0  # no two requests closer than the delay, never two at once
    paper = found[0]
    assert paper.title is not None
    assert paper.categories == ("cs.CV", "cs.LG")
    assert paper.authors[0].name == "Ada Lovelace"
    assert paper.abstract == f"Summary of {paper.arxiv_id}."


def test_an_arxiv_search_gives_the_same(big: FakeArxiv, options: dict[str, object]) -> None:
    text = _search("cat:cs.CV", options, max_results=300, sort_by="submittedDate")
    search = arxiv.Search(
        query="cat:cs.CV",
        max_results=300,
        sort_by=arxiv.SortCriterion.SubmittedDate,
        sort_order=arxiv.SortOrder.Descending,
    )
    assert _search(search, options) == text
    assert text.ids == _expected(big, "cs.CV", descending=True)[:300]
    # And what the arxiv package itself reads from the same server, page by page.
    client = arxiv.Client(page_size=300, delay_seconds=DELAY * 2, num_retries=0)
    client.query_url_format = str(options["api_url"]) + "?{}"
    assert Corpus.from_arxiv(client.results(search)) == text


def test_arxiv_faults_still_give_every_result(big: FakeArxiv, options: dict[str, object]) -> None:
    """An empty middle page, a repeated paper, a drifting count: 4,500, in pages + 2."""
    big.empty_once = {2000}
    big.repeat_at = {3000}
    big.total_drift = [0, 7, -3, 2, 0, 0, 0]
    found = _search(
        "cat:cs.CV", options, max_results=4500, sort_by="submittedDate", sort_order="ascending"
    )
    assert found.ids == _expected(big, "cs.CV")
    assert found.report.ok, found.report.summary()
    assert found.report.duplicates == 1
    assert len(big.requests) <= math.ceil(MATCHES / 1000) + 2
    assert big.refused == 0


def test_short_pages_are_followed(big: FakeArxiv, options: dict[str, object]) -> None:
    big.page_size = 700  # arXiv sends fewer than asked
    found = _search("cat:cs.CV", options, max_results=None, sort_by="submittedDate")
    assert found.ids == _expected(big, "cs.CV", descending=True)
    assert found.report.requests == math.ceil(MATCHES / 700)


def test_every_result_stops_after_the_last_page(big: FakeArxiv, options: dict[str, object]) -> None:
    found = _search("cat:cs.CV", options, max_results=None, page_size=2000)
    assert len(found) == MATCHES
    assert len(big.requests) == 3  # 2000 + 2000 + 500: nothing asked past the end
    assert found.report.summary().startswith("4,500 of 4,500 results came (all asked for")


def test_a_rerun_on_the_cache_asks_nothing(big: FakeArxiv, options: dict[str, object]) -> None:
    first = _search("cat:cs.CV AND ti:diffusion", options, max_results=None)
    asked = len(big.requests)
    again = _search("cat:cs.CV AND ti:diffusion", options, max_results=None)
    assert again == first
    assert len(big.requests) == asked
    assert again.report.requests == 0
    assert len(first) == sum(1 for n in range(PAPERS) if n % 20 < 9 and n % 3 == 0)


def test_results_expire_sooner_than_entries(big: FakeArxiv, options: dict[str, object]) -> None:
    _search("cat:cs.CV", options, max_results=10, expire_after=0)
    _search("cat:cs.CV", options, max_results=10, expire_after=0)
    assert len(big.requests) == 2  # stale at once: asked again


@pytest.mark.usefixtures("big")
def test_results_fill_the_enrich_cache(options: dict[str, object]) -> None:
    found = _search("cat:cs.CV", options, max_results=50)
    enriched = papercorpus.enrich(found.ids, offline=True, **options)  # type: ignore[arg-type]
    assert enriched.report.cached == found.ids
    assert [p.title for p in enriched] == [p.title for p in found]


def test_an_empty_page_that_stays_empty_is_said(big: FakeArxiv, options: dict[str, object]) -> None:
    """Fewer results than asked is never silent: the report says why, and a warning."""
    big.empty_once = {1000}
    with pytest.warns(SearchWarning, match="empty page at result 1,000"):
        found = _search("cat:cs.CV", {**options, "max_retries": 0}, max_results=2000)
    assert len(found) == 1000
    assert not found.report.ok
    assert found.report.missing == 1000


def test_a_server_that_keeps_failing(big: FakeArxiv, options: dict[str, object]) -> None:
    _search("cat:cs.CV", options, max_results=10)  # the first page, now cached
    for _ in range(3):
        big.fail_with(503)
    with pytest.warns(SearchWarning, match="HTTP 503 after 3 attempts"):
        found = _search("cat:cs.CV", {**options, "max_retries": 2}, max_results=20, page_size=10)
    assert len(found) == 10
    assert found.report.reason == "HTTP 503 after 3 attempts"


def test_a_malformed_query_is_arxivs_message(big: FakeArxiv, options: dict[str, object]) -> None:
    with pytest.raises(EnrichmentError, match="arXiv refused the query: unbalanced parentheses"):
        _search("ti:(graph", options)
    assert len(big.requests) == 1  # a refusal is not retried


@pytest.mark.usefixtures("big")
def test_only_the_count(options: dict[str, object]) -> None:
    found = _search("cat:cs.CV", options, max_results=0)
    assert len(found) == 0
    assert (found.report.available, found.report.requests, found.report.ok) == (4500, 1, True)


def test_offline_search(big: FakeArxiv, options: dict[str, object]) -> None:
    _search("cat:cs.CV", options, max_results=5)
    again = _search("cat:cs.CV", {**options, "offline": True}, max_results=5)
    assert len(again) == 5
    with pytest.warns(SearchWarning, match="offline"):
        missing = _search("cat:math.PR", {**options, "offline": True}, max_results=5)
    assert len(missing) == 0
    assert len(big.requests) == 1


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("submittedDate", "submittedDate"),
        ("SUBMITTEDDATE", "submittedDate"),
        (arxiv.SortCriterion.LastUpdatedDate, "lastUpdatedDate"),
    ],
)
def test_sort_vocabulary(given: object, expected: str) -> None:
    assert make_query("ti:x", sort_by=given).sort_by == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sort_by": "date"}, "sort_by must be one of 'relevance', 'lastUpdatedDate'"),
        ({"sort_order": "up"}, "sort_order must be one of 'ascending', 'descending'"),
        ({"max_results": -1}, "max_results must be a whole number >= 0 or None"),
        ({"id_list": ["nonsense"]}, "id_list: invalid arXiv identifier 'nonsense'"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(EnrichmentError, match=message):
        make_query("ti:x", **kwargs)  # type: ignore[arg-type]


def test_nothing_to_search_for() -> None:
    with pytest.raises(EnrichmentError, match="nothing to search for"):
        make_query("   ")
    with pytest.raises(EnrichmentError, match="too long"):
        make_query("ti:x " * 2000)


def test_arxivs_cap_of_30000() -> None:
    assert make_query("ti:x", max_results=50_000).limit == MAX_RESULTS
    assert make_query("ti:x", max_results=None).limit == MAX_RESULTS
    report = SearchReport(
        query="ti:x",
        id_list=(),
        sort_by="relevance",
        sort_order="descending",
        max_results=None,
        available=45_000,
        received=30_000,
        note="arXiv serves at most 30,000 results of one query",
    )
    assert (report.expected, report.missing, report.ok) == (30_000, 0, True)
    assert "at most 30,000" in report.summary()


def test_id_list_narrows_a_search(big: FakeArxiv, options: dict[str, object]) -> None:
    found = _search("cat:cs.CV", options, id_list=["2101.00001", "2101.00011", "2101.00006"])
    assert sorted(found.ids) == ["2101.00001", "2101.00006"]
    assert big.search_queries == ["cat:cs.CV"]


# -- the command line ----------------------------------------------------------------------


def _cli(options: dict[str, object], *words: str) -> list[str]:
    return [
        "search",
        *words,
        "--api-url",
        str(options["api_url"]),
        "--cache",
        str(options["cache"]),
        "--delay",
        str(DELAY),
        "--no-progress",
    ]


def test_cli_search(
    big: FakeArxiv, options: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    words = _cli(options, "cat:cs.CV", "--max-results", "25", "--sort-by", "submittedDate")
    assert main([*words, "--sort-order", "ascending", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 26  # a header and 25 papers
    assert _expected(big, "cs.CV")[0] in out.splitlines()[1]
    assert "25 of 25 results came (25 asked for, 4,500 match)" in err


def test_cli_exit_codes(
    big: FakeArxiv, options: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_cli(options, "ti:(graph")) == 2
    err = capsys.readouterr().err
    assert err == "papercorpus: error: arXiv refused the query: unbalanced parentheses\n"
    big.empty_once = {10}
    words = _cli(options, "cat:cs.CV", "--max-results", "20", "--page-size", "10")
    assert main([*words, "--max-retries", "0"]) == 1
    err = capsys.readouterr().err
    assert "10 of 20 results came" in err
    assert "empty page at result 10" in err
    assert "Traceback" not in err


def test_a_search_cut_short_resumes_from_the_cache(
    big: FakeArxiv, options: dict[str, object]
) -> None:
    big.empty_once = {2000}
    with pytest.warns(SearchWarning, match="empty page at result 2,000"):
        cut = _search("cat:cs.CV", {**options, "max_retries": 0}, max_results=4500)
    assert len(cut) == 2000
    before = len(big.requests)
    whole = _search("cat:cs.CV", options, max_results=4500)
    assert whole.report.ok
    assert whole.ids[:2000] == cut.ids
    assert len(big.requests) - before == 3  # the two pages it had are not asked again


def test_a_refusal_sent_as_200_is_a_refusal(big: FakeArxiv, options: dict[str, object]) -> None:
    body = recorded("id_abc.json")[1].replace(b"incorrect id format for abc", b"bad query")
    big.fail_with(200, body)
    with pytest.raises(EnrichmentError, match="arXiv refused the query: bad query"):
        _search("ti:graph", options)
