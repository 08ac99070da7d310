"""Some demo companies are suspended or liquidated after their last activity, as a register's history has them.

A change of status is written as the API writes it: the company's row is updated (its history triggers record the
new status from the day it takes effect, the transaction setting ``taking_effect`` makes) and a ``company.updated``
event says what changed and from when. What follows for the company's licences is licensing's business
(``licensing.demo``, in the same ``taking_effect`` block); a liquidated company's AI systems are withdrawn.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import Uuid, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from registry.demo.bulk import EventBatch

__all__ = ["LIQUIDATED_SHARE", "SUSPENDED_SHARE", "StatusChange", "by_day", "draw_status_changes", "set_status"]

SUSPENDED_SHARE = 0.02
LIQUIDATED_SHARE = 0.04

_SET_STATUS = text(
    "UPDATE companies SET status = :status, version = version + 1, updated_at = now() WHERE id = ANY(:ids)"
).bindparams(bindparam("ids", type_=ARRAY(Uuid)))


_WITHDRAW_SYSTEMS = text(
    "UPDATE ai_systems SET status = 'withdrawn', version = version + 1, updated_at = now() "
    "WHERE company_id = ANY(:ids) AND status <> 'withdrawn' "
    "RETURNING id, company_id, name, purpose, capabilities, risk_degree, autonomy_degree, status, system_version, "
    "data_and_logic, trusted_list_body, trusted_list_decision_date, trusted_list_reference, audit_report_sha256, "
    "copyright_certificate_sha256, synthetic_output_labelled"
).bindparams(bindparam("ids", type_=ARRAY(Uuid)))
"""A liquidated company's AI systems leave the market with it."""


_CONFIDENTIAL_FIELDS = (
    "system_version",
    "data_and_logic",
    "trusted_list_body",
    "trusted_list_reference",
    "audit_report_sha256",
    "copyright_certificate_sha256",
    "synthetic_output_labelled",
)


class StatusChange(NamedTuple):
    """A company's new status and the day it takes effect."""

    company_id: uuid.UUID
    status: str
    effective_on: date


def draw_status_changes(rng: random.Random, earliest: Mapping[uuid.UUID, date], *, today: date) -> list[StatusChange]:
    """Suspend or liquidate a share of the companies, each on a day from its ``earliest`` (its last activity) on."""
    changes = []
    for company_id in sorted(earliest):
        roll = rng.random()
        if roll >= SUSPENDED_SHARE + LIQUIDATED_SHARE or earliest[company_id] >= today:
            continue
        first = earliest[company_id]
        day = first + timedelta(days=rng.randrange((today - first).days))
        changes.append(StatusChange(company_id, "suspended" if roll < SUSPENDED_SHARE else "liquidated", day))
    return changes


def by_day(changes: list[StatusChange]) -> list[tuple[date, str, list[uuid.UUID]]]:
    """The changes grouped by day and status, in time order: one statement each (the day is a transaction setting)."""
    grouped: defaultdict[tuple[date, str], list[uuid.UUID]] = defaultdict(list)
    for change in changes:
        grouped[(change.effective_on, change.status)].append(change.company_id)
    return [(day, status, ids) for (day, status), ids in sorted(grouped.items())]


async def set_status(
    session: AsyncSession, events: EventBatch, *, company_ids: list[uuid.UUID], status: str, day: date
) -> None:
    """Give the companies ``status`` with a ``company.updated`` event each; call it inside ``taking_effect(day)``."""
    await session.execute(_SET_STATUS, {"status": status, "ids": company_ids})
    for company_id in company_ids:
        events.append(
            actor_id=None,
            kind="company.updated",
            resource_type="company",
            resource_id=company_id,
            data={"changed": {"status": status}, "effective_on": day.isoformat()},
            confidential={"changed": {}},
            public=True,
            occurred_at=datetime.combine(day, time(10, 0), tzinfo=UTC),
        )
    if status == "liquidated":
        await _withdraw_systems(session, events, company_ids=company_ids, day=day)


async def _withdraw_systems(
    session: AsyncSession, events: EventBatch, *, company_ids: list[uuid.UUID], day: date
) -> None:
    """Withdraw the companies' systems, with the ``ai_system.changed`` events the register's service writes."""
    withdrawn = (await session.execute(_WITHDRAW_SYSTEMS, {"ids": company_ids})).mappings().all()
    for system in sorted(withdrawn, key=lambda row: row["id"]):
        decided = system["trusted_list_decision_date"]
        events.append(
            actor_id=None,
            kind="ai_system.changed",
            resource_type="ai_system",
            resource_id=system["id"],
            data={
                "company_id": str(system["company_id"]),
                **{name: system[name] for name in ("name", "purpose", "risk_degree", "autonomy_degree", "status")},
                "capabilities": list(system["capabilities"]),
                "changed": ["status"],
            },
            confidential={
                **{name: system[name] for name in _CONFIDENTIAL_FIELDS},
                "trusted_list_decision_date": decided.isoformat() if decided else None,
            },
            public=True,
            occurred_at=datetime.combine(day, time(10, 0), tzinfo=UTC),
        )
