"""Papers' values for exports, derived fields included, without caching them on the papers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from papercorpus.derive import derived_values

if TYPE_CHECKING:
    from papercorpus.models import Paper

__all__ = ["derived_rows", "dumped", "dumped_json"]


def derived_rows(papers: list[Paper]) -> list[tuple[Any, ...]]:
    """Each paper's derived values (`derived_values`): those it holds, else made now.

    Made values are not kept on the paper: an export of a million papers must not leave a
    million sets of derived values behind (they would double the corpus's memory).
    """
    rows = []
    for paper in papers:
        values = paper.__dict__.get("_derived")
        if values is None:
            values = derived_values(
                paper.arxiv_id,
                paper.version,
                paper.abstract,
                paper.title,
                paper.comments,
                squashed=True,
            )
        rows.append(values)
    return rows


def dumped(paper: Paper, *, mode: Literal["json", "python"] = "json") -> dict[str, Any]:
    """`paper.model_dump(mode=...)`, leaving no derived values cached that it did not hold."""
    held = "_derived" in paper.__dict__
    data = paper.model_dump(mode=mode)
    if not held:
        paper.__dict__.pop("_derived", None)
    return data


def dumped_json(paper: Paper) -> str:
    """`paper.model_dump_json()`, leaving no derived values cached that it did not hold."""
    held = "_derived" in paper.__dict__
    text = paper.model_dump_json()
    if not held:
        paper.__dict__.pop("_derived", None)
    return text
