"""Forms: read a posted form, turn it into the service's own input Struct, and show errors next to their fields.

The rules and messages are the API's: a form is decoded into the same msgspec Struct the API route takes (its
limits and patterns), a framework message is worded by :func:`api.i18n.translate_validation_message`, and a
service's refusal is its :class:`~registry.errors.DomainError` with its own kk/ru/en texts.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import msgspec
from litestar import Request
from sqlalchemy.ext.asyncio import AsyncSession

from api.i18n import HTTP_MESSAGES, translate_validation_message
from api.input_hygiene import nul_refusal
from api.web.csrf import CSRF_FIELD
from registry.errors import DomainError

__all__ = ["FormErrors", "attempt", "decode_form", "read_form"]

T = TypeVar("T")
S = TypeVar("S", bound=msgspec.Struct)

_AT_PATH = re.compile(r"\s*-\s*at `\$\.?(?P<path>[^`]*)`")


@dataclass
class FormErrors:
    """What is wrong with a posted form: a message above the form, and one per field."""

    summary: str = ""
    fields: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.summary or self.fields)

    @classmethod
    def of(cls, error: DomainError, language: str) -> FormErrors:
        """A service's refusal: its message above the form, its field errors beside their fields."""
        fields: dict[str, str] = {}
        for item in error.errors:
            fields.setdefault(item.field, item.message.in_language(language))
        return cls(summary=error.message.in_language(language), fields=fields)


async def read_form(request: Request[Any, Any, Any]) -> dict[str, str]:
    """The posted fields (the first value of each), without the CSRF token.

    A NUL character in one is a 422, as in the API (:func:`api.input_hygiene.nul_refusal`), never silently dropped.
    """
    form = await request.form()
    values: dict[str, str] = {}
    for name, value in form.multi_items():
        if name == CSRF_FIELD or name in values or not isinstance(value, str):
            continue
        if "\x00" in value:
            raise nul_refusal(name)
        values[name] = value
    return values


def decode_form(struct_type: type[S], values: Mapping[str, Any], language: str) -> tuple[S | None, FormErrors]:
    """``values`` as the service's input ``struct_type``, or the field that breaks its limits.

    Empty fields are left out, so optional fields take their defaults; strings are converted to the field's type
    ("12" to 12) as a form cannot send anything but text.
    """
    known = set(struct_type.__struct_fields__)
    present = {name: value for name, value in values.items() if name in known and value != ""}
    try:
        return msgspec.convert(present, struct_type, strict=False), FormErrors()
    except msgspec.ValidationError as error:
        message = str(error)
        path = ""
        if match := _AT_PATH.search(message):
            path = match.group("path").split(".")[0].split("[")[0]
            message = _AT_PATH.sub("", message)
        missing = re.search(r"missing required field `(?P<name>[^`]+)`", message)
        if missing:
            path = missing.group("name")
        return None, FormErrors(
            summary=HTTP_MESSAGES["validation"].in_language(language),
            fields={path or "form": translate_validation_message(message, language)},
        )


async def attempt(session: AsyncSession, call: Callable[[], Awaitable[T]]) -> tuple[T | None, DomainError | None]:
    """Run a service call in a savepoint: its result, or the domain error it refused with (its writes undone).

    The request's transaction goes on and commits whatever the page does next (as the API's sign-in route commits
    a recorded failure).
    """
    try:
        async with session.begin_nested():
            return await call(), None
    except DomainError as error:
        return None, error
