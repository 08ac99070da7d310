"""Tables of declarations, their AI products, rubric versions and pivot events."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base, utc_now

__all__ = ["Declaration", "DeclarationProduct", "PivotEventRecord", "RubricVersionRecord"]


class RubricVersionRecord(Base):
    """A published version of the AI-native rubric: its thresholds and the date it takes effect."""

    __tablename__ = "rubric_versions"
    __table_args__ = (CheckConstraint("version > 0", name="version_positive"),)

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    effective_from: Mapped[date] = mapped_column(Date, unique=True)
    thresholds: Mapped[dict[str, str]] = mapped_column(JSONB)
    notes: Mapped[str] = mapped_column(String(2000), server_default=text("''"))
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), default=utc_now)
    published_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("accounts.id"))


class Declaration(Base):
    """A filed yearly (or quarterly) AI declaration with the evaluation it got; never changed once filed.

    Filing again for the same period supersedes it: the newest filing for a period is the one that counts.
    """

    __tablename__ = "declarations"
    __table_args__ = (
        CheckConstraint("quarter IS NULL OR quarter BETWEEN 1 AND 4", name="quarter_range"),
        CheckConstraint("revenue_ai >= 0 AND revenue_ai <= revenue_total", name="revenue_ai_within_total"),
        CheckConstraint("fte_ai >= 0 AND fte_ai <= fte_total", name="fte_ai_within_total"),
        CheckConstraint("opex_ai >= 0 AND opex_ai <= opex_total", name="opex_ai_within_total"),
        CheckConstraint("ai_class IN ('ai_native', 'ai_enabled', 'non_ai')", name="ai_class_known"),
        Index("ix_declarations_company_period", "company_id", "fiscal_year", "quarter", "filed_at"),
        Index("ix_declarations_filed_at", "filed_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    fiscal_year: Mapped[int] = mapped_column(SmallInteger)
    quarter: Mapped[int | None] = mapped_column(SmallInteger)
    revenue_total: Mapped[int] = mapped_column(BigInteger)
    revenue_ai: Mapped[int] = mapped_column(BigInteger)
    fte_total: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    fte_ai: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    opex_total: Mapped[int] = mapped_column(BigInteger)
    opex_ai: Mapped[int] = mapped_column(BigInteger)
    owns_data_library: Mapped[bool]
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("declarations.id"))
    filed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    filed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("accounts.id"))
    rubric_version: Mapped[int] = mapped_column(ForeignKey("rubric_versions.version"))
    ai_class: Mapped[str] = mapped_column(String(16))
    ai_revenue_share: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    ai_talent_share: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    evaluation: Mapped[dict[str, Any]] = mapped_column(JSONB)


class DeclarationProduct(Base):
    """An AI product listed in a declaration."""

    __tablename__ = "declaration_products"
    __table_args__ = (
        CheckConstraint("provenance IN ('own_trained', 'fine_tuned', 'third_party_api')", name="provenance_known"),
        CheckConstraint("stage IN ('research', 'pilot', 'production')", name="stage_known"),
        CheckConstraint("cardinality(capabilities) > 0", name="has_capability"),
    )

    declaration_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("declarations.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(2000), server_default=text("''"))
    capabilities: Mapped[list[str]] = mapped_column(ARRAY(String(40)))
    is_core: Mapped[bool]
    provenance: Mapped[str] = mapped_column(String(20))
    stage: Mapped[str] = mapped_column(String(12))
    ai_system_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ai_systems.id"))
    """The system of the AI-systems register this product is (when the owner links them)."""


class PivotEventRecord(Base):
    """A detected pivot (or AI-native birth) of a company, labelled with the rubric version and series."""

    __tablename__ = "pivot_events"
    __table_args__ = (
        CheckConstraint("kind IN ('born_ai_native', 'pivot_to_ai', 'pivot_away')", name="kind_known"),
        Index("ix_pivot_events_company_series", "company_id", "series"),
        Index("ix_pivot_events_series_kind_period_end", "series", "kind", "to_period_end"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    series: Mapped[str] = mapped_column(String(32), server_default=text("'live'"))
    kind: Mapped[str] = mapped_column(String(16))
    from_class: Mapped[str | None] = mapped_column(String(20))
    to_class: Mapped[str] = mapped_column(String(20))
    from_period: Mapped[str | None] = mapped_column(String(8))
    to_period: Mapped[str] = mapped_column(String(8))
    to_period_end: Mapped[date] = mapped_column(Date)
    delta_ai_revenue_share: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    delta_ai_talent_share: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    months_since_registration: Mapped[int]
    rubric_version: Mapped[int | None] = mapped_column(ForeignKey("rubric_versions.version"))
    detected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    retracted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
