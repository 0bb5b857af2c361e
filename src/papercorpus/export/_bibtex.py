"""BibTeX in arXiv's own style: `@misc` with eprint, archivePrefix and primaryClass."""

from __future__ import annotations

import re
import unicodedata
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from papercorpus.models import Paper

__all__ = ["bibtex_key", "to_bibtex", "write_bibtex"]

_STOPWORDS = frozenset(
    "a an the on of in for to and with from by at via is are towards toward".split()  # noqa: SIM905
)
_MATH = re.compile(r"(?<!\\)\$.*?(?<!\\)\$")
_SPECIAL = re.compile(r"(?<!\\)([&%#])")


def _ascii_word(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


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
        parts = paper.authors[0].name.replace(",", " ").split()
        surname = _ascii_word(parts[-1]) if parts else "anon"
    word = ""
    for token in re.split(r"[\s\-:/]+", _MATH.sub(" ", paper.title or "")):
        candidate = _ascii_word(token)
        if candidate and candidate not in _STOPWORDS:
            word = candidate
            break
    if not word:
        word = _ascii_word(paper.arxiv_id)
    return f"{surname or 'anon'}{_year(paper)}{word}"


def _balanced(text: str) -> str:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth == 0:
        return text
    return text.replace("{", r"\{").replace("}", r"\}")


def _latex_safe(text: str) -> str:
    """Escape what would break BibTeX or LaTeX (bare &, %, #, unbalanced braces)."""
    return _balanced(_SPECIAL.sub(r"\\\1", " ".join(text.split())))


def _entry(paper: Paper, key: str) -> str:
    fields: list[tuple[str, str]] = [
        ("title", _latex_safe(paper.title or paper.arxiv_id)),
        ("author", " and ".join(_latex_safe(a.name) for a in paper.authors) or "Anonymous"),
        ("year", str(_year(paper))),
        ("eprint", paper.arxiv_id),
        ("archivePrefix", "arXiv"),
    ]
    if paper.primary_category:
        fields.append(("primaryClass", paper.primary_category))
    # arXiv registers a DataCite DOI for every paper; a publisher's DOI wins where known.
    fields.append(("doi", paper.doi or f"10.48550/arXiv.{paper.arxiv_id}"))
    fields.append(("url", f"https://arxiv.org/abs/{paper.arxiv_id}"))
    body = ",\n".join(f"      {name}={{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def to_bibtex(papers: Iterable[Paper]) -> str:
    """BibTeX for the papers, keys unique within them (`zeng2021pangu`, then `...b`)."""
    seen: dict[str, int] = {}
    entries = []
    for paper in papers:
        key = bibtex_key(paper)
        count = seen.get(key, 0)
        seen[key] = count + 1
        if count:
            key = f"{key}{chr(ord('a') + count)}" if count < 26 else f"{key}{count}"
        entries.append(_entry(paper, key))
    return "\n".join(entries)


def write_bibtex(papers: Iterable[Paper], stream: IO[str]) -> int:
    """Write `to_bibtex(papers)`; return how many entries were written."""
    items = list(papers)
    stream.write(to_bibtex(items))
    return len(items)
