"""The base of the pivot rate as known at a moment, company by company: who was at risk of pivoting on a day.

A company is at risk on a day when the history recorded by ``known_at`` has it active that day and the class of its
latest declared period ended by then (as filed by ``known_at``) is ai_enabled or non_ai
(:func:`registry.statistics.flows.pivot_risk_base` defines it for everything recorded so far). The reading for
every company is the definition (:func:`registry.statistics.rates.known_pivot_risk_base`); the checkpoints recount
only some (:mod:`registry.statistics.known_accounts`).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from typing import TypeAlias

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.statistics.states import KNOWN, PERIOD_END

__all__ = ["RiskBase", "at_risk_on", "risk_base_rows"]

RiskBase: TypeAlias = Counter[tuple[date, str]]
"""Companies at risk per (day, KATO region)."""

_AT_RISK = f"""
WITH winners AS (
    -- Each company's declared class for each period end, as filed by then (for one period end, the annual
    -- declaration before a fourth quarter's, then the newest filing).
    SELECT DISTINCT ON (d.company_id, {PERIOD_END}) d.company_id, {PERIOD_END} AS period_end, d.ai_class
    FROM declarations d
    WHERE d.filed_at <= :known_at AND {PERIOD_END} <= :last_day{{only}}
    ORDER BY d.company_id, {PERIOD_END}, d.quarter IS NULL DESC, d.filed_at DESC, d.id DESC
), classes AS (
    -- The class of the latest declared period holds from its end until the next declared period's end.
    SELECT w.company_id, w.ai_class, w.period_end AS holds_from,
           lead(w.period_end) OVER (PARTITION BY w.company_id ORDER BY w.period_end) AS holds_until
    FROM winners w
)
SELECT s.day, h.region_kato, count(h.company_id)
FROM unnest(CAST(:days AS date[])) AS s(day)
JOIN classes c ON c.holds_from <= s.day AND (c.holds_until IS NULL OR c.holds_until > s.day)
    AND c.ai_class IN ('ai_enabled', 'non_ai')
JOIN company_history h ON h.company_id = c.company_id
    AND {KNOWN} AND h.valid_from <= s.day AND h.valid_to > s.day AND h.status = 'active'
GROUP BY s.day, h.region_kato
"""  # noqa: S608 - built from constants


async def risk_base_rows(
    session: AsyncSession,
    *,
    days: Sequence[date],
    known_at: datetime,
    companies: Sequence[uuid.UUID] | None = None,
) -> RiskBase:
    """The companies at risk on each of ``days`` per region, as known at ``known_at`` (only ``companies``' if given)."""
    if not days or (companies is not None and not companies):
        return Counter()
    binds: dict[str, object] = {"known_at": known_at, "days": sorted(set(days)), "last_day": max(days)}
    only = ""
    if companies is not None:
        only, binds["companies"] = " AND d.company_id = ANY(CAST(:companies AS uuid[]))", list(companies)
    rows: RiskBase = Counter()
    for day, region, count in (await session.execute(text(_AT_RISK.format(only=only)), binds)).all():
        rows[day, str(region)] += int(count)
    return rows


def at_risk_on(rows: RiskBase, day: date, region: str | None) -> int:
    """The companies of ``rows`` at risk on ``day``, in ``region`` (the country when ``None``)."""
    return sum(companies for (found, kato), companies in rows.items() if found == day and region in (None, kato))
