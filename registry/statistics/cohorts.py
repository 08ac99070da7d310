"""Registration-year cohorts: of the companies registered in year Y, how many are active and AI-native n years on.

A cohort is the companies the registry knew at ``known_at`` with their registration day in its year, in the region
they were registered in. Its size is public (registrations are) and published exactly.

A company is active in a fiscal year when its declaration for that year reports revenue or employees (Eurostat's
active enterprise: turnover or employment in the year); it is AI-native in that year when it is active and that
declaration's class is ``ai_native``. "Its declaration for a year" is the newest filed by ``known_at``, the annual
one before the quarterly ones. Being active comes from declared figures, so these counts are confidential: they are
computed company by company for a release, which protects them (:mod:`licensing.release_protection`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import ColumnElement, Integer, cast, extract, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.history.queries import first_known
from registry.statistics.known_flows import known_flow_counts
from registry.statistics.series import check_years
from registry.statistics.states import KNOWN

__all__ = ["YEARS_AFTER", "CohortRow", "cohort_rows", "cohort_sizes", "history_cohort_sizes"]

YEARS_AFTER = range(1, 6)
"""A cohort is followed for five years after the year it registered in."""


async def cohort_sizes(
    session: AsyncSession, *, first: int, last: int, region: str | None, known_at: datetime
) -> dict[int, int]:
    """How many companies registered in each year ``first..last`` (in ``region``), as known at ``known_at``.

    The companies of the registrations flow in each year (:mod:`registry.statistics.known_flows`: a registration is
    the first day of the history known then, in the region of that day), so the reading does not grow with the
    register; :func:`history_cohort_sizes` is the definition it is tested against.

    Raises:
        InvalidInput: ``last`` is before ``first`` or the range is too long.
    """
    check_years(first, last)
    counts = await known_flow_counts(
        session,
        metric="companies_registered",
        interval="year",
        start=date(first, 1, 1),
        end=date(last, 12, 31),
        group_by=None,
        region=region,
        known_at=known_at,
    )
    return {count.period.year: count.contributors for count in counts if count.contributors}


async def history_cohort_sizes(
    session: AsyncSession, *, first: int, last: int, region: str | None, known_at: datetime
) -> dict[int, int]:
    """The sizes of :func:`cohort_sizes` read from the history: each company's first row known at ``known_at``."""
    check_years(first, last)
    companies = first_known(known_at)
    cohort_year = cast(extract("year", companies.c.registration_date), Integer)
    in_cohorts: list[ColumnElement[bool]] = [cohort_year.between(first, last)]
    if region is not None:
        in_cohorts.append(companies.c.region_kato == region)
    rows = await session.execute(select(cohort_year, func.count()).where(*in_cohorts).group_by(cohort_year))
    return {int(year): int(count) for year, count in rows.all()}


class CohortRow(NamedTuple):
    """A company of a cohort in fiscal year ``cohort + years_after``."""

    company_id: str
    cohort: int
    years_after: int
    active: bool
    ai_native: bool


_ROWS = f"""
WITH cohort AS (
    SELECT DISTINCT ON (h.company_id) h.company_id, extract(year FROM h.valid_from)::int AS cohort
    FROM company_history h WHERE {KNOWN}
    ORDER BY h.company_id, h.valid_from
),
yearly AS (
    SELECT DISTINCT ON (d.company_id) d.company_id, d.ai_class,
           (d.revenue_total > 0 OR d.fte_total > 0) AS active
    FROM declarations d
    WHERE d.fiscal_year = :year AND d.filed_at <= :known_at
    ORDER BY d.company_id, coalesce(d.quarter, 5) DESC, d.filed_at DESC, d.id DESC
)
SELECT c.company_id::text, c.cohort, :year - c.cohort, coalesce(y.active, false),
       coalesce(y.active AND y.ai_class = 'ai_native', false)
FROM cohort c LEFT JOIN yearly y ON y.company_id = c.company_id
WHERE c.cohort BETWEEN :year - {YEARS_AFTER.stop - 1} AND :year - {YEARS_AFTER.start}
ORDER BY c.company_id
"""  # noqa: S608 - built from constants


async def cohort_rows(session: AsyncSession, *, year: int, known_at: datetime) -> list[CohortRow]:
    """Every company of the cohorts followed in fiscal year ``year`` (registered 1-5 years before it)."""
    rows = await session.execute(text(_ROWS), {"known_at": known_at, "year": year})
    return [CohortRow(str(c), int(k), int(n), bool(a), bool(i)) for c, k, n, a, i in rows.all()]
