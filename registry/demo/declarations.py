"""Believable yearly AI declarations for demo companies: AI-native births, pivots, a few pivots away, growth."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from registry.declarations.facts import (
    RUBRIC_V1,
    AiClass,
    Capability,
    CompanyFacts,
    DeclarationFacts,
    ProductFacts,
    Provenance,
    Stage,
)
from registry.declarations.periods import period_end, period_key
from registry.declarations.pivot_rules import ClassifiedPeriod, PivotEvent, detect_pivots
from registry.declarations.rubric import Evaluation, ai_revenue_share, ai_talent_share, classify_declaration
from registry.demo.ecosystem import DemoCompany

__all__ = ["DemoDeclaration", "DemoHistory", "generate_history"]

FIRST_DECLARED_YEAR = 2021
PRODUCT_NAMES = (
    "Vision QA",
    "Qazaq NLP",
    "Dala Forecast",
    "Speech2Text KZ",
    "Smart Routing",
    "Credit Scoring",
    "Crop Monitor",
    "Med Triage",
    "GenDocs",
    "Fraud Radar",
)
CAPABILITY_BY_PRODUCT = {
    "Vision QA": Capability.COMPUTER_VISION,
    "Qazaq NLP": Capability.NATURAL_LANGUAGE_PROCESSING,
    "Dala Forecast": Capability.MACHINE_LEARNING,
    "Speech2Text KZ": Capability.SPEECH,
    "Smart Routing": Capability.DECISION_SUPPORT,
    "Credit Scoring": Capability.MACHINE_LEARNING,
    "Crop Monitor": Capability.COMPUTER_VISION,
    "Med Triage": Capability.DECISION_SUPPORT,
    "GenDocs": Capability.SYNTHETIC_CONTENT_GENERATION,
    "Fraud Radar": Capability.MACHINE_LEARNING,
}


@dataclass(frozen=True, slots=True)
class DemoDeclaration:
    """One generated, classified declaration."""

    id: uuid.UUID
    facts: DeclarationFacts
    evaluation: Evaluation
    filed_at: datetime


@dataclass(frozen=True, slots=True)
class DemoHistory:
    """A company's declarations and the pivots they make."""

    declarations: list[DemoDeclaration]
    pivots: tuple[PivotEvent, ...]


def _trajectory(rng: random.Random, years: list[int]) -> list[AiClass]:
    """The intended class per year: born native, pivoting, pivoting away, or steady."""
    roll = rng.random()
    count = len(years)
    if roll < 0.14:  # born AI-native; a few drift away later
        path = [AiClass.AI_NATIVE] * count
        if count > 2 and rng.random() < 0.12:
            drop = rng.randrange(2, count)
            path[drop:] = [AiClass.AI_ENABLED] * (count - drop)
        return path
    start = AiClass.NON_AI if rng.random() < 0.55 else AiClass.AI_ENABLED
    path = [start] * count
    if count > 1 and roll < 0.42:  # pivots toward AI in some year, often through ai_enabled first
        pivot = rng.randrange(1, count)
        if start is AiClass.NON_AI and pivot > 1 and rng.random() < 0.5:
            path[pivot - 1] = AiClass.AI_ENABLED
        path[pivot:] = [AiClass.AI_NATIVE] * (count - pivot)
    return path


def _products(rng: random.Random, target: AiClass) -> tuple[ProductFacts, ...]:
    if target is AiClass.NON_AI and rng.random() < 0.7:
        return ()
    name = rng.choice(PRODUCT_NAMES)
    capability = CAPABILITY_BY_PRODUCT[name]
    if target is AiClass.AI_NATIVE:
        return (
            ProductFacts(
                name,
                frozenset({capability}),
                True,
                rng.choice((Provenance.OWN_TRAINED, Provenance.FINE_TUNED)),
                rng.choice((Stage.PRODUCTION, Stage.PRODUCTION, Stage.PILOT)),
            ),
        )
    if target is AiClass.AI_ENABLED:
        return (
            ProductFacts(
                name,
                frozenset({capability}),
                rng.random() < 0.3,
                Provenance.THIRD_PARTY_API,
                rng.choice((Stage.PILOT, Stage.PRODUCTION)),
            ),
        )
    return (ProductFacts(name, frozenset({capability}), False, Provenance.THIRD_PARTY_API, Stage.RESEARCH),)


def _shares(rng: random.Random, target: AiClass) -> tuple[float, float]:
    if target is AiClass.AI_NATIVE:
        return rng.uniform(0.55, 0.95), rng.uniform(0.3, 0.75)
    if target is AiClass.AI_ENABLED:
        return rng.uniform(0.12, 0.45), rng.uniform(0.1, 0.3)
    return rng.uniform(0.0, 0.05), rng.uniform(0.0, 0.08)


def _filed_at(rng: random.Random, year: int, today: date) -> datetime:
    filed = date(year + 1, 3, 1) + timedelta(days=rng.randrange(90))
    filed = min(filed, today)
    return datetime.combine(filed, time(9, 0), tzinfo=UTC) + timedelta(minutes=rng.randrange(600))


def generate_history(company: DemoCompany, rng: random.Random, *, today: date, file_share: float = 0.75) -> DemoHistory:
    """Declarations for the closed fiscal years since 2021 (or registration), classified with rubric version 1."""
    if rng.random() > file_share:
        return DemoHistory([], ())
    last_closed = today.year - 1
    years = list(range(max(FIRST_DECLARED_YEAR, company.registration_date.year), last_closed + 1))
    if not years:
        return DemoHistory([], ())
    path = _trajectory(rng, years)
    fte = max(1.0, company.headcount * rng.uniform(0.4, 0.8))
    revenue = 0 if rng.random() < 0.12 else int(rng.lognormvariate(17.5, 1.2))
    declarations, periods = [], []
    for year, target in zip(years, path, strict=True):
        revenue_share, talent_share = _shares(rng, target)
        fte_total = Decimal(str(round(fte, 1)))
        fte_ai = min(fte_total, Decimal(str(round(fte * talent_share, 1))))
        opex = max(1, int((revenue or 20_000_000) * rng.uniform(0.6, 1.1)))
        facts = DeclarationFacts(
            fiscal_year=year,
            quarter=None,
            revenue_total=revenue,
            revenue_ai=int(revenue * revenue_share),
            fte_total=fte_total,
            fte_ai=fte_ai,
            opex_total=opex,
            opex_ai=int(opex * rng.uniform(0.05, 0.5)),
            owns_data_library=target is AiClass.AI_NATIVE and rng.random() < 0.6,
            products=_products(rng, target),
        )
        evaluation = classify_declaration(facts, CompanyFacts(company.registration_date), RUBRIC_V1)
        declarations.append(
            DemoDeclaration(
                uuid.UUID(int=rng.getrandbits(128), version=4), facts, evaluation, _filed_at(rng, year, today)
            )
        )
        periods.append(
            ClassifiedPeriod(
                period_key(year, None),
                period_end(year, None),
                evaluation.ai_class,
                ai_revenue_share(facts),
                ai_talent_share(facts),
                RUBRIC_V1.version,
            )
        )
        growth = rng.uniform(1.05, 1.45) if target is AiClass.AI_NATIVE else rng.uniform(0.95, 1.25)
        fte *= growth
        revenue = int(revenue * growth * rng.uniform(0.95, 1.15)) if revenue else int(rng.lognormvariate(16.5, 1))
    return DemoHistory(declarations, detect_pivots(periods, registration_date=company.registration_date))
