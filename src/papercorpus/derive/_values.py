"""Every derived value of a paper at once, from its stored fields: one pure function."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from papercorpus.derive._counts import count_values
from papercorpus.derive._links import code_url, find_urls
from papercorpus.derive._plain import latex_to_text, render_squashed
from papercorpus.derive._related import find_related_ids
from papercorpus.derive._status import find_status
from papercorpus.derive._venues import find_venue
from papercorpus.ids import ABS_URL, PDF_URL, issued

if TYPE_CHECKING:
    from collections.abc import Sequence

    from papercorpus.derive._status import Status

__all__ = ["Derived", "derived_columns", "derived_values"]


class Derived(NamedTuple):
    """A paper's derived values, named as `Paper`'s derived fields, in their order."""

    abstract_text: str | None
    title_text: str | None
    urls: tuple[str, ...]
    code_url: str | None
    pages: int | None
    figures: int | None
    tables: int | None
    venue: str | None
    venue_year: int | None
    status: Status | None
    related_ids: tuple[str, ...]
    abs_url: str
    pdf_url: str
    year: int
    month: int


def derived_values(  # noqa: PLR0913 (the five fields it reads, and one flag)
    arxiv_id: str,
    version: int | None,
    abstract: str | None,
    title: str | None,
    comments: str | None,
    *,
    squashed: bool = False,
) -> Derived:
    """Every derived field of a paper with these stored fields, as a `Derived` record.

    A pure function of its arguments (the tables it reads are immutable): equal papers
    always have equal derived values. `squashed=True` says the abstract and the title are
    squashed already, as a Paper's are: they are not checked again.
    """
    urls = tuple(find_urls(abstract, comments))
    written = arxiv_id if version is None else f"{arxiv_id}v{version}"  # as `ArxivId` writes it
    return Derived._make(
        (
            latex_to_text(abstract, squashed=squashed) if abstract else None,
            latex_to_text(title, squashed=squashed) if title else None,
            urls,
            code_url(urls) if urls else None,
            *count_values(comments),
            *find_venue(comments),
            find_status(comments),
            tuple(find_related_ids(comments, own=arxiv_id)) if comments else (),
            ABS_URL + written,
            PDF_URL + written,
            *issued(arxiv_id),
        )
    )


def derived_columns(  # noqa: PLR0913 (the five fields it reads, and one flag)
    arxiv_ids: Sequence[str],
    versions: Sequence[int | None],
    abstracts: Sequence[str | None],
    titles: Sequence[str | None],
    comments: Sequence[str | None],
    *,
    squashed: bool = False,
) -> dict[str, list[Any]]:
    """`derived_values` of many papers, a column a field: each field's values, in order.

    The bulk form, for exports: the same functions, each run down its column, with no
    record a paper to make and transpose. `derived_values` keeps its own body because a
    paper at a time (a derived property, a JSON dump) would pay a call a field through
    this one. A property test holds the two equal.
    """
    text = render_squashed if squashed else latex_to_text
    urls = [tuple(find_urls(a, c)) for a, c in zip(abstracts, comments, strict=True)]
    counts = [count_values(c) for c in comments]
    venues = [find_venue(c) for c in comments]
    written = [i if v is None else f"{i}v{v}" for i, v in zip(arxiv_ids, versions, strict=True)]
    issues = [issued(i) for i in arxiv_ids]
    return dict(  # noqa: C408 (named as Derived's fields)
        abstract_text=[text(a) if a else None for a in abstracts],
        title_text=[text(t) if t else None for t in titles],
        urls=urls,
        code_url=[code_url(u) if u else None for u in urls],
        pages=[c[0] for c in counts],
        figures=[c[1] for c in counts],
        tables=[c[2] for c in counts],
        venue=[v[0] for v in venues],
        venue_year=[v[1] for v in venues],
        status=[find_status(c) for c in comments],
        related_ids=[
            tuple(find_related_ids(c, own=i)) if c else ()
            for i, c in zip(arxiv_ids, comments, strict=True)
        ],
        abs_url=[ABS_URL + w for w in written],
        pdf_url=[PDF_URL + w for w in written],
        year=[y for y, _ in issues],
        month=[m for _, m in issues],
    )
