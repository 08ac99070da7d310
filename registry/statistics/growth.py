"""Growth of ai_native companies against the others: median year-over-year growth and high-growth enterprises.

Each company-year is the company's annual declaration (``quarter`` empty) for that fiscal year, the newest filed by
the end of ``as_of``; a company is in the ``ai_native`` group of year t when that year's declaration is ai_native,
in ``other`` otherwise. Employees are the declared total FTE. Every figure is one SQL aggregate with grouping sets
(year x group, and year for all companies).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Float, Numeric, Subquery, and_, case, cast, func, literal, select, tuple_
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from registry.declarations.models import Declaration
from registry.history.queries import region_on
from registry.statistics.disclosure import Cell, DisclosureSettings, ProtectedCell, derived, protect_table
from registry.statistics.rates import RATE_PRECISION, rate
from registry.statistics.schemas import GrowthPoint
from registry.statistics.series import check_years
from registry.statistics.states import KNOWN_NOW
from registry.statistics.stocks import end_of_day

__all__ = ["GROUPS", "HIGH_GROWTH_FACTOR", "HIGH_GROWTH_MIN_EMPLOYEES", "growth_table"]

GROUPS = ("ai_native", "other")
HIGH_GROWTH_MIN_EMPLOYEES = 10
"""Eurostat: a high-growth enterprise has at least 10 employees at the start of the three years."""
HIGH_GROWTH_FACTOR = Decimal("1.331")
"""Eurostat: more than 10 % a year on average over three years, i.e. more than 1.1 ** 3 times the employees of t-3.

