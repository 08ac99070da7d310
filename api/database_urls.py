"""Database URLs as operators write them (libpq's forms and parameters), checked and turned into asyncpg's.

One path for every URL the registry reads (``DATABASE_URL``, ``DATABASE_REPLICA_URLS``): :func:`asyncpg_url` checks
it when the settings are read, and :func:`engine_arguments` turns the libpq parameters asyncpg has no keyword for
into its ``connect()`` arguments when an engine is made. A parameter the registry does not know is refused by name,
never passed on to fail later as a traceback nor silently ignored.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from asyncpg.connect_utils import SessionAttribute, SSLMode  # type: ignore[import-untyped]
from sqlalchemy import URL, make_url
from sqlalchemy.exc import ArgumentError

from api.deployment import ConfigurationError

__all__ = [
    "CONNECT_TIMEOUT_RANGE",
    "PORT_RANGE",
    "SSL_MODES",
    "TARGET_SESSION_ATTRS",
    "URL_PARAMETERS",
    "asyncpg_url",
    "engine_arguments",
]

_POSTGRES_DRIVERS = frozenset({"postgres", "postgresql", "postgresql+asyncpg"})
"""The accepted schemes: libpq's two (``postgres://``, ``postgresql://``) and SQLAlchemy's asyncpg form; all become
``postgresql+asyncpg``."""

_URL_EXAMPLE = "postgresql://USER:PASSWORD@HOST:5432/DBNAME"

PORT_RANGE = (1, 65535)
"""A TCP port, in the URL's authority or in ``host=HOST:PORT`` / ``port=``."""

CONNECT_TIMEOUT_RANGE = (0, 600)
"""``connect_timeout`` in seconds, as libpq reads it: 0 waits without limit."""

SSL_MODES = tuple(mode.name.replace("_", "-") for mode in SSLMode)
"""libpq's ``sslmode`` values, which asyncpg's ``ssl`` takes as they are (``disable`` … ``verify-full``)."""

TARGET_SESSION_ATTRS = tuple(attribute.value for attribute in SessionAttribute)
"""The ``target_session_attrs`` asyncpg accepts (libpq's ``any``, ``read-write``, ``read-only``, ``primary``,
``standby``, ``prefer-standby``)."""

_SERVER_SETTINGS = ("application_name", "options")
"""libpq parameters sent to the server at start-up: asyncpg takes them in ``server_settings`` (``options`` is the
startup packet's own key for ``-c name=value`` switches)."""

URL_PARAMETERS = (
    "application_name",
    "connect_timeout",
    "host",
    "options",
    "port",
    "ssl",
    "sslmode",
    "target_session_attrs",
)
"""The query parameters a database URL may carry (``ssl`` is asyncpg's name for ``sslmode``)."""

_ENVIRONMENT_INSTEAD = {
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "passfile": "PGPASSFILE",
}
"""libpq parameters asyncpg reads from the environment instead of the URL."""


def _refuse(variable: str, problem: str) -> ConfigurationError:
    return ConfigurationError(f"{variable} {problem}")


def _port(variable: str, text: str) -> int:
    """The port ``text`` names, refused without repeating it when it is not digits.

    ``user:password`` written without ``@host`` reads as a host and a port: its password must not be printed.
    """
    low, high = PORT_RANGE
    if not text.isascii() or not text.isdigit():
        raise _refuse(variable, f"has a port that is not a number from {low} to {high}")
    if not low <= int(text) <= high:
        raise _refuse(variable, f"has the port {text}, not a number from {low} to {high}")
    return int(text)


def _authority_port(url: str) -> str:
    """The port as written after the host (without parsing it as a number), or ``""``."""
    after_host = urlsplit(url).netloc.rpartition("@")[2].rpartition("]")[2]  # an IPv6 host is in brackets
    return after_host.rpartition(":")[2] if ":" in after_host else ""


def _parsed(url: str, variable: str) -> URL:
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise _refuse(variable, f"is not a database URL; expected {_URL_EXAMPLE}") from None
    except ValueError:  # the port is not a number
        _port(variable, _authority_port(url.strip()))
        raise _refuse(variable, f"is not a database URL; expected {_URL_EXAMPLE}") from None
    if parsed.drivername not in _POSTGRES_DRIVERS:
        raise _refuse(
            variable,
            f"must name PostgreSQL ({_URL_EXAMPLE}), not {parsed.drivername}://; the registry connects with asyncpg",
        )
    if not parsed.database:
        raise _refuse(variable, f"names no database; expected {_URL_EXAMPLE}")
    if parsed.port is not None:
        _port(variable, str(parsed.port))
    return parsed


