"""Concurrent requests through real, committing transactions: nothing duplicated, nothing lost."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from api.database import Database
from tests.factories import account, company_payload, register_company

pytestmark = pytest.mark.concurrency


async def test_twenty_concurrent_creations_with_one_key_make_one_company(
    committing_client: httpx.AsyncClient, committing_database: Database
) -> None:
    founder = await account(committing_client, committing_database)
    payload = company_payload()
    headers = {**founder.headers, "Idempotency-Key": f"create-{uuid.uuid4()}"}
    responses = await asyncio.gather(
        *(committing_client.post("/api/v1/companies", json=payload, headers=headers) for _ in range(20))
    )
    assert {response.status_code for response in responses} == {201}
    assert len({response.json()["id"] for response in responses}) == 1
    register = await committing_client.get(f"/api/v1/companies/by-bin/{payload['bin']}")
    assert register.json()["id"] == responses[0].json()["id"]
    assert sum(response.headers.get("Idempotent-Replayed") == "true" for response in responses) == 19


async def test_same_key_with_another_body_is_422_and_creates_nothing(
    committing_client: httpx.AsyncClient, committing_database: Database
) -> None:
    founder = await account(committing_client, committing_database)
    headers = {**founder.headers, "Idempotency-Key": f"create-{uuid.uuid4()}"}
    first = await committing_client.post("/api/v1/companies", json=company_payload(), headers=headers)
    assert first.status_code == 201
    other = company_payload()
    second = await committing_client.post("/api/v1/companies", json=other, headers=headers)
    assert second.status_code == 422
    assert second.json()["code"] == "idempotency_key_reused"
    assert (await committing_client.get(f"/api/v1/companies/by-bin/{other['bin']}")).status_code == 404


async def test_failed_creation_does_not_burn_the_key(
    committing_client: httpx.AsyncClient, committing_database: Database
) -> None:
    founder = await account(committing_client, committing_database)
    headers = {**founder.headers, "Idempotency-Key": f"create-{uuid.uuid4()}"}
    bad = await committing_client.post("/api/v1/companies", json=company_payload(region="990000000"), headers=headers)
    assert bad.status_code == 422
    good = await committing_client.post("/api/v1/companies", json=company_payload(), headers=headers)
    assert good.status_code == 201


async def test_concurrent_patches_with_one_etag_let_exactly_one_through(
    committing_client: httpx.AsyncClient, committing_database: Database
) -> None:
    founder = await account(committing_client, committing_database)
    company = await register_company(committing_client, founder)
    headers = {**founder.headers, "If-Match": '"1"'}
    responses = await asyncio.gather(
        *(
            committing_client.patch(f"/api/v1/companies/{company['id']}", json={"headcount": n}, headers=headers)
            for n in range(10)
        )
    )
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [412] * 9
    winner = next(response for response in responses if response.status_code == 200)
    current = await committing_client.get(f"/api/v1/companies/{company['id']}", headers=founder.headers)
    assert current.json()["headcount"] == winner.json()["headcount"]
    assert current.json()["version"] == 2


async def test_concurrent_registrations_of_one_bin_give_one_company_and_409s(
    committing_client: httpx.AsyncClient, committing_database: Database
) -> None:
    founder = await account(committing_client, committing_database)
    payload = company_payload()
    responses = await asyncio.gather(
        *(committing_client.post("/api/v1/companies", json=payload, headers=founder.headers) for _ in range(8))
    )
    assert sorted(response.status_code for response in responses) == [201] + [409] * 7


async def test_feed_poller_never_misses_or_repeats_under_concurrent_writers(
    committing_client: httpx.AsyncClient, committing_database: Database
) -> None:
    founders = [await account(committing_client, committing_database) for _ in range(4)]
    start = await _latest_seq(committing_client)
    seen: list[int] = []
    writing = True

    async def poll() -> None:
        after = start
        while True:
            still_writing = writing
            page = (await committing_client.get("/api/v1/events", params={"after": after, "limit": 7})).json()
            seen.extend(item["seq"] for item in page["items"])
            after = page["last_seq"]
            if not page["items"] and not still_writing:
                return
            await asyncio.sleep(0)

    async def write(founder_index: int) -> None:
        for _ in range(6):
            await register_company(committing_client, founders[founder_index])

    poller = asyncio.create_task(poll())
    await asyncio.gather(*(write(index) for index in range(len(founders))))
    writing = False
    await poller

    everything = await _all_public_seqs_after(committing_client, start)
    assert seen == everything
    assert len(seen) == len(set(seen))
    assert len(seen) >= 24


async def _latest_seq(client: httpx.AsyncClient) -> int:
    after = 0
    while True:
        page = (await client.get("/api/v1/events", params={"after": after, "limit": 200})).json()
        if not page["items"]:
            return after
        after = page["last_seq"]


async def _all_public_seqs_after(client: httpx.AsyncClient, start: int) -> list[int]:
    seqs: list[int] = []
    after = start
    while True:
        page = (await client.get("/api/v1/events", params={"after": after, "limit": 200})).json()
        if not page["items"]:
            return seqs
        seqs += [item["seq"] for item in page["items"]]
        after = page["last_seq"]
