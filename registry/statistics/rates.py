"""The pivot rate per period: pivots to AI over the companies at risk of pivoting at the period's start.

Both parts come from rollups: the pivots are the ``pivots_to_ai`` flow of :mod:`registry.statistics.series`, the
companies at risk at every period start are summed from the pivot risk deltas (:mod:`registry.statistics.flows`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.flows import pivot_risk_base
from registry.statistics.known_accounts import known_risk_base
from registry.statistics.risk_base import at_risk_on, risk_base_rows
from registry.statistics.schemas import SeriesPoint
from registry.statistics.series import (
    GroupBy,
    Interval,
    count_series,
    group_not_available,
    interval_not_available,
    period_starts,
    registry_series_source,
)

__all__ = ["RATE_PRECISION", "percentile_cont", "pivot_rate_series", "rate"]

RATE_PRECISION = Decimal("0.0001")
"""Rates and shares are published to four decimal places (banker's rounding)."""


async def known_pivot_risk_base(
    session: AsyncSession, starts: list[date], region: str | None, known_at: datetime
) -> dict[date, int]:
    """The companies at risk of pivoting at each period start, as the registry knew at ``known_at``, in one query.

    As :func:`registry.statistics.flows.pivot_risk_base` defines them, with the status and region the history
    recorded by then gives for the day before the start: the definition the checkpoints' sums are tested against.
    """
    if not starts:
        return {}
    rows = await risk_base_rows(session, days=[start - timedelta(days=1) for start in starts], known_at=known_at)
    return {start: at_risk_on(rows, start - timedelta(days=1), region) for start in starts}


def percentile_cont(values: Sequence[Decimal], share: Decimal) -> Decimal | None:
    """PostgreSQL's ``percentile_cont`` of sorted ``values``, to :data:`RATE_PRECISION` (``None`` for none).

    Linear interpolation between the closest ranks, as the database computes it.
    """
    if not values:
        return None
    position = share * (len(values) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(values) - 1)
    figure = values[lower] + (values[upper] - values[lower]) * (position - lower)
    return figure.quantize(RATE_PRECISION, rounding=ROUND_HALF_EVEN)


def rate(numerator: int | Decimal, denominator: int) -> Decimal:
    """``numerator / denominator`` to :data:`RATE_PRECISION`."""
    return (Decimal(numerator) / denominator).quantize(RATE_PRECISION, rounding=ROUND_HALF_EVEN)


async def pivot_rate_series(
    session: AsyncSession,
    *,
    interval: Interval,
    start: date,
    end: date,
    group_by: GroupBy | None = None,
    region: str | None,
    known_at: datetime | None = None,
) -> list[SeriesPoint]:
    """The pivot rate per period of ``start..end`` (as known at ``known_at`` when it is given), exactly.

    Pivots and the companies at risk are public (changes of the public class, and the public class), so is the
    rate. With no company at risk it is ``null``.

    Raises:
        InvalidInput: A breakdown is asked for (the rate is published for the country or a region only), a period
            shorter than a year (most pivots come from annual declarations, dated 31 December, so a monthly or
            quarterly rate would be 0 outside December), or the range is reversed or too long.
    """
    if group_by is not None:
        raise group_not_available(group_by)
    if interval != "year":
        raise interval_not_available(interval)
    pivots = await count_series(
        session,
        source=registry_series_source("pivots_to_ai"),
        interval=interval,
        start=start,
        end=end,
        group_by=None,
        region=region,
        known_at=known_at,
    )
    starts = period_starts(interval, start, end)
    at_risk = (
        await pivot_risk_base(session, starts, region)
        if known_at is None
        else await known_risk_base(session, starts=starts, region=region, known_at=known_at)
    )
    points = []
    for point in pivots:
        base = at_risk.get(point.period_start, 0)
        value = None if point.value is None or base == 0 else rate(point.value, base)
        points.append(SeriesPoint(point.period, point.period_start, None, value, False))
    return points
