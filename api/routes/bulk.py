"""``/api/v1/bulk/companies``: the public register in one file, stamped with the feed sequence it matches."""

from __future__ import annotations

import asyncio
import base64
import os
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Annotated, Any, Literal

from litestar import Request, Response, Router, get, head
from litestar.datastructures import ResponseHeader
from litestar.params import QueryParameter
from litestar.response import Stream
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.auth.access import anyone
from api.database import Database
from api.settings import Settings
from registry.bulk.export import (
    DATA_LICENCE,
    MEDIA_TYPES,
    ExportFormat,
    RegisterFile,
    read_stamp,
    snapshot_of,
    write_register,
)

__all__ = ["BULK_MEDIA_TYPES", "BulkFile", "BulkFiles", "bulk_router"]

BULK_MEDIA_TYPES = ("text/csv", "application/jsonl")
"""What ``GET /bulk/companies`` serves (``application/x-ndjson`` is accepted for JSON Lines too)."""
CHUNK_BYTES = 64 * 1024

Output = Annotated[
    Literal["csv", "jsonl"] | None,
    QueryParameter(description="csv or jsonl (JSON Lines); else from Accept (default JSON Lines)"),
]


def _negotiated(request: Request[Any, Any, Any], output: ExportFormat | None) -> ExportFormat:
    if output is not None:
        return output
    best = request.accept.best_match(["application/jsonl", "application/x-ndjson", "text/csv"], "application/jsonl")
    return "csv" if best == "text/csv" else "jsonl"


async def _chunks(stream: IO[bytes]) -> AsyncIterator[bytes]:
    try:
        while chunk := stream.read(CHUNK_BYTES):
            yield chunk
    finally:
        stream.close()


@dataclass(frozen=True, slots=True)
class BulkFile:
    """A register file on disk and what it matches."""

    path: Path
    feed_sequence: int
    sha256: str
    rows: int
    size: int


