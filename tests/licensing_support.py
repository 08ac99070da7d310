"""Building blocks for the licensing tests: declarations, applications moved through the workflow, other clocks."""

from __future__ import annotations

import functools
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any

import httpx

from api.auth.tokens import issue_access_token
from api.database import Database, transaction
from api.settings import Settings
from registry.accounts.models import Account
from registry.accounts.passwords import hash_password
from tests.apps import app_for
from tests.factories import PASSWORD, SignedIn, ai_native_declaration, register_company, unique_bin

# A small but well-formed PDF: header, catalog, one empty page, cross-reference table and trailer.
PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
    b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"

REGISTERED = "2023-01-15"
APPLICATIONS = "/api/v1/applications"


@functools.cache
def _password_hash() -> str:
    return hash_password(PASSWORD)


async def quick_account(database: Database, settings: Settings, role: str = "founder") -> SignedIn:
    """An account of ``role`` with a token, without hashing a password and logging in for each one.

    For tests about what an account may do (not about signing in), where the hashing would dominate the run time.
    """
    email = f"{role}-{uuid.uuid4().hex[:10]}@example.kz"
    account_id = uuid.uuid4()
    async with transaction(database) as session:
        session.add(
            Account(id=account_id, email=email, password_hash=_password_hash(), full_name=f"Quick {role}", role=role)
        )
    token = issue_access_token(account_id, secret=settings.jwt_secret, lifetime_seconds=settings.token_lifetime_seconds)
    return SignedIn(id=str(account_id), email=email, role=role, headers={"Authorization": f"Bearer {token}"})


async def file_declaration(
    client: httpx.AsyncClient, founder: SignedIn, company_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post(f"/api/v1/companies/{company_id}/declarations", json=body, headers=founder.headers)
    assert response.status_code == 201, response.text
    filed: dict[str, Any] = response.json()
    return filed


async def declared_company(
    client: httpx.AsyncClient, founder: SignedIn, *, fiscal_year: int = 2025
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A company registered in 2023 with an ai_native declaration for ``fiscal_year``."""
    company = await register_company(client, founder, bin=unique_bin(date(2023, 1, 1)), registration_date=REGISTERED)
    declaration = await file_declaration(client, founder, company["id"], ai_native_declaration(fiscal_year))
    return company, declaration


async def start_application(
    client: httpx.AsyncClient,
    founder: SignedIn,
    company_id: str,
    declaration_id: str,
    licence_type: str = "ai_native",
) -> dict[str, Any]:
    response = await client.post(
        APPLICATIONS,
        json={"company_id": company_id, "licence_type": licence_type, "declaration_id": declaration_id},
        headers=founder.headers,
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def current_etag(client: httpx.AsyncClient, caller: SignedIn, application_id: str) -> str:
    response = await client.get(f"{APPLICATIONS}/{application_id}", headers=caller.headers)
    assert response.status_code == 200, response.text
    return response.headers["ETag"]


async def act(
    client: httpx.AsyncClient,
    caller: SignedIn,
    application_id: str,
    action: str,
    body: dict[str, Any] | None = None,
    *,
    etag: str | None = None,
) -> httpx.Response:
    """``POST …/{action}`` with the current (or the given) ``ETag`` as ``If-Match``."""
    if etag is None:
        etag = await current_etag(client, caller, application_id)
    return await client.post(
        f"{APPLICATIONS}/{application_id}/{action}", json=body, headers={**caller.headers, "If-Match": etag}
    )


async def step(
    client: httpx.AsyncClient, caller: SignedIn, application_id: str, action: str, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    """An action that must succeed; the application after it."""
    response = await act(client, caller, application_id, action, body)
    assert response.status_code == 200, response.text
    moved: dict[str, Any] = response.json()
    return moved


async def add_url_evidence(
    client: httpx.AsyncClient,
    founder: SignedIn,
    application_id: str,
    url: str = "https://github.com/tulpar/vision-qa",
    kind: str = "code_repository",
) -> dict[str, Any]:
    response = await client.post(
        f"{APPLICATIONS}/{application_id}/evidence",
        files={"kind": (None, kind), "description": (None, "Source of the model."), "url": (None, url)},
        headers=founder.headers,
    )
    assert response.status_code == 201, response.text
    added: dict[str, Any] = response.json()
    return added


async def upload(
    client: httpx.AsyncClient,
    caller: SignedIn,
    application_id: str,
    content: bytes,
    *,
    filename: str = "model-card.pdf",
    media_type: str = "application/pdf",
    kind: str = "model_card",
    description: str = "Model card of Vision QA.",
    extra: dict[str, str] | None = None,
) -> httpx.Response:
    """``POST …/evidence`` with a file (multipart)."""
    return await client.post(
        f"{APPLICATIONS}/{application_id}/evidence",
        files={"file": (filename, content, media_type)},
        data={"kind": kind, "description": description, **(extra or {})},
        headers=caller.headers,
    )


async def in_review(
    client: httpx.AsyncClient,
    founder: SignedIn,
    reviewer: SignedIn,
    *,
    licence_type: str = "ai_native",
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A new company and its application, submitted and claimed by ``reviewer``: (company, application)."""
    company, declaration = await declared_company(client, founder)
    application = await start_application(client, founder, company["id"], declaration["id"], licence_type)
    await step(client, founder, application["id"], "submit")
    claimed = await step(client, reviewer, application["id"], "claim")
    assert claimed["state"] == "in_review"
    return company, claimed


async def licensed(
    client: httpx.AsyncClient, founder: SignedIn, reviewer: SignedIn, *, licence_type: str = "ai_native"
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A new company with an approved application and its licence: (company, approved application)."""
    company, application = await in_review(client, founder, reviewer, licence_type=licence_type)
    approved = await step(client, reviewer, application["id"], "approve", {"text": "Welcome to the hub."})
    assert approved["licence_number"], approved
    return company, approved


async def queue(client: httpx.AsyncClient, caller: SignedIn, **params: Any) -> list[dict[str, Any]]:
    """Every page of ``GET /applications`` with ``params``."""
    items: list[dict[str, Any]] = []
    cursor = "0"
    while True:
        response = await client.get(
            APPLICATIONS, params={**params, "cursor": cursor, "limit": 200}, headers=caller.headers
        )
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        if page["next_cursor"] is None:
            return items
        cursor = page["next_cursor"]


@asynccontextmanager
async def client_at(settings: Settings, database: Database, when: datetime) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app whose clock says ``when`` (time has passed, or is turned back)."""
    with app_for(settings, database=database, clock=lambda: when) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as client:
            yield client
