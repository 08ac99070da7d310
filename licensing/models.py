"""Licensing tables: applications, their evidence and documents, licences, and the gapless number counters."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base, TimestampedMixin

__all__ = [
    "OPEN_APPLICATION_STATES",
    "Application",
    "EvidenceDocument",
    "EvidenceItem",
    "Licence",
    "LicenceCounter",
    "LicenceDailyDelta",
    "LicenceHistory",
    "LicenceKnownDelta",
    "LicenceKnownMonthlyDelta",
    "LicenceKnownSpan",
    "LicenceMonthlyDelta",
    "LicenceSpan",
]

APPLICATION_STATES = "('draft', 'submitted', 'in_review', 'approved', 'rejected', 'sent_back', 'withdrawn')"
LICENCE_TYPES = "('ai_native', 'standard_digital')"
OPEN_APPLICATION_STATES = ("draft", "submitted", "in_review", "sent_back")
"""The states in which an application is still open: a company has at most one open application of a type."""
_OPEN_APPLICATION = "state IN ({})".format(", ".join(f"'{state}'" for state in OPEN_APPLICATION_STATES))


class Application(TimestampedMixin, Base):
    """A company's application for a licence, moving through the workflow's states."""

    __tablename__ = "licence_applications"
    __table_args__ = (
        CheckConstraint(f"state IN {APPLICATION_STATES}", name="state_known"),
        CheckConstraint(f"licence_type IN {LICENCE_TYPES}", name="licence_type_known"),
        Index("ix_licence_applications_state_submitted_at", "state", "submitted_at"),
        Index("ix_licence_applications_company_id", "company_id"),
        # Of two simultaneous creations only one can pass; the other is refused here (migration 0012).
        Index(
            "uq_licence_applications_one_open",
            "company_id",
            "licence_type",
            unique=True,
            postgresql_where=text(_OPEN_APPLICATION),
        ),
    )

    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id"))
    licence_type: Mapped[str] = mapped_column(String(20))
    declaration_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("declarations.id"))
    state: Mapped[str] = mapped_column(String(12), server_default=text("'draft'"), default="draft")
    version: Mapped[int] = mapped_column(server_default=text("1"), default=1)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("accounts.id"))
    renewal_of: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("licences.id", use_alter=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("accounts.id"))
    first_action_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_action_due: Mapped[date | None] = mapped_column(Date)
    """5 working days after the latest submission (Kazakhstan's calendar)."""
    decision_due: Mapped[date | None] = mapped_column(Date)
    """15 working days after the latest submission."""
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    evaluation: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    send_back_notes: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    reason_code: Mapped[str | None] = mapped_column(String(40))
    decision_text: Mapped[str | None] = mapped_column(String(4000))
    founder_note: Mapped[str | None] = mapped_column(String(4000))


class EvidenceDocument(Base):
    """An uploaded file (PDF, PNG or JPEG, checked by content), stored with its SHA-256."""

    __tablename__ = "evidence_documents"
    __table_args__ = (
        CheckConstraint("media_type IN ('application/pdf', 'image/png', 'image/jpeg')", name="media_type_known"),
        CheckConstraint("size_bytes > 0 AND size_bytes <= 10485760", name="size_limit"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    sha256: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(32))
    size_bytes: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class EvidenceItem(TimestampedMixin, Base):
    """A piece of evidence attached to an application: a URL or an uploaded document, with a description."""

    __tablename__ = "application_evidence"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('code_repository', 'model_card', 'client_letter', 'invoice', 'public_product_page', 'other')",
            name="kind_known",
        ),
        CheckConstraint("(url IS NULL) <> (document_id IS NULL)", name="url_or_document"),
        Index("ix_application_evidence_application_id", "application_id"),
    )

    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("licence_applications.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    description: Mapped[str] = mapped_column(String(2000))
    url: Mapped[str | None] = mapped_column(String(2000))
    document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("evidence_documents.id"))
    added_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("accounts.id"))


class Licence(TimestampedMixin, Base):
    """An issued licence. ``expired`` is not stored: it follows from ``valid_until``."""

    __tablename__ = "licences"
    __table_args__ = (
        CheckConstraint(f"licence_type IN {LICENCE_TYPES}", name="licence_type_known"),
        CheckConstraint("status IN ('active', 'suspended', 'revoked')", name="status_known"),
        CheckConstraint("valid_until >= valid_from", name="valid_range"),
        CheckConstraint("serial BETWEEN 1 AND 99999", name="serial_range"),
        # At most one licence of a type per company in force over any day (a revoked one no longer counts).
        ExcludeConstraint(
            ("company_id", "="),
            ("licence_type", "="),
            (text("daterange(valid_from, valid_until, '[]')"), "&&"),
            where=text("status <> 'revoked'"),
            name="one_licence_of_a_type_at_a_time",
            using="gist",
        ),
        Index("uq_licences_type_year_serial", "licence_type", "year", "serial", unique=True),
        Index("ix_licences_company_id", "company_id"),
    )

    number: Mapped[str] = mapped_column(String(20), unique=True)
    licence_type: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(SmallInteger)
    serial: Mapped[int] = mapped_column(Integer)
    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id"))
    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("licence_applications.id"), unique=True)
    status: Mapped[str] = mapped_column(String(12), server_default=text("'active'"), default="active")
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    status_reason_code: Mapped[str | None] = mapped_column(String(40))
    status_text: Mapped[str | None] = mapped_column(String(4000))
    version: Mapped[int] = mapped_column(server_default=text("1"), default=1)


