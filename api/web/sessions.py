"""The browser's side of a web session: the cookie, and the actor it stands for on page routes.

The session itself lives in the database (:mod:`registry.accounts.web_sessions`). The cookie is honoured on page
routes only (handlers marked with :data:`WEB_PAGE_OPT`): the ``/api`` stays bearer-token only, so a form posted
from another site can never act through the API with a browser's cookie.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie

from api.database import Database
from api.request_session import request_session, shares_request_session
from api.settings import Settings
from api.web.language import page_language
from registry.accounts.actor import Actor
from registry.accounts.web_sessions import SignedInSession, find_web_session

__all__ = [
    "SESSION_COOKIE",
    "WEB_PAGE_OPT",
    "cookies_are_secure",
    "ended_session_cookie",
    "is_page_route",
    "page_actor",
    "session_cookie",
    "session_lifetime",
]

SESSION_COOKIE = "registry_session"
"""The cookie that carries a signed-in browser's session token (HttpOnly: scripts never see it)."""
WEB_PAGE_OPT = "web_page"
"""Route option of every page handler: HTML errors, the session cookie and CSRF protection apply."""


def is_page_route(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """Whether the request was routed to a web page (not to the API)."""
    handler = connection.scope.get("route_handler")
    return handler is not None and bool(handler.opt.get(WEB_PAGE_OPT))


def cookies_are_secure(settings: Settings) -> bool:
    """Cookies carry ``Secure`` everywhere but in development and tests (served over plain http on localhost)."""
    return settings.environment not in {"development", "test"}


def session_lifetime(settings: Settings) -> timedelta:
    """How long a web session lasts on the server after sign-in."""
    return timedelta(seconds=settings.web_session_lifetime_seconds)


def session_cookie(token: str, settings: Settings) -> Cookie:
    """The cookie of a new session: HttpOnly, SameSite=Lax, Secure outside development and tests."""
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        path="/",
        max_age=settings.web_session_lifetime_seconds,
        secure=cookies_are_secure(settings),
        httponly=True,
        samesite="lax",
    )


def ended_session_cookie(settings: Settings) -> Cookie:
    """A cookie that makes the browser forget its session."""
    return Cookie(
        key=SESSION_COOKIE,
        value="",
        path="/",
        max_age=0,
        secure=cookies_are_secure(settings),
        httponly=True,
        samesite="lax",
    )


async def _signed_in(connection: ASGIConnection[Any, Any, Any, Any], token: str) -> SignedInSession | None:
    """The session's account, read in the request's own session when the handler goes on in it."""
    if shares_request_session(connection):
        return await find_web_session(request_session(connection.scope), token)
    database: Database = connection.app.state.database
    async with database.read_sessions() as session:
        return await find_web_session(session, token)


async def page_actor(connection: ASGIConnection[Any, Any, Any, Any]) -> Actor:
    """Who is looking at a page: the session cookie's account, checked in the database on every request.

    An unknown, expired or ended session, or a disabled account, is the anonymous visitor.
    """
    token = connection.cookies.get(SESSION_COOKIE)
    signed_in = await _signed_in(connection, token) if token else None
    if signed_in is None:
        return Actor(account_id=None, role=None, language=page_language(connection))
    return Actor(
        account_id=signed_in.account_id,
        role=signed_in.role,
        language=page_language(connection, signed_in.preferred_language),
    )
