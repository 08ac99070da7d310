"""Wire contracts of the ecosystem metrics: tidy cells, one per metric (or period) and group."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import msgspec

from registry.statistics.disclosure import ProtectedCell, SuppressionReason

__all__ = ["LicensingFunnel", "MetricView", "SeriesPoint", "StatCell", "Summary", "TimeSeries"]


class MetricView(msgspec.Struct, frozen=True):
    """One entry of the data dictionary."""

    name: str
    definition: str
    unit: str
    source: str
    disclosure: str


class StatCell(msgspec.Struct, frozen=True):
    """One published figure: a metric for a group (``group`` is ``null`` for the metric as a whole).

    A suppressed figure has ``value: null``, ``suppressed: true`` and the rule that withholds it.
    """

    metric: str
    group: str | None
    value: int | Decimal | None
    suppressed: bool
    reason: SuppressionReason | None

    @classmethod
    def of(cls, metric: str, group: str | None, cell: ProtectedCell) -> StatCell:
        """A published cell of ``metric`` from a protected cell."""
        return cls(metric=metric, group=group, value=cell.value, suppressed=cell.suppressed, reason=cell.reason)


class Summary(msgspec.Struct, frozen=True):
    """The stocks as of the end of a day."""

    as_of: date
    region: str | None
    """The KATO region the figures are limited to, ``null`` for the whole country."""
    cells: list[StatCell]


class SeriesPoint(msgspec.Struct, frozen=True):
    """One period (and group) of a time series."""

    period: str
    """``2024-03`` (month), ``2024-Q1`` (quarter) or ``2024`` (year)."""
    period_start: date
    group: str | None
    """The group's code (KATO region, legal form, licence type); ``null`` for all groups together."""
    value: int | None
    suppressed: bool
    reason: SuppressionReason | None


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


class LicensingFunnel(msgspec.Struct, frozen=True):
    """Applications first submitted in a window: how many were decided and approved, and how fast."""

    start: date = msgspec.field(name="from")
    end: date = msgspec.field(name="to")
    region: str | None = None
    cells: list[StatCell] = msgspec.field(default_factory=list)
