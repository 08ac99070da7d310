"""``/static/…``: the pages' own stylesheet, scripts and images, served from the ``api.web`` package (no CDN)."""

from __future__ import annotations

from importlib.resources import files

from litestar import Response, Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from api.auth.access import anyone

__all__ = ["static_router"]

MEDIA_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}
"""What may be served, by the file's ending; any other name is 404."""


@get("/{name:str}", **anyone(), include_in_schema=False)
async def static_file(name: FromPath[str]) -> Response[bytes]:
    """One file of ``api/web/static`` (flat: no sub-folders, so no path can climb out)."""
    suffix = name[name.rfind(".") :] if "." in name else ""
    resource = files("api.web").joinpath("static", name)
    if suffix not in MEDIA_TYPES or "/" in name or name.startswith(".") or not resource.is_file():
        raise NotFoundException(f"No static file {name!r}")
    return Response(
        content=resource.read_bytes(),
        media_type=MEDIA_TYPES[suffix],
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"},
    )


static_router = Router(path="/static", route_handlers=[static_file], include_in_schema=False, tags=["web"])
