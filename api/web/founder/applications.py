"""A founder's licence applications: start (or renew), evidence, submit, the evaluation, a send-back's answer, withdraw.

The same services as ``/api/v1/applications``: ``create_application``, ``update_application``, ``add_evidence``,
``transition_application`` with ``submit_step`` / ``no_step``, and the API's evidence-form rules
(:func:`api.routes.evidence.evidence_form_errors`), document limits (``MAX_DOCUMENT_BYTES``, ``ALLOWED_MEDIA_TYPES`` of
:mod:`licensing.documents`) and send-back field catalogue (:data:`licensing.reasons.SEND_BACK_FIELDS`).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any, get_args

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.access import only
from api.conditional import version_number
from api.dependencies import AppSettings, Session, Today
from api.errors import STATUS_BY_KIND
from api.routes.evidence import EVIDENCE_FIELDS, EvidenceForm, document_download, evidence_form_errors
from api.web.forms import FormErrors, attempt, read_form
from api.web.founder.companies import MAX_COMPANIES, member_company
from api.web.founder.declarations import evaluation_context
from api.web.founder.form_values import decode_nested
from api.web.founder.texts import FOUNDER_TEXTS
from api.web.pages import PAGE_HEADERS, PageContext, redirect, render
from licensing.applications import (
    application_timeline,
    create_application,
    get_application,
    list_applications,
    no_step,
    submit_step,
    transition_application,
    update_application,
)
from licensing.documents import ALLOWED_MEDIA_TYPES, MAX_DOCUMENT_BYTES
from licensing.evidence import EvidenceUpload, add_evidence, document_of
from licensing.licence_types import LICENCE_TYPES
from licensing.reasons import SEND_BACK_FIELDS
from licensing.schemas import ApplicationCreate, ApplicationPatch, ApplicationView, EvidenceKind
from licensing.workflow import Action
from registry.companies.repository import CompanyFilters, member_condition
from registry.companies.service import list_companies
from registry.declarations.service import list_declarations
from registry.errors import DomainError, FieldError, InvalidInput
from registry.i18n import Text

__all__ = ["APPLICATION_HANDLERS", "EVIDENCE_KINDS", "upload_limits"]

EVIDENCE_KINDS: tuple[str, ...] = (
    "code_repository",
    "model_card",
    "client_letter",
    "invoice",
    "public_product_page",
    "other",
)
assert set(EVIDENCE_KINDS) == set(get_args(EvidenceKind))  # the API's list, in the order a founder reads it
_UPLOAD_BODY_LIMIT = MAX_DOCUMENT_BYTES + 512 * 1024
"""The document's limit plus room for the form's other fields (as the API's evidence route)."""
_OptionalText = Annotated[str | None, QueryParameter(max_length=40)]


def upload_limits() -> dict[str, Any]:
    """What the evidence form states before an upload: size, types, one file per item (the API's own limits)."""
    return {
        "max_megabytes": MAX_DOCUMENT_BYTES // (1024 * 1024),
        "allowed_types": ", ".join(ALLOWED_MEDIA_TYPES.values()),
        "accept": ".pdf,.png,.jpg,.jpeg," + ",".join(ALLOWED_MEDIA_TYPES),
    }


async def _own_companies(page: PageContext, session: AsyncSession) -> list[Any]:
    assert page.actor.account_id is not None
    listed = await list_companies(
        session,
        filters=CompanyFilters(),
        cursor=None,
        limit=MAX_COMPANIES,
        extra=member_condition(page.actor.account_id),  # type: ignore[arg-type]
    )
    return list(listed.items)


@get("/applications", **only("founder"))
async def applications(page: PageContext, session: Session, today: Today) -> Template:
    """The founder's applications (every company they act for), oldest first, and where to start a new one."""
    items, _ = await list_applications(
        session, actor=page.actor, today=today, status=None, licence_type_code=None, overdue=None, limit=200, offset=0
    )
    return render(
        page,
        "founder/applications.html",
        texts=FOUNDER_TEXTS,
        applications=items,
        companies=await _own_companies(page, session),
    )


async def _new_form(
    page: PageContext,
    session: AsyncSession,
    company_id: uuid.UUID,
    values: dict[str, str],
    errors: FormErrors,
    status: int = 200,
) -> Template:
    view = await member_company(page, session, company_id)
    filed = await list_declarations(session, actor=page.actor, company_id=company_id)
    filed = [item for item in filed if not item.superseded]
    return render(
        page,
        "founder/application_new.html",
        texts=FOUNDER_TEXTS,
        status_code=status,
        company=view,
        declarations=filed,
        licence_types=list(LICENCE_TYPES.values()),
        values=values,
        errors=errors,
    )


@get("/applications/new", **only("founder"))
async def new_application_form(
    page: PageContext,
    session: Session,
    company_id: Annotated[uuid.UUID, QueryParameter()],
    licence_type: _OptionalText = None,
) -> Template:
    """Start an application for a company: the licence type (its benefits stated) and the declaration relied on.

    A company that holds the licence already gets a renewal (the service decides, as for the API).
    """
    values = {"licence_type": licence_type if licence_type and licence_type in LICENCE_TYPES else "ai_native"}
    return await _new_form(page, session, company_id, values, FormErrors())


@post("/applications/new", **only("founder"), status_code=303)
async def new_application(
    page: PageContext, request: Request[Any, Any, Any], session: Session, today: Today, settings: AppSettings
) -> Template | Redirect:
    """Create the draft with the API's service."""
    values = await read_form(request)
    data, errors = decode_nested(ApplicationCreate, {k: v for k, v in values.items() if v}, page.language)
    if data is not None:
        created, refusal = await attempt(
            session,
            lambda: create_application(
                session, actor=page.actor, request=data, today=today, grace_days=settings.declaration_grace_days
            ),
        )
        if created is not None:
            return redirect(f"/founder/applications/{created.id}")
        assert refusal is not None
        errors = FormErrors.of(refusal, page.language)
    try:
        company_id = uuid.UUID(values.get("company_id", ""))
    except ValueError:
        return redirect("/founder/applications")
    return await _new_form(page, session, company_id, values, errors, status=422)


async def _application_page(
    page: PageContext,
    session: AsyncSession,
    application: ApplicationView,
    *,
    errors: FormErrors | None = None,
    evidence_values: dict[str, str] | None = None,
    status: int = 200,
) -> Template:
    filed = await list_declarations(session, actor=page.actor, company_id=application.company_id)
    relied = next((item for item in filed if item.id == application.declaration_id), None)
    evaluation = application.evaluation or (relied.evaluation if relied is not None else None)
    send_back = application.send_back or {}
    named_fields = [name for name in send_back.get("fields", []) if name in SEND_BACK_FIELDS]
    timeline = await application_timeline(session, actor=page.actor, application_id=application.id)
    return render(
        page,
        "founder/application.html",
        texts=FOUNDER_TEXTS,
        status_code=status,
        application=application,
        licence_type=LICENCE_TYPES[application.licence_type],
        relied=relied,
        declarations=[item for item in filed if not item.superseded],
        evaluated_on_submit=application.evaluation is not None,
        send_back=send_back,
        named_fields=named_fields,
        named_labels={name: SEND_BACK_FIELDS[name] for name in named_fields},
        named_evidence=set(send_back.get("evidence_ids", [])),
        declaration_named=bool(set(named_fields) - {"evidence", "founder_note", "declaration_id"}),
        editable=application.state in ("draft", "sent_back"),
        timeline=[entry for entry in timeline if entry.data.get("message") or entry.data.get("text")],
        errors=errors or FormErrors(),
        evidence_values=evidence_values or {"kind": "model_card"},
        kinds=[(code, FOUNDER_TEXTS[f"kind_{code}"].in_language(page.language)) for code in EVIDENCE_KINDS],
        **upload_limits(),
        **evaluation_context(evaluation, page.language),
    )


@get("/applications/{application_id:uuid}", **only("founder"))
async def application(
    page: PageContext, session: Session, today: Today, application_id: FromPath[uuid.UUID]
) -> Template:
    """One application: its state, evaluation, evidence, a send-back to answer, and what can be done now."""
    view = await get_application(session, actor=page.actor, application_id=application_id, today=today)
    return await _application_page(page, session, view)


def _version(values: dict[str, str]) -> int:
    return version_number(values.get("version", ""))


async def _after(
    page: PageContext,
    session: AsyncSession,
    today: Any,
    application_id: uuid.UUID,
    refusal: DomainError | None,
) -> Template | Redirect:
    """Back to the application page: after a success (303), or with the service's refusal in words."""
    if refusal is None:
        return redirect(f"/founder/applications/{application_id}")
    view = await get_application(session, actor=page.actor, application_id=application_id, today=today)
    # The API's status for the refusal, but a stale form is a conflict explained on the page, not a 412.
    status = 409 if refusal.kind == "precondition_failed" else STATUS_BY_KIND[refusal.kind]
    return await _application_page(page, session, view, errors=FormErrors.of(refusal, page.language), status=status)


@post("/applications/{application_id:uuid}/submit", **only("founder"), status_code=303)
async def submit(
    page: PageContext,
    request: Request[Any, Any, Any],
    session: Session,
    today: Today,
    settings: AppSettings,
    application_id: FromPath[uuid.UUID],
) -> Template | Redirect:
    """Submit (or resubmit after a send-back): the rubric runs for the AI-native track."""
    values = await read_form(request)
    step = submit_step(session, today, grace_days=settings.declaration_grace_days)
    _, refusal = await attempt(
        session,
        lambda: transition_application(
            session,
            actor=page.actor,
            application_id=application_id,
            expected_version=_version(values),
            action=Action.SUBMIT,
            today=today,
            apply=step,
        ),
    )
    return await _after(page, session, today, application_id, refusal)


@post("/applications/{application_id:uuid}/withdraw", **only("founder"), status_code=303)
async def withdraw(
    page: PageContext,
    request: Request[Any, Any, Any],
    session: Session,
    today: Today,
    application_id: FromPath[uuid.UUID],
) -> Template | Redirect:
    """Withdraw a draft, submitted or sent-back application."""
    values = await read_form(request)
    _, refusal = await attempt(
        session,
        lambda: transition_application(
            session,
            actor=page.actor,
            application_id=application_id,
            expected_version=_version(values),
            action=Action.WITHDRAW,
            today=today,
            apply=no_step,
        ),
    )
    return await _after(page, session, today, application_id, refusal)


@post("/applications/{application_id:uuid}/change", **only("founder"), status_code=303)
async def change(
    page: PageContext,
    request: Request[Any, Any, Any],
    session: Session,
    today: Today,
    settings: AppSettings,
    application_id: FromPath[uuid.UUID],
) -> Template | Redirect:
    """Change the declaration relied on and the founder's note (a draft, or an answer to a send-back)."""
    values = await read_form(request)
    body: dict[str, Any] = {"founder_note": values.get("founder_note", "").strip() or None}
    if values.get("declaration_id"):
        body["declaration_id"] = values["declaration_id"]
    data, errors = decode_nested(ApplicationPatch, body, page.language)
    if data is None:
        view = await get_application(session, actor=page.actor, application_id=application_id, today=today)
        return await _application_page(page, session, view, errors=errors, status=422)
    _, refusal = await attempt(
        session,
        lambda: update_application(
            session,
            actor=page.actor,
            application_id=application_id,
            expected_version=_version(values),
            patch=data,
            today=today,
            grace_days=settings.declaration_grace_days,
        ),
    )
    return await _after(page, session, today, application_id, refusal)


_NO_FILE = Text(
    kk="Файл таңдалмаған немесе бос.", ru="Файл не выбран или пуст.", en="No file was chosen, or it is empty."
)


@post(
    "/applications/{application_id:uuid}/evidence",
    **only("founder"),
    status_code=303,
    request_max_body_size=_UPLOAD_BODY_LIMIT,
)
async def evidence(
    page: PageContext,
    request: Request[Any, Any, Any],
    session: Session,
    today: Today,
    application_id: FromPath[uuid.UUID],
) -> Template | Redirect:
    """Attach a URL or an uploaded document (checked by its content, as the API checks it)."""
    form = await request.form()
    values = {name: value for name, value in (await read_form(request)).items() if name in EVIDENCE_FIELDS}
    upload = form.get("file")
    file = upload if isinstance(upload, UploadFile) and upload.filename else None
    content = await file.read() if file is not None else None
    url = values.get("url", "").strip() or None
    checked = EvidenceForm(kind=values.get("kind", ""), description=values.get("description", ""), url=url, file=file)
    problems = evidence_form_errors(checked)
    if file is not None and not content and not problems:
        problems = [FieldError("file", "document.empty", _NO_FILE)]
    refusal: DomainError | None = None
    if problems:
        refusal = InvalidInput(problems[0].code, problems[0].message, errors=problems)
    else:
        item = EvidenceUpload(
            kind=checked.kind,  # type: ignore[arg-type]
            description=checked.description.strip(),
            url=url,
            filename=file.filename if file is not None else None,
            content=content,
        )
        _, refusal = await attempt(
            session, lambda: add_evidence(session, actor=page.actor, application_id=application_id, upload=item)
        )
    if refusal is None:
        return redirect(f"/founder/applications/{application_id}#evidence")
    view = await get_application(session, actor=page.actor, application_id=application_id, today=today)
    return await _application_page(
        page, session, view, errors=FormErrors.of(refusal, page.language), evidence_values=values, status=422
    )


@get("/applications/{application_id:uuid}/evidence/{evidence_id:uuid}/document", **only("founder"))
async def document(
    page: PageContext, session: Session, application_id: FromPath[uuid.UUID], evidence_id: FromPath[uuid.UUID]
) -> Response[bytes]:
    """An uploaded document, as the API's download gives it (always an attachment, never cached)."""
    found = await document_of(session, actor=page.actor, application_id=application_id, evidence_id=evidence_id)
    return document_download(found, PAGE_HEADERS)


APPLICATION_HANDLERS = [
    applications,
    new_application_form,
    new_application,
    application,
    submit,
    withdraw,
    change,
    evidence,
    document,
]
