"""The public register in bulk: read in one snapshot with the feed sequence it matches, written as CSV or JSON Lines.

A file holds exactly the public entry of every company (``CompanyPublic``, what ``GET /api/v1/companies`` lists),
ordered by BIN, and is stamped with the feed sequence of the same REPEATABLE READ snapshot: the chain head's last
sequence number, so every event up to it is in the file and none after it. A consumer loads the file, then follows
``GET /api/v1/events?after=<feed_sequence>`` and misses nothing. The same register at the same sequence always
gives the same bytes (no timestamps inside), so its SHA-256 identifies it.

Rows are streamed from a server-side cursor; neither the register nor a file is ever held in memory.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO, Literal

import msgspec
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from registry.companies.schemas import ActivityRef, CompanyPublic, RegionRef

__all__ = [
    "CSV_COLUMNS",
    "DATA_LICENCE",
    "LICENCE_NOTICE",
    "MEDIA_TYPES",
    "DataLicence",
    "ExportFormat",
    "ExportManifest",
    "ExportedFile",
    "RegisterFile",
    "RegisterStamp",
    "export_manifest",
    "read_stamp",
    "register_snapshot",
    "snapshot_of",
    "write_register",
]

ExportFormat = Literal["csv", "jsonl"]
MEDIA_TYPES: dict[ExportFormat, str] = {"csv": "text/csv; charset=utf-8", "jsonl": "application/jsonl"}


class DataLicence(msgspec.Struct, frozen=True):
    """The licence under which the register's public data is published."""

    id: str
    """SPDX identifier."""
    name: str
    url: str
    attribution: str
    """What a re-user credits."""


DATA_LICENCE = DataLicence(
    id="CC-BY-4.0",
    name="Creative Commons Attribution 4.0 International",
    url="https://creativecommons.org/licenses/by/4.0/",
    attribution="AlemAI Registry of AI startups of Kazakhstan, public register of companies",
)
"""Public register data is open data: anyone may copy, adapt and redistribute it, crediting the registry."""

CSV_COLUMNS = (
    "id",
    "bin",
    "name_kk",
    "name_ru",
    "name_en",
    "legal_form",
    "region_kato",
    "region_name_kk",
    "region_name_ru",
    "region_name_en",
    "registration_date",
    "status",
    "ai_class",
    "primary_activity",
    "activities",
)
"""The CSV flattening of ``CompanyPublic``: the region by code and names, the activities as OKED codes separated by
``;`` (the primary first, names in the OKED reference); empty for null."""

_STAMP = text("SELECT last_seq, now() FROM event_chain_head WHERE id = 1")
_ENTRIES = text(
    """
SELECT c.id, c.bin, c.name_kk, c.name_ru, c.name_en, c.legal_form, c.registration_date, c.status, c.ai_class,
       r.kato, r.name_kk, r.name_ru, r.name_en,
       ARRAY(
           SELECT ARRAY[a.code, a.name_kk, a.name_ru, a.name_en, ca.is_primary::text]
           FROM company_activities ca JOIN activities a ON a.code = ca.oked_code
           WHERE ca.company_id = c.id
           ORDER BY ca.is_primary DESC, a.code
       )
FROM companies c JOIN regions r ON r.kato = c.region_kato
ORDER BY c.bin
"""
)


@dataclass(frozen=True, slots=True)
class RegisterStamp:
    """Where the register stood in the snapshot a file was read from."""

    feed_sequence: int
    """The last event sequence number in the snapshot: follow the feed with ``after=`` this."""
    taken_at: datetime
    """The snapshot's moment (the server's transaction time)."""


@asynccontextmanager
async def register_snapshot(engine: AsyncEngine) -> AsyncIterator[tuple[AsyncConnection, RegisterStamp]]:
    """A read-only REPEATABLE READ transaction on its own connection, and the register's stamp in it."""
    async with engine.connect() as connection:
        snapshot = await connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        async with snapshot.begin():
            yield snapshot, await read_stamp(snapshot)


@asynccontextmanager
async def snapshot_of(
    bind: AsyncEngine | AsyncConnection,
) -> AsyncIterator[tuple[AsyncConnection, RegisterStamp]]:
    """:func:`register_snapshot` of an engine; a connection already in a transaction is used as it stands."""
    if isinstance(bind, AsyncEngine):
        async with register_snapshot(bind) as snapshot:
            yield snapshot
        return
    yield bind, await read_stamp(bind)


async def read_stamp(connection: AsyncConnection) -> RegisterStamp:
    """The feed sequence and moment of the connection's current snapshot."""
    last_seq, taken_at = (await connection.execute(_STAMP)).one()
    return RegisterStamp(feed_sequence=int(last_seq), taken_at=taken_at)


