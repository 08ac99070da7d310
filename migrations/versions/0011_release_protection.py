"""Releases keep, for staff, why each withheld confidential cell is withheld (outside their content and its hash).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``statistics_releases.protection`` (empty for the releases made before)."""
    op.add_column("statistics_releases", sa.Column("protection", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    """Drop it."""
    op.drop_column("statistics_releases", "protection")
