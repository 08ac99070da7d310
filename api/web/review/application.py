"""One application for a reviewer, and the decisions on it: claim, send back, approve, reject.

The page shows what ``GET /api/v1/applications/{id}`` gives (the evaluation criterion by criterion, the evidence, the
company's AI systems) with the company's declarations and pivots (``GET /companies/{id}/declarations`` and
``/pivots``) and the timeline. Each decision is the API route's own transition with its own step, guard and
``If-Match`` (the version the page showed travels in a hidden field); a refusal (conflict of interest, a stale page,
a reason missing from the catalogue …) is the service's message on the page, with nothing changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from api.auth.access import only
from api.conditional import version_number
from api.dependencies import AppSettings, Session, Today
from api.routes.evidence import document_download
from api.web.forms import FormErrors, attempt, decode_form, read_form
from api.web.labels import label
from api.web.pages import PAGE_HEADERS, PageContext, redirect, render
from api.web.review.common import STAFF, deadline, field_errors, form_lists, refusal_status
from api.web.review.texts import REVIEW_TEXTS
from licensing.applications import (
    application_timeline,
    approve_step,
    claim_step,
    get_application,
    reject_step,
    send_back_step,
    transition_application,
)
from licensing.conflicts import ensure_no_conflict_of_interest
from licensing.evidence import document_of
from licensing.models import Application
from licensing.reasons import reason_catalogue
from licensing.schemas import ApplicationView, ApproveIn, RejectIn, SendBackIn, TimelineEntry
from licensing.workflow import ACTION_LABELS, STATE_LABELS, Action, ApplicationState
from registry.declarations.labels import ai_class_label
from registry.declarations.pivots import list_pivots
from registry.declarations.service import list_declarations
from registry.errors import DomainError
from registry.i18n import Text

__all__ = [
    "application",
    "approve",
    "claim",
    "criterion_rows",
    "evidence_document",
    "reject",
    "send_back",
]

Step = Callable[[Application], Awaitable[dict[str, Any]]]
_DONE = ("claim", "send_back", "approve", "reject")
Done = Annotated[str | None, QueryParameter(max_length=20)]


def _page_path(application_id: uuid.UUID) -> str:
    return f"/review/applications/{application_id}"


def criterion_rows(
    evaluation: Mapping[str, Any] | None, language: str, texts: Mapping[str, Text]
) -> list[dict[str, Any]]:
    """The evaluation's criteria as the page's table shows them: shares in per cent, yes/no, counts."""

    def shown(value: Any) -> str:
        if value is None:
            return "—"
        if isinstance(value, bool):
            return texts["yes" if value else "no"].in_language(language)
        if isinstance(value, float):
            share = f"{value * 100:.1f}"
            return f"{share if language == 'en' else share.replace('.', ',')} %"  # as the explanations write it
        return str(value)

    return [
        {
            "id": criterion["id"],
            "title": criterion["title"],
            "value": shown(criterion["value"]),
            "threshold": shown(criterion["threshold"]),
            "passed": criterion["passed"],
            "required": criterion["required"],
            "explanation": criterion["explanation"],
        }
        for criterion in (evaluation or {}).get("criteria", [])
    ]


def _timeline_words(entry: TimelineEntry) -> Text | None:
    """What a step of the timeline did: the state it led to, else the page's word for the event."""
    state = entry.data.get("state")
    if state in {s.value for s in STATE_LABELS}:
        return STATE_LABELS[ApplicationState(state)]
    return REVIEW_TEXTS.get(f"event_{entry.kind.removeprefix('application.')}")


async def render_application(
    page: PageContext,
    session: Session,
    today: date,
    application_id: uuid.UUID,
    *,
    status_code: int = 200,
    form: str = "",
    errors: FormErrors | None = None,
    values: Mapping[str, Any] | None = None,
    done: str | None = None,
) -> Template:
    """The application page; ``form`` names the decision form that ``errors`` and ``values`` belong to."""
    view = await get_application(session, actor=page.actor, application_id=application_id, today=today)
    declarations = await list_declarations(session, actor=page.actor, company_id=view.company_id)
    pivots = await list_pivots(session, company_id=view.company_id)
    timeline = await application_timeline(session, actor=page.actor, application_id=application_id)
    _, conflict = await attempt(
        session,
        lambda: ensure_no_conflict_of_interest(
            session, actor=page.actor, company_id=view.company_id, subject="application"
        ),
    )
    catalogue = reason_catalogue()
    evidence_names = {str(item.id): item.description for item in view.evidence}
    field_names = {item.field: item.label for item in catalogue.send_back}
    return render(
        page,
        "review/application.html",
        texts=REVIEW_TEXTS,
        status_code=status_code,
        application=view,
        criteria=criterion_rows(view.evaluation, page.language, REVIEW_TEXTS),
        ai_class=ai_class_label(view.evaluation["ai_class"]) if view.evaluation else None,
        first_action=deadline(today, view.first_action_due, running=view.state == "submitted"),
        decision=deadline(today, view.decision_due, running=view.state in {"submitted", "in_review"}),
        declarations=declarations,
        pivots=pivots,
        timeline=[{"entry": entry, "words": _timeline_words(entry)} for entry in timeline],
        conflict=conflict.message if conflict else None,
        actions=[] if conflict else [action for action in view.allowed_actions if action in _DONE],
        action_labels={action.value: text for action, text in ACTION_LABELS.items()},
        send_back_fields=catalogue.send_back,
        rejection_reasons=catalogue.rejection,
        field_names=field_names,
        evidence_names=evidence_names,
        class_label=lambda code: label("ai_class", code, page.language),
        form=form,
        errors=errors or FormErrors(),
        values=values or {},
        done=done if done in _DONE else None,
    )


