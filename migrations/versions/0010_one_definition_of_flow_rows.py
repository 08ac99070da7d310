"""One definition of the flows' rows: ``flow_rows_known_at(known_at)``, which ``flow_source_rows`` reads at
'infinity' for the rollups and the statistics read at a moment, instead of two copies of the same SQL.

Runs a frozen copy (``migrations/sql/0010_flow_rollups.sql``) of ``registry/statistics/sql/flow_rollups.sql``; the
rollups' figures do not change.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQL = Path(__file__).resolve().parent.parent / "sql"


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
    for statement in statements((SQL / "0010_flow_rollups.sql").read_text(encoding="utf-8")):
        op.execute(statement)


def downgrade() -> None:
    view = next(s for s in statements((SQL / "0008_flow_rollups.sql").read_text(encoding="utf-8")) if "VIEW" in s)
    op.execute(view)
    op.execute("DROP FUNCTION flow_rows_known_at(timestamptz)")
