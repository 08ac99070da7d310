"""Queries over declarations: which filing of each period counts."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from registry.declarations.models import Declaration
from registry.declarations.periods import period_end

__all__ = ["current_declarations", "current_for_period"]


async def current_declarations(session: AsyncSession, company_id: uuid.UUID) -> list[Declaration]:
    """The newest filing of each period of a company, in period order."""
    rows = list(
        await session.scalars(
            select(Declaration)
            .where(Declaration.company_id == company_id)
            .ext(distinct_on(Declaration.fiscal_year, Declaration.quarter))
            .order_by(Declaration.fiscal_year, Declaration.quarter, Declaration.filed_at.desc())
        )
    )
    return sorted(rows, key=lambda d: (period_end(d.fiscal_year, d.quarter), d.quarter is None, d.filed_at))


async def current_for_period(
    session: AsyncSession, company_id: uuid.UUID, year: int, quarter: int | None
) -> Declaration | None:
    """The filing that counts for one period, if any."""
    quarter_condition = Declaration.quarter.is_(None) if quarter is None else Declaration.quarter == quarter
    return await session.scalar(
        select(Declaration)
        .where(Declaration.company_id == company_id, Declaration.fiscal_year == year, quarter_condition)
        .order_by(Declaration.filed_at.desc())
        .limit(1)
    )
