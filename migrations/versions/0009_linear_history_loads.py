"""Bulk loads stay linear and within the lock table.

* A new company's (and licence's) history is written straight from the inserted rows, and the primary activity a
  company was created without is filled in set-wise: no lookup per company.
* The summary spans read each day's class through the declarations' index; the licence spans probe each licence's
  status history and its holder's region spans through their indexes.
* A bulk refresh of the licence spans locks the table instead of taking one advisory lock per company (thousands of
  them exhausted the lock table).

Runs frozen copies (``migrations/sql/0009_*.sql``) of the package's SQL files; the figures do not change.

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
    _run("0009_company_history.sql", "0009_licence_history.sql", "0009_summary_rollups.sql", "0009_licence_rollups.sql")


def downgrade() -> None:
    _run("0007_company_history.sql", "0007_licence_history.sql", "0008_summary_rollups.sql", "0008_licence_rollups.sql")
