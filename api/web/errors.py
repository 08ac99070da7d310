"""Errors on page routes are HTML pages in the visitor's language; the API keeps its problem+json.

:func:`page_aware` wraps the app's one error mapper (:func:`api.errors.exception_handlers`): a request for a page
(a page route, or an unknown address outside the API that a browser asked for) gets the error page, any other the
problem+json response it always got. A page that needs a signed-in visitor sends an anonymous one to sign in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, PermissionDeniedException, ValidationException
from litestar.types import ExceptionHandlersMap

from api.database_errors import classify_database_error
from api.errors import STATUS_BY_KIND, ApiProblem, validation_errors
from api.i18n import HTTP_MESSAGES
from api.web.csrf import csrf_token
from api.web.language import page_language
from api.web.pages import Page, redirect, render
from api.web.sessions import is_page_route
from api.web.texts import LAYOUT_TEXTS
from registry.accounts.actor import ANONYMOUS, Actor
from registry.errors import DomainError, NotFound, Unauthenticated

__all__ = ["is_page_request", "page_aware"]

logger = logging.getLogger("api.web")

_NOT_PAGES = ("/api/", "/schema", "/health", "/internal/", "/dashboard/assets", "/static/")
"""Addresses whose errors stay problem+json even when a browser asks (under ``/internal/``, so that the operators'
metrics without their token answer exactly as an unknown address next to them)."""

Handler = Callable[[Request[Any, Any, Any], Any], Response[Any]]


def is_page_request(request: Request[Any, Any, Any]) -> bool:
    """A page route, or an unrouted address outside the API asked for by a browser (``Accept: text/html``)."""
    if is_page_route(request):
        return True
    if request.scope.get("route_handler") is not None:
        return False
    path = request.url.path
    return not path.startswith(_NOT_PAGES) and "text/html" in request.headers.get("accept", "")


def _error_page(request: Request[Any, Any, Any]) -> Page:
    user = request.scope.get("user")
    actor = user if isinstance(user, Actor) else ANONYMOUS
    return Page(
        request=request,
        actor=actor,
        language=page_language(request, actor.language if not actor.is_anonymous else None),
        csrf_token=csrf_token(request.scope),
        language_chosen=False,
    )


def _sign_in_first(request: Request[Any, Any, Any]) -> Response[Any]:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return redirect(f"/sign-in?{urlencode({'next': target})}")


def _html_error(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    """The error page for ``error``."""
    page = _error_page(request)
    status = 500
    title_key = "error_500_title"
    message = HTTP_MESSAGES["internal"].in_language(page.language)
    if isinstance(error, Unauthenticated | NotAuthorizedException):
        return _sign_in_first(request)
    if isinstance(error, DomainError):
        status = 404 if isinstance(error, NotFound) else STATUS_BY_KIND[error.kind]
        message = error.message.in_language(page.language)
        title_key = {404: "error_404_title", 403: "error_403_title"}.get(status, "error_generic_title")
    elif isinstance(error, ApiProblem):
        # The HTTP layer's own refusals (input hygiene, preconditions): their status and kk/ru/en message, with the
        # field's message when it names one.
        status = error.status
        message = error.message.in_language(page.language)
        details = [text.in_language(page.language) for _, _, text in error.errors or []]
        message = " ".join(dict.fromkeys([message, *details]))
        title_key = {404: "error_404_title", 403: "error_403_title"}.get(status, "error_400_title")
    elif isinstance(error, ValidationException):
        # A query or path value of the wrong type or outside its choices: the API's 422 and its field messages.
        status, title_key = 422, "error_400_title"
        details = [f"«{item['field']}»: {item['message']}" for item in validation_errors(request, error, page.language)]
        message = " ".join([HTTP_MESSAGES["validation"].in_language(page.language), *details])
    elif isinstance(error, HTTPException):
        status = error.status_code
        if status == 404:
            title_key, message = "error_404_title", page_text(page, "error_404_text")
        elif status == 403:
            title_key = "error_403_title"
            csrf = isinstance(error, PermissionDeniedException) and "csrf" in (error.detail or "").lower()
            message = page_text(page, "error_csrf_text" if csrf else "error_403_text")
        elif status == 405:
            title_key, message = "error_400_title", HTTP_MESSAGES["method_not_allowed"].in_language(page.language)
        elif status < 500:
            title_key, message = "error_400_title", HTTP_MESSAGES["bad_request"].in_language(page.language)
    else:
        problem = classify_database_error(error)
        if problem is not None:
            status, title_key = problem.status, "error_503_title"
            message = problem.message.in_language(page.language)
        else:
            logger.exception("unhandled error on page %s %s", request.method, request.url.path, exc_info=error)
    response = render(page, "layout/error.html", status_code=status, title_key=title_key, message=message)
    return response


def page_text(page: Page, key: str) -> str:
    """A layout text in the page's language."""
    return LAYOUT_TEXTS[key].in_language(page.language)


def page_aware(handlers: ExceptionHandlersMap) -> ExceptionHandlersMap:
    """The app's handlers, each answering a page request with the error page instead."""

    def wrap(problem: Any) -> Handler:
        def handle(request: Request[Any, Any, Any], error: Any) -> Response[Any]:
            if is_page_request(request):
                return _html_error(request, error)
            result: Response[Any] = problem(request, error)
            return result

        return handle

    return {kind: wrap(handler) for kind, handler in handlers.items()}
