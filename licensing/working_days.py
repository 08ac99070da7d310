"""Working days in Kazakhstan, for the licensing service levels.

The calendar is data, not a rule engine: ``licensing/data/kz_public_holidays.csv`` lists every day that differs
from the ordinary Monday–Friday week, one row per day, with its name in kk/ru/en and a ``kind``:

``holiday``
    A national or state holiday of the Law "On holidays in the Republic of Kazakhstan" (1–2 January, 8 March,
    21–23 March, 1 May, 7 May, 9 May, 6 July, 30 August, 25 October from 2022, 1 December until 2021,
    16 December and, until 2021, 17 December), listed on its own date even when that date is a weekend.
``observed``
    The weekday that becomes a day off because a holiday fell on a Saturday or Sunday (Labour Code art. 84:
    the day off moves to the next working day after the holiday). These rows are written out rather than
    computed so that exceptions decided by the Government (9 May 2020 was given on Friday 8 May) are data too;
    a test recomputes the rule and checks the rows against it.
``transfer``
    A weekday made a day off by a Government decree that moves a weekend day off.
``workday``
    The weekend day that such a decree makes a working day.
``religious``
    Orthodox Christmas (7 January) and the first day of Kurban Ait. Labour Code art. 84(5) makes both days off
    whatever the work schedule, but they are not moved when they fall on a weekend, so they never produce an
    ``observed`` row.

The data covers 2020–2028 (:data:`DATA_YEARS`). Government transfer decrees are published for one year at a
time, and the Kurban Ait date is announced by the Spiritual Administration of Muslims of Kazakhstan each
year, so the rows for years after the last published decree hold only what the law fixes in advance; update
the CSV when a decree appears. The Kurban Ait dates of 2027 and 2028 are astronomical estimates, and even an
announced date can move by a day when the new moon is sighted (2024: announced for 17 June, held on 16 June).
"""

from __future__ import annotations

import bisect
import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib.resources import files
from types import MappingProxyType
from typing import Literal, cast, get_args

from registry.i18n import Text

__all__ = [
    "DATA_YEARS",
    "DAY_OFF_KINDS",
    "DECISION_WORKING_DAYS",
    "FIRST_ACTION_WORKING_DAYS",
    "CalendarDay",
    "CalendarDayKind",
    "DateNotCovered",
    "WorkingCalendar",
    "sla_deadlines",
]

FIRST_ACTION_WORKING_DAYS = 5
"""A reviewer claims (or otherwise first acts on) a submitted application within this many working days."""
DECISION_WORKING_DAYS = 15
"""A submitted application is decided within this many working days."""

DATA_YEARS = range(2020, 2029)
"""The years the shipped Kazakhstan calendar covers."""

CalendarDayKind = Literal["holiday", "observed", "transfer", "workday", "religious"]
DAY_OFF_KINDS: frozenset[CalendarDayKind] = frozenset({"holiday", "observed", "transfer", "religious"})
"""Kinds of rows whose date is not a working day (``workday`` is the one that makes a day a working day)."""

_DATA_FILE = "kz_public_holidays.csv"
_COLUMNS = ("date", "name_kk", "name_ru", "name_en", "kind")
_SATURDAY = 5


class DateNotCovered(LookupError):
    """A date lies outside the years the calendar has data for, so its working days are unknown."""

    def __init__(self, day: date, years: range) -> None:
        super().__init__(
            f"{day.isoformat()} is outside the working-day calendar, which covers {years.start}–{years.stop - 1}; "
            f"add that year's holidays and transfers to licensing/data/{_DATA_FILE}"
        )
        self.day = day
        self.years = years


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """One row of the calendar data: a day that differs from the ordinary week."""

    day: date
    """The date."""
    name: Text
    """What the day is, e.g. "Nauryz" or "Day off (transferred from 5 January)"."""
    kind: CalendarDayKind
    """Why the day differs; see the module docstring."""

    @property
    def is_day_off(self) -> bool:
        """Whether the row makes its date a day off (rather than a working day)."""
        return self.kind in DAY_OFF_KINDS


