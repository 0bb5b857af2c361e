"""Exports of papers: JSON Lines, JSON, CSV, pandas, Parquet, BibTeX, HTML, listings.

`Corpus` has a method for each (`corpus.to_parquet(path)`); these are the functions behind
them, for any iterable of Papers.
"""

from papercorpus.export._bibtex import bibtex_key, to_bibtex
from papercorpus.export._html import corpus_html, paper_html
from papercorpus.export._tables import ARROW_SCHEMA_FIELDS, arrow_schema, to_arrow, to_pandas
from papercorpus.export._text import (
    CSV_COLUMNS,
    atomic_writer,
    paper_row,
    render_table,
    write_csv,
    write_json,
    write_jsonl,
    write_listing,
)

__all__ = [
    "ARROW_SCHEMA_FIELDS",
    "CSV_COLUMNS",
    "arrow_schema",
    "atomic_writer",
    "bibtex_key",
    "corpus_html",
    "paper_html",
    "paper_row",
    "render_table",
    "to_arrow",
    "to_bibtex",
    "to_pandas",
    "write_csv",
    "write_json",
    "write_jsonl",
    "write_listing",
]
