"""Account tables: who can sign in, with which role, and their failed login attempts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, Boolean, CheckConstraint, DateTime, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base, TimestampedMixin

__all__ = ["Account", "LoginFailure", "Role"]


class Role(StrEnum):
    """What an account may do in the registry."""

    founder = "founder"
    reviewer = "reviewer"
    economist = "economist"
    admin = "admin"


class Account(TimestampedMixin, Base):
    """A person who signs in: a founder, hub staff (reviewer, economist) or an admin."""

    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint("role IN ('founder', 'reviewer', 'economist', 'admin')", name="role_known"),
        CheckConstraint("preferred_language IN ('kk', 'ru', 'en')", name="language_known"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    preferred_language: Mapped[str] = mapped_column(String(2), server_default=text("'en'"))
    disabled: Mapped[bool] = mapped_column(Boolean, server_default=text("false"), default=False)
    version: Mapped[int] = mapped_column(server_default=text("1"), default=1)


class LoginFailure(Base):
    """One failed sign-in, kept for rate limiting by account and by client address."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_email_at", "email", "at"),
        Index("ix_login_failures_client_address_at", "client_address", "at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254))
    client_address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
