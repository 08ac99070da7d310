"""The Kazakhstan Business Identification Number (BIN): its parts and its check digit.

A BIN is 12 digits: ``YYMM`` of registration, the entity type (digit 5), the division (digit 6), a 5-digit
serial and a check digit. The check digit is ``Σ d_i·i (i = 1..11) mod 11``; when that is 10 the digits are
weighed again with ``3, 4, …, 11, 1, 2``, and when that is 10 too no BIN starts with those 11 digits. No
library validates BINs, so the registry owns the rule.

What the check digit does not catch (proved in ``tests/registry/test_bin_rules.py``): the 11th weight is
11 ≡ 0 (mod 11), so a typo in digit 11 (the serial's last digit) goes unnoticed whenever the first sum is not
10 — about 10 in 11 BINs. Other single-digit typos and swaps of adjacent digits slip through only when exactly
one of the two numbers needs the second weights and its second sum happens to equal the check digit (under
1 % of them). A valid BIN is therefore a well-formed one, not proof that it is the company's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from registry.errors import FieldError, InvalidInput
from registry.i18n import Text

__all__ = ["DIVISIONS", "ENTITY_TYPES", "BinInfo", "Division", "EntityType", "check_digit", "make_bin", "parse_bin"]

EntityType = Literal["resident_legal_entity", "non_resident_legal_entity", "joint_individual_entrepreneurship"]
Division = Literal["head_office", "branch", "representative_office", "peasant_farm"]

ENTITY_TYPES: Mapping[int, EntityType] = {
    4: "resident_legal_entity",
    5: "non_resident_legal_entity",
    6: "joint_individual_entrepreneurship",
}
"""Digit 5 of a BIN: the kind of entity."""

DIVISIONS: Mapping[int, Division] = {
    0: "head_office",
    1: "branch",
    2: "representative_office",
    3: "peasant_farm",
}
"""Digit 6 of a BIN: which part of the entity the number belongs to."""

_PRIMARY_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_FALLBACK_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_MAX_SERIAL = 99_999
# ``str.isdigit`` accepts "²" and other scripts' digits; a BIN is ASCII digits only.
_DIGITS = re.compile(r"[0-9]*")

_MESSAGES: Mapping[str, Text] = {
    "not_digits": Text(
        kk="БСН тек цифрлардан тұруы керек, ал мұнда «{char}» таңбасы бар.",
        ru="БИН может состоять только из цифр, а здесь есть символ «{char}».",
        en="A BIN may contain only digits, but this one contains “{char}”.",
    ),
    "bin.length": Text(
        kk="БСН 12 цифрдан тұруы керек, ал мұнда {count} цифр.",
        ru="БИН должен состоять из 12 цифр, а здесь их {count}.",
        en="A BIN has exactly 12 digits, but this one has {count}.",
    ),
    "bin.month": Text(
        kk="БСН-нің 3–4-цифрлары тіркелген айды білдіреді, ал {month} деген ай жоқ (01–12 болуы керек).",
        ru="Цифры 3–4 БИН означают месяц регистрации, а месяца {month} нет (должно быть от 01 до 12).",
        en="Digits 3–4 of a BIN are the month of registration, and {month} is not a month (01–12).",
    ),
    "bin.future": Text(
        kk="БСН-дағы тіркелген ай ({month}) әлі келген жоқ.",
        ru="Месяц регистрации в БИН ({month}) ещё не наступил.",
        en="The month of registration in the BIN ({month}) is in the future.",
    ),
    "bin.entity_type": Text(
        kk="БСН-нің 5-цифры субъектінің түрін білдіреді (4, 5 немесе 6), ал мұнда {digit}.",
        ru="5-я цифра БИН означает вид субъекта (4, 5 или 6), а здесь {digit}.",
        en="Digit 5 of a BIN is the entity type (4, 5 or 6), but here it is {digit}.",
    ),
    "bin.division": Text(
        kk="БСН-нің 6-цифры бөлімшенің түрін білдіреді (0, 1, 2 немесе 3), ал мұнда {digit}.",
        ru="6-я цифра БИН означает вид подразделения (0, 1, 2 или 3), а здесь {digit}.",
        en="Digit 6 of a BIN is the division (0, 1, 2 or 3), but here it is {digit}.",
    ),
    "bin.check_digit": Text(
        kk="Бақылау цифры {actual}, бірақ {expected} болуы керек.",
        ru="Контрольная цифра — {actual}, а должна быть {expected}.",
        en="The check digit is {actual} but should be {expected}.",
    ),
    "no_check_digit": Text(
        kk="{prefix} деп басталатын БСН болмайды: бұл 11 цифрға бақылау цифры жоқ, бір цифр қате терілген болуы "
        "мүмкін.",
        ru="БИН не может начинаться с {prefix}: для этих 11 цифр нет контрольной цифры, вероятно, одна из них набрана "
        "с ошибкой.",
        en="No BIN can start with {prefix}: these 11 digits have no valid check digit, so one of them is probably "
        "mistyped.",
    ),
}


@dataclass(frozen=True, slots=True)
class BinInfo:
    """The parts of a valid BIN."""

    bin: str
    """The 12 digits, without surrounding whitespace."""
    registration_month: date
    """The first day of the month of registration (digits 1–4)."""
    entity_type: EntityType
    """The kind of entity (digit 5)."""
    division: Division
    """Head office, branch, representative office or peasant farm (digit 6)."""
    serial: int
    """The serial number within the month (digits 7–11)."""


def check_digit(first_eleven: str) -> int | None:
    """The check digit for the first 11 digits of a BIN.

    Args:
        first_eleven: Exactly 11 ASCII digits.

    Returns:
        The digit 0–9, or ``None`` when both weightings give 10 and so no BIN starts with these digits.

    Raises:
        ValueError: ``first_eleven`` is not 11 ASCII digits.
    """
    if len(first_eleven) != len(_PRIMARY_WEIGHTS) or not _DIGITS.fullmatch(first_eleven):
        raise ValueError(f"expected 11 digits, got {first_eleven!r}")
    digits = [int(char) for char in first_eleven]
    for weights in (_PRIMARY_WEIGHTS, _FALLBACK_WEIGHTS):
        remainder = sum(digit * weight for digit, weight in zip(digits, weights, strict=True)) % 11
        if remainder != 10:
            return remainder
    return None


def make_bin(*, registration_month: date, entity_type_digit: int, division_digit: int, serial: int) -> str | None:
    """Build a valid BIN from its parts.

    Args:
        registration_month: Any day of the month of registration; only its year's last two digits and month count.
        entity_type_digit: 4, 5 or 6 (see :data:`ENTITY_TYPES`).
        division_digit: 0–3 (see :data:`DIVISIONS`).
        serial: 0–99 999.

    Returns:
        The 12 digits, or ``None`` when no check digit exists for these parts (about 1 prefix in 121).

    Raises:
        ValueError: A part is out of range.
    """
    if entity_type_digit not in ENTITY_TYPES:
        raise ValueError(f"entity type digit must be one of {sorted(ENTITY_TYPES)}, got {entity_type_digit}")
    if division_digit not in DIVISIONS:
        raise ValueError(f"division digit must be one of {sorted(DIVISIONS)}, got {division_digit}")
    if not 0 <= serial <= _MAX_SERIAL:
        raise ValueError(f"serial must be 0–{_MAX_SERIAL}, got {serial}")
    prefix = (
        f"{registration_month.year % 100:02d}{registration_month.month:02d}"
        f"{entity_type_digit}{division_digit}{serial:05d}"
    )
    digit = check_digit(prefix)
    return None if digit is None else f"{prefix}{digit}"


def parse_bin(value: str, *, today: date) -> BinInfo:
    """Validate a BIN and split it into its parts.

    Every wrong part among the month, entity type and division is reported; the check digit is judged only when
    those are right, because a check digit computed over a mistyped month would send the user to fix the wrong
    digit.

    Args:
        value: The BIN as typed; surrounding whitespace is ignored.
        today: The current date: a two-digit year up to this year's is 20YY, a later one 19YY, and a month
            after this one is in the future.

    Returns:
        The parts of the BIN.

    Raises:
        InvalidInput: The BIN is malformed. ``errors`` holds one :class:`FieldError` (field ``bin``) per wrong
            part, with codes ``bin.length``, ``bin.month``, ``bin.future``, ``bin.entity_type``, ``bin.division``
            or ``bin.check_digit``; the error's own code and message are those of the first.
    """
    digits = value.strip()
    if len(digits) != 12 or not _DIGITS.fullmatch(digits):
        raise _invalid([_length_error(digits)])
    errors = _part_errors(digits, today)
    if not errors:
        errors = _check_digit_errors(digits)
    if errors:
        raise _invalid(errors)
    return BinInfo(
        bin=digits,
        registration_month=_registration_month(digits, today),
        entity_type=ENTITY_TYPES[int(digits[4])],
        division=DIVISIONS[int(digits[5])],
        serial=int(digits[6:11]),
    )


def _registration_month(digits: str, today: date) -> date:
    """The month in digits 1–4, in the latest century that does not put its year after ``today``'s."""
    two_digit_year, month = int(digits[:2]), int(digits[2:4])
    century = today.year - today.year % 100
    year = century + two_digit_year if two_digit_year <= today.year % 100 else century - 100 + two_digit_year
    return date(year, month, 1)


