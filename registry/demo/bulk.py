"""Writing in bulk: COPY on the session's connection, and events appended to the hash chain in memory."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import utc_now
from registry.events.chain import EventContent, event_hash
from registry.events.models import EventChainHead

__all__ = ["EVENT_COLUMNS", "ChainSegment", "EventBatch", "copy_records", "json_text", "lock_event_batch"]

EVENT_COLUMNS = (
    "seq",
    "occurred_at",
    "actor_id",
    "kind",
    "resource_type",
    "resource_id",
    "is_public",
    "data",
    "confidential",
    "prev_hash",
    "hash",
)


async def copy_records(
    session: AsyncSession, table: str, columns: Sequence[str], records: list[tuple[Any, ...]]
) -> None:
    """``COPY`` rows into ``table`` on the session's own connection (inside its transaction)."""
    if not records:
        return
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    await driver.copy_records_to_table(table, records=records, columns=list(columns))


class EventBatch:
    """Events appended in bulk, continuing the hash chain from its locked head.

    The chain position is kept in plain attributes (the head row is only written by :meth:`flush`), so a worker
    thread can append while the event loop copies earlier records.
    """

    def __init__(self, head: EventChainHead) -> None:
        self.head = head
        self.last_seq, self.last_hash = head.last_seq, head.last_hash
        self.records: list[tuple[Any, ...]] = []

    def append(
        self,
        *,
        actor_id: uuid.UUID | None,
        kind: str,
        resource_type: str,
        resource_id: uuid.UUID,
        data: dict[str, Any],
        confidential: dict[str, Any],
        public: bool,
        occurred_at: datetime | None = None,
    ) -> None:
        """Add one event after the previous one; ``occurred_at`` (default now) dates a change of the demo's past."""
        content = EventContent(
            seq=self.last_seq + 1,
            occurred_at=occurred_at or utc_now(),
            actor_id=actor_id,
            kind=kind,
            resource_type=resource_type,
            resource_id=str(resource_id),
            is_public=public,
            data=data,
            confidential=confidential,
            prev_hash=self.last_hash,
        )
        digest = event_hash(content)
        self.records.append(
            (
                content.seq,
                content.occurred_at,
                actor_id,
                kind,
                resource_type,
                content.resource_id,
                public,
                json_text(data),
                json_text(confidential),
                content.prev_hash,
                digest,
            )
        )
        self.last_seq, self.last_hash = content.seq, digest

    def take(self) -> ChainSegment:
        """The events appended since the last call, and where the chain stands after them."""
        segment = ChainSegment(self.records, self.last_seq, self.last_hash)
        self.records = []
        return segment

    async def flush(self, session: AsyncSession) -> None:
        """COPY the collected events and move the chain head."""
        await self.write(session, self.take())

    async def write(self, session: AsyncSession, segment: ChainSegment) -> None:
        """COPY a taken segment and move the chain head to its end."""
        await copy_records(session, "events", EVENT_COLUMNS, segment.records)
        self.head.last_seq, self.head.last_hash = segment.last_seq, segment.last_hash
        await session.flush()


class ChainSegment(msgspec.Struct, frozen=True):
    """Consecutive events of the chain and the head after the last of them."""

    records: list[tuple[Any, ...]]
    last_seq: int
    last_hash: str


_encode_json = msgspec.json.Encoder()


def json_text(value: dict[str, Any]) -> str:
    """A value as JSON text, as the events' and evaluations' ``jsonb`` columns take it."""
    return _encode_json.encode(value).decode()


async def lock_event_batch(session: AsyncSession) -> EventBatch:
    """Lock the chain head for a bulk append."""
    head = (await session.execute(select(EventChainHead).where(EventChainHead.id == 1).with_for_update())).scalar_one()
    return EventBatch(head)
