"""Standard digital licences as non-native periods of a company's history, for pivot detection."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.models import Licence
from registry.declarations.models import Declaration
from registry.declarations.pivot_rules import STANDARD_LICENCE, ClassifiedPeriod

__all__ = ["standard_licence_periods"]


async def standard_licence_periods(session: AsyncSession, company_id: uuid.UUID) -> list[ClassifiedPeriod]:
    """One non-native period per standard digital licence the company held, dated by its first day.

    Holding the standard licence before an ai_native period makes that period a pivot to AI rather than an AI-native
    birth (DESIGN: "a standard digital licence held before").
    """
    # Only a licence held before the company was first AI-native says something about a pivot; one taken later
    # would otherwise read as a pivot away from AI, which it is not.
    first_native_year = await session.scalar(
        select(func.min(Declaration.fiscal_year)).where(
            Declaration.company_id == company_id, Declaration.ai_class == "ai_native"
        )
    )
    query = select(Licence).where(
        Licence.company_id == company_id, Licence.licence_type == "standard_digital", Licence.status != "revoked"
    )
    if first_native_year is not None:
        query = query.where(Licence.valid_from <= date(first_native_year, 12, 31))
    licences = await session.scalars(query.order_by(Licence.valid_from))
    return [
        ClassifiedPeriod(
            period_key=f"L-{licence.valid_from.year}",
            period_end=licence.valid_from,
            ai_class=STANDARD_LICENCE,
            ai_revenue_share=None,
            ai_talent_share=None,
        )
        for licence in licences
    ]
