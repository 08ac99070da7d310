"""Migration 0012 (one open application per company and type): it will not run over data that breaks the rule, says
which applications do, and runs once they are resolved. Inside the test's transaction, rolled back after."""

from __future__ import annotations

import uuid

import httpx
import pytest
from alembic import command
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.database import Database, alembic_config
from api.settings import Settings
from tests.licensing_support import declared_company, quick_account, start_application


async def _migrate(connection: AsyncConnection, revision: str, *, down: bool = False) -> None:
    def run(sync_connection: Connection) -> None:
        config = alembic_config(sync_connection)
        (command.downgrade if down else command.upgrade)(config, revision)

    await connection.run_sync(run)


async def test_0012_refuses_two_open_applications_of_a_type_naming_them_then_runs_once_resolved(
    settings: Settings, client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    founder = await quick_account(database, settings)
    company, declaration = await declared_company(client, founder)
    first = await start_application(client, founder, company["id"], declaration["id"])
    await _migrate(connection, "0011", down=True)
    second = uuid.uuid4()
    await connection.execute(
        text(
            "INSERT INTO licence_applications (id, company_id, licence_type, declaration_id, state) "
            "VALUES (:id, :company, 'ai_native', :declaration, 'submitted')"
        ),
        {"id": second, "company": company["id"], "declaration": declaration["id"]},
    )

    with pytest.raises(RuntimeError, match="more than one open application") as refused:
        await _migrate(connection, "head")

    assert f"company {company['id']}, ai_native:" in str(refused.value)
    assert first["id"] in str(refused.value) and str(second) in str(refused.value)
    assert await connection.scalar(text("SELECT version_num FROM alembic_version")) == "0011"

    await connection.execute(text("UPDATE licence_applications SET state = 'withdrawn' WHERE id = :id"), {"id": second})
    await _migrate(connection, "head")
    definition = await connection.scalar(
        text("SELECT indexdef FROM pg_indexes WHERE indexname = 'uq_licence_applications_one_open'")
    )
    assert definition is not None
    assert "UNIQUE INDEX" in definition and "(company_id, licence_type)" in definition
    assert "draft" in definition and "sent_back" in definition and "approved" not in definition
    columns = await connection.scalar(
        text(
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = 'idempotency_keys' AND column_name = 'response_headers'"
        )
    )
    assert columns == 1
