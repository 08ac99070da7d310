"""A random small ecosystem for the flow rollup tests, written with plain SQL, and the old at-risk query as oracle.

Every row gets an id from the test's seeded ``random.Random``, so a seed writes (and later picks) the same rows on
every run. Companies carry declarations (so applications have one of their own to name), pivot events of several
series, applications in every state with UTC moments near midnight, licences, and sanction events appended to the
hash chain as :func:`registry.events.service.record_event` appends them.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ARRAY, Date, Integer, bindparam, cast, extract, func, select, text, true
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.models import OPEN_APPLICATION_STATES
from registry.companies.models import Company
from registry.declarations.models import Declaration
from registry.events.chain import EventContent, event_hash
from registry.events.models import EventChainHead

REGIONS = ("100000000", "110000000", "150000000")
LEGAL_FORMS = ("llp", "jsc")
CLASSES = ("ai_native", "ai_enabled", "non_ai")
LICENCE_TYPES = ("ai_native", "standard_digital")
STATES = ("draft", "submitted", "in_review", "approved", "rejected", "sent_back", "withdrawn")
SANCTIONS = ("licence.suspended", "licence.revoked")
FIRST_DAY = date(2019, 1, 1)
DAYS = 8 * 365
"""Rows happen from :data:`FIRST_DAY` over this many days (2019 to 2026)."""
SECONDS_INTO_DAY = (0, 1, 60, 36_000, 86_340, 86_399)
"""Moments are at these seconds of a UTC day: most of them a minute or less from midnight."""

_INSERT_COMPANIES = text(
    """
    INSERT INTO companies (id, bin, name_kk, name_ru, legal_form, region_kato, registration_date, status, search_key)
    SELECT id, bin, 'Flow', 'Flow', form, region, registered, 'active', 'flow'
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(id uuid, bin text, form text, region text, registered date)
    """
)
_INSERT_ACTIVITIES = text(
    """
    INSERT INTO company_activities (company_id, oked_code, is_primary)
    SELECT company, code, is_primary FROM jsonb_to_recordset(CAST(:rows AS jsonb))
        AS r(company uuid, code text, is_primary boolean)
    """
)
_INSERT_DECLARATIONS = text(
    """
    INSERT INTO declarations (id, company_id, fiscal_year, quarter, revenue_total, revenue_ai, fte_total, fte_ai,
        opex_total, opex_ai, owns_data_library, filed_at, rubric_version, ai_class, evaluation)
    SELECT id, company, year, quarter, 100, 0, 10, 0, 100, 0, false, filed, 1, class, '{}'
    FROM jsonb_to_recordset(CAST(:rows AS jsonb))
        AS r(id uuid, company uuid, year int, quarter int, filed timestamptz, class text)
    """
)
_INSERT_PIVOT_EVENTS = text(
    """
    INSERT INTO pivot_events (id, company_id, series, kind, to_class, to_period, to_period_end,
        months_since_registration, detected_at, retracted_at)
    SELECT id, company, series, kind, 'ai_native', to_char(day, 'YYYY-MM'), day, 0, '2026-01-01T00:00:00Z', retracted
    FROM jsonb_to_recordset(CAST(:rows AS jsonb))
        AS r(id uuid, company uuid, series text, kind text, day date, retracted timestamptz)
    """
)
_INSERT_APPLICATIONS = text(
    """
    INSERT INTO licence_applications (id, company_id, licence_type, declaration_id, state, submitted_at,
        first_submitted_at, decided_at)
    SELECT id, company, type, declaration, state, submitted, submitted, decided
    FROM jsonb_to_recordset(CAST(:rows AS jsonb))
        AS r(id uuid, company uuid, type text, declaration uuid, state text, submitted timestamptz,
             decided timestamptz)
    """
)
_INSERT_LICENCES = text(
    """
    INSERT INTO licences (id, number, licence_type, year, serial, company_id, application_id, valid_from,
        valid_until, created_at, updated_at)
    SELECT id, 'FLOW-' || serial, type, 2099, serial, company, application, valid_from, valid_from + 5, created,
        created
    FROM jsonb_to_recordset(CAST(:rows AS jsonb))
        AS r(id uuid, serial int, type text, company uuid, application uuid, valid_from date, created timestamptz)
    """
)
_INSERT_EVENTS = text(
    """
    INSERT INTO events (seq, occurred_at, kind, resource_type, resource_id, is_public, data, confidential,
        prev_hash, hash)
    SELECT seq, occurred_at, kind, resource_type, resource_id, true, '{}', '{}', prev_hash, hash
    FROM jsonb_to_recordset(CAST(:rows AS jsonb))
        AS r(seq bigint, occurred_at timestamptz, kind text, resource_type text, resource_id text, prev_hash text,
             hash text)
    """
)


def new_id(rng: random.Random) -> str:
    """A version-4 UUID drawn from ``rng`` (the same on every run of a seed)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def random_day(rng: random.Random, start: date = FIRST_DAY, days: int = DAYS) -> date:
    """A day of ``start`` and the ``days - 1`` days after it."""
    return start + timedelta(days=rng.randrange(days))


