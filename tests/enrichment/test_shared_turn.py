"""The shared turn and the cache path under load and misuse (#21 items 1-5).

Redirects, peers that sleep or stop while others wait, a server that asks for ten minutes,
and cache paths that are not what they seem. Every process here is a real process; every
server a real one on 127.0.0.1.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from typing import TYPE_CHECKING

import pytest
from werkzeug import Request, Response

from papercorpus.enrichment import ArxivEnricher
from papercorpus.errors import EnrichmentError, EnrichmentWarning
from papercorpus.transport._ratelimit import RateLimiter
from tests.enrichment.fake_arxiv import FakeArxiv, ids, know

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from pytest_httpserver import HTTPServer

    from papercorpus.enrichment._results import EnrichedCorpus

    Make = Callable[..., ArxivEnricher]

pytestmark = pytest.mark.filterwarnings("ignore::papercorpus.EnrichmentWarning")

_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


def in_time(run: Callable[[], EnrichedCorpus], seconds: float = 30.0) -> EnrichedCorpus:
    """Run `run` in a thread; fail (instead of hanging the suite) if it does not end."""
    done: list[EnrichedCorpus] = []
    thread = threading.Thread(target=lambda: done.append(run()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert done, f"still running after {seconds} s: a hang"
    return done[0]


# -- 1. redirects ----------------------------------------------------------------------------


def test_a_redirect_on_the_same_host_is_followed_in_the_same_turn(
    fake: FakeArxiv, httpserver: HTTPServer, make_enricher: Make
) -> None:
    """A 301 from an old path to the API: followed once, no deadlock, the paper filled."""
    know(fake, ids(2))

    def moved(request: Request) -> Response:
        location = f"/api/query?{request.query_string.decode()}"
        return Response(status=301, headers={"Location": location})

    httpserver.expect_request("/old/query").respond_with_handler(moved)
    enricher = make_enricher(api_url=httpserver.url_for("/old/query"))
    corpus = in_time(lambda: enricher.enrich(ids(2)))
    assert corpus.report.enriched == ids(2)
    assert corpus.report.requests == 1  # one request, as the caller counts: one turn


def test_a_redirect_to_another_host_is_refused_with_a_clear_reason(
    fake: FakeArxiv, httpserver: HTTPServer, make_enricher: Make
) -> None:
    """Leaving the API's host is not followed: the reason names both places and the fix."""
    know(fake, ids(1))
    here = httpserver.url_for("/api/query")
    elsewhere = here.replace("localhost", "127.0.0.1").replace("//127.0.0.1", "//127.0.0.2", 1)
    httpserver.expect_request("/old/query").respond_with_data(
        "", status=302, headers={"Location": elsewhere}
    )
    enricher = make_enricher(api_url=httpserver.url_for("/old/query"))
    corpus = in_time(lambda: enricher.enrich(ids(1)))
    (outcome,) = corpus.report.outcomes
    assert outcome.status == "failed"
    assert outcome.reason is not None
    assert "redirects to http://127.0.0.2:" in outcome.reason
    assert "PAPERCORPUS_ARXIV_API_URL" in outcome.reason


def test_a_redirect_loop_ends(httpserver: HTTPServer, make_enricher: Make) -> None:
    """A URL that redirects to itself: failed after a few hops, never a hang."""
    httpserver.expect_request("/loop").respond_with_data(
        "", status=307, headers={"Location": "/loop"}
    )
    enricher = make_enricher(api_url=httpserver.url_for("/loop"))
    corpus = in_time(lambda: enricher.enrich(ids(1)))
    assert corpus.report.outcomes[0].reason == "more than 5 redirects from " + (
        httpserver.url_for("/loop")
    )


# -- 2. nobody holds the shared file while sleeping ------------------------------------------


def test_a_process_waiting_out_a_retry_after_does_not_lock_the_shared_file(
    tmp_path: Path,
) -> None:
    """While one limiter sleeps for its turn, the state file stays free for everyone else."""
    state = tmp_path / "c.sqlite.ratelimit"
    sleeper = RateLimiter(0.0, state)
    sleeper.defer(3.0)
    waited: list[float] = []

    def take() -> None:
        with sleeper.turn() as seconds:
            waited.append(seconds)

    thread = threading.Thread(target=take, daemon=True)
    thread.start()
    time.sleep(0.3)  # the sleeper is now waiting for its turn
    with sqlite3.connect(state, timeout=0.5, isolation_level=None) as other:
        other.execute("BEGIN IMMEDIATE")  # "database is locked" if the sleeper held it
        other.execute("COMMIT")
    RateLimiter(0.0, state)  # a new process opening the state file is not blocked either
    thread.join(10)
    assert waited
    assert waited[0] >= 2.0


