"""papercorpus: turn plain-text arXiv listings into a clean, typed paper dataset.

Examples:
    >>> import papercorpus
    >>> corpus = papercorpus.load_sample()
    >>> corpus["2104.12369"].created
    datetime.date(2021, 4, 26)
"""

from typing import TYPE_CHECKING

from papercorpus._version import __version__
from papercorpus.corpus import Corpus, load, load_sample
from papercorpus.errors import (
    Diagnostic,
    EnrichmentError,
    InvalidArxivIdError,
    PapercorpusError,
    ParseError,
    ParseWarning,
)
from papercorpus.ids import ArxivId, parse_id
from papercorpus.models import Author, Paper, Source
from papercorpus.parsing import iter_papers, parse

if TYPE_CHECKING:
    from papercorpus.enrichment import ArxivEnricher, EnrichmentReport, Outcome, enrich

# The enricher pulls in requests, requests-cache, lxml and arxiv: import it on first use,
# so that parsing a listing starts fast.
_LAZY = {
    "ArxivEnricher": "papercorpus.enrichment",
    "EnrichmentReport": "papercorpus.enrichment",
    "Outcome": "papercorpus.enrichment",
    "enrich": "papercorpus.enrichment",
}


def __getattr__(name: str) -> object:
    """Import the enricher's names when first asked for."""
    if name in _LAZY:
        import importlib  # noqa: PLC0415

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'papercorpus' has no attribute {name!r}")


__all__ = [
    "ArxivEnricher",
    "ArxivId",
    "Author",
    "Corpus",
    "Diagnostic",
    "EnrichmentError",
    "EnrichmentReport",
    "InvalidArxivIdError",
    "Outcome",
    "Paper",
    "PapercorpusError",
    "ParseError",
    "ParseWarning",
    "Source",
    "__version__",
    "enrich",
    "iter_papers",
    "load",
    "load_sample",
    "parse",
    "parse_id",
]
