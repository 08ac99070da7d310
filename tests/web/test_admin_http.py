"""The admin pages over HTTP (in-process, rolled back): accounts, rubric versions and the release calendar.

Each form is posted with the CSRF token: its success, and its refusals (the service's own message in the page's
language, nothing changed).
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from litestar import Litestar
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.database import Database
from api.settings import Settings
from registry.accounts.errors import last_active_admin
from tests.factories import PASSWORD, SignedIn
from tests.licensing_support import quick_account
from tests.web.test_review_http import message, page_token, sign_in_pages

TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


async def post_page_form(
    client: httpx.AsyncClient, page_path: str, action: str, data: dict[str, Any]
) -> httpx.Response:
    return await client.post(action, data={"_csrf_token": await page_token(client, page_path), **data})


@pytest.fixture
async def admin(client: httpx.AsyncClient, database: Database, settings: Settings) -> SignedIn:
    signed_in = await quick_account(database, settings, "admin")
    await sign_in_pages(client, signed_in.email)
    return signed_in


async def account_of(client: httpx.AsyncClient, admin: SignedIn, account_id: str) -> dict[str, Any]:
    response = await client.get("/api/v1/accounts", params={"limit": 200}, headers=admin.headers)
    cursor = None
    while True:
        page = response.json()
        for item in page["items"]:
            if item["id"] == account_id:
                found: dict[str, Any] = item
                return found
        cursor = page["next_cursor"]
        assert cursor, f"no account {account_id}"
        response = await client.get("/api/v1/accounts", params={"limit": 200, "cursor": cursor}, headers=admin.headers)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
async def test_create_an_account_of_any_role(client: httpx.AsyncClient, admin: SignedIn, language: str) -> None:
    email = f"web-staff-{uuid.uuid4().hex[:10]}@example.kz"
    response = await post_page_form(
        client,
        f"/admin/accounts?lang={language}",
        "/admin/accounts",
        {
            "email": email,
            "full_name": "Dana Reviewer",
            "password": PASSWORD,
            "role": "reviewer",
            "preferred_language": "kk",
        },
    )
    assert response.status_code == 303, response.text
    shown = await client.get(response.headers["location"])
    assert f'<html lang="{language}">' in shown.text
    assert 'data-role="reviewer"' in shown.text
    assert email in shown.text


async def test_a_weak_password_or_a_taken_email_is_refused_and_nothing_is_created(
    client: httpx.AsyncClient, admin: SignedIn, session: AsyncSession
) -> None:
    before = await session.scalar(text("SELECT count(*) FROM accounts"))
    weak = await post_page_form(
        client,
        "/admin/accounts?lang=ru",
        "/admin/accounts",
        {"email": "weak-one@example.kz", "full_name": "Weak", "password": "password1234", "role": "reviewer"},
    )
    assert weak.status_code == 422
    assert 'id="error-password"' in weak.text
    assert "password1234" not in weak.text
    taken = await post_page_form(
        client,
        "/admin/accounts?lang=ru",
        "/admin/accounts",
        {"email": admin.email, "full_name": "Twice", "password": PASSWORD, "role": "economist"},
    )
    assert taken.status_code == 409
    api = await client.post(
        "/api/v1/accounts",
        json={"email": admin.email, "full_name": "Twice", "password": PASSWORD, "role": "economist"},
        headers={**admin.headers, "Accept-Language": "ru"},
    )
    assert api.json()["detail"] in taken.text
    assert await session.scalar(text("SELECT count(*) FROM accounts")) == before


async def test_change_a_role(
    client: httpx.AsyncClient, admin: SignedIn, database: Database, settings: Settings
) -> None:
    other = await quick_account(database, settings, "founder")
    page_path = f"/admin/accounts/{other.id}"
    response = await post_page_form(client, page_path, f"{page_path}/role", {"role": "economist"})
    assert response.status_code == 303, response.text
    assert (await account_of(client, admin, other.id))["role"] == "economist"
    unknown = await post_page_form(client, page_path, f"{page_path}/role", {"role": "king"})
    assert unknown.status_code == 422
    assert (await account_of(client, admin, other.id))["role"] == "economist"


async def test_disabling_an_account_ends_its_sessions_at_once(
    client: httpx.AsyncClient, app: Litestar, admin: SignedIn, database: Database, settings: Settings
) -> None:
    reviewer = await quick_account(database, settings, "reviewer")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry.test") as browser:
        await sign_in_pages(browser, reviewer.email)
        assert (await browser.get("/review")).status_code == 200
        page_path = f"/admin/accounts/{reviewer.id}"
        response = await post_page_form(client, page_path, f"{page_path}/disabled", {"disabled": "true"})
        assert response.status_code == 303, response.text
        assert (await account_of(client, admin, reviewer.id))["disabled"] is True
        signed_out = await browser.get("/review")
        assert signed_out.status_code in {302, 303}
        assert signed_out.headers["location"].startswith("/sign-in")
    enabled = await post_page_form(client, page_path, f"{page_path}/disabled", {"disabled": "false"})
    assert enabled.status_code == 303
    assert (await account_of(client, admin, reviewer.id))["disabled"] is False


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
async def test_the_last_admin_is_refused_in_words(
    client: httpx.AsyncClient, admin: SignedIn, session: AsyncSession, language: str
) -> None:
    await session.execute(
        text("UPDATE accounts SET disabled = true WHERE role = 'admin' AND id <> :me"), {"me": admin.id}
    )
    await session.commit()
    page_path = f"/admin/accounts/{admin.id}?lang={language}"
    for action, data in (("disabled", {"disabled": "true"}), ("role", {"role": "reviewer"})):
        response = await post_page_form(client, page_path, f"/admin/accounts/{admin.id}/{action}", data)
        assert response.status_code == 409, response.text
        assert message(last_active_admin(), language) in response.text
    shown = await client.get(page_path)
    assert 'data-role="admin"' in shown.text
    assert 'data-disabled="false"' in shown.text


async def rubric_versions(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    versions: list[dict[str, Any]] = (await client.get("/api/v1/reference/rubric")).json()
    return versions


async def test_publish_a_rubric_version(client: httpx.AsyncClient, admin: SignedIn) -> None:
    versions = await rubric_versions(client)
    latest = max(date.fromisoformat(version["effective_from"]) for version in versions)
    effective = max(latest, date(2026, 11, 20)) + timedelta(days=30)
    page = await client.get("/admin/rubric")
    values = dict(re.findall(r'name="(thresholds\.[a-z_]+)" type="text" value="([^"]*)"', page.text))
    assert len(values) == 6
    response = await post_page_form(
        client,
        "/admin/rubric",
        "/admin/rubric",
        {**values, "thresholds.ai_revenue_share_min": "0.6", "effective_from": effective.isoformat(), "notes": "Web"},
    )
    assert response.status_code == 303, response.text
    published = await rubric_versions(client)
    assert len(published) == len(versions) + 1
    newest = published[0]
    assert (newest["effective_from"], newest["notes"]) == (effective.isoformat(), "Web")
    assert float(newest["thresholds"]["ai_revenue_share_min"]) == 0.6


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
async def test_a_rubric_version_in_the_past_or_without_a_threshold_is_refused(
    client: httpx.AsyncClient, admin: SignedIn, language: str
) -> None:
    versions = await rubric_versions(client)
    page = await client.get("/admin/rubric")
    values = dict(re.findall(r'name="(thresholds\.[a-z_]+)" type="text" value="([^"]*)"', page.text))
    past = await post_page_form(
        client, f"/admin/rubric?lang={language}", "/admin/rubric", {**values, "effective_from": "2020-01-01"}
    )
    assert past.status_code == 422
    api = await client.post(
        "/api/v1/rubric-versions",
        json={"effective_from": "2020-01-01", "thresholds": {k.split(".")[1]: v for k, v in values.items()}},
        headers={**admin.headers, "Accept-Language": language},
    )
    assert api.status_code == 422
    assert api.json()["errors"][0]["message"] in past.text.replace("&#34;", '"').replace("&#39;", "'")
    missing = await post_page_form(
        client,
        f"/admin/rubric?lang={language}",
        "/admin/rubric",
        {**values, "thresholds.ai_talent_share_min": "", "effective_from": "2031-01-01"},
    )
    assert missing.status_code == 422
    assert 'id="error-thresholds.ai_talent_share_min"' in missing.text
    assert len(await rubric_versions(client)) == len(versions)


async def test_plan_and_remove_a_release(client: httpx.AsyncClient, admin: SignedIn) -> None:
    dataset = f"WEB_{uuid.uuid4().hex[:8].upper()}"
    planned = await post_page_form(
        client,
        "/admin/calendar",
        "/admin/calendar",
        {"dataset": dataset, "period": "2026", "planned_date": "2027-04-15"},
    )
    assert planned.status_code == 303, planned.text
    calendar = (await client.get("/api/v1/statistics/calendar")).json()
    entry = next(item for item in calendar if item["dataset"] == dataset)
    again = await post_page_form(
        client,
        "/admin/calendar?lang=kk",
        "/admin/calendar",
        {"dataset": dataset, "period": "2026", "planned_date": "2027-05-15"},
    )
    assert again.status_code == 409
    assert 'role="alert"' in again.text
    bad = await post_page_form(
        client, "/admin/calendar", "/admin/calendar", {"dataset": "lower case", "period": "26", "planned_date": "x"}
    )
    assert bad.status_code == 422
    assert [
        item["planned_date"]
        for item in (await client.get("/api/v1/statistics/calendar")).json()
        if item["dataset"] == dataset
    ] == ["2027-04-15"]
    removed = await post_page_form(client, "/admin/calendar", f"/admin/calendar/{entry['id']}/remove", {})
    assert removed.status_code == 303
    assert all(item["dataset"] != dataset for item in (await client.get("/api/v1/statistics/calendar")).json())


async def test_reviewers_do_not_get_the_admin_pages(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    reviewer = await quick_account(database, settings, "reviewer")
    await sign_in_pages(client, reviewer.email)
    for path in ("/admin/accounts", "/admin/rubric", "/admin/calendar"):
        assert (await client.get(path)).status_code == 403, path
    token = TOKEN.search((await client.get("/review")).text)
    assert token
    refused = await client.post(
        "/admin/accounts",
        data={
            "_csrf_token": token.group(1),
            "email": "x@example.kz",
            "full_name": "X",
            "password": PASSWORD,
            "role": "admin",
        },
    )
    assert refused.status_code == 403


class _Inputs(HTMLParser):
    """Every <input>'s attributes, by name, as a browser parses them."""

    def __init__(self) -> None:
        super().__init__()
        self.inputs: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "input" and (found := dict(attrs)).get("name"):
            self.inputs[str(found["name"])] = found


def inputs_of(page: str) -> dict[str, dict[str, str | None]]:
    parser = _Inputs()
    parser.feed(page)
    return parser.inputs


async def test_number_fields_ask_for_a_numeric_keyboard(client: httpx.AsyncClient, admin: SignedIn) -> None:
    calendar = inputs_of((await client.get("/admin/calendar")).text)
    assert calendar["period"]["inputmode"] == "numeric"
    rubric = inputs_of((await client.get("/admin/rubric")).text)
    thresholds = {name: attrs for name, attrs in rubric.items() if name.startswith("thresholds.")}
    assert len(thresholds) == 6
    assert {attrs["inputmode"] for attrs in thresholds.values()} == {"decimal"}
