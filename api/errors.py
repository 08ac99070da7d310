"""The one place that turns errors into RFC 9457 ``application/problem+json`` responses."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap

from api.database_errors import classify_database_error
from api.i18n import HTTP_MESSAGES, negotiate_language, translate_validation_message
from registry.errors import DomainError, ErrorKind
from registry.i18n import Text

__all__ = [
    "ApiProblem",
    "domain_error_response",
    "exception_handlers",
    "problem_response",
    "request_language",
    "validation_errors",
]

logger = logging.getLogger("api.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"

STATUS_BY_KIND: Mapping[ErrorKind, int] = {
    "invalid": 422,
    "not_found": 404,
    "conflict": 409,
    "forbidden": 403,
    "unauthenticated": 401,
    "precondition_failed": 412,
    "rate_limited": 429,
}

_TITLES: Mapping[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    428: "Precondition Required",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}

_CODES_BY_STATUS: Mapping[int, str] = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "validation",
    500: "internal",
    503: "unavailable",
}


class ApiProblem(Exception):
    """An HTTP-level problem raised by the API layer itself (missing ``If-Match``, idempotency misuse, …)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: Text,
        *,
        headers: Mapping[str, str] | None = None,
        errors: list[tuple[str, str, Text]] | None = None,
    ) -> None:
        super().__init__(message.en)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})
        self.errors = errors
        """Per-field errors: (field, code, message)."""


def request_language(request: Request[Any, Any, Any]) -> str:
    """``Accept-Language`` first, then the signed-in account's preference, then English."""
    header = request.headers.get("accept-language")
    if header:
        return negotiate_language(header)
    user = request.scope.get("user")
    return getattr(user, "language", None) or "en"


