"""A standard digital licence held before the first AI-native period counts as a non-native period for pivots."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx

from api.database import Database
from api.settings import Settings
from tests.factories import account, ai_native_declaration, register_company, unique_bin
from tests.licensing_support import (
    client_at,
    file_declaration,
    start_application,
    step,
)


async def _pivots(client: httpx.AsyncClient, headers: dict[str, str], company_id: str) -> list[dict[str, object]]:
    response = await client.get(f"/api/v1/companies/{company_id}/pivots", headers=headers)
    assert response.status_code == 200, response.text
    return [p for p in response.json() if p["retracted_at"] is None]


async def test_standard_licence_before_first_ai_native_year_makes_it_a_pivot(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    # Registered in 2026: a 2026 ai_native declaration alone would make the company born AI-native. A year is
    # declared once it has ended, so the standard licence relies on the first quarter's (ai_enabled) declaration.
    company = await register_company(client, founder, bin=unique_bin(date(2026, 2, 1)), registration_date="2026-02-10")
    enabled = ai_native_declaration(
        2026,
        quarter=1,
        revenue_ai=15_000_000,
        products=[
            {
                "name": "Support bot",
                "capabilities": ["natural_language_processing"],
                "is_core": False,
                "provenance": "third_party_api",
                "stage": "pilot",
            }
        ],
    )
    declaration = await file_declaration(client, founder, company["id"], enabled)
    assert declaration["evaluation"]["ai_class"] == "ai_enabled"
    application = await start_application(client, founder, company["id"], declaration["id"], "standard_digital")
    await step(client, founder, application["id"], "submit")
    await step(client, reviewer, application["id"], "claim")
    approved = await step(client, reviewer, application["id"], "approve", {})
    assert approved["licence_number"].startswith("SDL-2026-")

    # Once 2026 is over the founder declares the year: the company was AI-native for it, yet it held the standard
    # licence (from 2026-11-20) before that AI-native period ended, so this is a pivot, not an AI-native birth.
    async with client_at(settings, database, datetime(2027, 2, 1, 9, tzinfo=UTC)) as later:
        native = await file_declaration(later, founder, company["id"], ai_native_declaration(2026))
        assert native["evaluation"]["ai_class"] == "ai_native"
        pivots = await _pivots(later, founder.headers, company["id"])
    assert [
        (p["kind"], p["from_class"], p["from_period"], p["to_period"]) for p in pivots if p["to_period"] == "2026"
    ] == [("pivot_to_ai", "standard_licence", "L-2026", "2026")]


async def test_without_a_standard_licence_the_same_history_is_a_birth(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await account(client, database)
    company = await register_company(client, founder, bin=unique_bin(date(2026, 2, 1)), registration_date="2026-02-10")
    async with client_at(settings, database, datetime(2027, 2, 1, 9, tzinfo=UTC)) as later:
        await file_declaration(later, founder, company["id"], ai_native_declaration(2026))
        pivots = await _pivots(later, founder.headers, company["id"])
    assert [(p["kind"], p["to_period"]) for p in pivots] == [("born_ai_native", "2026")]


async def test_first_ai_native_declaration_after_a_later_standard_licence_is_no_pivot_away(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    reviewer = await account(client, database, "reviewer")
    company = await register_company(client, founder, bin=unique_bin(date(2024, 3, 1)), registration_date="2024-03-05")
    enabled = ai_native_declaration(2025, revenue_ai=15_000_000)
    enabled["products"][0]["is_core"] = False
    declaration = await file_declaration(client, founder, company["id"], enabled)
    assert declaration["evaluation"]["ai_class"] == "ai_enabled"
    application = await start_application(client, founder, company["id"], declaration["id"], "standard_digital")
    await step(client, founder, application["id"], "submit")
    await step(client, reviewer, application["id"], "claim")
    approved = await step(client, reviewer, application["id"], "approve", {})
    assert approved["licence_number"].startswith("SDL-2026-")

    # The 2025 declaration is corrected to ai_native: the company's first AI-native period (2025) ended before the
    # standard licence (2026) was taken, so the licence says nothing about it — a birth, and no pivot away.
    native = await file_declaration(client, founder, company["id"], ai_native_declaration(2025))
    assert native["evaluation"]["ai_class"] == "ai_native"
    pivots = await _pivots(client, founder.headers, company["id"])
    assert [(p["kind"], p["to_period"]) for p in pivots] == [("born_ai_native", "2025")]
