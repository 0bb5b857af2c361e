"""Merging copies of one paper found in several records: the highest version wins."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from papercorpus.errors import Diagnostic, DiagnosticCode
from papercorpus.models import Paper

__all__ = ["merge_copies"]

# Fields a second copy of a paper can fill or contradict; `source` stays the first copy's.
_MERGED_FIELDS = tuple(
    name for name in Paper.model_fields if name not in {"arxiv_id", "version", "source"}
)


def _place(paper: Paper) -> str:
    return str(paper.source) if paper.source is not None else "<unknown>"


def merge_copies(copies: Sequence[Paper]) -> tuple[Paper, list[Diagnostic]]:
    """Merge copies of one paper: fill gaps from any copy; the highest version wins.

    Where two copies hold different values for a field, the value of the copy with the
    highest version (the first such copy on a tie) is kept and a diagnostic names both
    places.
    """
    first = copies[0]
    if len(copies) == 1:
        return first, []
    ranked = sorted(copies, key=lambda paper: -(paper.version or 0))  # stable: ties keep order
    update: dict[str, Any] = {"version": ranked[0].version}
    diagnostics: list[Diagnostic] = []
    for name in _MERGED_FIELDS:
        chosen: Any = None
        chosen_from: Paper | None = None
        for paper in ranked:
            value = getattr(paper, name)
            if value in (None, ()):
                continue
            if chosen_from is None:
                chosen, chosen_from = value, paper
            elif value != chosen:
                diagnostics.append(_conflict(name, chosen_from, paper, value))
        if chosen_from is not None:
            update[name] = chosen
    return first.model_copy(update=update), diagnostics


def _conflict(name: str, kept: Paper, other: Paper, value: object) -> Diagnostic:
    line = other.source.line if other.source is not None else 1
    path = other.source.path if other.source is not None else None
    return Diagnostic(
        path,
        line,
        1,
        DiagnosticCode.CONFLICT,
        f"the same {name} as {_place(kept)} for {kept.arxiv_id} (kept from there)",
        f"{value!r}",
        # The dropped text itself, as written, so that nothing of the input is lost.
        text=value if isinstance(value, str) else None,
        arxiv_id=kept.arxiv_id,
    )
