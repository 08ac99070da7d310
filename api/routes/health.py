"""Liveness and readiness probes."""

from __future__ import annotations

from litestar import Request, Response, Router, get

from api.auth.access import anyone
from api.database import Database

__all__ = ["health_router"]


@get("/live", **anyone(), summary="The process is up")
async def live() -> dict[str, str]:
    """Always ``ok`` while the process serves requests."""
    return {"status": "ok"}


@get("/ready", **anyone(), summary="The database answers")
async def ready(request: Request) -> Response[dict[str, str]]:  # type: ignore[type-arg]
    """``ok`` when the database answers a query within 1.5 s, 503 otherwise (never a hang)."""
    database: Database = request.app.state.database
    try:
        await database.ping()
    except Exception:
        return Response({"status": "unavailable", "database": "down"}, status_code=503, headers={"Retry-After": "2"})
    return Response({"status": "ok", "database": "up"})


health_router = Router(path="/health", route_handlers=[live, ready], tags=["operations"])
