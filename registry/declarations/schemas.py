"""Wire contracts of declarations, evaluations, AI status, pivots and rubric versions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec

__all__ = [
    "AiProductIn",
    "AiStatus",
    "CapabilityName",
    "DeclarationIn",
    "DeclarationView",
    "EvaluationView",
    "PivotView",
    "RubricVersionIn",
    "RubricVersionView",
]

CapabilityName = Literal[
    "computer_vision",
    "natural_language_processing",
    "speech",
    "decision_support",
    "synthetic_content_generation",
    "machine_learning",
]
Money = Annotated[int, msgspec.Meta(ge=0, le=10**15, description="Whole tenge (KZT)")]
Fte = Annotated[float, msgspec.Meta(ge=0, le=1_000_000, description="Full-time equivalents (two decimals kept)")]


class AiProductIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """An AI product of the company."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    description: Annotated[str, msgspec.Meta(max_length=2000)] = ""
    capabilities: Annotated[list[CapabilityName], msgspec.Meta(max_length=6)]
    is_core: bool
    provenance: Literal["own_trained", "fine_tuned", "third_party_api"]
    stage: Literal["research", "pilot", "production"]
    ai_system_id: uuid.UUID | None = None
    """The company's AI system (in the register of AI systems) this product is, when it is one."""


class DeclarationIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A yearly (or quarterly) AI declaration as the founder files or previews it."""

    fiscal_year: Annotated[int, msgspec.Meta(ge=1990, le=2100)]
    quarter: Annotated[int, msgspec.Meta(ge=1, le=4)] | None = None
    revenue_total: Money
    revenue_ai: Money
    fte_total: Fte
    fte_ai: Fte
    opex_total: Money
    opex_ai: Money
    owns_data_library: bool = False
    products: Annotated[list[AiProductIn], msgspec.Meta(max_length=50)] = msgspec.field(default_factory=list)


class CriterionView(msgspec.Struct, frozen=True):
    """One criterion of an evaluation."""

    id: str
    title: dict[str, str]
    value: float | int | bool | None
    threshold: float | int | bool | None
    passed: bool
    required: bool
    explanation: dict[str, str]


class EvaluationView(msgspec.Struct, frozen=True):
    """What the rubric concluded and why."""

    rubric_version: int
    ai_class: Literal["ai_native", "ai_enabled", "non_ai"]
    flags: list[str]
    criteria: list[CriterionView]
    failed: list[str]


class DeclarationView(msgspec.Struct, frozen=True, kw_only=True):
    """A filed declaration with its figures and evaluation (members and reviewers only)."""

    id: uuid.UUID
    company_id: uuid.UUID
    period: str
    fiscal_year: int
    quarter: int | None
    revenue_total: int
    revenue_ai: int
    fte_total: Decimal
    fte_ai: Decimal
    opex_total: int
    opex_ai: int
    owns_data_library: bool
    products: list[dict[str, Any]]
    filed_at: datetime
    supersedes_id: uuid.UUID | None
    superseded: bool
    evaluation: EvaluationView


class AiStatus(msgspec.Struct, frozen=True, kw_only=True):
    """The company's current AI class and the evaluation behind it."""

    company_id: uuid.UUID
    ai_class: Literal["ai_native", "ai_enabled", "non_ai"] | None
    period: str | None
    declaration_id: uuid.UUID | None
    evaluation: EvaluationView | None


class PivotView(msgspec.Struct, frozen=True, kw_only=True):
    """A point on the company's AI timeline."""

    kind: Literal["born_ai_native", "pivot_to_ai", "pivot_away"]
    from_class: str | None
    to_class: str
    from_period: str | None
    to_period: str
    delta_ai_revenue_share: Decimal | None
    delta_ai_talent_share: Decimal | None
    months_since_registration: int
    rubric_version: int | None
    series: str
    detected_at: datetime
    retracted_at: datetime | None


class RubricVersionIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A new rubric version: all thresholds, taking effect from a date that has not passed."""

    effective_from: date
    thresholds: dict[Annotated[str, msgspec.Meta(max_length=64)], Decimal]
    notes: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class RubricVersionView(msgspec.Struct, frozen=True, kw_only=True):
    """A published rubric version."""

    version: int
    effective_from: date
    thresholds: dict[str, Decimal]
    notes: str
    current: bool
    published_at: datetime
