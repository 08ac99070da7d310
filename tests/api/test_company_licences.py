"""A company's suspension or liquidation reaches its licences in the same transaction; reinstating it does not."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from api.database import Database
from api.settings import Settings
from tests.factories import SignedIn
from tests.licensing_support import act, in_review, licensed, quick_account


async def _set_status(
    client: httpx.AsyncClient, admin: SignedIn, company_id: str, status: str, **extra: Any
) -> httpx.Response:
    current = await client.get(f"/api/v1/companies/{company_id}", headers=admin.headers)
    return await client.patch(
        f"/api/v1/companies/{company_id}",
        json={"status": status, **extra},
        headers={**admin.headers, "If-Match": current.headers["etag"]},
    )


async def _verify(client: httpx.AsyncClient, number: str) -> dict[str, Any]:
    response = await client.get(f"/api/v1/licences/{number}")
    assert response.status_code == 200, response.text
    verified: dict[str, Any] = response.json()
    return verified


async def test_suspending_a_company_suspends_its_licence_and_reinstating_it_does_not_reinstate(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await quick_account(database, settings)
    reviewer = await quick_account(database, settings, "reviewer")
    admin = await quick_account(database, settings, "admin")
    company, approved = await licensed(client, founder, reviewer)
    number = approved["licence_number"]
    assert (await _verify(client, number))["status"] == "active"

    head = (await client.get("/api/v1/events/checkpoint")).json()["seq"]
    suspended = await _set_status(client, admin, company["id"], "suspended")
    assert suspended.status_code == 200, suspended.text
    verified = await _verify(client, number)
    assert (verified["status"], verified["company_status"]) == ("suspended", "suspended")
    feed = (await client.get("/api/v1/events", params={"after": head, "limit": 200})).json()
    events = [
        item for item in (feed["items"] if isinstance(feed, dict) else feed) if item["kind"] == "licence.suspended"
    ]
    assert any(
        event["data"]["number"] == number and event["data"]["reason_code"] == "company_suspended" for event in events
    )

    reinstated = await _set_status(client, admin, company["id"], "active")
    assert reinstated.status_code == 200
    verified = await _verify(client, number)
    assert (verified["status"], verified["company_status"]) == ("suspended", "active")


async def test_liquidating_a_company_revokes_its_licence(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await quick_account(database, settings)
    reviewer = await quick_account(database, settings, "reviewer")
    admin = await quick_account(database, settings, "admin")
    company, approved = await licensed(client, founder, reviewer)
    liquidated = await _set_status(client, admin, company["id"], "liquidated")
    assert liquidated.status_code == 200, liquidated.text
    verified = await _verify(client, approved["licence_number"])
    assert (verified["status"], verified["company_status"]) == ("revoked", "liquidated")


async def test_a_suspended_company_gets_no_licence_and_is_told_why_in_its_language(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await quick_account(database, settings)
    reviewer = await quick_account(database, settings, "reviewer")
    admin = await quick_account(database, settings, "admin")
    company, application = await in_review(client, founder, reviewer)
    assert (await _set_status(client, admin, company["id"], "suspended")).status_code == 200
    reviewer_ru = SignedIn(reviewer.id, reviewer.email, reviewer.role, {**reviewer.headers, "Accept-Language": "ru"})
    refused = await act(client, reviewer_ru, application["id"], "approve", {"text": "Welcome."})
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "licence.company_not_active"
    assert refused.json()["detail"] == "Компания приостановлена: выдать ей лицензию нельзя."
    after = await client.get(f"/api/v1/applications/{application['id']}", headers=reviewer.headers)
    assert (after.json()["state"], after.json()["licence_number"]) == ("in_review", None)


@pytest.mark.concurrency
async def test_a_suspension_and_an_approval_at_once_never_leave_a_licence_in_force(
    committing_client: httpx.AsyncClient, committing_database: Database, settings: Settings
) -> None:
    admin = await quick_account(committing_database, settings, "admin")
    outcomes = []
    for _ in range(4):
        founder = await quick_account(committing_database, settings)
        reviewer = await quick_account(committing_database, settings, "reviewer")
        company, application = await in_review(committing_client, founder, reviewer)
        etag = (
            await committing_client.get(f"/api/v1/applications/{application['id']}", headers=reviewer.headers)
        ).headers["etag"]
        company_etag = (
            await committing_client.get(f"/api/v1/companies/{company['id']}", headers=admin.headers)
        ).headers["etag"]
        approval, suspension = await asyncio.gather(
            act(committing_client, reviewer, application["id"], "approve", {"text": "Welcome."}, etag=etag),
            committing_client.patch(
                f"/api/v1/companies/{company['id']}",
                json={"status": "suspended"},
                headers={**admin.headers, "If-Match": company_etag},
            ),
        )
        assert suspension.status_code == 200, suspension.text
        assert approval.status_code in (200, 409), approval.text
        async with committing_database.sessions() as session:
            in_force = (
                await session.execute(
                    text("SELECT count(*) FROM licences WHERE company_id = :id AND status = 'active'"),
                    {"id": company["id"]},
                )
            ).scalar_one()
        assert in_force == 0
        outcomes.append(approval.status_code)
    assert set(outcomes) <= {200, 409}
