"""The web application's parts as the app factory takes them: the page routers and the template engine."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar import Router
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from api.web.account import account_router
from api.web.admin import admin_router
from api.web.dashboard import dashboard_router
from api.web.founder import founder_router
from api.web.public import public_router
from api.web.review import review_router
from api.web.static import static_router

__all__ = ["TEMPLATES", "web_routers", "web_template_config"]

TEMPLATES = Path(__file__).parent / "templates"


def web_routers() -> list[Router]:
    """Every area's page router, and the static files."""
    return [static_router, account_router, public_router, dashboard_router, founder_router, review_router, admin_router]


def web_template_config() -> TemplateConfig[JinjaTemplateEngine]:
    """Jinja2 over ``templates/``: HTML escaped everywhere, an unknown variable is an error, not an empty string."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment))
