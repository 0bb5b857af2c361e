"""ArxivEnricher against a real HTTP server on 127.0.0.1: batching, cache, limits, faults."""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from werkzeug import Request, Response

from papercorpus import Corpus, Diagnostic, EnrichmentWarning, Paper, parse
from papercorpus._options import API_URL_ENV, CACHE_ENV, MAX_URL_LENGTH
from papercorpus.enrichment import ArxivEnricher, enrich
from papercorpus.enrichment._fetcher import Fetcher, Result
from tests.enrichment.fake_arxiv import (
    FakeArxiv,
    error_feed,
    ids,
    know,
    make_entry,
    make_feed,
    recorded,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from pytest_httpserver import HTTPServer

    Make = Callable[..., ArxivEnricher]


# Runs whose every identifier fails warn so (`EnrichmentWarning`); the tests below of such
# runs look at the report, and the warning has tests of its own.
pytestmark = pytest.mark.filterwarnings("ignore::papercorpus.EnrichmentWarning")


def gaps(fake: FakeArxiv) -> list[float]:
    times = sorted(t for t, _ in fake.requests)
    return [later - earlier for earlier, later in itertools.pairwise(times)]


def test_recorded_responses_fill_the_fields(fake: FakeArxiv, make_enricher: Make) -> None:
    """Recorded real answers fill title, authors, categories, dates; versions map back."""
    corpus = make_enricher().enrich(
        ["1605.08386", "arXiv:1707.08567", "2104.12255v1", "astro-ph/0601001"]
    )
    assert corpus.report.enriched == [
        "1605.08386",
        "arXiv:1707.08567",
        "2104.12255v1",
        "astro-ph/0601001",
    ]
    assert fake.id_lists == [["1605.08386", "1707.08567", "2104.12255", "astro-ph/0601001"]]
    heat = corpus["1605.08386"]
    assert heat.title == "Heat-bath random walks with Markov bases"
    assert [a.name for a in heat.authors] == ["Caprice Stanley", "Tobias Windisch"]
    assert (heat.categories, heat.primary_category) == (("math.CO", "math.ST"), "math.CO")
    assert (str(heat.published), str(heat.created), heat.comments) == (
        "2016-05-26",
        "2016-05-26",
        "20 pages, 3 figures",
    )
    titled_zero = corpus["2104.12255"]
    assert (titled_zero.title, titled_zero.version, titled_zero.latest_version) == ("0", 1, 1)
    old = corpus["astro-ph/0601001"]
    assert old.abstract is not None
    assert "\n" not in old.abstract  # arXiv's hard line breaks are normalised
    assert len(corpus["1707.08567"].authors) > 10


def test_one_request_per_batch_with_page_size_the_batch(
    fake: FakeArxiv, make_enricher: Make
) -> None:
    """250 identifiers at batch_size=100 take 3 requests, each asking for its whole batch."""
    wanted = ids(250)
    know(fake, wanted)
    corpus = make_enricher(batch_size=100, delay_seconds=0.0).enrich(wanted)
    assert [len(batch) for batch in fake.id_lists] == [100, 100, 50]
    assert corpus.report.requests == 3
    assert corpus.ids == wanted
    assert all(p.title == f"Title of {p.arxiv_id}" for p in corpus)


def test_long_batches_keep_the_url_short(fake: FakeArxiv, make_enricher: Make) -> None:
    """A batch whose URL would pass arXiv's limit (414 past ~600 ids) is split."""
    wanted = ids(800)
    know(fake, wanted)
    enricher = make_enricher(batch_size=800, delay_seconds=0.0)
    corpus = enricher.enrich(wanted)
    assert corpus.report.ok
    assert len(fake.id_lists) > 1
    assert sum(len(batch) for batch in fake.id_lists) == 800
    for batch in fake.id_lists:
        assert len(enricher._fetcher.query_url(batch)) <= MAX_URL_LENGTH


def test_cache_is_per_identifier(fake: FakeArxiv, make_enricher: Make) -> None:
    """A later run over an overlapping list (one added, order changed) asks only for the new one."""
    know(fake, ids(6))
    first = make_enricher().enrich(ids(5))
    assert first.report.enriched == ids(5)
    second = make_enricher().enrich(["2104.00006", *reversed(ids(5))])
    assert fake.id_lists[1:] == [["2104.00006"]]
    assert second.report.cached == list(reversed(ids(5)))
    assert second.report.enriched == ["2104.00006"]
    assert second.ids == ["2104.00006", *reversed(ids(5))]
    assert second["2104.00003"] == first["2104.00003"]
    third = make_enricher().enrich(ids(6))  # reading the cache does not use it up
    assert third.report.cached == ids(6)
    assert len(fake.requests) == 2


def test_expired_answers_are_asked_again(fake: FakeArxiv, make_enricher: Make) -> None:
    """An answer older than expire_after is fetched anew."""
    know(fake, ids(1))
    make_enricher(expire_after=1).enrich(ids(1))
    assert make_enricher(expire_after=1).enrich(ids(1)).report.cached == ids(1)
    time.sleep(1.2)
    assert make_enricher(expire_after=1).enrich(ids(1)).report.enriched == ids(1)
    assert len(fake.requests) == 2


def test_rate_limit_holds_between_network_requests(fake: FakeArxiv, make_enricher: Make) -> None:
    """At least delay_seconds between requests, measured from the server's own clock."""
    know(fake, ids(4))
    make_enricher(batch_size=1, delay_seconds=0.2).enrich(ids(4))
    assert len(fake.requests) == 4
    assert min(gaps(fake)) >= 0.19


def test_cached_run_makes_no_request_and_never_waits(fake: FakeArxiv, make_enricher: Make) -> None:
    """A second run over 1,000 cached identifiers sends nothing and does not sleep."""
    wanted = ids(1000)
    know(fake, wanted)
    make_enricher(delay_seconds=0.0).enrich(wanted)
    sent = len(fake.requests)
    enricher = make_enricher(delay_seconds=10.0)
    again = enricher.enrich(wanted)
    assert len(fake.requests) == sent
    assert again.report.cached == wanted
    assert again.report.requests == 0
    assert enricher._session.limiter.turns == 0  # the rate limiter was never even asked


def test_503_then_success_is_retried(fake: FakeArxiv, make_enricher: Make) -> None:
    """A 503 is retried; the answer after it is used."""
    know(fake, ids(2))
    fake.fail_with(503)
    corpus = make_enricher().enrich(ids(2))
    assert corpus.report.enriched == ids(2)
    assert len(fake.requests) == 2


def test_429_retry_after_is_honoured(fake: FakeArxiv, make_enricher: Make) -> None:
    """After a 429 with Retry-After: 1 the next request waits at least a second."""
    know(fake, ids(1))
    fake.fail_with(429, headers={"Retry-After": "1"})
    corpus = make_enricher(delay_seconds=0.05).enrich(ids(1))
    assert corpus.report.enriched == ids(1)
    assert gaps(fake)[0] >= 0.95


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(make_feed([make_entry("2104.00001")])[:-40], id="truncated"),
        pytest.param(make_feed([]), id="empty-feed"),
        pytest.param(b"<html>busy</html>", id="not-a-feed"),
    ],
)
def test_bad_200_answers_are_retried_and_not_cached(
    fake: FakeArxiv, make_enricher: Make, body: bytes
) -> None:
    """A truncated, empty or foreign 200 answer is retried, and never cached."""
    know(fake, ids(2))
    fake.fail_with(200, body)
    corpus = make_enricher().enrich(ids(2))
    assert corpus.report.enriched == ids(2)
    assert len(fake.requests) == 2
    fake.fail_with(200, body)
    assert make_enricher().enrich(ids(2)).report.cached == ids(2)
    assert len(fake.requests) == 2  # the good answer was cached, the bad one not


