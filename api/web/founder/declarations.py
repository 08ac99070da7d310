"""The yearly AI declaration: a form with the rubric's live preview, the history of filings and the pivots.

The preview is ``preview_declaration`` (what ``POST /api/v1/companies/{id}/declarations/preview`` answers), filing
is ``file_declaration`` with the API's ``standard_licence_periods``; nothing of the rubric is computed here.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

import msgspec
from litestar import Request, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.access import only
from api.conditional import version_number
from api.dependencies import AppSettings, Session, Today
from api.web.forms import FormErrors, attempt, read_form
from api.web.founder.companies import member_company
from api.web.founder.form_values import (
    PRODUCT_ROWS,
    declaration_body,
    declaration_values,
    decode_nested,
)
from api.web.founder.texts import FOUNDER_TEXTS
from api.web.labels import labels_of
from api.web.pages import PageContext, Translator, redirect, render
from licensing.applications import get_application, update_application
from licensing.pivot_periods import standard_licence_periods
from licensing.reasons import SEND_BACK_FIELDS
from licensing.schemas import ApplicationPatch
from registry.ai_systems.service import list_company_ai_systems
from registry.declarations.pivots import list_pivots
from registry.declarations.schemas import DeclarationIn, EvaluationView
from registry.declarations.service import (
    company_ai_status,
    file_declaration,
    list_declarations,
    preview_declaration,
)

__all__ = ["DECLARATION_HANDLERS", "criterion_rows"]

_Id = Annotated[uuid.UUID | None, QueryParameter()]


def _shown(value: object, translator: Translator) -> str:
    """A criterion's value or threshold as a reader takes it: a share in per cent, yes/no, a count."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return translator("yes" if value else "no")
    if isinstance(value, float):
        return f"{value * 100:.1f}".rstrip("0").rstrip(".") + " %"
    return str(value)


def criterion_rows(evaluation: EvaluationView | Mapping[str, Any] | None, language: str) -> list[dict[str, Any]]:
    """Each criterion of an evaluation (a view or a stored one) with its value and threshold as words."""
    if evaluation is None:
        return []
    translator = Translator(language, FOUNDER_TEXTS)
    criteria = evaluation["criteria"] if isinstance(evaluation, Mapping) else evaluation.criteria
    rows = []
    for criterion in criteria:
        item: Mapping[str, Any] = criterion if isinstance(criterion, Mapping) else msgspec.structs.asdict(criterion)
        rows.append(
            {
                "id": item["id"],
                "title": translator.text(item["title"]),
                "value": _shown(item["value"], translator),
                "threshold": _shown(item["threshold"], translator),
                "passed": item["passed"],
                "required": item["required"],
                "explanation": translator.text(item["explanation"]),
            }
        )
    return rows


def _evaluation_class(evaluation: EvaluationView | Mapping[str, Any] | None) -> str | None:
    if evaluation is None:
        return None
    return str(evaluation["ai_class"] if isinstance(evaluation, Mapping) else evaluation.ai_class)


def evaluation_context(evaluation: EvaluationView | Mapping[str, Any] | None, language: str) -> dict[str, Any]:
    """What ``founder/evaluation.html`` shows: the class and each criterion."""
    flags = (evaluation.get("flags", []) if isinstance(evaluation, Mapping) else evaluation.flags) if evaluation else []
    return {
        "evaluation_class": _evaluation_class(evaluation),
        "criteria": criterion_rows(evaluation, language),
        "flags": list(flags),
    }


@get("/companies/{company_id:uuid}/declarations", **only("founder"))
async def declarations(page: PageContext, session: Session, company_id: FromPath[uuid.UUID]) -> Template:
    """The company's filings (superseded ones marked), its AI class now and its pivots."""
    view = await member_company(page, session, company_id)
    filed = await list_declarations(session, actor=page.actor, company_id=company_id)
    status = await company_ai_status(session, actor=page.actor, company_id=company_id)
    pivots = await list_pivots(session, company_id=company_id)
    return render(
        page,
        "founder/declarations.html",
        texts=FOUNDER_TEXTS,
        company=view,
        declarations=filed,
        ai_status=status,
        current=evaluation_context(status.evaluation, page.language),
        pivots=pivots,
    )


async def _form(
    page: PageContext,
    session: AsyncSession,
    company_id: uuid.UUID,
    values: dict[str, str],
    errors: FormErrors,
    *,
    evaluation: EvaluationView | None = None,
    fix: tuple[list[str], str] = ([], ""),
    status: int = 200,
) -> Template:
    view = await member_company(page, session, company_id)
    systems = await list_company_ai_systems(session, actor=page.actor, company_id=company_id)
    fields, application_id = fix
    return render(
        page,
        "founder/declaration_form.html",
        texts=FOUNDER_TEXTS,
        status_code=status,
        company=view,
        values=values,
        errors=errors,
        rows=range(PRODUCT_ROWS),
        capabilities=labels_of("capability", page.language),
        provenances=[(code, FOUNDER_TEXTS[f"provenance_{code}"].in_language(page.language)) for code in _PROVENANCES],
        stages=[(code, FOUNDER_TEXTS[f"stage_{code}"].in_language(page.language)) for code in _STAGES],
        systems=[(str(system.id), system.name) for system in systems],
        previewed=evaluation is not None,
        fix_fields=fields,
        fix_labels=[SEND_BACK_FIELDS[name].in_language(page.language) for name in fields if name in SEND_BACK_FIELDS],
        application_id=application_id,
        preview_errors=FormErrors(),
        **evaluation_context(evaluation, page.language),
    )


