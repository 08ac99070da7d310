"""The official table set of a release: every table computed for a fiscal year as known at a moment.

Each table is a dataflow of the AI-ecosystem data structure (:mod:`registry.statistics.sdmx`); every figure goes
through the same disclosure control as the metrics API, and comes out as an
:class:`~registry.statistics.observations.Observation`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from licensing.reports import cohorts_report, growth_report, licensing_report, series_report
from registry.statistics.dictionary import METRICS, SERIES_METRICS
from registry.statistics.disclosure import DisclosureSettings, ProtectedCell
from registry.statistics.observations import Observation, observation
from registry.statistics.period_stocks import STOCK_CLASSES, StockDimension, protected_period_stocks
from registry.statistics.series import GroupBy, Interval
from registry.statistics.states import StateDimension
from registry.statistics.stock_flow import ACCOUNT_FLOWS, AccountInterval, stock_flow_account

__all__ = ["DATAFLOWS", "DECLARATION_BASED", "release_observations"]

DATAFLOWS: tuple[tuple[str, str], ...] = (
    ("DF_STOCKS_REGION", "Companies at the end of the fiscal year by region and AI class"),
    ("DF_STOCKS_LEGAL_FORM", "Companies at the end of the fiscal year by legal form and AI class"),
    ("DF_STOCKS_ACTIVITY", "Companies at the end of the fiscal year by OKED section and AI class"),
    ("DF_FLOWS_YEAR_REGION", "Yearly flows by region"),
    ("DF_FLOWS_YEAR_ACTIVITY", "Yearly flows by OKED section"),
    ("DF_FLOWS_YEAR_LEGAL_FORM", "Yearly flows by legal form"),
    ("DF_FLOWS_QUARTER_REGION", "Quarterly flows by region"),
    ("DF_FLOWS_QUARTER_ACTIVITY", "Quarterly flows by OKED section"),
    ("DF_FLOWS_QUARTER_LEGAL_FORM", "Quarterly flows by legal form"),
    ("DF_PIVOT_RATE", "Pivot rate"),
    ("DF_COHORTS", "Registration-year cohorts"),
    ("DF_GROWTH", "Growth and high-growth enterprises"),
    ("DF_LICENSING", "Licensing funnel"),
    ("DF_STOCK_FLOW_YEAR_REGION", "Stock-flow account of AI-native companies by region, per year"),
    ("DF_STOCK_FLOW_YEAR_ACTIVITY", "Stock-flow account of AI-native companies by OKED section, per year"),
    ("DF_STOCK_FLOW_YEAR_LEGAL_FORM", "Stock-flow account of AI-native companies by legal form, per year"),
    ("DF_STOCK_FLOW_QUARTER_REGION", "Stock-flow account of AI-native companies by region, per quarter"),
)
"""Every table of a release: ``(dataflow id, name)``."""

DECLARATION_BASED = frozenset(
    {
        "DF_STOCKS_REGION",
        "DF_STOCKS_LEGAL_FORM",
        "DF_STOCKS_ACTIVITY",
        "DF_PIVOT_RATE",
        "DF_COHORTS",
        "DF_GROWTH",
        "DF_STOCK_FLOW_YEAR_REGION",
        "DF_STOCK_FLOW_YEAR_ACTIVITY",
        "DF_STOCK_FLOW_YEAR_LEGAL_FORM",
        "DF_STOCK_FLOW_QUARTER_REGION",
    }
)
"""Tables whose figures come from declarations (a change in them after new filings is "new declarations")."""

_FLOW_DIMENSIONS: dict[str, GroupBy] = {"REGION": "region", "ACTIVITY": "activity", "LEGAL_FORM": "legal_form"}
_FLOW_METRICS = tuple(metric for metric in SERIES_METRICS if metric != "pivot_rate")
_STOCK_FIELDS: dict[StockDimension, Literal["ref_area", "legal_form", "activity"]] = {
    "region": "ref_area",
    "legal_form": "legal_form",
    "activity": "activity",
}


async def release_observations(
    session: AsyncSession, rules: DisclosureSettings, *, year: int, known_at: datetime
) -> list[Observation]:
    """Every table of the release of fiscal year ``year`` as known at ``known_at`` (``year`` must have ended)."""
    observations = [
        *await _stocks(session, rules, year, known_at),
        *await _flows(session, rules, year, known_at),
        *await _pivot_rate(session, rules, year, known_at),
        *await _cohorts(session, rules, year, known_at),
        *await _growth(session, rules, year, known_at),
        *await _licensing(session, rules, year, known_at),
        *await _stock_flow(session, year, known_at),
    ]
    return observations


async def _stocks(session: AsyncSession, rules: DisclosureSettings, year: int, known_at: datetime) -> list[Observation]:
    found: list[Observation] = []
    unit = METRICS["companies_by_ai_class"].unit
    for dimension, field in _STOCK_FIELDS.items():
        table = await protected_period_stocks(
            session, year=year, known_at=known_at, dimension=dimension, settings=rules
        )
        cells: list[tuple[ProtectedCell, str | None, str | None]] = [
            *((cell, group, ai_class) for (group, ai_class), cell in table.cells.items()),
            *((cell, group, None) for group, cell in table.row_totals.items()),
            *((table.column_totals[ai_class], None, ai_class) for ai_class in STOCK_CLASSES),
        ]
        if table.grand_total is not None:
            cells.append((table.grand_total, None, None))
        for cell, group, ai_class in cells:
            dims: dict[str, Any] = {field: group}
            found.append(
                observation(
                    cell,
                    dataflow=f"DF_STOCKS_{dimension.upper()}",
                    measure="companies_by_ai_class",
                    time_period=str(year),
                    unit=unit,
                    ai_class=ai_class,
                    **dims,
                )
            )
    return found


async def _flows(session: AsyncSession, rules: DisclosureSettings, year: int, known_at: datetime) -> list[Observation]:
    found: list[Observation] = []
    start, end = date(year, 1, 1), date(year, 12, 31)
    intervals: tuple[Interval, ...] = ("year", "quarter")
    for interval in intervals:
        for name, group_by in _FLOW_DIMENSIONS.items():
            dataflow = f"DF_FLOWS_{interval.upper()}_{name}"
            field = "ref_area" if group_by == "region" else group_by
            for metric in _FLOW_METRICS:
                series, _ = await series_report(
                    session,
                    rules,
                    metric=metric,
                    interval=interval,
                    start=start,
                    end=end,
                    group_by=group_by,
                    region=None,
                    known_at=known_at,
                )
                for point in series.points:
                    dims: dict[str, Any] = {field: point.group}
                    found.append(
                        observation(
                            (point.value, point.suppressed),
                            dataflow=dataflow,
                            measure=metric,
                            time_period=point.period,
                            unit=series.unit,
                            **dims,
                        )
                    )
    return found


async def _pivot_rate(
    session: AsyncSession, rules: DisclosureSettings, year: int, known_at: datetime
) -> list[Observation]:
    series, _ = await series_report(
        session,
        rules,
        metric="pivot_rate",
        interval="year",
        start=date(year, 1, 1),
        end=date(year, 12, 31),
        group_by=None,
        region=None,
        known_at=known_at,
    )
    return [
        observation(
            (p.value, p.suppressed),
            dataflow="DF_PIVOT_RATE",
            measure="pivot_rate",
            time_period=p.period,
            unit=series.unit,
            ref_area=None,
        )
        for p in series.points
    ]


async def _cohorts(
    session: AsyncSession, rules: DisclosureSettings, year: int, known_at: datetime
) -> list[Observation]:
    table, _ = await cohorts_report(
        session, rules, as_of=date(year + 1, 1, 1), first=year - 4, last=year, region=None, known_at=known_at
    )
    return [
        observation(
            (p.value, p.suppressed),
            dataflow="DF_COHORTS",
            measure=p.metric,
            time_period=str(p.cohort),
            unit=METRICS[p.metric].unit,
            ref_area=None,
            years_after=None if p.years_after is None else str(p.years_after),
        )
        for p in table.points
    ]


async def _growth(session: AsyncSession, rules: DisclosureSettings, year: int, known_at: datetime) -> list[Observation]:
    table, _ = await growth_report(
        session, rules, as_of=date(year + 1, 1, 1), first=year - 2, last=year, region=None, known_at=known_at
    )
    return [
        observation(
            (p.value, p.suppressed),
            dataflow="DF_GROWTH",
            measure=p.metric,
            time_period=str(p.year),
            unit=METRICS[p.metric].unit,
            ref_area=None,
            ai_class=p.group,
        )
        for p in table.points
    ]


async def _licensing(
    session: AsyncSession, rules: DisclosureSettings, year: int, known_at: datetime
) -> list[Observation]:
    funnel, _ = await licensing_report(
        session, rules, start=date(year, 1, 1), end=date(year, 12, 31), region=None, known_at=known_at
    )
    return [
        observation(
            (cell.value, cell.suppressed),
            dataflow="DF_LICENSING",
            measure=cell.metric,
            time_period=str(year),
            unit=METRICS[cell.metric].unit,
            ref_area=None,
            licence_type=cell.group,
        )
        for cell in funnel.cells
    ]


_ACCOUNT_TABLES: tuple[tuple[str, AccountInterval, StateDimension], ...] = (
    ("DF_STOCK_FLOW_YEAR_REGION", "year", "region"),
    ("DF_STOCK_FLOW_YEAR_ACTIVITY", "year", "activity"),
    ("DF_STOCK_FLOW_YEAR_LEGAL_FORM", "year", "legal_form"),
    ("DF_STOCK_FLOW_QUARTER_REGION", "quarter", "region"),
)
_ACCOUNT_FIELDS: dict[StateDimension, Literal["ref_area", "activity", "legal_form"]] = {
    "region": "ref_area",
    "activity": "activity",
    "legal_form": "legal_form",
}


async def _stock_flow(session: AsyncSession, year: int, known_at: datetime) -> list[Observation]:
    """The stock-flow account of AI-native companies: public figures, published exactly (the country as total)."""
    found: list[Observation] = []
    for dataflow, interval, dimension in _ACCOUNT_TABLES:
        field = _ACCOUNT_FIELDS[dimension]
        rows = [
            *await stock_flow_account(session, year=year, interval=interval, dimension="none", known_at=known_at),
            *await stock_flow_account(session, year=year, interval=interval, dimension=dimension, known_at=known_at),
        ]
        for row in rows:
            dims: dict[str, Any] = {field: row.group}
            for name in ("opening", *ACCOUNT_FLOWS, "closing"):
                found.append(
                    observation(
                        (getattr(row, name), False),
                        dataflow=dataflow,
                        measure=f"ai_native_{name}",
                        time_period=row.period,
                        unit="companies",
                        **dims,
                    )
                )
    return found
