"""Writing a batch of checked rows: staged by COPY, inserted in one statement, an event for each company.

A batch is written as the API would write its companies one by one, only in fewer statements:

* the companies are COPYed into a staging table (a TEMP table dropped at commit) and inserted into ``companies``
  in one ``INSERT … SELECT … ON CONFLICT (bin) DO NOTHING``, so a BIN registered meanwhile (through the API or a
  parallel import) is left alone and counted as already registered;
* their activities and owners are COPYed after them. The register's history is kept by the tables' statement
  triggers, as for the API's inserts (a company first without its primary activity, then with it); the statistics
  rollups are made once for the batch's companies when these and their activities are in
  (:mod:`registry.bulk.batch_rollups`), by the functions the insert triggers call, and end as those leave them;
* each new company gets the API's ``company.registered`` event, and an owner named by e-mail the
  ``company.member_added`` event that ``POST /companies/{id}/members`` writes: appended to the hash chain from its
  locked head (:class:`registry.demo.bulk.EventBatch`, the chain's own hashing), so ``/audit/verify`` holds.

The caller owns the transaction (one per batch, so the chain head is locked for a batch, not for the whole file).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from registry.accounts.models import Account
from registry.bulk.batch_rollups import rollups_once_per_batch
from registry.bulk.checks import CheckedRow, Rejection
from registry.companies.errors import field_error
from registry.companies.models import Company
from registry.companies.service import new_company, registered_event_data
from registry.database import utc_now
from registry.demo.bulk import copy_records, lock_event_batch
from registry.reference.models import Activity, Region

__all__ = ["BatchOutcome", "ImportReferences", "PreparedRow", "import_batch", "load_references", "prepare_rows"]

STAGING_TABLE = "bulk_company_staging"
COMPANY_COLUMNS = (
    "id",
    "bin",
    "name_kk",
    "name_ru",
    "name_en",
    "legal_form",
    "region_kato",
    "registration_date",
    "status",
    "headcount",
    "website",
    "description",
    "search_key",
    "version",
    "created_at",
    "updated_at",
)
_COLUMN_LIST = ", ".join(COMPANY_COLUMNS)
_CREATE_STAGING = text(
    f"CREATE TEMP TABLE IF NOT EXISTS {STAGING_TABLE} (LIKE companies INCLUDING DEFAULTS) ON COMMIT DROP"
)
_INSERT_FROM_STAGING = text(  # constant table and column names, no input
    f"INSERT INTO companies ({_COLUMN_LIST}) SELECT {_COLUMN_LIST} FROM {STAGING_TABLE} ORDER BY bin "  # noqa: S608
    "ON CONFLICT (bin) DO NOTHING RETURNING id"
)


@dataclass(frozen=True, slots=True)
class ImportReferences:
    """The region and OKED codes the registry knows, read once per import."""

    regions: frozenset[str]
    activities: frozenset[str]


async def load_references(session: AsyncSession) -> ImportReferences:
    """The reference codes a row's region and activities are judged against."""
    regions = frozenset(await session.scalars(select(Region.kato)))
    activities = frozenset(await session.scalars(select(Activity.code)))
    return ImportReferences(regions, activities)


@dataclass(slots=True)
class BatchOutcome:
    """What one batch did."""

    imported: int = 0
    """Companies registered."""
    unchanged: int = 0
    """Rows whose BIN was already registered: left as they are (a re-run imports nothing twice)."""
    rejections: list[Rejection] = field(default_factory=list)
    """Rows refused here (an owner e-mail with no founder account)."""
    last_seq: int | None = None
    """The sequence number of the batch's last event."""


def _staging_record(company: Company, now: datetime) -> tuple[object, ...]:
    return (
        company.id,
        company.bin,
        company.name_kk,
        company.name_ru,
        company.name_en,
        company.legal_form,
        company.region_kato,
        company.registration_date,
        "active",
        company.headcount,
        company.website,
        company.description,
        company.search_key,
        1,
        now,
        now,
    )


async def _owners(session: AsyncSession, rows: Sequence[CheckedRow]) -> dict[str, uuid.UUID]:
    emails = {row.owner_email for row in rows if row.owner_email}
    if not emails:
        return {}
    found = await session.execute(
        select(Account.email, Account.id).where(Account.email.in_(emails), Account.role == "founder")
    )
    return {email: account_id for email, account_id in found.all()}


