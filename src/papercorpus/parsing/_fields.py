"""Read the fields of one identifier line (identifier, version, DOI) and `Created:` lines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from papercorpus.ids import ArxivId, match_id

#: A line that begins with this, at its first character, is an identifier line.
ID_PREFIX = "arXiv:"
_DOI_MARK = re.compile(r"\s*-\s*doi:\s*", re.IGNORECASE)
_CREATED = re.compile(r"\s*created:(.*)$", re.IGNORECASE)
# An ISO date, or an ISO timestamp whose date part is taken ("2021-04-26T12:00:00Z").
_ISO_DATE = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_DOI_SHAPE = re.compile(r"10\.\d{4,9}/\S+")


@dataclass(frozen=True, slots=True)
class IdLine:
    """What an identifier line holds; `rest` is the text after it (compact layout)."""

    id: ArxivId | None
    token: str  # the identifier as written, for messages
    token_column: int  # 1-based column where `token` starts
    reason: str | None  # why `token` is not a valid identifier
    doi: str | None
    doi_column: int  # 1-based column where the DOI starts (0 without one)
    doi_problem: str | None  # why the DOI is doubtful
    rest: str


def _doi_end(text: str) -> int | None:
    """Where a DOI glued to the next abstract ends, by FORMAT.md's rule, or None.

    The rule: the first place after the DOI's `/` where a digit is followed by a capital
    letter (any script) that is followed by a letter or a space:
    `10.1109/TCAD.2020.3043328Convolutional` ends before `C`.
    """
    slash = text.find("/")
    if slash < 0:
        return None
    end = len(text) - 2
    for i in range(slash + 1, end):
        if text[i].isdigit() and text[i + 1].isupper():
            after = text[i + 2]
            if after.isalpha() or after == " ":
                return i + 1
    return None


def _split_doi(text: str) -> tuple[str, str, str | None]:
    """Split `DOI + next abstract` into the DOI, the rest, and a problem, if any."""
    token_end = len(text)
    for i, char in enumerate(text):
        if char.isspace():
            token_end = i
            break
    end = _doi_end(text[: token_end + 1])
    if end is not None:
        return text[:end], text[end:], None
    doi, rest = text[:token_end], text[token_end:]
    problem: str | None = None
    if not doi:
        problem = "a DOI after '- doi:'"
    elif rest.strip():
        # "10.1/x.3328we propose": the glued abstract's first word may sit in the DOI, or
        # not; no rule tells. Keep the DOI up to the space and say so.
        problem = "a DOI that ends where a digit meets a capital letter ('...3328Convolutional')"
    elif not _DOI_SHAPE.fullmatch(doi):
        problem = "a DOI of the form 10.NNNN/suffix"
    return doi, rest, problem


def read_id_line(text: str) -> IdLine:
    """Read an identifier line: `arXiv:ID[vN][ - doi: DOI][next abstract...]`."""
    start = len(ID_PREFIX)
    while start < len(text) and text[start] in " \t":
        start += 1
    found = match_id(text, start)
    reason: str | None
    if found is None:
        # Nothing identifier-shaped: the first word is the would-be identifier.
        end = start
        while end < len(text) and not text[end].isspace():
            end += 1
        arxiv_id, reason = None, "not of the form YYMM.NNNNN or archive/YYMMNNN"
    else:
        end, arxiv_id, reason = found.end, found.id, found.reason
    token = text[start:end]
    doi: str | None = None
    doi_problem: str | None = None
    doi_column = 0
    mark = _DOI_MARK.match(text, end)
    if mark is not None:
        doi, rest, doi_problem = _split_doi(text[mark.end() :])
        doi_column = mark.end() + 1
        doi = doi or None
    else:
        rest = text[end:]
    return IdLine(arxiv_id, token, start + 1, reason, doi, doi_column, doi_problem, rest)


def match_created(text: str) -> tuple[str, int] | None:
    """The value of a `Created:` line and its 1-based column, or None if `text` is not one."""
    m = _CREATED.match(text)
    if m is None:
        return None
    raw = m.group(1)
    return raw.strip(), m.start(1) + len(raw) - len(raw.lstrip()) + 1


def parse_created(value: str) -> tuple[dt.date | None, str | None]:
    """Parse a `Created:` value as an ISO date (or timestamp); on failure, say why."""
    match = _ISO_DATE.fullmatch(value)
    if match is None:
        return None, "not of the form YYYY-MM-DD"
    try:
        return _date(match.group(1)), None
    except ValueError as exc:
        return None, str(exc)


@lru_cache(maxsize=4096)
def _date(text: str) -> dt.date:
    # Papers of a listing share a few dates: one object each, not one a paper (dates are
    # immutable), 32 bytes a paper less and no parse.
    return dt.date.fromisoformat(text)
