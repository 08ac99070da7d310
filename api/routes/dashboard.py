"""``/dashboard``: the ecosystem dashboard page for hub staff.

The page and its assets hold no data, so they are public; the page signs in and reads the staff-only metrics API
with a bearer token. Everything is served from files inside the ``api.dashboard`` package, and the
Content-Security-Policy lets the page load nothing from anywhere but this server.
"""

from __future__ import annotations

from importlib.resources import files

from litestar import Response, Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from api.auth.access import anyone

__all__ = ["CONTENT_SECURITY_POLICY", "dashboard_router"]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""Nothing from another origin: no CDN, no web fonts, no inline scripts."""

ASSETS = {
    "dashboard.js": "text/javascript",
    "dashboard.css": "text/css",
}
"""The files the page loads, with their media types (Litestar adds ``charset=utf-8``); any other name is 404."""


def _file_response(name: str, media_type: str) -> Response[bytes]:
    content = files("api.dashboard").joinpath(name).read_bytes()
    return Response(
        content=content,
        media_type=media_type,
        headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-cache",
        },
    )


@get("/", **anyone(), include_in_schema=False)
async def dashboard_page() -> Response[bytes]:
    """The dashboard page: a sign-in form and the charts it draws from the metrics API."""
    return _file_response("index.html", "text/html")


@get("/assets/{name:str}", **anyone(), include_in_schema=False)
async def dashboard_asset(name: FromPath[str]) -> Response[bytes]:
    """The page's script or stylesheet."""
    media_type = ASSETS.get(name)
    if media_type is None:
        raise NotFoundException(f"No dashboard asset {name!r}")
    return _file_response(name, media_type)


dashboard_router = Router(path="/dashboard", route_handlers=[dashboard_page, dashboard_asset], tags=["dashboard"])