def problem_response(
    *,
    status: int,
    code: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    extra: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response[dict[str, Any]]:
    """A problem+json response."""
    body: dict[str, Any] = {
        "type": f"urn:alemai:problem:{code}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    body.update(extra or {})
    return Response(content=body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=dict(headers or {}))


def domain_error_response(request: Request[Any, Any, Any], error: DomainError) -> Response[dict[str, Any]]:
    """The problem+json response for a domain error (also for handlers that must commit despite the error)."""
    language = request_language(request)
    status = STATUS_BY_KIND[error.kind]
    headers: dict[str, str] = {}
    if "retry_after" in error.details:
        headers["Retry-After"] = str(error.details["retry_after"])
    if "current_etag" in error.details:
        headers["ETag"] = str(error.details["current_etag"])
    errors = [
        {"field": item.field, "code": item.code, "message": item.message.in_language(language)} for item in error.errors
    ]
    return problem_response(
        status=status,
        code=error.code,
        detail=error.message.in_language(language),
        errors=errors if errors or status == 422 else None,
        extra={key: value for key, value in error.details.items() if key != "current_etag"},
        headers=headers,
    )


_AT_PATH = re.compile(r"\s*-\s*at `\$\.?(?P<path>[^`]*)`")
_MISSING_PARAMETER = re.compile(r"Missing required (?:query|header|cookie|path) parameter '(?P<name>[^']+)'")
_UNKNOWN_FIELD = re.compile(r"(?:unknown|missing required) field `(?P<name>[^`]+)`")


def _field_and_message(item: object, fallback: str) -> tuple[str, str]:
    """The dotted field path and the bare message of one msgspec/Litestar validation item."""
    if not isinstance(item, dict):
        text = str(item)
        if missing := _MISSING_PARAMETER.search(text):
            return missing.group("name"), text
        return "body", text
    message = str(item.get("message", fallback))
    key = str(item.get("key") or "")
    path = ""
    if match := _AT_PATH.search(message):
        path = re.sub(r"\[(\d+)\]", r".\1", match.group("path")).strip(".")
        message = _AT_PATH.sub("", message)
    elif key and key != "data":
        path = re.sub(r"\[(\d+)\]", r".\1", key).strip(".")
    if unknown := _UNKNOWN_FIELD.search(message):
        path = f"{path}.{unknown.group('name')}" if path else unknown.group("name")
    return path or "body", message


def _wire_name(request: Request[Any, Any, Any], field: str) -> str:
    """The name a parameter has in the request (``from``), not in the handler's signature (``start``)."""
    handler = request.scope.get("route_handler")
    parameter = handler.parsed_fn_signature.parameters.get(field) if handler is not None else None
    if parameter is None:
        return field
    definition = parameter.kwarg_definition
    names = (getattr(definition, attribute, None) for attribute in ("query", "header", "cookie", "name"))
    return next((name for name in names if isinstance(name, str) and name), field)


def _is_parameter(item: object) -> bool:
    """Whether a validation item is about a query, path, header or cookie parameter (not a body field)."""
    return isinstance(item, dict) and item.get("source") in {"query", "path", "header", "cookie"}


def validation_errors(
    request: Request[Any, Any, Any], error: ValidationException, language: str
) -> list[dict[str, str]]:
    """Each field a request's validation refused, by its name in the request, with its message in ``language``.

    For problem+json answers and for error pages alike.
    """
    items = error.extra if isinstance(error.extra, list) and error.extra else [error.detail]
    errors = []
    for item in items:
        field, message = _field_and_message(item, error.detail)
        errors.append(
            {
                "field": _wire_name(request, field) if _is_parameter(item) else field,
                "code": "validation",
                "message": translate_validation_message(message, language),
            }
        )
    return errors


def _validation_error(request: Request[Any, Any, Any], error: ValidationException) -> Response[dict[str, Any]]:
    language = request_language(request)
    return problem_response(
        status=422,
        code="validation",
        detail=HTTP_MESSAGES["validation"].in_language(language),
        errors=validation_errors(request, error, language),
    )


def _http_error(request: Request[Any, Any, Any], error: HTTPException) -> Response[dict[str, Any]]:
    if isinstance(error, ValidationException):
        return _validation_error(request, error)
    language = request_language(request)
    status = error.status_code
    code = _CODES_BY_STATUS.get(status, "http_error")
    if status == 401 and error.detail and "token" in error.detail.lower():
        code = "token_invalid"
    message = HTTP_MESSAGES.get(code)
    if code == "too_large":
        limit = request.app.state.get("max_body_bytes", 0)
        detail = HTTP_MESSAGES["too_large"].format(limit=limit).in_language(language)
    else:
        detail = message.in_language(language) if message else error.detail
    return problem_response(status=status, code=code, detail=detail, headers=error.headers or None)


def _api_problem(request: Request[Any, Any, Any], error: ApiProblem) -> Response[dict[str, Any]]:
    language = request_language(request)
    errors = None
    if error.errors is not None:
        errors = [
            {"field": field, "code": code, "message": message.in_language(language)}
            for field, code, message in error.errors
        ]
    return problem_response(
        status=error.status,
        code=error.code,
        detail=error.message.in_language(language),
        errors=errors,
        headers=error.headers,
    )


def _unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[dict[str, Any]]:
    language = request_language(request)
    problem = classify_database_error(error)
    if problem is not None:
        logger.warning("database failure on %s %s: %r", request.method, request.url.path, error)
        headers = {"Retry-After": str(problem.retry_after)} if problem.retry_after is not None else None
        return problem_response(
            status=problem.status, code=problem.code, detail=problem.message.in_language(language), headers=headers
        )
    if isinstance(error, RecursionError | UnicodeDecodeError):
        return problem_response(
            status=400, code="malformed_body", detail=HTTP_MESSAGES["bad_request"].in_language(language)
        )
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return problem_response(
        status=HTTP_500_INTERNAL_SERVER_ERROR,
        code="internal",
        detail=HTTP_MESSAGES["internal"].in_language(language),
    )


def exception_handlers() -> ExceptionHandlersMap:
    """The app's exception handlers."""
    return {
        DomainError: domain_error_response,
        ApiProblem: _api_problem,
        HTTPException: _http_error,
        Exception: _unexpected,
    }
