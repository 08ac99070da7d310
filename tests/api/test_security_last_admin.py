"""No change leaves the registry without an active admin, not even two admins demoting each other at once.

The number of admins is a property of the whole database, so these tests run on a database of their own where
they create every admin there is.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from api.auth.tokens import issue_access_token
from api.database import Database, transaction
from api.settings import Settings
from registry.accounts.models import Account
from registry.accounts.schemas import AccountCreate, RoleName
from registry.accounts.service import create_account
from tests.apps import app_for
from tests.conftest import FIXED_NOW
from tests.database import database_of_its_own
from tests.factories import PASSWORD

pytestmark = pytest.mark.concurrency

REFUSALS = {
    "en": "This change would leave the registry without an active administrator. "
    "Make another account an administrator first.",
    "ru": "После этого изменения в реестре не останется ни одного действующего администратора. "
    "Сначала назначьте администратором другую учётную запись.",
    "kk": "Бұл өзгерістен кейін тізілімде бірде-бір белсенді әкімші қалмайды. "
    "Алдымен басқа тіркелгіні әкімші етіп тағайындаңыз.",
}


@pytest.fixture
async def lonely_database(engine: AsyncEngine) -> AsyncIterator[Database]:
    async with database_of_its_own(engine, "registry_admins") as database:
        yield database


@pytest.fixture
async def client(settings: Settings, lonely_database: Database) -> AsyncIterator[httpx.AsyncClient]:
    with app_for(settings, database=lonely_database, clock=lambda: FIXED_NOW) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as client:
            yield client


async def new_account(database: Database, settings: Settings, role: RoleName) -> tuple[str, dict[str, str]]:
    """An account of ``role``: its id and bearer header."""
    async with transaction(database) as session:
        view = await create_account(
            session,
            actor_id=None,
            request=AccountCreate(
                email=f"{role}-{uuid.uuid4().hex[:10]}@example.kz", password=PASSWORD, full_name="Hub Staff", role=role
            ),
        )
    token = issue_access_token(view.id, secret=settings.jwt_secret, lifetime_seconds=600)
    return str(view.id), {"Authorization": f"Bearer {token}"}


async def active_admins(database: Database) -> set[str]:
    async with transaction(database) as session:
        ids = await session.scalars(select(Account.id).where(Account.role == "admin", Account.disabled.is_(False)))
        return {str(account_id) for account_id in ids}


async def versions(database: Database) -> int:
    async with transaction(database) as session:
        return int(await session.scalar(select(func.sum(Account.version))) or 0)


@pytest.mark.parametrize(
    ("change", "language"), [({"role": "founder"}, "kk"), ({"role": "reviewer"}, "ru"), ({"disabled": True}, "en")]
)
async def test_the_last_admin_cannot_demote_or_disable_themself(
    client: httpx.AsyncClient, lonely_database: Database, settings: Settings, change: dict[str, Any], language: str
) -> None:
    admin_id, admin = await new_account(lonely_database, settings, "admin")
    before = await versions(lonely_database)
    refused = await client.patch(
        f"/api/v1/accounts/{admin_id}", json=change, headers={**admin, "Accept-Language": language}
    )
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["code"] == "account.last_active_admin"
    assert refused.json()["detail"] == REFUSALS[language]
    assert await active_admins(lonely_database) == {admin_id}
    assert await versions(lonely_database) == before
    renamed = await client.patch(f"/api/v1/accounts/{admin_id}", json={"full_name": "Still In Charge"}, headers=admin)
    assert renamed.status_code == 200


async def test_an_admin_steps_down_once_another_is_active(
    client: httpx.AsyncClient, lonely_database: Database, settings: Settings
) -> None:
    first_id, first = await new_account(lonely_database, settings, "admin")
    second_id, second = await new_account(lonely_database, settings, "admin")
    disabled = await client.patch(f"/api/v1/accounts/{second_id}", json={"disabled": True}, headers=first)
    assert disabled.status_code == 200
    # A disabled admin does not count: the first is the last active one.
    assert (
        await client.patch(f"/api/v1/accounts/{first_id}", json={"role": "founder"}, headers=first)
    ).status_code == (409)
    enabled = await client.patch(f"/api/v1/accounts/{second_id}", json={"disabled": False}, headers=first)
    assert enabled.status_code == 200
    stepped_down = await client.patch(f"/api/v1/accounts/{first_id}", json={"role": "founder"}, headers=first)
    assert stepped_down.status_code == 200
    assert await active_admins(lonely_database) == {second_id}
    assert (
        await client.patch(f"/api/v1/accounts/{second_id}", json={"role": "admin"}, headers=second)
    ).status_code == (200)


@pytest.mark.parametrize("change", [{"role": "economist"}, {"disabled": True}])
async def test_two_admins_taking_each_other_away_at_once_leave_one(
    client: httpx.AsyncClient, lonely_database: Database, settings: Settings, change: dict[str, Any]
) -> None:
    for _ in range(4):
        (first_id, first), (second_id, second) = [
            await new_account(lonely_database, settings, "admin") for _ in range(2)
        ]
        for other in (await active_admins(lonely_database)) - {first_id, second_id}:
            assert (await client.patch(f"/api/v1/accounts/{other}", json=change, headers=first)).status_code == 200
        responses = await asyncio.gather(
            client.patch(f"/api/v1/accounts/{second_id}", json=change, headers=first),
            client.patch(f"/api/v1/accounts/{first_id}", json=change, headers=second),
        )
        statuses = sorted(response.status_code for response in responses)
        # The loser is refused as the last admin, or, when the winner committed before its token was checked, as no
        # longer an admin at all.
        assert statuses in ([200, 401], [200, 403], [200, 409]), [response.text for response in responses]
        assert len(await active_admins(lonely_database)) == 1
