"""The hot public reads send PostgreSQL their SELECTs alone (no BEGIN, no COMMIT); other requests keep a transaction.

These run against a pool of their own (real checkouts and commits), so what they create stays in the test database;
every account has a unique e-mail and every company a unique BIN.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from api.database import Database
from api.settings import Settings
from tests.apps import app_for
from tests.conftest import FIXED_NOW
from tests.factories import account, register_company

pytestmark = pytest.mark.concurrency


@pytest.fixture
async def client(settings: Settings, pooled_database: Database) -> AsyncIterator[httpx.AsyncClient]:
    with app_for(settings, database=pooled_database, clock=lambda: FIXED_NOW) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as client:
            yield client


READS = {"SELECT", "WITH"}
"""What a plain read sends: its SELECTs (and asyncpg's own look-up of a type, a WITH query, the first time)."""


@asynccontextmanager
async def statements_sent(engine: AsyncEngine) -> AsyncIterator[list[str]]:
    """The first word of every statement the pool's connections send PostgreSQL, as asyncpg logs it.

    asyncpg calls its query loggers soon after each statement, not during it: the block's end waits for them.
    """
    seen: list[str] = []
    logged: set[int] = set()

    def note(record: Any) -> None:
        seen.append(record.query.strip().split()[0].rstrip(";").upper())

    def log_on_checkout(dbapi_connection: Any, *_: object) -> None:
        driver = dbapi_connection.driver_connection
        if id(driver) not in logged:
            logged.add(id(driver))
            driver.add_query_logger(note)

    event.listen(engine.sync_engine, "checkout", log_on_checkout)
    try:
        yield seen
        for _ in range(3):
            await asyncio.sleep(0)
    finally:
        event.remove(engine.sync_engine, "checkout", log_on_checkout)


async def test_one_company_is_read_without_a_transaction_and_still_shows_members_the_full_record(
    client: httpx.AsyncClient, pooled_database: Database, pool: AsyncEngine
) -> None:
    founder = await account(client, pooled_database)
    company = await register_company(client, founder)
    paths = [f"/api/v1/companies/{company['id']}", f"/api/v1/companies/by-bin/{company['bin']}"]

    async with statements_sent(pool) as seen:
        anonymous = [await client.get(path) for path in paths]
        member = [await client.get(path, headers=founder.headers) for path in paths]

    assert set(seen) <= READS and "SELECT" in seen
    for response in anonymous:
        assert response.status_code == 200, response.text
        assert response.json()["name_ru"] == company["name_ru"] and "headcount" not in response.json()
        assert "etag" not in response.headers
    for response in member:
        assert response.status_code == 200, response.text
        assert response.json()["version"] == company["version"] and "headcount" in response.json()
        assert response.headers["etag"]


async def test_an_unknown_licence_is_a_404_problem_read_without_a_transaction(
    client: httpx.AsyncClient, pool: AsyncEngine
) -> None:
    async with statements_sent(pool) as seen:
        response = await client.get("/api/v1/licences/AIN-2026-99999", headers={"Accept-Language": "kk"})

    assert set(seen) <= READS and "SELECT" in seen
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_writes_and_other_reads_keep_their_transaction(
    client: httpx.AsyncClient, pooled_database: Database, pool: AsyncEngine
) -> None:
    founder = await account(client, pooled_database)

    async with statements_sent(pool) as seen:
        await register_company(client, founder)
        page = await client.get("/api/v1/companies?q=Тулпар")

    assert page.status_code == 200
    assert seen.count("BEGIN") == 2 and seen.count("COMMIT") == 2


async def test_a_register_page_of_filters_alone_is_read_without_a_transaction_and_pages_on(
    client: httpx.AsyncClient, pooled_database: Database, pool: AsyncEngine
) -> None:
    founder = await account(client, pooled_database)
    first = await register_company(client, founder)
    await register_company(client, founder, region=first["region"]["kato"])
    path = f"/api/v1/companies?region={first['region']['kato']}&limit=1"

    async with statements_sent(pool) as seen:
        page = await client.get(path)
        following = await client.get(f"{path}&cursor={page.json()['next_cursor']}")

    assert set(seen) <= READS and "SELECT" in seen
    assert page.status_code == 200 and following.status_code == 200, following.text
    newest, next_newest = page.json()["items"][0], following.json()["items"][0]
    assert newest["id"] != next_newest["id"]
    assert (newest["registration_date"], newest["id"]) > (next_newest["registration_date"], next_newest["id"])
    assert {newest["region"]["kato"], next_newest["region"]["kato"]} == {first["region"]["kato"]}
