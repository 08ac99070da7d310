"""Calendar periods of the statistics: months, quarters and years, and the month arithmetic the rollups need."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal, TypeAlias

__all__ = [
    "EARLIEST_YEAR",
    "LATEST_YEAR",
    "MONTHS_PER_PERIOD",
    "Interval",
    "add_months",
    "is_month_end",
    "period_start",
    "period_starts",
]

Interval: TypeAlias = Literal["month", "quarter", "year"]
MONTHS_PER_PERIOD: dict[Interval, int] = {"month": 1, "quarter": 3, "year": 12}
EARLIEST_YEAR = 1900
"""The first year a metrics request (or ``registry metrics export``) may ask for."""
LATEST_YEAR = 2200
"""The last year a metrics request may ask for."""


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month (before it when negative)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def is_month_end(day: date) -> bool:
    """Whether ``day`` is the last day of its month."""
    return add_months(day, 1) - timedelta(days=1) == day


def period_start(interval: Interval, day: date) -> date:
    """The first day of the period (of length ``interval``) that holds ``day``."""
    step = MONTHS_PER_PERIOD[interval]
    return date(day.year, (day.month - 1) // step * step + 1, 1)


def period_starts(interval: Interval, start: date, end: date) -> list[date]:
    """The first days of the periods that meet ``start..end``, in order."""
    current, periods = period_start(interval, start), []
    while current <= end:
        periods.append(current)
        current = add_months(current, MONTHS_PER_PERIOD[interval])
    return periods
