"""Plain reads on the driver: SQLAlchemy Core statements compiled once, run on the asyncpg connection itself.

A hot public read (a company's profile, a licence's verification, the register's first page) is one or two plain
SELECTs. Through an ORM session each cost some 0.5 ms of CPU on top of asyncpg's own work (the session, its
transaction, compiling the statement's cache key, building the result); the same statement on the asyncpg connection
costs a fifth of that. The statement is still written once, in SQLAlchemy Core, next to the query it belongs to;
:class:`PlainStatement` compiles it for asyncpg on first use and keeps the SQL text, so asyncpg's own statement cache
prepares it once per connection.

Rows are asyncpg records (or the same values by position and by name), read by their column labels.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any, cast

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import Label, Pool
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.engine.interfaces import PoolProxiedConnection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.util import greenlet_spawn

__all__ = [
    "BROKEN_CONNECTION_ERRORS",
    "CONFUSED_CONNECTION_ERRORS",
    "Columns",
    "PlainReader",
    "PlainStatement",
    "connection_reader",
    "forget_pooled_connections",
    "labelled",
    "session_reader",
]

_DIALECT = PGDialect_asyncpg()  # type: ignore[no-untyped-call]


class PlainReader:
    """What runs a plain read: the asyncpg connection of a request, or one shared with a session.

    A base class rather than a protocol: the web framework checks a dependency's value against its declared type on
    every request, and a protocol's check walked its members (4 % of a licence verification's CPU).
    """

    async def fetch(self, query: str, *args: object) -> list[Any]:
        """The rows of ``query`` with positional ``args`` (``$1``, ``$2``, …)."""
        raise NotImplementedError


class PlainStatement:
    """One Core statement compiled for asyncpg, with its named parameters in the order the SQL numbers them.

    A parameter not given to :meth:`fetch` takes the value it was built with (a literal of a condition that its owner
    builds once per value).
    """

    def __init__(self, statement: ClauseElement) -> None:
        self._statement = statement
        self._compiled: tuple[str, tuple[str, ...], dict[str, Any]] | None = None

    def _sql(self) -> tuple[str, tuple[str, ...], dict[str, Any]]:
        if self._compiled is None:
            compiled = cast(SQLCompiler, self._statement.compile(dialect=_DIALECT))
            self._compiled = str(compiled), tuple(compiled.positiontup or ()), dict(compiled.params)
        return self._compiled

    @property
    def sql(self) -> str:
        """The SQL text asyncpg prepares."""
        return self._sql()[0]

    async def fetch(self, reader: PlainReader, parameters: Mapping[str, object]) -> Sequence[Any]:
        """The statement's rows, its parameters given by name."""
        sql, names, built_with = self._sql()
        return await reader.fetch(
            sql, *(parameters[name] if name in parameters else built_with[name] for name in names)
        )


class Columns:
    """A driver row's values as attributes, read as the view builders read a model (``licence.number``).

    With ``prefix``, the attributes of one table among the row's (``company_name_kk`` read as ``name_kk``).
    """

    __slots__ = ("_prefix", "_row")

    def __init__(self, row: Any, prefix: str = "") -> None:
        self._row = row
        self._prefix = prefix

    def __getattr__(self, name: str) -> Any:
        try:
            return self._row[self._prefix + name]
        except KeyError:
            raise AttributeError(name) from None


def labelled(model: type[Any], names: Sequence[str], prefix: str = "") -> list[Label[Any]]:
    """The columns ``names`` of ``model`` labelled ``prefix + name``, for :class:`Columns` to read."""
    return [getattr(model, name).label(prefix + name) for name in names]


CONFUSED_CONNECTION_ERRORS = (asyncpg.exceptions.InternalClientError,)
"""What asyncpg fails with on a connection left mid-operation (by a server that went away): never usable again."""
BROKEN_CONNECTION_ERRORS = (OSError, TimeoutError, asyncpg.exceptions.InterfaceError, *CONFUSED_CONNECTION_ERRORS)
"""What a driver connection fails with when the server is gone, frozen or unreachable (a PostgreSQL error, a refused
statement, leaves the connection usable)."""


async def forget_pooled_connections(pool: Pool, connection: PoolProxiedConnection, error: BaseException) -> None:
    """What SQLAlchemy does when one of its statements finds the server gone, for a failure on the driver.

    ``connection`` is closed and discarded, and every connection the pool opened before it is replaced at its next
    checkout: a server that froze or restarted holds none of them any more, so the next requests (and the readiness
    check) do not each wait on a dead connection first.
    """
    await greenlet_spawn(pool._invalidate, connection, error)


class _SharedConnectionReader(PlainReader):
    """The asyncpg connection under a SQLAlchemy connection, one statement at a time with the session's own.

    SQLAlchemy's asyncpg adapter serialises the statements of one connection with its lock; a plain read on the same
    connection (tests bind every request to one connection) takes the same lock, so that concurrent requests never
    run two statements on it at once. A connection found broken is invalidated, as SQLAlchemy would.
    """

    def __init__(self, connection: AsyncConnection, raw: PoolProxiedConnection) -> None:
        self._connection = connection
        self._raw = raw
        self._driver: Any = raw.driver_connection
        lock = getattr(raw.dbapi_connection, "_execute_mutex", None)
        self._lock: AbstractAsyncContextManager[Any] = lock if isinstance(lock, asyncio.Lock) else nullcontext()

    async def fetch(self, query: str, *args: object) -> list[Any]:
        try:
            async with self._lock:
                rows: list[Any] = await self._driver.fetch(query, *args)
        except BROKEN_CONNECTION_ERRORS as error:
            await greenlet_spawn(self._connection.sync_engine.pool._invalidate, self._raw, error, False)
            await self._connection.invalidate(error)
            raise
        return rows


async def connection_reader(connection: AsyncConnection) -> PlainReader:
    """A reader on ``connection``'s asyncpg connection (inside its transaction, when one is open)."""
    return _SharedConnectionReader(connection, await connection.get_raw_connection())


async def session_reader(session: AsyncSession) -> PlainReader:
    """A reader on the connection of ``session`` (what a web page that also writes, or a test, reads with).

    What the session holds unwritten is flushed first: a plain read sees what the session's own queries would.
    """
    await session.flush()
    return await connection_reader(await session.connection())
