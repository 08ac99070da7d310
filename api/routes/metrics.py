"""``/api/v1/metrics``: ecosystem statistics for economists; JSON or CSV.

Public figures are computed for any day, window, region and breakdown, exactly; confidential ones are copied from
the official releases that hold them (:mod:`licensing.released`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from litestar import Request, Response, Router, get
from litestar.params import FromQuery, QueryParameter

from api.auth.access import only
from api.dependencies import Now, Session, Today
from api.errors import request_language
from licensing.reports import (
    cohorts_report,
    dictionary_report,
    growth_report,
    licensing_report,
    series_report,
    stock_flow_report,
    summary_report,
)
from registry.statistics.dictionary import SeriesMetric
from registry.statistics.periods import EARLIEST_YEAR, LATEST_YEAR
from registry.statistics.schemas import CohortTable, GrowthTable, LicensingFunnel, MetricView, Summary, TimeSeries
from registry.statistics.series import GroupBy, Interval, check_known_at
from registry.statistics.states import StateDimension
from registry.statistics.stock_flow import AccountInterval, StockFlowAccount
from registry.statistics.tidy import Table, to_csv

__all__ = ["metrics_router"]

STAFF = ("economist", "reviewer", "admin")
"""Hub staff who may read the statistics; founders and the public may not."""
CSV = "text/csv"

Region = Annotated[str | None, QueryParameter(pattern=r"^\d{9}$", description="KATO region; all when omitted")]
From = Annotated[date, QueryParameter(name="from", description="First day (inclusive)")]
To = Annotated[date, QueryParameter(name="to", description="Last day (inclusive)")]
AsOf = Annotated[date | None, QueryParameter(description="The day (default today); end of day, UTC")]
FirstYear = Annotated[
    int | None, QueryParameter(ge=EARLIEST_YEAR, le=LATEST_YEAR, description="The first year (default: 5 years back)")
]
KnownAt = Annotated[
    datetime | None,
    QueryParameter(description="What the registry had recorded by this moment (ISO 8601); default: now"),
]
LastYear = Annotated[
    int | None, QueryParameter(ge=EARLIEST_YEAR, le=LATEST_YEAR, description="The last year (default: last year)")
]


Output = Annotated[
    Literal["json", "csv"] | None,
    QueryParameter(name="format", description="json or csv (a tidy table); else from Accept"),
]


def _negotiated(request: Request[Any, Any, Any], content: Any, table: Table, output: str | None) -> Response[Any]:
    """CSV when ``?format=csv`` or the client's ``Accept`` prefers it, JSON otherwise."""
    if output is None:
        output = (
            "csv" if request.accept.best_match(["application/json", CSV], default="application/json") == CSV else "json"
        )
    if output == "csv":
        return Response(content=to_csv(table), media_type=CSV)
    return Response(content=content)


def _years(day: date, first: int | None, last: int | None) -> tuple[date, int, int]:
    """The day and the asked-for years, by default the five years before the day's."""
    last_year = day.year - 1 if last is None else last
    return day, (last_year - 4 if first is None else first), last_year


@get("/dictionary", **only(*STAFF), summary="The data dictionary")
async def dictionary(request: Request[Any, Any, Any], output: Output = None) -> Response[list[MetricView] | str]:
    """Every metric: name, source class, definition and basis (caller's language), unit, source, disclosure rule."""
    return _negotiated(request, *dictionary_report(request_language(request)), output)


@get("/summary", **only(*STAFF), summary="Stocks as of a date")
async def summary(
    request: Request[Any, Any, Any],
    session: Session,
    today: Today,
    now: Now,
    as_of: AsOf = None,
    region: Region = None,
    group_by: FromQuery[Literal["region"] | None] = None,
    known_at: KnownAt = None,
    output: Output = None,
) -> Response[Summary | str]:
    """Active companies, companies by AI class and active licences by type, on a day.

    With ``group_by=region``, also active and AI-native companies per KATO region. With ``known_at``, as the
    registry knew them at that moment. AI FTE (confidential) on the last day of a released fiscal year, from its
    release.
    """
    report = await summary_report(
        session,
        as_of=as_of or today,
        region=region,
        group_by=group_by,
        known_at=check_known_at(known_at, now),
    )
    return _negotiated(request, *report, output)


