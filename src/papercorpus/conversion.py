"""`convert()`: many listings into one file, a file a process, the output that of one.

A listing's parsing is Python and takes one core; a folder of listings spreads over all of
them. Each file is parsed and turned into its part of the output (JSON Lines or CSV text,
or an Arrow table for Parquet) by a worker; the parts are written in the files' order, so
that `jobs=8` writes what `jobs=1` writes, byte for byte. The same per-file function,
`convert_file`, runs on Dask or Spark for more files than one machine holds, and
`write_parts` joins what they give (see docs/performance.md).
"""

from __future__ import annotations

import dataclasses
import io
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from papercorpus._files import atomic_writer
from papercorpus.errors import Diagnostic
from papercorpus.export import WRITERS
from papercorpus.parsing import iter_papers

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

    import pyarrow as pa

__all__ = ["CONVERT_FORMATS", "Part", "convert", "convert_file", "write_parts"]

#: The formats whose parts join into one file: lines, rows, row groups.
CONVERT_FORMATS = ("jsonl", "csv", "parquet")


@dataclass(frozen=True, slots=True)
class Part:
    """One listing converted: its output (text, or an Arrow table), papers and diagnostics."""

    papers: int
    text: str = ""
    table: pa.Table | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def convert_file(path: str, fmt: str = "jsonl", *, strict: bool = False) -> Part:
    """Parse one listing into its part of the output in `fmt` (copies are not merged).

    This is the function a process pool, Dask (`dask.bag.from_sequence(paths).map(...)`)
    or Spark (`sc.parallelize(paths).map(...)`) runs on each file.

    Raises:
        ParseError: in strict mode, at the listing's first problem.
        ValueError: `fmt` is not one of `CONVERT_FORMATS`.
        OSError: the file cannot be read.
    """
    _check_format(fmt)
    found: list[Diagnostic] = []
    papers = iter_papers(path, source=path, strict=strict, on_diagnostic=found.append)
    if fmt == "parquet":
        from papercorpus.export import to_arrow  # noqa: PLC0415 (pyarrow only here)

        table = to_arrow(papers)
        return Part(table.num_rows, table=table, diagnostics=found)
    buffer = io.StringIO()
    count = WRITERS[fmt].write(papers, buffer)
    text = buffer.getvalue()
    return Part(count, text=text, diagnostics=found)


def convert(  # noqa: PLR0913 (the inputs, the output, and how: each a keyword)
    paths: Sequence[str | os.PathLike[str]],
    output: str | os.PathLike[str] | IO[Any],
    *,
    fmt: str = "jsonl",
    jobs: int = 1,
    strict: bool = False,
    on_diagnostic: Callable[[Diagnostic], None] | None = None,
) -> int:
    """Parse listings into one file (or stream) in `fmt`, `jobs` files at a time.

    The output is the same, byte for byte, whatever `jobs` is: the papers in the files'
    order, each file's diagnostics given to `on_diagnostic` in that order. Copies of a
    paper are not merged (`papercorpus parse --no-dedupe`). Returns the papers written.

    Raises:
        ValueError: `fmt` is not one of `CONVERT_FORMATS`, or `jobs` is below 1.
        ParseError: in strict mode, at the first problem of the first file that has one.
        OutputError: the output cannot be written.
    """
    _check_format(fmt)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number >= 1, not {jobs!r}")
    names = [os.fspath(path) for path in paths]
    parts = _parts(names, fmt, jobs, strict=strict)
    return write_parts(parts, output, fmt=fmt, on_diagnostic=on_diagnostic)