class WorkingCalendar:
    """Which days are working days under a five-day week, within the covered years."""

    def __init__(self, days: Iterable[CalendarDay], *, years: range) -> None:
        """Build a calendar from its special days.

        Args:
            days: Every day that differs from the ordinary Monday–Friday week in ``years``.
            years: The years the data is complete for; a date outside them raises :class:`DateNotCovered`.

        Raises:
            ValueError: When a day lies outside ``years`` or two rows disagree on whether a date is a day off.
        """
        if len(years) == 0 or years.step != 1:
            raise ValueError("years must be a non-empty range of consecutive years")
        self._years = years
        self._first = date(years.start, 1, 1)
        self._last = date(years.stop - 1, 12, 31)
        by_date: dict[date, list[CalendarDay]] = {}
        for special in days:
            if not self._first <= special.day <= self._last:
                raise ValueError(f"{special.day.isoformat()} lies outside the calendar's years")
            by_date.setdefault(special.day, []).append(special)
        for rows in by_date.values():
            _check_consistent(rows)
        self._special: Mapping[date, tuple[CalendarDay, ...]] = MappingProxyType(
            {day: tuple(rows) for day, rows in sorted(by_date.items())}
        )
        # All working days of the covered years, sorted, so that counting and stepping are binary searches
        # rather than day-by-day loops (a few thousand dates in memory).
        self._working_days: tuple[date, ...] = tuple(
            day for day in _each_day(self._first, self._last) if self._is_working(day)
        )

    @classmethod
    def kazakhstan(cls) -> WorkingCalendar:
        """The calendar of Kazakhstan for :data:`DATA_YEARS`, from the shipped CSV."""
        text = (files("licensing") / "data" / _DATA_FILE).read_text(encoding="utf-8")
        return cls(_parse_rows(text), years=DATA_YEARS)

    @property
    def years(self) -> range:
        """The years the calendar covers."""
        return self._years

    @property
    def special_days(self) -> Mapping[date, tuple[CalendarDay, ...]]:
        """The rows of the data by date (a date can have two, e.g. a holiday that is also Kurban Ait)."""
        return self._special

    def covers(self, d: date) -> bool:
        """Whether the calendar has data for ``d``'s year."""
        return self._first <= _plain_date(d) <= self._last

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day under a five-day week.

        Raises:
            DateNotCovered: ``d`` is outside the covered years.
        """
        self._check_covered(d)
        return self._is_working(d)

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself is never counted; ``n == 0`` gives ``start``).

        Args:
            start: The day to count from; it need not be a working day.
            n: How many working days to step forward; not negative.

        Raises:
            ValueError: ``n`` is negative.
            DateNotCovered: ``start`` or the result is outside the covered years.
        """
        if n < 0:
            raise ValueError("n must not be negative")
        self._check_covered(start)
        if n == 0:
            return start
        index = bisect.bisect_right(self._working_days, start) + n - 1
        if index >= len(self._working_days):
            raise DateNotCovered(self._last + timedelta(days=1), self._years)
        return self._working_days[index]

    def working_days_between(self, start: date, end: date) -> int:
        """The number of working days after ``start`` up to and including ``end``.

        ``working_days_between(start, add_working_days(start, n)) == n``. When ``end`` is before ``start`` the
        count is negative (``-working_days_between(end, start)``), e.g. how many working days remain to a
        deadline that has passed.

        Raises:
            DateNotCovered: ``start`` or ``end`` is outside the covered years.
        """
        self._check_covered(start)
        self._check_covered(end)
        return bisect.bisect_right(self._working_days, end) - bisect.bisect_right(self._working_days, start)

    def _is_working(self, d: date) -> bool:
        rows = self._special.get(d)
        if rows is None:
            return d.weekday() < _SATURDAY
        return not any(row.is_day_off for row in rows)

    def _check_covered(self, d: date) -> None:
        if not self.covers(d):
            raise DateNotCovered(d, self._years)


def sla_deadlines(submitted_at: date, calendar: WorkingCalendar) -> tuple[date, date]:
    """The service-level deadlines of an application submitted on ``submitted_at``.

    Args:
        submitted_at: The local (Kazakhstan) date of submission; a submission on a day off counts from the next
            working day, like one on a working day counts from the day after.
        calendar: The working-day calendar, usually :meth:`WorkingCalendar.kazakhstan`.

    Returns:
        ``(first action due, decision due)``: the last day on which each is still on time.

    Raises:
        DateNotCovered: A deadline falls outside the calendar's years.
    """
    return (
        calendar.add_working_days(submitted_at, FIRST_ACTION_WORKING_DAYS),
        calendar.add_working_days(submitted_at, DECISION_WORKING_DAYS),
    )


def _parse_rows(text: str) -> list[CalendarDay]:
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != _COLUMNS:
        raise ValueError(f"{_DATA_FILE} must have the columns {', '.join(_COLUMNS)}")
    kinds = get_args(CalendarDayKind)
    rows: list[CalendarDay] = []
    for record in reader:
        if record["kind"] not in kinds:
            raise ValueError(f"{_DATA_FILE} line {reader.line_num}: unknown kind {record['kind']!r}")
        rows.append(
            CalendarDay(
                day=date.fromisoformat(record["date"]),
                name=Text(kk=record["name_kk"], ru=record["name_ru"], en=record["name_en"]),
                kind=cast(CalendarDayKind, record["kind"]),
            )
        )
    return rows


def _check_consistent(rows: list[CalendarDay]) -> None:
    # A working Saturday that is also a holiday means a row is wrong; guessing which one would hide it.
    if len({row.is_day_off for row in rows}) > 1:
        raise ValueError(f"{rows[0].day.isoformat()} is listed both as a day off and as a working day")


def _each_day(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _plain_date(d: date) -> date:
    # A datetime is a date to the type checker, but comparing one with a date raises TypeError deep inside bisect;
    # say what is wrong instead.
    if isinstance(d, datetime):
        raise TypeError("pass a date (the local date in Kazakhstan), not a datetime")
    return d
