"""Declaration use cases: preview, file (superseding an earlier filing), list, and the company's AI status."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeAlias

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from registry.accounts.actor import Actor
from registry.ai_systems.links import unknown_product_systems
from registry.companies.errors import company_not_found
from registry.companies.models import Company
from registry.companies.repository import is_member
from registry.declarations.errors import declaration_field_error, invalid_declaration
from registry.declarations.facts import (
    CompanyFacts,
    DeclarationFacts,
)
from registry.declarations.models import Declaration, DeclarationProduct
from registry.declarations.periods import period_end, period_key, period_start
from registry.declarations.pivot_rules import ClassifiedPeriod
from registry.declarations.pivots import synchronise_pivots
from registry.declarations.repository import current_declarations, current_for_period
from registry.declarations.rubric import Evaluation, ai_revenue_share, ai_talent_share, classify_declaration
from registry.declarations.rubric_versions import rubric_in_force
from registry.declarations.schemas import AiStatus, DeclarationIn, DeclarationView, EvaluationView
from registry.declarations.stored import product_facts, stored_facts
from registry.errors import FieldError
from registry.events.service import record_event

__all__ = [
    "HistoryPeriods",
    "company_ai_status",
    "evaluate_stored_declaration",
    "evaluation_view",
    "file_declaration",
    "list_declarations",
    "preview_declaration",
    "readable_company",
]

HistoryPeriods: TypeAlias = Callable[[AsyncSession, uuid.UUID], Awaitable[Sequence[ClassifiedPeriod]]]
"""Reads a company's non-declaration periods (e.g. standard licences held) for pivot detection."""


def fte(value: float) -> Decimal:
    """An FTE figure as an exact decimal with two places, as stored."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def declaration_facts(request: DeclarationIn) -> DeclarationFacts:
    """The rubric's input from a request."""
    return DeclarationFacts(
        fiscal_year=request.fiscal_year,
        quarter=request.quarter,
        revenue_total=request.revenue_total,
        revenue_ai=request.revenue_ai,
        fte_total=fte(request.fte_total),
        fte_ai=fte(request.fte_ai),
        opex_total=request.opex_total,
        opex_ai=request.opex_ai,
        owns_data_library=request.owns_data_library,
        products=tuple(product_facts(product) for product in request.products),
    )


def consistency_errors(request: DeclarationIn, *, registration_date: date, today: date) -> list[FieldError]:
    """Field-level problems with the declaration's figures and period."""
    errors: list[FieldError] = []
    pairs = (
        ("revenue_ai", request.revenue_ai, request.revenue_total, "declaration.revenue_ai_exceeds_total"),
        ("fte_ai", request.fte_ai, request.fte_total, "declaration.fte_ai_exceeds_total"),
        ("opex_ai", request.opex_ai, request.opex_total, "declaration.opex_ai_exceeds_total"),
    )
    errors += [
        declaration_field_error(field, code, ai=ai, total=total) for field, ai, total, code in pairs if ai > total
    ]
    errors += [
        declaration_field_error(f"products.{index}.capabilities", "declaration.product_needs_capability")
        for index, product in enumerate(request.products)
        if not product.capabilities
    ]
    key = period_key(request.fiscal_year, request.quarter)
    if period_start(request.fiscal_year, request.quarter) > today:
        errors.append(declaration_field_error("fiscal_year", "declaration.period_in_future", period=key))
    elif period_end(request.fiscal_year, request.quarter) >= today:
        # A year's (or a quarter's) figures exist once it is over; filed earlier they would be a forecast that
        # changes the public AI class on the strength of months still to come.
        first_day = (period_end(request.fiscal_year, request.quarter) + timedelta(days=1)).isoformat()
        errors.append(
            declaration_field_error("fiscal_year", "declaration.period_not_ended", period=key, first_day=first_day)
        )
    if period_end(request.fiscal_year, request.quarter) < registration_date:
        errors.append(
            declaration_field_error(
                "fiscal_year",
                "declaration.period_before_registration",
                period=key,
                registered=registration_date.isoformat(),
            )
        )
    return errors


def evaluation_view(document: dict[str, Any]) -> EvaluationView:
    """The wire view of a stored evaluation."""
    criteria = document["criteria"]
    return EvaluationView(
        rubric_version=document["rubric_version"],
        ai_class=document["ai_class"],
        flags=list(document.get("flags", [])),
        criteria=criteria,
        failed=[c["id"] for c in criteria if not c["passed"]],
    )