def moment(rng: random.Random, day: date) -> datetime:
    """A UTC moment of ``day``, usually a minute or less from one of its midnights."""
    return datetime.combine(day, time(), tzinfo=UTC) + timedelta(seconds=rng.choice(SECONDS_INTO_DAY))


def as_json(rows: Sequence[dict[str, Any]]) -> str:
    """Rows for ``jsonb_to_recordset`` (dates and datetimes in ISO 8601, UUIDs as text)."""
    return json.dumps(
        list(rows), default=lambda value: value.isoformat() if hasattr(value, "isoformat") else str(value)
    )


@dataclass
class Ecosystem:
    """The rows written for one seed, before the steps change them."""

    companies: list[dict[str, Any]] = field(default_factory=list)
    activities: list[dict[str, Any]] = field(default_factory=list)
    declarations: list[dict[str, Any]] = field(default_factory=list)
    pivot_events: list[dict[str, Any]] = field(default_factory=list)
    applications: list[dict[str, Any]] = field(default_factory=list)
    licences: list[dict[str, Any]] = field(default_factory=list)
    sanctions: list[tuple[str, str, str, datetime]] = field(default_factory=list)
    """``(kind, resource type, resource id, occurred at)``, noise (other kinds and resource types) included."""


def build_ecosystem(rng: random.Random, activity_codes: Sequence[str], companies: int = 30) -> Ecosystem:
    """Random rows of every kind that a flow counts (see the module docstring)."""
    ecosystem = Ecosystem()
    bins = rng.sample(range(10**11, 10**12), k=companies)
    for index in range(companies):
        company: dict[str, Any] = {
            "id": new_id(rng),
            "bin": str(bins[index]),
            "form": rng.choice(LEGAL_FORMS),
            "region": rng.choice(REGIONS),
            "registered": random_day(rng, date(2018, 6, 1), 7 * 365),
        }
        ecosystem.companies.append(company)
        ecosystem.activities.extend(company_activities(rng, company["id"], activity_codes))
        filings = declarations(rng, company["id"], company["registered"]) if index % 7 else []
        ecosystem.declarations.extend(filings)
        ecosystem.pivot_events.extend(pivot_events(rng, company["id"], rng.randrange(6)))
        if filings:
            ecosystem.applications.extend(applications(rng, company["id"], filings[0]["id"], rng.randrange(7)))
    applied = [a for a in ecosystem.applications if a["state"] == "approved" or rng.random() < 0.2]
    ecosystem.licences = licences(rng, applied)
    for licence in ecosystem.licences:
        ecosystem.sanctions.extend(sanctions(rng, licence["id"], rng.randrange(5)))
    rng.shuffle(ecosystem.sanctions)
    return ecosystem


def company_activities(rng: random.Random, company: str, codes: Sequence[str]) -> list[dict[str, Any]]:
    """A primary activity for two companies in three, and another, secondary one now and then."""
    picked = rng.sample(list(codes), k=2)
    rows = []
    if rng.random() < 0.67:
        rows.append({"company": company, "code": picked[0], "is_primary": True})
    if rng.random() < 0.4:
        rows.append({"company": company, "code": picked[1], "is_primary": False})
    return rows


