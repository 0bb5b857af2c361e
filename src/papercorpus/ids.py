"""`ArxivId`: arXiv identifiers, new style (`2104.12369`) and old style (`hep-th/9901001`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering
from typing import TYPE_CHECKING, NamedTuple

from pydantic_core import core_schema

from papercorpus._scheme import (
    ABS_URL,
    FIRST_NEW_STYLE,
    FIVE_DIGITS_FROM,
    ID_PATTERN,
    MAX_VERSION_DIGITS,
    OLD_STYLE_ARCHIVES,
    OLD_STYLE_DIGITS,
    PDF_URL,
    issued,
)
from papercorpus.errors import InvalidArxivIdError

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue

__all__ = [
    "ABS_URL",
    "EXACT_PATTERN",
    "ID_PATTERN",
    "LONGER_PATTERN",
    "OLD_STYLE_ARCHIVES",
    "PDF_URL",
    "ArxivId",
    "issued",
    "parse_id",
]

# ASCII digits only: Python's \d and int() also take fullwidth and Arabic-Indic digits.
# `YYMM.` then as many digits as are there; the count is checked in code, not here,
# because it depends on YYMM: `2104.123693D point clouds` is `2104.12369` + `3D ...`.
_NEW_HEAD = re.compile(r"([0-9]{2})([0-9]{2})\.([0-9]*)")
_OLD = re.compile(r"([a-z]+(?:-[a-z]+)?)(?:\.([A-Za-z][A-Za-z-]*))?/([0-9]*)")
_VERSION = re.compile(r"v([0-9]+)")
_SUBJECT_CLASS = re.compile(r"[A-Z]{2}")
_URL_PREFIX = re.compile(
    r"""^(?:
        (?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format|src)/
      | (?:https?://)?(?:dx\.)?doi\.org/10\.48550/arxiv\.
      | 10\.48550/arxiv\.
      | arxiv:[ \t]*
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_URL_SUFFIX = re.compile(r"(?:\.pdf)?/?(?:[?#].*)?$", re.IGNORECASE)
# arXiv's citation form names the primary category after the identifier:
# `arXiv:1406.1599 [physics.ins-det]`.
_CATEGORY_SUFFIX = re.compile(r"[ \t]+\[[A-Za-z-]+(?:\.[A-Za-z-]+)?\]$")
_UNICODE_DIGIT = re.compile(r"[^\W0-9a-zA-Z_]", re.UNICODE)


#: An identifier as arXiv writes it, with an optional version (groups: the base, the
#: version's digits). `parse` takes these (most of what it is given) in one match, before
#: the prefix, suffix and rule checks the rest need.
EXACT_PATTERN = f"({ID_PATTERN})(?:v([1-9][0-9]{{0,3}}))?"
_EXACT = re.compile(EXACT_PATTERN)

#: What may follow an exact match and make the identifier another (or an invalid) one.
LONGER_PATTERN = r"[0-9]|v[0-9]"
_LONGER = re.compile(LONGER_PATTERN)

_EXPECTED_FORMS = "YYMM.NNNNN or archive/YYMMNNN, optionally followed by vN"


class _Match(NamedTuple):
    """An identifier found at the start of a string, or the reason none was."""

    id: ArxivId | None
    end: int  # characters of the input the identifier (valid or not) takes up
    reason: str | None


def _new_style_digits(yymm: int) -> int:
    return 4 if yymm < FIVE_DIGITS_FROM else 5


def _month_reason(mm: str) -> str | None:
    if not 1 <= int(mm) <= 12:
        return f"month {mm} is not between 01 and 12"
    return None


def _number_reason(number: str) -> str | None:
    if number.strip("0") == "":
        return f"numbers start at {'0' * (len(number) - 1)}1, found {number}"
    return None


def _match_version(text: str, pos: int) -> tuple[int | None, int, str | None]:
    """A `vN` suffix at `pos`: its value, where it ends, and what is wrong with it."""
    m = _VERSION.match(text, pos)
    if m is None:
        return None, pos, None
    digits = m.group(1)
    if len(digits) > MAX_VERSION_DIGITS:  # never int() of 5,000 digits
        return None, m.end(), f"a version has at most 4 digits, found {len(digits)}"
    if digits[0] == "0":
        return None, m.end(), f"versions start at v1, found v{digits}"
    return int(digits), m.end(), None


def _match_new(text: str, pos: int) -> _Match | None:
    head = _NEW_HEAD.match(text, pos)
    if head is None:
        return None
    yy, mm, digits = head.groups()
    yymm = int(yy + mm)
    want = _new_style_digits(yymm)
    number = digits[:want]
    version, end, reason = _match_version(text, head.start(3) + len(number))
    reason = (
        _month_reason(mm)
        or (
            f"new-style identifiers begin in 0704 (April 2007), found {yy}{mm}"
            if yymm < FIRST_NEW_STYLE
            else None
        )
        or (
            f"identifiers from {yy}{mm} have {want} digits after the dot, found {len(number)}"
            if len(number) != want
            else None
        )
        or _number_reason(number)
        or reason
    )
    if reason is not None:
        return _Match(None, end, reason)
    return _Match(ArxivId(f"{yy}{mm}.{number}", version), end, None)


def _match_old(text: str, pos: int) -> _Match | None:
    m = _OLD.match(text, pos)
    if m is None:
        return None
    archive, subject, digits = m.groups()
    number = digits[:OLD_STYLE_DIGITS]
    version, end, version_reason = _match_version(text, m.start(3) + len(number))
    reason: str | None = None
    if archive not in OLD_STYLE_ARCHIVES:
        reason = f"{archive!r} is not an arXiv archive with old-style identifiers"
    elif subject is not None and not _SUBJECT_CLASS.fullmatch(subject):
        reason = f"a subject class is two upper-case letters, found {subject!r}"
    elif len(number) != OLD_STYLE_DIGITS:
        reason = f"old-style identifiers have 7 digits (YYMMNNN) after '/', found {len(number)}"
    else:
        yymm = int(number[:4])
        reason = (
            _month_reason(number[2:4])
            or (
                f"old-style identifiers run from 9107 to 0703, found {number[:4]}"
                if FIRST_NEW_STYLE <= yymm < 9107
                else None
            )
            or _number_reason(number[4:])
            or version_reason
        )
    if reason is not None:
        return _Match(None, end, reason)
    base = text[pos : m.start(3)] + number
    return _Match(ArxivId(base, version), end, None)


def match_id(text: str, pos: int = 0) -> _Match | None:
    """Match an identifier at `text[pos:]`, valid or not; None if nothing there looks like one.

    The parser uses this to cut `arXiv:2104.12369Channel Pruning ...` into the identifier
    and the text that follows it.
    """
    # Most identifiers are written as arXiv writes them: one match, when nothing that
    # could lengthen the identifier (a digit, a version's digits) follows it.
    exact = _EXACT.match(text, pos)
    if exact is not None and _LONGER.match(text, exact.end()) is None:
        version = exact.group(2)
        return _Match(ArxivId(exact.group(1), int(version) if version else None), exact.end(), None)
    return match_id_by_rules(text, pos)


def match_id_by_rules(text: str, pos: int = 0) -> _Match | None:
    """`match_id` read rule by rule (the general path): new style, then old style."""
    return _match_new(text, pos) or _match_old(text, pos)


@total_ordering
@dataclass(frozen=True, slots=True)
class ArxivId:
    """An arXiv identifier: a base identifier and an optional version.

    Build one with `ArxivId.parse` (or `parse_id`), which accepts the forms users paste and
    rejects everything else; `str()` gives it back in canonical form. Identifiers sort by
    date, then number, then version.

    Examples:
        >>> ArxivId.parse("https://arxiv.org/abs/2104.12369v2")
        ArxivId('2104.12369v2')
        >>> ArxivId.parse("math.GT/0309136").canonical
        'math/0309136'
    """

    base: str
    version: int | None = None

    @classmethod
    def parse(cls, text: str | ArxivId) -> ArxivId:
        """Parse an identifier in any form users paste: `arXiv:` prefix, old style, URL.

        Raises:
            InvalidArxivIdError: `text` holds no valid identifier; the message says why.

        Examples:
            >>> str(ArxivId.parse("arXiv:hep-th/9901001"))
            'hep-th/9901001'
        """
        if isinstance(text, ArxivId):
            return text
        if not isinstance(text, str):  # a caller without type checking
            raise InvalidArxivIdError(repr(text), f"expected a string, got {type(text).__name__}")
        exact = _EXACT.fullmatch(text)
        if exact is not None:
            base, version = exact.groups()
            return cls(base, None if version is None else int(version))
        stripped = text.strip()
        if not stripped:
            raise InvalidArxivIdError(text, f"empty; expected {_EXPECTED_FORMS}")
        body = _URL_PREFIX.sub("", stripped, count=1)
        body = _CATEGORY_SUFFIX.sub("", body, count=1)
        suffix = _URL_SUFFIX.search(body)
        if suffix is not None and suffix.start() > 0:
            body = body[: suffix.start()]
        found = match_id(body)
        if found is None:
            hint = " (ASCII digits only)" if _UNICODE_DIGIT.search(body) else ""
            raise InvalidArxivIdError(text, f"expected {_EXPECTED_FORMS}{hint}")
        if found.end != len(body):
            if found.id is None and found.reason is not None:
                raise InvalidArxivIdError(text, found.reason)
            raise InvalidArxivIdError(
                text, f"unexpected {body[found.end :]!r} after the identifier"
            )
        if found.id is None:
            raise InvalidArxivIdError(text, found.reason or f"expected {_EXPECTED_FORMS}")
        return found.id

    @property
    def is_old_style(self) -> bool:
        """Whether this is a pre-2007 `archive/YYMMNNN` identifier."""
        return "/" in self.base

    @property
    def canonical(self) -> str:
        """The base identifier as arXiv writes it today (old style without subject class)."""
        if not self.is_old_style:
            return self.base
        archive, number = self.base.split("/")
        return f"{archive.split('.')[0]}/{number}"

    @property
    def yymm(self) -> str:
        """The `YYMM` part: the year and month the identifier was issued."""
        return self.base.split("/")[1][:4] if self.is_old_style else self.base[:4]

    @property
    def year(self) -> int:
        """The four-digit year the identifier was issued.

        New style: `07` to `99` is 2007 to 2099. Old style: `91` to `99` is the 1990s.
        """
        return issued(self.base)[0]

    @property
    def month(self) -> int:
        """The month (1-12) the identifier was issued."""
        return issued(self.base)[1]

    @property
    def abs_url(self) -> str:
        """The abstract page on arxiv.org (of this version, if it has one)."""
        return ABS_URL + str(self)

    @property
    def pdf_url(self) -> str:
        """The PDF on arxiv.org (of this version, if it has one)."""
        return PDF_URL + str(self)

    def same_paper(self, other: ArxivId) -> bool:
        """Whether both name one paper: versions aside, `math.GT/0309136` is `math/0309136`."""
        return self.canonical == other.canonical

    def with_version(self, version: int | None) -> ArxivId:
        """Return the same identifier with `version` (None drops it)."""
        return ArxivId(self.base, version)

    def _sort_key(self) -> tuple[int, int, str, int]:
        number = self.base.rsplit("/", 1)[-1].split(".")[-1]
        return (self.year * 100 + self.month, int(number), self.canonical, self.version or 0)

    def __lt__(self, other: object) -> bool:
        """Order by issue date, then number, then version."""
        if not isinstance(other, ArxivId):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def __str__(self) -> str:
        """Return `base` with its `vN` suffix, if any: it parses back to the same value."""
        return self.base if self.version is None else f"{self.base}v{self.version}"

    def __repr__(self) -> str:
        """Return `ArxivId('2104.12369v2')`."""
        return f"ArxivId({str(self)!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, _source: object, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Validate from `ArxivId` or any string `ArxivId.parse` accepts; dump as a string."""
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.to_string_ser_schema(),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, _schema: core_schema.CoreSchema, _handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Describe the identifier as a JSON string."""
        return {"type": "string", "title": "arXiv identifier", "examples": ["2104.12369v2"]}


def parse_id(text: str) -> ArxivId:
    """Parse an arXiv identifier in any form users paste (`arXiv:`, old style, abs/pdf URL).

    Raises:
        InvalidArxivIdError: `text` holds no valid identifier; the message says why.

    Examples:
        >>> str(parse_id("https://arxiv.org/pdf/2104.12369v2.pdf"))
        '2104.12369v2'
    """
    return ArxivId.parse(text)
