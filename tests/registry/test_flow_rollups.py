"""The flow and pivot-rate rollups agree with the direct aggregates, whatever the writes.

A random small ecosystem (:mod:`tests.flow_rollups_support`) is written, then changed step by step with multi-row
and single-row statements: pivot events retracted, redated, moved and deleted; applications decided, redated,
retyped, moved and deleted; licences redated, retyped, moved, deleted and restored; more sanctions; companies moved
between regions and legal forms, their primary activities changed, their status and registration date changed,
declarations filed and deleted; companies deleted with their dependants. After every step, for every flow over
many ranges, breakdowns and regions, the rows ``count_series`` reads from the rollups equal the rows it counts from
the flow's own table (and so do the protected series), the pivot-rate base equals the query it replaced, and the
stored facts and spans equal ones rebuilt from scratch. At the end, refreshing every company changes nothing and
the migration's own fill (0005 downgraded and upgraded again) builds the same rollups.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

import pytest
from alembic import command
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from api.database import alembic_config
from licensing.metrics import series_source
from registry.errors import InvalidInput
from registry.events.service import record_event, verify_event_chain
from registry.statistics.dictionary import SeriesMetric
from registry.statistics.flows import pivot_risk_base
from registry.statistics.rates import known_pivot_risk_base
from registry.statistics.schemas import SeriesPoint
from registry.statistics.series import GroupBy, Interval, SeriesSource, _count_rows, count_series, period_starts
from registry.statistics.states import KNOWN_NOW
from tests.flow_rollups_support import (
    REGIONS,
    SANCTIONS,
    append_events,
    as_json,
    build_ecosystem,
    declaration,
    insert_rows,
    moment,
    new_id,
    pivot_event,
    random_day,
)

PIVOT_FLOWS: tuple[SeriesMetric, ...] = ("born_ai_native", "pivots_to_ai", "pivots_away")
LICENCE_FLOWS: tuple[SeriesMetric, ...] = (
    "applications_submitted",
    "decisions_approved",
    "decisions_rejected",
    "licences_issued",
    "licences_suspended",
    "licences_revoked",
)
GROUPS: tuple[GroupBy | None, ...] = (None, "region", "legal_form", "activity", "activity_division", "licence_type")
INTERVALS: tuple[Interval, ...] = ("month", "quarter", "year")
MONTH_STARTS = [date(year, month, 1) for year in range(2018, 2029) for month in range(1, 13)]
STORED_FACTS = (
    "SELECT metric, company_id, day, licence_type, region_kato, legal_form, section, division, events, first_month, "
    "first_quarter, first_year, first_month_of_type, first_quarter_of_type, first_year_of_type FROM flow_facts"
)
REBUILT_FACTS = (
    "SELECT * FROM flow_facts_of(ARRAY(SELECT id FROM companies), "
    "ARRAY['pivot_events', 'applications', 'licences', 'companies']::varchar[])"
)
STORED_SPANS = "SELECT company_id, region_kato, from_month, to_month FROM pivot_risk_spans"
REBUILT_SPANS = "SELECT * FROM pivot_risk_spans_of(ARRAY(SELECT id FROM companies))"
TIME_ZONES = ("UTC", "Pacific/Kiritimati", "America/Los_Angeles")
"""The sessions' time zones (the flows count UTC days whatever the session's zone)."""


class Query(NamedTuple):
    """One question to both paths of ``count_series``."""

    metric: SeriesMetric
    interval: Interval
    start: date
    end: date
    group_by: GroupBy | None
    region: str | None

    def __str__(self) -> str:
        return f"{self.metric} by {self.interval} {self.start}..{self.end}, group_by={self.group_by}, in {self.region}"


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _period_end(interval: Interval, day: date) -> date:
    start = period_starts(interval, day, day)[0]
    return _add_months(start, {"month": 1, "quarter": 3, "year": 12}[interval]) - timedelta(days=1)


def _random_range(rng: random.Random) -> tuple[Interval, date, date]:
    """A range that starts on any day, a month's first, a period's first, mid-quarter or mid-year, of any length."""
    interval = rng.choice(INTERVALS)
    day = random_day(rng, date(2018, 10, 1), 8 * 365 + 150)
    start = rng.choice(
        (
            day,
            day.replace(day=1),
            period_starts(interval, day, day)[0],
            _add_months(period_starts("quarter", day, day)[0], 1),
            date(day.year, 7, 1),
        )
    )
    end = rng.choice(
        (
            start + timedelta(days=rng.choice((0, 2, 27, 45, 92, 200, 400, 800, 1500))),
            _period_end(interval, start),
            _period_end(interval, start) - timedelta(days=rng.randrange(1, 20)),
            _period_end("year", start + timedelta(days=400)),
        )
    )
    return interval, start, max(start, end)


def _queries(rng: random.Random, busy: dict[str, list[date]]) -> list[Query]:
    """For every flow: the whole decade by month and by quarter, one random range per breakdown, and ranges that
    end on or just after a day with rows of the flow (``busy``), where a last month cut short is likely to count."""
    queries = []
    for metric in PIVOT_FLOWS + LICENCE_FLOWS:
        groups = GROUPS if metric in LICENCE_FLOWS else GROUPS[:-1]
        queries.append(Query(metric, "month", date(2018, 1, 1), date(2027, 12, 31), None, None))
        queries.append(Query(metric, "quarter", date(2018, 2, 15), date(2027, 11, 20), rng.choice(groups), None))
        for group_by in GROUPS:
            queries.append(Query(metric, *_random_range(rng), group_by, rng.choice((None, *REGIONS[:2]))))
        for day in rng.sample(busy.get(metric, []), k=min(3, len(busy.get(metric, [])))):
            interval = rng.choice(INTERVALS)
            end = day + timedelta(days=rng.choice((0, 0, 1, 6)))
            start = rng.choice((period_starts(interval, end, end)[0], end - timedelta(days=rng.randrange(400))))
            group_by = groups[-1] if rng.random() < 0.5 else rng.choice(groups)
            queries.append(Query(metric, interval, start, end, group_by, rng.choice((None, REGIONS[0]))))
    return queries


def _as_counted(rows: Sequence[Any]) -> Counter[tuple[date, str | None, bool, int, int]]:
    """``_count_rows``'s rows as a multiset of ``(period, group, is_total, value, contributors)``, zeros left out."""
    return Counter(
        (
            row.period,
            getattr(row, "grp", None),
            bool(getattr(row, "is_total", True)),
            int(row.value),
            int(row.contributors),
        )
        for row in rows
        if row.value
    )


