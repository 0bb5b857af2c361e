"""Harvest arXiv's OAI-PMH into an index: a whole build, or an update from the last harvest.

Each page is written to a part file in a work folder beside the index as soon as it
arrives, with the token of the next page: a harvest that is killed resumes from there (the
tokens are stateless), and the index itself is only replaced, atomically, at the end. One
pass per metadata format: `arXivRaw` (text, versions), then `arXiv` (parsed author names).
Requests go through papercorpus's transport: the rate limit shared with the API across
processes, a deadline and a size cap on each, and `Retry-After` honoured (at least 3 s).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from papercorpus._dates import read_date
from papercorpus._extras import require
from papercorpus._files import atomic_path, atomic_writer
from papercorpus.snapshot._build import _COPY_OPTIONS, connect
from papercorpus.snapshot._compact import compact_if_due
from papercorpus.snapshot._layout import (
    current_rows,
    deltas,
    next_delta,
    read_state,
    sql_path,
    updates_folder,
    write_state,
)
from papercorpus.snapshot._lock import exclusive
from papercorpus.snapshot._oai import OaiError, OaiPage, Window
from papercorpus.snapshot._sql import INDEX_COLUMNS, literal_path

if TYPE_CHECKING:
    import pyarrow as pa

    from papercorpus.snapshot._harvester import Harvester

__all__ = ["HarvestReport", "harvest_index", "update_index"]

log = logging.getLogger("papercorpus.snapshot")

_FORMATS = ("arXivRaw", "arXiv")


@dataclass(frozen=True)
class HarvestReport:
    """What a harvest did: records received, papers new, changed, unchanged; requests."""

    records: int
    new: int
    changed: int
    unchanged: int
    requests: int
    harvested: dt.date | None
    seconds: float

    def summary(self) -> str:
        """`503 records: 503 new, 0 changed, 0 unchanged (12 requests, 4.1 s)`."""
        return (
            f"{self.records:,} records: {self.new:,} new, {self.changed:,} changed, "
            f"{self.unchanged:,} unchanged ({self.requests:,} requests, {self.seconds:.1f} s)"
        )


# -- the work folder: parts and progress, resumable -------------------------------------------


class _Work:
    """The parts of a harvest under way, and where each format's pages stand."""

    def __init__(self, index: Path, kind: str, window: Window) -> None:
        self.folder = index.with_name(f".{index.name}.oai-{kind}")
        self.progress_file = self.folder / "progress.json"
        wanted = {"start": _iso(window.start), "until": _iso(window.until), "set": window.set_spec}
        self.progress: dict[str, Any] = {"window": wanted}
        if self.progress_file.is_file():
            try:
                kept = json.loads(self.progress_file.read_text(encoding="utf-8"))
            except ValueError:
                kept = {}
            if isinstance(kept, dict) and kept.get("window") == wanted:
                self.progress = kept  # the same harvest, interrupted: go on from there
                log.info("resuming the harvest in %s", self.folder)
            else:
                shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(exist_ok=True)

    def state(self, prefix: str) -> dict[str, Any]:
        state: dict[str, Any] = self.progress.setdefault(
            prefix, {"pages": 0, "token": None, "done": False}
        )
        return state

    def keep(self, prefix: str, page: OaiPage, table: pa.Table) -> None:
        """Write one page's part, then the progress that counts it (in that order)."""
        pq = require("pyarrow.parquet", feature="the OAI-PMH harvest")
        state = self.state(prefix)
        part = self.folder / f"{prefix}-{state['pages'] + 1:06d}.parquet"
        pq.write_table(table, part)
        state.update(pages=state["pages"] + 1, token=page.token, done=page.token is None)
        stamps = [*page.datestamps, read_date(self.progress.get("newest"))]
        self.progress["newest"] = _iso(max((s for s in stamps if s is not None), default=None))
        with atomic_writer(self.progress_file) as out:
            json.dump(self.progress, out)

    def parts(self, prefix: str) -> list[Path]:
        return sorted(self.folder.glob(f"{prefix}-*.parquet"))

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _tables() -> tuple[pa.Schema, pa.Schema]:
    pa = require("pyarrow", feature="the OAI-PMH harvest")
    version = pa.struct(
        [
            ("number", pa.int32()),
            ("created", pa.timestamp("us")),
            ("size_kb", pa.int32()),
            ("withdrawn", pa.bool_()),
        ]
    )
    strings = pa.list_(pa.string())
    raw = pa.schema(
        [
            ("arxiv_id", pa.string()), ("title", pa.string()), ("raw_authors", pa.string()),
            ("abstract", pa.string()), ("comments", pa.string()), ("journal_ref", pa.string()),
            ("doi", pa.string()), ("categories", strings), ("primary_category", pa.string()),
            ("published", pa.date32()), ("updated", pa.date32()),
            ("latest_version", pa.int32()), ("report_no", pa.string()),
            ("license", pa.string()), ("submitter", pa.string()),
            ("versions", pa.list_(version)), ("withdrawn", pa.bool_()),
            ("update_date", pa.date32()),
        ]
    )  # fmt: skip
    authors = pa.schema([("arxiv_id", pa.string()), ("authors", strings)])
    return raw, authors


