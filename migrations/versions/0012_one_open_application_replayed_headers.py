"""One open application per company and licence type; idempotent replays keep the first answer's headers.

Two simultaneous ``POST /applications`` for one company and licence type could both pass the service's check and
both be stored. A partial unique index on the open states makes the database refuse the second one.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_STATES = "state IN ('draft', 'submitted', 'in_review', 'sent_back')"
"""Frozen here: the model's ``OPEN_APPLICATION_STATES`` may change later, this revision may not."""

_DUPLICATES = f"""
    SELECT company_id, licence_type, string_agg(id::text, ', ' ORDER BY created_at, id) AS ids
    FROM licence_applications WHERE {OPEN_STATES}
    GROUP BY company_id, licence_type HAVING count(*) > 1 ORDER BY company_id, licence_type
"""  # noqa: S608 - a constant, no input


def upgrade() -> None:
    """Refuse to go on while a company has two open applications of a type (they must be resolved by hand).

    Which of two open applications to keep is a decision about a company's case (withdraw one through the API, so
    the withdrawal is on the record); a migration must not make it silently.
    """
    duplicates = op.get_bind().execute(sa.text(_DUPLICATES)).all()
    if duplicates:
        listed = "; ".join(f"company {row.company_id}, {row.licence_type}: {row.ids}" for row in duplicates)
        raise RuntimeError(
            "Some companies have more than one open application of a licence type. Withdraw all but one of each "
            f"(POST /api/v1/applications/{{id}}/withdraw) and migrate again: {listed}"
        )
    op.create_index(
        "uq_licence_applications_one_open",
        "licence_applications",
        ["company_id", "licence_type"],
        unique=True,
        postgresql_where=sa.text(OPEN_STATES),
    )
    op.add_column("idempotency_keys", sa.Column("response_headers", postgresql.JSONB(), nullable=True))


def downgrade() -> None:
    """Drop the headers of stored responses and the index."""
    op.drop_column("idempotency_keys", "response_headers")
    op.drop_index("uq_licence_applications_one_open", table_name="licence_applications")
