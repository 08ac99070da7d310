"""``registry import companies`` and ``registry export register|snapshot``: bulk data in and out of the register."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO, TypeVar, cast, get_args

import click
import msgspec

from api.database import Database, transaction
from api.i18n import translate_validation_message
from api.output_folders import OutputFile, make_readable, readable_files, ready_folder, writing
from registry.bulk.checks import CheckedRow, Rejection, RowChecker
from registry.bulk.columns import MAPPINGS, MappingName
from registry.bulk.export import (
    LICENCE_NOTICE,
    ExportFormat,
    RegisterFile,
    RegisterStamp,
    export_manifest,
    register_snapshot,
    write_register,
)
from registry.bulk.importer import BatchOutcome, PreparedRow, import_batch, load_references, prepare_rows
from registry.bulk.reader import FileRow, read_rows
from registry.bulk.report import RejectionReport
from registry.errors import InvalidInput
from registry.i18n import LANGUAGES, Language, Text

__all__ = ["export_group", "import_group"]

T = TypeVar("T")


def _run(work: Callable[[Database], Awaitable[T]]) -> T:
    """Run ``work`` against the configured database, as every ``registry`` command does."""
    from api.cli import _run as run_with_database  # api.cli imports this module

    return run_with_database(work)


def _api_wording(message: str) -> Text:
    return Text(**{language: translate_validation_message(message, language) for language in LANGUAGES})


def _fail(error: InvalidInput, language: str = "en") -> click.ClickException:
    """One line in ``language`` (English when the report is in all three)."""
    details = "; ".join(f"{e.field}: {e.message.in_language(language)}" for e in error.errors)
    message = error.message.in_language(language)
    return click.ClickException(f"{message}{' ' + details if details else ''}")


@click.group("import")
def import_group() -> None:
    """Bulk data into the register."""


@dataclass(slots=True)
class _ImportTotals:
    rows: int = 0
    imported: int = 0
    unchanged: int = 0
    rejected: int = 0
    last_seq: int | None = None


@import_group.command("companies")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--mapping",
    type=click.Choice(list(get_args(MappingName))),
    default="registry",
    show_default=True,
    help="The file's header: the registry's own columns, or the national statistics register's export.",
)
@click.option("--dry-run", is_flag=True, help="Check and write everything, then roll it back: nothing changes.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the rejected rows (default: FILE.rejected.csv beside the file).",
)
@click.option(
    "--language",
    type=click.Choice([*LANGUAGES, "all"]),
    default="all",
    show_default=True,
    help="The language(s) of the report's messages.",
)
@click.option("--batch-size", type=click.IntRange(100, 100_000), default=5000, show_default=True)
def import_companies(
    file: Path, mapping: str, dry_run: bool, report_path: Path | None, language: str, batch_size: int
) -> None:
    """Register the companies of a CSV file (UTF-8, header first); rows already registered by BIN are left alone.

    Every row is checked by the API's registration rules; rejected rows go to the report with line, field, rule
    code and message. Each imported company gets its company.registered event. See the README, "Import and export".
    """
    languages: Sequence[Language] = LANGUAGES if language == "all" else (cast(Language, language),)
    report_path = report_path or file.with_name(f"{file.stem}.rejected.csv")
    with file.open("rb") as counting:
        total_lines = sum(1 for _ in counting)
    with writing(report_path):
        report_stream = report_path.open("w", encoding="utf-8", newline="")
    try:
        with file.open(encoding="utf-8-sig", newline="") as stream, report_stream:
            report = RejectionReport(report_stream, languages)
            totals = _run(
                lambda database: _import(
                    database, stream, report, cast(MappingName, mapping), dry_run, batch_size, total_lines
                )
            )
    except InvalidInput as error:
        raise _fail(error, language if language != "all" else "en") from error
    outcome = "checked (dry run, nothing written)" if dry_run else "read"
    click.echo(
        f"{outcome} {totals.rows} rows: {totals.imported} imported, {totals.unchanged} already registered, "
        f"{totals.rejected} rejected (report: {report_path})"
        + (f"; feed sequence now {totals.last_seq}" if totals.last_seq is not None and not dry_run else "")
    )


@dataclass(slots=True)
class _Batch:
    """Rows read, checked and prepared together, with the rejections among them."""

    prepared: list[PreparedRow] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    rows: int = 0
    end_line: int = 1


def _batches(rows: Iterator[FileRow], checker: RowChecker, size: int) -> Callable[[], _Batch | None]:
    """A function that reads, checks and prepares the next ``size`` rows (``None`` at the end of the file)."""

    def next_batch() -> _Batch | None:
        batch = _Batch()
        checked: list[CheckedRow] = []
        for row in rows:
            batch.rows += 1
            batch.end_line = row.end_line
            outcome = row.fields if isinstance(row.fields, Rejection) else checker.check(row.line, row.fields)
            if isinstance(outcome, Rejection):
                batch.rejections.append(outcome)
            else:
                checked.append(outcome)
            if batch.rows >= size:
                break
        if batch.rows == 0:
            return None
        batch.prepared = prepare_rows(checked)
        return batch

    return next_batch


async def _import(
    database: Database,
    stream: TextIO,
    report: RejectionReport,
    mapping: MappingName,
    dry_run: bool,
    batch_size: int,
    total_lines: int,
) -> _ImportTotals:
    """Import the file's rows batch by batch, each batch in a transaction of its own.

    Batch *n + 1* is read, checked and prepared in a worker thread while batch *n* is written (the server's work),
    and the event chain's head is locked for one batch at a time, not for the whole file.
    """
    async with transaction(database) as session:
        references = await load_references(session)
    checker = RowChecker(
        today=datetime.now(UTC).date(),
        known_regions=references.regions,
        known_activities=references.activities,
        translate=_api_wording,
    )
    next_batch = _batches(read_rows(stream, MAPPINGS[mapping], references.activities), checker, batch_size)
    totals = _ImportTotals()
    with click.progressbar(length=max(total_lines - 1, 0), label="importing", file=sys.stderr) as bar:
        position = 1
        building = asyncio.ensure_future(asyncio.to_thread(next_batch))
        while (batch := await building) is not None:
            building = asyncio.ensure_future(asyncio.to_thread(next_batch))
            outcome = await _write(database, batch.prepared, dry_run=dry_run) if batch.prepared else BatchOutcome()
            totals.rows += batch.rows
            totals.imported += outcome.imported
            totals.unchanged += outcome.unchanged
            totals.last_seq = outcome.last_seq or totals.last_seq
            for rejection in sorted([*batch.rejections, *outcome.rejections], key=lambda each: each.line):
                totals.rejected += 1
                report.write(rejection)
            bar.update(batch.end_line - position)
            position = batch.end_line
        bar.update(max(total_lines - position, 0))
    return totals


async def _write(database: Database, rows: list[PreparedRow], *, dry_run: bool) -> BatchOutcome:
    """One batch in a transaction of its own: committed, or rolled back in a dry run."""
    async with database.sessions() as session:
        try:
            outcome = await import_batch(session, rows)
        except BaseException:
            await session.rollback()
            raise
        if dry_run:
            await session.rollback()
        else:
            await session.commit()
    return outcome


@click.group("export")
def export_group() -> None:
    """Bulk files of the public register, stamped with the feed sequence they match."""


_FORMATS: dict[str, tuple[ExportFormat, ...]] = {"csv": ("csv",), "jsonl": ("jsonl",), "both": ("csv", "jsonl")}


async def _write_snapshot(database: Database, files: Sequence[RegisterFile]) -> RegisterStamp:
    async with register_snapshot(database.engine) as (connection, stamp):
        await write_register(connection, files)
    return stamp


def _export(directory: Path, formats: Sequence[ExportFormat]) -> tuple[int, list[str]]:
    """Write the register's files, their .sha256 files, the manifest and the licence into ``directory``.

    Each file is written under a hidden name and renamed when complete, so a reader never sees half a file. The
    folder is checked first (:func:`api.output_folders.ready_folder`); what is written is readable by all.
    """
    names = {output: f"companies.{output}" for output in formats}
    partial = {output: directory / f".{name}.partial" for output, name in names.items()}
    streams: dict[ExportFormat, OutputFile] = {}
    try:
        for output, path in partial.items():
            streams[output] = OutputFile(path)
        files = {output: RegisterFile(stream, output) for output, stream in streams.items()}
        stamp = _run(lambda database: _write_snapshot(database, list(files.values())))
    finally:
        for stream in streams.values():
            with writing(directory):
                stream.close()
    written: list[str] = []
    with writing(directory):
        for output, file in files.items():
            os.replace(partial[output], directory / names[output])
            (directory / f"{names[output]}.sha256").write_text(f"{file.sha256}  {names[output]}\n", encoding="utf-8")
            written += [names[output], f"{names[output]}.sha256"]
        manifest = export_manifest(stamp, [(names[output], file) for output, file in files.items()])
        (directory / "manifest.json").write_bytes(msgspec.json.format(msgspec.json.encode(manifest)) + b"\n")
        (directory / "LICENSE.txt").write_text(LICENCE_NOTICE, encoding="utf-8")
    written += ["manifest.json", "LICENSE.txt"]
    readable_files(directory / name for name in written)
    return stamp.feed_sequence, written


@export_group.command("register")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write.")
@click.option("--format", "output", type=click.Choice(list(_FORMATS)), default="both", show_default=True)
def export_register(out: Path, output: str) -> None:
    """Write the public register as companies.csv and/or companies.jsonl, with manifest.json.

    The manifest names the feed sequence the files match, their SHA-256 and the data's licence (CC BY 4.0): load
    the files, then follow GET /api/v1/events?after=<feed_sequence>.
    """
    sequence, names = _export(ready_folder(out), _FORMATS[output])
    click.echo(f"exported the register at feed sequence {sequence} to {out}: {', '.join(names)}")


@export_group.command("snapshot")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--keep", type=click.IntRange(1, 10_000), default=30, show_default=True, help="Dated folders kept.")
def export_snapshot(directory: Path, keep: int) -> None:
    """The daily snapshot for cron: DIR/YYYY-MM-DD/ with both formats, the manifest and the licence.

    A second run on the same day replaces that day's folder whole; folders beyond the newest --keep are removed.
    """
    day = datetime.now(UTC).date().isoformat()
    ready_folder(directory)
    with writing(directory):
        building = Path(tempfile.mkdtemp(prefix=f".{day}-", dir=directory))
    try:
        sequence, _ = _export(building, ("csv", "jsonl"))
        target = directory / day
        with writing(target):
            make_readable(building)  # mkdtemp made it 0o700: the dated folder is published as it is
            if target.exists():
                shutil.rmtree(target)
            building.rename(target)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    with writing(directory):
        dated = sorted(path for path in directory.iterdir() if path.is_dir() and _is_day(path.name))
        for old in dated[:-keep]:
            shutil.rmtree(old)
    click.echo(f"snapshot {target} at feed sequence {sequence}; {min(len(dated), keep)} dated snapshots kept")


def _is_day(name: str) -> bool:
    try:
        datetime.strptime(name, "%Y-%m-%d")
    except ValueError:
        return False
    return True
