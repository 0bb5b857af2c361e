"""What citation formats share: a name's parts, a journal reference's parts, the year rule.

Every pattern here is linear (literal words, bounded repeats, no nested quantifiers): a
journal reference or a name from a hostile file costs its length, never more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from papercorpus._warn import warn
from papercorpus.errors import CitationWarning

if TYPE_CHECKING:
    from papercorpus.models import Paper

__all__ = ["Name", "Venue", "cite_year", "split_name", "venue_of", "warn_if_bare"]

_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "2nd", "3rd"})
_PARTICLES = frozenset(
    "von van der den de del della di da du dos das le la ter ten zu vom van't d' y".split()  # noqa: SIM905
)
_GROUP = re.compile(
    r"\b(?:collaboration|consortium|team|group|collaborations|project)\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Name:
    """A person's name in parts (`given von family, suffix`), or one literal (a group)."""

    given: str = ""
    particle: str = ""
    family: str = ""
    suffix: str = ""
    literal: str = ""


def split_name(name: str) -> Name:
    """The parts of `forenames keyname suffix`, as arXiv writes names.

    Examples:
        >>> split_name("Waldyr A. Rodrigues Jr")
        Name(given='Waldyr A.', particle='', family='Rodrigues', suffix='Jr', literal='')
        >>> split_name("Ludwig van Beethoven").particle
        'van'
        >>> split_name("ATLAS Collaboration").literal
        'ATLAS Collaboration'
    """
    words = name.replace(",", " ").split()
    if not words:
        return Name(literal=name)
    if _GROUP.search(name) or len(words) == 1:
        return Name(literal=" ".join(words)) if len(words) > 1 else Name(family=words[0])
    suffix = ""
    if len(words) > 2 and words[-1].lower() in _SUFFIXES:  # given, family, Jr
        suffix = words.pop()
    family = words.pop()
    particles: list[str] = []
    while len(words) > 1 and words[-1].lower() in _PARTICLES:
        particles.insert(0, words.pop())
    return Name(" ".join(words), " ".join(particles), family, suffix)


@dataclass(frozen=True, slots=True)
class Venue:
    """Where a paper was published, as far as its journal reference says."""

    container: str
    volume: str | None = None
    pages: str | None = None
    year: int | None = None


_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
# A name, a volume, a year in parentheses perhaps, pages: J. Algebr. Comb. 34 (2011) 213-236
_VOLUME_YEAR_PAGES = re.compile(
    r"(?P<name>[^0-9(]{2,200}?)[\s,]*(?P<volume>[0-9]{1,6})\s*(?:\([0-9]{4}\))?[\s,:]*"
    r"(?P<pages>[A-Za-z]?[0-9]{1,9}(?:\s*[-\u2013]{1,2}\s*[A-Za-z]?[0-9]{1,9})?)?"
)
# Packed, as INSPIRE writes them: Phys.Rev.D76:013009,2007
_PACKED = re.compile(
    r"(?P<name>[^0-9:]{2,200}?)(?P<volume>[0-9]{1,6}):"
    r"(?P<pages>[0-9A-Za-z]{1,12}(?:-[0-9A-Za-z]{1,12})?)"
)


def venue_of(journal_ref: str | None) -> Venue | None:
    """The journal, volume, pages and year a journal reference gives, where it gives them.

    Examples:
        >>> venue_of("J. Algebr. Comb. 34 (2011) 213-236")
        Venue(container='J. Algebr. Comb.', volume='34', pages='213-236', year=2011)
        >>> venue_of("Phys.Rev.D76:013009,2007")
        Venue(container='Phys.Rev.D', volume='76', pages='013009', year=2007)
        >>> venue_of("IEEE Trans. Neural Netw. Learn. Syst., 2023")
        Venue(container='IEEE Trans. Neural Netw. Learn. Syst.', volume=None, pages=None, year=2023)
    """
    if not journal_ref or not journal_ref.strip():
        return None
    text = " ".join(journal_ref.split())[:400]
    years = _YEAR.findall(text)
    year = int(years[-1]) if years else None
    for pattern in (_PACKED, _VOLUME_YEAR_PAGES):
        match = pattern.match(text)
        if (
            match is not None
            and match.group("name").strip(" ,.;:")
            and not _YEAR.fullmatch(match.group("volume"))
        ):
            pages = match.group("pages")
            pages = re.sub(r"\s*[-\u2013]{1,2}\s*", "-", pages) if pages else None
            name = match.group("name").strip(" ,;:")
            return Venue(name, match.group("volume"), pages, year)
    name = _YEAR.sub("", text).strip(" ,;:()")
    return Venue(name or text, None, None, year)


def cite_year(paper: Paper) -> int:
    """The year a citation gives: the journal's for a published paper, else the first version's.

    arXiv's own BibTeX export takes the latest version's year; papercorpus takes the year
    the work first appeared (v1, `published`, or the listing's `created`), as Google
    Scholar, DBLP and Semantic Scholar do: a v3 with a typo fixed is not a new work.
    Without a date, the identifier's year is the first version's too (`2104.12369`: 2021).
    """
    venue = venue_of(paper.journal_ref)
    if venue is not None and venue.year is not None:
        return venue.year
    date = paper.published or paper.created
    return date.year if date else paper.year


def warn_if_bare(papers: list[Paper], fmt: str) -> None:
    """One `CitationWarning` naming the papers without a title or authors (not enriched?)."""
    bare = [paper.arxiv_id for paper in papers if not paper.title or not paper.authors]
    if bare:
        shown = ", ".join(bare[:5]) + (f" and {len(bare) - 5:,} more" if len(bare) > 5 else "")
        warn(
            CitationWarning(
                f"{len(bare):,} papers have no title or no authors ({shown}): their {fmt} "
                "entries leave them out; enrich them first (papercorpus.enrich)"
            )
        )
