"""Each release keeps what its confidential tables were built from, so later releases read it instead of rebuilding.

A release is protected against the releases published before it: their company-by-company rows (flows, funnel,
growth, cohorts, AI FTE states). Those rows depend only on the release's period and ``known_at``, so they are stored
once, when the release is made (compressed msgpack, never served), and are as immutable as the release itself.
Releases made before this migration have none; a later release recomputes theirs as before.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IMMUTABLE_FUNCTION = """
CREATE FUNCTION statistics_release_inputs_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the inputs of statistics release % are immutable', OLD.release_id
        USING ERRCODE = 'restrict_violation';
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "statistics_release_inputs",
        sa.Column("release_id", sa.BigInteger(), nullable=False),
        sa.Column("rows", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["statistics_releases.id"],
            name=op.f("fk_statistics_release_inputs_release_id_statistics_releases"),
        ),
        sa.PrimaryKeyConstraint("release_id", name=op.f("pk_statistics_release_inputs")),
    )
    op.execute(IMMUTABLE_FUNCTION)
    op.execute(
        "CREATE TRIGGER statistics_release_inputs_immutable BEFORE UPDATE OR DELETE ON statistics_release_inputs "
        "FOR EACH ROW EXECUTE FUNCTION statistics_release_inputs_immutable()"
    )


def downgrade() -> None:
    op.drop_table("statistics_release_inputs")
    op.execute("DROP FUNCTION statistics_release_inputs_immutable()")
