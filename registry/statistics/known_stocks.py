"""Stocks as of a day as the registry knew them at a moment, from the register's history and the declarations.

The same figures as the summary rollups (:mod:`registry.statistics.rollups`) on the one time basis of
:mod:`registry.statistics.states`, read directly: for a ``known_at`` in the past no rollup holds them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.rollups import Stock
from registry.statistics.states import day_binds, states_sql

__all__ = ["known_bucket_stocks", "known_class_figures"]

_STOCKS = "SELECT {key} s.ai_class, count(*), coalesce(sum(s.fte_ai), 0) FROM ({states}) s GROUP BY {key} s.ai_class"
_CLASS_FIGURES = (
    "SELECT s.ai_class, count(*), coalesce(sum(s.fte_ai), 0), (array_agg(s.fte_ai ORDER BY s.fte_ai DESC))[1:{top}] "
    "FROM ({states}) s GROUP BY s.ai_class"
)


def _binds(as_of: date, region: str | None, known_at: datetime) -> dict[str, object]:
    binds: dict[str, object] = {"known_at": known_at, **day_binds("day", as_of)}
    if region is not None:
        binds["region"] = region
    return binds


async def known_bucket_stocks(
    session: AsyncSession, *, as_of: date, region: str | None, known_at: datetime, by_region: bool = False
) -> dict[tuple[str | None, str], Stock]:
    """Active companies and AI FTE per class (and per region) on ``as_of``, as known at ``known_at``."""
    states = states_sql(day="day", dimension="region", region=region is not None)
    statement = text(_STOCKS.format(key="s.grp," if by_region else "", states=states))
    stocks: dict[tuple[str | None, str], Stock] = {}
    for row in (await session.execute(statement, _binds(as_of, region, known_at))).all():
        group = str(row[0]) if by_region else None
        stocks[(group, str(row[-3]))] = Stock(int(row[-2]), Decimal(row[-1]))
    return stocks


async def known_class_figures(
    session: AsyncSession, *, as_of: date, region: str | None, known_at: datetime, top: int
) -> tuple[dict[tuple[str | None, str], Stock], dict[str, tuple[Decimal, ...]]]:
    """Companies, AI FTE and the ``top`` largest AI FTE (largest first) per class, in one reading of the states."""
    states = states_sql(day="day", dimension="region", region=region is not None)
    statement = text(_CLASS_FIGURES.format(top=int(top), states=states))
    stocks: dict[tuple[str | None, str], Stock] = {}
    largest: dict[str, tuple[Decimal, ...]] = {}
    for ai_class, companies, fte, values in (await session.execute(statement, _binds(as_of, region, known_at))).all():
        stocks[(None, str(ai_class))] = Stock(int(companies), Decimal(fte))
        largest[str(ai_class)] = tuple(Decimal(v) for v in values or ())
    return stocks, largest