async def _assert_flow_agrees(session: AsyncSession, query: Query, step: str) -> None:
    source = series_source(query.metric)
    direct = source
    label = f"{step}: {query}"
    arguments = (query.interval, query.start, query.end, query.group_by, query.region)
    if query.group_by == "licence_type" and query.metric in PIVOT_FLOWS:
        refusals = []
        for each in (source, replace(source)):
            with pytest.raises(InvalidInput) as raised:
                await _series(session, each, query, None if each is source else KNOWN_NOW)
            refusals.append((raised.value.code, raised.value.errors))
        assert refusals[0] == refusals[1], label
        assert refusals[0][0] == "metrics.group_not_available", label
        return
    found = _as_counted(await _count_rows(session, source, *arguments, None))
    expected = _as_counted(await _count_rows(session, direct, *arguments, KNOWN_NOW))
    assert found == expected, (
        f"{label}: only from the rollups {sorted((found - expected).elements(), key=str)}, "
        f"only from the rows {sorted((expected - found).elements(), key=str)}"
    )
    from_rollups = await _series(session, source, query, None)
    assert from_rollups == await _series(session, direct, query, KNOWN_NOW), label


async def _series(
    session: AsyncSession, source: SeriesSource, query: Query, known_at: datetime | None
) -> list[SeriesPoint]:
    return await count_series(
        session,
        source=source,
        interval=query.interval,
        start=query.start,
        end=query.end,
        group_by=query.group_by,
        region=query.region,
        known_at=known_at,
    )


