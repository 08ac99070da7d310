"""The founder pages in headless Chromium: the founder's steps from sign-up to a submitted AI-native application and
the answer to a send-back (through the pages only), the BIN checked and the rubric previewed as they type, and every
founder page in kk, ru and en without serious or critical axe violations and without horizontal scroll at 390 px."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, expect
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.factories import SignedIn, ai_system_payload, login
from tests.licensing_support import (
    APPLICATIONS,
    add_url_evidence,
    declared_company,
    licensed,
    start_application,
    step,
)
from tests.web.founder_steps import (
    AI_NATIVE_FIGURES,
    FIRST_PRODUCT,
    answer_send_back,
    application_state,
    founder_submits_ai_native_application,
)
from tests.web.support import (
    PHONE_WIDTH,
    assert_accessible,
    assert_no_horizontal_scroll,
    committed_signed_in,
    open_page,
    sign_in,
    unique_email,
)

pytestmark = pytest.mark.browser

LANGUAGES = ["kk", "ru", "en"]


@dataclass(frozen=True)
class FounderWorld:
    """A founder (signed up through the pages) and what they have, made once for the module."""

    email: str
    journey_company: str
    journey_application: str
    sent_back_application: str
    draft_company: str
    draft_application: str
    ai_system: str


async def _sent_back(api: httpx.AsyncClient, founder: SignedIn, reviewer: SignedIn, application_id: str) -> None:
    await step(api, reviewer, application_id, "claim")
    evidence = (await api.get(f"{APPLICATIONS}/{application_id}", headers=founder.headers)).json()["evidence"]
    body: dict[str, Any] = {
        "message": "Show the AI staff and a newer model card.",
        "fields": ["fte_ai", "evidence"],
        "evidence_ids": [item["id"] for item in evidence[:1]],
    }
    moved = await step(api, reviewer, application_id, "send-back", body)
    assert moved["state"] == "sent_back"


@pytest.fixture(scope="module")
async def world(browser: Browser, web_url: str, engine: AsyncEngine) -> FounderWorld:
    email = unique_email()
    async with open_page(browser, web_url, language="kk") as page:
        journey = await founder_submits_ai_native_application(page, web_url, email=email, language="kk")
    async with httpx.AsyncClient(base_url=web_url) as api:
        account = (await api.get("/api/v1/auth/me", headers=await login(api, email))).json()
        founder = SignedIn(id=account["id"], email=email, role="founder", headers=await login(api, email))
        reviewer = await committed_signed_in(engine, api, "reviewer")
        await _sent_back(api, founder, reviewer, journey.application_id)
        await licensed(api, founder, reviewer)
        company, declaration = await declared_company(api, founder)
        other = await start_application(api, founder, company["id"], declaration["id"])
        await add_url_evidence(api, founder, other["id"])
        await step(api, founder, other["id"], "submit")
        await _sent_back(api, founder, reviewer, other["id"])
        draft_company, draft_declaration = await declared_company(api, founder)
        draft = await start_application(api, founder, draft_company["id"], draft_declaration["id"], "standard_digital")
        system = await api.post(
            f"/api/v1/companies/{journey.company.id}/ai-systems", json=ai_system_payload(), headers=founder.headers
        )
        assert system.status_code == 201, system.text
    return FounderWorld(
        email=email,
        journey_company=journey.company.id,
        journey_application=journey.application_id,
        sent_back_application=other["id"],
        draft_company=draft_company["id"],
        draft_application=draft["id"],
        ai_system=system.json()["id"],
    )


def founder_paths(world: FounderWorld) -> list[str]:
    company = world.journey_company
    return [
        "/founder/companies",
        "/founder/companies/new",
        f"/founder/companies/{company}",
        f"/founder/companies/{company}/edit",
        f"/founder/companies/{company}/members",
        f"/founder/companies/{company}/declarations",
        f"/founder/companies/{company}/declarations/new",
        f"/founder/companies/{company}/declarations/new?application={world.journey_application}",
        "/founder/applications",
        f"/founder/applications/new?company_id={world.draft_company}",
        f"/founder/applications/{world.journey_application}",
        f"/founder/applications/{world.sent_back_application}",
        f"/founder/applications/{world.draft_application}",
        "/founder/licences",
        f"/founder/companies/{company}/ai-systems",
        f"/founder/companies/{company}/ai-systems/new",
        f"/founder/ai-systems/{world.ai_system}/edit",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_founder_page_is_accessible_and_fits_a_phone(
    browser: Browser, web_url: str, world: FounderWorld, language: str
) -> None:
    async with open_page(browser, web_url, language=language, width=PHONE_WIDTH) as page:
        await sign_in(page, web_url, email=world.email)
        for path in founder_paths(world):
            separator = "&" if "?" in path else "?"
            response = await page.goto(f"{web_url}{path}{separator}lang={language}")
            assert response is not None and response.status == 200, path
            assert await page.get_attribute("html", "lang") == language, path
            await assert_accessible(page)
            await assert_no_horizontal_scroll(page)
        # A form sent back with its errors is a page too.
        await page.goto(f"{web_url}/founder/companies/new?lang={language}")
        await page.locator("#field-bin").fill("231340000019")
        async with page.expect_navigation():
            await page.locator("#company-form button[type=submit]").click()
        await expect(page.locator("#error-bin")).to_be_visible()
        await assert_accessible(page)
        await assert_no_horizontal_scroll(page)


async def test_the_send_back_is_answered_through_the_pages(browser: Browser, web_url: str, world: FounderWorld) -> None:
    async with open_page(browser, web_url, language="ru", width=PHONE_WIDTH) as page:
        await sign_in(page, web_url, email=world.email)
        await page.goto(f"{web_url}/founder/applications/{world.sent_back_application}?lang=ru")
        await expect(page.locator("#named-fields [data-field='fte_ai']")).to_be_visible()
        await expect(page.locator("[data-named='true']")).to_have_count(1)
        await answer_send_back(page, web_url, world.sent_back_application, language="ru", fte_ai="5")
        assert await application_state(page) == "submitted"
        await expect(page.locator("#send-back")).to_have_count(0)


async def test_the_bin_is_checked_and_the_rubric_previewed_as_the_founder_types(
    browser: Browser, web_url: str, world: FounderWorld
) -> None:
    async with open_page(browser, web_url, language="en") as page:
        await sign_in(page, web_url, email=world.email)
        await page.goto(f"{web_url}/founder/companies/new?lang=en")
        await page.locator("#field-bin").fill("231340000019")
        await expect(page.locator("#bin-live .error-message")).to_contain_text("month")
        await page.locator("#field-bin").fill("2301400")
        await expect(page.locator("#bin-live .error-message")).to_contain_text("12 digits")
        await page.goto(f"{web_url}/founder/companies/{world.journey_company}/declarations/new?lang=en")
        for name, value in {**AI_NATIVE_FIGURES, **FIRST_PRODUCT}.items():
            field = page.locator(f"[id='field-{name}']")
            if value == "on":
                await field.check()
            elif name.endswith(("provenance", "stage")):
                await field.select_option(value)
            else:
                await field.fill(value)
        await expect(page.locator("#rubric-preview #evaluation-class")).to_have_attribute("data-class", "ai_native")
        await page.locator("#field-revenue_ai").fill("1000000")
        await expect(page.locator("#rubric-preview [data-criterion='M1']")).to_have_attribute("data-passed", "false")
        await expect(page.locator("#rubric-preview #evaluation-class")).not_to_have_attribute("data-class", "ai_native")
