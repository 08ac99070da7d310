"""The pivot rate per period: pivots to AI over the companies at risk of pivoting at the period's start.

Both parts are SQL aggregates: the pivots are the ``pivots_to_ai`` flow of :mod:`registry.statistics.series`, the
companies at risk are counted for every period start in one query.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import ARRAY, Date, Integer, bindparam, cast, extract, func, select, true
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from registry.companies.models import Company
from registry.declarations.models import Declaration
from registry.statistics.disclosure import DisclosureSettings
from registry.statistics.schemas import SeriesPoint
from registry.statistics.series import (
    GroupBy,
    Interval,
    count_series,
    group_not_available,
    period_starts,
    registry_series_source,
)

__all__ = ["RATE_PRECISION", "at_risk_of_pivoting", "pivot_rate_series", "rate"]

RATE_PRECISION = Decimal("0.0001")
"""Rates and shares are published to four decimal places (banker's rounding)."""


def rate(numerator: int | Decimal, denominator: int) -> Decimal:
    """``numerator / denominator`` to :data:`RATE_PRECISION`."""
    return (Decimal(numerator) / denominator).quantize(RATE_PRECISION, rounding=ROUND_HALF_EVEN)


async def at_risk_of_pivoting(session: AsyncSession, starts: list[date], region: str | None) -> dict[date, int]:
    """For each period start (a first of a month), the companies that could pivot to AI in the period.

    They are the active companies registered before the start whose class in their latest declared period that
    ended before the start (the newest declaration filed for it) is ai_enabled or non_ai. Pivots are found by
    comparing declared periods, so the base is taken by declared period too, with every declaration filed so far.
    Companies that never declared are not at risk: their first AI-native period is a birth, not a pivot.
    """
    if not starts:
        return {}
    days = func.unnest(bindparam("starts", starts, type_=ARRAY(Date))).table_valued("day").render_derived(name="days")
    day = days.c.day
    start_month = cast(extract("year", day), Integer) * 12 + cast(extract("month", day), Integer)
    period_end_month = Declaration.fiscal_year * 12 + 3 * func.coalesce(Declaration.quarter, 4)
    latest = (
        select(Declaration.ai_class)
        .join(Company, Company.id == Declaration.company_id)
        .where(
            Company.status == "active",
            Company.registration_date < day,
            period_end_month < start_month,
            *(() if region is None else (Company.region_kato == region,)),
        )
        .ext(distinct_on(Declaration.company_id))
        .order_by(
            Declaration.company_id,
            Declaration.fiscal_year.desc(),
            func.coalesce(Declaration.quarter, 5).desc(),
            Declaration.filed_at.desc(),
        )
        .lateral("latest")
    )
    statement = (
        select(days.c.day, func.count(latest.c.ai_class).filter(latest.c.ai_class != "ai_native"))
        .select_from(days.outerjoin(latest, true()))
        .group_by(days.c.day)
    )
    return {row[0]: int(row[1]) for row in (await session.execute(statement)).all()}


async def pivot_rate_series(
    session: AsyncSession,
    *,
    interval: Interval,
    start: date,
    end: date,
    group_by: GroupBy | None = None,
    region: str | None,
    settings: DisclosureSettings,
) -> list[SeriesPoint]:
    """The pivot rate per period of ``start..end``.

    A rate is withheld (with the pivots' reason) when its pivots are suppressed, and with ``threshold`` when
    fewer than k companies were at risk; with no company at risk it is ``null`` without being suppressed.

    Raises:
        InvalidInput: A breakdown is asked for (the rate is published for the country or a region only), or the
            range is reversed or too long.
    """
    if group_by is not None:
        raise group_not_available(group_by)
    pivots = await count_series(
        session,
        source=registry_series_source("pivots_to_ai"),
        interval=interval,
        start=start,
        end=end,
        group_by=None,
        region=region,
        settings=settings,
    )
    at_risk = await at_risk_of_pivoting(session, period_starts(interval, start, end), region)
    points = []
    for point in pivots:
        base = at_risk.get(point.period_start, 0)
        if point.suppressed:
            points.append(SeriesPoint(point.period, point.period_start, None, None, True, point.reason))
        elif 0 < base < settings.min_contributors:
            points.append(SeriesPoint(point.period, point.period_start, None, None, True, "threshold"))
        elif base == 0 or point.value is None:
            points.append(SeriesPoint(point.period, point.period_start, None, None, False, None))
        else:
            points.append(SeriesPoint(point.period, point.period_start, None, rate(point.value, base), False, None))
    return points
