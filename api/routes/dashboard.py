"""``/dashboard/assets/…``: where the dashboard's script and stylesheet used to be, sent on to ``/static/``.

The dashboard itself is a page of the site now (:mod:`api.web.dashboard`); a page cached before the move still finds
its files.
"""

from __future__ import annotations

from litestar import Router, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect

from api.auth.access import anyone

__all__ = ["dashboard_router"]

MOVED = {"dashboard.js": "/static/dashboard.js", "dashboard.css": "/static/dashboard.css"}
"""The old asset names and where they are served now; any other name is 404."""


@get("/assets/{name:str}", **anyone(), include_in_schema=False)
async def dashboard_asset(name: FromPath[str]) -> Redirect:
    """The page's script or stylesheet, moved for good."""
    moved = MOVED.get(name)
    if moved is None:
        raise NotFoundException(f"No dashboard asset {name!r}")
    return Redirect(moved, status_code=301)


dashboard_router = Router(path="/dashboard", route_handlers=[dashboard_asset], tags=["dashboard"])
