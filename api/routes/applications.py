"""``/api/v1/applications``: the licence workflow and the reviewer queue (evidence: :mod:`api.routes.evidence`)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from litestar import Request, Response, Router, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.access import only
from api.conditional import etag, expected_version, idempotent
from api.dependencies import AppSettings, CurrentActor, Session, Today
from api.routes.evidence import download, evidence
from licensing.applications import (
    application_timeline,
    approve_step,
    claim_step,
    create_application,
    get_application,
    list_applications,
    no_step,
    reject_step,
    send_back_step,
    submit_step,
    transition_application,
    update_application,
)
from licensing.schemas import (
    ApplicationCreate,
    ApplicationPage,
    ApplicationPatch,
    ApplicationView,
    ApproveIn,
    RejectIn,
    SendBackIn,
    TimelineEntry,
)
from licensing.workflow import Action
from registry.accounts.actor import Actor

__all__ = ["applications_router"]

STAFF = ("reviewer", "admin")
PARTIES = ("founder", "reviewer", "admin")


def _with_etag(view: ApplicationView, status: int = 200) -> Response[ApplicationView]:
    return Response(content=view, status_code=status, headers={"ETag": etag(view.version)})


@post("/", **only("founder"), summary="Start an application (draft)", status_code=201)
async def create(
    data: JSONBody[ApplicationCreate],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
    settings: AppSettings,
) -> Response[ApplicationView]:
    """A draft for a company the founder is a member of, naming the licence type and the declaration it relies on.

    If the company already holds this licence, the application is a renewal: it can be filed from 60 days before
    expiry and must rely on the declaration for the last closed fiscal year. A company has at most one open
    application of a type: another one is 409 ``application.open_exists``, also when two are sent at once.
    Accepts ``Idempotency-Key``: a retry gets the first answer (201 with its ``ETag`` and ``Location``), not a 409.
    """

    async def start() -> tuple[int, ApplicationView, dict[str, str]]:
        view = await create_application(
            session, actor=actor, request=data, today=today, grace_days=settings.declaration_grace_days
        )
        return 201, view, {"ETag": etag(view.version), "Location": f"/api/v1/applications/{view.id}"}

    return await idempotent(
        request, session, account_id=actor.account_id, operation="applications.create", create=start
    )


@get("/", **only(*PARTIES), summary="The reviewer queue, or a founder's own applications")
async def index(
    actor: CurrentActor,
    session: Session,
    today: Today,
    status: FromQuery[
        Literal["draft", "submitted", "in_review", "approved", "rejected", "sent_back", "withdrawn"] | None
    ] = None,
    licence_type: FromQuery[Literal["ai_native", "standard_digital"] | None] = None,
    overdue: FromQuery[bool | None] = None,
    cursor: Annotated[int, QueryParameter(ge=0, description="Opaque position; pass next_cursor")] = 0,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
) -> ApplicationPage:
    """Oldest first; ``overdue=true`` shows what missed its service level (5 / 15 Kazakhstan working days)."""
    items, more = await list_applications(
        session,
        actor=actor,
        today=today,
        status=status,
        licence_type_code=licence_type,
        overdue=overdue,
        limit=limit,
        offset=cursor,
    )
    return ApplicationPage(items=items, next_cursor=str(cursor + limit) if more else None)


@get("/{application_id:uuid}", **only(*PARTIES), summary="One application")
async def show(
    application_id: FromPath[uuid.UUID], actor: CurrentActor, session: Session, today: Today
) -> Response[ApplicationView]:
    """With its evaluation (every criterion), evidence, service-level dates and the caller's allowed actions."""
    return _with_etag(await get_application(session, actor=actor, application_id=application_id, today=today))


@patch("/{application_id:uuid}", **only("founder"), summary="Change a draft or sent-back application")
async def change(
    application_id: FromPath[uuid.UUID],
    data: JSONBody[ApplicationPatch],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
    settings: AppSettings,
) -> Response[ApplicationView]:
    """Needs ``If-Match``."""
    return _with_etag(
        await update_application(
            session,
            actor=actor,
            application_id=application_id,
            expected_version=expected_version(request),
            patch=data,
            today=today,
            grace_days=settings.declaration_grace_days,
        )
    )


