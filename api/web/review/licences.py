"""Licences for reviewers: the list, one licence with its sanctions (suspend, reinstate, revoke), and monitoring.

The list is ``GET /api/v1/licences`` (staff see the reviewers' notes), a sanction is ``POST /licences/{number}/…``'s
service with its reason catalogue, conflict-of-interest rule and ``If-Match`` (the version in a hidden field), and
monitoring is ``GET /api/v1/monitoring/ai-licences`` beside ``/monitoring/ai-systems``.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

import msgspec
from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from api.auth.access import only
from api.conditional import version_number
from api.dependencies import Session, Today
from api.web.forms import FormErrors, attempt, decode_form, read_form
from api.web.labels import labels_of
from api.web.pages import PageContext, redirect, render
from api.web.review.common import PAGE_SIZE, STAFF, field_errors, refusal_status
from api.web.review.texts import REVIEW_TEXTS
from licensing.licence_types import LICENCE_TYPES
from licensing.licences import LicenceAction, allowed_licence_actions, change_licence_status, get_licence
from licensing.monitoring import ai_licence_watchlist
from licensing.public_register import LicenceStatusName, licence_page
from licensing.reasons import reason_catalogue
from licensing.schemas import LicenceStatusChange, LicenceTypeName, ReasonView
from registry.ai_systems.service import monitor_high_risk_systems

__all__ = ["LicenceQuery", "licence", "licences", "monitoring", "sanction"]

Code = Annotated[str | None, QueryParameter(max_length=40)]
Done = Annotated[str | None, QueryParameter(max_length=20)]
_ACTIONS: tuple[LicenceAction, ...] = ("suspend", "reinstate", "revoke")


class LicenceQuery(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The licence list's filters, with the values ``GET /api/v1/licences`` accepts."""

    status: LicenceStatusName | None = None
    licence_type: LicenceTypeName | None = None
    cursor: Annotated[str, msgspec.Meta(max_length=500)] | None = None


def _reasons(action: LicenceAction) -> list[ReasonView]:
    catalogue = reason_catalogue()
    return {"suspend": catalogue.suspension, "reinstate": catalogue.reinstatement, "revoke": catalogue.revocation}[
        action
    ]


@get("/licences", **only(*STAFF))
async def licences(
    page: PageContext,
    session: Session,
    today: Today,
    status: Code = None,
    licence_type: Code = None,
    cursor: Annotated[str | None, QueryParameter(max_length=500)] = None,
    number: Annotated[str | None, QueryParameter(max_length=40)] = None,
) -> Template | Redirect:
    """Licences, soonest expiry first, by status and type; a number typed in the box opens that licence."""
    if number and number.strip():
        return redirect(f"/review/licences/{quote(number.strip().upper(), safe='')}")
    asked = {"status": status or "", "licence_type": licence_type or "", "cursor": cursor or ""}
    query, errors = decode_form(LicenceQuery, asked, page.language)
    found = None
    if query is not None:
        found, refusal = await attempt(
            session,
            lambda: licence_page(
                session,
                actor=page.actor,
                today=today,
                company_id=None,
                licence_type=query.licence_type,
                status=query.status,
                expiring_before=None,
                cursor=query.cursor,
                limit=PAGE_SIZE,
            ),
        )
        if refusal is not None:
            errors = field_errors(refusal, page.language)
    kept = {key: value for key, value in asked.items() if value and key != "cursor"}
    next_path = (
        f"/review/licences?{urlencode({**kept, 'cursor': found.next_cursor})}" if found and found.next_cursor else None
    )
    return render(
        page,
        "review/licences.html",
        texts=REVIEW_TEXTS,
        status_code=422 if errors else 200,
        asked=asked,
        errors=errors,
        licences=found.items if found else [],
        next_path=next_path,
        statuses=labels_of("licence_status", page.language),
        licence_types=labels_of("licence_type", page.language),
        number_example=f"{LICENCE_TYPES['ai_native'].prefix}-{today.year}-00001",
    )


async def _licence_page(
    page: PageContext,
    session: Session,
    today: Any,
    number: str,
    *,
    status_code: int = 200,
    form: str = "",
    errors: FormErrors | None = None,
    values: dict[str, str] | None = None,
    done: str | None = None,
) -> Template:
    view = await get_licence(session, number=number, today=today)
    actions = allowed_licence_actions(view.status)
    return render(
        page,
        "review/licence.html",
        texts=REVIEW_TEXTS,
        status_code=status_code,
        licence=view,
        actions=[{"name": action, "reasons": _reasons(action)} for action in actions],
        form=form,
        errors=errors or FormErrors(),
        values=values or {},
        done=done if done in _ACTIONS else None,
    )


@get("/licences/{number:str}", **only(*STAFF))
async def licence(
    page: PageContext, session: Session, today: Today, number: FromPath[str], done: Done = None
) -> Template:
    """One licence: holder, validity, status and its reason, and the sanctions it can still take."""
    return await _licence_page(page, session, today, number, done=done)


@post("/licences/{number:str}/{action:str}", **only(*STAFF), status_code=303)
async def sanction(
    page: PageContext,
    request: Request[Any, Any, Any],
    session: Session,
    today: Today,
    number: FromPath[str],
    action: FromPath[str],
) -> Template | Redirect:
    """Suspend, reinstate or revoke with a reason from the catalogue (the API's service and rules)."""
    if action not in _ACTIONS:
        raise NotFoundException()
    chosen: LicenceAction = action
    values = await read_form(request)
    data, errors = decode_form(LicenceStatusChange, values, page.language)
    if data is not None:
        version = values.get("version", "")
        changed, refusal = await attempt(
            session,
            lambda: change_licence_status(
                session,
                actor=page.actor,
                number=number,
                action=chosen,
                expected_version=version_number(version),
                request=data,
                today=today,
            ),
        )
        if changed is not None:
            return redirect(f"/review/licences/{quote(changed.number, safe='')}?done={chosen}")
        assert refusal is not None
        return await _licence_page(
            page,
            session,
            today,
            number,
            status_code=refusal_status(refusal),
            form=chosen,
            errors=field_errors(refusal, page.language),
            values=values,
        )
    return await _licence_page(page, session, today, number, status_code=422, form=chosen, errors=errors, values=values)


@get("/monitoring", **only(*STAFF))
async def monitoring(page: PageContext, session: Session, today: Today) -> Template:
    """AI-native licence holders that may no longer qualify, and high-risk AI systems without assurance."""
    return render(
        page,
        "review/monitoring.html",
        texts=REVIEW_TEXTS,
        watchlist=await ai_licence_watchlist(session, today=today),
        systems=await monitor_high_risk_systems(session),
    )
