"""A generated arXiv metadata snapshot, line for line in the layout of the published file.

`arxiv-metadata-oai-snapshot.json` holds one JSON object a line; each field below is shaped
as the real ones are (wrapped titles and abstracts with two leading spaces, LaTeX accents
in `authors` and decoded names in `authors_parsed`, several versions, nulls), with the real
file's proportions: about 1,600 bytes a record, old-style identifiers for one in six.
"""

from __future__ import annotations

import json
import random
import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

WORDS = (  # noqa: SIM905 (a sentence reads better than a list of words)
    "we study the quantum field theory of black holes and show that the entropy of "
    "gravitational waves in galaxies depends on neural networks trained with stochastic "
    "gradient descent on large language models for protein folding in graphene lattices"
).split()
PEOPLE = (
    ("Balázs", "C.", "Bal\\'azs"), ("Müller", "Jörg", 'M\\"uller'), ("Berger", "E. L.", "Berger"),
    ("Yuan", "C. -P.", "Yuan"), ("Smith", "John", "Smith"), ("Nadolsky", "P. M.", "Nadolsky"),
    ("García", "Ana", "Garc\\'ia"), ("Wang", "Li", "Wang"), ("Collaboration", "", "Collaboration"),
)  # fmt: skip
CATEGORIES = ("hep-ph", "hep-th", "astro-ph.CO", "cs.LG", "cs.CV", "math.AP", "quant-ph")
OLD_ARCHIVES = ("hep-ph", "hep-th", "astro-ph", "math", "cond-mat", "quant-ph")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def new_style_id(index: int) -> str:
    """A unique new-style identifier: 99,999 papers a month from 1501 on."""
    month = 1501 + (index // 99_999) // 12 * 100 + (index // 99_999) % 12
    return f"{month}.{index % 99_999 + 1:05d}"


def old_style_id(index: int) -> str:
    """The `index`-th unique old-style identifier: 999 a month an archive, from 9201 on.

    Six archives hold 1.1 million of them before 0703, the last old-style month.
    """
    archive = OLD_ARCHIVES[index % len(OLD_ARCHIVES)]
    number = index // len(OLD_ARCHIVES)
    months = number // 999
    yy, mm = 92 + months // 12, months % 12 + 1
    return f"{archive}/{yy % 100:02d}{mm:02d}{number % 999 + 1:03d}"


def _wrapped(rng: random.Random, low: int, high: int, indent: str) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))
    return "\n".join(indent + line for line in textwrap.wrap(text, 78))


def _created(rng: random.Random, year: int) -> str:
    return (
        f"{rng.choice(DAYS)}, {rng.randint(1, 28)} {rng.choice(MONTHS)} {year} "
        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} GMT"
    )


def record(rng: random.Random, arxiv_id: str) -> dict[str, object]:
    """One line of the snapshot, as a dict."""
    people = rng.sample(PEOPLE, rng.randint(1, 5))
    year = rng.randint(2007, 2024)
    versions = [
        {"version": f"v{n}", "created": _created(rng, year + n // 2)}
        for n in range(1, rng.randint(1, 4) + 1)
    ]
    primary = rng.choice(CATEGORIES)
    maybe = rng.random
    return {
        "id": arxiv_id,
        "submitter": people[0][1] + " " + people[0][0] if maybe() < 0.9 else None,
        "authors": ", ".join(f"{first} {typed}".strip() for _, first, typed in people),
        "title": _wrapped(rng, 6, 16, "").replace("\n", "\n  "),
        "comments": f"{rng.randint(4, 40)} pages, {rng.randint(1, 9)} figures"
        if maybe() < 0.7
        else None,
        "journal-ref": f"Phys.Rev.D{rng.randint(50, 99)}:0{rng.randint(10000, 99999)},{year}"
        if maybe() < 0.3
        else None,
        "doi": f"10.1103/PhysRevD.{rng.randint(50, 99)}.0{rng.randint(10000, 99999)}"
        if maybe() < 0.35
        else None,
        "report-no": f"ANL-HEP-PR-{year % 100:02d}-{rng.randint(1, 99)}" if maybe() < 0.1 else None,
        "categories": " ".join([primary, *rng.sample(CATEGORIES, rng.randint(0, 2))]),
        "license": "http://arxiv.org/licenses/nonexclusive-distrib/1.0/" if maybe() < 0.5 else None,
        "abstract": "  " + _wrapped(rng, 100, 190, "").replace("\n", "\n") + "\n",
        "versions": versions,
        "update_date": f"{year + 1}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "authors_parsed": [[last, first, ""] for last, first, _ in people],
    }


def generate(path: Path, records: int, seed: int = 0) -> list[str]:
    """Write `records` lines to `path`; return their identifiers, in file order."""
    rng = random.Random(seed)
    ids = []
    with path.open("w", encoding="utf-8") as out:
        for index in range(records):
            arxiv_id = old_style_id(index // 6) if index % 6 == 5 else new_style_id(index)
            ids.append(arxiv_id)
            out.write(json.dumps(record(rng, arxiv_id)) + "\n")
    return ids
