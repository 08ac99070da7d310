"""What a deployment must get right before the registry starts.

A PostgreSQL URL it can use, and in production a database and a secret of its own (never the embedded development
server, never a guessable key).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError

if TYPE_CHECKING:
    from api.settings import Settings

__all__ = ["ENVIRONMENTS", "MIN_SECRET_LENGTH", "ConfigurationError", "asyncpg_url", "check_deployable"]

ENVIRONMENTS = frozenset({"development", "test", "production"})
"""The values of ``REGISTRY_ENV``; anything else is a typo that must not quietly mean development."""

MIN_SECRET_LENGTH = 32
"""The shortest ``REGISTRY_JWT_SECRET`` production accepts (HS256 wants at least 256 bits of key)."""

_POSTGRES_DRIVERS = frozenset({"postgres", "postgresql", "postgresql+asyncpg"})
"""The schemes of ``DATABASE_URL`` that are accepted: libpq's two (``postgres://``, ``postgresql://``) and SQLAlchemy's
asyncpg form; all become ``postgresql+asyncpg``."""

_URL_EXAMPLE = "postgresql://USER:PASSWORD@HOST:5432/DBNAME"


class ConfigurationError(ValueError):
    """A setting the registry cannot start with; the message is one line that names the variable."""


def asyncpg_url(url: str) -> str:
    """``DATABASE_URL`` as SQLAlchemy's asyncpg URL.

    ``postgres://`` and ``postgresql://`` (the forms hosting providers and libpq use) get the asyncpg driver, and
    libpq's ``sslmode`` becomes asyncpg's ``ssl`` (same values); any other scheme is refused.

    Raises:
        ConfigurationError: The URL cannot be parsed or names another database.
    """
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise ConfigurationError(f"DATABASE_URL is not a database URL; expected {_URL_EXAMPLE}") from None
    if parsed.drivername not in _POSTGRES_DRIVERS:
        raise ConfigurationError(
            f"DATABASE_URL must name PostgreSQL ({_URL_EXAMPLE}), not {parsed.drivername}://; "
            "the registry connects with asyncpg"
        )
    if not parsed.database:
        raise ConfigurationError(f"DATABASE_URL names no database; expected {_URL_EXAMPLE}")
    parsed = parsed.set(drivername="postgresql+asyncpg")
    if "sslmode" in parsed.query:
        query = dict(parsed.query)
        query["ssl"] = query.pop("sslmode")
        parsed = parsed.set(query=query)
    return parsed.render_as_string(hide_password=False)


def check_deployable(settings: Settings) -> None:
    """Refuse settings the registry must not start with.

    Raises:
        ConfigurationError: ``REGISTRY_ENV`` is unknown, or production lacks ``DATABASE_URL`` (it would otherwise
            start an embedded development server with data on the local disk) or a real ``REGISTRY_JWT_SECRET``.
    """
    if settings.environment not in ENVIRONMENTS:
        raise ConfigurationError(
            f"REGISTRY_ENV={settings.environment!r} is not one of {', '.join(sorted(ENVIRONMENTS))}"
        )
    if settings.environment != "production":
        return
    if not settings.database_url:
        raise ConfigurationError(
            "DATABASE_URL must be set in production (REGISTRY_ENV=production); "
            "the embedded PostgreSQL is for development only"
        )
    if len(settings.jwt_secret) < MIN_SECRET_LENGTH:
        raise ConfigurationError(
            f"REGISTRY_JWT_SECRET must be set in production (REGISTRY_ENV=production), "
            f"at least {MIN_SECRET_LENGTH} random characters (e.g. python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(48))')"
        )
