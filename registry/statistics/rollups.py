"""Reading the summary rollups (:mod:`registry.statistics.models`): stocks as of a day and their largest parts.

The rollups are written only by the database's triggers (migration 0004), in the transaction of the change, so
whatever writes companies or declarations — the API, the demo loader's COPY, plain SQL — keeps them current.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import ColumnElement, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.models import SummaryDailyDelta, SummaryMonthlyDelta

__all__ = ["BUCKETS", "PeriodCount", "Stock", "bucket_stocks"]

BUCKETS = ("ai_native", "ai_enabled", "non_ai", "undeclared")
"""Where an active company is: the class of its newest counted declaration, or ``undeclared``."""


class Stock(NamedTuple):
    """Companies in a bucket and their AI FTE."""

    companies: int
    fte_ai: Decimal


async def bucket_stocks(
    session: AsyncSession, *, as_of: date, region: str | None, by_region: bool = False
) -> dict[tuple[str | None, str], Stock]:
    """Active companies and AI FTE per bucket (and per region) as of the end of ``as_of``.

    The monthly deltas of the months before ``as_of``'s and the daily deltas of its month up to the day are summed:
    a few hundred rows whatever the size of the register.

    Args:
        session: The database session.
        as_of: The day whose end the figures describe.
        region: A KATO region to limit the figures to, or ``None``.
        by_region: Break the figures down by region (the key's first part); otherwise it is ``None``.

    Returns:
        ``(region or None, bucket) -> Stock`` for the buckets that have had companies; a bucket that has none
        now has ``Stock(0, Decimal(0))``.
    """
    month = as_of.replace(day=1)
    monthly = select(
        SummaryMonthlyDelta.region_kato,
        SummaryMonthlyDelta.ai_class,
        SummaryMonthlyDelta.companies,
        SummaryMonthlyDelta.fte_ai,
    ).where(SummaryMonthlyDelta.month < month)
    daily = select(
        SummaryDailyDelta.region_kato,
        SummaryDailyDelta.ai_class,
        SummaryDailyDelta.companies,
        SummaryDailyDelta.fte_ai,
    ).where(SummaryDailyDelta.day >= month, SummaryDailyDelta.day <= as_of)
    if region is not None:
        monthly = monthly.where(SummaryMonthlyDelta.region_kato == region)
        daily = daily.where(SummaryDailyDelta.region_kato == region)
    deltas = union_all(monthly, daily).subquery()
    keys: list[ColumnElement[str]] = [deltas.c.region_kato] if by_region else []
    statement = select(*keys, deltas.c.ai_class, func.sum(deltas.c.companies), func.sum(deltas.c.fte_ai)).group_by(
        *keys, deltas.c.ai_class
    )
    stocks: dict[tuple[str | None, str], Stock] = {}
    for row in (await session.execute(statement)).all():
        group: str | None = row[0] if by_region else None
        bucket, companies, fte = row[-3], row[-2], row[-1]
        count = int(companies)
        stocks[(group, bucket)] = Stock(count, Decimal(fte) if count else Decimal(0))
    return stocks


class PeriodCount(NamedTuple):
    """A row of a flow's aggregate, shaped as :func:`registry.statistics.series.count_series` reads its rows."""

    period: date
    value: int
    contributors: int
    grp: str | None
    is_total: bool
