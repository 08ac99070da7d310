"""What the operators' request metrics cost per request (``python bench/operator_metrics.py``; no database needed).

Three figures, each against a baseline measured in the same run:

1. the metrics layer alone, around an ASGI app that answers at once (its pure overhead);
2. the replica-routing middleware alone when no replicas are configured (what every deployment pays);
3. ``GET /health/live`` through the whole app, with and without the metrics layer.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.app import create_app
from api.database import Database, create_engine
from api.operator_metrics import OperatorMetrics, RequestMetricsMiddleware
from api.replicas import ReplicaRoutingMiddleware
from api.settings import Settings

ROUNDS = 7
"""Each figure is the median of this many rounds."""


async def _answer(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


async def _receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _send(_: Any) -> None:
    return None


def _scope(path: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"registry.bench")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
        **extra,
    }


async def _pair(
    baseline: Callable[..., Awaitable[None]],
    measured: Callable[..., Awaitable[None]],
    make_scope: Callable[[], dict[str, Any]],
    calls: int,
) -> tuple[float, float]:
    """Microseconds per call of each app: medians of :data:`ROUNDS` rounds, the two apps taking turns in each round
    (so that a busy moment of the machine falls on both alike)."""
    timings: tuple[list[float], list[float]] = ([], [])
    for _ in range(ROUNDS):
        for app, into in ((baseline, timings[0]), (measured, timings[1])):
            started = time.perf_counter()
            for _ in range(calls):
                await app(make_scope(), _receive, _send)
            into.append((time.perf_counter() - started) / calls * 1e6)
    return statistics.median(timings[0]), statistics.median(timings[1])


def _line(name: str, baseline: float, measured: float) -> str:
    return f"| {name} | {baseline:.2f} | {measured:.2f} | {measured - baseline:+.2f} | {measured / baseline:.2f} |"


async def main() -> None:
    """Print the three figures as a Markdown table."""
    print("| what | baseline µs/request | measured µs/request | cost µs | ratio |")
    print("|---|---|---|---|---|")

    metrics = OperatorMetrics()
    templated = lambda: _scope("/api/v1/companies/1", path_template="/api/v1/companies/{company_id}")  # noqa: E731
    bare, counted = await _pair(_answer, RequestMetricsMiddleware(_answer, metrics), templated, 20_000)
    print(_line("metrics layer alone (an app that answers at once)", bare, counted))

    no_replicas = SimpleNamespace(state={"database": SimpleNamespace(replicas=None)})
    routed_scope = lambda: _scope("/api/v1/companies", litestar_app=no_replicas)  # noqa: E731
    bare, routed = await _pair(_answer, ReplicaRoutingMiddleware(_answer), routed_scope, 20_000)
    print(_line("replica routing alone, no replicas configured", bare, routed))

    unreachable = create_engine("postgresql+asyncpg://bench@127.0.0.1:9/none", pool_size=1)  # never connected to
    settings = Settings(environment="test", jwt_secret="bench-secret-" + "x" * 40, log_json=True)
    app = create_app(settings, database=Database.for_engine(unreachable))
    wrapped = app.asgi_handler
    assert isinstance(wrapped, RequestMetricsMiddleware)
    live = lambda: _scope("/health/live")  # noqa: E731
    unwrapped = create_app(settings, database=Database.for_engine(unreachable))
    inner = unwrapped.asgi_handler
    assert isinstance(inner, RequestMetricsMiddleware)
    unwrapped.asgi_handler = inner.app  # the same app without the metrics layer
    logging.getLogger("api").setLevel(logging.WARNING)  # the access log costs the same either way; keep stderr quiet
    without, with_metrics = await _pair(unwrapped, app, live, 2_000)
    print(_line("GET /health/live through the whole app", without, with_metrics))
    await unreachable.dispose()


if __name__ == "__main__":
    asyncio.run(main())
