"""The dashboard in headless Chromium: sign in through the page, and the charts show exactly the API's figures.

The app runs on a real localhost port (``tests.dashboard_support.live_server``) over the committed ecosystem of
``tests.dashboard_support`` (Mangystau Region), with the fixed clock of the other tests (today is 2026-11-20), so
the default period is 2022-2026. Set ``SAVE_SCREENSHOT=1`` to copy the screenshot to ``docs/dashboard.png``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, async_playwright
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import create_app
from api.routes.dashboard import CONTENT_SECURITY_POLICY
from api.settings import Settings
from tests.conftest import FIXED_NOW
from tests.dashboard_support import (
    CHROMIUM_FLAGS,
    MANGYSTAU,
    SHYMKENT,
    CommittedEcosystem,
    build_committed_ecosystem,
    chromium_path,
    delete_committed_ecosystem,
    delete_committed_releases,
    live_server,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

PROJECT_ROOT = Path(__file__).resolve().parents[2]
METRICS = "/api/v1/metrics"
TODAY = FIXED_NOW.date().isoformat()
Figures = dict[tuple[str, str, str], str]
"""(chart, metric, key) -> the API's value as text, ``suppressed:C`` or ``empty``."""


@pytest.fixture(scope="module")
async def ecosystem(engine: AsyncEngine) -> AsyncIterator[CommittedEcosystem]:
    built = await build_committed_ecosystem(engine)
    try:
        yield built
    finally:
        await delete_committed_ecosystem(engine, built)


@pytest.fixture(scope="module")
def base_url(
    database_url: str, ecosystem: CommittedEcosystem, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    settings = Settings(
        environment="test",
        database_url=database_url,
        jwt_secret="test-secret-that-is-long-enough-for-hs256-0123456789",
        data_dir=tmp_path_factory.mktemp("dashboard-server"),
        log_json=False,
    )
    with live_server(create_app(settings, clock=lambda: FIXED_NOW)) as url:
        yield url


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    executable = chromium_path()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_FLAGS)
        yield browser
        await browser.close()


@pytest.fixture
async def page(browser: Browser, base_url: str) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = await context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    await context.close()
    assert errors == []
    # Offline: the page never asks anything of another origin (no CDN, no fonts).
    assert [url for url in requested if not url.startswith(f"{base_url}/") and not url.startswith("data:")] == []


async def sign_in(page: Page, base_url: str, email: str) -> None:
    await page.goto(f"{base_url}/dashboard")
    await page.get_by_label("E-mail").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()


async def drawn(page: Page, rendered: str) -> Figures:
    """The figures on the page once it has rendered the filters ``rendered`` (``from-to-region``)."""
    await page.locator(f'#dashboard[data-rendered="{rendered}"]').wait_for(timeout=30_000)
    marks: list[dict[str, str]] = await page.locator("[data-chart][data-metric]").evaluate_all(
        "elements => elements.map(element => ({...element.dataset}))"
    )
    figures: Figures = {}
    for mark in marks:
        key = (mark["chart"], mark["metric"], mark["key"])
        assert key not in figures, f"drawn twice: {key}"
        if "suppressed" in mark:
            figures[key] = f"suppressed:{mark['suppressed']}"
        elif "empty" in mark:
            figures[key] = "empty"
        else:
            figures[key] = mark["value"]
    return figures


def _figure(cell: dict[str, Any]) -> str:
    if cell["suppressed"]:
        return "suppressed:C"
    return "empty" if cell["value"] is None else str(cell["value"])