async def _mismatches(session: AsyncSession, stored: str, rebuilt: str) -> list[tuple[Any, ...]]:
    """Rows of ``stored`` not in ``rebuilt`` and the other way round (as multisets), marked with their side."""
    rows = await session.execute(
        text(
            f"(SELECT 'stored', * FROM ({stored} EXCEPT ALL {rebuilt}) s LIMIT 8) "  # noqa: S608 - constants
            f"UNION ALL (SELECT 'rebuilt', * FROM ({rebuilt} EXCEPT ALL {stored}) r LIMIT 8)"
        )
    )
    return [tuple(row) for row in rows]


async def _assert_agree(session: AsyncSession, rng: random.Random, step: str) -> None:
    facts = await _mismatches(session, STORED_FACTS, REBUILT_FACTS)
    assert facts == [], f"{step}: the stored flow facts differ from facts rebuilt from scratch: {facts}"
    spans = await _mismatches(session, STORED_SPANS, REBUILT_SPANS)
    assert spans == [], f"{step}: the stored pivot risk spans differ from spans rebuilt from scratch: {spans}"
    broken = (
        await session.execute(
            text(
                "SELECT * FROM flow_monthly_counts WHERE least(events, first_month, first_quarter, first_year) < 0 "
                "OR greatest(first_month, first_quarter, first_year) > events LIMIT 8"
            )
        )
    ).all()
    assert broken == [], f"{step}: monthly counts below zero or with more first marks than rows: {broken}"

    for region in (None, *REGIONS):
        base = await pivot_risk_base(session, MONTH_STARTS, region)
        oracle = await known_pivot_risk_base(session, MONTH_STARTS, region, KNOWN_NOW)
        differing = {day: (base[day], oracle[day]) for day in MONTH_STARTS if base[day] != oracle[day]}
        assert differing == {}, f"{step}: pivot risk base in {region}, month: (rollups, direct query) {differing}"

    busy: dict[str, list[date]] = {}
    for metric, day in await session.execute(text("SELECT metric, day FROM flow_source_rows ORDER BY metric, day")):
        busy.setdefault(metric, []).append(day)
    for query in _queries(rng, busy):
        await _assert_flow_agrees(session, query, step)


async def _ids(session: AsyncSession, query: str, **parameters: Any) -> list[str]:
    """The ids (first column) ``query`` returns, in its order; ``query`` orders them so a seed picks the same."""
    return [str(row[0]) for row in await session.execute(text(query), parameters)]


def _some(rng: random.Random, ids: Sequence[str], count: int) -> list[str]:
    return rng.sample(list(ids), k=min(count, len(ids)))


async def _run(session: AsyncSession, statement: str, **parameters: Any) -> None:
    await session.execute(text(statement), parameters)


