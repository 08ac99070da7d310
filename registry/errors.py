"""Domain errors: a stable code and a message in three languages, no HTTP knowledge.

The HTTP layer maps each error's ``kind`` to a status code once (``api.errors``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from registry.i18n import Text

__all__ = [
    "AccessDenied",
    "Conflict",
    "DomainError",
    "ErrorKind",
    "FieldError",
    "InvalidInput",
    "NotFound",
    "PreconditionFailed",
    "RateLimited",
    "Unauthenticated",
]

ErrorKind = Literal[
    "invalid", "not_found", "conflict", "forbidden", "unauthenticated", "precondition_failed", "rate_limited"
]


@dataclass(frozen=True, slots=True)
class FieldError:
    """A problem with one input field."""

    field: str
    """Dotted path of the field in the request body or query, e.g. ``bin`` or ``products.0.capabilities``."""
    code: str
    """Stable machine-readable code, e.g. ``bin.check_digit``."""
    message: Text
    """What is wrong, in kk/ru/en."""


class DomainError(Exception):
    """Base class of every error a domain service raises on purpose."""

    kind: ClassVar[ErrorKind] = "invalid"

    def __init__(
        self,
        code: str,
        message: Text,
        *,
        errors: Sequence[FieldError] = (),
        details: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{code}: {message.en}")
        self.code = code
        self.message = message
        self.errors = tuple(errors)
        self.details = dict(details or {})


class InvalidInput(DomainError):
    """The input breaks a rule; ``errors`` lists the fields."""

    kind = "invalid"


class NotFound(DomainError):
    """The resource does not exist, or the caller may not know that it does."""

    kind = "not_found"


class Conflict(DomainError):
    """The request conflicts with the current state (duplicate, wrong workflow state, …)."""

    kind = "conflict"


class AccessDenied(DomainError):
    """The caller is known but may not do this."""

    kind = "forbidden"


class Unauthenticated(DomainError):
    """The caller must sign in (again)."""

    kind = "unauthenticated"


class PreconditionFailed(DomainError):
    """The caller's version of the resource is stale (``If-Match`` did not match)."""

    kind = "precondition_failed"


class RateLimited(DomainError):
    """Too many attempts; ``details['retry_after']`` says how many seconds to wait."""

    kind = "rate_limited"