def declarations(rng: random.Random, company: str, registered: date) -> list[dict[str, Any]]:
    """Annual and quarterly filings from the registration year on, some superseded the same day or years later.

    No two filings for one period are at the same instant (the old query's pick among them would be arbitrary).
    """
    rows: dict[tuple[int, int | None, datetime], dict[str, Any]] = {}
    for _ in range(rng.randrange(1, 6)):
        year = rng.randrange(max(2018, registered.year), 2027)
        quarter = rng.choice((None, None, 1, 2, 3, 4))
        filed = moment(rng, random_day(rng, date(year, 3 * (quarter or 4), 1), 500))
        rows.setdefault((year, quarter, filed), declaration(rng, company, year, quarter, filed))
        if rng.random() < 0.4:  # superseded: the same period again, a second or a year later
            later = filed + (timedelta(seconds=1) if rng.random() < 0.5 else timedelta(days=365))
            rows.setdefault((year, quarter, later), declaration(rng, company, year, quarter, later))
    return list(rows.values())


def declaration(rng: random.Random, company: str, year: int, quarter: int | None, filed: datetime) -> dict[str, Any]:
    """One filing of a random class."""
    return {
        "id": new_id(rng),
        "company": company,
        "year": year,
        "quarter": quarter,
        "filed": filed,
        "class": rng.choice(CLASSES),
    }


def pivot_events(rng: random.Random, company: str, count: int) -> list[dict[str, Any]]:
    """Pivot events, mostly of the live series, some retracted, some on the same day or in the same month."""
    rows: list[dict[str, Any]] = []
    for _ in range(count):
        if rows and rng.random() < 0.3:
            day = rows[-1]["day"] + timedelta(days=rng.choice((0, 0, 1, 9)))
        else:
            day = random_day(rng)
        rows.append(pivot_event(rng, company, day))
    return rows


def pivot_event(rng: random.Random, company: str, day: date) -> dict[str, Any]:
    """One pivot event of a random kind and series on ``day``."""
    return {
        "id": new_id(rng),
        "company": company,
        "series": "live" if rng.random() < 0.8 else "rubric_v2",
        "kind": rng.choice(("born_ai_native", "pivot_to_ai", "pivot_away")),
        "day": day,
        "retracted": moment(rng, day + timedelta(days=30)) if rng.random() < 0.2 else None,
    }


def applications(rng: random.Random, company: str, declaration_id: str, count: int) -> list[dict[str, Any]]:
    """Applications of both types in every state; decided ones (and a few others) with a decision moment.

    A company's applications come in bursts (often days apart, of either type), so a period often has several
    of a company, of one type and of both.
    """
    rows: list[dict[str, Any]] = []
    open_types: set[str] = set()
    day = random_day(rng)
    for _ in range(count):
        day = day + timedelta(days=rng.choice((0, 0, 3, 12, 40))) if rng.random() < 0.7 else random_day(rng)
        licence_type = rng.choice(LICENCE_TYPES)
        state = rng.choice(STATES)
        if state in OPEN_APPLICATION_STATES and licence_type in open_types:
            state = rng.choice(("approved", "rejected", "withdrawn"))  # the database allows one open of a type
        if state in OPEN_APPLICATION_STATES:
            open_types.add(licence_type)
        submitted = None if state == "draft" and rng.random() < 0.7 else moment(rng, day)
        decided = None
        if state in ("approved", "rejected", "withdrawn") and (submitted is not None or rng.random() < 0.5):
            decided = (submitted or moment(rng, random_day(rng))) + timedelta(
                days=rng.choice((0, 0, 1, 20, 45, 200)), seconds=rng.choice((0, 30, 600))
            )
        if state == "approved" and rng.random() < 0.1:
            decided = None  # an approval without a moment is not counted
        rows.append(
            {
                "id": new_id(rng),
                "company": company,
                "type": licence_type,
                "declaration": declaration_id,
                "state": state,
                "submitted": submitted,
                "decided": decided,
            }
        )
    return rows


