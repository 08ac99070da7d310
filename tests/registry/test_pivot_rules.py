"""Pivot detection over a company's classified periods."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.declarations.facts import AiClass
from registry.declarations.pivot_rules import (
    STANDARD_LICENCE,
    ClassifiedPeriod,
    PeriodClass,
    PivotEvent,
    detect_pivots,
    months_between,
)

NATIVE = AiClass.AI_NATIVE
ENABLED = AiClass.AI_ENABLED
NON_AI = AiClass.NON_AI


def year(
    key: int,
    ai_class: PeriodClass,
    revenue: str | None = None,
    talent: str | None = None,
    rubric_version: int | None = 1,
) -> ClassifiedPeriod:
    return ClassifiedPeriod(
        period_key=str(key),
        period_end=date(key, 12, 31),
        ai_class=ai_class,
        ai_revenue_share=None if revenue is None else Decimal(revenue),
        ai_talent_share=None if talent is None else Decimal(talent),
        rubric_version=rubric_version,
    )


def test_first_declaration_native_in_the_registration_year_is_born_ai_native() -> None:
    events = detect_pivots([year(2022, NATIVE, "0.7", "0.5")], registration_date=date(2022, 3, 10))
    assert events == (
        PivotEvent(
            kind="born_ai_native",
            from_class=None,
            to_class=NATIVE,
            from_period=None,
            to_period="2022",
            delta_ai_revenue_share=None,
            delta_ai_talent_share=None,
            months_since_registration=9,
            rubric_version=1,
        ),
    )


def test_first_declaration_native_the_year_after_registration_is_born_ai_native() -> None:
    periods = [year(2023, NATIVE, "0.6", "0.4"), year(2024, NATIVE, "0.8", "0.5")]
    events = detect_pivots(periods, registration_date=date(2022, 11, 1))
    assert [(e.kind, e.to_period, e.months_since_registration) for e in events] == [("born_ai_native", "2023", 13)]


def test_non_ai_then_ai_enabled_then_native_is_one_pivot_to_ai() -> None:
    periods = [
        year(2020, NON_AI, "0", "0.05"),
        year(2021, ENABLED, "0.2", "0.15"),
        year(2022, NATIVE, "0.55", "0.35"),
        year(2023, NATIVE, "0.7", "0.4"),
    ]
    events = detect_pivots(periods, registration_date=date(2019, 4, 15))
    assert events == (
        PivotEvent(
            kind="pivot_to_ai",
            from_class=ENABLED,
            to_class=NATIVE,
            from_period="2021",
            to_period="2022",
            delta_ai_revenue_share=Decimal("0.35"),
            delta_ai_talent_share=Decimal("0.20"),
            # 15 April 2019 → 31 December 2022: 3 years and 8 whole months.
            months_since_registration=44,
            rubric_version=1,
        ),
    )


def test_native_then_not_is_a_pivot_away() -> None:
    periods = [year(2021, NATIVE, "0.6", "0.4"), year(2022, ENABLED, "0.3", "0.2")]
    events = detect_pivots(periods, registration_date=date(2021, 1, 1))
    assert [e.kind for e in events] == ["born_ai_native", "pivot_away"]
    away = events[1]
    assert (away.from_class, away.to_class, away.from_period, away.to_period) == (NATIVE, ENABLED, "2021", "2022")
    assert away.delta_ai_revenue_share == Decimal("-0.3")
    assert away.delta_ai_talent_share == Decimal("-0.2")
    assert away.months_since_registration == 23


def test_standard_licence_then_native_counts_as_a_pivot() -> None:
    periods = [year(2021, STANDARD_LICENCE, rubric_version=None), year(2022, NATIVE, "0.6", "0.4")]
    events = detect_pivots(periods, registration_date=date(2021, 2, 1))
    assert len(events) == 1
    pivot = events[0]
    assert (pivot.kind, pivot.from_class, pivot.from_period, pivot.to_period) == (
        "pivot_to_ai",
        STANDARD_LICENCE,
        "2021",
        "2022",
    )
    # The licence period has no declared figures, so there is nothing to subtract from.
    assert pivot.delta_ai_revenue_share is None
    assert pivot.delta_ai_talent_share is None


def test_first_native_declaration_four_years_after_registration_is_neither_born_nor_a_pivot() -> None:
    periods = [year(2024, NATIVE, "0.9", "0.6"), year(2025, NATIVE, "0.9", "0.6")]
    assert detect_pivots(periods, registration_date=date(2020, 6, 1)) == ()


def test_periods_are_put_in_order_of_their_end() -> None:
    periods = [
        year(2023, NATIVE, "0.6", "0.4"),
        year(2021, NON_AI, "0", "0"),
        year(2024, ENABLED, "0.2", "0.2"),
        year(2022, ENABLED, "0.1", "0.1"),
    ]
    events = detect_pivots(periods, registration_date=date(2020, 9, 1))
    assert [(e.kind, e.from_period, e.to_period) for e in events] == [
        ("pivot_to_ai", "2022", "2023"),
        ("pivot_away", "2023", "2024"),
    ]
    assert events[0].delta_ai_revenue_share == Decimal("0.5")


def test_quarterly_periods_pivot_in_the_quarter_they_turn_native() -> None:
    periods = [
        ClassifiedPeriod("2024-Q3", date(2024, 9, 30), NATIVE, Decimal("0.6"), Decimal("0.4")),
        ClassifiedPeriod("2024-Q2", date(2024, 6, 30), ENABLED, Decimal("0.4"), Decimal("0.4")),
    ]
    (event,) = detect_pivots(periods, registration_date=date(2020, 3, 31))
    assert (event.kind, event.to_period, event.months_since_registration) == ("pivot_to_ai", "2024-Q3", 54)


def test_leaving_and_coming_back_pivots_again() -> None:
    periods = [year(2020, NON_AI), year(2021, NATIVE), year(2022, NON_AI), year(2023, NATIVE)]
    events = detect_pivots(periods, registration_date=date(2015, 1, 1))
    assert [(e.kind, e.to_period) for e in events] == [
        ("pivot_to_ai", "2021"),
        ("pivot_away", "2022"),
        ("pivot_to_ai", "2023"),
    ]


def test_no_periods_no_events() -> None:
    assert detect_pivots([], registration_date=date(2020, 1, 1)) == ()


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2022, 3, 10), date(2022, 12, 31), 9),
        (date(2022, 3, 31), date(2022, 6, 30), 3),
        (date(2022, 1, 31), date(2022, 2, 28), 1),
        (date(2022, 1, 15), date(2022, 2, 14), 0),
        (date(2022, 1, 15), date(2022, 2, 15), 1),
        (date(2022, 12, 31), date(2022, 12, 31), 0),
    ],
    ids=[
        "mid-month-to-year-end",
        "month-end-to-shorter-month-end",
        "january-31-to-february-28",
        "a-day-short",
        "exactly-one-month",
        "same-day",
    ],
)
def test_months_between_counts_whole_months(start: date, end: date, months: int) -> None:
    assert months_between(start, end) == months


# --- properties -----------------------------------------------------------------------------------------

classes = st.sampled_from([NATIVE, ENABLED, NON_AI, STANDARD_LICENCE])
shares = st.one_of(st.none(), st.integers(0, 100).map(lambda hundredths: Decimal(hundredths).scaleb(-2)))


@st.composite
def histories(draw: st.DrawFn) -> list[ClassifiedPeriod]:
    years = draw(st.lists(st.integers(2000, 2040), unique=True, max_size=8))
    return [ClassifiedPeriod(str(y), date(y, 12, 31), draw(classes), draw(shares), draw(shares)) for y in years]


@given(history=histories(), registered=st.dates(date(1995, 1, 1), date(2040, 12, 31)), data=st.data())
def test_events_do_not_depend_on_input_order(
    history: list[ClassifiedPeriod], registered: date, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(history))
    assert detect_pivots(shuffled, registration_date=registered) == detect_pivots(history, registration_date=registered)


@given(history=histories(), registered=st.dates(date(1995, 1, 1), date(2040, 12, 31)))
def test_pivots_alternate_and_match_the_class_changes(history: list[ClassifiedPeriod], registered: date) -> None:
    ordered = sorted(history, key=lambda p: p.period_end)
    events = detect_pivots(history, registration_date=registered)
    pivots = [e for e in events if e.kind != "born_ai_native"]
    expected = [
        (after.period_key, after.ai_class is NATIVE)
        for before, after in itertools.pairwise(ordered)
        if (before.ai_class is NATIVE) != (after.ai_class is NATIVE)
    ]
    assert [(e.to_period, e.kind == "pivot_to_ai") for e in pivots] == expected
    born = [e for e in events if e.kind == "born_ai_native"]
    assert len(born) <= 1
    if born:
        assert events[0] is born[0]
        assert ordered[0].ai_class is NATIVE
        assert ordered[0].period_end.year - registered.year in (0, 1)
