"""The registry as an operations team installs it: from the built wheel, outside the checkout, on plain PostgreSQL.

The wheel is built from a copy of the working tree and installed, without its dependencies, into a fresh virtual
environment that borrows the test environment's installed packages (a ``.pth`` line: no network, no checkout on the
path). From there it migrates an empty database and serves it; migrations take the advisory lock, so two upgrades
started together migrate once.
"""

from __future__ import annotations

import asyncio
import shutil
import signal
import subprocess
import sys
import sysconfig
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.database import MIGRATION_LOCK_KEY, create_engine
from tests.operations.processes import (
    PROJECT_ROOT,
    command_env,
    empty_database,
    free_port,
    head_revision,
    output_of,
    run_registry,
    start_registry,
    stop,
    wait_for_lock_waiters,
    wait_until_ready,
)

SOURCES = ("api", "registry", "licensing", "migrations")
PROJECT_FILES = ("pyproject.toml", "setup.py", "README.md", "alembic.ini")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh virtual environment with the registry installed from its wheel."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"
    for name in SOURCES:
        shutil.copytree(PROJECT_ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in PROJECT_FILES:
        shutil.copy2(PROJECT_ROOT / name, source / name)
    dist = work / "dist"
    built = subprocess.run(  # noqa: S603 - pip of the test environment
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("alemai_registry-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)  # noqa: S603
    python = venv / "bin" / "python"
    purelib = subprocess.run(  # noqa: S603
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # The dependencies: the test environment's site-packages as a plain path (its own .pth files, such as the
    # checkout's editable install, are not run from there).
    (Path(purelib) / "registry-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installation = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert installation.returncode == 0, installation.stderr
    return venv / "bin"


def test_the_wheel_carries_its_migrations_and_runs_from_its_own_files(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(  # noqa: S603
        [
            str(installed / "python"),
            "-c",
            "import api, alemai_registry_migrations as m, api.database as d; "
            "print(api.__file__); print(d.migration_scripts())",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    venv = installed.parent
    assert all(Path(line).is_relative_to(venv) for line in where), where
    scripts = Path(where[1])
    assert (scripts / "env.py").is_file()
    assert (scripts / "script.py.mako").is_file()
    assert {path.name for path in (scripts / "versions").glob("*.py")} >= {"0001_foundation.py"}
    assert list((scripts / "sql").glob("*.sql")), "the frozen SQL of the migrations is missing"
    assert not Path(where[0]).is_relative_to(PROJECT_ROOT)


async def test_the_installed_wheel_migrates_an_empty_database_and_serves_it(
    installed: Path, engine: AsyncEngine, tmp_path: Path
) -> None:
    async with empty_database(engine, "ops_install") as url:
        env = command_env(tmp_path / "data", DATABASE_URL=url)
        upgraded = run_registry("db", "upgrade", env=env, cwd=tmp_path, executable=installed / "registry")
        assert upgraded.returncode == 0, upgraded.stderr
        assert f"database upgraded from base to {head_revision()}" in upgraded.stderr

        port = free_port()
        server = start_registry(
            "serve", "--no-migrate", "--port", str(port), env=env, cwd=tmp_path, executable=installed / "registry"
        )
        try:
            await wait_until_ready(server, port)
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
                ready = await client.get("/health/ready")
                regions = await client.get("/api/v1/reference/regions")
            assert ready.status_code == 200
            assert len(regions.json()) == 20
            server.send_signal(signal.SIGTERM)
            assert server.wait(timeout=60) == 0, output_of(server)
        finally:
            stop(server)


async def test_two_upgrades_at_once_migrate_once(engine: AsyncEngine, tmp_path: Path) -> None:
    async with empty_database(engine, "ops_lock") as url:
        name = make_url(url).database or ""
        env = command_env(tmp_path / "data", DATABASE_URL=url)
        holder = create_engine(url, pool_size=1)
        try:
            async with holder.connect() as connection:
                # Hold the migrations' lock so that both commands are surely waiting for it at the same time.
                await connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                upgrades = [start_registry("db", "upgrade", env=env, cwd=tmp_path) for _ in range(2)]
                try:
                    await wait_for_lock_waiters(engine, name, kind="advisory", count=2)
                    assert all(upgrade.poll() is None for upgrade in upgrades)
                    assert await connection.scalar(text("SELECT to_regclass('alembic_version')")) is None
                    await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
                    await connection.commit()
                    results = await asyncio.gather(
                        *(asyncio.to_thread(upgrade.communicate, timeout=300) for upgrade in upgrades)
                    )
                finally:
                    for upgrade in upgrades:
                        stop(upgrade)
                revision = await connection.scalar(text("SELECT version_num FROM alembic_version"))
        finally:
            await holder.dispose()
    assert [upgrade.returncode for upgrade in upgrades] == [0, 0], results
    said = sorted(stderr.strip().splitlines()[-1] for _, stderr in results)
    head = head_revision()
    assert said == [f"database already at {head} (nothing to do)", f"database upgraded from base to {head}"]
    assert revision == head
