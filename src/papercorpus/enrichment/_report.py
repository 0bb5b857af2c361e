"""What an enrichment run did, one outcome per requested identifier."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Literal, cast, overload

from papercorpus._warn import warn
from papercorpus.errors import EnrichmentWarning

if TYPE_CHECKING:
    import pandas as pd

    from papercorpus.enrichment._repairs import Difference, Repair

__all__ = [
    "FILLED",
    "STATUSES",
    "EnrichmentReport",
    "Outcome",
    "OutcomeStatus",
    "Outcomes",
    "abstracts_disagree",
    "warn_if_all_failed",
]

#: What happened to one requested identifier (a Paper's own `status` is another thing:
#: `papercorpus.derive.Status`, published, withdrawn...).
OutcomeStatus = Literal["enriched", "cached", "snapshot", "not_found", "invalid", "failed"]
_HTML_ROWS = 20
#: Every status, in the order reports list them.
STATUSES: tuple[OutcomeStatus, ...] = (
    "enriched", "cached", "snapshot", "not_found", "invalid", "failed",
)  # fmt: skip
#: The statuses of an identifier whose paper was filled.
FILLED: frozenset[OutcomeStatus] = frozenset({"enriched", "cached", "snapshot"})


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one requested identifier.

    `status` is `enriched` (fetched from the API now), `cached` (from the cache, no
    request), `snapshot` (from a snapshot index, see `papercorpus.Snapshot`), `not_found`
    (arXiv has no such paper), `invalid` (not an identifier, or one
    arXiv rejects; never sent twice) or `failed` (`reason` says why: HTTP 503 after the
    retries, offline and not cached...). `abstract_mismatch` flags a listing abstract that
    clearly disagrees with arXiv's: the listing may carry a wrong identifier.
    """

    requested: str
    arxiv_id: str | None
    status: OutcomeStatus
    reason: str | None = None
    abstract_mismatch: bool = False
    latest_version: int | None = None

    @property
    def filled(self) -> bool:
        """Whether a paper was filled (from the API, the cache or a snapshot index)."""
        return self.status in FILLED


class Outcomes(Sequence[Outcome]):
    """Every requested identifier's outcome, in input order, held as columns.

    A run over a million identifiers keeps a few lists, not a million objects: an
    `Outcome` is made when one is read.
    """

    __slots__ = ("arxiv_ids", "latest_versions", "mismatched", "reasons", "requested", "statuses")

    def __init__(  # noqa: PLR0913 (one list a column)
        self,
        requested: list[str],
        arxiv_ids: list[str | None],
        statuses: list[OutcomeStatus],
        latest_versions: list[int | None],
        *,
        reasons: dict[int, str] | None = None,
        mismatched: frozenset[int] = frozenset(),
    ) -> None:
        """Hold the columns (`reasons` and `mismatched` by position, for the few)."""
        self.requested = requested
        self.arxiv_ids = arxiv_ids
        self.statuses = statuses
        self.latest_versions = latest_versions
        self.reasons = reasons or {}
        self.mismatched = mismatched

    @classmethod
    def of(cls, outcomes: Iterable[Outcome]) -> Outcomes:
        """The columns of `Outcome` objects."""
        if isinstance(outcomes, Outcomes):
            return outcomes
        items = list(outcomes)
        return cls(
            [o.requested for o in items],
            [o.arxiv_id for o in items],
            [o.status for o in items],
            [o.latest_version for o in items],
            reasons={i: o.reason for i, o in enumerate(items) if o.reason is not None},
            mismatched=frozenset(i for i, o in enumerate(items) if o.abstract_mismatch),
        )

    def __len__(self) -> int:
        """How many identifiers were requested."""
        return len(self.statuses)

    @overload
    def __getitem__(self, index: int) -> Outcome: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Outcome, ...]: ...
    def __getitem__(self, index: int | slice) -> Outcome | tuple[Outcome, ...]:
        """The outcome at a position (a tuple of them for a slice)."""
        if isinstance(index, slice):
            return tuple(self._outcome(i) for i in range(len(self))[index])
        size = len(self)
        if not -size <= index < size:
            raise IndexError(f"outcome {index} out of range: {size:,} outcomes")
        return self._outcome(index % size)

    def _outcome(self, i: int) -> Outcome:
        return Outcome(
            self.requested[i],
            self.arxiv_ids[i],
            self.statuses[i],
            self.reasons.get(i),
            abstract_mismatch=i in self.mismatched,
            latest_version=self.latest_versions[i],
        )

    def __eq__(self, other: object) -> bool:
        """Equal to outcomes (a tuple or columns) of the same values, in order."""
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # compared by value, like a tuple

    def __repr__(self) -> str:
        """`Outcomes(n)`: short whatever the run's size."""
        return f"<Outcomes: {len(self):,}>"

    def ids(self, status: OutcomeStatus) -> list[str]:
        """The identifiers, as requested, whose outcome has `status`."""
        return [r for r, s in zip(self.requested, self.statuses, strict=True) if s == status]


