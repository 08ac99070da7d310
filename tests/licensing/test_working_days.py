from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st

from licensing.working_days import (
    DECISION_WORKING_DAYS,
    FIRST_ACTION_WORKING_DAYS,
    CalendarDay,
    DateNotCovered,
    WorkingCalendar,
    sla_deadlines,
)
from registry.i18n import Text

CALENDAR = WorkingCalendar.kazakhstan()
YEARS = range(2020, 2029)


def _rows() -> list[dict[str, str]]:
    text = (files("licensing") / "data" / "kz_public_holidays.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # Nauryz 2026: 21–22 March are a weekend, so the days off move to Tuesday 24 and Wednesday 25.
        (date(2026, 3, 20), True),
        (date(2026, 3, 21), False),
        (date(2026, 3, 22), False),
        (date(2026, 3, 23), False),
        (date(2026, 3, 24), False),
        (date(2026, 3, 25), False),
        (date(2026, 3, 26), True),
        # New Year 2026 (Thursday and Friday), then Orthodox Christmas on Wednesday.
        (date(2025, 12, 31), True),
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), False),
        (date(2026, 1, 5), True),
        (date(2026, 1, 7), False),
        # A holiday on a weekend moves to the next working day.
        (date(2025, 3, 10), False),  # 8 March 2025 was a Saturday
        (date(2024, 7, 8), False),  # Capital Day 2024 was a Saturday
        (date(2023, 12, 18), False),  # Independence Day 2023 was a Saturday
        (date(2026, 5, 11), False),  # Victory Day 2026 is a Saturday
        (date(2022, 1, 3), False),  # New Year 2022: Saturday and Sunday, so Monday and Tuesday
        (date(2022, 1, 4), False),
        (date(2022, 1, 5), True),
        # … past another holiday: Defender's Day 2022 (Saturday) moved over Victory Day (Monday) to Tuesday.
        (date(2022, 5, 9), False),
        (date(2022, 5, 10), False),
        (date(2022, 5, 11), True),
        # Government transfers: a weekend day becomes a working day, a weekday a day off.
        (date(2024, 5, 4), True),
        (date(2024, 5, 8), False),
        (date(2020, 1, 3), False),
        (date(2020, 1, 5), True),  # a working Sunday
        (date(2023, 7, 1), True),
        (date(2023, 7, 7), False),
        # 9 May 2020 (Saturday) was given on Friday 8 May, so Monday 11 May stayed a working day.
        (date(2020, 5, 8), False),
        (date(2020, 5, 11), True),
        # The 2022 change of the Law "On holidays": 17 December and 1 December went, 25 October came.
        (date(2021, 12, 1), False),
        (date(2021, 12, 17), False),
        (date(2022, 12, 1), True),
        (date(2021, 10, 25), True),
        (date(2022, 10, 25), False),
        (date(2023, 12, 15), True),
        # Religious days off are not moved from a weekend: Kurban Ait 2024 was on Sunday 16 June.
        (date(2024, 6, 17), True),
        (date(2023, 1, 9), True),  # Orthodox Christmas 2023 was a Saturday
        (date(2025, 6, 6), False),  # Kurban Ait 2025, a Friday
        (date(2026, 5, 27), False),  # Kurban Ait 2026, a Wednesday
        # Plain weekdays and weekends.
        (date(2026, 6, 10), True),
        (date(2026, 6, 13), False),
        (date(2026, 6, 14), False),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert CALENDAR.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 3, 20), 0, date(2026, 3, 20)),
        (date(2026, 3, 20), 1, date(2026, 3, 26)),
        (date(2026, 3, 21), 1, date(2026, 3, 26)),
        (date(2025, 12, 31), 1, date(2026, 1, 5)),
        (date(2026, 1, 6), 1, date(2026, 1, 8)),
        (date(2026, 6, 12), 1, date(2026, 6, 15)),
        (date(2026, 6, 8), 5, date(2026, 6, 15)),
        (date(2028, 12, 29), 0, date(2028, 12, 29)),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert CALENDAR.add_working_days(start, n) == expected


