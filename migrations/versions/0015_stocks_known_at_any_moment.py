"""Stocks as known at any moment, fast: every version of the summary's spans kept in transaction time, and
checkpoints that sum their changes into per-day deltas (``registry/statistics/sql/known_rollups.sql``).

Runs frozen copies (``migrations/sql/0015_*.sql``) of the package's SQL files. The existing spans are rebuilt in every
version the register's history and the declarations give (so figures as known at a past moment are those the
history gives, before and after the upgrade), the live rollups with them (their figures do not change), and a first
checkpoint is made.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQL = Path(__file__).resolve().parent.parent / "sql"
SCRIPTS = ("0015_known_rollups.sql", "0015_rollup_maintenance.sql")
REBUILD = """
DO $$
DECLARE
    batch uuid[];
BEGIN
    FOR batch IN
        SELECT array_agg(c.id) FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / 50000 AS chunk FROM companies) c
        GROUP BY c.chunk ORDER BY c.chunk
    LOOP
        PERFORM summary_refresh(batch);
    END LOOP;
END
$$
"""
FIRST_CHECKPOINT = """
SELECT statistics_checkpoint(least(now(), (
    SELECT min(a.xact_start) FROM pg_stat_activity a
    WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.xact_start IS NOT NULL
)) - interval '1 minute')
"""


def statements(script: str) -> list[str]:
    """The statements of a script: each ends at a ``;`` outside a ``$$`` body (asyncpg runs one at a time)."""
    found: list[str] = []
    current: list[str] = []
    quoted = False
    for line in script.splitlines():
        if not current and (not line.strip() or line.lstrip().startswith("--")):
            continue
        current.append(line)
        quoted ^= line.count("$$") % 2 == 1
        if not quoted and line.rstrip().endswith(";"):
            found.append("\n".join(current).rstrip().removesuffix(";"))
            current = []
    return found


def upgrade() -> None:
    op.add_column("summary_company_spans", sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("summary_company_spans", sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "statistics_checkpoints",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("upto", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistics_checkpoints")),
        sa.UniqueConstraint("upto", name=op.f("uq_statistics_checkpoints_upto")),
    )
    op.create_table(
        "summary_known_deltas",
        sa.Column("checkpoint_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("region_kato", sa.String(length=9), nullable=False),
        sa.Column("ai_class", sa.String(length=16), nullable=False),
        sa.Column("companies", sa.Integer(), nullable=False),
        sa.Column("fte_ai", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkpoint_id"],
            ["statistics_checkpoints.id"],
            name=op.f("fk_summary_known_deltas_checkpoint_id_statistics_checkpoints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "checkpoint_id", "day", "region_kato", "ai_class", name=op.f("pk_summary_known_deltas")
        ),
    )
    op.create_index("ix_summary_known_deltas_day", "summary_known_deltas", ["day"])
    op.create_table(
        "summary_known_monthly_deltas",
        sa.Column("checkpoint_id", sa.BigInteger(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("region_kato", sa.String(length=9), nullable=False),
        sa.Column("ai_class", sa.String(length=16), nullable=False),
        sa.Column("companies", sa.Integer(), nullable=False),
        sa.Column("fte_ai", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkpoint_id"],
            ["statistics_checkpoints.id"],
            name=op.f("fk_summary_known_monthly_deltas_checkpoint_id_statistics_checkpoints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "checkpoint_id", "month", "region_kato", "ai_class", name=op.f("pk_summary_known_monthly_deltas")
        ),
    )
    op.create_index("ix_summary_known_monthly_deltas_month", "summary_known_monthly_deltas", ["month"])
    for name in SCRIPTS:
        for statement in statements((SQL / name).read_text(encoding="utf-8")):
            op.execute(statement)
    op.execute(
        "CREATE TRIGGER summary_history_update AFTER UPDATE ON company_history REFERENCING OLD TABLE AS old_rows "
        "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_after_history_update()"
    )
    op.execute("TRUNCATE summary_company_spans, summary_daily_deltas, summary_monthly_deltas")
    op.execute(REBUILD)
    op.alter_column("summary_company_spans", "recorded_at", nullable=False)
    op.create_index("ix_summary_company_spans_recorded_at", "summary_company_spans", ["recorded_at"])
    op.create_index("ix_summary_company_spans_superseded_at", "summary_company_spans", ["superseded_at"])
    op.execute(FIRST_CHECKPOINT)
    for table in ("summary_company_spans", "summary_known_deltas", "summary_known_monthly_deltas"):
        op.execute(f"ANALYZE {table}")


def downgrade() -> None:
    spec = importlib.util.spec_from_file_location("rollups", Path(__file__).with_name("0004_statistics_rollups.py"))
    assert spec is not None
    assert spec.loader is not None
    rollups = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rollups)
    op.execute(rollups.REFRESH_FUNCTION.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
    op.execute("DROP TRIGGER summary_history_update ON company_history")
    op.execute("DROP FUNCTION summary_after_history_update()")
    op.execute("DROP FUNCTION statistics_checkpoint(timestamptz)")
    op.execute("DROP FUNCTION summary_span_versions(uuid[])")
    op.drop_index("ix_summary_known_monthly_deltas_month", table_name="summary_known_monthly_deltas")
    op.drop_table("summary_known_monthly_deltas")
    op.drop_index("ix_summary_known_deltas_day", table_name="summary_known_deltas")
    op.drop_table("summary_known_deltas")
    op.drop_table("statistics_checkpoints")
    op.drop_index("ix_summary_company_spans_superseded_at", table_name="summary_company_spans")
    op.drop_index("ix_summary_company_spans_recorded_at", table_name="summary_company_spans")
    op.execute("DELETE FROM summary_company_spans WHERE superseded_at IS NOT NULL")
    op.drop_column("summary_company_spans", "superseded_at")
    op.drop_column("summary_company_spans", "recorded_at")