async def _write(session: AsyncSession, rng: random.Random, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ecosystem: half of each table in one statement, the rest a row per statement.

    The suite's database may hold companies, applications and licences committed by other tests, and the steps pick
    rows from whole tables, so the registers are emptied first (inside the test's transaction, rolled back after).
    """
    for statement in (
        "UPDATE licence_applications SET renewal_of = NULL WHERE renewal_of IS NOT NULL",
        "DELETE FROM licences",
        "DELETE FROM licence_applications",
        "DELETE FROM companies",
    ):
        await _run(session, statement)
    codes = await _ids(session, "SELECT code FROM activities ORDER BY code")
    ecosystem = build_ecosystem(rng, rng.sample(codes, k=12))
    await insert_rows(session, "companies", ecosystem.companies)
    await insert_rows(session, "activities", ecosystem.activities)
    for table, rows in (
        ("declarations", ecosystem.declarations),
        ("pivot_events", ecosystem.pivot_events),
        ("applications", ecosystem.applications),
        ("licences", ecosystem.licences),
    ):
        await insert_rows(session, table, rows[: len(rows) // 2])
        for row in rows[len(rows) // 2 :]:
            await insert_rows(session, table, [row])
    await append_events(session, ecosystem.sanctions[:-4])
    for kind, resource_type, resource_id, occurred_at in ecosystem.sanctions[-4:]:
        await _record(session, monkeypatch, kind, resource_type, resource_id, occurred_at)


async def _record(
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    resource_type: str,
    resource_id: str,
    at: datetime,
) -> None:
    """One event through the event log's own service, at ``at``."""
    monkeypatch.setattr("registry.events.service.utc_now", lambda: at)
    await record_event(
        session, actor_id=None, kind=kind, resource_type=resource_type, resource_id=resource_id, data={}, public=True
    )


async def _change_pivot_events(session: AsyncSession, rng: random.Random) -> None:
    # First, as a later one would heal what an earlier statement's trigger missed: all rows, nothing counted changes.
    await _run(session, "UPDATE pivot_events SET detected_at = detected_at + interval '1 day'")
    live = await _ids(session, "SELECT id FROM pivot_events WHERE series = 'live' AND retracted_at IS NULL ORDER BY id")
    picked = _some(rng, live, 10)
    retracted = await _ids(session, "SELECT id FROM pivot_events WHERE retracted_at IS NOT NULL ORDER BY id")
    other = await _ids(session, "SELECT id FROM pivot_events WHERE series <> 'live' ORDER BY id")
    companies = await _ids(session, "SELECT id FROM companies ORDER BY id")
    await _run(
        session, "UPDATE pivot_events SET retracted_at = now() WHERE id = ANY(CAST(:ids AS uuid[]))", ids=picked[:3]
    )
    await _run(
        session, "UPDATE pivot_events SET retracted_at = NULL WHERE id = ANY(CAST(:ids AS uuid[]))", ids=retracted[:1]
    )
    await _run(session, "UPDATE pivot_events SET series = 'rubric_v2' WHERE id = :id", id=picked[3])
    await _run(session, "UPDATE pivot_events SET series = 'live' WHERE id = ANY(CAST(:ids AS uuid[]))", ids=other[:2])
    for event, days in zip(picked[4:6], (1, rng.choice((-40, 31, 366))), strict=True):
        await _run(
            session,
            "UPDATE pivot_events SET to_period_end = to_period_end + CAST(:days AS integer) WHERE id = :id",
            days=days,
            id=event,
        )
    await _run(
        session,
        "UPDATE pivot_events SET kind = CASE kind WHEN 'pivot_to_ai' THEN 'pivot_away' ELSE 'pivot_to_ai' END "
        "WHERE id = :id",
        id=picked[6],
    )
    await _run(
        session,
        "UPDATE pivot_events SET company_id = :company WHERE id = :id",
        company=rng.choice(companies),
        id=picked[7],
    )
    await _run(session, "DELETE FROM pivot_events WHERE id = ANY(CAST(:ids AS uuid[]))", ids=picked[8:10])
    await _run(session, "DELETE FROM pivot_events WHERE id = :id", id=rng.choice(retracted + other))
    # More events of a company on days it already has one (a fact of two rows), in one statement.
    had = (await session.execute(text("SELECT company_id, to_period_end FROM pivot_events ORDER BY id"))).all()
    doubled = [pivot_event(rng, str(company), day) for company, day in rng.sample(had, k=4)]
    await insert_rows(session, "pivot_events", [{**row, "series": "live", "retracted": None} for row in doubled])


async def _change_applications(session: AsyncSession, rng: random.Random) -> None:
    waiting = await _ids(
        session, "SELECT id FROM licence_applications WHERE state IN ('submitted', 'in_review') ORDER BY id"
    )
    decided = await _ids(session, "SELECT id FROM licence_applications WHERE decided_at IS NOT NULL ORDER BY id")
    drafts = await _ids(session, "SELECT id FROM licence_applications WHERE state = 'draft' ORDER BY id")
    # Retyped or moved, an open application could give its company two open ones of a type (the database refuses
    # that), so those picks are of closed ones.
    submitted = await _ids(
        session,
        "SELECT id FROM licence_applications WHERE first_submitted_at IS NOT NULL "
        "AND state NOT IN ('draft', 'submitted', 'in_review', 'sent_back') ORDER BY id",
    )
    unlicensed = await _ids(
        session,
        "SELECT id FROM licence_applications a WHERE NOT EXISTS (SELECT FROM licences l WHERE l.application_id = a.id) "
        "AND state NOT IN ('draft', 'submitted', 'in_review', 'sent_back') ORDER BY id",
    )
    declared = await _ids(session, "SELECT DISTINCT company_id FROM declarations ORDER BY company_id")
    decisions = [
        {"id": id_, "state": rng.choice(("approved", "rejected")), "decided": moment(rng, random_day(rng))}
        for id_ in _some(rng, waiting, 4)
    ]
    await _run(
        session,
        "UPDATE licence_applications a SET state = r.state, decided_at = r.decided "
        "FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(id uuid, state text, decided timestamptz) "
        "WHERE a.id = r.id",
        rows=as_json(decisions),
    )
    redecided = _some(rng, decided, 4)
    await _run(
        session,
        "UPDATE licence_applications SET state = CASE state WHEN 'approved' THEN 'rejected' ELSE 'approved' END "
        "WHERE id = :id",
        id=redecided[0],
    )
    await _run(
        session,
        "UPDATE licence_applications SET decided_at = decided_at + interval '1 minute' "
        "WHERE id = ANY(CAST(:ids AS uuid[]))",
        ids=redecided[1:3],
    )
    await _run(
        session,
        "UPDATE licence_applications SET decided_at = decided_at - interval '35 days' WHERE id = :id",
        id=redecided[3],
    )
    for draft in _some(rng, drafts, 2):
        at = moment(rng, random_day(rng))
        await _run(
            session,
            "UPDATE licence_applications SET state = 'submitted', submitted_at = :at, first_submitted_at = :at "
            "WHERE id = :id",
            at=at,
            id=draft,
        )
    back, retyped = _some(rng, submitted, 2)
    await _run(session, "UPDATE licence_applications SET first_submitted_at = NULL WHERE id = :id", id=back)
    await _run(
        session,
        "UPDATE licence_applications SET licence_type = CASE licence_type WHEN 'ai_native' THEN 'standard_digital' "
        "ELSE 'ai_native' END WHERE id = :id",
        id=retyped,
    )
    gone = _some(rng, unlicensed, 4)
    target = rng.choice(declared)
    await _run(
        session,
        "UPDATE licence_applications SET company_id = :company, declaration_id = "
        "(SELECT min(id::text)::uuid FROM declarations WHERE company_id = :company) WHERE id = :id",
        company=target,
        id=gone[0],
    )
    await _run(session, "DELETE FROM licence_applications WHERE id = ANY(CAST(:ids AS uuid[]))", ids=gone[1:3])
    await _run(session, "DELETE FROM licence_applications WHERE id = :id", id=gone[3])
    await _run(session, "UPDATE licence_applications SET founder_note = 'noted'")  # counts nothing new


async def _change_licences(session: AsyncSession, rng: random.Random) -> None:
    licences = await _ids(session, "SELECT id FROM licences ORDER BY id")
    sanctioned = await _ids(
        session,
        "SELECT DISTINCT resource_id FROM events WHERE resource_type = 'licence' "
        "AND kind = ANY(CAST(:kinds AS text[])) AND resource_id IN (SELECT id::text FROM licences) "
        "ORDER BY resource_id",
        kinds=list(SANCTIONS),
    )
    companies = await _ids(session, "SELECT id FROM companies ORDER BY id")
    picked = _some(rng, licences, 6)
    await _run(
        session,
        "UPDATE licences SET created_at = created_at + interval '1 minute' WHERE id = ANY(CAST(:ids AS uuid[]))",
        ids=picked[:3],
    )
    await _run(session, "UPDATE licences SET created_at = created_at - interval '40 days' WHERE id = :id", id=picked[3])
    await _run(
        session,
        "UPDATE licences SET licence_type = CASE licence_type WHEN 'ai_native' THEN 'standard_digital' "
        "ELSE 'ai_native' END WHERE id = :id",
        id=picked[4],
    )
    await _run(
        session, "UPDATE licences SET company_id = :company WHERE id = :id", company=rng.choice(companies), id=picked[5]
    )
    await _run(
        session,
        "UPDATE licences SET status = 'suspended', status_text = 'noted' WHERE id = ANY(CAST(:ids AS uuid[]))",
        ids=picked,
    )
    gone = _some(rng, sanctioned, 3)
    restored = (
        (
            await session.execute(
                text(
                    "SELECT id, serial, licence_type AS type, company_id AS company, application_id AS application, "
                    "valid_from, created_at AS created FROM licences WHERE id = :id"
                ),
                {"id": gone[0]},
            )
        )
        .mappings()
        .one()
    )
    await _run(session, "DELETE FROM licences WHERE id = ANY(CAST(:ids AS uuid[]))", ids=gone[:2])
    await _run(session, "DELETE FROM licences WHERE id = :id", id=gone[2])
    await insert_rows(session, "licences", [dict(restored)])  # its sanctions count again


async def _add_sanctions(session: AsyncSession, rng: random.Random, monkeypatch: pytest.MonkeyPatch) -> None:
    """More sanctions: on days and in months that already have one, on new days, of deleted and unknown licences."""
    earlier = (
        await session.execute(
            text("SELECT resource_id, occurred_at FROM events WHERE resource_type = 'licence' ORDER BY seq")
        )
    ).all()
    licences = await _ids(session, "SELECT id FROM licences ORDER BY id")
    batch: list[tuple[str, str, str, datetime]] = []
    for resource_id, occurred_at in rng.sample(earlier, k=min(8, len(earlier))):
        day = occurred_at.astimezone(UTC).date() + timedelta(days=rng.choice((0, 0, 2, 20)))
        batch.append((rng.choice(SANCTIONS), "licence", resource_id, moment(rng, day)))
    for licence in _some(rng, licences, 4):
        batch.append((rng.choice(SANCTIONS), "licence", licence, moment(rng, random_day(rng))))
    batch.append(("licence.revoked", "licence", new_id(rng), moment(rng, random_day(rng))))  # no such licence
    await append_events(session, batch)
    for kind, resource_type, resource_id, at in batch[:3]:
        await _record(session, monkeypatch, kind, resource_type, resource_id, at + timedelta(seconds=1))


async def _move_companies(session: AsyncSession, rng: random.Random, codes: Sequence[str]) -> None:
    """Regions, legal forms and primary activities change, one company and several at a time."""
    companies = await _ids(session, "SELECT id FROM companies ORDER BY id")
    picked = _some(rng, companies, 9)
    await _run(
        session,
        "UPDATE companies SET region_kato = :region WHERE id = ANY(CAST(:ids AS uuid[]))",
        region=REGIONS[0],
        ids=picked[:4],
    )
    await _run(session, "UPDATE companies SET region_kato = :region WHERE id = :id", region=REGIONS[1], id=picked[4])
    await _run(
        session,
        "UPDATE companies SET legal_form = CASE legal_form WHEN 'llp' THEN 'jsc' ELSE 'llp' END "
        "WHERE id = ANY(CAST(:ids AS uuid[]))",
        ids=picked[3:7],
    )
    await _run(
        session,
        "UPDATE companies SET region_kato = :region, legal_form = 'jsc' WHERE id = :id",
        region=REGIONS[2],
        id=picked[7],
    )
    await _run(session, "UPDATE companies SET headcount = 7")  # counts nothing new
    with_primary = await _ids(session, "SELECT company_id FROM company_activities WHERE is_primary ORDER BY company_id")
    without = await _ids(
        session,
        "SELECT id FROM companies c WHERE NOT EXISTS "
        "(SELECT FROM company_activities a WHERE a.company_id = c.id AND a.is_primary) ORDER BY id",
    )
    recoded, dropped, demoted = _some(rng, with_primary, 3)
    await _run(
        session,
        "UPDATE company_activities SET oked_code = :code WHERE company_id = :company AND is_primary "
        "AND NOT EXISTS (SELECT FROM company_activities WHERE company_id = :company AND oked_code = :code)",
        code=rng.choice(codes),
        company=recoded,
    )
    await _run(session, "DELETE FROM company_activities WHERE company_id = :company AND is_primary", company=dropped)
    await _run(session, "UPDATE company_activities SET is_primary = false WHERE company_id = :company", company=demoted)
    promoted = _some(rng, without, 4)
    await _run(
        session,
        "UPDATE company_activities SET is_primary = true WHERE company_id = :company AND oked_code = "
        "(SELECT min(oked_code) FROM company_activities WHERE company_id = :company AND NOT is_primary)",
        company=promoted[0],
    )
    # New primary activities, or a secondary one made primary where the company already has that code.
    await _run(
        session,
        "INSERT INTO company_activities (company_id, oked_code, is_primary) SELECT company, code, true "
        "FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(company uuid, code text) "
        "ON CONFLICT (company_id, oked_code) DO UPDATE SET is_primary = true",
        rows=as_json([{"company": company, "code": rng.choice(codes)} for company in promoted[1:]]),
    )
    await _run(
        session,
        "DELETE FROM company_activities WHERE company_id = ANY(CAST(:ids AS uuid[]))",
        ids=_some(rng, with_primary, 2),
    )


async def _change_risk_base(session: AsyncSession, rng: random.Random) -> list[str]:
    """Status, registration dates and declarations change; returns the companies made inactive."""
    companies = await _ids(session, "SELECT id FROM companies ORDER BY id")
    picked = _some(rng, companies, 9)
    await _run(
        session, "UPDATE companies SET status = 'suspended' WHERE id = ANY(CAST(:ids AS uuid[]))", ids=picked[:2]
    )
    await _run(session, "UPDATE companies SET status = 'liquidated' WHERE id = :id", id=picked[2])
    await _run(session, "UPDATE companies SET registration_date = registration_date + 400 WHERE id = :id", id=picked[3])
    await _run(session, "UPDATE companies SET registration_date = registration_date - 300 WHERE id = :id", id=picked[4])
    await _run(
        session,
        "UPDATE companies SET registration_date = date_trunc('month', registration_date)::date + 14 "
        "WHERE id = ANY(CAST(:ids AS uuid[]))",
        ids=picked[5:8],
    )
    filed = datetime(2027, 1, 1, tzinfo=UTC)
    filings = []
    for index, company in enumerate(_some(rng, companies, 6)):
        year = rng.randrange(2019, 2027)
        filings.append(declaration(rng, company, year, rng.choice((None, 2, 4)), filed + timedelta(minutes=index)))
    await insert_rows(session, "declarations", filings[:-1])
    await insert_rows(session, "declarations", filings[-1:])
    unused = await _ids(
        session,
        "SELECT id FROM declarations d WHERE NOT EXISTS "
        "(SELECT FROM licence_applications a WHERE a.declaration_id = d.id) ORDER BY id",
    )
    gone = _some(rng, unused, 4)
    await _run(session, "DELETE FROM declarations WHERE id = ANY(CAST(:ids AS uuid[]))", ids=gone[:3])
    await _run(session, "DELETE FROM declarations WHERE id = :id", id=gone[3])
    return picked[:3]


async def _delete_companies(session: AsyncSession, rng: random.Random) -> None:
    """Companies with licences, sanctions and pivot events go, with all that refers to them (not their events)."""
    busy = await _ids(
        session,
        "SELECT company_id FROM licences GROUP BY company_id "
        "HAVING company_id IN (SELECT company_id FROM pivot_events) ORDER BY company_id",
    )
    companies = await _ids(session, "SELECT id FROM companies ORDER BY id")
    doomed = _some(rng, busy, 2) + _some(rng, companies, 1)
    doomed = list(dict.fromkeys(doomed))
    await _run(
        session,
        "DELETE FROM licences WHERE company_id = ANY(CAST(:ids AS uuid[])) OR application_id IN "
        "(SELECT id FROM licence_applications WHERE company_id = ANY(CAST(:ids AS uuid[])))",
        ids=doomed,
    )
    await _run(session, "DELETE FROM licence_applications WHERE company_id = ANY(CAST(:ids AS uuid[]))", ids=doomed)
    await _run(session, "DELETE FROM companies WHERE id = ANY(CAST(:ids AS uuid[]))", ids=doomed[:-1])
    await _run(session, "DELETE FROM companies WHERE id = :id", id=doomed[-1])


async def _rollup_tables(session: AsyncSession) -> dict[str, Counter[tuple[Any, ...]]]:
    """Every rollup table as a multiset of rows (without identity columns)."""
    queries = {
        "flow_facts": STORED_FACTS,
        "flow_monthly_counts": "SELECT * FROM flow_monthly_counts",
        "pivot_risk_spans": STORED_SPANS,
        "pivot_risk_monthly_deltas": "SELECT * FROM pivot_risk_monthly_deltas",
    }
    return {
        table: Counter(tuple(row) for row in await session.execute(text(query))) for table, query in queries.items()
    }


def _without_zeros(tables: dict[str, Counter[tuple[Any, ...]]]) -> dict[str, Counter[tuple[Any, ...]]]:
    """The tables without the all-zero counts that moved counts leave behind (a fill never writes them)."""
    counts = {"flow_monthly_counts": 4, "pivot_risk_monthly_deltas": 1}
    return {
        table: Counter({row: n for row, n in rows.items() if any(row[-counts.get(table, len(row)) :])})
        for table, rows in tables.items()
    }


def _difference(kept: Counter[tuple[Any, ...]], found: Counter[tuple[Any, ...]]) -> str:
    return f"gone {sorted((kept - found).elements(), key=str)}, new {sorted((found - kept).elements(), key=str)}"


async def _assert_refresh_and_fill_agree(session: AsyncSession, connection: AsyncConnection) -> None:
    kept = await _rollup_tables(session)
    assert kept["flow_facts"], "the ecosystem has flows"
    # Every company a statement at a time, then with more ids than the bulk threshold (a table lock instead of one
    # advisory lock per company): from unchanged data, neither may move a count.
    for ids in ("array_agg(id)", "array_agg(id) || ARRAY(SELECT gen_random_uuid() FROM generate_series(1, 300))"):
        await _run(
            session,
            f"SELECT flow_refresh({ids}, ARRAY['pivot_events', 'applications', 'licences', 'companies']::varchar[]), "  # noqa: S608
            f"pivot_risk_refresh({ids}) FROM companies",
        )
        refreshed = await _rollup_tables(session)
        for table, rows in kept.items():
            assert refreshed[table] == rows, (
                f"refreshing every company ({ids}) changed {table}: {_difference(rows, refreshed[table])}"
            )

    def downgrade_and_upgrade(sync_connection: Connection) -> None:
        config = alembic_config(sync_connection)
        command.downgrade(config, "0007")  # below the rollups' fill from the history (0007 holds the history)
        command.upgrade(config, "head")

    await connection.run_sync(downgrade_and_upgrade)
    filled = _without_zeros(await _rollup_tables(session))
    for table, rows in _without_zeros(kept).items():
        assert filled[table] == rows, f"the migration's fill differs in {table}: {_difference(rows, filled[table])}"


@pytest.mark.parametrize("seed", range(len(TIME_ZONES)))
async def test_flow_and_pivot_risk_rollups_agree_with_the_direct_aggregates(
    session: AsyncSession, connection: AsyncConnection, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    await _run(session, f"SET LOCAL TIME ZONE '{TIME_ZONES[seed]}'")
    await _write(session, rng, monkeypatch)
    await _assert_agree(session, rng, "written")

    await _change_pivot_events(session, rng)
    await _assert_agree(session, rng, "pivot events changed")
    await _change_applications(session, rng)
    await _assert_agree(session, rng, "applications changed")
    await _change_licences(session, rng)
    await _assert_agree(session, rng, "licences changed")
    await _add_sanctions(session, rng, monkeypatch)
    await _assert_agree(session, rng, "sanctions added")

    codes = await _ids(session, "SELECT code FROM activities ORDER BY code")
    await _move_companies(session, rng, rng.sample(codes, k=12))
    await _assert_agree(session, rng, "companies moved")
    inactive = await _change_risk_base(session, rng)
    await _assert_agree(session, rng, "status, registration and declarations changed")
    await _run(session, "UPDATE companies SET status = 'active' WHERE id = ANY(CAST(:ids AS uuid[]))", ids=inactive[1:])
    await _assert_agree(session, rng, "reinstated")
    await _delete_companies(session, rng)
    await _assert_agree(session, rng, "companies deleted")

    report = await verify_event_chain(session)
    assert report.intact, f"the sanctions broke the event chain: {report.first_break}"
    await _assert_refresh_and_fill_agree(session, connection)
