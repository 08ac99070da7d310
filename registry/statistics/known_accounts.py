"""The stock-flow account as known at any moment, fast: from checkpoints and the companies changed since.

A company's part of the account (:mod:`registry.statistics.account_figures`) depends only on its own rows — its
spans, its history and its declarations — as known at the moment. So an **account checkpoint** (made with every
statistics checkpoint, :func:`registry.statistics.known_stocks.make_checkpoint`) stores, per period, breakdown,
group and flow, the change since the account checkpoint before: the figures of the companies with a row stamped in
between, as known at its ``upto``, minus theirs as known at the one before (a fiscal year it is the first to cover:
every company's figures). The account as known at ``known_at`` is the sum of the deltas of the account checkpoints
up to it, plus the figures of the companies changed since the last of them, recounted at ``known_at``, minus theirs
at its ``upto``. A write stamped before a checkpoint's moment deletes it (and those after it) as for the stocks and
flows (``sql/rollup_maintenance.sql``), so the deltas left always add up to what was known at each ``upto``.

The pivot rate's base at the start of each fiscal year (the companies at risk of pivoting, per region) is kept the
same way. The checkpoints cover the fiscal years from the first in which a company was AI-native to the year after
their own; a year outside them is counted from every company's rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Final, NamedTuple, get_args

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.account_figures import (
    AccountFigures,
    Period,
    account_figures,
    account_periods,
    read_figures,
)
from registry.statistics.risk_base import at_risk_on, risk_base_rows
from registry.statistics.states import StateDimension

__all__ = ["known_account_figures", "known_risk_base", "make_account_checkpoint"]

_RISK: Final = ("pivot_risk", "at_risk")
"""The dimension and flow under which a checkpoint keeps the pivot rate's base at the start of each fiscal year
(per region): a company-by-company reading too (:mod:`registry.statistics.risk_base`)."""

_DIMENSIONS: Final = (*get_args(StateDimension), "pivot_risk")
_CHANGED = text(
    "SELECT s.company_id FROM summary_company_spans s WHERE (s.recorded_at > :after AND s.recorded_at <= :upto) "
    "OR (s.superseded_at > :after AND s.superseded_at <= :upto) "
    "UNION SELECT h.company_id FROM company_history h WHERE (h.recorded_at > :after AND h.recorded_at <= :upto) "
    "OR (h.superseded_at > :after AND h.superseded_at <= :upto) "
    "UNION SELECT d.company_id FROM declarations d WHERE d.filed_at > :after AND d.filed_at <= :upto"
)
"""The companies with a row the account reads recorded, superseded or filed in ``(after, upto]``."""
_LATEST = (
    "SELECT a.checkpoint_id, c.upto, a.first_year, a.last_year FROM account_checkpoints a "
    "JOIN statistics_checkpoints c ON c.id = a.checkpoint_id {where} ORDER BY c.upto DESC LIMIT 1"
)
_SUMMED_SQL = (
    "SELECT d.period, d.dimension, d.grp, d.flow, sum(d.companies)::integer FROM account_known_deltas d "
    "JOIN statistics_checkpoints c ON c.id = d.checkpoint_id WHERE c.upto <= :upto "
    "AND d.period = ANY(CAST(:keys AS text[])) AND d.dimension = ANY(CAST(:dimensions AS text[])) "
    "GROUP BY 1, 2, 3, 4"
)
_FIRST_YEAR = text(
    "SELECT extract(year FROM min(s.valid_from))::integer FROM summary_company_spans s "
    "WHERE s.ai_class = 'ai_native' AND s.recorded_at > :after"
)
"""The first year a company was AI-native in, by the spans recorded after ``:after`` (those before are covered)."""
_COVER = text("INSERT INTO account_checkpoints (checkpoint_id, first_year, last_year) VALUES (:id, :first, :last)")
_DELTAS = text(
    "INSERT INTO account_known_deltas (checkpoint_id, period, dimension, grp, flow, companies) "
    "SELECT :id, * FROM unnest(CAST(:periods AS text[]), CAST(:dimensions AS text[]), CAST(:groups AS text[]), "
    "CAST(:flows AS text[]), CAST(:companies AS integer[]))"
)


class _Checkpoint(NamedTuple):
    id: int
    upto: datetime
    first_year: int
    last_year: int


async def _latest(session: AsyncSession, known_at: datetime | None = None) -> _Checkpoint | None:
    where, binds = ("", {}) if known_at is None else ("WHERE c.upto <= :known_at", {"known_at": known_at})
    row = (await session.execute(text(_LATEST.format(where=where)), binds)).one_or_none()
    return None if row is None else _Checkpoint(*row)


async def _changed(session: AsyncSession, after: datetime, upto: datetime) -> list[uuid.UUID]:
    return list((await session.execute(_CHANGED, {"after": after, "upto": upto})).scalars())


def _periods(first_year: int, last_year: int) -> list[Period]:
    return [
        period
        for year in range(first_year, last_year + 1)
        for interval in ("year", "quarter")
        for period in account_periods(year, interval)
    ]


async def _figures(
    session: AsyncSession,
    *,
    periods: Sequence[Period],
    dimensions: Collection[str],
    known_at: datetime,
    companies: Sequence[uuid.UUID] | None = None,
) -> AccountFigures:
    """The account's figures of ``periods``, and the pivot rate's base at the start of their fiscal years.

    The base is kept under the dimension ``pivot_risk`` (per region, flow ``at_risk``) when it is asked for.
    """
    figures = await account_figures(
        session, periods=periods, dimensions=dimensions, known_at=known_at, companies=companies
    )
    if _RISK[0] in dimensions:
        openings = {opening: key for key, opening, _ in periods if "-" not in key}
        at_risk = await risk_base_rows(session, days=list(openings), known_at=known_at, companies=companies)
        for (day, region), count in at_risk.items():
            figures[openings[day], _RISK[0], region, _RISK[1]] += count
    return figures


async def _recounted(
    session: AsyncSession,
    *,
    periods: Sequence[Period],
    dimensions: Collection[str],
    companies: Sequence[uuid.UUID],
    before: datetime,
    after: datetime,
) -> AccountFigures:
    """How ``companies`` change the figures of ``periods`` from as known at ``before`` to as known at ``after``."""
    change = await _figures(session, periods=periods, dimensions=dimensions, known_at=after, companies=companies)
    change.subtract(
        await _figures(session, periods=periods, dimensions=dimensions, known_at=before, companies=companies)
    )
    return change


async def make_account_checkpoint(session: AsyncSession, *, checkpoint_id: int, upto: datetime) -> None:
    """Store the account's change up to ``upto`` with the new statistics checkpoint ``checkpoint_id``.

    Called in the transaction that made the checkpoint (which holds the checkpoints' lock), with every row stamped
    by ``upto`` committed.
    """
    previous = await _latest(session)
    after = datetime.min.replace(tzinfo=UTC) if previous is None else previous.upto
    first_year = await session.scalar(_FIRST_YEAR, {"after": after})
    if first_year is None:
        first_year = upto.year if previous is None else previous.first_year
    last_year = upto.year + 1
    change: AccountFigures
    if previous is None:
        new_years = _periods(first_year, last_year)
        change = await _figures(session, periods=new_years, dimensions=_DIMENSIONS, known_at=upto)
    else:
        first_year = min(first_year, previous.first_year)
        last_year = max(last_year, previous.last_year)
        covered = _periods(previous.first_year, previous.last_year)
        changed = await _changed(session, previous.upto, upto)
        change = await _recounted(
            session, periods=covered, dimensions=_DIMENSIONS, companies=changed, before=previous.upto, after=upto
        )
        new_years = [
            *_periods(first_year, previous.first_year - 1),
            *_periods(previous.last_year + 1, last_year),
        ]
        change.update(await _figures(session, periods=new_years, dimensions=_DIMENSIONS, known_at=upto))
    await session.execute(_COVER, {"id": checkpoint_id, "first": first_year, "last": last_year})
    kept = [(key, companies) for key, companies in change.items() if companies]
    if kept:
        await session.execute(
            _DELTAS,
            {
                "id": checkpoint_id,
                "periods": [key[0] for key, _ in kept],
                "dimensions": [key[1] for key, _ in kept],
                "groups": [key[2] for key, _ in kept],
                "flows": [key[3] for key, _ in kept],
                "companies": [companies for _, companies in kept],
            },
        )


def _covers(latest: _Checkpoint | None, year: int) -> bool:
    return latest is not None and latest.first_year <= year <= latest.last_year


async def _known(
    session: AsyncSession,
    latest: _Checkpoint | None,
    *,
    years: Collection[int],
    periods: Sequence[Period],
    dimensions: Collection[str],
    known_at: datetime,
) -> AccountFigures:
    """The figures of ``periods`` from ``latest`` (the last account checkpoint up to ``known_at``) and recounts.

    The companies changed since it are recounted; every company's rows are read when it does not cover ``years``.
    """
    if latest is None or not all(_covers(latest, year) for year in years):
        return await _figures(session, periods=periods, dimensions=dimensions, known_at=known_at)
    binds = {"upto": latest.upto, "keys": [key for key, _, _ in periods], "dimensions": sorted(dimensions)}
    figures = await read_figures(session, _SUMMED_SQL, binds)
    changed = await _changed(session, latest.upto, known_at)
    if changed:
        figures.update(
            await _recounted(
                session,
                periods=periods,
                dimensions=dimensions,
                companies=changed,
                before=latest.upto,
                after=known_at,
            )
        )
    return figures


async def known_account_figures(
    session: AsyncSession,
    *,
    year: int,
    periods: Sequence[Period],
    dimensions: Collection[str],
    known_at: datetime,
) -> AccountFigures:
    """The account's figures for ``periods`` (of fiscal year ``year``) by ``dimensions``, as known at ``known_at``.

    The sum of the account checkpoints' deltas up to ``known_at`` and the recount of the companies changed since the
    last of them; every company's spans when no account checkpoint up to ``known_at`` covers ``year``.
    """
    latest = await _latest(session, known_at)
    return await _known(session, latest, years=[year], periods=periods, dimensions=dimensions, known_at=known_at)


async def known_risk_base(
    session: AsyncSession, *, starts: Sequence[date], region: str | None, known_at: datetime
) -> dict[date, int]:
    """The companies at risk of pivoting at each of ``starts`` (in ``region``), as known at ``known_at``.

    A fiscal year's first day comes from the checkpoints (as the account's figures do); any other day, and a year
    no checkpoint covers, from every company's rows.
    """
    latest = await _latest(session, known_at)
    firsts = [start for start in starts if (start.month, start.day) == (1, 1)]
    years = {start.year: start for start in firsts if _covers(latest, start.year)}
    periods = [period for year in sorted(years) for period in account_periods(year, "year")]
    base = {start: 0 for start in years.values()}
    if periods:
        found = await _known(session, latest, years=years, periods=periods, dimensions=[_RISK[0]], known_at=known_at)
        for (period, dimension, group, flow), companies in found.items():
            if (dimension, flow) == _RISK and (region is None or group == region):
                base[years[int(period)]] += companies
    others = [start for start in starts if start not in base]
    if others:
        days = [start - timedelta(days=1) for start in others]
        rows = await risk_base_rows(session, days=days, known_at=known_at)
        for start, day in zip(others, days, strict=True):
            base[start] = at_risk_on(rows, day, region)
    return base
