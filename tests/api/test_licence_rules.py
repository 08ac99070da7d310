"""The AI-native licence relies on the declaration for the last closed fiscal year: at creation, submit, approval."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.database import Database
from api.settings import Settings
from licensing.filing_window import relied_fiscal_years
from tests.factories import SignedIn, ai_native_declaration, register_company, unique_bin
from tests.licensing_support import (
    APPLICATIONS,
    act,
    client_at,
    declared_company,
    file_declaration,
    quick_account,
    start_application,
    step,
)


@pytest.mark.parametrize(
    ("today", "years"),
    [
        (date(2026, 12, 1), (2025,)),
        (date(2027, 1, 1), (2026, 2025)),
        (date(2027, 4, 30), (2026, 2025)),
        (date(2027, 5, 1), (2026,)),
        (date(2028, 4, 29), (2027, 2026)),
        (date(2028, 4, 30), (2027,)),  # a leap year: 30 April is its 121st day
    ],
)
def test_the_filing_window_accepts_the_year_before_for_120_days(today: date, years: tuple[int, ...]) -> None:
    assert relied_fiscal_years(today, grace_days=120) == years


async def _old_company(client: httpx.AsyncClient, founder: SignedIn) -> dict[str, Any]:
    return await register_company(client, founder, bin=unique_bin(date(2020, 3, 1)), registration_date="2020-03-10")


async def _licences_of(connection: AsyncConnection, company_id: str) -> int:
    return int(
        (
            await connection.execute(text("SELECT count(*) FROM licences WHERE company_id = :id"), {"id": company_id})
        ).scalar_one()
    )


async def test_an_application_on_a_four_year_old_declaration_is_refused_in_the_founders_language(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await quick_account(database, settings)
    company = await _old_company(client, founder)
    old = await file_declaration(client, founder, company["id"], ai_native_declaration(2022))
    response = await client.post(
        APPLICATIONS,
        json={"company_id": company["id"], "licence_type": "ai_native", "declaration_id": old["id"]},
        headers={**founder.headers, "Accept-Language": "ru"},
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "application.declaration_not_last_closed_year"
    assert body["errors"][0]["field"] == "declaration_id"
    assert "(2025)" in body["detail"] and "2022" in body["detail"] and body["detail"].startswith("Лицензия AI-native")


async def test_a_quarterly_declaration_does_not_stand_for_the_year(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await quick_account(database, settings)
    company = await _old_company(client, founder)
    quarter = await file_declaration(client, founder, company["id"], ai_native_declaration(2025, quarter=4))
    response = await client.post(
        APPLICATIONS,
        json={"company_id": company["id"], "licence_type": "ai_native", "declaration_id": quarter["id"]},
        headers=founder.headers,
    )
    assert response.status_code == 422
    assert "2025-Q4" in response.json()["detail"]


async def test_the_standard_licence_may_rely_on_any_current_declaration(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await quick_account(database, settings)
    company = await _old_company(client, founder)
    old = await file_declaration(client, founder, company["id"], ai_native_declaration(2022))
    created = await start_application(client, founder, company["id"], old["id"], "standard_digital")
    assert created["state"] == "draft"


async def test_a_draft_submitted_after_the_filing_window_closed_is_refused_and_unchanged(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await quick_account(database, settings)
    company, declaration = await declared_company(client, founder)
    application = await start_application(client, founder, company["id"], declaration["id"])
    async with client_at(settings, database, datetime(2027, 3, 15, 9, tzinfo=UTC)) as in_grace:
        etag = (await in_grace.get(f"{APPLICATIONS}/{application['id']}", headers=founder.headers)).headers["etag"]
    async with client_at(settings, database, datetime(2027, 5, 4, 9, tzinfo=UTC)) as later:
        refused = await act(later, founder, application["id"], "submit", etag=etag)
        assert refused.status_code == 422, refused.text
        assert "(2026)" in refused.json()["detail"]
        after = await later.get(f"{APPLICATIONS}/{application['id']}", headers=founder.headers)
    assert after.json()["state"] == "draft"
    assert after.headers["etag"] == etag


async def test_within_the_filing_window_last_years_declaration_still_counts(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await quick_account(database, settings)
    company, declaration = await declared_company(client, founder)
    application = await start_application(client, founder, company["id"], declaration["id"])
    async with client_at(settings, database, datetime(2027, 3, 15, 9, tzinfo=UTC)) as in_grace:
        submitted = await step(in_grace, founder, application["id"], "submit")
    assert submitted["state"] == "submitted"


async def test_an_approval_after_a_new_year_closed_is_refused_and_issues_nothing(
    client: httpx.AsyncClient, database: Database, settings: Settings, connection: AsyncConnection
) -> None:
    founder = await quick_account(database, settings)
    reviewer = await quick_account(database, settings, "reviewer")
    company, declaration = await declared_company(client, founder)
    application = await start_application(client, founder, company["id"], declaration["id"])
    await step(client, founder, application["id"], "submit")
    await step(client, reviewer, application["id"], "claim")
    async with client_at(settings, database, datetime(2027, 6, 1, 9, tzinfo=UTC)) as later:
        refused = await act(later, reviewer, application["id"], "approve", {"text": "Welcome."})
        assert refused.status_code == 422, refused.text
        assert refused.json()["code"] == "application.declaration_not_last_closed_year"
        state = (await later.get(f"{APPLICATIONS}/{application['id']}", headers=reviewer.headers)).json()["state"]
    assert state == "in_review"
    assert await _licences_of(connection, company["id"]) == 0
    approved = await step(client, reviewer, application["id"], "approve", {"text": "Welcome."})
    assert approved["licence_number"].startswith("AIN-2026-")


async def test_the_filing_window_is_a_setting(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await quick_account(database, settings)
    company, declaration = await declared_company(client, founder)
    application = await start_application(client, founder, company["id"], declaration["id"])
    narrow = replace(settings, declaration_grace_days=30)
    async with client_at(narrow, database, datetime(2027, 3, 15, 9, tzinfo=UTC)) as after_a_short_window:
        refused = await act(after_a_short_window, founder, application["id"], "submit")
    assert refused.status_code == 422


async def test_the_reviewer_sees_the_declarations_period_class_and_rubric_version(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await quick_account(database, settings)
    reviewer = await quick_account(database, settings, "reviewer")
    company, declaration = await declared_company(client, founder)
    application = await start_application(client, founder, company["id"], declaration["id"])
    await step(client, founder, application["id"], "submit")
    seen = (await client.get(f"{APPLICATIONS}/{application['id']}", headers=reviewer.headers)).json()
    relied = seen["declaration"]
    assert (relied["id"], relied["period"], relied["ai_class"], relied["superseded"]) == (
        declaration["id"],
        "2025",
        "ai_native",
        False,
    )
    assert relied["rubric_version"] == seen["evaluation"]["rubric_version"]
    assert relied["ai_class_label"]["ru"] == "AI-native"
    assert seen["evaluation"]["criteria"], "every criterion beside the declaration"


async def test_a_resubmission_restarts_the_service_level_clock(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await quick_account(database, settings)
    reviewer = await quick_account(database, settings, "reviewer")
    company, declaration = await declared_company(client, founder)
    application = await start_application(client, founder, company["id"], declaration["id"])
    first = await step(client, founder, application["id"], "submit")
    await step(client, reviewer, application["id"], "claim")
    await step(client, reviewer, application["id"], "send-back", {"message": "Add the model card.", "fields": []})
    async with client_at(settings, database, datetime(2026, 12, 7, 9, tzinfo=UTC)) as a_week_later:
        again = await step(a_week_later, founder, application["id"], "submit")
    assert again["first_action_due"] > first["first_action_due"]
    assert again["decision_due"] > first["decision_due"]
