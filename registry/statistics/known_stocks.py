"""Stocks as of a day as the registry knew them at a moment, from the register's history and the declarations.

The same figures as the summary rollups (:mod:`registry.statistics.rollups`) on the one time basis of
:mod:`registry.statistics.states`, read directly: for a ``known_at`` in the past no rollup holds them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.rollups import Stock
from registry.statistics.states import day_binds, states_sql

__all__ = ["CompanyState", "known_bucket_stocks", "known_states"]

_STOCKS = "SELECT {key} s.ai_class, count(*), coalesce(sum(s.fte_ai), 0) FROM ({states}) s GROUP BY {key} s.ai_class"


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


class CompanyState(NamedTuple):
    """A company in the stock of a day: its region, AI class and AI FTE then."""

    company_id: str
    region: str
    ai_class: str
    fte_ai: Decimal


async def known_states(session: AsyncSession, *, day: date, known_at: datetime) -> list[CompanyState]:
    """Every company active on ``day`` with its region, class and AI FTE, as known at ``known_at``."""
    states = states_sql(day="day", dimension="region")
    statement = text(f"SELECT s.company_id::text, s.grp, s.ai_class, s.fte_ai FROM ({states}) s ORDER BY 1")  # noqa: S608
    rows = await session.execute(statement, {"known_at": known_at, **day_binds("day", day)})
    return [CompanyState(str(c), str(g), str(k), Decimal(f)) for c, g, k, f in rows.all()]
