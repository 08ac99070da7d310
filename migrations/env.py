"""Alembic environment: runs migrations over an async engine, or over a connection handed in by the caller."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

import licensing.tables
import registry.tables
from api.database import MIGRATION_LOCK_KEY
from api.database_urls import asyncpg_url, engine_arguments

target_metadata = registry.tables.Base.metadata
assert licensing.tables  # imported for its models' side effect on the metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str) -> None:
    target, connect_args = engine_arguments(url, {})
    engine = create_async_engine(target, connect_args=connect_args)
    async with engine.connect() as connection:
        # The registry's own runner (api.database.migrate) takes this lock too: one migration at a time.
        await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


def run_migrations_online() -> None:
    """Use the connection in ``config.attributes['connection']`` if given (the registry's runner, which holds the
    migration lock), else ``sqlalchemy.url`` of the config or ``DATABASE_URL`` (the ``alembic`` command)."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL", "")
    if not url:
        raise SystemExit("Set DATABASE_URL (or sqlalchemy.url) to the database to migrate.")
    asyncio.run(_run_async(asyncpg_url(url)))


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run against a database.")
run_migrations_online()
