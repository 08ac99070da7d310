"""The sign-in limits hold under concurrency, trust X-Forwarded-For only from trusted proxies, and do not lock the
rightful owner out of their account because of other people's failures from the same address."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest
from sqlalchemy import func, select

from api.auth.tokens import issue_access_token
from api.database import Database, transaction
from api.settings import Settings
from registry.accounts.models import LoginFailure
from registry.accounts.schemas import AccountCreate, RoleName
from registry.accounts.service import create_account
from tests.apps import app_for
from tests.conftest import FIXED_NOW
from tests.factories import PASSWORD

LOGIN = "/api/v1/auth/login"
_addresses = itertools.count(1)


def fresh_address() -> str:
    """A client address no other test uses (failures committed by other tests stay in the session's database)."""
    serial = next(_addresses) + uuid.uuid4().int % 2**20 * 64
    return f"100.{64 + serial // 65536 % 64}.{serial // 256 % 256}.{serial % 256}"


@asynccontextmanager
async def client_from(
    settings: Settings, database: Database, peer: str, *, base_url: str = "http://registry.test"
) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose requests reach the app from ``peer`` (the socket's address)."""
    with app_for(settings, database=database, clock=lambda: FIXED_NOW) as app:
        transport = httpx.ASGITransport(app=app, client=(peer, 50123))
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            yield client


async def new_account(database: Database, role: RoleName = "founder") -> str:
    email = f"signin-{role}-{uuid.uuid4().hex[:10]}@example.kz"
    async with transaction(database) as session:
        await create_account(
            session,
            actor_id=None,
            request=AccountCreate(email=email, password=PASSWORD, full_name="Sign-in Test", role=role),
        )
    return email


async def failures_recorded(database: Database, email: str) -> int:
    async with transaction(database) as session:
        return int(await session.scalar(select(func.count()).where(LoginFailure.email == email)) or 0)


def ghost() -> dict[str, str]:
    """Credentials of an account that does not exist (a new e-mail each time, so no per-account limit applies)."""
    return {"email": f"ghost-{uuid.uuid4().hex[:10]}@example.kz", "password": "not the password at all"}


def assert_rate_limited(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "auth.rate_limited"
    assert 0 < int(response.headers["Retry-After"]) <= 900


@pytest.mark.concurrency
async def test_twenty_simultaneous_wrong_passwords_are_checked_no_more_than_the_limit(
    settings: Settings, committing_database: Database
) -> None:
    email = await new_account(committing_database)
    async with client_from(settings, committing_database, fresh_address()) as client:
        responses = await asyncio.gather(
            *(client.post(LOGIN, json={"email": email, "password": f"wrong guess number {n}"}) for n in range(20))
        )
        after = await client.post(LOGIN, json={"email": email, "password": PASSWORD})
    statuses = Counter(response.status_code for response in responses)
    assert statuses == {401: settings.login_attempts_per_account, 429: 20 - settings.login_attempts_per_account}
    for response in responses:
        if response.status_code == 429:
            assert_rate_limited(response)
    assert await failures_recorded(committing_database, email) == settings.login_attempts_per_account
    assert_rate_limited(after)


@pytest.mark.concurrency
async def test_simultaneous_failures_from_one_address_are_counted_no_more_than_the_limit(
    settings: Settings, committing_database: Database
) -> None:
    limited = replace(settings, login_attempts_per_address=6)
    async with client_from(limited, committing_database, fresh_address()) as client:
        responses = await asyncio.gather(*(client.post(LOGIN, json=ghost()) for _ in range(15)))
    assert Counter(response.status_code for response in responses) == {401: 6, 429: 9}


async def test_x_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(
    settings: Settings, database: Database
) -> None:
    limited = replace(settings, login_attempts_per_address=3)
    async with client_from(limited, database, fresh_address()) as client:
        for _ in range(3):
            spoofed = {"X-Forwarded-For": fresh_address()}
            failed = await client.post(LOGIN, json=ghost(), headers=spoofed)
            assert failed.status_code == 401
        refused = await client.post(
            LOGIN, json=ghost(), headers={"X-Forwarded-For": fresh_address(), "Accept-Language": "kk"}
        )
    assert_rate_limited(refused)
    assert refused.json()["detail"].startswith("Кіру әрекеттері тым көп.")


async def test_behind_a_trusted_proxy_the_right_most_untrusted_address_is_the_client(
    settings: Settings, database: Database
) -> None:
    limited = replace(settings, login_attempts_per_address=3, trusted_proxies=("10.0.0.0/8",))
    attacker, neighbour = fresh_address(), fresh_address()
    async with client_from(limited, database, "10.1.2.3") as client:
        for _ in range(3):
            # What the client wrote on the left is not believed; the proxies' own hops on the right are skipped.
            chain = f"{fresh_address()}, {attacker}, 10.7.7.7"
            assert (await client.post(LOGIN, json=ghost(), headers={"X-Forwarded-For": chain})).status_code == 401
        assert_rate_limited(
            await client.post(LOGIN, json=ghost(), headers={"X-Forwarded-For": f"{fresh_address()}, {attacker}"})
        )
        passed = await client.post(LOGIN, json=ghost(), headers={"X-Forwarded-For": neighbour})
        assert passed.status_code == 401


async def test_the_owner_signs_in_from_an_address_that_is_over_its_limit(
    settings: Settings, database: Database
) -> None:
    limited = replace(settings, login_attempts_per_address=3)
    owner, colleague = await new_account(database, "admin"), await new_account(database)
    async with client_from(limited, database, fresh_address()) as client:
        first = await client.post(LOGIN, json={"email": owner, "password": PASSWORD})
        assert first.status_code == 200, first.text
        device_token = first.json()["device_token"]
        for _ in range(3):  # somebody at the same address sprays passwords at accounts that never signed in here
            sprayed = await client.post(LOGIN, json=ghost())
            assert sprayed.status_code == 401

        assert_rate_limited(await client.post(LOGIN, json=ghost()))
        # An account that never signed in from this client is refused, even with its right password.
        assert_rate_limited(await client.post(LOGIN, json={"email": colleague, "password": PASSWORD}))
        # Another account's device token, a forged one or an access token prove nothing.
        forged = jwt.encode(
            {"sub": "x", "exp": datetime.now(UTC) + timedelta(days=1), "iss": "alemai-registry/sign-in-device"},
            "guessed-secret-" * 4,
        )
        access = issue_access_token(uuid.uuid4(), secret=settings.jwt_secret, lifetime_seconds=600)
        for token in (device_token, forged, access, "garbage"):
            body = {"email": colleague, "password": PASSWORD, "device_token": token}
            assert_rate_limited(await client.post(LOGIN, json=body))

        again = await client.post(LOGIN, json={"email": owner, "password": PASSWORD, "device_token": device_token})
        assert again.status_code == 200, again.text
        assert again.json()["device_token"]


async def test_a_device_token_never_lifts_the_per_account_limit(settings: Settings, database: Database) -> None:
    limited = replace(settings, login_attempts_per_address=100, login_attempts_per_account=2)
    owner = await new_account(database)
    async with client_from(limited, database, fresh_address()) as client:
        device_token = (await client.post(LOGIN, json={"email": owner, "password": PASSWORD})).json()["device_token"]
        for _ in range(2):
            body = {"email": owner, "password": "a wrong password here", "device_token": device_token}
            assert (await client.post(LOGIN, json=body)).status_code == 401
        body = {"email": owner, "password": PASSWORD, "device_token": device_token}
        assert_rate_limited(await client.post(LOGIN, json=body))


async def test_a_browser_keeps_its_device_token_in_a_cookie(settings: Settings, database: Database) -> None:
    limited = replace(settings, login_attempts_per_address=2)
    owner = await new_account(database)
    async with client_from(limited, database, fresh_address(), base_url="https://registry.test") as browser:
        signed_in = await browser.post(LOGIN, json={"email": owner, "password": PASSWORD})
        cookie = signed_in.headers["set-cookie"]
        for attribute in ("registry_device=", "HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth/login"):
            assert attribute.lower() in cookie.lower()
        for _ in range(2):
            assert (await browser.post(LOGIN, json=ghost())).status_code == 401
        assert_rate_limited(await browser.post(LOGIN, json=ghost()))
        assert (await browser.post(LOGIN, json={"email": owner, "password": PASSWORD})).status_code == 200
