"""An attacker with superuser access edits, deletes, reorders and truncates the event chain; every case is caught.

The attacker switches the append-only trigger off (``session_replication_role = replica``), commits, and may
recompute every hash afterwards the way the registry does. Each case runs on its own copy of one small registry
database (``CREATE DATABASE … TEMPLATE``), made for this module and dropped after it, so no tampering reaches the
database the rest of the suite shares. Each case says what catches it: ``/audit/verify``, a consumer that kept a
signed checkpoint before the attack, or both — and at least one always does. Needs a server where the test role may
create databases and is a superuser (the embedded server's is; so must ``TEST_DATABASE_URL``'s be).
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import insert, make_url, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.app import create_app
from api.database import Database, create_engine, migrate
from api.settings import Settings
from registry.events.chain import GENESIS_HASH, EventContent, event_hash
from registry.events.checkpoints import ChainLink, ChainRewritten, Checkpoint, check_extends, verify_checkpoint
from registry.events.models import Event
from tests.conftest import FIXED_NOW
from tests.factories import SignedIn, account, login, register_company

SETTINGS = Settings(
    environment="test",
    jwt_secret="audit-chain-tamper-test-secret-0123456789abcdef",
    data_dir=Path("/nonexistent-audit-chain-tamper"),
    log_json=False,
)
COMPANIES = 6
"""Companies the registry has before the attack: each adds a public event and a confidential one (a member)."""


@dataclass(frozen=True)
class Registry:
    """The untouched registry every case starts from, and what its consumer kept."""

    template: str
    url: str
    admin_email: str
    founder_email: str
    kept: Checkpoint
    public_key: bytes


async def _as_superuser(engine: AsyncEngine, statement: str) -> None:
    async with engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text(statement))


@asynccontextmanager
async def _http(database: Database) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(SETTINGS, database=database, clock=lambda: FIXED_NOW)
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as client:
        yield client


async def _public_key(client: httpx.AsyncClient) -> bytes:
    response = await client.get("/api/v1/events/checkpoint/key")
    assert response.status_code == 200, response.text
    return base64.b64decode(response.json()["public_key"])


@pytest.fixture(scope="module")
async def registry(engine: AsyncEngine, database_url: str) -> AsyncIterator[Registry]:
    name = f"audit_chain_{uuid.uuid4().hex[:10]}"
    await _as_superuser(engine, f'CREATE DATABASE "{name}"')
    url = make_url(database_url).set(database=name).render_as_string(hide_password=False)
    try:
        template_engine = create_engine(url, pool_size=2)
        try:
            await migrate(template_engine)
            database = Database.for_engine(template_engine)
            async with _http(database) as client:
                admin = await account(client, database, "admin")
                founder = await account(client, database)
                colleague = await account(client, database)
                for _ in range(COMPANIES):
                    company = await register_company(client, founder)
                    added = await client.post(
                        f"/api/v1/companies/{company['id']}/members",
                        json={"email": colleague.email},
                        headers=founder.headers,
                    )
                    assert added.status_code == 201, added.text
                public_key = await _public_key(client)
                kept = Checkpoint.from_json((await client.get("/api/v1/events/checkpoint")).json())
                verify_checkpoint(kept, public_key)
        finally:
            await template_engine.dispose()
        yield Registry(name, url, admin.email, founder.email, kept, public_key)
    finally:
        await _as_superuser(engine, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Case:
    """One copy of the registry, its superuser and HTTP sides."""

    engine: AsyncEngine
    database: Database
    client: httpx.AsyncClient
    registry: Registry

    @property
    def kept_seq(self) -> int:
        return self.registry.kept.seq

    async def tamper(self, *statements: str, **params: Any) -> None:
        """Run ``statements`` as a superuser with the append-only trigger bypassed, and commit."""
        async with self.engine.begin() as connection:
            await connection.execute(text("SET LOCAL session_replication_role = replica"))
            for statement in statements:
                await connection.execute(text(statement), params)

    async def rehash(self) -> None:
        """What an attacker who knows the algorithm does next: renumber from 1, recompute every hash, move the head."""
        async with self.engine.begin() as connection:
            await connection.execute(text("SET LOCAL session_replication_role = replica"))
            events = (await connection.execute(select(Event.__table__).order_by(Event.seq))).all()
            prev = GENESIS_HASH
            rows = []
            for seq, event in enumerate(events, start=1):
                values = dict(event._mapping)
                content = EventContent(**{**_content_fields(values), "seq": seq, "prev_hash": prev})
                prev = event_hash(content)
                rows.append({**values, "seq": seq, "prev_hash": content.prev_hash, "hash": prev})
            await connection.execute(text("DELETE FROM events"))
            await connection.execute(insert(Event), rows)
            await connection.execute(
                text("UPDATE event_chain_head SET last_seq = :seq, last_hash = :hash"), {"seq": len(rows), "hash": prev}
            )

    async def write(self, companies: int) -> None:
        """Legitimate writes after the attack (the registry goes on working)."""
        headers = await login(self.client, self.registry.founder_email)
        founder = SignedIn(id="", email=self.registry.founder_email, role="founder", headers=headers)
        for _ in range(companies):
            await register_company(self.client, founder)

    async def verify(self) -> dict[str, Any]:
        headers = await login(self.client, self.registry.admin_email)
        response = await self.client.get("/api/v1/audit/verify", headers=headers)
        assert response.status_code == 200, response.text
        report: dict[str, Any] = response.json()
        return report

    async def consumer(self) -> str | None:
        """What the consumer that kept the checkpoint finds now: ``None``, or how the chain fails to extend it."""
        response = await self.client.get("/api/v1/events/checkpoint")
        if response.status_code == 409:
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["code"] == "events.chain_head_out_of_step"
            return "no_checkpoint"
        assert response.status_code == 200, response.text
        newer = Checkpoint.from_json(response.json())
        verify_checkpoint(newer, await _public_key(self.client))
        links = await _links(self.client, after=max(self.kept_seq - 1, 0), until=newer.seq)
        try:
            check_extends(self.registry.kept, newer, links)
        except ChainRewritten as rewritten:
            return rewritten.kind
        return None


def _content_fields(values: dict[str, Any]) -> dict[str, Any]:
    names = ("occurred_at", "actor_id", "kind", "resource_type", "resource_id", "is_public", "data", "confidential")
    return {name: values[name] for name in names}


async def _links(client: httpx.AsyncClient, *, after: int, until: int) -> list[ChainLink]:
    links: list[ChainLink] = []
    while after < until:
        page = (await client.get("/api/v1/events/chain", params={"after": after, "limit": 200})).json()
        if not page["items"]:
            break
        links += [ChainLink(item["seq"], item["prev_hash"], item["hash"]) for item in page["items"]]
        after = page["last_seq"]
    return links


@pytest.fixture
async def case(engine: AsyncEngine, registry: Registry) -> AsyncIterator[Case]:
    name = f"{registry.template}_{uuid.uuid4().hex[:6]}"
    await _as_superuser(engine, f'CREATE DATABASE "{name}" TEMPLATE "{registry.template}"')
    copy_engine = create_engine(make_url(registry.url).set(database=name).render_as_string(hide_password=False))
    try:
        database = Database.for_engine(copy_engine)
        async with _http(database) as client:
            copy = Case(copy_engine, database, client, registry)
            assert (await copy.verify())["intact"] is True
            assert await copy.consumer() is None
            yield copy
    finally:
        await copy_engine.dispose()
        await _as_superuser(engine, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# The attacks ------------------------------------------------------------------------------------------------------

Attack = Callable[[Case], Awaitable[None]]


async def edit(case: Case) -> None:
    await case.tamper("UPDATE events SET data = jsonb_set(data, '{name_en}', '\"Forged LLP\"') WHERE seq = :seq", seq=4)


async def edit_and_rehash(case: Case) -> None:
    await edit(case)
    await case.rehash()


async def delete(case: Case) -> None:
    await case.tamper("DELETE FROM events WHERE seq = :seq", seq=4)


async def delete_and_rehash(case: Case) -> None:
    await delete(case)
    await case.rehash()


async def delete_rehash_and_write(case: Case) -> None:
    await delete_and_rehash(case)
    await case.write(2)


async def reorder(case: Case) -> None:
    await case.tamper(
        "UPDATE events SET seq = 1000000 WHERE seq = :a",
        "UPDATE events SET seq = :a WHERE seq = :b",
        "UPDATE events SET seq = :b WHERE seq = 1000000",
        a=4,
        b=5,
    )


async def reorder_and_rehash(case: Case) -> None:
    await reorder(case)
    await case.rehash()


async def _cut_tail(case: Case, *, head: str) -> None:
    last = case.kept_seq - 3
    rewind = {
        "rewound": (
            "UPDATE event_chain_head SET last_seq = :last, last_hash = (SELECT hash FROM events WHERE seq = :last)"
        ),
        "seq_only": "UPDATE event_chain_head SET last_seq = :last",
        "untouched": None,
    }[head]
    await case.tamper("DELETE FROM events WHERE seq > :last", *([rewind] if rewind else []), last=last)


async def truncate(case: Case) -> None:
    await _cut_tail(case, head="rewound")


async def truncate_and_write(case: Case) -> None:
    await truncate(case)
    await case.write(5)


async def truncate_leaving_the_head(case: Case) -> None:
    await _cut_tail(case, head="untouched")


async def truncate_rewinding_only_last_seq(case: Case) -> None:
    await _cut_tail(case, head="seq_only")


async def edit_the_head_hash(case: Case) -> None:
    await case.tamper("UPDATE event_chain_head SET last_hash = repeat('f', 64)")


Found = Callable[[int], tuple[str, int, int]]
"""What verify reports, given the kept checkpoint's ``seq``: the kind of break, where, and how many events verified."""


