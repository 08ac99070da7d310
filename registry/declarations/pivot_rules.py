"""Pivots: born AI-native companies, pivots to AI and pivots away, derived from classified periods.

Rules (design section 2, "Pivots"):

* **born_ai_native** — the company's first period is ai_native and is for its registration year or the year
  after. A first period that is ai_native but later than that is neither born AI-native nor a pivot: with
  no earlier non-native period on record there is nothing to pivot *from*, and the company may well have
  been AI-native in the years it did not declare.
* **pivot_to_ai** — every period that is ai_native while the period before it was not (non_ai, ai_enabled,
  or a standard digital licence held). A company that leaves and comes back pivots again.
* **pivot_away** — every period that is not ai_native while the period before it was.
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final, Literal, TypeAlias

from registry.declarations.facts import AiClass

__all__ = [
    "STANDARD_LICENCE",
    "ClassifiedPeriod",
    "PeriodClass",
    "PivotEvent",
    "PivotKind",
    "detect_pivots",
    "months_between",
]

PeriodClass: TypeAlias = AiClass | Literal["standard_licence"]
"""The class of a period: the rubric's class, or a standard digital licence held (a non-native period)."""

STANDARD_LICENCE: Final = "standard_licence"
"""The class of a period in which the company held a standard digital licence."""

PivotKind: TypeAlias = Literal["born_ai_native", "pivot_to_ai", "pivot_away"]
"""What kind of event a pivot is."""


@dataclass(frozen=True, slots=True)
class ClassifiedPeriod:
    """One period of a company's history with its class."""

    period_key: str
    """``2023`` for a year, ``2023-Q2`` for a quarter."""
    period_end: date
    """The last day of the period; periods are ordered by it."""
    ai_class: PeriodClass
    """The rubric's class of the period's declaration, or ``standard_licence``."""
    ai_revenue_share: Decimal | None
    """AI revenue / total revenue, ``None`` when unknown or without revenue."""
    ai_talent_share: Decimal | None
    """AI FTE / total FTE, ``None`` when unknown or without staff."""
    rubric_version: int | None = None
    """The rubric version that classified the period; ``None`` for a standard licence period."""


@dataclass(frozen=True, slots=True)
class PivotEvent:
    """A change of a company's AI class between two periods, or its AI-native start."""

    kind: PivotKind
    """born_ai_native, pivot_to_ai or pivot_away."""
    from_class: PeriodClass | None
    """The class before; ``None`` for born_ai_native."""
    to_class: PeriodClass
    """The class after."""
    from_period: str | None
    """The key of the period before; ``None`` for born_ai_native."""
    to_period: str
    """The key of the period in which the change shows."""
    delta_ai_revenue_share: Decimal | None
    """AI revenue share after minus before; ``None`` when either is unknown (always for born_ai_native)."""
    delta_ai_talent_share: Decimal | None
    """AI talent share after minus before; ``None`` when either is unknown (always for born_ai_native)."""
    months_since_registration: int
    """Whole months from the registration date to the end of the to-period (negative if it ended before)."""
    rubric_version: int | None = None
    """The rubric version that classified the to-period, so a reclassification never rewrites history."""


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``.

    The last day of a month counts as reaching any later day-of-month, so 31 March → 30 June is 3 months,
    as a person would count it; period ends are always month ends.

    Args:
        start: The first date.
        end: The second date (may be earlier, giving a negative number).
    """
    months = (end.year - start.year) * 12 + (end.month - start.month)
    end_is_month_end = end.day == calendar.monthrange(end.year, end.month)[1]
    if end >= start and end.day < start.day and not end_is_month_end:
        months -= 1
    elif end < start and end.day > start.day:
        months += 1
    return months


def _delta(before: Decimal | None, after: Decimal | None) -> Decimal | None:
    if before is None or after is None:
        return None
    return after - before


def _order(period: ClassifiedPeriod) -> tuple[date, str, bool, Decimal, Decimal]:
    """A total order, so the events do not depend on the order the periods were handed in."""
    # A standard licence held in a period is the state *before* a declaration of the same period.
    missing = Decimal(-1)
    return (
        period.period_end,
        period.period_key,
        period.ai_class != STANDARD_LICENCE,
        missing if period.ai_revenue_share is None else period.ai_revenue_share,
        missing if period.ai_talent_share is None else period.ai_talent_share,
    )


def _transition(before: ClassifiedPeriod, after: ClassifiedPeriod, registration_date: date) -> PivotEvent | None:
    was_native = before.ai_class == AiClass.AI_NATIVE
    is_native = after.ai_class == AiClass.AI_NATIVE
    if was_native == is_native:
        return None
    return PivotEvent(
        kind="pivot_to_ai" if is_native else "pivot_away",
        from_class=before.ai_class,
        to_class=after.ai_class,
        from_period=before.period_key,
        to_period=after.period_key,
        delta_ai_revenue_share=_delta(before.ai_revenue_share, after.ai_revenue_share),
        delta_ai_talent_share=_delta(before.ai_talent_share, after.ai_talent_share),
        months_since_registration=months_between(registration_date, after.period_end),
        rubric_version=after.rubric_version,
    )


def _born_ai_native(first: ClassifiedPeriod, registration_date: date) -> PivotEvent | None:
    if first.ai_class != AiClass.AI_NATIVE:
        return None
    if first.period_end.year not in (registration_date.year, registration_date.year + 1):
        return None
    return PivotEvent(
        kind="born_ai_native",
        from_class=None,
        to_class=first.ai_class,
        from_period=None,
        to_period=first.period_key,
        delta_ai_revenue_share=None,
        delta_ai_talent_share=None,
        months_since_registration=months_between(registration_date, first.period_end),
        rubric_version=first.rubric_version,
    )


def detect_pivots(periods: Sequence[ClassifiedPeriod], *, registration_date: date) -> tuple[PivotEvent, ...]:
    """The pivot events of one company's history.

    Args:
        periods: The company's classified periods, in any order (sorted here by ``period_end``).
        registration_date: The company's registration date.

    Returns:
        The events in period order: at most one born_ai_native first, then pivot_to_ai and pivot_away.
    """
    ordered = sorted(periods, key=_order)
    if not ordered:
        return ()
    events: list[PivotEvent] = []
    if (born := _born_ai_native(ordered[0], registration_date)) is not None:
        events.append(born)
    for before, after in itertools.pairwise(ordered):
        if (event := _transition(before, after, registration_date)) is not None:
            events.append(event)
    return tuple(events)
