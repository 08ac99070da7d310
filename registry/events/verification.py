"""Verifying the whole hash chain in one snapshot of the log and its head."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import DateTime, Row, Uuid, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from registry.events.chain import ChainBreak, ChainWalk, EventContent

__all__ = ["VerificationReport", "verify_event_chain"]

_FETCH_SIZE = 5000
_CURSOR = "audit_chain_walk"
# One statement is one snapshot, also under READ COMMITTED: the head comes from the same snapshot as the events
# (two uncorrelated subqueries, evaluated once), so a writer that commits while the walk runs is either wholly in
# it or wholly out of it. A cursor keeps that snapshot across fetches and is planned for a fast start (an index
# scan in sequence order, not a sort of the whole log).
_DECLARE = text(
    f"DECLARE {_CURSOR} NO SCROLL CURSOR FOR "  # noqa: S608 - a constant name, no input
    "SELECT seq, occurred_at, actor_id, kind, resource_type, resource_id, is_public, data, confidential, prev_hash, "
    "hash, (SELECT last_seq FROM event_chain_head WHERE id = 1) AS head_seq, "
    "(SELECT last_hash FROM event_chain_head WHERE id = 1) AS head_hash "
    "FROM events ORDER BY seq"
)
_FETCH = text(f"FETCH FORWARD {_FETCH_SIZE} FROM {_CURSOR}").columns(
    occurred_at=DateTime(timezone=True), actor_id=Uuid(), data=JSONB(), confidential=JSONB()
)
_CLOSE = text(f"CLOSE {_CURSOR}")
# An empty log has no row to carry the head, so the head and "is the log still empty" are read together instead.
_EMPTY_LOG_HEAD = text(
    "SELECT (SELECT last_seq FROM event_chain_head WHERE id = 1), "
    "(SELECT last_hash FROM event_chain_head WHERE id = 1), EXISTS (SELECT 1 FROM events)"
)


@dataclass(frozen=True, slots=True)
class VerificationReport:
    """The result of walking the whole chain."""

    events_checked: int
    """Events that verified, in sequence order: all of them, or those before the first break."""
    intact: bool
    first_break: ChainBreak | None
    last_hash: str
    """The hash of the last event that verified (the genesis hash when none did)."""
    head_seq: int | None
    """The head's ``last_seq`` in the snapshot that was verified (``None`` when the head row is missing)."""
    head_hash: str | None
    """The head's ``last_hash`` in that snapshot."""


def _content(row: Row[tuple[object, ...]]) -> EventContent:
    event = row._mapping
    return EventContent(
        seq=event["seq"],
        occurred_at=event["occurred_at"],
        actor_id=event["actor_id"],
        kind=event["kind"],
        resource_type=event["resource_type"],
        resource_id=event["resource_id"],
        is_public=event["is_public"],
        data=event["data"],
        confidential=event["confidential"],
        prev_hash=event["prev_hash"],
    )


async def _walk_one_snapshot(session: AsyncSession, walk: ChainWalk) -> tuple[bool, int | None, str | None]:
    """Feed every event of one snapshot to ``walk``; return whether there was any, and that snapshot's head."""
    await session.execute(_DECLARE)
    head_seq: int | None = None
    head_hash: str | None = None
    seen_any = False
    rows: Sequence[Row[tuple[object, ...]]] = (await session.execute(_FETCH)).all()
    while rows:
        if not seen_any:
            seen_any = True
            head_seq, head_hash = rows[0]._mapping["head_seq"], rows[0]._mapping["head_hash"]
        if not all(walk.step(_content(row), row._mapping["hash"]) for row in rows):
            break
        rows = (await session.execute(_FETCH)).all()
    await session.execute(_CLOSE)
    return seen_any, head_seq, head_hash


async def verify_event_chain(session: AsyncSession) -> VerificationReport:
    """Recompute every hash and compare the head, all in one snapshot; report the first break.

    Detects an edited event (its content no longer hashes to its hash), a deleted or reordered one (a gap or a
    repeat in ``seq``, or a ``prev_hash`` that is not the previous event's hash), and a head that does not end
    where the log ends (a tail cut off while the head still counts it, or a head whose hash was changed). A tail
    cut off *and* a head rewound to match leaves a shorter chain that is intact in itself: only a consumer that kept
    a signed checkpoint of the longer one can tell (see :mod:`registry.events.checkpoints`).
    """
    while True:
        walk = ChainWalk()
        seen_any, head_seq, head_hash = await _walk_one_snapshot(session, walk)
        if seen_any:
            break
        head_seq, head_hash, not_empty_now = (await session.execute(_EMPTY_LOG_HEAD)).one()
        if not not_empty_now:
            break
        # The first event was committed between the two statements: walk the log again, in a snapshot that has it.
    broken = walk.finish(head_seq=head_seq, head_hash=head_hash)
    return VerificationReport(
        events_checked=walk.checked,
        intact=broken is None,
        first_break=broken,
        last_hash=walk.last_hash,
        head_seq=head_seq,
        head_hash=head_hash,
    )
