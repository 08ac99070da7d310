"""``ETag`` / ``If-Match`` for optimistic concurrency, and ``Idempotency-Key`` for safe retries of creations."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec
from litestar import MediaType, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import ApiProblem
from api.i18n import HTTP_MESSAGES
from registry.idempotency import StoredResponse, claim_idempotency_key, store_idempotent_response

__all__ = ["NO_VERSION", "REPLAYED_HEADERS", "etag", "expected_version", "idempotent", "version_number"]

REPLAYED_HEADERS = frozenset({"etag", "location", "content-type"})
"""The headers of a first answer that its replays repeat (lower case): the new resource's version and address and
the body's type. Request-specific ones (``Date``, a request id, rate-limit counters) are not repeated."""


def etag(version: int) -> str:
    """The strong ETag of a resource version."""
    return f'"{version}"'


NO_VERSION = -1
"""A version number no resource has: a service given it answers 412 (or its page's "changed meanwhile")."""

_MAX_VERSION_DIGITS = 9
"""Versions are PostgreSQL integers; a longer number names none."""


def version_number(text: str) -> int:
    """The resource version ``text`` names (ASCII digits only), else :data:`NO_VERSION`.

    ``str.isdigit`` alone is not enough: it accepts ``²`` (which ``int`` refuses) and ``٣`` (which ``int`` reads
    as 3); neither is a version this service ever wrote.
    """
    if text.isascii() and text.isdigit() and len(text) <= _MAX_VERSION_DIGITS:
        return int(text)
    return NO_VERSION


def expected_version(request: Request[Any, Any, Any]) -> int:
    """The version named by ``If-Match``: 428 when missing, 412 when it cannot name any version.

    ``If-Match`` compares strongly (RFC 9110, 13.1.1): a weak tag (``W/"4"``) matches no version. A bare number
    (``4``) is taken as the tag it spells.
    """
    header = request.headers.get("if-match")
    if not header:
        raise ApiProblem(428, "if_match_required", HTTP_MESSAGES["if_match_required"])
    value = header.strip()
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        value = value[1:-1]
    return version_number(value)  # NO_VERSION matches none, so the service answers 412 with the current ETag


async def idempotent(
    request: Request[Any, Any, Any],
    session: AsyncSession,
    *,
    account_id: uuid.UUID | None,
    operation: str,
    create: Callable[[], Awaitable[tuple[int, msgspec.Struct, dict[str, str]]]],
) -> Response[Any]:
    """Run ``create`` once per ``Idempotency-Key``: a retry gets the first response; another body gets 422.

    The retry gets the first response whole: its status, body and the headers that matter to the caller
    (``REPLAYED_HEADERS``), with ``Idempotent-Replayed: true``.
    """
    key = request.headers.get("idempotency-key")
    if not key:
        status, body, headers = await create()
        return Response(content=body, status_code=status, headers=headers)
    if len(key) > 255:
        raise ApiProblem(400, "idempotency_key_invalid", HTTP_MESSAGES["bad_request"])
    request_hash = hashlib.sha256(await request.body()).hexdigest()
    earlier = await claim_idempotency_key(
        session, account_id=account_id, operation=operation, key=key, request_hash=request_hash
    )
    if earlier is not None:
        if earlier.request_hash != request_hash:
            raise ApiProblem(422, "idempotency_key_reused", HTTP_MESSAGES["idempotency_mismatch"])
        return _replay(earlier)
    status, body, headers = await create()
    response = Response(content=body, status_code=status, headers=headers)
    replayed = {name: value for name, value in headers.items() if name.lower() in REPLAYED_HEADERS}
    media_type = response.media_type or request.route_handler.media_type or MediaType.JSON
    replayed["Content-Type"] = media_type.value if isinstance(media_type, MediaType) else media_type
    await store_idempotent_response(
        session,
        account_id=account_id,
        operation=operation,
        key=key,
        status_code=status,
        response=msgspec.to_builtins(body),
        headers=replayed,
    )
    return response


def _replay(earlier: StoredResponse) -> Response[Any]:
    headers = {name: value for name, value in earlier.headers.items() if name.lower() != "content-type"}
    media_type = next(
        (value for name, value in earlier.headers.items() if name.lower() == "content-type"), MediaType.JSON
    )
    return Response(
        content=earlier.body,
        status_code=earlier.status_code or 200,
        headers={**headers, "Idempotent-Replayed": "true"},
        media_type=media_type,
    )
