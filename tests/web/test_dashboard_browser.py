"""The dashboard on a phone (390 px) in kk, ru and en, in headless Debian Chromium.

No horizontal scroll, axe finds nothing serious, the charts switch to their narrow drawing and no chart text is
smaller than 11 px; a withheld figure is drawn hatched and named (never as a bar of some length) and its CSV row is
flagged with no value; the live view's current year is marked provisional.

The server of this module counts a confidential cell of fewer than 7 companies as withheld
(``disclosure_min_contributors=7``), so the release it makes of the ecosystem in ``tests.dashboard_support`` (six
approved applications) withholds cells of the funnel. Set ``SAVE_SCREENSHOT=1`` to write ``docs/dashboard-phone.png``.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.async_api import Browser, Page
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import create_app
from api.dashboard.texts import DASHBOARD_TEXTS
from api.settings import Settings
from tests.conftest import FIXED_NOW
from tests.dashboard_support import (
    CommittedEcosystem,
    build_committed_ecosystem,
    delete_committed_ecosystem,
    delete_committed_releases,
    drawn,
    live_server,
    make_release,
)
from tests.web.support import (
    PHONE_WIDTH,
    SECRET,
    assert_accessible,
    assert_no_horizontal_scroll,
    open_page,
    sign_in,
)

pytestmark = pytest.mark.browser

LANGUAGES = ["kk", "ru", "en"]
MIN_TEXT_PX = 11
PROJECT_ROOT = Path(__file__).resolve().parents[2]
STRICT = 7
"""The server's threshold rule: fewer than this many companies and a confidential cell is withheld."""


@pytest.fixture(scope="module")
async def ecosystem(engine: AsyncEngine) -> AsyncIterator[CommittedEcosystem]:
    built = await build_committed_ecosystem(engine)
    try:
        yield built
    finally:
        await delete_committed_ecosystem(engine, built)


