"""Read the fields of one identifier line (identifier, version, DOI) and `Created:` lines."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple

from papercorpus.dois import is_doi, split_dois, split_glued
from papercorpus.ids import EXACT_PATTERN, LONGER_PATTERN, ArxivId, match_id

#: A line that begins with this, at its first character, is an identifier line.
ID_PREFIX = "arXiv:"
_DOI_MARK = re.compile(r"\s*-\s*doi:\s*", re.IGNORECASE)
# An identifier line as most are written: the prefix, an identifier as arXiv writes it,
# then nothing that lengthens it and no DOI field (the rest, if any, the next abstract).
_PLAIN_ID_LINE = re.compile(
    rf"{re.escape(ID_PREFIX)}{EXACT_PATTERN}(?!{LONGER_PATTERN}|\s*-\s*(?i:doi):)"
)
_CREATED = re.compile(r"\s*created:(.*)$", re.IGNORECASE)
# An ISO date, or an ISO timestamp whose date part is taken ("2021-04-26T12:00:00Z").
_ISO_DATE = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_GLUED_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class IdLine(NamedTuple):
    """What an identifier line holds; `rest` is the text after it (compact layout)."""

    id: ArxivId | None
    token: str  # the identifier as written, for messages
    token_column: int  # 1-based column where `token` starts
    reason: str | None  # why `token` is not a valid identifier
    dois: tuple[str, ...]
    doi_column: int  # 1-based column where the DOI starts (0 without one)
    doi_problem: str | None  # why the DOI is doubtful
    rest: str
    readings: tuple[str, ...] = ()  # other places the glued DOI could end

    @property
    def doi(self) -> str | None:
        """The first DOI."""
        return self.dois[0] if self.dois else None


_GUESSED = "a DOI that ends where a digit meets a capital letter ('...3328Convolutional')"
_SEVERAL = "a DOI that ends in one place its publisher's DOIs can end"


def _spaced_dois(field: str) -> tuple[tuple[str, ...], str | None]:
    """A spaced listing's DOI field, the rest of its line: every DOI, and any problem."""
    dois = split_dois(field)
    if not dois:
        return (), "a DOI after '- doi:'"
    if not all(is_doi(doi) for doi in dois):
        return dois, "a DOI of the form 10.NNNN/suffix"
    return dois, None


def read_id_line(text: str, *, spaced: bool = False) -> IdLine:
    """Read an identifier line: `arXiv:ID[vN][ - doi: DOI...][next abstract...]`.

    `spaced`: the line stands alone (its record is spaced), so the DOI field runs to its
    end; else the next abstract may be glued to the field (see `papercorpus.dois`).
    """
    plain = _PLAIN_ID_LINE.match(text)  # most lines: one match
    if plain is None:
        return read_id_line_by_rules(text, spaced=spaced)
    base, version = plain.groups()
    end = plain.end()
    arxiv_id = ArxivId(base, None if version is None else int(version))
    return IdLine(
        arxiv_id, text[len(ID_PREFIX) : end], len(ID_PREFIX) + 1, None, (), 0, None, text[end:]
    )


def read_id_line_by_rules(text: str, *, spaced: bool = False) -> IdLine:
    """`read_id_line` read rule by rule (the general path)."""
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
    mark = _DOI_MARK.match(text, end)
    if mark is None:
        return IdLine(arxiv_id, token, start + 1, reason, (), 0, None, text[end:])
    field = text[mark.end() :]
    if spaced:
        dois, problem = _spaced_dois(field)
        return IdLine(arxiv_id, token, start + 1, reason, dois, mark.end() + 1, problem, "")
    glued = split_glued(field)
    problem = glued.problem
    if problem is None and glued.guessed:
        problem = _GUESSED if glued.by_rule else _SEVERAL
    return IdLine(
        arxiv_id,
        token,
        start + 1,
        reason,
        glued.dois,
        mark.end() + 1,
        problem,
        glued.rest,
        glued.readings,
    )


def match_created(text: str) -> tuple[str, int] | None:
    """The value of a `Created:` line and its 1-based column, or None if `text` is not one."""
    m = _CREATED.match(text)
    if m is None:
        return None
    raw = m.group(1)
    return raw.strip(), m.start(1) + len(raw) - len(raw.lstrip()) + 1


def glued_date(value: str) -> int | None:
    """Where text glued to a `Created:` date starts (`2020-08-03Large-scale...`), or None.

    Files concatenated without a final newline glue the next abstract to the date: the
    date is then the first ten characters, and the rest starts the next record.
    """
    if _ISO_DATE.fullmatch(value) or not _GLUED_DATE.match(value) or len(value) <= 10:
        return None
    return 10


def parse_created(value: str) -> tuple[dt.date | None, str | None]:
    """Parse a `Created:` value as an ISO date (or timestamp); on failure, say why."""
    match = _ISO_DATE.fullmatch(value)
    if match is None:
        return None, "not of the form YYYY-MM-DD"
    try:
        return _date(match.group(1)), None
    except ValueError:
        return None, _impossible(match.group(1))


def _impossible(text: str) -> str:
    """Why a YYYY-MM-DD date is impossible: `month 13 is not between 01 and 12`."""
    year, month = int(text[:4]), int(text[5:7])
    if not 1 <= month <= 12:
        return f"month {text[5:7]} is not between 01 and 12"
    if year < 1:
        return f"year {text[:4]} is not a year"
    name = dt.date(2000, month, 1).strftime("%B")
    return f"day {text[8:]} is not in {name} {text[:4]}"


@lru_cache(maxsize=4096)
def _date(text: str) -> dt.date:
    # Papers of a listing share a few dates: one object each, not one a paper (dates are
    # immutable), and no parse.
    return dt.date.fromisoformat(text)
