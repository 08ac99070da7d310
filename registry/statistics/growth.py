"""Growth of ai_native companies against the others: year-over-year growth and high-growth enterprises.

Each company-year is the company's annual declaration (``quarter`` empty) for that fiscal year, the newest filed by
the moment the figures are known at; a company is in the ``ai_native`` group of year t when that year's declaration
is ai_native, in ``other`` otherwise. Employees are the declared total FTE. The figures are confidential (they come
from declared figures), so they are computed company by company for a release, which protects them
(:mod:`licensing.release_protection`).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["GROUPS", "HIGH_GROWTH_FACTOR", "HIGH_GROWTH_MIN_EMPLOYEES", "GrowthRow", "growth_rows"]

GROUPS = ("ai_native", "other")
HIGH_GROWTH_MIN_EMPLOYEES = 10
"""Eurostat: a high-growth enterprise has at least 10 employees at the start of the three years."""
HIGH_GROWTH_FACTOR = Decimal("1.331")
"""Eurostat: more than 10 % a year on average over three years, i.e. more than 1.1 ** 3 times the employees of t-3.

Bound as an unconstrained ``NUMERIC`` (a column's ``NUMERIC(10, 2)`` type would round it to 1.33)."""


class GrowthRow(NamedTuple):
    """A company's growth to a fiscal year."""

    company_id: str
    group: str
    """``ai_native`` or ``other``, from the year's own declaration."""
    headcount_growth: Decimal | None
    """FTE over the year before's, minus 1; ``None`` without a year before with staff."""
    revenue_growth: Decimal | None
    """Revenue over the year before's, minus 1; ``None`` without a year before with revenue."""
    eligible: bool
    """At least 10 employees three years before (a high-growth candidate)."""
    high_growth: bool
    """Eligible, and more than 1.331 times the employees of three years before."""


_ROWS = """
WITH annual AS (
    SELECT DISTINCT ON (d.company_id, d.fiscal_year) d.company_id, d.fiscal_year, d.ai_class, d.fte_total,
           d.revenue_total
    FROM declarations d
    WHERE d.quarter IS NULL AND d.filed_at <= :known_at AND d.fiscal_year IN (:year, :year - 1, :year - 3)
    ORDER BY d.company_id, d.fiscal_year, d.filed_at DESC, d.id DESC
)
SELECT c.company_id::text,
       CASE WHEN c.ai_class = 'ai_native' THEN 'ai_native' ELSE 'other' END,
       CASE WHEN p.fte_total > 0 THEN CAST(c.fte_total AS numeric) / p.fte_total - 1 END,
       CASE WHEN p.revenue_total > 0 THEN CAST(c.revenue_total AS numeric) / p.revenue_total - 1 END,
       coalesce(e.fte_total >= :min_employees, false),
       coalesce(e.fte_total >= :min_employees AND c.fte_total > e.fte_total * CAST(:factor AS numeric), false)
FROM annual c
LEFT JOIN annual p ON p.company_id = c.company_id AND p.fiscal_year = c.fiscal_year - 1
LEFT JOIN annual e ON e.company_id = c.company_id AND e.fiscal_year = c.fiscal_year - 3
WHERE c.fiscal_year = :year
ORDER BY c.company_id
"""


async def growth_rows(session: AsyncSession, *, year: int, known_at: datetime) -> list[GrowthRow]:
    """Every company declaring fiscal year ``year`` with its growth, as known at ``known_at``."""
    binds = {
        "known_at": known_at,
        "year": year,
        "min_employees": HIGH_GROWTH_MIN_EMPLOYEES,
        "factor": str(HIGH_GROWTH_FACTOR),
    }
    rows = await session.execute(text(_ROWS), binds)
    return [
        GrowthRow(
            company,
            group,
            None if headcount is None else Decimal(headcount),
            None if revenue is None else Decimal(revenue),
            bool(eligible),
            bool(high),
        )
        for company, group, headcount, revenue, eligible, high in rows.all()
    ]