class LicenceCounter(Base):
    """The last serial issued per licence type and year; its row lock makes numbering gapless."""

    __tablename__ = "licence_counters"

    licence_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    last_serial: Mapped[int] = mapped_column(BigInteger)


class LicenceDailyDelta(Base):
    """Active licences coming into force minus going out of force on a day, per holder's region and type.

    A licence with status ``active`` counts +1 on ``valid_from`` and -1 the day after ``valid_until``: the licences
    in force on a day are the sum of the deltas up to it. Kept current by triggers (migration 0004).
    """

    __tablename__ = "licence_daily_deltas"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    region_kato: Mapped[str] = mapped_column(String(9), primary_key=True)
    licence_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    licences: Mapped[int] = mapped_column(Integer)


class LicenceMonthlyDelta(Base):
    """The daily licence deltas summed per month (``month`` is its first day)."""

    __tablename__ = "licence_monthly_deltas"

    month: Mapped[date] = mapped_column(Date, primary_key=True)
    region_kato: Mapped[str] = mapped_column(String(9), primary_key=True)
    licence_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    licences: Mapped[int] = mapped_column(Integer)


class LicenceSpan(Base):
    """From ``valid_from`` until the day before ``valid_to`` a licence was in force in its holder's region.

    Derived by triggers from the licence's status history and its holder's history (``licence_rollups.sql``); the
    licence deltas add these up.
    """

    __tablename__ = "licence_spans"
    __table_args__ = (Index("ix_licence_spans_company_id", "company_id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    licence_id: Mapped[uuid.UUID]
    company_id: Mapped[uuid.UUID]
    region_kato: Mapped[str] = mapped_column(String(9))
    licence_type: Mapped[str] = mapped_column(String(20))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)


class LicenceKnownSpan(Base):
    """From ``valid_from`` until the day before ``valid_to`` a licence was in force in its holder's region.

    As the registry knew from ``recorded_at`` until ``superseded_at`` (``None`` while it still knows it), on the
    status history and the holder's history recorded by then: every version is kept, so licences in force as known
    at a moment add up checkpoints' deltas (``licence_rollups.sql``).
    """

    __tablename__ = "licence_known_spans"
    __table_args__ = (
        Index("ix_licence_known_spans_company_id", "company_id"),
        Index("ix_licence_known_spans_recorded_at", "recorded_at"),
        Index("ix_licence_known_spans_superseded_at", "superseded_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    licence_id: Mapped[uuid.UUID]
    company_id: Mapped[uuid.UUID]
    region_kato: Mapped[str] = mapped_column(String(9))
    licence_type: Mapped[str] = mapped_column(String(20))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LicenceKnownDelta(Base):
    """A checkpoint's change of the licences of a type in force in a region from a day on.

    Licences in force on a day as known at a moment are the deltas up to the day of the checkpoints up to the moment,
    plus the spans stamped after the last of them.
    """

    __tablename__ = "licence_known_deltas"
    __table_args__ = (Index("ix_licence_known_deltas_day", "day"),)

    checkpoint_id: Mapped[int] = mapped_column(
        ForeignKey("statistics_checkpoints.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    region_kato: Mapped[str] = mapped_column(String(9), primary_key=True)
    licence_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    licences: Mapped[int] = mapped_column(Integer)


class LicenceKnownMonthlyDelta(Base):
    """A checkpoint's licence deltas summed per month (``month`` is its first day)."""

    __tablename__ = "licence_known_monthly_deltas"
    __table_args__ = (Index("ix_licence_known_monthly_deltas_month", "month"),)

    checkpoint_id: Mapped[int] = mapped_column(
        ForeignKey("statistics_checkpoints.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    region_kato: Mapped[str] = mapped_column(String(9), primary_key=True)
    licence_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    licences: Mapped[int] = mapped_column(Integer)


class LicenceHistory(Base):
    """A period of a licence's status, in valid time and transaction time.

    From ``valid_from`` until the day before ``valid_to`` the licence had ``status``, as recorded at
    ``recorded_at`` and known until ``superseded_at``; kept by triggers (``licence_history.sql``).
    """

    __tablename__ = "licence_history"
    __table_args__ = (
        CheckConstraint("valid_from < valid_to", name="valid_range"),
        CheckConstraint("superseded_at IS NULL OR superseded_at >= recorded_at", name="known_range"),
        Index("ix_licence_history_licence_id", "licence_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    licence_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("licences.id", ondelete="CASCADE"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date, server_default=text("'infinity'"))
    status: Mapped[str] = mapped_column(String(12))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