@get("/timeseries", **only(*STAFF), summary="A flow per period")
async def timeseries(
    request: Request[Any, Any, Any],
    session: Session,
    metric: FromQuery[SeriesMetric],
    start: From,
    end: To,
    now: Now,
    interval: FromQuery[Interval] = "year",
    group_by: FromQuery[GroupBy | None] = None,
    region: Region = None,
    known_at: KnownAt = None,
    output: Output = None,
) -> Response[TimeSeries | str]:
    """A flow per period (registrations, births, pivots, applications, decisions, licences), or the pivot rate.

    With ``known_at``, as the registry knew them at that moment (each row broken down as the history then gave).
    """
    report = await series_report(
        session,
        metric=metric,
        interval=interval,
        start=start,
        end=end,
        group_by=group_by,
        region=region,
        known_at=check_known_at(known_at, now),
    )
    return _negotiated(request, *report, output)


@get("/licensing", **only(*STAFF), summary="The licensing funnel")
async def licensing(
    request: Request[Any, Any, Any],
    session: Session,
    start: From,
    end: To,
    now: Now,
    region: Region = None,
    known_at: KnownAt = None,
    output: Output = None,
) -> Response[LicensingFunnel | str]:
    """Applications first submitted in the window: decided, approved, approval rate, decision times."""
    report = await licensing_report(
        session,
        start=start,
        end=end,
        region=region,
        known_at=check_known_at(known_at, now),
    )
    return _negotiated(request, *report, output)


@get("/cohorts", **only(*STAFF), summary="Registration-year cohorts")
async def cohorts(
    request: Request[Any, Any, Any],
    session: Session,
    today: Today,
    now: Now,
    as_of: AsOf = None,
    first: FirstYear = None,
    last: LastYear = None,
    region: Region = None,
    known_at: KnownAt = None,
    output: Output = None,
) -> Response[CohortTable | str]:
    """Companies registered in each year: active and AI-native 1 to 5 years on (as known at the end of as_of)."""
    day, first_year, last_year = _years(as_of or today, first, last)
    report = await cohorts_report(
        session,
        as_of=day,
        first=first_year,
        last=last_year,
        region=region,
        known_at=check_known_at(known_at, now),
    )
    return _negotiated(request, *report, output)


@get("/growth", **only(*STAFF), summary="Growth and high-growth enterprises")
async def growth(
    request: Request[Any, Any, Any],
    session: Session,
    today: Today,
    now: Now,
    as_of: AsOf = None,
    first: FirstYear = None,
    last: LastYear = None,
    region: Region = None,
    known_at: KnownAt = None,
    output: Output = None,
) -> Response[GrowthTable | str]:
    """Per fiscal year: median YoY headcount and revenue growth and high-growth enterprises, ai_native vs other.

    Without ``first`` and ``last``, the released years among the five before ``as_of``'s (a 422 when none is).
    """
    day, first_year, last_year = _years(as_of or today, first, last)
    report = await growth_report(
        session,
        as_of=day,
        first=first_year,
        last=last_year,
        region=region,
        known_at=check_known_at(known_at, now),
        released_only=first is None and last is None,
    )
    return _negotiated(request, *report, output)


@get("/stock-flow", **only(*STAFF), summary="The stock-flow account of AI-native companies")
async def stock_flow(
    request: Request[Any, Any, Any],
    session: Session,
    now: Now,
    year: Annotated[int, QueryParameter(ge=2000, le=2100, description="The fiscal year")],
    interval: FromQuery[AccountInterval] = "year",
    group_by: FromQuery[StateDimension] = "none",
    known_at: KnownAt = None,
    output: Output = None,
) -> Response[StockFlowAccount | str]:
    """Opening and closing AI-native stock and the flows between them (births, pivots, late entries, exits, moves).

    Every row obeys closing = opening + births + pivots_to_ai + late_entries + moved_in - pivots_away - exits -
    moved_out; stocks and flows share one basis (the class of each company's declaration for the period).
    """
    report = await stock_flow_report(
        session, year=year, interval=interval, group_by=group_by, known_at=check_known_at(known_at, now)
    )
    return _negotiated(request, *report, output)


metrics_router = Router(
    path="/api/v1/metrics",
    route_handlers=[dictionary, summary, timeseries, licensing, cohorts, growth, stock_flow],
    tags=["metrics"],
)
