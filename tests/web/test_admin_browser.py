"""The admin pages in headless Chromium: every page in kk, ru and en passes axe (0 serious/critical) and fits 390 px,
also with a refused form's messages on it."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.web.support import (
    PHONE_WIDTH,
    assert_accessible,
    assert_no_horizontal_scroll,
    committed_account,
    open_page,
    sign_in,
)

pytestmark = pytest.mark.browser

LANGUAGES = ["kk", "ru", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_admin_page_is_accessible_and_fits_a_phone(
    browser: Browser, web_url: str, engine: AsyncEngine, language: str
) -> None:
    admin_id, email = await committed_account(engine, "admin")
    async with open_page(browser, web_url, language=language, width=PHONE_WIDTH) as page:
        await sign_in(page, web_url, email=email)
        for path in ("/admin/accounts", f"/admin/accounts/{admin_id}", "/admin/rubric", "/admin/calendar"):
            response = await page.goto(f"{web_url}{path}?lang={language}")
            assert response is not None and response.status == 200, path
            assert await page.get_attribute("html", "lang") == language, path
            await assert_accessible(page)
            await assert_no_horizontal_scroll(page)
        await page.goto(f"{web_url}/admin/accounts?lang={language}")
        await page.locator("#field-email").fill("not an address")
        async with page.expect_navigation():
            await page.locator("#create-account-form button[type=submit]").click()
        assert await page.locator("#form-errors").is_visible()
        await assert_accessible(page)
        await assert_no_horizontal_scroll(page)
