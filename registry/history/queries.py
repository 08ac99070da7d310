"""Reading the register's history as known at a moment (SQLAlchemy expressions; the SQL texts use ``KNOWN``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Subquery, and_, or_, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.sql.elements import SQLColumnExpression

from registry.history.models import CompanyHistory

__all__ = ["first_known", "known", "region_on"]


def known(known_at: datetime) -> ColumnElement[bool]:
    """The company history rows the registry knew at ``known_at``."""
    return and_(
        CompanyHistory.recorded_at <= known_at,
        or_(CompanyHistory.superseded_at.is_(None), CompanyHistory.superseded_at > known_at),
    )


def first_known(known_at: datetime) -> Subquery:
    """Each company known at ``known_at``: its registration day and its region and legal form on that day.

    Of rows known at once from the same first day (a repair of recorded moments can leave them), the latest recorded.
    """
    h = CompanyHistory
    return (
        select(h.company_id, h.valid_from.label("registration_date"), h.region_kato, h.legal_form)
        .where(known(known_at))
        .ext(distinct_on(h.company_id))
        .order_by(h.company_id, h.valid_from, h.recorded_at.desc(), h.id.desc())
        .subquery()
    )


def region_on(
    company_id: SQLColumnExpression[object], day: SQLColumnExpression[object], known_at: datetime
) -> ColumnElement[str]:
    """The company's region on ``day`` as known at ``known_at`` (its first known region before registration)."""
    h = CompanyHistory
    held = and_(h.valid_from <= day, h.valid_to > day)
    return (
        select(h.region_kato)
        .where(h.company_id == company_id, known(known_at))
        .order_by(held.desc(), h.valid_from)
        .limit(1)
        .scalar_subquery()
    )
