"""The Corpora an enrichment run and a search return: papers, and the report of the run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from papercorpus.corpus import Corpus

if TYPE_CHECKING:
    from collections.abc import Iterable

    from papercorpus._columns import Columns
    from papercorpus.enrichment._report import EnrichmentReport
    from papercorpus.enrichment._search import SearchReport
    from papercorpus.errors import Diagnostic
    from papercorpus.models import Paper

__all__ = ["EnrichedCorpus", "SearchCorpus"]


class EnrichedCorpus(Corpus):
    """The Corpus `enrich()` returns: its papers, and the `report` of what happened."""

    __slots__ = ("report",)

    def __init__(
        self,
        papers: Iterable[Paper] | Columns,
        *,
        report: EnrichmentReport,
        diagnostics: Iterable[Diagnostic] = (),
    ) -> None:
        """Hold the enriched `papers` and the `report` of the run that made them."""
        super().__init__(papers, diagnostics=diagnostics)
        self.report = report
        """One outcome per requested identifier, in input order, and what the run cost."""

    def _with(self, papers: Iterable[Paper] | Columns) -> EnrichedCorpus:
        """A slice or a filter keeps the report of the whole run."""
        return EnrichedCorpus(papers, report=self.report, diagnostics=self.diagnostics)


class SearchCorpus(Corpus):
    """The Corpus `search()` returns: the results in arXiv's order, and the `report`."""

    __slots__ = ("report",)

    def __init__(self, papers: Iterable[Paper] | Columns, *, report: SearchReport) -> None:
        """Hold the results and the `report` of the search that found them."""
        super().__init__(papers)
        self.report = report
        """What was asked for, how many arXiv has, how many came, and why any is missing."""

    def _with(self, papers: Iterable[Paper] | Columns) -> SearchCorpus:
        """A slice or a filter keeps the report of the search."""
        return SearchCorpus(papers, report=self.report)
