"""The bulk path: COPY generated companies, their activities, members, AI systems, declarations and events.

Building a batch's rows (generating declarations, classifying them, hashing events) is CPU work in Python while
COPY is work for the server: :func:`load_companies` builds the next batch in a worker thread while the current
one is being copied, so the two overlap. The statistics rollups of a batch's companies are made once, when these
and their activities are in (:mod:`registry.bulk.batch_rollups`), before its declarations are copied.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import random
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from registry.bulk.batch_rollups import rollups_once_per_batch
from registry.companies.models import Company
from registry.companies.service import company_search_key, registered_event_data
from registry.database import utc_now
from registry.declarations.rubric import ai_revenue_share, ai_talent_share
from registry.demo.ai_systems import AI_SYSTEM_COLUMNS, DemoAiSystem, add_ai_system_rows, generate_ai_systems
from registry.demo.bulk import ChainSegment, EventBatch, copy_records, json_text, lock_event_batch
from registry.demo.declarations import DemoHistory, generate_history
from registry.demo.ecosystem import DemoCompany

# copy_records is re-exported: api.demo loads the demo accounts with it.
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
    "ai_class",
)
DECLARATION_COLUMNS = (
    "id",
    "company_id",
    "fiscal_year",
    "quarter",
    "revenue_total",
    "revenue_ai",
    "fte_total",
    "fte_ai",
    "opex_total",
    "opex_ai",
    "owns_data_library",
    "supersedes_id",
    "filed_at",
    "filed_by",
    "rubric_version",
    "ai_class",
    "ai_revenue_share",
    "ai_talent_share",
    "evaluation",
)
PRODUCT_COLUMNS = (
    "declaration_id",
    "position",
    "name",
    "description",
    "capabilities",
    "is_core",
    "provenance",
    "stage",
    "ai_system_id",
)
PIVOT_COLUMNS = (
    "id",
    "company_id",
    "series",
    "kind",
    "from_class",
    "to_class",
    "from_period",
    "to_period",
    "to_period_end",
    "delta_ai_revenue_share",
    "delta_ai_talent_share",
    "months_since_registration",
    "rubric_version",
    "detected_at",
)


@functools.lru_cache(maxsize=1 << 18)
def _search_key(name_kk: str, name_ru: str, name_en: str) -> str:
    """Generated names repeat at scale: fold each combination once."""
    return company_search_key(name_kk, name_ru, name_en)


async def load_companies(
    session: AsyncSession,
    companies: Iterable[DemoCompany],
    *,
    owner_ids: Sequence[uuid.UUID],
    today: date,
    batch_size: int = 5000,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """COPY ``companies`` with their activities, one owner each (round robin over ``owner_ids``) and events.

    The rows of batch *n + 1* are built in a worker thread while batch *n* is copied.
    """
    events = await lock_event_batch(session)
    batches: Iterator[list[DemoCompany]] = iter(functools.partial(_next_batch, iter(companies), batch_size), [])
    offset = 0

    def build_next() -> _Rows | None:
        nonlocal offset
        batch = next(batches, None)
        if batch is None:
            return None
        rows = _build_rows(batch, owner_ids, events, offset, today)
        offset += len(batch)
        return rows

    loaded = 0
    building = asyncio.ensure_future(asyncio.to_thread(build_next))
    while (rows := await building) is not None:
        building = asyncio.ensure_future(asyncio.to_thread(build_next))
        await rows.copy(session)
        await events.write(session, rows.events)
        loaded += rows.count
        if on_batch:
            on_batch(loaded)
    return loaded


def _next_batch(companies: Iterator[DemoCompany], size: int) -> list[DemoCompany]:
    return list(itertools.islice(companies, size))


class _Rows:
    """Rows of one batch, per table."""

    def __init__(self) -> None:
        self.count = 0
        self.events = ChainSegment([], 0, "")
        self.companies: list[tuple[Any, ...]] = []
        self.activities: list[tuple[Any, ...]] = []
        self.members: list[tuple[Any, ...]] = []
        self.ai_systems: list[tuple[Any, ...]] = []
        self.declarations: list[tuple[Any, ...]] = []
        self.products: list[tuple[Any, ...]] = []
        self.pivots: list[tuple[Any, ...]] = []

    async def copy(self, session: AsyncSession) -> None:
        async with rollups_once_per_batch(session) as batch:
            await copy_records(session, "companies", COMPANY_COLUMNS, self.companies)
            await copy_records(
                session, "company_activities", ("company_id", "oked_code", "is_primary"), self.activities
            )
            batch.ids = [company[0] for company in self.companies]
        await copy_records(session, "company_members", ("company_id", "account_id", "role", "created_at"), self.members)
        await copy_records(session, "ai_systems", AI_SYSTEM_COLUMNS, self.ai_systems)
        await copy_records(session, "declarations", DECLARATION_COLUMNS, self.declarations)
        await copy_records(session, "declaration_products", PRODUCT_COLUMNS, self.products)
        await copy_records(session, "pivot_events", PIVOT_COLUMNS, self.pivots)


def _add_history(
    rows: _Rows,
    events: EventBatch,
    company: DemoCompany,
    history: DemoHistory,
    owner: uuid.UUID | None,
    systems: list[DemoAiSystem],
) -> None:
    system_of_product = {s.product_name: s.id for s in systems}
    shown_class: str | None = None
    for d in history.declarations:
        f, e = d.facts, d.evaluation
        rows.declarations.append(
            (
                d.id,
                company.id,
                f.fiscal_year,
                f.quarter,
                f.revenue_total,
                f.revenue_ai,
                f.fte_total,
                f.fte_ai,
                f.opex_total,
                f.opex_ai,
                f.owns_data_library,
                None,
                d.filed_at,
                owner,
                e.rubric_version,
                e.ai_class.value,
                ai_revenue_share(f),
                ai_talent_share(f),
                json_text(e.to_dict()),
            )
        )
        rows.products.extend(
            (
                d.id,
                index,
                p.name,
                "",
                sorted(p.capabilities),
                p.is_core,
                p.provenance.value,
                p.stage.value,
                system_of_product.get(p.name),
            )
            for index, p in enumerate(f.products)
        )
        events.append(
            actor_id=owner,
            kind="declaration.filed",
            resource_type="declaration",
            resource_id=d.id,
            data={
                "company_id": str(company.id),
                "period": str(f.fiscal_year),
                "ai_class": e.ai_class.value,
                "rubric_version": e.rubric_version,
            },
            confidential={
                "revenue_total": f.revenue_total,
                "revenue_ai": f.revenue_ai,
                "fte_total": str(f.fte_total),
                "fte_ai": str(f.fte_ai),
            },
            public=False,
        )
        if e.ai_class.value != shown_class:
            events.append(
                actor_id=owner,
                kind="company.classified",
                resource_type="company",
                resource_id=company.id,
                data={"ai_class": e.ai_class.value, "previous": shown_class},
                confidential={},
                public=True,
            )
            shown_class = e.ai_class.value
    for p in history.pivots:
        period_end = date(int(p.to_period[:4]), 12, 31)
        rows.pivots.append(
            (
                uuid.uuid4(),
                company.id,
                "live",
                p.kind,
                p.from_class,
                p.to_class,
                p.from_period,
                p.to_period,
                period_end,
                p.delta_ai_revenue_share,
                p.delta_ai_talent_share,
                p.months_since_registration,
                p.rubric_version,
                utc_now(),
            )
        )
        events.append(
            actor_id=owner,
            kind="company.pivoted",
            resource_type="company",
            resource_id=company.id,
            data={
                "kind": p.kind,
                "from_class": p.from_class,
                "to_class": p.to_class,
                "from_period": p.from_period,
                "to_period": p.to_period,
                "rubric_version": p.rubric_version,
            },
            confidential={
                "delta_ai_revenue_share": str(p.delta_ai_revenue_share),
                "delta_ai_talent_share": str(p.delta_ai_talent_share),
                "months_since_registration": p.months_since_registration,
            },
            public=True,
        )


def _build_rows(
    batch: list[DemoCompany], owner_ids: Sequence[uuid.UUID], events: EventBatch, offset: int, today: date
) -> _Rows:
    now = utc_now()
    rows = _Rows()
    for index, c in enumerate(batch):
        owner = owner_ids[(offset + index) % len(owner_ids)] if owner_ids else None
        rng = random.Random(c.id.int)
        history = generate_history(c, rng, today=today)
        systems = generate_ai_systems(history, rng, today=today)
        ai_class = history.declarations[-1].evaluation.ai_class.value if history.declarations else None
        rows.companies.append(
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
                _search_key(c.name_kk, c.name_ru, c.name_en or ""),
                1,
                ai_class,
            )
        )
        rows.activities.extend((c.id, code, code == c.primary_activity) for code in c.activities)
        if owner is not None:
            rows.members.append((c.id, owner, "owner", now))
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
        add_ai_system_rows(rows.ai_systems, events, company_id=c.id, systems=systems, owner=owner)
        _add_history(rows, events, c, history, owner, systems)
    rows.count = len(batch)
    rows.events = events.take()
    return rows
