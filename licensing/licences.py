"""Licences: gapless numbering, issuing on approval, public verification, suspension, reinstatement, revocation."""

from __future__ import annotations

import functools
import uuid
from datetime import date, timedelta
from typing import Literal, Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.conflicts import ensure_no_conflict_of_interest
from licensing.errors import (
    company_not_active,
    invalid_effective_day,
    licence_already_held,
    licence_not_found,
    licence_transition_not_allowed,
    stale_licence,
)
from licensing.licence_numbers import format_licence_number, parse_licence_number
from licensing.licence_types import licence_type
from licensing.models import Application, Licence, LicenceCounter
from licensing.reasons import (
    REINSTATEMENT_REASONS,
    REVOCATION_REASONS,
    SANCTION_REASONS,
    SUSPENSION_REASONS,
    Reason,
    known_reason_view,
    sanction_reason,
)
from licensing.schemas import LicenceStatusChange, LicenceView, PublicLicence
from registry.accounts.actor import Actor
from registry.companies.models import Company
from registry.events.service import record_event
from registry.history.effective import effective_day_errors, taking_effect
from registry.plain_reads import Columns, PlainReader, PlainStatement, labelled

__all__ = [
    "allocate_licence_number",
    "allowed_licence_actions",
    "change_licence_status",
    "effective_status",
    "ensure_company_may_hold_licences",
    "find_licence_in_force",
    "get_licence",
    "issue_licence",
    "record_licence_status",
    "verify_licence",
]

LicenceAction = Literal["suspend", "reinstate", "revoke"]
_NEXT_STATUS: dict[LicenceAction, tuple[frozenset[str], str]] = {
    "suspend": (frozenset({"active"}), "suspended"),
    "reinstate": (frozenset({"suspended"}), "active"),
    "revoke": (frozenset({"active", "suspended"}), "revoked"),
}


_ACTION_REASONS: dict[LicenceAction, tuple[str, ...]] = {
    "suspend": SUSPENSION_REASONS,
    "reinstate": REINSTATEMENT_REASONS,
    "revoke": REVOCATION_REASONS,
}


def allowed_licence_actions(status: str) -> list[LicenceAction]:
    """The sanctions a licence in ``status`` (its status today) can still take, in the order pages offer them."""
    return [action for action, (from_statuses, _) in _NEXT_STATUS.items() if status in from_statuses]


async def ensure_company_may_hold_licences(session: AsyncSession, company_id: uuid.UUID) -> None:
    """Lock the company's row until the transaction ends and refuse unless the company is active."""
    status = await session.scalar(select(Company.status).where(Company.id == company_id).with_for_update())
    if status != "active":
        raise company_not_active(str(status))


async def record_licence_status(
    session: AsyncSession,
    *,
    licence: Licence,
    status: str,
    reason: Reason,
    text: str,
    effective_on: date,
    actor_id: uuid.UUID | None,
    kind: str,
    public_details: dict[str, str] | None = None,
) -> None:
    """Give ``licence`` a new status with its reason, effective on a day of the register's history, and its event.

    The reason code is public (in the feed); the reviewer's ``text`` is in the event's confidential part.
    """
    licence.status = status
    licence.status_reason_code = reason.code
    licence.status_text = text
    licence.version += 1
    async with taking_effect(session, effective_on):
        await session.flush()
    await record_event(
        session,
        actor_id=actor_id,
        kind=kind,
        resource_type="licence",
        resource_id=licence.id,
        data={
            "number": licence.number,
            "status": status,
            "reason_code": reason.code,
            "effective_on": effective_on.isoformat(),
            **(public_details or {}),
        },
        confidential={"text": text},
        public=True,
    )


LicenceRecord = Licence | Columns
"""A licence as a model or as a driver row of its columns (:mod:`registry.plain_reads`)."""


