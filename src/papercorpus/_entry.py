"""What a metadata source says about one paper (`Entry`), and the Paper fields it fills."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from papercorpus._parts import Author, Version, withdrawn_by_comment
from papercorpus._text import squash, squashed_field, squashed_lines_field
from papercorpus.dois import split_dois
from papercorpus.ids import ArxivId

if TYPE_CHECKING:
    import arxiv

__all__ = ["Entry", "entry_values"]


def _same(value: str | None) -> str | None:
    return value or None


@dataclass(frozen=True, slots=True)
class Entry:
    """What a metadata source (the arXiv API, the bundled sample) says about one paper."""

    id: ArxivId  # with the latest version
    title: str
    authors: tuple[Author, ...]
    summary: str | None
    comment: str | None
    journal_ref: str | None
    doi: str | None
    primary_category: str | None
    categories: tuple[str, ...]
    published: dt.date | None
    updated: dt.date | None
    versions: tuple[Version, ...] = ()  # oldest first; the API lists none
    withdrawn: bool = False  # the current version is a withdrawal (source type I)

    @classmethod
    def from_arxiv_result(cls, result: arxiv.Result) -> Entry:
        """Read an `arxiv.Result` (its short id may carry a version) by its attributes.

        Raises:
            InvalidArxivIdError: the result's id is not an arXiv identifier.
        """
        return cls(
            id=ArxivId.parse(result.get_short_id()),
            title=squash(result.title),
            authors=tuple(
                Author(name=author.name, affiliations=tuple(author.affiliation))
                for author in result.authors
            ),
            summary=squash(result.summary) or None,
            # arXiv hard-wraps a comment at ~80 columns: one comment, one line.
            comment=squash(result.comment or "") or None,
            journal_ref=result.journal_ref or None,
            doi=result.doi or None,
            primary_category=result.primary_category or None,
            categories=tuple(result.categories),
            published=_result_date(result.published),
            updated=_result_date(result.updated),
        )


def _result_date(value: dt.datetime | None) -> dt.date | None:
    if value is None or value == dt.datetime.min:  # noqa: DTZ901 (arxiv's naive "no date")
        return None
    return value.date()


def entry_values(entry: Entry, *, squashed: bool) -> dict[str, Any]:
    """The paper fields an entry fills, text normalised as validation would; none empty."""
    text, lines = (_same, _same) if squashed else (squashed_field, squashed_lines_field)
    dois = split_dois(entry.doi)  # arXiv's DOI field may hold several
    values: dict[str, Any] = {
        "title": text(entry.title),
        "authors": entry.authors,
        "categories": entry.categories,
        "primary_category": entry.primary_category,
        "published": entry.published,
        "updated": entry.updated,
        "journal_ref": text(entry.journal_ref),
        "abstract": text(entry.summary),
        "comments": lines(entry.comment),
        "doi": dois[0] if dois else None,
        "dois": dois,
        "created": entry.published,  # the date of the first version
        "versions": entry.versions,
    }
    values = {name: value for name, value in values.items() if value not in (None, (), "")}
    # An index's entry says it already (`squashed`); another's comment may say so.
    if entry.withdrawn or (not squashed and withdrawn_by_comment(entry.comment)):
        values["withdrawn"] = True
    return values