def licences(rng: random.Random, applied: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """A licence per application, validity periods apart so the one-at-a-time exclusion never bites."""
    serials = rng.sample(range(1, 99999), k=len(applied))
    return [
        {
            "id": new_id(rng),
            "serial": serial,
            "type": application["type"],
            "company": application["company"],
            "application": application["id"],
            "valid_from": date(2000, 1, 1) + timedelta(days=10 * serial),
            "created": moment(rng, issued_on(rng, application["decided"])),
        }
        for application, serial in zip(applied, serials, strict=True)
    ]


def issued_on(rng: random.Random, decided: datetime | None) -> date:
    """The day a licence is issued: on or soon after its decision, or any day."""
    if decided is None:
        return random_day(rng)
    return decided.date() + timedelta(days=rng.choice((0, 0, 1, 31)))


def sanctions(rng: random.Random, licence: str, count: int) -> list[tuple[str, str, str, datetime]]:
    """Suspensions and revocations of a licence, often on the same day or in the same month; and some noise."""
    rows: list[tuple[str, str, str, datetime]] = []
    for _ in range(count):
        if rows and rng.random() < 0.5:
            day = rows[-1][3].date() + timedelta(days=rng.choice((0, 0, 3, 17)))
        else:
            day = random_day(rng)
        rows.append((rng.choice(SANCTIONS), "licence", licence, moment(rng, day)))
    if rng.random() < 0.3:  # neither is a sanction of a licence
        rows.append(("licence.reinstated", "licence", licence, moment(rng, random_day(rng))))
        rows.append(("licence.revoked", "licence_application", licence, moment(rng, random_day(rng))))
    return rows


async def insert_rows(session: AsyncSession, statement: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` with one of this module's statements (``companies``, ``declarations``, ...)."""
    statements = {
        "companies": _INSERT_COMPANIES,
        "activities": _INSERT_ACTIVITIES,
        "declarations": _INSERT_DECLARATIONS,
        "pivot_events": _INSERT_PIVOT_EVENTS,
        "applications": _INSERT_APPLICATIONS,
        "licences": _INSERT_LICENCES,
    }
    if rows:
        await session.execute(statements[statement], {"rows": as_json(rows)})


async def append_events(session: AsyncSession, events: Sequence[tuple[str, str, str, datetime]]) -> None:
    """Append ``(kind, resource type, resource id, occurred at)`` events in one INSERT, chained like record_event.

    The chain head is read and moved through the ORM, as :func:`registry.events.service.record_event` does, so the
    two can be mixed in one session and the chain still verifies.
    """
    if not events:
        return
    head = (await session.execute(select(EventChainHead).where(EventChainHead.id == 1).with_for_update())).scalar_one()
    seq, prev_hash, rows = head.last_seq, head.last_hash, []
    for kind, resource_type, resource_id, occurred_at in events:
        seq += 1
        content = EventContent(
            seq=seq,
            occurred_at=occurred_at,
            actor_id=None,
            kind=kind,
            resource_type=resource_type,
            resource_id=resource_id,
            is_public=True,
            data={},
            confidential={},
            prev_hash=prev_hash,
        )
        digest = event_hash(content)
        rows.append(
            {
                "seq": seq,
                "occurred_at": occurred_at,
                "kind": kind,
                "resource_type": resource_type,
                "resource_id": resource_id,
                "prev_hash": prev_hash,
                "hash": digest,
            }
        )
        prev_hash = digest
    await session.execute(_INSERT_EVENTS, {"rows": as_json(rows)})
    head.last_seq, head.last_hash = seq, prev_hash
    await session.flush()


async def at_risk_of_pivoting(session: AsyncSession, starts: list[date], region: str | None) -> dict[date, int]:
    """The pivot-rate base as the direct query computed it before the rollups (registry/statistics/rates.py at 7a0e934).

    For each period start (a first of a month), the active companies registered before the start whose class in
    their latest declared period that ended before the start (the newest declaration filed for it) is ai_enabled or
    non_ai.
    """
    if not starts:
        return {}
    days = func.unnest(bindparam("starts", starts, type_=ARRAY(Date))).table_valued("day").render_derived(name="days")
    day = days.c.day
    start_month = cast(extract("year", day), Integer) * 12 + cast(extract("month", day), Integer)
    period_end_month = Declaration.fiscal_year * 12 + 3 * func.coalesce(Declaration.quarter, 4)
    latest = (
        select(Declaration.ai_class)
        .join(Company, Company.id == Declaration.company_id)
        .where(
            Company.status == "active",
            Company.registration_date < day,
            period_end_month < start_month,
            *(() if region is None else (Company.region_kato == region,)),
        )
        .ext(distinct_on(Declaration.company_id))
        .order_by(
            Declaration.company_id,
            Declaration.fiscal_year.desc(),
            func.coalesce(Declaration.quarter, 5).desc(),
            Declaration.filed_at.desc(),
        )
        .lateral("latest")
    )
    statement = (
        select(days.c.day, func.count(latest.c.ai_class).filter(latest.c.ai_class != "ai_native"))
        .select_from(days.outerjoin(latest, true()))
        .group_by(days.c.day)
    )
    return {row[0]: int(row[1]) for row in (await session.execute(statement)).all()}
