"""``/api/v1/auth``: founders sign up, everybody signs in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Request, Response, Router, get, post
from litestar.params import JSONBody

from api.auth.access import SIGNED_IN, anyone, only
from api.auth.tokens import issue_access_token
from api.dependencies import AppSettings, CurrentActor, Session
from api.errors import domain_error_response
from registry.accounts.schemas import AccountView, LoginRequest, SignupRequest, TokenResponse
from registry.accounts.service import (
    LoginLimits,
    authenticate,
    get_account,
    record_login_failure,
    signup_founder,
)
from registry.errors import Unauthenticated

__all__ = ["auth_router"]


@post("/signup", **anyone(), summary="Sign up as a founder")
async def signup(data: JSONBody[SignupRequest], session: Session) -> AccountView:
    """Create a founder account (staff accounts are created by admins)."""
    return await signup_founder(session, data)


def _client_address(request: Request[Any, Any, Any]) -> str:
    return request.client.host if request.client else "unknown"


@post("/login", **anyone(), summary="Sign in and get a bearer token", status_code=200)
async def login(
    data: JSONBody[LoginRequest], request: Request[Any, Any, Any], session: Session, settings: AppSettings
) -> TokenResponse | Response[dict[str, Any]]:
    """Exchange e-mail and password for a bearer token; failed attempts are rate-limited."""
    limits = LoginLimits(
        per_account=settings.login_attempts_per_account,
        per_address=settings.login_attempts_per_address,
        window=timedelta(seconds=settings.login_window_seconds),
    )
    address = _client_address(request)
    try:
        account = await authenticate(
            session, email=data.email, password=data.password, client_address=address, limits=limits
        )
    except Unauthenticated as error:
        # Answer without raising so that the request's transaction commits the recorded failure.
        await record_login_failure(session, email=data.email, client_address=address)
        return domain_error_response(request, error)
    token = issue_access_token(account.id, secret=settings.jwt_secret, lifetime_seconds=settings.token_lifetime_seconds)
    return TokenResponse(access_token=token, expires_in=settings.token_lifetime_seconds)


@get("/me", **only(*SIGNED_IN), summary="The signed-in account")
async def me(actor: CurrentActor, session: Session) -> AccountView:
    """The account behind the bearer token."""
    assert actor.account_id is not None
    return await get_account(session, actor.account_id)


auth_router = Router(path="/api/v1/auth", route_handlers=[signup, login, me], tags=["auth"])
