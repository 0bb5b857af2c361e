"""Enrichment users can trust (#10): options, deadlines, size caps, unknown ids, broken caches.

Every server here is real and on 127.0.0.1: pytest-httpserver for arXiv-like answers, a
raw socket server for the ones that misbehave below HTTP (trickling, endless, bombs).
"""

from __future__ import annotations

import gzip
import logging
import math
import re
import socket
import sqlite3
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from papercorpus import CacheWarning
from papercorpus.enrichment import ArxivEnricher
from papercorpus.errors import EnrichmentError
from tests.enrichment.fake_arxiv import FakeArxiv, ids, know, make_entry, make_feed

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    Make = Callable[..., ArxivEnricher]


# -- options ---------------------------------------------------------------------------------


# Runs whose every identifier fails warn so (`EnrichmentWarning`, tested in test_enricher.py):
# these tests look at the report.
pytestmark = pytest.mark.filterwarnings("ignore::papercorpus.EnrichmentWarning")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        pytest.param(
            "delay_seconds",
            math.nan,
            "delay_seconds must be a number from 0 to 3600, not nan",
            id="delay-nan",
        ),
        pytest.param(
            "delay_seconds",
            math.inf,
            "delay_seconds must be a number from 0 to 3600, not inf",
            id="delay-inf",
        ),
        pytest.param(
            "delay_seconds",
            -1.0,
            "delay_seconds must be a number from 0 to 3600, not -1.0",
            id="delay-negative",
        ),
        pytest.param(
            "timeout",
            0.0,
            "timeout must be a number from 0.001 to 86400, not 0.0",
            id="timeout-zero",
        ),
        pytest.param(
            "timeout",
            -1.0,
            "timeout must be a number from 0.001 to 86400, not -1.0",
            id="timeout-negative",
        ),
        pytest.param(
            "timeout",
            math.nan,
            "timeout must be a number from 0.001 to 86400, not nan",
            id="timeout-nan",
        ),
        pytest.param(
            "batch_size",
            0,
            "batch_size must be a whole number from 1 to 2000, not 0",
            id="batch-zero",
        ),
        pytest.param(
            "batch_size",
            2.5,
            "batch_size must be a whole number from 1 to 2000, not 2.5",
            id="batch-float",
        ),
        pytest.param(
            "max_retries",
            -1,
            "max_retries must be a whole number from 0 to 20, not -1",
            id="retries-negative",
        ),
        pytest.param(
            "expire_after",
            math.inf,
            "expire_after must be a finite number of seconds >= 0, not inf",
            id="expire-inf",
        ),
    ],
)
def test_bad_options_are_refused_before_anything_is_written(
    option: str, value: object, message: str, tmp_path: Path
) -> None:
    """Nonsense values are an EnrichmentError naming the option; the cache is not touched."""
    cache = tmp_path / "c.sqlite"
    with pytest.raises(EnrichmentError) as info:
        ArxivEnricher(cache=cache, progress=False, **{option: value})  # type: ignore[arg-type]
    assert str(info.value) == message
    assert not cache.exists()
    assert not cache.with_name("c.sqlite.ratelimit").exists()


def test_a_poisoned_schedule_is_ignored(fake: FakeArxiv, api_url: str, tmp_path: Path) -> None:
    """NULL, text or a far-future time in the shared turn cannot stop or stall a run."""
    know(fake, ids(2))
    cache = tmp_path / "c.sqlite"
    ArxivEnricher(api_url=api_url, cache=cache, progress=False).close()
    state = cache.with_name("c.sqlite.ratelimit")
    for poison in (None, "soon", 1e300, math.nan, -1e300):
        with sqlite3.connect(state) as connection:
            connection.execute(
                "INSERT OR REPLACE INTO papercorpus_turn VALUES (1, ?, ?, ?)",
                (poison, "someone", poison),
            )
        with ArxivEnricher(
            api_url=api_url, cache=cache, delay_seconds=0.0, progress=False, expire_after=0
        ) as enricher:
            assert enricher.enrich(ids(2)).report.ok


# -- deadlines and size caps, against misbehaving servers ----------------------------------


class RawServer:
    """A socket server on 127.0.0.1 that answers each connection with `talk`, for a while."""

    def __init__(self, talk: Callable[[socket.socket], None], lifetime: float = 20.0) -> None:
        """Listen on a free port; stop accepting after `lifetime` seconds."""
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.talk = talk
        self.stop_at = time.monotonic() + lifetime
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        """The query URL to give the enricher."""
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}/api/query"

    def _serve(self) -> None:
        while time.monotonic() < self.stop_at:
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self._one, args=(connection,), daemon=True).start()
        self.listener.close()

    def _one(self, connection: socket.socket) -> None:
        with connection:
            try:
                connection.settimeout(5.0)
                connection.recv(65536)
                self.talk(connection)
            except OSError:
                pass  # the client hung up: what a deadline does

    def close(self) -> None:
        """Stop accepting."""
        self.stop_at = 0.0
        self.thread.join(timeout=5.0)


