"""``/api/v1/companies``: the register."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from litestar import Request, Response, Router, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from api.auth.access import anyone, only
from api.conditional import etag, expected_version, idempotent
from api.dependencies import CurrentActor, Reader, Session, Today
from api.request_session import plain_reads
from licensing.company_status import change_company
from licensing.public_register import CompanyProfile, CompanyProfileFull, company_profile, licence_holder_condition
from registry.companies.repository import CompanyFilters
from registry.companies.schemas import (
    CompanyCreate,
    CompanyFull,
    CompanyPage,
    CompanyPatch,
    CompanyPublic,
    MemberAdd,
    MemberView,
)
from registry.companies.service import (
    add_member,
    get_company,
    get_company_by_bin,
    list_companies,
    list_members,
    register_company,
)

__all__ = ["companies_router"]


def _with_etag(view: CompanyPublic, status: int = 200) -> Response[Any]:
    headers = {"ETag": etag(view.version)} if isinstance(view, CompanyFull) else {}
    return Response(content=view, status_code=status, headers=headers)


@post("/", **only("founder", "admin"), summary="Register a company", status_code=201)
async def register(
    data: JSONBody[CompanyCreate], request: Request[Any, Any, Any], actor: CurrentActor, session: Session, today: Today
) -> Response[CompanyFull]:
    """Register a company with a validated BIN; the founder becomes its owner. Accepts ``Idempotency-Key``."""

    async def create() -> tuple[int, CompanyFull, dict[str, str]]:
        view = await register_company(session, actor=actor, request=data, today=today)
        return 201, view, {"ETag": etag(view.version), "Location": f"/api/v1/companies/{view.id}"}

    return await idempotent(
        request, session, account_id=actor.account_id, operation="companies.register", create=create
    )


@get("/", **anyone(), summary="Search the public register")
async def index(
    session: Session,
    reader: Reader,
    today: Today,
    q: Annotated[str | None, QueryParameter(max_length=200, description="Name in kk/ru/en, any script")] = None,
    region: Annotated[str | None, QueryParameter(pattern=r"^\d{9}$")] = None,
    activity: Annotated[str | None, QueryParameter(max_length=8, description="OKED section, division or class")] = None,
    status: FromQuery[Literal["active", "suspended", "liquidated"] | None] = None,
    ai_class: FromQuery[Literal["ai_native", "ai_enabled", "non_ai"] | None] = None,
    registered_from: FromQuery[date | None] = None,
    registered_to: FromQuery[date | None] = None,
    licence_type: FromQuery[Literal["ai_native", "standard_digital"] | None] = None,
    licence_status: FromQuery[Literal["active", "suspended", "revoked", "expired"] | None] = None,
    cursor: Annotated[str | None, QueryParameter(max_length=500)] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
) -> CompanyPage:
    """Public fields only, newest registrations first, or best name match first when ``q`` is given.

    ``licence_type`` keeps the holders of a licence of that type in force today (``licence_status`` another status:
    suspended, revoked, expired; alone, of any type).
    """
    filters = CompanyFilters(
        q=q,
        region=region,
        activity=activity,
        status=status,
        ai_class=ai_class,
        registered_from=registered_from,
        registered_to=registered_to,
    )
    holders = licence_holder_condition(licence_type=licence_type, status=licence_status, today=today)
    # A name search runs in the request's transaction (its settings); a page of filters alone on the driver.
    database = session if filters.q else reader
    return await list_companies(database, filters=filters, cursor=cursor, limit=limit, extra=holders)


@get("/{company_id:uuid}", **plain_reads(anyone()), summary="One company, with its licences")
async def show(
    company_id: FromPath[uuid.UUID], actor: CurrentActor, reader: Reader, today: Today
) -> Response[CompanyProfile | CompanyProfileFull]:
    """The full record (with ``ETag``) for members and staff; the public entry for everybody else.

    Both list the company's licences (a reviewer's notes on them only for members and staff).
    """
    view = await get_company(reader, actor=actor, company_id=company_id)
    return _with_etag(await company_profile(reader, view=view, today=today))


@get("/by-bin/{bin_value:str}", **plain_reads(anyone()), summary="Look a company up by BIN")
async def by_bin(
    bin_value: FromPath[str], actor: CurrentActor, reader: Reader, today: Today
) -> Response[CompanyProfile | CompanyProfileFull]:
    """The company with this BIN, with its licences."""
    view = await get_company_by_bin(reader, actor=actor, bin_value=bin_value)
    return _with_etag(await company_profile(reader, view=view, today=today))


@patch("/{company_id:uuid}", **only("founder", "admin"), summary="Change a company (If-Match required)")
async def change(
    company_id: FromPath[uuid.UUID],
    data: JSONBody[CompanyPatch],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[CompanyPublic]:
    """Members and admins change a company; ``If-Match`` must carry the latest ``ETag`` (428 / 412 otherwise).

    An admin's suspension of the company suspends its licences in force, a liquidation revokes them, effective the
    same day (events ``licence.suspended`` / ``licence.revoked``, reason ``company_suspended`` /
    ``company_liquidated``); reinstating the company does not reinstate them.
    """
    version = expected_version(request)
    return _with_etag(
        await change_company(
            session, actor=actor, company_id=company_id, expected_version=version, patch=data, today=today
        )
    )


@get("/{company_id:uuid}/members", **only("founder", "reviewer", "admin"), summary="Members of a company")
async def members(company_id: FromPath[uuid.UUID], actor: CurrentActor, session: Session) -> list[MemberView]:
    """The accounts that act for the company (its members and staff only)."""
    return await list_members(session, actor=actor, company_id=company_id)


@post("/{company_id:uuid}/members", **only("founder", "admin"), summary="Add a member", status_code=201)
async def invite(
    company_id: FromPath[uuid.UUID], data: JSONBody[MemberAdd], actor: CurrentActor, session: Session
) -> MemberView:
    """An owner adds a founder account by e-mail."""
    return await add_member(session, actor=actor, company_id=company_id, request=data)


companies_router = Router(
    path="/api/v1/companies",
    route_handlers=[register, index, show, by_bin, change, members, invite],
    tags=["companies"],
)
