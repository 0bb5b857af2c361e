"""HTML for Jupyter: a Corpus as a compact table, a Paper as a short card."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from papercorpus._text import shorten, squash

if TYPE_CHECKING:
    from collections.abc import Sequence

    from papercorpus.models import Paper

__all__ = ["corpus_html", "paper_html"]

_ROWS = 20
_DOT = " \u00b7 "
_TEXT = 90


def _short(text: str | None, width: int = _TEXT) -> str:
    return escape(shorten(squash(text or ""), width))


def _authors(paper: Paper, most: int = 3) -> str:
    names = [author.name for author in paper.authors]
    shown = ", ".join(names[:most]) + (" et al." if len(names) > most else "")
    return escape(shown)


def _link(paper: Paper) -> str:
    return f'<a href="{escape(paper.abs_url)}" target="_blank">{escape(str(paper.identifier))}</a>'


def corpus_html(papers: Sequence[Paper], diagnostics: int = 0) -> str:
    """A table of the first papers: identifier, date, title (or abstract), authors, venue."""
    rows = []
    for paper in papers[:_ROWS]:
        date = paper.created or paper.published
        venue = " ".join(str(v) for v in (paper.venue, paper.venue_year) if v)
        rows.append(
            "<tr>"
            f"<td>{_link(paper)}</td>"
            f"<td>{date.isoformat() if date else ''}</td>"
            f"<td>{_short(paper.title_text or paper.abstract_text)}</td>"
            f"<td>{_authors(paper)}</td>"
            f"<td>{escape(venue)}</td>"
            "</tr>"
        )
    more = len(papers) - _ROWS
    footer = f"<p>\u2026 and {more} more</p>" if more > 0 else ""
    problems = f", {diagnostics} diagnostics" if diagnostics else ""
    return (
        f"<div><p><b>Corpus</b>: {len(papers)} papers{problems}</p>"
        "<table><thead><tr><th>arXiv</th><th>date</th><th>title / abstract</th>"
        "<th>authors</th><th>venue</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{footer}</div>"
    )


def paper_html(paper: Paper) -> str:
    """A card: title, authors, identifier, date and venue, the start of the abstract."""
    date = paper.created or paper.published
    facts = [
        _link(paper),
        date.isoformat() if date else "",
        escape(" ".join(str(v) for v in (paper.venue, paper.venue_year) if v)),
        escape(paper.status or ""),
    ]
    code = f' \u00b7 <a href="{escape(paper.code_url)}">code</a>' if paper.code_url else ""
    return (
        "<div>"
        f"<b>{_short(paper.title_text or paper.arxiv_id, 200)}</b><br>"
        f"{_authors(paper, 6)}<br>"
        f"<small>{_DOT.join(fact for fact in facts if fact)}{code}</small>"
        f"<p>{_short(paper.abstract_text, 400)}</p>"
        "</div>"
    )
