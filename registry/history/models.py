"""A company's facts over time, in valid time and transaction time, kept by triggers (``company_history.sql``).

The current-state columns of ``companies`` stay the fast path; this table is what statistics read when they must
answer "what held on that day, as the registry knew it then".
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, DateTime, ForeignKey, Identity, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base

__all__ = ["CompanyHistory"]


class CompanyHistory(Base):
    """A period of a company's facts, in valid time and transaction time.

    From ``valid_from`` until the day before ``valid_to`` the company had these facts, as recorded at
    ``recorded_at`` and known until ``superseded_at`` (``None`` while still known).
    """

    __tablename__ = "company_history"
    __table_args__ = (
        CheckConstraint("valid_from < valid_to", name="valid_range"),
        CheckConstraint("superseded_at IS NULL OR superseded_at >= recorded_at", name="known_range"),
        Index("ix_company_history_company_id", "company_id", "valid_from"),
        Index("ix_company_history_valid_from", "valid_from"),
        Index("ix_company_history_recorded_at", "recorded_at"),
        Index("ix_company_history_superseded_at", "superseded_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date, server_default=text("'infinity'"))
    """The first day the facts no longer held (``infinity`` while they do)."""
    status: Mapped[str] = mapped_column(String(16))
    region_kato: Mapped[str] = mapped_column(String(9))
    legal_form: Mapped[str] = mapped_column(String(32))
    primary_oked: Mapped[str | None] = mapped_column(String(8))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
