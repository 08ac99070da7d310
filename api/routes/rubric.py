"""The AI-native rubric: its versions in the reference data, and publishing a new one."""

from __future__ import annotations

from litestar import Router, get, post
from litestar.params import JSONBody

from api.auth.access import anyone, only
from api.dependencies import CurrentActor, Session, Today
from registry.declarations.rubric_versions import list_rubric_versions, publish_rubric_version
from registry.declarations.schemas import RubricVersionIn, RubricVersionView

__all__ = ["rubric_router"]


@get("/reference/rubric", **anyone(), summary="The rubric: current and past versions")
async def versions(session: Session, today: Today) -> list[RubricVersionView]:
    """Every published version with its thresholds and effective date, newest first.

    ``current`` marks the version in force today. Criteria: G1 AI system, G2 AI at the core, M1 AI revenue share,
    M2 AI talent share, M3 own models or data, M4 AI spend share (reported). ai_native = G1 ∧ G2 ∧ M1 ∧ (M2 ∨ M3).
    """
    return await list_rubric_versions(session, today=today)


@post("/rubric-versions", **only("admin"), summary="Publish a new rubric version", status_code=201)
async def publish(
    data: JSONBody[RubricVersionIn], actor: CurrentActor, session: Session, today: Today
) -> RubricVersionView:
    """A new version takes effect from its date; older versions and the evaluations made with them never change."""
    return await publish_rubric_version(session, actor_id=actor.account_id, request=data, today=today)


rubric_router = Router(path="/api/v1", route_handlers=[versions, publish], tags=["rubric"])
