"""Every route declares who may call it; these helpers make that declaration and enforce it.

``@get("/x", **only("admin"))`` lets only admins in; ``@get("/y", **anyone())`` is explicitly public. A test walks
the route table and fails on a handler that declares neither.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from registry.accounts.actor import Actor

__all__ = ["ALL_ROLES", "PUBLIC", "SIGNED_IN", "anyone", "only", "route_access"]

ALL_ROLES = ("founder", "reviewer", "economist", "admin")
PUBLIC = "public"
SIGNED_IN = ALL_ROLES


class RoleGuard:
    """Lets a request through when its actor has one of ``roles``."""

    def __init__(self, roles: tuple[str, ...]) -> None:
        self.roles = roles

    async def __call__(self, connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        """401 for anonymous callers, 403 for a role that is not allowed."""
        actor = connection.scope.get("user")
        if not isinstance(actor, Actor) or actor.is_anonymous:
            raise NotAuthorizedException("Authentication required")
        if actor.role not in self.roles:
            raise PermissionDeniedException("Role not allowed")


def only(*roles: str) -> dict[str, Any]:
    """Route keyword arguments: callable by signed-in accounts with one of ``roles``."""
    unknown = set(roles) - set(ALL_ROLES)
    if unknown or not roles:
        raise ValueError(f"unknown roles {unknown}")
    return {"guards": [RoleGuard(tuple(roles))], "opt": {"access": tuple(roles)}}


def anyone() -> dict[str, Any]:
    """Route keyword arguments: public, callable without an account."""
    return {"opt": {"access": PUBLIC}}


def route_access(handler: BaseRouteHandler) -> str | tuple[str, ...] | None:
    """The access rule a handler declared (``None`` when it declared none)."""
    access: str | tuple[str, ...] | None = handler.opt.get("access")
    return access