def _harvest(harvester: Harvester, work: _Work, window: Window, bar: Any) -> int:  # noqa: ANN401
    """Every page of both formats into the work folder; return the records received."""
    pa = require("pyarrow", feature="the OAI-PMH harvest")
    schemas = dict(zip(_FORMATS, _tables(), strict=True))
    records = 0
    for prefix in _FORMATS:
        state = work.state(prefix)
        while not state["done"]:
            page = harvester.page(prefix, window, state["token"])
            table = pa.Table.from_pylist(list(page.rows), schema=schemas[prefix])
            work.keep(prefix, page, table)
            if prefix == "arXivRaw":
                records += len(page.rows)
            if bar is not None:
                bar.update(len(page.rows))
    return records


# The index's rows from the parts: the newest record of each paper (a paper can change
# during a harvest and come twice), its authors from the `arXiv` format (arXiv's own
# parse), or from the raw string where that format had none.
def _rows_sql(work: _Work) -> str:
    raw = ", ".join(sql_path(p) for p in work.parts("arXivRaw"))
    named = ", ".join(sql_path(p) for p in work.parts("arXiv"))
    authors = (
        f"(SELECT arxiv_id, any_value(authors) AS names FROM read_parquet([{named}]) "  # noqa: S608
        "GROUP BY arxiv_id)"
        if named
        else "(SELECT NULL::VARCHAR AS arxiv_id, NULL::VARCHAR[] AS names WHERE false)"
    )
    columns = ", ".join(
        "coalesce(a.names, papercorpus_split(r.raw_authors)) AS authors"
        if name == "authors"
        else f"r.{name}"
        for name in INDEX_COLUMNS
    )
    return (
        f"SELECT {columns} FROM "  # noqa: S608 (own paths)
        f"(SELECT * FROM read_parquet([{raw}], filename = true) QUALIFY row_number() OVER "
        "(PARTITION BY arxiv_id ORDER BY update_date DESC, filename DESC) = 1) AS r "
        f"LEFT JOIN {authors} AS a USING (arxiv_id)"
    )


_SPLIT = (
    "CREATE OR REPLACE TEMP MACRO papercorpus_split(x) AS "
    r"list_filter(list_transform(regexp_split_to_array(coalesce(x, ''), ',\s*|\s+and\s+'), "
    "lambda n: trim(n)), lambda n: n <> '')"
)


def harvest_index(
    index: Path,
    harvester: Harvester,
    window: Window,
    *,
    bar: Any = None,  # noqa: ANN401
) -> HarvestReport:
    """Build `index` from OAI-PMH alone; resume an interrupted build of it."""
    with exclusive(index):
        started = time.monotonic()
        sent = harvester.requests
        work = _Work(index, "build", window)
        records = _harvest(harvester, work, window, bar)
        if not work.parts("arXivRaw") or not records:
            work.remove()
            raise OaiError(f"{harvester.url} lists no record for {_described(window)}")
        connection = connect()
        connection.execute(_SPLIT)
        with atomic_path(index) as temporary:
            connection.execute(f"COPY ({_rows_sql(work)}) TO {sql_path(temporary)} {_COPY_OPTIONS}")
            ((rows,),) = connection.execute(
                f"SELECT count(*) FROM read_parquet({sql_path(temporary)})"  # noqa: S608
            ).fetchall()
        shutil.rmtree(updates_folder(index), ignore_errors=True)  # a new base: no updates yet
        newest = read_date(work.progress.get("newest")) or window.until
        write_state(index, newest, int(rows))
        work.remove()
        return HarvestReport(
            records or rows, int(rows), 0, 0, harvester.requests - sent, newest,
            time.monotonic() - started,
        )  # fmt: skip


