"""Licences in force as known at a moment from the licence spans' versions and checkpoints equal the histories' count.

Hypothesis draws sequences of writes with plain SQL — licences issued (some created with a moment in the past, as a
bulk load writes them), suspended, reinstated and revoked effective today or in the past, shortened and deleted,
holders moved region today or in the past, history moments back-dated — and checkpoints made at moments between
them. Then, for every moment between the writes (and the moments the versions were stamped with), many days, the
country and a region, the fast figures (:func:`known_licences_in_force`) must be the definitional ones
(:func:`history_licences_in_force`).
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.rollups import history_licences_in_force, known_licences_in_force
from registry.statistics.known_stocks import make_checkpoint

REGIONS = ("390000000", "430000000", "100000000")
FIRST_DAY = date(2022, 1, 1)
TODAY = datetime.now(UTC).date()

_REGISTER = text(
    """
    WITH r AS (SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(id uuid, bin text, region text)),
    companies AS (
        INSERT INTO companies (id, bin, name_kk, name_ru, legal_form, region_kato, registration_date, search_key)
        SELECT id, bin, 'Licensed', 'Licensed', 'llp', region, '2021-01-01', 'licensed' FROM r
    )
    INSERT INTO declarations (id, company_id, fiscal_year, revenue_total, revenue_ai, fte_total, fte_ai, opex_total,
        opex_ai, owns_data_library, filed_at, rubric_version, ai_class, evaluation)
    SELECT gen_random_uuid(), id, 2021, 1, 0, 1, 0, 1, 0, false, '2022-03-01', 1, 'ai_native', '{}' FROM r
    """
)
_ISSUE = text(
    """
    WITH r AS (
        SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb))
            AS r(id uuid, application uuid, company uuid, type text, from_day date, until_day date, serial int,
                 created timestamptz)
    ), applications AS (
        INSERT INTO licence_applications (id, company_id, licence_type, declaration_id, state)
        SELECT r.application, r.company, r.type, (SELECT id FROM declarations WHERE company_id = r.company LIMIT 1),
            'approved'
        FROM r
    )
    INSERT INTO licences (id, number, licence_type, year, serial, company_id, application_id, status, valid_from,
        valid_until, created_at)
    SELECT id, 'KNOWN-' || serial, type, 2098, serial, company, application, 'active', from_day, until_day,
           coalesce(created, clock_timestamp())
    FROM r
    """
)
_EFFECTIVE = text("SELECT set_config('registry.effective_on', :day, true)")
_NOW = text("SELECT clock_timestamp()")
_STAMPS = text(
    "SELECT DISTINCT m FROM (SELECT recorded_at AS m FROM licence_known_spans "
    "UNION SELECT superseded_at FROM licence_known_spans) s WHERE m >= :since ORDER BY 1"
)
STEPS = st.lists(
    st.sampled_from(
        (
            "issue",
            "issue_late",
            "suspend",
            "suspend_in_past",
            "reinstate",
            "revoke",
            "shorten",
            "delete",
            "move",
            "move_in_past",
            "back_date",
            "checkpoint",
        )
    ),
    min_size=4,
    max_size=14,
)


class World:
    """The holders and licences the steps write to, and the moments between the steps."""

    def __init__(self, session: AsyncSession, rng: random.Random) -> None:
        self.session, self.rng = session, rng
        self.companies: list[dict[str, Any]] = []
        self.licences: list[dict[str, Any]] = []
        self.moments: list[datetime] = []
        self.serials = iter(rng.sample(range(1, 99999), k=200))

    async def now(self) -> datetime:
        moment: datetime = await self.session.scalar(_NOW)
        self.moments.append(moment)
        return moment

    async def register(self, count: int) -> None:
        rows = [
            {
                "id": str(uuid.uuid4()),
                "bin": f"{self.rng.randrange(10**11, 10**12)}",
                "region": self.rng.choice(REGIONS),
            }
            for _ in range(count)
        ]
        await self.session.execute(_REGISTER, {"rows": json.dumps(rows)})
        self.companies += rows

    async def issue(self, *, late: bool) -> None:
        """A licence of a type its holder has none of after its last one (the exclusion constraint allows it)."""
        company = self.rng.choice(self.companies)
        licence_type = self.rng.choice(("ai_native", "standard_digital"))
        held = [x for x in self.licences if x["company"] == company["id"] and x["type"] == licence_type]
        start = max([date.fromisoformat(x["until_day"]) for x in held], default=FIRST_DAY) + timedelta(days=1)
        start += timedelta(days=self.rng.randrange(200))
        row = {
            "id": str(uuid.uuid4()),
            "application": str(uuid.uuid4()),
            "company": company["id"],
            "type": licence_type,
            "from_day": start.isoformat(),
            "until_day": (start + timedelta(days=self.rng.choice((0, 30, 364, 1000)))).isoformat(),
            "serial": next(self.serials),
            # A late licence is stamped with a moment already past (as the demo loader and imports write them).
            "created": (self.moments[0] - timedelta(days=self.rng.randrange(1, 900))).isoformat() if late else None,
        }
        await self.session.execute(_ISSUE, {"rows": json.dumps([row])})
        self.licences.append(row)

    async def update(self, table: str, assignment: str, row_id: str, *, in_past: bool) -> None:
        day = FIRST_DAY + timedelta(days=self.rng.randrange((TODAY - FIRST_DAY).days))
        await self.session.execute(_EFFECTIVE, {"day": day.isoformat() if in_past else ""})
        statement = text(f"UPDATE {table} SET {assignment} WHERE id = :id")  # noqa: S608 - the test's own constants
        await self.session.execute(statement, {"id": row_id})
        await self.session.execute(_EFFECTIVE, {"day": ""})

    async def back_date(self) -> None:
        """A repair moves a recorded moment of a holder's or a licence's history earlier."""
        table = self.rng.choice(("company_history", "licence_history"))
        await self.session.execute(
            text(
                f"UPDATE {table} SET recorded_at = recorded_at - interval '3 days' "  # noqa: S608 - constants
                f"WHERE id = (SELECT max(id) FROM {table} WHERE superseded_at IS NULL)"
            )
        )

    async def step(self, kind: str) -> None:
        licence = self.rng.choice(self.licences) if self.licences else None
        company = self.rng.choice(self.companies)
        match kind:
            case "issue" | "issue_late":
                await self.issue(late=kind == "issue_late")
            case "suspend" | "suspend_in_past" | "reinstate" | "revoke" if licence is not None:
                status = {"reinstate": "active", "revoke": "revoked"}.get(kind, "suspended")
                await self.update("licences", f"status = '{status}'", licence["id"], in_past=kind == "suspend_in_past")
            case "shorten" if licence is not None:
                await self.update("licences", "valid_until = valid_from", licence["id"], in_past=False)
            case "delete" if licence is not None:
                await self.session.execute(text("DELETE FROM licences WHERE id = :id"), {"id": licence["id"]})
                self.licences.remove(licence)
            case "move" | "move_in_past":
                region = self.rng.choice([r for r in REGIONS if r != company["region"]])
                await self.update("companies", f"region_kato = '{region}'", company["id"], in_past=kind != "move")
                company["region"] = region
            case "back_date":
                await self.back_date()
            case "checkpoint" if self.moments:
                await make_checkpoint(self.session, now=self.moments[-1], upto=self.rng.choice(self.moments))


async def _assert_same(world: World, since: datetime) -> None:
    stamps = list((await world.session.execute(_STAMPS, {"since": since - timedelta(days=1000)})).scalars())
    moments = sorted({*world.moments, *stamps, *(m - timedelta(microseconds=1) for m in stamps)})
    days = [FIRST_DAY + timedelta(days=world.rng.randrange((TODAY - FIRST_DAY).days + 900)) for _ in range(6)]
    for known_at in [*world.rng.sample(moments, k=min(14, len(moments))), moments[-1]]:
        for as_of in [*days, TODAY]:
            for region in (None, REGIONS[0]):
                arguments = {"as_of": as_of, "region": region, "known_at": known_at}
                expected = await history_licences_in_force(world.session, **arguments)
                found = await known_licences_in_force(world.session, **arguments)
                assert found == expected, f"as of {as_of} known at {known_at}, region {region}"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS, seed=st.integers(0, 2**16))
async def test_licences_known_at_a_moment_are_those_the_histories_give(
    session: AsyncSession, steps: list[str], seed: int
) -> None:
    savepoint = await session.begin_nested()
    try:
        world = World(session, random.Random(seed))
        since = await world.now()
        await world.register(4)
        for _ in range(4):
            await world.issue(late=False)
        await world.now()
        for kind in steps:
            await world.step(kind)
            await world.now()
        await _assert_same(world, since)
    finally:
        await savepoint.rollback()
