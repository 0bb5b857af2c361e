"""Derived values: pure functions of a paper's text, behind `Paper`'s derived fields.

Each takes text (an abstract, a title, comments) and returns a value; none keeps state
about a paper. `Paper.venue` is `find_venue(paper.comments)[0]`, and so on.
"""

from papercorpus.derive._counts import count_values, find_counts
from papercorpus.derive._links import CODE_HOSTS, code_url, find_urls
from papercorpus.derive._plain import latex_to_text
from papercorpus.derive._related import find_related_ids
from papercorpus.derive._status import Status, find_status
from papercorpus.derive._tex import MATH_SYMBOLS
from papercorpus.derive._values import Derived, derived_columns, derived_values
from papercorpus.derive._venues import VENUES, Venue, find_venue

__all__ = [
    "CODE_HOSTS",
    "MATH_SYMBOLS",
    "VENUES",
    "Derived",
    "Status",
    "Venue",
    "code_url",
    "count_values",
    "derived_columns",
    "derived_values",
    "find_counts",
    "find_related_ids",
    "find_status",
    "find_urls",
    "find_venue",
    "latex_to_text",
]
