"""arXiv's identifier scheme as one pattern: archives, months, and digits by period.

One pattern for DuckDB (RE2) and Python (`re`) alike, so that both always agree;
`papercorpus.ids` reads identifiers with it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

__all__ = [
    "ABS_URL",
    "FIRST_NEW_STYLE",
    "FIVE_DIGITS_FROM",
    "ID_PATTERN",
    "MAX_VERSION_DIGITS",
    "OLD_STYLE_ARCHIVES",
    "OLD_STYLE_DIGITS",
    "PDF_URL",
    "issued",
]

FIRST_NEW_STYLE = 704  # April 2007: the first YYMM of new-style identifiers
FIVE_DIGITS_FROM = 1501  # January 2015: new-style numbers have five digits from then
OLD_STYLE_DIGITS = 7  # YYMMNNN
MAX_VERSION_DIGITS = 4  # v9999

#: Archives that issued old-style identifiers (`archive/YYMMNNN`) before April 2007.
OLD_STYLE_ARCHIVES = frozenset(
    {
        "acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an",
        "chao-dyn", "chem-ph", "cmp-lg", "comp-gas", "cond-mat", "cs", "dg-ga", "funct-an",
        "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math", "math-ph", "mtrl-th", "nlin",
        "nucl-ex", "nucl-th", "patt-sol", "physics", "plasm-ph", "q-alg", "q-bio", "quant-ph",
        "solv-int", "supr-con",
    }
)  # fmt: skip


def _nonzero(digits: int) -> str:
    """`digits` ASCII digits, not all zero (arXiv numbers papers from 1)."""
    return (
        "(?:" + "|".join(f"[0-9]{{{i}}}[1-9][0-9]{{{digits - i - 1}}}" for i in range(digits)) + ")"
    )


_MONTH = "(?:0[1-9]|1[0-2])"
#: A base identifier in arXiv's scheme, exactly as `ArxivId.parse` accepts one written bare:
#: one pattern for DuckDB (RE2) and Python (`re`) alike, so that both always agree.
ID_PATTERN: Final = (
    # new style: 0704-1412 with four digits, 1501 on with five
    f"(?:07(?:0[4-9]|1[0-2])|(?:0[89]|1[0-4]){_MONTH})\\.{_nonzero(4)}"
    f"|(?:1[5-9]|[2-9][0-9]){_MONTH}\\.{_nonzero(5)}"
    # old style: archive(.XX)/YYMMNNN, from 9107 to 0703
    f"|(?:{'|'.join(sorted(OLD_STYLE_ARCHIVES))})(?:\\.[A-Z]{{2}})?/"
    f"(?:91(?:0[7-9]|1[0-2])|9[2-9]{_MONTH}|0[0-6]{_MONTH}|070[1-3]){_nonzero(3)}"
)


#: Where an identifier's abstract page and PDF are: the identifier (with its version) follows.
ABS_URL: Final = "https://arxiv.org/abs/"
PDF_URL: Final = "https://arxiv.org/pdf/"


def issued(base: str) -> tuple[int, int]:
    """The year and month a valid base identifier was issued (`ArxivId.year`, `.month`).

    Examples:
        >>> issued("2104.12369"), issued("hep-th/9901001")
        ((2021, 4), (1999, 1))
    """
    slash = base.find("/")
    return _issued(base[slash + 1 : slash + 5], old_style=slash >= 0)


@lru_cache(maxsize=1024)  # one a month of arXiv's history
def _issued(yymm: str, *, old_style: bool) -> tuple[int, int]:
    yy = int(yymm[:2])
    return (1900 + yy if old_style and yy >= 91 else 2000 + yy), int(yymm[2:])
