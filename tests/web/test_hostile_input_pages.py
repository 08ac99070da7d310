"""Hostile input on the new pages and the bulk route: NUL bytes, huge numbers, wrong types, unknown parameters and
another account's ids each get a clear 4xx in the caller's language, and nothing is stored."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from api.database import Database, transaction
from api.settings import Settings
from registry.companies.models import Company
from tests.web.test_founder_http import company_form, form_token, register_through_page, signed_in_founder

HUGE = "9" * 40


async def companies(database: Database) -> int:
    async with transaction(database) as session:
        return int(await session.scalar(select(func.count()).select_from(Company)) or 0)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/register?q=Tul%00par", 422),
        ("/register?q=%FF%FE", 422),
        ("/register?nonsense=1", 422),
        (f"/register?registered_from={HUGE}", 422),
        ("/register?registered_from=yesterday", 422),
        ("/register/not-a-uuid", 404),
        (f"/licences/{'A' * 5000}", 404),
        ("/licences/AIN%00-2026-00001", 422),
        ("/dashboard?from=abc", 422),
        (f"/dashboard?from={HUGE}", 422),
        ("/dashboard?view=nonsense", 422),
        ("/api/v1/bulk/companies?format=%00", 422),
        ("/api/v1/bulk/companies?format=xml", 422),
    ],
)
async def test_hostile_query_and_path_input_is_a_clear_refusal(
    client: httpx.AsyncClient, path: str, status: int
) -> None:
    response = await client.get(path, headers={"Accept-Language": "ru", "Accept": "text/html"})
    assert response.status_code == status, (path, response.text[:300])
    if path.startswith("/api/"):
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["detail"] or response.json()["title"]
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert '<html lang="ru"' in response.text
        if path.startswith("/dashboard"):
            # The parameter as the address names it, and what is wrong with it, in the visitor's language.
            assert "Данные запроса содержат ошибки." in response.text
            assert ("«from»" if "from=" in path else "«view»") in response.text


@pytest.mark.parametrize(
    "overrides",
    [
        {"name_ru": "ТОО «Тул\x00пар»"},
        {"headcount": HUGE},
        {"headcount": "twelve"},
        {"registration_date": "2023-02-30"},
        {"region": "'; DROP TABLE companies; --"},
    ],
)
async def test_a_hostile_company_form_is_refused_and_nothing_is_stored(
    client: httpx.AsyncClient, database: Database, settings: Settings, overrides: dict[str, str]
) -> None:
    await signed_in_founder(client, database, settings)
    before = await companies(database)
    _, token = await form_token(client, "/founder/companies/new")
    response = await client.post(
        "/founder/companies/new",
        data={"_csrf_token": token, **company_form(**overrides)},
        headers={"Accept-Language": "kk"},
    )
    assert 400 <= response.status_code < 500, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    assert await companies(database) == before


async def test_another_founders_company_cannot_be_edited_through_its_page(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    await signed_in_founder(client, database, settings)
    company_id = await register_through_page(client)
    client.cookies.clear()
    await signed_in_founder(client, database, settings)
    assert (await client.get(f"/founder/companies/{company_id}/edit")).status_code == 404
    _, token = await form_token(client, "/founder/companies/new")
    response = await client.post(
        f"/founder/companies/{company_id}/edit",
        data={"_csrf_token": token, **company_form(name_ru="ТОО «Чужая»"), "version": "1"},
    )
    assert response.status_code == 404, response.text[:300]
    async with transaction(database) as session:
        stored = await session.get(Company, company_id)
    assert stored is not None and stored.name_ru != "ТОО «Чужая»"
