"""Swagger UI at ``/schema`` renders the contract in a real browser with no network but the app's own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.async_api import Browser, Route

from api.app import create_app
from api.settings import Settings
from tests.conftest import FIXED_NOW
from tests.dashboard_support import live_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = Settings(
        environment="test",
        database_url=database_url,
        jwt_secret="test-secret-that-is-long-enough-for-hs256-0123456789",
        data_dir=tmp_path_factory.mktemp("swagger-ui-server"),
        log_json=False,
    )
    with live_server(create_app(settings, clock=lambda: FIXED_NOW)) as url:
        yield url


async def test_swagger_ui_shows_every_operation_and_an_authorize_button_offline(
    browser: Browser, base_url: str
) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    elsewhere: list[str] = []

    async def offline(route: Route) -> None:
        if route.request.url.startswith(f"{base_url}/"):
            await route.continue_()
        else:
            elsewhere.append(route.request.url)
            await route.abort()

    await page.route("**/*", offline)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        await page.goto(f"{base_url}/schema")
        await page.locator(".swagger-ui .info .title").filter(has_text="AlemAI Registry").wait_for(timeout=20_000)
        await page.get_by_role("button", name="Authorize").first.wait_for()
        operations = await page.locator(".opblock-summary-path").all_inner_texts()
        assert "/api/v1/companies/{company_id}" in [text.replace("\u200b", "") for text in operations]
        assert await page.locator(".swagger-ui .errors-wrapper").count() == 0
    finally:
        await context.close()
    assert errors == []
    assert elsewhere == []
