"""An idempotent replay repeats the first answer byte for byte: the stored body is ``json``, kept as written.

``jsonb`` normalises what it stores (keys reordered by length, whitespace dropped), so a replay had the same JSON as
the first answer but not the same bytes. ``json`` keeps the text, and the keys in the order the response had them.
Bodies stored before keep the order ``jsonb`` gave them.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE idempotency_keys ALTER COLUMN response TYPE json USING response::json")


def downgrade() -> None:
    op.execute("ALTER TABLE idempotency_keys ALTER COLUMN response TYPE jsonb USING response::jsonb")
