"""Licences in force on a day from the licence rollups (:class:`licensing.models.LicenceDailyDelta`).

The rollups are written only by the database's triggers (migration 0004), in the transaction of every change to a
licence or to its holder's region, so the API, the demo loader's COPY and plain SQL all keep them current.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import distinct, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.models import Licence, LicenceDailyDelta, LicenceMonthlyDelta
from registry.companies.models import Company

__all__ = ["licence_holders_in_force", "licences_in_force"]


async def licences_in_force(session: AsyncSession, *, as_of: date, region: str | None) -> dict[str, int]:
    """Licences with status ``active`` and ``valid_from <= as_of <= valid_until``, per licence type.

    The monthly deltas of the months before ``as_of``'s and the daily deltas of its month up to the day are summed:
    a few hundred rows whatever the number of licences. A company holds at most one licence of a type in force on a
    day (an exclusion constraint), so each type's count is also its number of holders.

    Args:
        session: The database session.
        as_of: The day.
        region: The holders' KATO region to limit the count to, or ``None``.

    Returns:
        ``licence type -> licences in force`` for the types that have had licences.
    """
    month = as_of.replace(day=1)
    monthly = select(LicenceMonthlyDelta.licence_type, LicenceMonthlyDelta.licences).where(
        LicenceMonthlyDelta.month < month
    )
    daily = select(LicenceDailyDelta.licence_type, LicenceDailyDelta.licences).where(
        LicenceDailyDelta.day >= month, LicenceDailyDelta.day <= as_of
    )
    if region is not None:
        monthly = monthly.where(LicenceMonthlyDelta.region_kato == region)
        daily = daily.where(LicenceDailyDelta.region_kato == region)
    deltas = union_all(monthly, daily).subquery()
    rows = await session.execute(
        select(deltas.c.licence_type, func.sum(deltas.c.licences)).group_by(deltas.c.licence_type)
    )
    return {licence_type: int(count) for licence_type, count in rows.all()}


async def licence_holders_in_force(session: AsyncSession, *, as_of: date, region: str | None) -> int:
    """Companies holding at least one licence in force on ``as_of`` (any type), counted directly.

    The rollups give licences per type, which are also holders per type; holders of any type can be fewer than
    their sum (a company may hold both types). The threshold rule only needs the exact figure when every type has
    fewer than *k* holders (otherwise the total has at least *k*), so call this only then.
    """
    conditions = [Licence.status == "active", Licence.valid_from <= as_of, Licence.valid_until >= as_of]
    statement = select(func.count(distinct(Licence.company_id))).where(*conditions)
    if region is not None:
        statement = statement.join(Company, Company.id == Licence.company_id).where(Company.region_kato == region)
    return int(await session.scalar(statement) or 0)
