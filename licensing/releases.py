"""Official statistics releases: numbered, immutable snapshots of the official tables, their revisions and calendar.

A release of fiscal year Y is computed as known at the moment it is made (``known_at``) and stored with the SHA-256
of its canonical content and the rubric and code versions that made it. A second release of Y is a revision; its
changes against an earlier one list every cell that differs, with a reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from importlib.metadata import PackageNotFoundError, version

import msgspec
from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.confidential_tables import ConfidentialRows, cell_key
from licensing.release_errors import (
    calendar_entry_exists,
    calendar_entry_not_found,
    period_not_closed,
    planned_before_period_end,
    release_not_found,
    revision_of_other_period,
)
from licensing.release_inputs import inputs_of, store_inputs
from licensing.release_schemas import (
    CalendarEntryIn,
    CalendarEntryView,
    CellChange,
    ChangeReason,
    ReleaseChanges,
    ReleaseSummary,
    WithheldCell,
)
from licensing.release_tables import release_tables
from registry.declarations.models import Declaration
from registry.declarations.rubric_versions import rubric_in_force
from registry.events.service import record_event
from registry.statistics.dictionary import METRICS
from registry.statistics.disclosure import DisclosureSettings
from registry.statistics.known_stocks import make_checkpoint, oldest_open_transaction
from registry.statistics.linked_protection import CellKey
from registry.statistics.observations import Observation, canonical_json, sha256_hex, sorted_observations
from registry.statistics.release_models import ReleaseCalendarEntry, StatisticsRelease

__all__ = [
    "ReleaseContent",
    "add_calendar_entry",
    "code_version",
    "compute_release_content",
    "create_release",
    "declaration_deadline",
    "delete_calendar_entry",
    "get_release",
    "list_calendar",
    "list_releases",
    "published_before",
    "release_changes",
    "release_content",
    "release_protection",
    "release_summary",
]


MAX_RELEASE_ID = 2**63 - 1
"""The largest release number a BIGINT holds."""


class ReleaseContent(msgspec.Struct, frozen=True, kw_only=True):
    """What a release's SHA-256 covers: its period, time, versions and every observation in key order."""

    period: int
    known_at: datetime
    provisional: bool
    rubric_version: int
    code_version: str
    observations: list[Observation]


def code_version() -> str:
    """The version of the installed registry package that computes the figures."""
    try:
        return f"alemai-registry {version('alemai-registry')}"
    except PackageNotFoundError:  # pragma: no cover - running from a checkout without installing
        return "alemai-registry (not installed)"


def declaration_deadline(period: int) -> date:
    """The last day to file the yearly declaration of fiscal year ``period``: 31 March of the next year."""
    return date(period + 1, 3, 31)


async def compute_release_content(
    session: AsyncSession,
    rules: DisclosureSettings,
    *,
    period: int,
    known_at: datetime,
    rubric_version: int,
    code: str,
    release_id: int | None = None,
) -> ReleaseContent:
    """The official tables of ``period`` as known at ``known_at``, provisional ones marked ``P``.

    The releases made before it (:func:`published_before`; before release ``release_id`` when recomputing that one,
    else every release there is) take part in its protection, so a release recomputed with its number gives the
    same bytes.
    """
    content, _, _ = await _computed(
        session,
        rules,
        period=period,
        known_at=known_at,
        rubric_version=rubric_version,
        code=code,
        release_id=release_id,
    )
    return content


async def _computed(
    session: AsyncSession,
    rules: DisclosureSettings,
    *,
    period: int,
    known_at: datetime,
    rubric_version: int,
    code: str,
    release_id: int | None = None,
) -> tuple[ReleaseContent, list[WithheldCell], ConfidentialRows]:
    provisional = known_at.date() <= declaration_deadline(period)
    before = await published_before(session, period=period, release_id=release_id)
    tables = await release_tables(
        session,
        rules,
        year=period,
        known_at=known_at,
        published_before=await inputs_of(session, before),
        already_published=_published_cells(release for release in before if release.period == period),
    )
    observations = tables.observations
    if provisional:
        observations = [
            msgspec.structs.replace(o, obs_status="P") if o.time_period.startswith(str(period)) else o
            for o in observations
        ]
    content = ReleaseContent(
        period=period,
        known_at=known_at,
        provisional=provisional,
        rubric_version=rubric_version,
        code_version=code,
        observations=sorted_observations(observations),
    )
    withheld = [WithheldCell(key=list(key), reason=reason) for key, reason in sorted(tables.reasons.items())]
    return content, withheld, tables.rows


async def published_before(session: AsyncSession, *, period: int, release_id: int | None) -> list[StatisticsRelease]:
    """The releases a release of ``period`` could be differenced against, oldest first.

    Those made before it (numbered below ``release_id``; all of them for a release still to be made) of the same
    fiscal year (earlier revisions) and of the years just before and after it (their stocks and cohorts hold nearly
    the same companies). Releases two or more years apart are not compared.
    """
    query = select(StatisticsRelease).where(StatisticsRelease.period.between(period - 1, period + 1))
    if release_id is not None:
        query = query.where(StatisticsRelease.id < release_id)
    return list(await session.scalars(query.order_by(StatisticsRelease.id)))


