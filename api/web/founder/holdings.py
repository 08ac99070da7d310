"""What a founder's companies hold: their licences (certificate, renewal) and their AI systems (list, record, edit).

Licences come from ``company_profile`` (what ``GET /api/v1/companies/{id}`` lists), systems from the services of
``/api/v1/companies/{id}/ai-systems`` and ``/api/v1/ai-systems/{id}``.
"""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.access import only
from api.conditional import version_number
from api.dependencies import Session, Today
from api.web.forms import FormErrors, attempt, read_form
from api.web.founder.companies import MAX_COMPANIES, member_company
from api.web.founder.form_values import CHECKED, ai_system_body, decode_nested
from api.web.founder.texts import FOUNDER_TEXTS
from api.web.labels import labels_of
from api.web.pages import PageContext, redirect, render
from licensing.applications import RENEWAL_WINDOW
from licensing.public_register import company_profile
from registry.ai_systems.schemas import AiSystemCreate, AiSystemFull, AiSystemPatch
from registry.ai_systems.service import change_ai_system, get_ai_system, list_company_ai_systems, record_ai_system
from registry.companies.repository import CompanyFilters, member_condition
from registry.companies.schemas import CompanyFull
from registry.companies.service import get_company, list_companies
from registry.errors import NotFound
from registry.plain_reads import session_reader

__all__ = ["HOLDING_HANDLERS"]


@get("/licences", **only("founder"))
async def licences(page: PageContext, session: Session, today: Today) -> Template:
    """Every licence of the founder's companies, with the certificate and, when it applies, the renewal."""
    assert page.actor.account_id is not None
    listed = await list_companies(
        session,
        filters=CompanyFilters(),
        cursor=None,
        limit=MAX_COMPANIES,
        extra=member_condition(page.actor.account_id),  # type: ignore[arg-type]
    )
    rows: list[tuple[Any, Any]] = []
    reader = await session_reader(session)
    for item in listed.items:
        view = await get_company(reader, actor=page.actor, company_id=item.id)
        profile = await company_profile(reader, view=view, today=today)
        rows.extend((profile, licence) for licence in profile.licences)
    return render(
        page, "founder/licences.html", texts=FOUNDER_TEXTS, rows=rows, today=today, renewal_window=RENEWAL_WINDOW
    )


@get("/companies/{company_id:uuid}/ai-systems", **only("founder"))
async def ai_systems(page: PageContext, session: Session, company_id: FromPath[uuid.UUID]) -> Template:
    """The company's AI systems, whole records, as its members see them."""
    view = await member_company(page, session, company_id)
    systems = await list_company_ai_systems(session, actor=page.actor, company_id=company_id)
    return render(page, "founder/ai_systems.html", texts=FOUNDER_TEXTS, company=view, systems=systems)


def _choices(page: PageContext) -> dict[str, Any]:
    return {
        "capabilities": labels_of("capability", page.language),
        "statuses": labels_of("system_status", page.language),
        "risks": labels_of("risk_degree", page.language),
        "autonomies": labels_of("autonomy_degree", page.language),
    }


def _system_form(
    page: PageContext,
    company: CompanyFull,
    values: dict[str, str],
    errors: FormErrors,
    *,
    system: AiSystemFull | None = None,
    status: int = 200,
) -> Template:
    return render(
        page,
        "founder/ai_system_form.html",
        texts=FOUNDER_TEXTS,
        status_code=status,
        company=company,
        system=system,
        values=values,
        errors=errors,
        **_choices(page),
    )


@get("/companies/{company_id:uuid}/ai-systems/new", **only("founder"))
async def new_ai_system_form(page: PageContext, session: Session, company_id: FromPath[uuid.UUID]) -> Template:
    """Record an AI system: what it is for, its capabilities, and the degrees its owner assigns."""
    view = await member_company(page, session, company_id)
    values = {"status": "development", "risk_degree": "minimal", "autonomy_degree": "low"}
    return _system_form(page, view, values, FormErrors())


@post("/companies/{company_id:uuid}/ai-systems/new", **only("founder"), status_code=303)
async def new_ai_system(
    page: PageContext, request: Request[Any, Any, Any], session: Session, today: Today, company_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    """Record it with the API's service."""
    view = await member_company(page, session, company_id)
    values = await read_form(request)
    data, errors = decode_nested(AiSystemCreate, ai_system_body(values), page.language)
    if data is not None:
        created, refusal = await attempt(
            session,
            lambda: record_ai_system(session, actor=page.actor, company_id=company_id, request=data, today=today),
        )
        if created is not None:
            return redirect(f"/founder/companies/{company_id}/ai-systems")
        assert refusal is not None
        errors = FormErrors.of(refusal, page.language)
    return _system_form(page, view, values, errors, status=422)


async def _own_system(
    page: PageContext, session: AsyncSession, system_id: uuid.UUID
) -> tuple[AiSystemFull, CompanyFull]:
    system = await get_ai_system(session, actor=page.actor, system_id=system_id)
    if not isinstance(system, AiSystemFull):
        raise NotFound("ai_system.not_found", FOUNDER_TEXTS["not_your_system"])
    return system, await member_company(page, session, system.company_id)


def _system_values(system: AiSystemFull) -> dict[str, str]:
    names = ("name", "system_version", "purpose", "data_and_logic", "status", "risk_degree", "autonomy_degree")
    values = {name: str(getattr(system, name)) for name in names}
    values.update({f"capabilities.{code}": CHECKED for code in system.capabilities})
    if system.synthetic_output_labelled:
        values["synthetic_output_labelled"] = CHECKED
    values["version"] = str(system.version)
    return values


@get("/ai-systems/{system_id:uuid}/edit", **only("founder"))
async def edit_ai_system_form(page: PageContext, session: Session, system_id: FromPath[uuid.UUID]) -> Template:
    """The system's record as it is now, to change."""
    system, company = await _own_system(page, session, system_id)
    return _system_form(page, company, _system_values(system), FormErrors(), system=system)


@post("/ai-systems/{system_id:uuid}/edit", **only("founder"), status_code=303)
async def edit_ai_system(
    page: PageContext, request: Request[Any, Any, Any], session: Session, today: Today, system_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    """Change it if nobody did since the form was read; a conflict is explained with the record as it is now."""
    system, company = await _own_system(page, session, system_id)
    values = await read_form(request)
    data, errors = decode_nested(AiSystemPatch, ai_system_body(values), page.language)
    version = version_number(values.get("version", ""))
    if data is not None:
        changed, refusal = await attempt(
            session,
            lambda: change_ai_system(
                session, actor=page.actor, system_id=system_id, expected_version=version, patch=data, today=today
            ),
        )
        if changed is not None:
            return redirect(f"/founder/companies/{company.id}/ai-systems")
        assert refusal is not None
        errors = FormErrors.of(refusal, page.language)
        if refusal.kind == "precondition_failed":
            latest, _ = await _own_system(page, session, system_id)
            values["version"] = str(latest.version)
            return _system_form(page, company, values, errors, system=latest, status=409)
    return _system_form(page, company, values, errors, system=system, status=422)


HOLDING_HANDLERS = [licences, ai_systems, new_ai_system_form, new_ai_system, edit_ai_system_form, edit_ai_system]
