"""The records a `Paper` holds: `Author`, `Source` (where it was read) and `Version`.

`Source` and `Version` are frozen dataclasses with slots, which pydantic validates and
dumps as parts of a `Paper` (the same schema as a model): a few dozen bytes each, where a
model takes hundreds. (Their docstrings are the JSON Schema's descriptions.)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["WITHDRAWN", "Author", "Source", "Version", "trusted_version", "withdrawn_by_comment"]


class Author(BaseModel):
    """A paper's author, with the affiliations arXiv lists for them."""

    model_config = ConfigDict(frozen=True)

    name: str
    affiliations: tuple[str, ...] = ()

    def __str__(self) -> str:
        """Return the author's name."""
        return self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """Where a paper was read from: the file and the 1-based line of its identifier line."""

    path: str | None = None
    line: Annotated[int, Field(ge=1)]

    def __post_init__(self) -> None:
        """Refuse a line that is not a positive integer, as validation would."""
        if type(self.line) is not int or self.line < 1:
            raise ValueError(f"a line is an integer from 1, found {self.line!r}")

    def __str__(self) -> str:
        """Return `path:line`."""
        return f"{self.path or '<string>'}:{self.line}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Version:
    """One version of a paper, as arXiv's records list it (oldest first).

    `created` is when it was submitted (UTC); `size_kb` its source's size, when known;
    `withdrawn` says the version is a withdrawal (arXiv's source type `I`).
    """

    number: Annotated[int, Field(ge=1, le=9999)]
    created: dt.datetime
    size_kb: Annotated[int, Field(ge=0)] | None = None
    withdrawn: bool = False

    def __post_init__(self) -> None:
        """Refuse values validation would refuse: a number out of range, a naive time."""
        if type(self.number) is not int or not 1 <= self.number <= 9999:
            raise ValueError(f"a version number is an integer from 1 to 9999, not {self.number!r}")
        if not isinstance(self.created, dt.datetime) or self.created.utcoffset() is None:
            raise ValueError(f"a version's time is timezone-aware, not {self.created!r}")

    def __str__(self) -> str:
        """Return `v2 2007-07-24`."""
        return f"v{self.number} {self.created.date().isoformat()}"


_SET = object.__setattr__


def trusted_version(
    number: int,
    created: dt.datetime,
    size_kb: int | None,
    withdrawn: bool,  # noqa: FBT001
) -> Version:
    """A `Version` of values already checked (an index's rows): made without checking again."""
    version = object.__new__(Version)
    _SET(version, "number", number)
    _SET(version, "created", created)
    _SET(version, "size_kb", size_kb)
    _SET(version, "withdrawn", withdrawn)
    return version


WITHDRAWN = re.compile(
    r"\b(?:(?:has|have) been|was|is|are|been|being|were)\s+withdrawn\b"
    r"|^\s*(?:paper|article|submission|manuscript|this version)?\s*withdrawn\b",
    re.IGNORECASE | re.MULTILINE,
)
"""ArXiv's words when a paper is withdrawn: "This paper has been withdrawn by the author",
"withdrawn due to ...", "Paper withdrawn". Linear: literal words around one gap."""


def withdrawn_by_comment(comments: str | None) -> bool:
    """Whether arXiv's comment says the paper was withdrawn ("This paper has been withdrawn")."""
    if not comments:
        return False
    if comments.isascii() and "withdrawn" not in comments.lower():
        return False  # (in ASCII, case-blind matching is `lower()`: no search can match)
    return WITHDRAWN.search(comments) is not None
