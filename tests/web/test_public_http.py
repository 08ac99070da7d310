"""The public pages over HTTP (in-process, rolled back): they show what the API's own routes answer."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.database import Database
from api.settings import Settings
from api.web.public import PAGE_SIZE
from tests.conftest import FIXED_NOW
from tests.factories import ai_system_payload, register_company
from tests.licensing_support import licensed, quick_account

LANGUAGES = ["kk", "ru", "en"]


@pytest.fixture
async def licensed_company(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> tuple[dict[str, Any], str]:
    founder = await quick_account(database, settings, "founder")
    reviewer = await quick_account(database, settings, "reviewer")
    company, approved = await licensed(client, founder, reviewer)
    response = await client.post(
        f"/api/v1/companies/{company['id']}/ai-systems", json=ai_system_payload(), headers=founder.headers
    )
    assert response.status_code == 201, response.text
    return company, str(approved["licence_number"])


def rows(html: str) -> list[str]:
    """The company ids listed in a search page's results, in order."""
    return re.findall(r'<td data-label="[^"]*"><a href="/register/([0-9a-f-]{36})">', html)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_search_page_lists_what_the_api_lists(client: httpx.AsyncClient, language: str) -> None:
    page = await client.get("/register", params={"q": "Tulpar", "lang": language})
    assert page.status_code == 200, page.text
    assert f'<html lang="{language}">' in page.text
    api = await client.get("/api/v1/companies", params={"q": "Tulpar", "limit": PAGE_SIZE})
    assert rows(page.text) == [item["id"] for item in api.json()["items"]]


