"""Concurrent changes to one company's flows, through committing transactions, leave the flow rollups exact.

Each transaction adds applications (and some decide them) for the same company while another moves the company
to another region; afterwards the company's facts are what a fresh computation gives, and every monthly count is
the sum of the facts it rolls up.
"""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

pytestmark = pytest.mark.concurrency

WRITERS = 8
REGIONS = ("750000000", "710000000")

_FACTS = (
    "metric, company_id, day, licence_type, region_kato, legal_form, section, division, events, first_month, "
    "first_quarter, first_year, first_month_of_type, first_quarter_of_type, first_year_of_type"
)
_ALL_SOURCES = "ARRAY['pivot_events', 'applications', 'licences', 'companies']::varchar[]"
# The monthly counts recomputed from all the facts, as the refresh rolls them up.
_ROLLED_UP = """
SELECT f.metric, date_trunc('month', f.day)::date AS month, f.region_kato, k.dim, k.grp, sum(f.events) AS events,
       sum(CASE WHEN k.dim = 'licence_type' THEN f.first_month_of_type ELSE f.first_month END) AS fm,
       sum(CASE WHEN k.dim = 'licence_type' THEN f.first_quarter_of_type ELSE f.first_quarter END) AS fq,
       sum(CASE WHEN k.dim = 'licence_type' THEN f.first_year_of_type ELSE f.first_year END) AS fy
FROM flow_facts f
CROSS JOIN LATERAL (VALUES ('', ''), ('legal_form', f.legal_form), ('activity', f.section),
                           ('activity_division', f.division), ('licence_type', f.licence_type)) AS k(dim, grp)
WHERE k.dim <> 'licence_type' OR f.licence_type <> ''
GROUP BY 1, 2, 3, 4, 5
"""


@pytest.fixture
async def company(engine: AsyncEngine) -> AsyncIterator[uuid.UUID]:
    company_id = uuid.uuid4()
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO companies (id, bin, name_kk, name_ru, legal_form, region_kato, registration_date, "
                "search_key) VALUES (:id, :bin, 'Concurrent', 'Concurrent', 'llp', :region, '2021-01-01', 'c')"
            ),
            {"id": company_id, "bin": f"99{random.randrange(10**10):010d}", "region": REGIONS[0]},
        )
        await connection.execute(
            text(
                "INSERT INTO declarations (id, company_id, fiscal_year, revenue_total, revenue_ai, fte_total, "
                "fte_ai, opex_total, opex_ai, owns_data_library, filed_at, rubric_version, ai_class, evaluation) "
                "VALUES (gen_random_uuid(), :id, 2021, 1, 0, 1, 0, 1, 0, false, '2022-03-01', 1, 'ai_native', '{}')"
            ),
            {"id": company_id},
        )
    yield company_id
    async with engine.begin() as connection:
        for table in ("licence_applications", "declarations", "companies"):
            column = "id" if table == "companies" else "company_id"
            await connection.execute(text(f"DELETE FROM {table} WHERE {column} = :id"), {"id": company_id})  # noqa: S608


async def _apply(engine: AsyncEngine, company_id: uuid.UUID, writer: int) -> None:
    rng = random.Random(writer)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    rows = []
    for _ in range(3):
        submitted = start + timedelta(days=rng.randrange(90), minutes=rng.choice((0, 1439)))
        decided = rng.random() < 0.5
        rows.append(
            {
                "type": rng.choice(("ai_native", "standard_digital")),
                # Undecided ones were withdrawn: a company has at most one open application of a type (migration
                # 0012), and these writers all apply for the same company at once.
                "state": rng.choice(("approved", "rejected")) if decided else "withdrawn",
                "submitted": submitted.isoformat(),
                "decided": (submitted + timedelta(days=rng.randrange(40))).isoformat() if decided else None,
            }
        )
    async with engine.begin() as connection:
        await connection.execute(
            text(
                """
                INSERT INTO licence_applications (id, company_id, licence_type, declaration_id, state,
                    first_submitted_at, submitted_at, decided_at)
                SELECT gen_random_uuid(), :company, r.type, (SELECT id FROM declarations WHERE company_id = :company),
                    r.state, r.submitted, r.submitted, r.decided
                FROM jsonb_to_recordset(CAST(:rows AS jsonb))
                    AS r(type text, state text, submitted timestamptz, decided timestamptz)
                """
            ),
            {"company": company_id, "rows": json.dumps(rows)},
        )
        await asyncio.sleep(0.01 * rng.random())


async def _move(engine: AsyncEngine, company_id: uuid.UUID) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE companies SET region_kato = :region WHERE id = :id"), {"region": REGIONS[1], "id": company_id}
        )


async def test_concurrent_writers_leave_the_facts_and_their_rollup_exact(
    engine: AsyncEngine, company: uuid.UUID
) -> None:
    await asyncio.gather(*(_apply(engine, company, writer) for writer in range(WRITERS)), _move(engine, company))
    async with engine.connect() as connection:
        stored = (
            await connection.execute(
                text(f"SELECT {_FACTS} FROM flow_facts WHERE company_id = :id ORDER BY 1, 3, 4"),  # noqa: S608
                {"id": company},
            )
        ).all()
        fresh = (
            await connection.execute(
                text(f"SELECT * FROM flow_facts_of(ARRAY[CAST(:id AS uuid)], {_ALL_SOURCES}) ORDER BY 1, 3, 4"),  # noqa: S608
                {"id": company},
            )
        ).all()
        assert stored == fresh
        assert sum(row.events for row in stored if row.metric == "applications_submitted") == 3 * WRITERS
        # The move took effect today: each fact is in the region its company had on the fact's day.
        moved_on = (await connection.execute(text("SELECT (now() AT TIME ZONE 'UTC')::date"))).scalar_one()
        assert all(row.region_kato == (REGIONS[1] if row.day >= moved_on else REGIONS[0]) for row in stored)
        differences = (
            await connection.execute(
                text(
                    f"""
                    WITH expected AS ({_ROLLED_UP})
                    SELECT * FROM expected e
                    FULL JOIN flow_monthly_counts m USING (metric, month, region_kato, dim, grp)
                    WHERE (e.events, e.fm, e.fq, e.fy) IS DISTINCT FROM
                          (m.events, m.first_month, m.first_quarter, m.first_year)
                      AND NOT (e.events IS NULL AND m.events = 0 AND m.first_month = 0 AND m.first_quarter = 0
                               AND m.first_year = 0)
                    """  # noqa: S608
                )
            )
        ).all()
        assert differences == []
