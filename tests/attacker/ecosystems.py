"""The ecosystems the attacker is turned on: one written out by hand and two drawn from fixed seeds.

Companies are registered over HTTP (as a founder would); their declarations, licence applications, licences and
suspensions are past-dated, so they are written straight into the tables, as tests/metrics_support.py does. Each
ecosystem has several regions, some with only one or two companies, AI FTE in every class (one region dominated by
one large AI employer), and applications submitted, approved, rejected and left undecided in several quarters.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.database import Database
from tests.factories import account, register_company, unique_bin

ULYTAU, ASTANA, SHYMKENT, KYZYLORDA, PAVLODAR, ATYRAU = (
    "620000000",
    "710000000",
    "790000000",
    "430000000",
    "550000000",
    "230000000",
)
ACTIVITIES = ("62.01", "62.02", "58.29", "63.11", "72.19")
HISTORY_KNOWN_SINCE = datetime(2021, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Filing:
    """A declaration: fiscal year (and quarter), class, AI and total FTE, the day it was filed."""

    year: int
    ai_class: str
    fte_ai: int
    fte_total: int
    filed: date
    quarter: int | None = None


@dataclass(frozen=True)
class Application:
    licence_type: str
    state: str
    submitted: date
    decided: date | None = None


@dataclass(frozen=True)
class Firm:
    region: str
    registered: date
    legal_form: str = "llp"
    activity: str = "62.01"
    filings: tuple[Filing, ...] = ()
    applications: tuple[Application, ...] = ()
    suspended_on: date | None = None


@dataclass
class Ecosystem:
    name: str
    firms: list[Firm] = field(default_factory=list)


def _d(text_day: str) -> date:
    return date.fromisoformat(text_day)


def hand_written() -> Ecosystem:
    """Twelve companies in four regions (Kyzylorda has one, Shymkent two)."""
    native, enabled, non_ai = "ai_native", "ai_enabled", "non_ai"
    u, a, s, k = ULYTAU, ASTANA, SHYMKENT, KYZYLORDA
    firms = [
        Firm(
            u,
            _d("2023-02-01"),
            filings=(Filing(2023, native, 6, 12, _d("2024-03-01")), Filing(2024, native, 8, 14, _d("2025-03-03"))),
            applications=(Application("ai_native", "approved", _d("2025-01-10"), _d("2025-01-30")),),
        ),
        Firm(
            u,
            _d("2023-03-15"),
            "jsc",
            "72.19",
            (Filing(2024, native, 40, 45, _d("2025-03-05")),),
            (Application("ai_native", "approved", _d("2025-04-02"), _d("2025-04-25")),),
        ),
        Firm(
            u,
            _d("2023-06-01"),
            activity="58.29",
            filings=(Filing(2024, enabled, 2, 10, _d("2025-03-10")),),
            applications=(Application("standard_digital", "rejected", _d("2025-04-15"), _d("2025-05-20")),),
        ),
        Firm(
            u,
            _d("2024-01-20"),
            filings=(Filing(2024, non_ai, 0, 6, _d("2025-03-12")),),
            applications=(Application("standard_digital", "approved", _d("2025-07-01"), _d("2025-07-21")),),
        ),
        Firm(
            u,
            _d("2024-05-05"),
            "ie",
            "63.11",
            (Filing(2024, native, 3, 5, _d("2025-03-14")),),
            (Application("ai_native", "in_review", _d("2025-10-01")),),
        ),
        Firm(u, _d("2024-09-09"), filings=(Filing(2025, native, 5, 9, _d("2025-06-15"), quarter=1),)),
        Firm(u, _d("2025-02-02"), suspended_on=_d("2025-09-01")),
        Firm(
            a,
            _d("2023-04-04"),
            filings=(Filing(2024, native, 4, 7, _d("2025-02-20")),),
            applications=(Application("ai_native", "approved", _d("2025-05-06"), _d("2025-05-27")),),
        ),
        Firm(
            a,
            _d("2023-07-07"),
            "jsc",
            "62.02",
            (Filing(2024, enabled, 1, 20, _d("2025-03-20")),),
            (Application("standard_digital", "rejected", _d("2025-08-01"), _d("2025-08-29")),),
        ),
        Firm(
            a,
            _d("2024-11-11"),
            filings=(Filing(2024, non_ai, 0, 3, _d("2025-03-25")),),
            applications=(Application("standard_digital", "sent_back", _d("2025-11-03")),),
        ),
        Firm(
            s,
            _d("2023-08-08"),
            filings=(Filing(2024, native, 7, 8, _d("2025-03-02")),),
            applications=(Application("ai_native", "rejected", _d("2025-02-03"), _d("2025-03-03")),),
        ),
        Firm(
            k,
            _d("2024-03-03"),
            activity="72.19",
            filings=(Filing(2024, native, 12, 13, _d("2025-03-09")),),
            applications=(Application("ai_native", "approved", _d("2025-06-02"), _d("2025-06-20")),),
        ),
    ]
    return Ecosystem("hand-written (12 companies, 4 regions)", firms)


def drawn(seed: int, sizes: dict[str, int]) -> Ecosystem:
    """Companies drawn from ``seed``: ``sizes`` companies per region, registered 2022-2025, declaring yearly (and
    some quarterly) with a class that may change, applying for licences in 2024-2025."""
    rng = random.Random(seed)
    firms = []
    for region, size in sizes.items():
        for number in range(size):
            registered = date(2022, 1, 10) + timedelta(days=rng.randrange(0, 3 * 365 + 200))
            firms.append(
                Firm(
                    region,
                    registered,
                    rng.choice(("llp", "llp", "jsc", "ie")),
                    rng.choice(ACTIVITIES),
                    _filings(rng, registered, dominant=number == 0 and size >= 4),
                    _applications(rng, registered),
                    suspended_on=date(2025, rng.randrange(1, 12), 1) if rng.random() < 0.08 else None,
                )
            )
    return Ecosystem(f"drawn from seed {seed} ({sum(sizes.values())} companies, {len(sizes)} regions)", firms)


def _filings(rng: random.Random, registered: date, *, dominant: bool) -> tuple[Filing, ...]:
    found = []
    ai_class = rng.choice(("ai_native", "ai_native", "ai_enabled", "non_ai"))
    fte_total = rng.randrange(2, 30)
    for year in range(registered.year, 2026):
        if rng.random() < 0.15:
            continue  # a year left undeclared
        if rng.random() < 0.2:
            ai_class = rng.choice(("ai_native", "ai_enabled", "non_ai"))
        fte_total = max(1, fte_total + rng.randrange(-3, 8))
        fte_ai = 0 if ai_class == "non_ai" else (60 if dominant else rng.randrange(1, max(2, fte_total // 2 + 1)))
        fte_total = max(fte_total, fte_ai)
        filed = date(year + 1, 2, 1) + timedelta(days=rng.randrange(0, 80))
        if filed < date(2026, 11, 1):
            found.append(Filing(year, ai_class, fte_ai, fte_total, filed))
        if year == 2025 and rng.random() < 0.3:
            found.append(
                Filing(2025, ai_class, fte_ai, fte_total, date(2025, 7, 1) + timedelta(days=rng.randrange(30)), 2)
            )
    return tuple(found)


def _applications(rng: random.Random, registered: date) -> tuple[Application, ...]:
    found = []
    types = ["ai_native", "standard_digital"]
    rng.shuffle(types)  # a company holds one licence of a type at a time: its two applications differ in type
    for licence_type in types[: rng.choice((0, 0, 1, 1, 2))]:
        submitted = max(registered, date(2024, 1, 5)) + timedelta(days=rng.randrange(0, 600))
        if submitted > date(2026, 10, 1):
            continue
        state = rng.choice(("approved", "approved", "rejected", "in_review", "sent_back", "withdrawn"))
        decided = submitted + timedelta(days=rng.randrange(3, 40)) if state in ("approved", "rejected") else None
        found.append(Application(licence_type, state, submitted, decided))
    return tuple(found)


_INSERT_DECLARATION = text(
    """
    INSERT INTO declarations (id, company_id, fiscal_year, quarter, revenue_total, revenue_ai, fte_total, fte_ai,
        opex_total, opex_ai, owns_data_library, filed_at, rubric_version, ai_class, evaluation)
    VALUES (gen_random_uuid(), :company, :year, :quarter, 100000000, :revenue_ai, :fte_total, :fte_ai,
        40000000, 0, false, :filed_at, 1, :ai_class, '{}'::jsonb)
    RETURNING id
    """
)
_INSERT_APPLICATION = text(
    """
    INSERT INTO licence_applications (id, company_id, licence_type, declaration_id, state, submitted_at,
        first_submitted_at, decided_at, decision_due)
    VALUES (:id, :company, :licence_type, :declaration, :state, :submitted, :submitted, :decided, :due)
    """
)
_INSERT_LICENCE = text(
    """
    INSERT INTO licences (id, number, licence_type, year, serial, company_id, application_id, status, valid_from,
        valid_until, created_at, updated_at)
    VALUES (gen_random_uuid(), :number, :licence_type, :year, :serial, :company, :application, 'active', :valid_from,
        :valid_until, :issued, :issued)
    """
)
_REVENUE_AI = {"ai_native": 80_000_000, "ai_enabled": 20_000_000, "non_ai": 0}


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


async def build(
    ecosystem: Ecosystem, client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> list[str]:
    """Register the firms over HTTP and write their past-dated rows; the company ids."""
    founder = await account(client, database)
    ids = []
    for firm in ecosystem.firms:
        company = await register_company(
            client,
            founder,
            bin=unique_bin(firm.registered.replace(day=1)),
            registration_date=firm.registered.isoformat(),
            region=firm.region,
            legal_form=firm.legal_form,
            activities=[firm.activity],
            primary_activity=firm.activity,
        )
        ids.append(company["id"])
        await _write_track(connection, company["id"], firm)
    for company_id, firm in zip(ids, ecosystem.firms, strict=True):
        if firm.suspended_on is not None:
            await connection.execute(
                text("SELECT set_config('registry.effective_on', :day, true)"), {"day": firm.suspended_on.isoformat()}
            )
            await connection.execute(text("UPDATE companies SET status = 'suspended' WHERE id = :c"), {"c": company_id})
    await connection.execute(text("SELECT set_config('registry.effective_on', '', true)"))
    await connection.execute(
        text(
            "UPDATE company_history SET recorded_at = :known, "
            "superseded_at = CASE WHEN superseded_at IS NOT NULL THEN CAST(:known AS timestamptz) END "
            "WHERE company_id = ANY(CAST(:ids AS uuid[]))"
        ),
        {"known": HISTORY_KNOWN_SINCE, "ids": ids},
    )
    return ids


_serials = iter(range(70_001, 99_999))


async def _write_track(connection: AsyncConnection, company_id: str, firm: Firm) -> None:
    declaration = None
    for filing in firm.filings:
        declaration = await connection.scalar(
            _INSERT_DECLARATION,
            {
                "company": company_id,
                "year": filing.year,
                "quarter": filing.quarter,
                "revenue_ai": _REVENUE_AI[filing.ai_class],
                "fte_total": filing.fte_total,
                "fte_ai": filing.fte_ai,
                "filed_at": _moment(filing.filed),
                "ai_class": filing.ai_class,
            },
        )
    if declaration is None and firm.applications:
        declaration = await connection.scalar(
            _INSERT_DECLARATION,
            {
                "company": company_id,
                "year": firm.registered.year,
                "quarter": None,
                "revenue_ai": 0,
                "fte_total": 1,
                "fte_ai": 0,
                "filed_at": _moment(firm.registered),
                "ai_class": "non_ai",
            },
        )
    for application in firm.applications:
        application_id = uuid.uuid4()
        await connection.execute(
            _INSERT_APPLICATION,
            {
                "id": application_id,
                "company": company_id,
                "licence_type": application.licence_type,
                "declaration": declaration,
                "state": application.state,
                "submitted": _moment(application.submitted),
                "decided": None if application.decided is None else _moment(application.decided),
                "due": application.submitted + timedelta(days=21),
            },
        )
        if application.state == "approved" and application.decided is not None:
            serial = next(_serials)
            years = 2 if application.licence_type == "ai_native" else 1
            await connection.execute(
                _INSERT_LICENCE,
                {
                    "number": f"{'AIN' if application.licence_type == 'ai_native' else 'SDL'}-"
                    f"{application.decided.year}-{serial:05d}",
                    "licence_type": application.licence_type,
                    "year": application.decided.year,
                    "serial": serial,
                    "company": company_id,
                    "application": application_id,
                    "valid_from": application.decided,
                    "valid_until": application.decided + timedelta(days=365 * years - 1),
                    "issued": _moment(application.decided),
                },
            )
