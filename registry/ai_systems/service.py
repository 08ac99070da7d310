"""Use cases of the AI-systems register: record, read, change, search, monitor, count."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, datetime

import msgspec
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from registry.accounts.actor import Actor
from registry.ai_systems.errors import ai_system_not_found, not_a_member, stale_ai_system
from registry.ai_systems.models import AUTONOMY_DEGREES, CAPABILITIES, RISK_DEGREES, AiSystem
from registry.ai_systems.repository import (
    AiSystemFilters,
    ai_system_view,
    high_risk_without_assurance,
    search_ai_systems,
)
from registry.ai_systems.schemas import (
    AiSystemCreate,
    AiSystemFull,
    AiSystemPage,
    AiSystemPatch,
    AiSystemPublic,
    DocumentReference,
    TrustedListEntry,
)
from registry.companies.errors import company_not_found
from registry.companies.models import Company
from registry.companies.repository import is_member
from registry.events.service import record_event
from registry.search_key import search_key

__all__ = [
    "AiSystemCounts",
    "change_ai_system",
    "count_ai_systems",
    "get_ai_system",
    "list_company_ai_systems",
    "monitor_high_risk_systems",
    "record_ai_system",
    "search_register",
    "systems_of_companies",
]

_DEGREE_FIELDS = ("risk_degree", "autonomy_degree")


class AiSystemCounts(msgspec.Struct, frozen=True, kw_only=True):
    """The register's systems counted (withdrawn ones left out), at one moment."""

    counted_at: datetime
    systems: int
    by_risk_degree: dict[str, int]
    by_autonomy_degree: dict[str, int]
    by_capability: dict[str, int]
    by_risk_and_autonomy: dict[str, dict[str, int]]


async def _can_edit(session: AsyncSession, actor: Actor, company_id: uuid.UUID) -> bool:
    return actor.is_admin or (
        actor.role == "founder" and await is_member(session, company_id=company_id, account_id=actor.account_id)
    )


async def _can_read_all(session: AsyncSession, actor: Actor, company_id: uuid.UUID) -> bool:
    return actor.is_staff or await is_member(session, company_id=company_id, account_id=actor.account_id)


def _public_data(system: AiSystem) -> dict[str, object]:
    return {
        "company_id": str(system.company_id),
        "name": system.name,
        "purpose": system.purpose,
        "capabilities": list(system.capabilities),
        "risk_degree": system.risk_degree,
        "autonomy_degree": system.autonomy_degree,
        "status": system.status,
    }


def _confidential_data(system: AiSystem) -> dict[str, object]:
    return {
        "system_version": system.system_version,
        "data_and_logic": system.data_and_logic,
        "trusted_list_body": system.trusted_list_body,
        "trusted_list_decision_date": system.trusted_list_decision_date.isoformat()
        if system.trusted_list_decision_date
        else None,
        "trusted_list_reference": system.trusted_list_reference,
        "audit_report_sha256": system.audit_report_sha256,
        "copyright_certificate_sha256": system.copyright_certificate_sha256,
        "synthetic_output_labelled": system.synthetic_output_labelled,
    }


def _apply_trusted_list(system: AiSystem, entry: TrustedListEntry | None) -> None:
    system.trusted_list_body = entry.body if entry else None
    system.trusted_list_decision_date = entry.decision_date if entry else None
    system.trusted_list_reference = entry.reference if entry else None


def _apply_audit_report(system: AiSystem, document: DocumentReference | None) -> None:
    system.audit_report_reference = document.reference if document else None
    system.audit_report_sha256 = document.sha256 if document else None


def _apply_copyright_certificate(system: AiSystem, document: DocumentReference | None) -> None:
    system.copyright_certificate_reference = document.reference if document else None
    system.copyright_certificate_sha256 = document.sha256 if document else None


