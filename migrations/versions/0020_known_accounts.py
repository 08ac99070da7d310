"""The stock-flow account as known at any moment, fast: checkpoints also hold the account's change per period,
breakdown, group and flow, and a reading adds them up and recounts only the companies changed since the last one
(``registry/statistics/known_accounts.py``).

The account deltas are computed in Python at each checkpoint that ``registry statistics checkpoint`` (or a release)
makes from here on; checkpoints made before (by migrations) hold none and are not used for accounts. The register's
history gets indexes on its two moments, so the companies changed between two moments are found without a scan.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "account_checkpoints",
        sa.Column("checkpoint_id", sa.BigInteger(), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=False),
        sa.Column("last_year", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkpoint_id"],
            ["statistics_checkpoints.id"],
            name=op.f("fk_account_checkpoints_checkpoint_id_statistics_checkpoints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("checkpoint_id", name=op.f("pk_account_checkpoints")),
    )
    op.create_table(
        "account_known_deltas",
        sa.Column("checkpoint_id", sa.BigInteger(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("dimension", sa.String(length=16), nullable=False),
        sa.Column("grp", sa.String(length=32), nullable=False),
        sa.Column("flow", sa.String(length=16), nullable=False),
        sa.Column("companies", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkpoint_id"],
            ["account_checkpoints.checkpoint_id"],
            name=op.f("fk_account_known_deltas_checkpoint_id_account_checkpoints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "checkpoint_id", "period", "dimension", "grp", "flow", name=op.f("pk_account_known_deltas")
        ),
    )
    op.create_index("ix_account_known_deltas_period", "account_known_deltas", ["period", "dimension"])
    op.create_index("ix_company_history_recorded_at", "company_history", ["recorded_at"])
    op.create_index("ix_company_history_superseded_at", "company_history", ["superseded_at"])


def downgrade() -> None:
    op.drop_index("ix_company_history_superseded_at", table_name="company_history")
    op.drop_index("ix_company_history_recorded_at", table_name="company_history")
    op.drop_index("ix_account_known_deltas_period", table_name="account_known_deltas")
    op.drop_table("account_known_deltas")
    op.drop_table("account_checkpoints")
