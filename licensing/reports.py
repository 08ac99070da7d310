"""The published metrics reports, shared by the ``/api/v1/metrics`` routes, ``registry metrics export`` and releases.

Each report is a wire struct plus its tidy table; the routes answer one of them as JSON or CSV, the export writes
every one as a CSV file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from licensing.metrics import active_licences, licensing_funnel, series_source
from registry.i18n import Text
from registry.statistics.cohorts import cohort_table
from registry.statistics.dictionary import METRICS, SERIES_METRICS, SeriesMetric
from registry.statistics.disclosure import DisclosureSettings
from registry.statistics.growth import growth_table
from registry.statistics.rates import pivot_rate_series
from registry.statistics.regional import region_hidden, withhold
from registry.statistics.schemas import CohortTable, GrowthTable, LicensingFunnel, MetricView, Summary, TimeSeries
from registry.statistics.series import GroupBy, Interval, check_day, count_series
from registry.statistics.states import StateDimension, known_at_or_now
from registry.statistics.stock_flow import AccountInterval, StockFlowAccount, account_table, stock_flow_account
from registry.statistics.stocks import registry_summary
from registry.statistics.tidy import (
    Table,
    cohort_csv_table,
    dictionary_table,
    funnel_table,
    growth_csv_table,
    series_table,
    summary_table,
    to_csv,
)

__all__ = [
    "ExportWindow",
    "cohorts_report",
    "dictionary_report",
    "export_reports",
    "growth_report",
    "licensing_report",
    "series_report",
    "stock_flow_report",
    "summary_report",
    "write_csv_files",
]


def dictionary_report(language: str = "en") -> tuple[list[MetricView], Table]:
    """The data dictionary, its definitions and bases in ``language`` (kk, ru or en)."""
    views = [
        MetricView(
            name=m.name,
            source_class=m.source_class,
            definition=m.definitions.in_language(language),
            basis=m.basis.in_language(language),
            unit=m.unit,
            source=m.source,
            disclosure=m.disclosures.in_language(language),
            definitions=_languages(m.definitions),
            bases=_languages(m.basis),
        )
        for m in METRICS.values()
    ]
    return views, dictionary_table(views)


def _languages(text: Text) -> dict[str, str]:
    return {"kk": text.kk, "ru": text.ru, "en": text.en}


async def summary_report(
    session: AsyncSession,
    rules: DisclosureSettings,
    *,
    as_of: date,
    region: str | None,
    group_by: Literal["region"] | None = None,
    known_at: datetime | None = None,
) -> tuple[Summary, Table]:
    """Stocks on ``as_of``: companies, AI classes, AI FTE and licences in force (as known at ``known_at``)."""
    check_day(as_of, "as_of")
    cells = await registry_summary(
        session, as_of=as_of, region=region, settings=rules, group_by=group_by, known_at=known_at
    )
    if region is not None:
        national = await registry_summary(
            session, as_of=as_of, region=None, settings=rules, group_by="region", known_at=known_at
        )
        if region_hidden(national, region):
            cells = withhold(cells)
    cells += await active_licences(session, as_of=as_of, region=region, settings=rules, known_at=known_at)
    view = Summary(as_of=as_of, region=region, cells=cells)
    return view, summary_table(view)


async def series_report(
    session: AsyncSession,
    rules: DisclosureSettings,
    *,
    metric: SeriesMetric,
    interval: Interval,
    start: date,
    end: date,
    group_by: GroupBy | None,
    region: str | None,
    known_at: datetime | None = None,
) -> tuple[TimeSeries, Table]:
    """A flow (or the pivot rate) per period (as known at ``known_at`` when it is given, else now)."""
    if metric == "pivot_rate":
        points = await pivot_rate_series(
            session,
            interval=interval,
            start=start,
            end=end,
            group_by=group_by,
            region=region,
            settings=rules,
            known_at=known_at,
        )
    else:
        points = await count_series(
            session,
            source=series_source(metric),
            interval=interval,
            start=start,
            end=end,
            group_by=group_by,
            region=region,
            settings=rules,
            known_at=known_at,
        )
    view = TimeSeries(
        metric=metric,
        unit=METRICS[metric].unit,
        interval=interval,
        start=start,
        end=end,
        group_by=group_by,
        region=region,
        points=points,
    )
    return view, series_table(view)


async def licensing_report(
    session: AsyncSession,
    rules: DisclosureSettings,
    *,
    start: date,
    end: date,
    region: str | None,
    known_at: datetime | None = None,
) -> tuple[LicensingFunnel, Table]:
    """The licensing funnel of the applications first submitted in ``start..end`` (as known at ``known_at``)."""
    check_day(start, "from")
    check_day(end, "to")
    cells = await licensing_funnel(session, start=start, end=end, region=region, settings=rules, known_at=known_at)
    view = LicensingFunnel(start=start, end=end, region=region, cells=cells)
    return view, funnel_table(view)


async def cohorts_report(
    session: AsyncSession,
    rules: DisclosureSettings,
    *,
    as_of: date,
    first: int,
    last: int,
    region: str | None,
    known_at: datetime | None = None,
) -> tuple[CohortTable, Table]:
    """Registration-year cohorts ``first..last`` (declarations filed before ``known_at`` when it is given)."""
    check_day(as_of, "as_of")
    points = await cohort_table(
        session, as_of=as_of, first=first, last=last, region=region, settings=rules, known_at=known_at
    )
    view = CohortTable(as_of=as_of, first=first, last=last, region=region, points=points)
    return view, cohort_csv_table(view)


async def growth_report(
    session: AsyncSession,
    rules: DisclosureSettings,
    *,
    as_of: date,
    first: int,
    last: int,
    region: str | None,
    known_at: datetime | None = None,
) -> tuple[GrowthTable, Table]:
    """Growth and high-growth enterprises for fiscal years ``first..last`` (filed before ``known_at`` if given)."""
    check_day(as_of, "as_of")
    points = await growth_table(
        session, as_of=as_of, first=first, last=last, region=region, settings=rules, known_at=known_at
    )
    view = GrowthTable(as_of=as_of, first=first, last=last, region=region, points=points)
    return view, growth_csv_table(view)


async def stock_flow_report(
    session: AsyncSession,
    *,
    year: int,
    interval: AccountInterval,
    group_by: StateDimension,
    known_at: datetime | None,
) -> tuple[StockFlowAccount, Table]:
    """The stock-flow account of AI-native companies for ``year``, as known at ``known_at`` (default: now)."""
    rows = await stock_flow_account(
        session, year=year, interval=interval, dimension=group_by, known_at=known_at_or_now(known_at)
    )
    view = StockFlowAccount(year=year, interval=interval, group_by=group_by, known_at=known_at, rows=rows)
    return view, account_table(view)


@dataclass(frozen=True, slots=True)
class ExportWindow:
    """What ``registry metrics export`` covers: stocks as of a day, flows and tables over whole years."""

    as_of: date
    first_year: int
    last_year: int
    region: str | None = None


async def export_reports(session: AsyncSession, rules: DisclosureSettings, window: ExportWindow) -> dict[str, Table]:
    """Every metrics report as a tidy table by file name; flows are yearly, broken down by region."""
    start, end = date(window.first_year, 1, 1), min(date(window.last_year, 12, 31), window.as_of)
    region = window.region
    tables: dict[str, Table] = {"dictionary": dictionary_report()[1]}
    tables["summary"] = (await summary_report(session, rules, as_of=window.as_of, region=region, group_by="region"))[1]
    for metric in SERIES_METRICS:
        group_by: GroupBy | None = None if metric == "pivot_rate" else "region"
        tables[f"timeseries_{metric}"] = (
            await series_report(
                session, rules, metric=metric, interval="year", start=start, end=end, group_by=group_by, region=region
            )
        )[1]
    tables["licensing"] = (await licensing_report(session, rules, start=start, end=end, region=region))[1]
    first, last = window.first_year, min(window.last_year, window.as_of.year - 1)
    cohorts = await cohorts_report(session, rules, as_of=window.as_of, first=first, last=last, region=region)
    tables["cohorts"] = cohorts[1]
    growth = await growth_report(session, rules, as_of=window.as_of, first=first, last=last, region=region)
    tables["growth"] = growth[1]
    return tables


def write_csv_files(tables: dict[str, Table], out: Path) -> list[Path]:
    """Write each table as ``out/<name>.csv`` (UTF-8, RFC 4180) and return the paths in order."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        path = out / f"{name}.csv"
        path.write_text(to_csv(table), encoding="utf-8")
        written.append(path)
    return written
