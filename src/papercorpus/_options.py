"""The enricher's options: their defaults, their checks, and the typed keywords of `enrich()`."""

from __future__ import annotations

import datetime as dt
import math
import os
from enum import Enum
from pathlib import Path
from typing import Final

from papercorpus.errors import EnrichmentError

__all__ = [
    "API_URL_ENV",
    "CACHE_ENV",
    "DEFAULT_API_URL",
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_CACHE",
    "DEFAULT_DELAY_SECONDS",
    "DEFAULT_EXPIRE_AFTER",
    "DEFAULT_MAX_ANSWER_BYTES",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_MAX_WAIT",
    "DEFAULT_NOT_FOUND_EXPIRE_AFTER",
    "DEFAULT_TIMEOUT",
    "MAX_BATCH_SIZE",
    "MAX_URL_LENGTH",
    "check_options",
    "default_cache_path",
    "seconds",
]

DEFAULT_API_URL: Final = "https://export.arxiv.org/api/query"
API_URL_ENV: Final = "PAPERCORPUS_ARXIV_API_URL"
CACHE_ENV: Final = "PAPERCORPUS_CACHE"
DEFAULT_BATCH_SIZE: Final = 100
DEFAULT_DELAY_SECONDS: Final = 3.0  # arXiv's terms of use: one request every three seconds
DEFAULT_MAX_RETRIES: Final = 3
DEFAULT_TIMEOUT: Final = 30.0  # seconds for a whole request, connect to last byte
#: The longest pause a run makes (a Retry-After, a backoff, the shared schedule): past it,
#: the run stops and says so, instead of sleeping for as long as a server asks.
DEFAULT_MAX_WAIT: Final = 600.0
DEFAULT_EXPIRE_AFTER: Final = dt.timedelta(days=30)
#: "Not found" is kept for less: a paper announced tomorrow must show up then.
DEFAULT_NOT_FOUND_EXPIRE_AFTER: Final = dt.timedelta(hours=12)
#: The most an answer may hold once decoded: 100 entries are about 300 KB.
DEFAULT_MAX_ANSWER_BYTES: Final = 64 * 1024 * 1024
#: arXiv answers 414 somewhere past 600 identifiers (about 8 KB of URL); stay well below.
MAX_URL_LENGTH: Final = 6000
MAX_BATCH_SIZE: Final = 2000  # the API's page limit
_MAX_DELAY = 3600.0
_MAX_RETRIES = 20


class Default(Enum):
    """The marker for "the default cache location"."""

    CACHE = "the user cache directory"


#: `cache=DEFAULT_CACHE` keeps the cache in `$PAPERCORPUS_CACHE` or the user cache directory.
DEFAULT_CACHE: Final = Default.CACHE


def default_cache_path() -> Path:
    """Where the HTTP cache lives unless told otherwise.

    `PAPERCORPUS_CACHE` names the file, if set; else `arxiv-http.sqlite` in the user cache
    directory (platformdirs).
    """
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    import platformdirs  # noqa: PLC0415 (only a run with the default cache asks)

    return Path(platformdirs.user_cache_dir("papercorpus")) / "arxiv-http.sqlite"


def seconds(value: float | dt.timedelta | None, name: str) -> float | None:
    """An expiry in seconds (None: never), checked.

    Raises:
        EnrichmentError: negative, infinite or not a number.
    """
    if value is None:
        return None
    number = value.total_seconds() if isinstance(value, dt.timedelta) else value
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        raise EnrichmentError(f"{name} must be seconds, a timedelta or None, not {value!r}")
    if not math.isfinite(number) or number < 0:
        raise EnrichmentError(f"{name} must be a finite number of seconds >= 0, not {value!r}")
    return float(number)


def _number(value: object, name: str, low: float, high: float, *, whole: bool = False) -> None:
    kind = int if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kind):
        noun = "a whole number" if whole else "a number"
        raise EnrichmentError(f"{name} must be {noun} from {low:g} to {high:g}, not {value!r}")
    if not (math.isfinite(value) and low <= value <= high):
        noun = "a whole number" if whole else "a number"
        raise EnrichmentError(f"{name} must be {noun} from {low:g} to {high:g}, not {value!r}")


def check_options(  # noqa: PLR0913 (each option by name)
    *,
    batch_size: object,
    delay_seconds: object,
    max_retries: object,
    timeout: object,
    max_answer_bytes: object,
    max_wait: object = DEFAULT_MAX_WAIT,
) -> None:
    """Refuse option values that make no sense, before anything runs or is written.

    `nan` or `inf` would switch the rate limit off or poison the schedule shared with other
    processes; zero or negative timeouts and batch sizes cannot be met.

    Raises:
        EnrichmentError: the first bad value, named with what it must be.
    """
    _number(batch_size, "batch_size", 1, MAX_BATCH_SIZE, whole=True)
    _number(delay_seconds, "delay_seconds", 0, _MAX_DELAY)
    _number(max_retries, "max_retries", 0, _MAX_RETRIES, whole=True)
    _number(max_answer_bytes, "max_answer_bytes", 1024, 2**40, whole=True)
    _number(max_wait, "max_wait", 0, 24 * 3600)
    if timeout is not None:
        _number(timeout, "timeout", 0.001, 24 * 3600)
