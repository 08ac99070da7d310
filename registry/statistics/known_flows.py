"""Flows as the registry knew them at a moment, from the flow facts' versions and the checkpoints.

The figures are those of :mod:`registry.statistics.history_flows` (the definition, linear in the register). Every
version of each company's flow facts is kept in transaction time (``sql/known_flow_facts.sql``): its rows of a flow
per day and licence type, broken down as the history known then gives them on the day, with first-in-period marks.
A checkpoint sums the versions' changes per month, region and breakdown (``statistics_checkpoint``). A flow's whole
months as known at ``known_at`` are the counts of the checkpoints made by then, plus the facts stamped after the last
of them and by then; the days of a month cut at a range's end, and a period cut at its start, come from the facts
known at ``known_at`` — as :mod:`registry.statistics.flows` reads the live rollups. So a reading adds a few thousand
rows when checkpoints are made regularly, whatever the size of the register.

Contributors add up as in the live rollups: a period's total counts each company once (its marks), a group counts a
company in the group of its first fact of the period; a period cut at its start counts distinct companies.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.history_flows import FlowCount, FlowRow
from registry.statistics.periods import MONTHS_PER_PERIOD, Interval, add_months, is_month_end, period_start
from registry.statistics.rollups import PeriodCount

__all__ = ["known_flow_counts", "known_flow_quarters", "known_flow_rows"]

_FACT_GROUPS: Final[Mapping[str, str]] = {
    "region": "f.region_kato",
    "legal_form": "f.legal_form",
    "activity": "f.section",
    "activity_division": "f.division",
    "licence_type": "f.licence_type",
}

_KNOWN_FACTS = "f.recorded_at <= :known_at AND (f.superseded_at IS NULL OR f.superseded_at > :known_at)"

_DISTINCT = f"""
SELECT sum(f.events), count(DISTINCT f.company_id), {{group}}, {{is_total}}
FROM flow_known_facts f
WHERE f.metric = :metric AND f.day BETWEEN :start AND :end AND {_KNOWN_FACTS} {{region}}
{{grouping}}
"""  # noqa: S608 - built from constants

_KEYED = """CROSS JOIN LATERAL (VALUES ('', ''), ('legal_form', f.legal_form), ('activity', f.section),
                           ('activity_division', f.division), ('licence_type', f.licence_type)) AS k (dim, grp)"""
"""Each fact under every breakdown the monthly counts keep (as ``statistics_checkpoint`` sums them)."""

_PERIOD = "date_trunc('{interval}', x.day)::date"

_CHECKPOINT = text(
    "SELECT coalesce(max(c.id), 0), coalesce(max(c.upto), '-infinity') FROM statistics_checkpoints c "
    "WHERE c.upto <= :known_at"
)
"""The latest checkpoint made by the moment (its id and moment), read first: bound as values, they let the planner
see how few facts were stamped after it (a CTE's value would leave it guessing a third of the table)."""

_MARKED = f"""
WITH x AS (
    SELECT m.month AS day, m.region_kato, m.dim, m.grp, m.events, m.first_{{interval}} AS marks
    FROM flow_known_monthly_counts m
    WHERE m.checkpoint_id <= :checkpoint AND m.metric = :metric AND m.dim = ANY(:dims)
      AND m.month BETWEEN :start AND :last_full
    UNION ALL
    SELECT date_trunc('month', f.day)::date, f.region_kato, k.dim, k.grp, f.sign * f.events,
           f.sign * CASE WHEN k.dim = 'licence_type' THEN f.first_{{interval}}_of_type ELSE f.first_{{interval}} END
    FROM (
        SELECT 1 AS sign, f.* FROM flow_known_facts f
        WHERE f.recorded_at > :checkpoint_upto AND f.recorded_at <= :known_at
        UNION ALL
        SELECT -1, f.* FROM flow_known_facts f
        WHERE f.superseded_at > :checkpoint_upto AND f.superseded_at <= :known_at
    ) f
    {_KEYED}
    WHERE f.metric = :metric AND f.day BETWEEN :start AND :months_end AND k.dim = ANY(:dims)
      AND (k.dim <> 'licence_type' OR f.licence_type <> '')
    UNION ALL
    SELECT f.day, f.region_kato, k.dim, k.grp, f.events,
           CASE WHEN k.dim = 'licence_type' THEN f.first_{{interval}}_of_type ELSE f.first_{{interval}} END
    FROM flow_known_facts f
    {_KEYED}
    WHERE f.metric = :metric AND f.day BETWEEN :tail_start AND :end AND {_KNOWN_FACTS} AND k.dim = ANY(:dims)
      AND (k.dim <> 'licence_type' OR f.licence_type <> '')
)
SELECT {_PERIOD} AS period, sum(x.events), sum(x.marks), {{group}}, {{is_total}}
FROM x {{region}}
GROUP BY {{grouping}}
HAVING sum(x.events) > 0
"""  # noqa: S608 - built from constants


async def known_flow_counts(
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

    The values of :func:`registry.statistics.history_flows.history_flow_counts`; ``group_by`` must be one of the
    flow's dimensions (the caller checks).
    """
    counts: list[PeriodCount] = []
    aligned_from = start
    binds: dict[str, object] = {"metric": metric, "known_at": known_at, "end": end}
    if region is not None:
        binds["region"] = region
    if period_start(interval, start) != start:
        aligned_from = add_months(period_start(interval, start), MONTHS_PER_PERIOD[interval])
        cut_end = min(end, aligned_from - timedelta(days=1))
        cut = await _distinct_counts(session, group_by, {**binds, "start": start, "end": cut_end})
        counts += [count._replace(period=period_start(interval, start)) for count in cut]
    if aligned_from <= end:
        counts += await _marked_counts(session, interval, group_by, {**binds, "start": aligned_from})
    return counts


async def _distinct_counts(session: AsyncSession, group_by: str | None, binds: dict[str, object]) -> list[PeriodCount]:
    """The rows and distinct companies of the facts known at the moment dated ``start..end`` (within one period)."""
    region = "AND f.region_kato = :region" if "region" in binds else ""
    if group_by is None:
        statement = _DISTINCT.format(group="NULL::varchar", is_total="true", region=region, grouping="")
    else:
        column = _FACT_GROUPS[group_by]
        statement = _DISTINCT.format(
            group=column,
            is_total=f"grouping({column}) = 1",
            region=region,
            grouping=f"GROUP BY GROUPING SETS (({column}), ())",
        )
    found = await session.execute(text(statement), binds)
    day: date = binds["start"]  # type: ignore[assignment]  # the caller's period start replaces it
    return [
        PeriodCount(day, int(value), int(companies), None if total else grp, bool(total))
        for value, companies, grp, total in found.all()
        if value
    ]


async def _marked_counts(
    session: AsyncSession, interval: Interval, group_by: str | None, binds: dict[str, object]
) -> list[PeriodCount]:
    """Whole periods from ``start`` (a period's first day) to ``end``, summing rows and first marks.

    Whole months come from the checkpoints and the facts stamped since the last of them, the days of a last month
    cut at ``end`` from the facts known at the moment.
    """
    start: date = binds["start"]  # type: ignore[assignment]
    end: date = binds["end"]  # type: ignore[assignment]
    last_full = end.replace(day=1) if is_month_end(end) else add_months(end, -1)
    tail_start = end + timedelta(days=1) if is_month_end(end) else max(start, end.replace(day=1))
    dims = [""] if group_by is None or group_by == "region" else ["", group_by]
    region = "WHERE x.region_kato = :region" if "region" in binds else ""
    period = _PERIOD.format(interval=interval)
    if group_by is None:
        group, is_total, grouping = "NULL::varchar", "true", period
    elif group_by == "region":
        group, is_total = "x.region_kato", "grouping(x.region_kato) = 1"
        grouping = f"GROUPING SETS (({period}, x.region_kato), ({period}))"
    else:
        group, is_total = "CASE WHEN x.dim = '' THEN NULL ELSE x.grp END", "x.dim = ''"
        grouping = f"{period}, x.dim, x.grp"
    statement = _MARKED.format(interval=interval, group=group, is_total=is_total, region=region, grouping=grouping)
    checkpoint, checkpoint_upto = (await session.execute(_CHECKPOINT, {"known_at": binds["known_at"]})).one()
    found = await session.execute(
        text(statement),
        {
            **binds,
            "checkpoint": checkpoint,
            "checkpoint_upto": checkpoint_upto,
            "dims": dims,
            "last_full": last_full,
            "months_end": add_months(last_full, 1) - timedelta(days=1),
            "tail_start": tail_start,
        },
    )
    return [PeriodCount(p, int(n), int(c), None if total else g, bool(total)) for p, n, c, g, total in found.all()]


_FACT_ROWS = f"""
SELECT f.metric, f.day, f.company_id::text, f.region_kato, f.legal_form, f.section
FROM flow_known_facts f CROSS JOIN LATERAL generate_series(1, f.events) AS n
WHERE f.metric = ANY(:metrics) AND f.day BETWEEN :start AND :end AND {_KNOWN_FACTS}
ORDER BY 1, 2, 3
"""  # noqa: S608 - built from constants


async def known_flow_rows(
    session: AsyncSession, *, metrics: tuple[str, ...], start: date, end: date, known_at: datetime
) -> list[FlowRow]:
    """Every row of the given flows dated ``start..end``, as known at ``known_at`` (a fact of n rows gives n).

    The rows of :func:`registry.statistics.history_flows.history_flow_rows`, from the facts known at the moment:
    linear in the flows of the range, not in the register.
    """
    found = await session.execute(
        text(_FACT_ROWS), {"known_at": known_at, "metrics": list(metrics), "start": start, "end": end}
    )
    return [FlowRow(*row) for row in found.all()]


_FACT_QUARTERS = f"""
SELECT f.metric, extract(year FROM f.day)::int || '-Q' || extract(quarter FROM f.day)::int, f.region_kato,
       f.legal_form, f.section, sum(f.events)
FROM flow_known_facts f
WHERE f.metric = ANY(:metrics) AND f.day BETWEEN :start AND :end AND {_KNOWN_FACTS}
GROUP BY 1, 2, 3, 4, 5
ORDER BY 1, 2, 3, 4, 5
"""  # noqa: S608 - built from constants


async def known_flow_quarters(
    session: AsyncSession, *, metrics: tuple[str, ...], start: date, end: date, known_at: datetime
) -> list[FlowCount]:
    """The rows of the given flows dated ``start..end`` per quarter, region, legal form and section.

    The counts of :func:`registry.statistics.history_flows.history_flow_quarters`, from the facts known at
    ``known_at``: one reading for every table of a release's flows.
    """
    found = await session.execute(
        text(_FACT_QUARTERS), {"known_at": known_at, "metrics": list(metrics), "start": start, "end": end}
    )
    return [FlowCount(m, q, r, lf, sec, int(n)) for m, q, r, lf, sec, n in found.all()]
