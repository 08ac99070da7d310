"""``/api/v1/statistics``: official releases (public), their revisions, the SDMX structure and the release calendar.

Releases are published statistics: anyone may read them. Admins make releases and keep the calendar.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from litestar import Request, Response, Router, delete, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from api.auth.access import anyone, only
from api.dependencies import CurrentActor, Now, Rules, Session
from api.request_session import long_work
from licensing.release_errors import unknown_table
from licensing.release_schemas import (
    FIRST_PERIOD,
    LAST_PERIOD,
    CalendarEntryIn,
    CalendarEntryView,
    ReleaseChanges,
    ReleaseIn,
    ReleaseSummary,
    ReleaseView,
    WithheldCell,
)
from licensing.release_tables import DATAFLOWS
from licensing.releases import (
    add_calendar_entry,
    create_release,
    delete_calendar_entry,
    get_release,
    list_calendar,
    list_releases,
    release_changes,
    release_content,
    release_protection,
    release_summary,
)
from registry.statistics.sdmx import SDMX_CSV_MEDIA_TYPE, sdmx_csv, structure_message, tidy_csv

__all__ = ["releases_router", "wanted_format"]

Format = Literal["json", "csv", "sdmx-csv"]
CSV = "text/csv"
STRUCTURE_MEDIA_TYPE = "application/vnd.sdmx.structure+xml; version=2.1"
FormatQuery = Annotated[
    Format | None,
    QueryParameter(name="format", description="json, csv (tidy) or sdmx-csv (SDMX-CSV 2.0); else from Accept"),
]
Dataflow = Annotated[
    str | None,
    QueryParameter(
        description="One table (dataflow id, e.g. DF_STOCKS_REGION); all when omitted", pattern=r"^DF_[A-Z_]{1,60}$"
    ),
]


_TABLES = dict(DATAFLOWS)


def wanted_format(request: Request[Any, Any, Any], asked: Format | None) -> Format:
    """``?format=`` when given, else the client's ``Accept`` (SDMX-CSV, CSV or JSON)."""
    if asked is not None:
        return asked
    best = request.accept.best_match(
        ["application/json", CSV, "application/vnd.sdmx.data+csv"], default="application/json"
    )
    return {"application/json": "json", CSV: "csv"}.get(best, "sdmx-csv")  # type: ignore[return-value]


@get("/releases", **anyone(), summary="Official statistics releases")
async def releases(
    session: Session,
    period: Annotated[int | None, QueryParameter(ge=FIRST_PERIOD, le=LAST_PERIOD, description="A fiscal year")] = None,
) -> list[ReleaseSummary]:
    """Every release, newest first; ``period`` limits them to one fiscal year (its first release and revisions)."""
    return await list_releases(session, period=period)


@post("/releases", **long_work(only("admin")), summary="Make a release (or a revision)", status_code=201)
async def make_release(
    data: JSONBody[ReleaseIn], session: Session, actor: CurrentActor, rules: Rules, now: Now
) -> ReleaseSummary:
    """Compute the official tables of a fiscal year as known now and store them, immutable, with their SHA-256."""
    return await create_release(session, rules, period=data.period, actor_id=actor.account_id, now=now)


@get("/releases/{release_id:int}", **anyone(), summary="A release's tables (JSON, CSV or SDMX-CSV)")
async def release(
    request: Request[Any, Any, Any],
    session: Session,
    release_id: FromPath[int],
    output: FormatQuery = None,
    table: Dataflow = None,
) -> Response[ReleaseView | str]:
    """Every observation of the release (or of one table) as JSON, tidy CSV or SDMX-CSV 2.0.

    Files are served as stored: the JSON ``observations`` and both CSV files come from the release's content.
    """
    stored = await get_release(session, release_id)
    observations = release_content(stored).observations
    if table is not None:
        if table not in _TABLES:
            raise unknown_table(table, list(_TABLES))
        observations = [o for o in observations if o.dataflow == table]
    name = f"alemai-release-{stored.id}-{stored.period}"
    chosen = wanted_format(request, output)
    if chosen == "csv":
        return _file(tidy_csv(observations), CSV, f"{name}.csv")
    if chosen == "sdmx-csv":
        return _file(sdmx_csv(observations), SDMX_CSV_MEDIA_TYPE, f"{name}.sdmx.csv")
    return Response(content=ReleaseView(release=release_summary(stored), observations=observations))


def _file(content: str, media_type: str, filename: str) -> Response[Any]:
    return Response(
        content=content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@get("/releases/{release_id:int}/changes", **anyone(), summary="Cells changed since an earlier release")
async def changes(session: Session, release_id: FromPath[int], since: FromQuery[int]) -> ReleaseChanges:
    """Every cell of this release that differs from release ``since`` of the same period: old, new and why."""
    return await release_changes(session, release_id=release_id, since_id=since)


@get("/releases/{release_id:int}/protection", **only("admin"), summary="Why each withheld cell is withheld")
async def protection(session: Session, release_id: FromPath[int]) -> list[WithheldCell]:
    """For staff: each withheld confidential cell and its rule (``threshold``, ``dominance`` or ``secondary``).

    Published tables carry only the flag ``C``: the reason would tell readers how small a cell is.
    """
    return release_protection(await get_release(session, release_id))


@get("/structure", **anyone(), summary="The SDMX data structure definition (SDMX-ML 2.1)")
async def structure() -> Response[str]:
    """Concepts, codelists, the AI_ECOSYSTEM data structure and one dataflow per release table."""
    return Response(content=structure_message(DATAFLOWS), media_type=STRUCTURE_MEDIA_TYPE)


@get("/calendar", **anyone(), summary="The release calendar")
async def calendar(session: Session) -> list[CalendarEntryView]:
    """Planned releases by date, with the releases already made for each period."""
    return await list_calendar(session)


@post("/calendar", **only("admin"), summary="Plan a release", status_code=201)
async def plan(data: JSONBody[CalendarEntryIn], session: Session, actor: CurrentActor) -> CalendarEntryView:
    """Add a dataset, period and planned date to the public calendar."""
    return await add_calendar_entry(session, request=data, actor_id=actor.account_id)


@delete("/calendar/{entry_id:uuid}", **only("admin"), summary="Take a release off the calendar", status_code=204)
async def unplan(entry_id: FromPath[uuid.UUID], session: Session, actor: CurrentActor) -> None:
    """Remove a planned release from the calendar."""
    await delete_calendar_entry(session, entry_id=entry_id, actor_id=actor.account_id)


releases_router = Router(
    path="/api/v1/statistics",
    route_handlers=[releases, make_release, release, changes, protection, structure, calendar, plan, unplan],
    tags=["statistics releases"],
)