def test_persistent_failure_is_reported_and_the_run_completes(
    fake: FakeArxiv, make_enricher: Make
) -> None:
    """A batch that keeps failing is reported per identifier; other batches still complete."""
    know(fake, ids(4))
    for _ in range(3):
        fake.fail_with(502)
    corpus = make_enricher(batch_size=2, max_retries=2, delay_seconds=0.01).enrich(ids(4))
    assert corpus.report.failed == ids(2)
    assert corpus.report.enriched == ids(2, start=3)
    reasons = {o.reason for o in corpus.report.outcomes if o.status == "failed"}
    assert reasons == {"HTTP 502 after 3 attempts"}
    assert corpus.ids == ids(4)  # failed papers stay, unenriched
    assert corpus["2104.00001"].title is None
    # Error answers were not cached: the next run asks again and succeeds.
    assert make_enricher().enrich(ids(2)).report.enriched == ids(2)


def test_server_error_that_is_not_transient_is_not_retried(
    fake: FakeArxiv, make_enricher: Make
) -> None:
    """A 404 (wrong endpoint) fails at once."""
    fake.fail_with(404)
    corpus = make_enricher().enrich(ids(1))
    assert corpus.report.failed == ids(1)
    assert len(fake.requests) == 1


def test_malformed_ids_are_never_sent(fake: FakeArxiv, make_enricher: Make) -> None:
    """Invalid identifiers are reported locally and left out of the query and the corpus."""
    know(fake, ids(1))
    corpus = make_enricher().enrich(["abc", "2104.00001", "2113.12345"])
    assert corpus.report.invalid == ["abc", "2113.12345"]
    assert fake.id_lists == [ids(1)]
    assert corpus.ids == ids(1)
    reason = corpus.report.outcomes[2].reason
    assert reason == ("invalid arXiv identifier '2113.12345': month 13 is not between 01 and 12")


