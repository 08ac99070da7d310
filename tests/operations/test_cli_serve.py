"""``registry serve`` as a process supervisor sees it: SIGTERM lets the requests in flight finish, and what the command
started (the embedded PostgreSQL) stops with it, also under ``make run``."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import psutil  # type: ignore[import-untyped]
import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.database import create_engine
from tests.operations.processes import (
    command_env,
    data_dir_outside_pytest,
    free_port,
    migrated_database,
    output_of,
    refuses_connections,
    start_make_run,
    start_registry,
    stop,
    wait_for_lock_waiters,
    wait_until_ready,
)


async def wait_until(condition: object, *, within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {within} s")


async def test_sigterm_lets_the_request_in_flight_finish(engine: AsyncEngine, tmp_path: Path) -> None:
    async with migrated_database(engine, "ops_serve") as url:
        name = make_url(url).database or ""
        port = free_port()
        # No statement or lock limit: the request waits for the test's lock as long as the test holds it.
        env = command_env(tmp_path, DATABASE_URL=url, REGISTRY_DB_LOCK_TIMEOUT="0", REGISTRY_DB_STATEMENT_TIMEOUT="0")
        server = start_registry("serve", "--no-migrate", "--port", str(port), env=env, cwd=tmp_path)
        holder = create_engine(url, pool_size=1)
        try:
            await wait_until_ready(server, port)
            async with (
                holder.connect() as connection,
                httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as client,
            ):
                await connection.execute(text("LOCK TABLE regions IN ACCESS EXCLUSIVE MODE"))
                in_flight = asyncio.create_task(client.get("/api/v1/reference/regions"))
                await wait_for_lock_waiters(engine, name, kind="relation", count=1)

                server.send_signal(signal.SIGTERM)
                await wait_until(lambda: refuses_connections(port), within=30, what="closing the listening socket")
                assert server.poll() is None, "the server ended with a request still in flight"
                assert not in_flight.done()

                await connection.rollback()  # the lock goes; the request gets its answer
                answered = await in_flight
            assert answered.status_code == 200
            assert len(answered.json()) == 20
            assert await asyncio.to_thread(server.wait, 60) == 0, output_of(server)
        finally:
            stop(server)
            await holder.dispose()


def embedded_server_pid(data_dir: Path) -> int:
    return int((data_dir / "postgres" / "postmaster.pid").read_text().splitlines()[0])


def assert_embedded_server_stopped(data_dir: Path, pid: int) -> None:
    assert not (data_dir / "postgres" / "postmaster.pid").exists(), "postmaster.pid is still there"
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


@pytest.fixture
def data_dir() -> Iterator[Path]:
    with data_dir_outside_pytest() as path:
        yield path


async def test_serve_stops_the_embedded_postgres_it_started(data_dir: Path, tmp_path: Path) -> None:
    port = free_port()
    server = start_registry("serve", "--port", str(port), env=command_env(data_dir), cwd=tmp_path)
    try:
        await wait_until_ready(server, port, within=240)
        pid = embedded_server_pid(data_dir)
        server.send_signal(signal.SIGTERM)
        assert await asyncio.to_thread(server.wait, 120) == 0, output_of(server)
    finally:
        stop(server)
    assert_embedded_server_stopped(data_dir, pid)


def send_sigterm_to_make(make: subprocess.Popen[str]) -> None:
    make.send_signal(signal.SIGTERM)  # make passes SIGTERM on to the command it runs


def press_ctrl_c(make: subprocess.Popen[str]) -> None:
    os.killpg(make.pid, signal.SIGINT)  # what a terminal does: SIGINT to the foreground process group


@pytest.mark.parametrize("stopping", [send_sigterm_to_make, press_ctrl_c], ids=["SIGTERM to make", "Ctrl-C"])
async def test_make_run_stops_what_it_started(
    stopping: Callable[[subprocess.Popen[str]], None], data_dir: Path, tmp_path: Path
) -> None:
    port = free_port()
    make = start_make_run(port, env=command_env(data_dir, REGISTRY_DEMO_COMPANIES="3"), cwd=tmp_path)
    try:
        await wait_until_ready(make, port, within=600)
        pid = embedded_server_pid(data_dir)
        children = psutil.Process(make.pid).children(recursive=True)
        stopping(make)
        await asyncio.to_thread(make.wait, 120)
        await wait_until(
            lambda: not any(child.is_running() and child.status() != psutil.STATUS_ZOMBIE for child in children),
            within=60,
            what="the end of what make started",
        )
    finally:
        stop(make)
    assert_embedded_server_stopped(data_dir, pid)