@pytest.fixture
def raw_server() -> Iterator[Callable[[Callable[[socket.socket], None]], RawServer]]:
    made: list[RawServer] = []

    def make(talk: Callable[[socket.socket], None]) -> RawServer:
        server = RawServer(talk)
        made.append(server)
        return server

    yield make
    for server in made:
        server.close()


def _trickle(data: bytes, pause: float = 0.3) -> Callable[[socket.socket], None]:
    def talk(connection: socket.socket) -> None:
        for byte in data:
            connection.sendall(bytes([byte]))
            time.sleep(pause)

    return talk


def _endless_chunks(connection: socket.socket) -> None:
    connection.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    for _ in range(2000):  # bounded: about 20 s at most
        connection.sendall(b"4\r\n<a/>\r\n")
        time.sleep(0.01)


BODY = make_feed([make_entry("2104.00001")])
HEAD = f"HTTP/1.1 200 OK\r\nContent-Length: {len(BODY)}\r\n\r\n".encode()


@pytest.mark.parametrize(
    "talk",
    [
        pytest.param(_trickle(HEAD + BODY), id="trickling-headers"),
        pytest.param(
            lambda c: (c.sendall(HEAD + BODY[:100]), _trickle(BODY[100:])(c)), id="trickling-body"
        ),
        pytest.param(_endless_chunks, id="endless-chunks"),
    ],
)
def test_timeout_is_a_deadline_for_the_whole_request(
    talk: Callable[[socket.socket], None],
    raw_server: Callable[[Callable[[socket.socket], None]], RawServer],
    tmp_path: Path,
) -> None:
    """However the server drips, `timeout` ends the request: the ids fail with the reason."""
    server = raw_server(talk)
    started = time.monotonic()
    with ArxivEnricher(
        api_url=server.url,
        cache=tmp_path / "c.sqlite",
        timeout=1.0,
        max_retries=0,
        delay_seconds=0.0,
        progress=False,
    ) as enricher:
        report = enricher.enrich(ids(1)).report
    assert report.failed == ids(1)
    assert report.outcomes[0].reason in {
        "no complete answer within 1.0 s after 1 attempt",
        "answer larger than 1,048,576 bytes once decoded after 1 attempt",
    }
    assert time.monotonic() - started < 15.0  # a hang would be 20 s, the server's lifetime


def test_a_gzip_bomb_is_cut_off_at_the_cap(
    raw_server: Callable[[Callable[[socket.socket], None]], RawServer], tmp_path: Path
) -> None:
    """1 MB of gzip that inflates to 1 GB: refused at the cap, in bounded memory."""
    bomb = gzip.compress(b"<" * (1 << 30), compresslevel=9)
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {len(bomb)}\r\n\r\n"
    ).encode()
    server = raw_server(lambda c: c.sendall(head + bomb))
    with ArxivEnricher(
        api_url=server.url,
        cache=tmp_path / "c.sqlite",
        max_answer_bytes=1 << 20,
        max_retries=0,
        delay_seconds=0.0,
        progress=False,
    ) as enricher:
        (outcome,) = enricher.enrich(ids(1)).report.outcomes
    assert (outcome.status, outcome.reason) == (
        "failed",
        "answer larger than 1,048,576 bytes once decoded",
    )


def test_gzip_answers_are_read(
    raw_server: Callable[[Callable[[socket.socket], None]], RawServer], tmp_path: Path
) -> None:
    """An ordinary gzip answer is inflated and read."""
    packed = gzip.compress(BODY)
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {len(packed)}\r\n\r\n"
    ).encode()
    server = raw_server(lambda c: c.sendall(head + packed))
    with ArxivEnricher(
        api_url=server.url, cache=tmp_path / "c.sqlite", delay_seconds=0.0, progress=False
    ) as enricher:
        corpus = enricher.enrich(ids(1))
    assert corpus.report.enriched == ids(1)
    assert corpus[0].title == "Title of 2104.00001"


# -- unknown identifiers ---------------------------------------------------------------------


def test_unknown_ids_cost_one_request_and_nothing_on_the_rerun(
    fake: FakeArxiv, make_enricher: Make
) -> None:
    """10 known + 1 unknown: one request; the rerun asks nothing and says the same."""
    know(fake, ids(10))
    wanted = [*ids(10), "2104.99999"]
    first = make_enricher(delay_seconds=0.5).enrich(wanted).report
    assert (first.enriched, first.not_found, first.requests) == (ids(10), ["2104.99999"], 1)
    enricher = make_enricher(delay_seconds=3.0)
    again = enricher.enrich(wanted).report
    assert (again.cached, again.not_found, again.requests) == (ids(10), ["2104.99999"], 0)
    assert enricher._limiter.turns == 0
    assert len(fake.requests) == 1


