"""Rollups once per bulk batch: the same statistics as the per-statement triggers, and a mark that cannot stray."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

import asyncpg
import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.app import create_app
from api.database import Database, migrate, transaction
from api.settings import Settings
from registry.accounts.schemas import AccountCreate
from registry.accounts.service import create_account
from registry.bulk.batch_rollups import BULK_BATCH_SETTING, rollups_once_per_batch
from registry.bulk.checks import CheckedRow, RowChecker
from registry.bulk.importer import import_batch, prepare_rows
from registry.companies.bin_rules import make_bin
from registry.demo.ecosystem import generate_companies
from registry.demo.loader import load_companies
from registry.i18n import Text
from tests.conftest import FIXED_NOW
from tests.database import database_of_its_own
from tests.factories import PASSWORD, login
from tests.operations.bulk_support import STATE_TABLES, figures, table_state

TODAY = date(2026, 11, 20)
_COMPANY = text(
    "INSERT INTO companies (id, bin, name_kk, name_ru, legal_form, region_kato, registration_date, status, "
    "search_key, version, created_at, updated_at) VALUES (:id, :bin, 'Бұлт', 'Облако', 'llp', '710000000', "
    "'2023-01-15', 'active', 'бұлт облако', 1, now(), now())"
)
_ACTIVITY = text("INSERT INTO company_activities (company_id, oked_code, is_primary) VALUES (:id, '62.01', true)")
_ROLLED_UP = text(
    "SELECT (SELECT count(*) FROM flow_facts WHERE company_id = :id), "
    "(SELECT count(*) FROM summary_company_spans WHERE company_id = :id), "
    "(SELECT count(*) FROM company_history WHERE company_id = :id AND primary_oked = '62.01')"
)


def _bin(serial: int) -> str:
    month = date(2023, 1, 1)
    while (found := make_bin(registration_month=month, entity_type_digit=4, division_digit=0, serial=serial)) is None:
        serial += 1
    return found


async def _register(session: AsyncSession, serial: int) -> uuid.UUID:
    """A company and its primary activity in two statements, as the API writes them."""
    company = uuid.uuid4()
    await session.execute(_COMPANY, {"id": company, "bin": _bin(serial)})
    await session.execute(_ACTIVITY, {"id": company})
    return company


async def _rolled_up(session: AsyncSession, company: uuid.UUID) -> tuple[int, int, int]:
    """The company's flow facts, summary spans and history rows with its primary activity."""
    row = (await session.execute(_ROLLED_UP, {"id": company})).one()
    return int(row[0]), int(row[1]), int(row[2])


async def test_inside_a_batch_the_rollups_wait_for_its_end_and_after_it_every_insert_rolls_up_again(
    session: AsyncSession,
) -> None:
    async with rollups_once_per_batch(session) as batch:
        inside = await _register(session, 500)
        batch.ids = [inside]
        waiting = await _rolled_up(session, inside)
    done = await _rolled_up(session, inside)
    after = await _register(session, 510)

    assert waiting == (0, 0, 1), "the history is kept per statement; the rollups wait for the batch's end"
    assert done[0] > 0 and done[1] > 0 and done[2] == 1
    assert await _rolled_up(session, after) == done, "the same transaction's next insert fires its triggers"
    assert await session.scalar(text(f"SELECT current_setting('{BULK_BATCH_SETTING}', true)")) == ""


async def test_a_mark_set_for_the_session_or_left_by_an_earlier_transaction_stops_no_trigger(
    engine: AsyncEngine,
) -> None:
    async with database_of_its_own(engine, "registry_bulk_mark") as database:
        async with database.engine.connect() as connection:
            # by mistake: the mark for the whole session, once as a constant, once as a finished transaction's id
            await connection.execute(text(f"SET {BULK_BATCH_SETTING} = 'on'"))
            await connection.commit()
            async with AsyncSession(bind=connection) as session:
                first = await _register(session, 520)
                await session.commit()
                await session.execute(
                    text(f"SELECT set_config('{BULK_BATCH_SETTING}', pg_current_xact_id()::text, false)")
                )
                await session.commit()
                second = await _register(session, 530)
                await session.commit()
                rolled_up = [await _rolled_up(session, company) for company in (first, second)]
        assert all(facts > 0 and spans > 0 and history == 1 for facts, spans, history in rolled_up)


async def _load(database: Database, count: int) -> None:
    async with transaction(database) as session:
        await load_companies(
            session, generate_companies(count, seed=7, today=TODAY), owner_ids=[], today=TODAY, batch_size=40
        )