async def api_figures(
    client: httpx.AsyncClient, *, first: int, last: int, region: str | None, known_at: str | None = None
) -> Figures:
    """What the dashboard should draw for these filters (as known at ``known_at``), asked of the API directly."""
    scope: dict[str, str] = {"region": region} if region else {}
    if known_at:
        scope["known_at"] = known_at
    period = {"from": f"{first}-01-01", "to": f"{last}-12-31", **scope}

    async def read(path: str, **params: str) -> Any:
        response = await client.get(f"{METRICS}{path}", params=params)
        assert response.status_code == 200, response.text
        return response.json()

    figures: Figures = {}
    for year in range(first, last + 1):
        as_of = TODAY if year == FIXED_NOW.year and not known_at else f"{year}-12-31"
        summary = await read("/summary", as_of=as_of, **scope)
        cell = next(c for c in summary["cells"] if (c["metric"], c["group"]) == ("companies_by_ai_class", "ai_native"))
        figures["stock", "companies_by_ai_class", str(year)] = _figure(cell)
    for metric in ("born_ai_native", "pivots_to_ai", "pivots_away"):
        series = await read("/timeseries", metric=metric, interval="year", **period)
        for point in series["points"]:
            assert point["group"] is None
            figures["flows", metric, point["period"]] = _figure(point)
    # The funnel (confidential) is the release's of the newest released fiscal year up to ``last``, national.
    releases = (await client.get("/api/v1/statistics/releases")).json()
    released = [r for r in releases if r["period"] <= last and (not known_at or r["known_at"] <= known_at)]
    if not released:
        return figures | await _regions(read, last, known_at)
    year = max(r["period"] for r in released)
    funnel = await read("/licensing", **{"from": f"{year}-01-01", "to": f"{year}-12-31"}, **_known(known_at))
    shown = {
        "applications_submitted",
        "applications_decided",
        "applications_approved",
        "days_to_decision_median",
        "days_to_decision_p90",
        "approval_rate",
        "decided_within_service_level",
    }
    for cell in funnel["cells"]:
        if cell["metric"] in shown:
            figures["funnel", cell["metric"], "all"] = _figure(cell)
    return figures | await _regions(read, last, known_at)


def _known(known_at: str | None) -> dict[str, str]:
    return {"known_at": known_at} if known_at else {}


async def _regions(read: Any, last: int, known_at: str | None) -> Figures:
    """Companies by region: active and AI-native companies at the period's end, in the whole country."""
    as_of = TODAY if last == FIXED_NOW.year and not known_at else f"{last}-12-31"
    figures: Figures = {}
    for cell in (await read("/summary", as_of=as_of, group_by="region", **_known(known_at)))["cells"]:
        if cell["metric"] in {"active_companies_by_region", "ai_native_companies_by_region"}:
            figures["regions", cell["metric"], cell["group"]] = _figure(cell)
    return figures


@pytest.fixture
async def economist_api(base_url: str, ecosystem: CommittedEcosystem) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=base_url) as client:
        login = await client.post(
            "/api/v1/auth/login", json={"email": ecosystem.accounts["economist"], "password": PASSWORD}
        )
        assert login.status_code == 200, login.text
        client.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        yield client


