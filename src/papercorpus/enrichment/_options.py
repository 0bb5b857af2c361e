"""The enricher's options: their defaults, and the typed keywords of `enrich()`."""

from __future__ import annotations

import datetime as dt
import os
from enum import Enum
from pathlib import Path
from typing import Final, TypedDict

import platformdirs

__all__ = [
    "API_URL_ENV",
    "CACHE_ENV",
    "DEFAULT_API_URL",
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_CACHE",
    "DEFAULT_DELAY_SECONDS",
    "DEFAULT_EXPIRE_AFTER",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "MAX_BATCH_SIZE",
    "MAX_URL_LENGTH",
    "EnrichOptions",
    "default_cache_path",
]

DEFAULT_API_URL: Final = "https://export.arxiv.org/api/query"
API_URL_ENV: Final = "PAPERCORPUS_ARXIV_API_URL"
CACHE_ENV: Final = "PAPERCORPUS_CACHE"
DEFAULT_BATCH_SIZE: Final = 100
DEFAULT_DELAY_SECONDS: Final = 3.0  # arXiv's terms of use: one request every three seconds
DEFAULT_MAX_RETRIES: Final = 3
DEFAULT_TIMEOUT: Final = 30.0
DEFAULT_EXPIRE_AFTER: Final = dt.timedelta(days=30)
#: arXiv answers 414 somewhere past 600 identifiers (about 8 KB of URL); stay well below.
MAX_URL_LENGTH: Final = 6000
MAX_BATCH_SIZE: Final = 2000  # the API's page limit


class Default(Enum):
    """The marker for "the default cache location"."""

    CACHE = "the user cache directory"


#: `cache=DEFAULT_CACHE` keeps the cache in the user cache directory (platformdirs).
DEFAULT_CACHE: Final = Default.CACHE


def default_cache_path() -> Path:
    """Where the HTTP cache lives unless told otherwise.

    `PAPERCORPUS_CACHE` names the file, if set; else `arxiv-http.sqlite` in the user cache
    directory (platformdirs).
    """
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_cache_dir("papercorpus")) / "arxiv-http.sqlite"


class EnrichOptions(TypedDict, total=False):
    """The keyword options of `ArxivEnricher`, for `enrich(items, **options)`."""

    api_url: str | None
    cache: str | os.PathLike[str] | Default | None
    expire_after: float | dt.timedelta | None
    batch_size: int
    delay_seconds: float
    max_retries: int
    timeout: float | None
    offline: bool
    overwrite: bool
    progress: bool | None
