"""papercorpus: turn plain-text arXiv listings into a clean, typed paper dataset.

Examples:
    >>> import papercorpus
    >>> corpus = papercorpus.load_sample()
    >>> corpus["2104.12369"].created
    datetime.date(2021, 4, 26)
"""

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

__all__ = [
    "ArxivId",
    "Author",
    "Corpus",
    "Diagnostic",
    "EnrichmentError",
    "InvalidArxivIdError",
    "Paper",
    "PapercorpusError",
    "ParseError",
    "ParseWarning",
    "Source",
    "__version__",
    "iter_papers",
    "load",
    "load_sample",
    "parse",
    "parse_id",
]
