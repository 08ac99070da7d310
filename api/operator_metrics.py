"""Prometheus text for operators at ``/internal/metrics``: requests, database pools, replicas and the work queue.

Requests are counted by an ASGI layer around the whole app (:class:`RequestMetricsMiddleware`), not by a Litestar
middleware: Litestar runs its middleware only for a request that matched a route, so 404s, 405s and refusals of the
outer layers would go uncounted. The route label is the route's template (``/api/v1/companies/{company_id}``),
never the raw path, so the number of series stays bounded whatever clients send.

The endpoint is not public. It answers only a request that carries ``Authorization: Bearer <REGISTRY_METRICS_TOKEN>``;
any other request (no token configured, none sent, a wrong one) gets the very 404 an unknown path gets, so the
endpoint cannot be found from outside.

With ``PROMETHEUS_MULTIPROC_DIR`` set (prometheus-client's multiprocess mode, for ``uvicorn --workers N``) the request
figures and pool gauges of every worker are summed at each scrape; without it, each process reports its own.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import os
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from litestar import Request, Response, get
from litestar.enums import ScopeType
from litestar.exceptions import NotFoundException
from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send
from prometheus_client import CollectorRegistry, Gauge, generate_latest
from prometheus_client import multiprocess as prometheus_multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from api.request_figures import LocalRequestFigures, RequestFigures, SharedRequestFigures
from licensing.work_queue import WorkQueueCounts, work_queue_counts
from registry.database import utc_now

if TYPE_CHECKING:
    from api.database import Database

__all__ = ["OPERATOR", "OperatorMetrics", "RequestMetricsMiddleware", "metrics_endpoint"]

logger = logging.getLogger(__name__)

OPERATOR = "operator"
"""The access rule of operator routes: callable with the scrape token, invisible otherwise (not ``public``)."""
METRICS_PATH = "/internal/metrics"
UNMATCHED_ROUTE = "unmatched"
"""The route label of a request that matched no route (its raw path is never a label)."""
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
POOL_REFRESH_SECONDS = 2.0
"""How often each worker writes its pool figures in multiprocess mode."""
TEXT_FORMAT = "text/plain; version=0.0.4"
"""The classic text format, which every Prometheus reads (the names here need none of 1.0.0's escaping); Litestar
adds the charset."""
QUEUE_TIMEOUT_SECONDS = 2.0
"""A scrape waits this long for the work-queue query; past it the queue is reported as unknown, the rest as usual."""


class OperatorMetrics:
    """The app's metrics, in a registry of its own (nothing is registered at import time)."""

    def __init__(self, *, multiprocess_dir: str | None = None) -> None:
        self.multiprocess_dir = multiprocess_dir
        self.registry = CollectorRegistry()
        self.requests: RequestFigures
        if multiprocess_dir:
            self.requests = SharedRequestFigures(self.registry)
        else:
            local = self.requests = LocalRequestFigures()
            self.registry.register(local)
        pool_labels = ("pool",)
        self.pool_size = Gauge(
            "registry_db_pool_size", "Connections a pool keeps (its overflow comes on top).", pool_labels,
            registry=self.registry, multiprocess_mode="livesum",
        )  # fmt: skip
        self.pool_checked_out = Gauge(
            "registry_db_pool_checked_out", "Connections of a pool in use now.", pool_labels,
            registry=self.registry, multiprocess_mode="livesum",
        )  # fmt: skip
        self.pool_overflow = Gauge(
            "registry_db_pool_overflow", "Connections a pool has opened beyond its size (negative: size not reached).",
            pool_labels, registry=self.registry, multiprocess_mode="livesum",
        )  # fmt: skip

    def refresh_pools(self, database: Database) -> None:
        """Copy the pools' figures into their gauges."""
        for name, engine in database.pools().items():
            pool: Any = engine.pool
            if not hasattr(pool, "checkedout"):
                continue
            self.pool_size.labels(name).set(pool.size())
            self.pool_checked_out.labels(name).set(pool.checkedout())
            self.pool_overflow.labels(name).set(pool.overflow())

    def exposition(self, database: Database, queue: WorkQueueCounts | None) -> bytes:
        """The Prometheus text of this process (or of every worker, in multiprocess mode) and of the shared state."""
        self.refresh_pools(database)
        if self.multiprocess_dir:
            workers = CollectorRegistry()
            prometheus_multiprocess.MultiProcessCollector(workers, path=self.multiprocess_dir)  # type: ignore[no-untyped-call]
            text = generate_latest(workers)
        else:
            text = generate_latest(self.registry)
        shared = CollectorRegistry(auto_describe=False)
        shared.register(_Families(_shared_state(database, queue)))
        return text + generate_latest(shared)

    @asynccontextmanager
    async def serving(self, database: Database) -> AsyncIterator[None]:
        """While the app serves: in multiprocess mode, keep this worker's pool figures fresh; forget them at exit."""
        if not self.multiprocess_dir:
            yield
            return

        async def refresh() -> None:
            while True:
                self.refresh_pools(database)
                await asyncio.sleep(POOL_REFRESH_SECONDS)

        task = asyncio.create_task(refresh())
        try:
            yield
        finally:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
            prometheus_multiprocess.mark_process_dead(os.getpid(), self.multiprocess_dir)  # type: ignore[no-untyped-call]


class _Families(Collector):
    """Metric families computed for one scrape (kept out of the workers' shared files in multiprocess mode)."""

    def __init__(self, families: list[Metric]) -> None:
        self.families = families

    def collect(self) -> list[Metric]:
        """The families, as they are."""
        return self.families


def _shared_state(database: Database, queue: WorkQueueCounts | None) -> list[Metric]:
    """Figures that are the same whichever worker answers: the work queue, and replicas as this process sees them."""
    up = GaugeMetricFamily("registry_work_queue_up", "1 when the work-queue figures below could be read.")
    up.add_metric([], 0 if queue is None else 1)
    families: list[Metric] = [up]
    if queue is not None:
        waiting = GaugeMetricFamily(
            "registry_applications_waiting", "Applications waiting for the hub, by state.", labels=("state",)
        )
        for state, count in queue.waiting.items():
            waiting.add_metric([state], count)
        overdue = GaugeMetricFamily(
            "registry_applications_overdue", "Applications past a service-level deadline (first action or decision).",
            labels=("deadline",),
        )  # fmt: skip
        overdue.add_metric(["first_action"], queue.overdue_first_action)
        overdue.add_metric(["decision"], queue.overdue_decision)
        families += [waiting, overdue]
    if database.replicas is not None:
        families += database.replicas.describe()
    return families


class RequestMetricsMiddleware:
    """Counts every HTTP request with its route template, status and duration, and the requests in flight."""

    def __init__(self, app: ASGIApp, metrics: OperatorMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Wrap one ASGI call."""
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        http_scope: HTTPScope = scope
        status = 500

        async def noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        figures = self.metrics.requests
        figures.started()
        started = time.perf_counter()
        try:
            await self.app(scope, receive, noting_status)
        finally:
            elapsed = time.perf_counter() - started
            method = http_scope["method"] if http_scope["method"] in _METHODS else "OTHER"
            route: str = http_scope.get("path_template") or UNMATCHED_ROUTE
            figures.finished(method, route, status, elapsed)


def scrape_token_matches(header: str | None, token: str) -> bool:
    """Whether ``Authorization`` carries the scrape token (compared in constant time; no token set: never)."""
    if not token or not header:
        return False
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


async def _queue_figures(database: Database, today: date) -> WorkQueueCounts | None:
    try:
        async with asyncio.timeout(QUEUE_TIMEOUT_SECONDS), database.read_sessions() as session:
            return await work_queue_counts(session, today=today)
    except Exception:  # a scrape still reports requests and pools when the database does not answer
        logger.warning("work-queue figures unavailable for the metrics scrape", exc_info=True)
        return None


@get(METRICS_PATH, include_in_schema=False, opt={"access": OPERATOR}, media_type=TEXT_FORMAT)
async def metrics_endpoint(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The operators' metrics; a 404 exactly like an unknown path's unless the scrape token is sent."""
    state = request.app.state
    if not scrape_token_matches(request.headers.get("authorization"), state.settings.metrics_token):
        raise NotFoundException()
    clock: Callable[[], datetime] = state.get("clock", utc_now)
    today = clock().date()
    queue = await _queue_figures(state.database, today)
    metrics: OperatorMetrics = state.operator_metrics
    return Response(metrics.exposition(state.database, queue), media_type=TEXT_FORMAT)
