"""Official statistics releases and the public release calendar (migration 0006).

A release row is immutable: a trigger refuses every UPDATE and DELETE, so a published release cannot change.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from registry.accounts.models import Account
from registry.database import Base, utc_now

__all__ = ["ReleaseCalendarEntry", "ReleaseInputs", "StatisticsRelease"]


class StatisticsRelease(Base):
    """A numbered, immutable snapshot of the official table set for a fiscal year."""

    __tablename__ = "statistics_releases"
    __table_args__ = (
        UniqueConstraint("period", "revision"),
        CheckConstraint("revision >= 1", name="revision_positive"),
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="sha256_hex"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    """The release number, one sequence for all periods."""
    period: Mapped[int] = mapped_column(SmallInteger)
    """The fiscal year the release describes."""
    revision: Mapped[int] = mapped_column(Integer)
    """1 for the first release of the period; each later one is a revision of it."""
    known_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    """The moment whose knowledge the figures show (declarations filed and companies recorded before it)."""
    provisional: Mapped[bool]
    """The period's declaration deadline had not passed at ``known_at``."""
    rubric_version: Mapped[int] = mapped_column(Integer)
    code_version: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    """SHA-256 of ``content``."""
    content: Mapped[bytes] = mapped_column(LargeBinary)
    """The canonical JSON of the release's tables (:func:`registry.statistics.observations.canonical_json`)."""
    protection: Mapped[bytes | None] = mapped_column(LargeBinary)
    """Why each withheld cell is withheld (JSON; staff only, outside the content and its hash)."""
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey(Account.id))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), default=utc_now)


class ReleaseInputs(Base):
    """What a release's confidential tables were built from, company by company (migration 0022; immutable).

    Never served: later releases read it to protect themselves against this one
    (:mod:`licensing.release_inputs`).
    """

    __tablename__ = "statistics_release_inputs"

    release_id: Mapped[int] = mapped_column(BigInteger, ForeignKey(StatisticsRelease.id), primary_key=True)
    rows: Mapped[bytes] = mapped_column(LargeBinary)
    """The release's ``ConfidentialRows`` as zlib-compressed msgpack."""


class ReleaseCalendarEntry(Base):
    """A planned release: which dataset, for which period, on which day."""

    __tablename__ = "release_calendar"
    __table_args__ = (UniqueConstraint("dataset", "period"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    dataset: Mapped[str] = mapped_column(String(64))
    period: Mapped[int] = mapped_column(SmallInteger)
    planned_date: Mapped[date] = mapped_column(Date)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey(Account.id))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), default=utc_now)
