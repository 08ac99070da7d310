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
registration day and breakdowns of the register), so its figures are exact.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Final, Literal, TypeAlias

import msgspec
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.states import PERIOD_END, StateDimension, day_binds, states_sql

__all__ = [
    "ACCOUNT_FLOWS",
    "AccountInterval",
    "AccountRow",
    "StockFlowAccount",
    "account_periods",
    "account_table",
    "stock_flow_account",
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
    header = ("period", "group", "opening", *ACCOUNT_FLOWS, "closing")
    return header, [
        (row.period, row.group, row.opening, *(getattr(row, flow) for flow in ACCOUNT_FLOWS), row.closing)
        for row in account.rows
    ]


_ACCOUNT = """
WITH s0 AS ({opening}), s1 AS ({closing}),
joined AS (
    SELECT s0.ai_class AS c0, s0.grp AS g0, s1.ai_class AS c1, s1.grp AS g1,
           s1.registration_date > :closing_day - interval '1 year' AND NOT EXISTS (
               SELECT FROM declarations d
               WHERE d.company_id = s1.company_id AND d.filed_at <= :known_at AND {period_end} <= :opening_day
           ) AS newborn
    FROM s0 FULL JOIN s1 ON s1.company_id = s0.company_id
    WHERE s0.ai_class = 'ai_native' OR s1.ai_class = 'ai_native'
)
SELECT g1 AS grp,
       CASE WHEN c0 = 'ai_native' THEN 'moved_in'
            WHEN c0 IN ('ai_enabled', 'non_ai') THEN 'pivots_to_ai'
            WHEN newborn THEN 'births'
            ELSE 'late_entries' END AS flow,
       count(*) AS companies
FROM joined WHERE c1 = 'ai_native' AND (c0 IS DISTINCT FROM 'ai_native' OR g0 <> g1) GROUP BY 1, 2
UNION ALL
SELECT g0, CASE WHEN c1 = 'ai_native' THEN 'moved_out' WHEN c1 IN ('ai_enabled', 'non_ai') THEN 'pivots_away'
                ELSE 'exits' END, count(*)
FROM joined WHERE c0 = 'ai_native' AND (c1 IS DISTINCT FROM 'ai_native' OR g0 <> g1) GROUP BY 1, 2
UNION ALL
SELECT g0, 'opening', count(*) FROM joined WHERE c0 = 'ai_native' GROUP BY 1
UNION ALL
SELECT g1, 'closing', count(*) FROM joined WHERE c1 = 'ai_native' GROUP BY 1
"""


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
    statement = text(
        _ACCOUNT.format(
            period_end=PERIOD_END,
            opening=states_sql(day="opening_day", dimension=dimension),
            closing=states_sql(day="closing_day", dimension=dimension),
        )
    )
    rows: list[AccountRow] = []
    for key, opening_day, closing_day in account_periods(year, interval):
        binds = {"known_at": known_at, **day_binds("opening_day", opening_day), **day_binds("closing_day", closing_day)}
        figures: dict[str, dict[str, int]] = {}
        for group, flow, companies in (await session.execute(statement, binds)).all():
            figures.setdefault(str(group), {})[str(flow)] = int(companies)
        if dimension == "none":
            figures.setdefault("", {})
        for group in sorted(figures):
            values = figures[group]
            rows.append(
                AccountRow(
                    period=key,
                    group=group or None,
                    opening=values.get("opening", 0),
                    closing=values.get("closing", 0),
                    **{flow: values.get(flow, 0) for flow in ACCOUNT_FLOWS},
                )
            )
    return rows
