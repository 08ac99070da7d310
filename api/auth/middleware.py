"""Resolves each request's bearer token (on web pages: its session cookie) to an :class:`Actor`."""

from __future__ import annotations

import uuid
from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.types import Message, Receive, Scope, Send

from api.auth.tokens import decode_access_token
from api.database import Database
from api.i18n import negotiate_language
from api.request_session import (
    release_request_session,
    request_reader,
    request_session,
    shares_request_reader,
    shares_request_session,
)
from api.web.sessions import is_page_route, page_actor
from registry.accounts.actor import ANONYMOUS, Actor
from registry.accounts.service import ActiveAccount, get_active_account
from registry.plain_reads import session_reader

__all__ = ["BearerTokenMiddleware"]


class BearerTokenMiddleware(AbstractAuthenticationMiddleware):
    """No ``Authorization`` header: the anonymous actor. A bad, expired or disabled account's token: 401.

    The account is read from the database on every request, never cached, so disabling an account or changing
    its role takes effect on the very next request.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Authenticate and call the route; the request's session is released before the response starts."""
        if scope["type"] != ScopeType.HTTP:
            await super().__call__(scope, receive, send)
            return

        async def send_after_release(message: Message) -> None:
            if message["type"] == "http.response.start":
                await release_request_session(scope)
            await send(message)

        try:
            await super().__call__(scope, receive, send_after_release)
        finally:
            await release_request_session(scope)

    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any, Any]) -> AuthenticationResult:
        """Look the token's account up (a disabled account's tokens stop working at once)."""
        header = connection.headers.get("authorization")
        if not header:
            if is_page_route(connection):
                # A web page: the browser's session cookie names the same principal a token would.
                return AuthenticationResult(user=await page_actor(connection), auth=None)
            return AuthenticationResult(user=ANONYMOUS, auth=None)
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "bearer" or not encoded.strip():
            raise NotAuthorizedException("Invalid token: use 'Authorization: Bearer <token>'")
        account_id = decode_access_token(encoded.strip(), secret=connection.app.state.settings.jwt_secret)
        account = await _active_account(connection, account_id)
        if account is None:
            raise NotAuthorizedException("Invalid token: the account no longer exists or is disabled")
        language: str = account.preferred_language
        if connection.headers.get("accept-language"):
            language = negotiate_language(connection.headers.get("accept-language"))
        return AuthenticationResult(
            user=Actor(account_id=account_id, role=account.role, language=language), auth=encoded
        )


async def _active_account(
    connection: ASGIConnection[Any, Any, Any, Any], account_id: uuid.UUID
) -> ActiveAccount | None:
    """The account, read on the request's own connection when the handler will go on with it, else in a short session.

    On the primary always: a replica connection is never shared with the token check.
    """
    if shares_request_reader(connection):
        return await get_active_account(await request_reader(connection.scope), account_id)
    if shares_request_session(connection):
        return await get_active_account(await session_reader(request_session(connection.scope)), account_id)
    database: Database = connection.app.state.database
    async with database.read_sessions() as session:
        return await get_active_account(await session_reader(session), account_id)
