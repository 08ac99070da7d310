"""The published contract: ``/schema/openapi.json`` says what each route really answers, and ``/schema`` shows it.

Litestar documents what it can see in a handler's signature: the success response, parameters and bodies. What
it cannot see is added here, once, from the route table the app serves:

- the errors (RFC 9457 ``application/problem+json``, one ``Problem`` schema): 401 everywhere (a bad token is
  refused on every route), 403 behind a role guard, 404 with path parameters, 409 on writes, 412/428 where
  ``If-Match`` is required, 400/413/415 with a body, 422 everywhere, 429 where attempts are limited, 503 everywhere;
- the bearer ``securitySchemes`` and each operation's security, from its ``only(...)`` / ``anyone()`` declaration;
- the ``If-Match``, ``Idempotency-Key``, ``ETag``, ``Location`` and ``Retry-After`` headers, and the media types a
  route serves besides JSON (CSV, SDMX, the evidence documents), from :data:`ROUTE_CONTRACTS`.

Litestar's default 400 (a ``status_code``/``detail`` body the app never sends) is dropped, and unions are
``anyOf``: msgspec takes the first alternative a value fits, so ``float | int`` holds an integer, which ``oneOf``
would reject because both alternatives match.

Swagger UI (:mod:`api.swagger_ui`) is served from the app, so the page works offline.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from litestar import Router
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import OpenAPI
from litestar.routes import HTTPRoute

from api.auth.access import PUBLIC, route_access
from api.errors import PROBLEM_MEDIA_TYPE
from api.swagger_ui import LocalSwaggerUI
from registry.statistics.sdmx import SDMX_CSV_MEDIA_TYPE

__all__ = [
    "BEARER",
    "ROUTE_CONTRACTS",
    "RouteContract",
    "document_contract",
    "openapi_config",
    "route_operations",
]

BEARER = "bearer"
"""The name of the security scheme: ``Authorization: Bearer <token from POST /api/v1/auth/login>``."""

CSV = "text/csv"
JSON_LINES = "application/jsonl"
STRUCTURE_MEDIA_TYPE = "application/vnd.sdmx.structure+xml; version=2.1"
DOCUMENT_MEDIA_TYPES = ("application/pdf", "image/png", "image/jpeg")


@dataclass(frozen=True)
class RouteContract:
    """What an operation's signature does not tell Litestar."""

    if_match: bool = False
    """Needs ``If-Match`` with the resource's latest ``ETag`` (428 without it, 412 when it is stale)."""
    etag: bool = False
    """Its success response carries the resource version's ``ETag``."""
    idempotency_key: bool = False
    """Accepts ``Idempotency-Key``: a retry with the same key and body gets the first response again."""
    location: bool = False
    """Its 201 carries the new resource's ``Location``."""
    rate_limited: bool = False
    """Answers 429 with ``Retry-After`` after too many failed attempts."""
    conflicts: bool = True
    """A write that can collide with the stored state (409); meaningless for reads."""
    representations: tuple[str, ...] = ()
    """Media types of the success response besides JSON (chosen with ``?format=`` or ``Accept``)."""
    replaces_json: bool = False
    """The success response is never JSON: ``representations`` are all it serves."""
    names_resources: bool = False
    """Its body names other resources by id, which may not exist (404) even without path parameters."""
    probe: bool = False
    """A health probe: its 503 is its own JSON body (``status``, ``database``), not a problem."""


_TABULAR = RouteContract(representations=(CSV,))
_SANCTION = RouteContract(if_match=True, etag=True)
_APPLICATION_MOVE = RouteContract(if_match=True, etag=True)

