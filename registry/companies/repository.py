"""Queries over companies: loading their views, searching and paging the register."""

from __future__ import annotations

import base64
import binascii
import functools
import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import (
    ARRAY,
    Date,
    Float,
    Integer,
    Select,
    and_,
    any_,
    bindparam,
    exists,
    false,
    func,
    or_,
    select,
    tuple_,
    type_coerce,
)
from sqlalchemy.ext.asyncio import AsyncSession

from registry.companies.models import Company, CompanyActivity, CompanyMember
from registry.companies.schemas import ActivityRef, CompanyFull, CompanyPublic, RegionRef
from registry.companies.search import SEARCH_THRESHOLD, WORD_THRESHOLD, candidate_ids, word_variants
from registry.errors import FieldError, InvalidInput
from registry.i18n import Text
from registry.plain_reads import Columns, PlainReader, PlainStatement, labelled
from registry.reference.models import Activity, Region

__all__ = [
    "CompanyFilters",
    "CompanyKey",
    "CompanyRecord",
    "LoadedCompany",
    "bad_cursor",
    "company_view",
    "company_views",
    "decode_cursor",
    "encode_cursor",
    "is_member",
    "load_company",
    "newest_companies",
    "ranked_companies",
]


@dataclass(frozen=True, slots=True)
class CompanyFilters:
    """Filters of the public register."""

    q: str | None = None
    region: str | None = None
    activity: str | None = None
    status: str | None = None
    registered_from: date | None = None
    registered_to: date | None = None
    ai_class: str | None = None


async def is_member(session: AsyncSession, *, company_id: uuid.UUID, account_id: uuid.UUID | None) -> bool:
    """Whether the account acts for the company."""
    if account_id is None:
        return False
    found = await session.scalar(
        select(exists().where(CompanyMember.company_id == company_id, CompanyMember.account_id == account_id))
    )
    return bool(found)


@functools.cache
def _references_statement() -> PlainStatement:
    """Companies' regions and activities (parameter ``ids``), primary activity first, then by code; built once."""
    return PlainStatement(
        select(
            Company.id.label("company_id"),
            *labelled(Region, ("kato", *_NAMES), "region_"),
            CompanyActivity.is_primary.label("activity_is_primary"),
            *labelled(Activity, ("code", *_NAMES), "activity_"),
        )
        .join(Region, Region.kato == Company.region_kato)
        .outerjoin(CompanyActivity, CompanyActivity.company_id == Company.id)
        .outerjoin(Activity, Activity.code == CompanyActivity.oked_code)
        .where(Company.id == any_(bindparam("ids", type_=ARRAY(Company.id.type))))
        .order_by(Company.id, CompanyActivity.is_primary.desc(), Activity.code)
    )


def _activity(row: Any) -> ActivityRef:
    return ActivityRef(
        row["activity_code"],
        row["activity_name_kk"],
        row["activity_name_ru"],
        row["activity_name_en"],
        row["activity_is_primary"],
    )


async def _references_by_company(
    reader: PlainReader, ids: Sequence[uuid.UUID]
) -> tuple[dict[uuid.UUID, RegionRef], dict[uuid.UUID, list[ActivityRef]]]:
    """Each company's region and activities (primary first, then by code), in one statement on the driver."""
    regions: dict[uuid.UUID, RegionRef] = {}
    activities: dict[uuid.UUID, list[ActivityRef]] = defaultdict(list)
    for row in await _references_statement().fetch(reader, {"ids": list(ids)}):
        company_id = row["company_id"]
        if company_id not in regions:
            regions[company_id] = RegionRef(
                row["region_kato"], row["region_name_kk"], row["region_name_ru"], row["region_name_en"]
            )
        if row["activity_code"] is not None:
            activities[company_id].append(_activity(row))
    return regions, activities


_NAMES = ("name_kk", "name_ru", "name_en")


CompanyRecord = Company | Columns
"""A company as a model or as a driver row of its columns (:mod:`registry.plain_reads`): views read either."""


