"""The reviewer pages in headless Chromium: every page in kk, ru and en passes axe (0 serious/critical) and fits
390 px; the reviewer steps (tests/web/reviewer_steps.py) send an application back and approve it through the pages."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.async_api import Browser
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.factories import ai_system_payload
from tests.licensing_support import PDF, add_url_evidence, declared_company, licensed, start_application, step, upload
from tests.web.reviewer_steps import (
    claim_application,
    open_application,
    review_and_approve,
    send_back_application,
)
from tests.web.support import (
    PHONE_WIDTH,
    assert_accessible,
    assert_no_horizontal_scroll,
    committed_account,
    committed_signed_in,
    open_page,
    sign_in,
)

pytestmark = pytest.mark.browser

LANGUAGES = ["kk", "ru", "en"]


async def submitted_application(api: httpx.AsyncClient, founder: Any) -> dict[str, Any]:
    """A committed, submitted AI-native application with a URL, a PDF and an AI system."""
    company, declaration = await declared_company(api, founder)
    application = await start_application(api, founder, company["id"], declaration["id"])
    await add_url_evidence(api, founder, application["id"])
    uploaded = await upload(api, founder, application["id"], PDF)
    assert uploaded.status_code == 201, uploaded.text
    recorded = await api.post(
        f"/api/v1/companies/{company['id']}/ai-systems", json=ai_system_payload(), headers=founder.headers
    )
    assert recorded.status_code == 201, recorded.text
    return await step(api, founder, application["id"], "submit")


@pytest.fixture(scope="module")
async def world(web_url: str, engine: AsyncEngine) -> dict[str, Any]:
    """Committed through the live server's API: two submitted applications and a licence; a reviewer to sign in."""
    async with httpx.AsyncClient(base_url=web_url) as api:
        founder = await committed_signed_in(engine, api, "founder")
        licensing_reviewer = await committed_signed_in(engine, api, "reviewer")
        shown = await submitted_application(api, founder)
        journey = await submitted_application(api, founder)
        _, approved = await licensed(api, founder, licensing_reviewer)
    _, email = await committed_account(engine, "reviewer")
    return {
        "founder": founder,
        "shown": shown,
        "journey": journey,
        "licence_number": approved["licence_number"],
        "reviewer_email": email,
    }


def reviewer_paths(world: dict[str, Any]) -> list[str]:
    return [
        "/review",
        "/review?status=submitted&licence_type=ai_native",
        f"/review/applications/{world['shown']['id']}",
        "/review/licences",
        f"/review/licences/{world['licence_number']}",
        "/review/monitoring",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_reviewer_page_is_accessible_and_fits_a_phone(
    browser: Browser, web_url: str, world: dict[str, Any], language: str
) -> None:
    async with open_page(browser, web_url, language=language, width=PHONE_WIDTH) as page:
        await sign_in(page, web_url, email=world["reviewer_email"])
        for path in reviewer_paths(world):
            separator = "&" if "?" in path else "?"
            response = await page.goto(f"{web_url}{path}{separator}lang={language}")
            assert response is not None and response.status == 200, path
            assert await page.get_attribute("html", "lang") == language, path
            await assert_accessible(page)
            await assert_no_horizontal_scroll(page)


async def test_the_reviewer_steps_send_back_and_approve_through_the_pages(
    browser: Browser, web_url: str, world: dict[str, Any]
) -> None:
    application_id = world["journey"]["id"]
    async with open_page(browser, web_url, language="ru", width=PHONE_WIDTH) as page:
        await sign_in(page, web_url, email=world["reviewer_email"])
        await open_application(page, web_url, application_id, language="ru")
        await claim_application(page)
        await assert_accessible(page)  # the send-back, approve and reject forms
        await assert_no_horizontal_scroll(page)
        async with page.expect_navigation():
            await page.locator("#send_back-form button[type=submit]").click()  # no message: refused in words
        assert await page.locator("#send_back-message-error").is_visible()
        await assert_accessible(page)
        await send_back_application(page, field="fte_ai", message="Уточните численность ИИ-специалистов.")
        async with httpx.AsyncClient(base_url=web_url) as api:
            founder = world["founder"]
            view = (await api.get(f"/api/v1/applications/{application_id}", headers=founder.headers)).json()
            assert view["send_back"]["fields"] == ["fte_ai"]
            assert view["send_back"]["evidence_ids"] == [view["evidence"][0]["id"]]
            await step(api, founder, application_id, "submit")
            number = await review_and_approve(page, web_url, application_id, language="ru", note="Добро пожаловать.")
            licence = (await api.get(f"/api/v1/licences/{number}")).json()
        assert licence["status"] == "active"
        await page.goto(f"{web_url}/review/licences/{number}?lang=ru")
        assert await page.locator("#licence-status").get_attribute("data-status") == "active"
