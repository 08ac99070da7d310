"""Stocks at the end of a fiscal year as known at a moment: the official year-end tables of a release.

The companies and their classes are those of :mod:`registry.statistics.states` on 31 December of the year, as the
registry knew them at ``known_at``: the stocks and the year's flows (:mod:`registry.statistics.stock_flow`) share
one time basis.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, TypeAlias

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.states import STOCK_CLASSES, day_binds, states_sql

__all__ = ["STOCK_CLASSES", "StockDimension", "period_stocks"]

StockDimension: TypeAlias = Literal["region", "legal_form", "activity"]
"""``activity`` is the OKED section of the primary activity (``none`` without one)."""

_STOCKS = "SELECT s.grp, s.ai_class, count(*) FROM ({states}) s GROUP BY s.grp, s.ai_class"


async def period_stocks(
    session: AsyncSession, *, year: int, known_at: datetime, dimension: StockDimension
) -> dict[tuple[str, str], int]:
    """Companies of fiscal year ``year``'s stock per group of ``dimension`` and AI class, as known at ``known_at``."""
    statement = text(_STOCKS.format(states=states_sql(day="day", dimension=dimension)))
    rows = await session.execute(statement, {"known_at": known_at, **day_binds("day", date(year, 12, 31))})
    return {(str(group), str(ai_class)): int(companies) for group, ai_class, companies in rows.all()}