ROUTE_CONTRACTS: Mapping[tuple[str, str], RouteContract] = {
    ("GET", "/health/ready"): RouteContract(probe=True),
    ("POST", "/api/v1/auth/login"): RouteContract(rate_limited=True, conflicts=False),
    ("POST", "/api/v1/companies"): RouteContract(etag=True, idempotency_key=True, location=True),
    ("GET", "/api/v1/companies/{company_id}"): RouteContract(etag=True),
    ("GET", "/api/v1/companies/by-bin/{bin_value}"): RouteContract(etag=True),
    ("PATCH", "/api/v1/companies/{company_id}"): RouteContract(if_match=True, etag=True),
    ("POST", "/api/v1/companies/{company_id}/declarations/preview"): RouteContract(conflicts=False),
    ("POST", "/api/v1/companies/{company_id}/ai-systems"): RouteContract(
        etag=True, idempotency_key=True, location=True
    ),
    ("GET", "/api/v1/ai-systems/{system_id}"): RouteContract(etag=True),
    ("PATCH", "/api/v1/ai-systems/{system_id}"): RouteContract(if_match=True, etag=True),
    ("POST", "/api/v1/applications"): RouteContract(
        etag=True, idempotency_key=True, location=True, names_resources=True
    ),
    ("GET", "/api/v1/applications/{application_id}"): RouteContract(etag=True),
    ("PATCH", "/api/v1/applications/{application_id}"): _APPLICATION_MOVE,
    ("POST", "/api/v1/applications/{application_id}/submit"): _APPLICATION_MOVE,
    ("POST", "/api/v1/applications/{application_id}/claim"): _APPLICATION_MOVE,
    ("POST", "/api/v1/applications/{application_id}/send-back"): _APPLICATION_MOVE,
    ("POST", "/api/v1/applications/{application_id}/approve"): _APPLICATION_MOVE,
    ("POST", "/api/v1/applications/{application_id}/reject"): _APPLICATION_MOVE,
    ("POST", "/api/v1/applications/{application_id}/withdraw"): _APPLICATION_MOVE,
    ("GET", "/api/v1/applications/{application_id}/evidence/{evidence_id}/document"): RouteContract(
        representations=DOCUMENT_MEDIA_TYPES, replaces_json=True
    ),
    ("POST", "/api/v1/licences/{number}/suspend"): _SANCTION,
    ("POST", "/api/v1/licences/{number}/reinstate"): _SANCTION,
    ("POST", "/api/v1/licences/{number}/revoke"): _SANCTION,
    ("GET", "/api/v1/metrics/dictionary"): _TABULAR,
    ("GET", "/api/v1/metrics/summary"): _TABULAR,
    ("GET", "/api/v1/metrics/timeseries"): _TABULAR,
    ("GET", "/api/v1/metrics/licensing"): _TABULAR,
    ("GET", "/api/v1/metrics/cohorts"): _TABULAR,
    ("GET", "/api/v1/metrics/growth"): _TABULAR,
    ("GET", "/api/v1/metrics/stock-flow"): _TABULAR,
    ("GET", "/api/v1/statistics/releases/{release_id}"): RouteContract(representations=(CSV, SDMX_CSV_MEDIA_TYPE)),
    ("GET", "/api/v1/statistics/structure"): RouteContract(representations=(STRUCTURE_MEDIA_TYPE,), replaces_json=True),
    ("GET", "/api/v1/bulk/companies"): RouteContract(representations=(CSV, JSON_LINES), replaces_json=True),
    ("HEAD", "/api/v1/bulk/companies"): RouteContract(representations=(CSV, JSON_LINES), replaces_json=True),
}
"""Per operation ``(METHOD, OpenAPI path)``: the headers and media types its signature does not show.

A test fails when a key here names no route, so a renamed route cannot silently lose its documentation.
"""

_DEFAULT = RouteContract()
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "description": (
        "An RFC 9457 problem. `detail` and each `errors[].message` follow Accept-Language (kk, ru, en); `code` is "
        "stable and meant for programs. Some problems add members (e.g. `retry_after`, `allowed_types`)."
    ),
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string", "description": "`urn:alemai:problem:<code>`", "examples": ["urn:alemai:problem:x"]},
        "title": {"type": "string", "description": "The HTTP status phrase"},
        "status": {"type": "integer", "description": "The HTTP status code"},
        "detail": {"type": "string", "description": "What went wrong, in the caller's language"},
        "code": {"type": "string", "description": "A stable machine-readable code, e.g. `validation`"},
        "errors": {
            "type": "array",
            "description": "One entry per invalid field (always present on 422)",
            "items": {"$ref": "#/components/schemas/ProblemFieldError"},
        },
    },
    "additionalProperties": True,
}
FIELD_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "ProblemFieldError",
    "required": ["field", "code", "message"],
    "properties": {
        "field": {"type": "string", "description": "Dotted path of the field (`body` for the whole body)"},
        "code": {"type": "string", "description": "A stable machine-readable code"},
        "message": {"type": "string", "description": "What is wrong with it, in the caller's language"},
    },
}

_ERROR_DESCRIPTIONS: Mapping[int, str] = {
    400: "The request is malformed: a body that is not valid JSON or multipart, or an `Idempotency-Key` longer than "
    "255 characters.",
    401: "Sign-in is required, or the bearer token is invalid, expired or its account disabled.",
    403: "The signed-in account's role or relation to the resource does not allow this.",
    404: "No such resource (or none the caller may see).",
    409: "The request conflicts with the stored state (a duplicate, or a step the workflow does not allow now).",
    412: "`If-Match` names an older version; the response's `ETag` is the current one.",
    413: "The request body is larger than the limit.",
    415: "The request body's media type is not one this operation accepts.",
    422: "The input is not valid (also a query parameter the operation does not take); `errors` says which field and "
    "why.",
    428: "`If-Match` is required: send the resource's latest `ETag`.",
    429: "Too many failed attempts; wait `Retry-After` seconds.",
    503: "The database is unavailable or too slow to answer; retry after `Retry-After` seconds.",
}

