"""Company tables: the register, its activities and its members."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base, TimestampedMixin, utc_now

__all__ = [
    "COMPANY_STATUSES",
    "LEGAL_FORMS",
    "MEMBER_ROLES",
    "Company",
    "CompanyActivity",
    "CompanyMember",
    "CompanySearchPosting",
    "CompanySearchWord",
]

LEGAL_FORMS = ("llp", "jsc", "ie", "branch", "representative_office", "other")
"""LLP (ТОО/ЖШС), JSC (АО/АҚ), individual entrepreneur, branch, representative office, other."""

COMPANY_STATUSES = ("active", "suspended", "liquidated")
MEMBER_ROLES = ("owner", "member")


class Company(TimestampedMixin, Base):
    """A company in the register; its public fields are the name, BIN, region, activities and status."""

    __tablename__ = "companies"
    __table_args__ = (
        CheckConstraint("bin ~ '^[0-9]{12}$'", name="bin_twelve_digits"),
        CheckConstraint("status IN ('active', 'suspended', 'liquidated')", name="status_known"),
        CheckConstraint(
            "legal_form IN ('llp', 'jsc', 'ie', 'branch', 'representative_office', 'other')", name="legal_form_known"
        ),
        CheckConstraint("headcount IS NULL OR headcount >= 0", name="headcount_not_negative"),
        Index(
            "ix_companies_search_key_trgm",
            "search_key",
            postgresql_using="gin",
            postgresql_ops={"search_key": "gin_trgm_ops"},
        ),
        Index("ix_companies_registration_date_id", "registration_date", "id"),
        # The register's filter-only pages read newest first within a region or a class: these walk in that order.
        Index("ix_companies_region_kato_registration_date_id", "region_kato", "registration_date", "id"),
        Index("ix_companies_ai_class_registration_date_id", "ai_class", "registration_date", "id"),
        # The key's words: the companies holding a spelling of every word of a query (registry/companies/search.py).
        Index(
            "ix_companies_search_words",
            func.string_to_array(text("search_key"), text("' '")),
            postgresql_using="gin",
        ),
        CheckConstraint("ai_class IS NULL OR ai_class IN ('ai_native', 'ai_enabled', 'non_ai')", name="ai_class_known"),
    )

    bin: Mapped[str] = mapped_column(String(12), unique=True)
    name_kk: Mapped[str] = mapped_column(String(300))
    name_ru: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str | None] = mapped_column(String(300))
    legal_form: Mapped[str] = mapped_column(String(32))
    region_kato: Mapped[str] = mapped_column(ForeignKey("regions.kato"))
    registration_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), server_default=text("'active'"), default="active")
    headcount: Mapped[int | None] = mapped_column(Integer)
    website: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(String(4000))
    search_key: Mapped[str] = mapped_column(String(1000))
    version: Mapped[int] = mapped_column(server_default=text("1"), default=1)
    ai_class: Mapped[str | None] = mapped_column(String(16))
    """The class of the company's latest current declaration (public; the figures behind it are not)."""


class CompanyActivity(Base):
    """An OKED activity of a company; exactly one is primary."""

    __tablename__ = "company_activities"
    __table_args__ = (
        Index("uq_company_activities_one_primary", "company_id", unique=True, postgresql_where=text("is_primary")),
        Index("ix_company_activities_oked_code", "oked_code"),
    )

    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True)
    oked_code: Mapped[str] = mapped_column(ForeignKey("activities.code"), primary_key=True)
    is_primary: Mapped[bool] = mapped_column(server_default=text("false"), default=False)


class CompanyMember(Base):
    """An account that acts for a company (its owner or a member)."""

    __tablename__ = "company_members"
    __table_args__ = (
        CheckConstraint("role IN ('owner', 'member')", name="role_known"),
        Index("ix_company_members_account_id", "account_id"),
    )

    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), default=utc_now)


class CompanySearchWord(Base):
    """A distinct word of the companies' search keys: the dictionary a query's words are matched against.

    Kept by the statement-level triggers of ``registry/companies/sql/search_words.sql``; never written by Python.
    """

    __tablename__ = "company_search_words"
    __table_args__ = (
        Index(
            "ix_company_search_words_word_trgm", "word", postgresql_using="gin", postgresql_ops={"word": "gin_trgm_ops"}
        ),
    )

    word: Mapped[str] = mapped_column(String(1000), primary_key=True)


class CompanySearchPosting(Base):
    """A word held by a company's search key, with the key's trigram count (fewest first is most similar).

    Kept by the same triggers as :class:`CompanySearchWord`.
    """

    __tablename__ = "company_search_postings"

    word: Mapped[str] = mapped_column(String(1000), primary_key=True)
    key_trigrams: Mapped[int] = mapped_column(Integer, primary_key=True)
    company_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
