"""``/api/v1/reference``: public reference data."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Router, get
from litestar.params import FromQuery, QueryParameter

from api.auth.access import anyone
from api.dependencies import Session
from licensing.reasons import reason_catalogue
from licensing.schemas import ReasonCatalogue
from registry.reference.schemas import ActivityView, RegionView
from registry.reference.service import list_activities, list_regions

__all__ = ["reference_router"]


@get("/regions", **anyone(), summary="The 20 first-level KATO units")
async def regions(session: Session) -> list[RegionView]:
    """Regions and the cities of republican significance, names in kk/ru/en."""
    return await list_regions(session)


@get("/activities", **anyone(), summary="OKED activities")
async def activities(
    session: Session,
    level: FromQuery[Literal["section", "division", "group", "class"] | None] = None,
    parent: Annotated[str | None, QueryParameter(max_length=8)] = None,
) -> list[ActivityView]:
    """OKED (NK RK 03-2019) sections, divisions, and the classes of divisions 58, 62, 63 and 72."""
    return await list_activities(session, level=level, parent=parent)


@get("/reasons", **anyone(), summary="The reason catalogues of the licence decisions")
async def reasons() -> ReasonCatalogue:
    """Rejection, suspension, reinstatement and revocation reasons, and what a send-back may name.

    Each reason has its code, label and description in kk/ru/en; each send-back field its label.
    """
    return reason_catalogue()


reference_router = Router(path="/api/v1/reference", route_handlers=[regions, activities, reasons], tags=["reference"])
