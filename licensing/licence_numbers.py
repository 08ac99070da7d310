"""Licence numbers: ``<PREFIX>-<YEAR>-<NNNNN>``, e.g. ``AIN-2026-00001``.

The prefix names the licence type (see :mod:`licensing.licence_types`), the year is the year of issue and the
serial counts licences of that type issued in that year, gapless from 1. Allocating the next serial is the
service's job (it needs the database); this module only writes and reads the number.
"""

from __future__ import annotations

import re

from registry.errors import FieldError, InvalidInput
from registry.i18n import Text

__all__ = ["MAX_SERIAL", "format_licence_number", "parse_licence_number"]

MAX_SERIAL = 99_999
"""The largest serial that fits the five digits of a number."""

_PREFIX = re.compile(r"[A-Z]{2,8}")
# [0-9], not \d: \d also matches other scripts' digits, which int() would then accept.
_NUMBER = re.compile(r"(?P<prefix>[A-Z]{2,8})-(?P<year>[0-9]{4})-(?P<serial>[0-9]{5})")
# Years with four digits and no leading zero, so that writing and reading a number round-trip.
_FIRST_YEAR = 1000
_LAST_YEAR = 9999
# A licence number is short; a longer input is rejected before it is upper-cased and matched.
_MAX_INPUT_LENGTH = 32
_FORMAT_MESSAGE = Text(
    kk="Лицензия нөмірі ПРЕФИКС-ЖЫЛ-НӨМІР түрінде болуы керек (нөмір — бес цифр), мысалы AIN-2026-00001.",
    ru="Номер лицензии должен иметь вид ПРЕФИКС-ГОД-НОМЕР (номер — пять цифр), например AIN-2026-00001.",
    en="A licence number has the form PREFIX-YEAR-NNNNN, for example AIN-2026-00001.",
)


def format_licence_number(prefix: str, year: int, serial: int) -> str:
    """Write a licence number.

    Args:
        prefix: The licence type's prefix: 2–8 capital Latin letters, e.g. ``AIN``.
        year: The year of issue (four digits).
        serial: The licence's place among those of its type issued in ``year``, 1 to :data:`MAX_SERIAL`.

    Returns:
        The number, e.g. ``AIN-2026-00001``.

    Raises:
        ValueError: An argument is out of range; that is a bug in the caller, not a user's mistake.
    """
    if not _PREFIX.fullmatch(prefix):
        raise ValueError(f"a licence number prefix is 2–8 capital Latin letters, not {prefix!r}")
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise ValueError(f"the year of a licence number has four digits, not {year}")
    if not 1 <= serial <= MAX_SERIAL:
        raise ValueError(f"a licence serial is between 1 and {MAX_SERIAL}, not {serial}")
    return f"{prefix}-{year:04d}-{serial:05d}"


def parse_licence_number(number: str, *, field: str = "number") -> tuple[str, int, int]:
    """Read a licence number, e.g. one typed into the public verification form.

    Surrounding spaces and lower-case letters are accepted (``" ain-2026-00001"`` reads as ``AIN-2026-00001``)
    because people copy numbers from letters and screens; anything else must match the format exactly.

    Args:
        number: The number as given.
        field: The request field it came in, for the error's field list.

    Returns:
        ``(prefix, year, serial)``.

    Raises:
        InvalidInput: With code ``licence.number_format`` when ``number`` is not a licence number.
    """
    candidate = number.strip()
    candidate = candidate.upper() if len(candidate) <= _MAX_INPUT_LENGTH else ""
    match = _NUMBER.fullmatch(candidate)
    if match is None or int(match["serial"]) == 0 or int(match["year"]) < _FIRST_YEAR:
        raise InvalidInput(
            "licence.number_format",
            _FORMAT_MESSAGE,
            errors=[FieldError(field=field, code="licence.number_format", message=_FORMAT_MESSAGE)],
        )
    return match["prefix"], int(match["year"]), int(match["serial"])
