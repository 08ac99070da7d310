"""Flows as the registry knew them at a moment, from the source rows and the register's history: the definition.

A flow's rows as known at ``known_at`` — recorded by then and not retracted by then — come from the database
function ``flow_rows_known_at`` (``sql/flow_rollups.sql``), the same definition the flow rollups read at
'infinity'. Each row is broken down by the company's region, legal form and primary activity **on its day**, as the
history recorded by ``known_at`` gives them (of rows known at once for the same days, as a repair of recorded moments
can leave them, the latest recorded), so a later move or correction changes no figure already known. These
readings take time linear in the register; :mod:`registry.statistics.known_flows` gives the same figures from the
flow facts' versions and the checkpoints.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Final, NamedTuple

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.periods import Interval
from registry.statistics.rollups import PeriodCount
from registry.statistics.states import KNOWN

__all__ = ["FlowCount", "FlowRow", "history_flow_counts", "history_flow_quarters", "history_flow_rows"]


_GROUPS: Final[Mapping[str, str]] = {
    "region": "region_kato",
    "legal_form": "legal_form",
    "activity": "section",
    "activity_division": "division",
    "licence_type": "licence_type",
}

_COUNTS = """
WITH r AS (SELECT f.company_id, f.day, f.licence_type FROM flow_rows_known_at(:known_at) f WHERE f.metric = :metric),
broken AS (
    SELECT date_trunc(:interval, r.day)::date AS period, r.company_id, r.licence_type, b.region_kato, b.legal_form,
           coalesce(a.section, 'none') AS section, coalesce(split_part(b.primary_oked, '.', 1), 'none') AS division
    FROM r CROSS JOIN LATERAL (
        SELECT h.region_kato, h.legal_form, h.primary_oked FROM company_history h
        WHERE h.company_id = r.company_id AND {known}
        ORDER BY (h.valid_from <= r.day AND h.valid_to > r.day) DESC, h.valid_from, h.recorded_at DESC, h.id DESC
        LIMIT 1
    ) b
    LEFT JOIN activities a ON a.code = b.primary_oked
    WHERE r.day BETWEEN :start AND :end
)
SELECT period, count(*) AS value, count(DISTINCT company_id) AS contributors, {group} AS grp, {is_total} AS is_total
FROM broken {where}
GROUP BY {grouping}
"""


async def history_flow_counts(
    session: AsyncSession,
    *,
    metric: str,
    interval: Interval,
    start: date,
    end: date,
    group_by: str | None,
    region: str | None,
    known_at: datetime,
) -> list[PeriodCount]:
    """A flow's rows and distinct companies per period of ``start..end`` (and per group), as known at ``known_at``.

    ``group_by`` must be one of the flow's dimensions (the caller checks); ``licence_type`` rows of flows without
    one carry an empty type.
    """
    binds: dict[str, object] = {
        "known_at": known_at,
        "metric": metric,
        "start": start,
        "end": end,
        "interval": interval,
    }
    where = ""
    if region is not None:
        where, binds["region"] = "WHERE region_kato = :region", region
    if group_by is None:
        group, is_total, grouping = "NULL::varchar", "true", "period"
    else:
        column = _GROUPS[group_by]
        group, is_total = column, f"grouping({column}) = 1"
        grouping = f"GROUPING SETS ((period, {column}), (period))"
    statement = text(_COUNTS.format(known=KNOWN, group=group, is_total=is_total, where=where, grouping=grouping))
    found = await session.execute(statement, binds)
    return [
        PeriodCount(period, int(value), int(contributors), None if total else grp, bool(total))
        for period, value, contributors, grp, total in found.all()
    ]


class FlowRow(NamedTuple):
    """One row of a flow, broken down as the history known at the moment gives it on the row's day."""

    metric: str
    day: date
    company_id: str
    region: str
    legal_form: str
    section: str


_ROWS = """
SELECT f.metric, f.day, f.company_id::text, b.region_kato, b.legal_form, coalesce(a.section, 'none')
FROM flow_rows_known_at(:known_at) f
CROSS JOIN LATERAL (
    SELECT h.region_kato, h.legal_form, h.primary_oked FROM company_history h
    WHERE h.company_id = f.company_id AND {known}
    ORDER BY (h.valid_from <= f.day AND h.valid_to > f.day) DESC, h.valid_from, h.recorded_at DESC, h.id DESC
    LIMIT 1
) b
LEFT JOIN activities a ON a.code = b.primary_oked
WHERE f.metric = ANY(:metrics) AND f.day BETWEEN :start AND :end
"""


async def history_flow_rows(
    session: AsyncSession, *, metrics: tuple[str, ...], start: date, end: date, known_at: datetime
) -> list[FlowRow]:
    """Every row of the given flows dated ``start..end``, as known at ``known_at``.

    For a release's protection, which needs each cell's contributors, not only its count.
    """
    found = await session.execute(
        text(_ROWS.format(known=KNOWN) + " ORDER BY 1, 2, 3"),
        {"known_at": known_at, "metrics": list(metrics), "start": start, "end": end},
    )
    return [FlowRow(*row) for row in found.all()]


class FlowCount(NamedTuple):
    """How many rows of a flow fell in a quarter for one region, legal form and OKED section."""

    metric: str
    quarter: str
    """``2025-Q1``."""
    region: str
    legal_form: str
    section: str
    rows: int


_QUARTERS = f"""
SELECT r.metric, extract(year FROM r.day)::int || '-Q' || extract(quarter FROM r.day)::int, r.region_kato,
       r.legal_form, r.section, count(*)
FROM ({_ROWS}) r (metric, day, company_id, region_kato,
    legal_form, section)
GROUP BY 1, 2, 3, 4, 5
ORDER BY 1, 2, 3, 4, 5
"""  # noqa: S608 - built from constants


async def history_flow_quarters(
    session: AsyncSession, *, metrics: tuple[str, ...], start: date, end: date, known_at: datetime
) -> list[FlowCount]:
    """The rows of the given flows dated ``start..end`` per quarter, region, legal form and section.

    As known at ``known_at``: one reading for every table of a release's flows (a year and its breakdowns are sums
    of these).
    """
    found = await session.execute(
        text(_QUARTERS.format(known=KNOWN)),
        {"known_at": known_at, "metrics": list(metrics), "start": start, "end": end},
    )
    return [FlowCount(m, q, r, lf, sec, int(n)) for m, q, r, lf, sec, n in found.all()]
