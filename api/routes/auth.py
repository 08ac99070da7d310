"""``/api/v1/auth``: founders sign up, everybody signs in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Request, Response, Router, get, post
from litestar.datastructures import Cookie
from litestar.params import JSONBody

from api.auth.access import SIGNED_IN, anyone, only
from api.auth.client_address import client_address, rate_limit_key, trusted_proxies
from api.auth.tokens import DEVICE_TOKEN_LIFETIME, issue_access_token, issue_device_token, trusted_device_account
from api.dependencies import AppSettings, CurrentActor, Session
from api.errors import domain_error_response
from api.settings import Settings
from registry.accounts.schemas import AccountView, LoginRequest, SignupRequest, TokenResponse
from registry.accounts.service import (
    LoginLimits,
    authenticate,
    get_account,
    record_login_failure,
    signup_founder,
)
from registry.errors import Unauthenticated

__all__ = ["auth_router", "login_limits", "sign_in_address"]


@post("/signup", **anyone(), summary="Sign up as a founder")
async def signup(data: JSONBody[SignupRequest], session: Session) -> AccountView:
    """Create a founder account (staff accounts are created by admins)."""
    return await signup_founder(session, data)


DEVICE_COOKIE = "registry_device"
"""The cookie that carries a browser's device token; it is sent to the sign-in route only."""
_LOGIN_PATH = "/api/v1/auth/login"


def sign_in_address(request: Request[Any, Any, Any], settings: Settings) -> str:
    """The address the per-address limit counts by (``X-Forwarded-For`` only from a trusted proxy)."""
    address = client_address(
        request.client.host if request.client else None,
        request.headers.getall("x-forwarded-for", []),
        trusted_proxies(settings.trusted_proxies),
    )
    return rate_limit_key(address)


def login_limits(settings: Settings) -> LoginLimits:
    """The failed sign-in limits of the settings (the API's login and the web sign-in page share them)."""
    return LoginLimits(
        per_account=settings.login_attempts_per_account,
        per_address=settings.login_attempts_per_address,
        window=timedelta(seconds=settings.login_window_seconds),
    )


def _device_cookie(token: str) -> Cookie:
    return Cookie(
        key=DEVICE_COOKIE,
        value=token,
        path=_LOGIN_PATH,
        max_age=int(DEVICE_TOKEN_LIFETIME.total_seconds()),
        secure=True,
        httponly=True,
        samesite="strict",
    )


@post("/login", **anyone(), summary="Sign in and get a bearer token", status_code=200)
async def login(
    data: JSONBody[LoginRequest], request: Request[Any, Any, Any], session: Session, settings: AppSettings
) -> TokenResponse | Response[Any]:
    """Exchange e-mail and password for a bearer token; failed attempts are rate-limited.

    Per account and per client address (see the README's security model). The device token of an earlier
    successful sign-in to the same account (``device_token``, or the ``registry_device`` cookie) exempts the
    attempt from the per-address limit, never from the per-account one.
    """
    limits = login_limits(settings)
    address = sign_in_address(request, settings)
    trusted_device_of = trusted_device_account(
        data.device_token or request.cookies.get(DEVICE_COOKIE), secret=settings.jwt_secret
    )
    try:
        account = await authenticate(
            session,
            email=data.email,
            password=data.password,
            client_address=address,
            limits=limits,
            trusted_device_of=trusted_device_of,
        )
    except Unauthenticated as error:
        # Answer without raising so that the request's transaction commits the recorded failure.
        await record_login_failure(session, email=data.email, client_address=address)
        return domain_error_response(request, error)
    token = issue_access_token(account.id, secret=settings.jwt_secret, lifetime_seconds=settings.token_lifetime_seconds)
    device_token = issue_device_token(account.id, secret=settings.jwt_secret)
    # A Response for the cookie; the annotation's ``TokenResponse`` is what the OpenAPI document shows.
    return Response(
        TokenResponse(access_token=token, expires_in=settings.token_lifetime_seconds, device_token=device_token),
        cookies=[_device_cookie(device_token)],
    )


@get("/me", **only(*SIGNED_IN), summary="The signed-in account")
async def me(actor: CurrentActor, session: Session) -> AccountView:
    """The account behind the bearer token."""
    assert actor.account_id is not None
    return await get_account(session, actor.account_id)


auth_router = Router(path="/api/v1/auth", route_handlers=[signup, login, me], tags=["auth"])
