"""Enrich papers from the arXiv API and search it: `enrich()`, `search()`, `ArxivEnricher`.

The options' defaults are documented on `ArxivEnricher`; `PAPERCORPUS_ARXIV_API_URL` and
`PAPERCORPUS_CACHE` set the endpoint and the cache file for every run.
"""

from papercorpus._options import default_cache_path
from papercorpus.enrichment._api import enrich, search
from papercorpus.enrichment._enricher import ArxivEnricher
from papercorpus.enrichment._report import EnrichmentReport, Outcome, Outcomes, OutcomeStatus
from papercorpus.enrichment._results import EnrichedCorpus, SearchCorpus
from papercorpus.enrichment._search import SearchReport

__all__ = [
    "ArxivEnricher",
    "EnrichedCorpus",
    "EnrichmentReport",
    "Outcome",
    "OutcomeStatus",
    "Outcomes",
    "SearchCorpus",
    "SearchReport",
    "default_cache_path",
    "enrich",
    "search",
]

#: The former name of `OutcomeStatus`, kept for code written against 0.1 (not in `__all__`:
#: `papercorpus.derive.Status` is a Paper's status).
Status = OutcomeStatus
