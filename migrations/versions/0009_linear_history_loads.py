"""Bulk loads stay linear: a new company's history is written straight from the inserted rows, the primary activity
it was created without is filled in set-wise (no lookup per company), and the summary spans read each day's class
through the declarations' index.

Runs frozen copies (``migrations/sql/0009_*.sql``) of ``registry/history/company_history.sql`` and
``registry/statistics/sql/summary_rollups.sql``; the figures do not change.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQL = Path(__file__).resolve().parent.parent / "sql"


def statements(script: str) -> list[str]:
    """The statements of a script of ``CREATE FUNCTION ... $$ ... $$;`` definitions (asyncpg runs one at a time)."""
    return [part.strip() + "\n$$" for part in script.split("\n$$;") if part.strip() and "CREATE" in part]


def _run(*names: str) -> None:
    for name in names:
        for statement in statements((SQL / name).read_text(encoding="utf-8")):
            op.execute(statement)


def upgrade() -> None:
    _run("0009_company_history.sql", "0009_summary_rollups.sql")


def downgrade() -> None:
    _run("0007_company_history.sql", "0008_summary_rollups.sql")
