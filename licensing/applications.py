"""Licence applications: drafts, the workflow's transitions, the reviewer queue and the timeline."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

import msgspec
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from licensing.conflicts import ensure_no_conflict_of_interest
from licensing.documents import display_filename
from licensing.errors import (
    active_licence_exists,
    application_not_found,
    declaration_not_last_closed_year,
    declaration_not_usable,
    open_application_exists,
    stale_application,
)
from licensing.filing_window import DEFAULT_GRACE_DAYS, relied_fiscal_years
from licensing.licence_types import licence_type
from licensing.licences import find_licence_in_force, issue_licence
from licensing.models import OPEN_APPLICATION_STATES, Application, EvidenceDocument, EvidenceItem, Licence
from licensing.reasons import REJECTION_REASONS, check_send_back_fields, known_reason_view, rejection_reason
from licensing.schemas import (
    ApplicationCreate,
    ApplicationPatch,
    ApplicationView,
    ApproveIn,
    EvidenceView,
    RejectIn,
    ReliedDeclaration,
    SendBackIn,
    TimelineEntry,
)
from licensing.service_levels import service_level_deadlines
from licensing.work_queue import is_overdue, overdue_condition
from licensing.workflow import STATE_LABELS, Action, ApplicationState, allowed_actions, next_state
from licensing.workflow import Actor as WorkflowActor
from registry.accounts.actor import Actor
from registry.ai_systems.service import systems_of_companies
from registry.companies.models import Company, CompanyMember
from registry.companies.repository import is_member
from registry.database import utc_now
from registry.declarations.labels import ai_class_label
from registry.declarations.models import Declaration
from registry.declarations.periods import period_key
from registry.declarations.repository import current_declarations
from registry.declarations.service import evaluate_stored_declaration
from registry.events.service import read_resource_events, record_event

__all__ = [
    "applicant_or_staff_application",
    "create_application",
    "get_application",
    "list_applications",
    "transition_application",
    "update_application",
]

RENEWAL_WINDOW = timedelta(days=60)
ONE_OPEN_APPLICATION_INDEX = "uq_licence_applications_one_open"


async def _workflow_actor(session: AsyncSession, actor: Actor, company_id: uuid.UUID) -> WorkflowActor:
    """The workflow role of the caller for this company; 404 for outsiders, 403 for staff who are members."""
    member = await is_member(session, company_id=company_id, account_id=actor.account_id)
    if actor.role == "founder":
        if not member:
            raise application_not_found()
        return WorkflowActor.APPLICANT
    if actor.role in {"reviewer", "admin"}:
        return WorkflowActor.ADMIN if actor.role == "admin" else WorkflowActor.REVIEWER
    raise application_not_found()


async def applicant_or_staff_application(
    session: AsyncSession, actor: Actor, application_id: uuid.UUID, *, lock: bool = False
) -> tuple[Application, WorkflowActor]:
    """The application and the caller's workflow role, or 404 when the caller may not see it."""
    query = select(Application).where(Application.id == application_id)
    application = await session.scalar(query.with_for_update() if lock else query)
    if application is None:
        raise application_not_found()
    return application, await _workflow_actor(session, actor, application.company_id)


async def check_relied_declaration(
    session: AsyncSession,
    *,
    company_id: uuid.UUID,
    declaration_id: uuid.UUID,
    licence_type_code: str,
    renewal: bool,
    today: date,
    grace_days: int,
) -> None:
    """The declaration must be the company's current one, and the right year's.

    The AI-native licence and every renewal need the annual declaration for the last closed fiscal year (see
    :mod:`licensing.filing_window`).
    """
    current = {d.id: d for d in await current_declarations(session, company_id)}
    declaration = current.get(declaration_id)
    if declaration is None:
        raise declaration_not_usable()
    if not (renewal or licence_type(licence_type_code).requires_ai_native_evaluation):
        return
    accepted = relied_fiscal_years(today, grace_days=grace_days)
    if declaration.quarter is not None or declaration.fiscal_year not in accepted:
        given = f"{declaration.fiscal_year}" + (f"-Q{declaration.quarter}" if declaration.quarter else "")
        raise declaration_not_last_closed_year(accepted, given, renewal=renewal)


