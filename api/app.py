"""The application factory: nothing is built at import time."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.middleware import DefineMiddleware

from api.auth.middleware import BearerTokenMiddleware
from api.database import LONG_WORK, Database, create_engine
from api.dependencies import Clock, dependencies
from api.embedded_postgres import EmbeddedPostgres, start_embedded_postgres
from api.errors import exception_handlers
from api.input_hygiene import InputHygieneMiddleware
from api.observability import RequestIdMiddleware, configure_logging, no_sniffing
from api.openapi import openapi_config
from api.operator_metrics import OperatorMetrics, RequestMetricsMiddleware, metrics_endpoint
from api.replicas import ReplicaRoutingMiddleware, replica_set
from api.routes.accounts import accounts_router
from api.routes.ai_systems import ai_systems_monitoring_router, ai_systems_router, company_ai_systems_router
from api.routes.applications import applications_router
from api.routes.auth import auth_router
from api.routes.bulk import bulk_router
from api.routes.companies import companies_router
from api.routes.dashboard import dashboard_router
from api.routes.declarations import declarations_router
from api.routes.events import events_router
from api.routes.health import health_router
from api.routes.licences import licences_router
from api.routes.metrics import metrics_router
from api.routes.reference import reference_router
from api.routes.releases import releases_router
from api.routes.rubric import rubric_router
from api.settings import Settings, database_timeouts
from api.web.errors import page_aware
from api.web.site import web_routers, web_template_config

__all__ = ["app_state", "create_app"]

VERSION = "0.1.0"


DESCRIPTION = (
    "The national registry of AI startups of Kazakhstan: companies, AI declarations, the AI-native licence track and "
    "ecosystem statistics. Errors are application/problem+json (the Problem schema); messages follow Accept-Language "
    "(kk, ru, en). Sign in with POST /api/v1/auth/login and send its access_token as 'Authorization: Bearer <token>'."
)


@asynccontextmanager
async def frozen_start_up_heap(_: Litestar) -> AsyncIterator[None]:
    """Keep what start-up built out of the garbage collector's way while the app serves.

    The modules, the route table, SQLAlchemy's mappers and the engine are some 135,000 container objects that live as
    long as the process. Every full collection walked them all: 70-100 ms on a 2-core machine, once every few dozen
    requests that build large tables (a 60 x 20 series by region), which made those requests' p95 several times their
    median. Frozen, they are left out of every collection; what requests allocate is collected as before.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@asynccontextmanager
async def operations(app: Litestar) -> AsyncIterator[None]:
    """While the app serves: the replicas' watcher and the metrics' upkeep (after the database is open)."""
    database: Database = app.state.database
    metrics: OperatorMetrics = app.state.operator_metrics
    async with AsyncExitStack() as stack:
        if database.replicas is not None:
            await stack.enter_async_context(database.replicas.watching())
        await stack.enter_async_context(metrics.serving(database))
        yield


def app_state(
    settings: Settings, *, database: Database | None, clock: Clock | None, operator_metrics: OperatorMetrics
) -> State:
    """The app's state when it starts: its settings, the database and clock it was given, its metrics."""
    state: dict[str, object] = {
        "settings": settings,
        "max_body_bytes": settings.max_body_bytes,
        "operator_metrics": operator_metrics,
    }
    if clock is not None:
        state["clock"] = clock
    if database is not None:
        state["database"] = database
    return State(state)


def create_app(
    settings: Settings | None = None, *, database: Database | None = None, clock: Clock | None = None
) -> Litestar:
    """Build the app.

    Args:
        settings: Configuration; read from the environment when omitted.
        database: An open database to use (tests pass one bound to a rolled-back transaction); when omitted the
            app connects on start-up to ``DATABASE_URL`` or to an embedded PostgreSQL it starts itself.
        clock: The time source (tests pass a fixed one).
    """
    settings = (settings or Settings.from_env()).with_secret()
    configure_logging(json_lines=settings.log_json)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        if database is not None:
            app.state.database = database
            yield
            return
        embedded: EmbeddedPostgres | None = None
        url = settings.database_url
        if url is None:
            embedded = start_embedded_postgres(settings.data_dir / "postgres")
            url = embedded.url
        timeouts = database_timeouts(settings)
        primary = create_engine(url, echo=settings.sql_echo, timeouts=timeouts)
        replicas = None
        if settings.replica_urls:
            replicas = replica_set(
                primary,
                settings.replica_urls,
                timeouts=timeouts,
                echo=settings.sql_echo,
                max_lag_seconds=settings.replica_max_lag_seconds,
                check_interval=settings.replica_check_interval,
            )
        app.state.database = Database.for_engine(
            primary,
            read_engine=create_engine(url, echo=settings.sql_echo, timeouts=timeouts),
            long_engine=create_engine(url, echo=settings.sql_echo, pool_size=2, timeouts=LONG_WORK),
            replicas=replicas,
        )
        try:
            yield
        finally:
            await app.state.database.dispose()
            if embedded is not None:  # the server this app started (when it holds the last handle)
                embedded.stop()

    operator_metrics = OperatorMetrics(multiprocess_dir=settings.metrics_multiprocess_dir)
    routers = [
        health_router,
        auth_router,
        accounts_router,
        reference_router,
        companies_router,
        events_router,
        declarations_router,
        rubric_router,
        applications_router,
        licences_router,
        ai_systems_router,
        company_ai_systems_router,
        ai_systems_monitoring_router,
        metrics_router,
        releases_router,
        dashboard_router,
        bulk_router,
    ]
    app = Litestar(
        route_handlers=[*routers, metrics_endpoint, *web_routers()],
        dependencies=dependencies(),
        exception_handlers=page_aware(exception_handlers()),
        middleware=[
            ReplicaRoutingMiddleware,
            DefineMiddleware(BearerTokenMiddleware, exclude=["^/schema", "^/internal/"]),
            InputHygieneMiddleware,
        ],
        lifespan=[lifespan, operations, frozen_start_up_heap],
        before_send=[no_sniffing],
        openapi_config=openapi_config(routers=routers, version=VERSION, description=DESCRIPTION),
        request_max_body_size=settings.max_body_bytes,
        state=app_state(settings, database=database, clock=clock, operator_metrics=operator_metrics),
        cors_config=CORSConfig(allow_origins=[]),
        template_config=web_template_config(),
    )
    # Outermost, so that requests no route matched (404, 405) and refusals of the middleware are counted too, and so
    # that the request id and the access line cover what the app-level error handler answers: a failure in the token
    # check (a pool timeout) is a 503 to the client, which a middleware inside that handler logged as a 500 without
    # the request id.
    app.asgi_handler = RequestMetricsMiddleware(RequestIdMiddleware(app.asgi_handler), operator_metrics)
    return app