def _entry(row: Sequence[Any]) -> CompanyPublic:
    (company_id, bin_value, name_kk, name_ru, name_en, legal_form, registered, status, ai_class, *region, acts) = row
    return CompanyPublic(
        id=company_id,
        bin=bin_value,
        name_kk=name_kk,
        name_ru=name_ru,
        name_en=name_en,
        legal_form=legal_form,
        region=RegionRef(*region),
        registration_date=registered,
        status=status,
        activities=[ActivityRef(code, kk, ru, en, primary == "true") for code, kk, ru, en, primary in acts or []],
        ai_class=ai_class,
    )


async def _register_rows(connection: AsyncConnection, batch: int) -> AsyncIterator[Sequence[Sequence[Any]]]:
    """Every company's row, ordered by BIN, ``batch`` at a time from a server-side cursor."""
    result = await connection.stream(_ENTRIES.execution_options(yield_per=batch))
    async for rows in result.partitions():
        yield rows


_encode_json = msgspec.json.Encoder()


def _csv_values(entry: CompanyPublic) -> list[object]:
    primary = next((a.code for a in entry.activities if a.is_primary), "")
    return [
        entry.id,
        entry.bin,
        entry.name_kk,
        entry.name_ru,
        entry.name_en or "",
        entry.legal_form,
        entry.region.kato,
        entry.region.name_kk,
        entry.region.name_ru,
        entry.region.name_en,
        entry.registration_date.isoformat(),
        entry.status,
        entry.ai_class or "",
        primary,
        ";".join(a.code for a in entry.activities),
    ]


class RegisterFile:
    """One export file being written: its bytes go to ``stream`` and into its SHA-256 as they are made."""

    def __init__(self, stream: BinaryIO, output: ExportFormat) -> None:
        self.stream = stream
        self.format: ExportFormat = output
        self.digest = hashlib.sha256()
        self.size = 0
        self.rows = 0
        if output == "csv":
            self._write(self._csv_lines([list(CSV_COLUMNS)]))

    def add(self, entries: Sequence[CompanyPublic]) -> None:
        """Append entries."""
        if self.format == "csv":
            self._write(self._csv_lines([_csv_values(entry) for entry in entries]))
        else:
            self._write(b"".join(_encode_json.encode(entry) + b"\n" for entry in entries))
        self.rows += len(entries)

    @property
    def sha256(self) -> str:
        """The SHA-256 of what was written so far (hex)."""
        return self.digest.hexdigest()

    @staticmethod
    def _csv_lines(rows: list[list[object]]) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        return buffer.getvalue().encode()

    def _write(self, data: bytes) -> None:
        self.stream.write(data)
        self.digest.update(data)
        self.size += len(data)


async def write_register(connection: AsyncConnection, files: Sequence[RegisterFile]) -> None:
    """Write every company's public entry into each of ``files`` in one pass over the snapshot.

    Building and encoding the entries is CPU work: it runs in a worker thread, batch by batch, so the event loop
    (an app's other requests) is never held for the length of the register.
    """

    def add(rows: Sequence[Sequence[Any]]) -> None:
        entries = [_entry(row) for row in rows]
        for file in files:
            file.add(entries)

    async for rows in _register_rows(connection, 2000):
        await asyncio.to_thread(add, rows)


class ExportedFile(msgspec.Struct, frozen=True):
    """One file of an export, as the manifest lists it."""

    name: str
    format: ExportFormat
    media_type: str
    rows: int
    bytes: int
    sha256: str


class ExportManifest(msgspec.Struct, frozen=True):
    """What an export is: the feed sequence its files match, their SHA-256, and the licence of the data."""

    dataset: str
    feed_sequence: int
    """Every event up to this sequence number is in the files, none after it: follow the feed from here."""
    follow: str
    """The feed request that continues the files."""
    snapshot_at: datetime
    licence: DataLicence
    files: list[ExportedFile]
    csv_columns: list[str]


def export_manifest(stamp: RegisterStamp, files: Sequence[tuple[str, RegisterFile]]) -> ExportManifest:
    """The manifest of files (by name) written from the snapshot ``stamp`` describes."""
    return ExportManifest(
        dataset="AlemAI Registry: the public register of companies (CompanyPublic, one entry per company)",
        feed_sequence=stamp.feed_sequence,
        follow=f"/api/v1/events?after={stamp.feed_sequence}",
        snapshot_at=stamp.taken_at,
        licence=DATA_LICENCE,
        files=[
            ExportedFile(name, file.format, MEDIA_TYPES[file.format], file.rows, file.size, file.sha256)
            for name, file in files
        ],
        csv_columns=list(CSV_COLUMNS),
    )


LICENCE_NOTICE = f"""The public register of the AlemAI Registry of AI startups of Kazakhstan

These files are published under the {DATA_LICENCE.name} licence ({DATA_LICENCE.id}):
{DATA_LICENCE.url}

You may copy, redistribute, adapt and build upon them for any purpose, also commercially, as long as you credit
"{DATA_LICENCE.attribution}" and say whether you changed the data.

Only the public register is here (the fields of GET /api/v1/companies); declarations' figures are not.
"""
"""The licence file written beside every export."""
