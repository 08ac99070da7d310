"""Licences in force on a day from the licence rollups (:class:`licensing.models.LicenceDailyDelta`).

The rollups are written only by the database's triggers (migration 0004), in the transaction of every change to a
licence or to its holder's region, so the API, the demo loader's COPY and plain SQL all keep them current.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select, text, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.models import LicenceDailyDelta, LicenceMonthlyDelta
from registry.statistics.known_stocks import known_sum_sql
from registry.statistics.states import KNOWN

__all__ = ["history_licences_in_force", "known_licences_in_force", "licences_in_force"]


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


_HISTORY_IN_FORCE = f"""
SELECT l.licence_type, count(*) FROM licences l
JOIN licence_history h ON h.licence_id = l.id AND {KNOWN}
    AND h.valid_from <= :day AND h.valid_to > :day AND h.status = 'active'
JOIN company_history r ON r.company_id = l.company_id AND {KNOWN.replace("h.", "r.")}
    AND r.valid_from <= :day AND r.valid_to > :day
WHERE l.created_at <= :known_at AND l.valid_from <= :day AND l.valid_until >= :day {{region}}
GROUP BY l.licence_type
"""  # noqa: S608 - built from constants


async def history_licences_in_force(
    session: AsyncSession, *, as_of: date, region: str | None, known_at: datetime
) -> dict[str, int]:
    """Licences in force on ``as_of`` per type, as the registry knew at ``known_at``, read from the histories.

    A licence is in force on a day within its validity when the status history recorded by then says it was active
    that day; the holder's region is the one the company history then gave for the day. The definition
    :func:`known_licences_in_force` is tested against (linear in the register).
    """
    statement = text(_HISTORY_IN_FORCE.format(region="AND r.region_kato = :region" if region is not None else ""))
    binds: dict[str, object] = {"known_at": known_at, "day": as_of}
    if region is not None:
        binds["region"] = region
    return {str(kind): int(count) for kind, count in (await session.execute(statement, binds)).all()}


_KNOWN_IN_FORCE = known_sum_sql(
    spans="licence_known_spans",
    daily="licence_known_deltas",
    monthly="licence_known_monthly_deltas",
    keys=("region_kato", "licence_type"),
    measures={"licences": "1"},
)


async def known_licences_in_force(
    session: AsyncSession, *, as_of: date, region: str | None, known_at: datetime
) -> dict[str, int]:
    """Licences in force on ``as_of`` per type, as the registry knew at ``known_at``.

    The figures of :func:`history_licences_in_force`, from the licence spans' versions and the checkpoints that sum
    their changes (``licence_rollups.sql``): a few thousand rows whatever the number of licences. Types with no
    licence in force are left out.
    """
    binds: dict[str, object] = {"known_at": known_at, "day": as_of, "month": as_of.replace(day=1)}
    where = " GROUP BY x.licence_type HAVING sum(x.licences) <> 0"
    if region is not None:
        where, binds["region"] = " WHERE x.region_kato = :region" + where, region
    statement = text(_KNOWN_IN_FORCE.format(select="x.licence_type, sum(x.licences)", where=where))
    return {str(kind): int(count) for kind, count in (await session.execute(statement, binds)).all()}
