"""Licences in the public register: who holds which licence, on a company's profile and as a paged list.

Licences are public: their number, type, status and validity, the licensee's names, BIN and status. What a
reviewer wrote when suspending or revoking one (``status_text``) is for hub staff and the company's members.
"""

from __future__ import annotations

import functools
import uuid
from datetime import date
from typing import Literal

import msgspec
from sqlalchemy import ColumnElement, and_, bindparam, exists, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from licensing.licences import licence_view
from licensing.models import Licence
from licensing.schemas import LicencePage, LicenceView
from registry.accounts.actor import Actor
from registry.companies.models import Company, CompanyMember
from registry.companies.repository import bad_cursor, decode_cursor, encode_cursor
from registry.companies.schemas import CompanyFull, CompanyPublic
from registry.plain_reads import Columns, PlainReader, PlainStatement, labelled

__all__ = [
    "CompanyProfile",
    "CompanyProfileFull",
    "LicenceStatusName",
    "company_profile",
    "licence_holder_condition",
    "licence_page",
]

LicenceStatusName = Literal["active", "suspended", "revoked", "expired"]


class CompanyProfile(CompanyPublic, frozen=True, kw_only=True):
    """A company's public register entry with its licences."""

    licences: list[LicenceView]


class CompanyProfileFull(CompanyFull, frozen=True, kw_only=True):
    """The whole company record (members and staff) with its licences."""

    licences: list[LicenceView]


def _status_condition(status: LicenceStatusName, today: date) -> ColumnElement[bool]:
    if status == "expired":
        return and_(Licence.status != "revoked", Licence.valid_until < today)
    if status == "revoked":
        return Licence.status == "revoked"
    return and_(Licence.status == status, Licence.valid_until >= today)


@functools.lru_cache(maxsize=64)
def licence_holder_condition(
    *, licence_type: str | None, status: LicenceStatusName | None, today: date
) -> ColumnElement[bool] | None:
    """A condition on ``Company``: it holds a licence of the type (any, when None) in the status.

    A type without a status means a licence in force (``active``) today. One object per value, so that a register
    page's statement built with it is built once (:func:`registry.companies.repository.newest_companies`).
    """
    if licence_type is None and status is None:
        return None
    conditions = [Licence.company_id == Company.id, _status_condition(status or "active", today)]
    if licence_type is not None:
        conditions.append(Licence.licence_type == licence_type)
    return exists().where(*conditions)


def _redacted(view: LicenceView) -> LicenceView:
    return msgspec.structs.replace(view, status_text=None)


async def _companies_with_readable_notes(
    session: AsyncSession, actor: Actor, company_ids: set[uuid.UUID]
) -> set[uuid.UUID]:
    """Of ``company_ids``, those whose licence notes ``actor`` may read (all for staff; a member's own), one query."""
    if actor.is_staff:
        return company_ids
    if actor.account_id is None or not company_ids:
        return set()
    own = await session.scalars(
        select(CompanyMember.company_id).where(
            CompanyMember.account_id == actor.account_id, CompanyMember.company_id.in_(company_ids)
        )
    )
    return set(own)


_PROFILE_LICENCE_COLUMNS = (
    "number",
    "licence_type",
    "status",
    "valid_from",
    "valid_until",
    "status_reason_code",
    "status_text",
    "version",
)
"""What :func:`licensing.licences.licence_view` reads of a licence."""


@functools.cache
def _licences_of_company() -> PlainStatement:
    """A company's licences, newest first (parameter ``company_id``), built once."""
    return PlainStatement(
        select(*labelled(Licence, _PROFILE_LICENCE_COLUMNS))
        .where(Licence.company_id == bindparam("company_id", type_=Licence.company_id.type))
        .order_by(Licence.valid_from.desc(), Licence.number)
    )


async def company_profile(
    reader: PlainReader, *, view: CompanyPublic, today: date
) -> CompanyProfile | CompanyProfileFull:
    """``view`` with the company's licences, newest first, in one statement on the driver.

    The reviewers' notes are kept for the full record only: it is given to exactly those who may read them (hub staff
    and the company's members, :func:`registry.companies.service.get_company`).
    """
    rows = await _licences_of_company().fetch(reader, {"company_id": view.id})
    views = [licence_view(Columns(row), view, today) for row in rows]
    fields = msgspec.structs.asdict(view)
    if isinstance(view, CompanyFull):
        return CompanyProfileFull(**fields, licences=views)
    return CompanyProfile(**fields, licences=[_redacted(item) for item in views])


async def licence_page(
    session: AsyncSession,
    *,
    actor: Actor,
    today: date,
    company_id: uuid.UUID | None,
    licence_type: str | None,
    status: LicenceStatusName | None,
    expiring_before: date | None,
    cursor: str | None,
    limit: int,
) -> LicencePage:
    """One page of licences, soonest expiry first; anyone may list them (notes for staff and members only)."""
    query = select(Licence, Company).join(Company, Company.id == Licence.company_id)
    if company_id is not None:
        query = query.where(Licence.company_id == company_id)
    if licence_type is not None:
        query = query.where(Licence.licence_type == licence_type)
    if status is not None:
        query = query.where(_status_condition(status, today))
    if expiring_before is not None:
        query = query.where(Licence.valid_until < expiring_before, Licence.valid_until >= today)
    if cursor:
        day, number = decode_cursor(cursor, 2)
        try:
            query = query.where(
                tuple_(Licence.valid_until, Licence.number) > (date.fromisoformat(str(day)), str(number))
            )
        except ValueError:
            raise bad_cursor() from None
    rows = (await session.execute(query.order_by(Licence.valid_until, Licence.number).limit(limit + 1))).all()
    page = rows[:limit]
    readable = await _companies_with_readable_notes(session, actor, {company.id for _, company in page})
    items = []
    for licence, company in page:
        item = licence_view(licence, company, today)
        items.append(item if company.id in readable else _redacted(item))
    next_cursor = None
    if len(rows) > limit:
        last = page[-1][0]
        next_cursor = encode_cursor([last.valid_until.isoformat(), last.number])
    return LicencePage(items=items, next_cursor=next_cursor)
