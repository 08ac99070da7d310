"""Reading the flow rollups (:mod:`registry.statistics.models`): flows per period and the pivot-rate base.

The rollups are written only by the database's triggers (migration 0005), in the transaction of the change, so the
API, the demo loader's COPY and plain SQL all keep them current.

A period's value is the sum of its rows. Its contributors (distinct companies) add up too, because each fact marks
whether it is its company's first of the flow in its month, quarter and year: the marks of a period, or of its
first days up to a cut-off, count each company that had the flow in it once. Only a period cut at its start (a
range starting mid-period) is counted from the facts with a distinct count.
"""

from __future__ import annotations

import bisect
from datetime import date, timedelta
from typing import Literal, TypeAlias

from sqlalchemy import (
    Date,
    Select,
    SQLColumnExpression,
    case,
    cast,
    distinct,
    func,
    literal,
    null,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.models import FlowFact, FlowMonthlyCount, PivotRiskMonthlyDelta
from registry.statistics.periods import MONTHS_PER_PERIOD, Interval, add_months, is_month_end, period_start
from registry.statistics.rollups import PeriodCount

__all__ = ["FlowGroup", "flow_counts", "pivot_risk_base"]

FlowGroup: TypeAlias = Literal["region", "legal_form", "activity", "activity_division", "licence_type"]

_FACT_GROUPS: dict[str, SQLColumnExpression[str]] = {
    "region": FlowFact.region_kato,
    "legal_form": FlowFact.legal_form,
    "activity": FlowFact.section,
    "activity_division": FlowFact.division,
    "licence_type": FlowFact.licence_type,
}


def _marks(interval: Interval, of_type: bool) -> SQLColumnExpression[int]:
    """The facts' first-in-period marks for ``interval`` (within the licence type when ``of_type``)."""
    marks: SQLColumnExpression[int] = getattr(FlowFact, f"first_{interval}{'_of_type' if of_type else ''}")
    return marks


def _monthly_marks(interval: Interval) -> SQLColumnExpression[int]:
    """The monthly counts' sums of first-in-period marks for ``interval``."""
    marks: SQLColumnExpression[int] = getattr(FlowMonthlyCount, f"first_{interval}")
    return marks


async def flow_counts(
    session: AsyncSession,
    *,
    metric: str,
    interval: Interval,
    start: date,
    end: date,
    group_by: FlowGroup | None,
    region: str | None,
) -> list[PeriodCount]:
    """A flow's rows and distinct companies per period of ``start..end`` (and per group), from the rollups.

    Args:
        session: The database session.
        metric: The flow's name (a time series metric of the data dictionary kept in the flow rollups).
        interval: The period length.
        start: The first day counted.
        end: The last day counted.
        group_by: The breakdown, or ``None``; the caller checks that the flow has it.
        region: A KATO region to limit the counts to, or ``None``.

    Returns:
        Per period with rows, its total (``grp`` ``None``, ``is_total``) and with a breakdown one row per group.
    """
    counts: list[PeriodCount] = []
    aligned_from = start
    if period_start(interval, start) != start:
        aligned_from = add_months(period_start(interval, start), MONTHS_PER_PERIOD[interval])
        cut_end = min(end, aligned_from - timedelta(days=1))
        counts.extend(await _distinct_counts(session, metric, interval, start, cut_end, group_by, region))
    if aligned_from <= end:
        counts.extend(await _marked_counts(session, metric, interval, aligned_from, end, group_by, region))
    return counts


async def _distinct_counts(
    session: AsyncSession,
    metric: str,
    interval: Interval,
    start: date,
    end: date,
    group_by: FlowGroup | None,
    region: str | None,
) -> list[PeriodCount]:
    """Counts of the days ``start..end`` (all in one period) from the facts, with a distinct count of companies."""
    period = period_start(interval, start)
    measures = (func.sum(FlowFact.events), func.count(distinct(FlowFact.company_id)))
    conditions = [FlowFact.metric == metric, FlowFact.day.between(start, end)]
    if region is not None:
        conditions.append(FlowFact.region_kato == region)
    if group_by is None:
        row = (await session.execute(select(*measures).where(*conditions))).one()
        return [] if not row[0] else [PeriodCount(period, int(row[0]), int(row[1]), None, True)]
    group = _FACT_GROUPS[group_by]
    statement = (
        select(*measures, group, func.grouping(group))
        .where(*conditions)
        .group_by(func.grouping_sets(tuple_(group), tuple_()))
    )
    return [
        PeriodCount(period, int(value), int(companies), None if is_total else grp, bool(is_total))
        for value, companies, grp, is_total in (await session.execute(statement)).all()
        if value
    ]


async def _marked_counts(
    session: AsyncSession,
    metric: str,
    interval: Interval,
    start: date,
    end: date,
    group_by: FlowGroup | None,
    region: str | None,
) -> list[PeriodCount]:
    """Counts of whole periods from ``start`` (a period's first day) to ``end``, summing rows and first marks.

    Whole months come from the monthly counts; the days of a last month cut at ``end`` from the facts, whose
    marks still count each company once (its first row of the period is on or before any later one).
    """
    dims: list[str] = [""] if group_by is None or group_by == "region" else ["", group_by]
    month_ends = is_month_end(end)
    last_full = end.replace(day=1) if month_ends else add_months(end, -1)
    monthly = FlowMonthlyCount
    parts: list[Select[date, str, str, str, int, int]] = []
    if start <= last_full:
        parts.append(
            select(
                monthly.month.label("day"),
                monthly.region_kato,
                monthly.dim,
                monthly.grp,
                monthly.events,
                _monthly_marks(interval).label("marks"),
            ).where(monthly.metric == metric, monthly.dim.in_(dims), monthly.month.between(start, last_full))
        )
    if not month_ends:
        tail_start = max(start, end.replace(day=1))
        for dim in dims:
            grp = literal("") if dim == "" else _FACT_GROUPS[dim]
            parts.append(
                select(
                    FlowFact.day,
                    FlowFact.region_kato,
                    literal(dim).label("dim"),
                    grp.label("grp"),
                    FlowFact.events,
                    _marks(interval, dim == "licence_type").label("marks"),
                ).where(FlowFact.metric == metric, FlowFact.day.between(tail_start, end))
            )
    if region is not None:
        parts = [part.where(part.selected_columns.region_kato == region) for part in parts]
    rows = union_all(*parts).subquery()
    period = cast(func.date_trunc(interval, rows.c.day), Date).label("period")
    value, companies = func.sum(rows.c.events), func.sum(rows.c.marks)
    if group_by is None:
        found = await session.execute(select(period, value, companies).group_by(period).having(value > 0))
        return [PeriodCount(p, int(n), int(c), None, True) for p, n, c in found.all()]
    if group_by == "region":
        statement = select(period, value, companies, rows.c.region_kato, func.grouping(rows.c.region_kato)).group_by(
            func.grouping_sets(tuple_(period, rows.c.region_kato), tuple_(period))
        )
    else:
        is_total = rows.c.dim == ""
        statement = select(period, value, companies, case((is_total, null()), else_=rows.c.grp), is_total).group_by(
            period, rows.c.dim, rows.c.grp
        )
    found = await session.execute(statement.having(value > 0))
    return [PeriodCount(p, int(n), int(c), None if total else g, bool(total)) for p, n, c, g, total in found.all()]


async def pivot_risk_base(session: AsyncSession, starts: list[date], region: str | None) -> dict[date, int]:
    """For each first of a month in ``starts``, the companies at risk of pivoting to AI in the period it starts.

    They are the active companies registered before the day whose class in their latest declared period that ended
    before the day (the newest filing for it) is ai_enabled or non_ai; the base is the sum of the monthly deltas up
    to the day, a few hundred rows whatever the size of the register.
    """
    if not starts:
        return {}
    deltas = PivotRiskMonthlyDelta
    statement = select(deltas.month, func.sum(deltas.companies)).where(deltas.month <= max(starts))
    if region is not None:
        statement = statement.where(deltas.region_kato == region)
    months: list[date] = []
    running: list[int] = []
    for month, companies in (await session.execute(statement.group_by(deltas.month).order_by(deltas.month))).all():
        months.append(month)
        running.append((running[-1] if running else 0) + int(companies))
    return {day: running[index - 1] if (index := bisect.bisect_right(months, day)) else 0 for day in starts}