_HEADERS: Mapping[str, dict[str, Any]] = {
    "ETag": {"description": "The resource version, for `If-Match`", "schema": {"type": "string"}},
    "Location": {"description": "The new resource's address", "schema": {"type": "string"}},
    "Retry-After": {"description": "Seconds to wait before retrying", "schema": {"type": "integer"}},
    "Idempotent-Replayed": {
        "description": "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`",
        "schema": {"type": "string", "enum": ["true"]},
    },
}


_PROBE_DOWN: dict[str, Any] = {
    "description": "The database does not answer; retry after `Retry-After` seconds.",
    "headers": {"Retry-After": _HEADERS["Retry-After"]},
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["status", "database"],
                "properties": {"status": {"const": "unavailable"}, "database": {"const": "down"}},
            }
        }
    },
}


@dataclass(frozen=True)
class _Operation:
    """What the route table says about one operation."""

    method: str
    path: str
    access: str | tuple[str, ...] | None
    contract: RouteContract = field(default=_DEFAULT)


def route_operations(routes: Iterable[Any]) -> dict[tuple[str, str], _Operation]:
    """Every documented operation of ``routes`` by ``(METHOD, OpenAPI path)``."""
    found: dict[tuple[str, str], _Operation] = {}
    for route in routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if handler.include_in_schema is False:
                continue
            for method in handler.http_methods:
                key = (method, route.path_format or "/")
                found[key] = _Operation(method, key[1], route_access(handler), ROUTE_CONTRACTS.get(key, _DEFAULT))
    return found


def _problem(status: int, *, headers: Iterable[str] = ()) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": _ERROR_DESCRIPTIONS[status],
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if headers:
        response["headers"] = {name: _HEADERS[name] for name in headers}
    return response


def _error_statuses(operation: _Operation, spec: Mapping[str, Any]) -> list[int]:
    contract = operation.contract
    has_body = "requestBody" in spec
    guarded = operation.access != PUBLIC
    statuses = [401, 503]
    statuses += [403] if guarded else []
    statuses += [404] if "{" in operation.path or contract.names_resources else []
    statuses += [409] if operation.method in _UNSAFE and contract.conflicts else []
    statuses += [412, 428] if contract.if_match else []
    statuses += [413, 415] if has_body else []
    statuses += [422]  # with no input too: a query parameter the operation does not take, a NUL in the path
    statuses += [429] if contract.rate_limited else []
    statuses += [400] if has_body or contract.idempotency_key else []
    return sorted(statuses)


def _request_headers(contract: RouteContract) -> list[dict[str, Any]]:
    headers = []
    if contract.if_match:
        headers.append(
            {
                "name": "If-Match",
                "in": "header",
                "required": True,
                "description": "The resource's latest `ETag` (from its GET or the last change)",
                "schema": {"type": "string"},
            }
        )
    if contract.idempotency_key:
        headers.append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": "Any unique string; a retry with the same key and body gets the first response",
                "schema": {"type": "string", "minLength": 1, "maxLength": 255},
            }
        )
    return headers


def _without_catch_alls(schema: dict[str, Any]) -> dict[str, Any]:
    """A success schema without the empty alternatives a ``Response[...]`` error path adds to its union."""
    for key in ("oneOf", "anyOf"):
        alternatives = schema.get(key)
        if isinstance(alternatives, list):
            kept = [alternative for alternative in alternatives if alternative]
            if len(kept) == 1:
                return dict(kept[0])
            schema = {**schema, key: kept}
    return schema


def _split_representations(success: dict[str, Any], contract: RouteContract) -> None:
    """JSON gets the structured alternatives of a ``Response[T | str]``; each text representation gets the string."""
    content: dict[str, Any] = success.setdefault("content", {})
    json_schema: dict[str, Any] = _without_catch_alls(content.pop("application/json", {}).get("schema", {}))
    alternatives = json_schema.get("oneOf") or json_schema.get("anyOf")
    if isinstance(alternatives, list):
        structured = [alternative for alternative in alternatives if alternative.get("type") != "string"]
        json_schema = structured[0] if len(structured) == 1 else {"anyOf": structured}
    if not contract.replaces_json:
        content["application/json"] = {"schema": json_schema}
    for media_type in contract.representations:
        binary = media_type in DOCUMENT_MEDIA_TYPES
        content[media_type] = {"schema": {"type": "string", **({"format": "binary"} if binary else {})}}