def test_400_naming_a_culprit_drops_it_and_enriches_the_rest(
    fake: FakeArxiv, make_enricher: Make
) -> None:
    """A 400 'incorrect id format for X' drops X; the rest is asked again, not retried."""
    know(fake, ids(3))
    fake.fail_with(400, error_feed("2104.00002"))
    corpus = make_enricher().enrich(ids(3))
    assert corpus.report.invalid == ["2104.00002"]
    assert corpus.report.enriched == ["2104.00001", "2104.00003"]
    assert fake.id_lists[1] == ["2104.00001", "2104.00003"]


def test_400_without_a_culprit_splits_the_batch(fake: FakeArxiv, make_enricher: Make) -> None:
    """A 400 naming nobody splits the batch until the bad identifier is alone."""
    know(fake, ids(4))
    fake.fail_with(400, b"bad request")
    fake.fail_with(400, b"bad request")  # the first half, [1, 2], fails again
    corpus = make_enricher().enrich(ids(4))
    assert fake.id_lists == [ids(4), ids(2), ids(1), ids(1, start=2), ids(2, start=3)]
    assert corpus.report.enriched == ids(4)


def test_recorded_400_for_abc(httpserver: HTTPServer, tmp_path: Path) -> None:
    """The recorded real 400 answer is read: the culprit is reported invalid."""
    status, body = recorded("id_abc.json")
    httpserver.expect_request("/api/query").respond_with_data(body, status=status)
    enricher = ArxivEnricher(
        api_url=httpserver.url_for("/api/query"),
        cache=tmp_path / "c.sqlite",
        delay_seconds=0.0,
        progress=False,
    )
    with enricher:
        # 2104.00001 is well-formed, so it is sent; arXiv's 400 names 'abc', which it is not:
        # the batch of one is then reported invalid as a whole.
        corpus = enricher.enrich(["2104.00001"])
    assert corpus.report.invalid == ["2104.00001"]
    assert len(httpserver.log) == 1


def test_unknown_identifiers_are_not_found(fake: FakeArxiv, make_enricher: Make) -> None:
    """Identifiers absent from a feed with other entries are not found, at once."""
    know(fake, ids(1))
    corpus = make_enricher().enrich(["2104.00001", "2104.99999"])
    assert corpus.report.not_found == ["2104.99999"]
    assert len(fake.requests) == 1


def test_always_empty_answer_ends_as_not_found(fake: FakeArxiv, make_enricher: Make) -> None:
    """An empty feed is retried; if it stays empty the papers are not found."""
    corpus = make_enricher(max_retries=2, delay_seconds=0.01).enrich(["2104.99999"])
    assert corpus.report.not_found == ["2104.99999"]
    assert len(fake.requests) == 3


