"""Every derived value of a paper at once, from its stored fields: one pure function."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from papercorpus.derive._counts import count_values
from papercorpus.derive._links import code_url, find_urls
from papercorpus.derive._plain import latex_to_text
from papercorpus.derive._related import find_related_ids
from papercorpus.derive._status import find_status
from papercorpus.derive._venues import find_venue
from papercorpus.ids import ABS_URL, PDF_URL, issued

if TYPE_CHECKING:
    from papercorpus.derive._status import Status

__all__ = ["Derived", "derived_values"]


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
