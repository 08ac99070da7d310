"""Licences in force as known at any moment, fast: every version of each licence's spans kept in transaction time,
and the checkpoints sum their changes into per-day deltas as they do the summary's (``licensing/licence_rollups.sql``,
``registry/statistics/sql/known_rollups.sql``).

Runs a frozen copy (``migrations/sql/0018_known_licences.sql``) of the package's definitions it changes or adds, and
no other: the trigger wrappers on ``companies`` are left as they are. The versions are built from the licences, their
status history and their holders' history (so figures as known at a past moment are those the histories give, before
and after the upgrade); the checkpoints made before are dropped (they hold no licence deltas) and a first one is made.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01
"""

import re
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQL = Path(__file__).resolve().parent.parent / "sql"
SCRIPT = "0018_known_licences.sql"
PREVIOUS = {"licence_refresh": "0009_licence_rollups.sql", "statistics_checkpoint": "0015_known_rollups.sql"}
"""Where the definitions this revision replaces were frozen (restored by the downgrade)."""
REWRITE_TRIGGERS = (
    ("licence_known_company_history_update", "company_history"),
    ("licence_known_licence_history_update", "licence_history"),
)
REBUILD = """
DO $$
DECLARE
    batch uuid[];
BEGIN
    FOR batch IN
        SELECT array_agg(c.company_id) FROM (
            SELECT h.company_id, (row_number() OVER (ORDER BY h.company_id) - 1) / 20000 AS chunk
            FROM (SELECT DISTINCT l.company_id FROM licences l) h
        ) c
        GROUP BY c.chunk ORDER BY c.chunk
    LOOP
        PERFORM licence_refresh(batch);
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


def _known_table(name: str, key: str) -> None:
    op.create_table(
        name,
        sa.Column("checkpoint_id", sa.BigInteger(), nullable=False),
        sa.Column(key, sa.Date(), nullable=False),
        sa.Column("region_kato", sa.String(length=9), nullable=False),
        sa.Column("licence_type", sa.String(length=20), nullable=False),
        sa.Column("licences", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkpoint_id"],
            ["statistics_checkpoints.id"],
            name=op.f(f"fk_{name}_checkpoint_id_statistics_checkpoints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("checkpoint_id", key, "region_kato", "licence_type", name=op.f(f"pk_{name}")),
    )
    op.create_index(f"ix_{name}_{key}", name, [key])


def upgrade() -> None:
    op.create_table(
        "licence_known_spans",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("licence_id", sa.Uuid(), nullable=False),
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("region_kato", sa.String(length=9), nullable=False),
        sa.Column("licence_type", sa.String(length=20), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licence_known_spans")),
    )
    op.create_index("ix_licence_known_spans_company_id", "licence_known_spans", ["company_id"])
    _known_table("licence_known_deltas", "day")
    _known_table("licence_known_monthly_deltas", "month")
    for statement in statements((SQL / SCRIPT).read_text(encoding="utf-8")):
        op.execute(statement)
    for trigger, table in REWRITE_TRIGGERS:
        op.execute(
            f"CREATE TRIGGER {trigger} AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows "
            "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION licences_after_history_rewrite()"
        )
    op.execute("DELETE FROM statistics_checkpoints")
    op.execute(REBUILD)
    op.create_index("ix_licence_known_spans_recorded_at", "licence_known_spans", ["recorded_at"])
    op.create_index("ix_licence_known_spans_superseded_at", "licence_known_spans", ["superseded_at"])
    op.execute(FIRST_CHECKPOINT)
    for table in ("licence_known_spans", "licence_known_deltas", "licence_known_monthly_deltas"):
        op.execute(f"ANALYZE {table}")
    op.execute("ANALYZE summary_known_deltas")
    op.execute("ANALYZE summary_known_monthly_deltas")


def downgrade() -> None:
    for trigger, table in REWRITE_TRIGGERS:
        op.execute(f"DROP TRIGGER {trigger} ON {table}")
    for name, script in PREVIOUS.items():
        op.execute(_definition(script, name))
    op.execute("DROP FUNCTION licences_after_history_rewrite()")
    op.execute("DROP FUNCTION licence_span_versions(uuid[])")
    for name, key in (("licence_known_monthly_deltas", "month"), ("licence_known_deltas", "day")):
        op.drop_index(f"ix_{name}_{key}", table_name=name)
        op.drop_table(name)
    for index in ("superseded_at", "recorded_at", "company_id"):
        op.drop_index(f"ix_licence_known_spans_{index}", table_name="licence_known_spans")
    op.drop_table("licence_known_spans")
