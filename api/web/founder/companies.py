"""A founder's companies: the list, registration (the BIN checked as they type), the company page, edit, members.

Each handler calls the service ``/api/v1/companies`` calls (``register_company``, ``change_company``,
``list_members``, ``add_member``) with the founder's actor, so the rules and messages are the API's.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.access import only
from api.conditional import version_number
from api.dependencies import Session, Today
from api.web.forms import FormErrors, attempt, read_form
from api.web.founder.form_values import company_body, decode_nested, grouped_errors
from api.web.founder.texts import FOUNDER_TEXTS
from api.web.labels import labels_of
from api.web.pages import PageContext, redirect, render
from licensing.company_status import change_company
from licensing.public_register import company_profile
from registry.ai_systems.service import list_company_ai_systems
from registry.companies.bin_rules import parse_bin
from registry.companies.errors import company_not_found
from registry.companies.repository import CompanyFilters, member_condition
from registry.companies.schemas import CompanyCreate, CompanyFull, CompanyPatch, MemberAdd
from registry.companies.service import add_member, get_company, list_companies, list_members, register_company
from registry.declarations.service import company_ai_status
from registry.errors import InvalidInput, PreconditionFailed
from registry.plain_reads import session_reader
from registry.reference.service import list_activities, list_regions

__all__ = ["COMPANY_HANDLERS", "member_company", "reference_choices"]

MAX_COMPANIES = 200
"""Companies listed on a founder's page (the API's largest page)."""
_EDITABLE = ("name_kk", "name_ru", "name_en", "legal_form", "region", "headcount", "website", "description")


async def reference_choices(page: PageContext, session: AsyncSession) -> dict[str, Any]:
    """The regions, activities (divisions and classes) and legal forms for a company form's selects."""
    language = page.language
    regions = [(region.kato, str(getattr(region, f"name_{language}"))) for region in await list_regions(session)]
    activities = [
        (item.code, f"{item.code} {getattr(item, f'name_{language}')}")
        for item in await list_activities(session)
        if item.level in ("division", "class")
    ]
    return {"regions": regions, "activities": activities, "legal_forms": labels_of("legal_form", language)}


async def member_company(page: PageContext, session: AsyncSession, company_id: uuid.UUID) -> CompanyFull:
    """The company as its members see it; 404 (as the API) for a company the founder does not act for."""
    view = await get_company(await session_reader(session), actor=page.actor, company_id=company_id)
    if not isinstance(view, CompanyFull):
        raise company_not_found()
    return view


@get("/", **only("founder"))
async def founder_home() -> Redirect:
    """The area's address leads to the founder's companies."""
    return redirect("/founder/companies")


@get("/companies", **only("founder"))
async def companies(page: PageContext, session: Session) -> Template:
    """The companies the founder acts for."""
    assert page.actor.account_id is not None
    listed = await list_companies(
        session,
        filters=CompanyFilters(),
        cursor=None,
        limit=MAX_COMPANIES,
        extra=member_condition(page.actor.account_id),  # type: ignore[arg-type]
    )
    return render(page, "founder/companies.html", texts=FOUNDER_TEXTS, companies=listed.items)


async def _new_form(
    page: PageContext, session: AsyncSession, values: dict[str, str], errors: FormErrors, status: int = 200
) -> Template:
    return render(
        page,
        "founder/company_new.html",
        texts=FOUNDER_TEXTS,
        status_code=status,
        values=values,
        errors=errors,
        **await reference_choices(page, session),
    )


@get("/companies/new", **only("founder"))
async def new_company_form(page: PageContext, session: Session) -> Template:
    """The registration form."""
    return await _new_form(page, session, {"legal_form": "llp"}, FormErrors())


@post("/companies/new", **only("founder"), status_code=303)
async def new_company(
    page: PageContext, request: Request[Any, Any, Any], session: Session, today: Today
) -> Template | Redirect:
    """Register the company with the API's rules; the founder becomes its owner."""
    values = await read_form(request)
    data, errors = decode_nested(CompanyCreate, company_body(values), page.language)
    if data is not None:
        created, refusal = await attempt(
            session, lambda: register_company(session, actor=page.actor, request=data, today=today)
        )
        if created is not None:
            return redirect(f"/founder/companies/{created.id}")
        assert refusal is not None
        errors = FormErrors.of(refusal, page.language)
    else:
        # The form failed before the service could judge it (a field missing): the BIN rule's verdict all the same.
        if messages := _bin_messages(values.get("bin", ""), today, page.language):
            errors.fields["bin"] = " ".join(messages)
    return await _new_form(page, session, values, grouped_errors(errors), status=422)


def _bin_messages(typed: str, today: date, language: str) -> list[str]:
    """What the BIN rule says is wrong with a BIN as typed, part by part (nothing for a valid or empty one)."""
    if not typed.strip():
        return []
    try:
        parse_bin(typed, today=today)
    except InvalidInput as error:
        return [item.message.in_language(language) for item in error.errors]
    return []


@get("/bin-check", **only("founder"))
async def bin_check(
    page: PageContext, today: Today, bin_value: Annotated[str, QueryParameter(name="bin", max_length=40)] = ""
) -> Template:
    """The BIN rule's verdict on a BIN as typed (a fragment the registration form's script shows by the field)."""
    messages = _bin_messages(bin_value, today, page.language)
    valid = bool(bin_value.strip()) and not messages
    return render(
        page, "founder/bin_check.html", texts=FOUNDER_TEXTS, messages=messages, valid=valid, typed=bin_value.strip()
    )


