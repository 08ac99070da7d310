"""What a dashboard chart shows: its categories, series and figures, exactly as the statistics services gave them.

The page draws a :class:`Chart` as SVG (:mod:`api.dashboard.drawing`), writes it as a table, and offers it as CSV
(:func:`chart_csv`): the same figures with the same flags everywhere, a withheld figure never turned into a number.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from registry.statistics.schemas import SeriesPoint, StatCell

__all__ = ["CHART_IDS", "Category", "Chart", "ChartId", "Figure", "Kpi", "Series", "chart_csv", "format_number"]

ChartId = Literal["stock", "flows", "funnel", "regions"]
CHART_IDS: tuple[ChartId, ...] = ("stock", "flows", "funnel", "regions")


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure as the API publishes it: a value, or withheld (``suppressed``), or none at all (both empty)."""

    value: int | Decimal | None
    suppressed: bool

    @classmethod
    def of(cls, cell: StatCell | SeriesPoint) -> Figure:
        """The figure of a published cell or series point."""
        return cls(value=None if cell.suppressed else cell.value, suppressed=cell.suppressed)

    @property
    def empty(self) -> bool:
        """Neither published nor withheld: there is no figure (a rate with nothing decided, say)."""
        return self.value is None and not self.suppressed


@dataclass(frozen=True, slots=True)
class Category:
    """One year, region or funnel stage of a chart."""

    key: str
    label: str
    provisional: bool = False
    """The figures of this period may still change (its declaration deadline had not passed)."""
    selected: bool = False
    """Highlighted (the region the filters chose)."""


@dataclass(frozen=True, slots=True)
class Series:
    """One metric drawn across the categories."""

    metric: str
    label: str


@dataclass(frozen=True, slots=True)
class Kpi:
    """A single figure shown beside a chart (the funnel's decision times and rates), with its text."""

    metric: str
    label: str
    figure: Figure
    shown: str
    """The figure as written on the page (formatted, or the word for a withheld one)."""


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart: categories along one axis, one bar per series in each."""

    id: ChartId
    title: str
    caption: str
    category_header: str
    categories: list[Category]
    series: list[Series]
    figures: dict[tuple[str, str], Figure]
    """(category key, metric) -> its figure; a pair that is missing is not drawn."""
    shape: Literal["columns", "rows"]
    """Years as columns; regions and stages as rows (every chart becomes rows on a phone)."""
    kpis: list[Kpi] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Sentences under the chart (the provisional periods, say)."""
    empty_message: str | None = None
    """Said instead of drawing, when there is nothing the chart may show."""
    metric_per_category: bool = False
    """Each category is a metric of its own (the funnel's stages): marks and CSV rows name it, not the series."""

    def metric_of(self, category: Category, series: Series) -> str:
        """The metric a figure of ``series`` in ``category`` is (as the API names it)."""
        return category.key if self.metric_per_category else series.metric

    def figure(self, category: str, metric: str) -> Figure | None:
        """The figure of ``metric`` in ``category``, if it is part of the chart."""
        return self.figures.get((category, metric))


CSV_HEADER = (
    "chart",
    "category",
    "category_label",
    "metric",
    "metric_label",
    "value",
    "suppressed",
    "provisional",
)
"""A chart's CSV: one row per drawn figure and KPI; a withheld figure has an empty value and ``suppressed`` true."""


def chart_csv(chart: Chart) -> str:
    """The figures ``chart`` shows, with their disclosure and provisional flags, as CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for category in chart.categories:
        for series in chart.series:
            figure = chart.figure(category.key, series.metric)
            if figure is not None:
                metric = Series(
                    chart.metric_of(category, series), category.label if chart.metric_per_category else series.label
                )
                writer.writerow(_row(chart, category.key, category.label, metric, figure, category.provisional))
    for kpi in chart.kpis:
        writer.writerow(_row(chart, "all", "", Series(kpi.metric, kpi.label), kpi.figure, False))
    return buffer.getvalue()


def _row(chart: Chart, key: str, label: str, series: Series, figure: Figure, provisional: bool) -> list[str]:
    value = "" if figure.value is None else str(figure.value)
    return [chart.id, key, label, series.metric, series.label, value, _flag(figure.suppressed), _flag(provisional)]


def _flag(value: bool) -> str:
    return "true" if value else "false"


_GROUPING = {"kk": ("\u00a0", ","), "ru": ("\u00a0", ","), "en": (",", ".")}
"""Thousands separator and decimal mark per language."""


def format_number(value: int | Decimal, language: str, digits: int = 0) -> str:
    """``value`` with the language's separators, at most ``digits`` decimals (trailing zeros dropped)."""
    thousands, decimal_mark = _GROUPING.get(language, _GROUPING["en"])
    number = Decimal(value)
    text = f"{number:,.{digits}f}" if digits else f"{round(number):,}"
    if digits and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", decimal_mark).replace("\0", thousands)
