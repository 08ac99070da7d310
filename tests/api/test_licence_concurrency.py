"""Concurrent approvals through real, committing transactions: one licence per application, gapless numbers."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date
from typing import Any

import httpx
import msgspec
import pytest
from sqlalchemy import func, select

from api.database import Database, transaction
from licensing.applications import claim_step, create_application, submit_step, transition_application
from licensing.licence_numbers import parse_licence_number
from licensing.licences import allocate_licence_number
from licensing.models import Application, Licence, LicenceCounter
from licensing.schemas import ApplicationCreate
from licensing.workflow import Action
from registry.accounts.actor import Actor
from registry.companies.schemas import CompanyCreate
from registry.companies.service import register_company
from registry.declarations.schemas import DeclarationIn
from registry.declarations.service import file_declaration
from tests.conftest import FIXED_NOW
from tests.factories import SignedIn, account, ai_native_declaration, company_payload, unique_bin
from tests.licensing_support import (
    APPLICATIONS,
    REGISTERED,
    current_etag,
    declared_company,
    in_review,
    start_application,
    step,
)

pytestmark = pytest.mark.concurrency

YEAR = 2026  # the year of the test clock, so the year of every number issued here
_BUSY = {"database_busy"}
"""A loser that waited longer than ``lock_timeout`` behind the winner (a slow machine): refused, nothing saved."""


async def _last_serial(database: Database, licence_type: str, year: int = YEAR) -> int:
    async with database.sessions() as session:
        value = await session.scalar(
            select(LicenceCounter.last_serial).where(
                LicenceCounter.licence_type == licence_type, LicenceCounter.year == year
            )
        )
    return int(value or 0)


async def _licences_of(database: Database, application_id: str) -> list[Licence]:
    async with database.sessions() as session:
        return list(await session.scalars(select(Licence).where(Licence.application_id == uuid.UUID(application_id))))


async def _approve(client: httpx.AsyncClient, reviewer: SignedIn, application_id: str, etag: str) -> httpx.Response:
    return await client.post(
        f"{APPLICATIONS}/{application_id}/approve",
        json={"text": "Approved."},
        headers={**reviewer.headers, "If-Match": etag},
    )


async def test_fifty_concurrent_approvals_of_one_application_issue_one_licence(
    committing_client: httpx.AsyncClient, committing_database: Database
) -> None:
    founder = await account(committing_client, committing_database)
    reviewer = await account(committing_client, committing_database, "reviewer")
    company, application = await in_review(committing_client, founder, reviewer)
    etag = await current_etag(committing_client, reviewer, application["id"])

    responses = await asyncio.gather(
        *(_approve(committing_client, reviewer, application["id"], etag) for _ in range(50))
    )

    statuses = [response.status_code for response in responses]
    assert statuses.count(200) == 1, statuses
    assert set(statuses) <= {200, 409, 412, 503}, statuses
    for response in responses:
        if response.status_code != 200:
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["code"] in {"application.stale", "application.transition_not_allowed"} | _BUSY
        if response.status_code == 503:
            assert int(response.headers["retry-after"]) > 0
    winner = next(response for response in responses if response.status_code == 200).json()
    licences = await _licences_of(committing_database, application["id"])
    assert [licence.number for licence in licences] == [winner["licence_number"]]
    listed = await committing_client.get(
        "/api/v1/licences", params={"company_id": company["id"]}, headers=founder.headers
    )
    assert [item["number"] for item in listed.json()["items"]] == [winner["licence_number"]]
    current = (await committing_client.get(f"{APPLICATIONS}/{application['id']}", headers=founder.headers)).json()
    assert (current["state"], current["licence_number"]) == ("approved", winner["licence_number"])


async def _prepare(database: Database, founder: SignedIn, reviewer: SignedIn, count: int) -> list[tuple[str, str]]:
    """``count`` standard-digital applications in review, each of its own company: (id, ETag).

    Built through the services in one transaction: the same steps as over HTTP (register, declare, apply, submit,
    claim), an order of magnitude faster. Only the approvals under test go over HTTP.
    """
    applicant = Actor(account_id=uuid.UUID(founder.id), role="founder")
    staff = Actor(account_id=uuid.UUID(reviewer.id), role="reviewer")
    today = FIXED_NOW.date()
    prepared = []
    async with transaction(database) as session:
        for _ in range(count):
            company = await register_company(
                session,
                actor=applicant,
                request=msgspec.convert(
                    company_payload(bin=unique_bin(date(2023, 1, 1)), registration_date=REGISTERED), CompanyCreate
                ),
                today=today,
            )
            declaration = await file_declaration(
                session,
                actor=applicant,
                company_id=company.id,
                request=msgspec.convert(ai_native_declaration(2025), DeclarationIn),
                today=today,
            )
            draft = await create_application(
                session,
                actor=applicant,
                request=ApplicationCreate(
                    company_id=company.id, licence_type="standard_digital", declaration_id=declaration.id
                ),
                today=today,
            )
            submitted = await transition_application(
                session,
                actor=applicant,
                application_id=draft.id,
                expected_version=draft.version,
                action=Action.SUBMIT,
                today=today,
                apply=submit_step(session, today),
            )
            claimed = await transition_application(
                session,
                actor=staff,
                application_id=draft.id,
                expected_version=submitted.version,
                action=Action.CLAIM,
                today=today,
                apply=claim_step(staff),
            )
            assert claimed.state == "in_review"
            prepared.append((str(claimed.id), f'"{claimed.version}"'))
    return prepared


async def test_a_hundred_concurrent_approvals_get_consecutive_numbers(
    committing_client: httpx.AsyncClient, committing_database: Database
) -> None:
    founder = await account(committing_client, committing_database)
    reviewer = await account(committing_client, committing_database, "reviewer")
    prepared = await _prepare(committing_database, founder, reviewer, 100)
    before = await _last_serial(committing_database, "standard_digital")

    responses = await asyncio.gather(
        *(_approve(committing_client, reviewer, application_id, etag) for application_id, etag in prepared)
    )

    assert [response.status_code for response in responses] == [200] * 100, {r.text for r in responses}
    numbers = [response.json()["licence_number"] for response in responses]
    parsed = [parse_licence_number(number) for number in numbers]
    assert {(prefix, year) for prefix, year, _ in parsed} == {("SDL", YEAR)}
    serials = sorted(serial for _, _, serial in parsed)
    assert serials == list(range(before + 1, before + 101))
    assert await _last_serial(committing_database, "standard_digital") == before + 100
    async with committing_database.sessions() as session:
        issued = (
            await session.execute(
                select(Licence.application_id, Licence.number).where(
                    Licence.application_id.in_([uuid.UUID(application_id) for application_id, _ in prepared])
                )
            )
        ).all()
    assert sorted((str(application_id), number) for application_id, number in issued) == sorted(
        (application_id, number) for (application_id, _), number in zip(prepared, numbers, strict=True)
    )
    for number in (min(numbers), max(numbers)):
        assert (await committing_client.get(f"/api/v1/licences/{number}")).json()["status"] == "active"


async def _raced_second_application(database: Database, first_id: str) -> dict[str, str]:
    """A second application as a creation racing the first one's approval could leave it: it passed the check for a
    licence in force before the approval committed (the one-open-application index let it in once the first was no
    longer open). The exclusion constraint is then the last line of defence, which is what this test exercises."""
    async with transaction(database) as session:
        original = await session.get(Application, uuid.UUID(first_id))
        assert original is not None
        clone = Application(
            id=uuid.uuid4(),
            company_id=original.company_id,
            licence_type=original.licence_type,
            declaration_id=original.declaration_id,
            created_by=original.created_by,
        )
        session.add(clone)
    return {"id": str(clone.id)}


async def test_an_approval_that_fails_after_numbering_leaves_no_hole(
    committing_client: httpx.AsyncClient, committing_database: Database
) -> None:
    founder = await account(committing_client, committing_database)
    reviewer = await account(committing_client, committing_database, "reviewer")
    # Two open applications of one company for the same licence: only one licence may be in force at a time.
    company, declaration = await declared_company(committing_client, founder)
    first = await start_application(committing_client, founder, company["id"], declaration["id"], "standard_digital")
    again = await committing_client.post(
        APPLICATIONS,
        json={"company_id": company["id"], "licence_type": "standard_digital", "declaration_id": declaration["id"]},
        headers=founder.headers,
    )
    assert again.status_code == 409, "a second open application of the same type is refused up front"
    await step(committing_client, founder, first["id"], "submit")
    await step(committing_client, reviewer, first["id"], "claim")
    _, other = await in_review(committing_client, founder, reviewer, licence_type="standard_digital")

    approved = await step(committing_client, reviewer, first["id"], "approve", {})
    _, _, issued = parse_licence_number(approved["licence_number"])
    assert await _last_serial(committing_database, "standard_digital") == issued
    second = await _raced_second_application(committing_database, first["id"])
    await step(committing_client, founder, second["id"], "submit")
    await step(committing_client, reviewer, second["id"], "claim")

    refused = await committing_client.post(
        f"{APPLICATIONS}/{second['id']}/approve",
        json={},
        headers={**reviewer.headers, "If-Match": await current_etag(committing_client, reviewer, second["id"])},
    )
    # The second licence would overlap the first: the approval fails after its number was allocated ...
    assert refused.status_code >= 400
    assert await _last_serial(committing_database, "standard_digital") == issued
    assert await _licences_of(committing_database, second["id"]) == []
    still = (await committing_client.get(f"{APPLICATIONS}/{second['id']}", headers=reviewer.headers)).json()
    assert still["state"] == "in_review"

    # ... and the next approval gets the number the failed one had taken.
    next_one = await step(committing_client, reviewer, other["id"], "approve", {})
    assert parse_licence_number(next_one["licence_number"])[2] == issued + 1

    # The reviewer is told why, as a conflict, not as an internal error.
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")


async def test_a_rolled_back_allocation_gives_its_number_back(committing_database: Database) -> None:
    year = 2099  # a year no other test numbers licences in, so this counter is this test's alone
    serials: list[tuple[int, str]] = []
    for _ in range(2):
        async with committing_database.sessions() as session:
            serials.append(await allocate_licence_number(session, licence_type_code="standard_digital", year=year))
            await session.rollback()
    assert serials == [(1, "SDL-2099-00001"), (1, "SDL-2099-00001")]
    async with committing_database.sessions() as session:
        rows = await session.scalar(select(func.count()).select_from(LicenceCounter).where(LicenceCounter.year == year))
    assert rows == 0


async def test_concurrent_allocations_wait_for_each_other_and_never_repeat(committing_database: Database) -> None:
    year = 2098
    release = asyncio.Event()
    allocated = asyncio.Event()
    results: list[Any] = []

    async def hold_and_roll_back() -> None:
        async with committing_database.sessions() as session:
            results.append(("held", await allocate_licence_number(session, licence_type_code="ai_native", year=year)))
            allocated.set()
            await release.wait()
            await session.rollback()

    async def allocate_and_roll_back() -> None:
        async with committing_database.sessions() as session:
            results.append(("next", await allocate_licence_number(session, licence_type_code="ai_native", year=year)))
            await session.rollback()

    holder = asyncio.create_task(hold_and_roll_back())
    await allocated.wait()
    waiter = asyncio.create_task(allocate_and_roll_back())
    await asyncio.sleep(0.3)
    assert len(results) == 1  # the second allocation waits for the first transaction's counter lock
    release.set()
    await asyncio.gather(holder, waiter)
    assert results == [("held", (1, "AIN-2098-00001")), ("next", (1, "AIN-2098-00001"))]
