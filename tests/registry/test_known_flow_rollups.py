"""Flows as known at a moment from the flow facts' versions and checkpoints equal the definition's counts.

A random ecosystem of every flow (:mod:`tests.flow_rollups_support`: rows stamped at moments from 2019 on, the
history back-dated before them) is changed by a Hypothesis-drawn sequence of writes with plain SQL — companies moved
region today or in the past, their legal form and primary activity changed, registrations back-dated, pivot events
detected and retracted, applications decided, sanctions recorded, companies deleted, history moments back-dated —
with checkpoints made at moments between them. Then, for moments between the writes and those the versions were
stamped with, for every flow over random ranges, breakdowns and regions, the fast figures
(:func:`known_flow_counts`) must be the definitional ones (:func:`history_flow_counts`), a release's readings of a
year's flows (:func:`known_flow_quarters`, :func:`known_flow_rows`) and the cohorts' sizes (:func:`cohort_sizes`)
those of the history, and the stored versions those rebuilt from scratch.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.cohorts import cohort_sizes, history_cohort_sizes
from registry.statistics.history_flows import history_flow_counts, history_flow_quarters, history_flow_rows
from registry.statistics.known_flows import known_flow_counts, known_flow_quarters, known_flow_rows
from registry.statistics.known_stocks import make_checkpoint
from registry.statistics.periods import Interval, add_months, period_start
from registry.statistics.rollups import PeriodCount
from tests.flow_rollups_support import REGIONS, append_events, build_ecosystem, insert_rows, pivot_event, random_day

COMPANY_FLOWS = ("companies_registered", "born_ai_native", "pivots_to_ai", "pivots_away")
LICENCE_FLOWS = (
    "applications_submitted",
    "decisions_approved",
    "decisions_rejected",
    "licences_issued",
    "licences_suspended",
    "licences_revoked",
)
GROUPS = (None, "region", "legal_form", "activity", "activity_division")
INTERVALS: tuple[Interval, ...] = ("month", "quarter", "year")
_NOW = text("SELECT clock_timestamp()")
_EFFECTIVE = text("SELECT set_config('registry.effective_on', :day, true)")
_STAMPS = text(
    "SELECT DISTINCT m FROM (SELECT recorded_at AS m FROM flow_known_facts "
    "UNION SELECT superseded_at FROM flow_known_facts) s WHERE m IS NOT NULL ORDER BY 1"
)
_STORED = (
    "SELECT metric, company_id, day, licence_type, region_kato, legal_form, section, division, events, first_month, "
    "first_quarter, first_year, first_month_of_type, first_quarter_of_type, first_year_of_type, recorded_at, "
    "superseded_at FROM flow_known_facts"
)
_REBUILT = "SELECT * FROM flow_fact_versions(ARRAY(SELECT id FROM companies))"
STEPS = st.lists(
    st.sampled_from(
        (
            "move",
            "move_in_past",
            "legal_form",
            "activity",
            "back_register",
            "pivot",
            "retract",
            "decide",
            "sanction",
            "delete",
            "back_date",
            "checkpoint",
        )
    ),
    min_size=3,
    max_size=10,
)


class World:
    """The ecosystem the steps change, and the moments between the steps."""

    def __init__(self, session: AsyncSession, rng: random.Random) -> None:
        self.session, self.rng = session, rng
        self.moments: list[datetime] = []

    async def now(self) -> datetime:
        moment: datetime = await self.session.scalar(_NOW)
        self.moments.append(moment)
        return moment

    async def run(self, statement: str, **parameters: Any) -> None:
        await self.session.execute(text(statement), parameters)

    async def pick(self, query: str) -> str | None:
        ids = [str(row[0]) for row in await self.session.execute(text(query))]
        return self.rng.choice(ids) if ids else None

    async def build(self) -> None:
        """The registers emptied (in the test's transaction), then a fresh ecosystem whose history is known early."""
        for statement in (
            "UPDATE licence_applications SET renewal_of = NULL WHERE renewal_of IS NOT NULL",
            "DELETE FROM licences",
            "DELETE FROM licence_applications",
            "DELETE FROM companies",
        ):
            await self.run(statement)
        codes = [str(row[0]) for row in await self.session.execute(text("SELECT code FROM activities ORDER BY 1"))]
        ecosystem = build_ecosystem(self.rng, self.rng.sample(codes, k=12), companies=16)
        await insert_rows(self.session, "companies", ecosystem.companies)
        await insert_rows(self.session, "activities", ecosystem.activities)
        # Known from before every row (some companies' only later: their early rows are not counted until then).
        await self.run(
            "UPDATE company_history SET recorded_at = CASE WHEN hashtext(company_id::text) % 5 = 0 "
            "THEN timestamptz '2023-06-01' ELSE timestamptz '2018-01-01' END"
        )
        for table in ("declarations", "pivot_events", "applications", "licences"):
            await insert_rows(self.session, table, getattr(ecosystem, table))
        await append_events(self.session, ecosystem.sanctions)

    async def update(self, statement: str, *, in_past: bool, **parameters: Any) -> None:
        day = random_day(self.rng)
        await self.session.execute(_EFFECTIVE, {"day": day.isoformat() if in_past else ""})
        await self.run(statement, **parameters)
        await self.session.execute(_EFFECTIVE, {"day": ""})

    async def step(self, kind: str) -> None:  # noqa: C901 - one case per kind of write
        company = await self.pick("SELECT id FROM companies ORDER BY id")
        if company is None:
            return
        match kind:
            case "move" | "move_in_past":
                region = self.rng.choice(REGIONS)
                await self.update(
                    "UPDATE companies SET region_kato = :region WHERE id = :id",
                    in_past=kind == "move_in_past",
                    region=region,
                    id=company,
                )
            case "legal_form":
                await self.update(
                    "UPDATE companies SET legal_form = CASE legal_form WHEN 'llp' THEN 'jsc' ELSE 'llp' END "
                    "WHERE id = :id",
                    in_past=False,
                    id=company,
                )
            case "activity":
                code = await self.pick("SELECT code FROM activities WHERE code LIKE '%.%' ORDER BY 1")
                await self.run(
                    "UPDATE company_activities SET oked_code = :code WHERE company_id = :id AND is_primary AND NOT "
                    "EXISTS (SELECT FROM company_activities o WHERE o.company_id = :id AND o.oked_code = :code)",
                    code=code,
                    id=company,
                )
            case "back_register":
                await self.run(
                    "UPDATE companies SET registration_date = registration_date - 40 WHERE id = :id", id=company
                )
            case "pivot":
                row = pivot_event(self.rng, company, random_day(self.rng))
                await insert_rows(self.session, "pivot_events", [{**row, "series": "live", "retracted": None}])
                await self.run("UPDATE pivot_events SET detected_at = clock_timestamp() WHERE id = :id", id=row["id"])
            case "retract":
                event = await self.pick(
                    "SELECT id FROM pivot_events WHERE series = 'live' AND retracted_at IS NULL ORDER BY id"
                )
                if event is not None:
                    await self.run("UPDATE pivot_events SET retracted_at = clock_timestamp() WHERE id = :id", id=event)
            case "decide":
                waiting = await self.pick(
                    "SELECT id FROM licence_applications WHERE state IN ('submitted', 'in_review') ORDER BY id"
                )
                if waiting is not None:
                    await self.run(
                        "UPDATE licence_applications SET state = 'rejected', decided_at = clock_timestamp() "
                        "WHERE id = :id",
                        id=waiting,
                    )
            case "sanction":
                licence = await self.pick("SELECT id FROM licences ORDER BY id")
                if licence is not None:
                    kind = self.rng.choice(("licence.suspended", "licence.revoked"))
                    await append_events(self.session, [(kind, "licence", licence, await self.now())])
            case "delete":
                await self.run("DELETE FROM licences WHERE company_id = :id", id=company)
                await self.run("DELETE FROM licence_applications WHERE company_id = :id", id=company)
                await self.run("DELETE FROM companies WHERE id = :id", id=company)
            case "back_date":
                await self.run(
                    "UPDATE company_history SET recorded_at = recorded_at - interval '3 days' "
                    "WHERE id = (SELECT max(id) FROM company_history WHERE superseded_at IS NULL)"
                )
            case "checkpoint" if self.moments:
                await make_checkpoint(self.session, now=self.moments[-1], upto=self.rng.choice(self.moments))


def _random_query(rng: random.Random) -> dict[str, Any]:
    metric = rng.choice(COMPANY_FLOWS + LICENCE_FLOWS)
    interval = rng.choice(INTERVALS)
    day = random_day(rng, date(2018, 10, 1), 8 * 365)
    start = rng.choice((day, day.replace(day=1), period_start(interval, day), date(day.year, 7, 1)))
    period_end = add_months(period_start(interval, start), {"month": 1, "quarter": 3, "year": 12}[interval])
    end = rng.choice(
        (
            start + timedelta(days=rng.choice((0, 27, 45, 200, 800, 1500))),
            period_end - timedelta(days=1),
            period_end - timedelta(days=rng.randrange(2, 20)),
            date(start.year + 3, 12, 31),
        )
    )
    groups = GROUPS + (("licence_type",) if metric in LICENCE_FLOWS else ())
    return {
        "metric": metric,
        "interval": interval,
        "start": start,
        "end": max(start, end),
        "group_by": rng.choice(groups),
        "region": rng.choice((None, None, REGIONS[0])),
    }


def _figures(rows: list[PeriodCount], *, with_contributors: bool) -> Counter[tuple[Any, ...]]:
    """The values per period and group; the distinct companies of the totals (exact in both readings)."""
    return Counter(
        (row.period, row.grp, row.is_total, row.value, row.contributors if with_contributors and row.is_total else 0)
        for row in rows
        if row.value
    )


async def _assert_same(world: World) -> None:
    session = world.session
    missing = await session.scalar(text(f"SELECT count(*) FROM ({_REBUILT} EXCEPT ALL {_STORED}) m"))  # noqa: S608
    extra = await session.scalar(text(f"SELECT count(*) FROM ({_STORED} EXCEPT ALL {_REBUILT}) m"))  # noqa: S608
    assert (missing, extra) == (0, 0), "the stored versions are those rebuilt from scratch"
    stamps = list((await session.execute(_STAMPS)).scalars())
    moments = sorted({*world.moments, *stamps, *(m - timedelta(microseconds=1) for m in stamps)})
    for known_at in [*world.rng.sample(moments, k=min(10, len(moments))), moments[-1]]:
        for _ in range(8):
            query = _random_query(world.rng)
            expected = await history_flow_counts(session, **query, known_at=known_at)
            found = await known_flow_counts(session, **query, known_at=known_at)
            exact = query["region"] is None
            assert _figures(found, with_contributors=exact) == _figures(expected, with_contributors=exact), (
                f"{query} known at {known_at}"
            )
        year = world.rng.randrange(2019, 2027)
        release = {
            "metrics": COMPANY_FLOWS + LICENCE_FLOWS,
            "start": date(year, 1, 1),
            "end": date(year, 12, 31),
            "known_at": known_at,
        }
        assert await known_flow_quarters(session, **release) == await history_flow_quarters(session, **release)
        assert await known_flow_rows(session, **release) == await history_flow_rows(session, **release)
        cohorts = {
            "first": year - 3,
            "last": year,
            "region": world.rng.choice((None, REGIONS[1])),
            "known_at": known_at,
        }
        assert await cohort_sizes(session, **cohorts) == await history_cohort_sizes(session, **cohorts), cohorts


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS, seed=st.integers(0, 2**16))
async def test_flows_known_at_a_moment_are_those_the_definition_gives(
    session: AsyncSession, steps: list[str], seed: int
) -> None:
    savepoint = await session.begin_nested()
    try:
        world = World(session, random.Random(seed))
        await world.now()
        await world.build()
        await make_checkpoint(session, now=await world.now(), upto=world.moments[0])
        await world.now()
        for kind in steps:
            await world.step(kind)
            await world.now()
        await _assert_same(world)
    finally:
        await savepoint.rollback()
