"""Enrich papers from the arXiv API: `enrich()`, `ArxivEnricher` and the report they give.

The options' defaults are documented on `ArxivEnricher`; `PAPERCORPUS_ARXIV_API_URL` and
`PAPERCORPUS_CACHE` set the endpoint and the cache file for every run.
"""

from papercorpus.enrichment._enricher import ArxivEnricher, EnrichedCorpus, enrich
from papercorpus.enrichment._options import default_cache_path
from papercorpus.enrichment._report import EnrichmentReport, Outcome, Status

__all__ = [
    "ArxivEnricher",
    "EnrichedCorpus",
    "EnrichmentReport",
    "Outcome",
    "Status",
    "default_cache_path",
    "enrich",
]
