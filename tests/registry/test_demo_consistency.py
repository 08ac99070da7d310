"""The demo ecosystem agrees with itself: names with legal forms, AI systems of every degree, licences by the rules."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest
from sqlalchemy import String, cast, select
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import create_app
from api.database import Database
from api.demo import DEMO_PASSWORD, load_demo
from api.settings import Settings
from licensing.filing_window import relied_fiscal_years
from licensing.licence_types import licence_type
from licensing.models import Application, Licence
from registry.ai_systems.models import AUTONOMY_DEGREES, RISK_DEGREES, AiSystem
from registry.companies.bin_rules import parse_bin
from registry.companies.models import Company
from registry.declarations.models import Declaration, DeclarationProduct
from registry.demo.ecosystem import generate_companies
from registry.demo.names import LEGAL_FORM_WORDS
from registry.events.models import Event
from registry.search_key import search_key
from tests.conftest import FIXED_NOW
from tests.database import database_of_its_own
from tests.factories import login

TODAY = date(2026, 11, 20)
_WORD = re.compile(r"[^\W\d_]+")
_FORM_PHRASES = {form: {phrase for phrase in words if phrase} for form, words in LEGAL_FORM_WORDS.items()}


def contradictions(name_kk: str, name_ru: str, name_en: str | None, legal_form: str) -> list[str]:
    """What is wrong with a company's names given its legal form: a missing own form word or another form's word."""
    problems = []
    kk, ru, en = LEGAL_FORM_WORDS[legal_form]  # type: ignore[index]
    for name, own in ((name_kk, kk), (name_ru, ru), (name_en or "", en)):
        if own and own not in name:
            problems.append(f"{name!r} lacks {own!r}")
        outside_quotes = re.sub(r"«[^»]*»", " ", name)
        words = " ".join(_WORD.findall(outside_quotes if "«" in name else name))
        for form, phrases in _FORM_PHRASES.items():
            for phrase in phrases - {kk, ru, en}:
                if form != legal_form and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", words):
                    problems.append(f"{name!r} carries {phrase!r} of {form}")
    return problems


def test_the_checker_finds_the_issues_example() -> None:
    assert contradictions("«Vector Labs» АҚ", "АО «Vector Labs»", "Vector Labs JSC", "llp")
    assert not contradictions("«Vector Labs» ЖШС", "ТОО «Vector Labs»", "Vector Labs LLP", "llp")


@pytest.mark.parametrize("seed", [1, 2026])
def test_generated_names_carry_their_legal_form_and_no_other(seed: int) -> None:
    companies = list(generate_companies(2000, seed=seed, today=TODAY))
    problems = [p for c in companies for p in contradictions(c.name_kk, c.name_ru, c.name_en, c.legal_form)]
    assert problems == []
    assert set(Counter(c.legal_form for c in companies)) == set(LEGAL_FORM_WORDS)


def test_bins_agree_with_the_legal_form() -> None:
    for company in generate_companies(2000, seed=3, today=TODAY):
        info = parse_bin(company.bin, today=TODAY)
        expected = {"branch": "branch", "representative_office": "representative_office"}
        assert info.division == expected.get(company.legal_form, "head_office"), company
        if company.legal_form == "ie":
            assert info.entity_type == "joint_individual_entrepreneurship"


@pytest.fixture(scope="module")
async def demo(engine: AsyncEngine) -> AsyncIterator[Database]:
    """The demo loaded once into a database of its own: the checks read whole tables, and the demo's release of last
    year must not meet what other tests committed to the shared database."""
    async with database_of_its_own(engine, "registry_demo_check") as database:
        await load_demo(database, companies=300, seed=13, progress=False)
        yield database


@pytest.fixture(scope="module")
async def client(demo: Database) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(environment="test", jwt_secret="test-secret-that-is-long-enough-for-hs256-0123456789")
    app = create_app(settings, database=demo, clock=lambda: FIXED_NOW)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry.test") as client:
        yield client


async def test_no_loaded_name_contradicts_its_legal_form(demo: Database) -> None:
    async with demo.sessions() as session:
        rows = (
            await session.execute(select(Company.name_kk, Company.name_ru, Company.name_en, Company.legal_form))
        ).all()
    assert len(rows) >= 300
    assert [p for row in rows for p in contradictions(*row)] == []


async def test_ai_systems_of_every_degree_with_and_without_assurance(demo: Database, client: httpx.AsyncClient) -> None:
    async with demo.sessions() as session:
        systems = list(await session.scalars(select(AiSystem)))
        classes = dict(
            (
                await session.execute(
                    select(Company.id, Company.ai_class).where(Company.id.in_({s.company_id for s in systems}))
                )
            ).all()
        )
        linked = set(
            await session.scalars(
                select(DeclarationProduct.ai_system_id).where(DeclarationProduct.ai_system_id.is_not(None))
            )
        )
        recorded = set(await session.scalars(select(Event.resource_id).where(Event.kind == "ai_system.recorded")))
    assert {s.risk_degree for s in systems} == set(RISK_DEGREES)
    assert {s.autonomy_degree for s in systems} == set(AUTONOMY_DEGREES)
    assert {s.status for s in systems} == {"development", "on_market", "withdrawn"}
    assert set(classes.values()) <= {"ai_native", "ai_enabled"} and len(set(classes.values())) == 2
    for system in systems:
        assert system.search_key == search_key(system.name)
        assert system.degrees_declared_on < date.today()
        assert system.degrees_declared_by is not None
        assert (system.audit_report_sha256 is None) or re.fullmatch(r"[0-9a-f]{64}", system.audit_report_sha256)
    high = [s for s in systems if s.risk_degree == "high"]
    assured = [s for s in high if s.trusted_list_body and s.audit_report_reference]
    assert assured and len(assured) < len(high)
    assert linked == {s.id for s in systems}, "every system is a declared product's"
    assert {str(s.id) for s in systems} <= recorded, "every system has its event (the log also keeps other tests')"

    headers = await login(client, "reviewer@demo.alemai.kz", DEMO_PASSWORD)
    monitoring = await client.get("/api/v1/monitoring/ai-systems", headers=headers)
    assert monitoring.status_code == 200, monitoring.text
    unassured = {str(s.id) for s in high if s.status != "withdrawn" and s not in assured}
    assert unassured and {item["id"] for item in monitoring.json()} >= unassured


async def test_ai_native_licences_rely_on_the_last_closed_year_and_last_twelve_months(demo: Database) -> None:
    async with demo.sessions() as session:
        rows = (
            await session.execute(
                select(
                    Licence,
                    Application.decided_at,
                    Application.submitted_at,
                    Declaration.fiscal_year,
                    Declaration.ai_class,
                )
                .join(Application, Application.id == Licence.application_id)
                .join(Declaration, Declaration.id == Application.declaration_id)
            )
        ).all()
        open_ai_native = (
            await session.execute(
                select(Declaration.fiscal_year, Declaration.quarter)
                .join(Application, Application.declaration_id == Declaration.id)
                .where(
                    Application.licence_type == "ai_native",
                    Application.state.in_(["submitted", "in_review", "sent_back", "draft"]),
                )
            )
        ).all()
    ai_native = [row for row in rows if row[0].licence_type == "ai_native"]
    assert ai_native
    for licence, decided_at, submitted_at, fiscal_year, ai_class in rows:
        assert decided_at is not None and submitted_at is not None
        assert licence.valid_until == licence_type(licence.licence_type).valid_until(licence.valid_from)
        assert licence.valid_from == decided_at.date()
        if licence.licence_type == "ai_native":
            assert fiscal_year in relied_fiscal_years(decided_at.date()), licence.number
            assert fiscal_year in relied_fiscal_years(submitted_at.date()), licence.number
            assert ai_class == "ai_native", f"{licence.number} was approved on a {ai_class} declaration"
    for fiscal_year, quarter in open_ai_native:
        assert quarter is None and fiscal_year in relied_fiscal_years(date.today())


async def test_no_licence_in_force_for_a_company_that_is_not_active(demo: Database) -> None:
    async with demo.sessions() as session:
        ended = {
            company_id: (status, date.fromisoformat(data["effective_on"]))
            for company_id, status, data in (
                await session.execute(
                    select(Company.id, Company.status, Event.data)
                    .join(Event, (Event.resource_id == cast(Company.id, String)) & (Event.kind == "company.updated"))
                    .where(Company.status != "active")
                )
            ).all()
        }
        licences = list(await session.scalars(select(Licence).where(Licence.company_id.in_(ended))))
        events = {
            (resource_id, kind): data
            for resource_id, kind, data in (
                await session.execute(
                    select(Event.resource_id, Event.kind, Event.data).where(
                        Event.resource_id.in_([str(licence.id) for licence in licences])
                    )
                )
            ).all()
        }
    assert {status for status, _ in ended.values()} == {"suspended", "liquidated"}
    async with demo.sessions() as session:
        liquidated = [company_id for company_id, (status, _) in ended.items() if status == "liquidated"]
        systems = (await session.execute(select(AiSystem.status).where(AiSystem.company_id.in_(liquidated)))).all()
    assert systems and {status for (status,) in systems} == {"withdrawn"}, (
        "a liquidated company's systems are withdrawn"
    )
    followed = 0
    for licence in licences:
        company_status, day = ended[licence.company_id]
        assert licence.valid_from < day, "no licence is issued to a company that is not active"
        if licence.valid_until < day or licence.status_reason_code in {"false_information"}:
            continue  # expired by date, or revoked before, when the company's status changed
        expected = {"suspended": ("suspended", "company_suspended"), "liquidated": ("revoked", "company_liquidated")}
        status, reason = expected[company_status]
        if company_status == "suspended" and licence.status != "active" and licence.status_reason_code != reason:
            continue  # suspended before, for its own reason
        assert (licence.status, licence.status_reason_code) == (status, reason), licence.number
        event = events[(str(licence.id), f"licence.{status}")]
        assert event["effective_on"] == day.isoformat() and event["because_company"] == company_status
        followed += 1
    assert followed, "some licences in force followed their company"


async def test_the_loaded_demo_passes_the_audit(demo: Database, client: httpx.AsyncClient) -> None:
    headers = await login(client, "admin@demo.alemai.kz", DEMO_PASSWORD)
    response = await client.get("/api/v1/audit/verify", headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["intact"] is True, response.json()