def _published_cells(releases: Iterable[StatisticsRelease]) -> dict[CellKey, Decimal]:
    """Every cell the earlier revisions of a year published, by the linked set's key, with its published value."""
    found: dict[CellKey, Decimal] = {}
    for release in releases:
        for o in release_content(release).observations:
            if o.conf_status == "F" and o.value is not None:
                found[cell_key(o)] = Decimal(o.value)
    return found


async def settled_moment(session: AsyncSession, now: datetime) -> datetime:
    """``now``, or just before the oldest transaction still open on the database if that began earlier.

    Rows are stamped with the time they are written, inside their transaction, and become visible when it commits.
    A transaction open now may still commit rows stamped before ``now``: a release known at ``now`` would then differ
    from its recomputation. Before the oldest open transaction began, everything that will ever be stamped is
    already committed, so the release is known at that moment instead.
    """
    oldest = await oldest_open_transaction(session)
    if oldest is None or oldest > now:
        return now
    return oldest - timedelta(microseconds=1)


async def create_release(
    session: AsyncSession, rules: DisclosureSettings, *, period: int, actor_id: uuid.UUID | None, now: datetime
) -> ReleaseSummary:
    """Make the next release of ``period`` as known now; a period's second release is a revision.

    Releases are made one at a time (a transaction-scoped advisory lock), so revisions are numbered without gaps.

    Raises:
        InvalidInput: ``period`` has not ended.
    """
    if period >= now.year:
        raise period_not_closed(period, now.year)
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext('statistics_releases'))"))
    revision = 1 + (
        await session.scalar(
            select(func.coalesce(func.max(StatisticsRelease.revision), 0)).where(StatisticsRelease.period == period)
        )
        or 0
    )
    rubric = await rubric_in_force(session, now.date())
    await make_checkpoint(session, now=now)  # the stocks as known at any moment since read from here on
    known_at = await settled_moment(session, now)
    content, withheld, rows = await _computed(
        session, rules, period=period, known_at=known_at, rubric_version=rubric.version, code=code_version()
    )
    encoded = canonical_json(content)
    release = StatisticsRelease(
        period=period,
        revision=revision,
        known_at=known_at,
        provisional=content.provisional,
        rubric_version=content.rubric_version,
        code_version=content.code_version,
        sha256=sha256_hex(encoded),
        content=encoded,
        protection=msgspec.json.encode(withheld),
        created_by=actor_id,
        created_at=now,
    )
    session.add(release)
    await session.flush()
    store_inputs(session, release.id, rows)
    await record_event(
        session,
        actor_id=actor_id,
        kind="statistics.released",
        resource_type="statistics_release",
        resource_id=str(release.id),
        data={"period": period, "revision": revision, "sha256": release.sha256, "provisional": release.provisional},
        public=True,
    )
    return release_summary(release)


def release_summary(release: StatisticsRelease) -> ReleaseSummary:
    """The release's metadata as served."""
    return ReleaseSummary(
        id=release.id,
        period=release.period,
        revision=release.revision,
        known_at=release.known_at,
        provisional=release.provisional,
        rubric_version=release.rubric_version,
        code_version=release.code_version,
        sha256=release.sha256,
        created_at=release.created_at,
    )


def release_content(release: StatisticsRelease) -> ReleaseContent:
    """The stored content of a release."""
    return msgspec.json.decode(release.content, type=ReleaseContent)


def release_protection(release: StatisticsRelease) -> list[WithheldCell]:
    """Why each withheld confidential cell of a release is withheld (for staff: the reason tells how small it is)."""
    if release.protection is None:
        return []
    return msgspec.json.decode(release.protection, type=list[WithheldCell])


async def get_release(session: AsyncSession, release_id: int) -> StatisticsRelease:
    """A release by number.

    Raises:
        NotFound: No release has this number.
    """
    if not 1 <= release_id <= MAX_RELEASE_ID:
        raise release_not_found(release_id)  # no such number could be stored (and it would overflow BIGINT)
    release = await session.get(StatisticsRelease, release_id)
    if release is None:
        raise release_not_found(release_id)
    return release


async def list_releases(session: AsyncSession, *, period: int | None = None) -> list[ReleaseSummary]:
    """Every release, newest first (of one period when ``period`` is given)."""
    query = select(StatisticsRelease)
    if period is not None:
        query = query.where(StatisticsRelease.period == period)
    rows = await session.scalars(query.order_by(StatisticsRelease.id.desc()))
    return [release_summary(release) for release in rows]


