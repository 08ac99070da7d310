"""Demo licensing history: applications in every state, decisions by demo reviewers, licences of every status.

The licence rules hold in it as they hold for the API: an AI-native application relies on the declaration for the
last closed fiscal year on the days it is submitted and decided, a licence is valid exactly its stated months, and a
suspended or liquidated company holds no licence in force.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import String, Uuid, any_, bindparam, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.company_status import LICENCES_FOLLOW_COMPANY
from licensing.filing_window import DEFAULT_GRACE_DAYS, relied_fiscal_years
from licensing.licence_numbers import format_licence_number
from licensing.licence_types import licence_type
from licensing.models import LicenceCounter
from licensing.reasons import sanction_reason
from licensing.service_levels import service_level_deadlines
from registry.companies.models import Company
from registry.declarations.models import Declaration
from registry.demo.bulk import EventBatch, copy_records, lock_event_batch
from registry.demo.company_statuses import StatusChange, by_day, draw_status_changes, set_status
from registry.history.effective import taking_effect

__all__ = ["load_licensing_history"]

APPLICATION_COLUMNS = (
    "id",
    "company_id",
    "licence_type",
    "declaration_id",
    "state",
    "version",
    "created_by",
    "renewal_of",
    "submitted_at",
    "first_submitted_at",
    "claimed_by",
    "first_action_at",
    "first_action_due",
    "decision_due",
    "decided_at",
    "evaluation",
    "send_back_notes",
    "reason_code",
    "decision_text",
    "founder_note",
    "created_at",
    "updated_at",
)
LICENCE_COLUMNS = (
    "id",
    "number",
    "licence_type",
    "year",
    "serial",
    "company_id",
    "application_id",
    "status",
    "valid_from",
    "valid_until",
    "status_reason_code",
    "status_text",
    "version",
    "created_at",
    "updated_at",
)
# Final states of demo applications and how often each occurs; the rest are still open.
OUTCOMES = (
    ("approved", 0.70),
    ("rejected", 0.10),
    ("withdrawn", 0.04),
    ("sent_back", 0.05),
    ("in_review", 0.05),
    ("submitted", 0.04),
    ("draft", 0.02),
)


_COPY_EVALUATIONS = text(
    "UPDATE licence_applications a SET evaluation = d.evaluation FROM declarations d "
    "WHERE d.id = a.declaration_id AND a.id = ANY(:ids)"
).bindparams(bindparam("ids", type_=ARRAY(Uuid)))
"""The evaluation an AI-native application is submitted with: its declaration's."""


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=UTC) + timedelta(minutes=rng.randrange(540))


class _Numbering:
    """Serials per type and year, in decision order, as the live counter would hand them out."""

    def __init__(self) -> None:
        self.last: dict[tuple[str, int], int] = defaultdict(int)

    def next(self, code: str, year: int) -> tuple[int, str]:
        self.last[(code, year)] += 1
        serial = self.last[(code, year)]
        return serial, format_licence_number(licence_type(code).prefix, year, serial)


_OPEN = frozenset({"draft", "submitted", "in_review", "sent_back"})


def _last_relied_day(fiscal_year: int) -> date:
    """The last day on which an AI-native application may rely on ``fiscal_year``'s declaration (the filing window).

    That is the grace period's last day in the year after next: 30 April 2027 for 2025 (see
    :func:`licensing.filing_window.relied_fiscal_years`).
    """
    return date(fiscal_year + 2, 1, 1) + timedelta(days=DEFAULT_GRACE_DAYS - 1)


