"""The public pages: home, register search, a company's page, licence verification and certificate, releases."""

from __future__ import annotations

from litestar import get
from litestar.response import Template

from api.auth.access import anyone
from api.web.pages import PageContext, page_router, render
from registry.i18n import Text

__all__ = ["PUBLIC_TEXTS", "public_router"]

PUBLIC_TEXTS: dict[str, Text] = {}


@get("/", **anyone())
async def home(page: PageContext) -> Template:
    """The home page: what the registry is, and where to go."""
    return render(page, "public/home.html", texts=PUBLIC_TEXTS)


public_router = page_router("/", [home])
