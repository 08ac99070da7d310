"""Sign-up, sign-in, tokens, rate limiting and disabled accounts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest

from api.auth.tokens import issue_access_token
from api.database import Database
from api.settings import Settings
from tests.factories import PASSWORD, account, login


def signup_body(**overrides: str) -> dict[str, str]:
    body = {
        "email": f"Founder-{uuid.uuid4().hex[:8]}@Example.kz",
        "password": PASSWORD,
        "full_name": "Айгерім Сәрсенова",
        "preferred_language": "kk",
    }
    body.update(overrides)
    return body


async def test_founder_signs_up_signs_in_and_sees_themself(client: httpx.AsyncClient) -> None:
    body = signup_body()
    created = await client.post("/api/v1/auth/signup", json=body)
    assert created.status_code == 201
    assert created.json()["role"] == "founder"
    assert created.json()["email"] == body["email"].lower()
    assert "password" not in created.text and "password_hash" not in created.text

    token = await client.post("/api/v1/auth/login", json={"email": body["email"], "password": PASSWORD})
    assert token.status_code == 200
    assert token.json()["token_type"] == "bearer"
    assert token.json()["expires_in"] > 0

    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token.json()['access_token']}"})
    assert me.status_code == 200
    assert me.json()["full_name"] == "Айгерім Сәрсенова"


async def test_signup_cannot_choose_a_staff_role(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/signup", json={**signup_body(), "role": "admin"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["field"] == "role"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "At least 12 characters."), ("ru", "Не менее 12 символов."), ("kk", "Кемінде 12 таңба болуы керек.")],
)
async def test_short_password_is_refused_in_the_callers_language(
    client: httpx.AsyncClient, language: str, expected: str
) -> None:
    response = await client.post(
        "/api/v1/auth/signup", json=signup_body(password="short"), headers={"Accept-Language": language}
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["status"] == 422
    assert {"type", "title", "detail"} <= problem.keys()
    assert problem["errors"] == [{"field": "password", "code": "validation", "message": expected}]


async def test_duplicate_email_is_a_conflict(client: httpx.AsyncClient) -> None:
    body = signup_body()
    assert (await client.post("/api/v1/auth/signup", json=body)).status_code == 201
    again = await client.post("/api/v1/auth/signup", json={**body, "email": body["email"].upper()})
    assert again.status_code == 409
    assert again.json()["code"] == "account.email_taken"


async def test_wrong_password_and_unknown_email_look_the_same(client: httpx.AsyncClient) -> None:
    body = signup_body()
    await client.post("/api/v1/auth/signup", json=body)
    wrong = await client.post("/api/v1/auth/login", json={"email": body["email"], "password": "x" * 12})
    unknown = await client.post("/api/v1/auth/login", json={"email": "nobody@example.kz", "password": "x" * 12})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]


async def test_login_is_rate_limited_per_account(client: httpx.AsyncClient, settings: Settings) -> None:
    body = signup_body()
    await client.post("/api/v1/auth/signup", json=body)
    for _ in range(settings.login_attempts_per_account):
        failed = await client.post("/api/v1/auth/login", json={"email": body["email"], "password": "wrong-password!"})
        assert failed.status_code == 401
    limited = await client.post("/api/v1/auth/login", json={"email": body["email"], "password": PASSWORD})
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.json()["code"] == "auth.rate_limited"


async def test_login_is_rate_limited_per_client_address(client: httpx.AsyncClient, settings: Settings) -> None:
    for index in range(settings.login_attempts_per_address):
        email = f"ghost-{index}-{uuid.uuid4().hex[:6]}@example.kz"
        assert (await client.post("/api/v1/auth/login", json={"email": email, "password": "x" * 12})).status_code == 401
    limited = await client.post("/api/v1/auth/login", json={"email": "another@example.kz", "password": "x" * 12})
    assert limited.status_code == 429


async def test_disabled_account_token_stops_working(client: httpx.AsyncClient, database: Database) -> None:
    admin = await account(client, database, "admin")
    founder = await account(client, database, "founder")
    assert (await client.get("/api/v1/auth/me", headers=founder.headers)).status_code == 200
    disabled = await client.patch(f"/api/v1/accounts/{founder.id}", json={"disabled": True}, headers=admin.headers)
    assert disabled.status_code == 200
    assert disabled.json()["disabled"] is True
    refused = await client.get("/api/v1/auth/me", headers=founder.headers)
    assert refused.status_code == 401
    assert (
        await client.post("/api/v1/auth/login", json={"email": founder.email, "password": PASSWORD})
    ).status_code == 401


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/metrics/summary", None),  # the token is checked in the handler's own session
        ("GET", "/api/v1/metrics/dictionary", None),  # a route without a session
        ("POST", "/api/v1/companies", {"name_en": "Ghost LLP"}),  # checked before the body is read
    ],
)
async def test_disabled_account_is_refused_on_the_next_request_to_any_route(
    client: httpx.AsyncClient, database: Database, method: str, path: str, body: dict[str, str] | None
) -> None:
    admin = await account(client, database, "admin")
    economist = await account(client, database, "economist")
    assert (await client.request(method, path, json=body, headers=economist.headers)).status_code != 401
    await client.patch(f"/api/v1/accounts/{economist.id}", json={"disabled": True}, headers=admin.headers)
    refused = await client.request(method, path, json=body, headers=economist.headers)
    assert refused.status_code == 401
    assert refused.json()["code"] == "token_invalid"


async def test_role_change_takes_effect_on_the_next_request(client: httpx.AsyncClient, database: Database) -> None:
    admin = await account(client, database, "admin")
    founder = await account(client, database, "founder")
    assert (await client.get("/api/v1/accounts", headers=founder.headers)).status_code == 403
    await client.patch(f"/api/v1/accounts/{founder.id}", json={"role": "admin"}, headers=admin.headers)
    assert (await client.get("/api/v1/accounts", headers=founder.headers)).status_code == 200


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not-a-token", "Basic dXNlcjpwYXNz", "Bearer ", "Token abc"],
)
async def test_malformed_tokens_are_refused(client: httpx.AsyncClient, authorization: str) -> None:
    response = await client.get("/api/v1/auth/me", headers={"Authorization": authorization})
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_expired_and_forged_tokens_are_refused(
    client: httpx.AsyncClient, database: Database, settings: Settings
) -> None:
    founder = await account(client, database, "founder")
    past = datetime.now(UTC) - timedelta(hours=2)
    expired = jwt.encode(
        {"sub": founder.id, "iat": past, "exp": past + timedelta(hours=1), "iss": "alemai-registry"},
        settings.jwt_secret,
        algorithm="HS256",
    )
    forged = issue_access_token(uuid.UUID(founder.id), secret="another-secret-" * 4, lifetime_seconds=600)
    for token in (expired, forged):
        response = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.json()["code"] == "token_invalid"


async def test_admin_manages_staff_accounts(client: httpx.AsyncClient, database: Database) -> None:
    admin = await account(client, database, "admin")
    email = f"reviewer-{uuid.uuid4().hex[:6]}@alemai.kz"
    created = await client.post(
        "/api/v1/accounts",
        json={"email": email, "password": PASSWORD, "full_name": "Жанар Ревьюер", "role": "reviewer"},
        headers=admin.headers,
    )
    assert created.status_code == 201
    assert created.json()["role"] == "reviewer"
    reviewer_headers = await login(client, email)
    me = await client.get("/api/v1/auth/me", headers=reviewer_headers)
    assert me.json()["role"] == "reviewer"

    listed = await client.get("/api/v1/accounts", params={"limit": 200}, headers=admin.headers)
    assert email in [item["email"] for item in listed.json()["items"]]
    missing = await client.patch(f"/api/v1/accounts/{uuid.uuid4()}", json={"role": "admin"}, headers=admin.headers)
    assert missing.status_code == 404


async def test_account_list_pages_with_a_cursor(client: httpx.AsyncClient, database: Database) -> None:
    admin = await account(client, database, "admin")
    for _ in range(3):
        await account(client, database, "economist")
    first = (await client.get("/api/v1/accounts", params={"limit": 2}, headers=admin.headers)).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = (
        await client.get("/api/v1/accounts", params={"limit": 2, "cursor": first["next_cursor"]}, headers=admin.headers)
    ).json()
    assert not {item["id"] for item in first["items"]} & {item["id"] for item in second["items"]}
    assert datetime.now(UTC) - timedelta(days=1) < datetime.fromisoformat(second["items"][0]["created_at"])
