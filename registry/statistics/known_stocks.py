"""Stocks as of a day as the registry knew them at a moment.

The figures are those of the register's history and the declarations on the one time basis of
:mod:`registry.statistics.states` (:func:`history_bucket_stocks` reads them so, in time linear in the register).
:func:`known_bucket_stocks` gives the same figures from the summary's spans, kept in every version in transaction
time, and the checkpoints that sum their changes (``sql/known_rollups.sql``): the deltas of the checkpoints made by
``known_at``, plus the spans stamped after the last of them and by ``known_at`` — exact for any moment, and a few
thousand rows to add when checkpoints are made regularly (:func:`make_checkpoint`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Final, NamedTuple

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.known_accounts import make_account_checkpoint
from registry.statistics.rollups import Stock
from registry.statistics.states import day_binds, states_sql

__all__ = [
    "CHECKPOINT_MARGIN",
    "CompanyState",
    "history_bucket_stocks",
    "known_bucket_stocks",
    "known_states",
    "known_sum_sql",
    "make_checkpoint",
    "oldest_open_transaction",
]

_STOCKS = "SELECT {key} s.ai_class, count(*), coalesce(sum(s.fte_ai), 0) FROM ({states}) s GROUP BY {key} s.ai_class"


def _binds(as_of: date, region: str | None, known_at: datetime) -> dict[str, object]:
    binds: dict[str, object] = {"known_at": known_at, **day_binds("day", as_of)}
    if region is not None:
        binds["region"] = region
    return binds


_KNOWN_SUM = """
WITH cp AS (
    SELECT coalesce(max(c.id), 0) AS id, coalesce(max(c.upto), '-infinity') AS upto
    FROM statistics_checkpoints c WHERE c.upto <= :known_at
)
SELECT {{select}} FROM (
    SELECT {keys}, {measures} FROM {monthly} m, cp WHERE m.checkpoint_id <= cp.id AND m.month < :month
    UNION ALL
    SELECT {keys}, {measures} FROM {daily} d, cp
    WHERE d.checkpoint_id <= cp.id AND d.day >= :month AND d.day <= :day
    UNION ALL
    SELECT {keys}, {entered} FROM {spans} s, cp
    WHERE s.recorded_at > cp.upto AND s.recorded_at <= :known_at AND s.valid_from <= :day AND s.valid_to > :day
    UNION ALL
    SELECT {keys}, {left} FROM {spans} s, cp
    WHERE s.superseded_at > cp.upto AND s.superseded_at <= :known_at AND s.valid_from <= :day AND s.valid_to > :day
) x {{where}}
"""


def known_sum_sql(*, spans: str, daily: str, monthly: str, keys: tuple[str, ...], measures: dict[str, str]) -> str:
    """A SELECT of versioned spans' figures on a day as known at a moment, from checkpoints' deltas and the spans.

    The deltas of the checkpoints made by ``:known_at`` (``monthly`` for the months before ``:month``, ``daily`` for
    the days of it up to ``:day``), plus the ``spans`` recorded and minus those superseded after the last checkpoint
    and by ``:known_at`` that cover ``:day``. ``measures`` maps each delta column to the figure a span adds (``1`` for
    a count). The result still has ``{select}`` (over ``x``, which has the ``keys`` and measures) and ``{where}`` to
    fill in.
    """
    return _KNOWN_SUM.format(
        spans=spans,
        daily=daily,
        monthly=monthly,
        keys=", ".join(keys),
        measures=", ".join(measures),
        entered=", ".join(f"{figure} AS {name}" for name, figure in measures.items()),
        left=", ".join(f"-{figure} AS {name}" for name, figure in measures.items()),
    )


_KNOWN_STOCKS = known_sum_sql(
    spans="summary_company_spans",
    daily="summary_known_deltas",
    monthly="summary_known_monthly_deltas",
    keys=("region_kato", "ai_class"),
    measures={"companies": "1", "fte_ai": "fte_ai"},
)


async def known_bucket_stocks(
    session: AsyncSession, *, as_of: date, region: str | None, known_at: datetime, by_region: bool = False
) -> dict[tuple[str | None, str], Stock]:
    """Active companies and AI FTE per class (and per region) on ``as_of``, as known at ``known_at``.

    The figures of :func:`history_bucket_stocks`, from the checkpoints and the spans' versions.
    """
    binds: dict[str, object] = {"known_at": known_at, "day": as_of, "month": as_of.replace(day=1)}
    where = ""
    if region is not None:
        where, binds["region"] = "WHERE x.region_kato = :region", region
    key = "x.region_kato," if by_region else ""
    select = f"{key} x.ai_class, sum(x.companies), sum(x.fte_ai)"
    grouping = f" GROUP BY {key} x.ai_class HAVING sum(x.companies) <> 0"
    statement = text(_KNOWN_STOCKS.format(select=select, where=where + grouping))
    stocks: dict[tuple[str | None, str], Stock] = {}
    for row in (await session.execute(statement, binds)).all():
        group = str(row[0]) if by_region else None
        stocks[(group, str(row[-3]))] = Stock(int(row[-2]), Decimal(row[-1]))
    return stocks


CHECKPOINT_MARGIN: Final = timedelta(minutes=1)
"""How long before the oldest open transaction a checkpoint ends: a row is stamped by its writer's clock (a
declaration's filing moment may be read just before its transaction begins) and visible only once committed."""

