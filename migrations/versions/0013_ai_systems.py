"""The register of AI systems, and the link from a declaration's AI products to the systems they describe.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here: the model's lists may grow later, this revision may not.
_CAPABILITIES = (
    "'computer_vision', 'natural_language_processing', 'speech', 'decision_support', "
    "'synthetic_content_generation', 'machine_learning'"
)


def upgrade() -> None:
    """Create ``ai_systems`` and ``declaration_products.ai_system_id``."""
    op.create_table(
        "ai_systems",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("system_version", sa.String(50), nullable=False),
        sa.Column("purpose", sa.String(2000), nullable=False),
        sa.Column("capabilities", postgresql.ARRAY(sa.String(40)), nullable=False),
        sa.Column("data_and_logic", sa.String(4000), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("risk_degree", sa.String(8), nullable=False),
        sa.Column("autonomy_degree", sa.String(8), nullable=False),
        sa.Column("degrees_declared_on", sa.Date(), nullable=False),
        sa.Column("degrees_declared_by", sa.Uuid(), nullable=True),
        sa.Column("trusted_list_body", sa.String(300), nullable=True),
        sa.Column("trusted_list_decision_date", sa.Date(), nullable=True),
        sa.Column("trusted_list_reference", sa.String(200), nullable=True),
        sa.Column("audit_report_reference", sa.String(300), nullable=True),
        sa.Column("audit_report_sha256", sa.String(64), nullable=True),
        sa.Column("copyright_certificate_reference", sa.String(300), nullable=True),
        sa.Column("copyright_certificate_sha256", sa.String(64), nullable=True),
        sa.Column("synthetic_output_labelled", sa.Boolean(), nullable=False),
        sa.Column("search_key", sa.String(400), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("risk_degree IN ('minimal', 'medium', 'high')", name="risk_degree_known"),
        sa.CheckConstraint("autonomy_degree IN ('low', 'medium', 'high')", name="autonomy_degree_known"),
        sa.CheckConstraint("status IN ('development', 'on_market', 'withdrawn')", name="status_known"),
        sa.CheckConstraint(
            f"capabilities <@ ARRAY[{_CAPABILITIES}]::varchar[] AND cardinality(capabilities) >= 1",
            name="capabilities_known",
        ),
        sa.CheckConstraint(
            "(trusted_list_body IS NULL) = (trusted_list_decision_date IS NULL)"
            " AND (trusted_list_body IS NULL) = (trusted_list_reference IS NULL)",
            name="trusted_list_whole",
        ),
        sa.CheckConstraint(
            "(audit_report_reference IS NULL) = (audit_report_sha256 IS NULL)", name="audit_report_whole"
        ),
        sa.CheckConstraint(
            "(copyright_certificate_reference IS NULL) = (copyright_certificate_sha256 IS NULL)",
            name="copyright_certificate_whole",
        ),
        sa.CheckConstraint(
            "audit_report_sha256 IS NULL OR audit_report_sha256 ~ '^[0-9a-f]{64}$'", name="audit_report_sha256_hex"
        ),
        sa.CheckConstraint(
            "copyright_certificate_sha256 IS NULL OR copyright_certificate_sha256 ~ '^[0-9a-f]{64}$'",
            name="copyright_certificate_sha256_hex",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name="fk_ai_systems_company_id_companies", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["degrees_declared_by"], ["accounts.id"], name="fk_ai_systems_degrees_declared_by_accounts"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_ai_systems"),
    )
    op.create_index("ix_ai_systems_company_id", "ai_systems", ["company_id"])
    op.create_index("ix_ai_systems_risk_degree_autonomy_degree", "ai_systems", ["risk_degree", "autonomy_degree"])
    op.create_index("ix_ai_systems_capabilities", "ai_systems", ["capabilities"], postgresql_using="gin")
    op.create_index(
        "ix_ai_systems_search_key_trgm",
        "ai_systems",
        ["search_key"],
        postgresql_using="gin",
        postgresql_ops={"search_key": "gin_trgm_ops"},
    )
    op.add_column("declaration_products", sa.Column("ai_system_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        "fk_declaration_products_ai_system_id_ai_systems",
        "declaration_products",
        "ai_systems",
        ["ai_system_id"],
        ["id"],
    )


def downgrade() -> None:
    """Drop them again."""
    op.drop_constraint("fk_declaration_products_ai_system_id_ai_systems", "declaration_products", type_="foreignkey")
    op.drop_column("declaration_products", "ai_system_id")
    op.drop_table("ai_systems")
