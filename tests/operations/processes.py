"""Real processes for the operations tests: the ``registry`` command, databases of their own, a free port."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import httpx
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.database import alembic_config, create_engine, migrate

PROJECT_ROOT = Path(__file__).resolve().parents[2]
REGISTRY = Path(sys.executable).with_name("registry")
"""The ``registry`` entry point of the virtual environment that runs the tests."""

PASSED_ON = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "XDG_RUNTIME_DIR", "PIP_CONFIG_FILE")
"""What a subprocess keeps of the test's environment: nothing of the registry's own settings."""


def head_revision() -> str:
    """The newest revision of the migrations."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def command_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """A clean environment for a ``registry`` process: its data under ``data_dir``, plain log lines, ``settings``."""
    env = {name: os.environ[name] for name in PASSED_ON if name in os.environ}
    env.update({"REGISTRY_DATA_DIR": str(data_dir), "REGISTRY_LOG_JSON": "0", "PYTHONUNBUFFERED": "1"})
    env.update(settings)
    return env


def run_registry(
    *args: str,
    env: Mapping[str, str],
    cwd: Path,
    stdin: str | None = None,
    executable: Path = REGISTRY,
    timeout: float = 180,
    umask: int = -1,
) -> subprocess.CompletedProcess[str]:
    """Run ``registry ARGS`` to its end (outside the checkout: ``cwd`` is a temporary folder), under ``umask``."""
    return subprocess.run(  # noqa: S603 - our own entry point, arguments from the test
        [str(executable), *args],
        env=dict(env),
        cwd=cwd,
        umask=umask,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def start_registry(*args: str, env: Mapping[str, str], cwd: Path, executable: Path = REGISTRY) -> subprocess.Popen[str]:
    """Start ``registry ARGS`` in the background (its output kept for the assertion messages)."""
    return subprocess.Popen(  # noqa: S603 - our own entry point, arguments from the test
        [str(executable), *args],
        env=dict(env),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def start_make_run(port: int, *, env: Mapping[str, str], cwd: Path) -> subprocess.Popen[str]:
    """Start ``make run`` of the checkout on ``port`` (``-o``: never reinstall the shared environment from a test).

    In a session of its own, as a terminal's foreground job is: Ctrl-C is SIGINT to its whole process group.
    """
    return subprocess.Popen(  # noqa: S603 - make, with arguments from the test
        ["make", "--no-print-directory", "-C", str(PROJECT_ROOT), "-o", ".venv/.installed", "run", f"PORT={port}"],  # noqa: S607
        env=dict(env),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


@contextmanager
def data_dir_outside_pytest() -> Iterator[Path]:
    """A ``REGISTRY_DATA_DIR`` for an embedded server, outside pytest's temporary folders.

    Run as root, the embedded server runs as its own user, who must reach its data: pytest sets its base folder
    back to mode 0700 whenever a session starts, which would lock out a server that another test session started.
    """
    path = Path(tempfile.mkdtemp(prefix="registry-ops-"))
    try:
        yield path / "data"
    finally:
        shutil.rmtree(path, ignore_errors=True)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def refuses_connections(port: int) -> bool:
    """Whether nothing accepts connections on ``port`` any more."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return False
    except OSError:
        return True


def output_of(process: subprocess.Popen[str]) -> str:
    """What a finished (or killed) process wrote, for an assertion message."""
    if process.poll() is None:
        process.kill()
    stdout, stderr = process.communicate(timeout=30)
    return f"exit {process.returncode}\nstdout:\n{stdout}\nstderr:\n{stderr}"


async def wait_until_ready(process: subprocess.Popen[str], port: int, *, within: float = 120) -> None:
    """Poll ``/health/ready`` until it answers 200; fail with the server's output if it exits or never gets there."""
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"the server ended before it was ready\n{output_of(process)}")
            try:
                if (await client.get("/health/ready")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.25)
    raise AssertionError(f"/health/ready never answered 200 within {within} s\n{output_of(process)}")


def stop(process: subprocess.Popen[str]) -> None:
    """End a background process the test started, if it still runs."""
    if process.poll() is None:
        process.kill()
        process.communicate(timeout=30)


@asynccontextmanager
async def empty_database(engine: AsyncEngine, prefix: str) -> AsyncIterator[str]:
    """The URL of a new, empty database on the test server; dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    async with engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield engine.url.set(database=name).render_as_string(hide_password=False)
    finally:
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@asynccontextmanager
async def migrated_database(engine: AsyncEngine, prefix: str) -> AsyncIterator[str]:
    """The URL of a new database at the head revision; dropped afterwards."""
    async with empty_database(engine, prefix) as url:
        own = create_engine(url, pool_size=1)
        try:
            await migrate(own)
        finally:
            await own.dispose()
        yield url


async def waiting_for_locks(engine: AsyncEngine, database: str, *, kind: str) -> int:
    """How many sessions on ``database`` are waiting for a lock of ``kind`` (``advisory``, ``relation``)."""
    async with engine.connect() as connection:
        waiting = await connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = :database AND wait_event_type = 'Lock' AND wait_event = :kind"
            ),
            {"database": database, "kind": kind},
        )
    return int(waiting or 0)


async def wait_for_lock_waiters(
    engine: AsyncEngine, database: str, *, kind: str, count: int, within: float = 60
) -> None:
    """Wait until ``count`` sessions on ``database`` wait for a lock of ``kind``."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if await waiting_for_locks(engine, database, kind=kind) >= count:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"{count} session(s) never waited for a {kind} lock on {database} within {within} s")