async def create_application(
    session: AsyncSession,
    *,
    actor: Actor,
    request: ApplicationCreate,
    today: date,
    grace_days: int = DEFAULT_GRACE_DAYS,
) -> ApplicationView:
    """A founder starts a draft; holding this licence already makes it a renewal (from 60 days before expiry)."""
    company = await session.get(Company, request.company_id)
    if company is None or not await is_member(session, company_id=company.id, account_id=actor.account_id):
        raise application_not_found()
    held = await find_licence_in_force(
        session, company_id=company.id, licence_type_code=request.licence_type, today=today
    )
    if held is not None and today < held.valid_until - RENEWAL_WINDOW:
        raise active_licence_exists(held.number, held.valid_until - RENEWAL_WINDOW)
    await check_relied_declaration(
        session,
        company_id=company.id,
        declaration_id=request.declaration_id,
        licence_type_code=request.licence_type,
        renewal=held is not None,
        today=today,
        grace_days=grace_days,
    )
    open_one = await _open_application_id(session, company.id, request.licence_type)
    if open_one is not None:
        raise open_application_exists(str(open_one))
    application = Application(
        id=uuid.uuid4(),
        company_id=company.id,
        licence_type=request.licence_type,
        declaration_id=request.declaration_id,
        created_by=actor.account_id,
        renewal_of=held.id if held else None,
    )
    try:
        async with session.begin_nested():
            session.add(application)
            await session.flush()
    except IntegrityError as error:
        # A simultaneous creation committed first: the index waited for it, then refused this one.
        if _violated_constraint(error) != ONE_OPEN_APPLICATION_INDEX:
            raise
        winner = await _open_application_id(session, company.id, request.licence_type)
        raise open_application_exists(str(winner)) from error
    await record_event(
        session,
        actor_id=actor.account_id,
        kind="application.created",
        resource_type="application",
        resource_id=application.id,
        data={
            "company_id": str(company.id),
            "licence_type": request.licence_type,
            "renewal_of": held.number if held else None,
        },
        public=False,
    )
    return (await application_views(session, [application], actor=actor, today=today))[0]


async def _open_application_id(
    session: AsyncSession, company_id: uuid.UUID, licence_type_code: str
) -> uuid.UUID | None:
    return await session.scalar(
        select(Application.id).where(
            Application.company_id == company_id,
            Application.licence_type == licence_type_code,
            Application.state.in_(OPEN_APPLICATION_STATES),
        )
    )


def _violated_constraint(error: IntegrityError) -> str | None:
    """The name of the constraint or unique index the database reported (asyncpg keeps it on the cause)."""
    cause = getattr(error.orig, "__cause__", None)
    name = getattr(cause, "constraint_name", None)
    return name if isinstance(name, str) else None


def _check_version(application: Application, expected_version: int) -> None:
    if application.version != expected_version:
        raise stale_application(application.version)


async def update_application(
    session: AsyncSession,
    *,
    actor: Actor,
    application_id: uuid.UUID,
    expected_version: int,
    patch: ApplicationPatch,
    today: date,
    grace_days: int = DEFAULT_GRACE_DAYS,
) -> ApplicationView:
    """Change a draft or sent-back application (the founder's declaration choice or note)."""

    async def apply(application: Application) -> dict[str, Any]:
        changed: dict[str, Any] = {}
        if isinstance(patch.declaration_id, uuid.UUID):
            await check_relied_declaration(
                session,
                company_id=application.company_id,
                declaration_id=patch.declaration_id,
                licence_type_code=application.licence_type,
                renewal=application.renewal_of is not None,
                today=today,
                grace_days=grace_days,
            )
            application.declaration_id = patch.declaration_id
            changed["declaration_id"] = str(patch.declaration_id)
        if not isinstance(patch.founder_note, msgspec.UnsetType):
            application.founder_note = patch.founder_note
            changed["founder_note"] = patch.founder_note
        return changed

    return await transition_application(
        session,
        actor=actor,
        application_id=application_id,
        expected_version=expected_version,
        action=Action.EDIT,
        today=today,
        apply=apply,
    )


