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
from datetime import datetime
from typing import Final

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.account_figures import AccountInterval, account_periods, history_account_figures
from registry.statistics.code_names import named, names_for
from registry.statistics.known_accounts import known_account_figures
from registry.statistics.states import StateDimension

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

    The figures are the checkpoints' sums plus the companies changed since the last of them, recounted
    (:func:`registry.statistics.known_accounts.known_account_figures`). With ``from_history``, every company's
    state is read from the history and the declarations instead: the definition the fast reading is tested against.
    """
    periods = {interval: account_periods(year, interval) for interval, _ in tables}
    every = sorted({period for found in periods.values() for period in found})
    dimensions = {dimension for _, dimension in tables}
    if from_history:
        figures = await history_account_figures(session, periods=every, dimensions=dimensions, known_at=known_at)
    else:
        figures = await known_account_figures(
            session, year=year, periods=every, dimensions=dimensions, known_at=known_at
        )
    by_group: dict[tuple[str, str], dict[str, dict[str, int]]] = {}
    for (period, dimension, group, flow), companies in figures.items():
        if companies:
            by_group.setdefault((period, dimension), {}).setdefault(group, {})[flow] = companies
    accounts: dict[tuple[AccountInterval, StateDimension], list[AccountRow]] = {}
    for interval, dimension in tables:
        rows: list[AccountRow] = []
        for key, _, _ in periods[interval]:
            groups = by_group.get((key, dimension), {})
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
