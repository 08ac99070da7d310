"""``/api/v1/licences`` (verification and sanctions), ``/api/v1/monitoring`` and the licence types."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from litestar import Request, Response, Router, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from api.auth.access import anyone, only
from api.conditional import etag, expected_version
from api.dependencies import CurrentActor, Reader, Session, Today
from api.request_session import plain_reads
from licensing.licence_types import LICENCE_TYPES
from licensing.licences import LicenceAction, change_licence_status, verify_licence
from licensing.monitoring import ai_licence_watchlist
from licensing.public_register import licence_page
from licensing.schemas import (
    LicencePage,
    LicenceStatusChange,
    LicenceTypeView,
    LicenceView,
    MonitoringItem,
    PublicLicence,
)

__all__ = ["licences_router"]


@get("/reference/licence-types", **anyone(), summary="Licence types")
async def licence_types() -> list[LicenceTypeView]:
    """The AI-native track and the standard digital licence: prefix, validity, requirements and benefits."""
    return [
        LicenceTypeView(
            code=t.code,
            prefix=t.prefix,
            validity_months=t.validity_months,
            requires_ai_native_evaluation=t.requires_ai_native_evaluation,
            name=t.name.as_dict(),
            requirements=t.requirements.as_dict(),
            benefits=t.benefits.as_dict(),
        )
        for t in LICENCE_TYPES.values()
    ]


@get("/licences/{number:str}", **plain_reads(anyone()), summary="Verify a licence (public)")
async def verify(number: FromPath[str], reader: Reader, today: Today) -> Response[PublicLicence]:
    """Status (``expired`` follows from the date), company name, BIN and status, type and validity.

    The ``ETag`` is the licence's version, what suspending, reinstating and revoking need as ``If-Match``.
    """
    licence = await verify_licence(reader, number=number, today=today)
    return Response(content=licence, headers={"ETag": etag(licence.version)})


@get("/licences", **anyone(), summary="List licences (public)")
async def index(
    actor: CurrentActor,
    session: Session,
    today: Today,
    company_id: FromQuery[uuid.UUID | None] = None,
    licence_type: FromQuery[Literal["ai_native", "standard_digital"] | None] = None,
    status: FromQuery[Literal["active", "suspended", "revoked", "expired"] | None] = None,
    expiring_before: FromQuery[date | None] = None,
    cursor: Annotated[str | None, QueryParameter(max_length=500)] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
) -> LicencePage:
    """Licences are public: soonest expiry first, paged by ``cursor``.

    A reviewer's ``status_text`` is shown only to hub staff and the licensee's members.
    """
    return await licence_page(
        session,
        actor=actor,
        today=today,
        company_id=company_id,
        licence_type=licence_type,
        status=status,
        expiring_before=expiring_before,
        cursor=cursor,
        limit=limit,
    )


async def _sanction(
    number: str, action: LicenceAction, data: LicenceStatusChange, request: Request[Any, Any, Any], **deps: Any
) -> Response[LicenceView]:
    view = await change_licence_status(
        deps["session"],
        actor=deps["actor"],
        number=number,
        action=action,
        expected_version=expected_version(request),
        request=data,
        today=deps["today"],
    )
    return Response(content=view, headers={"ETag": etag(view.version)})


@post("/licences/{number:str}/suspend", **only("reviewer", "admin"), summary="Suspend a licence", status_code=200)
async def suspend(
    number: FromPath[str],
    data: JSONBody[LicenceStatusChange],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[LicenceView]:
    """Needs a reason from the catalogue and ``If-Match``."""
    return await _sanction(number, "suspend", data, request, actor=actor, session=session, today=today)


@post(
    "/licences/{number:str}/reinstate",
    **only("reviewer", "admin"),
    summary="Reinstate a suspended licence",
    status_code=200,
)
async def reinstate(
    number: FromPath[str],
    data: JSONBody[LicenceStatusChange],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[LicenceView]:
    """Needs a reason and ``If-Match``."""
    return await _sanction(number, "reinstate", data, request, actor=actor, session=session, today=today)


@post("/licences/{number:str}/revoke", **only("reviewer", "admin"), summary="Revoke a licence", status_code=200)
async def revoke(
    number: FromPath[str],
    data: JSONBody[LicenceStatusChange],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[LicenceView]:
    """Final; needs a reason and ``If-Match``."""
    return await _sanction(number, "revoke", data, request, actor=actor, session=session, today=today)


@get("/monitoring/ai-licences", **only("reviewer", "admin"), summary="AI-native licence holders to look at")
async def monitoring(session: Session, today: Today) -> list[MonitoringItem]:
    """Active AI-native licences whose company's latest declaration is not ai_native or is missing for last year."""
    return await ai_licence_watchlist(session, today=today)


licences_router = Router(
    path="/api/v1",
    route_handlers=[licence_types, verify, index, suspend, reinstate, revoke, monitoring],
    tags=["licences"],
)