def test_add_working_days_refuses_to_go_backwards() -> None:
    with pytest.raises(ValueError, match="negative"):
        CALENDAR.add_working_days(date(2026, 3, 20), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 3, 20), date(2026, 3, 20), 0),
        (date(2026, 3, 20), date(2026, 3, 25), 0),
        (date(2026, 3, 20), date(2026, 3, 26), 1),
        (date(2026, 3, 26), date(2026, 3, 20), -1),
        (date(2026, 1, 1), date(2026, 1, 31), 19),
        (date(2023, 12, 31), date(2024, 12, 31), 249),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert CALENDAR.working_days_between(start, end) == expected


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 10, 31)),
    n=st.integers(min_value=0, max_value=40),
)
def test_stepping_and_counting_agree(start: date, n: int) -> None:
    end = CALENDAR.add_working_days(start, n)
    assert CALENDAR.working_days_between(start, end) == n
    assert CALENDAR.working_days_between(end, start) == -n


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 10, 31)),
    n=st.integers(min_value=1, max_value=40),
)
def test_the_nth_working_day_is_the_first_day_with_n_working_days(start: date, n: int) -> None:
    end = CALENDAR.add_working_days(start, n)
    assert CALENDAR.is_working_day(end)
    assert CALENDAR.working_days_between(start, end - timedelta(days=1)) == n - 1


ORDINARY_DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 12, 31)).filter(
    lambda day: day not in CALENDAR.special_days
)


@given(day=ORDINARY_DAYS)
def test_a_day_without_a_row_is_a_working_day_exactly_on_weekdays(day: date) -> None:
    assert CALENDAR.is_working_day(day) is (day.weekday() < 5)


@pytest.mark.parametrize(
    ("day", "covered"),
    [(date(2019, 12, 31), False), (date(2020, 1, 1), True), (date(2028, 12, 31), True), (date(2029, 1, 1), False)],
)
def test_covers(day: date, covered: bool) -> None:
    assert CALENDAR.covers(day) is covered


def test_a_date_outside_the_data_years_is_a_clear_error() -> None:
    with pytest.raises(DateNotCovered, match="2029-01-01 is outside the working-day calendar, which covers 2020–2028"):
        CALENDAR.is_working_day(date(2029, 1, 1))
    with pytest.raises(DateNotCovered):
        CALENDAR.working_days_between(date(2019, 12, 31), date(2020, 1, 10))


def test_stepping_past_the_data_years_is_an_error_not_a_guess() -> None:
    with pytest.raises(DateNotCovered):
        CALENDAR.add_working_days(date(2028, 12, 29), 1)


def test_a_datetime_is_refused() -> None:
    with pytest.raises(TypeError, match="not a datetime"):
        CALENDAR.is_working_day(datetime(2026, 3, 20, 12, 0))


@pytest.mark.parametrize(
    ("submitted", "first_action_due", "decision_due"),
    [
        # Submitted on the Friday before Nauryz: the clock starts on Thursday 26 March.
        (date(2026, 3, 20), date(2026, 4, 1), date(2026, 4, 15)),
        # Submitted on a Saturday: the first working day counted is Monday.
        (date(2026, 6, 6), date(2026, 6, 12), date(2026, 6, 26)),
        # May 2026: 1, 7, 11 (Victory Day moved) and 27 (Kurban Ait) are days off.
        (date(2026, 4, 30), date(2026, 5, 12), date(2026, 5, 26)),
        # New Year 2026 and Orthodox Christmas (Wednesday 7 January).
        (date(2025, 12, 29), date(2026, 1, 8), date(2026, 1, 22)),
    ],
)
def test_sla_deadlines(submitted: date, first_action_due: date, decision_due: date) -> None:
    assert (FIRST_ACTION_WORKING_DAYS, DECISION_WORKING_DAYS) == (5, 15)
    assert sla_deadlines(submitted, CALENDAR) == (first_action_due, decision_due)


def test_a_calendar_refuses_contradicting_rows() -> None:
    day = date(2030, 3, 9)  # a Saturday
    rows = [
        CalendarDay(day=day, name=Text(kk="a", ru="a", en="a"), kind="workday"),
        CalendarDay(day=day, name=Text(kk="b", ru="b", en="b"), kind="holiday"),
    ]
    with pytest.raises(ValueError, match="both as a day off and as a working day"):
        WorkingCalendar(rows, years=range(2030, 2031))