async def test_the_charts_show_the_api_figures_public_ones_exactly(
    page: Page, base_url: str, ecosystem: CommittedEcosystem, economist_api: httpx.AsyncClient, tmp_path: Path
) -> None:
    await sign_in(page, base_url, ecosystem.accounts["economist"])

    # The default view: the last five years to the server's today, the whole country.
    country = await drawn(page, "live-2022-2026-all")
    assert country == await api_figures(economist_api, first=2022, last=2026, region=None)
    assert await page.get_by_text("Dashboard Economist (economist)").is_visible()

    await page.get_by_label("Region", exact=True).select_option(label="Mangystau Region")
    mangystau = await drawn(page, f"live-2022-2026-{MANGYSTAU}")
    assert mangystau == await api_figures(economist_api, first=2022, last=2026, region=MANGYSTAU)
    # The figures of the ecosystem in tests.dashboard_support, worked out by hand: AI-native companies at each
    # year's end by their declarations for that year (2022: 3 + 4 born, 4 to pivot away later = 11; 2023: + 5 born
    # + 3 pivots = 19; 2024: + 6 + 4 - 1 = 28; 2025: + 2 + 5 - 3 = 32; on 2026-11-20 the 2025 classes still hold:
    # 32), so each year's change is its flows. They are public (the class is on every public profile), so they are
    # published exactly, small ones too.
    assert [mangystau["stock", "companies_by_ai_class", str(year)] for year in range(2022, 2027)] == [
        "11",
        "19",
        "28",
        "32",
        "32",
    ]
    assert [mangystau["flows", "born_ai_native", str(year)] for year in range(2022, 2027)] == ["4", "5", "6", "2", "0"]
    assert [mangystau["flows", "pivots_to_ai", str(year)] for year in range(2022, 2027)] == ["0", "3", "4", "5", "0"]
    assert [mangystau["flows", "pivots_away", str(year)] for year in range(2022, 2027)] == ["0", "0", "1", "3", "0"]
    assert not any(value.startswith("suppressed") for value in mangystau.values())

    # The regional chart is of the whole country: 47 active companies in Mangystau, 32 of them AI-native, and
    # Shymkent's two companies.
    assert mangystau["regions", "active_companies_by_region", MANGYSTAU] == "47"
    assert mangystau["regions", "ai_native_companies_by_region", MANGYSTAU] == "32"
    assert mangystau["regions", "active_companies_by_region", SHYMKENT] == "2"

    # The funnel (applications are confidential) comes from releases only, and there is none yet: the page says so.
    assert not any(chart == "funnel" for chart, _, _ in mangystau)
    note = page.locator("#funnel-unreleased")
    assert "published in official releases only" in (await note.text_content() or "")
    # The selected region is highlighted in the (whole-country) regional chart.
    highlighted = page.locator("#chart-regions [data-selected-row]")
    assert await highlighted.evaluate_all("rows => rows.map(row => row.dataset.selectedRow)") == [MANGYSTAU]

    # A shorter period reloads the charts.
    await page.get_by_label("From year", exact=True).select_option("2024")
    shorter = await drawn(page, f"live-2024-2026-{MANGYSTAU}")
    assert shorter == await api_figures(economist_api, first=2024, last=2026, region=MANGYSTAU)
    await page.get_by_label("From year", exact=True).select_option("2022")
    await drawn(page, f"live-2022-2026-{MANGYSTAU}")

    screenshot = tmp_path / "dashboard.png"
    await page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.read_bytes().startswith(b"\x89PNG")
    if os.environ.get("SAVE_SCREENSHOT") == "1":
        (PROJECT_ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(screenshot, PROJECT_ROOT / "docs" / "dashboard.png")


async def test_a_founder_is_told_that_the_statistics_are_for_hub_staff(
    page: Page, base_url: str, ecosystem: CommittedEcosystem
) -> None:
    await sign_in(page, base_url, ecosystem.accounts["founder"])
    message = page.get_by_role("alert")
    await message.filter(has_text="economists, reviewers and admins").wait_for(timeout=30_000)
    assert await page.locator("#dashboard").is_hidden()
    assert await page.locator("[data-chart][data-metric]").count() == 0

    # Messages follow the chosen language.
    await page.get_by_label("Language").select_option("ru")
    await message.filter(has_text="экономистов, рецензентов и администраторов").wait_for()
    await page.get_by_label("Язык").select_option("kk")
    await message.filter(has_text="экономистерге, сарапшыларға және әкімшілерге").wait_for()


def _addresses(source: str) -> list[str]:
    """Web addresses in a file, but for the SVG namespace (a name, never fetched)."""
    return re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}", source.replace("http://www.w3.org/2000/svg", ""))


async def test_the_page_and_its_assets_allow_nothing_from_other_origins(client: httpx.AsyncClient) -> None:
    page = await client.get("/dashboard")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY
    assert not _addresses(page.text)
    for name, media_type in [("dashboard.js", "text/javascript"), ("dashboard.css", "text/css")]:
        asset = await client.get(f"/dashboard/assets/{name}")
        assert asset.status_code == 200
        assert asset.headers["content-type"] == f"{media_type}; charset=utf-8"
        assert asset.headers["x-content-type-options"] == "nosniff"
        assert not _addresses(asset.text)
    missing = await client.get("/dashboard/assets/app.py")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