@get("/companies/{company_id:uuid}", **only("founder"))
async def company(page: PageContext, session: Session, today: Today, company_id: FromPath[uuid.UUID]) -> Template:
    """One company: its record, AI status, licences, AI systems and where to go next."""
    view = await member_company(page, session, company_id)
    profile = await company_profile(await session_reader(session), view=view, today=today)
    status = await company_ai_status(session, actor=page.actor, company_id=company_id)
    systems = await list_company_ai_systems(session, actor=page.actor, company_id=company_id)
    return render(page, "founder/company.html", texts=FOUNDER_TEXTS, company=profile, ai_status=status, systems=systems)


def _company_values(view: CompanyFull) -> dict[str, str]:
    values = {name: "" if getattr(view, name, None) is None else str(getattr(view, name)) for name in _EDITABLE}
    values["region"] = view.region.kato
    values["version"] = str(view.version)
    primary = next((activity.code for activity in view.activities if activity.is_primary), "")
    values["primary_activity"] = primary
    values["other_activities"] = ", ".join(activity.code for activity in view.activities if activity.code != primary)
    return values


async def _edit_form(
    page: PageContext,
    session: AsyncSession,
    view: CompanyFull,
    values: dict[str, str],
    errors: FormErrors,
    *,
    status: int = 200,
    current: dict[str, str] | None = None,
) -> Template:
    return render(
        page,
        "founder/company_edit.html",
        texts=FOUNDER_TEXTS,
        status_code=status,
        company=view,
        values=values,
        errors=errors,
        current=current or {},
        **await reference_choices(page, session),
    )


@get("/companies/{company_id:uuid}/edit", **only("founder"))
async def edit_company_form(page: PageContext, session: Session, company_id: FromPath[uuid.UUID]) -> Template:
    """The company's fields as they are now, to change."""
    view = await member_company(page, session, company_id)
    return await _edit_form(page, session, view, _company_values(view), FormErrors())


def _patch_body(values: dict[str, str]) -> dict[str, Any]:
    body = company_body(values, with_bin=False)
    for optional in ("name_en", "headcount", "website", "description"):
        body.setdefault(optional, None)  # an emptied optional field clears it, as ``null`` does in the API
    return body


@post("/companies/{company_id:uuid}/edit", **only("founder"), status_code=303)
async def edit_company(
    page: PageContext, request: Request[Any, Any, Any], session: Session, today: Today, company_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    """Change the company if nobody changed it since the form was read; otherwise say so, with today's values."""
    view = await member_company(page, session, company_id)
    values = await read_form(request)
    data, errors = decode_nested(CompanyPatch, _patch_body(values), page.language)
    version = version_number(values.get("version", ""))
    if data is not None:
        changed, refusal = await attempt(
            session,
            lambda: change_company(
                session, actor=page.actor, company_id=company_id, expected_version=version, patch=data, today=today
            ),
        )
        if changed is not None:
            return redirect(f"/founder/companies/{company_id}")
        assert refusal is not None
        errors = FormErrors.of(refusal, page.language)
        if isinstance(refusal, PreconditionFailed):
            latest = await member_company(page, session, company_id)
            current = _company_values(latest)
            differing = {name: value for name, value in current.items() if values.get(name, "") != value}
            differing.pop("version", None)
            values["version"] = current["version"]  # sending the form again applies the founder's values
            return await _edit_form(page, session, latest, values, errors, status=409, current=differing)
    return await _edit_form(page, session, view, values, grouped_errors(errors), status=422)


async def _members_page(
    page: PageContext,
    session: AsyncSession,
    company_id: uuid.UUID,
    values: dict[str, str],
    errors: FormErrors,
    *,
    status: int = 200,
    added: str = "",
) -> Template:
    view = await member_company(page, session, company_id)
    members = await list_members(session, actor=page.actor, company_id=company_id)
    own = next((member for member in members if member.account_id == page.actor.account_id), None)
    return render(
        page,
        "founder/members.html",
        texts=FOUNDER_TEXTS,
        status_code=status,
        company=view,
        members=members,
        is_owner=own is not None and own.role == "owner",
        values=values,
        errors=errors,
        added=added,
    )


@get("/companies/{company_id:uuid}/members", **only("founder"))
async def members(
    page: PageContext,
    session: Session,
    company_id: FromPath[uuid.UUID],
    added: Annotated[str | None, QueryParameter(max_length=254)] = None,
) -> Template:
    """Who acts for the company; an owner adds founders by e-mail."""
    return await _members_page(page, session, company_id, {"role": "member"}, FormErrors(), added=added or "")


@post("/companies/{company_id:uuid}/members", **only("founder"), status_code=303)
async def add_company_member(
    page: PageContext, request: Request[Any, Any, Any], session: Session, company_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    """Add a member with the API's service (owners only; the account must be a founder's)."""
    await member_company(page, session, company_id)
    values = await read_form(request)
    data, errors = decode_nested(MemberAdd, {k: v for k, v in values.items() if v}, page.language)
    if data is not None:
        added, refusal = await attempt(
            session, lambda: add_member(session, actor=page.actor, company_id=company_id, request=data)
        )
        if added is not None:
            return redirect(f"/founder/companies/{company_id}/members?added={added.email}")
        assert refusal is not None
        errors = FormErrors.of(refusal, page.language)
        if not errors.fields:
            errors.fields["email"] = errors.summary
    return await _members_page(page, session, company_id, values, errors, status=422)


COMPANY_HANDLERS = [
    founder_home,
    companies,
    new_company_form,
    new_company,
    bin_check,
    company,
    edit_company_form,
    edit_company,
    members,
    add_company_member,
]