async def readable_company(session: AsyncSession, actor: Actor, company_id: uuid.UUID) -> Company:
    """The company, for its members and hub staff (reviewers, admins); 404 for everybody else."""
    company = await session.get(Company, company_id)
    if company is None or not (
        actor.is_staff or await is_member(session, company_id=company_id, account_id=actor.account_id)
    ):
        raise company_not_found()
    return company


async def _member_company(session: AsyncSession, actor: Actor, company_id: uuid.UUID, *, lock: bool) -> Company:
    """The company, for its members (and admins) who may file for it."""
    query = select(Company).where(Company.id == company_id)
    company = await session.scalar(query.with_for_update() if lock else query)
    if company is None or not (
        actor.is_admin or await is_member(session, company_id=company_id, account_id=actor.account_id)
    ):
        raise company_not_found()
    return company


async def _evaluate(
    session: AsyncSession, company: Company, request: DeclarationIn, today: date
) -> tuple[DeclarationFacts, Evaluation]:
    errors = consistency_errors(request, registration_date=company.registration_date, today=today)
    errors += await unknown_product_systems(session, company_id=company.id, products=request.products)
    if errors:
        raise invalid_declaration(errors)
    facts = declaration_facts(request)
    rubric = await rubric_in_force(session, today)
    return facts, classify_declaration(facts, CompanyFacts(registration_date=company.registration_date), rubric)


async def preview_declaration(
    session: AsyncSession, *, actor: Actor, company_id: uuid.UUID, request: DeclarationIn, today: date
) -> EvaluationView:
    """Evaluate a draft without storing anything."""
    company = await _member_company(session, actor, company_id, lock=False)
    _, evaluation = await _evaluate(session, company, request, today)
    return evaluation_view(evaluation.to_dict())


async def file_declaration(
    session: AsyncSession,
    *,
    actor: Actor,
    company_id: uuid.UUID,
    request: DeclarationIn,
    today: date,
    extra_periods: HistoryPeriods | None = None,
) -> DeclarationView:
    """File a declaration; an earlier one for the same period is superseded (both are kept).

    ``extra_periods`` reads the other non-native periods of the company's history (standard licences held) that
    pivot detection must take into account. It is called once the new declaration is saved, since which licences
    count can depend on it (a licence taken after the first AI-native period is no pivot away).
    """
    company = await _member_company(session, actor, company_id, lock=True)  # one filing per company at a time
    facts, evaluation = await _evaluate(session, company, request, today)
    earlier = await current_for_period(session, company_id, request.fiscal_year, request.quarter)
    declaration = Declaration(
        id=uuid.uuid4(),
        company_id=company_id,
        fiscal_year=request.fiscal_year,
        quarter=request.quarter,
        revenue_total=request.revenue_total,
        revenue_ai=request.revenue_ai,
        fte_total=facts.fte_total,
        fte_ai=facts.fte_ai,
        opex_total=request.opex_total,
        opex_ai=request.opex_ai,
        owns_data_library=request.owns_data_library,
        supersedes_id=earlier.id if earlier else None,
        filed_by=actor.account_id,
        rubric_version=evaluation.rubric_version,
        ai_class=evaluation.ai_class.value,
        ai_revenue_share=ai_revenue_share(facts),
        ai_talent_share=ai_talent_share(facts),
        evaluation=evaluation.to_dict(),
    )
    session.add(declaration)
    await session.flush()
    session.add_all(
        DeclarationProduct(
            declaration_id=declaration.id,
            position=index,
            name=p.name,
            description=p.description,
            capabilities=list(p.capabilities),
            is_core=p.is_core,
            provenance=p.provenance,
            stage=p.stage,
            ai_system_id=p.ai_system_id,
        )
        for index, p in enumerate(request.products)
    )
    await session.flush()
    current = await current_declarations(session, company_id)
    previous_class = company.ai_class
    company.ai_class = current[-1].ai_class if current else None
    await session.flush()
    key = period_key(request.fiscal_year, request.quarter)
    if earlier is not None:
        await record_event(
            session,
            actor_id=actor.account_id,
            kind="declaration.superseded",
            resource_type="declaration",
            resource_id=earlier.id,
            data={"company_id": str(company_id), "period": key, "superseded_by": str(declaration.id)},
            public=False,
        )
    await record_event(
        session,
        actor_id=actor.account_id,
        kind="declaration.filed",
        resource_type="declaration",
        resource_id=declaration.id,
        data={
            "company_id": str(company_id),
            "period": key,
            "ai_class": declaration.ai_class,
            "rubric_version": declaration.rubric_version,
        },
        confidential={
            "revenue_total": request.revenue_total,
            "revenue_ai": request.revenue_ai,
            "fte_total": str(facts.fte_total),
            "fte_ai": str(facts.fte_ai),
        },
        public=False,
    )
    if company.ai_class != previous_class:
        await record_classification(
            session,
            actor_id=actor.account_id,
            company_id=company_id,
            ai_class=company.ai_class,
            previous=previous_class,
        )
    history = await extra_periods(session, company_id) if extra_periods is not None else ()
    await synchronise_pivots(
        session, company=company, periods=current, actor_id=actor.account_id, extra_periods=history
    )
    return (await _views(session, [declaration], superseded_ids=set()))[0]


