"""Signed, expiring tokens (JWT, HS256) built on Litestar's JWT support: access tokens and device tokens.

A device token is not a credential: it only shows that its holder signed in to one account before, which exempts
its next sign-ins to that account from the per-address limit. It has its own issuer and its own key (derived from
the signing secret), so it can never pass for an access token, nor an access token for it.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import UTC, datetime, timedelta

from litestar.exceptions import ImproperlyConfiguredException, NotAuthorizedException
from litestar.security.jwt import Token

__all__ = [
    "ALGORITHM",
    "DEVICE_TOKEN_LIFETIME",
    "decode_access_token",
    "issue_access_token",
    "issue_device_token",
    "trusted_device_account",
]

ALGORITHM = "HS256"
ISSUER = "alemai-registry"
DEVICE_ISSUER = "alemai-registry/sign-in-device"
DEVICE_TOKEN_LIFETIME = timedelta(days=90)
"""How long a client stays known to an account after its last successful sign-in there."""


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


def _device_key(secret: str) -> str:
    return hmac.new(secret.encode(), b"sign-in device tokens", hashlib.sha256).hexdigest()


def issue_device_token(account_id: uuid.UUID, *, secret: str) -> str:
    """A device token for a client that has just signed in to ``account_id``."""
    now = datetime.now(UTC)
    token = Token(
        sub=str(account_id), exp=now + DEVICE_TOKEN_LIFETIME, iat=now, iss=DEVICE_ISSUER, jti=uuid.uuid4().hex
    )
    return token.encode(secret=_device_key(secret), algorithm=ALGORITHM)


def trusted_device_account(encoded: str | None, *, secret: str) -> uuid.UUID | None:
    """The account a valid device token was issued for; ``None`` for no token or a bad, forged or expired one."""
    if not encoded:
        return None
    try:
        token = Token.decode(encoded, secret=_device_key(secret), algorithm=ALGORITHM, issuer=[DEVICE_ISSUER])
        return uuid.UUID(token.sub)
    except (NotAuthorizedException, ImproperlyConfiguredException, ValueError):
        return None
