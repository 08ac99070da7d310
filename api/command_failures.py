"""What a failed ``registry`` command prints: one line that says what is wrong and what to do, never a traceback.

The CLI's group runs every command through :func:`failure_line`; errors it does not know still end in one line (the
exception's type and first line) and a non-zero exit. ``REGISTRY_CLI_TRACEBACK=1`` shows the traceback instead.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import exc as sa_exc
from sqlalchemy import make_url

from api.database import MigrationsMissing
from api.deployment import ConfigurationError
from registry.errors import DomainError

__all__ = ["TRACEBACK_VARIABLE", "DatabaseUnreachable", "database_failure", "failure_line", "where"]

TRACEBACK_VARIABLE = "REGISTRY_CLI_TRACEBACK"
"""Set to 1 to see a failed command's traceback (for a bug report)."""


class DatabaseUnreachable(Exception):
    """The command could not connect to (or sign in to) its database; the message says where and why."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def where(url: str) -> str:
    """``host:port/database`` of a URL, without user or password (safe to print)."""
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError:
        return "the configured database"
    host = parsed.host or str(parsed.query.get("host") or "localhost")
    return f"{host}:{parsed.port or 5432}/{parsed.database or ''}"


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error, what it wraps (SQLAlchemy's ``orig``) and what caused it, outermost first."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        pending += [orig if isinstance(orig, BaseException) else None, current.__cause__, current.__context__]


def _unreachable_reason(error: BaseException) -> str | None:
    """Why a connection could not be made, or ``None`` when the error is something else."""
    for cause in _chain(error):
        if isinstance(cause, asyncpg.ClientConfigurationError):  # before the FileNotFoundError it wraps
            hint = "; set PGSSLROOTCERT to the server's CA certificate" if "root certificate" in str(cause) else ""
            return f"{_one_line(str(cause))}{hint}"
        if isinstance(cause, asyncpg.InvalidPasswordError):
            return "the password was refused"
        if isinstance(cause, asyncpg.InvalidCatalogNameError):
            return "that database does not exist (create it first)"
        if isinstance(cause, asyncpg.InvalidAuthorizationSpecificationError):
            return f"the server refused the sign-in ({_one_line(str(cause))})"
        if isinstance(cause, asyncpg.CannotConnectNowError | asyncpg.TooManyConnectionsError):
            return f"the server does not accept connections now ({_one_line(str(cause))})"
        if isinstance(cause, socket.gaierror):
            return "the host name is not known"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused (is PostgreSQL running there?)"
        if isinstance(cause, TimeoutError):
            return "no answer in time (is the host reachable?)"
        if isinstance(cause, OSError) and (
            "Connect call failed" in str(cause) or "Multiple exceptions" in str(cause) or cause.errno is not None
        ):
            return f"connection failed ({_one_line(cause.strerror or str(cause))})"
    return None


def database_failure(error: BaseException, url: str) -> DatabaseUnreachable | None:
    """A :class:`DatabaseUnreachable` naming ``url``'s server when ``error`` means it could not be reached."""
    reason = _unreachable_reason(error)
    if reason is None:
        return None
    return DatabaseUnreachable(f"cannot use the database at {where(url)}: {reason}")


def failure_line(error: Exception) -> str:
    """The one line a command prints for ``error``."""
    if isinstance(error, DomainError):  # a weak password, a taken e-mail: the service's own words
        fields = (
            f"{field.field}: {field.message.en}" for field in error.errors if field.message.en != error.message.en
        )
        return _one_line(" ".join([error.message.en, *fields]))
    if isinstance(error, ConfigurationError | MigrationsMissing | DatabaseUnreachable):
        return _one_line(str(error))
    for cause in _chain(error):
        if isinstance(cause, asyncpg.UndefinedTableError):
            return "the database has no registry schema yet: run 'registry db upgrade' first"
        if isinstance(cause, asyncpg.UniqueViolationError | asyncpg.ForeignKeyViolationError):
            return f"the database refused the change: {_one_line(str(cause))}"
        if isinstance(cause, asyncpg.PostgresError):
            return f"the database refused the command: {_one_line(str(cause))}"
    first = _one_line(str(error)).split(". ")[0][:300]
    return f"unexpected {type(error).__name__}: {first} (set {TRACEBACK_VARIABLE}=1 to see where)"
