"""What the attacker records: one key per statistical cell, whichever request or release served it.

A cell is a measure over a time window (a flow) or on a day (a stock: ``start == end``), for an area (a KATO region
or ``_T`` for the country) and a breakdown (dimension, code pairs; a total over a dimension simply leaves it out).
Two answers that describe the same population get the same key, so the attacker links them as one unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

COUNTRY = "_T"
TOTAL_CODES = frozenset({"_T", "_Z", ""})
"""SDMX codes for "all" and "not applicable", and the empty group of a total row."""

ADDITIVE_OVER_TIME = frozenset(
    {
        "applications_submitted",
        "applications_decided",
        "applications_approved",
        "applications_rejected",
        "applications_undecided",
        "decisions_approved",
        "decisions_rejected",
        "companies_registered",
        "born_ai_native",
        "pivots_to_ai",
        "pivots_away",
        "licences_issued",
        "licences_suspended",
        "licences_revoked",
    }
)
"""Flows: a window's count is the sum of the counts of any partition of the window (by first submission, decision,
registration or event day)."""

WINDOWED_RATIOS = frozenset(
    {"approval_rate", "days_to_decision_median", "days_to_decision_p90", "decided_within_service_level", "pivot_rate"}
)
"""Ratios of flows over a window (the funnel's rates and decision times, the pivot rate)."""

MAGNITUDES = frozenset({"ai_fte"})
"""Measures summed over companies' figures (not counts of companies or applications)."""

RATIOS = frozenset(
    {
        "approval_rate",
        "decided_within_service_level",
        "days_to_decision_median",
        "days_to_decision_p90",
        "headcount_growth_median",
        "revenue_growth_median",
        "high_growth_share",
        "cohort_share_active",
        "cohort_share_ai_native",
        "pivot_rate",
    }
)
"""Rates, shares and quantiles: not sums, so not unknowns of the linear program (except where an identity uses
them as a coefficient)."""


@dataclass(frozen=True, order=True)
class CellKey:
    """One statistical cell."""

    measure: str
    start: date
    end: date
    area: str = COUNTRY
    breakdown: tuple[tuple[str, str], ...] = ()

    def without(self, dimension: str) -> CellKey:
        """The cell's total over ``dimension``."""
        return CellKey(
            self.measure, self.start, self.end, self.area, tuple(p for p in self.breakdown if p[0] != dimension)
        )

    def with_window(self, start: date, end: date) -> CellKey:
        return CellKey(self.measure, start, end, self.area, self.breakdown)

    def with_area(self, area: str) -> CellKey:
        return CellKey(self.measure, self.start, self.end, area, self.breakdown)

    def code(self, dimension: str) -> str | None:
        return dict(self.breakdown).get(dimension)

    def __str__(self) -> str:
        window = str(self.start) if self.start == self.end else f"{self.start}..{self.end}"
        parts = ",".join(f"{d}={c}" for d, c in self.breakdown)
        return f"{self.measure}[{window} area={self.area}{' ' + parts if parts else ''}]"


def cell_key(measure: str, start: date, end: date, area: str | None = None, **breakdown: str | int | None) -> CellKey:
    """A key with total codes dropped from the breakdown and ``None``/``_T`` areas made the country."""
    pairs = tuple(
        sorted(
            (name, str(code)) for name, code in breakdown.items() if code is not None and str(code) not in TOTAL_CODES
        )
    )
    return CellKey(measure, start, end, COUNTRY if area is None or area in TOTAL_CODES else area, pairs)


@dataclass(frozen=True)
class Figure:
    """One answer about a cell: its published value, or ``None`` when withheld."""

    key: CellKey
    value: Decimal | None
    request: str
    """The request (or release) that served it, for the report."""

    @property
    def withheld(self) -> bool:
        return self.value is None


def period_window(period: str) -> tuple[date, date]:
    """``2025`` → the year, ``2025-Q2`` → the quarter, ``2025-03`` → the month, ``2025-12-31`` → the day."""
    if len(period) == 4:
        year = int(period)
        return date(year, 1, 1), date(year, 12, 31)
    if "-Q" in period:
        year, quarter = int(period[:4]), int(period[-1])
        first = date(year, 3 * quarter - 2, 1)
        return first, month_end(date(year, 3 * quarter, 1))
    if len(period) == 7:
        first = date(int(period[:4]), int(period[5:]), 1)
        return first, month_end(first)
    day = date.fromisoformat(period)
    return day, day


def month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def clip(window: tuple[date, date], start: date, end: date) -> tuple[date, date]:
    """A period of a series limited to the asked-for days (a series counts only the days from..to)."""
    return max(window[0], start), min(window[1], end)
