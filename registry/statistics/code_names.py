"""The names, in kk/ru/en, that a tidy table prints next to a region's KATO code or an activity's OKED code.

One place for every table that names its codes: the releases' tidy CSV and the live metrics' CSV answers.
"""

from __future__ import annotations

from functools import cache
from typing import Final, TypeAlias

from registry.reference.service import activity_rows, region_rows

__all__ = ["NAME_COLUMNS", "NO_NAMES", "Names", "activity_names", "named", "names_for", "region_names"]

Names: TypeAlias = tuple[str, str, str]
"""A code's names in Kazakh, Russian and English."""

NO_NAMES: Final[Names] = ("", "", "")

NAME_COLUMNS: Final = ("name_kk", "name_ru", "name_en")
"""The suffixes of the three name columns that follow a code column (``region`` → ``region_name_kk``, …)."""


@cache
def _regions() -> dict[str, Names]:
    return {row["kato"]: (row["name_kk"], row["name_ru"], row["name_en"]) for row in region_rows()}


@cache
def _activities() -> dict[str, Names]:
    return {
        str(row["code"]): (str(row["name_kk"]), str(row["name_ru"]), str(row["name_en"])) for row in activity_rows()
    }


def region_names(kato: str | None) -> Names:
    """A first-level KATO unit's names; empty for no region (the country) or an unknown code."""
    return NO_NAMES if kato is None else _regions().get(kato, NO_NAMES)


def activity_names(code: str | None) -> Names:
    """An OKED entry's names (section, division or finer); empty for none or an unknown code."""
    return NO_NAMES if code is None else _activities().get(code, NO_NAMES)


def names_for(dimension: str | None, code: str | None) -> Names:
    """The names of ``code`` when the table's groups are regions or activities; empty for any other breakdown."""
    if dimension == "region":
        return region_names(code)
    if dimension in ("activity", "activity_division"):
        return activity_names(code)
    return NO_NAMES


def named(column: str) -> tuple[str, ...]:
    """A code column and its three name columns."""
    return column, *(f"{column}_{suffix}" for suffix in NAME_COLUMNS)
