"""The web foundation over HTTP (in-process): layout and languages, sign-up, sign-in, sign-out, CSRF, error pages."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.app import create_app
from api.database import Database
from api.settings import Settings
from api.web.sessions import cookies_are_secure, session_cookie
from registry.accounts.models import Account
from registry.accounts.web_sessions import find_web_session, start_web_session
from tests.conftest import FIXED_NOW
from tests.factories import PASSWORD

TOKEN = re.compile(r'name="_csrf_token" value="([^"]+)"')


async def form_token(client: httpx.AsyncClient, path: str) -> str:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    found = TOKEN.search(response.text)
    assert found, "the page has no CSRF field"
    return found.group(1)


@pytest.mark.parametrize(
    ("language", "heading"), [("kk", "AlemAI тізілімі"), ("ru", "Реестр AlemAI"), ("en", "AlemAI Registry")]
)
async def test_home_page_in_each_language_and_the_choice_sticks(
    client: httpx.AsyncClient, language: str, heading: str
) -> None:
    response = await client.get("/", params={"lang": language})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert f'<html lang="{language}">' in response.text
    assert heading in response.text
    assert response.cookies.get("registry_lang") == language
    again = await client.get("/")
    assert f'<html lang="{language}">' in again.text


async def test_accept_language_chooses_when_nothing_was_chosen(client: httpx.AsyncClient) -> None:
    response = await client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    assert '<html lang="ru">' in response.text


async def test_sign_up_signs_in_with_an_httponly_session_and_sign_out_ends_it(client: httpx.AsyncClient) -> None:
    token = await form_token(client, "/sign-up")
    email = f"web-{uuid.uuid4().hex[:10]}@example.kz"
    response = await client.post(
        "/sign-up",
        data={"_csrf_token": token, "full_name": "Aigerim Web", "email": email, "password": PASSWORD},
    )
    assert response.status_code == 303, response.text
    cookie = response.headers["set-cookie"]
    assert "registry_session=" in cookie
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    home = await client.get("/")
    assert "/sign-out" in home.text
    token = TOKEN.search(home.text)
    assert token
    out = await client.post("/sign-out", data={"_csrf_token": token.group(1)})
    assert out.status_code == 303
    assert "/sign-out" not in (await client.get("/")).text


async def test_sign_up_shows_the_services_own_message_next_to_the_field(client: httpx.AsyncClient) -> None:
    token = await form_token(client, "/sign-up?lang=ru")
    response = await client.post(
        "/sign-up",
        data={"_csrf_token": token, "full_name": "Aigerim", "email": "weak@example.kz", "password": "password1234"},
    )
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.text
    assert '<html lang="ru">' in response.text


async def test_wrong_password_is_refused_with_the_apis_message(client: httpx.AsyncClient) -> None:
    token = await form_token(client, "/sign-in")
    response = await client.post(
        "/sign-in", data={"_csrf_token": token, "email": "nobody@example.kz", "password": "wrong password here"}
    )
    assert response.status_code == 401
    api = await client.post("/api/v1/auth/login", json={"email": "nobody@example.kz", "password": "wrong again"})
    assert api.json()["detail"] in response.text


async def test_a_form_post_without_the_token_is_refused(client: httpx.AsyncClient) -> None:
    await client.get("/sign-in")
    response = await client.post("/sign-in", data={"email": "a@example.kz", "password": "whatever it is"})
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")


async def test_error_pages_are_html_for_pages_and_problems_for_the_api(client: httpx.AsyncClient) -> None:
    page = await client.get("/no-such-page", headers={"Accept": "text/html", "Accept-Language": "kk"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Бет табылмады" in page.text
    api = await client.get("/api/v1/no-such-thing", headers={"Accept": "text/html"})
    assert api.status_code == 404
    assert api.headers["content-type"].startswith("application/problem+json")


async def test_a_signed_in_page_sends_an_anonymous_visitor_to_sign_in(client: httpx.AsyncClient) -> None:
    token = await form_token(client, "/sign-in")
    response = await client.post("/sign-out", data={"_csrf_token": token})
    assert response.status_code == 303
    assert response.headers["location"].startswith("/sign-in?next=")


async def test_the_api_does_not_take_the_session_cookie(client: httpx.AsyncClient) -> None:
    token = await form_token(client, "/sign-up")
    email = f"web-{uuid.uuid4().hex[:10]}@example.kz"
    signed_up = await client.post(
        "/sign-up", data={"_csrf_token": token, "full_name": "Aigerim Web", "email": email, "password": PASSWORD}
    )
    assert signed_up.status_code == 303
    assert client.cookies.get("registry_session")
    me = await client.get("/api/v1/auth/me")
    assert me.status_code == 401
    assert me.headers["content-type"].startswith("application/problem+json")


async def test_a_session_ends_on_the_server_when_it_expires(session: AsyncSession) -> None:
    account = Account(
        id=uuid.uuid4(),
        email=f"web-{uuid.uuid4().hex[:10]}@example.kz",
        password_hash="x",
        full_name="Expiring",
        role="founder",
    )
    session.add(account)
    await session.flush()
    started = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    token = await start_web_session(session, account_id=account.id, lifetime=timedelta(hours=8), now=started)
    assert await find_web_session(session, token, now=started + timedelta(hours=7)) is not None
    assert await find_web_session(session, token, now=started + timedelta(hours=8)) is None


def test_cookies_are_secure_outside_development_and_tests() -> None:
    production = Settings(environment="production", jwt_secret="x" * 40)
    assert cookies_are_secure(production)
    assert session_cookie("t", production).secure
    assert not cookies_are_secure(Settings(environment="test"))


async def test_sign_in_keeps_the_apis_limits(settings: Settings, database: Database) -> None:
    limited = create_app(replace(settings, login_attempts_per_account=2), database=database, clock=lambda: FIXED_NOW)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=limited), base_url="http://registry.test") as web:
        email = f"web-{uuid.uuid4().hex[:10]}@example.kz"
        answers = []
        for _ in range(3):
            token = await form_token(web, "/sign-in?lang=ru")
            answer = await web.post("/sign-in", data={"_csrf_token": token, "email": email, "password": "wrong wrong"})
            answers.append(answer)
        assert [answer.status_code for answer in answers] == [401, 401, 429]
        assert "retry-after" in answers[-1].headers
        api = await web.post(
            "/api/v1/auth/login", json={"email": email, "password": "wrong"}, headers={"Accept-Language": "ru"}
        )
        assert api.status_code == 429
        wording = re.sub(r"\d+", "N", api.json()["detail"])  # the same message; the seconds left may differ by one
        assert wording in re.sub(r"\d+", "N", answers[-1].text)
