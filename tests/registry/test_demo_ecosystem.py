"""The synthetic demo ecosystem: what it generates, and what loading it puts in the register."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from importlib.resources import files

import httpx
import pytest
from sqlalchemy import String, and_, cast, func, select

from api.database import Database
from api.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo
from licensing.models import Application, Licence
from registry.accounts.models import Account
from registry.ai_systems.models import AiSystem
from registry.companies.bin_rules import parse_bin
from registry.companies.models import Company, CompanyActivity, CompanyMember
from registry.database import utc_now
from registry.declarations.models import Declaration, PivotEventRecord
from registry.demo.ecosystem import DemoCompany, generate_companies
from registry.events.models import Event
from registry.events.service import verify_event_chain
from registry.reference.service import region_rows
from registry.statistics.models import FlowFact
from registry.statistics.release_models import ReleaseCalendarEntry, StatisticsRelease
from tests.factories import login

TODAY = date(2026, 11, 20)


def read_oked_codes() -> set[str]:
    with (files("registry.reference") / "data" / "oked.csv").open(encoding="utf-8") as handle:
        return {row["code"] for row in csv.DictReader(handle)}


def generate(count: int, seed: int = 1) -> list[DemoCompany]:
    return list(generate_companies(count, seed=seed, today=TODAY))


def test_bins_are_valid_and_encode_the_registration_month() -> None:
    companies = generate(500)
    assert len(companies) == 500
    for company in companies:
        info = parse_bin(company.bin, today=TODAY)  # raises InvalidInput on a malformed BIN
        assert (info.registration_month.year, info.registration_month.month) == (
            company.registration_date.year,
            company.registration_date.month,
        ), f"BIN {company.bin} does not match registration date {company.registration_date}"
        assert company.registration_date <= TODAY, f"{company.bin} is registered in the future"


def test_bins_and_ids_are_unique() -> None:
    companies = generate(2000)
    duplicate_bins = [value for value, count in Counter(c.bin for c in companies).items() if count > 1]
    assert not duplicate_bins, f"BINs used twice: {duplicate_bins}"
    assert len({c.id for c in companies}) == len(companies)


def test_every_region_has_companies() -> None:
    regions = {row["kato"] for row in region_rows()}
    assert len(regions) == 20
    covered = {company.region_kato for company in generate(2000)}
    assert covered == regions, f"regions without companies: {sorted(regions - covered)}"


def test_activities_are_known_oked_codes_with_the_primary_among_them() -> None:
    known = read_oked_codes()
    for company in generate(2000):
        unknown = set(company.activities) - known
        assert not unknown, f"{company.bin} has activities not in OKED: {sorted(unknown)}"
        assert company.primary_activity in company.activities
        assert len(set(company.activities)) == len(company.activities), f"{company.bin} lists an activity twice"


@pytest.mark.parametrize("seed", [1, 7, 2026])
def test_the_same_seed_gives_the_same_ecosystem(seed: int) -> None:
    assert generate(300, seed) == generate(300, seed)


def test_different_seeds_give_different_ecosystems() -> None:
    assert [c.bin for c in generate(100, seed=1)] != [c.bin for c in generate(100, seed=2)]


async def test_loaded_demo_is_a_consistent_register(database: Database, client: httpx.AsyncClient) -> None:
    async with database.sessions() as session:
        existing = set(await session.scalars(select(Company.id)))
        events_before = await session.scalar(select(func.count()).select_from(Event))
        last_seq_before = await session.scalar(select(func.coalesce(func.max(Event.seq), 0)))
        planned_before = await session.scalar(select(func.count()).select_from(ReleaseCalendarEntry))

    loaded = await load_demo(database, companies=60, seed=3, progress=False)

    assert loaded == 60
    async with database.sessions() as session:
        new_ids = set(await session.scalars(select(Company.id))) - existing
        assert len(new_ids) == 60

        primaries = dict(
            (
                await session.execute(
                    select(CompanyActivity.company_id, func.count().filter(CompanyActivity.is_primary))
                    .where(CompanyActivity.company_id.in_(new_ids))
                    .group_by(CompanyActivity.company_id)
                )
            ).all()
        )
        assert primaries == dict.fromkeys(new_ids, 1), "every company needs exactly one primary activity"

        owners = dict(
            (
                await session.execute(
                    select(CompanyMember.company_id, func.count())
                    .where(CompanyMember.company_id.in_(new_ids), CompanyMember.role == "owner")
                    .group_by(CompanyMember.company_id)
                )
            ).all()
        )
        assert owners == dict.fromkeys(new_ids, 1), "every company needs exactly one owner"

        emails = [email for email, _, _ in DEMO_ACCOUNTS]
        accounts = await session.execute(select(Account.email, Account.role).where(Account.email.in_(emails)))
        roles = dict(accounts.all())
        assert roles == {email: role for email, role, _ in DEMO_ACCOUNTS}

        registered = set(
            await session.scalars(
                select(Event.resource_id).where(Event.kind == "company.registered", Event.resource_type == "company")
            )
        )
        assert {str(company_id) for company_id in new_ids} <= registered, "every company needs its registered event"
        declarations = await session.scalar(
            select(func.count()).select_from(Declaration).where(Declaration.company_id.in_(new_ids))
        )
        pivots = await session.scalar(
            select(func.count()).select_from(PivotEventRecord).where(PivotEventRecord.company_id.in_(new_ids))
        )
        licences = await session.scalar(
            select(func.count()).select_from(Licence).where(Licence.company_id.in_(new_ids))
        )
        sanctioned = await session.scalar(
            select(func.count())
            .select_from(Licence)
            .where(Licence.company_id.in_(new_ids), Licence.status.in_(["suspended", "revoked"]))
        )
        systems = await session.scalar(
            select(func.count()).select_from(AiSystem).where(AiSystem.company_id.in_(new_ids))
        )
        # The class the register shows, each time it changes (public, for the feed's consumers).
        filed = (
            await session.execute(
                select(Declaration.company_id, Declaration.ai_class)
                .where(Declaration.company_id.in_(new_ids))
                .order_by(Declaration.company_id, Declaration.fiscal_year, Declaration.quarter, Declaration.filed_at)
            )
        ).all()
        class_changes = sum(1 for before, now in zip([None, *filed[:-1]], filed, strict=True) if before != now)
        classified = await session.scalar(
            select(func.count())
            .select_from(Event)
            .where(Event.kind == "company.classified", Event.is_public, Event.seq > last_seq_before)
        )
        assert classified == class_changes
        ended = await session.scalar(
            select(func.count()).select_from(Company).where(Company.id.in_(new_ids), Company.status != "active")
        )
        # A licence suspended on its own and then revoked with its company's liquidation has two sanction events.
        sanctions = await session.scalar(
            select(func.count())
            .select_from(Event)
            .where(Event.kind.in_(["licence.suspended", "licence.revoked"]), Event.seq > last_seq_before)
        )
        # A liquidated company's AI systems are withdrawn.
        withdrawals = await session.scalar(
            select(func.count())
            .select_from(Event)
            .where(Event.kind == "ai_system.changed", Event.seq > last_seq_before)
        )
        assert declarations, "the demo companies file AI declarations"
        assert sanctions is not None and sanctioned is not None and sanctions >= sanctioned
        # Each company registered, each declaration, class change, pivot, licence, AI system, status change,
        # sanction and withdrawal, and the release made.
        # The calendar entries the demo planned (those another test had planned already are left as they were).
        planned = (await session.scalar(select(func.count()).select_from(ReleaseCalendarEntry)) or 0) - (
            planned_before or 0
        )
        counted = (events_before, declarations, classified, pivots, licences, systems, ended, sanctions, withdrawals)
        expected = sum(count or 0 for count in counted) + 60 + 1 + planned
        assert await session.scalar(select(func.count()).select_from(Event)) == expected

        report = await verify_event_chain(session)
        assert report.intact, f"audit chain broken after loading the demo: {report.first_break}"
        # The last fiscal year's release is made, so the confidential figures have something to show.
        periods = list(await session.scalars(select(StatisticsRelease.period)))
        assert periods == [utc_now().year - 1]

    headers = await login(client, "admin@demo.alemai.kz", DEMO_PASSWORD)
    me = await client.get("/api/v1/auth/me", headers=headers)
    assert me.json()["role"] == "admin", me.text
    response = await client.get("/api/v1/companies", params={"limit": 5}, headers=headers)
    assert response.status_code == 200, response.text
    assert len(response.json()["items"]) == 5
    # The public calendar plans the last fiscal year (released) and the current one, after its deadline.
    year = utc_now().year
    calendar = {entry["period"]: entry for entry in (await client.get("/api/v1/statistics/calendar")).json()}
    assert calendar[year - 1]["releases"], calendar
    assert date.fromisoformat(calendar[year]["planned_date"]) > date(year + 1, 3, 31)


def test_demo_histories_have_believable_dynamics() -> None:
    import random
    from collections import Counter
    from statistics import median

    from registry.demo.declarations import generate_history

    today = date(2026, 11, 20)
    kinds: Counter[str] = Counter()
    filers = 0
    growth: list[float] = []
    for company in generate_companies(2000, seed=11, today=today):
        history = generate_history(company, random.Random(company.id.int), today=today)
        if not history.declarations:
            continue
        filers += 1
        kinds.update(event.kind for event in history.pivots)
        assert [d.facts.fiscal_year for d in history.declarations] == sorted(
            {d.facts.fiscal_year for d in history.declarations}
        ), "one declaration per closed year, in order"
        assert all(d.facts.fiscal_year <= 2025 for d in history.declarations), "only closed fiscal years"
        first, last = history.declarations[0].facts, history.declarations[-1].facts
        if len(history.declarations) >= 3 and first.fte_total > 0:
            growth.append(float(last.fte_total / first.fte_total))
    assert 0.05 < kinds["born_ai_native"] / filers < 0.25, "a minority is born AI-native"
    assert kinds["pivot_to_ai"] > kinds["born_ai_native"] / 2, "a real share pivots toward AI"
    assert 0 < kinds["pivot_away"] < kinds["pivot_to_ai"], "a few pivot away"
    assert median(growth) > 1.1, "companies grow"


async def test_demo_licensing_history_covers_every_state(database: Database) -> None:
    await load_demo(database, companies=400, seed=5, progress=False)
    async with database.sessions() as session:
        states = set(await session.scalars(select(Application.state).distinct()))
        assert states >= {"draft", "submitted", "in_review", "approved", "rejected", "sent_back", "withdrawn"}
        licences = (await session.execute(select(Licence.status, Licence.valid_until, Licence.number))).all()
        assert {status for status, _, _ in licences} >= {"active", "suspended", "revoked"}
        assert any(valid_until < TODAY for _, valid_until, _ in licences), "some licences have expired by date"
        numbers = [number for _, _, number in licences]
        assert len(numbers) == len(set(numbers))
        by_series: dict[str, list[int]] = {}
        for number in numbers:
            prefix, year, serial = number.split("-")
            by_series.setdefault(f"{prefix}-{year}", []).append(int(serial))
        for serials in by_series.values():
            assert sorted(serials) == list(range(1, len(serials) + 1)), "demo numbering is gapless too"
        # Every suspended or revoked licence has the event that did it, dated within its validity, as the API
        # would record it: the sanction flows count these.
        sanctions = (
            await session.execute(
                select(Licence.status, Licence.valid_from, Licence.valid_until, Event.kind, Event.occurred_at)
                .join(Event, and_(Event.resource_type == "licence", Event.resource_id == cast(Licence.id, String)))
                .where(Licence.status.in_(["suspended", "revoked"]), Event.kind != "licence.issued")
            )
        ).all()
        sanctioned = await session.scalar(
            select(func.count()).select_from(Licence).where(Licence.status.in_(["suspended", "revoked"]))
        )
        assert sanctioned and len(sanctions) == sanctioned
        for status, valid_from, valid_until, kind, occurred_at in sanctions:
            assert kind == f"licence.{status}"
            assert valid_from <= occurred_at.date() <= min(valid_until, date.today())
        counted = await session.scalar(
            select(func.count())
            .select_from(FlowFact)
            .where(FlowFact.metric.in_(["licences_suspended", "licences_revoked"]))
        )
        assert counted, "the sanction flows see the demo's sanctions"
