"""A retry with the same ``Idempotency-Key`` gets the first answer whole: status, body, ``ETag``, ``Location`` and
``Content-Type``, on every route that takes the key."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from api.database import Database, transaction
from api.openapi import ROUTE_CONTRACTS
from api.settings import Settings
from tests.factories import SignedIn, ai_system_payload, company_payload, register_company
from tests.licensing_support import APPLICATIONS, declared_company, quick_account

REPLAYED = ("etag", "location", "content-type")


@dataclass(frozen=True)
class Creation:
    """One creating request: where it goes, its body, and the operation its key is kept under."""

    url: str
    body: dict[str, Any]
    operation: str


@dataclass(frozen=True)
class IdempotentRoute:
    """A creating route that takes ``Idempotency-Key``: its documented path and how to build a valid request."""

    template: str
    """The route as the contract names it."""
    name: str
    prepare: Callable[[httpx.AsyncClient, SignedIn], Awaitable[Creation]]
    resource: str
    """The path of a created resource, before its id."""


async def _company(client: httpx.AsyncClient, founder: SignedIn) -> Creation:
    return Creation("/api/v1/companies", company_payload(), "companies.register")


async def _application(client: httpx.AsyncClient, founder: SignedIn) -> Creation:
    company, declaration = await declared_company(client, founder)
    body = {"company_id": company["id"], "licence_type": "ai_native", "declaration_id": declaration["id"]}
    return Creation(APPLICATIONS, body, "applications.create")


async def _ai_system(client: httpx.AsyncClient, founder: SignedIn) -> Creation:
    company = await register_company(client, founder)
    url = f"/api/v1/companies/{company['id']}/ai-systems"
    body = ai_system_payload(name=f"Vision QA {uuid.uuid4().hex[:6]}")
    return Creation(url, body, f"ai_systems.record:{company['id']}")


ROUTES = [
    IdempotentRoute("/api/v1/companies", "companies.register", _company, "/api/v1/companies/"),
    IdempotentRoute(APPLICATIONS, "applications.create", _application, f"{APPLICATIONS}/"),
    IdempotentRoute(
        "/api/v1/companies/{company_id}/ai-systems", "ai_systems.record", _ai_system, "/api/v1/ai-systems/"
    ),
]
IDS = [route.name for route in ROUTES]


def test_every_route_documented_as_idempotent_has_its_replay_tested_here() -> None:
    documented = {(method, path) for (method, path), contract in ROUTE_CONTRACTS.items() if contract.idempotency_key}
    assert documented == {("POST", route.template) for route in ROUTES}


def _key() -> dict[str, str]:
    return {"Idempotency-Key": f"retry-{uuid.uuid4()}"}


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
async def test_a_replay_repeats_the_status_body_etag_location_and_content_type(
    settings: Settings, client: httpx.AsyncClient, database: Database, route: IdempotentRoute
) -> None:
    founder = await quick_account(database, settings)
    creation = await route.prepare(client, founder)
    body = creation.body
    headers = {**founder.headers, **_key()}
    first = await client.post(creation.url, json=body, headers=headers)
    assert first.status_code == 201, first.text
    assert first.headers["location"] == route.resource + first.json()["id"]
    assert first.headers["etag"] == '"1"'
    assert first.headers["content-type"] == "application/json"
    assert "idempotent-replayed" not in first.headers

    replay = await client.post(creation.url, json=body, headers=headers)

    assert replay.status_code == 201
    assert replay.content == first.content  # the same bytes, keys in the same order
    assert {name: replay.headers.get(name) for name in REPLAYED} == {name: first.headers[name] for name in REPLAYED}
    assert replay.headers["idempotent-replayed"] == "true"
    shown = await client.get(first.headers["location"], headers=founder.headers)
    assert (shown.status_code, shown.json()["id"]) == (200, first.json()["id"]), "Location leads to the resource"


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
async def test_a_replay_after_a_change_is_still_the_first_answer(
    settings: Settings, client: httpx.AsyncClient, database: Database, route: IdempotentRoute
) -> None:
    """A replay says what the creation answered (version 1), not what the resource is now."""
    founder = await quick_account(database, settings)
    creation = await route.prepare(client, founder)
    body = creation.body
    headers = {**founder.headers, **_key()}
    first = await client.post(creation.url, json=body, headers=headers)
    change = {
        "companies.register": {"headcount": 40},
        "applications.create": {"founder_note": "Changed."},
        "ai_systems.record": {"status": "withdrawn"},
    }[route.name]
    changed = await client.patch(
        first.headers["location"], json=change, headers={**founder.headers, "If-Match": first.headers["etag"]}
    )
    assert (changed.status_code, changed.headers["etag"]) == (200, '"2"'), changed.text

    replay = await client.post(creation.url, json=body, headers=headers)

    assert (replay.status_code, replay.headers["etag"], replay.content) == (201, '"1"', first.content)


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
async def test_a_record_kept_before_headers_were_stored_still_replays(
    settings: Settings, client: httpx.AsyncClient, database: Database, route: IdempotentRoute
) -> None:
    founder = await quick_account(database, settings)
    creation = await route.prepare(client, founder)
    body = creation.body
    key = _key()
    first = await client.post(creation.url, json=body, headers={**founder.headers, **key})
    async with transaction(database) as session:
        await session.execute(
            text("UPDATE idempotency_keys SET response_headers = NULL WHERE key = :key AND operation = :operation"),
            {"key": key["Idempotency-Key"], "operation": creation.operation},
        )

    replay = await client.post(creation.url, json=body, headers={**founder.headers, **key})

    assert (replay.status_code, replay.json()) == (201, first.json())
    assert replay.headers["content-type"] == "application/json"
    assert replay.headers["idempotent-replayed"] == "true"


@pytest.mark.parametrize("route", ROUTES, ids=IDS)
async def test_another_body_with_the_key_is_422_in_the_callers_language(
    settings: Settings, client: httpx.AsyncClient, database: Database, route: IdempotentRoute
) -> None:
    founder = await quick_account(database, settings)
    headers = {**founder.headers, **_key()}
    creation = await route.prepare(client, founder)
    first = await client.post(creation.url, json=creation.body, headers=headers)
    assert first.status_code == 201, first.text
    another = (await route.prepare(client, founder)).body
    other = await client.post(creation.url, json=another, headers={**headers, "Accept-Language": "kk"})
    assert other.status_code == 422
    assert other.headers["content-type"].startswith("application/problem+json")
    assert (other.json()["code"], other.json()["detail"]) == (
        "idempotency_key_reused",
        "Бұл Idempotency-Key басқа сұрау денесімен қолданылған.",
    )
    assert "etag" not in other.headers and "location" not in other.headers


@pytest.mark.concurrency
@pytest.mark.parametrize("route", ROUTES, ids=IDS)
async def test_simultaneous_retries_all_get_the_first_answer_with_its_headers(
    settings: Settings, committing_client: httpx.AsyncClient, committing_database: Database, route: IdempotentRoute
) -> None:
    founder = await quick_account(committing_database, settings)
    creation = await route.prepare(committing_client, founder)
    body = creation.body
    headers = {**founder.headers, **_key()}
    responses = await asyncio.gather(
        *(committing_client.post(creation.url, json=body, headers=headers) for _ in range(10))
    )

    assert {response.status_code for response in responses} == {201}, [response.text for response in responses]
    assert len({response.json()["id"] for response in responses}) == 1
    assert len({tuple(response.headers.get(name) for name in REPLAYED) for response in responses}) == 1
    assert responses[0].headers["location"] == route.resource + responses[0].json()["id"]
    assert sum(response.headers.get("idempotent-replayed") == "true" for response in responses) == 9
