"""What every request must be before a handler sees it: text without NUL, valid UTF-8, JSON of the declared type.

PostgreSQL cannot store a NUL character in text, so a NUL that reached a query used to end in a 500. Invalid UTF-8,
JSON nested past the decoder's recursion limit and integers beyond 64 bits did too. And Litestar converts JSON bodies
leniently (``"headcount": "7"`` became 7) although the contract says integer, and it read a JSON body sent as
``text/plain``. This middleware runs after routing and after the token check, so it knows the route's declared
body, and it runs the route's guards first (a caller who may not call a route gets its 401 or 403 whatever the
request holds):

- the path and every query parameter must be UTF-8 without NUL, a query parameter must be one the route takes (a
  misspelt filter must not silently return the whole register), and an integer parameter must fit in 64 bits (422,
  naming the parameter);
- a route that takes a JSON body needs ``Content-Type: application/json`` (415 otherwise), a multipart route needs
  ``multipart/form-data``;
- a JSON body must be UTF-8 JSON nested at most :data:`MAX_JSON_DEPTH` deep (400 otherwise), and must decode
  *strictly* into the route's Struct, without coercing strings to numbers (422 with the field, as Litestar's own
  validation errors), with no NUL in any string (422).

The body is read once here (within the app's body limit) and handed on to the app unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import unquote_to_bytes

import msgspec
from litestar import Litestar, Request
from litestar.connection import ASGIConnection
from litestar.enums import RequestEncodingType, ScopeType
from litestar.exceptions import HTTPException, ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute
from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send

from api.errors import ApiProblem, exception_handlers
from registry.i18n import Text

__all__ = ["MAX_JSON_DEPTH", "InputHygieneMiddleware", "nul_refusal"]

MAX_JSON_DEPTH = 64
"""The deepest nesting of arrays and objects a JSON body may have (no request of the API needs more than 4)."""

_NUL = Text(
    kk="Мәтінде NUL таңбасы (U+0000) болмауы керек.",
    ru="Текст не может содержать символ NUL (U+0000).",
    en="Text may not contain the NUL character (U+0000).",
)
_NOT_UTF8 = Text(
    kk="Мәтін UTF-8 кодтауында болуы керек.", ru="Текст должен быть в кодировке UTF-8.", en="Text must be UTF-8."
)
_MALFORMED_JSON = Text(
    kk="Сұрау денесі жарамды UTF-8 JSON емес: {reason}",
    ru="Тело запроса не является корректным JSON в UTF-8: {reason}",
    en="The request body is not valid UTF-8 JSON: {reason}",
)
_TOO_DEEP = Text(
    kk="JSON тым терең салынған (ең көбі {limit} деңгей).",
    ru="JSON вложен слишком глубоко (не более {limit} {limit:уровня|уровней|уровней}).",
    en="The JSON is nested too deeply (at most {limit} {limit:level|levels}).",
)
_MEDIA_TYPE = Text(
    kk="Бұл мекенжай {expected} түріндегі денені қабылдайды, ал «{given}» жіберілді.",
    ru="Этот адрес принимает тело в формате {expected}, а передано «{given}».",
    en="This address takes a {expected} body; the request sent “{given}”.",
)

_OUT_OF_RANGE = Text(
    kk="Сан тым үлкен (модулі ең көбі {limit}).",
    ru="Число слишком велико (по модулю не более {limit}).",
    en="The number is too large (at most {limit} in absolute value).",
)

_UNKNOWN_PARAMETER = Text(
    kk="Белгісіз сұрау параметрі: «{name}». Бұл мекенжай мыналарды қабылдайды: {known}.",
    ru="Неизвестный параметр запроса: «{name}». Этот адрес принимает: {known}.",
    en="Unknown query parameter “{name}”. This address takes: {known}.",
)
_QUERY_NAMES_KEY = "input_hygiene_query_names"
_BIGINT_MAX = 2**63 - 1
_INTEGER = re.compile(rb"\s*[+-]?\d{1,4300}\s*")
_ESCAPED_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_JSON_TYPES = ("application/json",)


class InputHygieneMiddleware:
    """Refuses NUL, invalid UTF-8, the wrong body media type and loosely typed JSON before the handler runs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check one request, then hand it on; a refusal is answered here, inside the request-id middleware.

        Litestar handles an exception raised by a middleware outside every middleware, so the answer would lack its
        ``X-Request-ID`` and be logged as a 500; the problem is therefore rendered by the app's own handlers here.
        """
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        try:
            checked_receive = await _checked(scope, receive)
        except (ApiProblem, HTTPException) as error:
            await _answer(scope, receive, send, error)
            return
        await self.app(scope, checked_receive, send)


async def _checked(scope: Scope, receive: Receive) -> Receive:
    """Run the route's guards and every check; the ``receive`` the app must read the request from."""
    route_handler = scope.get("route_handler")
    handler = route_handler if isinstance(route_handler, HTTPRouteHandler) else None
    if handler is not None:
        # Who may call comes first: a caller who may not call the route learns 401/403, not what its body lacks.
        connection: ASGIConnection[Any, Any, Any, Any] = ASGIConnection(scope)
        for guard in handler.resolve_guards():
            await guard(connection, handler)  # type: ignore[misc]
    _check_path(scope)
    _check_query(
        scope.get("query_string", b""),
        known=_query_parameters(scope["litestar_app"], handler),
        integers=_integer_parameters(handler),
    )
    body_kind = _declared_body(handler)
    if body_kind is None:
        return receive
    headers = _headers(scope)
    if not _has_body(headers):
        return receive
    media_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    encoding, struct_type = body_kind
    if encoding is RequestEncodingType.MULTI_PART:
        if media_type != "multipart/form-data":
            raise _wrong_media_type("multipart/form-data", media_type)
        return receive
    if not (media_type in _JSON_TYPES or (media_type.startswith("application/") and media_type.endswith("+json"))):
        raise _wrong_media_type("application/json", media_type)
    body = await _read_body(receive, limit=scope["litestar_app"].state.get("max_body_bytes", 0))
    _check_json(body, struct_type)
    return _replay(body, receive)


