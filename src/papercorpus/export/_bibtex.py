"""BibTeX in arXiv's own style: `@misc` with eprint, archivePrefix and primaryClass."""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING

from papercorpus.export._cite import split_name

if TYPE_CHECKING:
    from collections.abc import Iterable

    from papercorpus.models import Paper

__all__ = ["bibtex_key", "to_bibtex", "unique_keys", "write_bibtex"]

_STOPWORDS = frozenset(
    "a an the on of in for to and with from by at via is are towards toward".split()  # noqa: SIM905
)
_MATH = re.compile(r"(?<!\\)\$.*?(?<!\\)\$")
_SPECIAL = re.compile(r"(?<!\\)([&%#])")


def _ascii_word(text: str) -> str:
    # Every script has a transliteration (山田 -> ShanTian, Müller -> Muller), so a key is
    # `anon` only for a paper without authors.
    from anyascii import anyascii  # noqa: PLC0415 (only keys need it)

    return re.sub(r"[^a-z0-9]", "", anyascii(text).lower())


def _year(paper: Paper) -> int:
    date = paper.published or paper.created
    return date.year if date else paper.year


def bibtex_key(paper: Paper) -> str:
    r"""A citation key as arXiv makes them: first author's surname, year, first title word.

    Examples:
        >>> from papercorpus import Author, Paper
        >>> bibtex_key(Paper(arxiv_id="2104.12369", title="PanGu-$\\alpha$: Large models",
        ...                  authors=[Author(name="Wei Zeng")]))
        'zeng2021pangu'
    """
    surname = "anon"
    if paper.authors:
        name = split_name(paper.authors[0].name)  # `Rodrigues` of `Waldyr A. Rodrigues Jr`
        surname = _ascii_word(name.family or name.literal.split(" ")[0]) or "anon"
    word = ""
    for token in re.split(r"[\s\-:/]+", _MATH.sub(" ", paper.title or "")):
        candidate = _ascii_word(token)
        if candidate and candidate not in _STOPWORDS:
            word = candidate
            break
    if not word:
        word = _ascii_word(paper.arxiv_id)
    return f"{surname or 'anon'}{_year(paper)}{word}"


def _is_safe(text: str) -> bool:
    """Whether `text` can stand between braces as it is: balanced, no backslash by a brace."""
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    # A backslash next to a brace is read as an escape by some parsers and not by others
    # (`\}` closes a BibTeX field, not a bibtexparser one): such text goes the literal way.
    return depth == 0 and not text.endswith("\\") and "\\{" not in text and "\\}" not in text


_LITERAL = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}"}


def latex_field(text: str) -> str:
    r"""A field value BibTeX reads whole and LaTeX typesets: specials escaped as needed.

    Text whose braces balance keeps its LaTeX (`PanGu-$\alpha$`); bare `&`, `%` and `#` are
    escaped. Text that would break the entry (unbalanced braces, a trailing backslash) is
    written literally: `\`, `{` and `}` become `\textbackslash{}`, `\textbraceleft{}` and
    `\textbraceright{}`, so the entry always parses and reads back as the same text.

    Examples:
        >>> latex_field("Deep & fast {nets")
        'Deep \\& fast \\textbraceleft{}nets'
    """
    text = " ".join(text.split())
    if not _is_safe(text):
        text = re.sub(r"[\\{}]", lambda m: _LITERAL[m.group(0)], text)
    return _SPECIAL.sub(r"\\\1", text)


def _name(name: str) -> str:
    # "ATLAS and CMS Collaborations" is one author, and so is a name that needed escapes:
    # braces keep BibTeX (and bibtexparser) from splitting them. Plain names stay unbraced,
    # so that styles can still tell first names from last names.
    value = latex_field(name)
    needs = "\\" in value or re.search(r"\sand\s", value, re.IGNORECASE)
    return f"{{{value}}}" if needs else value


def _entry(paper: Paper, key: str) -> str:
    fields: list[tuple[str, str]] = [
        ("title", latex_field(paper.title or paper.arxiv_id)),
        ("author", " and ".join(_name(a.name) for a in paper.authors) or "Anonymous"),
        ("year", str(_year(paper))),
        ("eprint", paper.arxiv_id),
        ("archivePrefix", "arXiv"),
    ]
    if paper.primary_category:
        fields.append(("primaryClass", latex_field(paper.primary_category)))
    # arXiv registers a DataCite DOI for every paper; a publisher's DOI wins where known.
    fields.append(("doi", latex_field(paper.doi or f"10.48550/arXiv.{paper.arxiv_id}")))
    fields.append(("url", f"https://arxiv.org/abs/{paper.arxiv_id}"))
    body = ",\n".join(f"      {name}={{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def unique_keys(papers: list[Paper]) -> list[str]:
    """Each paper's citation key, unique among them (`zeng2021pangu`, then `...b`)."""
    seen: dict[str, int] = {}
    keys = []
    for paper in papers:
        key = bibtex_key(paper)
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count:
            key = f"{key}{chr(ord('a') + count)}" if count < 26 else f"{key}{count}"
        keys.append(key)
    return keys


def to_bibtex(papers: Iterable[Paper]) -> str:
    """BibTeX for the papers, keys unique within them (`zeng2021pangu`, then `...b`)."""
    items = list(papers)
    return "\n".join(_entry(p, key) for p, key in zip(items, unique_keys(items), strict=True))


def write_bibtex(papers: Iterable[Paper], stream: IO[str]) -> int:
    """Write `to_bibtex(papers)`; return how many entries were written."""
    items = list(papers)
    stream.write(to_bibtex(items))
    return len(items)
