"""DOIs: a field of several, and where a DOI glued to the next abstract ends.

arXiv's DOI field may hold several DOIs, separated by whitespace or by `;` or `,` followed
by whitespace (`split_dois`). In a compact listing the field is glued to the next record's
abstract (`10.1007/s00205-010-0322-xIn a previous paper`): `split_glued` decides where the
DOI ends with the suffix shapes of the publishers arXiv papers cite most (`SHAPES`), then
with FORMAT.md's rule (a digit followed by a capital letter that starts a word), and says
when that is a guess.

Examples:
    >>> split_dois("10.1002/andp.201000099; 10.1002/andp.201200739")
    ('10.1002/andp.201000099', '10.1002/andp.201200739')
    >>> glued = split_glued("10.1007/s00205-010-0322-xIn a previous paper")
    >>> glued.dois, glued.rest, glued.readings
    (('10.1007/s00205-010-0322-x',), 'In a previous paper', ())
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final

__all__ = ["SHAPES", "DoiShape", "Glued", "all_dois", "is_doi", "split_dois", "split_glued"]

_SEPARATOR = re.compile(r"[;,]?\s+")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_PREFIX = re.compile(r"10\.\d{4,9}/")
_MAX_SUFFIX = 120  # characters: the longest suffix a publisher's shape is tried on
_WORD_LOOK = 40  # characters of a glued word looked at
# Where an abstract may start inside a glued token: a letter, TeX, a bracket or quote, or a
# digit before a capital (`2MASS`); never inside a run of digits or at punctuation.
_MAY_START = re.compile(r"(?=[^\W\d_]|[$\\(\[\"'`]|\d[A-Z])")
_TOKEN = re.compile(r"\S*")
_NUMBERED_WORD = re.compile(r"\d[A-Z]+(?![A-Za-z])")  # 2MASS, 3D: a word may start so


@dataclass(frozen=True, slots=True)
class DoiShape:
    """A publisher's DOI suffixes: `pattern` matches a whole suffix of `prefix`."""

    prefix: str
    publisher: str
    pattern: str
    example: str


