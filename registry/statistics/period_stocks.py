"""Stocks of a reference period as known at a moment: the official year-end tables of a release.

A company is in the stock of fiscal year Y when it was registered by 31 December of Y, the registry had recorded it
by ``known_at`` and it is active. Its AI class for Y comes from its declarations *for Y* as known at ``known_at``:
the newest annual declaration filed by then, else the newest declaration for Y's latest declared quarter; a company
with none is ``undeclared``. Stocks and the period's flows (births and pivots, which are dated by the declared
period) so share one time basis.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Literal, TypeAlias

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.disclosure import Cell, DisclosureSettings, ProtectedTable, protect_table

__all__ = ["STOCK_CLASSES", "StockDimension", "period_stocks", "protected_period_stocks"]

STOCK_CLASSES = ("ai_native", "ai_enabled", "non_ai", "undeclared")
"""The classes a company of a period's stock is in."""

StockDimension: TypeAlias = Literal["region", "legal_form", "activity"]
"""``activity`` is the OKED section of the primary activity (``none`` without one)."""

_GROUP_COLUMNS: Mapping[StockDimension, str] = {
    "region": "c.region_kato",
    "legal_form": "c.legal_form",
    "activity": "coalesce(a.section, 'none')",
}

_STOCKS = """
SELECT grp, ai_class, count(*) AS companies
FROM (
    SELECT {group} AS grp,
        coalesce((
            SELECT d.ai_class FROM declarations d
            WHERE d.company_id = c.id AND d.fiscal_year = :year AND d.filed_at < :known_at
            ORDER BY d.quarter IS NOT NULL, d.quarter DESC, d.filed_at DESC
            LIMIT 1
        ), 'undeclared') AS ai_class
    FROM companies c
    LEFT JOIN company_activities ca ON ca.company_id = c.id AND ca.is_primary
    LEFT JOIN activities a ON a.code = ca.oked_code
    WHERE c.registration_date <= :year_end AND c.created_at < :known_at AND c.status = 'active'
) counted
GROUP BY grp, ai_class
"""


async def period_stocks(
    session: AsyncSession, *, year: int, known_at: datetime, dimension: StockDimension
) -> dict[tuple[str, str], int]:
    """Companies of fiscal year ``year``'s stock per group of ``dimension`` and AI class, as known at ``known_at``."""
    statement = text(_STOCKS.format(group=_GROUP_COLUMNS[dimension]))
    rows = await session.execute(statement, {"year": year, "year_end": date(year, 12, 31), "known_at": known_at})
    return {(str(group), str(ai_class)): int(companies) for group, ai_class, companies in rows.all()}


async def protected_period_stocks(
    session: AsyncSession,
    *,
    year: int,
    known_at: datetime,
    dimension: StockDimension,
    settings: DisclosureSettings,
) -> ProtectedTable:
    """The stock of ``year`` as a group x AI class table with its margins, after disclosure control."""
    counts = await period_stocks(session, year=year, known_at=known_at, dimension=dimension)
    groups = sorted({group for group, _ in counts})

    def cell(value: int) -> Cell:
        return Cell(value, value)

    return protect_table(
        {(g, c): cell(counts.get((g, c), 0)) for g in groups for c in STOCK_CLASSES},
        row_totals={g: cell(sum(counts.get((g, c), 0) for c in STOCK_CLASSES)) for g in groups},
        column_totals={c: cell(sum(counts.get((g, c), 0) for g in groups)) for c in STOCK_CLASSES},
        grand_total=cell(sum(counts.values())),
        settings=settings,
    )
