"""What the reviewer pages share: who may open them, how a refusal is answered, and a form's repeated fields."""

from __future__ import annotations

from typing import Any

from litestar import Request

from api.errors import STATUS_BY_KIND
from api.web.forms import FormErrors
from licensing.service_levels import working_days_left
from registry.errors import DomainError

__all__ = ["PAGE_SIZE", "STAFF", "deadline", "field_errors", "form_lists", "refusal_status"]

STAFF = ("reviewer", "admin")
"""The roles of the API's reviewer routes (``only("reviewer", "admin")``)."""
PAGE_SIZE = 25
"""Rows per page of the queue and the licence list."""


def refusal_status(error: DomainError) -> int:
    """The status the API answers this refusal with (422, 403, 404, 409, 412 …)."""
    return STATUS_BY_KIND[error.kind]


def field_errors(error: DomainError, language: str) -> FormErrors:
    """The service's refusal for a form: ``fields.0`` (a list item) is shown by its list, ``fields``."""
    errors = FormErrors.of(error, language)
    errors.fields = {name.split(".")[0]: message for name, message in errors.fields.items()}
    return errors


async def form_lists(request: Request[Any, Any, Any], *names: str) -> dict[str, list[str]]:
    """Every value of the repeated fields ``names`` (checkboxes), in the order the form sent them."""
    form = await request.form()
    return {name: [value for value in form.getall(name, []) if isinstance(value, str) and value] for name in names}


def deadline(today: Any, due: Any, *, running: bool) -> dict[str, Any] | None:
    """A service-level deadline as a page shows it: the day and, while it runs, the working days left."""
    if due is None:
        return None
    return {"day": due, "left": working_days_left(today, due) if running else None}
