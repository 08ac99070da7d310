"""Event log tables: the events themselves and the head of their hash chain."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, Index, SmallInteger, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base

__all__ = ["Event", "EventChainHead"]


class Event(Base):
    """One state change: who did what to which resource, chained to the previous event by SHA-256."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("seq > 0", name="seq_positive"),
        Index("ix_events_public_seq", "seq", postgresql_where="is_public"),
        Index("ix_events_resource", "resource_type", "resource_id", "seq"),
    )

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor_id: Mapped[uuid.UUID | None]
    kind: Mapped[str] = mapped_column(String(64))
    resource_type: Mapped[str] = mapped_column(String(32))
    resource_id: Mapped[str] = mapped_column(String(64))
    is_public: Mapped[bool] = mapped_column(Boolean)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    """The changed public fields: what the public feed shows."""
    confidential: Mapped[dict[str, Any]] = mapped_column(JSONB)
    """Changed fields that only the audit trail keeps (never in the feed)."""
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class EventChainHead(Base):
    """The single row that holds the last sequence number and hash.

    Appending locks this row until the transaction ends, so sequence numbers are handed out in commit order: a
    reader polling ``after=SEQ`` can never see event N+1 before event N is visible.
    """

    __tablename__ = "event_chain_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(String(64))