class LicenceHolder(Protocol):
    """What a licence's view shows of its company (a model, a company's view or a driver row)."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def name_kk(self) -> str: ...

    @property
    def bin(self) -> str: ...


def effective_status(licence: LicenceRecord, today: date) -> Literal["active", "suspended", "revoked", "expired"]:
    """The status as the public sees it: an unrevoked licence past its last day is ``expired``."""
    if licence.status != "revoked" and licence.valid_until < today:
        return "expired"
    return licence.status  # type: ignore[return-value]


async def allocate_licence_number(session: AsyncSession, *, licence_type_code: str, year: int) -> tuple[int, str]:
    """The next serial for the type and year, and the formatted number.

    The counter row stays locked until the transaction ends, so concurrent approvals are numbered one after another
    and a rolled-back approval gives its number back: no gaps, no duplicates.
    """
    serial = await session.scalar(
        insert(LicenceCounter)
        .values(licence_type=licence_type_code, year=year, last_serial=1)
        .on_conflict_do_update(
            index_elements=[LicenceCounter.licence_type, LicenceCounter.year],
            set_={"last_serial": LicenceCounter.last_serial + 1},
        )
        .returning(LicenceCounter.last_serial)
    )
    assert serial is not None
    return int(serial), format_licence_number(licence_type(licence_type_code).prefix, year, int(serial))


async def find_licence_in_force(
    session: AsyncSession, *, company_id: uuid.UUID, licence_type_code: str, today: date
) -> Licence | None:
    """The company's unrevoked licence of this type that has not expired yet (the latest one)."""
    return await session.scalar(
        select(Licence)
        .where(
            Licence.company_id == company_id,
            Licence.licence_type == licence_type_code,
            Licence.status != "revoked",
            Licence.valid_until >= today,
        )
        .order_by(Licence.valid_until.desc())
        .limit(1)
    )


async def issue_licence(
    session: AsyncSession, *, application: Application, actor_id: uuid.UUID | None, today: date
) -> Licence:
    """Issue the licence of an approved application in the same transaction.

    A renewal continues the licence it renews: it is valid from the day after the old one ends. The company must
    be active (its row stays locked, so a simultaneous suspension waits for this licence and then suspends it).
    """
    await ensure_company_may_hold_licences(session, application.company_id)
    kind = licence_type(application.licence_type)
    valid_from = today
    if application.renewal_of is not None:
        renewed = await session.get(Licence, application.renewal_of)
        if renewed is not None and renewed.status != "revoked" and renewed.valid_until >= today:
            valid_from = renewed.valid_until + timedelta(days=1)
    serial, number = await allocate_licence_number(session, licence_type_code=kind.code, year=today.year)
    licence = Licence(
        id=uuid.uuid4(),
        number=number,
        licence_type=kind.code,
        year=today.year,
        serial=serial,
        company_id=application.company_id,
        application_id=application.id,
        valid_from=valid_from,
        valid_until=kind.valid_until(valid_from),
    )
    try:
        async with session.begin_nested():
            session.add(licence)
            await session.flush()
    except IntegrityError as error:  # the exclusion constraint: a licence of this type is already in force
        raise licence_already_held() from error
    await record_event(
        session,
        actor_id=actor_id,
        kind="licence.issued",
        resource_type="licence",
        resource_id=licence.id,
        data={
            "number": number,
            "licence_type": kind.code,
            "company_id": str(application.company_id),
            "valid_from": licence.valid_from.isoformat(),
            "valid_until": licence.valid_until.isoformat(),
        },
        public=True,
    )
    return licence


async def _by_number(session: AsyncSession, number: str, *, lock: bool = False) -> tuple[Licence, Company]:
    parse_licence_number(number)
    query = (
        select(Licence, Company)
        .join(Company, Company.id == Licence.company_id)
        .where(Licence.number == number.strip().upper())
    )
    row = (await session.execute(query.with_for_update(of=Licence) if lock else query)).first()
    if row is None:
        raise licence_not_found()
    return row[0], row[1]


