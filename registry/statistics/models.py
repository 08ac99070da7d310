"""Rollup tables behind the as-of summary, kept current by triggers in the transaction of every change.

A company's **spans** say which bucket it is in from one day to the next: ``undeclared`` from its registration
until its first declaration counts, then the class (and AI FTE) of its newest declaration, as the summary defines
it. The **delta** tables hold, per day (and per month), region and bucket, how many companies enter minus leave it
and the change in AI FTE: the stock as of a day is the sum of the deltas up to it. Only active companies have spans.

The **registration counts** hold how many companies were registered per day (and month), region and legal form,
for the ``companies_registered`` flow.

The triggers and the SQL that derives the spans live in migration 0004 (see :mod:`registry.statistics.rollups`).
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import BigInteger, Date, Identity, Index, Integer, Numeric, String, text
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base

__all__ = [
    "RegistrationDailyCount",
    "RegistrationMonthlyCount",
    "SummaryDailyDelta",
    "SummaryMonthlyDelta",
    "SummarySpan",
]


class SummarySpan(Base):
    """From ``valid_from`` until the day before ``valid_to``, an active company is in ``ai_class`` with ``fte_ai``."""

    __tablename__ = "summary_company_spans"
    __table_args__ = (
        Index("ix_summary_company_spans_company_id", "company_id"),
        # The dominance rule's largest contributors: read backwards in AI FTE order, stop at the first valid ones.
        Index("ix_summary_company_spans_class_fte", "ai_class", "fte_ai"),
        Index("ix_summary_company_spans_region_class_fte", "region_kato", "ai_class", "fte_ai"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    company_id: Mapped[uuid.UUID]
    region_kato: Mapped[str] = mapped_column(String(9))
    ai_class: Mapped[str] = mapped_column(String(16))
    """``ai_native``, ``ai_enabled``, ``non_ai`` or ``undeclared``."""
    fte_ai: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date, server_default=text("'infinity'"))
    """The first day the span no longer holds (``infinity`` while it does)."""


class SummaryDailyDelta(Base):
    """Companies entering minus leaving a bucket on a day, and the change in its AI FTE."""

    __tablename__ = "summary_daily_deltas"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    region_kato: Mapped[str] = mapped_column(String(9), primary_key=True)
    ai_class: Mapped[str] = mapped_column(String(16), primary_key=True)
    companies: Mapped[int] = mapped_column(Integer)
    fte_ai: Mapped[Decimal] = mapped_column(Numeric(16, 2))


class SummaryMonthlyDelta(Base):
    """The daily deltas summed per month (``month`` is its first day), so a stock adds up a few hundred rows."""

    __tablename__ = "summary_monthly_deltas"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    region_kato: Mapped[str] = mapped_column(String(9), primary_key=True)
    ai_class: Mapped[str] = mapped_column(String(16), primary_key=True)
    companies: Mapped[int] = mapped_column(Integer)
    fte_ai: Mapped[Decimal] = mapped_column(Numeric(16, 2))


class RegistrationDailyCount(Base):
    """Companies registered on a day (whatever their status now), per region and legal form."""

    __tablename__ = "registration_daily_counts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    region_kato: Mapped[str] = mapped_column(String(9), primary_key=True)
    legal_form: Mapped[str] = mapped_column(String(32), primary_key=True)
    companies: Mapped[int] = mapped_column(Integer)


class RegistrationMonthlyCount(Base):
    """The daily registration counts summed per month (``month`` is its first day)."""

    __tablename__ = "registration_monthly_counts"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    region_kato: Mapped[str] = mapped_column(String(9), primary_key=True)
    legal_form: Mapped[str] = mapped_column(String(32), primary_key=True)
    companies: Mapped[int] = mapped_column(Integer)
