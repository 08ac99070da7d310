"""The reviewers' work queue in figures: what waits for the hub, and what is past its service level."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.models import Application

__all__ = ["WAITING_STATES", "WorkQueueCounts", "is_overdue", "overdue_condition", "work_queue_counts"]

WAITING_STATES = ("submitted", "in_review")
"""The states in which an application waits for the hub (a sent-back one waits for its founder)."""


@dataclass(frozen=True, slots=True)
class WorkQueueCounts:
    """Applications waiting for the hub, by state, and those past a service-level deadline."""

    waiting: dict[str, int]
    """Applications per waiting state (every state of :data:`WAITING_STATES`, zero included)."""
    overdue_first_action: int
    """Submitted and not yet taken after the first-action deadline (5 working days)."""
    overdue_decision: int
    """Submitted or in review after the decision deadline (15 working days)."""


def first_action_late(today: date) -> ColumnElement[bool]:
    """Still untouched after the first-action deadline."""
    return and_(Application.state == "submitted", Application.first_action_due < today)


def decision_late(today: date) -> ColumnElement[bool]:
    """Still undecided after the decision deadline."""
    return and_(Application.state.in_(WAITING_STATES), Application.decision_due < today)


def overdue_condition(today: date) -> ColumnElement[bool]:
    """An application that missed one of its service levels (the queue's ``overdue=true``)."""
    return or_(first_action_late(today), decision_late(today))


def is_overdue(application: Application, today: date) -> bool:
    """:func:`overdue_condition` for one loaded application."""
    if application.state == "submitted" and application.first_action_due and today > application.first_action_due:
        return True
    return application.state in WAITING_STATES and bool(application.decision_due and today > application.decision_due)


async def work_queue_counts(session: AsyncSession, *, today: date) -> WorkQueueCounts:
    """The queue's figures in one aggregate query."""
    rows = await session.execute(
        select(
            Application.state,
            func.count(),
            func.count().filter(first_action_late(today)),
            func.count().filter(decision_late(today)),
        )
        .where(Application.state.in_(WAITING_STATES))
        .group_by(Application.state)
    )
    waiting = dict.fromkeys(WAITING_STATES, 0)
    first_action = decision = 0
    for state, count, late_first, late_decision in rows.all():
        waiting[state] = count
        first_action += late_first
        decision += late_decision
    return WorkQueueCounts(waiting=waiting, overdue_first_action=first_action, overdue_decision=decision)
