"""Appending to the event log, reading the public feed, and verifying the chain."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import utc_now
from registry.events.chain import ChainBreak, EventContent, event_hash, find_chain_break
from registry.events.models import Event, EventChainHead

__all__ = [
    "EventRecord",
    "VerificationReport",
    "read_public_feed",
    "read_resource_events",
    "record_event",
    "verify_event_chain",
]

_VERIFY_BATCH = 5000


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An event as the API shows it."""

    seq: int
    occurred_at: datetime
    actor_id: uuid.UUID | None
    kind: str
    resource_type: str
    resource_id: str
    data: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class VerificationReport:
    """The result of walking the whole chain."""

    events_checked: int
    intact: bool
    first_break: ChainBreak | None
    last_hash: str


async def record_event(
    session: AsyncSession,
    *,
    actor_id: uuid.UUID | None,
    kind: str,
    resource_type: str,
    resource_id: str | uuid.UUID,
    data: Mapping[str, Any],
    public: bool,
    confidential: Mapping[str, Any] | None = None,
) -> int:
    """Append one event in the caller's transaction and return its sequence number.

    Locks the chain head until the transaction ends, so call it as the last write of a use case: events are then
    numbered in commit order and the feed never shows a later event before an earlier one.
    """
    head = (await session.execute(select(EventChainHead).where(EventChainHead.id == 1).with_for_update())).scalar_one()
    content = EventContent(
        seq=head.last_seq + 1,
        occurred_at=utc_now(),
        actor_id=actor_id,
        kind=kind,
        resource_type=resource_type,
        resource_id=str(resource_id),
        is_public=public,
        data=dict(data),
        confidential=dict(confidential or {}),
        prev_hash=head.last_hash,
    )
    digest = event_hash(content)
    session.add(
        Event(
            seq=content.seq,
            occurred_at=content.occurred_at,
            actor_id=content.actor_id,
            kind=content.kind,
            resource_type=content.resource_type,
            resource_id=content.resource_id,
            is_public=content.is_public,
            data=content.data,
            confidential=content.confidential,
            prev_hash=content.prev_hash,
            hash=digest,
        )
    )
    head.last_seq = content.seq
    head.last_hash = digest
    await session.flush()
    return content.seq


def _as_record(event: Event) -> EventRecord:
    return EventRecord(
        seq=event.seq,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        kind=event.kind,
        resource_type=event.resource_type,
        resource_id=event.resource_id,
        data=event.data,
    )


async def read_public_feed(session: AsyncSession, *, after: int, limit: int) -> Sequence[EventRecord]:
    """Public events with ``seq > after`` in sequence order."""
    rows = await session.scalars(
        select(Event).where(Event.is_public, Event.seq > after).order_by(Event.seq).limit(limit)
    )
    return [_as_record(event) for event in rows]


async def read_resource_events(session: AsyncSession, *, resource_type: str, resource_id: str) -> Sequence[EventRecord]:
    """All events of one resource in sequence order (for timelines shown to those who may see the resource)."""
    rows = await session.scalars(
        select(Event).where(Event.resource_type == resource_type, Event.resource_id == resource_id).order_by(Event.seq)
    )
    return [_as_record(event) for event in rows]


def _content(event: Event) -> EventContent:
    return EventContent(
        seq=event.seq,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        kind=event.kind,
        resource_type=event.resource_type,
        resource_id=event.resource_id,
        is_public=event.is_public,
        data=event.data,
        confidential=event.confidential,
        prev_hash=event.prev_hash,
    )


async def verify_event_chain(session: AsyncSession) -> VerificationReport:
    """Recompute every hash in batches and report the first edit, deletion or reordering."""
    checked = 0
    next_seq, last_hash = 1, ""
    prev_hash = "0" * 64
    while True:
        batch = list(
            await session.scalars(select(Event).where(Event.seq >= next_seq).order_by(Event.seq).limit(_VERIFY_BATCH))
        )
        if not batch:
            break
        broken, next_seq, last_hash = find_chain_break(
            ((_content(event), event.hash) for event in batch), expected_prev_hash=prev_hash, expected_seq=next_seq
        )
        if broken is not None:
            return VerificationReport(events_checked=checked, intact=False, first_break=broken, last_hash="")
        checked += len(batch)
        prev_hash = last_hash
    head = await session.get(EventChainHead, 1)
    if head is not None and head.last_seq != checked:
        tail = ChainBreak(seq=head.last_seq, reason=f"chain head says {head.last_seq} events, found {checked}")
        return VerificationReport(events_checked=checked, intact=False, first_break=tail, last_hash=prev_hash)
    return VerificationReport(events_checked=checked, intact=True, first_break=None, last_hash=prev_hash)
