"""Papers' values for exports, derived fields included, without caching them on the papers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from papercorpus.models import derived_not_kept

if TYPE_CHECKING:
    from papercorpus.models import Paper

__all__ = ["dumped", "dumped_json"]


def dumped(paper: Paper) -> dict[str, Any]:
    """`paper.model_dump(mode="json")`, leaving no derived values behind it did not hold."""
    with derived_not_kept(paper):
        return paper.model_dump(mode="json")


def dumped_json(paper: Paper) -> str:
    """`paper.model_dump_json()`, leaving no derived values behind it did not hold."""
    with derived_not_kept(paper):
        return paper.model_dump_json()
