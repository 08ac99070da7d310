"""Signed, expiring access tokens (JWT, HS256) built on Litestar's JWT support."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from litestar.exceptions import NotAuthorizedException
from litestar.security.jwt import Token

__all__ = ["ALGORITHM", "decode_access_token", "issue_access_token"]

ALGORITHM = "HS256"
ISSUER = "alemai-registry"


def issue_access_token(account_id: uuid.UUID, *, secret: str, lifetime_seconds: int) -> str:
    """A bearer token for ``account_id`` valid for ``lifetime_seconds``."""
    now = datetime.now(UTC)
    token = Token(
        sub=str(account_id),
        exp=now + timedelta(seconds=lifetime_seconds),
        iat=now,
        iss=ISSUER,
        jti=uuid.uuid4().hex,
    )
    return token.encode(secret=secret, algorithm=ALGORITHM)


def decode_access_token(encoded: str, *, secret: str) -> uuid.UUID:
    """The account id in a valid token.

    Raises:
        NotAuthorizedException: the token is malformed, forged or expired.
    """
    token = Token.decode(encoded, secret=secret, algorithm=ALGORITHM, issuer=[ISSUER])
    try:
        return uuid.UUID(token.sub)
    except ValueError as error:
        raise NotAuthorizedException("Invalid token subject") from error
