"""One database session per request, shared by the token check and the handler's transaction.

A signed-in request used to open two sessions: one in the authentication middleware to re-check the account, one
for the handler. Each took a connection from the pool (with its pre-ping) and ran its own transaction: five round
trips to PostgreSQL before the handler's first query. When the route takes the ``session`` dependency and the
request carries no body, the middleware now opens the request's session, checks the account in it, and the
handler's transaction goes on in the same session.

The connection is never held while the client is slow: a request with a body keeps a separate, short token check
(the body is read after the middleware and before the dependencies), and the session is released before the
response starts, whatever the outcome.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.types import Scope
from sqlalchemy.engine.interfaces import PoolProxiedConnection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.util import greenlet_spawn

from api.database import Database
from registry.plain_reads import BROKEN_CONNECTION_ERRORS, PlainReader, connection_reader, forget_pooled_connections

__all__ = [
    "LONG_WORK_OPT",
    "PLAIN_READS_OPT",
    "READER_DEPENDENCY",
    "SESSION_DEPENDENCY",
    "long_work",
    "plain_reads",
    "release_request_session",
    "request_reader",
    "request_session",
    "shares_request_reader",
    "shares_request_session",
    "takes_database",
    "use_replica_connection",
]

SESSION_DEPENDENCY = "session"
"""The name of the dependency that hands a handler the request's session."""
READER_DEPENDENCY = "reader"
"""The name of the dependency that hands a plain-read handler the request's :class:`PlainReader`."""
LONG_WORK_OPT = "long_work"
"""A route option: the route's transaction may take minutes and runs on the long-work pool without a time limit."""
PLAIN_READS_OPT = "plain_reads"
"""A route option: its GET runs only plain SELECTs that need no shared transaction, so they run without BEGIN and
COMMIT (:attr:`api.database.Database.plain_read_sessions`)."""
_SCOPE_KEY = "registry.session"
"""Where the open session is kept, in the request's ``scope["state"]``."""
_REPLICA_KEY = "registry.replica_connection"
"""Where a read's replica connection is kept, when :mod:`api.replicas` routed it to one."""
_READER_KEY = "registry.reader"
"""Where the request's plain reader is kept (:func:`request_reader`)."""


class _PooledReader(PlainReader):
    """A driver connection checked out of a pool on first use, given back (or thrown away when it broke) after."""

    __slots__ = ("_broken", "_checkout", "_engine")

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._checkout: PoolProxiedConnection | None = None
        self._broken: BaseException | None = None

    async def fetch(self, query: str, *args: object) -> list[Any]:
        if self._checkout is None:
            self._checkout = await self._engine.raw_connection()
        driver: Any = self._checkout.driver_connection
        try:
            rows: list[Any] = await driver.fetch(query, *args)
        except BROKEN_CONNECTION_ERRORS as error:
            self._broken = error
            raise
        return rows

    async def release(self) -> None:
        if self._checkout is None:
            return
        checkout, self._checkout = self._checkout, None
        if self._broken is not None:
            await forget_pooled_connections(self._engine.sync_engine.pool, checkout, self._broken)
            return
        # The pool is SQLAlchemy's, which closes a connection with the driver's awaitables inside a greenlet.
        await greenlet_spawn(checkout.close)


def request_session(scope: Scope) -> AsyncSession:
    """The request's session, opened on first use (it takes a connection only when it first runs a statement)."""
    state: dict[str, Any] = scope.setdefault("state", {})
    session: AsyncSession | None = state.get(_SCOPE_KEY)
    if session is None:
        session = state[_SCOPE_KEY] = _sessions_for(scope)()
    return session


