"""The columns of an import file and how a row becomes the API's registration request (``CompanyCreate``).

Two mappings:

* ``registry`` (the default): the registry's own header, one column per field of ``POST /api/v1/companies`` plus
  ``owner_email``; ``activities`` lists OKED codes separated by ``;`` (or commas or spaces), and a blank
  ``primary_activity`` means the first of them.
* ``stat-register``: the export of the national statistics register (Bureau of National Statistics): BIN, the
  Kazakh and Russian names, the registration date (``DD.MM.YYYY``), the OKED code of the main activity and the
  secondary ones (5-digit subclasses, read as the registry's class ``NN.NN`` or, when that class is not in the
  registry's OKED list, its division ``NN``), the KATO code of the locality (read as its first-level unit:
  ``751110000`` is Almaty, ``750000000``) and, when given, the legal form in words (ТОО/ЖШС, АО/АҚ, ИП/ЖК, …).
  Without a legal-form column the form is read from the start of the Russian name or from the BIN's division
  digit, else ``other``.

Only the shape of the values changes here; whether they are right is judged by :mod:`registry.bulk.checks` with the
API's own rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from registry.bulk.errors import missing_columns, unknown_columns

__all__ = ["MAPPINGS", "ColumnMapping", "MappingName", "RawRow"]

MappingName = Literal["registry", "stat-register"]
RawRow = dict[str, object]
"""A row as the fields of ``CompanyCreate`` (plus ``owner_email``), values still as the file gave them."""

_LIST_SEPARATORS = re.compile(r"[;,\s]+")
_RU_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_OKED_SUBCLASS = re.compile(r"^(\d{2})\.?(\d{2})\.?\d?$")
_LEGAL_FORM_WORDS: Sequence[tuple[re.Pattern[str], str]] = (
    (re.compile(r"^(тоо|жшс|llp)\b", re.IGNORECASE), "llp"),
    (re.compile(r"^(ао|ақ|jsc|пао)\b", re.IGNORECASE), "jsc"),
    (re.compile(r"^(ип|жк|ie)\b", re.IGNORECASE), "ie"),
    (re.compile(r"^(филиал|branch)", re.IGNORECASE), "branch"),
    (re.compile(r"^(представительство|өкілдігі|representative)", re.IGNORECASE), "representative_office"),
)
_DIVISION_FORMS = {"1": "branch", "2": "representative_office"}


def _blank_is_none(value: str) -> str | None:
    return value.strip() or None


def _codes(value: str) -> list[str]:
    return [code for code in _LIST_SEPARATORS.split(value.strip()) if code]


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which header names a mapping reads, and how it turns one row into a :data:`RawRow`."""

    name: MappingName
    columns: Mapping[str, str]
    """Header name (compared case-insensitively, trimmed) → the name of the field it fills."""
    required: frozenset[str]
    """Fields whose column must be in the header."""
    convert: Callable[[Mapping[str, str], Container[str]], RawRow]
    """Row by field name → request fields; the second argument holds the OKED codes the registry knows."""

    def fields_of(self, header: Sequence[str]) -> list[str | None]:
        """The field each header column fills.

        Raises:
            InvalidInput: a column is unknown, or a required one is missing.
        """
        by_name = {name.casefold(): field for name, field in self.columns.items()}
        cleaned = [name.strip().lstrip("\ufeff").strip() for name in header]
        unknown = [name for name in cleaned if name and name.casefold() not in by_name]
        if unknown:
            raise unknown_columns(unknown, list(self.columns))
        fields = [by_name[name.casefold()] if name else None for name in cleaned]
        missing = sorted(self.required - set(fields))
        if missing:
            wanted = [next(name for name, field in self.columns.items() if field == each) for each in missing]
            raise missing_columns(wanted)
        return fields


def _registry_row(values: Mapping[str, str], _: Container[str]) -> RawRow:
    activities = _codes(values.get("activities", ""))
    primary = values.get("primary_activity", "").strip()
    if not primary and activities:
        primary = activities[0]
    if primary and not activities:
        activities = [primary]
    return {
        "bin": values.get("bin", ""),
        "name_kk": values.get("name_kk", ""),
        "name_ru": values.get("name_ru", ""),
        "name_en": _blank_is_none(values.get("name_en", "")),
        "legal_form": values.get("legal_form", "").strip(),
        "region": values.get("region", "").strip(),
        "registration_date": values.get("registration_date", "").strip(),
        "activities": activities,
        "primary_activity": primary,
        "headcount": _blank_is_none(values.get("headcount", "")),
        "website": _blank_is_none(values.get("website", "")),
        "description": _blank_is_none(values.get("description", "")),
        "owner_email": _blank_is_none(values.get("owner_email", "")),
    }


