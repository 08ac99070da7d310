"""Metrics of the licence track as SQL aggregates: active licences, applications and licences issued, the funnel."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from sqlalchemy import ColumnElement, Date, SQLColumnExpression, String, cast, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.models import Application, Licence
from licensing.rollups import known_licences_in_force, licence_holders_in_force, licences_in_force
from registry.events.models import Event
from registry.history.queries import region_on
from registry.statistics.dictionary import SeriesMetric
from registry.statistics.disclosure import Cell, DisclosureSettings, ProtectedCell, derived, protect_series
from registry.statistics.rates import RATE_PRECISION
from registry.statistics.schemas import StatCell
from registry.statistics.series import SeriesSource, company_groups, registry_series_source
from registry.statistics.states import known_at_or_now

__all__ = ["LICENCE_TYPE_CODES", "active_licences", "licensing_funnel", "series_source"]

LICENCE_TYPE_CODES = ("ai_native", "standard_digital")
_DECIDED_STATES = ("approved", "rejected")
_DECISIONS: dict[str, str] = {"decisions_approved": "approved", "decisions_rejected": "rejected"}
_SANCTIONS: dict[str, str] = {"licences_suspended": "licence.suspended", "licences_revoked": "licence.revoked"}
_SECONDS_PER_DAY = 86400


def _utc_date(moment: Any) -> ColumnElement[date]:
    """The UTC calendar day of a ``timestamptz`` column, whatever the session's time zone."""
    return cast(func.timezone("UTC", moment), Date)


def series_source(metric: SeriesMetric) -> SeriesSource:
    """The source of any flow, the licence track's (with the licence type as a dimension) included.

    Raises:
        ValueError: ``metric`` is not a flow (the pivot rate is computed from two of them).
    """
    groups: dict[str, SQLColumnExpression[str]] = {**company_groups()}
    if metric in _DECISIONS:
        groups["licence_type"] = Application.licence_type
        return SeriesSource(
            Application.__table__,
            _utc_date(Application.decided_at),
            Application.company_id,
            (Application.state == _DECISIONS[metric], Application.decided_at.is_not(None)),
            groups,
            rollup=metric,
        )
    if metric in _SANCTIONS:
        groups["licence_type"] = Licence.licence_type
        return SeriesSource(
            Event.__table__.join(
                Licence.__table__,
                (Event.resource_type == "licence") & (Event.resource_id == cast(Licence.id, String)),
            ),
            _utc_date(Event.occurred_at),
            Licence.company_id,
            (Event.kind == _SANCTIONS[metric],),
            groups,
            rollup=metric,
        )
    if metric == "applications_submitted":
        groups["licence_type"] = Application.licence_type
        return SeriesSource(
            Application.__table__,
            _utc_date(Application.first_submitted_at),
            Application.company_id,
            (Application.first_submitted_at.is_not(None),),
            groups,
            rollup=metric,
        )
    if metric == "licences_issued":
        groups["licence_type"] = Licence.licence_type
        return SeriesSource(
            Licence.__table__,
            _utc_date(Licence.created_at),
            Licence.company_id,
            (),
            groups,
            rollup=metric,
        )
    return registry_series_source(metric)


async def active_licences(
    session: AsyncSession,
    *,
    as_of: date,
    region: str | None,
    settings: DisclosureSettings,
    known_at: datetime | None = None,
) -> list[StatCell]:
    """Licences in force on ``as_of`` by type, and their total; a cell's contributors are the licence holders.

    Args:
        session: The database session.
        as_of: The day.
        region: A KATO region to limit the count to, or ``None``.
        settings: The disclosure rules' parameters.
        known_at: Count as the registry knew at this moment (from the status history), not now (the rollups).

    Returns:
        The total (group ``None``) and one cell per licence type.
    """
    if known_at is not None:
        per_type, holders = await known_licences_in_force(session, as_of=as_of, region=region, known_at=known_at)
        total = sum(per_type.values())
    else:
        per_type = await licences_in_force(session, as_of=as_of, region=region)
        # One licence of a type in force per company, so a type's licences are its holders. Holders of any type can
        # be fewer than the sum; the threshold rule needs the exact number only when no type alone reaches k.
        total = sum(per_type.values())
        holders = total
        if total and max(per_type.values()) < settings.min_contributors:
            holders = await licence_holders_in_force(session, as_of=as_of, region=region)
    found: dict[str | None, Cell] = {kind: Cell(count, count) for kind, count in per_type.items()}
    found[None] = Cell(total, holders)
    protected = protect_series(
        {kind: found.get(kind, Cell(0, 0)) for kind in LICENCE_TYPE_CODES},
        total=found.get(None, Cell(0, 0)),
        settings=settings,
    )
    assert protected.total is not None
    return [
        StatCell.of("active_licences", None, protected.total),
        *(StatCell.of("active_licences", kind, cell) for kind, cell in protected.cells.items()),
    ]


