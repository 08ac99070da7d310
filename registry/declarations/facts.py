"""The facts the rubric and the pivot rules work on, and the versioned rubric thresholds.

These are plain values, free of any database or wire format: the declaration service builds them from
stored rows or from a draft, so the rules can be tested on their own.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from registry.errors import FieldError, InvalidInput
from registry.i18n import Text

__all__ = [
    "AGE_THRESHOLDS",
    "REQUIRED_THRESHOLDS",
    "RUBRIC_V1",
    "SHARE_THRESHOLDS",
    "AiClass",
    "Capability",
    "CompanyFacts",
    "DeclarationFacts",
    "MissingThreshold",
    "ProductFacts",
    "Provenance",
    "RubricVersion",
    "Stage",
    "validate_thresholds",
]


class Capability(enum.StrEnum):
    """An AI capability from the ministry's list."""

    COMPUTER_VISION = "computer_vision"
    NATURAL_LANGUAGE_PROCESSING = "natural_language_processing"
    SPEECH = "speech"
    DECISION_SUPPORT = "decision_support"
    SYNTHETIC_CONTENT_GENERATION = "synthetic_content_generation"
    MACHINE_LEARNING = "machine_learning"


class Provenance(enum.StrEnum):
    """Where the model behind a product comes from."""

    OWN_TRAINED = "own_trained"
    FINE_TUNED = "fine_tuned"
    THIRD_PARTY_API = "third_party_api"


class Stage(enum.StrEnum):
    """How far a product has come."""

    RESEARCH = "research"
    PILOT = "pilot"
    PRODUCTION = "production"


class AiClass(enum.StrEnum):
    """The class the rubric gives a declaration."""

    AI_NATIVE = "ai_native"
    AI_ENABLED = "ai_enabled"
    NON_AI = "non_ai"


@dataclass(frozen=True, slots=True)
class ProductFacts:
    """One AI product of a declaration."""

    name: str
    """The product's name as the founder wrote it."""
    capabilities: frozenset[Capability]
    """Capabilities from the ministry's list; empty when the product uses none of them."""
    is_core: bool
    """Whether the product stops working when the AI is removed."""
    provenance: Provenance
    """Where the product's model comes from."""
    stage: Stage
    """Research, pilot or production."""


@dataclass(frozen=True, slots=True)
class DeclarationFacts:
    """The figures and products of one AI declaration (a fiscal year, or one quarter of it).

    The filing service validates the figures (non-negative, parts not above totals); the rubric only
    guards against zero denominators.
    """

    fiscal_year: int
    """The fiscal (calendar) year the declaration covers."""
    quarter: int | None
    """1–4 for a quarterly declaration, ``None`` for a yearly one."""
    revenue_total: int
    """Total revenue, whole KZT."""
    revenue_ai: int
    """Revenue from AI products, whole KZT."""
    fte_total: Decimal
    """Total staff, full-time equivalents."""
    fte_ai: Decimal
    """Staff in ML, data and AI-engineering roles, full-time equivalents."""
    opex_total: int
    """Total operating costs, whole KZT."""
    opex_ai: int
    """Operating costs spent on AI R&D and compute (staff costs included), whole KZT."""
    owns_data_library: bool
    """Whether the company owns a data library."""
    products: tuple[ProductFacts, ...]
    """The declared AI products."""


@dataclass(frozen=True, slots=True)
class CompanyFacts:
    """What the rubric needs to know about the company itself."""

    registration_date: date
    """The date of state registration."""


class MissingThreshold(LookupError):
    """A rubric version lacks a threshold the rules need (a bug in stored data, not a user error)."""


SHARE_THRESHOLDS: tuple[str, ...] = (
    "ai_revenue_share_min",
    "ai_talent_share_min",
    "ai_spend_share_min",
    "ai_enabled_revenue_share_min",
    "ai_enabled_talent_share_min",
)
"""Thresholds that are fractions of a whole, between 0 and 1."""

AGE_THRESHOLDS: tuple[str, ...] = ("pre_revenue_max_age_years",)
"""Thresholds that are a whole number of years."""

REQUIRED_THRESHOLDS: tuple[str, ...] = SHARE_THRESHOLDS + AGE_THRESHOLDS
"""Every threshold a rubric version must define."""


