"""Simultaneous creations of an application, through real, committing transactions: one open application per
company and licence type, the others a 409 in the caller's language."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from datetime import date
from typing import Any

import httpx
import msgspec
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.database import Database, transaction
from api.settings import Settings
from licensing.applications import create_application
from licensing.models import OPEN_APPLICATION_STATES, Application
from licensing.schemas import ApplicationCreate
from registry.accounts.actor import Actor
from registry.companies.schemas import CompanyCreate
from registry.companies.service import register_company
from registry.declarations.schemas import DeclarationIn
from registry.declarations.service import file_declaration
from tests.conftest import FIXED_NOW
from tests.factories import SignedIn, ai_native_declaration, company_payload, unique_bin
from tests.licensing_support import (
    APPLICATIONS,
    REGISTERED,
    declared_company,
    quick_account,
    start_application,
    step,
)

pytestmark = pytest.mark.concurrency

OPEN_EXISTS = {
    "kk": "Компанияның осы лицензия түріне ашық өтінімі бар.",
    "ru": "У компании уже есть открытая заявка на этот вид лицензии.",
    "en": "The company already has an open application for this licence type.",
}
LANGUAGES = tuple(OPEN_EXISTS)


async def _declared_companies(database: Database, founder: SignedIn, count: int) -> list[tuple[str, str]]:
    """``count`` companies of ``founder``, each with an ai_native declaration: (company id, declaration id).

    Built through the services in one transaction (the same steps as over HTTP, much faster); only the creations
    under test go over HTTP.
    """
    actor = Actor(account_id=uuid.UUID(founder.id), role="founder")
    today = FIXED_NOW.date()
    built = []
    async with transaction(database) as session:
        for _ in range(count):
            company = await register_company(
                session,
                actor=actor,
                request=msgspec.convert(
                    company_payload(bin=unique_bin(date(2023, 1, 1)), registration_date=REGISTERED), CompanyCreate
                ),
                today=today,
            )
            declaration = await file_declaration(
                session,
                actor=actor,
                company_id=company.id,
                request=msgspec.convert(ai_native_declaration(2025), DeclarationIn),
                today=today,
            )
            built.append((str(company.id), str(declaration.id)))
    return built


async def _create(
    client: httpx.AsyncClient,
    founder: SignedIn,
    company_id: str,
    declaration_id: str,
    *,
    licence_type: str = "ai_native",
    language: str = "en",
) -> httpx.Response:
    return await client.post(
        APPLICATIONS,
        json={"company_id": company_id, "licence_type": licence_type, "declaration_id": declaration_id},
        headers={**founder.headers, "Accept-Language": language},
    )


async def _open_applications(database: Database, company_id: str) -> Counter[str]:
    """How many open applications the company has, per licence type."""
    async with database.sessions() as session:
        rows = await session.execute(
            select(Application.licence_type, func.count())
            .where(Application.company_id == uuid.UUID(company_id), Application.state.in_(OPEN_APPLICATION_STATES))
            .group_by(Application.licence_type)
        )
        return Counter({licence_type: count for licence_type, count in rows})


def _assert_open_exists(response: httpx.Response, language: str, winner_id: str) -> None:
    assert response.status_code == 409, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert (body["code"], body["detail"]) == ("application.open_exists", OPEN_EXISTS[language])
    assert body["application_id"] == winner_id, "the refusal names the application that won"


async def test_simultaneous_pairs_for_one_company_and_type_let_exactly_one_win(
    settings: Settings, committing_client: httpx.AsyncClient, committing_database: Database
) -> None:
    founder = await quick_account(committing_database, settings)
    companies = await _declared_companies(committing_database, founder, 15)
    pairs = [
        (company_id, declaration_id, LANGUAGES[index % 3], LANGUAGES[(index + 1) % 3])
        for index, (company_id, declaration_id) in enumerate(companies)
    ]

    # All thirty requests at once: each pair races for its company, and the pairs race each other for the log.
    responses = await asyncio.gather(
        *(
            _create(committing_client, founder, company_id, declaration_id, language=language)
            for company_id, declaration_id, *languages in pairs
            for language in languages
        )
    )

    for index, (company_id, _, *languages) in enumerate(pairs):
        pair = responses[2 * index : 2 * index + 2]
        assert sorted(response.status_code for response in pair) == [201, 409], [r.text for r in pair]
        winner = next(response for response in pair if response.status_code == 201)
        assert winner.headers["ETag"] == '"1"'
        loser, language = next(
            (response, language) for response, language in zip(pair, languages, strict=True) if response is not winner
        )
        _assert_open_exists(loser, language, winner.json()["id"])
        assert await _open_applications(committing_database, company_id) == {"ai_native": 1}


async def test_a_burst_of_creations_for_one_company_stores_one_application(
    settings: Settings, committing_client: httpx.AsyncClient, committing_database: Database
) -> None:
    founder = await quick_account(committing_database, settings)
    [(company_id, declaration_id)] = await _declared_companies(committing_database, founder, 1)
    responses = await asyncio.gather(
        *(_create(committing_client, founder, company_id, declaration_id, language=LANGUAGES[n % 3]) for n in range(10))
    )
    assert sorted(response.status_code for response in responses) == [201] + [409] * 9
    winner = next(response for response in responses if response.status_code == 201).json()["id"]
    for n, response in enumerate(responses):
        if response.status_code == 409:
            _assert_open_exists(response, LANGUAGES[n % 3], winner)
    assert await _open_applications(committing_database, company_id) == {"ai_native": 1}
    timeline = await committing_client.get(f"{APPLICATIONS}/{winner}/events", headers=founder.headers)
    assert [entry["kind"] for entry in timeline.json()] == ["application.created"], "no event of a refused one"


async def test_simultaneous_creations_of_the_two_types_both_succeed(
    settings: Settings, committing_client: httpx.AsyncClient, committing_database: Database
) -> None:
    founder = await quick_account(committing_database, settings)
    [(company_id, declaration_id)] = await _declared_companies(committing_database, founder, 1)
    responses = await asyncio.gather(
        *(
            _create(committing_client, founder, company_id, declaration_id, licence_type=licence_type)
            for licence_type in ("ai_native", "standard_digital")
        )
    )
    assert [response.status_code for response in responses] == [201, 201]
    assert await _open_applications(committing_database, company_id) == {"ai_native": 1, "standard_digital": 1}


async def _wait_until_blocked_on_a_lock(database: Database, statement_start: str) -> None:
    """Until a session waits on a lock while running a statement that starts with ``statement_start``."""
    for _ in range(500):
        async with database.sessions() as session:
            waiting = await session.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database() AND query LIKE :start"
                ),
                {"start": f"{statement_start}%"},
            )
        if waiting:
            return
        await asyncio.sleep(0.01)
    pytest.fail(f"no session waited on a lock running {statement_start!r}")


async def _hold_an_uncommitted_creation(
    session: AsyncSession, founder: SignedIn, company_id: str, declaration_id: str
) -> str:
    created = await create_application(
        session,
        actor=Actor(account_id=uuid.UUID(founder.id), role="founder"),
        request=ApplicationCreate(
            company_id=uuid.UUID(company_id), licence_type="ai_native", declaration_id=uuid.UUID(declaration_id)
        ),
        today=FIXED_NOW.date(),
    )
    return str(created.id)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_creation_that_passed_the_check_is_refused_by_the_index_when_the_other_commits(
    settings: Settings, committing_client: httpx.AsyncClient, committing_database: Database, language: str
) -> None:
    """The race made deterministic: the request passes the service's check while the first creation is not yet
    committed, waits on the unique index, and is answered 409 (not 500) once the first one commits."""
    founder = await quick_account(committing_database, settings)
    [(company_id, declaration_id)] = await _declared_companies(committing_database, founder, 1)
    async with committing_database.sessions() as first:
        first_id = await _hold_an_uncommitted_creation(first, founder, company_id, declaration_id)
        second = asyncio.create_task(_create(committing_client, founder, company_id, declaration_id, language=language))
        await _wait_until_blocked_on_a_lock(committing_database, "INSERT INTO licence_applications")
        await first.commit()
    _assert_open_exists(await second, language, first_id)
    assert await _open_applications(committing_database, company_id) == {"ai_native": 1}


async def test_when_the_first_creation_rolls_back_the_waiting_one_is_created(
    settings: Settings, committing_client: httpx.AsyncClient, committing_database: Database
) -> None:
    founder = await quick_account(committing_database, settings)
    [(company_id, declaration_id)] = await _declared_companies(committing_database, founder, 1)
    async with committing_database.sessions() as first:
        await _hold_an_uncommitted_creation(first, founder, company_id, declaration_id)
        second = asyncio.create_task(_create(committing_client, founder, company_id, declaration_id))
        await _wait_until_blocked_on_a_lock(committing_database, "INSERT INTO licence_applications")
        await first.rollback()
    created = await second
    assert created.status_code == 201, created.text
    assert await _open_applications(committing_database, company_id) == {"ai_native": 1}


async def test_a_closed_application_does_not_count(
    settings: Settings, client: httpx.AsyncClient, database: Database
) -> None:
    founder = await quick_account(database, settings)
    company, declaration = await declared_company(client, founder)
    first = await start_application(client, founder, company["id"], declaration["id"])
    await step(client, founder, first["id"], "withdraw")
    again = await _create(client, founder, company["id"], declaration["id"])
    assert again.status_code == 201, again.text
    third = await _create(client, founder, company["id"], declaration["id"], language="kk")
    _assert_open_exists(third, "kk", again.json()["id"])


async def _insert_directly(session: AsyncSession, company_id: str, declaration_id: str, state: str) -> None:
    async with session.begin_nested():
        session.add(
            Application(
                company_id=uuid.UUID(company_id),
                licence_type="ai_native",
                declaration_id=uuid.UUID(declaration_id),
                state=state,
            )
        )
        await session.flush()


async def test_the_database_refuses_a_second_open_application_of_a_type(
    settings: Settings, client: httpx.AsyncClient, database: Database, session: AsyncSession
) -> None:
    """The last line of defence, for writers that do not go through the service."""
    founder = await quick_account(database, settings)
    company, declaration = await declared_company(client, founder)
    first = await start_application(client, founder, company["id"], declaration["id"])
    for state in OPEN_APPLICATION_STATES:
        with pytest.raises(IntegrityError, match="uq_licence_applications_one_open"):
            await _insert_directly(session, company["id"], declaration["id"], state)
    for state in ("approved", "rejected", "withdrawn"):
        await _insert_directly(session, company["id"], declaration["id"], state)
    count = await session.scalar(
        select(func.count()).where(
            Application.company_id == uuid.UUID(company["id"]), Application.state.in_(OPEN_APPLICATION_STATES)
        )
    )
    assert (count, first["state"]) == (1, "draft")