async def transition_application(
    session: AsyncSession,
    *,
    actor: Actor,
    application_id: uuid.UUID,
    expected_version: int,
    action: Action,
    today: date,
    apply: Callable[[Application], Awaitable[dict[str, Any]]],
) -> ApplicationView:
    """Move an application by ``action`` if the workflow allows it for this caller and ``If-Match`` is current."""
    application, role = await applicant_or_staff_application(session, actor, application_id, lock=True)
    if role is not WorkflowActor.APPLICANT:
        await ensure_no_conflict_of_interest(
            session, actor=actor, company_id=application.company_id, subject="application"
        )
    _check_version(application, expected_version)
    new_state = next_state(ApplicationState(application.state), action, role)
    details = await apply(application)
    application.state = new_state.value
    application.version += 1
    await session.flush()
    await record_event(
        session,
        actor_id=actor.account_id,
        kind=f"application.{_EVENT_NAMES[action]}",
        resource_type="application",
        resource_id=application.id,
        data={"company_id": str(application.company_id), "state": new_state.value, **details},
        public=False,
    )
    return (await application_views(session, [application], actor=actor, today=today))[0]


_EVENT_NAMES = {
    Action.EDIT: "updated",
    Action.SUBMIT: "submitted",
    Action.CLAIM: "claimed",
    Action.APPROVE: "approved",
    Action.REJECT: "rejected",
    Action.SEND_BACK: "sent_back",
    Action.WITHDRAW: "withdrawn",
}


async def _check_application_declaration(
    session: AsyncSession, application: Application, today: date, grace_days: int
) -> None:
    await check_relied_declaration(
        session,
        company_id=application.company_id,
        declaration_id=application.declaration_id,
        licence_type_code=application.licence_type,
        renewal=application.renewal_of is not None,
        today=today,
        grace_days=grace_days,
    )


def submit_step(
    session: AsyncSession, today: date, *, grace_days: int = DEFAULT_GRACE_DAYS
) -> Callable[[Application], Awaitable[dict[str, Any]]]:
    """Submitting: check the declaration relied on, run the rubric for the AI-native track, start the clock.

    The service-level clock starts again on a resubmission: the reviewer's time runs from the founder's answer.
    """

    async def apply(application: Application) -> dict[str, Any]:
        await _check_application_declaration(session, application, today, grace_days)
        details: dict[str, Any] = {}
        if licence_type(application.licence_type).requires_ai_native_evaluation:
            evaluation = await evaluate_stored_declaration(session, application.declaration_id, on=today)
            application.evaluation = evaluation.to_dict()
            details = {
                "ai_class": evaluation.ai_class.value,
                "rubric_version": evaluation.rubric_version,
                "failed_criteria": [c.id for c in evaluation.failed_criteria(required_only=True)],
            }
        now = utc_now()
        application.submitted_at = now
        application.first_submitted_at = application.first_submitted_at or now
        application.first_action_due, application.decision_due = service_level_deadlines(today)
        application.send_back_notes = None
        return details

    return apply


def claim_step(actor: Actor) -> Callable[[Application], Awaitable[dict[str, Any]]]:
    """A reviewer takes the application."""

    async def apply(application: Application) -> dict[str, Any]:
        application.claimed_by = actor.account_id
        application.first_action_at = application.first_action_at or utc_now()
        return {"reviewer_id": str(actor.account_id)}

    return apply


def send_back_step(request: SendBackIn) -> Callable[[Application], Awaitable[dict[str, Any]]]:
    """Ask the founder to fix named fields or evidence."""

    async def apply(application: Application) -> dict[str, Any]:
        check_send_back_fields(request.fields)
        notes = {
            "message": request.message,
            "fields": request.fields,
            "evidence_ids": [str(i) for i in request.evidence_ids],
        }
        application.send_back_notes = notes
        application.decided_at = None
        return notes

    return apply


