"""A licence from sign-up to public verification, through the pages only, in Kazakh and in Russian.

A founder signs up, registers a company, files an AI-native declaration, starts an application, uploads a PDF and
submits it; a reviewer claims it and sends it back naming the AI staff figure; the founder answers with a corrected
declaration and a new PDF; the reviewer approves; a visitor with no account opens the certificate, reads its QR code
(decoded from the rendered image, as a phone would) and lands on the verification page, which shows the licence in
force. Every page on the way is in the run's language (``<html lang>``). With ``SAVE_SCREENSHOTS=1`` the steps'
screenshots are also copied into ``docs/`` (the README shows them).
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from playwright.async_api import Browser, Page
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.web.founder_steps import answer_send_back, application_state, founder_submits_ai_native_application
from tests.web.reviewer_steps import review_and_approve, review_and_send_back
from tests.web.support import PHONE_WIDTH, committed_account, open_page, sign_in, unique_email

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs"


async def in_language(page: Page, language: str) -> None:
    """The page the step ended on is in the run's language."""
    assert await page.get_attribute("html", "lang") == language, page.url


async def shoot(page: Page, folder: Path, name: str) -> None:
    """A full-page screenshot of where the journey is."""
    picture = await page.screenshot(path=str(folder / name), full_page=True)
    assert picture.startswith(b"\x89PNG")


def qr_target(png: bytes) -> str:
    """The text of the one QR code in a picture."""
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(found) == 1, f"{len(found)} codes in the certificate's QR picture"
    return str(found[0].text)


@pytest.mark.parametrize("language", ["kk", "ru"])
async def test_from_sign_up_to_a_verified_licence_through_pages_only(
    browser: Browser, web_url: str, engine: AsyncEngine, language: str, tmp_path: Path
) -> None:
    _, reviewer_email = await committed_account(engine, "reviewer")
    async with (
        open_page(browser, web_url, language=language) as founder,
        open_page(browser, web_url, language=language) as reviewer,
        open_page(browser, web_url, language=language, width=PHONE_WIDTH, height=1000) as visitor,
    ):
        journey = await founder_submits_ai_native_application(founder, web_url, email=unique_email(), language=language)
        assert await application_state(founder) == "submitted"
        await in_language(founder, language)
        await shoot(founder, tmp_path, f"web-journey-{language}-1-submitted.png")

        await sign_in(reviewer, web_url, email=reviewer_email)
        await review_and_send_back(
            reviewer, web_url, journey.application_id, language=language, field="fte_ai", message="FTE / ЖТҚ?"
        )
        await in_language(reviewer, language)
        await shoot(reviewer, tmp_path, f"web-journey-{language}-2-sent-back.png")

        await founder.goto(f"{web_url}/founder/applications/{journey.application_id}?lang={language}")
        assert await application_state(founder) == "sent_back"
        await shoot(founder, tmp_path, f"web-journey-{language}-3-founder-sees-send-back.png")
        await answer_send_back(
            founder, web_url, journey.application_id, language=language, note="Corrected / Түзетілді", fte_ai="9"
        )
        assert await application_state(founder) == "submitted"
        await in_language(founder, language)

        number = await review_and_approve(reviewer, web_url, journey.application_id, language=language)
        await in_language(reviewer, language)
        await shoot(reviewer, tmp_path, f"web-journey-{language}-4-approved.png")

        await visitor.goto(f"{web_url}/licences/{number}/certificate?lang={language}")
        await in_language(visitor, language)
        assert number in await visitor.locator("main").inner_text()
        await shoot(visitor, tmp_path, f"web-journey-{language}-5-certificate.png")
        target = qr_target(await visitor.locator("svg.qr-code").screenshot())
        assert target.startswith(f"{web_url}/licences/{number}")
        response = await visitor.goto(target)
        assert response is not None and response.status == 200
        assert "status-active" in (await visitor.locator("#licence-status").get_attribute("class") or "")
        assert number in await visitor.locator("h1").inner_text()
        await in_language(visitor, language)
        await shoot(visitor, tmp_path, f"web-journey-{language}-6-verified.png")

    async with engine.connect() as connection:
        state = await connection.scalar(
            text("SELECT state FROM licence_applications WHERE id = CAST(:id AS uuid)"), {"id": journey.application_id}
        )
        holder = await connection.scalar(
            text("SELECT company_id::text FROM licences WHERE number = :number"), {"number": number}
        )
    assert state == "approved" and holder == journey.company.id

    if os.environ.get("SAVE_SCREENSHOTS") == "1":
        copy_screenshots(tmp_path)


def copy_screenshots(folder: Path) -> None:
    """The journey's screenshots into ``docs/`` for the README."""
    for picture in folder.glob("web-journey-*.png"):
        shutil.copy(picture, DOCS / picture.name)
