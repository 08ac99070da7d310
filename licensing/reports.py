"""The published metrics reports, shared by the ``/api/v1/metrics`` routes, ``registry metrics export`` and releases.

Each report is a wire struct plus its tidy table; the routes answer one of them as JSON or CSV, the export writes
every one as a CSV file.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from licensing.confidential_tables import CONFIDENTIAL_FLOWS
from licensing.metrics import active_licences, series_source
from licensing.released import not_released, released_figures
from registry.i18n import Text
from registry.statistics.code_names import named, region_names
from registry.statistics.cohorts import YEARS_AFTER, cohort_sizes
from registry.statistics.dictionary import METRICS, SERIES_METRICS, SeriesMetric
from registry.statistics.disclosure import ProtectedCell, exact
from registry.statistics.growth import GROUPS
from registry.statistics.periods import MONTHS_PER_PERIOD, add_months
from registry.statistics.rates import pivot_rate_series
from registry.statistics.schemas import (
    CohortPoint,
    CohortTable,
    GrowthPoint,
    GrowthTable,
    LicensingFunnel,
    MetricView,
    SeriesPoint,
    StatCell,
    Summary,
    TimeSeries,
)
from registry.statistics.series import (
    GroupBy,
    Interval,
    check_day,
    check_range,
    check_years,
    count_series,
    period_label,
)
from registry.statistics.states import StateDimension, known_at_or_now
from registry.statistics.stock_flow import (
    ACCOUNT_FLOWS,
    AccountInterval,
    StockFlowAccount,
    account_table,
    stock_flow_account,
)
from registry.statistics.stocks import AI_CLASSES, registry_summary
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

ONE_DAY = timedelta(days=1)

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
            unit=m.units.in_language(language),
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
    *,
    as_of: date,
    region: str | None,
    group_by: Literal["region"] | None = None,
    known_at: datetime | None = None,
) -> tuple[Summary, Table]:
    """Stocks on ``as_of``: companies, AI classes and licences in force (as known at ``known_at``), exactly.

    AI FTE is confidential: on the last day of a released fiscal year it is copied from the release (for the
    country or the region), and absent otherwise.
    """
    check_day(as_of, "as_of")
    cells = await registry_summary(session, as_of=as_of, region=region, group_by=group_by, known_at=known_at)
    cells += await active_licences(session, as_of=as_of, region=region, known_at=known_at)
    releases: list[int] = []
    if (as_of.month, as_of.day) == (12, 31):
        released = await released_figures(session, years=[as_of.year], known_at=known_at)
        for ai_class in (None, *AI_CLASSES):
            cell = released.cell("DF_AI_FTE_REGION", "ai_fte", str(as_of.year), ref_area=region, ai_class=ai_class)
            if cell is not None:
                cells.append(StatCell.of("ai_fte", ai_class, cell))
        releases = released.used([as_of.year])
    view = Summary(as_of=as_of, region=region, cells=cells, releases=releases)
    return view, summary_table(view)


async def series_report(
    session: AsyncSession,
    *,
    metric: SeriesMetric,
    interval: Interval,
    start: date,
    end: date,
    group_by: GroupBy | None,
    region: str | None,
    known_at: datetime | None = None,
) -> tuple[TimeSeries, Table]:
    """A flow (or the pivot rate) per period (as known at ``known_at`` when it is given, else now).

    Public flows are counted for any window; a confidential one is copied from releases (:func:`_released_series`).
    """
    releases: list[int] = []
    if metric in CONFIDENTIAL_FLOWS:
        points, releases = await _released_series(
            session,
            metric=metric,
            interval=interval,
            start=start,
            end=end,
            group_by=group_by,
            region=region,
            known_at=known_at,
        )
    elif metric == "pivot_rate":
        points = await pivot_rate_series(
            session, interval=interval, start=start, end=end, group_by=group_by, region=region, known_at=known_at
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
        releases=releases,
    )
    return view, series_table(view)


_RELEASED_GROUPS: dict[str | None, tuple[str, str]] = {
    None: ("REGION", "ref_area"),
    "region": ("REGION", "ref_area"),
    "activity": ("ACTIVITY", "activity"),
    "legal_form": ("LEGAL_FORM", "legal_form"),
}
"""What a released flow can be broken down by: the table and its dimension."""


async def _released_series(
    session: AsyncSession,
    *,
    metric: SeriesMetric,
    interval: Interval,
    start: date,
    end: date,
    group_by: GroupBy | None,
    region: str | None,
    known_at: datetime | None,
) -> tuple[list[SeriesPoint], list[int]]:
    """A confidential flow per year or quarter, as released.

    For the country or a region, or by region, OKED section or legal form, over whole periods of released years.

    Raises:
        InvalidInput: Anything else (a month, another breakdown, a region with a breakdown, a window that is not
            whole periods, a year without a release).
    """
    if interval not in ("year", "quarter"):
        raise not_released("interval")
    if group_by not in _RELEASED_GROUPS or (region is not None and group_by is not None):
        raise not_released("group_by")
    periods = check_range(interval, start, end)
    if not periods or start != periods[0] or end != add_months(periods[-1], MONTHS_PER_PERIOD[interval]) - ONE_DAY:
        raise not_released("from")
    years = list(range(start.year, end.year + 1))
    released = await released_figures(session, years=years, known_at=known_at)
    missing = [year for year in years if year not in released.release_ids]
    if missing:
        raise not_released("from", missing)
    table, dimension = _RELEASED_GROUPS[group_by]
    dataflow = f"DF_FLOWS_{interval.upper()}_{table}"
    points: list[SeriesPoint] = []
    for first_day in periods:
        label = period_label(interval, first_day)
        groups = [] if group_by is None else released.groups(dataflow, metric, label, dimension)
        for group in (region if group_by is None else None, *groups):
            cell = released.cell(dataflow, metric, label, **{dimension: group})
            if cell is None:
                cell = ProtectedCell(0, False)  # a group the release has in another period: none in this one
            value = None if cell.value is None else int(cell.value)
            points.append(
                SeriesPoint(label, first_day, group if group_by is not None else None, value, cell.suppressed)
            )
    return points, released.used(years)


_FUNNEL = (
    "applications_submitted",
    "applications_decided",
    "applications_approved",
    "applications_rejected",
    "applications_undecided",
    "approval_rate",
    "days_to_decision_median",
    "days_to_decision_p90",
    "decided_within_service_level",
)


async def licensing_report(
    session: AsyncSession, *, start: date, end: date, region: str | None, known_at: datetime | None = None
) -> tuple[LicensingFunnel, Table]:
    """The licensing funnel of the applications first submitted in a fiscal year, as its release published it.

    Applications are not public, so the funnel is confidential: it is served for a whole released fiscal year
    (``from`` 1 January, ``to`` 31 December), for the country.

    Raises:
        InvalidInput: Another window, a region, or a year without a release.
    """
    check_day(start, "from")
    check_day(end, "to")
    if region is not None:
        raise not_released("region")
    if (start.month, start.day, end.month, end.day) != (1, 1, 12, 31) or start.year != end.year:
        raise not_released("from")
    released = await released_figures(session, years=[start.year], known_at=known_at)
    if start.year not in released.release_ids:
        raise not_released("from", [start.year])
    cells = []
    for name in _FUNNEL:
        cell = released.cell("DF_LICENSING", name, str(start.year), ref_area=None, licence_type=None)
        if cell is not None:
            cells.append(StatCell.of(name, None, cell))
    view = LicensingFunnel(start=start, end=end, region=region, cells=cells, releases=released.used([start.year]))
    return view, funnel_table(view)


_COHORT_MEASURES = ("cohort_active", "cohort_share_active", "cohort_ai_native", "cohort_share_ai_native")


async def cohorts_report(
    session: AsyncSession,
    *,
    as_of: date,
    first: int,
    last: int,
    region: str | None,
    known_at: datetime | None = None,
) -> tuple[CohortTable, Table]:
    """Registration-year cohorts ``first..last``: their sizes, then active and AI-native companies 1-5 years on.

    A cohort's size is public and counted exactly (in ``region`` if given), as known at ``known_at``. Its active and
    AI-native companies in a fiscal year come from declared figures, so they are copied from that year's release:
    for the fiscal years that ended before ``as_of`` and have a release, for the country only.
    """
    check_day(as_of, "as_of")
    sizes = await cohort_sizes(session, first=first, last=last, region=region, known_at=known_at_or_now(known_at))
    wanted = [(c, n) for c in range(first, last + 1) for n in YEARS_AFTER if c + n < as_of.year]
    years = sorted({c + n for c, n in wanted}) if region is None else []
    released = await released_figures(session, years=years, known_at=known_at)
    points: list[CohortPoint] = []
    for cohort in range(first, last + 1):
        points.append(CohortPoint.of(cohort, None, "cohort_companies", exact(sizes.get(cohort, 0))))
        for c, n in wanted:
            if c != cohort or (c + n) not in released.release_ids:
                continue
            for measure in _COHORT_MEASURES:
                cell = released.cell("DF_COHORTS", measure, str(c), ref_area=None, years_after=str(n))
                if cell is not None:
                    points.append(CohortPoint.of(c, n, measure, cell))
    view = CohortTable(as_of=as_of, first=first, last=last, region=region, points=points, releases=released.used(years))
    return view, cohort_csv_table(view)


_GROWTH_MEASURES = (
    "headcount_growth_median",
    "revenue_growth_median",
    "high_growth_eligible",
    "high_growth_enterprises",
    "high_growth_share",
)


async def growth_report(
    session: AsyncSession,
    *,
    as_of: date,
    first: int,
    last: int,
    region: str | None,
    known_at: datetime | None = None,
    released_only: bool = False,
) -> tuple[GrowthTable, Table]:
    """Growth and high-growth enterprises for fiscal years ``first..last``, as each year's release published them.

    They come from declared figures (confidential), so they are served for the country, per released year. With
    ``released_only`` (the default window, no years asked for), the years of the window without a release are left
    out instead of refused.

    Raises:
        InvalidInput: ``last`` is before ``first`` or the range is too long, a region is asked for, a year asked
            for has no release, or (``released_only``) no year of the window has one.
    """
    check_day(as_of, "as_of")
    check_years(first, last)
    if region is not None:
        raise not_released("region")
    years = list(range(first, last + 1))
    released = await released_figures(session, years=years, known_at=known_at)
    missing = [year for year in years if year not in released.release_ids]
    if missing and released_only and len(missing) < len(years):
        years = [year for year in years if year in released.release_ids]
        first, last = years[0], years[-1]
    elif missing:
        raise not_released("first", missing)
    points: list[GrowthPoint] = []
    for year in years:
        for group in (None, *GROUPS):
            for measure in _GROWTH_MEASURES:
                cell = released.cell("DF_GROWTH", measure, str(year), ref_area=None, ai_class=group)
                if cell is not None:
                    points.append(GrowthPoint.of(year, group, measure, cell))
    view = GrowthTable(as_of=as_of, first=first, last=last, region=region, points=points, releases=released.used(years))
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


async def export_reports(session: AsyncSession, window: ExportWindow) -> dict[str, Table]:
    """Every metrics report as a tidy table by file name; flows are yearly, broken down by region.

    Confidential reports (applications, the funnel, growth) cover the window's fiscal years that have a release,
    as released; a confidential table with no released year in the window has its header only.
    """
    start, end = date(window.first_year, 1, 1), min(date(window.last_year, 12, 31), window.as_of)
    region = window.region
    tables: dict[str, Table] = {"dictionary": dictionary_report()[1]}
    tables["summary"] = (await summary_report(session, as_of=window.as_of, region=region, group_by="region"))[1]
    released = await released_figures(session, years=range(start.year, end.year + 1), known_at=None)
    released_years = [year for year in sorted(released.release_ids) if date(year, 12, 31) <= end]
    for metric in SERIES_METRICS:
        group_by: GroupBy | None = None if metric == "pivot_rate" else "region"
        if metric in CONFIDENTIAL_FLOWS:
            tables[f"timeseries_{metric}"] = await _per_released_year(
                released_years,
                lambda year, metric=metric: series_report(  # type: ignore[misc]
                    session,
                    metric=metric,
                    interval="year",
                    start=date(year, 1, 1),
                    end=date(year, 12, 31),
                    group_by=None if region else "region",
                    region=region,
                ),
                series_table(TimeSeries(metric=metric, unit="", interval="year", start=start, end=end)),
            )
            continue
        tables[f"timeseries_{metric}"] = (
            await series_report(
                session, metric=metric, interval="year", start=start, end=end, group_by=group_by, region=region
            )
        )[1]
    tables["licensing"] = await _per_released_year(
        released_years if region is None else [],
        lambda year: licensing_report(session, start=date(year, 1, 1), end=date(year, 12, 31), region=None),
        funnel_table(LicensingFunnel(start=start, end=end)),
    )
    first, last = window.first_year, min(window.last_year, window.as_of.year - 1)
    cohorts = await cohorts_report(session, as_of=window.as_of, first=first, last=last, region=region)
    tables["cohorts"] = cohorts[1]
    tables["growth"] = await _per_released_year(
        [year for year in released_years if first <= year <= last] if region is None else [],
        lambda year: growth_report(session, as_of=window.as_of, first=year, last=year, region=None),
        growth_csv_table(GrowthTable(as_of=window.as_of, first=first, last=last)),
    )
    tables["stock_flow"] = await _stock_flow_years(session, range(window.first_year, end.year + 1), region)
    return tables


async def _stock_flow_years(session: AsyncSession, years: range, region: str | None) -> Table:
    """The yearly stock-flow account by region for each of ``years``, tidy: one row per figure.

    Each figure is named as the catalogue names it (``ai_native_opening``, ``ai_native_births``…); with ``region``,
    only that region's rows.
    """
    rows: list[tuple[object, ...]] = []
    for year in years:
        account, _ = await stock_flow_report(session, year=year, interval="year", group_by="region", known_at=None)
        for row in account.rows:
            if region is None or row.group == region:
                names = region_names(row.group)
                for figure in ("opening", *ACCOUNT_FLOWS, "closing"):
                    rows.append((f"ai_native_{figure}", row.period, row.group, *names, getattr(row, figure)))
    return ("metric", "period", *named("group"), "value"), rows


async def _per_released_year(
    years: list[int], report: Callable[[int], Awaitable[tuple[object, Table]]], empty: Table
) -> Table:
    """One report per released year, their rows one after the other (``empty``'s header when there is none)."""
    header, rows = empty
    for year in years:
        table = (await report(year))[1]
        header = table[0]
        rows = [*rows, *table[1]]
    return header, rows


def write_csv_files(tables: dict[str, Table], out: Path) -> list[Path]:
    """Write each table as ``out/<name>.csv`` (UTF-8, RFC 4180) and return the paths in order."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in tables.items():
        path = out / f"{name}.csv"
        path.write_text(to_csv(table), encoding="utf-8")
        written.append(path)
    return written