def _length_error(digits: str) -> FieldError:
    not_digit = next((char for char in digits if not _DIGITS.fullmatch(char)), None)
    if not_digit is not None:
        return _field_error("bin.length", _MESSAGES["not_digits"].format(char=not_digit))
    return _field_error("bin.length", _MESSAGES["bin.length"].format(count=len(digits)))


def _part_errors(digits: str, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    month = int(digits[2:4])
    if not 1 <= month <= 12:
        errors.append(_field_error("bin.month", _MESSAGES["bin.month"].format(month=digits[2:4])))
    else:
        registered = _registration_month(digits, today)
        if registered > today.replace(day=1):
            errors.append(_field_error("bin.future", _MESSAGES["bin.future"].format(month=f"{registered:%Y-%m}")))
    if int(digits[4]) not in ENTITY_TYPES:
        errors.append(_field_error("bin.entity_type", _MESSAGES["bin.entity_type"].format(digit=digits[4])))
    if int(digits[5]) not in DIVISIONS:
        errors.append(_field_error("bin.division", _MESSAGES["bin.division"].format(digit=digits[5])))
    return errors


def _check_digit_errors(digits: str) -> list[FieldError]:
    expected = check_digit(digits[:11])
    if expected is None:
        return [_field_error("bin.check_digit", _MESSAGES["no_check_digit"].format(prefix=digits[:11]))]
    if expected != int(digits[11]):
        message = _MESSAGES["bin.check_digit"].format(actual=digits[11], expected=expected)
        return [_field_error("bin.check_digit", message)]
    return []


def _field_error(code: str, message: Text) -> FieldError:
    return FieldError(field="bin", code=code, message=message)


def _invalid(errors: Sequence[FieldError]) -> InvalidInput:
    return InvalidInput(errors[0].code, errors[0].message, errors=errors)