@pytest.fixture(scope="module")
def strict_url(database_url: str, engine: AsyncEngine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = Settings(
        environment="test",
        database_url=database_url,
        jwt_secret=SECRET,
        data_dir=tmp_path_factory.mktemp("dashboard-phone"),
        log_json=False,
        disclosure_min_contributors=STRICT,
    )
    with live_server(create_app(settings, clock=lambda: FIXED_NOW)) as url:
        yield url


@pytest.fixture(scope="module")
async def release(strict_url: str, engine: AsyncEngine, ecosystem: CommittedEcosystem) -> AsyncIterator[dict[str, Any]]:
    made = await make_release(strict_url, ecosystem.accounts["admin"], 2025)
    try:
        yield made
    finally:
        await delete_committed_releases(engine, [made["id"]])


TEXT_SIZES = """
() => [...document.querySelectorAll('svg.chart-svg text')]
  .filter(text => text.getBoundingClientRect().width > 0)
  .map(text => ({
    text: text.textContent,
    px: parseFloat(getComputedStyle(text).fontSize) * text.closest('svg').getScreenCTM().a,
  }))
"""


async def assert_charts_fit_a_phone(page: Page) -> None:
    """The narrow drawings are shown (the wide ones not), and every chart text is at least 11 px high."""
    assert await page.locator('svg[data-layout="wide"]').first.is_hidden()
    assert await page.locator('svg[data-layout="narrow"]').first.is_visible()
    sizes: list[dict[str, Any]] = await page.evaluate(TEXT_SIZES)
    assert sizes, "no chart text is shown"
    small = [size for size in sizes if size["px"] < MIN_TEXT_PX]
    assert small == [], f"chart text under {MIN_TEXT_PX} px: {small[:5]}"
    await assert_no_horizontal_scroll(page)
    await assert_accessible(page)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_dashboard_on_a_phone(
    browser: Browser,
    strict_url: str,
    ecosystem: CommittedEcosystem,
    release: dict[str, Any],
    language: str,
    tmp_path: Path,
) -> None:
    words = {key: text.in_language(language) for key, text in DASHBOARD_TEXTS.items()}
    async with open_page(browser, strict_url, language=language, width=PHONE_WIDTH) as page:
        await sign_in(
            page, strict_url, email=ecosystem.accounts["economist"], next_path=quote(f"/dashboard?lang={language}")
        )
        # It opens on the release, in the chosen language, fitted to the phone.
        narrow = await drawn(page, "2021-2025-all", layout="narrow")
        assert await page.get_attribute("html", "lang") == language
        assert await page.locator("#dashboard").get_attribute("data-view") == "release"
        assert words["title"] in (await page.locator("h1").text_content() or "")
        await assert_charts_fit_a_phone(page)

        # The withheld funnel cells: hatched boxes with the word beside them, never a bar of some length, and
        # the legend says what the hatching means.
        funnel = page.locator('#chart-funnel svg[data-layout="narrow"]')
        withheld = funnel.locator("rect[data-suppressed]")
        assert await withheld.count() >= 1
        for index in range(await withheld.count()):
            mark = withheld.nth(index)
            assert await mark.get_attribute("fill") == "url(#funnel-narrow-hatch)"
            assert await mark.get_attribute("data-value") is None
            box = await mark.bounding_box()
            assert box is not None and box["width"] >= 8 and box["height"] >= 8
        hidden = {metric for (chart, metric, _), value in narrow.items() if chart == "funnel" and "suppressed" in value}
        texts = await funnel.locator("text").all_text_contents()
        assert texts.count(words["suppressed"]) == await withheld.count() + 1  # one beside each box, one in the legend
        assert await funnel.locator('.legend rect[fill="url(#funnel-narrow-hatch)"]').count() == 1
        published = await funnel.locator("rect[data-value]").evaluate_all("bars => bars.map(bar => bar.dataset.value)")
        assert published and all(int(value) >= STRICT for value in published)

        # Its CSV flags the same cells as withheld, with no value; the SVG is the phone's drawing.
        async with page.expect_download() as event:
            await page.locator("#chart-funnel .download-any a").click()
        csv_path = tmp_path / "funnel.csv"
        await (await event.value).save_as(csv_path)
        rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
        assert {row["metric"] for row in rows if row["suppressed"] == "true"} == hidden
        assert all(row["value"] == "" for row in rows if row["suppressed"] == "true")
        assert {row["category_label"] for row in rows if row["category"] != "all"} == {
            words["applications_submitted"],
            words["applications_decided"],
            words["applications_approved"],
        }
        svg_link = page.locator('#chart-funnel .download-narrow a[data-download="svg"]')
        assert await svg_link.is_visible()
        async with page.expect_download() as event:
            await svg_link.click()
        svg_path = tmp_path / "funnel.svg"
        await (await event.value).save_as(svg_path)
        assert 'data-layout="narrow"' in svg_path.read_text(encoding="utf-8")

        # The live view: the current year's figures are provisional, and said to be.
        await page.goto(f"{strict_url}/dashboard?view=live")
        live = await drawn(page, f"{FIXED_NOW.year - 4}-{FIXED_NOW.year}-all", layout="narrow")
        assert live
        stock = page.locator('#chart-stock svg[data-layout="narrow"]')
        current = stock.locator(f'rect[data-key="{FIXED_NOW.year}"]')
        assert await current.get_attribute("data-provisional") == "true"
        assert await stock.locator(f'rect[data-key="{FIXED_NOW.year - 1}"]').get_attribute("data-provisional") is None
        labels = await stock.locator("text").all_text_contents()
        assert f"{FIXED_NOW.year} · {words['provisional']}" in labels
        notes = await page.locator("#chart-stock [data-provisional-note]").all_text_contents()
        assert len(notes) == 1 and str(FIXED_NOW.year) in notes[0] and f"{FIXED_NOW.year + 1}-03-31" in notes[0]
        await assert_charts_fit_a_phone(page)
        if os.environ.get("SAVE_SCREENSHOT") == "1" and language == "en":
            await page.screenshot(path=str(PROJECT_ROOT / "docs" / "dashboard-phone.png"), full_page=True)
