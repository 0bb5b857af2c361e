"""`Snapshot`: a built index of arXiv's metadata snapshot, read with DuckDB."""

from __future__ import annotations

import datetime as dt
import os
import threading
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papercorpus._collect import Collector
from papercorpus._extras import require
from papercorpus._options import DEFAULT_CACHE, Default
from papercorpus._progress import progress_bar, progress_wanted
from papercorpus._warn import warn
from papercorpus.ids import ArxivId
from papercorpus.snapshot._build import (
    DEFAULT_MEMORY_LIMIT,
    build_index,
    check_index_path,
    connect,
)
from papercorpus.snapshot._check import checked_rows, reading
from papercorpus.snapshot._layout import current_rows
from papercorpus.snapshot._lookup import IndexColumns, lookup, wanted_table
from papercorpus.snapshot._oai import Window
from papercorpus.snapshot._pinned import pinned
from papercorpus.snapshot._query import as_date, search_query
from papercorpus.snapshot._rows import arrow_table, batches

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    import duckdb
    import pyarrow as pa

    from papercorpus.corpus import Corpus
    from papercorpus.errors import Diagnostic
    from papercorpus.models import Entry, Paper
    from papercorpus.snapshot._harvest import HarvestReport

__all__ = ["Snapshot"]


class Snapshot:
    """A local index of arXiv's metadata snapshot: one Parquet file, one row a paper.

    Build it once from `arxiv-metadata-oai-snapshot.json` (or its `.gz`) with
    `Snapshot.build(source, index)` or `papercorpus snapshot build SOURCE -o INDEX`, then
    enrich from it (`enrich(ids, snapshot=index)`), load papers from it, or query it with
    DuckDB, pyarrow, polars, Spark: it is plain Parquet, with the `Paper` fields as columns.

    Examples:
        >>> from papercorpus import Snapshot
        >>> snapshot = Snapshot("tests/data/snapshot-index.parquet")  # doctest: +SKIP
        >>> "0704.0001" in snapshot, len(snapshot)  # doctest: +SKIP
        (True, 12)
    """

    def __init__(self, index: str | os.PathLike[str]) -> None:
        """Open the index at `index`.

        Raises:
            SnapshotError: the file is missing, or not an index papercorpus built.
        """
        self.path = Path(index)
        # The files held open (`_pinned`), and the current rows: the base, and the updates
        # harvested since (newest wins). Every query reads the index as it was opened.
        self._files = pinned(self.path)
        self._relation = current_rows(self._files.base, self._files.deltas)
        self.diagnostics: tuple[Diagnostic, ...] = ()
        """The lines of the source that could not be indexed (after `build`)."""
        self._local = threading.local()
        self._rows = self._check()
        self.report: HarvestReport | None = None
        """What the last `harvest` or `update` did (None until one ran)."""

    def _check(self) -> int:
        """The index's row count, after checking it is one papercorpus built."""
        checked = checked_rows(self.path, self._connection(), self._files)
        if checked is not None:
            return checked
        with self._reading() as cursor:  # updates beside the base, and no count kept
            ((rows,),) = cursor.execute(
                f"SELECT count(*) FROM {self._relation}"  # noqa: S608 (quoted paths)
            ).fetchall()
        return int(rows)

    def _reading(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """A cursor for one query; a failure to read the index is one clear SnapshotError."""
        return reading(self.path, self._connection())

    @classmethod
    def build(
        cls,
        source: str | os.PathLike[str],
        index: str | os.PathLike[str],
        *,
        progress: bool | None = None,
        memory_limit: str = DEFAULT_MEMORY_LIMIT,
    ) -> Snapshot:
        """Index the snapshot `source` (`.json` or `.json.gz`) into the Parquet file `index`.

        Streams: DuckDB reads in parallel and spills past `memory_limit` to a folder beside
        the index. The index is written to a temporary file and renamed into place, so an
        interrupted build leaves the previous index whole. Lines that are not records are
        the new snapshot's `diagnostics` (with their line numbers), and a `ParseWarning`.

        Raises:
            SnapshotError: the source cannot be read or holds no record.
            OutputError: the index cannot be written.
        """
        diagnostics = build_index(
            source, index, progress=progress_wanted(progress=progress), memory_limit=memory_limit
        )
        snapshot = cls(index)
        snapshot.diagnostics = diagnostics
        problems = Collector(strict=False, keep=False)
        problems.extend(diagnostics)
        problems.warn("Snapshot")
        return snapshot

    @classmethod
    def harvest(  # noqa: PLR0913 (the window and the transport, each a keyword)
        cls,
        index: str | os.PathLike[str],
        *,
        set_spec: str | None = None,
        start: dt.date | str | None = None,
        oai_url: str | None = None,
        cache: str | os.PathLike[str] | Default | None = DEFAULT_CACHE,
        delay_seconds: float = 3.0,
        progress: bool | None = None,
    ) -> Snapshot:
        """Build the index `index` from arXiv's OAI-PMH alone, without the Kaggle file.

        Harvests `ListRecords` (`arXivRaw`, then `arXiv` for parsed author names) from
        `start` on (all of arXiv by default: about 1,200 pages), in one `set_spec` if given
        (`cs`, `math`, `physics:hep-th`). Each page is kept as it arrives: an interrupted
        build resumes where it stopped; the index is replaced only at the end. The
        endpoint is `PAPERCORPUS_OAI_URL`, else arXiv's; requests share the rate limit of
        `enrich` (`cache`'s), `delay_seconds` apart. `.report` tells what came.

        Raises:
            SnapshotError: the server refused (its words), or answered no OAI-PMH.
        """
        from papercorpus.snapshot._harvest import harvest_index  # noqa: PLC0415
        from papercorpus.snapshot._harvester import opened_harvester  # noqa: PLC0415 (HTTP)

        window = Window(start=None if start is None else as_date(start), set_spec=set_spec)
        check_index_path(index)
        path = Path(index)
        with (
            opened_harvester(oai_url, cache, delay_seconds) as harvester,
            progress_bar("OAI-PMH", "record", progress=progress) as bar,
        ):
            report = harvest_index(path, harvester, window, bar=bar)
        snapshot = cls(path)
        snapshot.report = report
        return snapshot

    def update(
        self,
        *,
        oai_url: str | None = None,
        cache: str | os.PathLike[str] | Default | None = DEFAULT_CACHE,
        delay_seconds: float = 3.0,
        progress: bool | None = None,
    ) -> HarvestReport:
        """Bring the index up to date from arXiv's OAI-PMH; return what changed.

        Asks for the records from the last harvest's date less one day (for an index
        built from the Kaggle file, its newest `update_date`): a daily update is a page or
        two. New and changed papers go to a delta file beside the index; the base is not
        rewritten until the deltas pass a tenth of it. Interrupted, it resumes.

        Raises:
            SnapshotError: the server refused (its words), or answered no OAI-PMH.
        """
        from papercorpus.snapshot._harvest import update_index  # noqa: PLC0415
        from papercorpus.snapshot._harvester import opened_harvester  # noqa: PLC0415 (HTTP)

        with (
            opened_harvester(oai_url, cache, delay_seconds) as harvester,
            progress_bar("OAI-PMH", "record", progress=progress) as bar,
        ):
            report = update_index(self.path, harvester, rows=self._rows, bar=bar)
        self._files = pinned(self.path)  # the files as the update left them
        self._relation = current_rows(self._files.base, self._files.deltas)
        self._local = threading.local()
        self._rows += report.new
        self.report = report
        return report

    def __repr__(self) -> str:
        """Return `Snapshot('arxiv.parquet', 2,801,234 papers)`."""
        return f"Snapshot({str(self.path)!r}, {self._rows:,} papers)"

    def __len__(self) -> int:
        """The number of papers in the index."""
        return self._rows

    def __contains__(self, item: object) -> bool:
        """Whether the index holds the paper `item` names (any form `ArxivId` accepts)."""
        try:
            key = ArxivId.parse(item).canonical if isinstance(item, str | ArxivId) else ""
        except ValueError:
            return False
        with self._reading() as cursor:
            query = f"SELECT 1 FROM {self._relation} WHERE arxiv_id = ? LIMIT 1"  # noqa: S608
            return bool(cursor.execute(query, [key]).fetchall())

    def _connection(self) -> duckdb.DuckDBPyConnection:
        """This thread's connection (not shared between threads); queries take a cursor of it.

        A cursor of its own for each query: one that fails half-way leaves nothing open.
        """
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = connect()
        return connection

    # -- for SQL and dataframe users ------------------------------------------------------

    def relation(self, connection: duckdb.DuckDBPyConnection | None = None) -> Any:  # noqa: ANN401 (duckdb.DuckDBPyRelation, an optional dependency)
        """The index as a DuckDB relation: `snapshot.relation().filter("...").df()`."""
        return (connection or self._connection()).sql(f"SELECT * FROM {self._relation}")  # noqa: S608

    def to_arrow(self, columns: Sequence[str] | None = None) -> pa.Table:
        """The index (or some of its columns) as a pyarrow Table."""
        pq = require("pyarrow.parquet", feature="Snapshot.to_arrow()")
        if not self._files.deltas:
            return pq.read_table(self._files.base, columns=list(columns) if columns else None)
        chosen = ", ".join(f'"{name}"' for name in columns) if columns else "*"
        with self._reading() as cursor:
            return arrow_table(cursor.sql(f"SELECT {chosen} FROM {self._relation}"))  # noqa: S608

    # -- papers ---------------------------------------------------------------------------

    def select(
        self,
        categories: Iterable[str] | str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
    ) -> Corpus:
        """The papers of some categories, or of a date range, as a Corpus: `search` less text.

        Papers come in identifier order. A paper matches `categories` when it lists any of
        them (primary or cross-list); `since` and `until` are inclusive dates compared with
        `published` (the first version's date), as `datetime.date` or `YYYY-MM-DD`.
        """
        return self.search(categories=categories, since=since, until=until)

    def load(
        self,
        categories: Iterable[str] | str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
    ) -> Corpus:
        """Deprecated: `select` (the verb `load` reads listing files)."""
        warn(DeprecationWarning("Snapshot.load() is now Snapshot.select(), the same arguments"))
        return self.select(categories, since, until)

    def search(
        self,
        text: str | None = None,
        *,
        categories: Iterable[str] | str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        limit: int | None = None,
    ) -> Corpus:
        """The papers whose title or abstract holds every word of `text`, filtered in DuckDB.

        The offline counterpart of `papercorpus.search`: complete and instant, but as old as
        the index. Words match whole and case-insensitively; a `"quoted phrase"` matches as
        a whole. `categories`, `since` and `until` filter as in `load`; papers come in
        identifier order (submission order for new-style identifiers), the first `limit`.

        Raises:
            ValueError: a date that is not YYYY-MM-DD, or a negative limit.
            SnapshotError: the index cannot be read (damaged).
        """
        from papercorpus.corpus import Corpus  # noqa: PLC0415 (pydantic only for papers)

        query, parameters = search_query(
            self._relation, text, categories=categories, since=since, until=until, limit=limit
        )
        with self._reading() as cursor:
            table = arrow_table(cursor.sql(query, params=parameters))
        return Corpus(IndexColumns(table))  # Papers are built as they are asked for

    def iter_papers(
        self,
        text: str | None = None,
        *,
        categories: Iterable[str] | str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        limit: int | None = None,
    ) -> Iterator[Paper]:
        """The papers `search` gives, one at a time: memory stays flat however many match.

        Raises:
            ValueError: a date that is not YYYY-MM-DD, or a negative limit.
            SnapshotError: the index cannot be read (damaged).
        """
        query, parameters = search_query(
            self._relation, text, categories=categories, since=since, until=until, limit=limit
        )
        return self._papers_of(query, parameters)

    def _papers_of(self, query: str, parameters: list[object]) -> Iterator[Paper]:
        pa = require("pyarrow", feature="Snapshot")
        with self._reading() as cursor:
            for batch in batches(cursor.sql(query, params=parameters)):
                yield from IndexColumns.papers(pa.Table.from_batches([batch]))

    def entries(self, keys: Sequence[str]) -> dict[str, Entry]:
        """The index's entry for each canonical identifier in `keys` it holds.

        One join in DuckDB (`lookup_rows`), then the rows found made into entries.
        """
        pc = require("pyarrow.compute", feature="Snapshot")
        table = self.lookup_rows(list(keys))
        table = table.take(pc.sort_indices(table.column("pos")))
        entries = IndexColumns.entries(table)
        return dict(zip(table.column("arxiv_id").to_pylist(), entries, strict=True))

    def lookup_rows(
        self,
        keys: Sequence[str],
        bases: Sequence[str] | None = None,
        versions: Sequence[int | None] | None = None,
        positions: Sequence[int] | None = None,
    ) -> pa.Table:
        """The index's row for each canonical identifier of `keys` it holds, as Arrow.

        In no set order: the `pos` column gives each row's place in `keys` (or the number
        `positions` gives it). `bases` and `versions` say how each was asked for (default:
        the key itself, no version). Each may be a list or an Arrow array (taken as it
        is). The answer's columns: `pos`, `base`, `version`, then the index's. The join
        runs in DuckDB: only the rows asked for leave the engine.
        """
        wanted = wanted_table(keys, bases, versions, positions)
        with self._reading() as cursor:
            return lookup(cursor, self._files, self._relation, wanted)
