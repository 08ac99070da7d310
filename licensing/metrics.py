"""Metrics of the licence track as SQL aggregates: active licences, applications and licences issued, the funnel."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Date, SQLColumnExpression, String, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.models import Application, Licence
from licensing.rollups import known_licences_in_force, licences_in_force
from registry.events.models import Event
from registry.statistics.dictionary import SeriesMetric
from registry.statistics.disclosure import exact
from registry.statistics.schemas import StatCell
from registry.statistics.series import SeriesSource, company_groups, registry_series_source

__all__ = ["LICENCE_TYPE_CODES", "FunnelRow", "active_licences", "funnel_rows", "series_source"]

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
    session: AsyncSession, *, as_of: date, region: str | None, known_at: datetime | None = None
) -> list[StatCell]:
    """Licences in force on ``as_of`` by type, and their total, published exactly.

    They are public: every licence is on the public register.

    Args:
        session: The database session.
        as_of: The day.
        region: A KATO region to limit the count to, or ``None``.
        known_at: Count as the registry knew at this moment (the licence spans' versions), not now (the rollups).

    Returns:
        The total (group ``None``) and one cell per licence type.
    """
    if known_at is not None:
        per_type = await known_licences_in_force(session, as_of=as_of, region=region, known_at=known_at)
    else:
        per_type = await licences_in_force(session, as_of=as_of, region=region)
    return [
        StatCell.of("active_licences", None, exact(sum(per_type.values()))),
        *(StatCell.of("active_licences", kind, exact(per_type.get(kind, 0))) for kind in LICENCE_TYPE_CODES),
    ]


class FunnelRow(NamedTuple):
    """An application first submitted in the funnel's window, as known at the moment."""

    application_id: str
    company_id: str
    outcome: str
    """``approved``, ``rejected`` or ``undecided`` (not decided by the moment)."""
    days_to_decision: Decimal | None
    within_service_level: bool


async def funnel_rows(session: AsyncSession, *, start: date, end: date, known_at: datetime) -> list[FunnelRow]:
    """The applications first submitted in ``start..end`` as known at ``known_at`` (for a release's funnel).

    Submissions and decisions recorded by then count (a decision is final, so its times do not change).
    """
    decided = Application.state.in_(_DECIDED_STATES) & (Application.decided_at <= known_at)
    days = func.extract("epoch", Application.decided_at - Application.submitted_at) / _SECONDS_PER_DAY
    submitted_on = _utc_date(Application.first_submitted_at)
    statement = (
        select(
            cast(Application.id, String),
            cast(Application.company_id, String),
            decided,
            Application.state,
            days,
            _utc_date(Application.decided_at) <= Application.decision_due,
        )
        .where(submitted_on.between(start, end), Application.first_submitted_at <= known_at)
        .order_by(Application.id)
    )
    rows = []
    for application, company, is_decided, state, took, in_time in (await session.execute(statement)).all():
        rows.append(
            FunnelRow(
                application,
                company,
                state if is_decided else "undecided",
                Decimal(str(took)) if is_decided else None,
                bool(is_decided and in_time),
            )
        )
    return rows
