"""Observations: the one shape every official table is published in (JSON, tidy CSV, SDMX-CSV) and compared by.

An observation is a value at a key of SDMX dimensions. A dimension that does not apply to a table is ``_Z``; the
total over a dimension is ``_T`` (SDMX's conventions). Values are decimal text, so the canonical encoding of a
release's content — and with it its SHA-256 — depends on nothing but the figures.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable
from decimal import Decimal
from typing import Literal, TypeAlias

import msgspec

from registry.statistics.disclosure import ProtectedCell

__all__ = [
    "DIMENSIONS",
    "NOT_APPLICABLE",
    "TOTAL",
    "ConfStatus",
    "ObsStatus",
    "Observation",
    "ObservationKey",
    "canonical_json",
    "observation",
    "sha256_hex",
    "sorted_observations",
]

NOT_APPLICABLE = "_Z"
"""SDMX: the dimension does not apply to the observation."""
TOTAL = "_T"
"""SDMX: the total over all codes of the dimension."""
DIMENSIONS = (
    "MEASURE",
    "REF_AREA",
    "TIME_PERIOD",
    "AI_CLASS",
    "ACTIVITY",
    "LEGAL_FORM",
    "LICENCE_TYPE",
    "YEARS_AFTER",
)
"""The dimensions of the AI-ecosystem data structure, in key order."""

ObsStatus: TypeAlias = Literal["A", "P"]
"""SDMX OBS_STATUS: ``A`` normal, ``P`` provisional."""
ConfStatus: TypeAlias = Literal["F", "C"]
"""SDMX CONF_STATUS: ``F`` free (published), ``C`` confidential (withheld by disclosure control)."""

ObservationKey: TypeAlias = tuple[str, ...]
"""``(dataflow, *dimensions)``: identifies an observation across releases."""


class Observation(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=False):
    """One published figure of an official table."""

    dataflow: str
    """The table (SDMX dataflow) it belongs to, e.g. ``DF_STOCKS_REGION``."""
    measure: str
    """The metric's name in the data dictionary."""
    ref_area: str = NOT_APPLICABLE
    """KATO region, ``_T`` for the country."""
    time_period: str
    """``2025``, ``2025-Q1`` or a day ``2025-12-31``."""
    ai_class: str = NOT_APPLICABLE
    activity: str = NOT_APPLICABLE
    """OKED section of the primary activity."""
    legal_form: str = NOT_APPLICABLE
    licence_type: str = NOT_APPLICABLE
    years_after: str = NOT_APPLICABLE
    """For cohorts: fiscal years after the registration year."""
    value: str | None
    """Decimal text, ``null`` when withheld or not defined."""
    unit: str
    obs_status: ObsStatus = "A"
    conf_status: ConfStatus = "F"

    @property
    def key(self) -> ObservationKey:
        """The observation's identity: its dataflow and dimensions."""
        return (
            self.dataflow,
            self.measure,
            self.ref_area,
            self.time_period,
            self.ai_class,
            self.activity,
            self.legal_form,
            self.licence_type,
            self.years_after,
        )


def _text(value: int | Decimal | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize() if value == value.to_integral_value() else value, "f")
    return str(value)


def observation(
    cell: ProtectedCell | tuple[int | Decimal | None, bool],
    *,
    dataflow: str,
    measure: str,
    time_period: str,
    unit: str,
    ref_area: str | None = NOT_APPLICABLE,
    ai_class: str | None = NOT_APPLICABLE,
    activity: str | None = NOT_APPLICABLE,
    legal_form: str | None = NOT_APPLICABLE,
    licence_type: str | None = NOT_APPLICABLE,
    years_after: str | None = NOT_APPLICABLE,
) -> Observation:
    """An observation from a protected cell (or a ``(value, suppressed)`` pair); a ``None`` dimension is a total."""
    value, suppressed = (cell.value, cell.suppressed) if isinstance(cell, ProtectedCell) else cell
    return Observation(
        dataflow=dataflow,
        measure=measure,
        time_period=time_period,
        unit=unit,
        value=None if suppressed else _text(value),
        conf_status="C" if suppressed else "F",
        ref_area=_code(ref_area),
        ai_class=_code(ai_class),
        activity=_code(activity),
        legal_form=_code(legal_form),
        licence_type=_code(licence_type),
        years_after=_code(years_after),
    )


def _code(code: str | None) -> str:
    return TOTAL if code is None else code


def sorted_observations(observations: Iterable[Observation]) -> list[Observation]:
    """Observations in key order, so the same figures always encode to the same bytes.

    Raises:
        ValueError: Two observations share a key (a table is built twice).
    """
    ordered = sorted(observations, key=lambda o: o.key)
    for before, after in itertools.pairwise(ordered):
        if before.key == after.key:
            raise ValueError(f"two observations with the key {before.key}")
    return ordered


def canonical_json(content: object) -> bytes:
    """The canonical encoding of a release's content: msgspec JSON with sorted keys, no whitespace."""
    return msgspec.json.encode(msgspec.to_builtins(content), order="sorted")


def sha256_hex(content: bytes) -> str:
    """The SHA-256 of the content's bytes, as 64 hex digits."""
    return hashlib.sha256(content).hexdigest()
