"""Every import row judged by the rules of ``POST /api/v1/companies``.

A row is first converted into the API's request (``CompanyCreate``), so its lengths, patterns and types are the
wire contract's own; then :func:`registry.companies.rules.new_company_errors` judges the BIN part by part, the
registration date against the BIN and today, the region and the activities, as the API's registration does.
Nothing here restates a rule: the import may only add what a file has and a request has not (a BIN twice in one
file, an owner named by e-mail).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import date

import msgspec

from registry.bulk.columns import RawRow
from registry.bulk.errors import duplicate_in_file
from registry.companies.rules import new_company_errors
from registry.companies.schemas import CompanyCreate, MemberAdd
from registry.errors import FieldError
from registry.i18n import Text

__all__ = ["CheckedRow", "Rejection", "RowChecker", "TranslateMessage"]

TranslateMessage = Callable[[str], Text]
"""A msgspec validation message in the API's kk/ru/en wording (the HTTP layer's own translation)."""

_AT_PATH = re.compile(r"\s*-\s*at `\$\.?(?P<path>[^`]*)`")


@dataclass(frozen=True, slots=True)
class CheckedRow:
    """A row that passed every rule: the request it stands for and the owner it names."""

    line: int
    request: CompanyCreate
    owner_email: str | None


@dataclass(frozen=True, slots=True)
class Rejection:
    """A row that broke one or more rules, and which."""

    line: int
    bin: str
    errors: tuple[FieldError, ...]


def _schema_error(error: msgspec.ValidationError, translate: TranslateMessage, *, prefix: str = "") -> FieldError:
    """The field (dotted path, as the API names it) and the translated message of a msgspec error."""
    message = str(error)
    path = ""
    if match := _AT_PATH.search(message):
        path = re.sub(r"\[(\d+)\]", r".\1", match.group("path")).strip(".")
        message = _AT_PATH.sub("", message)
    return FieldError(f"{prefix}{path}" if path else "row", "validation", translate(message))


class RowChecker:
    """Judges rows one by one; remembers the BINs seen so that a BIN given twice in a file is caught."""

    def __init__(
        self,
        *,
        today: date,
        known_regions: Container[str],
        known_activities: Container[str],
        translate: TranslateMessage,
    ) -> None:
        self.today = today
        self.known_regions = known_regions
        self.known_activities = known_activities
        self.translate = translate
        self.first_line_of_bin: dict[str, int] = {}

    def check(self, line: int, row: RawRow) -> CheckedRow | Rejection:
        """The row as a request, or why it cannot be one."""
        owner_email = row.pop("owner_email", None)
        bin_value = str(row.get("bin") or "").strip()
        try:
            request = msgspec.convert(row, CompanyCreate, strict=False)
        except msgspec.ValidationError as error:
            return Rejection(line, bin_value, (_schema_error(error, self.translate),))
        errors = new_company_errors(
            request, today=self.today, known_regions=self.known_regions, known_activities=self.known_activities
        )
        email: str | None = None
        if owner_email is not None:
            try:  # the owner is added as POST /companies/{id}/members adds one
                email = msgspec.convert({"email": owner_email}, MemberAdd).email.strip().lower()
            except msgspec.ValidationError as error:
                errors.append(_schema_error(error, self.translate, prefix="owner_"))
        if not errors and (first_line := self.first_line_of_bin.get(request.bin.strip())) is not None:
            errors.append(duplicate_in_file(first_line))
        if errors:
            return Rejection(line, bin_value, tuple(errors))
        self.first_line_of_bin[request.bin.strip()] = line
        return CheckedRow(line, request, email)
