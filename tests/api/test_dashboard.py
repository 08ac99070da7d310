"""The dashboard in headless Chromium on the desktop: the charts show exactly the API's figures, views and downloads.

The app runs on a real localhost port (``tests.web.support.web_url``) over the committed ecosystem of
``tests.dashboard_support`` (Mangystau Region), with the fixed clock of the other tests (today is 2026-11-20), so
the live view's default period is 2022-2026. Set ``SAVE_SCREENSHOT=1`` to copy the screenshot to
``docs/dashboard.png``. The phone, the three languages and axe are ``tests/web/test_dashboard_browser.py``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from playwright.async_api import Browser, Page
from sqlalchemy.ext.asyncio import AsyncEngine

from api.web.pages import PAGE_HEADERS
from tests.conftest import FIXED_NOW
from tests.dashboard_support import (
    MANGYSTAU,
    SHYMKENT,
    CommittedEcosystem,
    Figures,
    api_figures,
    build_committed_ecosystem,
    delete_committed_ecosystem,
    delete_committed_releases,
    drawn,
    make_release,
    signed_in_api,
)
from tests.web.support import assert_accessible, open_page, sign_in, web_url

__all__ = ["web_url"]

pytestmark = pytest.mark.browser

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TODAY = FIXED_NOW.date().isoformat()


@pytest.fixture(scope="module")
async def ecosystem(engine: AsyncEngine) -> AsyncIterator[CommittedEcosystem]:
    built = await build_committed_ecosystem(engine)
    try:
        yield built
    finally:
        await delete_committed_ecosystem(engine, built)


@pytest.fixture
async def economist_api(web_url: str, ecosystem: CommittedEcosystem) -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in_api(web_url, ecosystem.accounts["economist"]) as client:
        yield client


async def figures_of(api: httpx.AsyncClient, first: int, last: int, region: str | None, **known: str) -> Figures:
    return await api_figures(api, today=TODAY, first=first, last=last, region=region, **known)


async def test_the_charts_show_the_api_figures_and_the_filters_live_in_the_address(
    browser: Browser, web_url: str, ecosystem: CommittedEcosystem, economist_api: httpx.AsyncClient, tmp_path: Path
) -> None:
    async with open_page(browser, web_url) as page:
        await sign_in(
            page, web_url, email=ecosystem.accounts["economist"], next_path=quote("/dashboard?view=live", safe="")
        )
        # The live view: the last five years to the server's today, the whole country.
        country = await drawn(page, "2022-2026-all")
        assert country == await figures_of(economist_api, 2022, 2026, None)

        await page.get_by_label("Region", exact=True).select_option(label="Mangystau Region")
        mangystau = await drawn(page, f"2022-2026-{MANGYSTAU}")
        assert f"region={MANGYSTAU}" in page.url
        await assert_accessible(page)
        assert mangystau == await figures_of(economist_api, 2022, 2026, MANGYSTAU)
        # The figures of the ecosystem in tests.dashboard_support, worked out by hand: AI-native companies at each
        # year's end by their declarations for that year (2022: 3 + 4 born, 4 to pivot away later = 11; 2023: + 5
        # born + 3 pivots = 19; 2024: + 6 + 4 - 1 = 28; 2025: + 2 + 5 - 3 = 32; on 2026-11-20 the 2025 classes still
        # hold: 32). They are public (the class is on every public profile), so they are published exactly.
        stock = [mangystau["stock", "companies_by_ai_class", str(year)] for year in range(2022, 2027)]
        assert stock == ["11", "19", "28", "32", "32"]
        assert [mangystau["flows", "born_ai_native", str(y)] for y in range(2022, 2027)] == ["4", "5", "6", "2", "0"]
        assert [mangystau["flows", "pivots_to_ai", str(y)] for y in range(2022, 2027)] == ["0", "3", "4", "5", "0"]
        assert [mangystau["flows", "pivots_away", str(y)] for y in range(2022, 2027)] == ["0", "0", "1", "3", "0"]
        assert not any(value.startswith("suppressed") for value in mangystau.values())
        # The regional chart is of the whole country, the selected region highlighted.
        assert mangystau["regions", "active_companies_by_region", MANGYSTAU] == "47"
        assert mangystau["regions", "ai_native_companies_by_region", MANGYSTAU] == "32"
        assert mangystau["regions", "active_companies_by_region", SHYMKENT] == "2"
        highlighted = page.locator('#chart-regions svg[data-layout="wide"] [data-selected-row]')
        assert await highlighted.evaluate_all("rows => rows.map(row => row.dataset.selectedRow)") == [MANGYSTAU]

        # The funnel (applications are confidential) comes from releases only, and there is none yet: it says so.
        note = page.locator("#funnel-empty")
        assert "published in official releases only" in (await note.text_content() or "")

        # A shorter period: a new address; a reload keeps it, and the back button returns to the previous view.
        await page.get_by_label("From year", exact=True).select_option("2024")
        shorter = await drawn(page, f"2024-2026-{MANGYSTAU}")
        assert shorter == await figures_of(economist_api, 2024, 2026, MANGYSTAU)
        shared = page.url
        await page.reload()
        assert await drawn(page, f"2024-2026-{MANGYSTAU}") == shorter
        assert await page.get_by_label("From year", exact=True).input_value() == "2024"
        await page.go_back()
        await drawn(page, f"2022-2026-{MANGYSTAU}")
        assert await page.get_by_label("From year", exact=True).input_value() == "2022"
        # The shared address opens the same view in another browser.
        async with open_page(browser, web_url) as other:
            await sign_in(
                other,
                web_url,
                email=ecosystem.accounts["economist"],
                next_path=quote(shared.removeprefix(web_url), safe=""),
            )
            assert await drawn(other, f"2024-2026-{MANGYSTAU}") == shorter

        await page.goto(f"{web_url}/dashboard?view=live&region={MANGYSTAU}")
        await drawn(page, f"2022-2026-{MANGYSTAU}")
        screenshot = tmp_path / "dashboard.png"
        await page.screenshot(path=str(screenshot), full_page=True)
        assert screenshot.read_bytes().startswith(b"\x89PNG")
        if os.environ.get("SAVE_SCREENSHOT") == "1":
            shutil.copyfile(screenshot, PROJECT_ROOT / "docs" / "dashboard.png")


async def test_a_founder_is_told_that_the_statistics_are_for_hub_staff(
    browser: Browser, web_url: str, ecosystem: CommittedEcosystem
) -> None:
    async with open_page(browser, web_url) as page:
        await sign_in(page, web_url, email=ecosystem.accounts["founder"], next_path="/dashboard")
        message = page.get_by_role("alert")
        await message.filter(has_text="economists, reviewers and admins").wait_for(timeout=30_000)
        assert await page.locator("[data-chart][data-metric]").count() == 0
        # Messages follow the chosen language, and the choice sticks.
        await page.locator('nav.language-switch a[hreflang="ru"]').click()
        await message.filter(has_text="экономистов, рецензентов и администраторов").wait_for()
        await page.goto(f"{web_url}/dashboard")
        assert await page.get_attribute("html", "lang") == "ru"


def _addresses(source: str) -> list[str]:
    """Web addresses in a file, but for the SVG namespace (a name, never fetched)."""
    return re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}", source.replace("http://www.w3.org/2000/svg", ""))


async def test_the_page_and_its_files_allow_nothing_from_other_origins(client: httpx.AsyncClient) -> None:
    page = await client.get("/dashboard")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-security-policy"] == PAGE_HEADERS["Content-Security-Policy"]
    assert not _addresses(page.text)
    assert "<script>" not in page.text
    assert " style=" not in page.text
    for name, media_type in [("dashboard.js", "text/javascript"), ("dashboard.css", "text/css")]:
        asset = await client.get(f"/static/{name}")
        assert asset.status_code == 200
        assert asset.headers["content-type"] == f"{media_type}; charset=utf-8"
        assert asset.headers["x-content-type-options"] == "nosniff"
        assert not _addresses(asset.text)
    missing = await client.get("/dashboard/assets/app.py")
    assert missing.status_code == 404


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _csv_figures(rows: list[dict[str, str]]) -> dict[tuple[str, str], str]:
    """(metric, category) -> the value as the CSV gives it, ``suppressed:C`` for a withheld one."""
    return {
        (row["metric"], row["category"]): "suppressed:C" if row["suppressed"] == "true" else (row["value"] or "empty")
        for row in rows
    }


async def _download(page: Page, selector: str, folder: Path) -> Path:
    async with page.expect_download() as event:
        await page.locator(selector).click()
    download = await event.value
    target = folder / download.suggested_filename
    await download.save_as(target)
    return target


async def test_the_dashboard_opens_on_the_latest_release_and_each_chart_downloads(
    browser: Browser,
    web_url: str,
    engine: AsyncEngine,
    ecosystem: CommittedEcosystem,
    economist_api: httpx.AsyncClient,
    tmp_path: Path,
) -> None:
    release = await make_release(web_url, ecosystem.accounts["admin"], 2025)
    try:
        async with open_page(browser, web_url) as page:
            await sign_in(page, web_url, email=ecosystem.accounts["economist"], next_path="/dashboard")
            # It opens on the release: its number, period, date and status, links to its files, and its figures
            # (the five years to the release's period, as the registry knew them when the release was made).
            figures = await drawn(page, "2021-2025-all")
            assert await page.locator("#dashboard").get_attribute("data-view") == "release"
            assert figures == await figures_of(economist_api, 2021, 2025, None, known_at=release["known_at"])
            info = await page.locator("#release-info").text_content() or ""
            assert f"Release {release['id']} of fiscal year 2025" in info
            assert release["known_at"][:10] in info
            assert ("provisional" if release["provisional"] else "final") in info
            links = await page.locator("#release-links a").evaluate_all("links => links.map(link => link.href)")
            assert links == [
                f"{web_url}/api/v1/statistics/releases/{release['id']}?format=csv",
                f"{web_url}/api/v1/statistics/releases/{release['id']}?format=sdmx-csv",
                f"{web_url}/api/v1/statistics/structure",
            ]

            # The funnel is the release's: twelve applications first submitted in 2025, nine decided. A median of
            # nine companies would be one company's figure next to the others, so the decision times are withheld
            # (flag C), and drawn as withheld, in words, with no number.
            funnel = {metric: value for (chart, metric, _), value in figures.items() if chart == "funnel"}
            assert funnel["applications_submitted"] == "12"
            assert funnel["applications_decided"] == "9"
            assert funnel["applications_approved"] == "6"
            assert funnel["days_to_decision_median"] == funnel["days_to_decision_p90"] == "suppressed:C"
            median = page.locator('#chart-funnel dd[data-metric="days_to_decision_median"]')
            assert (await median.text_content() or "").strip() == "suppressed"
            assert await median.get_attribute("data-value") is None
            assert "withheld to protect confidential figures" in (await median.get_attribute("title") or "")
            caption = await page.locator("#chart-funnel .caption").first.text_content()
            assert f"fiscal year 2025, the whole country, from release {release['id']}" in (caption or "")

            # Each chart downloads: the CSV has exactly the figures drawn, withheld ones marked and empty.
            csv_file = await _download(page, "#chart-funnel .download-any a", tmp_path)
            rows = _csv(csv_file)
            assert {metric: value for (metric, _), value in _csv_figures(rows).items()} == funnel
            withheld = [row for row in rows if row["suppressed"] == "true"]
            assert {row["metric"] for row in withheld} == {m for m, value in funnel.items() if value == "suppressed:C"}
            assert {"days_to_decision_median", "days_to_decision_p90"} <= {row["metric"] for row in withheld}
            assert all(row["value"] == "" for row in withheld)
            stock_file = await _download(page, "#chart-stock .download-any a", tmp_path)
            assert _csv_figures(_csv(stock_file)) == {
                (metric, key): value for (chart, metric, key), value in figures.items() if chart == "stock"
            }
            svg_file = await _download(page, '#chart-funnel .download-wide a[data-download="svg"]', tmp_path)
            drawing = svg_file.read_text(encoding="utf-8")
            assert drawing.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
            stages = re.findall(r'data-metric="(applications_\w+)" data-key="\w+" data-value="(\d+)"', drawing)
            assert dict(stages) == {metric: funnel[metric] for metric in dict(stages)}
            assert len(stages) == 3
            stock_svg = await _download(page, '#chart-stock .download-wide a[data-download="svg"]', tmp_path)
            marks = re.findall(
                r'data-metric="companies_by_ai_class" data-key="(\d{4})" data-value="(\d+)"',
                stock_svg.read_text(encoding="utf-8"),
            )
            assert {("companies_by_ai_class", year): value for year, value in marks} == {
                (metric, key): value for (chart, metric, key), value in figures.items() if chart == "stock"
            }

            # One switch away: the live figures, to the server's today (the years start again from the view's own).
            await page.get_by_label("Figures", exact=True).select_option("live")
            live = await drawn(page, "2022-2026-all")
            assert await page.locator("#dashboard").get_attribute("data-view") == "live"
            assert "view=live" in page.url
            assert live == await figures_of(economist_api, 2022, 2026, None)
            await page.locator('nav.language-switch a[hreflang="kk"]').click()
            await drawn(page, "2022-2026-all")
            assert "Ағымдағы деректер" in (await page.locator("#view-info").text_content() or "")
    finally:
        await delete_committed_releases(engine, [release["id"]])
