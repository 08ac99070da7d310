"""Published rubric versions: which one is in force, listing them, publishing a new one."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.declarations.errors import declaration_field_error, invalid_rubric_version
from registry.declarations.facts import RubricVersion, validate_thresholds
from registry.declarations.models import RubricVersionRecord
from registry.declarations.schemas import RubricVersionIn, RubricVersionView
from registry.events.service import record_event

__all__ = ["list_rubric_versions", "publish_rubric_version", "rubric_in_force", "rubric_version"]


def _as_rubric(record: RubricVersionRecord) -> RubricVersion:
    return RubricVersion(
        version=record.version,
        effective_from=record.effective_from,
        thresholds={name: Decimal(value) for name, value in record.thresholds.items()},
    )


async def rubric_in_force(session: AsyncSession, on: date) -> RubricVersion:
    """The latest version whose ``effective_from`` is on or before ``on``."""
    record = await session.scalar(
        select(RubricVersionRecord)
        .where(RubricVersionRecord.effective_from <= on)
        .order_by(RubricVersionRecord.effective_from.desc())
        .limit(1)
    )
    if record is None:  # before version 1 took effect, version 1 still applies
        record = await session.scalar(select(RubricVersionRecord).order_by(RubricVersionRecord.version).limit(1))
    if record is None:
        raise LookupError("no rubric version is published; run the migrations")
    return _as_rubric(record)


async def rubric_version(session: AsyncSession, version: int) -> RubricVersion | None:
    """One version by number."""
    record = await session.get(RubricVersionRecord, version)
    return _as_rubric(record) if record else None


async def list_rubric_versions(session: AsyncSession, *, today: date) -> list[RubricVersionView]:
    """All versions, newest first, marking the one in force today."""
    current = await rubric_in_force(session, today)
    records = await session.scalars(select(RubricVersionRecord).order_by(RubricVersionRecord.version.desc()))
    return [
        RubricVersionView(
            version=record.version,
            effective_from=record.effective_from,
            thresholds={name: Decimal(value) for name, value in record.thresholds.items()},
            notes=record.notes,
            current=record.version == current.version,
            published_at=record.published_at,
        )
        for record in records
    ]


async def publish_rubric_version(
    session: AsyncSession, *, actor_id: uuid.UUID | None, request: RubricVersionIn, today: date
) -> RubricVersionView:
    """Publish the next version; it takes effect from its date and never changes an older version."""
    validate_thresholds(request.thresholds)
    latest = await session.scalar(
        select(RubricVersionRecord).order_by(RubricVersionRecord.version.desc()).limit(1).with_for_update()
    )
    errors = []
    if request.effective_from < today:
        errors.append(declaration_field_error("effective_from", "rubric.effective_in_past"))
    if latest is not None and request.effective_from <= latest.effective_from:
        errors.append(
            declaration_field_error(
                "effective_from", "rubric.effective_not_after_current", latest=latest.effective_from.isoformat()
            )
        )
    if errors:
        raise invalid_rubric_version(errors)
    version = (await session.scalar(select(func.max(RubricVersionRecord.version))) or 0) + 1
    record = RubricVersionRecord(
        version=version,
        effective_from=request.effective_from,
        thresholds={name: str(value) for name, value in request.thresholds.items()},
        notes=request.notes,
        published_by=actor_id,
    )
    session.add(record)
    await session.flush()
    await record_event(
        session,
        actor_id=actor_id,
        kind="rubric.published",
        resource_type="rubric",
        resource_id=str(version),
        data={
            "version": version,
            "effective_from": request.effective_from.isoformat(),
            "thresholds": record.thresholds,
        },
        public=True,
    )
    return RubricVersionView(
        version=version,
        effective_from=record.effective_from,
        thresholds=dict(request.thresholds),
        notes=record.notes,
        current=request.effective_from <= today,
        published_at=record.published_at,
    )
