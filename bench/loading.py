"""The benchmark's own database: a dedicated embedded cluster (or ``registry_bench`` on a given server), migrated and
loaded once with the demo generator's bulk path, reused while its size and seed match."""

from __future__ import annotations

import asyncio
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.database import Database, create_engine, migrate
from api.demo import load_demo
from api.embedded_postgres import start_embedded_postgres

BENCH_DATABASE = "registry_bench"
MARKER = "bench_marker"
"""A table outside the registry's schema recording what was loaded: ``(companies, seed, load_seconds)``."""


@dataclass(frozen=True, slots=True)
class BenchDatabase:
    """Where the benchmark's database is: the SQLAlchemy URL and the libpq URL for ``psql``."""

    url: str
    psql_url: str


def prepare_database(database_url: str | None, data_dir: Path) -> BenchDatabase:
    """Start the embedded cluster under ``data_dir`` or create ``registry_bench`` on the server of ``database_url``.

    The dev and test databases are never used: the benchmark drops and reloads its data at will.
    """
    if database_url is None:
        embedded = start_embedded_postgres(data_dir / "postgres", database=BENCH_DATABASE)
        _tune_embedded(embedded.psql_url())
        return BenchDatabase(embedded.url, embedded.psql_url())
    given = make_url(database_url)
    admin = given.set(drivername="postgresql").render_as_string(hide_password=False)
    asyncio.run(_create_database(admin, BENCH_DATABASE))
    bench = given.set(database=BENCH_DATABASE)
    return BenchDatabase(
        bench.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False),
        bench.set(drivername="postgresql").render_as_string(hide_password=False),
    )


def _tune_embedded(psql_url: str) -> None:
    """Memory settings for a 1M-company database on a developer machine (the defaults are for tiny servers)."""
    settings = {
        "shared_buffers": "'2GB'",
        "work_mem": "'64MB'",
        "maintenance_work_mem": "'1GB'",
        "effective_cache_size": "'8GB'",
        "max_wal_size": "'8GB'",
        "random_page_cost": "1.1",
    }
    statements = [f"ALTER SYSTEM SET {name} = {value};" for name, value in settings.items()]
    _psql(psql_url, "\n".join(statements))
    current = _psql(psql_url, "SHOW shared_buffers;").strip()
    if current != "2GB":
        print(f"shared_buffers is {current}: restart the bench cluster to apply 2GB (make clean-bench reloads)")


def _psql(psql_url: str, sql: str) -> str:
    done = subprocess.run(
        ["psql", psql_url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"],
        input=sql,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


async def _create_database(admin_dsn: str, name: str) -> None:
    connection = await asyncpg.connect(admin_dsn)
    try:
        if not await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


async def loaded_size(engine: AsyncEngine) -> tuple[int, int, float] | None:
    """``(companies, seed, load_seconds)`` of the data in the bench database, or ``None`` when it has none."""
    async with engine.connect() as connection:
        exists = await connection.scalar(text(f"SELECT to_regclass('{MARKER}') IS NOT NULL"))
        if not exists:
            return None
        row = (await connection.execute(text(f"SELECT companies, seed, load_seconds FROM {MARKER}"))).first()
    return None if row is None else (int(row[0]), int(row[1]), float(row[2]))


async def _empty_registry(engine: AsyncEngine) -> None:
    """Drop every table (the registry's and the marker) so the migrations start from nothing."""
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))


async def ensure_loaded(url: str, *, companies: int, seed: int, reuse: bool) -> float:
    """Migrate the bench database and load ``companies`` demo companies unless they are already there.

    Returns:
        The time the load took, in seconds (recorded with the data, so a reused database still reports it).
    """
    engine = create_engine(url, pool_size=2)
    try:
        found = await loaded_size(engine)
        if reuse and found is not None and found[:2] == (companies, seed):
            print(f"reusing the bench database: {companies:,} companies (seed {seed}), loaded in {found[2]:,.0f} s")
            await migrate(engine)
            return found[2]
        if found is not None or await _has_schema(engine):
            print("emptying the bench database")
            await _empty_registry(engine)
        await migrate(engine)
        print(f"loading {companies:,} demo companies (seed {seed}) through the demo bulk path")
        started = time.perf_counter()
        await load_demo(Database.for_engine(engine), companies=companies, seed=seed, progress=True)
        seconds = time.perf_counter() - started
        async with engine.begin() as connection:
            await connection.execute(
                text(f"CREATE TABLE {MARKER} (companies integer, seed integer, load_seconds double precision)")
            )
            await connection.execute(
                text(f"INSERT INTO {MARKER} VALUES (:companies, :seed, :seconds)"),
                {"companies": companies, "seed": seed, "seconds": seconds},
            )
        print(f"loaded in {seconds:,.0f} s")
        return seconds
    finally:
        await engine.dispose()


async def _has_schema(engine: AsyncEngine) -> bool:
    async with engine.connect() as connection:
        return bool(await connection.scalar(text("SELECT to_regclass('alembic_version') IS NOT NULL")))


def analyze(psql_url: str) -> None:
    """Fresh planner statistics (and visibility maps, so index-only scans work) after a load or an upgrade."""
    _psql(psql_url, "VACUUM ANALYZE;")
