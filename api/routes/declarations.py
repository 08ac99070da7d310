"""``/api/v1/companies/{id}/declarations``, ``/ai-status`` and ``/pivots``: the AI side of a company."""

from __future__ import annotations

import uuid

from litestar import Router, get, post
from litestar.params import FromPath, JSONBody

from api.auth.access import only
from api.dependencies import CurrentActor, Session, Today
from licensing.pivot_periods import standard_licence_periods
from registry.declarations.pivots import list_pivots
from registry.declarations.schemas import AiStatus, DeclarationIn, DeclarationView, EvaluationView, PivotView
from registry.declarations.service import (
    company_ai_status,
    file_declaration,
    list_declarations,
    preview_declaration,
    readable_company,
)

__all__ = ["declarations_router"]

READERS = ("founder", "reviewer", "admin")
"""Company members (founders) and hub staff; economists see only aggregates, the public only the class."""


@post("/{company_id:uuid}/declarations", **only("founder", "admin"), summary="File the AI declaration", status_code=201)
async def file(
    company_id: FromPath[uuid.UUID],
    data: JSONBody[DeclarationIn],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> DeclarationView:
    """File a declaration for a fiscal year (or quarter); filing again for a period supersedes the earlier one."""
    return await file_declaration(
        session, actor=actor, company_id=company_id, request=data, today=today, extra_periods=standard_licence_periods
    )


@post(
    "/{company_id:uuid}/declarations/preview",
    **only("founder", "admin"),
    summary="Preview the rubric's evaluation",
    status_code=200,
)
async def preview(
    company_id: FromPath[uuid.UUID],
    data: JSONBody[DeclarationIn],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> EvaluationView:
    """Evaluate a draft declaration under the rubric in force, without storing anything."""
    return await preview_declaration(session, actor=actor, company_id=company_id, request=data, today=today)


@get("/{company_id:uuid}/declarations", **only(*READERS), summary="The company's declarations")
async def index(company_id: FromPath[uuid.UUID], actor: CurrentActor, session: Session) -> list[DeclarationView]:
    """All filings with figures and evaluations, superseded ones marked (members and reviewers only)."""
    return await list_declarations(session, actor=actor, company_id=company_id)


@get("/{company_id:uuid}/ai-status", **only(*READERS), summary="The company's current AI class and why")
async def ai_status(company_id: FromPath[uuid.UUID], actor: CurrentActor, session: Session) -> AiStatus:
    """The class of the latest current declaration with each criterion's value, threshold and explanation."""
    return await company_ai_status(session, actor=actor, company_id=company_id)


@get("/{company_id:uuid}/pivots", **only(*READERS), summary="The company's pivot timeline")
async def pivots(company_id: FromPath[uuid.UUID], actor: CurrentActor, session: Session) -> list[PivotView]:
    """Born AI-native, pivots to and away from AI, with their periods, deltas and rubric versions."""
    await readable_company(session, actor, company_id)
    return await list_pivots(session, company_id=company_id)


declarations_router = Router(
    path="/api/v1/companies", route_handlers=[file, preview, index, ai_status, pivots], tags=["declarations"]
)
