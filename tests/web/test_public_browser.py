"""The public pages in headless Chromium: every page in kk, ru and en passes axe (0 serious/critical) and fits 390 px;
the certificate's QR code encodes its verification page, and prints without the site's navigation."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import segno
from playwright.async_api import Browser
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.factories import ai_system_payload
from tests.licensing_support import licensed
from tests.web.support import (
    PHONE_WIDTH,
    assert_accessible,
    assert_no_horizontal_scroll,
    committed_signed_in,
    open_page,
)

pytestmark = pytest.mark.browser

LANGUAGES = ["kk", "ru", "en"]
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
async def licensed_company(web_url: str, engine: AsyncEngine) -> dict[str, Any]:
    """A committed company with an AI-native licence and an AI system, made through the live server's API."""
    async with httpx.AsyncClient(base_url=web_url) as api:
        founder = await committed_signed_in(engine, api, "founder")
        reviewer = await committed_signed_in(engine, api, "reviewer")
        company, approved = await licensed(api, founder, reviewer)
        recorded = await api.post(
            f"/api/v1/companies/{company['id']}/ai-systems", json=ai_system_payload(), headers=founder.headers
        )
        assert recorded.status_code == 201, recorded.text
    return {**company, "licence_number": approved["licence_number"]}


def public_paths(company: dict[str, Any]) -> list[str]:
    number = company["licence_number"]
    return [
        "/",
        "/register",
        "/register?q=Tulpar",
        "/register?q=Tulpar&region=710000000&ai_class=ai_native",
        f"/register/{company['id']}",
        "/licences",
        f"/licences/{number}",
        f"/licences/{number}/certificate",
        "/releases",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_public_page_is_accessible_and_fits_a_phone(
    browser: Browser, web_url: str, licensed_company: dict[str, Any], language: str
) -> None:
    async with open_page(browser, web_url, language=language, width=PHONE_WIDTH) as page:
        for path in public_paths(licensed_company):
            separator = "&" if "?" in path else "?"
            response = await page.goto(f"{web_url}{path}{separator}lang={language}")
            assert response is not None and response.status == 200, path
            assert await page.get_attribute("html", "lang") == language, path
            await assert_accessible(page)
            await assert_no_horizontal_scroll(page)


async def test_the_search_finds_the_company_from_the_box(browser: Browser, web_url: str, engine: AsyncEngine) -> None:
    # Other tests commit many companies named "Тулпар Дата": this one gets a word of its own to be found by.
    word = "".join(random.choice("бвгджзклмнпрстфх") + random.choice("аеиоуы") for _ in range(4))
    name_ru = f"ТОО «Тулпар Дата {word}»"
    async with httpx.AsyncClient(base_url=web_url) as api:
        founder = await committed_signed_in(engine, api, "founder")
        company, _ = await licensed(api, founder, await committed_signed_in(engine, api, "reviewer"))
        current = await api.get(f"/api/v1/companies/{company['id']}", headers=founder.headers)
        renamed = await api.patch(
            f"/api/v1/companies/{company['id']}",
            json={"name_ru": name_ru},
            headers={**founder.headers, "If-Match": current.headers["etag"]},
        )
        assert renamed.status_code == 200, renamed.text
    async with open_page(browser, web_url, language="ru") as page:
        await page.goto(f"{web_url}/?lang=ru")
        await page.locator("#home-q").fill(f"Тулпар Дата {word}")
        await page.locator("form[role=search] button").click()
        await page.wait_for_url(re.compile(r"/register\?"))
        await page.locator(f"a[href='/register/{company['id']}']").first.click()
        await page.wait_for_url(f"{web_url}/register/{company['id']}")
        assert company["bin"] in await page.locator("main").inner_text()


async def test_the_certificates_qr_code_opens_the_verification_page(
    browser: Browser, web_url: str, licensed_company: dict[str, Any]
) -> None:
    number = licensed_company["licence_number"]
    async with open_page(browser, web_url) as page:
        await page.goto(f"{web_url}/licences/{number}/certificate")
        target = await page.locator("a.verification-url").get_attribute("href")
        assert target == f"{web_url}/licences/{number}"
        drawn = await page.locator("svg.qr-code path").get_attribute("d")
        expected = segno.make(target, error="m").svg_inline(scale=4, border=4)
        assert f'd="{drawn}"' in expected, "the QR code does not encode the verification page's address"
        await page.emulate_media(media="print")
        assert not await page.locator("nav.main-nav").is_visible()
        assert await page.locator("svg.qr-code").is_visible()
        await page.emulate_media(media="screen")
        await page.locator("a.verification-url").click()
        await page.wait_for_url(target)
        assert await page.locator("#licence-status").inner_text() in {"active", "suspended", "revoked", "expired"}


async def test_screenshots(browser: Browser, web_url: str, licensed_company: dict[str, Any], tmp_path: Path) -> None:
    """The search at a phone's width and the certificate render; with ``SAVE_SCREENSHOTS=1`` into ``docs/``."""
    folder = DOCS if os.environ.get("SAVE_SCREENSHOTS") == "1" else tmp_path
    number = licensed_company["licence_number"]
    pictures = []
    async with open_page(browser, web_url, language="kk", width=PHONE_WIDTH, height=1100) as page:
        await page.goto(f"{web_url}/register?q=Tulpar&lang=kk")
        pictures.append(await page.screenshot(path=str(folder / "web-search-kk-390.png"), full_page=True))
        await page.goto(f"{web_url}/register/{licensed_company['id']}?lang=kk")
        pictures.append(await page.screenshot(path=str(folder / "web-company-kk-390.png"), full_page=True))
    async with open_page(browser, web_url, language="ru", width=1000, height=1200) as page:
        await page.goto(f"{web_url}/licences/{number}/certificate?lang=ru")
        pictures.append(await page.screenshot(path=str(folder / "web-certificate-ru.png"), full_page=True))
    assert all(picture.startswith(b"\x89PNG") for picture in pictures)
