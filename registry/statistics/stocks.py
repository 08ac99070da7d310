"""Stocks on a day (companies, AI classes, AI FTE), with disclosure control (flows: :mod:`registry.statistics.series`).

The stocks come from rollups that PostgreSQL keeps current in the transaction of every change
(:mod:`registry.statistics.rollups`): a summary adds up a few hundred delta rows and walks an index for the
dominance rule's largest contributors, whatever the size of the register. Python only shapes the few rows that come
back into cells and applies :mod:`registry.statistics.disclosure` to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.disclosure import Cell, DisclosureSettings, protect_series
from registry.statistics.known_stocks import known_bucket_stocks, known_class_figures
from registry.statistics.rollups import Stock, bucket_stocks, largest_contributions
from registry.statistics.schemas import StatCell

__all__ = ["AI_CLASSES", "end_of_day", "registry_summary", "top_contributions"]

AI_CLASSES = ("ai_native", "ai_enabled", "non_ai")
_NONE = Stock(0, Decimal(0))


def end_of_day(day: date) -> datetime:
    """The first instant (UTC) after ``day``: what the registry knew "as of" a day was stored before it."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=UTC)


def top_contributions(values: Sequence[Any] | None) -> tuple[Decimal, ...]:
    """Contributions from SQL (largest first) as the ``largest`` of a magnitude :class:`Cell`."""
    return tuple(Decimal(value) for value in values or ())


class _ClassFigures(NamedTuple):
    companies: int
    fte: Decimal
    largest: tuple[Decimal, ...]


async def registry_summary(
    session: AsyncSession,
    *,
    as_of: date,
    region: str | None,
    settings: DisclosureSettings,
    group_by: Literal["region"] | None = None,
    known_at: datetime | None = None,
) -> list[StatCell]:
    """Active companies, companies by AI class and AI FTE by AI class, as of the end of ``as_of``.

    An active company counts from its registration day. Its class (and AI FTE) is that of the newest declaration
    filed before the end of the day for the latest period it had declared by then (a year's own declaration comes
    after its Q4): a declaration filed later, superseding or not, does not count.

    Args:
        session: The database session.
        as_of: The day whose end the figures describe.
        region: A KATO region to limit the figures to, or ``None`` for the country.
        settings: The disclosure rules' parameters.
        group_by: ``"region"`` to add active and AI-native companies per region (every region with active
            companies on the day), each set protected against its published country total.
        known_at: Give the figures as the registry knew them at this moment (from the history), not now (from
            the rollups).

    Returns:
        The published cells, suppressed ones with ``value=None`` and the reason.
    """
    top = settings.dominance_contributors
    if known_at is None:
        stocks = await bucket_stocks(session, as_of=as_of, region=region)
        limits = {ai_class: min(top, stocks.get((None, ai_class), _NONE).companies) for ai_class in AI_CLASSES}
        largest = await largest_contributions(session, as_of=as_of, region=region, limits=limits)
    else:
        stocks, largest = await known_class_figures(session, as_of=as_of, region=region, known_at=known_at, top=top)
    figures = [
        _ClassFigures(*stocks.get((None, ai_class), _NONE), largest.get(ai_class, ())) for ai_class in AI_CLASSES
    ]
    undeclared = stocks.get((None, "undeclared"), _NONE).companies
    declared = sum(f.companies for f in figures)
    active_count = declared + undeclared
    counts = {ai_class: Cell(f.companies, f.companies) for ai_class, f in zip(AI_CLASSES, figures, strict=True)}
    counts["undeclared"] = Cell(undeclared, undeclared)
    by_count = protect_series(counts, total=Cell(active_count, active_count), settings=settings)
    fte = {
        ai_class: Cell(f.fte, f.companies, f.largest, magnitude=True)
        for ai_class, f in zip(AI_CLASSES, figures, strict=True)
    }
    fte_total = Cell(
        sum((f.fte for f in figures), Decimal(0)),
        declared,
        tuple(sorted((v for f in figures for v in f.largest), reverse=True)[:top]),
        magnitude=True,
    )
    by_fte = protect_series(fte, total=fte_total, settings=settings)
    assert by_count.total is not None
    assert by_fte.total is not None
    cells = [
        StatCell.of("active_companies", None, by_count.total),
        *(StatCell.of("companies_by_ai_class", group, cell) for group, cell in by_count.cells.items()),
        StatCell.of("ai_fte", None, by_fte.total),
        *(StatCell.of("ai_fte", group, cell) for group, cell in by_fte.cells.items()),
    ]
    if group_by == "region":
        cells += await _by_region(
            session, as_of=as_of, region=region, settings=settings, ai_native=figures[0], known_at=known_at
        )
    return cells


async def _stocks(
    session: AsyncSession, *, as_of: date, region: str | None, known_at: datetime | None, by_region: bool = False
) -> dict[tuple[str | None, str], Stock]:
    if known_at is None:
        return await bucket_stocks(session, as_of=as_of, region=region, by_region=by_region)
    return await known_bucket_stocks(session, as_of=as_of, region=region, known_at=known_at, by_region=by_region)


async def _by_region(
    session: AsyncSession,
    *,
    as_of: date,
    region: str | None,
    settings: DisclosureSettings,
    ai_native: _ClassFigures,
    known_at: datetime | None,
) -> list[StatCell]:
    """Active and AI-native companies per region, each set protected against the country total it adds up to."""
    stocks = await _stocks(session, as_of=as_of, region=region, known_at=known_at, by_region=True)
    active: dict[str, int] = {}
    native: dict[str, int] = {}
    for (group, bucket), stock in stocks.items():
        assert group is not None
        active[group] = active.get(group, 0) + stock.companies
        if bucket == "ai_native":
            native[group] = stock.companies
    regions = sorted(group for group, count in active.items() if count > 0)
    total = sum(active[group] for group in regions)
    by_active = protect_series(
        {group: Cell(active[group], active[group]) for group in regions}, total=Cell(total, total), settings=settings
    )
    by_native = protect_series(
        {group: Cell(native.get(group, 0), native.get(group, 0)) for group in regions},
        total=Cell(ai_native.companies, ai_native.companies),
        settings=settings,
    )
    return [
        *(StatCell.of("active_companies_by_region", group, cell) for group, cell in by_active.cells.items()),
        *(StatCell.of("ai_native_companies_by_region", group, cell) for group, cell in by_native.cells.items()),
    ]
