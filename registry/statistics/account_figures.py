"""The figures of the stock-flow account (:mod:`registry.statistics.stock_flow`), counted from the register.

Two readings of the same definition: from the summary's spans in the version known at a moment (``sql/
known_rollups.sql``), for every company or only some (what a checkpoint and a fast reading recount,
:mod:`registry.statistics.known_accounts`), and from the history and the declarations (the definition the spans are
tested against).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Literal, TypeAlias

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.states import KNOWN, PERIOD_END

__all__ = [
    "AccountFigures",
    "AccountInterval",
    "Period",
    "account_figures",
    "account_periods",
    "history_account_figures",
    "read_figures",
]

AccountInterval: TypeAlias = Literal["year", "quarter"]

Period: TypeAlias = tuple[str, date, date]
"""A period's key (``2025``, ``2025-Q3``), the day before it starts (the opening) and its last day (the closing)."""

AccountFigures: TypeAlias = Counter[tuple[str, str, str, str]]
"""Companies per (period, dimension, group, flow); ``opening`` and ``closing`` are flows here too. A group is the
text of its code (``''`` for the country)."""


_ACCOUNT_FLOWS_SQL = """
SELECT period, dimension, g1 AS grp,
       CASE WHEN c0 = 'ai_native' THEN 'moved_in'
            WHEN c0 IN ('ai_enabled', 'non_ai') THEN 'pivots_to_ai'
            WHEN newborn THEN 'births'
            ELSE 'late_entries' END AS flow,
       count(*) AS companies
FROM joined WHERE c1 = 'ai_native' AND (c0 IS DISTINCT FROM 'ai_native' OR g0 <> g1) GROUP BY 1, 2, 3, 4
UNION ALL
SELECT period, dimension, g0, CASE WHEN c1 = 'ai_native' THEN 'moved_out'
                                   WHEN c1 IN ('ai_enabled', 'non_ai') THEN 'pivots_away'
                                   ELSE 'exits' END, count(*)
FROM joined WHERE c0 = 'ai_native' AND (c1 IS DISTINCT FROM 'ai_native' OR g0 <> g1) GROUP BY 1, 2, 3, 4
UNION ALL
SELECT period, dimension, g0, 'opening', count(*) FROM joined WHERE c0 = 'ai_native' GROUP BY 1, 2, 3
UNION ALL
SELECT period, dimension, g1, 'closing', count(*) FROM joined WHERE c1 = 'ai_native' GROUP BY 1, 2, 3
"""

_SPANS_KNOWN = "{s}.recorded_at <= :known_at AND ({s}.superseded_at IS NULL OR {s}.superseded_at > :known_at)"
_SPAN_ON = (
    "SELECT s.region_kato, s.ai_class FROM summary_company_spans s WHERE s.company_id = n.company_id AND "  # noqa: S608
    + _SPANS_KNOWN.format(s="s")
    + " AND s.valid_from <= n.{day} AND s.valid_to > n.{day} LIMIT 1"
)
_HISTORY_ON = (
    "SELECT h.legal_form, coalesce(a.section, 'none') AS section FROM company_history h "  # noqa: S608
    "LEFT JOIN activities a ON a.code = h.primary_oked WHERE h.company_id = e.company_id AND "
    + KNOWN
    + " AND h.valid_from <= e.{day} AND h.valid_to > e.{day} AND h.status = 'active' LIMIT 1"
)
_REGISTERED = (
    "SELECT min(r.valid_from) FROM company_history r WHERE r.company_id = {company} AND "  # noqa: S608
    + KNOWN.replace("h.", "r.")
)
"""A company's registration day as known at ``:known_at``: the first day of the history recorded by then (a
corrected registration day rewrites the history from it), not the register's current one."""
_ACCOUNTS = f"""
WITH periods AS (
    SELECT * FROM unnest(CAST(:keys AS text[]), CAST(:openings AS date[]), CAST(:closings AS date[]))
        AS p (period, opening_day, closing_day)
), native AS (
    SELECT DISTINCT p.period, p.opening_day, p.closing_day, s.company_id FROM periods p
    JOIN summary_company_spans s ON s.ai_class = 'ai_native' AND {_SPANS_KNOWN.format(s="s")}
        AND ((s.valid_from <= p.opening_day AND s.valid_to > p.opening_day)
             OR (s.valid_from <= p.closing_day AND s.valid_to > p.closing_day)){{only}}
), ends AS (
    SELECT n.*, s0.region_kato AS r0, s0.ai_class AS c0, s1.region_kato AS r1, s1.ai_class AS c1
    FROM native n
    LEFT JOIN LATERAL ({_SPAN_ON.format(day="opening_day")}) s0 ON true
    LEFT JOIN LATERAL ({_SPAN_ON.format(day="closing_day")}) s1 ON true
), joined AS (
    SELECT e.period, e.c0, e.c1, dim.name AS dimension, dim.g0, dim.g1,
           ({_REGISTERED.format(company="e.company_id")}) > e.closing_day - interval '1 year' AND NOT EXISTS (
               SELECT FROM declarations d
               WHERE d.company_id = e.company_id AND d.filed_at <= :known_at AND {PERIOD_END} <= e.opening_day
           ) AS newborn
    FROM ends e
    LEFT JOIN LATERAL ({_HISTORY_ON.format(day="opening_day")}) h0 ON e.c0 IS NOT NULL AND :breakdowns
    LEFT JOIN LATERAL ({_HISTORY_ON.format(day="closing_day")}) h1 ON e.c1 IS NOT NULL AND :breakdowns
    CROSS JOIN LATERAL (VALUES ('none', '', ''), ('region', e.r0, e.r1),
                               ('legal_form', h0.legal_form, h1.legal_form), ('activity', h0.section, h1.section)
    ) AS dim (name, g0, g1)
    WHERE dim.name = ANY(CAST(:dimensions AS text[]))
)
{{flows}}"""  # noqa: S608 - built from constants

