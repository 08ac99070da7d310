"""The official table set of a release: every table computed for a fiscal year as known at a moment.

Each table is a dataflow of the AI-ecosystem data structure (:mod:`registry.statistics.sdmx`), and every figure
comes out as an :class:`~registry.statistics.observations.Observation`. Public figures are published exactly; the
confidential ones come from :mod:`licensing.confidential_tables`, protected there as one linked set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from licensing.confidential_tables import CONFIDENTIAL_FLOWS, ConfidentialRows, confidential_rows, protect_confidential
from registry.statistics.cohorts import YEARS_AFTER, cohort_sizes
from registry.statistics.dictionary import METRICS, SERIES_METRICS
from registry.statistics.disclosure import DisclosureSettings, SuppressionReason, exact
from registry.statistics.known_flows import known_flow_quarters
from registry.statistics.linked_protection import CellKey
from registry.statistics.observations import Observation, observation
from registry.statistics.period_stocks import STOCK_CLASSES, StockDimension, period_stocks
from registry.statistics.rates import pivot_rate_series
from registry.statistics.states import StateDimension
from registry.statistics.stock_flow import ACCOUNT_FLOWS, AccountInterval, stock_flow_accounts

__all__ = ["DATAFLOWS", "ReleaseTables", "release_tables"]

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
    ("DF_AI_FTE_REGION", "AI FTE at the end of the fiscal year by region and AI class"),
    ("DF_STOCK_FLOW_YEAR_REGION", "Stock-flow account of AI-native companies by region, per year"),
    ("DF_STOCK_FLOW_YEAR_ACTIVITY", "Stock-flow account of AI-native companies by OKED section, per year"),
    ("DF_STOCK_FLOW_YEAR_LEGAL_FORM", "Stock-flow account of AI-native companies by legal form, per year"),
    ("DF_STOCK_FLOW_QUARTER_REGION", "Stock-flow account of AI-native companies by region, per quarter"),
)
"""Every table of a release: ``(dataflow id, name)``."""

_FLOW_FIELDS = {"REGION": "ref_area", "ACTIVITY": "activity", "LEGAL_FORM": "legal_form"}
_COUNT_ATTRIBUTES = {"ref_area": "region", "activity": "section", "legal_form": "legal_form"}
_FLOW_METRICS = tuple(m for m in SERIES_METRICS if m != "pivot_rate" and m not in CONFIDENTIAL_FLOWS)
"""The public flows (the confidential ones are in :mod:`licensing.confidential_tables`)."""
_STOCK_FIELDS: dict[StockDimension, Literal["ref_area", "legal_form", "activity"]] = {
    "region": "ref_area",
    "legal_form": "legal_form",
    "activity": "activity",
}


@dataclass(frozen=True, slots=True)
class ReleaseTables:
    """Every observation of a release, and for staff why each withheld confidential cell is withheld."""

    observations: list[Observation]
    reasons: dict[CellKey, SuppressionReason]
    rows: ConfidentialRows
    """What the confidential tables were built from (kept with the release for the releases after it)."""


async def release_tables(
    session: AsyncSession,
    rules: DisclosureSettings,
    *,
    year: int,
    known_at: datetime,
    published_before: Sequence[ConfidentialRows] = (),
    already_published: Mapping[CellKey, Decimal] | None = None,
) -> ReleaseTables:
    """Every table of the release of fiscal year ``year`` as known at ``known_at`` (``year`` must have ended).

    ``published_before``: what the releases already published that this one could be differenced against were
    built from (:func:`licensing.release_inputs.inputs_of`): their cells are public, so what changed since is
    protected too. ``already_published``: the cells earlier revisions of the year published; unchanged, a reader
    knows them, so they are never withheld.
    """
    rows = await confidential_rows(session, year=year, known_at=known_at)
    confidential = protect_confidential(
        rows, rules, published_before=published_before, already_published=already_published
    )
    observations = [
        *await _stocks(session, year, known_at),
        *await _flows(session, year, known_at),
        *await _pivot_rate(session, year, known_at),
        *await _cohort_sizes(session, year, known_at),
        *confidential.observations,
        *await _stock_flow(session, year, known_at),
    ]
    return ReleaseTables(observations, confidential.reasons, rows)


async def _stocks(session: AsyncSession, year: int, known_at: datetime) -> list[Observation]:
    """The year-end stocks by group and AI class with every margin: public, published exactly."""
    found: list[Observation] = []
    unit = METRICS["companies_by_ai_class"].unit
    for dimension, field in _STOCK_FIELDS.items():
        counts = await period_stocks(session, year=year, known_at=known_at, dimension=dimension)
        groups = sorted({group for group, _ in counts})
        figures: dict[tuple[str | None, str | None], int] = {}
        for (code, klass), companies in counts.items():
            for g in (code, None):
                for c in (klass, None):
                    figures[(g, c)] = figures.get((g, c), 0) + companies
        for group in (*groups, None):
            for ai_class in (*STOCK_CLASSES, None):
                dims: dict[str, Any] = {field: group}
                found.append(
                    observation(
                        exact(figures.get((group, ai_class), 0)),
                        dataflow=f"DF_STOCKS_{dimension.upper()}",
                        measure="companies_by_ai_class",
                        time_period=str(year),
                        unit=unit,
                        ai_class=ai_class,
                        **dims,
                    )
                )
    return found


async def _flows(session: AsyncSession, year: int, known_at: datetime) -> list[Observation]:
    """The public flows per year and quarter, by region, OKED section and legal form (with the country): exact.

    One reading of the flows' rows per quarter and breakdown; the years, the other breakdowns and the totals are its
    sums, so they add up exactly as the tables of the time series would.
    """
    counts = await known_flow_quarters(
        session, metrics=_FLOW_METRICS, start=date(year, 1, 1), end=date(year, 12, 31), known_at=known_at
    )
    found: list[Observation] = []
    for name, field in _FLOW_FIELDS.items():
        attribute = _COUNT_ATTRIBUTES[field]
        for metric in _FLOW_METRICS:
            rows = [count for count in counts if count.metric == metric]
            groups = sorted({getattr(count, attribute) for count in rows})
            figures: dict[tuple[str, str | None], int] = {}
            for count in rows:
                for period in (str(year), count.quarter):
                    for group in (None, getattr(count, attribute)):
                        figures[(period, group)] = figures.get((period, group), 0) + count.rows
            for interval, periods in (("YEAR", [str(year)]), ("QUARTER", [f"{year}-Q{q}" for q in range(1, 5)])):
                for period in periods:
                    for group in (None, *groups):
                        dims: dict[str, Any] = {field: group}
                        found.append(
                            observation(
                                exact(figures.get((period, group), 0)),
                                dataflow=f"DF_FLOWS_{interval}_{name}",
                                measure=metric,
                                time_period=period,
                                unit=METRICS[metric].unit,
                                **dims,
                            )
                        )
    return found


async def _pivot_rate(session: AsyncSession, year: int, known_at: datetime) -> list[Observation]:
    points = await pivot_rate_series(
        session, interval="year", start=date(year, 1, 1), end=date(year, 12, 31), region=None, known_at=known_at
    )
    return [
        observation(
            (p.value, p.suppressed),
            dataflow="DF_PIVOT_RATE",
            measure="pivot_rate",
            time_period=p.period,
            unit=METRICS["pivot_rate"].unit,
            ref_area=None,
        )
        for p in points
    ]


async def _cohort_sizes(session: AsyncSession, year: int, known_at: datetime) -> list[Observation]:
    """The sizes of the cohorts followed in the year and of the year's own: public, published exactly."""
    first = year - YEARS_AFTER.stop + 1
    sizes = await cohort_sizes(session, first=first, last=year, region=None, known_at=known_at)
    return [
        observation(
            exact(sizes.get(cohort, 0)),
            dataflow="DF_COHORTS",
            measure="cohort_companies",
            time_period=str(cohort),
            unit=METRICS["cohort_companies"].unit,
            ref_area=None,
        )
        for cohort in range(first, year + 1)
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
    wanted = [
        *((interval, "none") for interval in dict.fromkeys(interval for _, interval, _ in _ACCOUNT_TABLES)),
        *((interval, dimension) for _, interval, dimension in _ACCOUNT_TABLES),
    ]
    accounts = await stock_flow_accounts(session, year=year, tables=wanted, known_at=known_at)
    for dataflow, interval, dimension in _ACCOUNT_TABLES:
        field = _ACCOUNT_FIELDS[dimension]
        # The country's rows are the same in every table of an interval.
        for row in [*accounts[(interval, "none")], *accounts[(interval, dimension)]]:
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
