"""The register's history in two times: company facts and licence status by valid time and transaction time.

The trigger functions are frozen copies (``migrations/sql/0007_*.sql``) of the package's current definitions
(``registry/history/company_history.sql``, ``licensing/licence_history.sql``); a test compares the database with the
package. Existing data is migrated: each company's history starts on its registration day with its facts as they are
now, recorded when the company was; each licence's on its first day with its status now, recorded when it was issued.

The triggers are named to fire before the rollups' triggers of the same events (PostgreSQL fires them in name
order), so the rollups can read the history.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQL = Path(__file__).resolve().parent.parent / "sql"

TRIGGERS = (
    ("a_history_companies_insert", "companies", "INSERT", "NEW TABLE AS new_rows", "company_history_after_companies"),
    (
        "a_history_companies_update",
        "companies",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "company_history_after_companies",
    ),
    (
        "a_history_activities_insert",
        "company_activities",
        "INSERT",
        "NEW TABLE AS new_rows",
        "company_history_after_activities",
    ),
    (
        "a_history_activities_update",
        "company_activities",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "company_history_after_activities",
    ),
    ("a_history_licences_insert", "licences", "INSERT", "NEW TABLE AS new_rows", "licence_history_after_licences"),
    (
        "a_history_licences_update",
        "licences",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "licence_history_after_licences",
    ),
)

FUNCTIONS = (
    "company_history_after_activities()",
    "company_history_after_companies()",
    "company_history_record(uuid[])",
    "licence_history_after_licences()",
    "licence_history_record(uuid[])",
    "registry_effective_on()",
)


def statements(script: str) -> list[str]:
    """The statements of a script of ``CREATE FUNCTION ... $$ ... $$;`` definitions (asyncpg runs one at a time)."""
    return [part.strip() + "\n$$" for part in script.split("\n$$;") if part.strip() and "CREATE" in part]


def _history_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), server_default=sa.text("'infinity'"), nullable=False),
    ]


def _known_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "company_history",
        *_history_columns(),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("region_kato", sa.String(length=9), nullable=False),
        sa.Column("legal_form", sa.String(length=32), nullable=False),
        sa.Column("primary_oked", sa.String(length=8), nullable=True),
        *_known_columns(),
        sa.CheckConstraint("valid_from < valid_to", name=op.f("ck_company_history_valid_range")),
        sa.CheckConstraint(
            "superseded_at IS NULL OR superseded_at >= recorded_at", name=op.f("ck_company_history_known_range")
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_company_history_company_id_companies"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_company_history")),
    )
    op.create_index("ix_company_history_company_id", "company_history", ["company_id", "valid_from"])
    op.create_index("ix_company_history_valid_from", "company_history", ["valid_from"])
    op.create_table(
        "licence_history",
        *_history_columns(),
        sa.Column("licence_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        *_known_columns(),
        sa.CheckConstraint("valid_from < valid_to", name=op.f("ck_licence_history_valid_range")),
        sa.CheckConstraint(
            "superseded_at IS NULL OR superseded_at >= recorded_at", name=op.f("ck_licence_history_known_range")
        ),
        sa.ForeignKeyConstraint(
            ["licence_id"], ["licences.id"], name=op.f("fk_licence_history_licence_id_licences"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence_history")),
    )
    op.create_index("ix_licence_history_licence_id", "licence_history", ["licence_id", "valid_from"])
    op.execute(
        "INSERT INTO company_history "
        "(company_id, valid_from, status, region_kato, legal_form, primary_oked, recorded_at) "
        "SELECT c.id, c.registration_date, c.status, c.region_kato, c.legal_form, ca.oked_code, c.created_at "
        "FROM companies c LEFT JOIN company_activities ca ON ca.company_id = c.id AND ca.is_primary"
    )
    op.execute(
        "INSERT INTO licence_history (licence_id, valid_from, status, recorded_at) "
        "SELECT l.id, l.valid_from, l.status, l.created_at FROM licences l"
    )
    for name in ("0007_company_history.sql", "0007_licence_history.sql"):
        for statement in statements((SQL / name).read_text(encoding="utf-8")):
            op.execute(statement)
    for trigger, table, event, referencing, function in TRIGGERS:
        op.execute(
            f"CREATE TRIGGER {trigger} AFTER {event} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )


def downgrade() -> None:
    for trigger, table, *_ in TRIGGERS:
        op.execute(f"DROP TRIGGER {trigger} ON {table}")
    for function in FUNCTIONS:
        op.execute(f"DROP FUNCTION {function}")
    op.drop_table("licence_history")
    op.drop_table("company_history")