class BulkFiles:
    """The newest file of each format, reused while the event chain's head stays where it was.

    Reading the whole register for every request would let anyone load the database with a loop of downloads; a
    file is made again only when an event has been recorded since (one at a time per format: concurrent requests
    wait for it). Files live under the data directory; a file being downloaded stays readable when a newer one
    replaces it (the open handle keeps it).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.files: dict[ExportFormat, BulkFile] = {}
        self.locks: dict[ExportFormat, asyncio.Lock] = {"csv": asyncio.Lock(), "jsonl": asyncio.Lock()}

    async def current(self, bind: AsyncEngine | AsyncConnection, output: ExportFormat) -> tuple[BulkFile, IO[bytes]]:
        """The file matching the register now, opened for reading."""
        async with self.locks[output]:
            cached = await self._latest(bind, output)
            return cached, cached.path.open("rb")

    async def described(self, bind: AsyncEngine | AsyncConnection, output: ExportFormat) -> BulkFile:
        """The file matching the register now, not opened (what ``HEAD`` describes)."""
        async with self.locks[output]:
            return await self._latest(bind, output)

    async def _latest(self, bind: AsyncEngine | AsyncConnection, output: ExportFormat) -> BulkFile:
        cached = self.files.get(output)
        if cached is None or cached.feed_sequence != await _head_sequence(bind):
            cached = await self._make(bind, output)
            self.files[output] = cached
        return cached

    async def _make(self, bind: AsyncEngine | AsyncConnection, output: ExportFormat) -> BulkFile:
        await asyncio.to_thread(self.directory.mkdir, parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".companies-", suffix=f".{output}", dir=self.directory)
        partial = Path(name)
        try:
            with os.fdopen(handle, "wb") as stream:
                file = RegisterFile(stream, output)
                async with snapshot_of(bind) as (connection, stamp):
                    await write_register(connection, [file])
            final = self.directory / f"companies.{output}"
            await asyncio.to_thread(os.replace, partial, final)
        except BaseException:
            await asyncio.to_thread(partial.unlink, missing_ok=True)
            raise
        return BulkFile(final, stamp.feed_sequence, file.sha256, file.rows, file.size)


async def _head_sequence(bind: AsyncEngine | AsyncConnection) -> int:
    if isinstance(bind, AsyncEngine):
        async with bind.connect() as connection:
            return (await read_stamp(connection)).feed_sequence
    return (await read_stamp(bind)).feed_sequence


def _bulk_files(request: Request[Any, Any, Any]) -> BulkFiles:
    files: BulkFiles | None = request.app.state.get("bulk_files")
    if files is None:
        settings: Settings = request.app.state.settings
        files = request.app.state.bulk_files = BulkFiles(settings.data_dir / "bulk")
    return files


_HEADERS = [
    ResponseHeader(
        name="X-Feed-Sequence",
        description="The last event sequence number of the snapshot: follow GET /api/v1/events?after= this",
        documentation_only=True,
    ),
    ResponseHeader(name="X-Content-SHA256", description="SHA-256 of the body (hex)", documentation_only=True),
    ResponseHeader(
        name="Repr-Digest", description="RFC 9530 digest of the body: sha-256=:<base64>:", documentation_only=True
    ),
    ResponseHeader(name="X-Row-Count", description="Companies in the file", documentation_only=True),
    ResponseHeader(name="Link", description='The data\'s licence, rel="license" (CC BY 4.0)', documentation_only=True),
]


@get(
    "/companies",
    **anyone(),
    summary="The public register in one file (CSV or JSON Lines)",
    response_headers=_HEADERS,
)
async def bulk_companies(request: Request[Any, Any, Any], format: Output = None) -> Stream:
    """Every company's public entry (the fields of ``GET /api/v1/companies``), ordered by BIN, as of one snapshot.

    ``X-Feed-Sequence`` is the last event sequence number of that snapshot: load the file, then follow
    ``GET /api/v1/events?after=<X-Feed-Sequence>`` and nothing is missed. ``X-Content-SHA256`` (and ``Repr-Digest``)
    is the SHA-256 of the body; ``X-Row-Count`` the number of companies. The data is open under CC BY 4.0 (``Link``
    ``rel="license"``). The file is read from a server-side cursor into a file on disk (made again only when an
    event has been recorded since the last one), so the database connection is released before the download starts.
    """
    chosen = _negotiated(request, format)  # the query's own name, so that a refusal names it
    file, stream = await _bulk_files(request).current(_bind(request), chosen)
    return Stream(_chunks(stream), media_type=_media_type(chosen), headers=_file_headers(file, chosen))


@head("/companies", **anyone(), summary="The bulk file's headers only (its sequence, digest, size)")
async def bulk_companies_head(request: Request[Any, Any, Any], format: Output = None) -> Response[None]:
    """What ``GET`` would send, without the body: a consumer checks the sequence and digest before downloading."""
    chosen = _negotiated(request, format)
    file = await _bulk_files(request).described(_bind(request), chosen)
    return Response(content=None, media_type=_media_type(chosen), headers=_file_headers(file, chosen))


def _bind(request: Request[Any, Any, Any]) -> AsyncEngine | AsyncConnection:
    """The engine (or a test's connection) the bulk files are read through: the handlers take no request session."""
    database: Database = request.app.state.database
    bind: AsyncEngine | AsyncConnection = database.read_sessions.kw["bind"]
    return bind


def _media_type(chosen: ExportFormat) -> str:
    """The file's media type without its parameters: Litestar adds ``charset=utf-8`` to a ``text/*`` type itself."""
    return MEDIA_TYPES[chosen].partition(";")[0]


def _file_headers(file: BulkFile, chosen: ExportFormat) -> dict[str, str]:
    digest = bytes.fromhex(file.sha256)
    return {
        "X-Feed-Sequence": str(file.feed_sequence),
        "X-Content-SHA256": file.sha256,
        "Repr-Digest": f"sha-256=:{base64.b64encode(digest).decode()}:",
        "X-Row-Count": str(file.rows),
        "Content-Length": str(file.size),
        "Content-Disposition": f'attachment; filename="companies-{file.feed_sequence}.{chosen}"',
        "Link": f'<{DATA_LICENCE.url}>; rel="license"',
        "Cache-Control": "no-cache",
    }


bulk_router = Router(path="/api/v1/bulk", route_handlers=[bulk_companies, bulk_companies_head], tags=["bulk data"])
