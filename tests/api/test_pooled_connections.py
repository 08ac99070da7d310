"""A pooled connection the server closed is replaced when it is checked out, without a ping on every checkout.

These run against a pool of their own over the migrated test database, and end a pooled connection's backend with
``pg_terminate_backend``, as a PostgreSQL restart ends every one.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import create_app
from api.auth.tokens import issue_access_token
from api.database import Database, Timeouts, create_engine
from api.observability import request_id
from api.settings import Settings
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.concurrency


@pytest.fixture
async def pool(database_url: str, engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """One pooled connection of its own (``engine`` runs the migrations)."""
    own = create_engine(database_url, pool_size=1)
    yield own
    await own.dispose()


async def _pooled_backend(pool: AsyncEngine) -> int:
    async with pool.connect() as connection:
        pid = await connection.scalar(text("SELECT pg_backend_pid()"))
    assert isinstance(pid, int)
    return pid


async def _terminate(engine: AsyncEngine, pid: int) -> None:
    """End the backend ``pid`` and wait until it is gone (its client has then been told)."""
    async with engine.connect() as admin:
        assert await admin.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        for _ in range(500):
            await admin.rollback()  # pg_stat_activity is a snapshot per transaction
            gone = not await admin.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid})
            if gone:
                break
            await asyncio.sleep(0.01)
        assert gone
    await asyncio.sleep(0.05)  # the pooled connection's event loop callback reads the server's goodbye


async def test_a_connection_the_server_closed_is_replaced_at_checkout(pool: AsyncEngine, engine: AsyncEngine) -> None:
    first = await _pooled_backend(pool)
    await _terminate(engine, first)

    second = await _pooled_backend(pool)

    assert second != first


async def test_a_read_after_the_server_ended_its_pooled_connection_is_answered(
    settings: Settings, pool: AsyncEngine, engine: AsyncEngine
) -> None:
    app = create_app(settings, database=Database.for_engine(pool), clock=lambda: FIXED_NOW)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry.test") as client:
        assert (await client.get("/api/v1/companies?limit=1")).status_code == 200
        await _terminate(engine, await _pooled_backend(pool))

        answer = await client.get("/api/v1/companies?limit=1")

    assert answer.status_code == 200, answer.text


async def test_a_token_check_that_finds_no_free_connection_is_a_503_logged_with_its_request_id(
    settings: Settings, database_url: str, engine: AsyncEngine
) -> None:
    busy = create_engine(database_url, pool_size=1, timeouts=Timeouts(pool=0.2))
    app = create_app(settings, database=Database.for_engine(busy), clock=lambda: FIXED_NOW)
    lines: list[tuple[logging.LogRecord, str]] = []
    catcher = logging.Handler()
    catcher.emit = lambda record: lines.append((record, request_id.get()))  # type: ignore[method-assign]
    logging.getLogger("api").addHandler(catcher)
    token = issue_access_token(uuid.uuid4(), secret=settings.jwt_secret, lifetime_seconds=60)
    try:
        async with busy.connect() as first, busy.connect() as second:  # the pool (1 + 1 overflow) is held
            await first.execute(text("SELECT 1"))
            await second.execute(text("SELECT 1"))
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry.test") as c:
                answer = await c.get(
                    "/api/v1/companies?limit=1",
                    headers={
                        "Authorization": f"Bearer {token}",
                        "X-Request-ID": "probe-busy-1",
                        "Accept-Language": "ru",
                    },
                )
    finally:
        logging.getLogger("api").removeHandler(catcher)
        await busy.dispose()

    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.headers["x-request-id"] == "probe-busy-1"
    assert [(line.__dict__["status"], rid) for line, rid in lines if line.name == "api.access"] == [
        (503, "probe-busy-1")
    ]
    assert [rid for line, rid in lines if line.name == "api.errors"] == ["probe-busy-1"]
