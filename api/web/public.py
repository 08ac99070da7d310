"""The public pages: home, register search, a company's page, licence verification and certificate, releases.

Each calls the service its API route calls (``GET /api/v1/companies``, ``/companies/{id}``, ``/licences/{number}``,
``/statistics/calendar`` …) with the visitor's actor, so a page shows exactly what the API would.
"""

from __future__ import annotations

import html
import re
import uuid
from datetime import date
from typing import Annotated, Literal
from urllib.parse import quote

import msgspec
import segno
from litestar import get
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template
from markupsafe import Markup
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.access import anyone
from api.dependencies import Session, Today
from api.web.forms import FormErrors, attempt, decode_form
from api.web.labels import labels_of
from api.web.pages import PageContext, page_router, redirect, render
from api.web.public_texts import PUBLIC_TEXTS
from licensing.licences import verify_licence
from licensing.public_register import LicenceStatusName, company_profile, licence_holder_condition
from licensing.releases import list_calendar, list_releases
from licensing.schemas import LicenceTypeName
from registry.ai_systems.service import list_company_ai_systems
from registry.companies.repository import CompanyFilters
from registry.companies.schemas import CompanyPage, CompanyStatusName
from registry.companies.service import get_company, get_company_by_bin, list_companies
from registry.plain_reads import session_reader
from registry.reference.service import list_activities, list_regions

__all__ = ["PAGE_SIZE", "RegisterQuery", "public_router"]

PAGE_SIZE = 20
"""Companies per page of the register search."""
_BIN = re.compile(r"^\d{12}$")
_REFERENCE_KEY = "web_search_reference"

Text200 = Annotated[str | None, QueryParameter(max_length=200)]
Code = Annotated[str | None, QueryParameter(max_length=40)]


