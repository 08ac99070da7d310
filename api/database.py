"""Engines, sessions and migrations."""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, event, text
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from api.database_urls import engine_arguments
from registry.plain_reads import CONFUSED_CONNECTION_ERRORS

if TYPE_CHECKING:
    from api.replicas import ReplicaSet

__all__ = [
    "LONG_WORK",
    "MIGRATIONS_PACKAGE",
    "MIGRATION_LOCK_KEY",
    "Database",
    "MigrationResult",
    "MigrationsMissing",
    "Timeouts",
    "alembic_config",
    "create_engine",
    "current_revision",
    "migrate",
    "migration_scripts",
    "transaction",
]


ABANDON_SECONDS = 2.0
"""How long SQLAlchemy's asyncpg adapter waits to close a connection whose server stopped answering."""


@dataclass(frozen=True, slots=True)
class Timeouts:
    """How long the app waits for its database before it answers 503 (seconds; 0 means no limit).

    A request never hangs on a database that is down, frozen or locked: connecting, waiting for a pooled connection,
    a statement and a lock each have a limit, and a statement that a frozen server never answers is abandoned by
    the client a moment after the server's own ``statement_timeout`` would have fired.
    """

    connect: float = 2.0
    """Opening a connection (``REGISTRY_DB_CONNECT_TIMEOUT``)."""
    pool: float = 2.0
    """Waiting for a free pooled connection (``REGISTRY_DB_POOL_TIMEOUT``)."""
    statement: float = 5.0
    """One statement, server side (``REGISTRY_DB_STATEMENT_TIMEOUT``)."""
    lock: float = 2.0
    """Waiting for a row or table lock, server side (``REGISTRY_DB_LOCK_TIMEOUT``)."""
    idle_in_transaction: float = 60.0
    """A transaction left open and idle is ended by the server."""
    client_margin: float = 1.0
    """How long after ``statement`` the client gives up on a server that does not answer at all."""

    @property
    def frozen_server_failure(self) -> float:
        """The longest a request takes to fail on a server that accepts nothing and answers nothing.

        Its statement is abandoned ``client_margin`` after ``statement``; closing the dead connection then takes
        SQLAlchemy up to :data:`ABANDON_SECONDS` more.
        """
        return self.statement + self.client_margin + ABANDON_SECONDS

    def connect_args(self) -> dict[str, object]:
        """The arguments of asyncpg's ``connect()`` for these limits."""
        return {
            "timeout": self.connect or None,
            "command_timeout": (self.statement + self.client_margin) if self.statement else None,
            "server_settings": {
                "statement_timeout": str(round(self.statement * 1000)),
                "lock_timeout": str(round(self.lock * 1000)),
                "idle_in_transaction_session_timeout": str(round(self.idle_in_transaction * 1000)),
            },
        }


LONG_WORK = Timeouts(pool=30.0, statement=0, lock=30.0, idle_in_transaction=0)
"""The limits of long work (making a release, exports, loading data, the test suite's own engine): no statement
limit; locks and pooled connections waited for longer."""


def create_engine(
    url: str, *, echo: bool = False, pool_size: int = 10, timeouts: Timeouts = LONG_WORK, ping: bool = False
) -> AsyncEngine:
    """An asyncpg engine with a pool sized for one worker and the given limits.

    A pooled connection the server has closed (a restart, ``pg_terminate_backend``, an idle timeout) is replaced
    when it is checked out, without a round trip (:func:`_replace_closed_connections`), instead of SQLAlchemy's
    ``pool_pre_ping``, whose ping costs asyncpg three round trips (BEGIN, an empty query, ROLLBACK) on every
    checkout: a third of a simple read's trips to PostgreSQL. With ``ping`` the pool pings as well: for a replica,
    where a failed checkout is what sends the read to the primary instead (:mod:`api.replicas`), so a replica that
    stopped a moment ago, before its sessions' goodbye reached the pool, costs no request a 503. The URL's libpq
    parameters (``application_name``, ``options``, ``connect_timeout``) become asyncpg's arguments
    (:func:`api.database_urls.engine_arguments`).
    """
    target, connect_args = engine_arguments(url, timeouts.connect_args())
    engine = create_async_engine(
        target,
        echo=echo,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=timeouts.pool or 30.0,
        pool_pre_ping=ping,
        connect_args=connect_args,
    )
    event.listen(engine.sync_engine, "checkout", _replace_closed_connections)
    event.listen(engine.sync_engine, "handle_error", _discard_confused_connections)
    return engine


