"""What an enrichment is asked for: each item's identifier, parsed once, held as columns."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from papercorpus.ids import ID_PATTERN, ArxivId
from papercorpus.models import Paper

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pyarrow as pa

__all__ = ["Requests", "requests_of"]

#: From this many identifiers on, those written exactly as arXiv writes them are parsed by
#: Arrow's regular expressions (RE2, linear) all at once; the others, one at a time.
COLUMNAR_FROM = 10_000
# `ID_PATTERN` with an optional version: what `ArxivId.parse` takes without its slow path.
_EXACT = f"^(?P<base>{ID_PATTERN})(?:v(?P<version>[1-9][0-9]{{0,3}}))?$"
_BASE = f"^(?:{ID_PATTERN})$"
_SUBJECT_CLASS = r"^([a-z-]+)\.[A-Z]{2}/"  # math.GT/0309136 is math/0309136


@dataclass(slots=True)
class Requests:
    """The items of one run, by position: as asked, and their identifier's parts."""

    requested: list[str] = field(default_factory=list)
    keys: list[str | None] = field(default_factory=list)  # canonical; None: invalid
    bases: list[str | None] = field(default_factory=list)
    versions: list[int | None] = field(default_factory=list)
    papers: dict[int, Paper] = field(default_factory=dict)  # the items that were Papers
    reasons: dict[int, str] = field(default_factory=dict)  # why an item is no identifier
    #: `keys`, `bases` and `versions` as Arrow arrays too, when parsed a column at a time:
    #: a snapshot lookup takes them as they are.
    arrow: tuple[pa.Array, pa.Array, pa.Array] | None = field(
        default=None, compare=False, repr=False
    )

    def __len__(self) -> int:
        """How many items."""
        return len(self.requested)

    def identifier(self, position: int) -> ArxivId:
        """The identifier asked for at a valid position."""
        base = self.bases[position]
        assert base is not None  # noqa: S101 (callers ask at valid positions only)
        return ArxivId(base, self.versions[position])

    def unique_keys(self) -> list[str]:
        """The valid items' keys, each once, in the order first asked."""
        unique = dict.fromkeys(self.keys)
        unique.pop(None, None)  # an invalid item has no key
        return cast("list[str]", list(unique))

    def unique_count(self) -> int:
        """How many different valid keys: Arrow's hash table when the keys are a column."""
        if self.arrow is None:
            return len(self.unique_keys())
        import pyarrow.compute as pc  # noqa: PLC0415 (Arrow made `arrow`)

        keys = self.arrow[0]
        invalid = 1 if keys.null_count else 0  # null: one more value, not a key
        return len(pc.unique(keys)) - invalid

    def add(self, item: Paper | ArxivId | str) -> None:
        """Parse one item and append it."""
        if isinstance(item, Paper):
            self.papers[len(self.requested)] = item
            identifier = item.identifier
            text = str(identifier)
        else:
            text = str(item)
            try:
                identifier = ArxivId.parse(item)
            except ValueError as exc:
                self.reasons[len(self.requested)] = str(exc)
                self.requested.append(text)
                self.keys.append(None)
                self.bases.append(None)
                self.versions.append(None)
                return
        self.requested.append(text)
        self.keys.append(identifier.canonical)
        self.bases.append(identifier.base)
        self.versions.append(identifier.version)


def requests_of(items: Iterable[Paper | ArxivId | str]) -> Requests:
    """Each item's identifier: parsed once, reasons kept for those that are none.

    A long list of strings (a reading list) is parsed a column at a time when pyarrow is
    there: the same answers as one at a time (property-tested), without a Python loop.
    """
    listed = items if isinstance(items, list) else list(items)
    if (
        len(listed) >= COLUMNAR_FROM
        and set(map(type, listed)) == {str}  # in C, not a generator's frame an item
        and importlib.util.find_spec("pyarrow") is not None
    ):
        return columnar(cast("list[str]", listed))
    requests = Requests()
    for item in listed:
        requests.add(item)
    return requests


def columnar(texts: list[str]) -> Requests:
    """`requests_of` strings, with Arrow: the exact forms at once, the rest one at a time."""
    import pyarrow as pa  # noqa: PLC0415 (checked by the caller)
    import pyarrow.compute as pc  # noqa: PLC0415

    asked = pa.array(texts, pa.string())
    if pc.all(pc.match_substring_regex(asked, _BASE)).as_py():
        # The usual reading list: each identifier its own base, no version. A match is
        # cheaper than taking the parts apart.
        odd = None
        bases = asked
        versions = pa.nulls(len(texts), pa.int32())
    else:
        parts = pc.extract_regex(asked, _EXACT)
        odd = pc.is_null(parts)  # not written as arXiv writes them: parsed one at a time
        bases = pc.struct_field(parts, "base")
        digits = pc.struct_field(parts, "version")
        versions = pc.if_else(pc.equal(digits, ""), None, digits).cast(pa.int32())
    keys = (  # only an old identifier (with a "/") may be written with a subject class
        pc.replace_substring_regex(bases, _SUBJECT_CLASS, r"\1/")
        if pc.any(pc.match_substring(bases, "/")).as_py()
        else bases
    )
    base_list = _shared(bases, asked, texts)
    requests = Requests(
        requested=texts,
        keys=_shared(keys, bases, base_list),
        bases=base_list,
        versions=versions.to_pylist(),
    )
    positions = [] if odd is None else pc.indices_nonzero(odd).to_pylist()
    for position in positions:
        one = Requests()
        one.add(texts[position])
        requests.keys[position] = one.keys[0]
        requests.bases[position] = one.bases[0]
        requests.versions[position] = one.versions[0]
        if one.reasons:
            requests.reasons[position] = one.reasons[0]

    def mended(column: pa.Array, values: list[Any]) -> pa.Array:
        if not positions:
            return column
        return pc.replace_with_mask(
            column, odd, pa.array([values[p] for p in positions], column.type)
        )

    requests.arrow = (
        mended(keys, requests.keys),
        mended(bases, requests.bases),
        mended(versions, requests.versions),
    )
    return requests


def _shared(column: pa.Array, other: pa.Array, others: list[Any]) -> list[Any]:
    """`column` as a list, holding `others`' string where `other` holds the same value.

    A reading list's identifiers are mostly written as their base, which is mostly their
    key: one string object a request, not three.
    """
    import pyarrow.compute as pc  # noqa: PLC0415 (with `columnar`)

    if column is other:
        return list(others)
    same = pc.fill_null(pc.equal(column, other), False)  # noqa: FBT003 (the fill value)
    if pc.all(same).as_py():
        return list(others)
    values: list[Any] = column.to_pylist()
    for position in pc.indices_nonzero(same).to_pylist():
        values[position] = others[position]
    return values