#: The suffix shapes of the registrants whose DOIs arXiv papers carry most, chosen by
#: counting the prefixes of real DOI fields (docs/format.md says which), plus those that
#: listings of computer science and statistics carry. Each `example` is a real DOI. A shape
#: settles where a glued DOI ends only when one reading fits it; see `split_glued`.
SHAPES: Final[tuple[DoiShape, ...]] = (
    DoiShape("10.1103", "APS", r"Phys[A-Za-z]+\.\d{1,3}\.\d{6}|RevModPhys\.\d{2}\.\d+",
             "10.1103/PhysRevLett.106.055301"),
    DoiShape("10.1088", "IOP",
             r"\d{4}-\d{3}[\dX]/(?:\d+/)*[A-Z]?\d+|\d{4}-\d{3}[\dX]/[a-z]{2}\d{4,5}",
             "10.1088/0004-637X/728/2/145"),
    DoiShape("10.1016", "Elsevier",
             r"j\.[a-z]+\.\d{4}\.\d{2}\.\d{3}|S\d{4}-\d{3}[\dX]\(\d{2}\)\d{5}-[\dX]",
             "10.1016/j.physletb.2010.09.065"),
    DoiShape("10.1007", "Springer",
             r"s\d{5}-\d{3}-\d{4}-[\da-zX]|JHEP\d{2}\(\d{4}\)\d{3}|BF\d{8}|978-\d-\d{3}-\d{5}-\d_\d+",
             "10.1007/s00205-010-0322-x"),
    DoiShape("10.1063", "AIP", r"\d\.\d{7}", "10.1063/1.3571003"),
    DoiShape("10.1111", "Wiley-Blackwell", r"j\.\d{4}-\d{3}[\dX]\.\d{4}\.\d{5}\.x",
             "10.1111/j.1365-2966.2010.17886.x"),
    DoiShape("10.1051", "EDP Sciences", r"0004-6361/\d{9}|0004-6361:\d{8}|[a-z]+/\d{7,11}",
             "10.1051/0004-6361/201015984"),
    DoiShape("10.1142", "World Scientific", r"S\d{7}[\dX]\d{8}", "10.1142/S0217979210057201"),
    DoiShape("10.1209", "EPL", r"0295-5075/\d{2,3}/\d{5}", "10.1209/0295-5075/93/10001"),
    DoiShape("10.1140", "EPJ",
             r"epj[a-z]+/[a-z]\d{4}-\d{5}-[\da-z]|epjc/s\d{5}-\d{3}-\d{4}-[\da-z]",
             "10.1140/epjb/e2011-10669-1"),
    DoiShape("10.1364", "Optica", r"[A-Z]+\.\d{2}\.\d{6}", "10.1364/OE.20.018173"),
    DoiShape("10.1017", "Cambridge", r"S\d{7}[\dX]\d{8}", "10.1017/S0305004110000630"),
    DoiShape("10.1038", "Nature",
             r"n[a-z]+\d{4,5}|\d{6}[a-z]|s\d{5}-\d{3}-\d{5}-[\da-zX]", "10.1038/nphys1761"),
    DoiShape("10.1112", "LMS", r"[a-z]+/[a-z]{3}\d{3}|S\d{7}[\dX]\d{8}", "10.1112/plms/pdq019"),
    DoiShape("10.1090", "AMS", r"S\d{4}-\d{4}-\d{4}-\d{5}-[\dX]",
             "10.1090/S0894-0347-2010-00686-8"),
    DoiShape("10.1214", "IMS", r"\d{2}-[A-Z]{2,5}\d{2,4}", "10.1214/12-AOS1035"),
    DoiShape("10.2140", "MSP", r"[a-z]+\.\d{4}\.\d{1,3}\.\d{1,5}", "10.2140/ant.2012.6.1369"),
    DoiShape("10.3842", "SIGMA", r"SIGMA\.\d{4}\.\d{3}", "10.3842/SIGMA.2011.054"),
    DoiShape("10.1109", "IEEE", r"[A-Z][A-Z-]*\.\d{4}(?:\.\d+)+", "10.1109/TCAD.2020.3043328"),
    DoiShape("10.1145", "ACM", r"\d{6,7}\.\d{6,7}", "10.1145/3386569.3392408"),
    DoiShape("10.1039", "RSC", r"[A-Za-z]\d[A-Za-z]{2}\d{5}[A-Za-z]", "10.1039/C1CC10314H"),
    DoiShape("10.1093", "OUP", r"[a-z]+/[a-z]{2,5}\d{2,5}", "10.1093/mnras/stw1234"),
    DoiShape("10.3847", "AAS", r"\d{4}-\d{3}[\dX]/[a-z]{2,3}[\da-z]{3,5}",
             "10.3847/1538-4357/aa7ef3"),
    DoiShape("10.1086", "Chicago", r"\d{6}", "10.1086/345678"),
    DoiShape("10.1137", "SIAM", r"\d{9}|\d{2}M\d{7}", "10.1137/090771806"),
    DoiShape("10.1002", "Wiley", r"[a-z]+\.\d{4,9}", "10.1002/andp.201000099"),
    DoiShape("10.1080", "Taylor & Francis", r"\d{8}\.\d{4}\.\d{5,6}|\d{17}",
             "10.1080/10586458.2011.576539"),
    DoiShape("10.1146", "Annual Reviews", r"annurev[.-][a-z]+[.-]\d{6}[.-]\d{6}",
             "10.1146/annurev.nucl.012809.104511"),
    DoiShape("10.2478", "De Gruyter", r"s\d{5}-\d{3}-\d{4}-[\da-zX]", "10.2478/s11533-011-0046-7"),
    DoiShape("10.1371", "PLOS", r"journal\.p[a-z]+\.\d{7}", "10.1371/journal.pone.0010355"),
    DoiShape("10.1143", "PTP", r"PTPS?\.\d{3}\.\d{1,4}", "10.1143/PTP.125.815"),
    DoiShape("10.1121", "ASA", r"\d\.\d{7}", "10.1121/1.3643818"),
    DoiShape("10.3150", "Bernoulli", r"\d{2}-BEJ\d{2,4}", "10.3150/10-BEJ265"),
    DoiShape("10.48550", "arXiv", r"arXiv\.\d{4}\.\d{4,5}", "10.48550/arXiv.2104.12369"),
)  # fmt: skip


