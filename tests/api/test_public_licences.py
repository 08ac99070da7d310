"""Licence holders in the public register: the filter, the company's profile, the public paged list, the ETag."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from api.database import Database
from api.settings import Settings
from tests.licensing_support import licensed, quick_account


@pytest.fixture
async def holder(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> tuple[dict[str, Any], dict[str, Any], str]:
    founder = await quick_account(database, settings)
    reviewer = await quick_account(database, settings, "reviewer")
    company, approved = await licensed(client, founder, reviewer)
    return company, approved, approved["licence_number"]


async def test_the_register_finds_ai_native_licence_holders(
    client: httpx.AsyncClient,
    database: Database,
    settings: Settings,
    holder: tuple[dict[str, Any], dict[str, Any], str],
) -> None:
    company, _, _ = holder
    other = await quick_account(database, settings)
    reviewer = await quick_account(database, settings, "reviewer")
    standard, _ = await licensed(client, other, reviewer, licence_type="standard_digital")
    ai_native = await client.get("/api/v1/companies", params={"licence_type": "ai_native", "limit": 200})
    assert ai_native.status_code == 200
    ids = [item["id"] for item in ai_native.json()["items"]]
    assert company["id"] in ids and standard["id"] not in ids
    suspended = await client.get(
        "/api/v1/companies", params={"licence_type": "ai_native", "licence_status": "suspended", "limit": 200}
    )
    assert company["id"] not in [item["id"] for item in suspended.json()["items"]]
    bogus = await client.get("/api/v1/companies", params={"licence_type": "bogus"}, headers={"Accept-Language": "ru"})
    assert bogus.status_code == 422
    assert bogus.json()["errors"][0]["field"] == "licence_type"


async def test_a_companys_public_profile_lists_its_licences(
    client: httpx.AsyncClient, holder: tuple[dict[str, Any], dict[str, Any], str]
) -> None:
    company, _, number = holder
    for url in (f"/api/v1/companies/{company['id']}", f"/api/v1/companies/by-bin/{company['bin']}"):
        profile = await client.get(url)
        assert profile.status_code == 200
        [licence] = profile.json()["licences"]
        assert (licence["number"], licence["licence_type"], licence["status"]) == (number, "ai_native", "active")
        assert licence["status_text"] is None


async def test_anyone_lists_licences_by_company_in_pages(
    client: httpx.AsyncClient,
    database: Database,
    settings: Settings,
    holder: tuple[dict[str, Any], dict[str, Any], str],
) -> None:
    company, _, number = holder
    listed = await client.get("/api/v1/licences", params={"company_id": company["id"]})
    assert listed.status_code == 200
    assert [item["number"] for item in listed.json()["items"]] == [number]
    founder = await quick_account(database, settings)
    reviewer = await quick_account(database, settings, "reviewer")
    await licensed(client, founder, reviewer)
    first = await client.get("/api/v1/licences", params={"licence_type": "ai_native", "limit": 1})
    assert len(first.json()["items"]) == 1 and first.json()["next_cursor"]
    second = await client.get(
        "/api/v1/licences", params={"licence_type": "ai_native", "limit": 1, "cursor": first.json()["next_cursor"]}
    )
    assert second.json()["items"][0]["number"] != first.json()["items"][0]["number"]
    broken = await client.get("/api/v1/licences", params={"cursor": "garbage"})
    assert broken.status_code == 422


async def test_a_licence_carries_its_etag_for_the_sanctions(
    client: httpx.AsyncClient,
    database: Database,
    settings: Settings,
    holder: tuple[dict[str, Any], dict[str, Any], str],
) -> None:
    _, _, number = holder
    verified = await client.get(f"/api/v1/licences/{number}")
    assert verified.headers["etag"] == '"1"'
    reviewer = await quick_account(database, settings, "reviewer")
    suspended = await client.post(
        f"/api/v1/licences/{number}/suspend",
        json={"reason_code": "court_decision", "text": "Order of the court."},
        headers={**reviewer.headers, "If-Match": verified.headers["etag"]},
    )
    assert suspended.status_code == 200, suspended.text
    again = await client.get(f"/api/v1/licences/{number}")
    assert again.headers["etag"] == suspended.headers["etag"] == '"2"'
    assert again.json()["status"] == "suspended"