_OLDEST_OPEN = text(
    "SELECT min(a.xact_start) FROM pg_stat_activity a WHERE a.datname = current_database() "
    "AND a.pid <> pg_backend_pid() AND a.xact_start IS NOT NULL AND a.backend_type = 'client backend'"
)


async def oldest_open_transaction(session: AsyncSession) -> datetime | None:
    """When the oldest transaction open on the database by another client began (``None``: there is none).

    Only client backends write the rows statistics read; an autovacuum or autoanalyze worker also holds a
    transaction, for minutes on a large table, and must not hold the settled moment back.
    """
    oldest: datetime | None = await session.scalar(_OLDEST_OPEN)
    return oldest


async def make_checkpoint(session: AsyncSession, *, now: datetime, upto: datetime | None = None) -> int | None:
    """Sum the spans' changes up to a settled moment into a new checkpoint; its id (``None``: nothing to do).

    The moment is ``upto`` when given (tests), else :data:`CHECKPOINT_MARGIN` before the earlier of ``now`` and the
    start of the oldest transaction open on the database, so every row stamped by then is committed. The stock-flow
    account's changes are stored with it (:mod:`registry.statistics.known_accounts`). Figures do not depend on
    checkpoints, only the time they take: make one regularly (a release makes one).
    """
    if upto is None:
        oldest = await oldest_open_transaction(session)
        upto = (now if oldest is None else min(oldest, now)) - CHECKPOINT_MARGIN
    made = await session.scalar(text("SELECT statistics_checkpoint(:upto)"), {"upto": upto})
    if made is None:
        return None
    await make_account_checkpoint(session, checkpoint_id=int(made), upto=upto)
    return int(made)


async def history_bucket_stocks(
    session: AsyncSession, *, as_of: date, region: str | None, known_at: datetime, by_region: bool = False
) -> dict[tuple[str | None, str], Stock]:
    """Active companies and AI FTE per class (and per region) on ``as_of``, as known at ``known_at``.

    Read from the history and the declarations directly: the definition :func:`known_bucket_stocks` is tested
    against.
    """
    states = states_sql(day="day", dimension="region", region=region is not None)
    statement = text(_STOCKS.format(key="s.grp," if by_region else "", states=states))
    stocks: dict[tuple[str | None, str], Stock] = {}
    for row in (await session.execute(statement, _binds(as_of, region, known_at))).all():
        group = str(row[0]) if by_region else None
        stocks[(group, str(row[-3]))] = Stock(int(row[-2]), Decimal(row[-1]))
    return stocks


class CompanyState(NamedTuple):
    """A company in the stock of a day: its region, AI class and AI FTE then."""

    company_id: str
    region: str
    ai_class: str
    fte_ai: Decimal


async def known_states(session: AsyncSession, *, day: date, known_at: datetime) -> list[CompanyState]:
    """Every company active on ``day`` with its region, class and AI FTE, as known at ``known_at``."""
    states = states_sql(day="day", dimension="region")
    statement = text(f"SELECT s.company_id::text, s.grp, s.ai_class, s.fte_ai FROM ({states}) s ORDER BY 1")  # noqa: S608
    rows = await session.execute(statement, {"known_at": known_at, **day_binds("day", day)})
    return [CompanyState(str(c), str(g), str(k), Decimal(f)) for c, g, k, f in rows.all()]
