"""The bulk path: COPY generated companies, their activities, members and events into PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.companies.models import Company
from registry.companies.service import company_search_key, registered_event_data
from registry.database import utc_now
from registry.demo.ecosystem import DemoCompany
from registry.events.chain import EventContent, event_hash
from registry.events.models import EventChainHead

__all__ = ["copy_records", "load_companies"]

COMPANY_COLUMNS = (
    "id",
    "bin",
    "name_kk",
    "name_ru",
    "name_en",
    "legal_form",
    "region_kato",
    "registration_date",
    "status",
    "headcount",
    "website",
    "description",
    "search_key",
    "version",
)
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
    """Events appended in bulk, continuing the hash chain from its locked head."""

    def __init__(self, head: EventChainHead) -> None:
        self.head = head
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
    ) -> None:
        """Add one event after the previous one."""
        content = EventContent(
            seq=self.head.last_seq + 1,
            occurred_at=utc_now(),
            actor_id=actor_id,
            kind=kind,
            resource_type=resource_type,
            resource_id=str(resource_id),
            is_public=public,
            data=data,
            confidential=confidential,
            prev_hash=self.head.last_hash,
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
                _json(data),
                _json(confidential),
                content.prev_hash,
                digest,
            )
        )
        self.head.last_seq, self.head.last_hash = content.seq, digest

    async def flush(self, session: AsyncSession) -> None:
        """COPY the collected events and move the chain head."""
        await copy_records(session, "events", EVENT_COLUMNS, self.records)
        self.records = []
        await session.flush()


def _json(value: dict[str, Any]) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


async def lock_event_batch(session: AsyncSession) -> EventBatch:
    """Lock the chain head for a bulk append."""
    head = (await session.execute(select(EventChainHead).where(EventChainHead.id == 1).with_for_update())).scalar_one()
    return EventBatch(head)


async def load_companies(
    session: AsyncSession,
    companies: Iterable[DemoCompany],
    *,
    owner_ids: Sequence[uuid.UUID],
    batch_size: int = 5000,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """COPY ``companies`` with their activities, one owner each (round robin over ``owner_ids``) and events."""
    events = await lock_event_batch(session)
    loaded = 0
    batch: list[DemoCompany] = []
    for company in companies:
        batch.append(company)
        if len(batch) >= batch_size:
            loaded += await _copy_batch(session, batch, owner_ids, events, loaded)
            batch = []
            if on_batch:
                on_batch(loaded)
    loaded += await _copy_batch(session, batch, owner_ids, events, loaded)
    if on_batch:
        on_batch(loaded)
    return loaded


async def _copy_batch(
    session: AsyncSession, batch: list[DemoCompany], owner_ids: Sequence[uuid.UUID], events: EventBatch, offset: int
) -> int:
    now = utc_now()
    companies: list[tuple[Any, ...]] = []
    activities: list[tuple[uuid.UUID, str, bool]] = []
    members: list[tuple[uuid.UUID, uuid.UUID, str, object]] = []
    for index, c in enumerate(batch):
        companies.append(
            (
                c.id,
                c.bin,
                c.name_kk,
                c.name_ru,
                c.name_en,
                c.legal_form,
                c.region_kato,
                c.registration_date,
                "active",
                c.headcount,
                c.website,
                c.description,
                company_search_key(c.name_kk, c.name_ru, c.name_en),
                1,
            )
        )
        activities.extend((c.id, code, code == c.primary_activity) for code in c.activities)
        owner = owner_ids[(offset + index) % len(owner_ids)] if owner_ids else None
        if owner is not None:
            members.append((c.id, owner, "owner", now))
        row = Company(
            bin=c.bin,
            name_kk=c.name_kk,
            name_ru=c.name_ru,
            name_en=c.name_en,
            legal_form=c.legal_form,
            region_kato=c.region_kato,
            registration_date=c.registration_date,
        )
        events.append(
            actor_id=owner,
            kind="company.registered",
            resource_type="company",
            resource_id=c.id,
            data=registered_event_data(row, c.activities, c.primary_activity),
            confidential={"headcount": c.headcount, "website": c.website},
            public=True,
        )
    await copy_records(session, "companies", COMPANY_COLUMNS, companies)
    await copy_records(session, "company_activities", ("company_id", "oked_code", "is_primary"), activities)
    await copy_records(session, "company_members", ("company_id", "account_id", "role", "created_at"), members)
    await events.flush(session)
    return len(batch)
