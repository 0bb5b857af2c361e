"""Writing files safely: where the user asked, as the user's system would, or not at all.

- a regular file (or a new one) is written to a temporary file beside it and renamed into
  place only when writing succeeded: a reader never sees half a file;
- a symlink is followed: its target is written, the link stays;
- anything else that is not a regular file (a FIFO, `/dev/null`, a terminal) is opened and
  written in place, never replaced by a regular file;
- a new file gets the mode the umask gives (0644 with the usual 022); an existing file
  keeps its own;
- a failure is an `OutputError` that names the path.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from papercorpus.errors import OutputError

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "OutputError",
    "atomic_path",
    "atomic_writer",
    "hidden_name",
    "process_alive",
    "reason",
    "remove_stale",
    "remove_temporary_files",
    "removed_on_signal",
    "scratch_file",
]

# Temporary files being written now: a signal handler that cannot unwind the stack (a
# signal may land inside a C extension) removes them before the process exits.
_LIVE: set[Path] = set()


def remove_temporary_files() -> None:
    """Remove every temporary file an unfinished `atomic_writer` holds (for signal handlers)."""
    for path in list(_LIVE):
        path.unlink(missing_ok=True)


@contextmanager
def removed_on_signal(path: Path) -> Iterator[None]:
    """Count `path` among the files `remove_temporary_files` removes, while the block runs."""
    _LIVE.add(path)
    try:
        yield
    finally:
        _LIVE.discard(path)


def reason(exc: OSError) -> str:
    """Why an operation failed, as a message goes on: `no space left on device`."""
    return (exc.strerror or str(exc)).lower() if exc.strerror else str(exc)


@contextmanager
def _in_place(path: Path, mode: str, encoding: str | None) -> Iterator[IO[Any]]:
    try:
        handle = path.open(mode, encoding=encoding, newline=None if encoding is None else "")
        with handle:  # a write, or the flush at close, may fail too: a full device
            yield handle
    except OSError as exc:
        if isinstance(exc, OutputError):
            raise
        raise OutputError(path, reason(exc)) from exc


def _existing(path: str | os.PathLike[str]) -> tuple[Path, os.stat_result | None]:
    """The file `path` names (a symlink's target, however many links deep), if it exists."""
    target = Path(os.path.realpath(path))
    try:
        return target, target.stat()
    except FileNotFoundError:
        return target, None
    except OSError as exc:
        raise OutputError(path, reason(exc)) from exc


@contextmanager
def atomic_writer(path: str | os.PathLike[str], *, binary: bool = False) -> Iterator[IO[Any]]:
    """Open `path` for writing as the module docstring says; commit on a clean exit.

    Raises:
        OutputError: the file, or its folder, cannot be written.
    """
    mode, encoding = ("wb", None) if binary else ("w", "utf-8")
    target, existing = _existing(path)
    kind = None if existing is None else existing.st_mode
    if kind is not None and not stat.S_ISREG(kind) and not stat.S_ISDIR(kind):
        with _in_place(target, mode, encoding) as handle:  # written where it is, never replaced
            yield handle
        return
    if (
        existing is not None
        and stat.S_ISREG(existing.st_mode)
        and _writes_in_place(path, target, existing)
    ):
        with _in_place(target, mode, encoding) as handle:  # as `>` would: the file we may write
            yield handle
        return
    with (
        atomic_path(path) as temporary,
        temporary.open(mode, encoding=encoding, newline=None if binary else "") as handle,
    ):
        yield handle


def _writes_in_place(path: str | os.PathLike[str], target: Path, existing: os.stat_result) -> bool:
    """Whether an existing regular file must be written where it is, as the shell's `>` does.

    Who may write a file is the file's own permission, not its folder's: a write-protected
    file is refused (`>` refuses it too), and a file we may write but not replace (its
    folder is sticky, like /tmp, and someone else owns it; or the folder is read-only) is
    written in place rather than refused.

    Raises:
        OutputError: the file is write-protected.
    """
    if not os.access(target, os.W_OK):
        raise OutputError(path, "permission denied (the file is write-protected)")
    folder = target.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return True
    user = os.geteuid()
    try:
        sticky = folder.stat()
    except OSError:
        return True
    return bool(sticky.st_mode & stat.S_ISVTX and user not in {0, existing.st_uid, sticky.st_uid})


def _new_hidden(beside: Path, suffix: str, mode: int, named: str | os.PathLike[str]) -> Path:
    """Create a new, empty hidden file beside `beside`, known to `remove_temporary_files`.

    O_EXCL: never someone else's file. A failure names `named`, the file the user asked for.
    """
    hidden = hidden_name(beside, suffix)
    # Known before it exists: a signal that lands once the file is made, before this
    # function returns, still finds it to remove. (Its name holds our pid and a random
    # part: the file O_EXCL might find there is no one else's.)
    _LIVE.add(hidden)
    try:
        os.close(os.open(hidden, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
    except BaseException as exc:
        _LIVE.discard(hidden)
        if isinstance(exc, OSError):
            raise OutputError(named, reason(exc)) from exc
        raise
    return hidden


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A new, empty temporary file beside `path`, for `atomic_writer` and DuckDB.

    DuckDB writes files by name, not through a handle. On a clean exit the temporary file
    replaces `path` (a symlink's target), with the mode of the file it replaces; on an
    error or Ctrl-C it is removed. Only a regular file can be written so.

    Raises:
        OutputError: `path` is not a regular file, or its folder cannot be written.
    """
    target, existing = _existing(path)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        kind = "a folder" if stat.S_ISDIR(existing.st_mode) else "not a regular file"
        raise OutputError(path, f"it is {kind}")
    if existing is not None and _writes_in_place(path, target, existing):
        raise OutputError(
            path, "it may be written but not replaced (someone else's file in a shared folder)"
        )
    if not target.parent.is_dir():
        raise OutputError(path, "no such folder")
    # 0o666 less the umask, as any program's new file.
    temporary = _new_hidden(target, ".tmp", 0o666, path)
    try:
        yield temporary
        if existing is not None:
            temporary.chmod(stat.S_IMODE(existing.st_mode))
        temporary.replace(target)
    except BaseException as exc:  # Ctrl-C too
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise OutputError(path, reason(exc)) from exc
        raise
    finally:
        _LIVE.discard(temporary)


def hidden_name(beside: Path, suffix: str) -> Path:
    """A new name for a hidden temporary beside `beside`: `.NAME.PID-RANDOM.SUFFIX`.

    The process id in the name lets a later run tell a temporary whose writer died (a
    SIGKILL, a power cut) from one still being written: see `remove_stale`.
    """
    return beside.with_name(f".{beside.name}.{os.getpid()}-{secrets.token_hex(4)}{suffix}")


def remove_stale(beside: Path) -> list[Path]:
    """Remove the temporaries of `beside` whose writing process is gone; return them.

    Only names `hidden_name` makes for this very file, owned by this user, and only when
    no process has the id in the name: another run's work in progress is never touched.
    """
    pattern = re.compile(
        rf"\.{re.escape(beside.name)}\.([0-9]{{1,10}})-[0-9a-f]{{8}}\.[a-z]{{1,8}}"
    )
    removed = []
    try:
        names = [entry.name for entry in beside.parent.iterdir()]
    except OSError:
        return []
    for name in names:
        match = pattern.fullmatch(name)
        if match is None or process_alive(int(match.group(1))):
            continue
        stale = beside.with_name(name)
        try:
            status = stale.lstat()
            if status.st_uid != os.getuid():
                continue
            if stat.S_ISDIR(status.st_mode):
                shutil.rmtree(stale)
            elif stat.S_ISREG(status.st_mode):
                stale.unlink()
            else:
                continue
        except OSError:
            continue
        removed.append(stale)
    return removed


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs (ours, or one we cannot tell about: yes)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process, or we cannot tell: leave it
    return True


@contextmanager
def scratch_file(beside: Path, suffix: str) -> Iterator[Path]:
    """A new, empty hidden file beside `beside`, removed on exit (and on SIGTERM, Ctrl-C)."""
    scratch = _new_hidden(beside, suffix, 0o600, beside)
    try:
        yield scratch
    finally:
        scratch.unlink(missing_ok=True)
        _LIVE.discard(scratch)
