"""Metrics as tidy tables (one row per metric or period and group) and their CSV rendering."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from registry.statistics.code_names import named, names_for, region_names
from registry.statistics.schemas import (
    CohortTable,
    GrowthTable,
    LicensingFunnel,
    MetricView,
    StatCell,
    Summary,
    TimeSeries,
)

__all__ = [
    "Table",
    "cohort_csv_table",
    "dictionary_table",
    "funnel_table",
    "growth_csv_table",
    "series_table",
    "summary_table",
    "to_csv",
]

Table = tuple[tuple[str, ...], list[tuple[object, ...]]]
"""A header and its rows."""

_REGION = named("region")
"""The region a table is limited to (empty for the country), with its names in kk/ru/en."""
_GROUP = named("group")
"""A row's group, named in kk/ru/en when the groups are regions or activities."""
_CELL_COLUMNS = ("metric", *_GROUP, "value", "suppressed")


def _cell(cell: StatCell) -> tuple[object, ...]:
    # Groups of a summary or the funnel are AI classes, licence types or (``*_by_region``) KATO codes: only KATO
    # codes have names.
    return cell.metric, cell.group, *region_names(cell.group), cell.value, cell.suppressed


def summary_table(summary: Summary) -> Table:
    """One row per metric and group of a summary."""
    header = ("as_of", *_REGION, *_CELL_COLUMNS)
    region = (summary.region, *region_names(summary.region))
    return header, [(summary.as_of, *region, *_cell(cell)) for cell in summary.cells]


def funnel_table(funnel: LicensingFunnel) -> Table:
    """One row per metric of the licensing funnel."""
    header = ("from", "to", *_REGION, *_CELL_COLUMNS)
    region = (funnel.region, *region_names(funnel.region))
    return header, [(funnel.start, funnel.end, *region, *_cell(cell)) for cell in funnel.cells]


def series_table(series: TimeSeries) -> Table:
    """One row per period and group of a time series (group empty for all groups together)."""
    header = ("metric", "interval", *_REGION, "period", "period_start", *_GROUP, "value", "suppressed")
    region = (series.region, *region_names(series.region))
    rows: list[tuple[object, ...]] = [
        (
            series.metric,
            series.interval,
            *region,
            p.period,
            p.period_start,
            p.group,
            *names_for(series.group_by, p.group),
            p.value,
            p.suppressed,
        )
        for p in series.points
    ]
    return header, rows


def cohort_csv_table(table: CohortTable) -> Table:
    """One row per cohort, years after registration (empty for the cohort's size) and metric."""
    header = ("as_of", *_REGION, "cohort", "years_after", "metric", "value", "suppressed")
    region = (table.region, *region_names(table.region))
    rows: list[tuple[object, ...]] = [
        (table.as_of, *region, p.cohort, p.years_after, p.metric, p.value, p.suppressed) for p in table.points
    ]
    return header, rows


def growth_csv_table(table: GrowthTable) -> Table:
    """One row per fiscal year, group (ai_native or other; empty for all companies) and metric."""
    header = ("as_of", *_REGION, "year", "group", "metric", "value", "suppressed")
    region = (table.region, *region_names(table.region))
    rows: list[tuple[object, ...]] = [
        (table.as_of, *region, p.year, p.group, p.metric, p.value, p.suppressed) for p in table.points
    ]
    return header, rows


def dictionary_table(metrics: Sequence[MetricView]) -> Table:
    """One row per metric of the data dictionary."""
    header = ("name", "source_class", "definition", "basis", "unit", "source", "disclosure")
    return header, [(m.name, m.source_class, m.definition, m.basis, m.unit, m.source, m.disclosure) for m in metrics]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(table: Table) -> str:
    """RFC 4180 CSV with a header row; ``None`` (a suppressed value, no group) becomes an empty field."""
    header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    body: Iterable[tuple[object, ...]] = rows
    writer.writerows([_text(value) for value in row] for row in body)
    return buffer.getvalue()
