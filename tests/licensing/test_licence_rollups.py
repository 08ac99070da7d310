"""The licence rollups agree with the direct count of licences in force, whatever the writes.

Random licences (several per company and type, back to back, some revoked) are written with plain SQL, then
suspended, reinstated, revoked, shortened and deleted, and their holders move region; after every step the
rollup-based count is compared with the direct one for many days and for a region.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.rollups import history_licences_in_force, licences_in_force
from registry.statistics.states import KNOWN_NOW

REGIONS = ("390000000", "430000000")
FIRST_DAY = date(2022, 1, 1)

_INSERT_COMPANIES = text(
    """
    INSERT INTO companies (id, bin, name_kk, name_ru, legal_form, region_kato, registration_date, search_key)
    SELECT id, bin, 'Licensed', 'Licensed', 'llp', region, '2021-01-01', 'licensed'
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(id uuid, bin text, region text)
    """
)
_INSERT_DECLARATIONS = text(
    """
    INSERT INTO declarations (id, company_id, fiscal_year, revenue_total, revenue_ai, fte_total, fte_ai, opex_total,
        opex_ai, owns_data_library, filed_at, rubric_version, ai_class, evaluation)
    SELECT gen_random_uuid(), id, 2021, 1, 0, 1, 0, 1, 0, false, '2022-03-01', 1, 'ai_native', '{}'
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(id uuid)
    """
)
_INSERT_LICENCES = text(
    """
    WITH r AS (
        SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb))
            AS r(id uuid, application uuid, company uuid, type text, status text, from_day date, until_day date,
                 serial int)
    ), applications AS (
        INSERT INTO licence_applications (id, company_id, licence_type, declaration_id, state)
        SELECT r.application, r.company, r.type, (SELECT id FROM declarations WHERE company_id = r.company LIMIT 1),
            'approved'
        FROM r
    )
    INSERT INTO licences (id, number, licence_type, year, serial, company_id, application_id, status, valid_from,
        valid_until)
    SELECT id, 'ROLLUP-' || serial, type, 2099, serial, company, application, status, from_day, until_day FROM r
    """
)


async def _direct(session: AsyncSession, as_of: date, region: str | None) -> dict[str, int]:
    """Licences in force read directly from the licences' status history and their holders' history."""
    per_type = await history_licences_in_force(session, as_of=as_of, region=region, known_at=KNOWN_NOW)
    return {licence_type: count for licence_type, count in per_type.items() if count}


async def _assert_agree(session: AsyncSession, rng: random.Random, step: str) -> None:
    days = [FIRST_DAY + timedelta(days=rng.randrange(1600)) for _ in range(15)]
    for as_of in days:
        for region in (None, REGIONS[0]):
            found = {k: v for k, v in (await licences_in_force(session, as_of=as_of, region=region)).items() if v}
            direct = await _direct(session, as_of, region)
            assert found == direct, f"{step}: as of {as_of} in {region}"


def _licences(rng: random.Random, companies: list[dict[str, str]]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for company in companies:
        for licence_type in rng.sample(("ai_native", "standard_digital"), k=rng.randrange(1, 3)):
            day = FIRST_DAY + timedelta(days=rng.randrange(400))
            for _ in range(rng.randrange(1, 4)):
                until = day + timedelta(days=rng.choice((0, 30, 364)))
                status = rng.choice(("active", "active", "suspended", "revoked"))
                rows.append(
                    {
                        "id": str(uuid.uuid4()),
                        "application": str(uuid.uuid4()),
                        "company": company["id"],
                        "type": licence_type,
                        "status": status,
                        "from_day": day.isoformat(),
                        "until_day": until.isoformat(),
                        "serial": rng.randrange(1, 99999),
                    }
                )
                day = until + timedelta(days=rng.choice((1, 1, 40)))
    serials = rng.sample(range(1, 99999), k=len(rows))
    return [{**row, "serial": serial} for row, serial in zip(rows, serials, strict=True)]


@pytest.mark.parametrize("seed", range(3))
async def test_licence_rollups_agree_with_the_direct_count(session: AsyncSession, seed: int) -> None:
    rng = random.Random(seed)
    companies = [
        {"id": str(uuid.uuid4()), "bin": f"{rng.randrange(10**11, 10**12)}", "region": rng.choice(REGIONS)}
        for _ in range(12)
    ]
    await session.execute(_INSERT_COMPANIES, {"rows": json.dumps(companies)})
    await session.execute(_INSERT_DECLARATIONS, {"rows": json.dumps(companies)})
    licences = _licences(rng, companies)
    await session.execute(_INSERT_LICENCES, {"rows": json.dumps(licences[:-3])})
    for licence in licences[-3:]:
        await session.execute(_INSERT_LICENCES, {"rows": json.dumps([licence])})
    await _assert_agree(session, rng, "issued")

    ids = [licence["id"] for licence in rng.sample(licences, k=6)]
    await session.execute(text("UPDATE licences SET status = 'suspended' WHERE id = :id"), {"id": ids[0]})
    await session.execute(
        text("UPDATE licences SET status = 'active' WHERE status = 'suspended' AND id = :id"), {"id": ids[1]}
    )
    await session.execute(text("UPDATE licences SET status = 'revoked' WHERE id = :id"), {"id": ids[2]})
    await session.execute(text("UPDATE licences SET valid_until = valid_from WHERE id = :id"), {"id": ids[3]})
    await session.execute(text("UPDATE licences SET status_text = 'noted' WHERE id = :id"), {"id": ids[4]})
    await session.execute(text("DELETE FROM licences WHERE id = :id"), {"id": ids[5]})
    await _assert_agree(session, rng, "changed")

    moved = [company["id"] for company in companies[:5]]
    await session.execute(
        text("UPDATE companies SET region_kato = :region WHERE id = ANY(CAST(:ids AS uuid[]))"),
        {"region": REGIONS[0], "ids": moved},
    )
    await session.execute(
        text("UPDATE companies SET region_kato = :r WHERE id = :id"), {"r": REGIONS[1], "id": moved[0]}
    )
    await _assert_agree(session, rng, "moved")
