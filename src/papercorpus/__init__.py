"""papercorpus: turn plain-text arXiv listings into a clean, typed paper dataset.

Every public name is imported on first use (PEP 562), so that `import papercorpus` costs
next to nothing and a command or script pays only for the layers it touches: parsing never
loads the HTTP stack, and nothing loads LaTeX rendering until an abstract is rendered.

Examples:
    >>> import papercorpus
    >>> corpus = papercorpus.load_sample()
    >>> corpus["2104.12369"].created
    datetime.date(2021, 4, 26)
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from papercorpus._version import __version__

if TYPE_CHECKING:
    from papercorpus.conversion import convert
    from papercorpus.corpus import Corpus
    from papercorpus.enrichment import (
        ArxivEnricher,
        EnrichedCorpus,
        EnrichmentReport,
        Outcome,
        SearchCorpus,
        SearchReport,
        enrich,
        search,
    )
    from papercorpus.errors import (
        CacheWarning,
        CitationWarning,
        Diagnostic,
        DiagnosticCode,
        EnrichmentError,
        EnrichmentWarning,
        ExportWarning,
        InvalidArxivIdError,
        MissingExtraError,
        NotAListingError,
        OutputError,
        PapercorpusError,
        ParseError,
        ParseWarning,
        SearchWarning,
        SnapshotError,
    )
    from papercorpus.ids import ArxivId, parse_id
    from papercorpus.loading import load, load_sample, sample_files, sample_path
    from papercorpus.models import Author, Paper, Source, Version
    from papercorpus.parsing import iter_papers, parse
    from papercorpus.snapshot import Snapshot

# Silent unless the application configures logging (the library convention).
logging.getLogger("papercorpus").addHandler(logging.NullHandler())

# Each public name, and the module that defines it.
_HOMES = {
    "OutputError": "papercorpus.errors",
    "ArxivEnricher": "papercorpus.enrichment",
    "ArxivId": "papercorpus.ids",
    "Author": "papercorpus.models",
    "CacheWarning": "papercorpus.errors",
    "Corpus": "papercorpus.corpus",
    "Diagnostic": "papercorpus.errors",
    "DiagnosticCode": "papercorpus.errors",
    "EnrichedCorpus": "papercorpus.enrichment",
    "EnrichmentError": "papercorpus.errors",
    "CitationWarning": "papercorpus.errors",
    "EnrichmentWarning": "papercorpus.errors",
    "ExportWarning": "papercorpus.errors",
    "EnrichmentReport": "papercorpus.enrichment",
    "InvalidArxivIdError": "papercorpus.errors",
    "MissingExtraError": "papercorpus.errors",
    "NotAListingError": "papercorpus.errors",
    "Outcome": "papercorpus.enrichment",
    "Paper": "papercorpus.models",
    "PapercorpusError": "papercorpus.errors",
    "ParseError": "papercorpus.errors",
    "ParseWarning": "papercorpus.errors",
    "SearchCorpus": "papercorpus.enrichment",
    "SearchReport": "papercorpus.enrichment",
    "SearchWarning": "papercorpus.errors",
    "Snapshot": "papercorpus.snapshot",
    "SnapshotError": "papercorpus.errors",
    "Source": "papercorpus.models",
    "Version": "papercorpus.models",
    "convert": "papercorpus.conversion",
    "enrich": "papercorpus.enrichment",
    "iter_papers": "papercorpus.parsing",
    "load": "papercorpus.loading",
    "load_sample": "papercorpus.loading",
    "parse": "papercorpus.parsing",
    "parse_id": "papercorpus.ids",
    "sample_files": "papercorpus.loading",
    "sample_path": "papercorpus.loading",
    "search": "papercorpus.enrichment",
}

__all__ = [
    "ArxivEnricher",
    "ArxivId",
    "Author",
    "CacheWarning",
    "CitationWarning",
    "Corpus",
    "Diagnostic",
    "DiagnosticCode",
    "EnrichedCorpus",
    "EnrichmentError",
    "EnrichmentReport",
    "EnrichmentWarning",
    "ExportWarning",
    "InvalidArxivIdError",
    "MissingExtraError",
    "NotAListingError",
    "Outcome",
    "OutputError",
    "Paper",
    "PapercorpusError",
    "ParseError",
    "ParseWarning",
    "SearchCorpus",
    "SearchReport",
    "SearchWarning",
    "Snapshot",
    "SnapshotError",
    "Source",
    "Version",
    "__version__",
    "convert",
    "enrich",
    "iter_papers",
    "load",
    "load_sample",
    "parse",
    "parse_id",
    "sample_files",
    "sample_path",
    "search",
]


def __getattr__(name: str) -> object:
    """Import a public name from its module when first asked for, and keep it."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'papercorpus' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the public API (and the module's own attributes)."""
    return sorted({*globals(), *__all__})