async def record_classification(
    session: AsyncSession,
    *,
    actor_id: uuid.UUID | None,
    company_id: uuid.UUID,
    ai_class: str | None,
    previous: str | None,
) -> None:
    """The public ``company.classified`` event: the class the register shows changed (no figures, no shares).

    The feed carries it so that a consumer of the bulk file who follows the feed keeps ``ai_class`` current too.
    """
    await record_event(
        session,
        actor_id=actor_id,
        kind="company.classified",
        resource_type="company",
        resource_id=company_id,
        data={"ai_class": ai_class, "previous": previous},
        public=True,
    )


async def _views(
    session: AsyncSession, declarations: list[Declaration], *, superseded_ids: set[uuid.UUID]
) -> list[DeclarationView]:
    ids = [d.id for d in declarations]
    products: dict[uuid.UUID, list[dict[str, Any]]] = {i: [] for i in ids}
    for product in await session.scalars(
        select(DeclarationProduct)
        .where(DeclarationProduct.declaration_id.in_(ids))
        .order_by(DeclarationProduct.declaration_id, DeclarationProduct.position)
    ):
        products[product.declaration_id].append(
            {
                "name": product.name,
                "description": product.description,
                "capabilities": product.capabilities,
                "is_core": product.is_core,
                "provenance": product.provenance,
                "stage": product.stage,
                "ai_system_id": str(product.ai_system_id) if product.ai_system_id else None,
            }
        )
    return [
        DeclarationView(
            id=d.id,
            company_id=d.company_id,
            period=period_key(d.fiscal_year, d.quarter),
            fiscal_year=d.fiscal_year,
            quarter=d.quarter,
            revenue_total=d.revenue_total,
            revenue_ai=d.revenue_ai,
            fte_total=d.fte_total,
            fte_ai=d.fte_ai,
            opex_total=d.opex_total,
            opex_ai=d.opex_ai,
            owns_data_library=d.owns_data_library,
            products=products[d.id],
            filed_at=d.filed_at,
            supersedes_id=d.supersedes_id,
            superseded=d.id in superseded_ids,
            evaluation=evaluation_view(d.evaluation),
        )
        for d in declarations
    ]


async def list_declarations(session: AsyncSession, *, actor: Actor, company_id: uuid.UUID) -> list[DeclarationView]:
    """Every filing of the company, newest period first, superseded ones marked (members and reviewers only)."""
    await readable_company(session, actor, company_id)
    rows = list(
        await session.scalars(
            select(Declaration)
            .where(Declaration.company_id == company_id)
            .order_by(
                Declaration.fiscal_year.desc(), Declaration.quarter.desc().nulls_first(), Declaration.filed_at.desc()
            )
        )
    )
    superseded = {d.supersedes_id for d in rows if d.supersedes_id is not None}
    return await _views(session, rows, superseded_ids=superseded)


async def evaluate_stored_declaration(session: AsyncSession, declaration_id: uuid.UUID, *, on: date) -> Evaluation:
    """Evaluate a filed declaration again under the rubric in force on ``on`` (e.g. when an application is filed)."""
    declaration = await session.get(Declaration, declaration_id)
    if declaration is None:
        raise LookupError(declaration_id)
    company = await session.get(Company, declaration.company_id)
    assert company is not None
    facts = (await stored_facts(session, [declaration]))[declaration.id]
    rubric = await rubric_in_force(session, on)
    return classify_declaration(facts, CompanyFacts(registration_date=company.registration_date), rubric)


async def company_ai_status(session: AsyncSession, *, actor: Actor, company_id: uuid.UUID) -> AiStatus:
    """The current class and the evaluation of the declaration it comes from."""
    await readable_company(session, actor, company_id)
    current = await current_declarations(session, company_id)
    if not current:
        return AiStatus(company_id=company_id, ai_class=None, period=None, declaration_id=None, evaluation=None)
    latest = current[-1]
    return AiStatus(
        company_id=company_id,
        ai_class=latest.ai_class,  # type: ignore[arg-type]
        period=period_key(latest.fiscal_year, latest.quarter),
        declaration_id=latest.id,
        evaluation=evaluation_view(latest.evaluation),
    )