async def _states(database: Database, tables: Sequence[str]) -> dict[str, list[str]]:
    return {table: figures(table, await table_state(database, table)) for table in tables}


async def test_the_demo_loader_leaves_the_rollups_the_per_statement_triggers_leave(engine: AsyncEngine) -> None:
    """The same demo companies (declarations, pivots and all) loaded in batches, and loaded where migration 0016 is
    undone, so that every insert statement fires its rollups' triggers (the batch's own refresh then changes
    nothing)."""
    tables = [table for table in STATE_TABLES if table != "companies"]
    async with (
        database_of_its_own(engine, "registry_bulk_once") as once,
        database_of_its_own(engine, "registry_bulk_each") as each,
    ):
        await migrate(each.engine, "0015", downgrade=True)
        await _load(once, 100)
        await _load(each, 100)

        for table in ("summary_company_spans", "flow_facts", "flow_monthly_counts", "pivot_risk_spans"):
            assert await table_state(once, table), f"{table} is empty: the comparison would prove nothing"
        assert await _states(once, tables) == await _states(each, tables)


_ALL_COMPANIES = text("SELECT array_agg(id) FROM companies")
_REFRESH_EVERYTHING = (
    "SELECT flow_refresh(CAST(:ids AS uuid[]), "
    "ARRAY['pivot_events', 'applications', 'licences', 'companies']::varchar[])",
    "SELECT summary_refresh(CAST(:ids AS uuid[]))",
    "SELECT company_history_record(CAST(:ids AS uuid[]))",
)


async def test_an_api_registration_during_a_batch_rolls_up_both_as_recomputing_everything_does(
    engine: AsyncEngine, settings: Settings
) -> None:
    """A company registered through the API while a batch has inserted its companies and not yet refreshed."""
    async with database_of_its_own(engine, "registry_bulk_concurrent") as database:
        async with transaction(database) as session:
            admin = await create_account(
                session,
                actor_id=None,
                request=AccountCreate(email="admin-bulk@example.kz", password=PASSWORD, full_name="A", role="admin"),
            )
        app = create_app(settings, database=database, clock=lambda: FIXED_NOW)
        async with (
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry.test") as client,
            transaction(database) as session,
        ):
            headers = await login(client, admin.email)
            async with rollups_once_per_batch(session) as batch:
                batch.ids = [await _register(session, serial) for serial in range(600, 700, 10)]
                created = await client.post(
                    "/api/v1/companies",
                    json={
                        "bin": _bin(800),
                        "name_kk": "«Жел» ЖШС",
                        "name_ru": "ТОО «Ветер»",
                        "legal_form": "llp",
                        "region": "750000000",
                        "registration_date": "2023-01-20",
                        "activities": ["63.11"],
                        "primary_activity": "63.11",
                    },
                    headers=headers,
                )
                assert created.status_code == 201, created.text
        tables = [table for table in STATE_TABLES if table != "companies"]
        kept = await _states(database, tables)
        async with transaction(database) as session:
            ids = await session.scalar(_ALL_COMPANIES)
            for refresh in _REFRESH_EVERYTHING:
                await session.execute(text(refresh), {"ids": ids})
        assert len(ids) == 11
        assert await _states(database, tables) == kept


async def test_a_batch_that_fails_in_the_database_leaves_nothing_of_it(engine: AsyncEngine) -> None:
    """Its companies are in and its rollups waiting when its activities fail (an OKED code the database lacks)."""
    checker = RowChecker(
        today=TODAY,
        known_regions={"710000000"},
        known_activities={"62.01", "00.00"},
        translate=lambda message: Text(kk=message, ru=message, en=message),
    )
    fields = {
        "name_kk": "«Бұлт» ЖШС",
        "name_ru": "ТОО «Облако»",
        "legal_form": "llp",
        "region": "710000000",
        "registration_date": "2023-01-15",
        "primary_activity": "62.01",
    }
    rows = [
        checker.check(2, {**fields, "bin": _bin(900), "activities": ["62.01"]}),
        checker.check(3, {**fields, "bin": _bin(910), "activities": ["62.01", "00.00"]}),
    ]
    checked = [row for row in rows if isinstance(row, CheckedRow)]
    assert len(checked) == 2
    async with database_of_its_own(engine, "registry_bulk_failure") as database:
        before = {table: await table_state(database, table) for table in (*STATE_TABLES, "events")}
        with pytest.raises(asyncpg.ForeignKeyViolationError, match="fk_company_activities_oked_code_activities"):
            async with transaction(database) as session:
                await import_batch(session, prepare_rows(checked))
        assert {table: await table_state(database, table) for table in (*STATE_TABLES, "events")} == before