def update_index(
    index: Path,
    harvester: Harvester,
    *,
    rows: int,
    bar: Any = None,  # noqa: ANN401 (a tqdm bar, or None)
) -> HarvestReport:
    """Add to `index` what OAI-PMH lists from its last harvest date (less a day) on.

    Only new and changed papers are written, to one delta file: an update costs what its
    delta costs. A paper the window lists unchanged is counted, not written.
    """
    with exclusive(index):
        started = time.monotonic()
        sent = harvester.requests
        connection = connect()
        connection.execute(_SPLIT)
        current = current_rows(index, deltas(index))
        since = read_date(read_state(index).get("harvested"))
        if since is None:  # built from the Kaggle file: from the newest date it holds
            since = _newest_update_date(connection, index, current)
        # One day of overlap: datestamps are dates, and a paper can change during a harvest.
        window = Window(start=None if since is None else since - dt.timedelta(days=1))
        work = _Work(index, "update", window)
        records = _harvest(harvester, work, window, bar)
        new = changed = 0
        if records:
            connection.execute(f"CREATE TEMP TABLE papercorpus_got AS {_rows_sql(work)}")
            compared = [name for name in INDEX_COLUMNS if name != "update_date"]
            differs = (
                f"row({', '.join(f'n.{c}' for c in compared)}) IS DISTINCT FROM "
                f"row({', '.join(f'o.{c}' for c in compared)})"
            )
            _old_rows(connection, current)
            joined = "FROM papercorpus_got AS n LEFT JOIN papercorpus_old AS o USING (arxiv_id)"
            ((new, changed),) = connection.execute(
                "SELECT count(*) FILTER (WHERE o.arxiv_id IS NULL), "
                f"count(*) FILTER (WHERE o.arxiv_id IS NOT NULL AND {differs}) {joined}"
            ).fetchall()
            if new or changed:
                updates_folder(index).mkdir(exist_ok=True)
                with atomic_path(next_delta(index)) as temporary:
                    connection.execute(
                        f"COPY (SELECT n.* {joined} WHERE o.arxiv_id IS NULL OR {differs}) "
                        f"TO {sql_path(temporary)} {_COPY_OPTIONS}"
                    )
        stamps = [since, read_date(work.progress.get("newest"))]
        newest = max((stamp for stamp in stamps if stamp is not None), default=None)
        compact_if_due(index, connection)
        write_state(index, newest, rows + int(new))
        work.remove()
        return HarvestReport(
            records, int(new), int(changed), records - int(new) - int(changed),
            harvester.requests - sent, newest, time.monotonic() - started,
        )  # fmt: skip


def _old_rows(connection: Any, current: str) -> None:  # noqa: ANN401 (a DuckDB connection)
    """The index's rows for the papers harvested, in the temp table `papercorpus_old`.

    In two steps, so that an update costs what its delta costs: the identifiers first (one
    column of the index), then the rows of those alone, named as constants, which DuckDB
    pushes into its Parquet scan (row groups without them are skipped).
    """
    known = [
        key
        for (key,) in connection.execute(
            f"SELECT arxiv_id FROM {current} "  # noqa: S608 (quoted paths)
            "WHERE arxiv_id IN (SELECT arxiv_id FROM papercorpus_got)"
        ).fetchall()
    ]

    def quoted(key: str) -> str:
        return "'" + key.replace("'", "''") + "'"

    listed = ", ".join(map(quoted, known)) or "NULL"
    # The range as well: DuckDB skips the row groups outside it by their statistics (a
    # daily delta's papers are mostly recent, and the base is written in file order).
    bounds = f"arxiv_id BETWEEN {quoted(min(known))} AND {quoted(max(known))} AND " if known else ""
    connection.execute(
        f"CREATE TEMP TABLE papercorpus_old AS SELECT * FROM {current} "  # noqa: S608
        f"WHERE {bounds}arxiv_id IN ({listed})"
    )


def _newest_update_date(connection: Any, index: Path, current: str) -> dt.date | None:  # noqa: ANN401
    """The newest `update_date` the index holds: from Parquet's statistics, else a scan."""
    try:
        ((found,),) = connection.execute(
            "SELECT max(stats_max) FROM parquet_metadata(?) WHERE path_in_schema = 'update_date'",
            [literal_path(str(index))],
        ).fetchall()
        if found is not None and not deltas(index):
            return dt.date.fromisoformat(str(found)[:10])
    except Exception:  # noqa: BLE001 (statistics missing or unreadable: count instead)
        log.debug("no statistics for update_date in %s", index)
    ((found,),) = connection.execute(f"SELECT max(update_date) FROM {current}").fetchall()  # noqa: S608
    return found if isinstance(found, dt.date) else None


def _described(window: Window) -> str:
    parts = [
        f"from {window.start}" if window.start else "",
        f"until {window.until}" if window.until else "",
    ]
    parts.append(f"in set {window.set_spec}" if window.set_spec else "")
    return " ".join(p for p in parts if p) or "any date"
