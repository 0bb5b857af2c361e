"""The typed records: `Paper`, `Author`, `Source`, and the `Entry` a metadata source gives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, computed_field, model_validator
from typing_extensions import Self

from papercorpus import _html
from papercorpus._entry import Entry, entry_values
from papercorpus._parts import Author, Source, Version
from papercorpus._text import shorten, squashed_field, squashed_lines_field
from papercorpus._trusted import forget, held, keep, stored, trusted, updated
from papercorpus.derive import Derived, Status, derived_values
from papercorpus.dois import all_dois
from papercorpus.ids import ArxivId

if TYPE_CHECKING:
    import arxiv

__all__ = [
    "DERIVED_FIELDS",
    "Author",
    "Entry",
    "Paper",
    "Source",
    "Version",
    "merge_entry",
    "paper_of_entry",
]

# Where a paper keeps its derived values once made (see `_trusted.keep`).
_DERIVED = "_derived"


def _base_id(value: str) -> str:
    return ArxivId.parse(value).base


# How each text field is normalised (`model_copy` applies it to text it is given).
_TEXT_FIELDS = {
    "abstract": squashed_field,
    "doi": squashed_field,
    "title": squashed_field,
    "journal_ref": squashed_field,
    "comments": squashed_lines_field,
}


#: The highest version an arXiv identifier can name (`v9999`, four digits).
MAX_VERSION = 9999

BaseArxivId = Annotated[str, AfterValidator(_base_id)]
"""A base arXiv identifier as a plain string: any pasted form is normalised, versions dropped."""
Text = Annotated[str | None, AfterValidator(squashed_field)]
"""Free text with its whitespace normalised to single spaces; blank becomes None."""
Comments = Annotated[str | None, AfterValidator(squashed_lines_field)]
"""Comment blocks, one a line, each whitespace-normalised."""


class Paper(BaseModel):
    """One arXiv paper: what a listing says about it, plus what the arXiv API adds.

    Fields a listing carries are `arxiv_id`, `version`, `abstract`, `comments`, `doi` (the
    first of `dois`: arXiv's DOI field may hold several) and `created`; the enricher
    fills `title`, `authors`, `categories`, `primary_category`, `published`, `updated`,
    `journal_ref` and `latest_version`. `source` says where the
    paper's identifier line was.

    A `Paper` is immutable: derive changed copies with `model_copy(update=...)`.

    Examples:
        >>> paper = Paper(arxiv_id="arXiv:2104.12369v2", abstract="Large  models.")
        >>> (paper.arxiv_id, paper.version, paper.abstract)
        ('2104.12369', 2, 'Large models.')
    """

    model_config = ConfigDict(frozen=True)

    arxiv_id: BaseArxivId
    version: int | None = Field(default=None, ge=1, le=MAX_VERSION)
    abstract: Text = None
    comments: Comments = None
    doi: Text = None
    dois: tuple[str, ...] = ()
    created: dt.date | None = None
    title: Text = None
    authors: tuple[Author, ...] = ()
    categories: tuple[str, ...] = ()
    primary_category: str | None = None
    published: dt.date | None = None
    updated: dt.date | None = None
    journal_ref: Text = None
    latest_version: int | None = Field(default=None, ge=1, le=MAX_VERSION)
    versions: tuple[Version, ...] = ()
    withdrawn: bool = False
    source: Source | None = None

    @model_validator(mode="before")
    @classmethod
    def _all_dois(cls, data: object) -> object:
        """`doi` is the first of `dois`: a field of several DOIs (as arXiv gives) is split."""
        if isinstance(data, dict) and ("doi" in data or "dois" in data):
            dois = all_dois(data.get("doi"), data.get("dois", ()))
            if dois is not None:  # else the field validators report the values
                return {**data, "doi": dois[0] if dois else None, "dois": dois}
        return data

    @model_validator(mode="before")
    @classmethod
    def _split_version(cls, data: object) -> object:
        """Take the version from a versioned `arxiv_id` when no `version` is given."""
        if isinstance(data, dict) and data.get("version") is None:
            raw = data.get("arxiv_id")
            if isinstance(raw, (str, ArxivId)):
                try:
                    parsed = ArxivId.parse(raw)
                except ValueError:
                    return data  # the field validator reports it
                if parsed.version is not None:
                    return {**data, "version": parsed.version}
        return data

    @property
    def identifier(self) -> ArxivId:
        """The identifier with the listing's version, as an `ArxivId`."""
        return ArxivId(self.arxiv_id, self.version)

    # -- derived fields: all computed together on first use, cached, part of model_dump() --

    @property
    def _derived(self) -> Derived:
        # Kept on the instance, as `cached_property` does, without the lock it takes on
        # every read before Python 3.12.
        values: Derived | None = held(self, _DERIVED)
        if values is None:
            values = derived_of(self)
            keep(self, _DERIVED, values)
        return values

    @computed_field  # type: ignore[prop-decorator]
    @property
    def abstract_text(self) -> str | None:
        """The abstract as plain Unicode text: LaTeX rendered, unrenderable math kept."""
        return self._derived.abstract_text

    @computed_field  # type: ignore[prop-decorator]
    @property
    def title_text(self) -> str | None:
        """The title as plain Unicode text."""
        return self._derived.title_text

    @computed_field  # type: ignore[prop-decorator]
    @property
    def urls(self) -> tuple[str, ...]:
        """Every http(s) link in the abstract and comments, in order, once."""
        return self._derived.urls

    @computed_field  # type: ignore[prop-decorator]
    @property
    def code_url(self) -> str | None:
        """The first link to a code host (GitHub, GitLab, Bitbucket, Hugging Face...)."""
        return self._derived.code_url

    @computed_field  # type: ignore[prop-decorator]
    @property
    def pages(self) -> int | None:
        """The page count the comments state."""
        return self._derived.pages

    @computed_field  # type: ignore[prop-decorator]
    @property
    def figures(self) -> int | None:
        """The figure count the comments state."""
        return self._derived.figures

    @computed_field  # type: ignore[prop-decorator]
    @property
    def tables(self) -> int | None:
        """The table count the comments state."""
        return self._derived.tables

    @computed_field  # type: ignore[prop-decorator]
    @property
    def venue(self) -> str | None:
        """The conference or journal the comments name (see `papercorpus.derive.VENUES`)."""
        return self._derived.venue

    @computed_field  # type: ignore[prop-decorator]
    @property
    def venue_year(self) -> int | None:
        """The year that goes with `venue` (`CVPR 2021`, `WACV-2021`, `CVPR'21`)."""
        return self._derived.venue_year

    @computed_field  # type: ignore[prop-decorator]
    @property
    def status(self) -> Status | None:
        """accepted, published, camera-ready, submitted or work in progress, per comments."""
        return self._derived.status

    @computed_field  # type: ignore[prop-decorator]
    @property
    def related_ids(self) -> tuple[str, ...]:
        """ArXiv identifiers named in the comments (admin notes, companion papers)."""
        return self._derived.related_ids

    @computed_field  # type: ignore[prop-decorator]
    @property
    def abs_url(self) -> str:
        """The paper's abstract page on arxiv.org (of the listed version, if any)."""
        return self._derived.abs_url

    @computed_field  # type: ignore[prop-decorator]
    @property
    def pdf_url(self) -> str:
        """The paper's PDF on arxiv.org (of the listed version, if any)."""
        return self._derived.pdf_url

    @computed_field  # type: ignore[prop-decorator]
    @property
    def year(self) -> int:
        """The year of the identifier (when it was first submitted)."""
        return self._derived.year

    @computed_field  # type: ignore[prop-decorator]
    @property
    def month(self) -> int:
        """The month (1-12) of the identifier."""
        return self._derived.month

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """Copy the paper, with `update` applied; derived fields are computed afresh.

        As in pydantic, `update` is not validated, but its text is squashed as validation
        squashes it: a Paper's text is squashed, however it was made.
        """
        if update:
            update = {
                name: _TEXT_FIELDS[name](value)
                if name in _TEXT_FIELDS and isinstance(value, str)
                else value
                for name, value in update.items()
            }
        copied = super().model_copy(update=update, deep=deep)
        forget(copied, _DERIVED)
        return copied

    def __repr__(self) -> str:
        """A short line: the identifier, title, first author, date and the abstract's size.

        The whole record is `model_dump()`; a notebook shows a card (`_repr_html_`).
        """
        parts = [repr(str(self.identifier))]
        if self.title:
            parts.append(f"title={shorten(self.title, 60)!r}")
        if self.authors:
            more = f" +{len(self.authors) - 1}" if len(self.authors) > 1 else ""
            parts.append(f"authors={self.authors[0].name!r}{more}")
        date = self.created or self.published
        if date is not None:
            parts.append(f"created={date.isoformat()}")
        if self.doi:
            parts.append(f"doi={self.doi!r}")
        if self.abstract:
            parts.append(f"abstract={len(self.abstract):,} characters")
        return f"Paper({', '.join(parts)})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        """A short card for Jupyter."""
        return _html.paper_html(self)

    @classmethod
    def from_arxiv_result(cls, result: arxiv.Result) -> Paper:
        """Make a Paper of an `arxiv.Result` (from the `arxiv` package), version included.

        Raises:
            InvalidArxivIdError: the result's id is not an arXiv identifier.
        """
        entry = Entry.from_arxiv_result(result)
        bare = cls(arxiv_id=entry.id.base, version=entry.id.version)
        return merge_entry(bare, entry, overwrite=True)


def merge_entry(paper: Paper, entry: Entry, *, overwrite: bool, squashed: bool = False) -> Paper:
    """Fill `paper` from `entry`; fields the paper has are kept unless `overwrite`.

    The listing's `version` stays; `latest_version` records arXiv's newest. `squashed`
    says the entry's text is whitespace-normalised already (a snapshot index's is).
    """
    # The entry's values are typed already: the copy skips a dump-and-validate round trip.
    fields = stored(paper)
    values = entry_values(entry, squashed=squashed)
    update = {
        name: value for name, value in values.items() if overwrite or fields[name] in (None, ())
    }
    if values.get("withdrawn"):  # arXiv's word: the paper is withdrawn, whatever it was
        update["withdrawn"] = True
    update["latest_version"] = entry.id.version
    return updated(paper, update)


def paper_of_entry(identifier: ArxivId, entry: Entry, *, squashed: bool = False) -> Paper:
    """`merge_entry` of a paper that is only `identifier` (an id asked for), in one step."""
    values: dict[str, Any] = {"arxiv_id": identifier.base, "version": identifier.version}
    values.update(entry_values(entry, squashed=squashed))
    values["latest_version"] = entry.id.version
    return trusted(Paper, values)


def derived_of(paper: Paper) -> Derived:
    """A paper's derived values (`derived_values`): those it holds, else made now, not kept.

    An export of a million papers must not leave a million sets of them behind: they
    would double the corpus's memory.
    """
    kept: Derived | None = held(paper, _DERIVED)
    if kept is not None:
        return kept
    return derived_values(
        paper.arxiv_id, paper.version, paper.abstract, paper.title, paper.comments, squashed=True
    )


@contextmanager
def derived_not_kept(paper: Paper) -> Iterator[Paper]:
    """`paper`, whose derived values made inside the block (a dump) are let go after it."""
    had = held(paper, _DERIVED) is not None
    try:
        yield paper
    finally:
        if not had:
            forget(paper, _DERIVED)


#: The computed fields of `Paper`, in `model_dump()` order: `Derived`'s fields.
DERIVED_FIELDS = tuple(Paper.model_computed_fields)
if Derived._fields != DERIVED_FIELDS:  # each property reads its own field of the record
    raise ImportError(f"Paper's derived fields {DERIVED_FIELDS} are not {Derived._fields}")