@get("/applications/{application_id:uuid}", **only(*STAFF))
async def application(
    page: PageContext, session: Session, today: Today, application_id: FromPath[uuid.UUID], done: Done = None
) -> Template:
    """The application with its evaluation, evidence, history, pivots, AI systems and the decisions open now."""
    return await render_application(page, session, today, application_id, done=done)


def _version(values: Mapping[str, Any]) -> int:
    """The version the page showed (a mangled one is simply stale)."""
    text = str(values.get("version", ""))
    return version_number(text)


async def _decide(
    page: PageContext,
    session: Session,
    today: date,
    application_id: uuid.UUID,
    *,
    action: Action,
    values: Mapping[str, Any],
    step: Step | None,
    errors: FormErrors | None = None,
) -> Template | Redirect:
    """Make the API's transition; on success back to the page (303), else the page with the refusal in words."""
    if step is not None:
        view: ApplicationView | None
        view, refusal = await attempt(
            session,
            lambda: transition_application(
                session,
                actor=page.actor,
                application_id=application_id,
                expected_version=_version(values),
                action=action,
                today=today,
                apply=step,
            ),
        )
        if view is not None:
            return redirect(f"{_page_path(application_id)}?done={action.value}")
        assert refusal is not None
        return await _refused(page, session, today, application_id, action, values, refusal)
    return await render_application(
        page, session, today, application_id, status_code=422, form=action.value, errors=errors, values=values
    )


async def _refused(
    page: PageContext,
    session: Session,
    today: date,
    application_id: uuid.UUID,
    action: Action,
    values: Mapping[str, Any],
    refusal: DomainError,
) -> Template:
    return await render_application(
        page,
        session,
        today,
        application_id,
        status_code=refusal_status(refusal),
        form=action.value,
        errors=field_errors(refusal, page.language),
        values=values,
    )


@post("/applications/{application_id:uuid}/claim", **only(*STAFF), status_code=303)
async def claim(
    page: PageContext,
    request: Request[Any, Any, Any],
    session: Session,
    today: Today,
    application_id: FromPath[uuid.UUID],
) -> Template | Redirect:
    """Take the application for review (``POST …/claim``)."""
    values = await read_form(request)
    return await _decide(
        page, session, today, application_id, action=Action.CLAIM, values=values, step=claim_step(page.actor)
    )


@post("/applications/{application_id:uuid}/send-back", **only(*STAFF), status_code=303)
async def send_back(
    page: PageContext,
    request: Request[Any, Any, Any],
    session: Session,
    today: Today,
    application_id: FromPath[uuid.UUID],
) -> Template | Redirect:
    """Send back naming fields (from the catalogue) and evidence items to fix, with a message."""
    values: dict[str, Any] = {**await read_form(request), **await form_lists(request, "fields", "evidence_ids")}
    data, errors = decode_form(SendBackIn, values, page.language)
    return await _decide(
        page,
        session,
        today,
        application_id,
        action=Action.SEND_BACK,
        values=values,
        step=send_back_step(data) if data is not None else None,
        errors=errors,
    )


@post("/applications/{application_id:uuid}/approve", **only(*STAFF), status_code=303)
async def approve(
    page: PageContext,
    request: Request[Any, Any, Any],
    session: Session,
    today: Today,
    settings: AppSettings,
    application_id: FromPath[uuid.UUID],
) -> Template | Redirect:
    """Approve and issue the licence in the same transaction (``POST …/approve``)."""
    values = await read_form(request)
    data, errors = decode_form(ApproveIn, values, page.language)
    step = (
        approve_step(session, page.actor, data, today, grace_days=settings.declaration_grace_days)
        if data is not None
        else None
    )
    return await _decide(
        page, session, today, application_id, action=Action.APPROVE, values=values, step=step, errors=errors
    )


@post("/applications/{application_id:uuid}/reject", **only(*STAFF), status_code=303)
async def reject(
    page: PageContext,
    request: Request[Any, Any, Any],
    session: Session,
    today: Today,
    application_id: FromPath[uuid.UUID],
) -> Template | Redirect:
    """Reject with a reason from the catalogue and the reviewer's words."""
    values = await read_form(request)
    data, errors = decode_form(RejectIn, values, page.language)
    return await _decide(
        page,
        session,
        today,
        application_id,
        action=Action.REJECT,
        values=values,
        step=reject_step(data) if data is not None else None,
        errors=errors,
    )


@get("/applications/{application_id:uuid}/evidence/{evidence_id:uuid}/document", **only(*STAFF))
async def evidence_document(
    page: PageContext, session: Session, application_id: FromPath[uuid.UUID], evidence_id: FromPath[uuid.UUID]
) -> Response[bytes]:
    """An uploaded document, through the API's download rule (:func:`licensing.evidence.document_of`)."""
    document = await document_of(session, actor=page.actor, application_id=application_id, evidence_id=evidence_id)
    return document_download(document, PAGE_HEADERS)
