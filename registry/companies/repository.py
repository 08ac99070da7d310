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
from typing import Literal

from sqlalchemy import Float, Select, and_, bindparam, exists, false, func, or_, select, tuple_, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from registry.companies.models import Company, CompanyActivity, CompanyMember
from registry.companies.schemas import ActivityRef, CompanyFull, CompanyPublic, RegionRef
from registry.companies.search import SEARCH_THRESHOLD, WORD_THRESHOLD, candidate_ids, word_variants
from registry.errors import FieldError, InvalidInput
from registry.i18n import Text
from registry.plain_reads import Columns, PlainReader, PlainStatement, labelled
from registry.reference.models import Activity, Region
from registry.search_key import search_key

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
    "search_companies",
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


async def _references_by_company(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> tuple[dict[uuid.UUID, RegionRef], dict[uuid.UUID, list[ActivityRef]]]:
    """Each company's region and activities (primary first, then by code), in one statement of plain columns."""
    rows = await session.execute(
        select(
            Company.id,
            Region.kato,
            Region.name_kk,
            Region.name_ru,
            Region.name_en,
            CompanyActivity.is_primary,
            Activity.code,
            Activity.name_kk,
            Activity.name_ru,
            Activity.name_en,
        )
        .join(Region, Region.kato == Company.region_kato)
        .outerjoin(CompanyActivity, CompanyActivity.company_id == Company.id)
        .outerjoin(Activity, Activity.code == CompanyActivity.oked_code)
        .where(Company.id.in_(ids))
        .order_by(Company.id, CompanyActivity.is_primary.desc(), Activity.code)
    )
    regions: dict[uuid.UUID, RegionRef] = {}
    activities: dict[uuid.UUID, list[ActivityRef]] = defaultdict(list)
    for company_id, kato, region_kk, region_ru, region_en, is_primary, code, name_kk, name_ru, name_en in rows:
        if company_id not in regions:
            regions[company_id] = RegionRef(kato, region_kk, region_ru, region_en)
        if code is not None:
            activities[company_id].append(ActivityRef(code, name_kk, name_ru, name_en, is_primary))
    return regions, activities


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


async def company_views(session: AsyncSession, companies: Sequence[Company], *, full: bool) -> list[CompanyPublic]:
    """Views of ``companies`` in the given order, with their regions and activities loaded in one query."""
    if not companies:
        return []
    regions, activities = await _references_by_company(session, [company.id for company in companies])
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
_NAMES = ("name_kk", "name_ru", "name_en")


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
    activities = [
        ActivityRef(
            row["activity_code"],
            row["activity_name_kk"],
            row["activity_name_ru"],
            row["activity_name_en"],
            row["activity_is_primary"],
        )
        for row in rows
        if row["activity_code"] is not None
    ]
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
        matching = select(Activity.code).where(Activity.section == code)
        return CompanyActivity.oked_code.in_(matching)
    return or_(CompanyActivity.oked_code == code, CompanyActivity.oked_code.like(f"{code}.%"))


def _filtered(query: Select[tuple[Company]], filters: CompanyFilters) -> Select[tuple[Company]]:
    if filters.region:
        query = query.where(Company.region_kato == filters.region)
    if filters.status:
        query = query.where(Company.status == filters.status)
    if filters.ai_class:
        query = query.where(Company.ai_class == filters.ai_class)
    if filters.registered_from:
        query = query.where(Company.registration_date >= filters.registered_from)
    if filters.registered_to:
        query = query.where(Company.registration_date <= filters.registered_to)
    if filters.activity:
        query = query.where(
            exists().where(CompanyActivity.company_id == Company.id, _activity_condition(filters.activity))  # type: ignore[arg-type]
        )
    return query


async def search_companies(
    session: AsyncSession, filters: CompanyFilters, *, cursor: str | None, limit: int, extra: object | None = None
) -> tuple[list[Company], str | None]:
    """One page of companies matching ``filters``: by similarity to ``q`` when given, else newest first."""
    query = _filtered(select(Company), filters)
    if extra is not None:
        query = query.where(extra)  # type: ignore[arg-type]
    if filters.q and (key := search_key(filters.q)):
        return await _ranked_page(session, query, key, cursor=cursor, limit=limit)
    if cursor:
        day, company_id = decode_cursor(cursor, 2)
        try:
            position = (date.fromisoformat(str(day)), uuid.UUID(str(company_id)))
        except ValueError as error:
            raise bad_cursor() from error
        query = query.where(tuple_(Company.registration_date, Company.id) < position)
    rows: list[Company] = list(
        await session.scalars(query.order_by(Company.registration_date.desc(), Company.id.desc()).limit(limit + 1))
    )
    page, more = rows[:limit], len(rows) > limit
    next_cursor = encode_cursor([page[-1].registration_date.isoformat(), str(page[-1].id)]) if more else None
    return page, next_cursor


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


def member_condition(account_id: uuid.UUID) -> object:
    """SQL condition: the company has ``account_id`` among its members."""
    return exists().where(CompanyMember.company_id == Company.id, CompanyMember.account_id == account_id)
