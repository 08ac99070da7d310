"""Migrations: they match the models, they round-trip, and they build what the models cannot say."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

import licensing.tables
import registry.tables
from api.database import alembic_config, create_engine, migrate
from registry.events.models import Event
from registry.events.service import record_event
from registry.reference.service import activity_rows

OKED_SECTIONS = {chr(code) for code in range(ord("A"), ord("U") + 1)}
GENESIS_HASH = "0" * 64
MODEL_MODULES = (registry.tables, licensing.tables)
"""Imported so that ``Base.metadata`` holds every model before it is compared with the database."""


@pytest.fixture
async def scratch_engine(engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """An engine on a new, empty database on the test server, dropped afterwards."""
    name = f"registry_migrations_{uuid.uuid4().hex[:8]}"
    async with engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    scratch = create_engine(engine.url.set(database=name).render_as_string(hide_password=False), pool_size=2)
    try:
        yield scratch
    finally:
        await scratch.dispose()
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def schema_drift(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, registry.tables.Base.metadata))


async def scalar(engine: AsyncEngine, sql: str) -> Any:
    async with engine.connect() as connection:
        return (await connection.execute(text(sql))).scalar()


async def user_objects(engine: AsyncEngine) -> dict[str, list[str]]:
    """Tables, views, sequences, functions and types in ``public`` that migrations left behind."""
    async with engine.connect() as connection:
        relations = await connection.execute(
            text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'S', 'p') "
                "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e') "
                "ORDER BY 1"
            )
        )
        functions = await connection.execute(
            text(
                "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE n.nspname = 'public' "
                "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') ORDER BY 1"
            )
        )
        types = await connection.execute(
            text(
                "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                "WHERE n.nspname = 'public' AND t.typtype = 'e' ORDER BY 1"
            )
        )
        return {
            "relations": list(relations.scalars()),
            "functions": list(functions.scalars()),
            "enum types": list(types.scalars()),
        }


async def assert_reference_data_loaded(engine: AsyncEngine) -> None:
    assert await scalar(engine, "SELECT count(*) FROM regions") == 20
    async with engine.connect() as connection:
        sections = set((await connection.execute(text("SELECT DISTINCT section FROM activities"))).scalars())
        head = (await connection.execute(text("SELECT last_seq, last_hash FROM event_chain_head WHERE id = 1"))).one()
    assert sections == OKED_SECTIONS, f"OKED sections missing: {sorted(OKED_SECTIONS - sections)}"
    assert await scalar(engine, "SELECT count(*) FROM activities") == len(activity_rows())
    assert tuple(head) == (0, GENESIS_HASH), "the event chain must start empty, from the genesis hash"


async def test_models_and_migrations_do_not_drift(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        differences = await connection.run_sync(schema_drift)
    assert differences == [], "the models differ from the migrated schema (write a migration):\n" + "\n".join(
        map(repr, differences)
    )


async def test_downgrade_to_base_and_upgrade_to_head_round_trip(scratch_engine: AsyncEngine) -> None:
    await migrate(scratch_engine)
    await assert_reference_data_loaded(scratch_engine)

    await migrate(scratch_engine, "base", downgrade=True)
    assert await user_objects(scratch_engine) == {
        "relations": ["alembic_version"],
        "functions": [],
        "enum types": [],
    }, "downgrade to base left objects behind"

    await migrate(scratch_engine)
    await assert_reference_data_loaded(scratch_engine)
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert [await scalar(scratch_engine, "SELECT version_num FROM alembic_version")] == heads
    async with scratch_engine.connect() as connection:
        assert await connection.run_sync(schema_drift) == []


async def test_every_revision_downgrades_and_upgrades_again(scratch_engine: AsyncEngine) -> None:
    """The stairway: up one revision, down one, up again, so each ``downgrade()`` is exercised on its own."""
    script = ScriptDirectory.from_config(alembic_config())
    revisions = [revision.revision for revision in reversed(list(script.walk_revisions()))]
    assert revisions, "no migrations found"
    for revision in revisions:
        await migrate(scratch_engine, revision)
        await migrate(scratch_engine, "-1", downgrade=True)
        await migrate(scratch_engine, revision)
        assert await scalar(scratch_engine, "SELECT version_num FROM alembic_version") == revision


@pytest.mark.parametrize(
    ("statement", "operation"),
    [
        ("UPDATE events SET kind = 'company.deleted'", "UPDATE"),
        ("DELETE FROM events", "DELETE"),
        ("TRUNCATE events", "TRUNCATE"),
    ],
)
async def test_event_log_refuses_edits(session: AsyncSession, statement: str, operation: str) -> None:
    seq = await record_event(
        session,
        actor_id=None,
        kind="company.registered",
        resource_type="company",
        resource_id=uuid.uuid4(),
        data={"name_en": "Append Only LLP"},
        public=True,
    )
    with pytest.raises(DBAPIError, match=rf"the event log is append-only \({operation} on events\)"):
        async with session.begin_nested():
            await session.execute(text(statement))
    stored = await session.scalar(select(func.count()).select_from(Event).where(Event.seq == seq))
    assert stored == 1, "the event must still be there"


@pytest.mark.parametrize("extension", ["pg_trgm", "btree_gist"])
async def test_extension_is_installed(engine: AsyncEngine, extension: str) -> None:
    async with engine.connect() as connection:
        installed = await connection.scalar(
            text("SELECT extversion FROM pg_extension WHERE extname = :name"), {"name": extension}
        )
    assert installed is not None, f"extension {extension} is not installed by the migrations"
