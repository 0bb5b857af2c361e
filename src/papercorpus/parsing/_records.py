"""Cut numbered lines into records, in both layouts, and turn each into a Paper or diagnostics."""

from __future__ import annotations

from typing import TYPE_CHECKING

from papercorpus._parts import withdrawn_by_comment
from papercorpus._text import squash
from papercorpus.errors import Diagnostic, DiagnosticCode
from papercorpus.models import Paper
from papercorpus.parsing._fields import (
    ID_PREFIX,
    glued_date,
    match_created,
    parse_created,
    read_id_line,
)
from papercorpus.parsing._record_text import (
    MAX_RECORD_CHARS,
    MAX_RECORD_LINES,
    Record,
    blocks_of,
    is_spaced,
    let_go,
    preview,
)
from papercorpus.parsing._rows import Row, paper_of
from papercorpus.parsing._wide import MAX_LINE

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from papercorpus.parsing._lines import Line, Run

Item = Paper | Diagnostic
#: What a `Created:` line can start with, after any whitespace.
_CREATED_STARTS = frozenset("cC")
_ID_EXPECTED = "an identifier line 'arXiv:YYMM.NNNNN' after the record's text"


class RecordReader:
    """Read numbered lines and yield, in input order, each Paper and each Diagnostic."""

    def __init__(self, path: str | None) -> None:
        """Read lines of the input named `path` (None for a string)."""
        self.path = path
        self._record = Record()  # the record being read
        self._held: Record | None = None  # a finished record a Created: line may still join
        self._out: list[Row | Diagnostic] = []  # what the lines fed so far gave

    def _diagnostic(  # noqa: PLR0913 (a diagnostic has this many parts)
        self,
        line: int,
        column: int,
        code: DiagnosticCode,
        expected: str,
        found: str,
        *,
        text: str | None = None,
        arxiv_id: str | None = None,
        line_text: str | None = None,
    ) -> Diagnostic:
        return Diagnostic(self.path, line, column, code, expected, found, text, arxiv_id, line_text)

    def read(self, lines: Iterable[Run | Line]) -> Iterator[Item]:
        """Yield Papers and Diagnostics in the order their records end in the input.

        `lines`: `Line`s, or runs of clean lines (`Run`) numbered by counting.
        """
        for item in self.read_rows(lines):
            yield paper_of(item) if isinstance(item, Row) else item

    def read_rows(self, lines: Iterable[Run | Line]) -> Iterator[Row | Diagnostic]:
        """`read`, each record's values as a `Row`: no Paper built."""
        self._record, self._held = Record(), None
        out = self._out
        number = 0  # the last line's
        for item in lines:
            if isinstance(item, list):
                self._feed(item, number)
                number += len(item)
            else:
                number = item.number
                if item.bad_utf8 or item.guessed is not None or item.left_out:
                    out.extend(line_problems(self.path, item))
                if not item.left_out:  # a line too long to read is reported, in no record
                    self._feed((item.text,), number - 1)
            yield from out  # what the lines ended, in order: a run's at once
            out.clear()
        if self._held is not None:
            self._finish(self._held)
        yield from out
        out.clear()
        yield from self._trailing(self._record)

    def _feed(self, texts: Iterable[str], number: int) -> None:
        """Read lines `number + 1` on into `_out`; the record read and the held one carry over."""
        record, held = self._record, self._held
        try:
            for text in texts:
                number += 1
                # `arXiv:` ends a record only at the first character of a line: indented, it
                # continues a comment ("  arXiv:2104.11111 is the companion paper").
                if text.startswith(ID_PREFIX):
                    if held is not None:
                        self._finish(held)
                    # A spaced record's identifier line stands alone: its DOI field is the
                    # rest of the line. (Only a line with a DOI field asks.)
                    spaced = "doi" in text and is_spaced(record.text)
                    id_line = read_id_line(text, spaced=spaced)
                    record.id_line, record.id_number, record.id_text = id_line, number, text
                    held = record
                    record = Record()
                    if id_line.rest.strip():
                        record.text.append((number, id_line.rest))
                        record.first_column = len(text) - len(id_line.rest) + 1
                    continue
                first = text[:1]
                if (first in _CREATED_STARTS or first.isspace()) and (
                    created := match_created(text)
                ) is not None:
                    glued = glued_date(created[0]) if held is not None else None
                    if glued is None:
                        self._created(number, text, created, held)
                        continue
                    # `cat` of files without a final newline: the next abstract is glued on.
                    value, column = created
                    self._created(number, text, (value[:glued], column), held)
                    if held is not None:
                        self._finish(held)
                        held = None
                    record.text.append((number, text[column - 1 + glued :]))
                    record.first_column = column + glued
                    continue
                if held is not None and text.strip():
                    self._finish(held)
                    held = None
                record.text.append((number, text))
                record.size += len(text)
                if len(record.text) > MAX_RECORD_LINES or record.size > MAX_RECORD_CHARS:
                    let_go(record)
        finally:
            self._record, self._held = record, held

    def _trailing(self, record: Record) -> Iterator[Diagnostic]:
        """Text after the last identifier line: a diagnostic that carries it (a preview)."""
        if record.spill is not None or any(t.strip() for _, t in record.text):
            first = (
                record.spill.first if record.spill else next(n for n, t in record.text if t.strip())
            )
            yield self._diagnostic(
                first,
                record.first_column if record.text and first == record.text[0][0] else 1,
                DiagnosticCode.TRAILING_TEXT,
                _ID_EXPECTED,
                "end of input",
                text=preview(record.text, record.spill),
            )

    def _created(
        self, number: int, text: str, created: tuple[str, int], held: Record | None
    ) -> None:
        # "arXiv:2104.12369 / Created: 2021-04-26": the line after an identifier line
        # (blank lines allowed between) dates that paper; anywhere else it is out of place.
        value, value_column = created
        column = len(text) - len(text.lstrip()) + 1
        if held is None:
            self._out.append(
                self._diagnostic(
                    number,
                    column,
                    DiagnosticCode.STRAY_CREATED,
                    "a 'Created:' line right after an identifier line",
                    f"{text.strip()!r} after ordinary text",
                    text=text,
                    line_text=text,
                )
            )
            return
        arxiv_id = held.id_line.id.base if held.id_line and held.id_line.id else None
        if held.created_line is not None:
            self._out.append(
                self._diagnostic(
                    number,
                    column,
                    DiagnosticCode.STRAY_CREATED,
                    "one 'Created:' line per paper",
                    f"a second one, {text.strip()!r}",
                    text=text,
                    arxiv_id=arxiv_id,
                    line_text=text,
                )
            )
            return
        held.created_line = text
        held.created, problem = parse_created(value)
        if problem is not None:
            self._out.append(
                self._diagnostic(
                    number,
                    value_column,
                    DiagnosticCode.BAD_DATE,
                    "a 'Created:' date as YYYY-MM-DD",
                    f"{value!r} ({problem})",
                    text=text,
                    arxiv_id=arxiv_id,
                    line_text=text,
                )
            )

    def _finish(self, record: Record) -> None:
        id_line = record.id_line
        assert id_line is not None  # noqa: S101 (only records with an identifier line are held)
        number = record.id_number
        if record.spill is not None:  # more text than a record holds: its start is in none
            spill = record.spill
            self._out.append(
                self._diagnostic(
                    spill.first,
                    1,
                    DiagnosticCode.STRAY_TEXT,
                    f"a record of at most {MAX_RECORD_LINES:,} lines before its identifier line",
                    f"{spill.lines:,} more lines ({spill.first:,}-{spill.last:,}, "
                    f"{spill.chars:,} characters) before the record of line {number}",
                    text=preview([], spill),
                )
            )
        if id_line.id is None:
            # The record's text and its Created: line, if any, travel in the diagnostic, and
            # so do the DOIs of the line: no paper holds them.
            text = "\n".join(t for t in (preview(record.text), record.created_line) if t)
            dois = f", with DOI {'; '.join(id_line.dois)!r}" if id_line.dois else ""
            self._out.append(
                self._diagnostic(
                    number,
                    id_line.token_column,
                    DiagnosticCode.INVALID_ID,
                    "an arXiv identifier after 'arXiv:'",
                    f"{id_line.token!r} ({id_line.reason}){dois}",
                    text=text or None,
                    line_text=record.id_text,
                )
            )
            return
        base = id_line.id.base
        if id_line.doi_problem is not None:
            found = f"{id_line.dois[-1] if id_line.dois else ''!r}"
            if id_line.rest.strip():
                found += f" followed by {id_line.rest.strip()[:30]!r}"
            if id_line.readings:
                found += "; or " + ", or ".join(repr(r) for r in id_line.readings)
            self._out.append(
                self._diagnostic(
                    number,
                    id_line.doi_column,
                    DiagnosticCode.AMBIGUOUS_DOI,
                    id_line.doi_problem,
                    found,
                    arxiv_id=base,
                    line_text=record.id_text,
                )
            )
        blocks = blocks_of(record.text)
        if not blocks:
            self._out.append(
                self._diagnostic(
                    number,
                    1,
                    DiagnosticCode.MISSING_ABSTRACT,
                    "an abstract before the identifier line",
                    f"arXiv:{id_line.token} with no text before it",
                    arxiv_id=base,
                    line_text=record.id_text,
                )
            )
        comments = "\n".join(squash(block) for block in blocks[1:]) or None
        self._out.append(
            Row(
                base,
                id_line.id.version,
                blocks[0] if blocks else None,  # squashed where it is used (`Row`)
                comments,
                id_line.dois,
                record.created,
                comments is not None and withdrawn_by_comment(comments),
                self.path,
                number,
            )
        )


def line_problems(path: str | None, line: Line) -> Iterator[Diagnostic]:
    """What is wrong with a line as read: its encoding guessed, bad bytes, too long to read."""
    if line.guessed is not None:
        yield Diagnostic(
            path,
            line.number,
            1,
            DiagnosticCode.INVALID_ENCODING,
            "UTF-8, or a byte order mark that names UTF-16 or UTF-32",
            f"{line.guessed} without a byte order mark (read as {line.guessed})",
        )
    if line.left_out:
        yield Diagnostic(
            path,
            line.number,
            1,
            DiagnosticCode.LONG_LINE,
            f"a line of at most {MAX_LINE:,} bytes",
            f"a line of {line.left_out:,} bytes (left out)",
            line_text=line.text,
        )
    elif line.bad_utf8:
        yield Diagnostic(
            path,
            line.number,
            line.text.find("\ufffd") + 1 or 1,
            DiagnosticCode.INVALID_UTF8,
            "UTF-8 text",
            "bytes that are not UTF-8 (kept as U+FFFD)",
            line_text=line.text,
        )
