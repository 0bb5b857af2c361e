"""HTML views for Jupyter: escaped, short, summarising."""

from __future__ import annotations

from papercorpus import Corpus, Paper


def test_html_reprs_escape_and_summarise(sample: Corpus) -> None:
    """Jupyter shows a compact table and a card; text is HTML-escaped."""
    html = sample._repr_html_()
    assert html.count("<tr>") == 1 + 20
    assert "and 28 more" in html
    card = Paper(arxiv_id="2104.00001", title="<script>x</script>")._repr_html_()
    assert "<script>" not in card
    assert "&lt;script&gt;" in card
