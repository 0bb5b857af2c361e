"""Citations for reference managers: CSL-JSON (Zotero, Mendeley, pandoc) and RIS (EndNote).

A published paper (one with a journal reference) is a journal article with its container,
volume, pages and year; any other is a preprint, with arXiv as its archive and its
identifier as the number, as Zotero records arXiv papers. Nothing is invented: a paper
without a title or authors gets none, and a `CitationWarning` names it.
"""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING, Any

from papercorpus._text import json_safe
from papercorpus.export._bibtex import unique_keys
from papercorpus.export._cite import Name, cite_year, split_name, venue_of, warn_if_bare

if TYPE_CHECKING:
    from collections.abc import Iterable

    from papercorpus.models import Paper

__all__ = ["csl_item", "write_csl_json", "write_ris"]


def _csl_name(name: Name) -> dict[str, str]:
    if name.literal:
        return {"literal": name.literal}
    parts = {
        "family": name.family,
        "given": name.given,
        "non-dropping-particle": name.particle,
        "suffix": name.suffix,
    }
    return {key: value for key, value in parts.items() if value}


def csl_item(paper: Paper, key: str) -> dict[str, Any]:  # noqa: C901 (one test a field)
    """One paper as a CSL-JSON item (see the CSL-JSON schema), keyed `key`."""
    venue = venue_of(paper.journal_ref)
    item: dict[str, Any] = {
        "id": key,
        "type": "article-journal" if venue is not None else "article",
        "URL": f"https://arxiv.org/abs/{paper.arxiv_id}",
        "archive": "arXiv",
        "number": f"arXiv:{paper.arxiv_id}",
    }
    if venue is None:
        item["publisher"] = "arXiv"
        item["genre"] = "Preprint"
    else:
        item["container-title"] = venue.container
        if venue.volume:
            item["volume"] = venue.volume
        if venue.pages:
            item["page"] = venue.pages
    if paper.title:
        item["title"] = paper.title_text or paper.title  # LaTeX rendered: managers show it
    if paper.authors:
        item["author"] = [_csl_name(split_name(author.name)) for author in paper.authors]
    date = paper.published or paper.created
    year = cite_year(paper)
    if venue is not None and venue.year is not None:
        item["issued"] = {"date-parts": [[venue.year]]}
    elif date is not None:
        item["issued"] = {"date-parts": [[date.year, date.month, date.day]]}
    elif year is not None:
        item["issued"] = {"date-parts": [[year]]}
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.abstract:
        item["abstract"] = paper.abstract_text or paper.abstract
    if paper.primary_category:
        item["keyword"] = ", ".join(paper.categories) or paper.primary_category
    return item


def write_csl_json(papers: Iterable[Paper], stream: IO[str]) -> int:
    """Write the papers as one CSL-JSON array; return how many were written."""
    items = list(papers)
    warn_if_bare(items, "CSL-JSON")
    data = [csl_item(paper, key) for paper, key in zip(items, unique_keys(items), strict=True)]
    stream.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2)))
    stream.write("\n")
    return len(items)


def _ris_name(name: Name) -> str:
    if name.literal:
        return name.literal
    family = f"{name.particle} {name.family}".strip()
    return ", ".join(part for part in (family, name.given, name.suffix) if part)


def _ris_value(text: str) -> str:
    """One line (RIS ends a field at the line's end), without control characters."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def write_ris(papers: Iterable[Paper], stream: IO[str]) -> int:  # noqa: C901 (one test a field)
    """Write the papers as RIS records (`TY  - JOUR` published, `UNPB` preprints)."""
    items = list(papers)
    warn_if_bare(items, "RIS")
    for paper in items:
        venue = venue_of(paper.journal_ref)
        lines = [("TY", "JOUR" if venue is not None else "UNPB")]
        if paper.title:
            lines.append(("TI", paper.title_text or paper.title))
        lines.extend(("AU", _ris_name(split_name(author.name))) for author in paper.authors)
        year = cite_year(paper)
        if year is not None:
            lines.append(("PY", str(year)))
        date = paper.published or paper.created
        if date is not None:
            lines.append(("DA", date.strftime("%Y/%m/%d")))
        if venue is not None:
            lines.append(("JO", venue.container))
            if venue.volume:
                lines.append(("VL", venue.volume))
            if venue.pages:
                first, _, last = venue.pages.partition("-")
                lines.append(("SP", first))
                if last:
                    lines.append(("EP", last))
        if paper.doi:
            lines.append(("DO", paper.doi))
        lines.append(("UR", f"https://arxiv.org/abs/{paper.arxiv_id}"))
        lines.append(("N1", f"arXiv:{paper.arxiv_id}"))
        lines.extend(("KW", category) for category in paper.categories)
        if paper.abstract:
            lines.append(("AB", paper.abstract_text or paper.abstract))
        for tag, value in lines:
            stream.write(f"{tag}  - {_ris_value(value)}\n")
        stream.write("ER  - \n\n")
    return len(items)
