"""Licensing: applications, evidence and uploaded documents, licences with gapless numbering.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 22:09:34.771030
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evidence_documents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=32), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint(
            "media_type IN ('application/pdf', 'image/png', 'image/jpeg')",
            name=op.f("ck_evidence_documents_media_type_known"),
        ),
        sa.CheckConstraint("size_bytes > 0 AND size_bytes <= 10485760", name=op.f("ck_evidence_documents_size_limit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_documents")),
    )
    op.create_table(
        "licence_counters",
        sa.Column("licence_type", sa.String(length=20), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("last_serial", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("licence_type", "year", name=op.f("pk_licence_counters")),
    )
    op.create_table(
        "licence_applications",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("licence_type", sa.String(length=20), nullable=False),
        sa.Column("declaration_id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(length=12), server_default=sa.text("'draft'"), nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("renewal_of", sa.Uuid(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.Uuid(), nullable=True),
        sa.Column("first_action_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_action_due", sa.Date(), nullable=True),
        sa.Column("decision_due", sa.Date(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("evaluation", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("send_back_notes", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("reason_code", sa.String(length=40), nullable=True),
        sa.Column("decision_text", sa.String(length=4000), nullable=True),
        sa.Column("founder_note", sa.String(length=4000), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "licence_type IN ('ai_native', 'standard_digital')", name=op.f("ck_licence_applications_licence_type_known")
        ),
        sa.CheckConstraint(
            "state IN ('draft', 'submitted', 'in_review', 'approved', 'rejected', 'sent_back', 'withdrawn')",
            name=op.f("ck_licence_applications_state_known"),
        ),
        sa.ForeignKeyConstraint(
            ["claimed_by"], ["accounts.id"], name=op.f("fk_licence_applications_claimed_by_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_licence_applications_company_id_companies")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["accounts.id"], name=op.f("fk_licence_applications_created_by_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["declaration_id"], ["declarations.id"], name=op.f("fk_licence_applications_declaration_id_declarations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence_applications")),
    )
    op.create_index("ix_licence_applications_company_id", "licence_applications", ["company_id"], unique=False)
    op.create_index(
        "ix_licence_applications_state_submitted_at", "licence_applications", ["state", "submitted_at"], unique=False
    )
    op.create_table(
        "application_evidence",
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("added_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "kind IN ('code_repository', 'model_card', 'client_letter', 'invoice', 'public_product_page', 'other')",
            name=op.f("ck_application_evidence_kind_known"),
        ),
        sa.CheckConstraint(
            "(url IS NULL) <> (document_id IS NULL)", name=op.f("ck_application_evidence_url_or_document")
        ),
        sa.ForeignKeyConstraint(["added_by"], ["accounts.id"], name=op.f("fk_application_evidence_added_by_accounts")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["licence_applications.id"],
            name=op.f("fk_application_evidence_application_id_licence_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["evidence_documents.id"],
            name=op.f("fk_application_evidence_document_id_evidence_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_evidence")),
    )
    op.create_index("ix_application_evidence_application_id", "application_evidence", ["application_id"], unique=False)
    op.create_table(
        "licences",
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("licence_type", sa.String(length=20), nullable=False),
        sa.Column("year", sa.SmallInteger(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=12), server_default=sa.text("'active'"), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("status_reason_code", sa.String(length=40), nullable=True),
        sa.Column("status_text", sa.String(length=4000), nullable=True),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        postgresql.ExcludeConstraint(
            (sa.column("company_id"), "="),
            (sa.column("licence_type"), "="),
            (sa.text("daterange(valid_from, valid_until, '[]')"), "&&"),
            where=sa.text("status <> 'revoked'"),
            using="gist",
            name="one_licence_of_a_type_at_a_time",
        ),
        sa.CheckConstraint(
            "licence_type IN ('ai_native', 'standard_digital')", name=op.f("ck_licences_licence_type_known")
        ),
        sa.CheckConstraint("status IN ('active', 'suspended', 'revoked')", name=op.f("ck_licences_status_known")),
        sa.CheckConstraint("serial BETWEEN 1 AND 99999", name=op.f("ck_licences_serial_range")),
        sa.CheckConstraint("valid_until >= valid_from", name=op.f("ck_licences_valid_range")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["licence_applications.id"],
            name=op.f("fk_licences_application_id_licence_applications"),
        ),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name=op.f("fk_licences_company_id_companies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licences")),
        sa.UniqueConstraint("application_id", name=op.f("uq_licences_application_id")),
        sa.UniqueConstraint("number", name=op.f("uq_licences_number")),
    )
    op.create_index("ix_licences_company_id", "licences", ["company_id"], unique=False)
    op.create_index("uq_licences_type_year_serial", "licences", ["licence_type", "year", "serial"], unique=True)
    # Applications and licences refer to each other (a renewal names the licence it renews), so this key comes last.
    op.create_foreign_key(
        op.f("fk_licence_applications_renewal_of_licences"), "licence_applications", "licences", ["renewal_of"], ["id"]
    )


def downgrade() -> None:
    op.drop_constraint(op.f("fk_licence_applications_renewal_of_licences"), "licence_applications", type_="foreignkey")
    op.drop_index("uq_licences_type_year_serial", table_name="licences")
    op.drop_index("ix_licences_company_id", table_name="licences")
    op.drop_table("licences")
    op.drop_index("ix_application_evidence_application_id", table_name="application_evidence")
    op.drop_table("application_evidence")
    op.drop_index("ix_licence_applications_state_submitted_at", table_name="licence_applications")
    op.drop_index("ix_licence_applications_company_id", table_name="licence_applications")
    op.drop_table("licence_applications")
    op.drop_table("licence_counters")
    op.drop_table("evidence_documents")
