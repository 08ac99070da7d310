"""Foundation: extensions, accounts, reference data, companies, members, the event log, idempotency keys.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from registry.reference.service import activity_rows, region_rows

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The audit trail must not be edited in place; the hash chain detects an edit, this trigger refuses it.
EVENTS_APPEND_ONLY_FUNCTION = """
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only (% on events)', TG_OP;
END;
$$
"""
EVENTS_APPEND_ONLY_TRIGGER = """
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_append_only()
"""


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table(
        "accounts",
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("preferred_language", sa.String(length=2), server_default=sa.text("'en'"), nullable=False),
        sa.Column("disabled", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("preferred_language IN ('kk', 'ru', 'en')", name=op.f("ck_accounts_language_known")),
        sa.CheckConstraint(
            "role IN ('founder', 'reviewer', 'economist', 'admin')", name=op.f("ck_accounts_role_known")
        ),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_accounts_email_lowercase")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("email", name=op.f("uq_accounts_email")),
    )
    op.create_table(
        "activities",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("parent_code", sa.String(length=8), nullable=True),
        sa.Column("section", sa.String(length=1), nullable=False),
        sa.Column("name_kk", sa.String(length=500), nullable=False),
        sa.Column("name_ru", sa.String(length=500), nullable=False),
        sa.Column("name_en", sa.String(length=500), nullable=False),
        sa.CheckConstraint(
            "level IN ('section', 'division', 'group', 'class')", name=op.f("ck_activities_level_known")
        ),
        sa.ForeignKeyConstraint(
            ["parent_code"], ["activities.code"], name=op.f("fk_activities_parent_code_activities")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_activities")),
    )
    op.create_table(
        "event_chain_head",
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_event_chain_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_chain_head")),
    )
    op.create_table(
        "events",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("resource_type", sa.String(length=32), nullable=False),
        sa.Column("resource_id", sa.String(length=64), nullable=False),
        sa.Column("is_public", sa.Boolean(), nullable=False),
        sa.Column("data", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("confidential", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("seq > 0", name=op.f("ck_events_seq_positive")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_events")),
    )
    op.create_index("ix_events_public_seq", "events", ["seq"], unique=False, postgresql_where="is_public")
    op.create_index("ix_events_resource", "events", ["resource_type", "resource_id", "seq"], unique=False)
    op.create_table(
        "idempotency_keys",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("account_id", "operation", "key", name=op.f("pk_idempotency_keys")),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("client_address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    op.create_index("ix_login_failures_client_address_at", "login_failures", ["client_address", "at"], unique=False)
    op.create_index("ix_login_failures_email_at", "login_failures", ["email", "at"], unique=False)
    op.create_table(
        "regions",
        sa.Column("kato", sa.String(length=9), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name_kk", sa.String(length=200), nullable=False),
        sa.Column("name_ru", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.CheckConstraint("kato ~ '^[0-9]{9}$'", name=op.f("ck_regions_kato_nine_digits")),
        sa.PrimaryKeyConstraint("kato", name=op.f("pk_regions")),
    )
    op.create_table(
        "companies",
        sa.Column("bin", sa.String(length=12), nullable=False),
        sa.Column("name_kk", sa.String(length=300), nullable=False),
        sa.Column("name_ru", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=True),
        sa.Column("legal_form", sa.String(length=32), nullable=False),
        sa.Column("region_kato", sa.String(length=9), nullable=False),
        sa.Column("registration_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default=sa.text("'active'"), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("description", sa.String(length=4000), nullable=True),
        sa.Column("search_key", sa.String(length=1000), nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("bin ~ '^[0-9]{12}$'", name=op.f("ck_companies_bin_twelve_digits")),
        sa.CheckConstraint(
            "legal_form IN ('llp', 'jsc', 'ie', 'branch', 'representative_office', 'other')",
            name=op.f("ck_companies_legal_form_known"),
        ),
        sa.CheckConstraint("status IN ('active', 'suspended', 'liquidated')", name=op.f("ck_companies_status_known")),
        sa.CheckConstraint("headcount IS NULL OR headcount >= 0", name=op.f("ck_companies_headcount_not_negative")),
        sa.ForeignKeyConstraint(["region_kato"], ["regions.kato"], name=op.f("fk_companies_region_kato_regions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
        sa.UniqueConstraint("bin", name=op.f("uq_companies_bin")),
    )
    op.create_index("ix_companies_region_kato", "companies", ["region_kato"], unique=False)
    op.create_index("ix_companies_registration_date_id", "companies", ["registration_date", "id"], unique=False)
    op.create_index(
        "ix_companies_search_key_trgm",
        "companies",
        ["search_key"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"search_key": "gin_trgm_ops"},
    )
    op.create_table(
        "company_activities",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("oked_code", sa.String(length=8), nullable=False),
        sa.Column("is_primary", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_company_activities_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["oked_code"], ["activities.code"], name=op.f("fk_company_activities_oked_code_activities")
        ),
        sa.PrimaryKeyConstraint("company_id", "oked_code", name=op.f("pk_company_activities")),
    )
    op.create_index("ix_company_activities_oked_code", "company_activities", ["oked_code"], unique=False)
    op.create_index(
        "uq_company_activities_one_primary",
        "company_activities",
        ["company_id"],
        unique=True,
        postgresql_where=sa.text("is_primary"),
    )
    op.create_table(
        "company_members",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("role IN ('owner', 'member')", name=op.f("ck_company_members_role_known")),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_company_members_account_id_accounts")),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_company_members_company_id_companies"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("company_id", "account_id", name=op.f("pk_company_members")),
    )
    op.create_index("ix_company_members_account_id", "company_members", ["account_id"], unique=False)

    op.execute(EVENTS_APPEND_ONLY_FUNCTION)
    op.execute(EVENTS_APPEND_ONLY_TRIGGER)
    op.execute("INSERT INTO event_chain_head (id, last_seq, last_hash) VALUES (1, 0, repeat('0', 64))")
    regions = sa.table("regions", *(sa.column(name) for name in ("kato", "kind", "name_kk", "name_ru", "name_en")))
    op.bulk_insert(regions, region_rows())
    activities = sa.table(
        "activities",
        *(sa.column(name) for name in ("code", "level", "parent_code", "section", "name_kk", "name_ru", "name_en")),
    )
    op.bulk_insert(activities, activity_rows())


def downgrade() -> None:
    op.drop_index("ix_company_members_account_id", table_name="company_members")
    op.drop_table("company_members")
    op.drop_index(
        "uq_company_activities_one_primary", table_name="company_activities", postgresql_where=sa.text("is_primary")
    )
    op.drop_index("ix_company_activities_oked_code", table_name="company_activities")
    op.drop_table("company_activities")
    op.drop_index(
        "ix_companies_search_key_trgm",
        table_name="companies",
        postgresql_using="gin",
        postgresql_ops={"search_key": "gin_trgm_ops"},
    )
    op.drop_index("ix_companies_registration_date_id", table_name="companies")
    op.drop_index("ix_companies_region_kato", table_name="companies")
    op.drop_table("companies")
    op.drop_table("regions")
    op.drop_index("ix_login_failures_email_at", table_name="login_failures")
    op.drop_index("ix_login_failures_client_address_at", table_name="login_failures")
    op.drop_table("login_failures")
    op.drop_table("idempotency_keys")
    op.drop_index("ix_events_resource", table_name="events")
    op.drop_index("ix_events_public_seq", table_name="events", postgresql_where="is_public")
    op.execute("DROP TRIGGER IF EXISTS events_append_only ON events")
    op.drop_table("events")
    op.drop_table("event_chain_head")
    op.drop_table("activities")
    op.drop_table("accounts")
    op.execute("DROP FUNCTION IF EXISTS events_append_only()")
    # The extensions stay: other schemas in the database may use them.
