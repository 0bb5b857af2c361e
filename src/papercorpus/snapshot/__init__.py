"""arXiv's metadata snapshot as a local index: enrich a million identifiers offline.

arXiv publishes the metadata of every paper as one JSON Lines file, refreshed weekly
(`arxiv-metadata-oai-snapshot.json`, the "arXiv Dataset" on Kaggle; about 2.8 million
records, 4.5 GB). `Snapshot.build(source, index)` turns it into one Parquet file with the
`Paper` fields as columns; `enrich(ids, snapshot=index)` fills papers from it and asks the
API only for what it lacks; `Snapshot(index).select(...)` gives papers by category and date.

Needs the `snapshot` extra: `pip install 'papercorpus[snapshot]'` (DuckDB and pyarrow).
"""

from papercorpus.snapshot._index import Snapshot
from papercorpus.snapshot._lookup import IndexColumns as IndexColumns  # for enrich
from papercorpus.snapshot._lookup import taken as taken  # for enrich

__all__ = ["Snapshot"]