def _registry_oked(code: str, known: Container[str]) -> str:
    """A statistics-register OKED code (``62011``, ``62.01.1``) as the registry's class, else its division."""
    match = _OKED_SUBCLASS.fullmatch(code.strip())
    if match is None:
        return code.strip()
    division, group = match.groups()
    klass = f"{division}.{group}"
    return klass if klass in known or division not in known else division


def _first_level_kato(code: str) -> str:
    """The first-level unit of a KATO code: its first two digits and seven zeros."""
    code = code.strip()
    return f"{code[:2]}0000000" if re.fullmatch(r"\d{9}", code) else code


def _iso_date(value: str) -> str:
    value = value.strip()
    match = _RU_DATE.fullmatch(value)
    return f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}" if match else value


def _legal_form(words: str, name_ru: str, bin_value: str) -> str:
    for text in (words, name_ru):
        for pattern, form in _LEGAL_FORM_WORDS:
            if pattern.search(text.strip()):
                return form
    digits = bin_value.strip()
    return _DIVISION_FORMS.get(digits[5:6], "other") if len(digits) == 12 else "other"


def _stat_register_row(values: Mapping[str, str], known_activities: Container[str]) -> RawRow:
    primary = _registry_oked(values.get("primary_activity", ""), known_activities)
    secondary = [_registry_oked(code, known_activities) for code in _codes(values.get("activities", ""))]
    activities = list(dict.fromkeys([primary, *secondary])) if primary else secondary
    name_ru = values.get("name_ru", "")
    return {
        "bin": values.get("bin", ""),
        "name_kk": values.get("name_kk", ""),
        "name_ru": name_ru,
        "name_en": None,
        "legal_form": _legal_form(values.get("legal_form", ""), name_ru, values.get("bin", "")),
        "region": _first_level_kato(values.get("region", "")),
        "registration_date": _iso_date(values.get("registration_date", "")),
        "activities": activities,
        "primary_activity": primary,
        "headcount": None,
        "website": None,
        "description": None,
        "owner_email": _blank_is_none(values.get("owner_email", "")),
    }


_REGISTRY_FIELDS = (
    "bin",
    "name_kk",
    "name_ru",
    "name_en",
    "legal_form",
    "region",
    "registration_date",
    "activities",
    "primary_activity",
    "headcount",
    "website",
    "description",
    "owner_email",
)

STAT_REGISTER_COLUMNS: Mapping[str, str] = {
    "БИН": "bin",
    "БСН": "bin",
    "Наименование на казахском языке": "name_kk",
    "Атауы (қазақ тілінде)": "name_kk",
    "Наименование на русском языке": "name_ru",
    "Атауы (орыс тілінде)": "name_ru",
    "Дата регистрации": "registration_date",
    "Тіркелген күні": "registration_date",
    "ОКЭД": "primary_activity",
    "ЭҚЖЖ": "primary_activity",
    "Вторичный ОКЭД": "activities",
    "Қосалқы ЭҚЖЖ": "activities",
    "КАТО": "region",
    "ӘАОЖ": "region",
    "Организационно-правовая форма": "legal_form",
    "Ұйымдық-құқықтық нысаны": "legal_form",
    "E-mail": "owner_email",
}
"""The statistics register's export header (Russian and Kazakh captions) → the registry's field."""

MAPPINGS: Mapping[MappingName, ColumnMapping] = {
    "registry": ColumnMapping(
        name="registry",
        columns={name: name for name in _REGISTRY_FIELDS},
        required=frozenset({"bin", "name_kk", "name_ru", "legal_form", "region", "registration_date", "activities"}),
        convert=_registry_row,
    ),
    "stat-register": ColumnMapping(
        name="stat-register",
        columns=STAT_REGISTER_COLUMNS,
        required=frozenset({"bin", "name_kk", "name_ru", "registration_date", "primary_activity", "region"}),
        convert=_stat_register_row,
    ),
}
"""The mappings ``registry import companies --mapping`` offers."""