@dataclass(frozen=True, repr=False)
class EnrichmentReport:
    """The outcome of every requested identifier, in input order, and what it cost."""

    outcomes: Sequence[Outcome]
    """Held as columns (`Outcomes`), whatever was given: one `Outcome` is made when read."""
    requests: int = 0
    seconds: float = 0.0
    repairs: tuple[Repair, ...] = ()
    """Listing fields corrected with arXiv's metadata: DOIs split in the wrong place (a
    compact listing's guess), and the abstract of the record after each."""
    differences: tuple[Difference, ...] = ()
    """Listing fields that disagree with arXiv's (DOIs, abstract, comments, created): kept as
    the listing has them unless the run overwrites."""
    counts: Counter[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Hold the outcomes as columns (given as `Outcome`s too), and count them once."""
        object.__setattr__(self, "outcomes", Outcomes.of(self.outcomes))
        object.__setattr__(self, "counts", Counter(self._columns.statuses))

    def _ids(self, status: OutcomeStatus) -> list[str]:
        return self._columns.ids(status)

    @property
    def _columns(self) -> Outcomes:
        return cast("Outcomes", self.outcomes)  # made so by __post_init__

    @property
    def enriched(self) -> list[str]:
        """Identifiers enriched from the network in this run."""
        return self._ids("enriched")

    @property
    def cached(self) -> list[str]:
        """Identifiers enriched from the cache, without a request."""
        return self._ids("cached")

    @property
    def snapshot(self) -> list[str]:
        """Identifiers filled from the snapshot index, without a request."""
        return self._ids("snapshot")

    @property
    def not_found(self) -> list[str]:
        """Well-formed identifiers arXiv has no paper for."""
        return self._ids("not_found")

    @property
    def invalid(self) -> list[str]:
        """Inputs that are no arXiv identifier (never sent), or that arXiv rejected."""
        return self._ids("invalid")

    @property
    def failed(self) -> list[str]:
        """Identifiers that could not be looked up; each outcome's `reason` says why."""
        return self._ids("failed")

    @property
    def mismatched(self) -> list[str]:
        """Identifiers whose listing abstract clearly differs from arXiv's summary."""
        columns = self._columns
        return [columns.requested[i] for i in sorted(columns.mismatched)]

    @property
    def ok(self) -> bool:
        """Whether every identifier was filled (from the network, the cache or a snapshot)."""
        return all(status in FILLED for status in self.counts)

    def summary(self) -> str:
        """One line: how many of each status, requests made, time taken."""
        parts = [
            f"{self.counts[status]} {status.replace('_', ' ')}"
            for status in STATUSES
            if status != "snapshot" or self.counts[status]  # said only for snapshot runs
        ]
        mismatched = len(self.mismatched)
        if mismatched:
            parts.append(f"{mismatched} abstract mismatch{'es' if mismatched > 1 else ''}")
        if self.repairs:
            fixed = len({r.arxiv_id for r in self.repairs if r.field == "dois"})
            parts.append(f"{fixed} DOI split{'s' if fixed > 1 else ''} repaired")
        if self.differences:
            papers = len({d.arxiv_id for d in self.differences})
            parts.append(
                f"{len(self.differences)} listing field{'s' if len(self.differences) > 1 else ''}"
                f" differ{'' if len(self.differences) > 1 else 's'} from arXiv's "
                f"({papers} paper{'s' if papers > 1 else ''})"
            )
        return (
            f"{len(self.outcomes)} identifier{'' if len(self.outcomes) == 1 else 's'}: "
            f"{', '.join(parts)} "
            f"({self.requests} request{'' if self.requests == 1 else 's'}, {self.seconds:.1f} s)"
        )

    def __str__(self) -> str:
        """Return the summary line."""
        return self.summary()

    def __repr__(self) -> str:
        """Return `<EnrichmentReport: ...summary...>`, short whatever the run's size."""
        return f"<EnrichmentReport: {self.summary()}>"

    def _repr_html_(self) -> str:
        """The summary and a table of the outcomes (the first 20 that need a look first)."""
        first = [i for i, s in enumerate(self._columns.statuses) if s not in FILLED][:_HTML_ROWS]
        first += range(min(_HTML_ROWS, len(self.outcomes)))  # then the filled, in order
        ordered = [self.outcomes[i] for i in dict.fromkeys(first)]
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{escape(str(v))}</td>"
                for v in (o.requested, o.arxiv_id or "", o.status, o.reason or "")
            )
            + "</tr>"
            for o in ordered[:_HTML_ROWS]
        )
        more = len(self.outcomes) - _HTML_ROWS
        footer = f"<p>\u2026 and {more} more</p>" if more > 0 else ""
        return (
            f"<div><p><b>EnrichmentReport</b>: {escape(self.summary())}</p><table><thead><tr>"
            "<th>requested</th><th>arXiv</th><th>status</th><th>reason</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>{footer}</div>"
        )

    def to_pandas(self) -> pd.DataFrame:
        """One row per requested identifier, in input order (needs pandas)."""
        from papercorpus._extras import require  # noqa: PLC0415

        require("pandas", feature="EnrichmentReport.to_pandas()")
        import pandas as pd  # noqa: PLC0415 (an optional dependency)

        outcomes = self._columns
        return pd.DataFrame(
            {
                "requested": outcomes.requested,
                "arxiv_id": outcomes.arxiv_ids,
                "status": outcomes.statuses,
                "reason": [outcomes.reasons.get(i) for i in range(len(outcomes))],
                "abstract_mismatch": [i in outcomes.mismatched for i in range(len(outcomes))],
                "latest_version": pd.array(outcomes.latest_versions, dtype="Int64"),
            }
        )