def test_xml_entities_are_not_resolved(
    fake: FakeArxiv, make_enricher: Make, tmp_path: Path
) -> None:
    """A feed declaring an external entity does not leak the file it names."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    entry = make_entry("2104.00001").replace("Title of 2104.00001", "Leak &xxe; here &lol;")
    hostile = make_feed([entry]).replace(
        b"<feed ",
        f'<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file://{secret}">'
        '<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>\n<feed '.encode(),
        1,
    )
    fake.fail_with(200, hostile.replace(b"<?xml version='1.0' encoding='UTF-8'?>\n", b""))
    corpus = make_enricher().enrich(ids(1))
    assert corpus["2104.00001"].title == "Leak &xxe; here &lol;"  # as written, never expanded
    again = make_enricher(offline=True).enrich(ids(1))
    assert again.report.cached == ids(1)
    assert again["2104.00001"] == corpus["2104.00001"]


def test_undefined_entities_keep_every_word(fake: FakeArxiv, make_enricher: Make) -> None:
    """An entity nobody declared stays as written; nothing after it is lost, cached or not."""
    entry = (
        make_entry("2104.00001", summary="Before XX after, and more.")
        .replace("Before XX after", "Before &nbsp; after")
        .replace("Title of 2104.00001", "A &mdash; title with words after")
    )
    fake.fail_with(200, make_feed([entry]))
    first = make_enricher().enrich(ids(1))["2104.00001"]
    assert (first.title, first.abstract) == (
        "A &mdash; title with words after",
        "Before &nbsp; after, and more.",
    )
    cached = make_enricher(offline=True).enrich(ids(1))["2104.00001"]
    assert cached == first


def test_versions_map_to_requested_papers(fake: FakeArxiv, make_enricher: Make) -> None:
    """The source's version is kept; the latest one arXiv reports is recorded."""
    fake.add("2104.00001", version=3)
    corpus = make_enricher().enrich(["2104.00001v1", Paper(arxiv_id="2104.00001", version=2)])
    assert [(p.version, p.latest_version) for p in corpus] == [(1, 3), (2, 3)]
    assert fake.id_lists == [["2104.00001"]]  # asked once, without a version


def test_merge_keeps_the_listing_and_fills_gaps(fake: FakeArxiv, make_enricher: Make) -> None:
    """Listing fields are kept (unless overwrite); missing ones come from arXiv."""
    fake.add("2104.00001", summary="Api abstract.", doi="10.1234/api", comment="api comment")
    listing = parse("Listing abstract.\narXiv:2104.00001 - doi: 10.1234/ours\n")
    kept = make_enricher().enrich(listing)["2104.00001"]
    assert (kept.abstract, kept.doi, kept.comments) == (
        "Listing abstract.",
        "10.1234/ours",
        "api comment",
    )
    replaced = make_enricher(overwrite=True).enrich(listing)["2104.00001"]
    assert (replaced.abstract, replaced.doi) == ("Api abstract.", "10.1234/api")
    bare = make_enricher().enrich(["2104.00001"])["2104.00001"]
    assert bare.abstract == "Api abstract."
    assert listing[0].title is None  # the input is untouched


def test_abstract_mismatch_is_reported(fake: FakeArxiv, make_enricher: Make) -> None:
    """A listing abstract about something else entirely is flagged in the report."""
    fake.add(
        "2104.00001",
        summary="Graphs on lattice points are studied whose edges come "
        "from a finite set of allowed moves of arbitrary length in fibers.",
    )
    fake.add(
        "2104.00002",
        summary="Channel pruning has been long adopted for compressing "
        "convolutional networks, which significantly reduces the computation.",
    )
    listing = parse(
        "Channel pruning has been long adopted for compressing convolutional networks.\n"
        "arXiv:2104.00001"
        "Channel pruning has been long adopted for compressing convolutional networks.\n"
        "arXiv:2104.00002\n"
    )
    report = make_enricher().enrich(listing).report
    assert report.mismatched == ["2104.00001"]
    assert "1 abstract mismatch" in report.summary()


def test_offline_uses_the_cache_only(fake: FakeArxiv, make_enricher: Make) -> None:
    """offline=True answers from the cache and reports the rest; nothing is sent."""
    know(fake, ids(2))
    make_enricher().enrich(ids(1))
    corpus = make_enricher(offline=True).enrich(ids(2))
    assert corpus.report.cached == ids(1)
    assert corpus.report.failed == ["2104.00002"]
    assert corpus.report.outcomes[1].reason == "offline and not in the cache"
    assert len(fake.requests) == 1


