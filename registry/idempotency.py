"""Stored responses of creating requests, keyed by the caller's ``Idempotency-Key``."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import DateTime, String, func, select
from sqlalchemy.dialects.postgresql import JSON, JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base

__all__ = ["IdempotencyRecord", "StoredResponse", "claim_idempotency_key", "store_idempotent_response"]

ANONYMOUS_SCOPE = uuid.UUID(int=0)


class IdempotencyRecord(Base):
    """The first response to a request made with an idempotency key, per caller and operation."""

    __tablename__ = "idempotency_keys"

    account_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    operation: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None]
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """The first answer's body as written (``json``, not ``jsonb``: its keys keep their order, so a replay is the
    same bytes)."""
    response_headers: Mapped[dict[str, str] | None] = mapped_column(JSONB)
    """The first answer's headers that a replay repeats (``ETag``, ``Location``, ``Content-Type``, chosen by the
    caller); ``NULL`` for records stored before migration 0012."""
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class StoredResponse(NamedTuple):
    """What an earlier request with the same key stored."""

    request_hash: str
    """The SHA-256 of the earlier request's body: a replay must send the same body."""
    status_code: int | None
    body: dict[str, Any] | None
    headers: dict[str, str]
    """The headers to repeat; empty for records stored before they were kept."""


async def claim_idempotency_key(
    session: AsyncSession, *, account_id: uuid.UUID | None, operation: str, key: str, request_hash: str
) -> StoredResponse | None:
    """Claim ``key`` for this request, or return what an earlier request with the same key stored.

    The insert waits on a concurrent uncommitted claim of the same key, so of many simultaneous requests exactly
    one proceeds; the others see its committed record (or proceed themselves if it rolled back).

    Returns:
        ``None`` when this request now owns the key; otherwise the earlier request's hash, status, body and headers.
    """
    scope = account_id or ANONYMOUS_SCOPE
    claimed = await session.execute(
        insert(IdempotencyRecord)
        .values(account_id=scope, operation=operation, key=key, request_hash=request_hash)
        .on_conflict_do_nothing()
        .returning(IdempotencyRecord.key)
    )
    if claimed.first() is not None:
        return None
    record = (
        await session.execute(
            select(IdempotencyRecord).where(
                IdempotencyRecord.account_id == scope,
                IdempotencyRecord.operation == operation,
                IdempotencyRecord.key == key,
            )
        )
    ).scalar_one()
    return StoredResponse(record.request_hash, record.status_code, record.response, dict(record.response_headers or {}))


async def store_idempotent_response(
    session: AsyncSession,
    *,
    account_id: uuid.UUID | None,
    operation: str,
    key: str,
    status_code: int,
    response: dict[str, Any],
    headers: Mapping[str, str],
) -> None:
    """Keep the response of the request that owns ``key`` (in the same transaction as its effect).

    ``headers`` are the ones a replay must repeat (the new resource's ``ETag`` and ``Location``, the body's type).
    """
    record = await session.get(IdempotencyRecord, (account_id or ANONYMOUS_SCOPE, operation, key))
    if record is None:  # pragma: no cover - the key was claimed earlier in this transaction
        raise LookupError(key)
    record.status_code = status_code
    record.response = response
    record.response_headers = dict(headers)
    await session.flush()