_PROVENANCES = ("own_trained", "fine_tuned", "third_party_api")
_STAGES = ("research", "pilot", "production")


async def _correction(
    page: PageContext, session: AsyncSession, today: date, application_id: uuid.UUID | None
) -> tuple[dict[str, str], tuple[list[str], str]]:
    """For an answer to a send-back: the relied declaration's figures and the fields the reviewer named."""
    if application_id is None:
        return {}, ([], "")
    application = await get_application(session, actor=page.actor, application_id=application_id, today=today)
    fields = list((application.send_back or {}).get("fields", []))
    return {"from": str(application.declaration_id), "application_version": str(application.version)}, (
        fields,
        str(application.id),
    )


@get("/companies/{company_id:uuid}/declarations/new", **only("founder"))
async def declaration_form(
    page: PageContext,
    session: Session,
    today: Today,
    company_id: FromPath[uuid.UUID],
    from_declaration: Annotated[uuid.UUID | None, QueryParameter(name="from")] = None,
    application: _Id = None,
) -> Template:
    """A new declaration (by default for the last closed year), or a correction of one filed (``?from=``)."""
    await member_company(page, session, company_id)
    hidden, fix = await _correction(page, session, today, application)
    source = from_declaration or (uuid.UUID(hidden["from"]) if hidden.get("from") else None)
    values: dict[str, str] = {"fiscal_year": str(today.year - 1)}
    if source is not None:
        filed = await list_declarations(session, actor=page.actor, company_id=company_id)
        match = next((item for item in filed if item.id == source), None)
        if match is not None:
            values = declaration_values(match)
    if "application_version" in hidden:
        values["application_version"] = hidden["application_version"]
    return await _form(page, session, company_id, values, FormErrors(), fix=fix)


@post("/companies/{company_id:uuid}/declarations/new", **only("founder"), status_code=303)
async def declare(
    page: PageContext,
    request: Request[Any, Any, Any],
    session: Session,
    today: Today,
    settings: AppSettings,
    company_id: FromPath[uuid.UUID],
    application: _Id = None,
) -> Template | Redirect:
    """File the declaration, or (the "preview" button) show the rubric's evaluation of the form as it is.

    Answering a send-back (``?application=``), the filed declaration becomes the one the application relies on.
    """
    values = await read_form(request)
    data, errors = decode_nested(DeclarationIn, declaration_body(values), page.language)
    _, fix = await _correction(page, session, today, application)
    if data is None:
        return await _form(page, session, company_id, values, errors, fix=fix, status=422)
    if values.get("action") == "preview":
        evaluation, refusal = await attempt(
            session,
            lambda: preview_declaration(session, actor=page.actor, company_id=company_id, request=data, today=today),
        )
        errors = FormErrors.of(refusal, page.language) if refusal is not None else FormErrors()
        return await _form(
            page, session, company_id, values, errors, evaluation=evaluation, fix=fix, status=422 if refusal else 200
        )
    filed, refusal = await attempt(
        session,
        lambda: file_declaration(
            session,
            actor=page.actor,
            company_id=company_id,
            request=data,
            today=today,
            extra_periods=standard_licence_periods,
        ),
    )
    if filed is None:
        assert refusal is not None
        errors = FormErrors.of(refusal, page.language)
        return await _form(page, session, company_id, values, errors, fix=fix, status=422)
    if application is None:
        return redirect(f"/founder/companies/{company_id}/declarations")
    version = version_number(values.get("application_version", ""))
    await attempt(
        session,
        lambda: update_application(
            session,
            actor=page.actor,
            application_id=application,
            expected_version=version,
            patch=ApplicationPatch(declaration_id=filed.id),
            today=today,
            grace_days=settings.declaration_grace_days,
        ),
    )
    return redirect(f"/founder/applications/{application}")


@post("/companies/{company_id:uuid}/declarations/preview", **only("founder"), status_code=200)
async def preview(
    page: PageContext, request: Request[Any, Any, Any], session: Session, today: Today, company_id: FromPath[uuid.UUID]
) -> Template:
    """The evaluation fragment for the form's script: the rubric on the figures as typed (nothing stored)."""
    values = await read_form(request)
    data, errors = decode_nested(DeclarationIn, declaration_body(values), page.language)
    evaluation = None
    if data is not None:
        evaluation, refusal = await attempt(
            session,
            lambda: preview_declaration(session, actor=page.actor, company_id=company_id, request=data, today=today),
        )
        if refusal is not None:
            errors = FormErrors.of(refusal, page.language)
    return render(
        page,
        "founder/evaluation_fragment.html",
        texts=FOUNDER_TEXTS,
        preview_errors=errors,
        previewed=evaluation is not None,
        **evaluation_context(evaluation, page.language),
    )


DECLARATION_HANDLERS = [declarations, declaration_form, declare, preview]
