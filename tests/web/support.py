"""What the web pages' browser tests share: the real app on a real port, Debian's Chromium, axe-core, 390 px.

The app runs under uvicorn in a thread (``tests.dashboard_support.live_server``) on the session's test database,
so whatever a test does through the pages is committed: use unique e-mails and names (:func:`unique_email`).

Fixtures:

- ``web_url``: the base URL of the running app (session scope; ``tests/web/conftest.py`` offers it, a module elsewhere
  imports it);
- ``browser``: headless Debian Chromium (``tests/browser_support.py``, offered to every test by ``tests/conftest.py``;
  session scope, every page in a fresh context).

Helpers:

- :func:`open_page`: a new browser page in a language and width; it fails the test on a script error or a request to
  another origin (no CDN, works offline);
- :func:`assert_accessible`: axe-core (bundled with ``axe-playwright-python``, injected from the package, no
  network) finds no serious or critical violation;
- :func:`assert_no_horizontal_scroll`: nothing is wider than the window (call it on a page opened at 390 px);
- :func:`sign_up` / :func:`sign_in` / :func:`sign_out`: through the pages' own forms;
- :func:`committed_account`: an account of any role made straight in the database (staff cannot sign up);
  :func:`committed_signed_in`: the same with a bearer token, to build committed data through the live server's API
  (``tests.licensing_support`` helpers take an ``httpx.AsyncClient(base_url=web_url)`` and it).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, Page
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import create_app
from api.settings import Settings
from registry.accounts.passwords import hash_password
from tests.conftest import FIXED_NOW
from tests.dashboard_support import live_server
from tests.factories import PASSWORD, SignedIn, login

__all__ = [
    "PHONE_WIDTH",
    "assert_accessible",
    "assert_no_horizontal_scroll",
    "committed_account",
    "committed_signed_in",
    "open_page",
    "sign_in",
    "sign_out",
    "sign_up",
    "unique_email",
    "web_settings",
    "web_url",
]

PHONE_WIDTH = 390
"""The phone width every page must fit without horizontal scrolling."""
SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"
BLOCKING_IMPACTS = {"serious", "critical"}


def web_settings(data_dir: Any, database_url: str) -> Settings:
    """The live server's settings (environment ``test``: cookies without ``Secure``, as it is plain http)."""
    return Settings(environment="test", database_url=database_url, jwt_secret=SECRET, data_dir=data_dir, log_json=False)


@pytest.fixture(scope="session")
def web_url(database_url: str, engine: AsyncEngine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free localhost port, on the test database (migrated by ``engine``), with the tests' clock.

    One server per test process rather than one per module: starting one builds the app and runs its start-up (a
    full garbage collection of the whole test process, which grows as the session goes on). What the pages keep
    between requests is in the database, which the modules share anyway, hence their unique e-mails and names.
    """
    settings = web_settings(tmp_path_factory.mktemp("web-server"), database_url)
    with live_server(create_app(settings, clock=lambda: FIXED_NOW)) as url:
        yield url


@asynccontextmanager
async def open_page(
    browser: Browser, base_url: str, *, language: str = "en", width: int = 1280, height: int = 900
) -> AsyncIterator[Page]:
    """A page in a fresh context (no cookies), its browser language ``language``, ``width`` px wide.

    On leaving: no script error happened and nothing was asked of another origin.
    """
    context = await browser.new_context(
        viewport={"width": width, "height": height}, locale={"kk": "kk-KZ", "ru": "ru-RU"}.get(language, "en-GB")
    )
    page = await context.new_page()
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        await context.close()
    assert errors == [], f"script errors: {errors}"
    elsewhere = [url for url in requested if not url.startswith(f"{base_url}/") and not url.startswith("data:")]
    assert elsewhere == [], f"requests to other origins: {elsewhere}"


async def assert_accessible(page: Page) -> None:
    """axe-core finds no serious or critical violation on the page as it is now."""
    results = await Axe().run(page)
    blocking = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} -- "
        + "; ".join(str(node.get("target")) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation.get("impact") in BLOCKING_IMPACTS
    ]
    assert blocking == [], f"{page.url}: " + "\n".join(blocking)


async def assert_no_horizontal_scroll(page: Page) -> None:
    """Nothing on the page is wider than its window (no horizontal scroll bar)."""
    widths: dict[str, int] = await page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, window: window.innerWidth,"
        " body: document.body.scrollWidth})"
    )
    assert widths["scroll"] <= widths["window"], f"{page.url}: {widths}"
    assert widths["body"] <= widths["window"], f"{page.url}: {widths}"


def unique_email(role: str = "founder") -> str:
    """An e-mail no other test uses."""
    return f"web-{role}-{uuid.uuid4().hex[:12]}@example.kz"


async def sign_up(
    page: Page, base_url: str, *, email: str, full_name: str = "Aigerim Webtest", password: str = PASSWORD
) -> None:
    """Sign up as a founder through the sign-up page (the page signs the new founder in)."""
    await page.goto(f"{base_url}/sign-up")
    await page.locator("#field-full_name").fill(full_name)
    await page.locator("#field-email").fill(email)
    await page.locator("#field-password").fill(password)
    await page.locator("form.stacked-form button[type=submit]").click()
    await page.wait_for_load_state()
    await page.locator("form[action='/sign-out']").wait_for()


async def sign_in(page: Page, base_url: str, *, email: str, password: str = PASSWORD, next_path: str = "") -> None:
    """Sign in through the sign-in page (``next_path``: where the page goes on to)."""
    await page.goto(f"{base_url}/sign-in" + (f"?next={next_path}" if next_path else ""))
    await page.locator("#field-email").fill(email)
    await page.locator("#field-password").fill(password)
    await page.locator("form.stacked-form button[type=submit]").click()
    await page.wait_for_load_state()
    await page.locator("form[action='/sign-out']").wait_for()


async def sign_out(page: Page) -> None:
    """Sign out with the header's button."""
    await page.locator("form[action='/sign-out'] button").click()
    await page.wait_for_load_state()


async def committed_account(engine: AsyncEngine, role: str, *, email: str | None = None) -> tuple[uuid.UUID, str]:
    """An account of ``role`` with the tests' password, committed; returns its id and e-mail."""
    account_id = uuid.uuid4()
    email = email or unique_email(role)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO accounts (id, email, password_hash, full_name, role)"
                " VALUES (:id, :email, :hash, :name, :role)"
            ),
            {"id": account_id, "email": email, "hash": hash_password(PASSWORD), "name": f"Web {role}", "role": role},
        )
    return account_id, email


async def committed_signed_in(engine: AsyncEngine, api: httpx.AsyncClient, role: str) -> SignedIn:
    """A committed account of ``role`` signed in to the API of the live server ``api`` talks to."""
    account_id, email = await committed_account(engine, role)
    return SignedIn(id=str(account_id), email=email, role=role, headers=await login(api, email))
