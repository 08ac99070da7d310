"""Registration-year cohorts: of the companies registered in year Y, how many are active and AI-native n years on.

A company is active in a fiscal year when its declaration for that year reports revenue or employees (Eurostat's
active enterprise: turnover or employment in the year); it is AI-native in that year when that declaration's class
is ``ai_native``. "Its declaration for a year" is the newest filed by the end of ``as_of``, the annual one before
the quarterly ones, so a published table can be reproduced later. Everything is counted in one SQL aggregate.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import ColumnElement, Integer, and_, cast, extract, func, or_, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from registry.declarations.models import Declaration
from registry.history.queries import first_known
from registry.statistics.disclosure import Cell, DisclosureSettings, ProtectedCell, derived, protect_series
from registry.statistics.rates import rate
from registry.statistics.schemas import CohortPoint
from registry.statistics.series import check_years
from registry.statistics.states import KNOWN_NOW
from registry.statistics.stocks import end_of_day

__all__ = ["YEARS_AFTER", "cohort_table"]

YEARS_AFTER = range(1, 6)
"""A cohort is followed for five years after the year it registered in."""


async def cohort_table(
    session: AsyncSession,
    *,
    as_of: date,
    first: int,
    last: int,
    region: str | None,
    settings: DisclosureSettings,
    known_at: datetime | None = None,
) -> list[CohortPoint]:
    """Cohorts ``first..last``: their size, then active and AI-native companies (and shares) 1-5 years on.

    Declarations count when filed by the end of ``as_of``, or before ``known_at`` when it is given (a release).
    A cohort is the companies the registry knew at ``known_at`` (now when not given) with their registration day in
    its year, in the region they were registered in.
    Only fiscal years that ended before ``as_of`` are reported. For each cohort and year, "active" and "not active"
    are protected as the two parts of the published cohort size (and likewise AI-native and not), so a hidden part
    cannot be worked out from the size; a share is published when its count is.

    Raises:
        InvalidInput: ``last`` is before ``first`` or the range is too long.
    """
    check_years(first, last)
    known_before = known_at or end_of_day(as_of)
    companies = first_known(known_at or KNOWN_NOW)
    cohort_year = cast(extract("year", companies.c.registration_date), Integer)
    in_cohorts: list[ColumnElement[bool]] = [cohort_year.between(first, last)]
    if region is not None:
        in_cohorts.append(companies.c.region_kato == region)
    sizes = {
        int(year): int(count)
        for year, count in (
            await session.execute(select(cohort_year, func.count()).where(*in_cohorts).group_by(cohort_year))
        ).all()
    }
    yearly = (
        select(
            Declaration.company_id,
            Declaration.fiscal_year,
            Declaration.ai_class,
            or_(Declaration.revenue_total > 0, Declaration.fte_total > 0).label("active"),
            cohort_year.label("cohort"),
        )
        .join(companies, companies.c.company_id == Declaration.company_id)
        .where(*in_cohorts, Declaration.filed_at < known_before, Declaration.fiscal_year < as_of.year)
        .ext(distinct_on(Declaration.company_id, Declaration.fiscal_year))
        .order_by(
            Declaration.company_id,
            Declaration.fiscal_year,
            func.coalesce(Declaration.quarter, 5).desc(),
            Declaration.filed_at.desc(),
        )
        .subquery()
    )
    age = (yearly.c.fiscal_year - yearly.c.cohort).label("age")
    statement = (
        select(
            yearly.c.cohort,
            age,
            func.count().filter(yearly.c.active),
            func.count().filter(and_(yearly.c.active, yearly.c.ai_class == "ai_native")),
        )
        .where(age.between(YEARS_AFTER.start, YEARS_AFTER.stop - 1))
        .group_by(yearly.c.cohort, age)
    )
    found = {
        (int(cohort), int(years)): (int(active), int(native))
        for cohort, years, active, native in (await session.execute(statement)).all()
    }
    points: list[CohortPoint] = []
    for cohort in range(first, last + 1):
        size = Cell(sizes.get(cohort, 0), sizes.get(cohort, 0))
        protected_size = protect_series({}, total=size, settings=settings).total
        assert protected_size is not None
        points.append(CohortPoint.of(cohort, None, "cohort_companies", protected_size))
        for years in YEARS_AFTER:
            if cohort + years >= as_of.year:
                break
            active, native = found.get((cohort, years), (0, 0))
            points.extend(_shares(cohort, years, "active", active, size, settings))
            points.extend(_shares(cohort, years, "ai_native", native, size, settings))
    return points


def _shares(
    cohort: int, years: int, name: str, count: int, size: Cell, settings: DisclosureSettings
) -> list[CohortPoint]:
    """The count and share of a cohort with a property, its complement protected with it against the size."""
    parts: Mapping[str, Cell] = {"yes": Cell(count, count), "no": Cell(size.value - count, size.contributors - count)}
    protected = protect_series(parts, total=size, settings=settings)
    assert protected.total is not None
    counted = protected.cells["yes"]
    if protected.total.suppressed:
        counted = ProtectedCell(None, True, protected.total.reason)
    value = None if size.contributors == 0 else rate(count, size.contributors)
    share = derived(value, base_companies=int(size.contributors), settings=settings, parts=(counted,))
    return [
        CohortPoint.of(cohort, years, f"cohort_{name}", counted),
        CohortPoint.of(cohort, years, f"cohort_share_{name}", share),
    ]