async def test_the_dashboard_opens_on_the_latest_release_and_switches_to_the_live_figures(
    page: Page,
    base_url: str,
    engine: AsyncEngine,
    ecosystem: CommittedEcosystem,
    economist_api: httpx.AsyncClient,
) -> None:
    async with httpx.AsyncClient(base_url=base_url) as admin:
        login = await admin.post(
            "/api/v1/auth/login", json={"email": ecosystem.accounts["admin"], "password": PASSWORD}
        )
        made = await admin.post(
            "/api/v1/statistics/releases",
            json={"period": 2025},
            headers={"Authorization": f"Bearer {login.json()['access_token']}"},
        )
    assert made.status_code == 201, made.text
    release = made.json()
    try:
        await sign_in(page, base_url, ecosystem.accounts["economist"])
        # It opens on the release: its number, period, date and status, links to its files, and its figures (the
        # five years to the release's period, as the registry knew them when the release was made).
        figures = await drawn(page, "release-2021-2025-all")
        assert figures == await api_figures(
            economist_api, first=2021, last=2025, region=None, known_at=release["known_at"]
        )
        info = await page.locator("#view-info").text_content()
        assert f"Release {release['id']} of fiscal year 2025" in (info or "")
        assert ("final" if not release["provisional"] else "provisional") in (info or "")
        links = await page.locator("#release-links a").evaluate_all("links => links.map(link => link.href)")
        assert links == [
            f"{base_url}/api/v1/statistics/releases/{release['id']}?format=csv",
            f"{base_url}/api/v1/statistics/releases/{release['id']}?format=sdmx-csv",
            f"{base_url}/api/v1/statistics/structure",
        ]
        downloaded = await economist_api.get(links[1])
        assert downloaded.headers["content-type"].startswith("application/vnd.sdmx.data+csv")

        # The funnel is the release's: twelve applications first submitted in 2025, nine decided after 8, 9, 10,
        # 12, 14, 16, 20, 25 and 30 days. A median of nine companies would be one company's figure next to the
        # others, so the decision times are withheld (flag C), and drawn as withheld, in words, with no number.
        funnel = {metric: value for (chart, metric, _), value in figures.items() if chart == "funnel"}
        assert funnel["applications_submitted"] == "12"
        assert funnel["applications_decided"] == "9"
        assert funnel["applications_approved"] == "6"
        assert funnel["days_to_decision_median"] == funnel["days_to_decision_p90"] == "suppressed:C"
        median = page.locator('#chart-funnel dd[data-metric="days_to_decision_median"]')
        assert await median.text_content() == "suppressed"
        assert await median.get_attribute("data-value") is None
        assert "withheld to protect confidential figures" in (await median.get_attribute("title") or "")
        caption = await page.locator("#chart-funnel .caption").first.text_content()
        assert f"fiscal year 2025, the whole country, from release {release['id']}" in (caption or "")
        figure = page.locator("#chart-funnel")
        hidden = sum(1 for value in funnel.values() if value.startswith("suppressed"))
        bars, words = figure.locator("svg rect[data-suppressed]"), figure.locator("dd[data-suppressed]")
        assert await bars.count() + await words.count() == hidden
        assert set(await bars.evaluate_all("bars => bars.map(bar => bar.getAttribute('fill'))")) <= {
            "url(#funnel-hatch)"
        }
        assert await words.all_text_contents() == ["suppressed"] * await words.count()

        # One switch away: the live figures, to the server's today.
        await page.get_by_label("Figures", exact=True).select_option("live")
        live = await drawn(page, "live-2022-2026-all")
        assert live == await api_figures(economist_api, first=2022, last=2026, region=None)
        await page.get_by_label("Language").select_option("kk")
        assert "Ағымдағы деректер" in (await page.locator("#view-info").text_content() or "")
    finally:
        await delete_committed_releases(engine, [release["id"]])
