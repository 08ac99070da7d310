"""The folders ``registry`` commands write into (``--out``, ``--dir``): checked before the work, readable after it.

A command that would fail to write its result finds out before it spends minutes on the database (or makes a
release it cannot save), and any failure to write is one line, ``cannot write PATH: reason``. What it writes is
meant to be published (by a web server, a file share), so folders it creates are ``0o755`` and files ``0o644``
whatever the umask of the cron job that runs it.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

__all__ = [
    "FILE_MODE",
    "FOLDER_MODE",
    "OutputFile",
    "make_readable",
    "readable_files",
    "ready_folder",
    "undone_on_failure",
    "writing",
]

FOLDER_MODE = 0o755
FILE_MODE = 0o644


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn an :class:`OSError` of the block into one line naming the file (or ``path``) and the reason."""
    try:
        yield
    except OSError as error:
        where = error.filename or path
        raise click.ClickException(f"cannot write {where}: {error.strerror or error}") from error


class OutputFile(io.FileIO):
    """A file being written while the database is read: a failed write (a full disk) names the file.

    Raised inside the database work, a bare :class:`OSError` would read as a lost connection.
    """

    def __init__(self, path: Path) -> None:
        """Create (or truncate) ``path`` for writing."""
        with writing(path):
            super().__init__(path, "wb")

    def write(self, data: ReadableBuffer, /) -> int:
        """Write all of ``data``, or fail with ``cannot write PATH: reason``."""
        with writing(Path(str(self.name))):
            view = memoryview(data)
            written = 0
            while written < len(view):
                written += super().write(view[written:]) or 0
            return written


def ready_folder(path: Path) -> Path:
    """Create ``path`` (and its missing parents, :data:`FOLDER_MODE`) and prove a file can be written in it.

    Raises:
        click.ClickException: ``cannot write PATH: reason``.
    """
    _make_ready(path)
    return path


def _make_ready(path: Path) -> list[Path]:
    """:func:`ready_folder`, returning the folders it created (the deepest first)."""
    with writing(path):
        missing = [folder for folder in (path, *path.parents) if not folder.exists()]
        path.mkdir(parents=True, exist_ok=True)
        for folder in missing:
            folder.chmod(FOLDER_MODE)
        with tempfile.TemporaryFile(dir=path):
            pass
    return missing


@contextmanager
def undone_on_failure(path: Path) -> Iterator[Path]:
    """:func:`ready_folder` for a block that may still be refused.

    If the block fails, the folders created are removed again (those still empty): a refused command leaves
    nothing behind.
    """
    created = _make_ready(path)
    try:
        yield path
    except BaseException:
        for folder in created:
            try:
                folder.rmdir()
            except OSError:
                break  # not empty (or not ours to remove): keep it and its parents
        raise


def readable_files(paths: Iterable[Path]) -> None:
    """Give the files a command wrote :data:`FILE_MODE`."""
    for path in paths:
        with writing(path):
            path.chmod(FILE_MODE)


def make_readable(folder: Path) -> None:
    """Give ``folder`` :data:`FOLDER_MODE` and the files in it :data:`FILE_MODE` (``mkdtemp`` makes it ``0o700``)."""
    with writing(folder):
        folder.chmod(FOLDER_MODE)
        for entry in folder.iterdir():
            entry.chmod(FOLDER_MODE if entry.is_dir() else FILE_MODE)
