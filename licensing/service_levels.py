"""Service levels of the application queue, counted in Kazakhstan working days."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from licensing.working_days import DECISION_WORKING_DAYS, FIRST_ACTION_WORKING_DAYS, DateNotCovered, WorkingCalendar

__all__ = ["service_level_deadlines", "working_days_left"]


@cache
def _calendar() -> WorkingCalendar:
    return WorkingCalendar.kazakhstan()


def _add_weekdays(start: date, days: int) -> date:
    current = start
    while days:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def service_level_deadlines(submitted_on: date) -> tuple[date, date]:
    """The last day for the first reviewer action and for the decision.

    Outside the years the holiday calendar covers, only weekends are skipped (and the result is a lower bound of
    the true deadline); the calendar data is extended year by year.
    """
    calendar = _calendar()
    try:
        return (
            calendar.add_working_days(submitted_on, FIRST_ACTION_WORKING_DAYS),
            calendar.add_working_days(submitted_on, DECISION_WORKING_DAYS),
        )
    except DateNotCovered:
        return _add_weekdays(submitted_on, FIRST_ACTION_WORKING_DAYS), _add_weekdays(
            submitted_on, DECISION_WORKING_DAYS
        )


def working_days_left(today: date, due: date) -> int:
    """Working days from ``today`` up to and including ``due`` (negative once ``due`` has passed), as the queue shows.

    Outside the calendar's years only weekends are skipped, as for the deadlines themselves.
    """
    calendar = _calendar()
    try:
        return calendar.working_days_between(today, due)
    except DateNotCovered:
        first, last, sign = (today, due, 1) if today <= due else (due, today, -1)
        count = sum(1 for offset in range(1, (last - first).days + 1) if (first + timedelta(offset)).weekday() < 5)
        return sign * count