def test_accepts_corpus_papers_and_strings_in_order(fake: FakeArxiv, make_enricher: Make) -> None:
    """Input order is kept across kinds of input; a Corpus's diagnostics carry over."""
    know(fake, ids(3))
    found: list[Diagnostic] = []
    parsed = parse("Lost.\narXiv:2113.12345\nKept.\narXiv:2104.00002\n", on_diagnostic=found.append)
    source = Corpus(parsed, diagnostics=found)
    corpus = make_enricher().enrich(source)
    assert corpus.ids == ["2104.00002"]
    assert corpus.diagnostics == source.diagnostics
    assert [d.code for d in corpus.diagnostics] == ["invalid-id"]
    mixed = make_enricher().enrich([*source, "https://arxiv.org/abs/2104.00001v2", "2104.00003"])
    assert mixed.ids == ["2104.00002", "2104.00001", "2104.00003"]
    assert mixed["2104.00001"].version == 2
    assert mixed.diagnostics == ()  # a list of items has none to carry


def test_no_cache_still_batches_and_limits(fake: FakeArxiv, api_url: str) -> None:
    """cache=None works: no file, every run goes to the network."""
    know(fake, ids(2))
    for _ in range(2):
        corpus = enrich(ids(2), api_url=api_url, cache=None, delay_seconds=0.0, progress=False)
        assert corpus.report.enriched == ids(2)
    assert len(fake.requests) == 2


def test_api_url_from_the_environment(
    fake: FakeArxiv, api_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PAPERCORPUS_ARXIV_API_URL replaces the default endpoint."""
    know(fake, ids(1))
    monkeypatch.setenv(API_URL_ENV, api_url)
    corpus = enrich(ids(1), cache=tmp_path / "c.sqlite", delay_seconds=0.0, progress=False)
    assert corpus.report.enriched == ids(1)


def test_cache_path_from_the_environment(
    fake: FakeArxiv, api_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PAPERCORPUS_CACHE names the default cache file: a second run is answered from it."""
    know(fake, ids(1))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "env" / "cache.sqlite"))
    first = enrich(ids(1), api_url=api_url, delay_seconds=0.0, progress=False)
    second = enrich(ids(1), api_url=api_url, offline=True, progress=False)
    assert (first.report.enriched, second.report.cached) == (ids(1), ids(1))
    assert (tmp_path / "env" / "cache.sqlite").is_file()


def test_no_server_stops_the_run_at_once_and_says_where(tmp_path: Path) -> None:
    """Nothing listening: no retry can help, so the run stops at the first refusal.

    Every identifier fails with one reason naming the URL, and a warning says so.
    """
    enricher = ArxivEnricher(
        api_url="http://127.0.0.1:9/api/query",
        cache=tmp_path / "c.sqlite",
        delay_seconds=0.5,
        max_retries=3,
        batch_size=10,
        timeout=5.0,
        progress=False,
    )
    started = time.monotonic()
    with enricher, pytest.warns(EnrichmentWarning, match="every identifier failed: cannot reach"):
        corpus = enricher.enrich(ids(248))
    assert time.monotonic() - started < 2.0  # 25 batches, 3 retries each: it stopped at once
    assert corpus.report.failed == ids(248)
    assert corpus.report.requests == 1
    reasons = {outcome.reason for outcome in corpus.report.outcomes}
    assert reasons == {"cannot reach http://127.0.0.1:9/api/query: connection refused"}


def test_a_name_that_does_not_resolve_stops_the_run(tmp_path: Path) -> None:
    enricher = ArxivEnricher(
        api_url="http://no-such-host.invalid/api/query",
        cache=tmp_path / "c.sqlite",
        delay_seconds=0.0,
        progress=False,
    )
    with enricher, pytest.warns(EnrichmentWarning, match="name does not resolve"):
        corpus = enricher.enrich(ids(3))
    assert corpus.report.requests == 1
    assert corpus.report.outcomes[0].reason == (
        "cannot reach http://no-such-host.invalid/api/query: its name does not resolve"
    )


def test_slow_server_times_out(httpserver: HTTPServer, tmp_path: Path) -> None:
    """A server slower than the timeout is a transient failure, retried, then reported."""

    def slow(_request: Request) -> Response:
        time.sleep(0.6)
        return Response(make_feed([make_entry("2104.00001")]))

    httpserver.expect_request("/api/query").respond_with_handler(slow)
    enricher = ArxivEnricher(
        api_url=httpserver.url_for("/api/query"),
        cache=tmp_path / "c.sqlite",
        delay_seconds=0.0,
        max_retries=1,
        timeout=0.2,
        progress=False,
    )
    with enricher:
        corpus = enricher.enrich(ids(1))
    assert corpus.report.outcomes[0].reason == "no complete answer within 0.2 s after 2 attempts"
    # The server answers both tries late; let it finish before the next test uses it.
    deadline = time.monotonic() + 5.0
    while len(httpserver.log) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(httpserver.log) == 2


