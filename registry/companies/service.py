"""Company use cases: register, read, change, and manage members."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

import msgspec
from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from registry.accounts.actor import Actor
from registry.accounts.models import Account
from registry.companies.errors import (
    company_not_found,
    duplicate_bin,
    field_error,
    invalid_company,
    member_exists,
    not_owner,
    stale_company,
)
from registry.companies.models import Company, CompanyActivity, CompanyMember
from registry.companies.repository import (
    CompanyFilters,
    CompanyKey,
    CompanyRecord,
    company_view,
    company_views,
    is_member,
    load_company,
    newest_companies,
    ranked_companies,
)
from registry.companies.rules import new_company_errors, reference_errors
from registry.companies.schemas import (
    ActivityRef,
    CompanyCreate,
    CompanyFull,
    CompanyPage,
    CompanyPatch,
    CompanyPublic,
    MemberAdd,
    MemberView,
    RegionRef,
)
from registry.database import utc_now
from registry.errors import FieldError
from registry.events.service import record_event
from registry.history.effective import effective_day_errors, taking_effect
from registry.plain_reads import PlainReader, session_reader
from registry.reference.models import Activity, Region
from registry.search_key import search_key

__all__ = [
    "add_member",
    "company_search_key",
    "get_company",
    "get_company_by_bin",
    "list_companies",
    "list_members",
    "new_company",
    "register_company",
    "registered_event_data",
    "update_company",
]

PUBLIC_FIELDS = ("name_kk", "name_ru", "name_en", "legal_form", "region", "activities", "primary_activity", "status")


def company_search_key(name_kk: str, name_ru: str, name_en: str | None) -> str:
    """The folded key of all three names, each distinct key once."""
    keys = dict.fromkeys(key for key in (search_key(name_kk), search_key(name_ru), search_key(name_en or "")) if key)
    return " | ".join(keys)[:1000]


def registered_event_data(company: Company, activities: Sequence[str], primary: str) -> dict[str, object]:
    """The public fields a ``company.registered`` event carries."""
    return {
        "bin": company.bin,
        "name_kk": company.name_kk,
        "name_ru": company.name_ru,
        "name_en": company.name_en,
        "legal_form": company.legal_form,
        "region": company.region_kato,
        "registration_date": company.registration_date.isoformat(),
        "activities": list(activities),
        "primary_activity": primary,
    }


async def _reference_errors(
    session: AsyncSession, *, region: str | None, activities: Sequence[str] | None, primary: str | None
) -> list[FieldError]:
    known_regions = {region} if region is not None and await session.get(Region, region) is not None else set()
    known_activities: set[str] = set()
    if activities is not None:
        known_activities = set(await session.scalars(select(Activity.code).where(Activity.code.in_(activities))))
    return reference_errors(
        region=region,
        activities=activities,
        primary=primary,
        known_regions=known_regions,
        known_activities=known_activities,
    )


def new_company(request: CompanyCreate, company_id: uuid.UUID) -> Company:
    """The register row of a company registered with ``request`` (its BIN and names trimmed, its search key)."""
    return Company(
        id=company_id,
        bin=request.bin.strip(),
        name_kk=request.name_kk.strip(),
        name_ru=request.name_ru.strip(),
        name_en=request.name_en.strip() if request.name_en else None,
        legal_form=request.legal_form,
        region_kato=request.region,
        registration_date=request.registration_date,
        headcount=request.headcount,
        website=request.website,
        description=request.description,
        search_key=company_search_key(request.name_kk, request.name_ru, request.name_en),
    )


async def _set_activities(session: AsyncSession, company_id: uuid.UUID, codes: Sequence[str], primary: str) -> None:
    await session.execute(delete(CompanyActivity).where(CompanyActivity.company_id == company_id))
    await session.flush()
    session.add_all(
        CompanyActivity(company_id=company_id, oked_code=code, is_primary=code == primary)
        for code in dict.fromkeys(codes)
    )


async def _insert_new_company(session: AsyncSession, company: Company) -> Company:
    """Insert ``company`` unless its BIN is taken (``company.duplicate_bin``), in one statement.

    ``ON CONFLICT (bin) DO NOTHING`` decides between simultaneous registrations of one BIN without a check before
    and a savepoint around the insert (four round trips): the one that inserts nothing reads the holder's id.
    """
    values = {column.key: getattr(company, column.key) for column in Company.__table__.columns if column.key in _GIVEN}
    inserted: Company | None = await session.scalar(
        pg_insert(Company).values(values).on_conflict_do_nothing(index_elements=[Company.bin]).returning(Company)
    )
    if inserted is None:
        existing = await session.scalar(select(Company.id).where(Company.bin == company.bin))
        assert existing is not None, "a register row is never deleted"
        raise duplicate_bin(existing)
    return inserted


_GIVEN = frozenset(
    {"id", "bin", "name_kk", "name_ru", "name_en", "legal_form", "region_kato", "registration_date"}
    | {"headcount", "website", "description", "search_key"}
)
"""The columns a registration sets; the database fills the rest (status, version, timestamps)."""


async def register_company(session: AsyncSession, *, actor: Actor, request: CompanyCreate, today: date) -> CompanyFull:
    """Register a company; a founder who registers it becomes its owner.

    The reference rows read to check the region and activities also name them in the answer, so the new record's
    view needs no query of its own.
    """
    region = await session.get(Region, request.region)
    activities = {
        activity.code: activity
        for activity in await session.scalars(select(Activity).where(Activity.code.in_(request.activities)))
    }
    known_regions = {request.region} if region is not None else set()
    errors = new_company_errors(request, today=today, known_regions=known_regions, known_activities=activities)
    if errors:
        raise invalid_company(errors)
    assert region is not None
    company = await _insert_new_company(session, new_company(request, uuid.uuid4()))
    codes = list(dict.fromkeys(request.activities))
    session.add_all(
        CompanyActivity(company_id=company.id, oked_code=code, is_primary=code == request.primary_activity)
        for code in codes
    )
    if actor.role == "founder" and actor.account_id is not None:
        session.add(CompanyMember(company_id=company.id, account_id=actor.account_id, role="owner"))
    await record_event(
        session,
        actor_id=actor.account_id,
        kind="company.registered",
        resource_type="company",
        resource_id=company.id,
        data=registered_event_data(company, request.activities, request.primary_activity),
        confidential={"headcount": company.headcount, "website": company.website},
        public=True,
    )
    refs = sorted(
        (
            ActivityRef(code, activities[code].name_kk, activities[code].name_ru, activities[code].name_en, primary)
            for code in codes
            for primary in [code == request.primary_activity]
        ),
        key=lambda ref: (not ref.is_primary, ref.code),
    )
    view = company_view(
        company, RegionRef(region.kato, region.name_kk, region.name_ru, region.name_en), refs, full=True
    )
    assert isinstance(view, CompanyFull)
    return view


async def _may_see_confidential(session: AsyncSession, actor: Actor, company_id: uuid.UUID) -> bool:
    return actor.is_staff or await is_member(session, company_id=company_id, account_id=actor.account_id)


async def _view(reader: PlainReader, actor: Actor, key: CompanyKey, value: uuid.UUID | str) -> CompanyPublic:
    loaded = await load_company(reader, key, value, reader_id=None if actor.is_staff else actor.account_id)
    if loaded is None:
        raise company_not_found()
    return loaded.view(full=actor.is_staff or loaded.reader_is_member)


async def get_company(reader: PlainReader, *, actor: Actor, company_id: uuid.UUID) -> CompanyPublic:
    """A company: the full view for its members and staff, the public entry for everybody else."""
    return await _view(reader, actor, "id", company_id)


async def get_company_by_bin(reader: PlainReader, *, actor: Actor, bin_value: str) -> CompanyPublic:
    """A company looked up by its BIN."""
    return await _view(reader, actor, "bin", bin_value.strip())


async def list_companies(
    database: AsyncSession | PlainReader,
    *,
    filters: CompanyFilters,
    cursor: str | None,
    limit: int,
    extra: ColumnElement[bool] | None = None,
) -> CompanyPage:
    """One page of the public register.

    A name search (``q``) needs a session (its settings hold for its transaction); a page of filters alone reads on
    the driver, on the session's connection or on a plain reader. ``extra`` is a further condition on ``Company``
    that another domain builds (the licence track's "holds a licence of this type"), once per value.
    """
    if filters.q and (key := search_key(filters.q)):
        if not isinstance(database, AsyncSession):
            raise TypeError("a name search runs in a session")
        ranked, next_cursor = await ranked_companies(database, filters, key, cursor=cursor, limit=limit, extra=extra)
        companies: Sequence[CompanyRecord] = ranked
    else:
        companies, next_cursor = await newest_companies(
            await _reader(database), filters, cursor=cursor, limit=limit, extra=extra
        )
    return CompanyPage(
        items=await company_views(await _reader(database), companies, full=False), next_cursor=next_cursor
    )


async def _reader(database: AsyncSession | PlainReader) -> PlainReader:
    return await session_reader(database) if isinstance(database, AsyncSession) else database


async def _editable_company(session: AsyncSession, actor: Actor, company_id: uuid.UUID) -> Company:
    company = await session.get(Company, company_id)
    if company is None or not (
        actor.is_admin or await is_member(session, company_id=company_id, account_id=actor.account_id)
    ):
        raise company_not_found()
    return company


def _changes(company: Company, patch: CompanyPatch) -> dict[str, Any]:
    given = {
        name: value
        for name, value in msgspec.structs.asdict(patch).items()
        if value is not msgspec.UNSET and name != "effective_on"
    }
    if "region" in given:
        given["region_kato"] = given.pop("region")
    return {
        name: value
        for name, value in given.items()
        if name in {"activities", "primary_activity"} or getattr(company, name) != value
    }


async def _current_activities(session: AsyncSession, company_id: uuid.UUID) -> tuple[list[str], str]:
    rows = (
        await session.execute(
            select(CompanyActivity.oked_code, CompanyActivity.is_primary).where(
                CompanyActivity.company_id == company_id
            )
        )
    ).all()
    return [code for code, _ in rows], next((code for code, primary in rows if primary), "")


async def update_company(
    session: AsyncSession,
    *,
    actor: Actor,
    company_id: uuid.UUID,
    expected_version: int,
    patch: CompanyPatch,
    today: date,
) -> CompanyFull:
    """Change a company if ``expected_version`` is still current (optimistic concurrency).

    Changes of status, region, legal form and primary activity take effect on ``patch.effective_on`` (default
    ``today``) in the register's history; one in the past is a correction from that day on.
    """
    company = await _editable_company(session, actor, company_id)
    changes = _changes(company, patch)
    if "status" in changes and not actor.is_admin:
        raise invalid_company([field_error("status", "company.status_admin_only")])
    effective_on = None if patch.effective_on is msgspec.UNSET else patch.effective_on
    activities, primary = await _current_activities(session, company_id)
    new_activities = changes.pop("activities", activities)
    new_primary = changes.pop("primary_activity", primary if primary in new_activities else None)
    errors = await _reference_errors(
        session, region=changes.get("region_kato"), activities=new_activities, primary=new_primary or ""
    )
    errors += effective_day_errors(effective_on, today=today, first_day=company.registration_date)
    if errors:
        raise invalid_company(errors)
    bumped = await session.execute(
        update(Company)
        .where(Company.id == company_id, Company.version == expected_version)
        .values(version=Company.version + 1)
        .returning(Company.version)
    )
    if bumped.first() is None:
        await session.refresh(company)
        raise stale_company(company.version)
    await session.refresh(company)
    for name, value in changes.items():
        setattr(company, name, value)
    company.search_key = company_search_key(company.name_kk, company.name_ru, company.name_en)
    activities_changed = (set(new_activities), new_primary) != (set(activities), primary)
    async with taking_effect(session, effective_on or today):
        if activities_changed:
            await _set_activities(session, company_id, new_activities, new_primary or new_activities[0])
        await session.flush()
    public = {k: v for k, v in changes.items() if k in {*PUBLIC_FIELDS, "region_kato"}}
    if activities_changed:
        public.update(activities=list(new_activities), primary_activity=new_primary)
    await record_event(
        session,
        actor_id=actor.account_id,
        kind="company.updated",
        resource_type="company",
        resource_id=company.id,
        data={
            "changed": {("region" if k == "region_kato" else k): v for k, v in public.items()},
            **({"effective_on": effective_on.isoformat()} if effective_on else {}),
        },
        confidential={"changed": {k: v for k, v in changes.items() if k not in public}},
        public=True,
    )
    view = (await company_views(await session_reader(session), [company], full=True))[0]
    assert isinstance(view, CompanyFull)
    return view


async def list_members(session: AsyncSession, *, actor: Actor, company_id: uuid.UUID) -> list[MemberView]:
    """The members of a company, for its members and staff."""
    if await session.get(Company, company_id) is None or not await _may_see_confidential(session, actor, company_id):
        raise company_not_found()
    rows = await session.execute(
        select(CompanyMember, Account)
        .join(Account, Account.id == CompanyMember.account_id)
        .where(CompanyMember.company_id == company_id)
        .order_by(CompanyMember.created_at, Account.email)
    )
    return [
        MemberView(account.id, account.email, account.full_name, member.role, member.created_at)  # type: ignore[arg-type]
        for member, account in rows
    ]


async def add_member(session: AsyncSession, *, actor: Actor, company_id: uuid.UUID, request: MemberAdd) -> MemberView:
    """An owner (or an admin) adds a founder account to the company."""
    if await session.get(Company, company_id) is None:
        raise company_not_found()
    if not actor.is_admin:
        own = await session.get(CompanyMember, (company_id, actor.account_id))
        if own is None:
            raise company_not_found()
        if own.role != "owner":
            raise not_owner()
    account = await session.scalar(
        select(Account).where(Account.email == request.email.strip().lower(), Account.role == "founder")
    )
    if account is None:
        raise invalid_company([field_error("email", "company.member_unknown_email")])
    # One statement decides between simultaneous requests for the same account: the second waits for the first and
    # inserts nothing, where a check-then-insert let both pass the check and one fail on the primary key.
    created_at = await session.scalar(
        pg_insert(CompanyMember)
        .values(company_id=company_id, account_id=account.id, role=request.role, created_at=utc_now())
        .on_conflict_do_nothing(index_elements=[CompanyMember.company_id, CompanyMember.account_id])
        .returning(CompanyMember.created_at)
    )
    if created_at is None:
        raise member_exists()
    await record_event(
        session,
        actor_id=actor.account_id,
        kind="company.member_added",
        resource_type="company",
        resource_id=company_id,
        data={},
        confidential={"account_id": str(account.id), "role": request.role},
        public=False,
    )
    return MemberView(account.id, account.email, account.full_name, request.role, created_at)
