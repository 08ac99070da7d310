"""Resolves the bearer token of each request to an :class:`~registry.accounts.actor.Actor`."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult

from api.auth.tokens import decode_access_token
from api.database import Database
from api.i18n import negotiate_language
from registry.accounts.actor import ANONYMOUS, Actor
from registry.accounts.service import get_active_account

__all__ = ["BearerTokenMiddleware"]


class BearerTokenMiddleware(AbstractAuthenticationMiddleware):
    """No ``Authorization`` header: the anonymous actor. A bad, expired or disabled account's token: 401."""

    async def authenticate_request(self, connection: ASGIConnection[Any, Any, Any, Any]) -> AuthenticationResult:
        """Look the token's account up (a disabled account's tokens stop working at once)."""
        header = connection.headers.get("authorization")
        if not header:
            return AuthenticationResult(user=ANONYMOUS, auth=None)
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "bearer" or not encoded.strip():
            raise NotAuthorizedException("Invalid token: use 'Authorization: Bearer <token>'")
        state = connection.app.state
        account_id = decode_access_token(encoded.strip(), secret=state.settings.jwt_secret)
        database: Database = state.database
        async with database.sessions() as session:
            account = await get_active_account(session, account_id)
        if account is None:
            raise NotAuthorizedException("Invalid token: the account no longer exists or is disabled")
        language: str = account.preferred_language
        if connection.headers.get("accept-language"):
            language = negotiate_language(connection.headers.get("accept-language"))
        return AuthenticationResult(
            user=Actor(account_id=account.id, role=account.role, language=language), auth=encoded
        )
