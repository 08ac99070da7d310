"""Each company's state on a reference day as known at a moment: the one time basis of stocks and flows.

On day ``D``, as the registry knew at ``known_at``, a company is in the stock when the history it had recorded by
then (``company_history``) says it was registered by ``D`` and active on ``D``. Its region, legal form and primary
activity are those the history gives for ``D``. Its AI class is that of its declaration for the latest period that
has ended by ``D`` within ``D``'s fiscal year or the one before (a year's own declaration ranks after its Q4; among
several for one period the newest filed by ``known_at``); a company with none is ``undeclared``.

So at the end of a fiscal year the class is the year's own declaration, else its latest declared quarter; a company
that has not declared for the year yet keeps the class of the year before (carried forward for one year, as
statistics offices impute a non-respondent's last value; the release is provisional until the declaration deadline)
and leaves the classes (``undeclared``) when it has declared for neither year. At the end of a quarter, that
quarter's declaration, else the latest period before it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Final, Literal, TypeAlias

__all__ = [
    "KNOWN",
    "KNOWN_NOW",
    "PERIOD_END",
    "STOCK_CLASSES",
    "StateDimension",
    "day_binds",
    "known_at_or_now",
    "states_sql",
]

STOCK_CLASSES: Final = ("ai_native", "ai_enabled", "non_ai", "undeclared")
"""The classes a company of a stock is in."""

StateDimension: TypeAlias = Literal["none", "region", "legal_form", "activity"]
"""What a stock or flow is broken down by; ``activity`` is the OKED section of the primary activity."""

KNOWN_NOW: Final = datetime(9999, 12, 31, tzinfo=UTC)
"""``known_at`` for "everything recorded so far" (nothing is recorded after it; superseded rows do not count)."""

_GROUP: Mapping[StateDimension, str] = {
    "none": "''",
    "region": "h.region_kato",
    "legal_form": "h.legal_form",
    "activity": "coalesce(a.section, 'none')",
}

PERIOD_END = (
    "CASE WHEN d.quarter IS NULL THEN make_date(d.fiscal_year, 12, 31) "
    "ELSE (make_date(d.fiscal_year, d.quarter * 3, 1) + interval '1 month - 1 day')::date END"
)
"""The last day of a declaration's period (``d`` is the declaration)."""

_STATES = f"""
SELECT h.company_id, c.registration_date, {{group}} AS grp, coalesce(k.ai_class, 'undeclared') AS ai_class,
       coalesce(k.fte_ai, 0) AS fte_ai
FROM company_history h
JOIN companies c ON c.id = h.company_id
LEFT JOIN activities a ON a.code = h.primary_oked
LEFT JOIN LATERAL (
    SELECT d.ai_class, d.fte_ai FROM declarations d
    WHERE d.company_id = h.company_id AND d.filed_at <= :known_at
      AND d.fiscal_year BETWEEN :{{day}}_year - 1 AND :{{day}}_year AND {PERIOD_END} <= :{{day}}
    ORDER BY {PERIOD_END} DESC, d.quarter IS NULL DESC, d.filed_at DESC, d.id DESC
    LIMIT 1
) k ON true
WHERE h.recorded_at <= :known_at AND (h.superseded_at IS NULL OR h.superseded_at > :known_at)
  AND h.valid_from <= :{{day}} AND h.valid_to > :{{day}} AND h.status = 'active' {{where}}
"""  # noqa: S608 - built from constants

KNOWN = "h.recorded_at <= :known_at AND (h.superseded_at IS NULL OR h.superseded_at > :known_at)"
"""The history rows (``h``) the registry knew at ``:known_at``."""


def states_sql(*, day: str, dimension: StateDimension, region: bool = False) -> str:
    """A SELECT of (company_id, registration_date, grp, ai_class, fte_ai) on the day bound as ``:{day}``.

    Bind ``known_at`` and the values of :func:`day_binds` for ``day`` (and ``region`` when ``region`` is true: only
    the companies in that region on the day).
    """
    return _STATES.format(group=_GROUP[dimension], day=day, where="AND h.region_kato = :region" if region else "")


def day_binds(name: str, day: date) -> dict[str, object]:
    """The bind values :func:`states_sql` needs for the reference day bound as ``name``."""
    return {name: day, f"{name}_year": day.year}


def known_at_or_now(known_at: datetime | None) -> datetime:
    """``known_at``, or :data:`KNOWN_NOW` for what the registry knows now."""
    return KNOWN_NOW if known_at is None else known_at
