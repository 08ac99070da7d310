"""Wire contracts of the ecosystem metrics: tidy cells, one per metric (or period) and group."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import msgspec

from registry.statistics.disclosure import ProtectedCell

__all__ = [
    "CohortPoint",
    "CohortTable",
    "GrowthPoint",
    "GrowthTable",
    "LicensingFunnel",
    "MetricView",
    "SeriesPoint",
    "StatCell",
    "Summary",
    "TimeSeries",
]


class MetricView(msgspec.Struct, frozen=True, kw_only=True):
    """One entry of the data dictionary, its texts in the caller's language (all three in ``definitions``)."""

    name: str
    source_class: str
    """``public`` (derivable from the public register) or ``confidential``."""
    definition: str
    basis: str
    """The time basis: what day or period a figure is for, and as known when."""
    unit: str
    source: str
    disclosure: str
    definitions: dict[str, str]
    """The definition in kk, ru and en."""
    bases: dict[str, str]
    """The basis in kk, ru and en."""


class StatCell(msgspec.Struct, frozen=True):
    """One published figure: a metric for a group (``group`` is ``null`` for the metric as a whole).

    A withheld figure has ``value: null`` and ``suppressed: true`` (which rule withholds it is for staff only: it
    would tell how small the cell is).
    """

    metric: str
    group: str | None
    value: int | Decimal | None
    suppressed: bool

    @classmethod
    def of(cls, metric: str, group: str | None, cell: ProtectedCell) -> StatCell:
        """A published cell of ``metric`` from a protected cell."""
        return cls(metric=metric, group=group, value=cell.value, suppressed=cell.suppressed)


class Summary(msgspec.Struct, frozen=True):
    """The stocks as of the end of a day."""

    as_of: date
    region: str | None
    """The KATO region the figures are limited to, ``null`` for the whole country."""
    cells: list[StatCell]
    releases: list[int] = msgspec.field(default_factory=list)
    """The releases its confidential figures are copied from (confidential figures come from releases only)."""


class SeriesPoint(msgspec.Struct, frozen=True):
    """One period (and group) of a time series."""

    period: str
    """``2024-03`` (month), ``2024-Q1`` (quarter) or ``2024`` (year)."""
    period_start: date
    group: str | None
    """The group's code (KATO region, legal form, licence type, OKED section or division); ``null`` for all groups
    together."""
    value: int | Decimal | None
    """A count, or a rate (``pivot_rate``)."""
    suppressed: bool


class TimeSeries(msgspec.Struct, frozen=True):
    """A flow counted per period, optionally broken down by a dimension."""

    metric: str
    unit: str
    interval: str
    start: date = msgspec.field(name="from")
    end: date = msgspec.field(name="to")
    group_by: str | None = None
    region: str | None = None
    points: list[SeriesPoint] = msgspec.field(default_factory=list)
    releases: list[int] = msgspec.field(default_factory=list)
    """The releases its confidential figures are copied from (confidential figures come from releases only)."""


class LicensingFunnel(msgspec.Struct, frozen=True):
    """Applications first submitted in a window: how many were decided and approved, and how fast."""

    start: date = msgspec.field(name="from")
    end: date = msgspec.field(name="to")
    region: str | None = None
    cells: list[StatCell] = msgspec.field(default_factory=list)
    releases: list[int] = msgspec.field(default_factory=list)
    """The releases its confidential figures are copied from (confidential figures come from releases only)."""


class CohortPoint(msgspec.Struct, frozen=True):
    """One figure of a registration-year cohort: its size (``years_after`` null) or a count or share n years on."""

    cohort: int
    """The year the cohort's companies were registered in."""
    years_after: int | None
    metric: str
    value: int | Decimal | None
    suppressed: bool

    @classmethod
    def of(cls, cohort: int, years_after: int | None, metric: str, cell: ProtectedCell) -> CohortPoint:
        """A published cohort figure from a protected cell."""
        return cls(cohort, years_after, metric, cell.value, cell.suppressed)


class CohortTable(msgspec.Struct, frozen=True):
    """Registration-year cohorts followed for five years, as known at the end of ``as_of``."""

    as_of: date
    first: int
    last: int
    region: str | None = None
    points: list[CohortPoint] = msgspec.field(default_factory=list)
    releases: list[int] = msgspec.field(default_factory=list)
    """The releases its confidential figures are copied from (confidential figures come from releases only)."""


class GrowthPoint(msgspec.Struct, frozen=True):
    """One growth figure of a fiscal year for ai_native companies, the other companies, or all (``group`` null)."""

    year: int
    group: str | None
    metric: str
    value: int | Decimal | None
    suppressed: bool

    @classmethod
    def of(cls, year: int, group: str | None, metric: str, cell: ProtectedCell) -> GrowthPoint:
        """A published growth figure from a protected cell."""
        return cls(year, group, metric, cell.value, cell.suppressed)


class GrowthTable(msgspec.Struct, frozen=True):
    """Year-over-year growth and high-growth enterprises per fiscal year, as known at the end of ``as_of``."""

    as_of: date
    first: int
    last: int
    region: str | None = None
    points: list[GrowthPoint] = msgspec.field(default_factory=list)
    releases: list[int] = msgspec.field(default_factory=list)
    """The releases its confidential figures are copied from (confidential figures come from releases only)."""