def company_view(
    company: CompanyRecord, region: RegionRef, activities: list[ActivityRef], *, full: bool
) -> CompanyPublic:
    """The public entry of ``company``, or its full record when ``full``."""
    public = {
        "id": company.id,
        "bin": company.bin,
        "name_kk": company.name_kk,
        "name_ru": company.name_ru,
        "name_en": company.name_en,
        "legal_form": company.legal_form,
        "region": region,
        "registration_date": company.registration_date,
        "status": company.status,
        "activities": activities,
        "ai_class": company.ai_class,
    }
    if full:
        return CompanyFull(
            **public,  # type: ignore[arg-type]
            headcount=company.headcount,
            website=company.website,
            description=company.description,
            version=company.version,
            created_at=company.created_at,
            updated_at=company.updated_at,
        )
    return CompanyPublic(**public)  # type: ignore[arg-type]


async def company_views(reader: PlainReader, companies: Sequence[CompanyRecord], *, full: bool) -> list[CompanyPublic]:
    """Views of ``companies`` in the given order, with their regions and activities loaded in one query."""
    if not companies:
        return []
    regions, activities = await _references_by_company(reader, [company.id for company in companies])
    return [
        company_view(company, regions[company.id], activities.get(company.id, []), full=full) for company in companies
    ]


@dataclass(frozen=True, slots=True)
class LoadedCompany:
    """A company read with what its view needs, and whether the reader is one of its members."""

    company: CompanyRecord
    region: RegionRef
    activities: list[ActivityRef]
    reader_is_member: bool

    def view(self, *, full: bool) -> CompanyPublic:
        """The public entry, or the full record when ``full``."""
        return company_view(self.company, self.region, self.activities, full=full)


CompanyKey = Literal["id", "bin"]
"""What names one company: its id or its BIN."""

_COMPANY_COLUMNS = (
    *(name for name in CompanyFull.__struct_fields__ if name not in ("region", "activities")),
    "region_kato",
)
"""The columns of a company's full record (its view's fields, but the references), and its region's code."""


@functools.cache
def _company_statement(key: CompanyKey, *, with_reader: bool) -> PlainStatement:
    """The statement of :func:`load_company`, built once per shape (parameters ``key`` and ``reader_id``)."""
    member = (
        exists().where(CompanyMember.company_id == Company.id, CompanyMember.account_id == bindparam("reader_id"))
        if with_reader
        else false()
    )
    column = Company.id if key == "id" else Company.bin
    return PlainStatement(
        select(
            *labelled(Company, _COMPANY_COLUMNS),
            *labelled(Region, _NAMES, "region_"),
            CompanyActivity.is_primary.label("activity_is_primary"),
            *labelled(Activity, ("code", *_NAMES), "activity_"),
            member.label("reader_is_member"),
        )
        .join(Region, Region.kato == Company.region_kato)
        .outerjoin(CompanyActivity, CompanyActivity.company_id == Company.id)
        .outerjoin(Activity, Activity.code == CompanyActivity.oked_code)
        .where(column == bindparam("key"))
        .order_by(CompanyActivity.is_primary.desc(), Activity.code)
    )


async def load_company(
    reader: PlainReader, key: CompanyKey, value: uuid.UUID | str, *, reader_id: uuid.UUID | None
) -> LoadedCompany | None:
    """The company whose ``key`` is ``value``, with its region, activities and the reader's membership, in one query.

    One statement instead of four (the company, its activities, its region, the membership): a company has a few
    activities, so the joined rows are few. It runs on the driver (:mod:`registry.plain_reads`): no ORM object, no
    session work per statement.
    """
    parameters: dict[str, object] = {"key": value}
    if reader_id is not None:
        parameters["reader_id"] = reader_id
    rows = await _company_statement(key, with_reader=reader_id is not None).fetch(reader, parameters)
    if not rows:
        return None
    first = rows[0]
    activities = [_activity(row) for row in rows if row["activity_code"] is not None]
    region = RegionRef(first["region_kato"], first["region_name_kk"], first["region_name_ru"], first["region_name_en"])
    return LoadedCompany(Columns(first), region, activities, reader_is_member=bool(first["reader_is_member"]))


def bad_cursor() -> InvalidInput:
    """A cursor the register did not give (422 ``page.cursor_invalid`` on ``cursor``)."""
    message = Text(
        kk="Бет курсоры жарамсыз.", ru="Недействительный курсор страницы.", en="The page cursor is not valid."
    )
    return InvalidInput("page.cursor_invalid", message, errors=[FieldError("cursor", "page.cursor_invalid", message)])


