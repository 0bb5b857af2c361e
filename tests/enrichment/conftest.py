"""Fixtures for enricher tests: a fake arXiv on 127.0.0.1 and a real SQLite cache in tmp."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from papercorpus.enrichment import ArxivEnricher
from tests.enrichment.fake_arxiv import FakeArxiv

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from pytest_httpserver import HTTPServer


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeArxiv:
    """A fake arXiv API that knows the recorded papers."""
    api = FakeArxiv()
    for name in (
        "id_1605.08386.json",
        "id_1707.08567.json",
        "id_2104.12255v1.json",
        "id_astro-ph_0601001.json",
    ):
        api.add_recorded(name)
    api.serve(httpserver)
    return api


@pytest.fixture
def api_url(httpserver: HTTPServer, fake: FakeArxiv) -> str:  # noqa: ARG001 (installs the fake)
    """The fake API's query URL."""
    return httpserver.url_for("/api/query")


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    """A cache file in a temporary directory (created by the enricher)."""
    return tmp_path / "cache" / "http.sqlite"


@pytest.fixture
def make_enricher(api_url: str, cache_path: Path) -> Iterator[Callable[..., ArxivEnricher]]:
    """Build enrichers against the fake API, fast delays, no progress bar."""
    made: list[ArxivEnricher] = []

    def make(**options: object) -> ArxivEnricher:
        settings: dict[str, object] = {
            "api_url": api_url,
            "cache": cache_path,
            "delay_seconds": 0.05,
            "progress": False,
        }
        settings.update(options)
        enricher = ArxivEnricher(**settings)  # type: ignore[arg-type]
        made.append(enricher)
        return enricher

    yield make
    for enricher in made:
        enricher.close()