async def _answer(scope: Scope, receive: Receive, send: Send, error: Exception) -> None:
    """Send the problem+json answer the app's exception handlers give ``error``."""
    # The route's own mapping (a web page answers with its HTML error page), else the API's.
    route_handler = scope.get("route_handler")
    handlers = route_handler.resolve_exception_handlers() if route_handler is not None else exception_handlers()
    handle = next(handlers[kind] for kind in type(error).__mro__ if kind in handlers)
    request: Request[Any, Any, Any] = Request(scope, receive)
    response = handle(request, error)
    await response.to_asgi_response(app=None, request=request)(scope, receive, send)


def _headers(scope: Scope) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}


def _has_body(headers: Mapping[str, str]) -> bool:
    return headers.get("content-length", "0") not in ("", "0") or "transfer-encoding" in headers


@lru_cache(maxsize=256)
def _declared_body(handler: HTTPRouteHandler | None) -> tuple[RequestEncodingType | str, Any] | None:
    """The encoding and the type of the body ``handler`` takes, or None when it takes none."""
    if handler is None:
        return None
    data = handler.parsed_fn_signature.parameters.get("data")
    if data is None:
        return None
    encoding = getattr(data.kwarg_definition, "media_type", RequestEncodingType.JSON)
    return encoding, data.annotation


def _query_parameters(app: Litestar, handler: HTTPRouteHandler | None) -> frozenset[str] | None:
    """The query parameters ``handler`` (and its dependencies) take, or None when the handler is not a route's."""
    if handler is None:
        return None
    known: dict[int, frozenset[str]] | None = getattr(app.state, _QUERY_NAMES_KEY, None)
    if known is None:
        known = {}
        for route in app.routes:
            if isinstance(route, HTTPRoute):
                for route_handler, kwargs_model in route.route_handler_map.values():
                    names = frozenset(parameter.field_alias for parameter in kwargs_model.expected_query_params)
                    known[id(route_handler)] = known.get(id(route_handler), frozenset()) | names
        setattr(app.state, _QUERY_NAMES_KEY, known)
    return known.get(id(handler))


@lru_cache(maxsize=256)
def _integer_parameters(handler: HTTPRouteHandler | None) -> frozenset[str]:
    """The query parameters ``handler`` declares as integers (by their names on the wire)."""
    if handler is None:
        return frozenset()
    names = set()
    for name, parameter in handler.parsed_fn_signature.parameters.items():
        candidates = [parameter, *parameter.inner_types] if parameter.is_union else [parameter]
        if any(item.is_subclass_of(int) and not item.is_subclass_of(bool) for item in candidates):
            names.add(getattr(parameter.kwarg_definition, "query", None) or name)
    return frozenset(names)