_WORD = re.compile(r"[a-z]{4,}")
# Word-set overlap below which two abstracts are about different papers. The same abstract
# from a listing and from arXiv (LaTeX, hyphenation, versions aside) overlaps by 0.8 to 1;
# two unrelated abstracts of one field overlap by about 0.1.
_MIN_OVERLAP = 0.4


def abstracts_disagree(listing: str | None, api: str | None) -> bool:
    """Whether two abstracts are clearly of different papers (Jaccard overlap of words)."""
    if not listing or not api:
        return False
    ours = set(_WORD.findall(listing.lower()))
    theirs = set(_WORD.findall(api.lower()))
    if len(ours) < 5 or len(theirs) < 5:  # too short to judge
        return False
    return len(ours & theirs) / len(ours | theirs) < _MIN_OVERLAP


def warn_if_all_failed(report: EnrichmentReport) -> None:
    """Papers without a title and no word why: never. Say it when every identifier failed."""
    if not report.outcomes or set(report.counts) != {"failed"}:
        return
    reasons = Counter(o.reason for o in report.outcomes)
    reason, count = reasons.most_common(1)[0]
    others = f" (and {len(report.outcomes) - count} for other reasons)" if len(reasons) > 1 else ""
    warn(EnrichmentWarning(f"every identifier failed: {reason}{others}"))
