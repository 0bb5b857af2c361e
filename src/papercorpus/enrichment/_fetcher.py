"""Fetching batches from arXiv: pages, probes, retries, and what each answer lets us say.

`Fetcher.run_batch` turns one batch of canonical identifiers into one `Result` each:

- a page shorter than the batch is followed (`totalResults`, `startIndex`), never taken as
  absence; a page that brings nothing new, or starts elsewhere than asked, ends the answer
  as cut short, and the identifiers it did not cover are asked again;
- each entry counts only under the identifier it carries;
- "not found" is said only of identifiers a whole answer covered; an empty answer is
  checked once with a paper the store knows (a probe) instead of the retry ladder;
- transient faults are retried with backoff, at most `max_retries` times.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from papercorpus._options import MAX_URL_LENGTH
from papercorpus.enrichment._feed import Page
from papercorpus.enrichment._http import page_of
from papercorpus.enrichment._report import OutcomeStatus
from papercorpus.transport import (
    BadRequestError,
    FatalHTTPError,
    StopRunError,
    TransientError,
    WaitTooLongError,
)

if TYPE_CHECKING:
    from papercorpus.enrichment._store import Store
    from papercorpus.models import Entry
    from papercorpus.transport import NetworkSession, RateLimiter

__all__ = ["Fetcher", "Result", "Transport", "attempts"]

log = logging.getLogger("papercorpus.enrich")


@dataclass(frozen=True, slots=True)
class Result:
    """What became of one canonical identifier in this run."""

    status: OutcomeStatus
    entry: Entry | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Transport:
    """What every request of a run goes through, enrich's and search's alike.

    The endpoint, the session (cache, deadline, size cap), the machine-wide rate limit, the
    per-identifier store, and the retry policy.
    """

    api_url: str
    session: NetworkSession
    limiter: RateLimiter
    store: Store | None
    delay_seconds: float
    max_retries: int
    max_wait: float

    def back_off(self, attempt: int, retry_after: float | None, reason: str) -> None:
        """Let nobody send before retry `attempt`'s backoff (or the server's Retry-After).

        Raises:
            WaitTooLongError: the server asked for a longer wait than `max_wait`.
        """
        if retry_after is not None and retry_after > self.max_wait:
            raise WaitTooLongError(
                f"{reason}, and arXiv asked to wait {retry_after:.0f} s (Retry-After), "
                f"more than max_wait ({self.max_wait:g} s)"
            )
        wait = min(
            max(self.delay_seconds * 2.0 ** (attempt - 1), retry_after or 0.0), self.max_wait
        )
        log.info("retry %d of %d after %s: waiting %.1f s", attempt, self.max_retries, reason, wait)
        self.limiter.defer(wait)


class Fetcher:
    """Asks arXiv for batches of identifiers through a `Transport`."""

    def __init__(self, transport: Transport, *, batch_size: int) -> None:
        """Hold the run's transport and its batch size."""
        self.transport = transport
        self.batch_size = batch_size

    def query_url(self, ids: list[str], start: int = 0) -> str:
        """The URL of one page of an `id_list` query, as arXiv's API documents it."""
        query = {"search_query": "", "id_list": ",".join(ids), "start": start}
        return f"{self.transport.api_url}?{urlencode({**query, 'max_results': len(ids)})}"

    def batches(self, ids: list[str]) -> Iterator[list[str]]:
        """Cut identifiers into batches of `batch_size`, shorter where the URL would be long."""
        for start in range(0, len(ids), self.batch_size):
            batch = ids[start : start + self.batch_size]
            while batch:
                size = len(batch)
                while size > 1 and len(self.query_url(batch[:size])) > MAX_URL_LENGTH:
                    size //= 2
                yield batch[:size]
                batch = batch[size:]

    def _page(self, ids: list[str], start: int) -> Page:
        response = self.transport.session.get(self.query_url(ids, start))
        if getattr(response, "from_cache", False):
            log.info("HTTP cache: answered %d ids without a request", len(ids))
        return page_of(response)

    def _ask(self, ids: list[str]) -> tuple[dict[str, Entry], list[str], bool]:
        """Every page of one query: the entries by id, foreign ids, and whether it was whole.

        A page shorter than the batch is not the end: arXiv says, in totalResults, how many
        results there are; the next page starts where this one stopped.
        """
        found: dict[str, Entry] = {}
        foreign: list[str] = []
        start = 0
        for _ in range(len(ids) + 1):  # every page brings one new entry at least
            page = self._page(ids, start)
            new = [e for e in page.entries if e.id.canonical not in found]
            for entry in new:
                found[entry.id.canonical] = entry
            foreign.extend(page.foreign)
            if page.start == start and page.is_complete:
                return found, foreign, True
            if page.start != start or not new:
                # More promised but nothing new sent, or a page from elsewhere than asked
                # (a server that ignores `start`): no answer about the rest.
                return found, foreign, False
            start += len(page.entries)
            log.info(
                "page of %d ids: %d of %s results, asking from %d",
                len(ids),
                start,
                page.total,
                start,
            )
        return found, foreign, False

    def run_batch(self, batch: list[str], results: dict[str, Result]) -> None:  # noqa: C901, PLR0912, PLR0915
        """Fetch one batch with retries; record an outcome for each of its identifiers."""
        pending = list(batch)
        attempt = 0
        probe: str | None = None
        while pending:
            asked = [*pending, probe] if probe else pending
            try:
                found, foreign, whole = self._ask(asked)
            except BadRequestError as exc:
                pending = self._after_bad_request(pending, exc, results)
                continue
            except TransientError as exc:
                attempt += 1
                if attempt > self.transport.max_retries:
                    self._settle(
                        pending,
                        results,
                        Result("failed", reason=f"{exc.reason} after {attempts(attempt)}"),
                    )
                    return
                self.transport.back_off(attempt, exc.retry_after, exc.reason)
                continue
            except FatalHTTPError as exc:
                self._settle(pending, results, Result("failed", reason=exc.reason))
                if isinstance(exc, StopRunError):
                    raise  # every other batch would meet the same: the run stops
                return
            # Each entry counts only under the identifier it carries.
            mine = {key: found[key] for key in pending if key in found}
            for key, entry in mine.items():
                results[key] = Result("enriched", entry)
            rest = [key for key in pending if key not in mine]
            if not rest:
                self._keep(list(mine.values()), [], results)
                return
            strangers = [key for key in found if key not in asked] + foreign
            if whole and strangers:
                reason = f"arXiv answered with other papers ({', '.join(strangers[:3])})"
                self._keep(list(mine.values()), [], results)
                self._settle(rest, results, Result("failed", reason=reason))
                return
            if whole and (mine or (probe is not None and probe in found)):
                # A real answer that covers every identifier asked for: the rest are absent.
                self._keep(list(mine.values()), rest, results)
                self._settle(
                    rest, results, Result("not_found", reason="no entry in arXiv's answer")
                )
                return
            self._keep(list(mine.values()), [], results)
            pending = rest
            if whole and probe is None and self.transport.store is not None:
                # Nothing at all for the batch: unknown papers, or arXiv in trouble? Ask again
                # with a paper arXiv surely has; its answer tells which.
                probe = self.transport.store.any_known()
                if probe is not None and probe not in pending:
                    log.info(
                        "empty answer for %d ids: asking again with %s as a probe",
                        len(pending),
                        probe,
                    )
                    continue
                probe = None
            attempt += 1
            if attempt > self.transport.max_retries:
                if whole:  # always empty, and nothing to tell absent from trouble
                    reason = f"no entry in {attempt} answers (not cached: arXiv may be in trouble)"
                    self._settle(pending, results, Result("not_found", reason=reason))
                else:
                    reason = f"arXiv's answer ended early, {attempt} times"
                    self._settle(pending, results, Result("failed", reason=reason))
                return
            self.transport.back_off(
                attempt, None, "empty answer" if whole else "answer ended early"
            )

    @staticmethod
    def _settle(keys: list[str], results: dict[str, Result], result: Result) -> None:
        for key in keys:
            results[key] = result

    def _keep(self, entries: list[Entry], absent: list[str], results: dict[str, Result]) -> None:
        """Store what an answer said; where the store fails, the outcome says so."""
        if self.transport.store is None:
            return
        problem = self.transport.store.keep(entries, absent)
        if problem is None:
            return
        for key in [e.id.canonical for e in entries]:
            results[key] = Result("enriched", results[key].entry, problem)
        for key in absent:
            results[key] = Result("not_found", reason=f"no entry in arXiv's answer; {problem}")

    def _after_bad_request(
        self, pending: list[str], exc: BadRequestError, results: dict[str, Result]
    ) -> list[str]:
        """Drop the identifier arXiv blamed, or split the batch; return what is left to ask."""
        culprit = exc.culprit
        if culprit is not None and culprit in pending:
            results[culprit] = Result("invalid", reason=f"arXiv: incorrect id format for {culprit}")
            return [key for key in pending if key != culprit]
        if len(pending) == 1:
            results[pending[0]] = Result("invalid", reason=f"arXiv rejected it ({exc.reason})")
            return []
        # Nobody named (or a 414): ask for each half on its own.
        half = len(pending) // 2
        self.run_batch(pending[:half], results)
        return pending[half:]


def attempts(count: int) -> str:
    """`1 attempt`, `2 attempts`."""
    return "1 attempt" if count == 1 else f"{count} attempts"