class RegisterQuery(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The register search's filters, with the limits of ``GET /api/v1/companies``'s query parameters."""

    q: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    region: Annotated[str, msgspec.Meta(pattern=r"^\d{9}$")] | None = None
    activity: Annotated[str, msgspec.Meta(max_length=8)] | None = None
    status: CompanyStatusName | None = None
    ai_class: Literal["ai_native", "ai_enabled", "non_ai"] | None = None
    registered_from: date | None = None
    registered_to: date | None = None
    licence_type: LicenceTypeName | None = None
    licence_status: LicenceStatusName | None = None
    cursor: Annotated[str, msgspec.Meta(max_length=500)] | None = None


@get("/", **anyone())
async def home(page: PageContext) -> Template:
    """The home page: what the registry is, and where to go."""
    return render(page, "public/home.html", texts=PUBLIC_TEXTS)


@get("/register", **anyone())
async def search(
    page: PageContext,
    session: Session,
    today: Today,
    q: Text200 = None,
    region: Code = None,
    activity: Code = None,
    status: Code = None,
    ai_class: Code = None,
    registered_from: Code = None,
    registered_to: Code = None,
    licence_type: Code = None,
    licence_status: Code = None,
    cursor: Annotated[str | None, QueryParameter(max_length=500)] = None,
) -> Template:
    """Search the register: one box for names in any language and script (or a BIN), the API's filters, pages."""
    asked = {
        "q": (q or "").strip(),
        "region": region or "",
        "activity": activity or "",
        "status": status or "",
        "ai_class": ai_class or "",
        "registered_from": registered_from or "",
        "registered_to": registered_to or "",
        "licence_type": licence_type or "",
        "licence_status": licence_status or "",
        "cursor": cursor or "",
    }
    query, errors = decode_form(RegisterQuery, asked, page.language)
    results: CompanyPage | None = None
    by_bin = None
    if query is not None:
        filters = CompanyFilters(
            q=None if query.q and _BIN.match(query.q) else query.q,
            region=query.region,
            activity=query.activity,
            status=query.status,
            ai_class=query.ai_class,
            registered_from=query.registered_from,
            registered_to=query.registered_to,
        )
        holders = licence_holder_condition(licence_type=query.licence_type, status=query.licence_status, today=today)
        if query.q and _BIN.match(query.q):
            reader = await session_reader(session)
            by_bin, _ = await attempt(
                session, lambda: get_company_by_bin(reader, actor=page.actor, bin_value=str(query.q))
            )
        else:
            results, refusal = await attempt(
                session,
                lambda: list_companies(session, filters=filters, cursor=query.cursor, limit=PAGE_SIZE, extra=holders),
            )
            if refusal is not None:
                errors = FormErrors.of(refusal, page.language)
    kept = {key: value for key, value in asked.items() if value and key != "cursor"}
    return render(
        page,
        "public/search.html",
        texts=PUBLIC_TEXTS,
        status_code=422 if errors else 200,
        asked=asked,
        errors=errors,
        results=results,
        by_bin=by_bin,
        bin_search=bool(query and query.q and _BIN.match(query.q)),
        kept=kept,
        searched=bool(kept) or bool(cursor),
        options=await _filter_options(page, session),
        ai_classes=labels_of("ai_class", page.language),
        statuses=labels_of("company_status", page.language),
        licence_types=labels_of("licence_type", page.language),
        licence_statuses=labels_of("licence_status", page.language),
    )


async def _filter_options(page: PageContext, session: AsyncSession) -> dict[str, list[tuple[str, str]]]:
    """The search form's regions and OKED sections and divisions, in the page's language.

    Reference data changes only with a migration (and so a restart): it is read once per app, not per search.
    """
    state = page.request.app.state
    reference = state.get(_REFERENCE_KEY)
    if reference is None:
        regions = await list_regions(session)
        activities = [item for item in await list_activities(session) if item.level in ("section", "division")]
        reference = state[_REFERENCE_KEY] = (regions, activities)
    regions, activities = reference
    return {
        "regions": [(region.kato, page_name(page, region)) for region in regions],
        "activities": [(item.code, f"{item.code} {page_name(page, item)}") for item in activities],
    }


def page_name(page: PageContext, item: object) -> str:
    """A reference entry's name in the page's language."""
    return str(getattr(item, f"name_{page.language}", None) or getattr(item, "name_en", ""))


@get("/register/{company_id:uuid}", **anyone())
async def company(page: PageContext, session: Session, today: Today, company_id: FromPath[uuid.UUID]) -> Template:
    """A company's public entry: names, BIN, region, activities, status, AI class, licences and AI systems."""
    reader = await session_reader(session)
    view = await get_company(reader, actor=page.actor, company_id=company_id)
    profile = await company_profile(reader, view=view, today=today)
    systems = await list_company_ai_systems(session, actor=page.actor, company_id=company_id)
    return render(page, "public/company.html", texts=PUBLIC_TEXTS, company=profile, systems=systems)


@get("/licences", **anyone())
async def verify_form(page: PageContext, number: Text200 = None) -> Template | Redirect:
    """Verify a licence: a box for its number (the answer is the licence's own page)."""
    if number and number.strip():
        return redirect(f"/licences/{quote(number.strip().upper(), safe='')}")
    return render(page, "public/verify_form.html", texts=PUBLIC_TEXTS, number="", not_found="")


@get("/licences/{number:str}", **anyone())
async def licence(page: PageContext, session: Session, today: Today, number: FromPath[str]) -> Template:
    """What anyone may check about a licence: status today, holder, type and validity."""
    reader = await session_reader(session)
    found, refusal = await attempt(session, lambda: verify_licence(reader, number=number, today=today))
    if found is None:
        message = refusal.message.in_language(page.language) if refusal else ""
        return render(
            page, "public/verify_form.html", texts=PUBLIC_TEXTS, status_code=404, number=number, not_found=message
        )
    return render(page, "public/licence.html", texts=PUBLIC_TEXTS, licence=found, today=today)


def verification_qr(url: str, title: str) -> Markup:
    """The QR code of ``url`` as inline SVG (no image file, nothing fetched)."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=4, border=4, title=title, svgclass="qr-code", lineclass=None)
    labelled = svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(title)}" ', 1)
    return Markup(labelled)  # noqa: S704 - segno's own SVG, the title escaped


@get("/licences/{number:str}/certificate", **anyone())
async def certificate(page: PageContext, session: Session, today: Today, number: FromPath[str]) -> Template:
    """The printable licence certificate; its QR code opens the licence's verification page."""
    found = await verify_licence(await session_reader(session), number=number, today=today)
    site = page.request.app.state.settings.public_url or str(page.request.base_url).rstrip("/")
    url = f"{site}/licences/{found.number}"
    qr = verification_qr(url, PUBLIC_TEXTS["qr_title"].format(number=found.number).in_language(page.language))
    return render(
        page, "public/certificate.html", texts=PUBLIC_TEXTS, licence=found, verification_url=url, qr=qr, today=today
    )


@get("/releases", **anyone())
async def releases(page: PageContext, session: Session) -> Template:
    """The release calendar and the releases made, with links to their tables (JSON, CSV, SDMX-CSV)."""
    return render(
        page,
        "public/releases.html",
        texts=PUBLIC_TEXTS,
        calendar=await list_calendar(session),
        releases=await list_releases(session),
    )


public_router = page_router("/", [home, search, company, verify_form, licence, certificate, releases])