Bound as an unconstrained ``NUMERIC`` (a column's ``NUMERIC(10, 2)`` type would round it to 1.33)."""


def _annual(
    known_before: datetime, first_year: int, last_year: int, region: str | None, known_at: datetime | None = None
) -> Subquery:
    """Each company's annual declaration per fiscal year, the newest filed before ``known_before``.

    A region keeps the companies in it at the end of the fiscal year, as the history known at ``known_at`` (now
    when not given) says: a company's growth to a year counts in its region of that year.
    """
    conditions = [
        Declaration.quarter.is_(None),
        Declaration.filed_at < known_before,
        Declaration.fiscal_year.between(first_year, last_year),
    ]
    statement = select(
        Declaration.company_id,
        Declaration.fiscal_year,
        Declaration.ai_class,
        Declaration.fte_total,
        Declaration.revenue_total,
    )
    if region is not None:
        year_end = func.make_date(Declaration.fiscal_year, 12, 31)
        conditions.append(region_on(Declaration.company_id, year_end, known_at or KNOWN_NOW) == region)
    return (
        statement.where(*conditions)
        .ext(distinct_on(Declaration.company_id, Declaration.fiscal_year))
        .order_by(Declaration.company_id, Declaration.fiscal_year, Declaration.filed_at.desc())
        .subquery()
    )


async def growth_table(
    session: AsyncSession,
    *,
    as_of: date,
    first: int,
    last: int,
    region: str | None,
    settings: DisclosureSettings,
    known_at: datetime | None = None,
) -> list[GrowthPoint]:
    """Fiscal years ``first..last``: median YoY growth of headcount and revenue, and high-growth enterprises.

    Declarations count when filed by the end of ``as_of``, or before ``known_at`` when it is given (a release).

    Medians are withheld when computed from fewer than k companies. High-growth and eligible counts are protected
    per year as one table (see :func:`_high_growth_points`); a share is published when both its counts are.

    Raises:
        InvalidInput: ``last`` is before ``first`` or the range is too long.
    """
    check_years(first, last)
    known_before = known_at or end_of_day(as_of)
    current = _annual(known_before, first - 3, last, region, known_at).alias("cur")
    earlier = _annual(known_before, first - 3, last, None).alias("earlier")
    group = case((current.c.ai_class == "ai_native", "ai_native"), else_="other").label("grp")
    sets = func.grouping_sets(tuple_(current.c.fiscal_year, group), tuple_(current.c.fiscal_year))
    yearly = await _median_rows(session, current, earlier, group, sets, first, last)
    high = await _high_growth_rows(session, current, earlier, group, sets, first, last)
    points: list[GrowthPoint] = []
    for year in range(first, last + 1):
        for key in (None, *GROUPS):
            headcount, headcount_n, revenue, revenue_n = yearly.get((year, key), (None, 0, None, 0))
            points.append(
                GrowthPoint.of(year, key, "headcount_growth_median", _median(headcount, headcount_n, settings))
            )
            points.append(GrowthPoint.of(year, key, "revenue_growth_median", _median(revenue, revenue_n, settings)))
        points.extend(_high_growth_points(year, high, settings))
    return points


async def _median_rows(
    session: AsyncSession, current: Any, earlier: Any, group: Any, sets: Any, first: int, last: int
) -> dict[tuple[int, str | None], tuple[Any, int, Any, int]]:
    # Growth as double precision, the type percentile_cont works in (a NUMERIC(10, 2) type would round the result).
    headcount = cast(cast(current.c.fte_total, Numeric) / earlier.c.fte_total - 1, Float)
    revenue = cast(cast(current.c.revenue_total, Numeric) / earlier.c.revenue_total - 1, Float)
    has_staff, has_revenue = earlier.c.fte_total > 0, earlier.c.revenue_total > 0
    statement = (
        select(
            current.c.fiscal_year,
            group,
            func.grouping(group),
            func.percentile_cont(0.5).within_group(headcount).filter(has_staff),
            func.count().filter(has_staff),
            func.percentile_cont(0.5).within_group(revenue).filter(has_revenue),
            func.count().filter(has_revenue),
        )
        .select_from(current)
        .join(
            earlier,
            and_(earlier.c.company_id == current.c.company_id, earlier.c.fiscal_year == current.c.fiscal_year - 1),
        )
        .where(current.c.fiscal_year.between(first, last))
        .group_by(sets)
    )
    return {
        (int(row[0]), None if row[2] else row[1]): (row[3], int(row[4]), row[5], int(row[6]))
        for row in (await session.execute(statement)).all()
    }


async def _high_growth_rows(
    session: AsyncSession, current: Any, earlier: Any, group: Any, sets: Any, first: int, last: int
) -> dict[tuple[int, str | None], tuple[int, int]]:
    statement = (
        select(
            current.c.fiscal_year,
            group,
            func.grouping(group),
            func.count(),
            func.count().filter(current.c.fte_total > earlier.c.fte_total * literal(HIGH_GROWTH_FACTOR, Numeric())),
        )
        .select_from(current)
        .join(
            earlier,
            and_(earlier.c.company_id == current.c.company_id, earlier.c.fiscal_year == current.c.fiscal_year - 3),
        )
        .where(current.c.fiscal_year.between(first, last), earlier.c.fte_total >= HIGH_GROWTH_MIN_EMPLOYEES)
        .group_by(sets)
    )
    return {
        (int(row[0]), None if row[2] else row[1]): (int(row[3]), int(row[4]))
        for row in (await session.execute(statement)).all()
    }


def _median(value: Any, companies: int, settings: DisclosureSettings) -> ProtectedCell:
    median = None if value is None else Decimal(str(value)).quantize(RATE_PRECISION)
    return derived(median, base_companies=companies, settings=settings)


def _high_growth_points(
    year: int, rows: dict[tuple[int, str | None], tuple[int, int]], settings: DisclosureSettings
) -> Sequence[GrowthPoint]:
    """High-growth and eligible counts of a year, protected as one group x (high growth, not) table.

    Eligible companies are the row totals (and the grand total), high-growth ones a column: the companies that did
    not grow fast (eligible minus high growth) are the other column, protected too though never published, so a
    hidden count cannot be worked out from the published ones in any direction.
    """
    counts = {key: rows.get((year, key), (0, 0)) for key in (None, *GROUPS)}

    def cell(value: int) -> Cell:
        return Cell(value, value)

    table = protect_table(
        {
            **{(g, "high"): cell(counts[g][1]) for g in GROUPS},
            **{(g, "not_high"): cell(counts[g][0] - counts[g][1]) for g in GROUPS},
        },
        row_totals={g: cell(counts[g][0]) for g in GROUPS},
        column_totals={"high": cell(counts[None][1]), "not_high": cell(counts[None][0] - counts[None][1])},
        grand_total=cell(counts[None][0]),
        settings=settings,
    )
    assert table.grand_total is not None
    points = []
    for key in (None, *GROUPS):
        eligible_cell = table.grand_total if key is None else table.row_totals[key]
        high_cell = table.column_totals["high"] if key is None else table.cells[(key, "high")]
        points.append(GrowthPoint.of(year, key, "high_growth_eligible", eligible_cell))
        points.append(GrowthPoint.of(year, key, "high_growth_enterprises", high_cell))
        points.append(GrowthPoint.of(year, key, "high_growth_share", _share(high_cell, eligible_cell, counts[key])))
    return points


def _share(high: ProtectedCell, eligible: ProtectedCell, counts: tuple[int, int]) -> ProtectedCell:
    for part in (high, eligible):
        if part.suppressed:
            return ProtectedCell(None, True, part.reason)
    if counts[0] == 0:
        return ProtectedCell(None, False)
    return ProtectedCell(rate(counts[1], counts[0]), False)
