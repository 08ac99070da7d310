"""Ecosystem stocks as of a date as SQL aggregates, with disclosure control (flows: :mod:`registry.statistics.series`).

Every figure is computed by PostgreSQL (one aggregate query per metric); Python only shapes the few rows that come
back into cells and applies :mod:`registry.statistics.disclosure` to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import aggregate_order_by, distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from registry.companies.models import Company
from registry.declarations.models import Declaration
from registry.statistics.disclosure import Cell, DisclosureSettings, protect_series
from registry.statistics.schemas import StatCell

__all__ = ["AI_CLASSES", "end_of_day", "registry_summary", "top_contributions"]

AI_CLASSES = ("ai_native", "ai_enabled", "non_ai")


def end_of_day(day: date) -> datetime:
    """The first instant (UTC) after ``day``: what the registry knew "as of" a day was stored before it."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=UTC)


def top_contributions(values: Sequence[Any] | None) -> tuple[Decimal, ...]:
    """Contributions from SQL (largest first) as the ``largest`` of a magnitude :class:`Cell`."""
    return tuple(Decimal(value) for value in values or ())


class _ClassFigures(NamedTuple):
    companies: int
    fte: Decimal
    largest: tuple[Decimal, ...]


async def registry_summary(
    session: AsyncSession, *, as_of: date, region: str | None, settings: DisclosureSettings
) -> list[StatCell]:
    """Active companies, companies by AI class and AI FTE by AI class, as of the end of ``as_of``.

    A company's class (and AI FTE) is that of the newest declaration filed before the end of the day for the
    latest period it had declared by then: a declaration filed later, superseding or not, does not count.

    Args:
        session: The database session.
        as_of: The day whose end the figures describe.
        region: A KATO region to limit the figures to, or ``None`` for the country.
        settings: The disclosure rules' parameters.

    Returns:
        The published cells, suppressed ones with ``value=None`` and the reason.
    """
    active = [Company.status == "active", Company.registration_date <= as_of]
    if region is not None:
        active.append(Company.region_kato == region)
    active_count = int(await session.scalar(select(func.count()).select_from(Company).where(*active)) or 0)
    latest = (
        select(Declaration.company_id, Declaration.ai_class, Declaration.fte_ai)
        .join(Company, Company.id == Declaration.company_id)
        .where(*active, Declaration.filed_at < end_of_day(as_of))
        .ext(distinct_on(Declaration.company_id))
        .order_by(
            Declaration.company_id,
            Declaration.fiscal_year.desc(),
            func.coalesce(Declaration.quarter, 5).desc(),  # a year's declaration comes after its Q4
            Declaration.filed_at.desc(),
        )
        .subquery()
    )
    top = settings.dominance_contributors
    largest = func.array_agg(aggregate_order_by(latest.c.fte_ai, latest.c.fte_ai.desc()))[1:top]
    statement = select(latest.c.ai_class, func.count(), func.sum(latest.c.fte_ai), largest).group_by(latest.c.ai_class)
    by_class = {
        ai_class: _ClassFigures(int(count), Decimal(fte), top_contributions(largest_fte))
        for ai_class, count, fte, largest_fte in (await session.execute(statement)).all()
    }
    figures = [by_class.get(ai_class, _ClassFigures(0, Decimal(0), ())) for ai_class in AI_CLASSES]
    declared = sum(f.companies for f in figures)
    counts = {ai_class: Cell(f.companies, f.companies) for ai_class, f in zip(AI_CLASSES, figures, strict=True)}
    counts["undeclared"] = Cell(active_count - declared, active_count - declared)
    by_count = protect_series(counts, total=Cell(active_count, active_count), settings=settings)
    fte = {
        ai_class: Cell(f.fte, f.companies, f.largest, magnitude=True)
        for ai_class, f in zip(AI_CLASSES, figures, strict=True)
    }
    fte_total = Cell(
        sum((f.fte for f in figures), Decimal(0)),
        declared,
        tuple(sorted((v for f in figures for v in f.largest), reverse=True)[:top]),
        magnitude=True,
    )
    by_fte = protect_series(fte, total=fte_total, settings=settings)
    assert by_count.total is not None
    assert by_fte.total is not None
    return [
        StatCell.of("active_companies", None, by_count.total),
        *(StatCell.of("companies_by_ai_class", group, cell) for group, cell in by_count.cells.items()),
        StatCell.of("ai_fte", None, by_fte.total),
        *(StatCell.of("ai_fte", group, cell) for group, cell in by_fte.cells.items()),
    ]