def _document_success(operation: _Operation, responses: dict[str, Any]) -> None:
    contract = operation.contract
    for status, response in responses.items():
        if not status.startswith("2"):
            continue
        content = response.get("content") or {}
        if contract.representations:
            _split_representations(response, contract)
        elif "application/json" in content:
            content["application/json"]["schema"] = _without_catch_alls(content["application/json"]["schema"])
        headers = response.setdefault("headers", {})
        if contract.etag:
            headers["ETag"] = _HEADERS["ETag"]
        if contract.location and status == "201":
            headers["Location"] = _HEADERS["Location"]
        if contract.idempotency_key:
            headers["Idempotent-Replayed"] = _HEADERS["Idempotent-Replayed"]
        if not headers:
            del response["headers"]


def _document_operation(operation: _Operation, spec: dict[str, Any]) -> None:
    responses: dict[str, Any] = spec.setdefault("responses", {})
    responses.pop("400", None)  # Litestar's ValidationException shape: this app answers 422 problem+json
    _document_success(operation, responses)
    header_names = {"412": ("ETag",), "429": ("Retry-After",), "503": ("Retry-After",)}
    if operation.contract.probe:
        responses["503"] = _PROBE_DOWN
    for status in _error_statuses(operation, spec):
        responses.setdefault(str(status), _problem(status, headers=header_names.get(str(status), ())))
    spec["responses"] = dict(sorted(responses.items()))
    parameters: list[dict[str, Any]] = list(spec.get("parameters", []))
    declared = {(parameter["in"], parameter["name"].lower()) for parameter in parameters}
    parameters += [h for h in _request_headers(operation.contract) if ("header", h["name"].lower()) not in declared]
    if parameters:
        spec["parameters"] = parameters
    if operation.access == PUBLIC:
        spec["security"] = [{}, {BEARER: []}]
    else:
        spec["security"] = [{BEARER: []}]
        roles = ", ".join(operation.access or ())
        spec["description"] = f"{spec.get('description', '').rstrip()}\n\nRoles: {roles}.".lstrip()


def _any_of_unions(node: Any) -> Any:
    """Every undiscriminated ``oneOf`` as ``anyOf`` (msgspec's unions take the first alternative that fits)."""
    if isinstance(node, dict):
        renamed = {}
        for key, value in node.items():
            target = "anyOf" if key == "oneOf" and "discriminator" not in node else key
            renamed[target] = _any_of_unions(value)
        return renamed
    if isinstance(node, list):
        return [_any_of_unions(item) for item in node]
    return node


def document_contract(schema: Mapping[str, Any], routes: Iterable[Any]) -> dict[str, Any]:
    """``schema`` as Litestar built it, completed with what :mod:`api.openapi` knows of ``routes``."""
    document: dict[str, Any] = _any_of_unions(copy.deepcopy(dict(schema)))
    operations = route_operations(routes)
    for path, item in document.get("paths", {}).items():
        for method, spec in item.items():
            operation = operations.get((method.upper(), path))
            if operation is not None and isinstance(spec, dict):
                _document_operation(operation, spec)
    components = document.setdefault("components", {})
    components.setdefault("schemas", {}).update({"Problem": PROBLEM_SCHEMA, "ProblemFieldError": FIELD_ERROR_SCHEMA})
    components["securitySchemes"] = {
        BEARER: {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "The `access_token` of `POST /api/v1/auth/login`.",
        }
    }
    return document


class _ContractDocument(OpenAPI):
    """The OpenAPI object Litestar fills with paths; it serialises with the contract completed."""

    routes: tuple[Any, ...] = ()

    def to_schema(self) -> dict[str, Any]:
        """The document as served at ``/schema/openapi.json``."""
        return document_contract(super().to_schema(), self.routes)


@dataclass
class _ContractOpenAPIConfig(OpenAPIConfig):
    """Litestar's configuration, whose document knows the routers it describes (read when it is first served)."""

    routers: tuple[Router, ...] = ()
    """The app's routers, as registered."""

    def to_openapi_schema(self) -> OpenAPI:
        base = super().to_openapi_schema()
        document = _ContractDocument(**{name: getattr(base, name) for name in base.__dataclass_fields__})
        document.routes = tuple(route for router in self.routers for route in router.routes)
        return document


def openapi_config(*, routers: Iterable[Router], version: str, description: str) -> OpenAPIConfig:
    """The app's OpenAPI configuration: the schema at ``/schema/openapi.json``, Swagger UI at ``/schema``."""
    schema_path = "/schema"
    return _ContractOpenAPIConfig(
        title="AlemAI Registry",
        version=version,
        description=description,
        path=schema_path,
        use_handler_docstrings=True,
        render_plugins=[LocalSwaggerUI(schema_path)],
        routers=tuple(routers),
    )
