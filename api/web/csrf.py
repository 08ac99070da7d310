"""CSRF protection of every page form: Litestar's double-submit token, on page routes only.

A page's form carries the token in a hidden ``_csrf_token`` field (the layout's ``csrf_field()`` macro) and the
browser carries the same token in the ``registry_csrf`` cookie (HttpOnly, SameSite=Strict); a POST whose two tokens
are missing or differ is refused with 403 before the handler runs. A page on another site can neither read the
cookie nor learn the token, so its forms are refused. The token is signed with a key derived from the app's secret.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from litestar.config.csrf import CSRFConfig
from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState

from api.settings import Settings
from api.web.sessions import cookies_are_secure

__all__ = ["CSRF_COOKIE", "CSRF_FIELD", "PageCsrfMiddleware", "csrf_token"]

CSRF_COOKIE = "registry_csrf"
CSRF_FIELD = "_csrf_token"
"""The form field Litestar's middleware reads the token from."""
_CONFIG_KEY = "web_csrf_config"


def _config(settings: Settings) -> CSRFConfig:
    secret = hmac.new(settings.jwt_secret.encode(), b"web page csrf tokens", hashlib.sha256).hexdigest()
    return CSRFConfig(
        secret=secret,
        cookie_name=CSRF_COOKIE,
        cookie_secure=cookies_are_secure(settings),
        cookie_httponly=True,
        cookie_samesite="strict",
    )


class PageCsrfMiddleware:
    """Litestar's :class:`CSRFMiddleware`, configured from the app's settings when the first request comes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check (POST) or issue (GET) the token, then call the page."""
        state = scope["litestar_app"].state
        config: CSRFConfig | None = state.get(_CONFIG_KEY)
        if config is None:
            config = _config(state.settings)
            state[_CONFIG_KEY] = config
        await CSRFMiddleware(self.app, config)(scope, receive, send)


def csrf_token(scope: Scope) -> str:
    """The token a page's forms must carry (set by the middleware for this request)."""
    token: Any = ScopeState.from_scope(scope).csrf_token
    return token if isinstance(token, str) else ""
