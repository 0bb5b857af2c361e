"""Enrich papers from the arXiv API: `enrich()`, `ArxivEnricher` and the report they give."""

from papercorpus.enrichment._enricher import ArxivEnricher, EnrichedCorpus, enrich
from papercorpus.enrichment._options import (
    API_URL_ENV,
    CACHE_ENV,
    DEFAULT_API_URL,
    DEFAULT_BATCH_SIZE,
    DEFAULT_CACHE,
    DEFAULT_DELAY_SECONDS,
    DEFAULT_EXPIRE_AFTER,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    EnrichOptions,
    default_cache_path,
)
from papercorpus.enrichment._report import STATUSES, EnrichmentReport, Outcome, Status

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
    "STATUSES",
    "ArxivEnricher",
    "EnrichOptions",
    "EnrichedCorpus",
    "EnrichmentReport",
    "Outcome",
    "Status",
    "default_cache_path",
    "enrich",
]