def licence_view(licence: LicenceRecord, company: LicenceHolder, today: date) -> LicenceView:
    """The full view of a licence."""
    return LicenceView(
        number=licence.number,
        licence_type=licence.licence_type,  # type: ignore[arg-type]
        company_id=company.id,
        company_name=company.name_kk,
        company_bin=company.bin,
        status=effective_status(licence, today),
        valid_from=licence.valid_from,
        valid_until=licence.valid_until,
        status_reason_code=licence.status_reason_code,
        status_text=licence.status_text,
        version=licence.version,
        status_reason=known_reason_view(SANCTION_REASONS, licence.status_reason_code),
    )


async def get_licence(session: AsyncSession, *, number: str, today: date) -> LicenceView:
    """The full view of one licence (with the reviewer's note), for hub staff's pages."""
    licence, company = await _by_number(session, number)
    return licence_view(licence, company, today)


_VERIFIED_LICENCE_COLUMNS = ("number", "licence_type", "status", "valid_from", "valid_until", "version")
_VERIFIED_COMPANY_COLUMNS = ("name_kk", "name_ru", "bin", "status")


@functools.cache
def _verification_statement() -> PlainStatement:
    """A licence and its company's public names, by number (parameter ``number``), built once."""
    return PlainStatement(
        select(*labelled(Licence, _VERIFIED_LICENCE_COLUMNS), *labelled(Company, _VERIFIED_COMPANY_COLUMNS, "company_"))
        .join(Company, Company.id == Licence.company_id)
        .where(Licence.number == bindparam("number", type_=Licence.number.type))
    )


async def verify_licence(reader: PlainReader, *, number: str, today: date) -> PublicLicence:
    """What anyone may check about a licence number (one statement on the driver)."""
    parse_licence_number(number)
    rows = await _verification_statement().fetch(reader, {"number": number.strip().upper()})
    if not rows:
        raise licence_not_found()
    licence, company = Columns(rows[0]), Columns(rows[0], "company_")
    return PublicLicence(
        number=licence.number,
        licence_type=licence.licence_type,
        licence_name=licence_type(licence.licence_type).name.as_dict(),
        status=effective_status(licence, today),
        valid_from=licence.valid_from,
        valid_until=licence.valid_until,
        company_name_kk=company.name_kk,
        company_name_ru=company.name_ru,
        company_bin=company.bin,
        company_status=company.status,
        version=licence.version,
    )


async def change_licence_status(
    session: AsyncSession,
    *,
    actor: Actor,
    number: str,
    action: LicenceAction,
    expected_version: int,
    request: LicenceStatusChange,
    today: date,
) -> LicenceView:
    """Suspend, reinstate or revoke a licence, with a reason from the catalogue.

    Staff who are members of the licensee cannot (``licence.conflict_of_interest``), as for applications.
    """
    reason = sanction_reason(request.reason_code, allowed=_ACTION_REASONS[action])
    licence, company = await _by_number(session, number, lock=True)
    await ensure_no_conflict_of_interest(session, actor=actor, company_id=licence.company_id, subject="licence")
    if licence.version != expected_version:
        raise stale_licence(licence.version)
    allowed, new_status = _NEXT_STATUS[action]
    current = effective_status(licence, today)
    if current not in allowed:
        raise licence_transition_not_allowed(
            current, {"suspend": "suspended", "reinstate": "reinstated", "revoke": "revoked"}[action]
        )
    errors = effective_day_errors(request.effective_on, today=today, first_day=licence.valid_from)
    if errors:
        raise invalid_effective_day(errors)
    await record_licence_status(
        session,
        licence=licence,
        status=new_status,
        reason=reason,
        text=request.text,
        effective_on=request.effective_on or today,
        actor_id=actor.account_id,
        kind=f"licence.{new_status if action != 'reinstate' else 'reinstated'}",
    )
    return licence_view(licence, company, today)
