"""The event log: written with each change, public feed without confidential fields, tamper-evident chain."""

from __future__ import annotations

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.database import Database
from tests.factories import account, register_company


async def _events_after(client: httpx.AsyncClient, after: int) -> list[dict[str, object]]:
    page = await client.get("/api/v1/events", params={"after": after, "limit": 200})
    assert page.status_code == 200
    return page.json()["items"]  # type: ignore[no-any-return]


async def _last_seq(connection: AsyncConnection) -> int:
    return int((await connection.execute(text("SELECT last_seq FROM event_chain_head"))).scalar_one())


async def test_each_change_appends_one_event(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    owner = await account(client, database)
    colleague = await account(client, database)
    before = await _last_seq(connection)
    company = await register_company(client, owner)
    url = f"/api/v1/companies/{company['id']}"
    await client.patch(
        url, json={"name_en": "Tulpar AI LLP", "headcount": 40}, headers={**owner.headers, "If-Match": '"1"'}
    )
    await client.post(f"{url}/members", json={"email": colleague.email}, headers=owner.headers)
    kinds = (
        (await connection.execute(text("SELECT kind FROM events WHERE seq > :s ORDER BY seq"), {"s": before}))
        .scalars()
        .all()
    )
    assert kinds == ["company.registered", "company.updated", "company.member_added"]

    feed = await _events_after(client, before)
    assert [event["kind"] for event in feed] == ["company.registered", "company.updated"]
    registered, updated = feed
    assert registered["data"]["bin"] == company["bin"]  # type: ignore[index]
    assert "headcount" not in str(registered["data"]) and "website" not in str(registered["data"])
    assert updated["data"] == {"changed": {"name_en": "Tulpar AI LLP"}}


async def test_failed_request_appends_no_event(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    owner = await account(client, database)
    before = await _last_seq(connection)
    response = await client.post(
        "/api/v1/companies",
        json={
            "bin": "123",
            "name_kk": "x",
            "name_ru": "x",
            "legal_form": "llp",
            "region": "710000000",
            "registration_date": "2023-01-01",
            "activities": ["62.01"],
            "primary_activity": "62.01",
        },
        headers=owner.headers,
    )
    assert response.status_code == 422
    assert await _last_seq(connection) == before


async def test_audit_chain_verifies_and_detects_an_edit(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    admin = await account(client, database, "admin")
    owner = await account(client, database)
    await register_company(client, owner)
    intact = await client.get("/api/v1/audit/verify", headers=admin.headers)
    assert intact.status_code == 200
    assert intact.json()["intact"] is True
    assert intact.json()["events_checked"] >= 3

    target = await _last_seq(connection)
    # Tampering needs the append-only trigger switched off first; the test's transaction is rolled back after.
    await connection.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
    await connection.execute(
        text("UPDATE events SET data = jsonb_set(data, '{name_en}', '\"Forged LLP\"') WHERE seq = :s"), {"s": target}
    )
    broken = (await client.get("/api/v1/audit/verify", headers=admin.headers)).json()
    assert broken["intact"] is False
    assert broken["broken_at_seq"] == target
    assert "hash" in broken["reason"]


async def test_audit_chain_detects_a_deleted_event(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    admin = await account(client, database, "admin")
    owner = await account(client, database)
    await register_company(client, owner)
    await register_company(client, owner)
    target = await _last_seq(connection) - 1
    await connection.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
    await connection.execute(text("DELETE FROM events WHERE seq = :s"), {"s": target})
    broken = (await client.get("/api/v1/audit/verify", headers=admin.headers)).json()
    assert broken["intact"] is False
    assert broken["broken_at_seq"] == target + 1


async def test_feed_is_paged_by_sequence(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    owner = await account(client, database)
    before = await _last_seq(connection)
    for _ in range(5):
        await register_company(client, owner)
    first = (await client.get("/api/v1/events", params={"after": before, "limit": 2})).json()
    second = (await client.get("/api/v1/events", params={"after": first["last_seq"], "limit": 2})).json()
    seqs = [e["seq"] for e in first["items"]] + [e["seq"] for e in second["items"]]
    assert seqs == sorted(seqs) and len(set(seqs)) == 4
    empty = (await client.get("/api/v1/events", params={"after": 10**12})).json()
    assert empty == {"items": [], "last_seq": 10**12}
