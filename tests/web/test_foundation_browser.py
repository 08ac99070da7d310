"""The web foundation in headless Chromium: layout in three languages (axe, 390 px), the session cookie, CSRF, and
an account disabled elsewhere signed out at once."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import httpx
import pytest
from playwright.async_api import Browser
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.factories import PASSWORD
from tests.web.support import (
    PHONE_WIDTH,
    assert_accessible,
    assert_no_horizontal_scroll,
    committed_account,
    open_page,
    sign_up,
    unique_email,
)

pytestmark = pytest.mark.browser

LANGUAGES = ["kk", "ru", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["/", "/sign-in", "/sign-up", "/no-such-page"])
async def test_layout_pages_are_accessible_and_fit_a_phone(
    browser: Browser, web_url: str, language: str, path: str
) -> None:
    async with open_page(browser, web_url, language=language, width=PHONE_WIDTH) as page:
        await page.goto(f"{web_url}{path}?lang={language}")
        assert await page.get_attribute("html", "lang") == language
        await assert_accessible(page)
        await assert_no_horizontal_scroll(page)


async def test_the_language_switch_sticks(browser: Browser, web_url: str) -> None:
    async with open_page(browser, web_url) as page:
        await page.goto(f"{web_url}/")
        await page.get_by_role("link", name="Қазақша").click()
        await page.wait_for_load_state()
        await page.goto(f"{web_url}/sign-in")
        assert await page.get_attribute("html", "lang") == "kk"


async def test_the_session_cookie_is_not_readable_by_scripts(browser: Browser, web_url: str) -> None:
    async with open_page(browser, web_url) as page:
        await sign_up(page, web_url, email=unique_email())
        cookies = {cookie["name"]: cookie for cookie in await page.context.cookies()}
        assert cookies["registry_session"]["httpOnly"] is True
        assert cookies["registry_csrf"]["httpOnly"] is True
        readable = await page.evaluate("() => document.cookie")
        assert "registry_session" not in readable
        assert "registry_csrf" not in readable


async def test_disabling_an_account_signs_its_browser_out_at_once(
    browser: Browser, web_url: str, engine: AsyncEngine
) -> None:
    email = unique_email()
    _, admin_email = await committed_account(engine, "admin")
    async with open_page(browser, web_url) as page:
        await sign_up(page, web_url, email=email)
        async with httpx.AsyncClient(base_url=web_url) as api:
            login = await api.post("/api/v1/auth/login", json={"email": admin_email, "password": PASSWORD})
            headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
            accounts = await api.get("/api/v1/accounts", headers=headers, params={"limit": 200})
            founder = next(item for item in accounts.json()["items"] if item["email"] == email)
            disabled = await api.patch(f"/api/v1/accounts/{founder['id']}", json={"disabled": True}, headers=headers)
            assert disabled.status_code == 200, disabled.text
        await page.reload()
        assert await page.locator("form[action='/sign-out']").count() == 0
        assert await page.locator("a[href='/sign-in']").count() == 1


@pytest.fixture
def other_site() -> Iterator[tuple[str, dict[str, str]]]:
    """A page on another origin whose form posts to the registry's sign-out (a cross-site request forgery)."""
    target: dict[str, str] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = (
                f'<!doctype html><html lang="en"><title>elsewhere</title><form method="post" '
                f'action="{target["url"]}/sign-out"><button>go</button></form></html>'
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", target
    finally:
        server.shutdown()
        server.server_close()


async def test_a_cross_site_form_post_is_refused(
    browser: Browser, web_url: str, other_site: tuple[str, dict[str, str]]
) -> None:
    site, target = other_site
    target["url"] = web_url
    context = await browser.new_context()
    page = await context.new_page()
    try:
        await sign_up(page, web_url, email=unique_email())
        await page.goto(site)
        async with page.expect_response(f"{web_url}/sign-out") as answer:
            await page.get_by_role("button", name="go").click()
        assert (await answer.value).status == 403
        await page.goto(f"{web_url}/")
        assert await page.locator("form[action='/sign-out']").count() == 1, "still signed in"
    finally:
        await context.close()


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_form_shown_again_with_errors_is_accessible(browser: Browser, web_url: str, language: str) -> None:
    async with open_page(browser, web_url, language=language, width=PHONE_WIDTH) as page:
        await page.goto(f"{web_url}/sign-up?lang={language}")
        await page.locator("#field-full_name").fill("Aigerim")
        await page.locator("#field-email").fill(unique_email())
        await page.locator("#field-password").fill("password1234")
        await page.locator("form.stacked-form button[type=submit]").click()
        await page.locator("#form-errors").wait_for()
        assert await page.locator("[aria-invalid=true]").count() >= 1
        # site.js moves the focus once the page's script has run, which may be after the summary is drawn.
        await page.wait_for_function("() => document.activeElement && document.activeElement.id === 'form-errors'")
        await assert_accessible(page)
        await assert_no_horizontal_scroll(page)
