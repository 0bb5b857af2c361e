"""Search for the fake arXiv: arXiv's query syntax over the papers it knows, sorted as asked.

`Record` is what a search looks at in one paper; `parse_query` reads `ti:`, `au:`, `abs:`,
`cat:`, `co:`, `jr:`, `all:`, quoted phrases, `submittedDate:[A TO B]`, `AND`, `OR`,
`ANDNOT` and parentheses (left to right, as arXiv's documentation shows them), and raises
`QueryError` where arXiv answers HTTP 400.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

_ATOM = "{http://www.w3.org/2005/Atom}"
_ARXIV = "{http://arxiv.org/schemas/atom}"
_TOKEN = re.compile(
    r'\s*(?:(?P<paren>[()])|(?P<field>[a-zA-Z]+):(?:"(?P<phrase>[^"]*)"'
    r"|\[(?P<low>\d+) TO (?P<high>\d+)\]|(?P<word>[^\s()]+))|(?P<bare>[^\s()]+))"
)
_OPERATORS = {"AND", "OR", "ANDNOT"}

Match = Callable[["Record"], bool]


class QueryError(ValueError):
    """A query arXiv's API refuses."""


@dataclass(frozen=True)
class Record:
    """What a search looks at in one paper (text lower-cased)."""

    arxiv_id: str
    title: str
    summary: str
    authors: str
    categories: tuple[str, ...]
    comment: str
    journal_ref: str
    published: str  # YYYYMMDDHHMM, as submittedDate ranges are written
    updated: str

    @classmethod
    def of_entry(cls, arxiv_id: str, entry: str) -> Record:
        """Read the fields of an `<entry>` element as arXiv writes it."""
        wrapped = (
            '<feed xmlns="http://www.w3.org/2005/Atom" '
            'xmlns:arxiv="http://arxiv.org/schemas/atom">' + entry + "</feed>"
        )
        node = etree.fromstring(wrapped.encode("utf-8"))[0]

        def text(path: str) -> str:
            found = node.find(path)
            return " ".join((found.text or "").split()).lower() if found is not None else ""

        def stamp(path: str) -> str:
            return re.sub(r"\D", "", text(path))[:12]

        return cls(
            arxiv_id=arxiv_id,
            title=text(f"{_ATOM}title"),
            summary=text(f"{_ATOM}summary"),
            authors=" ; ".join(
                " ".join((name.text or "").split()).lower()
                for name in node.iterfind(f"{_ATOM}author/{_ATOM}name")
            ),
            categories=tuple(c.get("term", "") for c in node.iterfind(f"{_ATOM}category")),
            comment=text(f"{_ARXIV}comment"),
            journal_ref=text(f"{_ARXIV}journal_ref"),
            published=stamp(f"{_ATOM}published"),
            updated=stamp(f"{_ATOM}updated"),
        )


def _text_match(field: str, needle: str) -> Match:
    needle = " ".join(needle.replace("_", " ").split()).lower()
    fields: dict[str, Callable[[Record], str]] = {
        "ti": lambda r: r.title,
        "abs": lambda r: r.summary,
        "au": lambda r: r.authors,
        "co": lambda r: r.comment,
        "jr": lambda r: r.journal_ref,
        "all": lambda r: f"{r.title} {r.summary} {r.authors} {' '.join(r.categories).lower()}",
    }
    if field == "cat":
        if needle.endswith("*"):
            return lambda r: any(c.lower().startswith(needle[:-1]) for c in r.categories)
        return lambda r: needle in (c.lower() for c in r.categories)
    if field not in fields:
        raise QueryError(f"unknown field {field!r}")
    read = fields[field]
    return lambda r: needle in read(r)


def parse_query(text: str) -> Match:
    """A predicate for `text` in arXiv's query syntax.

    Raises:
        QueryError: text arXiv would refuse (unbalanced parentheses, an unknown field).
    """
    tokens: list[tuple[str, object]] = []
    position = 0
    while position < len(text.rstrip()):
        match = _TOKEN.match(text, position)
        if match is None:
            raise QueryError(f"cannot read the query at {position}")
        position = match.end()
        if match.group("paren"):
            tokens.append((match.group("paren"), None))
        elif match.group("bare") in _OPERATORS:
            tokens.append(("op", match.group("bare")))
        elif match.group("bare"):
            tokens.append(("atom", _text_match("all", match.group("bare"))))
        elif match.group("low"):
            low, high = match.group("low"), match.group("high")
            tokens.append(("atom", _date_match(match.group("field"), low, high)))
        else:
            needle = match.group("phrase") if match.group("phrase") is not None else match["word"]
            tokens.append(("atom", _text_match(match.group("field"), needle)))
    predicate, rest = _expression(tokens)
    if rest:
        raise QueryError("unbalanced parentheses")
    return predicate


def _date_match(field: str, low: str, high: str) -> Match:
    if field not in {"submittedDate", "lastUpdatedDate"}:
        raise QueryError(f"no date range for {field!r}")
    key = "published" if field == "submittedDate" else "updated"
    return lambda r: low <= getattr(r, key) <= high


def _expression(tokens: list[tuple[str, object]]) -> tuple[Match, list[tuple[str, object]]]:
    left, tokens = _term(tokens)
    while tokens and tokens[0][0] == "op":
        operator = tokens[0][1]
        right, tokens = _term(tokens[1:])
        left = _combine(str(operator), left, right)
    return left, tokens


def _combine(operator: str, left: Match, right: Match) -> Match:
    if operator == "AND":
        return lambda r: left(r) and right(r)
    if operator == "OR":
        return lambda r: left(r) or right(r)
    return lambda r: left(r) and not right(r)


def _term(tokens: list[tuple[str, object]]) -> tuple[Match, list[tuple[str, object]]]:
    if not tokens:
        raise QueryError("the query ends where a term was expected")
    kind, value = tokens[0]
    if kind == "(":
        inner, rest = _expression(tokens[1:])
        if not rest or rest[0][0] != ")":
            raise QueryError("unbalanced parentheses")
        return inner, rest[1:]
    if kind == "atom":
        return value, tokens[1:]  # type: ignore[return-value]
    raise QueryError(f"unexpected {value or kind!r}")


SORT_KEYS: dict[str, Callable[[Record], tuple[str, str]]] = {
    "relevance": lambda r: ("", r.arxiv_id),
    "submittedDate": lambda r: (r.published, r.arxiv_id),
    "lastUpdatedDate": lambda r: (r.updated, r.arxiv_id),
}
