"""Rollup tables behind the as-of summary, kept current by triggers in the transaction of every change.

A company's **spans** say which bucket it is in from one day to the next: ``undeclared`` from its registration
until its first declaration counts, then the class (and AI FTE) of its newest declaration, as the summary defines
it. The **delta** tables hold, per day (and per month), region and bucket, how many companies enter minus leave it
and the change in AI FTE: the stock as of a day is the sum of the deltas up to it. Only active companies have spans.

The **flow facts** and **flow monthly counts** hold every flow (pivot events, applications, decisions, licences
issued and sanctioned) per company and day, and per month, region and breakdown, with first-in-period marks that
make distinct companies additive; the **pivot risk** tables hold the base of the pivot rate.

The triggers and the SQL that derives the rollups live in migrations 0004 and 0005 (see
:mod:`registry.statistics.rollups` and :mod:`registry.statistics.flows`).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Identity, Index, Integer, Numeric, String, text
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base

__all__ = [
    "AccountCheckpoint",
    "AccountKnownDelta",
    "FlowFact",
    "FlowKnownFact",
    "FlowKnownMonthlyCount",
    "FlowMetricSource",
    "FlowMonthlyCount",
    "PivotRiskMonthlyDelta",
    "PivotRiskSpan",
    "StatisticsCheckpoint",
    "SummaryDailyDelta",
    "SummaryKnownDelta",
    "SummaryKnownMonthlyDelta",
    "SummaryMonthlyDelta",
    "SummarySpan",
]


class SummarySpan(Base):
    """From ``valid_from`` until the day before ``valid_to``, an active company is in ``ai_class`` with ``fte_ai``.

    As the registry knew from ``recorded_at`` until ``superseded_at`` (``None`` while it still knows it): every
    version is kept, so stocks as known at a moment add up checkpoints' deltas (``known_rollups.sql``).
    """

    __tablename__ = "summary_company_spans"
    __table_args__ = (
        Index("ix_summary_company_spans_company_id", "company_id"),
        Index("ix_summary_company_spans_recorded_at", "recorded_at"),
        Index("ix_summary_company_spans_superseded_at", "superseded_at"),
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
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    """The company's latest moment of knowledge (a history row recorded or superseded, a declaration filed) then."""
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class StatisticsCheckpoint(Base):
    """A moment up to which the spans' changes are summed into per-day deltas (:class:`SummaryKnownDelta`)."""

    __tablename__ = "statistics_checkpoints"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    upto: Mapped[datetime] = mapped_column(DateTime(timezone=True), unique=True)
    """Every span recorded or superseded by then (and after the checkpoint before) is summed."""


class AccountCheckpoint(Base):
    """A checkpoint that also holds the stock-flow account's changes (:class:`AccountKnownDelta`), for its years."""

    __tablename__ = "account_checkpoints"

    checkpoint_id: Mapped[int] = mapped_column(
        ForeignKey("statistics_checkpoints.id", ondelete="CASCADE"), primary_key=True
    )
    first_year: Mapped[int] = mapped_column(Integer)
    last_year: Mapped[int] = mapped_column(Integer)
    """The fiscal years whose accounts (per year and per quarter) the checkpoints up to this one hold in full."""


class AccountKnownDelta(Base):
    """A checkpoint's change of one figure of the stock-flow account: a period's flow (or stock) for a group.

    The account as known at a moment is the sum of the deltas of the account checkpoints up to the moment, plus the
    figures of the companies changed since the last of them recounted at the moment, minus theirs at its ``upto``.
    """

    __tablename__ = "account_known_deltas"
    __table_args__ = (Index("ix_account_known_deltas_period", "period", "dimension"),)

    checkpoint_id: Mapped[int] = mapped_column(
        ForeignKey("account_checkpoints.checkpoint_id", ondelete="CASCADE"), primary_key=True
    )
    period: Mapped[str] = mapped_column(String(7), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)
    grp: Mapped[str] = mapped_column(String(32), primary_key=True)
    flow: Mapped[str] = mapped_column(String(16), primary_key=True)
    companies: Mapped[int] = mapped_column(Integer)