def write_parts(
    parts: Iterable[Part],
    output: str | os.PathLike[str] | IO[Any],
    *,
    fmt: str = "jsonl",
    on_diagnostic: Callable[[Diagnostic], None] | None = None,
) -> int:
    """Join the parts `convert_file` made (in order) into one file or stream; the papers.

    How the parts were made does not matter (a process pool, Dask, Spark): given in the
    files' order, they make the file `convert` makes.

    Raises:
        ValueError: `fmt` is not one of `CONVERT_FORMATS`.
        OutputError: the output cannot be written.
    """
    _check_format(fmt)
    if isinstance(output, (str, os.PathLike)):
        with atomic_writer(output, binary=fmt == "parquet") as stream:
            return _joined(parts, stream, fmt, on_diagnostic)
    return _joined(parts, output, fmt, on_diagnostic)


def _joined(
    parts: Iterable[Part],
    stream: IO[Any],
    fmt: str,
    report: Callable[[Diagnostic], None] | None,
) -> int:
    written = 0

    def reported(source: Iterable[Part]) -> Iterator[Part]:
        nonlocal written
        for part in source:
            for diagnostic in part.diagnostics:
                if report is not None:
                    report(diagnostic)
            written += part.papers
            yield part

    if fmt == "parquet":
        from papercorpus.export import write_tables  # noqa: PLC0415 (pyarrow only)

        write_tables((part.table for part in reported(parts) if part.table is not None), stream)
        return written
    for index, part in enumerate(reported(parts)):
        text = part.text
        if fmt == "csv" and index > 0:  # one header, the first file's
            text = text.partition("\n")[2]
        stream.write(text)
    return written


def _parts(names: list[str], fmt: str, jobs: int, *, strict: bool) -> Iterator[Part]:
    """Each file's part, in the files' order: in this process, or `jobs` at a time."""
    if jobs == 1 or len(names) < 2:
        yield from (convert_file(name, fmt, strict=strict) for name in names)
        return
    workers = min(jobs, len(names))
    if fmt == "parquet":
        yield from _table_parts(names, workers, strict=strict)
        return
    with ProcessPoolExecutor(workers) as pool:
        yield from pool.map(partial(convert_file, fmt=fmt, strict=strict), names)


def _table_parts(names: list[str], workers: int, *, strict: bool) -> Iterator[Part]:
    """Parquet parts from a pool, each table handed over as an Arrow file.

    Pickled through the pool's pipe, a part's table (large: every derived field) is
    copied four times over two processes; written to a file in a temporary folder, it is
    copied once, and this process maps it. Each file is deleted
    as soon as it is open (the folder, at the end, whatever happens).
    """
    import pyarrow as pa  # noqa: PLC0415 (Parquet needs it)

    with (
        tempfile.TemporaryDirectory(prefix="papercorpus-parts-") as folder,
        ProcessPoolExecutor(workers) as pool,
    ):
        made = partial(_table_part, folder=folder, strict=strict)
        for part, path in pool.map(made, names, range(len(names))):
            # Mapped where a mapped file can be deleted (the mapping outlives the file),
            # else read: the rows of a table may still wait for their row group.
            opened = pa.memory_map(path) if os.name == "posix" else pa.OSFile(path)
            with opened as source:
                table = pa.ipc.open_file(source).read_all()
            Path(path).unlink()
            yield dataclasses.replace(part, table=table)


def _table_part(name: str, index: int, *, folder: str, strict: bool) -> tuple[Part, str]:
    """`convert_file(name, "parquet")` in a worker: its table in `folder`, the rest returned."""
    import pyarrow as pa  # noqa: PLC0415 (Parquet needs it)

    part = convert_file(name, "parquet", strict=strict)
    path = os.path.join(folder, f"part-{index}.arrow")  # noqa: PTH118 (a str for Arrow)
    table = part.table
    assert table is not None  # noqa: S101 (a Parquet part is a table)
    with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return dataclasses.replace(part, table=None), path


def _check_format(fmt: str) -> None:
    if fmt not in CONVERT_FORMATS:
        raise ValueError(
            f"convert writes {', '.join(CONVERT_FORMATS)}, not {fmt!r}: the parts of other "
            "formats do not join into one file (load() then to_* writes every format)"
        )
