"""The dashboard page over HTTP (in-process): who sees what, filters from the address, downloads, texts from the server.

The browser walk (390 px, kk/ru/en, axe, downloads, reload) is ``tests/web/test_dashboard_browser.py``.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from litestar import Litestar

from api.app import create_app
from api.dashboard.texts import DASHBOARD_TEXTS
from api.database import Database
from api.settings import Settings
from licensing.working_days import DECISION_WORKING_DAYS
from registry.statistics.disclosure import DisclosureSettings
from tests.conftest import FIXED_NOW
from tests.factories import PASSWORD, account

TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')
LANGUAGES = ["kk", "ru", "en"]


async def page_sign_in(client: httpx.AsyncClient, email: str) -> None:
    """Sign in through the sign-in form (the session cookie stays in ``client``)."""
    form = await client.get("/sign-in")
    token = TOKEN.search(form.text)
    assert token
    response = await client.post("/sign-in", data={"_csrf_token": token.group(1), "email": email, "password": PASSWORD})
    assert response.status_code == 303, response.text


async def signed_in_as(client: httpx.AsyncClient, database: Database, role: str) -> None:
    signed = await account(client, database, role)
    await page_sign_in(client, signed.email)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_anybody_sees_the_release_facts_and_is_asked_to_sign_in_for_the_charts(
    client: httpx.AsyncClient, language: str
) -> None:
    page = await client.get("/dashboard", params={"lang": language})
    assert page.status_code == 200
    assert f'<html lang="{language}">' in page.text
    assert DASHBOARD_TEXTS["title"].in_language(language) in page.text
    assert DASHBOARD_TEXTS["sign_in_to_see"].in_language(language) in page.text
    assert "/sign-in?next=" in page.text
    assert "data-metric" not in page.text
    assert 'href="/dashboard" aria-current="page"' in page.text


async def test_a_founder_is_told_the_charts_are_for_hub_staff(client: httpx.AsyncClient, database: Database) -> None:
    await signed_in_as(client, database, "founder")
    page = await client.get("/dashboard", params={"lang": "ru"})
    assert page.status_code == 200
    assert DASHBOARD_TEXTS["forbidden"].ru in page.text
    assert "data-metric" not in page.text
    download = await client.get("/dashboard/charts/stock.csv", follow_redirects=False)
    assert download.status_code == 403


async def test_the_filters_come_from_the_address(client: httpx.AsyncClient, database: Database) -> None:
    await signed_in_as(client, database, "economist")
    page = await client.get("/dashboard", params={"view": "live", "from": "2023", "to": "2025", "region": "470000000"})
    assert page.status_code == 200
    assert 'data-filters="2023-2025-470000000"' in page.text
    assert '<option value="2023" selected>' in page.text
    assert '<option value="470000000" selected>' in page.text
    # The language links keep the filters, so switching language keeps the view.
    assert "view=live&amp;from=2023&amp;to=2025&amp;region=470000000&amp;lang=kk" in page.text
    # Years the view cannot show are brought into its range, not refused: the live view ends at the server's year.
    later = await client.get("/dashboard", params={"view": "live", "from": "2030", "to": "2031"})
    assert f'data-filters="{FIXED_NOW.year}-{FIXED_NOW.year}-all"' in later.text
    refused = await client.get("/dashboard", params={"region": "Almaty"})
    assert refused.status_code == 400 or refused.status_code == 422


async def test_the_live_current_year_is_marked_provisional(client: httpx.AsyncClient, database: Database) -> None:
    await signed_in_as(client, database, "economist")
    page = await client.get("/dashboard", params={"view": "live", "lang": "en"})
    year = FIXED_NOW.year
    # The current year's declarations are due on 31 March of the next (the releases' rule); the year before is
    # past its deadline on the tests' today (2026-11-20).
    marks = re.findall(r'<rect [^>]*data-chart="(?:stock|flows)"[^>]*>', page.text)
    current = [mark for mark in marks if f'data-key="{year}"' in mark]
    before = [mark for mark in marks if f'data-key="{year - 1}"' in mark]
    assert current and all('data-provisional="true"' in mark for mark in current)
    assert before and not any("data-provisional" in mark for mark in before)
    assert f"{year}: provisional — declarations may be filed until {year + 1}-03-31" in page.text


async def test_the_csv_download_has_the_charts_figures_and_flags(client: httpx.AsyncClient, database: Database) -> None:
    await signed_in_as(client, database, "economist")
    response = await client.get("/dashboard/charts/flows.csv", params={"view": "live", "from": "2024", "to": "2026"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {row["metric"] for row in rows} == {"born_ai_native", "pivots_to_ai", "pivots_away"}
    assert [row["category"] for row in rows if row["metric"] == "born_ai_native"] == ["2024", "2025", "2026"]
    assert [row["provisional"] for row in rows if row["metric"] == "born_ai_native"] == ["false", "false", "true"]
    svg = await client.get("/dashboard/charts/flows.svg", params={"view": "live", "layout": "narrow"})
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert svg.text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'data-layout="narrow"' in svg.text
    missing = await client.get("/dashboard/charts/secrets.csv")
    assert missing.status_code == 404


async def test_the_texts_and_numbers_are_not_in_the_script(client: httpx.AsyncClient) -> None:
    script = await client.get("/static/dashboard.js")
    assert script.status_code == 200
    source = script.text
    # No text of any language and no threshold or service level: only the code of the form's enhancement.
    assert not re.search(r"[А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]", source)
    assert not re.search(r"\d", source)
    for old in ("fewer than", "working days", "Sign in", "suppressed", "provisional", "Ecosystem dashboard"):
        assert old not in source
    # The old asset address sends browsers on to the new file.
    moved = await client.get("/dashboard/assets/dashboard.js", follow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["location"] == "/static/dashboard.js"


@pytest.fixture
def strict_app(tmp_path: Path, database: Database) -> Litestar:
    settings = Settings(
        environment="test",
        jwt_secret="test-secret-that-is-long-enough-for-hs256-0123456789",
        data_dir=tmp_path,
        log_json=False,
        disclosure_min_contributors=7,
        disclosure_dominance_share=Decimal("0.9"),
    )
    return create_app(settings, database=database, clock=lambda: FIXED_NOW)


async def test_the_disclosure_rule_and_the_service_level_shown_are_the_settings(
    strict_app: Litestar, database: Database
) -> None:
    transport = httpx.ASGITransport(app=strict_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as client:
        page = await client.get("/dashboard", params={"lang": "en"})
        assert "fewer than 7 companies, or more than 90 % of it from its 2 largest contributors" in page.text
        defaults = DisclosureSettings()
        assert f"fewer than {defaults.min_contributors} companies" not in page.text
        ru = await client.get("/dashboard", params={"lang": "ru"})
        assert "менее чем по 7 компаниям" in ru.text
    label = DASHBOARD_TEXTS["decided_within_service_level"].format(days=DECISION_WORKING_DAYS)
    assert f"{DECISION_WORKING_DAYS} working days" in label.en
