"""Official statistics releases (immutable) and the public release calendar.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IMMUTABLE_FUNCTION = """
CREATE FUNCTION statistics_release_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'statistics release % is immutable: publish a revision instead', OLD.id
        USING ERRCODE = 'restrict_violation';
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "statistics_releases",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("period", sa.SmallInteger(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("known_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("rubric_version", sa.Integer(), nullable=False),
        sa.Column("code_version", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_statistics_releases_revision_positive")),
        sa.CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name=op.f("ck_statistics_releases_sha256_hex")),
        sa.ForeignKeyConstraint(
            ["created_by"], ["accounts.id"], name=op.f("fk_statistics_releases_created_by_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statistics_releases")),
        sa.UniqueConstraint("period", "revision", name=op.f("uq_statistics_releases_period")),
    )
    op.create_table(
        "release_calendar",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dataset", sa.String(length=64), nullable=False),
        sa.Column("period", sa.SmallInteger(), nullable=False),
        sa.Column("planned_date", sa.Date(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["accounts.id"], name=op.f("fk_release_calendar_created_by_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_calendar")),
        sa.UniqueConstraint("dataset", "period", name=op.f("uq_release_calendar_dataset")),
    )
    op.execute(IMMUTABLE_FUNCTION)
    op.execute(
        "CREATE TRIGGER statistics_releases_immutable BEFORE UPDATE OR DELETE ON statistics_releases "
        "FOR EACH ROW EXECUTE FUNCTION statistics_release_immutable()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER statistics_releases_immutable ON statistics_releases")
    op.execute("DROP FUNCTION statistics_release_immutable()")
    op.drop_table("release_calendar")
    op.drop_table("statistics_releases")
