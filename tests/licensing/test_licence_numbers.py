from __future__ import annotations

import calendar
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from licensing.licence_numbers import MAX_SERIAL, format_licence_number, parse_licence_number
from licensing.licence_types import LICENCE_TYPES, LicenceType, add_months, licence_type
from registry.errors import InvalidInput


@pytest.mark.parametrize(
    ("prefix", "year", "serial", "number"),
    [
        ("AIN", 2026, 1, "AIN-2026-00001"),
        ("SDL", 2027, 123, "SDL-2027-00123"),
        ("AIN", 2026, 99_999, "AIN-2026-99999"),
    ],
)
def test_format_licence_number(prefix: str, year: int, serial: int, number: str) -> None:
    assert format_licence_number(prefix, year, serial) == number
    assert parse_licence_number(number) == (prefix, year, serial)


@pytest.mark.parametrize(
    ("prefix", "year", "serial"),
    [
        ("AIN", 2026, 0),
        ("AIN", 2026, 100_000),
        ("AIN", 2026, -1),
        ("ain", 2026, 1),
        ("A", 2026, 1),
        ("AI-N", 2026, 1),
        ("AIN", 999, 1),
        ("AIN", 10_000, 1),
    ],
)
def test_format_licence_number_refuses_values_out_of_range(prefix: str, year: int, serial: int) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies by argument
        format_licence_number(prefix, year, serial)


@pytest.mark.parametrize(
    ("given_number", "parsed"),
    [
        ("AIN-2026-00001", ("AIN", 2026, 1)),
        ("  ain-2026-00042\n", ("AIN", 2026, 42)),
        ("AIN-2026-00007" + " " * 100, ("AIN", 2026, 7)),
        ("Sdl-2030-10000", ("SDL", 2030, 10_000)),
    ],
)
def test_parse_licence_number(given_number: str, parsed: tuple[str, int, int]) -> None:
    assert parse_licence_number(given_number) == parsed


@pytest.mark.parametrize(
    "number",
    [
        "",
        "AIN",
        "AIN-2026-1",
        "AIN-2026-000001",
        "AIN-2026-00000",
        "AIN-26-00001",
        "AIN-0999-00001",
        "AIN 2026 00001",
        "AIN_2026_00001",
        "AIN-2026-00001-X",
        "1AIN-2026-00001",
        "АИН-2026-00001",  # Cyrillic letters that look Latin
        "AIN-２０２６-00001",  # full-width digits
        "AIN-2026-0000١",  # an Arabic-Indic digit
        "AIN-2026-00001" + "1" * 100,
        "A" * 1000,
    ],
)
def test_parse_licence_number_refuses_anything_else(number: str) -> None:
    with pytest.raises(InvalidInput) as invalid:
        parse_licence_number(number)
    assert invalid.value.code == "licence.number_format"
    assert invalid.value.message.en == "A licence number has the form PREFIX-YEAR-NNNNN, for example AIN-2026-00001."
    assert [(error.field, error.code) for error in invalid.value.errors] == [("number", "licence.number_format")]


@given(
    prefix=st.from_regex(r"[A-Z]{2,8}", fullmatch=True),
    year=st.integers(min_value=1000, max_value=9999),
    serial=st.integers(min_value=1, max_value=MAX_SERIAL),
)
def test_format_and_parse_round_trip(prefix: str, year: int, serial: int) -> None:
    number = format_licence_number(prefix, year, serial)
    assert parse_licence_number(number) == (prefix, year, serial)
    assert parse_licence_number(f" {number.lower()} ") == (prefix, year, serial)
    assert format_licence_number(*parse_licence_number(number)) == number


@given(
    year=st.integers(min_value=1000, max_value=9999),
    first=st.integers(min_value=1, max_value=MAX_SERIAL),
    second=st.integers(min_value=1, max_value=MAX_SERIAL),
)
def test_numbers_sort_like_their_serials(year: int, first: int, second: int) -> None:
    # Zero padding makes the text order the issue order, which the register's listings rely on.
    assert (format_licence_number("AIN", year, first) < format_licence_number("AIN", year, second)) is (first < second)


# Licence types


def test_the_two_licence_types() -> None:
    assert list(LICENCE_TYPES) == ["ai_native", "standard_digital"]
    ai_native, standard = LICENCE_TYPES["ai_native"], LICENCE_TYPES["standard_digital"]
    assert (ai_native.code, ai_native.prefix, ai_native.requires_ai_native_evaluation) == ("ai_native", "AIN", True)
    assert (standard.code, standard.prefix, standard.requires_ai_native_evaluation) == (
        "standard_digital",
        "SDL",
        False,
    )
    assert ai_native.validity_months == standard.validity_months == 12


@pytest.mark.parametrize("licence", list(LICENCE_TYPES.values()), ids=list(LICENCE_TYPES))
def test_licence_type_texts_are_filled_in_every_language(licence: LicenceType) -> None:
    for text in (licence.name, licence.requirements, licence.benefits):
        assert all(value.strip() for value in text.as_dict().values())
    assert format_licence_number(licence.prefix, 2026, 1) == f"{licence.prefix}-2026-00001"


def test_the_ai_native_benefits_name_what_the_track_gives() -> None:
    benefits = LICENCE_TYPES["ai_native"].benefits.en
    assert all(word in benefits for word in ("Priority review", "tax", "visa", "compute grants", "data sandboxes"))


@pytest.mark.parametrize("code", ["ai_native", "standard_digital"])
def test_licence_type(code: str) -> None:
    assert licence_type(code) is LICENCE_TYPES[code]


@pytest.mark.parametrize("code", ["", "AI_NATIVE", "AIN", "standard"])
def test_unknown_licence_type(code: str) -> None:
    with pytest.raises(InvalidInput) as invalid:
        licence_type(code)
    assert invalid.value.code == "licence_type.unknown"
    assert invalid.value.message.en == "Unknown licence type. Valid types: ai_native, standard_digital."
    assert [(error.field, error.code) for error in invalid.value.errors] == [("licence_type", "licence_type.unknown")]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 3, 15), 12, date(2027, 3, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 5, 5), 0, date(2026, 5, 5)),
        (date(2026, 5, 5), 120, date(2036, 5, 5)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_add_months_outside_the_calendar_is_an_error() -> None:
    with pytest.raises(ValueError, match="outside the years"):
        add_months(date(9999, 12, 1), 1)
    with pytest.raises(ValueError, match="outside the years"):
        add_months(date(1, 1, 1), -1)


def test_add_months_refuses_a_datetime() -> None:
    with pytest.raises(TypeError):
        add_months(datetime(2026, 1, 31, 10, 0), 1)


@given(start=st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 12, 31)), months=st.integers(-1200, 1200))
def test_add_months_properties(start: date, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    last_day = calendar.monthrange(result.year, result.month)[1]
    assert result.day == min(start.day, last_day)


def test_valid_until() -> None:
    ai_native = LICENCE_TYPES["ai_native"]
    assert ai_native.valid_until(date(2026, 3, 15)) == date(2027, 3, 14)
    assert ai_native.valid_until(date(2028, 2, 29)) == date(2029, 2, 27)
    assert ai_native.valid_until(date(2026, 1, 1)) == date(2026, 12, 31)
    assert (ai_native.valid_until(date(2026, 3, 15)) - date(2026, 3, 15)).days + 1 == 365
