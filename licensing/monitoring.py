"""Monitoring of the AI-native track: licence holders that may no longer qualify."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.models import Licence
from licensing.schemas import MonitoringItem
from registry.companies.models import Company
from registry.declarations.models import Declaration
from registry.declarations.periods import period_key
from registry.i18n import Text

__all__ = ["ai_licence_watchlist"]

_CLASS_WORDS = {
    "ai_enabled": Text(kk="«ЖИ қолданатын» сыныбы", ru="класс «применяющая ИИ»", en="class AI-enabled"),
    "non_ai": Text(kk="«ЖИ қолданбайтын» сыныбы", ru="класс «без ИИ»", en="class non-AI"),
}
"""The class a declaration gives, as the monitoring reason names it (``latest_class`` keeps the code)."""

REASONS = {
    "no_longer_ai_native": Text(
        kk="Соңғы декларация бойынша компания енді AI-native емес ({period} кезеңі: {ai_class}).",
        ru="По последней декларации компания больше не AI-native (период {period}: {ai_class}).",
        en="The latest declaration no longer classifies as AI-native ({period}: {ai_class}).",
    ),
    "declaration_missing": Text(
        kk="Соңғы жабылған қаржы жылына ({year}) декларация берілмеген.",
        ru="Декларация за последний закрытый финансовый год ({year}) не подана.",
        en="No declaration has been filed for the last closed fiscal year ({year}).",
    ),
}


async def ai_licence_watchlist(session: AsyncSession, *, today: date) -> list[MonitoringItem]:
    """AI-native licence holders that may no longer qualify, with the reason.

    Listed: an active ai_native licence whose company's latest declaration is not ai_native, or that has not filed
    for the last closed fiscal year.
    """
    last_closed = today.year - 1
    latest = (
        select(Declaration.company_id, Declaration.fiscal_year, Declaration.quarter, Declaration.ai_class)
        .ext(distinct_on(Declaration.company_id))
        .order_by(
            Declaration.company_id,
            Declaration.fiscal_year.desc(),
            Declaration.quarter.desc().nulls_first(),
            Declaration.filed_at.desc(),
        )
        .subquery()
    )
    rows = await session.execute(
        select(Licence, Company, latest.c.fiscal_year, latest.c.quarter, latest.c.ai_class)
        .join(Company, Company.id == Licence.company_id)
        .outerjoin(latest, latest.c.company_id == Licence.company_id)
        .where(Licence.licence_type == "ai_native", Licence.status == "active", Licence.valid_until >= today)
        .order_by(Licence.valid_until)
    )
    items: list[MonitoringItem] = []
    for licence, company, year, quarter, ai_class in rows:
        period = period_key(year, quarter) if year is not None else None
        if year is None or year < last_closed:
            reason, text = "declaration_missing", REASONS["declaration_missing"].format(year=last_closed)
        elif ai_class != "ai_native":
            reason, text = (
                "no_longer_ai_native",
                REASONS["no_longer_ai_native"].format(
                    period=period, ai_class=_CLASS_WORDS.get(ai_class, Text(kk=ai_class, ru=ai_class, en=ai_class))
                ),
            )
        else:
            continue
        items.append(
            MonitoringItem(
                company_id=company.id,
                company_name=company.name_kk,
                licence_number=licence.number,
                valid_until=licence.valid_until,
                reason=reason,  # type: ignore[arg-type]
                reason_text=text.as_dict(),
                latest_period=period,
                latest_class=ai_class,
            )
        )
    return items