def _discard_confused_connections(context: ExceptionContext) -> None:
    """Treat asyncpg's "another operation is in progress" as a lost connection, so the pool discards it.

    A connection whose operation was cut short by the server going away can be left in a protocol state asyncpg
    refuses every later statement in (``InternalClientError``); SQLAlchemy does not count that as a disconnect, so
    without this the connection would go back to the pool and fail the next request as well.
    """
    if isinstance(context.original_exception, CONFUSED_CONNECTION_ERRORS):
        context.is_disconnect = True


def _replace_closed_connections(dbapi_connection: Any, _record: object, _proxy: object) -> None:
    """Refuse a pooled connection whose socket the server closed; the pool then opens a fresh one in its place.

    asyncpg notices the server's goodbye (PostgreSQL terminates its sessions when it stops) while the connection
    waits in the pool, so the check is a flag, not a query. A connection that dies without a word (a frozen server,
    a cut cable) fails its first statement instead: that request gets a 503 (``api.database_errors``), SQLAlchemy
    then invalidates every connection the pool held, and the statement limits in :class:`Timeouts` keep the request
    from hanging.
    """
    if dbapi_connection.driver_connection.is_closed():
        raise DisconnectionError("the server closed this pooled connection")


@dataclass(frozen=True, slots=True)
class Database:
    """What the app needs of its database.

    Three session factories, so that one kind of work cannot starve another of connections: ``sessions`` for
    writes, ``read_sessions`` for GET and HEAD requests, ``long_sessions`` for work that may take minutes (a
    release). Tests bind all three to one rolled-back connection. With ``replicas``, the public register, the feed
    and statistics read from streaming replicas (:mod:`api.replicas`); ``read_sessions`` stay on the primary.
    """

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    read_sessions: async_sessionmaker[AsyncSession]
    long_sessions: async_sessionmaker[AsyncSession]
    replicas: ReplicaSet | None = None
    plain_read_sessions: async_sessionmaker[AsyncSession] | None = None
    """Sessions over the read pool without BEGIN and COMMIT (``AUTOCOMMIT``), for reads made only of plain SELECTs
    (:data:`api.request_session.PLAIN_READS_OPT`); ``read_sessions`` when not given (tests bound to one connection).

    At PostgreSQL's READ COMMITTED every statement takes its own snapshot, in a transaction or not, so such a read
    sees what it saw before; it saves two round trips. What needs one transaction (``SET LOCAL``, a consistent
    snapshot, a write) keeps ``read_sessions``.
    """

    @classmethod
    def for_engine(
        cls,
        engine: AsyncEngine,
        *,
        read_engine: AsyncEngine | None = None,
        long_engine: AsyncEngine | None = None,
        replicas: ReplicaSet | None = None,
    ) -> Database:
        """Session factories over ``engine`` (and the read and long-work engines and the replicas, when given)."""
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        reads = read_engine or engine
        return cls(
            engine=engine,
            sessions=sessions,
            read_sessions=async_sessionmaker(read_engine, expire_on_commit=False) if read_engine else sessions,
            long_sessions=async_sessionmaker(long_engine, expire_on_commit=False) if long_engine else sessions,
            replicas=replicas,
            plain_read_sessions=async_sessionmaker(
                reads.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
            ),
        )

    @classmethod
    def for_sessions(cls, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> Database:
        """One session factory for every kind of work (tests bound to one connection)."""
        return cls(engine=engine, sessions=sessions, read_sessions=sessions, long_sessions=sessions)

    async def ping(self, *, within: float = 1.5) -> None:
        """Raise unless the database answers a query within ``within`` seconds."""
        async with asyncio.timeout(within), self.read_sessions() as session:
            await session.execute(text("SELECT 1"))

    def pools(self) -> dict[str, AsyncEngine]:
        """The engines whose pools serve the app, by name: ``writes``, ``reads``, ``long`` and each replica's."""
        pools = {"writes": self.engine}
        for name, factory in (("reads", self.read_sessions), ("long", self.long_sessions)):
            bind = factory.kw.get("bind")
            if isinstance(bind, AsyncEngine) and bind is not self.engine:
                pools[name] = bind
        for replica in self.replicas.replicas if self.replicas else ():
            pools[replica.name] = replica.engine
        return pools

    async def dispose(self) -> None:
        """Close every pool."""
        for engine in set(self.pools().values()):
            await engine.dispose()


@asynccontextmanager
async def transaction(database: Database) -> AsyncIterator[AsyncSession]:
    """One unit of work: commits when the block ends normally, rolls back when it raises."""
    async with database.sessions() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        await session.commit()


MIGRATIONS_PACKAGE = "alemai_registry_migrations"
"""The import name of the checkout's ``migrations/`` (setup.py installs it so): an installed registry finds its
migration scripts through this package, wherever it runs, never through the working directory."""

MIGRATION_LOCK_KEY = 0x414C454D_4D494752  # "ALEM" "MIGR"
"""The PostgreSQL advisory lock held (for the transaction) while the schema changes: instances that start at once, or
two ``registry db upgrade``, migrate one after the other, and the later one finds nothing left to do."""


class MigrationsMissing(RuntimeError):
    """The migration scripts are not where the installed package says they are."""


@dataclass(frozen=True, slots=True)
class MigrationResult:
    """The schema revision before and after ``migrate`` (``None``: no registry schema)."""

    before: str | None
    after: str | None

    @property
    def changed(self) -> bool:
        """Whether this run applied (or reverted) any migration."""
        return self.before != self.after


def migration_scripts() -> Path:
    """The folder of the Alembic scripts: the installed package ``alemai_registry_migrations``."""
    spec = importlib.util.find_spec(MIGRATIONS_PACKAGE)
    locations = [Path(entry) for entry in (spec.submodule_search_locations or [])] if spec else []
    for location in locations:
        if (location / "env.py").is_file():
            return location
    raise MigrationsMissing(
        f"the migration scripts (package {MIGRATIONS_PACKAGE}) are not installed; reinstall alemai-registry"
    )


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic configuration of the packaged migrations, optionally bound to an open connection.

    Built in code, not read from ``alembic.ini`` (which stays in the checkout for the ``alembic`` command), so an
    installed wheel needs no file beside it.
    """
    config = Config()
    config.set_main_option("script_location", str(migration_scripts()))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The schema revision of the database (``None`` before the first migration)."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current_revision)


async def migrate(engine: AsyncEngine, revision: str = "head", *, downgrade: bool = False) -> MigrationResult:
    """Upgrade (or downgrade) the schema to ``revision`` in one transaction, under :data:`MIGRATION_LOCK_KEY`.

    The lock is waited for without ``lock_timeout`` (another instance's migration may take minutes); the migrations
    themselves run with the connection's own limits.
    """

    def run(connection: Connection) -> MigrationResult:
        before = _current_revision(connection)
        config = alembic_config(connection)
        if downgrade:
            command.downgrade(config, revision)
        else:
            command.upgrade(config, revision)
        return MigrationResult(before=before, after=_current_revision(connection))

    async with engine.begin() as connection:
        await connection.execute(text("SET LOCAL lock_timeout = 0"))
        await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        await connection.execute(text("SET LOCAL lock_timeout TO DEFAULT"))
        return await connection.run_sync(run)