async def licensing_funnel(
    session: AsyncSession,
    *,
    start: date,
    end: date,
    region: str | None,
    settings: DisclosureSettings,
    known_at: datetime | None = None,
) -> list[StatCell]:
    """Applications first submitted in ``start..end``: decided, approved, and how long decisions took.

    As the registry knew them at ``known_at`` (now when not given): submissions and decisions recorded by then (a
    decision is final, so its times do not change), in the region the applicant was in on the day of its first
    submission.

    Submitted applications are split into approved, rejected and undecided, protected together with their total
    (so no suppressed part follows from the others); ``applications_decided`` is published only when both of its
    parts are. Rates and decision times are withheld when their base (decided applications) is.

    Args:
        session: The database session.
        start: The first day of first submission counted.
        end: The last day.
        region: A KATO region to limit the figures to, or ``None``.
        settings: The disclosure rules' parameters.
        known_at: The moment whose knowledge counts (now when ``None``).

    Returns:
        The funnel's cells, in the order of the data dictionary.
    """
    known = known_at_or_now(known_at)
    decided = Application.state.in_(_DECIDED_STATES) & (Application.decided_at <= known)
    approved = Application.state == "approved"
    days = func.extract("epoch", Application.decided_at - Application.submitted_at) / _SECONDS_PER_DAY
    submitted_on = _utc_date(Application.first_submitted_at)
    conditions: list[ColumnElement[bool]] = [
        submitted_on.between(start, end),
        Application.first_submitted_at <= known,
    ]
    if region is not None:
        conditions.append(region_on(Application.company_id, submitted_on, known) == region)

    def part(where: ColumnElement[bool]) -> tuple[Any, Any]:
        return func.count().filter(where), func.count(distinct(Application.company_id)).filter(where)

    row = (
        await session.execute(
            select(
                *part(Application.id.is_not(None)),
                *part(decided & approved),
                *part(decided & ~approved),
                *part(~decided),
                *part(decided),
                func.percentile_cont(0.5).within_group(days).filter(decided),
                func.percentile_cont(0.9).within_group(days).filter(decided),
                func.count().filter(decided & (_utc_date(Application.decided_at) <= Application.decision_due)),
            ).where(*conditions)
        )
    ).one()
    submitted, approved_cell, rejected_cell, undecided_cell, decided_cell = (
        Cell(int(row[i]), int(row[i + 1])) for i in range(0, 10, 2)
    )
    median, p90, within = row[10], row[11], int(row[12])
    parts = protect_series(
        {"approved": approved_cell, "rejected": rejected_cell, "undecided": undecided_cell},
        total=submitted,
        settings=settings,
    )
    assert parts.total is not None
    decided_published = _decided(parts.cells["approved"], parts.cells["rejected"], decided_cell.value)
    count = int(decided_cell.value)
    return [
        StatCell.of("applications_submitted", None, parts.total),
        StatCell.of("applications_decided", None, decided_published),
        StatCell.of("applications_approved", None, parts.cells["approved"]),
        StatCell.of("applications_rejected", None, parts.cells["rejected"]),
        StatCell.of("applications_undecided", None, parts.cells["undecided"]),
        StatCell.of(
            "approval_rate",
            None,
            _derived(decided_published, decided_cell, settings, parts.cells["approved"].value, count),
        ),
        StatCell.of("days_to_decision_median", None, _derived(decided_published, decided_cell, settings, median, 1)),
        StatCell.of("days_to_decision_p90", None, _derived(decided_published, decided_cell, settings, p90, 1)),
        StatCell.of(
            "decided_within_service_level", None, _derived(decided_published, decided_cell, settings, within, count)
        ),
    ]


def _decided(approved: ProtectedCell, rejected: ProtectedCell, value: int | Decimal) -> ProtectedCell:
    """Decided = approved + rejected: published only when both parts are, or it would reveal the hidden one."""
    if approved.suppressed:
        return ProtectedCell(None, True, "secondary")
    if rejected.suppressed:
        return ProtectedCell(None, True, "secondary")
    return ProtectedCell(value, False)


def _derived(
    decided: ProtectedCell, cell: Cell, settings: DisclosureSettings, numerator: Any, denominator: int
) -> ProtectedCell:
    """A rate or duration over the decided applications (:func:`~registry.statistics.disclosure.derived`)."""
    value = None
    if numerator is not None and denominator:
        value = (Decimal(str(numerator)) / denominator).quantize(RATE_PRECISION, rounding=ROUND_HALF_EVEN)
    return derived(value, base_companies=int(cell.contributors), settings=settings, parts=(decided,))
