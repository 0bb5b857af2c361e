"""BibTeX in arXiv's own style: `@misc` with eprint, archivePrefix and primaryClass."""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING

from papercorpus.export._cite import cite_year, split_name, venue_of, warn_if_bare

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

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
    # The key's year is the first version's, whatever journal reference arrives later:
    # a key must not change when a paper is enriched again.
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


# Outside `$...$` math a `$` has no partner: text, escaped like the others.
_TEXT_SPECIALS = {"_": r"\_", "^": r"\^{}", "~": r"\textasciitilde{}", "$": r"\$"}
_TEXT_SPECIAL = re.compile(r"(?<!\\)[_^~$]")
# A word whose case a style must keep: a capital after its first letter (PanGu, GAN, 3D,
# Pangu-Weather, SU(N)). Braced, as DBLP does, so that `plain` cannot lowercase it.
# A control sequence (`\"B`, `\LaTeX`) and `$...$` math are part of their word: a brace
# never splits one. (latex_field leaves no `$` without its partner, so math always closes.)
_WORD = re.compile(r"(?:\\.|\$(?:\\.|[^$\\])*\$|[^\s{}\\$])+", re.DOTALL)


def _outside_math(text: str, change: Callable[[str], str], math: Callable[[str], str]) -> str:
    """`text` with `change` applied between `$...$` spans and `math` to the spans."""
    out, last = [], 0
    for match in _MATH.finditer(text):
        out.append(change(text[last : match.start()]))
        out.append(math(match.group(0)))
        last = match.end()
    out.append(change(text[last:]))
    return "".join(out)


def _text_escapes(segment: str) -> str:
    return _TEXT_SPECIAL.sub(lambda m: _TEXT_SPECIALS[m.group(0)], segment)


def latex_field(text: str) -> str:
    r"""A field value BibTeX reads whole and LaTeX typesets: specials escaped as needed.

    Text whose braces balance keeps its LaTeX (`PanGu-$\alpha$`); outside `$...$` math, bare
    `&`, `%`, `#`, `_`, `^` and `~` are escaped, so that LaTeX never stops at "Missing $
    inserted". Text that would break the entry (unbalanced braces, a trailing backslash) is
    written literally: `\`, `{` and `}` become `\textbackslash{}`, `\textbraceleft{}` and
    `\textbraceright{}`, so the entry always parses and reads back as the same text.

    Examples:
        >>> latex_field("Deep & fast {nets")
        'Deep \\& fast \\textbraceleft{}nets'
        >>> latex_field("Hilbert $C^*$ modules and N_c")
        'Hilbert $C^*$ modules and N\\_c'
    """
    text = " ".join(text.split())
    if not _is_safe(text):  # literally, math and all: `$` too is text here
        text = re.sub(r"[\\{}]", lambda m: _LITERAL[m.group(0)], text)
        return _SPECIAL.sub(r"\\\1", _text_escapes(text))
    return _SPECIAL.sub(r"\\\1", _outside_math(text, _text_escapes, lambda math: math))


def title_field(text: str) -> str:
    """`latex_field` with the case of capitals, acronyms and math kept: `{PanGu}`, `{$SU(N)$}`.

    A word is what stands between spaces, its math included: `{GeCo$_2$O$_4$}` is braced
    whole, as DBLP does, because BibTeX's `change.case$` lowercases math too.
    """

    def brace(match: re.Match[str]) -> str:
        word = match.group(0)
        core = word
        while core[-1:] in _TRAILING and core[-2:-1] != "\\":  # `\:` is a command: kept
            core = core[:-1]  # `{Pangu-Weather}:`, as DBLP writes it
        return f"{{{core}}}{word[len(core) :]}" if core and _keeps_case(core) else word

    return _WORD.sub(brace, latex_field(text))


_TRAILING = frozenset(":;,.!?")


def _keeps_case(word: str) -> bool:
    """A capital after the first letter (`PanGu`, `GAN`, `3D`, `$SU(N)$`) or in a symbol: `N_c`."""
    symbol = "\\_" in word or "\\^" in word
    return any(char.isupper() for char in (word if symbol else word[1:]))


def _name(name: str) -> str:
    # "ATLAS and CMS Collaborations" is one author, and so is a name with a comma (BibTeX
    # would read `Last, First` into it) or one that needed escapes:
    # braces keep BibTeX (and bibtexparser) from splitting them. Plain names stay unbraced,
    # so that styles can still tell first names from last names; a suffix (Jr, III) is
    # written as BibTeX reads one: `von Last, Jr, First`.
    value = latex_field(name)
    parts = split_name(name)
    needs = re.search(r"[\\,]|(?:^|\s)and(?:\s|$)", value, re.IGNORECASE)  # BibTeX's syntax
    if needs or (parts.literal and " " in parts.literal):  # a collaboration: one name
        return f"{{{value}}}"
    if parts.suffix and parts.given and not parts.literal:
        family = f"{parts.particle} {parts.family}".strip()
        return f"{family}, {parts.suffix}, {parts.given}"
    return value


def _entry(paper: Paper, key: str) -> str:
    venue = venue_of(paper.journal_ref)
    fields: list[tuple[str, str]] = []
    if paper.title:
        fields.append(("title", title_field(paper.title)))
    if paper.authors:
        fields.append(("author", " and ".join(_name(a.name) for a in paper.authors)))
    else:  # classic styles sort and label by `key` when there is no author
        fields.append(("key", f"arXiv:{paper.arxiv_id}"))
    if venue is not None:
        fields.append(("journal", latex_field(venue.container)))
        if venue.volume:
            fields.append(("volume", latex_field(venue.volume)))
        if venue.pages:
            fields.append(("pages", latex_field(venue.pages.replace("-", "--"))))
    fields.append(("year", str(cite_year(paper))))
    fields += [
        ("eprint", paper.arxiv_id),
        ("archivePrefix", "arXiv"),
        ("eprinttype", "arXiv"),
    ]
    if paper.primary_category:
        category = latex_field(paper.primary_category)
        fields += [("primaryClass", category), ("eprintclass", category)]
    # arXiv registers a DataCite DOI for every paper; a publisher's DOI wins where known.
    fields.append(("doi", latex_field(paper.doi or f"10.48550/arXiv.{paper.arxiv_id}")))
    # Classic styles (plain, plainnat, IEEEtran) print no eprint: the note shows the id.
    note = f"arXiv:{paper.arxiv_id}"
    if len(paper.dois) > 1:
        note += "; also " + ", ".join(f"doi:{latex_field(d)}" for d in paper.dois[1:])
    fields.append(("note", note))
    fields.append(("url", f"https://arxiv.org/abs/{paper.arxiv_id}"))
    body = ",\n".join(f"      {name}={{{value}}}" for name, value in fields)
    kind = "article" if venue is not None else "misc"
    return f"@{kind}{{{key},\n{body}\n}}\n"


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
    """BibTeX for the papers, keys unique within them (`zeng2021pangu`, then `...b`).

    A published paper (with a journal reference) is an `@article` with its journal,
    volume, pages and year; any other a `@misc`. Nothing is invented: a paper without a
    title or authors gets the fields it has, and a `CitationWarning` names it.
    """
    items = list(papers)
    warn_if_bare(items, "BibTeX")
    return "\n".join(_entry(p, key) for p, key in zip(items, unique_keys(items), strict=True))


def write_bibtex(papers: Iterable[Paper], stream: IO[str]) -> int:
    """Write `to_bibtex(papers)`; return how many entries were written."""
    items = list(papers)
    stream.write(to_bibtex(items))
    return len(items)