def test_eight_processes_on_one_cache_all_finish(
    fake: FakeArxiv, api_url: str, tmp_path: Path
) -> None:
    """Eight CLI runs share a cache through a 429 with Retry-After: every one exits 0.

    The server refuses (429, counted) any request that comes while another is answered or
    sooner than the delay after it: no refusals means the turn held across processes.
    """
    know(fake, ids(16))
    fake.min_gap = 0.2
    fake.latency = 0.15
    fake.fail_with(429, b"Rate exceeded.", {"Retry-After": "2"})
    cache = tmp_path / "shared.sqlite"
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "papercorpus",
                "enrich",
                "--api-url",
                api_url,
                "--cache",
                str(cache),
                "--delay",
                "0.2",
                "--no-progress",
                *ids(2, start=1 + 2 * n),
            ],
            env=_ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for n in range(8)
    ]
    errors = [worker.communicate(timeout=180)[1].decode() for worker in workers]
    assert [worker.returncode for worker in workers] == [0] * 8, errors
    assert fake.refused == 0
    assert {i for batch in fake.id_lists for i in batch} == set(ids(16))
    assert len(fake.requests) == 9  # one a process, and the one refused by the 429


# -- 3. a stopped peer -----------------------------------------------------------------------

_HOLD_AND_STOP = """
import os, signal, sys
from pathlib import Path
from papercorpus.transport._ratelimit import RateLimiter
limiter = RateLimiter(0.0, Path(sys.argv[1]), lease=1.0)
with limiter.turn():
    print("held", flush=True)
    os.kill(os.getpid(), signal.SIGSTOP)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="needs POSIX job control")
def test_a_stopped_peer_holds_the_turn_for_its_lease_only(tmp_path: Path) -> None:
    """Ctrl-Z in a process holding the turn: the others wait out its lease, warn, go on."""
    state = tmp_path / "c.sqlite.ratelimit"
    RateLimiter(0.0, state)
    peer = subprocess.Popen(
        [sys.executable, "-c", _HOLD_AND_STOP, str(state)], env=_ENV, stdout=subprocess.PIPE
    )
    try:
        assert peer.stdout is not None
        assert peer.stdout.readline() == b"held\n"
        limiter = RateLimiter(0.0, state)
        taken: list[float] = []

        def take() -> None:
            with pytest.warns(EnrichmentWarning, match="past its lease"), limiter.turn() as waited:
                taken.append(waited)

        thread = threading.Thread(target=take, daemon=True)
        thread.start()
        thread.join(30)
        assert taken, "the stopped peer's turn never expired"
        assert taken[0] >= 0.5  # it was waited for, up to the peer's lease of 1 s
    finally:
        peer.send_signal(signal.SIGKILL)
        peer.wait()
        if peer.stdout is not None:
            peer.stdout.close()


# -- 4. --max-wait ---------------------------------------------------------------------------


def test_a_retry_after_past_max_wait_stops_the_run_and_says_so(
    fake: FakeArxiv, make_enricher: Make
) -> None:
    """`Retry-After: 600` with max_wait=5: no ten-minute sleep; the reason names both."""
    know(fake, ids(3))
    fake.fail_with(429, b"", {"Retry-After": "600"})
    started = time.monotonic()
    corpus = in_time(lambda: make_enricher(max_wait=5, max_retries=1, batch_size=1).enrich(ids(3)))
    assert time.monotonic() - started < 60
    assert corpus.report.failed == ids(3)  # the run stops: every request would wait as long
    assert corpus.report.outcomes[0].reason == (
        "HTTP 429, and arXiv asked to wait 600 s (Retry-After), more than max_wait (5 s)"
    )
    assert len(fake.requests) == 1


def test_a_retry_after_within_max_wait_is_obeyed(fake: FakeArxiv, make_enricher: Make) -> None:
    """A short Retry-After is waited out in full, then the request succeeds."""
    know(fake, ids(1))
    fake.fail_with(429, b"", {"Retry-After": "1"})
    corpus = make_enricher(max_wait=5).enrich(ids(1))
    assert corpus.report.enriched == ids(1)
    (first, _), (second, _) = fake.requests
    assert second - first >= 1.0


def test_a_schedule_far_ahead_past_max_wait_stops_the_run(
    fake: FakeArxiv, make_enricher: Make, cache_path: Path
) -> None:
    """Another process was told to wait 300 s: this run does not sleep for it past max_wait."""
    know(fake, ids(1))
    make_enricher().close()
    RateLimiter(0.0, cache_path.with_name(cache_path.name + ".ratelimit")).defer(300)
    corpus = in_time(lambda: make_enricher(max_wait=2).enrich(ids(1)))
    reason = corpus.report.outcomes[0].reason
    assert reason is not None
    assert reason.startswith("the shared rate limit asks to wait 300 s")
    assert fake.requests == []


def test_max_wait_is_checked_and_a_cli_flag(tmp_path: Path) -> None:
    """A negative or nan max_wait is refused by name; `--max-wait` reaches the run."""
    with pytest.raises(EnrichmentError, match="max_wait must be a number from 0 to 86400"):
        ArxivEnricher(cache=tmp_path / "c.sqlite", max_wait=-1)
    run = subprocess.run(
        [sys.executable, "-m", "papercorpus", "enrich", "--max-wait", "nan", "2104.00001"],
        env=_ENV,
        capture_output=True,
        check=False,
    )
    assert run.returncode == 2
    assert b"--max-wait must be a number from 0 to 86400, not nan" in run.stderr
    assert b"Traceback" not in run.stderr


# -- 5. the cache path is not trusted blindly ------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            b"2104.12369\n2104.08700\n",
            r"is not a papercorpus cache \(not an SQLite file",
            id="list",
        ),
        pytest.param(
            b"PAR1" + bytes(range(256)) * 4 + b"PAR1", "not an SQLite file", id="parquet-index"
        ),
    ],
)
def test_a_file_papercorpus_did_not_make_is_never_moved(
    content: bytes, message: str, tmp_path: Path, api_url: str
) -> None:
    """A reading list or a snapshot index given as --cache: an error naming it, left as is."""
    cache = tmp_path / "mine.txt"
    cache.write_bytes(content)
    with pytest.raises(EnrichmentError, match=message) as info:
        ArxivEnricher(api_url=api_url, cache=cache, progress=False)
    assert str(cache) in str(info.value)
    assert cache.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]


def test_another_programs_database_gets_no_tables(tmp_path: Path, api_url: str) -> None:
    """An SQLite file of another program: refused, and not a table is added to it."""
    cache = tmp_path / "theirs.db"
    with sqlite3.connect(cache) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
    before = cache.read_bytes()
    with pytest.raises(EnrichmentError, match=r"another program's database \(tables notes\)"):
        ArxivEnricher(api_url=api_url, cache=cache, progress=False)
    assert cache.read_bytes() == before


def test_a_damaged_file_papercorpus_did_not_make_is_left_alone(
    tmp_path: Path, api_url: str
) -> None:
    """An SQLite header over garbage, without papercorpus's mark: an error, nothing moved."""
    cache = tmp_path / "odd.sqlite"
    cache.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(EnrichmentError, match="papercorpus did not make it"):
        ArxivEnricher(api_url=api_url, cache=cache, progress=False)
    assert [p.name for p in tmp_path.iterdir()] == ["odd.sqlite"]


