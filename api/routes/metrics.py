"""``/api/v1/metrics``: ecosystem statistics for economists, protected by disclosure control; JSON or CSV."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Request, Response, Router, get
from litestar.params import FromQuery, QueryParameter

from api.auth.access import only
from api.dependencies import AppSettings, Session, Today
from api.settings import Settings
from licensing.metrics import active_licences, licensing_funnel, series_source
from registry.statistics.cohorts import cohort_table
from registry.statistics.dictionary import METRICS, SeriesMetric
from registry.statistics.disclosure import DisclosureSettings
from registry.statistics.growth import growth_table
from registry.statistics.metrics import registry_summary
from registry.statistics.rates import pivot_rate_series
from registry.statistics.schemas import CohortTable, GrowthTable, LicensingFunnel, MetricView, Summary, TimeSeries
from registry.statistics.series import GroupBy, Interval, count_series
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

__all__ = ["metrics_router"]

STAFF = ("economist", "reviewer", "admin")
"""Hub staff who may read the statistics; founders and the public may not."""
CSV = "text/csv"

Region = Annotated[str | None, QueryParameter(pattern=r"^\d{9}$", description="KATO region; all when omitted")]
From = Annotated[date, QueryParameter(name="from", description="First day (inclusive)")]
To = Annotated[date, QueryParameter(name="to", description="Last day (inclusive)")]
AsOf = Annotated[date | None, QueryParameter(description="The day (default today); end of day, UTC")]
FirstYear = Annotated[
    int | None, QueryParameter(ge=1900, le=2200, description="The first year (default: 5 years back)")
]
LastYear = Annotated[int | None, QueryParameter(ge=1900, le=2200, description="The last year (default: last year)")]


def disclosure_settings(settings: Settings) -> DisclosureSettings:
    """The disclosure rules' parameters from the app's settings."""
    return DisclosureSettings(
        min_contributors=settings.disclosure_min_contributors, dominance_share=settings.disclosure_dominance_share
    )


def _negotiated(request: Request[Any, Any, Any], content: Any, table: Table) -> Response[Any]:
    """CSV when the client's ``Accept`` prefers it, JSON otherwise."""
    if request.accept.best_match(["application/json", CSV], default="application/json") == CSV:
        return Response(content=to_csv(table), media_type=f"{CSV}; charset=utf-8")
    return Response(content=content)


@get("/dictionary", **only(*STAFF), summary="The data dictionary")
async def dictionary(request: Request[Any, Any, Any]) -> Response[list[MetricView] | str]:
    """Every metric: name, definition, unit, source tables and disclosure rule."""
    views = [MetricView(m.name, m.definition, m.unit, m.source, m.disclosure) for m in METRICS.values()]
    return _negotiated(request, views, dictionary_table(views))


@get("/summary", **only(*STAFF), summary="Stocks as of a date")
async def summary(
    request: Request[Any, Any, Any],
    session: Session,
    settings: AppSettings,
    today: Today,
    as_of: Annotated[date | None, QueryParameter(description="The day (default today); end of day, UTC")] = None,
    region: Region = None,
) -> Response[Summary | str]:
    """Active companies, companies and AI FTE by AI class, and active licences by type, as of the end of a day."""
    day = as_of or today
    rules = disclosure_settings(settings)
    cells = await registry_summary(session, as_of=day, region=region, settings=rules)
    cells += await active_licences(session, as_of=day, region=region, settings=rules)
    view = Summary(as_of=day, region=region, cells=cells)
    return _negotiated(request, view, summary_table(view))


@get("/timeseries", **only(*STAFF), summary="A flow per period")
async def timeseries(
    request: Request[Any, Any, Any],
    session: Session,
    settings: AppSettings,
    metric: FromQuery[SeriesMetric],
    start: From,
    end: To,
    interval: FromQuery[Interval] = "year",
    group_by: FromQuery[GroupBy | None] = None,
    region: Region = None,
) -> Response[TimeSeries | str]:
    """A flow per period (registrations, births, pivots, applications, decisions, licences), or the pivot rate."""
    rules = disclosure_settings(settings)
    if metric == "pivot_rate":
        points = await pivot_rate_series(
            session, interval=interval, start=start, end=end, group_by=group_by, region=region, settings=rules
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
    return _negotiated(request, view, series_table(view))


@get("/licensing", **only(*STAFF), summary="The licensing funnel")
async def licensing(
    request: Request[Any, Any, Any],
    session: Session,
    settings: AppSettings,
    start: From,
    end: To,
    region: Region = None,
) -> Response[LicensingFunnel | str]:
    """Applications first submitted in the window: decided, approved, approval rate, decision times."""
    cells = await licensing_funnel(session, start=start, end=end, region=region, settings=disclosure_settings(settings))
    view = LicensingFunnel(start=start, end=end, region=region, cells=cells)
    return _negotiated(request, view, funnel_table(view))


def _years(today: date, first: int | None, last: int | None) -> tuple[int, int]:
    """The asked-for years, by default the five years before ``today``'s."""
    last_year = today.year - 1 if last is None else last
    return (last_year - 4 if first is None else first), last_year


@get("/cohorts", **only(*STAFF), summary="Registration-year cohorts")
async def cohorts(
    request: Request[Any, Any, Any],
    session: Session,
    settings: AppSettings,
    today: Today,
    as_of: AsOf = None,
    first: FirstYear = None,
    last: LastYear = None,
    region: Region = None,
) -> Response[CohortTable | str]:
    """Companies registered in each year: active and AI-native 1 to 5 years on (as known at the end of as_of)."""
    day = as_of or today
    first_year, last_year = _years(day, first, last)
    points = await cohort_table(
        session,
        as_of=day,
        first=first_year,
        last=last_year,
        region=region,
        settings=disclosure_settings(settings),
    )
    view = CohortTable(as_of=day, first=first_year, last=last_year, region=region, points=points)
    return _negotiated(request, view, cohort_csv_table(view))


@get("/growth", **only(*STAFF), summary="Growth and high-growth enterprises")
async def growth(
    request: Request[Any, Any, Any],
    session: Session,
    settings: AppSettings,
    today: Today,
    as_of: AsOf = None,
    first: FirstYear = None,
    last: LastYear = None,
    region: Region = None,
) -> Response[GrowthTable | str]:
    """Per fiscal year: median YoY headcount and revenue growth and high-growth enterprises, ai_native vs other."""
    day = as_of or today
    first_year, last_year = _years(day, first, last)
    points = await growth_table(
        session,
        as_of=day,
        first=first_year,
        last=last_year,
        region=region,
        settings=disclosure_settings(settings),
    )
    view = GrowthTable(as_of=day, first=first_year, last=last_year, region=region, points=points)
    return _negotiated(request, view, growth_csv_table(view))


metrics_router = Router(
    path="/api/v1/metrics",
    route_handlers=[dictionary, summary, timeseries, licensing, cohorts, growth],
    tags=["metrics"],
)
