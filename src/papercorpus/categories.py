"""arXiv's category taxonomy: the names a paper's `categories` hold, and a check with a hint.

Examples:
    >>> check_categories(["cs.LG", "hep-th"])
    ['cs.LG', 'hep-th']
    >>> check_categories(["cs.lg"])
    Traceback (most recent call last):
    ...
    ValueError: unknown arXiv category 'cs.lg': did you mean 'cs.LG'?
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Final

__all__ = ["CATEGORIES", "check_categories"]


def _group(archive: str, subjects: str) -> set[str]:
    return {f"{archive}.{subject}" for subject in subjects.split()}


#: Every category of arXiv's taxonomy (https://arxiv.org/category_taxonomy), and the names
#: of the archives that older papers list without a subject class (`hep-th`, `astro-ph`,
#: `cond-mat`, `chao-dyn`...).
CATEGORIES: Final = frozenset(
    {
        *_group("cs", "AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO "
                      "MA MM MS NA NE NI OH OS PF PL RO SC SD SE SI SY"),
        *_group("econ", "EM GN TH"),
        *_group("eess", "AS IV SP SY"),
        *_group("math", "AC AG AP AT CA CO CT CV DG DS FA GM GN GR GT HO IT KT LO MG MP NA NT "
                        "OA OC PR QA RA RT SG SP ST"),
        *_group("astro-ph", "CO EP GA HE IM SR"),
        *_group("cond-mat", "dis-nn mes-hall mtrl-sci other quant-gas soft stat-mech str-el "
                            "supr-con"),
        *_group("nlin", "AO CD CG PS SI"),
        *_group("physics", "acc-ph ao-ph app-ph atm-clus atom-ph bio-ph chem-ph class-ph "
                           "comp-ph data-an ed-ph flu-dyn gen-ph geo-ph hist-ph ins-det med-ph "
                           "optics plasm-ph pop-ph soc-ph space-ph"),
        *_group("q-bio", "BM CB GN MN NC OT PE QM SC TO"),
        *_group("q-fin", "CP EC GN MF PM PR RM ST TR"),
        *_group("stat", "AP CO ME ML OT TH"),
        "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math-ph", "nucl-ex", "nucl-th",
        "quant-ph",
        # Archives older papers name alone, and archives arXiv has since merged.
        "astro-ph", "cond-mat", "physics", "nlin", "math", "cs", "q-bio", "stat",
        "acc-phys", "adap-org", "alg-geom", "ao-sci", "atom-ph", "bayes-an", "chao-dyn",
        "chem-ph", "cmp-lg", "comp-gas", "dg-ga", "funct-an", "mtrl-th", "patt-sol",
        "plasm-ph", "q-alg", "solv-int", "supr-con",
    }
)  # fmt: skip
_BY_CASE: Final = {name.lower(): name for name in CATEGORIES}


def check_categories(names: Iterable[str]) -> list[str]:
    """The names, checked against arXiv's taxonomy.

    Raises:
        ValueError: a name that is no arXiv category, with the likeliest one meant.
    """
    checked = []
    for name in names:
        if name in CATEGORIES:
            checked.append(name)
            continue
        meant = _BY_CASE.get(name.strip().lower())
        if meant is None:
            close = difflib.get_close_matches(name.strip(), sorted(CATEGORIES), n=1, cutoff=0.75)
            meant = close[0] if close else None
        hint = (
            f": did you mean {meant!r}?"
            if meant
            else (" (arXiv's categories: https://arxiv.org/category_taxonomy)")
        )
        raise ValueError(f"unknown arXiv category {name!r}{hint}")
    return checked