def test_the_rate_limit_file_is_never_opened_through_a_link(tmp_path: Path, api_url: str) -> None:
    """`<cache>.ratelimit` as a link to another file: refused, the target untouched."""
    target = tmp_path / "precious.db"
    with sqlite3.connect(target) as db:
        db.execute("CREATE TABLE schedule (id INTEGER PRIMARY KEY, next REAL)")
    before = target.read_bytes()
    cache = tmp_path / "c.sqlite"
    cache.with_name("c.sqlite.ratelimit").symlink_to(target)
    with pytest.raises(EnrichmentError, match="is a symbolic link"):
        ArxivEnricher(api_url=api_url, cache=cache, progress=False)
    assert target.read_bytes() == before
    dangling = tmp_path / "d.sqlite"
    dangling.with_name("d.sqlite.ratelimit").symlink_to(tmp_path / "nowhere" / "new.db")
    with pytest.raises(EnrichmentError, match="is a symbolic link"):
        ArxivEnricher(api_url=api_url, cache=dangling, progress=False)
    assert not (tmp_path / "nowhere").exists()


def test_an_offline_run_reads_the_cache_without_writing_it(
    fake: FakeArxiv, make_enricher: Make, cache_path: Path
) -> None:
    """--offline opens the cache read-only: nothing written, no rate-limit file, no journal."""
    know(fake, ids(2))
    make_enricher().enrich(ids(2)).report  # noqa: B018
    cache_path.with_name(cache_path.name + ".ratelimit").unlink()
    before = {p.name: p.read_bytes() for p in cache_path.parent.iterdir()}
    cache_path.chmod(0o444)
    cache_path.parent.chmod(0o555)
    try:
        corpus = make_enricher(offline=True).enrich([*ids(2), "2104.00003"])
    finally:
        cache_path.parent.chmod(0o755)
        cache_path.chmod(0o644)
    assert corpus.report.cached == ids(2)
    assert corpus.report.failed == ["2104.00003"]
    assert {p.name: p.read_bytes() for p in cache_path.parent.iterdir()} == before


def test_an_offline_run_without_a_cache_file_makes_none(tmp_path: Path) -> None:
    """Offline with a cache path that does not exist: every id failed, no file made."""
    cache = tmp_path / "none" / "c.sqlite"
    report = ArxivEnricher(cache=cache, offline=True, progress=False).enrich(ids(1)).report
    assert report.failed == ids(1)
    assert not (tmp_path / "none").exists()