async def _histories(
    session: AsyncSession, company_ids: Sequence[uuid.UUID] | None
) -> dict[uuid.UUID, list[tuple[uuid.UUID, uuid.UUID, str, datetime, int]]]:
    """Each company's declarations, by fiscal year: (company, declaration, class, filed at, fiscal year).

    The evaluations stay in the database (at national scale they would not fit in memory): the applications that
    carry one get it copied there by :data:`_COPY_EVALUATIONS`.
    """
    query = select(
        Declaration.company_id, Declaration.id, Declaration.ai_class, Declaration.filed_at, Declaration.fiscal_year
    ).order_by(Declaration.company_id, Declaration.fiscal_year)
    if company_ids is not None:
        # One array parameter: an IN list of a million companies would exceed the protocol's parameter limit.
        query = query.where(Declaration.company_id == any_(bindparam("ids", list(company_ids), type_=ARRAY(Uuid))))
    by_company: dict[uuid.UUID, list[tuple[uuid.UUID, uuid.UUID, str, datetime, int]]] = defaultdict(list)
    for company_id, declaration_id, ai_class, filed_at, fiscal_year in await session.execute(query):
        by_company[company_id].append((company_id, declaration_id, ai_class, filed_at, fiscal_year))
    return by_company


async def _registration_days(session: AsyncSession, company_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, date]:
    query = select(Company.id, Company.registration_date).where(
        Company.id == any_(bindparam("ids", list(company_ids), type_=ARRAY(Uuid)))
    )
    return {company_id: registered for company_id, registered in await session.execute(query)}


def _application(
    rng: random.Random,
    company_id: uuid.UUID,
    declaration_id: uuid.UUID,
    ai_class: str,
    filed_at: datetime,
    fiscal_year: int,
    *,
    reviewer_ids: Sequence[uuid.UUID],
    today: date,
) -> dict[str, Any]:
    """One application relying on the declaration, in a state drawn from :data:`OUTCOMES`, as a row."""
    code = "ai_native" if ai_class == "ai_native" or rng.random() < 0.15 else "standard_digital"
    outcome = rng.choices([o for o, _ in OUTCOMES], weights=[w for _, w in OUTCOMES])[0]
    # An AI-native application is submitted and decided while its declaration's year is the one relied on;
    # one still open when that window has closed was withdrawn by its founder.
    last_day = min(_last_relied_day(fiscal_year), today) if code == "ai_native" else today
    if code == "ai_native" and outcome in _OPEN and fiscal_year not in relied_fiscal_years(today):
        outcome = "withdrawn"
    if code == "ai_native" and ai_class != "ai_native" and outcome == "approved":
        outcome = "rejected"  # reviewers do not approve the AI-native track on a declaration that fails the rubric
    submitted_day = min(filed_at.date() + timedelta(days=rng.randrange(3, 60)), last_day)
    first_due, decision_due = service_level_deadlines(submitted_day)
    decided_day = min(submitted_day + timedelta(days=rng.randrange(4, 30)), last_day)
    reviewer = rng.choice(reviewer_ids)
    submitted = outcome != "draft"
    closed = outcome in {"approved", "rejected", "sent_back"}
    row: dict[str, Any] = {
        "id": uuid.uuid4(),
        "company_id": company_id,
        "licence_type": code,
        "declaration_id": declaration_id,
        "state": outcome,
        "version": 4,
        "created_by": None,
        "renewal_of": None,
        "submitted_at": _at(submitted_day, rng) if submitted else None,
        "first_submitted_at": _at(submitted_day, rng) if submitted else None,
        "claimed_by": reviewer if outcome in {"in_review", *("approved", "rejected", "sent_back")} else None,
        "first_action_at": _at(min(submitted_day + timedelta(days=rng.randrange(1, 6)), decided_day), rng)
        if closed or outcome == "in_review"
        else None,
        "first_action_due": first_due if submitted else None,
        "decision_due": decision_due if submitted else None,
        "decided_at": _at(decided_day, rng) if outcome in {"approved", "rejected"} else None,
        "evaluation": None,  # the declaration's evaluation, copied in SQL below for the AI-native track
        "send_back_notes": json.dumps(
            {
                "message": "Please attach a model card for the core product.",
                "fields": ["evidence"],
                "evidence_ids": [],
            }
        )
        if outcome == "sent_back"
        else None,
        "reason_code": ("not_ai_native" if code == "ai_native" else "insufficient_evidence")
        if outcome == "rejected"
        else None,
        "decision_text": "Decided on the evidence provided." if outcome in {"approved", "rejected"} else None,
        "founder_note": None,
        "created_at": _at(submitted_day, rng),
        "updated_at": _at(decided_day, rng),
    }
    return row