@cache
def _shapes() -> dict[str, re.Pattern[str]]:
    """The patterns of `SHAPES` by prefix, compiled when a glued DOI is first split."""
    return {shape.prefix: re.compile(shape.pattern) for shape in SHAPES}


def is_doi(text: str) -> bool:
    """Whether `text` has the form of a DOI: `10.NNNN/suffix`, no whitespace."""
    return _DOI.fullmatch(text) is not None


def split_dois(field: str | None) -> tuple[str, ...]:
    """The DOIs of a DOI field, in order: split at whitespace, or `;`/`,` and whitespace.

    A `;` inside a DOI (`...3.0.CO;2-X`) stays: only one followed by whitespace separates.
    """
    if not field:
        return ()
    return tuple(part for part in _SEPARATOR.split(field.strip().rstrip(";,")) if part)


def all_dois(doi: object, dois: object) -> tuple[str, ...] | None:
    """Every DOI of a paper's `doi` (a field of one or several) and `dois`, once, in order.

    None when the values are not text (for the caller's validation to report).
    """
    if not isinstance(doi, (str, type(None))):
        return None
    if isinstance(dois, str):
        dois = split_dois(dois)
    if dois is None:
        dois = ()
    if not isinstance(dois, (list, tuple)) or not all(isinstance(d, str) for d in dois):
        return None
    listed = split_dois(doi) if doi else ()
    extra = tuple(dois)
    return tuple(dict.fromkeys(" ".join(d.split()) for d in (*listed, *extra) if d.strip()))


@dataclass(frozen=True, slots=True)
class Glued:
    """A DOI field glued to the next abstract, split: the DOIs, the rest, any doubt.

    `readings` lists the other ways the last DOI could end (each a DOI), when the shapes
    and the rule left more than one: the split taken is then a guess (`guessed`), made by
    FORMAT.md's rule when no publisher's shape fitted (`by_rule`). `problem` says what is
    wrong when no DOI could be read at all.
    """

    dois: tuple[str, ...]
    rest: str
    readings: tuple[str, ...] = ()
    guessed: bool = False
    problem: str | None = None
    by_rule: bool = False  # no publisher's shape fitted: the rule (or whitespace) decided


def _word_score(glued: str, after: str) -> int:
    r"""How much `glued` (then `after`) looks like the start of an abstract: 0 to 3.

    3: nothing glued, or a capitalised word (`In`, `Étude`, `A `); 2: an acronym (`CNNs`,
    `MASS`), a number before one (`2MASS`), or TeX (`$`, `\`); 1: a lowercase word, a
    capital alone (`D point`, `X-ray`) or a number before one (`3D`); 0: anything else (a
    digit then a digit: the DOI's own number, cut).
    """
    if not glued:
        return 3
    glued = glued[:_WORD_LOOK]
    first = glued[0]
    second = glued[1] if len(glued) > 1 else (after[:1] or " ")
    score = 0
    if first.isupper():
        if second.islower() or (first in "AI" and second.isspace()):
            score = 3  # a word: `In`, `We`, `Étude`, `A `, `I `
        else:
            score = 2 if second.isupper() else 1  # an acronym; `D point`, `X-ray`
    elif first in "$\\([\"'`":
        score = 2
    elif first.islower():
        score = 1
    elif first.isdigit():
        numbered = _NUMBERED_WORD.match(glued + after[:1])
        if numbered is not None:
            score = 2 if numbered.end() > 2 else 1
    return score


def _rule_ends(suffix: str) -> list[int]:
    """FORMAT.md's rule: after a digit, before a capital letter followed by a letter or space.

    And before TeX (`$`, a backslash), which no DOI holds but abstracts start with.
    """
    return [
        i + 1
        for i in range(len(suffix) - 1)
        if (
            suffix[i].isdigit()
            and suffix[i + 1].isupper()
            and (i + 2 >= len(suffix) or suffix[i + 2].isalpha() or suffix[i + 2] == " ")
        )
        or (suffix[i + 1] in "$\\" and i > 0)
    ]