@pytest.mark.parametrize(
    ("attack", "verify_finds", "consumer_finds"),
    [
        # Not rehashed: verify recomputes the edited event's hash; the consumer sees only hashes, which are intact.
        (edit, lambda _: ("content", 4, 3), None),
        # Rehashed: a chain intact in itself, but not the one the consumer holds a signature for.
        (edit_and_rehash, None, "kept_hash_changed"),
        (delete, lambda _: ("missing_event", 5, 3), None),
        (delete_and_rehash, None, "rolled_back"),
        (delete_rehash_and_write, None, "kept_hash_changed"),
        (reorder, lambda _: ("link", 4, 3), None),
        (reorder_and_rehash, None, "kept_hash_changed"),
        # The tail cut off and the head rewound to match: only a kept checkpoint can tell, refilled or not.
        (truncate, None, "rolled_back"),
        (truncate_and_write, None, "kept_hash_changed"),
        # A head that does not match the log: verify says where, and the registry signs no checkpoint of it.
        (truncate_leaving_the_head, lambda n: ("head_seq", n - 2, n - 3), "no_checkpoint"),
        (truncate_rewinding_only_last_seq, lambda n: ("head_hash", n - 3, n - 3), "no_checkpoint"),
        (edit_the_head_hash, lambda n: ("head_hash", n, n), "no_checkpoint"),
    ],
)
async def test_every_tampering_is_detected(
    case: Case, attack: Attack, verify_finds: Found | None, consumer_finds: str | None
) -> None:
    await attack(case)
    report = await case.verify()
    found_by_consumer = await case.consumer()

    assert verify_finds is not None or consumer_finds is not None, "a case nobody detects is not a test"
    if verify_finds is None:
        assert report["intact"] is True, report
    else:
        kind, seq, checked = verify_finds(case.kept_seq)
        assert report["intact"] is False
        assert (report["break_kind"], report["broken_at_seq"], report["events_checked"]) == (kind, seq, checked)
        assert report["reason"]
    assert found_by_consumer == consumer_finds


async def test_the_trigger_refuses_tampering_without_the_bypass(case: Case) -> None:
    async def _try(connection: AsyncConnection, statement: str) -> None:
        with pytest.raises(DBAPIError, match="append-only"):
            await connection.execute(text(statement))

    for statement in ("UPDATE events SET kind = 'forged' WHERE seq = 1", "DELETE FROM events", "TRUNCATE events"):
        async with case.engine.connect() as connection:
            await _try(connection, statement)
    assert (await case.verify())["intact"] is True


async def test_verify_reports_in_the_callers_language(case: Case) -> None:
    await edit(case)
    headers = await login(case.client, case.registry.admin_email)
    texts = {
        language: (
            await case.client.get("/api/v1/audit/verify", headers={**headers, "Accept-Language": language})
        ).json()["reason"]
        for language in ("kk", "ru", "en")
    }
    assert texts["en"] == "The content of event 4 does not match its hash."
    assert len(set(texts.values())) == 3 and "4" in texts["kk"] and "4" in texts["ru"]