def encode_cursor(values: list[str | float]) -> str:
    """An opaque cursor for the position after a row."""
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[str | float]:
    """The values of a cursor made by :func:`encode_cursor`, or ``page.cursor_invalid``."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error) as error:
        raise bad_cursor() from error
    if not isinstance(values, list) or len(values) != size:
        raise bad_cursor()
    return values


def _activity_condition(code: str) -> object:
    if len(code) == 1:  # an OKED section letter covers all its divisions and classes
        matching = select(Activity.code).where(Activity.section == bindparam("activity", code))
        return CompanyActivity.oked_code.in_(matching)
    return or_(
        CompanyActivity.oked_code == bindparam("activity", code),
        CompanyActivity.oked_code.like(bindparam("activity_prefix", f"{code}.%")),
    )


def _filtered(query: Select[Any], filters: CompanyFilters) -> Select[Any]:
    """``query`` restricted by ``filters``, each value a parameter named after its filter (:func:`_filter_values`)."""
    if filters.region:
        query = query.where(Company.region_kato == bindparam("region", filters.region))
    if filters.status:
        query = query.where(Company.status == bindparam("status", filters.status))
    if filters.ai_class:
        query = query.where(Company.ai_class == bindparam("ai_class", filters.ai_class))
    if filters.registered_from:
        query = query.where(
            Company.registration_date >= bindparam("registered_from", filters.registered_from, type_=Date())
        )
    if filters.registered_to:
        query = query.where(
            Company.registration_date <= bindparam("registered_to", filters.registered_to, type_=Date())
        )
    if filters.activity:
        query = query.where(
            exists().where(CompanyActivity.company_id == Company.id, _activity_condition(filters.activity))  # type: ignore[arg-type]
        )
    return query


def _filter_values(filters: CompanyFilters) -> dict[str, object]:
    """The parameters :func:`_filtered` names, for a statement built for other values of the same filters."""
    values: dict[str, object] = {
        name: getattr(filters, name)
        for name in ("region", "status", "ai_class", "registered_from", "registered_to", "activity")
        if getattr(filters, name)
    }
    if filters.activity:
        values["activity_prefix"] = f"{filters.activity}.%"
    return values


def _filter_shape(filters: CompanyFilters) -> tuple[str, ...]:
    """Which filters are set (and whether an activity is a section): what the newest-first statement depends on."""
    shape = tuple(name for name in _filter_values(filters) if name != "activity_prefix")
    if filters.activity and len(filters.activity) == 1:
        shape += ("activity_section",)
    return shape


@functools.lru_cache(maxsize=256)
def _newest_statement(shape: tuple[str, ...], *, after: bool, extra: object | None) -> PlainStatement:
    """The newest-first page for one shape of filters (and a condition of another domain, kept while cached).

    Parameters: the filters' (:func:`_filter_values`), ``limit``, and with ``after`` the cursor's ``after_day`` and
    ``after_id``. ``extra``'s own values are compiled in: it is built once per value by its owner (the licence
    track's holders' condition, a founder's membership), so the statement is built once per shape and condition.
    """
    placeholders: dict[str, Any] = {name: "-" for name in shape if name not in ("activity", "activity_section")}
    if "activity" in shape:
        placeholders["activity"] = "A" if "activity_section" in shape else "00"
    query = _filtered(select(*labelled(Company, _COMPANY_COLUMNS)), CompanyFilters(**placeholders))
    if extra is not None:
        query = query.where(extra)  # type: ignore[arg-type]
    if after:
        query = query.where(
            tuple_(Company.registration_date, Company.id)
            < tuple_(bindparam("after_day", type_=Date()), bindparam("after_id", type_=Company.id.type))
        )
    return PlainStatement(
        query.order_by(Company.registration_date.desc(), Company.id.desc()).limit(bindparam("limit", type_=Integer()))
    )


async def newest_companies(
    reader: PlainReader, filters: CompanyFilters, *, cursor: str | None, limit: int, extra: object | None = None
) -> tuple[list[Columns], str | None]:
    """One page of companies matching ``filters`` (but ``q``), newest registrations first, on the driver."""
    parameters = {**_filter_values(filters), "limit": limit + 1}
    if cursor:
        day, company_id = decode_cursor(cursor, 2)
        try:
            parameters["after_day"], parameters["after_id"] = date.fromisoformat(str(day)), uuid.UUID(str(company_id))
        except ValueError as error:
            raise bad_cursor() from error
    statement = _newest_statement(_filter_shape(filters), after=bool(cursor), extra=extra)
    rows = [Columns(row) for row in await statement.fetch(reader, parameters)]
    page, more = rows[:limit], len(rows) > limit
    next_cursor = encode_cursor([page[-1].registration_date.isoformat(), str(page[-1].id)]) if more else None
    return page, next_cursor


async def ranked_companies(
    session: AsyncSession, filters: CompanyFilters, key: str, *, cursor: str | None, limit: int, extra: object | None
) -> tuple[list[Company], str | None]:
    """One page of companies matching ``filters``, best match of ``key`` (``q``'s search key) first."""
    query = _filtered(select(Company), filters)
    if extra is not None:
        query = query.where(extra)  # type: ignore[arg-type]
    return await _ranked_page(session, query, key, cursor=cursor, limit=limit)


async def _ranked_page(
    session: AsyncSession, query: Select[tuple[Company]], key: str, *, cursor: str | None, limit: int
) -> tuple[list[Company], str | None]:
    # Settings for the rest of the request's transaction. The dictionary's ``<%`` (word_similarity >= the threshold
    # set here) can use its trigram index. The statements are small: a parallel worker's start (the planner's choice
    # for a common word's postings) costs more than it saves. They are planned for their words each time: a generic
    # plan of the cached prepared statement cannot tell a rare word's postings from a common one's and scanned the
    # register (300 ms at 1,000,000).
    await session.execute(
        select(
            func.set_config("pg_trgm.word_similarity_threshold", str(WORD_THRESHOLD), True),
            func.set_config("max_parallel_workers_per_gather", "0", True),
            func.set_config("plan_cache_mode", "force_custom_plan", True),
            # A word's postings are read in similarity order until the bound: with a filter, the planner would
            # rather hash the word's every holder against the region's every company (140 ms at 1,000,000).
            func.set_config("enable_hashjoin", "off", True),
            func.set_config("enable_mergejoin", "off", True),
        )
    )
    variants = await word_variants(session, key)
    if not variants:
        return [], None
    # Matching is by word similarity (a name containing the query matches fully); ranking adds whole-key
    # similarity so that the closest name, not just any name containing the words, comes first. Only the bounded
    # candidates of registry/companies/search.py are ranked.
    # Read as a float: typed as the Numeric SQLAlchemy infers, it came back rounded to 10 digits, and the cursor
    # then skipped the rest of a tie.
    score = type_coerce(
        (func.word_similarity(key, Company.search_key) * 2 + func.similarity(key, Company.search_key)) / 3, Float()
    )
    # The match is written as a function, not ``%>``, so that the planner ranks the candidates instead of
    # scanning the whole key index for it.
    ranked = query.add_columns(score.label("score")).where(
        Company.id.in_(candidate_ids(key, variants, query.whereclause)),
        func.word_similarity(key, Company.search_key) >= SEARCH_THRESHOLD,
    )
    if cursor:
        last_score, company_id = decode_cursor(cursor, 2)
        try:
            position_score, position_id = float(last_score), uuid.UUID(str(company_id))
        except ValueError as error:
            raise bad_cursor() from error
        ranked = ranked.where(or_(score < position_score, and_(score == position_score, Company.id > position_id)))
    rows = (await session.execute(ranked.order_by(score.desc(), Company.id).limit(limit + 1))).all()
    page, more = rows[:limit], len(rows) > limit
    next_cursor = encode_cursor([float(page[-1].score), str(page[-1][0].id)]) if more else None
    return [row[0] for row in page], next_cursor


@functools.lru_cache(maxsize=1024)
def member_condition(account_id: uuid.UUID) -> object:
    """SQL condition: the company has ``account_id`` among its members.

    One object per account, so that a page's statement built with it is built once (:func:`newest_companies`).
    """
    return exists().where(CompanyMember.company_id == Company.id, CompanyMember.account_id == account_id)
