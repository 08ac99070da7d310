"""``/api/v1/bulk/companies``: the public register in one file, stamped with the feed sequence it matches."""

from __future__ import annotations

import base64
import tempfile
from collections.abc import AsyncIterator
from typing import IO, Annotated, Any, Literal

from litestar import Request, Router, get
from litestar.datastructures import ResponseHeader
from litestar.params import QueryParameter
from litestar.response import Stream

from api.auth.access import anyone
from api.database import Database
from registry.bulk.export import DATA_LICENCE, MEDIA_TYPES, ExportFormat, RegisterFile, snapshot_of, write_register

__all__ = ["BULK_MEDIA_TYPES", "bulk_router"]

BULK_MEDIA_TYPES = ("text/csv", "application/jsonl")
"""What ``GET /bulk/companies`` serves (``application/x-ndjson`` is accepted for JSON Lines too)."""
SPOOL_BYTES = 8 * 1024 * 1024
"""A file larger than this is spooled to a temporary file on disk, never held in memory."""
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


async def _chunks(spool: IO[bytes]) -> AsyncIterator[bytes]:
    try:
        while chunk := spool.read(CHUNK_BYTES):
            yield chunk
    finally:
        spool.close()


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
    ``rel="license"``). The file is read from a server-side cursor and spooled to disk, so the database connection
    is released before the download starts.
    """
    chosen = _negotiated(request, format)  # the query's own name, so that a refusal names it
    database: Database = request.app.state.database
    bind = database.read_sessions.kw["bind"]
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed by the stream
    try:
        file = RegisterFile(spool, chosen)  # type: ignore[arg-type]
        async with snapshot_of(bind) as (connection, stamp):
            await write_register(connection, [file])
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    digest = bytes.fromhex(file.sha256)
    headers = {
        "X-Feed-Sequence": str(stamp.feed_sequence),
        "X-Content-SHA256": file.sha256,
        "Repr-Digest": f"sha-256=:{base64.b64encode(digest).decode()}:",
        "X-Row-Count": str(file.rows),
        "Content-Length": str(file.size),
        "Content-Disposition": f'attachment; filename="companies-{stamp.feed_sequence}.{chosen}"',
        "Link": f'<{DATA_LICENCE.url}>; rel="license"',
        "Cache-Control": "no-cache",
    }
    return Stream(_chunks(spool), media_type=MEDIA_TYPES[chosen], headers=headers)


bulk_router = Router(path="/api/v1/bulk", route_handlers=[bulk_companies], tags=["bulk data"])