def test_interrupted_run_resumes(
    fake: FakeArxiv, make_enricher: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in the second batch keeps the first in the cache; the next run resumes."""
    know(fake, ids(4))
    run_batch = Fetcher.run_batch
    calls: list[list[str]] = []

    def interrupted(self: Fetcher, batch: list[str], results: dict[str, Result]) -> None:
        calls.append(batch)
        if len(calls) == 2:
            raise KeyboardInterrupt
        run_batch(self, batch, results)

    monkeypatch.setattr(Fetcher, "run_batch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        make_enricher(batch_size=2, delay_seconds=0.0).enrich(ids(4))
    monkeypatch.setattr(Fetcher, "run_batch", run_batch)
    corpus = make_enricher(batch_size=2, delay_seconds=0.0).enrich(ids(4))
    assert corpus.report.cached == ids(2)
    assert corpus.report.enriched == ids(2, start=3)
    assert fake.id_lists == [ids(2), ids(2, start=3)]


def test_rate_limit_is_shared_across_processes(
    fake: FakeArxiv, api_url: str, cache_path: Path
) -> None:
    """Four processes on one cache never send a request the server refuses as too early.

    The server answers 429 to a request that arrives while another is being answered, or
    less than `delay_seconds` after the previous answer ended: a verdict that does not
    depend on how busy the machine is, only on the order of events.
    """
    know(fake, ids(12))
    fake.min_gap = 0.2
    code = (
        "import sys\n"
        "from papercorpus.enrichment import enrich\n"
        "ids = sys.argv[3:]\n"
        "report = enrich(ids, api_url=sys.argv[1], cache=sys.argv[2], batch_size=2,\n"
        "                delay_seconds=0.2, max_retries=0, progress=False).report\n"
        "assert report.ok, report\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    lists = [ids(6), ids(6, start=4), ids(6, start=7), ids(4, start=9)]  # overlapping
    workers = [
        subprocess.Popen([sys.executable, "-c", code, api_url, str(cache_path), *batch], env=env)
        for batch in lists
    ]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0, 0]
    assert fake.refused == 0
    assert fake.requests, "the processes sent nothing"


def test_body_cut_short_by_the_server_is_retried(
    fake: FakeArxiv, make_enricher: Make, httpserver: HTTPServer
) -> None:
    """A server that closes the connection mid-body is a transient failure, then recovers."""
    know(fake, ids(1))
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve_once() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            body = make_feed([make_entry("2104.00001")])
            head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            connection.sendall(head + body[: len(body) // 2])
        listener.close()

    thread = threading.Thread(target=serve_once, daemon=True)
    thread.start()
    enricher = make_enricher(api_url=f"http://127.0.0.1:{port}/api/query", max_retries=0)
    corpus = enricher.enrich(ids(1))
    thread.join(timeout=5)
    (outcome,) = corpus.report.outcomes
    assert outcome.status == "failed"
    assert outcome.reason == "answer cut short (ProtocolError) after 1 attempt"
    assert make_enricher(api_url=httpserver.url_for("/api/query")).enrich(ids(1)).report.ok


def test_requests_are_spaced_from_the_end_of_the_last_answer(
    fake: FakeArxiv, make_enricher: Make, httpserver: HTTPServer
) -> None:
    """A slow answer does not eat into the delay before the next request."""
    know(fake, ids(3))
    slow_then_fast = [0.3, 0.0, 0.0]

    def handler(request: Request) -> Response:
        response = fake.handle(request)  # notes the arrival time
        time.sleep(slow_then_fast.pop(0) if slow_then_fast else 0.0)
        return response

    httpserver.clear()
    httpserver.expect_request("/api/query").respond_with_handler(handler)
    make_enricher(batch_size=1, delay_seconds=0.2).enrich(ids(3))
    assert len(fake.requests) == 3
    # The first answer took 0.3 s; the second request still waited 0.2 s after it.
    assert gaps(fake)[0] >= 0.3 + 0.19


def test_short_pages_are_followed_not_taken_for_absence(
    fake: FakeArxiv, make_enricher: Make
) -> None:
    """A page shorter than the batch: the rest is fetched; only absent ids are not found."""
    know(fake, ids(7))
    fake.page_size = 3
    corpus = make_enricher(batch_size=10).enrich([*ids(7), "2104.99999"])
    assert corpus.report.enriched == ids(7)
    assert corpus.report.not_found == ["2104.99999"]
    assert fake.id_lists == [[*ids(7), "2104.99999"]] * 3  # starts 0, 3, 6


def test_a_server_that_ignores_start_ends_as_failed_not_as_absent(
    fake: FakeArxiv, make_enricher: Make
) -> None:
    """Page one again and again: the pager stops, and a retry of the rest recovers them."""
    know(fake, ids(4))
    fake.page_size = 2
    fake.ignore_start = True
    corpus = make_enricher(max_retries=1, delay_seconds=0.0).enrich(ids(4))
    assert corpus.report.enriched == ids(4)
    assert corpus.report.not_found == []
    # ids 1-4 from 0, then from 2 (page one again: stop), then ids 3-4 alone.
    assert fake.id_lists == [ids(4), ids(4), ids(2, start=3)]


def test_a_single_string_is_one_identifier(fake: FakeArxiv, make_enricher: Make) -> None:
    """enrich("2104.00001") asks for that paper: a string is not a list of characters."""
    know(fake, ids(1))
    corpus = make_enricher().enrich("2104.00001")
    assert corpus.report.enriched == ["2104.00001"]
    assert len(corpus.report.outcomes) == 1


def test_wrapped_api_comments_are_one_comment(fake: FakeArxiv, make_enricher: Make) -> None:
    """ArXiv hard-wraps comments at ~80 columns: the wrapped lines of one comment join."""
    fake.add(
        "2104.00001",
        comment="Accepted at the 38th International Conference on Machine\n  Learning"
        " (ICML 2021),\n  10 pages, 4 figures",
    )
    (paper,) = make_enricher().enrich(ids(1))
    assert paper.comments == (
        "Accepted at the 38th International Conference on Machine Learning (ICML 2021), "
        "10 pages, 4 figures"
    )


def test_the_report_reads_well_in_a_notebook(fake: FakeArxiv, make_enricher: Make) -> None:
    """A short repr, an HTML table for Jupyter, and a DataFrame of one row per identifier."""
    know(fake, ids(2))
    report = make_enricher().enrich([*ids(2), "2104.99999", "nonsense"]).report
    assert repr(report).startswith(
        "<EnrichmentReport: 4 identifiers: 2 enriched, 0 cached, 1 not found, 1 invalid, 0 failed"
    )
    html = report._repr_html_()
    assert "<table" in html
    assert "nonsense" in html
    assert "&lt;" not in report.summary()
    frame = report.to_pandas()
    assert list(frame["requested"]) == [*ids(2), "2104.99999", "nonsense"]
    assert list(frame["status"]) == ["enriched", "enriched", "not_found", "invalid"]
    assert list(frame.columns) == [
        "requested",
        "arxiv_id",
        "status",
        "reason",
        "abstract_mismatch",
        "latest_version",
    ]


def test_several_dois_from_the_api(fake: FakeArxiv, make_enricher: Make) -> None:
    """ArXiv's DOI field holds several DOIs: each is kept, in order; `doi` is the first."""
    fake.add("2104.00001", doi="10.1007/JHEP12(2010)070 10.1007/JHEP02(2011)044")
    fake.add("2104.00002", doi="10.1002/andp.201000099; 10.1002/andp.201200739")
    first, second = make_enricher().enrich(["2104.00001", "2104.00002"])
    assert first.dois == ("10.1007/JHEP12(2010)070", "10.1007/JHEP02(2011)044")
    assert first.doi == "10.1007/JHEP12(2010)070"
    assert second.dois == ("10.1002/andp.201000099", "10.1002/andp.201200739")


def test_enrich_and_search_spell_out_the_enrichers_options() -> None:
    """An IDE and help() show every option, with the enricher's own defaults."""
    import inspect  # noqa: PLC0415

    import papercorpus  # noqa: PLC0415

    enricher = inspect.signature(ArxivEnricher.__init__).parameters
    for function in (papercorpus.enrich, papercorpus.search):
        for name, parameter in inspect.signature(function).parameters.items():
            assert parameter.kind is not inspect.Parameter.VAR_KEYWORD
            if name in enricher:
                assert parameter.default == enricher[name].default or name == "expire_after"
    assert set(inspect.signature(papercorpus.enrich).parameters) == {"items"} | (
        set(enricher) - {"self"}
    )