async def load_licensing_history(
    session: AsyncSession,
    *,
    reviewer_ids: Sequence[uuid.UUID],
    today: date,
    seed: int = 2026,
    share: float = 0.6,
    company_ids: Sequence[uuid.UUID] | None = None,
) -> int:
    """Applications for a share of the companies with declarations, with decisions and licences; returns the count.

    An AI-native application relies on its declaration only while that year is the one relied on (submitted and
    decided in the filing window); every licence is valid its type's months from the decision day. Then, with
    ``company_ids``, a few of those companies are suspended or liquidated after their last activity, and their
    licences in force follow (:func:`_end_companies`).
    """
    rng = random.Random(seed)
    numbering = _Numbering()
    # Continue from numbers already issued, so a demo loaded into a live register never reuses one.
    for code, year, last in await session.execute(
        select(LicenceCounter.licence_type, LicenceCounter.year, LicenceCounter.last_serial)
    ):
        numbering.last[(code, year)] = last
    events = await lock_event_batch(session)
    applications: list[tuple[Any, ...]] = []
    decided: list[tuple[datetime, tuple[Any, ...], dict[str, Any]]] = []
    evaluated: list[uuid.UUID] = []
    histories = await _histories(session, company_ids)
    # The last day each company did something; a demo company is suspended or liquidated only after it.
    last_active: dict[uuid.UUID, date] = {c: history[-1][3].date() for c, history in histories.items()}
    # One declaration per company to apply with: a random year of its history, so licences span the years.
    for company_id, declaration_id, ai_class, filed_at, fiscal_year in [rng.choice(h) for h in histories.values()]:
        if rng.random() > share:
            continue
        row = _application(
            rng, company_id, declaration_id, ai_class, filed_at, fiscal_year, reviewer_ids=reviewer_ids, today=today
        )
        code, outcome = row["licence_type"], row["state"]
        app_id = row["id"]
        applications.append(tuple(row[c] for c in APPLICATION_COLUMNS))
        if outcome in _OPEN:
            last_active[company_id] = today  # an application still open: the company is not ended
        else:
            last_active[company_id] = max(last_active[company_id], row["updated_at"].date())
        if code == "ai_native" and outcome != "draft":
            evaluated.append(app_id)
        if outcome == "approved":
            decided.append((row["decided_at"], (app_id, company_id, code), row))
    licences = _issue_licences(
        rng, events, numbering, decided, reviewer_ids=reviewer_ids, today=today, last_active=last_active
    )
    await copy_records(session, "licence_applications", APPLICATION_COLUMNS, applications)
    await copy_records(session, "licences", LICENCE_COLUMNS, licences)
    await session.execute(_COPY_EVALUATIONS, {"ids": evaluated})
    if company_ids is not None:
        registered = await _registration_days(session, company_ids)
        earliest = {c: max(last_active.get(c, day), day) + timedelta(days=1) for c, day in registered.items()}
        changes = draw_status_changes(rng, earliest, today=today)
        await _end_companies(session, events, changes)
    for (code, year), last in numbering.last.items():
        await session.execute(
            text(
                "INSERT INTO licence_counters (licence_type, year, last_serial) VALUES (:c, :y, :n) "
                "ON CONFLICT (licence_type, year) "
                "DO UPDATE SET last_serial = GREATEST(licence_counters.last_serial, :n)"
            ),
            {"c": code, "y": year, "n": last},
        )
    await events.flush(session)
    return len(applications)