def _last_digit(token: str, start: int) -> str | None:
    """The other reading of a DOI taken whole: up to its last digit (most DOIs end so).

    `10.1/x.3328` of `10.1/x.3328we`; None when no digit follows `start`.
    """
    for i in range(len(token) - 2, start - 1, -1):
        if token[i].isdigit():
            return token[: i + 1]
    return None


def _ends(prefix: str, token: str, after: str) -> tuple[list[tuple[int, int]], bool]:
    """Where the DOI in `token` (which starts with `prefix`) may end, each scored.

    And whether they come from a publisher's shape (else from the rule, or the whole token).
    """
    suffix = token[len(prefix) :]
    shape = _shapes().get(prefix[:-1])
    if shape is not None:
        # Publishers' suffixes are short: ends past _MAX_SUFFIX are not tried (linear time
        # on a line of any length).
        starts = [m.start() for m in _MAY_START.finditer(suffix, 1, _MAX_SUFFIX)]
        fits = [
            end
            for end in (*starts, len(suffix))
            if end <= _MAX_SUFFIX
            and _word_score(suffix[end:], after) > 0
            and shape.fullmatch(suffix, 0, end)
        ]
        if fits:
            return [(_word_score(suffix[end:], after), end) for end in fits], True
    rule = _rule_ends(suffix)
    if rule:
        return [(_word_score(suffix[end:], after), end) for end in rule], False
    return [(3, len(suffix))], False


def split_glued(text: str) -> Glued:
    """Split a compact listing's DOI field from the abstract glued after it.

    DOIs separated as `split_dois` says are read one by one; the last one's end is where a
    publisher's shape fits it with the rest starting like an abstract, else where the rule
    says, else at the first whitespace. When more than one end fits, the one whose rest
    looks most like the start of an abstract is taken (the longest DOI on a tie) and the
    others are the `readings`.
    """
    dois: list[str] = []
    position = 0
    while True:
        prefix = _PREFIX.match(text, position)
        token_end = _TOKEN.match(text, position).end()  # type: ignore[union-attr]  # \S* always matches
        token, after = text[position:token_end], text[token_end:]
        if prefix is None:
            if dois:  # a field of several whose last is followed by the abstract
                return Glued(tuple(dois), text[position:].lstrip())
            if not token:
                return Glued((), text, problem="a DOI after '- doi:'")
            return Glued((), text, problem="a DOI of the form 10.NNNN/suffix after '- doi:'")
        following = _SEPARATOR.match(text, token_end - (token[-1:] in {";", ","}))
        if following is not None and _PREFIX.match(text, following.end()):
            dois.append(token.rstrip(";,"))  # another DOI follows: this one is whole
            position = following.end()
            continue
        ends, shaped = _ends(prefix.group(), token, after)
        # The best-looking start of an abstract; on a tie, the longest DOI a shape allows,
        # or the rule's first place (FORMAT.md).
        ends.sort(key=lambda scored: (-scored[0], -scored[1] if shaped else scored[1]))
        best_score, best = ends[0]
        cut = len(prefix.group()) + best
        dois.append(token[:cut])
        # Another end is a reading worth naming when it looks about as good: as good, or
        # a word of some shape (an acronym, `2MASS`) against a capitalised one.
        others = [
            token[: len(prefix.group()) + end]
            for score, end in ends[1:]
            if score in {best_score, 2, 3}
        ]
        rest = token[cut:] + after if cut < len(token) else after.lstrip()
        # Without a shape, any end is the rule's guess (or the whitespace's, text after).
        guessed = bool(others) or best_score == 0 or (not shaped and bool(rest.strip()))
        if guessed and not shaped and cut < len(token):
            others.append(token)  # the other reading: the DOI runs to the whitespace
        elif guessed and not others:  # taken whole: the other reading ends at a word
            other = _last_digit(token, len(prefix.group()))
            if other is not None:
                others.append(other)
        return Glued(tuple(dois), rest, tuple(others), guessed=guessed, by_rule=not shaped)