def _check_path(scope: Scope) -> None:
    raw = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogateescape")
    if b"%" in raw or b"\x00" in raw or not raw.isascii():
        _check_text(unquote_to_bytes(raw), field="path")


def _check_query(query_string: bytes, *, known: frozenset[str] | None, integers: frozenset[str]) -> None:
    for pair in query_string.split(b"&"):
        if not pair:
            continue
        name, _, value = pair.partition(b"=")
        decoded_name = unquote_to_bytes(name.replace(b"+", b" "))
        field = decoded_name.decode("utf-8", "replace").replace("\x00", "") or "query"
        _check_text(decoded_name, field=field)
        if known is not None and field not in known:
            listed = ", ".join(sorted(known)) or "—"
            raise _invalid(field, "unknown_parameter", _UNKNOWN_PARAMETER.format(name=field, known=listed))
        decoded_value = unquote_to_bytes(value.replace(b"+", b" "))
        _check_text(decoded_value, field=field)
        if field in integers and _INTEGER.fullmatch(decoded_value) and abs(int(decoded_value)) > _BIGINT_MAX:
            raise _invalid(field, "out_of_range", _OUT_OF_RANGE.format(limit=_BIGINT_MAX))


def _check_text(value: bytes, *, field: str) -> None:
    if b"\x00" in value:
        raise _invalid(field, "nul_character", _NUL)
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        raise _invalid(field, "not_utf8", _NOT_UTF8) from None


def _check_json(body: bytes, struct_type: Any) -> None:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _malformed(f"byte {error.start} is not UTF-8") from None
    _check_depth(body)
    try:
        msgspec.json.decode(body, type=struct_type, strict=True)
    except msgspec.ValidationError as error:
        raise ValidationException(detail=str(error), extra=[{"message": str(error)}]) from None
    except msgspec.DecodeError as error:
        raise _malformed(str(error)) from None
    if _ESCAPED_NUL.search(body):
        raise _invalid(_first_path_with_nul(msgspec.json.decode(body)) or "body", "nul_character", _NUL)


def _check_depth(body: bytes) -> None:
    """Refuse nesting deeper than :data:`MAX_JSON_DEPTH` without a recursive decoder.

    The quick count includes brackets inside strings, which can only over-count; the scan then skips strings.
    """
    if body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH:
        return
    depth = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise ApiProblem(400, "malformed_body", _TOO_DEEP.format(limit=MAX_JSON_DEPTH))
        elif byte in (0x5D, 0x7D):
            depth -= 1


def _first_path_with_nul(value: Any, path: str = "") -> str | None:
    if isinstance(value, str):
        return path if "\x00" in value else None
    items: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        items = [(f"{path}.{key}" if path else str(key), item) for key, item in value.items()]
        items += [(path or "body", key) for key in value]
    elif isinstance(value, list):
        items = [(f"{path}.{index}" if path else str(index), item) for index, item in enumerate(value)]
    for item_path, item in items:
        if (found := _first_path_with_nul(item, item_path)) is not None:
            return found
    return None


async def _read_body(receive: Receive, *, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise HTTPException(status_code=400, detail="The client disconnected.")
        chunk: bytes = message.get("body", b"")  # type: ignore[assignment]
        size += len(chunk)
        if limit and size > limit:
            raise HTTPException(status_code=413)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> ReceiveMessage:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def nul_refusal(field: str) -> ApiProblem:
    """The 422 for a NUL character in ``field`` (a query, a JSON body or a page's form)."""
    return _invalid(field, "nul_character", _NUL)


def _invalid(field: str, code: str, message: Text) -> ApiProblem:
    return ApiProblem(422, "validation", message, errors=[(field, code, message)])


def _malformed(reason: str) -> ApiProblem:
    return ApiProblem(400, "malformed_body", _MALFORMED_JSON.format(reason=reason))


def _wrong_media_type(expected: str, given: str) -> ApiProblem:
    return ApiProblem(415, "unsupported_media_type", _MEDIA_TYPE.format(expected=expected, given=given or "—"))
