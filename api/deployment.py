"""What a deployment must get right before the registry starts.

In production a database and a secret of its own (never the embedded development
server, never a guessable key); the URL itself is checked by :mod:`api.database_urls`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from api.settings import Settings

__all__ = ["ENVIRONMENTS", "MIN_SECRET_LENGTH", "ConfigurationError", "check_deployable"]

ENVIRONMENTS = frozenset({"development", "test", "production"})
"""The values of ``REGISTRY_ENV``; anything else is a typo that must not quietly mean development."""

MIN_SECRET_LENGTH = 32
"""The shortest ``REGISTRY_JWT_SECRET`` production accepts (HS256 wants at least 256 bits of key)."""


class ConfigurationError(ValueError):
    """A setting the registry cannot start with; the message is one line that names the variable."""


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
