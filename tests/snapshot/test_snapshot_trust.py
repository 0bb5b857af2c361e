"""The snapshot path under hostile files and killed builds (#21 items 6, 8, 9, 10)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from papercorpus import DiagnosticCode, ParseWarning, Snapshot, SnapshotError
from papercorpus.export import OutputError
from papercorpus.snapshot._build import connect
from tests.snapshot.helpers import created, record, write_snapshot

_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


def build(
    tmp_path: Path, lines: list[dict[str, object] | str], name: str = "i.parquet"
) -> Snapshot:
    source = write_snapshot(tmp_path / "s.json", lines)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ParseWarning)
        return Snapshot.build(source, tmp_path / name, progress=False)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "papercorpus", *args],
        capture_output=True,
        text=True,
        env=_ENV,
        check=False,
    )


# -- 6. one paper an identifier --------------------------------------------------------------


def test_a_repeated_id_is_indexed_once_the_newest_version_kept(tmp_path: Path) -> None:
    """The same id twice, and a subject-class id beside its plain form: one row each."""
    import datetime as dt  # noqa: PLC0415

    day = dt.date(2007, 4, 2)
    older = record("0704.0001", versions=[{"version": "v1", "created": created(day)}])
    newer = record("0704.0001", title="Newer title")  # v1 and v2
    snapshot = build(
        tmp_path,
        [
            newer,
            record("0704.0002"),
            older,
            record("math.GT/0309136", title="With its subject class"),
            record("math/0309136", title="Plain"),
        ],
    )
    assert len(snapshot) == 3
    papers = snapshot.select()
    assert [p.arxiv_id for p in papers] == ["0704.0001", "0704.0002", "math/0309136"]
    assert papers[0].title == "Newer title"
    assert snapshot.entries(["0704.0001"])["0704.0001"].id.version == 2
    repeats = [d for d in snapshot.diagnostics if d.code == DiagnosticCode.DUPLICATE_ID]
    assert [(d.line, d.text) for d in repeats] == [(3, "0704.0001"), (5, "math/0309136")]
    assert "the first at line 1" in repeats[0].found
    assert "keeps one, v2" in repeats[0].found


def test_a_snapshot_without_repeats_has_no_repeat_diagnostic(tmp_path: Path) -> None:
    snapshot = build(tmp_path, [record("0704.0001"), record("0704.0002")])
    assert snapshot.diagnostics == ()
    assert len(snapshot) == 2


# -- 8. no traceback, nothing half-written ---------------------------------------------------


def test_a_deeply_nested_line_is_a_diagnostic_and_the_others_still_are(tmp_path: Path) -> None:
    """`[[[[...]]]]` 100,000 deep: one diagnostic; the bad line after it has its own."""
    snapshot = build(
        tmp_path,
        [record("0704.0001"), "[" * 100_000 + "]" * 100_000, "{not json", record("0704.0002")],
    )
    assert len(snapshot) == 2
    assert [(d.line, d.found) for d in snapshot.diagnostics] == [
        (2, "JSON nested too deeply to read"),
        (3, "expecting property name enclosed in double quotes at column 2"),
    ]
    assert len(snapshot.diagnostics[0].text or "") <= 300  # a person reads it, bounded


@pytest.mark.parametrize(
    ("output", "message"),
    [
        pytest.param(".", "cannot write .: it is a folder", id="dot"),
        pytest.param("", "cannot write '': an empty path", id="empty"),
    ],
)
def test_an_output_that_names_no_file_is_one_line(
    tmp_path: Path, output: str, message: str
) -> None:
    source = write_snapshot(tmp_path / "s.json", [record("0704.0001")])
    run = cli("snapshot", "build", str(source), "-o", output)
    assert run.returncode == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    with pytest.raises(OutputError, match=message.replace(".", r"\.")):
        Snapshot.build(source, output, progress=False)


def test_a_bad_memory_limit_is_one_line(tmp_path: Path) -> None:
    source = write_snapshot(tmp_path / "s.json", [record("0704.0001")])
    run = cli(
        "snapshot",
        "build",
        str(source),
        "-o",
        str(tmp_path / "i.parquet"),
        "--memory-limit",
        "lots",
    )
    assert run.returncode == 2
    assert "memory limit 'lots' is not a size DuckDB reads" in run.stderr
    assert "Traceback" not in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]


def test_a_damaged_data_page_is_one_clear_error(tmp_path: Path) -> None:
    """Bytes inside a column chunk changed, footer whole: opening works, reading says why."""
    snapshot = build(tmp_path, [record(f"0704.{n:04d}", abstract="x " * 400) for n in range(1, 60)])
    chunk = pq.ParquetFile(snapshot.path).metadata.row_group(0).column(3)  # the abstracts
    data = bytearray(snapshot.path.read_bytes())
    start = chunk.data_page_offset + 8
    data[start : start + 64] = b"\xff" * 64
    snapshot.path.write_bytes(bytes(data))
    damaged = Snapshot(snapshot.path)
    with pytest.raises(SnapshotError, match="the index is damaged"):
        damaged.select()
    run = cli("snapshot", "load", str(snapshot.path), "-o", str(tmp_path / "out.jsonl"))
    assert run.returncode == 2
    assert "the index is damaged" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_an_index_rewritten_with_other_types_is_refused_by_name(tmp_path: Path) -> None:
    """Another tool wrote `latest_version` back as text: a SnapshotError naming the column."""
    snapshot = build(tmp_path, [record("0704.0001")])
    table = pq.read_table(snapshot.path)
    column = table.column("latest_version").cast(pa.string())
    changed = table.set_column(
        table.schema.get_field_index("latest_version"), "latest_version", column
    )
    pq.write_table(changed.replace_schema_metadata(table.schema.metadata), snapshot.path)
    with pytest.raises(SnapshotError, match="its column latest_version holds VARCHAR, not INTEGER"):
        Snapshot(snapshot.path)


# -- 9. the memory limit sets the threads ----------------------------------------------------


def test_the_thread_count_follows_the_memory_limit() -> None:
    """A small limit gets one thread (it spills instead of failing); a big one, the cores."""

    def threads(limit: str) -> int:
        ((count,),) = connect(limit).execute("SELECT current_setting('threads')").fetchall()
        return int(count)

    assert threads("200MB") == 1
    assert threads("400MB") <= 2
    assert (
        threads("64GB")
        == duckdb.connect().execute("SELECT current_setting('threads')").fetchall()[0][0]
    )


# -- 10. what a killed build left behind -----------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_rerun_removes_the_temporaries_of_a_killed_build_and_only_those(
    tmp_path: Path,
) -> None:
    dead = _dead_pid()
    stale_file = tmp_path / f".i.parquet.{dead}-0123abcd.tmp"
    stale_file.write_bytes(b"half an index")
    stale_spill = tmp_path / f".i.parquet.{dead}-89abcdef.spill"
    stale_spill.mkdir()
    (stale_spill / "duckdb_temp_block").write_bytes(b"x")
    live = tmp_path / f".i.parquet.{os.getppid()}-0123abcd.tmp"  # a running process's
    live.write_bytes(b"in progress")
    other = tmp_path / f".other.parquet.{dead}-0123abcd.tmp"  # another file's
    other.write_bytes(b"not ours")
    mine = tmp_path / "notes.tmp"
    mine.write_bytes(b"the user's")
    snapshot = build(tmp_path, [record("0704.0001")])
    assert len(snapshot) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["s.json", "i.parquet", live.name, other.name, mine.name]
    )


def test_a_sigkilled_build_leaves_what_a_rerun_removes(tmp_path: Path) -> None:
    """SIGKILL mid-build (no handler can run): the next build cleans up after it."""
    source = tmp_path / "s.json"
    line = json.dumps(record("0704.0001"))
    with source.open("w", encoding="utf-8") as out:
        for n in range(150_000):
            out.write(
                line.replace("0704.0001", f"15{n // 99_999 + 1:02d}.{n % 99_999 + 1:05d}") + "\n"
            )
    index = tmp_path / "i.parquet"
    process = subprocess.Popen(
        [sys.executable, "-m", "papercorpus", "snapshot", "build", str(source), "-o", str(index)],
        stderr=subprocess.DEVNULL,
        env=_ENV,
    )
    try:
        while not list(tmp_path.glob(".i.parquet.*.tmp")):
            assert process.poll() is None, "the build ended before it could be killed"
    finally:
        process.kill()
        process.wait()
    assert list(tmp_path.glob(".i.parquet.*"))  # what the killed build left
    Snapshot.build(source, index, progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["i.parquet", "s.json"]


def test_the_summing_diagnostic_points_at_a_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """#27: "N more such lines" names the first of them, not line 0."""
    import warnings  # noqa: PLC0415

    from papercorpus.snapshot import _problems  # noqa: PLC0415

    monkeypatch.setattr(_problems, "MAX_DIAGNOSTICS", 2)
    lines: list[dict[str, object] | str] = [
        record("0704.0001"),
        "{broken",
        "[1, 2]",
        "not json",
        "{also broken",
        record("0704.0002"),
    ]
    source = write_snapshot(tmp_path / "s.json", lines)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        snapshot = Snapshot.build(source, tmp_path / "i.parquet", progress=False)
    assert [d.line for d in snapshot.diagnostics] == [2, 3, 4]
    assert "2 more such lines from here" in snapshot.diagnostics[-1].found
    assert all(d.line >= 1 and d.column >= 1 for d in snapshot.diagnostics)


def test_duckdb_out_of_memory_while_reading_says_so_not_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lookup that outgrows DuckDB's memory limit is no damaged index: the error says which."""
    from papercorpus.snapshot import _index  # noqa: PLC0415 (its connection is what is shrunk)

    wanted = [f"2104.{n:05d}" for n in range(1, 3000)]
    snapshot = build(tmp_path, [record(key, abstract="x " * 2000) for key in wanted])
    monkeypatch.setattr(_index, "connect", lambda: connect("2MB"))
    small = Snapshot(snapshot.path)
    with pytest.raises(SnapshotError) as caught:
        small.lookup_rows(wanted)
    message = str(caught.value)
    assert "ran out of memory" in message
    assert "damaged" not in message
    assert str(snapshot.path) in message
    assert "\n" not in message
    monkeypatch.undo()
    assert Snapshot(snapshot.path).lookup_rows(wanted).num_rows == len(wanted)  # whole after all
