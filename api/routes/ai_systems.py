"""``/api/v1/ai-systems`` and ``/api/v1/companies/{id}/ai-systems``: the register of AI systems.

The registry records what each system's owner declares (AI law, Article 17: the owner assigns the degrees of risk and
autonomy). It makes no legal classification and certifies nothing.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Request, Response, Router, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from api.auth.access import anyone, only
from api.conditional import etag, expected_version, idempotent
from api.dependencies import CurrentActor, Now, Session, Today
from registry.ai_systems.repository import AiSystemFilters
from registry.ai_systems.schemas import (
    AiSystemCreate,
    AiSystemFull,
    AiSystemPage,
    AiSystemPatch,
    AiSystemPublic,
    AutonomyDegree,
    Capability,
    RiskDegree,
    SystemStatus,
)
from registry.ai_systems.service import (
    AiSystemCounts,
    change_ai_system,
    count_ai_systems,
    get_ai_system,
    list_company_ai_systems,
    monitor_high_risk_systems,
    record_ai_system,
    search_register,
)

__all__ = ["ai_systems_monitoring_router", "ai_systems_router", "company_ai_systems_router"]


def _with_etag(view: AiSystemPublic, status: int = 200) -> Response[AiSystemPublic]:
    headers = {"ETag": etag(view.version)} if isinstance(view, AiSystemFull) else {}
    return Response(content=view, status_code=status, headers=headers)


@post("/{company_id:uuid}/ai-systems", **only("founder", "admin"), summary="Record an AI system", status_code=201)
async def record(
    company_id: FromPath[uuid.UUID],
    data: JSONBody[AiSystemCreate],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[AiSystemFull]:
    """A member of the company records one of its AI systems.

    The degrees of risk and autonomy are those its owner assigns, declared today. Accepts ``Idempotency-Key``.
    """

    async def create() -> tuple[int, AiSystemFull, dict[str, str]]:
        view = await record_ai_system(session, actor=actor, company_id=company_id, request=data, today=today)
        return 201, view, {"ETag": etag(view.version), "Location": f"/api/v1/ai-systems/{view.id}"}

    return await idempotent(
        request, session, account_id=actor.account_id, operation=f"ai_systems.record:{company_id}", create=create
    )


@get("/{company_id:uuid}/ai-systems", **anyone(), summary="A company's AI systems")
async def of_company(company_id: FromPath[uuid.UUID], actor: CurrentActor, session: Session) -> list[AiSystemPublic]:
    """Public fields for everybody; the whole records for the company's members and staff."""
    return await list_company_ai_systems(session, actor=actor, company_id=company_id)


@get("/", **anyone(), summary="Search the register of AI systems")
async def index(
    session: Session,
    q: Annotated[str | None, QueryParameter(max_length=200, description="The system's name, any script")] = None,
    risk_degree: FromQuery[RiskDegree | None] = None,
    autonomy_degree: FromQuery[AutonomyDegree | None] = None,
    capability: FromQuery[Capability | None] = None,
    status: FromQuery[SystemStatus | None] = None,
    company_id: FromQuery[uuid.UUID | None] = None,
    cursor: Annotated[str | None, QueryParameter(max_length=500)] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
) -> AiSystemPage:
    """Public fields only; best name match first with ``q``, the most recently recorded first otherwise."""
    filters = AiSystemFilters(
        q=q,
        risk_degree=risk_degree,
        autonomy_degree=autonomy_degree,
        capability=capability,
        status=status,
        company_id=company_id,
    )
    return await search_register(session, filters=filters, cursor=cursor, limit=limit)


@get("/{system_id:uuid}", **anyone(), summary="One AI system")
async def show(system_id: FromPath[uuid.UUID], actor: CurrentActor, session: Session) -> Response[AiSystemPublic]:
    """The whole record (with ``ETag``) for the company's members and staff; the public fields for everybody else."""
    return _with_etag(await get_ai_system(session, actor=actor, system_id=system_id))


@patch("/{system_id:uuid}", **only("founder", "admin"), summary="Change an AI system (If-Match required)")
async def change(
    system_id: FromPath[uuid.UUID],
    data: JSONBody[AiSystemPatch],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[AiSystemPublic]:
    """Members change a system; a new degree of risk or autonomy is declared today, by them.

    ``If-Match`` must carry the latest ``ETag`` (428 / 412 otherwise).
    """
    version = expected_version(request)
    return _with_etag(
        await change_ai_system(
            session, actor=actor, system_id=system_id, expected_version=version, patch=data, today=today
        )
    )


@get("/counts", **anyone(), summary="AI systems counted by risk, autonomy and capability")
async def counts(session: Session, now: Now) -> AiSystemCounts:
    """Systems in development or on the market, counted now from the register; withdrawn ones are not counted.

    Public counts, exact: each system's degrees and capabilities are public, so no count needs protection.
    """
    return await count_ai_systems(session, now=now)


@get("/ai-systems", **only("reviewer", "admin"), summary="High-risk AI systems without assurance")
async def high_risk(session: Session) -> list[AiSystemPublic]:
    """High-risk systems (not withdrawn) whose owner has recorded no trusted-list entry or no audit report."""
    return await monitor_high_risk_systems(session)


ai_systems_router = Router(path="/api/v1/ai-systems", route_handlers=[index, counts, show, change], tags=["ai-systems"])
company_ai_systems_router = Router(path="/api/v1/companies", route_handlers=[record, of_company], tags=["ai-systems"])
ai_systems_monitoring_router = Router(path="/api/v1/monitoring", route_handlers=[high_risk], tags=["ai-systems"])