def _issue_licences(
    rng: random.Random,
    events: EventBatch,
    numbering: _Numbering,
    decided: list[tuple[datetime, tuple[Any, ...], dict[str, Any]]],
    *,
    reviewer_ids: Sequence[uuid.UUID],
    today: date,
    last_active: dict[uuid.UUID, date],
) -> list[tuple[Any, ...]]:
    """A licence for each approval, numbered in decision order; a few are suspended or revoked since.

    A sanctioned licence's company was active at least until the sanction: ``last_active`` moves to its day.
    """
    licences: list[tuple[Any, ...]] = []
    for decided_at, (app_id, company_id, code), _ in sorted(decided, key=lambda item: item[0]):
        serial, number = numbering.next(code, decided_at.year)
        valid_from = decided_at.date()
        status, reason = "active", None
        roll = rng.random()
        if roll < 0.03:
            status, reason = "revoked", "false_information"
        elif roll < 0.07:
            status, reason = "suspended", "declaration_not_filed"
        licences.append(
            (
                uuid.uuid4(),
                number,
                code,
                decided_at.year,
                serial,
                company_id,
                app_id,
                status,
                valid_from,
                licence_type(code).valid_until(valid_from),
                reason,
                "Demo decision." if reason else None,
                1,
                decided_at,
                decided_at,
            )
        )
        events.append(
            actor_id=None,
            kind="licence.issued",
            resource_type="licence",
            resource_id=licences[-1][0],
            data={
                "number": number,
                "licence_type": code,
                "company_id": str(company_id),
                "valid_from": valid_from.isoformat(),
                "valid_until": licences[-1][9].isoformat(),
            },
            confidential={},
            public=True,
        )
        if status != "active":
            day = _append_sanction(events, rng, licences[-1], reviewer_id=rng.choice(reviewer_ids), today=today)
            last_active[company_id] = max(last_active[company_id], day)
    return licences


def _append_sanction(
    events: EventBatch, rng: random.Random, licence: tuple[Any, ...], *, reviewer_id: uuid.UUID, today: date
) -> date:
    """The event that suspended or revoked a demo licence, dated on a day of its validity up to today.

    The sanction flows (``licences_suspended``, ``licences_revoked``) count these events, as they count the ones
    the API records.
    """
    licence_id, number, status, valid_from, valid_until, reason = (
        licence[0],
        licence[1],
        licence[7],
        licence[8],
        licence[9],
        licence[10],
    )
    last_day: date = min(valid_until, today)
    day: date = valid_from + timedelta(days=rng.randrange(1, max(2, (last_day - valid_from).days + 1)))
    events.append(
        actor_id=reviewer_id,
        kind=f"licence.{status}",
        resource_type="licence",
        resource_id=licence_id,
        data={"number": number, "status": status, "reason_code": reason},
        confidential={"text": "Demo decision."},
        public=True,
        occurred_at=_at(min(day, last_day), rng),
    )
    return min(day, last_day)


_FOLLOW = text(
    "UPDATE licences SET status = :status, status_reason_code = :reason, status_text = :text, "
    "version = version + 1, updated_at = now() "
    "WHERE company_id = ANY(:ids) AND status = ANY(:applies_to) AND valid_until >= :day "
    "RETURNING id, number"
).bindparams(bindparam("ids", type_=ARRAY(Uuid)), bindparam("applies_to", type_=ARRAY(String)))


async def _end_companies(session: AsyncSession, events: EventBatch, changes: list[StatusChange]) -> None:
    """Suspend or liquidate the companies; their licences in force are suspended or revoked from the same day.

    As :func:`licensing.company_status.change_company` does it: the reason from the catalogue, one event per licence.
    """
    for day, company_status, ids in by_day(changes):
        new_status, reason_code, applies_to = LICENCES_FOLLOW_COMPANY[company_status]
        reason = sanction_reason(reason_code)
        async with taking_effect(session, day):
            await set_status(session, events, company_ids=ids, status=company_status, day=day)
            followed = await session.execute(
                _FOLLOW,
                {
                    "status": new_status,
                    "reason": reason.code,
                    "text": reason.description.en,
                    "ids": ids,
                    "applies_to": sorted(applies_to),
                    "day": day,
                },
            )
        for licence_id, number in sorted(followed.all(), key=lambda row: row[1]):
            events.append(
                actor_id=None,
                kind=f"licence.{new_status}",
                resource_type="licence",
                resource_id=licence_id,
                data={
                    "number": number,
                    "status": new_status,
                    "reason_code": reason.code,
                    "effective_on": day.isoformat(),
                    "because_company": company_status,
                },
                confidential={},
                public=True,
                occurred_at=datetime.combine(day, time(10, 0), tzinfo=UTC),
            )