@dataclass(frozen=True, slots=True)
class RubricVersion:
    """One published version of the rubric: its number, effective date and thresholds.

    Versions are data, never edited in place; every evaluation records the version it used.
    """

    version: int
    """The version number, 1, 2, …"""
    effective_from: date
    """The first day the version applies."""
    thresholds: Mapping[str, Decimal]
    """Threshold values by name (see :data:`REQUIRED_THRESHOLDS`)."""

    def __post_init__(self) -> None:
        # A read-only copy, so that a version cannot change under an evaluation that cites it.
        object.__setattr__(self, "thresholds", MappingProxyType(dict(self.thresholds)))

    def threshold(self, name: str) -> Decimal:
        """The value of one threshold.

        Args:
            name: The threshold's name, e.g. ``ai_revenue_share_min``.

        Returns:
            The threshold's value.

        Raises:
            MissingThreshold: The version does not define ``name``.
        """
        try:
            return self.thresholds[name]
        except KeyError:
            raise MissingThreshold(f"rubric version {self.version} has no threshold {name!r}") from None


RUBRIC_V1 = RubricVersion(
    version=1,
    effective_from=date(2025, 1, 1),
    thresholds={
        "ai_revenue_share_min": Decimal("0.50"),
        "ai_talent_share_min": Decimal("0.30"),
        "ai_spend_share_min": Decimal("0.20"),
        "pre_revenue_max_age_years": Decimal("3"),
        "ai_enabled_revenue_share_min": Decimal("0.10"),
        "ai_enabled_talent_share_min": Decimal("0.10"),
    },
)
"""Version 1 of the rubric, as in the design (section 2, "The AI-native rubric")."""

_MISSING = Text(
    kk="Бұл шек міндетті.",
    ru="Этот порог обязателен.",
    en="This threshold is required.",
)
_UNKNOWN = Text(
    kk="Рубрикада мұндай шек жоқ.",
    ru="В рубрике нет такого порога.",
    en="The rubric has no such threshold.",
)
_NOT_A_NUMBER = Text(
    kk="Шек ақырлы ондық сан болуы керек.",
    ru="Порог должен быть конечным десятичным числом.",
    en="The threshold must be a finite decimal number.",
)
_SHARE_RANGE = Text(
    kk="Үлес 0 мен 1 аралығында болуы керек, {value} берілді.",
    ru="Доля должна быть от 0 до 1, указано {value}.",
    en="A share must be between 0 and 1, got {value}.",
)
_AGE_RANGE = Text(
    kk="Жас оң бүтін сан (жыл) болуы керек, {value} берілді.",
    ru="Возраст должен быть целым положительным числом лет, указано {value}.",
    en="An age must be a positive whole number of years, got {value}.",
)
_INVALID_RUBRIC = Text(
    kk="Рубрика шектері жарамсыз.",
    ru="Пороги рубрики некорректны.",
    en="The rubric thresholds are invalid.",
)


def _threshold_error(name: str, value: object) -> FieldError | None:
    """The problem with one threshold's value, or ``None`` when it is fine."""
    path = f"thresholds.{name}"
    if not isinstance(value, Decimal) or not value.is_finite():
        return FieldError(field=path, code="rubric.threshold.not_a_number", message=_NOT_A_NUMBER)
    if name in SHARE_THRESHOLDS and not Decimal(0) <= value <= Decimal(1):
        return FieldError(field=path, code="rubric.threshold.share_range", message=_SHARE_RANGE.format(value=value))
    if name in AGE_THRESHOLDS and (value <= 0 or value != value.to_integral_value()):
        return FieldError(field=path, code="rubric.threshold.age_range", message=_AGE_RANGE.format(value=value))
    return None


def validate_thresholds(thresholds: Mapping[str, object]) -> None:
    """Check the thresholds of a rubric version an admin is about to publish.

    Every required name must be present and no other; shares must lie in [0, 1]; ages must be positive
    whole numbers of years.

    Args:
        thresholds: Threshold values by name.

    Raises:
        InvalidInput: One or more thresholds are missing, unknown or out of range; ``errors`` names each.
    """
    errors: list[FieldError] = [
        FieldError(field=f"thresholds.{name}", code="rubric.threshold.missing", message=_MISSING)
        for name in REQUIRED_THRESHOLDS
        if name not in thresholds
    ]
    # An unknown name is almost always a typo of a required one; publishing it would silently do nothing.
    errors.extend(
        FieldError(field=f"thresholds.{name}", code="rubric.threshold.unknown", message=_UNKNOWN)
        for name in sorted(thresholds)
        if name not in REQUIRED_THRESHOLDS
    )
    for name in REQUIRED_THRESHOLDS:
        if name in thresholds and (error := _threshold_error(name, thresholds[name])) is not None:
            errors.append(error)
    if errors:
        raise InvalidInput("rubric.invalid_thresholds", _INVALID_RUBRIC, errors=errors)
