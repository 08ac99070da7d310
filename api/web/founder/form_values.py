"""Founder forms as the API's request bodies: flat form fields to the nested JSON the services' Structs take.

A form can send only flat text, so lists and nested objects are named by their JSON path: ``products.0.name``,
a checkbox ``products.0.capabilities.computer_vision``, ``activities`` as a primary activity plus a comma list.
The field names of errors are the API's (``products.0.capabilities``), so a service's refusal lands next to the
field that caused it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar, get_args

import msgspec

from api.i18n import HTTP_MESSAGES, translate_validation_message
from api.web.forms import FormErrors
from registry.declarations.schemas import CapabilityName

__all__ = [
    "CAPABILITIES",
    "PRODUCT_ROWS",
    "ai_system_body",
    "company_body",
    "declaration_body",
    "declaration_values",
    "decode_nested",
    "grouped_errors",
]

S = TypeVar("S", bound=msgspec.Struct)

PRODUCT_ROWS = 3
"""AI products a declaration form offers (a product row left without a name is not sent)."""
CAPABILITIES: tuple[str, ...] = get_args(CapabilityName)
"""The rubric's capability list, in its order."""
CHECKED = "on"

_AT_PATH = re.compile(r"\s*-\s*at `\$\.?(?P<path>[^`]*)`")
_INDEX = re.compile(r"\[(\d+)\]")


def _text(values: Mapping[str, str], name: str) -> str | None:
    value = values.get(name, "").strip()
    return value or None


def _present(data: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in data.items() if value is not None}


def company_body(values: Mapping[str, str], *, with_bin: bool = True) -> dict[str, Any]:
    """A ``POST /companies`` (or ``PATCH``) body: the primary activity first, then the other codes listed."""
    primary = _text(values, "primary_activity")
    others = [code.strip() for code in re.split(r"[,;\s]+", values.get("other_activities", "")) if code.strip()]
    activities = list(dict.fromkeys([*([primary] if primary else []), *others]))
    names = ("name_kk", "name_ru", "name_en", "legal_form", "region", "headcount", "website", "description")
    body: dict[str, Any] = {name: _text(values, name) for name in names}
    if with_bin:
        body["bin"] = _text(values, "bin")
        body["registration_date"] = _text(values, "registration_date")
    body["primary_activity"] = primary
    body["activities"] = activities or None
    return _present(body)


def _product(values: Mapping[str, str], index: int) -> dict[str, Any] | None:
    prefix = f"products.{index}."
    name = _text(values, prefix + "name")
    if name is None:
        return None
    return _present(
        {
            "name": name,
            "description": values.get(prefix + "description", "").strip(),
            "capabilities": [code for code in CAPABILITIES if values.get(f"{prefix}capabilities.{code}") == CHECKED],
            "is_core": values.get(prefix + "is_core") == CHECKED,
            "provenance": _text(values, prefix + "provenance"),
            "stage": _text(values, prefix + "stage"),
            "ai_system_id": _text(values, prefix + "ai_system_id"),
        }
    )


def declaration_body(values: Mapping[str, str]) -> dict[str, Any]:
    """A ``POST /companies/{id}/declarations`` body from the declaration form."""
    figures = ("fiscal_year", "quarter", "revenue_total", "revenue_ai", "fte_total", "fte_ai", "opex_total", "opex_ai")
    body: dict[str, Any] = {name: _text(values, name) for name in figures}
    if body["fte_total"]:
        body["fte_total"] = body["fte_total"].replace(",", ".")
    if body["fte_ai"]:
        body["fte_ai"] = body["fte_ai"].replace(",", ".")
    body["owns_data_library"] = values.get("owns_data_library") == CHECKED
    body["products"] = [product for index in range(PRODUCT_ROWS) if (product := _product(values, index)) is not None]
    return _present(body)


def declaration_values(declaration: Any) -> dict[str, str]:
    """A filed declaration as the form's values (to correct it with a new filing for the same period)."""
    values = {
        name: str(getattr(declaration, name))
        for name in ("fiscal_year", "revenue_total", "revenue_ai", "opex_total", "opex_ai")
    }
    values["fte_total"] = f"{declaration.fte_total.normalize():f}"
    values["fte_ai"] = f"{declaration.fte_ai.normalize():f}"
    if declaration.quarter is not None:
        values["quarter"] = str(declaration.quarter)
    if declaration.owns_data_library:
        values["owns_data_library"] = CHECKED
    for index, product in enumerate(declaration.products[:PRODUCT_ROWS]):
        prefix = f"products.{index}."
        values[prefix + "name"] = str(product.get("name", ""))
        values[prefix + "description"] = str(product.get("description", ""))
        values[prefix + "provenance"] = str(product.get("provenance", ""))
        values[prefix + "stage"] = str(product.get("stage", ""))
        values[prefix + "ai_system_id"] = str(product.get("ai_system_id") or "")
        if product.get("is_core"):
            values[prefix + "is_core"] = CHECKED
        for code in product.get("capabilities", []):
            values[f"{prefix}capabilities.{code}"] = CHECKED
    return values


def ai_system_body(values: Mapping[str, str]) -> dict[str, Any]:
    """A ``POST /companies/{id}/ai-systems`` (or ``PATCH``) body from the AI-system form."""
    names = ("name", "system_version", "purpose", "data_and_logic", "status", "risk_degree", "autonomy_degree")
    body: dict[str, Any] = {name: _text(values, name) for name in names}
    body["capabilities"] = [code for code in CAPABILITIES if values.get(f"capabilities.{code}") == CHECKED] or None
    body["synthetic_output_labelled"] = values.get("synthetic_output_labelled") == CHECKED
    return _present(body)


def decode_nested(struct_type: type[S], body: Mapping[str, Any], language: str) -> tuple[S | None, FormErrors]:
    """``body`` as ``struct_type`` (strings converted as a form needs), or the field that breaks its limits.

    As :func:`api.web.forms.decode_form`, but the field keeps its whole path (``products.0.name``).
    """
    try:
        return msgspec.convert(dict(body), struct_type, strict=False), FormErrors()
    except msgspec.ValidationError as error:
        message = str(error)
        path = ""
        if match := _AT_PATH.search(message):
            path = _INDEX.sub(r".\1", match.group("path"))
            message = _AT_PATH.sub("", message)
        if missing := re.search(r"missing required field `(?P<name>[^`]+)`", message):
            path = f"{path}.{missing.group('name')}" if path else missing.group("name")
        return None, FormErrors(
            summary=HTTP_MESSAGES["validation"].in_language(language),
            fields={path or "form": translate_validation_message(message, language)},
        )


def grouped_errors(errors: FormErrors, *, lists: tuple[str, ...] = ("activities",)) -> FormErrors:
    """Errors of a list's items (``activities.1``) shown beside the one field that holds the list."""
    fields: dict[str, str] = {}
    for name, message in errors.fields.items():
        head = name.split(".")[0]
        key = head if head in lists else name
        fields[key] = f"{fields[key]} {message}" if key in fields else message
    return FormErrors(summary=errors.summary, fields=fields)