class SummaryKnownDelta(Base):
    """A checkpoint's change of the companies (and AI FTE) in a bucket from a day on, per region.

    The stock on a day as known at a moment is the sum of the deltas up to the day of the checkpoints up to the
    moment, plus the spans stamped after the last of them.
    """

    __tablename__ = "summary_known_deltas"
    __table_args__ = (Index("ix_summary_known_deltas_day", "day"),)

    checkpoint_id: Mapped[int] = mapped_column(
        ForeignKey("statistics_checkpoints.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    region_kato: Mapped[str] = mapped_column(String(9), primary_key=True)
    ai_class: Mapped[str] = mapped_column(String(16), primary_key=True)
    companies: Mapped[int] = mapped_column(Integer)
    fte_ai: Mapped[Decimal] = mapped_column(Numeric(16, 2))


class SummaryKnownMonthlyDelta(Base):
    """A checkpoint's deltas summed per month (``month`` is its first day)."""

    __tablename__ = "summary_known_monthly_deltas"
    __table_args__ = (Index("ix_summary_known_monthly_deltas_month", "month"),)

    checkpoint_id: Mapped[int] = mapped_column(
        ForeignKey("statistics_checkpoints.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    region_kato: Mapped[str] = mapped_column(String(9), primary_key=True)
    ai_class: Mapped[str] = mapped_column(String(16), primary_key=True)
    companies: Mapped[int] = mapped_column(Integer)
    fte_ai: Mapped[Decimal] = mapped_column(Numeric(16, 2))


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


class FlowFact(Base):
    """How many rows of a flow a company had on a day (per licence type), with its breakdowns and first marks.

    ``first_month`` is 1 when this is the company's first row of the flow in its calendar month (over all licence
    types); ``first_month_of_type`` when it is the first within its licence type; likewise for quarters and years.
    The breakdowns are the company's as they are now (region, legal form, primary activity's section and division).
    """

    __tablename__ = "flow_facts"
    __table_args__ = (
        Index("ix_flow_facts_company_id", "company_id"),
        Index("ix_flow_facts_metric_day", "metric", "day"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    metric: Mapped[str] = mapped_column(String(32))
    company_id: Mapped[uuid.UUID]
    day: Mapped[date] = mapped_column(Date)
    licence_type: Mapped[str] = mapped_column(String(20))
    """The licence type, or an empty string for flows without one."""
    region_kato: Mapped[str] = mapped_column(String(9))
    legal_form: Mapped[str] = mapped_column(String(32))
    section: Mapped[str] = mapped_column(String(4))
    division: Mapped[str] = mapped_column(String(8))
    events: Mapped[int] = mapped_column(Integer)
    first_month: Mapped[int] = mapped_column(Integer)
    first_quarter: Mapped[int] = mapped_column(Integer)
    first_year: Mapped[int] = mapped_column(Integer)
    first_month_of_type: Mapped[int] = mapped_column(Integer)
    first_quarter_of_type: Mapped[int] = mapped_column(Integer)
    first_year_of_type: Mapped[int] = mapped_column(Integer)


class FlowMonthlyCount(Base):
    """A flow's facts summed per month, region and one breakdown ``dim`` (empty for none) and its group ``grp``.

    ``first_month`` (``first_quarter``, ``first_year``) sums the facts' first marks: for the licence-type breakdown
    the marks within the type, otherwise over all types.
    """

    __tablename__ = "flow_monthly_counts"
    __table_args__ = (Index("ix_flow_monthly_counts_metric_dim_month", "metric", "dim", "month", "region_kato"),)

    metric: Mapped[str] = mapped_column(String(32), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    region_kato: Mapped[str] = mapped_column(String(9), primary_key=True)
    dim: Mapped[str] = mapped_column(String(20), primary_key=True)
    grp: Mapped[str] = mapped_column(String(32), primary_key=True)
    events: Mapped[int] = mapped_column(Integer)
    first_month: Mapped[int] = mapped_column(Integer)
    first_quarter: Mapped[int] = mapped_column(Integer)
    first_year: Mapped[int] = mapped_column(Integer)


class FlowKnownFact(Base):
    """A version of a company's flow fact (as :class:`FlowFact`), known from ``recorded_at`` until ``superseded_at``.

    Every version is kept (``None`` while still known): its breakdowns are those the history known then gives for
    the day, its marks those of the company's facts known then, so flows as known at a moment add up checkpoints'
    counts (``known_flow_facts.sql``).
    """

    __tablename__ = "flow_known_facts"
    __table_args__ = (
        Index("ix_flow_known_facts_company_id", "company_id"),
        Index("ix_flow_known_facts_recorded_at", "recorded_at"),
        Index("ix_flow_known_facts_superseded_at", "superseded_at"),
        Index("ix_flow_known_facts_metric_day", "metric", "day"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    metric: Mapped[str] = mapped_column(String(32))
    company_id: Mapped[uuid.UUID]
    day: Mapped[date] = mapped_column(Date)
    licence_type: Mapped[str] = mapped_column(String(20))
    region_kato: Mapped[str] = mapped_column(String(9))
    legal_form: Mapped[str] = mapped_column(String(32))
    section: Mapped[str] = mapped_column(String(4))
    division: Mapped[str] = mapped_column(String(8))
    events: Mapped[int] = mapped_column(Integer)
    first_month: Mapped[int] = mapped_column(Integer)
    first_quarter: Mapped[int] = mapped_column(Integer)
    first_year: Mapped[int] = mapped_column(Integer)
    first_month_of_type: Mapped[int] = mapped_column(Integer)
    first_quarter_of_type: Mapped[int] = mapped_column(Integer)
    first_year_of_type: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    """The company's moment of knowledge from which the fact was known (a source row or history row stamped)."""
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class FlowKnownMonthlyCount(Base):
    """A checkpoint's change of a flow's facts per month, region and breakdown (as :class:`FlowMonthlyCount`)."""

    __tablename__ = "flow_known_monthly_counts"
    __table_args__ = (Index("ix_flow_known_monthly_counts_metric_dim_month", "metric", "dim", "month"),)

    checkpoint_id: Mapped[int] = mapped_column(
        ForeignKey("statistics_checkpoints.id", ondelete="CASCADE"), primary_key=True
    )
    metric: Mapped[str] = mapped_column(String(32), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    region_kato: Mapped[str] = mapped_column(String(9), primary_key=True)
    dim: Mapped[str] = mapped_column(String(20), primary_key=True)
    grp: Mapped[str] = mapped_column(String(32), primary_key=True)
    events: Mapped[int] = mapped_column(Integer)
    first_month: Mapped[int] = mapped_column(Integer)
    first_quarter: Mapped[int] = mapped_column(Integer)
    first_year: Mapped[int] = mapped_column(Integer)


class FlowMetricSource(Base):
    """Which flows each source table yields, so a change to one table recomputes only its flows' facts."""

    __tablename__ = "flow_metric_sources"

    source: Mapped[str] = mapped_column(String(20), primary_key=True)
    metric: Mapped[str] = mapped_column(String(32), primary_key=True)


class PivotRiskSpan(Base):
    """From ``from_month`` until the month before ``to_month`` a company is at risk of pivoting to AI."""

    __tablename__ = "pivot_risk_spans"
    __table_args__ = (Index("ix_pivot_risk_spans_company_id", "company_id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    company_id: Mapped[uuid.UUID]
    from_month: Mapped[date] = mapped_column(Date)
    region_kato: Mapped[str] = mapped_column(String(9))
    to_month: Mapped[date] = mapped_column(Date)


class PivotRiskMonthlyDelta(Base):
    """Companies entering minus leaving the pivot-rate base at the start of a month, per region."""

    __tablename__ = "pivot_risk_monthly_deltas"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    region_kato: Mapped[str] = mapped_column(String(9), primary_key=True)
    companies: Mapped[int] = mapped_column(Integer)
