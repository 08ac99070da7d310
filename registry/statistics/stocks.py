"""Stocks on a day: companies and their AI classes, public and exact (flows: :mod:`registry.statistics.series`).

The stocks come from rollups that PostgreSQL keeps current in the transaction of every change
(:mod:`registry.statistics.rollups`): a summary adds up a few hundred delta rows, whatever the size of the
register; with ``known_at``, from the register's history (:mod:`registry.statistics.known_stocks`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.disclosure import exact
from registry.statistics.known_stocks import known_bucket_stocks
from registry.statistics.rollups import Stock, bucket_stocks
from registry.statistics.schemas import StatCell

__all__ = ["AI_CLASSES", "end_of_day", "registry_summary"]

AI_CLASSES = ("ai_native", "ai_enabled", "non_ai")
_NONE = Stock(0, Decimal(0))


def end_of_day(day: date) -> datetime:
    """The first instant (UTC) after ``day``: what the registry knew "as of" a day was stored before it."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=UTC)


async def registry_summary(
    session: AsyncSession,
    *,
    as_of: date,
    region: str | None,
    group_by: Literal["region"] | None = None,
    known_at: datetime | None = None,
) -> list[StatCell]:
    """Active companies and companies by AI class as of the end of ``as_of``: public, so published exactly.

    An active company counts from its registration day. Its class is that of the newest declaration filed before
    the end of the day for the latest period it had declared by then (a year's own declaration comes after its
    Q4): a declaration filed later, superseding or not, does not count. (AI FTE, a declared figure, is
    confidential: it comes from releases, :mod:`licensing.released`.)

    Args:
        session: The database session.
        as_of: The day whose end the figures describe.
        region: A KATO region to limit the figures to, or ``None`` for the country.
        group_by: ``"region"`` to add active and AI-native companies per region (every region with active
            companies on the day).
        known_at: Give the figures as the registry knew them at this moment (from the history), not now (from
            the rollups).

    Returns:
        The cells, exactly.
    """
    stocks = await _stocks(session, as_of=as_of, region=region, known_at=known_at)
    counts = {ai_class: stocks.get((None, ai_class), _NONE).companies for ai_class in (*AI_CLASSES, "undeclared")}
    cells = [
        StatCell.of("active_companies", None, exact(sum(counts.values()))),
        *(StatCell.of("companies_by_ai_class", group, exact(count)) for group, count in counts.items()),
    ]
    if group_by == "region":
        cells += await _by_region(session, as_of=as_of, region=region, known_at=known_at)
    return cells


async def _stocks(
    session: AsyncSession, *, as_of: date, region: str | None, known_at: datetime | None, by_region: bool = False
) -> dict[tuple[str | None, str], Stock]:
    if known_at is None:
        return await bucket_stocks(session, as_of=as_of, region=region, by_region=by_region)
    return await known_bucket_stocks(session, as_of=as_of, region=region, known_at=known_at, by_region=by_region)


async def _by_region(
    session: AsyncSession, *, as_of: date, region: str | None, known_at: datetime | None
) -> list[StatCell]:
    """Active and AI-native companies per region."""
    stocks = await _stocks(session, as_of=as_of, region=region, known_at=known_at, by_region=True)
    active: dict[str, int] = {}
    native: dict[str, int] = {}
    for (group, bucket), stock in stocks.items():
        assert group is not None
        active[group] = active.get(group, 0) + stock.companies
        if bucket == "ai_native":
            native[group] = stock.companies
    regions = sorted(group for group, count in active.items() if count > 0)
    return [
        *(StatCell.of("active_companies_by_region", group, exact(active[group])) for group in regions),
        *(StatCell.of("ai_native_companies_by_region", group, exact(native.get(group, 0))) for group in regions),
    ]
