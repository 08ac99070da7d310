"""Queries over AI systems: views, the searchable register, the monitoring list and the counts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from registry.ai_systems.models import AiSystem
from registry.ai_systems.schemas import AiSystemFull, AiSystemPublic, DocumentReference, TrustedListEntry
from registry.companies.models import Company
from registry.companies.repository import bad_cursor, decode_cursor, encode_cursor
from registry.companies.search import SEARCH_THRESHOLD
from registry.search_key import search_key

__all__ = ["AiSystemFilters", "ai_system_view", "high_risk_without_assurance", "search_ai_systems"]


@dataclass(frozen=True, slots=True)
class AiSystemFilters:
    """Filters of the public AI-systems register."""

    q: str | None = None
    risk_degree: str | None = None
    autonomy_degree: str | None = None
    capability: str | None = None
    status: str | None = None
    company_id: uuid.UUID | None = None


def ai_system_view(system: AiSystem, company_name: str, *, full: bool) -> AiSystemPublic:
    """The public or the full view of ``system``."""
    public: dict[str, Any] = {
        "id": system.id,
        "company_id": system.company_id,
        "company_name": company_name,
        "name": system.name,
        "purpose": system.purpose,
        "capabilities": list(system.capabilities),
        "risk_degree": system.risk_degree,
        "autonomy_degree": system.autonomy_degree,
        "status": system.status,
    }
    if not full:
        return AiSystemPublic(**public)
    return AiSystemFull(
        **public,
        system_version=system.system_version,
        data_and_logic=system.data_and_logic,
        degrees_declared_on=system.degrees_declared_on,
        degrees_declared_by=system.degrees_declared_by,
        trusted_list=TrustedListEntry(
            body=system.trusted_list_body,
            decision_date=system.trusted_list_decision_date,
            reference=system.trusted_list_reference or "",
        )
        if system.trusted_list_body is not None and system.trusted_list_decision_date is not None
        else None,
        audit_report=_document(system.audit_report_reference, system.audit_report_sha256),
        copyright_certificate=_document(system.copyright_certificate_reference, system.copyright_certificate_sha256),
        synthetic_output_labelled=system.synthetic_output_labelled,
        version=system.version,
        created_at=system.created_at,
        updated_at=system.updated_at,
    )


def _document(reference: str | None, sha256: str | None) -> DocumentReference | None:
    return DocumentReference(reference=reference, sha256=sha256) if reference and sha256 else None


def _filtered(filters: AiSystemFilters) -> Select[AiSystem, str]:
    query = select(AiSystem, Company.name_kk).join(Company, Company.id == AiSystem.company_id)
    if filters.risk_degree:
        query = query.where(AiSystem.risk_degree == filters.risk_degree)
    if filters.autonomy_degree:
        query = query.where(AiSystem.autonomy_degree == filters.autonomy_degree)
    if filters.capability:
        query = query.where(AiSystem.capabilities.contains([filters.capability]))
    if filters.status:
        query = query.where(AiSystem.status == filters.status)
    if filters.company_id:
        query = query.where(AiSystem.company_id == filters.company_id)
    return query


async def search_ai_systems(
    session: AsyncSession, filters: AiSystemFilters, *, cursor: str | None, limit: int
) -> tuple[list[tuple[AiSystem, str]], str | None]:
    """One page of systems: best name match first with ``q``, else the most recently recorded first."""
    query = _filtered(filters)
    key = search_key(filters.q) if filters.q else ""
    if key:
        # As the register's search: ``%>`` is word_similarity >= the threshold set here, and can use the GIN index.
        await session.execute(select(func.set_config("pg_trgm.word_similarity_threshold", str(SEARCH_THRESHOLD), True)))
        score = func.word_similarity(key, AiSystem.search_key)
        query = query.where(AiSystem.search_key.op("%>")(key))
        offset = _decode_offset(cursor)
        rows = (await session.execute(query.order_by(score.desc(), AiSystem.id).offset(offset).limit(limit + 1))).all()
        page = [(row[0], row[1]) for row in rows[:limit]]
        return page, encode_cursor([offset + limit]) if len(rows) > limit else None
    after = _decode_position(cursor)
    if after is not None:
        query = query.where(tuple_(AiSystem.created_at, AiSystem.id) < tuple_(*after))
    rows = (
        await session.execute(query.order_by(AiSystem.created_at.desc(), AiSystem.id.desc()).limit(limit + 1))
    ).all()
    page = [(row[0], row[1]) for row in rows[:limit]]
    if len(rows) <= limit:
        return page, None
    last = page[-1][0]
    return page, encode_cursor([last.created_at.isoformat(), str(last.id)])


async def high_risk_without_assurance(session: AsyncSession) -> Sequence[tuple[AiSystem, str]]:
    """High-risk systems not withdrawn that lack a trusted-list entry or an audit report."""
    query = (
        _filtered(AiSystemFilters(risk_degree="high"))
        .where(AiSystem.status != "withdrawn")
        .where(or_(AiSystem.trusted_list_body.is_(None), AiSystem.audit_report_reference.is_(None)))
        .order_by(AiSystem.created_at, AiSystem.id)
    )
    return [(row[0], row[1]) for row in (await session.execute(query)).all()]


def _decode_offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    (offset,) = decode_cursor(cursor, 1)
    if not isinstance(offset, int) or not 0 <= offset <= 100_000:
        raise bad_cursor()
    return offset


def _decode_position(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    if not cursor:
        return None
    created_at, system_id = decode_cursor(cursor, 2)
    try:
        return datetime.fromisoformat(str(created_at)), uuid.UUID(str(system_id))
    except ValueError:
        raise bad_cursor() from None
