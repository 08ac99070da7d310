"""One pooled connection per signed-in read, and none held while the client sends a body or reads the response.

These run against a pool of their own (real checkouts and commits), so the accounts they create stay in the test
database; every one has a unique e-mail.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import httpx
import pytest
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from api.auth.tokens import issue_access_token
from api.database import Database
from api.settings import Settings
from tests.apps import app_for
from tests.conftest import FIXED_NOW
from tests.factories import account

pytestmark = pytest.mark.concurrency


def watching_response_start(app: ASGIApp, engine: AsyncEngine, seen: list[int]) -> ASGIApp:
    """The app, noting how many connections are checked out when each response starts."""

    async def watched(scope: Scope, receive: Receive, send: Send) -> None:
        async def noting(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen.append(engine.pool.checkedout())  # type: ignore[attr-defined]
            await send(message)

        await app(scope, receive, noting)

    return watched


@pytest.fixture
async def watched(
    settings: Settings, pooled_database: Database, pool: AsyncEngine
) -> AsyncIterator[tuple[httpx.AsyncClient, list[int]]]:
    seen: list[int] = []
    with app_for(settings, database=pooled_database, clock=lambda: FIXED_NOW) as app:
        transport = httpx.ASGITransport(app=watching_response_start(app, pool, seen))
        async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as client:
            yield client, seen


@contextmanager
def counting_checkouts(engine: AsyncEngine) -> Iterator[list[object]]:
    checkouts: list[object] = []

    def note(*_: object) -> None:
        checkouts.append(None)

    event.listen(engine.sync_engine, "checkout", note)
    try:
        yield checkouts
    finally:
        event.remove(engine.sync_engine, "checkout", note)


async def test_a_signed_in_read_checks_the_token_in_the_handlers_connection(
    watched: tuple[httpx.AsyncClient, list[int]], pooled_database: Database, pool: AsyncEngine
) -> None:
    client, _ = watched
    economist = await account(client, pooled_database, "economist")
    with counting_checkouts(pool) as checkouts:
        response = await client.get("/api/v1/metrics/summary", headers=economist.headers)
    assert response.status_code == 200
    assert len(checkouts) == 1


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        ("economist", "/api/v1/metrics/summary", 200),
        ("founder", "/api/v1/metrics/summary", 403),  # refused by the guard, after the token check
        ("economist", "/api/v1/metrics/timeseries?metric=nonsense&from=2024-01-01&to=2024-12-31", 422),
        ("economist", "/api/v1/metrics/dictionary", 200),  # a route without a session
    ],
)
async def test_no_connection_is_held_while_the_response_goes_out(
    watched: tuple[httpx.AsyncClient, list[int]],
    pooled_database: Database,
    pool: AsyncEngine,
    role: str,
    path: str,
    status: int,
) -> None:
    client, seen = watched
    caller = await account(client, pooled_database, role)
    seen.clear()
    response = await client.get(path, headers=caller.headers)
    assert response.status_code == status
    assert seen == [0]
    assert pool.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_an_unknown_accounts_token_is_refused_and_its_connection_released(
    watched: tuple[httpx.AsyncClient, list[int]], pool: AsyncEngine, settings: Settings
) -> None:
    client, seen = watched
    token = issue_access_token(uuid.uuid4(), secret=settings.jwt_secret, lifetime_seconds=600)
    response = await client.get("/api/v1/metrics/summary", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert seen == [0]
    assert pool.pool.checkedout() == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("declared", ["content-length", "chunked"])
async def test_no_connection_is_held_while_the_client_sends_its_body(
    watched: tuple[httpx.AsyncClient, list[int]], pooled_database: Database, pool: AsyncEngine, declared: str
) -> None:
    client, _ = watched
    founder = await account(client, pooled_database, "founder")
    body = b'{"name_en": "not a whole company"}'
    while_sending: list[int] = []

    async def slow_body() -> AsyncIterator[bytes]:
        while_sending.append(pool.pool.checkedout())  # type: ignore[attr-defined]
        yield body

    headers = {**founder.headers, "content-type": "application/json"}
    if declared == "content-length":
        headers["content-length"] = str(len(body))
    response = await client.post("/api/v1/companies", content=slow_body(), headers=headers)
    assert response.status_code == 422
    assert while_sending == [0]