_REGISTERED_BINS = text("SELECT bin FROM companies WHERE bin = ANY(CAST(:bins AS text[]))")
"""One array parameter: an ``IN`` list of 5,000 parameters costs more to send and plan than the lookup itself."""


async def _registered_bins(session: AsyncSession, rows: Sequence[CheckedRow]) -> set[str]:
    bins = [row.request.bin.strip() for row in rows]
    return set(await session.scalars(_REGISTERED_BINS, {"bins": bins})) if bins else set()


@dataclass(frozen=True, slots=True)
class PreparedRow:
    """A checked row with its register row built (the CPU part of an import, done before the batch's transaction)."""

    row: CheckedRow
    company: Company


def prepare_rows(rows: Sequence[CheckedRow]) -> list[PreparedRow]:
    """The register row of each checked row, as the API builds it (:func:`registry.companies.service.new_company`).

    Pure Python, no database: the import builds batch *n + 1* in a worker thread while batch *n* is written.
    """
    return [PreparedRow(row, new_company(row.request, uuid.uuid4())) for row in rows]


async def import_batch(session: AsyncSession, rows: Sequence[PreparedRow]) -> BatchOutcome:
    """Register the companies of ``rows`` that are not registered yet, with their activities, owners and events."""
    outcome = BatchOutcome()
    checked = [prepared.row for prepared in rows]
    owners = await _owners(session, checked)
    registered = await _registered_bins(session, checked)
    to_write: list[tuple[CheckedRow, Company, uuid.UUID | None]] = []
    for prepared in rows:
        row, company = prepared.row, prepared.company
        if company.bin in registered:
            outcome.unchanged += 1
            continue
        owner = owners.get(row.owner_email) if row.owner_email else None
        if row.owner_email and owner is None:
            error = field_error("owner_email", "company.member_unknown_email")
            outcome.rejections.append(Rejection(row.line, company.bin, (error,)))
            continue
        to_write.append((row, company, owner))
    if not to_write:
        return outcome
    now = utc_now()
    await session.execute(_CREATE_STAGING)
    await session.execute(text(f"TRUNCATE {STAGING_TABLE}"))
    await copy_records(
        session, STAGING_TABLE, COMPANY_COLUMNS, [_staging_record(company, now) for _, company, _ in to_write]
    )
    async with rollups_once_per_batch(session) as batch:
        inserted = set((await session.execute(_INSERT_FROM_STAGING)).scalars())
        written = [entry for entry in to_write if entry[1].id in inserted]
        await copy_records(
            session,
            "company_activities",
            ("company_id", "oked_code", "is_primary"),
            [
                (company.id, code, code == row.request.primary_activity)
                for row, company, _ in written
                for code in dict.fromkeys(row.request.activities)
            ],
        )
        batch.ids = [company.id for _, company, _ in written]
    outcome.unchanged += len(to_write) - len(written)
    await copy_records(
        session,
        "company_members",
        ("company_id", "account_id", "role", "created_at"),
        [(company.id, owner, "owner", now) for _, company, owner in written if owner is not None],
    )
    outcome.last_seq = await _append_events(session, written)
    outcome.imported = len(written)
    return outcome


async def _append_events(session: AsyncSession, written: Sequence[tuple[CheckedRow, Company, uuid.UUID | None]]) -> int:
    """The API's events for each new company (and its owner), appended to the chain; the last sequence number."""
    events = await lock_event_batch(session)
    for row, company, owner in written:
        events.append(
            actor_id=None,
            kind="company.registered",
            resource_type="company",
            resource_id=company.id,
            data=registered_event_data(company, row.request.activities, row.request.primary_activity),
            confidential={"headcount": company.headcount, "website": company.website},
            public=True,
        )
        if owner is not None:
            events.append(
                actor_id=None,
                kind="company.member_added",
                resource_type="company",
                resource_id=company.id,
                data={},
                confidential={"account_id": str(owner), "role": "owner"},
                public=False,
            )
    await events.flush(session)
    return events.last_seq
