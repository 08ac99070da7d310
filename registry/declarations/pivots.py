"""Pivot events: kept in step with a company's declarations, listed as its timeline, recomputed for comparison."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.companies.models import Company
from registry.database import utc_now
from registry.declarations.facts import (
    AiClass,
    CompanyFacts,
    RubricVersion,
)
from registry.declarations.models import Declaration, PivotEventRecord
from registry.declarations.periods import period_end, period_key
from registry.declarations.pivot_rules import ClassifiedPeriod, PivotEvent, detect_pivots
from registry.declarations.repository import current_declarations
from registry.declarations.rubric import ai_revenue_share, ai_talent_share, classify_declaration
from registry.declarations.schemas import PivotView
from registry.declarations.stored import stored_facts
from registry.events.service import record_event

__all__ = ["LIVE_SERIES", "classified_periods", "list_pivots", "recompute_pivots", "synchronise_pivots"]

LIVE_SERIES = "live"
"""The series written as declarations are filed; recomputations under another rubric get their own label."""


def classified_periods(declarations: Sequence[Declaration]) -> list[ClassifiedPeriod]:
    """The pivot rules' view of a company's current declarations, with their stored classes."""
    return [
        ClassifiedPeriod(
            period_key=period_key(d.fiscal_year, d.quarter),
            period_end=period_end(d.fiscal_year, d.quarter),
            ai_class=AiClass(d.ai_class),
            ai_revenue_share=d.ai_revenue_share,
            ai_talent_share=d.ai_talent_share,
            rubric_version=d.rubric_version,
        )
        for d in declarations
    ]


@dataclass(frozen=True, slots=True)
class _Key:
    """Everything an event states: a stored event that differs in any of it no longer matches the declarations."""

    kind: str
    from_class: str | None
    from_period: str | None
    to_class: str
    to_period: str
    delta_ai_revenue_share: Decimal | None
    delta_ai_talent_share: Decimal | None
    months_since_registration: int
    rubric_version: int | None


def _rounded(value: Decimal | None) -> Decimal | None:
    # Stored shares have 6 decimals; compare at that precision.
    return None if value is None else value.quantize(Decimal("0.000001"))


def _key_of(event: PivotEvent | PivotEventRecord) -> _Key:
    return _Key(
        event.kind,
        event.from_class,
        event.from_period,
        event.to_class,
        event.to_period,
        _rounded(event.delta_ai_revenue_share),
        _rounded(event.delta_ai_talent_share),
        event.months_since_registration,
        event.rubric_version,
    )


def _record(company_id: uuid.UUID, event: PivotEvent, series: str, to_period_end: object) -> PivotEventRecord:
    return PivotEventRecord(
        id=uuid.uuid4(),
        company_id=company_id,
        series=series,
        kind=event.kind,
        from_class=event.from_class,
        to_class=event.to_class,
        from_period=event.from_period,
        to_period=event.to_period,
        to_period_end=to_period_end,
        delta_ai_revenue_share=event.delta_ai_revenue_share,
        delta_ai_talent_share=event.delta_ai_talent_share,
        months_since_registration=event.months_since_registration,
        rubric_version=event.rubric_version,
    )


async def synchronise_pivots(
    session: AsyncSession,
    *,
    company: Company,
    periods: Sequence[Declaration],
    actor_id: uuid.UUID | None,
    extra_periods: Sequence[ClassifiedPeriod] = (),
) -> None:
    """Bring the live pivot events in line with the current declarations.

    New transitions are recorded (``company.pivoted``); a stored event that a superseding declaration made untrue
    is retracted, never deleted (``company.pivot_retracted``). Events keep the rubric version that classified their
    period, so publishing a new rubric version does not rewrite them.
    """
    classified = [*classified_periods(periods), *extra_periods]
    ends = {p.period_key: p.period_end for p in classified}
    expected = {_key_of(e): e for e in detect_pivots(classified, registration_date=company.registration_date)}
    stored = {
        _key_of(r): r
        for r in await session.scalars(
            select(PivotEventRecord).where(
                PivotEventRecord.company_id == company.id,
                PivotEventRecord.series == LIVE_SERIES,
                PivotEventRecord.retracted_at.is_(None),
            )
        )
    }
    retracted = [record for key, record in stored.items() if key not in expected]
    added = [
        _record(company.id, event, LIVE_SERIES, ends[event.to_period])
        for key, event in expected.items()
        if key not in stored
    ]
    for record in retracted:
        record.retracted_at = utc_now()
    session.add_all(added)
    await session.flush()
    for record in retracted:
        await record_event(
            session,
            actor_id=actor_id,
            kind="company.pivot_retracted",
            resource_type="company",
            resource_id=company.id,
            data={"kind": record.kind, "to_period": record.to_period},
            public=True,
        )
    for record in added:
        await record_event(
            session,
            actor_id=actor_id,
            kind="company.pivoted",
            resource_type="company",
            resource_id=company.id,
            data={
                "kind": record.kind,
                "from_class": record.from_class,
                "to_class": record.to_class,
                "from_period": record.from_period,
                "to_period": record.to_period,
                "rubric_version": record.rubric_version,
            },
            confidential={
                "delta_ai_revenue_share": str(record.delta_ai_revenue_share),
                "delta_ai_talent_share": str(record.delta_ai_talent_share),
                "months_since_registration": record.months_since_registration,
            },
            public=True,
        )


async def list_pivots(session: AsyncSession, *, company_id: uuid.UUID, series: str = LIVE_SERIES) -> list[PivotView]:
    """A company's timeline of pivots in period order (retracted ones included, marked)."""
    records = await session.scalars(
        select(PivotEventRecord)
        .where(PivotEventRecord.company_id == company_id, PivotEventRecord.series == series)
        .order_by(PivotEventRecord.to_period_end, PivotEventRecord.detected_at)
    )
    return [
        PivotView(
            kind=r.kind,  # type: ignore[arg-type]
            from_class=r.from_class,
            to_class=r.to_class,
            from_period=r.from_period,
            to_period=r.to_period,
            delta_ai_revenue_share=r.delta_ai_revenue_share,
            delta_ai_talent_share=r.delta_ai_talent_share,
            months_since_registration=r.months_since_registration,
            rubric_version=r.rubric_version,
            series=r.series,
            detected_at=r.detected_at,
            retracted_at=r.retracted_at,
        )
        for r in records
    ]


