"""AI declarations and their products, rubric versions (version 1 seeded), pivot events, companies.ai_class.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from registry.declarations.facts import RUBRIC_V1

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Published rubric versions and filed declarations are never edited in place: a change is a new row.
IMMUTABLE_ROWS_FUNCTION = """
CREATE FUNCTION refuse_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable (% refused)', TG_TABLE_NAME, TG_OP;
END;
$$
"""
IMMUTABLE_TABLES = {"rubric_versions": "UPDATE OR DELETE", "declarations": "UPDATE", "declaration_products": "UPDATE"}


def upgrade() -> None:
    op.create_table(
        "rubric_versions",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("thresholds", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("notes", sa.String(length=2000), server_default=sa.text("''"), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("published_by", sa.Uuid(), nullable=True),
        sa.CheckConstraint("version > 0", name=op.f("ck_rubric_versions_version_positive")),
        sa.ForeignKeyConstraint(
            ["published_by"], ["accounts.id"], name=op.f("fk_rubric_versions_published_by_accounts")
        ),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_rubric_versions")),
        sa.UniqueConstraint("effective_from", name=op.f("uq_rubric_versions_effective_from")),
    )
    op.create_table(
        "declarations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("fiscal_year", sa.SmallInteger(), nullable=False),
        sa.Column("quarter", sa.SmallInteger(), nullable=True),
        sa.Column("revenue_total", sa.BigInteger(), nullable=False),
        sa.Column("revenue_ai", sa.BigInteger(), nullable=False),
        sa.Column("fte_total", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("fte_ai", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("opex_total", sa.BigInteger(), nullable=False),
        sa.Column("opex_ai", sa.BigInteger(), nullable=False),
        sa.Column("owns_data_library", sa.Boolean(), nullable=False),
        sa.Column("supersedes_id", sa.Uuid(), nullable=True),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filed_by", sa.Uuid(), nullable=True),
        sa.Column("rubric_version", sa.Integer(), nullable=False),
        sa.Column("ai_class", sa.String(length=16), nullable=False),
        sa.Column("ai_revenue_share", sa.Numeric(precision=9, scale=6), nullable=True),
        sa.Column("ai_talent_share", sa.Numeric(precision=9, scale=6), nullable=True),
        sa.Column("evaluation", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.CheckConstraint(
            "ai_class IN ('ai_native', 'ai_enabled', 'non_ai')", name=op.f("ck_declarations_ai_class_known")
        ),
        sa.CheckConstraint("fte_ai >= 0 AND fte_ai <= fte_total", name=op.f("ck_declarations_fte_ai_within_total")),
        sa.CheckConstraint("opex_ai >= 0 AND opex_ai <= opex_total", name=op.f("ck_declarations_opex_ai_within_total")),
        sa.CheckConstraint("quarter IS NULL OR quarter BETWEEN 1 AND 4", name=op.f("ck_declarations_quarter_range")),
        sa.CheckConstraint(
            "revenue_ai >= 0 AND revenue_ai <= revenue_total", name=op.f("ck_declarations_revenue_ai_within_total")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_declarations_company_id_companies"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["filed_by"], ["accounts.id"], name=op.f("fk_declarations_filed_by_accounts")),
        sa.ForeignKeyConstraint(
            ["rubric_version"], ["rubric_versions.version"], name=op.f("fk_declarations_rubric_version_rubric_versions")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["declarations.id"], name=op.f("fk_declarations_supersedes_id_declarations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declarations")),
    )
    op.create_index(
        "ix_declarations_company_period",
        "declarations",
        ["company_id", "fiscal_year", "quarter", "filed_at"],
        unique=False,
    )
    op.create_index("ix_declarations_filed_at", "declarations", ["filed_at"], unique=False)
    op.create_table(
        "pivot_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("series", sa.String(length=32), server_default=sa.text("'live'"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("from_class", sa.String(length=20), nullable=True),
        sa.Column("to_class", sa.String(length=20), nullable=False),
        sa.Column("from_period", sa.String(length=8), nullable=True),
        sa.Column("to_period", sa.String(length=8), nullable=False),
        sa.Column("to_period_end", sa.Date(), nullable=False),
        sa.Column("delta_ai_revenue_share", sa.Numeric(precision=9, scale=6), nullable=True),
        sa.Column("delta_ai_talent_share", sa.Numeric(precision=9, scale=6), nullable=True),
        sa.Column("months_since_registration", sa.Integer(), nullable=False),
        sa.Column("rubric_version", sa.Integer(), nullable=True),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('born_ai_native', 'pivot_to_ai', 'pivot_away')", name=op.f("ck_pivot_events_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_pivot_events_company_id_companies"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["rubric_version"], ["rubric_versions.version"], name=op.f("fk_pivot_events_rubric_version_rubric_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pivot_events")),
    )
    op.create_index("ix_pivot_events_company_series", "pivot_events", ["company_id", "series"], unique=False)
    op.create_index(
        "ix_pivot_events_series_kind_period_end", "pivot_events", ["series", "kind", "to_period_end"], unique=False
    )
    op.create_table(
        "declaration_products",
        sa.Column("declaration_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=2000), server_default=sa.text("''"), nullable=False),
        sa.Column("capabilities", postgresql.ARRAY(sa.String(length=40)), nullable=False),
        sa.Column("is_core", sa.Boolean(), nullable=False),
        sa.Column("provenance", sa.String(length=20), nullable=False),
        sa.Column("stage", sa.String(length=12), nullable=False),
        sa.CheckConstraint(
            "provenance IN ('own_trained', 'fine_tuned', 'third_party_api')",
            name=op.f("ck_declaration_products_provenance_known"),
        ),
        sa.CheckConstraint(
            "stage IN ('research', 'pilot', 'production')", name=op.f("ck_declaration_products_stage_known")
        ),
        sa.CheckConstraint("cardinality(capabilities) > 0", name=op.f("ck_declaration_products_has_capability")),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
            name=op.f("fk_declaration_products_declaration_id_declarations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("declaration_id", "position", name=op.f("pk_declaration_products")),
    )
    op.add_column("companies", sa.Column("ai_class", sa.String(length=16), nullable=True))
    op.create_index("ix_companies_ai_class", "companies", ["ai_class"], unique=False)
    op.create_check_constraint(
        op.f("ck_companies_ai_class_known"),
        "companies",
        "ai_class IS NULL OR ai_class IN ('ai_native', 'ai_enabled', 'non_ai')",
    )
    op.execute(IMMUTABLE_ROWS_FUNCTION)
    for table, operations in IMMUTABLE_TABLES.items():
        op.execute(
            f"CREATE TRIGGER {table}_immutable BEFORE {operations} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION refuse_row_change()"
        )
    rubric_versions = sa.table(
        "rubric_versions",
        sa.column("version"),
        sa.column("effective_from"),
        sa.column("thresholds", postgresql.JSONB),
        sa.column("notes"),
    )
    op.bulk_insert(
        rubric_versions,
        [
            {
                "version": RUBRIC_V1.version,
                "effective_from": RUBRIC_V1.effective_from,
                "thresholds": {name: str(value) for name, value in RUBRIC_V1.thresholds.items()},
                "notes": "Version 1 as published in the registry design: G1, G2, M1, M2, M3 and M4 (reported only).",
            }
        ],
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_companies_ai_class_known"), "companies", type_="check")
    op.drop_index("ix_companies_ai_class", table_name="companies")
    op.drop_column("companies", "ai_class")
    op.drop_table("declaration_products")
    op.drop_index("ix_pivot_events_series_kind_period_end", table_name="pivot_events")
    op.drop_index("ix_pivot_events_company_series", table_name="pivot_events")
    op.drop_table("pivot_events")
    op.drop_index("ix_declarations_filed_at", table_name="declarations")
    op.drop_index("ix_declarations_company_period", table_name="declarations")
    op.drop_table("declarations")
    op.drop_table("rubric_versions")
    op.execute("DROP FUNCTION refuse_row_change()")
