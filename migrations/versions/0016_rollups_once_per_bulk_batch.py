"""Rollups once per bulk batch: the statistics rollups' insert triggers of ``companies`` and ``company_activities``
stand aside in a transaction that has marked itself as a bulk batch.

A bulk batch (``registry.bulk.batch_rollups``) sets ``registry.bulk_batch`` to its own transaction id with
``set_config(..., true)``, writes its companies and their activities, clears the setting and calls the refresh
functions the triggers call, once over the batch's ids. The history's triggers keep firing per statement: their
insert reads the statement's own rows, while ``company_history_record`` over a batch looks every company up
(24 s for 5,000 companies in a freshly migrated database, before the planner has statistics). The condition compares the setting with the transaction id
of the statement, so a value set by mistake for a whole session (``SET`` without ``LOCAL``), or one left from an
earlier transaction, never matches: outside the batch's own transaction every trigger fires as before. Only the
triggers' ``WHEN`` changes; the functions they run are the package's, unchanged.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OUTSIDE_A_BULK_BATCH = "current_setting('registry.bulk_batch', true) IS DISTINCT FROM pg_current_xact_id()::text"
"""True unless this transaction marked itself as a bulk batch (the setting holds its own transaction id)."""

INSERT_TRIGGERS = (
    ("flows_companies_insert", "companies", "new_rows", "flows_after_companies_insert"),
    ("summary_companies_insert", "companies", "changed_rows", "summary_after_companies_change"),
    ("flows_company_activities_insert", "company_activities", "changed_rows", "flows_after_company_activities"),
)
"""The rollups' statement triggers an insert into the register fires, with their transition table and function (as
made by migrations 0005 and 0008). Their update and delete triggers are left as they are: a batch only inserts."""


def _create(condition: str | None) -> None:
    when = f"WHEN ({condition}) " if condition else ""
    for trigger, table, transition, function in INSERT_TRIGGERS:
        op.execute(f"DROP TRIGGER {trigger} ON {table}")
        op.execute(
            f"CREATE TRIGGER {trigger} AFTER INSERT ON {table} REFERENCING NEW TABLE AS {transition} "
            f"FOR EACH STATEMENT {when}EXECUTE FUNCTION {function}()"
        )


def upgrade() -> None:
    """Let the insert triggers stand aside in a bulk batch's own transaction."""
    _create(OUTSIDE_A_BULK_BATCH)


def downgrade() -> None:
    """The insert triggers fire on every statement again."""
    _create(None)
