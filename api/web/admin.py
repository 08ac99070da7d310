"""The admin pages: accounts (create, role, disable), rubric versions (publish), the release calendar (plan, remove).

Each form calls the service of the API route it stands for (``POST/PATCH /api/v1/accounts``, ``POST
/rubric-versions``, ``POST/DELETE /statistics/calendar``) with the admin as the actor. Disabling an account ends its
web sessions in the same transaction (:func:`registry.accounts.service.update_account`); the last active admin is
refused with the service's own words.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from api.auth.access import only
from api.dependencies import Session, Today
from api.web.admin_texts import ADMIN_TEXTS
from api.web.forms import FormErrors, attempt, decode_form, read_form
from api.web.pages import PageContext, page_router, redirect, render
from api.web.review.common import field_errors, refusal_status
from api.web.texts import LANGUAGE_NAMES, LAYOUT_TEXTS
from licensing.release_schemas import CalendarEntryIn
from licensing.releases import add_calendar_entry, delete_calendar_entry, list_calendar
from registry.accounts.rules import MIN_PASSWORD_LENGTH
from registry.accounts.schemas import AccountCreate, AccountPatch
from registry.accounts.service import create_account, get_account, list_accounts, update_account
from registry.declarations.facts import REQUIRED_THRESHOLDS
from registry.declarations.rubric_versions import list_rubric_versions, publish_rubric_version
from registry.declarations.schemas import RubricVersionIn
from registry.i18n import LANGUAGES

__all__ = ["ACCOUNTS_PAGE_SIZE", "admin_router"]

ACCOUNTS_PAGE_SIZE = 50
"""Accounts per page (by e-mail, as ``GET /api/v1/accounts``)."""
ROLES = ("founder", "reviewer", "economist", "admin")
Done = Annotated[str | None, QueryParameter(max_length=20)]


def _roles(language: str) -> list[tuple[str, str]]:
    return [(role, LAYOUT_TEXTS[f"role_{role}"].in_language(language)) for role in ROLES]


def _done(done: str | None, allowed: tuple[str, ...]) -> str | None:
    return done if done in allowed else None


# --- accounts ---------------------------------------------------------------------------------------------------


async def _accounts_page(
    page: PageContext,
    session: Session,
    *,
    after: str | None,
    status_code: int = 200,
    values: dict[str, str] | None = None,
    errors: FormErrors | None = None,
    done: str | None = None,
) -> Template:
    found = list(await list_accounts(session, after_email=after, limit=ACCOUNTS_PAGE_SIZE + 1))
    shown = found[:ACCOUNTS_PAGE_SIZE]
    more = len(found) > ACCOUNTS_PAGE_SIZE
    return render(
        page,
        "admin/accounts.html",
        texts=ADMIN_TEXTS,
        status_code=status_code,
        accounts=shown,
        next_path=f"/admin/accounts?{urlencode({'cursor': shown[-1].email})}" if more else None,
        roles=_roles(page.language),
        languages=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        values=values or {"role": "reviewer", "preferred_language": page.language},
        errors=errors or FormErrors(),
        min_password_length=MIN_PASSWORD_LENGTH,
        done=_done(done, ("created",)),
    )


@get("/accounts", **only("admin"))
async def accounts(
    page: PageContext,
    session: Session,
    cursor: Annotated[str | None, QueryParameter(max_length=254)] = None,
    done: Done = None,
) -> Template:
    """Every account by e-mail, and the form that creates one of any role."""
    return await _accounts_page(page, session, after=cursor, done=done)


@post("/accounts", **only("admin"), status_code=303)
async def create(page: PageContext, request: Request[Any, Any, Any], session: Session) -> Template | Redirect:
    """Create an account (``POST /api/v1/accounts``)."""
    values = await read_form(request)
    data, errors = decode_form(AccountCreate, values, page.language)
    if data is not None:
        created, refusal = await attempt(
            session, lambda: create_account(session, actor_id=page.actor.account_id, request=data)
        )
        if created is not None:
            return redirect(f"/admin/accounts/{created.id}?done=created")
        assert refusal is not None
        errors = field_errors(refusal, page.language)
        status = refusal_status(refusal)
    else:
        status = 422
    values.pop("password", None)
    return await _accounts_page(page, session, after=None, status_code=status, values=values, errors=errors)


async def _account_page(
    page: PageContext,
    session: Session,
    account_id: uuid.UUID,
    *,
    status_code: int = 200,
    form: str = "",
    errors: FormErrors | None = None,
    done: str | None = None,
) -> Template:
    account = await get_account(session, account_id)
    return render(
        page,
        "admin/account.html",
        texts=ADMIN_TEXTS,
        status_code=status_code,
        account=account,
        roles=_roles(page.language),
        form=form,
        errors=errors or FormErrors(),
        values={},
        done=_done(done, ("created", "role", "disabled", "enabled")),
    )


@get("/accounts/{account_id:uuid}", **only("admin"))
async def account(page: PageContext, session: Session, account_id: FromPath[uuid.UUID], done: Done = None) -> Template:
    """One account: its role and whether it may sign in."""
    return await _account_page(page, session, account_id, done=done)


async def _change(
    page: PageContext, session: Session, account_id: uuid.UUID, values: dict[str, Any], *, form: str, done: str
) -> Template | Redirect:
    data, errors = decode_form(AccountPatch, values, page.language)
    if data is not None:
        assert page.actor.account_id is not None
        admin_id = page.actor.account_id
        changed, refusal = await attempt(
            session, lambda: update_account(session, actor_id=admin_id, account_id=account_id, patch=data)
        )
        if changed is not None:
            return redirect(f"/admin/accounts/{account_id}?done={done}")
        assert refusal is not None
        return await _account_page(
            page,
            session,
            account_id,
            status_code=refusal_status(refusal),
            form=form,
            errors=field_errors(refusal, page.language),
        )
    return await _account_page(page, session, account_id, status_code=422, form=form, errors=errors)


@post("/accounts/{account_id:uuid}/role", **only("admin"), status_code=303)
async def change_role(
    page: PageContext, request: Request[Any, Any, Any], session: Session, account_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    """Give the account another role (``PATCH /api/v1/accounts/{id}`` with ``role``)."""
    values = await read_form(request)
    return await _change(page, session, account_id, {"role": values.get("role", "")}, form="role", done="role")


@post("/accounts/{account_id:uuid}/disabled", **only("admin"), status_code=303)
async def change_disabled(
    page: PageContext, request: Request[Any, Any, Any], session: Session, account_id: FromPath[uuid.UUID]
) -> Template | Redirect:
    """Disable (its sessions end at once) or enable the account (``PATCH …`` with ``disabled``)."""
    values = await read_form(request)
    wanted = values.get("disabled", "")
    return await _change(
        page,
        session,
        account_id,
        {"disabled": wanted},
        form="disabled",
        done="disabled" if wanted == "true" else "enabled",
    )


# --- rubric versions --------------------------------------------------------------------------------------------


async def _rubric_page(
    page: PageContext,
    session: Session,
    today: Any,
    *,
    status_code: int = 200,
    values: dict[str, str] | None = None,
    errors: FormErrors | None = None,
    done: str | None = None,
) -> Template:
    versions = await list_rubric_versions(session, today=today)
    current = next((version for version in versions if version.current), versions[-1] if versions else None)
    defaults = (
        {f"thresholds.{name}": str(current.thresholds.get(name, "")) for name in REQUIRED_THRESHOLDS} if current else {}
    )
    return render(
        page,
        "admin/rubric.html",
        texts=ADMIN_TEXTS,
        status_code=status_code,
        versions=versions,
        threshold_names=REQUIRED_THRESHOLDS,
        values=values if values is not None else defaults,
        errors=errors or FormErrors(),
        done=_done(done, ("published",)),
    )


@get("/rubric", **only("admin"))
async def rubric(page: PageContext, session: Session, today: Today, done: Done = None) -> Template:
    """Every published version with its thresholds, and the form that publishes the next one."""
    return await _rubric_page(page, session, today, done=done)


@post("/rubric", **only("admin"), status_code=303)
async def publish(
    page: PageContext, request: Request[Any, Any, Any], session: Session, today: Today
) -> Template | Redirect:
    """Publish a new version from its effective date (``POST /api/v1/rubric-versions``)."""
    values = await read_form(request)
    thresholds = {
        name: values[f"thresholds.{name}"]
        for name in REQUIRED_THRESHOLDS
        if values.get(f"thresholds.{name}", "").strip() != ""
    }
    body = {
        "effective_from": values.get("effective_from", ""),
        "notes": values.get("notes", ""),
        "thresholds": thresholds,
    }
    data, errors = decode_form(RubricVersionIn, body, page.language)
    if data is not None:
        published, refusal = await attempt(
            session,
            lambda: publish_rubric_version(session, actor_id=page.actor.account_id, request=data, today=today),
        )
        if published is not None:
            return redirect("/admin/rubric?done=published")
        assert refusal is not None
        errors = FormErrors.of(refusal, page.language)
        status = refusal_status(refusal)
    else:
        status = 422
    return await _rubric_page(page, session, today, status_code=status, values=values, errors=errors)


# --- the release calendar ---------------------------------------------------------------------------------------


async def _calendar_page(
    page: PageContext,
    session: Session,
    *,
    status_code: int = 200,
    values: dict[str, str] | None = None,
    errors: FormErrors | None = None,
    done: str | None = None,
) -> Template:
    return render(
        page,
        "admin/calendar.html",
        texts=ADMIN_TEXTS,
        status_code=status_code,
        entries=await list_calendar(session),
        values=values or {"dataset": "AI_ECOSYSTEM"},
        errors=errors or FormErrors(),
        done=_done(done, ("planned", "removed")),
    )


@get("/calendar", **only("admin"))
async def calendar(page: PageContext, session: Session, done: Done = None) -> Template:
    """The planned releases, the form that plans one, and a button that takes one off."""
    return await _calendar_page(page, session, done=done)


@post("/calendar", **only("admin"), status_code=303)
async def plan(page: PageContext, request: Request[Any, Any, Any], session: Session) -> Template | Redirect:
    """Plan a release (``POST /api/v1/statistics/calendar``)."""
    values = await read_form(request)
    data, errors = decode_form(CalendarEntryIn, values, page.language)
    if data is not None:
        added, refusal = await attempt(
            session, lambda: add_calendar_entry(session, request=data, actor_id=page.actor.account_id)
        )
        if added is not None:
            return redirect("/admin/calendar?done=planned")
        assert refusal is not None
        errors = field_errors(refusal, page.language)
        status = refusal_status(refusal)
    else:
        status = 422
    return await _calendar_page(page, session, status_code=status, values=values, errors=errors)


@post("/calendar/{entry_id:uuid}/remove", **only("admin"), status_code=303)
async def unplan(page: PageContext, session: Session, entry_id: FromPath[uuid.UUID]) -> Template | Redirect:
    """Take a planned release off the calendar (``DELETE /api/v1/statistics/calendar/{id}``)."""
    _, refusal = await attempt(
        session, lambda: delete_calendar_entry(session, entry_id=entry_id, actor_id=page.actor.account_id)
    )
    if refusal is None:
        return redirect("/admin/calendar?done=removed")
    return await _calendar_page(
        page, session, status_code=refusal_status(refusal), errors=FormErrors.of(refusal, page.language)
    )


admin_router = page_router(
    "/admin",
    [accounts, create, account, change_role, change_disabled, rubric, publish, calendar, plan, unplan],
)
"""Every admin page, under ``/admin`` (admins only, as the API's admin routes)."""
