"""Licences in force on a day from the licence rollups (:class:`licensing.models.LicenceDailyDelta`).

The rollups are written only by the database's triggers (migration 0004), in the transaction of every change to a
licence or to its holder's region, so the API, the demo loader's COPY and plain SQL all keep them current.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.models import LicenceDailyDelta, LicenceMonthlyDelta

__all__ = ["licences_in_force"]


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