def reject_step(request: RejectIn) -> Callable[[Application], Awaitable[dict[str, Any]]]:
    """Refuse with a reason from the catalogue."""

    async def apply(application: Application) -> dict[str, Any]:
        reason = rejection_reason(request.reason_code)
        application.reason_code = reason.code
        application.decision_text = request.text
        application.decided_at = utc_now()
        return {"reason_code": reason.code, "message": request.text}

    return apply


def approve_step(
    session: AsyncSession, actor: Actor, request: ApproveIn, today: date, *, grace_days: int = DEFAULT_GRACE_DAYS
) -> Callable[[Application], Awaitable[dict[str, Any]]]:
    """Approve and issue the licence in the same transaction, if the declaration still qualifies today.

    It may have been superseded, or a new fiscal year may have closed, since the submission.
    """

    async def apply(application: Application) -> dict[str, Any]:
        await _check_application_declaration(session, application, today, grace_days)
        application.decided_at = utc_now()
        application.decision_text = request.text
        licence = await issue_licence(session, application=application, actor_id=actor.account_id, today=today)
        return {"licence_number": licence.number, "message": request.text}

    return apply


async def no_step(_: Application) -> dict[str, Any]:
    """Transitions that change nothing but the state (withdraw)."""
    return {}


async def _evidence(session: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[EvidenceView]]:
    grouped: dict[uuid.UUID, list[EvidenceView]] = {i: [] for i in ids}
    rows = await session.execute(
        select(
            EvidenceItem,
            EvidenceDocument.sha256,
            EvidenceDocument.media_type,
            EvidenceDocument.size_bytes,
            EvidenceDocument.filename,
        )
        .outerjoin(EvidenceDocument, EvidenceDocument.id == EvidenceItem.document_id)
        .where(EvidenceItem.application_id.in_(ids))
        .order_by(EvidenceItem.created_at)
    )
    for item, sha256, media_type, size, filename in rows:
        document = (
            {
                "sha256": sha256,
                "media_type": media_type,
                "size_bytes": size,
                "filename": display_filename(filename, media_type),  # also for names stored before it was made safe
                "download": f"/api/v1/applications/{item.application_id}/evidence/{item.id}/document",
            }
            if item.document_id
            else None
        )
        grouped[item.application_id].append(
            EvidenceView(
                id=item.id,
                kind=item.kind,  # type: ignore[arg-type]
                description=item.description,
                url=item.url,
                document=document,
                created_at=item.created_at,
            )
        )
    return grouped


async def _relied_declarations(
    session: AsyncSession, declaration_ids: set[uuid.UUID]
) -> dict[uuid.UUID, ReliedDeclaration]:
    """The declarations applications rely on, with whether a later filing for the same period superseded them."""
    if not declaration_ids:
        return {}
    later = aliased(Declaration)
    superseded = exists().where(later.supersedes_id == Declaration.id)
    rows = await session.execute(select(Declaration, superseded).where(Declaration.id.in_(declaration_ids)))
    return {
        declaration.id: ReliedDeclaration(
            id=declaration.id,
            period=period_key(declaration.fiscal_year, declaration.quarter),
            fiscal_year=declaration.fiscal_year,
            quarter=declaration.quarter,
            ai_class=declaration.ai_class,
            ai_class_label=ai_class_label(declaration.ai_class).as_dict(),
            rubric_version=declaration.rubric_version,
            filed_at=declaration.filed_at,
            superseded=bool(is_superseded),
        )
        for declaration, is_superseded in rows.all()
    }