async def request_reader(scope: Scope) -> PlainReader:
    """The request's plain reader (:mod:`registry.plain_reads`), made on first use and kept for the request.

    On a read routed to a replica, that connection's driver; else a driver connection checked straight out of the
    pool the route's work belongs to, when the request first reads: no session, no transaction (each plain SELECT is
    its own snapshot, as at READ COMMITTED anyway), and the checks of every checkout (a connection the server closed
    is replaced). Tests that bind the app to one connection read on that connection. It is given back with the
    session (:func:`release_request_session`), before the response starts; a connection that broke is discarded.
    """
    state: dict[str, Any] = scope.setdefault("state", {})
    reader: PlainReader | None = state.get(_READER_KEY)
    if reader is not None:
        return reader
    replica: AsyncConnection | None = state.get(_REPLICA_KEY)
    bind = replica if replica is not None else _sessions_for(scope).kw.get("bind")
    if isinstance(bind, AsyncEngine):
        reader = _PooledReader(bind)
    elif isinstance(bind, AsyncConnection):
        reader = await connection_reader(bind)
    else:
        reader = await connection_reader(await request_session(scope).connection())
    state[_READER_KEY] = reader
    return reader


def use_replica_connection(scope: Scope, connection: AsyncConnection) -> None:
    """Run the request's session on ``connection`` (to a replica); it is closed with the session."""
    scope.setdefault("state", {})[_REPLICA_KEY] = connection


def long_work(route_keywords: dict[str, Any]) -> dict[str, Any]:
    """Route keyword arguments (a guard's) marked as long work: ``@post(..., **long_work(only("admin")))``."""
    return {**route_keywords, "opt": {**route_keywords.get("opt", {}), LONG_WORK_OPT: True}}


def plain_reads(route_keywords: dict[str, Any]) -> dict[str, Any]:
    """Route keyword arguments marked as plain reads: ``@get(..., **plain_reads(anyone()))``."""
    return {**route_keywords, "opt": {**route_keywords.get("opt", {}), PLAIN_READS_OPT: True}}


def _sessions_for(scope: Scope) -> async_sessionmaker[AsyncSession]:
    """The pool a request's work belongs to.

    A replica (when :mod:`api.replicas` routed the read to one), long work (a route with ``opt={"long_work": True}``),
    plain reads (``opt={"plain_reads": True}``), reads, writes.
    """
    replica: AsyncConnection | None = scope.get("state", {}).get(_REPLICA_KEY)
    if replica is not None:
        return async_sessionmaker(bind=replica, expire_on_commit=False)
    database: Database = scope["litestar_app"].state.database
    handler = scope.get("route_handler")
    if handler is not None and handler.opt.get(LONG_WORK_OPT):
        return database.long_sessions
    if scope.get("method") in ("GET", "HEAD"):
        if handler is not None and handler.opt.get(PLAIN_READS_OPT) and database.plain_read_sessions is not None:
            return database.plain_read_sessions
        return database.read_sessions
    return database.sessions


async def release_request_session(scope: Scope) -> None:
    """Close the request's session, if one is open (safe to call more than once).

    Whatever was not committed is rolled back and the connection goes back to the pool (a replica connection too).
    """
    state: dict[str, Any] = scope.get("state") or {}
    reader: PlainReader | None = state.pop(_READER_KEY, None)
    session: AsyncSession | None = state.pop(_SCOPE_KEY, None)
    replica: AsyncConnection | None = state.pop(_REPLICA_KEY, None)
    try:
        if isinstance(reader, _PooledReader):
            await reader.release()
    finally:
        try:
            if session is not None:
                await session.close()
        finally:
            if replica is not None:
                await replica.close()


def takes_database(handler: Any) -> bool:
    """Whether a route handler reads or writes the database (it takes the session or the plain reader)."""
    parameters = handler.parsed_fn_signature.parameters
    return SESSION_DEPENDENCY in parameters or READER_DEPENDENCY in parameters


def shares_request_reader(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """Whether the token check may run on the request's plain reader: the route takes it and reads the primary."""
    if _REPLICA_KEY in connection.scope.get("state", {}):
        return False
    handler = connection.scope.get("route_handler")
    return handler is not None and READER_DEPENDENCY in handler.parsed_fn_signature.parameters


def shares_request_session(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """Whether the token check may run in the request's session.

    It may when the route takes the session and there is no body to wait for between the check and the handler,
    and the session is not on a replica (the primary decides whether an account may act).
    """
    if _REPLICA_KEY in connection.scope.get("state", {}):
        return False
    handler = connection.scope.get("route_handler")
    if handler is None or SESSION_DEPENDENCY not in handler.parsed_fn_signature.parameters:
        return False
    headers = connection.headers
    return headers.get("content-length", "0") == "0" and "transfer-encoding" not in headers