async def recompute_pivots(
    session: AsyncSession, *, rubric: RubricVersion, company_ids: Sequence[uuid.UUID] | None = None
) -> int:
    """Reclassify every company's current declarations under ``rubric`` into the series ``rubric-N``.

    The live series is untouched; an earlier recomputation under the same version is replaced. Returns the
    number of events written.
    """
    series = f"rubric-{rubric.version}"
    earlier = delete(PivotEventRecord).where(PivotEventRecord.series == series)
    if company_ids is not None:
        earlier = earlier.where(PivotEventRecord.company_id.in_(company_ids))
    await session.execute(earlier)
    query = select(Company).where(Company.id.in_(select(Declaration.company_id).distinct()))
    if company_ids is not None:
        query = query.where(Company.id.in_(company_ids))
    written = 0
    for company in (await session.scalars(query)).all():
        declarations = await current_declarations(session, company.id)
        all_facts = await stored_facts(session, declarations)
        periods = []
        for d in declarations:
            facts = all_facts[d.id]
            evaluation = classify_declaration(facts, CompanyFacts(registration_date=company.registration_date), rubric)
            periods.append(
                ClassifiedPeriod(
                    period_key=period_key(d.fiscal_year, d.quarter),
                    period_end=period_end(d.fiscal_year, d.quarter),
                    ai_class=evaluation.ai_class,
                    ai_revenue_share=ai_revenue_share(facts),
                    ai_talent_share=ai_talent_share(facts),
                    rubric_version=rubric.version,
                )
            )
        ends = {p.period_key: p.period_end for p in periods}
        events = detect_pivots(periods, registration_date=company.registration_date)
        session.add_all(_record(company.id, e, series, ends[e.to_period]) for e in events)
        written += len(events)
    await session.flush()
    return written
