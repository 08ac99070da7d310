"""The hot public reads run their SELECTs without BEGIN and COMMIT; every other request keeps its transaction.

These run against a pool of their own (real checkouts and commits), so what they create stays in the test database;
every account has a unique e-mail and every company a unique BIN.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import create_app
from api.database import Database, create_engine
from api.settings import Settings
from tests.conftest import FIXED_NOW
from tests.factories import account, register_company

pytestmark = pytest.mark.concurrency


@pytest.fixture
async def pool(database_url: str, engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """A small pool of its own over the migrated test database (``engine`` runs the migrations)."""
    own = create_engine(database_url, pool_size=2)
    yield own
    await own.dispose()


@pytest.fixture
def pooled_database(pool: AsyncEngine) -> Database:
    return Database.for_engine(pool)


@pytest.fixture
async def client(settings: Settings, pooled_database: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, database=pooled_database, clock=lambda: FIXED_NOW)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry.test") as client:
        yield client


@contextmanager
def isolation_of_statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """The isolation level each statement ran at: ``AUTOCOMMIT`` or the pool's transactions (``transaction``)."""
    seen: list[str] = []

    def note(connection: Any, *_: object) -> None:
        seen.append(connection.get_execution_options().get("isolation_level", "transaction"))

    event.listen(engine.sync_engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)


async def test_one_company_is_read_without_a_transaction_and_still_shows_members_the_full_record(
    client: httpx.AsyncClient, pooled_database: Database, pool: AsyncEngine
) -> None:
    founder = await account(client, pooled_database)
    company = await register_company(client, founder)
    paths = [f"/api/v1/companies/{company['id']}", f"/api/v1/companies/by-bin/{company['bin']}"]

    with isolation_of_statements(pool) as seen:
        anonymous = [await client.get(path) for path in paths]
        member = [await client.get(path, headers=founder.headers) for path in paths]

    assert set(seen) == {"AUTOCOMMIT"}
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
    with isolation_of_statements(pool) as seen:
        response = await client.get("/api/v1/licences/AIN-2026-99999", headers={"Accept-Language": "kk"})

    assert set(seen) == {"AUTOCOMMIT"}
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_writes_and_other_reads_keep_their_transaction(
    client: httpx.AsyncClient, pooled_database: Database, pool: AsyncEngine
) -> None:
    founder = await account(client, pooled_database)

    with isolation_of_statements(pool) as seen:
        await register_company(client, founder)
        page = await client.get("/api/v1/companies?q=Тулпар")

    assert page.status_code == 200
    assert seen and "AUTOCOMMIT" not in seen
