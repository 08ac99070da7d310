"""Appending to the event log, reading the public feed and the chain's links and head.

Verification is in :mod:`registry.events.verification` (re-exported here).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.database import utc_now
from registry.errors import Conflict
from registry.events.chain import GENESIS_HASH, EventContent, event_hash
from registry.events.models import Event, EventChainHead
from registry.events.verification import VerificationReport, verify_event_chain
from registry.i18n import Text

__all__ = [
    "ChainHead",
    "ChainLinkRecord",
    "EventRecord",
    "VerificationReport",
    "read_chain_head",
    "read_chain_links",
    "read_public_feed",
    "read_resource_events",
    "record_event",
    "verify_event_chain",
]

_HEAD_OUT_OF_STEP = Text(
    kk="Тізбектің басы журналдың соңғы оқиғасымен сәйкес келмейді; бақылау нүктесіне қол қойылмайды.",
    ru="Голова цепочки не совпадает с последним событием журнала; контрольная точка не подписывается.",
    en="The chain head does not match the log's last event; no checkpoint is signed.",
)


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
    prev_hash: str
    """The chain hash of the event before it (the genesis hash for the first)."""
    hash: str
    """The event's chain hash: SHA-256 of its canonical content, which includes ``prev_hash``."""


@dataclass(frozen=True, slots=True)
class ChainLinkRecord:
    """One event's place in the chain, without its content: what a consumer needs to follow the chain."""

    seq: int
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The last sequence number and hash of the chain, as one snapshot saw them."""

    seq: int
    hash: str


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
        prev_hash=event.prev_hash,
        hash=event.hash,
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


async def read_chain_links(session: AsyncSession, *, after: int, limit: int) -> Sequence[ChainLinkRecord]:
    """Every event's ``(seq, prev_hash, hash)`` with ``seq > after``, public or not, in sequence order.

    Confidential events show here with their hashes only, so a consumer can follow the chain across them.
    """
    rows = await session.execute(
        select(Event.seq, Event.prev_hash, Event.hash).where(Event.seq > after).order_by(Event.seq).limit(limit)
    )
    return [ChainLinkRecord(seq=seq, prev_hash=prev_hash, hash=digest) for seq, prev_hash, digest in rows]


async def read_chain_head(session: AsyncSession) -> ChainHead:
    """The chain head, checked against the log's last event in the same statement (one snapshot).

    Raises:
        Conflict: the head names an event that is not there, or another hash than that event has: a head that does
            not match the log is never signed.
    """
    row = (
        await session.execute(
            select(EventChainHead.last_seq, EventChainHead.last_hash, Event.hash)
            .select_from(EventChainHead)
            .outerjoin(Event, Event.seq == EventChainHead.last_seq)
            .where(EventChainHead.id == 1)
        )
    ).one_or_none()
    if row is None:
        raise Conflict("events.chain_head_out_of_step", _HEAD_OUT_OF_STEP)
    head_seq, head_hash, event_hash_at_head = row
    expected = GENESIS_HASH if head_seq == 0 else event_hash_at_head
    if head_hash != expected:
        raise Conflict("events.chain_head_out_of_step", _HEAD_OUT_OF_STEP, details={"head_seq": head_seq})
    return ChainHead(seq=head_seq, hash=head_hash)
