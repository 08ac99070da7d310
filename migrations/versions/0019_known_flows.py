"""Flows as known at any moment, fast: every version of each company's flow facts kept in transaction time, and the
checkpoints sum their changes per month, region and breakdown as they do the spans' (``registry/statistics/sql/
known_flow_facts.sql``, ``known_rollups.sql``).

Runs a frozen copy (``migrations/sql/0019_known_flows.sql``) of the package's definitions it changes or adds, and no
other (``flows_after_events`` casts only a licence's id to a uuid now): ``flow_refresh`` now also refreshes the versions, so every trigger that keeps the flow facts (and a bulk
batch's one refresh) keeps them. The versions are built from the source rows and the register's history (so figures
as known at a past moment are those the definition gives, before and after the upgrade); the checkpoints made before
are dropped (they hold no flow counts) and a first one is made.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01
"""

import re
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQL = Path(__file__).resolve().parent.parent / "sql"
SCRIPT = "0019_known_flows.sql"
PREVIOUS = {
    "flow_refresh": "0015_rollup_maintenance.sql",
    "flows_after_events": "0015_rollup_maintenance.sql",
    "statistics_checkpoint": "0018_known_licences.sql",
}
"""Where the definitions this revision replaces were frozen (restored by the downgrade)."""
REWRITE_TRIGGER = "flows_known_company_history_update"
REBUILD = """
DO $$
DECLARE
    batch uuid[];
BEGIN
    FOR batch IN
        SELECT array_agg(c.id) FROM (
            SELECT c.id, (row_number() OVER (ORDER BY c.id) - 1) / 20000 AS chunk FROM companies c
        ) c
        GROUP BY c.chunk ORDER BY c.chunk
    LOOP
        PERFORM flow_known_refresh(batch);
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
_FUNCTION = re.compile(r"CREATE OR REPLACE FUNCTION (\w+)\(")
_FACT_COLUMNS = (
    "first_month",
    "first_quarter",
    "first_year",
    "first_month_of_type",
    "first_quarter_of_type",
    "first_year_of_type",
)


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


def _definition(script: str, name: str) -> str:
    """The definition of function ``name`` in a frozen script."""
    found = [s for s in statements((SQL / script).read_text(encoding="utf-8")) if _FUNCTION.findall(s) == [name]]
    assert len(found) == 1, f"{name} in {script}"
    return found[0]


def upgrade() -> None:
    op.create_table(
        "flow_known_facts",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("licence_type", sa.String(length=20), nullable=False),
        sa.Column("region_kato", sa.String(length=9), nullable=False),
        sa.Column("legal_form", sa.String(length=32), nullable=False),
        sa.Column("section", sa.String(length=4), nullable=False),
        sa.Column("division", sa.String(length=8), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in _FACT_COLUMNS),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow_known_facts")),
    )
    op.create_index("ix_flow_known_facts_company_id", "flow_known_facts", ["company_id"])
    op.create_table(
        "flow_known_monthly_counts",
        sa.Column("checkpoint_id", sa.BigInteger(), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("region_kato", sa.String(length=9), nullable=False),
        sa.Column("dim", sa.String(length=20), nullable=False),
        sa.Column("grp", sa.String(length=32), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("first_month", sa.Integer(), nullable=False),
        sa.Column("first_quarter", sa.Integer(), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkpoint_id"],
            ["statistics_checkpoints.id"],
            name=op.f("fk_flow_known_monthly_counts_checkpoint_id_statistics_checkpoints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "checkpoint_id", "metric", "month", "region_kato", "dim", "grp", name=op.f("pk_flow_known_monthly_counts")
        ),
    )
    op.create_index(
        "ix_flow_known_monthly_counts_metric_dim_month", "flow_known_monthly_counts", ["metric", "dim", "month"]
    )
    for statement in statements((SQL / SCRIPT).read_text(encoding="utf-8")):
        op.execute(statement)
    op.execute(
        f"CREATE TRIGGER {REWRITE_TRIGGER} AFTER UPDATE ON company_history REFERENCING OLD TABLE AS old_rows "
        "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION flows_after_history_rewrite()"
    )
    op.execute("DELETE FROM statistics_checkpoints")
    op.execute(REBUILD)
    op.create_index("ix_flow_known_facts_recorded_at", "flow_known_facts", ["recorded_at"])
    op.create_index("ix_flow_known_facts_superseded_at", "flow_known_facts", ["superseded_at"])
    op.create_index("ix_flow_known_facts_metric_day", "flow_known_facts", ["metric", "day"])
    op.execute(FIRST_CHECKPOINT)
    for table in (
        "flow_known_facts",
        "flow_known_monthly_counts",
        "summary_known_deltas",
        "summary_known_monthly_deltas",
        "licence_known_deltas",
        "licence_known_monthly_deltas",
    ):
        op.execute(f"ANALYZE {table}")


def downgrade() -> None:
    op.execute(f"DROP TRIGGER {REWRITE_TRIGGER} ON company_history")
    for name, script in PREVIOUS.items():
        op.execute(_definition(script, name))
    op.execute("DROP FUNCTION flows_after_history_rewrite()")
    op.execute("DROP FUNCTION flow_known_refresh(uuid[])")
    op.execute("DROP FUNCTION flow_fact_versions(uuid[])")
    op.drop_index("ix_flow_known_monthly_counts_metric_dim_month", table_name="flow_known_monthly_counts")
    op.drop_table("flow_known_monthly_counts")
    for index in ("metric_day", "superseded_at", "recorded_at", "company_id"):
        op.drop_index(f"ix_flow_known_facts_{index}", table_name="flow_known_facts")
    op.drop_table("flow_known_facts")
