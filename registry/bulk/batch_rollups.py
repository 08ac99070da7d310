"""The statistics rollups of a bulk batch kept once per batch instead of once per statement.

An API registration is two statements, the company and then its activities, and the insert triggers of both keep
the rollups: the flow facts are rebuilt twice (first without the primary activity, then with it), the summary once.
A bulk batch of thousands of companies pays the same for every batch. Inside :func:`rollups_once_per_batch` the
rollups' insert triggers of ``companies`` and ``company_activities`` stand aside (migration 0016: their ``WHEN``
compares ``registry.bulk_batch`` with the transaction's id); when the body has written the batch's companies and
activities, the functions those triggers call run once over the batch's ids, in the same transaction, so the
rollups end as the statements would have left them. The register's history is still kept by its own triggers, per
statement (their insert reads the statement's rows; ``company_history_record`` over a batch looks each company up,
which is slow before the planner has statistics of a fresh register).

The setting is transaction-local and holds the transaction's own id, so it cannot outlive the transaction (nor
match in another one if set for a whole session by mistake); it is cleared when the body ends, so any later
insert of the same transaction fires its triggers again. A body that raises refreshes nothing: the caller rolls
the transaction back, and nothing of the batch is kept.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["BULK_BATCH_SETTING", "BatchCompanies", "rollups_once_per_batch"]

BULK_BATCH_SETTING = "registry.bulk_batch"
"""The setting the insert triggers read (migration 0016)."""

_MARK = text(f"SELECT set_config('{BULK_BATCH_SETTING}', pg_current_xact_id()::text, true)")
_CLEAR = text(f"SELECT set_config('{BULK_BATCH_SETTING}', '', true)")
_REFRESHES = (
    text(
        "SELECT flow_refresh(CAST(:ids AS uuid[]), "
        "ARRAY['pivot_events', 'applications', 'licences', 'companies']::varchar[])"
    ),
    text("SELECT summary_refresh(CAST(:ids AS uuid[]))"),
)
"""What the rollups' insert triggers do, once and in their order: the flow facts of every source (as the activities'
trigger rebuilds them), then the summary's spans; both read the history the statements' triggers have written."""


@dataclass(slots=True)
class BatchCompanies:
    """The companies a bulk batch inserted (with their activities): the ids the refresh runs over."""

    ids: list[uuid.UUID] = field(default_factory=list)


@asynccontextmanager
async def rollups_once_per_batch(session: AsyncSession) -> AsyncIterator[BatchCompanies]:
    """Insert companies and their activities in the body; their statistics rollups are made once at its end.

    The body adds the ids of every company it inserted to the yielded :class:`BatchCompanies`, and inserts nothing
    else into ``companies`` or ``company_activities`` (updates and deletes fire their triggers as always). When the
    body raises, nothing is refreshed and the transaction must be rolled back (the mark goes with it).
    """
    batch = BatchCompanies()
    await session.execute(_MARK)
    yield batch  # a body that raises leaves the mark to its transaction, which the caller rolls back
    await session.execute(_CLEAR)
    for refresh in _REFRESHES if batch.ids else ():
        await session.execute(refresh, {"ids": batch.ids})
