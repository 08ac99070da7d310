"""Metrics as tidy tables (one row per metric or period and group) and their CSV rendering."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from registry.statistics.schemas import LicensingFunnel, MetricView, StatCell, Summary, TimeSeries

__all__ = ["Table", "dictionary_table", "funnel_table", "series_table", "summary_table", "to_csv"]

Table = tuple[tuple[str, ...], list[tuple[object, ...]]]
"""A header and its rows."""

_CELL_COLUMNS = ("metric", "group", "value", "suppressed", "reason")


def _cell(cell: StatCell) -> tuple[object, ...]:
    return cell.metric, cell.group, cell.value, cell.suppressed, cell.reason


def summary_table(summary: Summary) -> Table:
    """One row per metric and group of a summary."""
    header = ("as_of", "region", *_CELL_COLUMNS)
    return header, [(summary.as_of, summary.region, *_cell(cell)) for cell in summary.cells]


def funnel_table(funnel: LicensingFunnel) -> Table:
    """One row per metric of the licensing funnel."""
    header = ("from", "to", "region", *_CELL_COLUMNS)
    return header, [(funnel.start, funnel.end, funnel.region, *_cell(cell)) for cell in funnel.cells]


def series_table(series: TimeSeries) -> Table:
    """One row per period and group of a time series (group empty for all groups together)."""
    header = ("metric", "interval", "period", "period_start", "group", "value", "suppressed", "reason")
    rows: list[tuple[object, ...]] = [
        (series.metric, series.interval, p.period, p.period_start, p.group, p.value, p.suppressed, p.reason)
        for p in series.points
    ]
    return header, rows


def dictionary_table(metrics: Sequence[MetricView]) -> Table:
    """One row per metric of the data dictionary."""
    header = ("name", "definition", "unit", "source", "disclosure")
    return header, [(m.name, m.definition, m.unit, m.source, m.disclosure) for m in metrics]


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
