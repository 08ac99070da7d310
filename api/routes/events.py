"""``/api/v1/events`` (public change feed) and ``/api/v1/audit/verify`` (admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Router, get
from litestar.params import QueryParameter

from api.auth.access import anyone, only
from api.dependencies import Session
from registry.events.service import read_public_feed, verify_event_chain

__all__ = ["events_router"]


class FeedEvent(msgspec.Struct, frozen=True):
    """An event of the public feed."""

    seq: int
    occurred_at: datetime
    kind: str
    resource_type: str
    resource_id: str
    data: dict[str, Any]


class FeedPage(msgspec.Struct, frozen=True):
    """Events after a sequence number; poll again with ``after=last_seq``."""

    items: list[FeedEvent]
    last_seq: int


class AuditReport(msgspec.Struct, frozen=True):
    """Result of verifying the hash chain."""

    intact: bool
    events_checked: int
    last_hash: str
    broken_at_seq: int | None = None
    reason: str | None = None


@get("/events", **anyone(), summary="The public change feed")
async def feed(
    session: Session,
    after: Annotated[int, QueryParameter(ge=0, description="Last sequence number you have seen")] = 0,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 100,
) -> FeedPage:
    """Public events in sequence order; a poller that passes its last ``seq`` never misses or repeats one."""
    records = await read_public_feed(session, after=after, limit=limit)
    items = [FeedEvent(r.seq, r.occurred_at, r.kind, r.resource_type, r.resource_id, dict(r.data)) for r in records]
    return FeedPage(items=items, last_seq=items[-1].seq if items else after)


@get("/audit/verify", **only("admin"), summary="Verify the audit trail's hash chain")
async def verify(session: Session) -> AuditReport:
    """Recompute every event's hash and report the first edit, deletion or reordering."""
    report = await verify_event_chain(session)
    broken = report.first_break
    return AuditReport(
        intact=report.intact,
        events_checked=report.events_checked,
        last_hash=report.last_hash,
        broken_at_seq=broken.seq if broken else None,
        reason=broken.reason if broken else None,
    )


events_router = Router(path="/api/v1", route_handlers=[feed, verify], tags=["events"])
