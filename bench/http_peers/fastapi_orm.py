"""The usual stack: FastAPI with Pydantic v2 response models over the SQLAlchemy 2 async ORM (the registry's models).

Each route loads what the registry's route of the same path loads (the company, its activities, its region, its
licences) through an ``AsyncSession`` per request, the way a FastAPI tutorial app would, and answers the same JSON.

Run: ``uvicorn bench.http_peers.fastapi_orm:create_app --factory`` with ``BENCH_URL`` (a SQLAlchemy URL).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from licensing.licence_types import licence_type
from licensing.models import Licence
from licensing.reasons import SANCTION_REASONS, known_reason_view
from registry.companies.models import Company, CompanyActivity
from registry.companies.repository import encode_cursor
from registry.reference.models import Activity, Region


class RegionOut(BaseModel):
    kato: str
    name_kk: str
    name_ru: str
    name_en: str


class ActivityOut(BaseModel):
    code: str
    name_kk: str
    name_ru: str
    name_en: str
    is_primary: bool


class ReasonOut(BaseModel):
    code: str
    label: dict[str, str]
    description: dict[str, str]


class LicenceOut(BaseModel):
    number: str
    licence_type: str
    company_id: uuid.UUID
    company_name: str
    company_bin: str
    status: str
    valid_from: date
    valid_until: date
    status_reason_code: str | None
    status_text: str | None
    version: int
    status_reason: ReasonOut | None = None


class CompanyOut(BaseModel):
    id: uuid.UUID
    bin: str
    name_kk: str
    name_ru: str
    name_en: str | None
    legal_form: str
    region: RegionOut
    registration_date: date
    status: str
    activities: list[ActivityOut]
    ai_class: str | None = None


class ProfileOut(CompanyOut):
    licences: list[LicenceOut]


class PageOut(BaseModel):
    items: list[CompanyOut]
    next_cursor: str | None


class PublicLicenceOut(BaseModel):
    number: str
    licence_type: str
    licence_name: dict[str, str]
    status: str
    valid_from: date
    valid_until: date
    company_name_kk: str
    company_name_ru: str
    company_bin: str
    company_status: str
    version: int


async def session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.sessions() as opened:
        yield opened


Session = Annotated[AsyncSession, Depends(session)]


def _status(licence: Licence, today: date) -> str:
    return "expired" if licence.status != "revoked" and licence.valid_until < today else licence.status


async def _activities(db: AsyncSession, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[ActivityOut]]:
    rows = await db.execute(
        select(CompanyActivity.company_id, CompanyActivity.is_primary, Activity)
        .join(Activity, Activity.code == CompanyActivity.oked_code)
        .where(CompanyActivity.company_id.in_(ids))
        .order_by(CompanyActivity.company_id, CompanyActivity.is_primary.desc(), Activity.code)
    )
    grouped: dict[uuid.UUID, list[ActivityOut]] = {}
    for company_id, is_primary, activity in rows:
        grouped.setdefault(company_id, []).append(
            ActivityOut(
                code=activity.code,
                name_kk=activity.name_kk,
                name_ru=activity.name_ru,
                name_en=activity.name_en,
                is_primary=is_primary,
            )
        )
    return grouped


async def _regions(db: AsyncSession, katos: set[str]) -> dict[str, RegionOut]:
    rows = await db.scalars(select(Region).where(Region.kato.in_(katos)))
    return {r.kato: RegionOut(kato=r.kato, name_kk=r.name_kk, name_ru=r.name_ru, name_en=r.name_en) for r in rows}


def _company(company: Company, regions: dict[str, RegionOut], activities: dict[uuid.UUID, list[ActivityOut]]) -> Any:
    return {
        "id": company.id,
        "bin": company.bin,
        "name_kk": company.name_kk,
        "name_ru": company.name_ru,
        "name_en": company.name_en,
        "legal_form": company.legal_form,
        "region": regions[company.region_kato],
        "registration_date": company.registration_date,
        "status": company.status,
        "activities": activities.get(company.id, []),
        "ai_class": company.ai_class,
    }


async def _profile(db: AsyncSession, company: Company | None) -> ProfileOut:
    if company is None:
        raise HTTPException(status_code=404)
    activities = await _activities(db, [company.id])
    regions = await _regions(db, {company.region_kato})
    licences = await db.scalars(
        select(Licence).where(Licence.company_id == company.id).order_by(Licence.valid_from.desc(), Licence.number)
    )
    today = datetime.now(UTC).date()
    views = []
    for licence in licences:
        reason = known_reason_view(SANCTION_REASONS, licence.status_reason_code)
        views.append(
            LicenceOut(
                number=licence.number,
                licence_type=licence.licence_type,
                company_id=company.id,
                company_name=company.name_kk,
                company_bin=company.bin,
                status=_status(licence, today),
                valid_from=licence.valid_from,
                valid_until=licence.valid_until,
                status_reason_code=licence.status_reason_code,
                status_text=None,
                version=licence.version,
                status_reason=ReasonOut(code=reason.code, label=reason.label, description=reason.description)
                if reason
                else None,
            )
        )
    return ProfileOut(**_company(company, regions, activities), licences=views)


def create_app() -> FastAPI:
    """The peer app; its engine opens on start-up (no pre-ping, as the FastAPI docs' example has it)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_async_engine(os.environ["BENCH_URL"], pool_size=10, max_overflow=10)
        app.state.sessions = async_sessionmaker(engine, expire_on_commit=False)
        try:
            yield
        finally:
            await engine.dispose()

    app = FastAPI(lifespan=lifespan)

    @app.get("/api/v1/companies/by-bin/{bin_value}", response_model=ProfileOut)
    async def by_bin(bin_value: str, db: Session) -> ProfileOut:
        return await _profile(db, await db.scalar(select(Company).where(Company.bin == bin_value.strip())))

    @app.get("/api/v1/companies/{company_id}", response_model=ProfileOut)
    async def company(company_id: uuid.UUID, db: Session) -> ProfileOut:
        return await _profile(db, await db.get(Company, company_id))

    @app.get("/api/v1/companies/", response_model=PageOut)
    async def first_page(db: Session) -> PageOut:
        limit = 50
        rows = list(
            await db.scalars(select(Company).order_by(Company.registration_date.desc(), Company.id.desc()).limit(51))
        )
        page = rows[:limit]
        activities = await _activities(db, [company.id for company in page])
        regions = await _regions(db, {company.region_kato for company in page})
        last = page[-1]
        cursor = encode_cursor([last.registration_date.isoformat(), str(last.id)]) if len(rows) > limit else None
        return PageOut(items=[_company(c, regions, activities) for c in page], next_cursor=cursor)

    @app.get("/api/v1/licences/{number}", response_model=PublicLicenceOut)
    async def licence(number: str, db: Session) -> PublicLicenceOut:
        row = (
            await db.execute(
                select(Licence, Company)
                .join(Company, Company.id == Licence.company_id)
                .where(Licence.number == number.strip().upper())
            )
        ).first()
        if row is None:
            raise HTTPException(status_code=404)
        found, company = row
        return PublicLicenceOut(
            number=found.number,
            licence_type=found.licence_type,
            licence_name=licence_type(found.licence_type).name.as_dict(),
            status=_status(found, datetime.now(UTC).date()),
            valid_from=found.valid_from,
            valid_until=found.valid_until,
            company_name_kk=company.name_kk,
            company_name_ru=company.name_ru,
            company_bin=company.bin,
            company_status=company.status,
            version=found.version,
        )

    return app