async def application_views(
    session: AsyncSession, applications: list[Application], *, actor: Actor, today: date
) -> list[ApplicationView]:
    """Views with company names, evidence, issued licence numbers and the caller's allowed actions."""
    ids = [a.id for a in applications]
    names = dict(
        (
            await session.execute(
                select(Company.id, Company.name_kk).where(Company.id.in_({a.company_id for a in applications}))
            )
        ).all()
    )
    numbers = dict(
        (
            await session.execute(select(Licence.application_id, Licence.number).where(Licence.application_id.in_(ids)))
        ).all()
    )
    renewed = dict(
        (
            await session.execute(
                select(Licence.id, Licence.number).where(
                    Licence.id.in_({a.renewal_of for a in applications if a.renewal_of})
                )
            )
        ).all()
    )
    evidence = await _evidence(session, ids)
    systems = await systems_of_companies(session, {a.company_id for a in applications})
    relied = await _relied_declarations(session, {a.declaration_id for a in applications})
    role = (
        WorkflowActor.APPLICANT
        if actor.role == "founder"
        else (WorkflowActor.ADMIN if actor.role == "admin" else WorkflowActor.REVIEWER)
    )
    views = []
    for a in applications:
        state = ApplicationState(a.state)
        failed = [c["id"] for c in (a.evaluation or {}).get("criteria", []) if not c["passed"] and c["required"]]
        views.append(
            ApplicationView(
                id=a.id,
                company_id=a.company_id,
                company_name=names.get(a.company_id, ""),
                licence_type=a.licence_type,  # type: ignore[arg-type]
                declaration_id=a.declaration_id,
                state=a.state,
                state_label=STATE_LABELS[state].as_dict(),
                version=a.version,
                renewal_of=renewed.get(a.renewal_of) if a.renewal_of else None,
                submitted_at=a.submitted_at,
                claimed_by=a.claimed_by,
                first_action_due=a.first_action_due,
                decision_due=a.decision_due,
                overdue=is_overdue(a, today),
                evaluation=a.evaluation,
                failed_criteria=failed,
                send_back=a.send_back_notes,
                reason_code=a.reason_code,
                decision_text=a.decision_text,
                founder_note=a.founder_note,
                evidence=evidence[a.id],
                licence_number=numbers.get(a.id),
                allowed_actions=sorted(allowed_actions(state, role)),
                created_at=a.created_at,
                reason=known_reason_view(REJECTION_REASONS, a.reason_code),
                declaration=relied.get(a.declaration_id),
                ai_systems=systems[a.company_id],
            )
        )
    return views


async def get_application(
    session: AsyncSession, *, actor: Actor, application_id: uuid.UUID, today: date
) -> ApplicationView:
    """One application for its company's members and hub staff."""
    application, _ = await applicant_or_staff_application(session, actor, application_id)
    return (await application_views(session, [application], actor=actor, today=today))[0]


async def list_applications(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    status: str | None,
    licence_type_code: str | None,
    overdue: bool | None,
    limit: int,
    offset: int,
) -> tuple[list[ApplicationView], bool]:
    """The reviewer queue (oldest first) or a founder's own applications."""
    age = func.coalesce(Application.submitted_at, Application.created_at)
    query = select(Application).order_by(age, Application.id)
    if actor.role == "founder" and actor.account_id is not None:
        own = select(CompanyMember.company_id).where(CompanyMember.account_id == actor.account_id)
        query = query.where(Application.company_id.in_(own))
    elif status is None:
        query = query.where(Application.state != "draft")  # reviewers do not see drafts in the queue
    if status is not None:
        query = query.where(Application.state == status)
    if licence_type_code is not None:
        query = query.where(Application.licence_type == licence_type_code)
    if overdue is not None:
        late = overdue_condition(today)
        query = query.where(late if overdue else ~late)
    rows = list(await session.scalars(query.offset(offset).limit(limit + 1)))
    return await application_views(session, rows[:limit], actor=actor, today=today), len(rows) > limit


async def application_timeline(
    session: AsyncSession, *, actor: Actor, application_id: uuid.UUID
) -> list[TimelineEntry]:
    """Every step of the application, with the messages between reviewer and founder."""
    application, _ = await applicant_or_staff_application(session, actor, application_id)
    events = await read_resource_events(session, resource_type="application", resource_id=str(application.id))
    return [TimelineEntry(e.seq, e.occurred_at, e.kind, e.actor_id, dict(e.data)) for e in events]