async def record_ai_system(
    session: AsyncSession, *, actor: Actor, company_id: uuid.UUID, request: AiSystemCreate, today: date
) -> AiSystemFull:
    """A member (or an admin) records one of the company's AI systems; the degrees are declared today, by them."""
    company = await session.get(Company, company_id)
    if company is None:
        raise company_not_found()
    if not await _can_edit(session, actor, company_id):
        raise not_a_member()
    system = AiSystem(
        id=uuid.uuid4(),
        company_id=company_id,
        name=request.name.strip(),
        system_version=request.system_version.strip(),
        purpose=request.purpose.strip(),
        capabilities=sorted(set(request.capabilities), key=CAPABILITIES.index),
        data_and_logic=request.data_and_logic.strip(),
        status=request.status,
        risk_degree=request.risk_degree,
        autonomy_degree=request.autonomy_degree,
        degrees_declared_on=today,
        degrees_declared_by=actor.account_id,
        synthetic_output_labelled=request.synthetic_output_labelled,
        search_key=search_key(request.name),
        version=1,
    )
    _apply_trusted_list(system, request.trusted_list)
    _apply_audit_report(system, request.audit_report)
    _apply_copyright_certificate(system, request.copyright_certificate)
    session.add(system)
    await session.flush()
    await record_event(
        session,
        actor_id=actor.account_id,
        kind="ai_system.recorded",
        resource_type="ai_system",
        resource_id=system.id,
        data=_public_data(system),
        confidential=_confidential_data(system),
        public=True,
    )
    await session.refresh(system)
    view = ai_system_view(system, company.name_kk, full=True)
    assert isinstance(view, AiSystemFull)
    return view


async def _system_and_company(session: AsyncSession, system_id: uuid.UUID) -> tuple[AiSystem, Company]:
    system = await session.get(AiSystem, system_id)
    if system is None:
        raise ai_system_not_found()
    company = await session.get(Company, system.company_id)
    assert company is not None  # a foreign key
    return system, company


async def get_ai_system(session: AsyncSession, *, actor: Actor, system_id: uuid.UUID) -> AiSystemPublic:
    """One system: the whole record for the company's members and staff, the public fields for everybody else."""
    system, company = await _system_and_company(session, system_id)
    return ai_system_view(system, company.name_kk, full=await _can_read_all(session, actor, company.id))


async def list_company_ai_systems(
    session: AsyncSession, *, actor: Actor, company_id: uuid.UUID
) -> list[AiSystemPublic]:
    """A company's systems, in the order they were recorded."""
    company = await session.get(Company, company_id)
    if company is None:
        raise company_not_found()
    full = await _can_read_all(session, actor, company_id)
    systems = await session.scalars(
        select(AiSystem).where(AiSystem.company_id == company_id).order_by(AiSystem.created_at, AiSystem.id)
    )
    return [ai_system_view(system, company.name_kk, full=full) for system in systems]


async def systems_of_companies(
    session: AsyncSession, company_ids: set[uuid.UUID]
) -> dict[uuid.UUID, list[AiSystemFull]]:
    """Every system of each company, whole (for its members and staff, e.g. beside an application)."""
    found: dict[uuid.UUID, list[AiSystemFull]] = {company_id: [] for company_id in company_ids}
    if not company_ids:
        return found
    rows = await session.execute(
        select(AiSystem, Company.name_kk)
        .join(Company, Company.id == AiSystem.company_id)
        .where(AiSystem.company_id.in_(company_ids))
        .order_by(AiSystem.created_at, AiSystem.id)
    )
    for system, company_name in rows.all():
        view = ai_system_view(system, company_name, full=True)
        assert isinstance(view, AiSystemFull)
        found[system.company_id].append(view)
    return found


