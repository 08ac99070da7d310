"""The chain's public routes: hashes in the feed, every link, signed checkpoints and their key; hostile queries."""

from __future__ import annotations

import base64

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from api.database import Database
from registry.events.chain import GENESIS_HASH
from registry.events.checkpoints import ChainLink, Checkpoint, check_extends, key_id_of, verify_checkpoint
from tests.factories import account, register_company


async def _head(connection: AsyncConnection) -> tuple[int, str]:
    row = (await connection.execute(text("SELECT last_seq, last_hash FROM event_chain_head"))).one()
    return int(row[0]), str(row[1])


async def test_the_feed_and_the_chain_carry_the_hashes_the_log_holds(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    owner = await account(client, database)
    colleague = await account(client, database)
    before, _ = await _head(connection)
    company = await register_company(client, owner)
    await client.post(
        f"/api/v1/companies/{company['id']}/members", json={"email": colleague.email}, headers=owner.headers
    )
    await register_company(client, owner)

    stored = {
        seq: (prev_hash, digest)
        for seq, prev_hash, digest in await connection.execute(
            text("SELECT seq, prev_hash, hash FROM events WHERE seq > :s ORDER BY seq"), {"s": before}
        )
    }
    assert len(stored) == 3

    feed = (await client.get("/api/v1/events", params={"after": before})).json()["items"]
    assert [item["seq"] for item in feed] == [before + 1, before + 3], "the member event is confidential"
    assert {item["seq"]: (item["prev_hash"], item["hash"]) for item in feed} == {
        before + 1: stored[before + 1],
        before + 3: stored[before + 3],
    }

    chain = (await client.get("/api/v1/events/chain", params={"after": before})).json()
    assert chain["last_seq"] == before + 3
    assert [item for item in chain["items"]] == [
        {"seq": seq, "prev_hash": prev_hash, "hash": digest} for seq, (prev_hash, digest) in stored.items()
    ]
    assert set(chain["items"][1]) == {"seq", "prev_hash", "hash"}, "a confidential event shows only its hashes"
    for earlier, later in zip(chain["items"], chain["items"][1:], strict=False):
        assert later["prev_hash"] == earlier["hash"]


async def test_a_checkpoint_signs_the_head_and_the_key_route_verifies_it(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    owner = await account(client, database)
    first = Checkpoint.from_json((await client.get("/api/v1/events/checkpoint")).json())
    await register_company(client, owner)
    response = await client.get("/api/v1/events/checkpoint")
    assert response.status_code == 200
    newer = Checkpoint.from_json(response.json())
    assert (newer.seq, newer.hash) == await _head(connection)
    assert newer.issued_at == "2026-11-20T09:00:00.000000Z", "the app's clock, in the signed form"

    key = (await client.get("/api/v1/events/checkpoint/key")).json()
    assert key["algorithm"] == "Ed25519" and key["format"] == "alemai-registry event-chain checkpoint v1"
    raw = base64.b64decode(key["public_key"])
    assert key["key_id"] == key_id_of(raw) == newer.key_id
    verify_checkpoint(newer, raw)

    # A consumer without our code: the five documented lines, checked with the PEM key.
    signed = (
        f"alemai-registry event-chain checkpoint v1\nseq={newer.seq}\nhash={newer.hash}\n"
        f"issued_at={newer.issued_at}\nkey_id={newer.key_id}\n"
    ).encode()
    pem_key = load_pem_public_key(key["public_key_pem"].encode())
    assert isinstance(pem_key, Ed25519PublicKey)
    pem_key.verify(base64.b64decode(newer.signature), signed)

    links_page = (await client.get("/api/v1/events/chain", params={"after": first.seq - 1})).json()
    links = [ChainLink(item["seq"], item["prev_hash"], item["hash"]) for item in links_page["items"]]
    check_extends(first, newer, links)


async def test_an_empty_chain_is_signed_at_the_genesis_hash(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    # Only inside this test's rolled-back transaction: as if the registry had just been installed.
    await connection.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
    await connection.execute(text("DELETE FROM events"))
    await connection.execute(text("UPDATE event_chain_head SET last_seq = 0, last_hash = :h"), {"h": GENESIS_HASH})
    checkpoint = (await client.get("/api/v1/events/checkpoint")).json()
    assert (checkpoint["seq"], checkpoint["hash"]) == (0, GENESIS_HASH)
    assert (await client.get("/api/v1/events/chain")).json() == {"items": [], "last_seq": 0}


@pytest.mark.parametrize("path", ["/api/v1/events", "/api/v1/events/chain"])
@pytest.mark.parametrize(
    "query",
    [
        "after=-1",
        "after=abc",
        "after=%00",
        "after=1.5",
        "after=",
        "after=9223372036854775808",
        "after=999999999999999999999",
        "limit=0",
        "limit=201",
        "limit=-5",
        "limit=%00",
        "limit=99999999999999999999999",
    ],
)
async def test_a_hostile_query_is_a_clear_422(client: httpx.AsyncClient, path: str, query: str) -> None:
    response = await client.get(f"{path}?{query}", headers={"Accept-Language": "ru"})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 422
    assert any("а" <= letter <= "я" for letter in body["detail"].lower()), "in the language asked for"
    assert {error["field"] for error in body["errors"]} & {"after", "limit"}, body


@pytest.mark.parametrize("path", ["/api/v1/events", "/api/v1/events/chain"])
async def test_the_largest_sequence_number_is_a_valid_cursor(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path, params={"after": 2**63 - 1, "limit": 200})
    assert response.status_code == 200
    assert response.json() == {"items": [], "last_seq": 2**63 - 1}


@pytest.mark.parametrize("path", ["/api/v1/events/checkpoint", "/api/v1/events/checkpoint/key"])
async def test_the_checkpoint_routes_take_no_input(client: httpx.AsyncClient, path: str) -> None:
    assert (await client.get(path)).status_code == 200
    junk = await client.get(f"{path}?seq=%00&after=-1&x={'y' * 2000}")
    assert junk.status_code in {200, 422}, "parameters it does not take are ignored or refused, never a crash"
    if junk.status_code == 422:
        assert junk.headers["content-type"].startswith("application/problem+json")
    for method in ("POST", "PUT", "DELETE"):
        refused = await client.request(method, path)
        assert refused.status_code == 405
        assert refused.headers["content-type"].startswith("application/problem+json")


async def test_verify_is_for_admins_and_reports_the_head(
    client: httpx.AsyncClient, database: Database, connection: AsyncConnection
) -> None:
    founder = await account(client, database)
    admin = await account(client, database, "admin")
    assert (await client.get("/api/v1/audit/verify")).status_code == 401
    assert (await client.get("/api/v1/audit/verify", headers=founder.headers)).status_code == 403
    report = (await client.get("/api/v1/audit/verify", headers=admin.headers)).json()
    head_seq, head_hash = await _head(connection)
    assert report == {
        "intact": True,
        "events_checked": head_seq,
        "last_hash": head_hash,
        "head_seq": head_seq,
        "head_hash": head_hash,
        "broken_at_seq": None,
        "expected_seq": None,
        "break_kind": None,
        "reason": None,
    }