def _single(variable: str, query: Mapping[str, str | tuple[str, ...]], name: str) -> str:
    value = query[name]
    if isinstance(value, tuple):
        raise _refuse(variable, f"gives the parameter {name} {len(value)} times; give it once")
    return value


def _connect_timeout(variable: str, text: str) -> float | None:
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    low, high = CONNECT_TIMEOUT_RANGE
    if not low <= seconds <= high:  # NaN fails too
        raise _refuse(variable, f"has connect_timeout={text!r}, not a number of seconds from {low} to {high}")
    return seconds or None


def _one_of(name: str, accepted: tuple[str, ...]) -> Callable[[str, str], None]:
    def check(variable: str, value: str) -> None:
        if value not in accepted:
            raise _refuse(variable, f"has {name}={value!r}, not one of {', '.join(accepted)}")

    return check


def _host_port(variable: str, host: str) -> None:
    if ":" in host and not host.startswith("/"):  # HOST:PORT; a folder is a Unix socket's
        _port(variable, host.rpartition(":")[2])


_VALUE_CHECKS: dict[str, Callable[[str, str], object]] = {
    "ssl": _one_of("sslmode", SSL_MODES),
    "target_session_attrs": _one_of("target_session_attrs", TARGET_SESSION_ATTRS),
    "port": _port,
    "connect_timeout": _connect_timeout,
}
"""How each parameter given once is checked (``application_name`` and ``options`` take any text)."""


def _check_name(variable: str, name: str) -> None:
    if name in _ENVIRONMENT_INSTEAD:
        raise _refuse(
            variable, f"has the parameter {name}, which is read from the environment: set {_ENVIRONMENT_INSTEAD[name]}"
        )
    if name not in URL_PARAMETERS:
        raise _refuse(variable, f"has an unknown parameter {name!r}; the accepted ones are {', '.join(URL_PARAMETERS)}")


def _checked_query(variable: str, query: Mapping[str, str | tuple[str, ...]]) -> dict[str, str | tuple[str, ...]]:
    """The query with every parameter checked, ``sslmode`` renamed ``ssl``."""
    for name in query:
        _check_name(variable, name)
    checked = dict(query)
    if "sslmode" in checked and "ssl" in checked:
        raise _refuse(variable, "gives both sslmode and ssl; give one")
    if "sslmode" in checked:
        checked["ssl"] = checked.pop("sslmode")
    hosts = checked.get("host", ())
    for host in (hosts,) if isinstance(hosts, str) else hosts:  # several hosts: libpq's fail-over list
        _host_port(variable, host)
    for name in checked.keys() - {"host"}:
        value = _single(variable, checked, name)
        if name in _VALUE_CHECKS:
            _VALUE_CHECKS[name](variable, value)
    return checked


def asyncpg_url(url: str, *, variable: str = "DATABASE_URL") -> str:
    """``url`` as SQLAlchemy's asyncpg URL, every part of it checked.

    ``postgres://`` and ``postgresql://`` get the asyncpg driver and libpq's ``sslmode`` becomes asyncpg's ``ssl``
    (same values); the other parameters stay for :func:`engine_arguments`. Applied to its own result it changes
    nothing (``registry serve`` hands the URL on to its workers this way).

    Raises:
        ConfigurationError: One line naming ``variable`` and the problem (never the password): the URL does not
            parse, names another database or none, has a port outside 1–65535, an unknown parameter or a value its
            parameter does not take.
    """
    parsed = _parsed(url, variable)
    parsed = parsed.set(drivername="postgresql+asyncpg", query=_checked_query(variable, parsed.query))
    return parsed.render_as_string(hide_password=False)


def engine_arguments(url: str, connect_args: Mapping[str, object]) -> tuple[URL, dict[str, object]]:
    """The URL an engine connects to and asyncpg's ``connect()`` arguments, with the URL's libpq parameters in them.

    ``application_name`` and ``options`` join ``server_settings``; ``connect_timeout`` replaces ``timeout`` (the URL
    speaks for its own server); the rest stay in the URL, whose query SQLAlchemy hands to asyncpg as keywords.

    Raises:
        ConfigurationError: As :func:`asyncpg_url`.
    """
    variable = "the database URL"
    parsed = make_url(asyncpg_url(url, variable=variable))
    query = dict(parsed.query)
    arguments = dict(connect_args)
    server_settings = dict(arguments.get("server_settings") or {})  # type: ignore[call-overload]
    for name in _SERVER_SETTINGS:
        if name in query:
            server_settings[name] = _single(variable, query, name)
            del query[name]
    if server_settings:
        arguments["server_settings"] = server_settings
    if "connect_timeout" in query:
        arguments["timeout"] = _connect_timeout(variable, _single(variable, query, "connect_timeout"))
        del query["connect_timeout"]
    return parsed.set(query=query), arguments