async def change_ai_system(
    session: AsyncSession,
    *,
    actor: Actor,
    system_id: uuid.UUID,
    expected_version: int,
    patch: AiSystemPatch,
    today: date,
) -> AiSystemFull:
    """Change a system if ``expected_version`` is still current; a new risk or autonomy degree is declared today."""
    system, company = await _system_and_company(session, system_id)
    if not await _can_edit(session, actor, company.id):
        raise not_a_member()
    bumped = await session.scalar(
        update(AiSystem)
        .where(AiSystem.id == system_id, AiSystem.version == expected_version)
        .values(version=AiSystem.version + 1)
        .returning(AiSystem.version)
    )
    if bumped is None:
        await session.refresh(system)
        raise stale_ai_system(system.version)
    await session.refresh(system)
    changes = {name: value for name, value in msgspec.structs.asdict(patch).items() if value is not msgspec.UNSET}
    for name in ("name", "system_version", "purpose", "data_and_logic", "status", "synthetic_output_labelled"):
        if name in changes:
            value = changes[name]
            setattr(system, name, value.strip() if isinstance(value, str) else value)
    if "capabilities" in changes:
        system.capabilities = sorted(set(changes["capabilities"]), key=CAPABILITIES.index)
    if any(name in changes and changes[name] != getattr(system, name) for name in _DEGREE_FIELDS):
        system.degrees_declared_on = today
        system.degrees_declared_by = actor.account_id
    for name in _DEGREE_FIELDS:
        if name in changes:
            setattr(system, name, changes[name])
    if "trusted_list" in changes:
        _apply_trusted_list(system, changes["trusted_list"])
    if "audit_report" in changes:
        _apply_audit_report(system, changes["audit_report"])
    if "copyright_certificate" in changes:
        _apply_copyright_certificate(system, changes["copyright_certificate"])
    system.search_key = search_key(system.name)
    await session.flush()
    await record_event(
        session,
        actor_id=actor.account_id,
        kind="ai_system.changed",
        resource_type="ai_system",
        resource_id=system.id,
        data={**_public_data(system), "changed": sorted(changes)},
        confidential=_confidential_data(system),
        public=True,
    )
    await session.refresh(system)
    view = ai_system_view(system, company.name_kk, full=True)
    assert isinstance(view, AiSystemFull)
    return view


async def search_register(
    session: AsyncSession, *, filters: AiSystemFilters, cursor: str | None, limit: int
) -> AiSystemPage:
    """One page of the public AI-systems register."""
    rows, next_cursor = await search_ai_systems(session, filters, cursor=cursor, limit=limit)
    return AiSystemPage(items=[ai_system_view(s, name, full=False) for s, name in rows], next_cursor=next_cursor)


async def monitor_high_risk_systems(session: AsyncSession) -> list[AiSystemPublic]:
    """High-risk systems in development or on the market without a trusted-list entry or an audit report (staff)."""
    return [ai_system_view(s, name, full=True) for s, name in await high_risk_without_assurance(session)]


async def count_ai_systems(session: AsyncSession, *, now: datetime) -> AiSystemCounts:
    """Systems in development or on the market, by risk degree, autonomy degree and capability (public counts)."""
    rows = (
        await session.execute(
            select(AiSystem.risk_degree, AiSystem.autonomy_degree, AiSystem.capabilities, func.count())
            .where(AiSystem.status != "withdrawn")
            .group_by(AiSystem.risk_degree, AiSystem.autonomy_degree, AiSystem.capabilities)
        )
    ).all()
    risk: Counter[str] = Counter({degree: 0 for degree in RISK_DEGREES})
    autonomy: Counter[str] = Counter({degree: 0 for degree in AUTONOMY_DEGREES})
    capability: Counter[str] = Counter({name: 0 for name in CAPABILITIES})
    both = {r: dict.fromkeys(AUTONOMY_DEGREES, 0) for r in RISK_DEGREES}
    for risk_degree, autonomy_degree, capabilities, count in rows:
        risk[risk_degree] += count
        autonomy[autonomy_degree] += count
        both[risk_degree][autonomy_degree] += count
        for name in capabilities:
            capability[name] += count
    return AiSystemCounts(
        counted_at=now,
        systems=sum(risk.values()),
        by_risk_degree=dict(risk),
        by_autonomy_degree=dict(autonomy),
        by_capability=dict(capability),
        by_risk_and_autonomy=both,
    )