async def release_changes(session: AsyncSession, *, release_id: int, since_id: int) -> ReleaseChanges:
    """Every cell of release ``release_id`` that differs from release ``since_id`` of the same period.

    A cell's reason is ``new_rubric_version`` when the releases were classified under different rubric versions;
    otherwise ``new_declarations`` for a table built from declarations when declarations were filed between the
    two releases; otherwise ``corrections`` (changes to the register recorded in between).

    Raises:
        NotFound: Either release does not exist.
        InvalidInput: They describe different periods.
    """
    later, earlier = await get_release(session, release_id), await get_release(session, since_id)
    if later.period != earlier.period:
        raise revision_of_other_period(release_id, since_id)
    low, high = sorted((earlier.known_at, later.known_at))
    filed_between = bool(
        await session.scalar(
            select(func.count())
            .select_from(Declaration)
            .where(Declaration.filed_at >= low, Declaration.filed_at < high)
        )
    )
    old = {o.key: o for o in release_content(earlier).observations}
    new = {o.key: o for o in release_content(later).observations}
    changes = []
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key), new.get(key)
        if (
            before is not None
            and after is not None
            and (before.value, before.conf_status)
            == (
                after.value,
                after.conf_status,
            )
        ):
            continue
        reason: ChangeReason = "corrections"
        if later.rubric_version != earlier.rubric_version:
            reason = "new_rubric_version"
        elif filed_between and METRICS[key[1]].from_declarations:
            reason = "new_declarations"
        dataflow, measure, ref_area, time_period, ai_class, activity, legal_form, licence_type, years_after = key
        changes.append(
            CellChange(
                dataflow=dataflow,
                measure=measure,
                ref_area=ref_area,
                time_period=time_period,
                ai_class=ai_class,
                activity=activity,
                legal_form=legal_form,
                licence_type=licence_type,
                years_after=years_after,
                old_value=None if before is None else before.value,
                new_value=None if after is None else after.value,
                old_conf_status=None if before is None else before.conf_status,
                new_conf_status=None if after is None else after.conf_status,
                reason=reason,
            )
        )
    return ReleaseChanges(release=release_id, since=since_id, changes=changes)


async def list_calendar(session: AsyncSession) -> list[CalendarEntryView]:
    """The release calendar, by planned date, with the releases made for each period."""
    entries = list(
        await session.scalars(
            select(ReleaseCalendarEntry).order_by(ReleaseCalendarEntry.planned_date, ReleaseCalendarEntry.dataset)
        )
    )
    periods = {e.period for e in entries}
    made: dict[int, list[int]] = {
        period: list(ids)
        for period, ids in await session.execute(
            select(
                StatisticsRelease.period, func.array_agg(aggregate_order_by(StatisticsRelease.id, StatisticsRelease.id))
            )
            .where(StatisticsRelease.period.in_(periods))
            .group_by(StatisticsRelease.period)
        )
    }
    return [
        CalendarEntryView(
            id=e.id, dataset=e.dataset, period=e.period, planned_date=e.planned_date, releases=made.get(e.period, [])
        )
        for e in entries
    ]


async def add_calendar_entry(
    session: AsyncSession, *, request: CalendarEntryIn, actor_id: uuid.UUID | None
) -> CalendarEntryView:
    """Plan a release of a dataset for a period.

    Raises:
        InvalidInput: The planned date is not after the period's end (a fiscal year is released once it is over).
        Conflict: The calendar already plans that dataset for that period.
    """
    if request.planned_date <= date(request.period, 12, 31):
        raise planned_before_period_end(request.period, request.planned_date)
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext('release_calendar'))"))
    exists = await session.scalar(
        select(ReleaseCalendarEntry.id).where(
            ReleaseCalendarEntry.dataset == request.dataset, ReleaseCalendarEntry.period == request.period
        )
    )
    if exists is not None:
        raise calendar_entry_exists(request.dataset, request.period)
    entry = ReleaseCalendarEntry(
        id=uuid.uuid4(),
        dataset=request.dataset,
        period=request.period,
        planned_date=request.planned_date,
        created_by=actor_id,
    )
    session.add(entry)
    await session.flush()
    await record_event(
        session,
        actor_id=actor_id,
        kind="statistics.release_planned",
        resource_type="release_calendar",
        resource_id=entry.id,
        data={"dataset": entry.dataset, "period": entry.period, "planned_date": entry.planned_date.isoformat()},
        public=True,
    )
    releases = [view.id for view in reversed(await list_releases(session, period=entry.period))]
    return CalendarEntryView(
        id=entry.id, dataset=entry.dataset, period=entry.period, planned_date=entry.planned_date, releases=releases
    )


async def delete_calendar_entry(session: AsyncSession, *, entry_id: uuid.UUID, actor_id: uuid.UUID | None) -> None:
    """Take a planned release off the calendar.

    Raises:
        NotFound: No such entry.
    """
    entry = await session.get(ReleaseCalendarEntry, entry_id)
    if entry is None:
        raise calendar_entry_not_found()
    await session.delete(entry)
    await session.flush()
    await record_event(
        session,
        actor_id=actor_id,
        kind="statistics.release_unplanned",
        resource_type="release_calendar",
        resource_id=entry_id,
        data={"dataset": entry.dataset, "period": entry.period},
        public=True,
    )
