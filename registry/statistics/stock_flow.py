"""The stock-flow account of AI-native companies: every change of the stock explained by exactly one flow.

For a period from the end of the one before (``opening``) to its own end (``closing``), each company that is in the
AI-native stock at either end (:mod:`registry.statistics.states`, as known at ``known_at``) is in exactly one flow
of its group (region, legal form or OKED section):

* entering the stock: ``pivots_to_ai`` (ai_enabled or non_ai at the opening), ``births`` (registered in the twelve
  months to the period's end, with no declaration for any period before this one: born AI-native),
  ``late_entries`` (any other entry: a first declaration long after registration, a declaration again after two
  fiscal years without one, an active company again), ``moved_in`` (AI-native at both ends, in another group at
  the opening);
* leaving it: ``pivots_away`` (ai_enabled or non_ai at the closing), ``exits`` (any other way out: no longer active,
  or no declaration for this fiscal year or the one before), ``moved_out`` (AI-native at both ends, in another
  group at the closing).

So, for every group: closing = opening + births + pivots_to_ai + late_entries + moved_in - pivots_away - exits -
moved_out. Moves cancel out in the country. The account is made of public facts only (the public AI class, status,
registration day and breakdowns of the register, each as known at ``known_at``), so its figures are exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Final, Literal, TypeAlias

import msgspec
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.code_names import named, names_for
from registry.statistics.states import KNOWN, PERIOD_END, StateDimension

__all__ = [
    "ACCOUNT_FLOWS",
    "AccountInterval",
    "AccountRow",
    "StockFlowAccount",
    "account_periods",
    "account_table",
    "stock_flow_account",
    "stock_flow_accounts",
]

ACCOUNT_FLOWS: Final = (
    "births",
    "pivots_to_ai",
    "late_entries",
    "moved_in",
    "pivots_away",
    "exits",
    "moved_out",
)
"""The flows of the account: entries first, then ways out."""

AccountInterval: TypeAlias = Literal["year", "quarter"]


class AccountRow(msgspec.Struct, frozen=True, kw_only=True):
    """One period and group of the account."""

    period: str
    """``2025`` or ``2025-Q3``."""
    group: str | None
    """The region's KATO code, legal form or OKED section; ``None`` for the country."""
    opening: int
    births: int
    pivots_to_ai: int
    late_entries: int
    moved_in: int
    pivots_away: int
    exits: int
    moved_out: int
    closing: int


class StockFlowAccount(msgspec.Struct, frozen=True, kw_only=True):
    """The account of a fiscal year, per year or per quarter, for the country or by a breakdown."""

    year: int
    interval: AccountInterval
    group_by: StateDimension
    known_at: datetime | None
    """What the registry had recorded by this moment; ``None`` for everything recorded so far."""
    rows: list[AccountRow]


def account_table(account: StockFlowAccount) -> tuple[tuple[str, ...], list[tuple[object, ...]]]:
    """The account as a tidy table: one row per period and group."""
    header = ("period", *named("group"), "opening", *ACCOUNT_FLOWS, "closing")
    return header, [
        (
            row.period,
            row.group,
            *names_for(account.group_by, row.group),
            row.opening,
            *(getattr(row, flow) for flow in ACCOUNT_FLOWS),
            row.closing,
        )
        for row in account.rows
    ]


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
             OR (s.valid_from <= p.closing_day AND s.valid_to > p.closing_day))
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


def account_periods(year: int, interval: AccountInterval) -> list[tuple[str, date, date]]:
    """The periods of ``year`` with the day before each starts and its last day."""
    if interval == "year":
        return [(str(year), date(year - 1, 12, 31), date(year, 12, 31))]
    periods = []
    for quarter in range(1, 5):
        first = date(year, quarter * 3 - 2, 1)
        last = date(year + (quarter == 4), (quarter * 3) % 12 + 1, 1) - timedelta(days=1)
        periods.append((f"{year}-Q{quarter}", first - timedelta(days=1), last))
    return periods


async def stock_flow_account(
    session: AsyncSession,
    *,
    year: int,
    interval: AccountInterval,
    dimension: StateDimension,
    known_at: datetime,
) -> list[AccountRow]:
    """The account for the periods of ``year`` by ``dimension``, as known at ``known_at``.

    Every group with an AI-native company at either end of a period has a row (the country always has one).
    """
    accounts = await stock_flow_accounts(session, year=year, tables=[(interval, dimension)], known_at=known_at)
    return accounts[(interval, dimension)]


async def stock_flow_accounts(
    session: AsyncSession,
    *,
    year: int,
    tables: Sequence[tuple[AccountInterval, StateDimension]],
    known_at: datetime,
    from_history: bool = False,
) -> dict[tuple[AccountInterval, StateDimension], list[AccountRow]]:
    """The accounts of ``year`` per interval and breakdown of ``tables``, as known at ``known_at``, in one reading.

    The companies and their classes at each end of a period come from the summary's spans in the version known at
    ``known_at`` (``sql/known_rollups.sql``): only the companies AI-native at one end are read, then their state at
    the other, and their legal form and activity from the history for those breakdowns. With ``from_history``, every
    company's state is read from the history and the declarations instead (:mod:`registry.statistics.states`; once
    per day that opens or closes a period): the definition the spans are tested against.
    """
    periods = {interval: account_periods(year, interval) for interval, _ in tables}
    every = sorted({period for found in periods.values() for period in found})
    days = sorted({day for _, opening, closing in every for day in (opening, closing)})
    binds: dict[str, object] = {
        "known_at": known_at,
        "days": days,
        "keys": [key for key, _, _ in every],
        "openings": [opening for _, opening, _ in every],
        "closings": [closing for _, _, closing in every],
        "dimensions": sorted({dimension for _, dimension in tables}),
    }
    breakdowns = bool({dimension for _, dimension in tables} & {"legal_form", "activity"})
    if from_history:
        registered = _REGISTERED.format(company="n.company_id")
        sql = _HISTORY_ACCOUNTS.format(
            known=KNOWN, period_end=PERIOD_END, registered=registered, flows=_ACCOUNT_FLOWS_SQL
        )
    else:
        sql, binds["breakdowns"] = _ACCOUNTS.format(flows=_ACCOUNT_FLOWS_SQL), breakdowns
    statement = text(sql)
    figures: dict[tuple[str, str], dict[str, dict[str, int]]] = {}
    for period, dimension, group, flow, companies in (await session.execute(statement, binds)).all():
        figures.setdefault((str(period), str(dimension)), {}).setdefault(str(group), {})[str(flow)] = int(companies)
    accounts: dict[tuple[AccountInterval, StateDimension], list[AccountRow]] = {}
    for interval, dimension in tables:
        rows: list[AccountRow] = []
        for key, _, _ in periods[interval]:
            groups = figures.get((key, dimension), {})
            if dimension == "none":
                groups.setdefault("", {})
            for group in sorted(groups):
                values = groups[group]
                rows.append(
                    AccountRow(
                        period=key,
                        group=group or None,
                        opening=values.get("opening", 0),
                        closing=values.get("closing", 0),
                        **{flow: values.get(flow, 0) for flow in ACCOUNT_FLOWS},
                    )
                )
        accounts[(interval, dimension)] = rows
    return accounts