async def test_one_box_finds_a_company_in_any_script(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await quick_account(database, settings, "founder")
    word = f"Zhuldyz{uuid.uuid4().hex[:6]}"
    company = await register_company(
        client, founder, name_kk=f"«{word} Дата» ЖШС", name_ru=f"ТОО «{word} Дата»", name_en=f"{word} Data LLP"
    )
    for query in (f"{word} Data", f"{word} Дата"):
        page = await client.get("/register", params={"q": query})
        assert company["id"] in rows(page.text), query
    by_bin = await client.get("/register", params={"q": company["bin"]})
    assert f'href="/register/{company["id"]}"' in by_bin.text


async def test_filters_and_the_next_page_follow_the_apis_cursor(client: httpx.AsyncClient) -> None:
    params = {"region": "710000000", "status": "active"}
    page = await client.get("/register", params=params)
    api = (await client.get("/api/v1/companies", params={**params, "limit": PAGE_SIZE})).json()
    assert rows(page.text) == [item["id"] for item in api["items"]]
    if api["next_cursor"]:
        following = re.search(r'href="/register\?([^"]+)" rel="next"', page.text)
        assert following
        second = await client.get("/register?" + following.group(1).replace("&amp;", "&"))
        api_second = await client.get(
            "/api/v1/companies", params={**params, "limit": PAGE_SIZE, "cursor": api["next_cursor"]}
        )
        assert rows(second.text) == [item["id"] for item in api_second.json()["items"]]


async def test_a_bad_filter_is_explained_next_to_its_field(client: httpx.AsyncClient) -> None:
    page = await client.get("/register", params={"region": "12", "lang": "ru"})
    assert page.status_code == 422
    assert 'id="error-region"' in page.text
    assert "Неверный формат." in page.text
    cursor = await client.get("/register", params={"cursor": "not-a-cursor", "lang": "kk"})
    assert cursor.status_code == 422
    api = await client.get("/api/v1/companies", params={"cursor": "not-a-cursor"}, headers={"Accept-Language": "kk"})
    assert api.json()["detail"] in cursor.text


async def test_the_company_page_shows_its_licences_and_ai_systems(
    client: httpx.AsyncClient, licensed_company: tuple[dict[str, Any], str]
) -> None:
    company, number = licensed_company
    page = await client.get(f"/register/{company['id']}", params={"lang": "kk"})
    assert page.status_code == 200
    assert company["bin"] in page.text
    assert f'href="/licences/{number}"' in page.text
    assert ai_system_payload()["name"] in page.text
    assert "қолданыста" in page.text  # the licence's status in words
    missing = await client.get(f"/register/{uuid.uuid4()}", params={"lang": "ru"})
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")


async def test_licence_verification_and_certificate(
    client: httpx.AsyncClient, licensed_company: tuple[dict[str, Any], str]
) -> None:
    company, number = licensed_company
    asked = await client.get("/licences", params={"number": number.lower()})
    assert asked.status_code == 303
    assert asked.headers["location"] == f"/licences/{number}"
    page = await client.get(f"/licences/{number}", params={"lang": "ru"})
    assert page.status_code == 200
    assert company["bin"] in page.text
    assert "действует" in page.text
    certificate = await client.get(f"/licences/{number}/certificate")
    assert certificate.status_code == 200
    assert "<svg" in certificate.text
    assert f"http://registry.test/licences/{number}" in certificate.text
    unknown = await client.get("/licences/AIN-1999-99999", params={"lang": "en"})
    assert unknown.status_code == 404
    api = await client.get("/api/v1/licences/AIN-1999-99999")
    assert api.json()["detail"] in unknown.text


async def test_the_certificate_points_at_the_public_address_whatever_the_host_header(
    database: Database, settings: Settings, licensed_company: tuple[dict[str, Any], str]
) -> None:
    _, number = licensed_company
    app = create_app(
        replace(settings, public_url="https://registry.example.kz"), database=database, clock=lambda: FIXED_NOW
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry.test") as client:
        certificate = await client.get(f"/licences/{number}/certificate", headers={"Host": "evil.example.com"})
    assert certificate.status_code == 200
    assert f"https://registry.example.kz/licences/{number}" in certificate.text
    assert "evil.example.com" not in certificate.text


@pytest.mark.parametrize(
    "address", ["registry.example.kz", "ftp://registry.example.kz", "https://registry.example.kz/?a=1", "https://"]
)
def test_a_public_address_that_is_not_one_stops_the_start(address: str) -> None:
    with pytest.raises(ValueError, match="REGISTRY_PUBLIC_URL"):
        Settings.from_env({"REGISTRY_PUBLIC_URL": address})


def test_the_public_address_is_kept_without_its_trailing_slash() -> None:
    assert Settings.from_env({"REGISTRY_PUBLIC_URL": " https://gov.example.kz/registry/ "}).public_url == (
        "https://gov.example.kz/registry"
    )


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_release_calendar_page(
    client: httpx.AsyncClient, database: Database, settings: Settings, language: str
) -> None:
    admin = await quick_account(database, settings, "admin")
    planned = await client.post(
        "/api/v1/statistics/calendar",
        json={"dataset": "WEB_TEST", "period": 2031, "planned_date": "2032-04-15"},
        headers=admin.headers,
    )
    assert planned.status_code == 201, planned.text
    page = await client.get("/releases", params={"lang": language})
    assert page.status_code == 200
    assert 'href="/dashboard"' in page.text
    assert "WEB_TEST" in page.text
    assert "2032-04-15" in page.text


def test_page_routes_are_not_in_the_openapi_document() -> None:
    from api.app import create_app

    app = create_app(Settings(environment="test", jwt_secret="x" * 40))
    paths = app.openapi_schema.paths or {}
    assert not [path for path in paths if not path.startswith(("/api/", "/health", "/dashboard"))]


def test_the_public_pages_are_exactly_these(app: Any) -> None:
    from litestar.routes import HTTPRoute

    from api.auth.access import PUBLIC, route_access
    from api.web.sessions import WEB_PAGE_OPT

    public = sorted(
        f"{method} {route.path}"
        for route in app.routes
        if isinstance(route, HTTPRoute)
        for handler in route.route_handlers
        for method in handler.http_methods
        if handler.opt.get(WEB_PAGE_OPT) and route_access(handler) == PUBLIC and method not in {"HEAD", "OPTIONS"}
    )
    expected = {
        "GET /",
        "GET /licences",
        "GET /licences/{number:str}",
        "GET /licences/{number:str}/certificate",
        "GET /register",
        "GET /register/{company_id:uuid}",
        "GET /releases",
        "GET /sign-in",
        "GET /sign-up",
        "POST /sign-in",
        "POST /sign-up",
    }
    # Later areas add their own pages; these are the public ones and each says so.
    assert expected <= set(public)