def test_a_batch_of_only_unknown_ids_costs_two_requests_with_a_probe(
    fake: FakeArxiv, make_enricher: Make
) -> None:
    """An empty answer is checked once with a paper the cache knows, not retried with backoff."""
    know(fake, ids(1))
    make_enricher().enrich(ids(1))
    fake.requests.clear()
    report = make_enricher(max_retries=3).enrich(["2104.99998", "2104.99999"]).report
    assert report.not_found == ["2104.99998", "2104.99999"]
    assert fake.id_lists == [
        ["2104.99998", "2104.99999"],
        ["2104.99998", "2104.99999", "2104.00001"],
    ]


def test_not_found_expires_sooner(fake: FakeArxiv, make_enricher: Make) -> None:
    """A paper announced after the first run shows up once not_found_expire_after has passed."""
    know(fake, ["2104.00009"])
    first = make_enricher().enrich(["2104.00009", *ids(1)]).report  # one known: a real answer
    assert first.not_found == ids(1)
    know(fake, ids(1))  # announced
    assert make_enricher().enrich(ids(1)).report.not_found == ids(1)  # still believed absent
    assert make_enricher(not_found_expire_after=0).enrich(ids(1)).report.enriched == ids(1)


def test_an_answer_about_another_paper_is_not_kept_under_the_asked_id(
    fake: FakeArxiv, make_enricher: Make
) -> None:
    """A one-id request answered with another paper's entry: failed, nothing cached for it."""
    fake.fail_with(200, make_feed([make_entry("2104.00002")]))
    report = make_enricher(max_retries=0).enrich(ids(1)).report
    assert report.failed == ids(1)
    assert report.outcomes[0].reason == "arXiv answered with other papers (2104.00002)"
    know(fake, ids(1))
    assert make_enricher().enrich(ids(1)).report.enriched == ids(1)


# -- broken caches ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:1500]), id="truncated"),
        pytest.param(
            lambda p: p.write_bytes(p.read_bytes()[:100] + b"\xff" * 8000), id="pages-overwritten"
        ),
    ],
)
def test_a_damaged_cache_is_moved_aside_with_a_warning(
    damage: Callable[[Path], object], fake: FakeArxiv, make_enricher: Make, cache_path: Path
) -> None:
    """A cache papercorpus made, cut off or overwritten: moved aside, a fresh one made."""
    know(fake, ids(1))
    make_enricher().enrich(ids(1))
    damage(cache_path)
    with pytest.warns(CacheWarning, match="was damaged"):
        corpus = make_enricher().enrich(ids(1))
    assert corpus.report.ok
    assert list(cache_path.parent.glob("http.sqlite.corrupt-*"))


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        pytest.param(lambda p: p.mkdir(parents=True), "is a folder: give a file path", id="folder"),
        pytest.param(
            lambda p: (
                p.parent.mkdir(parents=True),
                sqlite3.connect(p, isolation_level=None).execute("CREATE TABLE responses (a, b)"),
            ),
            re.escape("its table responses has columns ('a', 'b')"),
            id="foreign-schema",
        ),
    ],
)
def test_an_unusable_cache_is_an_error_naming_it(
    prepare: Callable[[Path], object], message: str, cache_path: Path, api_url: str
) -> None:
    """A folder at the cache path, or another program's database: EnrichmentError, nothing lost."""
    prepare(cache_path)
    with pytest.raises(EnrichmentError, match=message) as info:
        ArxivEnricher(api_url=api_url, cache=cache_path, progress=False)
    assert str(cache_path) in str(info.value)


def test_a_full_disk_is_reported_not_hidden(fake: FakeArxiv, make_enricher: Make) -> None:
    """When the store cannot write, the outcome says "not stored": the next run asks again."""
    know(fake, ids(40))
    enricher = make_enricher()
    assert enricher._store is not None
    # SQLite's own limit on the file's pages: writes fail as on a full disk (SQLITE_FULL).
    pages = enricher._store._connection.execute("PRAGMA page_count").fetchone()[0]
    enricher._store._connection.execute(f"PRAGMA max_page_count = {pages}")
    corpus = enricher.enrich(ids(40))
    assert corpus.report.enriched == ids(40)  # the papers are filled all the same
    assert {o.reason for o in corpus.report.outcomes} == {
        "not stored in the cache (database or disk is full)"
    }
    assert make_enricher(offline=True).enrich(ids(40)).report.failed == ids(40)


# -- logging ---------------------------------------------------------------------------------


def test_one_log_record_per_request_and_per_cache_decision(
    fake: FakeArxiv, make_enricher: Make, caplog: pytest.LogCaptureFixture
) -> None:
    """`papercorpus` logs each request (ids, URL length, status, seconds, waits) and the cache."""
    know(fake, ids(3))
    with caplog.at_level(logging.INFO, logger="papercorpus"):
        make_enricher(batch_size=2).enrich(ids(3))
    requests = [r.getMessage() for r in caplog.records if r.name == "papercorpus.http"]
    assert len(requests) == 2
    assert requests[0].startswith("GET 2 ids (URL of ")
    assert "HTTP 200" in requests[0]
    assert "waiting for the rate limit" in requests[0]
    decisions = [r.getMessage() for r in caplog.records if r.name == "papercorpus.enrich"]
    assert decisions[0] == "cache: 0 entries, 0 known absent, 3 to ask arXiv for"
