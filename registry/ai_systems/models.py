"""The AI-systems table."""

from __future__ import annotations

import uuid
from datetime import date
from typing import get_args

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from registry.database import Base, TimestampedMixin
from registry.declarations.schemas import CapabilityName

__all__ = ["AUTONOMY_DEGREES", "CAPABILITIES", "RISK_DEGREES", "SYSTEM_STATUSES", "AiSystem"]

RISK_DEGREES = ("minimal", "medium", "high")
"""The degrees of risk the owner assigns (AI law, Art. 17)."""
AUTONOMY_DEGREES = ("low", "medium", "high")
"""The degrees of autonomy the owner assigns (AI law, Art. 17)."""
SYSTEM_STATUSES = ("development", "on_market", "withdrawn")
CAPABILITIES: tuple[str, ...] = get_args(CapabilityName)
"""The rubric's capability categories (the same list as a declaration's AI products)."""


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class AiSystem(TimestampedMixin, Base):
    """One AI system of a company, as its owner declares it."""

    __tablename__ = "ai_systems"
    __table_args__ = (
        CheckConstraint(_one_of("risk_degree", RISK_DEGREES), name="risk_degree_known"),
        CheckConstraint(_one_of("autonomy_degree", AUTONOMY_DEGREES), name="autonomy_degree_known"),
        CheckConstraint(_one_of("status", SYSTEM_STATUSES), name="status_known"),
        CheckConstraint(
            f"capabilities <@ ARRAY[{', '.join(repr(value) for value in CAPABILITIES)}]::varchar[]"
            " AND cardinality(capabilities) >= 1",
            name="capabilities_known",
        ),
        CheckConstraint(
            "(trusted_list_body IS NULL) = (trusted_list_decision_date IS NULL)"
            " AND (trusted_list_body IS NULL) = (trusted_list_reference IS NULL)",
            name="trusted_list_whole",
        ),
        CheckConstraint("(audit_report_reference IS NULL) = (audit_report_sha256 IS NULL)", name="audit_report_whole"),
        CheckConstraint(
            "(copyright_certificate_reference IS NULL) = (copyright_certificate_sha256 IS NULL)",
            name="copyright_certificate_whole",
        ),
        CheckConstraint(
            "audit_report_sha256 IS NULL OR audit_report_sha256 ~ '^[0-9a-f]{64}$'", name="audit_report_sha256_hex"
        ),
        CheckConstraint(
            "copyright_certificate_sha256 IS NULL OR copyright_certificate_sha256 ~ '^[0-9a-f]{64}$'",
            name="copyright_certificate_sha256_hex",
        ),
        Index("ix_ai_systems_company_id", "company_id"),
        Index("ix_ai_systems_risk_degree_autonomy_degree", "risk_degree", "autonomy_degree"),
        Index("ix_ai_systems_capabilities", "capabilities", postgresql_using="gin"),
        Index(
            "ix_ai_systems_search_key_trgm",
            "search_key",
            postgresql_using="gin",
            postgresql_ops={"search_key": "gin_trgm_ops"},
        ),
    )

    company_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    system_version: Mapped[str] = mapped_column(String(50))
    purpose: Mapped[str] = mapped_column(String(2000))
    capabilities: Mapped[list[str]] = mapped_column(ARRAY(String(40)))
    data_and_logic: Mapped[str] = mapped_column(String(4000))
    status: Mapped[str] = mapped_column(String(16))
    risk_degree: Mapped[str] = mapped_column(String(8))
    autonomy_degree: Mapped[str] = mapped_column(String(8))
    degrees_declared_on: Mapped[date] = mapped_column(Date)
    degrees_declared_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("accounts.id"))
    trusted_list_body: Mapped[str | None] = mapped_column(String(300))
    trusted_list_decision_date: Mapped[date | None] = mapped_column(Date)
    trusted_list_reference: Mapped[str | None] = mapped_column(String(200))
    audit_report_reference: Mapped[str | None] = mapped_column(String(300))
    audit_report_sha256: Mapped[str | None] = mapped_column(String(64))
    copyright_certificate_reference: Mapped[str | None] = mapped_column(String(300))
    copyright_certificate_sha256: Mapped[str | None] = mapped_column(String(64))
    synthetic_output_labelled: Mapped[bool] = mapped_column(Boolean, default=False)
    search_key: Mapped[str] = mapped_column(String(400))
    version: Mapped[int] = mapped_column(Integer, default=1)