def test_a_calendar_refuses_rows_outside_its_years() -> None:
    rows = [CalendarDay(day=date(2031, 1, 1), name=Text(kk="a", ru="a", en="a"), kind="holiday")]
    with pytest.raises(ValueError, match="outside"):
        WorkingCalendar(rows, years=range(2030, 2031))


# The data file, checked against the law as written here independently of the CSV.


def _statutory_holidays(year: int) -> set[date]:
    days = {(1, 1), (1, 2), (3, 8), (3, 21), (3, 22), (3, 23), (5, 1), (5, 7), (5, 9), (7, 6), (8, 30), (12, 16)}
    if year <= 2021:
        days |= {(12, 1), (12, 17)}  # First President Day and the second day of Independence Day, until 2021
    else:
        days |= {(10, 25)}  # Republic Day, a national holiday again from 2022
    return {date(year, month, day) for month, day in days}


KURBAN_AIT = {
    2020: date(2020, 7, 31),
    2021: date(2021, 7, 20),
    2022: date(2022, 7, 9),
    2023: date(2023, 6, 28),
    2024: date(2024, 6, 16),
    2025: date(2025, 6, 6),
    2026: date(2026, 5, 27),
    2027: date(2027, 5, 16),
    2028: date(2028, 5, 5),
}
# Where the Government gave a weekend holiday's day off elsewhere than the Labour Code's next working day.
OBSERVED_EXCEPTIONS = {date(2020, 5, 9): date(2020, 5, 8)}


def _by_kind(kind: str) -> set[date]:
    return {date.fromisoformat(row["date"]) for row in _rows() if row["kind"] == kind}


def test_the_data_has_the_columns_and_kinds_we_read() -> None:
    text = (files("licensing") / "data" / "kz_public_holidays.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "date,name_kk,name_ru,name_en,kind"
    for row in _rows():
        assert row["kind"] in {"holiday", "observed", "transfer", "workday", "religious"}
        assert all(row[column].strip() for column in ("name_kk", "name_ru", "name_en"))
        assert date.fromisoformat(row["date"]).year in YEARS


def test_the_data_has_every_statutory_holiday_and_nothing_else() -> None:
    assert _by_kind("holiday") == set().union(*(_statutory_holidays(year) for year in YEARS))


def test_the_religious_days_off_are_christmas_and_kurban_ait() -> None:
    assert _by_kind("religious") == {date(year, 1, 7) for year in YEARS} | set(KURBAN_AIT.values())


def test_transfers_swap_a_weekend_day_for_a_weekday_within_a_year() -> None:
    transfers, workdays = _by_kind("transfer"), _by_kind("workday")
    assert all(day.weekday() < 5 for day in transfers)
    assert all(day.weekday() >= 5 for day in workdays)
    for year in YEARS:
        assert len({day for day in transfers if day.year == year}) == len({day for day in workdays if day.year == year})


def test_observed_days_follow_the_labour_code() -> None:
    holidays, transfers = _by_kind("holiday"), _by_kind("transfer")
    taken = holidays | transfers
    expected: set[date] = set()
    for holiday in sorted(holidays):
        if holiday.weekday() < 5:
            continue
        if holiday in OBSERVED_EXCEPTIONS:
            day = OBSERVED_EXCEPTIONS[holiday]
        else:
            day = holiday + timedelta(days=1)
            while day.weekday() >= 5 or day in taken or day in expected:
                day += timedelta(days=1)
        expected.add(day)
    assert _by_kind("observed") == expected


@pytest.mark.parametrize(
    ("year", "working_days"),
    # 2024 is the Ministry of Labour's balance of working time (248) plus 17 June, which became a working day
    # when Kurban Ait was announced for Sunday 16 June instead of Monday 17 June.
    [(2024, 249), (2026, 246)],
)
def test_working_days_in_a_year(year: int, working_days: int) -> None:
    assert CALENDAR.working_days_between(date(year - 1, 12, 31), date(year, 12, 31)) == working_days
