"""Read replicas on PostgreSQL streaming replication (``DATABASE_REPLICA_URLS``).

Which reads: the public register, the feed and statistics (a GET or HEAD of an API route declared public, or under
``/api/v1/metrics``, whose handler takes the request's session). Everything else, and the token check of every
request, stays on the primary: the primary decides who may do what, so disabling an account takes effect at once.

Read-your-writes, by the primary's WAL position: a write that succeeds answers with the primary's
``pg_current_wal_lsn()`` (taken after the commit) in the ``registry_read_after`` cookie and the ``Registry-Read-After``
header; a later read that sends either goes to a replica only if that replica has replayed up to it
(``pg_last_wal_replay_lsn()``), else to the primary. Clocks never decide it.

Skipping: a watcher asks every replica each ``REGISTRY_REPLICA_CHECK_INTERVAL`` seconds how far it has replayed. Its
lag is the time since the primary's WAL position it has reached was the primary's current one, so an idle primary
does not make a replica look late. A replica that does not answer, is not in recovery (promoted, or misconfigured)
or lags by more than ``REGISTRY_REPLICA_MAX_LAG_SECONDS`` gets no reads. A request takes its replica connection
before its handler runs; when the replica is found down at that moment the request goes to the primary instead, so
a stopped replica fails no request.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import re
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.auth.access import PUBLIC
from api.database import create_engine
from api.request_session import LONG_WORK_OPT, release_request_session, takes_database, use_replica_connection

if TYPE_CHECKING:
    from api.database import Database, Timeouts

__all__ = [
    "READ_AFTER_COOKIE",
    "READ_AFTER_HEADER",
    "Replica",
    "ReplicaRoutingMiddleware",
    "ReplicaSet",
    "format_lsn",
    "parse_lsn",
    "reads_from_replica",
]

logger = logging.getLogger(__name__)

READ_AFTER_COOKIE = "registry_read_after"
READ_AFTER_HEADER = "registry-read-after"
API_PREFIX = "/api/"
STATISTICS_PREFIXES = ("/api/v1/metrics",)
"""Statistics routes that are not public (economists, reviewers, admins) but read from replicas too."""
_LSN = re.compile(r"^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$")
_READ_METHODS = ("GET", "HEAD")
_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def parse_lsn(value: str | None) -> int | None:
    """``16/B374D848`` as a number (``None`` when it is not an LSN)."""
    if not value or not _LSN.match(value):
        return None
    high, _, low = value.partition("/")
    return (int(high, 16) << 32) | int(low, 16)


def format_lsn(value: int) -> str:
    """A number as PostgreSQL writes an LSN."""
    return f"{value >> 32:X}/{value & 0xFFFFFFFF:X}"


def reads_from_replica(scope: Scope) -> bool:
    """Whether the request is a read that a replica may serve (see the module's docstring)."""
    if scope.get("method") not in _READ_METHODS:
        return False
    handler = scope.get("route_handler")
    if handler is None or handler.opt.get(LONG_WORK_OPT):
        return False
    if not takes_database(handler):
        return False  # a route that reads nothing would hold a replica connection for nothing
    template: str = scope.get("path_template") or ""
    if not template.startswith(API_PREFIX):
        return False  # web pages keep browser sessions and CSRF state in the database: they stay on the primary
    return handler.opt.get("access") == PUBLIC or template.startswith(STATISTICS_PREFIXES)


@dataclass(slots=True)
class Replica:
    """One replica and what the watcher last learnt of it."""

    name: str
    """Its label in logs and metrics (``replica_1``, …)."""
    engine: AsyncEngine
    healthy: bool = False
    """It answered the last check and is in recovery (a standby)."""
    replay_lsn: int = 0
    """How far it had replayed the primary's WAL at the last check (or a later request's check)."""
    lag_seconds: float = math.inf
    """How long ago the primary was where this replica has replayed to (infinite: not known)."""

    def mark_down(self) -> None:
        """No reads until the watcher finds it answering again."""
        self.healthy = False
        self.lag_seconds = math.inf


class ReplicaSet:
    """The replicas, their watcher, and the choice of a replica for one read."""

    def __init__(
        self,
        primary: AsyncEngine,
        replicas: list[Replica],
        *,
        max_lag_seconds: float = 5.0,
        check_interval: float = 1.0,
        connect_timeout: float = 1.0,
    ) -> None:
        self.primary = primary
        self.replicas = replicas
        self.max_lag_seconds = max_lag_seconds
        self.check_interval = check_interval
        self.connect_timeout = connect_timeout
        self._rotation = itertools.count()
        self._primary_positions: deque[tuple[float, int]] = deque()
        """``(monotonic time, primary's WAL position then)`` of recent checks, oldest first."""

    def usable(self) -> list[Replica]:
        """The replicas that may serve reads now, in turn (round robin)."""
        usable = [r for r in self.replicas if r.healthy and r.lag_seconds <= self.max_lag_seconds]
        if not usable:
            return usable
        start = next(self._rotation) % len(usable)
        return usable[start:] + usable[:start]

    async def connect(self, *, read_after: int | None) -> AsyncConnection | None:
        """A connection to a usable replica that has replayed up to ``read_after``; ``None``: read on the primary."""
        for replica in self.usable():
            try:
                async with asyncio.timeout(self.connect_timeout):
                    connection = await replica.engine.connect()
            except Exception:
                logger.warning("replica %s does not answer; reading from the primary", replica.name, exc_info=True)
                replica.mark_down()
                continue
            if read_after is None or replica.replay_lsn >= read_after or await _has_replayed(connection, read_after):
                replica.replay_lsn = max(replica.replay_lsn, read_after or 0)
                return connection
            await _close_quietly(connection)
        return None

    async def primary_position(self) -> str | None:
        """The primary's WAL position now (``None`` when it cannot be read)."""
        try:
            async with asyncio.timeout(self.connect_timeout), self.primary.connect() as connection:
                position: str | None = await connection.scalar(text("SELECT pg_current_wal_lsn()::text"))
        except Exception:
            logger.warning("could not read the primary's WAL position", exc_info=True)
            return None
        return position

    async def check(self) -> None:
        """Learn where the primary is, then how far each replica has replayed and how late that is."""
        position = parse_lsn(await self.primary_position())
        now = time.monotonic()
        if position is not None:
            self._primary_positions.append((now, position))
        horizon = now - self.max_lag_seconds - 2 * self.check_interval - 1.0
        while len(self._primary_positions) > 1 and self._primary_positions[0][0] < horizon:
            self._primary_positions.popleft()
        await asyncio.gather(*(self._check(replica) for replica in self.replicas))

    async def _check(self, replica: Replica) -> None:
        try:
            async with asyncio.timeout(self.connect_timeout * 2), replica.engine.connect() as connection:
                in_recovery, replayed = (
                    await connection.execute(text("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text"))
                ).one()
        except Exception:
            if replica.healthy:
                logger.warning("replica %s does not answer; it gets no reads", replica.name)
            replica.mark_down()
            return
        position = parse_lsn(replayed)
        if not in_recovery or position is None:
            logger.warning("%s is not a standby in recovery; it gets no reads", replica.name)
            replica.mark_down()
            return
        seen = time.monotonic()
        reached = [at for at, primary in self._primary_positions if primary <= position]
        replica.replay_lsn = max(replica.replay_lsn, position)
        replica.lag_seconds = seen - max(reached) if reached else math.inf
        replica.healthy = True

    @asynccontextmanager
    async def watching(self) -> AsyncIterator[None]:
        """Check the replicas now and then every ``check_interval`` seconds while the block runs."""
        await self.check()

        async def watch() -> None:
            while True:
                await asyncio.sleep(self.check_interval)
                try:
                    await self.check()
                except Exception:  # the watcher must outlive any one failed round
                    logger.exception("replica check failed")

        task = asyncio.create_task(watch())
        try:
            yield
        finally:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task

    def describe(self) -> list[GaugeMetricFamily]:
        """Each replica's state, as metric families (for the operators' metrics)."""
        up = GaugeMetricFamily("registry_replica_up", "1 when a replica gets reads.", labels=("replica",))
        lag = GaugeMetricFamily(
            "registry_replica_lag_seconds", "How long ago the primary was where a replica has replayed to.",
            labels=("replica",),
        )  # fmt: skip
        for replica in self.replicas:
            up.add_metric([replica.name], int(replica.healthy and replica.lag_seconds <= self.max_lag_seconds))
            lag.add_metric([replica.name], replica.lag_seconds)
        return [up, lag]

    async def dispose(self) -> None:
        """Close the replicas' pools."""
        for replica in self.replicas:
            await replica.engine.dispose()


async def _has_replayed(connection: AsyncConnection, position: int) -> bool:
    try:
        replayed = parse_lsn(await connection.scalar(text("SELECT pg_last_wal_replay_lsn()::text")))
        await connection.rollback()
    except Exception:
        return False
    return replayed is not None and replayed >= position


async def _close_quietly(connection: AsyncConnection) -> None:
    with suppress(Exception):
        await connection.close()


def read_after(scope: Scope) -> int | None:
    """The WAL position the caller has written up to, from its cookie or header (the later of the two)."""
    found: list[int] = []
    for name, value in scope["headers"]:
        if name == READ_AFTER_HEADER.encode():
            found.append(parse_lsn(value.decode("latin-1").strip()) or 0)
        elif name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, cookie = part.strip().partition("=")
                if key == READ_AFTER_COOKIE:
                    found.append(parse_lsn(cookie.strip()) or 0)
    return max(found) or None if found else None


class ReplicaRoutingMiddleware:
    """Sends replica reads to a replica and stamps successful writes with the primary's WAL position.

    It runs after routing (it needs the route) and before the token check (which then stays on the primary).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wrap one ASGI call."""
        database: Database | None = scope["litestar_app"].state.get("database")
        replicas = database.replicas if database is not None and scope["type"] == ScopeType.HTTP else None
        http_scope: HTTPScope = scope  # type: ignore[assignment]
        if replicas is None:
            await self.app(scope, receive, send)
        elif reads_from_replica(scope):
            await self._read(replicas, scope, receive, send)
        elif http_scope["method"] in _WRITE_METHODS:
            await self.app(scope, receive, _stamping_writes(replicas, send))
        else:
            await self.app(scope, receive, send)

    async def _read(self, replicas: ReplicaSet, scope: Scope, receive: Receive, send: Send) -> None:
        connection = await replicas.connect(read_after=read_after(scope))
        if connection is None:
            await self.app(scope, receive, send)
            return
        use_replica_connection(scope, connection)
        try:
            await self.app(scope, receive, send)
        finally:
            await release_request_session(scope)


def _stamping_writes(replicas: ReplicaSet, send: Send) -> Send:
    """``send``, adding the primary's WAL position to a successful write's response (after its commit)."""
    cookie_age = max(300, math.ceil(2 * replicas.max_lag_seconds))

    async def stamping(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] < 400:
            position = await replicas.primary_position()
            if position is not None:
                headers: list[Any] = list(message.get("headers", []))
                cookie = f"{READ_AFTER_COOKIE}={position}; Path=/; Max-Age={cookie_age}; HttpOnly; SameSite=Lax"
                headers += [(b"set-cookie", cookie.encode()), (READ_AFTER_HEADER.encode(), position.encode())]
                message["headers"] = headers
        await send(message)

    return stamping


def replica_set(
    primary: AsyncEngine,
    urls: tuple[str, ...],
    *,
    timeouts: Timeouts,
    echo: bool = False,
    max_lag_seconds: float = 5.0,
    check_interval: float = 1.0,
) -> ReplicaSet:
    """Pools for the replicas at ``urls`` (with the requests' ``timeouts``), watched against ``primary``."""
    replicas = [
        Replica(name=f"replica_{number}", engine=create_engine(url, echo=echo, timeouts=timeouts, ping=True))
        for number, url in enumerate(urls, start=1)
    ]
    return ReplicaSet(primary, replicas, max_lag_seconds=max_lag_seconds, check_interval=check_interval)