_HISTORY_ACCOUNTS = """
WITH states AS MATERIALIZED (
    SELECT day.day, h.company_id, h.region_kato, h.legal_form,
           coalesce(a.section, 'none') AS section, coalesce(k.ai_class, 'undeclared') AS ai_class
    FROM unnest(CAST(:days AS date[])) AS day (day)
    JOIN company_history h ON h.valid_from <= day.day AND h.valid_to > day.day AND h.status = 'active' AND {known}
    LEFT JOIN activities a ON a.code = h.primary_oked
    LEFT JOIN LATERAL (
        SELECT d.ai_class FROM declarations d
        WHERE d.company_id = h.company_id AND d.filed_at <= :known_at
          AND d.fiscal_year BETWEEN extract(year FROM day.day)::integer - 1 AND extract(year FROM day.day)::integer
          AND {period_end} <= day.day
        ORDER BY {period_end} DESC, d.quarter IS NULL DESC, d.filed_at DESC, d.id DESC
        LIMIT 1
    ) k ON true
), periods AS (
    SELECT * FROM unnest(CAST(:keys AS text[]), CAST(:openings AS date[]), CAST(:closings AS date[]))
        AS p (period, opening_day, closing_day)
), native AS (
    SELECT DISTINCT p.period, p.opening_day, p.closing_day, s.company_id FROM periods p
    JOIN states s ON s.day IN (p.opening_day, p.closing_day) AND s.ai_class = 'ai_native'
), joined AS (
    SELECT n.period, s0.ai_class AS c0, s1.ai_class AS c1, dim.name AS dimension, dim.g0, dim.g1,
           ({registered}) > n.closing_day - interval '1 year' AND NOT EXISTS (
               SELECT FROM declarations d
               WHERE d.company_id = s1.company_id AND d.filed_at <= :known_at AND {period_end} <= n.opening_day
           ) AS newborn
    FROM native n
    LEFT JOIN states s0 ON s0.day = n.opening_day AND s0.company_id = n.company_id
    LEFT JOIN states s1 ON s1.day = n.closing_day AND s1.company_id = n.company_id
    CROSS JOIN LATERAL (VALUES ('none', '', ''), ('region', s0.region_kato, s1.region_kato),
                               ('legal_form', s0.legal_form, s1.legal_form), ('activity', s0.section, s1.section)
    ) AS dim (name, g0, g1)
    WHERE dim.name = ANY(CAST(:dimensions AS text[]))
)
{flows}"""


def account_periods(year: int, interval: AccountInterval) -> list[Period]:
    """The periods of ``year`` with the day before each starts and its last day."""
    if interval == "year":
        return [(str(year), date(year - 1, 12, 31), date(year, 12, 31))]
    periods = []
    for quarter in range(1, 5):
        first = date(year, quarter * 3 - 2, 1)
        last = date(year + (quarter == 4), (quarter * 3) % 12 + 1, 1) - timedelta(days=1)
        periods.append((f"{year}-Q{quarter}", first - timedelta(days=1), last))
    return periods


def _binds(periods: Sequence[Period], dimensions: Collection[str], known_at: datetime) -> dict[str, object]:
    return {
        "known_at": known_at,
        "keys": [key for key, _, _ in periods],
        "openings": [opening for _, opening, _ in periods],
        "closings": [closing for _, _, closing in periods],
        "dimensions": sorted(dimensions),
    }


async def read_figures(session: AsyncSession, sql: str, binds: Mapping[str, object]) -> AccountFigures:
    """The figures a statement returns as (period, dimension, group, flow, companies) rows."""
    figures: AccountFigures = Counter()
    for period, dimension, group, flow, companies in (await session.execute(text(sql), binds)).all():
        figures[str(period), str(dimension), str(group), str(flow)] += int(companies)
    return figures


async def account_figures(
    session: AsyncSession,
    *,
    periods: Sequence[Period],
    dimensions: Collection[str],
    known_at: datetime,
    companies: Sequence[uuid.UUID] | None = None,
) -> AccountFigures:
    """The account's figures for ``periods`` by ``dimensions``, as known at ``known_at``, from the spans.

    Only the companies AI-native at one end of a period are read, then their state at the other, and their legal
    form and activity from the history for those breakdowns. With ``companies``, only theirs.
    """
    if not periods or (companies is not None and not companies):
        return Counter()
    binds = _binds(periods, dimensions, known_at)
    binds["breakdowns"] = bool(set(dimensions) & {"legal_form", "activity"})
    only = ""
    if companies is not None:
        only, binds["companies"] = " AND s.company_id = ANY(CAST(:companies AS uuid[]))", list(companies)
    return await read_figures(session, _ACCOUNTS.format(flows=_ACCOUNT_FLOWS_SQL, only=only), binds)


async def history_account_figures(
    session: AsyncSession, *, periods: Sequence[Period], dimensions: Collection[str], known_at: datetime
) -> AccountFigures:
    """The same figures, every company's state read from the history and the declarations: the definition.

    The states are read once per day that opens or closes a period (:mod:`registry.statistics.states`).
    """
    binds = _binds(periods, dimensions, known_at)
    binds["days"] = sorted({day for _, opening, closing in periods for day in (opening, closing)})
    registered = _REGISTERED.format(company="n.company_id")
    sql = _HISTORY_ACCOUNTS.format(known=KNOWN, period_end=PERIOD_END, registered=registered, flows=_ACCOUNT_FLOWS_SQL)
    return await read_figures(session, sql, binds)