async def _move(
    request: Request[Any, Any, Any],
    session: AsyncSession,
    actor: Actor,
    application_id: uuid.UUID,
    action: Action,
    today: date,
    step: Any,
) -> Response[ApplicationView]:
    return _with_etag(
        await transition_application(
            session,
            actor=actor,
            application_id=application_id,
            expected_version=expected_version(request),
            action=action,
            today=today,
            apply=step,
        )
    )


@post("/{application_id:uuid}/submit", **only("founder"), summary="Submit (runs the rubric)", status_code=200)
async def submit(
    application_id: FromPath[uuid.UUID],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
    settings: AppSettings,
) -> Response[ApplicationView]:
    """For the AI-native track the rubric runs and its evaluation is stored; a failing one can still be submitted.

    The AI-native licence and every renewal rely on the annual declaration for the last closed fiscal year (422
    ``application.declaration_not_last_closed_year`` / ``application.renewal_declaration`` otherwise).
    """
    step = submit_step(session, today, grace_days=settings.declaration_grace_days)
    return await _move(request, session, actor, application_id, Action.SUBMIT, today, step)


@post("/{application_id:uuid}/claim", **only(*STAFF), summary="Take the application for review", status_code=200)
async def claim(
    application_id: FromPath[uuid.UUID],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[ApplicationView]:
    """Needs ``If-Match``; staff who are members of the company cannot act on it."""
    return await _move(request, session, actor, application_id, Action.CLAIM, today, claim_step(actor))


@post("/{application_id:uuid}/send-back", **only(*STAFF), summary="Send back for fixes", status_code=200)
async def send_back(
    application_id: FromPath[uuid.UUID],
    data: JSONBody[SendBackIn],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[ApplicationView]:
    """A message plus the fields or evidence items to fix."""
    return await _move(request, session, actor, application_id, Action.SEND_BACK, today, send_back_step(data))


@post("/{application_id:uuid}/approve", **only(*STAFF), summary="Approve and issue the licence", status_code=200)
async def approve(
    application_id: FromPath[uuid.UUID],
    data: JSONBody[ApproveIn],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
    settings: AppSettings,
) -> Response[ApplicationView]:
    """Issues ``<PREFIX>-<YEAR>-<NNNNN>`` in the same transaction, gapless per type and year.

    The declaration relied on is checked again (a new fiscal year may have closed since the submission).
    """
    step = approve_step(session, actor, data, today, grace_days=settings.declaration_grace_days)
    return await _move(request, session, actor, application_id, Action.APPROVE, today, step)


@post("/{application_id:uuid}/reject", **only(*STAFF), summary="Reject with a reason", status_code=200)
async def reject(
    application_id: FromPath[uuid.UUID],
    data: JSONBody[RejectIn],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[ApplicationView]:
    """A reason code from the catalogue plus the reviewer's text."""
    return await _move(request, session, actor, application_id, Action.REJECT, today, reject_step(data))


@post("/{application_id:uuid}/withdraw", **only("founder"), summary="Withdraw", status_code=200)
async def withdraw(
    application_id: FromPath[uuid.UUID],
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    session: Session,
    today: Today,
) -> Response[ApplicationView]:
    """From draft, submitted or sent back."""
    return await _move(request, session, actor, application_id, Action.WITHDRAW, today, no_step)


@get("/{application_id:uuid}/events", **only(*PARTIES), summary="The application's timeline")
async def timeline(application_id: FromPath[uuid.UUID], actor: CurrentActor, session: Session) -> list[TimelineEntry]:
    """Every step with who took it and the messages between reviewer and founder."""
    return await application_timeline(session, actor=actor, application_id=application_id)


applications_router = Router(
    path="/api/v1/applications",
    route_handlers=[
        create,
        index,
        show,
        change,
        submit,
        claim,
        send_back,
        approve,
        reject,
        withdraw,
        timeline,
        evidence,
        download,
    ],
    tags=["applications"],
)
